/* balprobe: the ALSA device's listing (balprobe devices) and the device
 * a live take opens when none is named: the first USB audio card, for
 * an interface is what balprobe measures through, else "default".
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "device/alsa.h"

const char *bp_alsa_default_name(char *buf, size_t size)
{
	snd_ctl_card_info_t *info;
	int card = -1;

	bp_alsa_messages();
	snd_ctl_card_info_alloca(&info);
	snprintf(buf, size, "default");
	while (snd_card_next(&card) == 0 && card >= 0) {
		char hw[32];
		snd_ctl_t *ctl;
		bool usb;

		snprintf(hw, sizeof(hw), "hw:%d", card);
		if (snd_ctl_open(&ctl, hw, 0) < 0)
			continue;
		usb = snd_ctl_card_info(ctl, info) == 0 &&
		      strcmp(snd_ctl_card_info_get_driver(info), "USB-Audio") == 0;
		if (usb)
			snprintf(buf, size, "hw:CARD=%s", snd_ctl_card_info_get_id(info));
		snd_ctl_close(ctl);
		if (usb)
			break;
	}
	return buf;
}

/* "2 ch" or "1-8 ch", and the common rates, of one stream of @pcm_name;
 * or why it cannot say. */
static void describe_stream(FILE *out, const char *pcm_name, snd_pcm_stream_t dir)
{
	snd_pcm_hw_params_t *hw;
	snd_pcm_t *pcm;
	unsigned int lo = 0, hi = 0;
	char rates[160];
	int err;

	err = snd_pcm_open(&pcm, pcm_name, dir, BP_ALSA_OPEN_MODE);
	if (err < 0) {
		fprintf(out, "%s %s", bp_alsa_dir_name(dir), err == -EBUSY ? "busy (in use by another program)" : snd_strerror(err));
		return;
	}
	snd_pcm_hw_params_alloca(&hw);
	if (snd_pcm_hw_params_any(pcm, hw) >= 0) {
		snd_pcm_hw_params_get_channels_min(hw, &lo);
		snd_pcm_hw_params_get_channels_max(hw, &hi);
		bp_alsa_offered_rates(pcm, rates, sizeof(rates));
		if (lo == hi)
			fprintf(out, "%s %u ch", bp_alsa_dir_name(dir), lo);
		else
			fprintf(out, "%s %u-%u ch", bp_alsa_dir_name(dir), lo, hi);
		fprintf(out, " at %s Hz", rates);
	}
	snd_pcm_close(pcm);
}

int bp_alsa_list(FILE *out)
{
	snd_ctl_card_info_t *info;
	snd_pcm_info_t *pcm_info;
	int card = -1, found = 0, err;

	bp_alsa_messages();
	snd_ctl_card_info_alloca(&info);
	snd_pcm_info_alloca(&pcm_info);
	while ((err = snd_card_next(&card)) == 0 && card >= 0) {
		char hw[32];
		snd_ctl_t *ctl;
		int device = -1;

		snprintf(hw, sizeof(hw), "hw:%d", card);
		if (snd_ctl_open(&ctl, hw, 0) < 0)
			continue;
		if (snd_ctl_card_info(ctl, info) < 0) {
			snd_ctl_close(ctl);
			continue;
		}
		found++;
		while (snd_ctl_pcm_next_device(ctl, &device) == 0 && device >= 0) {
			char name[96];
			bool has[2];
			int d;

			for (d = 0; d < 2; d++) {
				snd_pcm_info_set_device(pcm_info, (unsigned int)device);
				snd_pcm_info_set_subdevice(pcm_info, 0);
				snd_pcm_info_set_stream(pcm_info, d ? SND_PCM_STREAM_CAPTURE
								    : SND_PCM_STREAM_PLAYBACK);
				has[d] = snd_ctl_pcm_info(ctl, pcm_info) == 0;
			}
			snprintf(name, sizeof(name), "hw:CARD=%s,DEV=%d",
				 snd_ctl_card_info_get_id(info), device);
			fprintf(out, "%-22s %s (%s): ", name, snd_ctl_card_info_get_name(info),
				snd_ctl_card_info_get_driver(info));
			if (has[0])
				describe_stream(out, name, SND_PCM_STREAM_PLAYBACK);
			if (has[0] && has[1])
				fputs("; ", out);
			if (has[1])
				describe_stream(out, name, SND_PCM_STREAM_CAPTURE);
			fputc('\n', out);
		}
		snd_ctl_close(ctl);
	}
	if (!found)
		fprintf(out, "no sound card found (ALSA PCMs such as default or pipewire may still work)\n");
	return err < 0 ? err : 0;
}
