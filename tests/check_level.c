/* level: AES17 levels of sines and noise, DC offset, gating, clipping,
 * and the level classes of DESIGN.md. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "analyse/level.h"
#include "testsignal.h"

static void release_meter(void *meter)
{
	bp_level_meter_free(meter);
}

/* Push @n frames through a new (tracked) meter in blocks of an awkward size, as a
 * file reader would. */
static struct bp_level_meter *meter_of(const double *tip, const double *ring,
				       size_t n, double rate)
{
	struct bp_level_meter *m;
	size_t at, block = 8191;

	ck_assert_int_eq(bp_level_meter_new(&m, rate), 0);
	ts_track(m, release_meter);
	for (at = 0; at < n; at += block)
		bp_level_meter_push(m, tip + at, ring + at,
				    at + block <= n ? block : n - at);
	return m;
}

static struct bp_level_reading read_sig(const struct bp_level_meter *m,
					enum bp_level_signal which)
{
	struct bp_level_reading r;

	bp_level_meter_read(m, which, &r);
	return r;
}

static const double rates[] = { 44100.0, 48000.0, 96000.0 };
static const double sine_levels[] = { -0.5, -6.0206, -20.0, -60.0 };

START_TEST(sine_level)
{
	const double rate = rates[_i % 3], dbfs = sine_levels[_i / 3];
	const size_t n = (size_t)(2.0 * rate);
	double *tip = ts_alloc(n), *ring = ts_alloc(n);
	struct bp_level_meter *m;
	struct bp_level_reading r;

	ts_add_sine(tip, n, rate, 997.0, ts_amp_of_dbfs(dbfs), 0.2);
	m = meter_of(tip, ring, n, rate);
	r = read_sig(m, BP_LEVEL_TIP);
	ck_assert_double_eq_tol(r.gated_dbfs, dbfs, 0.05);
	ck_assert_double_eq_tol(r.whole_dbfs, dbfs, 0.05);
	/* A sine's sample peak: its amplitude, i.e. the same dBFS figure. */
	ck_assert_double_eq_tol(r.peak_dbfs, dbfs, 0.05);
	ck_assert(r.peak_dbfs <= dbfs + 1e-9);
	/* The ring carried nothing. */
	ck_assert(isnan(read_sig(m, BP_LEVEL_RING).gated_dbfs));
	/* tip - ring is the tip. */
	ck_assert_double_eq_tol(read_sig(m, BP_LEVEL_DIFF).gated_dbfs, dbfs, 0.05);
	ck_assert_int_eq(bp_level_meter_clipped_samples(m), 0);
}
END_TEST

START_TEST(noise_level)
{
	const double rate = rates[_i % 3];
	const bool pink = _i >= 3;
	const size_t n = (size_t)(2.0 * rate);
	double *tip = ts_alloc(n), *ring = ts_alloc(n), *diff = ts_alloc(n);
	struct bp_level_meter *m;
	struct bp_port_rng rng;
	size_t i;

	bp_port_rng_seed(&rng, 10 + _i);
	/* White: RMS 0.1 is -16.99 dBFS.  Pink: RMS 0.01 is -36.99 dBFS. */
	if (pink) {
		ts_add_pink(tip, n, rate, 0.01, &rng);
		ts_add_pink(ring, n, rate, 0.01, &rng);
	} else {
		ts_add_white(tip, n, 0.1, &rng);
		ts_scale_to_rms(tip, n, 0.1);
		ts_add_white(ring, n, 0.1, &rng);
		ts_scale_to_rms(ring, n, 0.1);
	}
	m = meter_of(tip, ring, n, rate);
	ck_assert_double_eq_tol(read_sig(m, BP_LEVEL_TIP).gated_dbfs,
				pink ? -36.99 : -16.99, 0.05);
	ck_assert_double_eq_tol(read_sig(m, BP_LEVEL_RING).whole_dbfs,
				pink ? -36.99 : -16.99, 0.05);
	/* tip - ring: about twice the power for independent legs; exactly,
	 * the RMS of the difference (a short pink sample is not quite
	 * uncorrelated). */
	for (i = 0; i < n; i++)
		diff[i] = tip[i] - ring[i];
	ck_assert_double_eq_tol(read_sig(m, BP_LEVEL_DIFF).gated_dbfs,
				20.0 * log10(ts_rms(diff, n)) + 3.0103, 0.05);
	ck_assert_double_eq_tol(read_sig(m, BP_LEVEL_DIFF).gated_dbfs,
				(pink ? -36.99 : -16.99) + 3.01, 0.5);
}
END_TEST

START_TEST(dc_offset_ignored)
{
	const double rate = 48000.0, offsets[] = { 0.3, -0.5 };
	const size_t n = 96000;
	double *tip = ts_alloc(n), *ring = ts_alloc(n);
	struct bp_level_meter *m;
	size_t i;

	ts_add_sine(tip, n, rate, 997.0, ts_amp_of_dbfs(-20.0), 0.0);
	for (i = 0; i < n; i++) {
		tip[i] += offsets[0];
		ring[i] = offsets[1];       /* DC alone: no signal */
	}
	m = meter_of(tip, ring, n, rate);
	ck_assert_double_eq_tol(read_sig(m, BP_LEVEL_TIP).gated_dbfs, -20.0, 0.05);
	ck_assert_double_eq_tol(read_sig(m, BP_LEVEL_TIP).whole_dbfs, -20.0, 0.05);
	ck_assert(isnan(read_sig(m, BP_LEVEL_RING).gated_dbfs));
	ck_assert(!(read_sig(m, BP_LEVEL_RING).whole_dbfs > BP_SIGNAL_FLOOR_DBFS));
	/* tip - ring: the sine, whatever the two offsets. */
	ck_assert_double_eq_tol(read_sig(m, BP_LEVEL_DIFF).gated_dbfs, -20.0, 0.05);
}
END_TEST

/* 0.5 s bursts of a -20 dBFS sine; between them silence or a noise floor
 * far below. */
static const double gap_floor_dbfs[] = { -INFINITY, -110.0, -95.0 };

START_TEST(gating_excludes_silence)
{
	const double rate = 48000.0;
	const size_t n = 4 * 48000, burst = 24000;
	double *tip = ts_alloc(n), *ring = ts_alloc(n), *tone = ts_alloc(n);
	struct bp_level_meter *m;
	struct bp_level_reading r;
	struct bp_port_rng rng;
	size_t i;

	bp_port_rng_seed(&rng, 20 + _i);
	ts_add_sine(tone, n, rate, 997.0, ts_amp_of_dbfs(-20.0), 0.0);
	for (i = 0; i < n; i++)
		if ((i / burst) % 2 == 0)
			tip[i] = tone[i];
	if (isfinite(gap_floor_dbfs[_i]))
		ts_add_white(tip, n, ts_rms_of_dbfs(gap_floor_dbfs[_i]), &rng);
	m = meter_of(tip, ring, n, rate);
	r = read_sig(m, BP_LEVEL_TIP);
	ck_assert_double_eq_tol(r.gated_dbfs, -20.0, 0.05);
	/* Over the whole recording: half the time, -3.01 dB. */
	ck_assert_double_eq_tol(r.whole_dbfs, -23.01, 0.05);
}
END_TEST

START_TEST(relative_gate_drops_quiet_passages)
{
	const double rate = 48000.0;
	const size_t n = 4 * 48000, part = 48000;
	double *tip = ts_alloc(n), *ring = ts_alloc(n);
	struct bp_level_meter *m;
	size_t i;

	/* Loud (-20 dBFS) and quiet (-50 dBFS, above the absolute gate but
	 * 30 dB under the loud part) seconds, alternating. */
	for (i = 0; i < n; i++)
		tip[i] = ts_amp_of_dbfs((i / part) % 2 ? -50.0 : -20.0) *
			 sin(2.0 * M_PI * 997.0 * (double)i / rate);
	m = meter_of(tip, ring, n, rate);
	ck_assert_double_eq_tol(read_sig(m, BP_LEVEL_TIP).gated_dbfs, -20.0, 0.05);
}
END_TEST

/* --- clipping ------------------------------------------------------- */

struct clip_case {
	double rate, hz;
	double amplitude;     /* before clipping */
	double rail;          /* clipped at +-rail; 0: not clipped */
	int bits;             /* quantised to this many bits; 0: not */
	bool clipped;
};

static const struct clip_case clips[] = {
	/* clean sines whose peaks touch full scale */
	{ 48000.0, 997.0, 1.0, 0.0, 0, false },
	{ 44100.0, 997.0, 1.0, 0.0, 0, false },
	{ 96000.0, 1000.0, 1.0, 0.0, 0, false },
	{ 48000.0, 12000.0, 1.0, 0.0, 0, false },
	{ 48000.0, 997.0, 32767.0 / 32768.0, 0.0, 16, false },
	{ 48000.0, 100.0, 32767.0 / 32768.0, 0.0, 16, false },
	{ 48000.0, 50.0, 32767.0 / 32768.0, 0.0, 16, false },
	{ 48000.0, 20.0, 1.0, 0.0, 24, false },
	/* clipped ones */
	{ 48000.0, 997.0, 1.5, 1.0, 0, true },
	{ 48000.0, 997.0, 1.05, 1.0, 0, true },       /* 0.4 dB over */
	{ 48000.0, 997.0, 1.5, 32767.0 / 32768.0, 16, true },
	{ 96000.0, 100.0, 2.0, 0.99, 0, true },       /* rail below 1.0 */
	{ 48000.0, 10000.0, 1.5, 1.0, 0, true },      /* few samples a peak */
	{ 48000.0, 997.0, 1.2, 0.0, 0, true },        /* float file beyond 1.0 */
};

static void clipping_case(int which)
{
	const struct clip_case *c = &clips[which];
	const size_t n = (size_t)c->rate;
	double *tip = ts_alloc(n), *ring = ts_alloc(n);
	struct bp_level_meter *m;
	struct bp_level_result res;
	size_t i;

	ts_add_sine(tip, n, c->rate, c->hz, c->amplitude, 0.1);
	for (i = 0; i < n; i++) {
		if (c->rail > 0.0)
			tip[i] = fmax(-c->rail, fmin(c->rail, tip[i]));
		if (c->bits) {
			double q = ldexp(1.0, c->bits - 1);

			tip[i] = fmax(-q, fmin(q - 1.0, nearbyint(tip[i] * q))) / q;
		}
		ring[i] = -0.5 * tip[i];
	}
	m = meter_of(tip, ring, n, c->rate);
	bp_level_analyse(m, BP_JACK_BALANCED, NAN, &res);
	if (c->clipped) {
		ck_assert_msg(bp_level_meter_clipped_samples(m) > 0,
			      "%.0f Hz at %.2f clipped at %.3f (%d bits): not detected",
			      c->hz, c->amplitude, c->rail, c->bits);
		ck_assert(res.clipping);
	} else {
		ck_assert_msg(bp_level_meter_clipped_samples(m) == 0,
			      "clean %.0f Hz sine at %.5f (%d bits) at %.0f Hz: %ld samples called clipped",
			      c->hz, c->amplitude, c->bits, c->rate,
			      bp_level_meter_clipped_samples(m));
		ck_assert(!res.clipping);
	}
}

START_TEST(clipping)
{
	int i;

	/* Every case; the message names the one that fails. */
	for (i = 0; i < (int)(sizeof(clips) / sizeof(clips[0])); i++)
		clipping_case(i);
}
END_TEST

/* A leg pinned at full scale for the whole recording is stuck, and its
 * samples are not counted as clipping; a hard-clipped sine, at full scale
 * half the time, is clipping and not stuck. */
START_TEST(stuck_leg)
{
	const double rate = 48000.0;
	const size_t n = 48000;
	double *tip = ts_alloc(n), *ring = ts_alloc(n);
	struct bp_level_meter *m;
	size_t i;

	ts_add_sine(ring, n, rate, 1000.0, 0.1, 0.0);
	for (i = 0; i < n; i++)
		tip[i] = 1.0 - 0x1.0p-23;
	m = meter_of(tip, ring, n, rate);
	ck_assert_uint_eq(bp_level_meter_stuck_legs(m), BP_LEG_TIP);
	ck_assert_int_eq(bp_level_meter_clipped_samples(m), 0);

	for (i = 0; i < n; i++)
		tip[i] = -1.0;
	m = meter_of(ring, tip, n, rate);
	ck_assert_uint_eq(bp_level_meter_stuck_legs(m), BP_LEG_RING);

	memset(tip, 0, n * sizeof(double));
	ts_add_sine(tip, n, rate, 1000.0, 2.0, 0.0);
	for (i = 0; i < n; i++)
		tip[i] = fmax(-1.0, fmin(1.0, tip[i]));
	m = meter_of(tip, ring, n, rate);
	ck_assert_uint_eq(bp_level_meter_stuck_legs(m), 0);
	ck_assert_int_gt(bp_level_meter_clipped_samples(m), 0);
}
END_TEST

/* --- classes -------------------------------------------------------- */

struct class_case {
	double dbu;
	enum bp_level_class want;
};

static const struct class_case classes[] = {
	{ -60.0, BP_CLASS_MIC },
	{ -35.0, BP_CLASS_MIC },
	{ -34.99, BP_CLASS_INSTRUMENT },
	{ -20.0, BP_CLASS_INSTRUMENT },
	{ -15.0, BP_CLASS_INSTRUMENT },
	{ -14.99, BP_CLASS_CONSUMER_LINE },
	{ -7.78, BP_CLASS_CONSUMER_LINE },      /* -10 dBV */
	{ -2.0, BP_CLASS_CONSUMER_LINE },
	{ -1.99, BP_CLASS_PRO_LINE },
	{ 4.0, BP_CLASS_PRO_LINE },
	{ 15.0, BP_CLASS_PRO_LINE },
	{ 15.01, BP_CLASS_SPEAKER },
	{ 30.0, BP_CLASS_SPEAKER },
	{ NAN, BP_CLASS_NONE },
};

static void class_boundaries_case(int which)
{
	ck_assert_msg(bp_level_classify(classes[which].dbu) == classes[which].want,
		      "%.2f dBu: class %d, want %d", classes[which].dbu,
		      bp_level_classify(classes[which].dbu), classes[which].want);
}

START_TEST(class_boundaries)
{
	int i;

	/* Every case; the message names the one that fails. */
	for (i = 0; i < (int)(sizeof(classes) / sizeof(classes[0])); i++)
		class_boundaries_case(i);
}
END_TEST

struct analyse_case {
	enum bp_jack_verdict verdict;
	double tip_dbfs, ring_dbfs;  /* 997 Hz sines; -INF: nothing */
	double ring_sign;            /* +1 in phase, -1 inverted, 0 other tone */
	double input_fs_dbu;
	double want_dbfs, want_dbu;  /* NAN: must be NAN */
	enum bp_level_class want_class;
};

static const struct analyse_case analyses[] = {
	/* Balanced at +4 dBu: each leg -20 dBFS, tip - ring -13.98 dBFS;
	 * calibrated so that 0 dBFS is +17.98 dBu. */
	{ BP_JACK_BALANCED, -20.0, -20.0, -1.0, 17.98, -13.98, 4.0, BP_CLASS_PRO_LINE },
	/* Unbalanced consumer line, -10 dBV = -7.78 dBu. */
	{ BP_JACK_UNBALANCED, -17.78, -INFINITY, 0.0, 10.0, -17.78, -7.78,
	  BP_CLASS_CONSUMER_LINE },
	/* Stereo: the louder leg, whichever it is. */
	{ BP_JACK_STEREO, -30.0, -20.0, 0.0, 0.0, -20.0, -20.0, BP_CLASS_INSTRUMENT },
	{ BP_JACK_DUAL_MONO, -20.0, -21.0, 1.0, -20.0, -20.0, -40.0, BP_CLASS_MIC },
	/* No calibration: no dBu, no class. */
	{ BP_JACK_BALANCED, -20.0, -20.0, -1.0, NAN, -13.98, NAN, BP_CLASS_NONE },
	/* Nothing to receive. */
	{ BP_JACK_NO_SIGNAL, -INFINITY, -INFINITY, 0.0, 18.0, NAN, NAN, BP_CLASS_NONE },
	{ BP_JACK_UNKNOWN, -20.0, -20.0, 1.0, 18.0, NAN, NAN, BP_CLASS_NONE },
};

static void analyse_levels_case(int which)
{
	const struct analyse_case *c = &analyses[which];
	const double rate = 48000.0;
	const size_t n = 96000;
	double *tip = ts_alloc(n), *ring = ts_alloc(n);
	struct bp_level_meter *m;
	struct bp_level_result res;

	if (isfinite(c->tip_dbfs))
		ts_add_sine(tip, n, rate, 997.0, ts_amp_of_dbfs(c->tip_dbfs), 0.0);
	if (isfinite(c->ring_dbfs))
		ts_add_sine(ring, n, rate, c->ring_sign != 0.0 ? 997.0 : 1503.0,
			    (c->ring_sign != 0.0 ? c->ring_sign : 1.0) *
			    ts_amp_of_dbfs(c->ring_dbfs), 0.0);
	m = meter_of(tip, ring, n, rate);
	bp_level_analyse(m, c->verdict, c->input_fs_dbu, &res);
	if (isfinite(c->tip_dbfs))
		ck_assert_double_eq_tol(res.tip_dbfs, c->tip_dbfs, 0.05);
	if (isfinite(c->ring_dbfs))
		ck_assert_double_eq_tol(res.ring_dbfs, c->ring_dbfs, 0.05);
	if (isnan(c->want_dbfs)) {
		ck_assert(isnan(res.dbfs));
		ck_assert(isnan(res.peak_dbfs));
	} else {
		ck_assert_double_eq_tol(res.dbfs, c->want_dbfs, 0.05);
		/* A sine: peak and RMS read the same in AES17 dBFS. */
		ck_assert_double_eq_tol(res.peak_dbfs, c->want_dbfs, 0.05);
	}
	if (isnan(c->want_dbu)) {
		ck_assert(isnan(res.dbu));
		ck_assert(isnan(res.dbv));
	} else {
		ck_assert_double_eq_tol(res.dbu, c->want_dbu, 0.05);
		ck_assert_double_eq_tol(res.dbv, c->want_dbu - 2.218, 0.05);
	}
	ck_assert_int_eq(res.level_class, c->want_class);
	ck_assert(!res.clipping);
}

START_TEST(analyse_levels)
{
	int i;

	/* Every case; the message names the one that fails. */
	for (i = 0; i < (int)(sizeof(analyses) / sizeof(analyses[0])); i++)
		analyse_levels_case(i);
}
END_TEST

START_TEST(meter_memory_does_not_grow)
{
	/* Two minutes at 48 kHz through one meter: fixed memory by design,
	 * and the level stays exact. */
	const double rate = 48000.0;
	const size_t block = 48000;
	double *x = ts_alloc(block), *z = ts_alloc(block);
	struct bp_level_meter *m;
	int s;

	ts_add_sine(x, block, rate, 1000.0, ts_amp_of_dbfs(-30.0), 0.0);
	ck_assert_int_eq(bp_level_meter_new(&m, rate), 0);
	for (s = 0; s < 120; s++)
		bp_level_meter_push(m, x, z, block);
	ck_assert_double_eq_tol(read_sig(m, BP_LEVEL_TIP).whole_dbfs, -30.0, 0.05);
	bp_level_meter_free(m);
}
END_TEST

/* dBu, dBV, class and the port's full-scale output from a received
 * level: measured through --input-fs-dbu, declared through
 * --output-fs-dbu, neither; and without a played level (listen), no
 * full-scale output. */
START_TEST(calibration)
{
	struct bp_level_result lv = { .dbfs = -20.0, .output_fs_dbu = NAN };

	bp_level_calibrate(&lv, 18.0, NAN, -20.0);
	ck_assert_double_eq_tol(lv.dbu, -2.0, 1e-12);
	ck_assert_double_eq_tol(lv.dbv, -2.0 + BP_DBU_TO_DBV, 1e-12);
	ck_assert_double_eq_tol(lv.output_fs_dbu, 18.0, 1e-12);
	ck_assert_int_eq(lv.level_class, BP_CLASS_CONSUMER_LINE);

	lv = (struct bp_level_result){ .dbfs = NAN, .output_fs_dbu = NAN };
	bp_level_calibrate(&lv, NAN, 24.0, -6.0);
	ck_assert_double_eq_tol(lv.dbu, 18.0, 1e-12);
	ck_assert_double_eq_tol(lv.output_fs_dbu, 24.0, 1e-12);
	ck_assert_int_eq(lv.level_class, BP_CLASS_SPEAKER);

	lv = (struct bp_level_result){ .dbfs = -20.0, .output_fs_dbu = NAN };
	bp_level_calibrate(&lv, NAN, NAN, -20.0);
	ck_assert(isnan(lv.dbu) && isnan(lv.dbv) && isnan(lv.output_fs_dbu));
	ck_assert_int_eq(lv.level_class, BP_CLASS_NONE);

	lv = (struct bp_level_result){ .dbfs = -50.0, .output_fs_dbu = NAN };
	bp_level_calibrate(&lv, 10.0, NAN, NAN);
	ck_assert_double_eq_tol(lv.dbu, -40.0, 1e-12);
	ck_assert(isnan(lv.output_fs_dbu));
	ck_assert_int_eq(lv.level_class, BP_CLASS_MIC);
}
END_TEST

/* What the validity check reads of a recording held in memory. */
START_TEST(recorded_state)
{
	const double rate = 48000.0;
	const size_t n = 48000;
	double *tip = ts_alloc(n), *ring = ts_alloc(n);
	struct bp_recorded rd = { .clipped_samples = -1 };
	size_t i;

	ts_add_sine(tip, n, rate, 1000.0, 2.0, 0.0);
	for (i = 0; i < n; i++) {
		tip[i] = fmax(-1.0, fmin(1.0, tip[i]));
		ring[i] = -1.0;
	}
	ck_assert_int_eq(bp_level_recorded(tip, ring, n, rate, &rd), 0);
	ck_assert_int_gt(rd.clipped_samples, n / 4);
	ck_assert_uint_eq(rd.stuck_legs, BP_LEG_RING);
	ck_assert(!bp_result_legs_judgeable(rd.clipped_samples, rd.stuck_legs));
	memset(tip, 0, n * sizeof(double));
	memset(ring, 0, n * sizeof(double));
	ck_assert_int_eq(bp_level_recorded(tip, ring, n, rate, &rd), 0);
	ck_assert_int_eq(rd.clipped_samples, 0);
	ck_assert_uint_eq(rd.stuck_legs, 0);
	ck_assert(bp_result_legs_judgeable(rd.clipped_samples, rd.stuck_legs));
}
END_TEST

Suite *level_suite(void)
{
	Suite *s = suite_create("level");
	TCase *tc = ts_tcase(s, "meter", false);

	tcase_add_loop_test(tc, sine_level, 0,
			    (int)(3 * sizeof(sine_levels) / sizeof(sine_levels[0])));
	tcase_add_loop_test(tc, noise_level, 0, 6);
	tcase_add_test(tc, dc_offset_ignored);
	tcase_add_loop_test(tc, gating_excludes_silence, 0,
			    sizeof(gap_floor_dbfs) / sizeof(gap_floor_dbfs[0]));
	tcase_add_test(tc, relative_gate_drops_quiet_passages);
	tcase_add_test(tc, meter_memory_does_not_grow);

	tc = ts_tcase(s, "clipping", false);
	tcase_add_test(tc, clipping);
	tcase_add_test(tc, stuck_leg);
	tcase_add_test(tc, recorded_state);

	tc = ts_tcase(s, "classes", false);
	tcase_add_test(tc, class_boundaries);
	tcase_add_test(tc, analyse_levels);
	tcase_add_test(tc, calibration);
	return s;
}
