#include "config.h"

#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "errors.h"
#include "probe.h"
#include "report.h"

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
