#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/errors.h"
#include "util/safe-text.h"

static const struct {
	int code;
	const char *text;
} messages[] = {
	{ BP_E_FILE_OPEN, "cannot be opened — check the path and its permissions" },
	{ BP_E_FILE_FORMAT, "is not an audio file balprobe can read — give a WAV, FLAC, AIFF or other libsndfile format" },
	{ BP_E_FILE_EMPTY, "holds no audio — record again" },
	{ BP_E_FILE_TRUNCATED, "is truncated (fewer samples than its header declares) — copy or export it again" },
	{ BP_E_FILE_CHANNEL, "has no such channel — pick channels with --tip and --ring" },
	{ BP_E_FILE_NONFINITE, "contains a sample that is not a finite number — export it again" },
	{ BP_E_FILE_RATE, "has a sample rate outside 8000..384000 Hz — resample it" },
	{ BP_E_FILE_SHORT, "is too short to analyse — record at least a second" },
	{ BP_E_FILE_READ, "could not be read to the end — check the disk and the file" },
	{ BP_E_FILE_WRITE, "could not be written — check the directory exists and is writable" },
	{ BP_E_NOMEM, "ran out of memory — try a lower sample rate (--rate), a shorter take (--duration or --quick) or a shorter recording" },
	{ BP_E_FILE_LONG, "is longer than this analysis allows — trim it" },
	{ BP_E_STIMULUS, "does not match the stimulus — check that the right stimulus file was given" },
};

/* Room for a sentence around two of the longest paths Linux opens
 * (PATH_MAX): a directory and its parent, an output and an input. */
static char detail[2 * PATH_MAX + 1024];

const char *bp_strerror(int code)
{
	static char unknown[64];
	size_t i;

	for (i = 0; i < sizeof(messages) / sizeof(messages[0]); i++)
		if (messages[i].code == code)
			return messages[i].text;
	if (code < 0 && code > BP_E_FILE_OPEN)
		return strerror(-code);
	snprintf(unknown, sizeof(unknown), "failed with internal error %d", code);
	return unknown;
}

const char *bp_errno_remedy(int errnum, const char *path_remedy)
{
	switch (errnum) {
	case EMFILE:
		return "balprobe has too many files open: raise the limit (ulimit -n) and run it again";
	case ENFILE:
		return "the system has too many files open: close some programs and run it again";
	case ENOMEM:
		return "the system is out of memory: close some programs and run it again";
	default:
		return path_remedy;
	}
}

void bp_error_set_detail(const char *fmt, ...)
{
	static char raw[sizeof(detail)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	/* The sentence may quote a file name: shown safe (util/safe-text.h). */
	bp_safe_text_copy(detail, sizeof(detail), raw);
}

const char *bp_error_detail(void)
{
	return detail[0] ? detail : NULL;
}

void bp_error_clear(void)
{
	detail[0] = '\0';
}
