/* atomic-file: output files as io/atomic-file.h promises them.  A regular
 * file is written beside itself and renamed in only when complete, so no
 * one ever sees half of it and a failure (a write past the file size
 * limit, a rename that cannot happen, an abandoned write) leaves the old
 * file whole and no temporary file; a FIFO or a descriptor's name is
 * written in place; a symbolic link stays a link; modes are kept. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>

#include "io/atomic-file.h"
#include "util/errors.h"
#include "testsignal.h"

/* The whole of a small file @path, into @buf. */
static const char *contents(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	size_t n;

	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static struct stat stat_of(const char *path)
{
	struct stat st;

	ck_assert_msg(lstat(path, &st) == 0, "%s: %s", path, strerror(errno));
	return st;
}

/* A new file appears only at the commit, whole, with 0666 less the umask;
 * until then only the temporary file beside it exists. */
START_TEST(new_file_appears_at_commit)
{
	char path[512], buf[64];
	struct bp_output o;
	mode_t old_mask = umask(027);
	struct stat st;

	ts_path(path, sizeof(path), "result.json");
	ck_assert_int_eq(bp_output_open(&o, path), 0);
	ck_assert_ptr_nonnull(o.tmp);
	ck_assert_int_eq(strncmp(o.tmp, path, strlen(path)), 0);
	ck_assert_int_eq(ts_dir_entries(ts_dir), 1);
	ck_assert_int_eq(bp_output_write_text(&o, "{\"whole\": true}\n"), 0);
	ck_assert_int_eq(access(path, F_OK), -1);
	ck_assert_int_eq(bp_output_commit(&o), 0);
	umask(old_mask);
	ck_assert_str_eq(contents(path, buf, sizeof(buf)), "{\"whole\": true}\n");
	st = stat_of(path);
	ck_assert_uint_eq(st.st_mode & 07777, 0640);
	ck_assert_int_eq(ts_dir_entries(ts_dir), 1);
}
END_TEST

/* An existing file stays as it was until the commit, which replaces it
 * by a rename (a new inode) and keeps its mode. */
START_TEST(replaced_at_commit_keeping_its_mode)
{
	char path[512], buf[64];
	struct bp_output o;
	struct stat before, after;

	ts_path(path, sizeof(path), "report.md");
	ts_write_text(path, "old\n");
	ck_assert_int_eq(chmod(path, 0604), 0);
	before = stat_of(path);
	ck_assert_int_eq(bp_output_open(&o, path), 0);
	ck_assert_int_eq(bp_output_write_text(&o, "new\n"), 0);
	ck_assert_str_eq(contents(path, buf, sizeof(buf)), "old\n");
	ck_assert_int_eq(bp_output_commit(&o), 0);
	after = stat_of(path);
	ck_assert_str_eq(contents(path, buf, sizeof(buf)), "new\n");
	ck_assert(after.st_ino != before.st_ino);
	ck_assert_uint_eq(after.st_mode & 07777, 0604);
	ck_assert_int_eq(ts_dir_entries(ts_dir), 1);
}
END_TEST

/* A write given up half-way: the old file whole, the new one never there,
 * no temporary file. */
START_TEST(discarded_write_leaves_the_old)
{
	char path[512], fresh[512], buf[64];
	struct bp_output o;

	ts_path(path, sizeof(path), "take.wav");
	ts_write_text(path, "old\n");
	ck_assert_int_eq(bp_output_open(&o, path), 0);
	ck_assert_int_eq(write(o.fd, "ha", 2), 2);
	ck_assert_int_eq(close(o.fd), 0);
	bp_output_discard(&o);
	ck_assert_str_eq(contents(path, buf, sizeof(buf)), "old\n");
	ts_path(fresh, sizeof(fresh), "fresh.wav");
	ck_assert_int_eq(bp_output_open(&o, fresh), 0);
	ck_assert_int_eq(write(o.fd, "ha", 2), 2);
	ck_assert_int_eq(close(o.fd), 0);
	bp_output_discard(&o);
	ck_assert_int_eq(access(fresh, F_OK), -1);
	ck_assert_int_eq(ts_dir_entries(ts_dir), 1);
}
END_TEST

/* A write past the file size limit (ulimit -f; SIGXFSZ ignored, as
 * balprobe does) fails with a sentence that names the limit, and leaves
 * the old file whole and nothing beside it.  Nothing else is written while
 * the limit is low (not even a failed check's message). */
START_TEST(write_past_the_size_limit_leaves_the_old)
{
	char path[512], buf[64], big[4096];
	struct rlimit saved, low;
	void (*handler)(int);
	int err;

	ts_path(path, sizeof(path), "out.json");
	ts_write_text(path, "old\n");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &saved), 0);
	low = saved;
	low.rlim_cur = 1024;
	handler = signal(SIGXFSZ, SIG_IGN);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &low), 0);
	err = bp_write_file_atomic(path, big);
	setrlimit(RLIMIT_FSIZE, &saved);
	signal(SIGXFSZ, handler);
	ck_assert_int_eq(err, BP_E_FILE_WRITE);
	ck_assert_ptr_nonnull(strstr(bp_error_detail(), "ulimit -f"));
	ck_assert_str_eq(contents(path, buf, sizeof(buf)), "old\n");
	ck_assert_int_eq(ts_dir_entries(ts_dir), 1);
}
END_TEST

/* A rename that fails at the commit (a non-empty directory took the
 * name meanwhile): BP_E_FILE_WRITE, and the temporary file goes. */
START_TEST(failed_commit_leaves_nothing)
{
	char path[512], inside[600];
	struct bp_output o;

	ts_path(path, sizeof(path), "late.html");
	ck_assert_int_eq(bp_output_open(&o, path), 0);
	ck_assert_int_eq(bp_output_write_text(&o, "<html></html>\n"), 0);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	snprintf(inside, sizeof(inside), "%s/keep", path);
	ts_write_text(inside, "keep");
	ck_assert_int_eq(bp_output_commit(&o), BP_E_FILE_WRITE);
	ck_assert_ptr_nonnull(bp_error_detail());
	ck_assert_int_eq(ts_dir_entries(ts_dir), 1);
	ck_assert(S_ISDIR(stat_of(path).st_mode));
}
END_TEST

/* A symbolic link stays a link; what it leads to is replaced. */
START_TEST(symbolic_link_kept)
{
	char target[512], link[512], buf[64];

	ts_path(target, sizeof(target), "target.md");
	ts_path(link, sizeof(link), "link.md");
	ts_write_text(target, "old\n");
	ck_assert_int_eq(symlink("target.md", link), 0);
	ck_assert_int_eq(bp_write_file_atomic(link, "new\n"), 0);
	ck_assert(S_ISLNK(stat_of(link).st_mode));
	ck_assert_str_eq(contents(target, buf, sizeof(buf)), "new\n");
	ck_assert_int_eq(ts_dir_entries(ts_dir), 2);
}
END_TEST

/* A FIFO is written in place, never replaced, and no temporary file is
 * made for it. */
START_TEST(fifo_written_in_place)
{
	char path[512], buf[64] = { 0 };
	int reader;

	ts_path(path, sizeof(path), "pipe");
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	reader = open(path, O_RDONLY | O_NONBLOCK);
	ck_assert_int_ge(reader, 0);
	ck_assert_int_eq(bp_write_file_atomic(path, "through\n"), 0);
	ck_assert_int_eq(read(reader, buf, sizeof(buf) - 1), 8);
	close(reader);
	ck_assert_str_eq(buf, "through\n");
	ck_assert(S_ISFIFO(stat_of(path).st_mode));
	ck_assert_int_eq(ts_dir_entries(ts_dir), 1);
}
END_TEST

/* A name that stands for a descriptor the caller holds (/proc/self/fd/N,
 * as /dev/stdout is) is appended to, even when it leads to a regular
 * file: the same file, not a replacement. */
START_TEST(descriptor_name_appended_to)
{
	char path[512], proc[64], buf[64];
	struct stat before;
	int fd;

	ts_path(path, sizeof(path), "held.txt");
	ts_write_text(path, "abc");
	before = stat_of(path);
	fd = open(path, O_WRONLY | O_APPEND);
	ck_assert_int_ge(fd, 0);
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	ck_assert_int_eq(bp_write_file_atomic(proc, "def"), 0);
	close(fd);
	ck_assert_str_eq(contents(path, buf, sizeof(buf)), "abcdef");
	ck_assert(stat_of(path).st_ino == before.st_ino);
	ck_assert_int_eq(ts_dir_entries(ts_dir), 1);
}
END_TEST

/* A directory is refused before anything is written. */
START_TEST(directory_refused)
{
	struct bp_output o;

	ck_assert_int_eq(bp_output_open(&o, ts_dir), BP_E_FILE_WRITE);
	ck_assert_ptr_nonnull(strstr(bp_error_detail(), "is a directory"));
	ck_assert_int_eq(ts_dir_entries(ts_dir), 0);
}
END_TEST

/* The sentence for a failed write names a full disk and the size limit. */
START_TEST(write_failure_sentences)
{
	bp_output_write_failed("a.json", EFBIG);
	ck_assert_ptr_nonnull(strstr(bp_error_detail(), "file size limit"));
	bp_output_write_failed("a.json", ENOSPC);
	ck_assert_ptr_nonnull(strstr(bp_error_detail(), "disk is full"));
	bp_output_write_failed("a.json", EIO);
	ck_assert_ptr_nonnull(strstr(bp_error_detail(), strerror(EIO)));
	ck_assert_ptr_nonnull(strstr(bp_error_detail(), "a.json"));
}
END_TEST

Suite *atomic_file_suite(void)
{
	Suite *s = suite_create("atomic-file");
	TCase *tc = ts_tcase(s, "regular", true);

	tcase_add_test(tc, new_file_appears_at_commit);
	tcase_add_test(tc, replaced_at_commit_keeping_its_mode);
	tcase_add_test(tc, discarded_write_leaves_the_old);
	tcase_add_test(tc, write_past_the_size_limit_leaves_the_old);
	tcase_add_test(tc, failed_commit_leaves_nothing);
	tc = ts_tcase(s, "special", true);
	tcase_add_test(tc, symbolic_link_kept);
	tcase_add_test(tc, fifo_written_in_place);
	tcase_add_test(tc, descriptor_name_appended_to);
	tcase_add_test(tc, directory_refused);
	tcase_add_test(tc, write_failure_sentences);
	return s;
}
