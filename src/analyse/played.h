/* balprobe: a recording of a played stimulus -- the stimulus's plan and
 * samples beside the recorded legs -- and the stretches of either that an
 * analysis reads.
 */
#ifndef BALPROBE_PLAYED_H
#define BALPROBE_PLAYED_H

#include <stddef.h>

#include "analyse/deconv.h"
#include "signal/stimulus.h"

/* The recording may start up to this long before or after the stimulus,
 * s. */
#define BP_PLAYED_SEARCH_S 1.0

struct bp_played {
	const struct bp_plan *plan;
	const double *stim;    /* plan->channels interleaved */
	const double *tip, *ring;
	long len;              /* recorded samples of each leg */
	double rate_hz;
};

/* Samples @start .. @start + @len of stimulus channel @channel, in
 * place. */
struct bp_signal_window bp_played_stimulus(const struct bp_played *p, int channel,
					   long start, long len);

/* A window of @used samples of the recorded @leg from @start (may be
 * negative), in place. */
struct bp_signal_window bp_played_leg(const struct bp_played *p, const double *leg,
				      long start, size_t used);

/* How long a response to segment @s may ring on: the silence after it
 * before anything else plays (up to the search margin past the plan's
 * end), less the next window's lead (BP_IMPULSE_LEAD_S), at most 0.1 s;
 * samples. */
size_t bp_played_tail(const struct bp_played *p, const struct bp_segment *s);

/* Where segment @seg plays in the recording, @delay samples late: from
 * @skip samples after its start to @trim before its end, within the
 * recording.  Its first sample into @start; its length returned (0: none
 * of it was recorded). */
size_t bp_played_span(const struct bp_played *p, const struct bp_segment *seg, long delay,
		      long skip, long trim, long *start);

/* Subtract the DC offset of @x[0..n), read as its median: a stimulus, hum
 * and noise are symmetric about it, and silences pin it down, where a
 * mean also holds whatever mean a sweep's low end has.  Left in, an
 * offset is a step at the edges of every analysis window, whose
 * deconvolution smears over the impulse response's noise stretch.
 * Returns 0 or BP_E_NOMEM. */
int bp_played_remove_dc(double *x, size_t n);

#endif
