/* response: the frequency response read from a measured transfer, against
 * filters whose response is known in closed form: the analogue
 * prototypes of a 2nd-order Butterworth high-pass, a peaking EQ
 * (Bristow-Johnson's audio EQ cookbook) and a 2nd-order Butterworth
 * low-pass.  A sweep goes through them (their exact response applied bin
 * by bin), the program deconvolves it, and each third-octave point, the
 * 1 kHz gain and both -3 dB corners must match the filters' H(j omega). */
#include "config.h"

#include <complex.h>
#include <math.h>

#include <check.h>

#include "analyse/response.h"
#include "testsignal.h"

#define RATE 48000.0
#define N 131072         /* 0.37 Hz bins: below 4 bins per 1/48 octave under 50 Hz */
#define LEN 65536

/* The filters under test: 0.5 x high-pass 40 Hz x peak +6 dB at 3 kHz
 * (Q 1) x low-pass 15 kHz. */
#define GAIN 0.5
#define HIGH_PASS_HZ 40.0
#define PEAK_HZ 3000.0
#define PEAK_Q 1.0
#define PEAK_DB 6.0
#define LOW_PASS_HZ 15000.0

static double complex filters(double hz, const void *ctx)
{
	const double complex sh = I * hz / HIGH_PASS_HZ, sp = I * hz / PEAK_HZ;
	const double complex sl = I * hz / LOW_PASS_HZ;
	const double a = pow(10.0, PEAK_DB / 40.0);

	(void)ctx;
	return GAIN * sh * sh / (sh * sh + M_SQRT2 * sh + 1.0) *
	       (sp * sp + sp * a / PEAK_Q + 1.0) / (sp * sp + sp / (a * PEAK_Q) + 1.0) /
	       (sl * sl + M_SQRT2 * sl + 1.0);
}

/* The exact response of the chain at @hz, dB. */
static double exact_db(double hz)
{
	return 20.0 * log10(cabs(filters(hz, NULL)));
}

/* Where the exact response first falls 3 dB below its 1 kHz level going
 * from 1 kHz in @direction (+1 up, -1 down): a fine walk, then bisection. */
static double exact_corner(int direction)
{
	const double ref = exact_db(1000.0), step = pow(2.0, direction / 1000.0);
	double a = 1000.0, b = 1000.0 * step;
	int i;

	while (exact_db(b) - ref > -3.0) {
		a = b;
		b *= step;
	}
	for (i = 0; i < 60; i++) {
		double m = sqrt(a * b);

		if (exact_db(m) - ref > -3.0)
			a = m;
		else
			b = m;
	}
	return sqrt(a * b);
}

/* The transfer of the filter chain, measured with a 10 Hz..22 kHz sweep. */
static const struct bp_transfer *measure_filters(void)
{
	double *x = ts_alloc(N), *tip = ts_alloc(N), *ring;

	ts_add_sweep(x, LEN, RATE, 10.0, 22000.0, 0.5, 480);
	ts_filter(tip, x, N, RATE, filters, NULL);
	ring = ts_copy(tip, N, -1.0);
	return ts_transfer(RATE, N, 1, tip, ring, x);
}

START_TEST(known_response_comes_back)
{
	const struct bp_transfer *tf = measure_filters();
	const double ref = exact_db(1000.0);
	struct bp_response_result r;
	double low, high;
	int i;

	bp_response_analyse(tf, tf->tip, 20.0, 20000.0, &r);
	ck_assert_double_eq_tol(r.gain_db, ref, 0.05);
	ck_assert_int_eq(r.n_points, BP_RESPONSE_POINTS_MAX);
	for (i = 0; i < r.n_points; i++) {
		const double want = exact_db(r.hz[i]) - ref;

		ck_assert_double_eq(r.hz[i], bp_third_octaves_hz[i]);
		ck_assert_msg(fabs(r.db[i] - want) < 0.05, "%.1f Hz: %.3f dB, the filters give %.3f",
			      r.hz[i], r.db[i], want);
	}
	low = exact_corner(-1);
	high = exact_corner(+1);
	ck_assert_msg(fabs(r.f_low_3db / low - 1.0) < 0.001, "low corner %.2f Hz, exact %.2f",
		      r.f_low_3db, low);
	ck_assert_msg(fabs(r.f_high_3db / high - 1.0) < 0.001, "high corner %.1f Hz, exact %.1f",
		      r.f_high_3db, high);
	/* The ring is the tip inverted: the same magnitudes. */
	bp_response_analyse(tf, tf->ring, 20.0, 20000.0, &r);
	ck_assert_double_eq_tol(r.gain_db, ref, 0.05);
}
END_TEST

/* Points only within the band the excitation covered; a corner beyond it
 * (the high-pass's, near 40 Hz, below 100 Hz) is not in the band: NAN. */
START_TEST(band_limits_points_and_corners)
{
	const struct bp_transfer *tf = measure_filters();
	struct bp_response_result r;

	bp_response_analyse(tf, tf->tip, 100.0, 10000.0, &r);
	ck_assert_int_eq(r.n_points, 21);
	ck_assert_double_eq(r.hz[0], 100.0);
	ck_assert_double_eq(r.hz[20], 10000.0);
	ck_assert(isnan(r.f_low_3db));
	ck_assert(isnan(r.f_high_3db));
}
END_TEST

/* A wire with a gain and a long fractional delay: flat at that gain from
 * 20 Hz (interpolated between bins) to 20 kHz (averaged), no corner. */
START_TEST(flat_wire)
{
	double *x = ts_alloc(N), *tip = ts_alloc(N), *ring = ts_alloc(N);
	const struct bp_transfer *tf;
	struct bp_response_result r;
	int i;

	ts_add_sweep(x, LEN, RATE, 10.0, 22000.0, 0.5, 480);
	ts_delay_by(tip, x, N, 311.37);
	ts_add_scaled(ring, tip, N, -2.0);
	tf = ts_transfer(RATE, N, 1, tip, ring, x);
	bp_response_analyse(tf, tf->ring, 20.0, 20000.0, &r);
	ck_assert_double_eq_tol(r.gain_db, 20.0 * log10(2.0), 0.01);
	for (i = 0; i < r.n_points; i++)
		ck_assert_msg(fabs(r.db[i]) < 0.01, "%.1f Hz: %.4f dB", r.hz[i], r.db[i]);
	ck_assert(isnan(r.f_low_3db));
	ck_assert(isnan(r.f_high_3db));
	ck_assert_double_eq_tol(bp_response_db_at(tf, tf->tip, 21.7), 0.0, 0.01);
	ck_assert_double_eq_tol(bp_response_db_at(tf, tf->tip, 9876.5), 0.0, 0.01);
}
END_TEST

Suite *response_suite(void)
{
	Suite *s = suite_create("response");
	TCase *tc = ts_tcase(s, "response", false);

	tcase_add_test(tc, known_response_comes_back);
	tcase_add_test(tc, band_limits_points_and_corners);
	tcase_add_test(tc, flat_wire);
	return s;
}
