/* balprobe calibrate: the steps that play or record a 1 kHz tone (the
 * voltmeter, the known source, the loop cable).  They drive the device
 * directly: a calibration tone is steady, no sweep, no auto-ranging. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/calibrate.h"
#include "analyse/tone.h"
#include "device/device.h"
#include "util/errors.h"

/* 0 dBu, V RMS: sqrt(0.6). */
#define DBU_VOLTS 0.7745966692414834
/* One block of tone, s: a whole number of 1 kHz periods at any whole
 * rate; the voltmeter's tone is repeated block by block until a reading
 * comes. */
#define BLOCK_S 1.0
#define FADE_S 0.005
/* What a tone must stand above the noise in its bin, dB, to be read. */
#define TONE_SNR_DB 30.0

/* A take: @frames of the tone at @level_dbfs on output @out (0: silence),
 * recording @in (1-based; 0: none) into @rec (may be NULL).  Returns 0
 * or prints the device's sentence and returns the exit status. */
static int take(struct bp_device *dev, int out, double level_dbfs, long frames,
		int in, double *rec)
{
	const int outs = dev->info.outputs, ins = dev->info.inputs;
	const double rate = dev->info.rate_hz, amp = pow(10.0, level_dbfs / 20.0);
	const long fade = (long)(FADE_S * rate);
	double *play = calloc((size_t)frames * (size_t)outs, sizeof(double));
	double *cap = calloc((size_t)frames * (size_t)ins, sizeof(double));
	long i;
	int err;

	if (!play || !cap) {
		free(play);
		free(cap);
		fprintf(stderr, "balprobe: calibrate: out of memory\n");
		return BP_EXIT_FILE;
	}
	for (i = 0; out && i < frames; i++) {
		/* Raised-cosine fades at both ends: each block starts and stops. */
		double g = 1.0;

		if (i < fade)
			g = 0.5 - 0.5 * cos(M_PI * (double)i / (double)fade);
		else if (frames - 1 - i < fade)
			g = 0.5 - 0.5 * cos(M_PI * (double)(frames - 1 - i) / (double)fade);
		play[(size_t)i * (size_t)outs + (size_t)(out - 1)] =
			g * amp * sin(2.0 * M_PI * BP_CAL_TONE_HZ * (double)i / rate);
	}
	bp_error_clear();
	err = bp_device_run(dev, play, frames, cap, frames, NULL, NULL);
	for (i = 0; !err && rec && i < frames; i++)
		rec[i] = cap[(size_t)i * (size_t)ins + (size_t)(in - 1)];
	free(play);
	free(cap);
	if (err) {
		fprintf(stderr, "balprobe: %s\n", bp_error_detail() ? bp_error_detail() : bp_strerror(err));
		return err == -EPIPE ? BP_EXIT_INVALID : BP_EXIT_FILE;
	}
	return 0;
}

static int open_device(const struct bp_cli *cli, int outputs, int inputs, struct bp_device **dev)
{
	int err;

	bp_error_clear();
	err = bp_device_open(dev, cli->device, cli->rate_hz, outputs, inputs);
	if (err) {
		fprintf(stderr, "balprobe: %s\n", bp_error_detail() ? bp_error_detail() : bp_strerror(err));
		return BP_EXIT_FILE;
	}
	return 0;
}

/* The 1 kHz tone in @x (@n samples) on input @in: its level in @dbfs.
 * The first fifth is left out (the loop's delay, the fade in).  Returns 0
 * or prints why the tone cannot be read and returns the exit status. */
static int tone_level(const double *x, long n, double rate, int in, double *dbfs)
{
	struct bp_tone t;
	double peak = 0.0;
	long i, skip = n / 5, len = n - 2 * skip;

	for (i = 0; i < n; i++)
		peak = fmax(peak, fabs(x[i]));
	if (len <= 0 || bp_tone_analyse(x + skip, (size_t)len, rate, BP_CAL_TONE_HZ, &t) != 0) {
		fprintf(stderr, "balprobe: calibrate: the take is too short to read a 1 kHz tone\n");
		return BP_EXIT_INVALID;
	}
	if (peak >= 0.999) {
		fprintf(stderr, "balprobe: calibrate: input %d clips (peak at full scale) — lower the level reaching it (the source, or --level), with its gain at minimum\n",
			in);
		return BP_EXIT_INVALID;
	}
	if (!isfinite(t.level_dbfs) || !(t.noise_db < -TONE_SNR_DB)) {
		fprintf(stderr, "balprobe: calibrate: no 1 kHz tone on input %d (%.1f dBFS, %.0f dB above the noise; %.0f dB needed) — check the cable goes to input %d and the source plays\n",
			in, t.level_dbfs, isfinite(t.noise_db) ? -t.noise_db : 0.0, TONE_SNR_DB, in);
		return BP_EXIT_INVALID;
	}
	*dbfs = t.level_dbfs;
	return 0;
}

/* A line of standard input: 1 read, 0 none yet, -1 end of input. */
static int read_answer(char *buf, size_t size, bool wait)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };

	if (!wait && poll(&p, 1, 0) <= 0)
		return 0;
	if (!fgets(buf, (int)size, stdin))
		return -1;
	return 1;
}

/* Volts as typed: "0.775", "0.775 V", "775mV". */
static bool parse_volts(const char *s, double *v)
{
	char *end;

	*v = strtod(s, &end);
	while (*end == ' ' || *end == '\t')
		end++;
	if (strncmp(end, "mV", 2) == 0 || strncmp(end, "mv", 2) == 0) {
		*v /= 1000.0;
		end += 2;
	} else if (*end == 'V' || *end == 'v') {
		end++;
	}
	while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')
		end++;
	return end != s && !*end && isfinite(*v) && *v > 0.0 && *v <= 100.0;
}

/* Play the tone on output @out, block by block, until a reading comes;
 * @rec (may be NULL) gets the last block of input @in.  Returns 0 with
 * @volts, or the exit status. */
static int play_until_reading(const struct bp_cli *cli, struct bp_device *dev, int out,
			      int in, double *rec, long frames, double *volts)
{
	const bool tty = isatty(STDIN_FILENO);
	char line[128];
	int got = 0, status;

	/* A script knows what to answer; a person is told. */
	if (tty)
		fprintf(stderr, "balprobe: output %d plays a 1 kHz sine at %.1f dBFS: read the RMS voltage at its jack with an AC voltmeter (across tip and ring for a balanced output, tip to sleeve otherwise) and type it in volts, then Enter\n",
			out, cli->level_dbfs);
	for (;;) {
		status = take(dev, out, cli->level_dbfs, frames, in, rec);
		if (status)
			return status;
		/* A script's answer is already waiting: one block is played. */
		got = read_answer(line, sizeof(line), !tty);
		if (got < 0) {
			return bp_cal_usage("calibrate: standard input ended without a voltmeter reading — give the volts read at output %d (e.g. 0.0775)",
					    out);
		}
		if (got == 0)
			continue;
		if (parse_volts(line, volts))
			return 0;
		line[strcspn(line, "\r\n")] = '\0';
		if (!tty) {
			return bp_cal_usage("calibrate: '%.40s' is not a voltage from 0 to 100 V (give the RMS volts, e.g. 0.0775 or 77.5 mV)",
					    line);
		}
		fprintf(stderr, "balprobe: '%.40s' is not a voltage: type the RMS volts, e.g. 0.0775\n", line);
	}
}

/* The input figure the loop implies, checked against the one held.
 * @recorded_dbfs came back on input @in from output @out playing at
 * @level_dbfs.  Returns the exit status. */
static int loop_check(struct bp_cal *c, int out, double level_dbfs, double recorded_dbfs,
		      bool output_fresh)
{
	struct bp_profile *p = &c->profile;
	const double implied_in = p->output_fs_dbu + level_dbfs - recorded_dbfs;
	double off;

	if (out == 1)
		p->loop_gain_db = recorded_dbfs - level_dbfs;
	if (isnan(p->input_fs_dbu) && isnan(p->output_fs_dbu)) {
		return bp_cal_usage("calibrate --loop: nothing to check yet — calibrate the output first (--voltmeter %d) or the input (--source-dbu DBU --input %d, or --from-spec MODEL)",
				    out, out);
	}
	if (isnan(p->input_fs_dbu)) {
		p->input_fs_dbu = implied_in;
		snprintf(p->input_fs_source, sizeof(p->input_fs_source),
			 "loop cable from output %d (%.2f dBFS back at %.1f dBFS played)", out,
			 recorded_dbfs, level_dbfs);
		return bp_cal_save(c, "the input's calibration from the loop");
	}
	if (isnan(p->output_fs_dbu)) {
		p->output_fs_dbu = p->input_fs_dbu + recorded_dbfs - level_dbfs;
		snprintf(p->output_fs_source, sizeof(p->output_fs_source),
			 "loop cable to input %d (%.2f dBFS back at %.1f dBFS played)", out,
			 recorded_dbfs, level_dbfs);
		return bp_cal_save(c, "the output's calibration from the loop");
	}
	/* Both held: the loop must read what they predict. */
	off = implied_in - p->input_fs_dbu;
	printf("loop: output %d at %.1f dBFS came back at %.2f dBFS on input %d; the profile predicts %.2f dBFS (%+.2f dB)\n",
	       out, level_dbfs, recorded_dbfs, out, p->output_fs_dbu + level_dbfs - p->input_fs_dbu, -off);
	if (fabs(off) <= BP_CAL_AGREE_DB) {
		printf("the output and input calibrations agree within %.1f dB\n", BP_CAL_AGREE_DB);
		return bp_cal_save(c, output_fresh ? "the output's calibration (the loop agrees)"
						   : "the profile (the loop agrees)");
	}
	/* Which is off: the one that strays from the maker's figure, when the
	 * other keeps to it; else the input when the output was just read
	 * with a voltmeter (a gain knob moves, a meter reading is direct). */
	if (c->spec && isfinite(c->spec->output_fs_dbu) &&
	    fabs(p->output_fs_dbu - c->spec->output_fs_dbu) > BP_CAL_AGREE_DB &&
	    fabs(implied_in - (isfinite(c->spec->input_fs_dbu) ? c->spec->input_fs_dbu : implied_in)) <= BP_CAL_AGREE_DB) {
		fprintf(stderr, "balprobe: calibrate --loop: the output calibration is off by %.2f dB (%+.2f dBu held, the %s gives %+.2f dBu) — calibrate output %d again with --voltmeter %d\n",
			fabs(off), p->output_fs_dbu, c->spec->model, c->spec->output_fs_dbu, out, out);
	} else if (output_fresh || (c->spec && isfinite(c->spec->output_fs_dbu) &&
				    fabs(p->output_fs_dbu - c->spec->output_fs_dbu) <= BP_CAL_AGREE_DB)) {
		fprintf(stderr, "balprobe: calibrate --loop: the input calibration is off by %.2f dB (input %d reads as if %+.2f dBu reached 0 dBFS, the profile holds %+.2f dBu) — set both input gains to minimum with INST, PAD and Air off, as when you calibrated, or calibrate the input again\n",
			fabs(off), out, implied_in, p->input_fs_dbu);
	} else {
		fprintf(stderr, "balprobe: calibrate --loop: the output and input calibrations disagree by %.2f dB — set the input gain to minimum with INST, PAD and Air off, then calibrate the output again with --voltmeter %d to tell which is off\n",
			fabs(off), out);
	}
	if (output_fresh)
		bp_cal_save(c, "the output's calibration (the voltmeter's reading)");
	return BP_EXIT_INVALID;
}

int bp_cal_voltmeter(const struct bp_cli *cli, struct bp_cal *c)
{
	const int out = cli->cal_voltmeter, in = cli->cal_loop;
	struct bp_device *dev;
	double volts = NAN, recorded = NAN, *rec = NULL;
	long frames;
	int status = open_device(cli, out, in ? in : 1, &dev);

	if (status)
		return status;
	frames = (long)(BLOCK_S * dev->info.rate_hz);
	if (in && !(rec = malloc((size_t)frames * sizeof(double)))) {
		bp_device_close(dev);
		return BP_EXIT_FILE;
	}
	status = play_until_reading(cli, dev, out, in, rec, frames, &volts);
	if (!status && in)
		status = tone_level(rec, frames, dev->info.rate_hz, in, &recorded);
	if (!status) {
		c->profile.output_fs_dbu = 20.0 * log10(volts / DBU_VOLTS) - cli->level_dbfs;
		snprintf(c->profile.output_fs_source, sizeof(c->profile.output_fs_source),
			 "voltmeter, %.4g V RMS at %.1f dBFS on output %d", volts, cli->level_dbfs, out);
		status = in ? loop_check(c, out, cli->level_dbfs, recorded, true)
			    : bp_cal_save(c, "the output's calibration");
	}
	free(rec);
	bp_device_close(dev);
	return status;
}

int bp_cal_source(const struct bp_cli *cli, struct bp_cal *c)
{
	const int in = cli->cal_input;
	struct bp_device *dev;
	double dbfs, *rec;
	long frames;
	int status = open_device(cli, 1, in, &dev);

	if (status)
		return status;
	frames = (long)(2 * BLOCK_S * dev->info.rate_hz);
	rec = malloc((size_t)frames * sizeof(double));
	status = rec ? take(dev, 0, 0.0, frames, in, rec) : BP_EXIT_FILE;
	if (!status)
		status = tone_level(rec, frames, dev->info.rate_hz, in, &dbfs);
	if (!status) {
		c->profile.input_fs_dbu = cli->cal_source_dbu - dbfs;
		snprintf(c->profile.input_fs_source, sizeof(c->profile.input_fs_source),
			 "a %+.2f dBu 1 kHz source read %.2f dBFS on input %d", cli->cal_source_dbu,
			 dbfs, in);
		status = bp_cal_save(c, "the input's calibration");
	}
	free(rec);
	bp_device_close(dev);
	return status;
}

int bp_cal_loop(const struct bp_cli *cli, struct bp_cal *c)
{
	const int n = cli->cal_loop;
	struct bp_device *dev;
	double dbfs, *rec;
	long frames;
	int status = open_device(cli, n, n, &dev);

	if (status)
		return status;
	frames = (long)(2 * BLOCK_S * dev->info.rate_hz);
	rec = malloc((size_t)frames * sizeof(double));
	status = rec ? take(dev, n, cli->level_dbfs, frames, n, rec) : BP_EXIT_FILE;
	if (!status)
		status = tone_level(rec, frames, dev->info.rate_hz, n, &dbfs);
	if (!status)
		status = loop_check(c, n, cli->level_dbfs, dbfs, false);
	free(rec);
	bp_device_close(dev);
	return status;
}
