/*
 * tempfile.c - exclusive temporary files beside the outputs, their cleanup on
 * signals, and the sweep of those a crashed run left (tempfile.h).
 */
#include "util/tempfile.h"
#include "util/err.h"
#include "util/mem.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/*
 * The registry. Nodes are only ever appended (under mu) and published with
 * an atomic store of the head, and never freed, so the signal handler can
 * walk the list at any moment; `live` says whether the path still exists.
 */
struct node {
	struct node *next;
	char *path;
	int is_dir;
	atomic_int live;
};

static _Atomic(struct node *) head;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void add(const char *path, int is_dir)
{
	struct node *n;

	/*
	 * Every path is new (pid and a random tag): no dead node is worth
	 * looking for, and a run writing thousands of files (one per sheet of
	 * every edition) must not scan them all each time. A node costs a few
	 * dozen bytes for the rest of the run.
	 */
	pthread_mutex_lock(&mu);
	n = xcalloc(1, sizeof(*n));
	n->path = xstrdup(path);
	n->is_dir = is_dir;
	atomic_init(&n->live, 1);
	n->next = atomic_load(&head);
	atomic_store(&head, n);
	pthread_mutex_unlock(&mu);
}

static void forget(const char *path)
{
	struct node *n;

	/* The newest first: a file is usually forgotten soon after it was made. */
	pthread_mutex_lock(&mu);
	for (n = atomic_load(&head); n; n = n->next)
		if (atomic_load(&n->live) && !strcmp(n->path, path)) {
			atomic_store(&n->live, 0);
			break;
		}
	pthread_mutex_unlock(&mu);
}

/* Six characters of [a-z0-9], different on every call. */
static void random_tag(char out[7])
{
	static atomic_uint counter;
	static const char digits[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	struct timespec ts;
	uint64_t x;
	int i;

	clock_gettime(CLOCK_REALTIME, &ts);
	x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^ ((uint64_t)getpid() << 12) ^
	    ((uint64_t)atomic_fetch_add(&counter, 1) * 0x9E3779B97F4A7C15ull);
	/* splitmix64's finaliser: neighbouring inputs give unrelated names. */
	x ^= x >> 30;
	x *= 0xBF58476D1CE4E5B9ull;
	x ^= x >> 27;
	x *= 0x94D049BB133111EBull;
	x ^= x >> 31;
	for (i = 0; i < 6; i++) {
		out[i] = digits[x % 36];
		x /= 36;
	}
	out[6] = '\0';
}

int tempfile_create(const char *path, char **tmp_out, int *fd_out, struct scta_err *err)
{
	char tag[7];
	char *tmp = NULL;
	int fd = -1, tries, e = 0;

	*tmp_out = NULL;
	if (fd_out)
		*fd_out = -1;
	for (tries = 0; tries < 100; tries++) {
		random_tag(tag);
		free(tmp);
		tmp = xasprintf("%s" TEMPFILE_MARK "%ld-%s", path, (long)getpid(), tag);
		/* Registered before it exists, so a signal in between cannot miss it. */
		add(tmp, 0);
		fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
		if (fd >= 0)
			break;
		e = errno;
		forget(tmp);
		if (e != EEXIST)
			break;
	}
	if (fd < 0) {
		int rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: cannot create a temporary file: %s",
				      path, strerror(e));

		free(tmp);
		errno = e;
		return rc;
	}
	if (fd_out)
		*fd_out = fd;
	else
		close(fd);
	*tmp_out = tmp;
	return 0;
}

int tempfile_mkdir(const char *dir, char **dir_out, struct scta_err *err)
{
	char tag[7];
	char *tmp = NULL;
	int tries, e = 0;

	*dir_out = NULL;
	for (tries = 0; tries < 100; tries++) {
		random_tag(tag);
		free(tmp);
		tmp = xasprintf("%s/" TEMPFILE_MARK "%ld-%s.d", dir, (long)getpid(), tag);
		add(tmp, 1);
		if (!mkdir(tmp, 0700)) {
			*dir_out = tmp;
			return 0;
		}
		e = errno;
		forget(tmp);
		if (e != EEXIST)
			break;
	}
	free(tmp);
	return scta_err_set(err, SCTA_ERR_RUNTIME, "%s: cannot create a temporary directory: %s",
			    dir, strerror(e));
}

void tempfile_remove(const char *tmp)
{
	struct stat st;

	if (!tmp)
		return;
	if (!lstat(tmp, &st) && S_ISDIR(st.st_mode))
		rmdir(tmp);
	else
		unlink(tmp);
	forget(tmp);
}

void tempfile_forget(const char *tmp)
{
	if (tmp)
		forget(tmp);
}

/* "NAME.tmp-PID" of scta before 0.2 whose process is gone. */
static int old_style_stale(const char *name)
{
	const char *p = strstr(name, ".tmp-");
	char *end;
	long pid;

	if (!p || !p[5] || p == name)
		return 0;
	errno = 0;
	pid = strtol(p + 5, &end, 10);
	if (errno || *end || pid <= 0)
		return 0;
	return pid != (long)getpid() && kill((pid_t)pid, 0) && errno == ESRCH;
}

/* Remove the regular files and symlinks in dir, then dir. */
static int remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		char *p;
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		p = xasprintf("%s/%s", dir, de->d_name);
		if (!lstat(p, &st) && !S_ISDIR(st.st_mode))
			unlink(p);
		free(p);
	}
	closedir(d);
	return rmdir(dir);
}

int tempfile_sweep(const char *dir, int *removed, struct scta_err *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0, rc = 0;

	if (removed)
		*removed = 0;
	if (!d) {
		if (errno == ENOENT)
			return 0;
		return scta_err_set(err, SCTA_ERR_RUNTIME, "%s: cannot read directory: %s", dir,
				    strerror(errno));
	}
	while ((de = readdir(d))) {
		char *p;
		struct stat st;

		if (!strstr(de->d_name, TEMPFILE_MARK) && !old_style_stale(de->d_name))
			continue;
		p = xasprintf("%s/%s", dir, de->d_name);
		if (lstat(p, &st)) {
			free(p);
			continue;
		}
		if (S_ISDIR(st.st_mode) ? remove_dir(p) : unlink(p)) {
			if (!rc)
				rc = scta_err_set(err, SCTA_ERR_RUNTIME,
						  "%s: cannot remove a temporary file left by an "
						  "interrupted run: %s", p, strerror(errno));
		} else {
			n++;
		}
		free(p);
	}
	closedir(d);
	if (removed)
		*removed = n;
	return rc;
}

/* Async-signal-safe: unlink, rmdir, atomic loads, sigaction, raise. */
static void on_signal(int sig)
{
	struct node *n;
	struct sigaction sa;

	for (n = atomic_load(&head); n; n = n->next) {
		if (!atomic_load(&n->live))
			continue;
		if (n->is_dir)
			rmdir(n->path);
		else
			unlink(n->path);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
	raise(sig);
}

void tempfile_install_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		struct sigaction old;

		/* A signal ignored by whoever started us (nohup) stays ignored. */
		if (!sigaction(sigs[i], NULL, &old) && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}
