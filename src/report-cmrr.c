#include "config.h"

#include <math.h>
#include <stdio.h>

#include "report-cmrr.h"

void bp_report_text_cmrr(FILE *out, const struct bp_cmrr_result *c)
{
	int i;

	if (isfinite(c->at_1k_db))
		fprintf(out, "  CMRR      %s%.1f dB at 1 kHz\n", c->bound ? "at least " : "",
			c->at_1k_db);
	else
		fprintf(out, "  CMRR      -\n");
	fprintf(out, "            %s\n", c->explanation);
	for (i = 0; i < c->n_points; i++)
		fprintf(out, "%s%7.1f Hz %6.1f dB%s", i % 4 == 0 ? "            " : "   ",
			c->hz[i], c->db[i], i % 4 == 3 || i == c->n_points - 1 ? "\n" : "");
}
