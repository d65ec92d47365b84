/* polarity: the polarity of a port judged from its programme's asymmetry.
 *
 * Known answers: a positive pulse track (balprobe's own, from
 * the listen probe's "polarity" stimulus) played through a balanced port reads normal, through
 * a pin-3-hot port inverted, through an unbalanced port with DC offset,
 * mains hum and an AC coupling (high-pass at 20 or 200 Hz) still normal;
 * symmetric programme (pink noise, a tone) and programme whose skew is
 * real but small (a tone with 5 % second harmonic) stay unknown, with the
 * figure said, however long the recording. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "analyse/polarity.h"
#include "probes/probe.h"
#include "signal/stimulus.h"
#include "testsignal.h"

#define RATE 48000.0

/* balprobe's pulse track at -20 dBFS, @seconds long (tracked). */
static double *pulse_track(double rate_hz, size_t *n)
{
	struct bp_plan plan;
	double *x;

	ck_assert_int_eq(bp_probe_stimulus_find("polarity", NULL)->plan(&plan, rate_hz, -20.0, true), 0);
	x = ts_track(bp_plan_render(&plan), free);
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(plan.channels, 1);
	*n = (size_t)plan.length;
	return x;
}

/* Judge @tip and @ring as listen would for @jack. */
static void judge(const double *tip, const double *ring, size_t n, double rate_hz,
		  enum bp_jack_verdict jack, struct bp_polarity_result *out)
{
	struct bp_polarity_meter *m;
	size_t at, step = 7919;   /* pushes that straddle block edges */

	ck_assert_int_eq(bp_polarity_meter_new(&m, rate_hz), 0);
	ts_track(m, (void (*)(void *))bp_polarity_meter_free);
	for (at = 0; at < n; at += step)
		bp_polarity_meter_push(m, tip + at, ring + at, at + step <= n ? step : n - at);
	bp_polarity_from_programme(m, jack, out);
}

/* First-order high-pass at @hz in place (bilinear, prewarped): an AC
 * coupling. */
static void high_pass(double *x, size_t n, double rate_hz, double hz)
{
	const double k = tan(M_PI * hz / rate_hz), a = (1.0 - k) / (1.0 + k);
	const double g = 1.0 / (1.0 + k);
	double prev_x = 0.0, prev_y = 0.0;
	size_t i;

	for (i = 0; i < n; i++) {
		double y = g * (x[i] - prev_x) + a * prev_y;

		prev_x = x[i];
		prev_y = y;
		x[i] = y;
	}
}

START_TEST(pulses_through_a_balanced_port)
{
	size_t n, i;
	const double *p = pulse_track(RATE, &n);
	double *tip = ts_alloc(n), *ring = ts_alloc(n);
	const double flip = _i == 0 ? 1.0 : -1.0;   /* 1: pin 3 hot */
	struct bp_port_rng rng;
	struct bp_polarity_result res;

	bp_port_rng_seed(&rng, 7);
	for (i = 0; i < n; i++) {
		tip[i] = flip * 0.5 * p[i];
		ring[i] = -flip * 0.5 * p[i];
	}
	/* Common-mode hum and each input's own noise. */
	ts_add_sine(tip, n, RATE, 50.0, ts_amp_of_dbfs(-50.0), 0.3);
	ts_add_sine(ring, n, RATE, 50.0, ts_amp_of_dbfs(-50.0), 0.3);
	ts_add_white(tip, n, ts_rms_of_dbfs(-90.0), &rng);
	ts_add_white(ring, n, ts_rms_of_dbfs(-90.0), &rng);
	judge(tip, ring, n, RATE, BP_JACK_BALANCED, &res);
	ck_assert_msg(res.verdict == (_i == 0 ? BP_POLARITY_NORMAL : BP_POLARITY_INVERTED),
		      "%s: %s", bp_polarity_verdict_name(res.verdict), res.explanation);
	ck_assert_msg(strstr(res.explanation, "confidence 1.00"), "%s", res.explanation);
	ck_assert_ptr_nonnull(strstr(res.explanation, "skewness"));
	if (_i == 1)
		ck_assert_ptr_nonnull(strstr(res.explanation, "pin 3 hot"));
}
END_TEST

/* An unbalanced port: the pulses on the tip with a DC offset, 60 Hz hum
 * at half their peak and an AC coupling that undershoots; the ring
 * carries only noise. */
START_TEST(pulses_survive_offset_hum_and_ac_coupling)
{
	static const double corner_hz[] = { 20.0, 200.0 };
	size_t n, i;
	const double *p = pulse_track(44100.0, &n);
	double *tip = ts_copy(p, n, 1.0), *ring = ts_alloc(n);
	struct bp_port_rng rng;
	struct bp_polarity_result res;

	bp_port_rng_seed(&rng, 11);
	high_pass(tip, n, 44100.0, corner_hz[_i]);
	ts_add_sine(tip, n, 44100.0, 60.0, 0.05, 1.0);
	for (i = 0; i < n; i++)
		tip[i] += 0.2;
	ts_add_white(tip, n, ts_rms_of_dbfs(-70.0), &rng);
	ts_add_white(ring, n, ts_rms_of_dbfs(-70.0), &rng);
	judge(tip, ring, n, 44100.0, BP_JACK_UNBALANCED, &res);
	ck_assert_msg(res.verdict == BP_POLARITY_NORMAL, "%.0f Hz: %s: %s", corner_hz[_i],
		      bp_polarity_verdict_name(res.verdict), res.explanation);
}
END_TEST

/* Symmetric or barely skewed programme: unknown, with the figure. */
START_TEST(symmetric_programme_stays_unknown)
{
	const double seconds = _i == 2 ? 150.0 : 10.0, rate = 16000.0;
	const size_t n = (size_t)(seconds * rate);
	double *tip = ts_alloc(n), *ring;
	struct bp_port_rng rng;
	struct bp_polarity_result res;

	bp_port_rng_seed(&rng, 3 + (uint64_t)_i);
	switch (_i) {
	case 0:   /* pink noise */
		ts_add_pink(tip, n, rate, 0.1, &rng);
		break;
	case 1:   /* a 1 kHz tone with a 5 % second harmonic: skewed, a little */
		ts_add_sine(tip, n, rate, 1000.0, 0.3, 0.0);
		ts_add_sine(tip, n, rate, 2000.0, 0.015, M_PI / 2.0);
		ts_add_white(tip, n, 1e-4, &rng);
		break;
	default:  /* a long one: the batches merge, the error stays honest */
		ts_add_pink(tip, n, rate, 0.1, &rng);
		break;
	}
	ring = ts_copy(tip, n, -1.0);
	judge(tip, ring, n, rate, BP_JACK_BALANCED, &res);
	ck_assert_msg(res.verdict == BP_POLARITY_UNKNOWN, "case %d: %s: %s", _i,
		      bp_polarity_verdict_name(res.verdict), res.explanation);
	ck_assert_ptr_nonnull(strstr(res.explanation, "not clearly percussive"));
	ck_assert_ptr_nonnull(strstr(res.explanation, "skewness"));
}
END_TEST

/* The significance is honest: over pink noise of many seeds, long enough
 * for the batches to merge, |t| stays within what chance gives. */
START_TEST(significance_is_calibrated_on_noise)
{
	const double rate = 8000.0;
	const size_t n = (size_t)(60.0 * rate);
	double *tip = ts_alloc(n), *ring = ts_alloc(n);
	struct bp_port_rng rng;
	struct bp_polarity_meter *m;
	struct bp_asymmetry a;
	int seed, beyond_3 = 0;

	for (seed = 0; seed < 20; seed++) {
		memset(tip, 0, n * sizeof(double));
		bp_port_rng_seed(&rng, 100 + (uint64_t)seed);
		ts_add_pink(tip, n, rate, 0.1, &rng);
		ck_assert_int_eq(bp_polarity_meter_new(&m, rate), 0);
		bp_polarity_meter_push(m, tip, ring, n);
		bp_polarity_meter_read(m, BP_POLARITY_TIP, &a);
		bp_polarity_meter_free(m);
		ck_assert_int_ge(a.batches, 32);
		ck_assert(isfinite(a.t));
		ck_assert_msg(fabs(a.t) < 5.0, "seed %d: t = %.2f", seed, a.t);
		beyond_3 += fabs(a.t) > 3.0;
	}
	ck_assert_int_le(beyond_3, 2);
}
END_TEST

/* A stereo pair with pulses on the left only: no single polarity. */
START_TEST(stereo_needs_both_channels)
{
	size_t n;
	const double *p = pulse_track(RATE, &n);
	double *ring = ts_alloc(n);
	struct bp_port_rng rng;
	struct bp_polarity_result res;

	bp_port_rng_seed(&rng, 5);
	ts_add_pink(ring, n, RATE, 0.05, &rng);
	judge(p, ring, n, RATE, BP_JACK_STEREO, &res);
	ck_assert_msg(res.verdict == BP_POLARITY_UNKNOWN, "%s", res.explanation);
	judge(p, p, n, RATE, BP_JACK_STEREO, &res);
	ck_assert_msg(res.verdict == BP_POLARITY_NORMAL, "%s", res.explanation);
}
END_TEST

/* The pulse track itself: positive pulses at the level asked for. */
START_TEST(pulse_track_is_positive_at_its_level)
{
	size_t n, i, pulses = 0;
	const double *p = pulse_track(RATE, &n);
	double peak = 0.0;

	for (i = 0; i < n; i++) {
		ck_assert(p[i] >= 0.0);
		peak = fmax(peak, p[i]);
		pulses += i > 0 && p[i] > 0.0 && p[i - 1] == 0.0;
	}
	ck_assert_double_eq_tol(peak, ts_amp_of_dbfs(-20.0), 1e-4);
	ck_assert_uint_eq(pulses, 40);   /* 10 s, four a second */
}
END_TEST

/* Through the listen probe, from a file: the plumbing. */
START_TEST(listen_reads_the_pulse_track)
{
	size_t n, i;
	const double *p = pulse_track(RATE, &n);
	double *tip = ts_alloc(n), *ring = ts_alloc(n);
	struct bp_port_rng rng;
	struct bp_result r;
	char path[512];

	bp_port_rng_seed(&rng, 9);
	for (i = 0; i < n; i++) {
		tip[i] = -0.5 * p[i];
		ring[i] = 0.5 * p[i];
	}
	ts_add_white(tip, n, ts_rms_of_dbfs(-90.0), &rng);
	ts_add_white(ring, n, ts_rms_of_dbfs(-90.0), &rng);
	ts_path(path, sizeof(path), "pin3hot.wav");
	ts_write_pair(path, RATE, tip, ring, n, BP_WAV_PCM24);
	ck_assert_int_eq(ts_run_probe("listen", path, 1, 2, 0, NAN, &r), 0);
	ck_assert_msg(r.jack.verdict == BP_JACK_BALANCED, "%s", r.jack.explanation);
	ck_assert_msg(r.polarity.verdict == BP_POLARITY_INVERTED, "%s: %s",
		      bp_polarity_verdict_name(r.polarity.verdict), r.polarity.explanation);
}
END_TEST

/* From a stimulus: the tip's phase once the latency is out, for each
 * jack; unknown with the reason when nothing came back, no delay fits,
 * the jack is unknown or the phase is neither way. */
START_TEST(from_transfer)
{
	static const struct {
		bool fitted;
		double phase_deg;
		enum bp_jack_verdict jack;
		bool tip_present;
		enum bp_polarity_verdict want;
		const char *says;
	} cases[] = {
		{ true, 1.0, BP_JACK_BALANCED, true, BP_POLARITY_NORMAL,
		  "the tip follows the stimulus (1.0 deg): hot on tip (XLR pin 2)" },
		{ true, 179.0, BP_JACK_BALANCED, true, BP_POLARITY_INVERTED,
		  "the tip carries the stimulus inverted (179.0 deg): hot on ring (XLR pin 3 hot)" },
		{ true, -0.01, BP_JACK_UNBALANCED, true, BP_POLARITY_NORMAL,
		  "the tip follows the stimulus (0.0 deg)" },
		{ true, 90.0, BP_JACK_UNBALANCED, true, BP_POLARITY_UNKNOWN,
		  "the tip's phase is 90 deg: neither in phase nor inverted" },
		{ true, 0.0, BP_JACK_UNKNOWN, true, BP_POLARITY_UNKNOWN,
		  "the jack could not be judged, so neither can its polarity" },
		{ true, 0.0, BP_JACK_UNBALANCED, false, BP_POLARITY_UNKNOWN,
		  "the jack could not be judged, so neither can its polarity" },
		{ false, NAN, BP_JACK_BALANCED, true, BP_POLARITY_UNKNOWN,
		  "no delay fits the response's phase, so the polarity cannot be judged" },
		{ false, NAN, BP_JACK_NO_SIGNAL, false, BP_POLARITY_UNKNOWN,
		  "nothing came back, so the polarity cannot be judged" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct bp_polarity_result out = { .verdict = BP_POLARITY_NORMAL };

		bp_polarity_from_transfer(cases[i].fitted, cases[i].phase_deg * M_PI / 180.0,
					  cases[i].jack, cases[i].tip_present, &out);
		ck_assert_msg(out.verdict == cases[i].want, "case %zu: %s", i,
			      bp_polarity_verdict_name(out.verdict));
		ck_assert_msg(strcmp(out.explanation, cases[i].says) == 0, "case %zu: %s", i,
			      out.explanation);
	}
}
END_TEST

Suite *polarity_suite(void)
{
	Suite *s = suite_create("polarity");
	TCase *tc = ts_tcase(s, "programme", false);

	tcase_add_loop_test(tc, pulses_through_a_balanced_port, 0, 2);
	tcase_add_loop_test(tc, pulses_survive_offset_hum_and_ac_coupling, 0, 2);
	tcase_add_loop_test(tc, symmetric_programme_stays_unknown, 0, 3);
	tcase_add_test(tc, significance_is_calibrated_on_noise);
	tcase_add_test(tc, stereo_needs_both_channels);
	tcase_add_test(tc, pulse_track_is_positive_at_its_level);
	tcase_add_test(tc, from_transfer);
	tc = ts_tcase(s, "listen", true);
	tcase_add_test(tc, listen_reads_the_pulse_track);
	return s;
}
