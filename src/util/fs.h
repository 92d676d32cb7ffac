/*
 * fs.h - paths and files written atomically.
 *
 * Every output is written to a temporary name beside its final path and
 * renamed into place only when complete (after curl), so a failed run never
 * leaves a half-written file and never damages the previous output.
 */
#ifndef SCTA_FS_H
#define SCTA_FS_H

#include <stdio.h>

struct scta_err;

/* A file being written under a temporary name. */
struct afile {
	char *path;     /* final path (owned) */
	char *tmp;      /* temporary path beside it (owned) */
	FILE *fp;       /* open for writing, or NULL for writers that open tmp themselves */
};

/*
 * Create tmp beside path exclusively (util/tempfile.h) and open it for
 * writing ("wb").
 */
int afile_open(struct afile *af, const char *path, struct scta_err *err);
/*
 * Only create tmp, empty and closed, for libraries that open the path
 * themselves; fp stays NULL.
 */
int afile_name(struct afile *af, const char *path, struct scta_err *err);
/*
 * Flush, fsync and close (if open; else fsync tmp as a library left it),
 * then rename tmp onto path. Frees names. On failure tmp is removed.
 */
int afile_commit(struct afile *af, struct scta_err *err);
/* Close and remove tmp; free names. Safe on a zeroed or committed afile. */
void afile_abort(struct afile *af);

/* Directory part of path ("." if none); caller frees. */
char *fs_dirname(const char *path);
/* path if absolute, else dir/path, normalized; caller frees. */
char *fs_resolve(const char *dir, const char *path);
/*
 * Lexically tidy a path: "a/./b//c/../d" -> "a/b/d"; leading ".." kept.
 * Caller frees.
 */
char *fs_normalize(const char *path);
/* mkdir -p. */
int fs_mkdirs(const char *dir, struct scta_err *err);
/* 1 if path names an existing directory. */
int fs_is_dir(const char *path);
/* The absolute path with symlinks, "." and ".." resolved (realpath); NULL with errno. Caller frees. */
char *fs_realpath(const char *path);
/* 1 if path names an existing regular file. */
int fs_is_file(const char *path);
/* Copy file src to dst, written atomically (dst replaced only when complete). */
int fs_copy(const char *src, const char *dst, struct scta_err *err);
/* path made absolute against the current directory, normalized; caller frees. */
char *fs_absolute(const char *path);

#endif
