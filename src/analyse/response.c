#include "config.h"

#include <math.h>
#include <string.h>

#include "dsp/dsp.h"
#include "analyse/response.h"

#define SMOOTH_OCTAVES (1.0 / 48.0)
#define CORNER_STEP_OCTAVES (1.0 / 96.0)
#define REFERENCE_HZ 1000.0
#define MIN_SMOOTH_BINS 4

/* ISO 266 third-octave frequencies, 20 Hz .. 20 kHz. */
const double bp_third_octaves_hz[BP_RESPONSE_POINTS_MAX] = {
	20, 25, 31.5, 40, 50, 63, 80, 100, 125, 160, 200, 250, 315, 400, 500,
	630, 800, 1000, 1250, 1600, 2000, 2500, 3150, 4000, 5000, 6300, 8000,
	10000, 12500, 16000, 20000
};

double bp_response_db_at(const struct bp_transfer *tf, const double complex *h,
			 double hz)
{
	const double bin_hz = tf->rate_hz / (double)tf->n;
	const double half = pow(2.0, SMOOTH_OCTAVES / 2.0);
	long k0 = lround(hz / half / bin_hz), k1 = lround(hz * half / bin_hz), k;
	double sum = 0.0;

	if (k0 < 1)
		k0 = 1;
	if (k1 >= (long)tf->nbins)
		k1 = (long)tf->nbins - 1;
	if (k1 - k0 < MIN_SMOOTH_BINS) {
		/* Too few bins to average symmetrically (low frequencies,
		 * short windows): interpolate the two around @hz in dB. */
		double x = hz / bin_hz;
		long lo = (long)floor(x);
		double frac = x - (double)lo, d0, d1;

		if (lo < 1)
			lo = 1;
		if (lo + 1 >= (long)tf->nbins)
			lo = (long)tf->nbins - 2;
		d0 = 10.0 * log10(bp_cabs2(h[lo]));
		d1 = 10.0 * log10(bp_cabs2(h[lo + 1]));
		return d0 + (d1 - d0) * frac;
	}
	for (k = k0; k <= k1; k++)
		sum += bp_cabs2(h[k]);
	return 10.0 * log10(sum / (double)(k1 - k0 + 1));
}

/* Walk from 1 kHz by @direction octave steps until the response is 3 dB
 * below @ref_db; NAN if it stays above within [lo, hi]. */
static double find_corner(const struct bp_transfer *tf, const double complex *h,
			  double ref_db, double lo, double hi, int direction)
{
	double step = pow(2.0, direction * CORNER_STEP_OCTAVES);
	double f = REFERENCE_HZ, prev_db = 0.0;

	for (;;) {
		double next = f * step, db;

		if (next < lo || next > hi)
			return NAN;
		db = bp_response_db_at(tf, h, next) - ref_db;
		if (db <= -3.0) {
			/* Linear in dB against log frequency between the two. */
			double t = (-3.0 - prev_db) / (db - prev_db);

			return f * pow(next / f, t);
		}
		prev_db = db;
		f = next;
	}
}

void bp_response_analyse(const struct bp_transfer *tf, const double complex *h,
			 double lo_hz, double hi_hz,
			 struct bp_response_result *out)
{
	int i;

	memset(out, 0, sizeof(*out));
	out->gain_db = bp_response_db_at(tf, h, REFERENCE_HZ);
	for (i = 0; i < BP_RESPONSE_POINTS_MAX; i++) {
		double f = bp_third_octaves_hz[i];

		if (f < lo_hz || f > hi_hz)
			continue;
		out->hz[out->n_points] = f;
		out->db[out->n_points] = bp_response_db_at(tf, h, f) - out->gain_db;
		out->n_points++;
	}
	out->f_low_3db = find_corner(tf, h, out->gain_db, lo_hz, hi_hz, -1);
	out->f_high_3db = find_corner(tf, h, out->gain_db, lo_hz, hi_hz, +1);
}
