#include "config.h"

#include <math.h>
#include <stdio.h>

#include "advice.h"
#include "balance.h"
#include "hum.h"
#include "polarity.h"
#include "probe.h"
#include "scan.h"

/* Listen: the port plays whatever it plays; judge it from the legs. */
static int listen_analyse(struct bp_recording *rec,
			  const struct bp_probe_options *opt,
			  struct bp_result *r)
{
	struct bp_scan scan;
	struct bp_balance fig;
	const struct bp_spectra *sp;
	long clipped;
	int err;

	err = bp_scan_recording(rec, &scan);
	if (err)
		return err;
	sp = bp_welch_spectra(scan.welch);
	bp_hum_analyse(sp, opt->mains_hz, &r->hum);
	bp_balance_analyse(sp, &r->hum, &fig, &r->jack);
	clipped = bp_level_meter_clipped_samples(scan.meter);
	if (clipped > 0) {
		r->jack.verdict = BP_JACK_UNKNOWN;
		r->jack.confidence = NAN;
		snprintf(r->jack.explanation, sizeof(r->jack.explanation),
			 "the recording clips (%ld samples at full scale), so its legs cannot be compared",
			 clipped);
		bp_result_invalidate(r, "the recording clips (%ld samples at full scale): lower the level and record again",
				     clipped);
	} else if (r->jack.verdict == BP_JACK_NO_SIGNAL) {
		bp_result_invalidate(r, "no signal on tip or ring: %s",
				     r->jack.explanation);
	}
	bp_level_analyse(scan.meter, r->jack.verdict, opt->input_fs_dbu, &r->level);
	bp_polarity_without_reference(r->jack.verdict, &r->polarity);
	bp_advice_fill(r);
	bp_scan_free(&scan);
	return 0;
}

const struct bp_probe bp_probe_listen = {
	.name = "listen",
	.summary = "judge a port from whatever it plays: jack, level, hum",
	.duration_s = 5.0,
	.analyse = listen_analyse,
};
