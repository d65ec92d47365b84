/* balprobe: a model of the simulated interface itself -- its converters,
 * its gain trims, the loop cables between its outputs and inputs --
 * applied to what the sim plays and records for every probe.
 *
 * Played (each output N, before the port model or the loop cables):
 *
 *   x_N = 10^(outN-gain/20) play_N + DAC noise (dac-noise=DBFS, white)
 *
 * The loop cables (loop=, instead of the port model): pair takes out1 to
 * in1 and out2 to in2; split takes out1 to in1 and in2 through a
 * TS->2xTS splitter; single takes out1 to in1 only (out1 and out2 stand
 * for the sim's port and its pair partner).  crosstalk=DB leaks each
 * input's signal into the other; direct monitoring (monitor=DB[:MS])
 * feeds each input back to its output, so the loop adds the signal
 * again MS later, DB weaker, and again (a loop that rings):
 *   a[n] += 10^(DB/20) a[n - MS fs / 1000];
 * then the latency (latency=) and, after the recorded stage below, the
 * converter noise (noise=) on each input.
 *
 * Recorded (each input N):
 *
 *   gain     10^(inN-gain/20)
 *   hp, lp   the converter's response: 2nd-order Butterworth high-pass at
 *            hp=HZ, low-pass at lp=HZ (bilinear, prewarped: with
 *            W = tan(pi f / fs), K = tan(pi fc / fs),
 *            |H_lp|^2 = 1 / (1 + (W/K)^4), |H_hp|^2 = (W/K)^4 / (1 + (W/K)^4))
 *   air      air=on: a first-order high shelf, pole at
 *            BP_SIM_AIR_HZ, +BP_SIM_AIR_DB above it (an Air or Hi-Z
 *            switch): |H|^2 = (G^2 W^2 + K^2) / (W^2 + K^2)
 *   native   native=HZ other than the run rate: the interface resamples,
 *            an 8th-order Butterworth low-pass at BP_SIM_RESAMPLE_FRACTION
 *            of the lower rate: |H|^2 = 1 / (1 + (W/K)^16)
 *   distortion=DB  y = x + k x^3, k = 4t / (1 - 3t), t = 10^(DB/20): the
 *            third harmonic of a full-scale (0 dBFS) sine sits DB below
 *            its fundamental.
 */
#ifndef BALPROBE_SIM_INTERFACE_H
#define BALPROBE_SIM_INTERFACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BP_SIM_IFACE_CHANNELS 8
#define BP_SIM_AIR_HZ 10000.0
#define BP_SIM_AIR_DB 4.0
#define BP_SIM_RESAMPLE_FRACTION 0.40
#define BP_SIM_MONITOR_MS 0.6

enum bp_sim_loop {
	BP_SIM_LOOP_NONE,      /* the port model (or the input model) runs */
	BP_SIM_LOOP_PAIR,
	BP_SIM_LOOP_SPLIT,
	BP_SIM_LOOP_SINGLE
};

struct bp_sim_iface {
	enum bp_sim_loop loop;
	double out_gain_db[BP_SIM_IFACE_CHANNELS];
	double in_gain_db[BP_SIM_IFACE_CHANNELS];
	double dac_noise_dbfs;     /* -INFINITY: none */
	double distortion_db;      /* -INFINITY: none */
	double hp_hz, lp_hz;       /* 0: none */
	bool air;
	double monitor_db;         /* -INFINITY: direct monitoring off */
	double monitor_ms;
	double native_hz;          /* 0: every rate is native */
	uint64_t seed;
};

/* No loop, unity gains, no noise, distortion, filters or monitoring. */
void bp_sim_iface_init(struct bp_sim_iface *m);

/* Take the sim option @key=@val if it is one of this model's.  Returns 1
 * when it is not (the caller tries its own), 0 when taken, -EINVAL or
 * -ERANGE with a detail sentence naming @name. */
int bp_sim_iface_parse(struct bp_sim_iface *m, const char *name, const char *key,
		       const char *val);

/* Output @channel (0-based) as the interface plays it, in place. */
void bp_sim_iface_play(const struct bp_sim_iface *m, int channel, double *x, size_t n);

/* The loop cables: @a and @b (the port's and its partner's outputs, as
 * played) into the inputs @in1 and @in2 (@n each), with @crosstalk_db,
 * direct monitoring and @latency_samples.  Returns 0 or BP_E_NOMEM. */
int bp_sim_iface_route(const struct bp_sim_iface *m, double rate_hz, const double *a,
		       const double *b, size_t n, double crosstalk_db,
		       double latency_samples, double *in1, double *in2);

/* Input @channel (0-based) as the interface records it, in place. */
void bp_sim_iface_record(const struct bp_sim_iface *m, double rate_hz, int channel,
			 double *x, size_t n);

/* The loop cables as bp_sim_iface_route() runs them, then each input
 * as bp_sim_iface_record() records it, then white converter noise of
 * @noise_dbfs on each.  Returns 0 or BP_E_NOMEM. */
int bp_sim_iface_loop(const struct bp_sim_iface *m, double rate_hz, const double *a,
		      const double *b, size_t n, double crosstalk_db, double latency_samples,
		      double noise_dbfs, double *in1, double *in2);

#endif
