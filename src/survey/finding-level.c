/* balprobe: a level step between ports that should match. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "survey/findings.h"

/* The port's gain: for a probe that played its stimulus, the level
 * received less the level played, so ports ranged to different stimulus
 * levels still compare; otherwise the level itself (a programme). */
static double gain_db(const struct bp_survey_entry *e)
{
	const double level = bp_survey_num(e, "level.dbfs");
	const double played = bp_survey_num(e, "stimulus_level_dbfs");

	return isfinite(played) ? level - played : level;
}

void bp_finding_level_step(struct bp_survey *s, const int *members, int n)
{
	struct bp_finding *f;
	int i, hi = -1, lo = -1;
	double step;
	const char *khi, *klo;
	char kinds[200] = "";

	for (i = 0; i < n; i++) {
		const double g = gain_db(&s->entries[members[i]]);

		if (!isfinite(g))
			continue;
		if (hi < 0 || g > gain_db(&s->entries[hi]))
			hi = members[i];
		if (lo < 0 || g < gain_db(&s->entries[lo]))
			lo = members[i];
	}
	if (hi < 0 || hi == lo)
		return;
	step = gain_db(&s->entries[hi]) - gain_db(&s->entries[lo]);
	if (step < BP_FINDING_STEP_DB || !(f = bp_finding_add(s, BP_FINDING_LEVEL_STEP)))
		return;
	f->ports[f->n_ports++] = hi;
	f->ports[f->n_ports++] = lo;
	f->figure = step;
	khi = bp_survey_str(&s->entries[hi], "jack.verdict");
	klo = bp_survey_str(&s->entries[lo], "jack.verdict");
	if (khi && klo && strcmp(khi, klo) != 0)
		snprintf(kinds, sizeof(kinds), " (here %s reads %s, %s %s)", s->ports[hi].label, khi,
			 s->ports[lo].label, klo);
	if (fabs(step - 6.02) <= BP_FINDING_HALF_TOL_DB)
		snprintf(f->explanation, sizeof(f->explanation),
			 "%s is %.1f dB quieter than %s, ports that should match: about 6 dB is the half of a balanced signal that is lost when only one leg arrives%s. Likely a TS (mono) cable on a balanced port, shorting the ring to the sleeve, or a balanced output into an unbalanced input. Use TRS or XLR cables end to end and check that the input is balanced.",
			 s->ports[lo].label, step, s->ports[hi].label,
			 kinds);
	else
		snprintf(f->explanation, sizeof(f->explanation),
			 "%s is %.1f dB quieter than %s, ports that should match. Not the 6 dB of a lost leg: a fader, trim, pad or send level differs. Set them alike and measure again.",
			 s->ports[lo].label, step, s->ports[hi].label);
}
