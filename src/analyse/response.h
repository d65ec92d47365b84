/* balprobe: frequency response from a measured transfer function.
 *
 * The magnitude is smoothed over 1/48 octave (power average; where that
 * spans fewer than 4 bins, interpolated in dB at the exact frequency
 * instead, so a steep slope is not biased by asymmetric bins), read at the
 * ISO 266 third-octave frequencies and expressed relative to 1 kHz; the
 * -3 dB corners are where the smoothed response first falls 3 dB below
 * the 1 kHz level going down and up from 1 kHz, interpolated in log
 * frequency.
 */
#ifndef BALPROBE_RESPONSE_H
#define BALPROBE_RESPONSE_H

#include <complex.h>

#include "analyse/deconv.h"
#include "result/result.h"

/* The ISO 266 third-octave frequencies, 20 Hz .. 20 kHz, Hz. */
extern const double bp_third_octaves_hz[BP_RESPONSE_POINTS_MAX];

/* The response of @h (a transfer of @tf), between @lo_hz and @hi_hz, the
 * band the excitation covered. */
void bp_response_analyse(const struct bp_transfer *tf, const double complex *h,
			 double lo_hz, double hi_hz,
			 struct bp_response_result *out);

/* The smoothed magnitude of @h at @hz, in dB (absolute). */
double bp_response_db_at(const struct bp_transfer *tf, const double complex *h,
			 double hz);

#endif
