#include "config.h"

#include <math.h>
#include <stdio.h>

#include "report/advice-input.h"

/* A CMRR below this is poor for a balanced input: hum on a long cable
 * gets through. */
#define POOR_CMRR_DB 40.0

static void advise_balanced(struct bp_result *r)
{
	char figure[96] = "";

	if (isfinite(r->cmrr.at_1k_db))
		snprintf(figure, sizeof(figure), " (it rejects %s%.0f dB of common mode at 1 kHz)",
			 r->cmrr.bound ? "at least " : "", r->cmrr.at_1k_db);
	bp_result_advise(r, BP_ADVICE_BALANCED,
			 "Balanced input%s: it cancels hum picked up on the cable, but only when the source is balanced too — use a balanced output and a TRS or XLR cable. An unbalanced source still works over a short cable.",
			 figure);
	if (isfinite(r->cmrr.at_1k_db) && !r->cmrr.bound && r->cmrr.at_1k_db < POOR_CMRR_DB)
		bp_result_advise(r, BP_ADVICE_BALANCED,
				 "Its rejection is modest (%.0f dB at 1 kHz): keep balanced runs short near mains cables and lighting dimmers.",
				 r->cmrr.at_1k_db);
}

void bp_advice_input_fill(struct bp_result *r)
{
	switch (r->jack.verdict) {
	case BP_JACK_BALANCED:
		advise_balanced(r);
		break;
	case BP_JACK_UNBALANCED:
		bp_result_advise(r, BP_ADVICE_UNBALANCED,
				 "Unbalanced input: it cannot cancel hum picked up on the cable. Keep the cable short (a few metres); for a long run, or a balanced source far away, use a DI box or a balanced-to-unbalanced line transformer in front of it.");
		break;
	case BP_JACK_STEREO:
		bp_result_advise(r, BP_ADVICE_STEREO,
				 "Stereo input: tip is left, ring is right. Never send a balanced signal into it on one TRS cable — the right channel would get the inverted copy. Feed it a stereo (TRS) source, or two mono sources through a Y cable.");
		break;
	case BP_JACK_NO_SIGNAL:
		bp_result_advise(r, BP_ADVICE_NO_SIGNAL,
				 "Nothing came back: check that the channel is unmuted and routed to the output patched back to the interface, its gain is up, and the insert cable's tip and ring go to the drive outputs.");
		break;
	default:
		break;
	}
	if (r->polarity.verdict == BP_POLARITY_INVERTED && r->jack.verdict != BP_JACK_STEREO)
		bp_result_advise(r, BP_ADVICE_INVERTED,
				 "The input inverts the polarity (pin 3 hot): flip the polarity (its phase or polarity button) at the console for this channel, or use a cable that swaps pins 2 and 3.");
}
