/* balprobe: polarity (is the hot leg where the standard puts it: TRS tip,
 * XLR pin 2), judged from programme.
 *
 * Polarity needs a reference: a signal whose sign is known.  The out probe
 * plays one; listen has only the programme.  Percussive programme carries
 * its own: a click, a pulse or a kick's beater swings far further one way
 * than the other, and by the convention every hand-held polarity checker
 * relies on, that main transient is positive.  listen therefore reads the
 * sign of the programme's asymmetry on the signal a balanced input
 * receives: its skewness (third central moment over the cube of its RMS)
 * and the ratio of its positive to its negative peaks.
 *
 * Streamed: each 0.5 s block contributes its second and third central
 * moments (about the block's own mean, so DC offset does not count) and
 * its extreme excursions either way.  Programme is correlated over long stretches, so
 * the significance comes from the spread of batch means (at most
 * BATCHES_MAX batches of consecutive blocks, merged pairwise as the
 * recording grows), not from the sample count.  A skew that is
 * significant but small (distortion, a voice's glottal pulse, tonal
 * music) says nothing about polarity: below a clearly percussive skewness
 * the verdict stays unknown however long the recording.  Memory is fixed.
 */
#ifndef BALPROBE_POLARITY_H
#define BALPROBE_POLARITY_H

#include <stdbool.h>
#include <stddef.h>

#include "result/result.h"

struct bp_polarity_meter;

/* Returns 0 or BP_E_NOMEM. */
int bp_polarity_meter_new(struct bp_polarity_meter **out, double rate_hz);

/* Feed @n frames of tip and ring (full scale 1.0). */
void bp_polarity_meter_push(struct bp_polarity_meter *m, const double *tip,
			    const double *ring, size_t n);

void bp_polarity_meter_free(struct bp_polarity_meter *m);

/* The asymmetry of one signal: its skewness, and the mean of the blocks'
 * positive excursions (largest sample above the block's mean) over that
 * of their negative ones, dB; each with its standard error from the batch
 * spread and t = value / error (NAN with fewer than 4 batches, or no
 * spread and no value). */
struct bp_asymmetry {
	double skewness, skewness_se, t;
	double peak_ratio_db, peak_ratio_se_db, peak_t;
	int batches;
};

/* The asymmetry of tip (BP_POLARITY_TIP), ring or tip - ring. */
enum bp_polarity_signal {
	BP_POLARITY_TIP,
	BP_POLARITY_RING,
	BP_POLARITY_DIFF,
	BP_POLARITY_SIGNALS
};

void bp_polarity_meter_read(const struct bp_polarity_meter *m,
			    enum bp_polarity_signal which,
			    struct bp_asymmetry *out);

/* Fill @out for a port judged @jack: tip - ring for a balanced port, the
 * tip for unbalanced and dual-mono, both legs (which must agree) for a
 * stereo pair; unknown, with the reason and the figures, when the
 * programme is not clearly percussive or the jack is not known. */
void bp_polarity_from_programme(const struct bp_polarity_meter *m,
				enum bp_jack_verdict jack,
				struct bp_polarity_result *out);

/* The wording every polarity verdict shares. */
#define BP_HOT_ON_TIP "hot on tip (XLR pin 2)"
#define BP_HOT_ON_RING "hot on ring (XLR pin 3 hot)"
#define BP_POLARITY_NOTHING_BACK "nothing came back, so the polarity cannot be judged"

/* Fill @out from a played stimulus: from @tip_phase_rad, the phase of the
 * tip's transfer once the latency is taken out (analyse/latency.h), for a
 * port judged @jack whose tip carries the stimulus when @tip_present;
 * unknown, with the reason, when nothing came back or no latency was
 * @fitted to the response's phase. */
void bp_polarity_from_transfer(bool fitted, double tip_phase_rad, enum bp_jack_verdict jack,
			       bool tip_present, struct bp_polarity_result *out);

#endif
