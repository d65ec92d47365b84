/* balprobe: level and harmonic distortion of a steady test tone.
 *
 * The tone is analysed over a whole number of its periods (a window of
 * exactly k cycles, rectangular), so the fundamental and every harmonic
 * fall on exact DFT bins and nothing leaks between them: harmonics 100 dB
 * down are read as they are.  Each bin is evaluated by Goertzel's
 * recurrence; the noise per bin comes from bins between the harmonics.
 */
#ifndef BALPROBE_TONE_H
#define BALPROBE_TONE_H

#include <stdbool.h>
#include <stddef.h>

#include "result/result.h"


struct bp_tone {
	double f0_hz;
	double level_dbfs;         /* fundamental, AES17 (sine peak 1.0 = 0) */
	double thd_percent;        /* from the harmonics above the noise; NAN if none */
	double harmonics_db[BP_HARMONICS_MAX]; /* k = 2.. relative to the fundamental; NAN below noise */
	int n_harmonics;           /* harmonics below Nyquist */
	double noise_db;           /* noise per bin relative to the fundamental */
	size_t window;             /* samples analysed */
};

/* Analyse @x[0..len) for a tone at @f0_hz.  Returns 0, or -EDOM when
 * fewer than 4 periods fit. */
int bp_tone_analyse(const double *x, size_t len, double rate_hz, double f0_hz,
		    struct bp_tone *out);

/* A tone on both legs of a port: each leg's, and what a balanced input
 * receives (tip - ring for a balanced jack, the tip otherwise) with its
 * sample amplitude peak. */
struct bp_tone_legs {
	struct bp_tone tip, ring, received;
	double received_peak;
};

/* Analyse @n samples of @tip and @ring for a tone at @f0_hz, the port
 * @balanced or not.  Returns 0, -EDOM when fewer than 4 periods fit, or
 * BP_E_NOMEM. */
int bp_tone_analyse_legs(const double *tip, const double *ring, size_t n, double rate_hz,
			 double f0_hz, bool balanced, struct bp_tone_legs *out);

/* The distortion figures of @t into @out. */
void bp_tone_distortion(const struct bp_tone *t, struct bp_distortion_result *out);

#endif
