#include "config.h"

#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "balance.h"
#include "dsp.h"
#include "hum.h"
#include "level.h"

#define BAND_LOW_HZ 20.0
#define BAND_HIGH_HZ 20000.0
#define GROUP_HZ 100.0
/* Legs within this of each other carry "the same" signal level. */
#define EQUAL_LEGS_DB 6.0
/* A ring whose copy of the tip rises this much from 100..300 Hz to
 * 2..5 kHz, staying this far below the tip in the low band, picks it up
 * through capacitance (6 dB an octave below the coupling's corner: 24 dB
 * over those bands; legs that carry a signal are flat within a few dB). */
#define RISING_DB 10.0
#define PICKUP_LOW_DB 15.0
/* A ring this far below the tip carries nothing of its own. */
#define SILENT_LEG_DB 20.0
/* Coherence of one signal seen on both legs at SNR >= 20 dB is >= 0.98;
 * stereo material with an L/R correlation of 0.9 has 0.81. */
#define SAME_SIGNAL 0.9
#define NOISY_SAME_SIGNAL 0.5
/* cos(45 deg): in phase or inverted within +-45 degrees. */
#define CLEAR_SIGN 0.7

struct group {
	double tt, rr, hz;
	double complex tr;
};

/* Power of each leg and the coherence over the groups inside one band. */
struct band {
	double lo_hz, hi_hz;
	double tt, rr, coh_num, coh_den;
};

static void band_add(struct band *b, const struct group *g, double coh_num, double w)
{
	if (g->hz < b->lo_hz || g->hz > b->hi_hz)
		return;
	b->tt += g->tt;
	b->rr += g->rr;
	b->coh_num += coh_num;
	b->coh_den += w;
}

/* The ring relative to the tip in @b, dB. */
static double band_gain_db(const struct band *b)
{
	return 10.0 * log10(b->rr / b->tt);
}

static double clamp01(double x)
{
	return x < 0.0 ? 0.0 : x > 1.0 ? 1.0 : x;
}

/* Levels, coherence and skew over ~100 Hz groups of bins, then the
 * cross-spectrum summed with the skew taken out (@aligned). */
static void group_spectra(const struct bp_spectra *sp,
			  const struct bp_hum_result *hum, struct bp_balance *fig,
			  double complex *aligned, double *coh_num,
			  double *coh_den)
{
	size_t g = (size_t)lround(GROUP_HZ / sp->bin_hz), k;
	size_t k_lo = (size_t)ceil(BAND_LOW_HZ / sp->bin_hz);
	size_t k_hi = (size_t)floor(fmin(BAND_HIGH_HZ, 0.45 * sp->rate_hz) / sp->bin_hz);
	struct group cur = { 0 }, prev = { 0 };
	double complex slope = 0.0;
	double st = 0.0, sr = 0.0, slope_weight = 0.0, tau;
	struct band low = { .lo_hz = 100.0, .hi_hz = 300.0 };
	struct band high = { .lo_hz = 2000.0, .hi_hz = 5000.0 };
	bool have_prev = false;
	size_t n = 0;

	if (g < 1)
		g = 1;
	*coh_num = *coh_den = 0.0;
	/* Pass 1: levels, coherence and the skew from adjacent groups. */
	for (k = k_lo; k <= k_hi; k++) {
		if (!bp_hum_covers_bin(hum, sp, k)) {
			cur.tt += sp->tt[k];
			cur.rr += sp->rr[k];
			cur.tr += sp->tr[k];
			cur.hz += (double)k * sp->bin_hz;
			n++;
		}
		if ((k - k_lo + 1) % g != 0 && k != k_hi)
			continue;
		if (n > 0 && cur.tt > 0.0 && cur.rr > 0.0) {
			double w = sqrt(cur.tt * cur.rr);

			double coh = bp_cabs2(cur.tr) / w;

			cur.hz /= (double)n;
			st += cur.tt;
			sr += cur.rr;
			*coh_num += coh;
			*coh_den += w;
			band_add(&low, &cur, coh, w);
			band_add(&high, &cur, coh, w);
			/* Squaring the cross-spectrum removes a polarity flip;
			 * each pair weighs as its weaker group, so a tone
			 * beside a noise-only group says nothing. */
			if (have_prev && cabs(cur.tr) > 0.0 && cabs(prev.tr) > 0.0) {
				double complex step = cur.tr * conj(prev.tr);
				double pair_w = fmin(cabs(cur.tr), cabs(prev.tr));

				slope += pair_w * step * step / bp_cabs2(step);
				slope_weight += pair_w;
			}
			prev = cur;
			have_prev = true;
		} else {
			have_prev = false;
		}
		memset(&cur, 0, sizeof(cur));
		n = 0;
	}
	fig->tip_dbfs = bp_dbfs_from_power(st * sp->bin_hz);
	fig->ring_dbfs = bp_dbfs_from_power(sr * sp->bin_hz);
	fig->low_gain_db = band_gain_db(&low);
	fig->high_gain_db = band_gain_db(&high);
	fig->high_coherence = high.coh_den > 0.0 ? clamp01(high.coh_num / high.coh_den) : 0.0;
	/* arg of the squared cross-spectrum advances -4 pi f tau; without a
	 * broadband signal whose pairs agree there is no skew to see. */
	tau = cabs(slope) > 0.5 * slope_weight
		      ? -carg(slope) / (4.0 * M_PI * (double)g * sp->bin_hz) : 0.0;
	fig->skew_us = tau * 1e6;

	/* Pass 2: the cross-spectrum with the skew taken out. */
	*aligned = 0.0;
	for (k = k_lo; k <= k_hi; k++)
		if (!bp_hum_covers_bin(hum, sp, k))
			*aligned += sp->tr[k] *
				    cexp(I * 2.0 * M_PI * (double)k * sp->bin_hz * tau);
}

void bp_balance_analyse(const struct bp_spectra *sp,
			const struct bp_hum_result *hum,
			struct bp_balance *fig, struct bp_jack_result *out)
{
	double complex aligned;
	double coh_num, coh_den, sign, gain;
	bool tip_live, ring_live, ring_pickup;
	char *e = out->explanation;
	const size_t n = sizeof(out->explanation);

	memset(fig, 0, sizeof(*fig));
	group_spectra(sp, hum, fig, &aligned, &coh_num, &coh_den);
	fig->coherence = coh_den > 0.0 ? clamp01(coh_num / coh_den) : 0.0;
	fig->phase_deg = carg(aligned) * 180.0 / M_PI;
	sign = cabs(aligned) > 0.0 ? creal(aligned) / cabs(aligned) : 0.0;
	gain = fig->ring_dbfs - fig->tip_dbfs;
	fig->gain_db = gain;
	tip_live = fig->tip_dbfs > BP_SIGNAL_FLOOR_DBFS;
	ring_live = fig->ring_dbfs > BP_SIGNAL_FLOOR_DBFS;
	/* One signal on both legs in the treble (a stereo programme's
	 * channels are less alike), far weaker on the ring at low
	 * frequencies: capacitive pickup.  Where the programme has nothing
	 * low, both legs' noise there keeps the low band near 0 dB. */
	ring_pickup = fig->high_coherence >= SAME_SIGNAL &&
		      fig->low_gain_db <= -PICKUP_LOW_DB &&
		      fig->high_gain_db - fig->low_gain_db >= RISING_DB;

	out->verdict = BP_JACK_UNKNOWN;
	out->confidence = NAN;
	if (!tip_live && !ring_live) {
		out->verdict = BP_JACK_NO_SIGNAL;
		out->confidence = clamp01((BP_SIGNAL_FLOOR_DBFS -
					   fmax(fig->tip_dbfs, fig->ring_dbfs)) / 10.0);
		if (isinf(fig->tip_dbfs) && isinf(fig->ring_dbfs))
			snprintf(e, n, "tip and ring are digital silence: nothing is recorded");
		else
			snprintf(e, n, "neither tip (%.1f dBFS) nor ring (%.1f dBFS) carries a signal above %.0f dBFS, hum left out",
				 fig->tip_dbfs, fig->ring_dbfs, BP_SIGNAL_FLOOR_DBFS);
	} else if (!ring_live || gain <= -SILENT_LEG_DB) {
		out->verdict = BP_JACK_UNBALANCED;
		out->confidence = clamp01(0.7 + (-gain - SILENT_LEG_DB) / 40.0);
		snprintf(e, n, "only the tip carries the signal; the ring is %.1f dB below it%s — an unbalanced output, or impedance-balanced (its ring only matches the tip's impedance to ground)",
			 -gain, fig->coherence >= NOISY_SAME_SIGNAL ? " (a crosstalk copy of the tip)" : "");
	} else if (ring_pickup) {
		out->verdict = BP_JACK_UNBALANCED;
		out->confidence = clamp01(0.7 + (-fig->low_gain_db - PICKUP_LOW_DB) / 40.0);
		snprintf(e, n, "only the tip carries the signal; the ring's copy of it rises with frequency, from %.1f dB below the tip at 100-300 Hz to %.1f dB below at 2-5 kHz: the cable's capacitance into an open ring — an unbalanced output",
			 -fig->low_gain_db, -fig->high_gain_db);
	} else if (!tip_live || gain >= SILENT_LEG_DB) {
		snprintf(e, n, "only the ring carries signal (tip %.1f dB below it): tip and ring are swapped or the tip is open — check the cable",
			 gain);
	} else if (fig->coherence >= NOISY_SAME_SIGNAL && sign < -CLEAR_SIGN &&
		   fabs(gain) <= EQUAL_LEGS_DB) {
		out->verdict = BP_JACK_BALANCED;
		out->confidence = clamp01(fig->coherence * -sign *
					  (1.0 - fabs(gain) / (2.0 * EQUAL_LEGS_DB)));
		snprintf(e, n, "ring carries the tip signal inverted (%+.2f dB, %.1f deg, coherence %.3f, skew %.1f us)",
			 gain, fig->phase_deg, fig->coherence, fig->skew_us);
	} else if (fig->coherence >= SAME_SIGNAL && sign > CLEAR_SIGN &&
		   fabs(gain) <= EQUAL_LEGS_DB) {
		out->verdict = BP_JACK_DUAL_MONO;
		out->confidence = clamp01((fig->coherence - SAME_SIGNAL) /
					  (1.0 - SAME_SIGNAL) * sign);
		snprintf(e, n, "tip and ring carry the same signal in phase (%+.2f dB, %.1f deg, coherence %.3f): dual-mono or parallel, not balanced",
			 gain, fig->phase_deg, fig->coherence);
	} else if (fig->coherence >= SAME_SIGNAL) {
		snprintf(e, n, "ring carries the tip signal at %+.1f dB and %.0f deg: neither balanced nor a stereo pair — one leg may be faulty, or the two inputs' gains differ",
			 gain, fig->phase_deg);
	} else {
		out->verdict = BP_JACK_STEREO;
		out->confidence = clamp01(1.0 - fig->coherence / SAME_SIGNAL);
		snprintf(e, n, "tip and ring carry different signals (coherence %.2f, ring %+.1f dB): a stereo output (tip left, ring right)",
			 fig->coherence, gain);
	}
}
