#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "atomic-file.h"
#include "errors.h"
#include "report-html.h"
#include "report-plots.h"
#include "report.h"

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

/* A document built in memory, for bp_write_file_atomic(). */
struct doc {
	FILE *f;
	char *text;
	size_t size;
};

static int doc_open(struct doc *d)
{
	d->text = NULL;
	d->f = open_memstream(&d->text, &d->size);
	return d->f ? 0 : BP_E_NOMEM;
}

/* Close @d and write it to @path; frees the text either way. */
static int doc_write(struct doc *d, const char *path)
{
	int err = fclose(d->f) == 0 ? bp_write_file_atomic(path, d->text) : BP_E_NOMEM;

	free(d->text);
	return err;
}

static int write_html(const struct bp_result *r, const struct bp_report_context *ctx,
		      const char *path)
{
	struct doc d;

	if (doc_open(&d))
		return BP_E_NOMEM;
	bp_report_html(d.f, r, ctx);
	return doc_write(&d, path);
}

/* FILE.md: the plots first, as FILE-NAME.svg, then the page that links
 * them, so the page never points at a missing plot. */
static int write_markdown(const struct bp_result *r, const struct bp_report_context *ctx,
			  const char *path)
{
	const size_t stem_len = strlen(path) - strlen(".md");
	const char *base = strrchr(path, '/');
	char *svg[BP_REPORT_PLOTS] = { NULL }, *stem = strndup(path, stem_len);
	struct doc d;
	int p, err = 0;

	if (!stem)
		return BP_E_NOMEM;
	base = base ? base + 1 : path;
	for (p = 0; p < BP_REPORT_PLOTS && !err; p++) {
		if (!bp_report_plot_has_data(r, p))
			continue;
		if (asprintf(&svg[p], "%s-%s.svg", stem, bp_report_plot_name(p)) < 0) {
			svg[p] = NULL;
			err = BP_E_NOMEM;
		} else if (!(err = doc_open(&d))) {
			bp_report_plot_svg(d.f, r, p, true);
			err = doc_write(&d, svg[p]);
			if (err) {
				free(svg[p]);
				svg[p] = NULL;
			}
		}
	}
	if (!err && !(err = doc_open(&d))) {
		char *link_stem = strndup(base, strlen(base) - strlen(".md"));

		if (!link_stem) {
			fclose(d.f);
			free(d.text);
			err = BP_E_NOMEM;
		} else {
			bp_report_markdown(d.f, r, ctx, link_stem);
			free(link_stem);
			err = doc_write(&d, path);
		}
	}
	for (p = 0; p < BP_REPORT_PLOTS; p++) {
		if (err && svg[p])
			unlink(svg[p]);
		free(svg[p]);
	}
	free(stem);
	return err;
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
