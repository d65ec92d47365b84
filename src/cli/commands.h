/* balprobe: the commands behind the CLI.  Each takes the parsed command
 * line, prints its report and errors, and returns the exit status. */
#ifndef BALPROBE_COMMANDS_H
#define BALPROBE_COMMANDS_H

#include <stdbool.h>

#include "cli/options.h"

/* balprobe analyse --probe NAME FILE */
int bp_command_analyse(const struct bp_cli *cli);

/* balprobe stimulus [--probe NAME] -o FILE: what a probe plays, or a
 * stimulus a probe reads but does not play */
int bp_command_stimulus(const struct bp_cli *cli);

/* balprobe NAME or NAMEN: a live take, then the probe's analysis */
int bp_command_measure(const struct bp_cli *cli);

/* balprobe devices */
int bp_command_devices(const struct bp_cli *cli);

/* One sentence on stderr for a device, file or memory error @code about
 * @subject (the detail sentence set with the error, when there is one),
 * its code too with --verbose.  Returns BP_EXIT_FILE. */
int bp_cli_report_error(const struct bp_cli *cli, const char *subject, int code);

/* --json -: the result alone on standard output, nothing else there. */
bool bp_cli_json_to_stdout(const struct bp_cli *cli);

#endif
