/* balprobe: where saved profiles live, per the XDG base directory
 * specification: $XDG_CONFIG_HOME/balprobe, else ~/.config/balprobe. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile/profile.h"

int bp_profile_dir(char *buf, size_t size)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	int n;

	/* A relative $XDG_CONFIG_HOME is invalid and must be ignored. */
	if (xdg && xdg[0] == '/')
		n = snprintf(buf, size, "%s/balprobe", xdg);
	else if (home && home[0] == '/')
		n = snprintf(buf, size, "%s/.config/balprobe", home);
	else
		return -ENOENT;
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

int bp_profile_card_path(const char *card_id, char *buf, size_t size)
{
	char id[64];
	size_t i;
	int err = bp_profile_dir(buf, size), n;

	if (err)
		return err;
	snprintf(id, sizeof(id), "%s", card_id && *card_id ? card_id : "card");
	for (i = 0; id[i]; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.", id[i]) ||
		    (i == 0 && id[i] == '.'))
			id[i] = '_';
	n = (int)strlen(buf);
	n = snprintf(buf + n, size - (size_t)n, "/%s.profile", id);
	return n < 0 || strlen(buf) + 1 >= size ? -ENAMETOOLONG : 0;
}
