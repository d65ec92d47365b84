/* balprobe: temporary files removed when a signal ends the run.
 *
 * Every temporary file an output is written through is registered here
 * while it exists; SIGINT, SIGTERM or SIGHUP then unlink them all before
 * the signal's default action ends the process, so an interrupted run
 * leaves no ".XXXXXX" sibling behind.  SIGXFSZ is ignored, so a write
 * past `ulimit -f` fails with EFBIG and is reported like a full disk. */
#ifndef BALPROBE_TEMP_FILES_H
#define BALPROBE_TEMP_FILES_H

/* Install the handlers; once, at start. */
void bp_tempfiles_install(void);

/* Register @path (a copy is kept).  Returns a slot for
 * bp_tempfile_forget(), or -1 when the table is full or memory ran out:
 * the file is then not removed on a signal, which is all that is lost. */
int bp_tempfile_register(const char *path);

/* Stop tracking @slot (-1 is accepted). */
void bp_tempfile_forget(int slot);

/* Hold SIGINT, SIGTERM and SIGHUP back while files that belong together
 * (a --save pair, a report and its plots) are renamed in, so that a
 * signal finds all of them in place or none; release delivers it. */
void bp_tempfiles_hold(void);
void bp_tempfiles_release(void);

#endif
