/* balprobe: the measurement engine.  It renders a probe's plan, maps it
 * onto the interface's outputs, plays it while recording, repeats a take
 * spoiled by an xrun (at most BP_ENGINE_XRUN_RETRIES times), and ranges
 * the level: the first take plays at the requested level; a return too
 * quiet to judge (peak below BP_ENGINE_QUIET_DBFS) gets another take
 * 10 dB louder, never above BP_LEVEL_CAP_DBFS; a clipped return gets one
 * 10 dB softer.  It never decides a verdict.
 */
#ifndef BALPROBE_ENGINE_H
#define BALPROBE_ENGINE_H

#include <stdbool.h>

#include "device/device.h"
#include "signal/stimulus.h"

#define BP_ENGINE_XRUN_RETRIES 3
#define BP_ENGINE_QUIET_DBFS (-50.0)
#define BP_ENGINE_STEP_DB 10.0
/* Recording runs this much longer than the stimulus, for the loop delay. */
#define BP_ENGINE_TAIL_S 0.5

/* Whom the engine tells how a take goes (the CLI's meter). */
struct bp_engine_progress {
	/* As the device reports it: frames done of all, and the recent peak
	 * of each input (0-based; the options' tip and ring are measured). */
	bp_progress_fn update;
	/* The take was spoiled by an overrun and starts again.  May be
	 * NULL. */
	void (*restarted)(void *ctx);
	void *ctx;
};

struct bp_engine_options {
	const char *device;      /* NULL: the default device */
	double rate_hz;
	double level_dbfs;       /* the first take's stimulus level */
	bool quick;
	int output;              /* 1-based output under test; its pair partner
				  * (1<->2, 3<->4, ...) gets the plan's 2nd channel */
	int ring_drive;          /* 1-based output for the plan's 2nd channel;
				  * 0: the pair partner of @output */
	int tip, ring;           /* 1-based inputs */
	double duration_s;       /* takes without a plan: how long to record */
	const char *save_dir;    /* keep stimulus and recording here; NULL: no */
	const char *save_name;   /* file name stem, e.g. "out1" */
	const struct bp_engine_progress *progress;  /* NULL: nobody */
};

struct bp_take {
	double rate_hz;
	long frames;
	double *tip, *ring;      /* owned; free with bp_take_free() */
	double level_dbfs;       /* stimulus level of the kept take */
	double played_peak;      /* largest sample played (full scale 1.0) */
	int xruns;               /* takes spoiled and repeated */
	char device[128];
	char description[128];
};

/* The file --save writes @what ("stimulus" or "recording") to,
 * DIR/NAME-WHAT.wav, newly allocated; NULL when memory ran out. */
char *bp_engine_save_path(const struct bp_engine_options *o, const char *what);

/* Run a take for @plan_fn (NULL: record only, for duration_s).  Returns 0
 * with @take filled, or a negative code with a detail sentence: device
 * errors as bp_device_open()/run() give them, -EPIPE when every retry
 * overran, BP_E_FILE_WRITE when --save failed. */
int bp_engine_take(const struct bp_engine_options *o, bp_plan_fn plan_fn,
		   struct bp_take *take);

void bp_take_free(struct bp_take *take);

#endif
