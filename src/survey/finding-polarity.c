/* balprobe: a polarity difference within a pair. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "survey/findings.h"

void bp_finding_polarity_pair(struct bp_survey *s, const int *members, int n)
{
	int normal[BP_SURVEY_PORTS_MAX], inverted[BP_SURVEY_PORTS_MAX];
	int n_normal = 0, n_inverted = 0, i;
	struct bp_finding *f;
	char a[256], b[256];

	for (i = 0; i < n; i++) {
		const char *v = bp_survey_str(&s->entries[members[i]], "polarity.verdict");

		if (v && strcmp(v, "normal") == 0)
			normal[n_normal++] = members[i];
		else if (v && strcmp(v, "inverted") == 0)
			inverted[n_inverted++] = members[i];
	}
	if (!n_normal || !n_inverted || !(f = bp_finding_add(s, BP_FINDING_POLARITY_PAIR)))
		return;
	for (i = 0; i < n_inverted; i++)
		f->ports[f->n_ports++] = inverted[i];
	for (i = 0; i < n_normal; i++)
		f->ports[f->n_ports++] = normal[i];
	snprintf(f->explanation, sizeof(f->explanation),
		 "%s %s inverted against %s: pin 3 hot on one side, or a cable with pins 2 and 3 swapped. Summed or heard together the pair cancels in the bass and the centre image goes vague. Rewire the cable or flip the polarity at the console or processor, then measure again.",
		 bp_finding_port_list(s, inverted, n_inverted, a, sizeof(a)),
		 n_inverted > 1 ? "are" : "is",
		 bp_finding_port_list(s, normal, n_normal, b, sizeof(b)));
}
