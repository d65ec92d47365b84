#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/svg-plot.h"

/* Canvas and plot area, in SVG user units (the HTML scales them). */
#define WIDTH 880.0
#define HEIGHT 340.0
#define LEFT 70.0
#define RIGHT 20.0
#define TOP 58.0
#define BOTTOM 50.0
#define FONT "font-family=\"sans-serif\" font-size=\"13\""

struct frame {
	double x0, x1, y0, y1;   /* data range */
	bool xlog;
};

void bp_svg_escape(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&apos;", out); break;
		default: fputc(*s, out);
		}
	}
}

static double px(const struct frame *f, double x)
{
	double t = f->xlog ? log10(x / f->x0) / log10(f->x1 / f->x0)
			   : (x - f->x0) / (f->x1 - f->x0);

	return LEFT + t * (WIDTH - LEFT - RIGHT);
}

static double py(const struct frame *f, double y)
{
	double t = (y - f->y0) / (f->y1 - f->y0);

	t = t < 0.0 ? 0.0 : t > 1.0 ? 1.0 : t;
	return HEIGHT - BOTTOM - t * (HEIGHT - TOP - BOTTOM);
}

/* A 1-2-5 step giving about @ticks intervals over @span. */
static double nice_step(double span, int ticks)
{
	double raw = span / ticks, p = pow(10.0, floor(log10(raw)));

	return raw / p < 1.5 ? p : raw / p < 3.5 ? 2.0 * p : raw / p < 7.5 ? 5.0 * p : 10.0 * p;
}

/* The y range from the data: rounded out to the grid step, at most
 * @span_max below the top, and never empty. */
static void auto_range(const struct bp_svg_plot *p, double *lo, double *hi)
{
	double mn = INFINITY, mx = -INFINITY, step;
	int s, i;

	for (s = 0; s < p->n_series; s++)
		for (i = 0; i < p->series[s].n; i++)
			if (isfinite(p->series[s].y[i])) {
				mn = fmin(mn, p->series[s].y[i]);
				mx = fmax(mx, p->series[s].y[i]);
			}
	if (!isfinite(mn)) {
		mn = -1.0;
		mx = 1.0;
	}
	if (p->y_span_max > 0.0 && mx - mn > p->y_span_max)
		mn = mx - p->y_span_max;
	if (mx - mn < 1e-9 * fmax(1.0, fabs(mx))) {
		mn -= fmax(1.0, fabs(mn)) * 0.5;
		mx += fmax(1.0, fabs(mx)) * 0.5;
	}
	step = nice_step(mx - mn, 6);
	*lo = floor(mn / step) * step;
	*hi = ceil(mx / step) * step;
}

/* "20", "500", "1k", "2.5k", "10k" */
static void hz_label(char *buf, size_t n, double x)
{
	if (x >= 1000.0)
		snprintf(buf, n, "%gk", x / 1000.0);
	else
		snprintf(buf, n, "%g", x);
}

static void grid_line(FILE *out, double x1, double y1, double x2, double y2, bool major)
{
	fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1\"/>\n",
		x1, y1, x2, y2, major ? "#bbbbbb" : "#e4e4e4");
}

static void x_grid(FILE *out, const struct frame *f)
{
	const double yb = HEIGHT - BOTTOM;
	char label[32];

	if (f->xlog) {
		double dec, m;

		for (dec = pow(10.0, floor(log10(f->x0))); dec <= f->x1; dec *= 10.0)
			for (m = 1.0; m < 10.0; m += 1.0) {
				double x = dec * m;
				bool labelled = m == 1.0 || m == 2.0 || m == 5.0;

				if (x < f->x0 * 0.9999 || x > f->x1 * 1.0001)
					continue;
				grid_line(out, px(f, x), TOP, px(f, x), yb, m == 1.0);
				if (!labelled)
					continue;
				hz_label(label, sizeof(label), x);
				fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n",
					px(f, x), yb + 17.0, label);
			}
	} else {
		double step = nice_step(f->x1 - f->x0, 8), x;

		for (x = ceil(f->x0 / step) * step; x <= f->x1 + 1e-9 * step; x += step) {
			grid_line(out, px(f, x), TOP, px(f, x), yb, fabs(x) < 1e-9 * step);
			fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%g</text>\n",
				px(f, x), yb + 17.0, fabs(x) < 1e-9 * step ? 0.0 : x);
		}
	}
}

static void y_grid(FILE *out, const struct frame *f)
{
	double step = nice_step(f->y1 - f->y0, 6), y;

	for (y = ceil(f->y0 / step) * step; y <= f->y1 + 1e-9 * step; y += step) {
		grid_line(out, LEFT, py(f, y), WIDTH - RIGHT, py(f, y), fabs(y) < 1e-9 * step);
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n",
			LEFT - 6.0, py(f, y) + 4.0, fabs(y) < 1e-9 * step ? 0.0 : y);
	}
}

/* The first series is drawn wider, under the others: where two curves
 * coincide (tip and ring of a balanced output) both stay visible. */
static void series_path(FILE *out, const struct frame *f, const struct bp_svg_series *s,
			bool first)
{
	bool open = false;
	int i;

	for (i = 0; i < s->n; i++) {
		bool in = isfinite(s->y[i]) && isfinite(s->x[i]) &&
			  s->x[i] >= f->x0 && s->x[i] <= f->x1;

		if (in && !open) {
			fprintf(out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"%s points=\"",
				s->colour, first ? "3.5" : "1.6",
				s->dashed ? " stroke-dasharray=\"6 3\"" : "");
			open = true;
		} else if (!in && open) {
			fputs("\"/>\n", out);
			open = false;
		}
		if (in)
			fprintf(out, "%.1f,%.1f ", px(f, s->x[i]), py(f, s->y[i]));
	}
	if (open)
		fputs("\"/>\n", out);
}

static void legend(FILE *out, const struct bp_svg_plot *p)
{
	double x = LEFT;
	int s;

	for (s = 0; s < p->n_series; s++) {
		fprintf(out, "<line x1=\"%.1f\" y1=\"18\" x2=\"%.1f\" y2=\"18\" stroke=\"%s\" stroke-width=\"3\"%s/>\n",
			x, x + 22.0, p->series[s].colour,
			p->series[s].dashed ? " stroke-dasharray=\"6 3\"" : "");
		fprintf(out, "<text x=\"%.1f\" y=\"22\">", x + 28.0);
		bp_svg_escape(out, p->series[s].name);
		fputs("</text>\n", out);
		/* Roughly 7 units a character at font-size 13. */
		x += 48.0 + 7.0 * (double)snprintf(NULL, 0, "%s", p->series[s].name);
	}
}

/* Marker labels go in up to MARKER_ROWS rows above the plot, each in the
 * lowest row where it clears the labels already there (widths estimated
 * from the character count), so close lines stay readable. */
#define MARKER_ROWS 3
#define MARKER_CHAR_W 6.2

static void markers(FILE *out, const struct bp_svg_plot *p, const struct frame *f)
{
	double row_end[MARKER_ROWS];
	int i, row;

	for (row = 0; row < MARKER_ROWS; row++)
		row_end[row] = -INFINITY;
	for (i = 0; i < p->n_markers; i++) {
		const double x = px(f, p->markers[i].x);
		const double half = MARKER_CHAR_W * (double)strlen(p->markers[i].label) / 2.0;

		if (p->markers[i].x < f->x0 || p->markers[i].x > f->x1)
			continue;
		for (row = 0; row < MARKER_ROWS - 1 && x - half < row_end[row] + 4.0; row++)
			;
		row_end[row] = x + half;
		fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#6a3d9a\" stroke-dasharray=\"3 3\"/>\n",
			x, TOP, x, HEIGHT - BOTTOM);
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#6a3d9a\" font-size=\"11\" text-anchor=\"middle\">",
			x, TOP - 4.0 - 11.0 * row);
		bp_svg_escape(out, p->markers[i].label);
		fputs("</text>\n", out);
	}
}

void bp_svg_plot_write(FILE *out, const struct bp_svg_plot *p, bool standalone)
{
	struct frame f = { p->x.lo, p->x.hi, p->y.lo, p->y.hi, p->x.log };
	int i;

	if (!(f.y1 > f.y0))
		auto_range(p, &f.y0, &f.y1);
	if (standalone)
		fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\" " FONT ">\n",
		WIDTH, HEIGHT, WIDTH, HEIGHT);
	fputs("<title>", out);
	bp_svg_escape(out, p->title);
	fputs("</title>\n", out);
	fprintf(out, "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>\n",
		WIDTH, HEIGHT);
	x_grid(out, &f);
	y_grid(out, &f);
	fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#555555\"/>\n",
		LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
	markers(out, p, &f);
	for (i = 0; i < p->n_series; i++)
		series_path(out, &f, &p->series[i], i == 0);
	legend(out, p);
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", (LEFT + WIDTH - RIGHT) / 2.0,
		HEIGHT - 10.0);
	bp_svg_escape(out, p->x.title);
	fprintf(out, "</text>\n<text transform=\"translate(16 %.1f) rotate(-90)\" text-anchor=\"middle\">",
		(TOP + HEIGHT - BOTTOM) / 2.0);
	bp_svg_escape(out, p->y.title);
	fputs("</text>\n</svg>\n", out);
}
