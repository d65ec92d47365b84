/* balprobe: what a probe plays.
 *
 * A plan is a list of segments on a timeline: exponential sine sweeps
 * (Farina 2000), steady tones, silence.  It renders to multichannel audio
 * (one channel per interface output the probe drives) and travels inside a
 * stimulus WAV as a one-line text in the file's comment, so a recording
 * made anywhere can be analysed against it with nothing else.
 *
 * Every segment starts and ends with a raised-cosine fade (a pulse train's
 * pulses are raised cosines themselves), and no sample exceeds the plan's
 * level: a sweep or tone of level L dBFS (AES17) has
 * peaks of exactly 10^(L/20) (a two-tone's are 1.25 times that).
 */
#ifndef BALPROBE_STIMULUS_H
#define BALPROBE_STIMULUS_H

#include <stdbool.h>
#include <stddef.h>

#define BP_PLAN_SEGMENTS_MAX 8
/* Room for any plan's text: the header and 8 segments of at most 150. */
#define BP_PLAN_TEXT_MAX 2048
/* Loudest stimulus balprobe plays (dBFS). */
#define BP_LEVEL_CAP_DBFS (-3.0)
/* Loudest a tone may be, dBFS: the AES17 full-level tone (-1 dBFS) that
 * only the loop probe plays, into the interface's own input through a
 * plain cable.  A two-tone's peak stays within it. */
#define BP_LEVEL_TONE_CAP_DBFS (-1.0)

enum bp_segment_kind {
	BP_SEG_SWEEP,
	BP_SEG_TONE,
	BP_SEG_SILENCE,
	BP_SEG_PULSES,
	BP_SEG_TWO_TONE         /* SMPTE IMD: f1 at the level, f2 at a
				 * quarter of its amplitude (4:1) */
};

struct bp_segment {
	enum bp_segment_kind kind;
	int channel;            /* 0-based output; -1 for silence on all */
	long start, length;     /* samples from the plan's start */
	double f1_hz, f2_hz;    /* sweep from f1 to f2; a tone is at f1;
				 * pulses: f1 a second, each 1/f2 s long */
	double level_dbfs;      /* AES17: a sine's peak is 10^(level/20);
				 * a pulse's peak is the same */
	long fade;              /* raised-cosine fade at each end, samples */
};

struct bp_plan {
	double rate_hz;
	int channels;           /* outputs the plan drives */
	long length;            /* samples */
	int n_segments;
	struct bp_segment seg[BP_PLAN_SEGMENTS_MAX];
};

/* Builds a probe's plan at a rate, level and length; 0 or -EINVAL. */
typedef int (*bp_plan_fn)(struct bp_plan *plan, double rate_hz,
			  double level_dbfs, bool quick);

/* Sweeps start here and end at bp_sweep_top_hz(). */
#define BP_SWEEP_F1_HZ 10.0

/* Where a sweep at @rate_hz ends: just under Nyquist, at most 24 kHz. */
double bp_sweep_top_hz(double rate_hz);

/* Begin @plan: no segments yet, @channels outputs at @rate_hz.  Returns
 * 0, or -EINVAL for a rate outside 8..384 kHz or a level above
 * BP_LEVEL_CAP_DBFS (or NaN), when no plan may be built. */
int bp_plan_start(struct bp_plan *plan, double rate_hz, double level_dbfs,
		  int channels);

/* Append a segment of @kind on @channel (-1: silence on all) from
 * @start_s for @length_s, with f1, f2 and level as struct bp_segment
 * has them; a sweep or tone gets its raised-cosine fades.  A plan holds
 * BP_PLAN_SEGMENTS_MAX at most.  The caller sets plan->length. */
void bp_plan_add(struct bp_plan *plan, enum bp_segment_kind kind, int channel,
		 double start_s, double length_s, double f1_hz, double f2_hz,
		 double level_dbfs);

/* The first segment of @kind (on @channel, or any channel if -1), or
 * NULL. */
const struct bp_segment *bp_plan_find(const struct bp_plan *plan,
				      enum bp_segment_kind kind, int channel);

/* Render segment @s alone into @out[0..s->length). */
void bp_segment_render(const struct bp_segment *s, double rate_hz, double *out);

/* Render the whole plan as interleaved samples, plan->channels per frame;
 * the caller frees the buffer.  NULL when out of memory. */
double *bp_plan_render(const struct bp_plan *plan);

/* The plan as one line of text (for a WAV comment) into @buf; returns 0 or
 * -ENOSPC. */
int bp_plan_format(const struct bp_plan *plan, char *buf, size_t size);

/* Parse a line made by bp_plan_format(), in exactly the form it writes;
 * returns 0 or -EINVAL. */
int bp_plan_parse(struct bp_plan *plan, const char *text);

#endif
