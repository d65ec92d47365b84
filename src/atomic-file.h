/* balprobe: files written atomically.  Output goes to a temporary file
 * beside the target (same directory, so the rename is atomic) and is
 * renamed over it only when complete: nobody ever sees half a file. */
#ifndef BALPROBE_ATOMIC_FILE_H
#define BALPROBE_ATOMIC_FILE_H

/* Create "PATH.XXXXXX" beside @path, mode 0644, open for writing.
 * Returns its descriptor and the name in *@tmp (the caller frees it, and
 * unlinks the file if it does not rename it), or BP_E_NOMEM /
 * BP_E_FILE_WRITE with a detail sentence. */
int bp_tempfile_create(const char *path, char **tmp);

/* Write @text to @path through a temporary file and a rename.  Returns 0
 * or BP_E_FILE_WRITE with a detail sentence. */
int bp_write_file_atomic(const char *path, const char *text);

#endif
