/* balprobe: the survey JSON (DESIGN.md, "Survey JSON"). */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "report/survey-report.h"
#include "survey/ports-file.h"
#include "util/errors.h"

static json_t *str_or_null(const char *s)
{
	return s && s[0] ? json_string(s) : json_null();
}

static json_t *port_json(const struct bp_survey *s, int i)
{
	const struct bp_survey_entry *e = &s->entries[i];
	struct bp_survey_cells c;
	char group[64];

	bp_survey_cells_fill(s, i, &c);
	return json_pack("{s:s, s:s, s:o, s:s, s:s, s:o, s:i, s:o, s:O}",
			 "label", s->ports[i].label, "port", c.port,
			 "group", str_or_null(bp_survey_group(s, i, group, sizeof(group))),
			 "status", bp_survey_status_name(e->status),
			 "mark", bp_survey_mark_name(e->mark),
			 "notes", str_or_null(e->notes),
			 "exit_status", e->exit_status,
			 "error", str_or_null(e->error),
			 "result", e->result ? e->result : json_null());
}

static json_t *finding_json(const struct bp_survey *s, const struct bp_finding *f)
{
	json_t *ports = json_array();
	int k;

	for (k = 0; k < f->n_ports && ports; k++)
		json_array_append_new(ports, json_string(s->ports[f->ports[k]].label));
	return json_pack("{s:s, s:o, s:o, s:s}", "kind", bp_finding_kind_name(f->kind),
			 "ports", ports ? ports : json_null(),
			 "figure", isfinite(f->figure) ? json_real(round(f->figure * 1000.0) / 1000.0)
						    : json_null(),
			 "explanation", f->explanation);
}

char *bp_survey_json_string(const struct bp_survey *s)
{
	json_t *root = json_object(), *ports = json_array(), *findings = json_array();
	int counts[4] = { 0 }, i, complete = 1;
	char *text = NULL;

	if (!root || !ports || !findings)
		goto out;
	json_object_set_new(root, "balprobe", json_string(PACKAGE_VERSION));
	json_object_set_new(root, "probe", json_string("survey"));
	for (i = 0; bp_survey_info_keys[i]; i++)
		json_object_set_new(root, bp_survey_info_keys[i],
				    str_or_null(bp_survey_info_get(&s->info, bp_survey_info_keys[i])));
	json_object_set_new(root, "device", str_or_null(s->device));
	json_object_set_new(root, "one_take", s->one_take_info ? json_incref(s->one_take_info)
							       : json_null());
	for (i = 0; i < s->n_ports; i++) {
		json_array_append_new(ports, port_json(s, i));
		counts[s->entries[i].mark]++;
		complete &= s->entries[i].status != BP_SURVEY_PENDING;
	}
	for (i = 0; i < s->n_findings; i++)
		json_array_append_new(findings, finding_json(s, &s->findings[i]));
	json_object_set(root, "ports", ports);
	json_object_set(root, "findings", findings);
	json_object_set_new(root, "summary",
			    json_pack("{s:i, s:i, s:i, s:i}", "pass", counts[BP_MARK_PASS],
				      "attention", counts[BP_MARK_ATTENTION], "fail",
				      counts[BP_MARK_FAIL], "not_measured", counts[BP_MARK_NONE]));
	json_object_set_new(root, "complete", json_boolean(complete));
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
out:
	json_decref(ports);
	json_decref(findings);
	json_decref(root);
	return text;
}

int bp_survey_json_write(const struct bp_survey *s, const char *path)
{
	char *text = bp_survey_json_string(s);
	int err = text ? bp_report_json_text_write(text, path) : BP_E_NOMEM;

	free(text);
	return err;
}
