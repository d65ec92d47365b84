/* Fuzz harness: the simulated interface's model string.  The input,
 * after "sim:", goes through the public device API: open, one short take
 * (which renders the port model the options describe), close.  Only
 * bp_device_* is used, so the harness does not care where in device-sim
 * the options are read. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "device/device.h"
#include "util/errors.h"
#include "fuzz.h"

#define RATE_HZ 8000.0
#define PLAY_FRAMES 256
#define CAPTURE_FRAMES 512

/* A short tone on every output, and room for every input. */
static void take(struct bp_device *dev)
{
	const int outputs = dev->info.outputs, inputs = dev->info.inputs;
	double *play = calloc((size_t)PLAY_FRAMES * outputs, sizeof(double));
	double *capture = calloc((size_t)CAPTURE_FRAMES * inputs, sizeof(double));
	long i;
	int c, err;

	if (!play || !capture)
		abort();
	for (i = 0; i < PLAY_FRAMES; i++)
		for (c = 0; c < outputs; c++)
			play[(size_t)i * outputs + c] = 0.1 * ((i + c) % 16 - 8) / 8.0;
	err = bp_device_run(dev, play, PLAY_FRAMES, capture, CAPTURE_FRAMES, NULL, NULL);
	/* A take, an injected overrun, disappearance or stalled capture
	 * (short=N: -EIO, as ALSA's), or no memory. */
	if (err != 0 && err != -EPIPE && err != -ENODEV && err != -EIO && err != BP_E_NOMEM)
		abort();
	free(play);
	free(capture);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *name = malloc(size + 5);
	struct bp_device *dev;
	int err;

	if (!name)
		return 0;
	memcpy(name, "sim:", 4);
	memcpy(name + 4, data, size);
	name[size + 4] = '\0';
	bp_error_clear();
	err = bp_device_open(&dev, name, RATE_HZ, 2, 2);
	if (err == 0) {
		take(dev);
		bp_device_close(dev);
	} else if (err != BP_E_NOMEM && !bp_error_detail()) {
		abort();    /* a refusal must say why */
	}
	free(name);
	return 0;
}
