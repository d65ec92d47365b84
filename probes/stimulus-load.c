#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "analyse/level.h"
#include "analyse/played.h"
#include "probes/stimulus-load.h"
#include "util/errors.h"

int bp_stimulus_own(bp_plan_fn plan_fn, const struct bp_probe_options *opt, double rate_hz,
		    struct bp_plan *plan, double **samples)
{
	if (opt->played_plan && opt->played_plan->rate_hz == rate_hz) {
		*plan = *opt->played_plan;
	} else if (plan_fn(plan, rate_hz, opt->level_dbfs, opt->quick) != 0) {
		bp_error_set_detail("--level %.1f is above the %.0f dBFS cap",
				    opt->level_dbfs, BP_LEVEL_CAP_DBFS);
		return BP_E_STIMULUS;
	}
	*samples = bp_plan_render(plan);
	return *samples ? 0 : BP_E_NOMEM;
}

int bp_stimulus_check_rate(const char *path, double stimulus_hz, double recording_hz)
{
	if (stimulus_hz == recording_hz)
		return 0;
	bp_error_set_detail("%s: the stimulus runs at %.0f Hz but the recording at %.0f Hz — record at the stimulus's rate",
			    path, stimulus_hz, recording_hz);
	return BP_E_STIMULUS;
}

int bp_stimulus_load_legs(struct bp_recording *rec, long length, double **tip,
			  double **ring, long *len)
{
	const struct bp_recording_info *info = bp_recording_info(rec);
	long want = length + 2 * lround(BP_PLAYED_SEARCH_S * info->rate_hz);

	if (info->frames < want)
		want = (long)info->frames;
	*tip = malloc((size_t)want * sizeof(double));
	*ring = malloc((size_t)want * sizeof(double));
	if (!*tip || !*ring)
		return BP_E_NOMEM;
	*len = bp_recording_read_full(rec, *tip, *ring, want);
	if (*len < 0)
		return (int)*len;
	if (*len < length / 2) {
		bp_error_set_detail("%s: lasts %.2f s but the stimulus %.2f s — record the whole stimulus",
				    info->path, (double)*len / info->rate_hz,
				    (double)length / info->rate_hz);
		return BP_E_STIMULUS;
	}
	return 0;
}

int bp_stimulus_legs_ready(double *tip, double *ring, long len, double rate_hz,
			   struct bp_recorded *recorded)
{
	int err = bp_level_recorded(tip, ring, (size_t)len, rate_hz, recorded);

	if (!err)
		err = bp_played_remove_dc(tip, (size_t)len);
	if (!err)
		err = bp_played_remove_dc(ring, (size_t)len);
	return err;
}
