#include "config.h"

#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dsp.h"
#include "hum.h"

/* Hann's main lobe spans +-2 bins; one more catches a line between bins. */
#define LOBE_BINS 3
/* The floor is estimated from bins this far from the peak ... */
#define FLOOR_GAP_BINS 5
/* ... out to this many Hz either side. */
#define FLOOR_SPAN_HZ 25.0
#define FLOOR_MIN_BINS 8
/* Mains frequency tolerance when looking for a harmonic (1 %). */
#define MAINS_TOLERANCE 0.01
#define FALSE_ALARM 1e-7
/* A part of a line counts when it carries at least a tenth of its power. */
#define PART_RATIO 0.1
/* The programme is taken to be coherent between legs above this. */
#define COHERENT 0.5

struct line_stats {
	double hz;
	double ltt, lrr;          /* line power per leg, floor removed */
	double complex ltr;       /* line cross power, floor removed */
	double complex k;         /* programme ring/tip ratio around the line */
	bool programme_coherent;
	double strength;          /* line power on the louder leg */
};

/* Upper tail of a Gamma(K, 1/K) variable (the Welch average of K
 * periodograms of Gaussian noise, relative to its mean) above @tau:
 * e^-x sum_{j<K} x^j / j!, x = K tau. */
static double gamma_tail(int segments, double tau)
{
	double x = segments * tau, term = 1.0, sum = 1.0;
	int j;

	for (j = 1; j < segments; j++) {
		term *= x / j;
		sum += term;
	}
	return exp(-x + log(sum));
}

/* The ratio to the floor mean that a noise bin exceeds with probability
 * FALSE_ALARM, widened for the uncertainty of a floor estimated from
 * @floor_bins bins. */
static double detection_threshold(long segments, int floor_bins)
{
	/* Overlapping Hann segments are not quite independent. */
	int k = (int)floor(0.9 * (double)segments);
	double lo = 1.0, hi = 1000.0;
	int i;

	if (k < 1)
		k = 1;
	for (i = 0; i < 60; i++) {
		double mid = 0.5 * (lo + hi);

		if (gamma_tail(k, mid) > FALSE_ALARM)
			lo = mid;
		else
			hi = mid;
	}
	return hi * (1.0 + 3.0 / sqrt((double)k * floor_bins));
}

struct floor_est {
	double tt, rr;
	double complex tr;
	int bins;
};

static void estimate_floor(const struct bp_spectra *sp, size_t peak,
			   size_t span, struct floor_est *f)
{
	size_t k;

	memset(f, 0, sizeof(*f));
	for (k = peak > span ? peak - span : 1; k <= peak + span && k < sp->nbins; k++) {
		size_t d = k > peak ? k - peak : peak - k;

		if (d < FLOOR_GAP_BINS)
			continue;
		f->tt += sp->tt[k];
		f->rr += sp->rr[k];
		f->tr += sp->tr[k];
		f->bins++;
	}
	if (f->bins) {
		f->tt /= f->bins;
		f->rr /= f->bins;
		f->tr /= f->bins;
	}
}

/* The programme-cancelling combination R - kT, as a density at bin j. */
static double null_density(const struct bp_spectra *sp, size_t j,
			   double complex k)
{
	return sp->rr[j] - 2.0 * creal(conj(k) * sp->tr[j]) +
	       creal(k * conj(k)) * sp->tt[j];
}

/* Look for a line near @hz; fill @ls and return true if one is there. */
static bool find_line(const struct bp_spectra *sp, double hz,
		      struct line_stats *ls)
{
	size_t centre = (size_t)lround(hz / sp->bin_hz);
	size_t search = (size_t)ceil(MAINS_TOLERANCE * hz / sp->bin_hz);
	size_t span = (size_t)ceil(FLOOR_SPAN_HZ / sp->bin_hz);
	size_t peak = centre, j;
	double best = -1.0, threshold, sum_w = 0.0, sum_wf = 0.0;
	double floor_null = 0.0, peak_tt = 0.0, peak_rr = 0.0, peak_null = 0.0;
	struct floor_est f;

	if (search < 1)
		search = 1;
	if (span < FLOOR_MIN_BINS)
		span = FLOOR_MIN_BINS;
	if (centre < search + span || centre + search + span >= sp->nbins)
		return false;
	for (j = centre - search; j <= centre + search; j++)
		if (sp->tt[j] + sp->rr[j] > best) {
			best = sp->tt[j] + sp->rr[j];
			peak = j;
		}
	estimate_floor(sp, peak, span, &f);
	if (f.bins == 0 || f.tt <= 0.0 || f.rr <= 0.0)
		return false;

	ls->k = f.tr / f.tt;
	ls->programme_coherent =
		creal(f.tr * conj(f.tr)) / (f.tt * f.rr) > COHERENT;
	if (ls->programme_coherent)
		floor_null = f.rr - creal(f.tr * conj(f.tr)) / f.tt;

	ls->ltt = ls->lrr = 0.0;
	ls->ltr = 0.0;
	for (j = peak - LOBE_BINS; j <= peak + LOBE_BINS; j++) {
		double excess = sp->tt[j] - f.tt + sp->rr[j] - f.rr;

		ls->ltt += sp->tt[j] - f.tt;
		ls->lrr += sp->rr[j] - f.rr;
		ls->ltr += sp->tr[j] - f.tr;
		if (sp->tt[j] > peak_tt)
			peak_tt = sp->tt[j];
		if (sp->rr[j] > peak_rr)
			peak_rr = sp->rr[j];
		if (ls->programme_coherent && null_density(sp, j, ls->k) > peak_null)
			peak_null = null_density(sp, j, ls->k);
		if (excess > 0.0) {
			sum_w += excess;
			sum_wf += excess * (double)j;
		}
	}
	threshold = detection_threshold(sp->segments, f.bins);
	if (!(peak_tt > threshold * f.tt || peak_rr > threshold * f.rr ||
	      (ls->programme_coherent && floor_null > 0.0 &&
	       peak_null > threshold * floor_null)))
		return false;

	ls->ltt = fmax(ls->ltt * sp->bin_hz, 0.0);
	ls->lrr = fmax(ls->lrr * sp->bin_hz, 0.0);
	ls->ltr *= sp->bin_hz;
	/* A rank-one line cannot have more cross power than its legs allow. */
	if (cabs(ls->ltr) > sqrt(ls->ltt * ls->lrr) && cabs(ls->ltr) > 0.0)
		ls->ltr *= sqrt(ls->ltt * ls->lrr) / cabs(ls->ltr);
	ls->strength = fmax(ls->ltt, ls->lrr);
	if (ls->strength <= 0.0 || sum_w <= 0.0)
		return false;
	ls->hz = sum_wf / sum_w * sp->bin_hz;
	return true;
}

/* The line as tip and ring phasors (arbitrary common phase). */
static void line_phasors(const struct line_stats *ls, double complex *t,
			 double complex *r)
{
	if (ls->ltt >= ls->lrr) {
		double a = sqrt(ls->ltt);

		*t = a;
		*r = a > 0.0 ? ls->ltr / a : 0.0;
	} else {
		double a = sqrt(ls->lrr);

		*r = a;
		*t = conj(ls->ltr) / a;
	}
}

/* Split the phasors (t, r) = a (1, 1) + b u, with u the signal path's
 * direction (1, k) -- or (0, 1) when k is infinite -- into the powers
 * the ground-loop part (@ground) and the source part (@source) put on the
 * legs. */
static void split(double complex t, double complex r, double complex k,
		  bool k_infinite, double *ground, double *source)
{
	double complex a, b;
	double u2;

	if (k_infinite) {
		a = t;
		b = r - t;
		u2 = 1.0;
	} else {
		a = (k * t - r) / (k - 1.0);
		b = (r - t) / (k - 1.0);
		u2 = 1.0 + creal(k * conj(k));
	}
	*ground = 2.0 * creal(a * conj(a));
	*source = creal(b * conj(b)) * u2;
}

/* Decompose one line.  With a coherent programme whose path is not itself
 * in phase on both legs, the path is known; otherwise the simplest of the
 * output stages (balanced, tip only, ring only) explains it.  Returns
 * false when the line cannot be told from the programme's own path. */
static bool decompose(const struct line_stats *ls, double *ground,
		      double *source)
{
	static const double complex paths[] = { -1.0, 0.0 };
	double complex t, r;
	double best = INFINITY, g, s;
	size_t i;

	*ground = *source = 0.0;
	line_phasors(ls, &t, &r);
	if (ls->programme_coherent) {
		if (cabs(ls->k - 1.0) > 0.5) {
			split(t, r, ls->k, false, ground, source);
			return true;
		}
	}
	for (i = 0; i <= 2; i++) {
		double mix;

		if (i < 2)
			split(t, r, paths[i], false, &g, &s);
		else
			split(t, r, 0.0, true, &g, &s);
		mix = fmin(g, s) / fmax(g + s, 1e-300);
		if (mix < best) {
			best = mix;
			*ground = g;
			*source = s;
		}
	}
	return !ls->programme_coherent;
}

/* A line's level; below -200 dBFS (no sample format resolves it) there is
 * nothing to report. */
static double tone_dbfs(double power)
{
	return power > 5e-21 ? bp_dbfs_from_power(power) : NAN;
}

static void describe(struct bp_hum_result *out, double ground, double source,
		     const struct bp_hum_line *loudest)
{
	char *e = out->explanation;
	size_t n = sizeof(out->explanation);

	switch (out->mode) {
	case BP_HUM_MODE_COMMON:
		snprintf(e, n, "hum at %.0f Hz mains is equal and in phase on tip and ring (common mode, %.1f dBFS at %.1f Hz): it rides on the ground between this device and the interface — a ground loop",
			 out->mains_hz, loudest->dbfs, loudest->hz);
		break;
	case BP_HUM_MODE_DIFFERENTIAL:
		snprintf(e, n, "hum at %.0f Hz mains follows the signal path (%.1f dBFS at %.1f Hz%s): the source itself hums, so a ground lift will not help",
			 out->mains_hz, loudest->dbfs, loudest->hz,
			 fabs(loudest->hz - 2.0 * out->mains_hz) < 3.0
				 ? ", twice mains: power-supply ripple" : "");
		break;
	case BP_HUM_MODE_MIXED:
		snprintf(e, n, "hum at %.0f Hz mains has a ground-loop part (common mode, %.1f dB of the hum power) and a part in the source's own signal (%.1f dB)",
			 out->mains_hz, 10.0 * log10(ground / (ground + source)),
			 10.0 * log10(source / (ground + source)));
		break;
	case BP_HUM_MODE_NONE:
		break;
	}
	if (out->ground_loop == BP_UNDECIDED && out->mode != BP_HUM_MODE_NONE) {
		size_t used = strlen(e);

		snprintf(e + used, n - used, "; the programme is itself in phase on both legs, so a ground loop cannot be told from the source's hum");
	}
}

/* Lines of one mains family; returns their total strength, the powers of
 * lines that only that family explains. */
static int scan_family(const struct bp_spectra *sp, int mains_hz,
		       struct line_stats *lines, double *score)
{
	int h, n = 0;

	*score = 0.0;
	for (h = 1; h <= BP_HUM_HARMONICS; h++) {
		double hz = (double)(h * mains_hz);

		if (!find_line(sp, hz, &lines[n]))
			continue;
		/* 300 Hz is a harmonic of both 50 and 60 Hz: it decides nothing. */
		if ((h * mains_hz) % 300 != 0)
			*score += lines[n].strength;
		n++;
	}
	return n;
}

void bp_hum_analyse(const struct bp_spectra *sp, int mains_hz,
		    struct bp_hum_result *out)
{
	struct line_stats l50[BP_HUM_HARMONICS], l60[BP_HUM_HARMONICS];
	struct line_stats *lines;
	double s50 = 0.0, s60 = 0.0, ground = 0.0, source = 0.0, loudest = -1.0;
	int n50 = 0, n60 = 0, n, i, best = 0;
	bool separable = true;

	memset(out, 0, sizeof(*out));
	out->mains_hz = NAN;
	out->fundamental_dbfs = NAN;
	out->mode = BP_HUM_MODE_NONE;
	out->ground_loop = BP_UNDECIDED;
	if (sp->segments == 0)
		return;
	if (mains_hz != 60)
		n50 = scan_family(sp, 50, l50, &s50);
	if (mains_hz != 50)
		n60 = scan_family(sp, 60, l60, &s60);
	if (s50 <= 0.0 && s60 <= 0.0 && mains_hz == 0) {
		snprintf(out->explanation, sizeof(out->explanation),
			 "no mains hum (50 or 60 Hz and harmonics) above the noise floor");
		return;
	}
	if (mains_hz == 50 || (mains_hz == 0 && s50 >= s60)) {
		lines = l50;
		n = n50;
		out->mains_hz = 50;
	} else {
		lines = l60;
		n = n60;
		out->mains_hz = 60;
	}
	if (n == 0) {
		snprintf(out->explanation, sizeof(out->explanation),
			 "no %.0f Hz mains hum above the noise floor", out->mains_hz);
		return;
	}

	out->present = true;
	for (i = 0; i < n && i < BP_HUM_LINES_MAX; i++) {
		struct bp_hum_line *line = &out->lines[i];
		double complex t, r;
		double g, s;

		line_phasors(&lines[i], &t, &r);
		line->hz = lines[i].hz;
		line->dbfs = tone_dbfs(lines[i].strength);
		line->common_db = tone_dbfs(creal((t + r) * conj(t + r)) / 4.0);
		line->diff_db = tone_dbfs(creal((t - r) * conj(t - r)) / 4.0);
		if (fabs(line->hz - out->mains_hz) < 3.0)
			out->fundamental_dbfs = line->dbfs;
		if (!decompose(&lines[i], &g, &s))
			separable = false;
		ground += g;
		source += s;
		if (lines[i].strength > loudest) {
			loudest = lines[i].strength;
			best = i;
		}
	}
	out->n_lines = i;
	if (source < PART_RATIO * ground)
		out->mode = BP_HUM_MODE_COMMON;
	else if (ground < PART_RATIO * source)
		out->mode = BP_HUM_MODE_DIFFERENTIAL;
	else
		out->mode = BP_HUM_MODE_MIXED;
	if (!separable && out->mode != BP_HUM_MODE_DIFFERENTIAL)
		out->ground_loop = BP_UNDECIDED;
	else
		out->ground_loop = out->mode == BP_HUM_MODE_DIFFERENTIAL ? BP_NO : BP_YES;
	describe(out, ground, source, &out->lines[best]);
}

bool bp_hum_covers_bin(const struct bp_hum_result *hum,
		       const struct bp_spectra *sp, size_t k)
{
	double f = (double)k * sp->bin_hz;
	int i;

	for (i = 0; i < hum->n_lines; i++)
		if (fabs(f - hum->lines[i].hz) <= (LOBE_BINS + 0.5) * sp->bin_hz)
			return true;
	return false;
}
