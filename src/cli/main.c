/* balprobe: option parsing and dispatch; the work is in libbalprobe. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "io/atomic-file.h"
#include "cli/options.h"
#include "cli/commands.h"
#include "cli/calibrate.h"
#include "cli/survey.h"
#include "device/device.h"
#include "util/errors.h"
#include "dsp/fft-wisdom.h"
#include "util/heap.h"
#include "io/temp-files.h"

static int run(int argc, char **argv)
{
	struct bp_cli cli;
	int status;

	status = bp_cli_parse(argc, argv, &cli);
	if (status)
		return status;
	bp_device_set_verbose(cli.verbose);
	switch (cli.command) {
	case BP_CMD_HELP:
		bp_cli_usage(stdout);
		return BP_EXIT_OK;
	case BP_CMD_VERSION:
		printf("balprobe %s\n", PACKAGE_VERSION);
		return BP_EXIT_OK;
	case BP_CMD_ANALYSE:
	case BP_CMD_MEASURE:
		bp_fft_wisdom_load();
		status = cli.command == BP_CMD_ANALYSE ? bp_command_analyse(&cli)
						       : bp_command_measure(&cli);
		bp_fft_wisdom_save();
		return status;
	case BP_CMD_STIMULUS:
		return bp_command_stimulus(&cli);
	case BP_CMD_DEVICES:
		return bp_command_devices(&cli);
	case BP_CMD_CALIBRATE:
		return bp_command_calibrate(&cli);
	case BP_CMD_SURVEY:
		bp_fft_wisdom_load();
		status = bp_command_survey(&cli);
		bp_fft_wisdom_save();
		return status;
	case BP_CMD_NONE:
		break;
	}
	return BP_EXIT_USAGE;
}

/* What was printed is only delivered once flushed: a full disk or
 * /dev/full shows only here.  A standard output closed before we ran
 * (>&-) and never written to is not an error.  A run that already failed
 * with a file error said so (--json - onto /dev/full): one sentence. */
static int close_stdout(int status)
{
	int errnum = 0;

	if (fflush(stdout) != 0 || ferror(stdout))
		errnum = errno ? errno : EIO;
	else if (fclose(stdout) != 0 && errno != EBADF)
		errnum = errno;
	if (!errnum || status == BP_EXIT_FILE)
		return status;
	bp_output_write_failed("standard output", errnum);
	fprintf(stderr, "balprobe: %s\n", bp_error_detail());
	return BP_EXIT_FILE;
}

int main(int argc, char **argv)
{
	bp_heap_prepare();
	bp_tempfiles_install();
	return close_stdout(run(argc, argv));
}
