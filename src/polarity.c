#include "config.h"

#include <stdio.h>

#include "polarity.h"

void bp_polarity_without_reference(enum bp_jack_verdict jack,
				   struct bp_polarity_result *out)
{
	out->verdict = BP_POLARITY_UNKNOWN;
	if (jack == BP_JACK_NO_SIGNAL)
		snprintf(out->explanation, sizeof(out->explanation),
			 "no signal to judge");
	else
		snprintf(out->explanation, sizeof(out->explanation),
			 "the programme's own polarity is not known, so a pin-3-hot port looks the same as a normal one — run the out probe (balprobe outN), which plays a known stimulus");
}
