/* An LD_PRELOAD library for tests/output-files.test.
 *   BP_SHIM_RENAME=N:SIGNAL  the Nth rename(2) of the process raises
 *       SIGNAL first, so a signal arrives, every time, when all of a
 *       run's temporary files are written and none renamed: what an
 *       interrupt during a write can leave.
 *   BP_SHIM_CLOSE=1  a close(2) of a descriptor that is not open says so
 *       on stderr ("io-shim: double close"): a descriptor closed twice
 *       may, in a program with threads, close someone else's file. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int rename(const char *from, const char *to)
{
	static int count;
	int (*real)(const char *, const char *) =
		(int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
	const char *spec = getenv("BP_SHIM_RENAME");
	int at, sig;

	if (spec && sscanf(spec, "%d:%d", &at, &sig) == 2 && ++count == at)
		raise(sig);
	return real(from, to);
}

int close(int fd)
{
	int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "close");
	int ret = real(fd);

	if (ret != 0 && errno == EBADF && getenv("BP_SHIM_CLOSE"))
		fputs("io-shim: double close\n", stderr);
	return ret;
}
