#include "config.h"

#include <stdio.h>

#include "analyse/hum-family.h"
#include "analyse/level.h"
#include "result/plot-capture.h"
#include "probes/input-match.h"
#include "probes/probe.h"
#include "analyse/scan.h"

/* Two cycles of 50 Hz mains (2.4 of 60 Hz): enough to see whether the
 * legs hum together or against each other. */
#define WAVE_S 0.04

/* Hum: nothing plays; find mains lines and name their cause. */
static int hum_analyse(struct bp_recording *rec,
		       const struct bp_probe_options *opt, struct bp_result *r)
{
	struct bp_scan scan;
	int err;

	err = bp_scan_recording(rec, bp_probe_ring_gain(opt, r), WAVE_S, false, &scan);
	if (err)
		return err;
	bp_hum_analyse(bp_welch_spectra(scan.welch), opt->mains_hz, BP_JACK_UNKNOWN,
		       &r->hum);
	if (opt->plots) {
		bp_plot_capture_spectrum(&r->plot.spectrum, bp_welch_spectra(scan.welch));
		r->plot.wave = scan.wave;
	}
	bp_level_analyse(scan.meter, BP_JACK_UNKNOWN, opt->input_fs_dbu, &r->level);
	snprintf(r->jack.explanation, sizeof(r->jack.explanation),
		 "the hum probe plays nothing, so it does not judge the jack");
	snprintf(r->polarity.explanation, sizeof(r->polarity.explanation),
		 "the hum probe plays nothing, so it does not judge polarity");
	bp_level_meter_recorded(scan.meter, &r->recorded);
	/* Not a port free of hum: nothing was recorded. */
	r->recorded.digital_silence = bp_level_meter_digital_silence(scan.meter);
	snprintf(r->recorded.remedy, sizeof(r->recorded.remedy),
		 "turn down the interface's input gain and record again");
	bp_scan_free(&scan);
	return 0;
}

const struct bp_probe bp_probe_hum = {
	.name = "hum",
	.summary = "record with nothing playing: mains hum and ground loops",
	.reads = BP_READS_DURATION,
	.duration_s = 5.0,
	.polarity_unknown = BP_POLARITY_NEEDS_STIMULUS,
	.analyse = hum_analyse,
};
