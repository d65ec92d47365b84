#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analyse/balance.h"
#include "analyse/cmrr.h"
#include "analyse/polarity.h"
#include "util/number-format.h"
#include "dsp/dsp.h"
#include "analyse/response.h"

/* Points across a third octave, 1/48 octave apart. */
#define MEDIAN_POINTS 17
#define REFERENCE_HZ 1000.0


void bp_cmrr_drives_assumed(struct bp_cmrr_drives *d)
{
	d->ring_over_tip_db = 0.0;
	d->mismatch_db = BP_CMRR_ASSUMED_MISMATCH_DB;
	d->measured = false;
}

void bp_cmrr_drives_measured(struct bp_cmrr_drives *d, double tip_gain_db,
			     double ring_gain_db, double precision_db)
{
	d->ring_over_tip_db = ring_gain_db - tip_gain_db;
	d->mismatch_db = fabs(precision_db);
	d->measured = true;
}

double bp_cmrr_cap_db(const struct bp_cmrr_drives *d)
{
	/* A gain error e on one drive leaves e |H| of common mode on an
	 * ideal input whose differential gain is |H|. */
	const double e = pow(10.0, d->mismatch_db / 20.0) - 1.0;

	return e > 0.0 ? -20.0 * log10(e) : INFINITY;
}

void bp_cmrr_correct(const struct bp_cmrr_drives *d, double complex *h_ring, size_t n)
{
	const double g = pow(10.0, -d->ring_over_tip_db / 20.0);
	size_t k;

	for (k = 0; k < n; k++)
		h_ring[k] *= g;
}

void bp_cmrr_modes(const double complex *h_tip, const double complex *h_ring,
		   size_t n, double complex *diff, double complex *common)
{
	size_t k;

	for (k = 0; k < n; k++) {
		if (diff)
			diff[k] = 0.5 * (h_tip[k] - h_ring[k]);
		if (common)
			common[k] = h_tip[k] + h_ring[k];
	}
}

/* The CMRR at @hz: the median of its 1/48-octave smoothed values across
 * the third octave around @hz.  A CMRR curve is smooth on that scale; a
 * mains harmonic that falls on @hz (the 20th of 50 Hz is 1 kHz) is one
 * narrow line in the common mode, and the median steps over it. */
static double cmrr_at(const struct bp_transfer *tf, const double complex *diff,
		      const double complex *common, double hz)
{
	double v[MEDIAN_POINTS], m;
	int i;

	for (i = 0; i < MEDIAN_POINTS; i++) {
		const double f = hz * pow(2.0, (double)(i - MEDIAN_POINTS / 2) / 48.0);

		v[i] = bp_response_db_at(tf, diff, f) - bp_response_db_at(tf, common, f);
	}
	return bp_median(v, MEDIAN_POINTS, &m) == 0 ? m : v[MEDIAN_POINTS / 2];
}

void bp_cmrr_curve(const struct bp_transfer *tf, const double complex *diff,
		   const double complex *common, double lo_hz, double hi_hz,
		   double residue_snr_db, const struct bp_cmrr_drives *drives,
		   struct bp_cmrr_result *out)
{
	const double cap_db = bp_cmrr_cap_db(drives);
	const bool under_noise = !(residue_snr_db >= BP_CMRR_RESIDUE_SNR_DB);
	double at_1k;
	int i;

	out->measured = true;
	out->n_points = 0;
	for (i = 0; i < BP_RESPONSE_POINTS_MAX; i++) {
		double f = bp_third_octaves_hz[i];

		if (f < lo_hz || f > hi_hz)
			continue;
		out->hz[out->n_points] = f;
		out->db[out->n_points++] = cmrr_at(tf, diff, common, f);
	}
	at_1k = cmrr_at(tf, diff, common, REFERENCE_HZ);
	/* No residue at all (an exact model): all that is known is the cap. */
	if (isinf(at_1k) && at_1k > 0.0)
		at_1k = cap_db;
	out->at_1k_db = isfinite(at_1k) ? at_1k : NAN;
	out->bound = isfinite(at_1k) && (under_noise || !(at_1k < cap_db - BP_CMRR_NEAR_CAP_DB));
	if (!isfinite(at_1k))
		snprintf(out->explanation, sizeof(out->explanation),
			 "cannot be read at 1 kHz: the stimulus does not cover it, or the input passes no difference between tip and ring");
	else if (under_noise)
		snprintf(out->explanation, sizeof(out->explanation),
			 "at least %s at 1 kHz: the common-mode residue stays under the noise (differential gain %s)",
			 BP_NUMBER(at_1k, 1, 0, " dB", ""),
			 BP_NUMBER(bp_response_db_at(tf, diff, REFERENCE_HZ), 1, 0, " dB", ""));
	else if (out->bound)
		snprintf(out->explanation, sizeof(out->explanation),
			 "at least %s at 1 kHz as read, a bound: the drive outputs may differ by %.3g dB (%s), and that alone limits what a reading can show to about %.0f dB",
			 BP_NUMBER(at_1k, 1, 0, " dB", ""), drives->mismatch_db,
			 drives->measured ? "after the interface profile's correction"
					  : "assumed: no interface profile measured them",
			 cap_db);
	else
		snprintf(out->explanation, sizeof(out->explanation),
			 "%s at 1 kHz: differential gain %s, common-mode gain %s",
			 BP_NUMBER(at_1k, 1, 0, " dB", ""),
			 BP_NUMBER(bp_response_db_at(tf, diff, REFERENCE_HZ), 1, 0, " dB", ""),
			 BP_NUMBER(bp_response_db_at(tf, common, REFERENCE_HZ), 1, 0, " dB", ""));
}

static double clamp01(double x)
{
	return x < 0.0 ? 0.0 : x > 1.0 ? 1.0 : x;
}

/* @weak is not taken in beside @strong. */
static bool absent_beside(const struct bp_input_path *weak,
			  const struct bp_input_path *strong)
{
	return !weak->present || weak->gain_db <= strong->gain_db - BP_CMRR_ABSENT_DB;
}

static void judge_sign(double phase_rad, const char *normal, const char *inverted,
		       struct bp_polarity_result *out)
{
	const double deg = phase_rad * 180.0 / M_PI;

	if (cos(phase_rad) > BP_CLEAR_SIGN) {
		out->verdict = BP_POLARITY_NORMAL;
		snprintf(out->explanation, sizeof(out->explanation), "%s (%s)",
			 normal, BP_NUMBER(deg, 1, 0, " deg", ""));
	} else if (cos(phase_rad) < -BP_CLEAR_SIGN) {
		out->verdict = BP_POLARITY_INVERTED;
		snprintf(out->explanation, sizeof(out->explanation), "%s (%s)",
			 inverted, BP_NUMBER(deg, 1, 0, " deg", ""));
	} else {
		out->verdict = BP_POLARITY_UNKNOWN;
		snprintf(out->explanation, sizeof(out->explanation),
			 "the return's phase is %s: neither in phase nor inverted",
			 BP_NUMBER(deg, 0, 0, " deg", ""));
	}
}

static void judge_stereo(const struct bp_input_paths *p, struct bp_jack_result *jack,
			 struct bp_polarity_result *polarity)
{
	const double left = cos(p->tip.phase_rad), right = cos(p->right_ring.phase_rad);

	jack->verdict = BP_JACK_STEREO;
	jack->confidence = 0.95;
	snprintf(jack->explanation, sizeof(jack->explanation),
		 "the tip comes back on the left return only (%s) and the ring on the right only (%s): a stereo input",
		 BP_NUMBER(p->tip.gain_db, 1, 0, " dB", ""), BP_NUMBER(p->right_ring.gain_db, 1, 0, " dB", ""));
	if (left > BP_CLEAR_SIGN && right > BP_CLEAR_SIGN) {
		polarity->verdict = BP_POLARITY_NORMAL;
		snprintf(polarity->explanation, sizeof(polarity->explanation),
			 "both channels follow their drive in phase");
	} else if (left < -BP_CLEAR_SIGN && right < -BP_CLEAR_SIGN) {
		polarity->verdict = BP_POLARITY_INVERTED;
		snprintf(polarity->explanation, sizeof(polarity->explanation),
			 "both channels return their drive inverted");
	} else {
		polarity->verdict = BP_POLARITY_UNKNOWN;
		snprintf(polarity->explanation, sizeof(polarity->explanation),
			 "the channels disagree (left %.0f deg, right %.0f deg)",
			 p->tip.phase_rad * 180.0 / M_PI, p->right_ring.phase_rad * 180.0 / M_PI);
	}
}

void bp_cmrr_judge(const struct bp_input_paths *p, struct bp_jack_result *jack,
		   struct bp_polarity_result *polarity)
{
	const bool right_any = p->right_recorded &&
			       (p->right_tip.present || p->right_ring.present);

	polarity->verdict = BP_POLARITY_UNKNOWN;
	if (!p->tip.present && !p->ring.present) {
		jack->verdict = right_any ? BP_JACK_UNKNOWN : BP_JACK_NO_SIGNAL;
		jack->confidence = right_any ? NAN : 0.99;
		snprintf(jack->explanation, sizeof(jack->explanation), "%s",
			 right_any ? "only the right return carries the drives: record the input's own output as the return"
				   : "neither drive comes back on the return: a dead or muted channel, or a wrong cable or routing");
		snprintf(polarity->explanation, sizeof(polarity->explanation), "%s",
			 BP_POLARITY_NOTHING_BACK);
		return;
	}
	if (p->right_recorded && p->tip.present && p->right_ring.present &&
	    absent_beside(&p->ring, &p->tip) && absent_beside(&p->right_tip, &p->right_ring)) {
		judge_stereo(p, jack, polarity);
		return;
	}
	if (p->tip.present && absent_beside(&p->ring, &p->tip)) {
		jack->verdict = BP_JACK_UNBALANCED;
		jack->confidence = p->ring.present
			? 0.5 + 0.49 * clamp01((p->tip.gain_db - p->ring.gain_db - BP_CMRR_ABSENT_DB) / 20.0)
			: 0.99;
		snprintf(jack->explanation, sizeof(jack->explanation),
			 "only the tip drive comes back (the ring's is %s): the ring is grounded, as in a TS socket, or not connected",
			 p->ring.present ? "far below it" : "under the noise");
		judge_sign(p->diff_phase_rad, "the return follows the tip", "the return inverts the tip",
			   polarity);
	} else if (p->ring.present && absent_beside(&p->tip, &p->ring)) {
		jack->verdict = BP_JACK_UNBALANCED;
		jack->confidence = 0.9;
		snprintf(jack->explanation, sizeof(jack->explanation),
			 "only the ring drive comes back: an unbalanced input wired hot on the ring, the tip grounded");
		judge_sign(p->diff_phase_rad, "the return follows the ring inverted, as tip minus ring",
			   "the return follows the ring: hot on ring", polarity);
	} else if (p->band_cmrr_db >= BP_CMRR_BALANCED_DB) {
		jack->verdict = BP_JACK_BALANCED;
		jack->confidence = 0.5 + 0.49 * clamp01((p->band_cmrr_db - BP_CMRR_BALANCED_DB) / 30.0);
		snprintf(jack->explanation, sizeof(jack->explanation),
			 "tip and ring drives come back opposite (%s and %s), rejecting %s of common mode in band: a balanced input",
			 BP_NUMBER(p->tip.gain_db, 1, 0, " dB", ""), BP_NUMBER(p->ring.gain_db, 1, 0, " dB", ""),
			 BP_NUMBER(p->band_cmrr_db, 1, 0, " dB", ""));
		judge_sign(p->diff_phase_rad, "the return follows tip minus ring: " BP_HOT_ON_TIP,
			   "the return follows ring minus tip: " BP_HOT_ON_RING, polarity);
	} else {
		jack->verdict = BP_JACK_UNKNOWN;
		jack->confidence = NAN;
		snprintf(jack->explanation, sizeof(jack->explanation),
			 "tip and ring drives both come back (%s and %s) but only %s of common mode is rejected%s: neither a balanced nor an unbalanced input",
			 BP_NUMBER(p->tip.gain_db, 1, 0, " dB", ""), BP_NUMBER(p->ring.gain_db, 1, 0, " dB", ""),
			 BP_NUMBER(p->band_cmrr_db, 1, 0, " dB", ""),
			 p->band_cmrr_db < -BP_CMRR_BALANCED_DB ? " (it adds tip and ring)" : "");
		snprintf(polarity->explanation, sizeof(polarity->explanation),
			 "the input could not be judged, so neither can its polarity");
	}
}
