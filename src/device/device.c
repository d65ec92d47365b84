#include "config.h"

#include <stdio.h>
#include <string.h>

#include "device/device.h"

/* Every kind of device, in the order 'balprobe devices' lists them and
 * a missing name takes their defaults. */
static const struct bp_device_ops *const kinds[] = {
	&bp_device_alsa_ops,
	&bp_device_sim_ops,
};

#define KINDS (sizeof(kinds) / sizeof(kinds[0]))

static bool verbose;

void bp_device_set_verbose(bool on)
{
	verbose = on;
}

bool bp_device_verbose(void)
{
	return verbose;
}

/* The kind that claims @name, else the one that takes any name. */
static const struct bp_device_ops *ops_for(const char *name)
{
	const struct bp_device_ops *any = NULL;
	size_t i;

	for (i = 0; i < KINDS; i++) {
		if (!kinds[i]->claims)
			any = kinds[i];
		else if (kinds[i]->claims(name))
			return kinds[i];
	}
	return any;
}

int bp_device_open(struct bp_device **out, const char *name, double rate_hz,
		   int outputs, int inputs)
{
	char buf[128];
	size_t i;

	for (i = 0; !name && i < KINDS; i++)
		if (kinds[i]->default_name)
			name = kinds[i]->default_name(buf, sizeof(buf));
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
	int err = 0, e;
	size_t i;

	for (i = 0; i < KINDS; i++) {
		e = kinds[i]->list(out);
		if (!err)
			err = e;
	}
	return err;
}
