/* balprobe: one spectral line near a mains harmonic, seen through every
 * view the two legs give.
 *
 * The line is tested against the local spectral floor around it, as a
 * 2x2 cross-spectral matrix, in several combinations of the legs: the tip
 * alone, the ring alone, their sum (a programme on a balanced output
 * cancels there and a ground loop does not), the combination that cancels
 * the programme when it has one direction, and the real part of the
 * tip-ring cross-spectrum (independent programmes average out of it; hum
 * in phase on both legs does not).  Thresholds follow from the chi-square
 * statistics of a Welch average of K segments, for a false-alarm
 * probability of about 1e-7 per test, spread over the views.
 */
#ifndef BALPROBE_HUM_LINE_H
#define BALPROBE_HUM_LINE_H

#include <complex.h>
#include <stdbool.h>

#include "analyse/welch.h"

/* A 2x2 Hermitian cross-spectral matrix [[tt, tr], [conj(tr), rr]]. */
struct bp_cross {
	double tt, rr;
	double complex tr;        /* E[conj(T) R] */
};

struct bp_hum_line_fit {
	double hz;                /* the line's frequency (interpolated) */
	double hz_sigma;          /* its standard uncertainty, Hz */
	struct bp_cross line;     /* the line alone: lobe minus floor, FS^2 */
	double strength;          /* line power on the louder leg, FS^2 */
	double significance;      /* best view's peak over its threshold */
	/* With a programme that has a direction u = (ut, ur): */
	bool directed;
	bool inseparable;         /* the programme lies along (1, 1) */
	double complex ut, ur;
	double ground_power;      /* the (1, 1) part, per leg; 0 if not seen */
	double source_power;      /* the part along u; 0 if not seen */
	/* Seen only in the real part of the cross-spectrum: in phase on
	 * both legs, each leg's own view swamped by its programme. */
	bool cross_only;
};

/* Look for a line within @tolerance (relative) of @hz in @sp.  Returns
 * true with @fit filled when a line stands there above the noise. */
bool bp_hum_line_find(const struct bp_spectra *sp, double hz, double tolerance,
		      struct bp_hum_line_fit *fit);

/* The weakest line at @hz, as power on each leg (FS^2), that
 * bp_hum_line_find() would have seen: the larger of the bounds for a line
 * in phase on both legs (a ground loop) and for one that follows the
 * programme's direction (the source's own hum).  NAN where the spectrum
 * has no room for a floor at @hz. */
double bp_hum_line_bound(const struct bp_spectra *sp, double hz);

/* The lowest frequency at which lines can be looked for in @sp. */
double bp_hum_line_lowest_hz(const struct bp_spectra *sp);

/* Half the width of a line's main lobe, Hz. */
double bp_hum_line_lobe_hz(const struct bp_spectra *sp);

#endif
