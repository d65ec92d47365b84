/* balprobe: which card a device name points at, so that the card's saved
 * profile (profile/profile.h) can follow it.  A card is known by its
 * ALSA card id ("USB", "UMC202HD"), its name (the USB product name,
 * "Scarlett 2i2 USB") and, for a USB card, its vendor:product id
 * ("1235:8210"); the simulated interface is the card "sim".
 */
#ifndef BALPROBE_CARD_H
#define BALPROBE_CARD_H

struct bp_card {
	char id[64];       /* ALSA card id, or "sim" */
	char name[128];    /* ALSA card name, or "simulated interface" */
	char usb_id[16];   /* "1235:8210", or "" */
};

/* The card behind the device @name as a live take would open it (NULL:
 * the default device).  Opens no PCM.  Returns 0 with @card filled, or
 * -ENODEV when @name names no card (an ALSA PCM such as "default" or
 * "pipewire" that routes to whatever the sound server chose, or a card
 * that is not there). */
int bp_device_card(const char *name, struct bp_card *card);

/* The ALSA half of bp_device_card() (device/alsa-card.c). */
int bp_alsa_card(const char *name, struct bp_card *card);

#endif
