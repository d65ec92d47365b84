#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <fftw3.h>

#include "analyse/second-arrival.h"
#include "dsp/fft-plan.h"
#include "util/errors.h"

/* The taper's edges, as fractions of the rate. */
#define TAPER_FROM 0.20
#define TAPER_TO 0.35

static double taper(double f_over_rate)
{
	if (f_over_rate <= TAPER_FROM)
		return 1.0;
	if (f_over_rate >= TAPER_TO)
		return 0.0;
	return 0.5 + 0.5 * cos(M_PI * (f_over_rate - TAPER_FROM) / (TAPER_TO - TAPER_FROM));
}

/* The strongest later arrival in @ir (@n samples, circular). */
static void search(const double *ir, size_t n, double rate_hz, double *delay_ms,
		   double *level_db)
{
	const size_t from = (size_t)ceil(BP_SECOND_ARRIVAL_FROM_MS * rate_hz / 1000.0);
	const size_t to = (size_t)floor(BP_SECOND_ARRIVAL_TO_MS * rate_hz / 1000.0);
	size_t i, peak = 0, best = 0;
	double level;

	for (i = 1; i < n; i++)
		if (fabs(ir[i]) > fabs(ir[peak]))
			peak = i;
	for (i = from; i <= to && i < n; i++)
		if (fabs(ir[(peak + i) % n]) > fabs(ir[(peak + best) % n]) || best == 0)
			best = i;
	level = 20.0 * log10(fabs(ir[(peak + best) % n]) / fabs(ir[peak]));
	*delay_ms = *level_db = NAN;
	if (best > 0 && level >= BP_SECOND_ARRIVAL_DB) {
		*delay_ms = 1000.0 * (double)best / rate_hz;
		*level_db = level;
	}
}

int bp_second_arrival(const struct bp_transfer *tf, const double complex *h,
		      double *delay_ms, double *level_db)
{
	fftw_complex *in = fftw_malloc(tf->nbins * sizeof(fftw_complex));
	double *ir = fftw_malloc(tf->n * sizeof(double));
	fftw_plan plan = NULL;
	size_t k;

	if (in && ir)
		plan = bp_fft_plan_c2r((int)tf->n, in, ir);
	if (!plan) {
		fftw_free(in);
		fftw_free(ir);
		return BP_E_NOMEM;
	}
	for (k = 0; k < tf->nbins; k++) {
		const double complex v = h[k] * taper((double)k / (double)tf->n);

		in[k][0] = creal(v);
		in[k][1] = cimag(v);
	}
	fftw_execute(plan);
	search(ir, tf->n, tf->rate_hz, delay_ms, level_db);
	fftw_destroy_plan(plan);
	fftw_free(in);
	fftw_free(ir);
	return 0;
}
