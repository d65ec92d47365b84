#include "config.h"

#include <math.h>

#include "analyse/a-weighting.h"
#include "analyse/noise.h"
#include "analyse/power-spectrum.h"
#include "dsp/dsp.h"

double bp_noise_top_hz(double rate_hz)
{
	return fmin(BP_NOISE_HI_HZ, 0.49 * rate_hz);
}

int bp_noise_levels(const double *x, size_t n, double rate_hz, double *dbfs,
		    double *dbfs_a)
{
	struct bp_power_spectrum s;
	int err = bp_power_spectrum(x, n, rate_hz, &s);

	if (err)
		return err;
	*dbfs = bp_dbfs_from_power(bp_power_band(&s, BP_NOISE_LO_HZ, bp_noise_top_hz(rate_hz),
						 NULL, NULL, 0));
	*dbfs_a = bp_dbfs_from_power(bp_power_band(&s, BP_NOISE_LO_HZ,
						   bp_noise_top_hz(rate_hz),
						   bp_a_weighting_db, NULL, 0));
	bp_power_spectrum_free(&s);
	return 0;
}
