#include "config.h"

#include <complex.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <fftw3.h>

#include "engine/engine.h"
#include "util/errors.h"
#include "probes/probe.h"
#include "testsignal.h"

double ts_amp_of_dbfs(double dbfs)
{
	return pow(10.0, dbfs / 20.0);
}

double ts_rms_of_dbfs(double dbfs)
{
	return pow(10.0, dbfs / 20.0) / sqrt(2.0);
}

struct tracked {
	void *p;
	void (*release)(void *);
};

static struct tracked *tracked;
static size_t n_tracked, cap_tracked;

void *ts_track(void *p, void (*release)(void *))
{
	if (n_tracked == cap_tracked) {
		size_t cap = cap_tracked ? 2 * cap_tracked : 64;
		struct tracked *t = realloc(tracked, cap * sizeof(*t));

		if (!t) {
			release(p);
			ck_abort_msg("out of memory");
		}
		tracked = t;
		cap_tracked = cap;
	}
	tracked[n_tracked++] = (struct tracked){ p, release };
	return p;
}

void ts_cleanup(void)
{
	while (n_tracked > 0) {
		n_tracked--;
		tracked[n_tracked].release(tracked[n_tracked].p);
	}
	free(tracked);
	tracked = NULL;
	cap_tracked = 0;
}

TCase *ts_tcase(Suite *s, const char *name, bool with_dir)
{
	TCase *tc = tcase_create(name);

	/* Fixtures run in order, teardowns in reverse: the directory goes
	 * after the files in it are closed. */
	if (with_dir)
		tcase_add_checked_fixture(tc, ts_dir_setup, ts_dir_teardown);
	tcase_add_checked_fixture(tc, NULL, ts_cleanup);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return tc;
}

double *ts_alloc(size_t n)
{
	double *x = calloc(n ? n : 1, sizeof(double));

	ck_assert_ptr_nonnull(x);
	return ts_track(x, free);
}

double *ts_copy(const double *x, size_t n, double gain)
{
	double *y = ts_alloc(n);
	size_t i;

	for (i = 0; i < n; i++)
		y[i] = gain * x[i];
	return y;
}

void ts_add_sine(double *x, size_t n, double rate_hz, double hz,
		 double amplitude, double phase_rad)
{
	size_t i;

	for (i = 0; i < n; i++)
		x[i] += amplitude * sin(2.0 * M_PI * hz * (double)i / rate_hz +
					phase_rad);
}

void ts_add_white(double *x, size_t n, double rms, struct bp_port_rng *r)
{
	size_t i;

	for (i = 0; i < n; i++)
		x[i] += rms * bp_port_rng_gauss(r);
}

void ts_add_pink(double *x, size_t n, double rate_hz, double rms,
		 struct bp_port_rng *r)
{
	size_t nb = n / 2 + 1, k;
	size_t k_lo = (size_t)ceil(20.0 * (double)n / rate_hz);
	double *buf = fftw_alloc_real(n);
	fftw_complex *spec = fftw_alloc_complex(nb);
	fftw_plan fwd, inv;

	ck_assert_ptr_nonnull(buf);
	ck_assert_ptr_nonnull(spec);
	fwd = fftw_plan_dft_r2c_1d((int)n, buf, spec, FFTW_ESTIMATE);
	inv = fftw_plan_dft_c2r_1d((int)n, spec, buf, FFTW_ESTIMATE);
	for (k = 0; k < n; k++)
		buf[k] = bp_port_rng_gauss(r);
	fftw_execute(fwd);
	/* Amplitude 1/sqrt(f): power density 1/f, -3 dB per octave. */
	for (k = 0; k < nb; k++) {
		double g = k < k_lo ? 0.0 : 1.0 / sqrt((double)k);

		spec[k] *= g;   /* fftw_complex is C99 complex here */
	}
	fftw_execute(inv);
	ts_scale_to_rms(buf, n, rms);
	ts_add_scaled(x, buf, n, 1.0);
	fftw_destroy_plan(fwd);
	fftw_destroy_plan(inv);
	fftw_free(buf);
	fftw_free(spec);
}

void ts_add_scaled(double *dst, const double *src, size_t n, double gain)
{
	size_t i;

	for (i = 0; i < n; i++)
		dst[i] += gain * src[i];
}

/* Modified Bessel function of the first kind, order 0 (power series). */
static double bessel_i0(double x)
{
	double sum = 1.0, term = 1.0, q = x * x / 4.0;
	int k;

	for (k = 1; k < 200 && term > 1e-17 * sum; k++) {
		term *= q / ((double)k * k);
		sum += term;
	}
	return sum;
}

#define DELAY_HALF 64
#define DELAY_BETA 8.0

void ts_add_capacitive(double *y, const double *x, size_t n, double rate_hz,
		       double corner_hz)
{
	ts_add_pickup(y, x, n, rate_hz, 1.0, corner_hz);
}

void ts_filter(double *y, const double *x, size_t n, double rate_hz,
	       double complex (*h)(double hz, const void *ctx), const void *ctx)
{
	const size_t nb = n / 2 + 1;
	double *buf = fftw_alloc_real(n);
	fftw_complex *spec = fftw_alloc_complex(nb);
	fftw_plan fwd, inv;
	size_t k;

	ck_assert_ptr_nonnull(buf);
	ck_assert_ptr_nonnull(spec);
	fwd = fftw_plan_dft_r2c_1d((int)n, buf, spec, FFTW_ESTIMATE);
	inv = fftw_plan_dft_c2r_1d((int)n, spec, buf, FFTW_ESTIMATE);
	memcpy(buf, x, n * sizeof(double));
	fftw_execute(fwd);
	for (k = 0; k < nb; k++)
		spec[k] *= h((double)k * rate_hz / (double)n, ctx) / (double)n;
	fftw_execute(inv);
	memcpy(y, buf, n * sizeof(double));
	fftw_destroy_plan(fwd);
	fftw_destroy_plan(inv);
	fftw_free(buf);
	fftw_free(spec);
}

struct pickup {
	double gain, corner_hz;
};

/* A first-order high-pass: gain jf / (1 + jf), f in corners. */
static double complex pickup_response(double hz, const void *ctx)
{
	const struct pickup *p = ctx;
	const double complex jf = I * hz / p->corner_hz;

	return p->gain * jf / (1.0 + jf);
}

void ts_add_pickup(double *y, const double *x, size_t n, double rate_hz,
		   double gain, double corner_hz)
{
	const struct pickup p = { gain, corner_hz };
	double *coupled = ts_alloc(n);

	ts_filter(coupled, x, n, rate_hz, pickup_response, &p);
	ts_add_scaled(y, coupled, n, 1.0);
}

void ts_delay(double *out, const double *in, size_t n, double delay_samples)
{
	const long centre = lround(delay_samples);
	const double frac = delay_samples - (double)centre;
	double h[2 * DELAY_HALF + 1], norm = bessel_i0(DELAY_BETA), sum = 0.0;
	long j;
	size_t i;

	ck_assert(fabs(delay_samples) < 64.0);
	/* h[j] weights in[i - centre - (j - DELAY_HALF)]: sinc(t - frac). */
	for (j = 0; j <= 2 * DELAY_HALF; j++) {
		double t = (double)(j - DELAY_HALF) - frac;
		double u = t / (DELAY_HALF + 1.0);
		double s = fabs(t) < 1e-12 ? 1.0 : sin(M_PI * t) / (M_PI * t);

		h[j] = s * bessel_i0(DELAY_BETA * sqrt(fmax(0.0, 1.0 - u * u))) / norm;
		sum += h[j];
	}
	/* Unity gain at DC. */
	for (j = 0; j <= 2 * DELAY_HALF; j++)
		h[j] /= sum;
	for (i = 0; i < n; i++) {
		double acc = 0.0;

		for (j = 0; j <= 2 * DELAY_HALF; j++) {
			long src = (long)i - centre - (j - DELAY_HALF);

			if (src >= 0 && src < (long)n)
				acc += h[j] * in[src];
		}
		out[i] = acc;
	}
}

void ts_delay_by(double *out, const double *in, size_t n, double delay_samples)
{
	const long whole = lround(delay_samples);
	double *frac = ts_alloc(n);
	size_t i;

	ck_assert(delay_samples >= 0.0 && delay_samples < (double)n);
	ts_delay(frac, in, n, delay_samples - (double)whole);
	for (i = 0; i < n; i++)
		out[i] = (long)i >= whole ? frac[i - (size_t)whole] : 0.0;
}

void ts_add_sweep(double *x, size_t len, double rate_hz, double f1_hz,
		  double f2_hz, double amplitude, size_t fade)
{
	const double t_s = (double)len / rate_hz, k = log(f2_hz / f1_hz);
	size_t i;

	for (i = 0; i < len; i++) {
		double t = (double)i / rate_hz, g = 1.0;
		size_t edge = i < len - 1 - i ? i : len - 1 - i;

		if (edge < fade)
			g = 0.5 - 0.5 * cos(M_PI * (double)edge / (double)fade);
		x[i] += g * amplitude *
			sin(2.0 * M_PI * f1_hz * t_s / k * (exp(t / t_s * k) - 1.0));
	}
}

struct bp_signal_window ts_window(const double *x, size_t n)
{
	return (struct bp_signal_window){ .x = x, .stride = 1, .len = (long)n,
					  .start = 0, .used = n };
}

static void release_transfer(void *p)
{
	bp_transfer_free(p);
	free(p);
}

struct bp_transfer *ts_transfer_windows(double rate_hz, size_t n, size_t max_ir_step,
					const struct bp_signal_window *tip,
					const struct bp_signal_window *ring,
					const struct bp_signal_window *ref)
{
	struct bp_transfer *tf = calloc(1, sizeof(*tf));

	ck_assert_ptr_nonnull(tf);
	ts_track(tf, release_transfer);
	ck_assert_int_eq(bp_transfer_measure(tf, rate_hz, n, max_ir_step, tip, ring, ref), 0);
	return tf;
}

struct bp_transfer *ts_transfer(double rate_hz, size_t n, size_t max_ir_step,
				const double *tip, const double *ring,
				const double *ref)
{
	const struct bp_signal_window wt = ts_window(tip, n), wr = ts_window(ring, n);
	const struct bp_signal_window wx = ts_window(ref, n);

	return ts_transfer_windows(rate_hz, n, max_ir_step, &wt, &wr, &wx);
}

double ts_rms(const double *x, size_t n)
{
	double s = 0.0;
	size_t i;

	for (i = 0; i < n; i++)
		s += x[i] * x[i];
	return n ? sqrt(s / (double)n) : 0.0;
}

void ts_scale_to_rms(double *x, size_t n, double rms)
{
	double now = ts_rms(x, n), g;
	size_t i;

	ck_assert(now > 0.0);
	g = rms / now;
	for (i = 0; i < n; i++)
		x[i] *= g;
}

void ts_interleave(double *out, const double *a, const double *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = a[i];
		out[2 * i + 1] = b[i];
	}
}

static void release_welch(void *w)
{
	bp_welch_free(w);
}

struct bp_welch *ts_welch(const double *tip, const double *ring, size_t n,
			  double rate_hz)
{
	struct bp_welch *w;

	ck_assert_int_eq(bp_welch_new(&w, rate_hz,
				      bp_welch_nfft_for_rate(rate_hz)), 0);
	ts_track(w, release_welch);
	bp_welch_push(w, tip, ring, n);
	return w;
}

void ts_tmpdir(char *buf, size_t size)
{
	const char *base = getenv("TMPDIR");

	if (!base || !*base)
		base = "/tmp";
	ck_assert_int_lt(snprintf(buf, size, "%s/balprobe-test-XXXXXX", base),
			 (int)size);
	ck_assert_msg(mkdtemp(buf) != NULL, "mkdtemp %s: %s", buf,
		      strerror(errno));
}

void ts_tmpdir_remove(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (unlink(path) != 0)
			ts_tmpdir_remove(path);
	}
	closedir(d);
	rmdir(dir);
}

char ts_dir[256];

void ts_dir_setup(void)
{
	ts_tmpdir(ts_dir, sizeof(ts_dir));
	bp_error_clear();
}

void ts_dir_teardown(void)
{
	ts_tmpdir_remove(ts_dir);
}

void ts_path(char *out, size_t size, const char *name)
{
	ck_assert_int_lt(snprintf(out, size, "%s/%s", ts_dir, name), (int)size);
}

void ts_write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

int ts_dir_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void put_le(FILE *f, uint32_t v, int bytes)
{
	int i;

	for (i = 0; i < bytes; i++)
		fputc((int)((v >> (8 * i)) & 0xff), f);
}

void ts_write_wav_raw(const char *path, int rate_hz, int channels, int bits,
		      const double *interleaved, long frames)
{
	const uint32_t block = (uint32_t)(channels * bits / 8);
	const uint32_t data = block * (uint32_t)frames;
	FILE *f = fopen(path, "wb");
	long i;

	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	ck_assert(bits == 16 || bits == 32);
	fwrite("RIFF", 1, 4, f);
	put_le(f, 36 + data, 4);
	fwrite("WAVEfmt ", 1, 8, f);
	put_le(f, 16, 4);
	put_le(f, bits == 32 ? 3 : 1, 2);      /* IEEE float or PCM */
	put_le(f, (uint32_t)channels, 2);
	put_le(f, (uint32_t)rate_hz, 4);
	put_le(f, (uint32_t)rate_hz * block, 4);
	put_le(f, block, 2);
	put_le(f, (uint32_t)bits, 2);
	fwrite("data", 1, 4, f);
	put_le(f, data, 4);
	for (i = 0; i < frames * channels; i++) {
		if (bits == 32) {
			float x = (float)interleaved[i];
			uint32_t u;

			memcpy(&u, &x, sizeof(u));
			put_le(f, u, 4);
		} else {
			long v = lrint(interleaved[i] * 32768.0);

			v = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
			put_le(f, (uint32_t)(uint16_t)(int16_t)v, 2);
		}
	}
	ck_assert_int_eq(fclose(f), 0);
}

void ts_write_pair(const char *path, double rate_hz, const double *tip,
		   const double *ring, size_t n, enum bp_wav_encoding enc)
{
	double *il = ts_alloc(2 * n);
	int err;

	ts_interleave(il, tip, ring, n);
	err = bp_wav_write(path, rate_hz, 2, il, (long)n, enc, NULL);
	ck_assert_msg(err == 0, "bp_wav_write %s: %d", path, err);
}

int ts_run_probe(const char *name, const char *path, int tip, int ring,
		 int mains_hz, double input_fs_dbu, struct bp_result *r)
{
	const struct bp_probe *probe = bp_probe_find(name);
	const struct bp_probe_options opt = {
		.mains_hz = mains_hz,
		.input_fs_dbu = input_fs_dbu,
		.output_fs_dbu = NAN,
		.level_dbfs = -20.0,    /* DESIGN's default stimulus level */
		.plots = true,
	};
	struct bp_recording *rec;
	int err;

	ck_assert_ptr_nonnull(probe);
	bp_result_init(r);
	err = bp_recording_open(&rec, path, tip, ring);
	if (err)
		return err;
	snprintf(r->probe, sizeof(r->probe), "%s", probe->name);
	r->input.file = path;
	r->input.rate_hz = bp_recording_info(rec)->rate_hz;
	r->input.tip = tip;
	r->input.ring = ring;
	err = bp_probe_analyse(probe, rec, &opt, r);
	bp_recording_close(rec);
	return err;
}

void ts_run_sim(const char *device, double input_fs_dbu, struct bp_result *r)
{
	struct bp_probe_options opt = {
		.input_fs_dbu = input_fs_dbu, .output_fs_dbu = NAN, .quick = true,
		.plots = true,
	};

	ts_run_sim_probe("out", device, &opt, r);
}

void ts_run_sim_probe(const char *name, const char *device, struct bp_probe_options *opt,
		      struct bp_result *r)
{
	const struct bp_probe *probe = bp_probe_find(name);
	const struct bp_engine_options eo = {
		.device = device, .rate_hz = 48000.0, .level_dbfs = -20.0, .quick = true,
		.output = 1, .ring_drive = probe->drives_input ? 2 : 0, .tip = 1, .ring = 2,
		.duration_s = probe->plan ? 0.0 : 2.0,
	};
	struct bp_recording *rec;
	struct bp_take take;

	ck_assert_int_eq(bp_engine_take(&eo, probe->plan, &take), 0);
	opt->level_dbfs = take.level_dbfs;
	opt->quick = true;
	opt->tip_out = 1;
	opt->ring_out = 2;
	ck_assert_int_eq(bp_recording_from_memory(&rec, take.device, take.rate_hz, take.tip,
						  take.ring, take.frames), 0);
	bp_result_init(r);
	snprintf(r->probe, sizeof(r->probe), "%s", name);
	r->input.tip = 1;
	r->input.ring = 2;
	ck_assert_int_eq(bp_probe_analyse(probe, rec, opt, r), 0);
	bp_recording_close(rec);
	bp_take_free(&take);
}

void ts_run_loop(const char *device, const struct bp_profile *profile, struct bp_result *r)
{
	const struct bp_probe *p = bp_probe_find("loop");
	const struct bp_engine_options o = {
		.device = device, .rate_hz = 48000.0, .level_dbfs = -20.0, .output = 1,
		.tip = 1, .ring = 2,
	};
	struct bp_probe_options opt = { .input_fs_dbu = NAN, .output_fs_dbu = NAN,
					.profile = profile };
	struct bp_take take;
	struct bp_recording *rec;
	int err;

	ck_assert_ptr_nonnull(p);
	bp_error_clear();
	err = bp_engine_take(&o, p->plan, &take);
	ck_assert_msg(err == 0, "%s: %d %s", device, err, bp_error_detail() ? bp_error_detail() : "");
	opt.level_dbfs = take.level_dbfs;
	ck_assert_int_eq(bp_recording_from_memory(&rec, device, take.rate_hz, take.tip, take.ring,
						  take.frames), 0);
	bp_result_init(r);
	snprintf(r->probe, sizeof(r->probe), "loop");
	r->input.rate_hz = take.rate_hz;
	r->input.tip = 1;
	r->input.ring = 2;
	ck_assert_int_eq(bp_probe_analyse(p, rec, &opt, r), 0);
	bp_recording_close(rec);
	bp_take_free(&take);
}

void ts_fixture_path(char *out, size_t size, const char *name)
{
	const char *top = getenv("top_srcdir");

	snprintf(out, size, "%s/fixtures/%s", top ? top : ".", name);
}
