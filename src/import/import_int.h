/*
 * import_int.h - what the files of import/ share. Not for other modules.
 *
 * csvread.c turns bytes into records (the only file that knows libcsv and
 * iconv); import.c runs one file through a transaction; partnerships.c and
 * responses.c validate rows of their kind; reference.c loads the bundled
 * reference data.
 */
#ifndef SCTA_IMPORT_INT_H
#define SCTA_IMPORT_INT_H

#include "import/import.h"
#include "util/strbuf.h"

#include <stddef.h>
#include <stdint.h>

struct scta_err;
struct question;

/* ---- records (csvread.c) ---- */

#define IMPORT_FIELD_LONG 1u  /* longer than IMPORT_MAX_CELL: f[] holds a prefix only */
#define IMPORT_FIELD_NUL 2u   /* contained a NUL byte: f[] stops before it */

/* One CSV record. Valid until the next import_reader_next(). */
struct import_record {
	int64_t line;            /* physical line where it starts, from 1 */
	size_t n;                /* fields in the record */
	size_t nkept;            /* fields kept in f (fewer than n only for absurd rows) */
	char **f;                /* trimmed, NUL-terminated, [nkept] */
	unsigned char *flags;    /* IMPORT_FIELD_* of each kept field */
	int malformed;           /* bad quoting: f holds the fields before the fault */
};

struct import_reader;

/*
 * Open path for reading records; encoding is "utf-8", "cp1252" or "latin1"
 * (as returned by import_encoding()); name is used in messages. The reader
 * is owned by the caller (import_reader_free).
 */
int import_reader_open(const char *path, const char *name, const char *encoding,
		       struct import_reader **out, struct scta_err *err);
/* Read records from memory (UTF-8, borrowed until the reader is freed). */
void import_reader_mem(const char *name, const char *data, size_t len, struct import_reader **out);
/*
 * The next record, or *rec = NULL at the end. Fails (file refused) on an
 * unterminated quoted field, a field over IMPORT_MAX_FIELD, a record over
 * the row limit, a byte that is not in the encoding, or a read error.
 */
int import_reader_next(struct import_reader *r, const struct import_record **rec,
		       struct scta_err *err);
/* Bytes of the input consumed so far. */
uint64_t import_reader_bytes(const struct import_reader *r);
void import_reader_free(struct import_reader *r);

/*
 * Hash the file (SHA-256) and measure it; when check_utf8, also refuse it if
 * it is not valid UTF-8, naming the first bad line.
 */
int import_scan(const char *path, const char *name, int check_utf8, char sha256[65],
		uint64_t *size, struct scta_err *err);

/* ---- one file being imported (import.c) ---- */

struct import_ctx {
	struct store *st;
	const struct import_opts *opts;
	const char *file;            /* display path */
	const char *kname;           /* "partnerships" or "responses" */
	int64_t batch;
	struct import_result *res;
	int64_t hdr_line;            /* line of the header row */
	char **names;                /* header names as in the file (trimmed), [nnames] */
	size_t nnames;
	char **sub[2];               /* the 2nd and 3rd header rows of survey exports, or NULL */
	size_t nsub;                 /* header rows after the first */
	char **feeds;                /* what each column feeds (owned), NULL: ignored */
	char **why;                  /* why an ignored column is ignored (owned), or NULL */
	enum import_layout layout;   /* responses: the layout found */
	int partial;                 /* the row's problems are answers only: it is loaded */
	const struct import_record *rec;   /* the row being validated */
	/* problems of the current row */
	struct import_problem *probs;
	size_t nprobs, cap;
	struct strbuf scratch;       /* for callers' keys; any use, no lifetime */
	size_t nunknown;             /* unknown columns warned about */
	struct strbuf state_text;    /* the last state looked up, as written... */
	char state_code[3];          /* ...and what it resolved to ("" unknown) */
	void *kind;                  /* state of partnerships.c or responses.c */
};

/* Canonical encoding name ("utf-8", "cp1252", "latin1") or NULL when unknown. */
const char *import_encoding(const char *name);

/* Record a problem of the current row; value and reason are copied. */
void import_problem(struct import_ctx *c, const char *column, const char *value,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Tell the caller about something not worth a reject (once per occurrence). */
void import_warn(struct import_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Field i of the current row: its trimmed text, "" when the column is absent
 * (i < 0), or NULL when the field is unusable (too long, NUL byte: already
 * recorded as a problem by import.c).
 */
const char *import_field(const struct import_ctx *c, int i);
/* The header name of column i as written in the file ("" for i < 0). */
const char *import_colname(const struct import_ctx *c, int i);

/*
 * A column the importer knows: name, required, and where it is (-1: absent);
 * alts: other headers that mean it (City for us_community), NULL-terminated
 * or NULL, in order of preference.
 */
struct import_col {
	const char *name;
	int required;
	int idx;
	const char *const *alts;
};
/*
 * Find each of cols in the header: by the header the config maps to it
 * ([columns:KIND]), else by its name or one of its alts; names match
 * ignoring case and surrounding space. Marks used[i] and c->feeds[i] for
 * header columns found. Refuses the file when required columns are missing
 * (naming all of them) or a column appears twice.
 */
int import_map_header(struct import_ctx *c, struct import_col *cols, size_t ncols,
		      unsigned char *used, struct scta_err *err);
/* Warn about every header column not marked in used (and not given a c->why). */
void import_warn_unknown(struct import_ctx *c, const unsigned char *used);
/* The header the config's [columns:KIND] maps to column name, or NULL. */
const char *import_mapped_header(const struct import_ctx *c, const char *name);
/* Header cells equal ignoring ASCII case and white space around them. */
int import_name_eq(const char *a, const char *b);
/* Set what column i feeds, or (feeds NULL) why it is ignored. */
void import_set_feeds(struct import_ctx *c, size_t i, const char *feeds, const char *why);

/*
 * Resolve a U.S. state or territory as written (any case, name, code or
 * alias); *found is 0 when unknown. Long files repeat one state row after
 * row, so the last answer is remembered.
 */
int import_find_state(struct import_ctx *c, const char *text, char code[3], int *found,
		      struct scta_err *err);

/* Parse a yes/no field; returns "yes", "no", "unknown", or NULL when invalid. */
const char *import_yesno(const char *s);
/* Index of s in words[0..n) ignoring ASCII case, or -1. */
int import_vocab(const char *s, const char *const *words, size_t n);
/*
 * s shortened for a message: at most 60 bytes, cut on a character
 * boundary, "..." added when cut. Returns buf.
 */
const char *import_short(const char *s, char buf[72]);

/* ---- kinds (partnerships.c, responses.c) ---- */

/* Map the header (c->names); refuse the file when it lacks what the kind needs. */
int import_partnerships_begin(struct import_ctx *c, struct scta_err *err);
/*
 * Check the current row (c->rec); record its problems with import_problem(),
 * or, when it has none, write it. Fails only when the store fails.
 */
int import_partnerships_row(struct import_ctx *c, struct scta_err *err);
void import_partnerships_end(struct import_ctx *c);

/*
 * The layout of a responses file from its first header row (c->names) and
 * opts->layout; how many more header rows it may have.
 */
enum import_layout import_responses_layout(const struct import_ctx *c, size_t *more_rows);
/* Is rec, read after the first header row, another header row of c->layout? */
int import_responses_subheader(const struct import_ctx *c, const struct import_record *rec);
int import_responses_begin(struct import_ctx *c, const struct questionnaire *q,
			   struct scta_err *err);
int import_responses_row(struct import_ctx *c, struct scta_err *err);
void import_responses_end(struct import_ctx *c);

#endif
