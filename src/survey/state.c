/* balprobe: save and resume a survey. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/atomic-file.h"
#include "probes/probe.h"
#include "survey/ports-file.h"
#include "survey/state.h"
#include "util/errors.h"
#include "util/safe-text.h"

#define STATE_VERSION 1

static json_t *str(const char *s)
{
	return json_string(s ? s : "");
}

static json_t *port_json(const struct bp_survey_port *p)
{
	return json_pack("{s:o, s:s, s:i, s:i, s:i, s:o, s:o, s:o, s:f}",
			 "label", str(p->label), "probe", p->probe, "number", p->number,
			 "tip", p->tip, "ring", p->ring, "group", str(p->group),
			 "device", str(p->device), "expect", str(p->expect),
			 "duration", p->duration_s);
}

static json_t *entry_json(const struct bp_survey_entry *e)
{
	json_t *o = json_pack("{s:s, s:i, s:o}", "status", bp_survey_status_name(e->status),
			      "exit_status", e->exit_status, "error", str(e->error));

	if (o && e->result)
		json_object_set(o, "result", e->result);
	if (o && e->detail_html)
		json_object_set_new(o, "detail_html", json_string(e->detail_html));
	return o;
}

int bp_survey_state_save(const struct bp_survey *s, const char *path)
{
	json_t *root = json_object(), *info = json_object(), *ports = json_array();
	json_t *entries = json_array();
	char *text = NULL, *withnl = NULL;
	int i, err = 0;

	for (i = 0; bp_survey_info_keys[i] && info; i++)
		json_object_set_new(info, bp_survey_info_keys[i],
				    str(bp_survey_info_get(&s->info, bp_survey_info_keys[i])));
	for (i = 0; i < s->n_ports && ports && entries; i++) {
		json_array_append_new(ports, port_json(&s->ports[i]));
		json_array_append_new(entries, entry_json(&s->entries[i]));
	}
	if (root && info && ports && entries) {
		json_object_set_new(root, "balprobe_survey_state", json_integer(STATE_VERSION));
		json_object_set_new(root, "balprobe", json_string(PACKAGE_VERSION));
		json_object_set_new(root, "info", info);
		json_object_set_new(root, "device", str(s->device));
		json_object_set_new(root, "rate", json_real(s->rate_hz));
		json_object_set_new(root, "ports", ports);
		json_object_set_new(root, "entries", entries);
		info = ports = entries = NULL;
		text = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	}
	json_decref(info);
	json_decref(ports);
	json_decref(entries);
	json_decref(root);
	if (text && asprintf(&withnl, "%s\n", text) < 0)
		withnl = NULL;
	free(text);
	if (!withnl)
		return BP_E_NOMEM;
	err = bp_write_file_atomic(path, withnl);
	free(withnl);
	return err;
}

static int bad(const char *path, const char *what)
{
	char *safe = bp_safe_text(path);

	bp_error_set_detail("%s: %s — give a state file a survey wrote with --state, or start the survey again",
			    safe ? safe : "the state file", what);
	free(safe);
	return BP_E_FILE_FORMAT;
}

/* A text field of @o into @out, checked for room. */
static bool text_field(json_t *o, const char *key, char *out, size_t size)
{
	const char *v = json_string_value(json_object_get(o, key));

	if (!v || strlen(v) >= size)
		return false;
	bp_safe_text_copy(out, size, v);
	return true;
}

static int load_port(json_t *o, struct bp_survey_port *p, char *why, size_t size)
{
	const char *probe = json_string_value(json_object_get(o, "probe"));
	json_t *n = json_object_get(o, "number"), *tip = json_object_get(o, "tip");
	json_t *ring = json_object_get(o, "ring"), *dur = json_object_get(o, "duration");
	char spec[32];
	struct bp_survey_port parsed;

	if (!json_is_object(o) || !probe || !json_is_integer(n) || !json_is_integer(tip) ||
	    !json_is_integer(ring) || !json_is_number(dur)) {
		snprintf(why, size, "a port lacks its probe, number, tip, ring or duration");
		return -EINVAL;
	}
	if (json_integer_value(n) > 0)
		snprintf(spec, sizeof(spec), "%.15s%lld", probe, (long long)json_integer_value(n));
	else
		snprintf(spec, sizeof(spec), "%.15s", probe);
	if (bp_survey_port_parse(&parsed, spec, why, size) != 0)
		return -EINVAL;
	*p = parsed;
	if (!text_field(o, "label", p->label, sizeof(p->label)) ||
	    !text_field(o, "group", p->group, sizeof(p->group)) ||
	    !text_field(o, "device", p->device, sizeof(p->device)) ||
	    !text_field(o, "expect", p->expect, sizeof(p->expect))) {
		snprintf(why, size, "a port's label, group, device or expect is missing or too long");
		return -EINVAL;
	}
	p->tip = (int)json_integer_value(tip);
	p->ring = (int)json_integer_value(ring);
	p->duration_s = json_number_value(dur);
	if (p->tip < 0 || p->tip > 1024 || p->ring < 0 || p->ring > 1024 ||
	    !(p->duration_s == 0.0 || (p->duration_s >= 1.0 && p->duration_s <= 3600.0))) {
		snprintf(why, size, "a port's tip, ring or duration is out of range");
		return -EINVAL;
	}
	return 0;
}

static int load_entry(json_t *o, struct bp_survey_entry *e, char *why, size_t size)
{
	const char *status = json_string_value(json_object_get(o, "status"));
	json_t *x = json_object_get(o, "exit_status"), *result = json_object_get(o, "result");
	const char *html = json_string_value(json_object_get(o, "detail_html"));

	memset(e, 0, sizeof(*e));
	if (!json_is_object(o) || !status || bp_survey_status_parse(status, &e->status) != 0 ||
	    !json_is_integer(x) || json_integer_value(x) < 0 || json_integer_value(x) > 4 ||
	    !text_field(o, "error", e->error, sizeof(e->error))) {
		snprintf(why, size, "an entry lacks a known status, its exit status or its error");
		return -EINVAL;
	}
	e->exit_status = (int)json_integer_value(x);
	if (e->status == BP_SURVEY_MEASURED) {
		if (!json_is_object(result) || !json_is_string(json_object_get(result, "probe"))) {
			snprintf(why, size, "a measured entry has no result");
			return -EINVAL;
		}
		e->result = json_incref(result);
	}
	if (html && !(e->detail_html = strdup(html)))
		return BP_E_NOMEM;
	return 0;
}

int bp_survey_state_load(struct bp_survey *s, const char *path)
{
	json_error_t jerr;
	json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr), *ports, *entries, *info;
	char why[256];
	size_t i;
	int err = 0;

	if (!root) {
		FILE *f = fopen(path, "r");
		char *safe;

		if (f) {
			fclose(f);
			snprintf(why, sizeof(why), "is not a survey state (JSON: %s, line %d)", jerr.text,
				 jerr.line);
			return bad(path, why);
		}
		safe = bp_safe_text(path);
		bp_error_set_detail("%s: cannot be opened (%s) — check the path given to --resume",
				    safe ? safe : "the state file", strerror(errno));
		free(safe);
		return BP_E_FILE_OPEN;
	}
	ports = json_object_get(root, "ports");
	entries = json_object_get(root, "entries");
	info = json_object_get(root, "info");
	if (json_integer_value(json_object_get(root, "balprobe_survey_state")) != STATE_VERSION ||
	    !json_is_array(ports) || !json_is_array(entries) || !json_is_object(info) ||
	    json_array_size(ports) != json_array_size(entries) || json_array_size(ports) == 0 ||
	    json_array_size(ports) > BP_SURVEY_PORTS_MAX) {
		json_decref(root);
		return bad(path, "is not a balprobe survey state (no version 1, or its ports and entries do not match)");
	}
	for (i = 0; bp_survey_info_keys[i]; i++) {
		const char *v = json_string_value(json_object_get(info, bp_survey_info_keys[i]));
		const char *have = bp_survey_info_get(&s->info, bp_survey_info_keys[i]);

		if (v && !have[0])
			bp_survey_info_set(&s->info, bp_survey_info_keys[i], v);
	}
	for (i = 0; i < json_array_size(ports) && !err; i++) {
		err = load_port(json_array_get(ports, i), &s->ports[i], why, sizeof(why));
		if (!err)
			err = load_entry(json_array_get(entries, i), &s->entries[i], why, sizeof(why));
		s->n_ports = (int)i + 1;
	}
	json_decref(root);
	if (err == BP_E_NOMEM)
		return err;
	return err ? bad(path, why) : 0;
}
