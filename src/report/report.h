/* balprobe: report writers.  They print a finished struct bp_result and
 * compute nothing. */
#ifndef BALPROBE_REPORT_H
#define BALPROBE_REPORT_H

#include <stdio.h>
#include <time.h>

#include "result/result.h"

/* The human-readable report on @out. */
void bp_report_text(FILE *out, const struct bp_result *r);

/* The JSON document of DESIGN.md's contract, as a string the caller frees;
 * NULL when out of memory. */
char *bp_report_json_string(const struct bp_result *r);

/* Write the JSON document to @path ("-": standard output), atomically for
 * a file (temporary name, then rename).  Returns 0 or BP_E_FILE_WRITE /
 * BP_E_NOMEM with a detail sentence. */
int bp_report_json_write(const struct bp_result *r, const char *path);

/* JSON @text and a newline to @path ("-": standard output), a file
 * written atomically.  Returns 0, BP_E_NOMEM or a write error with a
 * detail sentence. */
int bp_report_json_text_write(const char *text, const char *path);

/* What the measurement report records besides the result. */
struct bp_report_context {
	const char *subject;       /* what was measured: the probe as run, NAME or NAMEN */
	const char *command_line;  /* as given, for the record */
	const char *stimulus_file; /* --stimulus FILE, or NULL */
	double input_fs_dbu;       /* calibrations given; NAN: none */
	double output_fs_dbu;
	time_t when;
};

enum bp_report_format {
	BP_REPORT_UNKNOWN,
	BP_REPORT_HTML,            /* FILE.html or FILE.htm */
	BP_REPORT_MARKDOWN         /* FILE.md, plots as FILE-NAME.svg beside it */
};

/* The format a report path asks for, by its extension (any case). */
enum bp_report_format bp_report_format_of(const char *path);

/* The file plot @plot of a Markdown report at @path goes to
 * (FILE-NAME.svg), newly allocated; NULL for an HTML report, whose plots
 * are inline, or when memory ran out. */
char *bp_report_plot_path(const char *path, int plot);

/* Write the measurement report of @r to @path, in the format its
 * extension names: every file through a temporary name and a rename, and
 * on failure none of this call's files left behind.  Returns 0 or
 * BP_E_FILE_WRITE / BP_E_NOMEM with a detail sentence. */
int bp_report_write(const struct bp_result *r, const struct bp_report_context *ctx,
		    const char *path);

#endif
