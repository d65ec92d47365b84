/* cli: bp_cli_parse() with GNU argument order, numbers with range checks,
 * --expect and --mains. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "cli/options.h"
#include "probes/probe.h"
#include "testsignal.h"

#define MAX_ARGS 24

/* getopt_long permutes argv and the parsed struct points into it, so the
 * strings live in writable static storage for the whole test. */
static char arg_store[MAX_ARGS][128];
static char *arg_ptrs[MAX_ARGS + 1];

static int parse(struct bp_cli *cli, const char *first, ...)
{
	const char *a = first;
	va_list ap;
	int argc = 0;

	va_start(ap, first);
	while (a) {
		ck_assert_int_lt(argc, MAX_ARGS);
		snprintf(arg_store[argc], sizeof(arg_store[argc]), "%s", a);
		arg_ptrs[argc] = arg_store[argc];
		argc++;
		a = va_arg(ap, const char *);
	}
	va_end(ap);
	arg_ptrs[argc] = NULL;
	return bp_cli_parse(argc, arg_ptrs, cli);
}

START_TEST(defaults)
{
	struct bp_cli cli;

	ck_assert_int_eq(parse(&cli, "balprobe", "analyse", "--probe", "listen",
			       "rec.wav", NULL), 0);
	ck_assert_int_eq(cli.command, BP_CMD_ANALYSE);
	ck_assert_str_eq(cli.probe, "listen");
	ck_assert_str_eq(cli.file, "rec.wav");
	ck_assert_int_eq(cli.tip, 1);
	ck_assert_int_eq(cli.ring, 2);
	ck_assert_int_eq(cli.mains_hz, 0);
	ck_assert(isnan(cli.input_fs_dbu));
	ck_assert_ptr_null(cli.json_path);
	ck_assert(!cli.expect_set);
	ck_assert(!cli.quiet);
	ck_assert(!cli.verbose);
}
END_TEST

static void assert_full(const struct bp_cli *cli)
{
	ck_assert_int_eq(cli->command, BP_CMD_ANALYSE);
	ck_assert_str_eq(cli->probe, "hum");
	ck_assert_str_eq(cli->file, "take 1.wav");
	ck_assert_int_eq(cli->tip, 3);
	ck_assert_int_eq(cli->ring, 4);
	ck_assert_int_eq(cli->mains_hz, 60);
	ck_assert_double_eq_tol(cli->input_fs_dbu, 18.5, 1e-12);
	ck_assert_str_eq(cli->json_path, "-");
	ck_assert(cli->expect_set);
	ck_assert_int_eq(cli->expect, BP_JACK_DUAL_MONO);
	ck_assert(cli->quiet);
}

START_TEST(options_before_and_after_the_command)
{
	struct bp_cli cli;

	/* All before. */
	ck_assert_int_eq(parse(&cli, "balprobe", "--probe", "hum", "--tip", "3",
			       "--ring", "4", "--mains", "60", "--input-fs-dbu",
			       "18.5", "--json", "-", "--expect", "dual-mono", "-q",
			       "analyse", "take 1.wav", NULL), 0);
	assert_full(&cli);
	/* All after. */
	ck_assert_int_eq(parse(&cli, "balprobe", "analyse", "take 1.wav",
			       "--probe", "hum", "--tip", "3", "--ring", "4",
			       "--mains", "60", "--input-fs-dbu", "18.5", "--json",
			       "-", "--expect", "dual-mono", "-q", NULL), 0);
	assert_full(&cli);
	/* Interleaved, with --opt=value forms. */
	ck_assert_int_eq(parse(&cli, "balprobe", "--tip=3", "analyse", "-q",
			       "--ring=4", "take 1.wav", "--probe=hum",
			       "--mains=60", "--input-fs-dbu=18.5", "--json=-",
			       "--expect=dual-mono", NULL), 0);
	assert_full(&cli);
}
END_TEST

START_TEST(double_dash_ends_options)
{
	struct bp_cli cli;

	ck_assert_int_eq(parse(&cli, "balprobe", "--probe", "listen", "analyse",
			       "--", "-odd name.wav", NULL), 0);
	ck_assert_str_eq(cli.file, "-odd name.wav");
}
END_TEST

START_TEST(negative_calibration)
{
	struct bp_cli cli;

	/* A value that starts with '-' is still the option's value. */
	ck_assert_int_eq(parse(&cli, "balprobe", "analyse", "--input-fs-dbu",
			       "-10", "--probe", "listen", "r.wav", NULL), 0);
	ck_assert_double_eq_tol(cli.input_fs_dbu, -10.0, 1e-12);
	ck_assert_int_eq(parse(&cli, "balprobe", "analyse", "--input-fs-dbu",
			       "+24", "--probe", "listen", "r.wav", NULL), 0);
	ck_assert_double_eq_tol(cli.input_fs_dbu, 24.0, 1e-12);
}
END_TEST

struct bad_option {
	const char *opt, *value;
};

static const struct bad_option bad_numbers[] = {
	{ "--tip", "0" },
	{ "--tip", "abc" },
	{ "--tip", "2x" },
	{ "--tip", "" },
	{ "--tip", "1.5" },
	{ "--tip", "99999999999999999999" },
	{ "--ring", "-1" },
	{ "--ring", "1025" },
	{ "--input-fs-dbu", "nan" },
	{ "--input-fs-dbu", "inf" },
	{ "--input-fs-dbu", "1e999" },
	{ "--input-fs-dbu", "100" },
	{ "--input-fs-dbu", "4dBu" },
	{ "--input-fs-dbu", "" },
	{ "--mains", "55" },
	{ "--mains", "0" },
	{ "--mains", "50Hz" },
	{ "--mains", "" },
	{ "--expect", "balance" },
	{ "--expect", "" },
	{ "--expect", "normal" },     /* a polarity, not a jack verdict */
};

static void bad_numbers_are_usage_errors_case(int which)
{
	const struct bad_option *b = &bad_numbers[which];
	struct bp_cli cli;

	ck_assert_msg(parse(&cli, "balprobe", "analyse", "--probe", "listen",
			    b->opt, b->value, "r.wav", NULL) == BP_EXIT_USAGE,
		      "%s '%s' was accepted", b->opt, b->value);
}

START_TEST(bad_numbers_are_usage_errors)
{
	int i;

	/* Every case; the message names the one that fails. */
	for (i = 0; i < (int)(sizeof(bad_numbers) / sizeof(bad_numbers[0])); i++)
		bad_numbers_are_usage_errors_case(i);
}
END_TEST

START_TEST(usage_errors)
{
	struct bp_cli cli;

	ck_assert_int_eq(parse(&cli, "balprobe", NULL), BP_EXIT_USAGE);
	ck_assert_int_eq(parse(&cli, "balprobe", "--probe", "listen", NULL),
			 BP_EXIT_USAGE);
	ck_assert_int_eq(parse(&cli, "balprobe", "frobnicate", NULL), BP_EXIT_USAGE);
	ck_assert_int_eq(parse(&cli, "balprobe", "analyse", "--probe", "listen", NULL),
			 BP_EXIT_USAGE);
	ck_assert_int_eq(parse(&cli, "balprobe", "analyse", "--probe", "listen",
			       "a.wav", "b.wav", NULL), BP_EXIT_USAGE);
	ck_assert_int_eq(parse(&cli, "balprobe", "analyse", "a.wav", NULL),
			 BP_EXIT_USAGE);
	ck_assert_int_eq(parse(&cli, "balprobe", "analyse", "--probe", "nosuch",
			       "a.wav", NULL), BP_EXIT_USAGE);
	ck_assert_int_eq(parse(&cli, "balprobe", "analyse", "--probe", "listen",
			       "a.wav", "--no-such-option", NULL), BP_EXIT_USAGE);
	ck_assert_int_eq(parse(&cli, "balprobe", "analyse", "--probe", "listen",
			       "a.wav", "-x", NULL), BP_EXIT_USAGE);
	/* An option that lacks its value at the end of the line. */
	ck_assert_int_eq(parse(&cli, "balprobe", "analyse", "--probe", "listen",
			       "a.wav", "--tip", NULL), BP_EXIT_USAGE);
	/* And a good line still parses after all of those. */
	ck_assert_int_eq(parse(&cli, "balprobe", "analyse", "--probe", "listen",
			       "a.wav", NULL), 0);
	ck_assert_str_eq(cli.file, "a.wav");
}
END_TEST

static const char *const verdict_names[] = {
	"balanced", "unbalanced", "stereo", "dual-mono", "no-signal", "unknown"
};
static const enum bp_jack_verdict verdicts[] = {
	BP_JACK_BALANCED, BP_JACK_UNBALANCED, BP_JACK_STEREO,
	BP_JACK_DUAL_MONO, BP_JACK_NO_SIGNAL, BP_JACK_UNKNOWN
};

static void expect_parses_every_verdict_case(int which)
{
	struct bp_cli cli;

	ck_assert_int_eq(parse(&cli, "balprobe", "analyse", "--probe", "listen",
			       "--expect", verdict_names[which], "r.wav", NULL), 0);
	ck_assert(cli.expect_set);
	ck_assert_int_eq(cli.expect, verdicts[which]);
}

START_TEST(expect_parses_every_verdict)
{
	int i;

	/* Every case; the message names the one that fails. */
	for (i = 0; i < (int)(sizeof(verdicts) / sizeof(verdicts[0])); i++)
		expect_parses_every_verdict_case(i);
}
END_TEST

START_TEST(mains_choices)
{
	struct bp_cli cli;

	ck_assert_int_eq(parse(&cli, "balprobe", "analyse", "--probe", "hum",
			       "--mains", "50", "r.wav", NULL), 0);
	ck_assert_int_eq(cli.mains_hz, 50);
	ck_assert_int_eq(parse(&cli, "balprobe", "analyse", "--probe", "hum",
			       "--mains", "60", "r.wav", NULL), 0);
	ck_assert_int_eq(cli.mains_hz, 60);
	ck_assert_int_eq(parse(&cli, "balprobe", "analyse", "--probe", "hum",
			       "--mains", "60", "--mains", "auto", "r.wav", NULL), 0);
	ck_assert_int_eq(cli.mains_hz, 0);
}
END_TEST

START_TEST(help_and_version)
{
	struct bp_cli cli;

	ck_assert_int_eq(parse(&cli, "balprobe", "--help", NULL), 0);
	ck_assert_int_eq(cli.command, BP_CMD_HELP);
	ck_assert_int_eq(parse(&cli, "balprobe", "-h", NULL), 0);
	ck_assert_int_eq(cli.command, BP_CMD_HELP);
	ck_assert_int_eq(parse(&cli, "balprobe", "analyse", "--probe", "listen",
			       "r.wav", "--help", NULL), 0);
	ck_assert_int_eq(cli.command, BP_CMD_HELP);
	ck_assert_int_eq(parse(&cli, "balprobe", "-V", NULL), 0);
	ck_assert_int_eq(cli.command, BP_CMD_VERSION);
	ck_assert_int_eq(parse(&cli, "balprobe", "--version", NULL), 0);
	ck_assert_int_eq(cli.command, BP_CMD_VERSION);
	ck_assert_int_eq(parse(&cli, "balprobe", "-v", "-q", "analyse", "--probe",
			       "hum", "r.wav", NULL), 0);
	ck_assert(cli.verbose && cli.quiet);
}
END_TEST

START_TEST(usage_text_names_every_probe_and_option)
{
	static const char *const options[] = {
		"--probe", "--tip", "--ring", "--mains", "--input-fs-dbu",
		"--json", "--expect", "--quiet", "--verbose", "--help", "--version",
		"--device", "--rate", "--level", "--output-fs-dbu", "--stimulus",
		"--quick", "--save"
	};
	const struct bp_probe *p;
	char *text = NULL;
	size_t size = 0, i;
	FILE *f = open_memstream(&text, &size);

	ck_assert_ptr_nonnull(f);
	bp_cli_usage(f);
	fclose(f);
	for (i = 0; (p = bp_probe_at(i)); i++)
		ck_assert_msg(strstr(text, p->name) != NULL, "probe %s missing", p->name);
	for (i = 0; i < sizeof(options) / sizeof(options[0]); i++)
		ck_assert_msg(strstr(text, options[i]) != NULL, "%s missing", options[i]);
	free(text);
}
END_TEST

START_TEST(live_probe_forms)
{
	struct bp_cli cli;

	/* DESIGN: "balprobe outN" is "balprobe out N"; options anywhere. */
	ck_assert_int_eq(parse(&cli, "balprobe", "-d", "sim", "out1", "--json", "-",
			       NULL), 0);
	ck_assert_int_eq(cli.command, BP_CMD_MEASURE);
	ck_assert_str_eq(cli.probe, "out");
	ck_assert_int_eq(cli.output, 1);
	ck_assert_str_eq(cli.device, "sim");
	ck_assert_str_eq(cli.json_path, "-");
	ck_assert_int_eq(parse(&cli, "balprobe", "out1", "-d", "sim", "--json", "-",
			       NULL), 0);
	ck_assert_int_eq(cli.command, BP_CMD_MEASURE);
	ck_assert_int_eq(cli.output, 1);
	ck_assert_str_eq(cli.device, "sim");
	ck_assert_int_eq(parse(&cli, "balprobe", "out", "3", "--device=hw:USB", NULL), 0);
	ck_assert_str_eq(cli.probe, "out");
	ck_assert_int_eq(cli.output, 3);
	ck_assert_str_eq(cli.device, "hw:USB");
	ck_assert_int_eq(parse(&cli, "balprobe", "hum", NULL), 0);
	ck_assert_int_eq(cli.command, BP_CMD_MEASURE);
	ck_assert_str_eq(cli.probe, "hum");
	ck_assert_int_eq(parse(&cli, "balprobe", "listen", "-d", "sim", NULL), 0);
	ck_assert_int_eq(cli.command, BP_CMD_MEASURE);
	ck_assert_str_eq(cli.probe, "listen");
	ck_assert_int_eq(parse(&cli, "balprobe", "devices", NULL), 0);
	ck_assert_int_eq(cli.command, BP_CMD_DEVICES);
}
END_TEST

static const char *const bad_live[][3] = {
	{ "out", NULL, NULL },         /* which output? */
	{ "out0", NULL, NULL },
	{ "out", "0", NULL },
	{ "out65", NULL, NULL },
	{ "out", "x", NULL },
	{ "out1", "2", NULL },
	{ "out", "1", "2" },
	{ "outx", NULL, NULL },
	{ "hum", "2", NULL },
	{ "listen", "1", NULL },
	{ "devices", "1", NULL },
};

static void bad_live_operands_case(int which)
{
	const char *const *b = bad_live[which];
	struct bp_cli cli;

	ck_assert_msg(parse(&cli, "balprobe", b[0], b[1], b[2], NULL) == BP_EXIT_USAGE,
		      "'%s %s %s' was accepted", b[0], b[1] ? b[1] : "",
		      b[2] ? b[2] : "");
}

START_TEST(bad_live_operands)
{
	int i;

	/* Every case; the message names the one that fails. */
	for (i = 0; i < (int)(sizeof(bad_live) / sizeof(bad_live[0])); i++)
		bad_live_operands_case(i);
}
END_TEST

START_TEST(stimulus_command)
{
	struct bp_cli cli;

	ck_assert_int_eq(parse(&cli, "balprobe", "stimulus", "--probe", "out", "-o",
			       "s.wav", "-r", "96000", "-l", "-12", "--quick", NULL), 0);
	ck_assert_int_eq(cli.command, BP_CMD_STIMULUS);
	ck_assert_str_eq(cli.output_path, "s.wav");
	ck_assert_double_eq_tol(cli.rate_hz, 96000.0, 1e-9);
	ck_assert_double_eq_tol(cli.level_dbfs, -12.0, 1e-9);
	ck_assert(cli.quick);
	ck_assert_int_eq(parse(&cli, "balprobe", "stimulus", "--probe", "out", NULL),
			 BP_EXIT_USAGE);
	ck_assert_int_eq(parse(&cli, "balprobe", "stimulus", "--probe", "hum", "-o",
			       "s.wav", NULL), BP_EXIT_USAGE);
	ck_assert_int_eq(parse(&cli, "balprobe", "stimulus", "--probe", "out", "-o",
			       "s.wav", "extra.wav", NULL), BP_EXIT_USAGE);
}
END_TEST

/* An option a probe does not declare it reads (struct bp_probe.reads)
 * is a usage error with that probe, live and in analyse; one it reads is
 * accepted.  Every probe in the registry, every such option. */
START_TEST(options_follow_the_probes)
{
	static const struct {
		unsigned bit;
		const char *option, *value;
		bool live, analyse;
	} options[] = {
		{ BP_READS_LEVEL, "--level", "-30", true, true },
		{ BP_READS_LEVEL, "--quick", NULL, true, true },
		{ BP_READS_STIMULUS, "--stimulus", "s.wav", false, true },
		{ BP_READS_DURATION, "--duration", "3", true, false },
		{ BP_READS_OUTPUT_FS_DBU, "--output-fs-dbu", "4", true, true },
		{ BP_READS_DRIVES, "--tip-out", "3", true, false },
		{ BP_READS_DRIVES, "--ring-out", "3", true, false },
		{ BP_READS_DRIVES, "--right", "3", true, false },
	};
	const struct bp_probe *p;
	struct bp_cli cli;
	char live[32];
	size_t i, k;
	int want;

	for (i = 0; (p = bp_probe_at(i)); i++) {
		snprintf(live, sizeof(live), "%s%s", p->name, p->plan ? "1" : "");
		for (k = 0; k < sizeof(options) / sizeof(options[0]); k++) {
			const bool reads = p->reads & options[k].bit;

			want = reads && options[k].live ? 0 : BP_EXIT_USAGE;
			ck_assert_msg(parse(&cli, "balprobe", live, options[k].option,
					    options[k].value, NULL) == want,
				      "%s %s: not %s", live, options[k].option,
				      want ? "refused" : "accepted");
			want = reads && options[k].analyse ? 0 : BP_EXIT_USAGE;
			ck_assert_msg(parse(&cli, "balprobe", "analyse", "--probe", p->name, "r.wav",
					    options[k].option, options[k].value, NULL) == want,
				      "analyse --probe %s %s: not %s", p->name, options[k].option,
				      want ? "refused" : "accepted");
		}
	}
}
END_TEST

/* stimulus writes what a probe plays, or a stimulus a probe reads; the
 * help's synopsis names them all, and each probe's usage line. */
START_TEST(stimuli_from_the_registry)
{
	const struct bp_probe *p;
	const struct bp_probe_stimulus *st;
	struct bp_cli cli;
	char *text = NULL;
	size_t size = 0, i, n;
	FILE *f = open_memstream(&text, &size);

	ck_assert_ptr_nonnull(f);
	bp_cli_usage(f);
	fclose(f);
	for (i = 0; (p = bp_probe_at(i)); i++) {
		ck_assert_int_eq(parse(&cli, "balprobe", "stimulus", "--probe", p->name, "-o",
				       "s.wav", NULL), p->plan ? 0 : BP_EXIT_USAGE);
		if (p->usage) {
			n = strcspn(p->usage, " ");
			ck_assert_msg(memmem(text, size, p->usage, n), "%s's usage", p->name);
		}
		for (st = p->stimuli; st && st->name; st++) {
			ck_assert_int_eq(parse(&cli, "balprobe", "stimulus", "--probe", st->name,
					       "-o", "s.wav", "--quick", "-l", "-30", NULL), 0);
			ck_assert_str_eq(cli.probe, st->name);
			ck_assert_msg(strstr(text, st->name), "stimulus %s", st->name);
		}
	}
	free(text);
}
END_TEST

/* Issue 13, point 20: what a user types as the manual and aplay say. */
START_TEST(spellings_the_manual_uses)
{
	struct bp_cli cli;

	/* -D as aplay and arecord spell the device. */
	ck_assert_int_eq(parse(&cli, "balprobe", "-D", "sim:stereo", "out1", NULL), 0);
	ck_assert_str_eq(cli.device, "sim:stereo");
	/* A dead port is the no-signal verdict. */
	ck_assert_int_eq(parse(&cli, "balprobe", "analyse", "--probe", "listen", "--expect",
			       "dead", "r.wav", NULL), 0);
	ck_assert_int_eq(cli.expect, BP_JACK_NO_SIGNAL);
	/* stimulus needs no --probe: the first probe that plays. */
	ck_assert_int_eq(parse(&cli, "balprobe", "stimulus", "-o", "s.wav", NULL), 0);
	ck_assert_ptr_nonnull(cli.probe);
	ck_assert_ptr_nonnull(bp_probe_find(cli.probe)->plan);
	/* An empty file name is no value, whatever option carries it. */
	ck_assert_int_eq(parse(&cli, "balprobe", "analyse", "--probe", "listen", "--json=",
			       "r.wav", NULL), BP_EXIT_USAGE);
	ck_assert_int_eq(parse(&cli, "balprobe", "analyse", "--probe", "listen", "--report=",
			       "r.wav", NULL), BP_EXIT_USAGE);
	/* A file named -dash.wav is still an error, and "--" names it. */
	ck_assert_int_eq(parse(&cli, "balprobe", "analyse", "--probe", "listen",
			       "-dash.wav", NULL), BP_EXIT_USAGE);
	ck_assert_int_eq(parse(&cli, "balprobe", "analyse", "--probe", "listen", "--",
			       "-dash.wav", NULL), 0);
	ck_assert_str_eq(cli.file, "-dash.wav");
}
END_TEST

START_TEST(live_defaults_and_ranges)
{
	struct bp_cli cli;

	ck_assert_int_eq(parse(&cli, "balprobe", "out1", NULL), 0);
	ck_assert_double_eq_tol(cli.rate_hz, 48000.0, 1e-9);
	ck_assert_double_eq_tol(cli.level_dbfs, -20.0, 1e-9);   /* DESIGN default */
	ck_assert(isnan(cli.output_fs_dbu));
	ck_assert_ptr_null(cli.device);
	ck_assert(!cli.quick);
	/* The level cap: refused above -3 dBFS. */
	ck_assert_int_eq(parse(&cli, "balprobe", "out1", "-l", "-3", NULL), 0);
	ck_assert_double_eq_tol(cli.level_dbfs, -3.0, 1e-9);
	ck_assert_int_eq(parse(&cli, "balprobe", "out1", "-l", "-2.9", NULL), BP_EXIT_USAGE);
	ck_assert_int_eq(parse(&cli, "balprobe", "out1", "--level", "0", NULL), BP_EXIT_USAGE);
	ck_assert_int_eq(parse(&cli, "balprobe", "out1", "--level=6", NULL), BP_EXIT_USAGE);
	ck_assert_int_eq(parse(&cli, "balprobe", "out1", "-l", "loud", NULL), BP_EXIT_USAGE);
	ck_assert_int_eq(parse(&cli, "balprobe", "out1", "-r", "44100", NULL), 0);
	ck_assert_double_eq_tol(cli.rate_hz, 44100.0, 1e-9);
	ck_assert_int_eq(parse(&cli, "balprobe", "out1", "-r", "7999", NULL), BP_EXIT_USAGE);
	ck_assert_int_eq(parse(&cli, "balprobe", "out1", "--rate", "384001", NULL),
			 BP_EXIT_USAGE);
	ck_assert_int_eq(parse(&cli, "balprobe", "out1", "--output-fs-dbu", "14", NULL), 0);
	ck_assert_double_eq_tol(cli.output_fs_dbu, 14.0, 1e-9);
	ck_assert_int_eq(parse(&cli, "balprobe", "out1", "--output-fs-dbu", "x", NULL),
			 BP_EXIT_USAGE);
	ck_assert_int_eq(parse(&cli, "balprobe", "out1", "-d", NULL), BP_EXIT_USAGE);
}
END_TEST

Suite *cli_suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = ts_tcase(s, "parse", false);

	tcase_add_test(tc, defaults);
	tcase_add_test(tc, options_before_and_after_the_command);
	tcase_add_test(tc, double_dash_ends_options);
	tcase_add_test(tc, negative_calibration);
	tcase_add_test(tc, bad_numbers_are_usage_errors);
	tcase_add_test(tc, usage_errors);
	tcase_add_test(tc, expect_parses_every_verdict);
	tcase_add_test(tc, mains_choices);
	tcase_add_test(tc, help_and_version);
	tcase_add_test(tc, usage_text_names_every_probe_and_option);

	tc = ts_tcase(s, "live", false);
	tcase_add_test(tc, live_probe_forms);
	tcase_add_test(tc, bad_live_operands);
	tcase_add_test(tc, stimulus_command);
	tcase_add_test(tc, options_follow_the_probes);
	tcase_add_test(tc, stimuli_from_the_registry);
	tcase_add_test(tc, spellings_the_manual_uses);
	tcase_add_test(tc, live_defaults_and_ranges);
	return s;
}
