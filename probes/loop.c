/* balprobe: the loop probe.  The interface measured through plain
 * cables from its outputs to its inputs (out1 to in1, out2 to in2; or
 * out1 into in1 and in2 through a TS->2xTS splitter; or out1 to in1
 * alone), by the AES17 and IEC 61606-3 definitions: frequency response
 * and latency from a sweep on each output (analyse/sweep.h), the paths
 * and gains between them (analyse/loop-paths.h), THD+N at -1 dBFS and
 * the dynamic range from a 1 kHz tone at -1 and at -60 dBFS
 * (analyse/thdn.h), SMPTE IMD from a 60 Hz + 7 kHz two-tone
 * (analyse/imd.h), idle noise from a silence (analyse/noise.h), and
 * what the user set wrong (analyse/loop-pitfalls.h).  At most 4.5 s.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/imd.h"
#include "analyse/impulse.h"
#include "analyse/latency.h"
#include "analyse/level.h"
#include "analyse/loop-paths.h"
#include "analyse/loop-pitfalls.h"
#include "analyse/noise.h"
#include "analyse/played.h"
#include "analyse/response.h"
#include "analyse/sweep.h"
#include "analyse/thdn.h"
#include "probes/probe.h"
#include "result/plot-capture.h"
#include "probes/stimulus-load.h"
#include "signal/stimulus.h"
#include "util/errors.h"
#include "util/heap.h"

/* AES17: THD+N at -1 dBFS; dynamic range from a tone 60 dB below full
 * scale. */
#define FULL_TONE_DBFS (-1.0)
#define DR_TONE_DBFS (-60.0)
#define TONE_HZ 1000.0
/* SMPTE two-tone at 4:1 whose peak reaches -1 dBFS: the low tone at
 * -1 - 20 log10(1.25) dBFS, rounded down. */
#define IMD_LOW_DBFS (-2.9383)

/* Sweeps on output 1 then output 2, the two 1 kHz tones and the
 * two-tone on output 1, then silence. */
static int plan_loop(struct bp_plan *plan, double rate_hz, double level_dbfs, bool quick)
{
	const double lead = 0.05, gap = 0.1, sweep = quick ? 0.5 : 1.0;
	const double partner = quick ? 0.3 : 0.6, steady = quick ? 0.35 : 0.5;
	const double f2 = bp_sweep_top_hz(rate_hz);
	double t = lead;

	if (bp_plan_start(plan, rate_hz, level_dbfs, 2) != 0)
		return -EINVAL;
	bp_plan_add(plan, BP_SEG_SWEEP, 0, t, sweep, BP_SWEEP_F1_HZ, f2, level_dbfs);
	t += sweep + 1.5 * gap;
	bp_plan_add(plan, BP_SEG_SWEEP, 1, t, partner, BP_SWEEP_F1_HZ, f2, level_dbfs);
	t += partner + 1.5 * gap;
	bp_plan_add(plan, BP_SEG_TONE, 0, t, steady, TONE_HZ, 0.0, FULL_TONE_DBFS);
	t += steady + gap;
	bp_plan_add(plan, BP_SEG_TONE, 0, t, steady, TONE_HZ, 0.0, DR_TONE_DBFS);
	t += steady + gap;
	/* SMPTE's 7 kHz and its sidebands need a rate of 16 kHz or so. */
	if (BP_IMD_F2_HZ + BP_IMD_ORDERS * BP_IMD_F1_HZ < 0.45 * rate_hz) {
		bp_plan_add(plan, BP_SEG_TWO_TONE, 0, t, steady + 0.1, BP_IMD_F1_HZ,
			    BP_IMD_F2_HZ, IMD_LOW_DBFS);
		t += steady + 0.1 + gap;
	}
	bp_plan_add(plan, BP_SEG_SILENCE, -1, t, steady, 0.0, 0.0, -INFINITY);
	t += steady;
	plan->length = lround(t * rate_hz);
	return 0;
}

struct take {
	struct bp_plan plan;
	double *stim, *in1, *in2;
	struct bp_played played;
};

static int load_take(struct bp_recording *rec, const struct bp_probe_options *opt,
		     struct take *t, struct bp_result *r)
{
	const struct bp_recording_info *info = bp_recording_info(rec);
	long len;
	int err;

	if (info->frames > 0)
		bp_heap_reserve_huge((size_t)info->frames * 128);
	err = bp_stimulus_own(plan_loop, opt, info->rate_hz, &t->plan, &t->stim);
	if (err)
		return err;
	err = bp_stimulus_load_legs(rec, t->plan.length, &t->in1, &t->in2, &len);
	if (err)
		return err;
	t->played = (struct bp_played){ .plan = &t->plan, .stim = t->stim, .tip = t->in1,
					.ring = t->in2, .len = len, .rate_hz = info->rate_hz };
	r->stimulus_level_dbfs = opt->level_dbfs;
	return bp_stimulus_legs_ready(t->in1, t->in2, len, info->rate_hz, &r->recorded);
}

/* The steady segment @seg on input 1, settled (its fades and 20 ms
 * left out), @delay samples late. */
static int steady(const struct bp_played *p, const struct bp_segment *seg, long delay,
		  struct bp_result *r)
{
	struct bp_loop_result *l = &r->loop;
	struct bp_thdn thdn;
	long start;
	const size_t n = bp_played_span(p, seg, delay, seg->fade + lround(0.02 * p->rate_hz),
					seg->fade, &start);
	int err = 0;

	if (n < 1024)
		return 0;
	if (seg->kind == BP_SEG_SILENCE)
		return bp_noise_levels(p->tip + start, n, p->rate_hz, &l->noise_dbfs,
				       &l->noise_dbfs_a);
	if (seg->kind == BP_SEG_TWO_TONE)
		return bp_imd_smpte(p->tip + start, n, p->rate_hz, seg->f1_hz, seg->f2_hz,
				    &l->imd_db);
	if (seg->kind != BP_SEG_TONE)
		return 0;
	err = bp_thdn_analyse(p->tip + start, n, p->rate_hz, seg->f1_hz, &thdn);
	if (err)
		return err;
	if (seg->level_dbfs > -20.0)
		l->thd_n_db = thdn.ratio_db;
	else
		/* AES17: re full scale, not re the tone. */
		l->dynamic_range_db = -thdn.ratio_db - thdn.fundamental_dbfs;
	return 0;
}

/* Latency, response and pitfalls from output 1's sweep on input 1. */
static int sweep_figures(const struct bp_sweeps *s, const struct bp_probe_options *opt,
			 struct bp_result *r)
{
	const struct bp_sweep *a = &s->a;
	const double pre = (double)((long)(BP_IMPULSE_LEAD_S * a->tf.rate_hz));
	struct bp_latency_fit fit;

	if (bp_latency_fit(&a->tf, a->tf.tip, a->n0, a->lo_hz, a->hi_hz, &fit) == 0) {
		r->latency.samples = (double)s->delay - pre + fit.delay_samples;
		r->latency.ms = 1000.0 * r->latency.samples / a->tf.rate_hz;
		r->latency.uncertainty_samples = fit.uncertainty_samples;
	}
	bp_response_analyse(&a->tf, a->tf.tip, a->lo_hz, a->hi_hz, &r->response);
	if (opt->plots) {
		/* Input 1 and input 2 as the report's tip and ring. */
		bp_plot_capture_response(&r->plot.response, &a->tf, a->tf.tip, a->tf.ring,
					 a->lo_hz, a->hi_hz);
		if (s->have_b)
			bp_plot_capture_partner(&r->plot.response, &s->b.tf, s->b.tf.tip,
						s->b.tf.ring, s->b.lo_hz, s->b.hi_hz);
		if (bp_plot_capture_impulse(&r->plot.impulse, &a->tf, a->n0) != 0)
			return BP_E_NOMEM;
	}
	return bp_loop_pitfalls(&a->tf, a->tf.tip, a->hi_hz, opt->profile, r);
}

static void nothing_back(const struct bp_probe_options *opt, struct bp_result *r)
{
	const int out = opt->output > 0 ? opt->output : 1, in = r->input.tip;

	r->jack.verdict = BP_JACK_NO_SIGNAL;
	snprintf(r->jack.explanation, sizeof(r->jack.explanation),
		 "nothing of output %d's sweep came back on input %d: connect output %d to input %d with a plain cable (and the next output to input %d, or output %d into inputs %d and %d through a TS-to-2xTS splitter)",
		 out, in, out, in, r->input.ring, out, in, r->input.ring);
}

static int analyse_take(const struct bp_played *p, const struct bp_sweeps *s,
			const struct bp_probe_options *opt, struct bp_result *r)
{
	long delay = s->delay;
	int i, err;

	r->loop.measured = true;
	bp_loop_paths(s, opt->profile, &r->loop);
	if (r->loop.cabling == BP_LOOP_CABLING_NONE) {
		nothing_back(opt, r);
		return 0;
	}
	snprintf(r->jack.explanation, sizeof(r->jack.explanation),
		 "a loop measures the interface, not a jack");
	snprintf(r->polarity.explanation, sizeof(r->polarity.explanation),
		 "a loop measures the interface, not a port's polarity");
	err = sweep_figures(s, opt, r);
	if (isfinite(r->latency.samples))
		delay = lround(r->latency.samples);
	for (i = 0; !err && i < p->plan->n_segments; i++)
		err = steady(p, &p->plan->seg[i], delay, r);
	return err;
}

static int loop_analyse(struct bp_recording *rec, const struct bp_probe_options *opt,
			struct bp_result *r)
{
	struct take t = { .stim = NULL };
	struct bp_sweeps s = { .have_a = false };
	int err = load_take(rec, opt, &t, r);

	if (!err)
		err = bp_sweeps_measure(&t.played, &s);
	if (!err)
		err = analyse_take(&t.played, &s, opt, r);
	/* Direct monitoring adds the loop's signal to itself: that, not
	 * the gain knobs, is then what clips. */
	if (isfinite(r->loop.second_arrival_ms))
		snprintf(r->recorded.remedy, sizeof(r->recorded.remedy),
			 "turn direct monitoring off (it feeds the input back into the loop, which rings) and measure again");
	else
		snprintf(r->recorded.remedy, sizeof(r->recorded.remedy),
			 "set both input gains to minimum (the loop plays a %.0f dBFS tone) and measure again",
			 FULL_TONE_DBFS);
	bp_sweeps_free(&s);
	free(t.in1);
	free(t.in2);
	free(t.stim);
	return err;
}

const struct bp_probe bp_probe_loop = {
	.name = "loop",
	.summary = "the interface through loop cables: response, latency, noise, THD+N, IMD, gains",
	.usage = "loopN (same as: loop N; alone: loop 1, outputs 1 and 2 to inputs --tip and --ring)",
	.reads = BP_READS_LEVEL | BP_READS_PROFILE_SAVE,
	.plan = plan_loop,
	.analyse = loop_analyse,
	.default_output = 1,
	.polarity_unknown = "a loop measures the interface, not a port",
};
