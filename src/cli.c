#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "probe.h"
#include "report.h"
#include "stimulus.h"

enum {
	OPT_TIP = 256,
	OPT_RING,
	OPT_MAINS,
	OPT_INPUT_FS_DBU,
	OPT_JSON,
	OPT_EXPECT,
	OPT_PROBE,
	OPT_STIMULUS,
	OPT_OUTPUT_FS_DBU,
	OPT_QUICK,
	OPT_DURATION,
	OPT_SAVE,
	OPT_REPORT
};

/* Where an option is read.  An option given where nothing reads it is a
 * usage error: ignored silently, it would let the user believe it took
 * effect. */
enum {
	IN_ANALYSE_OUT = 1 << 0,      /* analyse, the out probe, its own stimulus */
	IN_ANALYSE_OUT_FILE = 1 << 1, /* analyse, the out probe, --stimulus FILE */
	IN_ANALYSE_REC = 1 << 2,      /* analyse, a probe that only records */
	IN_LIVE_OUT = 1 << 3,         /* outN */
	IN_LIVE_REC = 1 << 4,         /* listen, hum */
	IN_STIMULUS = 1 << 5,
	IN_DEVICES = 1 << 6
};
#define IN_ANALYSE (IN_ANALYSE_OUT | IN_ANALYSE_OUT_FILE | IN_ANALYSE_REC)
#define IN_LIVE (IN_LIVE_OUT | IN_LIVE_REC)
#define IN_MEASURE (IN_ANALYSE | IN_LIVE)
#define IN_PLAYS (IN_ANALYSE_OUT | IN_LIVE_OUT | IN_STIMULUS)

static const struct {
	int code;
	const char *name;
	unsigned where;
	const char *use;    /* what it is for, to end the message */
} scopes[] = {
	{ 'd', "--device", IN_LIVE | IN_DEVICES, "it picks the interface for a live outN, listen or hum" },
	{ OPT_DURATION, "--duration", IN_LIVE_REC, "it sets how long a live listen or hum records" },
	{ OPT_SAVE, "--save", IN_LIVE, "it keeps the files of a live take" },
	{ OPT_STIMULUS, "--stimulus", IN_ANALYSE_OUT_FILE, "it names the played file for 'analyse --probe out'" },
	{ 'o', "--output", IN_STIMULUS, "it names the file the stimulus command writes" },
	{ 'r', "--rate", IN_LIVE | IN_STIMULUS, "a live take or a stimulus runs at it; a file brings its own" },
	{ 'l', "--level", IN_PLAYS, "it sets the level of balprobe's own stimulus" },
	{ OPT_QUICK, "--quick", IN_PLAYS, "it picks balprobe's own shorter stimulus" },
	{ OPT_PROBE, "--probe", IN_ANALYSE | IN_STIMULUS, "a live command names its probe itself" },
	{ OPT_OUTPUT_FS_DBU, "--output-fs-dbu", IN_ANALYSE_OUT | IN_ANALYSE_OUT_FILE | IN_LIVE_OUT,
	  "only the out probe plays through an output" },
	{ OPT_TIP, "--tip", IN_MEASURE, "it picks a channel of a measurement" },
	{ OPT_RING, "--ring", IN_MEASURE, "it picks a channel of a measurement" },
	{ OPT_MAINS, "--mains", IN_MEASURE, "it is read by a measurement" },
	{ OPT_INPUT_FS_DBU, "--input-fs-dbu", IN_MEASURE, "it is read by a measurement" },
	{ OPT_JSON, "--json", IN_MEASURE, "it writes a measurement's result" },
	{ OPT_EXPECT, "--expect", IN_MEASURE, "it checks a measurement's verdict" },
	{ OPT_REPORT, "--report", IN_MEASURE,
	  "it needs a measurement to report (outN, listen, hum or analyse)" },
};

static const char short_options[] = "qvhVr:l:o:d:";

static const struct option long_options[] = {
	{ "tip", required_argument, NULL, OPT_TIP },
	{ "ring", required_argument, NULL, OPT_RING },
	{ "mains", required_argument, NULL, OPT_MAINS },
	{ "input-fs-dbu", required_argument, NULL, OPT_INPUT_FS_DBU },
	{ "json", required_argument, NULL, OPT_JSON },
	{ "expect", required_argument, NULL, OPT_EXPECT },
	{ "probe", required_argument, NULL, OPT_PROBE },
	{ "stimulus", required_argument, NULL, OPT_STIMULUS },
	{ "output-fs-dbu", required_argument, NULL, OPT_OUTPUT_FS_DBU },
	{ "quick", no_argument, NULL, OPT_QUICK },
	{ "duration", required_argument, NULL, OPT_DURATION },
	{ "save", required_argument, NULL, OPT_SAVE },
	{ "report", required_argument, NULL, OPT_REPORT },
	{ "device", required_argument, NULL, 'd' },
	{ "rate", required_argument, NULL, 'r' },
	{ "level", required_argument, NULL, 'l' },
	{ "output", required_argument, NULL, 'o' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

void bp_cli_usage(FILE *out)
{
	size_t i;
	const struct bp_probe *p;

	fprintf(out,
		"Usage: balprobe [OPTIONS] outN            (same as: out N)\n"
		"       balprobe [OPTIONS] listen | hum | devices\n"
		"       balprobe [OPTIONS] analyse --probe PROBE [--stimulus STIM.wav] FILE\n"
		"       balprobe [OPTIONS] stimulus --probe out|polarity -o FILE.wav\n"
		"Measure and diagnose an analogue audio port from a two-channel recording\n"
		"of its tip and ring (a TRS-to-2xTS cable: tip to input 1, ring to input 2).\n"
		"\n"
		"Probes:\n");
	for (i = 0; (p = bp_probe_at(i)); i++)
		fprintf(out, "  %-8s %s\n", p->name, p->summary);
	fprintf(out,
		"\n"
		"Options:\n"
		"  -d, --device NAME       ALSA PCM (hw:USB, plughw:2, default, ...) or\n"
		"                          sim[:MODEL,OPTION=VALUE,...], the simulated interface\n"
		"      --duration S        listen and hum: seconds to record (default 5)\n"
		"      --save DIR          keep the stimulus and the recording as WAV files\n"
		"      --probe NAME        the probe that made the recording\n"
		"      --stimulus FILE     what was played (out probe; default: balprobe's own\n"
		"                          stimulus at the recording's rate, --level, --quick)\n"
		"  -o, --output FILE       where 'stimulus' writes the WAV\n"
		"  -r, --rate HZ           stimulus sample rate (default 48000)\n"
		"  -l, --level DBFS        stimulus level (default -20, at most -3)\n"
		"      --quick             the shorter stimulus (1.5 s instead of 3 s)\n"
		"      --tip N, --ring N   inputs (live) or file channels (analyse) of tip and\n"
		"                          ring (default 1 and 2)\n"
		"      --mains auto|50|60  mains frequency (default auto)\n"
		"      --input-fs-dbu DBU  calibration: the level in dBu at the jack that reads\n"
		"                          0 dBFS (a full-scale sine); enables dBu, dBV, class\n"
		"      --output-fs-dbu DBU calibration: the level in dBu an output gives for a\n"
		"                          full-scale sine played\n"
		"      --json FILE|-       write the result as JSON (\"-\": standard output only)\n"
		"      --report FILE       write a measurement report with plots and advice:\n"
		"                          FILE.html (self-contained) or FILE.md (plots as\n"
		"                          FILE-NAME.svg beside it)\n"
		"      --expect VERDICT    exit 4 unless the jack is VERDICT (balanced, unbalanced,\n"
		"                          stereo, dual-mono, no-signal, unknown)\n"
		"  -q, --quiet             no text report\n"
		"  -v, --verbose           more detail in error messages\n"
		"  -h, --help              this help\n"
		"  -V, --version           the version\n"
		"\n"
		"Exit status: 0 measured, 1 usage error, 2 device or file error, 3 measurement\n"
		"invalid (no signal, clipping, repeated xruns), 4 --expect not met.\n");
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "balprobe: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'balprobe --help' for more information.\n");
	return BP_EXIT_USAGE;
}

static int parse_int(const char *opt, const char *text, long lo, long hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(text, &end, 10);
	if (errno || end == text || *end || v < lo || v > hi) {
		fprintf(stderr, "balprobe: %s: '%s' is not a whole number from %ld to %ld\n"
			"Try 'balprobe --help' for more information.\n", opt, text, lo, hi);
		return BP_EXIT_USAGE;
	}
	*out = (int)v;
	return 0;
}

static int parse_double(const char *opt, const char *text, double lo, double hi,
			double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(text, &end);
	if (errno || end == text || *end || !isfinite(v) || v < lo || v > hi) {
		fprintf(stderr, "balprobe: %s: '%s' is not a number from %g to %g\n"
			"Try 'balprobe --help' for more information.\n", opt, text, lo, hi);
		return BP_EXIT_USAGE;
	}
	*out = v;
	return 0;
}

static int parse_option(int c, const char *arg, struct bp_cli *cli)
{
	switch (c) {
	case OPT_TIP:
		return parse_int("--tip", arg, 1, 1024, &cli->tip);
	case OPT_RING:
		return parse_int("--ring", arg, 1, 1024, &cli->ring);
	case OPT_MAINS:
		if (strcmp(arg, "auto") == 0) {
			cli->mains_hz = 0;
			return 0;
		}
		if (strcmp(arg, "50") == 0 || strcmp(arg, "60") == 0) {
			cli->mains_hz = atoi(arg);
			return 0;
		}
		return usage_error("--mains: '%s' is not auto, 50 or 60", arg);
	case OPT_INPUT_FS_DBU:
		return parse_double("--input-fs-dbu", arg, -60.0, 60.0,
				    &cli->input_fs_dbu);
	case OPT_OUTPUT_FS_DBU:
		return parse_double("--output-fs-dbu", arg, -60.0, 60.0,
				    &cli->output_fs_dbu);
	case OPT_DURATION:
		return parse_double("--duration", arg, 1.0, 3600.0, &cli->duration_s);
	case OPT_SAVE:
		cli->save_dir = arg;
		return 0;
	case 'd':
		cli->device = arg;
		return 0;
	case OPT_STIMULUS:
		cli->stimulus = arg;
		return 0;
	case OPT_QUICK:
		cli->quick = true;
		return 0;
	case 'o':
		cli->output_path = arg;
		return 0;
	case 'r':
		return parse_double("--rate", arg, 8000.0, 384000.0, &cli->rate_hz);
	case 'l':
		if (parse_double("--level", arg, -120.0, 0.0, &cli->level_dbfs))
			return BP_EXIT_USAGE;
		if (cli->level_dbfs > BP_LEVEL_CAP_DBFS)
			return usage_error("--level: %s dBFS is above the %.0f dBFS cap: balprobe never plays louder",
					   arg, BP_LEVEL_CAP_DBFS);
		return 0;
	case OPT_JSON:
		cli->json_path = arg;
		return 0;
	case OPT_REPORT:
		if (bp_report_format_of(arg) == BP_REPORT_UNKNOWN)
			return usage_error("--report: '%s' must end in .html or .md (the name chooses the format)",
					   arg);
		cli->report_path = arg;
		return 0;
	case OPT_EXPECT:
		cli->expect_set = true;
		if (bp_jack_verdict_parse(arg, &cli->expect) == 0)
			return 0;
		return usage_error("--expect: '%s' is not a jack verdict (balanced, unbalanced, stereo, dual-mono, no-signal, unknown)",
				   arg);
	case OPT_PROBE:
		cli->probe = arg;
		return 0;
	case 'q':
		cli->quiet = true;
		return 0;
	case 'v':
		cli->verbose = true;
		return 0;
	case 'h':
		cli->command = BP_CMD_HELP;
		return 0;
	case 'V':
		cli->command = BP_CMD_VERSION;
		return 0;
	}
	return usage_error("unrecognised option");
}

/* A live probe: NAME, NAME N or NAMEN.  Returns 0 when @operands name
 * one (with BP_EXIT_USAGE for a malformed one), -1 when they do not. */
static int parse_live(int n, char **operands, struct bp_cli *cli)
{
	const struct bp_probe *p;
	char name[16];
	const char *digits = operands[0];
	size_t len;

	while (*digits && !(*digits >= '0' && *digits <= '9'))
		digits++;
	len = (size_t)(digits - operands[0]);
	if (len == 0 || len >= sizeof(name))
		return -1;
	memcpy(name, operands[0], len);
	name[len] = '\0';
	p = bp_probe_find(name);
	if (!p || (*digits && !p->plan))
		return -1;
	cli->command = BP_CMD_MEASURE;
	cli->probe = p->name;
	if (!p->plan)
		return n == 1 ? 0 : usage_error("%s takes no operand", p->name);
	if (*digits)
		return n == 1 ? parse_int(p->name, digits, 1, 64, &cli->output)
			      : usage_error("%s takes no further operand", operands[0]);
	if (n != 2)
		return usage_error("%s needs the output to test: %s 1 or %s1",
				   p->name, p->name, p->name);
	return parse_int(p->name, operands[1], 1, 64, &cli->output);
}

/* The command and its operands, once every option is read. */
static int parse_operands(int n, char **operands, struct bp_cli *cli)
{
	int live;

	if (cli->command == BP_CMD_HELP || cli->command == BP_CMD_VERSION)
		return 0;
	if (n == 0)
		return usage_error("no command given: try 'balprobe analyse --probe listen FILE'");
	if (strcmp(operands[0], "analyse") == 0 || strcmp(operands[0], "analyze") == 0) {
		cli->command = BP_CMD_ANALYSE;
		if (n != 2)
			return usage_error("analyse takes one recording (%s given)",
					   n == 1 ? "none" : "more than one");
		cli->file = operands[1];
		if (!cli->probe)
			return usage_error("analyse needs --probe (out, listen or hum)");
		if (!bp_probe_find(cli->probe))
			return usage_error("--probe: '%s' is not a probe this build can analyse (try 'balprobe --help')",
					   cli->probe);
		return 0;
	}
	if (strcmp(operands[0], "devices") == 0) {
		cli->command = BP_CMD_DEVICES;
		return n == 1 ? 0 : usage_error("devices takes no operand");
	}
	live = parse_live(n, operands, cli);
	if (live != -1)
		return live;
	if (strcmp(operands[0], "stimulus") == 0) {
		cli->command = BP_CMD_STIMULUS;
		if (n != 1)
			return usage_error("stimulus takes no file operand: name the output with -o");
		if (!cli->output_path)
			return usage_error("stimulus needs -o FILE.wav");
		if (!cli->probe || (strcmp(cli->probe, "out") != 0 &&
				    strcmp(cli->probe, "polarity") != 0))
			return usage_error("stimulus needs --probe out (what the out probe plays) or --probe polarity (a pulse track for listen)");
		return 0;
	}
	return usage_error("'%s' is not a command this build knows (try 'balprobe --help')",
			   operands[0]);
}

/* Append @s to @out (of @size, @used so far), cut at the end. */
static void append(char *out, size_t size, size_t *used, const char *s)
{
	size_t n = strlen(s);

	if (*used + n >= size)
		n = size - 1 - *used;
	memcpy(out + *used, s, n);
	*used += n;
	out[*used] = '\0';
}

/* @argv as one line a shell would read back, before getopt_long permutes
 * it; words with anything but safe characters go in single quotes. */
static void join_command_line(int argc, char **argv, char *out, size_t size)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "0123456789-_./:=,+@%";
	size_t used = 0;
	int i;

	out[0] = '\0';
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		char c[2] = { 0, 0 };

		if (i)
			append(out, size, &used, " ");
		if (*a && strspn(a, safe) == strlen(a)) {
			append(out, size, &used, a);
			continue;
		}
		append(out, size, &used, "'");
		for (; *a; a++) {
			c[0] = *a;
			append(out, size, &used, *a == '\'' ? "'\\''" : c);
		}
		append(out, size, &used, "'");
	}
}

/* What getopt_long refused in @word (its optopt: a short option's letter,
 * a long option's code when its value is missing or unwanted, 0 for an
 * unknown long option). */
static int option_error(const char *word)
{
	const int name_len = (int)strcspn(word, "=");

	if (strncmp(word, "--", 2) != 0)
		return usage_error(optopt != ':' && strchr(short_options, optopt) ?
				   "option -%c needs a value" : "option -%c is not known",
				   optopt);
	if (!optopt)
		return usage_error("option '%.*s' is not known", name_len, word);
	if (word[name_len])
		return usage_error("option '%.*s' takes no value", name_len, word);
	return usage_error("option '%s' needs a value", word);
}

/* The command as the user would name it, and the scope it reads. */
static unsigned command_scope(const struct bp_cli *cli, char *name, size_t size)
{
	const struct bp_probe *p = cli->probe ? bp_probe_find(cli->probe) : NULL;

	switch (cli->command) {
	case BP_CMD_ANALYSE:
		snprintf(name, size, "'analyse --probe %s%s'", p->name,
			 p->plan && cli->stimulus ? " --stimulus" : "");
		if (!p->plan)
			return IN_ANALYSE_REC;
		return cli->stimulus ? IN_ANALYSE_OUT_FILE : IN_ANALYSE_OUT;
	case BP_CMD_MEASURE:
		if (p->plan)
			snprintf(name, size, "%s%d", p->name, cli->output);
		else
			snprintf(name, size, "%s", p->name);
		return p->plan ? IN_LIVE_OUT : IN_LIVE_REC;
	case BP_CMD_STIMULUS:
		snprintf(name, size, "stimulus");
		return IN_STIMULUS;
	case BP_CMD_DEVICES:
		snprintf(name, size, "devices");
		return IN_DEVICES;
	default:
		return 0;
	}
}

/* Every option in @given (bits of scopes[]) must be read by the command. */
static int check_scopes(const struct bp_cli *cli, unsigned long given)
{
	char name[64];
	unsigned scope = command_scope(cli, name, sizeof(name));
	size_t i;

	if (!scope)
		return 0;
	for (i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++)
		if ((given & (1ul << i)) && !(scopes[i].where & scope))
			return usage_error("%s has no use with %s — %s", scopes[i].name,
					   name, scopes[i].use);
	if ((scope & IN_MEASURE) && cli->tip == cli->ring)
		return usage_error("--tip and --ring both name channel %d — tip and ring need a channel each",
				   cli->tip);
	return 0;
}

/* The bit of scopes[] for option @c, or 0 for one free everywhere. */
static unsigned long scope_bit(int c)
{
	size_t i;

	for (i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++)
		if (scopes[i].code == c)
			return 1ul << i;
	return 0;
}

int bp_cli_parse(int argc, char **argv, struct bp_cli *cli)
{
	unsigned long given = 0;
	int c, err;

	memset(cli, 0, sizeof(*cli));
	cli->tip = 1;
	cli->ring = 2;
	cli->input_fs_dbu = NAN;
	cli->output_fs_dbu = NAN;
	cli->rate_hz = 48000.0;
	cli->level_dbfs = -20.0;
	join_command_line(argc, argv, cli->command_line, sizeof(cli->command_line));
	optind = 0;   /* full re-initialisation, so tests may parse repeatedly */
	opterr = 0;
	while ((c = getopt_long(argc, argv, short_options, long_options, NULL)) != -1) {
		if (c == '?')
			return option_error(argv[optind - 1]);
		err = parse_option(c, optarg, cli);
		if (err)
			return err;
		given |= scope_bit(c);
	}
	err = parse_operands(argc - optind, argv + optind, cli);
	return err ? err : check_scopes(cli, given);
}
