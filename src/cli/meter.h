/* balprobe: the meter a live take draws on stderr while it runs: a
 * progress bar and the tip and ring peaks, redrawn in place on one line.
 */
#ifndef BALPROBE_METER_H
#define BALPROBE_METER_H

#include "engine/engine.h"

struct bp_meter {
	int tip, ring;          /* 0-based inputs whose peaks it shows */
};

/* The engine's progress hooks, drawing @m (which must outlive the
 * take). */
struct bp_engine_progress bp_meter_progress(struct bp_meter *m);

#endif
