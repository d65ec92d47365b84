/* balprobe: the paths of a loop cable between the interface's outputs
 * and inputs, from the loop probe's two sweeps (analyse/sweep.h: sweep a
 * on output 1, b on output 2, each recorded on inputs 1 and 2).
 *
 * The cabling is read from which paths carry their sweep: output 1 on
 * both inputs is a splitter (split), output 2 on input 2 a pair of
 * cables (pair), output 1 on input 1 alone a single cable.  Then:
 *
 *   split   inputs  = G(out1 -> in2) - G(out1 -> in1): one output, so
 *           input 2's gain relative to input 1's;
 *   pair    pair    = G(out2 -> in2) - G(out1 -> in1), which holds both
 *           mismatches; outputs = pair - the profile's input 2 gain, and
 *           inputs = pair - the profile's output 2 gain, where a profile
 *           holds them (a split loop measured the inputs);
 *           crosstalk = the worse of G(out1 -> in2) - G(out2 -> in2)
 *           and G(out2 -> in1) - G(out1 -> in1) (IEC 61606-3: the leak
 *           into a channel relative to that channel's own signal), a
 *           bound when the leak stayed under the noise.
 *
 * G is the band gain over 100 Hz .. 10 kHz weighted by the sweep's
 * power (analyse/sweep.h), so both paths share every frequency-dependent
 * factor and a difference reads to a thousandth of a dB.
 */
#ifndef BALPROBE_LOOP_PATHS_H
#define BALPROBE_LOOP_PATHS_H

#include "analyse/sweep.h"
#include "profile/profile.h"
#include "result/result.h"

/* Fill out->cabling, loop_gain_db, gain_inputs_db, gain_outputs_db,
 * pair_gain_db, crosstalk_db and crosstalk_is_bound from @s; @profile
 * may be NULL. */
void bp_loop_paths(const struct bp_sweeps *s, const struct bp_profile *profile,
		   struct bp_loop_result *out);

#endif
