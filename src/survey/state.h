/* balprobe: a survey's state, saved after every port so that an
 * interrupted survey can go on (--state FILE, --resume FILE).
 *
 * The file is JSON: {"balprobe_survey_state": 1, "info": {...},
 * "device": ..., "rate": ..., "ports": [{the port line's fields}],
 * "entries": [{"status": "measured" | "failed" | "skipped" | "pending",
 * "exit_status": N, "error": ..., "result": {the probe's JSON},
 * "detail_html": ...}]}.  It is replaced atomically (a temporary file,
 * then a rename): an interruption leaves the previous state whole.
 */
#ifndef BALPROBE_SURVEY_STATE_H
#define BALPROBE_SURVEY_STATE_H

#include "survey/survey.h"

/* Write @s to @path atomically.  Returns 0 or BP_E_FILE_WRITE / BP_E_NOMEM
 * with a detail sentence. */
int bp_survey_state_save(const struct bp_survey *s, const char *path);

/* Read @path into @s (bp_survey_init()ed; header fields already set are
 * kept).  Returns 0, or BP_E_FILE_OPEN / BP_E_FILE_FORMAT / BP_E_NOMEM
 * with a detail sentence naming the file and what is wrong. */
int bp_survey_state_load(struct bp_survey *s, const char *path);

#endif
