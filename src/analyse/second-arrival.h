/* balprobe: a second arrival in a loop's impulse response -- the
 * interface's direct monitoring feeding what its input hears back to its
 * output, so a loop cable brings the signal in again a fraction of a
 * millisecond later (and again: a loop that rings).
 *
 * The impulse response is taken at the full rate through a raised-cosine
 * taper from 0.2 to 0.35 of the rate (so neither the band edge nor a
 * converter's steep filter rings for more than a few samples), and
 * searched from BP_SECOND_ARRIVAL_FROM_MS to BP_SECOND_ARRIVAL_TO_MS
 * after its peak.  An arrival within BP_SECOND_ARRIVAL_DB of the first
 * counts.
 */
#ifndef BALPROBE_SECOND_ARRIVAL_H
#define BALPROBE_SECOND_ARRIVAL_H

#include <complex.h>

#include "analyse/deconv.h"

#define BP_SECOND_ARRIVAL_FROM_MS 0.25
#define BP_SECOND_ARRIVAL_TO_MS 5.0
#define BP_SECOND_ARRIVAL_DB (-30.0)

/* The strongest later arrival in @h (a transfer of @tf), into @delay_ms
 * (after the first) and @level_db (re the first); both NAN when none
 * stands within BP_SECOND_ARRIVAL_DB.  Returns 0 or BP_E_NOMEM. */
int bp_second_arrival(const struct bp_transfer *tf, const double complex *h,
		      double *delay_ms, double *level_db);

#endif
