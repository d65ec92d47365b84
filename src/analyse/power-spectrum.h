/* balprobe: the power spectrum of one stretch of a recording, for the
 * loop probe's steady-state figures (noise, THD+N, IMD).
 *
 * One periodogram under a Kaiser window (beta 20: sidelobes near
 * -190 dB, so a -1 dBFS tone leaks nothing into a residual 120 dB below
 * it; main lobe +-BP_POWER_LOBE_BINS bins).  Scaled so that the bins
 * sum to mean squares: a band's bins give the band's mean square of
 * noise, a line's lobe gives A^2 / 2 for a sine of amplitude A.
 */
#ifndef BALPROBE_POWER_SPECTRUM_H
#define BALPROBE_POWER_SPECTRUM_H

#include <stddef.h>

#define BP_POWER_LOBE_BINS 8

struct bp_power_spectrum {
	size_t nbins;          /* n / 2 + 1 */
	double bin_hz;
	double *power;         /* mean square per bin (full scale 1.0) */
};

/* The spectrum of @x[0..n) at @rate_hz (n >= 64).  Returns 0 or
 * BP_E_NOMEM; free with bp_power_spectrum_free(). */
int bp_power_spectrum(const double *x, size_t n, double rate_hz,
		      struct bp_power_spectrum *out);

void bp_power_spectrum_free(struct bp_power_spectrum *s);

/* Mean square between @lo_hz and @hi_hz, each bin weighted by
 * 10^(weight_db(f)/10) (NULL: unweighted), leaving out the lobes of the
 * @n_skip lines at @skip_hz (may be NULL). */
double bp_power_band(const struct bp_power_spectrum *s, double lo_hz, double hi_hz,
		     double (*weight_db)(double hz), const double *skip_hz, int n_skip);

/* Mean square of the line at @hz: its strongest bin within two bins, and
 * the lobe around it. */
double bp_power_line(const struct bp_power_spectrum *s, double hz);

#endif
