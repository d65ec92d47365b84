#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>

#include "report/content.h"
#include "report/html.h"
#include "report/plots.h"

/* Markdown table cells: a '|' would end the cell, a newline the row. */
static void cell(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputs("\\|", out);
		else if (*s == '\n')
			fputc(' ', out);
		else
			fputc(*s, out);
	}
}

/* A file name or command line as a code span, the one Markdown
 * construct in which nothing is a link, an emphasis or an HTML tag
 * (CommonMark 0.31, 6.1): fenced by one backtick more than its longest
 * run of them.  In a table a '|' still ends the cell, so it is escaped
 * there (GitHub Flavored Markdown 0.29, 4.10). */
static void literal(FILE *out, const char *s, bool in_table)
{
	int run = 0, longest = 0, i;

	for (i = 0; s[i]; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	for (i = 0; i <= longest; i++)
		fputc('`', out);
	fputc(' ', out);
	for (; *s; s++) {
		if (*s == '|' && in_table)
			fputc('\\', out);
		fputc(*s, out);
	}
	fputc(' ', out);
	for (i = 0; i <= longest; i++)
		fputc('`', out);
}

static void table(FILE *out, const struct bp_report_row *rows, int n)
{
	int i;

	fputs("| | |\n|---|---|\n", out);
	for (i = 0; i < n; i++) {
		fputs("| ", out);
		cell(out, rows[i].name);
		fputs(" | ", out);
		if (rows[i].literal)
			literal(out, rows[i].value, true);
		else
			cell(out, rows[i].value);
		fputs(" |\n", out);
	}
}

void bp_report_markdown(FILE *out, const struct bp_result *r,
			const struct bp_report_context *ctx, const char *svg_stem)
{
	struct bp_report_content c;
	int i, p;

	bp_report_content_fill(r, ctx, &c);
	if (c.title_name) {
		fprintf(out, "# %.*s", (int)(c.title_name - c.title), c.title);
		literal(out, c.title_name, false);
		fputs("\n\n", out);
	} else {
		fprintf(out, "# %s\n\n", c.title);
	}
	if (r->invalid)
		fprintf(out, "> **Measurement invalid:** %s\n\n", r->invalid_reason);
	/* Markdown has no colour: the tone is said in words. */
	fputs("| | Verdict | Detail | Meaning |\n|---|---|---|---|\n", out);
	for (i = 0; i < BP_REPORT_TILES; i++) {
		fprintf(out, "| %s | **", c.tiles[i].label);
		cell(out, c.tiles[i].value);
		fputs("** | ", out);
		cell(out, c.tiles[i].detail);
		fprintf(out, " | %s |\n", bp_report_tone_meaning(c.tiles[i].tone));
	}
	fputs("\n## What to do\n\n", out);
	if (r->n_advice == 0)
		fputs("Nothing to change: no rule found a problem to act on.\n", out);
	for (i = 0; i < r->n_advice; i++)
		fprintf(out, "%d. %s\n", i + 1, r->advice[i].text);
	fputs("\n## Figures\n\n", out);
	table(out, c.figures, c.n_figures);
	fputs("\n## Plots\n", out);
	for (p = 0; p < BP_REPORT_PLOTS; p++) {
		if (!bp_report_plot_has_data(r, p)) {
			if (p == BP_REPORT_PLOT_LEVEL && isfinite(r->level.dbfs))
				fputs("\nLevel bands: give `--input-fs-dbu` (the dBu that reads 0 dBFS) to place the level among them.\n",
				      out);
			continue;
		}
		fprintf(out, "\n### %s\n\n![%s](%s-%s.svg)\n\n*%s*\n", bp_report_plot_heading(p),
			bp_report_plot_heading(p), svg_stem, bp_report_plot_name(p),
			bp_report_plot_caption(p));
	}
	fputs("\n## Measurement conditions\n\n", out);
	table(out, c.conditions, c.n_conditions);
}
