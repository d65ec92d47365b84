/* balprobe: the card behind a device name. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "device/card.h"
#include "device/device.h"

int bp_device_card(const char *name, struct bp_card *card)
{
	memset(card, 0, sizeof(*card));
	if (name && bp_device_sim_ops.claims(name)) {
		snprintf(card->id, sizeof(card->id), "sim");
		snprintf(card->name, sizeof(card->name), "simulated interface");
		return 0;
	}
	return bp_alsa_card(name, card);
}
