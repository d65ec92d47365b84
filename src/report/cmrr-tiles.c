#include "config.h"

#include <math.h>
#include <stdio.h>

#include "report/cmrr-tiles.h"
#include "report/svg-plot.h"

/* Okabe-Ito colours, as report/plots.c draws tip and ring. */
#define TIP_COLOUR "#0072b2"
#define RING_COLOUR "#d55e00"
#define CMRR_COLOUR "#009e73"

void bp_report_text_cmrr(FILE *out, const struct bp_cmrr_result *c)
{
	int i;

	if (isfinite(c->at_1k_db))
		fprintf(out, "  CMRR      %s%.1f dB at 1 kHz\n", c->bound ? "at least " : "",
			c->at_1k_db);
	else
		fprintf(out, "  CMRR      -\n");
	fprintf(out, "            %s\n", c->explanation);
	for (i = 0; i < c->n_points; i++)
		fprintf(out, "%s%7.1f Hz %6.1f dB%s", i % 4 == 0 ? "            " : "   ",
			c->hz[i], c->db[i], i % 4 == 3 || i == c->n_points - 1 ? "\n" : "");
}

void bp_report_cmrr_svg(FILE *out, const struct bp_result *r, bool standalone)
{
	const struct bp_cmrr_result *c = &r->cmrr;
	const struct bp_svg_series s = { c->bound ? "CMRR (at least)" : "CMRR", CMRR_COLOUR,
					 c->bound, c->hz, c->db, c->n_points };
	const struct bp_svg_marker m = { 1000.0, "1 kHz" };
	const struct bp_svg_plot plot = {
		.title = "Common-mode rejection of the input",
		.x = { 20.0, 20000.0, true, "frequency (Hz)" },
		.y = { 0.0, 0.0, false, "CMRR (dB)" },
		.series = &s,
		.n_series = 1,
		.markers = &m,
		.n_markers = isfinite(c->at_1k_db) ? 1 : 0,
		.y_span_max = 140.0,
	};

	bp_svg_plot_write(out, &plot, standalone);
}

void bp_report_transfers_svg(FILE *out, const struct bp_result *r, bool standalone)
{
	const struct bp_plot_response *p = &r->plot.response;
	const struct bp_svg_series s[2] = {
		{ "tip drive -> return", TIP_COLOUR, false, p->hz, p->tip_db, p->n },
		{ "ring drive -> return", RING_COLOUR, false, p->hz, p->ring_db, p->n },
	};
	const struct bp_svg_plot plot = {
		.title = "Transfers from the tip and ring drives",
		.x = { fmin(20.0, p->hz[0]), fmax(20000.0, p->hz[p->n - 1]), true, "frequency (Hz)" },
		.y = { 0.0, 0.0, false, "gain (dB)" },
		.series = s,
		.n_series = 2,
		.y_span_max = 130.0,
	};

	bp_svg_plot_write(out, &plot, standalone);
}
