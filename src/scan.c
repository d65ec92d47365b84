#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "scan.h"

#define BLOCK_FRAMES 8192

int bp_scan_recording(struct bp_recording *rec, struct bp_scan *scan)
{
	const struct bp_recording_info *info = bp_recording_info(rec);
	double *tip = malloc(BLOCK_FRAMES * sizeof(double));
	double *ring = malloc(BLOCK_FRAMES * sizeof(double));
	long got;
	int err;

	memset(scan, 0, sizeof(*scan));
	scan->rate_hz = info->rate_hz;
	err = !tip || !ring ? BP_E_NOMEM : 0;
	if (!err)
		err = bp_welch_new(&scan->welch, info->rate_hz,
				   bp_welch_nfft_for_rate(info->rate_hz));
	if (!err)
		err = bp_level_meter_new(&scan->meter, info->rate_hz);
	while (!err && (got = bp_recording_read(rec, tip, ring, BLOCK_FRAMES)) != 0) {
		if (got < 0) {
			err = (int)got;
			break;
		}
		bp_welch_push(scan->welch, tip, ring, (size_t)got);
		bp_level_meter_push(scan->meter, tip, ring, (size_t)got);
		scan->frames += got;
	}
	if (!err && scan->frames < BP_SCAN_MIN_S * info->rate_hz) {
		bp_error_set_detail("the recording is %.3f s long; at least %.1f s is needed — record for longer",
				    (double)scan->frames / info->rate_hz, BP_SCAN_MIN_S);
		err = BP_E_FILE_SHORT;
	}
	free(tip);
	free(ring);
	if (err)
		bp_scan_free(scan);
	return err;
}

void bp_scan_free(struct bp_scan *scan)
{
	bp_welch_free(scan->welch);
	bp_level_meter_free(scan->meter);
	scan->welch = NULL;
	scan->meter = NULL;
}
