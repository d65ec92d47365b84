#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/atomic-file.h"
#include "util/errors.h"
#include "fixture-files.h"

void *fixture_calloc(const char *prog, size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p) {
		fprintf(stderr, "%s: out of memory\n", prog);
		exit(2);
	}
	return p;
}

static double level_or_none(double dbfs)
{
	return dbfs == 0.0 ? -INFINITY : dbfs;
}

void fixture_disturb(struct bp_port_model *m, const struct fixture_disturbances *d)
{
	m->crosstalk_db = level_or_none(d->crosstalk_db);
	m->mains_hz = d->mains_hz ? d->mains_hz : 50;
	m->hum_dbfs = level_or_none(d->hum_dbfs);
	m->pickup_dbfs = level_or_none(d->pickup_dbfs);
	m->ripple_dbfs = level_or_none(d->ripple_dbfs);
	m->noise_dbfs = d->noise_dbfs == 0.0 ? FIXTURE_NOISE_DBFS : d->noise_dbfs;
}

int fixture_write_recording(const char *prog, const char *outdir, const char *name,
			    const struct bp_port_model *m, double rate_hz,
			    const double *programme, const double *partner, size_t n,
			    enum bp_wav_encoding enc, char *file, size_t file_size)
{
	const bool flac = enc == BP_FLAC_PCM16 || enc == BP_FLAC_PCM24;
	double *tip = fixture_calloc(prog, n, sizeof(double));
	double *ring = fixture_calloc(prog, n, sizeof(double));
	double *frames = fixture_calloc(prog, 2 * n, sizeof(double));
	char path[1024], comment[256];
	size_t i;
	int err;

	err = bp_port_render(m, rate_hz, programme, partner, n, tip, ring);
	if (err) {
		fprintf(stderr, "%s: %s: the port model refused the parameters (%d)\n",
			prog, name, err);
		exit(2);
	}
	for (i = 0; i < n; i++) {
		frames[2 * i] = tip[i];
		frames[2 * i + 1] = ring[i];
	}
	snprintf(file, file_size, "%s.%s", name, flac ? "flac" : "wav");
	snprintf(path, sizeof(path), "%s/%s", outdir, file);
	snprintf(comment, sizeof(comment), "balprobe fixture %s (tests/%s)", name, prog);
	err = bp_wav_write(path, rate_hz, 2, frames, (long)n, enc, comment);
	free(tip);
	free(ring);
	free(frames);
	return err;
}

int fixture_write_truth(const char *outdir, const char *name, json_t *truth)
{
	char *text = json_dumps(truth, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
					      JSON_REAL_PRECISION(10));
	char path[1024], *line;
	size_t len;
	int err;

	json_decref(truth);
	if (!text)
		return BP_E_NOMEM;
	len = strlen(text);
	line = realloc(text, len + 2);
	if (!line) {
		free(text);
		return BP_E_NOMEM;
	}
	memcpy(line + len, "\n", 2);
	snprintf(path, sizeof(path), "%s/%s.expect.json", outdir, name);
	err = bp_write_file_atomic(path, line);
	free(line);
	return err;
}
