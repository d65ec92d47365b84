/* probes: the registry, and each probe's analysis end to end, from a WAV
 * written to disk to a struct bp_result. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "util/errors.h"
#include "probes/probe.h"
#include "report/report.h"
#include "result/result.h"
#include "testsignal.h"

START_TEST(registry)
{
	const struct bp_probe *p, *q;
	size_t i, j, count = 0;

	p = bp_probe_find("listen");
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->name, "listen");
	p = bp_probe_find("hum");
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->name, "hum");
	ck_assert_ptr_null(bp_probe_find("nosuch"));
	ck_assert_ptr_null(bp_probe_find(""));
	ck_assert_ptr_null(bp_probe_find("LISTEN"));
	for (i = 0; (p = bp_probe_at(i)); i++) {
		count++;
		ck_assert_ptr_nonnull(p->name);
		ck_assert_ptr_nonnull(p->summary);
		ck_assert_ptr_nonnull(p->analyse);
		ck_assert_ptr_eq(bp_probe_find(p->name), p);
		for (j = 0; j < i; j++) {
			q = bp_probe_at(j);
			ck_assert_str_ne(p->name, q->name);
		}
	}
	ck_assert_uint_ge(count, 2);
	ck_assert_ptr_null(bp_probe_at(count));
	ck_assert_ptr_null(bp_probe_at((size_t)-1));
}
END_TEST

/* What each probe declares agrees with itself: the options it reads with
 * what it plays and how it is run; its usage line starts with its
 * command; the stimuli it reads are found by name and name no probe. */
START_TEST(declarations_agree)
{
	const struct bp_probe *p, *owner;
	const struct bp_probe_stimulus *st;
	size_t i, n;
	int stimuli = 0;

	for (i = 0; (p = bp_probe_at(i)); i++) {
		const bool plays = p->plan != NULL;

		ck_assert_msg(!(p->reads & (BP_READS_LEVEL | BP_READS_STIMULUS)) || plays,
			      "%s reads --level or --stimulus but plays nothing", p->name);
		ck_assert_msg(!!(p->reads & BP_READS_DURATION) == !plays,
			      "%s: --duration is for a probe that only records", p->name);
		ck_assert_msg((p->duration_s > 0.0) == !plays, "%s: duration_s", p->name);
		ck_assert_msg(!!(p->reads & BP_READS_DRIVES) == p->drives_input,
			      "%s: --tip-out etc. are for a probe that drives an input", p->name);
		ck_assert(!p->drives_input || plays);
		if (p->usage) {
			n = strlen(p->name);
			ck_assert_msg(strncmp(p->usage, p->name, n) == 0 &&
				      (plays ? p->usage[n] == 'N' || (p->default_output && p->usage[n] == ' ')
						: p->usage[n] == ' '),
				      "%s: usage '%s'", p->name, p->usage);
		}
		for (st = p->stimuli; st && st->name; st++, stimuli++) {
			ck_assert_ptr_nonnull(st->plan);
			ck_assert_ptr_nonnull(st->holds);
			ck_assert_ptr_null(bp_probe_find(st->name));
			owner = NULL;
			ck_assert_ptr_eq(bp_probe_stimulus_find(st->name, &owner), st);
			ck_assert_ptr_eq(owner, p);
		}
	}
	ck_assert_int_ge(stimuli, 1);
	ck_assert_ptr_null(bp_probe_stimulus_find("nosuch", NULL));
	ck_assert_ptr_null(bp_probe_stimulus_find(bp_probe_at(0)->name, NULL));
}
END_TEST

/* The JSON of every result must build. */
static void assert_json_builds(const struct bp_result *r)
{
	char *text = bp_report_json_string(r);

	ck_assert_ptr_nonnull(text);
	free(text);
}

START_TEST(listen_balanced_with_ground_loop)
{
	const double rate = 48000.0;
	const size_t n = 96000;
	double *tip = ts_alloc(n), *ring = ts_alloc(n);
	struct bp_port_rng rng;
	struct bp_result r;
	char path[512];
	size_t i;

	/* A balanced output playing pink noise at -20 dBFS a leg, with
	 * ground-loop hum at -70 dBFS on both legs, recorded in 24 bits. */
	bp_port_rng_seed(&rng, 42);
	ts_add_pink(tip, n, rate, ts_rms_of_dbfs(-20.0), &rng);
	for (i = 0; i < n; i++)
		ring[i] = -tip[i];
	ts_add_white(tip, n, ts_rms_of_dbfs(-110.0), &rng);
	ts_add_white(ring, n, ts_rms_of_dbfs(-110.0), &rng);
	ts_add_sine(tip, n, rate, 50.0, ts_amp_of_dbfs(-70.0), 0.2);
	ts_add_sine(ring, n, rate, 50.0, ts_amp_of_dbfs(-70.0), 0.2);
	ts_path(path, sizeof(path), "balanced.wav");
	ts_write_pair(path, rate, tip, ring, n, BP_WAV_PCM24);

	ck_assert_int_eq(ts_run_probe("listen", path, 1, 2, 0, 18.0, &r), 0);
	ck_assert_msg(!r.invalid, "%s", r.invalid_reason);
	ck_assert_msg(r.jack.verdict == BP_JACK_BALANCED, "%s: %s",
		      bp_jack_verdict_name(r.jack.verdict), r.jack.explanation);
	ck_assert(r.jack.confidence > 0.5 && r.jack.confidence <= 1.0);
	ck_assert_int_eq(r.polarity.verdict, BP_POLARITY_UNKNOWN);
	ck_assert_uint_gt(strlen(r.polarity.explanation), 0);
	/* Each leg -20 dBFS; a balanced input receives tip - ring, +6 dB. */
	ck_assert_double_eq_tol(r.level.tip_dbfs, -20.0, 0.1);
	ck_assert_double_eq_tol(r.level.ring_dbfs, -20.0, 0.1);
	ck_assert_double_eq_tol(r.level.dbfs, -13.98, 0.1);
	ck_assert_double_eq_tol(r.level.dbu, -13.98 + 18.0, 0.1);
	ck_assert_int_eq(r.level.level_class, BP_CLASS_PRO_LINE);
	ck_assert(!r.level.clipping);
	ck_assert_msg(r.hum.present, "%s", r.hum.explanation);
	ck_assert_double_eq(r.hum.mains_hz, 50.0);
	ck_assert_int_eq(r.hum.mode, BP_HUM_MODE_COMMON);
	ck_assert_int_eq(r.hum.ground_loop, BP_YES);
	ck_assert_double_eq_tol(r.hum.fundamental_dbfs, -70.0, 1.0);
	ck_assert_int_ge(r.n_advice, 1);
	assert_json_builds(&r);
}
END_TEST

START_TEST(hum_probe_on_flac)
{
	const double rate = 44100.0;
	const size_t n = 88200;
	double *tip = ts_alloc(n), *ring = ts_alloc(n);
	struct bp_port_rng rng;
	struct bp_result r;
	char path[512];

	/* Nothing playing: the interface's noise and 60 Hz supply ripple of
	 * a balanced source at 120 Hz. */
	bp_port_rng_seed(&rng, 43);
	ts_add_white(tip, n, ts_rms_of_dbfs(-100.0), &rng);
	ts_add_white(ring, n, ts_rms_of_dbfs(-100.0), &rng);
	ts_add_sine(tip, n, rate, 120.0, ts_amp_of_dbfs(-80.0), 0.0);
	ts_add_sine(ring, n, rate, 120.0, -ts_amp_of_dbfs(-80.0), 0.0);
	ts_path(path, sizeof(path), "hum.flac");
	ts_write_pair(path, rate, tip, ring, n, BP_FLAC_PCM24);

	ck_assert_int_eq(ts_run_probe("hum", path, 1, 2, 0, NAN, &r), 0);
	ck_assert_msg(!r.invalid, "%s", r.invalid_reason);
	ck_assert_msg(r.hum.present, "%s", r.hum.explanation);
	ck_assert_double_eq(r.hum.mains_hz, 60.0);
	ck_assert_int_eq(r.hum.mode, BP_HUM_MODE_DIFFERENTIAL);
	ck_assert_int_eq(r.hum.ground_loop, BP_NO);
	/* The hum probe plays nothing: it does not judge the jack. */
	ck_assert_int_eq(r.jack.verdict, BP_JACK_UNKNOWN);
	ck_assert(isnan(r.jack.confidence));
	ck_assert(isnan(r.level.dbu));
	ck_assert_int_eq(r.level.level_class, BP_CLASS_NONE);
	assert_json_builds(&r);
	/* --mains 50 forced: 120 Hz ripple belongs to 60 Hz mains only. */
	ck_assert_int_eq(ts_run_probe("hum", path, 1, 2, 50, NAN, &r), 0);
	ck_assert_msg(!r.hum.present, "%s", r.hum.explanation);
	ck_assert_double_eq(r.hum.mains_hz, 50.0);
}
END_TEST

START_TEST(listen_picks_file_channels)
{
	const double rate = 48000.0;
	const size_t n = 96000;
	const int channels = 4;
	double *il = ts_alloc(n * channels), *s = ts_alloc(n);
	struct bp_port_rng rng;
	struct bp_result r;
	char path[512];
	size_t i;

	/* Channels 1 and 2 carry a stereo pair; 3 and 4 the port under test,
	 * unbalanced (signal on 3, noise on 4). */
	bp_port_rng_seed(&rng, 44);
	ts_add_pink(s, n, rate, ts_rms_of_dbfs(-26.0), &rng);
	for (i = 0; i < n; i++) {
		il[i * channels + 0] = 0.1 * sin(2.0 * M_PI * 440.0 * i / rate);
		il[i * channels + 1] = 0.1 * sin(2.0 * M_PI * 660.0 * i / rate);
		il[i * channels + 2] = s[i] + ts_rms_of_dbfs(-100.0) * bp_port_rng_gauss(&rng);
		il[i * channels + 3] = ts_rms_of_dbfs(-100.0) * bp_port_rng_gauss(&rng);
	}
	ts_path(path, sizeof(path), "four.wav");
	ck_assert_int_eq(bp_wav_write(path, rate, channels, il, (long)n,
				      BP_WAV_FLOAT, NULL), 0);
	ck_assert_int_eq(ts_run_probe("listen", path, 3, 4, 0, NAN, &r), 0);
	ck_assert_msg(r.jack.verdict == BP_JACK_UNBALANCED, "%s: %s",
		      bp_jack_verdict_name(r.jack.verdict), r.jack.explanation);
	ck_assert_double_eq_tol(r.level.dbfs, -26.0, 0.1);
	ck_assert_int_eq(r.input.tip, 3);
	ck_assert_int_eq(r.input.ring, 4);
	ck_assert_int_eq(ts_run_probe("listen", path, 1, 2, 0, NAN, &r), 0);
	ck_assert_int_eq(r.jack.verdict, BP_JACK_STEREO);
}
END_TEST

START_TEST(listen_silence_is_invalid)
{
	double *x = ts_alloc(96000);
	struct bp_result r;
	char path[512];

	ts_path(path, sizeof(path), "silence.wav");
	ts_write_pair(path, 48000.0, x, x, 96000, BP_WAV_PCM16);
	ck_assert_int_eq(ts_run_probe("listen", path, 1, 2, 0, NAN, &r), 0);
	ck_assert_int_eq(r.jack.verdict, BP_JACK_NO_SIGNAL);
	ck_assert(r.invalid);
	ck_assert_uint_gt(strlen(r.invalid_reason), 0);
	ck_assert(isnan(r.level.dbfs));
	ck_assert(!r.hum.present);
	assert_json_builds(&r);
}
END_TEST

START_TEST(listen_clipping_is_invalid)
{
	const double rate = 48000.0;
	const size_t n = 96000;
	double *tip = ts_alloc(n), *ring;
	struct bp_result r;
	char path[512];
	size_t i;

	ts_add_sine(tip, n, rate, 997.0, 1.6, 0.0);
	for (i = 0; i < n; i++)
		tip[i] = fmax(-1.0, fmin(1.0, tip[i]));
	ring = ts_copy(tip, n, -1.0);
	ts_path(path, sizeof(path), "clipped.wav");
	ts_write_pair(path, rate, tip, ring, n, BP_WAV_PCM16);
	ck_assert_int_eq(ts_run_probe("listen", path, 1, 2, 0, NAN, &r), 0);
	ck_assert(r.invalid);
	ck_assert(r.level.clipping);
	ck_assert_int_eq(r.jack.verdict, BP_JACK_UNKNOWN);
	ck_assert_int_eq(ts_run_probe("hum", path, 1, 2, 0, NAN, &r), 0);
	ck_assert(r.invalid);
}
END_TEST

START_TEST(short_recording_is_refused)
{
	double *x = ts_alloc(24000);
	struct bp_result r;
	char path[512];

	ts_add_sine(x, 24000, 48000.0, 1000.0, 0.1, 0.0);
	ts_path(path, sizeof(path), "short.wav");
	ts_write_pair(path, 48000.0, x, x, 24000, BP_WAV_PCM16);
	ck_assert_int_eq(ts_run_probe("listen", path, 1, 2, 0, NAN, &r), BP_E_FILE_SHORT);
	ck_assert_ptr_nonnull(bp_error_detail());
	ck_assert_int_eq(ts_run_probe("hum", path, 1, 2, 0, NAN, &r), BP_E_FILE_SHORT);
}
END_TEST

START_TEST(damaged_file_is_an_error)
{
	const long frames = 96000;
	double *il = ts_alloc(2 * (size_t)frames);
	struct bp_result r;
	char path[512];

	ts_add_sine(il, 2 * (size_t)frames, 48000.0, 500.0, 0.1, 0.0);
	il[2 * 50000] = NAN;
	ts_path(path, sizeof(path), "nan.wav");
	ts_write_wav_raw(path, 48000, 2, 32, il, frames);
	ck_assert_int_eq(ts_run_probe("listen", path, 1, 2, 0, NAN, &r),
			 BP_E_FILE_NONFINITE);
}
END_TEST

Suite *probes_suite(void)
{
	Suite *s = suite_create("probes");
	TCase *tc = ts_tcase(s, "registry", false);

	tcase_add_test(tc, registry);
	tcase_add_test(tc, declarations_agree);

	tc = ts_tcase(s, "end-to-end", true);
	tcase_add_test(tc, listen_balanced_with_ground_loop);
	tcase_add_test(tc, hum_probe_on_flac);
	tcase_add_test(tc, listen_picks_file_channels);
	tcase_add_test(tc, listen_silence_is_invalid);
	tcase_add_test(tc, listen_clipping_is_invalid);
	tcase_add_test(tc, short_recording_is_refused);
	tcase_add_test(tc, damaged_file_is_an_error);
	return s;
}
