/* balprobe: the loop probe's figures in the reports, laid out once: one
 * row per measurement with its one number (AES17 / IEC 61606 names), and
 * the four headline tiles.
 */
#ifndef BALPROBE_LOOP_TILES_H
#define BALPROBE_LOOP_TILES_H

#include <stdio.h>

#include "report/content.h"
#include "result/result.h"

/* The loop's rows of @r into @rows (at most @max); returns how many. */
int bp_report_loop_rows(const struct bp_result *r, struct bp_report_row *rows, int max);

/* The loop's four headline tiles: noise, THD+N, dynamic range, and the
 * channels' match. */
void bp_report_loop_tiles(const struct bp_result *r, struct bp_report_tile tiles[4]);

/* The loop section of the text report. */
void bp_report_text_loop(FILE *out, const struct bp_result *r);

#endif
