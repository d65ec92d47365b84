/* balprobe: plain advice about an input, from the in probe's result.
 *
 * The output advice of report/advice.c speaks of what a port sends; an input's
 * advice speaks of what to plug into it (DESIGN.md, "Domain facts"): a
 * balanced input cancels hum on the cable only when the source is
 * balanced too; an unbalanced one wants short cables or a DI box; a
 * stereo input must not get a balanced signal on one side; pin 3 hot is
 * fixed by flipping the polarity at the console.
 */
#ifndef BALPROBE_ADVICE_INPUT_H
#define BALPROBE_ADVICE_INPUT_H

#include "result/result.h"

/* Append the advice for the input @r describes. */
void bp_advice_input_fill(struct bp_result *r);

#endif
