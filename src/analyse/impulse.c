#include "config.h"

#include <math.h>

#include "analyse/impulse.h"
#include "dsp/dsp.h"

void bp_impulse_band(const struct bp_transfer *tf, double f1_hz, double f2_hz,
		     double *lo_hz, double *hi_hz)
{
	double peak = 0.0;
	size_t k, first = 0, last = 0;

	if (f1_hz > 0.0) {
		*lo_hz = fmax(20.0, 2.0 * f1_hz);
		*hi_hz = fmin(f2_hz / 1.04, 0.46 * tf->rate_hz);
		return;
	}
	for (k = 1; k < tf->nbins; k++)
		peak = fmax(peak, tf->excitation_power[k]);
	for (k = 1; k < tf->nbins; k++) {
		if (tf->excitation_power[k] < 1e-3 * peak)
			continue;
		first = first ? first : k;
		last = k;
	}
	*lo_hz = fmax(20.0, 1.2 * bp_transfer_bin_hz(tf, first));
	*hi_hz = fmin(0.45 * tf->rate_hz, bp_transfer_bin_hz(tf, last) / 1.2);
}

double bp_impulse_snr_db(const struct bp_transfer *tf, const double *ir, size_t peak)
{
	const size_t step = tf->ir_step, m = bp_transfer_impulse_length(tf);
	const size_t pre = (size_t)(BP_IMPULSE_LEAD_S * tf->rate_hz) / step / 2;
	const size_t span = (size_t)(BP_IMPULSE_SPAN_S * tf->rate_hz) / step;
	const size_t at = peak / step, from = at + 5 * span;
	size_t to = (size_t)(0.6 * (double)m), i;
	double sig = 0.0, noise = 0.0;

	if (to <= from + span)
		to = m;
	for (i = at > pre ? at - pre : 0; i < at + span && i < m; i++)
		sig += ir[i] * ir[i];
	for (i = from; i < to; i++)
		noise += ir[i] * ir[i];
	noise *= (double)(span + pre) / (double)(to > from ? to - from : 1);
	return 10.0 * log10(sig / fmax(noise, 1e-300));
}
