#include "config.h"

#include <string.h>

#include "analyse/level.h"
#include "probes/probe.h"
#include "report/advice-input.h"
#include "report/advice.h"

#define BP_PROBE(name) extern const struct bp_probe bp_probe_##name;
#include "probes.def"
#undef BP_PROBE

static const struct bp_probe *const probes[] = {
#define BP_PROBE(name) &bp_probe_##name,
#include "probes.def"
#undef BP_PROBE
};

const struct bp_probe *bp_probe_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		if (strcmp(probes[i]->name, name) == 0)
			return probes[i];
	return NULL;
}

const struct bp_probe *bp_probe_at(size_t i)
{
	return i < sizeof(probes) / sizeof(probes[0]) ? probes[i] : NULL;
}

int bp_probe_analyse(const struct bp_probe *probe, struct bp_recording *rec,
		     const struct bp_probe_options *opt, struct bp_result *r)
{
	const struct bp_recorded *rd = &r->recorded;
	int err;

	memset(&r->recorded, 0, sizeof(r->recorded));
	err = probe->analyse(rec, opt, r);
	if (err || r->invalid)
		return err;
	r->level.clipping = rd->clipped_samples > 0;
	bp_result_check_validity(r, rd->clipped_samples, rd->stuck_legs, rd->remedy);
	/* A live input always carries some noise: digital silence means
	 * nothing was recorded, whatever the analysis made of it. */
	if (rd->digital_silence)
		bp_result_invalidate(r, BP_DIGITAL_SILENCE_REASON);
	if (probe->drives_input)
		bp_advice_input_fill(r);
	else
		bp_advice_fill(r);
	return 0;
}

const struct bp_probe_stimulus *bp_probe_stimulus_find(const char *name,
							const struct bp_probe **owner)
{
	const struct bp_probe_stimulus *st;
	size_t i;

	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		for (st = probes[i]->stimuli; st && st->name; st++)
			if (strcmp(st->name, name) == 0) {
				if (owner)
					*owner = probes[i];
				return st;
			}
	return NULL;
}
