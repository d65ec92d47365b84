/* balprobe: the survey's entries, read through their JSON results, and the
 * mark each port's row gets. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/probe.h"
#include "survey/survey.h"

void bp_survey_init(struct bp_survey *s)
{
	memset(s, 0, sizeof(*s));
	s->rate_hz = 48000.0;
}

void bp_survey_entry_clear(struct bp_survey_entry *e)
{
	json_decref(e->result);
	free(e->detail_html);
	memset(e, 0, sizeof(*e));
}

void bp_survey_free(struct bp_survey *s)
{
	int i;

	for (i = 0; i < s->n_ports; i++)
		bp_survey_entry_clear(&s->entries[i]);
	json_decref(s->one_take_info);
	s->one_take_info = NULL;
}

const char *bp_survey_group(const struct bp_survey *s, int i, char *buf, size_t size)
{
	const struct bp_survey_port *p = &s->ports[i];
	const struct bp_probe *probe = bp_probe_find(p->probe);

	if (p->group[0])
		snprintf(buf, size, "%s", p->group);
	else if (probe && probe->plan && !probe->drives_input && p->number > 0)
		/* outputs 1 and 2, 3 and 4, ...: the pairs a probe that plays
		 * on an output drives (its pair partner gets the second
		 * channel) */
		snprintf(buf, size, "outputs %d and %d", ((p->number - 1) | 1), ((p->number - 1) | 1) + 1);
	else
		buf[0] = '\0';
	return buf;
}

static json_t *lookup(const struct bp_survey_entry *e, const char *path)
{
	json_t *v = e->result;
	char key[64];

	while (v && *path) {
		size_t n = strcspn(path, ".");

		if (n >= sizeof(key) || !json_is_object(v))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		v = json_object_get(v, key);
		path += n + (path[n] == '.');
	}
	return v;
}

double bp_survey_num(const struct bp_survey_entry *e, const char *path)
{
	json_t *v = lookup(e, path);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

const char *bp_survey_str(const struct bp_survey_entry *e, const char *path)
{
	return json_string_value(lookup(e, path));
}

int bp_survey_bool(const struct bp_survey_entry *e, const char *path)
{
	json_t *v = lookup(e, path);

	return json_is_boolean(v) ? json_is_true(v) : -1;
}

static const char *const mark_names[] = { "none", "pass", "attention", "fail" };
static const char *const status_names[] = { "pending", "measured", "failed", "skipped" };
static const char *const finding_names[BP_FINDING_KINDS] = {
	"level-step", "polarity-pair", "latency-pair", "mixed-kinds", "hum-some-ports"
};

const char *bp_survey_mark_name(enum bp_survey_mark m)
{
	return mark_names[m];
}

const char *bp_survey_status_name(enum bp_survey_status st)
{
	return status_names[st];
}

int bp_survey_status_parse(const char *name, enum bp_survey_status *out)
{
	int i;

	for (i = 0; i < 4; i++)
		if (strcmp(name, status_names[i]) == 0) {
			*out = (enum bp_survey_status)i;
			return 0;
		}
	return -1;
}

const char *bp_finding_kind_name(enum bp_finding_kind k)
{
	return finding_names[k];
}

static void note(struct bp_survey_entry *e, const char *text)
{
	size_t used = strlen(e->notes);

	snprintf(e->notes + used, sizeof(e->notes) - used, "%s%s", used ? "; " : "", text);
}

/* Does finding @fd point at port @i as the one to look at?  A level step
 * at its quieter port (where a leg is lost), a polarity difference at
 * the inverted ports; the others at every port they name.  The ports it
 * does not blame get its note, not a mark. */
static bool blames(const struct bp_survey *s, const struct bp_finding *fd, int i)
{
	const char *pol;

	switch (fd->kind) {
	case BP_FINDING_LEVEL_STEP:
		return fd->n_ports == 2 && fd->ports[1] == i;
	case BP_FINDING_POLARITY_PAIR:
		pol = bp_survey_str(&s->entries[i], "polarity.verdict");
		return pol && strcmp(pol, "inverted") == 0;
	default:
		return true;
	}
}

/* Fail: no result, an invalid one, a dead port, or not the jack the
 * ports file expects.  Attention: works, but something needs a look
 * (polarity inverted, hum, clipping, a finding that blames it).  Pass
 * otherwise. */
static void mark_one(const struct bp_survey *s, int i)
{
	struct bp_survey_entry *e = (struct bp_survey_entry *)&s->entries[i];
	const char *jack = bp_survey_str(e, "jack.verdict");
	const char *expect = s->ports[i].expect;
	char buf[160];
	int f, k;

	e->notes[0] = '\0';
	if (e->status == BP_SURVEY_PENDING || e->status == BP_SURVEY_SKIPPED) {
		e->mark = BP_MARK_NONE;
		note(e, e->status == BP_SURVEY_SKIPPED ? "skipped" : "not measured yet");
		return;
	}
	if (e->status == BP_SURVEY_FAILED) {
		e->mark = BP_MARK_FAIL;
		note(e, e->error[0] ? e->error : "the measurement failed");
		return;
	}
	e->mark = BP_MARK_PASS;
	if (bp_survey_bool(e, "valid") == 0) {
		e->mark = BP_MARK_FAIL;
		note(e, bp_survey_str(e, "invalid_reason") ? bp_survey_str(e, "invalid_reason")
							   : "the measurement is invalid");
	} else if (jack && strcmp(jack, "no-signal") == 0) {
		e->mark = BP_MARK_FAIL;
		note(e, "no signal: a dead port, the wrong cable or a muted channel");
	}
	if (expect[0] && jack && strcmp(expect, jack) != 0) {
		e->mark = BP_MARK_FAIL;
		snprintf(buf, sizeof(buf), "expected %s, measured %s", expect, jack);
		note(e, buf);
	}
	if (e->mark == BP_MARK_PASS) {
		const char *pol = bp_survey_str(e, "polarity.verdict");

		if (pol && strcmp(pol, "inverted") == 0) {
			e->mark = BP_MARK_ATTENTION;
			note(e, "polarity inverted (pin 3 hot)");
		}
		if (bp_survey_bool(e, "hum.present") == 1) {
			e->mark = BP_MARK_ATTENTION;
			note(e, bp_survey_bool(e, "hum.ground_loop") == 1 ? "hum: ground loop" : "hum");
		}
		if (bp_survey_bool(e, "level.clipping") == 1) {
			e->mark = BP_MARK_ATTENTION;
			note(e, "clipping");
		}
	}
	for (f = 0; f < s->n_findings; f++)
		for (k = 0; k < s->findings[f].n_ports; k++)
			if (s->findings[f].ports[k] == i) {
				const struct bp_finding *fd = &s->findings[f];
				size_t used;
				int j, others = 0;

				if (e->mark == BP_MARK_PASS && blames(s, fd, i))
					e->mark = BP_MARK_ATTENTION;
				used = (size_t)snprintf(buf, sizeof(buf), "%s",
							bp_finding_kind_name(fd->kind));
				for (j = 0; j < fd->n_ports && used < sizeof(buf); j++)
					if (fd->ports[j] != i)
						used += (size_t)snprintf(buf + used, sizeof(buf) - used,
									 "%s%s", others++ ? ", " : " with ",
									 s->ports[fd->ports[j]].label);
				note(e, buf);
			}
}

void bp_survey_mark_all(struct bp_survey *s)
{
	int i;

	for (i = 0; i < s->n_ports; i++)
		mark_one(s, i);
}
