/* balprobe: a small SVG line-plot writer for the reports.
 *
 * One plot: a frame, a grid with labelled ticks (decades and 2, 5 steps on
 * a log axis; 1-2-5 steps on a linear one), axis titles that carry the
 * units, a legend, polylines and labelled vertical markers.  Values
 * outside the y range are drawn on its edge; NAN breaks a line.  The
 * output is well-formed XML, usable inline in HTML or as a .svg file.
 */
#ifndef BALPROBE_SVG_PLOT_H
#define BALPROBE_SVG_PLOT_H

#include <stdbool.h>
#include <stdio.h>

struct bp_svg_axis {
	double lo, hi;         /* lo >= hi: from the data (y only) */
	bool log;
	const char *title;     /* with the unit: "frequency (Hz)" */
};

struct bp_svg_series {
	const char *name;      /* in the legend */
	const char *colour;    /* "#0072b2" */
	bool dashed;
	const double *x, *y;   /* n points; a NAN breaks the line */
	int n;
};

struct bp_svg_marker {
	double x;
	const char *label;     /* above the line */
};

struct bp_svg_plot {
	const char *title;     /* the SVG's accessible title */
	struct bp_svg_axis x, y;
	const struct bp_svg_series *series;
	int n_series;
	const struct bp_svg_marker *markers;
	int n_markers;
	double y_span_max;     /* auto y range: at most this many units below the top; 0: any */
};

/* Write @p as one <svg> element; @standalone adds the XML declaration a
 * .svg file starts with. */
void bp_svg_plot_write(FILE *out, const struct bp_svg_plot *p, bool standalone);

/* Write @s with XML's five special characters escaped. */
void bp_svg_escape(FILE *out, const char *s);

#endif
