/* port-model: what each kind of output port puts on tip and ring, from
 * the table in DESIGN.md ("The record-both-channels method"), and the
 * model's gain, mismatch, skew, latency, hum, ripple, noise and clipping
 * against their definitions in device/port-model.h. */
#include "config.h"

#include <errno.h>
#include <math.h>

#include <check.h>

#include "device/port-model.h"
#include "dsp/dsp.h"
#include "testsignal.h"

#define RATE 48000.0
#define FRAMES 4800      /* 0.1 s: five cycles of 50 Hz, six of 60 Hz */

/* The programme (1 kHz at -20 dBFS) and the partner's (300 Hz, -26 dBFS). */
static double *programme(void)
{
	double *x = ts_alloc(FRAMES);

	ts_add_sine(x, FRAMES, RATE, 1000.0, ts_amp_of_dbfs(-20.0), 0.0);
	return x;
}

static double *partner(void)
{
	double *x = ts_alloc(FRAMES);

	ts_add_sine(x, FRAMES, RATE, 300.0, ts_amp_of_dbfs(-26.0), 0.5);
	return x;
}

/* The largest |a - (ga p + gb q)| over the take. */
static double misfit(const double *a, const double *p, double gp, const double *q, double gq)
{
	double worst = 0.0;
	size_t i;

	for (i = 0; i < FRAMES; i++)
		worst = fmax(worst, fabs(a[i] - gp * p[i] - gq * q[i]));
	return worst;
}

/* Render @m into fresh tip and ring. */
static void render(const struct bp_port_model *m, const double *p, const double *q,
		   double **tip, double **ring)
{
	*tip = ts_alloc(FRAMES);
	*ring = ts_alloc(FRAMES);
	ck_assert_int_eq(bp_port_render(m, RATE, p, q, FRAMES, *tip, *ring), 0);
}

/* DESIGN's table: tip and ring as multiples of the programme p and the
 * partner's programme q, with nothing else in the model. */
START_TEST(kinds_put_the_signal_where_design_says)
{
	static const struct {
		enum bp_port_kind kind;
		double tip_p, tip_q, ring_p, ring_q;
	} cases[] = {
		{ BP_PORT_BALANCED, 1, 0, -1, 0 },
		{ BP_PORT_INVERTED, -1, 0, 1, 0 },
		{ BP_PORT_UNBALANCED, 1, 0, 0, 0 },
		{ BP_PORT_UNBALANCED_FLOATING, 1, 0, 0, 0 },
		{ BP_PORT_IMPEDANCE_BALANCED, 1, 0, 0, 0 },
		{ BP_PORT_STEREO, 1, 0, 0, 1 },
		{ BP_PORT_DUAL_MONO, 1, 0, 1, 0 },
		{ BP_PORT_DEAD, 0, 0, 0, 0 },
	};
	const double *p = programme(), *q = partner();
	struct bp_port_model m;
	double *tip, *ring;

	ck_assert_int_eq(sizeof(cases) / sizeof(cases[0]), BP_PORT_KINDS);
	bp_port_model_init(&m, cases[_i].kind);
	render(&m, p, q, &tip, &ring);
	ck_assert_msg(misfit(tip, p, cases[_i].tip_p, q, cases[_i].tip_q) < 1e-15,
		      "%s: tip", bp_port_kind_name(cases[_i].kind));
	ck_assert_msg(misfit(ring, p, cases[_i].ring_p, q, cases[_i].ring_q) < 1e-15,
		      "%s: ring", bp_port_kind_name(cases[_i].kind));
}
END_TEST

/* Gain on the output stage (the partner's too), mismatch and a whole-
 * sample skew on a balanced ring, crosstalk onto an unbalanced ring. */
START_TEST(gain_mismatch_skew_crosstalk)
{
	const double *p = programme(), *q = partner();
	const double g = pow(10.0, 6.0 / 20.0);
	double *tip, *ring, *late = ts_alloc(FRAMES);
	struct bp_port_model m;

	bp_port_model_init(&m, BP_PORT_BALANCED);
	m.gain_db = 6.0;
	m.mismatch_db = -1.0;
	m.skew_s = 5.0 / RATE;
	render(&m, p, q, &tip, &ring);
	ck_assert(misfit(tip, p, g, q, 0.0) < 1e-15);
	ts_delay_by(late, p, FRAMES, 5.0);
	ck_assert(misfit(ring, late, -g * pow(10.0, -1.0 / 20.0), q, 0.0) < 1e-15);

	bp_port_model_init(&m, BP_PORT_STEREO);
	m.gain_db = 6.0;
	m.crosstalk_db = -40.0;
	render(&m, p, q, &tip, &ring);
	ck_assert(misfit(ring, p, g * 0.01, q, g) < 1e-15);

	bp_port_model_init(&m, BP_PORT_UNBALANCED);
	m.crosstalk_db = -40.0;
	render(&m, p, q, &tip, &ring);
	ck_assert(misfit(ring, p, 0.01, q, 0.0) < 1e-15);
}
END_TEST

/* The latency delays both legs: exactly by a whole number of samples, and
 * a fraction within 1e-4 of an independent windowed sinc (the tests'
 * ts_delay, 129 taps) for a 1 kHz tone. */
START_TEST(latency_delays_both_legs)
{
	static const double latencies[] = { 17.0, 10.5, 311.37 };
	const double *p = programme();
	double *tip, *ring, *want = ts_alloc(FRAMES), worst = 0.0;
	struct bp_port_model m;
	size_t i;

	bp_port_model_init(&m, BP_PORT_BALANCED);
	m.latency_samples = latencies[_i];
	render(&m, p, NULL, &tip, &ring);
	ts_delay_by(want, p, FRAMES, latencies[_i]);
	/* Past the filters' reach of the start. */
	for (i = 400; i < FRAMES - 64; i++)
		worst = fmax(worst, fmax(fabs(tip[i] - want[i]), fabs(ring[i] + want[i])));
	ck_assert_msg(worst < (latencies[_i] == floor(latencies[_i]) ? 1e-15 : 1e-4),
		      "latency %.2f: %.3g off", latencies[_i], worst);
}
END_TEST

/* The mean square of @x over whole mains cycles (the whole take). */
static double power(const double *x)
{
	double r = ts_rms(x, FRAMES);

	return r * r;
}

/* A ground loop is common mode: equal and in phase on both legs, with the
 * power of its series (bp_port_hum_power); an open ring carries its own
 * pickup instead, not in phase with the loop's hum. */
START_TEST(hum_rides_the_ground)
{
	struct bp_port_model m;
	double *tip, *ring;
	size_t i;

	bp_port_model_init(&m, BP_PORT_BALANCED);
	m.mains_hz = _i ? 60.0 : 50.0;
	m.hum_dbfs = -40.0;
	render(&m, NULL, NULL, &tip, &ring);
	ck_assert(misfit(tip, ring, 1.0, ring, 0.0) == 0.0);
	ck_assert_double_eq_tol(power(tip) / bp_port_hum_power(-40.0), 1.0, 1e-9);
	ck_assert_double_eq_tol(bp_port_hum_power(-40.0),
				bp_power_from_dbfs(-40.0) * (1.0 + pow(10.0, -0.8) + pow(10.0, -1.4)),
				1e-15);

	bp_port_model_init(&m, BP_PORT_UNBALANCED_FLOATING);
	m.mains_hz = _i ? 60.0 : 50.0;
	m.hum_dbfs = -40.0;
	m.pickup_dbfs = -50.0;
	render(&m, NULL, NULL, &tip, &ring);
	ck_assert_double_eq_tol(power(tip) / bp_port_hum_power(-40.0), 1.0, 1e-9);
	ck_assert_double_eq_tol(power(ring) / bp_port_hum_power(-50.0), 1.0, 1e-9);
	/* Not a scaled copy of the tip's hum: the pickup has its own phase. */
	for (i = 0; i < FRAMES; i++)
		ring[i] *= pow(10.0, 10.0 / 20.0);
	ck_assert(misfit(tip, ring, 1.0, ring, 0.0) > 1e-3);
}
END_TEST

/* Supply ripple follows the signal path: inverted on a balanced ring,
 * absent from an unbalanced one; a dead port makes none. */
START_TEST(ripple_follows_the_signal)
{
	struct bp_port_model m;
	double *tip, *ring;

	bp_port_model_init(&m, BP_PORT_BALANCED);
	m.ripple_dbfs = -60.0;
	render(&m, NULL, NULL, &tip, &ring);
	ck_assert(misfit(ring, tip, -1.0, tip, 0.0) < 1e-15);
	ck_assert_double_eq_tol(power(tip) / bp_port_ripple_power(-60.0), 1.0, 1e-9);

	bp_port_model_init(&m, BP_PORT_UNBALANCED);
	m.ripple_dbfs = -60.0;
	render(&m, NULL, NULL, &tip, &ring);
	ck_assert_double_eq_tol(power(tip) / bp_port_ripple_power(-60.0), 1.0, 1e-9);
	ck_assert(power(ring) == 0.0);

	bp_port_model_init(&m, BP_PORT_DEAD);
	m.ripple_dbfs = -60.0;
	render(&m, NULL, NULL, &tip, &ring);
	ck_assert(power(tip) == 0.0 && power(ring) == 0.0);
}
END_TEST

/* Each input's white noise at its level (AES17: RMS 0.1 is -16.99 dBFS),
 * independent between tip and ring, and the same for the same seed. */
START_TEST(noise_independent_and_seeded)
{
	struct bp_port_model m;
	double *tip, *ring, *again, *other, dot = 0.0;
	size_t i;

	bp_port_model_init(&m, BP_PORT_BALANCED);
	m.noise_dbfs = -16.99;
	m.seed = 42;
	render(&m, NULL, NULL, &tip, &ring);
	ck_assert_double_eq_tol(ts_rms(tip, FRAMES), 0.1, 0.004);
	ck_assert_double_eq_tol(ts_rms(ring, FRAMES), 0.1, 0.004);
	for (i = 0; i < FRAMES; i++)
		dot += tip[i] * ring[i];
	/* 4 standard deviations of the correlation of 4800 independent pairs. */
	ck_assert_double_lt(fabs(dot / (FRAMES * 0.01)), 4.0 / sqrt(FRAMES));
	render(&m, NULL, NULL, &again, &other);
	ck_assert(misfit(again, tip, 1.0, tip, 0.0) == 0.0);
	m.seed = 43;
	render(&m, NULL, NULL, &again, &other);
	ck_assert(misfit(again, tip, 1.0, tip, 0.0) > 0.01);
}
END_TEST

/* With clip, nothing passes full scale: a -6 dBFS tone 20 dB up is cut at
 * exactly 1.0. */
START_TEST(clip_at_full_scale)
{
	const double *p = programme();
	struct bp_port_model m;
	double *tip, *ring, top = 0.0;
	size_t i;

	bp_port_model_init(&m, BP_PORT_BALANCED);
	m.gain_db = 34.0;
	m.clip = true;
	render(&m, p, NULL, &tip, &ring);
	for (i = 0; i < FRAMES; i++)
		top = fmax(top, fmax(fabs(tip[i]), fabs(ring[i])));
	ck_assert(top == 1.0);
	m.clip = false;
	render(&m, p, NULL, &tip, &ring);
	ck_assert(ts_rms(tip, FRAMES) > 1.0);
}
END_TEST

/* Parameters the model cannot render: -EINVAL, and nothing written. */
START_TEST(bad_parameters)
{
	struct bp_port_model m;
	double tip[8], ring[8];

	bp_port_model_init(&m, BP_PORT_BALANCED);
	ck_assert_int_eq(bp_port_render(&m, 0.0, NULL, NULL, 8, tip, ring), -EINVAL);
	ck_assert_int_eq(bp_port_render(&m, NAN, NULL, NULL, 8, tip, ring), -EINVAL);
	m.mains_hz = 55.0;
	ck_assert_int_eq(bp_port_render(&m, RATE, NULL, NULL, 8, tip, ring), -EINVAL);
	bp_port_model_init(&m, BP_PORT_BALANCED);
	m.latency_samples = -1.0;
	ck_assert_int_eq(bp_port_render(&m, RATE, NULL, NULL, 8, tip, ring), -EINVAL);
	bp_port_model_init(&m, BP_PORT_BALANCED);
	m.gain_db = NAN;
	ck_assert_int_eq(bp_port_render(&m, RATE, NULL, NULL, 8, tip, ring), -EINVAL);
	bp_port_model_init(&m, BP_PORT_BALANCED);
	m.noise_dbfs = NAN;
	ck_assert_int_eq(bp_port_render(&m, RATE, NULL, NULL, 8, tip, ring), -EINVAL);
	bp_port_model_init(&m, BP_PORT_KINDS);
	ck_assert_int_eq(bp_port_render(&m, RATE, NULL, NULL, 8, tip, ring), -EINVAL);
}
END_TEST

/* Every kind's name parses back to it; a name that is none is refused. */
START_TEST(kind_names)
{
	enum bp_port_kind k, back;

	for (k = 0; k < BP_PORT_KINDS; k++) {
		ck_assert_ptr_nonnull(bp_port_kind_name(k));
		ck_assert_int_eq(bp_port_kind_parse(bp_port_kind_name(k), &back), 0);
		ck_assert_int_eq(back, k);
	}
	ck_assert_ptr_null(bp_port_kind_name(BP_PORT_KINDS));
	ck_assert_int_eq(bp_port_kind_parse("balance", &back), -EINVAL);
	ck_assert_str_eq(bp_port_kind_name(BP_PORT_IMPEDANCE_BALANCED), "impedance-balanced");
}
END_TEST

/* bp_port_delay: a whole delay is an exact shift (zeros before), one past
 * the signal leaves nothing. */
START_TEST(delay_shifts)
{
	double x[64], y[64];
	size_t i;

	for (i = 0; i < 64; i++)
		x[i] = (double)i + 1.0;
	bp_port_delay(x, y, 64, 3.0);
	ck_assert(y[0] == 0.0 && y[2] == 0.0 && y[3] == 1.0 && y[63] == 61.0);
	bp_port_delay(x, y, 64, 1e30);
	for (i = 0; i < 64; i++)
		ck_assert(y[i] == 0.0);
}
END_TEST

/* The generator: uniform on [0, 1) with mean 1/2 and variance 1/12, the
 * Gaussian with mean 0 and variance 1 (within 4 standard errors of
 * 100000 draws), and one seed, one sequence. */
START_TEST(generator)
{
	struct bp_port_rng a, b;
	const int n = 100000;
	double su = 0.0, su2 = 0.0, sg = 0.0, sg2 = 0.0;
	int i;

	bp_port_rng_seed(&a, 9);
	bp_port_rng_seed(&b, 9);
	for (i = 0; i < 16; i++)
		ck_assert(bp_port_rng_next(&a) == bp_port_rng_next(&b));
	for (i = 0; i < n; i++) {
		double u = bp_port_rng_uniform(&a), g = bp_port_rng_gauss(&a);

		ck_assert(u >= 0.0 && u < 1.0 && isfinite(g));
		su += u;
		su2 += u * u;
		sg += g;
		sg2 += g * g;
	}
	ck_assert_double_eq_tol(su / n, 0.5, 4.0 * sqrt(1.0 / 12.0 / n));
	ck_assert_double_eq_tol(su2 / n - (su / n) * (su / n), 1.0 / 12.0, 0.001);
	ck_assert_double_eq_tol(sg / n, 0.0, 4.0 / sqrt(n));
	ck_assert_double_eq_tol(sg2 / n, 1.0, 4.0 * sqrt(2.0 / n));
}
END_TEST

Suite *port_model_suite(void)
{
	Suite *s = suite_create("port-model");
	TCase *tc = ts_tcase(s, "kinds", false);

	tcase_add_loop_test(tc, kinds_put_the_signal_where_design_says, 0, BP_PORT_KINDS);
	tcase_add_test(tc, gain_mismatch_skew_crosstalk);
	tcase_add_loop_test(tc, latency_delays_both_legs, 0, 3);
	tc = ts_tcase(s, "interference", false);
	tcase_add_loop_test(tc, hum_rides_the_ground, 0, 2);
	tcase_add_test(tc, ripple_follows_the_signal);
	tcase_add_test(tc, noise_independent_and_seeded);
	tcase_add_test(tc, clip_at_full_scale);
	tc = ts_tcase(s, "parts", false);
	tcase_add_test(tc, bad_parameters);
	tcase_add_test(tc, kind_names);
	tcase_add_test(tc, delay_shifts);
	tcase_add_test(tc, generator);
	return s;
}
