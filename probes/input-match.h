/* balprobe: the tip and ring inputs' gain match, for the probes that
 * record a port's two legs on two inputs (out, listen, hum).
 *
 * A Scarlett's two gain knobs are analogue and rarely match: a ring input
 * 1.5 dB hotter than the tip's makes a balanced port look 1.5 dB
 * unequal.  When the interface profile holds both inputs' gains, the
 * ring is brought to the tip input's gain before any analysis.
 */
#ifndef BALPROBE_INPUT_MATCH_H
#define BALPROBE_INPUT_MATCH_H

#include "probes/probe.h"

/* What to multiply the ring by (1.0 when the profile does not know both
 * inputs of @r->input), and r->input_match_db set to what it takes out. */
double bp_probe_ring_gain(const struct bp_probe_options *opt, struct bp_result *r);

#endif
