/* balprobe: the interface profile a command uses.  --profile none uses
 * none; --profile NAME a saved profile (DIR/NAME.profile) or else the
 * built-in of that name; --profile FILE (a name with a '/' or ending in
 * .profile) that file.  Without --profile a live take uses its card's
 * saved profile when there is one, and 'analyse' uses none.  An explicit
 * --input-fs-dbu or --output-fs-dbu wins over the profile's figure.
 */
#ifndef BALPROBE_PROFILE_USE_H
#define BALPROBE_PROFILE_USE_H

#include <stdbool.h>

#include "cli/options.h"
#include "probes/probe.h"
#include "profile/profile.h"
#include "result/result.h"

struct bp_profile_use {
	bool used;
	struct bp_profile profile;
	char file[4096];       /* "" for a built-in */
	char file_shown[4096]; /* the same, safe to show (util/safe-text.h) */
};

/* Decide @use for @cli; @live: a live take on cli->device.  Returns 0, or
 * the exit status after one sentence on stderr: BP_EXIT_USAGE for a NAME
 * that names no profile, BP_EXIT_FILE for a file missing, unreadable or
 * refused. */
int bp_cli_profile(const struct bp_cli *cli, bool live, struct bp_profile_use *use);

/* The profile's figures into @opt where the command line gave none, and
 * opt->profile; its name, source and file into @in.  Nothing when
 * use->used is false. */
void bp_cli_profile_apply(struct bp_profile_use *use, const struct bp_cli *cli,
			  struct bp_probe_options *opt, struct bp_input_desc *in);

#endif
