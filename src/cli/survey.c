/* balprobe survey: the ports from the operands, a ports file or a saved
 * state; the run (survey/run.h) or one take (survey/one-take.h); the
 * findings; the port map on the terminal and in the files asked for. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/profile-use.h"
#include "cli/survey.h"
#include "io/same-file.h"
#include "report/survey-report.h"
#include "survey/findings.h"
#include "survey/one-take.h"
#include "survey/ports-file.h"
#include "survey/run.h"
#include "survey/state.h"
#include "util/errors.h"
#include "util/safe-text.h"

struct text_out {
	bool on, colour;
	enum bp_survey_mark shown[BP_SURVEY_PORTS_MAX];
};

/* A row as the port is done; the marks so far take the findings so far
 * into account. */
static void row(void *ctx, struct bp_survey *s, int i)
{
	struct text_out *t = ctx;

	bp_survey_find(s);
	if (t->on)
		bp_survey_text_row(stdout, s, i, t->colour);
	t->shown[i] = s->entries[i].mark;
}

/* The ports: from the state to resume, or the ports file then the
 * operands. */
static int load_ports(const struct bp_cli *cli, struct bp_survey *s)
{
	const struct bp_cli_survey *sv = &cli->survey;
	char why[256];
	int i, err;

	if (sv->resume_path) {
		err = bp_survey_state_load(s, sv->resume_path);
		return err ? bp_cli_report_error(cli, sv->resume_path, err) : 0;
	}
	if (sv->ports_path && (err = bp_survey_ports_read(s, sv->ports_path)))
		return bp_cli_report_error(cli, sv->ports_path, err);
	for (i = 0; i < sv->n_ports; i++) {
		if (s->n_ports == BP_SURVEY_PORTS_MAX) {
			fprintf(stderr, "balprobe: survey: at most %d ports in all\n", BP_SURVEY_PORTS_MAX);
			return 1;
		}
		bp_survey_port_parse(&s->ports[s->n_ports++], sv->ports[i], why, sizeof(why));
	}
	return 0;
}

/* Outputs must not be one another or the ports file. */
static int check_paths(const struct bp_cli *cli)
{
	const struct bp_cli_survey *sv = &cli->survey;
	const bool json_stdout = bp_cli_json_to_stdout(cli);
	const struct bp_role_path out[] = {
		{ "the --json file", json_stdout ? NULL : cli->json_path },
		{ "the --report file", cli->report_path },
		{ "the --csv file", sv->csv_path },
		{ "the survey state", sv->state_path ? sv->state_path : sv->resume_path },
	};
	const struct bp_role_path in[] = { { "the ports file", sv->ports_path } };
	int err = bp_refuse_same_file(out, 4, in, 1);

	return err ? bp_cli_report_error(cli, "the survey's files", err) : 0;
}

static int write_outputs(const struct bp_cli *cli, const struct bp_survey *s)
{
	const char *state = cli->survey.state_path ? cli->survey.state_path : cli->survey.resume_path;
	int err = 0;

	if (state && (err = bp_survey_state_save(s, state)))
		return bp_cli_report_error(cli, state, err);
	if (cli->json_path && (err = bp_survey_json_write(s, cli->json_path)))
		return bp_cli_report_error(cli, cli->json_path, err);
	if (cli->report_path && (err = bp_survey_report_write(s, cli->report_path)))
		return bp_cli_report_error(cli, cli->report_path, err);
	if (cli->survey.csv_path && (err = bp_survey_report_write(s, cli->survey.csv_path)))
		return bp_cli_report_error(cli, cli->survey.csv_path, err);
	return 0;
}

/* What the survey exits with: see cli/survey.h. */
static int survey_status(const struct bp_survey *s)
{
	int i, status = 0;

	for (i = 0; i < s->n_ports; i++) {
		const int x = s->entries[i].exit_status;

		if (s->entries[i].status == BP_SURVEY_FAILED || x == 3 || x == 2)
			status = 3;
		else if (x == 4 && status == 0)
			status = 4;
	}
	return status;
}

/* The text after the run: the findings, then the rows whose mark the
 * later ports' findings changed, and what is still pending. */
static void text_epilogue(const struct bp_cli *cli, const struct bp_survey *s,
			  const struct text_out *t)
{
	const char *state = cli->survey.state_path ? cli->survey.state_path : cli->survey.resume_path;
	int i, changed = 0, pending = 0;

	bp_survey_text_one_take(stdout, s);
	bp_survey_text_findings(stdout, s, t->colour);
	for (i = 0; i < s->n_ports; i++) {
		pending += s->entries[i].status == BP_SURVEY_PENDING;
		if (s->entries[i].mark == t->shown[i])
			continue;
		if (!changed++)
			fputs("\nmarks changed by the findings:\n", stdout);
		bp_survey_text_row(stdout, s, i, t->colour);
	}
	if (pending)
		printf("\n%d port%s not measured yet%s%s\n", pending, pending == 1 ? "" : "s",
		       state ? ": go on with balprobe survey --resume " : "",
		       state ? state : " (give --state FILE to be able to resume)");
}

static void fill_options(const struct bp_cli *cli, struct bp_survey_options *o)
{
	*o = (struct bp_survey_options){
		.device = cli->device,
		.rate_hz = cli->rate_hz,
		.level_dbfs = cli->level_dbfs,
		.quick = cli->quick,
		.mains_hz = cli->mains_hz,
		.input_fs_dbu = cli->input_fs_dbu,
		.output_fs_dbu = cli->output_fs_dbu,
		.tip = cli->tip,
		.ring = cli->ring,
		.duration_s = cli->duration_s,
		.save_dir = cli->save_dir,
		.details = cli->report_path || cli->survey.state_path || cli->survey.resume_path,
		.command_line = cli->command_line,
	};
}

/* The profile of the survey's device into @o (see survey/measure.h);
 * @use and @desc hold it for the survey.  Returns 0 or the exit status
 * after one sentence on stderr. */
static int use_profile(const struct bp_cli *cli, struct bp_profile_use *use,
		       struct bp_input_desc *desc, struct bp_survey_options *o)
{
	struct bp_probe_options opt = { .input_fs_dbu = cli->input_fs_dbu,
					.output_fs_dbu = cli->output_fs_dbu };
	int status = bp_cli_profile(cli, true, use);

	if (status)
		return status;
	memset(desc, 0, sizeof(*desc));
	bp_cli_profile_apply(use, cli, &opt, desc);
	o->profile = opt.profile;
	o->profile_input_fs_dbu = opt.input_fs_dbu;
	o->profile_output_fs_dbu = opt.output_fs_dbu;
	o->profile_desc = desc;
	return 0;
}

int bp_command_survey(const struct bp_cli *cli)
{
	const struct bp_cli_survey *sv = &cli->survey;
	const bool json_stdout = bp_cli_json_to_stdout(cli);
	const char *no_color = getenv("NO_COLOR");
	struct bp_survey *s = malloc(sizeof(*s));
	struct bp_survey_options o;
	struct bp_profile_use *use = malloc(sizeof(*use));
	struct bp_input_desc desc;
	struct text_out t = { .on = !cli->quiet && !json_stdout };
	struct bp_survey_flow flow = {
		.answers = stdin,
		.prompts = stderr,
		.wait = !sv->no_wait && !sv->one_take,
		.state_path = sv->state_path ? sv->state_path : sv->resume_path,
		.row = row,
		.ctx = &t,
	};
	bool quit = false;
	int status, err, i;

	if (!s || !use) {
		fprintf(stderr, "balprobe: survey: %s\n", bp_strerror(BP_E_NOMEM));
		free(s);
		free(use);
		return 2;
	}
	bp_survey_init(s);
	t.colour = t.on && isatty(STDOUT_FILENO) && !(no_color && no_color[0]);
	for (i = 0; i < BP_FIELDS; i++)
		if (sv->field[i])
			bp_survey_info_set(&s->info, bp_survey_info_keys[i], sv->field[i]);
	bp_error_clear();
	status = check_paths(cli);
	if (!status)
		status = load_ports(cli, s);
	if (status)
		goto out;
	snprintf(s->device, sizeof(s->device), "%s", cli->device ? cli->device : "default");
	s->rate_hz = cli->rate_hz;
	fill_options(cli, &o);
	status = use_profile(cli, use, &desc, &o);
	if (status)
		goto out;
	for (i = 0; i < s->n_ports; i++)
		t.shown[i] = s->entries[i].mark;
	if (sv->one_take && (err = bp_survey_one_take_check(s, &o))) {
		status = bp_cli_report_error(cli, "--one-take", err);
		goto out;
	}
	bp_survey_find(s);
	if (t.on) {
		bp_survey_text_header(stdout, s, t.colour);
		for (i = 0; i < s->n_ports; i++)
			if (s->entries[i].status != BP_SURVEY_PENDING)
				bp_survey_text_row(stdout, s, i, t.colour);
	}
	for (i = 0; i < s->n_ports; i++)
		t.shown[i] = s->entries[i].mark;
	err = sv->one_take ? bp_survey_one_take(s, &o, &flow) : bp_survey_run(s, &o, &flow, &quit);
	if (err) {
		status = bp_cli_report_error(cli, flow.state_path ? flow.state_path : "the survey", err);
		goto out;
	}
	bp_survey_find(s);
	if (t.on)
		text_epilogue(cli, s, &t);
	status = write_outputs(cli, s);
	if (!status)
		status = survey_status(s);
out:
	bp_survey_free(s);
	free(s);
	free(use);
	return status;
}
