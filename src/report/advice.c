#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "report/advice.h"
#include "report/advice-loop.h"

/* A rule: when it applies, and the advice it writes with the figures. */
struct rule {
	enum bp_advice_rule id;
	const char *name;
	bool (*applies)(const struct bp_result *r);
	void (*advise)(struct bp_result *r);
};

static bool jack_is(const struct bp_result *r, enum bp_jack_verdict v)
{
	return r->jack.verdict == v;
}

static bool is_balanced(const struct bp_result *r)
{
	return jack_is(r, BP_JACK_BALANCED);
}

static void advise_balanced(struct bp_result *r)
{
	bp_result_advise(r, BP_ADVICE_BALANCED,
			 "Balanced output: a TRS-to-XLR (or TRS-to-TRS) cable into a balanced line input is fine and cancels hum picked up on the way. A DI box is needed only to feed a mic input, or to keep phantom power off this output or lift a ground.");
}

static bool is_unbalanced(const struct bp_result *r)
{
	return jack_is(r, BP_JACK_UNBALANCED);
}

static void advise_unbalanced(struct bp_result *r)
{
	/* The jack verdict's own figure, as its explanation gives it. */
	const double gap_db = -r->jack.ring_db;

	/* An impedance-balanced output drives no signal on the ring, so its
	 * legs look exactly like an unbalanced one's: say both. */
	char gap[64] = "";

	if (isfinite(gap_db) && gap_db > 0.0)
		snprintf(gap, sizeof(gap), " (the ring is %s%.1f dB below it)",
			 r->jack.ring_db_is_bound ? "more than " : "", gap_db);
	bp_result_advise(r, BP_ADVICE_UNBALANCED,
			 "Only the tip carries the signal%s: an unbalanced output, or an impedance-balanced one (its ring only matches the tip's impedance, so the legs look the same). Keep the cable short, a few metres; for a long run or a stage box use a DI box. If the manual says impedance-balanced, a TRS-to-XLR cable into a balanced input still cancels hum.",
			 gap);
}

static bool is_stereo(const struct bp_result *r)
{
	return jack_is(r, BP_JACK_STEREO);
}

static void advise_stereo(struct bp_result *r)
{
	bp_result_advise(r, BP_ADVICE_STEREO,
			 "Stereo output (tip = left, ring = right): never feed it to one balanced input — the input subtracts the two and everything in the centre (vocal, bass, kick) cancels. Split it with a TRS-to-2xTS cable into two inputs, or into two DI boxes.");
}

static bool is_dual_mono(const struct bp_result *r)
{
	return jack_is(r, BP_JACK_DUAL_MONO);
}

static void advise_dual_mono(struct bp_result *r)
{
	bp_result_advise(r, BP_ADVICE_DUAL_MONO,
			 "Tip and ring carry the same signal in phase: this is not a balanced output, and a balanced input would cancel most of it. Use the tip alone with a TS cable, or a DI box for a long run.");
}

static bool is_silent(const struct bp_result *r)
{
	return jack_is(r, BP_JACK_NO_SIGNAL);
}

static void advise_no_signal(struct bp_result *r)
{
	bp_result_advise(r, BP_ADVICE_NO_SIGNAL,
			 "No signal: check that the port is unmuted and its level up, and that the cable's tip goes to input %d and its ring to input %d.",
			 r->input.tip, r->input.ring);
}

static bool is_inverted(const struct bp_result *r)
{
	return r->polarity.verdict == BP_POLARITY_INVERTED;
}

static void advise_inverted(struct bp_result *r)
{
	/* Swapping pins 2 and 3 flips a balanced signal; an unbalanced one
	 * has its ground on the other conductor, so only a phase switch can. */
	if (is_balanced(r))
		bp_result_advise(r, BP_ADVICE_INVERTED,
				 "Polarity inverted (hot on the ring: XLR pin 3 hot): press the phase switch on the console channel, or use a polarity-reversing adapter (pins 2 and 3 swapped). It matters wherever this signal meets another of the same source.");
	else
		bp_result_advise(r, BP_ADVICE_INVERTED,
				 "Polarity inverted on the tip: press the phase switch on the console channel (an adapter cannot flip an unbalanced signal). It matters wherever this signal meets another of the same source.");
}

/* The strongest hum line, or NULL. */
static const struct bp_hum_line *loudest_line(const struct bp_result *r)
{
	const struct bp_hum_line *best = NULL;
	int i;

	for (i = 0; i < r->hum.n_lines; i++)
		if (!best || r->hum.lines[i].dbfs > best->dbfs)
			best = &r->hum.lines[i];
	return best;
}

/* The line carrying most of the ground-loop part, or of the source's
 * part: the one the hum verdict and its table name. */
static const struct bp_hum_line *part_line(const struct bp_result *r, int index)
{
	return index >= 0 && index < r->hum.n_lines ? &r->hum.lines[index] : loudest_line(r);
}

static bool is_ground_loop(const struct bp_result *r)
{
	return r->hum.present && r->hum.ground_loop == BP_YES && loudest_line(r);
}

static void advise_ground_loop(struct bp_result *r)
{
	const struct bp_hum_line *l = part_line(r, r->hum.ground_line);
	/* A balanced input subtracts the legs, so common-mode hum cancels; an
	 * impedance-balanced output (judged unbalanced) gets the same benefit
	 * from a balanced input, a truly unbalanced one does not. */
	const char *path =
		is_balanced(r) ? "A balanced input cancels it: keep the connection balanced (TRS or XLR) end to end."
		: is_unbalanced(r) ? "Unless this output is impedance-balanced and feeds a balanced input, the input hears it in full."
		: "A balanced input cancels it; an unbalanced one passes it on.";

	bp_result_advise(r, BP_ADVICE_GROUND_LOOP,
			 "Ground loop: %.0f Hz mains hum (%.1f dBFS at %.0f Hz) rides equally on tip and ring. %s Power both devices from the same outlet strip, or break the loop with the ground-lift switch of a DI box; never remove the safety earth from a mains plug.",
			 r->hum.mains_hz, l->dbfs, l->hz, path);
}

static bool is_source_hum(const struct bp_result *r)
{
	return r->hum.present && loudest_line(r) && r->hum.ground_loop != BP_UNDECIDED &&
	       !r->hum.open_ring_pickup &&
	       (r->hum.mode == BP_HUM_MODE_DIFFERENTIAL || r->hum.mode == BP_HUM_MODE_MIXED);
}

static void advise_source_hum(struct bp_result *r)
{
	const struct bp_hum_line *l = part_line(r, r->hum.source_line);
	const bool ripple = fabs(l->hz - 2.0 * r->hum.mains_hz) < 3.0;

	bp_result_advise(r, BP_ADVICE_SOURCE_HUM,
			 "%s hum (%.1f dBFS at %.0f Hz%s) is in the source's own signal: a ground lift or a DI box will not remove it. Check the source's power supply and whatever feeds its inputs.",
			 r->hum.mode == BP_HUM_MODE_MIXED ? "Part of the" : "The",
			 l->dbfs, l->hz,
			 ripple ? ", twice mains: typical of power-supply ripple" : "");
}

/* A ground loop and the source's own hum look alike: on the tip of an
 * unbalanced output whose ring may be open, or on both legs of a
 * dual-mono one.  Breaking the loop for a moment tells them apart. */
static bool is_hum_undecided(const struct bp_result *r)
{
	return r->hum.present && loudest_line(r) && r->hum.ground_loop == BP_UNDECIDED;
}

static void advise_hum_undecided(struct bp_result *r)
{
	const struct bp_hum_line *l = loudest_line(r);

	bp_result_advise(r, BP_ADVICE_HUM_UNDECIDED,
			 "%.0f Hz mains hum (%.1f dBFS at %.0f Hz) may be a ground loop or the source's own: break the loop for a moment (the ground-lift switch of a DI box, or both devices on one outlet strip) — if the hum goes, it was a loop; if it stays, check the source's power supply and what feeds it.",
			 r->hum.mains_hz, l->dbfs, l->hz);
}

/* No hum seen, but the programme could hide it. */
static bool is_hum_hidden(const struct bp_result *r)
{
	return r->hum.hidden;
}

static void advise_hum_hidden(struct bp_result *r)
{
	bp_result_advise(r, BP_ADVICE_HUM_HIDDEN,
			 "The programme could hide mains hum as strong as %.1f dBFS: to know, record the port with its programme stopped (balprobe hum).",
			 r->hum.bound_dbfs);
}

static bool is_ring_pickup(const struct bp_result *r)
{
	return r->hum.present && loudest_line(r) && r->hum.open_ring_pickup;
}

static void advise_ring_pickup(struct bp_result *r)
{
	const struct bp_hum_line *l = loudest_line(r);

	bp_result_advise(r, BP_ADVICE_RING_PICKUP,
			 "The output leaves its ring open, and the ring picks up hum by itself (%.1f dBFS at %.0f Hz): an unbalanced input never hears it, but a balanced one does. Use a TS cable, or a TRS cable whose ring is tied to the sleeve at this end.",
			 l->dbfs, l->hz);
}

static bool class_is(const struct bp_result *r, enum bp_level_class c)
{
	/* The class exists only with a calibration (--input-fs-dbu). */
	return r->level.level_class == c && isfinite(r->level.dbu);
}

static bool is_mic_level(const struct bp_result *r)
{
	return class_is(r, BP_CLASS_MIC);
}

static void advise_mic_level(struct bp_result *r)
{
	bp_result_advise(r, BP_ADVICE_MIC_LEVEL,
			 "Mic level (%+.1f dBu): it needs a mic preamp; into a line input it will be far too quiet.",
			 r->level.dbu);
}

static bool is_instrument_level(const struct bp_result *r)
{
	return class_is(r, BP_CLASS_INSTRUMENT);
}

static void advise_instrument_level(struct bp_result *r)
{
	bp_result_advise(r, BP_ADVICE_INSTRUMENT_LEVEL,
			 "Instrument level (%+.1f dBu): use an instrument (Hi-Z) input or a DI box; a line input will be quiet and load the source.",
			 r->level.dbu);
}

static bool is_line_level(const struct bp_result *r)
{
	return class_is(r, BP_CLASS_CONSUMER_LINE) || class_is(r, BP_CLASS_PRO_LINE);
}

static void advise_line_level(struct bp_result *r)
{
	bp_result_advise(r, BP_ADVICE_LINE_LEVEL,
			 "%s level (%+.1f dBu): right for a line input; into a mic input it needs a pad or a DI box with its pad on.",
			 r->level.level_class == BP_CLASS_PRO_LINE ? "Pro line" : "Consumer line",
			 r->level.dbu);
}

static bool is_speaker_level(const struct bp_result *r)
{
	return class_is(r, BP_CLASS_SPEAKER);
}

static void advise_speaker_level(struct bp_result *r)
{
	bp_result_advise(r, BP_ADVICE_SPEAKER_LEVEL,
			 "Speaker level (%+.1f dBu): never connect it to a line or mic input; take a line output instead, or an attenuator or DI box made for speaker level.",
			 r->level.dbu);
}

static bool is_clipping(const struct bp_result *r)
{
	return r->level.clipping;
}

/* What to turn down is what the probe found (r->recorded.remedy, the
 * same words as the invalid reason): the loop's own feedback, a live
 * take's input gain, a file's source. */
static void advise_clipping(struct bp_result *r)
{
	bp_result_advise(r, BP_ADVICE_CLIPPING,
			 "The recording clips (samples sit at full scale): %s.",
			 r->recorded.remedy[0] ? r->recorded.remedy
					       : "turn down the source's output or the interface's input gain and measure again");
}

static const struct rule rules[] = {
	{ BP_ADVICE_BALANCED, "balanced", is_balanced, advise_balanced },
	{ BP_ADVICE_UNBALANCED, "unbalanced", is_unbalanced, advise_unbalanced },
	{ BP_ADVICE_STEREO, "stereo", is_stereo, advise_stereo },
	{ BP_ADVICE_DUAL_MONO, "dual-mono", is_dual_mono, advise_dual_mono },
	{ BP_ADVICE_NO_SIGNAL, "no-signal", is_silent, advise_no_signal },
	{ BP_ADVICE_INVERTED, "inverted", is_inverted, advise_inverted },
	{ BP_ADVICE_GROUND_LOOP, "ground-loop", is_ground_loop, advise_ground_loop },
	{ BP_ADVICE_SOURCE_HUM, "source-hum", is_source_hum, advise_source_hum },
	{ BP_ADVICE_HUM_UNDECIDED, "hum-undecided", is_hum_undecided, advise_hum_undecided },
	{ BP_ADVICE_HUM_HIDDEN, "hum-hidden", is_hum_hidden, advise_hum_hidden },
	{ BP_ADVICE_RING_PICKUP, "ring-pickup", is_ring_pickup, advise_ring_pickup },
	{ BP_ADVICE_MIC_LEVEL, "mic-level", is_mic_level, advise_mic_level },
	{ BP_ADVICE_INSTRUMENT_LEVEL, "instrument-level", is_instrument_level,
	  advise_instrument_level },
	{ BP_ADVICE_LINE_LEVEL, "line-level", is_line_level, advise_line_level },
	{ BP_ADVICE_SPEAKER_LEVEL, "speaker-level", is_speaker_level,
	  advise_speaker_level },
	{ BP_ADVICE_CLIPPING, "clipping", is_clipping, advise_clipping },
	{ BP_ADVICE_LOOP_MONITORING, "loop-monitoring", bp_advice_loop_monitoring,
	  bp_advise_loop_monitoring },
	{ BP_ADVICE_LOOP_GAIN_MOVED, "loop-gain-moved", bp_advice_loop_gain_moved,
	  bp_advise_loop_gain_moved },
	{ BP_ADVICE_LOOP_INPUT_MISMATCH, "loop-input-mismatch", bp_advice_loop_input_mismatch,
	  bp_advise_loop_input_mismatch },
	{ BP_ADVICE_LOOP_INPUT_SHELF, "loop-input-shelf", bp_advice_loop_input_shelf,
	  bp_advise_loop_input_shelf },
	{ BP_ADVICE_LOOP_RESAMPLING, "loop-resampling", bp_advice_loop_resampling,
	  bp_advise_loop_resampling },
};

void bp_advice_fill(struct bp_result *r)
{
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (rules[i].applies(r))
			rules[i].advise(r);
}

const char *bp_advice_rule_name(enum bp_advice_rule rule)
{
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (rules[i].id == rule)
			return rules[i].name;
	return NULL;
}
