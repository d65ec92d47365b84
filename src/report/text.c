#include "config.h"

#include <math.h>
#include <stdio.h>

#include "util/number-format.h"
#include "report/content.h"
#include "report/report.h"
#include "report/cmrr-tiles.h"
#include "report/loop-tiles.h"

static void print_level(FILE *out, const struct bp_level_result *l)
{
	fprintf(out, "  level     ");
	if (isfinite(l->dbfs)) {
		fprintf(out, "a balanced input receives %s", BP_NUMBER(l->dbfs, 2, 0, " dBFS", ""));
		if (isfinite(l->dbu))
			fprintf(out, " = %s = %s, %s", BP_NUMBER(l->dbu, 1, BP_FMT_SIGN, " dBu", ""),
				BP_NUMBER(l->dbv, 1, BP_FMT_SIGN, " dBV", ""),
				bp_level_class_name(l->level_class));
		fprintf(out, "\n            ");
	}
	fprintf(out, "tip %s, ring %s", BP_NUMBER(l->tip_dbfs, 1, 0, " dBFS", "not measured"),
		BP_NUMBER(l->ring_dbfs, 1, 0, " dBFS", "not measured"));
	if (isfinite(l->peak_dbfs))
		fprintf(out, ", peak %s", BP_NUMBER(l->peak_dbfs, 1, 0, " dBFS", ""));
	fprintf(out, "%s\n", l->clipping ? ", CLIPPING" : "");
}

static void print_hum(FILE *out, const struct bp_hum_result *h)
{
	int i;

	if (!h->explanation[0]) {
		fprintf(out, "  hum       not measured\n");
		return;
	}
	if (!h->present) {
		fprintf(out, "  hum       %s\n            %s\n",
			h->hidden ? "unknown" : "none", h->explanation);
		return;
	}
	fprintf(out, "  hum       %.0f Hz mains, %s%s\n            %s\n", h->mains_hz,
		bp_hum_mode_name(h->mode),
		h->ground_loop == BP_YES ? ", ground loop" : "", h->explanation);
	for (i = 0; i < h->n_lines; i++)
		fprintf(out, "            %7.1f Hz %12s  (common %s, differential %s)\n",
			h->lines[i].hz, BP_NUMBER(h->lines[i].dbfs, 1, 0, " dBFS", "none"),
			BP_NUMBER(h->lines[i].common_db, 1, 0, " dBFS", "none"),
			BP_NUMBER(h->lines[i].diff_db, 1, 0, " dBFS", "none"));
}

static void print_loopback(FILE *out, const struct bp_result *r)
{
	const struct bp_response_result *resp = &r->response;
	const struct bp_distortion_result *d = &r->distortion;
	char corners[96], harmonics[160];
	int i;

	if (isfinite(r->latency.samples))
		fprintf(out, "  latency   %s = %s (uncertainty %s)\n",
			BP_NUMBER(r->latency.samples, 4, 0, " samples", ""),
			BP_NUMBER(r->latency.ms, 4, 0, " ms", ""),
			BP_NUMBER(r->latency.uncertainty_samples, 3, BP_FMT_BOUND, " samples",
				  "not known"));
	if (resp->n_points > 0) {
		fprintf(out, "  response  gain %s at 1 kHz; -3 dB corners: %s\n",
			BP_NUMBER(resp->gain_db, 2, BP_FMT_SIGN, " dB", ""),
			bp_format_corners(corners, sizeof(corners), resp->f_low_3db,
					  resp->f_high_3db));
		for (i = 0; i < resp->n_points; i++)
			fprintf(out, "%s%7.1f Hz %9s%s", i % 4 == 0 ? "            " : "   ",
				resp->hz[i], BP_NUMBER(resp->db[i], 2, BP_FMT_SIGN, " dB", "not measured"),
				i % 4 == 3 || i == resp->n_points - 1 ? "\n" : "");
	}
	if (d->n_harmonics > 0) {
		fprintf(out, "  THD       %s%s at 1 kHz; harmonics 2 to 5: %s\n",
			d->thd_is_bound ? "at most " : "",
			BP_NUMBER(d->thd_percent, 4, BP_FMT_BOUND, " %", "below the noise"),
			bp_format_harmonics(harmonics, sizeof(harmonics), d->harmonics_db,
					    d->n_harmonics < 4 ? d->n_harmonics : 4));
	}
	if (isfinite(r->crosstalk_db))
		fprintf(out, "  crosstalk %s%s from the pair partner\n",
			r->crosstalk_is_bound ? "below " : "",
			BP_NUMBER(r->crosstalk_db, 1, 0, " dB", ""));
	if (r->interface_limits[0])
		fprintf(out, "  limits    %s\n", r->interface_limits);
}

void bp_report_text(FILE *out, const struct bp_result *r)
{
	int i;

	fprintf(out, "balprobe %s — %s — %s (%.0f Hz, ", PACKAGE_VERSION, r->probe,
		r->input.file ? r->input.file : r->input.device, r->input.rate_hz);
	/* An input's test records what the input returns, not a jack's legs. */
	if (!r->cmrr.measured)
		fprintf(out, "tip = channel %d, ring = channel %d)\n\n", r->input.tip, r->input.ring);
	else if (r->input.ring != r->input.tip)
		fprintf(out, "left return = channel %d, right return = channel %d)\n\n",
			r->input.tip, r->input.ring);
	else
		fprintf(out, "return = channel %d)\n\n", r->input.tip);
	if (r->input.profile_name[0])
		fprintf(out, "  profile   %s%s%s\n            %s\n", r->input.profile_name,
			r->input.profile_file ? ", " : " (built-in)",
			r->input.profile_file ? r->input.profile_file : "",
			r->input.profile_source[0] ? r->input.profile_source : "no source given");
	if (r->loop.measured) {
		bp_report_text_loop(out, r);
		goto loopback;
	}
	fprintf(out, "  jack      %s", bp_jack_verdict_name(r->jack.verdict));
	if (isfinite(r->jack.confidence))
		fprintf(out, " (confidence %.2f)", r->jack.confidence);
	fprintf(out, "\n            %s\n", r->jack.explanation);
	fprintf(out, "  polarity  %s\n            %s\n",
		bp_polarity_verdict_name(r->polarity.verdict),
		r->polarity.explanation);
	if (r->cmrr.measured) {
		bp_report_text_cmrr(out, &r->cmrr);
	} else {
		print_level(out, &r->level);
	}
	if (isfinite(r->stimulus_level_dbfs)) {
		char level[96];

		fprintf(out, "  stimulus  %s\n", bp_report_stimulus_level(level, sizeof(level), r));
	}
	if (!r->cmrr.measured)
		print_hum(out, &r->hum);
loopback:
	print_loopback(out, r);
	for (i = 0; i < r->n_advice; i++)
		fprintf(out, "%s%s\n", i == 0 ? "\n  advice    " : "            ",
			r->advice[i].text);
	if (r->invalid)
		fprintf(out, "\n  INVALID   %s\n", r->invalid_reason);
}
