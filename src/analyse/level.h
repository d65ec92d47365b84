/* balprobe: signal levels of a recording, streamed.
 *
 * The meter cuts each of three signals (tip, ring, and tip - ring, which is
 * what a balanced input receives) into 100 ms blocks, takes each block's
 * mean square about the block's own mean (so DC offset does not count),
 * and keeps a histogram of block levels.  The level "while signal is
 * present" is then a gated mean, as in EBU R 128: blocks below the signal
 * floor are dropped, then blocks more than 20 dB below the mean of the
 * rest.  Memory is fixed; the recording's length does not matter.
 */
#ifndef BALPROBE_LEVEL_H
#define BALPROBE_LEVEL_H

#include <stdbool.h>
#include <stddef.h>

#include "result/result.h"

/* Below this a leg carries nothing worth measuring (dBFS, AES17).  Typical
 * interface inputs have a noise floor 20..40 dB lower. */
#define BP_SIGNAL_FLOOR_DBFS (-80.0)

/* dBu minus dBV: 20 log10(1 V / 0.7746 V). */
#define BP_DBU_TO_DBV (-2.218)

enum bp_level_signal {
	BP_LEVEL_TIP,
	BP_LEVEL_RING,
	BP_LEVEL_DIFF,         /* tip - ring */
	BP_LEVEL_SIGNALS
};

struct bp_level_meter;

/* Returns 0 or BP_E_NOMEM. */
int bp_level_meter_new(struct bp_level_meter **out, double rate_hz);
void bp_level_meter_push(struct bp_level_meter *m, const double *tip,
			 const double *ring, size_t n);
void bp_level_meter_free(struct bp_level_meter *m);

/* The ring's samples come multiplied by @gain (an input's gain taken out,
 * interface profile): its clipping and stuck checks follow. */
void bp_level_meter_scale_ring(struct bp_level_meter *m, double gain);

struct bp_level_reading {
	double gated_dbfs;     /* while signal is present; NAN if never */
	double whole_dbfs;     /* over the whole recording */
	double peak_dbfs;      /* sample peak */
};

void bp_level_meter_read(const struct bp_level_meter *m,
			 enum bp_level_signal which,
			 struct bp_level_reading *out);

/* Samples on tip or ring that sit in a flat run at full scale (three or
 * more equal samples at or above -0.18 dBFS, or any beyond 1.0), not
 * counting a stuck leg's: that is a fault, not a level to turn down. */
long bp_level_meter_clipped_samples(const struct bp_level_meter *m);

/* The legs (BP_LEG_TIP | BP_LEG_RING) whose every sample so far sits at
 * or beyond -0.18 dBFS on one side of zero: stuck at full scale (a failed
 * converter, a shorted input); 0 before anything is pushed. */
unsigned bp_level_meter_stuck_legs(const struct bp_level_meter *m);

/* True when neither leg ever moved past 2^-31 of full scale (-186.6
 * dBFS): less than one step of a 32-bit converter, far under any analogue
 * input's noise, so nothing was recorded -- exact zeros, or a float file's
 * denormal dust alike.  The listen and hum probes both call such a
 * recording digital silence. */
bool bp_level_meter_digital_silence(const struct bp_level_meter *m);

/* The clipped samples and stuck legs of what @m measured, into @out (the
 * validity check's input: probes/probe.h, bp_probe_analyse()). */
void bp_level_meter_recorded(const struct bp_level_meter *m, struct bp_recorded *out);

/* The same for @n samples of @tip and @ring at @rate_hz, as recorded.
 * Returns 0 or BP_E_NOMEM. */
int bp_level_recorded(const double *tip, const double *ring, size_t n, double rate_hz,
		      struct bp_recorded *out);

/* The sentence both probes give for it. */
#define BP_DIGITAL_SILENCE_REASON \
	"tip and ring are digital silence: nothing is recorded — check the interface's input routing and that the inputs are not muted"

/* Fill @out from the meter: each leg's level, the level a balanced input
 * receives for @verdict (tip - ring for balanced, the tip for unbalanced,
 * the louder leg for stereo and dual-mono, NAN otherwise), and with
 * @input_fs_dbu (NAN: no calibration) dBu, dBV and the level class. */
void bp_level_analyse(const struct bp_level_meter *m,
		      enum bp_jack_verdict verdict, double input_fs_dbu,
		      struct bp_level_result *out);

/* dBu, dBV and the level class of @out's dbfs (what a balanced input
 * receives): measured through @input_fs_dbu (the dBu that reads 0 dBFS),
 * or else declared through @output_fs_dbu (the dBu the port, an output
 * of the interface, gives at 0 dBFS) for a port played at @played_dbfs;
 * NAN where neither is given.  With both a measurement and
 * @played_dbfs, also the port's output_fs_dbu. */
void bp_level_calibrate(struct bp_level_result *out, double input_fs_dbu,
			double output_fs_dbu, double played_dbfs);

/* The class of an RMS level in dBu (DESIGN: mic <= -35 < instrument <= -15
 * < consumer-line <= -2 < pro-line <= +15 < speaker). */
enum bp_level_class bp_level_classify(double dbu);

#endif
