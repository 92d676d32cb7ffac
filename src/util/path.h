/*
 * path.h - one name per input file: its identity (the canonical absolute
 * path, symbolic links and "." / ".." resolved) and the form outputs print.
 *
 * A file named "data/x.csv" from one folder and "/home/u/p/data/x.csv" from
 * another is one input: the store keys it by identity, and every output
 * shows it in one form whatever the current directory was.
 */
#ifndef SCTA_PATH_H
#define SCTA_PATH_H

struct scta_err;

/*
 * The canonical absolute path of an existing file or directory. Fails
 * (SCTA_ERR_RUNTIME, "PATH: reason") when it does not exist. Caller frees
 * *out.
 */
int path_canonical(const char *path, char **out, struct scta_err *err);

/*
 * How outputs show the file whose canonical path is `file`, relative to the
 * project: `base` is the canonical directory of the configuration file.
 * A file inside base's parent directory (the project: config/ beside data/)
 * is shown relative to base ("../data/sample/x.csv", as a config names it);
 * any other file by its canonical path. Caller frees.
 */
char *path_shown(const char *base, const char *file);

#endif
