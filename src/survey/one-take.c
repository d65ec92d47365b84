#include "config.h"

#include <errno.h>

#include "survey/one-take.h"
#include "util/errors.h"

int bp_survey_one_take(struct bp_survey *s, const struct bp_survey_options *o,
		       const struct bp_survey_flow *flow)
{
	(void)s; (void)o; (void)flow;
	bp_error_set_detail("--one-take: not yet");
	return -ENOSYS;
}
