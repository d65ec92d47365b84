/* hum: bp_hum_analyse() on Welch spectra of signals with known hum.
 *
 * Levels are AES17: a line at -100 dBFS is a sine of peak 1e-5; white noise
 * at -90 dBFS has an RMS of 10^(-93.01/20). */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "analyse/hum-family.h"
#include "testsignal.h"

struct rec {
	double rate;
	size_t n;
	double *tip, *ring;
};

static void rec_init(struct rec *r, double rate, double seconds)
{
	r->rate = rate;
	r->n = (size_t)(seconds * rate);
	r->tip = ts_alloc(r->n);
	r->ring = ts_alloc(r->n);
}

/* Independent white noise on each leg. */
static void add_noise(struct rec *r, double dbfs, unsigned seed)
{
	struct bp_port_rng rng;

	bp_port_rng_seed(&rng, seed);
	ts_add_white(r->tip, r->n, ts_rms_of_dbfs(dbfs), &rng);
	ts_add_white(r->ring, r->n, ts_rms_of_dbfs(dbfs), &rng);
}

/* A line of @dbfs on the tip, @ring_gain times it on the ring. */
static void add_line(struct rec *r, double hz, double dbfs, double ring_gain,
		     double phase)
{
	ts_add_sine(r->tip, r->n, r->rate, hz, ts_amp_of_dbfs(dbfs), phase);
	ts_add_sine(r->ring, r->n, r->rate, hz, ring_gain * ts_amp_of_dbfs(dbfs),
		    phase);
}

/* 2 s at 48 kHz of the interface's own noise, -110 dBFS on each leg. */
static void quiet_rec(struct rec *r, unsigned seed)
{
	rec_init(r, 48000.0, 2.0);
	add_noise(r, -110.0, seed);
}

static void analyse(const struct rec *r, int mains_hz, struct bp_hum_result *out)
{
	struct bp_welch *w = ts_welch(r->tip, r->ring, r->n, r->rate);

	memset(out, 0x5a, sizeof(*out));     /* every field must be set */
	bp_hum_analyse(bp_welch_spectra(w), mains_hz, BP_JACK_UNKNOWN, out);
}

static const struct bp_hum_line *line_near(const struct bp_hum_result *h, double hz)
{
	int i;

	for (i = 0; i < h->n_lines; i++)
		if (fabs(h->lines[i].hz - hz) < 1.0)
			return &h->lines[i];
	return NULL;
}

static void assert_no_hum(const struct bp_hum_result *h, const char *what)
{
	ck_assert_msg(!h->present, "%s: hum reported at %.1f Hz (%s)", what,
		      h->n_lines > 0 ? h->lines[0].hz : NAN, h->explanation);
	ck_assert_int_eq(h->n_lines, 0);
	ck_assert_int_eq(h->mode, BP_HUM_MODE_NONE);
	ck_assert(isnan(h->fundamental_dbfs));
	ck_assert_uint_gt(strlen(h->explanation), 0);
}

/* --- the acceptance: a -100 dBFS line under -90 dBFS noise -- */

static const double rates[] = { 44100.0, 48000.0, 96000.0 };

START_TEST(weak_line_under_noise_is_found)
{
	const double mains = _i % 2 ? 60.0 : 50.0, rate = rates[(_i / 2) % 3];
	/* Ground loop (common) or on the tip only (unbalanced source); each
	 * configuration with two noise seeds. */
	const bool common = _i % 12 < 6;
	struct bp_hum_result h;
	const struct bp_hum_line *l;
	struct rec r;

	rec_init(&r, rate, 2.0);
	add_noise(&r, -90.0, 1000 + _i);
	add_line(&r, mains, -100.0, common ? 1.0 : 0.0, 0.4);
	analyse(&r, 0, &h);
	ck_assert_msg(h.present, "%.0f Hz at -100 dBFS under -90 dBFS noise, %.1f kHz: not found (%s)",
		      mains, rate / 1000.0, h.explanation);
	ck_assert_double_eq(h.mains_hz, mains);
	l = line_near(&h, mains);
	ck_assert_ptr_nonnull(l);
	ck_assert_double_eq_tol(l->hz, mains, 0.5);
	ck_assert_double_eq_tol(l->dbfs, -100.0, 1.0);
	ck_assert_double_eq_tol(h.fundamental_dbfs, -100.0, 1.0);
	if (common) {
		ck_assert_int_eq(h.mode, BP_HUM_MODE_COMMON);
		ck_assert_int_eq(h.ground_loop, BP_YES);
	} else {
		/* Nothing says whether the port's ring is open: the source's
		 * own hum, or a loop past an open ring. */
		ck_assert_int_eq(h.mode, BP_HUM_MODE_DIFFERENTIAL);
		ck_assert_int_eq(h.ground_loop, BP_UNDECIDED);
		ck_assert_ptr_nonnull(strstr(h.explanation, "tip only"));
	}
}
END_TEST

START_TEST(noise_alone_is_no_hum)
{
	struct bp_hum_result h;
	struct rec r;

	/* 20 seeds, one per loop iteration: no false alarm in any. */
	rec_init(&r, 48000.0, 2.0);
	add_noise(&r, -90.0, 5000 + _i);
	analyse(&r, 0, &h);
	assert_no_hum(&h, "white noise");
	ck_assert(isnan(h.mains_hz));
}
END_TEST

/* A note of the programme at a harmonic that plays for part of the
 * recording only (@_i 0: the second half; 1: every other half second)
 * is not hum, though it sits at 3 x 50 Hz in phase on both legs beside
 * a steady ground loop; played throughout, it would count. */
START_TEST(line_that_comes_and_goes_is_programme)
{
	struct bp_hum_result h;
	struct rec r;
	size_t i;

	rec_init(&r, 48000.0, 6.0);
	add_noise(&r, -110.0, 9900 + _i);
	add_line(&r, 50.0, -70.0, 1.0, 0.3);
	for (i = 0; i < r.n; i++) {
		double t = (double)i / r.rate;
		bool on = _i == 0 ? t >= 3.0 : fmod(t, 1.0) >= 0.5;

		if (on) {
			double note = ts_amp_of_dbfs(-50.0) * sin(2.0 * M_PI * 150.0 * t);

			r.tip[i] += note;
			r.ring[i] += note;
		}
	}
	analyse(&r, 0, &h);
	ck_assert_msg(h.present && h.mains_hz == 50.0, "%s", h.explanation);
	ck_assert_msg(line_near(&h, 150.0) == NULL, "the note at 150 Hz was taken for hum: %s",
		      h.explanation);
	ck_assert_ptr_nonnull(line_near(&h, 50.0));
}
END_TEST

START_TEST(pink_noise_alone_is_no_hum)
{
	struct bp_hum_result h;
	struct bp_port_rng rng;
	struct rec r;

	rec_init(&r, rates[_i % 3], 2.0);
	bp_port_rng_seed(&rng, 6000 + _i);
	ts_add_pink(r.tip, r.n, r.rate, ts_rms_of_dbfs(-40.0), &rng);
	ts_add_pink(r.ring, r.n, r.rate, ts_rms_of_dbfs(-40.0), &rng);
	analyse(&r, 0, &h);
	assert_no_hum(&h, "pink noise");
}
END_TEST

/* A balanced programme (pink, -20 dBFS a leg) with no hum: the
 * programme-cancelling combination must not invent a line either, even
 * when the file carries no noise at all (a rendered test file). */
static const double programme_noise_dbfs[] = { -110.0, -130.0, -INFINITY };

START_TEST(balanced_programme_alone_is_no_hum)
{
	struct bp_hum_result h;
	struct bp_port_rng rng;
	struct rec r;
	size_t i;

	rec_init(&r, 48000.0, 2.0);
	bp_port_rng_seed(&rng, 7000 + _i);
	ts_add_pink(r.tip, r.n, r.rate, ts_rms_of_dbfs(-20.0), &rng);
	for (i = 0; i < r.n; i++)
		r.ring[i] = -r.tip[i];
	if (isfinite(programme_noise_dbfs[_i]))
		add_noise(&r, programme_noise_dbfs[_i], 7100 + _i);
	analyse(&r, 0, &h);
	assert_no_hum(&h, "balanced pink programme");
}
END_TEST

START_TEST(empty_spectra_are_no_hum)
{
	struct bp_welch *w;
	struct bp_hum_result h;

	ck_assert_int_eq(bp_welch_new(&w, 48000.0, 16384), 0);
	memset(&h, 0x5a, sizeof(h));
	bp_hum_analyse(bp_welch_spectra(w), 0, BP_JACK_UNKNOWN, &h);
	ck_assert(!h.present);
	ck_assert_int_eq(h.n_lines, 0);
	ck_assert(isnan(h.mains_hz));
	ck_assert_int_eq(h.mode, BP_HUM_MODE_NONE);
	bp_welch_free(w);
}
END_TEST

/* --- ripple at twice mains names the right mains -------------------- */

START_TEST(ripple_names_its_mains)
{
	const double ripple = _i % 2 ? 120.0 : 100.0, rate = rates[_i / 2];
	struct bp_hum_result h;
	struct rec r;

	/* Supply ripple of a balanced source: inverted on the ring. */
	rec_init(&r, rate, 2.0);
	add_noise(&r, -90.0, 8000 + _i);
	add_line(&r, ripple, -100.0, -1.0, 1.1);
	analyse(&r, 0, &h);
	ck_assert_msg(h.present, "%.0f Hz ripple not found: %s", ripple, h.explanation);
	ck_assert_msg(h.mains_hz == ripple / 2.0, "%.0f Hz ripple gave mains %.0f",
		      ripple, h.mains_hz);
	ck_assert_ptr_nonnull(line_near(&h, ripple));
	/* No line at mains itself. */
	ck_assert(isnan(h.fundamental_dbfs));
	ck_assert_int_eq(h.mode, BP_HUM_MODE_DIFFERENTIAL);
	ck_assert_int_eq(h.ground_loop, BP_NO);
}
END_TEST

/* --- where the hum sits: common or differential --------------------- */

struct mode_case {
	const char *what;
	double mains;
	double ring_gain;         /* ring = ring_gain x tip for the line */
	enum bp_hum_mode mode;
	enum bp_tristate ground_loop;
	double common_db, diff_db; /* of the fundamental; NAN: below -90 */
};

static const struct mode_case modes[] = {
	{ "ground loop", 50.0, 1.0, BP_HUM_MODE_COMMON, BP_YES, -60.0, NAN },
	{ "ground loop", 60.0, 1.0, BP_HUM_MODE_COMMON, BP_YES, -60.0, NAN },
	{ "balanced source", 50.0, -1.0, BP_HUM_MODE_DIFFERENTIAL, BP_NO, NAN, -60.0 },
	{ "balanced source", 60.0, -1.0, BP_HUM_MODE_DIFFERENTIAL, BP_NO, NAN, -60.0 },
	/* A port of unknown kind: its own hum, or a loop past an open ring. */
	{ "tip only", 50.0, 0.0, BP_HUM_MODE_DIFFERENTIAL, BP_UNDECIDED, -66.02, -66.02 },
	{ "tip only", 60.0, 0.0, BP_HUM_MODE_DIFFERENTIAL, BP_UNDECIDED, -66.02, -66.02 },
};

#define N_MODES (sizeof(modes) / sizeof(modes[0]))

START_TEST(hum_mode)
{
	const struct mode_case *c = &modes[_i % N_MODES];
	const double rate = rates[_i / N_MODES];
	struct bp_hum_result h;
	const struct bp_hum_line *l;
	struct rec r;

	rec_init(&r, rate, 2.0);
	add_noise(&r, -110.0, 9000 + _i);
	add_line(&r, c->mains, -60.0, c->ring_gain, 0.7);
	add_line(&r, 3.0 * c->mains, -70.0, c->ring_gain, 2.0);
	analyse(&r, 0, &h);
	ck_assert_msg(h.present, "%s: %s", c->what, h.explanation);
	ck_assert_double_eq(h.mains_hz, c->mains);
	ck_assert_msg(h.mode == c->mode, "%s at %.0f Hz, %.1f kHz: mode %d, want %d (%s)",
		      c->what, c->mains, rate / 1000.0, h.mode, c->mode, h.explanation);
	ck_assert_int_eq(h.ground_loop, c->ground_loop);
	ck_assert_int_eq(h.n_lines, 2);
	l = line_near(&h, c->mains);
	ck_assert_ptr_nonnull(l);
	/* At high SNR the level is the truth within 0.5 dB. */
	ck_assert_double_eq_tol(l->dbfs, -60.0, 0.5);
	ck_assert_double_eq_tol(h.fundamental_dbfs, -60.0, 0.5);
	if (isnan(c->common_db))
		ck_assert(!(l->common_db > -90.0));
	else
		ck_assert_double_eq_tol(l->common_db, c->common_db, 0.5);
	if (isnan(c->diff_db))
		ck_assert(!(l->diff_db > -90.0));
	else
		ck_assert_double_eq_tol(l->diff_db, c->diff_db, 0.5);
	l = line_near(&h, 3.0 * c->mains);
	ck_assert_ptr_nonnull(l);
	ck_assert_double_eq_tol(l->dbfs, -70.0, 0.5);
	ck_assert_uint_gt(strlen(h.explanation), 0);
}
END_TEST

START_TEST(mixed_hum)
{
	struct bp_hum_result h;
	struct rec r;

	/* Equal ground-loop and source parts, in quadrature so that neither
	 * leg cancels. */
	quiet_rec(&r, 9100);
	add_line(&r, 50.0, -66.0, 1.0, 0.0);
	add_line(&r, 50.0, -66.0, -1.0, M_PI / 2.0);
	analyse(&r, 0, &h);
	ck_assert(h.present);
	ck_assert_int_eq(h.mode, BP_HUM_MODE_MIXED);
	ck_assert_int_eq(h.ground_loop, BP_YES);
	ck_assert_double_eq_tol(h.lines[0].common_db, -66.0, 0.5);
	ck_assert_double_eq_tol(h.lines[0].diff_db, -66.0, 0.5);
}
END_TEST

START_TEST(harmonics_are_listed)
{
	static const double hz[] = { 50.0, 150.0, 250.0, 350.0 };
	struct bp_hum_result h;
	struct rec r;
	size_t i;

	quiet_rec(&r, 9200);
	for (i = 0; i < 4; i++)
		add_line(&r, hz[i], -70.0 - 5.0 * (double)i, 1.0, (double)i);
	analyse(&r, 0, &h);
	ck_assert(h.present);
	ck_assert_double_eq(h.mains_hz, 50.0);
	ck_assert_int_eq(h.n_lines, 4);
	for (i = 0; i < 4; i++) {
		const struct bp_hum_line *l = line_near(&h, hz[i]);

		ck_assert_msg(l != NULL, "no line at %.0f Hz", hz[i]);
		ck_assert_double_eq_tol(l->hz, hz[i], 0.3);
		ck_assert_double_eq_tol(l->dbfs, -70.0 - 5.0 * (double)i, 0.5);
	}
}
END_TEST

START_TEST(covers_bins_of_found_lines)
{
	struct bp_welch *w;
	const struct bp_spectra *sp;
	struct bp_hum_result h;
	struct rec r;

	quiet_rec(&r, 9300);
	add_line(&r, 60.0, -60.0, 1.0, 0.0);
	w = ts_welch(r.tip, r.ring, r.n, r.rate);
	sp = bp_welch_spectra(w);
	bp_hum_analyse(sp, 0, BP_JACK_UNKNOWN, &h);
	ck_assert(h.present);
	ck_assert(bp_hum_covers_bin(&h, sp, (size_t)lround(60.0 / sp->bin_hz)));
	ck_assert(!bp_hum_covers_bin(&h, sp, (size_t)lround(80.0 / sp->bin_hz)));
	ck_assert(!bp_hum_covers_bin(&h, sp, (size_t)lround(1000.0 / sp->bin_hz)));
}
END_TEST

/* --- --mains forcing ------------------------------------------------ */

struct force_case {
	double line_hz;
	int forced;
	bool present;
};

static const struct force_case forces[] = {
	{ 60.0, 50, false },
	{ 60.0, 60, true },
	{ 50.0, 60, false },
	{ 50.0, 50, true },
	/* A harmonic of both, alone: no fundamental or twice-mains line
	 * anchors it, so it is no mains family whichever is forced. */
	{ 300.0, 50, false },
	{ 300.0, 60, false },
};

START_TEST(mains_forced)
{
	const struct force_case *c = &forces[_i];
	struct bp_hum_result h;
	struct rec r;

	quiet_rec(&r, 9400 + _i);
	add_line(&r, c->line_hz, -70.0, 1.0, 0.0);
	analyse(&r, c->forced, &h);
	ck_assert_double_eq(h.mains_hz, c->forced);
	ck_assert_msg(h.present == c->present, "%.0f Hz line, --mains %d: present %d",
		      c->line_hz, c->forced, h.present);
	if (c->present)
		ck_assert_ptr_nonnull(line_near(&h, c->line_hz));
	else
		assert_no_hum(&h, "other mains forced");
}
END_TEST

START_TEST(louder_family_wins_unless_forced)
{
	struct bp_hum_result h;
	struct rec r;

	quiet_rec(&r, 9500);
	add_line(&r, 50.0, -60.0, 1.0, 0.0);
	add_line(&r, 60.0, -80.0, 1.0, 0.0);
	analyse(&r, 0, &h);
	ck_assert_double_eq(h.mains_hz, 50.0);
	ck_assert_double_eq_tol(h.fundamental_dbfs, -60.0, 0.5);
	analyse(&r, 60, &h);
	ck_assert_double_eq(h.mains_hz, 60.0);
	ck_assert(h.present);
	ck_assert_double_eq_tol(h.fundamental_dbfs, -80.0, 0.5);
}
END_TEST

/* --- hum under a programme ------------------------------------------ */

/* A ground loop well inside a pink programme's own spectrum (-20 dBFS a
 * leg): a balanced output (50 Hz mains, hum 50 dB under the programme) or
 * an unbalanced one (programme on the tip, ring at the sleeve; 60 Hz). */
struct programme_case {
	const char *what;
	double ring_gain;      /* ring = ring_gain x tip for the programme */
	double mains, hum_dbfs;
};

static const struct programme_case programmes[] = {
	{ "balanced", -1.0, 50.0, -70.0 },
	{ "unbalanced", 0.0, 60.0, -75.0 },
};

START_TEST(ground_loop_under_programme)
{
	const struct programme_case *c = &programmes[_i / 3];
	const double rate = rates[_i % 3];
	struct bp_hum_result h;
	struct bp_port_rng rng;
	struct rec r;
	size_t i;

	rec_init(&r, rate, 2.0);
	bp_port_rng_seed(&rng, 9600 + _i);
	ts_add_pink(r.tip, r.n, rate, ts_rms_of_dbfs(-20.0), &rng);
	for (i = 0; i < r.n; i++)
		r.ring[i] = c->ring_gain * r.tip[i];
	add_noise(&r, -110.0, 9610 + _i);
	add_line(&r, c->mains, c->hum_dbfs, 1.0, 0.3);
	add_line(&r, 3.0 * c->mains, c->hum_dbfs - 10.0, 1.0, 0.9);
	analyse(&r, 0, &h);
	ck_assert_msg(h.present, "%s, %.1f kHz: %s", c->what, rate / 1000.0,
		      h.explanation);
	ck_assert_double_eq(h.mains_hz, c->mains);
	ck_assert_msg(h.mode == BP_HUM_MODE_COMMON, "%s, %.1f kHz: mode %d: %s",
		      c->what, rate / 1000.0, h.mode, h.explanation);
	ck_assert_int_eq(h.ground_loop, BP_YES);
	ck_assert_double_eq_tol(h.fundamental_dbfs, c->hum_dbfs, 1.0);
}
END_TEST

START_TEST(common_hum_under_dual_mono_is_undecided)
{
	struct bp_hum_result h;
	struct bp_port_rng rng;
	struct rec r;
	size_t i;

	/* The programme itself is in phase on both legs: a ground loop looks
	 * exactly like the source's own hum. */
	rec_init(&r, 48000.0, 2.0);
	bp_port_rng_seed(&rng, 9700);
	ts_add_pink(r.tip, r.n, r.rate, ts_rms_of_dbfs(-30.0), &rng);
	for (i = 0; i < r.n; i++)
		r.ring[i] = r.tip[i];
	add_noise(&r, -110.0, 9710);
	add_line(&r, 60.0, -35.0, 1.0, 0.0);
	analyse(&r, 0, &h);
	ck_assert_msg(h.present, "%s", h.explanation);
	ck_assert_double_eq(h.mains_hz, 60.0);
	ck_assert_int_eq(h.ground_loop, BP_UNDECIDED);
}
END_TEST

/* An unbalanced jack in silence: which leg carries the hum says what it
 * can be.  Ring only: an open ring's own pickup (not a loop, not the
 * source).  Tip only: the source's hum, or a loop that an open ring does
 * not carry -- undecided -- unless it is supply ripple.  Both legs: a
 * loop through a grounded ring, as before. */
static const struct unbal_case {
	const char *what;
	double hz, ring_gain, tip_gain;
	enum bp_tristate ground_loop;
	const char *says;
} unbal_cases[] = {
	{ "ring only", 50.0, 1.0, 0.0, BP_NO, "ring only" },
	{ "tip only", 60.0, 0.0, 1.0, BP_UNDECIDED, "tip only" },
	{ "tip only, ripple", 100.0, 0.0, 1.0, BP_NO, "ripple" },
	{ "both legs", 50.0, 1.0, 1.0, BP_YES, "ground loop" },
};

START_TEST(unbalanced_jack_hum_by_leg)
{
	const struct unbal_case *c = &unbal_cases[_i];
	struct bp_hum_result h;
	struct rec r;

	quiet_rec(&r, 9800 + _i);
	ts_add_sine(r.tip, r.n, r.rate, c->hz, c->tip_gain * ts_amp_of_dbfs(-60.0), 0.2);
	ts_add_sine(r.ring, r.n, r.rate, c->hz, c->ring_gain * ts_amp_of_dbfs(-60.0), 0.2);
	bp_hum_analyse(bp_welch_spectra(ts_welch(r.tip, r.ring, r.n, r.rate)), 0,
		       BP_JACK_UNBALANCED, &h);
	ck_assert_msg(h.present, "%s: %s", c->what, h.explanation);
	ck_assert_msg(h.ground_loop == c->ground_loop && strstr(h.explanation, c->says),
		      "%s: ground loop %d, want %d: %s", c->what, h.ground_loop,
		      c->ground_loop, h.explanation);
}
END_TEST

Suite *hum_suite(void)
{
	Suite *s = suite_create("hum");
	TCase *tc = ts_tcase(s, "detection", false);

	tcase_add_loop_test(tc, weak_line_under_noise_is_found, 0, 24);
	tcase_add_loop_test(tc, noise_alone_is_no_hum, 0, 20);
	tcase_add_loop_test(tc, pink_noise_alone_is_no_hum, 0, 3);
	tcase_add_loop_test(tc, line_that_comes_and_goes_is_programme, 0, 2);
	tcase_add_loop_test(tc, balanced_programme_alone_is_no_hum, 0,
			    sizeof(programme_noise_dbfs) / sizeof(programme_noise_dbfs[0]));
	tcase_add_test(tc, empty_spectra_are_no_hum);
	tcase_add_loop_test(tc, ripple_names_its_mains, 0, 6);

	tc = ts_tcase(s, "mode", false);
	tcase_add_loop_test(tc, hum_mode, 0, (int)(3 * N_MODES));
	tcase_add_test(tc, mixed_hum);
	tcase_add_test(tc, harmonics_are_listed);
	tcase_add_test(tc, covers_bins_of_found_lines);
	tcase_add_loop_test(tc, ground_loop_under_programme, 0,
			    (int)(3 * sizeof(programmes) / sizeof(programmes[0])));
	tcase_add_test(tc, common_hum_under_dual_mono_is_undecided);
	tcase_add_loop_test(tc, unbalanced_jack_hum_by_leg, 0,
			    sizeof(unbal_cases) / sizeof(unbal_cases[0]));

	tc = ts_tcase(s, "mains", false);
	tcase_add_loop_test(tc, mains_forced, 0, sizeof(forces) / sizeof(forces[0]));
	tcase_add_test(tc, louder_family_wins_unless_forced);
	return s;
}
