/* report: the plot data a probe leaves in its result are the measured
 * values (checked against the figures and the recording they come from),
 * and the SVG writer draws every point it is given. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "probe.h"
#include "report-content.h"
#include "report-plots.h"
#include "result.h"
#include "svg-plot.h"
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
		.subject = "out1", .command_line = "balprobe out1", .stimulus_dbfs = -20.0,
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
	suite_add_tcase(s, tc);
	return s;
}
