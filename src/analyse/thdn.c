#include "config.h"

#include <math.h>

#include "analyse/noise.h"
#include "analyse/power-spectrum.h"
#include "analyse/thdn.h"
#include "dsp/dsp.h"

int bp_thdn_analyse(const double *x, size_t n, double rate_hz, double hz,
		    struct bp_thdn *out)
{
	struct bp_power_spectrum s;
	int err = bp_power_spectrum(x, n, rate_hz, &s);
	double fundamental, residual;

	if (err)
		return err;
	fundamental = bp_power_line(&s, hz);
	residual = bp_power_band(&s, BP_NOISE_LO_HZ, bp_noise_top_hz(rate_hz), NULL, &hz, 1);
	out->fundamental_dbfs = bp_dbfs_from_power(fundamental);
	out->residual_dbfs = bp_dbfs_from_power(residual);
	out->ratio_db = 10.0 * log10(residual / fundamental);
	bp_power_spectrum_free(&s);
	return 0;
}
