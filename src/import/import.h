/*
 * import.h - reading CSV inputs into the store, streaming.
 *
 * The importer reads a file a buffer at a time with libcsv, checks UTF-8
 * (or converts from cp1252/latin1 with iconv), validates and normalizes
 * every field against the data contract (docs/DESIGN.md section 2), and writes
 * loaded records and rejects in one transaction per file. Every data row is
 * either loaded or rejected: rows_read == rows_loaded + rows_rejected.
 *
 * A file that cannot be read as CSV at all (invalid UTF-8, unterminated
 * quote, a field over IMPORT_MAX_FIELD bytes) is refused: the transaction is
 * rolled back, nothing is stored, and err names the file and first bad line.
 */
#ifndef SCTA_IMPORT_H
#define SCTA_IMPORT_H

#include <stdint.h>

struct scta_err;
struct store;
struct questionnaire;

enum import_kind { IMPORT_PARTNERSHIPS, IMPORT_RESPONSES };

/*
 * Longest field accepted, in characters (UTF-16 units, as Excel counts):
 * a spreadsheet cell holds 32,767.
 */
#define IMPORT_MAX_CELL 32767
/* Beyond this a field is not a field: the file is refused. */
#define IMPORT_MAX_FIELD (1024 * 1024)

/* One problem with one row, as recorded in rejects. Strings are borrowed. */
struct import_problem {
	const char *file;
	int64_t line;            /* physical line where the row starts, from 1 */
	const char *column;      /* header name, or "" for the whole row */
	const char *value;
	const char *reason;
};

struct import_opts {
	const char *encoding;    /* "utf-8" (default when NULL), "cp1252", "latin1" */
	const char *display_path;/* name used in messages and rejects; default: path */
	const char *identity;    /* the file's key in the store (canonical path); default: display_path */
	int dry_run;             /* check: validate, store nothing, roll back */
	/* Called for every problem (check lists them; may be NULL). */
	void (*on_problem)(void *ctx, const struct import_problem *p);
	/* Called for warnings such as unknown columns (may be NULL). */
	void (*on_warning)(void *ctx, const char *file, const char *msg);
	/* Progress: bytes done of total, every few thousand rows (may be NULL). */
	void (*on_progress)(void *ctx, int64_t rows, uint64_t bytes_done, uint64_t bytes_total);
	void *ctx;
};

struct import_result {
	int64_t rows_read, rows_loaded, rows_rejected;
	int64_t rows_removed;    /* records of the file's earlier import it no longer has (retired) */
	int64_t batch_id;        /* the batch recorded (or the earlier one when unchanged) */
	int unchanged;           /* identical to the latest import of this path: nothing done */
	char sha256[65];
};

/*
 * Import one file. `q` is required for responses (answers are validated
 * against it) and ignored for partnerships. Returns 0 when the file was
 * read (rows may still have been rejected: see res), or an error when the
 * file was refused or the store failed; in both failure cases the store is
 * unchanged.
 */
int import_file(struct store *st, enum import_kind kind, const char *path,
		const struct questionnaire *q, const struct import_opts *opts,
		struct import_result *res, struct scta_err *err);

/*
 * Load the bundled reference data (compiled into the program from data/
 * reference/) into a freshly created store, inside the caller's transaction.
 */
int import_reference(struct store *st, struct scta_err *err);

#endif
