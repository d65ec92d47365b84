/* balprobe: the simulated interface.  Its output PORT (default 1) carries
 * a port model (src/portmodel.c, the physics the fixtures share) whose tip
 * and ring come back on inputs 1 and 2; the pair partner of that output
 * feeds the model's partner (the right channel of a stereo jack).  It
 * runs faster than real time and can inject faults for the tests.
 *
 * Name: sim[:KIND][,OPTION=VALUE]...  with KIND a port kind (balanced,
 * inverted, unbalanced, unbalanced-floating, impedance-balanced, stereo,
 * dual-mono, dead) and options gain=DB, mismatch=DB, skew=US,
 * crosstalk=DB, hum=HZ:DBFS, ripple=DBFS, pickup=DBFS, noise=DBFS,
 * latency=SAMPLES, clip, seed=N, port=N, outputs=N, inputs=N,
 * xrun=N (the first N takes overrun), vanish (the device disappears
 * half-way through a take).
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "device.h"
#include "errors.h"
#include "portmodel.h"

#define SIM_LATENCY_SAMPLES 311.37
#define SIM_NOISE_DBFS (-110.0)

struct sim {
	struct bp_device base;
	struct bp_port_model model;
	int port;            /* 0-based output with the cable on it */
	int xruns_left;
	bool vanish;
};

/* One "key=value" (or a bare kind or flag) of the name. */
static int parse_option(struct sim *s, const char *opt, int *outputs, int *inputs)
{
	char key[32];
	const char *eq = strchr(opt, '=');
	const char *val = eq ? eq + 1 : NULL;
	char *end = NULL;
	double x = 0.0, y = 0.0;

	if (!eq) {
		if (strcmp(opt, "clip") == 0) {
			s->model.clip = true;
			return 0;
		}
		if (strcmp(opt, "vanish") == 0) {
			s->vanish = true;
			return 0;
		}
		return bp_port_kind_parse(opt, &s->model.kind);
	}
	if ((size_t)(eq - opt) >= sizeof(key))
		return -EINVAL;
	memcpy(key, opt, (size_t)(eq - opt));
	key[eq - opt] = '\0';
	if (strcmp(key, "hum") == 0) {
		/* hum=HZ:DBFS, or hum=DBFS at the current mains */
		x = strtod(val, &end);
		if (end != val && *end == ':') {
			y = strtod(end + 1, &end);
			s->model.mains_hz = x;
			s->model.hum_dbfs = y;
		} else {
			s->model.hum_dbfs = x;
		}
	} else {
		x = strtod(val, &end);
		if (strcmp(key, "gain") == 0)
			s->model.gain_db = x;
		else if (strcmp(key, "mismatch") == 0)
			s->model.mismatch_db = x;
		else if (strcmp(key, "skew") == 0)
			s->model.skew_s = x * 1e-6;
		else if (strcmp(key, "crosstalk") == 0)
			s->model.crosstalk_db = x;
		else if (strcmp(key, "ripple") == 0)
			s->model.ripple_dbfs = x;
		else if (strcmp(key, "pickup") == 0)
			s->model.pickup_dbfs = x;
		else if (strcmp(key, "noise") == 0)
			s->model.noise_dbfs = x;
		else if (strcmp(key, "latency") == 0)
			s->model.latency_samples = x;
		else if (strcmp(key, "seed") == 0 && x >= 0 && x < 0x1p64 && x == floor(x))
			s->model.seed = (uint64_t)x;
		else if (strcmp(key, "port") == 0 && x >= 1 && x <= 64 && x == floor(x))
			s->port = (int)x - 1;
		else if (strcmp(key, "outputs") == 0 && x >= 1 && x <= 64 && x == floor(x))
			*outputs = (int)x;
		else if (strcmp(key, "inputs") == 0 && x >= 2 && x <= 64 && x == floor(x))
			*inputs = (int)x;
		else if (strcmp(key, "xrun") == 0 && x >= 0 && x <= 1000 && x == floor(x))
			s->xruns_left = (int)x;
		else
			return -EINVAL;
	}
	return end && end != val && *end == '\0' && isfinite(x) && isfinite(y) ? 0 : -EINVAL;
}

static int sim_open(struct bp_device **out, const char *name, double rate_hz,
		    int outputs, int inputs)
{
	struct sim *s = calloc(1, sizeof(*s));
	int have_out = 2, have_in = 2;
	char *spec, *opt, *save = NULL;
	int err = 0;

	*out = NULL;
	if (!s)
		return BP_E_NOMEM;
	bp_port_model_init(&s->model, BP_PORT_BALANCED);
	s->model.latency_samples = SIM_LATENCY_SAMPLES;
	s->model.noise_dbfs = SIM_NOISE_DBFS;
	spec = strdup(name[3] == ':' ? name + 4 : "");
	if (!spec) {
		free(s);
		return BP_E_NOMEM;
	}
	for (opt = strtok_r(spec, ",", &save); opt && !err; opt = strtok_r(NULL, ",", &save))
		if (parse_option(s, opt, &have_out, &have_in) != 0) {
			bp_error_set_detail("%s: '%s' is not a sim option — see DEVICES in balprobe(1)",
					    name, opt);
			err = -EINVAL;
		}
	free(spec);
	if (!err && ((s->model.mains_hz != 50.0 && s->model.mains_hz != 60.0) ||
		     s->model.latency_samples < 0.0)) {
		bp_error_set_detail("%s: mains must be 50 or 60 Hz and latency at least 0 samples",
				    name);
		err = -EINVAL;
	}
	if (!err && (rate_hz < 8000.0 || rate_hz > 384000.0)) {
		bp_error_set_detail("%s: cannot run at %.0f Hz — pick a rate from 8000 to 384000 Hz",
				    name, rate_hz);
		err = -EINVAL;
	}
	if (!err && (outputs > have_out || inputs > have_in)) {
		bp_error_set_detail("%s: has %d outputs and %d inputs; this take needs output %d and input %d — pick an output from 1 to %d, or give the sim more with outputs=N",
				    name, have_out, have_in, outputs, inputs, have_out);
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

static int sim_run(struct bp_device *dev, const double *play, long play_frames,
		   double *capture, long capture_frames, bp_progress_fn progress,
		   void *ctx)
{
	struct sim *s = (struct sim *)dev;
	const int inputs = dev->info.inputs;
	/* out1 <-> out2, out3 <-> out4, ... */
	const int partner = s->port ^ 1;
	double *prog = calloc((size_t)capture_frames, sizeof(double));
	double *part = calloc((size_t)capture_frames, sizeof(double));
	double *tip = malloc((size_t)capture_frames * sizeof(double));
	double *ring = malloc((size_t)capture_frames * sizeof(double));
	double *src, peaks[64] = { 0 };
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
	err = bp_port_render(&s->model, dev->info.rate_hz, prog, part,
			     (size_t)capture_frames, tip, ring);
	if (err)
		goto out;
	for (i = 0; i < capture_frames; i++) {
		capture[(size_t)i * inputs] = tip[i];
		capture[(size_t)i * inputs + 1] = ring[i];
		for (c = 2; c < inputs; c++)
			capture[(size_t)i * inputs + c] = 0.0;
		peaks[0] = fmax(peaks[0], fabs(tip[i]));
		peaks[1] = fmax(peaks[1], fabs(ring[i]));
		if (progress && (i + 1) % (capture_frames / 4 + 1) == 0)
			progress(ctx, i + 1, capture_frames, peaks);
	}
	if (s->vanish) {
		bp_error_set_detail("%s: the device went away half-way through the take — check the cable and power",
				    dev->info.name);
		err = -ENODEV;
	} else if (s->xruns_left > 0) {
		s->xruns_left--;
		bp_error_set_detail("%s: the take was interrupted (an overrun)", dev->info.name);
		err = -EPIPE;
	} else if (progress) {
		progress(ctx, capture_frames, capture_frames, peaks);
	}
out:
	free(prog);
	free(part);
	free(tip);
	free(ring);
	return err;
}

static void sim_close(struct bp_device *dev)
{
	free(dev);
}

const struct bp_device_ops bp_device_sim_ops = {
	.open = sim_open,
	.run = sim_run,
	.close = sim_close,
};
