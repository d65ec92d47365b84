/* scan: the one streaming pass over a recording.  What it gathers block by
 * block must be what the analysers give for the whole recording at once
 * (every frame, in order, tip and ring not swapped); the waveform it keeps
 * is the loudest stretch, sample for sample; too short a recording is
 * refused with nothing left allocated. */
#include "config.h"

#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "analyse/scan.h"
#include "util/errors.h"
#include "testsignal.h"

#define RATE 48000.0
#define FRAMES 60001            /* 1.25 s and one frame: not a whole block */
#define BURST_FROM 43200        /* 0.9 s .. 1.15 s: a louder tone on both legs */
#define BURST_TO 55200
#define WAVE_S 0.05

struct legs {
	double *tip, *ring;
};

/* White noise at -30 dBFS on the tip; the ring carries -0.5 x the tip and
 * noise of its own; a 1 kHz burst at -6 dBFS rides on both. */
static struct legs make_legs(size_t frames)
{
	struct legs l = { ts_alloc(frames), ts_alloc(frames) };
	struct bp_port_rng rng;
	size_t i;

	bp_port_rng_seed(&rng, 21);
	ts_add_white(l.tip, frames, ts_rms_of_dbfs(-30.0), &rng);
	for (i = 0; i < frames; i++)
		l.ring[i] = -0.5 * l.tip[i];
	ts_add_white(l.ring, frames, 1e-3, &rng);
	if (frames >= BURST_TO)
		for (i = BURST_FROM; i < BURST_TO; i++) {
			double s = ts_amp_of_dbfs(-6.0) * sin(2.0 * M_PI * 1000.0 * (double)i / RATE);

			l.tip[i] += s;
			l.ring[i] -= s;
		}
	return l;
}

static void release_recording(void *rec)
{
	bp_recording_close(rec);
}

static void release_scan(void *scan)
{
	bp_scan_free(scan);
	free(scan);
}

static void release_meter(void *m)
{
	bp_level_meter_free(m);
}

/* Scan the legs as a recording in memory into *@scan (both tracked; the
 * scan is all NULL when it failed). */
static int scan_legs(struct legs l, size_t frames, bool polarity, struct bp_scan **scan)
{
	struct bp_recording *rec;

	ck_assert_int_eq(bp_recording_from_memory(&rec, "test legs", RATE, l.tip, l.ring,
						  (long)frames), 0);
	ts_track(rec, release_recording);
	*scan = calloc(1, sizeof(**scan));
	ck_assert_ptr_nonnull(*scan);
	ts_track(*scan, release_scan);
	return bp_scan_recording(rec, 1.0, WAVE_S, polarity, *scan);
}

/* Relative difference of two non-negative arrays, at worst. */
static double worst_rel(const double *a, const double *b, size_t n)
{
	double worst = 0.0;
	size_t k;

	for (k = 0; k < n; k++)
		worst = fmax(worst, fabs(a[k] - b[k]) / fmax(fabs(b[k]), 1e-300));
	return worst;
}

/* The Welch spectra of the pass are those of the whole recording pushed
 * at once, tip for tip and ring for ring. */
START_TEST(spectra_of_the_whole_recording)
{
	struct legs l = make_legs(FRAMES);
	struct bp_scan *scan;
	const struct bp_spectra *got, *want;
	size_t k;

	ck_assert_int_eq(scan_legs(l, FRAMES, false, &scan), 0);
	ck_assert_int_eq(scan->frames, FRAMES);
	ck_assert_double_eq(scan->rate_hz, RATE);
	got = bp_welch_spectra(scan->welch);
	want = bp_welch_spectra(ts_welch(l.tip, l.ring, FRAMES, RATE));
	ck_assert_int_eq(got->segments, want->segments);
	ck_assert_uint_eq(got->nbins, want->nbins);
	ck_assert(worst_rel(got->tt, want->tt, got->nbins) < 1e-9);
	ck_assert(worst_rel(got->rr, want->rr, got->nbins) < 1e-9);
	for (k = 0; k < got->nbins; k++)
		ck_assert(cabs(got->tr[k] - want->tr[k]) <= 1e-9 * cabs(want->tr[k]) + 1e-300);
	/* Not swapped: the ring is about 6 dB under the tip. */
	ck_assert(got->rr[100] < 0.5 * got->tt[100]);
}
END_TEST

/* The level meter of the pass reads what one fed the whole recording
 * reads, on the tip, the ring and tip - ring. */
START_TEST(levels_of_the_whole_recording)
{
	struct legs l = make_legs(FRAMES);
	struct bp_level_meter *m;
	struct bp_scan *scan;
	int which;

	ck_assert_int_eq(scan_legs(l, FRAMES, false, &scan), 0);
	ck_assert_int_eq(bp_level_meter_new(&m, RATE), 0);
	ts_track(m, release_meter);
	bp_level_meter_push(m, l.tip, l.ring, FRAMES);
	for (which = 0; which < BP_LEVEL_SIGNALS; which++) {
		struct bp_level_reading got, want;

		bp_level_meter_read(scan->meter, which, &got);
		bp_level_meter_read(m, which, &want);
		ck_assert_double_eq_tol(got.whole_dbfs, want.whole_dbfs, 1e-9);
		ck_assert_double_eq_tol(got.gated_dbfs, want.gated_dbfs, 1e-9);
		ck_assert_double_eq_tol(got.peak_dbfs, want.peak_dbfs, 1e-9);
	}
}
END_TEST

/* The waveform kept is WAVE_S seconds inside the burst, the loudest part,
 * and its samples are the recording's from its start time. */
START_TEST(wave_is_the_loudest_stretch)
{
	struct legs l = make_legs(FRAMES);
	struct bp_scan *scan;
	long start, step;
	int i;

	ck_assert_int_eq(scan_legs(l, FRAMES, false, &scan), 0);
	ck_assert_int_gt(scan->wave.n, 0);
	start = lround(scan->wave.start_s * RATE);
	step = lround(scan->wave.step_ms * RATE / 1000.0);
	ck_assert_msg(start >= BURST_FROM && start + lround(WAVE_S * RATE) <= BURST_TO,
		      "wave from frame %ld, the burst is %d..%d", start, BURST_FROM, BURST_TO);
	ck_assert_int_ge((long)scan->wave.n * step, lround(WAVE_S * RATE));
	for (i = 0; i < scan->wave.n; i++) {
		ck_assert(scan->wave.tip[i] == l.tip[start + i * step]);
		ck_assert(scan->wave.ring[i] == l.ring[start + i * step]);
	}
}
END_TEST

/* The polarity meter costs a sixth of the pass: only when asked for. */
START_TEST(polarity_only_when_asked)
{
	struct legs l = make_legs(FRAMES);
	struct bp_scan *without, *with;

	ck_assert_int_eq(scan_legs(l, FRAMES, false, &without), 0);
	ck_assert_ptr_null(without->polarity);
	ck_assert_int_eq(scan_legs(l, FRAMES, true, &with), 0);
	ck_assert_ptr_nonnull(with->polarity);
}
END_TEST

/* Under BP_SCAN_MIN_S: BP_E_FILE_SHORT with a sentence, nothing kept. */
START_TEST(short_recording_refused)
{
	const size_t frames = (size_t)(BP_SCAN_MIN_S * RATE) - 1;
	struct legs l = make_legs(frames);
	struct bp_scan *scan;

	bp_error_clear();
	ck_assert_int_eq(scan_legs(l, frames, true, &scan), BP_E_FILE_SHORT);
	ck_assert_ptr_nonnull(bp_error_detail());
	ck_assert_ptr_nonnull(strstr(bp_error_detail(), "test legs"));
	ck_assert_ptr_null(scan->welch);
	ck_assert_ptr_null(scan->meter);
	ck_assert_ptr_null(scan->polarity);
	ck_assert_int_eq(scan_legs(make_legs(frames + 1), frames + 1, true, &scan), 0);
}
END_TEST

Suite *scan_suite(void)
{
	Suite *s = suite_create("scan");
	TCase *tc = ts_tcase(s, "scan", false);

	tcase_add_test(tc, spectra_of_the_whole_recording);
	tcase_add_test(tc, levels_of_the_whole_recording);
	tcase_add_test(tc, wave_is_the_loudest_stretch);
	tcase_add_test(tc, polarity_only_when_asked);
	tcase_add_test(tc, short_recording_refused);
	return s;
}
