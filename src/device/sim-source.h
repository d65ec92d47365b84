/* balprobe: a known source at the simulated interface's inputs, for
 * 'balprobe calibrate --source-dbu': the sim item source=HZ:DBFS adds a
 * sine of HZ at DBFS (AES17: a sine with peaks at full scale is 0 dBFS)
 * to every input, as a signal generator plugged into the input being
 * calibrated would give. */
#ifndef BALPROBE_SIM_SOURCE_H
#define BALPROBE_SIM_SOURCE_H

#include <stdbool.h>

struct bp_sim_source {
	bool on;
	double hz, dbfs;
};

/* Parse one item of a sim name.  Returns 0 when @item is source=HZ:DBFS
 * (into @s), 1 when it is not a source item, -ERANGE with a detail
 * sentence naming @name for a source item out of range. */
int bp_sim_source_parse(struct bp_sim_source *s, const char *name, const char *item);

/* Add the source to @frames interleaved frames of @inputs channels at
 * @rate_hz. */
void bp_sim_source_add(const struct bp_sim_source *s, double rate_hz, double *capture,
		       long frames, int inputs);

#endif
