#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/calibrate.h"
#include "cli/loop-save.h"
#include "util/safe-text.h"

/* What spoils the loop as a reference, or NULL. */
static const char *spoiled(const struct bp_result *r)
{
	const struct bp_loop_result *l = &r->loop;

	if (r->invalid)
		return "the measurement is invalid";
	if (isfinite(l->second_arrival_ms))
		return "direct monitoring is on";
	if (isfinite(l->gain_moved_db))
		return "the loop gain moved since calibration";
	if (isfinite(l->shelf_db))
		return "an Air or instrument switch shapes the response";
	if (isfinite(l->resampler_hz))
		return "the interface resamples at this rate";
	return NULL;
}

static void keep(struct bp_profile *p, const struct bp_result *r)
{
	const struct bp_loop_result *l = &r->loop;

	if (isfinite(l->gain_inputs_db)) {
		p->input_gain_db[0] = 0.0;
		p->input_gain_db[1] = bp_profile_rounded(l->gain_inputs_db);
	}
	if (isfinite(l->gain_outputs_db)) {
		p->output_gain_db[0] = 0.0;
		p->output_gain_db[1] = bp_profile_rounded(l->gain_outputs_db);
	}
	/* The first loop is the reference later ones are held to; a new one
	 * comes from 'calibrate --loop' after the knobs are set again. */
	if (!isfinite(p->loop_gain_db) && isfinite(l->loop_gain_db))
		p->loop_gain_db = bp_profile_rounded(l->loop_gain_db);
	if (isfinite(l->noise_dbfs))
		p->noise_dbfs = bp_profile_rounded(l->noise_dbfs);
	if (isfinite(l->crosstalk_db) && !l->crosstalk_is_bound)
		p->crosstalk_db = bp_profile_rounded(l->crosstalk_db);
	if (isfinite(l->thd_n_db))
		p->thd_n_db = bp_profile_rounded(l->thd_n_db);
	p->rate_hz = r->input.rate_hz;
}

static void say_db(const char *what, double db)
{
	if (isfinite(db))
		printf("  %-30s %+.3f dB\n", what, db);
}

int bp_loop_save_profile(const struct bp_cli *cli, const struct bp_result *r, bool quiet)
{
	const char *why = spoiled(r);
	struct bp_cal c;
	char *path;
	int status;

	if (!why && (cli->output != 1 || cli->tip != 1 || cli->ring != 2))
		why = "a profile holds gains relative to output 1 and input 1: run 'loop 1' on inputs 1 and 2";
	if (why) {
		fprintf(stderr, "balprobe: --save-profile: nothing kept, as %s\n", why);
		return BP_EXIT_INVALID;
	}
	status = bp_cal_open(cli, &c);
	if (status != BP_EXIT_OK)
		return status;
	keep(&c.profile, r);
	snprintf(c.profile.card, sizeof(c.profile.card), "%s", c.card.id);
	status = bp_cal_write(&c);
	if (status != BP_EXIT_OK || quiet)
		return status;
	path = bp_safe_text(c.path);
	printf("kept the loop's figures for card %s in %s:\n", c.card.id, path ? path : "?");
	free(path);
	say_db("input 2 re input 1", c.profile.input_gain_db[1]);
	say_db("output 2 re output 1", c.profile.output_gain_db[1]);
	say_db("loop gain (reference)", c.profile.loop_gain_db);
	say_db("noise, dBFS", c.profile.noise_dbfs);
	say_db("crosstalk", c.profile.crosstalk_db);
	say_db("THD+N at -1 dBFS", c.profile.thd_n_db);
	return BP_EXIT_OK;
}
