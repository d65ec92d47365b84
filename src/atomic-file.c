#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errors.h"
#include "report.h"

int bp_write_file_atomic(const char *path, const char *text)
{
	size_t len = strlen(path) + 16, size = strlen(text);
	char *tmp = malloc(len);
	FILE *f = NULL;
	int fd, err = BP_E_FILE_WRITE;

	if (!tmp)
		return BP_E_NOMEM;
	snprintf(tmp, len, "%s.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		bp_error_set_detail("%s: cannot be written (%s) — check the directory exists and is writable",
				    path, strerror(errno));
		free(tmp);
		return BP_E_FILE_WRITE;
	}
	fchmod(fd, 0644);
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
