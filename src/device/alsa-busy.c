#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "device/alsa-busy.h"

/* Sound servers by command name, and what frees the device from each. */
static const struct {
	const char *program;
	const char *remedy;
} servers[] = {
	{ "pipewire", "play through it with -d pipewire (or -d default), or stop it while you measure: systemctl --user stop pipewire.socket pipewire-pulse.socket pipewire pipewire-pulse wireplumber" },
	{ "wireplumber", "play through PipeWire with -d pipewire (or -d default), or stop it while you measure: systemctl --user stop pipewire.socket pipewire-pulse.socket pipewire pipewire-pulse wireplumber" },
	{ "pulseaudio", "run balprobe under pasuspender (pasuspender -- balprobe ...), or play through it with -d pulse" },
	{ "jackd", "play through JACK with a jack PCM (the ALSA JACK plugin of libasound2-plugins), or stop JACK while you measure" },
	{ "jackdbus", "play through JACK with a jack PCM (the ALSA JACK plugin of libasound2-plugins), or stop it while you measure: jack_control stop" },
};

static const char general_remedy[] =
	"close the program that uses it (a sound server: PipeWire, PulseAudio or JACK), or choose another device from `balprobe devices`";

static const char *remedy_for(const char *program)
{
	size_t i;

	for (i = 0; i < sizeof(servers) / sizeof(servers[0]); i++)
		if (strcmp(program, servers[i].program) == 0)
			return servers[i].remedy;
	return "close it while you measure, or choose another device from `balprobe devices`";
}

/* The command name of process @pid into @buf; false if it is gone. */
static bool program_of(pid_t pid, char *buf, size_t size)
{
	char path[64];
	FILE *f;
	bool ok;

	snprintf(path, sizeof(path), "/proc/%ld/comm", (long)pid);
	f = fopen(path, "r");
	if (!f)
		return false;
	ok = fgets(buf, (int)size, f) != NULL;
	fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = '\0';
	return ok && buf[0];
}

static int fill(struct bp_busy_holder *h, pid_t pid)
{
	if (!program_of(pid, h->program, sizeof(h->program)))
		return -ENOENT;
	h->pid = pid;
	h->remedy = remedy_for(h->program);
	return 0;
}

/* The owner of an open substream of @card (-1: any), from the kernel. */
static int holder_from_asound(int card, struct bp_busy_holder *h)
{
	char pattern[64];
	glob_t g;
	size_t i;
	int err = -ENOENT;

	if (card >= 0)
		snprintf(pattern, sizeof(pattern), "/proc/asound/card%d/pcm*/sub*/status", card);
	else
		snprintf(pattern, sizeof(pattern), "/proc/asound/card*/pcm*/sub*/status");
	if (glob(pattern, 0, NULL, &g) != 0)
		return -ENOENT;
	for (i = 0; i < g.gl_pathc && err; i++) {
		FILE *f = fopen(g.gl_pathv[i], "r");
		char line[128];
		long pid;

		if (!f)
			continue;
		while (err && fgets(line, sizeof(line), f))
			if (sscanf(line, "owner_pid : %ld", &pid) == 1 && pid > 0)
				err = fill(h, (pid_t)pid);
		h->certain = err == 0;
		fclose(f);
	}
	globfree(&g);
	return err;
}

/* A running sound server, from the process list. */
static int holder_from_processes(struct bp_busy_holder *h)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int err = -ENOENT;

	if (!d)
		return -ENOENT;
	while (err && (e = readdir(d))) {
		char program[64];
		size_t i;

		if (!isdigit((unsigned char)e->d_name[0]) ||
		    !program_of((pid_t)atol(e->d_name), program, sizeof(program)))
			continue;
		for (i = 0; i < sizeof(servers) / sizeof(servers[0]) && err; i++)
			if (strcmp(program, servers[i].program) == 0)
				err = fill(h, (pid_t)atol(e->d_name));
	}
	closedir(d);
	return err;
}

int bp_busy_holder_find(int card, struct bp_busy_holder *h)
{
	memset(h, 0, sizeof(*h));
	h->remedy = general_remedy;
	if (holder_from_asound(card, h) == 0 || holder_from_processes(h) == 0)
		return 0;
	h->remedy = general_remedy;
	return -ENOENT;
}
