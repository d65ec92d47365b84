/* balprobe: the port map of a survey (survey/survey.h) in every format:
 * the text table as it fills in, JSON (one object with a port array),
 * CSV for spreadsheets, and the HTML and Markdown report whose first page
 * is what a tech hands a client (the job's fields, one row a port with
 * its pass/attention/fail colour, the findings), the detail pages after
 * it.  They compute nothing: the marks and findings are the survey's.
 */
#ifndef BALPROBE_SURVEY_REPORT_H
#define BALPROBE_SURVEY_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "survey/survey.h"

/* One row of the port map as every format shows it. */
struct bp_survey_cells {
	char port[24];        /* "out1" */
	char kind[24];        /* the jack verdict, "failed", "skipped", "pending" */
	char polarity[24];
	char level[64];       /* "-14.0 dBFS, +4.0 dBu" */
	char hum[64];         /* "none", "60 Hz -70.0 dBFS, ground loop" */
	char latency[48];     /* "6.487 ms" */
};

void bp_survey_cells_fill(const struct bp_survey *s, int i, struct bp_survey_cells *c);

/* Text on a terminal: the header, then a row as each port is done, then
 * the findings.  @colour: ANSI colours for the marks. */
void bp_survey_text_header(FILE *out, const struct bp_survey *s, bool colour);
void bp_survey_text_row(FILE *out, const struct bp_survey *s, int i, bool colour);
void bp_survey_text_findings(FILE *out, const struct bp_survey *s, bool colour);
/* --one-take: the take's timing and each port's impulse-response
 * separation (survey/one-take.h); nothing for a survey without. */
void bp_survey_text_one_take(FILE *out, const struct bp_survey *s);

/* The survey JSON (DESIGN.md, "Survey JSON"), newly allocated; NULL when
 * out of memory.  Written to a path ("-": standard output) atomically. */
char *bp_survey_json_string(const struct bp_survey *s);
int bp_survey_json_write(const struct bp_survey *s, const char *path);

/* The CSV table, RFC 4180 (CRLF, fields quoted where needed). */
void bp_survey_csv(FILE *out, const struct bp_survey *s);

/* The HTML page and the Markdown page. */
void bp_survey_html(FILE *out, const struct bp_survey *s);
void bp_survey_markdown(FILE *out, const struct bp_survey *s);

/* Write the report @path names by its extension (.html/.htm, .md, .csv)
 * atomically.  Returns 0 or BP_E_FILE_WRITE / BP_E_NOMEM with a detail
 * sentence. */
int bp_survey_report_write(const struct bp_survey *s, const char *path);

/* Whether @path names a survey report format. */
bool bp_survey_report_format_ok(const char *path);

#endif
