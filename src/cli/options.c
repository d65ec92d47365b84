#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/options.h"
#include "cli/near-miss.h"
#include "probes/probe.h"
#include "report/report.h"
#include "signal/stimulus.h"
#include "survey/ports-file.h"

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
	OPT_REPORT,
	OPT_TIP_OUT,
	OPT_RING_OUT,
	OPT_RIGHT,
	OPT_PROFILE,
	OPT_SAVE_PROFILE,
	OPT_LIST,
	OPT_FROM_SPEC,
	OPT_VOLTMETER,
	OPT_SOURCE_DBU,
	OPT_INPUT,
	OPT_LOOP,
	OPT_PORTS,
	OPT_STATE,
	OPT_RESUME,
	OPT_CSV,
	OPT_NO_WAIT,
	OPT_ONE_TAKE,
	OPT_FIELD          /* + enum bp_survey_field: --title ... --date */
};

/* What a command line runs, as the option table sees it. */
enum {
	FOR_LIVE = 1 << 0,           /* a live take on inputs --tip and --ring */
	FOR_LIVE_DRIVING = 1 << 1,   /* a live take of a probe that drives an
				      * input: its return is input N */
	FOR_ANALYSE = 1 << 2,        /* analyse, the probe's own stimulus */
	FOR_ANALYSE_FILE = 1 << 3,   /* analyse --stimulus FILE */
	FOR_STIMULUS = 1 << 4,
	FOR_DEVICES = 1 << 5,
	FOR_CALIBRATE = 1 << 6,
	FOR_SURVEY = 1 << 7
};
#define FOR_LIVE_ANY (FOR_LIVE | FOR_LIVE_DRIVING)
#define FOR_ANALYSE_ANY (FOR_ANALYSE | FOR_ANALYSE_FILE)
#define FOR_MEASURE (FOR_LIVE_ANY | FOR_ANALYSE_ANY)

/* How a probe is named in a list of probes. */
enum probe_form {
	AS_NAME,          /* hum */
	AS_LIVE,          /* outN, hum */
	AS_LIVE_SPACED,   /* out N, hum */
	AS_ANALYSE        /* 'analyse --probe hum' */
};

/* Where an option is read.  An option given where nothing reads it is a
 * usage error: ignored silently, it would let the user believe it took
 * effect.  A measurement reads it only if its probe declares @reads
 * (struct bp_probe).  @use ends the message; its "%s" lists, in @form,
 * the probes that declare @names (0: every probe), then @also. */
static const struct {
	int code;
	const char *name;
	unsigned where;     /* FOR_* */
	unsigned reads;     /* BP_READS_*; 0: any probe */
	const char *use;
	unsigned names;
	enum probe_form form;
	const char *also;
} scopes[] = {
	{ 'd', "--device", FOR_LIVE_ANY | FOR_DEVICES | FOR_CALIBRATE | FOR_SURVEY, 0,
	  "it picks the interface for a live %s", 0, AS_LIVE, NULL },
	{ OPT_DURATION, "--duration", FOR_LIVE | FOR_SURVEY, BP_READS_DURATION,
	  "it sets how long a live %s records", BP_READS_DURATION, AS_NAME, NULL },
	{ OPT_SAVE, "--save", FOR_LIVE_ANY | FOR_SURVEY, 0, "it keeps the files of a live take", 0, AS_NAME, NULL },
	{ OPT_STIMULUS, "--stimulus", FOR_ANALYSE_FILE, BP_READS_STIMULUS,
	  "it names the played file for %s", BP_READS_STIMULUS, AS_ANALYSE, NULL },
	{ 'o', "--output", FOR_STIMULUS, 0, "it names the file the stimulus command writes", 0,
	  AS_NAME, NULL },
	{ 'r', "--rate", FOR_LIVE_ANY | FOR_STIMULUS | FOR_CALIBRATE | FOR_SURVEY, 0,
	  "a live take or a stimulus runs at it; a file brings its own", 0, AS_NAME, NULL },
	{ 'l', "--level", FOR_LIVE_ANY | FOR_ANALYSE | FOR_STIMULUS | FOR_CALIBRATE | FOR_SURVEY,
	  BP_READS_LEVEL,
	  "it sets the level of balprobe's own stimulus", 0, AS_NAME, NULL },
	{ OPT_QUICK, "--quick", FOR_LIVE_ANY | FOR_ANALYSE | FOR_STIMULUS | FOR_SURVEY, BP_READS_LEVEL,
	  "it picks balprobe's own shorter stimulus", 0, AS_NAME, NULL },
	{ OPT_PROBE, "--probe", FOR_ANALYSE_ANY | FOR_STIMULUS, 0,
	  "a live command names its probe itself", 0, AS_NAME, NULL },
	{ OPT_OUTPUT_FS_DBU, "--output-fs-dbu", FOR_MEASURE | FOR_SURVEY, BP_READS_OUTPUT_FS_DBU,
	  "only the %s probe plays through an output", BP_READS_OUTPUT_FS_DBU, AS_NAME, NULL },
	{ OPT_TIP, "--tip", (FOR_MEASURE & ~FOR_LIVE_DRIVING) | FOR_SURVEY, 0,
	  "it picks a channel of a measurement (%s takes its return on input N, see --right)",
	  BP_READS_DRIVES, AS_LIVE_SPACED, NULL },
	{ OPT_RING, "--ring", (FOR_MEASURE & ~FOR_LIVE_DRIVING) | FOR_SURVEY, 0,
	  "it picks a channel of a measurement (%s takes its return on input N, see --right)",
	  BP_READS_DRIVES, AS_LIVE_SPACED, NULL },
	{ OPT_TIP_OUT, "--tip-out", FOR_LIVE_ANY, BP_READS_DRIVES,
	  "it picks the output driving the tip for %s", BP_READS_DRIVES, AS_LIVE_SPACED, NULL },
	{ OPT_RING_OUT, "--ring-out", FOR_LIVE_ANY, BP_READS_DRIVES,
	  "it picks the output driving the ring for %s", BP_READS_DRIVES, AS_LIVE_SPACED, NULL },
	{ OPT_RIGHT, "--right", FOR_LIVE_ANY, BP_READS_DRIVES,
	  "it picks the right channel's return for %s", BP_READS_DRIVES, AS_LIVE_SPACED, NULL },
	{ OPT_MAINS, "--mains", FOR_MEASURE | FOR_SURVEY, 0, "it is read by a measurement", 0, AS_NAME, NULL },
	{ OPT_INPUT_FS_DBU, "--input-fs-dbu", FOR_MEASURE | FOR_SURVEY, 0, "it is read by a measurement", 0,
	  AS_NAME, NULL },
	{ OPT_JSON, "--json", FOR_MEASURE | FOR_SURVEY, 0, "it writes a measurement's result", 0, AS_NAME, NULL },
	{ OPT_EXPECT, "--expect", FOR_MEASURE, 0, "it checks a measurement's verdict", 0, AS_NAME,
	  NULL },
	{ OPT_REPORT, "--report", FOR_MEASURE | FOR_SURVEY, 0, "it needs a measurement to report (%s)", 0,
	  AS_LIVE, "analyse" },
	{ OPT_PROFILE, "--profile", FOR_MEASURE | FOR_SURVEY, 0,
	  "it picks the interface profile of a measurement", 0, AS_NAME, NULL },
	{ OPT_SAVE_PROFILE, "--save-profile", FOR_LIVE, BP_READS_PROFILE_SAVE,
	  "it keeps what a live %s measured of the interface in the card's profile",
	  BP_READS_PROFILE_SAVE, AS_NAME, NULL },
	{ OPT_LIST, "--list", FOR_CALIBRATE, 0, "it is read by calibrate", 0, AS_NAME, NULL },
	{ OPT_FROM_SPEC, "--from-spec", FOR_CALIBRATE, 0, "it is read by calibrate", 0, AS_NAME, NULL },
	{ OPT_VOLTMETER, "--voltmeter", FOR_CALIBRATE, 0, "it is read by calibrate", 0, AS_NAME, NULL },
	{ OPT_SOURCE_DBU, "--source-dbu", FOR_CALIBRATE, 0, "it is read by calibrate", 0, AS_NAME, NULL },
	{ OPT_INPUT, "--input", FOR_CALIBRATE, 0, "it is read by calibrate", 0, AS_NAME, NULL },
	{ OPT_LOOP, "--loop", FOR_CALIBRATE, 0, "it is read by calibrate", 0, AS_NAME, NULL },
	{ OPT_PORTS, "--ports", FOR_SURVEY, 0, "it lists a survey's ports", 0, AS_NAME, NULL },
	{ OPT_STATE, "--state", FOR_SURVEY, 0, "it keeps a survey's state", 0, AS_NAME, NULL },
	{ OPT_RESUME, "--resume", FOR_SURVEY, 0, "it resumes a survey", 0, AS_NAME, NULL },
	{ OPT_CSV, "--csv", FOR_SURVEY, 0, "it writes a survey's port map", 0, AS_NAME, NULL },
	{ OPT_NO_WAIT, "--no-wait", FOR_SURVEY, 0, "it runs a survey's ports without asking", 0,
	  AS_NAME, NULL },
	{ OPT_ONE_TAKE, "--one-take", FOR_SURVEY, 0, "it measures a survey's outputs at once", 0,
	  AS_NAME, NULL },
	{ OPT_FIELD, "--title, --venue, --client, --equipment, --operator and --date", FOR_SURVEY,
	  0, "they head a survey's report", 0, AS_NAME, NULL },
};

/* -D as well as -d: aplay and arecord spell the device -D. */
static const char short_options[] = "qvhVr:l:o:d:D:";

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
	{ "tip-out", required_argument, NULL, OPT_TIP_OUT },
	{ "ring-out", required_argument, NULL, OPT_RING_OUT },
	{ "right", required_argument, NULL, OPT_RIGHT },
	{ "profile", required_argument, NULL, OPT_PROFILE },
	{ "save-profile", no_argument, NULL, OPT_SAVE_PROFILE },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "from-spec", required_argument, NULL, OPT_FROM_SPEC },
	{ "voltmeter", required_argument, NULL, OPT_VOLTMETER },
	{ "source-dbu", required_argument, NULL, OPT_SOURCE_DBU },
	{ "input", required_argument, NULL, OPT_INPUT },
	{ "loop", required_argument, NULL, OPT_LOOP },
	{ "ports", required_argument, NULL, OPT_PORTS },
	{ "state", required_argument, NULL, OPT_STATE },
	{ "resume", required_argument, NULL, OPT_RESUME },
	{ "csv", required_argument, NULL, OPT_CSV },
	{ "no-wait", no_argument, NULL, OPT_NO_WAIT },
	{ "one-take", no_argument, NULL, OPT_ONE_TAKE },
	{ "title", required_argument, NULL, OPT_FIELD + BP_FIELD_TITLE },
	{ "venue", required_argument, NULL, OPT_FIELD + BP_FIELD_VENUE },
	{ "client", required_argument, NULL, OPT_FIELD + BP_FIELD_CLIENT },
	{ "equipment", required_argument, NULL, OPT_FIELD + BP_FIELD_EQUIPMENT },
	{ "operator", required_argument, NULL, OPT_FIELD + BP_FIELD_OPERATOR },
	{ "date", required_argument, NULL, OPT_FIELD + BP_FIELD_DATE },
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

/* "Usage: balprobe [OPTIONS] " on the first line, aligned after it. */
static void synopsis_line(FILE *out, int *lines)
{
	fprintf(out, "%sbalprobe [OPTIONS] ", (*lines)++ ? "       " : "Usage: ");
}

/* The synopsis: a line for each probe with a usage line, one for those
 * without, and the commands that are not probes. */
static void usage_synopsis(FILE *out)
{
	const struct bp_probe *p;
	const struct bp_probe_stimulus *st;
	const char *sep = "";
	size_t i;
	int lines = 0;

	for (i = 0; (p = bp_probe_at(i)); i++) {
		const int cmd = p->usage ? (int)strcspn(p->usage, " ") : 0;

		if (!p->usage)
			continue;
		synopsis_line(out, &lines);
		fprintf(out, "%-16.*s%s\n", cmd, p->usage, p->usage[cmd] ? p->usage + cmd + 1 : "");
	}
	synopsis_line(out, &lines);
	for (i = 0; (p = bp_probe_at(i)); i++)
		if (!p->usage)
			fprintf(out, "%s | ", p->name);
	fprintf(out, "devices\n");
	synopsis_line(out, &lines);
	fprintf(out, "calibrate --list | --from-spec MODEL |\n"
		     "                          --voltmeter N [--loop N] | --loop N |\n"
		     "                          --source-dbu DBU --input M\n");
	synopsis_line(out, &lines);
	fprintf(out, "analyse --probe PROBE [--stimulus STIM.wav] FILE\n");
	synopsis_line(out, &lines);
	fprintf(out, "stimulus [--probe ");
	for (i = 0; (p = bp_probe_at(i)); i++)
		if (p->plan) {
			fprintf(out, "%s%s", sep, p->name);
			sep = "|";
		}
	/* Then the stimuli a probe reads but does not play. */
	for (i = 0; (p = bp_probe_at(i)); i++)
		for (st = p->stimuli; st && st->name; st++) {
			fprintf(out, "%s%s", sep, st->name);
			sep = "|";
		}
	fprintf(out, "] -o FILE.wav\n");
	synopsis_line(out, &lines);
	fprintf(out, "survey PORT... | survey --ports FILE | survey --resume FILE\n");
}

void bp_cli_usage(FILE *out)
{
	size_t i;
	const struct bp_probe *p;

	usage_synopsis(out);
	fprintf(out,
		"Measure and diagnose an analogue audio port from a two-channel recording\n"
		"of its tip and ring (a TRS-to-2xTS cable: tip to input 1, ring to input 2).\n"
		"\n"
		"Probes:\n");
	for (i = 0; (p = bp_probe_at(i)); i++)
		fprintf(out, "  %-8s %s\n", p->name, p->summary);
	fprintf(out,
		"\n"
		"Options:\n"
		"  -d, -D, --device NAME   ALSA PCM (hw:USB, plughw:2, default, ...) or\n"
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
		"      --tip-out N         in: the output driving the input's tip (default 1)\n"
		"      --ring-out N        in: the output driving the input's ring (default 2)\n"
		"      --right N           in: the input a stereo input's right channel comes\n"
		"                          back on (default: none, one return on input N)\n"
		"      --mains auto|50|60  mains frequency (default auto)\n"
		"      --input-fs-dbu DBU  calibration: the level in dBu at the jack that reads\n"
		"                          0 dBFS (a full-scale sine); enables dBu, dBV, class\n"
		"      --output-fs-dbu DBU calibration: the level in dBu an output gives for a\n"
		"                          full-scale sine played\n"
		"      --profile NAME|FILE|none  the interface profile: a saved or built-in\n"
		"                          one by NAME, a FILE, or none (default: a live take\n"
		"                          uses its card's saved profile, analyse none)\n"
		"      --save-profile      loop: keep the interface's measured gains and limits\n"
		"                          in its card's profile, for every later measurement\n"
		"      --json FILE|-       write the result as JSON (\"-\": standard output only)\n"
		"      --report FILE       write a measurement report with plots and advice:\n"
		"                          FILE.html (self-contained) or FILE.md (plots as\n"
		"                          FILE-NAME.svg beside it)\n"
		"      --expect VERDICT    exit 4 unless the jack is VERDICT (balanced, unbalanced,\n"
		"                          stereo, dual-mono, no-signal or dead, unknown)\n"
		"calibrate (saves the card's profile under $XDG_CONFIG_HOME/balprobe):\n"
		"      --list              the built-in profiles, their figures and sources\n"
		"      --from-spec MODEL   save a built-in profile's figures for the card\n"
		"      --voltmeter N       play 1 kHz at --level on output N; type the RMS volts\n"
		"                          a voltmeter reads there: the output's calibration\n"
		"      --source-dbu DBU    a 1 kHz source of DBU at input M (--input M): the\n"
		"      --input M           input's calibration\n"
		"      --loop N            a cable from output N to input N: check the output's\n"
		"                          and the input's calibration against each other, or\n"
		"                          derive the missing one\n"
		"\n"
		"Survey (many ports in one run, checked against each other):\n"
		"      --ports FILE        the ports, one a line: PROBE [LABEL] [KEY=VALUE]...\n"
		"      --state FILE        save the survey after every port (to resume it)\n"
		"      --resume FILE       go on with the survey saved in FILE\n"
		"      --no-wait           measure port after port without asking\n"
		"      --one-take          every out port in one take (2 inputs a port)\n"
		"      --csv FILE          write the port map as CSV\n"
		"      --title, --venue, --client, --equipment, --operator, --date TEXT\n"
		"                          the job, on the report's first page\n"
		"\n"
		"  -q, --quiet             no text report\n"
		"  -v, --verbose           more detail in error messages\n"
		"  -h, --help              this help\n"
		"  -V, --version           the version\n"
		"\n"
		"Exit status: 0 measured, 1 usage error, 2 device or file error, 3 measurement\n"
		"invalid (no signal, clipping, repeated xruns), 4 --expect not met.\n");
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

/* Is @p among the probes that declare @names (0: every probe)? */
static bool declares(const struct bp_probe *p, unsigned names)
{
	return !names || (p->reads & names);
}

/* Before item @k of @n in a list "a, b or c". */
static const char *separator(size_t k, size_t n)
{
	return k == 0 ? "" : k + 1 == n ? " or " : ", ";
}

/* Into @out: the probes that declare @names, each in @form, then @also
 * (may be NULL), as "a, b or c". */
static void list_probes(char *out, size_t size, unsigned names, enum probe_form form,
			const char *also)
{
	const struct bp_probe *p;
	char item[64];
	size_t i, n = also ? 1 : 0, k = 0, used = 0;

	out[0] = '\0';
	for (i = 0; (p = bp_probe_at(i)); i++)
		n += declares(p, names);
	for (i = 0; (p = bp_probe_at(i)); i++) {
		if (!declares(p, names))
			continue;
		if (form == AS_ANALYSE)
			snprintf(item, sizeof(item), "'analyse --probe %s'", p->name);
		else
			snprintf(item, sizeof(item), "%s%s", p->name,
				 !p->plan || form == AS_NAME ? "" : form == AS_LIVE ? "N" : " N");
		append(out, size, &used, separator(k++, n));
		append(out, size, &used, item);
	}
	if (also) {
		append(out, size, &used, separator(k, n));
		append(out, size, &used, also);
	}
}

/* A word of the command line that getopt_long reads as options but that
 * looks like a file name ("-take.wav" is -t with "ake.wav"), or NULL:
 * a usage error then says how to name such a file. */
static const char *dashed_file;

/* Does @word, starting with a single '-', look like a file name rather
 * than options or a negative number? */
static bool looks_like_file(const char *word)
{
	const char *dot = strrchr(word, '.');
	char *end;

	if (word[0] != '-' || word[1] == '-' || word[1] == '\0' || word[2] == '\0')
		return false;
	strtod(word, &end);
	if (!*end)
		return false;
	return strchr(word, '/') || (dot && dot[1] && !(dot[1] >= '0' && dot[1] <= '9'));
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "balprobe: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (dashed_file)
		fprintf(stderr, " (if '%s' is a file, write ./%s or put -- before it)",
			dashed_file, dashed_file);
	fprintf(stderr, "\nTry 'balprobe --help' for more information.\n");
	return BP_EXIT_USAGE;
}

static int parse_int(const char *opt, const char *text, long lo, long hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(text, &end, 10);
	if (errno || end == text || *end || v < lo || v > hi)
		return usage_error("%s: '%s' is not a whole number from %ld to %ld", opt, text,
				   lo, hi);
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
	if (errno || end == text || *end || !isfinite(v) || v < lo || v > hi)
		return usage_error("%s: '%s' is not a number from %g to %g", opt, text, lo, hi);
	*out = v;
	return 0;
}

/* An option that names a file or directory, given an empty name
 * ("--json="): the same usage error as no value at all. */
static int empty_name(int c, const char *arg)
{
	size_t i;

	if (arg && arg[0])
		return 0;
	for (i = 0; long_options[i].name; i++)
		if (long_options[i].val == c)
			return usage_error("option '--%s' needs a value (a file name, not an empty one)",
					   long_options[i].name);
	return usage_error("option -%c needs a value (a file name, not an empty one)", c);
}

/* --expect VERDICT: a verdict's JSON name, or "dead" for no-signal (a
 * dead port is what the manual calls it). */
static int parse_expect(const char *arg, struct bp_cli *cli)
{
	struct bp_near_miss m;
	int v;

	cli->expect_set = true;
	if (strcmp(arg, "dead") == 0) {
		cli->expect = BP_JACK_NO_SIGNAL;
		return 0;
	}
	if (bp_jack_verdict_parse(arg, &cli->expect) == 0)
		return 0;
	bp_near_miss_init(&m, arg);
	bp_near_miss_offer(&m, "dead");
	for (v = BP_JACK_UNKNOWN; v <= BP_JACK_NO_SIGNAL; v++)
		bp_near_miss_offer(&m, bp_jack_verdict_name((enum bp_jack_verdict)v));
	if (bp_near_miss_best(&m))
		return usage_error("--expect: '%s' is not a jack verdict — did you mean '%s'?",
				   arg, bp_near_miss_best(&m));
	return usage_error("--expect: '%s' is not a jack verdict (balanced, unbalanced, stereo, dual-mono, no-signal or dead, unknown)",
			   arg);
}

/* The survey's own options. */
static int parse_survey_option(int c, const char *arg, struct bp_cli *cli)
{
	struct bp_cli_survey *sv = &cli->survey;
	const char **path = c == OPT_PORTS ? &sv->ports_path : c == OPT_STATE ? &sv->state_path :
			    c == OPT_RESUME ? &sv->resume_path : c == OPT_CSV ? &sv->csv_path : NULL;

	if (path) {
		*path = arg;
		return empty_name(c, arg);
	}
	if (c == OPT_NO_WAIT || c == OPT_ONE_TAKE) {
		*(c == OPT_NO_WAIT ? &sv->no_wait : &sv->one_take) = true;
		return 0;
	}
	if (c >= OPT_FIELD && c < OPT_FIELD + BP_FIELDS) {
		static const char *const names[BP_FIELDS] = { "title", "venue", "client",
							      "equipment", "operator", "date" };

		if (strlen(arg) >= 128)
			return usage_error("--%s: at most 127 bytes", names[c - OPT_FIELD]);
		sv->field[c - OPT_FIELD] = arg;
		return 0;
	}
	return usage_error("unrecognised option");
}

static int parse_option(int c, const char *arg, struct bp_cli *cli)
{
	switch (c) {
	case OPT_TIP:
		return parse_int("--tip", arg, 1, 1024, &cli->tip);
	case OPT_RING:
		return parse_int("--ring", arg, 1, 1024, &cli->ring);
	case OPT_TIP_OUT:
		return parse_int("--tip-out", arg, 1, 64, &cli->tip_out);
	case OPT_RING_OUT:
		return parse_int("--ring-out", arg, 1, 64, &cli->ring_out);
	case OPT_RIGHT:
		return parse_int("--right", arg, 1, 64, &cli->right);
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
		return empty_name(c, arg);
	case 'd':
		cli->device = arg;
		return 0;
	case OPT_STIMULUS:
		cli->stimulus = arg;
		return empty_name(c, arg);
	case OPT_QUICK:
		cli->quick = true;
		return 0;
	case 'o':
		cli->output_path = arg;
		return empty_name(c, arg);
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
		return empty_name(c, arg);
	case OPT_REPORT:
		if (empty_name(c, arg))
			return BP_EXIT_USAGE;
		if (bp_report_format_of(arg) == BP_REPORT_UNKNOWN)
			return usage_error("--report: '%s' must end in .html or .md (the name chooses the format)",
					   arg);
		cli->report_path = arg;
		return 0;
	case OPT_EXPECT:
		return parse_expect(arg, cli);
	case OPT_PROBE:
		cli->probe = arg;
		return 0;
	case OPT_PROFILE:
		cli->profile = arg;
		return empty_name(c, arg);
	case OPT_SAVE_PROFILE:
		cli->save_profile = true;
		return 0;
	case OPT_LIST:
		cli->cal_list = true;
		return 0;
	case OPT_FROM_SPEC:
		cli->cal_spec = arg;
		return empty_name(c, arg);
	case OPT_VOLTMETER:
		return parse_int("--voltmeter", arg, 1, 64, &cli->cal_voltmeter);
	case OPT_SOURCE_DBU:
		return parse_double("--source-dbu", arg, -60.0, 40.0, &cli->cal_source_dbu);
	case OPT_INPUT:
		return parse_int("--input", arg, 1, 64, &cli->cal_input);
	case OPT_LOOP:
		return parse_int("--loop", arg, 1, 64, &cli->cal_loop);
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
	return parse_survey_option(c, arg, cli);
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
	if (n > 2 && p->default_output > 0)
		return usage_error("%s takes one operand at most, the first output it plays on: %s, %s 1 or %s1",
				   p->name, p->name, p->name, p->name);
	if (n == 1 && p->default_output > 0) {
		cli->output = p->default_output;
		return 0;
	}
	if (n != 2)
		return usage_error("%s needs the %s to test: %s 1 or %s1", p->name,
				   p->drives_input ? "input" : "output", p->name, p->name);
	return parse_int(p->name, operands[1], 1, 64, &cli->output);
}

	static const char *const commands[] = { "analyse", "calibrate", "devices", "stimulus", "survey" };

/* "@prefix'@word' is not a @what this build knows", with the candidate
 * of @m it nearly spells. */
static int not_known(const char *prefix, const char *word, const char *what,
		     const struct bp_near_miss *m)
{
	if (bp_near_miss_best(m))
		return usage_error("%s'%s' is not a %s this build knows — did you mean '%s'?",
				   prefix, word, what, bp_near_miss_best(m));
	return usage_error("%s'%s' is not a %s this build knows (try 'balprobe --help')",
			   prefix, word, what);
}

/* A command nobody knows; it may be a probe's name misspelt. */
static int unknown_command(const char *word)
{
	struct bp_near_miss m;
	const struct bp_probe *p;
	size_t i;

	bp_near_miss_init(&m, word);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		bp_near_miss_offer(&m, commands[i]);
	for (i = 0; (p = bp_probe_at(i)); i++)
		bp_near_miss_offer(&m, p->name);
	return not_known("", word, "command", &m);
}

/* --probe NAME names no probe (@must_play: for 'stimulus'). */
static int unknown_probe(const char *name, bool must_play)
{
	struct bp_near_miss m;
	const struct bp_probe *p;
	size_t i;

	bp_near_miss_init(&m, name);
	for (i = 0; (p = bp_probe_at(i)); i++)
		if (p->plan || !must_play)
			bp_near_miss_offer(&m, p->name);
	return not_known("--probe: ", name, "probe", &m);
}

/* stimulus: the probe named, or by default the first in the registry
 * that plays one; a probe that only records has none to write. */
static int stimulus_probe(struct bp_cli *cli)
{
	const struct bp_probe *p;
	char players[128] = "";
	size_t i, used = 0;

	for (i = 0; (p = bp_probe_at(i)); i++) {
		if (!p->plan)
			continue;
		if (!cli->probe)
			cli->probe = p->name;
		used += (size_t)snprintf(players + used, used < sizeof(players) ? sizeof(players) - used : 0,
					 "%s%s", used ? ", " : "", p->name);
	}
	p = bp_probe_find(cli->probe);
	if (!p)
		return unknown_probe(cli->probe, true);
	if (!p->plan)
		return usage_error("--probe %s plays no stimulus — 'stimulus' writes what a probe plays (%s)",
				   p->name, players);
	return 0;
}

/* No command: point to the analysis of a recording by the first probe
 * that needs nothing but the recording. */
static int no_command(void)
{
	const struct bp_probe *p;
	size_t i;

	for (i = 0; (p = bp_probe_at(i)); i++)
		if (!(p->reads & BP_READS_STIMULUS))
			return usage_error("no command given: try 'balprobe analyse --probe %s FILE'",
					   p->name);
	return usage_error("no command given (try 'balprobe --help')");
}

/* calibrate: one way at a time; only --loop joins --voltmeter (the
 * cable and the meter on the same output, at the same tone). */
static int calibrate_steps(const struct bp_cli *cli)
{
	const int ways = cli->cal_list + (cli->cal_spec != NULL) + (cli->cal_voltmeter > 0) +
			 !isnan(cli->cal_source_dbu) + (cli->cal_loop > 0 && !cli->cal_voltmeter);

	if (ways == 0)
		return usage_error("calibrate needs one of --list, --from-spec MODEL, --voltmeter N, --source-dbu DBU --input M or --loop N");
	if (ways > 1)
		return usage_error("calibrate does one thing at a time: give one of --list, --from-spec, --voltmeter (with --loop at most), --source-dbu or --loop");
	if (!isnan(cli->cal_source_dbu) != (cli->cal_input > 0))
		return usage_error(cli->cal_input ? "--input M goes with --source-dbu DBU: the level of the source at input M"
						  : "--source-dbu needs --input M: the input the source is connected to");
	if (cli->cal_voltmeter && cli->cal_loop && cli->cal_voltmeter != cli->cal_loop)
		return usage_error("--voltmeter %d and --loop %d name different outputs — the loop cable runs from the output the voltmeter reads (--loop %d)",
				   cli->cal_voltmeter, cli->cal_loop, cli->cal_voltmeter);
	return 0;
}

/* survey PORT... | --ports FILE | --resume FILE */
static int parse_survey(int n, char **ports, struct bp_cli *cli)
{
	struct bp_cli_survey *sv = &cli->survey;
	struct bp_survey_port p;
	char why[256];
	int i;

	cli->command = BP_CMD_SURVEY;
	sv->ports = ports;
	sv->n_ports = n;
	for (i = 0; i < n; i++)
		if (bp_survey_port_parse(&p, ports[i], why, sizeof(why)) != 0)
			return usage_error("survey: %s", why);
	if (n > BP_SURVEY_PORTS_MAX)
		return usage_error("survey: at most %d ports", BP_SURVEY_PORTS_MAX);
	if (sv->resume_path && (n || sv->ports_path))
		return usage_error("survey --resume takes its ports from the state file: give no ports and no --ports");
	if (sv->resume_path && sv->state_path)
		return usage_error("survey --resume FILE saves to FILE: leave out --state");
	if (sv->one_take && cli->save_dir)
		return usage_error("--save has no use with survey --one-take: the take is one recording of every port");
	if (!n && !sv->ports_path && !sv->resume_path)
		return usage_error("survey needs its ports: 'survey out1 out2 ...', --ports FILE or --resume FILE");
	return 0;
}

/* The command and its operands, once every option is read. */
static int parse_operands(int n, char **operands, struct bp_cli *cli)
{
	char names[128];
	int live;

	if (cli->command == BP_CMD_HELP || cli->command == BP_CMD_VERSION)
		return 0;
	if (n == 0)
		return no_command();
	if (strcmp(operands[0], "analyse") == 0 || strcmp(operands[0], "analyze") == 0) {
		cli->command = BP_CMD_ANALYSE;
		if (n != 2)
			return usage_error("analyse takes one recording (%s given)",
					   n == 1 ? "none" : "more than one");
		cli->file = operands[1];
		if (!cli->probe) {
			list_probes(names, sizeof(names), 0, AS_NAME, NULL);
			return usage_error("analyse needs --probe (%s)", names);
		}
		if (!bp_probe_find(cli->probe))
			return unknown_probe(cli->probe, false);
		return 0;
	}
	if (strcmp(operands[0], "devices") == 0) {
		cli->command = BP_CMD_DEVICES;
		return n == 1 ? 0 : usage_error("devices takes no operand");
	}
	if (strcmp(operands[0], "calibrate") == 0) {
		cli->command = BP_CMD_CALIBRATE;
		return n == 1 ? calibrate_steps(cli) : usage_error("calibrate takes no operand: say what to do with its options (--list, --from-spec, --voltmeter, --source-dbu, --loop)");
	}
	if (strcmp(operands[0], "survey") == 0)
		return parse_survey(n - 1, operands + 1, cli);
	live = parse_live(n, operands, cli);
	if (live != -1)
		return live;
	if (strcmp(operands[0], "stimulus") == 0) {
		cli->command = BP_CMD_STIMULUS;
		if (n != 1)
			return usage_error("stimulus takes no file operand: name the output with -o");
		if (!cli->output_path)
			return usage_error("stimulus needs -o FILE.wav");
		/* A stimulus a probe reads but does not play. */
		if (cli->probe && bp_probe_stimulus_find(cli->probe, NULL))
			return 0;
		return stimulus_probe(cli);
	}
	return unknown_command(operands[0]);
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

/* The command as the user would name it, and what it runs (FOR_*);
 * @probe gets the probe of a measurement, else NULL. */
static unsigned command_scope(const struct bp_cli *cli, char *name, size_t size,
			      const struct bp_probe **probe)
{
	const struct bp_probe *p = cli->probe ? bp_probe_find(cli->probe) : NULL;

	*probe = NULL;
	switch (cli->command) {
	case BP_CMD_ANALYSE:
		*probe = p;
		snprintf(name, size, "'analyse --probe %s%s'", p->name,
			 (p->reads & BP_READS_STIMULUS) && cli->stimulus ? " --stimulus" : "");
		return cli->stimulus ? FOR_ANALYSE_FILE : FOR_ANALYSE;
	case BP_CMD_MEASURE:
		*probe = p;
		if (p->plan)
			snprintf(name, size, "%s%d", p->name, cli->output);
		else
			snprintf(name, size, "%s", p->name);
		return p->drives_input ? FOR_LIVE_DRIVING : FOR_LIVE;
	case BP_CMD_STIMULUS:
		snprintf(name, size, "stimulus");
		return FOR_STIMULUS;
	case BP_CMD_DEVICES:
		snprintf(name, size, "devices");
		return FOR_DEVICES;
	case BP_CMD_CALIBRATE:
		snprintf(name, size, "calibrate");
		return FOR_CALIBRATE;
	case BP_CMD_SURVEY:
		snprintf(name, size, "survey");
		return FOR_SURVEY;
	default:
		return 0;
	}
}

/* "@option has no use with @command — " and scopes[@i]'s use. */
static int no_use(size_t i, const char *command)
{
	const char *use = scopes[i].use, *at = strstr(use, "%s");
	char list[256] = "";

	if (!at)
		return usage_error("%s has no use with %s — %s", scopes[i].name, command, use);
	list_probes(list, sizeof(list), scopes[i].names, scopes[i].form, scopes[i].also);
	return usage_error("%s has no use with %s — %.*s%s%s", scopes[i].name, command,
			   (int)(at - use), use, list, at + 2);
}

/* Every option in @given (bits of scopes[]) must be read by the command
 * and, in a measurement, by its probe. */
static int check_scopes(const struct bp_cli *cli, unsigned long given)
{
	const struct bp_probe *p;
	char name[64];
	unsigned scope = command_scope(cli, name, sizeof(name), &p);
	size_t i;

	if (!scope)
		return 0;
	for (i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++)
		if ((given & (1ul << i)) &&
		    (!(scopes[i].where & scope) || (p && (p->reads & scopes[i].reads) != scopes[i].reads)))
			return no_use(i, name);
	if (scope == FOR_LIVE_DRIVING && cli->tip_out == cli->ring_out)
		return usage_error("--tip-out and --ring-out both name output %d — each drive needs an output of its own",
				   cli->tip_out);
	if (scope == FOR_LIVE_DRIVING && cli->right == cli->output)
		return usage_error("--right %d is the return already (%s %d) — name the input the right channel comes back on",
				   cli->right, p->name, cli->output);
	if ((scope & (FOR_MEASURE | FOR_SURVEY)) && cli->tip == cli->ring)
		return usage_error("--tip and --ring both name channel %d — tip and ring need a channel each",
				   cli->tip);
	return 0;
}

/* The bit of scopes[] for option @c, or 0 for one free everywhere. */
static unsigned long scope_bit(int c)
{
	size_t i;

	if (c > OPT_FIELD && c < OPT_FIELD + BP_FIELDS)
		c = OPT_FIELD;
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
	cli->tip_out = 1;
	cli->ring_out = 2;
	cli->input_fs_dbu = NAN;
	cli->output_fs_dbu = NAN;
	cli->cal_source_dbu = NAN;
	cli->rate_hz = 48000.0;
	cli->level_dbfs = -20.0;
	join_command_line(argc, argv, cli->command_line, sizeof(cli->command_line));
	dashed_file = NULL;
	for (c = 1; c < argc && strcmp(argv[c], "--") != 0 && !dashed_file; c++)
		if (looks_like_file(argv[c]))
			dashed_file = argv[c];
	optind = 0;   /* full re-initialisation, so tests may parse repeatedly */
	opterr = 0;
	while ((c = getopt_long(argc, argv, short_options, long_options, NULL)) != -1) {
		if (c == '?')
			return option_error(argv[optind - 1]);
		if (c == 'D')
			c = 'd';
		err = parse_option(c, optarg, cli);
		if (err)
			return err;
		given |= scope_bit(c);
	}
	err = parse_operands(argc - optind, argv + optind, cli);
	return err ? err : check_scopes(cli, given);
}
