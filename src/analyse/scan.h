/* balprobe: one streaming pass over a recording that gathers what the
 * listen and hum analyses need: Welch cross-spectra of tip and ring,
 * the block level meter and the programme's asymmetry (polarity).  Memory is fixed by the sample rate alone.
 */
#ifndef BALPROBE_SCAN_H
#define BALPROBE_SCAN_H

#include <stdbool.h>

#include "analyse/level.h"
#include "result/plot-data.h"
#include "analyse/polarity.h"
#include "io/audio-file.h"
#include "analyse/welch.h"

/* Shorter recordings are refused (seconds). */
#define BP_SCAN_MIN_S 1.0

struct bp_scan {
	struct bp_welch *welch;
	struct bp_level_meter *meter;
	struct bp_polarity_meter *polarity;  /* NULL unless asked for */
	long long frames;
	double rate_hz;
	struct bp_plot_wave wave;  /* the loudest stretch, for the report */
	double wave_energy;
};

/* Read @rec to its end, its ring multiplied by @ring_gain (an input
 * gain mismatch taken out; 1.0 for none), keeping the loudest @wave_s
 * seconds (looked for once per block of about 0.2 s) as the report's
 * waveform, and with @polarity the programme's asymmetry too (it costs a
 * sixth of the pass: a probe that judges no polarity leaves it out).
 * Returns 0 with @scan filled (free it with bp_scan_free()), or a
 * negative code with a detail sentence. */
int bp_scan_recording(struct bp_recording *rec, double ring_gain, double wave_s,
		      bool polarity, struct bp_scan *scan);

void bp_scan_free(struct bp_scan *scan);

#endif
