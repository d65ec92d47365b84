/* balprobe: output files.  A regular file (or one not there yet) is
 * written to a temporary file beside it (same directory, so the rename is
 * atomic) and renamed over it only when complete: nobody ever sees half a
 * file, and a failed write leaves the old one.  Anything else -- a device
 * such as /dev/null, a FIFO, /dev/stdout, a shell's >(...) -- is written
 * in place, never replaced; so is /dev/std*, /dev/fd/N or /proc/...  A
 * symbolic link to a regular file keeps the link: its target is written
 * atomically.  A new file gets 0666 less the umask, a replaced one keeps
 * its mode. */
#ifndef BALPROBE_ATOMIC_FILE_H
#define BALPROBE_ATOMIC_FILE_H

struct bp_output {
	const char *path;   /* as named, for messages */
	char *target;       /* what the temporary file is renamed over */
	char *tmp;          /* NULL when written in place */
	int fd;             /* the writer owns it and closes it */
	int slot;           /* in the signal cleanup table (io/temp-files.h) */
};

/* Open @path for writing as described above.  Returns 0 with o->fd open,
 * or BP_E_NOMEM / BP_E_FILE_WRITE with a detail sentence. */
int bp_output_open(struct bp_output *o, const char *path);

/* After the writer closed o->fd successfully: rename the temporary file
 * into place.  Returns 0 or BP_E_FILE_WRITE with a detail sentence (the
 * temporary file is then removed).  Frees @o either way. */
int bp_output_commit(struct bp_output *o);

/* Abandon @o (its descriptor already closed): remove the temporary file. */
void bp_output_discard(struct bp_output *o);

/* Set the detail sentence for a write to @path that failed with @errnum:
 * a full disk and the file size limit (ulimit -f) are named as such. */
void bp_output_write_failed(const char *path, int errnum);

/* Write @text into @o and close its descriptor; on failure @o is
 * discarded and BP_E_FILE_WRITE returned with a detail sentence. */
int bp_output_write_text(struct bp_output *o, const char *text);

/* Write @text to @path as above.  Returns 0 or BP_E_FILE_WRITE (or
 * BP_E_NOMEM) with a detail sentence. */
int bp_write_file_atomic(const char *path, const char *text);

#endif
