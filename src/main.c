/* balprobe: option parsing and dispatch; the work is in libbalprobe. */
#include "config.h"

#include <stdio.h>

#include "cli.h"
#include "commands.h"
#include "fft-wisdom.h"
#include "heap.h"

int main(int argc, char **argv)
{
	struct bp_cli cli;
	int status;

	bp_heap_prepare();
	status = bp_cli_parse(argc, argv, &cli);
	if (status)
		return status;
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
	case BP_CMD_NONE:
		break;
	}
	return BP_EXIT_USAGE;
}
