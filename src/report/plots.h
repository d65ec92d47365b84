/* balprobe: the report's plots of a result, as SVG.  Shared by the HTML
 * report (inline) and the Markdown report (files beside it). */
#ifndef BALPROBE_PLOTS_H
#define BALPROBE_PLOTS_H

#include <stdbool.h>
#include <stdio.h>

#include "result/result.h"

enum bp_report_plot {
	BP_REPORT_PLOT_LEVEL,     /* level against the mic .. speaker bands */
	BP_REPORT_PLOT_WAVE,      /* a few ms of tip and ring */
	BP_REPORT_PLOT_RESPONSE,  /* frequency response of the legs the sweep reaches */
	BP_REPORT_PLOT_CROSSTALK, /* the pair partner's leak, on its own axis */
	BP_REPORT_PLOT_IMPULSE,   /* impulse response around the peak */
	BP_REPORT_PLOT_SPECTRUM,  /* noise and hum, mains lines marked */
	BP_REPORT_PLOT_CMRR,      /* in probe: CMRR against frequency */
	BP_REPORT_PLOT_TRANSFERS, /* in probe: H_tip and H_ring */
	BP_REPORT_PLOTS
};

/* True when @r holds measured data for @plot (a level only with a
 * calibration); a plot without data is left out, never drawn empty. */
bool bp_report_plot_has_data(const struct bp_result *r, enum bp_report_plot plot);

/* Short name for file names ("response"), heading, and a caption saying
 * what to look for. */
const char *bp_report_plot_name(enum bp_report_plot plot);
const char *bp_report_plot_heading(enum bp_report_plot plot);
const char *bp_report_plot_caption(enum bp_report_plot plot);

/* Write @plot of @r as SVG (see bp_svg_plot_write() for @standalone). */
void bp_report_plot_svg(FILE *out, const struct bp_result *r,
			enum bp_report_plot plot, bool standalone);

#endif
