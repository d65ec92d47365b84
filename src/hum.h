/* balprobe: mains hum in a two-leg recording.
 *
 * Hum is a set of spectral lines at the mains frequency (50 or 60 Hz) and
 * its harmonics; supply ripple sits at twice mains.  Each candidate line
 * is tested against the local spectral floor around it, on the tip, on the
 * ring and, where a programme is playing, on the combination of the legs
 * that cancels the programme (so a ground loop under a balanced programme
 * still shows).  The threshold follows from the chi-square statistics of a
 * Welch average of K segments, for a false-alarm probability of about
 * 1e-7 per test.
 *
 * Each line found is split into a part that is equal and in phase on both
 * legs (a ground loop: it rides on the ground reference) and a part that
 * follows the signal path (the source's own hum: inverted on the ring of a
 * balanced output, on the tip only of an unbalanced one).
 */
#ifndef BALPROBE_HUM_H
#define BALPROBE_HUM_H

#include <stdbool.h>
#include <stddef.h>

#include "result.h"
#include "welch.h"

/* Harmonics of mains examined (8 x 60 Hz = 480 Hz). */
#define BP_HUM_HARMONICS 8

/* Analyse @sp for mains hum.  @mains_hz is 50 or 60 to force the mains
 * frequency, 0 to decide it from the lines found.  Fills every field of
 * @out; with no line found, present is false and mode is NONE. */
void bp_hum_analyse(const struct bp_spectra *sp, int mains_hz,
		    struct bp_hum_result *out);

/* Revise @hum for a jack judged unbalanced, whose ring carries no signal
 * of its own.  Hum on the ring alone (seen in silence: a programme on the
 * tip hides the tip's own hum) is picked up by a ring the output leaves
 * open: not a ground loop, not the source.  Hum that follows the signal
 * path, on the tip, is the source's own -- or a ground loop, if the ring
 * is open and so does not carry the loop's voltage as a grounded ring
 * would: undecided, unless it is supply ripple (twice mains). */
void bp_hum_for_unbalanced(struct bp_hum_result *hum);

/* The lowest frequency at which bp_hum_analyse() can look for a line in
 * @sp: it needs room below the line for the line's lobe and a floor, so
 * coarse bins (a short recording) leave the lowest mains lines out. */
double bp_hum_lowest_hz(const struct bp_spectra *sp);

/* True when spectral bin @k of @sp lies in the main lobe of a line that
 * bp_hum_analyse() reported, so broadband measures can leave hum out. */
bool bp_hum_covers_bin(const struct bp_hum_result *hum,
		       const struct bp_spectra *sp, size_t k);

#endif
