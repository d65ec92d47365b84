/* balprobe: the ports file and the port operands of a survey. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/probe.h"
#include "survey/ports-file.h"
#include "util/errors.h"
#include "util/safe-text.h"

#define LINE_MAX_BYTES 1024

const char *const bp_survey_info_keys[] = { "title", "venue", "client", "equipment",
					    "operator", "date", NULL };

static char *info_field(struct bp_survey_info *info, const char *key)
{
	static const size_t offsets[] = {
		offsetof(struct bp_survey_info, title), offsetof(struct bp_survey_info, venue),
		offsetof(struct bp_survey_info, client), offsetof(struct bp_survey_info, equipment),
		offsetof(struct bp_survey_info, operator_name), offsetof(struct bp_survey_info, date),
	};
	int i;

	for (i = 0; bp_survey_info_keys[i]; i++)
		if (strcmp(key, bp_survey_info_keys[i]) == 0)
			return (char *)info + offsets[i];
	return NULL;
}

int bp_survey_info_set(struct bp_survey_info *info, const char *key, const char *value)
{
	char *field = info_field(info, key);

	if (!field)
		return -EINVAL;
	bp_safe_text_copy(field, BP_SURVEY_FIELD_MAX, value);
	return 0;
}

const char *bp_survey_info_get(const struct bp_survey_info *info, const char *key)
{
	return info_field((struct bp_survey_info *)info, key);
}

int bp_survey_port_parse(struct bp_survey_port *p, const char *spec, char *why,
			 size_t why_size)
{
	const struct bp_probe *probe;
	size_t len = strcspn(spec, "0123456789");
	char name[16], *end;
	long n = 0;

	memset(p, 0, sizeof(*p));
	if (len == 0 || len >= sizeof(name)) {
		snprintf(why, why_size, "'%.60s' is not a port (outN, inN, listen or hum)", spec);
		return -EINVAL;
	}
	memcpy(name, spec, len);
	name[len] = '\0';
	probe = bp_probe_find(name);
	if (spec[len]) {
		n = strtol(spec + len, &end, 10);
		if (*end || n < 1 || n > 64) {
			snprintf(why, why_size, "'%.60s' is not a port: the number must be 1 to 64", spec);
			return -EINVAL;
		}
	}
	if (!probe) {
		snprintf(why, why_size, "'%.60s' is not a port (outN, inN, listen or hum)", spec);
		return -EINVAL;
	}
	if (probe->plan && n == 0) {
		snprintf(why, why_size, "'%.60s' needs its number: %s1, %s2, ...", spec, name, name);
		return -EINVAL;
	}
	if (!probe->plan && n != 0) {
		snprintf(why, why_size, "'%.60s': %s takes no number", spec, name);
		return -EINVAL;
	}
	snprintf(p->probe, sizeof(p->probe), "%s", probe->name);
	p->number = (int)n;
	bp_safe_text_copy(p->label, sizeof(p->label), spec);
	return 0;
}

/* The next word of @s (quoted with "..." or bare) into @out; the rest
 * of the line returned, NULL at its end or for an unclosed quote. */
static const char *word(const char *s, char *out, size_t size, bool *bad)
{
	size_t n = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return NULL;
	if (*s == '"') {
		const char *close = strchr(s + 1, '"');

		if (!close) {
			*bad = true;
			return NULL;
		}
		n = (size_t)(close - s - 1);
		snprintf(out, size, "%.*s", (int)n, s + 1);
		return close + 1;
	}
	n = strcspn(s, " \t");
	snprintf(out, size, "%.*s", (int)n, s);
	return s + n;
}

static int port_option(struct bp_survey_port *p, const char *opt, char *why, size_t size)
{
	const char *val = strchr(opt, '=') + 1;
	const size_t klen = (size_t)(val - 1 - opt);
	char *end;
	double x;

	if (!*val) {
		snprintf(why, size, "'%.60s' has no value", opt);
		return -EINVAL;
	}
#define KEY(k) (klen == strlen(k) && strncmp(opt, k, klen) == 0)
	if (KEY("group") || KEY("device") || KEY("expect")) {
		char *to = KEY("group") ? p->group : KEY("device") ? p->device : p->expect;
		const size_t cap = KEY("group") ? sizeof(p->group) : KEY("device") ? sizeof(p->device)
									     : sizeof(p->expect);
		enum bp_jack_verdict v;

		if (strlen(val) >= cap) {
			snprintf(why, size, "'%.60s' is too long (at most %zu bytes)", opt, cap - 1);
			return -EINVAL;
		}
		if (KEY("expect") && bp_jack_verdict_parse(val, &v) != 0) {
			snprintf(why, size, "expect=%.20s is not a jack verdict (balanced, unbalanced, stereo, dual-mono, no-signal, unknown)", val);
			return -EINVAL;
		}
		bp_safe_text_copy(to, cap, val);
		return 0;
	}
	x = strtod(val, &end);
	if (KEY("tip") || KEY("ring")) {
		if (*end || end == val || x < 1 || x > 1024 || x != floor(x)) {
			snprintf(why, size, "'%.60s': an input is a whole number from 1 to 1024", opt);
			return -EINVAL;
		}
		*(KEY("tip") ? &p->tip : &p->ring) = (int)x;
		return 0;
	}
	if (KEY("duration")) {
		if (*end || end == val || !(x >= 1.0 && x <= 3600.0)) {
			snprintf(why, size, "'%.60s': the duration is a number of seconds from 1 to 3600", opt);
			return -EINVAL;
		}
		p->duration_s = x;
		return 0;
	}
#undef KEY
	snprintf(why, size, "'%.60s' is not a port option (tip, ring, group, device, expect, duration)",
		 opt);
	return -EINVAL;
}

/* One port line. */
static int port_line(struct bp_survey_port *p, const char *line, char *why, size_t size)
{
	char w[LINE_MAX_BYTES], label[LINE_MAX_BYTES] = "";
	bool bad = false, quoted;
	const char *rest = word(line, w, sizeof(w), &bad);
	int err = bp_survey_port_parse(p, w, why, size);

	while (!err && rest) {
		while (*rest == ' ' || *rest == '\t')
			rest++;
		quoted = *rest == '"';
		rest = word(rest, w, sizeof(w), &bad);
		if (!rest)
			break;
		if (!quoted && strchr(w, '=')) {
			err = port_option(p, w, why, size);
		} else if (p->tip || p->ring || p->group[0] || p->device[0] || p->expect[0] ||
			   p->duration_s > 0) {
			snprintf(why, size, "'%.60s' stands after the options: the label comes first", w);
			err = -EINVAL;
		} else {
			size_t used = strlen(label), n = strlen(w);

			if (used + n + 2 < sizeof(label)) {
				if (used)
					label[used++] = ' ';
				memcpy(label + used, w, n + 1);
			}
		}
	}
	if (!err && bad) {
		snprintf(why, size, "a quote is not closed");
		err = -EINVAL;
	}
	if (!err && label[0])
		bp_safe_text_copy(p->label, sizeof(p->label), label);
	if (!err && p->tip && p->tip == p->ring) {
		snprintf(why, size, "tip and ring both name input %d", p->tip);
		err = -EINVAL;
	}
	return err;
}

/* A header line "KEY = VALUE": 1 when @line is one (0 when it is not),
 * with @s's field set unless already given on the command line. */
static int header_line(struct bp_survey *s, const char *line)
{
	char key[32], value[BP_SURVEY_FIELD_MAX * 2];
	const char *eq = strchr(line, '=');
	size_t n = strcspn(line, " \t=");
	char *field;

	if (!eq || n >= sizeof(key))
		return 0;
	memcpy(key, line, n);
	key[n] = '\0';
	if (line[n + strspn(line + n, " \t")] != '=' || !(field = info_field(&s->info, key)))
		return 0;
	eq++;
	eq += strspn(eq, " \t");
	snprintf(value, sizeof(value), "%s", eq);
	n = strlen(value);
	while (n > 0 && (value[n - 1] == ' ' || value[n - 1] == '\t'))
		value[--n] = '\0';
	if (!field[0])
		bp_safe_text_copy(field, BP_SURVEY_FIELD_MAX, value);
	return 1;
}

static int file_error(const char *path, long line, int code, const char *fmt, const char *why)
{
	char *safe = bp_safe_text(path);

	if (line > 0)
		bp_error_set_detail("%s:%ld: %s%s", safe ? safe : "the ports file", line, why, fmt);
	else
		bp_error_set_detail("%s: %s%s", safe ? safe : "the ports file", why, fmt);
	free(safe);
	return code;
}

int bp_survey_ports_read(struct bp_survey *s, const char *path)
{
	FILE *f = fopen(path, "r");
	char buf[LINE_MAX_BYTES + 2], why[256];
	long line = 0;
	int err = 0, before = s->n_ports;

	if (!f)
		return file_error(path, 0, BP_E_FILE_OPEN,
				  " — check the path of the ports file (--ports)",
				  strerror(errno));
	while (!err && fgets(buf, sizeof(buf), f)) {
		size_t n = strlen(buf);
		char *hash;

		line++;
		if (n == sizeof(buf) - 1 && buf[n - 1] != '\n') {
			err = file_error(path, line, BP_E_FILE_FORMAT, " — keep lines under 1024 bytes",
					 "the line is too long");
			break;
		}
		if (memchr(buf, '\0', n) != NULL || strlen(buf) != n) {
			err = file_error(path, line, BP_E_FILE_FORMAT, " — is this a ports file?",
					 "holds a NUL byte");
			break;
		}
		if ((hash = strchr(buf, '#')) && !memchr(buf, '"', (size_t)(hash - buf)))
			*hash = '\0';
		buf[strcspn(buf, "\r\n")] = '\0';
		if (!buf[strspn(buf, " \t")])
			continue;
		if (header_line(s, buf + strspn(buf, " \t")))
			continue;
		if (s->n_ports == BP_SURVEY_PORTS_MAX) {
			err = file_error(path, line, BP_E_FILE_FORMAT, " — split the survey",
					 "more than 64 ports");
			break;
		}
		if (port_line(&s->ports[s->n_ports], buf, why, sizeof(why)) != 0) {
			err = file_error(path, line, BP_E_FILE_FORMAT,
					 " — a port line is PROBE [LABEL] [KEY=VALUE]..., see balprobe(1)",
					 why);
			break;
		}
		s->n_ports++;
	}
	if (!err && ferror(f))
		err = file_error(path, 0, BP_E_FILE_READ, "", "could not be read to the end");
	fclose(f);
	if (!err && s->n_ports == before)
		err = file_error(path, 0, BP_E_FILE_FORMAT,
				 " — list one port a line (out1 \"Main L\"), see balprobe(1)",
				 "names no port");
	return err;
}
