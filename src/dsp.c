#include "config.h"

#include <math.h>

#include "dsp.h"

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

void bp_hann(double *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		w[i] = 0.5 - 0.5 * cos(2.0 * M_PI * (double)i / (double)n);
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

static int is_smooth(size_t n)
{
	static const size_t primes[] = { 2, 3, 5, 7 };
	size_t i;

	for (i = 0; i < 4; i++)
		while (n % primes[i] == 0)
			n /= primes[i];
	return n == 1;
}

size_t bp_fft_size_smooth(size_t n)
{
	if (n < 1)
		n = 1;
	while (!is_smooth(n))
		n++;
	return n;
}

size_t bp_pow2_ceil(size_t n)
{
	size_t p = 1;

	while (p < n)
		p <<= 1;
	return p;
}
