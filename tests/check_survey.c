/* Check suite "survey": the ports file, the findings with a known answer,
 * the marks, the state's round trip and the CSV's quoting. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "report/survey-report.h"
#include "survey/findings.h"
#include "survey/ports-file.h"
#include "survey/state.h"
#include "tests/testsignal.h"
#include "util/errors.h"

static struct bp_survey sv;

/* A temporary file holding @text; its path in @path. */
static void write_temp(char *path, size_t size, const char *text)
{
	FILE *f;
	int fd;

	snprintf(path, size, "%s/bp-survey-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
}

/* Port @i measured: a result as the out probe's JSON would have it. */
static void measured(int i, const char *label, int out, const char *jack, const char *pol,
		     double level_dbfs, double latency, int hum)
{
	struct bp_survey_port *p = &sv.ports[i];
	char why[128];

	ck_assert_int_eq(bp_survey_port_parse(p, "out1", why, sizeof(why)), 0);
	p->number = out;
	snprintf(p->label, sizeof(p->label), "%s", label);
	sv.entries[i].status = BP_SURVEY_MEASURED;
	sv.entries[i].result = json_pack(
		"{s:s, s:{s:i}, s:{s:s}, s:{s:s}, s:{s:f, s:b}, s:f, s:{s:f}, s:{s:b, s:i, s:f, s:b}, s:b}",
		"probe", "out", "input", "rate", 48000, "jack", "verdict", jack, "polarity",
		"verdict", pol, "level", "dbfs", level_dbfs, "clipping", 0,
		"stimulus_level_dbfs", -20.0, "latency", "samples", latency, "hum", "present", hum,
		"mains_hz", 50, "fundamental_dbfs", -70.0, "ground_loop", hum, "valid", 1);
	ck_assert_ptr_nonnull(sv.entries[i].result);
	if (i >= sv.n_ports)
		sv.n_ports = i + 1;
}

static void setup(void)
{
	bp_survey_init(&sv);
}

static void teardown(void)
{
	bp_survey_free(&sv);
}

static int count(enum bp_finding_kind k)
{
	int f, n = 0;

	for (f = 0; f < sv.n_findings; f++)
		n += sv.findings[f].kind == k;
	return n;
}

START_TEST(ports_file_reads_labels_options_and_fields)
{
	char path[256];

	write_temp(path, sizeof(path),
		   "# a console\n"
		   "title = FOH console  \n"
		   "venue=Town Hall\n"
		   "\n"
		   "out1 \"Main L\" group=main expect=balanced tip=3\n"
		   "out2 Main R   group=main   # the other side\n"
		   "listen \"Ch 7 # insert\" duration=5\n"
		   "hum\n");
	ck_assert_int_eq(bp_survey_ports_read(&sv, path), 0);
	unlink(path);
	ck_assert_str_eq(sv.info.title, "FOH console");
	ck_assert_str_eq(sv.info.venue, "Town Hall");
	ck_assert_int_eq(sv.n_ports, 4);
	ck_assert_str_eq(sv.ports[0].label, "Main L");
	ck_assert_str_eq(sv.ports[0].group, "main");
	ck_assert_str_eq(sv.ports[0].expect, "balanced");
	ck_assert_int_eq(sv.ports[0].tip, 3);
	ck_assert_str_eq(sv.ports[1].label, "Main R");
	ck_assert_int_eq(sv.ports[1].number, 2);
	ck_assert_str_eq(sv.ports[2].probe, "listen");
	ck_assert_str_eq(sv.ports[2].label, "Ch 7 # insert");
	ck_assert_double_eq(sv.ports[2].duration_s, 5.0);
	ck_assert_str_eq(sv.ports[3].label, "hum");
}
END_TEST

START_TEST(ports_file_errors_name_the_line)
{
	static const struct { const char *text, *says; } bad[] = {
		{ "out1 Main\nout0 X\n", ":2: 'out0' is not a port" },
		{ "listen2 X\n", "listen takes no number" },
		{ "out1 \"Main\n", "a quote is not closed" },
		{ "out1 Main ring=x\n", "an input is a whole number" },
		{ "out1 Main tip=2 ring=2\n", "tip and ring both name input 2" },
		{ "# only a comment\n", "names no port" },
	};
	char path[256];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		bp_survey_free(&sv);
		bp_survey_init(&sv);
		write_temp(path, sizeof(path), bad[i].text);
		bp_error_clear();
		ck_assert_int_eq(bp_survey_ports_read(&sv, path), BP_E_FILE_FORMAT);
		unlink(path);
		ck_assert_msg(strstr(bp_error_detail(), bad[i].says), "%s", bp_error_detail());
	}
}
END_TEST

START_TEST(six_db_step_is_named_a_lost_leg)
{
	measured(0, "Main L", 1, "balanced", "normal", -14.0, 311.37, 0);
	measured(1, "Main R", 2, "unbalanced", "normal", -20.02, 311.37, 0);
	bp_survey_find(&sv);
	ck_assert_int_eq(count(BP_FINDING_LEVEL_STEP), 1);
	ck_assert_int_eq(count(BP_FINDING_MIXED_KINDS), 1);
	ck_assert_double_eq_tol(sv.findings[0].figure, 6.02, 1e-9);
	ck_assert_ptr_nonnull(strstr(sv.findings[0].explanation, "TS (mono) cable"));
	ck_assert_str_eq(sv.ports[sv.findings[0].ports[1]].label, "Main R");
	ck_assert_int_eq(sv.entries[0].mark, BP_MARK_ATTENTION);
}
END_TEST

START_TEST(small_steps_and_other_steps)
{
	measured(0, "A", 1, "balanced", "normal", -14.0, 311.37, 0);
	measured(1, "B", 2, "balanced", "normal", -16.5, 311.37, 0);
	bp_survey_find(&sv);
	ck_assert_int_eq(sv.n_findings, 0);
	ck_assert_int_eq(sv.entries[0].mark, BP_MARK_PASS);
	json_decref(sv.entries[1].result);
	measured(1, "B", 2, "balanced", "normal", -24.0, 311.37, 0);
	bp_survey_find(&sv);
	ck_assert_int_eq(count(BP_FINDING_LEVEL_STEP), 1);
	ck_assert_ptr_nonnull(strstr(sv.findings[0].explanation, "Not the 6 dB"));
}
END_TEST

START_TEST(polarity_latency_and_groups)
{
	measured(0, "Mon L", 3, "balanced", "normal", -14.0, 311.37, 0);
	measured(1, "Mon R", 4, "balanced", "inverted", -14.0, 312.5, 0);
	/* another pair: not compared with the first */
	measured(2, "Aux 1", 5, "balanced", "inverted", -14.0, 311.37, 0);
	bp_survey_find(&sv);
	ck_assert_int_eq(count(BP_FINDING_POLARITY_PAIR), 1);
	ck_assert_int_eq(count(BP_FINDING_LATENCY_PAIR), 1);
	ck_assert_str_eq(sv.ports[sv.findings[0].ports[0]].label, "Mon R");
	ck_assert_int_eq(sv.entries[2].mark, BP_MARK_ATTENTION);   /* inverted alone */
	ck_assert_ptr_nonnull(strstr(sv.entries[2].notes, "polarity inverted"));
}
END_TEST

START_TEST(hum_on_some_ports_names_them)
{
	measured(0, "Main L", 1, "balanced", "normal", -14.0, 311.37, 1);
	measured(1, "Main R", 2, "balanced", "normal", -14.0, 311.37, 0);
	measured(2, "Aux 1", 5, "balanced", "normal", -14.0, 311.37, 0);
	bp_survey_find(&sv);
	ck_assert_int_eq(count(BP_FINDING_HUM_SOME_PORTS), 1);
	ck_assert_int_eq(sv.findings[0].n_ports, 1);
	ck_assert_ptr_nonnull(strstr(sv.findings[0].explanation, "while Main R and Aux 1 carry none"));
	ck_assert_ptr_nonnull(strstr(sv.findings[0].explanation, "ground loop"));
}
END_TEST

START_TEST(failed_and_expected_ports_fail)
{
	measured(0, "Main L", 1, "balanced", "normal", -14.0, 311.37, 0);
	measured(1, "Main R", 2, "no-signal", "unknown", -100.0, 0.0, 0);
	sv.n_ports = 3;
	sv.ports[2] = sv.ports[0];
	sv.entries[2].status = BP_SURVEY_FAILED;
	snprintf(sv.entries[2].error, sizeof(sv.entries[2].error), "the device went away");
	snprintf(sv.ports[0].expect, sizeof(sv.ports[0].expect), "unbalanced");
	bp_survey_find(&sv);
	ck_assert_int_eq(sv.entries[0].mark, BP_MARK_FAIL);
	ck_assert_ptr_nonnull(strstr(sv.entries[0].notes, "expected unbalanced, measured balanced"));
	ck_assert_int_eq(sv.entries[1].mark, BP_MARK_FAIL);
	ck_assert_int_eq(sv.entries[2].mark, BP_MARK_FAIL);
	ck_assert_str_eq(sv.entries[2].notes, "the device went away");
	ck_assert_int_eq(sv.n_findings, 0);   /* a dead port is compared with nothing */
}
END_TEST

START_TEST(state_round_trip)
{
	struct bp_survey *back = malloc(sizeof(*back));
	char path[256];

	measured(0, "Main L", 1, "balanced", "normal", -14.0, 311.37, 0);
	sv.n_ports = 2;
	sv.ports[1] = sv.ports[0];
	snprintf(sv.ports[1].label, sizeof(sv.ports[1].label), "Main \"R\"");
	sv.entries[1].status = BP_SURVEY_SKIPPED;
	snprintf(sv.info.client, sizeof(sv.info.client), "Town Hall");
	write_temp(path, sizeof(path), "");
	ck_assert_int_eq(bp_survey_state_save(&sv, path), 0);
	bp_survey_init(back);
	ck_assert_int_eq(bp_survey_state_load(back, path), 0);
	unlink(path);
	ck_assert_int_eq(back->n_ports, 2);
	ck_assert_str_eq(back->ports[1].label, "Main \"R\"");
	ck_assert_int_eq(back->entries[1].status, BP_SURVEY_SKIPPED);
	ck_assert_str_eq(back->info.client, "Town Hall");
	ck_assert_double_eq_tol(bp_survey_num(&back->entries[0], "latency.samples"), 311.37, 1e-9);
	bp_survey_free(back);
	free(back);
}
END_TEST

START_TEST(csv_quotes_what_needs_it)
{
	char *text = NULL;
	size_t size;
	FILE *f = open_memstream(&text, &size);

	measured(0, "Main \"L\", FOH", 1, "balanced", "normal", -14.0, 311.37, 0);
	bp_survey_find(&sv);
	bp_survey_csv(f, &sv);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(text, "\r\n1,\"Main \"\"L\"\", FOH\",out1,"));
	ck_assert_ptr_nonnull(strstr(text, ",-14.00,,none,"));
	free(text);
}
END_TEST

Suite *survey_suite(void)
{
	Suite *s = suite_create("survey");
	TCase *tc = ts_tcase(s, "survey", false);

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, ports_file_reads_labels_options_and_fields);
	tcase_add_test(tc, ports_file_errors_name_the_line);
	tcase_add_test(tc, six_db_step_is_named_a_lost_leg);
	tcase_add_test(tc, small_steps_and_other_steps);
	tcase_add_test(tc, polarity_latency_and_groups);
	tcase_add_test(tc, hum_on_some_ports_names_them);
	tcase_add_test(tc, failed_and_expected_ports_fail);
	tcase_add_test(tc, state_round_trip);
	tcase_add_test(tc, csv_quotes_what_needs_it);
	return s;
}
