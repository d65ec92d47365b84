/* Fuzz harness: the command line.  The input is split at every NUL or
 * newline into arguments after "balprobe", and parsed as main() does;
 * nothing is run. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/options.h"
#include "fuzz.h"

#define ARGS_MAX 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *argv[ARGS_MAX + 2];
	struct bp_cli cli;
	int argc = 0, status;
	size_t i, start = 0;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	argv[argc++] = (char *)"balprobe";
	for (i = 0; i <= size && argc <= ARGS_MAX; i++)
		if (i == size || text[i] == '\0' || text[i] == '\n') {
			text[i] = '\0';
			argv[argc++] = text + start;
			start = i + 1;
		}
	argv[argc] = NULL;
	status = bp_cli_parse(argc, argv, &cli);
	if (status != BP_EXIT_OK && status != BP_EXIT_USAGE)
		abort();
	if (status == BP_EXIT_OK && cli.command == BP_CMD_NONE)
		abort();
	free(text);
	return 0;
}
