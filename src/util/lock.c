/*
 * lock.c - advisory locks that keep one scta run at a time per database and
 * output directory (lock.h).
 */
#include "util/lock.h"
#include "util/err.h"
#include "util/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

struct lock {
	int fd;
};

int lock_acquire(const char *path, const char *what, struct lock **out, struct scta_err *err)
{
	struct stat st;
	int fd;

	*out = NULL;
	if (!stat(path, &st) && S_ISDIR(st.st_mode))
		fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	else
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0)
		return scta_err_set(err, SCTA_ERR_RUNTIME, "%s: cannot open the %s to lock it: %s",
				    path, what, strerror(errno));
	while (flock(fd, LOCK_EX | LOCK_NB)) {
		int e = errno;

		if (e == EINTR)
			continue;
		close(fd);
		if (e == EWOULDBLOCK)
			return scta_err_set(err, SCTA_ERR_RUNTIME,
					    "%s: the %s is in use by another scta run; run again when "
					    "it has finished", path, what);
		return scta_err_set(err, SCTA_ERR_RUNTIME, "%s: cannot lock the %s: %s", path, what,
				    strerror(e));
	}
	*out = xcalloc(1, sizeof(**out));
	(*out)->fd = fd;
	return 0;
}

void lock_release(struct lock *l)
{
	if (!l)
		return;
	flock(l->fd, LOCK_UN);
	close(l->fd);
	free(l);
}
