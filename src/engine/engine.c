#include "config.h"

#include <errno.h>
#include <libgen.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/atomic-file.h"
#include "device/device.h"
#include "dsp/dsp.h"
#include "engine/engine.h"
#include "util/errors.h"
#include "analyse/level.h"
#include "io/temp-files.h"
#include "io/audio-file.h"

/* The plan's channels on the device's outputs: channel 0 on the output
 * under test, channel 1 on its pair partner when the device has it. */
static double *map_outputs(const struct bp_plan *plan, const double *stim,
			   int outputs, int output, int ring_drive, double *peak)
{
	const int partner = ring_drive > 0 ? ring_drive - 1 : (output - 1) ^ 1;
	double *play = calloc((size_t)plan->length * (size_t)outputs, sizeof(double));
	long i;
	int c;

	if (!play)
		return NULL;
	*peak = 0.0;
	for (i = 0; i < plan->length; i++)
		for (c = 0; c < plan->channels && c < 2; c++) {
			int to = c == 0 ? output - 1 : partner;
			double x = stim[(size_t)i * plan->channels + c];

			if (to >= outputs)
				continue;
			play[(size_t)i * outputs + to] = x;
			*peak = fmax(*peak, fabs(x));
		}
	return play;
}

/* Keep the take's tip and ring. */
static int keep_legs(const struct bp_engine_options *o, const double *capture,
		     int inputs, long frames, struct bp_take *take)
{
	long i;

	free(take->tip);
	free(take->ring);
	take->tip = malloc((size_t)frames * sizeof(double));
	take->ring = malloc((size_t)frames * sizeof(double));
	if (!take->tip || !take->ring)
		return BP_E_NOMEM;
	for (i = 0; i < frames; i++) {
		take->tip[i] = capture[(size_t)i * inputs + o->tip - 1];
		take->ring[i] = capture[(size_t)i * inputs + o->ring - 1];
	}
	take->frames = frames;
	return 0;
}

/* Too quiet (+1), clipped (-1) or fine (0)? */
static int range_verdict(const struct bp_take *take)
{
	struct bp_level_meter *m;
	double peak = 0.0;
	long i, clipped;

	if (bp_level_meter_new(&m, take->rate_hz) != 0)
		return 0;
	bp_level_meter_push(m, take->tip, take->ring, (size_t)take->frames);
	clipped = bp_level_meter_clipped_samples(m);
	bp_level_meter_free(m);
	if (clipped > 0)
		return -1;
	for (i = 0; i < take->frames; i++)
		peak = fmax(peak, fmax(fabs(take->tip[i]), fabs(take->ring[i])));
	return bp_dbfs_from_amplitude(peak) < BP_ENGINE_QUIET_DBFS ? 1 : 0;
}

/* One take with xrun retries. */
static int run_take(struct bp_device *dev, const struct bp_engine_options *o,
		    const double *play, long play_frames, long capture_frames,
		    struct bp_take *take)
{
	const struct bp_engine_progress *p = o->progress;
	int spoiled = 0;
	double *capture = malloc((size_t)capture_frames * (size_t)dev->info.inputs *
				 sizeof(double));
	int err;

	if (!capture)
		return BP_E_NOMEM;
	for (;;) {
		err = bp_device_run(dev, play, play_frames, capture, capture_frames,
				    p ? p->update : NULL, p ? p->ctx : NULL);
		if (err != -EPIPE)
			break;
		if (p && p->restarted)
			p->restarted(p->ctx);
		take->xruns++;
		if (++spoiled > BP_ENGINE_XRUN_RETRIES) {
			bp_error_set_detail("%s: %d takes in a row were spoiled by overruns — close other audio programs and measure again",
					    dev->info.name, spoiled);
			break;
		}
	}
	if (!err)
		err = keep_legs(o, capture, dev->info.inputs, capture_frames, take);
	free(capture);
	return err;
}

char *bp_engine_save_path(const struct bp_engine_options *o, const char *what)
{
	char *path;

	return asprintf(&path, "%s/%s-%s.wav", o->save_dir, o->save_name, what) < 0 ?
		NULL : path;
}

/* The stimulus and the recording of one take are a pair: both are
 * written to temporary files and renamed in only when both are complete,
 * so a failure never leaves a new stimulus beside an older recording. */
static int save_take(const struct bp_engine_options *o, const struct bp_plan *plan,
		     const double *stim, const struct bp_take *take)
{
	char comment[BP_PLAN_TEXT_MAX], *stim_path = NULL, *rec_path = NULL;
	struct bp_output stim_out = { .fd = -1 }, rec_out = { .fd = -1 };
	bool stim_open = false, rec_open = false;
	double *legs;
	long i;
	int err;

	if (mkdir(o->save_dir, 0777) != 0 && errno != EEXIST) {
		bp_error_set_detail("%s: cannot create the --save directory (%s) — check that its parent directory exists and is writable",
				    o->save_dir, strerror(errno));
		return BP_E_FILE_WRITE;
	}
	legs = malloc(2 * (size_t)take->frames * sizeof(double));
	rec_path = bp_engine_save_path(o, "recording");
	stim_path = plan ? bp_engine_save_path(o, "stimulus") : NULL;
	err = legs && rec_path && (stim_path || !plan) ? 0 : BP_E_NOMEM;
	if (!err && plan) {
		err = bp_plan_format(plan, comment, sizeof(comment));
		if (!err)
			err = bp_output_open(&stim_out, stim_path);
		stim_open = !err;
		if (!err)
			err = bp_wav_write_output(&stim_out, plan->rate_hz, plan->channels,
						  stim, plan->length, BP_WAV_FLOAT, comment);
	}
	if (!err) {
		for (i = 0; i < take->frames; i++) {
			legs[2 * i] = take->tip[i];
			legs[2 * i + 1] = take->ring[i];
		}
		err = bp_output_open(&rec_out, rec_path);
		rec_open = !err;
		if (!err)
			err = bp_wav_write_output(&rec_out, take->rate_hz, 2, legs, take->frames,
						  BP_WAV_FLOAT,
						  "balprobe recording: channel 1 tip, channel 2 ring");
	}
	bp_tempfiles_hold();
	if (!err && stim_open) {
		err = bp_output_commit(&stim_out);
		stim_open = false;
	}
	if (!err && rec_open) {
		err = bp_output_commit(&rec_out);
		rec_open = false;
	}
	bp_tempfiles_release();
	if (stim_open)
		bp_output_discard(&stim_out);
	if (rec_open)
		bp_output_discard(&rec_out);
	free(legs);
	free(stim_path);
	free(rec_path);
	return err;
}

/* Refuse a --save DIR that cannot become a directory before the take, not
 * after the user waited for it: one that is a file, or whose parent is
 * missing or not a directory.  It is created only when there is a take to
 * keep. */
static int check_save_dir(const char *dir)
{
	char *copy = strdup(dir);
	const char *parent;
	struct stat st;
	int err = 0;

	if (!copy)
		return BP_E_NOMEM;
	parent = dirname(copy);
	if (stat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			bp_error_set_detail("%s: the --save directory is a file — name a directory",
					    dir);
			err = BP_E_FILE_WRITE;
		}
	} else if (stat(parent, &st) != 0) {
		if (errno == ENOENT)
			bp_error_set_detail("%s: cannot create the --save directory (%s does not exist) — create its parent first",
					    dir, parent);
		else
			bp_error_set_detail("%s: cannot create the --save directory (%s)",
					    dir, strerror(errno));
		err = BP_E_FILE_WRITE;
	} else if (!S_ISDIR(st.st_mode)) {
		bp_error_set_detail("%s: cannot create the --save directory (%s is a file) — name another directory",
				    dir, parent);
		err = BP_E_FILE_WRITE;
	}
	free(copy);
	return err;
}

int bp_engine_take(const struct bp_engine_options *o, bp_plan_fn plan_fn,
		   struct bp_take *take)
{
	const int inputs = o->tip > o->ring ? o->tip : o->ring;
	struct bp_device *dev = NULL;
	struct bp_plan plan;
	double *stim = NULL, *play = NULL, level = o->level_dbfs;
	long capture_frames;
	int err, step = 0, attempt;

	memset(take, 0, sizeof(*take));
	take->rate_hz = o->rate_hz;
	err = o->save_dir ? check_save_dir(o->save_dir) : 0;
	if (err)
		return err;
	err = bp_device_open(&dev, o->device, o->rate_hz,
			     plan_fn ? (o->output > o->ring_drive ? o->output : o->ring_drive) : 0,
			     inputs);
	if (err)
		return err;
	snprintf(take->device, sizeof(take->device), "%s", dev->info.name);
	snprintf(take->description, sizeof(take->description), "%s", dev->info.description);
	for (attempt = 0; attempt < 4; attempt++) {
		free(stim);
		free(play);
		stim = play = NULL;
		if (plan_fn) {
			err = plan_fn(&plan, o->rate_hz, level, o->quick);
			if (err)
				break;
			stim = bp_plan_render(&plan);
			play = stim ? map_outputs(&plan, stim, dev->info.outputs, o->output,
						  o->ring_drive, &take->played_peak) : NULL;
			if (!play) {
				err = BP_E_NOMEM;
				break;
			}
			capture_frames = plan.length + lround(BP_ENGINE_TAIL_S * o->rate_hz);
		} else {
			capture_frames = lround(o->duration_s * o->rate_hz);
		}
		take->level_dbfs = level;
		err = run_take(dev, o, play, plan_fn ? plan.length : 0, capture_frames, take);
		if (err || !plan_fn)
			break;
		step = range_verdict(take);
		if (step > 0 && level + BP_ENGINE_STEP_DB <= BP_LEVEL_CAP_DBFS)
			level += BP_ENGINE_STEP_DB;
		else if (step < 0 && attempt < 3)
			level -= BP_ENGINE_STEP_DB;
		else
			break;
	}
	if (!err && o->save_dir)
		err = save_take(o, plan_fn ? &plan : NULL, stim, take);
	free(stim);
	free(play);
	bp_device_close(dev);
	if (err)
		bp_take_free(take);
	return err;
}

void bp_take_free(struct bp_take *take)
{
	free(take->tip);
	free(take->ring);
	take->tip = take->ring = NULL;
}
