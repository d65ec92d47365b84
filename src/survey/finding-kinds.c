/* balprobe: mixed port kinds on one bus. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "survey/findings.h"

void bp_finding_mixed_kinds(struct bp_survey *s, const int *members, int n)
{
	struct bp_finding *f;
	const char *first = NULL;
	char list[640];
	size_t used = 0;
	bool mixed = false;
	int i;

	for (i = 0; i < n; i++) {
		const char *v = bp_survey_str(&s->entries[members[i]], "jack.verdict");

		if (!v || strcmp(v, "unknown") == 0)
			continue;
		if (first && strcmp(first, v) != 0)
			mixed = true;
		if (!first)
			first = v;
	}
	if (!mixed || !(f = bp_finding_add(s, BP_FINDING_MIXED_KINDS)))
		return;
	list[0] = '\0';
	for (i = 0; i < n; i++) {
		const char *v = bp_survey_str(&s->entries[members[i]], "jack.verdict");

		if (!v || strcmp(v, "unknown") == 0)
			continue;
		f->ports[f->n_ports++] = members[i];
		used += (size_t)snprintf(list + used, used < sizeof(list) ? sizeof(list) - used : 0,
					 "%s%s %s", used ? ", " : "", s->ports[members[i]].label, v);
	}
	snprintf(f->explanation, sizeof(f->explanation),
		 "Ports that should be alike are of different kinds (%s): one side is on another cable (a TS or a stereo cable) or another output stage. An unbalanced leg loses 6 dB into a balanced input and picks up hum on a long run. Use the same cable and output type on every port of the bus.",
		 list);
}
