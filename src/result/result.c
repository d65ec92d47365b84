#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "result/result.h"

static const char *const jack_names[] = {
	[BP_JACK_UNKNOWN] = "unknown",
	[BP_JACK_BALANCED] = "balanced",
	[BP_JACK_UNBALANCED] = "unbalanced",
	[BP_JACK_STEREO] = "stereo",
	[BP_JACK_DUAL_MONO] = "dual-mono",
	[BP_JACK_NO_SIGNAL] = "no-signal",
};

static const char *const polarity_names[] = {
	[BP_POLARITY_UNKNOWN] = "unknown",
	[BP_POLARITY_NORMAL] = "normal",
	[BP_POLARITY_INVERTED] = "inverted",
};

static const char *const class_names[] = {
	[BP_CLASS_NONE] = NULL,
	[BP_CLASS_MIC] = "mic",
	[BP_CLASS_INSTRUMENT] = "instrument",
	[BP_CLASS_CONSUMER_LINE] = "consumer-line",
	[BP_CLASS_PRO_LINE] = "pro-line",
	[BP_CLASS_SPEAKER] = "speaker",
};

static const char *const mode_names[] = {
	[BP_HUM_MODE_NONE] = NULL,
	[BP_HUM_MODE_COMMON] = "common",
	[BP_HUM_MODE_DIFFERENTIAL] = "differential",
	[BP_HUM_MODE_MIXED] = "mixed",
};

void bp_result_init(struct bp_result *r)
{
	memset(r, 0, sizeof(*r));
	r->input.rate_hz = NAN;
	r->jack.verdict = BP_JACK_UNKNOWN;
	r->jack.confidence = NAN;
	r->jack.ring_db = NAN;
	r->polarity.verdict = BP_POLARITY_UNKNOWN;
	r->level.tip_dbfs = r->level.ring_dbfs = NAN;
	r->level.dbfs = r->level.dbu = r->level.dbv = NAN;
	r->level.peak_dbfs = NAN;
	r->level.level_class = BP_CLASS_NONE;
	r->hum.mains_hz = NAN;
	r->hum.fundamental_dbfs = NAN;
	r->hum.mode = BP_HUM_MODE_NONE;
	r->hum.ground_loop = BP_UNDECIDED;
	r->hum.bound_dbfs = NAN;
	r->hum.ground_line = r->hum.source_line = -1;
	r->level.output_fs_dbu = NAN;
	r->latency.samples = r->latency.ms = r->latency.uncertainty_samples = NAN;
	r->response.gain_db = NAN;
	r->response.f_low_3db = r->response.f_high_3db = NAN;
	r->distortion.thd_percent = NAN;
	r->crosstalk_db = NAN;
	r->stimulus_level_dbfs = NAN;
	r->input_match_db = NAN;
	r->loop.loop_gain_db = r->loop.noise_dbfs = r->loop.noise_dbfs_a = NAN;
	r->loop.dynamic_range_db = r->loop.thd_n_db = r->loop.imd_db = NAN;
	r->loop.crosstalk_db = r->loop.gain_outputs_db = r->loop.gain_inputs_db = NAN;
	r->loop.pair_gain_db = r->loop.second_arrival_ms = r->loop.second_arrival_db = NAN;
	r->loop.gain_moved_db = r->loop.shelf_db = r->loop.resampler_hz = NAN;
}

void bp_result_advise(struct bp_result *r, enum bp_advice_rule rule,
		      const char *fmt, ...)
{
	va_list ap;

	if (r->n_advice >= BP_ADVICE_MAX)
		return;
	r->advice[r->n_advice].rule = rule;
	va_start(ap, fmt);
	vsnprintf(r->advice[r->n_advice++].text, BP_ADVICE_LEN, fmt, ap);
	va_end(ap);
}

void bp_result_invalidate(struct bp_result *r, const char *fmt, ...)
{
	va_list ap;

	r->invalid = true;
	va_start(ap, fmt);
	vsnprintf(r->invalid_reason, sizeof(r->invalid_reason), fmt, ap);
	va_end(ap);
}

/* Jack and polarity unknown, for @why ("the recording clips"). */
static void unjudged(struct bp_result *r, const char *why)
{
	r->jack.verdict = BP_JACK_UNKNOWN;
	r->jack.confidence = NAN;
	r->jack.ring_db = NAN;
	snprintf(r->jack.explanation, sizeof(r->jack.explanation),
		 "%s, so its legs cannot be judged", why);
	r->polarity.verdict = BP_POLARITY_UNKNOWN;
	snprintf(r->polarity.explanation, sizeof(r->polarity.explanation),
		 "%s, so the polarity cannot be judged", why);
}

bool bp_result_legs_judgeable(long clipped, unsigned stuck_legs)
{
	return !stuck_legs && clipped <= 0;
}

void bp_result_check_validity(struct bp_result *r, long clipped,
			      unsigned stuck_legs, const char *remedy)
{
	char why[128];

	if (bp_result_legs_judgeable(clipped, stuck_legs)) {
		if (r->jack.verdict == BP_JACK_NO_SIGNAL)
			bp_result_invalidate(r, "no signal: %s", r->jack.explanation);
	} else if (stuck_legs) {
		snprintf(why, sizeof(why), "%s stuck at full scale for the whole recording",
			 stuck_legs == (BP_LEG_TIP | BP_LEG_RING) ? "tip and ring are" :
			 stuck_legs == BP_LEG_TIP ? "the tip is" : "the ring is");
		unjudged(r, why);
		bp_result_invalidate(r, "%s: a fault in the cable, the port or the interface's input, not a level to turn down — try another cable or input",
				     why);
	} else {
		snprintf(why, sizeof(why), "the recording clips (%ld samples at full scale)",
			 clipped);
		unjudged(r, why);
		bp_result_invalidate(r, "%s: %s", why, remedy);
	}
}

const char *bp_jack_verdict_name(enum bp_jack_verdict v)
{
	return jack_names[v];
}

const char *bp_polarity_verdict_name(enum bp_polarity_verdict v)
{
	return polarity_names[v];
}

const char *bp_level_class_name(enum bp_level_class c)
{
	return class_names[c];
}

const char *bp_hum_mode_name(enum bp_hum_mode m)
{
	return mode_names[m];
}

int bp_jack_verdict_parse(const char *name, enum bp_jack_verdict *out)
{
	size_t i;

	for (i = 0; i < sizeof(jack_names) / sizeof(jack_names[0]); i++)
		if (strcmp(name, jack_names[i]) == 0) {
			*out = (enum bp_jack_verdict)i;
			return 0;
		}
	return -EINVAL;
}
