/*
 * tempfile.h - temporary files beside the outputs: created exclusively,
 * removed on every failure path and on SIGINT/SIGTERM/SIGHUP, and
 * recognised by name when a crashed run (kill -9, power loss) left some.
 *
 * A temporary file for "DIR/NAME" is "DIR/NAME" TEMPFILE_MARK "PID-XXXXXX",
 * created with O_CREAT|O_EXCL|O_NOFOLLOW: a file or symlink planted under
 * that name makes the creation fail (and another random name is tried)
 * instead of being followed. Every live temporary path is kept in a list
 * that the signal handler walks to unlink them (after git's tempfile.c);
 * the list is append-only, so the handler never sees freed memory.
 *
 * The sweep of stale files relies on the output directory's lock
 * (util/lock.h): while a run holds it, no other run is writing there, so
 * every name carrying the mark is left over from a run that died.
 */
#ifndef SCTA_TEMPFILE_H
#define SCTA_TEMPFILE_H

#include <stdio.h>

struct scta_err;

#define TEMPFILE_MARK ".scta-tmp-"

/*
 * Create a new temporary file for the final path `path` in the same
 * directory, mode 0666 less the umask (like fopen), and register it for
 * removal on a signal. *tmp_out is the temporary path (caller frees);
 * *fd_out an open descriptor (read/write), or pass NULL to have it closed
 * (for libraries that open the path themselves).
 */
int tempfile_create(const char *path, char **tmp_out, int *fd_out, struct scta_err *err);

/*
 * Create a new private directory (mode 0700) named "DIR/" TEMPFILE_MARK
 * "PID-XXXXXX.d" for a library's scratch files; registered for removal
 * (rmdir) on a signal. Caller frees *dir_out and removes the directory with
 * tempfile_remove().
 */
int tempfile_mkdir(const char *dir, char **dir_out, struct scta_err *err);

/* Remove tmp (a file, or an empty directory from tempfile_mkdir) and forget it. */
void tempfile_remove(const char *tmp);

/* Forget tmp without removing it: it was renamed into place. */
void tempfile_forget(const char *tmp);

/*
 * Remove what crashed runs left in dir: files and directories whose name
 * carries TEMPFILE_MARK (a directory's regular files first), and the
 * "NAME.tmp-PID" files of earlier versions whose process is gone. Call
 * only while holding dir's lock. *removed (may be NULL) counts the names.
 */
int tempfile_sweep(const char *dir, int *removed, struct scta_err *err);

/*
 * Install the handlers of SIGINT, SIGTERM and SIGHUP that remove every
 * registered temporary file, then die of the signal as before (exit 128+N).
 */
void tempfile_install_signals(void);

#endif
