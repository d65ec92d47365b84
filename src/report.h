/* balprobe: report writers.  They print a finished struct bp_result and
 * compute nothing. */
#ifndef BALPROBE_REPORT_H
#define BALPROBE_REPORT_H

#include <stdio.h>

#include "result.h"

/* The human-readable report on @out. */
void bp_report_text(FILE *out, const struct bp_result *r);

/* The JSON document of DESIGN.md's contract, as a string the caller frees;
 * NULL when out of memory. */
char *bp_report_json_string(const struct bp_result *r);

/* Write the JSON document to @path ("-": standard output), atomically for
 * a file (temporary name, then rename).  Returns 0 or BP_E_FILE_WRITE /
 * BP_E_NOMEM with a detail sentence. */
int bp_report_json_write(const struct bp_result *r, const char *path);

#endif
