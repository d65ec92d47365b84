/* balprobe: every out port of a survey in one take, by the multiple
 * exponential sweep method (Majdak, Balazs and Laback 2007; Dietrich,
 * Masiero and Vorländer 2013): the same exponential sweep on every
 * output, each started a fixed interval after the one before, so that
 * after deconvolution each output's impulse response stands alone in
 * time, its successor's harmonic responses (which an exponential sweep
 * puts before the linear one, Farina 2000) kept out of its window.  Each
 * port is recorded on its own two inputs (tip=, ring=, or 2N-1 and 2N).
 */
#ifndef BALPROBE_ONE_TAKE_H
#define BALPROBE_ONE_TAKE_H

#include "survey/measure.h"
#include "survey/run.h"
#include "survey/survey.h"

/* Measure every pending out port of @s in one take, each analysed as the
 * out probe analyses its own take; s->one_take_info gets the take's
 * timing and each port's impulse-response separation.  Calls
 * @flow->row for each port and saves the state.  Returns 0, or a
 * negative code with a detail sentence when the survey cannot be done in
 * one take (a port that is not an out port, too few inputs). */
int bp_survey_one_take(struct bp_survey *s, const struct bp_survey_options *o,
		       const struct bp_survey_flow *flow);

/* Whether the pending ports of @s can be measured in one take (out ports
 * of the survey's device, each on two inputs of its own): 0, or -EINVAL
 * with a detail sentence. */
int bp_survey_one_take_check(const struct bp_survey *s, const struct bp_survey_options *o);

#endif
