/* balprobe: mains hum in a two-leg recording.
 *
 * Hum is a family of spectral lines at integer multiples of one mains
 * frequency (50 or 60 Hz, drifting a few tenths of a per cent with all
 * its harmonics): a ground loop's fundamental and odd harmonics, a
 * rectifier's ripple at twice mains and its multiples.  Each line is
 * found through every view the legs give (analyse/hum-line.h); a family needs
 * its anchor (the fundamental or twice mains) and members that sit at
 * h f0 within their measured uncertainty.  A lone line near one
 * harmonic -- a note of the programme -- is left out and named.  Where
 * no family stands, the strongest line the programme could hide at the
 * anchors is the bound, and hum is ruled out only when that bound is
 * well under the programme.
 *
 * Each line found is split into a part that is equal and in phase on both
 * legs (a ground loop: it rides on the ground reference) and a part that
 * follows the signal path (the source's own hum: inverted on the ring of a
 * balanced output, on the tip only of an unbalanced one).
 */
#ifndef BALPROBE_HUM_FAMILY_H
#define BALPROBE_HUM_FAMILY_H

#include <stdbool.h>
#include <stddef.h>

#include "result/result.h"
#include "analyse/welch.h"

/* Harmonics of mains examined (8 x 60 Hz = 480 Hz). */
#define BP_HUM_HARMONICS 8

/* Analyse @sp for mains hum.  @mains_hz is 50 or 60 to force the mains
 * frequency, 0 to decide it from the family of lines found.  @jack is the
 * port's kind where known (BP_JACK_UNKNOWN otherwise): it gives the signal
 * path that separates a ground loop from the source's own hum.  Fills
 * every field of @out.  With no family found, present is false and mode
 * NONE; hidden is set, with bound_dbfs, when the programme could hide a
 * line strong enough to matter. */
void bp_hum_analyse(const struct bp_spectra *sp, int mains_hz,
		    enum bp_jack_verdict jack, struct bp_hum_result *out);

/* The lowest frequency at which bp_hum_analyse() can look for a line in
 * @sp: it needs room below the line for the line's lobe and a floor, so
 * coarse bins (a short recording) leave the lowest mains lines out. */
double bp_hum_lowest_hz(const struct bp_spectra *sp);

/* True when spectral bin @k of @sp lies in the main lobe of a line that
 * bp_hum_analyse() reported, so broadband measures can leave hum out. */
bool bp_hum_covers_bin(const struct bp_hum_result *hum,
		       const struct bp_spectra *sp, size_t k);

#endif
