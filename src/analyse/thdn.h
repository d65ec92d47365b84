/* balprobe: total harmonic distortion plus noise of a steady tone, by
 * the AES17 (and IEC 61606-3) definition: the RMS of what is left once
 * the fundamental is notched out, over 20 Hz .. 20 kHz, relative to the
 * fundamental.  The notch is the Kaiser window's main lobe around the
 * tone (analyse/power-spectrum.h: a few Hz either side, as narrow as an
 * analogue analyser's notch is wide).
 *
 * AES17's dynamic range is the THD+N of a -60 dBFS tone, read relative
 * to full scale: DR = -(THD+N ratio) - (the tone's level, -60 dBFS).
 */
#ifndef BALPROBE_THDN_H
#define BALPROBE_THDN_H

#include <stddef.h>

struct bp_thdn {
	double fundamental_dbfs;   /* the tone as recorded */
	double residual_dbfs;      /* everything else in the band */
	double ratio_db;           /* residual re fundamental */
};

/* THD+N of the tone at @hz in @x[0..n) at @rate_hz.  Returns 0 or
 * BP_E_NOMEM. */
int bp_thdn_analyse(const double *x, size_t n, double rate_hz, double hz,
		    struct bp_thdn *out);

#endif
