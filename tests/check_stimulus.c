/* The stimulus never blasts: for every plan in the probe registry (what
 * each probe plays, and the stimuli a probe reads but does not play) the
 * level cap, fades at every start and stop and the plan's text round
 * trip; the out probe's plan lengths; the checks on untrusted plan text;
 * and the engine plays no louder than it says. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "engine/engine.h"
#include "probes/probe.h"
#include "signal/stimulus.h"
#include "testsignal.h"

static const double rates[] = { 44100.0, 48000.0, 88200.0, 96000.0, 192000.0 };
#define RATES ((int)(sizeof(rates) / sizeof(rates[0])))

/* Plan @i of the registry's (every probe's that plays, then every
 * stimulus a probe reads); NULL past the last. */
static bp_plan_fn plan_at(int i)
{
	const struct bp_probe *p;
	const struct bp_probe_stimulus *st;
	size_t k;

	for (k = 0; (p = bp_probe_at(k)); k++)
		if (p->plan && i-- == 0)
			return p->plan;
	for (k = 0; (p = bp_probe_at(k)); k++)
		for (st = p->stimuli; st && st->name; st++)
			if (i-- == 0)
				return st->plan;
	return NULL;
}

static int plan_count(void)
{
	int n = 0;

	while (plan_at(n))
		n++;
	return n;
}

static bp_plan_fn out_plan(void)
{
	return bp_probe_find("out")->plan;
}

START_TEST(plan_lengths)
{
	struct bp_plan plan;

	ck_assert_int_eq(out_plan()(&plan, rates[_i], -20.0, false), 0);
	ck_assert_msg(plan.length <= lround(3.0 * rates[_i]), "%.2f s",
		      plan.length / rates[_i]);
	ck_assert_int_eq(out_plan()(&plan, rates[_i], -20.0, true), 0);
	ck_assert_msg(plan.length <= lround(1.5 * rates[_i]), "quick: %.2f s",
		      plan.length / rates[_i]);
}
END_TEST

START_TEST(level_cap_refused)
{
	const bp_plan_fn plan_fn = plan_at(_i);
	struct bp_plan plan;

	ck_assert_int_eq(plan_fn(&plan, 48000.0, BP_LEVEL_CAP_DBFS, false), 0);
	ck_assert_int_eq(plan_fn(&plan, 48000.0, BP_LEVEL_CAP_DBFS + 0.1, false), -EINVAL);
	ck_assert_int_eq(plan_fn(&plan, 48000.0, NAN, false), -EINVAL);
	ck_assert_int_eq(plan_fn(&plan, 7999.0, -20.0, false), -EINVAL);
	ck_assert_int_eq(plan_fn(&plan, 384001.0, -20.0, false), -EINVAL);
}
END_TEST

/* No sample above the level; every segment starts and ends at zero and
 * a sweep or tone rises and falls under its fade (a raised cosine; a
 * pulse is one itself). */
START_TEST(rendered_never_exceeds_level_and_fades)
{
	const double level = -12.0;
	const double rate = rates[_i % RATES];
	struct bp_plan plan;
	double *x;
	long i;
	int s;

	ck_assert_int_eq(plan_at(_i / RATES)(&plan, rate, level, false), 0);
	x = ts_track(bp_plan_render(&plan), free);
	ck_assert_ptr_nonnull(x);
	/* Only the loop's AES17 tones stand above the level asked for, and
	 * never above their own cap. */
	for (s = 0; s < plan.n_segments; s++)
		if (plan.seg[s].level_dbfs > level)
			ck_assert(plan.seg[s].kind == BP_SEG_TONE ||
				  plan.seg[s].kind == BP_SEG_TWO_TONE);
	for (i = 0; i < plan.length * plan.channels; i++)
		ck_assert_msg(fabs(x[i]) <= pow(10.0, fmax(level, BP_LEVEL_TONE_CAP_DBFS) / 20.0) *
					    (1.0 + 1e-12),
			      "sample %ld is %.6f above the cap", i, fabs(x[i]));
	for (s = 0; s < plan.n_segments; s++) {
		const struct bp_segment *seg = &plan.seg[s];
		double *y = ts_alloc((size_t)seg->length);
		const double peak_allowed = pow(10.0, seg->level_dbfs / 20.0) *
					    (seg->kind == BP_SEG_TWO_TONE ? 1.25 : 1.0);

		if (seg->kind == BP_SEG_SILENCE)
			continue;
		if (seg->kind != BP_SEG_PULSES)
			ck_assert_int_ge(seg->fade, lround(0.002 * rate));
		bp_segment_render(seg, rate, y);
		ck_assert_double_eq_tol(y[0], 0.0, 1e-12);
		ck_assert_double_eq_tol(y[seg->length - 1], 0.0, peak_allowed * 1e-3);
		/* The envelope |y| can only grow as fast as the fade allows:
		 * within the fade it stays under the raised cosine. */
		for (i = 0; i < seg->fade; i++) {
			double env = 0.5 - 0.5 * cos(M_PI * (double)i / (double)seg->fade);

			ck_assert(fabs(y[i]) <= peak_allowed * env + 1e-12);
			ck_assert(fabs(y[seg->length - 1 - i]) <= peak_allowed * env + 1e-12);
		}
	}
}
END_TEST

START_TEST(plan_text_round_trip)
{
	struct bp_plan plan, back;
	char text[1024];
	int s;

	ck_assert_int_eq(plan_at(_i / RATES)(&plan, rates[_i % RATES], -17.5, _i % 2), 0);
	ck_assert_int_eq(bp_plan_format(&plan, text, sizeof(text)), 0);
	ck_assert_int_eq(bp_plan_parse(&back, text), 0);
	ck_assert_double_eq(back.rate_hz, plan.rate_hz);
	ck_assert_int_eq(back.channels, plan.channels);
	ck_assert_int_eq(back.length, plan.length);
	ck_assert_int_eq(back.n_segments, plan.n_segments);
	for (s = 0; s < plan.n_segments; s++) {
		ck_assert_int_eq(back.seg[s].kind, plan.seg[s].kind);
		ck_assert_int_eq(back.seg[s].start, plan.seg[s].start);
		ck_assert_int_eq(back.seg[s].length, plan.seg[s].length);
		ck_assert_double_eq(back.seg[s].f1_hz, plan.seg[s].f1_hz);
	}
}
END_TEST

/* Untrusted comment text: each of these must be refused. */
START_TEST(plan_text_refused)
{
	static const char *const bad[] = {
		"",
		"balprobe-plan/2 rate=48000 channels=2 length=100 tone:0:0:50:1000:1000:-20:5",
		"balprobe-plan/1 rate=48000 channels=2 length=100",
		"balprobe-plan/1 rate=48000 channels=2 length=100 tone:0:60:50:1000:1000:-20:5",
		"balprobe-plan/1 rate=48000 channels=2 length=100 tone:2:0:50:1000:1000:-20:5",
		"balprobe-plan/1 rate=48000 channels=2 length=100 tone:0:0:50:1000:1000:0:5",
		"balprobe-plan/1 rate=48000 channels=2 length=100 sweep:0:0:50:10:24000:-20:5",
		"balprobe-plan/1 rate=48000 channels=2 length=100 sweep:0:0:50:100:10:-20:5",
		"balprobe-plan/1 rate=48000 channels=2 length=100 tone:0:0:50:1000:1000:-20:30",
		"balprobe-plan/1 rate=1 channels=2 length=100 tone:0:0:50:1000:1000:-20:5",
		"balprobe-plan/1 rate=48000 channels=0 length=100 tone:0:0:50:1000:1000:-20:5",
		"balprobe-plan/1 rate=48000 channels=2 length=100 buzz:0:0:50:1000:1000:-20:5",
		"balprobe-plan/1 rate=48000 channels=2 length=100 tone:0:0:50:1000:1000:-20:5 junk",
		"balprobe-plan/1 rate=48000 channels=2 length=100 tone:0:-5:50:1000:1000:-20:5",
		"balprobe-plan/1 rate=48000 channels=2 length=100 tone:-1:0:50:1000:1000:-20:5",
		"balprobe-plan/1 rate=48000 channels=2 length=100 tone:0:0:50:1000:1000:-20:5 silence:-1:49:20:0:0:-999:0",
		/* forms the format never writes (a fuzzer finding): a fraction
		 * of a rate, a missing space, junk after a number */
		"balprobe-plan/1 rate=48000.1 channels=2 length=100 tone:0:0:50:1000:1000:-20:5",
		"balprobe-plan/1 rate=48000 channels=2length=100 tone:0:0:50:1000:1000:-20:5",
		"balprobe-plan/1 rate=48000 channels=2 length=100 tone:0:0:50:1000:1000:-20:5\xa0x",
		"balprobe-plan/1 rate=48000 channels=2 length=100 tone:0:0:50:1000:1000:-20.0:5",
	};
	struct bp_plan plan;

	ck_assert_msg(bp_plan_parse(&plan, bad[_i]) == -EINVAL, "accepted: \"%s\"", bad[_i]);
}
END_TEST

/* The engine's played buffer: never above the level of the take it kept,
 * which auto-ranging keeps at or under the cap, even when the return is
 * so quiet that it steps up every time. */
START_TEST(engine_played_peak)
{
	static const char *const devices[] = { "sim", "sim:gain=-60", "sim:dead" };
	const struct bp_engine_options o = {
		.device = devices[_i], .rate_hz = 48000.0, .level_dbfs = -20.0,
		.quick = true, .output = 1, .tip = 1, .ring = 2,
	};
	struct bp_take take;

	ck_assert_int_eq(bp_engine_take(&o, out_plan(), &take), 0);
	ck_assert(take.level_dbfs <= BP_LEVEL_CAP_DBFS);
	ck_assert_msg(take.played_peak <= pow(10.0, take.level_dbfs / 20.0) * (1.0 + 1e-12),
		      "%s: played %.6f at a %.1f dBFS take", devices[_i],
		      take.played_peak, take.level_dbfs);
	if (_i == 0)
		ck_assert_double_eq(take.level_dbfs, -20.0);
	else
		ck_assert_msg(take.level_dbfs > -20.0, "%s: stayed at %.1f dBFS",
			      devices[_i], take.level_dbfs);
	bp_take_free(&take);
}
END_TEST

Suite *stimulus_suite(void)
{
	Suite *s = suite_create("stimulus");
	TCase *tc = ts_tcase(s, "plan", false);

	tcase_add_loop_test(tc, plan_lengths, 0, RATES);
	tcase_add_loop_test(tc, level_cap_refused, 0, plan_count());
	tcase_add_loop_test(tc, rendered_never_exceeds_level_and_fades, 0, RATES * plan_count());
	tcase_add_loop_test(tc, plan_text_round_trip, 0, RATES * plan_count());
	tcase_add_loop_test(tc, plan_text_refused, 0, 14);
	tc = ts_tcase(s, "engine", false);
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, engine_played_peak, 0, 3);
	return s;
}
