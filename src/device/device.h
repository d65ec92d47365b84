/* balprobe: audio devices behind one small ops table (as alsa-utils'
 * axfer hides its backends): the real ALSA device (device/alsa.c) and the
 * simulated interface (device/sim.c).  Nothing outside device/alsa*.c
 * includes <alsa/asoundlib.h>.
 *
 * A take plays a whole buffer and records, from the same instant, a
 * buffer at least as long.  Samples are doubles, full scale = 1.0,
 * interleaved; channel numbers the user sees are 1-based, here 0-based.
 */
#ifndef BALPROBE_DEVICE_H
#define BALPROBE_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct bp_device;

struct bp_device_info {
	char name[128];         /* as opened, e.g. "hw:USB" or "sim:stereo" */
	char description[128];  /* e.g. card name, "simulated interface" */
	int outputs, inputs;    /* channels the take uses */
	double rate_hz;
};

/* Called now and then during a take from the thread that runs it:
 * @done of @total frames, and the recent peak of each captured channel
 * (@peaks has info.inputs entries).  May be NULL. */
typedef void (*bp_progress_fn)(void *ctx, long done, long total,
			       const double *peaks);

struct bp_device_ops {
	/* Open @name at @rate_hz with at least @outputs playback and @inputs
	 * capture channels.  Returns 0 or a negative code with a detail
	 * sentence set (bp_error_set_detail) naming the device and what to
	 * do: -EBUSY (held by another program), -ENODEV/-ENOENT (no such
	 * device), -EINVAL (rate or format refused), -ERANGE (too few
	 * channels). */
	int (*open)(struct bp_device **out, const char *name, double rate_hz,
		    int outputs, int inputs);
	/* Play @play (@play_frames x info.outputs) while capturing
	 * @capture_frames (>= @play_frames) x info.inputs into @capture.
	 * Returns 0; -EPIPE when an xrun spoiled the take (the caller may
	 * try again); -ENODEV when the device went away; another negative
	 * code with a detail sentence. */
	int (*run)(struct bp_device *dev, const double *play, long play_frames,
		   double *capture, long capture_frames,
		   bp_progress_fn progress, void *ctx);
	void (*close)(struct bp_device *dev);
	/* Print the devices of this kind, one a line, to @out (for
	 * balprobe devices).  Returns 0 or a negative code. */
	int (*list)(FILE *out);
	/* The device a live take opens when none is named, into @buf of
	 * @size, returning @buf; NULL: this kind offers none (the sim never
	 * stands in for a real interface). */
	const char *(*default_name)(char *buf, size_t size);
	/* Does @name name a device of this kind?  NULL: any name no other
	 * kind claims (ALSA: any PCM name). */
	bool (*claims)(const char *name);
};

/* Every device begins with this. */
struct bp_device {
	const struct bp_device_ops *ops;
	struct bp_device_info info;
};

extern const struct bp_device_ops bp_device_alsa_ops;
extern const struct bp_device_ops bp_device_sim_ops;

/* Open @name with the kind of device that claims it: "sim" or "sim:..."
 * is the simulated interface, anything else an ALSA PCM name; NULL means
 * the first default a kind offers (ALSA: the first USB audio card,
 * "hw:CARD=...", else "default"). */
int bp_device_open(struct bp_device **out, const char *name, double rate_hz,
		   int outputs, int inputs);

int bp_device_run(struct bp_device *dev, const double *play, long play_frames,
		  double *capture, long capture_frames,
		  bp_progress_fn progress, void *ctx);

void bp_device_close(struct bp_device *dev);

/* Print every kind's devices to @out: the sound cards with their PCMs,
 * channel counts and rates, then the sim.  Returns 0 or the first
 * negative code a kind gave. */
int bp_device_list(FILE *out);

/* --verbose: let the libraries behind the devices print their own
 * messages (alsa-lib's, on stderr) besides balprobe's one sentence.
 * Off until set. */
void bp_device_set_verbose(bool on);
bool bp_device_verbose(void);

#endif
