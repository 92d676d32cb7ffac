/*
 * err.h - the error record every fallible function fills.
 *
 * Functions that can fail return int (0 = ok, otherwise one of enum
 * scta_status) and take `struct scta_err *err` last. They never print and
 * never exit: only cli/ does. The status doubles as the process exit code.
 */
#ifndef SCTA_ERR_H
#define SCTA_ERR_H

enum scta_status {
	SCTA_OK = 0,
	SCTA_ERR_RUNTIME = 1,  /* runtime, I/O or database failure */
	SCTA_ERR_USAGE = 2,    /* bad command line */
	SCTA_ERR_CONFIG = 3,   /* bad configuration setting */
	SCTA_ERR_REJECTS = 4   /* input rows were rejected (outputs written) */
};

struct scta_err {
	int code;            /* enum scta_status; 0 while nothing failed */
	char msg[4096];      /* one line per problem (see scta_err_add), no trailing newline */
};

#define SCTA_ERR_INIT { 0, "" }

/*
 * Record an error and return its code, so callers can write
 * `return scta_err_set(err, SCTA_ERR_RUNTIME, "...")`. A NULL err is allowed.
 * The first error wins: a later call does not overwrite an earlier message
 * (like the SQLite shell's sticky return code), so a cleanup path cannot
 * hide the cause.
 */
int scta_err_set(struct scta_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Add the problem recorded in one (if any) to all, for checks that go on
 * after the first problem and list every one: the first sets all's code,
 * each adds a line to its message (while there is room; then "..."). one
 * is cleared. Returns all's code.
 */
int scta_err_add(struct scta_err *all, struct scta_err *one);

/* Forget a recorded error (used when a caller handles it). */
void scta_err_clear(struct scta_err *err);

#endif
