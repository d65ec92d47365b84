/* Fuzz harness: an arbitrary file analysed as a recording, exactly as
 * 'balprobe analyse' does it (bp_cli_parse, then bp_command_analyse), by
 * every probe: listen, hum, out against a committed stimulus, and out
 * with the file as its own stimulus, so the stimulus reader and the plan
 * in its comment see the fuzzed bytes too.  The input goes to a temporary
 * file because the recording reader, like the program, takes a path.
 *
 * The analyses run in time linear in the audio a file declares, and a
 * few kilobytes of FLAC can declare hours of silence: inputs declaring
 * more than FUZZ_MAX_SAMPLES samples are skipped, so every execution
 * stays in milliseconds.  Long files are the fixtures' and bench's job. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sndfile.h>

#include "cli/options.h"
#include "cli/commands.h"
#include "fuzz.h"

/* 2.7 s of stereo at 48 kHz; the committed seeds declare at most 16000
 * frames of 2 channels. */
#define FUZZ_MAX_SAMPLES (1L << 18)

#ifndef FUZZ_STIMULUS
#error "FUZZ_STIMULUS must name the committed stimulus file"
#endif

static char dir[64], rec_path[96], json_path[96], report_path[96];

static void remove_files(void)
{
	unlink(rec_path);
	unlink(json_path);
	unlink(report_path);
	rmdir(dir);
}

/* Once: a private directory for the input and the reports, and stdout
 * (the text report) to /dev/null. */
static void setup(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/bp-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir) || !freopen("/dev/null", "w", stdout)) {
		perror("fuzz-analyse: setup");
		abort();
	}
	snprintf(rec_path, sizeof(rec_path), "%s/input", dir);
	snprintf(json_path, sizeof(json_path), "%s/result.json", dir);
	snprintf(report_path, sizeof(report_path), "%s/report.html", dir);
	atexit(remove_files);
}

static void write_input(const uint8_t *data, size_t size)
{
	FILE *f = fopen(rec_path, "wb");

	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
		perror(rec_path);
		abort();
	}
}

/* What the file declares, in samples; 0 when libsndfile cannot open it
 * (balprobe then refuses it at once). */
static long long declared_samples(void)
{
	SF_INFO info = { 0 };
	SNDFILE *f = sf_open(rec_path, SFM_READ, &info);

	if (!f)
		return 0;
	sf_close(f);
	if (info.frames < 0 || info.channels < 0)
		return 0;
	if (info.channels > 0 && info.frames > FUZZ_MAX_SAMPLES / info.channels)
		return FUZZ_MAX_SAMPLES + 1;
	return info.frames * info.channels;
}

/* balprobe analyse --probe PROBE [--stimulus STIM] ... FILE */
static void analyse(const char *probe, const char *stimulus)
{
	char *argv[12];
	struct bp_cli cli;
	int argc = 0, status;

	argv[argc++] = (char *)"balprobe";
	argv[argc++] = (char *)"analyse";
	argv[argc++] = (char *)"--probe";
	argv[argc++] = (char *)probe;
	if (stimulus) {
		argv[argc++] = (char *)"--stimulus";
		argv[argc++] = (char *)stimulus;
	}
	argv[argc++] = (char *)"--json";
	argv[argc++] = json_path;
	argv[argc++] = (char *)"--report";
	argv[argc++] = report_path;
	argv[argc++] = rec_path;
	argv[argc] = NULL;
	if (bp_cli_parse(argc, argv, &cli) != 0)
		abort();
	status = bp_command_analyse(&cli);
	/* Measured, bad file, or no valid measurement: nothing else. */
	if (status != BP_EXIT_OK && status != BP_EXIT_FILE && status != BP_EXIT_INVALID)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!dir[0])
		setup();
	write_input(data, size);
	if (declared_samples() > FUZZ_MAX_SAMPLES)
		return 0;
	analyse("listen", NULL);
	analyse("hum", NULL);
	analyse("out", FUZZ_STIMULUS);
	analyse("out", rec_path);
	return 0;
}
