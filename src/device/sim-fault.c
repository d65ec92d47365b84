#include "config.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/errors.h"
#include "device/sim-fault.h"

#define MAX_FRAME 1e9
/* The largest code of a 24-bit converter, as a float sample. */
#define STUCK_LEVEL (1.0 - 0x1.0p-23)

void bp_sim_fault_init(struct bp_sim_fault *f)
{
	memset(f, 0, sizeof(*f));
	f->xrun_frame = -1;
	f->vanish_frame = -1;
}

/* A whole number from @lo to @hi at the start of @s; @rest is what
 * follows it.  Returns 0 or -EINVAL. */
static int whole(const char *s, double lo, double hi, long *out, const char **rest)
{
	char *end;
	double x = strtod(s, &end);

	if (end == s || !(x >= lo && x <= hi) || x != floor(x))
		return -EINVAL;
	*out = (long)x;
	*rest = end;
	return 0;
}

/* "@FRAME" or nothing after an item. */
static int at_frame(const char *s, long *frame)
{
	const char *rest;

	if (*s == '\0')
		return 0;
	if (*s != '@' || whole(s + 1, 0, MAX_FRAME, frame, &rest) != 0)
		return -EINVAL;
	return *rest == '\0' ? 0 : -EINVAL;
}

int bp_sim_fault_parse(struct bp_sim_fault *f, const char *item)
{
	const char *rest;
	char *end;
	long n;

	if (strcmp(item, "silence") == 0) {
		f->silence = true;
	} else if (strcmp(item, "vanish") == 0 || strncmp(item, "vanish@", 7) == 0) {
		f->vanish = true;
		return at_frame(item + 6, &f->vanish_frame);
	} else if (strncmp(item, "xrun=", 5) == 0) {
		if (whole(item + 5, 0, 1000, &n, &rest) != 0)
			return -EINVAL;
		f->xruns_left = (int)n;
		return at_frame(rest, &f->xrun_frame);
	} else if (strncmp(item, "short=", 6) == 0) {
		if (whole(item + 6, 1, MAX_FRAME, &f->short_frames, &rest) != 0)
			return -EINVAL;
		return *rest == '\0' ? 0 : -EINVAL;
	} else if (strncmp(item, "dc=", 3) == 0) {
		f->dc = strtod(item + 3, &end);
		return end != item + 3 && *end == '\0' && fabs(f->dc) < 1.0 ? 0 : -EINVAL;
	} else if (strcmp(item, "stuck=tip") == 0) {
		f->stuck |= BP_SIM_STUCK_TIP;
	} else if (strcmp(item, "stuck=ring") == 0) {
		f->stuck |= BP_SIM_STUCK_RING;
	} else if (strncmp(item, "stuck=", 6) == 0) {
		return -EINVAL;
	} else {
		return 1;
	}
	return 0;
}

int bp_sim_fault_take(struct bp_sim_fault *f, const char *name, long frames,
		      long *delivered)
{
	long xrun_at = f->xrun_frame < 0 ? frames : f->xrun_frame;
	long vanish_at = f->vanish_frame < 0 ? frames / 2 : f->vanish_frame;
	long short_at = frames - f->short_frames;

	/* A fault whose frame lies past the take's end never strikes; an
	 * overrun at the very end still spoils the take. */
	if (f->xruns_left == 0 || xrun_at > frames)
		xrun_at = LONG_MAX;
	if (!f->vanish || vanish_at >= frames)
		vanish_at = LONG_MAX;
	if (f->short_frames == 0)
		short_at = LONG_MAX;
	if (short_at < 0)
		short_at = 0;
	*delivered = frames;
	if (vanish_at <= xrun_at && vanish_at <= short_at && vanish_at != LONG_MAX) {
		*delivered = vanish_at;
		bp_error_set_detail("%s: the device went away at frame %ld of the take's %ld — check the cable and power",
				    name, vanish_at, frames);
		return -ENODEV;
	}
	if (short_at <= xrun_at && short_at != LONG_MAX) {
		*delivered = short_at;
		bp_error_set_detail("%s stopped delivering audio after %ld of %ld frames — check the device",
				    name, short_at, frames);
		return -EIO;
	}
	if (xrun_at != LONG_MAX) {
		*delivered = xrun_at;
		f->xruns_left--;
		bp_error_set_detail("%s: the take was interrupted at frame %ld (an overrun)",
				    name, xrun_at);
		return -EPIPE;
	}
	return 0;
}

void bp_sim_fault_apply(const struct bp_sim_fault *f, double *capture,
			long frames, int inputs, bool clip)
{
	size_t i, n = (size_t)frames * (size_t)inputs;

	for (i = 0; i < n; i++) {
		/* Input 1 is bit 0 of the stuck set, input 2 bit 1. */
		const size_t input = i % (size_t)inputs;
		double x = f->silence ? 0.0 : capture[i] + f->dc;

		if (clip)
			x = fmax(-1.0, fmin(1.0, x));
		capture[i] = input < 2 && (f->stuck >> input & 1u) ? STUCK_LEVEL : x;
	}
}
