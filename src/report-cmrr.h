/* balprobe: the in probe's common-mode rejection in the text report. */
#ifndef BALPROBE_REPORT_CMRR_H
#define BALPROBE_REPORT_CMRR_H

#include <stdio.h>

#include "result.h"

/* The CMRR section of @r (at 1 kHz, "at least" for a bound, the third
 * octaves) on @out. */
void bp_report_text_cmrr(FILE *out, const struct bp_cmrr_result *c);

#endif
