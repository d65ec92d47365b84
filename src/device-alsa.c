/* Placeholder until the ALSA backend lands: every open fails. */
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "device.h"
#include "errors.h"

static int alsa_open(struct bp_device **out, const char *name, double rate_hz,
		     int outputs, int inputs)
{
	(void)rate_hz;
	(void)outputs;
	(void)inputs;
	*out = NULL;
	bp_error_set_detail("%s: the ALSA backend is not built yet — use --device sim", name);
	return -ENOSYS;
}

static int alsa_run(struct bp_device *dev, const double *play, long play_frames,
		    double *capture, long capture_frames, bp_progress_fn progress,
		    void *ctx)
{
	(void)dev; (void)play; (void)play_frames; (void)capture;
	(void)capture_frames; (void)progress; (void)ctx;
	return -ENOSYS;
}

static void alsa_close(struct bp_device *dev)
{
	(void)dev;
}

const struct bp_device_ops bp_device_alsa_ops = {
	.open = alsa_open,
	.run = alsa_run,
	.close = alsa_close,
};

const char *bp_alsa_default_name(char *buf, size_t size)
{
	snprintf(buf, size, "default");
	return buf;
}

int bp_alsa_list(FILE *out)
{
	(void)out;
	return 0;
}
