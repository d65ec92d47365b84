/* balprobe: what a loop measurement shows that the user set wrong on the
 * interface, each read from one figure:
 *
 *   direct monitoring   a second arrival in the impulse response
 *                       (analyse/second-arrival.h);
 *   a gain knob moved   the loop gain more than BP_LOOP_GAIN_MOVED_DB
 *                       off the profile's (it was calibrated with both
 *                       input gains at minimum);
 *   tip and ring inputs inputs 1 and 2 more than BP_LOOP_INPUT_MATCH_DB
 *     at odd gains      apart through a splitter;
 *   Air or Hi-Z         (no second arrival combing the response) the
 *                       response more than BP_LOOP_SHELF_DB above its
 *                       1 kHz level at 10 kHz: a converter's response
 *                       is flat there and never rises;
 *   resampling          the -3 dB corner well below the rate's Nyquist
 *                       (under 0.42 fs) with the response BP_LOOP_STEEP_DB
 *                       down a sixth of an octave above it: a
 *                       resampler's anti-alias filter for a lower native
 *                       rate (a converter's own filter sits at 0.45 fs
 *                       or above; an analogue roll-off falls slowly).
 */
#ifndef BALPROBE_LOOP_PITFALLS_H
#define BALPROBE_LOOP_PITFALLS_H

#include <complex.h>

#include "analyse/deconv.h"
#include "profile/profile.h"
#include "result/result.h"

#define BP_LOOP_GAIN_MOVED_DB 0.5
#define BP_LOOP_INPUT_MATCH_DB 0.1
#define BP_LOOP_SHELF_DB 1.0
#define BP_LOOP_STEEP_DB (-9.0)

/* Read the pitfalls of @r's loop (its response and loop figures already
 * filled) from @h, the out1 -> in1 transfer of @tf measured up to
 * @hi_hz, and @profile (may be NULL).  Returns 0 or BP_E_NOMEM. */
int bp_loop_pitfalls(const struct bp_transfer *tf, const double complex *h, double hi_hz,
		     const struct bp_profile *profile, struct bp_result *r);

#endif
