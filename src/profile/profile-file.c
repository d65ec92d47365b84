/* balprobe: profile files, `key = value` text, read strictly and written
 * so that they read back exactly. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "profile/profile.h"
#include "io/atomic-file.h"
#include "util/errors.h"
#include "util/safe-text.h"

enum kind { TEXT, NUMBER, GAINS };

/* Every key, with where it goes and the range a real interface stays in
 * (wider than any, narrow enough that a typo like 4000 is caught). */
static const struct key {
	const char *name;
	enum kind kind;
	size_t offset;
	size_t size;        /* TEXT: the field's size */
	double lo, hi;
	const char *unit;
} keys[] = {
	{ "name", TEXT, offsetof(struct bp_profile, name), sizeof(((struct bp_profile *)0)->name), 0, 0, "" },
	{ "card", TEXT, offsetof(struct bp_profile, card), sizeof(((struct bp_profile *)0)->card), 0, 0, "" },
	{ "source", TEXT, offsetof(struct bp_profile, source), sizeof(((struct bp_profile *)0)->source), 0, 0, "" },
	{ "input_fs_source", TEXT, offsetof(struct bp_profile, input_fs_source), sizeof(((struct bp_profile *)0)->input_fs_source), 0, 0, "" },
	{ "output_fs_source", TEXT, offsetof(struct bp_profile, output_fs_source), sizeof(((struct bp_profile *)0)->output_fs_source), 0, 0, "" },
	{ "input_fs_dbu", NUMBER, offsetof(struct bp_profile, input_fs_dbu), 0, -60, 60, " dBu" },
	{ "output_fs_dbu", NUMBER, offsetof(struct bp_profile, output_fs_dbu), 0, -60, 60, " dBu" },
	{ "input_gain_db", GAINS, offsetof(struct bp_profile, input_gain_db), 0, -60, 60, " dB" },
	{ "output_gain_db", GAINS, offsetof(struct bp_profile, output_gain_db), 0, -60, 60, " dB" },
	{ "loop_gain_db", NUMBER, offsetof(struct bp_profile, loop_gain_db), 0, -120, 60, " dB" },
	{ "noise_dbfs", NUMBER, offsetof(struct bp_profile, noise_dbfs), 0, -200, 0, " dBFS" },
	{ "crosstalk_db", NUMBER, offsetof(struct bp_profile, crosstalk_db), 0, -200, 0, " dB" },
	{ "thd_n_db", NUMBER, offsetof(struct bp_profile, thd_n_db), 0, -200, 0, " dB" },
	{ "rate_hz", NUMBER, offsetof(struct bp_profile, rate_hz), 0, 8000, 384000, " Hz" },
};
#define N_KEYS (sizeof(keys) / sizeof(keys[0]))

/* A refusal: "@what: line @line: ..." and what to do. */
static int refuse(const char *what, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int refuse(const char *what, int line, const char *fmt, ...)
{
	char problem[320], *safe = bp_safe_text(what);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(problem, sizeof(problem), fmt, ap);
	va_end(ap);
	bp_utf8_trim(problem);
	bp_error_set_detail("%s: line %d: %s — not a profile balprobe can use: correct or delete the file (see PROFILES in balprobe(1)), or run with --profile none",
			    safe ? safe : "the profile", line, problem);
	free(safe);
	return BP_E_FILE_FORMAT;
}

/* Plain decimal only: strtod also takes hex, "inf", "nan" and leading
 * blanks, none of which a profile writes. */
static bool plain_number(const char *s, double *x)
{
	char *end;

	if (!*s || strspn(s, "+-0123456789.eE") != strlen(s))
		return false;
	errno = 0;
	*x = strtod(s, &end);
	return !*end && errno == 0 && isfinite(*x);
}

/* Channel N of "KEY.N": 1..BP_PROFILE_CHANNELS, digits only, no leading 0. */
static int channel_of(const char *s)
{
	long n = 0;

	if (!*s || *s == '0' || strspn(s, "0123456789") != strlen(s) || strlen(s) > 3)
		return 0;
	n = strtol(s, NULL, 10);
	return n <= BP_PROFILE_CHANNELS ? (int)n : 0;
}

/* Blanks off both ends of @s (in place); returns the start. */
static char *trim(char *s)
{
	char *e = s + strlen(s);

	while (*s == ' ' || *s == '\t')
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* One non-comment line "key = value" into @p; @seen marks keys read
 * (N_KEYS x channels).  Returns 0 or a refusal. */
static int parse_line(struct bp_profile *p, char *line, const char *what, int n,
		      bool seen[N_KEYS][BP_PROFILE_CHANNELS])
{
	char *eq = strchr(line, '='), *key, *val, *dot;
	const struct key *k = NULL;
	int ch = 1;
	size_t i;
	double x;

	if (!eq)
		return refuse(what, n, "'%.40s%s' is not key = value (no '=')", line,
			      strlen(line) > 40 ? "..." : "");
	*eq = '\0';
	key = trim(line);
	val = trim(eq + 1);
	dot = strchr(key, '.');
	for (i = 0; i < N_KEYS && !k; i++)
		if (dot ? (keys[i].kind == GAINS && strlen(keys[i].name) == (size_t)(dot - key) &&
			   strncmp(key, keys[i].name, (size_t)(dot - key)) == 0)
			: (keys[i].kind != GAINS && strcmp(key, keys[i].name) == 0))
			k = &keys[i];
	if (!k && !dot)
		for (i = 0; i < N_KEYS; i++)
			if (keys[i].kind == GAINS && strcmp(key, keys[i].name) == 0)
				return refuse(what, n, "%s needs a channel: %s.N", key, key);
	if (!k)
		return refuse(what, n, "'%.40s%s' is not a profile key", key, strlen(key) > 40 ? "..." : "");
	if (dot && !(ch = channel_of(dot + 1)))
		return refuse(what, n, "%.40s: the channel is not a whole number from 1 to 32 (%s)", key,
			      "written without leading zeros");
	if (seen[k - keys][ch - 1])
		return refuse(what, n, "%s is given twice%s", key, "");
	seen[k - keys][ch - 1] = true;
	if (k->kind == TEXT) {
		if (strlen(val) >= k->size)
			return refuse(what, n, "%s is longer than the %s characters a profile keeps", key,
				      k->size == 64 ? "63" : k->size == 128 ? "127" : "255");
		memcpy((char *)p + k->offset, val, strlen(val) + 1);
		return 0;
	}
	if (!plain_number(val, &x))
		return refuse(what, n, "%s = '%.40s' is not a finite decimal number", key, val);
	if (x < k->lo || x > k->hi) {
		char range[96];

		snprintf(range, sizeof(range), "%g to %g%s", k->lo, k->hi, k->unit);
		return refuse(what, n, "%s is out of range (a profile holds %s)", key, range);
	}
	((double *)((char *)p + k->offset))[ch - 1] = x;
	return 0;
}

/* A byte a text profile never holds: NUL and control characters but tab
 * (and a carriage return before the newline, as Windows editors save). */
static bool bad_byte(unsigned char c)
{
	return (c < 0x20 && c != '\t' && c != '\r') || c == 0x7f;
}

int bp_profile_parse(struct bp_profile *p, const char *text, size_t len, const char *what)
{
	bool seen[N_KEYS][BP_PROFILE_CHANNELS];
	char line[BP_PROFILE_LINE_MAX + 2];
	size_t at = 0, k, end;
	int n = 0, err, held = 0;

	bp_profile_init(p);
	memset(seen, 0, sizeof(seen));
	while (at < len) {
		const char *nl = memchr(text + at, '\n', len - at);
		char *s;

		end = nl ? (size_t)(nl - text) : len;
		n++;
		if (end - at > BP_PROFILE_LINE_MAX)
			return refuse(what, n, "is longer than %s characters%s", "1024", "");
		for (k = at; k < end; k++)
			if (bad_byte((unsigned char)text[k]))
				return refuse(what, n, "holds a %s (byte 0x%s): a profile is plain text",
					      text[k] ? "control character" : "NUL byte",
					      (char[3]){ "0123456789abcdef"[(unsigned char)text[k] >> 4],
							 "0123456789abcdef"[text[k] & 15], 0 });
		memcpy(line, text + at, end - at);
		line[end - at] = '\0';
		at = end + 1;
		s = trim(line);
		if (!*s || *s == '#')
			continue;
		err = parse_line(p, s, what, n, seen);
		if (err)
			return err;
		held++;
	}
	if (!held)
		return refuse(what, n ? n : 1, "the file holds no key at all (empty or cut short)%s%s", "", "");
	return 0;
}

static const char *file_kind(mode_t m)
{
	return S_ISDIR(m) ? "a directory" : S_ISFIFO(m) ? "a FIFO" : S_ISCHR(m) || S_ISBLK(m) ? "a device"
	       : S_ISSOCK(m) ? "a socket" : "not a regular file";
}

int bp_profile_read(struct bp_profile *p, const char *path)
{
	/* O_NONBLOCK: a FIFO must not hang the open. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC), err;
	char *safe = bp_safe_text(path), *text = NULL;
	struct stat st;
	ssize_t got = 0, r;

	if (!safe)
		return BP_E_NOMEM;
	if (fd < 0) {
		err = errno;
		bp_error_set_detail("%s: the profile cannot be read (%s) — %s", safe, strerror(err),
				    bp_errno_remedy(err, err == ENOENT ? "check the name (balprobe calibrate --list names the built-ins)"
								       : "check its permissions"));
		free(safe);
		return BP_E_FILE_OPEN;
	}
	err = 0;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		bp_error_set_detail("%s: is %s, not a profile file — name a regular file", safe,
				    fstat(fd, &st) == 0 ? file_kind(st.st_mode) : "unreadable");
		err = BP_E_FILE_OPEN;
	} else if (st.st_size > BP_PROFILE_FILE_MAX) {
		bp_error_set_detail("%s: is %lld bytes, more than the %d a profile can be — not a profile: name the right file, or run with --profile none",
				    safe, (long long)st.st_size, BP_PROFILE_FILE_MAX);
		err = BP_E_FILE_FORMAT;
	} else if (!(text = malloc(BP_PROFILE_FILE_MAX + 1))) {
		err = BP_E_NOMEM;
	}
	/* Read to the end, and at most one byte past the limit: the file may
	 * grow between fstat and read. */
	while (!err && (r = read(fd, text + got, (size_t)(BP_PROFILE_FILE_MAX + 1 - got))) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			bp_error_set_detail("%s: the profile cannot be read (%s) — check the disk and its permissions",
					    safe, strerror(errno));
			err = BP_E_FILE_OPEN;
		} else if ((got += r) > BP_PROFILE_FILE_MAX) {
			bp_error_set_detail("%s: is more than the %d bytes a profile can be — not a profile: name the right file, or run with --profile none",
					    safe, BP_PROFILE_FILE_MAX);
			err = BP_E_FILE_FORMAT;
		}
	}
	close(fd);
	if (!err)
		err = bp_profile_parse(p, text, (size_t)got, path);
	free(text);
	free(safe);
	return err;
}

/* The shortest "%.*g" of @x that reads back as @x. */
static void exact_number(char *buf, size_t size, double x)
{
	int prec;

	for (prec = 6; prec < 17; prec++) {
		snprintf(buf, size, "%.*g", prec, x);
		if (strtod(buf, NULL) == x)
			return;
	}
	snprintf(buf, size, "%.17g", x);
}

/* Append "key = value\n" to @out (of @size, @used so far); the text
 * value without control characters or surrounding blanks. */
static void put(char *out, size_t size, size_t *used, const char *key, const char *value)
{
	char clean[BP_PROFILE_LINE_MAX], *v;
	size_t i;

	snprintf(clean, sizeof(clean), "%s", value);
	for (i = 0; clean[i]; i++)
		if (bad_byte((unsigned char)clean[i]) || clean[i] == '\r')
			clean[i] = ' ';
	v = trim(clean);
	*used += (size_t)snprintf(out + *used, size - *used, "%s = %s\n", key, v);
}

char *bp_profile_format(const struct bp_profile *p)
{
	const size_t size = 16384;
	char *out = malloc(size), num[40], key[40];
	size_t used = 0, i;
	int c;

	if (!out)
		return NULL;
	used += (size_t)snprintf(out, size, "# balprobe interface profile (balprobe(1), PROFILES).\n"
				 "# Levels in dBu are RMS of a full-scale sine (AES17).\n");
	for (i = 0; i < N_KEYS; i++) {
		const char *field = (const char *)p + keys[i].offset;

		if (keys[i].kind == TEXT) {
			if (*field)
				put(out, size, &used, keys[i].name, field);
			continue;
		}
		for (c = 0; c < (keys[i].kind == GAINS ? BP_PROFILE_CHANNELS : 1); c++) {
			double x = ((const double *)field)[c];

			if (!isfinite(x))
				continue;
			exact_number(num, sizeof(num), x);
			if (keys[i].kind == GAINS)
				snprintf(key, sizeof(key), "%s.%d", keys[i].name, c + 1);
			else
				snprintf(key, sizeof(key), "%s", keys[i].name);
			put(out, size, &used, key, num);
		}
	}
	return out;
}

/* mkdir -p for the last two levels of @path's directory (.config and
 * balprobe under $HOME): a missing $HOME is not made. */
static void make_parents(const char *path)
{
	char dir[4096];
	char *slash;
	int level;

	snprintf(dir, sizeof(dir), "%s", path);
	for (level = 0; level < 2; level++) {
		slash = strrchr(dir, '/');
		if (!slash || slash == dir)
			return;
		*slash = '\0';
	}
	mkdir(dir, 0777);
	dir[strlen(dir)] = '/';
	mkdir(dir, 0777);
}

int bp_profile_write(const struct bp_profile *p, const char *path)
{
	char *text = bp_profile_format(p);
	int err;

	if (!text)
		return BP_E_NOMEM;
	make_parents(path);
	err = bp_write_file_atomic(path, text);
	free(text);
	return err;
}
