#include "config.h"

#include <math.h>
#include <stdio.h>

#include "report/content.h"
#include "report/html.h"
#include "report/plots.h"
#include "report/svg-plot.h"

/* One self-contained page: inline CSS and SVG, no scripts, fonts or
 * images from elsewhere.  Written as well-formed XML as well as HTML, so
 * a strict XML parser checks it too.  The grid folds to one column on a
 * phone; print keeps the headline colours and keeps plots whole. */
static const char style[] =
	"body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
	"margin:0 auto;max-width:60rem;padding:1rem;color:#1f2328;line-height:1.45}\n"
	"h1{font-size:1.5rem;margin:.2rem 0 1rem}\n"
	"h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de}\n"
	".tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:.8rem}\n"
	".tile{border:3px solid;border-radius:.6rem;padding:.6rem .9rem}\n"
	".tile .label{font-size:.9rem;text-transform:uppercase;letter-spacing:.05em}\n"
	".tile .value{font-size:1.75rem;font-weight:700;line-height:1.2}\n"
	".tile .detail{font-size:.95rem}\n"
	".good{background:#dafbe1;border-color:#1a7f37;color:#0f5323}\n"
	".info{background:#ddf4ff;border-color:#0969da;color:#0a3069}\n"
	".caution{background:#fff8c5;border-color:#bf8700;color:#6b4700}\n"
	".bad{background:#ffebe9;border-color:#cf222e;color:#82071e}\n"
	".none{background:#f6f8fa;border-color:#8c959f;color:#424a53}\n"
	".legend{font-size:.9rem}.legend span{display:inline-block;border:2px solid;"
	"border-radius:.3rem;padding:0 .4rem;margin:.2rem .3rem .2rem 0}\n"
	".invalid{border:3px solid #cf222e;background:#ffebe9;padding:.6rem;font-weight:700}\n"
	"ol.advice li{margin:.4rem 0;font-size:1.05rem}\n"
	"table{border-collapse:collapse;width:100%}\n"
	"th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid #d0d7de}\n"
	"th{width:34%;font-weight:600}\n"
	"figure{margin:1rem 0;break-inside:avoid}\n"
	"figure svg{width:100%;height:auto;border:1px solid #d0d7de}\n"
	"figcaption{font-size:.9rem;color:#424a53}\n"
	"@media print{body{max-width:none}.tile,.legend span,.invalid{"
	"-webkit-print-color-adjust:exact;print-color-adjust:exact}h2{break-after:avoid}}\n";

static void text(FILE *out, const char *s)
{
	bp_svg_escape(out, s);
}

static void tiles(FILE *out, const struct bp_report_content *c)
{
	int i;

	fputs("<section class=\"tiles\" aria-label=\"verdicts\">\n", out);
	for (i = 0; i < BP_REPORT_TILES; i++) {
		const struct bp_report_tile *t = &c->tiles[i];

		fprintf(out, "<div class=\"tile %s\"><div class=\"label\">", bp_report_tone_name(t->tone));
		text(out, t->label);
		fputs("</div><div class=\"value\">", out);
		text(out, t->value);
		fputs("</div><div class=\"detail\">", out);
		text(out, t->detail);
		fputs("</div></div>\n", out);
	}
	fputs("</section>\n<p class=\"legend\">Colours: ", out);
	for (i = BP_TONE_GOOD; i <= BP_TONE_BAD; i++)
		fprintf(out, "<span class=\"%s\">%s</span>", bp_report_tone_name(i),
			bp_report_tone_meaning(i));
	fprintf(out, "<span class=\"none\">%s</span></p>\n", bp_report_tone_meaning(BP_TONE_NONE));
}

static void table(FILE *out, const struct bp_report_row *rows, int n)
{
	int i;

	fputs("<table>\n", out);
	for (i = 0; i < n; i++) {
		fputs("<tr><th scope=\"row\">", out);
		text(out, rows[i].name);
		fputs("</th><td>", out);
		text(out, rows[i].value);
		fputs("</td></tr>\n", out);
	}
	fputs("</table>\n", out);
}

static void advice(FILE *out, const struct bp_result *r, int h)
{
	int i;

	fprintf(out, "<h%d>What to do</h%d>\n", h, h);
	if (r->n_advice == 0) {
		fputs("<p>Nothing to change: no rule found a problem to act on.</p>\n", out);
		return;
	}
	fputs("<ol class=\"advice\">\n", out);
	for (i = 0; i < r->n_advice; i++) {
		fputs("<li>", out);
		text(out, r->advice[i].text);
		fputs("</li>\n", out);
	}
	fputs("</ol>\n", out);
}

static void plots(FILE *out, const struct bp_result *r, int h)
{
	int p;

	fprintf(out, "<h%d>Plots</h%d>\n", h, h);
	for (p = 0; p < BP_REPORT_PLOTS; p++) {
		if (!bp_report_plot_has_data(r, p)) {
			if (p == BP_REPORT_PLOT_LEVEL && isfinite(r->level.dbfs))
				fputs("<p>Level bands: give <code>--input-fs-dbu</code> (the dBu that reads 0 dBFS) to place the level among them.</p>\n",
				      out);
			continue;
		}
		fprintf(out, "<figure>\n<h%d>", h + 1);
		text(out, bp_report_plot_heading(p));
		fprintf(out, "</h%d>\n", h + 1);
		bp_report_plot_svg(out, r, p, false);
		fputs("<figcaption>", out);
		text(out, bp_report_plot_caption(p));
		fputs("</figcaption>\n</figure>\n", out);
	}
}

const char *bp_report_html_style(void)
{
	return style;
}

void bp_report_html_section(FILE *out, const struct bp_result *r,
			    const struct bp_report_context *ctx, int h)
{
	struct bp_report_content c;

	bp_report_content_fill(r, ctx, &c);
	if (r->invalid) {
		fputs("<p class=\"invalid\">Measurement invalid: ", out);
		text(out, r->invalid_reason);
		fputs("</p>\n", out);
	}
	tiles(out, &c);
	advice(out, r, h);
	fprintf(out, "<h%d>Figures</h%d>\n", h, h);
	table(out, c.figures, c.n_figures);
	plots(out, r, h);
	fprintf(out, "<h%d>Measurement conditions</h%d>\n", h, h);
	table(out, c.conditions, c.n_conditions);
}

void bp_report_html(FILE *out, const struct bp_result *r,
		    const struct bp_report_context *ctx)
{
	struct bp_report_content c;

	bp_report_content_fill(r, ctx, &c);
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>", out);
	text(out, c.title);
	fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", style);
	text(out, c.title);
	fputs("</h1>\n", out);
	bp_report_html_section(out, r, ctx, 2);
	fputs("</body>\n</html>\n", out);
}
