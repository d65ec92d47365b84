/* balprobe: the ports a survey measures, from the command line or a
 * ports file.
 *
 * A ports file is UTF-8 text, one item a line; '#' starts a comment,
 * blank lines are ignored:
 *
 *   title = Stage left stage box          (also venue, client, equipment,
 *   venue = Town Hall                      operator, date: the report's
 *                                          first page)
 *   out1 "Main L" group=main expect=balanced
 *   out2 Main R group=main                (a label of bare words ends at
 *                                          the first KEY=VALUE)
 *   listen "Ch 7 insert" duration=5
 *
 * A port line is a probe as typed on the command line (outN, inN,
 * listen, hum), a label (quoted, or bare words) and options: tip=N,
 * ring=N (inputs), group=NAME (ports that should match), device=NAME,
 * expect=VERDICT (a jack verdict), duration=S.
 */
#ifndef BALPROBE_PORTS_FILE_H
#define BALPROBE_PORTS_FILE_H

#include "survey/survey.h"

/* Parse a probe as typed (@spec: "out1", "in2", "listen") into @p, with
 * the label @spec.  Returns 0, or -EINVAL with @why (one sentence) set. */
int bp_survey_port_parse(struct bp_survey_port *p, const char *spec, char *why,
			 size_t why_size);

/* Read @path into @s: its header fields (where @s has none yet) and its
 * ports, appended.  Returns 0, or BP_E_FILE_OPEN / BP_E_FILE_FORMAT /
 * BP_E_NOMEM with a detail sentence naming the file and the line. */
int bp_survey_ports_read(struct bp_survey *s, const char *path);

/* Set header field @key ("title", "venue", "client", "equipment",
 * "operator", "date") of @info to @value.  Returns 0 or -EINVAL for an
 * unknown key. */
int bp_survey_info_set(struct bp_survey_info *info, const char *key, const char *value);

/* The header field @key of @info, or NULL for an unknown key. */
const char *bp_survey_info_get(const struct bp_survey_info *info, const char *key);

/* The header keys, NULL-terminated, in the order the report shows them. */
extern const char *const bp_survey_info_keys[];

#endif
