#include "config.h"

#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dsp/dsp.h"
#include "analyse/hum-line.h"
#include "analyse/hum-family.h"

/* Where to look for a harmonic: grids hold +-0.2 %, generators about
 * +-0.5 %. */
#define MAINS_TOLERANCE 0.006
/* Mains wanders during a take; a harmonic's line is as wide as h times
 * that wander, and so is the scatter of its measured frequency. */
#define WANDER 0.0003
/* Members of one family sit within this many standard uncertainties of
 * h f0. */
#define MEMBER_SIGMAS 3.0
/* Hum this much stronger on one leg than the other is on that leg alone. */
#define ONE_LEG_DB 10.0
/* A part of a line counts when it carries at least a tenth of its power. */
#define PART_RATIO 0.1
/* Programme that could hide a line this far under its own level, or
 * weaker than this, leaves no hum worth reporting unseen. */
#define HIDDEN_BELOW_PROGRAMME_DB 30.0
#define HIDDEN_ABSOLUTE_DBFS (-100.0)

/* The lines of one mains frequency, the candidates a family was built from. */
struct family {
	int mains_hz;
	int n;                                  /* members */
	int harmonic[BP_HUM_HARMONICS];
	/* Each member's ground-loop and source parts (keep_anchored_parts). */
	double ground[BP_HUM_HARMONICS], source[BP_HUM_HARMONICS];
	bool separable;                         /* every member's parts */
	struct bp_hum_line_fit fit[BP_HUM_HARMONICS];
	int strays;                             /* lines near a harmonic that
						 * do not belong */
	double stray_hz, stray_power;           /* the strongest of them */
	double f0;                              /* measured mains frequency */
	double score;                           /* power only it explains */
};

/* A line near a harmonic that is not the family's. */
static void add_stray(struct family *fam, const struct bp_hum_line_fit *c)
{
	if (c->strength > fam->stray_power) {
		fam->stray_hz = c->hz;
		fam->stray_power = c->strength;
	}
	fam->strays++;
}

/* Is the candidate at harmonic @h consistent with the family's f0, given
 * both uncertainties and the wander of mains? */
static bool consistent(const struct family *fam, double f0_sigma, int h,
		       const struct bp_hum_line_fit *c)
{
	double sigma = hypot(c->hz_sigma, h * f0_sigma);

	return fabs(c->hz - h * fam->f0) <= MEMBER_SIGMAS * sigma + WANDER * h * fam->f0;
}

/* Build the family of @mains_hz: lines at integer multiples of one mains
 * frequency, with the pattern hum has -- a ground loop's fundamental
 * (and odd harmonics) or a rectifier's ripple at twice mains (and its
 * multiples).  Without either anchor, lines near harmonics are programme
 * (a sustained F4 at 349.2 Hz is 0.2 % from 7 x 50 Hz).  The anchor
 * sets f0; the others join, strongest first, only where they sit at
 * h f0, refining it. */
static void build_family(const struct bp_spectra *sp, int mains_hz, struct family *fam)
{
	struct bp_hum_line_fit cand[BP_HUM_HARMONICS];
	bool found[BP_HUM_HARMONICS], used[BP_HUM_HARMONICS] = { false };
	double wsum = 0.0, f0_sigma;
	int h, anchor = -1, i;

	memset(fam, 0, sizeof(*fam));
	fam->mains_hz = mains_hz;
	for (h = 1; h <= BP_HUM_HARMONICS; h++)
		found[h - 1] = bp_hum_line_find(sp, (double)(h * mains_hz),
						MAINS_TOLERANCE, &cand[h - 1]);
	if (found[0])
		anchor = 0;
	else if (found[1])
		anchor = 1;
	while (anchor >= 0) {
		const struct bp_hum_line_fit *c = &cand[anchor];
		double w = pow((anchor + 1) / c->hz_sigma, 2.0);

		fam->harmonic[fam->n] = anchor + 1;
		fam->fit[fam->n++] = *c;
		used[anchor] = true;
		fam->f0 = (fam->f0 * wsum + c->hz / (anchor + 1) * w) / (wsum + w);
		wsum += w;
		/* The next: the strongest line left that fits. */
		anchor = -1;
		f0_sigma = 1.0 / sqrt(wsum);
		for (i = 0; i < BP_HUM_HARMONICS; i++)
			if (found[i] && !used[i] && consistent(fam, f0_sigma, i + 1, &cand[i]) &&
			    (anchor < 0 || cand[i].strength > cand[anchor].strength))
				anchor = i;
	}
	for (i = 0; i < BP_HUM_HARMONICS; i++)
		if (found[i] && !used[i])
			add_stray(fam, &cand[i]);
}

/* The line as tip and ring phasors (arbitrary common phase). */
static void line_phasors(const struct bp_hum_line_fit *ls, double complex *t,
			 double complex *r)
{
	const struct bp_cross *c = &ls->line;

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
 * the legs).  A jack of known kind gives the signal path: balanced
 * (1, -1), unbalanced (1, 0).  Under a programme with one direction the
 * two parts were measured apart.  Otherwise the simplest of the output
 * stages (balanced, tip only, ring only) explains the line.  Returns
 * false when the signal path itself lies along (1, 1) -- a dual-mono
 * port, or a programme in phase on both legs of a port of unknown
 * kind -- so a ground loop cannot be told from the source's hum. */
static bool decompose(const struct bp_hum_line_fit *ls, enum bp_jack_verdict jack,
		      double *ground, double *source)
{
	static const double complex paths[] = { -1.0, 0.0 };
	double complex t, r;
	double best = INFINITY, g, s;
	size_t i;

	*ground = *source = 0.0;
	if (ls->cross_only) {
		*ground = 2.0 * ls->ground_power;
		return true;
	}
	if (ls->directed) {
		*ground = 2.0 * ls->ground_power;
		*source = ls->source_power;
		return jack != BP_JACK_DUAL_MONO;
	}
	line_phasors(ls, &t, &r);
	if (jack == BP_JACK_BALANCED || jack == BP_JACK_UNBALANCED) {
		split(t, r, jack == BP_JACK_BALANCED ? -1.0 : 0.0, false, ground, source);
		return true;
	}
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
	return jack != BP_JACK_DUAL_MONO && !ls->inseparable;
}

/* Each part of hum has its own pattern: a ground loop's lines stand
 * with its fundamental, a source's with its fundamental or ripple.  A
 * line carried mostly by a part that has no anchor line of its own (a
 * voice's harmonic at 7 x 50 Hz in the signal path over a ground loop's
 * 50 Hz family) is the programme's.  Leaves the rest, and their score
 * (300 Hz, a harmonic of both 50 and 60 Hz, decides nothing). */
static void keep_anchored_parts(struct family *fam, enum bp_jack_verdict jack)
{
	double *g = fam->ground, *s = fam->source;
	bool anchored[2] = { false, false }, separable[BP_HUM_HARMONICS];
	int i, kept = 0;

	for (i = 0; i < fam->n; i++) {
		separable[i] = decompose(&fam->fit[i], jack, &g[i], &s[i]);
		if (fam->harmonic[i] > 2)
			continue;
		anchored[0] |= g[i] >= PART_RATIO * (g[i] + s[i]);
		anchored[1] |= s[i] >= PART_RATIO * (g[i] + s[i]);
	}
	fam->score = 0.0;
	fam->separable = true;
	for (i = 0; i < fam->n; i++) {
		if (!anchored[s[i] > g[i]]) {
			add_stray(fam, &fam->fit[i]);
			continue;
		}
		fam->separable &= separable[i];
		fam->harmonic[kept] = fam->harmonic[i];
		g[kept] = g[i];
		s[kept] = s[i];
		fam->fit[kept++] = fam->fit[i];
		if ((fam->harmonic[i] * fam->mains_hz) % 300 != 0)
			fam->score += fam->fit[i].strength;
	}
	fam->n = kept;
}

/* The line's level on the louder leg and in the common-mode (tip + ring)/2
 * and differential (tip - ring)/2 signals, as mean squares. */
static void line_powers(const struct bp_hum_line_fit *ls, double *leg,
			double *common, double *diff)
{
	double complex t, r;

	if (ls->cross_only) {
		*leg = *common = ls->ground_power;
		*diff = 0.0;
		return;
	}
	if (ls->directed) {
		/* Ground part a (1, 1) and source part b u, phases unknown:
		 * add their powers. */
		double a2 = ls->ground_power, b2 = ls->source_power;
		double complex sum = ls->ut + ls->ur, dif = ls->ut - ls->ur;

		*leg = a2 + b2 * fmax(bp_cabs2(ls->ut), bp_cabs2(ls->ur));
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

/* The louder leg's mean square over the whole band. */
static double programme_power(const struct bp_spectra *sp)
{
	double tt = 0.0, rr = 0.0;
	size_t k;

	for (k = 1; k < sp->nbins; k++) {
		tt += sp->tt[k];
		rr += sp->rr[k];
	}
	return fmax(tt, rr) * sp->bin_hz;
}

/* The strongest line that could hide at a family's anchors (the
 * fundamental and twice mains), dBFS on the louder leg. */
static double hidden_bound_dbfs(const struct bp_spectra *sp, int mains_hz)
{
	static const int families[] = { 50, 60 };
	double worst = -INFINITY;
	size_t i;
	int h;

	for (i = 0; i < 2; i++) {
		if (mains_hz && mains_hz != families[i])
			continue;
		for (h = 1; h <= 2; h++) {
			double b = bp_hum_line_bound(sp, (double)(h * families[i]));

			if (isfinite(b))
				worst = fmax(worst, bp_dbfs_from_power(b));
		}
	}
	return isfinite(worst) ? worst : NAN;
}

/* No family: say whether hum of a strength worth reporting is ruled out,
 * or could hide under the programme. */
static void no_family(const struct bp_spectra *sp, int mains_hz,
		      const struct family *fam50, const struct family *fam60,
		      struct bp_hum_result *out)
{
	char *e = out->explanation;
	const size_t n = sizeof(out->explanation);
	const double level = bp_dbfs_from_power(programme_power(sp));
	const struct family *stray = fam50->strays ? fam50 : fam60->strays ? fam60 : NULL;
	size_t used;

	out->bound_dbfs = hidden_bound_dbfs(sp, mains_hz);
	out->hidden = isfinite(out->bound_dbfs) &&
		      out->bound_dbfs > HIDDEN_ABSOLUTE_DBFS &&
		      out->bound_dbfs > level - HIDDEN_BELOW_PROGRAMME_DB;
	if (out->hidden)
		snprintf(e, n, "no %s mains hum seen, but the programme could hide a line as strong as %.1f dBFS — record with the programme stopped (balprobe hum) to be sure",
			 mains_hz ? (mains_hz == 50 ? "50 Hz" : "60 Hz") : "50 or 60 Hz",
			 out->bound_dbfs);
	else if (isfinite(out->bound_dbfs))
		snprintf(e, n, "no mains hum (%s and harmonics) above %.1f dBFS",
			 mains_hz ? (mains_hz == 50 ? "50 Hz" : "60 Hz") : "50 or 60 Hz",
			 out->bound_dbfs);
	else
		snprintf(e, n, "no %s mains hum above the noise floor",
			 mains_hz ? (mains_hz == 50 ? "50 Hz" : "60 Hz") : "50 or 60 Hz");
	if (stray) {
		used = strlen(e);
		snprintf(e + used, n - used, " (the line at %.1f Hz is no mains harmonic: no fundamental or twice-mains line stands with it at one mains frequency, so it is the programme's)",
			 stray->stray_hz);
	}
}

/* Index of the line whose @part (ground or source) is the strongest. */
static int strongest_part(const double *part, int n)
{
	int i, best = -1;

	for (i = 0; i < n; i++)
		if (part[i] > 0.0 && (best < 0 || part[i] > part[best]))
			best = i;
	return best;
}

static void describe(struct bp_hum_result *out, enum bp_jack_verdict jack,
		     double ground, double source)
{
	char *e = out->explanation;
	const size_t n = sizeof(out->explanation);
	const struct bp_hum_line *g = out->ground_line >= 0 ? &out->lines[out->ground_line] : NULL;
	const struct bp_hum_line *s = out->source_line >= 0 ? &out->lines[out->source_line] : NULL;
	size_t used;

	switch (out->mode) {
	case BP_HUM_MODE_COMMON:
		snprintf(e, n, "hum at %.0f Hz mains is equal and in phase on tip and ring (common mode, %.1f dBFS at %.1f Hz): it rides on the ground between this device and the interface — a ground loop",
			 out->mains_hz, g->dbfs, g->hz);
		break;
	case BP_HUM_MODE_DIFFERENTIAL:
		snprintf(e, n, "hum at %.0f Hz mains follows the signal path (%.1f dBFS at %.1f Hz%s): the source itself hums, so a ground lift will not help",
			 out->mains_hz, s->dbfs, s->hz,
			 fabs(s->hz - 2.0 * out->mains_hz) < 3.0
				 ? ", twice mains: power-supply ripple" : "");
		break;
	case BP_HUM_MODE_MIXED:
		snprintf(e, n, "hum at %.0f Hz mains has a ground-loop part (common mode, strongest at %.1f Hz, %.1f dB of the hum power) and a part in the source's own signal (strongest at %.1f Hz, %.1f dB)",
			 out->mains_hz, g->hz, 10.0 * log10(ground / (ground + source)),
			 s->hz, 10.0 * log10(source / (ground + source)));
		break;
	case BP_HUM_MODE_NONE:
		break;
	}
	used = strlen(e);
	if (out->ground_loop == BP_UNDECIDED)
		snprintf(e + used, n - used, jack == BP_JACK_DUAL_MONO
			 ? "; the port's own signal is in phase on both legs, so a ground loop cannot be told from the source's hum"
			 : "; the programme is itself in phase on both legs, so a ground loop cannot be told from the source's hum");
	else if (jack == BP_JACK_UNBALANCED && out->mode == BP_HUM_MODE_DIFFERENTIAL)
		snprintf(e + used, n - used, " (on the tip, the only leg this unbalanced output drives, common and differential parts read alike)");
}

/* The family found: its lines, their parts, the mode and the ground-loop
 * verdict for a port of kind @jack. */
static void report_family(const struct family *fam, enum bp_jack_verdict jack,
			  struct bp_hum_result *out)
{
	double ground = 0.0, source = 0.0, tip_power = 0.0, ring_power = 0.0;
	bool legs_known = true;
	int i;

	out->present = true;
	out->mains_hz = fam->mains_hz;
	for (i = 0; i < fam->n && i < BP_HUM_LINES_MAX; i++) {
		const struct bp_hum_line_fit *ls = &fam->fit[i];
		struct bp_hum_line *line = &out->lines[i];
		double leg, common, diff;

		/* Under a programme the legs' own views of a line are
		 * swamped by it: each leg's hum is known only in silence. */
		if (ls->directed || ls->cross_only)
			legs_known = false;
		tip_power += ls->line.tt;
		ring_power += ls->line.rr;
		line_powers(ls, &leg, &common, &diff);
		line->hz = ls->hz;
		line->dbfs = tone_dbfs(leg);
		line->common_db = tone_dbfs(common);
		line->diff_db = tone_dbfs(diff);
		if (fam->harmonic[i] == 1)
			out->fundamental_dbfs = line->dbfs;
		ground += fam->ground[i];
		source += fam->source[i];
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
	out->ground_line = out->mode == BP_HUM_MODE_DIFFERENTIAL ? -1 : strongest_part(fam->ground, out->n_lines);
	out->source_line = out->mode == BP_HUM_MODE_COMMON ? -1 : strongest_part(fam->source, out->n_lines);
	if (!fam->separable && out->mode != BP_HUM_MODE_DIFFERENTIAL)
		out->ground_loop = BP_UNDECIDED;
	else
		out->ground_loop = out->mode == BP_HUM_MODE_DIFFERENTIAL ? BP_NO : BP_YES;
	describe(out, jack, ground, source);
}

/* An unbalanced output's ring carries no signal of its own.  Hum on the
 * ring alone (seen in silence: a programme on the tip hides the tip's
 * own hum) is picked up by a ring the output leaves open: not a ground
 * loop, not the source.  Hum on the tip alone is the source's own -- or
 * a ground loop, if the ring is open and so does not carry the loop's
 * voltage as a grounded ring would: undecided, unless it is supply
 * ripple (twice mains).  A port of unknown kind (the hum probe) with hum
 * on the tip alone may be such an output: undecided too. */
static void for_one_leg(struct bp_hum_result *hum, enum bp_jack_verdict jack)
{
	const struct bp_hum_line *loudest = &hum->lines[0];
	const double ring_re_tip = hum->ring_dbfs - hum->tip_dbfs;
	int i;

	for (i = 1; i < hum->n_lines; i++)
		if (hum->lines[i].dbfs > loudest->dbfs)
			loudest = &hum->lines[i];
	if (jack != BP_JACK_UNBALANCED &&
	    (jack != BP_JACK_UNKNOWN || !(ring_re_tip <= -ONE_LEG_DB)))
		return;
	if (jack == BP_JACK_UNBALANCED && ring_re_tip >= ONE_LEG_DB) {
		hum->mode = BP_HUM_MODE_DIFFERENTIAL;
		hum->ground_loop = BP_NO;
		hum->open_ring_pickup = true;
		snprintf(hum->explanation, sizeof(hum->explanation),
			 "hum at %.0f Hz mains is on the ring only (%.1f dBFS at %.1f Hz), which this unbalanced output leaves open: the ring picks it up by itself — not a ground loop, not the source; a TS cable, or a TRS cable whose ring is tied to the sleeve, keeps it out of a balanced input",
			 hum->mains_hz, loudest->dbfs, loudest->hz);
	} else if (hum->mode == BP_HUM_MODE_DIFFERENTIAL && hum->source_line >= 0 &&
		   fabs(hum->lines[hum->source_line].hz - 2.0 * hum->mains_hz) >= 3.0) {
		const struct bp_hum_line *s = &hum->lines[hum->source_line];

		hum->ground_loop = BP_UNDECIDED;
		snprintf(hum->explanation, sizeof(hum->explanation),
			 "hum at %.0f Hz mains is on the tip only (%.1f dBFS at %.1f Hz): the source's own hum, or a ground loop if the output leaves its ring unconnected (a grounded ring would carry the loop too) — a ground lift tells them apart: hum that goes with it was a loop",
			 hum->mains_hz, s->dbfs, s->hz);
	}
}

void bp_hum_analyse(const struct bp_spectra *sp, int mains_hz,
		    enum bp_jack_verdict jack, struct bp_hum_result *out)
{
	struct family fam50, fam60;
	const struct family *best = NULL;

	memset(out, 0, sizeof(*out));
	memset(&fam50, 0, sizeof(fam50));
	memset(&fam60, 0, sizeof(fam60));
	out->mains_hz = NAN;
	out->fundamental_dbfs = NAN;
	out->tip_dbfs = out->ring_dbfs = NAN;
	out->bound_dbfs = NAN;
	out->mode = BP_HUM_MODE_NONE;
	out->ground_loop = BP_UNDECIDED;
	out->ground_line = out->source_line = -1;
	if (sp->segments == 0)
		return;
	/* Decide 50 or 60 Hz from the whole family, not one line. */
	if (mains_hz != 60) {
		build_family(sp, 50, &fam50);
		keep_anchored_parts(&fam50, jack);
	}
	if (mains_hz != 50) {
		build_family(sp, 60, &fam60);
		keep_anchored_parts(&fam60, jack);
	}
	if (fam50.n > 0 && (fam60.n == 0 || fam50.score >= fam60.score))
		best = &fam50;
	else if (fam60.n > 0)
		best = &fam60;
	if (!best) {
		if (mains_hz)
			out->mains_hz = mains_hz;
		no_family(sp, mains_hz, &fam50, &fam60, out);
		return;
	}
	report_family(best, jack, out);
	for_one_leg(out, jack);
}

double bp_hum_lowest_hz(const struct bp_spectra *sp)
{
	return bp_hum_line_lowest_hz(sp);
}

bool bp_hum_covers_bin(const struct bp_hum_result *hum,
		       const struct bp_spectra *sp, size_t k)
{
	double f = (double)k * sp->bin_hz;
	int i;

	for (i = 0; i < hum->n_lines; i++)
		if (fabs(f - hum->lines[i].hz) <= bp_hum_line_lobe_hz(sp))
			return true;
	return false;
}
