#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dsp/dsp.h"
#include "util/errors.h"
#include "device/port-model.h"

/* Fractional delay: sinc truncated to +-HALF_TAPS, Kaiser window (beta 8:
 * about -80 dB sidelobes), flat within 0.01 dB to 0.42 x the rate. */
#define HALF_TAPS 32
#define KAISER_BETA 8.0

const int bp_port_hum_harmonic[BP_PORT_HUM_LINES] = { 1, 3, 5 };
const double bp_port_hum_rel_db[BP_PORT_HUM_LINES] = { 0.0, -8.0, -14.0 };
const int bp_port_ripple_harmonic[BP_PORT_RIPPLE_LINES] = { 2, 4 };
const double bp_port_ripple_rel_db[BP_PORT_RIPPLE_LINES] = { 0.0, -10.0 };

/* Fixed starting phases (radians), so hum is the same in every run. */
static const double hum_phase[BP_PORT_HUM_LINES] = { 0.0, 0.7, 2.1 };
static const double ripple_phase[BP_PORT_RIPPLE_LINES] = { 0.4, 1.9 };
/* Capacitive pickup on an open ring is not in phase with a ground loop. */
#define PICKUP_PHASE 1.2

static const char *const kind_names[BP_PORT_KINDS] = {
	[BP_PORT_BALANCED] = "balanced",
	[BP_PORT_INVERTED] = "inverted",
	[BP_PORT_UNBALANCED] = "unbalanced",
	[BP_PORT_UNBALANCED_FLOATING] = "unbalanced-floating",
	[BP_PORT_IMPEDANCE_BALANCED] = "impedance-balanced",
	[BP_PORT_STEREO] = "stereo",
	[BP_PORT_DUAL_MONO] = "dual-mono",
	[BP_PORT_DEAD] = "dead",
};

/* --- generator: splitmix64 seeds xoshiro256** (Blackman, Vigna 2018) --- */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

void bp_port_rng_seed(struct bp_port_rng *r, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

uint64_t bp_port_rng_next(struct bp_port_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

double bp_port_rng_uniform(struct bp_port_rng *r)
{
	return (double)(bp_port_rng_next(r) >> 11) * 0x1.0p-53;
}

double bp_port_rng_gauss(struct bp_port_rng *r)
{
	/* 1 - u lies in (0, 1], so the logarithm is finite. */
	double u = 1.0 - bp_port_rng_uniform(r), v = bp_port_rng_uniform(r);

	return sqrt(-2.0 * log(u)) * cos(2.0 * M_PI * v);
}

/* --- small helpers --- */

static double amplitude_of(double dbfs)
{
	/* AES17: a sine of peak A reads 20 log10(A) dBFS. */
	return isinf(dbfs) && dbfs < 0.0 ? 0.0 : pow(10.0, dbfs / 20.0);
}

double bp_port_hum_power(double fundamental_dbfs)
{
	double p = 0.0;
	int i;

	if (isinf(fundamental_dbfs) && fundamental_dbfs < 0.0)
		return 0.0;
	for (i = 0; i < BP_PORT_HUM_LINES; i++)
		p += bp_power_from_dbfs(fundamental_dbfs + bp_port_hum_rel_db[i]);
	return p;
}

double bp_port_ripple_power(double first_line_dbfs)
{
	double p = 0.0;
	int i;

	if (isinf(first_line_dbfs) && first_line_dbfs < 0.0)
		return 0.0;
	for (i = 0; i < BP_PORT_RIPPLE_LINES; i++)
		p += bp_power_from_dbfs(first_line_dbfs + bp_port_ripple_rel_db[i]);
	return p;
}

const char *bp_port_kind_name(enum bp_port_kind kind)
{
	return (unsigned)kind < BP_PORT_KINDS ? kind_names[kind] : NULL;
}

int bp_port_kind_parse(const char *name, enum bp_port_kind *out)
{
	int k;

	for (k = 0; k < BP_PORT_KINDS; k++)
		if (strcmp(name, kind_names[k]) == 0) {
			*out = (enum bp_port_kind)k;
			return 0;
		}
	return -EINVAL;
}

/* Zeroth-order modified Bessel function of the first kind, by its series. */
static double bessel_i0(double x)
{
	double sum = 1.0, term = 1.0, q = x * x / 4.0;
	int k;

	for (k = 1; k < 64 && term > 1e-17 * sum; k++) {
		term *= q / ((double)k * (double)k);
		sum += term;
	}
	return sum;
}

void bp_port_delay(const double *x, double *y, size_t n, double delay_samples)
{
	double whole = floor(delay_samples), frac = delay_samples - whole;
	double h[2 * HALF_TAPS], norm = bessel_i0(KAISER_BETA);
	long shift, i, m;

	/* Shifted past the signal and the filter's reach, nothing is left;
	 * and such a shift need not fit a long. */
	if (!(fabs(delay_samples) < (double)n + HALF_TAPS)) {
		memset(y, 0, n * sizeof(*y));
		return;
	}
	shift = (long)whole;
	/* Tap m weighs x[i - shift - m]; it sits m - frac samples from the
	 * interpolation point. */
	for (m = -HALF_TAPS + 1; m <= HALF_TAPS; m++) {
		double t = (double)m - frac, r = t / HALF_TAPS, s;

		if (t == 0.0)
			s = 1.0;
		else
			s = sin(M_PI * t) / (M_PI * t);
		h[m + HALF_TAPS - 1] = fabs(r) >= 1.0 ? 0.0 :
			s * bessel_i0(KAISER_BETA * sqrt(1.0 - r * r)) / norm;
	}
	for (i = 0; i < (long)n; i++) {
		double acc = 0.0;

		if (frac == 0.0) {
			long j = i - shift;

			y[i] = j >= 0 && j < (long)n ? x[j] : 0.0;
			continue;
		}
		for (m = -HALF_TAPS + 1; m <= HALF_TAPS; m++) {
			long j = i - shift - m;

			if (j >= 0 && j < (long)n)
				acc += h[m + HALF_TAPS - 1] * x[j];
		}
		y[i] = acc;
	}
}

/* Add a series of mains-related lines to @y.  The phase is reduced to one
 * cycle before sin() so a long take keeps its precision. */
static void add_series(double *y, size_t n, double rate_hz, double mains_hz,
		       double first_dbfs, const int *harmonic,
		       const double *rel_db, const double *phase, int lines,
		       double extra_phase, double sign)
{
	int l;
	size_t i;

	if (isinf(first_dbfs) && first_dbfs < 0.0)
		return;
	for (l = 0; l < lines; l++) {
		double a = sign * amplitude_of(first_dbfs + rel_db[l]);
		double cycles = harmonic[l] * mains_hz / rate_hz;

		for (i = 0; i < n; i++) {
			double c = fmod(cycles * (double)i, 1.0);

			y[i] += a * sin(2.0 * M_PI * c + phase[l] + extra_phase);
		}
	}
}

static bool valid(const struct bp_port_model *m, double rate_hz)
{
	return (unsigned)m->kind < BP_PORT_KINDS && rate_hz > 0.0 &&
	       isfinite(rate_hz) && (m->mains_hz == 50.0 || m->mains_hz == 60.0) &&
	       isfinite(m->gain_db) && isfinite(m->mismatch_db) &&
	       isfinite(m->skew_s) && isfinite(m->latency_samples) &&
	       m->latency_samples >= 0.0 && !isnan(m->crosstalk_db) &&
	       !isnan(m->hum_dbfs) && !isnan(m->pickup_dbfs) &&
	       !isnan(m->ripple_dbfs) && !isnan(m->noise_dbfs);
}

void bp_port_model_init(struct bp_port_model *m, enum bp_port_kind kind)
{
	memset(m, 0, sizeof(*m));
	m->kind = kind;
	m->crosstalk_db = -INFINITY;
	m->mains_hz = 50.0;
	m->hum_dbfs = m->pickup_dbfs = m->ripple_dbfs = m->noise_dbfs = -INFINITY;
	m->seed = 1;
}

int bp_port_render(const struct bp_port_model *m, double rate_hz,
		   const double *programme, const double *partner,
		   size_t frames, double *tip, double *ring)
{
	double g = pow(10.0, m->gain_db / 20.0);
	double mismatch = pow(10.0, m->mismatch_db / 20.0);
	double crosstalk = amplitude_of(m->crosstalk_db);
	double sigma = sqrt(isinf(m->noise_dbfs) ? 0.0 : bp_power_from_dbfs(m->noise_dbfs));
	double *s = NULL, *work = NULL;
	struct bp_port_rng rng;
	size_t i;
	int err = 0;

	if (!valid(m, rate_hz))
		return -EINVAL;
	s = calloc(frames ? frames : 1, sizeof(double));
	work = calloc(frames ? frames : 1, sizeof(double));
	if (!s || !work) {
		err = BP_E_NOMEM;
		goto out;
	}

	/* The output stage: programme through the gain, ripple from its own
	 * supply.  A dead port contributes nothing. */
	if (m->kind != BP_PORT_DEAD) {
		for (i = 0; programme && i < frames; i++)
			s[i] = g * programme[i];
		add_series(s, frames, rate_hz, m->mains_hz, m->ripple_dbfs,
			   bp_port_ripple_harmonic, bp_port_ripple_rel_db,
			   ripple_phase, BP_PORT_RIPPLE_LINES, 0.0, 1.0);
	}

	/* The legs, before the common latency. */
	memset(tip, 0, frames * sizeof(double));
	memset(ring, 0, frames * sizeof(double));
	switch (m->kind) {
	case BP_PORT_BALANCED:
	case BP_PORT_INVERTED:
	case BP_PORT_DUAL_MONO: {
		double tip_sign = m->kind == BP_PORT_INVERTED ? -1.0 : 1.0;
		double ring_sign = m->kind == BP_PORT_DUAL_MONO ? 1.0 : -tip_sign;

		bp_port_delay(s, ring, frames, m->skew_s * rate_hz);
		for (i = 0; i < frames; i++) {
			tip[i] = tip_sign * s[i];
			ring[i] *= ring_sign * mismatch;
		}
		break;
	}
	case BP_PORT_UNBALANCED:
	case BP_PORT_UNBALANCED_FLOATING:
	case BP_PORT_IMPEDANCE_BALANCED:
		for (i = 0; i < frames; i++) {
			tip[i] = s[i];
			ring[i] = crosstalk * s[i];
		}
		break;
	case BP_PORT_STEREO:
		for (i = 0; i < frames; i++) {
			tip[i] = s[i];
			ring[i] = (partner ? g * partner[i] : 0.0) + crosstalk * s[i];
		}
		break;
	case BP_PORT_DEAD:
	case BP_PORT_KINDS:
		break;
	}

	if (m->latency_samples != 0.0) {
		memcpy(work, tip, frames * sizeof(double));
		bp_port_delay(work, tip, frames, m->latency_samples);
		memcpy(work, ring, frames * sizeof(double));
		bp_port_delay(work, ring, frames, m->latency_samples);
	}

	/* The ground loop rides on the port's ground: every leg tied to it
	 * (directly or through an impedance) carries it alike.  An open ring
	 * is not tied to it and picks up hum of its own instead. */
	add_series(tip, frames, rate_hz, m->mains_hz, m->hum_dbfs,
		   bp_port_hum_harmonic, bp_port_hum_rel_db, hum_phase,
		   BP_PORT_HUM_LINES, 0.0, 1.0);
	if (m->kind == BP_PORT_UNBALANCED_FLOATING)
		add_series(ring, frames, rate_hz, m->mains_hz, m->pickup_dbfs,
			   bp_port_hum_harmonic, bp_port_hum_rel_db, hum_phase,
			   BP_PORT_HUM_LINES, PICKUP_PHASE, 1.0);
	else
		add_series(ring, frames, rate_hz, m->mains_hz, m->hum_dbfs,
			   bp_port_hum_harmonic, bp_port_hum_rel_db, hum_phase,
			   BP_PORT_HUM_LINES, 0.0, 1.0);

	bp_port_rng_seed(&rng, m->seed);
	for (i = 0; sigma > 0.0 && i < frames; i++) {
		tip[i] += sigma * bp_port_rng_gauss(&rng);
		ring[i] += sigma * bp_port_rng_gauss(&rng);
	}
	for (i = 0; m->clip && i < frames; i++) {
		tip[i] = fmax(-1.0, fmin(1.0, tip[i]));
		ring[i] = fmax(-1.0, fmin(1.0, ring[i]));
	}
out:
	free(s);
	free(work);
	return err;
}
