/* profile: the file format read strictly and written exactly (a profile
 * written and read back is the same, field for field and byte for byte),
 * every damaged or hostile file refused with one sentence naming the
 * file and the line, and the built-ins each with a source. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>

#include "profile/profile.h"
#include "util/errors.h"
#include "testsignal.h"

static char dir[64];

static void make_dir(void)
{
	snprintf(dir, sizeof(dir), "/tmp/bp-profile-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void remove_dir(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static bool same_number(double a, double b)
{
	return (isnan(a) && isnan(b)) || a == b;
}

static void assert_same(const struct bp_profile *a, const struct bp_profile *b)
{
	int i;

	ck_assert_str_eq(a->name, b->name);
	ck_assert_str_eq(a->card, b->card);
	ck_assert_str_eq(a->source, b->source);
	ck_assert_str_eq(a->input_fs_source, b->input_fs_source);
	ck_assert_str_eq(a->output_fs_source, b->output_fs_source);
	ck_assert(same_number(a->input_fs_dbu, b->input_fs_dbu));
	ck_assert(same_number(a->output_fs_dbu, b->output_fs_dbu));
	ck_assert(same_number(a->loop_gain_db, b->loop_gain_db));
	ck_assert(same_number(a->noise_dbfs, b->noise_dbfs));
	ck_assert(same_number(a->crosstalk_db, b->crosstalk_db));
	ck_assert(same_number(a->thd_n_db, b->thd_n_db));
	ck_assert(same_number(a->rate_hz, b->rate_hz));
	for (i = 0; i < BP_PROFILE_CHANNELS; i++) {
		ck_assert(same_number(a->input_gain_db[i], b->input_gain_db[i]));
		ck_assert(same_number(a->output_gain_db[i], b->output_gain_db[i]));
	}
}

/* A profile with every field, numbers that need all 17 digits. */
static void full_profile(struct bp_profile *p)
{
	int i;

	bp_profile_init(p);
	snprintf(p->name, sizeof(p->name), "scarlett-2i2-3rd");
	snprintf(p->card, sizeof(p->card), "USB");
	snprintf(p->source, sizeof(p->source), "Maker, User Guide, p. 3 = specifications # not a comment");
	snprintf(p->input_fs_source, sizeof(p->input_fs_source), "a +4 dBu source");
	snprintf(p->output_fs_source, sizeof(p->output_fs_source), "voltmeter, 0.7746 V");
	p->input_fs_dbu = 22.0 + 1.0 / 3.0;
	p->output_fs_dbu = -0.1;
	p->loop_gain_db = 1e-9;
	p->noise_dbfs = -104.123456789;
	p->crosstalk_db = -110.0;
	p->thd_n_db = -98.2;
	p->rate_hz = 48000.0;
	for (i = 0; i < BP_PROFILE_CHANNELS; i += 3) {
		p->input_gain_db[i] = i * 0.0123456789;
		p->output_gain_db[i] = -i * M_PI / 1000.0;
	}
}

START_TEST(round_trip_is_exact)
{
	struct bp_profile p, q, empty;
	char path[128], *text, *again;

	make_dir();
	full_profile(&p);
	snprintf(path, sizeof(path), "%s/sub/balprobe/USB.profile", dir);
	/* The writer makes the missing directories (.config, balprobe). */
	ck_assert_int_eq(bp_profile_write(&p, path), 0);
	ck_assert_int_eq(bp_profile_read(&q, path), 0);
	assert_same(&p, &q);
	text = bp_profile_format(&p);
	again = bp_profile_format(&q);
	ck_assert_str_eq(text, again);
	free(text);
	free(again);
	/* An empty profile writes only comments, which read back as no key:
	 * refused, as an empty file is. */
	bp_profile_init(&empty);
	text = bp_profile_format(&empty);
	ck_assert_int_eq(bp_profile_parse(&q, text, strlen(text), "x"), BP_E_FILE_FORMAT);
	free(text);
	remove_dir();
}
END_TEST

START_TEST(comments_blanks_and_crlf_are_read)
{
	static const char text[] = "# a comment\r\n\r\n   \t\n  card =  USB  \r\n"
				   "input_fs_dbu=+18.5\n\t# indented comment\noutput_gain_db.2 = -0.031";
	struct bp_profile p;

	ck_assert_int_eq(bp_profile_parse(&p, text, strlen(text), "t"), 0);
	ck_assert_str_eq(p.card, "USB");
	ck_assert_double_eq(p.input_fs_dbu, 18.5);
	ck_assert_double_eq(p.output_gain_db[1], -0.031);
	ck_assert(isnan(p.output_fs_dbu));
	ck_assert(!bp_profile_has_output_gain(&p, 1));
	ck_assert(bp_profile_has_output_gain(&p, 2));
}
END_TEST

/* Each damaged text: refused with a sentence naming the file, the line
 * and the problem. */
static const struct {
	const char *text;
	size_t len;          /* 0: strlen */
	int line;
	const char *problem;
} damaged[] = {
	{ "", 0, 1, "holds no key" },
	{ "# only comments\n\n", 0, 2, "holds no key" },
	{ "card USB\n", 0, 1, "no '='" },
	{ "colour = red\n", 0, 1, "is not a profile key" },
	{ "card = A\ncard = B\n", 0, 2, "given twice" },
	{ "input_gain_db.2 = 1\ninput_gain_db.2 = 1\n", 0, 2, "given twice" },
	{ "input_fs_dbu = nan\n", 0, 1, "not a finite decimal" },
	{ "input_fs_dbu = inf\n", 0, 1, "not a finite decimal" },
	{ "input_fs_dbu = -INFINITY\n", 0, 1, "not a finite decimal" },
	{ "input_fs_dbu = 0x10\n", 0, 1, "not a finite decimal" },
	{ "input_fs_dbu = 1e999\n", 0, 1, "not a finite decimal" },
	{ "input_fs_dbu = 18 dBu\n", 0, 1, "not a finite decimal" },
	{ "input_fs_dbu =\n", 0, 1, "not a finite decimal" },
	{ "input_fs_dbu = 4000\n", 0, 1, "out of range" },
	{ "rate_hz = 12\n", 0, 1, "out of range" },
	{ "noise_dbfs = 3\n", 0, 1, "out of range" },
	{ "input_gain_db = 1\n", 0, 1, "needs a channel" },
	{ "input_gain_db.0 = 1\n", 0, 1, "channel is not" },
	{ "input_gain_db.33 = 1\n", 0, 1, "channel is not" },
	{ "input_gain_db.01 = 1\n", 0, 1, "channel is not" },
	{ "input_gain_db.-1 = 1\n", 0, 1, "channel is not" },
	{ "input_gain_db.99999999999999999999 = 1\n", 0, 1, "channel is not" },
	{ "card_gain_db.1 = 1\n", 0, 1, "is not a profile key" },
	{ "card = ok\ncard\x1b[31m = x\n", 0, 2, "control character" },
	{ "card = a\0b\n", 11, 1, "NUL byte" },
	{ "\x7f" "ELF\x02\x01\x01", 7, 1, "control character" },
};

START_TEST(damaged_texts_are_refused)
{
	const char *text = damaged[_i].text;
	size_t len = damaged[_i].len ? damaged[_i].len : strlen(text);
	struct bp_profile p;
	char want[64];

	bp_error_clear();
	ck_assert_int_eq(bp_profile_parse(&p, text, len, "/x/USB.profile"), BP_E_FILE_FORMAT);
	ck_assert_ptr_nonnull(bp_error_detail());
	snprintf(want, sizeof(want), "/x/USB.profile: line %d: ", damaged[_i].line);
	ck_assert_msg(strstr(bp_error_detail(), want), "row %d: '%s'", _i, bp_error_detail());
	ck_assert_msg(strstr(bp_error_detail(), damaged[_i].problem), "row %d: '%s'", _i,
		      bp_error_detail());
	/* One sentence: no newline in it. */
	ck_assert_ptr_null(strchr(bp_error_detail(), '\n'));
}
END_TEST

START_TEST(long_lines_and_long_text_are_refused)
{
	char *text = malloc(BP_PROFILE_LINE_MAX + 64);
	struct bp_profile p;

	/* A line one longer than the limit. */
	snprintf(text, 32, "source = ");
	memset(text + 9, 'x', BP_PROFILE_LINE_MAX);
	text[BP_PROFILE_LINE_MAX + 9] = '\0';
	bp_error_clear();
	ck_assert_int_eq(bp_profile_parse(&p, text, strlen(text), "f"), BP_E_FILE_FORMAT);
	ck_assert_ptr_nonnull(strstr(bp_error_detail(), "longer than 1024"));
	/* A text value longer than its field. */
	text[9 + 300] = '\0';
	ck_assert_int_eq(bp_profile_parse(&p, text, strlen(text), "f"), BP_E_FILE_FORMAT);
	ck_assert_ptr_nonnull(strstr(bp_error_detail(), "longer than the 255"));
	free(text);
}
END_TEST

START_TEST(files_that_are_not_profiles_are_refused)
{
	struct bp_profile p;
	char path[160];
	FILE *f;
	long i;

	make_dir();
	/* Missing. */
	snprintf(path, sizeof(path), "%s/missing.profile", dir);
	bp_error_clear();
	ck_assert_int_eq(bp_profile_read(&p, path), BP_E_FILE_OPEN);
	ck_assert_ptr_nonnull(strstr(bp_error_detail(), "missing.profile"));
	/* A directory. */
	ck_assert_int_eq(bp_profile_read(&p, dir), BP_E_FILE_OPEN);
	ck_assert_ptr_nonnull(strstr(bp_error_detail(), "a directory"));
	/* A FIFO with no writer: refused at once, never waited on. */
	snprintf(path, sizeof(path), "%s/fifo.profile", dir);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	ck_assert_int_eq(bp_profile_read(&p, path), BP_E_FILE_OPEN);
	ck_assert_ptr_nonnull(strstr(bp_error_detail(), "a FIFO"));
	/* A device. */
	ck_assert_int_eq(bp_profile_read(&p, "/dev/zero"), BP_E_FILE_OPEN);
	ck_assert_ptr_nonnull(strstr(bp_error_detail(), "a device"));
	/* Huge: refused from its size, not read. */
	snprintf(path, sizeof(path), "%s/huge.profile", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	for (i = 0; i < 10000; i++)
		fputs("# padding padding\n", f);
	fclose(f);
	ck_assert_int_eq(bp_profile_read(&p, path), BP_E_FILE_FORMAT);
	ck_assert_ptr_nonnull(strstr(bp_error_detail(), "more than the 65536"));
	/* Unreadable (not as root, who reads everything). */
	snprintf(path, sizeof(path), "%s/locked.profile", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("card = USB\n", f);
	fclose(f);
	ck_assert_int_eq(chmod(path, 0), 0);
	if (geteuid() != 0) {
		ck_assert_int_eq(bp_profile_read(&p, path), BP_E_FILE_OPEN);
		ck_assert_ptr_nonnull(strstr(bp_error_detail(), "cannot be read"));
	}
	remove_dir();
}
END_TEST

START_TEST(store_follows_xdg)
{
	char *xdg = getenv("XDG_CONFIG_HOME") ? strdup(getenv("XDG_CONFIG_HOME")) : NULL;
	char *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	char buf[256];

	setenv("XDG_CONFIG_HOME", "/cfg", 1);
	ck_assert_int_eq(bp_profile_card_path("USB", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "/cfg/balprobe/USB.profile");
	/* A card id never leaves the directory. */
	ck_assert_int_eq(bp_profile_card_path("../x/.y", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "/cfg/balprobe/_._x_.y.profile");
	ck_assert_ptr_null(strchr(buf + strlen("/cfg/balprobe/"), '/'));
	ck_assert_int_ne(buf[strlen("/cfg/balprobe/")], '.');
	/* A relative XDG_CONFIG_HOME is ignored, as the specification says. */
	setenv("XDG_CONFIG_HOME", "relative", 1);
	setenv("HOME", "/home/u", 1);
	ck_assert_int_eq(bp_profile_dir(buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "/home/u/.config/balprobe");
	unsetenv("HOME");
	ck_assert_int_eq(bp_profile_dir(buf, sizeof(buf)), -ENOENT);
	if (xdg)
		setenv("XDG_CONFIG_HOME", xdg, 1);
	else
		unsetenv("XDG_CONFIG_HOME");
	if (home)
		setenv("HOME", home, 1);
	free(xdg);
	free(home);
}
END_TEST

START_TEST(builtins_have_sources_and_match_cards)
{
	const struct bp_profile_builtin *b;
	struct bp_profile p, q;
	char *text;
	size_t i;

	for (i = 0; (b = bp_profile_builtin_at(i)); i++) {
		/* A source that fits the profile and says where the figures come
		 * from, or that they are missing. */
		ck_assert_msg(b->source && strlen(b->source) > 20 &&
			      strlen(b->source) < sizeof(p.source), "%s", b->name);
		if (isnan(b->input_fs_dbu) || isnan(b->output_fs_dbu))
			ck_assert_msg(strstr(b->source, "not at hand"), "%s: a missing figure must be said", b->name);
		ck_assert_ptr_eq(bp_profile_builtin_find(b->name), b);
		ck_assert_ptr_eq(bp_profile_builtin_find(b->model), b);
		/* Each writes a profile that reads back. */
		bp_profile_from_builtin(&p, b, "USB");
		text = bp_profile_format(&p);
		ck_assert_int_eq(bp_profile_parse(&q, text, strlen(text), b->name), 0);
		assert_same(&p, &q);
		free(text);
	}
	ck_assert_int_ge(i, 20);
	/* A 3rd Gen 2i2 by its USB id; a 2nd Gen with the same name by name. */
	ck_assert_str_eq(bp_profile_builtin_match("1235:8210", "Scarlett 2i2 USB")->name,
			 "scarlett-2i2-3rd");
	ck_assert_str_eq(bp_profile_builtin_match("1235:8202", "Scarlett 2i2 USB")->name,
			 "scarlett-2i2-2nd");
	ck_assert_str_eq(bp_profile_builtin_match("", "Babyface Pro FS (23456789)")->name,
			 "babyface-pro-fs");
	ck_assert_str_eq(bp_profile_builtin_match(NULL, "UMC404HD 192k")->name, "umc404hd");
	ck_assert_ptr_null(bp_profile_builtin_match("0000:0000", "HDA Intel PCH"));
}
END_TEST

Suite *profile_suite(void)
{
	Suite *s = suite_create("profile");
	TCase *tc = ts_tcase(s, "file", false);

	tcase_add_test(tc, round_trip_is_exact);
	tcase_add_test(tc, comments_blanks_and_crlf_are_read);
	tcase_add_loop_test(tc, damaged_texts_are_refused, 0,
			    (int)(sizeof(damaged) / sizeof(damaged[0])));
	tcase_add_test(tc, long_lines_and_long_text_are_refused);
	tcase_add_test(tc, files_that_are_not_profiles_are_refused);
	tcase_add_test(tc, store_follows_xdg);
	tcase_add_test(tc, builtins_have_sources_and_match_cards);
	return s;
}
