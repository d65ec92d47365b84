/* balprobe: the survey's port map as CSV for a spreadsheet (RFC 4180:
 * CRLF line ends, a field with a comma, quote or line end in quotes). */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/survey-report.h"

static void field(FILE *out, const char *s, bool last)
{
	if (s[strcspn(s, ",\"\r\n")]) {
		fputc('"', out);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', out);
			fputc(*s, out);
		}
		fputc('"', out);
	} else {
		fputs(s, out);
	}
	fputs(last ? "\r\n" : ",", out);
}

static void number(FILE *out, double x, int decimals)
{
	char buf[32];

	if (isfinite(x))
		snprintf(buf, sizeof(buf), "%.*f", decimals, x);
	else
		buf[0] = '\0';
	field(out, buf, false);
}

void bp_survey_csv(FILE *out, const struct bp_survey *s)
{
	static const char *const head[] = {
		"index", "label", "port", "group", "status", "mark", "kind", "polarity",
		"level_dbfs", "level_dbu", "hum", "hum_dbfs", "ground_loop", "latency_samples",
		"latency_ms", "gain_db", "notes"
	};
	const size_t n = sizeof(head) / sizeof(head[0]);
	size_t k;
	int i;

	for (k = 0; k < n; k++)
		field(out, head[k], k == n - 1);
	for (i = 0; i < s->n_ports; i++) {
		const struct bp_survey_entry *e = &s->entries[i];
		struct bp_survey_cells c;
		char idx[16], group[64];
		const int loop = bp_survey_bool(e, "hum.ground_loop");

		bp_survey_cells_fill(s, i, &c);
		snprintf(idx, sizeof(idx), "%d", i + 1);
		field(out, idx, false);
		field(out, s->ports[i].label, false);
		field(out, c.port, false);
		field(out, bp_survey_group(s, i, group, sizeof(group)), false);
		field(out, bp_survey_status_name(e->status), false);
		field(out, bp_survey_mark_name(e->mark), false);
		field(out, c.kind, false);
		field(out, c.polarity, false);
		number(out, bp_survey_num(e, "level.dbfs"), 2);
		number(out, bp_survey_num(e, "level.dbu"), 2);
		field(out, c.hum, false);
		number(out, bp_survey_num(e, "hum.fundamental_dbfs"), 1);
		field(out, loop < 0 ? "" : loop ? "yes" : "no", false);
		number(out, bp_survey_num(e, "latency.samples"), 4);
		number(out, bp_survey_num(e, "latency.ms"), 4);
		number(out, bp_survey_num(e, "response.gain_db"), 2);
		field(out, e->notes, true);
	}
}
