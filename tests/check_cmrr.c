/* cmrr: common-mode rejection, verdict and polarity of an input from its
 * two transfers, against circuits whose answer is known analytically.
 *
 * A four-resistor difference amplifier (R1 from the ring, R2 feedback, R3
 * from the tip, R4 to ground) gives
 *     H_tip = R4 / (R3 + R4) (1 + R2 / R1),   H_ring = -R2 / R1,
 * so CMRR follows exactly; for gain G = R2/R1 = R4/R3 and one resistor off
 * by a fraction t, the textbook approximation is (1 + G) / t (Pallas-Areny
 * and Webster 1991).  An unbalanced input (H_ring = 0) reads -6.02 dB. */
#include "config.h"

#include <complex.h>
#include <math.h>
#include <stdlib.h>

#include <check.h>

#include "analyse/cmrr.h"
#include "testsignal.h"

#define N 8192
#define RATE 48000.0

struct circuit {
	struct bp_transfer tf;
	double complex tip[N / 2 + 1], ring[N / 2 + 1];
	double complex diff[N / 2 + 1], common[N / 2 + 1];
};

/* Flat transfers (a resistive circuit) at every bin. */
static struct circuit *make_circuit(double complex h_tip, double complex h_ring)
{
	struct circuit *c = calloc(1, sizeof(*c));
	size_t k;

	ck_assert_ptr_nonnull(c);
	c->tf.n = N;
	c->tf.nbins = N / 2 + 1;
	c->tf.rate_hz = RATE;
	for (k = 0; k < c->tf.nbins; k++) {
		c->tip[k] = h_tip;
		c->ring[k] = h_ring;
	}
	bp_cmrr_modes(c->tip, c->ring, c->tf.nbins, c->diff, c->common);
	return c;
}

static void curve(struct circuit *c, const struct bp_cmrr_drives *d, double snr_db,
		  struct bp_cmrr_result *out)
{
	bp_cmrr_curve(&c->tf, c->diff, c->common, 20.0, 20000.0, snr_db, d, out);
}

/* Difference amplifier of gain @g with R1 off by a fraction @t. */
static void difference_amp(double g, double t, double complex *h_tip, double complex *h_ring)
{
	const double r1 = 1.0 * (1.0 + t), r2 = g, r3 = 1.0, r4 = g;

	*h_tip = r4 / (r3 + r4) * (1.0 + r2 / r1);
	*h_ring = -r2 / r1;
}

START_TEST(test_difference_amplifier)
{
	static const double tol[] = { 0.001, 0.01, 0.05, 0.1 };
	const double g = 1.0 + _i;   /* gains 1..4 */
	size_t i;

	for (i = 0; i < sizeof(tol) / sizeof(tol[0]); i++) {
		double complex ht, hr;
		struct bp_cmrr_drives d;
		struct bp_cmrr_result r;
		struct circuit *c;
		double exact, textbook;

		difference_amp(g, tol[i], &ht, &hr);
		exact = 20.0 * log10(cabs(ht - hr) / 2.0 / cabs(ht + hr));
		textbook = 20.0 * log10((1.0 + g) / tol[i]);
		c = make_circuit(ht, hr);
		bp_cmrr_drives_measured(&d, 0.0, 0.0, 0.0);
		curve(c, &d, 60.0, &r);
		ck_assert(r.measured);
		ck_assert_double_eq_tol(r.at_1k_db, exact, 1e-6);
		/* A first-order approximation: good for small tolerances. */
		if (tol[i] <= 0.01)
			ck_assert_double_eq_tol(r.at_1k_db, textbook, 0.1);
		ck_assert_int_eq(r.n_points, BP_RESPONSE_POINTS_MAX);
		ck_assert_double_eq_tol(r.db[0], exact, 1e-6);
		ck_assert(!r.bound);
		free(c);
	}
}
END_TEST

START_TEST(test_unbalanced_is_minus_6_db)
{
	struct circuit *c = make_circuit(0.8, 0.0);
	struct bp_cmrr_drives d;
	struct bp_cmrr_result r;

	bp_cmrr_drives_assumed(&d);
	curve(c, &d, 60.0, &r);
	ck_assert_double_eq_tol(r.at_1k_db, -6.0206, 1e-3);
	ck_assert(!r.bound);
	free(c);
}
END_TEST

START_TEST(test_cap_from_mismatch)
{
	struct bp_cmrr_drives d;

	bp_cmrr_drives_assumed(&d);
	ck_assert_double_eq_tol(bp_cmrr_cap_db(&d), 44.76, 0.05);
	bp_cmrr_drives_measured(&d, 0.0, 0.0, 0.005);
	ck_assert_double_eq_tol(bp_cmrr_cap_db(&d), 64.76, 0.05);
	bp_cmrr_drives_measured(&d, 0.0, 0.0, 0.0);
	ck_assert(isinf(bp_cmrr_cap_db(&d)));
}
END_TEST

/* An input better than the drives' assumed match reads as a bound; a
 * profile's measured gains correct the ring drive and restore it. */
START_TEST(test_bound_and_profile_hook)
{
	const double mis = pow(10.0, 0.05 / 20.0);
	double complex ht, hr;
	struct bp_cmrr_drives d;
	struct bp_cmrr_result r;
	struct circuit *c;

	difference_amp(1.0, 0.0005, &ht, &hr);   /* ~72 dB */
	c = make_circuit(ht, hr * mis);          /* the ring drive 0.05 dB hot */
	bp_cmrr_drives_assumed(&d);
	curve(c, &d, 60.0, &r);
	ck_assert(r.bound);
	ck_assert(r.at_1k_db < 50.0);
	bp_cmrr_drives_measured(&d, -1.0, -0.95, 0.001);
	bp_cmrr_correct(&d, c->ring, c->tf.nbins);
	bp_cmrr_modes(c->tip, c->ring, c->tf.nbins, c->diff, c->common);
	curve(c, &d, 60.0, &r);
	ck_assert(!r.bound);
	ck_assert_double_eq_tol(r.at_1k_db, 20.0 * log10(cabs(ht - hr) / 2.0 / cabs(ht + hr)), 0.01);
	/* A residue under the noise is a lower bound whatever the figure. */
	curve(c, &d, 3.0, &r);
	ck_assert(r.bound);
	free(c);
}
END_TEST

static struct bp_input_path path(double gain_db, bool present, double phase_deg)
{
	return (struct bp_input_path){ gain_db, present, phase_deg * M_PI / 180.0 };
}

START_TEST(test_verdicts)
{
	const struct {
		struct bp_input_paths p;
		enum bp_jack_verdict jack;
		enum bp_polarity_verdict polarity;
	} cases[] = {
		{ { path(0, true, 0), path(0, true, 180), false, path(0, 0, 0), path(0, 0, 0), 40.0, 0.0 },
		  BP_JACK_BALANCED, BP_POLARITY_NORMAL },
		{ { path(0, true, 180), path(0, true, 0), false, path(0, 0, 0), path(0, 0, 0), 40.0, M_PI },
		  BP_JACK_BALANCED, BP_POLARITY_INVERTED },
		{ { path(0, true, 0), path(-60, false, 0), false, path(0, 0, 0), path(0, 0, 0), -6.0, 0.0 },
		  BP_JACK_UNBALANCED, BP_POLARITY_NORMAL },
		{ { path(0, true, 0), path(-30, true, 0), false, path(0, 0, 0), path(0, 0, 0), -5.7, 0.0 },
		  BP_JACK_UNBALANCED, BP_POLARITY_NORMAL },
		{ { path(0, true, 0), path(-80, false, 0), true, path(-80, false, 0), path(0, true, 0), -6.0, 0.0 },
		  BP_JACK_STEREO, BP_POLARITY_NORMAL },
		{ { path(-90, false, 0), path(-90, false, 0), true, path(-90, false, 0), path(-90, false, 0), 0.0, 0.0 },
		  BP_JACK_NO_SIGNAL, BP_POLARITY_UNKNOWN },
		/* Tip and ring summed in phase: neither kind. */
		{ { path(0, true, 0), path(0, true, 0), false, path(0, 0, 0), path(0, 0, 0), -40.0, 0.0 },
		  BP_JACK_UNKNOWN, BP_POLARITY_UNKNOWN },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct bp_jack_result jack;
		struct bp_polarity_result pol;

		bp_cmrr_judge(&cases[i].p, &jack, &pol);
		ck_assert_msg(jack.verdict == cases[i].jack, "case %zu: jack %d", i, jack.verdict);
		ck_assert_msg(pol.verdict == cases[i].polarity, "case %zu: polarity %d", i, pol.verdict);
		ck_assert(jack.explanation[0] && pol.explanation[0]);
	}
}
END_TEST

Suite *cmrr_suite(void)
{
	Suite *s = suite_create("cmrr");
	TCase *tc = tcase_create("cmrr");

	tcase_add_loop_test(tc, test_difference_amplifier, 0, 4);
	tcase_add_test(tc, test_unbalanced_is_minus_6_db);
	tcase_add_test(tc, test_cap_from_mismatch);
	tcase_add_test(tc, test_bound_and_profile_hook);
	tcase_add_test(tc, test_verdicts);
	suite_add_tcase(s, tc);
	return s;
}
