/* The out probe's analysis against known answers: the port model's
 * windowed-sinc latency, an analytic filter, a polynomial nonlinearity,
 * every port kind at 20 dB SNR with hum, and a stimulus made elsewhere. */
#include "config.h"

#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "util/errors.h"
#include "device/port-model.h"
#include "probes/probe.h"
#include "result/result.h"
#include "signal/stimulus.h"
#include "testsignal.h"
#include "io/audio-file.h"

#define LEVEL_DBFS (-20.0)

/* The out plan at @rate_hz as two mono programmes (tested, partner),
 * padded with @pad_s of silence for the loop delay. */
struct take {
	struct bp_plan plan;
	double *a, *b, *tip, *ring;
	size_t n;
};

static void take_init(struct take *t, double rate_hz, double pad_s)
{
	double *stim;
	size_t i;

	ck_assert_int_eq(bp_probe_find("out")->plan(&t->plan, rate_hz, LEVEL_DBFS, false), 0);
	stim = ts_track(bp_plan_render(&t->plan), free);
	t->n = (size_t)t->plan.length + (size_t)lround(pad_s * rate_hz);
	t->a = ts_alloc(t->n);
	t->b = ts_alloc(t->n);
	t->tip = ts_alloc(t->n);
	t->ring = ts_alloc(t->n);
	for (i = 0; i < (size_t)t->plan.length; i++) {
		t->a[i] = stim[2 * i];
		t->b[i] = stim[2 * i + 1];
	}
}

/* Analyse the take's tip and ring as the out probe does a live take. */
static void analyse(const struct take *t, struct bp_result *r)
{
	struct bp_recording *rec;
	const struct bp_probe_options opt = {
		.level_dbfs = LEVEL_DBFS,
		.input_fs_dbu = NAN,
		.output_fs_dbu = NAN,
	};

	ck_assert_int_eq(bp_recording_from_memory(&rec, "take", t->plan.rate_hz,
						  t->tip, t->ring, (long)t->n), 0);
	bp_result_init(r);
	ck_assert_int_eq(bp_probe_analyse(bp_probe_find("out"), rec, &opt, r), 0);
	bp_recording_close(rec);
}

static void render(struct take *t, const struct bp_port_model *m)
{
	ck_assert_int_eq(bp_port_render(m, t->plan.rate_hz, t->a, t->b, t->n,
					 t->tip, t->ring), 0);
}

/* Acceptance: 20 band-limited fractional delays between 0 and 48000
 * samples, within +-0.0005 samples at SNR 40 dB and +-0.01 at 20 dB, and
 * the reported uncertainty of the right size. */
START_TEST(latency_fractional_delays)
{
	const double snr_db = _i == 0 ? 40.0 : 20.0, tol = _i == 0 ? 0.0005 : 0.01;
	struct bp_port_rng rng;
	struct take t;
	int k;

	bp_port_rng_seed(&rng, 42);
	take_init(&t, 48000.0, 1.05);
	for (k = 0; k < 20; k++) {
		struct bp_port_model m;
		struct bp_result r;
		double truth = k == 0 ? 0.25 : 48000.0 * bp_port_rng_uniform(&rng);

		bp_port_model_init(&m, BP_PORT_BALANCED);
		m.latency_samples = truth;
		m.noise_dbfs = LEVEL_DBFS - snr_db;
		m.seed = (uint64_t)k + 1;
		render(&t, &m);
		analyse(&t, &r);
		ck_assert_msg(fabs(r.latency.samples - truth) <= tol,
			      "SNR %.0f dB: delay %.5f read %.6f (error %.6f, limit %.4f)",
			      snr_db, truth, r.latency.samples, r.latency.samples - truth, tol);
		/* One standard uncertainty: the error stays within a few. */
		ck_assert_msg(fabs(r.latency.samples - truth) <= 5.0 * r.latency.uncertainty_samples,
			      "delay %.5f: error %.6f but uncertainty %.6f", truth,
			      r.latency.samples - truth, r.latency.uncertainty_samples);
	}
}
END_TEST

/* Acceptance: every port kind at SNR 20 dB with -40 dBFS ground-loop hum. */
START_TEST(every_kind_at_20_db_with_hum)
{
	static const struct {
		enum bp_port_kind kind;
		enum bp_jack_verdict jack;
		enum bp_polarity_verdict polarity;
	} cases[] = {
		{ BP_PORT_BALANCED, BP_JACK_BALANCED, BP_POLARITY_NORMAL },
		{ BP_PORT_INVERTED, BP_JACK_BALANCED, BP_POLARITY_INVERTED },
		{ BP_PORT_UNBALANCED, BP_JACK_UNBALANCED, BP_POLARITY_NORMAL },
		{ BP_PORT_UNBALANCED_FLOATING, BP_JACK_UNBALANCED, BP_POLARITY_NORMAL },
		{ BP_PORT_IMPEDANCE_BALANCED, BP_JACK_UNBALANCED, BP_POLARITY_NORMAL },
		{ BP_PORT_STEREO, BP_JACK_STEREO, BP_POLARITY_NORMAL },
		{ BP_PORT_DUAL_MONO, BP_JACK_DUAL_MONO, BP_POLARITY_NORMAL },
		{ BP_PORT_DEAD, BP_JACK_NO_SIGNAL, BP_POLARITY_UNKNOWN },
	};
	struct bp_port_model m;
	struct bp_result r;
	struct take t;

	take_init(&t, 48000.0, 0.3);
	bp_port_model_init(&m, cases[_i].kind);
	m.latency_samples = 137.25;
	m.noise_dbfs = LEVEL_DBFS - 20.0;
	m.hum_dbfs = -40.0;
	m.pickup_dbfs = -40.0;
	m.seed = 7;
	render(&t, &m);
	analyse(&t, &r);
	ck_assert_msg(r.jack.verdict == cases[_i].jack, "%s: jack %s (%s)",
		      bp_port_kind_name(cases[_i].kind), bp_jack_verdict_name(r.jack.verdict),
		      r.jack.explanation);
	ck_assert_msg(r.polarity.verdict == cases[_i].polarity, "%s: polarity %s",
		      bp_port_kind_name(cases[_i].kind),
		      bp_polarity_verdict_name(r.polarity.verdict));
	ck_assert(r.invalid == (cases[_i].jack == BP_JACK_NO_SIGNAL));
}
END_TEST

/* An unbalanced output with its ring open, through a cable whose
 * conductors couple the tip into the ring's input through their
 * capacitance (a few metres into a 60 kOhm line input: -3 dB near 9 kHz;
 * longer runs lower the corner; into a Hi-Z input, 1 MOhm || 150 pF, 3 m
 * and 10 m of 100 pF/m cable put it at 212 Hz and 74 Hz, 8.0 and 6.6 dB
 * under the tip).  Over the band the ring's copy comes within 20 dB of
 * the tip; it is still an unbalanced output, and the explanation names
 * the capacitance. */
START_TEST(open_ring_capacitive_pickup)
{
	static const double corners_hz[] = { 9000.0, 5000.0, 3000.0, 212.0, 74.0 };
	static const double gains_db[] = { 0.0, 0.0, 0.0, -8.0, -6.6 };
	struct bp_port_model m;
	struct bp_result r;
	struct take t;

	take_init(&t, 48000.0, 0.3);
	bp_port_model_init(&m, BP_PORT_UNBALANCED_FLOATING);
	m.latency_samples = 42.5;
	m.noise_dbfs = -100.0;
	m.pickup_dbfs = -60.0;
	render(&t, &m);
	ts_add_pickup(t.ring, t.tip, t.n, 48000.0, pow(10.0, gains_db[_i] / 20.0),
		      corners_hz[_i]);
	analyse(&t, &r);
	ck_assert_msg(r.jack.verdict == BP_JACK_UNBALANCED, "corner %.0f Hz: jack %s (%s)",
		      corners_hz[_i], bp_jack_verdict_name(r.jack.verdict), r.jack.explanation);
	ck_assert_msg(strstr(r.jack.explanation, "capacitance"), "corner %.0f Hz: %s",
		      corners_hz[_i], r.jack.explanation);
	ck_assert_int_eq(r.polarity.verdict, BP_POLARITY_NORMAL);
}
END_TEST

/* RBJ biquad (Butterworth Q) and its exact magnitude. */
struct biquad {
	double b0, b1, b2, a1, a2;
};

static struct biquad biquad_design(bool highpass, double f0, double rate_hz)
{
	double w = 2.0 * M_PI * f0 / rate_hz, c = cos(w), al = sin(w) * M_SQRT1_2;
	double a0 = 1.0 + al, g = highpass ? (1.0 + c) / 2.0 : (1.0 - c) / 2.0;
	struct biquad q = {
		.b0 = g / a0, .b1 = (highpass ? -2.0 : 2.0) * g / a0, .b2 = g / a0,
		.a1 = -2.0 * c / a0, .a2 = (1.0 - al) / a0,
	};

	return q;
}

static void biquad_run(const struct biquad *q, double *x, size_t n)
{
	double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		double y = q->b0 * x[i] + q->b1 * x1 + q->b2 * x2 - q->a1 * y1 - q->a2 * y2;

		x2 = x1;
		x1 = x[i];
		y2 = y1;
		y1 = y;
		x[i] = y;
	}
}

static double biquad_db(const struct biquad *q, double hz, double rate_hz)
{
	double complex z = cexp(-I * 2.0 * M_PI * hz / rate_hz);

	return 20.0 * log10(cabs((q->b0 + q->b1 * z + q->b2 * z * z) /
				 (1.0 + q->a1 * z + q->a2 * z * z)));
}

/* Where the cascade is 3 dB below its 1 kHz level, by bisection in log f
 * between @lo and @hi; @rising: the response rises through the corner. */
static double cascade_corner(const struct biquad *hp, const struct biquad *lp,
			     double rate_hz, double lo, double hi, bool rising)
{
	double ref = biquad_db(hp, 1000.0, rate_hz) + biquad_db(lp, 1000.0, rate_hz);
	int i;

	for (i = 0; i < 60; i++) {
		double mid = sqrt(lo * hi);
		double d = biquad_db(hp, mid, rate_hz) + biquad_db(lp, mid, rate_hz) - ref;

		if ((d < -3.0) == rising)
			lo = mid;
		else
			hi = mid;
	}
	return sqrt(lo * hi);
}

/* Acceptance: a 2nd-order high-pass at 30 Hz and low-pass at 18 kHz read
 * within +-0.1 dB from 20 Hz to 20 kHz, corners within 2 %; the 1 kHz
 * tone's level within +-0.05 dB. */
START_TEST(response_of_analytic_filter)
{
	static const double rates[] = { 44100.0, 48000.0, 96000.0 };
	const double rate = rates[_i];
	const struct biquad hp = biquad_design(true, 30.0, rate);
	const struct biquad lp = biquad_design(false, 18000.0, rate);
	struct bp_port_model m;
	struct bp_result r;
	struct take t;
	double gain_1k, f_lo, f_hi;
	int k;

	take_init(&t, rate, 0.3);
	biquad_run(&hp, t.a, t.n);
	biquad_run(&lp, t.a, t.n);
	bp_port_model_init(&m, BP_PORT_BALANCED);
	m.latency_samples = 100.0;
	m.noise_dbfs = -110.0;
	render(&t, &m);
	analyse(&t, &r);
	gain_1k = biquad_db(&hp, 1000.0, rate) + biquad_db(&lp, 1000.0, rate);
	ck_assert_int_ge(r.response.n_points, 30);
	for (k = 0; k < r.response.n_points; k++) {
		double f = r.response.hz[k];
		double truth = biquad_db(&hp, f, rate) + biquad_db(&lp, f, rate) - gain_1k;

		ck_assert_msg(fabs(r.response.db[k] - truth) <= 0.1,
			      "%.0f Hz: %.3f dB, truth %.3f dB", f, r.response.db[k], truth);
	}
	f_lo = cascade_corner(&hp, &lp, rate, 5.0, 1000.0, true);
	f_hi = cascade_corner(&hp, &lp, rate, 1000.0, 0.49 * rate, false);
	ck_assert_msg(fabs(r.response.f_low_3db / f_lo - 1.0) <= 0.02,
		      "low corner %.2f Hz, truth %.2f Hz", r.response.f_low_3db, f_lo);
	ck_assert_msg(fabs(r.response.f_high_3db / f_hi - 1.0) <= 0.02,
		      "high corner %.1f Hz, truth %.1f Hz", r.response.f_high_3db, f_hi);
	/* Balanced: tip - ring receives twice the leg, +6.02 dB. */
	ck_assert_double_eq_tol(r.level.dbfs, LEVEL_DBFS + gain_1k + 20.0 * log10(2.0), 0.05);
}
END_TEST

/* Acceptance: x + a2 x^2 + a3 x^3 with the 2nd and 3rd harmonics set to
 * -70 .. -100 dB read within +-1 dB each. */
START_TEST(harmonics_of_polynomial)
{
	static const double targets_db[] = { -70.0, -85.0, -100.0 };
	const double h_db = targets_db[_i];
	/* The tone's peak amplitude on the leg, and the coefficients that put
	 * A a2 / 2 and A^2 a3 / 4 at h_db relative to A (+3 a3 A^3 / 4). */
	const double amp = pow(10.0, LEVEL_DBFS / 20.0);
	const double a2 = 2.0 * pow(10.0, h_db / 20.0) / amp;
	const double a3 = 4.0 * pow(10.0, h_db / 20.0) / (amp * amp);
	const double fund = amp + 0.75 * a3 * amp * amp * amp;
	const double h2 = 20.0 * log10(a2 * amp * amp / 2.0 / fund);
	const double h3 = 20.0 * log10(a3 * amp * amp * amp / 4.0 / fund);
	struct bp_port_model m;
	struct bp_result r;
	struct take t;
	size_t i;

	take_init(&t, 48000.0, 0.3);
	for (i = 0; i < t.n; i++)
		t.a[i] += a2 * t.a[i] * t.a[i] + a3 * t.a[i] * t.a[i] * t.a[i];
	bp_port_model_init(&m, BP_PORT_BALANCED);
	m.latency_samples = 50.5;
	m.noise_dbfs = -130.0;
	render(&t, &m);
	analyse(&t, &r);
	ck_assert_int_ge(r.distortion.n_harmonics, 2);
	ck_assert_msg(fabs(r.distortion.harmonics_db[0] - h2) <= 1.0,
		      "2nd harmonic %.2f dB, truth %.2f dB", r.distortion.harmonics_db[0], h2);
	ck_assert_msg(fabs(r.distortion.harmonics_db[1] - h3) <= 1.0,
		      "3rd harmonic %.2f dB, truth %.2f dB", r.distortion.harmonics_db[1], h3);
}
END_TEST

/* Any broadband stimulus: a plain sweep WAV made elsewhere, with the
 * recording starting 0.7 s early or 0.4 s late. */
START_TEST(foreign_stimulus_and_offsets)
{
	static const double offsets_s[] = { 0.7, -0.4 };
	const double rate = 48000.0, dur = 2.0, offset = offsets_s[_i];
	const size_t n = (size_t)(dur * rate), m_len = n + (size_t)(1.5 * rate);
	double *sweep = ts_alloc(n), *x = ts_alloc(m_len), *tip = ts_alloc(m_len);
	double *ring = ts_alloc(m_len), *pair = ts_alloc(2 * m_len);
	const long shift = lround(offset * rate);
	struct bp_recording *rec;
	struct bp_result r;
	char path[512], rec_path[512];
	struct bp_probe_options opt = { .input_fs_dbu = NAN, .output_fs_dbu = NAN };
	size_t i;

	/* A linear sweep 20 Hz..20 kHz with 10 ms fades, by a recipe that is
	 * not balprobe's own. */
	for (i = 0; i < n; i++) {
		double tt = (double)i / rate;
		double fade = fmin(1.0, fmin(tt, dur - tt) / 0.01);

		sweep[i] = 0.1 * fade * sin(2.0 * M_PI * (20.0 * tt + (20000.0 - 20.0) * tt * tt / (2.0 * dur)));
	}
	/* The port: balanced, 33.5 samples late, recording starting at -shift. */
	ts_delay(x, sweep, n, 33.5);
	for (i = 0; i < m_len; i++) {
		long j = (long)i - shift;

		tip[i] = j >= 0 && j < (long)n ? x[j] : 0.0;
		ring[i] = -tip[i];
	}
	ts_path(path, sizeof(path), "sweep.wav");
	ck_assert_int_eq(bp_wav_write(path, rate, 1, sweep, (long)n, BP_WAV_FLOAT, NULL), 0);
	ts_path(rec_path, sizeof(rec_path), "rec.wav");
	ts_interleave(pair, tip, ring, m_len);
	ck_assert_int_eq(bp_wav_write(rec_path, rate, 2, pair, (long)m_len, BP_WAV_FLOAT, NULL), 0);
	opt.stimulus_path = path;
	ck_assert_int_eq(bp_recording_open(&rec, rec_path, 1, 2), 0);
	bp_result_init(&r);
	ck_assert_int_eq(bp_probe_analyse(bp_probe_find("out"), rec, &opt, &r), 0);
	bp_recording_close(rec);
	ck_assert_int_eq(r.jack.verdict, BP_JACK_BALANCED);
	ck_assert_int_eq(r.polarity.verdict, BP_POLARITY_NORMAL);
	ck_assert_msg(fabs(r.latency.samples - (33.5 + (double)shift)) < 0.01,
		      "offset %.1f s: latency %.4f, truth %.1f", offset,
		      r.latency.samples, 33.5 + (double)shift);
	/* A foreign file's level is its RMS as a sine's (AES17): a sweep of
	 * peak 0.1 is -20 dBFS, less its fades. */
	ck_assert_double_eq_tol(r.stimulus_level_dbfs, -20.0, 0.05);
}
END_TEST

/* Issue 13, point 15: a recording with no stimulus in it.  One that
 * carries signal (a listen take) is not a dead port: the stimulus was
 * not found, and the sentence says how to name it; one with nothing but
 * hum, or the inputs' own noise (every_kind_at_20_db_with_hum), is no
 * signal. */
static const struct {
	const char *fixture;
	enum bp_jack_verdict verdict;
} missing_stimulus[] = {
	{ "bal-pink-gl50-48k.flac", BP_JACK_UNKNOWN },
	{ "unbal-speech-instrument-44k.flac", BP_JACK_UNKNOWN },
	{ "stereo-pink-uncorr-48k.flac", BP_JACK_UNKNOWN },
	{ "stereo-tones-gl50-96k.flac", BP_JACK_UNKNOWN },
	{ "dead-gl50-44k.flac", BP_JACK_NO_SIGNAL },
	{ "hum-ripple120-96k.flac", BP_JACK_NO_SIGNAL },
	{ "out-dead-48k.flac", BP_JACK_NO_SIGNAL },
};

START_TEST(stimulus_not_found_in_other_signal)
{
	static struct bp_result r;
	char path[512];

	ts_fixture_path(path, sizeof(path), missing_stimulus[_i].fixture);
	ck_assert_int_eq(ts_run_probe("out", path, 1, 2, 0, NAN, &r), 0);
	ck_assert_msg(r.jack.verdict == missing_stimulus[_i].verdict, "%s: %s: %s",
		      missing_stimulus[_i].fixture, bp_jack_verdict_name(r.jack.verdict),
		      r.jack.explanation);
	ck_assert(r.invalid);
	ck_assert_double_eq_tol(r.stimulus_level_dbfs, -20.0, 1e-9);
	if (r.jack.verdict == BP_JACK_UNKNOWN) {
		ck_assert_ptr_nonnull(strstr(r.invalid_reason, "stimulus was not found"));
		ck_assert_ptr_nonnull(strstr(r.invalid_reason, "--stimulus"));
		ck_assert_ptr_nonnull(strstr(r.invalid_reason, "--quick"));
		ck_assert_int_eq(r.n_advice, 0);
		ck_assert(isnan(r.latency.samples));
	}
}
END_TEST

/* A stimulus with nothing a converter would play is refused. */
START_TEST(silent_stimulus_is_refused)
{
	static struct bp_result r;
	const size_t n = 96000;
	double *zero = ts_alloc(2 * n);
	struct bp_probe_options opt = { .input_fs_dbu = NAN, .output_fs_dbu = NAN };
	struct bp_recording *rec;
	char stim[512], rec_path[512];

	ts_path(stim, sizeof(stim), "silent.wav");
	ck_assert_int_eq(bp_wav_write(stim, 48000.0, 2, zero, (long)n, BP_WAV_FLOAT, NULL), 0);
	ts_fixture_path(rec_path, sizeof(rec_path), "bal-pink-gl50-48k.flac");
	opt.stimulus_path = stim;
	ck_assert_int_eq(bp_recording_open(&rec, rec_path, 1, 2), 0);
	bp_result_init(&r);
	bp_error_clear();
	ck_assert_int_eq(bp_probe_analyse(bp_probe_find("out"), rec, &opt, &r), BP_E_STIMULUS);
	bp_recording_close(rec);
	ck_assert_ptr_nonnull(strstr(bp_error_detail(), "holds no usable excitation"));
}
END_TEST

/* What every probe's result gets once, after the analysis
 * (bp_probe_analyse()): a take that clips is invalid, its legs unjudged,
 * and the reason names what to turn down (for the out probe's own
 * stimulus, at the level it played); the advice follows. */
START_TEST(clipped_take_gets_the_epilogue)
{
	struct bp_port_model m;
	struct bp_result r;
	struct take t;

	take_init(&t, 48000.0, 0.3);
	bp_port_model_init(&m, BP_PORT_BALANCED);
	m.gain_db = 30.0;
	m.clip = true;
	m.latency_samples = 100.0;
	m.noise_dbfs = -100.0;
	m.seed = 3;
	render(&t, &m);
	analyse(&t, &r);
	ck_assert(r.invalid);
	ck_assert(r.level.clipping);
	ck_assert_int_eq(r.jack.verdict, BP_JACK_UNKNOWN);
	ck_assert_int_eq(r.polarity.verdict, BP_POLARITY_UNKNOWN);
	ck_assert_ptr_nonnull(strstr(r.jack.explanation, "the recording clips"));
	ck_assert_msg(strstr(r.invalid_reason,
			     "turn down the interface's input gain or the port's output (the stimulus was at -20.0 dBFS)"),
		      "%s", r.invalid_reason);
	ck_assert_int_gt(r.n_advice, 0);
}
END_TEST

Suite *out_suite(void)
{
	Suite *s = suite_create("out");
	TCase *tc = ts_tcase(s, "latency", false);

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, latency_fractional_delays, 0, 2);
	tc = ts_tcase(s, "verdicts", false);
	tcase_add_loop_test(tc, every_kind_at_20_db_with_hum, 0, 8);
	tcase_add_loop_test(tc, open_ring_capacitive_pickup, 0, 5);
	tcase_add_test(tc, clipped_take_gets_the_epilogue);
	tc = ts_tcase(s, "loopback", false);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, response_of_analytic_filter, 0, 3);
	tcase_add_loop_test(tc, harmonics_of_polynomial, 0, 3);
	tc = ts_tcase(s, "foreign", true);
	tcase_add_loop_test(tc, foreign_stimulus_and_offsets, 0, 2);
	tcase_add_loop_test(tc, stimulus_not_found_in_other_signal, 0,
			    (int)(sizeof(missing_stimulus) / sizeof(missing_stimulus[0])));
	tcase_add_test(tc, silent_stimulus_is_refused);
	return s;
}
