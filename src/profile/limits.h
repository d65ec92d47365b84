/* balprobe: figures at the interface's own limits.
 *
 * Everything balprobe measures passes through the interface: a port's
 * crosstalk or distortion can read no better than the interface's own,
 * measured through a loop cable ('balprobe loop', AES17).  A reading
 * within BP_LIMIT_MARGIN_DB of that limit (or past it) says only that the
 * port is at least that good: it becomes a bound, with the reason.
 */
#ifndef BALPROBE_LIMITS_H
#define BALPROBE_LIMITS_H

#include "profile/profile.h"
#include "result/result.h"

/* Two equal contributions add to 3 dB more than either: a reading within
 * this of the interface's own could be the interface alone. */
#define BP_LIMIT_MARGIN_DB 3.0

/* Mark r->crosstalk_db and r->distortion.thd_percent as bounds where they
 * sit at @p's crosstalk and THD+N, and say so in r->interface_limits.
 * Nothing happens without a profile (NULL) or without its figures. */
void bp_limits_apply(const struct bp_profile *p, struct bp_result *r);

#endif
