/* balprobe: the interface profile's empty state and queries. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "profile/profile.h"

void bp_profile_init(struct bp_profile *p)
{
	int i;

	memset(p, 0, sizeof(*p));
	p->input_fs_dbu = NAN;
	p->output_fs_dbu = NAN;
	for (i = 0; i < BP_PROFILE_CHANNELS; i++) {
		p->input_gain_db[i] = NAN;
		p->output_gain_db[i] = NAN;
	}
	p->loop_gain_db = NAN;
	p->noise_dbfs = NAN;
	p->crosstalk_db = NAN;
	p->thd_n_db = NAN;
	p->rate_hz = NAN;
}

static bool has_gain(const double *gains, int channel)
{
	return channel >= 1 && channel <= BP_PROFILE_CHANNELS &&
	       isfinite(gains[channel - 1]);
}

bool bp_profile_has_input_gain(const struct bp_profile *p, int channel)
{
	return p && has_gain(p->input_gain_db, channel);
}

bool bp_profile_has_output_gain(const struct bp_profile *p, int channel)
{
	return p && has_gain(p->output_gain_db, channel);
}

double bp_profile_input_match_db(const struct bp_profile *p, int a, int b)
{
	if (!bp_profile_has_input_gain(p, a) || !bp_profile_has_input_gain(p, b))
		return NAN;
	return p->input_gain_db[b - 1] - p->input_gain_db[a - 1];
}

double bp_profile_output_match_db(const struct bp_profile *p, int a, int b)
{
	if (!bp_profile_has_output_gain(p, a) || !bp_profile_has_output_gain(p, b))
		return NAN;
	return p->output_gain_db[b - 1] - p->output_gain_db[a - 1];
}

double bp_profile_rounded(double db)
{
	return round(db * 1000.0) / 1000.0 + 0.0;   /* + 0.0 turns -0 into 0 */
}
