/* balprobe: the ALSA card behind a PCM name, from the name alone (as
 * aplay's "hw:CARD=USB,DEV=0", "plughw:2", "sysdefault:USB" spell it),
 * and its id, name and USB ids from the card's control interface.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "device/alsa.h"
#include "device/card.h"

/* The card argument of @pcm_name: "USB" of "hw:CARD=USB,DEV=0" or of
 * "plughw:USB,0"; "" when the name has none ("default", "pipewire"). */
static void card_argument(const char *pcm_name, char *out, size_t size)
{
	const char *colon = strchr(pcm_name, ':'), *arg;

	out[0] = '\0';
	if (!colon)
		return;
	arg = colon + 1;
	if (strncmp(arg, "CARD=", 5) == 0)
		arg += 5;
	snprintf(out, size, "%.*s", (int)strcspn(arg, ","), arg);
	if (out[0] == '"' && out[strlen(out) - 1] == '"' && strlen(out) > 1) {
		memmove(out, out + 1, strlen(out));
		out[strlen(out) - 1] = '\0';
	}
}

int bp_alsa_card(const char *name, struct bp_card *card)
{
	snd_ctl_card_info_t *info;
	snd_ctl_t *ctl;
	char buf[128], arg[64], hw[32];
	const char *components;
	int index;

	bp_alsa_messages();
	if (!name)
		name = bp_alsa_default_name(buf, sizeof(buf));
	card_argument(name, arg, sizeof(arg));
	if (!arg[0] || (index = snd_card_get_index(arg)) < 0)
		return -ENODEV;
	snprintf(hw, sizeof(hw), "hw:%d", index);
	if (snd_ctl_open(&ctl, hw, 0) < 0)
		return -ENODEV;
	snd_ctl_card_info_alloca(&info);
	if (snd_ctl_card_info(ctl, info) < 0) {
		snd_ctl_close(ctl);
		return -ENODEV;
	}
	snprintf(card->id, sizeof(card->id), "%s", snd_ctl_card_info_get_id(info));
	snprintf(card->name, sizeof(card->name), "%s", snd_ctl_card_info_get_name(info));
	/* USB audio cards list "USBvvvv:pppp" among their components. */
	components = strstr(snd_ctl_card_info_get_components(info), "USB");
	if (components && strlen(components) >= 12 && components[7] == ':')
		snprintf(card->usb_id, sizeof(card->usb_id), "%.9s", components + 3);
	snd_ctl_close(ctl);
	return 0;
}
