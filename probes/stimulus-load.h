/* balprobe: the stimulus a probe that plays analyses its recording
 * against, shared by every such probe.
 */
#ifndef BALPROBE_STIMULUS_LOAD_H
#define BALPROBE_STIMULUS_LOAD_H

#include <stddef.h>

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

#endif
