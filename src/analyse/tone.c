#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dsp/dsp.h"
#include "analyse/tone.h"
#include "util/errors.h"

/* A harmonic counts when it stands 13 dB above the noise in its bin: at
 * 6 dB one of nine noise-only bins passed about one time in seven. */
#define DETECT_RATIO 20.0

/* Power |X(f)|^2 of x at @cycles cycles per window (may be fractional for
 * the noise bins), by Goertzel's recurrence. */
static double goertzel_power(const double *x, size_t n, double cycles)
{
	const double w = 2.0 * M_PI * cycles / (double)n, c = 2.0 * cos(w);
	double s1 = 0.0, s2 = 0.0;
	size_t i;

	for (i = 0; i < n; i++) {
		double s0 = x[i] + c * s1 - s2;

		s2 = s1;
		s1 = s0;
	}
	return s1 * s1 + s2 * s2 - c * s1 * s2;
}

/* The longest window of whole periods: the tone completes an integer
 * number of cycles every rate/gcd(rate, f0) samples when both are whole
 * numbers; otherwise the nearest whole number of cycles. */
static size_t whole_period_window(size_t len, double rate_hz, double f0_hz,
				  double *cycles)
{
	long r = lround(rate_hz), f = lround(f0_hz), a = r, b = f;
	size_t n;

	if (fabs(rate_hz - r) < 1e-9 && fabs(f0_hz - f) < 1e-9 && f > 0) {
		while (b) {
			long t = a % b;

			a = b;
			b = t;
		}
		n = len / (size_t)(r / a) * (size_t)(r / a);
	} else {
		n = (size_t)(floor((double)len * f0_hz / rate_hz) * rate_hz / f0_hz);
	}
	*cycles = round((double)n * f0_hz / rate_hz);
	return n;
}

int bp_tone_analyse(const double *x, size_t len, double rate_hz, double f0_hz,
		    struct bp_tone *out)
{
	double cycles, fundamental, noise = 0.0, sum_h = 0.0;
	size_t n = whole_period_window(len, rate_hz, f0_hz, &cycles);
	int k, m, noise_bins = 0;

	memset(out, 0, sizeof(*out));
	out->f0_hz = f0_hz;
	if (cycles < 4.0 || n == 0)
		return -EDOM;
	out->window = n;
	fundamental = goertzel_power(x, n, cycles);
	/* Amplitude = 2 |X| / n for a bin-centred sine. */
	out->level_dbfs = bp_dbfs_from_amplitude(2.0 * sqrt(fundamental) / (double)n);
	/* Noise: bins half-way between harmonics' neighbours. */
	for (k = 1; k <= BP_HARMONICS_MAX + 1 && (k + 0.5) * f0_hz < rate_hz / 2.0; k++)
		for (m = 2; m <= 6; m += 2) {
			noise += goertzel_power(x, n, k * cycles + m);
			noise += goertzel_power(x, n, k * cycles - m);
			noise_bins += 2;
		}
	noise /= noise_bins > 0 ? noise_bins : 1;
	out->noise_db = 10.0 * log10(noise / fundamental);
	for (k = 2; k <= BP_HARMONICS_MAX + 1; k++) {
		double p;

		if (k * f0_hz >= rate_hz / 2.0)
			break;
		p = goertzel_power(x, n, k * cycles);
		out->harmonics_db[k - 2] = NAN;
		if (p > DETECT_RATIO * noise) {
			/* The bin holds the harmonic plus the noise. */
			out->harmonics_db[k - 2] = 10.0 * log10((p - noise) / fundamental);
			sum_h += p - noise;
		}
		out->n_harmonics++;
	}
	out->thd_percent = sum_h > 0.0 ? 100.0 * sqrt(sum_h / fundamental) : NAN;
	return 0;
}

int bp_tone_analyse_legs(const double *tip, const double *ring, size_t n, double rate_hz,
			 double f0_hz, bool balanced, struct bp_tone_legs *out)
{
	double *x = malloc(n * sizeof(double));
	size_t i;
	int err;

	if (!x)
		return BP_E_NOMEM;
	out->received_peak = 0.0;
	for (i = 0; i < n; i++) {
		x[i] = balanced ? tip[i] - ring[i] : tip[i];
		out->received_peak = fmax(out->received_peak, fabs(x[i]));
	}
	err = bp_tone_analyse(tip, n, rate_hz, f0_hz, &out->tip);
	if (!err)
		err = bp_tone_analyse(ring, n, rate_hz, f0_hz, &out->ring);
	if (!err)
		err = bp_tone_analyse(x, n, rate_hz, f0_hz, &out->received);
	free(x);
	return err;
}

void bp_tone_distortion(const struct bp_tone *t, struct bp_distortion_result *out)
{
	int k;

	out->thd_percent = t->thd_percent;
	out->n_harmonics = t->n_harmonics;
	for (k = 0; k < t->n_harmonics; k++)
		out->harmonics_db[k] = t->harmonics_db[k];
}
