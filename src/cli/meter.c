#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli/meter.h"
#include "dsp/dsp.h"

static void draw(void *ctx, long done, long total, const double *peaks)
{
	const struct bp_meter *m = ctx;
	const int width = 30, filled = (int)(width * done / (total > 0 ? total : 1));
	char bar[32];

	memset(bar, '#', (size_t)filled);
	memset(bar + filled, '.', (size_t)(width - filled));
	bar[width] = '\0';
	fprintf(stderr, "\r[%s] %3ld%%  tip %6.1f dBFS  ring %6.1f dBFS ", bar,
		100 * done / (total > 0 ? total : 1),
		bp_dbfs_from_amplitude(peaks[m->tip]), bp_dbfs_from_amplitude(peaks[m->ring]));
	if (done >= total)
		fputc('\n', stderr);
}

/* A spoiled take stops short of 100 %: its line is left as it stood and
 * the next take draws on a fresh one. */
static void restarted(void *ctx)
{
	(void)ctx;
	fputc('\n', stderr);
}

struct bp_engine_progress bp_meter_progress(struct bp_meter *m)
{
	return (struct bp_engine_progress){ .update = draw, .restarted = restarted, .ctx = m };
}
