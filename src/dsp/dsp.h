/* balprobe: level conversions, windows and FFT sizes shared by the
 * analysers.
 *
 * Level convention (AES17): dBFS is an RMS level relative to the RMS of a
 * full-scale sine, so a sine whose peaks touch +-1.0 reads 0 dBFS and a
 * mean square of 0.5 is 0 dBFS.
 */
#ifndef BALPROBE_DSP_H
#define BALPROBE_DSP_H

#include <complex.h>
#include <stddef.h>

/* Mean square (full scale = 1.0) to dBFS; -INFINITY for 0. */
double bp_dbfs_from_power(double mean_square);

/* dBFS to mean square. */
double bp_power_from_dbfs(double dbfs);

/* Sine peak amplitude (full scale = 1.0) to dBFS: 20 log10(amplitude). */
double bp_dbfs_from_amplitude(double amplitude);

/* |z|^2, without the NaN recovery of a complex product. */
static inline double bp_cabs2(double complex z)
{
	return creal(z) * creal(z) + cimag(z) * cimag(z);
}

/* Periodic 4-term Blackman-Harris window (Harris 1978, -92 dB sidelobes)
 * of @n points into @w: strong lines do not leak into the bins around
 * them, so a floor measured 8 bins away is the floor. */
void bp_blackman_harris(double *w, size_t n);

/* The smallest power of two >= @n (n >= 1). */
size_t bp_pow2_ceil(size_t n);

/* Multiply @x[0..n) by @gain, in place. */
void bp_scale(double *x, size_t n, double gain);

/* The @k-th smallest of @p[0..n) (k < n); @p is reordered. */
double bp_select_kth(double *p, size_t n, size_t k);

/* The median of @x[0..n) (n >= 1; for an even n the upper of the middle
 * two) into *@median, @x untouched.  Returns 0, or -1 out of memory. */
int bp_median(const double *x, size_t n, double *median);

#endif
