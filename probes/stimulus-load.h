/* balprobe: the stimulus a probe that plays analyses its recording
 * against, shared by every such probe.
 */
#ifndef BALPROBE_STIMULUS_LOAD_H
#define BALPROBE_STIMULUS_LOAD_H

#include <stddef.h>

#include "io/audio-file.h"
#include "probes/probe.h"
#include "signal/stimulus.h"

/* The probe's own stimulus: @plan_fn's plan at @rate_hz with
 * @opt->level_dbfs and @opt->quick into @plan, rendered into @samples
 * (free() it).  Returns 0, BP_E_STIMULUS with a detail sentence (the
 * level is above the cap), or BP_E_NOMEM. */
int bp_stimulus_own(bp_plan_fn plan_fn, const struct bp_probe_options *opt, double rate_hz,
		    struct bp_plan *plan, double **samples);

/* 0 when the stimulus file @path runs at @stimulus_hz, the recording's
 * rate @recording_hz; else BP_E_STIMULUS with a detail sentence. */
int bp_stimulus_check_rate(const char *path, double stimulus_hz, double recording_hz);

/* The recording of a stimulus @length samples long: its legs @tip and
 * @ring (free() both, whatever the return) for that length plus the
 * search margin either way (BP_PLAYED_SEARCH_S), as far as it goes, and
 * how many samples that is in @len.  Returns 0, the recording's error,
 * BP_E_NOMEM, or BP_E_STIMULUS with a detail sentence when less than
 * half the stimulus was recorded. */
int bp_stimulus_load_legs(struct bp_recording *rec, long length, double **tip,
			  double **ring, long *len);

/* Legs @tip and @ring (@len samples at @rate_hz) as recorded into
 * @recorded, for the validity check every result gets; then each
 * without its DC, as the analysis wants them.  Returns 0 or BP_E_NOMEM. */
int bp_stimulus_legs_ready(double *tip, double *ring, long len, double rate_hz,
			   struct bp_recorded *recorded);

#endif
