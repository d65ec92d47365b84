/* balprobe: the HTML and Markdown measurement reports.  Both render the
 * same content (report/content.h) and plots (report/plots.h). */
#ifndef BALPROBE_HTML_H
#define BALPROBE_HTML_H

#include <stdio.h>

#include "report/report.h"

/* One self-contained HTML page on @out: plots inline, no external
 * scripts, fonts or images. */
void bp_report_html(FILE *out, const struct bp_result *r,
		    const struct bp_report_context *ctx);

/* The body of that page, without its title, headings from <h@h>: a
 * section of a larger page (a survey's detail pages). */
void bp_report_html_section(FILE *out, const struct bp_result *r,
			    const struct bp_report_context *ctx, int h);

/* The page's style sheet (CSS), for a page that holds such sections. */
const char *bp_report_html_style(void);

/* The Markdown report on @out; its plots are the files
 * @svg_stem-NAME.svg (relative to the report), written by the caller. */
void bp_report_markdown(FILE *out, const struct bp_result *r,
			const struct bp_report_context *ctx, const char *svg_stem);

#endif
