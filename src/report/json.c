#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "io/atomic-file.h"
#include "util/errors.h"
#include "report/report.h"

/* A figure rounded to @decimals places, or null when it has no value. */
static json_t *number(double x, int decimals)
{
	double scale = pow(10.0, decimals);

	if (!isfinite(x))
		return json_null();
	/* + 0.0 turns a rounded -0.0 into 0.0. */
	return json_real(round(x * scale) / scale + 0.0);
}

static json_t *string_or_null(const char *s)
{
	return s && s[0] ? json_string(s) : json_null();
}

static json_t *tristate(enum bp_tristate t)
{
	return t == BP_UNDECIDED ? json_null() : json_boolean(t == BP_YES);
}

static json_t *input_json(const struct bp_input_desc *in)
{
	return json_pack("{s:o, s:o, s:o, s:i, s:i}",
			 "device", string_or_null(in->device),
			 "file", string_or_null(in->file),
			 "rate", isfinite(in->rate_hz) ? json_integer((json_int_t)in->rate_hz)
						       : json_null(),
			 "tip", in->tip, "ring", in->ring);
}

static json_t *profile_json(const struct bp_input_desc *in)
{
	return json_pack("{s:s, s:o, s:o}", "name", in->profile_name,
			 "source", string_or_null(in->profile_source),
			 "file", string_or_null(in->profile_file));
}

static json_t *level_json(const struct bp_level_result *l)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o}",
			 "tip_dbfs", number(l->tip_dbfs, 3),
			 "ring_dbfs", number(l->ring_dbfs, 3),
			 "dbfs", number(l->dbfs, 3),
			 "dbu", number(l->dbu, 3),
			 "dbv", number(l->dbv, 3),
			 "peak_dbfs", number(l->peak_dbfs, 2),
			 "class", string_or_null(bp_level_class_name(l->level_class)),
			 "clipping", l->clipping,
			 "output_fs_dbu", number(l->output_fs_dbu, 2));
}

static json_t *hum_json(const struct bp_hum_result *h)
{
	json_t *lines = json_array();
	int i;

	for (i = 0; i < h->n_lines; i++)
		json_array_append_new(lines, json_pack("{s:o, s:o, s:o, s:o}",
			"hz", number(h->lines[i].hz, 2),
			"dbfs", number(h->lines[i].dbfs, 2),
			"common_db", number(h->lines[i].common_db, 2),
			"diff_db", number(h->lines[i].diff_db, 2)));
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s}",
			 "present", h->hidden ? json_null() : json_boolean(h->present),
			 "bound_dbfs", number(h->bound_dbfs, 1),
			 "mains_hz", isfinite(h->mains_hz) ? json_integer((json_int_t)h->mains_hz)
							   : json_null(),
			 "fundamental_dbfs", number(h->fundamental_dbfs, 2),
			 "lines", lines,
			 "mode", string_or_null(bp_hum_mode_name(h->mode)),
			 "ground_loop", tristate(h->ground_loop),
			 "explanation", h->explanation);
}

static json_t *latency_json(const struct bp_latency_result *l)
{
	if (!isfinite(l->samples))
		return json_null();
	return json_pack("{s:o, s:o, s:o}",
			 "samples", number(l->samples, 5),
			 "ms", number(l->ms, 6),
			 "uncertainty_samples", number(l->uncertainty_samples, 9));
}

static json_t *response_json(const struct bp_response_result *resp)
{
	json_t *points;
	int i;

	if (resp->n_points == 0)
		return json_null();
	points = json_array();
	for (i = 0; i < resp->n_points; i++)
		json_array_append_new(points, json_pack("[o, o]",
			number(resp->hz[i], 1), number(resp->db[i], 3)));
	return json_pack("{s:o, s:o, s:o, s:o}",
			 "points", points,
			 "gain_db", number(resp->gain_db, 3),
			 "f_low_3db", number(resp->f_low_3db, 2),
			 "f_high_3db", number(resp->f_high_3db, 1));
}

static json_t *distortion_json(const struct bp_distortion_result *d)
{
	json_t *harmonics;
	int i;

	if (d->n_harmonics == 0)
		return json_null();
	harmonics = json_array();
	for (i = 0; i < d->n_harmonics; i++)
		json_array_append_new(harmonics, number(d->harmonics_db[i], 2));
	return json_pack("{s:o, s:o, s:b}",
			 "thd_percent", number(d->thd_percent, 6),
			 "harmonics_db", harmonics,
			 "thd_is_bound", d->thd_is_bound);
}

/* The in probe's common-mode rejection (DESIGN.md, "Input probe"). */
static json_t *cmrr_json(const struct bp_cmrr_result *c)
{
	json_t *points = json_array();
	int i;

	for (i = 0; i < c->n_points; i++)
		json_array_append_new(points, json_pack("[o, o]", number(c->hz[i], 1),
							 number(c->db[i], 2)));
	return json_pack("{s:o, s:b, s:o, s:s}", "at_1k_db", number(c->at_1k_db, 2),
			 "bound", c->bound, "points", points,
			 "explanation", c->explanation);
}

static const char *const cabling_names[] = {
	[BP_LOOP_CABLING_NONE] = NULL, [BP_LOOP_CABLING_SINGLE] = "single",
	[BP_LOOP_CABLING_PAIR] = "pair", [BP_LOOP_CABLING_SPLIT] = "split",
};

/* The loop probe's figures (DESIGN.md, "Loop JSON"); null where the
 * cabling did not allow them. */
static json_t *loop_json(const struct bp_result *r)
{
	const struct bp_loop_result *l = &r->loop;

	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b,"
			 " s:{s:o, s:o}, s:o, s:{s:b, s:o, s:o, s:o, s:o, s:o, s:b}}",
			 "cabling", string_or_null(cabling_names[l->cabling]),
			 "response", response_json(&r->response),
			 "latency", latency_json(&r->latency),
			 "loop_gain_db", number(l->loop_gain_db, 3),
			 "noise_dbfs", number(l->noise_dbfs, 2),
			 "noise_dbfs_a", number(l->noise_dbfs_a, 2),
			 "dynamic_range_db", number(l->dynamic_range_db, 2),
			 "thd_n_db", number(l->thd_n_db, 2),
			 "imd_db", number(l->imd_db, 2),
			 "crosstalk_db", number(l->crosstalk_db, 2),
			 "crosstalk_is_bound", l->crosstalk_is_bound,
			 "gain_match_db",
			 "outputs", number(l->gain_outputs_db, 4),
			 "inputs", number(l->gain_inputs_db, 4),
			 "pair_gain_db", number(l->pair_gain_db, 4),
			 "pitfalls",
			 "monitoring", isfinite(l->second_arrival_ms) ? 1 : 0,
			 "gain_moved_db", number(l->gain_moved_db, 2),
			 "shelf_db", number(l->shelf_db, 2),
			 "resampler_hz", number(l->resampler_hz, 0),
			 "second_arrival_ms", number(l->second_arrival_ms, 3),
			 "second_arrival_db", number(l->second_arrival_db, 1),
			 "input_mismatch", l->input_mismatch);
}

char *bp_report_json_string(const struct bp_result *r)
{
	json_t *root, *advice = json_array();
	char *text;
	int i;

	for (i = 0; i < r->n_advice; i++)
		json_array_append_new(advice, json_string(r->advice[i].text));
	root = json_pack("{s:s, s:s, s:o, s:{s:s, s:o, s:s}, s:{s:s, s:s}, s:o, s:o,"
			 " s:o, s:o, s:o, s:o, s:b, s:o, s:o, s:o, s:o, s:b, s:o}",
			 "balprobe", PACKAGE_VERSION,
			 "probe", r->probe,
			 "input", input_json(&r->input),
			 "jack",
			 "verdict", bp_jack_verdict_name(r->jack.verdict),
			 "confidence", number(r->jack.confidence, 3),
			 "explanation", r->jack.explanation,
			 "polarity",
			 "verdict", bp_polarity_verdict_name(r->polarity.verdict),
			 "explanation", r->polarity.explanation,
			 "level", r->unrecorded ? json_null() : level_json(&r->level),
			 /* The in probe measures no hum on its return. */
			 "hum", r->unrecorded || r->cmrr.measured || r->loop.measured
				? json_null() : hum_json(&r->hum),
			 "latency", latency_json(&r->latency),
			 "response", response_json(&r->response),
			 "distortion", distortion_json(&r->distortion),
			 "crosstalk_db", number(r->crosstalk_db, 2),
			 "crosstalk_is_bound", r->crosstalk_is_bound,
			 "stimulus_level_dbfs", number(r->stimulus_level_dbfs, 2),
			 "input_match_db", number(r->input_match_db, 3),
			 "interface_limits", string_or_null(r->interface_limits),
			 "advice", advice,
			 "valid", !r->invalid,
			 "invalid_reason", string_or_null(r->invalid_reason));
	if (root && r->cmrr.measured)
		json_object_set_new(root, "cmrr", cmrr_json(&r->cmrr));
	/* Only when a profile was used: a run without one reads as before. */
	if (root && r->input.profile_name[0])
		json_object_set_new(root, "profile", profile_json(&r->input));
	if (root && r->loop.measured)
		json_object_set_new(root, "loop", loop_json(r));
	if (!root)
		return NULL;
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	json_decref(root);
	return text;
}

int bp_report_json_text_write(const char *text, const char *path)
{
	char *withnl;
	int err;

	if (strcmp(path, "-") == 0) {
		if (printf("%s\n", text) < 0 || fflush(stdout) != 0) {
			bp_error_set_detail("standard output: cannot be written");
			return BP_E_FILE_WRITE;
		}
		return 0;
	}
	if (asprintf(&withnl, "%s\n", text) < 0)
		return BP_E_NOMEM;
	err = bp_write_file_atomic(path, withnl);
	free(withnl);
	return err;
}

int bp_report_json_write(const struct bp_result *r, const char *path)
{
	char *text = bp_report_json_string(r);
	int err = text ? bp_report_json_text_write(text, path) : BP_E_NOMEM;

	free(text);
	return err;
}
