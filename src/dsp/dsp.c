#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "dsp/dsp.h"

double bp_dbfs_from_power(double mean_square)
{
	return 10.0 * log10(2.0 * mean_square);
}

double bp_power_from_dbfs(double dbfs)
{
	return 0.5 * pow(10.0, dbfs / 10.0);
}

double bp_dbfs_from_amplitude(double amplitude)
{
	return 20.0 * log10(amplitude);
}

void bp_blackman_harris(double *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		double x = 2.0 * M_PI * (double)i / (double)n;

		w[i] = 0.35875 - 0.48829 * cos(x) + 0.14128 * cos(2.0 * x) -
		       0.01168 * cos(3.0 * x);
	}
}

size_t bp_pow2_ceil(size_t n)
{
	size_t p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

/* Hoare's selection: linear time, where sorting would dominate a whole
 * analysis. */
double bp_select_kth(double *p, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;

	while (lo < hi) {
		double pivot = p[lo + (hi - lo) / 2];
		size_t i = lo, j = hi;

		while (i <= j) {
			while (p[i] < pivot)
				i++;
			while (p[j] > pivot)
				j--;
			if (i <= j) {
				double t = p[i];

				p[i++] = p[j];
				p[j] = t;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	return p[k];
}

/* The median's histogram: MEDIAN_BINS equal bins over [-1, 1], where
 * audio samples lie, and one bin each for what lies below and above. */
#define MEDIAN_BINS 4096

static size_t median_bin(double v)
{
	if (!(v >= -1.0))
		return 0;
	if (v >= 1.0)
		return MEDIAN_BINS + 1;
	return 1 + (size_t)((v + 1.0) * (0.5 * MEDIAN_BINS));
}

/* Two passes (a histogram, then the values of the bin holding the
 * median) and a selection within that bin: a few operations a sample,
 * where selecting among all of them takes some forty.  Values crowded
 * into one bin (a constant, digital silence, a signal beyond full scale)
 * only make the last step select among more of them. */
int bp_median(const double *x, size_t n, double *median)
{
	size_t count[MEDIAN_BINS + 2] = { 0 }, below = 0, used = 0, i, b;
	double *in_bin;

	for (i = 0; i < n; i++)
		count[median_bin(x[i])]++;
	for (b = 0; below + count[b] <= n / 2; b++)
		below += count[b];
	in_bin = malloc(count[b] * sizeof(double));
	if (!in_bin)
		return -1;
	for (i = 0; i < n; i++)
		if (median_bin(x[i]) == b)
			in_bin[used++] = x[i];
	*median = bp_select_kth(in_bin, used, n / 2 - below);
	free(in_bin);
	return 0;
}

void bp_scale(double *x, size_t n, double gain)
{
	size_t i;

	for (i = 0; i < n; i++)
		x[i] *= gain;
}
