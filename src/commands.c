#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "errors.h"
#include "probe.h"
#include "report.h"
#include "stimulus.h"
#include "wavio.h"

static int report_error(const struct bp_cli *cli, const char *subject, int code)
{
	const char *detail = bp_error_detail();

	if (detail)
		fprintf(stderr, "balprobe: %s\n", detail);
	else
		fprintf(stderr, "balprobe: %s: %s\n", subject, bp_strerror(code));
	if (cli->verbose)
		fprintf(stderr, "balprobe: (error code %d)\n", code);
	return code == BP_E_NOMEM ? BP_EXIT_INVALID : BP_EXIT_FILE;
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

int bp_command_analyse(const struct bp_cli *cli)
{
	const struct bp_probe *probe = bp_probe_find(cli->probe);
	const struct bp_probe_options opt = {
		.mains_hz = cli->mains_hz,
		.input_fs_dbu = cli->input_fs_dbu,
		.stimulus_path = cli->stimulus,
		.level_dbfs = cli->level_dbfs,
		.quick = cli->quick,
	};
	struct bp_recording *rec;
	struct bp_result result;
	bool json_stdout = cli->json_path && strcmp(cli->json_path, "-") == 0;
	int err;

	bp_error_clear();
	err = bp_recording_open(&rec, cli->file, cli->tip, cli->ring);
	if (err)
		return report_error(cli, cli->file, err);
	bp_result_init(&result);
	snprintf(result.probe, sizeof(result.probe), "%s", probe->name);
	snprintf(result.input.file, sizeof(result.input.file), "%s", cli->file);
	result.input.rate_hz = bp_recording_info(rec)->rate_hz;
	result.input.tip = cli->tip;
	result.input.ring = cli->ring;
	err = probe->analyse(rec, &opt, &result);
	bp_recording_close(rec);
	if (err)
		return report_error(cli, cli->file, err);

	if (!cli->quiet && !json_stdout)
		bp_report_text(stdout, &result);
	if (cli->json_path) {
		err = bp_report_json_write(&result, cli->json_path);
		if (err)
			return report_error(cli, cli->json_path, err);
	}
	return result_status(cli, &result);
}

int bp_command_stimulus(const struct bp_cli *cli)
{
	struct bp_plan plan;
	char comment[1024];
	double *samples;
	int err;

	bp_error_clear();
	if (bp_plan_out(&plan, cli->rate_hz, cli->level_dbfs, cli->quick) != 0 ||
	    bp_plan_format(&plan, comment, sizeof(comment)) != 0) {
		fprintf(stderr, "balprobe: cannot plan a stimulus at %.0f Hz and %.1f dBFS\n",
			cli->rate_hz, cli->level_dbfs);
		return BP_EXIT_USAGE;
	}
	samples = bp_plan_render(&plan);
	if (!samples)
		return report_error(cli, cli->output, BP_E_NOMEM);
	/* Float samples: exactly what the probe plays, no dither. */
	err = bp_wav_write(cli->output, plan.rate_hz, plan.channels, samples,
			   plan.length, BP_WAV_FLOAT, comment);
	free(samples);
	if (err)
		return report_error(cli, cli->output, err);
	if (!cli->quiet)
		printf("%s: %.2f s, %d outputs at %.0f Hz (out N on channel 1, its pair partner on channel 2)\n",
		       cli->output, (double)plan.length / plan.rate_hz, plan.channels,
		       plan.rate_hz);
	return BP_EXIT_OK;
}
