/* balprobe: the input probe.  Two outputs drive an input's tip and ring
 * (a 2xTS-to-TRS insert cable), one at a time; what the input passes on
 * comes back on one interface input (two for a stereo input).  The
 * transfers H_tip and H_ring (analyse/drives.h) give the verdict, the
 * polarity and the common-mode rejection (analyse/cmrr.h).
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/drives.h"
#include "analyse/level.h"
#include "analyse/played.h"
#include "dsp/dsp.h"
#include "io/audio-file.h"
#include "probes/probe.h"
#include "probes/stimulus-load.h"
#include "signal/stimulus.h"
#include "util/errors.h"
#include "util/heap.h"

#define STIMULUS_MAX_S 60.0
#define SWEEP_F1_HZ 10.0
#define FADE_S 0.005

/* Index of the drives and the returns. */
enum { TIP, RING };
enum { LEFT, RIGHT };

struct returns {
	double *leg[2];        /* left and right; right == left for one return */
	long len;
	bool right_recorded;
	double rate_hz;
};

struct drives {
	struct bp_plan plan;
	double *stim;          /* 2 channels interleaved */
	const struct bp_segment *sweep[2];
};

static void add_sweep(struct bp_plan *p, int channel, double start_s, double length_s,
		      double level_dbfs)
{
	struct bp_segment *s = &p->seg[p->n_segments++];

	s->kind = BP_SEG_SWEEP;
	s->channel = channel;
	s->start = lround(start_s * p->rate_hz);
	s->length = lround(length_s * p->rate_hz);
	s->f1_hz = SWEEP_F1_HZ;
	s->f2_hz = fmin(0.48 * p->rate_hz, 24000.0);
	s->level_dbfs = level_dbfs;
	s->fade = lround(FADE_S * p->rate_hz);
}

/* A sweep on the tip drive, then one on the ring drive.  Their lengths
 * differ so that deconvolving one drive's sweep against the other's
 * smears it instead of forming a peak: the delay search cannot mistake
 * the ring's response for the tip's. */
static int plan_in(struct bp_plan *plan, double rate_hz, double level_dbfs, bool quick)
{
	const double lead = 0.05, gap = quick ? 0.12 : 0.15;
	const double tip = quick ? 0.5 : 1.1, ring = quick ? 0.4 : 0.9;

	if (rate_hz < 8000.0 || rate_hz > 384000.0 || !(level_dbfs <= BP_LEVEL_CAP_DBFS))
		return -EINVAL;
	memset(plan, 0, sizeof(*plan));
	plan->rate_hz = rate_hz;
	plan->channels = 2;
	add_sweep(plan, TIP, lead, tip, level_dbfs);
	add_sweep(plan, RING, lead + tip + gap, ring, level_dbfs);
	plan->length = lround((lead + tip + gap + ring + gap) * rate_hz);
	return 0;
}

static int not_in_stimulus(const char *path, const char *why)
{
	bp_error_set_detail("%s: %s, so it is not the in probe's stimulus — make one with 'balprobe stimulus --probe in -o FILE.wav'",
			    path, why);
	return BP_E_STIMULUS;
}

/* A stimulus made elsewhere (or stripped of its comment): on each channel
 * the span from its first to its last sample above -80 dB of its peak is
 * the excitation, its band read later from its own spectrum (f1 = 0).
 * A silent channel gets no segment. */
static void infer_plan(const struct bp_wav_data *wav, struct bp_plan *plan)
{
	int c;

	memset(plan, 0, sizeof(*plan));
	plan->rate_hz = wav->rate_hz;
	plan->channels = 2;
	plan->length = wav->frames;
	for (c = TIP; c <= RING; c++) {
		double peak = 0.0;
		long i, first = -1, last = -1;

		for (i = 0; i < wav->frames; i++)
			peak = fmax(peak, fabs(wav->samples[2 * i + c]));
		for (i = 0; i < wav->frames && peak > 0.0; i++)
			if (fabs(wav->samples[2 * i + c]) > 1e-4 * peak) {
				first = first < 0 ? i : first;
				last = i;
			}
		if (first >= 0)
			plan->seg[plan->n_segments++] = (struct bp_segment){
				.kind = BP_SEG_SWEEP, .channel = c, .start = first,
				.length = last - first + 1,
				.level_dbfs = bp_dbfs_from_amplitude(peak) };
	}
}

/* The stimulus: the file given, or the plan this probe plays. */
static int load_drives(const struct bp_probe_options *opt, double rate_hz,
		       struct drives *d)
{
	struct bp_wav_data wav;
	int err;

	if (!opt->stimulus_path) {
		err = bp_stimulus_own(plan_in, opt, rate_hz, &d->plan, &d->stim);
		if (err == BP_E_STIMULUS)
			return err;
	} else {
		err = bp_wav_read_all(opt->stimulus_path, STIMULUS_MAX_S, &wav);
		if (err)
			return err;
		d->stim = wav.samples;
		if (wav.channels != 2) {
			char why[64];

			snprintf(why, sizeof(why), "has %d channel%s, not two (tip drive, ring drive)",
				 wav.channels, wav.channels == 1 ? "" : "s");
			return not_in_stimulus(opt->stimulus_path, why);
		}
		err = bp_stimulus_check_rate(opt->stimulus_path, wav.rate_hz, rate_hz);
		if (err)
			return err;
		if (bp_plan_parse(&d->plan, wav.comment) != 0 || d->plan.rate_hz != wav.rate_hz ||
		    d->plan.channels != 2 || d->plan.length != wav.frames)
			infer_plan(&wav, &d->plan);
	}
	d->sweep[TIP] = bp_plan_find(&d->plan, BP_SEG_SWEEP, TIP);
	d->sweep[RING] = bp_plan_find(&d->plan, BP_SEG_SWEEP, RING);
	if (!err && (!d->sweep[TIP] || !d->sweep[RING]))
		return not_in_stimulus(opt->stimulus_path ? opt->stimulus_path : "the plan",
				       "it has no excitation of its own on each drive");
	return err;
}

/* The returns: the stimulus's length plus the search margin.  Two legs
 * with the same samples are one return recorded twice (a mono file, or a
 * live take without --right). */
static int load_returns(struct bp_recording *rec, const struct bp_plan *plan,
			struct returns *t)
{
	const struct bp_recording_info *info = bp_recording_info(rec);
	long want = plan->length + 2 * lround(BP_PLAYED_SEARCH_S * info->rate_hz);

	if (info->frames < want)
		want = (long)info->frames;
	t->leg[LEFT] = malloc((size_t)want * sizeof(double));
	t->leg[RIGHT] = malloc((size_t)want * sizeof(double));
	if (!t->leg[LEFT] || !t->leg[RIGHT])
		return BP_E_NOMEM;
	t->len = bp_recording_read_full(rec, t->leg[LEFT], t->leg[RIGHT], want);
	if (t->len < 0)
		return (int)t->len;
	if (t->len < plan->length / 2) {
		bp_error_set_detail("%s: ends after %.2f s, before the %.2f s stimulus has played — record all of it",
				    info->path, (double)t->len / t->rate_hz,
				    (double)plan->length / t->rate_hz);
		return BP_E_STIMULUS;
	}
	t->right_recorded = info->tip != info->ring &&
		memcmp(t->leg[LEFT], t->leg[RIGHT], (size_t)t->len * sizeof(double)) != 0;
	if (!t->right_recorded) {
		free(t->leg[RIGHT]);
		t->leg[RIGHT] = t->leg[LEFT];
	}
	return 0;
}

/* How well the outputs driving tip and ring match: measured, when the
 * interface profile holds both their gains; else assumed
 * (analyse/cmrr.h). */
static void drives_from_profile(const struct bp_probe_options *opt,
				struct bp_cmrr_drives *drives)
{
	const double ring_over_tip = bp_profile_output_match_db(opt->profile, opt->tip_out,
								 opt->ring_out);

	if (isfinite(ring_over_tip))
		bp_cmrr_drives_measured(drives, 0.0, ring_over_tip, BP_PROFILE_GAIN_PRECISION_DB);
	else
		bp_cmrr_drives_assumed(drives);
}

static int in_analyse(struct bp_recording *rec, const struct bp_probe_options *opt,
		      struct bp_result *r)
{
	struct returns t = { .rate_hz = bp_recording_info(rec)->rate_hz };
	struct drives d = { .stim = NULL };
	int err;

	if (bp_recording_info(rec)->frames > 0)
		bp_heap_reserve_huge((size_t)bp_recording_info(rec)->frames * 128);
	err = load_drives(opt, t.rate_hz, &d);
	if (!err)
		err = load_returns(rec, &d.plan, &t);
	if (!err)
		err = bp_level_recorded(t.leg[LEFT], t.leg[RIGHT], (size_t)t.len, t.rate_hz,
					&r->recorded);
	/* Each return less its DC (one recorded twice is one). */
	if (!err)
		err = bp_played_remove_dc(t.leg[LEFT], (size_t)t.len);
	if (!err && t.right_recorded)
		err = bp_played_remove_dc(t.leg[RIGHT], (size_t)t.len);
	if (!err) {
		const struct bp_played played = { .plan = &d.plan, .stim = d.stim,
			.tip = t.leg[LEFT], .ring = t.leg[RIGHT], .len = t.len, .rate_hz = t.rate_hz };

		struct bp_cmrr_drives drives;

		drives_from_profile(opt, &drives);
		err = bp_drives_analyse(&played, d.sweep[TIP], d.sweep[RING], t.right_recorded,
					&drives, opt->plots ? &r->plot.response : NULL, r);
	}
	snprintf(r->recorded.remedy, sizeof(r->recorded.remedy),
		 "turn down the input's gain (or the device's output feeding the return) and measure again");
	if (t.leg[RIGHT] != t.leg[LEFT])
		free(t.leg[RIGHT]);
	free(t.leg[LEFT]);
	free(d.stim);
	return err;
}

const struct bp_probe bp_probe_in = {
	.name = "in",
	.summary = "drive an input's tip and ring from two outputs: balanced?, polarity, CMRR",
	.usage = "inN (same as: in N; N = the return input)",
	.reads = BP_READS_LEVEL | BP_READS_STIMULUS | BP_READS_DRIVES,
	.plan = plan_in,
	.analyse = in_analyse,
	.drives_input = true,
};
