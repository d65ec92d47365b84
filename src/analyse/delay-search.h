/* balprobe: where a known excitation arrives in a recording, to within a
 * few milliseconds, before the latency fit (analyse/latency.h) reads it
 * to a fraction of a sample.
 *
 * The excitation and both recorded legs are summed over blocks of q
 * samples (a boxcar low-pass and decimation in one) and deconvolved at
 * the low rate (analyse/deconv.h); the delay is the peak of the two
 * impulse responses' energy within the search span either way.  q is the
 * coarsest power of two, down from a ~750 Hz band, that keeps 40 % of the
 * excitation's energy: an exponential sweep keeps half below 400 Hz, a
 * linear one needs nearly its whole band.
 */
#ifndef BALPROBE_DELAY_SEARCH_H
#define BALPROBE_DELAY_SEARCH_H

#include "analyse/deconv.h"

/* The delay of the legs @tip and @ring (whole recordings: their x, stride
 * and len are read) against the excitation @ref (from the recording's
 * start: what played before it and itself) within +-@search_s, samples
 * at @rate_hz, into @delay.  Returns 0 or BP_E_NOMEM. */
int bp_delay_search(const struct bp_signal_window *ref, const struct bp_signal_window *tip,
		    const struct bp_signal_window *ring, double rate_hz, double search_s,
		    long *delay);

#endif
