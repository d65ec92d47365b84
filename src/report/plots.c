#include "config.h"

#include <math.h>
#include <stdio.h>

#include "util/number-format.h"
#include "report/cmrr-tiles.h"
#include "report/plots.h"
#include "report/svg-plot.h"

/* Okabe-Ito colours: told apart with every common colour-vision defect. */
#define TIP_COLOUR "#0072b2"
#define RING_COLOUR "#d55e00"
#define PARTNER_TIP_COLOUR "#56b4e9"
#define PARTNER_RING_COLOUR "#e69f00"
#define COMMON_COLOUR "#cc79a7"
#define DIFF_COLOUR "#009e73"

struct plot_text {
	const char *name, *heading, *caption;
};

static const struct plot_text texts[BP_REPORT_PLOTS] = {
	[BP_REPORT_PLOT_LEVEL] = { "level", "Level",
		"The level a balanced input receives, in dBu, against the usual bands of mic, instrument, consumer line (-10 dBV), pro line (+4 dBu) and speaker level." },
	[BP_REPORT_PLOT_WAVE] = { "waveform", "Tip and ring",
		"A few milliseconds of tip and ring as recorded. On a balanced output the ring mirrors the tip; on an unbalanced one it stays flat; the same shape on both is dual-mono, or hum riding on the ground." },
	[BP_REPORT_PLOT_RESPONSE] = { "response", "Frequency response",
		"The gain from the output played to each leg that carries it (0 dB: recorded at the level played), on an axis scaled to the response. A leg that carries no signal (the ring of an unbalanced or stereo output) is left out: its noise is not a response. Gaps in a curve are the mains hum lines found, which a sweep would show as spikes: they are in the spectrum below." },
	[BP_REPORT_PLOT_CROSSTALK] = { "crosstalk", "Crosstalk from the pair partner",
		"How much of the pair partner's sweep reaches each leg (0 dB: recorded at the level played), on its own axis. On a stereo jack it lands on the ring at full level; elsewhere it should sit far down: a curve that falls with frequency is the noise floor, not a leak. Gaps are the mains hum lines found." },
	[BP_REPORT_PLOT_IMPULSE] = { "impulse", "Impulse response",
		"The response of tip and ring to a click, around its peak (0 ms is the round-trip latency). A balanced output's ring answers with the opposite sign; an inverted polarity puts the tip's peak below zero." },
	[BP_REPORT_PLOT_SPECTRUM] = { "spectrum", "Noise and hum spectrum",
		"The spectrum of what tip and ring share (common mode) and of what differs between them (differential mode: what a balanced input hears), with the mains hum lines found marked. Hum in the common mode rides on the ground: a ground loop. Hum in the differential mode comes with the source's signal." },
	[BP_REPORT_PLOT_CMRR] = { "cmrr", "Common-mode rejection",
		"How much of a signal on both wires at once (hum picked up on the cable) the input throws away, against frequency: |A_d| / |A_c|. An unbalanced input reads -6 dB; a good balanced one 60 dB or more, often less in the treble. A curve drawn as a bound is only known to be at least that high." },
	[BP_REPORT_PLOT_TRANSFERS] = { "transfers", "Transfers of the two drives",
		"The gain from each drive output to what the input returns (0 dB: returned at the level played). A balanced input passes both at the same level, the ring's inverted; an unbalanced one passes the tip only." },
};

const char *bp_report_plot_name(enum bp_report_plot plot)
{
	return texts[plot].name;
}

const char *bp_report_plot_heading(enum bp_report_plot plot)
{
	return texts[plot].heading;
}

const char *bp_report_plot_caption(enum bp_report_plot plot)
{
	return texts[plot].caption;
}

/* True when @y holds a finite value. */
static bool any_finite(const double *y, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (isfinite(y[i]))
			return true;
	return false;
}

bool bp_report_plot_has_data(const struct bp_result *r, enum bp_report_plot plot)
{
	switch (plot) {
	case BP_REPORT_PLOT_LEVEL:
		return isfinite(r->level.dbu);
	case BP_REPORT_PLOT_WAVE:
		return r->plot.wave.n > 1;
	case BP_REPORT_PLOT_RESPONSE:
		return r->plot.response.n > 1 && !r->cmrr.measured;
	case BP_REPORT_PLOT_CROSSTALK:
		return r->plot.response.n > 1 && !r->cmrr.measured &&
		       any_finite(r->plot.response.partner_tip_db, r->plot.response.n);
	case BP_REPORT_PLOT_CMRR:
		return r->cmrr.n_points > 1;
	case BP_REPORT_PLOT_TRANSFERS:
		return r->plot.response.n > 1 && r->cmrr.measured;
	case BP_REPORT_PLOT_IMPULSE:
		return r->plot.impulse.n > 1;
	case BP_REPORT_PLOT_SPECTRUM:
		return r->plot.spectrum.n > 1;
	case BP_REPORT_PLOTS:
		break;
	}
	return false;
}


/* The legs the tested output's sweep reaches: the ring only where the
 * jack carries the signal on it (balanced, dual-mono). */
static bool ring_carries(const struct bp_result *r)
{
	return r->jack.verdict == BP_JACK_BALANCED || r->jack.verdict == BP_JACK_DUAL_MONO;
}

/* A y range from @lo_db to @hi_db with a margin, at least @span_min dB
 * tall, on whole 3 dB steps. */
static void fit_range(double lo_db, double hi_db, double span_min, struct bp_svg_axis *y)
{
	y->lo = 3.0 * floor((lo_db - 1.5) / 3.0);
	y->hi = 3.0 * ceil((hi_db + 1.5) / 3.0);
	if (y->hi - y->lo < span_min) {
		const double mid = (y->hi + y->lo) / 2.0;

		y->lo = 3.0 * floor((mid - span_min / 2.0) / 3.0);
		y->hi = y->lo + 3.0 * ceil(span_min / 3.0);
	}
}

static void range_of(const double *y, int n, double *lo, double *hi)
{
	int i;

	for (i = 0; i < n; i++)
		if (isfinite(y[i])) {
			*lo = fmin(*lo, y[i]);
			*hi = fmax(*hi, y[i]);
		}
}

/* Half the width, in octaves, of the gap a mains hum line leaves in a
 * transfer's curve: the 1/48-octave smoothing and the line's leakage. */
#define HUM_GAP_OCT 0.12

/* @y without the points near the hum lines @r found (NAN there, a gap in
 * the line), into @out: a sweep deconvolved over hum shows each line as
 * a spike that is the hum, not a resonance of the port. */
static void without_hum(const struct bp_result *r, const double *hz, const double *y, int n,
			double *out)
{
	int i, k;

	for (i = 0; i < n; i++) {
		out[i] = y[i];
		for (k = 0; k < r->hum.n_lines; k++)
			if (r->hum.lines[k].hz > 0.0 &&
			    fabs(log2(hz[i] / r->hum.lines[k].hz)) < HUM_GAP_OCT)
				out[i] = NAN;
	}
}

/* Two curves of the response capture and their names. */
struct curves {
	const double *db[2];
	const char *name[2];
};

/* What the response plot draws: a port's tip and ring from its output;
 * the loop's paths, output 1 -> input 1 and, with the pair cabling,
 * output 2 -> input 2 (else output 1 -> input 2, a splitter's path). */
static struct curves paths_of(const struct bp_result *r)
{
	const struct bp_plot_response *p = &r->plot.response;

	if (!r->loop.measured)
		return (struct curves){ { p->tip_db, p->ring_db }, { "tip", "ring" } };
	if (r->loop.cabling == BP_LOOP_CABLING_PAIR)
		return (struct curves){ { p->tip_db, p->partner_ring_db },
					{ "output 1 -> input 1", "output 2 -> input 2" } };
	return (struct curves){ { p->tip_db, p->ring_db },
				{ "output 1 -> input 1", "output 1 -> input 2" } };
}

/* What the crosstalk plot draws: the pair partner into a port's tip and
 * ring; the loop's leaks between its channels. */
static struct curves leaks_of(const struct bp_result *r)
{
	const struct bp_plot_response *p = &r->plot.response;

	if (!r->loop.measured)
		return (struct curves){ { p->partner_tip_db, p->partner_ring_db },
					{ "pair partner -> tip", "pair partner -> ring" } };
	if (r->loop.cabling == BP_LOOP_CABLING_PAIR)
		return (struct curves){ { p->ring_db, p->partner_tip_db },
					{ "output 1 -> input 2", "output 2 -> input 1" } };
	return (struct curves){ { p->partner_tip_db, p->partner_ring_db },
				{ "output 2 -> input 1", "output 2 -> input 2" } };
}

static void response_svg(FILE *out, const struct bp_result *r, bool standalone)
{
	const struct bp_plot_response *p = &r->plot.response;
	const struct curves c = paths_of(r);
	const bool ring = r->loop.measured ? r->loop.cabling == BP_LOOP_CABLING_PAIR ||
						     r->loop.cabling == BP_LOOP_CABLING_SPLIT
					   : ring_carries(r);
	double tip_db[BP_PLOT_RESPONSE_MAX], ring_db[BP_PLOT_RESPONSE_MAX];
	const struct bp_svg_series s[2] = {
		{ c.name[0], TIP_COLOUR, false, p->hz, tip_db, p->n },
		{ c.name[1], RING_COLOUR, false, p->hz, ring_db, p->n },
	};
	struct bp_svg_marker m[2];
	char low[32], high[32];
	double lo = INFINITY, hi = -INFINITY;
	struct bp_svg_plot plot = {
		.title = r->loop.measured ? "Frequency response of the loop"
			 : ring ? "Frequency response of tip and ring" : "Frequency response of the tip",
		.x = { fmin(20.0, p->hz[0]), fmax(20000.0, p->hz[p->n - 1]), true, "frequency (Hz)" },
		.y = { 0.0, 0.0, false, "gain (dB)" },
		.series = s,
		.n_series = ring ? 2 : 1,
		.markers = m,
	};

	/* Scaled to the response: a flat one reads as flat, not as a line
	 * along the top of a 160 dB axis. */
	without_hum(r, p->hz, c.db[0], p->n, tip_db);
	without_hum(r, p->hz, c.db[1], p->n, ring_db);
	range_of(tip_db, p->n, &lo, &hi);
	if (ring)
		range_of(ring_db, p->n, &lo, &hi);
	if (isfinite(lo))
		fit_range(lo, hi, 12.0, &plot.y);
	if (isfinite(r->response.f_low_3db)) {
		snprintf(low, sizeof(low), "-3 dB at %s", BP_HZ(r->response.f_low_3db, ""));
		m[plot.n_markers++] = (struct bp_svg_marker){ r->response.f_low_3db, low };
	}
	if (isfinite(r->response.f_high_3db)) {
		snprintf(high, sizeof(high), "-3 dB at %s", BP_HZ(r->response.f_high_3db, ""));
		m[plot.n_markers++] = (struct bp_svg_marker){ r->response.f_high_3db, high };
	}
	bp_svg_plot_write(out, &plot, standalone);
}

static void crosstalk_svg(FILE *out, const struct bp_result *r, bool standalone)
{
	const struct bp_plot_response *p = &r->plot.response;
	const struct curves c = leaks_of(r);
	double tip_db[BP_PLOT_RESPONSE_MAX], ring_db[BP_PLOT_RESPONSE_MAX];
	const struct bp_svg_series s[2] = {
		{ c.name[0], PARTNER_TIP_COLOUR, false, p->hz, tip_db, p->n },
		{ c.name[1], PARTNER_RING_COLOUR, false, p->hz, ring_db, p->n },
	};
	const struct bp_svg_plot plot = {
		.title = r->loop.measured ? "Crosstalk between the loop's channels"
					  : "Crosstalk from the pair partner into tip and ring",
		.x = { fmin(20.0, p->hz[0]), fmax(20000.0, p->hz[p->n - 1]), true, "frequency (Hz)" },
		.y = { 0.0, 0.0, false, "gain (dB)" },
		.series = s,
		.n_series = 2,
		.y_span_max = 80.0,
	};

	without_hum(r, p->hz, c.db[0], p->n, tip_db);
	without_hum(r, p->hz, c.db[1], p->n, ring_db);
	bp_svg_plot_write(out, &plot, standalone);
}

/* Times of @n samples @step_ms apart from @t0_ms, into @t. */
static void time_axis(double *t, int n, double t0_ms, double step_ms)
{
	int i;

	for (i = 0; i < n; i++)
		t[i] = t0_ms + i * step_ms;
}

static void impulse_svg(FILE *out, const struct bp_result *r, bool standalone)
{
	const struct bp_plot_impulse *p = &r->plot.impulse;
	double t[BP_PLOT_IR_MAX];
	const bool loop = r->loop.measured;
	const struct bp_svg_series s[2] = {
		{ loop ? "input 1" : "tip", TIP_COLOUR, false, t, p->tip, p->n },
		{ loop ? "input 2" : "ring", RING_COLOUR, false, t, p->ring, p->n },
	};
	const struct bp_svg_plot plot = {
		.title = loop ? "Impulse response of the loop around the peak"
			      : "Impulse response of tip and ring around the peak",
		.x = { p->t0_ms, p->t0_ms + (p->n - 1) * p->step_ms, false,
		       "time from the peak (ms)" },
		.y = { 0.0, 0.0, false, "amplitude (1 = the impulse played)" },
		.series = s,
		.n_series = 2,
	};

	time_axis(t, p->n, p->t0_ms, p->step_ms);
	bp_svg_plot_write(out, &plot, standalone);
}

static void wave_svg(FILE *out, const struct bp_result *r, bool standalone)
{
	const struct bp_plot_wave *p = &r->plot.wave;
	double t[BP_PLOT_WAVE_MAX];
	char x_title[64];
	const struct bp_svg_series s[2] = {
		{ "tip", TIP_COLOUR, false, t, p->tip, p->n },
		{ "ring", RING_COLOUR, false, t, p->ring, p->n },
	};
	const struct bp_svg_plot plot = {
		.title = "Tip and ring waveforms overlaid",
		.x = { 0.0, (p->n - 1) * p->step_ms, false, x_title },
		.y = { 0.0, 0.0, false, "amplitude (full scale = 1)" },
		.series = s,
		.n_series = 2,
	};

	snprintf(x_title, sizeof(x_title), "time (ms) from %.3f s into the recording",
		 p->start_s);
	time_axis(t, p->n, 0.0, p->step_ms);
	bp_svg_plot_write(out, &plot, standalone);
}

static void spectrum_svg(FILE *out, const struct bp_result *r, bool standalone)
{
	const struct bp_plot_spectrum *p = &r->plot.spectrum;
	const struct bp_svg_series s[2] = {
		{ "common mode (tip + ring) / 2", COMMON_COLOUR, false, p->hz, p->common_dbfs, p->n },
		{ "differential (tip - ring) / 2", DIFF_COLOUR, false, p->hz, p->diff_dbfs, p->n },
	};
	struct bp_svg_marker m[BP_HUM_LINES_MAX];
	char labels[BP_HUM_LINES_MAX][48], y_title[64];
	struct bp_svg_plot plot = {
		.title = "Noise and hum spectrum, common and differential mode",
		.x = { 20.0, fmax(20000.0, p->hz[p->n - 1]), true, "frequency (Hz)" },
		.y = { 0.0, 0.0, false, y_title },
		.series = s,
		.n_series = 2,
		.markers = m,
		.y_span_max = 140.0,
	};
	int i;

	snprintf(y_title, sizeof(y_title), "level in %.1f Hz bands (dBFS)", p->band_hz);
	for (i = 0; i < r->hum.n_lines; i++) {
		const struct bp_hum_line *l = &r->hum.lines[i];

		snprintf(labels[i], sizeof(labels[i]), "%s%.0f Hz %s",
			 fabs(l->hz - r->hum.mains_hz) < 3.0 ? "mains " : "", l->hz,
			 BP_NUMBER(l->dbfs, 0, 0, " dBFS", ""));
		/* Lines crowd on a log axis: past the first three, the level is
		 * in the table of figures. */
		if (i >= 3)
			snprintf(labels[i], sizeof(labels[i]), "%.0f Hz", l->hz);
		m[plot.n_markers++] = (struct bp_svg_marker){ l->hz, labels[i] };
	}
	bp_svg_plot_write(out, &plot, standalone);
}

/* The level bar: the measured dBu on an axis banded by level class
 * (DESIGN: mic <= -35 < instrument <= -15 < consumer <= -2 < pro <= +15
 * < speaker). */
static void level_svg(FILE *out, const struct bp_result *r, bool standalone)
{
	static const struct {
		double lo, hi;
		const char *name, *fill;
	} bands[] = {
		{ -70.0, -35.0, "mic", "#dbe9f6" },
		{ -35.0, -15.0, "instrument", "#e3f1dd" },
		{ -15.0, -2.0, "consumer line", "#fdf0d2" },
		{ -2.0, 15.0, "pro line", "#fde0c8" },
		{ 15.0, 40.0, "speaker", "#f7d4d4" },
	};
	const double lo = -70.0, hi = 40.0, x0 = 20.0, x1 = 860.0;
	const double dbu = fmax(lo, fmin(hi, r->level.dbu));
	size_t i;
	double d;

#define LEVEL_X(v) (x0 + ((v) - lo) / (hi - lo) * (x1 - x0))
	if (standalone)
		fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
	fputs("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 880 130\" width=\"880\" height=\"130\" role=\"img\" font-family=\"sans-serif\" font-size=\"13\">\n"
	      "<title>Measured level against the level bands</title>\n"
	      "<rect x=\"0\" y=\"0\" width=\"880\" height=\"130\" fill=\"#ffffff\"/>\n", out);
	for (i = 0; i < sizeof(bands) / sizeof(bands[0]); i++)
		fprintf(out, "<rect x=\"%.1f\" y=\"30\" width=\"%.1f\" height=\"40\" fill=\"%s\" stroke=\"#999999\"/>\n",
			LEVEL_X(bands[i].lo), LEVEL_X(bands[i].hi) - LEVEL_X(bands[i].lo),
			bands[i].fill);
	fprintf(out, "<line x1=\"%.1f\" y1=\"28\" x2=\"%.1f\" y2=\"72\" stroke=\"#000000\" stroke-width=\"2\"/>\n",
		LEVEL_X(dbu), LEVEL_X(dbu));
	/* Names over the marker, with a halo of their band's colour, so the
	 * marker never hides one. */
	for (i = 0; i < sizeof(bands) / sizeof(bands[0]); i++)
		fprintf(out, "<text x=\"%.1f\" y=\"55\" text-anchor=\"middle\" stroke=\"%s\" stroke-width=\"4\" paint-order=\"stroke\">%s</text>\n",
			(LEVEL_X(bands[i].lo) + LEVEL_X(bands[i].hi)) / 2.0, bands[i].fill,
			bands[i].name);
	for (d = lo; d <= hi; d += 10.0) {
		char label[16];

		snprintf(label, sizeof(label), d == 0.0 ? "%.0f" : "%+.0f", d);
		fprintf(out, "<line x1=\"%.1f\" y1=\"70\" x2=\"%.1f\" y2=\"76\" stroke=\"#555555\"/>\n"
			"<text x=\"%.1f\" y=\"92\" text-anchor=\"middle\">%s</text>\n",
			LEVEL_X(d), LEVEL_X(d), LEVEL_X(d), label);
	}
	fprintf(out, "<text x=\"450\" y=\"122\" text-anchor=\"middle\">level (dBu, RMS)</text>\n"
		"<polygon points=\"%.1f,28 %.1f,14 %.1f,14\" fill=\"#000000\"/>\n"
		"<text x=\"%.1f\" y=\"11\" text-anchor=\"middle\" font-weight=\"bold\">%s</text>\n"
		"</svg>\n",
		LEVEL_X(dbu), LEVEL_X(dbu) - 7.0, LEVEL_X(dbu) + 7.0,
		fmax(50.0, fmin(830.0, LEVEL_X(dbu))),
		BP_NUMBER(r->level.dbu, 1, BP_FMT_SIGN, " dBu", ""));
#undef LEVEL_X
}

void bp_report_plot_svg(FILE *out, const struct bp_result *r,
			enum bp_report_plot plot, bool standalone)
{
	switch (plot) {
	case BP_REPORT_PLOT_LEVEL:
		level_svg(out, r, standalone);
		break;
	case BP_REPORT_PLOT_WAVE:
		wave_svg(out, r, standalone);
		break;
	case BP_REPORT_PLOT_RESPONSE:
		response_svg(out, r, standalone);
		break;
	case BP_REPORT_PLOT_CROSSTALK:
		crosstalk_svg(out, r, standalone);
		break;
	case BP_REPORT_PLOT_IMPULSE:
		impulse_svg(out, r, standalone);
		break;
	case BP_REPORT_PLOT_SPECTRUM:
		spectrum_svg(out, r, standalone);
		break;
	case BP_REPORT_PLOT_CMRR:
		bp_report_cmrr_svg(out, r, standalone);
		break;
	case BP_REPORT_PLOT_TRANSFERS:
		bp_report_transfers_svg(out, r, standalone);
		break;
	case BP_REPORT_PLOTS:
		break;
	}
}
