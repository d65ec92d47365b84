/* balprobe: what the impulse responses of a measured transfer
 * (analyse/deconv.h) say, read the same way by every probe that plays an
 * excitation: the band they cover, and how far a response stands above
 * its noise.
 */
#ifndef BALPROBE_IMPULSE_H
#define BALPROBE_IMPULSE_H

#include <stddef.h>

#include "analyse/deconv.h"

/* A transfer's window opens this long before the response is expected
 * (for pre-ringing), s. */
#define BP_IMPULSE_LEAD_S 0.01
/* The stretch after an impulse response's peak that counts as the
 * response, s. */
#define BP_IMPULSE_SPAN_S 0.02
/* A path carries its excitation when its impulse response stands this
 * far above the noise, dB. */
#define BP_IMPULSE_PRESENT_SNR_DB 20.0

/* The band the excitation of @tf covers, Hz: for a sweep from @f1_hz to
 * @f2_hz an octave above its start to just below its end (the fades),
 * within 0.46 fs; for an excitation of unknown band (@f1_hz 0) where its
 * power is within 30 dB of its strongest bin, a sixth of an octave in
 * from either edge, within 20 Hz .. 0.45 fs. */
void bp_impulse_band(const struct bp_transfer *tf, double f1_hz, double f2_hz,
		     double *lo_hz, double *hi_hz);

/* How far the impulse response @ir (bp_transfer_impulse() of a transfer
 * of @tf) stands above its noise, dB: its energy from half the lead
 * before the full-rate sample @peak to BP_IMPULSE_SPAN_S after it, against
 * an equally long share of the stretch from five spans after the peak to
 * 60 % of the window (where an exponential sweep's harmonic products do
 * not wrap in).  -INFINITY for a response of zeros. */
double bp_impulse_snr_db(const struct bp_transfer *tf, const double *ir, size_t peak);

#endif
