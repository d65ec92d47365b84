#include "config.h"

#include <math.h>

#include "analyse/loop-pitfalls.h"
#include "analyse/response.h"
#include "analyse/second-arrival.h"

#define SIXTH_OCTAVE 1.122462

static void shelf(const struct bp_transfer *tf, const double complex *h, double hi_hz,
		  struct bp_result *r)
{
	double rise;

	if (hi_hz < 10000.0)
		return;
	rise = bp_response_db_at(tf, h, 10000.0) - bp_response_db_at(tf, h, 1000.0);
	if (rise > BP_LOOP_SHELF_DB)
		r->loop.shelf_db = rise;
}

static void resampling(const struct bp_transfer *tf, const double complex *h, double hi_hz,
		       struct bp_result *r)
{
	const double f3 = r->response.f_high_3db;

	if (!isfinite(f3) || f3 >= 0.42 * tf->rate_hz || f3 * SIXTH_OCTAVE > hi_hz)
		return;
	if (bp_response_db_at(tf, h, f3 * SIXTH_OCTAVE) - bp_response_db_at(tf, h, 1000.0) <
	    BP_LOOP_STEEP_DB)
		r->loop.resampler_hz = f3;
}

int bp_loop_pitfalls(const struct bp_transfer *tf, const double complex *h, double hi_hz,
		     const struct bp_profile *profile, struct bp_result *r)
{
	struct bp_loop_result *l = &r->loop;
	int err;

	if (profile && isfinite(profile->loop_gain_db) && isfinite(l->loop_gain_db) &&
	    fabs(l->loop_gain_db - profile->loop_gain_db) > BP_LOOP_GAIN_MOVED_DB)
		l->gain_moved_db = l->loop_gain_db - profile->loop_gain_db;
	l->input_mismatch = isfinite(l->gain_inputs_db) &&
			    l->cabling == BP_LOOP_CABLING_SPLIT &&
			    fabs(l->gain_inputs_db) > BP_LOOP_INPUT_MATCH_DB;
	err = bp_second_arrival(tf, h, &l->second_arrival_ms, &l->second_arrival_db);
	/* A second arrival combs the response: its peaks are no shelf. */
	if (!err && !isfinite(l->second_arrival_ms))
		shelf(tf, h, hi_hz, r);
	resampling(tf, h, hi_hz, r);
	return err;
}
