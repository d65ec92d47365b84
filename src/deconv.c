#include "config.h"

#include <complex.h>
#include <stdlib.h>
#include <string.h>

#include <fftw3.h>

#include "deconv.h"
#include "errors.h"

#define REGULARISATION 1e-8

/* Forward real FFT of @len samples of @x zero-padded to @n, into @out. */
static int forward(size_t n, const double *x, size_t len, double complex *out)
{
	double *in = fftw_alloc_real(n);
	fftw_plan plan;

	if (!in)
		return BP_E_NOMEM;
	plan = fftw_plan_dft_r2c_1d((int)n, in, (fftw_complex *)out, FFTW_ESTIMATE);
	if (!plan) {
		fftw_free(in);
		return BP_E_NOMEM;
	}
	memcpy(in, x, (len < n ? len : n) * sizeof(double));
	if (len < n)
		memset(in + len, 0, (n - len) * sizeof(double));
	fftw_execute(plan);
	fftw_destroy_plan(plan);
	fftw_free(in);
	return 0;
}

int bp_transfer_measure(struct bp_transfer *tf, double rate_hz, size_t n,
			const double *tip, const double *ring, size_t rec_len,
			const double *ref, size_t ref_len)
{
	const size_t nbins = n / 2 + 1;
	double complex *x = fftw_alloc_complex(nbins);
	double peak = 0.0, eps;
	size_t k;
	int err = BP_E_NOMEM;

	memset(tf, 0, sizeof(*tf));
	tf->n = n;
	tf->nbins = nbins;
	tf->rate_hz = rate_hz;
	tf->tip = fftw_alloc_complex(nbins);
	tf->ring = fftw_alloc_complex(nbins);
	tf->excitation_power = malloc(nbins * sizeof(double));
	if (!x || !tf->tip || !tf->ring || !tf->excitation_power)
		goto out;
	err = forward(n, ref, ref_len, x);
	if (!err)
		err = forward(n, tip, rec_len, tf->tip);
	if (!err)
		err = forward(n, ring, rec_len, tf->ring);
	if (err)
		goto out;
	for (k = 0; k < nbins; k++) {
		double p = creal(x[k]) * creal(x[k]) + cimag(x[k]) * cimag(x[k]);

		tf->excitation_power[k] = p;
		if (p > peak)
			peak = p;
	}
	eps = REGULARISATION * peak;
	for (k = 0; k < nbins; k++) {
		double complex g = conj(x[k]) / (tf->excitation_power[k] + eps);

		tf->tip[k] *= g;
		tf->ring[k] *= g;
	}
out:
	fftw_free(x);
	if (err)
		bp_transfer_free(tf);
	return err;
}

void bp_transfer_free(struct bp_transfer *tf)
{
	fftw_free(tf->tip);
	fftw_free(tf->ring);
	free(tf->excitation_power);
	tf->tip = tf->ring = NULL;
	tf->excitation_power = NULL;
}

int bp_transfer_impulse(const struct bp_transfer *tf, const double complex *h,
			double *out)
{
	double complex *spec = fftw_alloc_complex(tf->nbins);
	fftw_plan plan;
	size_t i;

	if (!spec)
		return BP_E_NOMEM;
	/* c2r overwrites its input: plan on a copy. */
	plan = fftw_plan_dft_c2r_1d((int)tf->n, (fftw_complex *)spec, out, FFTW_ESTIMATE);
	if (!plan) {
		fftw_free(spec);
		return BP_E_NOMEM;
	}
	memcpy(spec, h, tf->nbins * sizeof(*spec));
	fftw_execute(plan);
	for (i = 0; i < tf->n; i++)
		out[i] /= (double)tf->n;
	fftw_destroy_plan(plan);
	fftw_free(spec);
	return 0;
}

double bp_transfer_bin_hz(const struct bp_transfer *tf, size_t k)
{
	return (double)k * tf->rate_hz / (double)tf->n;
}
