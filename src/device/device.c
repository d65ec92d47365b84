#include "config.h"

#include <stdio.h>
#include <string.h>

#include "device/device.h"

static const struct bp_device_ops *ops_for(const char *name)
{
	if (strcmp(name, "sim") == 0 || strncmp(name, "sim:", 4) == 0)
		return &bp_device_sim_ops;
	return &bp_device_alsa_ops;
}

int bp_device_open(struct bp_device **out, const char *name, double rate_hz,
		   int outputs, int inputs)
{
	char buf[128];

	if (!name)
		name = bp_alsa_default_name(buf, sizeof(buf));
	return ops_for(name)->open(out, name, rate_hz, outputs, inputs);
}

int bp_device_run(struct bp_device *dev, const double *play, long play_frames,
		  double *capture, long capture_frames,
		  bp_progress_fn progress, void *ctx)
{
	return dev->ops->run(dev, play, play_frames, capture, capture_frames,
			     progress, ctx);
}

void bp_device_close(struct bp_device *dev)
{
	if (dev)
		dev->ops->close(dev);
}

int bp_device_list(FILE *out)
{
	int err = bp_alsa_list(out);

	fprintf(out, "sim          simulated interface: 2 outputs, 2 inputs, any rate 8000..384000 Hz\n"
		     "             (sim:MODEL,OPTION=VALUE,...; see balprobe(1))\n");
	return err;
}
