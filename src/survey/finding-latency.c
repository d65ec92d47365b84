/* balprobe: a latency or response difference within a pair. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "survey/findings.h"

static void latency(struct bp_survey *s, const int *members, int n)
{
	int i, early = -1, late = -1;
	double d, rate;
	struct bp_finding *f;

	for (i = 0; i < n; i++) {
		const double x = bp_survey_num(&s->entries[members[i]], "latency.samples");

		if (!isfinite(x))
			continue;
		if (early < 0 || x < bp_survey_num(&s->entries[early], "latency.samples"))
			early = members[i];
		if (late < 0 || x > bp_survey_num(&s->entries[late], "latency.samples"))
			late = members[i];
	}
	if (early < 0 || early == late)
		return;
	d = bp_survey_num(&s->entries[late], "latency.samples") -
	    bp_survey_num(&s->entries[early], "latency.samples");
	if (d < BP_FINDING_LATENCY_SAMPLES || !(f = bp_finding_add(s, BP_FINDING_LATENCY_PAIR)))
		return;
	rate = bp_survey_num(&s->entries[late], "input.rate");
	f->ports[f->n_ports++] = late;
	f->ports[f->n_ports++] = early;
	f->figure = d;
	snprintf(f->explanation, sizeof(f->explanation),
		 "%s arrives %.2f samples (%.3f ms) after %s: one side takes a different path (a delay, an insert, a plug-in or another converter). Within a pair it shifts the image and combs when the two are summed. Align them with the console's delay, or route both the same way.",
		 s->ports[late].label, d, isfinite(rate) ? 1000.0 * d / rate : NAN,
		 s->ports[early].label);
}

/* The largest difference between two ports' responses (re 1 kHz) at the
 * frequencies both measured; its frequency into @at_hz. */
static double response_gap(const struct bp_survey_entry *a, const struct bp_survey_entry *b,
			   double *at_hz)
{
	json_t *pa = json_object_get(json_object_get(a->result, "response"), "points");
	json_t *pb = json_object_get(json_object_get(b->result, "response"), "points");
	double gap = 0.0;
	size_t i;

	*at_hz = NAN;
	if (!json_is_array(pa) || !json_is_array(pb) || json_array_size(pa) != json_array_size(pb))
		return NAN;
	for (i = 0; i < json_array_size(pa); i++) {
		json_t *x = json_array_get(pa, i), *y = json_array_get(pb, i);
		const double d = fabs(json_number_value(json_array_get(x, 1)) -
				      json_number_value(json_array_get(y, 1)));

		if (json_number_value(json_array_get(x, 0)) == json_number_value(json_array_get(y, 0)) &&
		    d > gap) {
			gap = d;
			*at_hz = json_number_value(json_array_get(x, 0));
		}
	}
	return gap;
}

static void response(struct bp_survey *s, const int *members, int n)
{
	struct bp_finding *f;
	double worst = 0.0, at = NAN, hz;
	int i, j, a = -1, b = -1;

	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++) {
			const double g = response_gap(&s->entries[members[i]],
						      &s->entries[members[j]], &hz);

			if (isfinite(g) && g > worst) {
				worst = g;
				at = hz;
				a = members[i];
				b = members[j];
			}
		}
	if (worst < BP_FINDING_RESPONSE_DB || !(f = bp_finding_add(s, BP_FINDING_LATENCY_PAIR)))
		return;
	f->ports[f->n_ports++] = a;
	f->ports[f->n_ports++] = b;
	f->figure = worst;
	snprintf(f->explanation, sizeof(f->explanation),
		 "The frequency responses of %s and %s differ by %.1f dB at %.0f Hz: an equaliser, a filter or a different output stage on one side. Compare the channels' EQ and high-pass settings.",
		 s->ports[a].label, s->ports[b].label, worst, at);
}

void bp_finding_latency_pair(struct bp_survey *s, const int *members, int n)
{
	latency(s, members, n);
	response(s, members, n);
}
