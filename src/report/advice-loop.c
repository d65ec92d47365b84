#include "config.h"

#include <math.h>

#include "report/advice-loop.h"

bool bp_advice_loop_monitoring(const struct bp_result *r)
{
	return r->loop.measured && isfinite(r->loop.second_arrival_ms);
}

void bp_advise_loop_monitoring(struct bp_result *r)
{
	bp_result_advise(r, BP_ADVICE_LOOP_MONITORING,
			 "The signal comes back a second time, %.2f ms after the first and %.0f dB down: direct monitoring is on and feeds the input back to the output, so the loop rings — turn direct monitoring off (its switch, or the monitor mix in the interface's software) and measure again.",
			 r->loop.second_arrival_ms, -r->loop.second_arrival_db);
}

bool bp_advice_loop_gain_moved(const struct bp_result *r)
{
	return r->loop.measured && isfinite(r->loop.gain_moved_db);
}

void bp_advise_loop_gain_moved(struct bp_result *r)
{
	bp_result_advise(r, BP_ADVICE_LOOP_GAIN_MOVED,
			 "The loop reads %+.2f dB off the profile's: a gain knob has moved since calibration, so dBu readings would be off by as much — set both input gains to minimum, as when you calibrated, and measure again.",
			 r->loop.gain_moved_db);
}

bool bp_advice_loop_input_mismatch(const struct bp_result *r)
{
	return r->loop.measured && r->loop.input_mismatch;
}

void bp_advise_loop_input_mismatch(struct bp_result *r)
{
	bp_result_advise(r, BP_ADVICE_LOOP_INPUT_MISMATCH,
			 "Inputs 1 and 2 read one output %+.2f dB apart: the tip and ring inputs are at different gains, which an out or listen probe reads as a ring louder or quieter than the tip — set both input gains to minimum, or keep this loop in the card's profile (balprobe loop --save-profile) so the difference is corrected.",
			 r->loop.gain_inputs_db);
}

bool bp_advice_loop_input_shelf(const struct bp_result *r)
{
	return r->loop.measured && isfinite(r->loop.shelf_db);
}

void bp_advise_loop_input_shelf(struct bp_result *r)
{
	bp_result_advise(r, BP_ADVICE_LOOP_INPUT_SHELF,
			 "The response rises %.1f dB from 1 kHz to 10 kHz, which a converter does not do: an Air or instrument (INST, Hi-Z) switch is on for this input — turn it off and measure again.",
			 r->loop.shelf_db);
}

bool bp_advice_loop_resampling(const struct bp_result *r)
{
	return r->loop.measured && isfinite(r->loop.resampler_hz);
}

void bp_advise_loop_resampling(struct bp_result *r)
{
	bp_result_advise(r, BP_ADVICE_LOOP_RESAMPLING,
			 "The response falls steeply from %.0f Hz, well below this rate's %.0f Hz Nyquist: the interface is resampling (%.0f Hz is not a rate it runs natively) — run it at its own rate (-r, and the rate set in its control software).",
			 r->loop.resampler_hz, r->input.rate_hz / 2.0, r->input.rate_hz);
}
