/* balprobe loop --save-profile: what a loop measured of the interface,
 * kept in its card's profile ($XDG_CONFIG_HOME/balprobe/CARD.profile,
 * written atomically) for every later measurement on that card: the
 * gain of input 2 re input 1 (tip/ring correction in out, listen and
 * hum), of output 2 re output 1 (the drive correction in in), the
 * interface's own noise, crosstalk and THD+N (figures near them become
 * bounds), and the loop gain a later loop is checked against (a gain
 * knob moved).
 */
#ifndef BALPROBE_LOOP_SAVE_H
#define BALPROBE_LOOP_SAVE_H

#include "cli/options.h"
#include "result/result.h"

/* Keep @r's loop figures in the card's profile and say what was kept
 * and where (on stdout unless @quiet).  A result that is invalid, or
 * that a pitfall spoils (direct monitoring, a gain knob moved, an Air or
 * Hi-Z switch, resampling), is not kept: one sentence on stderr says
 * why.  Returns the exit status. */
int bp_loop_save_profile(const struct bp_cli *cli, const struct bp_result *r, bool quiet);

#endif
