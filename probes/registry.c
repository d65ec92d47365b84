#include "config.h"

#include <string.h>

#include "probes/probe.h"

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
