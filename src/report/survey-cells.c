/* balprobe: a survey's row, in the words every format shows. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/survey-report.h"
#include "util/number-format.h"

static void level(const struct bp_survey_entry *e, char *buf, size_t size)
{
	char a[32], b[32];
	const double dbu = bp_survey_num(e, "level.dbu");

	bp_format_number(a, sizeof(a), bp_survey_num(e, "level.dbfs"), 1, 0, " dBFS", "none");
	if (isfinite(dbu))
		snprintf(buf, size, "%s, %s", a, bp_format_number(b, sizeof(b), dbu, 1, BP_FMT_SIGN,
								  " dBu", ""));
	else
		snprintf(buf, size, "%s", a);
}

static void hum(const struct bp_survey_entry *e, char *buf, size_t size)
{
	const int present = bp_survey_bool(e, "hum.present");
	const char *mode = bp_survey_str(e, "hum.mode");
	char a[32];

	if (!json_is_object(json_object_get(e->result, "hum")))
		snprintf(buf, size, "not measured");
	else if (present == 0)
		snprintf(buf, size, "none");
	else if (present < 0)
		snprintf(buf, size, "unknown");
	else
		snprintf(buf, size, "%.0f Hz %s%s%s", bp_survey_num(e, "hum.mains_hz"),
			 bp_format_number(a, sizeof(a), bp_survey_num(e, "hum.fundamental_dbfs"), 1, 0,
					  " dBFS", ""),
			 bp_survey_bool(e, "hum.ground_loop") == 1 ? ", ground loop" :
			 mode ? ", " : "", bp_survey_bool(e, "hum.ground_loop") == 1 ? "" : mode ? mode : "");
}

void bp_survey_cells_fill(const struct bp_survey *s, int i, struct bp_survey_cells *c)
{
	const struct bp_survey_port *p = &s->ports[i];
	const struct bp_survey_entry *e = &s->entries[i];
	const char *v;

	memset(c, 0, sizeof(*c));
	if (p->number)
		snprintf(c->port, sizeof(c->port), "%s%d", p->probe, p->number);
	else
		snprintf(c->port, sizeof(c->port), "%s", p->probe);
	if (e->status != BP_SURVEY_MEASURED) {
		snprintf(c->kind, sizeof(c->kind), "%s", bp_survey_status_name(e->status));
		return;
	}
	v = bp_survey_str(e, "jack.verdict");
	snprintf(c->kind, sizeof(c->kind), "%s", v ? v : "unknown");
	v = bp_survey_str(e, "polarity.verdict");
	snprintf(c->polarity, sizeof(c->polarity), "%s", v ? v : "unknown");
	level(e, c->level, sizeof(c->level));
	hum(e, c->hum, sizeof(c->hum));
	bp_format_number(c->latency, sizeof(c->latency), bp_survey_num(e, "latency.ms"), 3, 0,
			 " ms", "not measured");
}
