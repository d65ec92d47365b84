#include "config.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/errors.h"
#include "io/same-file.h"

/* What a path names, for comparison: its inode when it exists, else its
 * resolved directory and last component. */
struct identity {
	bool exists, comparable;
	dev_t dev;
	ino_t ino;
	char *where;          /* realpath of the directory + "/" + the name */
};

/* @path made absolute and rid of ".", ".." and repeated slashes by its
 * letters alone: for a directory that does not exist yet (--save makes
 * it), where realpath() cannot help.  NULL when memory ran out. */
static char *lexical(const char *path)
{
	char *cwd = path[0] == '/' ? NULL : getcwd(NULL, 0), *all, *out, *part, *save;
	size_t len;

	if (asprintf(&all, "%s/%s", cwd ? cwd : "", path) < 0)
		all = NULL;
	free(cwd);
	out = all ? malloc(strlen(all) + 2) : NULL;
	if (!out) {
		free(all);
		return NULL;
	}
	len = 0;
	for (part = strtok_r(all, "/", &save); part; part = strtok_r(NULL, "/", &save)) {
		if (strcmp(part, ".") == 0)
			continue;
		if (strcmp(part, "..") == 0) {
			while (len > 0 && out[--len] != '/')
				;
			continue;
		}
		len += (size_t)sprintf(out + len, "/%s", part);
	}
	out[len] = '\0';
	free(all);
	return out;
}

static int identify(const char *path, struct identity *id)
{
	struct stat st;
	char *dir_copy, *name_copy, *parent, *dir;

	memset(id, 0, sizeof(*id));
	if (stat(path, &st) == 0) {
		id->exists = true;
		id->comparable = S_ISREG(st.st_mode);
		id->dev = st.st_dev;
		id->ino = st.st_ino;
		return 0;
	}
	id->comparable = true;
	dir_copy = strdup(path);
	name_copy = strdup(path);
	if (!dir_copy || !name_copy) {
		free(dir_copy);
		free(name_copy);
		return BP_E_NOMEM;
	}
	parent = dirname(dir_copy);
	dir = realpath(parent, NULL);
	if (!dir)
		dir = lexical(parent);
	if (!dir || asprintf(&id->where, "%s/%s", dir, basename(name_copy)) < 0)
		id->where = NULL;
	free(dir);
	free(dir_copy);
	free(name_copy);
	return id->where ? 0 : BP_E_NOMEM;
}

static bool same(const struct identity *a, const struct identity *b)
{
	if (!a->comparable || !b->comparable || a->exists != b->exists)
		return false;
	if (a->exists)
		return a->dev == b->dev && a->ino == b->ino;
	return strcmp(a->where, b->where) == 0;
}

int bp_refuse_same_file(const struct bp_role_path *out, int n_out,
			const struct bp_role_path *in, int n_in)
{
	const int n = n_out + n_in;
	struct identity *ids = calloc((size_t)n, sizeof(*ids));
	int i, j, err = ids ? 0 : BP_E_NOMEM;

	for (i = 0; i < n && !err; i++) {
		const struct bp_role_path *p = i < n_out ? &out[i] : &in[i - n_out];

		if (p->path)
			err = identify(p->path, &ids[i]);
	}
	/* Each output against every path after it: inputs come last. */
	for (i = 0; i < n_out && !err; i++)
		for (j = i + 1; j < n && !err; j++) {
			const struct bp_role_path *o = &out[i];
			const struct bp_role_path *p = j < n_out ? &out[j] : &in[j - n_out];

			if (!o->path || !p->path || !same(&ids[i], &ids[j]))
				continue;
			bp_error_set_detail("%s: is both %s and %s — writing one would destroy the other; name another output file",
					    o->path, o->role, p->role);
			err = BP_E_FILE_WRITE;
		}
	for (i = 0; ids && i < n; i++)
		free(ids[i].where);
	free(ids);
	return err;
}
