#include "config.h"

#include <complex.h>
#include <math.h>
#include <string.h>

#include "dsp/dsp.h"
#include "analyse/hum-line.h"

/* The Blackman-Harris main lobe spans +-4 bins; one more catches a line
 * between bins. */
#define LOBE_BINS 5
/* The floor is estimated from bins this far from the peak ... */
#define FLOOR_GAP_BINS 8
/* ... out to this many Hz either side. */
#define FLOOR_SPAN_HZ 25.0
#define FLOOR_MIN_BINS 14
/* At most this many floor bins a side (25 Hz is 17 bins at the Welch
 * resolution), and the outlier rule for them. */
#define FLOOR_SIDE_MAX 160
#define OUTLIER 3.0
/* Fewest floor bins below a line near DC (the threshold allows for how
 * few bins the floor was averaged over). */
#define FLOOR_SIDE_MIN 3
#define FLOOR_BELOW_MIN (LOBE_BINS + FLOOR_GAP_BINS + FLOOR_SIDE_MIN)
/* Below this no converter resolves anything (24-bit dither is about
 * -146 dBFS over the whole band): a "line" there is arithmetic. */
#define LINE_MIN_DBFS (-140.0)
/* False-alarm probability per line, shared among the views tested. */
#define FALSE_ALARM 1e-7
#define VIEWS 4
/* A programme "has a direction" around a line when one combination of
 * the legs carries ten times the power of the other (10 dB). */
#define DIRECTED 10.0
/* Below this the ground-loop direction (1, 1) is too close to the
 * programme's for the two to be told apart. */
#define SEPARABLE 0.1
/* A combination's floor is never taken below this fraction of the legs'
 * (-100 dB): a synthetic file whose legs cancel exactly has a floor of
 * rounding noise, against which anything would stand out. */
#define FLOOR_MIN_RATIO 1e-10
/* Blackman-Harris (4 term): equivalent noise bandwidth in bins, and the
 * power a line loses half-way between two bins (0.83 dB). */
#define ENBW_BINS 2.004
#define SCALLOP 0.826
/* A pure tone's lobe, summed over its bins, is 2.00 times its peak bin
 * when it sits on a bin and 2.42 times half-way between two; supply
 * ripple that the load modulates spreads a little wider (2.7), a voice's
 * gliding harmonic far wider (5 to 6). */
#define LOBE_SUM_MAX 3.0
/* Bins either side of a line's peak that its steadiness is judged by:
 * 95 % of the lobe's power, wherever the line falls between bins. */
#define STEADY_LOBE 2

/* Power of the leg combination a T + b R under @c. */
static double combined(const struct bp_cross *c, double complex a, double complex b)
{
	return bp_cabs2(a) * c->tt + bp_cabs2(b) * c->rr +
	       2.0 * creal(conj(a) * b * c->tr);
}

static void bin_cross(const struct bp_spectra *sp, size_t k, struct bp_cross *c)
{
	c->tt = sp->tt[k];
	c->rr = sp->rr[k];
	c->tr = sp->tr[k];
}

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

/* Overlapping segments are not quite independent. */
static int independent_segments(long segments)
{
	int k = (int)floor(0.9 * (double)segments);

	return k < 1 ? 1 : k;
}

/* The ratio to the floor mean that a noise bin exceeds with probability
 * FALSE_ALARM / VIEWS, widened for the uncertainty of a floor estimated
 * from @floor_bins bins. */
static double detection_threshold(long segments, int floor_bins)
{
	int k = independent_segments(segments);
	double lo = 1.0, hi = 1000.0;
	int i;

	for (i = 0; i < 60; i++) {
		double mid = 0.5 * (lo + hi);

		if (gamma_tail(k, mid) > FALSE_ALARM / VIEWS)
			lo = mid;
		else
			hi = mid;
	}
	return hi * (1.0 + 3.0 / sqrt((double)k * floor_bins));
}

/* The same for the real part of the cross-spectrum, in standard
 * deviations: about normal for many segments (5.3 sigma is 1e-7/4 one
 * sided), heavier-tailed for few. */
static double cross_threshold_sigmas(long segments, int floor_bins)
{
	int k = independent_segments(segments);

	return (5.3 + 10.0 / k) * (1.0 + 3.0 / sqrt((double)k * floor_bins));
}

/* Mean cross-spectral matrix of the bins FLOOR_GAP_BINS..@span on one
 * side of @peak (@side -1 or +1); @span >= FLOOR_GAP_BINS.  Bins over
 * OUTLIER times the side's median power are left out: the notes of a
 * tonal programme would raise the floor and hide the line, while a
 * Welch bin of noise alone rarely stands that high (for K = 8 segments,
 * 3 in 1000). */
static int floor_side(const struct bp_spectra *sp, size_t peak, size_t span,
		      int side, struct bp_cross *f)
{
	double p[FLOOR_SIDE_MAX], median;
	size_t d, m = 0;
	int n = 0;

	memset(f, 0, sizeof(*f));
	for (d = FLOOR_GAP_BINS; d <= span && m < FLOOR_SIDE_MAX; d++) {
		size_t k = side < 0 ? peak - d : peak + d;

		p[m++] = sp->tt[k] + sp->rr[k];
	}
	median = bp_select_kth(p, m, m / 2);
	for (d = FLOOR_GAP_BINS; d < FLOOR_GAP_BINS + m; d++) {
		size_t k = side < 0 ? peak - d : peak + d;

		if (sp->tt[k] + sp->rr[k] > OUTLIER * median)
			continue;
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
			  size_t span_below, size_t span_above, struct bp_cross *f)
{
	struct bp_cross left, right;
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
static void principal(const struct bp_cross *c, double complex *ut,
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

/* Where to look for a line near @hz, and the floor around it. */
struct neighbourhood {
	size_t centre, search, peak;
	size_t span_below, span_above;  /* of the floor, bins */
	struct bp_cross floor;
	int floor_bins;
	double threshold;         /* auto-spectral views, ratio to floor */
	double cross_sigmas;      /* the cross view, in standard deviations */
	double complex ut, ur;    /* the programme's direction */
	double l1, l2;            /* and its eigenvalues */
};

static bool survey(const struct bp_spectra *sp, double hz, double tolerance,
		   struct neighbourhood *nb)
{
	size_t span = (size_t)ceil(FLOOR_SPAN_HZ / sp->bin_hz), span_below, j;
	double best = -1.0;

	nb->centre = (size_t)lround(hz / sp->bin_hz);
	nb->search = (size_t)ceil(tolerance * hz / sp->bin_hz);
	if (nb->search < 1)
		nb->search = 1;
	if (span < FLOOR_MIN_BINS)
		span = FLOOR_MIN_BINS;
	/* Below the line the floor may reach down to LOBE_BINS above DC
	 * (short silences give coarse bins: at 2.9 Hz, 50 Hz is bin 17),
	 * provided FLOOR_SIDE_MIN bins remain there. */
	if (sp->segments == 0 || nb->centre < nb->search + FLOOR_BELOW_MIN ||
	    nb->centre + nb->search + span + LOBE_BINS >= sp->nbins)
		return false;
	span_below = nb->centre - nb->search - LOBE_BINS;
	if (span_below > span)
		span_below = span;
	nb->peak = nb->centre;
	for (j = nb->centre - nb->search; j <= nb->centre + nb->search; j++)
		if (sp->tt[j] + sp->rr[j] > best) {
			best = sp->tt[j] + sp->rr[j];
			nb->peak = j;
		}
	nb->span_below = span_below;
	nb->span_above = span;
	nb->floor_bins = estimate_floor(sp, nb->peak, span_below, span, &nb->floor);
	if (!(nb->floor.tt > 0.0 && nb->floor.rr > 0.0))
		return false;
	nb->threshold = detection_threshold(sp->segments, nb->floor_bins);
	nb->cross_sigmas = cross_threshold_sigmas(sp->segments, nb->floor_bins);
	principal(&nb->floor, &nb->ut, &nb->ur, &nb->l1, &nb->l2);
	return true;
}

/* A view of the legs: the combination a T + b R, or (cross) the real
 * part of the cross-spectrum, and what a line seen there measures. */
enum view_role { ROLE_TIP, ROLE_RING, ROLE_GROUND, ROLE_SOURCE, ROLE_COMMON, ROLE_CROSS };

struct view {
	double complex a, b;
	bool cross;
	enum view_role role;
	double gain;              /* for ROLE_GROUND and ROLE_SOURCE */
};

/* The views in which bp_hum_line_find() looks for a line under the
 * floor of @nb; returns how many (at most VIEWS). */
static int views_for(const struct neighbourhood *nb, struct view *v)
{
	const double r2 = sqrt(0.5);
	const double cancel_gain = bp_cabs2(nb->ur - nb->ut);

	v[0] = (struct view){ 1.0, 0.0, false, ROLE_TIP, 1.0 };
	v[1] = (struct view){ 0.0, 1.0, false, ROLE_RING, 1.0 };
	if (nb->l1 > DIRECTED * fmax(nb->l2, 0.0)) {
		if (cancel_gain <= SEPARABLE)
			return 2;
		/* (ur*, -ut*) cancels the programme, and with it any hum that
		 * follows the signal path: what is left rides on the ground
		 * reference, (1, 1), with gain |ur - ut|^2.  (1, -1)/sqrt 2
		 * cancels the ground loop and keeps the source's own hum,
		 * with gain |ut - ur|^2 / 2. */
		v[2] = (struct view){ conj(nb->ur), -conj(nb->ut), false, ROLE_GROUND,
				      cancel_gain };
		v[3] = (struct view){ r2, -r2, false, ROLE_SOURCE, cancel_gain / 2.0 };
		return 4;
	}
	/* No one direction: independent programmes (a stereo pair) or the
	 * interface's own noise.  Hum in phase on both legs adds up in their
	 * sum and stays in their cross-spectrum, from which independent
	 * programmes average out. */
	v[2] = (struct view){ r2, r2, false, ROLE_COMMON, 1.0 };
	v[3] = (struct view){ 0.0, 0.0, true, ROLE_CROSS, 1.0 };
	return 4;
}

/* The view's power at bin @k, and its floor. */
static double view_at(const struct bp_spectra *sp, const struct view *v, size_t k)
{
	struct bp_cross c;

	bin_cross(sp, k, &c);
	return v->cross ? creal(c.tr) : combined(&c, v->a, v->b);
}

static double view_floor(const struct neighbourhood *nb, const struct view *v)
{
	const struct bp_cross *f = &nb->floor;

	if (v->cross)
		return creal(f->tr);
	return fmax(combined(f, v->a, v->b), FLOOR_MIN_RATIO * (f->tt + f->rr));
}

/* The excess a line must show in @v: a multiple of the floor for an
 * auto-spectral view, of the estimate's standard deviation for the
 * cross view (Bendat & Piersol: var Re S_tr = (S_tt S_rr + Re S_tr^2) / 2K). */
/* The standard deviation of one bin of the view where only the floor
 * is. */
static double view_sigma(const struct bp_spectra *sp, const struct neighbourhood *nb,
			 const struct view *v)
{
	const struct bp_cross *f = &nb->floor;
	const int k = independent_segments(sp->segments);

	if (v->cross)
		return sqrt(fmax((f->tt * f->rr + creal(f->tr * f->tr)) / (2.0 * k), 0.0));
	return view_floor(nb, v) / sqrt((double)k);
}

static double view_excess_needed(const struct bp_spectra *sp,
				 const struct neighbourhood *nb, const struct view *v)
{
	if (v->cross)
		return nb->cross_sigmas * view_sigma(sp, nb, v);
	return (nb->threshold - 1.0) * view_floor(nb, v);
}

struct detection {
	size_t peak;              /* the line's peak bin */
	double power;             /* lobe minus floor, FS^2; 0: no line */
	double hz, hz_sigma;
	double significance;      /* peak excess over the excess needed */
};

/* The line's frequency from the peak bin and its neighbours: Gaussian
 * interpolation of the excess (the Blackman-Harris lobe is close to a
 * Gaussian), its uncertainty from the excess-to-floor ratio over K
 * segments, plus 0.02 bin for the interpolation's own bias. */
static void interpolate(const struct bp_spectra *sp, const double *excess,
			size_t peak, double floor_p, struct detection *d)
{
	double lm = excess[LOBE_BINS - 1], l0 = excess[LOBE_BINS],
	       lp = excess[LOBE_BINS + 1], delta = 0.0;

	if (lm > 0.0 && lp > 0.0 && l0 > 0.0) {
		double den = log(lm) - 2.0 * log(l0) + log(lp);

		if (den < 0.0)
			delta = 0.5 * (log(lm) - log(lp)) / den;
	}
	if (fabs(delta) > 0.5)
		delta = copysign(0.5, delta);
	d->hz = ((double)peak + delta) * sp->bin_hz;
	d->hz_sigma = sp->bin_hz *
		      (0.02 + 0.66 * sqrt(fabs(floor_p) / (l0 * independent_segments(sp->segments))));
}

/* Is there a line in view @v within the search range?  It must be a
 * local maximum there (not the skirt of a neighbouring line) standing
 * above the threshold.  Its power is the lobe minus the floor, walking
 * out from the peak only while the spectrum keeps falling, so a
 * neighbour's lobe is left out. */
static void detect(const struct bp_spectra *sp, const struct neighbourhood *nb,
		   const struct view *v, struct detection *d)
{
	const double floor_p = view_floor(nb, v);
	const double needed = view_excess_needed(sp, nb, v);
	double p[2 * LOBE_BINS + 1], top = -INFINITY, sum = 0.0;
	size_t peak = nb->centre, j, lo, hi;

	memset(d, 0, sizeof(*d));
	for (j = nb->centre - nb->search; j <= nb->centre + nb->search; j++)
		if (view_at(sp, v, j) > top) {
			top = view_at(sp, v, j);
			peak = j;
		}
	for (j = 0; j <= 2 * LOBE_BINS; j++)
		p[j] = view_at(sp, v, peak - LOBE_BINS + j) - floor_p;
	if (p[LOBE_BINS - 1] > p[LOBE_BINS] || p[LOBE_BINS + 1] > p[LOBE_BINS] ||
	    !(needed > 0.0) || !(p[LOBE_BINS] > needed))
		return;
	for (lo = LOBE_BINS; lo > 0 && p[lo - 1] <= p[lo]; lo--)
		;
	for (hi = LOBE_BINS; hi < 2 * LOBE_BINS && p[hi + 1] <= p[hi]; hi++)
		;
	for (j = lo; j <= hi; j++)
		sum += p[j];
	/* Mains hum is a pure tone, as narrow as the window lets it be; a
	 * voice's harmonic, whose pitch glides, is a wider hump. */
	if (!(sum > 0.0) ||
	    sum > p[LOBE_BINS] * LOBE_SUM_MAX +
		  3.0 * sqrt((double)(hi - lo + 1)) * view_sigma(sp, nb, v))
		return;
	d->peak = peak;
	d->power = sum * sp->bin_hz;
	d->significance = p[LOBE_BINS] / needed;
	interpolate(sp, p, peak, floor_p, d);
}

double bp_hum_line_lowest_hz(const struct bp_spectra *sp)
{
	/* The search reaches 1 bin either side at these frequencies. */
	return (double)(1 + FLOOR_BELOW_MIN) * sp->bin_hz;
}

double bp_hum_line_lobe_hz(const struct bp_spectra *sp)
{
	return (LOBE_BINS + 0.5) * sp->bin_hz;
}

/* The line's matrix on the legs: its lobe, while it keeps falling, minus
 * the floor. */
static void measure_lobe(const struct bp_spectra *sp, const struct neighbourhood *nb,
			 struct bp_cross *line)
{
	const size_t peak = nb->peak;
	const struct bp_cross *f = &nb->floor;
	size_t lo, hi, j;

	memset(line, 0, sizeof(*line));
	for (lo = peak; lo > peak - LOBE_BINS &&
	     sp->tt[lo - 1] + sp->rr[lo - 1] <= sp->tt[lo] + sp->rr[lo]; lo--)
		;
	for (hi = peak; hi < peak + LOBE_BINS &&
	     sp->tt[hi + 1] + sp->rr[hi + 1] <= sp->tt[hi] + sp->rr[hi]; hi++)
		;
	for (j = lo; j <= hi; j++) {
		line->tt += sp->tt[j] - f->tt;
		line->rr += sp->rr[j] - f->rr;
		line->tr += sp->tr[j] - f->tr;
	}
	line->tt = fmax(line->tt * sp->bin_hz, 0.0);
	line->rr = fmax(line->rr * sp->bin_hz, 0.0);
	line->tr *= sp->bin_hz;
	/* A rank-one line cannot have more cross power than its legs allow. */
	if (cabs(line->tr) > sqrt(line->tt * line->rr) && cabs(line->tr) > 0.0)
		line->tr *= sqrt(line->tt * line->rr) / cabs(line->tr);
}

/* The line's power in view @v over the bins STEADY_LOBE either side of
 * @peak, less the floor of @sp around it, and that figure's standard
 * deviation in @sigma. */
static double lobe_excess(const struct bp_spectra *sp, const struct neighbourhood *nb,
			  const struct view *v, size_t peak, double *sigma)
{
	struct neighbourhood local = *nb;
	double sum = 0.0;
	size_t j;

	estimate_floor(sp, peak, nb->span_below, nb->span_above, &local.floor);
	for (j = peak - STEADY_LOBE; j <= peak + STEADY_LOBE; j++)
		sum += view_at(sp, v, j) - view_floor(&local, v);
	*sigma = view_sigma(sp, &local, v) * sqrt(2.0 * STEADY_LOBE + 1.0) * sp->bin_hz;
	return sum * sp->bin_hz;
}

/* Does the line come and go?  Mains hum stands for the whole recording;
 * a note of the programme does not.  In each time block the line's
 * excess is measured against that block's own floor: a block where it
 * stands clearly under a quarter of its mean (three standard deviations
 * of that block's estimate) lacks it.  A quarter of the blocks lacking
 * it, two at least, make it the programme's. */
static bool comes_and_goes(const struct bp_spectra *sp, const struct neighbourhood *nb,
			   const struct view *v, size_t peak)
{
	double sigma, mean = lobe_excess(sp, nb, v, peak, &sigma);
	int b, lacking = 0;

	if (sp->n_blocks < 4 || !(mean > 0.0))
		return false;
	for (b = 0; b < sp->n_blocks; b++) {
		const struct bp_spectra *blk = &sp->block[b];
		double e;

		if (peak + nb->span_above + LOBE_BINS >= blk->nbins)
			return false;
		e = lobe_excess(blk, nb, v, peak, &sigma);
		if (e + 3.0 * sigma < 0.25 * mean)
			lacking++;
	}
	return lacking >= 2 && 4 * lacking >= sp->n_blocks;
}

bool bp_hum_line_find(const struct bp_spectra *sp, double hz, double tolerance,
		      struct bp_hum_line_fit *fit)
{
	int best_view = -1;
	struct detection seen[VIEWS], best = { 0 };
	struct view views[VIEWS];
	struct neighbourhood nb;
	int n, i;

	memset(fit, 0, sizeof(*fit));
	if (!survey(sp, hz, tolerance, &nb))
		return false;
	n = views_for(&nb, views);
	fit->ut = nb.ut;
	fit->ur = nb.ur;
	fit->directed = views[n - 1].role == ROLE_SOURCE;
	fit->inseparable = n == 2;
	for (i = 0; i < n; i++) {
		detect(sp, &nb, &views[i], &seen[i]);
		if (seen[i].power > 0.0 && seen[i].significance > best.significance) {
			best = seen[i];
			best_view = i;
		}
		if (views[i].role == ROLE_GROUND)
			fit->ground_power = seen[i].power / views[i].gain;
		else if (views[i].role == ROLE_SOURCE)
			fit->source_power = seen[i].power / views[i].gain;
		else if (views[i].role == ROLE_CROSS && seen[i].power > 0.0 &&
			 seen[0].power == 0.0 && seen[1].power == 0.0) {
			/* In phase on both legs, each leg's own view swamped. */
			fit->cross_only = true;
			fit->ground_power = seen[i].power;
		}
	}
	if (!(best.power > 0.0) || comes_and_goes(sp, &nb, &views[best_view], best.peak))
		return false;

	measure_lobe(sp, &nb, &fit->line);
	/* Under a programme the legs' excess is mostly programme: the views
	 * that cancel it measure the line. */
	if (fit->directed || fit->cross_only)
		fit->strength = fit->ground_power + fit->source_power;
	else
		fit->strength = fmax(fit->line.tt, fit->line.rr);
	fit->hz = best.hz;
	fit->hz_sigma = best.hz_sigma;
	fit->significance = best.significance;
	/* The interpolated frequency, not the bin, must lie within the
	 * tolerance: G1 (49.0 Hz) is no 50 Hz line. */
	return fit->strength > 0.0 &&
	       bp_dbfs_from_power(fit->strength) >= LINE_MIN_DBFS &&
	       fabs(fit->hz - hz) <= tolerance * hz + 2.0 * fit->hz_sigma;
}

/* The weakest line of per-leg power L on the legs' phasors (dt, dr) that
 * view @v would see: L |a dt + b dr|^2 must stand the needed excess above
 * the floor in the line's peak bin, where a line half-way between two
 * bins puts SCALLOP / (ENBW_BINS bin_hz) of its power per Hz. */
static double view_bound(const struct bp_spectra *sp, const struct neighbourhood *nb,
			 const struct view *v, double complex dt, double complex dr)
{
	double gain = v->cross ? creal(conj(dt) * dr) : bp_cabs2(v->a * dt + v->b * dr);
	double needed = view_excess_needed(sp, nb, v);

	if (!(gain > 1e-6) || !(needed > 0.0))
		return INFINITY;
	return needed * ENBW_BINS * sp->bin_hz / (SCALLOP * gain);
}

double bp_hum_line_bound(const struct bp_spectra *sp, double hz)
{
	struct view views[VIEWS];
	struct neighbourhood nb;
	double ground = INFINITY, source = INFINITY, norm;
	double complex ut, ur;
	int n, i;

	if (!survey(sp, hz, 0.0, &nb))
		return NAN;
	n = views_for(&nb, views);
	/* The source's hum follows the programme; with no one direction,
	 * take it on the louder leg. */
	if (nb.l1 > DIRECTED * fmax(nb.l2, 0.0)) {
		ut = nb.ut;
		ur = nb.ur;
	} else {
		ut = nb.floor.tt >= nb.floor.rr ? 1.0 : 0.0;
		ur = nb.floor.tt >= nb.floor.rr ? 0.0 : 1.0;
	}
	norm = sqrt(fmax(bp_cabs2(ut), bp_cabs2(ur)));
	for (i = 0; i < n; i++) {
		ground = fmin(ground, view_bound(sp, &nb, &views[i], 1.0, 1.0));
		source = fmin(source, view_bound(sp, &nb, &views[i], ut / norm, ur / norm));
	}
	return fmax(ground, source);
}
