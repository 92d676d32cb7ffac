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

#include <stddef.h>
#include <stdint.h>

struct scta_err;
struct store;
struct questionnaire;
struct column_map;

enum import_kind { IMPORT_PARTNERSHIPS, IMPORT_RESPONSES };

/*
 * How a responses file is laid out. scta's own (long or wide, one header
 * row) or a survey tool's export as it comes: Qualtrics (three header rows:
 * ids, question text, ImportId), SurveyMonkey (two: question titles, then
 * sub-labels; a blank title continues the question before it), Google Forms
 * (Timestamp, Email Address, question texts; no response id) or LimeSurvey
 * (question codes or full headings).
 */
enum import_layout {
	IMPORT_LAYOUT_AUTO,      /* recognised from the header rows */
	IMPORT_LAYOUT_SCTA,
	IMPORT_LAYOUT_QUALTRICS,
	IMPORT_LAYOUT_SURVEYMONKEY,
	IMPORT_LAYOUT_GOOGLEFORMS,
	IMPORT_LAYOUT_LIMESURVEY
};

/* The layout named (scta, qualtrics, ...; any case): 0 ok, -1 unknown. */
int import_layout_parse(const char *name, enum import_layout *out);
/* "scta", "qualtrics", ... (static). */
const char *import_layout_name(enum import_layout l);

/*
 * One column of a file's header and what it feeds, as `check` prints it.
 * Strings are borrowed for the call.
 */
struct import_column_info {
	const char *file;
	int64_t line;            /* of the (first) header row */
	size_t index;            /* from 1 */
	const char *header;      /* as shown: the header cells of its rows, joined */
	const char *feeds;       /* "us_state", "question T1 (by text)", ...; NULL: ignored */
	const char *why;         /* when ignored: the reason */
};

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
	/* Called once per header column with what it feeds (check prints it; may be NULL). */
	void (*on_column)(void *ctx, const struct import_column_info *ci);
	/* Called once when the header is read: the layout found and its header rows. */
	void (*on_layout)(void *ctx, const char *file, int64_t line, enum import_layout l,
			  size_t header_rows);
	/* Progress: bytes done of total, every few thousand rows (may be NULL). */
	void (*on_progress)(void *ctx, int64_t rows, uint64_t bytes_done, uint64_t bytes_total);
	void *ctx;
	enum import_layout layout;           /* responses only; AUTO: recognise it */
	/* [columns:KIND] of the config: the file's own header for scta's column names. */
	const struct column_map *colmap;
	size_t ncolmap;
};

struct import_result {
	int64_t rows_read, rows_loaded, rows_rejected;
	int64_t rows_removed;    /* records of the file's earlier import it no longer has (retired) */
	/*
	 * Answers rejected in loaded rows: a bad answer rejects that answer
	 * only; its row is loaded with its other answers and counts as loaded.
	 */
	int64_t answers_rejected;
	int64_t empty_rows;      /* rows of empty fields: skipped, not rows read */
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
/*
 * Replace the state laws in the store with those compiled into the program
 * (data/reference/state_laws.csv), inside the caller's transaction. Every
 * report calls it, so an edited law table reaches older databases.
 */
int import_state_laws(struct store *st, struct scta_err *err);

#endif
