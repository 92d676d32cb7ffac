/* fopencookie() is a GNU extension: glibc is scta's C library. */
#define _GNU_SOURCE
#include "util/tmpstream.h"
#include "util/mem.h"
#include "util/tempfile.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

/* Counted references: the watch's owner and each open stream of it. */
struct tmpwatch {
	struct tmpwatch *next;
	char *dir;
	int first_errno;
	unsigned nopened;
	unsigned refs;
	int watching;
};

static struct tmpwatch *watches;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

struct tstream {
	int fd;
	struct tmpwatch *w;     /* counted reference, or NULL */
};

static void unref(struct tmpwatch *w)
{
	struct tmpwatch **pp;

	if (--w->refs)
		return;
	for (pp = &watches; *pp; pp = &(*pp)->next) {
		if (*pp == w) {
			*pp = w->next;
			break;
		}
	}
	free(w->dir);
	free(w);
}

struct tmpwatch *tmpwatch_new(const char *dir)
{
	struct tmpwatch *w = xcalloc(1, sizeof(*w));

	w->dir = xstrdup(dir);
	w->refs = 1;
	w->watching = 1;
	pthread_mutex_lock(&mu);
	w->next = watches;
	watches = w;
	pthread_mutex_unlock(&mu);
	return w;
}

int tmpwatch_free(struct tmpwatch *w, unsigned *nopened)
{
	int e;

	if (nopened)
		*nopened = w ? w->nopened : 0;
	if (!w)
		return 0;
	pthread_mutex_lock(&mu);
	e = w->first_errno;
	if (nopened)
		*nopened = w->nopened;
	w->watching = 0;
	unref(w);
	pthread_mutex_unlock(&mu);
	return e;
}

static void record(struct tstream *t, int e)
{
	if (!t->w)
		return;
	pthread_mutex_lock(&mu);
	if (!t->w->first_errno)
		t->w->first_errno = e ? e : EIO;
	pthread_mutex_unlock(&mu);
}

static ssize_t ts_read(void *cookie, char *buf, size_t size)
{
	struct tstream *t = cookie;
	ssize_t n;

	do
		n = read(t->fd, buf, size);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		record(t, errno);
	return n;
}

static ssize_t ts_write(void *cookie, const char *buf, size_t size)
{
	struct tstream *t = cookie;
	size_t done = 0;

	while (done < size) {
		ssize_t n = write(t->fd, buf + done, size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			record(t, n < 0 ? errno : ENOSPC);
			return -1;
		}
		done += (size_t)n;
	}
	return (ssize_t)done;
}

static int ts_seek(void *cookie, off64_t *offset, int whence)
{
	struct tstream *t = cookie;
	off_t r = lseek(t->fd, (off_t)*offset, whence);

	if (r < 0) {
		record(t, errno);
		return -1;
	}
	*offset = (off64_t)r;
	return 0;
}

static int ts_close(void *cookie)
{
	struct tstream *t = cookie;
	int rc = close(t->fd);

	if (rc)
		record(t, errno);
	if (t->w) {
		pthread_mutex_lock(&mu);
		unref(t->w);
		pthread_mutex_unlock(&mu);
	}
	free(t);
	return rc;
}

FILE *tmpstream_open(const char *dir)
{
	static const cookie_io_functions_t io = { ts_read, ts_write, ts_seek, ts_close };
	struct tstream *t;
	struct tmpwatch *w;
	char *path = NULL, *base;
	FILE *fp;
	int fd, e;

	if (!dir)
		return tmpfile();
	base = xasprintf("%s/scratch", dir);
	e = tempfile_create(base, &path, &fd, NULL) ? errno : 0;
	free(base);
	if (e) {
		errno = e;
		return NULL;
	}
	/* Anonymous from now on: nothing to clean up after a crash. */
	tempfile_remove(path);
	free(path);
	t = xcalloc(1, sizeof(*t));
	t->fd = fd;
	pthread_mutex_lock(&mu);
	for (w = watches; w; w = w->next) {
		if (w->watching && !strcmp(w->dir, dir)) {
			w->refs++;
			w->nopened++;
			t->w = w;
			break;
		}
	}
	pthread_mutex_unlock(&mu);
	fp = fopencookie(t, "w+b", io);
	if (!fp) {
		e = errno;
		ts_close(t);
		errno = e;
	}
	return fp;
}
