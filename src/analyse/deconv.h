/* balprobe: transfer functions from a known excitation to the recorded
 * legs, by regularised spectral division (Kirkeby et al. 1998):
 *
 *     H(f) = Y(f) conj(X(f)) / (|X(f)|^2 + eps(f))
 *
 * with eps = 1e-8 max |X|^2 where the excitation has energy (|X|^2 within
 * 40 dB of its peak) and max |X|^2 elsewhere, so the division is exact in
 * band and noise outside it is not amplified.
 * at a circular length n chosen by the caller (2.3.5.7-smooth, just longer
 * than the excitation plus the response's tail), not the full linear
 * convolution length.  Works for any broadband excitation: balprobe's
 * exponential sweeps or a stimulus made elsewhere.  With an exponential
 * sweep, harmonic distortion lands before the main response and so wraps
 * to the end of the circular impulse response (Farina 2000).
 */
#ifndef BALPROBE_DECONV_H
#define BALPROBE_DECONV_H

#include <complex.h>
#include <stddef.h>

struct bp_transfer {
	size_t n;                  /* circular length, samples */
	size_t nbins;              /* n / 2 + 1 */
	double rate_hz;
	double complex *tip, *ring;   /* H per bin */
	double *excitation_power;     /* |X|^2 per bin */
	size_t ir_step;            /* impulse responses: every ir_step-th sample */
	/* Private: one plan each way, made once per transfer (a new FFTW
	 * plan recomputes its twiddle factors: at half a million points
	 * that costs more than the transform). */
	void *plan_r2c, *plan_c2r;
	double complex *freq_buf;  /* in-place transforms' workspace: n / 2 + 1 bins
				    * while measuring, n / ir_step / 2 + 1 after */
};

/* A signal read in place: sample i of the window is x[(start + i) * stride]
 * when 0 <= start + i < len, zero otherwise (the recording may begin after
 * the window does or end before it); the window holds @used samples and
 * is zero beyond them. */
struct bp_signal_window {
	const double *x;
	size_t stride;             /* 1, or the channel count of interleaved audio */
	long len;                  /* samples in x, counted in strides */
	long start;                /* first sample of the window; may be negative */
	size_t used;
};

/* Measure @tf from the recorded legs @tip and @ring (windows of up to @n
 * samples) against the excitation @ref (taken to start at index 0).
 * Impulse responses will come band-limited to rate / (2 ir_step) and
 * sampled every ir_step samples, ir_step being the largest power of two
 * up to @max_ir_step (dividing @n) whose band still holds 40 % of the
 * response's power: enough to find a peak and weigh the response against
 * the noise, at a fraction of the cost.  A response that arrives d samples
 * into the window gives an impulse response peaking at d.  Returns 0 or
 * BP_E_NOMEM; free with bp_transfer_free(). */
int bp_transfer_measure(struct bp_transfer *tf, double rate_hz, size_t n,
			size_t max_ir_step, const struct bp_signal_window *tip,
			const struct bp_signal_window *ring,
			const struct bp_signal_window *ref);

void bp_transfer_free(struct bp_transfer *tf);

/* The impulse response of one leg's transfer @h (tf->nbins bins) into
 * @out[0..bp_transfer_impulse_length(tf)): out[i] is the response at
 * sample i * ir_step. */
void bp_transfer_impulse(const struct bp_transfer *tf, const double complex *h,
			double *out);

static inline size_t bp_transfer_impulse_length(const struct bp_transfer *tf)
{
	return tf->n / tf->ir_step;
}

/* Frequency of bin @k, Hz. */
static inline double bp_transfer_bin_hz(const struct bp_transfer *tf, size_t k)
{
	return (double)k * tf->rate_hz / (double)tf->n;
}

#endif
