#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "device/alsa.h"
#include "device/alsa-busy.h"
#include "util/errors.h"

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

static int card_count(void)
{
	int card = -1, n = 0;

	while (snd_card_next(&card) == 0 && card >= 0)
		n++;
	return n;
}

/* Is the PCM that @name names (its part before any ':') in the ALSA
 * configuration?  When it cannot tell, say yes. */
static bool pcm_defined(const char *name)
{
	snd_config_t *top, *node;
	char base[64];
	size_t n = strcspn(name, ":");
	bool found;

	if (n >= sizeof(base))
		return true;
	memcpy(base, name, n);
	base[n] = '\0';
	if (snd_config_update_ref(&top) < 0)
		return true;
	found = snd_config_search(top, "pcm", &node) == 0 &&
		snd_config_search(node, base, &node) == 0;
	snd_config_unref(top);
	return found;
}

/* Names that stand for a sound card rather than a server or a file. */
static bool card_pcm(const char *name)
{
	static const char *const families[] = {
		"default", "sysdefault", "hw", "plughw", "front", "dmix", "dsnoop",
	};
	size_t n = strcspn(name, ":"), i;

	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (strlen(families[i]) == n && strncmp(name, families[i], n) == 0)
			return true;
	return false;
}

/* The card a PCM name such as hw:1, plughw:CARD=USB,DEV=0 or front:USB
 * opens, or -1 when the name does not say (default, plugins). */
static int card_of(const char *name)
{
	const char *arg = strchr(name, ':');
	char card[64];

	if (!arg || !card_pcm(name))
		return -1;
	arg++;
	if (strncmp(arg, "CARD=", 5) == 0)
		arg += 5;
	snprintf(card, sizeof(card), "%.*s", (int)strcspn(arg, ","), arg);
	return card[0] ? snd_card_get_index(card) : -1;
}

int bp_alsa_open_error(const char *name, snd_pcm_stream_t dir, int err)
{
	/* hw:99 (past ALSA's 32 cards) fails with -EINVAL, not -ENODEV. */
	const bool no_card = strchr(name, ':') && card_pcm(name) && card_of(name) < 0;
	const bool missing = err == -ENOENT || err == -ENODEV || err == -ENXIO ||
			     (err == -EINVAL && no_card);
	struct bp_busy_holder holder;

	if (err == -EBUSY && bp_busy_holder_find(card_of(name), &holder) == 0)
		bp_error_set_detail(holder.certain ? "%s is busy: %s (pid %ld) holds it — %s"
						   : "%s is busy, most likely held by %s (pid %ld), a sound server that is running — %s",
				    name, holder.program, (long)holder.pid, holder.remedy);
	else if (err == -EBUSY)
		bp_error_set_detail("%s is busy, in use by another program — %s", name,
				    holder.remedy);
	else if (missing && !pcm_defined(name))
		bp_error_set_detail("%s: no such ALSA PCM — `balprobe devices` lists the sound cards (use hw:CARD=..., plughw:... or default), or try --device sim",
				    name);
	else if (missing && card_count() == 0 && card_pcm(name))
		bp_error_set_detail("%s: no sound card found — connect the interface, or try the simulated one with --device sim",
				    name);
	else if (missing && no_card)
		bp_error_set_detail("%s: no such sound card — `balprobe devices` lists the cards there are (name one as hw:N or hw:CARD=NAME)",
				    name);
	else if (missing)
		bp_error_set_detail("%s: cannot open for %s (%s) — if it goes through a sound server (JACK, PipeWire, PulseAudio), is the server running? `balprobe devices` lists the sound cards%s",
				    name, bp_alsa_dir_name(dir), snd_strerror(err),
				    card_count() == 0 ? " (none found; try --device sim)" : "");
	else if (err == -EACCES || err == -EPERM)
		bp_error_set_detail("%s: permission denied — add yourself to the audio group and log in again",
				    name);
	else
		bp_error_set_detail("%s: cannot open for %s (%s)", name, bp_alsa_dir_name(dir),
				    snd_strerror(err));
	return err;
}
