/*
 * path.c - canonical identities of input files and the one form outputs
 * show them in (see path.h).
 */
#include "util/path.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/mem.h"
#include "util/strbuf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int path_canonical(const char *path, char **out, struct scta_err *err)
{
	char *r;

	*out = NULL;
	errno = 0;
	r = fs_realpath(path);
	if (!r)
		return scta_err_set(err, SCTA_ERR_RUNTIME, "%s: %s", path, strerror(errno));
	*out = r;
	return 0;
}

/* Length of the directory part of canonical path p ("/a/b" -> 2, "/a" -> 0 meaning "/"). */
static size_t parent_len(const char *p)
{
	const char *slash = strrchr(p, '/');

	return slash ? (size_t)(slash - p) : 0;
}

/* Does canonical `file` lie under canonical directory dir[0..n)? */
static int under(const char *dir, size_t n, const char *file)
{
	if (n == 0)
		return file[0] == '/';
	return !strncmp(dir, file, n) && file[n] == '/';
}

char *path_shown(const char *base, const char *file)
{
	size_t nbase = strlen(base), nparent = parent_len(base);
	struct strbuf sb = STRBUF_INIT;

	/* The root as base: every file is under it, shown without the leading '/'. */
	if (!strcmp(base, "/"))
		return xstrdup(file + 1);
	if (under(base, nbase, file))
		return xstrdup(file + nbase + 1);
	if (nparent && under(base, nparent, file)) {
		strbuf_adds(&sb, "../");
		strbuf_adds(&sb, file + nparent + 1);
		return strbuf_detach(&sb);
	}
	return xstrdup(file);
}
