/* balprobe: a model of an analogue output port as the record-both-channels
 * method sees it.
 *
 * Given what the tested output plays (and, for a stereo port, what its
 * pair partner plays), the model produces what an interface with two
 * unbalanced inputs, both referenced to its own ground, records from the
 * port's tip and ring.  The fixture generator and the simulated device
 * share it, so a fixture's truth and a simulated run follow one physics.
 *
 * The recording is built in this order:
 *
 *   s       = gain x programme + supply ripple       (the output stage)
 *   tip     = what the kind puts on the tip from s
 *   ring    = what the kind puts on the ring from s (mismatch, skew,
 *             crosstalk; the partner's programme for stereo)
 *   both    delayed by the latency (fractional, windowed sinc)
 *   + ground-loop hum, equal and in phase on every leg tied to the
 *     port's ground (not on a floating ring, which picks up its own hum)
 *   + independent white noise on each input
 *   clipped at full scale when asked.
 *
 * Levels follow AES17 (see dsp/dsp.h): dBFS is an RMS level relative to the
 * RMS of a full-scale sine, so a sine of peak 1.0 is 0 dBFS and white
 * noise of RMS 0.1 is -16.99 dBFS.  A level of -INFINITY means "none".
 *
 * Everything is deterministic: the noise comes from the module's own
 * generator (xoshiro256**, seeded through splitmix64), so the same
 * parameters give the same samples on any C library (up to the last bit
 * of libm's log, sin and cos).
 */
#ifndef BALPROBE_PORT_MODEL_H
#define BALPROBE_PORT_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What the tested output is. */
enum bp_port_kind {
	BP_PORT_BALANCED,            /* tip +s, ring -s */
	BP_PORT_INVERTED,            /* balanced, pin 3 hot: tip -s, ring +s */
	BP_PORT_UNBALANCED,          /* tip s, ring tied to the sleeve */
	BP_PORT_UNBALANCED_FLOATING, /* tip s, ring open: it picks up hum */
	BP_PORT_IMPEDANCE_BALANCED,  /* tip s, ring a matching impedance to
				      * ground: records like BP_PORT_UNBALANCED */
	BP_PORT_STEREO,              /* tip = programme, ring = partner */
	BP_PORT_DUAL_MONO,           /* the same s in phase on both */
	BP_PORT_DEAD,                /* nothing from the port at all */
	BP_PORT_KINDS
};

/* Ground-loop hum and a floating ring's pickup are the mains fundamental
 * plus these weaker odd harmonics (magnetic hum is rich in odd ones);
 * supply ripple is twice mains plus its own second harmonic.  Levels are
 * relative to the series' first line. */
#define BP_PORT_HUM_LINES 3
#define BP_PORT_RIPPLE_LINES 2
extern const int bp_port_hum_harmonic[BP_PORT_HUM_LINES];       /* 1, 3, 5 */
extern const double bp_port_hum_rel_db[BP_PORT_HUM_LINES];      /* 0, -8, -14 */
extern const int bp_port_ripple_harmonic[BP_PORT_RIPPLE_LINES]; /* 2, 4 x mains */
extern const double bp_port_ripple_rel_db[BP_PORT_RIPPLE_LINES]; /* 0, -10 */

struct bp_port_model {
	enum bp_port_kind kind;
	/* Gain of the output stage applied to the programme (and to the
	 * partner's), dB. */
	double gain_db;
	/* Ring relative to tip for the kinds whose ring carries the
	 * programme (balanced, inverted, dual-mono): level in dB, and delay
	 * in seconds (positive: the ring lags). */
	double mismatch_db;
	double skew_s;
	/* How much of the tip's signal leaks onto the ring, dB (capacitive
	 * crosstalk; for stereo, left into right).  Ignored by the kinds
	 * whose ring carries the programme. */
	double crosstalk_db;
	/* Mains frequency for hum, pickup and ripple: 50 or 60 Hz. */
	double mains_hz;
	/* Ground-loop hum: level of its fundamental on each leg, dBFS. */
	double hum_dbfs;
	/* Hum a floating ring picks up by itself, fundamental, dBFS (only
	 * BP_PORT_UNBALANCED_FLOATING). */
	double pickup_dbfs;
	/* Supply ripple inside the port at 2 x mains, dBFS of its first line
	 * on the tip; it follows the signal path (inverted on a balanced
	 * ring, absent from an unbalanced ring). */
	double ripple_dbfs;
	/* White noise of each input, dBFS; independent on tip and ring. */
	double noise_dbfs;
	/* Delay of the port's signal (not of hum and noise), samples, any
	 * fraction; >= 0. */
	double latency_samples;
	/* Clip every sample to [-1, 1], as a converter does. */
	bool clip;
	/* Seed of the noise generator. */
	uint64_t seed;
};

/* A model of @kind with no gain, no mismatch, no hum, no ripple, no noise,
 * no crosstalk, no latency, 50 Hz mains, no clipping and seed 1. */
void bp_port_model_init(struct bp_port_model *m, enum bp_port_kind kind);

/* Render @frames frames at @rate_hz.  @programme is what the tested output
 * plays and @partner what its pair partner plays (full scale = 1.0); either
 * may be NULL for silence.  @tip and @ring (caller-owned, @frames each)
 * receive the recording.  Returns 0, -EINVAL for a bad parameter (a rate
 * that is not positive, mains other than 50 or 60 Hz, an unknown kind, a
 * negative latency, a figure that is NaN) or BP_E_NOMEM. */
int bp_port_render(const struct bp_port_model *m, double rate_hz,
		   const double *programme, const double *partner,
		   size_t frames, double *tip, double *ring);

/* Mean square (full scale = 1.0) of a whole hum series whose fundamental
 * is at @fundamental_dbfs, and of a whole ripple series likewise; 0 for
 * -INFINITY. */
double bp_port_hum_power(double fundamental_dbfs);
double bp_port_ripple_power(double first_line_dbfs);

/* The kind's name ("balanced", "inverted", "unbalanced",
 * "unbalanced-floating", "impedance-balanced", "stereo", "dual-mono",
 * "dead"), and back: 0 or -EINVAL. */
const char *bp_port_kind_name(enum bp_port_kind kind);
int bp_port_kind_parse(const char *name, enum bp_port_kind *out);

/* Delay @n samples of @x by @delay_samples (any real number) into @y
 * (which must not alias @x): windowed-sinc interpolation (Kaiser window,
 * 32 taps each side), zeros outside the signal.  An integer delay is an
 * exact shift. */
void bp_port_delay(const double *x, double *y, size_t n, double delay_samples);

/* The model's pseudo-random generator: xoshiro256** (Blackman and Vigna
 * 2018), seeded through splitmix64.  Exposed so programmes made around the
 * model are reproducible too. */
struct bp_port_rng {
	uint64_t s[4];
};

void bp_port_rng_seed(struct bp_port_rng *r, uint64_t seed);
uint64_t bp_port_rng_next(struct bp_port_rng *r);
/* Uniform on [0, 1), 53 bits. */
double bp_port_rng_uniform(struct bp_port_rng *r);
/* Standard normal (Box-Muller). */
double bp_port_rng_gauss(struct bp_port_rng *r);

#endif
