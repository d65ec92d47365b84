/* balprobe: error codes and their messages.
 *
 * Internal functions return 0 on success or a negative code: either a
 * negative errno (ALSA and the C library pass through unchanged) or one of
 * the BP_E_* codes below.  bp_strerror() gives the sentence for any of them;
 * a failing function may also leave a more specific sentence (naming the
 * file, the channel, the sample) in the detail buffer, which the CLI prints
 * in preference to the generic one.
 */
#ifndef BALPROBE_ERRORS_H
#define BALPROBE_ERRORS_H

enum bp_error {
	BP_E_FILE_OPEN = -2001,   /* file missing or unreadable */
	BP_E_FILE_FORMAT = -2002, /* not an audio format libsndfile reads */
	BP_E_FILE_EMPTY = -2003,  /* no sample frames at all */
	BP_E_FILE_TRUNCATED = -2004, /* fewer frames than the header declares */
	BP_E_FILE_CHANNEL = -2005,   /* --tip/--ring names a missing channel */
	BP_E_FILE_NONFINITE = -2006, /* NaN or infinite sample */
	BP_E_FILE_RATE = -2007,      /* sample rate outside 8 kHz..384 kHz */
	BP_E_FILE_SHORT = -2008,     /* too short for the analysis */
	BP_E_FILE_READ = -2009,      /* read error part way through */
	BP_E_FILE_WRITE = -2010,     /* output file could not be written */
	BP_E_NOMEM = -2011,
	BP_E_FILE_LONG = -2012,      /* longer than the analysis allows */
	BP_E_STIMULUS = -2013,       /* stimulus and recording do not fit */
	BP_E_LAST = BP_E_STIMULUS
};

/* A sentence (no trailing period, no newline) for @code; never NULL.
 * Unknown codes give a generic sentence that includes the number. */
const char *bp_strerror(int code);

/* What to do about a file that could not be opened or created, given
 * the errno @errnum of the failure: for a process or system out of file
 * descriptors (EMFILE, ENFILE) or of kernel memory, the limit to raise,
 * since the path is not at fault; otherwise @path_remedy. */
const char *bp_errno_remedy(int errnum, const char *path_remedy);

/* Set the detail sentence for the error being returned (printf format). */
void bp_error_set_detail(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* The detail sentence set since the last bp_error_clear(), or NULL. */
const char *bp_error_detail(void);

void bp_error_clear(void);

#endif
