/* balprobe: probes, each a small table of what it is and how it analyses.
 *
 * A probe lives in probes/NAME.c as `const struct bp_probe bp_probe_NAME`
 * and is listed once in probes/probes.def; nothing outside probes/ knows a
 * probe by name.
 */
#ifndef BALPROBE_PROBE_H
#define BALPROBE_PROBE_H

#include <stdbool.h>

#include "result/result.h"
#include "signal/stimulus.h"
#include "io/audio-file.h"

struct bp_probe_options {
	int mains_hz;            /* 50, 60, or 0 for auto */
	double input_fs_dbu;     /* dBu at the jack that reads 0 dBFS; NAN: none */
	double output_fs_dbu;    /* dBu an output gives at 0 dBFS; NAN: none */
	const char *stimulus_path; /* what was played; NULL: the probe's own */
	double level_dbfs;       /* the probe's own stimulus level */
	bool quick;              /* the probe's own short stimulus */
	bool plots;              /* keep the data a report draws (--report) */
};

struct bp_probe {
	const char *name;
	const char *summary;
	/* What a live take plays (NULL: nothing, it only records), and on
	 * which output: a probe that plays is run as NAME N or NAMEN. */
	bp_plan_fn plan;
	/* N of a live NAME N names the input under test, not an output: the
	 * plan's two channels drive it (--tip-out, --ring-out) and it comes
	 * back on input N (and --right); a recording may have one channel. */
	bool drives_input;
	/* How long a live take that only records lasts by default, s. */
	double duration_s;
	/* Analyse the recording @rec into @r (already bp_result_init()ed, with
	 * its input described).  Returns 0 when a result was produced (it may
	 * still be marked invalid) or a negative code with a detail sentence. */
	int (*analyse)(struct bp_recording *rec,
		       const struct bp_probe_options *opt, struct bp_result *r);
};

/* The probe called @name, or NULL. */
const struct bp_probe *bp_probe_find(const char *name);

/* Probes in registry order; NULL past the last. */
const struct bp_probe *bp_probe_at(size_t i);

/* Analyse @rec with @probe into @r (bp_result_init()ed, its input
 * described), then what every result gets once, whatever the probe: the
 * validity check on what the analysis reported of the recording as
 * recorded (r->recorded), and the advice (an input's for a probe that
 * drives an input).  A result the analysis itself marked invalid keeps
 * its reason and gets neither.  Returns as probe->analyse does. */
int bp_probe_analyse(const struct bp_probe *probe, struct bp_recording *rec,
		     const struct bp_probe_options *opt, struct bp_result *r);

#endif
