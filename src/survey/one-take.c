/* balprobe: a survey's out ports in one take, by the multiple exponential
 * sweep method (Majdak, Balazs and Laback 2007; Dietrich, Masiero and
 * Vorländer 2013).
 *
 * Every output involved (the ports' and their pair partners') plays the
 * same exponential sweep, each started dt after the one before, odd
 * outputs first, then even ones, so that a port's own sweep and its pair
 * partner's (the ring of a stereo jack) lie a whole sweep and its tail
 * apart, as in the out probe's own take.  Outputs that do not share a
 * port's inputs overlap freely; what leaks between them lands dt apart
 * once deconvolved, and the next sweep's harmonic responses, which an
 * exponential sweep puts T ln(k) / ln(f2/f1) before its linear response
 * (Farina 2000), arrive after the port's response window for the orders
 * the interval clears.  Then the 1 kHz tone, on odd outputs and then on
 * even ones, and a silence for hum.  Each port is then analysed by the
 * out probe against the part of the take it played: its own sweep, its
 * partner's, its tone and the silence, at their places in the take.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/deconv.h"
#include "analyse/impulse.h"
#include "dsp/dsp.h"
#include "device/device.h"
#include "io/audio-file.h"
#include "probes/probe.h"
#include "survey/one-take.h"
#include "survey/state.h"
#include "util/errors.h"

#define LEAD_S 0.05
#define TAIL_S 0.12           /* after a sweep before the tones */
#define WINDOW_S 0.1          /* a response's window after its peak */
#define GAP_S 0.06            /* after a tone */
#define PARTNER_GUARD_S 0.13  /* a sweep's tail and lead, between partners */
#define MAX_PORTS BP_SURVEY_PORTS_MAX
#define MAX_XRUN_RETRIES 3

struct layout {
	int n_slots;
	int output[2 * MAX_PORTS];     /* 1-based, in sweep order */
	double sweep_s, dt_s, tone_s, silence_s;
	double tone_at_s[2];           /* odd outputs, even outputs */
	double silence_at_s, length_s;
	double f2_hz;
};

static int partner_of(int output)
{
	return ((output - 1) ^ 1) + 1;
}

static int slot_of(const struct layout *l, int output)
{
	int i;

	for (i = 0; i < l->n_slots; i++)
		if (l->output[i] == output)
			return i;
	return -1;
}

static double sweep_at(const struct layout *l, int output)
{
	return LEAD_S + slot_of(l, output) * l->dt_s;
}

static bool has(const struct layout *l, int output)
{
	return slot_of(l, output) >= 0;
}

/* The sweep order and the timing for the out ports @ports[0..n). */
static void plan_layout(const struct bp_survey *s, const int *ports, int n, bool quick,
			double rate_hz, struct layout *l)
{
	int i, parity, o, d_min = 2 * MAX_PORTS;

	memset(l, 0, sizeof(*l));
	for (parity = 1; parity >= 0; parity--)
		for (o = 1; o <= 128; o++) {
			bool wanted = false;

			for (i = 0; i < n; i++) {
				const int out = s->ports[ports[i]].number;

				wanted |= out == o || partner_of(out) == o;
			}
			if (wanted && (o & 1) == parity && !has(l, o))
				l->output[l->n_slots++] = o;
		}
	for (i = 0; i < n; i++) {
		const int out = s->ports[ports[i]].number;
		const int d = abs(slot_of(l, out) - slot_of(l, partner_of(out)));

		d_min = d < d_min ? d : d_min;
	}
	l->sweep_s = quick ? 0.3 : 0.6;
	l->tone_s = quick ? 0.15 : 0.4;
	l->silence_s = quick ? 0.4 : 0.5;
	/* dt: a port's sweep and its partner's a sweep and its tail apart,
	 * and at least the response window and the second harmonic's lead
	 * (T ln 2 / ln(f2/f1)) with room to spare. */
	l->f2_hz = bp_sweep_top_hz(rate_hz);
	l->dt_s = fmax(WINDOW_S + l->sweep_s * log(2.0) / log(l->f2_hz / BP_SWEEP_F1_HZ) + 0.035,
		       (l->sweep_s + PARTNER_GUARD_S) / d_min);
	l->dt_s = ceil(l->dt_s * 100.0) / 100.0;
	l->tone_at_s[0] = LEAD_S + (l->n_slots - 1) * l->dt_s + l->sweep_s + TAIL_S;
	l->tone_at_s[1] = l->tone_at_s[0] + l->tone_s + GAP_S;
	l->silence_at_s = l->tone_at_s[1] + l->tone_s + GAP_S;
	l->length_s = l->silence_at_s + l->silence_s;
}

/* What output @o plays (@channel 0 of a plan), or port @out's view of the
 * take: its sweep, its partner's (channel 1), its tone and the silence. */
static int port_plan(const struct layout *l, int out, double rate_hz, double level_dbfs,
		     bool with_partner, struct bp_plan *plan)
{
	const int partner = partner_of(out);

	if (bp_plan_start(plan, rate_hz, level_dbfs, with_partner ? 2 : 1) != 0)
		return -EINVAL;
	bp_plan_add(plan, BP_SEG_SWEEP, 0, sweep_at(l, out), l->sweep_s, BP_SWEEP_F1_HZ, l->f2_hz,
		    level_dbfs);
	if (with_partner && has(l, partner))
		bp_plan_add(plan, BP_SEG_SWEEP, 1, sweep_at(l, partner), l->sweep_s, BP_SWEEP_F1_HZ,
			    l->f2_hz, level_dbfs);
	bp_plan_add(plan, BP_SEG_TONE, 0, l->tone_at_s[!(out & 1)], l->tone_s, 1000.0, 1000.0,
		    level_dbfs);
	if (with_partner)
		bp_plan_add(plan, BP_SEG_SILENCE, -1, l->silence_at_s, l->silence_s, 0.0, 0.0,
			    -INFINITY);
	plan->length = lround(l->length_s * rate_hz);
	return 0;
}

/* The interleaved play buffer: every output's own plan. */
static double *render_take(const struct layout *l, int outputs, double rate_hz,
			   double level_dbfs, long *frames)
{
	struct bp_plan plan;
	double *play, *x;
	long i;
	int k;

	*frames = lround(l->length_s * rate_hz);
	play = calloc((size_t)*frames * (size_t)outputs, sizeof(double));
	for (k = 0; play && k < l->n_slots; k++) {
		if (port_plan(l, l->output[k], rate_hz, level_dbfs, false, &plan) != 0 ||
		    !(x = bp_plan_render(&plan))) {
			free(play);
			return NULL;
		}
		for (i = 0; i < *frames; i++)
			play[(size_t)i * (size_t)outputs + (size_t)(l->output[k] - 1)] = x[i];
		free(x);
	}
	return play;
}

/* The take: play and record every input, a spoiled take repeated (as
 * the engine does; no auto-ranging: every port plays at --level). */
static int run_take(const struct bp_survey_options *o, int outputs, int inputs,
		    const double *play, long frames, double **capture, long *capture_frames,
		    char *device, size_t device_size)
{
	struct bp_device *dev;
	int err = bp_device_open(&dev, o->device, o->rate_hz, outputs, inputs), tries = 0;

	if (err)
		return err;
	snprintf(device, device_size, "%s", dev->info.name);
	*capture_frames = frames + lround(0.5 * o->rate_hz);
	*capture = malloc((size_t)*capture_frames * (size_t)dev->info.inputs * sizeof(double));
	if (!*capture) {
		bp_device_close(dev);
		return BP_E_NOMEM;
	}
	do
		err = bp_device_run(dev, play, frames, *capture, *capture_frames, NULL, NULL);
	while (err == -EPIPE && ++tries <= MAX_XRUN_RETRIES);
	if (err == -EPIPE)
		bp_error_set_detail("%s: %d takes in a row were spoiled by overruns — close other audio programs and measure again",
				    dev->info.name, tries);
	/* Callers read inputs by the device's count. */
	if (!err && dev->info.inputs != inputs) {
		long i;
		int c;

		for (i = 0; i < *capture_frames; i++)
			for (c = 0; c < inputs; c++)
				(*capture)[(size_t)i * inputs + c] =
					(*capture)[(size_t)i * dev->info.inputs + c];
	}
	bp_device_close(dev);
	return err;
}

/* How cleanly the port's response stands alone: the deconvolved tip
 * from its sweep on, over the window and the interval to the next sweep;
 * the loudest point after the window, up to where the next sweep's
 * second harmonic would arrive, relative to the response's peak, dB. */
static double separation_db(const struct layout *l, const struct bp_plan *plan,
			    const double *stim, const double *leg, long frames, double latency)
{
	const double rate = plan->rate_hz;
	const struct bp_segment *sw = &plan->seg[0];
	const long pre = lround(BP_IMPULSE_LEAD_S * rate);
	const size_t used = (size_t)(sw->length + lround((l->dt_s + WINDOW_S) * rate));
	const struct bp_signal_window ref = { stim + sw->start * plan->channels, (size_t)plan->channels,
					      sw->length, 0, (size_t)sw->length };
	const struct bp_signal_window w = { leg, 1, frames, sw->start + lround(latency) - pre, used };
	const double off2 = l->sweep_s * log(2.0) / log(l->f2_hz / BP_SWEEP_F1_HZ);
	struct bp_transfer tf;
	double *ir, peak = 0.0, gap = 0.0;
	size_t m, i, from, to;

	if (!isfinite(latency) || bp_transfer_measure(&tf, rate, bp_pow2_ceil(used + (size_t)pre),
						       1, &w, &w, &ref) != 0)
		return NAN;
	m = bp_transfer_impulse_length(&tf);
	ir = malloc(m * sizeof(double));
	if (ir) {
		bp_transfer_impulse(&tf, tf.tip, ir);
		from = (size_t)((double)pre + WINDOW_S * rate) / tf.ir_step;
		to = (size_t)((double)pre + (l->dt_s - off2) * rate) / tf.ir_step;
		for (i = 0; i < m && i < from; i++)
			peak = fmax(peak, fabs(ir[i]));
		for (i = from; i < to && i < m; i++)
			gap = fmax(gap, fabs(ir[i]));
	}
	free(ir);
	bp_transfer_free(&tf);
	return peak > 0.0 && gap > 0.0 ? 20.0 * log10(gap / peak) : NAN;
}

/* The pending out ports, each on inputs of its own.  Returns their count,
 * or -EINVAL with a detail sentence. */
static int take_ports(const struct bp_survey *s, const struct bp_survey_options *o, int *ports,
		      int *inputs, int *outputs)
{
	bool used[1025] = { false };
	int i, n = 0, tip, ring;

	*inputs = *outputs = 0;
	for (i = 0; i < s->n_ports; i++) {
		const struct bp_survey_port *p = &s->ports[i];
		const struct bp_probe *probe = bp_probe_find(p->probe);

		if (s->entries[i].status != BP_SURVEY_PENDING)
			continue;
		if (!probe || !probe->one_take || p->device[0]) {
			bp_error_set_detail("--one-take: %s (%s%.0d) cannot share the take: only ports of the survey's device whose probe plays sweeps on them can — measure it in a survey of its own",
					    p->label, p->probe, p->number);
			return -EINVAL;
		}
		bp_survey_port_inputs(s, i, o, &tip, &ring);
		if (!p->tip && !p->ring) {
			/* one take: output N's insert cable on inputs 2N-1 and 2N */
			tip = 2 * p->number - 1;
			ring = 2 * p->number;
		}
		if (tip > 1024 || ring > 1024 || used[tip] || used[ring]) {
			bp_error_set_detail("--one-take: %s records on input %d or %d, which another port uses — each port needs two inputs of its own (tip= and ring= in the ports file)",
					    p->label, tip, ring);
			return -EINVAL;
		}
		used[tip] = used[ring] = true;
		*inputs = tip > *inputs ? tip : *inputs;
		*inputs = ring > *inputs ? ring : *inputs;
		*outputs = partner_of(p->number) > *outputs ? partner_of(p->number) : *outputs;
		*outputs = p->number > *outputs ? p->number : *outputs;
		ports[n++] = i;
	}
	return n;
}

int bp_survey_one_take_check(const struct bp_survey *s, const struct bp_survey_options *o)
{
	int ports[MAX_PORTS], inputs, outputs;
	const int n = take_ports(s, o, ports, &inputs, &outputs);

	return n < 0 ? n : 0;
}

/* Port @i analysed from its legs of the take, as the out probe analyses
 * its own take. */
static int analyse_port(struct bp_survey *s, int i, const struct layout *l,
			const struct bp_survey_options *o, const double *capture, long frames,
			int inputs, const char *device, json_t *info)
{
	const struct bp_survey_port *p = &s->ports[i];
	const struct bp_probe *probe = bp_probe_find(p->probe);
	double *tip = malloc((size_t)frames * sizeof(double));
	double *ring = malloc((size_t)frames * sizeof(double));
	struct bp_result *r = malloc(sizeof(*r));
	struct bp_probe_options opt;
	struct bp_recording *rec = NULL;
	struct bp_plan plan;
	double *stim = NULL;
	int t, g, err;
	long k;

	err = tip && ring && r ? port_plan(l, p->number, o->rate_hz, o->level_dbfs, true, &plan)
			       : BP_E_NOMEM;
	if (!err) {
		bp_survey_port_inputs(s, i, o, &t, &g);
		if (!p->tip && !p->ring) {
			t = 2 * p->number - 1;
			g = 2 * p->number;
		}
		for (k = 0; k < frames; k++) {
			tip[k] = capture[(size_t)k * inputs + t - 1];
			ring[k] = capture[(size_t)k * inputs + g - 1];
		}
		err = bp_recording_from_memory(&rec, device, o->rate_hz, tip, ring, frames);
	}
	if (!err) {
		bp_result_init(r);
		bp_survey_port_options(p, o, &opt, &r->input);
		opt.played_plan = &plan;
		snprintf(r->input.device, sizeof(r->input.device), "%s", device);
		snprintf(r->probe, sizeof(r->probe), "%s", probe->name);
		r->input.rate_hz = o->rate_hz;
		r->input.tip = t;
		r->input.ring = g;
		err = bp_probe_analyse(probe, rec, &opt, r);
	}
	if (!err)
		err = bp_survey_keep_result(s, i, r, o);
	if (!err && (stim = bp_plan_render(&plan))) {
		const double off2 = l->sweep_s * log(2.0) / log(l->f2_hz / BP_SWEEP_F1_HZ);
		const double gap_db = separation_db(l, &plan, stim, tip, frames, r->latency.samples);

		json_array_append_new(json_object_get(info, "ports"),
			json_pack("{s:s, s:i, s:f, s:f, s:o}", "label", p->label, "output", p->number,
				  "sweep_start_s", sweep_at(l, p->number),
				  "separation_ms", round(1e4 * (l->dt_s - off2 - WINDOW_S)) / 10.0,
				  "gap_db", isfinite(gap_db) ? json_real(round(gap_db * 10.0) / 10.0)
							     : json_null()));
	}
	bp_recording_close(rec);
	free(stim);
	free(tip);
	free(ring);
	free(r);
	return err;
}

/* The orders of harmonic whose responses the interval keeps out of the
 * window: T ln(k) / ln(f2/f1) <= dt - window. */
static int clear_order(const struct layout *l)
{
	int k = 1;

	while (k < 20 && l->sweep_s * log(k + 1.0) / log(l->f2_hz / BP_SWEEP_F1_HZ) <=
			 l->dt_s - WINDOW_S)
		k++;
	return k;
}

int bp_survey_one_take(struct bp_survey *s, const struct bp_survey_options *o,
		       const struct bp_survey_flow *flow)
{
	int ports[MAX_PORTS], n, inputs, outputs, k, err;
	struct layout l;
	double *play = NULL, *capture = NULL;
	long frames, capture_frames;
	char device[128];
	json_t *info, *order;

	n = take_ports(s, o, ports, &inputs, &outputs);
	if (n <= 0)
		return n;
	plan_layout(s, ports, n, o->quick, o->rate_hz, &l);
	play = render_take(&l, outputs, o->rate_hz, o->level_dbfs, &frames);
	if (!play)
		return BP_E_NOMEM;
	err = run_take(o, outputs, inputs, play, frames, &capture, &capture_frames, device,
		       sizeof(device));
	free(play);
	if (err) {
		/* The take itself failed: every port with it. */
		const char *detail = bp_error_detail();

		for (k = 0; k < n; k++) {
			struct bp_survey_entry *e = &s->entries[ports[k]];

			bp_survey_entry_clear(e);
			e->status = BP_SURVEY_FAILED;
			e->exit_status = 2;
			snprintf(e->error, sizeof(e->error), "%s",
				 detail ? detail : bp_strerror(err));
			if (flow->row)
				flow->row(flow->ctx, s, ports[k]);
		}
		free(capture);
		return flow->state_path ? bp_survey_state_save(s, flow->state_path) : 0;
	}
	order = json_array();
	for (k = 0; k < l.n_slots; k++)
		json_array_append_new(order, json_integer(l.output[k]));
	info = json_pack("{s:s, s:f, s:f, s:f, s:o, s:f, s:i, s:[]}",
			 "method", "multiple exponential sweep (Majdak et al. 2007; Dietrich et al. 2013)",
			 "duration_s", l.length_s, "sweep_s", l.sweep_s, "interval_s", l.dt_s,
			 "order", order, "window_s", WINDOW_S,
			 "harmonics_clear_order", clear_order(&l), "ports");
	json_decref(s->one_take_info);
	s->one_take_info = info;
	s->one_take = true;
	for (k = 0; k < n && !err; k++) {
		bp_error_clear();
		err = analyse_port(s, ports[k], &l, o, capture, capture_frames, inputs, device, info);
		if (err && err != BP_E_NOMEM) {
			struct bp_survey_entry *e = &s->entries[ports[k]];
			const char *detail = bp_error_detail();

			bp_survey_entry_clear(e);
			e->status = BP_SURVEY_FAILED;
			e->exit_status = 2;
			snprintf(e->error, sizeof(e->error), "%s", detail ? detail : bp_strerror(err));
			err = 0;
		}
		if (!err && flow->row)
			flow->row(flow->ctx, s, ports[k]);
	}
	free(capture);
	if (!err && flow->state_path)
		err = bp_survey_state_save(s, flow->state_path);
	return err;
}
