/* latency: sub-sample delay by the phase fit, its uncertainty and the
 * polarity from its intercept, against recordings delayed by known
 * amounts with the tests' own fractional delay (ts_delay_by()). */
#include "config.h"

#include <complex.h>
#include <errno.h>
#include <math.h>

#include <check.h>

#include "analyse/latency.h"
#include "testsignal.h"

#define RATE 48000.0
#define N 32768
#define LEN 16384
#define LO_HZ 200.0
#define HI_HZ 15000.0

/* A 100 Hz..20 kHz sweep, and tip = 0.5 x, ring = -0.5 x, both delayed by
 * @delay, each with independent white noise of RMS @noise. */
static const struct bp_transfer *delayed(double delay, double noise)
{
	double *x = ts_alloc(N), *tip = ts_alloc(N), *ring = ts_alloc(N);
	struct bp_port_rng rng;
	size_t k;

	ts_add_sweep(x, LEN, RATE, 100.0, 20000.0, 0.5, 480);
	ts_delay_by(tip, x, N, delay);
	for (k = 0; k < N; k++) {
		tip[k] *= 0.5;
		ring[k] = -tip[k];
	}
	bp_port_rng_seed(&rng, 11);
	ts_add_white(tip, N, noise, &rng);
	ts_add_white(ring, N, noise, &rng);
	return ts_transfer(RATE, N, 8, tip, ring, x);
}

/* The whole-sample delay as the out probe finds it: the peak of the
 * impulse responses, at the transfer's step. */
static size_t whole_delay(const struct bp_transfer *tf)
{
	const size_t m = bp_transfer_impulse_length(tf);
	double *tip = ts_alloc(m), *ring = ts_alloc(m);

	bp_transfer_impulse(tf, tf->tip, tip);
	bp_transfer_impulse(tf, tf->ring, ring);
	return tf->ir_step * bp_latency_peak(tip, ring, 0, m - 1);
}

/* Whole, fractional and long delays, found to a thousandth of a sample;
 * the tip's intercept says in phase, the ring's inverted. */
START_TEST(fit_finds_the_delay)
{
	static const double delays[] = { 37.0, 100.25, 311.37, 1000.5, 2047.9 };
	const double d = delays[_i];
	const struct bp_transfer *tf = delayed(d, 1e-6);
	struct bp_latency_fit tip, ring;
	const size_t n0 = whole_delay(tf);

	ck_assert_msg(fabs((double)n0 - d) <= tf->ir_step, "peak at %zu for %.2f", n0, d);
	ck_assert_int_eq(bp_latency_fit(tf, tf->tip, n0, LO_HZ, HI_HZ, &tip), 0);
	ck_assert_int_eq(bp_latency_fit(tf, tf->ring, n0, LO_HZ, HI_HZ, &ring), 0);
	ck_assert_msg(fabs(tip.delay_samples - d) < 1e-3, "tip: %.5f for %.5f",
		      tip.delay_samples, d);
	ck_assert_msg(fabs(ring.delay_samples - d) < 1e-3, "ring: %.5f for %.5f",
		      ring.delay_samples, d);
	ck_assert_msg(fabs(tip.phase_rad) < 0.01, "tip phase %.4f rad", tip.phase_rad);
	ck_assert_msg(fabs(ring.phase_rad) > M_PI - 0.01, "ring phase %.4f rad", ring.phase_rad);
	/* Every bin of a flat response is in the fit. */
	ck_assert_uint_eq(tip.bins, (size_t)floor(HI_HZ / (RATE / N)) -
				    (size_t)ceil(LO_HZ / (RATE / N)) + 1);
}
END_TEST

/* The uncertainty is the fit's own: it grows with the noise (about in
 * proportion, 40 dB more noise giving some 100 times the spread), and
 * the error stays within a few of it. */
START_TEST(uncertainty_follows_the_noise)
{
	static const double noise[] = { 1e-5, 1e-3 };
	struct bp_latency_fit fit[2];
	int i;

	for (i = 0; i < 2; i++) {
		const struct bp_transfer *tf = delayed(311.37, noise[i]);

		ck_assert_int_eq(bp_latency_fit(tf, tf->tip, whole_delay(tf), LO_HZ, HI_HZ,
						 &fit[i]), 0);
		ck_assert(fit[i].uncertainty_samples > 0.0);
	}
	ck_assert_msg(fit[1].uncertainty_samples > 30.0 * fit[0].uncertainty_samples,
		      "uncertainty %.3g at 1e-3 against %.3g at 1e-5",
		      fit[1].uncertainty_samples, fit[0].uncertainty_samples);
	ck_assert_msg(fabs(fit[1].delay_samples - 311.37) < 5.0 * fit[1].uncertainty_samples,
		      "off by %.3g with an uncertainty of %.3g",
		      fit[1].delay_samples - 311.37, fit[1].uncertainty_samples);
}
END_TEST

/* The phase once the delay is taken out: 0 for the tip, pi for the ring;
 * a delay half a sample wrong leaves pi f / rate at each frequency, whose
 * |X|^2-weighted sum over the band turns well away from 0. */
START_TEST(phase_with_the_delay_taken_out)
{
	const struct bp_transfer *tf = delayed(311.37, 1e-6);
	double off;

	ck_assert_double_eq_tol(bp_latency_phase(tf, tf->tip, 311.37, LO_HZ, HI_HZ), 0.0, 0.01);
	ck_assert_double_eq_tol(fabs(bp_latency_phase(tf, tf->ring, 311.37, LO_HZ, HI_HZ)),
				M_PI, 0.01);
	off = bp_latency_phase(tf, tf->tip, 311.87, LO_HZ, HI_HZ);
	ck_assert_msg(fabs(off) > 0.1, "half a sample off: %.3f rad", off);
}
END_TEST

/* Too narrow a band to fit: fewer than 16 bins (1.46 Hz apart here). */
START_TEST(narrow_band_refused)
{
	const struct bp_transfer *tf = delayed(100.0, 1e-6);
	struct bp_latency_fit fit;

	ck_assert_int_eq(bp_latency_fit(tf, tf->tip, 100, 1000.0, 1015.0, &fit), -EDOM);
	ck_assert_int_eq(bp_latency_fit(tf, tf->tip, 100, 1000.0, 1030.0, &fit), 0);
}
END_TEST

/* The peak of tip^2 + ring^2 within [lo, hi]: a leg's sign does not
 * matter, and a larger value outside the range is not looked at. */
START_TEST(peak_of_both_legs)
{
	const double tip[8] = { 0.0, 0.1, 0.6, 0.0, 0.0, 0.0, 0.0, 2.0 };
	const double ring[8] = { 0.0, 0.0, 0.0, 0.0, -0.9, 0.1, 0.0, 0.0 };

	ck_assert_uint_eq(bp_latency_peak(tip, ring, 0, 7), 7);
	ck_assert_uint_eq(bp_latency_peak(tip, ring, 0, 6), 4);
	ck_assert_uint_eq(bp_latency_peak(tip, ring, 1, 3), 2);
	ck_assert_uint_eq(bp_latency_peak(tip, ring, 5, 5), 5);
}
END_TEST

Suite *latency_suite(void)
{
	Suite *s = suite_create("latency");
	TCase *tc = ts_tcase(s, "fit", false);

	tcase_add_loop_test(tc, fit_finds_the_delay, 0, 5);
	tcase_add_test(tc, uncertainty_follows_the_noise);
	tcase_add_test(tc, phase_with_the_delay_taken_out);
	tcase_add_test(tc, narrow_band_refused);
	tcase_add_test(tc, peak_of_both_legs);
	return s;
}
