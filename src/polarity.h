/* balprobe: polarity (is the hot leg where the standard puts it: TRS tip,
 * XLR pin 2).
 *
 * Polarity needs a reference: a signal whose sign balprobe knows.  A
 * recording of whatever a port plays has none, so its polarity is unknown
 * with the reason said; the out probe's known stimulus decides it.
 */
#ifndef BALPROBE_POLARITY_H
#define BALPROBE_POLARITY_H

#include "result.h"

/* Fill @out for a recording with no known stimulus. */
void bp_polarity_without_reference(enum bp_jack_verdict jack,
				   struct bp_polarity_result *out);

#endif
