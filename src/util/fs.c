/*
 * fs.c - paths and files written atomically (fs.h).
 */
/* realpath(): XSI in glibc's headers. */
#define _XOPEN_SOURCE 700
#include "util/fs.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/tempfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int afile_name(struct afile *af, const char *path, struct scta_err *err)
{
	int rc;

	af->path = xstrdup(path);
	af->tmp = NULL;
	af->fp = NULL;
	if ((rc = tempfile_create(path, &af->tmp, NULL, err)))
		afile_abort(af);
	return rc;
}

int afile_open(struct afile *af, const char *path, struct scta_err *err)
{
	int fd = -1, rc;

	af->path = xstrdup(path);
	af->tmp = NULL;
	af->fp = NULL;
	if ((rc = tempfile_create(path, &af->tmp, &fd, err))) {
		afile_abort(af);
		return rc;
	}
	af->fp = fdopen(fd, "wb");
	if (!af->fp) {
		rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: cannot create: %s", af->tmp,
				  strerror(errno));
		close(fd);
		afile_abort(af);
		return rc;
	}
	return 0;
}

static void afile_release(struct afile *af)
{
	free(af->path);
	free(af->tmp);
	af->path = af->tmp = NULL;
	af->fp = NULL;
}

/* fsync a file a library wrote and closed: a late write error shows here. */
static int sync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), rc, e;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	e = errno;
	close(fd);
	errno = e;
	return rc;
}

int afile_commit(struct afile *af, struct scta_err *err)
{
	int rc = 0;

	if (af->fp) {
		if (fflush(af->fp) || ferror(af->fp) || fsync(fileno(af->fp)))
			rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: write error: %s",
					  af->path, strerror(errno));
		if (fclose(af->fp) && !rc)
			rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: write error: %s",
					  af->path, strerror(errno));
		af->fp = NULL;
	} else if (af->tmp && sync_path(af->tmp)) {
		rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: write error: %s", af->path,
				  strerror(errno));
	}
	if (!rc && rename(af->tmp, af->path))
		rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: cannot rename into place: %s",
				  af->path, strerror(errno));
	if (rc) {
		afile_abort(af);
		return rc;
	}
	tempfile_forget(af->tmp);
	afile_release(af);
	return 0;
}

void afile_abort(struct afile *af)
{
	if (!af)
		return;
	if (af->fp)
		fclose(af->fp);
	af->fp = NULL;
	if (af->tmp)
		tempfile_remove(af->tmp);
	afile_release(af);
}

char *fs_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

char *fs_resolve(const char *dir, const char *path)
{
	char *joined, *tidy;

	if (path[0] == '/' || !dir || !*dir || !strcmp(dir, "."))
		return fs_normalize(path);
	joined = xasprintf("%s/%s", dir, path);
	tidy = fs_normalize(joined);
	free(joined);
	return tidy;
}

int fs_mkdirs(const char *dir, struct scta_err *err)
{
	char *p = xstrdup(dir), *s;
	int rc = 0;

	for (s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;

			*s = '\0';
			if (mkdir(p, 0777) && (errno != EEXIST || !fs_is_dir(p))) {
				rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: cannot create directory: %s",
						  p, errno == EEXIST ? "a file of that name exists" : strerror(errno));
				break;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	free(p);
	return rc;
}

int fs_is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

int fs_is_file(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode);
}

char *fs_normalize(const char *path)
{
	char *copy = xstrdup(path), *out = xmalloc(strlen(path) + 2), *tok, *next;
	size_t len = 0, nkeep = 0;
	int abs = path[0] == '/';

	/* nkeep counts the components that a later ".." may remove. */
	for (tok = copy; tok; tok = next) {
		next = strchr(tok, '/');
		if (next)
			*next++ = '\0';
		if (!*tok || !strcmp(tok, "."))
			continue;
		if (!strcmp(tok, "..") && nkeep) {
			while (len && out[len - 1] != '/')
				len--;
			if (len)
				len--;
			nkeep--;
			continue;
		}
		if (!strcmp(tok, "..") && abs)
			continue;
		if (len || abs)
			out[len++] = '/';
		memcpy(out + len, tok, strlen(tok));
		len += strlen(tok);
		if (strcmp(tok, ".."))
			nkeep++;
	}
	if (!len) {
		if (abs)
			out[len++] = '/';
		else
			out[len++] = '.';
	}
	out[len] = '\0';
	free(copy);
	return out;
}

char *fs_realpath(const char *path)
{
	return realpath(path, NULL);
}

int fs_copy(const char *src, const char *dst, struct scta_err *err)
{
	struct afile af = { NULL, NULL, NULL };
	FILE *in = fopen(src, "rb");
	char buf[65536];
	size_t n;
	int rc;

	if (!in)
		return scta_err_set(err, SCTA_ERR_RUNTIME, "%s: cannot open: %s", src, strerror(errno));
	if ((rc = afile_open(&af, dst, err)))
		goto out;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0) {
		if (fwrite(buf, 1, n, af.fp) != n) {
			rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: write error: %s", dst,
					  strerror(errno));
			goto out;
		}
	}
	if (ferror(in)) {
		rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: read error: %s", src, strerror(errno));
		goto out;
	}
	rc = afile_commit(&af, err);
out:
	if (rc)
		afile_abort(&af);
	fclose(in);
	return rc;
}

char *fs_absolute(const char *path)
{
	char cwd[4096];

	if (path[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		return fs_normalize(path);
	return fs_resolve(cwd, path);
}
