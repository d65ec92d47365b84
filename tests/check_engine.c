/* engine: takes on the simulated interface, checked against what the
 * engine's header promises and what the sim's port model makes of the
 * played buffer: the take's length (the plan plus BP_ENGINE_TAIL_S), the
 * plan's channels on the output under test and its partner, the inputs
 * picked for tip and ring, xrun retries, level ranging, --save, and
 * device errors passed through.  The plan is the test's own (a tone on
 * the tested output, then a sweep on its partner), so nothing here
 * depends on a probe. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "engine/engine.h"
#include "util/errors.h"
#include "testsignal.h"

#define RATE 48000.0
#define LATENCY 100          /* samples: a whole number, an exact shift in the sim */

/* 0.1 s of 1 kHz on channel 0, then 0.1 s of a 100 Hz..10 kHz sweep on
 * channel 1; -EINVAL above the level cap, as a probe's plan does. */
static int test_plan(struct bp_plan *plan, double rate_hz, double level_dbfs, bool quick)
{
	const long len = lround(0.1 * rate_hz);

	(void)quick;
	if (level_dbfs > BP_LEVEL_CAP_DBFS)
		return -EINVAL;
	memset(plan, 0, sizeof(*plan));
	plan->rate_hz = rate_hz;
	plan->channels = 2;
	plan->length = 2 * len;
	plan->n_segments = 2;
	plan->seg[0] = (struct bp_segment){ .kind = BP_SEG_TONE, .channel = 0, .start = 0,
					    .length = len, .f1_hz = 1000.0, .f2_hz = 1000.0,
					    .level_dbfs = level_dbfs, .fade = 48 };
	plan->seg[1] = (struct bp_segment){ .kind = BP_SEG_SWEEP, .channel = 1, .start = len,
					    .length = len, .f1_hz = 100.0, .f2_hz = 10000.0,
					    .level_dbfs = level_dbfs, .fade = 48 };
	return 0;
}

/* Channel @c of the test plan at @level_dbfs, as played (tracked). */
static double *played(int c, double level_dbfs, long *length)
{
	struct bp_plan plan;
	double *stim, *x;
	long i;

	ck_assert_int_eq(test_plan(&plan, RATE, level_dbfs, false), 0);
	stim = bp_plan_render(&plan);
	ck_assert_ptr_nonnull(stim);
	x = ts_alloc((size_t)plan.length);
	for (i = 0; i < plan.length; i++)
		x[i] = stim[(size_t)i * plan.channels + c];
	free(stim);
	*length = plan.length;
	return x;
}

static void release_take(void *take)
{
	bp_take_free(take);
	free(take);
}

/* A take (tracked), or the engine's code in @err. */
static struct bp_take *run(const char *device, int output, int ring_drive, bp_plan_fn plan,
			   int *err)
{
	const struct bp_engine_options o = {
		.device = device, .rate_hz = RATE, .level_dbfs = -20.0, .quick = true,
		.output = output, .ring_drive = ring_drive, .tip = 1, .ring = 2,
		.duration_s = 0.25,
	};
	struct bp_take *take = calloc(1, sizeof(*take));

	ck_assert_ptr_nonnull(take);
	ts_track(take, release_take);
	bp_error_clear();
	*err = bp_engine_take(&o, plan, take);
	return take;
}

static struct bp_take *run_ok(const char *device, int output, int ring_drive)
{
	int err;
	struct bp_take *take = run(device, output, ring_drive, test_plan, &err);

	ck_assert_msg(err == 0, "%s: %d (%s)", device, err,
		      bp_error_detail() ? bp_error_detail() : "");
	return take;
}

/* The largest |leg[i + LATENCY] - gain x[i]| over the played length. */
static double misfit(const double *leg, const double *x, long n, double gain)
{
	double worst = 0.0;
	long i;

	for (i = 0; i < n; i++)
		worst = fmax(worst, fabs(leg[i + LATENCY] - gain * x[i]));
	return worst;
}

/* A balanced port on output 1: the take is the plan and the tail long,
 * at the rate asked; the tip records the tested output's channel, the
 * ring the same inverted; the partner's sweep does not reach a balanced
 * port. */
START_TEST(take_has_the_plan_and_the_tail)
{
	const struct bp_take *take = run_ok("sim:latency=100,noise=-200", 1, 0);
	long n;
	const double *tone = played(0, -20.0, &n);

	ck_assert_int_eq(take->frames, n + lround(BP_ENGINE_TAIL_S * RATE));
	ck_assert_double_eq(take->rate_hz, RATE);
	ck_assert_double_eq(take->level_dbfs, -20.0);
	ck_assert_int_eq(take->xruns, 0);
	ck_assert_str_eq(take->device, "sim:latency=100,noise=-200");
	ck_assert_ptr_nonnull(strstr(take->description, "balanced port on output 1"));
	ck_assert(take->played_peak <= ts_amp_of_dbfs(-20.0) * (1.0 + 1e-12));
	ck_assert(take->played_peak > 0.99 * ts_amp_of_dbfs(-20.0));
	ck_assert_double_lt(misfit(take->tip, tone, n, 1.0), 1e-8);
	ck_assert_double_lt(misfit(take->ring, tone, n, -1.0), 1e-8);
}
END_TEST

/* A stereo port: the plan's second channel goes to the pair partner of
 * the output under test (2 for 1, 1 for 2), which the sim's stereo jack
 * carries on its ring; with ring_drive it goes to that output instead,
 * and output 3 is no part of this jack. */
START_TEST(channels_on_output_and_partner)
{
	static const struct {
		const char *device;
		int output, ring_drive;
		double ring_gain;
	} cases[] = {
		{ "sim:stereo,latency=100,noise=-200", 1, 0, 1.0 },
		{ "sim:stereo,port=2,latency=100,noise=-200", 2, 0, 1.0 },
		{ "sim:stereo,outputs=4,latency=100,noise=-200", 1, 2, 1.0 },
		{ "sim:stereo,outputs=4,latency=100,noise=-200", 1, 3, 0.0 },
	};
	const struct bp_take *take = run_ok(cases[_i].device, cases[_i].output,
					    cases[_i].ring_drive);
	long n;
	const double *tone = played(0, -20.0, &n), *sweep = played(1, -20.0, &n);

	ck_assert_msg(misfit(take->tip, tone, n, 1.0) < 1e-8, "%s: tip", cases[_i].device);
	ck_assert_msg(misfit(take->ring, sweep, n, cases[_i].ring_gain) < 1e-8, "%s: ring",
		      cases[_i].device);
}
END_TEST

/* Inputs 3 and 1 as tip and ring: the take keeps those legs (the sim
 * records the port's tip on input 1 and nothing on inputs 3 and up). */
START_TEST(inputs_picked_for_tip_and_ring)
{
	const struct bp_engine_options o = {
		.device = "sim:inputs=3,latency=100,noise=-200", .rate_hz = RATE,
		.level_dbfs = -20.0, .output = 1, .tip = 3, .ring = 1,
	};
	struct bp_take *take = calloc(1, sizeof(*take));
	long n;
	const double *tone = played(0, -20.0, &n);

	ck_assert_ptr_nonnull(take);
	ts_track(take, release_take);
	ck_assert_int_eq(bp_engine_take(&o, test_plan, take), 0);
	ck_assert_double_lt(misfit(take->ring, tone, n, 1.0), 1e-8);
	ck_assert_double_lt(misfit(take->tip, tone, n, 0.0), 1e-300);
}
END_TEST

/* Without a plan the engine records duration_s and plays nothing; a
 * ground loop's hum is what comes back, alike on both legs. */
START_TEST(record_only)
{
	int err;
	const struct bp_take *take = run("sim:hum=50:-40,noise=-200", 1, 0, NULL, &err);
	double worst = 0.0;
	long i;

	ck_assert_int_eq(err, 0);
	ck_assert_int_eq(take->frames, lround(0.25 * RATE));
	ck_assert_double_eq(take->played_peak, 0.0);
	for (i = 0; i < take->frames; i++)
		worst = fmax(worst, fabs(take->tip[i] - take->ring[i]));
	ck_assert_double_lt(worst, 1e-8);
	ck_assert_double_gt(ts_rms(take->tip, (size_t)take->frames), 0.5 * ts_rms_of_dbfs(-40.0));
}
END_TEST

/* BP_ENGINE_XRUN_RETRIES spoiled takes are repeated and counted; one more
 * is -EPIPE with a sentence, and no take. */
START_TEST(xrun_retries)
{
	int err;
	const struct bp_take *take;

	take = run_ok("sim:xrun=3", 1, 0);
	ck_assert_int_eq(BP_ENGINE_XRUN_RETRIES, 3);
	ck_assert_int_eq(take->xruns, 3);
	ck_assert_ptr_nonnull(take->tip);
	take = run("sim:xrun=4", 1, 0, test_plan, &err);
	ck_assert_int_eq(err, -EPIPE);
	ck_assert_ptr_nonnull(strstr(bp_error_detail(), "4 takes in a row"));
	ck_assert_ptr_null(take->tip);
}
END_TEST

/* Level ranging: a return 50 dB down is too quiet at -20 dBFS and at
 * -10, and +10 more would pass the cap: the take stays at -10.  A return
 * 25 dB up clips at -20 and not at -30. */
START_TEST(level_ranging)
{
	const struct bp_take *take = run_ok("sim:gain=-50", 1, 0);

	ck_assert_double_eq(take->level_dbfs, -10.0);
	take = run_ok("sim:gain=25,clip", 1, 0);
	ck_assert_double_eq(take->level_dbfs, -30.0);
	ck_assert(take->played_peak <= ts_amp_of_dbfs(-30.0) * (1.0 + 1e-12));
}
END_TEST

/* --save: the stimulus (with its plan in the comment) and the recording
 * (tip and ring as taken) in a directory made for them. */
START_TEST(save_keeps_stimulus_and_recording)
{
	char dir[512], path[600];
	const struct bp_engine_options o = {
		.device = "sim", .rate_hz = RATE, .level_dbfs = -20.0, .output = 1,
		.tip = 1, .ring = 2, .save_dir = dir, .save_name = "out1",
	};
	struct bp_take *take = calloc(1, sizeof(*take));
	struct bp_wav_data rec = { 0 }, stim = { 0 };
	struct bp_plan plan;
	long i;

	ck_assert_ptr_nonnull(take);
	ts_track(take, release_take);
	ts_path(dir, sizeof(dir), "takes");
	ck_assert_int_eq(bp_engine_take(&o, test_plan, take), 0);
	snprintf(path, sizeof(path), "%s/out1-recording.wav", dir);
	ck_assert_int_eq(bp_wav_read_all(path, 10.0, &rec), 0);
	ts_track(rec.samples, free);
	snprintf(path, sizeof(path), "%s/out1-stimulus.wav", dir);
	ck_assert_int_eq(bp_wav_read_all(path, 10.0, &stim), 0);
	ts_track(stim.samples, free);
	ck_assert_int_eq(rec.channels, 2);
	ck_assert_int_eq(rec.frames, take->frames);
	for (i = 0; i < rec.frames; i++) {
		ck_assert_double_eq_tol(rec.samples[2 * i], take->tip[i], 1e-7);
		ck_assert_double_eq_tol(rec.samples[2 * i + 1], take->ring[i], 1e-7);
	}
	ck_assert_int_eq(bp_plan_parse(&plan, stim.comment), 0);
	ck_assert_int_eq(plan.n_segments, 2);
	ck_assert_int_eq(stim.channels, plan.channels);
	ck_assert_int_eq(stim.frames, plan.length);
	ck_assert_int_eq(ts_dir_entries(dir), 2);
}
END_TEST

/* A --save directory that is a file is refused before the take. */
START_TEST(save_into_a_file_refused)
{
	char file[512];
	const struct bp_engine_options o = {
		.device = "sim", .rate_hz = RATE, .level_dbfs = -20.0, .output = 1,
		.tip = 1, .ring = 2, .save_dir = file, .save_name = "out1",
	};
	struct bp_take take;

	ts_path(file, sizeof(file), "not-a-dir");
	ts_write_text(file, "x");
	ck_assert_int_eq(bp_engine_take(&o, test_plan, &take), BP_E_FILE_WRITE);
	ck_assert_ptr_nonnull(strstr(bp_error_detail(), "is a file"));
	ck_assert_ptr_null(take.tip);
}
END_TEST

/* The device's own codes pass through: an unknown sim option, an output
 * or an input the device does not have. */
START_TEST(device_errors_pass_through)
{
	int err;

	run("sim:bogus", 1, 0, test_plan, &err);
	ck_assert_int_eq(err, -EINVAL);
	ck_assert_ptr_nonnull(bp_error_detail());
	run("sim", 3, 0, test_plan, &err);
	ck_assert_int_eq(err, -ERANGE);
	run("sim:vanish", 1, 0, test_plan, &err);
	ck_assert_int_eq(err, -ENODEV);
}
END_TEST

Suite *engine_suite(void)
{
	Suite *s = suite_create("engine");
	TCase *tc = ts_tcase(s, "take", false);

	tcase_add_test(tc, take_has_the_plan_and_the_tail);
	tcase_add_loop_test(tc, channels_on_output_and_partner, 0, 4);
	tcase_add_test(tc, inputs_picked_for_tip_and_ring);
	tcase_add_test(tc, record_only);
	tcase_add_test(tc, xrun_retries);
	tcase_add_test(tc, level_ranging);
	tcase_add_test(tc, device_errors_pass_through);
	tc = ts_tcase(s, "save", true);
	tcase_add_test(tc, save_keeps_stimulus_and_recording);
	tcase_add_test(tc, save_into_a_file_refused);
	return s;
}
