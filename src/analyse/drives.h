/* balprobe: the input probe's measurement.  Two outputs drive an input's
 * tip and ring, one sweep each; what the input passes on comes back on
 * one return (two for a stereo input).  The delay is where the four
 * paths' impulse responses together peak; each drive's window then opens
 * BP_IMPULSE_LEAD_S before its sweep comes back and is tapered at both
 * ends, and its transfers to the returns (analyse/deconv.h) give each
 * path's presence and band gain, the latency and the modes A_d, A_c from
 * which analyse/cmrr.h judges the input.
 */
#ifndef BALPROBE_DRIVES_H
#define BALPROBE_DRIVES_H

#include <stdbool.h>

#include "analyse/cmrr.h"
#include "analyse/played.h"
#include "result/plot-data.h"
#include "result/result.h"

/* Analyse @p, whose stimulus carries the tip drive's sweep @tip_sweep
 * on channel 0 and the ring drive's @ring_sweep on channel 1, and whose
 * legs are the left and right return (the right one a second recording
 * of the input only when @right_recorded), into r->jack, r->polarity,
 * r->latency, r->response and r->cmrr; @drives says how well the two
 * drive outputs are known to match (corrected where measured); with
 * @plot, the transfers the report draws.  Returns 0 or BP_E_NOMEM. */
int bp_drives_analyse(const struct bp_played *p, const struct bp_segment *tip_sweep,
		      const struct bp_segment *ring_sweep, bool right_recorded,
		      const struct bp_cmrr_drives *drives, struct bp_plot_response *plot,
		      struct bp_result *r);

#endif
