#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/temp-files.h"

/* A fixed table, so the handler needs no allocation: at most a report's
 * plots and page, a --save pair and the wisdom cache are open at once. */
#define SLOTS 16

static char *volatile slots[SLOTS];

static const int cleanup_signals[] = { SIGINT, SIGTERM, SIGHUP };

/* Only async-signal-safe calls (unlink, sigaction, raise), as POSIX lists
 * them in signal-safety(7); then the signal again, at its default action,
 * so the parent sees how the run ended. */
static void remove_and_reraise(int sig)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	int i;

	for (i = 0; i < SLOTS; i++) {
		char *path = slots[i];

		if (path)
			unlink(path);
	}
	sigemptyset(&dfl.sa_mask);
	sigaction(sig, &dfl, NULL);
	raise(sig);
}

void bp_tempfiles_install(void)
{
	struct sigaction sa = { .sa_handler = remove_and_reraise };
	struct sigaction ign = { .sa_handler = SIG_IGN };
	size_t i;

	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(cleanup_signals) / sizeof(cleanup_signals[0]); i++)
		sigaddset(&sa.sa_mask, cleanup_signals[i]);
	for (i = 0; i < sizeof(cleanup_signals) / sizeof(cleanup_signals[0]); i++) {
		struct sigaction old;

		/* A signal ignored by whoever started us (nohup) stays so. */
		if (sigaction(cleanup_signals[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaction(cleanup_signals[i], &sa, NULL);
	}
	sigemptyset(&ign.sa_mask);
	sigaction(SIGXFSZ, &ign, NULL);
}

/* Slots change with the signals blocked, so the handler never sees one
 * half written. */
static void block_cleanup_signals(sigset_t *old)
{
	sigset_t block;
	size_t i;

	sigemptyset(&block);
	for (i = 0; i < sizeof(cleanup_signals) / sizeof(cleanup_signals[0]); i++)
		sigaddset(&block, cleanup_signals[i]);
	sigprocmask(SIG_BLOCK, &block, old);
}

int bp_tempfile_register(const char *path)
{
	char *copy = strdup(path);
	sigset_t old;
	int i, slot = -1;

	if (!copy)
		return -1;
	block_cleanup_signals(&old);
	for (i = 0; i < SLOTS && slot < 0; i++)
		if (!slots[i]) {
			slots[i] = copy;
			slot = i;
		}
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (slot < 0)
		free(copy);
	return slot;
}

static sigset_t held_from;

void bp_tempfiles_hold(void)
{
	block_cleanup_signals(&held_from);
}

void bp_tempfiles_release(void)
{
	sigprocmask(SIG_SETMASK, &held_from, NULL);
}

void bp_tempfile_forget(int slot)
{
	sigset_t old;
	char *path;

	if (slot < 0 || slot >= SLOTS)
		return;
	block_cleanup_signals(&old);
	path = slots[slot];
	slots[slot] = NULL;
	sigprocmask(SIG_SETMASK, &old, NULL);
	free(path);
}
