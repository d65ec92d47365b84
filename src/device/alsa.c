/* balprobe: the ALSA device.  One name opens a playback and a capture PCM
 * with exact parameters (no silent conversion: the NO_AUTO_* flags, rate
 * resampling off, everything re-read after snd_pcm_hw_params), after
 * alsa-lib's test/latency.c and zita-alsa-pcmi.  A take prefills the whole
 * playback buffer, starts explicitly and serves both streams from one poll
 * loop paced by capture; any xrun, or a period one stream lost against
 * the other, spoils the take (the engine repeats it).
 *
 * Linked streams (snd_pcm_link) start on the same frame.  Where linking is
 * refused (the JACK and PipeWire plugins), playback starts first on a
 * buffer of silence, capture after it, and the two hardware pointers, read
 * at one instant, say how far apart the streams started; the stimulus then
 * begins after the silence and the capture is trimmed to begin with it.
 * So capture frame 0 is always the instant stimulus frame 0 was played,
 * whatever the start took.
 *
 * The listing and the default choice are in device/alsa-list.c, why a
 * PCM does not open in device/alsa-busy.c.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "device/alsa.h"
#include "device/alsa-busy.h"
#include "device/device.h"
#include "util/errors.h"

#define PERIODS 4
#define MAX_POLL_FDS 16
#define STALL_MS 3000          /* no data for this long: the device stopped */
#define PROGRESS_PER_S 10
#define ALIGN_MISSES 4         /* readings in a row off the offset: spoiled */

/* Preferred first: the widest integer the converters carry exactly. */
static const snd_pcm_format_t formats[] = {
	SND_PCM_FORMAT_S32_LE, SND_PCM_FORMAT_S24_3LE, SND_PCM_FORMAT_S24_LE,
	SND_PCM_FORMAT_S16_LE, SND_PCM_FORMAT_FLOAT_LE,
};

static const unsigned int common_rates[] = {
	8000, 11025, 16000, 22050, 32000, 44100, 48000, 88200, 96000,
	176400, 192000, 352800, 384000,
};

struct stream {
	snd_pcm_t *pcm;
	snd_pcm_stream_t dir;
	snd_pcm_format_t format;
	int channels;              /* as opened */
	int used;                  /* the first channels, that the take uses */
	size_t frame_bytes;
	snd_pcm_uframes_t period, buffer;
	unsigned char *raw;        /* one buffer of frames in the PCM format */
};

struct alsa_dev {
	struct bp_device base;
	struct stream play, cap;   /* play.pcm is NULL for a record-only take */
	bool linked;
	double *peaks;             /* per input, since the last progress call */
};

const char *bp_alsa_dir_name(snd_pcm_stream_t dir)
{
	return dir == SND_PCM_STREAM_PLAYBACK ? "playback" : "capture";
}

static void quiet_alsa(const char *file, int line, const char *function,
		       int err, const char *fmt, ...)
{
	(void)file; (void)line; (void)function; (void)err; (void)fmt;
}

void bp_alsa_messages(void)
{
	/* NULL restores alsa-lib's own handler, which prints to stderr. */
	snd_lib_error_set_handler(bp_device_verbose() ? NULL : quiet_alsa);
}

void bp_alsa_offered_rates(snd_pcm_t *pcm, char *buf, size_t size)
{
	snd_pcm_hw_params_t *hw;
	size_t used = 0, i;

	buf[0] = '\0';
	snd_pcm_hw_params_alloca(&hw);
	if (snd_pcm_hw_params_any(pcm, hw) < 0)
		return;
	for (i = 0; i < sizeof(common_rates) / sizeof(common_rates[0]); i++) {
		if (snd_pcm_hw_params_test_rate(pcm, hw, common_rates[i], 0) != 0)
			continue;
		used += (size_t)snprintf(buf + used, used < size ? size - used : 0, "%s%u",
					 used ? ", " : "", common_rates[i]);
	}
	if (used == 0) {
		unsigned int lo = 0, hi = 0;

		snd_pcm_hw_params_get_rate_min(hw, &lo, NULL);
		snd_pcm_hw_params_get_rate_max(hw, &hi, NULL);
		snprintf(buf, size, "%u..%u", lo, hi);
	}
}

/* Period about 21 ms (1024 frames at 48 kHz), a power of two: robust,
 * and a whole multiple of any JACK period up to 1024. */
static snd_pcm_uframes_t period_target(unsigned int rate)
{
	snd_pcm_uframes_t p = 1024;

	while (p < rate / 47)
		p *= 2;
	return p;
}

/* hw and sw parameters of one stream: exact or refused.  At least @need
 * channels, @want if the device has them; a device with a fixed larger
 * count is opened with all of them and the take uses the first @want. */
static int setup_stream(struct stream *s, const char *name, unsigned int rate,
			int need, int want)
{
	snd_pcm_hw_params_t *hw;
	snd_pcm_sw_params_t *sw;
	snd_pcm_uframes_t period, boundary;
	unsigned int ch_min = 0, ch_max = 0, periods = PERIODS, got_rate = 0, got_ch = 0;
	snd_pcm_format_t got_format;
	snd_pcm_access_t got_access;
	const char *what = bp_alsa_dir_name(s->dir);
	size_t i;
	int dir = 0, rate_dir = 0, period_dir = 0, err, ch;

	snd_pcm_hw_params_alloca(&hw);
	snd_pcm_sw_params_alloca(&sw);
	if ((err = snd_pcm_hw_params_any(s->pcm, hw)) < 0)
		goto alsa_fail;
	if ((err = snd_pcm_hw_params_set_rate_resample(s->pcm, hw, 0)) < 0)
		goto alsa_fail;
	if ((err = snd_pcm_hw_params_set_access(s->pcm, hw, SND_PCM_ACCESS_RW_INTERLEAVED)) < 0) {
		bp_error_set_detail("%s: the %s stream does not offer interleaved read/write access (%s) — try the plughw: form of the name",
				    name, what, snd_strerror(err));
		return err;
	}
	s->format = SND_PCM_FORMAT_UNKNOWN;
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (snd_pcm_hw_params_test_format(s->pcm, hw, formats[i]) == 0) {
			s->format = formats[i];
			break;
		}
	if (s->format == SND_PCM_FORMAT_UNKNOWN) {
		bp_error_set_detail("%s: the %s stream offers none of S32_LE, S24_3LE, S24_LE, S16_LE, FLOAT_LE — try the plughw: form of the name",
				    name, what);
		return -EINVAL;
	}
	if ((err = snd_pcm_hw_params_set_format(s->pcm, hw, s->format)) < 0)
		goto alsa_fail;

	snd_pcm_hw_params_get_channels_min(hw, &ch_min);
	snd_pcm_hw_params_get_channels_max(hw, &ch_max);
	if ((int)ch_max < need) {
		if (s->dir == SND_PCM_STREAM_PLAYBACK)
			bp_error_set_detail("%s has %u output%s; out%d needs %d", name, ch_max,
					    ch_max == 1 ? "" : "s", need, need);
		else
			bp_error_set_detail("%s has %u input%s; tip and ring need input %d",
					    name, ch_max, ch_max == 1 ? "" : "s", need);
		return -ERANGE;
	}
	ch = want > (int)ch_max ? (int)ch_max : want;
	if (ch < (int)ch_min)
		ch = (int)ch_min;
	if ((err = snd_pcm_hw_params_set_channels(s->pcm, hw, (unsigned int)ch)) < 0)
		goto alsa_fail;

	if (snd_pcm_hw_params_set_rate(s->pcm, hw, rate, 0) < 0) {
		char rates[160];

		bp_alsa_offered_rates(s->pcm, rates, sizeof(rates));
		bp_error_set_detail("%s does not %s at %u Hz; it offers %s Hz — choose one with -r",
				    name, s->dir == SND_PCM_STREAM_PLAYBACK ? "play" : "record",
				    rate, rates);
		return -EINVAL;
	}

	/* Period before buffer (the order analyse/latency.c and zita-alsa-pcmi use). */
	period = period_target(rate);
	if ((err = snd_pcm_hw_params_set_period_size_near(s->pcm, hw, &period, &dir)) < 0)
		goto alsa_fail;
	dir = 0;
	if ((err = snd_pcm_hw_params_set_periods_near(s->pcm, hw, &periods, &dir)) < 0)
		goto alsa_fail;
	if ((err = snd_pcm_hw_params(s->pcm, hw)) < 0)
		goto alsa_fail;

	/* What the driver granted, checked against what was asked. */
	snd_pcm_hw_params_get_access(hw, &got_access);
	snd_pcm_hw_params_get_format(hw, &got_format);
	snd_pcm_hw_params_get_channels(hw, &got_ch);
	snd_pcm_hw_params_get_rate(hw, &got_rate, &rate_dir);
	snd_pcm_hw_params_get_period_size(hw, &s->period, &period_dir);
	snd_pcm_hw_params_get_buffer_size(hw, &s->buffer);
	if (got_access != SND_PCM_ACCESS_RW_INTERLEAVED || got_format != s->format ||
	    (int)got_ch != ch || got_rate != rate || rate_dir != 0 || s->period != period ||
	    s->buffer < 2 * s->period) {
		bp_error_set_detail("%s: the %s stream changed its parameters (%s, %u channels, %u Hz, period %lu of %lu frames) — try the plughw: form of the name",
				    name, what, snd_pcm_format_name(got_format), got_ch, got_rate,
				    (unsigned long)s->period, (unsigned long)s->buffer);
		return -EINVAL;
	}
	s->channels = ch;
	s->used = want < ch ? want : ch;
	s->frame_bytes = (size_t)snd_pcm_format_physical_width(s->format) / 8 * (size_t)ch;

	/* Never start by itself: the take starts both streams explicitly. */
	if ((err = snd_pcm_sw_params_current(s->pcm, sw)) < 0 ||
	    (err = snd_pcm_sw_params_get_boundary(sw, &boundary)) < 0 ||
	    (err = snd_pcm_sw_params_set_start_threshold(s->pcm, sw, boundary)) < 0 ||
	    (err = snd_pcm_sw_params_set_avail_min(s->pcm, sw, s->period)) < 0 ||
	    (err = snd_pcm_sw_params(s->pcm, sw)) < 0)
		goto alsa_fail;

	s->raw = malloc(s->buffer * s->frame_bytes);
	if (!s->raw)
		return BP_E_NOMEM;
	/* The take runs in blocking mode; it never asks for more than avail. */
	return snd_pcm_nonblock(s->pcm, 0);

alsa_fail:
	bp_error_set_detail("%s: cannot set up the %s stream (%s)", name, what, snd_strerror(err));
	return err;
}

static void alsa_close(struct bp_device *dev)
{
	struct alsa_dev *a = (struct alsa_dev *)dev;

	if (!a)
		return;
	if (a->linked)
		snd_pcm_unlink(a->cap.pcm);
	if (a->play.pcm)
		snd_pcm_close(a->play.pcm);
	if (a->cap.pcm)
		snd_pcm_close(a->cap.pcm);
	free(a->play.raw);
	free(a->cap.raw);
	free(a->peaks);
	free(a);
}

static int alsa_open(struct bp_device **out, const char *name, double rate_hz,
		     int outputs, int inputs)
{
	struct alsa_dev *a;
	snd_pcm_info_t *info;
	unsigned int rate = (unsigned int)lround(rate_hz);
	int err, card;

	*out = NULL;
	bp_alsa_messages();
	if (rate_hz != rate || rate == 0) {
		bp_error_set_detail("%s: the rate must be a whole number of Hz, not %g", name, rate_hz);
		return -EINVAL;
	}
	a = calloc(1, sizeof(*a));
	if (!a)
		return BP_E_NOMEM;
	a->base.ops = &bp_device_alsa_ops;
	a->play.dir = SND_PCM_STREAM_PLAYBACK;
	a->cap.dir = SND_PCM_STREAM_CAPTURE;

	if (outputs > 0) {
		err = snd_pcm_open(&a->play.pcm, name, SND_PCM_STREAM_PLAYBACK, BP_ALSA_OPEN_MODE);
		if (err < 0) {
			a->play.pcm = NULL;
			bp_alsa_open_error(name, SND_PCM_STREAM_PLAYBACK, err);
			goto fail;
		}
	}
	err = snd_pcm_open(&a->cap.pcm, name, SND_PCM_STREAM_CAPTURE, BP_ALSA_OPEN_MODE);
	if (err < 0) {
		a->cap.pcm = NULL;
		bp_alsa_open_error(name, SND_PCM_STREAM_CAPTURE, err);
		goto fail;
	}
	/* The pair partner of the output under test (out1 <-> out2) carries
	 * the plan's second channel, so ask for it too when there is one.
	 * Playback first: the JACK plugin connects its ports when a stream is
	 * prepared, and a capture PCM that records a playback client's ports
	 * needs that client there. */
	if (outputs > 0 &&
	    (err = setup_stream(&a->play, name, rate, outputs, outputs + (outputs & 1))) < 0)
		goto fail;
	if ((err = setup_stream(&a->cap, name, rate, inputs, inputs)) < 0)
		goto fail;
	/* -ENOSYS from the JACK and PipeWire plugins: the take copes. */
	a->linked = a->play.pcm && snd_pcm_link(a->cap.pcm, a->play.pcm) == 0;

	snprintf(a->base.info.name, sizeof(a->base.info.name), "%s", name);
	snd_pcm_info_alloca(&info);
	card = snd_pcm_info(a->cap.pcm, info) == 0 ? snd_pcm_info_get_card(info) : -1;
	if (card >= 0) {
		char *long_name = NULL;

		if (snd_card_get_name(card, &long_name) == 0 && long_name) {
			snprintf(a->base.info.description, sizeof(a->base.info.description),
				 "%s", long_name);
			free(long_name);
		}
	} else {
		snprintf(a->base.info.description, sizeof(a->base.info.description),
			 "ALSA PCM %s", snd_pcm_name(a->cap.pcm));
	}
	a->base.info.outputs = a->play.pcm ? a->play.used : 0;
	a->base.info.inputs = a->cap.used;
	a->peaks = calloc((size_t)a->cap.used, sizeof(double));
	if (!a->peaks) {
		err = BP_E_NOMEM;
		goto fail;
	}
	a->base.info.rate_hz = rate;
	*out = &a->base;
	return 0;

fail:
	alsa_close(&a->base);
	return err;
}

/* Full scale 1.0 is 2^(bits-1); the positive side clips one step short. */
static int32_t to_int(double x, double scale, int32_t max)
{
	double v = x * scale;

	if (isnan(v))
		return 0;
	if (v >= max)
		return max;
	if (v <= -scale)
		return (int32_t)-scale;
	return (int32_t)lrint(v);
}

static void put_le(unsigned char *p, uint32_t v, int bytes)
{
	int i;

	for (i = 0; i < bytes; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get_le(const unsigned char *p, int bytes)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < bytes; i++)
		v |= (uint32_t)p[i] << (8 * i);
	return v;
}

/* @frames of @src (@src_ch doubles a frame; NULL: silence) into the
 * stream's format, channel c from source channel c; the channels past
 * those the take uses stay silent. */
static void encode(const struct stream *s, const double *src, int src_ch, long frames,
		   unsigned char *dst)
{
	const int width = snd_pcm_format_physical_width(s->format) / 8;
	long i;
	int c;

	for (i = 0; i < frames; i++)
		for (c = 0; c < s->channels; c++, dst += width) {
			double x = src && c < src_ch && c < s->used ?
				   src[(size_t)i * src_ch + c] : 0.0;
			union { float f; uint32_t u; } fu;

			switch (s->format) {
			case SND_PCM_FORMAT_S32_LE:
				put_le(dst, (uint32_t)to_int(x, 2147483648.0, INT32_MAX), 4);
				break;
			case SND_PCM_FORMAT_S24_3LE:
			case SND_PCM_FORMAT_S24_LE:
				put_le(dst, (uint32_t)to_int(x, 8388608.0, 8388607), width);
				break;
			case SND_PCM_FORMAT_S16_LE:
				put_le(dst, (uint32_t)to_int(x, 32768.0, 32767), 2);
				break;
			default:
				fu.f = (float)(x > 1.0 ? 1.0 : x < -1.0 ? -1.0 : x);
				put_le(dst, fu.u, 4);
				break;
			}
		}
}

static double decode_one(snd_pcm_format_t format, const unsigned char *p)
{
	union { float f; uint32_t u; } fu;
	uint32_t v;

	switch (format) {
	case SND_PCM_FORMAT_S32_LE:
		return (int32_t)get_le(p, 4) / 2147483648.0;
	case SND_PCM_FORMAT_S24_3LE:
	case SND_PCM_FORMAT_S24_LE:
		/* 24 bits, sign-extended (S24_LE ignores the padding byte). */
		v = get_le(p, 3);
		return ((int32_t)(v << 8) >> 8) / 8388608.0;
	case SND_PCM_FORMAT_S16_LE:
		return (int16_t)get_le(p, 2) / 32768.0;
	default:
		fu.u = get_le(p, 4);
		return fu.f;
	}
}

/* The state of one take.  Positions count frames from each stream's start. */
struct take {
	struct alsa_dev *a;
	const double *play;
	long play_frames;
	double *capture;
	long capture_frames;
	bool aligned;              /* lead and skip are known */
	long lead;                 /* playback frame where the stimulus begins */
	long skip;                 /* capture frame that holds stimulus frame 0 */
	long offset;               /* playback frame in capture frame 0's time */
	long tolerance;            /* frames the offset may wander by */
	long last_diff;            /* the previous reading of the offset */
	int readings;              /* readings of it before alignment */
	int misses;                /* readings in a row that disagreed */
	long written;              /* frames queued for playback */
	long read;                 /* frames read from capture */
	long done;                 /* frames stored in @capture */
	bp_progress_fn progress;
	void *ctx;
	long next_progress;
};

/* An error from the stream in the middle of a take: one sentence. */
static int take_error(const struct take *t, const struct stream *s, int err)
{
	const char *name = t->a->base.info.name;

	if (err == -EPIPE)
		bp_error_set_detail("%s: the %s stream %s; the take is spoiled", name,
				    bp_alsa_dir_name(s->dir),
				    s->dir == SND_PCM_STREAM_PLAYBACK ? "ran dry (underrun)" : "overflowed (overrun)");
	else if (err == -ESTRPIPE)
		bp_error_set_detail("%s was suspended during the take (system sleep) — run the measurement again",
				    name);
	else if (err == -ENODEV)
		bp_error_set_detail("%s went away during the take (unplugged?) — reconnect it and run again",
				    name);
	else
		bp_error_set_detail("%s: the %s stream failed during the take (%s)", name,
				    bp_alsa_dir_name(s->dir), snd_strerror(err));
	return err;
}

/* A negative avail, or a stream that is no longer running. */
static int stream_check(const struct take *t, const struct stream *s, snd_pcm_sframes_t avail)
{
	if (avail < 0)
		return take_error(t, s, (int)avail);
	switch (snd_pcm_state(s->pcm)) {
	case SND_PCM_STATE_XRUN:
		return take_error(t, s, -EPIPE);
	case SND_PCM_STATE_SUSPENDED:
		return take_error(t, s, -ESTRPIPE);
	case SND_PCM_STATE_DISCONNECTED:
		return take_error(t, s, -ENODEV);
	default:
		return 0;
	}
}

/* Queue up to @frames frames of the playback stream: silence until the
 * stimulus' place is known, the stimulus, then silence for as long as
 * capture runs. */
static int write_play(struct take *t, snd_pcm_uframes_t frames)
{
	struct stream *s = &t->a->play;
	const int src_ch = t->a->base.info.outputs;
	long begin, end;
	snd_pcm_sframes_t n;

	if (frames > s->buffer)
		frames = s->buffer;
	/* The part of [written, written + frames) that holds the stimulus. */
	begin = end = 0;
	if (t->aligned && t->play) {
		begin = t->written > t->lead ? t->written : t->lead;
		end = t->written + (long)frames;
		if (end > t->lead + t->play_frames)
			end = t->lead + t->play_frames;
	}
	if (end <= begin) {
		encode(s, NULL, 0, (long)frames, s->raw);
	} else {
		encode(s, NULL, 0, begin - t->written, s->raw);
		encode(s, t->play + (size_t)(begin - t->lead) * src_ch, src_ch, end - begin,
		       s->raw + (size_t)(begin - t->written) * s->frame_bytes);
		encode(s, NULL, 0, t->written + (long)frames - end,
		       s->raw + (size_t)(end - t->written) * s->frame_bytes);
	}
	/* A short write leaves the rest for the next round. */
	n = snd_pcm_writei(s->pcm, s->raw, frames);
	if (n < 0)
		return take_error(t, s, (int)n);
	t->written += n;
	return 0;
}

static void report_progress(struct take *t, bool last)
{
	const int inputs = t->a->base.info.inputs;
	int c;

	if (!t->progress || (!last && t->done < t->next_progress))
		return;
	t->progress(t->ctx, t->done, t->capture_frames, t->a->peaks);
	for (c = 0; c < inputs; c++)
		t->a->peaks[c] = 0.0;
	t->next_progress = t->done + lround(t->a->base.info.rate_hz / PROGRESS_PER_S);
}

static int read_cap(struct take *t, snd_pcm_uframes_t frames)
{
	struct stream *s = &t->a->cap;
	const int inputs = t->a->base.info.inputs;
	const int width = snd_pcm_format_physical_width(s->format) / 8;
	snd_pcm_sframes_t n, i;
	int c;

	if (frames > s->buffer)
		frames = s->buffer;
	n = snd_pcm_readi(s->pcm, s->raw, frames);
	if (n < 0)
		return take_error(t, s, (int)n);
	for (i = 0; i < n; i++, t->read++) {
		const unsigned char *p = s->raw + (size_t)i * s->frame_bytes;
		double *dst;

		if (!t->aligned || t->read < t->skip || t->done >= t->capture_frames)
			continue;
		dst = t->capture + (size_t)t->done * inputs;
		for (c = 0; c < inputs; c++, p += width) {
			dst[c] = decode_one(s->format, p);
			if (fabs(dst[c]) > t->a->peaks[c])
				t->a->peaks[c] = fabs(dst[c]);
		}
		t->done++;
	}
	report_progress(t, false);
	return 0;
}

/* Streams that were not started together: both hardware pointers move on
 * one clock, so frames played minus frames captured, read at one instant
 * once both move, is the playback frame that capture frame 0 heard; the
 * stimulus then goes after the silence already queued.  A reading can
 * fall between the two streams' turns in one server cycle (JACK runs one
 * client after the other), so the offset is taken when two readings in a
 * row agree, and a take is spoiled only when ALIGN_MISSES readings in a
 * row disagree with it: a period dropped or repeated on one side (a JACK
 * client that missed a cycle) shifts every later reading. */
static int check_alignment(struct take *t)
{
	struct stream *p = &t->a->play, *c = &t->a->cap;
	snd_pcm_sframes_t p1, c1, p2, c2;
	long played, captured, diff;

	p1 = snd_pcm_avail(p->pcm);
	c1 = snd_pcm_avail(c->pcm);
	p2 = snd_pcm_avail(p->pcm);
	c2 = snd_pcm_avail(c->pcm);
	if (p1 < 0 || p2 < 0)
		return stream_check(t, p, p1 < 0 ? p1 : p2);
	if (c1 < 0 || c2 < 0)
		return stream_check(t, c, c1 < 0 ? c1 : c2);
	if (p1 != p2 || c1 != c2)
		return 0;       /* a pointer moved while being read: next time */
	played = t->written - ((long)p->buffer - (long)p1);
	captured = t->read + (long)c1;
	if (played <= 0 || captured <= 0)
		return 0;       /* not both running yet */
	diff = played - captured;
	if (!t->aligned) {
		if (t->readings++ > 0 && diff == t->last_diff) {
			t->offset = diff;
			t->lead = t->written;
			t->skip = t->lead - t->offset;
			t->aligned = true;
		}
		t->last_diff = diff;
		return 0;
	}
	if (labs(diff - t->offset) <= t->tolerance) {
		t->misses = 0;
		return 0;
	}
	if (++t->misses < ALIGN_MISSES)
		return 0;
	bp_error_set_detail("%s: %s lost %ld frames against the other stream; the take is spoiled",
			    t->a->base.info.name, diff > t->offset ? "capture" : "playback",
			    labs(diff - t->offset));
	return -EPIPE;
}

/* Wait for the next capture period.  Capture paces the loop: by then
 * playback has played as much and is topped up at once, so it needs no
 * wakeups of its own unless its buffer is shorter than two capture
 * periods; and a JACK capture client signals after its turn in the
 * cycle, when both pointers have moved.  The revents calls matter:
 * plugins (JACK's among them) re-arm their descriptors there. */
static int poll_streams(struct take *t)
{
	struct alsa_dev *a = t->a;
	struct pollfd fds[MAX_POLL_FDS];
	unsigned short revents;
	int np = 0, nc, n, err;

	if (a->play.pcm && a->play.buffer < 2 * a->cap.period) {
		np = snd_pcm_poll_descriptors_count(a->play.pcm);
		if (np < 0 || np > MAX_POLL_FDS / 2)
			return take_error(t, &a->play, np < 0 ? np : -EINVAL);
		np = snd_pcm_poll_descriptors(a->play.pcm, fds, (unsigned int)np);
	}
	nc = snd_pcm_poll_descriptors_count(a->cap.pcm);
	if (nc < 0 || nc > MAX_POLL_FDS / 2)
		return take_error(t, &a->cap, nc < 0 ? nc : -EINVAL);
	nc = snd_pcm_poll_descriptors(a->cap.pcm, fds + np, (unsigned int)nc);
	n = poll(fds, (nfds_t)(np + nc), STALL_MS);
	if (n < 0)
		return errno == EINTR ? 0 : take_error(t, &a->cap, -errno);
	if (n == 0) {
		bp_error_set_detail("%s stopped delivering audio (nothing for %d s) — check the device, or the server behind the PCM",
				    a->base.info.name, STALL_MS / 1000);
		return -EIO;
	}
	if (np > 0) {
		err = snd_pcm_poll_descriptors_revents(a->play.pcm, fds, (unsigned int)np, &revents);
		if (err < 0)
			return take_error(t, &a->play, err);
	}
	err = snd_pcm_poll_descriptors_revents(a->cap.pcm, fds + np, (unsigned int)nc, &revents);
	if (err < 0)
		return take_error(t, &a->cap, err);
	return 0;
}

/* Start the streams: one start when linked (the stimulus is already in
 * the buffer); otherwise playback on its buffer of silence, then capture,
 * and check_alignment() places the stimulus. */
static int start_streams(struct take *t)
{
	struct alsa_dev *a = t->a;
	int err;

	if (t->aligned) {
		if ((err = snd_pcm_start(a->cap.pcm)) < 0)
			return take_error(t, &a->cap, err);
		return 0;
	}
	if ((err = snd_pcm_start(a->play.pcm)) < 0)
		return take_error(t, &a->play, err);
	if ((err = snd_pcm_start(a->cap.pcm)) < 0)
		return take_error(t, &a->cap, err);
	return 0;
}

static int alsa_run(struct bp_device *dev, const double *play, long play_frames,
		    double *capture, long capture_frames, bp_progress_fn progress,
		    void *ctx)
{
	struct alsa_dev *a = (struct alsa_dev *)dev;
	const long align_limit = 2 * lround(dev->info.rate_hz);
	struct take t;
	snd_pcm_sframes_t avail;
	int err, c;

	memset(&t, 0, sizeof(t));
	t.a = a;
	t.play = a->play.pcm ? play : NULL;
	t.play_frames = t.play ? play_frames : 0;
	t.capture = capture;
	t.capture_frames = capture_frames;
	t.progress = progress;
	t.ctx = ctx;
	t.aligned = a->linked || !a->play.pcm;
	t.tolerance = lround(dev->info.rate_hz / 1000.0);
	for (c = 0; c < dev->info.inputs; c++)
		a->peaks[c] = 0.0;

	/* A fresh start for every take (the previous one may have overrun);
	 * playback prepared first, as at open. */
	if (a->play.pcm) {
		snd_pcm_drop(a->play.pcm);
		if ((err = snd_pcm_prepare(a->play.pcm)) < 0)
			return take_error(&t, &a->play, err);
	}
	snd_pcm_drop(a->cap.pcm);
	if ((err = snd_pcm_prepare(a->cap.pcm)) < 0)
		return take_error(&t, &a->cap, err);

	/* Prefill the whole buffer: the stimulus pre-rolled when the streams
	 * start together, silence while their offset is still unknown. */
	if (a->play.pcm && (err = write_play(&t, a->play.buffer)) < 0)
		goto out;
	if ((err = start_streams(&t)) < 0)
		goto out;

	while (t.done < t.capture_frames) {
		if ((err = poll_streams(&t)) < 0)
			goto out;
		if (!a->linked && a->play.pcm && (err = check_alignment(&t)) < 0)
			goto out;
		if (!t.aligned && t.read > align_limit) {
			bp_error_set_detail("%s: playback and capture never ran together — check the device, or the server behind the PCM",
					    dev->info.name);
			err = -EIO;
			goto out;
		}
		avail = snd_pcm_avail_update(a->cap.pcm);
		if ((err = stream_check(&t, &a->cap, avail)) < 0)
			goto out;
		if (avail > 0 && (err = read_cap(&t, (snd_pcm_uframes_t)avail)) < 0)
			goto out;
		if (!a->play.pcm)
			continue;
		avail = snd_pcm_avail_update(a->play.pcm);
		if ((err = stream_check(&t, &a->play, avail)) < 0)
			goto out;
		if (avail > 0 && (err = write_play(&t, (snd_pcm_uframes_t)avail)) < 0)
			goto out;
	}
	report_progress(&t, true);
	err = 0;
out:
	if (a->play.pcm)
		snd_pcm_drop(a->play.pcm);
	snd_pcm_drop(a->cap.pcm);
	return err;
}

const struct bp_device_ops bp_device_alsa_ops = {
	.open = alsa_open,
	.run = alsa_run,
	.close = alsa_close,
	.list = bp_alsa_list,
	.default_name = bp_alsa_default_name,
};

