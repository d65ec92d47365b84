#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/atomic-file.h"
#include "util/errors.h"
#include "report/html.h"
#include "report/plots.h"
#include "report/report.h"
#include "io/temp-files.h"

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && strcasecmp(s + n - m, suffix) == 0;
}

enum bp_report_format bp_report_format_of(const char *path)
{
	if (ends_with(path, ".html") || ends_with(path, ".htm"))
		return BP_REPORT_HTML;
	if (ends_with(path, ".md"))
		return BP_REPORT_MARKDOWN;
	return BP_REPORT_UNKNOWN;
}

char *bp_report_plot_path(const char *path, int plot)
{
	const int stem_len = (int)(strlen(path) - strlen(".md"));
	char *svg;

	if (bp_report_format_of(path) != BP_REPORT_MARKDOWN)
		return NULL;
	return asprintf(&svg, "%.*s-%s.svg", stem_len, path,
			bp_report_plot_name(plot)) < 0 ? NULL : svg;
}

/* A document built in memory, then written to its output. */
struct doc {
	FILE *f;
	char *text;
	size_t size;
	struct bp_output out;
	bool open;             /* out holds a temporary file to commit */
};

static int doc_open(struct doc *d)
{
	d->text = NULL;
	d->open = false;
	d->f = open_memstream(&d->text, &d->size);
	return d->f ? 0 : BP_E_NOMEM;
}

/* Close @d's text and write it to @path, not yet committed; frees the
 * text either way. */
static int doc_write(struct doc *d, const char *path)
{
	int err = fclose(d->f) == 0 ? 0 : BP_E_NOMEM;

	if (!err)
		err = bp_output_open(&d->out, path);
	if (!err) {
		err = bp_output_write_text(&d->out, d->text);
		d->open = !err;
	}
	free(d->text);
	return err;
}

/* Commit @docs in order when @err is 0, else discard them all. */
static int doc_finish(struct doc *docs, int n, int err)
{
	int i;

	bp_tempfiles_hold();
	for (i = 0; i < n; i++) {
		if (!docs[i].open)
			continue;
		if (!err)
			err = bp_output_commit(&docs[i].out);
		else
			bp_output_discard(&docs[i].out);
	}
	bp_tempfiles_release();
	return err;
}

static int write_html(const struct bp_result *r, const struct bp_report_context *ctx,
		      const char *path)
{
	struct doc d;
	int err;

	if (doc_open(&d))
		return BP_E_NOMEM;
	bp_report_html(d.f, r, ctx);
	err = doc_write(&d, path);
	return doc_finish(&d, 1, err);
}

/* FILE.md: the plots, as FILE-NAME.svg, and the page that links them,
 * all written before any is renamed in: an interrupted or failed write
 * leaves no plot without its page and no page without its plots. */
static int write_markdown(const struct bp_result *r, const struct bp_report_context *ctx,
			  const char *path)
{
	const char *base = strrchr(path, '/');
	char *svg = NULL;
	struct doc d[BP_REPORT_PLOTS + 1];
	int p, n = 0, err = 0;

	base = base ? base + 1 : path;
	for (p = 0; p < BP_REPORT_PLOTS && !err; p++) {
		if (!bp_report_plot_has_data(r, p))
			continue;
		if (!(svg = bp_report_plot_path(path, p))) {
			err = BP_E_NOMEM;
		} else if (!(err = doc_open(&d[n]))) {
			bp_report_plot_svg(d[n].f, r, p, true);
			err = doc_write(&d[n++], svg);
		}
		free(svg);
		svg = NULL;
	}
	if (!err && !(err = doc_open(&d[n]))) {
		char *link_stem = strndup(base, strlen(base) - strlen(".md"));

		if (!link_stem) {
			fclose(d[n].f);
			free(d[n].text);
			err = BP_E_NOMEM;
		} else {
			bp_report_markdown(d[n].f, r, ctx, link_stem);
			free(link_stem);
			err = doc_write(&d[n++], path);
		}
	}
	return doc_finish(d, n, err);
}

int bp_report_write(const struct bp_result *r, const struct bp_report_context *ctx,
		    const char *path)
{
	switch (bp_report_format_of(path)) {
	case BP_REPORT_HTML:
		return write_html(r, ctx, path);
	case BP_REPORT_MARKDOWN:
		return write_markdown(r, ctx, path);
	case BP_REPORT_UNKNOWN:
		break;
	}
	bp_error_set_detail("%s: a report must end in .html or .md", path);
	return BP_E_FILE_WRITE;
}
