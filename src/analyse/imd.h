/* balprobe: intermodulation distortion by the SMPTE method (SMPTE RP120,
 * IEC 60268-3's modulation method): a low tone f1 (60 Hz) and a high one
 * f2 (7 kHz) at a quarter of its amplitude (4:1); the high tone comes
 * back amplitude-modulated by the low one.  IMD is the RMS of the
 * sidebands f2 +- k f1 (k = 1 .. BP_IMD_ORDERS) relative to the f2 tone,
 * read as spectral lines (the lines a demodulating analyser sums).
 */
#ifndef BALPROBE_IMD_H
#define BALPROBE_IMD_H

#include <stddef.h>

#define BP_IMD_F1_HZ 60.0
#define BP_IMD_F2_HZ 7000.0
#define BP_IMD_ORDERS 4

/* The SMPTE IMD of @x[0..n) at @rate_hz with tones at @f1_hz and @f2_hz,
 * dB, into @imd_db (NAN when f2 + f1 does not fit under 0.49 of the
 * rate).  Returns 0 or BP_E_NOMEM. */
int bp_imd_smpte(const double *x, size_t n, double rate_hz, double f1_hz, double f2_hz,
		 double *imd_db);

#endif
