/* balprobe: the survey's Markdown report: the first page (the job, the
 * port map with its result in words, the findings), then a section per
 * port with its verdicts, figures and advice from its result. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "report/survey-report.h"
#include "survey/ports-file.h"

/* Markdown table cells: a '|' would end the cell, a newline the row. */
static void cell(FILE *out, const char *s)
{
	for (; *s; s++)
		if (*s == '|')
			fputs("\\|", out);
		else
			fputc(*s == '\n' ? ' ' : *s, out);
}

static void port_section(FILE *out, const struct bp_survey *s, int i)
{
	const struct bp_survey_entry *e = &s->entries[i];
	struct bp_survey_cells c;
	json_t *advice;
	size_t k;

	bp_survey_cells_fill(s, i, &c);
	fprintf(out, "\n## %d. ", i + 1);
	cell(out, s->ports[i].label);
	fprintf(out, " (%s)\n\n", c.port);
	if (e->status == BP_SURVEY_FAILED) {
		fprintf(out, "The measurement failed: %s\n", e->error);
		return;
	}
	if (e->status != BP_SURVEY_MEASURED) {
		fprintf(out, "Not measured (%s).\n", bp_survey_status_name(e->status));
		return;
	}
	fputs("| | |\n|---|---|\n", out);
	fprintf(out, "| Jack | **%s**: ", c.kind);
	cell(out, bp_survey_str(e, "jack.explanation") ? bp_survey_str(e, "jack.explanation") : "");
	fprintf(out, " |\n| Polarity | **%s**: ", c.polarity);
	cell(out, bp_survey_str(e, "polarity.explanation") ? bp_survey_str(e, "polarity.explanation") : "");
	fprintf(out, " |\n| Level | %s |\n| Hum | %s", c.level, c.hum);
	if (bp_survey_str(e, "hum.explanation")) {
		fputs(": ", out);
		cell(out, bp_survey_str(e, "hum.explanation"));
	}
	fprintf(out, " |\n| Latency | %s |\n", c.latency);
	if (bp_survey_bool(e, "valid") == 0) {
		fputs("| Invalid | ", out);
		cell(out, bp_survey_str(e, "invalid_reason") ? bp_survey_str(e, "invalid_reason") : "");
		fputs(" |\n", out);
	}
	advice = json_object_get(e->result, "advice");
	if (json_array_size(advice))
		fputs("\nWhat to do:\n\n", out);
	for (k = 0; k < json_array_size(advice); k++)
		fprintf(out, "%zu. %s\n", k + 1, json_string_value(json_array_get(advice, k)));
}

void bp_survey_markdown(FILE *out, const struct bp_survey *s)
{
	int i, f;

	fprintf(out, "# %s\n\n", s->info.title[0] ? s->info.title : "Port survey");
	for (i = 1; bp_survey_info_keys[i]; i++) {
		const char *v = bp_survey_info_get(&s->info, bp_survey_info_keys[i]);

		if (v[0])
			fprintf(out, "- **%c%s:** %s\n", bp_survey_info_keys[i][0] - 32,
				bp_survey_info_keys[i] + 1, v);
	}
	if (s->device[0])
		fprintf(out, "- **Interface:** %s\n", s->device);
	fputs("\n## Port map\n\n| # | Label | Port | Kind | Polarity | Level | Hum | Latency | Result | Notes |\n"
	      "|---|---|---|---|---|---|---|---|---|---|\n", out);
	for (i = 0; i < s->n_ports; i++) {
		const struct bp_survey_entry *e = &s->entries[i];
		struct bp_survey_cells c;

		bp_survey_cells_fill(s, i, &c);
		fprintf(out, "| %d | ", i + 1);
		cell(out, s->ports[i].label);
		fprintf(out, " | %s | %s | %s | %s | %s | %s | **%s** | ", c.port, c.kind, c.polarity,
			c.level, c.hum, c.latency,
			e->mark == BP_MARK_NONE ? bp_survey_status_name(e->status)
						: bp_survey_mark_name(e->mark));
		cell(out, e->notes);
		fputs(" |\n", out);
	}
	fputs("\n## Findings across ports\n\n", out);
	if (!s->n_findings)
		fputs("None: the ports that should match do.\n", out);
	for (f = 0; f < s->n_findings; f++)
		fprintf(out, "%d. **%s**: %s\n", f + 1, bp_finding_kind_name(s->findings[f].kind),
			s->findings[f].explanation);
	fputs("\n---\n\n# Detail pages\n", out);
	for (i = 0; i < s->n_ports; i++)
		port_section(out, s, i);
}
