/* input_match: the interface profile's gains at work in the probes.  A
 * ring input hotter or quieter than the tip's, known to the profile, is
 * taken out before the jack is judged (out, listen); unknown, the
 * mismatch is named.  Drive outputs whose mismatch the profile holds
 * let the in probe read a CMRR past the cap an assumed mismatch sets.
 *
 * The sim's port "mismatch" puts a level difference between the legs
 * exactly where an input gain difference would: in the recording. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <check.h>

#include "analyse/level.h"
#include "profile/limits.h"
#include "profile/profile.h"
#include "testsignal.h"

/* A profile whose input 2 is @ring_db against input 1, and whose output 2
 * is @out2_db against output 1. */
static void profile_with(struct bp_profile *p, double ring_db, double out2_db)
{
	bp_profile_init(p);
	snprintf(p->name, sizeof(p->name), "test");
	p->input_gain_db[0] = 0.0;
	p->input_gain_db[1] = ring_db;
	p->output_gain_db[0] = 0.0;
	p->output_gain_db[1] = out2_db;
}

/* Run @probe on @rec's file (tip 1, ring 2) with @profile (or none). */
static void run_file(const char *probe, const char *path, const struct bp_profile *profile,
		     struct bp_result *r)
{
	const struct bp_probe_options opt = { .input_fs_dbu = NAN, .output_fs_dbu = NAN,
					      .level_dbfs = -20.0, .profile = profile };
	struct bp_recording *rec;

	bp_result_init(r);
	ck_assert_int_eq(bp_recording_open(&rec, path, 1, 2), 0);
	r->input.tip = 1;
	r->input.ring = 2;
	ck_assert_int_eq(bp_probe_analyse(bp_probe_find(probe), rec, &opt, r), 0);
	bp_recording_close(rec);
}

/* Programme on a balanced port whose ring input is 1.5 dB below the
 * tip's: pink noise, 3 s. */
static void write_programme(const char *path)
{
	const size_t n = 3 * 48000;
	double *tip = ts_alloc(n), *ring;
	struct bp_port_rng rng;

	bp_port_rng_seed(&rng, 7);
	ts_add_pink(tip, n, 48000.0, ts_rms_of_dbfs(-20.0), &rng);
	ring = ts_copy(tip, n, -pow(10.0, -1.5 / 20.0));
	ts_write_pair(path, 48000.0, tip, ring, n, BP_WAV_FLOAT);
}

/* What both probes that judge the legs must say, with and without the
 * profile. */
static void check_corrected(const char *probe, const struct bp_result *r)
{
	ck_assert_int_eq(r->jack.verdict, BP_JACK_BALANCED);
	ck_assert_double_eq_tol(r->input_match_db, -1.5, 1e-12);
	ck_assert_msg(fabs(r->jack.ring_db) < 0.05, "%s: ring %.3f dB", probe, r->jack.ring_db);
	ck_assert_msg(fabs(r->level.tip_dbfs - r->level.ring_dbfs) < 0.1, "%s: tip %.2f ring %.2f",
		      probe, r->level.tip_dbfs, r->level.ring_dbfs);
	ck_assert_msg(strstr(r->jack.explanation,
			     "1.50 dB below the tip's (interface profile), is taken out"),
		      "%s: %s", probe, r->jack.explanation);
}

static void check_named(const char *probe, const struct bp_result *r)
{
	ck_assert_int_eq(r->jack.verdict, BP_JACK_BALANCED);
	ck_assert(isnan(r->input_match_db));
	ck_assert_msg(fabs(r->jack.ring_db + 1.5) < 0.05, "%s: ring %.3f dB", probe, r->jack.ring_db);
	ck_assert_msg(strstr(r->jack.explanation, "the legs differ by 1.50 dB"), "%s: %s", probe,
		      r->jack.explanation);
}

/* The tip input 1.5 dB hotter than the ring's: with the profile, a
 * balanced port reads balanced with equal legs and the correction said;
 * without it, still balanced, but the 1.5 dB is named. */
START_TEST(test_out_ring_input_corrected)
{
	const char *device = "sim:balanced,mismatch=-1.5";
	struct bp_probe_options opt = { .input_fs_dbu = NAN, .output_fs_dbu = NAN };
	struct bp_profile profile;
	struct bp_result r;

	profile_with(&profile, -1.5, NAN);
	opt.profile = &profile;
	ts_run_sim_probe("out", device, &opt, &r);
	check_corrected("out", &r);
	opt.profile = NULL;
	ts_run_sim_probe("out", device, &opt, &r);
	check_named("out", &r);
}
END_TEST

START_TEST(test_listen_ring_input_corrected)
{
	char path[4096];
	struct bp_profile profile;
	struct bp_result r;

	ts_path(path, sizeof(path), "programme.wav");
	write_programme(path);
	profile_with(&profile, -1.5, NAN);
	run_file("listen", path, &profile, &r);
	check_corrected("listen", &r);
	run_file("listen", path, NULL, &r);
	check_named("listen", &r);
}
END_TEST

/* Equal legs say nothing of the inputs; a profile that does not hold the
 * ring's input leaves the ring alone. */
START_TEST(test_no_note_without_cause)
{
	struct bp_probe_options opt = { .input_fs_dbu = NAN, .output_fs_dbu = NAN };
	struct bp_profile profile;
	struct bp_result r;

	ts_run_sim_probe("out", "sim:balanced", &opt, &r);
	ck_assert_ptr_null(strstr(r.jack.explanation, "input"));
	profile_with(&profile, NAN, NAN);
	opt.profile = &profile;
	ts_run_sim_probe("out", "sim:balanced,mismatch=-1.5", &opt, &r);
	ck_assert(isnan(r.input_match_db));
	ck_assert(strstr(r.jack.explanation, "the legs differ by 1.50 dB"));
}
END_TEST

/* A ring input 6 dB quieter, scaled up by the correction, still shows a
 * clipped ring as clipped, and a ring that only looks loud after the
 * correction as not. */
START_TEST(test_clipping_on_raw_samples)
{
	struct bp_level_meter *m;
	double tip[4800], ring[4800];
	size_t i;

	for (i = 0; i < 4800; i++) {
		tip[i] = 0.5 * sin(2.0 * M_PI * 1000.0 * (double)i / 48000.0);
		/* Raw 0.6 peak, flat-topped at 0.6: no clipping at all. */
		ring[i] = fmin(0.6, fmax(-0.6, 0.9 * sin(2.0 * M_PI * 1000.0 * (double)i / 48000.0)));
		ring[i] *= 2.0;   /* the correction's 6 dB: 1.2 here */
	}
	ck_assert_int_eq(bp_level_meter_new(&m, 48000.0), 0);
	bp_level_meter_scale_ring(m, 2.0);
	bp_level_meter_push(m, tip, ring, 4800);
	ck_assert_int_eq(bp_level_meter_clipped_samples(m), 0);
	bp_level_meter_free(m);
	for (i = 0; i < 4800; i++)
		ring[i] = 2.0 * fmin(1.0, fmax(-1.0, 1.5 * sin(2.0 * M_PI * 1000.0 * (double)i / 48000.0)));
	ck_assert_int_eq(bp_level_meter_new(&m, 48000.0), 0);
	bp_level_meter_scale_ring(m, 2.0);
	bp_level_meter_push(m, tip, ring, 4800);
	ck_assert_int_gt(bp_level_meter_clipped_samples(m), 0);
	bp_level_meter_free(m);
}
END_TEST

/* A 60 dB CMRR input driven by outputs 0.03 dB apart: assumed equal
 * within 0.05 dB, the reading is a bound near 45 dB; with the profile's
 * measured gains it is 60 +- 2 dB. */
START_TEST(test_drive_mismatch_corrected)
{
	const char *device = "sim:input=balanced,cmrr=60,drive-mismatch=0.03";
	struct bp_probe_options opt = { .input_fs_dbu = NAN, .output_fs_dbu = NAN };
	struct bp_profile profile;
	struct bp_result r;

	ts_run_sim_probe("in", device, &opt, &r);
	ck_assert_int_eq(r.jack.verdict, BP_JACK_BALANCED);
	ck_assert(r.cmrr.bound);
	profile_with(&profile, NAN, 0.03);
	opt.profile = &profile;
	ts_run_sim_probe("in", device, &opt, &r);
	ck_assert_int_eq(r.jack.verdict, BP_JACK_BALANCED);
	ck_assert_msg(!r.cmrr.bound, "%s", r.cmrr.explanation);
	ck_assert_msg(fabs(r.cmrr.at_1k_db - 60.0) <= 2.0, "CMRR %.2f dB", r.cmrr.at_1k_db);
}
END_TEST

/* Crosstalk and THD within 3 dB of the interface's own (or better than
 * it) are bounds, with the reason; further up they are the port's; no
 * profile, no change. */
START_TEST(test_interface_limits)
{
	static const struct {
		double crosstalk_db, thd_percent;
		bool crosstalk_bound, thd_bound;
	} cases[] = {
		{ -100.0, 0.001, true, true },     /* both 3 dB over the limits */
		{ -96.5, 0.0015, false, false },   /* 3.5 dB over them */
		{ -120.0, 0.1, true, false },      /* crosstalk under the limit */
	};
	struct bp_profile profile;
	struct bp_result r;
	size_t i;

	bp_profile_init(&profile);
	snprintf(profile.name, sizeof(profile.name), "loop-measured");
	profile.crosstalk_db = -103.0;
	profile.thd_n_db = -103.0;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bp_result_init(&r);
		r.crosstalk_db = cases[i].crosstalk_db;
		r.distortion.thd_percent = cases[i].thd_percent;
		bp_limits_apply(&profile, &r);
		ck_assert_msg(r.crosstalk_is_bound == cases[i].crosstalk_bound, "case %zu", i);
		ck_assert_msg(r.distortion.thd_is_bound == cases[i].thd_bound, "case %zu", i);
		ck_assert_msg((r.interface_limits[0] != '\0') ==
			      (cases[i].crosstalk_bound || cases[i].thd_bound), "case %zu", i);
	}
	ck_assert_ptr_nonnull(strstr(r.interface_limits, "profile loop-measured"));
	bp_result_init(&r);
	r.crosstalk_db = -120.0;
	bp_limits_apply(NULL, &r);
	ck_assert(!r.crosstalk_is_bound && !r.interface_limits[0]);
}
END_TEST

Suite *input_match_suite(void)
{
	Suite *s = suite_create("input_match");
	TCase *tc = tcase_create("input_match");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, ts_dir_setup, ts_dir_teardown);
	tcase_add_test(tc, test_out_ring_input_corrected);
	tcase_add_test(tc, test_listen_ring_input_corrected);
	tcase_add_test(tc, test_no_note_without_cause);
	tcase_add_test(tc, test_clipping_on_raw_samples);
	tcase_add_test(tc, test_drive_mismatch_corrected);
	tcase_add_test(tc, test_interface_limits);
	suite_add_tcase(s, tc);
	return s;
}
