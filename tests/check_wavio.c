/* wavio: files in and out through libsndfile, and every way a file can be
 * bad.  Each test works in its own temporary directory. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>
#include <sndfile.h>

#include "util/errors.h"
#include "testsignal.h"
#include "io/audio-file.h"

/* Open @path and read it to its end in chunks of @chunk frames; returns
 * the first negative code met (open or read), or the frame count. */
static long read_all(const char *path, int tip, int ring, long chunk,
		     double **tip_out, double **ring_out)
{
	struct bp_recording *rec;
	double *t, *r;
	long total = 0, got, cap;
	int err = bp_recording_open(&rec, path, tip, ring);

	if (err)
		return err;
	cap = (long)bp_recording_info(rec)->frames + chunk;
	t = ts_alloc((size_t)cap);
	r = ts_alloc((size_t)cap);
	while ((got = bp_recording_read(rec, t + total, r + total,
					total + chunk <= cap ? chunk : cap - total)) > 0)
		total += got;
	bp_recording_close(rec);
	if (tip_out)
		*tip_out = t;
	if (ring_out)
		*ring_out = r;
	return got < 0 ? got : total;
}

struct encoding_case {
	enum bp_wav_encoding enc;
	const char *ext;
	double lsb;        /* the format's step at full scale */
};

static const struct encoding_case encodings[] = {
	{ BP_WAV_PCM16, "wav", 1.0 / 32768.0 },
	{ BP_WAV_PCM24, "wav", 1.0 / 8388608.0 },
	{ BP_WAV_PCM32, "wav", 1.0 / 2147483648.0 },
	{ BP_WAV_FLOAT, "wav", 1.0 / 16777216.0 },
	{ BP_FLAC_PCM16, "flac", 1.0 / 32768.0 },
	{ BP_FLAC_PCM24, "flac", 1.0 / 8388608.0 },
};
static const double rates[] = { 44100.0, 48000.0, 96000.0 };
#define N_RATES (sizeof(rates) / sizeof(rates[0]))

START_TEST(round_trip)
{
	const struct encoding_case *c = &encodings[_i / N_RATES];
	const double rate = rates[_i % N_RATES];
	const size_t n = (size_t)(rate / 4) + 17;
	double *tip = ts_alloc(n), *ring = ts_alloc(n), *t2, *r2;
	const struct bp_recording_info *info;
	struct bp_recording *rec;
	struct bp_port_rng rng;
	char path[512], name[32];
	long got;
	size_t i;

	bp_port_rng_seed(&rng, _i);
	ts_add_sine(tip, n, rate, 997.0, 0.7, 0.0);
	ts_add_white(tip, n, 0.05, &rng);
	ts_add_sine(ring, n, rate, 3000.0, -0.4, 1.0);
	ts_add_white(ring, n, 0.05, &rng);
	snprintf(name, sizeof(name), "rt.%s", c->ext);
	ts_path(path, sizeof(path), name);
	ts_write_pair(path, rate, tip, ring, n, c->enc);

	ck_assert_int_eq(bp_recording_open(&rec, path, 1, 2), 0);
	info = bp_recording_info(rec);
	ck_assert_double_eq(info->rate_hz, rate);
	ck_assert_int_eq(info->channels, 2);
	ck_assert_int_eq(info->frames, (long long)n);
	ck_assert_int_eq(info->tip, 1);
	ck_assert_int_eq(info->ring, 2);
	ck_assert_uint_gt(strlen(info->format), 0);
	bp_recording_close(rec);

	/* An odd chunk size, so reads straddle libsndfile's own blocks. */
	got = read_all(path, 1, 2, 777, &t2, &r2);
	ck_assert_int_eq(got, (long)n);
	/* Rounding is half a step; libsndfile writes with 2^(b-1) - 1 and
	 * reads with 2^(b-1), a further step at most at full scale. */
	for (i = 0; i < n; i++) {
		ck_assert_double_eq_tol(t2[i], tip[i], 2.0 * c->lsb);
		ck_assert_double_eq_tol(r2[i], ring[i], 2.0 * c->lsb);
	}
}
END_TEST

START_TEST(read_after_end_returns_zero)
{
	const size_t n = 10000;
	double *tip = ts_alloc(n), *ring = ts_alloc(n), buf_t[4096], buf_r[4096];
	struct bp_recording *rec;
	char path[512];
	long got, total = 0;

	ts_add_sine(tip, n, 48000.0, 440.0, 0.5, 0.0);
	ts_path(path, sizeof(path), "end.wav");
	ts_write_pair(path, 48000.0, tip, ring, n, BP_WAV_PCM24);
	ck_assert_int_eq(bp_recording_open(&rec, path, 1, 2), 0);
	while ((got = bp_recording_read(rec, buf_t, buf_r, 4096)) > 0)
		total += got;
	ck_assert_int_eq(got, 0);
	ck_assert_int_eq(total, (long)n);
	ck_assert_int_eq(bp_recording_read(rec, buf_t, buf_r, 4096), 0);
	bp_recording_close(rec);
	bp_recording_close(NULL);
}
END_TEST

START_TEST(picks_tip_and_ring_channels)
{
	const int channels = 4;
	const size_t n = 2000;
	double *il = ts_alloc(n * channels), *t, *r;
	char path[512];
	size_t i;
	int c;

	/* Channel c carries a level of its own: 0.1, 0.2, 0.3, 0.4. */
	for (i = 0; i < n; i++)
		for (c = 0; c < channels; c++)
			il[i * channels + c] = 0.1 * (c + 1);
	ts_path(path, sizeof(path), "four.wav");
	ck_assert_int_eq(bp_wav_write(path, 48000.0, channels, il, (long)n,
				      BP_WAV_PCM24, NULL), 0);
	/* --tip 3 --ring 1: 1-based, in either order. */
	ck_assert_int_eq(read_all(path, 3, 1, 999, &t, &r), (long)n);
	for (i = 0; i < n; i++) {
		ck_assert_double_eq_tol(t[i], 0.3, 1e-6);
		ck_assert_double_eq_tol(r[i], 0.1, 1e-6);
	}
	ck_assert_int_eq(read_all(path, 4, 2, 999, &t, &r), (long)n);
	ck_assert_double_eq_tol(t[n - 1], 0.4, 1e-6);
	ck_assert_double_eq_tol(r[n - 1], 0.2, 1e-6);
	ck_assert_int_eq(read_all(path, 5, 1, 999, NULL, NULL), BP_E_FILE_CHANNEL);
}
END_TEST

START_TEST(comment_is_stored)
{
	double il[200] = { 0 };
	char path[512];
	SF_INFO info = { 0 };
	SNDFILE *f;
	const char *comment;

	ts_path(path, sizeof(path), "c.wav");
	ck_assert_int_eq(bp_wav_write(path, 48000.0, 2, il, 100, BP_WAV_PCM16,
				      "balprobe stimulus out -20 dBFS"), 0);
	f = sf_open(path, SFM_READ, &info);
	ck_assert_ptr_nonnull(f);
	comment = sf_get_string(f, SF_STR_COMMENT);
	ck_assert_ptr_nonnull(comment);
	ck_assert_str_eq(comment, "balprobe stimulus out -20 dBFS");
	sf_close(f);
}
END_TEST

START_TEST(beyond_full_scale_clips_not_wraps)
{
	double il[8] = { 1.5, -1.5, 1.0, -1.0, 0.5, -0.5, 2.0, -3.0 };
	double *t, *r;
	char path[512];

	ts_path(path, sizeof(path), "clip.wav");
	ck_assert_int_eq(bp_wav_write(path, 48000.0, 2, il, 4, BP_WAV_PCM16, NULL), 0);
	ck_assert_int_eq(read_all(path, 1, 2, 4, &t, &r), 4);
	ck_assert_double_eq_tol(t[0], 1.0, 2.0 / 32768);
	ck_assert_double_eq_tol(r[0], -1.0, 2.0 / 32768);
	ck_assert_double_eq_tol(t[3], 1.0, 2.0 / 32768);
	ck_assert_double_eq_tol(r[3], -1.0, 2.0 / 32768);
}
END_TEST

/* --- bad files ------------------------------------------------------ */

START_TEST(missing_file)
{
	char path[512];
	struct bp_recording *rec = (struct bp_recording *)&rec;

	ts_path(path, sizeof(path), "no-such.wav");
	ck_assert_int_eq(bp_recording_open(&rec, path, 1, 2), BP_E_FILE_OPEN);
	ck_assert_ptr_null(rec);
	ck_assert_ptr_nonnull(bp_error_detail());
	ck_assert_ptr_nonnull(strstr(bp_error_detail(), "no-such.wav"));
}
END_TEST

START_TEST(not_audio)
{
	char path[512], text[8192] = "";
	int i;

	for (i = 0; i < 100; i++)
		strcat(text, "this is a text file, not audio\n");
	ts_path(path, sizeof(path), "notes.wav");
	ts_write_text(path, text);
	ck_assert_int_eq(read_all(path, 1, 2, 100, NULL, NULL), BP_E_FILE_FORMAT);
	ck_assert_ptr_nonnull(strstr(bp_error_detail(), "notes.wav"));
}
END_TEST

START_TEST(mono_file_has_no_ring)
{
	double x[1000] = { 0 };
	char path[512];

	ts_path(path, sizeof(path), "mono.wav");
	ck_assert_int_eq(bp_wav_write(path, 48000.0, 1, x, 1000, BP_WAV_PCM16, NULL), 0);
	ck_assert_int_eq(read_all(path, 1, 2, 100, NULL, NULL), BP_E_FILE_CHANNEL);
	ck_assert_ptr_nonnull(strstr(bp_error_detail(), "--ring"));
	ck_assert_int_eq(read_all(path, 1, 1, 100, NULL, NULL), 1000);
	ck_assert_int_eq(read_all(path, 0, 1, 100, NULL, NULL), BP_E_FILE_CHANNEL);
	ck_assert_int_eq(read_all(path, -1, 1, 100, NULL, NULL), BP_E_FILE_CHANNEL);
}
END_TEST

START_TEST(header_only_file_is_empty)
{
	char path[512];

	ts_path(path, sizeof(path), "empty.wav");
	ts_write_wav_raw(path, 48000, 2, 16, NULL, 0);
	ck_assert_int_eq(read_all(path, 1, 2, 100, NULL, NULL), BP_E_FILE_EMPTY);
}
END_TEST

START_TEST(zero_byte_file)
{
	char path[512];
	long err;

	ts_path(path, sizeof(path), "zero.wav");
	ts_write_text(path, "");
	err = read_all(path, 1, 2, 100, NULL, NULL);
	ck_assert_msg(err == BP_E_FILE_EMPTY || err == BP_E_FILE_FORMAT,
		      "a zero-byte file gave %ld", err);
}
END_TEST

struct nonfinite_case {
	int channel;       /* 0-based channel that carries it */
	long frame;
	double value;
};

static const struct nonfinite_case nonfinite[] = {
	{ 0, 1000, NAN },
	{ 1, 1000, INFINITY },
	{ 0, 70000, -INFINITY },   /* beyond the first read chunk */
	{ 1, 0, NAN },             /* the very first sample */
	{ 0, 99999, NAN },         /* the very last */
};

static void nonfinite_samples_case(int which)
{
	const struct nonfinite_case *c = &nonfinite[which];
	const long frames = 100000;
	double *il = ts_alloc(2 * (size_t)frames);
	char path[512], frame_no[32];
	long err;

	ts_add_sine(il, 2 * (size_t)frames, 96000.0, 1000.0, 0.5, 0.0);
	il[2 * c->frame + c->channel] = c->value;
	ts_path(path, sizeof(path), "nan.wav");
	ts_write_wav_raw(path, 48000, 2, 32, il, frames);
	err = read_all(path, 1, 2, 4096, NULL, NULL);
	ck_assert_int_eq(err, BP_E_FILE_NONFINITE);
	/* The sentence names the sample (1-based). */
	snprintf(frame_no, sizeof(frame_no), "%ld", c->frame + 1);
	ck_assert_ptr_nonnull(bp_error_detail());
	ck_assert_msg(strstr(bp_error_detail(), frame_no) != NULL,
		      "'%s' does not name sample %s", bp_error_detail(), frame_no);
}

START_TEST(nonfinite_samples)
{
	int i;

	/* Every case; the message names the one that fails. */
	for (i = 0; i < (int)(sizeof(nonfinite) / sizeof(nonfinite[0])); i++)
		nonfinite_samples_case(i);
}
END_TEST

static void truncate_to(const char *path, off_t size)
{
	ck_assert_int_eq(truncate(path, size), 0);
}

static off_t file_size(const char *path)
{
	struct stat st;

	ck_assert_int_eq(stat(path, &st), 0);
	return st.st_size;
}

/* Cut the last @cut bytes off a 48000-frame 16-bit stereo file. */
static const off_t wav_cuts[] = { 40000, 3, 4 * 47999 };

static void truncated_wav_case(int which)
{
	const size_t n = 48000;
	double *tip = ts_alloc(n), *ring = ts_alloc(n);
	char path[512];
	long err;

	ts_add_sine(tip, n, 48000.0, 440.0, 0.5, 0.0);
	ts_add_sine(ring, n, 48000.0, 440.0, -0.5, 0.0);
	ts_path(path, sizeof(path), "cut.wav");
	ts_write_pair(path, 48000.0, tip, ring, n, BP_WAV_PCM16);
	truncate_to(path, file_size(path) - wav_cuts[which]);
	err = read_all(path, 1, 2, 1000, NULL, NULL);
	ck_assert_msg(err == BP_E_FILE_TRUNCATED,
		      "a WAV cut by %ld bytes read as %ld (want BP_E_FILE_TRUNCATED %d)",
		      (long)wav_cuts[which], err, BP_E_FILE_TRUNCATED);
}

START_TEST(truncated_wav)
{
	int i;

	/* Every case; the message names the one that fails. */
	for (i = 0; i < (int)(sizeof(wav_cuts) / sizeof(wav_cuts[0])); i++)
		truncated_wav_case(i);
}
END_TEST

START_TEST(truncated_flac)
{
	const size_t n = 96000;
	double *tip = ts_alloc(n), *ring = ts_alloc(n);
	struct bp_port_rng rng;
	char path[512];
	long err;

	/* Noise, so the FLAC frames are large and the cut lands mid-stream. */
	bp_port_rng_seed(&rng, 7);
	ts_add_white(tip, n, 0.2, &rng);
	ts_add_white(ring, n, 0.2, &rng);
	ts_path(path, sizeof(path), "cut.flac");
	ts_write_pair(path, 48000.0, tip, ring, n, BP_FLAC_PCM24);
	truncate_to(path, file_size(path) / 2);
	err = read_all(path, 1, 2, 1000, NULL, NULL);
	ck_assert_msg(err == BP_E_FILE_TRUNCATED || err == BP_E_FILE_READ,
		      "a FLAC cut in half read as %ld", err);
}
END_TEST

struct rate_case {
	int rate;
	int want;
};

static const struct rate_case rate_cases[] = {
	{ 4000, BP_E_FILE_RATE },
	{ 7999, BP_E_FILE_RATE },
	{ 8000, 0 },
	{ 384000, 0 },
	{ 384001, BP_E_FILE_RATE },
	{ 768000, BP_E_FILE_RATE },
};

static void sample_rate_range_case(int which)
{
	const struct rate_case *c = &rate_cases[which];
	double il[2000] = { 0 };
	struct bp_recording *rec;
	char path[512];
	int err;

	ts_path(path, sizeof(path), "rate.wav");
	ts_write_wav_raw(path, c->rate, 2, 16, il, 1000);
	err = bp_recording_open(&rec, path, 1, 2);
	ck_assert_msg(err == c->want, "%d Hz: got %d, want %d", c->rate, err, c->want);
	if (!err) {
		ck_assert_double_eq(bp_recording_info(rec)->rate_hz, c->rate);
		bp_recording_close(rec);
	}
}

START_TEST(sample_rate_range)
{
	int i;

	/* Every case; the message names the one that fails. */
	for (i = 0; i < (int)(sizeof(rate_cases) / sizeof(rate_cases[0])); i++)
		sample_rate_range_case(i);
}
END_TEST

/* --- atomic write --------------------------------------------------- */

START_TEST(write_replaces_existing_file_whole)
{
	double il[2000] = { 0 };
	char path[512];
	struct stat st;

	ts_path(path, sizeof(path), "out.wav");
	ts_write_text(path, "old contents");
	ck_assert_int_eq(bp_wav_write(path, 48000.0, 2, il, 1000, BP_WAV_PCM24, NULL), 0);
	ck_assert_int_eq(ts_dir_entries(ts_dir), 1);
	ck_assert_int_eq(read_all(path, 1, 2, 100, NULL, NULL), 1000);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0644);
}
END_TEST

START_TEST(failed_rename_leaves_nothing)
{
	double il[2000] = { 0 };
	char path[512], inner[600];

	/* The target is a non-empty directory: every step but the rename
	 * succeeds, so the temporary file exists and must be removed. */
	ts_path(path, sizeof(path), "out.wav");
	ck_assert_int_eq(mkdir(path, 0755), 0);
	snprintf(inner, sizeof(inner), "%s/keep", path);
	ts_write_text(inner, "keep");
	ck_assert_int_eq(bp_wav_write(path, 48000.0, 2, il, 1000, BP_WAV_PCM16, NULL),
			 BP_E_FILE_WRITE);
	ck_assert_ptr_nonnull(bp_error_detail());
	ck_assert_int_eq(ts_dir_entries(ts_dir), 1);
	ck_assert_int_eq(ts_dir_entries(path), 1);
}
END_TEST

START_TEST(refused_format_leaves_nothing)
{
	double *il = ts_alloc(9 * 100);
	char path[512];

	/* FLAC carries at most 8 channels: libsndfile refuses after the
	 * temporary file was made. */
	ts_path(path, sizeof(path), "nine.flac");
	ck_assert_int_eq(bp_wav_write(path, 48000.0, 9, il, 100, BP_FLAC_PCM16, NULL),
			 BP_E_FILE_WRITE);
	ck_assert_int_eq(ts_dir_entries(ts_dir), 0);
}
END_TEST

START_TEST(unwritable_directory)
{
	double il[200] = { 0 };
	char sub[512], path[600];

	ts_path(sub, sizeof(sub), "missing");
	snprintf(path, sizeof(path), "%s/out.wav", sub);
	ck_assert_int_eq(bp_wav_write(path, 48000.0, 2, il, 100, BP_WAV_PCM16, NULL),
			 BP_E_FILE_WRITE);
	ck_assert_ptr_nonnull(strstr(bp_error_detail(), "out.wav"));
	ck_assert_int_eq(ts_dir_entries(ts_dir), 0);

	/* A read-only directory stops everyone but root. */
	if (geteuid() != 0) {
		ts_path(sub, sizeof(sub), "ro");
		ck_assert_int_eq(mkdir(sub, 0555), 0);
		snprintf(path, sizeof(path), "%s/out.wav", sub);
		ck_assert_int_eq(bp_wav_write(path, 48000.0, 2, il, 100,
					      BP_WAV_PCM16, NULL), BP_E_FILE_WRITE);
		ck_assert_int_eq(ts_dir_entries(sub), 0);
		chmod(sub, 0755);
	}
}
END_TEST

Suite *wavio_suite(void)
{
	Suite *s = suite_create("wavio");
	TCase *tc = ts_tcase(s, "round-trip", true);

	tcase_add_loop_test(tc, round_trip, 0,
			    (int)(sizeof(encodings) / sizeof(encodings[0]) * N_RATES));
	tcase_add_test(tc, read_after_end_returns_zero);
	tcase_add_test(tc, picks_tip_and_ring_channels);
	tcase_add_test(tc, comment_is_stored);
	tcase_add_test(tc, beyond_full_scale_clips_not_wraps);

	tc = ts_tcase(s, "bad-files", true);
	tcase_add_test(tc, missing_file);
	tcase_add_test(tc, not_audio);
	tcase_add_test(tc, mono_file_has_no_ring);
	tcase_add_test(tc, header_only_file_is_empty);
	tcase_add_test(tc, zero_byte_file);
	tcase_add_test(tc, nonfinite_samples);
	tcase_add_test(tc, truncated_wav);
	tcase_add_test(tc, truncated_flac);
	tcase_add_test(tc, sample_rate_range);

	tc = ts_tcase(s, "atomic-write", true);
	tcase_add_test(tc, write_replaces_existing_file_whole);
	tcase_add_test(tc, failed_rename_leaves_nothing);
	tcase_add_test(tc, refused_format_leaves_nothing);
	tcase_add_test(tc, unwritable_directory);
	return s;
}
