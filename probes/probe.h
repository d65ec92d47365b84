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
#include "profile/profile.h"

struct bp_probe_options {
	int mains_hz;            /* 50, 60, or 0 for auto */
	double input_fs_dbu;     /* dBu at the jack that reads 0 dBFS; NAN: none */
	double output_fs_dbu;    /* dBu an output gives at 0 dBFS; NAN: none */
	const char *stimulus_path; /* what was played; NULL: the probe's own */
	double level_dbfs;       /* the probe's own stimulus level */
	bool quick;              /* the probe's own short stimulus */
	bool plots;              /* keep the data a report draws (--report) */
	/* What a live take played, in place of the probe's own plan at
	 * level_dbfs (a survey's one take: survey/one-take.h); NULL: the
	 * probe's own. */
	const struct bp_plan *played_plan;
	/* The interface's profile (--profile, or the card's saved one), or
	 * NULL: its gains correct tip/ring and drive mismatches, its limits
	 * turn figures near them into bounds. */
	const struct bp_profile *profile;
	/* The output a live take plays the plan's first channel on
	 * (1-based); 0 for a file. */
	int output;
	/* The outputs driving an input's tip and ring (1-based): live, as
	 * --tip-out and --ring-out give them; a file's stimulus channels 1
	 * and 2 otherwise. */
	int tip_out, ring_out;
};

/* Options a probe reads beyond those every measurement reads (--mains,
 * --input-fs-dbu, --json, --expect, --report, and --tip and --ring but
 * in a live take of a probe that drives an input).  The CLI refuses an
 * option given to a probe that does not read it, and names in its
 * messages the probes that do. */
enum bp_probe_reads {
	BP_READS_LEVEL = 1 << 0,         /* --level, --quick: its own stimulus */
	BP_READS_STIMULUS = 1 << 1,      /* --stimulus FILE: analyse against
					  * what was played */
	BP_READS_DURATION = 1 << 2,      /* --duration: a live take that only
					  * records */
	BP_READS_OUTPUT_FS_DBU = 1 << 3, /* --output-fs-dbu: it plays through
					  * the output it measures */
	BP_READS_DRIVES = 1 << 4,        /* --tip-out, --ring-out, --right: a
					  * live take that drives an input */
	BP_READS_PROFILE_SAVE = 1 << 5   /* --save-profile: it measures the
					  * interface itself */
};

/* A stimulus a probe reads but never plays itself: the user plays it
 * through the port by other means (a player, a console), and
 * 'balprobe stimulus --probe NAME' writes it. */
struct bp_probe_stimulus {
	const char *name;        /* its --probe NAME for 'stimulus' */
	bp_plan_fn plan;
	const char *holds;       /* what the file holds: "positive pulses" */
};

/* What the polarity tile of a report says when a probe that plays
 * nothing it knows cannot judge polarity (hum). */
#define BP_POLARITY_NEEDS_STIMULUS "needs a known stimulus (out probe)"

struct bp_probe {
	const char *name;
	const char *summary;
	/* Its line in --help's synopsis, after "balprobe [OPTIONS] ": the
	 * command as typed, a space, then a note ("outN (same as: out N)").
	 * NULL: the bare name, on one line with the others that have none. */
	const char *usage;
	/* BP_READS_* */
	unsigned reads;
	/* What a live take plays (NULL: nothing, it only records), and on
	 * which output: a probe that plays is run as NAME N or NAMEN. */
	bp_plan_fn plan;
	/* Stimuli it reads that it does not play, ending with a NULL name;
	 * NULL: none. */
	const struct bp_probe_stimulus *stimuli;
	/* N of a live NAME N names the input under test, not an output: the
	 * plan's two channels drive it (--tip-out, --ring-out) and it comes
	 * back on input N (and --right); a recording may have one channel. */
	bool drives_input;
	/* The output a live take plays on when NAME is given without N
	 * (0: N is required). */
	int default_output;
	/* Its ports can share one take (survey --one-take, the multiple
	 * exponential sweep method): it plays sweeps on its output, and its
	 * analysis finds them in a take where other outputs play too
	 * (opt->played_plan). */
	bool one_take;
	/* How long a live take that only records lasts by default, s. */
	double duration_s;
	/* What a report's polarity tile says when the verdict is unknown:
	 * what would judge it.  NULL: the result's own explanation (a probe
	 * that judges polarity says why it could not). */
	const char *polarity_unknown;
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

/* The stimulus called @name that some probe reads but does not play, or
 * NULL; @owner (may be NULL) gets the probe that reads it. */
const struct bp_probe_stimulus *bp_probe_stimulus_find(const char *name,
							const struct bp_probe **owner);

#endif
