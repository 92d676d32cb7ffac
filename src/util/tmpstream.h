/*
 * tmpstream.h - anonymous scratch files whose write errors are not lost.
 *
 * Some libraries write their scratch files with unchecked fprintf/fwrite
 * and read them back: on a full disk the data comes back short and the
 * output is silently truncated. A tmpstream is a stdio stream over a file
 * created (O_EXCL) and at once unlinked in a given directory; the first
 * failed write of any stream opened in a watched directory is recorded in
 * the watch, so the caller can check it once the library is done.
 */
#ifndef SCTA_TMPSTREAM_H
#define SCTA_TMPSTREAM_H

#include <stdio.h>

struct tmpwatch;

/*
 * Watch dir (compared as a string with tmpstream_open's argument).
 * Caller releases it with tmpwatch_free().
 */
struct tmpwatch *tmpwatch_new(const char *dir);

/*
 * Stop watching. Returns the errno of the first failed write, read or
 * seek of a stream opened in the watched directory (0 if none); *nopened
 * (may be NULL) is how many streams were opened there. Streams still open
 * stay valid. Accepts NULL (returns 0).
 */
int tmpwatch_free(struct tmpwatch *w, unsigned *nopened);

/*
 * A new scratch file in dir ("w+b": read, write, seek), already unlinked;
 * the system's temporary directory (tmpfile()) when dir is NULL. NULL
 * with errno set on failure. The caller (or the library) fcloses it.
 */
FILE *tmpstream_open(const char *dir);

#endif
