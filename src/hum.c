#include "config.h"

#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dsp.h"
#include "hum.h"

/* The Blackman-Harris main lobe spans +-4 bins; one more catches a line
 * between bins. */
#define LOBE_BINS 5
/* The floor is estimated from bins this far from the peak ... */
#define FLOOR_GAP_BINS 8
/* ... out to this many Hz either side. */
#define FLOOR_SPAN_HZ 25.0
#define FLOOR_MIN_BINS 14
/* Fewest floor bins below a line near DC (the threshold allows for how
 * few bins the floor was averaged over). */
#define FLOOR_SIDE_MIN 3
#define FLOOR_BELOW_MIN (LOBE_BINS + FLOOR_GAP_BINS + FLOOR_SIDE_MIN)
/* Mains frequency tolerance when looking for a harmonic: grids hold
 * +-0.2 %, generators about +-0.5 %. */
#define MAINS_TOLERANCE 0.006
/* Below this no converter resolves anything (24-bit dither is about
 * -146 dBFS over the whole band): a "line" there is arithmetic. */
#define LINE_MIN_DBFS (-140.0)
#define FALSE_ALARM 1e-7
/* Hum this much stronger on one leg than the other is on that leg alone. */
#define ONE_LEG_DB 10.0
/* A part of a line counts when it carries at least a tenth of its power. */
#define PART_RATIO 0.1
/* A programme "has a direction" around a line when one combination of
 * the legs carries ten times the power of the other (10 dB). */
#define DIRECTED 10.0
/* Below this the ground-loop direction (1, 1) is too close to the
 * programme's for the two to be told apart. */
#define SEPARABLE 0.1

/* A 2x2 Hermitian cross-spectral matrix [[tt, tr], [conj(tr), rr]]. */
struct cross {
	double tt, rr;
	double complex tr;        /* E[conj(T) R] */
};

/* Power of the leg combination a T + b R under @c. */
static double combined(const struct cross *c, double complex a, double complex b)
{
	return bp_cabs2(a) * c->tt + bp_cabs2(b) * c->rr +
	       2.0 * creal(conj(a) * b * c->tr);
}

struct line_stats {
	double hz;
	struct cross line;        /* the line alone: lobe minus floor, FS^2 */
	double strength;          /* line power on the louder leg */
	/* With a programme that has a direction u = (ut, ur): */
	bool directed;
	bool inseparable;         /* the programme is in phase on both legs */
	double complex ut, ur;
	double ground_power;      /* the (1, 1) part, per leg; 0 if not seen */
	double source_power;      /* the part along u; 0 if not seen */
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
	/* Overlapping segments are not quite independent. */
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

static void bin_cross(const struct bp_spectra *sp, size_t k, struct cross *c)
{
	c->tt = sp->tt[k];
	c->rr = sp->rr[k];
	c->tr = sp->tr[k];
}

/* Mean cross-spectral matrix of the bins FLOOR_GAP_BINS..@span on one
 * side of @peak (@side -1 or +1); @span >= FLOOR_GAP_BINS. */
static int floor_side(const struct bp_spectra *sp, size_t peak, size_t span,
		      int side, struct cross *f)
{
	size_t d;
	int n = 0;

	memset(f, 0, sizeof(*f));
	for (d = FLOOR_GAP_BINS; d <= span; d++) {
		size_t k = side < 0 ? peak - d : peak + d;

		f->tt += sp->tt[k];
		f->rr += sp->rr[k];
		f->tr += sp->tr[k];
		n++;
	}
	f->tt /= n;
	f->rr /= n;
	f->tr /= n;
	return n;
}

/* The floor around @peak: the geometric mean of the two sides' powers.
 * It is the floor at the line on a spectrum sloping in dB (around 50 Hz
 * the floor bins span 1.5 octaves, and a programme's low end may rise
 * 12 dB an octave), and a neighbouring line or band edge on one side
 * raises it by only half its height in dB.  Returns the number of bins. */
static int estimate_floor(const struct bp_spectra *sp, size_t peak,
			  size_t span_below, size_t span_above, struct cross *f)
{
	struct cross left, right;
	int n = floor_side(sp, peak, span_below, -1, &left);
	double pl, pr, g;

	n += floor_side(sp, peak, span_above, +1, &right);
	pl = left.tt + left.rr;
	pr = right.tt + right.rr;
	/* The arithmetic mean of the matrices, scaled down to the
	 * geometric mean of the sides' powers. */
	g = pl + pr > 0.0 ? 2.0 * sqrt(pl * pr) / (pl + pr) : 0.0;
	f->tt = 0.5 * (left.tt + right.tt) * g;
	f->rr = 0.5 * (left.rr + right.rr) * g;
	f->tr = 0.5 * (left.tr + right.tr) * g;
	return n;
}

/* The principal direction u of @c (unit vector) and its two eigenvalues. */
static void principal(const struct cross *c, double complex *ut,
		      double complex *ur, double *l1, double *l2)
{
	double half = 0.5 * (c->tt - c->rr);
	double root = sqrt(half * half + bp_cabs2(c->tr));
	double norm;

	*l1 = 0.5 * (c->tt + c->rr) + root;
	*l2 = 0.5 * (c->tt + c->rr) - root;
	if (cabs(c->tr) == 0.0) {
		*ut = c->tt >= c->rr ? 1.0 : 0.0;
		*ur = c->tt >= c->rr ? 0.0 : 1.0;
		return;
	}
	/* (S - l1) v = 0 with S = [[tt, tr], [conj tr, rr]] */
	*ut = c->tr;
	*ur = *l1 - c->tt;
	norm = sqrt(bp_cabs2(*ut) + bp_cabs2(*ur));
	*ut /= norm;
	*ur /= norm;
}

/* A combination's floor is never taken below this fraction of the legs'
 * (-100 dB): a synthetic file whose legs cancel exactly has a floor of
 * rounding noise, against which anything would stand out. */
#define FLOOR_MIN_RATIO 1e-10

/* Is there a line in combination (a, b) within @search bins of @centre?
 * It must be a local maximum there (not the skirt of a neighbouring
 * line) standing above the detection threshold.  Returns its power -- the
 * lobe minus the floor, walking out from the peak only while the
 * spectrum keeps falling, so a neighbour's lobe is left out -- or 0, and
 * its frequency (power-weighted centroid) in @hz. */
static double detect(const struct bp_spectra *sp, size_t centre, size_t search,
		     const struct cross *floor, double threshold,
		     double complex a, double complex b, double *hz)
{
	double floor_p = fmax(combined(floor, a, b),
			      FLOOR_MIN_RATIO * (floor->tt + floor->rr));
	double p[2 * LOBE_BINS + 1], top = -1.0, sum, sum_f;
	size_t peak = centre, j, lo, hi;
	struct cross c;

	for (j = centre - search; j <= centre + search; j++) {
		bin_cross(sp, j, &c);
		if (combined(&c, a, b) > top) {
			top = combined(&c, a, b);
			peak = j;
		}
	}
	for (j = 0; j <= 2 * LOBE_BINS; j++) {
		bin_cross(sp, peak - LOBE_BINS + j, &c);
		p[j] = combined(&c, a, b);
	}
	if (p[LOBE_BINS - 1] > top || p[LOBE_BINS + 1] > top ||
	    !(top > threshold * floor_p))
		return 0.0;
	for (lo = LOBE_BINS; lo > 0 && p[lo - 1] <= p[lo]; lo--)
		;
	for (hi = LOBE_BINS; hi < 2 * LOBE_BINS && p[hi + 1] <= p[hi]; hi++)
		;
	sum = sum_f = 0.0;
	for (j = lo; j <= hi; j++) {
		sum += p[j] - floor_p;
		if (p[j] > floor_p)
			sum_f += (p[j] - floor_p) * (double)(peak - LOBE_BINS + j);
	}
	if (!(sum > 0.0))
		return 0.0;
	*hz = sum_f / sum * sp->bin_hz;
	return sum * sp->bin_hz;
}

double bp_hum_lowest_hz(const struct bp_spectra *sp)
{
	/* The search reaches 1 bin either side at these frequencies. */
	return (double)(1 + FLOOR_BELOW_MIN) * sp->bin_hz;
}

/* Look for a line near @hz; fill @ls and return true if one is there. */
static bool find_line(const struct bp_spectra *sp, double hz,
		      struct line_stats *ls)
{
	const double r2 = sqrt(0.5);
	size_t centre = (size_t)lround(hz / sp->bin_hz);
	size_t search = (size_t)ceil(MAINS_TOLERANCE * hz / sp->bin_hz);
	size_t span = (size_t)ceil(FLOOR_SPAN_HZ / sp->bin_hz), span_below;
	size_t peak = centre, j, lo, hi;
	double best = -1.0, threshold, l1, l2;
	double on_tip, on_ring, cancel_gain, follow_gain, hz_tip = 0.0, hz_ring = 0.0;
	double hz_ground = 0.0, hz_source = 0.0;
	double complex ca, cb;
	struct cross f;
	int floor_bins;

	memset(ls, 0, sizeof(*ls));
	if (search < 1)
		search = 1;
	if (span < FLOOR_MIN_BINS)
		span = FLOOR_MIN_BINS;
	/* Below the line the floor may reach down to LOBE_BINS above DC
	 * (short silences give coarse bins: at 2.9 Hz, 50 Hz is bin 17),
	 * provided FLOOR_SIDE_MIN bins remain there. */
	if (centre < search + FLOOR_BELOW_MIN ||
	    centre + search + span + LOBE_BINS >= sp->nbins)
		return false;
	span_below = centre - search - LOBE_BINS;
	if (span_below > span)
		span_below = span;
	for (j = centre - search; j <= centre + search; j++)
		if (sp->tt[j] + sp->rr[j] > best) {
			best = sp->tt[j] + sp->rr[j];
			peak = j;
		}
	floor_bins = estimate_floor(sp, peak, span_below, span, &f);
	if (!(f.tt > 0.0 && f.rr > 0.0))
		return false;
	threshold = detection_threshold(sp->segments, floor_bins);

	on_tip = detect(sp, centre, search, &f, threshold, 1.0, 0.0, &hz_tip);
	on_ring = detect(sp, centre, search, &f, threshold, 0.0, 1.0, &hz_ring);
	principal(&f, &ls->ut, &ls->ur, &l1, &l2);
	ls->directed = l1 > DIRECTED * fmax(l2, 0.0);
	if (ls->directed) {
		/* (ur*, -ut*) cancels the programme, and with it any hum that
		 * follows the signal path: what is left rides on the ground
		 * reference, (1, 1), with gain |ur - ut|^2.  (1, -1)/sqrt 2
		 * cancels the ground loop and keeps the source's own hum,
		 * with gain |ut - ur|^2 / 2. */
		ca = conj(ls->ur);
		cb = -conj(ls->ut);
		cancel_gain = bp_cabs2(ls->ur - ls->ut);
		follow_gain = cancel_gain / 2.0;
		if (cancel_gain > SEPARABLE) {
			ls->ground_power = detect(sp, centre, search, &f, threshold,
						  ca, cb, &hz_ground) / cancel_gain;
			ls->source_power = detect(sp, centre, search, &f, threshold,
						  r2, -r2, &hz_source) / follow_gain;
		} else {
			ls->directed = false;
			ls->inseparable = true;
		}
	}
	if (on_tip == 0.0 && on_ring == 0.0 && ls->ground_power == 0.0 &&
	    ls->source_power == 0.0)
		return false;

	/* The legs' view of the line: its lobe while it keeps falling. */
	for (lo = peak; lo > peak - LOBE_BINS &&
	     sp->tt[lo - 1] + sp->rr[lo - 1] <= sp->tt[lo] + sp->rr[lo]; lo--)
		;
	for (hi = peak; hi < peak + LOBE_BINS &&
	     sp->tt[hi + 1] + sp->rr[hi + 1] <= sp->tt[hi] + sp->rr[hi]; hi++)
		;
	for (j = lo; j <= hi; j++) {
		ls->line.tt += sp->tt[j] - f.tt;
		ls->line.rr += sp->rr[j] - f.rr;
		ls->line.tr += sp->tr[j] - f.tr;
	}
	ls->line.tt = fmax(ls->line.tt * sp->bin_hz, 0.0);
	ls->line.rr = fmax(ls->line.rr * sp->bin_hz, 0.0);
	ls->line.tr *= sp->bin_hz;
	/* A rank-one line cannot have more cross power than its legs allow. */
	if (cabs(ls->line.tr) > sqrt(ls->line.tt * ls->line.rr) && cabs(ls->line.tr) > 0.0)
		ls->line.tr *= sqrt(ls->line.tt * ls->line.rr) / cabs(ls->line.tr);
	/* Under a programme the legs' excess is mostly programme: the
	 * combinations that cancel it measure the line. */
	if (ls->directed)
		ls->strength = ls->ground_power + ls->source_power;
	else
		ls->strength = fmax(ls->line.tt, ls->line.rr);
	/* The frequency as the strongest clean view of the line sees it; a
	 * mains harmonic sits at h x mains, within the grid's tolerance. */
	if (ls->directed)
		ls->hz = ls->ground_power >= ls->source_power ? hz_ground : hz_source;
	else
		ls->hz = on_tip >= on_ring ? hz_tip : hz_ring;
	return ls->strength > 0.0 &&
	       bp_dbfs_from_power(ls->strength) >= LINE_MIN_DBFS &&
	       fabs(ls->hz - hz) <= MAINS_TOLERANCE * hz + 0.5 * sp->bin_hz;
}

/* The line as tip and ring phasors (arbitrary common phase). */
static void line_phasors(const struct line_stats *ls, double complex *t,
			 double complex *r)
{
	const struct cross *c = &ls->line;

	if (c->tt >= c->rr) {
		double a = sqrt(c->tt);

		*t = a;
		*r = a > 0.0 ? c->tr / a : 0.0;
	} else {
		double a = sqrt(c->rr);

		*r = a;
		*t = conj(c->tr) / a;
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
		u2 = 1.0 + bp_cabs2(k);
	}
	*ground = 2.0 * bp_cabs2(a);
	*source = bp_cabs2(b) * u2;
}

/* Decompose one line into its ground-loop and source parts (powers on
 * the legs).  Under a programme with a direction the two were measured
 * apart (find_line); otherwise the simplest of the output stages
 * (balanced, tip only, ring only) explains the line.  Returns false when
 * the line cannot be told from a programme that is itself in phase on
 * both legs. */
static bool decompose(const struct line_stats *ls, double *ground,
		      double *source)
{
	static const double complex paths[] = { -1.0, 0.0 };
	double complex t, r;
	double best = INFINITY, g, s;
	size_t i;

	*ground = *source = 0.0;
	if (ls->directed) {
		*ground = 2.0 * ls->ground_power;
		*source = ls->source_power;
		return true;
	}
	line_phasors(ls, &t, &r);
	for (i = 0; i < 3; i++) {
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
	return !ls->inseparable;
}

/* The line's level on the louder leg and in the common-mode (tip + ring)/2
 * and differential (tip - ring)/2 signals, as mean squares. */
static void line_powers(const struct line_stats *ls, double *leg,
			double *common, double *diff)
{
	double complex t, r;

	if (ls->directed) {
		/* Ground part a (1, 1) and source part b u, phases unknown:
		 * add their powers. */
		double a2 = ls->ground_power, b2 = ls->source_power;
		double complex sum = ls->ut + ls->ur, dif = ls->ut - ls->ur;

		*leg = a2 + b2 * fmax(bp_cabs2(ls->ut),
				      bp_cabs2(ls->ur));
		*common = a2 + b2 * bp_cabs2(sum) / 4.0;
		*diff = b2 * bp_cabs2(dif) / 4.0;
		return;
	}
	line_phasors(ls, &t, &r);
	*leg = ls->strength;
	*common = bp_cabs2(t + r) / 4.0;
	*diff = bp_cabs2(t - r) / 4.0;
}

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
	double tip_power = 0.0, ring_power = 0.0;
	bool legs_known = true;
	int n50 = 0, n60 = 0, n, i, best = 0;
	bool separable = true;

	memset(out, 0, sizeof(*out));
	out->mains_hz = NAN;
	out->fundamental_dbfs = NAN;
	out->tip_dbfs = out->ring_dbfs = NAN;
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
		double g, s, leg, common, diff;

		/* Under a programme the legs' own views of a line are
		 * swamped by it: each leg's hum is known only in silence. */
		if (lines[i].directed)
			legs_known = false;
		tip_power += lines[i].line.tt;
		ring_power += lines[i].line.rr;

		line_powers(&lines[i], &leg, &common, &diff);
		line->hz = lines[i].hz;
		line->dbfs = tone_dbfs(leg);
		line->common_db = tone_dbfs(common);
		line->diff_db = tone_dbfs(diff);
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
	if (legs_known) {
		out->tip_dbfs = bp_dbfs_from_power(tip_power);
		out->ring_dbfs = bp_dbfs_from_power(ring_power);
	}
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

/* The loudest of @hum's lines. */
static const struct bp_hum_line *loudest_line(const struct bp_hum_result *hum)
{
	const struct bp_hum_line *best = &hum->lines[0];
	int i;

	for (i = 1; i < hum->n_lines; i++)
		if (hum->lines[i].dbfs > best->dbfs)
			best = &hum->lines[i];
	return best;
}

void bp_hum_for_unbalanced(struct bp_hum_result *hum)
{
	const struct bp_hum_line *loudest;
	const double ring_re_tip = hum->ring_dbfs - hum->tip_dbfs;

	if (!hum->present || hum->n_lines == 0)
		return;
	loudest = loudest_line(hum);
	if (ring_re_tip >= ONE_LEG_DB) {
		hum->mode = BP_HUM_MODE_DIFFERENTIAL;
		hum->ground_loop = BP_NO;
		hum->open_ring_pickup = true;
		snprintf(hum->explanation, sizeof(hum->explanation),
			 "hum at %.0f Hz mains is on the ring only (%.1f dBFS at %.1f Hz), which this unbalanced output leaves open: the ring picks it up by itself — not a ground loop, not the source; a TS cable, or a TRS cable whose ring is tied to the sleeve, keeps it out of a balanced input",
			 hum->mains_hz, loudest->dbfs, loudest->hz);
	} else if (hum->mode == BP_HUM_MODE_COMMON && isnan(ring_re_tip)) {
		/* A ring on the sleeve carries a ground loop as the tip does;
		 * most unbalanced outputs are wired so, and the verdict
		 * stands, but say what the programme hides. */
		size_t used = strlen(hum->explanation);

		snprintf(hum->explanation + used, sizeof(hum->explanation) - used,
			 " (the programme hides the tip's own hum: if this output leaves its ring open, this is the ring's own pickup instead — `balprobe hum` with the source silent tells)");
	} else if (hum->mode == BP_HUM_MODE_DIFFERENTIAL &&
		   fabs(loudest->hz - 2.0 * hum->mains_hz) >= 3.0) {
		hum->mode = BP_HUM_MODE_DIFFERENTIAL;
		hum->ground_loop = BP_UNDECIDED;
		snprintf(hum->explanation, sizeof(hum->explanation),
			 "hum at %.0f Hz mains is on the tip only (%.1f dBFS at %.1f Hz): the source's own hum, or a ground loop if the output leaves its ring unconnected (a grounded ring would carry the loop too) — a ground lift tells them apart: hum that goes with it was a loop",
			 hum->mains_hz, loudest->dbfs, loudest->hz);
	}
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
