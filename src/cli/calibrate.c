/* balprobe calibrate: the card, its profile so far, --list, --from-spec,
 * and saving. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/calibrate.h"
#include "util/errors.h"
#include "util/safe-text.h"

int bp_cal_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "balprobe: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'balprobe --help' for more information.\n");
	return BP_EXIT_USAGE;
}

/* "+22.0 dBu" or "unknown". */
static const char *dbu(char *buf, size_t size, double x)
{
	if (isfinite(x))
		snprintf(buf, size, "%+.2f dBu", x);
	else
		snprintf(buf, size, "unknown");
	return buf;
}

static int list(void)
{
	const struct bp_profile_builtin *b;
	char in[32], out[32];
	size_t i;

	for (i = 0; (b = bp_profile_builtin_at(i)); i++) {
		printf("%-20s %s\n", b->name, b->model);
		printf("%-20s input_fs_dbu %s, output_fs_dbu %s\n", "",
		       dbu(in, sizeof(in), b->input_fs_dbu), dbu(out, sizeof(out), b->output_fs_dbu));
		printf("%-20s matches %s%s%s%s\n", "", b->usb_ids ? "USB id " : "",
		       b->usb_ids ? b->usb_ids : "", b->usb_ids ? ", else the card name " : "the card name ",
		       b->card_names);
		printf("%-20s source: %s\n", "", b->source);
	}
	return BP_EXIT_OK;
}

int bp_cal_open(const struct bp_cli *cli, struct bp_cal *c)
{
	const char *dev = cli->device ? cli->device : "the default device";
	char *safe;
	int err;

	memset(c, 0, sizeof(*c));
	if (bp_device_card(cli->device, &c->card) != 0) {
		safe = bp_safe_text(dev);
		fprintf(stderr, "balprobe: calibrate: %s is not a sound card balprobe can name — give one with -d (hw:USB, hw:2; 'balprobe devices' lists them), or -d sim\n",
			safe ? safe : "?");
		free(safe);
		return BP_EXIT_FILE;
	}
	c->spec = bp_profile_builtin_match(c->card.usb_id, c->card.name);
	err = bp_profile_card_path(c->card.id, c->path, sizeof(c->path));
	if (err) {
		fprintf(stderr, "balprobe: calibrate: no place for profiles: set XDG_CONFIG_HOME or HOME to an absolute directory\n");
		return BP_EXIT_FILE;
	}
	if (access(c->path, F_OK) == 0) {
		bp_error_clear();
		if (bp_profile_read(&c->profile, c->path) != 0) {
			fprintf(stderr, "balprobe: %s\n", bp_error_detail());
			return BP_EXIT_FILE;
		}
		return BP_EXIT_OK;
	}
	bp_profile_init(&c->profile);
	snprintf(c->profile.name, sizeof(c->profile.name), "%s", c->card.id);
	return BP_EXIT_OK;
}

/* "  (how)" or "". */
static const char *note(char *buf, size_t size, const char *how)
{
	if (how[0])
		snprintf(buf, size, "  (%s)", how);
	else
		buf[0] = '\0';
	return buf;
}

int bp_cal_write(struct bp_cal *c)
{
	bp_error_clear();
	if (bp_profile_write(&c->profile, c->path) != 0) {
		fprintf(stderr, "balprobe: %s\n", bp_error_detail() ? bp_error_detail() : "the profile cannot be written");
		return BP_EXIT_FILE;
	}
	return BP_EXIT_OK;
}

int bp_cal_save(struct bp_cal *c, const char *what)
{
	char in[32], out[32], in_how[160], out_how[160];
	char *path;
	int status;

	snprintf(c->profile.card, sizeof(c->profile.card), "%s", c->card.id);
	c->profile.input_fs_dbu = bp_profile_rounded(c->profile.input_fs_dbu);
	c->profile.output_fs_dbu = bp_profile_rounded(c->profile.output_fs_dbu);
	c->profile.loop_gain_db = bp_profile_rounded(c->profile.loop_gain_db);
	status = bp_cal_write(c);
	if (status != BP_EXIT_OK)
		return status;
	path = bp_safe_text(c->path);
	printf("saved %s for card %s (%s) to %s:\n  input_fs_dbu  %s%s\n  output_fs_dbu %s%s\n",
	       what, c->card.id, c->card.name, path ? path : "?",
	       dbu(in, sizeof(in), c->profile.input_fs_dbu),
	       note(in_how, sizeof(in_how), c->profile.input_fs_source),
	       dbu(out, sizeof(out), c->profile.output_fs_dbu),
	       note(out_how, sizeof(out_how), c->profile.output_fs_source));
	free(path);
	return BP_EXIT_OK;
}

static int from_spec(const struct bp_cli *cli, struct bp_cal *c)
{
	const struct bp_profile_builtin *b = bp_profile_builtin_find(cli->cal_spec);
	char *safe = bp_safe_text(cli->cal_spec);
	int status = BP_EXIT_OK;

	if (!b)
		status = bp_cal_usage("--from-spec: '%s' is not a built-in profile — 'balprobe calibrate --list' names them",
				      safe ? safe : "?");
	else if (isnan(b->input_fs_dbu) && isnan(b->output_fs_dbu))
		status = bp_cal_usage("--from-spec: %s has no published figure in balprobe (%s)",
				      b->model, b->source);
	free(safe);
	if (status)
		return status;
	if (c->spec && c->spec != b)
		fprintf(stderr, "balprobe: note: card %s (%s) looks like a %s, not a %s; saving the %s figures as asked\n",
			c->card.id, c->card.name, c->spec->model, b->model, b->model);
	snprintf(c->profile.name, sizeof(c->profile.name), "%s", b->name);
	snprintf(c->profile.source, sizeof(c->profile.source), "%s", b->source);
	if (isfinite(b->input_fs_dbu)) {
		c->profile.input_fs_dbu = b->input_fs_dbu;
		snprintf(c->profile.input_fs_source, sizeof(c->profile.input_fs_source),
			 "the %s specification", b->model);
	}
	if (isfinite(b->output_fs_dbu)) {
		c->profile.output_fs_dbu = b->output_fs_dbu;
		snprintf(c->profile.output_fs_source, sizeof(c->profile.output_fs_source),
			 "the %s specification", b->model);
	}
	return bp_cal_save(c, "the maker's figures");
}

int bp_command_calibrate(const struct bp_cli *cli)
{
	struct bp_cal c;
	int status;

	if (cli->cal_list)
		return list();
	status = bp_cal_open(cli, &c);
	if (status)
		return status;
	if (cli->cal_spec)
		return from_spec(cli, &c);
	if (cli->cal_voltmeter)
		return bp_cal_voltmeter(cli, &c);
	if (!isnan(cli->cal_source_dbu))
		return bp_cal_source(cli, &c);
	return bp_cal_loop(cli, &c);
}
