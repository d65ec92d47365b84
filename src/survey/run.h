/* balprobe: the survey's run: port after port, saying which comes next
 * and waiting for the user (Enter measures, s skips, r repeats the last
 * port measured, q finishes), keeping every result and saving the state
 * after each.  A port that fails is recorded as failed and the survey
 * goes on.  From a terminal or a script alike: the answers are lines read
 * from @answers; the end of them finishes as q does, so the state file
 * lets the survey go on later.
 */
#ifndef BALPROBE_SURVEY_RUN_H
#define BALPROBE_SURVEY_RUN_H

#include <stdbool.h>
#include <stdio.h>

#include "survey/measure.h"
#include "survey/survey.h"

struct bp_survey_flow {
	FILE *answers;              /* where the answers come from (stdin) */
	FILE *prompts;              /* where the questions go (stderr); NULL: nowhere */
	bool wait;                  /* ask before each port (not with --no-wait) */
	const char *state_path;     /* save the state here after each port; NULL: no */
	/* Port @i got its entry (measured, failed, skipped). */
	void (*row)(void *ctx, struct bp_survey *s, int i);
	void *ctx;
};

/* Run the pending ports of @s in order.  @quit is set when the user
 * finished early (q, or no more answers) with ports still pending.
 * Returns 0, or the code of a state file that could not be written
 * (with a detail sentence): the survey stops there. */
int bp_survey_run(struct bp_survey *s, const struct bp_survey_options *o,
		  const struct bp_survey_flow *flow, bool *quit);

/* What to connect for port @i, one sentence into @buf. */
const char *bp_survey_hookup(const struct bp_survey *s, int i, const struct bp_survey_options *o,
			     char *buf, size_t size);

#endif
