/* balprobe: faults the simulated interface injects into its takes, so the
 * tests can drive every failure a real interface has through the real
 * engine and probes.
 *
 * Items of a sim name (see balprobe(1), "The simulated interface"):
 *
 *   xrun=N[@FRAME]   the first N takes (0..1000) overrun at capture frame
 *                    FRAME (default: at the end of the take)
 *   vanish[@FRAME]   the device disappears at FRAME of every take
 *                    (default: half-way)
 *   short=N          the capture stops delivering N frames before the
 *                    end of every take
 *   silence          every input records digital silence (exact zeros)
 *   dc=X             X added to every recorded sample: a converter
 *                    offset, linear, full scale 1.0, -1 < X < 1
 *   stuck=tip|ring   input 1 (the tip) or 2 (the ring) stuck at the
 *                    largest 24-bit code, +1 - 2^-23 (both: give both)
 *
 * A FRAME at or past the end of a take never comes: that take runs clean.
 * When several faults stop a take, the earliest frame wins.
 */
#ifndef BALPROBE_SIM_FAULT_H
#define BALPROBE_SIM_FAULT_H

#include <stdbool.h>

/* Inputs stuck at full scale, as bits. */
enum bp_sim_stuck {
	BP_SIM_STUCK_TIP = 1,
	BP_SIM_STUCK_RING = 2,
};

struct bp_sim_fault {
	int xruns_left;          /* takes still to spoil */
	long xrun_frame;         /* -1: at the end of the take */
	bool vanish;
	long vanish_frame;       /* -1: half-way */
	long short_frames;       /* 0: the capture runs to its end */
	bool silence;
	double dc;               /* full scale 1.0 */
	unsigned stuck;          /* enum bp_sim_stuck bits */
};

/* No fault at all. */
void bp_sim_fault_init(struct bp_sim_fault *f);

/* Parse one item of a sim name into @f.  Returns 0 when @item is a fault
 * item, 1 when it is not one (the caller tries its own items), -EINVAL
 * for a fault item whose value is missing or out of range. */
int bp_sim_fault_parse(struct bp_sim_fault *f, const char *item);

/* Where a take of @frames capture frames on the device @name stops: sets
 * @delivered (0..@frames) to the frames captured before the fault and
 * returns 0 (no fault: @delivered = @frames), -EPIPE (an overrun, one of
 * xruns_left used up), -ENODEV (the device vanished) or -EIO (the capture
 * stopped delivering), each with a detail sentence. */
int bp_sim_fault_take(struct bp_sim_fault *f, const char *name, long frames,
		      long *delivered);

/* Apply the signal faults (silence, dc, stuck) to @frames interleaved
 * frames of @inputs channels; with @clip the result is clipped to full
 * scale again, as a converter would. */
void bp_sim_fault_apply(const struct bp_sim_fault *f, double *capture,
			long frames, int inputs, bool clip);

#endif
