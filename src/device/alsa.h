/* balprobe: the parts the ALSA device's files share (device/alsa.c the
 * take, device/alsa-list.c the listing and the default choice,
 * device/alsa-busy.c why a PCM does not open).  Only device/alsa*.c
 * include it: nothing else sees <alsa/asoundlib.h>.
 */
#ifndef BALPROBE_ALSA_H
#define BALPROBE_ALSA_H

#include <stddef.h>
#include <stdio.h>

#include <alsa/asoundlib.h>

/* Every PCM is opened with exact parameters: no resampling, channel or
 * format conversion behind balprobe's back; non-blocking, so a busy
 * device answers -EBUSY instead of waiting. */
#define BP_ALSA_OPEN_MODE (SND_PCM_NONBLOCK | SND_PCM_NO_AUTO_RESAMPLE | \
			   SND_PCM_NO_AUTO_CHANNELS | SND_PCM_NO_AUTO_FORMAT)

/* "playback" or "capture". */
const char *bp_alsa_dir_name(snd_pcm_stream_t dir);

/* Before any call into alsa-lib: its own messages (and its plugins') go
 * to stderr with --verbose (bp_device_verbose()), else nowhere, and
 * balprobe says one sentence. */
void bp_alsa_messages(void);

/* "44100, 48000" (or "8000..192000" when it takes none of the common
 * rates) into @buf: the rates @pcm accepts. */
void bp_alsa_offered_rates(snd_pcm_t *pcm, char *buf, size_t size);

/* The device ops' list and default_name (device/device.h). */
int bp_alsa_list(FILE *out);
const char *bp_alsa_default_name(char *buf, size_t size);

#endif
