/* balprobe: one survey port, measured as the single-port command would
 * measure it (cli/commands.c), its result kept instead of printed. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "io/audio-file.h"
#include "probes/probe.h"
#include "report/html.h"
#include "report/report.h"
#include "survey/measure.h"
#include "util/errors.h"
#include "util/safe-text.h"

void bp_survey_port_inputs(const struct bp_survey *s, int i, const struct bp_survey_options *o,
			   int *tip, int *ring)
{
	const struct bp_survey_port *p = &s->ports[i];
	const struct bp_probe *probe = bp_probe_find(p->probe);

	if (probe && probe->drives_input) {
		/* in N: the return comes back on input N */
		*tip = *ring = p->number;
		return;
	}
	*tip = p->tip ? p->tip : o->tip;
	*ring = p->ring ? p->ring : (p->tip ? p->tip + 1 : o->ring);
}

void bp_survey_port_options(const struct bp_survey_port *p, const struct bp_survey_options *o,
			    struct bp_probe_options *opt, struct bp_input_desc *in)
{
	const struct bp_probe *probe = bp_probe_find(p->probe);

	*opt = (struct bp_probe_options){
		.mains_hz = o->mains_hz,
		.input_fs_dbu = o->input_fs_dbu,
		.output_fs_dbu = o->output_fs_dbu,
		.level_dbfs = o->level_dbfs,
		.quick = o->quick,
		.plots = o->details,
		.output = probe && !probe->drives_input ? p->number : 0,
		.tip_out = 1,
		.ring_out = 2,
	};
	if (!o->profile || p->device[0])
		return;
	opt->profile = o->profile;
	opt->input_fs_dbu = o->profile_input_fs_dbu;
	opt->output_fs_dbu = o->profile_output_fs_dbu;
	memcpy(in->profile_name, o->profile_desc->profile_name, sizeof(in->profile_name));
	memcpy(in->profile_source, o->profile_desc->profile_source, sizeof(in->profile_source));
	in->profile_file = o->profile_desc->profile_file;
}

static char *detail_section(const struct bp_survey_port *p, const struct bp_result *r,
			    const struct bp_survey_options *o)
{
	char subject[32], *text = NULL;
	size_t size;
	FILE *f = open_memstream(&text, &size);
	const struct bp_report_context ctx = {
		.subject = subject,
		.command_line = o->command_line,
		.input_fs_dbu = o->input_fs_dbu,
		.output_fs_dbu = o->output_fs_dbu,
		.when = time(NULL),
	};

	if (!f)
		return NULL;
	if (p->number)
		snprintf(subject, sizeof(subject), "%s%d", p->probe, p->number);
	else
		snprintf(subject, sizeof(subject), "%s", p->probe);
	bp_report_html_section(f, r, &ctx, 3);
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

int bp_survey_keep_result(struct bp_survey *s, int i, const struct bp_result *r,
			  const struct bp_survey_options *o)
{
	struct bp_survey_entry *e = &s->entries[i];
	const char *expect = s->ports[i].expect;
	char *text = bp_report_json_string(r);
	enum bp_jack_verdict want;

	bp_survey_entry_clear(e);
	e->result = text ? json_loads(text, 0, NULL) : NULL;
	free(text);
	if (!e->result)
		return BP_E_NOMEM;
	if (o->details && !(e->detail_html = detail_section(&s->ports[i], r, o)))
		return BP_E_NOMEM;
	e->status = BP_SURVEY_MEASURED;
	e->exit_status = r->invalid ? 3 : 0;
	if (!r->invalid && expect[0] && bp_jack_verdict_parse(expect, &want) == 0 &&
	    want != r->jack.verdict)
		e->exit_status = 4;
	return 0;
}

static void failed(struct bp_survey_entry *e, const char *what, int code)
{
	const char *detail = bp_error_detail();

	bp_survey_entry_clear(e);
	e->status = BP_SURVEY_FAILED;
	e->exit_status = 2;
	if (detail)
		bp_safe_text_copy(e->error, sizeof(e->error), detail);
	else
		snprintf(e->error, sizeof(e->error), "%s: %s", what, bp_strerror(code));
}

int bp_survey_measure_port(struct bp_survey *s, int i, const struct bp_survey_options *o)
{
	const struct bp_survey_port *p = &s->ports[i];
	const struct bp_probe *probe = bp_probe_find(p->probe);
	char stem[32];
	struct bp_engine_options eo = {
		.device = p->device[0] ? p->device : o->device,
		.rate_hz = o->rate_hz,
		.level_dbfs = o->level_dbfs,
		.quick = o->quick,
		.output = probe->drives_input ? 1 : p->number,
		.ring_drive = probe->drives_input ? 2 : 0,
		.duration_s = p->duration_s > 0.0 ? p->duration_s :
			      o->duration_s > 0.0 ? o->duration_s : probe->duration_s,
		.save_dir = o->save_dir,
		.save_name = stem,
		.progress = o->progress,
	};
	struct bp_probe_options opt;
	struct bp_recording *rec;
	struct bp_result *r;
	struct bp_take take;
	int err;

	bp_error_clear();
	bp_survey_port_inputs(s, i, o, &eo.tip, &eo.ring);
	snprintf(stem, sizeof(stem), "port%02d-%s%.0d", i + 1, probe->name, p->number);
	err = bp_engine_take(&eo, probe->plan, &take);
	if (err) {
		failed(&s->entries[i], eo.device ? eo.device : "the audio device", err);
		return 0;
	}
	r = malloc(sizeof(*r));
	err = r ? bp_recording_from_memory(&rec, take.device, take.rate_hz, take.tip, take.ring,
					   take.frames) : BP_E_NOMEM;
	if (!err) {
		bp_result_init(r);
		bp_survey_port_options(p, o, &opt, &r->input);
		opt.level_dbfs = take.level_dbfs;
		snprintf(r->input.device, sizeof(r->input.device), "%s", take.device);
		snprintf(r->probe, sizeof(r->probe), "%s", probe->name);
		r->input.rate_hz = take.rate_hz;
		r->input.tip = eo.tip;
		r->input.ring = eo.ring;
		err = bp_probe_analyse(probe, rec, &opt, r);
		bp_recording_close(rec);
		if (!err)
			err = bp_survey_keep_result(s, i, r, o);
	}
	bp_take_free(&take);
	free(r);
	if (err)
		failed(&s->entries[i], p->label, err);
	return 0;
}
