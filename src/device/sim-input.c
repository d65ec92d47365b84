#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dsp/dsp.h"
#include "util/errors.h"
#include "device/port-model.h"
#include "device/sim-input.h"

static const char *const kind_names[] = {
	[BP_SIM_INPUT_BALANCED] = "balanced",
	[BP_SIM_INPUT_TRANSFORMER] = "transformer",
	[BP_SIM_INPUT_INVERTED] = "inverted",
	[BP_SIM_INPUT_UNBALANCED] = "unbalanced",
	[BP_SIM_INPUT_STEREO] = "stereo",
	[BP_SIM_INPUT_DEAD] = "dead",
};

int bp_sim_input_parse_kind(const char *name, enum bp_sim_input_kind *out)
{
	size_t i;

	for (i = BP_SIM_INPUT_BALANCED; i < sizeof(kind_names) / sizeof(kind_names[0]); i++)
		if (strcmp(name, kind_names[i]) == 0) {
			*out = (enum bp_sim_input_kind)i;
			return 0;
		}
	return -EINVAL;
}

/* What the input stage passes on to the left (and right) return, before
 * the latency. */
static void stage(const struct bp_sim_input *m, double rate_hz, const double *tip,
		  const double *ring, size_t n, double *left, double *right)
{
	const double g = pow(10.0, m->gain_db / 20.0);
	const double k = g * pow(10.0, -m->cmrr_db / 20.0);
	const double rise = m->kind == BP_SIM_INPUT_TRANSFORMER
				    ? rate_hz / (2.0 * M_PI * BP_SIM_INPUT_TRANSFORMER_HZ) : 0.0;
	const double sign = m->kind == BP_SIM_INPUT_INVERTED ? -1.0 : 1.0;
	const double mis = pow(10.0, m->drive_mismatch_db / 20.0);
	double prev_cm = 0.0;
	size_t i;

	for (i = 0; i < n; i++) {
		const double vt = tip[i], vr = mis * ring[i], cm = 0.5 * (vt + vr);

		right[i] = 0.0;
		switch (m->kind) {
		case BP_SIM_INPUT_BALANCED:
		case BP_SIM_INPUT_TRANSFORMER:
		case BP_SIM_INPUT_INVERTED:
			/* The common-mode leak: flat, plus a first difference
			 * (a capacitance's rising path) for the transformer. */
			left[i] = sign * g * (vt - vr) + k * (cm + rise * (cm - prev_cm));
			break;
		case BP_SIM_INPUT_UNBALANCED:
			left[i] = g * vt;
			break;
		case BP_SIM_INPUT_STEREO:
			left[i] = g * vt;
			right[i] = g * vr;
			break;
		default:
			left[i] = 0.0;
			break;
		}
		prev_cm = cm;
	}
}

/* Ground-loop hum (the port model's series) and independent noise. */
static void add_hum_and_noise(const struct bp_sim_input *m, double rate_hz, size_t n,
			      double *left, double *right)
{
	const double sigma = sqrt(bp_power_from_dbfs(m->noise_dbfs));
	struct bp_port_rng rng;
	size_t i;
	int h;

	bp_port_rng_seed(&rng, m->seed);
	for (i = 0; i < n; i++) {
		double hum = 0.0;

		for (h = 0; isfinite(m->hum_dbfs) && h < BP_PORT_HUM_LINES; h++)
			hum += pow(10.0, (m->hum_dbfs + bp_port_hum_rel_db[h]) / 20.0) *
			       sin(2.0 * M_PI * m->mains_hz * bp_port_hum_harmonic[h] *
				   (double)i / rate_hz);
		left[i] += hum + sigma * bp_port_rng_gauss(&rng);
		right[i] += hum + sigma * bp_port_rng_gauss(&rng);
	}
}

int bp_sim_input_render(const struct bp_sim_input *m, double rate_hz,
			const double *tip, const double *ring, size_t frames,
			double *left, double *right)
{
	double *l = malloc(frames * sizeof(double)), *r = malloc(frames * sizeof(double));

	if (!l || !r) {
		free(l);
		free(r);
		return BP_E_NOMEM;
	}
	stage(m, rate_hz, tip, ring, frames, l, r);
	bp_port_delay(l, left, frames, m->latency_samples);
	bp_port_delay(r, right, frames, m->latency_samples);
	free(l);
	free(r);
	add_hum_and_noise(m, rate_hz, frames, left, right);
	return 0;
}
