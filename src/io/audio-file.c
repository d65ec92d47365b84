#include "config.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sndfile.h>

#include "io/atomic-file.h"
#include "util/errors.h"
#include "io/audio-file.h"

/* Samples per libsndfile call: bounds the interleaved buffer whatever the
 * file's channel count, and keeps it small (64 KiB): it is written and
 * read back at once, so it stays in cache, and costs 16 page faults to
 * set up, where 512 KiB cost 128, a millisecond here. */
#define READ_SAMPLES 8192

struct bp_recording {
	SNDFILE *file;               /* NULL for a recording in memory */
	const double *mem_tip, *mem_ring;
	struct bp_recording_info info;
	double *interleaved;
	long chunk_frames;
	bool integer_codes;          /* decoded from integers: always finite */
	long long frames_read;
};

/* Whether samples of @format are integer codes (PCM, A-law, mu-law; FLAC
 * stores PCM too), which read as finite numbers whatever the bytes; float
 * files and lossy codecs' output are checked. */
static bool integer_codes(int format)
{
	switch (format & SF_FORMAT_SUBMASK) {
	case SF_FORMAT_PCM_S8:
	case SF_FORMAT_PCM_U8:
	case SF_FORMAT_PCM_16:
	case SF_FORMAT_PCM_24:
	case SF_FORMAT_PCM_32:
	case SF_FORMAT_ULAW:
	case SF_FORMAT_ALAW:
		return true;
	default:
		return false;
	}
}

static void describe_format(int format, char *out, size_t size)
{
	SF_FORMAT_INFO major = { .format = format & SF_FORMAT_TYPEMASK };
	SF_FORMAT_INFO sub = { .format = format & SF_FORMAT_SUBMASK };

	if (sf_command(NULL, SFC_GET_FORMAT_INFO, &major, sizeof(major)) != 0)
		major.name = "audio";
	if (sf_command(NULL, SFC_GET_FORMAT_INFO, &sub, sizeof(sub)) != 0)
		sub.name = "";
	snprintf(out, size, "%s %s", major.extension ? major.extension : major.name,
		 sub.name);
}

static uint32_t le32(const unsigned char *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The sample rate in a RIFF/WAVE file's 'fmt ' chunk, or -1 when @f is not
 * one.  libsndfile refuses a rate of 0 or past 2^31 Hz only as 'SF_INFO
 * struct incomplete'; this names the field. */
static long long wav_header_rate(FILE *f)
{
	unsigned char h[12], chunk[8], fmt[8];
	uint32_t size;
	int i;

	if (fread(h, 1, 12, f) != 12 || memcmp(h, "RIFF", 4) || memcmp(h + 8, "WAVE", 4))
		return -1;
	for (i = 0; i < 16 && fread(chunk, 1, 8, f) == 8; i++) {
		size = le32(chunk + 4);
		if (memcmp(chunk, "fmt ", 4) == 0)
			return fread(fmt, 1, 8, f) == 8 ? (long long)le32(fmt + 4) : -1;
		if (fseek(f, (long)size + (size & 1), SEEK_CUR) != 0)
			return -1;
	}
	return -1;
}

static int open_error(const char *path, SNDFILE *file)
{
	FILE *probe = fopen(path, "rb");
	struct stat st;
	long long rate;

	if (probe && fstat(fileno(probe), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(probe);
		bp_error_set_detail("%s: is a directory — give a recording in it", path);
		return BP_E_FILE_OPEN;
	}
	if (!probe) {
		int e = errno;

		bp_error_set_detail("%s: cannot be opened (%s) — %s", path, strerror(e),
				    bp_errno_remedy(e, "check the path and its permissions"));
		return BP_E_FILE_OPEN;
	}
	rate = wav_header_rate(probe);
	fclose(probe);
	if (rate == 0 || rate > INT_MAX) {
		bp_error_set_detail("%s: its header gives a sample rate of %lld Hz — the file is damaged; export it again",
				    path, rate);
		return BP_E_FILE_RATE;
	}
	bp_error_set_detail("%s: is not an audio file balprobe can read (%s) — give a WAV, FLAC, AIFF or other libsndfile format",
			    path, sf_strerror(file));
	return BP_E_FILE_FORMAT;
}

static int check_channel(const char *path, const char *leg, int channel,
			 int channels)
{
	if (channel >= 1 && channel <= channels)
		return 0;
	if (channels == 1) {
		bp_error_set_detail("%s: has 1 channel, so --%s %d names no channel — tip and ring need a channel each: record them as a two-channel file",
				    path, leg, channel);
		return BP_E_FILE_CHANNEL;
	}
	bp_error_set_detail("%s: has %d channel%s, so --%s %d names no channel — pick channels 1..%d with --tip and --ring",
			    path, channels, channels == 1 ? "" : "s", leg,
			    channel, channels);
	return BP_E_FILE_CHANNEL;
}

/* Bytes a sample of @format takes in the file, or 0 for a codec whose
 * frames are not of a fixed width (ADPCM, GSM, ...). */
static int sample_bytes(int format)
{
	switch (format & SF_FORMAT_SUBMASK) {
	case SF_FORMAT_PCM_S8:
	case SF_FORMAT_PCM_U8:
	case SF_FORMAT_ULAW:
	case SF_FORMAT_ALAW:
		return 1;
	case SF_FORMAT_PCM_16:
		return 2;
	case SF_FORMAT_PCM_24:
		return 3;
	case SF_FORMAT_PCM_32:
	case SF_FORMAT_FLOAT:
		return 4;
	case SF_FORMAT_DOUBLE:
		return 8;
	default:
		return 0;
	}
}

/* Before any data a WAV holds at least RIFF....WAVE (12 bytes), a 'fmt '
 * chunk (8 + 16) and the 'data' chunk's own header (8). */
#define WAV_HEADER_MIN 44

/* Does the WAV's 'data' chunk declare more audio than the file holds?
 * libsndfile then trims the length to what is there (sf_info's frames),
 * so the recording would read as merely short.  The declared size comes
 * from libsndfile's chunk API (not from its log text): for samples of a
 * fixed width, more whole frames declared than libsndfile counts; for
 * other codecs, a declared size that cannot fit after the smallest
 * header.  RF64 declares its size elsewhere (ds64), and other containers
 * have no 'data' chunk; a cut-off file of theirs ends early when read. */
static bool data_chunk_truncated(SNDFILE *file, const SF_INFO *sfinfo)
{
	SF_CHUNK_INFO want = { .id = "data", .id_size = 4 }, data = { .datalen = 0 };
	SF_EMBED_FILE_INFO where = { 0 };
	const int major = sfinfo->format & SF_FORMAT_TYPEMASK;
	const int width = sample_bytes(sfinfo->format);
	SF_CHUNK_ITERATOR *it;

	if (major != SF_FORMAT_WAV && major != SF_FORMAT_WAVEX)
		return false;
	it = sf_get_chunk_iterator(file, &want);
	if (!it || sf_get_chunk_size(it, &data) != SF_ERR_NO_ERROR)
		return false;
	if (width > 0)
		return data.datalen / ((uint64_t)width * (uint64_t)sfinfo->channels) >
		       (uint64_t)sfinfo->frames;
	return sf_command(file, SFC_GET_EMBED_FILE_INFO, &where, sizeof(where)) == 0 &&
	       (sf_count_t)data.datalen > where.length - WAV_HEADER_MIN;
}

int bp_recording_open(struct bp_recording **out, const char *path,
		      int tip, int ring)
{
	struct bp_recording *rec;
	SF_INFO sfinfo = { 0 };
	int err;

	*out = NULL;
	rec = calloc(1, sizeof(*rec));
	if (!rec)
		return BP_E_NOMEM;
	rec->info.path = strdup(path);
	if (!rec->info.path) {
		free(rec);
		return BP_E_NOMEM;
	}
	rec->file = sf_open(path, SFM_READ, &sfinfo);
	if (!rec->file) {
		err = open_error(path, NULL);
		goto fail;
	}
	if (sfinfo.channels < 1 || sfinfo.frames <= 0) {
		bp_error_set_detail("%s: holds no audio — record again", path);
		err = BP_E_FILE_EMPTY;
		goto fail;
	}
	if (sfinfo.samplerate < BP_RATE_MIN_HZ || sfinfo.samplerate > BP_RATE_MAX_HZ) {
		bp_error_set_detail("%s: has a sample rate of %d Hz, outside %d..%d Hz — resample it",
				    path, sfinfo.samplerate, BP_RATE_MIN_HZ, BP_RATE_MAX_HZ);
		err = BP_E_FILE_RATE;
		goto fail;
	}
	if (data_chunk_truncated(rec->file, &sfinfo)) {
		bp_error_set_detail("%s: is truncated (its header declares more audio than the file holds) — copy or export it again",
				    path);
		err = BP_E_FILE_TRUNCATED;
		goto fail;
	}
	err = check_channel(path, "tip", tip, sfinfo.channels);
	if (!err)
		err = check_channel(path, "ring", ring, sfinfo.channels);
	if (err)
		goto fail;

	rec->chunk_frames = READ_SAMPLES / sfinfo.channels;
	if (rec->chunk_frames < 1)
		rec->chunk_frames = 1;
	rec->interleaved = malloc(sizeof(double) * (size_t)rec->chunk_frames *
				  (size_t)sfinfo.channels);
	if (!rec->interleaved) {
		err = BP_E_NOMEM;
		goto fail;
	}
	/* Integer files read as doubles in -1.0..1.0; floats pass unchanged. */
	sf_command(rec->file, SFC_SET_NORM_DOUBLE, NULL, SF_TRUE);

	rec->info.rate_hz = sfinfo.samplerate;
	rec->info.channels = sfinfo.channels;
	rec->info.frames = sfinfo.frames;
	rec->info.tip = tip;
	rec->info.ring = ring;
	rec->integer_codes = integer_codes(sfinfo.format);
	describe_format(sfinfo.format, rec->info.format, sizeof(rec->info.format));
	*out = rec;
	return 0;

fail:
	bp_recording_close(rec);
	return err;
}

const struct bp_recording_info *
bp_recording_info(const struct bp_recording *rec)
{
	return &rec->info;
}

/* x - x is 0 for a finite x and NaN for NaN or an infinity, so one sum
 * checks a whole chunk; the offending sample is searched only then. */
static bool all_finite(struct bp_recording *rec, long offset, long n,
		       const double *tip, const double *ring)
{
	double acc = 0.0;
	long i;

	for (i = offset; i < offset + n; i++)
		acc += (tip[i] - tip[i]) + (ring[i] - ring[i]);
	if (acc == 0.0)
		return true;
	for (i = offset; i < offset + n; i++)
		if (!isfinite(tip[i]) || !isfinite(ring[i]))
			break;
	bp_error_set_detail("%s: sample %lld is not a finite number — the file is damaged; export it again",
			    rec->info.path, rec->frames_read + (i - offset) + 1);
	return false;
}

int bp_recording_from_memory(struct bp_recording **out, const char *label,
			     double rate_hz, const double *tip,
			     const double *ring, long frames)
{
	struct bp_recording *rec = calloc(1, sizeof(*rec));

	*out = rec;
	if (!rec)
		return BP_E_NOMEM;
	rec->info.path = strdup(label);
	if (!rec->info.path) {
		free(rec);
		*out = NULL;
		return BP_E_NOMEM;
	}
	rec->mem_tip = tip;
	rec->mem_ring = ring;
	rec->info.rate_hz = rate_hz;
	rec->info.channels = 2;
	rec->info.frames = frames;
	rec->info.tip = 1;
	rec->info.ring = 2;
	snprintf(rec->info.format, sizeof(rec->info.format), "live take");
	return 0;
}

/* A read from memory: copy what is left. */
static long read_memory(struct bp_recording *rec, double *tip, double *ring,
			long max_frames)
{
	long n = (long)(rec->info.frames - rec->frames_read);

	if (n > max_frames)
		n = max_frames;
	memcpy(tip, rec->mem_tip + rec->frames_read, (size_t)n * sizeof(double));
	memcpy(ring, rec->mem_ring + rec->frames_read, (size_t)n * sizeof(double));
	rec->frames_read += n;
	return n;
}

long bp_recording_read(struct bp_recording *rec, double *tip, double *ring,
		       long max_frames)
{
	const int channels = rec->info.channels;
	const int t = rec->info.tip - 1, r = rec->info.ring - 1;
	long done = 0;

	if (!rec->file)
		return read_memory(rec, tip, ring, max_frames);
	while (done < max_frames) {
		long want = max_frames - done, got, i;

		if (want > rec->chunk_frames)
			want = rec->chunk_frames;
		got = (long)sf_readf_double(rec->file, rec->interleaved, want);
		if (got < 0 || sf_error(rec->file) != SF_ERR_NO_ERROR) {
			bp_error_set_detail("%s: could not be read past frame %lld (%s)",
					    rec->info.path, rec->frames_read,
					    sf_strerror(rec->file));
			return BP_E_FILE_READ;
		}
		for (i = 0; i < got; i++) {
			tip[done + i] = rec->interleaved[(size_t)i * channels + t];
			ring[done + i] = rec->interleaved[(size_t)i * channels + r];
		}
		if (!rec->integer_codes && !all_finite(rec, done, got, tip, ring))
			return BP_E_FILE_NONFINITE;
		done += got;
		rec->frames_read += got;
		if (got < want)
			break;
	}
	if (done == 0 && rec->frames_read < rec->info.frames) {
		bp_error_set_detail("%s: ends after %lld of the %lld frames its header declares — the file is truncated; copy or export it again",
				    rec->info.path, rec->frames_read, rec->info.frames);
		return BP_E_FILE_TRUNCATED;
	}
	return done;
}

void bp_recording_close(struct bp_recording *rec)
{
	if (!rec)
		return;
	if (rec->file)
		sf_close(rec->file);
	free(rec->interleaved);
	free(rec->info.path);
	free(rec);
}

int bp_wav_read_all(const char *path, double max_s, struct bp_wav_data *out)
{
	struct bp_recording *rec;
	SF_INFO sfinfo = { 0 };
	const char *comment;
	long i, n;
	int err;

	memset(out, 0, sizeof(*out));
	err = bp_recording_open(&rec, path, 1, 1);
	if (err)
		return err;
	sfinfo.frames = rec->info.frames;
	if ((double)sfinfo.frames > max_s * rec->info.rate_hz) {
		bp_error_set_detail("%s: lasts %.1f s; at most %.0f s are allowed here — trim it",
				    path, (double)sfinfo.frames / rec->info.rate_hz, max_s);
		bp_recording_close(rec);
		return BP_E_FILE_LONG;
	}
	out->rate_hz = rec->info.rate_hz;
	out->channels = rec->info.channels;
	out->samples = malloc(sizeof(double) * (size_t)sfinfo.frames * (size_t)out->channels);
	if (!out->samples) {
		bp_recording_close(rec);
		return BP_E_NOMEM;
	}
	comment = sf_get_string(rec->file, SF_STR_COMMENT);
	snprintf(out->comment, sizeof(out->comment), "%s", comment ? comment : "");
	n = (long)sf_readf_double(rec->file, out->samples, sfinfo.frames);
	for (i = 0; !rec->integer_codes && i < n * out->channels; i++)
		if (!isfinite(out->samples[i])) {
			bp_error_set_detail("%s: sample %ld is not a finite number — the file is damaged; export it again",
					    path, i / out->channels + 1);
			err = BP_E_FILE_NONFINITE;
			break;
		}
	if (!err && n < sfinfo.frames) {
		bp_error_set_detail("%s: ends after %ld of the %lld frames its header declares — the file is truncated; copy or export it again",
				    path, n, (long long)sfinfo.frames);
		err = BP_E_FILE_TRUNCATED;
	}
	bp_recording_close(rec);
	if (err) {
		free(out->samples);
		out->samples = NULL;
		return err;
	}
	out->frames = n;
	return 0;
}

static int sf_format_for(enum bp_wav_encoding encoding)
{
	switch (encoding) {
	case BP_WAV_PCM16:
		return SF_FORMAT_WAV | SF_FORMAT_PCM_16;
	case BP_WAV_PCM24:
		return SF_FORMAT_WAV | SF_FORMAT_PCM_24;
	case BP_WAV_PCM32:
		return SF_FORMAT_WAV | SF_FORMAT_PCM_32;
	case BP_WAV_FLOAT:
		return SF_FORMAT_WAV | SF_FORMAT_FLOAT;
	case BP_FLAC_PCM16:
		return SF_FORMAT_FLAC | SF_FORMAT_PCM_16;
	case BP_FLAC_PCM24:
		return SF_FORMAT_FLAC | SF_FORMAT_PCM_24;
	}
	return 0;
}

int bp_wav_write_output(struct bp_output *o, double rate_hz, int channels,
			const double *samples, long frames,
			enum bp_wav_encoding encoding, const char *comment)
{
	SF_INFO sfinfo = {
		.samplerate = (int)lrint(rate_hz),
		.channels = channels,
		.format = sf_format_for(encoding),
	};
	SNDFILE *file;
	int errnum;

	/* On failure sf_open_fd() has closed the descriptor itself. */
	file = sf_open_fd(o->fd, SFM_WRITE, &sfinfo, SF_TRUE);
	o->fd = -1;
	if (!file) {
		bp_error_set_detail("%s: cannot be written (%s)", o->path,
				    sf_strerror(NULL));
		return BP_E_FILE_WRITE;
	}
	/* Clip rather than wrap if a caller hands a sample beyond full scale;
	 * no PEAK chunk, whose timestamp would make identical audio differ. */
	sf_command(file, SFC_SET_CLIPPING, NULL, SF_TRUE);
	sf_command(file, SFC_SET_ADD_PEAK_CHUNK, NULL, SF_FALSE);
	if (comment)
		sf_set_string(file, SF_STR_COMMENT, comment);
	errno = 0;
	if (sf_writef_double(file, samples, frames) != frames) {
		errnum = errno ? errno : EIO;
		sf_close(file);
		bp_output_write_failed(o->path, errnum);
		return BP_E_FILE_WRITE;
	}
	errno = 0;
	if (sf_close(file) != 0) {
		bp_output_write_failed(o->path, errno ? errno : EIO);
		return BP_E_FILE_WRITE;
	}
	return 0;
}

int bp_wav_write(const char *path, double rate_hz, int channels,
		 const double *samples, long frames,
		 enum bp_wav_encoding encoding, const char *comment)
{
	struct bp_output o;
	int err = bp_output_open(&o, path);

	if (err)
		return err;
	err = bp_wav_write_output(&o, rate_hz, channels, samples, frames, encoding,
				  comment);
	if (err) {
		bp_output_discard(&o);
		return err;
	}
	return bp_output_commit(&o);
}

long bp_recording_read_full(struct bp_recording *rec, double *tip, double *ring,
			    long frames)
{
	long done = 0, got;

	while (done < frames) {
		got = bp_recording_read(rec, tip + done, ring + done, frames - done);
		if (got <= 0)
			return got < 0 ? got : done;
		done += got;
	}
	return done;
}
