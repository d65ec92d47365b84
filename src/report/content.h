/* balprobe: what a measurement report says, laid out once for every
 * format: the headline verdicts with the colour each deserves, the table
 * of figures with units, and the measurement conditions.  The HTML and
 * Markdown writers only render it.
 */
#ifndef BALPROBE_CONTENT_H
#define BALPROBE_CONTENT_H

#include <stdbool.h>

#include "report/report.h"
#include "result/result.h"

/* What a headline colour means. */
enum bp_report_tone {
	BP_TONE_NONE,      /* grey: not measured or not decided */
	BP_TONE_GOOD,      /* green: fine as it is */
	BP_TONE_INFO,      /* blue: a fact, neither good nor bad */
	BP_TONE_CAUTION,   /* amber: works, with care */
	BP_TONE_BAD        /* red: fix before use */
};

#define BP_REPORT_TILES 4
#define BP_REPORT_ROWS_MAX 48

struct bp_report_tile {
	const char *label;         /* "Jack" */
	char value[64];            /* "balanced" */
	char detail[128];          /* "confidence 0.99" */
	enum bp_report_tone tone;
};

struct bp_report_row {
	char name[64];
	char value[BP_EXPLANATION_MAX + 64];
	bool literal;              /* a file name or command line, not prose */
};

struct bp_report_content {
	char title[384];
	const char *title_name;    /* the file name ending title, or NULL */
	struct bp_report_tile tiles[BP_REPORT_TILES];
	struct bp_report_row figures[BP_REPORT_ROWS_MAX];
	int n_figures;
	struct bp_report_row conditions[16];
	int n_conditions;
};

/* Lay out @r and @ctx. */
void bp_report_content_fill(const struct bp_result *r,
			    const struct bp_report_context *ctx,
			    struct bp_report_content *c);

/* The level @r's stimulus played at, as every writer says it ("-45.0
 * dBFS, where auto-ranging settled"), into @buf; returns @buf. */
const char *bp_report_stimulus_level(char *buf, size_t size, const struct bp_result *r);

/* The meaning of a tone in words, for the legend ("fix before use"). */
const char *bp_report_tone_meaning(enum bp_report_tone tone);

/* The tone's name, as the HTML classes it ("good"). */
const char *bp_report_tone_name(enum bp_report_tone tone);

/* Append a row @name with a value formatted from @fmt to @rows (@n of
 * at most @max; beyond it the row is dropped), trimmed to whole UTF-8
 * characters. */
void bp_report_add_row(struct bp_report_row *rows, int *n, int max, const char *name,
		       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
