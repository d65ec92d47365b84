#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/atomic-file.h"
#include "util/errors.h"
#include "io/temp-files.h"

void bp_output_write_failed(const char *path, int errnum)
{
	if (errnum == EFBIG)
		bp_error_set_detail("%s: cannot be written: the file size limit was reached (ulimit -f) — raise the limit or write elsewhere",
				    path);
	else if (errnum == ENOSPC || errnum == EDQUOT)
		bp_error_set_detail("%s: cannot be written: the disk is full (%s) — free some space or write elsewhere",
				    path, strerror(errnum));
	else
		bp_error_set_detail("%s: cannot be written (%s) — check the free space and permissions",
				    path, strerror(errnum));
}

/* /dev/stdout, /dev/stderr, /dev/fd/63 from a shell's >(...) and
 * anything under /proc (/proc/self/fd/1) stand for a descriptor the
 * caller holds: even when it leads to a regular file, that file is
 * appended to, not replaced behind the caller's back.  (/dev/shm and the
 * like hold ordinary files, replaced as anywhere else.) */
static bool names_a_descriptor(const char *path)
{
	return strncmp(path, "/dev/std", 8) == 0 || strncmp(path, "/dev/fd/", 8) == 0 ||
	       strncmp(path, "/proc/", 6) == 0;
}

static int open_in_place(struct bp_output *o)
{
	o->fd = open(o->path, O_WRONLY | O_APPEND | O_NOCTTY | O_CLOEXEC);
	if (o->fd < 0) {
		bp_error_set_detail("%s: cannot be written (%s) — check its permissions",
				    o->path, strerror(errno));
		return BP_E_FILE_WRITE;
	}
	return 0;
}

/* The creation mode a new file gets from open(2): 0666 less the umask,
 * which can only be read by setting it. */
static mode_t new_file_mode(void)
{
	mode_t mask = umask(022);

	umask(mask);
	return 0666 & ~mask;
}

static int open_temporary(struct bp_output *o, mode_t mode)
{
	size_t len = strlen(o->target) + sizeof(".XXXXXX");

	o->tmp = malloc(len);
	if (!o->tmp)
		return BP_E_NOMEM;
	snprintf(o->tmp, len, "%s.XXXXXX", o->target);
	o->fd = mkstemp(o->tmp);
	if (o->fd < 0) {
		int e = errno;

		bp_error_set_detail("%s: cannot be written (%s) — %s", o->path, strerror(e),
				    bp_errno_remedy(e, "check the directory exists and is writable"));
		free(o->tmp);
		o->tmp = NULL;
		return BP_E_FILE_WRITE;
	}
	o->slot = bp_tempfile_register(o->tmp);
	/* mkstemp creates 0600; the finished file gets the mode open(2)
	 * would have given it, or keeps the one it had. */
	fchmod(o->fd, mode);
	return 0;
}

int bp_output_open(struct bp_output *o, const char *path)
{
	struct stat st;
	bool exists = stat(path, &st) == 0;
	int err;

	*o = (struct bp_output){ .path = path, .fd = -1, .slot = -1 };
	if (!exists && errno != ENOENT) {
		bp_error_set_detail("%s: cannot be written (%s) — check the path and its permissions",
				    path, strerror(errno));
		return BP_E_FILE_WRITE;
	}
	/* The rename would fail only after the whole file was written. */
	if (exists && S_ISDIR(st.st_mode)) {
		bp_error_set_detail("%s: is a directory — name a file to write inside it",
				    path);
		return BP_E_FILE_WRITE;
	}
	if (exists && (!S_ISREG(st.st_mode) || names_a_descriptor(path)))
		return open_in_place(o);
	/* A symbolic link stays: what it leads to is replaced. */
	o->target = exists ? realpath(path, NULL) : strdup(path);
	if (!o->target)
		return errno == ENOMEM ? BP_E_NOMEM : open_in_place(o);
	err = open_temporary(o, exists ? st.st_mode & 07777 : new_file_mode());
	if (err) {
		free(o->target);
		o->target = NULL;
	}
	return err;
}

static void output_free(struct bp_output *o)
{
	bp_tempfile_forget(o->slot);
	free(o->tmp);
	free(o->target);
	o->tmp = o->target = NULL;
	o->slot = -1;
	o->fd = -1;
}

void bp_output_discard(struct bp_output *o)
{
	if (o->tmp)
		unlink(o->tmp);
	output_free(o);
}

int bp_output_commit(struct bp_output *o)
{
	if (o->tmp && rename(o->tmp, o->target) != 0) {
		bp_error_set_detail("%s: cannot be written (%s) — check the directory's permissions",
				    o->path, strerror(errno));
		bp_output_discard(o);
		return BP_E_FILE_WRITE;
	}
	output_free(o);
	return 0;
}

/* write(2) until done: a pipe or a terminal may take less at a time. */
static int write_all(int fd, const char *text, size_t size)
{
	while (size > 0) {
		ssize_t n = write(fd, text, size);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? errno : EIO;
		text += n;
		size -= (size_t)n;
	}
	return 0;
}

int bp_output_write_text(struct bp_output *o, const char *text)
{
	int errnum = write_all(o->fd, text, strlen(text));

	if (close(o->fd) != 0 && !errnum)
		errnum = errno;
	o->fd = -1;
	if (errnum) {
		bp_output_write_failed(o->path, errnum);
		bp_output_discard(o);
		return BP_E_FILE_WRITE;
	}
	return 0;
}

int bp_write_file_atomic(const char *path, const char *text)
{
	struct bp_output o;
	int err = bp_output_open(&o, path);

	if (!err)
		err = bp_output_write_text(&o, text);
	return err ? err : bp_output_commit(&o);
}
