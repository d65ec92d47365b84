#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/loop-save.h"
#include "cli/meter.h"
#include "cli/profile-use.h"
#include "device/device.h"
#include "engine/engine.h"
#include "util/errors.h"
#include "probes/probe.h"
#include "report/plots.h"
#include "report/report.h"
#include "util/safe-text.h"
#include "io/same-file.h"
#include "signal/stimulus.h"
#include "io/audio-file.h"

bool bp_cli_json_to_stdout(const struct bp_cli *cli)
{
	return cli->json_path && strcmp(cli->json_path, "-") == 0;
}

int bp_cli_report_error(const struct bp_cli *cli, const char *subject, int code)
{
	const char *detail = bp_error_detail();

	char *safe = detail ? NULL : bp_safe_text(subject);

	if (detail)
		fprintf(stderr, "balprobe: %s\n", detail);
	else
		fprintf(stderr, "balprobe: %s: %s\n", safe ? safe : "?", bp_strerror(code));
	free(safe);
	if (cli->verbose)
		fprintf(stderr, "balprobe: (error code %d)\n", code);
	/* Running out of memory is a resource error, like a full disk: the
	 * measurement itself was not found wanting. */
	return BP_EXIT_FILE;
}

/* An output must not be an input or another output: checked before any
 * work, so nothing is lost and nobody waits for a take first.  @eo is the
 * live run's, NULL for a file. */
static int check_paths(const struct bp_cli *cli, const struct bp_engine_options *eo,
		       bool plays)
{
	const struct bp_role_path in[] = {
		{ "the recording", cli->command == BP_CMD_ANALYSE ? cli->file : NULL },
		{ "the --stimulus file", cli->stimulus },
	};
	struct bp_role_path out[4 + BP_REPORT_PLOTS];
	char *made[2 + BP_REPORT_PLOTS] = { NULL };
	const bool json_stdout = bp_cli_json_to_stdout(cli);
	int n = 0, m = 0, p, err;

	out[n++] = (struct bp_role_path){ "the --json file", json_stdout ? NULL : cli->json_path };
	out[n++] = (struct bp_role_path){ "the --report file", cli->report_path };
	for (p = 0; cli->report_path && p < BP_REPORT_PLOTS; p++) {
		made[m] = bp_report_plot_path(cli->report_path, p);
		out[n++] = (struct bp_role_path){ "a plot of the --report", made[m++] };
	}
	if (eo && eo->save_dir) {
		made[m] = plays ? bp_engine_save_path(eo, "stimulus") : NULL;
		out[n++] = (struct bp_role_path){ "the stimulus --save writes", made[m++] };
		made[m] = bp_engine_save_path(eo, "recording");
		out[n++] = (struct bp_role_path){ "the recording --save writes", made[m++] };
	}
	err = bp_refuse_same_file(out, n, in, (int)(sizeof(in) / sizeof(in[0])));
	while (m > 0)
		free(made[--m]);
	return err;
}

/* The exit status a finished result earns. */
static int result_status(const struct bp_cli *cli, const struct bp_result *r)
{
	if (r->invalid) {
		fprintf(stderr, "balprobe: measurement invalid: %s\n", r->invalid_reason);
		return BP_EXIT_INVALID;
	}
	if (cli->expect_set && r->jack.verdict != cli->expect) {
		fprintf(stderr, "balprobe: expected a %s jack, measured %s\n",
			bp_jack_verdict_name(cli->expect),
			bp_jack_verdict_name(r->jack.verdict));
		return BP_EXIT_EXPECT;
	}
	return BP_EXIT_OK;
}

/* --report FILE: what the report records beside the result. */
static int write_report(const struct bp_cli *cli, const struct bp_probe *probe,
			const struct bp_probe_options *opt, const struct bp_result *result)
{
	char subject[32];
	char *command_line = bp_safe_text(cli->command_line);
	char *stimulus = probe->plan && opt->stimulus_path ? bp_safe_text(opt->stimulus_path) : NULL;
	const struct bp_report_context ctx = {
		.subject = subject,
		.command_line = command_line,
		.stimulus_file = stimulus,
		/* The calibration the measurement used: the options', or the
		 * interface profile's where an option was not given. */
		.input_fs_dbu = opt->input_fs_dbu,
		.output_fs_dbu = opt->output_fs_dbu,
		.when = time(NULL),
	};
	int err;

	if (probe->plan && cli->output > 0)
		snprintf(subject, sizeof(subject), "%s%d", probe->name, cli->output);
	else
		snprintf(subject, sizeof(subject), "%s", probe->name);
	err = (command_line && (stimulus || !opt->stimulus_path || !probe->plan)) ?
		bp_report_write(result, &ctx, cli->report_path) : BP_E_NOMEM;
	free(command_line);
	free(stimulus);
	return err;
}

/* Analyse @rec with the CLI's probe, print the reports, and return the
 * exit status.  A report that cannot be written fails the run (exit 2)
 * only after the result has been printed. */
static int analyse_and_report(const struct bp_cli *cli, struct bp_recording *rec,
			      const struct bp_probe_options *opt,
			      struct bp_result *result)
{
	const struct bp_probe *probe = bp_probe_find(cli->probe);
	bool json_stdout = bp_cli_json_to_stdout(cli);
	int err;

	snprintf(result->probe, sizeof(result->probe), "%s", probe->name);
	result->input.rate_hz = bp_recording_info(rec)->rate_hz;
	result->input.tip = cli->tip;
	result->input.ring = cli->ring;
	err = bp_probe_analyse(probe, rec, opt, result);
	if (err)
		return bp_cli_report_error(cli, bp_recording_info(rec)->path, err);
	if (!cli->quiet && !json_stdout)
		bp_report_text(stdout, result);
	if (cli->json_path) {
		err = bp_report_json_write(result, cli->json_path);
		if (err)
			return bp_cli_report_error(cli, cli->json_path, err);
	}
	if (cli->report_path) {
		bp_error_clear();
		err = write_report(cli, probe, opt, result);
		if (err)
			return bp_cli_report_error(cli, cli->report_path, err);
	}
	return result_status(cli, result);
}

/* Every take was spoiled (overruns), or memory ran out: nothing to
 * analyse, but a script reading --json still gets a result, with every
 * verdict unknown and the reason, as a measurement that cannot be
 * trusted gives. */
static int report_unmeasured(const struct bp_cli *cli, const struct bp_probe *probe,
			     int code)
{
	const char *detail = bp_error_detail();
	struct bp_result result;
	int err;

	bp_result_init(&result);
	snprintf(result.probe, sizeof(result.probe), "%s", probe->name);
	snprintf(result.input.device, sizeof(result.input.device), "%s",
		 cli->device ? cli->device : "default");
	result.input.rate_hz = cli->rate_hz;
	result.input.tip = cli->tip;
	result.input.ring = cli->ring;
	result.unrecorded = true;
	bp_result_invalidate(&result, "%s", detail ? detail : bp_strerror(code));
	snprintf(result.jack.explanation, sizeof(result.jack.explanation),
		 "no take could be recorded, so the jack cannot be judged");
	snprintf(result.polarity.explanation, sizeof(result.polarity.explanation),
		 "no take could be recorded, so the polarity cannot be judged");
	if (cli->json_path) {
		bp_error_clear();
		err = bp_report_json_write(&result, cli->json_path);
		if (err)
			return bp_cli_report_error(cli, cli->json_path, err);
	}
	/* Out of memory: the JSON says so, the exit status is a resource
	 * error's (2), as bp_cli_report_error() gives it. */
	if (code == BP_E_NOMEM)
		return bp_cli_report_error(cli, result.input.device, code);
	return result_status(cli, &result);
}

static struct bp_probe_options probe_options(const struct bp_cli *cli)
{
	return (struct bp_probe_options){
		.mains_hz = cli->mains_hz,
		.input_fs_dbu = cli->input_fs_dbu,
		.output_fs_dbu = cli->output_fs_dbu,
		.stimulus_path = cli->stimulus,
		.level_dbfs = cli->level_dbfs,
		.quick = cli->quick,
		.plots = cli->report_path != NULL,
		.output = cli->command == BP_CMD_MEASURE ? cli->output : 0,
		.tip_out = cli->tip_out,
		.ring_out = cli->ring_out,
	};
}

/* A probe that drives an input reads a one-channel file as its one
 * return (tip = ring = channel 1). */
static int open_recording(const struct bp_cli *cli, struct bp_recording **rec)
{
	int err = bp_recording_open(rec, cli->file, cli->tip, cli->ring);

	if (err != BP_E_FILE_CHANNEL || !bp_probe_find(cli->probe)->drives_input ||
	    bp_recording_open(rec, cli->file, cli->tip, cli->tip) != 0)
		return err;
	if (bp_recording_info(*rec)->channels == 1) {
		bp_error_clear();
		return 0;
	}
	bp_recording_close(*rec);
	return bp_recording_open(rec, cli->file, cli->tip, cli->ring);
}

int bp_command_analyse(const struct bp_cli *cli)
{
	struct bp_probe_options opt = probe_options(cli);
	struct bp_profile_use use;
	struct bp_recording *rec;
	struct bp_result result;
	char *file;
	int err, status;

	bp_error_clear();
	status = bp_cli_profile(cli, false, &use);
	if (status)
		return status;
	err = check_paths(cli, NULL, false);
	if (!err)
		err = open_recording(cli, &rec);
	if (err)
		return bp_cli_report_error(cli, cli->file, err);
	file = bp_safe_text(cli->file);
	if (!file) {
		bp_recording_close(rec);
		return bp_cli_report_error(cli, cli->file, BP_E_NOMEM);
	}
	bp_result_init(&result);
	result.input.file = file;
	bp_cli_profile_apply(&use, cli, &opt, &result.input);
	status = analyse_and_report(cli, rec, &opt, &result);
	bp_recording_close(rec);
	free(file);
	return status;
}

static int measure(const struct bp_cli *cli)
{
	const struct bp_probe *probe = bp_probe_find(cli->probe);
	struct bp_probe_options opt = probe_options(cli);
	char stem[32];
	struct bp_meter meter = { cli->tip - 1, cli->ring - 1 };
	const struct bp_engine_progress progress = bp_meter_progress(&meter);
	const struct bp_engine_options eo = {
		.device = cli->device,
		.rate_hz = cli->rate_hz,
		.level_dbfs = cli->level_dbfs,
		.quick = cli->quick,
		.output = probe->drives_input ? cli->tip_out : cli->output,
		.ring_drive = probe->drives_input ? cli->ring_out : 0,
		.tip = cli->tip,
		.ring = cli->ring,
		.duration_s = cli->duration_s > 0.0 ? cli->duration_s : probe->duration_s,
		.save_dir = cli->save_dir,
		.save_name = stem,
		.progress = !cli->quiet && isatty(STDERR_FILENO) ? &progress : NULL,
	};
	struct bp_profile_use use;
	struct bp_recording *rec;
	struct bp_result result;
	struct bp_take take;
	int err, status;

	bp_error_clear();
	/* Before the take: a damaged profile stops the run before it plays. */
	status = bp_cli_profile(cli, true, &use);
	if (status)
		return status;
	if (probe->plan)
		snprintf(stem, sizeof(stem), "%s%d", probe->name, cli->output);
	else
		snprintf(stem, sizeof(stem), "%s", probe->name);
	err = check_paths(cli, &eo, probe->plan != NULL);
	if (err)
		return bp_cli_report_error(cli, stem, err);
	err = bp_engine_take(&eo, probe->plan, &take);
	if (err == -EPIPE || err == BP_E_NOMEM)
		return report_unmeasured(cli, probe, err);
	if (err)
		return bp_cli_report_error(cli, cli->device ? cli->device : "the audio device", err);
	/* The analysis regenerates the plan at the level the engine settled on. */
	opt.level_dbfs = take.level_dbfs;
	err = bp_recording_from_memory(&rec, take.device, take.rate_hz, take.tip,
				       take.ring, take.frames);
	if (err) {
		bp_take_free(&take);
		return bp_cli_report_error(cli, stem, err);
	}
	bp_result_init(&result);
	snprintf(result.input.device, sizeof(result.input.device), "%s", take.device);
	bp_cli_profile_apply(&use, cli, &opt, &result.input);
	status = analyse_and_report(cli, rec, &opt, &result);
	bp_recording_close(rec);
	bp_take_free(&take);
	/* What the probe measured of the interface itself, kept when asked;
	 * an --expect that failed is the run's status, not the keeping's. */
	if (cli->save_profile && (status == BP_EXIT_OK || status == BP_EXIT_EXPECT)) {
		int kept = bp_loop_save_profile(cli, &result, cli->quiet || bp_cli_json_to_stdout(cli));

		status = status == BP_EXIT_OK ? kept : status;
	}
	return status;
}

int bp_command_measure(const struct bp_cli *cli)
{
	struct bp_cli in = *cli;

	if (!bp_probe_find(cli->probe)->drives_input)
		return measure(cli);
	/* in N: the return on input N (and --right; without it the one
	 * return is recorded as both legs), the drives on --tip-out and
	 * --ring-out. */
	in.tip = cli->output;
	in.ring = cli->right ? cli->right : cli->output;
	return measure(&in);
}

int bp_command_devices(const struct bp_cli *cli)
{
	int err = bp_device_list(stdout);

	return err ? bp_cli_report_error(cli, "devices", err) : BP_EXIT_OK;
}

int bp_command_stimulus(const struct bp_cli *cli)
{
	/* What the probe plays, or a stimulus a probe reads but does not
	 * play (the user plays it through the port). */
	const struct bp_probe *probe = NULL;
	const struct bp_probe_stimulus *extra = bp_probe_stimulus_find(cli->probe, &probe);
	struct bp_plan plan;
	char comment[BP_PLAN_TEXT_MAX];
	double *samples;
	int err;

	if (!extra)
		probe = bp_probe_find(cli->probe);
	bp_error_clear();
	if ((extra ? extra->plan : probe->plan)(&plan, cli->rate_hz, cli->level_dbfs,
						  cli->quick) != 0 ||
	    bp_plan_format(&plan, comment, sizeof(comment)) != 0) {
		fprintf(stderr, "balprobe: cannot plan a stimulus at %.0f Hz and %.1f dBFS\n",
			cli->rate_hz, cli->level_dbfs);
		return BP_EXIT_USAGE;
	}
	samples = bp_plan_render(&plan);
	if (!samples)
		return bp_cli_report_error(cli, cli->output_path, BP_E_NOMEM);
	/* Float samples: exactly what the probe plays, no dither. */
	err = bp_wav_write(cli->output_path, plan.rate_hz, plan.channels, samples,
			   plan.length, BP_WAV_FLOAT, comment);
	free(samples);
	if (err)
		return bp_cli_report_error(cli, cli->output_path, err);
	if (!cli->quiet) {
		char *name = bp_safe_text(cli->output_path);

		if (extra)
			printf("%s: %.2f s of %s at %.0f Hz: play it through the port and run balprobe %s\n",
			       name ? name : "", (double)plan.length / plan.rate_hz, extra->holds,
			       plan.rate_hz, probe->name);
		else
			printf("%s: %.2f s, %d outputs at %.0f Hz (%s)\n",
			       name ? name : "", (double)plan.length / plan.rate_hz, plan.channels,
			       plan.rate_hz, probe->drives_input
					     ? "the tip drive on channel 1, the ring drive on channel 2"
					     : "out N on channel 1, its pair partner on channel 2");
		free(name);
	}
	return BP_EXIT_OK;
}
