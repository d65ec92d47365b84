/* balprobe: plain advice a sound tech can act on, from a finished result.
 * Every rule lives here, tied to a verdict and the measured figures. */
#ifndef BALPROBE_ADVICE_H
#define BALPROBE_ADVICE_H

#include "result.h"

/* Append the advice that applies to @r (jack, polarity, level, hum). */
void bp_advice_fill(struct bp_result *r);

#endif
