#include "config.h"

#include <math.h>
#include <stdio.h>

#include "report.h"

static void figure(FILE *out, const char *label, double x, const char *unit)
{
	if (isfinite(x))
		fprintf(out, "%s %.1f%s", label, x, unit);
	else
		fprintf(out, "%s -%s", label, unit);
}

static void print_level(FILE *out, const struct bp_level_result *l)
{
	fprintf(out, "  level     ");
	if (isfinite(l->dbfs)) {
		fprintf(out, "%.2f dBFS", l->dbfs);
		if (isfinite(l->dbu))
			fprintf(out, " = %+.1f dBu = %+.1f dBV, %s", l->dbu, l->dbv,
				bp_level_class_name(l->level_class));
		fprintf(out, "\n            ");
	}
	figure(out, "tip", l->tip_dbfs, " dBFS,");
	figure(out, " ring", l->ring_dbfs, " dBFS");
	if (isfinite(l->peak_dbfs))
		figure(out, ", peak", l->peak_dbfs, " dBFS");
	fprintf(out, "%s\n", l->clipping ? ", CLIPPING" : "");
}

static void print_hum(FILE *out, const struct bp_hum_result *h)
{
	int i;

	if (!h->present) {
		fprintf(out, "  hum       none\n            %s\n", h->explanation);
		return;
	}
	fprintf(out, "  hum       %.0f Hz mains, %s%s\n            %s\n", h->mains_hz,
		bp_hum_mode_name(h->mode),
		h->ground_loop == BP_YES ? ", ground loop" : "", h->explanation);
	for (i = 0; i < h->n_lines; i++) {
		fprintf(out, "            %7.1f Hz %7.1f dBFS", h->lines[i].hz,
			h->lines[i].dbfs);
		figure(out, "  (common", h->lines[i].common_db, ",");
		figure(out, " differential", h->lines[i].diff_db, " dBFS)\n");
	}
}

static void print_loopback(FILE *out, const struct bp_result *r)
{
	const struct bp_response_result *resp = &r->response;
	const struct bp_distortion_result *d = &r->distortion;
	int i;

	if (isfinite(r->latency.samples))
		fprintf(out, "  latency   %.4f samples = %.4f ms (+-%.2g samples)\n",
			r->latency.samples, r->latency.ms, r->latency.uncertainty_samples);
	if (resp->n_points > 0) {
		fprintf(out, "  response  gain %+.2f dB at 1 kHz;", resp->gain_db);
		figure(out, " -3 dB at", resp->f_low_3db, " Hz");
		figure(out, " and", resp->f_high_3db, " Hz\n");
		for (i = 0; i < resp->n_points; i++)
			fprintf(out, "%s%7.1f Hz %+6.2f dB%s", i % 4 == 0 ? "            " : "   ",
				resp->hz[i], resp->db[i],
				i % 4 == 3 || i == resp->n_points - 1 ? "\n" : "");
	}
	if (d->n_harmonics > 0) {
		fprintf(out, "  THD       ");
		if (isfinite(d->thd_percent))
			fprintf(out, "%.4f %% at 1 kHz;", d->thd_percent);
		else
			fprintf(out, "below the noise at 1 kHz;");
		for (i = 0; i < d->n_harmonics && i < 4; i++)
			figure(out, i == 0 ? " harmonics" : ",", d->harmonics_db[i], " dB");
		fprintf(out, "\n");
	}
	if (isfinite(r->crosstalk_db))
		fprintf(out, "  crosstalk %s%.1f dB from the pair partner\n",
			r->crosstalk_is_bound ? "below " : "", r->crosstalk_db);
}

void bp_report_text(FILE *out, const struct bp_result *r)
{
	int i;

	fprintf(out, "balprobe %s — %s — %s (%.0f Hz, tip = channel %d, ring = channel %d)\n\n",
		PACKAGE_VERSION, r->probe,
		r->input.file ? r->input.file : r->input.device,
		r->input.rate_hz, r->input.tip, r->input.ring);
	fprintf(out, "  jack      %s", bp_jack_verdict_name(r->jack.verdict));
	if (isfinite(r->jack.confidence))
		fprintf(out, " (confidence %.2f)", r->jack.confidence);
	fprintf(out, "\n            %s\n", r->jack.explanation);
	fprintf(out, "  polarity  %s\n            %s\n",
		bp_polarity_verdict_name(r->polarity.verdict),
		r->polarity.explanation);
	print_level(out, &r->level);
	print_hum(out, &r->hum);
	print_loopback(out, r);
	for (i = 0; i < r->n_advice; i++)
		fprintf(out, "%s%s\n", i == 0 ? "\n  advice    " : "            ",
			r->advice[i].text);
	if (r->invalid)
		fprintf(out, "\n  INVALID   %s\n", r->invalid_reason);
}
