/* json-expect: compare a balprobe JSON result with a fixture's truth.
 *
 *   json-expect TRUTH.json RESULT.json   one line per mismatch on stdout;
 *                                        exit 0 all match, 1 a mismatch,
 *                                        2 a file that cannot be read
 *   json-expect --print FIELD TRUTH.json print "file" or "exit", or "args"
 *                                        one per line, for the test script
 *
 * A truth field that is absent or null is not judged.  hum_present false
 * also accepts the honest null of a result that names how strong a line
 * the programme could hide (hum.bound_dbfs): the tool may not know that
 * there is no hum, but must never deny hum that is there.  A truth field this
 * program does not know is an error, so a misspelt one cannot pass
 * silently.
 */
#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#define DEFAULT_LEVEL_TOL_DB 0.1
#define DEFAULT_LATENCY_TOL_SAMPLES 0.02

/* LEVEL and SAMPLES are numbers judged within a tolerance: the truth's
 * level_tol_db and latency_tol_samples. */
enum kind { STRING, BOOLEAN, ABSENCE, INTEGER, LEVEL, SAMPLES, INFO };

/* A truth field and where the result keeps it. */
struct field {
	const char *truth;
	const char *section, *key;   /* result[section][key] */
	enum kind kind;
};

static const struct field fields[] = {
	{ "file", NULL, NULL, INFO },
	{ "description", NULL, NULL, INFO },
	{ "model", NULL, NULL, INFO },
	{ "args", NULL, NULL, INFO },
	{ "exit", NULL, NULL, INFO },         /* judged by the caller */
	{ "level_tol_db", NULL, NULL, INFO },
	{ "latency_tol_samples", NULL, NULL, INFO },
	{ "jack", "jack", "verdict", STRING },
	{ "polarity", "polarity", "verdict", STRING },
	{ "level_dbfs", "level", "dbfs", LEVEL },
	{ "level_dbu", "level", "dbu", LEVEL },
	{ "class", "level", "class", STRING },
	{ "clipping", "level", "clipping", BOOLEAN },
	{ "hum_present", "hum", "present", ABSENCE },
	{ "mains_hz", "hum", "mains_hz", INTEGER },
	{ "ground_loop", "hum", "ground_loop", BOOLEAN },
	{ "hum_mode", "hum", "mode", STRING },
	{ "hum_fundamental_dbfs", "hum", "fundamental_dbfs", LEVEL },
	{ "latency_samples", "latency", "samples", SAMPLES },
};

#define N_FIELDS (sizeof(fields) / sizeof(fields[0]))

static const struct field *field_named(const char *name)
{
	size_t i;

	for (i = 0; i < N_FIELDS; i++)
		if (strcmp(fields[i].truth, name) == 0)
			return &fields[i];
	return NULL;
}

static json_t *load(const char *path)
{
	json_error_t error;
	json_t *root = json_load_file(path, 0, &error);

	if (!root)
		fprintf(stderr, "json-expect: %s:%d: %s\n", path, error.line, error.text);
	else if (!json_is_object(root)) {
		fprintf(stderr, "json-expect: %s: not a JSON object\n", path);
		json_decref(root);
		root = NULL;
	}
	return root;
}

/* Print a value the way the mismatch lines show it. */
static void show(FILE *out, const json_t *v)
{
	char *text = v ? json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(6)) : NULL;

	fputs(text ? text : "(absent)", out);
	free(text);
}

static bool type_fits(const json_t *v, enum kind kind)
{
	switch (kind) {
	case STRING:
		return json_is_string(v);
	case BOOLEAN:
	case ABSENCE:
		return json_is_boolean(v);
	case INTEGER:
		return json_is_integer(v);
	case LEVEL:
	case SAMPLES:
		return json_is_number(v);
	case INFO:
		break;
	}
	return true;
}

/* Compare one field; print a line and return false on a mismatch. */
static bool judge(const struct field *f, const json_t *want, const json_t *root,
		  double tol)
{
	const json_t *section = json_object_get(root, f->section);
	const json_t *got = section ? json_object_get(section, f->key) : NULL;
	bool same;

	if (f->kind == LEVEL || f->kind == SAMPLES)
		same = json_is_number(got) &&
		       fabs(json_number_value(got) - json_number_value(want)) <= tol + 1e-9;
	else if (f->kind == INTEGER)
		same = json_is_number(got) &&
		       json_number_value(got) == json_number_value(want);
	else
		same = got && json_equal((json_t *)want, (json_t *)got);
	if (!same && f->kind == ABSENCE && json_is_false(want) && json_is_null(got))
		same = json_is_number(json_object_get(section, "bound_dbfs"));
	if (same)
		return true;
	printf("%s (%s.%s): expected ", f->truth, f->section, f->key);
	show(stdout, want);
	if (f->kind == LEVEL || f->kind == SAMPLES)
		printf(" +- %g", tol);
	printf(", got ");
	show(stdout, got);
	printf("\n");
	return false;
}

/* Read the truth's tolerance @key into @tol, if it gives one; 0 or -1. */
static int tolerance(const json_t *truth, const char *truth_path, const char *key,
		     double *tol)
{
	const json_t *v = json_object_get(truth, key);

	if (!v || json_is_null(v))
		return 0;
	if (!json_is_number(v) || json_number_value(v) < 0.0) {
		fprintf(stderr, "json-expect: %s: %s must be a number >= 0\n", truth_path, key);
		return -1;
	}
	*tol = json_number_value(v);
	return 0;
}

static int compare(const char *truth_path, const char *result_path)
{
	json_t *truth = load(truth_path), *result = NULL;
	const char *name;
	json_t *want;
	double tol_db = DEFAULT_LEVEL_TOL_DB, tol_samples = DEFAULT_LATENCY_TOL_SAMPLES;
	int status = 0;

	if (!truth)
		return 2;
	result = load(result_path);
	if (!result) {
		json_decref(truth);
		return 2;
	}
	if (tolerance(truth, truth_path, "level_tol_db", &tol_db) != 0 ||
	    tolerance(truth, truth_path, "latency_tol_samples", &tol_samples) != 0)
		status = 2;
	json_object_foreach(truth, name, want) {
		const struct field *f = field_named(name);

		if (!f) {
			fprintf(stderr, "json-expect: %s: unknown truth field '%s'\n",
				truth_path, name);
			status = 2;
			continue;
		}
		if (f->kind == INFO || json_is_null(want))
			continue;
		if (!type_fits(want, f->kind)) {
			fprintf(stderr, "json-expect: %s: truth field '%s' has the wrong type\n",
				truth_path, name);
			status = 2;
			continue;
		}
		if (!judge(f, want, result, f->kind == SAMPLES ? tol_samples : tol_db) &&
		    status == 0)
			status = 1;
	}
	json_decref(truth);
	json_decref(result);
	return status;
}

/* --print FIELD: what the test script needs from a truth. */
static int print_field(const char *field, const char *truth_path)
{
	json_t *truth = load(truth_path);
	const json_t *v;
	int status = 0;
	size_t i;

	if (!truth)
		return 2;
	v = json_object_get(truth, field);
	if (strcmp(field, "args") == 0 && json_is_array(v)) {
		for (i = 0; i < json_array_size(v); i++) {
			const char *s = json_string_value(json_array_get(v, i));

			if (!s || strchr(s, '\n')) {
				fprintf(stderr, "json-expect: %s: args must be strings without newlines\n",
					truth_path);
				status = 2;
				break;
			}
			printf("%s\n", s);
		}
	} else if (strcmp(field, "file") == 0 && json_is_string(v)) {
		printf("%s\n", json_string_value(v));
	} else if (strcmp(field, "exit") == 0 && json_is_integer(v)) {
		printf("%lld\n", (long long)json_integer_value(v));
	} else {
		fprintf(stderr, "json-expect: %s: no usable '%s' (args: array of strings, file: string, exit: integer)\n",
			truth_path, field);
		status = 2;
	}
	json_decref(truth);
	return status;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "--print") == 0)
		return print_field(argv[2], argv[3]);
	if (argc == 3 && argv[1][0] != '-')
		return compare(argv[1], argv[2]);
	fprintf(stderr,
		"Usage: json-expect TRUTH.json RESULT.json\n"
		"       json-expect --print args|file|exit TRUTH.json\n");
	return 2;
}
