/* balprobe: choosing the interface profile of a command. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/profile-use.h"
#include "device/card.h"
#include "util/errors.h"
#include "util/safe-text.h"

static int file_error(void)
{
	fprintf(stderr, "balprobe: %s\n", bp_error_detail() ? bp_error_detail() : "the profile cannot be read");
	return BP_EXIT_FILE;
}

static int read_file(struct bp_profile_use *use, const char *path)
{
	bp_error_clear();
	snprintf(use->file, sizeof(use->file), "%s", path);
	if (bp_profile_read(&use->profile, path) != 0)
		return file_error();
	use->used = true;
	return 0;
}

/* --profile NAME: saved, else built-in. */
static int by_name(struct bp_profile_use *use, const char *name)
{
	const struct bp_profile_builtin *b;
	char path[4096];
	char *safe;

	if (bp_profile_card_path(name, path, sizeof(path)) == 0 && access(path, F_OK) == 0)
		return read_file(use, path);
	b = bp_profile_builtin_find(name);
	if (b) {
		bp_profile_from_builtin(&use->profile, b, NULL);
		use->file[0] = '\0';
		use->used = true;
		return 0;
	}
	safe = bp_safe_text(name);
	fprintf(stderr, "balprobe: --profile: '%s' is neither a saved profile (%s) nor a built-in one — 'balprobe calibrate --list' names the built-ins; a file is named with a '/' (./%s)\n"
		"Try 'balprobe --help' for more information.\n",
		safe ? safe : "?", bp_profile_dir(path, sizeof(path)) == 0 ? path : "$XDG_CONFIG_HOME/balprobe",
		safe ? safe : "?");
	free(safe);
	return BP_EXIT_USAGE;
}

int bp_cli_profile(const struct bp_cli *cli, bool live, struct bp_profile_use *use)
{
	struct bp_card card;
	char path[4096];

	memset(use, 0, sizeof(*use));
	bp_profile_init(&use->profile);
	if (cli->profile && strcmp(cli->profile, "none") == 0)
		return 0;
	if (cli->profile) {
		const size_t n = strlen(cli->profile);

		if (strchr(cli->profile, '/') || (n > 8 && strcmp(cli->profile + n - 8, ".profile") == 0))
			return read_file(use, cli->profile);
		return by_name(use, cli->profile);
	}
	/* No card (a sound server's PCM), or no profile saved for it: none. */
	if (!live || bp_device_card(cli->device, &card) != 0 ||
	    bp_profile_card_path(card.id, path, sizeof(path)) != 0 || access(path, F_OK) != 0)
		return 0;
	return read_file(use, path);
}

void bp_cli_profile_apply(struct bp_profile_use *use, const struct bp_cli *cli,
			  struct bp_probe_options *opt, struct bp_input_desc *in)
{
	const char *stem;

	if (!use->used)
		return;
	opt->profile = &use->profile;
	if (isnan(cli->input_fs_dbu))
		opt->input_fs_dbu = use->profile.input_fs_dbu;
	if (isnan(cli->output_fs_dbu))
		opt->output_fs_dbu = use->profile.output_fs_dbu;
	stem = strrchr(use->file, '/') ? strrchr(use->file, '/') + 1 : use->file;
	bp_safe_text_copy(in->profile_name, sizeof(in->profile_name),
			  use->profile.name[0] ? use->profile.name : stem);
	bp_safe_text_copy(in->profile_source, sizeof(in->profile_source), use->profile.source);
	bp_safe_text_copy(use->file_shown, sizeof(use->file_shown), use->file);
	in->profile_file = use->file[0] ? use->file_shown : NULL;
}
