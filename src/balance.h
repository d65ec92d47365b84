/* balprobe: is a jack balanced, unbalanced, stereo or dual-mono, judged from
 * its two legs alone (no reference signal).
 *
 * From the Welch cross-spectra of tip and ring, grouped into ~100 Hz bands
 * over 20 Hz..20 kHz with hum lines left out: the level of each leg, their
 * magnitude-squared coherence (power-weighted over the bands), the skew
 * between the legs (slope of the squared cross-spectrum's phase, which is
 * blind to a polarity flip) and, once the skew is taken out, whether the
 * ring is in phase with the tip or inverted.  A ring that carries a
 * coherent copy of the tip in the treble but far less of it at low
 * frequencies picks it up through the cable's capacitance: an unbalanced
 * output with an open ring.
 */
#ifndef BALPROBE_BALANCE_H
#define BALPROBE_BALANCE_H

#include "result.h"
#include "welch.h"

struct bp_balance {
	double tip_dbfs, ring_dbfs;  /* each leg over the band, hum left out */
	double gain_db;              /* ring relative to tip */
	double low_gain_db;          /* the same, 100 .. 300 Hz */
	double high_gain_db;         /* and 2 .. 5 kHz */
	double high_coherence;       /* coherence at 2 .. 5 kHz */
	double coherence;            /* 0..1 */
	double phase_deg;            /* ring relative to tip, skew removed */
	double skew_us;              /* ring delayed relative to tip */
};

/* Fill @fig and the jack verdict @out.  @hum (from bp_hum_analyse) names
 * the lines to leave out. */
void bp_balance_analyse(const struct bp_spectra *sp,
			const struct bp_hum_result *hum,
			struct bp_balance *fig, struct bp_jack_result *out);

#endif
