/* balprobe: round-trip latency with sub-sample precision.
 *
 * Latency is the delay that aligns the recording with the stimulus: the
 * whole-sample peak of the deconvolved impulse response, refined by a
 * weighted least-squares fit of the transfer function's phase against
 * frequency (phase = phi0 - omega * delay) over the band where the
 * response is within 3 dB of its median, weights |H|^2 |X|^2 (the inverse
 * phase-noise variance).  The fit's residuals give the estimate's own
 * standard uncertainty; its intercept phi0 gives the polarity (0: normal,
 * +-pi: inverted).  A 3-point parabola through the IR peak is biased by
 * several hundredths of a sample; the phase fit is not.
 */
#ifndef BALPROBE_LATENCY_H
#define BALPROBE_LATENCY_H

#include <stddef.h>

#include "analyse/deconv.h"

struct bp_latency_fit {
	double delay_samples;        /* within the transfer's window */
	double uncertainty_samples;  /* one standard uncertainty */
	double phase_rad;            /* intercept, -pi..pi */
	size_t bins;                 /* frequency bins in the fit */
};

/* Index in [@lo, @hi] of the largest h_tip^2 + h_ring^2. */
size_t bp_latency_peak(const double *h_tip, const double *h_ring,
		       size_t lo, size_t hi);

/* Fit the phase of @h (a transfer of @tf) around the whole-sample delay
 * @n0, using bins between @lo_hz and @hi_hz.  Returns 0, or -EDOM when
 * fewer than 16 bins qualify. */
int bp_latency_fit(const struct bp_transfer *tf, const double complex *h,
		   size_t n0, double lo_hz, double hi_hz,
		   struct bp_latency_fit *out);

/* The phase (-pi..pi) of @h once a delay of @delay_samples is taken out:
 * the angle of the |X|^2-weighted sum of H e^(i omega delay) over the
 * band.  0 means in phase with the excitation, +-pi inverted. */
double bp_latency_phase(const struct bp_transfer *tf, const double complex *h,
			double delay_samples, double lo_hz, double hi_hz);

#endif
