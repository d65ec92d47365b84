#include "config.h"

#include <complex.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "dsp/dsp.h"
#include "analyse/latency.h"

#define MIN_BINS 16
/* Bins more than 3 dB below the band's median magnitude (filter skirts,
 * notches) bend the phase: leave them out. */
#define FLAT_RATIO 0.5

size_t bp_latency_peak(const double *h_tip, const double *h_ring,
		       size_t lo, size_t hi)
{
	size_t i, best = lo;
	double top = -1.0;

	for (i = lo; i <= hi; i++) {
		double e = h_tip[i] * h_tip[i] + h_ring[i] * h_ring[i];

		if (e > top) {
			top = e;
			best = i;
		}
	}
	return best;
}

/* Median of |h|^2 over bins [k0, k1]. */
static double median_power(const double complex *h, size_t k0, size_t k1)
{
	size_t n = k1 - k0 + 1, k;
	double *p = malloc(n * sizeof(double)), m;

	if (!p)
		return 0.0;
	for (k = 0; k < n; k++)
		p[k] = bp_cabs2(h[k0 + k]);
	m = bp_select_kth(p, n, n / 2);
	free(p);
	return m;
}

struct phase_point {
	double omega, phi, w;
};

/* Weighted straight-line fit phi = a + b omega, centred for precision;
 * returns b, its standard uncertainty in @sigma_b and the intercept. */
static double fit_line(const struct phase_point *pt, size_t n, double *sigma_b,
		       double *intercept)
{
	double sw = 0.0, mx = 0.0, my = 0.0, sxx = 0.0, sxy = 0.0, rss = 0.0, b;
	size_t i;

	for (i = 0; i < n; i++) {
		sw += pt[i].w;
		mx += pt[i].w * pt[i].omega;
		my += pt[i].w * pt[i].phi;
	}
	mx /= sw;
	my /= sw;
	for (i = 0; i < n; i++) {
		double dx = pt[i].omega - mx, dy = pt[i].phi - my;

		sxx += pt[i].w * dx * dx;
		sxy += pt[i].w * dx * dy;
	}
	b = sxy / sxx;
	for (i = 0; i < n; i++) {
		double r = pt[i].phi - my - b * (pt[i].omega - mx);

		rss += pt[i].w * r * r;
	}
	/* Weights are known up to a scale: estimate it from the residuals. */
	*sigma_b = sqrt(rss / (double)(n - 2) / sxx);
	*intercept = my - b * mx;
	return b;
}

int bp_latency_fit(const struct bp_transfer *tf, const double complex *h,
		   size_t n0, double lo_hz, double hi_hz,
		   struct bp_latency_fit *out)
{
	const double bin_hz = tf->rate_hz / (double)tf->n;
	size_t k0 = (size_t)ceil(lo_hz / bin_hz), k1 = (size_t)floor(hi_hz / bin_hz), k;
	struct phase_point *pt;
	double floor_power, unwrap = 0.0, slope, sigma, intercept;
	size_t used = 0;

	if (k1 >= tf->nbins)
		k1 = tf->nbins - 1;
	if (k0 < 1 || k1 < k0 + MIN_BINS)
		return -EDOM;
	pt = malloc((k1 - k0 + 1) * sizeof(*pt));
	if (!pt)
		return -ENOMEM;
	floor_power = FLAT_RATIO * median_power(h, k0, k1);
	for (k = k0; k <= k1; k++) {
		double p = bp_cabs2(h[k]);
		double omega = 2.0 * M_PI * (double)k / (double)tf->n, phi;

		if (!(p >= floor_power) || p == 0.0)
			continue;
		/* Remove the whole-sample delay, then unwrap bin to bin. */
		phi = carg(h[k]) + omega * (double)n0;
		phi -= 2.0 * M_PI * round(phi / (2.0 * M_PI));
		if (used > 0)
			unwrap -= 2.0 * M_PI *
				  round((phi + unwrap - pt[used - 1].phi) / (2.0 * M_PI));
		pt[used].omega = omega;
		pt[used].phi = phi + unwrap;
		pt[used].w = p * tf->excitation_power[k];
		used++;
	}
	if (used < MIN_BINS) {
		free(pt);
		return -EDOM;
	}
	slope = fit_line(pt, used, &sigma, &intercept);
	free(pt);
	out->delay_samples = (double)n0 - slope;
	out->uncertainty_samples = sigma;
	out->phase_rad = remainder(intercept, 2.0 * M_PI);
	out->bins = used;
	return 0;
}

double bp_latency_phase(const struct bp_transfer *tf, const double complex *h,
			double delay_samples, double lo_hz, double hi_hz)
{
	const double bin_hz = tf->rate_hz / (double)tf->n;
	const double step = 2.0 * M_PI * delay_samples / (double)tf->n;
	size_t k0 = (size_t)ceil(lo_hz / bin_hz), k1 = (size_t)floor(hi_hz / bin_hz), k;
	double complex sum = 0.0, turn = cexp(I * step), rot;

	if (k1 >= tf->nbins)
		k1 = tf->nbins - 1;
	if (k0 < 1)
		k0 = 1;
	/* e^(i omega_k delay) by recurrence, renormalised now and then. */
	rot = cexp(I * step * (double)k0);
	for (k = k0; k <= k1; k++) {
		sum += h[k] * rot * tf->excitation_power[k];
		rot *= turn;
		if ((k & 1023) == 0)
			rot /= cabs(rot);
	}
	return carg(sum);
}
