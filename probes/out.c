/* balprobe: the out probe.  Its stimulus plays sweeps, a steady tone and
 * a silence into the port under test (a sweep into its pair partner too);
 * the recording of the port's tip and ring gives the jack, polarity,
 * latency, response and crosstalk from the sweeps (analyse/sweep.h),
 * level and distortion from the tone (analyse/tone.h) and hum from the
 * silence (analyse/hum-silence.h).
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/balance.h"
#include "analyse/hum-silence.h"
#include "analyse/level.h"
#include "analyse/played.h"
#include "analyse/sweep.h"
#include "analyse/tone.h"
#include "dsp/dsp.h"
#include "io/audio-file.h"
#include "probes/input-match.h"
#include "profile/limits.h"
#include "probes/probe.h"
#include "probes/stimulus-load.h"
#include "result/plot-capture.h"
#include "signal/stimulus.h"
#include "util/errors.h"
#include "util/heap.h"
#include "util/number-format.h"

/* The plan: a sweep on output 0 (the tested one), the same sweep later
 * on output 1 (its pair partner), a 1 kHz tone on output 0, then silence
 * for the hum analysis.  At most 3.0 s (@quick: 1.5 s).  Gaps outlast any
 * plausible port's impulse response. */
static int plan_out(struct bp_plan *plan, double rate_hz, double level_dbfs, bool quick)
{
	/* Seconds: lead-in, sweep on the tested output, gap for its tail,
	 * partner sweep, gap, tone, silence. */
	const double lead = 0.05, sweep = quick ? 0.45 : 1.0;
	const double partner = quick ? 0.25 : 0.6, gap = quick ? 0.08 : 0.12;
	const double tone = quick ? 0.15 : 0.4, silence = quick ? 0.40 : 0.5;
	const double f2 = bp_sweep_top_hz(rate_hz), tone_hz = 1000.0;
	double t = lead;

	if (bp_plan_start(plan, rate_hz, level_dbfs, 2) != 0)
		return -EINVAL;
	bp_plan_add(plan, BP_SEG_SWEEP, 0, t, sweep, BP_SWEEP_F1_HZ, f2, level_dbfs);
	t += sweep + gap;
	bp_plan_add(plan, BP_SEG_SWEEP, 1, t, partner, BP_SWEEP_F1_HZ, f2, level_dbfs);
	t += partner + gap;
	bp_plan_add(plan, BP_SEG_TONE, 0, t, tone, tone_hz, tone_hz, level_dbfs);
	t += tone + gap / 2;
	bp_plan_add(plan, BP_SEG_SILENCE, -1, t, silence, 0.0, 0.0, -INFINITY);
	t += silence;
	plan->length = lround(t * rate_hz);
	return 0;
}

#define STIMULUS_MAX_S 60.0

/* What the probe holds while it analyses: the plan, the stimulus, the
 * legs (without their DC once loaded), and the analysis's view of them. */
struct take {
	struct bp_plan plan;
	double *stim, *tip, *ring;
	struct bp_played played;
};

/* Level and distortion from the steady tone @seg, @delay samples late:
 * tip, ring and what a balanced input receives, once the tone has
 * settled. */
static int analyse_tone(const struct bp_played *t, const struct bp_segment *seg, long delay,
			const struct bp_probe_options *opt, struct bp_result *r)
{
	struct bp_tone_legs tone;
	long start;
	const size_t n = bp_played_span(t, seg, delay, seg->fade + lround(0.01 * t->rate_hz),
					seg->fade, &start);
	int err;

	if (n == 0)
		return 0;
	err = bp_tone_analyse_legs(t->tip + start, t->ring + start, n, t->rate_hz, seg->f1_hz,
				   r->jack.verdict == BP_JACK_BALANCED, &tone);
	if (err)
		return err == BP_E_NOMEM ? err : 0;
	/* Four cycles of the tone, as recorded, for the report. */
	if (opt->plots)
		bp_plot_capture_wave(&r->plot.wave, t->tip + start, t->ring + start,
				     (size_t)fmin((double)n, ceil(4.0 * t->rate_hz / seg->f1_hz)),
				     t->rate_hz, (double)start / t->rate_hz);
	r->level.tip_dbfs = tone.tip.level_dbfs;
	r->level.ring_dbfs = tone.ring.level_dbfs;
	if (r->jack.verdict == BP_JACK_NO_SIGNAL || r->jack.verdict == BP_JACK_UNKNOWN)
		return 0;
	r->level.dbfs = tone.received.level_dbfs;
	r->level.peak_dbfs = bp_dbfs_from_amplitude(tone.received_peak);
	bp_level_calibrate(&r->level, opt->input_fs_dbu, opt->output_fs_dbu, seg->level_dbfs);
	bp_tone_distortion(&tone.received, &r->distortion);
	return 0;
}

/* Hum from the silent stretch @seg, @delay samples late. */
static int analyse_silence(const struct bp_played *t, const struct bp_segment *seg,
			   long delay, const struct bp_probe_options *opt, struct bp_result *r)
{
	long start;
	const size_t n = bp_played_span(t, seg, delay, lround(0.02 * t->rate_hz), 0, &start);

	if (n == 0)
		return 0;
	return bp_hum_analyse_silence(t->tip + start, t->ring + start, n, t->rate_hz,
				      opt->mains_hz, r->jack.verdict, &r->hum,
				      opt->plots ? &r->plot.spectrum : NULL);
}

/* The stimulus: the file given, or the plan this probe plays. */
static int load_stimulus(const struct bp_probe_options *opt, double rate_hz,
			 struct bp_plan *plan, double **samples)
{
	struct bp_wav_data wav;
	int err;

	if (!opt->stimulus_path)
		return bp_stimulus_own(plan_out, opt, rate_hz, plan, samples);
	err = bp_wav_read_all(opt->stimulus_path, STIMULUS_MAX_S, &wav);
	if (err == BP_E_FILE_NONFINITE && bp_error_detail()) {
		/* Not a damaged recording: nothing to deconvolve by. */
		const char *d = bp_error_detail(), *dash = strstr(d, " — ");
		char damaged[320];

		snprintf(damaged, sizeof(damaged), "%.*s", (int)(dash ? dash - d : (long)strlen(d)), d);
		bp_error_set_detail("%s, so it holds no usable excitation — give the stimulus file that was played",
				    damaged);
	}
	if (err)
		return err;
	err = bp_stimulus_check_rate(opt->stimulus_path, wav.rate_hz, rate_hz);
	if (err) {
		free(wav.samples);
		return err;
	}
	if (bp_plan_parse(plan, wav.comment) != 0 || plan->rate_hz != wav.rate_hz ||
	    plan->channels != wav.channels || plan->length != wav.frames ||
	    !bp_plan_find(plan, BP_SEG_SWEEP, 0)) {
		/* Any other broadband stimulus: its first channel is the
		 * excitation, its band read from its own spectrum. */
		memset(plan, 0, sizeof(*plan));
		plan->rate_hz = wav.rate_hz;
		plan->channels = wav.channels;
		plan->length = wav.frames;
		plan->n_segments = 1;
		plan->seg[0] = (struct bp_segment){ .kind = BP_SEG_SWEEP, .channel = 0,
						    .start = 0, .length = wav.frames };
	}
	*samples = wav.samples;
	return 0;
}

/* The stimulus's excitation (its first sweep, or a foreign file's first
 * channel) must carry something a converter would play: a peak of at
 * least one step of a 24-bit converter.  Its level is the plan's; a
 * foreign file's is its RMS, as a sine of that RMS would read (AES17).
 * Returns 0 with @level_dbfs, or BP_E_STIMULUS with a detail sentence. */
static int excitation_level(const struct bp_played *p, const char *path, double *level_dbfs)
{
	const struct bp_segment *s = bp_plan_find(p->plan, BP_SEG_SWEEP, -1);
	const struct bp_signal_window x = bp_played_stimulus(p, s->channel, s->start, s->length);
	double peak = 0.0, power = 0.0;
	long i;

	for (i = 0; i < x.len; i++) {
		peak = fmax(peak, fabs(x.x[(size_t)i * x.stride]));
		power += x.x[(size_t)i * x.stride] * x.x[(size_t)i * x.stride];
	}
	if (peak < 0x1.0p-23) {
		bp_error_set_detail("%s: holds no usable excitation: its %s is silent — give the stimulus file that was played",
				    path ? path : "the stimulus",
				    s->f1_hz > 0.0 ? "sweep" : "first channel");
		return BP_E_STIMULUS;
	}
	*level_dbfs = s->f1_hz > 0.0 ? s->level_dbfs : bp_dbfs_from_power(power / (double)x.len);
	return 0;
}

/* The stimulus and the recording, read and checked; the recording as
 * recorded reported for the validity check, then its legs without their
 * DC. */
static int load_take(struct bp_recording *rec, const struct bp_probe_options *opt,
		     struct take *t, struct bp_result *r)
{
	const double rate_hz = bp_recording_info(rec)->rate_hz;
	int err;

	/* The analysis takes some 80 bytes a frame (the recording, the
	 * stimulus, the FFT buffers): ask for 128.  A file longer than the
	 * plan costs only address space. */
	if (bp_recording_info(rec)->frames > 0)
		bp_heap_reserve_huge((size_t)bp_recording_info(rec)->frames * 128);
	t->played = (struct bp_played){ .plan = &t->plan, .rate_hz = rate_hz };
	err = load_stimulus(opt, rate_hz, &t->plan, &t->stim);
	t->played.stim = t->stim;
	if (!err)
		err = excitation_level(&t->played, opt->stimulus_path, &r->stimulus_level_dbfs);
	if (!err)
		err = bp_stimulus_load_legs(rec, t->plan.length, &t->tip, &t->ring,
					    &t->played.len);
	t->played.tip = t->tip;
	t->played.ring = t->ring;
	if (!err)
		err = bp_stimulus_legs_ready(t->tip, t->ring, t->played.len, rate_hz,
					     &r->recorded);
	if (!err)
		bp_scale(t->ring, (size_t)t->played.len, bp_probe_ring_gain(opt, r));
	return err;
}

/* Nothing of the stimulus came back.  When the recording carries a port's
 * signal all the same (analyse/balance.h), the stimulus is missing from
 * the recording, not the port: a recording of something else (a listen
 * take, a --quick take analysed as a full one) or the cable on another
 * output.  Then the jack is unknown, the measurement invalid, and nothing
 * else is read from the recording, whose timeline is not the
 * stimulus's. */
static int stimulus_not_found(const struct bp_played *p, const struct bp_probe_options *opt,
			      struct bp_result *r, bool *not_found)
{
	struct bp_balance fig;
	int err = bp_balance_port_signal(p->tip, p->ring, (size_t)p->len, p->rate_hz,
					 opt->mains_hz, &fig, not_found);

	if (err || !*not_found)
		return err;
	r->jack.verdict = BP_JACK_UNKNOWN;
	r->jack.confidence = NAN;
	snprintf(r->jack.explanation, sizeof(r->jack.explanation),
		 "the stimulus was not found in this recording, which carries signal all the same (tip %s, ring %s, hum left out): for a file, analyse a --quick take with --quick or name the file that was played with --stimulus; for a live take, check that the cable comes from the output under test",
		 BP_NUMBER(fig.tip_dbfs, 1, 0, " dBFS", "none"),
		 BP_NUMBER(fig.ring_dbfs, 1, 0, " dBFS", "none"));
	snprintf(r->polarity.explanation, sizeof(r->polarity.explanation),
		 "the stimulus was not found, so the polarity cannot be judged");
	bp_result_invalidate(r, "%s", r->jack.explanation);
	return 0;
}

/* What the report draws of the sweeps: both outputs' responses and the
 * tested output's impulse response at the full rate (an inverse
 * transform of the whole sweep per leg). */
static int capture_sweeps(const struct bp_sweeps *s, struct bp_result *r)
{
	const struct bp_sweep *a = &s->a, *b = &s->b;

	bp_plot_capture_response(&r->plot.response, &a->tf, a->tf.tip, a->tf.ring,
				 a->lo_hz, a->hi_hz);
	if (s->have_b)
		bp_plot_capture_partner(&r->plot.response, &b->tf, b->tf.tip, b->tf.ring,
					b->lo_hz, b->hi_hz);
	return bp_plot_capture_impulse(&r->plot.impulse, &a->tf, a->n0);
}

/* The jack from the sweeps; unless the stimulus is missing, everything
 * else from them, the tone and the silence. */
static int analyse_take(const struct bp_played *p, const struct bp_sweeps *s,
			const struct bp_probe_options *opt, struct bp_result *r)
{
	const struct bp_segment *seg;
	long delay = s->delay;
	bool not_found = false;
	int err = 0;

	bp_sweeps_judge_jack(s, &r->jack);
	bp_jack_note_input_match(&r->jack, r->input_match_db);
	if (r->jack.verdict == BP_JACK_NO_SIGNAL)
		err = stimulus_not_found(p, opt, r, &not_found);
	if (err || not_found)
		return err;
	err = bp_sweeps_analyse(s, r);
	if (!err && opt->plots)
		err = capture_sweeps(s, r);
	/* The tone and the silence are cut at the measured latency; the
	 * coarse delay is only good to a few milliseconds. */
	if (isfinite(r->latency.samples))
		delay = lround(r->latency.samples);
	if (!err && (seg = bp_plan_find(p->plan, BP_SEG_TONE, 0)))
		err = analyse_tone(p, seg, delay, opt, r);
	if (!err && (seg = bp_plan_find(p->plan, BP_SEG_SILENCE, -1)))
		err = analyse_silence(p, seg, delay, opt, r);
	/* A live take has already been ranged down as far as it goes: the
	 * stimulus level is not what to turn down. */
	if (opt->stimulus_path)
		snprintf(r->recorded.remedy, sizeof(r->recorded.remedy),
			 "turn down the interface's input gain or the port's output and measure again");
	else
		snprintf(r->recorded.remedy, sizeof(r->recorded.remedy),
			 "turn down the interface's input gain or the port's output (the stimulus was at %.1f dBFS) and measure again",
			 opt->level_dbfs);
	return err;
}

static int out_analyse(struct bp_recording *rec, const struct bp_probe_options *opt,
		       struct bp_result *r)
{
	struct take t = { .stim = NULL };
	struct bp_sweeps s = { .have_a = false };
	int err = load_take(rec, opt, &t, r);

	if (!err)
		err = bp_sweeps_measure(&t.played, &s);
	if (!err)
		err = analyse_take(&t.played, &s, opt, r);
	if (!err)
		bp_limits_apply(opt->profile, r);
	bp_sweeps_free(&s);
	free(t.tip);
	free(t.ring);
	free(t.stim);
	return err;
}

const struct bp_probe bp_probe_out = {
	.name = "out",
	.summary = "play a known stimulus: jack, polarity, latency, response, distortion",
	.usage = "outN (same as: out N)",
	.reads = BP_READS_LEVEL | BP_READS_STIMULUS | BP_READS_OUTPUT_FS_DBU,
	.plan = plan_out,
	.one_take = true,
	.analyse = out_analyse,
};
