/* welch: densities that integrate to the right power, cross-spectra with
 * the right phase, and streaming that does not depend on block sizes. */
#include "config.h"

#include <complex.h>
#include <math.h>
#include <stdlib.h>

#include <check.h>

#include "dsp/dsp.h"
#include "testsignal.h"
#include "analyse/welch.h"

static double db10(double x)
{
	return 10.0 * log10(x);
}

/* Mean square of @sp's tip over bins [lo, hi]. */
static double band_power(const double *density, const struct bp_spectra *sp,
			 size_t lo, size_t hi)
{
	double sum = 0.0;
	size_t k;

	for (k = lo; k <= hi && k < sp->nbins; k++)
		sum += density[k];
	return sum * sp->bin_hz;
}

static const double rates[] = { 44100.0, 48000.0, 96000.0 };

/* Segments of @nfft with 50 % overlap in @n samples. */
static long segments_in(size_t n, size_t nfft)
{
	return n < nfft ? 0 : (long)((n - nfft) / (nfft / 2) + 1);
}

/* Half-width of the window's main lobe, bins: 4 for Blackman-Harris; one
 * more for a line between bins. */
#define LOBE 5

static void segment_length_resolves_3_hz_case(int which)
{
	const double rate = rates[which];
	size_t nfft = bp_welch_nfft_for_rate(rate);

	/* analyse/welch.h: the power of two that gives bins of at most 1.5 Hz. */
	ck_assert_uint_eq(nfft & (nfft - 1), 0);
	ck_assert(rate / (double)nfft <= 1.5);
	ck_assert(rate / (double)(nfft / 2) > 1.5);  /* and the shortest */
}

START_TEST(segment_length_resolves_3_hz)
{
	int i;

	/* Every case; the message names the one that fails. */
	for (i = 0; i < (int)(3); i++)
		segment_length_resolves_3_hz_case(i);
}
END_TEST

START_TEST(no_segment_yet_gives_zero)
{
	struct bp_welch *w;
	const struct bp_spectra *sp;
	double x[1000] = { 0 };
	size_t k;

	ck_assert_int_eq(bp_welch_new(&w, 48000.0, 16384), 0);
	ck_assert_int_eq(bp_welch_spectra(w)->segments, 0);
	ts_add_sine(x, 1000, 48000.0, 1000.0, 0.5, 0.0);
	bp_welch_push(w, x, x, 1000);
	sp = bp_welch_spectra(w);
	ck_assert_int_eq(sp->segments, 0);
	ck_assert_uint_eq(sp->nfft, 16384);
	ck_assert_uint_eq(sp->nbins, 8193);
	ck_assert_double_eq_tol(sp->bin_hz, 48000.0 / 16384, 1e-12);
	for (k = 0; k < sp->nbins; k++) {
		ck_assert_double_eq(sp->tt[k], 0.0);
		ck_assert_double_eq(sp->rr[k], 0.0);
		ck_assert_double_eq(cabs(sp->tr[k]), 0.0);
	}
	bp_welch_free(w);
	bp_welch_free(NULL);
}
END_TEST

/* Sines of several frequencies (on and between bins) and amplitudes. */
static const double sine_hz[] = { 50.0, 60.0, 997.0, 1000.0, 12345.6 };

START_TEST(sine_power_integrates_to_a2_over_2)
{
	const double rate = rates[_i % 3], hz = sine_hz[_i / 3], a = 0.25;
	const size_t n = (size_t)(2.0 * rate);
	double *tip = ts_alloc(n), *ring = ts_alloc(n);
	struct bp_welch *w;
	const struct bp_spectra *sp;
	size_t k0;

	ts_add_sine(tip, n, rate, hz, a, 0.1);
	ts_add_sine(ring, n, rate, hz, a / 10.0, 2.0);
	w = ts_welch(tip, ring, n, rate);
	sp = bp_welch_spectra(w);
	ck_assert_int_eq(sp->segments, segments_in(n, sp->nfft));
	/* Over all bins, and over the line's main lobe alone. */
	ck_assert_double_eq_tol(db10(band_power(sp->tt, sp, 0, sp->nbins - 1)),
				db10(a * a / 2.0), 0.05);
	ck_assert_double_eq_tol(db10(band_power(sp->rr, sp, 0, sp->nbins - 1)),
				db10(a * a / 200.0), 0.05);
	k0 = (size_t)lround(hz / sp->bin_hz);
	ck_assert_double_eq_tol(db10(band_power(sp->tt, sp, k0 - LOBE, k0 + LOBE)),
				db10(a * a / 2.0), 0.05);
	/* ... and nothing beyond it (sidelobes -92 dB). */
	ck_assert(band_power(sp->tt, sp, k0 + LOBE + 1, sp->nbins - 1) < 1e-8 * a * a);
	ck_assert(band_power(sp->tt, sp, 0, k0 - LOBE - 1) < 1e-8 * a * a);
}
END_TEST

START_TEST(white_noise_density)
{
	const double rate = rates[_i], sigma = 0.01;
	const size_t n = (size_t)(4.0 * rate);
	double *tip = ts_alloc(n), *ring = ts_alloc(n), mean_tt = 0.0, mean_rr = 0.0;
	struct bp_welch *w;
	const struct bp_spectra *sp;
	struct bp_port_rng rng;
	size_t k, lo, hi;
	double complex mean_tr = 0.0;

	bp_port_rng_seed(&rng, 100 + _i);
	ts_add_white(tip, n, sigma, &rng);
	ts_add_white(ring, n, 2.0 * sigma, &rng);
	w = ts_welch(tip, ring, n, rate);
	sp = bp_welch_spectra(w);
	/* One-sided density of white noise: sigma^2 / (fs / 2). */
	lo = (size_t)(100.0 / sp->bin_hz);
	hi = sp->nbins - 10;
	for (k = lo; k < hi; k++) {
		mean_tt += sp->tt[k];
		mean_rr += sp->rr[k];
		mean_tr += sp->tr[k];
	}
	mean_tt /= (double)(hi - lo);
	mean_rr /= (double)(hi - lo);
	mean_tr /= (double)(hi - lo);
	ck_assert_double_eq_tol(db10(mean_tt), db10(sigma * sigma / (rate / 2.0)), 0.1);
	ck_assert_double_eq_tol(db10(mean_rr), db10(4.0 * sigma * sigma / (rate / 2.0)), 0.1);
	/* Independent legs: the cross-spectrum averages away (coherence of
	 * the band average well under 1 %). */
	ck_assert(cabs(mean_tr) < 0.01 * sqrt(mean_tt * mean_rr));
	/* Total power: the variance. */
	ck_assert_double_eq_tol(db10(band_power(sp->tt, sp, 0, sp->nbins - 1)),
				db10(sigma * sigma), 0.05);
}
END_TEST

/* Wrapped difference of two angles, radians. */
static double angle_diff(double a, double b)
{
	return remainder(a - b, 2.0 * M_PI);
}

struct delay_case {
	double rate;
	double delay;      /* ring behind tip, samples */
	double gain;       /* ring = gain * delayed tip */
};

static const struct delay_case delays[] = {
	{ 48000.0, 0.0, -1.0 },     /* inverted copy */
	{ 48000.0, 5.0, 1.0 },
	{ 48000.0, 2.4, -0.9 },     /* 50 us, inverted, 0.9 dB down */
	{ 44100.0, -3.7, 1.0 },     /* ring ahead */
	{ 96000.0, 4.8, -1.0 },
};

START_TEST(cross_spectrum_phase_of_delayed_copy)
{
	const struct delay_case *c = &delays[_i];
	const size_t n = (size_t)(2.0 * c->rate);
	double *tip = ts_alloc(n), *ring = ts_alloc(n);
	struct bp_welch *w;
	const struct bp_spectra *sp;
	struct bp_port_rng rng;
	double hz;
	size_t i;

	bp_port_rng_seed(&rng, 200 + _i);
	ts_add_white(tip, n, 0.1, &rng);
	ts_delay(ring, tip, n, c->delay);
	for (i = 0; i < n; i++)
		ring[i] *= c->gain;
	w = ts_welch(tip, ring, n, c->rate);
	sp = bp_welch_spectra(w);
	/* conj(T) R of R = g T e^{-j w d}: phase -2 pi f d / fs (+ pi if g < 0),
	 * magnitude g |T|^2. */
	for (hz = 100.0; hz < 0.85 * c->rate / 2.0; hz *= 1.37) {
		size_t k = (size_t)lround(hz / sp->bin_hz);
		double f = (double)k * sp->bin_hz;
		double want = -2.0 * M_PI * f * c->delay / c->rate +
			      (c->gain < 0.0 ? M_PI : 0.0);

		ck_assert_msg(fabs(angle_diff(carg(sp->tr[k]), want)) < 1.0 * M_PI / 180.0,
			      "%.0f Hz: phase %.2f deg, want %.2f deg", f,
			      carg(sp->tr[k]) * 180.0 / M_PI,
			      remainder(want, 2.0 * M_PI) * 180.0 / M_PI);
		/* |tr|^2 = tt rr for one signal on both legs; the segment edges
		 * lose a fraction |d| / nfft of it. */
		ck_assert_double_eq_tol(cabs(sp->tr[k]) / sqrt(sp->tt[k] * sp->rr[k]),
					1.0, 0.01);
		ck_assert_double_eq_tol(db10(sp->rr[k] / sp->tt[k]),
					db10(c->gain * c->gain), 0.05);
	}
}
END_TEST

START_TEST(dc_offset_stays_out_of_the_band)
{
	const double rate = 48000.0;
	const size_t n = 96000;
	double *a = ts_alloc(n), *b;
	struct bp_welch *w1, *w2;
	const struct bp_spectra *s1, *s2;
	struct bp_port_rng rng;
	size_t k, i;

	bp_port_rng_seed(&rng, 5);
	ts_add_white(a, n, 0.01, &rng);
	ts_add_sine(a, n, rate, 50.0, 0.001, 0.0);
	b = ts_copy(a, n, 1.0);
	for (i = 0; i < n; i++)
		b[i] += 0.25;     /* a large DC offset, -9 dB below full scale */
	w1 = ts_welch(a, a, n, rate);
	w2 = ts_welch(b, b, n, rate);
	s1 = bp_welch_spectra(w1);
	s2 = bp_welch_spectra(w2);
	/* From 20 Hz up the offset changes nothing (analyse/welch.c: it leaks into
	 * bins 0..3 only). */
	for (k = (size_t)(20.0 / s1->bin_hz); k < s1->nbins; k++)
		ck_assert_double_eq_tol(s2->tt[k], s1->tt[k], 1e-6 * s1->tt[k] + 1e-18);
}
END_TEST

/* Block sizes for streaming: odd, prime, larger than a segment. */
static const size_t blocks[] = { 1, 7, 331, 4097, 16385, 32769, 40000 };

START_TEST(streaming_matches_one_push)
{
	const double rate = 48000.0;
	const size_t n = 150001, block = blocks[_i];
	double *tip = ts_alloc(n), *ring = ts_alloc(n);
	struct bp_welch *one, *many;
	const struct bp_spectra *a, *b;
	struct bp_port_rng rng;
	size_t k, at;

	bp_port_rng_seed(&rng, 300);
	ts_add_white(tip, n, 0.1, &rng);
	ts_add_white(ring, n, 0.1, &rng);
	ts_add_sine(tip, n, rate, 440.0, 0.3, 0.0);
	ts_add_sine(ring, n, rate, 440.0, -0.3, 0.0);
	one = ts_welch(tip, ring, n, rate);
	ck_assert_int_eq(bp_welch_new(&many, rate, bp_welch_nfft_for_rate(rate)), 0);
	for (at = 0; at < n; at += block)
		bp_welch_push(many, tip + at, ring + at, at + block <= n ? block : n - at);
	a = bp_welch_spectra(one);
	b = bp_welch_spectra(many);
	ck_assert_int_eq(a->segments, b->segments);
	ck_assert_int_eq(a->segments, segments_in(n, a->nfft));
	for (k = 0; k < a->nbins; k++) {
		ck_assert_double_eq_tol(b->tt[k], a->tt[k], 1e-12 * a->tt[k]);
		ck_assert_double_eq_tol(b->rr[k], a->rr[k], 1e-12 * a->rr[k]);
		ck_assert_double_eq_tol(cabs(b->tr[k] - a->tr[k]), 0.0,
					1e-12 * cabs(a->tr[k]) + 1e-300);
	}
	bp_welch_free(many);
}
END_TEST

START_TEST(spectra_can_be_read_while_streaming)
{
	const double rate = 48000.0;
	const size_t n = 96000;
	double *x = ts_alloc(n);
	struct bp_welch *w;
	const struct bp_spectra *sp;
	long before;

	ts_add_sine(x, n, rate, 1000.0, 0.5, 0.0);
	ck_assert_int_eq(bp_welch_new(&w, rate, bp_welch_nfft_for_rate(rate)), 0);
	bp_welch_push(w, x, x, n / 2);
	sp = bp_welch_spectra(w);
	before = sp->segments;
	ck_assert_int_gt(before, 0);
	ck_assert_double_eq_tol(db10(band_power(sp->tt, sp, 0, sp->nbins - 1)),
				db10(0.125), 0.05);
	bp_welch_push(w, x + n / 2, x + n / 2, n - n / 2);
	sp = bp_welch_spectra(w);
	ck_assert_int_gt(sp->segments, before);
	ck_assert_double_eq_tol(db10(band_power(sp->tt, sp, 0, sp->nbins - 1)),
				db10(0.125), 0.05);
	bp_welch_free(w);
}
END_TEST

/* The time blocks: never more than BP_WELCH_BLOCKS_MAX, every segment in
 * one of them, and their count-weighted mean is the whole average. */
START_TEST(time_blocks_partition_the_segments)
{
	const double rate = 8000.0, seconds = _i ? 200.0 : 3.0;
	const size_t n = (size_t)(seconds * rate);
	double *x = ts_alloc(n), mean = 0.0;
	const struct bp_spectra *sp;
	struct bp_port_rng rng;
	long total = 0;
	size_t k = 100;
	int b;

	bp_port_rng_seed(&rng, 310 + _i);
	ts_add_white(x, n, 0.1, &rng);
	sp = bp_welch_spectra(ts_welch(x, x, n, rate));
	ck_assert_int_gt(sp->n_blocks, 0);
	ck_assert_int_le(sp->n_blocks, BP_WELCH_BLOCKS_MAX);
	if (_i)
		ck_assert_int_gt(sp->n_blocks, BP_WELCH_BLOCKS_MAX / 2);
	for (b = 0; b < sp->n_blocks; b++) {
		ck_assert_uint_ge(sp->block[b].nbins * sp->bin_hz, BP_WELCH_BLOCK_HZ);
		ck_assert_ptr_null(sp->block[b].block);
		total += sp->block[b].segments;
		mean += sp->block[b].tt[k] * (double)sp->block[b].segments;
	}
	ck_assert_int_eq(total, sp->segments);
	ck_assert_double_eq_tol(mean / (double)total, sp->tt[k], 1e-9 * sp->tt[k]);
}
END_TEST

Suite *welch_suite(void)
{
	Suite *s = suite_create("welch");
	TCase *tc = ts_tcase(s, "density", false);

	tcase_add_test(tc, segment_length_resolves_3_hz);
	tcase_add_test(tc, no_segment_yet_gives_zero);
	tcase_add_loop_test(tc, sine_power_integrates_to_a2_over_2, 0,
			    (int)(3 * sizeof(sine_hz) / sizeof(sine_hz[0])));
	tcase_add_loop_test(tc, white_noise_density, 0, 3);
	tcase_add_test(tc, dc_offset_stays_out_of_the_band);

	tc = ts_tcase(s, "cross-spectrum", false);
	tcase_add_loop_test(tc, cross_spectrum_phase_of_delayed_copy, 0,
			    sizeof(delays) / sizeof(delays[0]));

	tc = ts_tcase(s, "streaming", false);
	tcase_add_loop_test(tc, streaming_matches_one_push, 0,
			    sizeof(blocks) / sizeof(blocks[0]));
	tcase_add_test(tc, spectra_can_be_read_while_streaming);
	tcase_add_loop_test(tc, time_blocks_partition_the_segments, 0, 2);
	return s;
}
