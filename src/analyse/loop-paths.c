#include "config.h"

#include <math.h>

#include "analyse/loop-paths.h"

static enum bp_loop_cabling cabling(const struct bp_sweeps *s)
{
	if (!s->have_a || !s->a.tip.present)
		return BP_LOOP_CABLING_NONE;
	/* A splitter gives input 2 what input 1 gets, within the gain
	 * knobs' spread; crosstalk is tens of dB down. */
	if (s->a.ring.present && fabs(s->a.ring.gain_db - s->a.tip.gain_db) < 12.0)
		return BP_LOOP_CABLING_SPLIT;
	if (s->have_b && s->b.ring.present)
		return BP_LOOP_CABLING_PAIR;
	return BP_LOOP_CABLING_SINGLE;
}

static void pair(const struct bp_sweeps *s, const struct bp_profile *profile,
		 struct bp_loop_result *out)
{
	const double into2 = s->a.ring.gain_db - s->b.ring.gain_db;
	const double into1 = s->b.tip.gain_db - s->a.tip.gain_db;
	const double inputs = bp_profile_input_match_db(profile, 1, 2);
	const double outputs = bp_profile_output_match_db(profile, 1, 2);

	/* out2 -> in2 re out1 -> in1 is output 2's gain plus input 2's. */
	out->pair_gain_db = s->b.ring.gain_db - s->a.tip.gain_db;
	if (isfinite(inputs))
		out->gain_outputs_db = out->pair_gain_db - inputs;
	if (isfinite(outputs))
		out->gain_inputs_db = out->pair_gain_db - outputs;
	out->crosstalk_db = fmax(into2, into1);
	out->crosstalk_is_bound = into2 >= into1 ? !s->a.ring.present : !s->b.tip.present;
}

void bp_loop_paths(const struct bp_sweeps *s, const struct bp_profile *profile,
		   struct bp_loop_result *out)
{
	out->cabling = cabling(s);
	if (out->cabling == BP_LOOP_CABLING_NONE)
		return;
	out->loop_gain_db = s->a.tip.gain_db;
	if (out->cabling == BP_LOOP_CABLING_SPLIT)
		out->gain_inputs_db = s->a.ring.gain_db - s->a.tip.gain_db;
	else if (out->cabling == BP_LOOP_CABLING_PAIR)
		pair(s, profile, out);
}
