/* balprobe: plain advice a sound tech can act on, from a finished result.
 *
 * Every rule lives in report/advice.c's one table, tied to a verdict and the
 * measured figures it quotes: a level class only with a calibration, hum
 * advice naming the mains frequency and level measured, the mic-input
 * warning only when the level is line level.  The physics behind each
 * rule is in DESIGN.md ("Domain facts").
 */
#ifndef BALPROBE_ADVICE_H
#define BALPROBE_ADVICE_H

#include "result/result.h"

/* Append the advice of every rule that applies to @r, in table order. */
void bp_advice_fill(struct bp_result *r);

/* A rule's short name ("ground-loop"), for tests and reports; NULL past
 * the last. */
const char *bp_advice_rule_name(enum bp_advice_rule rule);

#endif
