/* advice: every rule fires on the fixture made for it and on no fixture
 * where it does not apply.  One table: a recording from fixtures/ (listen
 * and hum probes) or a live take on a simulated port (the out probe, for
 * polarity), and the exact rules that must fire, in the rule table's
 * order. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "report/advice.h"
#include "probes/probe.h"
#include "profile/profile.h"
#include "result/result.h"
#include "testsignal.h"

struct row {
	const char *source;    /* fixtures/NAME, or a sim device for the out probe */
	const char *probe;
	double input_fs_dbu;   /* NAN: no calibration */
	const char *rules;     /* the rules that fire, space-separated */
};

/* The loop probe on the sim; "loop/profile": with a profile whose loop
 * gain is 0 dB. */
#define LOOP_PROFILED "loop/profile"

static const struct row rows[] = {
	{ "bal-pink-pro-48k.flac", "listen", 18.0, "balanced hum-hidden line-level" },
	{ "bal-pink-pro-48k.flac", "listen", NAN, "balanced hum-hidden" },
	{ "unbal-pink-consumer-48k.flac", "listen", 10.0, "unbalanced hum-hidden line-level" },
	{ "impbal-tones-consumer-44k.wav", "listen", 10.0, "unbalanced line-level" },
	{ "stereo-pink-uncorr-48k.flac", "listen", 10.0, "stereo hum-hidden line-level" },
	{ "dualmono-pink-48k.flac", "listen", 10.0, "dual-mono hum-hidden line-level" },
	{ "dead-48k.flac", "listen", NAN, "no-signal" },
	{ "bal-pink-gl50-48k.flac", "listen", 18.0, "balanced ground-loop line-level" },
	{ "unbal-pink-gl50-44k.flac", "listen", 10.0, "unbalanced ground-loop line-level" },
	{ "unbal-1k-ripple120-48k.wav", "listen", 10.0, "unbalanced source-hum line-level" },
	{ "hum-gl50-48k.flac", "hum", NAN, "ground-loop" },
	{ "hum-ripple120-96k.flac", "hum", NAN, "source-hum" },
	{ "hum-mixed60-44k.wav", "hum", NAN, "ground-loop source-hum" },
	{ "hum-none-48k.flac", "hum", NAN, "" },
	{ "bal-speech-mic-48k.flac", "listen", -6.0, "balanced hum-hidden mic-level" },
	{ "unbal-speech-instrument-44k.flac", "listen", 6.0, "unbalanced hum-hidden instrument-level" },
	{ "bal-pink-speaker-48k.flac", "listen", 40.0, "balanced hum-hidden speaker-level" },
	{ "bal-pink-clipped-48k.flac", "listen", NAN, "hum-hidden clipping" },
	{ "sim", "out", NAN, "balanced" },
	{ "sim:inverted", "out", NAN, "balanced inverted" },
	{ "sim:unbalanced", "out", NAN, "unbalanced" },
	{ "sim:stereo", "out", NAN, "stereo" },
	{ "sim:dead", "out", NAN, "no-signal" },
	{ "sim:hum=50:-60", "out", NAN, "balanced ground-loop" },
	{ "sim:inverted", "out", 10.0, "balanced inverted line-level" },
	{ "unbal-floating-1k-hum50-48k.flac", "listen", 10.0, "unbalanced ring-pickup line-level" },
	{ "sim:unbalanced-floating,pickup=-60", "out", NAN, "unbalanced ring-pickup" },
	{ "sim:unbalanced-floating,hum=50:-60", "out", NAN, "unbalanced hum-undecided" },
	{ "sim:unbalanced,hum=50:-60", "out", NAN, "unbalanced ground-loop" },
	{ "sim:unbalanced,ripple=-60", "out", NAN, "unbalanced source-hum" },
	{ "sim:loop=pair", "loop", NAN, "" },
	{ "sim:loop=pair,monitor=-20", "loop", NAN, "loop-monitoring" },
	{ "sim:loop=single,in1-gain=-1", LOOP_PROFILED, NAN, "loop-gain-moved" },
	{ "sim:loop=single,in1-gain=-0.2", LOOP_PROFILED, NAN, "" },
	{ "sim:loop=split,in2-gain=0.5", "loop", NAN, "loop-input-mismatch" },
	{ "sim:loop=single,air=on", "loop", NAN, "loop-input-shelf" },
	{ "sim:loop=single,native=44100", "loop", NAN, "loop-resampling" },
};

/* The names of the rules that fired on @r, space-separated. */
static void fired(const struct bp_result *r, char *out, size_t size)
{
	size_t used = 0;
	int i;

	out[0] = '\0';
	for (i = 0; i < r->n_advice; i++)
		used += (size_t)snprintf(out + used, size - used, "%s%s", i ? " " : "",
					 bp_advice_rule_name(r->advice[i].rule));
}

START_TEST(each_rule_fires_where_it_applies_only)
{
	static struct bp_result r;
	char path[512], got[512];
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *w = &rows[i];

		if (strcmp(w->probe, "out") == 0) {
			ts_run_sim(w->source, w->input_fs_dbu, &r);
		} else if (strncmp(w->probe, "loop", 4) == 0) {
			struct bp_profile prof;

			bp_profile_init(&prof);
			prof.loop_gain_db = 0.0;
			ts_run_loop(w->source, strcmp(w->probe, LOOP_PROFILED) == 0 ? &prof : NULL,
				    &r);
		} else {
			ts_fixture_path(path, sizeof(path), w->source);
			ck_assert_int_eq(ts_run_probe(w->probe, path, 1, 2, 0, w->input_fs_dbu, &r), 0);
		}
		fired(&r, got, sizeof(got));
		ck_assert_msg(strcmp(got, w->rules) == 0,
			      "%s (%s, calibration %g): rules \"%s\", expected \"%s\"",
			      w->source, w->probe, w->input_fs_dbu, got, w->rules);
	}
}
END_TEST

START_TEST(every_rule_has_a_row)
{
	int rule;
	size_t i;

	for (rule = 0; rule < BP_ADVICE_RULES; rule++) {
		const char *name = bp_advice_rule_name(rule);
		bool found = false;

		ck_assert_ptr_nonnull(name);
		for (i = 0; i < sizeof(rows) / sizeof(rows[0]) && !found; i++) {
			const char *at = strstr(rows[i].rules, name);
			size_t len = strlen(name);

			/* A whole word: "balanced" is not "unbalanced". */
			found = at && (at == rows[i].rules || at[-1] == ' ') &&
				(at[len] == ' ' || at[len] == '\0');
		}
		ck_assert_msg(found, "rule %s fires on no row of the table", name);
	}
	ck_assert_ptr_null(bp_advice_rule_name(BP_ADVICE_RULES));
}
END_TEST

/* Advice quotes what was measured, never a placeholder. */
START_TEST(advice_quotes_the_measurement)
{
	static struct bp_result r;
	char path[512];

	ts_fixture_path(path, sizeof(path), "bal-pink-gl50-48k.flac");
	ck_assert_int_eq(ts_run_probe("listen", path, 1, 2, 0, 18.0, &r), 0);
	ck_assert_int_eq(r.n_advice, 3);
	ck_assert_ptr_nonnull(strstr(r.advice[1].text, "50 Hz mains hum (-60.0 dBFS at 50 Hz)"));
	ck_assert_ptr_nonnull(strstr(r.advice[1].text, "A balanced input cancels it"));
	ck_assert_ptr_nonnull(strstr(r.advice[2].text, "Pro line level (+4.0 dBu)"));
	ts_fixture_path(path, sizeof(path), "hum-ripple120-96k.flac");
	ck_assert_int_eq(ts_run_probe("hum", path, 1, 2, 0, NAN, &r), 0);
	ck_assert_ptr_nonnull(strstr(r.advice[0].text, "at 120 Hz, twice mains"));
}
END_TEST

/* Mixed hum (issue 13, point 14): each piece of advice names the line
 * its own part stands on, as the table shows it -- the ground loop on
 * the common-mode 60 Hz line, the source on the differential 120 Hz
 * ripple -- and the verdict's explanation says the same. */
START_TEST(mixed_hum_advice_names_each_part_s_line)
{
	static struct bp_result r;
	char path[512];
	int i, loop = -1, source = -1;

	ts_fixture_path(path, sizeof(path), "hum-mixed60-44k.wav");
	ck_assert_int_eq(ts_run_probe("hum", path, 1, 2, 0, NAN, &r), 0);
	ck_assert_int_eq(r.hum.mode, BP_HUM_MODE_MIXED);
	for (i = 0; i < r.n_advice; i++) {
		if (r.advice[i].rule == BP_ADVICE_GROUND_LOOP)
			loop = i;
		if (r.advice[i].rule == BP_ADVICE_SOURCE_HUM)
			source = i;
	}
	ck_assert_int_ge(loop, 0);
	ck_assert_int_ge(source, 0);
	ck_assert_msg(strstr(r.advice[loop].text, "at 60 Hz"), "%s", r.advice[loop].text);
	ck_assert_msg(strstr(r.advice[source].text, "at 120 Hz"), "%s", r.advice[source].text);
	ck_assert_msg(strstr(r.hum.explanation, "strongest at 60.0 Hz") &&
		      strstr(r.hum.explanation, "strongest at 120.0 Hz"), "%s", r.hum.explanation);
}
END_TEST

Suite *advice_suite(void)
{
	Suite *s = suite_create("advice");
	TCase *tc = tcase_create("rules");

	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, ts_dir_setup, ts_dir_teardown);
	tcase_add_test(tc, each_rule_fires_where_it_applies_only);
	tcase_add_test(tc, every_rule_has_a_row);
	tcase_add_test(tc, advice_quotes_the_measurement);
	tcase_add_test(tc, mixed_hum_advice_names_each_part_s_line);
	suite_add_tcase(s, tc);
	return s;
}
