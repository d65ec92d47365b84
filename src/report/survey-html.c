/* balprobe: the survey's HTML report.  The first page is for the
 * client: the job, the port map with a pass/attention/fail colour on each
 * row (and the word, for print and colour-blind readers), the findings.
 * The detail pages follow, one per port, each the single-port report's
 * body.  Well-formed XML as well as HTML, as the single-port page is; on a
 * narrow screen each row becomes a card. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "report/html.h"
#include "report/survey-report.h"
#include "report/svg-plot.h"
#include "survey/ports-file.h"

static const char survey_style[] =
	"body{max-width:75rem}\n"
	"table.map th{width:auto}\n"
	"table.map td.mark{font-weight:700;text-transform:uppercase;white-space:nowrap}\n"
	"tr.pass td{background:#dafbe1}tr.attention td{background:#fff8c5}"
	"tr.fail td{background:#ffebe9}tr.none td{background:#f6f8fa}\n"
	"tr.pass td.mark{color:#0f5323;border-left:.4rem solid #1a7f37}"
	"tr.attention td.mark{color:#6b4700;border-left:.4rem solid #bf8700}"
	"tr.fail td.mark{color:#82071e;border-left:.4rem solid #cf222e}"
	"tr.none td.mark{color:#424a53;border-left:.4rem solid #8c959f}\n"
	"dl.job{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}"
	"dl.job dt{font-weight:600}dl.job dd{margin:0;overflow-wrap:anywhere;min-width:0}\n"
	"table.map td.keep{white-space:nowrap}\n"
	"ol.findings li{margin:.5rem 0}.kind{font-weight:700}\n"
	"section.port{break-before:page}\n"
	"@media (max-width:40rem){table.map thead{display:none}"
	"table.map,table.map tbody,table.map tr,table.map td{display:block;width:auto}"
	"table.map tr{display:flex;flex-direction:column;margin:.6rem 0;border:1px solid #d0d7de;"
	"border-radius:.4rem}"
	"table.map td{border:0;padding:.15rem .5rem;white-space:normal}"
	"table.map td::before{content:attr(data-label) \": \";font-weight:600}"
	"table.map td.num{display:none}"
	"table.map td.label{order:-2;font-weight:700;font-size:1.1rem}"
	"table.map td.label::before{content:none}"
	"table.map td.mark{order:-1}}\n"
	"@media print{tr td,td.mark{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
	"section.first{break-after:page}}\n";

static void text(FILE *out, const char *s)
{
	bp_svg_escape(out, s);
}

static void job(FILE *out, const struct bp_survey *s)
{
	int i, shown = 0;

	fputs("<dl class=\"job\">\n", out);
	for (i = 1; bp_survey_info_keys[i]; i++) {
		const char *v = bp_survey_info_get(&s->info, bp_survey_info_keys[i]);

		if (!v[0])
			continue;
		fprintf(out, "<dt>%c%s</dt><dd>", bp_survey_info_keys[i][0] - 32,
			bp_survey_info_keys[i] + 1);
		text(out, v);
		fputs("</dd>\n", out);
		shown++;
	}
	if (s->device[0]) {
		fputs("<dt>Interface</dt><dd>", out);
		text(out, s->device);
		fputs("</dd>\n", out);
	}
	fputs("</dl>\n", out);
	(void)shown;
}

static const char *const columns[] = { "#", "Label", "Port", "Kind", "Polarity", "Level",
				       "Hum", "Latency", "Result", "Notes" };

static void cell(FILE *out, int col, const char *cls, const char *v)
{
	fprintf(out, "<td data-label=\"%s\"%s%s%s>", columns[col], cls ? " class=\"" : "",
		cls ? cls : "", cls ? "\"" : "");
	text(out, v);
	fputs("</td>", out);
}

static void port_map(FILE *out, const struct bp_survey *s)
{
	size_t k;
	int i;

	fputs("<table class=\"map\">\n<thead><tr>", out);
	for (k = 0; k < sizeof(columns) / sizeof(columns[0]); k++)
		fprintf(out, "<th scope=\"col\">%s</th>", columns[k]);
	fputs("</tr></thead>\n<tbody>\n", out);
	for (i = 0; i < s->n_ports; i++) {
		const struct bp_survey_entry *e = &s->entries[i];
		struct bp_survey_cells c;
		char idx[16];

		bp_survey_cells_fill(s, i, &c);
		snprintf(idx, sizeof(idx), "%d", i + 1);
		fprintf(out, "<tr class=\"%s\" id=\"row-%d\">", bp_survey_mark_name(e->mark), i + 1);
		cell(out, 0, "num", idx);
		cell(out, 1, "label keep", s->ports[i].label);
		cell(out, 2, "keep", c.port);
		cell(out, 3, NULL, c.kind);
		cell(out, 4, NULL, c.polarity);
		cell(out, 5, "keep", c.level);
		cell(out, 6, NULL, c.hum);
		cell(out, 7, NULL, c.latency);
		cell(out, 8, "mark", e->mark == BP_MARK_NONE ? bp_survey_status_name(e->status)
							     : bp_survey_mark_name(e->mark));
		cell(out, 9, NULL, e->notes);
		fputs("</tr>\n", out);
	}
	fputs("</tbody>\n</table>\n", out);
	fputs("<p class=\"legend\">Result: <span class=\"good\">pass: fine as it is</span>"
	      "<span class=\"caution\">attention: works, see the notes and findings</span>"
	      "<span class=\"bad\">fail: no usable result, or not what was expected</span></p>\n",
	      out);
}

static void findings(FILE *out, const struct bp_survey *s)
{
	int f;

	fputs("<h2>Findings across ports</h2>\n", out);
	if (!s->n_findings) {
		fputs("<p class=\"findings-none\">None: the ports that should match do.</p>\n", out);
		return;
	}
	fputs("<ol class=\"findings\">\n", out);
	for (f = 0; f < s->n_findings; f++) {
		fprintf(out, "<li data-kind=\"%s\"><span class=\"kind\">",
			bp_finding_kind_name(s->findings[f].kind));
		text(out, bp_finding_kind_name(s->findings[f].kind));
		fputs("</span>: ", out);
		text(out, s->findings[f].explanation);
		fputs("</li>\n", out);
	}
	fputs("</ol>\n", out);
}

/* --one-take: the take and each port's impulse-response separation. */
static void one_take(FILE *out, const struct bp_survey *s)
{
	json_t *t = s->one_take_info, *p;
	size_t i;

	if (!t)
		return;
	fprintf(out, "<h2>One take</h2>\n<p>%zu outputs measured in one take of %.2f s: the same %.2f s exponential sweep on each, started %.2f s apart (",
		json_array_size(json_object_get(t, "order")),
		json_number_value(json_object_get(t, "duration_s")),
		json_number_value(json_object_get(t, "sweep_s")),
		json_number_value(json_object_get(t, "interval_s")));
	text(out, json_string_value(json_object_get(t, "method")));
	fprintf(out, "). Each port's response is read in a %.0f ms window; the next sweep's harmonic responses up to order %lld arrive after it.</p>\n"
		"<table class=\"separation\">\n<thead><tr><th scope=\"col\">Port</th><th scope=\"col\">Output</th>"
		"<th scope=\"col\">Separation (ms)</th><th scope=\"col\">Between window and next harmonics (dB re peak)</th></tr></thead>\n<tbody>\n",
		1000.0 * json_number_value(json_object_get(t, "window_s")),
		(long long)json_integer_value(json_object_get(t, "harmonics_clear_order")));
	json_array_foreach(json_object_get(t, "ports"), i, p) {
		json_t *g = json_object_get(p, "gap_db");

		fputs("<tr><td>", out);
		text(out, json_string_value(json_object_get(p, "label")));
		fprintf(out, "</td><td>%lld</td><td>%.1f</td><td>",
			(long long)json_integer_value(json_object_get(p, "output")),
			json_number_value(json_object_get(p, "separation_ms")));
		if (json_is_number(g))
			fprintf(out, "%.1f", json_number_value(g));
		else
			fputs("not measured", out);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody>\n</table>\n", out);
}

static void details(FILE *out, const struct bp_survey *s)
{
	int i;

	for (i = 0; i < s->n_ports; i++) {
		const struct bp_survey_entry *e = &s->entries[i];
		struct bp_survey_cells c;

		bp_survey_cells_fill(s, i, &c);
		fprintf(out, "<section class=\"port\" id=\"port-%d\">\n<h2>%d. ", i + 1, i + 1);
		text(out, s->ports[i].label);
		fprintf(out, " (%s)</h2>\n", c.port);
		if (e->detail_html)
			fputs(e->detail_html, out);
		else if (e->status == BP_SURVEY_FAILED) {
			fputs("<p class=\"invalid\">The measurement failed: ", out);
			text(out, e->error);
			fputs("</p>\n", out);
		} else if (e->status != BP_SURVEY_MEASURED) {
			fprintf(out, "<p>Not measured (%s).</p>\n", bp_survey_status_name(e->status));
		} else {
			fputs("<p>The result is in the survey's JSON.</p>\n", out);
		}
		fputs("</section>\n", out);
	}
}

void bp_survey_html(FILE *out, const struct bp_survey *s)
{
	const char *title = s->info.title[0] ? s->info.title : "Port survey";

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>", out);
	text(out, title);
	fprintf(out, "</title>\n<style>\n%s%s</style>\n</head>\n<body>\n"
		"<section class=\"first\">\n<h1>", bp_report_html_style(), survey_style);
	text(out, title);
	fputs("</h1>\n", out);
	job(out, s);
	fputs("<h2>Port map</h2>\n", out);
	port_map(out, s);
	findings(out, s);
	one_take(out, s);
	fputs("</section>\n", out);
	details(out, s);
	fputs("</body>\n</html>\n", out);
}
