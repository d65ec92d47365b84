/* balprobe: the command line, parsed into a struct bp_cli.
 *
 * getopt_long with GNU argument permutation, so options may stand before or
 * after the command and its file.  Numbers go through strtol/strtod with a
 * range check and one message format.
 */
#ifndef BALPROBE_OPTIONS_H
#define BALPROBE_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "result/result.h"

enum bp_exit {
	BP_EXIT_OK = 0,
	BP_EXIT_USAGE = 1,
	BP_EXIT_FILE = 2,       /* device or file error */
	BP_EXIT_INVALID = 3,    /* no signal, clipping, ... */
	BP_EXIT_EXPECT = 4      /* --expect not met */
};

enum bp_command {
	BP_CMD_NONE,
	BP_CMD_HELP,
	BP_CMD_VERSION,
	BP_CMD_ANALYSE,
	BP_CMD_STIMULUS,
	BP_CMD_MEASURE,     /* a live probe: NAME or NAMEN */
	BP_CMD_DEVICES,
	BP_CMD_CALIBRATE,   /* the interface's dBu calibration */
	BP_CMD_SURVEY       /* survey PORT... | --ports FILE | --resume FILE */
};

/* survey: its own options (src/cli/survey.c) */
enum bp_survey_field { BP_FIELD_TITLE, BP_FIELD_VENUE, BP_FIELD_CLIENT, BP_FIELD_EQUIPMENT,
		       BP_FIELD_OPERATOR, BP_FIELD_DATE, BP_FIELDS };

struct bp_cli_survey {
	char **ports;               /* the port operands (outN, listen, ...) */
	int n_ports;
	const char *ports_path;     /* --ports FILE */
	const char *state_path;     /* --state FILE */
	const char *resume_path;    /* --resume FILE */
	const char *csv_path;       /* --csv FILE */
	bool no_wait;               /* --no-wait */
	bool one_take;              /* --one-take */
	const char *field[BP_FIELDS];  /* --title ... --date; NULL: not given */
};

struct bp_cli {
	enum bp_command command;
	const char *probe;          /* --probe, or the live probe */
	int output;                 /* live: 1-based output under test */
	const char *device;         /* -d, NULL: the default */
	double duration_s;          /* --duration, 0: the probe's default */
	const char *save_dir;       /* --save */
	const char *file;           /* the recording */
	const char *stimulus;       /* --stimulus, the played file */
	const char *output_path;    /* -o, the stimulus file to write */
	double rate_hz;             /* -r */
	double level_dbfs;          /* -l */
	bool quick;
	int tip, ring;              /* 1-based */
	int tip_out, ring_out;      /* in N: the outputs driving tip and ring */
	int right;                  /* in N: the right channel's return; 0: none */
	int mains_hz;               /* 0 = auto */
	double input_fs_dbu;        /* NAN when not given */
	double output_fs_dbu;       /* NAN when not given */
	const char *json_path;      /* --json, NULL when not given */
	const char *report_path;    /* --report FILE.html|FILE.md, or NULL */
	char command_line[1024];    /* as given (shell-quoted), for the report */
	bool expect_set;
	enum bp_jack_verdict expect;
	bool quiet, verbose;
	const char *profile;        /* --profile NAME|FILE|none, or NULL */
	bool save_profile;          /* --save-profile */
	/* calibrate: what it does (cli/calibrate.h) */
	bool cal_list;              /* --list */
	const char *cal_spec;       /* --from-spec MODEL */
	int cal_voltmeter;          /* --voltmeter N: output N; 0 none */
	double cal_source_dbu;      /* --source-dbu DBU; NAN none */
	int cal_input;              /* --input M; 0 none */
	int cal_loop;               /* --loop N: out N to in N; 0 none */
	struct bp_cli_survey survey;
};

/* Parse @argv.  Returns 0 with @cli filled, or BP_EXIT_USAGE after printing
 * one sentence and the usage hint on stderr. */
int bp_cli_parse(int argc, char **argv, struct bp_cli *cli);

/* The --help text on @out. */
void bp_cli_usage(FILE *out);

#endif
