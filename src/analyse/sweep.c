#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/balance.h"
#include "analyse/delay-search.h"
#include "analyse/impulse.h"
#include "analyse/latency.h"
#include "analyse/polarity.h"
#include "analyse/response.h"
#include "analyse/sweep.h"
#include "dsp/dsp.h"
#include "util/errors.h"

/* Impulse responses are read at down to 1/8 of the rate (see
 * analyse/deconv.h). */
#define IR_STEP_MAX 8

/* The transfer @h's power gain between @f_lo and @f_hi (within the
 * excitation's band), weighted by the excitation's power, dB. */
static double band_gain_db(const struct bp_sweep *s, const double complex *h,
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

static struct bp_sweep_path measure_path(const struct bp_sweep *s, const double complex *h,
					 const double *ir)
{
	struct bp_sweep_path p;

	p.snr_db = bp_impulse_snr_db(&s->tf, ir, s->n0);
	p.present = p.snr_db >= BP_IMPULSE_PRESENT_SNR_DB;
	p.gain_db = band_gain_db(s, h, 100.0, 10000.0);
	return p;
}

/* The paths, the arrival and the ring's relation of a measured @s, with
 * @ir_tip and @ir_ring to hold its impulse responses. */
static void read_paths(struct bp_sweep *s, double rate_hz, double *ir_tip, double *ir_ring)
{
	const size_t pre = (size_t)(BP_IMPULSE_LEAD_S * rate_hz);
	double complex num = 0.0;
	double den = 0.0;
	size_t k;

	bp_transfer_impulse(&s->tf, s->tf.tip, ir_tip);
	bp_transfer_impulse(&s->tf, s->tf.ring, ir_ring);
	s->n0 = s->tf.ir_step * bp_latency_peak(ir_tip, ir_ring, 0, 2 * pre / s->tf.ir_step);
	s->tip = measure_path(s, s->tf.tip, ir_tip);
	s->ring = measure_path(s, s->tf.ring, ir_ring);
	for (k = 1; k < s->tf.nbins; k++) {
		num += s->tf.ring[k] * conj(s->tf.tip[k]) * s->tf.excitation_power[k];
		den += bp_cabs2(s->tf.tip[k]) * s->tf.excitation_power[k];
	}
	s->ring_over_tip = den > 0.0 ? num / den : 0.0;
}

/* Measure @s from the windows @tip and @ring of the legs against the
 * sweep @ref (from @f1_hz to @f2_hz; 0: a broadband excitation of
 * unknown band), at circular length @n and @rate_hz. */
static int measure_sweep(struct bp_sweep *s, const struct bp_signal_window *ref,
			 const struct bp_signal_window *tip, const struct bp_signal_window *ring,
			 double rate_hz, size_t n, double f1_hz, double f2_hz)
{
	double *ir_tip, *ir_ring;
	size_t m;
	int err;

	memset(s, 0, sizeof(*s));
	err = bp_transfer_measure(&s->tf, rate_hz, n, IR_STEP_MAX, tip, ring, ref);
	if (err)
		return err;
	m = bp_transfer_impulse_length(&s->tf);
	ir_tip = malloc(m * sizeof(double));
	ir_ring = malloc(m * sizeof(double));
	if (ir_tip && ir_ring) {
		bp_impulse_band(&s->tf, f1_hz, f2_hz, &s->lo_hz, &s->hi_hz);
		read_paths(s, rate_hz, ir_tip, ir_ring);
	} else {
		err = BP_E_NOMEM;
		bp_transfer_free(&s->tf);
	}
	free(ir_tip);
	free(ir_ring);
	return err;
}

/* The circular length for deconvolving the sweeps: every sweep with its
 * lead and tail fits.  One length for all, so FFTW shares the twiddle
 * factors between their plans, and a power of two: FFTW_ESTIMATE plans
 * those two to four times faster than other smooth sizes, and planning,
 * not transforming, is what a short analysis spends its time on. */
static size_t sweep_length(const struct bp_played *p)
{
	const size_t pre = (size_t)(BP_IMPULSE_LEAD_S * p->rate_hz);
	size_t need = 0;
	int i;

	for (i = 0; i < p->plan->n_segments; i++) {
		const struct bp_segment *s = &p->plan->seg[i];
		size_t len = pre + (size_t)s->length + bp_played_tail(p, s);

		if (s->kind == BP_SEG_SWEEP && len > need)
			need = len;
	}
	return bp_pow2_ceil(need);
}

/* The response to sweep @seg, which arrives @delay samples into the
 * recording after its place in the stimulus, at circular length @n. */
static int measure_played(const struct bp_played *p, const struct bp_segment *seg,
			  long delay, size_t n, struct bp_sweep *s)
{
	const size_t pre = (size_t)(BP_IMPULSE_LEAD_S * p->rate_hz);
	const size_t used = pre + (size_t)seg->length + bp_played_tail(p, seg);
	const long start = seg->start + delay - (long)pre;
	const struct bp_signal_window x = bp_played_stimulus(p, seg->channel, seg->start,
							     seg->length);
	const struct bp_signal_window wt = bp_played_leg(p, p->tip, start, used);
	const struct bp_signal_window wr = bp_played_leg(p, p->ring, start, used);

	return measure_sweep(s, &x, &wt, &wr, p->rate_hz, n, seg->f1_hz, seg->f2_hz);
}

int bp_sweeps_measure(const struct bp_played *p, struct bp_sweeps *s)
{
	const struct bp_segment *sa = bp_plan_find(p->plan, BP_SEG_SWEEP, 0);
	const struct bp_segment *sb = p->plan->channels > 1
					      ? bp_plan_find(p->plan, BP_SEG_SWEEP, 1) : NULL;
	const struct bp_signal_window x = bp_played_stimulus(p, sa->channel, 0,
							     sa->start + sa->length);
	const struct bp_signal_window tip = bp_played_leg(p, p->tip, 0, 0);
	const struct bp_signal_window ring = bp_played_leg(p, p->ring, 0, 0);
	const size_t n = sweep_length(p);
	int err;

	s->have_a = s->have_b = false;
	err = bp_delay_search(&x, &tip, &ring, p->rate_hz, BP_PLAYED_SEARCH_S, &s->delay);
	if (!err)
		err = measure_played(p, sa, s->delay, n, &s->a);
	s->have_a = !err;
	if (!err && sb) {
		err = measure_played(p, sb, s->delay, n, &s->b);
		s->have_b = !err;
	}
	return err;
}

void bp_sweeps_free(struct bp_sweeps *s)
{
	if (s->have_a)
		bp_transfer_free(&s->a.tf);
	if (s->have_b)
		bp_transfer_free(&s->b.tf);
	s->have_a = s->have_b = false;
}

/* The ring/tip transfer of @s at sixth-octave points over the
 * excitation's band, for the pickup fit.  With white noise at the ring's
 * input, a point's signal-to-noise ratio is the ring's whole one (its
 * impulse response's) scaled by the point's share of the ring's energy
 * per bin; points under the noise are left out, and the fit discounts
 * the few that hum or noise pushes off. */
static size_t ring_ratio_points(const struct bp_sweep *s, struct bp_ratio_point *pts,
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
	for (lo = s->lo_hz; lo < s->hi_hz && n < max && per_bin > 0.0; lo *= BP_PICKUP_OCTAVE_STEP) {
		double den = 0.0, energy = 0.0, hz = 0.0, bins = 0.0, snr;
		double complex num = 0.0;

		for (k = (size_t)ceil(lo / bin_hz);
		     k <= last && (double)k * bin_hz < lo * BP_PICKUP_OCTAVE_STEP; k++) {
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

void bp_sweeps_judge_jack(const struct bp_sweeps *s, struct bp_jack_result *out)
{
	const struct bp_sweep *a = &s->a, *b = s->have_b ? &s->b : NULL;
	const double complex k = a->ring_over_tip;
	struct bp_ratio_point pts[BP_PICKUP_POINTS_MAX];
	struct bp_pickup pickup;
	struct bp_jack_evidence ev = {
		.basis = BP_JACK_BY_STIMULUS,
		.tip_db = a->tip.gain_db, .ring_db = a->ring.gain_db,
		.tip_present = a->tip.present, .ring_present = a->ring.present,
		.tip_snr_db = a->tip.snr_db, .ring_snr_db = a->ring.snr_db,
		.digital_silence = !(isfinite(a->tip.snr_db) && isfinite(a->ring.snr_db)),
		.sign = cabs(k) > 0.0 ? creal(k) / cabs(k) : 0.0,
		.phase_deg = carg(k) * 180.0 / M_PI,
		.pickup = &pickup,
		.partner_ring_present = b && b->ring.present,
		.partner_ring_db = b ? b->ring.gain_db : NAN,
	};

	/* The cable's capacitance coupling the tip into an open ring. */
	bp_pickup_fit(pts, ring_ratio_points(a, pts, BP_PICKUP_POINTS_MAX), &pickup);
	ev.ring_pickup = a->tip.present && a->ring.present && pickup.found;
	bp_jack_judge(&ev, out);
}

/* What a balanced input would receive, as a transfer: tip - ring for a
 * balanced jack, otherwise the tip (written into @h, nbins long). */
static void received(const struct bp_sweep *s, enum bp_jack_verdict v, double complex *h)
{
	size_t k;

	for (k = 0; k < s->tf.nbins; k++)
		h[k] = v == BP_JACK_BALANCED ? s->tf.tip[k] - s->tf.ring[k] : s->tf.tip[k];
}

/* Mean |H|^2 over the band, weighted by the excitation's power. */
static double band_power(const struct bp_sweep *s, const double complex *h)
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

/* The partner @b's level in what a port judged @jack receives, relative
 * to the tested output's (@a, received as @h). */
static int crosstalk(const struct bp_sweep *a, const double complex *h,
		     const struct bp_sweep *b, enum bp_jack_verdict jack, struct bp_result *r)
{
	double complex *hb = malloc(b->tf.nbins * sizeof(double complex));

	if (!hb)
		return BP_E_NOMEM;
	received(b, jack, hb);
	r->crosstalk_db = 10.0 * log10(band_power(b, hb) / band_power(a, h));
	/* Below the noise the figure only bounds the crosstalk. */
	r->crosstalk_is_bound = jack == BP_JACK_BALANCED ? !b->tip.present && !b->ring.present
							 : !b->tip.present;
	free(hb);
	return 0;
}

int bp_sweeps_analyse(const struct bp_sweeps *s, struct bp_result *r)
{
	const struct bp_sweep *a = &s->a, *b = s->have_b ? &s->b : NULL;
	/* The windows open this far before where the coarse delay puts the
	 * sweep. */
	const double pre = (double)((long)(BP_IMPULSE_LEAD_S * a->tf.rate_hz));
	const enum bp_jack_verdict jack = r->jack.verdict;
	double complex *h = malloc(a->tf.nbins * sizeof(double complex));
	struct bp_latency_fit fit;
	bool fitted;
	int err = 0;

	if (!h)
		return BP_E_NOMEM;
	received(a, jack, h);
	fitted = jack != BP_JACK_NO_SIGNAL &&
		 bp_latency_fit(&a->tf, h, a->n0, a->lo_hz, a->hi_hz, &fit) == 0;
	bp_polarity_from_transfer(fitted, fitted ? bp_latency_phase(&a->tf, a->tf.tip,
								    fit.delay_samples,
								    a->lo_hz, a->hi_hz) : NAN,
				  jack, a->tip.present, &r->polarity);
	if (fitted) {
		r->latency.samples = (double)s->delay - pre + fit.delay_samples;
		r->latency.ms = 1000.0 * r->latency.samples / a->tf.rate_hz;
		r->latency.uncertainty_samples = fit.uncertainty_samples;
		bp_response_analyse(&a->tf, h, a->lo_hz, a->hi_hz, &r->response);
	}
	if (b && jack != BP_JACK_NO_SIGNAL)
		err = crosstalk(a, h, b, jack, r);
	free(h);
	return err;
}
