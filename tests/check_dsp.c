/* dsp: the AES17 level convention, FFT sizes, the median, the
 * Blackman-Harris window. */
#include "config.h"

#include <complex.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include <check.h>

#include "dsp/dsp.h"
#include "testsignal.h"

/* 20 log10(sqrt(2)): an RMS level reads this much higher in AES17 dBFS. */
#define SINE_CREST_DB 3.0103

START_TEST(full_scale_sine_is_0_dbfs)
{
	const double rate = 48000.0;
	const size_t n = 48000;
	double *x = ts_alloc(n), ms;

	/* 997 Hz (AES17's test frequency): not a submultiple of the rate. */
	ts_add_sine(x, n, rate, 997.0, 1.0, 0.3);
	ms = ts_rms(x, n) * ts_rms(x, n);
	ck_assert_double_eq_tol(bp_dbfs_from_power(ms), 0.0, 0.001);
	ck_assert_double_eq_tol(bp_dbfs_from_amplitude(1.0), 0.0, 1e-12);
	ck_assert_double_eq_tol(bp_dbfs_from_amplitude(0.5), -6.0206, 1e-4);
	ck_assert_double_eq_tol(bp_dbfs_from_amplitude(0.1), -20.0, 1e-9);
}
END_TEST

START_TEST(white_noise_rms_01_is_minus_1699)
{
	const size_t n = 200000;
	struct bp_port_rng r;
	double *x = ts_alloc(n);

	bp_port_rng_seed(&r, 1);
	ts_add_white(x, n, 0.1, &r);
	ts_scale_to_rms(x, n, 0.1);
	ck_assert_double_eq_tol(bp_dbfs_from_power(ts_rms(x, n) * ts_rms(x, n)),
				-20.0 + SINE_CREST_DB, 0.001);
	ck_assert_double_eq_tol(bp_dbfs_from_power(0.01), -16.9897, 1e-4);
}
END_TEST

START_TEST(power_dbfs_round_trip)
{
	double db;

	ck_assert_double_eq_tol(bp_power_from_dbfs(0.0), 0.5, 1e-15);
	ck_assert_double_eq_tol(bp_power_from_dbfs(-20.0), 0.005, 1e-15);
	for (db = -200.0; db <= 20.0; db += 7.3)
		ck_assert_double_eq_tol(bp_dbfs_from_power(bp_power_from_dbfs(db)),
					db, 1e-9);
	ck_assert(isinf(bp_dbfs_from_power(0.0)) && bp_dbfs_from_power(0.0) < 0.0);
	ck_assert(isinf(bp_dbfs_from_amplitude(0.0)) &&
		  bp_dbfs_from_amplitude(0.0) < 0.0);
}
END_TEST

START_TEST(power_of_two_ceiling)
{
	ck_assert_uint_eq(bp_pow2_ceil(1), 1);
	ck_assert_uint_eq(bp_pow2_ceil(2), 2);
	ck_assert_uint_eq(bp_pow2_ceil(3), 4);
	ck_assert_uint_eq(bp_pow2_ceil(14700), 16384);
	ck_assert_uint_eq(bp_pow2_ceil(16000), 16384);
	ck_assert_uint_eq(bp_pow2_ceil(16384), 16384);
	ck_assert_uint_eq(bp_pow2_ceil(16385), 32768);
}
END_TEST

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* bp_median() against a sort: the element of rank n / 2, exactly. */
static void assert_median(const double *x, size_t n, const char *what)
{
	double *sorted = ts_copy(x, n, 1.0), got = NAN;

	qsort(sorted, n, sizeof(double), by_value);
	ck_assert_int_eq(bp_median(x, n, &got), 0);
	ck_assert_msg(got == sorted[n / 2], "%s (n %zu): median %.17g, sorted %.17g", what,
		      n, got, sorted[n / 2]);
}

START_TEST(median_is_the_middle_value)
{
	const size_t n = 48001;
	struct bp_port_rng r;
	double *x = ts_alloc(n), *y = ts_alloc(n);
	size_t i;

	bp_port_rng_seed(&r, 7);
	ts_add_sine(x, n, 48000.0, 1000.0, 0.5, 0.1);
	for (i = 0; i < n; i++)
		x[i] += 0.1;
	assert_median(x, n, "sine with a DC offset");
	assert_median(x, n - 1, "even length");
	ts_add_white(y, n, 0.3, &r);
	assert_median(y, n, "white noise");
	/* Crowded into one of the histogram's bins: a constant and an
	 * outlier, and values that straddle no bin edge at all. */
	for (i = 0; i < n; i++)
		y[i] = 0.25 + 1e-12 * (double)(i % 97);
	y[n / 3] = 1e300;
	y[n / 2] = -1e300;
	assert_median(y, n, "constant with two outliers");
	y[0] = DBL_MAX;
	y[1] = -DBL_MAX;
	assert_median(y, n, "the largest doubles");
	for (i = 0; i < n; i++)
		y[i] = 4.9e-324 * (double)(i % 2);
	assert_median(y, n, "a subnormal range");
	assert_median(y, 1, "one value");
	assert_median(x + 5, 2, "two values");
}
END_TEST

static const size_t window_sizes[] = { 2, 8, 15, 1024, 16384 };

/* 4-term Blackman-Harris (Harris 1978, table 1): a0..a3. */
static const double bh[] = { 0.35875, 0.48829, 0.14128, 0.01168 };

static void blackman_harris_window_case(int which)
{
	const size_t n = window_sizes[which];
	double *w = ts_alloc(n), sum = 0.0, sum2 = 0.0;
	size_t i;

	bp_blackman_harris(w, n);
	ck_assert_double_eq_tol(w[0], bh[0] - bh[1] + bh[2] - bh[3], 1e-12);
	if (n % 2 == 0)
		ck_assert_double_eq_tol(w[n / 2], 1.0, 1e-12);
	for (i = 1; i < n; i++)
		ck_assert_double_eq_tol(w[i], w[n - i], 1e-12);
	for (i = 0; i < n; i++) {
		sum += w[i];
		sum2 += w[i] * w[i];
	}
	/* Periodic form: coherent gain a0, power a0^2 + (a1^2+a2^2+a3^2)/2
	 * (for n > 6, where cos(3x) does not alias). */
	if (n > 6) {
		ck_assert_double_eq_tol(sum, bh[0] * n, 1e-9 * n);
		ck_assert_double_eq_tol(sum2, n * (bh[0] * bh[0] + (bh[1] * bh[1] +
				bh[2] * bh[2] + bh[3] * bh[3]) / 2.0), 1e-9 * n);
		/* Equivalent noise bandwidth 2.00 bins (Harris). */
		ck_assert_double_eq_tol(n * sum2 / (sum * sum), 2.0044, 0.001);
	}
}

START_TEST(blackman_harris_window)
{
	int i;

	/* Every case; the message names the one that fails. */
	for (i = 0; i < (int)(sizeof(window_sizes) / sizeof(window_sizes[0])); i++)
		blackman_harris_window_case(i);
}
END_TEST

START_TEST(blackman_harris_sidelobes)
{
	const size_t n = 512;
	double *w = ts_alloc(n), w0 = 0.0, worst = 0.0, f;
	size_t i;

	bp_blackman_harris(w, n);
	for (i = 0; i < n; i++)
		w0 += w[i];
	/* Beyond the main lobe (+-4 bins) nothing above -92 dB. */
	for (f = 4.0; f < 60.0; f += 0.05) {
		double complex acc = 0.0;

		for (i = 0; i < n; i++)
			acc += w[i] * cexp(-2.0 * I * M_PI * f * (double)i / (double)n);
		if (cabs(acc) > worst)
			worst = cabs(acc);
	}
	ck_assert_msg(20.0 * log10(worst / w0) < -91.5, "highest sidelobe %.1f dB",
		      20.0 * log10(worst / w0));
}
END_TEST

Suite *dsp_suite(void)
{
	Suite *s = suite_create("dsp");
	TCase *tc = ts_tcase(s, "levels", false);

	tcase_add_test(tc, full_scale_sine_is_0_dbfs);
	tcase_add_test(tc, white_noise_rms_01_is_minus_1699);
	tcase_add_test(tc, power_dbfs_round_trip);

	tc = ts_tcase(s, "sizes", false);
	tcase_add_test(tc, power_of_two_ceiling);

	tc = ts_tcase(s, "median", false);
	tcase_add_test(tc, median_is_the_middle_value);

	tc = ts_tcase(s, "window", false);
	tcase_add_test(tc, blackman_harris_window);
	tcase_add_test(tc, blackman_harris_sidelobes);
	return s;
}
