#include "config.h"

#include <math.h>

#include "probes/input-match.h"

double bp_probe_ring_gain(const struct bp_probe_options *opt, struct bp_result *r)
{
	r->input_match_db = bp_profile_input_match_db(opt->profile, r->input.tip,
						      r->input.ring);
	return isfinite(r->input_match_db) ? pow(10.0, -r->input_match_db / 20.0) : 1.0;
}
