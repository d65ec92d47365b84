/* What the two fixture generators share: allocation that cannot fail
 * quietly, rendering a port model's recording to a file, and writing a
 * truth file. */
#ifndef BALPROBE_FIXTURE_FILES_H
#define BALPROBE_FIXTURE_FILES_H

#include <stddef.h>

#include <jansson.h>

#include "device/port-model.h"
#include "io/audio-file.h"

/* calloc, or a message naming @prog and exit status 2. */
void *fixture_calloc(const char *prog, size_t n, size_t size);

/* Fixture tables give levels as 0 for "none" (no fixture wants a 0 dBFS
 * hum) and noise as 0 for FIXTURE_NOISE_DBFS. */
#define FIXTURE_NOISE_DBFS (-100.0)

struct fixture_disturbances {
	int mains_hz;                /* 0: 50 */
	double crosstalk_db, hum_dbfs, pickup_dbfs, ripple_dbfs, noise_dbfs;
};

/* Set @m's crosstalk, mains, hum, pickup, ripple and noise from @d. */
void fixture_disturb(struct bp_port_model *m, const struct fixture_disturbances *d);

/* Render what @m records of @programme and @partner (@n frames at
 * @rate_hz; either may be NULL) and write it to OUTDIR/NAME.flac or .wav
 * (by @enc), its file name into @file.  A model that refuses its
 * parameters is a bug in the generator @prog: message and exit 2.
 * Returns 0 or BP_E_FILE_WRITE. */
int fixture_write_recording(const char *prog, const char *outdir, const char *name,
			    const struct bp_port_model *m, double rate_hz,
			    const double *programme, const double *partner, size_t n,
			    enum bp_wav_encoding enc, char *file, size_t file_size);

/* Write @truth (whose reference this takes) to OUTDIR/NAME.expect.json,
 * indented, atomically.  Returns 0 or a BP_E_* code. */
int fixture_write_truth(const char *outdir, const char *name, json_t *truth);

#endif
