/* balprobe: why an ALSA PCM does not open, in one sentence: who holds a
 * busy sound device and what frees it, a name that is no PCM or no card,
 * no card at all, permissions.
 *
 * ALSA answers -EBUSY when another program has a hardware PCM open; on a
 * desktop that is nearly always a sound server.  The kernel names the
 * holder of each open substream (owner_pid in
 * /proc/asound/cardN/pcmMD/subS/status); where that is not readable (a
 * plugin PCM, /proc/asound not mounted) a running sound server is the
 * likely holder.
 */
#ifndef BALPROBE_ALSA_BUSY_H
#define BALPROBE_ALSA_BUSY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <alsa/asoundlib.h>

struct bp_busy_holder {
	pid_t pid;
	char program[64];       /* the holder's command name (/proc/PID/comm) */
	const char *remedy;     /* what to do about it: one clause */
	bool certain;           /* the kernel named it; else it is a sound
				 * server that is running */
};

/* Find the program holding a sound device open, for @card (the ALSA card
 * index, or -1 when the PCM's card is not known: then any card's holder,
 * else any running sound server).  Returns 0 when one is found, -ENOENT
 * when none can be named (@h->remedy is then the general advice). */
int bp_busy_holder_find(int card, struct bp_busy_holder *h);

/* Set the detail sentence for snd_pcm_open(@name, @dir) failing with
 * @err.  Returns @err. */
int bp_alsa_open_error(const char *name, snd_pcm_stream_t dir, int err);

#endif
