/* balprobe: the survey command (src/survey/): many ports in one run,
 * checked against each other, written as one port map. */
#ifndef BALPROBE_CLI_SURVEY_H
#define BALPROBE_CLI_SURVEY_H

#include "cli/options.h"

/* balprobe survey PORT... | --ports FILE | --resume FILE.  Exit status:
 * 0 when every port reached has a valid result, 3 when one failed or is
 * invalid, 4 when one is not the jack its expect= names (and none
 * failed), 2 for a file that cannot be read or written, 1 for usage. */
int bp_command_survey(const struct bp_cli *cli);

#endif
