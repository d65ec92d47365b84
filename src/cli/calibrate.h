/* balprobe calibrate: the interface's dBu calibration, saved as its
 * card's profile ($XDG_CONFIG_HOME/balprobe/CARD.profile, written
 * atomically).  Four ways:
 *
 *   --list               the built-in profiles, figures and sources
 *   --from-spec MODEL    a built-in's figures (the maker's specification)
 *   --voltmeter N        output N plays 1 kHz at --level until the RMS
 *                        volts read at its jack are typed on standard
 *                        input: output_fs_dbu = 20 log10(V / 0.7746) - level
 *   --source-dbu D --input M   a 1 kHz source of D dBu at input M:
 *                        input_fs_dbu = D - (the tone's level, dBFS)
 *   --loop N             a cable from output N to input N: the recorded
 *                        level must be output_fs_dbu + level - input_fs_dbu
 *                        within BP_CAL_AGREE_DB; a missing figure is
 *                        derived from the other (with --voltmeter N, at
 *                        the same tone).
 *
 * Every step reads only standard input and its options, so a script can
 * run it.
 */
#ifndef BALPROBE_CALIBRATE_H
#define BALPROBE_CALIBRATE_H

#include <stdbool.h>

#include "cli/options.h"
#include "device/card.h"
#include "profile/profile.h"

#define BP_CAL_AGREE_DB 0.5
#define BP_CAL_TONE_HZ 1000.0

/* balprobe calibrate ...; returns the exit status. */
int bp_command_calibrate(const struct bp_cli *cli);

/* The card being calibrated and its profile so far (cli/calibrate.c). */
struct bp_cal {
	struct bp_card card;
	char path[4096];          /* its profile file */
	struct bp_profile profile;
	const struct bp_profile_builtin *spec;  /* the built-in it matches, or NULL */
};

/* @c for the card of -d, with its saved profile (an empty one named
 * after the card when there is none).  A damaged saved profile stops
 * here, said on stderr: it is not overwritten unseen.  Returns the exit
 * status. */
int bp_cal_open(const struct bp_cli *cli, struct bp_cal *c);

/* Write c->profile to c->path atomically; a failure is said on stderr.
 * Returns the exit status. */
int bp_cal_write(struct bp_cal *c);

/* Write c->profile to c->path and say what was saved where.  Returns the
 * exit status. */
int bp_cal_save(struct bp_cal *c, const char *what);

/* A usage error of calibrate: "balprobe: " and the sentence, then the
 * pointer to --help, on stderr.  Returns BP_EXIT_USAGE. */
int bp_cal_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The tone steps (cli/calibrate-tone.c); each returns the exit status. */
int bp_cal_voltmeter(const struct bp_cli *cli, struct bp_cal *c);
int bp_cal_source(const struct bp_cli *cli, struct bp_cal *c);
int bp_cal_loop(const struct bp_cli *cli, struct bp_cal *c);

#endif
