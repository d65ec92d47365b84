#include "config.h"

#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analyse/balance.h"
#include "dsp/dsp.h"
#include "analyse/hum-family.h"
#include "analyse/impulse.h"
#include "analyse/level.h"
#include "util/number-format.h"

#define BAND_LOW_HZ 20.0
#define BAND_HIGH_HZ 20000.0
#define GROUP_HZ 100.0
/* Coherence of one signal seen on both legs at SNR >= 20 dB is >= 0.98;
 * stereo material with an L/R correlation of 0.9 has 0.81. */
#define SAME_SIGNAL 0.9
#define NOISY_SAME_SIGNAL 0.5
/* The skew is quoted when its standard error is at most this: a quarter
 * of a sample at 48 kHz. */
#define SKEW_RESOLVED_US 5.0
#define RESOLVING_COHERENCE 0.5

struct group {
	double tt, rr, hz;
	double complex tr;
};

static double clamp01(double x)
{
	return x < 0.0 ? 0.0 : x > 1.0 ? 1.0 : x;
}

/* Pickup model fit (see analyse/balance.h): least squares in h itself, each
 * point weighted by its inverse variance, weight / |h|^2 (a point that
 * hum inflates is not trusted more for it).  The gain a is closed-form
 * for a given corner and skew; the corner is searched on a logarithmic
 * grid (refined by a parabola through the best three), the skew on a
 * 1 us grid. */
#define SKEW_HALF_STEPS 25
#define SKEW_STEPS (2 * SKEW_HALF_STEPS + 1)
#define SKEW_STEP_US (BP_PICKUP_SKEW_MAX_US / SKEW_HALF_STEPS)
#define CORNER_LO_HZ 1.0
#define CORNER_HI_HZ 1e7
#define CORNER_STEPS_PER_DECADE 40
/* The coarse pass of the fit takes every COARSE-th corner and skew. */
#define COARSE 5
#define FIT_POINTS_MIN 6
/* Beyond 40 dB of signal-to-noise ratio what limits a point's agreement
 * is the circuit, not the noise. */
#define WEIGHT_CAP 1e4
/* Model against data: within 2 dB and 15 degrees rms (a leg's own
 * response, the input's filters and estimation noise stay well inside
 * that over an octave or more). */
#define FIT_MAG_DB 2.0
#define FIT_PHASE_DEG 15.0
/* What makes it capacitive rather than a flat copy: a rise of at least
 * 6 dB (an octave below the corner) over the band seen, a lead of at
 * least 30 degrees at its bottom, and no gain above the tip's (+1 dB
 * for the inputs' mismatch). */
#define PICKUP_RISE_DB 6.0
#define PICKUP_LEAD_DEG 30.0
#define PICKUP_GAIN_MAX_DB 1.0
/* Robust fit: three rounds of Cauchy reweighting (see agreement()); the
 * points the model describes must keep at least 60 % of the weight
 * between them. */
#define ROBUST_ROUNDS 3
#define ROBUST_SCALE 0.25
#define AGREEING_MIN 0.6

/* The high-pass of unit gain with corner @fc at @hz. */
static double complex high_pass(double fc, double hz)
{
	return I * hz / fc / (1.0 + I * hz / fc);
}

/* The weighted squared error of the points @h (skew taken out) against
 * the best gain times the high-pass at @fc; the gain into @a.  With the
 * gain at its optimum the error is sum w |h|^2 - num^2 / den. */
static double fit_corner(const struct bp_ratio_point *pts, const double complex *h,
			 const double *w, size_t n, double fc, double *a)
{
	double num = 0.0, den = 0.0, hh = 0.0;
	size_t i;

	for (i = 0; i < n; i++) {
		const double complex g = high_pass(fc, pts[i].hz);

		num += w[i] * creal(conj(g) * h[i]);
		den += w[i] * bp_cabs2(g);
		hh += w[i] * bp_cabs2(h[i]);
	}
	*a = num / den;
	return hh - num * num / den;
}

struct fit {
	double a, fc, tau_s, err;
};

/* The best corner and skew for weights @w: the grid, then a parabola
 * through the best corner and its neighbours, in log frequency. */
/* The fit's search: its points, their weights, and the best grid point. */
struct grid {
	const struct bp_ratio_point *pts;
	const double *w;
	size_t n;
	double hh, ratio;
	double complex (*h)[BP_PICKUP_POINTS_MAX];
	int steps, best_c, best_s;
};

/* The best (corner step, skew step) on a grid over corners @c_lo..@c_hi
 * and skews @s_lo..@s_hi, every @c_step and @s_step, into @best. */
static void scan_grid(struct grid *gr, int c_lo, int c_hi, int c_step, int s_lo, int s_hi,
		      int s_step, struct fit *best)
{
	double complex g[BP_PICKUP_POINTS_MAX];
	int c, s;
	size_t i;

	c_lo = c_lo < 0 ? 0 : c_lo;
	c_hi = c_hi > gr->steps ? gr->steps : c_hi;
	s_lo = s_lo < 0 ? 0 : s_lo;
	s_hi = s_hi > SKEW_STEPS - 1 ? SKEW_STEPS - 1 : s_hi;
	for (c = c_lo; c <= c_hi; c += c_step) {
		const double fc = CORNER_LO_HZ * pow(gr->ratio, c);
		double den = 0.0;

		for (i = 0; i < gr->n; i++) {
			g[i] = high_pass(fc, gr->pts[i].hz);
			den += gr->w[i] * bp_cabs2(g[i]);
		}
		for (s = s_lo; s <= s_hi; s += s_step) {
			double num = 0.0, e;

			for (i = 0; i < gr->n; i++)
				num += gr->w[i] * creal(conj(g[i]) * gr->h[s][i]);
			e = gr->hh - num * num / den;
			if (e < best->err && num > 0.0) {
				*best = (struct fit){ .a = num / den, .fc = fc, .err = e,
					.tau_s = (s - SKEW_HALF_STEPS) * SKEW_STEP_US * 1e-6 };
				gr->best_c = c;
				gr->best_s = s;
			}
		}
	}
}

static struct fit fit_model(const struct bp_ratio_point *pts, const double *w, size_t n)
{
	const int steps = (int)(CORNER_STEPS_PER_DECADE * log10(CORNER_HI_HZ / CORNER_LO_HZ));
	const double ratio = pow(10.0, 1.0 / CORNER_STEPS_PER_DECADE);
	struct fit best = { .err = INFINITY };
	double complex h[SKEW_STEPS][BP_PICKUP_POINTS_MAX];
	struct grid gr = { pts, w, n, 0.0, ratio, h, steps, 0, 0 };
	double errs[3];
	int s, c, best_c, best_s;
	size_t i;

	for (i = 0; i < n; i++)
		gr.hh += w[i] * bp_cabs2(pts[i].h);
	for (s = 0; s < SKEW_STEPS; s++)
		for (i = 0; i < n; i++)
			h[s][i] = pts[i].h * cexp(I * 2.0 * M_PI * pts[i].hz *
						  (s - SKEW_HALF_STEPS) * SKEW_STEP_US * 1e-6);
	/* Coarse to fine: the error is smooth in the corner and, over a
	 * coarse step's span, in the skew; a full grid cost more than the
	 * rest of the out probe's analysis. */
	scan_grid(&gr, 0, steps, COARSE, 0, SKEW_STEPS - 1, COARSE, &best);
	scan_grid(&gr, gr.best_c - COARSE, gr.best_c + COARSE, 1,
		  gr.best_s - COARSE, gr.best_s + COARSE, 1, &best);
	best_c = gr.best_c;
	best_s = gr.best_s;
	if (best_c == 0 || best_c == steps)
		return best;
	for (c = -1; c <= 1; c++) {
		double a;

		errs[c + 1] = fit_corner(pts, h[best_s], w, n, best.fc * pow(ratio, c), &a);
	}
	if (errs[0] + errs[2] - 2.0 * errs[1] > 0.0) {
		const double x = 0.5 * (errs[0] - errs[2]) / (errs[0] + errs[2] - 2.0 * errs[1]);
		const double fc = best.fc * pow(ratio, x);
		double a;
		const double e = fit_corner(pts, h[best_s], w, n, fc, &a);

		if (e < best.err && a > 0.0) {
			best.fc = fc;
			best.a = a;
			best.err = e;
		}
	}
	return best;
}

/* Point @p against the fitted model, its skew taken out: h / model. */
static double complex misfit(const struct bp_ratio_point *p, const struct fit *f)
{
	return p->h * cexp(I * 2.0 * M_PI * p->hz * f->tau_s) /
	       (f->a * high_pass(f->fc, p->hz));
}

/* Cauchy weight of point @p against fit @f: a point off by its
 * tolerance counts half.  The tolerance is the model's own (2 dB, 14
 * degrees) or three standard errors of the point, whichever is larger. */
static double agreement(const struct bp_ratio_point *p, double weight, const struct fit *f)
{
	const double complex m = f->a * high_pass(f->fc, p->hz) *
				 cexp(-I * 2.0 * M_PI * p->hz * f->tau_s);
	const double tol2 = bp_cabs2(m) * (ROBUST_SCALE * ROBUST_SCALE + 9.0 / weight);

	return 1.0 / (1.0 + bp_cabs2(p->h - m) / tol2);
}

void bp_pickup_fit(const struct bp_ratio_point *pts, size_t n, struct bp_pickup *out)
{
	double w[BP_PICKUP_POINTS_MAX], rel[BP_PICKUP_POINTS_MAX];
	double mag = 0.0, ph = 0.0, wsum = 0.0, rel_sum = 0.0, hi_gain;
	struct fit f = { 0 };
	size_t i;
	int round;

	memset(out, 0, sizeof(*out));
	out->corner_hz = out->high_gain_db = out->rise_db = out->lead_deg = NAN;
	out->lo_hz = INFINITY;
	n = n < BP_PICKUP_POINTS_MAX ? n : BP_PICKUP_POINTS_MAX;
	for (i = 0; i < n; i++) {
		if (!(pts[i].weight > 0.0) || cabs(pts[i].h) == 0.0 || !(pts[i].hz > 0.0))
			return;
		out->lo_hz = fmin(out->lo_hz, pts[i].hz);
		out->hi_hz = fmax(out->hi_hz, pts[i].hz);
		rel[i] = fmin(pts[i].weight, WEIGHT_CAP);
		rel_sum += rel[i];
		w[i] = rel[i] / bp_cabs2(pts[i].h);
	}
	if (n < FIT_POINTS_MIN)
		return;
	for (round = 0; round <= ROBUST_ROUNDS; round++) {
		f = fit_model(pts, w, n);
		if (!(f.a > 0.0))
			return;
		for (i = 0; i < n && round < ROBUST_ROUNDS; i++)
			w[i] = rel[i] / bp_cabs2(pts[i].h) * agreement(&pts[i], rel[i], &f);
	}
	out->skew_us = f.tau_s * 1e6;
	out->corner_hz = f.fc;
	out->high_gain_db = 20.0 * log10(f.a);
	hi_gain = 20.0 * log10(f.a * cabs(high_pass(f.fc, out->hi_hz)));
	out->rise_db = hi_gain - 20.0 * log10(f.a * cabs(high_pass(f.fc, out->lo_hz)));
	out->lead_deg = carg(high_pass(f.fc, out->lo_hz)) * 180.0 / M_PI;
	/* Errors in dB and degrees weigh by each point's own precision. */
	for (i = 0; i < n; i++) {
		const double complex r = misfit(&pts[i], &f);
		const double k = rel[i] * agreement(&pts[i], rel[i], &f);

		mag += k * pow(20.0 * log10(cabs(r)), 2.0);
		ph += k * pow(carg(r) * 180.0 / M_PI, 2.0);
		wsum += k;
	}
	out->mag_rms_db = sqrt(mag / wsum);
	out->phase_rms_deg = sqrt(ph / wsum);
	out->agreeing = wsum / rel_sum;
	/* The model is highest at the top of the band: a divider of
	 * capacitances gives the ring no more than the tip. */
	out->found = out->agreeing >= AGREEING_MIN &&
		     out->mag_rms_db <= FIT_MAG_DB && out->phase_rms_deg <= FIT_PHASE_DEG &&
		     out->rise_db >= PICKUP_RISE_DB && out->lead_deg >= PICKUP_LEAD_DEG &&
		     hi_gain <= PICKUP_GAIN_MAX_DB;
}

double bp_pickup_confidence(const struct bp_pickup *p)
{
	return clamp01(1.0 - 0.5 * fmax(p->mag_rms_db / FIT_MAG_DB,
					 p->phase_rms_deg / FIT_PHASE_DEG));
}

void bp_pickup_explain(const struct bp_pickup *p, char *buf, size_t size)
{
	char corner[96];

	if (isfinite(p->corner_hz) && p->corner_hz <= p->hi_hz)
		snprintf(corner, sizeof(corner), "a corner at %.0f Hz, %.1f dB below the tip above it",
			 p->corner_hz, -p->high_gain_db);
	else
		snprintf(corner, sizeof(corner), "its corner above %.0f Hz", p->hi_hz);
	snprintf(buf, size, "only the tip is driven; the ring picks it up through the cable's capacitance: its copy rises %.0f dB from %.0f Hz to %.0f Hz and leads by %.0f deg at the bottom, a first-order high-pass with %s (fit within %.1f dB, %.0f deg) — an unbalanced output with an open ring: use a cable that ties the ring to the sleeve (TS), or a DI box for a balanced input",
		 p->rise_db, p->lo_hz, p->hi_hz, p->lead_deg, corner, p->mag_rms_db,
		 p->phase_rms_deg);
}

/* Points of the ring/tip transfer for the pickup fit, a sixth of an
 * octave apart (the model changes by octaves), hum lines left out; also
 * the share of the ring's power that is a linear copy of the tip there
 * (@explained, 0..1). */
static size_t ratio_points(const struct bp_spectra *sp, const struct bp_hum_result *hum,
			   struct bp_ratio_point *pts, size_t max, double *explained)
{
	const double top = fmin(BAND_HIGH_HZ, 0.45 * sp->rate_hz);
	double lo = BAND_LOW_HZ, copied = 0.0, ring = 0.0;
	size_t n = 0;

	for (; lo < top && n < max; lo *= BP_PICKUP_OCTAVE_STEP) {
		const size_t k_hi = (size_t)fmin(floor(lo * BP_PICKUP_OCTAVE_STEP / sp->bin_hz),
						 floor(top / sp->bin_hz));
		double tt = 0.0, rr = 0.0, hz = 0.0, bins = 0.0, coh;
		double complex tr = 0.0;
		size_t k;

		for (k = (size_t)ceil(lo / sp->bin_hz); k <= k_hi && k < sp->nbins; k++) {
			if (bp_hum_covers_bin(hum, sp, k))
				continue;
			tt += sp->tt[k];
			rr += sp->rr[k];
			tr += sp->tr[k];
			hz += (double)k * sp->bin_hz;
			bins++;
		}
		if (!(tt > 0.0) || !(rr > 0.0) || cabs(tr) == 0.0)
			continue;
		coh = fmin(bp_cabs2(tr) / (tt * rr), 1.0 - 1e-12);
		copied += bp_cabs2(tr) / tt;
		ring += rr;
		pts[n++] = (struct bp_ratio_point){ .hz = hz / bins, .h = tr / tt,
			.weight = bins * (double)sp->segments * coh / (1.0 - coh) };
	}
	*explained = ring > 0.0 ? copied / ring : 0.0;
	return n;
}

/* Add group @g (of @bins bins, hz its centre) to the sums that give the
 * skew's standard error: its phase has variance (1 - g^2) / (2 n_d g^2)
 * over n_d independent averages (Bendat & Piersol, ch. 9), n_d the
 * segments times half the bins (the window's noise bandwidth is two).
 * Only groups whose coherence stands clear of what two independent noises
 * reach (g^2 >= 0.5) count: a lone tone among noise says nothing. */
static void phase_weight(const struct bp_spectra *sp, const struct group *g,
			 size_t bins, double *w, double *wf, double *wff)
{
	const double coh = fmin(bp_cabs2(g->tr) / (g->tt * g->rr), 1.0 - 1e-9);
	const double n_d = (double)sp->segments * fmax(1.0, (double)bins / 2.0);
	double x;

	if (coh < RESOLVING_COHERENCE)
		return;
	x = 2.0 * n_d * coh / (1.0 - coh);
	*w += x;
	*wf += x * g->hz;
	*wff += x * g->hz * g->hz;
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
	double pw = 0.0, pwf = 0.0, pwff = 0.0;
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
			phase_weight(sp, &cur, n, &pw, &pwf, &pwff);
			st += cur.tt;
			sr += cur.rr;
			*coh_num += coh;
			*coh_den += w;
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
	/* arg of the squared cross-spectrum advances -4 pi f tau; without a
	 * broadband signal whose pairs agree there is no skew to see. */
	tau = cabs(slope) > 0.5 * slope_weight
		      ? -carg(slope) / (4.0 * M_PI * (double)g * sp->bin_hz) : 0.0;
	fig->skew_us = tau * 1e6;
	/* Weighted least squares of phase on frequency, the intercept (a
	 * polarity flip) free: var(tau) = 1 / ((2 pi)^2 sum w (f - mean f)^2). */
	fig->skew_se_us = pw > 0.0 && pwff - pwf * pwf / pw > 0.0
			  ? 1e6 / (2.0 * M_PI * sqrt(pwff - pwf * pwf / pw)) : INFINITY;

	/* Pass 2: the cross-spectrum with the skew taken out. */
	*aligned = 0.0;
	for (k = k_lo; k <= k_hi; k++)
		if (!bp_hum_covers_bin(hum, sp, k))
			*aligned += sp->tr[k] *
				    cexp(I * 2.0 * M_PI * (double)k * sp->bin_hz * tau);
}

enum bp_ring_relation bp_ring_relation(double ring_db, double sign, bool ring_present)
{
	if (!ring_present || !(ring_db > -BP_SILENT_LEG_DB))
		return BP_RING_SILENT;
	if (ring_db >= BP_SILENT_LEG_DB)
		return BP_RING_LOUDER;
	if (fabs(ring_db) <= BP_EQUAL_LEGS_DB && sign < -BP_CLEAR_SIGN)
		return BP_RING_INVERTED;
	if (fabs(ring_db) <= BP_EQUAL_LEGS_DB && sign > BP_CLEAR_SIGN)
		return BP_RING_IN_PHASE;
	return BP_RING_OTHER;
}

double bp_ring_relation_confidence(enum bp_ring_relation rel, double ring_db, double sign)
{
	if (rel == BP_RING_SILENT)
		return clamp01(0.7 + (-ring_db - BP_SILENT_LEG_DB) / 40.0);
	return clamp01(fabs(sign) * (1.0 - fabs(ring_db) / (2.0 * BP_EQUAL_LEGS_DB)));
}

/* ", skew 20.1 ± 0.3 us", or why there is none. */
static void describe_skew(const struct bp_jack_evidence *ev, char *buf, size_t size)
{
	/* Rounded as printed, so that no "-0.0" appears. */
	const double us = round(ev->skew_us * 10.0) / 10.0 + 0.0;

	if (!(ev->skew_se_us <= SKEW_RESOLVED_US))
		snprintf(buf, size, "; too narrow a signal to resolve a skew");
	else if (ev->skew_se_us < 0.05)
		snprintf(buf, size, ", skew %.1f us to within 0.1 us", us);
	else
		snprintf(buf, size, ", skew %.1f ± %.1f us", us, ev->skew_se_us);
}

void bp_balance_analyse(const struct bp_spectra *sp,
			const struct bp_hum_result *hum,
			struct bp_balance *fig, struct bp_jack_result *out)
{
	struct bp_ratio_point pts[BP_PICKUP_POINTS_MAX];
	struct bp_jack_evidence ev = { .basis = BP_JACK_BY_PROGRAMME };
	double complex aligned;
	double coh_num, coh_den, explained;
	size_t n_pts;

	memset(fig, 0, sizeof(*fig));
	group_spectra(sp, hum, fig, &aligned, &coh_num, &coh_den);
	fig->coherence = coh_den > 0.0 ? clamp01(coh_num / coh_den) : 0.0;
	fig->phase_deg = carg(aligned) * 180.0 / M_PI;
	fig->gain_db = fig->ring_dbfs - fig->tip_dbfs;
	ev.tip_db = fig->tip_dbfs;
	ev.ring_db = fig->ring_dbfs;
	ev.tip_present = fig->tip_dbfs > BP_SIGNAL_FLOOR_DBFS;
	ev.ring_present = fig->ring_dbfs > BP_SIGNAL_FLOOR_DBFS;
	ev.digital_silence = isinf(fig->tip_dbfs) && isinf(fig->ring_dbfs);
	ev.sign = cabs(aligned) > 0.0 ? creal(aligned) / cabs(aligned) : 0.0;
	ev.phase_deg = fig->phase_deg;
	ev.coherence = fig->coherence;
	ev.skew_us = fig->skew_us;
	ev.skew_se_us = fig->skew_se_us;
	/* The ring's power is a copy of the tip (a stereo programme's
	 * channels are less alike) shaped as the cable's capacitance
	 * shapes it. */
	n_pts = ratio_points(sp, hum, pts, BP_PICKUP_POINTS_MAX, &explained);
	bp_pickup_fit(pts, n_pts, &fig->pickup);
	ev.pickup = &fig->pickup;
	ev.ring_pickup = ev.tip_present && explained >= SAME_SIGNAL && fig->pickup.found;
	bp_jack_judge(&ev, out);
}

/* Two inputs' own noise has a coherence near 1/K over K Welch segments;
 * one signal on both legs at an SNR of 0 dB has 0.25, at 10 dB 0.83. */
#define PORT_COHERENCE 0.5
/* Flatness of white noise is exp(psi(K)) / K over K averaged periodograms
 * (tip plus ring doubles them): 0.88 for the 4 of a 1 s take, more for
 * longer ones; pink noise over the band gives 0.4. */
#define WHITE_FLATNESS 0.7

/* Spectral flatness (Wiener entropy: geometric over arithmetic mean) of
 * tip plus ring over 20 Hz .. 20 kHz, hum lines left out: near 1 for
 * white noise averaged over a few Welch segments, 0.4 for pink noise,
 * far less for tones. */
static double flatness(const struct bp_spectra *sp, const struct bp_hum_result *hum)
{
	const size_t lo = (size_t)ceil(20.0 / sp->bin_hz);
	const size_t hi = (size_t)floor(fmin(20000.0, 0.45 * sp->rate_hz) / sp->bin_hz);
	double log_sum = 0.0, sum = 0.0;
	size_t k, n = 0;

	for (k = lo; k <= hi && k < sp->nbins; k++) {
		double p = sp->tt[k] + sp->rr[k];

		if (bp_hum_covers_bin(hum, sp, k) || p <= 0.0)
			continue;
		log_sum += log(p);
		sum += p;
		n++;
	}
	return n > 0 ? exp(log_sum / (double)n) / (sum / (double)n) : 0.0;
}

int bp_balance_port_signal(const double *tip, const double *ring, size_t n, double rate_hz,
			   int mains_hz, struct bp_balance *fig, bool *port_signal)
{
	struct bp_welch *w;
	struct bp_jack_result heard;
	struct bp_hum_result hum;
	bool inputs_noise;
	int err;

	*port_signal = false;
	err = bp_welch_new(&w, rate_hz, bp_welch_nfft_for_rate(rate_hz));
	if (err)
		return err;
	bp_welch_push(w, tip, ring, n);
	bp_hum_analyse(bp_welch_spectra(w), mains_hz, BP_JACK_UNKNOWN, &hum);
	bp_balance_analyse(bp_welch_spectra(w), &hum, fig, &heard);
	inputs_noise = fig->coherence < PORT_COHERENCE && fabs(fig->gain_db) < BP_EQUAL_LEGS_DB &&
		       flatness(bp_welch_spectra(w), &hum) >= WHITE_FLATNESS;
	bp_welch_free(w);
	*port_signal = heard.verdict != BP_JACK_NO_SIGNAL && !inputs_noise;
	return 0;
}

/* Below 120 dB under the tip a stimulus's transfers tell nothing apart:
 * the ring's figure is a bound there, as for an absent ring. */
#define RING_FLOOR_DB 120.0

/* A stimulus relates the legs through itself: the coherence a programme
 * must show for a copy is not asked of it. */
static bool coherent(const struct bp_jack_evidence *ev, double at_least)
{
	return ev->basis == BP_JACK_BY_STIMULUS || ev->coherence >= at_least;
}

/* A figure of an explanation into @buf (BP_FORMAT_LEN bytes): by stimulus
 * as the reports print figures (util/number-format.h), by programme as
 * printf gives it, the sign of a zero kept. */
static const char *figure(const struct bp_jack_evidence *ev, char *buf, double x,
			  int decimals, unsigned flags, const char *unit)
{
	if (ev->basis == BP_JACK_BY_STIMULUS)
		return bp_format_number(buf, BP_FORMAT_LEN, x, decimals, flags, unit, "");
	if (flags & BP_FMT_SIGN)
		snprintf(buf, BP_FORMAT_LEN, "%+.*f%s", decimals, x, unit);
	else
		snprintf(buf, BP_FORMAT_LEN, "%.*f%s", decimals, x, unit);
	return buf;
}

/* Neither leg carries the signal. */
static void judge_no_signal(const struct bp_jack_evidence *ev, struct bp_jack_result *out)
{
	char *e = out->explanation;
	const size_t n = sizeof(out->explanation);
	const bool by_stimulus = ev->basis == BP_JACK_BY_STIMULUS;

	out->verdict = BP_JACK_NO_SIGNAL;
	if (by_stimulus) {
		out->confidence = clamp01(1.0 - fmax(ev->tip_snr_db, ev->ring_snr_db) /
					  BP_IMPULSE_PRESENT_SNR_DB);
		out->confidence = isfinite(out->confidence) ? out->confidence : 1.0;
	} else {
		out->confidence = clamp01((BP_SIGNAL_FLOOR_DBFS -
					   fmax(ev->tip_db, ev->ring_db)) / 10.0);
	}
	if (ev->digital_silence)
		snprintf(e, n, "tip and ring are digital silence: nothing %s",
			 by_stimulus ? "comes back" : "is recorded");
	else if (by_stimulus)
		snprintf(e, n, "the stimulus does not come back on tip or ring (its response stands %.1f dB and %.1f dB above the noise)",
			 ev->tip_snr_db, ev->ring_snr_db);
	else
		snprintf(e, n, "neither tip (%.1f dBFS) nor ring (%.1f dBFS) carries a signal above %.0f dBFS, hum left out",
			 ev->tip_db, ev->ring_db, BP_SIGNAL_FLOOR_DBFS);
}

/* The ring carries the signal, the tip does not: no verdict. */
static void explain_ring_only(const struct bp_jack_evidence *ev, struct bp_jack_result *out)
{
	if (ev->basis == BP_JACK_BY_STIMULUS)
		snprintf(out->explanation, sizeof(out->explanation),
			 "the stimulus comes back on the ring only (%.1f dB): tip open or tip and ring swapped — check the cable",
			 ev->ring_db);
	else
		snprintf(out->explanation, sizeof(out->explanation),
			 "only the ring carries signal (tip %.1f dB below it): tip and ring are swapped or the tip is open — check the cable",
			 ev->ring_db - ev->tip_db);
}

/* Only the tip carries the signal: the ring is silent (or at the noise
 * floor), picks the tip up through the cable, or carries the partner. */
static void judge_tip_only(const struct bp_jack_evidence *ev, enum bp_ring_relation rel,
			   struct bp_jack_result *out)
{
	const double ratio_db = ev->ring_db - ev->tip_db;
	char *e = out->explanation;
	const size_t n = sizeof(out->explanation);

	out->verdict = BP_JACK_UNBALANCED;
	if (ev->partner_ring_present && ev->partner_ring_db > ev->tip_db - BP_SILENT_LEG_DB) {
		out->verdict = BP_JACK_STEREO;
		out->confidence = clamp01((ev->partner_ring_db - ev->ring_db) / 40.0);
		snprintf(e, n, "the tip carries this output and the ring carries its pair partner (%.1f dB): a stereo jack",
			 ev->partner_ring_db - ev->tip_db);
	} else if (ev->ring_pickup) {
		out->confidence = bp_pickup_confidence(ev->pickup);
		out->ring_db = NAN;
		bp_pickup_explain(ev->pickup, e, n);
	} else {
		out->confidence = bp_ring_relation_confidence(rel, ratio_db, ev->sign);
		snprintf(e, n, "only the tip carries the signal; the ring is %s%s%.1f dB below it%s — an unbalanced output, or impedance-balanced (its ring only matches the tip's impedance to ground)",
			 ev->basis == BP_JACK_BY_STIMULUS && !ev->ring_present
				 ? "at the noise floor, " : "",
			 out->ring_db_is_bound ? "more than " : "", -out->ring_db,
			 ev->basis == BP_JACK_BY_PROGRAMME && ev->coherence >= NOISY_SAME_SIGNAL
				 ? " (a crosstalk copy of the tip)" : "");
	}
}

/* Both legs carry the signal at levels within BP_SILENT_LEG_DB: a copy,
 * inverted or in phase, or (by programme) two different signals. */
static void judge_both(const struct bp_jack_evidence *ev, enum bp_ring_relation rel,
		       struct bp_jack_result *out)
{
	const double ratio_db = ev->ring_db - ev->tip_db;
	const bool by_programme = ev->basis == BP_JACK_BY_PROGRAMME;
	char *e = out->explanation, gain[BP_FORMAT_LEN], deg[BP_FORMAT_LEN], more[96] = "";
	const size_t n = sizeof(out->explanation);

	if (rel == BP_RING_INVERTED && coherent(ev, NOISY_SAME_SIGNAL)) {
		out->verdict = BP_JACK_BALANCED;
		out->confidence = bp_ring_relation_confidence(rel, ratio_db, ev->sign);
		if (by_programme) {
			char skew[64];

			out->confidence = ev->coherence * out->confidence;
			describe_skew(ev, skew, sizeof(skew));
			snprintf(more, sizeof(more), ", coherence %.3f%s", ev->coherence, skew);
		}
		snprintf(e, n, "ring carries the tip signal inverted (%s, %s%s)",
			 figure(ev, gain, ratio_db, 2, BP_FMT_SIGN, " dB"),
			 figure(ev, deg, ev->phase_deg, 1, 0, " deg"), more);
	} else if (rel == BP_RING_IN_PHASE && coherent(ev, SAME_SIGNAL)) {
		out->verdict = BP_JACK_DUAL_MONO;
		out->confidence = by_programme
			? clamp01((ev->coherence - SAME_SIGNAL) / (1.0 - SAME_SIGNAL) * ev->sign)
			: bp_ring_relation_confidence(rel, ratio_db, ev->sign);
		if (by_programme)
			snprintf(more, sizeof(more), ", coherence %.3f", ev->coherence);
		snprintf(e, n, "tip and ring carry the same signal in phase (%s, %s%s): dual-mono or parallel, not balanced",
			 figure(ev, gain, ratio_db, 2, BP_FMT_SIGN, " dB"),
			 figure(ev, deg, ev->phase_deg, 1, 0, " deg"), more);
	} else if (coherent(ev, SAME_SIGNAL)) {
		/* What else the basis could have told: by stimulus the partner
		 * tells a stereo jack, by programme the coherence does. */
		snprintf(e, n, "ring carries the tip signal at %s and %s: neither balanced nor %s — one leg may be faulty, or the two inputs' gains differ",
			 figure(ev, gain, ratio_db, 1, BP_FMT_SIGN, " dB"),
			 figure(ev, deg, ev->phase_deg, 0, 0, " deg"),
			 by_programme ? "a stereo pair" : "unbalanced");
	} else {
		out->verdict = BP_JACK_STEREO;
		out->confidence = clamp01(1.0 - ev->coherence / SAME_SIGNAL);
		snprintf(e, n, "tip and ring carry different signals (coherence %.2f, ring %+.1f dB): a stereo output (tip left, ring right)",
			 ev->coherence, ratio_db);
	}
}

void bp_jack_judge(const struct bp_jack_evidence *ev, struct bp_jack_result *out)
{
	const double ratio_db = ev->ring_db - ev->tip_db;
	const enum bp_ring_relation rel = bp_ring_relation(ratio_db, ev->sign, ev->ring_present);

	out->verdict = BP_JACK_UNKNOWN;
	out->confidence = NAN;
	if (ev->basis == BP_JACK_BY_STIMULUS) {
		out->ring_db = fmax(ratio_db, -RING_FLOOR_DB);
		out->ring_db_is_bound = !ev->ring_present || ratio_db < -RING_FLOOR_DB;
	} else {
		out->ring_db = ratio_db;
		out->ring_db_is_bound = false;
	}
	if (!ev->tip_present && !ev->ring_present)
		judge_no_signal(ev, out);
	else if (!ev->tip_present)
		explain_ring_only(ev, out);
	else if (rel == BP_RING_SILENT || ev->ring_pickup)
		judge_tip_only(ev, rel, out);
	/* A programme's ring that far above its tip is a tip that is open:
	 * a stimulus that comes back on the tip at all is not. */
	else if (rel == BP_RING_LOUDER && ev->basis == BP_JACK_BY_PROGRAMME)
		explain_ring_only(ev, out);
	else
		judge_both(ev, rel, out);
}

void bp_jack_note_input_match(struct bp_jack_result *jack, double input_match_db)
{
	const size_t used = strlen(jack->explanation), n = sizeof(jack->explanation) - used;
	char *e = jack->explanation + used;
	const bool both_legs = jack->verdict == BP_JACK_BALANCED ||
			       jack->verdict == BP_JACK_DUAL_MONO ||
			       (jack->verdict == BP_JACK_UNKNOWN && isfinite(jack->ring_db) &&
				fabs(jack->ring_db) < BP_EQUAL_LEGS_DB);

	if (!both_legs)
		return;
	if (isfinite(input_match_db))
		snprintf(e, n, "; the ring's input, %.2f dB %s the tip's (interface profile), is taken out",
			 fabs(input_match_db), input_match_db >= 0.0 ? "above" : "below");
	else if (fabs(jack->ring_db) >= BP_LEG_MISMATCH_NOTE_DB)
		snprintf(e, n, "; the legs differ by %.2f dB: the port's legs, or the interface's two input gains set differently — set both gains to minimum, or measure them ('balprobe loop --save-profile' with a splitter) so the profile corrects it",
			 fabs(jack->ring_db));
}
