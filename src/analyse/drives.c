#include "config.h"

#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/cmrr.h"
#include "analyse/deconv.h"
#include "analyse/drives.h"
#include "analyse/impulse.h"
#include "analyse/latency.h"
#include "analyse/response.h"
#include "dsp/dsp.h"
#include "result/plot-capture.h"
#include "util/errors.h"

/* The delay search's grid, samples. */
#define SEARCH_STEP 8
/* Band for the paths' gains and the in-band CMRR. */
#define BAND_LO_HZ 200.0
#define BAND_HI_HZ 5000.0

/* Index of the drives and the returns. */
enum { TIP, RING };
enum { LEFT, RIGHT };

struct analysis {
	const struct bp_played *p;
	const struct bp_segment *sweep[2];
	bool right_recorded;
	struct bp_transfer tf[2];  /* [drive]: to the left and right return */
	double complex *h[2][2];   /* [drive][return], borrowed from tf */
	double complex *diff, *common;
	double *ir, *scratch;
	size_t n0;
	double lo_hz, hi_hz;
	int ret;                   /* the return the input came back on */
};

/* The returns' recorded legs. */
static const double *leg_of(const struct analysis *a, int leg)
{
	return leg == LEFT ? a->p->tip : a->p->ring;
}

/* The delay of the returns against the stimulus within
 * +-BP_PLAYED_SEARCH_S: each drive's whole channel deconvolved from both
 * returns, the delay where the four impulse responses together peak (an
 * input may pass either drive alone).  The responses come at 1/8 of the
 * rate or finer (see analyse/deconv.h) and are pooled on a grid of
 * SEARCH_STEP samples: good enough for measure_drives(), whose windows
 * lead by BP_IMPULSE_LEAD_S, and the phase fit refines it. */
static int search_delay(const struct analysis *a, long *delay)
{
	const struct bp_played *p = a->p;
	const long search = lround(BP_PLAYED_SEARCH_S * p->rate_hz);
	const long span = p->plan->length;
	const size_t n = bp_pow2_ceil((size_t)(span + 2 * search)), cells = n / SEARCH_STEP;
	const struct bp_signal_window l = bp_played_leg(p, p->tip, 0, n - (size_t)search);
	const struct bp_signal_window r = bp_played_leg(p, p->ring, 0, n - (size_t)search);
	double *energy = calloc(cells, sizeof(double)), *ir = malloc(n * sizeof(double)), best = -1.0;
	size_t i;
	int drive, leg, err = BP_E_NOMEM;

	if (!energy || !ir)
		goto out;
	for (drive = TIP; drive <= RING; drive++) {
		const struct bp_signal_window x = bp_played_stimulus(p, drive, 0, span);
		struct bp_transfer tf;

		err = bp_transfer_measure(&tf, p->rate_hz, n, SEARCH_STEP, &l, &r, &x);
		if (err)
			goto out;
		for (leg = LEFT; leg <= (a->right_recorded ? RIGHT : LEFT); leg++) {
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

/* @used samples of return @leg from @start (zero outside the recording)
 * into @out, with raised-cosine edges: over the first 80 % of the lead
 * before the response arrives and the last half of the tail after it.
 * A hard cut would leak hum (a steady mains tone on the return, from a
 * ground loop) across the whole band at 6 dB an octave, where dividing
 * by the sweep's weak treble lifts it over a good input's common mode;
 * tapered, its leakage falls at 18 dB an octave (Harris 1978). */
static void tapered_return(const struct analysis *a, int leg, long start, size_t used,
			   size_t lead, size_t tail, double *out)
{
	const size_t rise = lead * 4 / 5, fall = tail / 2;
	const double *x = leg_of(a, leg);
	size_t i;

	for (i = 0; i < used; i++) {
		const long at = start + (long)i;
		double g = 1.0;

		if (i < rise)
			g = 0.5 - 0.5 * cos(M_PI * (double)i / (double)rise);
		else if (i + fall >= used && fall > 0)
			g = 0.5 - 0.5 * cos(M_PI * (double)(used - 1 - i) / (double)fall);
		out[i] = at >= 0 && at < a->p->len ? g * x[at] : 0.0;
	}
}

/* The two drives' transfers to both returns, each window starting
 * BP_IMPULSE_LEAD_S before its sweep arrives, at one circular length so
 * their bins line up and their impulse responses share the time
 * origin. */
static int measure_drives(struct analysis *a, long delay)
{
	const struct bp_played *p = a->p;
	const long pre = lround(BP_IMPULSE_LEAD_S * p->rate_hz);
	size_t used[2], tail[2], n;
	double *legs;
	int k, err = 0;

	for (k = TIP; k <= RING; k++) {
		tail[k] = bp_played_tail(p, a->sweep[k]);
		used[k] = (size_t)(pre + a->sweep[k]->length) + tail[k];
	}
	n = bp_pow2_ceil(used[TIP] > used[RING] ? used[TIP] : used[RING]);
	legs = malloc(2 * n * sizeof(double));
	if (!legs)
		return BP_E_NOMEM;
	for (k = TIP; k <= RING && !err; k++) {
		const struct bp_segment *s = a->sweep[k];
		const long start = s->start + delay - pre;
		const struct bp_signal_window x = bp_played_stimulus(p, k, s->start, s->length);
		const struct bp_signal_window l = { .x = legs, .stride = 1,
			.len = (long)used[k], .start = 0, .used = used[k] };
		const struct bp_signal_window r = { .x = legs + n, .stride = 1,
			.len = (long)used[k], .start = 0, .used = used[k] };

		tapered_return(a, LEFT, start, used[k], (size_t)pre, tail[k], legs);
		tapered_return(a, RIGHT, start, used[k], (size_t)pre, tail[k], legs + n);
		/* Full-rate impulse responses: the windows are short, and the
		 * two transfers' responses must share one sampling. */
		err = bp_transfer_measure(&a->tf[k], p->rate_hz, n, 1, &l, &r, &x);
		if (err && k == RING)
			bp_transfer_free(&a->tf[TIP]);
	}
	free(legs);
	return err;
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

/* How far the impulse response of @h stands above its noise, dB. */
static double snr_db(struct analysis *a, const double complex *h)
{
	bp_transfer_impulse(&a->tf[TIP], h, a->ir);
	return bp_impulse_snr_db(&a->tf[TIP], a->ir, a->n0);
}

/* The whole-sample arrival: the peak of the four paths' impulse responses
 * within BP_IMPULSE_LEAD_S of where the window puts it. */
static size_t arrival(struct analysis *a)
{
	const struct bp_transfer *tf = a->tf;
	const size_t m = bp_transfer_impulse_length(&tf[TIP]);
	const size_t hi = 2 * (size_t)(BP_IMPULSE_LEAD_S * tf[TIP].rate_hz) / tf[TIP].ir_step;
	size_t i, peak = 0;
	int k, leg;

	memset(a->scratch, 0, m * sizeof(double));
	for (k = TIP; k <= RING; k++)
		for (leg = LEFT; leg <= (a->right_recorded ? RIGHT : LEFT); leg++) {
			bp_transfer_impulse(&tf[k], leg == LEFT ? tf[k].tip : tf[k].ring, a->ir);
			for (i = 0; i < m; i++)
				a->scratch[i] += a->ir[i] * a->ir[i];
		}
	for (i = 1; i <= hi && i < m; i++)
		if (a->scratch[i] > a->scratch[peak])
			peak = i;
	return peak * tf[TIP].ir_step;
}

static void fill_path(struct analysis *a, int drive, int leg, struct bp_input_path *p)
{
	const double complex *h = a->h[drive][leg];

	p->present = snr_db(a, h) >= BP_IMPULSE_PRESENT_SNR_DB;
	p->gain_db = band_db(&a->tf[TIP], h);
}

/* The band, the arrival and each drive's path to each return, the ring
 * drive's transfers corrected by what is known of the drives' match; then
 * the modes of the return the input came back on. */
static void read_paths(struct analysis *a, const struct bp_cmrr_drives *drives,
		       struct bp_input_paths *p)
{
	const size_t nb = a->tf[TIP].nbins;

	bp_impulse_band(&a->tf[TIP], a->sweep[TIP]->f1_hz, a->sweep[TIP]->f2_hz,
			&a->lo_hz, &a->hi_hz);
	a->n0 = arrival(a);
	a->h[TIP][LEFT] = a->tf[TIP].tip;
	a->h[TIP][RIGHT] = a->tf[TIP].ring;
	a->h[RING][LEFT] = a->tf[RING].tip;
	a->h[RING][RIGHT] = a->tf[RING].ring;
	bp_cmrr_correct(drives, a->h[RING][LEFT], nb);
	bp_cmrr_correct(drives, a->h[RING][RIGHT], nb);
	fill_path(a, TIP, LEFT, &p->tip);
	fill_path(a, RING, LEFT, &p->ring);
	if (a->right_recorded) {
		fill_path(a, TIP, RIGHT, &p->right_tip);
		fill_path(a, RING, RIGHT, &p->right_ring);
	}
	a->ret = LEFT;
	if (a->right_recorded && !p->tip.present && !p->ring.present) {
		/* The input came back on the second return only. */
		a->ret = RIGHT;
		p->right_recorded = false;
		p->tip = p->right_tip;
		p->ring = p->right_ring;
	}
	bp_cmrr_modes(a->h[TIP][a->ret], a->h[RING][a->ret], nb, a->diff, a->common);
}

/* The latency from A_d, which carries the input's delay whichever drive
 * it passes, and the phases polarity is judged from; @window_start is
 * where the windows start in the recording. */
static void fit_latency(const struct analysis *a, double window_start,
			  struct bp_input_paths *p, struct bp_latency_result *out)
{
	const struct bp_transfer *tf = &a->tf[TIP];
	struct bp_latency_fit fit;

	if (!(p->tip.present || p->ring.present) ||
	    bp_latency_fit(tf, a->diff, a->n0, a->lo_hz, a->hi_hz, &fit) != 0)
		return;
	out->samples = window_start + fit.delay_samples;
	out->ms = 1000.0 * out->samples / a->p->rate_hz;
	out->uncertainty_samples = fit.uncertainty_samples;
	p->diff_phase_rad = bp_latency_phase(tf, a->diff, fit.delay_samples, a->lo_hz, a->hi_hz);
	/* A stereo input's polarity is each channel's own. */
	if (p->right_recorded) {
		p->tip.phase_rad = bp_latency_phase(tf, a->h[TIP][LEFT], fit.delay_samples,
						    a->lo_hz, a->hi_hz);
		p->right_ring.phase_rad = bp_latency_phase(tf, a->h[RING][RIGHT], fit.delay_samples,
							   a->lo_hz, a->hi_hz);
	}
}

/* Verdict, polarity, latency, response and CMRR from the transfers; with
 * @plot, the two transfers the report draws. */
static void analyse_transfers(struct analysis *a, long delay,
			      const struct bp_cmrr_drives *drives, struct bp_plot_response *plot,
			      struct bp_result *r)
{
	const struct bp_transfer *tf = &a->tf[TIP];
	const double pre = (double)lround(BP_IMPULSE_LEAD_S * a->p->rate_hz);
	struct bp_input_paths p = { .right_recorded = a->right_recorded };

	read_paths(a, drives, &p);
	fit_latency(a, (double)delay - pre, &p, &r->latency);
	p.band_cmrr_db = band_db(tf, a->diff) - band_db(tf, a->common);
	bp_cmrr_judge(&p, &r->jack, &r->polarity);
	/* A stereo input returns the ring drive on its right channel. */
	if (plot)
		bp_plot_capture_response(plot, tf, a->h[TIP][a->ret],
					 a->h[RING][r->jack.verdict == BP_JACK_STEREO ? RIGHT : a->ret],
					 a->lo_hz, a->hi_hz);
	r->cmrr.measured = true;
	r->cmrr.at_1k_db = NAN;
	if (r->jack.verdict == BP_JACK_STEREO || r->jack.verdict == BP_JACK_NO_SIGNAL) {
		snprintf(r->cmrr.explanation, sizeof(r->cmrr.explanation), "%s",
			 r->jack.verdict == BP_JACK_STEREO
				 ? "a stereo input takes tip and ring as two channels: it has no common-mode rejection"
				 : "nothing came back, so there is nothing to reject");
		if (r->jack.verdict == BP_JACK_STEREO)
			bp_response_analyse(tf, a->h[TIP][LEFT], a->lo_hz, a->hi_hz, &r->response);
		return;
	}
	bp_cmrr_curve(tf, a->diff, a->common, a->lo_hz, a->hi_hz, snr_db(a, a->common), drives,
		      &r->cmrr);
	bp_response_analyse(tf, a->diff, a->lo_hz, a->hi_hz, &r->response);
}

int bp_drives_analyse(const struct bp_played *p, const struct bp_segment *tip_sweep,
		      const struct bp_segment *ring_sweep, bool right_recorded,
		      const struct bp_cmrr_drives *drives, struct bp_plot_response *plot,
		      struct bp_result *r)
{
	struct analysis a = { .p = p, .sweep = { tip_sweep, ring_sweep },
			      .right_recorded = right_recorded };
	long delay = 0;
	size_t m;
	int err = search_delay(&a, &delay);

	if (!err)
		err = measure_drives(&a, delay);
	if (err)
		return err;
	m = bp_transfer_impulse_length(&a.tf[TIP]);
	a.diff = malloc(a.tf[TIP].nbins * sizeof(double complex));
	a.common = malloc(a.tf[TIP].nbins * sizeof(double complex));
	a.ir = malloc(m * sizeof(double));
	a.scratch = malloc(m * sizeof(double));
	if (a.diff && a.common && a.ir && a.scratch)
		analyse_transfers(&a, delay, drives, plot, r);
	else
		err = BP_E_NOMEM;
	free(a.diff);
	free(a.common);
	free(a.ir);
	free(a.scratch);
	bp_transfer_free(&a.tf[TIP]);
	bp_transfer_free(&a.tf[RING]);
	return err;
}
