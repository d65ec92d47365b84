#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "signal/stimulus.h"

#define PLAN_MAGIC "balprobe-plan/1"
#define FADE_S 0.005

double bp_sweep_top_hz(double rate_hz)
{
	return fmin(0.48 * rate_hz, 24000.0);
}

void bp_plan_add(struct bp_plan *p, enum bp_segment_kind kind, int channel,
		 double start_s, double length_s, double f1, double f2,
		 double level_dbfs)
{
	struct bp_segment *s = &p->seg[p->n_segments++];

	s->kind = kind;
	s->channel = channel;
	s->start = lround(start_s * p->rate_hz);
	s->length = lround(length_s * p->rate_hz);
	s->f1_hz = f1;
	s->f2_hz = f2;
	s->level_dbfs = level_dbfs;
	s->fade = kind == BP_SEG_SILENCE || kind == BP_SEG_PULSES
		  ? 0 : lround(FADE_S * p->rate_hz);
}

int bp_plan_start(struct bp_plan *plan, double rate_hz, double level_dbfs,
		  int channels)
{
	if (rate_hz < 8000.0 || rate_hz > 384000.0 || !(level_dbfs <= BP_LEVEL_CAP_DBFS))
		return -EINVAL;
	memset(plan, 0, sizeof(*plan));
	plan->rate_hz = rate_hz;
	plan->channels = channels;
	return 0;
}

const struct bp_segment *bp_plan_find(const struct bp_plan *plan,
				      enum bp_segment_kind kind, int channel)
{
	int i;

	for (i = 0; i < plan->n_segments; i++)
		if (plan->seg[i].kind == kind &&
		    (channel < 0 || plan->seg[i].channel == channel))
			return &plan->seg[i];
	return NULL;
}

/* Raised-cosine fade gain for sample @i of a segment. */
static double fade_gain(const struct bp_segment *s, long i)
{
	long from_end = s->length - 1 - i;
	long edge = i < from_end ? i : from_end;

	if (s->fade <= 0 || edge >= s->fade)
		return 1.0;
	return 0.5 - 0.5 * cos(M_PI * (double)edge / (double)s->fade);
}

void bp_segment_render(const struct bp_segment *s, double rate_hz, double *out)
{
	const double amplitude = pow(10.0, s->level_dbfs / 20.0);
	const double duration = (double)s->length / rate_hz;
	/* Exponential sweep (Farina 2000): phase 2 pi f1 L (e^(t/L) - 1),
	 * L = T / ln(f2 / f1), so frequency grows by equal ratios per second. */
	const double L = s->kind == BP_SEG_SWEEP ? duration / log(s->f2_hz / s->f1_hz) : 0.0;
	long i;

	for (i = 0; i < s->length; i++) {
		double t = (double)i / rate_hz, phase;

		switch (s->kind) {
		case BP_SEG_SWEEP:
			phase = 2.0 * M_PI * s->f1_hz * L * expm1(t / L);
			break;
		case BP_SEG_TONE:
			phase = 2.0 * M_PI * s->f1_hz * t;
			break;
		case BP_SEG_TWO_TONE:
			out[i] = amplitude * fade_gain(s, i) *
				 (sin(2.0 * M_PI * s->f1_hz * t) +
				  0.25 * sin(2.0 * M_PI * s->f2_hz * t));
			continue;
		case BP_SEG_PULSES:
			/* Position inside the pulse, in pulse lengths. */
			phase = fmod(t, 1.0 / s->f1_hz) * s->f2_hz;
			out[i] = phase < 1.0 ? amplitude * (0.5 - 0.5 * cos(2.0 * M_PI * phase)) : 0.0;
			continue;
		default:
			out[i] = 0.0;
			continue;
		}
		out[i] = amplitude * fade_gain(s, i) * sin(phase);
	}
}

double *bp_plan_render(const struct bp_plan *plan)
{
	double *buf = calloc((size_t)plan->length * (size_t)plan->channels,
			     sizeof(double));
	double *seg = NULL;
	int i;
	long j;

	if (!buf)
		return NULL;
	for (i = 0; i < plan->n_segments; i++) {
		const struct bp_segment *s = &plan->seg[i];

		if (s->kind == BP_SEG_SILENCE)
			continue;
		free(seg);
		seg = malloc((size_t)s->length * sizeof(double));
		if (!seg) {
			free(buf);
			return NULL;
		}
		bp_segment_render(s, plan->rate_hz, seg);
		for (j = 0; j < s->length && s->start + j < plan->length; j++)
			buf[(size_t)(s->start + j) * plan->channels + s->channel] += seg[j];
	}
	free(seg);
	return buf;
}

static const char *const kind_names[] = {
	[BP_SEG_SWEEP] = "sweep", [BP_SEG_TONE] = "tone", [BP_SEG_SILENCE] = "silence",
	[BP_SEG_PULSES] = "pulses", [BP_SEG_TWO_TONE] = "twotone",
};

int bp_plan_format(const struct bp_plan *plan, char *buf, size_t size)
{
	size_t used;
	int i, n;

	n = snprintf(buf, size, "%s rate=%.0f channels=%d length=%ld", PLAN_MAGIC,
		     plan->rate_hz, plan->channels, plan->length);
	if (n < 0 || (size_t)n >= size)
		return -ENOSPC;
	used = (size_t)n;
	for (i = 0; i < plan->n_segments; i++) {
		const struct bp_segment *s = &plan->seg[i];

		n = snprintf(buf + used, size - used, " %s:%d:%ld:%ld:%.17g:%.17g:%.17g:%ld",
			     kind_names[s->kind], s->channel, s->start, s->length,
			     s->f1_hz, s->f2_hz,
			     isfinite(s->level_dbfs) ? s->level_dbfs : -999.0, s->fade);
		if (n < 0 || (size_t)n >= size - used)
			return -ENOSPC;
		used += (size_t)n;
	}
	return 0;
}

static int parse_segment(const char *word, struct bp_segment *s)
{
	char kind[16];
	size_t k;

	if (sscanf(word, "%15[a-z]:%d:%ld:%ld:%lf:%lf:%lf:%ld", kind, &s->channel,
		   &s->start, &s->length, &s->f1_hz, &s->f2_hz, &s->level_dbfs,
		   &s->fade) != 8)
		return -EINVAL;
	for (k = 0; k < sizeof(kind_names) / sizeof(kind_names[0]); k++)
		if (strcmp(kind, kind_names[k]) == 0) {
			s->kind = (enum bp_segment_kind)k;
			if (s->level_dbfs <= -999.0)
				s->level_dbfs = -INFINITY;
			return 0;
		}
	return -EINVAL;
}

/* Untrusted text: every segment must lie inside the plan and play what
 * the rate can carry, no louder than the cap; only silence may be on all
 * channels (-1). */
static bool segment_sane(const struct bp_segment *s, const struct bp_plan *plan)
{
	const double nyquist = plan->rate_hz / 2.0;

	if (s->channel < (s->kind == BP_SEG_SILENCE ? -1 : 0) ||
	    s->channel >= plan->channels || s->start < 0 ||
	    s->length <= 0 || s->start > plan->length - s->length ||
	    s->fade < 0 || s->fade > s->length / 2)
		return false;
	switch (s->kind) {
	case BP_SEG_SWEEP:
		return s->f1_hz > 0.0 && s->f1_hz < s->f2_hz && s->f2_hz < nyquist &&
		       s->level_dbfs <= BP_LEVEL_CAP_DBFS;
	case BP_SEG_TONE:
		return s->f1_hz > 0.0 && s->f1_hz < nyquist &&
		       s->level_dbfs <= BP_LEVEL_TONE_CAP_DBFS;
	case BP_SEG_TWO_TONE:
		return s->f1_hz > 0.0 && s->f1_hz < s->f2_hz && s->f2_hz < nyquist &&
		       s->level_dbfs + 20.0 * log10(1.25) <= BP_LEVEL_TONE_CAP_DBFS + 1e-9;
	case BP_SEG_SILENCE:
		return true;
	case BP_SEG_PULSES:
		return s->f1_hz > 0.0 && s->f1_hz < s->f2_hz && s->f2_hz < nyquist &&
		       s->level_dbfs <= BP_LEVEL_CAP_DBFS;
	}
	return false;
}

/* Does the last segment of @plan share a sample with an earlier one?  The
 * analysis reads each segment's span as that segment alone. */
static bool overlaps_earlier(const struct bp_plan *plan)
{
	const struct bp_segment *last = &plan->seg[plan->n_segments - 1];
	int i;

	for (i = 0; i < plan->n_segments - 1; i++)
		if (plan->seg[i].start < last->start + last->length &&
		    last->start < plan->seg[i].start + plan->seg[i].length)
			return true;
	return false;
}

/* sscanf lets through text bp_plan_format() never writes: a space it
 * skips ("rate=8000.1channels=1"), a fraction the format drops, junk after
 * a number.  Such a plan would not read back as itself, so only the one
 * form the format writes is accepted. */
static bool is_canonical(const struct bp_plan *plan, const char *text)
{
	char again[BP_PLAN_TEXT_MAX];

	return bp_plan_format(plan, again, sizeof(again)) == 0 &&
	       strcmp(again, text) == 0;
}

int bp_plan_parse(struct bp_plan *plan, const char *text)
{
	const char *p;
	int used = 0;

	memset(plan, 0, sizeof(*plan));
	if (strncmp(text, PLAN_MAGIC " ", strlen(PLAN_MAGIC) + 1) != 0)
		return -EINVAL;
	p = text + strlen(PLAN_MAGIC) + 1;
	if (sscanf(p, "rate=%lf channels=%d length=%ld%n", &plan->rate_hz,
		   &plan->channels, &plan->length, &used) != 3 ||
	    !(plan->rate_hz >= 8000.0 && plan->rate_hz <= 384000.0) ||
	    plan->channels < 1 || plan->channels > 64 || plan->length <= 0)
		return -EINVAL;
	p += used;
	while (*p == ' ') {
		char word[160];
		struct bp_segment *s;

		if (plan->n_segments == BP_PLAN_SEGMENTS_MAX ||
		    sscanf(p, " %159s%n", word, &used) != 1)
			return -EINVAL;
		s = &plan->seg[plan->n_segments++];
		if (parse_segment(word, s) != 0 || !segment_sane(s, plan) ||
		    overlaps_earlier(plan))
			return -EINVAL;
		p += used;
	}
	if (plan->n_segments == 0 || *p != '\0')
		return -EINVAL;
	return is_canonical(plan, text) ? 0 : -EINVAL;
}
