/* loop: the analysers of the loop probe against signals with known
 * answers, and the probe end to end on the sim against its interface
 * model, every figure's truth computed here from the model's parameters
 * (src/device/sim-interface.h), not from the analysers. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "analyse/a-weighting.h"
#include "analyse/imd.h"
#include "analyse/noise.h"
#include "analyse/power-spectrum.h"
#include "analyse/second-arrival.h"
#include "analyse/thdn.h"
#include "device/port-model.h"
#include "engine/engine.h"
#include "io/audio-file.h"
#include "probes/probe.h"
#include "profile/profile.h"
#include "report/report.h"
#include "result/result.h"
#include "util/errors.h"
#include "testsignal.h"

#define RATE 48000.0

/* --- the analysers, on signals with known answers --- */

/* IEC 61672-1 Table 3, A weighting (rounded to 0.1 dB there), at the
 * exact base-ten frequencies the nominal ones stand for. */
START_TEST(a_weighting_table)
{
	static const double f[] = { 31.6228, 100.0, 1000.0, 3981.07, 10000.0, 19952.6 };
	static const double db[] = { -39.4, -19.1, 0.0, 1.0, -2.5, -9.3 };
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		ck_assert_double_eq_tol(bp_a_weighting_db(f[i]), db[i], 0.06);
}
END_TEST

/* A sine's lobe holds A^2/2; white noise's band holds sigma^2 times the
 * band's share. */
START_TEST(power_spectrum_scaling)
{
	const size_t n = 24000;
	double *x = ts_alloc(n);
	struct bp_port_rng rng;
	struct bp_power_spectrum s;

	ts_add_sine(x, n, RATE, 997.0, 0.5, 0.3);
	ck_assert_int_eq(bp_power_spectrum(x, n, RATE, &s), 0);
	ck_assert_double_eq_tol(10.0 * log10(bp_power_line(&s, 997.0) / 0.125), 0.0, 0.001);
	bp_power_spectrum_free(&s);
	memset(x, 0, n * sizeof(double));
	bp_port_rng_seed(&rng, 3);
	ts_add_white(x, n, 0.01, &rng);
	ck_assert_int_eq(bp_power_spectrum(x, n, RATE, &s), 0);
	ck_assert_double_eq_tol(10.0 * log10(bp_power_band(&s, 0.0, RATE / 2.0, NULL, NULL, 0) /
					     (ts_rms(x, n) * ts_rms(x, n))), 0.0, 0.1);
	ck_assert_double_eq_tol(10.0 * log10(bp_power_band(&s, 6000.0, 12000.0, NULL, NULL, 0) /
					     1e-4), 10.0 * log10(0.25), 0.15);
	bp_power_spectrum_free(&s);
}
END_TEST

/* White noise of RMS 1e-5: in 20 Hz .. 20 kHz of 24 kHz, -100 dB
 * + 3.01 + 10 log10(19980 / 24000); A-weighted by the curve's mean. */
START_TEST(noise_white)
{
	const size_t n = 48000;
	double *x = ts_alloc(n), dbfs, dbfs_a, a_mean = 0.0, f;
	struct bp_port_rng rng;

	bp_port_rng_seed(&rng, 5);
	ts_add_white(x, n, 1e-5, &rng);
	ck_assert_int_eq(bp_noise_levels(x, n, RATE, &dbfs, &dbfs_a), 0);
	ck_assert_double_eq_tol(dbfs, -100.0 + 3.0103 + 10.0 * log10(19980.0 / 24000.0), 0.1);
	for (f = 20.0; f <= 20000.0; f += 1.0)
		a_mean += pow(10.0, bp_a_weighting_db(f) / 10.0) / 24000.0;
	ck_assert_double_eq_tol(dbfs_a, -100.0 + 3.0103 + 10.0 * log10(a_mean), 0.1);
}
END_TEST

/* A tone with a third harmonic 80 dB down and noise 110 dB down; a
 * component above 20 kHz is out of the band. */
START_TEST(thdn_known)
{
	const double rate = 96000.0;
	const size_t n = 48000;
	double *x = ts_alloc(n);
	struct bp_thdn t;

	ts_add_sine(x, n, rate, 1000.0, 0.9, 0.0);
	ts_add_sine(x, n, rate, 3000.0, 0.9e-4, 1.0);
	ts_add_sine(x, n, rate, 25000.0, 0.09, 0.0);
	ck_assert_int_eq(bp_thdn_analyse(x, n, rate, 1000.0, &t), 0);
	ck_assert_double_eq_tol(t.ratio_db, -80.0, 0.01);
	ck_assert_double_eq_tol(t.fundamental_dbfs, 20.0 * log10(0.9), 0.001);
}
END_TEST

/* 7 kHz at b with sidebands at +-60 and +-120 Hz of known amplitude:
 * IMD = sqrt(sum of their squares) / b. */
START_TEST(imd_known)
{
	const size_t n = 28800;
	double *x = ts_alloc(n);
	const double b = 0.2, s1 = 2e-4, s2 = 1e-4;
	double imd;

	ts_add_sine(x, n, RATE, 60.0, 0.8, 0.0);
	ts_add_sine(x, n, RATE, 7000.0, b, 0.0);
	ts_add_sine(x, n, RATE, 6940.0, s1, 0.2);
	ts_add_sine(x, n, RATE, 7060.0, s1, 0.4);
	ts_add_sine(x, n, RATE, 6880.0, s2, 0.6);
	ts_add_sine(x, n, RATE, 7120.0, s2, 0.8);
	ck_assert_int_eq(bp_imd_smpte(x, n, RATE, 60.0, 7000.0, &imd), 0);
	ck_assert_double_eq_tol(imd, 10.0 * log10((2 * s1 * s1 + 2 * s2 * s2) / (b * b)), 0.01);
	/* 7 kHz does not fit under 8 kHz's Nyquist: no figure. */
	ck_assert_int_eq(bp_imd_smpte(x, n, 8000.0, 60.0, 7000.0, &imd), 0);
	ck_assert(isnan(imd));
}
END_TEST

/* An echo 29 samples after the direct path, 10.5 dB down, is found; a
 * plain path has none. */
START_TEST(second_arrival_echo)
{
	const size_t n = 16384;
	double *ref = ts_alloc(n), *y = ts_alloc(n), *plain = ts_alloc(n), ms, db;
	struct bp_port_rng rng;
	struct bp_transfer *tf;

	bp_port_rng_seed(&rng, 9);
	ts_add_white(ref, n - 200, 0.1, &rng);
	ts_delay_by(plain, ref, n, 40.0);
	ts_copy(plain, n, 1.0);
	memcpy(y, plain, n * sizeof(double));
	ts_delay_by(ref, plain, n, 29.0);
	ts_add_scaled(y, ref, n, pow(10.0, -10.5 / 20.0));
	memset(ref, 0, n * sizeof(double));
	bp_port_rng_seed(&rng, 9);
	ts_add_white(ref, n - 200, 0.1, &rng);
	tf = ts_transfer(RATE, n, 1, y, plain, ref);
	ck_assert_int_eq(bp_second_arrival(tf, tf->tip, &ms, &db), 0);
	ck_assert_double_eq_tol(ms, 29.0 / 48.0, 1e-9);
	ck_assert_double_eq_tol(db, -10.5, 0.3);
	ck_assert_int_eq(bp_second_arrival(tf, tf->ring, &ms, &db), 0);
	ck_assert(isnan(ms) && isnan(db));
}
END_TEST

/* --- the probe on the sim: the model's truth --- */

/* Mean square of white noise at @dbfs (the sim's convention, AES17). */
static double noise_power(double dbfs)
{
	return 0.5 * pow(10.0, dbfs / 10.0);
}

/* k of the sim's y = x + k x^3 for distortion=@db. */
static double cubic_k(double db)
{
	const double t = pow(10.0, db / 20.0);

	return 4.0 * t / (1.0 - 3.0 * t);
}

static bool has_advice(const struct bp_result *r, enum bp_advice_rule rule, const char *words)
{
	int i;

	for (i = 0; i < r->n_advice; i++)
		if (r->advice[i].rule == rule && strstr(r->advice[i].text, words))
			return true;
	return false;
}

#define ADC_DB (-104.0)
#define DAC_DB (-112.0)
#define DIST_DB (-88.0)
#define OUT2_DB 0.2
#define IN2_DB (-0.13)

/* Acceptance 1: a pair loop with converter noise on both sides, a cubic
 * nonlinearity, crosstalk and channel mismatches. */
START_TEST(sim_pair_truth)
{
	const double k = cubic_k(DIST_DB), band = (20000.0 - 20.0) / 24000.0;
	const double p_noise = (noise_power(ADC_DB) + noise_power(DAC_DB)) * band;
	double a_mean = 0.0, f, a1, fund, h3, a, b, side, b_out, truth;
	struct bp_result r;
	struct bp_profile prof;
	int i;

	ts_run_loop("sim:loop=pair,noise=-104,dac-noise=-112,distortion=-88,crosstalk=-70,"
		 "out2-gain=0.2,in2-gain=-0.13", NULL, &r);
	ck_assert_msg(!r.invalid, "%s", r.invalid_reason);
	ck_assert_int_eq(r.loop.cabling, BP_LOOP_CABLING_PAIR);
	ck_assert_double_eq_tol(r.latency.samples, 311.37, 0.001);
	ck_assert_int_gt(r.response.n_points, 25);
	for (i = 0; i < r.response.n_points; i++)
		ck_assert_double_eq_tol(r.response.db[i], 0.0, 0.05);
	/* Noise: both converters' white noise in 20 Hz .. 20 kHz. */
	ck_assert_double_eq_tol(r.loop.noise_dbfs, 10.0 * log10(2.0 * p_noise), 0.5);
	for (f = 20.0; f <= 20000.0; f += 1.0)
		a_mean += pow(10.0, bp_a_weighting_db(f) / 10.0) / 24000.0;
	ck_assert_double_eq_tol(r.loop.noise_dbfs_a, 10.0 * log10(2.0 * p_noise / band * a_mean),
				0.5);
	/* The -60 dBFS tone's residual is the noise (its harmonics are
	 * 200 dB down): DR = -noise. */
	ck_assert_double_eq_tol(r.loop.dynamic_range_db, -10.0 * log10(2.0 * p_noise), 0.5);
	/* -1 dBFS: fundamental A (1 + 3kA^2/4), third harmonic kA^3/4. */
	a1 = pow(10.0, -1.0 / 20.0);
	fund = a1 * (1.0 + 0.75 * k * a1 * a1);
	h3 = 0.25 * k * a1 * a1 * a1;
	truth = 10.0 * log10((h3 * h3 / 2.0 + p_noise) / (fund * fund / 2.0));
	ck_assert_double_eq_tol(r.loop.thd_n_db, truth, 1.0);
	/* SMPTE: x^3 puts 3k a^2 b / 4 at f2 +- 2 f1. */
	a = pow(10.0, -2.9383 / 20.0);
	b = a / 4.0;
	side = 0.75 * k * a * a * b;
	b_out = b * (1.0 + 1.5 * k * a * a + 0.75 * k * b * b);
	ck_assert_double_eq_tol(r.loop.imd_db, 10.0 * log10(2.0 * side * side / (b_out * b_out)),
				1.0);
	/* Crosstalk: into input 1 the leak is c + out2 re out1's own path. */
	ck_assert_double_eq_tol(r.loop.crosstalk_db, -70.0 + OUT2_DB, 0.5);
	ck_assert(!r.loop.crosstalk_is_bound);
	ck_assert_double_eq_tol(r.loop.pair_gain_db, OUT2_DB + IN2_DB, 0.01);
	ck_assert(isnan(r.loop.gain_outputs_db) && isnan(r.loop.gain_inputs_db));
	ck_assert_int_eq(r.n_advice, 0);
	/* With a profile that knows the inputs (a split loop), the outputs;
	 * one that knows the outputs, the inputs. */
	bp_profile_init(&prof);
	prof.input_gain_db[0] = 0.0;
	prof.input_gain_db[1] = IN2_DB;
	ts_run_loop("sim:loop=pair,noise=-104,out2-gain=0.2,in2-gain=-0.13", &prof, &r);
	ck_assert_double_eq_tol(r.loop.gain_outputs_db, OUT2_DB, 0.01);
	bp_profile_init(&prof);
	prof.output_gain_db[0] = 0.0;
	prof.output_gain_db[1] = OUT2_DB;
	ts_run_loop("sim:loop=pair,noise=-104,out2-gain=0.2,in2-gain=-0.13", &prof, &r);
	ck_assert_double_eq_tol(r.loop.gain_inputs_db, IN2_DB, 0.01);
}
END_TEST

/* THD+N and IMD down to -100 dB and below still read within 1 dB of the
 * model (noise 130 dB down), and crosstalk under the noise is a bound. */
START_TEST(sim_low_distortion)
{
	const double k = cubic_k(-107.0), a1 = pow(10.0, -1.0 / 20.0);
	const double p_noise = noise_power(-130.0) * (20000.0 - 20.0) / 24000.0;
	const double fund = a1 * (1.0 + 0.75 * k * a1 * a1), h3 = 0.25 * k * a1 * a1 * a1;
	const double a = pow(10.0, -2.9383 / 20.0), b = a / 4.0, side = 0.75 * k * a * a * b;
	const double thdn = 10.0 * log10((h3 * h3 / 2.0 + p_noise) / (fund * fund / 2.0));
	const double imd = 10.0 * log10(2.0 * side * side / (b * b));
	struct bp_result r;

	ts_run_loop("sim:loop=pair,noise=-130,distortion=-107,crosstalk=-160", NULL, &r);
	ck_assert_double_lt(thdn, -100.0);
	ck_assert_double_lt(imd, -100.0);
	ck_assert_double_eq_tol(r.loop.thd_n_db, thdn, 1.0);
	ck_assert_double_eq_tol(r.loop.imd_db, imd, 1.0);
	/* The bound holds the truth (-160 dB) and sits at the noise's
	 * share of the sweep (-130 - -20 dBFS). */
	ck_assert(r.loop.crosstalk_is_bound);
	ck_assert_double_lt(r.loop.crosstalk_db, -100.0);
	ck_assert_double_gt(r.loop.crosstalk_db, -160.0);
}
END_TEST

/* 2nd-order Butterworth by the bilinear transform, as the sim's hp= and
 * lp= (sim-interface.h), dB. */
static double butterworth_db(double f, double fc, bool high)
{
	const double w = tan(M_PI * f / RATE) / tan(M_PI * fc / RATE);
	const double w4 = w * w * w * w;

	return 10.0 * log10(high ? w4 / (1.0 + w4) : 1.0 / (1.0 + w4));
}

/* The converter's response: every third octave within 0.05 dB of the
 * model's, relative to 1 kHz. */
START_TEST(sim_response_truth)
{
	const double hp = 35.0, lp = 17000.0;
	const double at_1k = butterworth_db(1000.0, hp, true) + butterworth_db(1000.0, lp, false);
	struct bp_result r;
	int i;

	ts_run_loop("sim:loop=single,hp=35,lp=17000", NULL, &r);
	ck_assert_int_eq(r.loop.cabling, BP_LOOP_CABLING_SINGLE);
	ck_assert_int_gt(r.response.n_points, 25);
	for (i = 0; i < r.response.n_points; i++) {
		const double f = r.response.hz[i];
		const double truth = butterworth_db(f, hp, true) + butterworth_db(f, lp, false) - at_1k;

		ck_assert_msg(fabs(r.response.db[i] - truth) <= 0.05, "%.0f Hz: %.3f, model %.3f",
			      f, r.response.db[i], truth);
	}
	ck_assert_double_eq_tol(r.response.f_high_3db, lp, 0.01 * lp);
	/* An analogue roll-off is not a resampler's; no pitfall at all. */
	ck_assert(isnan(r.loop.resampler_hz));
	ck_assert_int_eq(r.n_advice, 0);
	ck_assert(isnan(r.loop.crosstalk_db) && isnan(r.loop.gain_inputs_db));
}
END_TEST

/* Split: inputs 1 and 2 from one output, to 0.01 dB; more than 0.1 dB
 * apart is the tip/ring pitfall. */
START_TEST(sim_split_inputs)
{
	struct bp_result r;

	ts_run_loop("sim:loop=split,in2-gain=1.5", NULL, &r);
	ck_assert_int_eq(r.loop.cabling, BP_LOOP_CABLING_SPLIT);
	ck_assert_double_eq_tol(r.loop.gain_inputs_db, 1.5, 0.01);
	ck_assert(has_advice(&r, BP_ADVICE_LOOP_INPUT_MISMATCH, "different gains"));
	ts_run_loop("sim:loop=split,in2-gain=-0.04", NULL, &r);
	ck_assert_double_eq_tol(r.loop.gain_inputs_db, -0.04, 0.01);
	ck_assert(!r.loop.input_mismatch);
	ck_assert_int_eq(r.n_advice, 0);
}
END_TEST

/* Acceptance 4, the loop's half: each pitfall on the sim, caught with
 * its sentence. */
START_TEST(sim_pitfalls)
{
	struct bp_profile prof;
	struct bp_result r;

	ts_run_loop("sim:loop=pair,monitor=-20", NULL, &r);
	ck_assert(has_advice(&r, BP_ADVICE_LOOP_MONITORING, "turn direct monitoring off"));
	ck_assert_double_eq_tol(r.loop.second_arrival_ms, 0.6, 0.03);
	ck_assert_double_eq_tol(r.loop.second_arrival_db, -20.0, 1.0);
	/* Strong monitoring rings and clips: the reason says what to do. */
	ts_run_loop("sim:loop=pair,monitor=-4:0.8", NULL, &r);
	ck_assert(r.invalid);
	ck_assert_ptr_nonnull(strstr(r.invalid_reason, "turn direct monitoring off"));
	bp_profile_init(&prof);
	prof.loop_gain_db = 0.0;
	ts_run_loop("sim:loop=single,in1-gain=0.8", &prof, &r);
	ck_assert_double_eq_tol(r.loop.gain_moved_db, 0.8, 0.01);
	ck_assert(has_advice(&r, BP_ADVICE_LOOP_GAIN_MOVED,
			     "set both input gains to minimum, as when you calibrated"));
	ts_run_loop("sim:loop=single,in1-gain=0.3", &prof, &r);
	ck_assert(isnan(r.loop.gain_moved_db));
	ts_run_loop("sim:loop=single,air=on", NULL, &r);
	ck_assert(has_advice(&r, BP_ADVICE_LOOP_INPUT_SHELF, "Air or instrument"));
	ts_run_loop("sim:loop=single,native=44100", NULL, &r);
	ck_assert(has_advice(&r, BP_ADVICE_LOOP_RESAMPLING, "resampling"));
	ck_assert_double_eq_tol(r.loop.resampler_hz, 0.4 * 44100.0, 0.01 * 44100.0);
	ts_run_loop("sim:loop=single,native=48000", NULL, &r);
	ck_assert_int_eq(r.n_advice, 0);
}
END_TEST

/* Nothing back on input 1: no signal, invalid, with the cables to
 * connect. */
START_TEST(sim_no_cable)
{
	struct bp_result r;

	ts_run_loop("sim:dead", NULL, &r);
	ck_assert(r.invalid);
	ck_assert_int_eq(r.loop.cabling, BP_LOOP_CABLING_NONE);
	ck_assert_ptr_nonnull(strstr(r.invalid_reason, "plain cable"));
}
END_TEST

/* The model's keys reach every probe: in1-gain makes the tip input hot
 * for the out probe. */
START_TEST(sim_gain_reaches_out)
{
	const struct bp_probe *p = bp_probe_find("out");
	const struct bp_engine_options o = {
		.device = "sim:balanced,in1-gain=1.5", .rate_hz = RATE, .level_dbfs = -20.0,
		.output = 1, .tip = 1, .ring = 2,
	};
	struct bp_probe_options opt = { .input_fs_dbu = NAN, .output_fs_dbu = NAN,
					.level_dbfs = -20.0 };
	struct bp_take take;
	struct bp_recording *rec;
	struct bp_result r;

	ck_assert_int_eq(bp_engine_take(&o, p->plan, &take), 0);
	ck_assert_int_eq(bp_recording_from_memory(&rec, "t", take.rate_hz, take.tip, take.ring,
						  take.frames), 0);
	bp_result_init(&r);
	ck_assert_int_eq(bp_probe_analyse(p, rec, &opt, &r), 0);
	ck_assert_double_eq_tol(r.level.tip_dbfs - r.level.ring_dbfs, 1.5, 0.02);
	bp_recording_close(rec);
	bp_take_free(&take);
}
END_TEST

Suite *loop_suite(void)
{
	Suite *s = suite_create("loop");
	TCase *tc = ts_tcase(s, "analysers", false);

	tcase_add_test(tc, a_weighting_table);
	tcase_add_test(tc, power_spectrum_scaling);
	tcase_add_test(tc, noise_white);
	tcase_add_test(tc, thdn_known);
	tcase_add_test(tc, imd_known);
	tcase_add_test(tc, second_arrival_echo);
	tc = ts_tcase(s, "sim", false);
	tcase_add_test(tc, sim_pair_truth);
	tcase_add_test(tc, sim_low_distortion);
	tcase_add_test(tc, sim_response_truth);
	tcase_add_test(tc, sim_split_inputs);
	tcase_add_test(tc, sim_pitfalls);
	tcase_add_test(tc, sim_no_cable);
	tcase_add_test(tc, sim_gain_reaches_out);
	return s;
}
