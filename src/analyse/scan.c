#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dsp/dsp.h"
#include "util/errors.h"
#include "result/plot-capture.h"
#include "analyse/scan.h"

#define BLOCK_FRAMES 8192

/* Keep the middle @n frames of this block if they are the loudest yet. */
static void offer_wave(struct bp_scan *scan, const double *tip, const double *ring,
		       size_t got, size_t n)
{
	const size_t at = (got - n) / 2;
	double e = 0.0;
	size_t i;

	for (i = at; i < at + n; i++)
		e += tip[i] * tip[i] + ring[i] * ring[i];
	if (scan->wave.n > 0 && e <= scan->wave_energy)
		return;
	scan->wave_energy = e;
	bp_plot_capture_wave(&scan->wave, tip + at, ring + at, n, scan->rate_hz,
			     (double)(scan->frames + (long long)at) / scan->rate_hz);
}

int bp_scan_recording(struct bp_recording *rec, double ring_gain, double wave_s,
		      bool polarity, struct bp_scan *scan)
{
	const struct bp_recording_info *info = bp_recording_info(rec);
	double *tip = malloc(BLOCK_FRAMES * sizeof(double));
	double *ring = malloc(BLOCK_FRAMES * sizeof(double));
	const size_t wave_frames = (size_t)(wave_s * info->rate_hz);
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
	if (!err)
		bp_level_meter_scale_ring(scan->meter, ring_gain);
	if (!err && polarity)
		err = bp_polarity_meter_new(&scan->polarity, info->rate_hz);
	while (!err && (got = bp_recording_read(rec, tip, ring, BLOCK_FRAMES)) != 0) {
		if (got < 0) {
			err = (int)got;
			break;
		}
		if (ring_gain != 1.0)
			bp_scale(ring, (size_t)got, ring_gain);
		bp_welch_push(scan->welch, tip, ring, (size_t)got);
		bp_level_meter_push(scan->meter, tip, ring, (size_t)got);
		if (scan->polarity)
			bp_polarity_meter_push(scan->polarity, tip, ring, (size_t)got);
		if (wave_frames > 0 && (size_t)got >= wave_frames)
			offer_wave(scan, tip, ring, (size_t)got, wave_frames);
		scan->frames += got;
	}
	if (!err && scan->frames < BP_SCAN_MIN_S * info->rate_hz) {
		bp_error_set_detail("%s: is %.3f s long; at least %.1f s is needed — record for longer",
				    info->path, (double)scan->frames / info->rate_hz, BP_SCAN_MIN_S);
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
	bp_polarity_meter_free(scan->polarity);
	scan->welch = NULL;
	scan->meter = NULL;
	scan->polarity = NULL;
}
