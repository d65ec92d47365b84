#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/number-format.h"
#include "probes/probe.h"
#include "report/content.h"
#include "report/loop-tiles.h"
#include "util/safe-text.h"

static const char *const tone_names[] = {
	[BP_TONE_NONE] = "none",
	[BP_TONE_GOOD] = "good",
	[BP_TONE_INFO] = "info",
	[BP_TONE_CAUTION] = "caution",
	[BP_TONE_BAD] = "bad",
};

static const char *const tone_meanings[] = {
	[BP_TONE_NONE] = "not measured or not decided",
	[BP_TONE_GOOD] = "fine as it is",
	[BP_TONE_INFO] = "a fact to know, neither good nor bad",
	[BP_TONE_CAUTION] = "works, with care",
	[BP_TONE_BAD] = "fix before use",
};

const char *bp_report_tone_name(enum bp_report_tone tone)
{
	return tone_names[tone];
}

const char *bp_report_tone_meaning(enum bp_report_tone tone)
{
	return tone_meanings[tone];
}

void bp_report_add_row(struct bp_report_row *rows, int *n, int max, const char *name,
		       const char *fmt, ...)
{
	va_list ap;

	if (*n >= max)
		return;
	snprintf(rows[*n].name, sizeof(rows[*n].name), "%s", name);
	va_start(ap, fmt);
	vsnprintf(rows[*n].value, sizeof(rows[*n].value), fmt, ap);
	va_end(ap);
	bp_utf8_trim(rows[*n].value);
	(*n)++;
}

/* The row just added holds a name, to be shown verbatim. */
static void mark_literal(struct bp_report_row *rows, int n)
{
	if (n > 0)
		rows[n - 1].literal = true;
}

#define FIGURE(c, name, ...) \
	bp_report_add_row((c)->figures, &(c)->n_figures, BP_REPORT_ROWS_MAX, name, __VA_ARGS__)
#define CONDITION(c, name, ...) \
	bp_report_add_row((c)->conditions, &(c)->n_conditions, \
		(int)(sizeof((c)->conditions) / sizeof((c)->conditions[0])), name, __VA_ARGS__)

static void jack_tile(const struct bp_result *r, struct bp_report_tile *t)
{
	static const enum bp_report_tone tones[] = {
		[BP_JACK_UNKNOWN] = BP_TONE_NONE,
		[BP_JACK_BALANCED] = BP_TONE_GOOD,
		[BP_JACK_UNBALANCED] = BP_TONE_CAUTION,
		[BP_JACK_STEREO] = BP_TONE_CAUTION,
		[BP_JACK_DUAL_MONO] = BP_TONE_CAUTION,
		[BP_JACK_NO_SIGNAL] = BP_TONE_BAD,
	};

	t->label = "Jack";
	t->tone = tones[r->jack.verdict];
	snprintf(t->value, sizeof(t->value), "%s", bp_jack_verdict_name(r->jack.verdict));
	if (isfinite(r->jack.confidence))
		snprintf(t->detail, sizeof(t->detail), "confidence %.2f", r->jack.confidence);
	else
		snprintf(t->detail, sizeof(t->detail), "not decided");
}

static void polarity_tile(const struct bp_result *r, struct bp_report_tile *t)
{
	const struct bp_probe *probe = bp_probe_find(r->probe);

	t->label = "Polarity";
	snprintf(t->value, sizeof(t->value), "%s",
		 bp_polarity_verdict_name(r->polarity.verdict));
	switch (r->polarity.verdict) {
	case BP_POLARITY_NORMAL:
		t->tone = BP_TONE_GOOD;
		snprintf(t->detail, sizeof(t->detail), "hot on the tip");
		break;
	case BP_POLARITY_INVERTED:
		t->tone = BP_TONE_BAD;
		snprintf(t->detail, sizeof(t->detail), "%s",
			 r->jack.verdict == BP_JACK_BALANCED ? "hot on the ring (pin 3 hot)"
							     : "the tip is inverted");
		break;
	case BP_POLARITY_UNKNOWN:
		t->tone = BP_TONE_NONE;
		/* A probe that cannot judge polarity from what it records says
		 * what would; one that judges it says why it could not (no
		 * signal, clipping, a stuck leg). */
		if (probe && probe->polarity_unknown)
			snprintf(t->detail, sizeof(t->detail), "%s", probe->polarity_unknown);
		else if (strlen(r->polarity.explanation) < sizeof(t->detail))
			/* It fits whole (a copy GCC's truncation check can see). */
			memcpy(t->detail, r->polarity.explanation,
			       strlen(r->polarity.explanation) + 1);
		else
			snprintf(t->detail, sizeof(t->detail), "could not be judged: see the figures");
		break;
	}
}

static void level_tile(const struct bp_result *r, struct bp_report_tile *t)
{
	const struct bp_level_result *l = &r->level;

	t->label = "Level";
	t->tone = BP_TONE_NONE;
	if (l->clipping) {
		t->tone = BP_TONE_BAD;
		snprintf(t->value, sizeof(t->value), "clipping");
		snprintf(t->detail, sizeof(t->detail), "samples at full scale");
	} else if (l->level_class != BP_CLASS_NONE && isfinite(l->dbu)) {
		t->tone = BP_TONE_INFO;
		snprintf(t->value, sizeof(t->value), "%s", bp_level_class_name(l->level_class));
		snprintf(t->detail, sizeof(t->detail), "%s (%s)",
			 BP_NUMBER(l->dbu, 1, BP_FMT_SIGN, " dBu", ""),
			 BP_NUMBER(l->dbfs, 1, 0, " dBFS", ""));
	} else if (isfinite(l->dbfs)) {
		snprintf(t->value, sizeof(t->value), "%s", BP_NUMBER(l->dbfs, 1, 0, " dBFS", ""));
		snprintf(t->detail, sizeof(t->detail), "no calibration, so no class");
	} else {
		snprintf(t->value, sizeof(t->value), "not measured");
		snprintf(t->detail, sizeof(t->detail), "%s", r->jack.verdict == BP_JACK_NO_SIGNAL
			 ? "no signal to measure" : "see the jack's explanation");
	}
}

/* An input's rejection of what both legs carry: the figure, or "at
 * least" it where the drives' mismatch or the noise caps what can be read. */
static void cmrr_tile(const struct bp_result *r, struct bp_report_tile *t)
{
	const struct bp_cmrr_result *m = &r->cmrr;

	t->label = "CMRR at 1 kHz";
	t->tone = isfinite(m->at_1k_db) ? BP_TONE_INFO : BP_TONE_NONE;
	snprintf(t->value, sizeof(t->value), "%s%s", m->bound ? "at least " : "",
		 BP_NUMBER(m->at_1k_db, 1, 0, " dB", "not measured"));
	snprintf(t->detail, sizeof(t->detail), "%s", m->bound
		 ? "a bound: the drives' match or the noise caps it"
		 : isfinite(m->at_1k_db) ? "common-mode rejection" : "see the jack's explanation");
}

/* The input's gain: its return per volt of differential drive. */
static void gain_tile(const struct bp_result *r, struct bp_report_tile *t)
{
	t->label = "Gain at 1 kHz";
	t->tone = isfinite(r->response.gain_db) && r->response.n_points > 0 ? BP_TONE_INFO
									    : BP_TONE_NONE;
	snprintf(t->value, sizeof(t->value), "%s",
		 r->response.n_points > 0
			 ? BP_NUMBER(r->response.gain_db, 2, BP_FMT_SIGN, " dB", "not measured")
			 : "not measured");
	snprintf(t->detail, sizeof(t->detail), "return per unit of differential drive");
}

static void hum_tile(const struct bp_result *r, struct bp_report_tile *t)
{
	const struct bp_hum_result *h = &r->hum;

	t->label = "Hum";
	if (!h->explanation[0]) {
		t->tone = BP_TONE_NONE;
		snprintf(t->value, sizeof(t->value), "not measured");
		return;
	}
	if (h->hidden) {
		t->tone = BP_TONE_CAUTION;
		snprintf(t->value, sizeof(t->value), "unknown");
		snprintf(t->detail, sizeof(t->detail),
			 "the programme could hide a line up to %.1f dBFS", h->bound_dbfs);
		return;
	}
	if (!h->present) {
		t->tone = BP_TONE_GOOD;
		snprintf(t->value, sizeof(t->value), "none");
		if (isfinite(h->bound_dbfs))
			snprintf(t->detail, sizeof(t->detail), "no mains lines above %.1f dBFS",
				 h->bound_dbfs);
		else
			snprintf(t->detail, sizeof(t->detail), "no mains lines above the noise");
		return;
	}
	if (h->ground_loop == BP_YES && r->jack.verdict == BP_JACK_BALANCED) {
		/* A balanced input rejects it: worth fixing, not a fault of
		 * the port. */
		t->tone = BP_TONE_CAUTION;
		snprintf(t->value, sizeof(t->value), "ground loop, rejected by a balanced input");
	} else if (h->ground_loop == BP_YES) {
		t->tone = BP_TONE_BAD;
		snprintf(t->value, sizeof(t->value), "ground loop");
	} else if (h->open_ring_pickup) {
		t->tone = BP_TONE_CAUTION;
		snprintf(t->value, sizeof(t->value), "open ring's pickup");
	} else if (h->ground_loop == BP_UNDECIDED) {
		t->tone = BP_TONE_CAUTION;
		snprintf(t->value, sizeof(t->value), "loop or source");
	} else if (h->mode == BP_HUM_MODE_DIFFERENTIAL) {
		t->tone = BP_TONE_CAUTION;
		snprintf(t->value, sizeof(t->value), "from the source");
	} else {
		t->tone = BP_TONE_CAUTION;
		snprintf(t->value, sizeof(t->value), "present");
	}
	snprintf(t->detail, sizeof(t->detail), "%.0f Hz mains, %s mode", h->mains_hz,
		 h->mode == BP_HUM_MODE_NONE ? "unknown" : bp_hum_mode_name(h->mode));
}

static void level_figures(const struct bp_result *r, struct bp_report_content *c)
{
	const struct bp_level_result *l = &r->level;

	if (isfinite(l->dbfs))
		FIGURE(c, "Level a balanced input receives", "%s", BP_NUMBER(l->dbfs, 2, 0, " dBFS", ""));
	if (isfinite(l->dbu))
		FIGURE(c, "Level, calibrated", "%s = %s (%s)",
		       BP_NUMBER(l->dbu, 1, BP_FMT_SIGN, " dBu", ""),
		       BP_NUMBER(l->dbv, 1, BP_FMT_SIGN, " dBV", ""),
		       l->level_class != BP_CLASS_NONE ? bp_level_class_name(l->level_class)
						       : "no class");
	if (isfinite(l->tip_dbfs))
		FIGURE(c, "Tip level", "%s", BP_NUMBER(l->tip_dbfs, 2, 0, " dBFS", ""));
	if (isfinite(l->ring_dbfs))
		FIGURE(c, "Ring level", "%s", BP_NUMBER(l->ring_dbfs, 2, 0, " dBFS", ""));
	if (isfinite(l->peak_dbfs))
		FIGURE(c, "Peak", "%s", BP_NUMBER(l->peak_dbfs, 2, 0, " dBFS", ""));
	FIGURE(c, "Clipping", "%s", l->clipping ? "yes" : "no");
	if (isfinite(l->output_fs_dbu))
		FIGURE(c, "Output for a full-scale sine", "%s",
		       BP_NUMBER(l->output_fs_dbu, 1, BP_FMT_SIGN, " dBu", ""));
}

static void hum_figures(const struct bp_result *r, struct bp_report_content *c)
{
	const struct bp_hum_result *h = &r->hum;
	char name[64];
	int i;

	if (h->explanation[0])
		FIGURE(c, "Hum", "%s", h->explanation);
	for (i = 0; i < h->n_lines; i++) {
		snprintf(name, sizeof(name), "Hum line at %.1f Hz", h->lines[i].hz);
		FIGURE(c, name, "%s (common mode %s, differential %s)",
		       BP_NUMBER(h->lines[i].dbfs, 1, 0, " dBFS", "none"),
		       BP_NUMBER(h->lines[i].common_db, 1, 0, " dBFS", "none"),
		       BP_NUMBER(h->lines[i].diff_db, 1, 0, " dBFS", "none"));
	}
}

static void loopback_figures(const struct bp_result *r, struct bp_report_content *c)
{
	const struct bp_distortion_result *d = &r->distortion;
	char corners[96], harmonics[160];

	if (isfinite(r->latency.samples))
		FIGURE(c, "Round-trip latency", "%s = %s (uncertainty %s)",
		       BP_NUMBER(r->latency.samples, 4, 0, " samples", ""),
		       BP_NUMBER(r->latency.ms, 4, 0, " ms", ""),
		       BP_NUMBER(r->latency.uncertainty_samples, 3, BP_FMT_BOUND, " samples",
				 "not known"));
	if (r->response.n_points > 0) {
		FIGURE(c, "Gain at 1 kHz", "%s", BP_NUMBER(r->response.gain_db, 2, BP_FMT_SIGN, " dB", ""));
		FIGURE(c, "-3 dB corners", "%s",
		       bp_format_corners(corners, sizeof(corners), r->response.f_low_3db,
					 r->response.f_high_3db));
	}
	if (d->n_harmonics > 0) {
		FIGURE(c, "THD at 1 kHz", "%s%s", d->thd_is_bound ? "at most " : "",
		       BP_NUMBER(d->thd_percent, 4, BP_FMT_BOUND, " %", "below the noise"));
		FIGURE(c, "Harmonics 2 to 5 (re the fundamental)", "%s",
		       bp_format_harmonics(harmonics, sizeof(harmonics), d->harmonics_db,
					   d->n_harmonics < 4 ? d->n_harmonics : 4));
	}
	if (isfinite(r->crosstalk_db))
		FIGURE(c, "Crosstalk from the pair partner", "%s%s",
		       r->crosstalk_is_bound ? "below " : "",
		       BP_NUMBER(r->crosstalk_db, 1, 0, " dB", ""));
	if (r->interface_limits[0])
		FIGURE(c, "Interface limits", "%s", r->interface_limits);
}

const char *bp_report_stimulus_level(char *buf, size_t size, const struct bp_result *r)
{
	/* A live take ranges the level (engine/engine.h); a file was played at
	 * whatever level it holds. */
	snprintf(buf, size, "%s%s", BP_NUMBER(r->stimulus_level_dbfs, 1, 0, " dBFS", "none"),
		 r->input.file ? "" : ", where auto-ranging settled");
	return buf;
}

static void conditions(const struct bp_result *r, const struct bp_report_context *ctx,
		       struct bp_report_content *c)
{
	char when[64], level[96];

	CONDITION(c, "Probe", "%s", r->probe);
	if (r->input.device[0])
		CONDITION(c, "Device", "%s", r->input.device);
	if (r->input.file) {
		CONDITION(c, "Recording", "%s", r->input.file);
		mark_literal(c->conditions, c->n_conditions);
	}
	CONDITION(c, "Sample rate", "%.0f Hz", r->input.rate_hz);
	CONDITION(c, "Tip and ring", "channel %d and channel %d", r->input.tip, r->input.ring);
	if (ctx->stimulus_file) {
		CONDITION(c, "Stimulus", "%s", ctx->stimulus_file);
		mark_literal(c->conditions, c->n_conditions);
	} else if (isfinite(r->stimulus_level_dbfs))
		CONDITION(c, "Stimulus", "balprobe's own sweeps and 1 kHz tone");
	else
		CONDITION(c, "Stimulus", "none: the port plays its own signal or nothing");
	if (isfinite(r->stimulus_level_dbfs))
		CONDITION(c, "Stimulus level", "%s",
			  bp_report_stimulus_level(level, sizeof(level), r));
	if (isfinite(ctx->input_fs_dbu) || isfinite(ctx->output_fs_dbu)) {
		if (isfinite(ctx->input_fs_dbu))
			CONDITION(c, "Input calibration", "0 dBFS = %s at the jack",
				  BP_NUMBER(ctx->input_fs_dbu, 1, BP_FMT_SIGN, " dBu", ""));
		if (isfinite(ctx->output_fs_dbu))
			CONDITION(c, "Output calibration", "0 dBFS played = %s",
				  BP_NUMBER(ctx->output_fs_dbu, 1, BP_FMT_SIGN, " dBu", ""));
	} else {
		CONDITION(c, "Calibration", "none: levels in dBFS only, no level class");
	}
	if (r->input.profile_name[0]) {
		CONDITION(c, "Interface profile", "%s%s%s", r->input.profile_name,
			  r->input.profile_file ? ", " : " (built-in)",
			  r->input.profile_file ? r->input.profile_file : "");
		mark_literal(c->conditions, c->n_conditions);
	}
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", gmtime(&ctx->when));
	CONDITION(c, "Date", "%s", when);
	CONDITION(c, "balprobe version", "%s", PACKAGE_VERSION);
	if (ctx->command_line) {
		CONDITION(c, "Command line", "%s", ctx->command_line);
		mark_literal(c->conditions, c->n_conditions);
	}
}

void bp_report_content_fill(const struct bp_result *r,
			    const struct bp_report_context *ctx,
			    struct bp_report_content *c)
{
	const char *file = r->input.file ? strrchr(r->input.file, '/') : NULL;

	memset(c, 0, sizeof(*c));
	if (r->input.file) {
		int at = snprintf(c->title, sizeof(c->title), "balprobe %s report: ", r->probe);

		snprintf(c->title + at, sizeof(c->title) - (size_t)at, "%s",
			 file ? file + 1 : r->input.file);
		bp_utf8_trim(c->title);
		c->title_name = c->title + at;
	} else
		snprintf(c->title, sizeof(c->title), "balprobe report: %s on %s",
			 ctx->subject ? ctx->subject : r->probe, r->input.device);
	if (r->loop.measured) {
		/* The interface itself: no jack, polarity, level or hum. */
		bp_report_loop_tiles(r, c->tiles);
		if (r->invalid)
			FIGURE(c, "Measurement valid", "no: %s", r->invalid_reason);
		c->n_figures += bp_report_loop_rows(r, c->figures + c->n_figures,
						    BP_REPORT_ROWS_MAX - c->n_figures);
		loopback_figures(r, c);
		conditions(r, ctx, c);
		return;
	}
	jack_tile(r, &c->tiles[0]);
	polarity_tile(r, &c->tiles[1]);
	if (r->cmrr.measured) {
		cmrr_tile(r, &c->tiles[2]);
		gain_tile(r, &c->tiles[3]);
	} else {
		level_tile(r, &c->tiles[2]);
		hum_tile(r, &c->tiles[3]);
	}
	if (r->invalid)
		FIGURE(c, "Measurement valid", "no: %s", r->invalid_reason);
	FIGURE(c, "Jack", "%s: %s", bp_jack_verdict_name(r->jack.verdict), r->jack.explanation);
	FIGURE(c, "Polarity", "%s: %s", bp_polarity_verdict_name(r->polarity.verdict),
	       r->polarity.explanation);
	level_figures(r, c);
	hum_figures(r, c);
	loopback_figures(r, c);
	conditions(r, ctx, c);
}
