#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "dsp/dsp.h"
#include "util/errors.h"
#include "analyse/level.h"

#define BLOCK_S 0.1
#define RELATIVE_GATE_DB 20.0
#define HIST_MIN_DBFS (-200.0)
#define HIST_MAX_DBFS 40.0
#define HIST_STEP_DB 0.05
/* (HIST_MAX_DBFS - HIST_MIN_DBFS) / HIST_STEP_DB */
#define HIST_BINS 4800
/* A flat run of three equal samples near full scale is the signature of
 * clipping; a sine peak near full scale, quantised, has at most two.  At
 * exactly 1.0 (a float file clipped by a limiter or a conversion; integer
 * codes stay below it) two equal samples are enough: a hard-clipped high
 * frequency spends only one or two samples per peak there, and a clean
 * sine never puts two equal samples on its exact peak. */
#define CLIP_RUN 3
#define CLIP_RUN_AT_ONE 2
#define CLIP_DBFS (-0.18)

struct block_hist {
	double power_sum[HIST_BINS];   /* sum of block mean squares x frames */
	double frames[HIST_BINS];
	double block_sum, block_sum2;  /* current block */
	double peak;
};

struct clip_track {
	double last;
	int run;
};

struct bp_level_meter {
	struct block_hist sig[BP_LEVEL_SIGNALS];
	struct clip_track clip[2];
	size_t block_len, block_fill;
	double clip_amplitude;
	/* What each leg's samples were multiplied by before they came here
	 * (bp_level_meter_scale_ring): full scale is where the converter's
	 * was. */
	double full_scale[2];
	long clipped[2];                 /* tip, ring */
	double min[2], max[2];
};

int bp_level_meter_new(struct bp_level_meter **out, double rate_hz)
{
	struct bp_level_meter *m = calloc(1, sizeof(*m));

	*out = m;
	if (!m)
		return BP_E_NOMEM;
	m->block_len = (size_t)lround(rate_hz * BLOCK_S);
	m->clip_amplitude = pow(10.0, CLIP_DBFS / 20.0);
	m->full_scale[0] = m->full_scale[1] = 1.0;
	m->min[0] = m->min[1] = INFINITY;
	m->max[0] = m->max[1] = -INFINITY;
	return 0;
}

void bp_level_meter_scale_ring(struct bp_level_meter *m, double gain)
{
	m->full_scale[1] = gain;
}

void bp_level_meter_free(struct bp_level_meter *m)
{
	free(m);
}

static void close_block(struct block_hist *h, size_t n)
{
	double mean = h->block_sum / (double)n;
	double ms = h->block_sum2 / (double)n - mean * mean;
	int bin = HIST_BINS - 1;

	if (ms > 0.0) {
		double db = bp_dbfs_from_power(ms);

		bin = (int)floor((db - HIST_MIN_DBFS) / HIST_STEP_DB);
		if (bin < 0)
			bin = 0;
		if (bin >= HIST_BINS)
			bin = HIST_BINS - 1;
	} else {
		ms = 0.0;
		bin = 0;
	}
	h->power_sum[bin] += ms * (double)n;
	h->frames[bin] += (double)n;
	h->block_sum = h->block_sum2 = 0.0;
}

/* Follow flat runs at full scale through @x[0..n).  Called only for runs
 * whose peak reaches the clipping amplitude. */
static void track_clipping(struct bp_level_meter *m, int leg, const double *x,
			   size_t n)
{
	struct clip_track *c = &m->clip[leg];
	size_t i;

	for (i = 0; i < n; i++) {
		double a = fabs(x[i]) / m->full_scale[leg];

		if (a > 1.0) {
			m->clipped[leg]++;
		} else if (a >= m->clip_amplitude && x[i] == c->last) {
			/* Count the whole run once it is long enough. */
			int enough = a >= 1.0 ? CLIP_RUN_AT_ONE : CLIP_RUN;

			if (++c->run == enough)
				m->clipped[leg] += enough;
			else if (c->run > enough)
				m->clipped[leg]++;
		} else {
			c->run = 1;
		}
		c->last = x[i];
	}
}

/* Sums and peaks of @n samples that all fall in the current block. */
static void add_run(struct bp_level_meter *m, const double *tip,
		    const double *ring, size_t n)
{
	double st = 0.0, st2 = 0.0, sr = 0.0, sr2 = 0.0, sd = 0.0, sd2 = 0.0;
	double pt, pr, pd = 0.0;
	/* This run's extremes; a leg's peak is the larger of its highest and
	 * its lowest negated: a comparison a sample less on each leg. */
	double lo_t = INFINITY, hi_t = -INFINITY, lo_r = INFINITY, hi_r = -INFINITY;
	size_t i;

	for (i = 0; i < n; i++) {
		double t = tip[i], r = ring[i], d = t - r;

		st += t;
		st2 += t * t;
		sr += r;
		sr2 += r * r;
		sd += d;
		sd2 += d * d;
		/* Plain comparisons: fmax() is a libm call with NaN rules. */
		pd = fabs(d) > pd ? fabs(d) : pd;
		lo_t = t < lo_t ? t : lo_t;
		hi_t = t > hi_t ? t : hi_t;
		lo_r = r < lo_r ? r : lo_r;
		hi_r = r > hi_r ? r : hi_r;
	}
	if (n == 0)
		return;
	pt = hi_t > -lo_t ? hi_t : -lo_t;
	pr = hi_r > -lo_r ? hi_r : -lo_r;
	m->min[0] = lo_t < m->min[0] ? lo_t : m->min[0];
	m->max[0] = hi_t > m->max[0] ? hi_t : m->max[0];
	m->min[1] = lo_r < m->min[1] ? lo_r : m->min[1];
	m->max[1] = hi_r > m->max[1] ? hi_r : m->max[1];
	m->sig[BP_LEVEL_TIP].block_sum += st;
	m->sig[BP_LEVEL_TIP].block_sum2 += st2;
	m->sig[BP_LEVEL_RING].block_sum += sr;
	m->sig[BP_LEVEL_RING].block_sum2 += sr2;
	m->sig[BP_LEVEL_DIFF].block_sum += sd;
	m->sig[BP_LEVEL_DIFF].block_sum2 += sd2;
	if (pt > m->sig[BP_LEVEL_TIP].peak)
		m->sig[BP_LEVEL_TIP].peak = pt;
	if (pr > m->sig[BP_LEVEL_RING].peak)
		m->sig[BP_LEVEL_RING].peak = pr;
	if (pd > m->sig[BP_LEVEL_DIFF].peak)
		m->sig[BP_LEVEL_DIFF].peak = pd;
	if (pt >= m->clip_amplitude * m->full_scale[0])
		track_clipping(m, 0, tip, n);
	else
		m->clip[0] = (struct clip_track){ .last = tip[n - 1], .run = 1 };
	if (pr >= m->clip_amplitude * m->full_scale[1])
		track_clipping(m, 1, ring, n);
	else
		m->clip[1] = (struct clip_track){ .last = ring[n - 1], .run = 1 };
}

void bp_level_meter_push(struct bp_level_meter *m, const double *tip,
			 const double *ring, size_t n)
{
	while (n > 0) {
		size_t take = m->block_len - m->block_fill;
		int s;

		if (take > n)
			take = n;
		add_run(m, tip, ring, take);
		tip += take;
		ring += take;
		n -= take;
		m->block_fill += take;
		if (m->block_fill == m->block_len) {
			for (s = 0; s < BP_LEVEL_SIGNALS; s++)
				close_block(&m->sig[s], m->block_len);
			m->block_fill = 0;
		}
	}
}

/* Mean square of the blocks in bins >= @first, and their frame count. */
static double gated_power(const struct block_hist *h, int first, double *frames)
{
	double p = 0.0, n = 0.0;
	int b;

	for (b = first < 0 ? 0 : first; b < HIST_BINS; b++) {
		p += h->power_sum[b];
		n += h->frames[b];
	}
	*frames = n;
	return n > 0.0 ? p / n : 0.0;
}

static int bin_of_dbfs(double dbfs)
{
	return (int)ceil((dbfs - HIST_MIN_DBFS) / HIST_STEP_DB);
}

void bp_level_meter_read(const struct bp_level_meter *m,
			 enum bp_level_signal which,
			 struct bp_level_reading *out)
{
	const struct block_hist *h = &m->sig[which];
	double frames, whole, absolute, gated;

	whole = gated_power(h, 0, &frames);
	out->whole_dbfs = frames > 0.0 ? bp_dbfs_from_power(whole) : NAN;
	out->peak_dbfs = frames > 0.0 ? bp_dbfs_from_amplitude(h->peak) : NAN;
	absolute = gated_power(h, bin_of_dbfs(BP_SIGNAL_FLOOR_DBFS), &frames);
	if (frames == 0.0) {
		out->gated_dbfs = NAN;
		return;
	}
	gated = gated_power(h, bin_of_dbfs(bp_dbfs_from_power(absolute) -
					    RELATIVE_GATE_DB), &frames);
	out->gated_dbfs = bp_dbfs_from_power(gated);
}

unsigned bp_level_meter_stuck_legs(const struct bp_level_meter *m)
{
	unsigned legs = 0;
	int i;

	for (i = 0; i < 2; i++)
		if (m->min[i] >= m->clip_amplitude * m->full_scale[i] ||
		    m->max[i] <= -m->clip_amplitude * m->full_scale[i])
			legs |= i == 0 ? BP_LEG_TIP : BP_LEG_RING;
	return legs;
}

bool bp_level_meter_digital_silence(const struct bp_level_meter *m)
{
	const double step = ldexp(1.0, -31);
	int i;

	for (i = 0; i < 2; i++)
		if (m->max[i] > step || m->min[i] < -step)
			return false;
	return true;
}

long bp_level_meter_clipped_samples(const struct bp_level_meter *m)
{
	const unsigned stuck = bp_level_meter_stuck_legs(m);

	return (stuck & BP_LEG_TIP ? 0 : m->clipped[0]) +
	       (stuck & BP_LEG_RING ? 0 : m->clipped[1]);
}

enum bp_level_class bp_level_classify(double dbu)
{
	if (isnan(dbu))
		return BP_CLASS_NONE;
	if (dbu <= -35.0)
		return BP_CLASS_MIC;
	if (dbu <= -15.0)
		return BP_CLASS_INSTRUMENT;
	if (dbu <= -2.0)
		return BP_CLASS_CONSUMER_LINE;
	if (dbu <= 15.0)
		return BP_CLASS_PRO_LINE;
	return BP_CLASS_SPEAKER;
}

/* A leg's level: while signal is present, or over the whole recording when
 * it never carries any (the noise on a silent ring). */
static double leg_dbfs(const struct bp_level_reading *r)
{
	return isnan(r->gated_dbfs) ? r->whole_dbfs : r->gated_dbfs;
}

void bp_level_meter_recorded(const struct bp_level_meter *m, struct bp_recorded *out)
{
	out->clipped_samples = bp_level_meter_clipped_samples(m);
	out->stuck_legs = bp_level_meter_stuck_legs(m);
}

int bp_level_recorded(const double *tip, const double *ring, size_t n, double rate_hz,
		      struct bp_recorded *out)
{
	struct bp_level_meter *m;
	int err = bp_level_meter_new(&m, rate_hz);

	if (err)
		return err;
	bp_level_meter_push(m, tip, ring, n);
	bp_level_meter_recorded(m, out);
	bp_level_meter_free(m);
	return 0;
}

void bp_level_analyse(const struct bp_level_meter *m,
		      enum bp_jack_verdict verdict, double input_fs_dbu,
		      struct bp_level_result *out)
{
	struct bp_level_reading rd[BP_LEVEL_SIGNALS];
	const struct bp_level_reading *received = NULL;
	int s;

	for (s = 0; s < BP_LEVEL_SIGNALS; s++)
		bp_level_meter_read(m, (enum bp_level_signal)s, &rd[s]);
	out->tip_dbfs = leg_dbfs(&rd[BP_LEVEL_TIP]);
	out->ring_dbfs = leg_dbfs(&rd[BP_LEVEL_RING]);
	out->clipping = bp_level_meter_clipped_samples(m) > 0;

	switch (verdict) {
	case BP_JACK_BALANCED:
		received = &rd[BP_LEVEL_DIFF];
		break;
	case BP_JACK_UNBALANCED:
		received = &rd[BP_LEVEL_TIP];
		break;
	case BP_JACK_STEREO:
	case BP_JACK_DUAL_MONO:
		received = out->ring_dbfs > out->tip_dbfs ? &rd[BP_LEVEL_RING]
							  : &rd[BP_LEVEL_TIP];
		break;
	case BP_JACK_UNKNOWN:
	case BP_JACK_NO_SIGNAL:
		break;
	}
	out->dbfs = received ? received->gated_dbfs : NAN;
	out->peak_dbfs = received ? received->peak_dbfs : NAN;
	bp_level_calibrate(out, input_fs_dbu, NAN, NAN);
}

void bp_level_calibrate(struct bp_level_result *out, double input_fs_dbu,
			double output_fs_dbu, double played_dbfs)
{
	out->dbu = out->dbv = NAN;
	out->level_class = BP_CLASS_NONE;
	if (!isnan(input_fs_dbu)) {
		/* --input-fs-dbu X: a sine of X dBu reads 0 dBFS (AES17); what
		 * the port gives for a full-scale sine follows from what it
		 * was played. */
		out->dbu = out->dbfs + input_fs_dbu;
		out->output_fs_dbu = out->dbu - played_dbfs;
	} else if (!isnan(output_fs_dbu)) {
		/* Declared: the port is the interface output whose
		 * calibration was given, so what it plays is known in dBu. */
		out->output_fs_dbu = output_fs_dbu;
		out->dbu = played_dbfs + output_fs_dbu;
	}
	if (!isnan(out->dbu)) {
		out->dbv = out->dbu + BP_DBU_TO_DBV;
		out->level_class = bp_level_classify(out->dbu);
	}
}
