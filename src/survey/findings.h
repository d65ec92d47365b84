/* balprobe: the survey's cross-port checks.  Each looks at ports that
 * should match (a group: survey.h) or at all of them, and names what it
 * finds in plain words, with the likely cause and what to do.  One file
 * per check (survey/finding-*.c). */
#ifndef BALPROBE_FINDINGS_H
#define BALPROBE_FINDINGS_H

#include "survey/survey.h"

/* Run every check over @s's measured, valid ports into s->findings
 * (replacing what was there), then bp_survey_mark_all(). */
void bp_survey_find(struct bp_survey *s);

/* A new finding of @kind in @s, figure NAN, no ports; NULL when
 * BP_SURVEY_FINDINGS_MAX are made already. */
struct bp_finding *bp_finding_add(struct bp_survey *s, enum bp_finding_kind kind);

/* "Main L, Main R and Aux 1" of @f's ports, into @buf. */
const char *bp_finding_port_list(const struct bp_survey *s, const int *ports, int n,
				 char *buf, size_t size);

/* The checks within one group: @members (indices into s->ports, at
 * least two) hold usable results. */
void bp_finding_level_step(struct bp_survey *s, const int *members, int n);
void bp_finding_polarity_pair(struct bp_survey *s, const int *members, int n);
void bp_finding_latency_pair(struct bp_survey *s, const int *members, int n);
void bp_finding_mixed_kinds(struct bp_survey *s, const int *members, int n);

/* The check across every port with a usable result. */
void bp_finding_hum_some_ports(struct bp_survey *s, const int *usable, int n);

/* A level step between ports that should match beyond this counts, dB;
 * within this of 6.02 dB it is the half a balanced signal loses. */
#define BP_FINDING_STEP_DB 3.0
#define BP_FINDING_HALF_TOL_DB 1.0
/* Latency differences within a group beyond this count, samples. */
#define BP_FINDING_LATENCY_SAMPLES 0.5
/* Response differences (re 1 kHz) beyond this at any point count, dB. */
#define BP_FINDING_RESPONSE_DB 1.0

#endif
