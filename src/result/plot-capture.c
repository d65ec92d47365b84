#include "config.h"

#include <complex.h>
#include <math.h>
#include <string.h>

#include <fftw3.h>

#include "dsp/dsp.h"
#include "util/errors.h"
#include "dsp/fft-plan.h"
#include "result/plot-capture.h"
#include "analyse/response.h"

#define LOWEST_HZ 20.0
#define HIGHEST_HZ 20000.0
#define IR_BEFORE_S 0.001
#define IR_AFTER_S 0.004
/* Equivalent noise bandwidth of the Welch window (4-term Blackman-Harris,
 * Harris 1978), in bins: a sine's power spreads over this many. */
#define WELCH_ENBW_BINS 2.0044

/* Frequency @i of @n log-spaced from @lo to @hi. */
static double log_point(double lo, double hi, int i, int n)
{
	return lo * pow(hi / lo, n > 1 ? (double)i / (n - 1) : 0.0);
}

void bp_plot_capture_response(struct bp_plot_response *p,
			      const struct bp_transfer *tf,
			      const double complex *tip,
			      const double complex *ring,
			      double lo_hz, double hi_hz)
{
	int i;

	p->n = 0;
	if (!(hi_hz > lo_hz))
		return;
	for (i = 0; i < BP_PLOT_RESPONSE_MAX; i++) {
		double f = log_point(lo_hz, hi_hz, i, BP_PLOT_RESPONSE_MAX);

		p->hz[i] = f;
		p->tip_db[i] = bp_response_db_at(tf, tip, f);
		p->ring_db[i] = bp_response_db_at(tf, ring, f);
		p->partner_tip_db[i] = p->partner_ring_db[i] = NAN;
	}
	p->n = BP_PLOT_RESPONSE_MAX;
}

void bp_plot_capture_partner(struct bp_plot_response *p,
			     const struct bp_transfer *tf,
			     const double complex *tip,
			     const double complex *ring,
			     double lo_hz, double hi_hz)
{
	int i;

	for (i = 0; i < p->n; i++) {
		if (p->hz[i] < lo_hz || p->hz[i] > hi_hz)
			continue;
		p->partner_tip_db[i] = bp_response_db_at(tf, tip, p->hz[i]);
		p->partner_ring_db[i] = bp_response_db_at(tf, ring, p->hz[i]);
	}
}

/* The full-rate impulse response of @h, into @out (tf->n samples). */
static int full_rate_impulse(const struct bp_transfer *tf, const double complex *h,
			     double *out)
{
	fftw_complex *spec = fftw_alloc_complex(tf->nbins);
	fftw_plan plan;
	size_t i;

	if (!spec)
		return BP_E_NOMEM;
	/* The transfer's own plans run at the impulse step; this one runs
	 * once at the full length. */
	plan = bp_fft_plan_c2r((int)tf->n, spec, out);
	if (!plan) {
		fftw_free(spec);
		return BP_E_NOMEM;
	}
	memcpy(spec, h, tf->nbins * sizeof(*spec));
	fftw_execute(plan);
	fftw_destroy_plan(plan);
	fftw_free(spec);
	for (i = 0; i < tf->n; i++)
		out[i] /= (double)tf->n;
	return 0;
}

int bp_plot_capture_impulse(struct bp_plot_impulse *p,
			    const struct bp_transfer *tf, size_t peak)
{
	const long before = lround(IR_BEFORE_S * tf->rate_hz);
	const long span = before + lround(IR_AFTER_S * tf->rate_hz);
	const long step = (span + BP_PLOT_IR_MAX - 1) / BP_PLOT_IR_MAX;
	double *tip = fftw_alloc_real(tf->n), *ring = fftw_alloc_real(tf->n);
	int err = BP_E_NOMEM, i;

	p->n = 0;
	if (tip && ring && (err = full_rate_impulse(tf, tf->tip, tip)) == 0)
		err = full_rate_impulse(tf, tf->ring, ring);
	if (!err) {
		for (i = 0; i < BP_PLOT_IR_MAX && i * step < span; i++) {
			/* Circular: a lead before sample 0 wraps to the end. */
			long at = (long)peak - before + i * step;
			size_t k = (size_t)((at % (long)tf->n + (long)tf->n) % (long)tf->n);

			p->tip[i] = tip[k];
			p->ring[i] = ring[k];
		}
		p->n = i;
		p->t0_ms = -1000.0 * (double)before / tf->rate_hz;
		p->step_ms = 1000.0 * (double)step / tf->rate_hz;
	}
	fftw_free(tip);
	fftw_free(ring);
	return err;
}

void bp_plot_capture_spectrum(struct bp_plot_spectrum *p,
			      const struct bp_spectra *sp)
{
	const double band_hz = WELCH_ENBW_BINS * sp->bin_hz;
	const double hi = fmin(HIGHEST_HZ, 0.49 * sp->rate_hz);
	const int n = BP_PLOT_SPECTRUM_MAX;
	int i;

	p->n = 0;
	if (sp->segments == 0 || sp->nbins < 2)
		return;
	p->band_hz = band_hz;
	for (i = 0; i < n; i++) {
		/* Each point covers the cell up to the next one and shows its
		 * strongest bin, so a narrow line is not averaged away; a cell
		 * narrower than a bin shows the bin nearest its centre. */
		const double f0 = log_point(LOWEST_HZ, hi, i, n);
		const double f1 = f0 * pow(hi / LOWEST_HZ, 1.0 / (n - 1));
		size_t k0 = (size_t)ceil(f0 / sp->bin_hz), k1 = (size_t)floor(f1 / sp->bin_hz);
		size_t k, best;

		if (k1 >= sp->nbins)
			k1 = sp->nbins - 1;
		if (k0 > k1) {
			k0 = k1 = (size_t)lround(sqrt(f0 * f1) / sp->bin_hz);
			if (k0 >= sp->nbins)
				k0 = k1 = sp->nbins - 1;
		}
		best = k0;
		for (k = k0; k <= k1; k++)
			if (sp->tt[k] + sp->rr[k] > sp->tt[best] + sp->rr[best])
				best = k;
		p->hz[i] = (double)best * sp->bin_hz;
		/* |T + R|^2 / 4 and |T - R|^2 / 4 from the auto- and cross-spectra. */
		p->common_dbfs[i] = bp_dbfs_from_power(
			fmax(0.0, sp->tt[best] + sp->rr[best] + 2.0 * creal(sp->tr[best])) / 4.0 * band_hz);
		p->diff_dbfs[i] = bp_dbfs_from_power(
			fmax(0.0, sp->tt[best] + sp->rr[best] - 2.0 * creal(sp->tr[best])) / 4.0 * band_hz);
	}
	p->n = n;
}

void bp_plot_capture_wave(struct bp_plot_wave *p, const double *tip,
			  const double *ring, size_t n, double rate_hz,
			  double start_s)
{
	const size_t step = (n + BP_PLOT_WAVE_MAX - 1) / BP_PLOT_WAVE_MAX;
	size_t i;

	p->n = 0;
	if (step == 0)
		return;
	for (i = 0; i * step < n; i++) {
		p->tip[i] = tip[i * step];
		p->ring[i] = ring[i * step];
	}
	p->n = (int)i;
	p->start_s = start_s;
	p->step_ms = 1000.0 * (double)step / rate_hz;
}
