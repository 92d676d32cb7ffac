/*
 * lock.h - one scta run at a time per database and per output directory.
 *
 * An advisory lock (flock(2)) on the database file itself and on the
 * output directory itself: no lock files to leave behind, released by the
 * kernel when the process ends however it ends (kill -9 included). flock
 * locks are separate from SQLite's fcntl locks on Linux, and the lock's
 * descriptor stays open until after the database is closed, so closing it
 * never drops SQLite's own locks.
 */
#ifndef SCTA_LOCK_H
#define SCTA_LOCK_H

struct scta_err;
struct lock;

/*
 * Lock path (a file, created empty if missing, or a directory) for this
 * process, or fail at once with a clear message when another run holds
 * it. `what` names it in the message ("database", "output directory").
 * *out is released with lock_release().
 */
int lock_acquire(const char *path, const char *what, struct lock **out, struct scta_err *err);

/* Unlock and free; accepts NULL. */
void lock_release(struct lock *l);

#endif
