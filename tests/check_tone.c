/* tone: level and harmonic distortion of a steady tone, against tones
 * synthesised with known harmonics and noise.  Levels are AES17 (a sine
 * of peak A is 20 log10 A dBFS); THD is the RMS sum of the harmonics
 * over the fundamental. */
#include "config.h"

#include <errno.h>
#include <math.h>

#include <check.h>

#include "analyse/tone.h"
#include "testsignal.h"

#define RATE 48000.0

struct partial {
	int k;                 /* harmonic number */
	double rel_db;         /* relative to the fundamental */
};

/* A tone at @f0 of @level_dbfs, @len samples, with @np harmonics and white
 * noise of RMS @noise (seeded). */
static double *tone(size_t len, double f0, double level_dbfs, const struct partial *p,
		    int np, double noise)
{
	const double a = ts_amp_of_dbfs(level_dbfs);
	double *x = ts_alloc(len);
	struct bp_port_rng rng;
	int i;

	ts_add_sine(x, len, RATE, f0, a, 0.0);
	for (i = 0; i < np; i++)
		ts_add_sine(x, len, RATE, p[i].k * f0, a * pow(10.0, p[i].rel_db / 20.0),
			    0.3 + 0.7 * i);
	bp_port_rng_seed(&rng, 5);
	ts_add_white(x, len, noise, &rng);
	return x;
}

/* The noise per DFT bin of white noise of RMS @sigma, over an @n-sample
 * window, relative to the bin of a sine of level @dbfs: E|X|^2 = n
 * sigma^2 against (A n / 2)^2. */
static double noise_per_bin_db(double sigma, size_t n, double dbfs)
{
	const double a = ts_amp_of_dbfs(dbfs);

	return 10.0 * log10(4.0 * sigma * sigma / (a * a * (double)n));
}

/* 1 kHz at -6 dBFS with the 2nd at -60 dB, the 3rd at -70, the 5th at
 * -90, and noise 150 dB below per bin: each harmonic as made, the 4th and
 * 6th..10th below the noise, THD the RMS sum. */
START_TEST(known_harmonics)
{
	static const struct partial p[] = { { 2, -60.0 }, { 3, -70.0 }, { 5, -90.0 } };
	const double *x = tone(24000, 1000.0, -6.0, p, 3, 1e-6);
	const double thd = 100.0 * sqrt(1e-6 + 1e-7 + 1e-9);
	struct bp_tone t;
	int k;

	ck_assert_int_eq(bp_tone_analyse(x, 24000, RATE, 1000.0, &t), 0);
	ck_assert_uint_eq(t.window, 24000);
	ck_assert_double_eq(t.f0_hz, 1000.0);
	ck_assert_double_eq_tol(t.level_dbfs, -6.0, 0.001);
	ck_assert_int_eq(t.n_harmonics, BP_HARMONICS_MAX);
	ck_assert_double_eq_tol(t.harmonics_db[0], -60.0, 0.01);
	ck_assert_double_eq_tol(t.harmonics_db[1], -70.0, 0.01);
	ck_assert_double_eq_tol(t.harmonics_db[3], -90.0, 0.05);
	for (k = 4; k <= BP_HARMONICS_MAX + 1; k++)
		if (k != 5)
			ck_assert_msg(isnan(t.harmonics_db[k - 2]), "harmonic %d: %.1f dB", k,
				      t.harmonics_db[k - 2]);
	ck_assert_msg(fabs(t.thd_percent / thd - 1.0) < 1e-3, "THD %.5f %%, made %.5f %%",
		      t.thd_percent, thd);
	ck_assert_double_eq_tol(t.noise_db, noise_per_bin_db(1e-6, 24000, -6.0), 1.0);
}
END_TEST

/* AES17's 997 Hz shares no factor with 48 kHz: a whole number of periods
 * needs the whole second, and then reads as exactly as 1 kHz does. */
START_TEST(aes17_997_hz)
{
	static const struct partial p[] = { { 3, -80.0 } };
	const double *x = tone(48000, 997.0, -20.0, p, 1, 1e-7);
	struct bp_tone t;

	ck_assert_int_eq(bp_tone_analyse(x, 48000, RATE, 997.0, &t), 0);
	ck_assert_uint_eq(t.window, 48000);
	ck_assert_double_eq_tol(t.level_dbfs, -20.0, 0.001);
	ck_assert_double_eq_tol(t.harmonics_db[1], -80.0, 0.05);
	ck_assert(isnan(t.harmonics_db[0]));
}
END_TEST

/* The window is the longest run of whole periods in the input (48
 * samples a period): the tail past it is left out, so nothing leaks. */
START_TEST(window_of_whole_periods)
{
	static const struct partial p[] = { { 2, -100.0 } };
	const double *x = tone(24047, 1000.0, -1.0, p, 1, 1e-8);
	struct bp_tone t;

	ck_assert_int_eq(bp_tone_analyse(x, 24047, RATE, 1000.0, &t), 0);
	ck_assert_uint_eq(t.window, 24000);
	ck_assert_double_eq_tol(t.level_dbfs, -1.0, 0.001);
	ck_assert_double_eq_tol(t.harmonics_db[0], -100.0, 0.1);
}
END_TEST

/* A harmonic counts only when it stands 13 dB above the noise per bin:
 * one 6 dB above it is not reported, one 28 dB above it is (within the
 * noise's own scatter), and with none THD is unknown, not zero. */
START_TEST(harmonics_against_the_noise)
{
	const double sigma = 1e-4, floor_db = noise_per_bin_db(sigma, 24000, -6.0);
	const struct partial weak[] = { { 2, floor_db + 6.0 } };
	const struct partial strong[] = { { 2, floor_db + 28.0 } };
	struct bp_tone t;

	ck_assert_int_eq(bp_tone_analyse(tone(24000, 1000.0, -6.0, NULL, 0, sigma), 24000,
					 RATE, 1000.0, &t), 0);
	ck_assert_double_eq_tol(t.noise_db, floor_db, 1.0);
	ck_assert(isnan(t.thd_percent));
	ck_assert(isnan(t.harmonics_db[0]));
	ck_assert_int_eq(bp_tone_analyse(tone(24000, 1000.0, -6.0, weak, 1, sigma), 24000,
					 RATE, 1000.0, &t), 0);
	ck_assert(isnan(t.harmonics_db[0]));
	ck_assert(isnan(t.thd_percent));
	ck_assert_int_eq(bp_tone_analyse(tone(24000, 1000.0, -6.0, strong, 1, sigma), 24000,
					 RATE, 1000.0, &t), 0);
	ck_assert_double_eq_tol(t.harmonics_db[0], floor_db + 28.0, 1.0);
	ck_assert(t.thd_percent > 0.0);
}
END_TEST

/* Only harmonics below Nyquist: at 5 kHz and 48 kHz, the 2nd to 4th. */
START_TEST(harmonics_below_nyquist)
{
	const double *x = tone(24000, 5000.0, -6.0, NULL, 0, 1e-6);
	struct bp_tone t;

	ck_assert_int_eq(bp_tone_analyse(x, 24000, RATE, 5000.0, &t), 0);
	ck_assert_int_eq(t.n_harmonics, 3);
	ck_assert_double_eq_tol(t.level_dbfs, -6.0, 0.001);
}
END_TEST

/* Fewer than 4 periods: -EDOM. */
START_TEST(too_few_periods)
{
	const double *x = tone(1000, 100.0, -6.0, NULL, 0, 0.0);
	struct bp_tone t;

	ck_assert_int_eq(bp_tone_analyse(x, 1000, RATE, 100.0, &t), -EDOM);
	ck_assert_int_eq(bp_tone_analyse(x, 960, RATE, 200.0, &t), 0);
	ck_assert_uint_eq(t.window, 960);
}
END_TEST

Suite *tone_suite(void)
{
	Suite *s = suite_create("tone");
	TCase *tc = ts_tcase(s, "tone", false);

	tcase_add_test(tc, known_harmonics);
	tcase_add_test(tc, aes17_997_hz);
	tcase_add_test(tc, window_of_whole_periods);
	tcase_add_test(tc, harmonics_against_the_noise);
	tcase_add_test(tc, harmonics_below_nyquist);
	tcase_add_test(tc, too_few_periods);
	return s;
}
