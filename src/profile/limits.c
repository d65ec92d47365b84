#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "profile/limits.h"

static bool at_limit(double reading_db, double limit_db)
{
	return isfinite(reading_db) && isfinite(limit_db) &&
	       reading_db <= limit_db + BP_LIMIT_MARGIN_DB;
}

void bp_limits_apply(const struct bp_profile *p, struct bp_result *r)
{
	const struct bp_distortion_result *d = &r->distortion;
	const double thd_db = d->thd_percent > 0.0 ? 20.0 * log10(d->thd_percent / 100.0) : NAN;
	char what[2][96] = { "", "" };
	int n = 0;

	if (!p)
		return;
	if (at_limit(r->crosstalk_db, p->crosstalk_db)) {
		r->crosstalk_is_bound = true;
		snprintf(what[n++], sizeof(what[0]), "crosstalk (the interface's own: %.1f dB)",
			 p->crosstalk_db);
	}
	/* The interface's THD+N at -1 dBFS: its harmonics at the probe's
	 * lower level are no stronger, so a port's THD at or under it
	 * cannot be told from the interface's. */
	if (at_limit(thd_db, p->thd_n_db)) {
		r->distortion.thd_is_bound = true;
		snprintf(what[n++], sizeof(what[0]), "THD (the interface's own THD+N: %.1f dB)",
			 p->thd_n_db);
	}
	if (n > 0)
		snprintf(r->interface_limits, sizeof(r->interface_limits),
			 "%s%s%s within %.0f dB of what the interface itself reaches (profile %s), so %s only a bound: the port may be better",
			 what[0], n > 1 ? " and " : "", what[1], BP_LIMIT_MARGIN_DB,
			 p->name[0] ? p->name : "given", n > 1 ? "each is" : "it is");
}
