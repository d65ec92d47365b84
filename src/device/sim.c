/* balprobe: the simulated interface.  Its output PORT (default 1) carries
 * a port model (src/device/port-model.c, the physics the fixtures share) whose tip
 * and ring come back on inputs 1 and 2; the pair partner of that output
 * feeds the model's partner (the right channel of a stereo jack).  It
 * runs faster than real time and can inject faults for the tests.
 *
 * Name: sim[:KIND][,OPTION=VALUE]...  with KIND a port kind (balanced,
 * inverted, unbalanced, unbalanced-floating, impedance-balanced, stereo,
 * dual-mono, dead) and options gain=DB, mismatch=DB, skew=US,
 * crosstalk=DB, hum=HZ:DBFS, ripple=DBFS, pickup=DBFS, noise=DBFS,
 * latency=SAMPLES, clip, seed=N, port=N, outputs=N, inputs=N, and the
 * fault items of device/sim-fault.h.  input=KIND (device/sim-input.h) puts an input
 * stage behind output PORT (tip drive) and its partner (ring drive)
 * instead, with cmrr=DB and drive-mismatch=DB; gain, latency, hum, noise
 * and seed apply to it too.
 *
 * outN=KIND[/ITEM]... places a port model on output N as well (a port
 * survey's console on the sim): its tip and ring come back on inputs
 * 2N-1 and 2N, its pair partner is output N^1 as above, and its ITEMs are
 * the port items (kind, clip, gain, mismatch, skew, crosstalk, hum,
 * ripple, pickup, noise, latency, seed) over the sim's defaults.  With any
 * outN= the single port model is not used; outputs and inputs grow to
 * fit.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "device/device.h"
#include "util/errors.h"
#include "cli/near-miss.h"
#include "device/port-model.h"
#include "device/sim-fault.h"
#include "device/sim-input.h"
#include "device/sim-source.h"
#include "device/sim-interface.h"

#define SIM_LATENCY_SAMPLES 311.37
#define SIM_NOISE_DBFS (-110.0)
#define SIM_PORTS_MAX 32

struct sim {
	struct bp_device base;
	struct bp_port_model model;
	int port;            /* 0-based output with the cable on it */
	struct bp_sim_fault fault;
	struct bp_sim_input input;   /* kind NONE: the port model runs */
	struct bp_sim_source source; /* source=HZ:DBFS at every input */
	struct bp_sim_iface iface;   /* the interface itself (sim-interface.h) */
	/* outN= items: port models on several outputs */
	struct sim_port {
		int output;              /* 0-based */
		struct bp_port_model model;
	} ports[SIM_PORTS_MAX];
	int n_ports;
};

static int parse_option(struct sim *s, const char *name, const char *opt,
			int *outputs, int *inputs);

/* The range of every numeric option: beyond it the port model overflows
 * (a latency or skew of 1e30 samples) or means nothing. */
static const struct {
	const char *key;
	double lo, hi;
	bool whole;
	const char *unit;
} ranges[] = {
	{ "gain", -120.0, 60.0, false, " dB" },
	{ "mismatch", -60.0, 60.0, false, " dB" },
	{ "skew", -10000.0, 10000.0, false, " us" },
	{ "crosstalk", -200.0, 0.0, false, " dB" },
	{ "hum", -200.0, 0.0, false, " dBFS" },
	{ "ripple", -200.0, 0.0, false, " dBFS" },
	{ "pickup", -200.0, 0.0, false, " dBFS" },
	{ "noise", -200.0, 0.0, false, " dBFS" },
	{ "latency", 0.0, 3840000.0, false, " samples" },
	{ "seed", 0.0, 9007199254740992.0, true, "" },
	{ "port", 1.0, 64.0, true, "" },
	{ "outputs", 1.0, 64.0, true, "" },
	{ "inputs", 2.0, 64.0, true, "" },
	{ "cmrr", 0.0, 160.0, false, " dB" },
	{ "drive-mismatch", -6.0, 6.0, false, " dB" },
};

/* " (did you mean 'stereo'?)" for an item @word that nearly spells a
 * port model, a flag or (with @keys) an option's name; "" otherwise. */
static const char *near_item(const char *word, bool keys, char *buf, size_t size)
{
	struct bp_near_miss m;
	size_t i;
	int k;

	bp_near_miss_init(&m, word);
	if (keys) {
		for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
			bp_near_miss_offer(&m, ranges[i].key);
	} else {
		for (k = 0; bp_port_kind_name((enum bp_port_kind)k); k++)
			bp_near_miss_offer(&m, bp_port_kind_name((enum bp_port_kind)k));
		bp_near_miss_offer(&m, "clip");
	}
	if (!bp_near_miss_best(&m))
		return "";
	snprintf(buf, size, " (did you mean '%s'?)", bp_near_miss_best(&m));
	return buf;
}

/* @key's number in @val, checked against its range.  Returns 0, or
 * -EINVAL (unknown key) / -ERANGE (bad value) with a detail sentence. */
static int parse_value(const char *name, const char *key, const char *val, double *x)
{
	char *end, hint[64];
	size_t i;

	for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (strcmp(key, ranges[i].key) == 0)
			break;
	if (i == sizeof(ranges) / sizeof(ranges[0])) {
		bp_error_set_detail("%s: '%s=%s' is not a sim option%s — see DEVICES in balprobe(1)",
				    name, key, val, near_item(key, true, hint, sizeof(hint)));
		return -EINVAL;
	}
	*x = strtod(val, &end);
	if (end != val && !*end && isfinite(*x) && *x >= ranges[i].lo &&
	    *x <= ranges[i].hi && (!ranges[i].whole || *x == floor(*x)))
		return 0;
	bp_error_set_detail("%s: %s '%s' is %s — give a %s from %.16g to %.16g%s",
			    name, key, val,
			    end == val || *end ? "not a number" : "out of range",
			    ranges[i].whole ? "whole number" : "number",
			    ranges[i].lo, ranges[i].hi, ranges[i].unit);
	return -ERANGE;
}

/* The items a port of outN= may carry: what describes one port. */
static bool port_item(const char *item)
{
	static const char *const keys[] = { "gain=", "mismatch=", "skew=", "crosstalk=",
					    "hum=", "ripple=", "pickup=", "noise=",
					    "latency=", "seed=" };
	enum bp_port_kind kind;
	size_t i;

	if (strcmp(item, "clip") == 0 || bp_port_kind_parse(item, &kind) == 0)
		return true;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strncmp(item, keys[i], strlen(keys[i])) == 0)
			return true;
	return false;
}

/* outN=KIND[/ITEM]...: a port model on output N. */
static int parse_port(struct sim *s, const char *name, const char *opt)
{
	struct sim tmp;
	char *end, *spec, *item, *save = NULL;
	long n = strtol(opt + 3, &end, 10);
	int err = 0, dummy_out = 2, dummy_in = 2;

	if (*end != '=' || n < 1 || n > 64 || !end[1]) {
		bp_error_set_detail("%s: '%s' is not a port item — write outN=KIND[/ITEM]..., N from 1 to 64",
				    name, opt);
		return -EINVAL;
	}
	if (s->n_ports == SIM_PORTS_MAX) {
		bp_error_set_detail("%s: more than %d outN= ports", name, SIM_PORTS_MAX);
		return -ERANGE;
	}
	memset(&tmp, 0, sizeof(tmp));
	bp_port_model_init(&tmp.model, BP_PORT_BALANCED);
	tmp.model.latency_samples = SIM_LATENCY_SAMPLES;
	tmp.model.noise_dbfs = SIM_NOISE_DBFS;
	tmp.model.seed = 1000u * (uint64_t)n;
	spec = strdup(end + 1);
	if (!spec)
		return BP_E_NOMEM;
	for (item = strtok_r(spec, "/", &save); item && !err; item = strtok_r(NULL, "/", &save)) {
		if (!port_item(item)) {
			bp_error_set_detail("%s: '%s' in %s is not a port item (a kind, clip, gain, mismatch, skew, crosstalk, hum, ripple, pickup, noise, latency, seed) — see DEVICES in balprobe(1)",
					    name, item, opt);
			err = -EINVAL;
		} else {
			err = parse_option(&tmp, name, item, &dummy_out, &dummy_in);
		}
	}
	free(spec);
	if (err)
		return err;
	s->ports[s->n_ports].output = (int)n - 1;
	s->ports[s->n_ports++].model = tmp.model;
	return 0;
}

/* One "key=value" (or a bare kind or flag) of the name @name.  Returns 0,
 * or a negative code with a detail sentence. */
static int parse_option(struct sim *s, const char *name, const char *opt,
			int *outputs, int *inputs)
{
	char key[32], hint[64];
	const char *eq = strchr(opt, '=');
	const char *val = eq ? eq + 1 : NULL;
	double x = 0.0;
	int err = bp_sim_source_parse(&s->source, name, opt), used = 0;
	unsigned port;

	if (err <= 0)
		return err;
	/* outN=KIND[/ITEM]...: not the interface's outN-gain=DB */
	if (sscanf(opt, "out%u%n", &port, &used) == 1 && isdigit((unsigned char)opt[3]) &&
	    opt[used] == '=')
		return parse_port(s, name, opt);
	err = bp_sim_fault_parse(&s->fault, opt);
	if (err < 0) {
		bp_error_set_detail("%s: '%s' is not a fault the sim can make — see the fault items under DEVICES in balprobe(1)",
				    name, opt);
		return err;
	}
	if (err == 0)
		return 0;
	if (!eq) {
		if (strcmp(opt, "clip") == 0)
			s->model.clip = true;
		else if (bp_port_kind_parse(opt, &s->model.kind) != 0)
			goto unknown;
		return 0;
	}
	if ((size_t)(eq - opt) >= sizeof(key))
		goto unknown;
	memcpy(key, opt, (size_t)(eq - opt));
	key[eq - opt] = '\0';
	if ((err = bp_sim_iface_parse(&s->iface, name, key, val)) <= 0)
		return err;
	if (strcmp(key, "input") == 0) {
		if (bp_sim_input_parse_kind(val, &s->input.kind) == 0)
			return 0;
		bp_error_set_detail("%s: input=%s is not an input model — balanced, transformer, inverted, unbalanced, stereo or dead",
				    name, val);
		return -EINVAL;
	}
	if (strcmp(key, "hum") == 0 && strchr(val, ':')) {
		/* hum=HZ:DBFS; hum=DBFS keeps the current mains */
		char *end;

		s->model.mains_hz = strtod(val, &end);
		if (end == val || *end != ':' ||
		    (s->model.mains_hz != 50.0 && s->model.mains_hz != 60.0)) {
			bp_error_set_detail("%s: the mains frequency in hum=%s must be 50 or 60 Hz",
					    name, val);
			return -ERANGE;
		}
		val = end + 1;
	}
	err = parse_value(name, key, val, &x);
	if (err)
		return err;
	if (strcmp(key, "gain") == 0)
		s->model.gain_db = x;
	else if (strcmp(key, "mismatch") == 0)
		s->model.mismatch_db = x;
	else if (strcmp(key, "skew") == 0)
		s->model.skew_s = x * 1e-6;
	else if (strcmp(key, "crosstalk") == 0)
		s->model.crosstalk_db = x;
	else if (strcmp(key, "hum") == 0)
		s->model.hum_dbfs = x;
	else if (strcmp(key, "ripple") == 0)
		s->model.ripple_dbfs = x;
	else if (strcmp(key, "pickup") == 0)
		s->model.pickup_dbfs = x;
	else if (strcmp(key, "noise") == 0)
		s->model.noise_dbfs = x;
	else if (strcmp(key, "latency") == 0)
		s->model.latency_samples = x;
	else if (strcmp(key, "seed") == 0)
		s->model.seed = (uint64_t)x;
	else if (strcmp(key, "port") == 0)
		s->port = (int)x - 1;
	else if (strcmp(key, "outputs") == 0)
		*outputs = (int)x;
	else if (strcmp(key, "cmrr") == 0)
		s->input.cmrr_db = x;
	else if (strcmp(key, "drive-mismatch") == 0)
		s->input.drive_mismatch_db = x;
	else
		*inputs = (int)x;
	return 0;
unknown:
	bp_error_set_detail("%s: '%s' is not a sim option%s — see DEVICES in balprobe(1)",
			    name, opt, near_item(opt, false, hint, sizeof(hint)));
	return -EINVAL;
}

static int sim_open(struct bp_device **out, const char *name, double rate_hz,
		    int outputs, int inputs)
{
	struct sim *s = calloc(1, sizeof(*s));
	int have_out = 2, have_in = 2;
	char *spec, *opt, *save = NULL;
	int err = 0, i;

	*out = NULL;
	if (!s)
		return BP_E_NOMEM;
	bp_port_model_init(&s->model, BP_PORT_BALANCED);
	bp_sim_fault_init(&s->fault);
	bp_sim_iface_init(&s->iface);
	s->input.cmrr_db = 60.0;
	s->model.latency_samples = SIM_LATENCY_SAMPLES;
	s->model.noise_dbfs = SIM_NOISE_DBFS;
	spec = strdup(name[3] == ':' ? name + 4 : "");
	if (!spec) {
		free(s);
		return BP_E_NOMEM;
	}
	for (opt = strtok_r(spec, ",", &save); opt && !err; opt = strtok_r(NULL, ",", &save))
		err = parse_option(s, name, opt, &have_out, &have_in);
	free(spec);
	for (i = 0; i < s->n_ports; i++) {
		have_out = have_out > (s->ports[i].output | 1) + 1 ? have_out : (s->ports[i].output | 1) + 1;
		have_in = have_in > 2 * s->ports[i].output + 2 ? have_in : 2 * s->ports[i].output + 2;
	}
	if (!err && (rate_hz < 8000.0 || rate_hz > 384000.0)) {
		bp_error_set_detail("%s: cannot run at %.0f Hz — pick a rate from 8000 to 384000 Hz",
				    name, rate_hz);
		err = -EINVAL;
	}
	if (!err && inputs > have_in) {
		bp_error_set_detail("%s: has %d inputs; tip and ring need input %d — pick inputs from 1 to %d with --tip and --ring, or give the sim more with inputs=N",
				    name, have_in, inputs, have_in);
		err = -ERANGE;
	}
	if (!err && outputs > have_out) {
		bp_error_set_detail("%s: has %d outputs; this take needs output %d — pick an output from 1 to %d, or give the sim more with outputs=N",
				    name, have_out, outputs, have_out);
		err = -ERANGE;
	}
	if (!err && s->port >= have_out) {
		bp_error_set_detail("%s: port=%d names no output (it has %d)", name,
				    s->port + 1, have_out);
		err = -EINVAL;
	}
	if (err) {
		free(s);
		return err;
	}
	s->base.ops = &bp_device_sim_ops;
	snprintf(s->base.info.name, sizeof(s->base.info.name), "%s", name);
	if (s->n_ports)
		snprintf(s->base.info.description, sizeof(s->base.info.description),
			 "simulated interface, %d ports (output N on inputs 2N-1 and 2N)",
			 s->n_ports);
	else if (s->input.kind != BP_SIM_INPUT_NONE)
		snprintf(s->base.info.description, sizeof(s->base.info.description),
			 "simulated interface, an input driven from outputs %d and %d",
			 s->port + 1, (s->port ^ 1) + 1);
	else
		snprintf(s->base.info.description, sizeof(s->base.info.description),
			 "simulated interface, %s port on output %d",
			 bp_port_kind_name(s->model.kind), s->port + 1);
	s->base.info.outputs = have_out;
	s->base.info.inputs = have_in;
	s->base.info.rate_hz = rate_hz;
	*out = &s->base;
	return 0;
}

/* One output channel of the interleaved playback buffer, or NULL. */
static double *output_channel(const struct sim *s, const double *play,
			      long frames, int channel)
{
	double *x;
	long i;

	if (channel < 0 || channel >= s->base.info.outputs)
		return NULL;
	x = malloc((size_t)frames * sizeof(double));
	if (!x)
		return NULL;
	for (i = 0; i < frames; i++)
		x[i] = play[(size_t)i * s->base.info.outputs + channel];
	return x;
}

/* The input model's returns, with the port model's gain, latency, hum,
 * noise and seed. */
static int render_input(struct sim *s, const double *tip_drive, const double *ring_drive,
			long frames, double *left, double *right)
{
	s->input.gain_db = s->model.gain_db;
	s->input.latency_samples = s->model.latency_samples;
	s->input.noise_dbfs = s->model.noise_dbfs;
	s->input.hum_dbfs = s->model.hum_dbfs;
	s->input.mains_hz = s->model.mains_hz;
	s->input.seed = s->model.seed;
	return bp_sim_input_render(&s->input, s->base.info.rate_hz, tip_drive, ring_drive,
				   (size_t)frames, left, right);
}

/* The outN= ports, each on its own two inputs, into @capture. */
static int render_ports(struct sim *s, const double *play, long play_frames,
			double *capture, long capture_frames)
{
	const int inputs = s->base.info.inputs;
	double *prog = calloc((size_t)capture_frames, sizeof(double));
	double *part = calloc((size_t)capture_frames, sizeof(double));
	double *tip = malloc((size_t)capture_frames * sizeof(double));
	double *ring = malloc((size_t)capture_frames * sizeof(double));
	double *src;
	long i;
	int err = prog && part && tip && ring ? 0 : BP_E_NOMEM, k;

	memset(capture, 0, (size_t)capture_frames * (size_t)inputs * sizeof(double));
	for (k = 0; k < s->n_ports && !err; k++) {
		struct sim_port *p = &s->ports[k];
		const int legs[2] = { p->output, p->output ^ 1 };
		double *to[2] = { prog, part };
		int c;

		for (c = 0; c < 2; c++) {
			memset(to[c], 0, (size_t)capture_frames * sizeof(double));
			if ((src = output_channel(s, play, play_frames, legs[c]))) {
				memcpy(to[c], src, (size_t)play_frames * sizeof(double));
				free(src);
			}
		}
		p->model.seed++;
		err = bp_port_render(&p->model, s->base.info.rate_hz, prog, part,
				     (size_t)capture_frames, tip, ring);
		for (i = 0; !err && i < capture_frames; i++) {
			capture[(size_t)i * inputs + 2 * p->output] = tip[i];
			capture[(size_t)i * inputs + 2 * p->output + 1] = ring[i];
		}
	}
	free(prog);
	free(part);
	free(tip);
	free(ring);
	return err;
}

/* A sim without outN= items: its one port model, input stage or loop,
 * with the interface's own gains and converters, onto inputs 1 and 2 of
 * @capture (the others silent). */
static int render_single(struct sim *s, double rate_hz, const double *play, long play_frames,
			 double *capture, long frames, int inputs)
{
	/* out1 <-> out2, out3 <-> out4, ... */
	const int partner = s->port ^ 1;
	double *prog = calloc((size_t)frames, sizeof(double));
	double *part = calloc((size_t)frames, sizeof(double));
	double *tip = malloc((size_t)frames * sizeof(double));
	double *ring = malloc((size_t)frames * sizeof(double));
	double *src;
	long i;
	int err = BP_E_NOMEM, c;

	if (!prog || !part || !tip || !ring)
		goto out;
	if ((src = output_channel(s, play, play_frames, s->port))) {
		memcpy(prog, src, (size_t)play_frames * sizeof(double));
		free(src);
	}
	if ((src = output_channel(s, play, play_frames, partner))) {
		memcpy(part, src, (size_t)play_frames * sizeof(double));
		free(src);
	}
	s->model.seed++;
	s->iface.seed = s->model.seed;
	bp_sim_iface_play(&s->iface, s->port, prog, (size_t)frames);
	bp_sim_iface_play(&s->iface, partner, part, (size_t)frames);
	if (s->iface.loop != BP_SIM_LOOP_NONE)
		err = bp_sim_iface_loop(&s->iface, rate_hz, prog, part, (size_t)frames,
					s->model.crosstalk_db, s->model.latency_samples,
					s->model.noise_dbfs, tip, ring);
	else
		err = s->input.kind != BP_SIM_INPUT_NONE
			? render_input(s, prog, part, frames, tip, ring)
			: bp_port_render(&s->model, rate_hz, prog, part, (size_t)frames, tip, ring);
	if (err)
		goto out;
	if (s->iface.loop == BP_SIM_LOOP_NONE) {
		bp_sim_iface_record(&s->iface, rate_hz, 0, tip, (size_t)frames);
		bp_sim_iface_record(&s->iface, rate_hz, 1, ring, (size_t)frames);
	}
	for (i = 0; i < frames; i++) {
		capture[(size_t)i * inputs] = tip[i];
		capture[(size_t)i * inputs + 1] = ring[i];
		for (c = 2; c < inputs; c++)
			capture[(size_t)i * inputs + c] = 0.0;
	}
out:
	free(prog);
	free(part);
	free(tip);
	free(ring);
	return err;
}

/* Render the take, then deliver it as the device would: up to a fault,
 * with the source and faults added and the meter fed. */
static int sim_run(struct bp_device *dev, const double *play, long play_frames,
		   double *capture, long capture_frames, bp_progress_fn progress,
		   void *ctx)
{
	struct sim *s = (struct sim *)dev;
	const int inputs = dev->info.inputs;
	double peaks[64] = { 0 };
	long i, delivered;
	int err, fault, c;

	err = s->n_ports ? render_ports(s, play, play_frames, capture, capture_frames)
			 : render_single(s, dev->info.rate_hz, play, play_frames, capture,
					 capture_frames, inputs);
	if (err)
		return err;
	fault = bp_sim_fault_take(&s->fault, dev->info.name, capture_frames, &delivered);
	/* Nothing was captured after the fault. */
	for (i = delivered * inputs; i < capture_frames * inputs; i++)
		capture[i] = 0.0;
	bp_sim_source_add(&s->source, dev->info.rate_hz, capture, delivered, inputs);
	bp_sim_fault_apply(&s->fault, capture, delivered, inputs, s->model.clip);
	for (i = 0; i < delivered; i++) {
		for (c = 0; c < inputs; c++)
			peaks[c] = fmax(peaks[c], fabs(capture[(size_t)i * inputs + c]));
		if (progress && (i + 1) % (capture_frames / 4 + 1) == 0)
			progress(ctx, i + 1, capture_frames, peaks);
	}
	if (!fault && progress)
		progress(ctx, capture_frames, capture_frames, peaks);
	return fault;
}

static void sim_close(struct bp_device *dev)
{
	free(dev);
}

static int sim_list(FILE *out)
{
	fprintf(out, "sim          simulated interface: 2 outputs, 2 inputs, any rate 8000..384000 Hz\n"
		     "             (sim:MODEL,OPTION=VALUE,...; see balprobe(1))\n");
	return 0;
}

static bool sim_claims(const char *name)
{
	return strcmp(name, "sim") == 0 || strncmp(name, "sim:", 4) == 0;
}

const struct bp_device_ops bp_device_sim_ops = {
	.open = sim_open,
	.run = sim_run,
	.close = sim_close,
	.list = sim_list,
	.claims = sim_claims,
};
