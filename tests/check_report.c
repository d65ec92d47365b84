/* report: the plot data a probe leaves in its result are the measured
 * values (checked against the figures and the recording they come from),
 * and the SVG writer draws every point it is given. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "util/number-format.h"
#include "probes/probe.h"
#include "report/report.h"
#include "report/content.h"
#include "report/plots.h"
#include "result/result.h"
#include "report/svg-plot.h"
#include "testsignal.h"

/* The strongest spectrum point of @leg within @lo_hz..@hi_hz. */
static double spectrum_peak(const struct bp_plot_spectrum *p, const double *leg,
			    double lo_hz, double hi_hz)
{
	double best = -INFINITY;
	int i;

	for (i = 0; i < p->n; i++)
		if (p->hz[i] >= lo_hz && p->hz[i] <= hi_hz)
			best = fmax(best, leg[i]);
	return best;
}

START_TEST(hum_plots_are_the_recording)
{
	static struct bp_result r;
	struct bp_recording *rec;
	double *tip, *ring;
	long at, got;
	char path[512];
	int i;

	ts_fixture_path(path, sizeof(path), "hum-gl50-48k.flac");
	ck_assert_int_eq(ts_run_probe("hum", path, 1, 2, 0, NAN, &r), 0);
	ck_assert(r.hum.present);
	/* A line reads its level at its peak (the band is the window's
	 * noise bandwidth): a ground loop's in the common mode, and the
	 * differential mode holds only the noise floor. */
	ck_assert_int_eq(r.plot.spectrum.n, BP_PLOT_SPECTRUM_MAX);
	for (i = 0; i < r.hum.n_lines; i++) {
		const double hz = r.hum.lines[i].hz;

		ck_assert_double_eq_tol(spectrum_peak(&r.plot.spectrum, r.plot.spectrum.common_dbfs,
						      hz - 3.0, hz + 3.0),
					r.hum.lines[i].common_db, 1.0);
		ck_assert(spectrum_peak(&r.plot.spectrum, r.plot.spectrum.diff_dbfs, hz - 3.0,
					hz + 3.0) < r.hum.lines[i].common_db - 40.0);
	}
	/* The waveform is the recording's own samples (40 ms at 48 kHz,
	 * every 4th). */
	ck_assert_int_eq(r.plot.wave.n, 480);
	ck_assert_double_eq_tol(r.plot.wave.step_ms, 4000.0 / 48000.0, 1e-12);
	at = lround(r.plot.wave.start_s * 48000.0);
	tip = ts_alloc((size_t)at + 2000);
	ring = ts_alloc((size_t)at + 2000);
	ck_assert_int_eq(bp_recording_open(&rec, path, 1, 2), 0);
	got = bp_recording_read(rec, tip, ring, at + 2000);
	bp_recording_close(rec);
	ck_assert_int_eq(got, at + 2000);
	for (i = 0; i < r.plot.wave.n; i++) {
		ck_assert_double_eq(r.plot.wave.tip[i], tip[at + 4 * i]);
		ck_assert_double_eq(r.plot.wave.ring[i], ring[at + 4 * i]);
	}
	/* Nothing the hum probe does not measure. */
	ck_assert_int_eq(r.plot.response.n, 0);
	ck_assert_int_eq(r.plot.impulse.n, 0);
	ck_assert(!bp_report_plot_has_data(&r, BP_REPORT_PLOT_LEVEL));
}
END_TEST

START_TEST(out_plots_follow_the_port)
{
	static struct bp_result r;
	const struct bp_plot_response *p = &r.plot.response;
	double dot = 0.0, tt = 0.0, rr = 0.0;
	int i, peak = 0;

	ts_run_sim("sim", NAN, &r);
	ck_assert_int_eq(r.jack.verdict, BP_JACK_BALANCED);
	/* Each leg plays back at the level played: 0 dB across the band;
	 * the partner stays out of both legs. */
	ck_assert_int_eq(p->n, BP_PLOT_RESPONSE_MAX);
	for (i = 0; i < p->n; i++) {
		ck_assert_double_eq_tol(p->tip_db[i], r.level.tip_dbfs + 20.0, 0.2);
		ck_assert_double_eq_tol(p->ring_db[i], r.level.ring_dbfs + 20.0, 0.2);
		ck_assert(p->partner_tip_db[i] < r.crosstalk_db + 20.0);
	}
	ck_assert(p->hz[0] >= 20.0 && p->hz[p->n - 1] <= 24000.0);
	/* The impulse peaks at 0 ms, positive on the tip, negative on the
	 * ring. */
	for (i = 0; i < r.plot.impulse.n; i++)
		if (fabs(r.plot.impulse.tip[i]) > fabs(r.plot.impulse.tip[peak]))
			peak = i;
	ck_assert_double_eq_tol(r.plot.impulse.t0_ms + peak * r.plot.impulse.step_ms, 0.0, 0.05);
	ck_assert(r.plot.impulse.tip[peak] > 0.0 && r.plot.impulse.ring[peak] < 0.0);
	/* The tone on tip and ring: mirror images. */
	ck_assert_int_gt(r.plot.wave.n, 100);
	for (i = 0; i < r.plot.wave.n; i++) {
		dot += r.plot.wave.tip[i] * r.plot.wave.ring[i];
		tt += r.plot.wave.tip[i] * r.plot.wave.tip[i];
		rr += r.plot.wave.ring[i] * r.plot.wave.ring[i];
	}
	ck_assert(dot / sqrt(tt * rr) < -0.99);
	ck_assert_int_eq(r.plot.spectrum.n, BP_PLOT_SPECTRUM_MAX);

	ts_run_sim("sim:inverted", NAN, &r);
	peak = 0;
	for (i = 0; i < r.plot.impulse.n; i++)
		if (fabs(r.plot.impulse.tip[i]) > fabs(r.plot.impulse.tip[peak]))
			peak = i;
	ck_assert(r.plot.impulse.tip[peak] < 0.0 && r.plot.impulse.ring[peak] > 0.0);
}
END_TEST

/* Points in the polylines of an SVG text. */
static int polyline_points(const char *svg)
{
	const char *at = svg;
	int n = 0;

	while ((at = strstr(at, "points=\""))) {
		for (at += 8; *at != '"'; at++)
			n += *at == ',';
	}
	return n;
}

/* The polarity tile: an out run that gets nothing back says so; listen,
 * which reads only a percussive programme, names the pulse track; hum,
 * which plays nothing, sends the reader to the out probe. */
START_TEST(polarity_tile_says_why_unknown)
{
	static struct bp_result r;
	static struct bp_report_content c;
	const struct bp_report_context ctx = {
		.subject = "out1", .command_line = "balprobe out1",
		.input_fs_dbu = NAN, .output_fs_dbu = NAN,
	};

	ts_run_sim("sim:dead", NAN, &r);
	ck_assert_int_eq(r.polarity.verdict, BP_POLARITY_UNKNOWN);
	bp_report_content_fill(&r, &ctx, &c);
	ck_assert_str_eq(c.tiles[1].label, "Polarity");
	ck_assert_str_eq(c.tiles[1].detail, r.polarity.explanation);
	ck_assert_ptr_null(strstr(c.tiles[1].detail, "out probe"));
	snprintf(r.probe, sizeof(r.probe), "listen");
	bp_report_content_fill(&r, &ctx, &c);
	ck_assert_str_eq(c.tiles[1].detail, "needs a pulse track (stimulus --probe polarity) or the out probe");
	snprintf(r.probe, sizeof(r.probe), "hum");
	bp_report_content_fill(&r, &ctx, &c);
	ck_assert_str_eq(c.tiles[1].detail, "needs a known stimulus (out probe)");
}
END_TEST

START_TEST(svg_draws_every_point)
{
	static const double x[] = { 20.0, 100.0, 1000.0, 10000.0, 20000.0 };
	static const double y[] = { -3.0, 0.0, NAN, 0.5, -200.0 };
	const struct bp_svg_series s = { "tip", "#0072b2", false, x, y, 5 };
	const struct bp_svg_plot plot = {
		.title = "test <&>", .x = { 20.0, 20000.0, true, "frequency (Hz)" },
		.y = { -10.0, 10.0, false, "gain (dB)" }, .series = &s, .n_series = 1,
	};
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

	ck_assert_ptr_nonnull(f);
	bp_svg_plot_write(f, &plot, true);
	fclose(f);
	ts_track(text, free);
	/* NAN breaks the line; -200 sits on the bottom edge, not dropped. */
	ck_assert_int_eq(polyline_points(text), 4);
	ck_assert_ptr_nonnull(strstr(text, "<title>test &lt;&amp;&gt;</title>"));
	ck_assert_ptr_nonnull(strstr(text, ">1k</text>"));
	ck_assert_ptr_nonnull(strstr(text, ">frequency (Hz)</text>"));
}
END_TEST

/* Issue 13, point 18: one rule for printing figures. */
START_TEST(numbers_read_as_numbers)
{
	static const double none[4] = { NAN, NAN, NAN, NAN };
	static const double some[3] = { -100.06, NAN, -110.3 };
	char b[96];

	ck_assert_str_eq(BP_NUMBER(-0.001, 2, 0, " dB", ""), "0.00 dB");
	ck_assert_str_eq(BP_NUMBER(-0.00001, 4, 0, " samples", ""), "0.0000 samples");
	ck_assert_str_eq(BP_NUMBER(-0.04, 1, BP_FMT_SIGN, " dBu", ""), "0.0 dBu");
	ck_assert_str_eq(BP_NUMBER(4.0, 1, BP_FMT_SIGN, " dBu", ""), "+4.0 dBu");
	ck_assert_str_eq(BP_NUMBER(-20.004, 2, 0, " dBFS", ""), "-20.00 dBFS");
	ck_assert_str_eq(BP_NUMBER(1.6e-7, 3, BP_FMT_BOUND, " samples", ""), "< 0.001 samples");
	ck_assert_str_eq(BP_NUMBER(2e-6, 4, BP_FMT_BOUND, " %", ""), "< 0.0001 %");
	ck_assert_str_eq(BP_NUMBER(0.0, 4, BP_FMT_BOUND, " %", ""), "0.0000 %");
	ck_assert_str_eq(BP_NUMBER(NAN, 1, 0, " dB", "below the noise"), "below the noise");
	ck_assert_str_eq(BP_HZ(21000.4, ""), "21000 Hz");
	ck_assert_str_eq(BP_HZ(8.24, ""), "8.2 Hz");
	ck_assert_str_eq(bp_format_corners(b, sizeof(b), NAN, NAN), "none in the band");
	ck_assert_str_eq(bp_format_corners(b, sizeof(b), 8.24, NAN),
			 "low 8.2 Hz, high none in the band");
	ck_assert_str_eq(bp_format_harmonics(b, sizeof(b), none, 4), "all below the noise");
	ck_assert_str_eq(bp_format_harmonics(b, sizeof(b), some, 3),
			 "-100.1 dB, below the noise, -110.3 dB");
}
END_TEST

/* Every writer, on a result whose figures round to zero from below or
 * could not be measured: no "-0.0", no "+-", no exponent, no "-" for a
 * missing figure. */
static void assert_clean(const char *where, const char *text)
{
	static const char *const bad[] = { "-0.0", "+-", "e-0", "e+0", " - Hz", " - dB",
					   " -dB", "at - ", "harmonics -" };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!strstr(text, bad[i]), "%s holds '%s': %s", where, bad[i], text);
}

START_TEST(writers_print_no_negative_zero)
{
	static struct bp_result r;
	static struct bp_report_content c;
	const struct bp_report_context ctx = {
		.subject = "out1", .command_line = "balprobe out1",
		.input_fs_dbu = -0.001, .output_fs_dbu = NAN,
	};
	char *text = NULL, *json;
	size_t size = 0;
	FILE *f;
	int i;

	bp_result_init(&r);
	snprintf(r.probe, sizeof(r.probe), "out");
	r.jack.verdict = BP_JACK_BALANCED;
	r.level.dbfs = -0.001;
	r.level.tip_dbfs = -0.004;
	r.level.dbu = -0.002;
	r.level.dbv = -0.0004;
	r.level.output_fs_dbu = -0.01;
	r.latency.samples = -0.00001;
	r.latency.ms = -0.0000002;
	r.latency.uncertainty_samples = 1.6e-7;
	r.response.n_points = 2;
	r.response.hz[0] = 20.0;
	r.response.db[0] = -0.001;
	r.response.hz[1] = 1000.0;
	r.response.db[1] = 0.0;
	r.response.gain_db = -0.004;
	r.distortion.n_harmonics = 4;
	r.distortion.thd_percent = 1e-6;
	r.crosstalk_db = -0.01;
	snprintf(r.hum.explanation, sizeof(r.hum.explanation), "hum");
	r.hum.present = true;
	r.hum.n_lines = 1;
	r.hum.lines[0] = (struct bp_hum_line){ 50.0, -0.001, NAN, -0.002 };
	f = open_memstream(&text, &size);
	ck_assert_ptr_nonnull(f);
	bp_report_text(f, &r);
	fclose(f);
	ts_track(text, free);
	assert_clean("text", text);
	ck_assert_ptr_nonnull(strstr(text, "< 0.001 samples"));
	ck_assert_ptr_nonnull(strstr(text, "< 0.0001 %"));
	ck_assert_ptr_nonnull(strstr(text, "none in the band"));
	bp_report_content_fill(&r, &ctx, &c);
	for (i = 0; i < BP_REPORT_TILES; i++) {
		assert_clean(c.tiles[i].label, c.tiles[i].value);
		assert_clean(c.tiles[i].label, c.tiles[i].detail);
	}
	for (i = 0; i < c.n_figures; i++)
		assert_clean(c.figures[i].name, c.figures[i].value);
	for (i = 0; i < c.n_conditions; i++)
		assert_clean(c.conditions[i].name, c.conditions[i].value);
	json = bp_report_json_string(&r);
	ck_assert_ptr_nonnull(json);
	ts_track(json, free);
	ck_assert_msg(!strstr(json, "-0.0,") && !strstr(json, "-0.0\n"), "%s", json);
}
END_TEST

Suite *report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("plots");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, ts_dir_setup, ts_dir_teardown);
	tcase_add_test(tc, hum_plots_are_the_recording);
	tcase_add_test(tc, out_plots_follow_the_port);
	tcase_add_test(tc, polarity_tile_says_why_unknown);
	tcase_add_test(tc, svg_draws_every_point);
	tcase_add_test(tc, numbers_read_as_numbers);
	tcase_add_test(tc, writers_print_no_negative_zero);
	suite_add_tcase(s, tc);
	return s;
}
