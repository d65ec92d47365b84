/* balprobe: the survey's text table, a row as each port is done. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "report/survey-report.h"
#include "survey/ports-file.h"

/* ANSI SGR: green, yellow, red (bold) for pass, attention, fail. */
static const char *const colours[] = { "", "\033[32m", "\033[33m", "\033[1;31m" };

static const char *mark_text(const struct bp_survey_entry *e)
{
	return e->mark == BP_MARK_NONE ? "-" : bp_survey_mark_name(e->mark);
}

void bp_survey_text_header(FILE *out, const struct bp_survey *s, bool colour)
{
	int i;

	fprintf(out, "balprobe %s — port survey%s%s — %d port%s\n", PACKAGE_VERSION,
		s->info.title[0] ? ": " : "", s->info.title, s->n_ports, s->n_ports == 1 ? "" : "s");
	for (i = 1; bp_survey_info_keys[i]; i++) {
		const char *v = bp_survey_info_get(&s->info, bp_survey_info_keys[i]);

		if (v[0])
			fprintf(out, "  %-10s %s\n", bp_survey_info_keys[i], v);
	}
	fprintf(out, "\n%s%-3s %-18s %-7s %-10s %-9s %-14s %-30s %-12s %s%s\n",
		colour ? "\033[1m" : "", "#", "label", "port", "kind", "polarity", "level", "hum",
		"latency", "mark", colour ? "\033[0m" : "");
}

void bp_survey_text_row(FILE *out, const struct bp_survey *s, int i, bool colour)
{
	const struct bp_survey_entry *e = &s->entries[i];
	struct bp_survey_cells c;

	bp_survey_cells_fill(s, i, &c);
	fprintf(out, "%-3d %-18.18s %-7s %-10s %-9s %-14s %-30s %-12s %s%s%s\n", i + 1,
		s->ports[i].label, c.port, c.kind, c.polarity, c.level, c.hum, c.latency,
		colour ? colours[e->mark] : "", mark_text(e), colour && e->mark ? "\033[0m" : "");
	if (e->notes[0] && e->mark != BP_MARK_PASS)
		fprintf(out, "    %s\n", e->notes);
	fflush(out);
}

void bp_survey_text_findings(FILE *out, const struct bp_survey *s, bool colour)
{
	int f;

	fprintf(out, "\n%sfindings%s%s\n", colour ? "\033[1m" : "", colour ? "\033[0m" : "",
		s->n_findings ? "" : "  none: the ports that should match do");
	for (f = 0; f < s->n_findings; f++)
		fprintf(out, "  %d. %s%s%s: %s\n", f + 1, colour ? colours[BP_MARK_ATTENTION] : "",
			bp_finding_kind_name(s->findings[f].kind), colour ? "\033[0m" : "",
			s->findings[f].explanation);
}

void bp_survey_text_one_take(FILE *out, const struct bp_survey *s)
{
	json_t *t = s->one_take_info, *ports = json_object_get(t, "ports"), *p;
	char gap[32];
	size_t i;

	if (!t)
		return;
	fprintf(out, "\none take  %zu outputs in %.2f s of audio: one %.2f s sweep each, %.2f s apart\n"
		"          (%s);\n"
		"          each response's window is %.0f ms; the next sweep's harmonics up to order %lld arrive after it\n",
		json_array_size(json_object_get(t, "order")),
		json_number_value(json_object_get(t, "duration_s")),
		json_number_value(json_object_get(t, "sweep_s")),
		json_number_value(json_object_get(t, "interval_s")),
		json_string_value(json_object_get(t, "method")),
		1000.0 * json_number_value(json_object_get(t, "window_s")),
		(long long)json_integer_value(json_object_get(t, "harmonics_clear_order")));
	json_array_foreach(ports, i, p) {
		json_t *g = json_object_get(p, "gap_db");

		if (json_is_number(g))
			snprintf(gap, sizeof(gap), "%.1f dB", json_number_value(g));
		else
			snprintf(gap, sizeof(gap), "not measured");
		fprintf(out, "          %-18.18s separation %.1f ms; between its window and the next harmonics: %s re its peak\n",
			json_string_value(json_object_get(p, "label")),
			json_number_value(json_object_get(p, "separation_ms")), gap);
	}
}
