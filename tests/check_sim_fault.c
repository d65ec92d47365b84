/* sim-fault: the simulated interface's fault items, as device/sim-fault.h
 * and the DEVICES section of balprobe(1) define them: how each item
 * parses, where a take stops and with which code, and what the signal
 * faults do to the samples. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <check.h>

#include "device/sim-fault.h"
#include "util/errors.h"
#include "testsignal.h"

/* One item parsed into a fresh fault set. */
static int parse(const char *item, struct bp_sim_fault *f)
{
	bp_sim_fault_init(f);
	return bp_sim_fault_parse(f, item);
}

START_TEST(items_parse)
{
	struct bp_sim_fault f;

	ck_assert_int_eq(parse("silence", &f), 0);
	ck_assert(f.silence);
	ck_assert_int_eq(parse("xrun=3", &f), 0);
	ck_assert_int_eq(f.xruns_left, 3);
	ck_assert_int_eq(f.xrun_frame, -1);
	ck_assert_int_eq(parse("xrun=2@4800", &f), 0);
	ck_assert_int_eq(f.xruns_left, 2);
	ck_assert_int_eq(f.xrun_frame, 4800);
	ck_assert_int_eq(parse("vanish", &f), 0);
	ck_assert(f.vanish);
	ck_assert_int_eq(f.vanish_frame, -1);
	ck_assert_int_eq(parse("vanish@100", &f), 0);
	ck_assert_int_eq(f.vanish_frame, 100);
	ck_assert_int_eq(parse("short=960", &f), 0);
	ck_assert_int_eq(f.short_frames, 960);
	ck_assert_int_eq(parse("dc=-0.25", &f), 0);
	ck_assert_double_eq(f.dc, -0.25);
	ck_assert_int_eq(parse("stuck=ring", &f), 0);
	ck_assert_uint_eq(f.stuck, BP_SIM_STUCK_RING);
	/* Both legs: two items. */
	ck_assert_int_eq(bp_sim_fault_parse(&f, "stuck=tip"), 0);
	ck_assert_uint_eq(f.stuck, BP_SIM_STUCK_TIP | BP_SIM_STUCK_RING);
}
END_TEST

/* Items of the fault family with a bad value: -EINVAL; anything else is
 * not a fault item (1), for the sim's own options. */
START_TEST(bad_items_refused)
{
	static const char *const bad[] = {
		"xrun=", "xrun=1001", "xrun=-1", "xrun=1.5", "xrun=2@", "xrun=2@x",
		"xrun=2@-5", "vanish@", "vanish@1e10", "short=0", "short=", "short=5x",
		"dc=1", "dc=-1", "dc=", "dc=0.1x", "dc=nan", "stuck=both", "stuck=",
	};
	static const char *const others[] = { "gain=3", "clip", "stereo", "vanishing", "xruns=2" };
	struct bp_sim_fault f;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(parse(bad[i], &f) == -EINVAL, "'%s' accepted", bad[i]);
	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		ck_assert_msg(parse(others[i], &f) == 1, "'%s' taken as a fault", others[i]);
}
END_TEST

/* Where a take of @frames stops: the code, and *delivered. */
static int take(struct bp_sim_fault *f, long frames, long *delivered)
{
	bp_error_clear();
	return bp_sim_fault_take(f, "sim:test", frames, delivered);
}

START_TEST(takes_stop_where_asked)
{
	struct bp_sim_fault f;
	long got;

	/* No fault: the whole take. */
	bp_sim_fault_init(&f);
	ck_assert_int_eq(take(&f, 1000, &got), 0);
	ck_assert_int_eq(got, 1000);
	/* xrun=2: the first two takes overrun at their end, then clean. */
	parse("xrun=2", &f);
	ck_assert_int_eq(take(&f, 1000, &got), -EPIPE);
	ck_assert_int_eq(got, 1000);
	ck_assert_int_eq(take(&f, 1000, &got), -EPIPE);
	ck_assert_int_eq(take(&f, 1000, &got), 0);
	ck_assert_int_eq(f.xruns_left, 0);
	/* At a frame; a frame past the end never comes and uses nothing up. */
	parse("xrun=1@100", &f);
	ck_assert_int_eq(take(&f, 1000, &got), -EPIPE);
	ck_assert_int_eq(got, 100);
	ck_assert_ptr_nonnull(strstr(bp_error_detail(), "sim:test"));
	parse("xrun=1@2000", &f);
	ck_assert_int_eq(take(&f, 1000, &got), 0);
	ck_assert_int_eq(f.xruns_left, 1);
	/* vanish: half-way by default, on every take. */
	parse("vanish", &f);
	ck_assert_int_eq(take(&f, 1000, &got), -ENODEV);
	ck_assert_int_eq(got, 500);
	ck_assert_int_eq(take(&f, 1000, &got), -ENODEV);
	ck_assert_ptr_nonnull(strstr(bp_error_detail(), "sim:test"));
	parse("vanish@2000", &f);
	ck_assert_int_eq(take(&f, 1000, &got), 0);
	/* short: the last N frames never come; more than the take, none. */
	parse("short=100", &f);
	ck_assert_int_eq(take(&f, 1000, &got), -EIO);
	ck_assert_int_eq(got, 900);
	parse("short=5000", &f);
	ck_assert_int_eq(take(&f, 1000, &got), -EIO);
	ck_assert_int_eq(got, 0);
}
END_TEST

/* Several faults: the earliest frame wins (a vanish before an overrun at
 * the same frame). */
START_TEST(earliest_fault_wins)
{
	static const struct {
		const char *items[2];
		int code;
		long delivered;
	} cases[] = {
		{ { "vanish@300", "xrun=1@200" }, -EPIPE, 200 },
		{ { "vanish@100", "short=100" }, -ENODEV, 100 },
		{ { "vanish@950", "short=100" }, -EIO, 900 },
		{ { "vanish@500", "xrun=1@500" }, -ENODEV, 500 },
		{ { "short=300", "xrun=1" }, -EIO, 700 },
	};
	struct bp_sim_fault f;
	long got;

	bp_sim_fault_init(&f);
	ck_assert_int_eq(bp_sim_fault_parse(&f, cases[_i].items[0]), 0);
	ck_assert_int_eq(bp_sim_fault_parse(&f, cases[_i].items[1]), 0);
	ck_assert_int_eq(take(&f, 1000, &got), cases[_i].code);
	ck_assert_int_eq(got, cases[_i].delivered);
}
END_TEST

/* The signal faults on 3 interleaved inputs: silence is exact zeros, dc
 * an offset (clipped again with clip), a stuck input the largest 24-bit
 * code on every frame (input 3 is never stuck). */
START_TEST(signal_faults)
{
	const double stuck = 1.0 - ldexp(1.0, -23);
	double x[12];
	struct bp_sim_fault f;
	size_t i;

	for (i = 0; i < 12; i++)
		x[i] = 0.9 - 0.15 * (double)i;
	parse("silence", &f);
	bp_sim_fault_apply(&f, x, 4, 3, false);
	for (i = 0; i < 12; i++)
		ck_assert(x[i] == 0.0);

	for (i = 0; i < 12; i++)
		x[i] = 0.9 - 0.15 * (double)i;
	parse("dc=0.25", &f);
	bp_sim_fault_apply(&f, x, 4, 3, true);
	ck_assert_double_eq(x[0], 1.0);     /* 1.15, clipped */
	for (i = 1; i < 12; i++)
		ck_assert_double_eq_tol(x[i], fmax(-1.0, 0.9 - 0.15 * (double)i + 0.25), 1e-15);

	for (i = 0; i < 12; i++)
		x[i] = 0.5;
	parse("stuck=tip", &f);
	bp_sim_fault_parse(&f, "stuck=ring");
	bp_sim_fault_apply(&f, x, 4, 3, false);
	for (i = 0; i < 12; i += 3) {
		ck_assert(x[i] == stuck && x[i + 1] == stuck);
		ck_assert(x[i + 2] == 0.5);
	}
}
END_TEST

Suite *sim_fault_suite(void)
{
	Suite *s = suite_create("sim-fault");
	TCase *tc = ts_tcase(s, "faults", false);

	tcase_add_test(tc, items_parse);
	tcase_add_test(tc, bad_items_refused);
	tcase_add_test(tc, takes_stop_where_asked);
	tcase_add_loop_test(tc, earliest_fault_wins, 0, 5);
	tcase_add_test(tc, signal_faults);
	return s;
}
