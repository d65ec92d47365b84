#include "config.h"

#include <complex.h>
#include <stdlib.h>
#include <string.h>

#include <fftw3.h>

#include "analyse/deconv.h"
#include "dsp/dsp.h"
#include "util/errors.h"
#include "dsp/fft-plan.h"

/* Regularisation (Kirkeby 1998), relative to the excitation's peak power:
 * light inside its band, so the division is exact there, and heavy where
 * it has no energy (below a sweep's start, above its end), so noise there
 * is not amplified into the impulse response. */
#define IN_BAND_EPS 1e-8
#define OUT_OF_BAND_EPS 1.0
#define BAND_THRESHOLD 1e-4

/* Forward real FFT of window @w, zero-padded to n, into @out (nbins, an
 * fftw_alloc'ed array, so its alignment matches the plan's), in place: the
 * window is laid out in @out's own memory first, which saves an n-sample
 * buffer the size of the whole sweep. */
static void forward(struct bp_transfer *tf, const struct bp_signal_window *w,
		    double complex *out)
{
	const size_t n = tf->n, used = w->used < n ? w->used : n;
	double *buf = (double *)out;
	/* Window samples [from, to) lie inside the signal, the rest are 0. */
	const long lead = w->start < 0 ? -w->start : 0, avail = w->len - (w->start + lead);
	const size_t from = (size_t)lead < used ? (size_t)lead : used;
	const size_t inside = avail <= 0 ? 0 : (size_t)avail < used - from ? (size_t)avail
									 : used - from;
	const size_t to = from + inside;
	size_t i;

	memset(buf, 0, from * sizeof(double));
	for (i = 0; i < inside; i++)
		buf[from + i] = w->x[((size_t)(w->start + lead) + i) * w->stride];
	memset(buf + to, 0, (n - to) * sizeof(double));
	fftw_execute_dft_r2c(tf->plan_r2c, buf, (fftw_complex *)out);
}

/* The largest power of two up to @max (dividing n) whose band, the lowest
 * 1/step of the bins, holds 40 % of the response's power on both legs. */
static size_t impulse_step(const struct bp_transfer *tf, size_t max)
{
	double total = 0.0, below;
	size_t k, step;

	for (k = 1; k < tf->nbins; k++)
		total += (bp_cabs2(tf->tip[k]) + bp_cabs2(tf->ring[k])) * tf->excitation_power[k];
	for (step = max; step > 1; step /= 2) {
		if (tf->n % step != 0)
			continue;
		below = 0.0;
		for (k = 1; k <= tf->n / step / 2; k++)
			below += (bp_cabs2(tf->tip[k]) + bp_cabs2(tf->ring[k])) *
				 tf->excitation_power[k];
		if (below >= 0.4 * total)
			break;
	}
	return step;
}

int bp_transfer_measure(struct bp_transfer *tf, double rate_hz, size_t n,
			size_t max_ir_step, const struct bp_signal_window *tip,
			const struct bp_signal_window *ring,
			const struct bp_signal_window *ref)
{
	const size_t nbins = n / 2 + 1;
	double peak = 0.0;
	size_t k;

	memset(tf, 0, sizeof(*tf));
	tf->n = n;
	tf->nbins = nbins;
	tf->rate_hz = rate_hz;
	tf->tip = fftw_alloc_complex(nbins);
	tf->ring = fftw_alloc_complex(nbins);
	tf->freq_buf = fftw_alloc_complex(nbins);
	tf->excitation_power = malloc(nbins * sizeof(double));
	if (tf->tip && tf->ring && tf->freq_buf && tf->excitation_power)
		tf->plan_r2c = bp_fft_plan_r2c((int)n, (double *)tf->freq_buf,
					       (fftw_complex *)tf->freq_buf);
	if (!tf->plan_r2c) {
		bp_transfer_free(tf);
		return BP_E_NOMEM;
	}
	forward(tf, ref, tf->freq_buf);
	forward(tf, tip, tf->tip);
	forward(tf, ring, tf->ring);
	for (k = 0; k < nbins; k++) {
		double p = bp_cabs2(tf->freq_buf[k]);

		tf->excitation_power[k] = p;
		if (p > peak)
			peak = p;
	}
	for (k = 0; k < nbins; k++) {
		double eps = peak * (tf->excitation_power[k] >= BAND_THRESHOLD * peak
					     ? IN_BAND_EPS : OUT_OF_BAND_EPS);
		double complex g = conj(tf->freq_buf[k]) / (tf->excitation_power[k] + eps);

		tf->tip[k] *= g;
		tf->ring[k] *= g;
	}
	tf->ir_step = impulse_step(tf, max_ir_step);
	/* Done with the excitation's spectrum: the impulse responses'
	 * transforms need 1/ir_step of its room, and the memory given back
	 * serves what the analysis allocates next (fresh memory costs a
	 * page fault and zeroing). */
	fftw_free(tf->freq_buf);
	tf->freq_buf = fftw_alloc_complex(n / tf->ir_step / 2 + 1);
	if (tf->freq_buf)
		tf->plan_c2r = bp_fft_plan_c2r((int)(n / tf->ir_step),
					       (fftw_complex *)tf->freq_buf,
					       (double *)tf->freq_buf);
	if (!tf->plan_c2r) {
		bp_transfer_free(tf);
		return BP_E_NOMEM;
	}
	return 0;
}

void bp_transfer_free(struct bp_transfer *tf)
{
	if (tf->plan_r2c)
		fftw_destroy_plan(tf->plan_r2c);
	if (tf->plan_c2r)
		fftw_destroy_plan(tf->plan_c2r);
	fftw_free(tf->tip);
	fftw_free(tf->ring);
	fftw_free(tf->freq_buf);
	free(tf->excitation_power);
	memset(tf, 0, sizeof(*tf));
}

void bp_transfer_impulse(const struct bp_transfer *tf, const double complex *h,
			 double *out)
{
	const size_t m = bp_transfer_impulse_length(tf);
	size_t i;

	/* The lowest m / 2 + 1 bins, transformed at length m, give the
	 * band-limited response at every ir_step-th sample.  c2r overwrites
	 * its input: transform a copy, in place. */
	memcpy(tf->freq_buf, h, (m / 2 + 1) * sizeof(*h));
	fftw_execute(tf->plan_c2r);
	for (i = 0; i < m; i++)
		out[i] = ((const double *)tf->freq_buf)[i] / (double)tf->n;
}
