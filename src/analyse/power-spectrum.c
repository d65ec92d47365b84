#include "config.h"

#include <complex.h>
#include <stdbool.h>
#include <math.h>
#include <stdlib.h>

#include <fftw3.h>

#include "analyse/power-spectrum.h"
#include "dsp/fft-plan.h"
#include "util/errors.h"

#define KAISER_BETA 20.0

/* Modified Bessel function of the first kind, order 0 (power series). */
static double bessel_i0(double x)
{
	double sum = 1.0, term = 1.0;
	int k;

	for (k = 1; k < 200 && term > 1e-17 * sum; k++) {
		term *= (x / (2.0 * k)) * (x / (2.0 * k));
		sum += term;
	}
	return sum;
}

int bp_power_spectrum(const double *x, size_t n, double rate_hz,
		      struct bp_power_spectrum *out)
{
	double *in = fftw_malloc(n * sizeof(double));
	fftw_complex *spec = fftw_malloc((n / 2 + 1) * sizeof(fftw_complex));
	double w2 = 0.0;
	fftw_plan plan = NULL;
	size_t i;

	out->nbins = n / 2 + 1;
	out->bin_hz = rate_hz / (double)n;
	out->power = malloc(out->nbins * sizeof(double));
	if (in && spec && out->power)
		plan = bp_fft_plan_r2c((int)n, in, spec);
	if (!plan) {
		fftw_free(in);
		fftw_free(spec);
		free(out->power);
		out->power = NULL;
		return BP_E_NOMEM;
	}
	for (i = 0; i < n; i++) {
		const double r = 2.0 * (double)i / (double)(n - 1) - 1.0;
		const double w = bessel_i0(KAISER_BETA * sqrt(fmax(0.0, 1.0 - r * r))) /
				 bessel_i0(KAISER_BETA);

		in[i] = w * x[i];
		w2 += w * w;
	}
	fftw_execute(plan);
	/* One-sided: every bin but DC and Nyquist counts twice. */
	for (i = 0; i < out->nbins; i++) {
		const double p = creal(spec[i]) * creal(spec[i]) + cimag(spec[i]) * cimag(spec[i]);

		out->power[i] = (i == 0 || 2 * i == n ? 1.0 : 2.0) * p / ((double)n * w2);
	}
	fftw_destroy_plan(plan);
	fftw_free(in);
	fftw_free(spec);
	return 0;
}

void bp_power_spectrum_free(struct bp_power_spectrum *s)
{
	free(s->power);
	s->power = NULL;
}

static size_t peak_bin(const struct bp_power_spectrum *s, double hz)
{
	/* Within the spectrum: a line above Nyquist reads the top bin. */
	const long k0 = lround(fmin(fmax(hz / s->bin_hz, 0.0), (double)s->nbins - 1.0));
	long k, best = k0;

	for (k = k0 - 2; k <= k0 + 2; k++)
		if (k >= 0 && (size_t)k < s->nbins && s->power[k] > s->power[best])
			best = k;
	return (size_t)best;
}

double bp_power_band(const struct bp_power_spectrum *s, double lo_hz, double hi_hz,
		     double (*weight_db)(double hz), const double *skip_hz, int n_skip)
{
	const size_t first = (size_t)ceil(lo_hz / s->bin_hz);
	const size_t last = (size_t)fmin(floor(hi_hz / s->bin_hz), (double)s->nbins - 1.0);
	double sum = 0.0;
	size_t k;
	int j;

	for (k = first; k <= last; k++) {
		const double f = (double)k * s->bin_hz;
		bool skip = false;

		for (j = 0; j < n_skip && !skip; j++) {
			const size_t c = peak_bin(s, skip_hz[j]);

			skip = k + BP_POWER_LOBE_BINS >= c && k <= c + BP_POWER_LOBE_BINS;
		}
		if (!skip)
			sum += s->power[k] * (weight_db ? pow(10.0, weight_db(f) / 10.0) : 1.0);
	}
	return sum;
}

double bp_power_line(const struct bp_power_spectrum *s, double hz)
{
	const size_t c = peak_bin(s, hz);
	const size_t first = c > BP_POWER_LOBE_BINS ? c - BP_POWER_LOBE_BINS : 0;
	double sum = 0.0;
	size_t k;

	for (k = first; k <= c + BP_POWER_LOBE_BINS && k < s->nbins; k++)
		sum += s->power[k];
	return sum;
}
