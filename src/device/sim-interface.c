#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "device/port-model.h"
#include "device/sim-interface.h"
#include "dsp/dsp.h"
#include "util/errors.h"

void bp_sim_iface_init(struct bp_sim_iface *m)
{
	memset(m, 0, sizeof(*m));
	m->dac_noise_dbfs = -INFINITY;
	m->distortion_db = -INFINITY;
	m->monitor_db = -INFINITY;
	m->monitor_ms = BP_SIM_MONITOR_MS;
	m->seed = 7;
}

static int bad_value(const char *name, const char *key, const char *val, double lo,
		     double hi, const char *unit)
{
	bp_error_set_detail("%s: %s=%s is not a number from %g to %g%s — see DEVICES in balprobe(1)",
			    name, key, val, lo, hi, unit);
	return -ERANGE;
}

static int number(const char *name, const char *key, const char *val, double lo, double hi,
		  const char *unit, double *x)
{
	char *end;

	*x = strtod(val, &end);
	if (end == val || *end || !(*x >= lo && *x <= hi))
		return bad_value(name, key, val, lo, hi, unit);
	return 0;
}

/* outN-gain / inN-gain: the channel's gain into @gains. */
static int channel_gain(const char *name, const char *key, const char *val,
			double *gains, size_t prefix)
{
	char *end;
	long ch = strtol(key + prefix, &end, 10);

	if (end == key + prefix || strcmp(end, "-gain") != 0 || ch < 1 ||
	    ch > BP_SIM_IFACE_CHANNELS) {
		bp_error_set_detail("%s: '%s' names no channel — give out1-gain .. out%d-gain or in1-gain .. in%d-gain",
				    name, key, BP_SIM_IFACE_CHANNELS, BP_SIM_IFACE_CHANNELS);
		return -EINVAL;
	}
	return number(name, key, val, -40.0, 40.0, " dB", &gains[ch - 1]);
}

static int parse_loop(struct bp_sim_iface *m, const char *name, const char *val)
{
	static const char *const names[] = { "", "pair", "split", "single" };
	size_t i;

	for (i = 1; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(val, names[i]) == 0) {
			m->loop = (enum bp_sim_loop)i;
			return 0;
		}
	bp_error_set_detail("%s: loop=%s is not a cabling — pair (out1 to in1, out2 to in2), split (out1 into in1 and in2) or single (out1 to in1)",
			    name, val);
	return -EINVAL;
}

/* monitor=DB[:MS] */
static int parse_monitor(struct bp_sim_iface *m, const char *name, const char *val)
{
	char *end;

	m->monitor_db = strtod(val, &end);
	if (end == val || !(m->monitor_db >= -80.0 && m->monitor_db <= -1.0) ||
	    (*end && *end != ':'))
		return bad_value(name, "monitor", val, -80.0, -1.0, " dB (then :MS)");
	if (*end)
		return number(name, "monitor delay", end + 1, 0.05, 20.0, " ms", &m->monitor_ms);
	return 0;
}

int bp_sim_iface_parse(struct bp_sim_iface *m, const char *name, const char *key,
		       const char *val)
{
	unsigned channel;

	if (strcmp(key, "loop") == 0)
		return parse_loop(m, name, val);
	/* outN-gain, inN-gain: a digit right after the side's name */
	if (sscanf(key, "out%u", &channel) == 1 && isdigit((unsigned char)key[3]))
		return channel_gain(name, key, val, m->out_gain_db, 3);
	if (sscanf(key, "in%u", &channel) == 1 && isdigit((unsigned char)key[2]))
		return channel_gain(name, key, val, m->in_gain_db, 2);
	if (strcmp(key, "dac-noise") == 0)
		return number(name, key, val, -200.0, -20.0, " dBFS", &m->dac_noise_dbfs);
	if (strcmp(key, "distortion") == 0)
		return number(name, key, val, -200.0, -20.0, " dB", &m->distortion_db);
	if (strcmp(key, "hp") == 0)
		return number(name, key, val, 1.0, 1000.0, " Hz", &m->hp_hz);
	if (strcmp(key, "lp") == 0)
		return number(name, key, val, 1000.0, 192000.0, " Hz", &m->lp_hz);
	if (strcmp(key, "native") == 0)
		return number(name, key, val, 8000.0, 384000.0, " Hz", &m->native_hz);
	if (strcmp(key, "monitor") == 0)
		return parse_monitor(m, name, val);
	if (strcmp(key, "air") == 0) {
		if (strcmp(val, "on") == 0 || strcmp(val, "off") == 0) {
			m->air = strcmp(val, "on") == 0;
			return 0;
		}
		bp_error_set_detail("%s: air=%s — say air=on or air=off", name, val);
		return -EINVAL;
	}
	return 1;
}

void bp_sim_iface_play(const struct bp_sim_iface *m, int channel, double *x, size_t n)
{
	const double g = channel >= 0 && channel < BP_SIM_IFACE_CHANNELS
				 ? pow(10.0, m->out_gain_db[channel] / 20.0) : 1.0;
	const double sigma = isinf(m->dac_noise_dbfs) ? 0.0
						      : sqrt(bp_power_from_dbfs(m->dac_noise_dbfs));
	struct bp_port_rng rng;
	size_t i;

	bp_port_rng_seed(&rng, m->seed * 131 + (uint64_t)channel);
	for (i = 0; i < n; i++)
		x[i] = g * x[i] + (sigma > 0.0 ? sigma * bp_port_rng_gauss(&rng) : 0.0);
}

/* Each input fed back through its output, @delay samples later: a
 * recursive comb, which rings when the feedback is strong. */
static void monitor(const struct bp_sim_iface *m, double rate_hz, double *a, size_t n)
{
	const double g = pow(10.0, m->monitor_db / 20.0);
	const size_t delay = (size_t)fmax(1.0, round(m->monitor_ms * rate_hz / 1000.0));
	size_t i;

	if (isinf(m->monitor_db))
		return;
	for (i = delay; i < n; i++)
		a[i] += g * a[i - delay];
}

int bp_sim_iface_route(const struct bp_sim_iface *m, double rate_hz, const double *a,
		       const double *b, size_t n, double crosstalk_db,
		       double latency_samples, double *in1, double *in2)
{
	const double c = isinf(crosstalk_db) ? 0.0 : pow(10.0, crosstalk_db / 20.0);
	double *x1 = malloc(n * sizeof(double)), *x2 = malloc(n * sizeof(double));
	size_t i;

	if (!x1 || !x2) {
		free(x1);
		free(x2);
		return BP_E_NOMEM;
	}
	for (i = 0; i < n; i++) {
		const double v1 = a[i];
		const double v2 = m->loop == BP_SIM_LOOP_PAIR ? b[i]
				  : m->loop == BP_SIM_LOOP_SPLIT ? a[i] : 0.0;

		x1[i] = v1 + c * v2;
		x2[i] = v2 + c * v1;
	}
	monitor(m, rate_hz, x1, n);
	monitor(m, rate_hz, x2, n);
	bp_port_delay(x1, in1, n, latency_samples);
	bp_port_delay(x2, in2, n, latency_samples);
	free(x1);
	free(x2);
	return 0;
}

/* A biquad from the analogue prototype (b2 s^2 + b1 s + b0) /
 * (a2 s^2 + a1 s + a0) with s normalised to the corner, by the bilinear
 * transform prewarped at @fc_hz; run over @x in place. */
static void bilinear_run(const double b[3], const double a[3], double fc_hz,
			 double rate_hz, double *x, size_t n)
{
	const double k = tan(M_PI * fc_hz / rate_hz), k2 = k * k;
	const double a0 = a[2] + a[1] * k + a[0] * k2;
	const double nb[3] = { (b[2] + b[1] * k + b[0] * k2) / a0,
			       (2.0 * b[0] * k2 - 2.0 * b[2]) / a0,
			       (b[2] - b[1] * k + b[0] * k2) / a0 };
	const double na[2] = { (2.0 * a[0] * k2 - 2.0 * a[2]) / a0,
			       (a[2] - a[1] * k + a[0] * k2) / a0 };
	double s1 = 0.0, s2 = 0.0;
	size_t i;

	/* Transposed direct form II. */
	for (i = 0; i < n; i++) {
		const double y = nb[0] * x[i] + s1;

		s1 = nb[1] * x[i] - na[0] * y + s2;
		s2 = nb[2] * x[i] - na[1] * y;
		x[i] = y;
	}
}

static void butterworth(bool high, int order, double fc_hz, double rate_hz, double *x,
			size_t n)
{
	int k;

	for (k = 1; k <= order / 2; k++) {
		const double q = 1.0 / (2.0 * sin((2.0 * k - 1.0) * M_PI / (2.0 * order)));
		const double lp[3] = { 1.0, 0.0, 0.0 }, hp[3] = { 0.0, 0.0, 1.0 };
		const double den[3] = { 1.0, 1.0 / q, 1.0 };

		bilinear_run(high ? hp : lp, den, fc_hz, rate_hz, x, n);
	}
}

void bp_sim_iface_record(const struct bp_sim_iface *m, double rate_hz, int channel,
			 double *x, size_t n)
{
	const double g = channel >= 0 && channel < BP_SIM_IFACE_CHANNELS
				 ? pow(10.0, m->in_gain_db[channel] / 20.0) : 1.0;
	size_t i;

	for (i = 0; i < n; i++)
		x[i] *= g;
	if (m->hp_hz > 0.0 && m->hp_hz < 0.45 * rate_hz)
		butterworth(true, 2, m->hp_hz, rate_hz, x, n);
	if (m->lp_hz > 0.0 && m->lp_hz < 0.49 * rate_hz)
		butterworth(false, 2, m->lp_hz, rate_hz, x, n);
	if (m->air) {
		/* (G s + 1) / (s + 1): unity low, G high. */
		const double b[3] = { 1.0, pow(10.0, BP_SIM_AIR_DB / 20.0), 0.0 };
		const double a[3] = { 1.0, 1.0, 0.0 };

		bilinear_run(b, a, BP_SIM_AIR_HZ, rate_hz, x, n);
	}
	if (m->native_hz > 0.0 && m->native_hz != rate_hz)
		butterworth(false, 8, BP_SIM_RESAMPLE_FRACTION * fmin(rate_hz, m->native_hz),
			    rate_hz, x, n);
	if (!isinf(m->distortion_db)) {
		const double t = pow(10.0, m->distortion_db / 20.0), k = 4.0 * t / (1.0 - 3.0 * t);

		for (i = 0; i < n; i++)
			x[i] += k * x[i] * x[i] * x[i];
	}
}

int bp_sim_iface_loop(const struct bp_sim_iface *m, double rate_hz, const double *a,
		      const double *b, size_t n, double crosstalk_db, double latency_samples,
		      double noise_dbfs, double *in1, double *in2)
{
	const double sigma = isinf(noise_dbfs) ? 0.0 : sqrt(bp_power_from_dbfs(noise_dbfs));
	struct bp_port_rng rng;
	size_t i;
	int err = bp_sim_iface_route(m, rate_hz, a, b, n, crosstalk_db, latency_samples,
				     in1, in2);

	if (err)
		return err;
	bp_sim_iface_record(m, rate_hz, 0, in1, n);
	bp_sim_iface_record(m, rate_hz, 1, in2, n);
	bp_port_rng_seed(&rng, m->seed);
	for (i = 0; i < n && sigma > 0.0; i++) {
		in1[i] += sigma * bp_port_rng_gauss(&rng);
		in2[i] += sigma * bp_port_rng_gauss(&rng);
	}
	return 0;
}
