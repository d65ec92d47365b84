#include "config.h"

#include <complex.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/advice.h"
#include "analyse/balance.h"
#include "analyse/deconv.h"
#include "dsp/dsp.h"
#include "util/errors.h"
#include "util/heap.h"
#include "analyse/hum-family.h"
#include "analyse/latency.h"
#include "analyse/level.h"
#include "util/number-format.h"
#include "result/plot-capture.h"
#include "probes/probe.h"
#include "analyse/response.h"
#include "signal/stimulus.h"
#include "analyse/tone.h"
#include "io/audio-file.h"
#include "analyse/welch.h"

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

/* The recording may start up to this long before or after the stimulus. */
#define SEARCH_S 1.0
/* Window lead before the expected arrival, for pre-ringing. */
#define PRE_S 0.01
/* Impulse-response window that counts as "the response". */
#define IR_SPAN_S 0.02
/* A path carries the stimulus when its impulse response stands this far
 * above the noise in an equally long stretch. */
#define PRESENT_SNR_DB 20.0
/* Two inputs' own noise has a coherence near 1/K over K Welch segments;
 * one signal on both legs at an SNR of 0 dB has 0.25, at 10 dB 0.83. */
#define PORT_COHERENCE 0.5
/* Flatness of white noise is exp(psi(K)) / K over K averaged periodograms
 * (tip plus ring doubles them): 0.88 for the 4 of a 1 s take, more for
 * longer ones; pink noise over the band gives 0.4. */
#define WHITE_FLATNESS 0.7
#define RING_FLOOR_DB 120.0
/* The pickup fit's points: a sixth of an octave apart. */
#define OCTAVE_STEP 1.122462048309373
#define STIMULUS_MAX_S 60.0
/* Impulse responses are read at down to 1/8 of the rate (see analyse/deconv.h). */
#define IR_STEP_MAX 8

struct path {
	double gain_db;        /* band gain of the transfer, dB */
	double snr_db;         /* of its impulse response */
	bool present;
};

struct sweep_take {
	struct bp_transfer tf;
	size_t n0;             /* impulse-response peak in the window */
	long window_start;     /* recording sample where the window starts */
	struct path tip, ring;
	double complex ring_over_tip;
	double lo_hz, hi_hz;   /* band the excitation covers */
};

struct take {
	const struct bp_plan *plan;
	const double *stim;    /* plan->channels interleaved */
	double *tip, *ring;
	long len;
	double rate_hz;
};

/* One stimulus channel's span, in place. */
static struct bp_signal_window stimulus_window(const struct take *t, int channel,
					       long start, long len)
{
	return (struct bp_signal_window){
		.x = t->stim + channel + (size_t)start * (size_t)t->plan->channels,
		.stride = (size_t)t->plan->channels, .len = len, .start = 0,
		.used = (size_t)len };
}

/* A window of @used samples of one recorded leg from @start (may be
 * negative), in place. */
static struct bp_signal_window leg_window(const struct take *t, const double *leg,
					  long start, size_t used)
{
	return (struct bp_signal_window){ .x = leg, .stride = 1, .len = t->len,
					  .start = start, .used = used };
}

/* Excitation band: where its power is within 30 dB of its strongest
 * third of an octave, bounded to 20 Hz .. 0.45 fs. */
static void excitation_band(const struct bp_transfer *tf, const struct bp_segment *s,
			    double *lo, double *hi)
{
	if (s->f1_hz > 0.0) {
		*lo = fmax(20.0, 2.0 * s->f1_hz);
		*hi = fmin(s->f2_hz / 1.04, 0.46 * tf->rate_hz);
		return;
	} else {
		double peak = 0.0;
		size_t k, first = 0, last = 0;

		for (k = 1; k < tf->nbins; k++)
			peak = fmax(peak, tf->excitation_power[k]);
		for (k = 1; k < tf->nbins; k++)
			if (tf->excitation_power[k] >= 1e-3 * peak) {
				if (!first)
					first = k;
				last = k;
			}
		*lo = fmax(20.0, bp_transfer_bin_hz(tf, first) * 1.2);
		*hi = fmin(0.45 * tf->rate_hz, bp_transfer_bin_hz(tf, last) / 1.2);
	}
}

/* The transfer @h's power gain between @f_lo and @f_hi (within the
 * excitation's band), weighted by the excitation's power, dB. */
static double band_gain_db(const struct sweep_take *s, const double complex *h,
			   double f_lo, double f_hi)
{
	const double bin_hz = bp_transfer_bin_hz(&s->tf, 1);
	size_t i = (size_t)ceil(fmax(f_lo, s->lo_hz) / bin_hz);
	const size_t last = (size_t)floor(fmin(f_hi, s->hi_hz) / bin_hz);
	double num = 0.0, den = 0.0;

	for (; i <= last && i < s->tf.nbins; i++) {
		num += bp_cabs2(h[i]) * s->tf.excitation_power[i];
		den += s->tf.excitation_power[i];
	}
	return 10.0 * log10(num / den);
}

static struct path measure_path(const struct sweep_take *s, const double complex *h,
				const double *ir, double rate_hz)
{
	const size_t step = s->tf.ir_step, m = s->tf.n / step;
	const size_t pre = (size_t)(PRE_S * rate_hz) / step;
	const size_t span = (size_t)(IR_SPAN_S * rate_hz) / step;
	const size_t peak = s->n0 / step, noise_from = peak + 5 * span;
	size_t noise_to = (size_t)(0.6 * (double)m), i;
	double sig = 0.0, noise = 0.0;
	struct path p;

	for (i = peak > pre / 2 ? peak - pre / 2 : 0; i < peak + span && i < m; i++)
		sig += ir[i] * ir[i];
	if (noise_to <= noise_from + span)
		noise_to = m;
	for (i = noise_from; i < noise_to; i++)
		noise += ir[i] * ir[i];
	noise *= (double)(span + pre / 2) / (double)(noise_to - noise_from);
	p.snr_db = 10.0 * log10(sig / fmax(noise, 1e-300));
	p.present = p.snr_db >= PRESENT_SNR_DB;
	p.gain_db = band_gain_db(s, h, 100.0, 10000.0);
	return p;
}

static size_t tail_after(const struct bp_plan *plan, const struct bp_segment *s,
			 double rate_hz);

/* The circular length for deconvolving the sweeps: every sweep with its
 * lead and tail fits.  One length for all, so FFTW shares the twiddle
 * factors between their plans, and a power of two: FFTW_ESTIMATE plans
 * those two to four times faster than other smooth sizes, and planning,
 * not transforming, is what a short analysis spends its time on. */
static size_t sweep_length(const struct bp_plan *plan, double rate_hz,
			   size_t (*tail)(const struct bp_plan *, const struct bp_segment *, double))
{
	const size_t pre = (size_t)(PRE_S * rate_hz);
	size_t need = 0;
	int i;

	for (i = 0; i < plan->n_segments; i++) {
		const struct bp_segment *s = &plan->seg[i];
		size_t len = pre + (size_t)s->length + tail(plan, s, rate_hz);

		if (s->kind == BP_SEG_SWEEP && len > need)
			need = len;
	}
	return bp_pow2_ceil(need);
}

/* Deconvolve the response to sweep @seg, which arrives @delay samples
 * into the recording after its place in the stimulus, at circular length
 * @n; the window holds the sweep's lead, itself and @tail, zero beyond. */
static int measure_sweep(const struct take *t, const struct bp_segment *seg,
			 long delay, size_t tail, size_t n, struct sweep_take *s)
{
	const size_t pre = (size_t)(PRE_S * t->rate_hz);
	const size_t used = pre + (size_t)seg->length + tail;
	const struct bp_signal_window x = stimulus_window(t, seg->channel, seg->start,
							  seg->length);
	struct bp_signal_window wt, wr;
	double *ir_tip = NULL, *ir_ring = NULL;
	double complex num = 0.0;
	double den = 0.0;
	size_t k, m;
	int err;

	memset(s, 0, sizeof(*s));
	s->window_start = seg->start + delay - (long)pre;
	wt = leg_window(t, t->tip, s->window_start, used);
	wr = leg_window(t, t->ring, s->window_start, used);
	err = bp_transfer_measure(&s->tf, t->rate_hz, n, IR_STEP_MAX, &wt, &wr, &x);
	if (err)
		return err;
	m = bp_transfer_impulse_length(&s->tf);
	ir_tip = malloc(m * sizeof(double));
	ir_ring = malloc(m * sizeof(double));
	if (!ir_tip || !ir_ring) {
		err = BP_E_NOMEM;
		bp_transfer_free(&s->tf);
		goto out;
	}
	excitation_band(&s->tf, seg, &s->lo_hz, &s->hi_hz);
	bp_transfer_impulse(&s->tf, s->tf.tip, ir_tip);
	bp_transfer_impulse(&s->tf, s->tf.ring, ir_ring);
	s->n0 = s->tf.ir_step * bp_latency_peak(ir_tip, ir_ring, 0, 2 * pre / s->tf.ir_step);
	s->tip = measure_path(s, s->tf.tip, ir_tip, t->rate_hz);
	s->ring = measure_path(s, s->tf.ring, ir_ring, t->rate_hz);
	for (k = 1; k < s->tf.nbins; k++) {
		num += s->tf.ring[k] * conj(s->tf.tip[k]) * s->tf.excitation_power[k];
		den += bp_cabs2(s->tf.tip[k]) * s->tf.excitation_power[k];
	}
	s->ring_over_tip = den > 0.0 ? num / den : 0.0;
out:
	free(ir_tip);
	free(ir_ring);
	return err;
}

/* Sum of each @q samples of window @w into @out[0..n): a boxcar low-pass
 * and decimation in one. */
static void decimate(const struct bp_signal_window *w, long q, size_t n, double *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		long from = w->start + (long)i * q, to = from + q, j;
		double sum = 0.0;

		from = from > 0 ? from : 0;
		to = to < w->len ? to : w->len;
		for (j = from; j < to; j++)
			sum += w->x[(size_t)j * w->stride];
		out[i] = sum;
	}
}

/* Sum of squares of @x[0..n). */
static double energy(const double *x, size_t n)
{
	double e = 0.0;
	size_t i;

	for (i = 0; i < n; i++)
		e += x[i] * x[i];
	return e;
}

/* The coarsest decimation (a power of two, down from a ~750 Hz band) that
 * keeps at least 40 % of the energy of the excitation @x: an exponential
 * sweep keeps half below 400 Hz, a linear one needs nearly the full band. */
static long search_decimation(const struct bp_signal_window *x, double rate_hz)
{
	long q = (long)bp_pow2_ceil((size_t)(rate_hz / 1500.0));
	double total = 0.0;
	long i;

	for (i = 0; i < x->len; i++)
		total += x->x[(size_t)i * x->stride] * x->x[(size_t)i * x->stride];
	for (; q > 1; q /= 4) {
		size_t n = (size_t)(x->len / q);
		double *d = malloc(n * sizeof(double)), kept;

		if (!d)
			return 1;
		decimate(x, q, n, d);
		/* A boxcar of q passes low frequencies with gain q. */
		kept = energy(d, n) / (double)q;
		free(d);
		if (kept >= 0.4 * total)
			break;
	}
	return q < 1 ? 1 : q;
}

/* The delay of the recording against the stimulus within +-SEARCH_S, to
 * within a few milliseconds: deconvolution of decimated signals (see
 * search_decimation()).  measure_sweep() searches PRE_S around it for the
 * exact peak. */
static int coarse_delay(const struct take *t, const struct bp_segment *seg, long *delay)
{
	const struct bp_signal_window x = stimulus_window(t, seg->channel, 0,
							  seg->start + seg->length);
	const long q = search_decimation(&x, t->rate_hz);
	const long search = lround(SEARCH_S * t->rate_hz) / q;
	const long ref_len = x.len / q;
	const size_t n = bp_pow2_ceil((size_t)(ref_len + 2 * search));
	/* The last SEARCH_S stays empty so a late start wraps there cleanly. */
	const size_t used = n - (size_t)search;
	const struct bp_signal_window tip = leg_window(t, t->tip, 0, 0);
	const struct bp_signal_window ring = leg_window(t, t->ring, 0, 0);
	double *xd = malloc(n * sizeof(double));
	double *wt = malloc(n * sizeof(double)), *wr = malloc(n * sizeof(double));
	struct bp_signal_window dx = { .x = xd, .stride = 1, .len = ref_len,
				       .used = (size_t)ref_len };
	struct bp_signal_window dt = { .x = wt, .stride = 1, .len = (long)used, .used = used };
	struct bp_signal_window dr = { .x = wr, .stride = 1, .len = (long)used, .used = used };
	struct bp_transfer tf;
	size_t lo, peak, wrapped;
	int err = BP_E_NOMEM;

	if (!xd || !wt || !wr)
		goto out;
	decimate(&x, q, (size_t)ref_len, xd);
	decimate(&tip, q, used, wt);
	decimate(&ring, q, used, wr);
	err = bp_transfer_measure(&tf, t->rate_hz / (double)q, n, 1, &dt, &dr, &dx);
	if (err)
		goto out;
	bp_transfer_impulse(&tf, tf.tip, wt);
	bp_transfer_impulse(&tf, tf.ring, wr);
	bp_transfer_free(&tf);
	/* Delays 0..search sit at the start, -search..0 wrap to the end. */
	peak = bp_latency_peak(wt, wr, 0, (size_t)search);
	lo = n - (size_t)search;
	wrapped = bp_latency_peak(wt, wr, lo, n - 1);
	if (wt[wrapped] * wt[wrapped] + wr[wrapped] * wr[wrapped] >
	    wt[peak] * wt[peak] + wr[peak] * wr[peak])
		peak = wrapped;
	*delay = q * (peak >= lo ? (long)peak - (long)n : (long)peak);
out:
	free(xd);
	free(wt);
	free(wr);
	return err;
}

static double clamp01(double x)
{
	return x < 0.0 ? 0.0 : x > 1.0 ? 1.0 : x;
}

/* The ring/tip transfer of @s at sixth-octave points over the
 * excitation's band, for the pickup fit (analyse/balance.h).  With white noise at
 * the ring's input, a point's signal-to-noise ratio is the ring's whole
 * one (its impulse response's) scaled by the point's share of the ring's
 * energy per bin; points under the noise are left out, and the fit
 * discounts the few that hum or noise pushes off. */
static size_t ring_ratio_points(const struct sweep_take *s, struct bp_ratio_point *pts,
				size_t max)
{
	const double bin_hz = bp_transfer_bin_hz(&s->tf, 1);
	const size_t first = (size_t)ceil(s->lo_hz / bin_hz);
	const size_t last = (size_t)fmin(floor(s->hi_hz / bin_hz), (double)(s->tf.nbins - 1));
	double per_bin = 0.0, lo;
	size_t k, n = 0;

	for (k = first; k <= last; k++)
		per_bin += bp_cabs2(s->tf.ring[k]) * s->tf.excitation_power[k];
	per_bin /= (double)(last - first + 1);
	for (lo = s->lo_hz; lo < s->hi_hz && n < max && per_bin > 0.0; lo *= OCTAVE_STEP) {
		double den = 0.0, energy = 0.0, hz = 0.0, bins = 0.0, snr;
		double complex num = 0.0;

		for (k = (size_t)ceil(lo / bin_hz);
		     k <= last && (double)k * bin_hz < lo * OCTAVE_STEP; k++) {
			const double x = s->tf.excitation_power[k];

			num += s->tf.ring[k] * conj(s->tf.tip[k]) * x;
			den += bp_cabs2(s->tf.tip[k]) * x;
			energy += bp_cabs2(s->tf.ring[k]) * x;
			hz += (double)k * bin_hz;
			bins++;
		}
		snr = bins > 0.0 ? pow(10.0, s->ring.snr_db / 10.0) * energy / bins / per_bin : 0.0;
		if (snr < 1.0 || !(den > 0.0))
			continue;
		pts[n++] = (struct bp_ratio_point){ .hz = hz / bins, .h = num / den,
						    .weight = bins * snr };
	}
	return n;
}

/* The jack from the 2x2 transfer matrix {tip, ring} x {tested, partner}
 * (@b may be NULL: no partner was driven). */
static void judge_jack(const struct sweep_take *a, const struct sweep_take *b,
		       struct bp_jack_result *out)
{
	const double ratio_db = a->ring.gain_db - a->tip.gain_db;
	const double complex k = a->ring_over_tip;
	const double sign = cabs(k) > 0.0 ? creal(k) / cabs(k) : 0.0;
	const bool partner_on_ring = b && b->ring.present &&
				     b->ring.gain_db > a->tip.gain_db - BP_SILENT_LEG_DB;
	char *e = out->explanation;
	const size_t n = sizeof(out->explanation);
	struct bp_ratio_point pts[BP_PICKUP_POINTS_MAX];
	struct bp_pickup pickup;
	enum bp_ring_relation rel;
	bool ring_pickup;

	/* The cable's capacitance coupling the tip into an open ring. */
	bp_pickup_fit(pts, ring_ratio_points(a, pts, BP_PICKUP_POINTS_MAX), &pickup);
	ring_pickup = a->tip.present && a->ring.present && pickup.found;
	rel = bp_ring_relation(ratio_db, sign, a->ring.present);
	out->verdict = BP_JACK_UNKNOWN;
	out->confidence = NAN;
	/* Below 120 dB nothing is told apart: a bound, as an absent ring. */
	out->ring_db = fmax(ratio_db, -RING_FLOOR_DB);
	out->ring_db_is_bound = !a->ring.present || ratio_db < -RING_FLOOR_DB;
	if (!a->tip.present && !a->ring.present) {
		out->verdict = BP_JACK_NO_SIGNAL;
		out->confidence = clamp01(1.0 - fmax(a->tip.snr_db, a->ring.snr_db) / PRESENT_SNR_DB);
		if (isfinite(a->tip.snr_db) && isfinite(a->ring.snr_db))
			snprintf(e, n, "the stimulus does not come back on tip or ring (its response stands %.1f dB and %.1f dB above the noise)",
				 a->tip.snr_db, a->ring.snr_db);
		else
			snprintf(e, n, "tip and ring are digital silence: nothing comes back");
		out->confidence = isfinite(out->confidence) ? out->confidence : 1.0;
	} else if (!a->tip.present) {
		snprintf(e, n, "the stimulus comes back on the ring only (%.1f dB): tip open or tip and ring swapped — check the cable",
			 a->ring.gain_db);
	} else if (rel == BP_RING_SILENT || ring_pickup) {
		if (partner_on_ring) {
			out->verdict = BP_JACK_STEREO;
			out->confidence = clamp01((b->ring.gain_db - a->ring.gain_db) / 40.0);
			snprintf(e, n, "the tip carries this output and the ring carries its pair partner (%.1f dB): a stereo jack",
				 b->ring.gain_db - a->tip.gain_db);
		} else if (ring_pickup) {
			out->verdict = BP_JACK_UNBALANCED;
			out->confidence = bp_pickup_confidence(&pickup);
			out->ring_db = NAN;
			bp_pickup_explain(&pickup, e, n);
		} else {
			out->verdict = BP_JACK_UNBALANCED;
			out->confidence = bp_ring_relation_confidence(rel, ratio_db, sign);
			snprintf(e, n, "only the tip carries the signal; the ring is %s%s%.1f dB below it — an unbalanced output, or impedance-balanced (its ring only matches the tip's impedance to ground)",
				 a->ring.present ? "" : "at the noise floor, ",
				 out->ring_db_is_bound ? "more than " : "", -out->ring_db);
		}
	} else if (rel == BP_RING_INVERTED) {
		out->verdict = BP_JACK_BALANCED;
		out->confidence = bp_ring_relation_confidence(rel, ratio_db, sign);
		snprintf(e, n, "ring carries the tip signal inverted (%s, %s)",
			 BP_NUMBER(ratio_db, 2, BP_FMT_SIGN, " dB", ""),
			 BP_NUMBER(carg(k) * 180.0 / M_PI, 1, 0, " deg", ""));
	} else if (rel == BP_RING_IN_PHASE) {
		out->verdict = BP_JACK_DUAL_MONO;
		out->confidence = bp_ring_relation_confidence(rel, ratio_db, sign);
		snprintf(e, n, "tip and ring carry the same signal in phase (%s, %s): dual-mono or parallel, not balanced",
			 BP_NUMBER(ratio_db, 2, BP_FMT_SIGN, " dB", ""),
			 BP_NUMBER(carg(k) * 180.0 / M_PI, 1, 0, " deg", ""));
	} else {
		snprintf(e, n, "ring carries the tip signal at %s and %s: neither balanced nor unbalanced — one leg may be faulty, or the two inputs' gains differ",
			 BP_NUMBER(ratio_db, 1, BP_FMT_SIGN, " dB", ""),
			 BP_NUMBER(carg(k) * 180.0 / M_PI, 0, 0, " deg", ""));
	}
}

/* What a balanced input would receive, as a transfer: tip - ring for a
 * balanced jack, otherwise the tip (written into @h, nbins long). */
static void received(const struct sweep_take *s, enum bp_jack_verdict v,
		     double complex *h)
{
	size_t k;

	for (k = 0; k < s->tf.nbins; k++)
		h[k] = v == BP_JACK_BALANCED ? s->tf.tip[k] - s->tf.ring[k] : s->tf.tip[k];
}

/* Mean |H|^2 over the band, weighted by the excitation's power. */
static double band_power(const struct sweep_take *s, const double complex *h)
{
	double p = 0.0, w = 0.0;
	size_t k;

	for (k = 1; k < s->tf.nbins; k++) {
		double f = bp_transfer_bin_hz(&s->tf, k);

		if (f >= s->lo_hz && f <= s->hi_hz) {
			p += bp_cabs2(h[k]) * s->tf.excitation_power[k];
			w += s->tf.excitation_power[k];
		}
	}
	return w > 0.0 ? p / w : 0.0;
}

static void judge_polarity(const struct sweep_take *a, enum bp_jack_verdict jack,
			   const struct bp_latency_fit *tip_fit,
			   struct bp_polarity_result *out)
{
	const double deg = tip_fit->phase_rad * 180.0 / M_PI;

	if (jack == BP_JACK_NO_SIGNAL || jack == BP_JACK_UNKNOWN || !a->tip.present) {
		out->verdict = BP_POLARITY_UNKNOWN;
		snprintf(out->explanation, sizeof(out->explanation),
			 "the jack could not be judged, so neither can its polarity");
	} else if (cos(tip_fit->phase_rad) > BP_CLEAR_SIGN) {
		out->verdict = BP_POLARITY_NORMAL;
		snprintf(out->explanation, sizeof(out->explanation),
			 "the tip follows the stimulus (%s)%s", BP_NUMBER(deg, 1, 0, " deg", ""),
			 jack == BP_JACK_BALANCED ? ": hot on tip (XLR pin 2)" : "");
	} else if (cos(tip_fit->phase_rad) < -BP_CLEAR_SIGN) {
		out->verdict = BP_POLARITY_INVERTED;
		snprintf(out->explanation, sizeof(out->explanation),
			 "the tip carries the stimulus inverted (%s)%s", BP_NUMBER(deg, 1, 0, " deg", ""),
			 jack == BP_JACK_BALANCED ? ": hot on ring (XLR pin 3 hot)" : "");
	} else {
		out->verdict = BP_POLARITY_UNKNOWN;
		snprintf(out->explanation, sizeof(out->explanation),
			 "the tip's phase is %s: neither in phase nor inverted", BP_NUMBER(deg, 0, 0, " deg", ""));
	}
}

/* Latency, polarity, response and crosstalk from the sweeps; with @plots,
 * also what the report draws of them (the impulse response at the full
 * rate costs an inverse transform of the whole sweep per leg). */
static int analyse_sweeps(const struct take *t, const struct sweep_take *a,
			  const struct sweep_take *b, long delay, bool plots,
			  struct bp_result *r)
{
	double complex *h = malloc(a->tf.nbins * sizeof(double complex));
	struct bp_latency_fit fit, tip_fit;
	const double pre = (double)((long)(PRE_S * t->rate_hz));

	if (!h)
		return BP_E_NOMEM;
	received(a, r->jack.verdict, h);
	if (r->jack.verdict != BP_JACK_NO_SIGNAL &&
	    bp_latency_fit(&a->tf, h, a->n0, a->lo_hz, a->hi_hz, &fit) == 0) {
		tip_fit = fit;
		tip_fit.phase_rad = bp_latency_phase(&a->tf, a->tf.tip, fit.delay_samples,
						     a->lo_hz, a->hi_hz);
		judge_polarity(a, r->jack.verdict, &tip_fit, &r->polarity);
		r->latency.samples = (double)delay - pre + fit.delay_samples;
		r->latency.ms = 1000.0 * r->latency.samples / t->rate_hz;
		r->latency.uncertainty_samples = fit.uncertainty_samples;
		bp_response_analyse(&a->tf, h, a->lo_hz, a->hi_hz, &r->response);
	} else {
		snprintf(r->polarity.explanation, sizeof(r->polarity.explanation), "%s",
			 r->jack.verdict == BP_JACK_NO_SIGNAL
				 ? "nothing came back, so the polarity cannot be judged"
				 : "no delay fits the response's phase, so the polarity cannot be judged");
	}
	if (plots) {
		bp_plot_capture_response(&r->plot.response, &a->tf, a->tf.tip, a->tf.ring,
					 a->lo_hz, a->hi_hz);
		if (b)
			bp_plot_capture_partner(&r->plot.response, &b->tf, b->tf.tip,
						b->tf.ring, b->lo_hz, b->hi_hz);
		if (bp_plot_capture_impulse(&r->plot.impulse, &a->tf, a->n0) != 0) {
			free(h);
			return BP_E_NOMEM;
		}
	}
	if (b && r->jack.verdict != BP_JACK_NO_SIGNAL) {
		double complex *hb = malloc(b->tf.nbins * sizeof(double complex));

		if (!hb) {
			free(h);
			return BP_E_NOMEM;
		}
		received(b, r->jack.verdict, hb);
		r->crosstalk_db = 10.0 * log10(band_power(b, hb) / band_power(a, h));
		/* Below the noise the figure only bounds the crosstalk. */
		r->crosstalk_is_bound = r->jack.verdict == BP_JACK_BALANCED
						? !b->tip.present && !b->ring.present
						: !b->tip.present;
		free(hb);
	}
	free(h);
	return 0;
}

/* Level and distortion from the steady tone: tip, ring and what a
 * balanced input receives, over the tone once it has settled. */
static int analyse_tone(const struct take *t, const struct bp_segment *seg,
			long delay, const struct bp_probe_options *opt,
			struct bp_result *r)
{
	const long settle = seg->fade + lround(0.01 * t->rate_hz);
	long start = seg->start + delay + settle, end = seg->start + delay + seg->length - seg->fade;
	struct bp_tone tip, ring, recv;
	double *x, peak = 0.0;
	long i, n;
	int k;

	if (start < 0)
		start = 0;
	if (end > t->len)
		end = t->len;
	n = end - start;
	if (n <= 0)
		return 0;
	x = malloc((size_t)n * sizeof(double));
	if (!x)
		return BP_E_NOMEM;
	for (i = 0; i < n; i++) {
		double d = t->tip[start + i] - t->ring[start + i];

		x[i] = r->jack.verdict == BP_JACK_BALANCED ? d : t->tip[start + i];
		peak = fmax(peak, fabs(x[i]));
	}
	if (bp_tone_analyse(t->tip + start, (size_t)n, t->rate_hz, seg->f1_hz, &tip) != 0 ||
	    bp_tone_analyse(t->ring + start, (size_t)n, t->rate_hz, seg->f1_hz, &ring) != 0 ||
	    bp_tone_analyse(x, (size_t)n, t->rate_hz, seg->f1_hz, &recv) != 0) {
		free(x);
		return 0;
	}
	free(x);
	/* Four cycles of the tone, as recorded, for the report. */
	if (opt->plots)
		bp_plot_capture_wave(&r->plot.wave, t->tip + start, t->ring + start,
				     (size_t)fmin((double)n, ceil(4.0 * t->rate_hz / seg->f1_hz)),
				     t->rate_hz, (double)start / t->rate_hz);
	r->level.tip_dbfs = tip.level_dbfs;
	r->level.ring_dbfs = ring.level_dbfs;
	if (r->jack.verdict == BP_JACK_NO_SIGNAL || r->jack.verdict == BP_JACK_UNKNOWN)
		return 0;
	r->level.dbfs = recv.level_dbfs;
	r->level.peak_dbfs = bp_dbfs_from_amplitude(peak);
	if (!isnan(opt->input_fs_dbu)) {
		/* Measured: the input calibration turns the return into dBu,
		 * and the port's output for a full-scale sine follows. */
		r->level.dbu = r->level.dbfs + opt->input_fs_dbu;
		r->level.output_fs_dbu = r->level.dbu - seg->level_dbfs;
	} else if (!isnan(opt->output_fs_dbu)) {
		/* Declared: the port is the interface output whose calibration
		 * was given, so what it plays is known in dBu. */
		r->level.output_fs_dbu = opt->output_fs_dbu;
		r->level.dbu = seg->level_dbfs + opt->output_fs_dbu;
	}
	if (!isnan(r->level.dbu)) {
		r->level.dbv = r->level.dbu + BP_DBU_TO_DBV;
		r->level.level_class = bp_level_classify(r->level.dbu);
	}
	r->distortion.thd_percent = recv.thd_percent;
	r->distortion.n_harmonics = recv.n_harmonics;
	for (k = 0; k < recv.n_harmonics; k++)
		r->distortion.harmonics_db[k] = recv.harmonics_db[k];
	return 0;
}

/* Hum from the silent stretch. */
static int analyse_silence(const struct take *t, const struct bp_segment *seg,
			   long delay, const struct bp_probe_options *opt,
			   struct bp_result *r)
{
	long start = seg->start + delay + lround(0.02 * t->rate_hz);
	long end = seg->start + delay + seg->length;
	size_t nfft = bp_welch_nfft_for_rate(t->rate_hz);
	struct bp_welch *w;
	double lowest_hz;
	int err;

	if (start < 0)
		start = 0;
	if (end > t->len)
		end = t->len;
	/* A short stretch gets coarser bins rather than no estimate. */
	while (nfft > 1024 && (long)nfft > end - start)
		nfft /= 2;
	if (end - start < (long)nfft)
		return 0;
	err = bp_welch_new(&w, t->rate_hz, nfft);
	if (err)
		return err;
	bp_welch_push(w, t->tip + start, t->ring + start, (size_t)(end - start));
	bp_hum_analyse(bp_welch_spectra(w), opt->mains_hz, r->jack.verdict, &r->hum);
	lowest_hz = bp_hum_lowest_hz(bp_welch_spectra(w));
	if (opt->plots)
		bp_plot_capture_spectrum(&r->plot.spectrum, bp_welch_spectra(w));
	bp_welch_free(w);
	if (lowest_hz > (opt->mains_hz ? opt->mains_hz : 50)) {
		size_t used = strlen(r->hum.explanation);

		snprintf(r->hum.explanation + used, sizeof(r->hum.explanation) - used,
			 " (the %.2f s silence resolves lines from %.0f Hz only: the mains fundamental was not examined)",
			 (double)(end - start) / t->rate_hz, lowest_hz);
	}
	return 0;
}

/* The stimulus: the file given, or the plan this probe plays. */
static int load_stimulus(const struct bp_probe_options *opt, double rate_hz,
			 struct bp_plan *plan, double **samples)
{
	struct bp_wav_data wav;
	int err;

	if (!opt->stimulus_path) {
		if (plan_out(plan, rate_hz, opt->level_dbfs, opt->quick) != 0) {
			bp_error_set_detail("--level %.1f is above the %.0f dBFS cap",
					    opt->level_dbfs, BP_LEVEL_CAP_DBFS);
			return BP_E_STIMULUS;
		}
		*samples = bp_plan_render(plan);
		return *samples ? 0 : BP_E_NOMEM;
	}
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
	if (wav.rate_hz != rate_hz) {
		bp_error_set_detail("%s: the stimulus runs at %.0f Hz but the recording at %.0f Hz — record at the stimulus's rate",
				    opt->stimulus_path, wav.rate_hz, rate_hz);
		free(wav.samples);
		return BP_E_STIMULUS;
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

/* Read the recording: the stimulus's length plus the search margin. */
static int load_recording(struct bp_recording *rec, const struct bp_plan *plan,
			  struct take *t)
{
	const struct bp_recording_info *info = bp_recording_info(rec);
	long want = plan->length + 2 * lround(SEARCH_S * info->rate_hz), got;

	if (info->frames < want)
		want = (long)info->frames;
	t->tip = malloc((size_t)want * sizeof(double));
	t->ring = malloc((size_t)want * sizeof(double));
	if (!t->tip || !t->ring)
		return BP_E_NOMEM;
	while (t->len < want) {
		got = bp_recording_read(rec, t->tip + t->len, t->ring + t->len, want - t->len);
		if (got < 0)
			return (int)got;
		if (got == 0)
			break;
		t->len += got;
	}
	if (t->len < plan->length / 2) {
		bp_error_set_detail("%s: lasts %.2f s but the stimulus %.2f s — record the whole stimulus",
				    info->path, (double)t->len / t->rate_hz,
				    (double)plan->length / t->rate_hz);
		return BP_E_STIMULUS;
	}
	return 0;
}

/* Samples of silence after @s before anything else plays. */
static size_t tail_after(const struct bp_plan *plan, const struct bp_segment *s,
			 double rate_hz)
{
	long end = s->start + s->length, next = plan->length + lround(SEARCH_S * rate_hz);
	long pre = lround(PRE_S * rate_hz), tail;
	int i;

	for (i = 0; i < plan->n_segments; i++)
		if (plan->seg[i].start >= end && plan->seg[i].start < next &&
		    plan->seg[i].kind != BP_SEG_SILENCE)
			next = plan->seg[i].start;
	tail = next - end - pre;
	if (tail > lround(0.1 * rate_hz))
		tail = lround(0.1 * rate_hz);
	return (size_t)(tail > 0 ? tail : 0);
}

/* Subtract a leg's DC offset, read as its median: the stimulus, hum and
 * noise are symmetric about it, and the silences pin it down, where a
 * mean also holds whatever mean the sweeps' low end has.  Left in, an
 * offset is a step at the edges of every analysis window, whose
 * deconvolution smears over the impulse response's noise stretch until
 * the stimulus reads as absent.  Returns 0 or BP_E_NOMEM. */
static int remove_dc(double *x, long n)
{
	double dc = 0.0;
	long i;

	if (n > 0 && bp_median(x, (size_t)n, &dc) != 0)
		return BP_E_NOMEM;
	for (i = 0; i < n; i++)
		x[i] -= dc;
	return 0;
}

/* Clipped samples of the take as recorded, and its stuck legs. */
static long clipped_samples(const struct take *t, unsigned *stuck_legs)
{
	struct bp_level_meter *m;
	long clipped;

	*stuck_legs = 0;
	if (bp_level_meter_new(&m, t->rate_hz) != 0)
		return 0;
	bp_level_meter_push(m, t->tip, t->ring, (size_t)t->len);
	clipped = bp_level_meter_clipped_samples(m);
	*stuck_legs = bp_level_meter_stuck_legs(m);
	bp_level_meter_free(m);
	return clipped;
}

/* The stimulus's excitation (its first sweep, or a foreign file's first
 * channel) must carry something a converter would play: a peak of at
 * least one step of a 24-bit converter.  Its level is the plan's; a
 * foreign file's is its RMS, as a sine of that RMS would read (AES17).
 * Returns 0 with @level_dbfs, or BP_E_STIMULUS with a detail sentence. */
static int excitation_level(const struct take *t, const char *path, double *level_dbfs)
{
	const struct bp_segment *s = bp_plan_find(t->plan, BP_SEG_SWEEP, -1);
	const struct bp_signal_window x = stimulus_window(t, s->channel, s->start, s->length);
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

/* Spectral flatness (Wiener entropy: geometric over arithmetic mean) of
 * tip plus ring over 20 Hz .. 20 kHz, hum lines left out: near 1 for
 * white noise averaged over a few Welch segments, 0.4 for pink noise,
 * far less for tones. */
static double flatness(const struct bp_spectra *sp, const struct bp_hum_result *hum)
{
	const size_t lo = (size_t)ceil(20.0 / sp->bin_hz);
	const size_t hi = (size_t)floor(fmin(20000.0, 0.45 * sp->rate_hz) / sp->bin_hz);
	double log_sum = 0.0, sum = 0.0;
	size_t k, n = 0;

	for (k = lo; k <= hi && k < sp->nbins; k++) {
		double p = sp->tt[k] + sp->rr[k];

		if (bp_hum_covers_bin(hum, sp, k) || p <= 0.0)
			continue;
		log_sum += log(p);
		sum += p;
		n++;
	}
	return n > 0 ? exp(log_sum / (double)n) / (sum / (double)n) : 0.0;
}

/* Nothing of the stimulus came back.  When the recording carries a port's
 * signal all the same, the stimulus is missing from the recording, not
 * the port: a recording of something else (a listen take, a --quick take
 * analysed as a full one) or the cable on another output.  A port's
 * signal is what the listen probe hears (a leg above the signal floor,
 * hum left out) that is not the two inputs' own noise: thermal and
 * converter noise is white, and independent and equal on the two legs.
 * Then the jack is unknown, the measurement invalid, and nothing else is
 * read from the recording, whose timeline is not the stimulus's. */
static int stimulus_not_found(const struct take *t, const struct bp_probe_options *opt,
			      struct bp_result *r, bool *not_found)
{
	struct bp_welch *w;
	struct bp_balance fig;
	struct bp_jack_result listened;
	struct bp_hum_result hum;
	bool inputs_noise;
	int err;

	*not_found = false;
	err = bp_welch_new(&w, t->rate_hz, bp_welch_nfft_for_rate(t->rate_hz));
	if (err)
		return err;
	bp_welch_push(w, t->tip, t->ring, (size_t)t->len);
	bp_hum_analyse(bp_welch_spectra(w), opt->mains_hz, BP_JACK_UNKNOWN, &hum);
	bp_balance_analyse(bp_welch_spectra(w), &hum, &fig, &listened);
	inputs_noise = fig.coherence < PORT_COHERENCE && fabs(fig.gain_db) < BP_EQUAL_LEGS_DB &&
		       flatness(bp_welch_spectra(w), &hum) >= WHITE_FLATNESS;
	bp_welch_free(w);
	if (listened.verdict == BP_JACK_NO_SIGNAL || inputs_noise)
		return 0;
	*not_found = true;
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

static int out_analyse(struct bp_recording *rec, const struct bp_probe_options *opt,
		       struct bp_result *r)
{
	struct bp_plan plan;
	struct take t = { .plan = &plan, .rate_hz = bp_recording_info(rec)->rate_hz };
	struct sweep_take a, b;
	const struct bp_segment *sa, *sb, *seg;
	double *stim = NULL;
	long delay = 0, clipped;
	unsigned stuck_legs;
	char remedy[160];
	size_t n;
	bool have_a = false, have_b = false, not_found = false;
	int err;

	/* The analysis takes some 80 bytes a frame (the recording, the
	 * stimulus, the FFT buffers): ask for 128.  A file longer than the
	 * plan costs only address space. */
	if (bp_recording_info(rec)->frames > 0)
		bp_heap_reserve_huge((size_t)bp_recording_info(rec)->frames * 128);
	err = load_stimulus(opt, t.rate_hz, &plan, &stim);
	if (err)
		return err;
	t.stim = stim;
	err = excitation_level(&t, opt->stimulus_path, &r->stimulus_level_dbfs);
	if (!err)
		err = load_recording(rec, &plan, &t);
	if (err)
		goto out;
	/* Clipping is judged on the samples as recorded, the rest without
	 * the legs' DC. */
	clipped = clipped_samples(&t, &stuck_legs);
	err = remove_dc(t.tip, t.len);
	if (!err)
		err = remove_dc(t.ring, t.len);
	if (err)
		goto out;
	sa = bp_plan_find(&plan, BP_SEG_SWEEP, 0);
	sb = plan.channels > 1 ? bp_plan_find(&plan, BP_SEG_SWEEP, 1) : NULL;
	n = sweep_length(&plan, t.rate_hz, tail_after);
	err = coarse_delay(&t, sa, &delay);
	if (!err)
		err = measure_sweep(&t, sa, delay, tail_after(&plan, sa, t.rate_hz), n, &a);
	have_a = !err;
	if (!err && sb) {
		err = measure_sweep(&t, sb, delay, tail_after(&plan, sb, t.rate_hz), n, &b);
		have_b = !err;
	}
	if (err)
		goto out;
	judge_jack(&a, have_b ? &b : NULL, &r->jack);
	if (r->jack.verdict == BP_JACK_NO_SIGNAL)
		err = stimulus_not_found(&t, opt, r, &not_found);
	if (err || not_found)
		goto out;
	err = analyse_sweeps(&t, &a, have_b ? &b : NULL, delay, opt->plots, r);
	/* The tone and the silence are cut at the measured latency; the
	 * coarse delay is only good to a few milliseconds. */
	if (isfinite(r->latency.samples))
		delay = lround(r->latency.samples);
	if (!err && (seg = bp_plan_find(&plan, BP_SEG_TONE, 0)))
		err = analyse_tone(&t, seg, delay, opt, r);
	if (!err && (seg = bp_plan_find(&plan, BP_SEG_SILENCE, -1)))
		err = analyse_silence(&t, seg, delay, opt, r);
	if (err)
		goto out;
	r->level.clipping = clipped > 0;
	/* A live take has already been ranged down as far as it goes: the
	 * stimulus level is not what to turn down. */
	if (opt->stimulus_path)
		snprintf(remedy, sizeof(remedy),
			 "turn down the interface's input gain or the port's output and measure again");
	else
		snprintf(remedy, sizeof(remedy),
			 "turn down the interface's input gain or the port's output (the stimulus was at %.1f dBFS) and measure again",
			 opt->level_dbfs);
	bp_result_check_validity(r, clipped, stuck_legs, remedy);
	bp_advice_fill(r);
out:
	if (have_a)
		bp_transfer_free(&a.tf);
	if (have_b)
		bp_transfer_free(&b.tf);
	free(t.tip);
	free(t.ring);
	free(stim);
	return err;
}

const struct bp_probe bp_probe_out = {
	.name = "out",
	.summary = "play a known stimulus: jack, polarity, latency, response, distortion",
	.usage = "outN (same as: out N)",
	.reads = BP_READS_LEVEL | BP_READS_STIMULUS | BP_READS_OUTPUT_FS_DBU,
	.plan = plan_out,
	.analyse = out_analyse,
};
