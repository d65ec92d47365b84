#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>

#include "analyse/balance.h"
#include "analyse/hum-family.h"
#include "result/plot-capture.h"
#include "analyse/polarity.h"
#include "probes/input-match.h"
#include "probes/probe.h"
#include "analyse/scan.h"

/* The polarity pulse track, a stimulus listen reads but never plays: on
 * one output, raised-cosine pulses 1 ms long, four a second, all
 * positive, peaking at @level_dbfs; a player or console plays it through
 * any port.  A 1 ms pulse has its energy below 2 kHz, so any port and any
 * converter pass it whole, and an AC coupling at a few hertz leaves its
 * positive lobe standing far above the undershoot.  30 s (@quick: 10 s). */
static int plan_polarity(struct bp_plan *plan, double rate_hz, double level_dbfs,
			 bool quick)
{
	const double lead = 0.05, pulses = quick ? 10.0 : 30.0;
	const double pulses_per_s = 4.0, pulse_hz = 1000.0;

	if (bp_plan_start(plan, rate_hz, level_dbfs, 1) != 0)
		return -EINVAL;
	bp_plan_add(plan, BP_SEG_PULSES, 0, lead, pulses, pulses_per_s, pulse_hz, level_dbfs);
	plan->length = lround((lead + pulses) * rate_hz);
	return 0;
}

static const struct bp_probe_stimulus listen_stimuli[] = {
	{ "polarity", plan_polarity, "positive pulses" },
	{ NULL, NULL, NULL }
};

/* A few cycles of the programme: enough to see one leg mirror the other. */
#define WAVE_S 0.01

/* Listen: the port plays whatever it plays; judge it from the legs. */
static int listen_analyse(struct bp_recording *rec,
			  const struct bp_probe_options *opt,
			  struct bp_result *r)
{
	struct bp_scan scan;
	struct bp_balance fig;
	const struct bp_spectra *sp;
	enum bp_jack_verdict judged;
	int err;

	err = bp_scan_recording(rec, bp_probe_ring_gain(opt, r), WAVE_S, true, &scan);
	if (err)
		return err;
	sp = bp_welch_spectra(scan.welch);
	/* The lines first, to leave them out of the jack's figures; then
	 * the hum again, judged for the port's kind. */
	bp_hum_analyse(sp, opt->mains_hz, BP_JACK_UNKNOWN, &r->hum);
	bp_balance_analyse(sp, &r->hum, &fig, &r->jack);
	bp_jack_note_input_match(&r->jack, r->input_match_db);
	bp_hum_analyse(sp, opt->mains_hz, r->jack.verdict, &r->hum);
	/* The validity check overrules it with its reason. */
	bp_polarity_from_programme(scan.polarity, r->jack.verdict, &r->polarity);
	bp_level_meter_recorded(scan.meter, &r->recorded);
	snprintf(r->recorded.remedy, sizeof(r->recorded.remedy),
		 "turn down the source or the interface's input gain and measure again");
	r->recorded.digital_silence = bp_level_meter_digital_silence(scan.meter);
	if (r->recorded.digital_silence) {
		r->jack.verdict = BP_JACK_NO_SIGNAL;
		snprintf(r->jack.explanation, sizeof(r->jack.explanation), "%s",
			 BP_DIGITAL_SILENCE_REASON);
	}
	/* What a balanced input receives follows the verdict the validity
	 * check will leave. */
	judged = bp_result_legs_judgeable(r->recorded.clipped_samples, r->recorded.stuck_legs)
			 ? r->jack.verdict : BP_JACK_UNKNOWN;
	bp_level_analyse(scan.meter, judged, opt->input_fs_dbu, &r->level);
	if (opt->plots) {
		bp_plot_capture_spectrum(&r->plot.spectrum, sp);
		r->plot.wave = scan.wave;
	}
	bp_scan_free(&scan);
	return 0;
}

const struct bp_probe bp_probe_listen = {
	.name = "listen",
	.summary = "judge a port from whatever it plays: jack, level, hum, polarity",
	.reads = BP_READS_DURATION,
	.stimuli = listen_stimuli,
	.duration_s = 5.0,
	.polarity_unknown = "needs a pulse track (stimulus --probe polarity) or the out probe",
	.analyse = listen_analyse,
};
