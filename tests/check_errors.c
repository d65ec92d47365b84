/* errors: every code has its own sentence (libsndfile's error_test idea),
 * and no code, known or not, makes bp_strerror() fail. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>

#include <check.h>

#include "util/errors.h"
#include "io/audio-file.h"
#include "util/safe-text.h"
#include "testsignal.h"

START_TEST(every_code_has_a_message)
{
	int code, other;

	for (code = BP_E_FILE_OPEN; code >= BP_E_LAST; code--) {
		const char *text = bp_strerror(code);
		char number[16];

		ck_assert_ptr_nonnull(text);
		ck_assert_msg(strlen(text) > 8, "code %d: '%s'", code, text);
		/* A real message, not the fallback that quotes the number. */
		snprintf(number, sizeof(number), "%d", code);
		ck_assert_msg(strstr(text, number) == NULL,
			      "code %d has only the generic message '%s'", code, text);
		/* No trailing period or newline: the CLI adds its own. */
		ck_assert_int_ne(text[strlen(text) - 1], '.');
		ck_assert_int_ne(text[strlen(text) - 1], '\n');
		for (other = BP_E_FILE_OPEN; other > code; other--)
			ck_assert_msg(strcmp(text, bp_strerror(other)) != 0,
				      "codes %d and %d share '%s'", code, other, text);
	}
}
END_TEST

static const int unknown_codes[] = {
	0, 1, 42, -1999, BP_E_LAST - 1, -3000,
	-99999, INT_MIN, INT_MAX, BP_E_LAST - 100
};

static void unknown_code_does_not_crash_case(int which)
{
	const int code = unknown_codes[which];
	const char *text = bp_strerror(code);

	ck_assert_ptr_nonnull(text);
	ck_assert_msg(strlen(text) > 0, "code %d: empty message", code);
}

START_TEST(unknown_code_does_not_crash)
{
	int i;

	/* Every case; the message names the one that fails. */
	for (i = 0; i < (int)(sizeof(unknown_codes) / sizeof(unknown_codes[0])); i++)
		unknown_code_does_not_crash_case(i);
}
END_TEST

START_TEST(unknown_balprobe_code_names_its_number)
{
	const char *text = bp_strerror(BP_E_LAST - 1);
	char number[16];

	snprintf(number, sizeof(number), "%d", BP_E_LAST - 1);
	ck_assert_ptr_nonnull(strstr(text, number));
}
END_TEST

START_TEST(errno_codes_pass_through)
{
	ck_assert_str_eq(bp_strerror(-ENOENT), strerror(ENOENT));
	ck_assert_str_eq(bp_strerror(-EBUSY), strerror(EBUSY));
}
END_TEST

START_TEST(detail_set_and_clear)
{
	static char long_name[3 * PATH_MAX];

	bp_error_clear();
	ck_assert_ptr_null(bp_error_detail());
	bp_error_set_detail("%s: has %d channels", "x.wav", 1);
	ck_assert_str_eq(bp_error_detail(), "x.wav: has 1 channels");
	bp_error_clear();
	ck_assert_ptr_null(bp_error_detail());
	/* A sentence longer than the buffer is cut, not overrun. */
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	bp_error_set_detail("%s", long_name);
	ck_assert_ptr_nonnull(bp_error_detail());
	ck_assert_uint_lt(strlen(bp_error_detail()), sizeof(long_name) - 1);
	bp_error_clear();
}
END_TEST

/* With every file descriptor in use, opening a recording or creating an
 * output fails for want of descriptors, not because of the path: the
 * sentence says which limit to raise, not to check the path. */
START_TEST(out_of_descriptors_is_not_a_path_problem)
{
	struct bp_recording *rec = NULL;
	struct rlimit saved, low;
	char path[512];
	int fds[64], n = 0, err;

	ts_fixture_path(path, sizeof(path), "dead-48k.flac");
	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &saved), 0);
	low = saved;
	low.rlim_cur = 64;
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &low), 0);
	while (n < (int)(sizeof(fds) / sizeof(fds[0])) && (fds[n] = dup(0)) >= 0)
		n++;
	ck_assert_int_eq(errno, EMFILE);
	bp_error_clear();
	err = bp_recording_open(&rec, path, 1, 2);
	while (n > 0)
		close(fds[--n]);
	setrlimit(RLIMIT_NOFILE, &saved);
	ck_assert_int_eq(err, BP_E_FILE_OPEN);
	ck_assert_ptr_nonnull(bp_error_detail());
	ck_assert_msg(strstr(bp_error_detail(), "ulimit -n") &&
		      !strstr(bp_error_detail(), "check the path"), "%s", bp_error_detail());
	ck_assert_ptr_nonnull(strstr(bp_errno_remedy(ENFILE, "x"), "too many files"));
	ck_assert_str_eq(bp_errno_remedy(ENOENT, "check the path"), "check the path");
}
END_TEST

/* A file name in a sentence: invalid UTF-8 and control characters become
 * U+FFFD (util/safe-text.h), so JSON, HTML and the terminal get text only. */
#define FFFD "\xEF\xBF\xBD"

START_TEST(detail_names_are_shown_safe)
{
	bp_error_set_detail("%s: cannot be opened", "a\xFF\x1B[31m\nb.wav");
	ck_assert_str_eq(bp_error_detail(), "a" FFFD FFFD "[31m" FFFD "b.wav: cannot be opened");
	bp_error_clear();
}
END_TEST

START_TEST(safe_text_keeps_utf8_and_replaces_the_rest)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "caf\xC3\xA9 \xF0\x9F\x98\x80 \xE2\x80\x94", "caf\xC3\xA9 \xF0\x9F\x98\x80 \xE2\x80\x94" },
		{ "\xC0\xAF", FFFD FFFD },                   /* overlong '/' */
		{ "\xED\xA0\x80", FFFD FFFD FFFD },          /* a surrogate */
		{ "\xF4\x90\x80\x80", FFFD FFFD FFFD FFFD }, /* past U+10FFFF */
		{ "\xC2\x85\x7F\t", FFFD FFFD FFFD FFFD },   /* C1, DEL, tab */
		{ "cut\xE2\x80", "cut" FFFD FFFD },
	};
	char small[8];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = bp_safe_text(cases[i].in);

		ck_assert_str_eq(out, cases[i].out);
		free(out);
	}
	/* Cut to the room, at a character's boundary. */
	bp_safe_text_copy(small, sizeof(small), "ab\xC3\xA9\xC3\xA9\xC3\xA9");
	ck_assert_str_eq(small, "ab\xC3\xA9\xC3\xA9");
}
END_TEST

START_TEST(utf8_trim_drops_a_cut_character)
{
	char a[] = "ab\xC3", b[] = "ab\xC3\xA9", c[] = "\xF0\x9F\x98", d[] = "";

	bp_utf8_trim(a);
	bp_utf8_trim(b);
	bp_utf8_trim(c);
	bp_utf8_trim(d);
	ck_assert_str_eq(a, "ab");
	ck_assert_str_eq(b, "ab\xC3\xA9");
	ck_assert_str_eq(c, "");
	ck_assert_str_eq(d, "");
}
END_TEST

Suite *errors_suite(void)
{
	Suite *s = suite_create("errors");
	TCase *tc = ts_tcase(s, "strerror", false);

	tcase_add_test(tc, every_code_has_a_message);
	tcase_add_test(tc, unknown_code_does_not_crash);
	tcase_add_test(tc, unknown_balprobe_code_names_its_number);
	tcase_add_test(tc, errno_codes_pass_through);
	tcase_add_test(tc, detail_set_and_clear);
	tcase_add_test(tc, out_of_descriptors_is_not_a_path_problem);
	tcase_add_test(tc, detail_names_are_shown_safe);
	tcase_add_test(tc, safe_text_keeps_utf8_and_replaces_the_rest);
	tcase_add_test(tc, utf8_trim_drops_a_cut_character);
	return s;
}
