/* balprobe: the noise level of a stretch with nothing playing, as AES17
 * (and IEC 61606-3) measures an interface's idle channel noise: the RMS
 * in the 20 Hz .. 20 kHz band (AES17's standard low-pass; Nyquist at a
 * lower rate), unweighted and A-weighted (IEC 61672), in dBFS (a
 * full-scale sine reads 0 dBFS, so white noise of RMS 0.1 reads
 * -16.99 dBFS).
 */
#ifndef BALPROBE_NOISE_H
#define BALPROBE_NOISE_H

#include <stddef.h>

#define BP_NOISE_LO_HZ 20.0
#define BP_NOISE_HI_HZ 20000.0

/* Noise of @x[0..n) at @rate_hz into @dbfs and @dbfs_a.  Returns 0 or
 * BP_E_NOMEM. */
int bp_noise_levels(const double *x, size_t n, double rate_hz, double *dbfs,
		    double *dbfs_a);

/* The top of the measuring band at @rate_hz: 20 kHz, or just under
 * Nyquist. */
double bp_noise_top_hz(double rate_hz);

#endif
