/* balprobe: the survey's cross-port checks, run group by group. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "survey/findings.h"

struct bp_finding *bp_finding_add(struct bp_survey *s, enum bp_finding_kind kind)
{
	struct bp_finding *f;

	if (s->n_findings >= BP_SURVEY_FINDINGS_MAX)
		return NULL;
	f = &s->findings[s->n_findings++];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->figure = NAN;
	return f;
}

const char *bp_finding_port_list(const struct bp_survey *s, const int *ports, int n,
				 char *buf, size_t size)
{
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < n && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
					 i == 0 ? "" : i == n - 1 ? " and " : ", ",
					 s->ports[ports[i]].label);
	return buf;
}

/* A result the checks may compare: measured and valid, the port not
 * dead. */
static int usable(const struct bp_survey *s, int i)
{
	const struct bp_survey_entry *e = &s->entries[i];
	const char *jack = bp_survey_str(e, "jack.verdict");

	return e->status == BP_SURVEY_MEASURED && bp_survey_bool(e, "valid") == 1 &&
	       !(jack && strcmp(jack, "no-signal") == 0);
}

void bp_survey_find(struct bp_survey *s)
{
	int use[BP_SURVEY_PORTS_MAX], members[BP_SURVEY_PORTS_MAX];
	bool done[BP_SURVEY_PORTS_MAX] = { false };
	char gi[64], gj[64];
	int n_use = 0, i, j, n;

	s->n_findings = 0;
	for (i = 0; i < s->n_ports; i++)
		if (usable(s, i))
			use[n_use++] = i;
	for (i = 0; i < n_use; i++) {
		if (done[i] || !bp_survey_group(s, use[i], gi, sizeof(gi))[0])
			continue;
		for (n = 0, j = i; j < n_use; j++)
			if (!done[j] && strcmp(bp_survey_group(s, use[j], gj, sizeof(gj)), gi) == 0) {
				done[j] = true;
				members[n++] = use[j];
			}
		if (n < 2)
			continue;
		bp_finding_level_step(s, members, n);
		bp_finding_polarity_pair(s, members, n);
		bp_finding_latency_pair(s, members, n);
		bp_finding_mixed_kinds(s, members, n);
	}
	bp_finding_hum_some_ports(s, use, n_use);
	bp_survey_mark_all(s);
}
