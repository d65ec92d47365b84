/* bench-run: time whole processes for make bench.
 *
 *     bench-run RUNS COMMAND [ARG...]
 *
 * runs COMMAND RUNS times, one after another, its standard output thrown
 * away and its standard error inherited, and prints one line: the best
 * and the median wall time in seconds, from fork to the end of wait, and
 * the largest peak resident set in KiB (the kernel's ru_maxrss, as GNU
 * time reports it).  Timing from a shell with $(date) charges each run
 * with the start-up of two date processes, several milliseconds here,
 * which is more than some of the targets can spare.  Exits 1, saying
 * which run, when a run fails. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RUNS_MAX 1000

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* One run of @argv: its wall time in *wall_s and peak RSS in *rss_kib;
 * returns its exit status, or -1 when it could not run or was killed. */
static int run_once(char **argv, double *wall_s, long *rss_kib)
{
	struct rusage usage;
	double t0 = now_s();
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		fprintf(stderr, "bench-run: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		if (null >= 0)
			dup2(null, STDOUT_FILENO);
		execvp(argv[0], argv);
		fprintf(stderr, "bench-run: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (wait4(pid, &status, 0, &usage) != pid) {
		fprintf(stderr, "bench-run: wait: %s\n", strerror(errno));
		return -1;
	}
	*wall_s = now_s() - t0;
	*rss_kib = usage.ru_maxrss;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	static double wall[RUNS_MAX];
	long runs, rss, rss_max = 0;
	char *end;
	int i;

	if (argc < 3) {
		fprintf(stderr, "usage: bench-run RUNS COMMAND [ARG...]\n");
		return 2;
	}
	runs = strtol(argv[1], &end, 10);
	if (*end || runs < 1 || runs > RUNS_MAX) {
		fprintf(stderr, "bench-run: RUNS must be a whole number from 1 to %d\n",
			RUNS_MAX);
		return 2;
	}
	for (i = 0; i < runs; i++) {
		int status = run_once(argv + 2, &wall[i], &rss);

		if (status != 0) {
			fprintf(stderr, "bench-run: run %d of %s exited %d\n", i + 1, argv[2],
				status);
			return 1;
		}
		if (rss > rss_max)
			rss_max = rss;
	}
	qsort(wall, (size_t)runs, sizeof(wall[0]), by_value);
	printf("%.5f %.5f %ld\n", wall[0], wall[runs / 2], rss_max);
	return 0;
}
