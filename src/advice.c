#include "config.h"

#include <math.h>

#include "advice.h"

static void advise_jack(struct bp_result *r)
{
	switch (r->jack.verdict) {
	case BP_JACK_BALANCED:
		bp_result_advise(r, "Balanced output: a TRS-to-XLR cable into a line input is fine; use a DI box only for a mic input, or to isolate phantom power or a ground.");
		break;
	case BP_JACK_UNBALANCED:
		bp_result_advise(r, "Unbalanced (or impedance-balanced) output: keep the cable short (a few metres); for a long run or a stage box, use a DI box.");
		break;
	case BP_JACK_STEREO:
		bp_result_advise(r, "Stereo output: never feed it to one balanced input — everything in the centre cancels. Split it with a TRS-to-2xTS cable into two inputs.");
		break;
	case BP_JACK_DUAL_MONO:
		bp_result_advise(r, "Tip and ring carry the same signal in phase: this is not a balanced output. Use the tip alone (TS cable) or a DI box.");
		break;
	case BP_JACK_NO_SIGNAL:
		bp_result_advise(r, "No signal: check that the port is unmuted and its fader up, and that the cable's tip goes to input %d and its ring to input %d.",
				 r->input.tip, r->input.ring);
		break;
	case BP_JACK_UNKNOWN:
		break;
	}
}

static void advise_level(struct bp_result *r)
{
	if (r->level.clipping)
		bp_result_advise(r, "The recording clips: turn the source or the interface's input gain down and measure again.");
	if (r->level.level_class == BP_CLASS_PRO_LINE ||
	    r->level.level_class == BP_CLASS_CONSUMER_LINE)
		bp_result_advise(r, "Line level: into a mic input it needs a pad or a DI box.");
	if (r->level.level_class == BP_CLASS_SPEAKER)
		bp_result_advise(r, "Speaker level: never connect this to a line or mic input.");
}

static void advise_hum(struct bp_result *r)
{
	if (!r->hum.present)
		return;
	switch (r->hum.mode) {
	case BP_HUM_MODE_COMMON:
	case BP_HUM_MODE_MIXED:
		if (r->hum.ground_loop == BP_YES)
			bp_result_advise(r, "Ground loop: power both devices from the same outlet strip, use a balanced connection, or lift the ground on a DI box.");
		break;
	case BP_HUM_MODE_DIFFERENTIAL:
		bp_result_advise(r, "The hum comes from the source itself (its power supply or its own input): a ground lift will not cure it; check the source.");
		break;
	case BP_HUM_MODE_NONE:
		break;
	}
}

void bp_advice_fill(struct bp_result *r)
{
	advise_jack(r);
	advise_level(r);
	advise_hum(r);
}
