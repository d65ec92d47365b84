#include "config.h"

#include <math.h>

#include "analyse/imd.h"
#include "analyse/power-spectrum.h"

int bp_imd_smpte(const double *x, size_t n, double rate_hz, double f1_hz, double f2_hz,
		 double *imd_db)
{
	struct bp_power_spectrum s;
	double sidebands = 0.0;
	int k, err;

	/* The high tone and its nearest sidebands must fit under Nyquist. */
	*imd_db = NAN;
	if (f2_hz + f1_hz >= 0.49 * rate_hz)
		return 0;
	err = bp_power_spectrum(x, n, rate_hz, &s);
	if (err)
		return err;
	for (k = 1; k <= BP_IMD_ORDERS; k++) {
		sidebands += bp_power_line(&s, f2_hz - k * f1_hz);
		if (f2_hz + k * f1_hz < 0.49 * rate_hz)
			sidebands += bp_power_line(&s, f2_hz + k * f1_hz);
	}
	*imd_db = 10.0 * log10(sidebands / bp_power_line(&s, f2_hz));
	bp_power_spectrum_free(&s);
	return 0;
}
