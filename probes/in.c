/* balprobe: the input probe.  Two outputs drive an input's tip and ring
 * (a 2xTS-to-TRS insert cable), one at a time; what the input passes on
 * comes back on one interface input (two for a stereo input).  The
 * transfers H_tip and H_ring by deconvolution (analyse/deconv.h) give the
 * verdict, the polarity and the common-mode rejection (analyse/cmrr.h).
 */
#include "config.h"

#include <complex.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/advice-input.h"
#include "analyse/cmrr.h"
#include "analyse/deconv.h"
#include "dsp/dsp.h"
#include "util/errors.h"
#include "util/heap.h"
#include "analyse/latency.h"
#include "analyse/level.h"
#include "result/plot-capture.h"
#include "probes/probe.h"
#include "analyse/response.h"
#include "signal/stimulus.h"
#include "io/audio-file.h"

/* The recording may start up to this long before or after the stimulus. */
#define SEARCH_S 1.0
/* Window lead before the expected arrival, for pre-ringing. */
#define PRE_S 0.01
/* Impulse-response stretch that counts as "the response". */
#define IR_SPAN_S 0.02
/* Silence kept after each sweep for the response's tail. */
#define TAIL_S 0.1
/* A path carries its drive when its impulse response stands this far
 * above the noise in an equally long stretch. */
#define PRESENT_SNR_DB 20.0
/* The delay search's grid, samples. */
#define SEARCH_STEP 8
#define STIMULUS_MAX_S 60.0
/* Band for the paths' gains and the in-band CMRR. */
#define BAND_LO_HZ 200.0
#define BAND_HI_HZ 5000.0
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

/* Where the excitation of @tf has power: within 30 dB of its peak, inside
 * 20 Hz .. 0.45 fs. */
static void spectrum_band(const struct bp_transfer *tf, double *lo_hz, double *hi_hz)
{
	double peak = 0.0;
	size_t k, first = 0, last = 0;

	for (k = 1; k < tf->nbins; k++)
		peak = fmax(peak, tf->excitation_power[k]);
	for (k = 1; k < tf->nbins; k++) {
		if (tf->excitation_power[k] < 1e-3 * peak)
			continue;
		first = first ? first : k;
		last = k;
	}
	*lo_hz = fmax(20.0, 1.2 * bp_transfer_bin_hz(tf, first));
	*hi_hz = fmin(0.45 * tf->rate_hz, bp_transfer_bin_hz(tf, last) / 1.2);
}

/* The stimulus: the file given, or the plan this probe plays. */
static int load_drives(const struct bp_probe_options *opt, double rate_hz,
		       struct drives *d)
{
	struct bp_wav_data wav;
	int err;

	if (!opt->stimulus_path) {
		if (plan_in(&d->plan, rate_hz, opt->level_dbfs, opt->quick) != 0) {
			bp_error_set_detail("--level %.1f is above the %.0f dBFS cap",
					    opt->level_dbfs, BP_LEVEL_CAP_DBFS);
			return BP_E_STIMULUS;
		}
		d->stim = bp_plan_render(&d->plan);
		err = d->stim ? 0 : BP_E_NOMEM;
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
		if (wav.rate_hz != rate_hz) {
			bp_error_set_detail("%s: the stimulus runs at %.0f Hz but the recording at %.0f Hz — record at the stimulus's rate",
					    opt->stimulus_path, wav.rate_hz, rate_hz);
			return BP_E_STIMULUS;
		}
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
	long want = plan->length + 2 * lround(SEARCH_S * info->rate_hz);

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

/* Each leg less its median: a DC offset is a step at the edges of every
 * analysis window, which deconvolution smears over the noise stretch. */
static int centre_returns(struct returns *t)
{
	int k;

	for (k = 0; k < (t->right_recorded ? 2 : 1); k++) {
		double dc;
		long i;

		if (bp_median(t->leg[k], (size_t)t->len, &dc) != 0)
			return BP_E_NOMEM;
		for (i = 0; i < t->len; i++)
			t->leg[k][i] -= dc;
	}
	return 0;
}

static struct bp_signal_window drive_window(const struct drives *d, int drive, long len)
{
	return (struct bp_signal_window){ .x = d->stim + drive, .stride = 2, .len = len,
					  .start = 0, .used = (size_t)len };
}

static struct bp_signal_window return_window(const struct returns *t, int leg,
					     long start, size_t used)
{
	return (struct bp_signal_window){ .x = t->leg[leg], .stride = 1, .len = t->len,
					  .start = start, .used = used };
}

/* The delay of the returns against the stimulus within +-SEARCH_S: each
 * drive's whole channel deconvolved from both returns, the delay where
 * the four impulse responses together peak (an input may pass either
 * drive alone).  The responses come at 1/8 of the rate or finer (see
 * analyse/deconv.h) and are pooled on a grid of SEARCH_STEP samples: good enough
 * for measure_drives(), whose windows lead by PRE_S, and the phase fit
 * refines it. */
static int search_delay(const struct returns *t, const struct drives *d, long *delay)
{
	const long search = lround(SEARCH_S * t->rate_hz);
	const long span = d->plan.length;
	const size_t n = bp_pow2_ceil((size_t)(span + 2 * search)), cells = n / SEARCH_STEP;
	const struct bp_signal_window l = return_window(t, LEFT, 0, n - (size_t)search);
	const struct bp_signal_window r = return_window(t, RIGHT, 0, n - (size_t)search);
	double *energy = calloc(cells, sizeof(double)), *ir = malloc(n * sizeof(double)), best = -1.0;
	size_t i;
	int drive, leg, err = BP_E_NOMEM;

	if (!energy || !ir)
		goto out;
	for (drive = TIP; drive <= RING; drive++) {
		const struct bp_signal_window x = drive_window(d, drive, span);
		struct bp_transfer tf;

		err = bp_transfer_measure(&tf, t->rate_hz, n, SEARCH_STEP, &l, &r, &x);
		if (err)
			goto out;
		for (leg = LEFT; leg <= (t->right_recorded ? RIGHT : LEFT); leg++) {
			bp_transfer_impulse(&tf, leg == LEFT ? tf.tip : tf.ring, ir);
			for (i = 0; i < bp_transfer_impulse_length(&tf); i++)
				energy[i * tf.ir_step / SEARCH_STEP] += ir[i] * ir[i];
		}
		bp_transfer_free(&tf);
	}
	/* Delays 0..search sit at the start, -search..0 wrap to the end. */
	*delay = 0;
	for (i = 0; i < cells; i++) {
		const long at = (long)(i * SEARCH_STEP);

		if (at > search && at < (long)n - search)
			continue;
		if (energy[i] > best) {
			best = energy[i];
			*delay = at <= search ? at : at - (long)n;
		}
	}
out:
	free(energy);
	free(ir);
	return err;
}

/* Silence after @s before the other drive's sweep, at most TAIL_S. */
static size_t tail_after(const struct drives *d, const struct bp_segment *s, double rate_hz)
{
	const struct bp_segment *o = d->sweep[s == d->sweep[TIP] ? RING : TIP];
	long end = s->start + s->length, pre = lround(PRE_S * rate_hz);
	long next = o->start >= end ? o->start : d->plan.length + lround(SEARCH_S * rate_hz);
	long tail = next - end - pre;

	if (tail > lround(TAIL_S * rate_hz))
		tail = lround(TAIL_S * rate_hz);
	return (size_t)(tail > 0 ? tail : 0);
}

/* @used samples of return @leg from @start (zero outside the recording)
 * into @out, with raised-cosine edges: over the first 80 % of the lead
 * before the response arrives and the last half of the tail after it.
 * A hard cut would leak hum (a steady mains tone on the return, from a
 * ground loop) across the whole band at 6 dB an octave, where dividing
 * by the sweep's weak treble lifts it over a good input's common mode;
 * tapered, its leakage falls at 18 dB an octave (Harris 1978). */
static void tapered_return(const struct returns *t, int leg, long start, size_t used,
			   size_t lead, size_t tail, double *out)
{
	const size_t rise = lead * 4 / 5, fall = tail / 2;
	size_t i;

	for (i = 0; i < used; i++) {
		const long at = start + (long)i;
		double g = 1.0;

		if (i < rise)
			g = 0.5 - 0.5 * cos(M_PI * (double)i / (double)rise);
		else if (i + fall >= used && fall > 0)
			g = 0.5 - 0.5 * cos(M_PI * (double)(used - 1 - i) / (double)fall);
		out[i] = at >= 0 && at < t->len ? g * t->leg[leg][at] : 0.0;
	}
}

/* The two drives' transfers to both returns, each window starting PRE_S
 * before its sweep arrives, at one circular length so their bins line up
 * and their impulse responses share the time origin. */
static int measure_drives(const struct returns *t, const struct drives *d, long delay,
			  struct bp_transfer tf[2])
{
	const long pre = lround(PRE_S * t->rate_hz);
	size_t used[2], tail[2], n;
	double *legs;
	int k, err = 0;

	for (k = TIP; k <= RING; k++) {
		tail[k] = tail_after(d, d->sweep[k], t->rate_hz);
		used[k] = (size_t)(pre + d->sweep[k]->length) + tail[k];
	}
	n = bp_pow2_ceil(used[TIP] > used[RING] ? used[TIP] : used[RING]);
	legs = malloc(2 * n * sizeof(double));
	if (!legs)
		return BP_E_NOMEM;
	for (k = TIP; k <= RING && !err; k++) {
		const struct bp_segment *s = d->sweep[k];
		const long start = s->start + delay - pre;
		const struct bp_signal_window x = {
			.x = d->stim + (size_t)s->start * 2 + (size_t)k, .stride = 2,
			.len = s->length, .start = 0, .used = (size_t)s->length };
		const struct bp_signal_window l = { .x = legs, .stride = 1,
			.len = (long)used[k], .start = 0, .used = used[k] };
		const struct bp_signal_window r = { .x = legs + n, .stride = 1,
			.len = (long)used[k], .start = 0, .used = used[k] };

		tapered_return(t, LEFT, start, used[k], (size_t)pre, tail[k], legs);
		tapered_return(t, RIGHT, start, used[k], (size_t)pre, tail[k], legs + n);
		/* Full-rate impulse responses: the windows are short, and the
		 * two transfers' responses must share one sampling. */
		err = bp_transfer_measure(&tf[k], t->rate_hz, n, 1, &l, &r, &x);
		if (err && k == RING)
			bp_transfer_free(&tf[TIP]);
	}
	free(legs);
	return err;
}

/* How far the impulse response of @h stands above its noise, dB: the
 * energy from PRE_S/2 before @peak to IR_SPAN_S after it against an
 * equally long share of the stretch from 5 spans after the peak to 60 %
 * of the window (where harmonic products do not wrap in). */
static double impulse_snr_db(const struct bp_transfer *tf, const double complex *h,
			     size_t peak, double *ir)
{
	const size_t step = tf->ir_step, m = bp_transfer_impulse_length(tf);
	const size_t pre = (size_t)(PRE_S * tf->rate_hz) / step / 2;
	const size_t span = (size_t)(IR_SPAN_S * tf->rate_hz) / step;
	const size_t from = peak / step + 5 * span;
	size_t to = (size_t)(0.6 * (double)m), i;
	double sig = 0.0, noise = 0.0;

	bp_transfer_impulse(tf, h, ir);
	if (to <= from + span)
		to = m;
	for (i = peak / step > pre ? peak / step - pre : 0; i < peak / step + span && i < m; i++)
		sig += ir[i] * ir[i];
	for (i = from; i < to; i++)
		noise += ir[i] * ir[i];
	noise *= (double)(span + pre) / (double)(to > from ? to - from : 1);
	return 10.0 * log10(sig / fmax(noise, 1e-300));
}

/* Mean |h|^2 over the band, dB. */
static double band_db(const struct bp_transfer *tf, const double complex *h)
{
	size_t k, n = 0;
	double sum = 0.0;

	for (k = 1; k < tf->nbins; k++) {
		double f = bp_transfer_bin_hz(tf, k);

		if (f >= BAND_LO_HZ && f <= BAND_HI_HZ) {
			sum += bp_cabs2(h[k]);
			n++;
		}
	}
	return 10.0 * log10(sum / (double)(n ? n : 1));
}

/* The whole-sample arrival: the peak of the four paths' impulse responses
 * within PRE_S of where the window puts it. */
static size_t arrival(const struct bp_transfer tf[2], bool right_recorded, double *ir,
		      double *sum)
{
	const size_t m = bp_transfer_impulse_length(&tf[TIP]);
	const size_t hi = 2 * (size_t)(PRE_S * tf[TIP].rate_hz) / tf[TIP].ir_step;
	size_t i, peak = 0;
	int k, leg;

	memset(sum, 0, m * sizeof(double));
	for (k = TIP; k <= RING; k++)
		for (leg = LEFT; leg <= (right_recorded ? RIGHT : LEFT); leg++) {
			bp_transfer_impulse(&tf[k], leg == LEFT ? tf[k].tip : tf[k].ring, ir);
			for (i = 0; i < m; i++)
				sum[i] += ir[i] * ir[i];
		}
	for (i = 1; i <= hi && i < m; i++)
		if (sum[i] > sum[peak])
			peak = i;
	return peak * tf[TIP].ir_step;
}

struct analysis {
	double complex *h[2][2];   /* [drive][return], borrowed from tf */
	double complex *diff, *common;
	double *ir, *scratch;
	size_t n0;
	double lo_hz, hi_hz;
};

static void fill_path(const struct bp_transfer *tf, struct analysis *a, int drive, int leg,
		      struct bp_input_path *p)
{
	const double complex *h = a->h[drive][leg];

	p->present = impulse_snr_db(tf, h, a->n0, a->ir) >= PRESENT_SNR_DB;
	p->gain_db = band_db(tf, h);
}

/* Verdict, polarity, latency, response and CMRR from the transfers; with
 * @plots, the two transfers the report draws. */
static void analyse_transfers(const struct returns *t, const struct drives *d, long delay,
			      struct bp_transfer tf[2], struct analysis *a, bool plots,
			      struct bp_result *r)
{
	const size_t nb = tf[TIP].nbins;
	const double pre = (double)lround(PRE_S * t->rate_hz);
	struct bp_input_paths p = { .right_recorded = t->right_recorded };
	struct bp_latency_fit fit;
	struct bp_cmrr_drives drives;
	double fit_delay = NAN;
	int ret = LEFT;

	if (d->sweep[TIP]->f1_hz > 0.0) {
		a->lo_hz = fmax(20.0, 2.0 * d->sweep[TIP]->f1_hz);
		a->hi_hz = fmin(d->sweep[TIP]->f2_hz / 1.04, 0.46 * t->rate_hz);
	} else {
		spectrum_band(&tf[TIP], &a->lo_hz, &a->hi_hz);
	}
	a->n0 = arrival(tf, t->right_recorded, a->ir, a->scratch);
	a->h[TIP][LEFT] = tf[TIP].tip;
	a->h[TIP][RIGHT] = tf[TIP].ring;
	a->h[RING][LEFT] = tf[RING].tip;
	a->h[RING][RIGHT] = tf[RING].ring;
	bp_cmrr_drives_assumed(&drives);
	bp_cmrr_correct(&drives, a->h[RING][LEFT], nb);
	bp_cmrr_correct(&drives, a->h[RING][RIGHT], nb);
	fill_path(&tf[TIP], a, TIP, LEFT, &p.tip);
	fill_path(&tf[TIP], a, RING, LEFT, &p.ring);
	if (t->right_recorded) {
		fill_path(&tf[TIP], a, TIP, RIGHT, &p.right_tip);
		fill_path(&tf[TIP], a, RING, RIGHT, &p.right_ring);
	}
	if (t->right_recorded && !p.tip.present && !p.ring.present) {
		/* The input came back on the second return only. */
		ret = RIGHT;
		p.right_recorded = false;
		p.tip = p.right_tip;
		p.ring = p.right_ring;
	}
	bp_cmrr_modes(a->h[TIP][ret], a->h[RING][ret], nb, a->diff, a->common);
	/* A_d carries the input's delay whichever drive it passes. */
	if ((p.tip.present || p.ring.present) &&
	    bp_latency_fit(&tf[TIP], a->diff, a->n0, a->lo_hz, a->hi_hz, &fit) == 0) {
		fit_delay = fit.delay_samples;
		r->latency.samples = (double)delay - pre + fit.delay_samples;
		r->latency.ms = 1000.0 * r->latency.samples / t->rate_hz;
		r->latency.uncertainty_samples = fit.uncertainty_samples;
		p.diff_phase_rad = bp_latency_phase(&tf[TIP], a->diff, fit_delay, a->lo_hz, a->hi_hz);
	}
	/* A stereo input's polarity is each channel's own. */
	if (p.right_recorded && isfinite(fit_delay)) {
		p.tip.phase_rad = bp_latency_phase(&tf[TIP], a->h[TIP][LEFT], fit_delay,
						   a->lo_hz, a->hi_hz);
		p.right_ring.phase_rad = bp_latency_phase(&tf[TIP], a->h[RING][RIGHT], fit_delay,
							  a->lo_hz, a->hi_hz);
	}
	p.band_cmrr_db = band_db(&tf[TIP], a->diff) - band_db(&tf[TIP], a->common);
	bp_cmrr_judge(&p, &r->jack, &r->polarity);
	/* A stereo input returns the ring drive on its right channel. */
	if (plots)
		bp_plot_capture_response(&r->plot.response, &tf[TIP], a->h[TIP][ret],
					 a->h[RING][r->jack.verdict == BP_JACK_STEREO ? RIGHT : ret],
					 a->lo_hz, a->hi_hz);
	r->cmrr.measured = true;
	r->cmrr.at_1k_db = NAN;
	if (r->jack.verdict == BP_JACK_STEREO || r->jack.verdict == BP_JACK_NO_SIGNAL) {
		snprintf(r->cmrr.explanation, sizeof(r->cmrr.explanation), "%s",
			 r->jack.verdict == BP_JACK_STEREO
				 ? "a stereo input takes tip and ring as two channels: it has no common-mode rejection"
				 : "nothing came back, so there is nothing to reject");
		if (r->jack.verdict == BP_JACK_STEREO)
			bp_response_analyse(&tf[TIP], a->h[TIP][LEFT], a->lo_hz, a->hi_hz, &r->response);
		return;
	}
	bp_cmrr_curve(&tf[TIP], a->diff, a->common, a->lo_hz, a->hi_hz,
		      impulse_snr_db(&tf[TIP], a->common, a->n0, a->ir), &drives, &r->cmrr);
	bp_response_analyse(&tf[TIP], a->diff, a->lo_hz, a->hi_hz, &r->response);
}

static int analysis_alloc(struct analysis *a, const struct bp_transfer *tf)
{
	const size_t m = bp_transfer_impulse_length(tf);

	a->diff = malloc(tf->nbins * sizeof(double complex));
	a->common = malloc(tf->nbins * sizeof(double complex));
	a->ir = malloc(m * sizeof(double));
	a->scratch = malloc(m * sizeof(double));
	return a->diff && a->common && a->ir && a->scratch ? 0 : BP_E_NOMEM;
}

static void analysis_free(struct analysis *a)
{
	free(a->diff);
	free(a->common);
	free(a->ir);
	free(a->scratch);
}

/* Clipped samples and stuck legs of the returns as recorded. */
static long count_clipped(const struct returns *t, unsigned *stuck_legs)
{
	struct bp_level_meter *m;
	long clipped;

	*stuck_legs = 0;
	if (bp_level_meter_new(&m, t->rate_hz) != 0)
		return 0;
	bp_level_meter_push(m, t->leg[LEFT], t->leg[RIGHT], (size_t)t->len);
	clipped = bp_level_meter_clipped_samples(m);
	*stuck_legs = bp_level_meter_stuck_legs(m);
	bp_level_meter_free(m);
	return clipped;
}

static int in_analyse(struct bp_recording *rec, const struct bp_probe_options *opt,
		      struct bp_result *r)
{
	struct returns t = { .rate_hz = bp_recording_info(rec)->rate_hz };
	struct drives d = { .stim = NULL };
	struct bp_transfer tf[2];
	struct analysis a = { .diff = NULL };
	bool have_tf = false;
	unsigned stuck_legs = 0;
	long delay = 0, clipped = 0;
	int err;

	if (bp_recording_info(rec)->frames > 0)
		bp_heap_reserve_huge((size_t)bp_recording_info(rec)->frames * 128);
	err = load_drives(opt, t.rate_hz, &d);
	if (!err)
		err = load_returns(rec, &d.plan, &t);
	if (!err) {
		clipped = count_clipped(&t, &stuck_legs);
		err = centre_returns(&t);
	}
	if (!err)
		err = search_delay(&t, &d, &delay);
	if (!err)
		err = measure_drives(&t, &d, delay, tf);
	have_tf = !err;
	if (!err)
		err = analysis_alloc(&a, &tf[TIP]);
	if (err)
		goto out;
	analyse_transfers(&t, &d, delay, tf, &a, opt->plots, r);
	r->level.clipping = clipped > 0;
	bp_result_check_validity(r, clipped, stuck_legs,
				 "turn down the input's gain (or the device's output feeding the return) and measure again");
	bp_advice_input_fill(r);
out:
	analysis_free(&a);
	if (have_tf) {
		bp_transfer_free(&tf[TIP]);
		bp_transfer_free(&tf[RING]);
	}
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
	.polarity_unknown = BP_POLARITY_NEEDS_STIMULUS,
};
