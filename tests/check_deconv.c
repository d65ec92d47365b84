/* deconv: transfer functions by regularised spectral division (Kirkeby
 * 1998), against systems whose transfer is known exactly: a gain and a
 * delay.  ts_delay() is an independent fractional delay (129-tap Kaiser
 * sinc, within 0.001 dB and 0.003 degrees of ideal to 0.92 x Nyquist), so
 * in the sweep's band H must be g e^(-i omega d) to that precision. */
#include "config.h"

#include <complex.h>
#include <math.h>

#include <check.h>

#include "analyse/deconv.h"
#include "dsp/dsp.h"
#include "testsignal.h"

#define RATE 48000.0
#define N 32768          /* circular length */
#define LEN 16384        /* the excitation; the rest of N is room for the delay */

/* A sweep of LEN samples from @f1 to @f2 at -6 dBFS, zero to N. */
static double *sweep(double f1, double f2)
{
	double *x = ts_alloc(N);

	ts_add_sweep(x, LEN, RATE, f1, f2, 0.5, 480);
	return x;
}

/* The largest deviation over [@lo_hz, @hi_hz] of @h from @gain delayed by
 * @delay: in dB (magnitude) and in radians (phase). */
static void deviation(const struct bp_transfer *tf, const double complex *h,
		      double gain, double delay, double lo_hz, double hi_hz,
		      double *db, double *rad)
{
	size_t k;

	*db = *rad = 0.0;
	for (k = 1; k < tf->nbins; k++) {
		const double f = bp_transfer_bin_hz(tf, k);
		const double complex ideal = gain * cexp(-I * 2.0 * M_PI * f / RATE * delay);

		if (f < lo_hz || f > hi_hz)
			continue;
		*db = fmax(*db, fabs(20.0 * log10(cabs(h[k]) / fabs(gain))));
		*rad = fmax(*rad, fabs(carg(h[k] / ideal)));
	}
}

/* A gain and a delay (whole, fractional, long) on each leg come back as
 * exactly that transfer in the sweep's band. */
START_TEST(gain_and_delay_in_band)
{
	static const double delays[] = { 0.0, 1000.0, 250.37, 7000.5 };
	const double d = delays[_i];
	double *x = sweep(100.0, 20000.0), *tip = ts_alloc(N), *ring = ts_alloc(N);
	const struct bp_transfer *tf;
	double db, rad;
	size_t k;

	ts_delay_by(tip, x, N, d);
	for (k = 0; k < N; k++) {
		ring[k] = -0.25 * tip[k];
		tip[k] *= 0.5;
	}
	tf = ts_transfer(RATE, N, 1, tip, ring, x);
	ck_assert_uint_eq(tf->n, N);
	ck_assert_uint_eq(tf->nbins, N / 2 + 1);
	deviation(tf, tf->tip, 0.5, d, 200.0, 15000.0, &db, &rad);
	ck_assert_msg(db < 0.002 && rad < 1e-3, "tip, delay %.2f: %.5f dB, %.2g rad off",
		      d, db, rad);
	deviation(tf, tf->ring, -0.25, d, 200.0, 15000.0, &db, &rad);
	ck_assert_msg(db < 0.002 && rad < 1e-3, "ring, delay %.2f: %.5f dB, %.2g rad off",
		      d, db, rad);
}
END_TEST

/* Outside the excitation's band there is nothing to divide by: noise
 * recorded there must not come out amplified (plain division would give
 * |noise / X| with X near zero), while the band stays exact. */
START_TEST(noise_out_of_band_not_amplified)
{
	double *x = sweep(200.0, 10000.0), *tip = ts_copy(x, N, 0.5), *ring = ts_alloc(N);
	const struct bp_transfer *tf;
	struct bp_port_rng rng;
	double db, rad, worst = 0.0, naive = 0.0, peak = 0.0;
	size_t k;

	bp_port_rng_seed(&rng, 7);
	ts_add_white(tip, N, 1e-4, &rng);
	ts_add_white(ring, N, 1e-4, &rng);
	tf = ts_transfer(RATE, N, 1, tip, ring, x);
	for (k = 1; k < tf->nbins; k++)
		peak = fmax(peak, tf->excitation_power[k]);
	for (k = 1; k < tf->nbins; k++) {
		const double f = bp_transfer_bin_hz(tf, k);

		if (f < 16000.0)
			continue;
		worst = fmax(worst, fmax(cabs(tf->tip[k]), cabs(tf->ring[k])));
		/* What dividing by X alone would have given. */
		naive = fmax(naive, cabs(tf->ring[k]) *
			       (tf->excitation_power[k] + peak) / tf->excitation_power[k]);
	}
	ck_assert_msg(worst < 1e-6, "out of band |H| up to %.3g", worst);
	ck_assert_msg(naive > 1.0, "the test is void: plain division gives only %.3g", naive);
	deviation(tf, tf->tip, 0.5, 0.0, 400.0, 8000.0, &db, &rad);
	ck_assert_msg(db < 0.05 && rad < 0.01, "in band with noise: %.4f dB, %.3g rad off",
		      db, rad);
}
END_TEST

/* The impulse response peaks where the response arrives, with the sign of
 * the leg, and stands well clear of everything beyond its own
 * ringing (the band's edges: within 64 samples). */
START_TEST(impulse_peaks_at_the_delay)
{
	const size_t d = 1234;
	double *x = sweep(100.0, 20000.0), *tip = ts_alloc(N), *ring = ts_alloc(N);
	double *ir_tip = ts_alloc(N), *ir_ring = ts_alloc(N), rest = 0.0;
	const struct bp_transfer *tf;
	size_t k;

	ts_delay_by(tip, x, N, (double)d);
	for (k = 0; k < N; k++)
		ring[k] = -tip[k];
	tf = ts_transfer(RATE, N, 1, tip, ring, x);
	ck_assert_uint_eq(tf->ir_step, 1);
	ck_assert_uint_eq(bp_transfer_impulse_length(tf), N);
	bp_transfer_impulse(tf, tf->tip, ir_tip);
	bp_transfer_impulse(tf, tf->ring, ir_ring);
	for (k = 0; k < N; k++)
		if (k + 64 < d || k > d + 64)
			rest = fmax(rest, fabs(ir_tip[k]));
	ck_assert_msg(ir_tip[d] > 0.5 && ir_ring[d] < -0.5, "peak values %.3f, %.3f",
		      ir_tip[d], ir_ring[d]);
	ck_assert_double_eq_tol(ir_tip[d], -ir_ring[d], 1e-9);
	ck_assert_msg(rest < 0.02 * ir_tip[d], "%.3g elsewhere against a %.3f peak", rest,
		      ir_tip[d]);
}
END_TEST

/* The impulse response's step: the largest power of two up to the asked
 * maximum whose lowest 1/step of the band holds 40 % of the response's
 * power.  White noise has half its power in the lower half of the band and
 * a quarter in the lower quarter: step 2.  A sweep that ends at 2 kHz has
 * all of it below 3 kHz (N/16 bins): step 8, the maximum asked.  The peak
 * is at delay / step either way. */
START_TEST(impulse_step_follows_the_band)
{
	const size_t d = 800;
	double *x = ts_alloc(N), *tip = ts_alloc(N), *ring = ts_alloc(N), *ir;
	const struct bp_transfer *tf;
	struct bp_port_rng rng;
	size_t m, peak, k;

	if (_i == 0) {
		bp_port_rng_seed(&rng, 3);
		ts_add_white(x, LEN, 0.1, &rng);
	} else {
		ts_add_sweep(x, LEN, RATE, 50.0, 2000.0, 0.5, 480);
	}
	ts_delay_by(tip, x, N, (double)d);
	ts_delay_by(ring, x, N, (double)d);
	tf = ts_transfer(RATE, N, 8, tip, ring, x);
	ck_assert_uint_eq(tf->ir_step, _i == 0 ? 2 : 8);
	m = bp_transfer_impulse_length(tf);
	ck_assert_uint_eq(m, N / tf->ir_step);
	ir = ts_alloc(m);
	bp_transfer_impulse(tf, tf->tip, ir);
	peak = 0;
	for (k = 1; k < m; k++)
		if (fabs(ir[k]) > fabs(ir[peak]))
			peak = k;
	ck_assert_uint_eq(peak, d / tf->ir_step);
}
END_TEST

/* A window reads interleaved audio in place (stride), from before the
 * recording's start (start < 0: zeros first, so the response arrives
 * later in the window) or from inside it (start > 0: earlier). */
START_TEST(windows_read_in_place)
{
	static const long starts[] = { -100, 0, 300 };
	const long start = starts[_i];
	const size_t d = 2000;
	double *x = sweep(100.0, 20000.0), *tip = ts_alloc(N), *pair = ts_alloc(2 * N);
	double *ir = ts_alloc(N);
	const struct bp_transfer *tf;
	const struct bp_signal_window wx = ts_window(x, N);
	const struct bp_signal_window wt = { .x = pair, .stride = 2, .len = N,
					     .start = start, .used = N };
	const struct bp_signal_window wr = { .x = pair + 1, .stride = 2, .len = N,
					     .start = start, .used = N };
	size_t k, peak_tip = 0, peak_ring = 0;

	ts_delay_by(tip, x, N, (double)d);
	for (k = 0; k < N; k++) {
		pair[2 * k] = tip[k];
		pair[2 * k + 1] = -0.5 * tip[k];
	}
	tf = ts_transfer_windows(RATE, N, 1, &wt, &wr, &wx);
	bp_transfer_impulse(tf, tf->tip, ir);
	for (k = 0; k < N; k++)
		if (fabs(ir[k]) > fabs(ir[peak_tip]))
			peak_tip = k;
	ck_assert(ir[peak_tip] > 0.0);
	bp_transfer_impulse(tf, tf->ring, ir);
	for (k = 0; k < N; k++)
		if (fabs(ir[k]) > fabs(ir[peak_ring]))
			peak_ring = k;
	ck_assert(ir[peak_ring] < 0.0);
	ck_assert_int_eq((long)peak_tip, (long)d - start);
	ck_assert_int_eq((long)peak_ring, (long)d - start);
}
END_TEST

Suite *deconv_suite(void)
{
	Suite *s = suite_create("deconv");
	TCase *tc = ts_tcase(s, "transfer", false);

	tcase_add_loop_test(tc, gain_and_delay_in_band, 0, 4);
	tcase_add_test(tc, noise_out_of_band_not_amplified);
	tcase_add_test(tc, impulse_peaks_at_the_delay);
	tcase_add_loop_test(tc, impulse_step_follows_the_band, 0, 2);
	tcase_add_loop_test(tc, windows_read_in_place, 0, 3);
	return s;
}
