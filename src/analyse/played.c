#include "config.h"

#include <math.h>

#include "analyse/impulse.h"
#include "analyse/played.h"
#include "dsp/dsp.h"
#include "util/errors.h"

/* The longest tail a window keeps after its sweep, s. */
#define TAIL_S 0.1

struct bp_signal_window bp_played_stimulus(const struct bp_played *p, int channel,
					   long start, long len)
{
	return (struct bp_signal_window){
		.x = p->stim + channel + (size_t)start * (size_t)p->plan->channels,
		.stride = (size_t)p->plan->channels, .len = len, .start = 0,
		.used = (size_t)len };
}

struct bp_signal_window bp_played_leg(const struct bp_played *p, const double *leg,
				      long start, size_t used)
{
	return (struct bp_signal_window){ .x = leg, .stride = 1, .len = p->len,
					  .start = start, .used = used };
}

size_t bp_played_tail(const struct bp_played *p, const struct bp_segment *s)
{
	const struct bp_plan *plan = p->plan;
	const long end = s->start + s->length, pre = lround(BP_IMPULSE_LEAD_S * p->rate_hz);
	long next = plan->length + lround(BP_PLAYED_SEARCH_S * p->rate_hz), tail;
	int i;

	for (i = 0; i < plan->n_segments; i++)
		if (plan->seg[i].start >= end && plan->seg[i].start < next &&
		    plan->seg[i].kind != BP_SEG_SILENCE)
			next = plan->seg[i].start;
	tail = next - end - pre;
	if (tail > lround(TAIL_S * p->rate_hz))
		tail = lround(TAIL_S * p->rate_hz);
	return (size_t)(tail > 0 ? tail : 0);
}

size_t bp_played_span(const struct bp_played *p, const struct bp_segment *seg, long delay,
		      long skip, long trim, long *start)
{
	long end = seg->start + delay + seg->length - trim;

	*start = seg->start + delay + skip;
	if (*start < 0)
		*start = 0;
	if (end > p->len)
		end = p->len;
	return end > *start ? (size_t)(end - *start) : 0;
}

int bp_played_remove_dc(double *x, size_t n)
{
	double dc = 0.0;
	size_t i;

	if (n > 0 && bp_median(x, n, &dc) != 0)
		return BP_E_NOMEM;
	for (i = 0; i < n; i++)
		x[i] -= dc;
	return 0;
}
