/* balprobe: the built-in profiles, looked up by name and matched to a
 * card. */
#include "config.h"

#include <fnmatch.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "profile/builtin-data.h"

const struct bp_profile_builtin *bp_profile_builtin_at(size_t i)
{
	size_t n;

	for (n = 0; bp_profile_builtins[n].name; n++)
		if (n == i)
			return &bp_profile_builtins[n];
	return NULL;
}

const struct bp_profile_builtin *bp_profile_builtin_find(const char *name)
{
	const struct bp_profile_builtin *b;

	for (b = bp_profile_builtins; name && b->name; b++)
		if (strcasecmp(name, b->name) == 0 || strcasecmp(name, b->model) == 0)
			return b;
	return NULL;
}

/* Is @word one of the '|'-separated @patterns (fnmatch, any case)? */
static bool listed(const char *patterns, const char *word, bool glob)
{
	char one[96];
	const char *p = patterns;

	while (p && *p && word && *word) {
		size_t n = strcspn(p, "|");

		snprintf(one, sizeof(one), "%.*s", (int)n, p);
		if (glob ? fnmatch(one, word, FNM_CASEFOLD) == 0 : strcasecmp(one, word) == 0)
			return true;
		p += n + (p[n] == '|');
	}
	return false;
}

const struct bp_profile_builtin *bp_profile_builtin_match(const char *usb_id,
							  const char *card_name)
{
	const struct bp_profile_builtin *b;
	const bool has_id = usb_id && *usb_id;

	for (b = bp_profile_builtins; has_id && b->name; b++)
		if (listed(b->usb_ids, usb_id, false))
			return b;
	/* A card with a USB id a row lists would have matched above: by
	 * name, only the rows without ids (or any row for a card without
	 * an id). */
	for (b = bp_profile_builtins; b->name; b++)
		if ((!has_id || !b->usb_ids) && listed(b->card_names, card_name, true))
			return b;
	return NULL;
}

void bp_profile_from_builtin(struct bp_profile *p, const struct bp_profile_builtin *b,
			     const char *card)
{
	bp_profile_init(p);
	snprintf(p->name, sizeof(p->name), "%s", b->name);
	snprintf(p->card, sizeof(p->card), "%s", card ? card : "");
	snprintf(p->source, sizeof(p->source), "%s", b->source);
	p->input_fs_dbu = b->input_fs_dbu;
	p->output_fs_dbu = b->output_fs_dbu;
}
