#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fftw3.h>

#include "io/atomic-file.h"
#include "dsp/fft-plan.h"
#include "dsp/fft-wisdom.h"

/* Even at FFTW_ESTIMATE, FFTW's planner searches its solvers for every
 * new transform size, and for the sizes a sweep needs that search costs
 * more than the transforms: measured, planning a 2^15-point r2c and c2r
 * pair took 92 M instructions, 11 M with wisdom; a 2^19 pair 143 M and
 * 97 M (the rest is twiddle factors, computed either way).  So, as GNU
 * Radio does with ~/.gr_fftw_wisdom, what the planner learned is cached
 * in a file and loaded at start.  Wisdom from FFTW_ESTIMATE planning
 * gives the plans the planner would have chosen anyway, so no figure
 * changes; a file from another FFTW version is refused by FFTW itself. */
#define CACHE_DIR "balprobe"
#define CACHE_FILE "fftw-wisdom"
#define CACHE_MAX (1 << 20)   /* bytes; a larger file is not ours */

/* The length of the wisdom loaded (0: none), to write only when it grew. */
static size_t wisdom_length_at_load;

/* The cache directory's path, or NULL where neither variable names an
 * absolute one. */
static char *cache_dir(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	char *dir = NULL;

	if (xdg && xdg[0] == '/') {
		if (asprintf(&dir, "%s/" CACHE_DIR, xdg) < 0)
			dir = NULL;
	} else if (home && home[0] == '/') {
		if (asprintf(&dir, "%s/.cache/" CACHE_DIR, home) < 0)
			dir = NULL;
	}
	return dir;
}

static char *cache_file(const char *dir)
{
	char *path;

	return dir && asprintf(&path, "%s/" CACHE_FILE, dir) >= 0 ? path : NULL;
}

/* The whole of a regular file of at most CACHE_MAX bytes, or NULL.  The
 * open does not block (a FIFO or a device in the cache's place would
 * otherwise hold the run forever) and what was opened is checked. */
static char *slurp(const char *path)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	struct stat st;
	char *text = NULL;
	size_t got = 0;
	ssize_t n = 1;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    st.st_size <= CACHE_MAX)
		text = malloc((size_t)st.st_size + 1);
	while (text && got <= (size_t)st.st_size && n > 0) {
		n = read(fd, text + got, (size_t)st.st_size + 1 - got);
		if (n > 0)
			got += (size_t)n;
	}
	if (text && (n < 0 || got != (size_t)st.st_size)) {
		free(text);
		text = NULL;
	} else if (text) {
		text[got] = '\0';
	}
	close(fd);
	return text;
}

/* Whether @path is a regular file or absent: only then is it replaced. */
static bool replaceable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? S_ISREG(st.st_mode) : errno == ENOENT;
}

void bp_fft_wisdom_load(void)
{
	char *dir = cache_dir(), *path = cache_file(dir);
	char *text = path ? slurp(path) : NULL;

	if (text && fftw_import_wisdom_from_string(text))
		wisdom_length_at_load = strlen(text);
	free(text);
	free(path);
	free(dir);
}

void bp_fft_wisdom_save(void)
{
	char *now = bp_fft_planned_anew() ? fftw_export_wisdom_to_string() : NULL;
	char *dir = NULL, *path = NULL, *parent = NULL;

	/* Exporting costs as much as a small analysis, so it waits for a
	 * plan made without wisdom.  Past its header, "(fftw-3.3.10
	 * fftw_wisdom #x... ", each entry opens a parenthesis: with none,
	 * nothing was planned.  Wisdom only grows, and FFTW exports what it
	 * imported in an order of its own: the same length means the same
	 * entries. */
	if (now && strchr(now + 1, '(') && strlen(now) != wisdom_length_at_load) {
		dir = cache_dir();
		path = cache_file(dir);
		parent = dir ? strdup(dir) : NULL;
	}
	if (path && parent) {
		*strrchr(parent, '/') = '\0';
		mkdir(parent, 0755);
		mkdir(dir, 0755);
		if (replaceable(path))
			bp_write_file_atomic(path, now);
	}
	free(parent);
	free(path);
	free(dir);
	free(now);
}
