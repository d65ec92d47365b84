/* balprobe: the in probe's common-mode rejection in the text report. */
#ifndef BALPROBE_CMRR_TILES_H
#define BALPROBE_CMRR_TILES_H

#include <stdbool.h>
#include <stdio.h>

#include "result/result.h"

/* The CMRR section of @r (at 1 kHz, "at least" for a bound, the third
 * octaves) on @out. */
void bp_report_text_cmrr(FILE *out, const struct bp_cmrr_result *c);

/* The report's plots of the in probe, as SVG (bp_svg_plot_write()): the
 * CMRR at the third octaves, and the two drives' transfers (kept in
 * r->plot.response: tip drive as tip, ring drive as ring). */
void bp_report_cmrr_svg(FILE *out, const struct bp_result *r, bool standalone);
void bp_report_transfers_svg(FILE *out, const struct bp_result *r, bool standalone);

#endif
