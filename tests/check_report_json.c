/* report-json: the JSON contract of DESIGN.md, field by field; what is not
 * known is null; files are written whole or not at all. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <check.h>
#include <jansson.h>

#include "util/errors.h"
#include "io/atomic-file.h"
#include "report/report.h"
#include "result/result.h"
#include "testsignal.h"

/* The field names of DESIGN.md's "Result (JSON contract)", per object,
 * and after them (past the NULL) the few more that the manual page's JSON
 * section documents. */
static const char *const top_fields[] = {
	"balprobe", "probe", "input", "jack", "polarity", "level", "hum",
	"latency", "response", "distortion", "crosstalk_db", "advice", NULL,
	"crosstalk_is_bound", "valid", "invalid_reason", "stimulus_level_dbfs",
	"input_match_db", "interface_limits", NULL
};
static const char *const input_fields[] = {
	"device", "file", "rate", "tip", "ring", NULL, NULL
};
static const char *const jack_fields[] = {
	"verdict", "confidence", "explanation", NULL, NULL
};
static const char *const polarity_fields[] = {
	"verdict", "explanation", NULL, NULL
};
static const char *const level_fields[] = {
	"tip_dbfs", "ring_dbfs", "dbfs", "dbu", "dbv", "peak_dbfs", "class",
	"clipping", NULL, "output_fs_dbu", NULL
};
static const char *const hum_fields[] = {
	"present", "mains_hz", "fundamental_dbfs", "lines", "mode",
	"ground_loop", "explanation", "bound_dbfs", NULL, NULL
};
static const char *const line_fields[] = {
	"hz", "dbfs", "common_db", "diff_db", NULL, NULL
};
static const char *const latency_fields[] = {
	"samples", "ms", "uncertainty_samples", NULL, NULL
};
static const char *const response_fields[] = {
	"points", "f_low_3db", "f_high_3db", NULL, "gain_db", NULL
};
static const char *const distortion_fields[] = {
	"thd_percent", "harmonics_db", NULL, "thd_is_bound", NULL
};

static bool in_list(const char *key, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(key, *list) == 0)
			return true;
	return false;
}

/* In the contract, or among the manual's extras after it. */
static bool documented(const char *key, const char *const *fields)
{
	if (in_list(key, fields))
		return true;
	while (*fields)
		fields++;
	return in_list(key, fields + 1);
}

static void assert_has_fields(json_t *obj, const char *what,
			      const char *const *fields)
{
	ck_assert_msg(json_is_object(obj), "%s is not an object", what);
	for (; *fields; fields++)
		ck_assert_msg(json_object_get(obj, *fields) != NULL,
			      "%s lacks \"%s\"", what, *fields);
}

/* Append to @extra the fields of @obj that neither the contract nor the
 * manual names. */
static void collect_other_fields(json_t *obj, const char *what,
				 const char *const *fields, char *extra,
				 size_t size)
{
	const char *key;
	json_t *value;

	ck_assert_msg(json_is_object(obj), "%s is not an object", what);
	json_object_foreach(obj, key, value)
		if (!documented(key, fields) &&
		    strlen(extra) + strlen(what) + strlen(key) + 8 < size)
			snprintf(extra + strlen(extra), size - strlen(extra),
				 " %s.%s", what, key);
}

static void fill_input(struct bp_result *r)
{
	snprintf(r->probe, sizeof(r->probe), "listen");
	r->input.file = "take1.wav";
	r->input.rate_hz = 48000.0;
	r->input.tip = 1;
	r->input.ring = 2;
}

/* A result as a probe would leave it: every section filled. */
static void fill_all(struct bp_result *r)
{
	bp_result_init(r);
	fill_input(r);
	r->jack.verdict = BP_JACK_BALANCED;
	r->jack.confidence = 0.98765;
	snprintf(r->jack.explanation, sizeof(r->jack.explanation),
		 "ring carries the tip signal \"inverted\" — 179.8 deg");
	r->polarity.verdict = BP_POLARITY_UNKNOWN;
	snprintf(r->polarity.explanation, sizeof(r->polarity.explanation), "no reference");
	r->level.tip_dbfs = -26.1;
	r->level.ring_dbfs = -26.12;
	r->level.dbfs = -20.1;
	r->level.dbu = 1.9;
	r->level.dbv = -0.318;
	r->level.peak_dbfs = -17.0;
	r->level.level_class = BP_CLASS_PRO_LINE;
	r->level.clipping = false;
	r->hum.present = true;
	r->hum.mains_hz = 50.0;
	r->hum.fundamental_dbfs = -84.0;
	r->hum.n_lines = 2;
	r->hum.lines[0] = (struct bp_hum_line){ 50.02, -84.0, -84.2, -110.5 };
	r->hum.lines[1] = (struct bp_hum_line){ 150.0, -95.0, -95.1, NAN };
	r->hum.mode = BP_HUM_MODE_COMMON;
	r->hum.ground_loop = BP_YES;
	snprintf(r->hum.explanation, sizeof(r->hum.explanation), "a ground loop");
	r->latency.samples = 311.37;
	r->latency.ms = 6.486875;
	r->latency.uncertainty_samples = 0.0004;
	r->response.n_points = 2;
	r->response.hz[0] = 20.0;
	r->response.db[0] = -0.4;
	r->response.hz[1] = 1000.0;
	r->response.db[1] = 0.0;
	r->response.gain_db = 0.0;
	r->response.f_low_3db = 8.0;
	r->response.f_high_3db = NAN;     /* no corner within the band */
	r->distortion.thd_percent = 0.002;
	r->distortion.n_harmonics = 2;
	r->distortion.harmonics_db[0] = -100.1;
	r->distortion.harmonics_db[1] = NAN;
	r->crosstalk_db = -92.0;
	bp_result_advise(r, BP_ADVICE_BALANCED, "Balanced output: a TRS-to-XLR cable is fine.");
	bp_result_advise(r, BP_ADVICE_GROUND_LOOP, "Lift the ground at one end.");
}

static void release_json(void *root)
{
	json_decref(root);
}

/* The result's JSON document, parsed (tracked). */
static json_t *to_json(const struct bp_result *r)
{
	char *text = bp_report_json_string(r);
	json_error_t err;
	json_t *root;

	ck_assert_ptr_nonnull(text);
	root = json_loads(text, 0, &err);
	ck_assert_msg(root != NULL, "not JSON (%s, line %d): %s", err.text, err.line, text);
	free(text);
	return ts_track(root, release_json);
}

static json_t *at(json_t *root, const char *obj, const char *key)
{
	json_t *o = json_object_get(root, obj);

	ck_assert_msg(o != NULL, "no \"%s\"", obj);
	ck_assert_msg(json_object_get(o, key) != NULL, "no \"%s.%s\"", obj, key);
	return json_object_get(o, key);
}

START_TEST(design_fields_present)
{
	struct bp_result r;
	json_t *root;

	fill_all(&r);
	root = to_json(&r);
	assert_has_fields(root, "the document", top_fields);
	assert_has_fields(json_object_get(root, "input"), "input", input_fields);
	assert_has_fields(json_object_get(root, "jack"), "jack", jack_fields);
	assert_has_fields(json_object_get(root, "polarity"), "polarity", polarity_fields);
	assert_has_fields(json_object_get(root, "level"), "level", level_fields);
	assert_has_fields(json_object_get(root, "hum"), "hum", hum_fields);
	assert_has_fields(json_array_get(at(root, "hum", "lines"), 0), "hum.lines[0]",
			  line_fields);
	assert_has_fields(json_object_get(root, "latency"), "latency", latency_fields);
	assert_has_fields(json_object_get(root, "response"), "response", response_fields);
	assert_has_fields(json_object_get(root, "distortion"), "distortion",
			  distortion_fields);
}
END_TEST

START_TEST(no_undocumented_fields)
{
	struct bp_result r;
	char extra[512] = "";
	json_t *root;

	fill_all(&r);
	root = to_json(&r);
	/* Every stray field is named at once. */
	collect_other_fields(root, "(top)", top_fields, extra, sizeof(extra));
	collect_other_fields(json_object_get(root, "input"), "input", input_fields,
			     extra, sizeof(extra));
	collect_other_fields(json_object_get(root, "jack"), "jack", jack_fields,
			     extra, sizeof(extra));
	collect_other_fields(json_object_get(root, "polarity"), "polarity",
			     polarity_fields, extra, sizeof(extra));
	collect_other_fields(json_object_get(root, "level"), "level", level_fields,
			     extra, sizeof(extra));
	collect_other_fields(json_object_get(root, "hum"), "hum", hum_fields,
			     extra, sizeof(extra));
	collect_other_fields(json_array_get(at(root, "hum", "lines"), 0),
			     "hum.lines[0]", line_fields, extra, sizeof(extra));
	collect_other_fields(json_object_get(root, "latency"), "latency",
			     latency_fields, extra, sizeof(extra));
	collect_other_fields(json_object_get(root, "response"), "response",
			     response_fields, extra, sizeof(extra));
	collect_other_fields(json_object_get(root, "distortion"), "distortion",
			     distortion_fields, extra, sizeof(extra));
	ck_assert_msg(extra[0] == '\0',
		      "fields that neither DESIGN.md's contract nor the manual names:%s",
		      extra);
}
END_TEST

START_TEST(values_and_types)
{
	struct bp_result r;
	json_t *root, *line;

	fill_all(&r);
	root = to_json(&r);
	ck_assert_str_eq(json_string_value(json_object_get(root, "balprobe")),
			 PACKAGE_VERSION);
	ck_assert_str_eq(json_string_value(json_object_get(root, "probe")), "listen");
	ck_assert(json_is_null(at(root, "input", "device")));
	ck_assert_str_eq(json_string_value(at(root, "input", "file")), "take1.wav");
	ck_assert(json_is_integer(at(root, "input", "rate")));
	ck_assert_int_eq(json_integer_value(at(root, "input", "rate")), 48000);
	ck_assert_int_eq(json_integer_value(at(root, "input", "tip")), 1);
	ck_assert_int_eq(json_integer_value(at(root, "input", "ring")), 2);
	ck_assert_str_eq(json_string_value(at(root, "jack", "verdict")), "balanced");
	ck_assert_double_eq_tol(json_number_value(at(root, "jack", "confidence")),
				0.988, 0.0015);
	ck_assert_str_eq(json_string_value(at(root, "jack", "explanation")),
			 r.jack.explanation);
	ck_assert_str_eq(json_string_value(at(root, "polarity", "verdict")), "unknown");
	ck_assert_double_eq_tol(json_number_value(at(root, "level", "tip_dbfs")), -26.1, 0.01);
	ck_assert_double_eq_tol(json_number_value(at(root, "level", "dbfs")), -20.1, 0.01);
	ck_assert_double_eq_tol(json_number_value(at(root, "level", "dbu")), 1.9, 0.01);
	ck_assert_double_eq_tol(json_number_value(at(root, "level", "dbv")), -0.32, 0.01);
	ck_assert_double_eq_tol(json_number_value(at(root, "level", "peak_dbfs")), -17.0, 0.01);
	ck_assert_str_eq(json_string_value(at(root, "level", "class")), "pro-line");
	ck_assert(json_is_false(at(root, "level", "clipping")));
	ck_assert(json_is_true(at(root, "hum", "present")));
	ck_assert(json_is_integer(at(root, "hum", "mains_hz")));
	ck_assert_int_eq(json_integer_value(at(root, "hum", "mains_hz")), 50);
	ck_assert_double_eq_tol(json_number_value(at(root, "hum", "fundamental_dbfs")),
				-84.0, 0.01);
	ck_assert_str_eq(json_string_value(at(root, "hum", "mode")), "common");
	ck_assert(json_is_true(at(root, "hum", "ground_loop")));
	ck_assert_int_eq(json_array_size(at(root, "hum", "lines")), 2);
	line = json_array_get(at(root, "hum", "lines"), 0);
	ck_assert_double_eq_tol(json_number_value(json_object_get(line, "hz")), 50.02, 0.005);
	ck_assert_double_eq_tol(json_number_value(json_object_get(line, "diff_db")),
				-110.5, 0.01);
	/* An unknown part of a line is null, not NaN (not valid JSON). */
	line = json_array_get(at(root, "hum", "lines"), 1);
	ck_assert(json_is_null(json_object_get(line, "diff_db")));
	ck_assert_double_eq_tol(json_number_value(at(root, "latency", "samples")),
				311.37, 1e-6);
	ck_assert_double_eq_tol(json_number_value(at(root, "latency", "ms")),
				6.486875, 1e-6);
	ck_assert_double_eq_tol(json_number_value(at(root, "latency", "uncertainty_samples")),
				0.0004, 1e-6);
	/* points: [[hz, db], ...] */
	line = at(root, "response", "points");
	ck_assert_int_eq(json_array_size(line), 2);
	ck_assert_int_eq(json_array_size(json_array_get(line, 0)), 2);
	ck_assert_double_eq_tol(json_number_value(json_array_get(json_array_get(line, 0), 0)),
				20.0, 0.05);
	ck_assert_double_eq_tol(json_number_value(json_array_get(json_array_get(line, 0), 1)),
				-0.4, 0.005);
	ck_assert_double_eq_tol(json_number_value(at(root, "response", "f_low_3db")), 8.0, 0.01);
	ck_assert(json_is_null(at(root, "response", "f_high_3db")));
	ck_assert_double_eq_tol(json_number_value(at(root, "distortion", "thd_percent")),
				0.002, 1e-6);
	line = at(root, "distortion", "harmonics_db");
	ck_assert_int_eq(json_array_size(line), 2);
	ck_assert_double_eq_tol(json_number_value(json_array_get(line, 0)), -100.1, 0.01);
	ck_assert(json_is_null(json_array_get(line, 1)));
	ck_assert_double_eq_tol(json_number_value(json_object_get(root, "crosstalk_db")),
				-92.0, 0.01);
	/* The manual's extras. */
	ck_assert(json_is_false(json_object_get(root, "crosstalk_is_bound")));
	ck_assert(json_is_true(json_object_get(root, "valid")));
	ck_assert(json_is_null(json_object_get(root, "invalid_reason")));
	ck_assert(json_is_number(at(root, "response", "gain_db")));
	ck_assert_int_eq(json_array_size(json_object_get(root, "advice")), 2);
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(root, "advice"), 1)),
			 "Lift the ground at one end.");
}
END_TEST

START_TEST(unknown_figures_are_null)
{
	static const char *const level_nulls[] = {
		"tip_dbfs", "ring_dbfs", "dbfs", "dbu", "dbv", "peak_dbfs", "class",
		"output_fs_dbu"
	};
	static const char *const top_nulls[] = {
		"latency", "response", "distortion", "crosstalk_db"
	};
	struct bp_result r;
	json_t *root;
	size_t i;

	bp_result_init(&r);
	fill_input(&r);
	root = to_json(&r);
	ck_assert(json_is_null(at(root, "jack", "confidence")));
	ck_assert_str_eq(json_string_value(at(root, "jack", "verdict")), "unknown");
	ck_assert_str_eq(json_string_value(at(root, "polarity", "verdict")), "unknown");
	for (i = 0; i < sizeof(level_nulls) / sizeof(level_nulls[0]); i++)
		ck_assert_msg(json_is_null(at(root, "level", level_nulls[i])),
			      "level.%s is not null", level_nulls[i]);
	ck_assert(json_is_null(at(root, "hum", "mains_hz")));
	ck_assert(json_is_null(at(root, "hum", "fundamental_dbfs")));
	ck_assert(json_is_null(at(root, "hum", "mode")));
	ck_assert(json_is_null(at(root, "hum", "ground_loop")));
	ck_assert(json_is_false(at(root, "hum", "present")));
	ck_assert_int_eq(json_array_size(at(root, "hum", "lines")), 0);
	for (i = 0; i < sizeof(top_nulls) / sizeof(top_nulls[0]); i++)
		ck_assert_msg(json_is_null(json_object_get(root, top_nulls[i])),
			      "%s is not null", top_nulls[i]);
	ck_assert_int_eq(json_array_size(json_object_get(root, "advice")), 0);

	/* Infinities are unknown figures too (a silent leg is -inf dBFS). */
	r.level.tip_dbfs = -INFINITY;
	r.level.dbfs = INFINITY;
	root = to_json(&r);
	ck_assert(json_is_null(at(root, "level", "tip_dbfs")));
	ck_assert(json_is_null(at(root, "level", "dbfs")));
}
END_TEST

START_TEST(invalid_result)
{
	struct bp_result r;
	json_t *root;

	fill_all(&r);
	bp_result_invalidate(&r, "the recording clips (%d samples at full scale)", 12);
	root = to_json(&r);
	ck_assert(json_is_false(json_object_get(root, "valid")));
	ck_assert_str_eq(json_string_value(json_object_get(root, "invalid_reason")),
			 "the recording clips (12 samples at full scale)");
}
END_TEST

START_TEST(enumerations_use_design_names)
{
	static const char *const jack[] = {
		"balanced", "unbalanced", "stereo", "dual-mono", "no-signal", "unknown", NULL
	};
	static const char *const polarity[] = { "normal", "inverted", "unknown", NULL };
	static const char *const classes[] = {
		"mic", "instrument", "consumer-line", "pro-line", "speaker", NULL
	};
	static const char *const modes[] = { "common", "differential", "mixed", NULL };
	enum bp_jack_verdict parsed;
	int v;

	for (v = BP_JACK_UNKNOWN; v <= BP_JACK_NO_SIGNAL; v++) {
		const char *name = bp_jack_verdict_name((enum bp_jack_verdict)v);

		ck_assert_msg(name && in_list(name, jack), "jack verdict %d", v);
		ck_assert_int_eq(bp_jack_verdict_parse(name, &parsed), 0);
		ck_assert_int_eq(parsed, v);
	}
	ck_assert_int_ne(bp_jack_verdict_parse("Balanced!", &parsed), 0);
	for (v = BP_POLARITY_UNKNOWN; v <= BP_POLARITY_INVERTED; v++)
		ck_assert(in_list(bp_polarity_verdict_name((enum bp_polarity_verdict)v),
				  polarity));
	ck_assert_ptr_null(bp_level_class_name(BP_CLASS_NONE));
	for (v = BP_CLASS_MIC; v <= BP_CLASS_SPEAKER; v++)
		ck_assert(in_list(bp_level_class_name((enum bp_level_class)v), classes));
	ck_assert_ptr_null(bp_hum_mode_name(BP_HUM_MODE_NONE));
	for (v = BP_HUM_MODE_COMMON; v <= BP_HUM_MODE_MIXED; v++)
		ck_assert(in_list(bp_hum_mode_name((enum bp_hum_mode)v), modes));
}
END_TEST

/* --- writing -------------------------------------------------------- */

START_TEST(write_file)
{
	struct bp_result r;
	char path[512];
	json_error_t err;
	json_t *root;
	FILE *f;
	int last = 0, c;

	fill_all(&r);
	ts_path(path, sizeof(path), "result.json");
	ck_assert_int_eq(bp_report_json_write(&r, path), 0);
	ck_assert_int_eq(ts_dir_entries(ts_dir), 1);
	root = json_load_file(path, 0, &err);
	ck_assert_msg(root != NULL, "%s", err.text);
	ts_track(root, release_json);
	ck_assert_str_eq(json_string_value(at(root, "jack", "verdict")), "balanced");
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	while ((c = fgetc(f)) != EOF)
		last = c;
	fclose(f);
	ck_assert_int_eq(last, '\n');
}
END_TEST

START_TEST(failed_write_leaves_nothing)
{
	struct bp_result r;
	char path[512], sub[600];

	fill_all(&r);
	/* Into a directory that does not exist. */
	ts_path(path, sizeof(path), "missing/result.json");
	ck_assert_int_eq(bp_report_json_write(&r, path), BP_E_FILE_WRITE);
	ck_assert_ptr_nonnull(bp_error_detail());
	ck_assert_int_eq(ts_dir_entries(ts_dir), 0);
	/* Onto a non-empty directory: the rename fails after the temporary
	 * file was written; it must go. */
	ts_path(path, sizeof(path), "result.json");
	ck_assert_int_eq(mkdir(path, 0755), 0);
	snprintf(sub, sizeof(sub), "%s/keep", path);
	ts_write_text(sub, "keep");
	ck_assert_int_eq(bp_report_json_write(&r, path), BP_E_FILE_WRITE);
	ck_assert_int_eq(ts_dir_entries(ts_dir), 1);
	ck_assert_int_eq(bp_write_file_atomic(path, "text\n"), BP_E_FILE_WRITE);
	ck_assert_int_eq(ts_dir_entries(ts_dir), 1);
}
END_TEST

START_TEST(atomic_text_write)
{
	char path[512], buf[64] = { 0 };
	FILE *f;

	ts_path(path, sizeof(path), "report.md");
	ck_assert_int_eq(bp_write_file_atomic(path, "first\n"), 0);
	ck_assert_int_eq(bp_write_file_atomic(path, "second\n"), 0);
	ck_assert_int_eq(ts_dir_entries(ts_dir), 1);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(buf, sizeof(buf), f));
	fclose(f);
	ck_assert_str_eq(buf, "second\n");
}
END_TEST

Suite *report_json_suite(void)
{
	Suite *s = suite_create("report-json");
	TCase *tc = ts_tcase(s, "contract", false);

	tcase_add_test(tc, design_fields_present);
	tcase_add_test(tc, no_undocumented_fields);
	tcase_add_test(tc, values_and_types);
	tcase_add_test(tc, unknown_figures_are_null);
	tcase_add_test(tc, invalid_result);
	tcase_add_test(tc, enumerations_use_design_names);

	tc = ts_tcase(s, "write", true);
	tcase_add_test(tc, write_file);
	tcase_add_test(tc, failed_write_leaves_nothing);
	tcase_add_test(tc, atomic_text_write);
	return s;
}
