#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/balance.h"
#include "analyse/polarity.h"
#include "util/errors.h"
#include "util/number-format.h"

#define BLOCK_S 0.5
/* Pairwise merging keeps between BATCHES_MAX / 2 and BATCHES_MAX batches:
 * over a long recording each batch spans many seconds, longer than
 * programme stays correlated (batch means, as in simulation output
 * analysis). */
#define BATCHES_MAX 64
#define BATCHES_MIN 4
/* A click or pulse track has a skewness of several units (a 1 ms pulse
 * four times a second: above 20; high-passed at 200 Hz, still above 10);
 * pink noise and tones have none, music mixes, speech and kicks with no
 * beater click stay within a few tenths, and so does even-order
 * distortion (a sine with a 5 % second harmonic: 0.11).  Only programme
 * this skewed is percussive enough to show its polarity... */
#define PERCUSSIVE_SKEW 1.0
/* The same for the mean positive excursion of a block over its negative
 * one: a pulse track's stand 20 dB or more apart (still 7 dB behind a
 * 200 Hz high-pass, or under hum at half the pulses' peak), noise, tones,
 * music and speech within 2 dB, a 10 % second harmonic 1.7 dB. */
#define PERCUSSIVE_PEAKS_DB 6.0
/* ...and only when its skew is this many standard errors from zero
 * (t with 3..63 degrees of freedom: beyond the 0.1 % two-sided point). */
#define SIGNIFICANT_T 5.0

struct moments {
	double m2, m3, pos, neg;
};

struct accum {
	double shift, s1, s2, s3, hi, lo;   /* the block being filled */
	struct moments batch[BATCHES_MAX];  /* sums over each batch's blocks */
	struct moments total;
};

struct bp_polarity_meter {
	size_t block, filled;
	long blocks_per_batch, blocks_in_batch, blocks;
	int n_batches;                       /* complete ones */
	struct accum sig[BP_POLARITY_SIGNALS];
};

int bp_polarity_meter_new(struct bp_polarity_meter **out, double rate_hz)
{
	struct bp_polarity_meter *m = calloc(1, sizeof(*m));

	*out = m;
	if (!m)
		return BP_E_NOMEM;
	m->block = (size_t)fmax(1.0, round(BLOCK_S * rate_hz));
	m->blocks_per_batch = 1;
	return 0;
}

void bp_polarity_meter_free(struct bp_polarity_meter *m)
{
	free(m);
}

static void moments_add(struct moments *to, const struct moments *x)
{
	to->m2 += x->m2;
	to->m3 += x->m3;
	to->pos += x->pos;
	to->neg += x->neg;
}

/* Start a block: sums of powers are taken about its first sample, which
 * takes out most of a DC offset before the cubes are summed. */
static void accum_start(struct accum *a, double first)
{
	a->shift = first;
	a->s1 = a->s2 = a->s3 = 0.0;
	a->hi = -INFINITY;
	a->lo = INFINITY;
}

/* Two lanes of doubles (GCC and Clang vector extensions): the sums of
 * two frames at a time, in SSE2 or NEON registers, with the chains of
 * dependent additions split in two. */
typedef double lanes __attribute__((vector_size(2 * sizeof(double))));

struct lane_accum {
	lanes shift, s1, s2, s3, hi, lo;
};

static struct lane_accum lanes_from(const struct accum *a)
{
	return (struct lane_accum){
		.shift = { a->shift, a->shift }, .s1 = { a->s1, 0.0 },
		.s2 = { a->s2, 0.0 }, .s3 = { a->s3, 0.0 },
		.hi = { a->hi, a->hi }, .lo = { a->lo, a->lo } };
}

/* Add two frames @x, one a lane. */
static inline void lanes_add(struct lane_accum *a, lanes x)
{
	const lanes v = x - a->shift, v2 = v * v;
	const __typeof__(v > v) up = v > a->hi, down = v < a->lo;

	a->s1 += v;
	a->s2 += v2;
	a->s3 += v2 * v;
	a->hi = (lanes)(((__typeof__(up))v & up) | ((__typeof__(up))a->hi & ~up));
	a->lo = (lanes)(((__typeof__(up))v & down) | ((__typeof__(up))a->lo & ~down));
}

/* Fold the lanes back into @a, with @x (NAN: none) as one frame more. */
static void lanes_to(const struct lane_accum *l, double x, struct accum *a)
{
	const double v = x - a->shift;

	a->s1 = l->s1[0] + l->s1[1];
	a->s2 = l->s2[0] + l->s2[1];
	a->s3 = l->s3[0] + l->s3[1];
	a->hi = fmax(l->hi[0], l->hi[1]);
	a->lo = fmin(l->lo[0], l->lo[1]);
	if (isnan(x))
		return;
	a->s1 += v;
	a->s2 += v * v;
	a->s3 += v * v * v;
	a->hi = fmax(a->hi, v);
	a->lo = fmin(a->lo, v);
}

/* Add @n frames to the block being filled. */
static void accum_push(struct bp_polarity_meter *m, const double *tip,
		       const double *ring, size_t n)
{
	struct lane_accum t = lanes_from(&m->sig[BP_POLARITY_TIP]);
	struct lane_accum r = lanes_from(&m->sig[BP_POLARITY_RING]);
	struct lane_accum d = lanes_from(&m->sig[BP_POLARITY_DIFF]);
	size_t i;

	for (i = 0; i + 1 < n; i += 2) {
		lanes x, y;

		memcpy(&x, tip + i, sizeof(x));
		memcpy(&y, ring + i, sizeof(y));
		lanes_add(&t, x);
		lanes_add(&r, y);
		lanes_add(&d, x - y);
	}
	lanes_to(&t, i < n ? tip[i] : NAN, &m->sig[BP_POLARITY_TIP]);
	lanes_to(&r, i < n ? ring[i] : NAN, &m->sig[BP_POLARITY_RING]);
	lanes_to(&d, i < n ? tip[i] - ring[i] : NAN, &m->sig[BP_POLARITY_DIFF]);
}

/* Central moments and excursions of the finished block of @n samples. */
static struct moments accum_block(const struct accum *a, size_t n)
{
	const double mu = a->s1 / (double)n, e2 = a->s2 / (double)n;

	return (struct moments){
		.m2 = e2 - mu * mu,
		.m3 = a->s3 / (double)n - 3.0 * mu * e2 + 2.0 * mu * mu * mu,
		.pos = a->hi - mu, .neg = mu - a->lo };
}

static void end_block(struct bp_polarity_meter *m)
{
	int s, i;

	for (s = 0; s < BP_POLARITY_SIGNALS; s++) {
		struct accum *a = &m->sig[s];
		const struct moments b = accum_block(a, m->block);

		moments_add(&a->batch[m->n_batches], &b);
		moments_add(&a->total, &b);
	}
	m->blocks++;
	if (++m->blocks_in_batch < m->blocks_per_batch)
		return;
	m->blocks_in_batch = 0;
	if (++m->n_batches < BATCHES_MAX)
		return;
	/* Full: merge neighbours, halving the count, doubling the span. */
	for (s = 0; s < BP_POLARITY_SIGNALS; s++) {
		struct moments *b = m->sig[s].batch;

		for (i = 0; i < BATCHES_MAX / 2; i++) {
			b[i] = b[2 * i];
			moments_add(&b[i], &b[2 * i + 1]);
		}
		memset(b + BATCHES_MAX / 2, 0, sizeof(*b) * (BATCHES_MAX / 2));
	}
	m->n_batches = BATCHES_MAX / 2;
	m->blocks_per_batch *= 2;
}

void bp_polarity_meter_push(struct bp_polarity_meter *m, const double *tip,
			    const double *ring, size_t n)
{
	while (n > 0) {
		size_t take = m->block - m->filled;
		bool first = m->filled == 0;

		take = take < n ? take : n;
		if (first) {
			accum_start(&m->sig[BP_POLARITY_TIP], tip[0]);
			accum_start(&m->sig[BP_POLARITY_RING], ring[0]);
			accum_start(&m->sig[BP_POLARITY_DIFF], tip[0] - ring[0]);
		}
		accum_push(m, tip, ring, take);
		m->filled += take;
		tip += take;
		ring += take;
		n -= take;
		if (m->filled == m->block) {
			end_block(m);
			m->filled = 0;
		}
	}
}

/* Mean and standard error of @x over the complete batches. */
static void batch_mean(const double *x, int n, double *mean, double *se)
{
	double sum = 0.0, var = 0.0;
	int i;

	for (i = 0; i < n; i++)
		sum += x[i];
	*mean = sum / n;
	for (i = 0; i < n; i++)
		var += (x[i] - *mean) * (x[i] - *mean);
	*se = sqrt(var / ((double)(n - 1) * (double)n));
}

/* @x / @se as a t statistic: infinite when there is no spread at all. */
static double t_of(double x, double se)
{
	return se > 0.0 ? x / se : x != 0.0 ? copysign(INFINITY, x) : NAN;
}

void bp_polarity_meter_read(const struct bp_polarity_meter *m,
			    enum bp_polarity_signal which,
			    struct bp_asymmetry *out)
{
	const struct accum *a = &m->sig[which];
	double m3[BATCHES_MAX], ratio[BATCHES_MAX], mean3, se3, scale, unused;
	int i, n_ratio = 0;

	memset(out, 0, sizeof(*out));
	out->batches = m->n_batches;
	out->skewness = out->skewness_se = out->t = NAN;
	out->peak_ratio_db = out->peak_ratio_se_db = out->peak_t = NAN;
	if (m->blocks == 0 || !(a->total.m2 > 0.0))
		return;
	scale = pow(a->total.m2 / (double)m->blocks, 1.5);
	out->skewness = a->total.m3 / (double)m->blocks / scale;
	out->peak_ratio_db = 20.0 * log10(a->total.pos / a->total.neg);
	if (m->n_batches < BATCHES_MIN)
		return;
	/* The second moment's own error is second order next to the
	 * third's: the skewness's error is the third moment's, scaled. */
	for (i = 0; i < m->n_batches; i++) {
		const struct moments *b = &a->batch[i];

		m3[i] = b->m3 / (double)m->blocks_per_batch;
		if (b->pos > 0.0 && b->neg > 0.0)
			ratio[n_ratio++] = 20.0 * log10(b->pos / b->neg);
	}
	batch_mean(m3, m->n_batches, &mean3, &se3);
	out->skewness_se = se3 / scale;
	out->t = t_of(out->skewness, out->skewness_se);
	if (n_ratio >= BATCHES_MIN) {
		batch_mean(ratio, n_ratio, &unused, &out->peak_ratio_se_db);
		out->peak_t = t_of(out->peak_ratio_db, out->peak_ratio_se_db);
	}
}

static double clamp01(double x)
{
	return x < 0.0 ? 0.0 : x > 1.0 ? 1.0 : x;
}

/* +1 or -1 when @x is at least @effect and @t at least SIGNIFICANT_T
 * either way, else 0. */
static int sign_of(double x, double t, double effect)
{
	if (!(fabs(x) >= effect) || !(fabs(t) >= SIGNIFICANT_T))
		return 0;
	return x > 0.0 ? 1 : -1;
}

/* +1 positive, -1 negative, 0 not clearly percussive: either measure may
 * show it (the peaks survive loud hum that dilutes the skewness, the
 * skewness sees pulses the hum's crests hide), and they must not
 * disagree. */
static int asymmetry_sign(const struct bp_asymmetry *a)
{
	const int by_skew = sign_of(a->skewness, a->t, PERCUSSIVE_SKEW);
	const int by_peaks = sign_of(a->peak_ratio_db, a->peak_t, PERCUSSIVE_PEAKS_DB);

	return by_skew * by_peaks < 0 ? 0 : by_skew != 0 ? by_skew : by_peaks;
}

/* From 0.5 at a threshold to 1 at twice the effect and four times the
 * significance it asks for. */
static double confidence_of(double x, double t, double effect)
{
	return 0.5 + 0.5 * fmin(clamp01(fabs(x) / effect - 1.0),
				clamp01((fabs(t) / SIGNIFICANT_T - 1.0) / 3.0));
}

/* "skewness +8.12 ± 0.10, positive peaks 21.3 ± 0.2 dB above the
 * negative ones" */
static void describe(const struct bp_asymmetry *a, char *buf, size_t size)
{
	if (isfinite(a->skewness_se) && isfinite(a->peak_ratio_se_db))
		snprintf(buf, size, "skewness %+.2f ± %.2f, positive peaks %.1f ± %.1f dB %s the negative ones",
			 a->skewness, a->skewness_se, fabs(a->peak_ratio_db),
			 a->peak_ratio_se_db, a->peak_ratio_db >= 0.0 ? "above" : "below");
	else
		snprintf(buf, size, "skewness %+.2f, positive peaks %.1f dB %s the negative ones, too short a recording to tell their errors",
			 a->skewness, fabs(a->peak_ratio_db),
			 a->peak_ratio_db >= 0.0 ? "above" : "below");
}

/* Why a port judged neither way has no polarity either. */
static const char JACK_UNJUDGED[] = "the jack could not be judged, so neither can its polarity";

void bp_polarity_from_programme(const struct bp_polarity_meter *m,
				enum bp_jack_verdict jack,
				struct bp_polarity_result *out)
{
	struct bp_asymmetry a, other;
	const char *on;
	char figures[160];
	int sign;
	double confidence;

	out->verdict = BP_POLARITY_UNKNOWN;
	switch (jack) {
	case BP_JACK_BALANCED:
		bp_polarity_meter_read(m, BP_POLARITY_DIFF, &a);
		on = "tip − ring";
		break;
	case BP_JACK_UNBALANCED:
	case BP_JACK_DUAL_MONO:
	case BP_JACK_STEREO:
		bp_polarity_meter_read(m, BP_POLARITY_TIP, &a);
		on = "the tip";
		break;
	case BP_JACK_NO_SIGNAL:
		snprintf(out->explanation, sizeof(out->explanation), "no signal to judge");
		return;
	default:
		snprintf(out->explanation, sizeof(out->explanation), "%s", JACK_UNJUDGED);
		return;
	}
	describe(&a, figures, sizeof(figures));
	sign = asymmetry_sign(&a);
	if (jack == BP_JACK_STEREO && sign != 0) {
		bp_polarity_meter_read(m, BP_POLARITY_RING, &other);
		if (asymmetry_sign(&other) != sign) {
			snprintf(out->explanation, sizeof(out->explanation),
				 "the left channel (tip) is percussive (%s) but the right (ring) does not agree: a stereo pair's polarity needs a pulse on both channels",
				 figures);
			return;
		}
		on = "both channels";
	}
	if (sign == 0) {
		snprintf(out->explanation, sizeof(out->explanation),
			 "the programme on %s is not clearly percussive (%s; percussive programme has a skewness beyond ±%.1f or peaks %.0f dB apart): its polarity cannot be read from it — play balprobe's pulse track (balprobe stimulus --probe polarity) through the port, or run the out probe",
			 on, figures, PERCUSSIVE_SKEW, PERCUSSIVE_PEAKS_DB);
		return;
	}
	confidence = fmax(sign_of(a.skewness, a.t, PERCUSSIVE_SKEW)
			  ? confidence_of(a.skewness, a.t, PERCUSSIVE_SKEW) : 0.0,
			  sign_of(a.peak_ratio_db, a.peak_t, PERCUSSIVE_PEAKS_DB)
			  ? confidence_of(a.peak_ratio_db, a.peak_t, PERCUSSIVE_PEAKS_DB) : 0.0);
	out->verdict = sign > 0 ? BP_POLARITY_NORMAL : BP_POLARITY_INVERTED;
	snprintf(out->explanation, sizeof(out->explanation),
		 "the programme on %s is percussive and its main transients are %s (%s; confidence %.2f), assuming the source plays them positive, as a polarity checker's pulse is%s",
		 on, sign > 0 ? "positive" : "negative", figures, confidence,
		 sign > 0 ? "" : jack == BP_JACK_BALANCED ? ": hot on the ring (XLR pin 3 hot)"
							  : ": the port inverts");
}

void bp_polarity_from_transfer(bool fitted, double tip_phase_rad, enum bp_jack_verdict jack,
			       bool tip_present, struct bp_polarity_result *out)
{
	const double deg = tip_phase_rad * 180.0 / M_PI;
	char *e = out->explanation;
	const size_t n = sizeof(out->explanation);

	out->verdict = BP_POLARITY_UNKNOWN;
	if (jack == BP_JACK_NO_SIGNAL) {
		snprintf(e, n, "%s", BP_POLARITY_NOTHING_BACK);
	} else if (!fitted) {
		snprintf(e, n, "no delay fits the response's phase, so the polarity cannot be judged");
	} else if (jack == BP_JACK_UNKNOWN || !tip_present) {
		snprintf(e, n, "%s", JACK_UNJUDGED);
	} else if (cos(tip_phase_rad) > BP_CLEAR_SIGN) {
		out->verdict = BP_POLARITY_NORMAL;
		snprintf(e, n, "the tip follows the stimulus (%s)%s", BP_NUMBER(deg, 1, 0, " deg", ""),
			 jack == BP_JACK_BALANCED ? ": " BP_HOT_ON_TIP : "");
	} else if (cos(tip_phase_rad) < -BP_CLEAR_SIGN) {
		out->verdict = BP_POLARITY_INVERTED;
		snprintf(e, n, "the tip carries the stimulus inverted (%s)%s",
			 BP_NUMBER(deg, 1, 0, " deg", ""),
			 jack == BP_JACK_BALANCED ? ": " BP_HOT_ON_RING : "");
	} else {
		snprintf(e, n, "the tip's phase is %s: neither in phase nor inverted",
			 BP_NUMBER(deg, 0, 0, " deg", ""));
	}
}
