/* busy-shim: an LD_PRELOAD library that makes every snd_pcm_open() answer
 * -EBUSY, as the kernel does for a hardware PCM another program holds.
 * There is no sound card on the test machines, so this is how a test sees
 * balprobe's real ALSA backend meet a busy device: everything after the
 * open's answer (finding the holder, the sentence, the exit status) is
 * the program's own. */
#include <errno.h>

#include <alsa/asoundlib.h>

int snd_pcm_open(snd_pcm_t **pcm, const char *name, snd_pcm_stream_t stream, int mode)
{
	(void)name;
	(void)stream;
	(void)mode;
	*pcm = NULL;
	return -EBUSY;
}
