/* balprobe tests: signals with a known answer, and the plumbing around them.
 *
 * Levels follow AES17, as the program does: a sine of peak amplitude A is
 * 20 log10(A) dBFS, a signal of RMS x is 20 log10(x) + 3.01 dBFS.  The
 * generators are deterministic (the port model's seeded xoshiro256**
 * generator, struct bp_port_rng), so a failing test fails the same way
 * every time.
 *
 * What a test allocates through these helpers (ts_alloc(), ts_copy(),
 * ts_welch(), ts_track()) is released after the test by ts_cleanup(), a
 * checked teardown that runs even when the test failed, so that a run
 * under valgrind with CK_FORK=no reports only the library's own leaks.
 * Allocation failures abort the test.
 */
#ifndef BALPROBE_TESTSIGNAL_H
#define BALPROBE_TESTSIGNAL_H

#include <complex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <check.h>

#include "device/port-model.h"
#include "analyse/deconv.h"
#include "analyse/welch.h"
#include "result/result.h"
#include "io/audio-file.h"
#include "probes/probe.h"

/* NAME_suite(), defined in tests/check_NAME.c, for each suite that
 * CHECK_SUITES in tests/unit.am lists (tests/suites.h is made from it). */
#define BP_SUITE(name) Suite *name##_suite(void);
#include "tests/suites.h"
#undef BP_SUITE

/* Peak amplitude of a sine at @dbfs, and the RMS of any signal at @dbfs. */
double ts_amp_of_dbfs(double dbfs);
double ts_rms_of_dbfs(double dbfs);

/* Release @p with @release once the test is over; returns @p. */
void *ts_track(void *p, void (*release)(void *));
/* Release everything tracked so far, newest first. */
void ts_cleanup(void);

/* A test case in @s with ts_cleanup() as its checked teardown (and, with
 * @with_dir, the private directory of ts_dir_setup()), and a timeout that
 * leaves room for sanitizers. */
TCase *ts_tcase(Suite *s, const char *name, bool with_dir);

/* @n zeroed doubles. */
double *ts_alloc(size_t n);
/* A copy of @x scaled by @gain. */
double *ts_copy(const double *x, size_t n, double gain);

/* Add A sin(2 pi hz t + phase) to @x. */
void ts_add_sine(double *x, size_t n, double rate_hz, double hz,
		 double amplitude, double phase_rad);
/* Add Gaussian white noise of standard deviation @rms. */
void ts_add_white(double *x, size_t n, double rms, struct bp_port_rng *r);
/* Add pink noise of RMS @rms: power density exactly 1/f from 20 Hz to
 * Nyquist (nothing below), shaped in the frequency domain. */
void ts_add_pink(double *x, size_t n, double rate_hz, double rms,
		 struct bp_port_rng *r);
/* dst += gain * src */
void ts_add_scaled(double *dst, const double *src, size_t n, double gain);

/* @out = @in delayed by @delay_samples (any real number, |d| < 64), by a
 * Kaiser-windowed sinc of 129 taps (beta 8): within 0.001 dB and 0.003
 * degrees of an ideal delay up to 0.92 x Nyquist.  Samples before the start
 * are taken as zero. */
void ts_delay(double *out, const double *in, size_t n, double delay_samples);

/* @out = @in delayed by @delay_samples, 0 <= delay < n: a whole-sample
 * shift and ts_delay() for the rest (|rest| <= 0.5). */
void ts_delay_by(double *out, const double *in, size_t n, double delay_samples);

/* Add an exponential sine sweep (Farina 2000) from @f1_hz to @f2_hz,
 * @len samples of peak @amplitude, with raised-cosine fades of @fade
 * samples at both ends, to @x[0..len). */
void ts_add_sweep(double *x, size_t len, double rate_hz, double f1_hz,
		  double f2_hz, double amplitude, size_t fade);

/* The transfers from @ref to @tip and @ring (each @n samples, read whole
 * from index 0) at circular length @n, by bp_transfer_measure() with
 * impulse responses every @max_ir_step samples at most (tracked). */
struct bp_transfer *ts_transfer(double rate_hz, size_t n, size_t max_ir_step,
				const double *tip, const double *ring,
				const double *ref);
/* The same from windows of any kind. */
struct bp_transfer *ts_transfer_windows(double rate_hz, size_t n, size_t max_ir_step,
					const struct bp_signal_window *tip,
					const struct bp_signal_window *ring,
					const struct bp_signal_window *ref);
/* The window that reads all @n samples of @x. */
struct bp_signal_window ts_window(const double *x, size_t n);

/* @y = @x through the response @h (a complex gain for a frequency in Hz,
 * given @ctx) applied bin by bin over the whole signal: exact at every
 * bin, circular.  @y may be @x. */
void ts_filter(double *y, const double *x, size_t n, double rate_hz,
	       double complex (*h)(double hz, const void *ctx), const void *ctx);

/* Add to @y what a capacitance between two conductors couples from @x
 * into a resistive load: a first-order high-pass with -3 dB at
 * @corner_hz, rising 6 dB an octave below it, flat at @gain above it (the
 * analogue response applied bin by bin over the whole signal, so exact
 * at every frequency up to Nyquist, for a corner anywhere; circular). */
void ts_add_pickup(double *y, const double *x, size_t n, double rate_hz,
		   double gain, double corner_hz);
/* The same with @gain 1. */
void ts_add_capacitive(double *y, const double *x, size_t n, double rate_hz,
		       double corner_hz);

double ts_rms(const double *x, size_t n);
void ts_scale_to_rms(double *x, size_t n, double rms);

/* Interleave two channels into @out (2n values). */
void ts_interleave(double *out, const double *a, const double *b, size_t n);

/* Welch spectra of a whole two-leg recording, pushed at once with the
 * program's own segment length for @rate_hz (tracked). */
struct bp_welch *ts_welch(const double *tip, const double *ring, size_t n,
			  double rate_hz);

/* A fresh private directory under $TMPDIR (or /tmp) in @buf. */
void ts_tmpdir(char *buf, size_t size);
/* Remove @dir and everything in it. */
void ts_tmpdir_remove(const char *dir);

/* A checked fixture: ts_dir_setup() makes a private directory ts_dir for
 * the test (and clears the error detail), ts_dir_teardown() removes it;
 * ts_path() names a file in it. */
extern char ts_dir[256];
void ts_dir_setup(void);
void ts_dir_teardown(void);
void ts_path(char *out, size_t size, const char *name);

/* Write @text to @path (a plain file, replaced). */
void ts_write_text(const char *path, const char *text);
/* Entries in @dir, "." and ".." not counted. */
int ts_dir_entries(const char *dir);

/* A canonical RIFF/WAVE file written byte by byte, for files libsndfile
 * would refuse to write: @bits 16 (PCM) or 32 (IEEE float, any value,
 * NaN included), any rate.  @frames of @channels interleaved samples. */
void ts_write_wav_raw(const char *path, int rate_hz, int channels, int bits,
		      const double *interleaved, long frames);

/* Write a two-channel file through the program's own writer; the test
 * fails if it cannot. */
void ts_write_pair(const char *path, double rate_hz, const double *tip,
		   const double *ring, size_t n, enum bp_wav_encoding enc);

/* Run probe @name over @path as `balprobe analyse` does (the default
 * stimulus level, no output calibration); returns what the probe's
 * analyse returns. */
int ts_run_probe(const char *name, const char *path, int tip, int ring,
		 int mains_hz, double input_fs_dbu, struct bp_result *r);

/* A live take on the simulated device @device (48 kHz, --quick, out1)
 * analysed by the out probe, as `balprobe -d DEVICE out1 --quick` does;
 * the test fails if either step does. */
void ts_run_sim(const char *device, double input_fs_dbu, struct bp_result *r);
/* The loop probe's live take on the sim @device at 48 kHz, analysed with
 * @profile (may be NULL) into @r. */
struct bp_profile;
void ts_run_loop(const char *device, const struct bp_profile *profile, struct bp_result *r);

/* Run probe @name live on sim @device (output 1, or outputs 1 and 2
 * driving an input; inputs 1 and 2; a quick take, 2 s when it only
 * records) with @opt, whose level, quick and drive outputs it sets. */
void ts_run_sim_probe(const char *name, const char *device, struct bp_probe_options *opt,
		      struct bp_result *r);

/* The path of fixtures/@name in the source tree ($top_srcdir). */
void ts_fixture_path(char *out, size_t size, const char *name);

#endif
