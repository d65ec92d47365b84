/* balprobe: recordings in, WAV/FLAC files out, through libsndfile.
 *
 * A recording is read as a stream of (tip, ring) sample pairs picked from
 * two channels of the file, normalised to full scale = 1.0 whatever the
 * file's sample format, so memory does not depend on the file's length.
 */
#ifndef BALPROBE_AUDIO_FILE_H
#define BALPROBE_AUDIO_FILE_H

#include <stddef.h>

#define BP_RATE_MIN_HZ 8000
#define BP_RATE_MAX_HZ 384000

struct bp_recording;

struct bp_recording_info {
	double rate_hz;
	int channels;        /* in the file */
	long long frames;    /* as declared by the file */
	int tip, ring;       /* 1-based channel numbers in use */
	char format[48];     /* e.g. "WAV 24-bit integer" */
	char *path;          /* as opened, whole, for messages */
};

/* Open @path and check it can be analysed: readable audio, a sample rate
 * within BP_RATE_MIN_HZ..BP_RATE_MAX_HZ, at least one frame, and channels
 * @tip and @ring (1-based) present.  On success *out owns the open file;
 * free it with bp_recording_close().  Returns 0 or a BP_E_FILE_* code with
 * a detail sentence set. */
int bp_recording_open(struct bp_recording **out, const char *path,
		      int tip, int ring);

const struct bp_recording_info *
bp_recording_info(const struct bp_recording *rec);

/* Read up to @max_frames frames into @tip and @ring.  Returns the number of
 * frames read (0 at the end of the file) or a negative code: a sample that
 * is NaN or infinite (BP_E_FILE_NONFINITE), a file that ends before the
 * length its header declares (BP_E_FILE_TRUNCATED), a read error. */
long bp_recording_read(struct bp_recording *rec, double *tip, double *ring,
		       long max_frames);

/* Read until @frames frames are in or the file ends: bp_recording_read()
 * repeated.  Returns the frames read or a negative code as it gives. */
long bp_recording_read_full(struct bp_recording *rec, double *tip, double *ring,
			    long frames);

/* A recording held in memory (a live take): @tip and @ring, @frames long,
 * stay owned by the caller and must outlive the recording.  @label names
 * it in messages.  Returns 0 or BP_E_NOMEM. */
int bp_recording_from_memory(struct bp_recording **out, const char *label,
			     double rate_hz, const double *tip,
			     const double *ring, long frames);

/* Close and free; NULL is accepted. */
void bp_recording_close(struct bp_recording *rec);

/* A whole file in memory, every channel interleaved. */
struct bp_wav_data {
	double rate_hz;
	int channels;
	long frames;
	double *samples;        /* frames x channels, caller frees */
	char comment[1024];     /* the file's comment string, "" if none */
};

/* Read all of @path (at most @max_s seconds, else BP_E_FILE_LONG) into
 * @out.  Same checks as
 * bp_recording_open() for rate, emptiness and sample values.  Returns 0 or
 * a BP_E_FILE_* code with a detail sentence. */
int bp_wav_read_all(const char *path, double max_s, struct bp_wav_data *out);

/* Sample encodings for bp_wav_write(). */
enum bp_wav_encoding {
	BP_WAV_PCM16,
	BP_WAV_PCM24,
	BP_WAV_PCM32,
	BP_WAV_FLOAT,
	BP_FLAC_PCM16,
	BP_FLAC_PCM24
};

/* Write @frames frames of @channels interleaved samples (full scale = 1.0)
 * to @path, atomically: the data goes to a temporary file in the same
 * directory, which is renamed to @path only once complete.  @comment, if
 * not NULL, is stored as the file's comment string.  Returns 0 or
 * BP_E_FILE_WRITE (with a detail sentence); on failure nothing is left at
 * @path or beside it. */
int bp_wav_write(const char *path, double rate_hz, int channels,
		 const double *samples, long frames,
		 enum bp_wav_encoding encoding, const char *comment);

/* The same into @o, opened with bp_output_open(): its descriptor is
 * closed, and the caller commits or discards it, so that several files
 * can be renamed into place together or not at all. */
struct bp_output;
int bp_wav_write_output(struct bp_output *o, double rate_hz, int channels,
			const double *samples, long frames,
			enum bp_wav_encoding encoding, const char *comment);

#endif
