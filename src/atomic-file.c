#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errors.h"
#include "atomic-file.h"

int bp_tempfile_create(const char *path, char **tmp)
{
	size_t len = strlen(path) + 16;
	int fd;

	struct stat st;

	/* The rename would fail only after the whole file was written. */
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		bp_error_set_detail("%s: is a directory — name a file to write inside it",
				    path);
		*tmp = NULL;
		return BP_E_FILE_WRITE;
	}
	*tmp = malloc(len);
	if (!*tmp)
		return BP_E_NOMEM;
	snprintf(*tmp, len, "%s.XXXXXX", path);
	fd = mkstemp(*tmp);
	if (fd < 0) {
		int e = errno;

		bp_error_set_detail("%s: cannot be written (%s) — %s", path, strerror(e),
				    bp_errno_remedy(e, "check the directory exists and is writable"));
		free(*tmp);
		*tmp = NULL;
		return BP_E_FILE_WRITE;
	}
	/* mkstemp creates 0600; give the finished file the usual mode. */
	fchmod(fd, 0644);
	return fd;
}

int bp_write_file_atomic(const char *path, const char *text)
{
	size_t size = strlen(text);
	char *tmp;
	FILE *f = NULL;
	int fd, err = BP_E_FILE_WRITE;

	fd = bp_tempfile_create(path, &tmp);
	if (fd < 0)
		return fd;
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
	} else if (fwrite(text, 1, size, f) == size && fflush(f) == 0) {
		if (fclose(f) == 0 && rename(tmp, path) == 0)
			err = 0;
		f = NULL;
	}
	if (f)
		fclose(f);
	if (err) {
		bp_error_set_detail("%s: cannot be written (%s) — check the free space and permissions",
				    path, strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	return err;
}
