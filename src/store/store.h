/*
 * store.h - the SQLite store: schema, reference data, import batches,
 * records with provenance, rejects, and the read cursors and queries the
 * analysis uses. Only store/ speaks SQL (see db.h).
 *
 * A struct store is one open database (opaque). Strings passed in are
 * copied (bound) before the call returns; strings handed out by cursors stay
 * valid until the next call on that cursor.
 */
#ifndef SCTA_STORE_H
#define SCTA_STORE_H

#include <stddef.h>
#include <stdint.h>

struct scta_err;
struct store;
struct questionnaire;
struct cell;

/*
 * Open the database at path, creating it (and its directory) when missing.
 * *created is set to 1 when the schema was just made: the caller then loads
 * the reference data (import_reference()) before committing anything else.
 */
int store_open(const char *path, int *created, struct store **out, struct scta_err *err);
/*
 * A second, read-only connection to the database `of` is open on (a file,
 * not ":memory:"), for another thread: a connection is used by one thread
 * at a time. It reads what `of` has committed; temporary views of
 * store_filter() are per connection. Caller closes it with store_close().
 */
int store_open_reader(const struct store *of, struct store **out, struct scta_err *err);
/*
 * Size st's page cache for reading a report rather than importing: the
 * detail streams and the analysis scan and sort more than they revisit
 * pages, so the import's 8 MiB would only add to peak memory.
 */
int store_cache_for_reading(struct store *st, struct scta_err *err);
/*
 * Open an earlier round's database (`scta report --compare`) for reading
 * only: it is never written or migrated. A database of an older schema
 * version is copied into memory and the copy is migrated. Fails, naming
 * path, when it is missing, not an SQLite file, not an scta database or of
 * a newer schema. Caller closes *out with store_close().
 */
int store_open_previous(const char *path, struct store **out, struct scta_err *err);
void store_close(struct store *st);
/*
 * The value of key in the database's meta table (*value NULL when absent;
 * caller frees), and setting it (inside the caller's transaction). Keys
 * written by scta: schema_version; report_number and report_date, those of
 * the last report written from the database.
 */
int store_meta_get(struct store *st, const char *key, char **value, struct scta_err *err);
int store_meta_put(struct store *st, const char *key, const char *value, struct scta_err *err);
/* The path the store was opened with (":memory:" for an in-memory one). */
const char *store_path(const struct store *st);

/* One write transaction at a time (BEGIN IMMEDIATE / COMMIT / ROLLBACK). */
int store_begin(struct store *st, struct scta_err *err);
int store_commit(struct store *st, struct scta_err *err);
void store_rollback(struct store *st);
/* A read transaction, so every report query sees one snapshot. */
int store_begin_read(struct store *st, struct scta_err *err);

/* ---- reference data (loaded once into a new database) ---- */
int store_ref_country(struct store *st, const char *iso3, const char *iso2, const char *name,
		      const char *region, struct scta_err *err);
/* key is a text_key(); a key already present keeps its first country. */
int store_ref_country_alias(struct store *st, const char *key, const char *iso3, struct scta_err *err);
int store_ref_cpi(struct store *st, const char *iso3, int year, int score, int rank, struct scta_err *err);
int store_ref_state(struct store *st, const char *code, const char *name, const char *kind,
		    const char *fips, struct scta_err *err);
int store_ref_state_alias(struct store *st, const char *key, const char *code, struct scta_err *err);

/*
 * State laws on sister-city agreements (data/reference/state_laws.csv).
 * store_laws_clear() removes every law and its countries; store_law_put()
 * adds one (blank optional fields are stored as NULL); the caller holds a
 * transaction. Strings are borrowed for the call.
 */
struct store_law {
	const char *id, *state, *citation, *title;
	const char *requirement;      /* no_new, terminate or review */
	const char *effective, *deadline;   /* YYYY-MM-DD, or NULL/"" */
	const char *countries_as_of, *countries_source, *source_url;
	int position;
};
int store_laws_clear(struct store *st, struct scta_err *err);
int store_law_put(struct store *st, const struct store_law *l, struct scta_err *err);
/* iso3 must be a country of the reference data; a repeat is ignored. */
int store_law_country_put(struct store *st, const char *law_id, const char *iso3,
			  struct scta_err *err);
/* Count of CPI scores for year (0 when the year is not in the reference data). */
int store_cpi_count(struct store *st, int year, int64_t *n, struct scta_err *err);

/*
 * Resolve a country or state from a text_key() of what the user wrote.
 * *found is 0 when unknown. iso3 gets 3 letters + NUL, code 2 + NUL.
 */
int store_find_country(struct store *st, const char *key, char iso3[4], int *found, struct scta_err *err);
int store_find_state(struct store *st, const char *key, char code[3], int *found, struct scta_err *err);

/* ---- import batches and rejects ---- */
struct store_batch {
	int64_t id;
	char kind[16];           /* "partnerships" or "responses" */
	char sha256[65];
	char context[65];
	int64_t rows_read, rows_loaded, rows_rejected;
	int64_t rows_removed;    /* records of the file's earlier imports retired by this one */
};

/*
 * The most recent batch of this kind for this path, if any (*found).
 * Used to skip re-importing an identical file.
 */
int store_batch_latest(struct store *st, const char *kind, const char *path,
		       struct store_batch *out, int *found, struct scta_err *err);
/*
 * A new batch for the file whose identity is path (its canonical path);
 * name is how outputs show it (NULL: path).
 */
int store_batch_new(struct store *st, const char *kind, const char *path, const char *name,
		    const char *sha256, const char *context, const char *encoding, int64_t *id,
		    struct scta_err *err);
int store_batch_finish(struct store *st, int64_t id, int64_t read, int64_t loaded,
		       int64_t rejected, int64_t removed, struct scta_err *err);
/*
 * The latest import of a file is that file's truth: the records of kind
 * ("partnerships" or "responses") that earlier batches of the same path
 * loaded and batch did not load again are retired: moved, with their
 * answers, to the *_retired tables (history, never in a report). *removed
 * is how many records were retired. Call inside the import's transaction,
 * after its last row.
 */
int store_retire(struct store *st, const char *kind, int64_t batch, int64_t *removed,
		 struct scta_err *err);
/* Has any partnership file been imported (*has 1)? */
int store_has_partnership_batch(struct store *st, int *has, struct scta_err *err);
/* Are batches a and b imports of the same file (same kind and path)? */
int store_batch_same_file(struct store *st, int64_t a, int64_t b, int *same,
			  struct scta_err *err);
/*
 * Retire partnership id now, on behalf of batch (when a corrected file gives
 * the same partnership a new id: the new record takes its place).
 */
int store_partnership_retire(struct store *st, const char *id, int64_t batch,
			     struct scta_err *err);
/*
 * How many answers batch id rejected in rows it loaded (a bad answer rejects
 * that answer only): its rejects on the line of a response it stored.
 */
int store_batch_answer_rejects(struct store *st, int64_t id, int64_t *n, struct scta_err *err);
int store_reject(struct store *st, int64_t batch, const char *file, int64_t line,
		 const char *column, const char *value, const char *reason, struct scta_err *err);

/* ---- partnerships ---- */
/* All text fields are normalized by import/; NULL means not given. */
struct partnership_rec {
	const char *id;
	const char *natural_key;
	const char *us_community, *us_state, *us_community_type;
	const char *foreign_community, *foreign_region, *foreign_country;
	const char *established;     int established_year;   /* 0 = unknown */
	const char *status, *status_date; int status_year;   /* 0 = unknown */
	const char *status_reason;
	const char *sci_recognized, *agreement_type, *agreement_public, *political_clause;
	const char *intermediary;
	const char *activities;      /* normalized "a;b;c" or NULL */
	const char *notes, *source;
	int64_t batch_id, line;
};

/*
 * Look for a partnership that rec would collide with, by id or natural key.
 * *found: 0 none; 1 the same record (same id and key) exists; 2 the key
 * belongs to another id (conflict). *batch and *line tell where that record
 * came from, so the importer can reject a duplicate within one file naming
 * the first line, or update a record from an earlier batch.
 */
int store_partnership_find(struct store *st, const char *id, const char *natural_key,
			   int *found, char **other_id, int64_t *batch, int64_t *line,
			   struct scta_err *err);
/* Insert or replace by id (and its activity rows). */
int store_partnership_put(struct store *st, const struct partnership_rec *rec, struct scta_err *err);

/* ---- questionnaire and responses ---- */
/* Replace the stored questionnaire (scales and questions) with q. */
int store_questionnaire_put(struct store *st, const struct questionnaire *q, struct scta_err *err);

struct response_rec {
	const char *id;
	const char *us_community, *us_state, *community_key;
	const char *partnership_id, *respondent, *submitted;
	int64_t batch_id, line;
};
/*
 * The stored response with this id, if any: its community key, batch and
 * line (to reject one response id used for two communities in one file).
 * *community_key is owned by the caller.
 */
int store_response_find(struct store *st, const char *id, int *found, char **community_key,
			int64_t *batch, int64_t *line, struct scta_err *err);
/*
 * Insert or update the response by id. Answers it has from other batches
 * are deleted: a response imported again replaces its answers as a whole.
 */
int store_response_put(struct store *st, const struct response_rec *rec, struct scta_err *err);

struct answer_rec {
	const char *response_id, *question_id, *value;
	int has_num;
	double num;
	const char *comment;
	int64_t batch_id, line;
};
/* Insert or replace the answer of rec's response to rec's question. */
int store_answer_put(struct store *st, const struct answer_rec *rec, struct scta_err *err);
/*
 * Insert the answer unless its response already has an answer to that
 * question: then nothing changes, *dup is 1 and *dup_line is the line of
 * the answer kept. One statement a row, for long files of a million
 * answers.
 */
int store_answer_add(struct store *st, const struct answer_rec *rec, int *dup, int64_t *dup_line,
		     struct scta_err *err);

/* ---- read cursors for detail rows and report queries (query.c) ---- */

/*
 * A forward-only cursor over the rows of one query. Each row is handed out
 * as ncols cells (text, integers, reals or NULL) whose strings are valid
 * until the next store_cursor_next(). The cursor is owned by the caller.
 */
struct store_cursor;
int store_cursor_next(struct store_cursor *c, const struct cell **row, struct scta_err *err);
size_t store_cursor_ncols(const struct store_cursor *c);
/* The name of column i of the cursor's rows ("" when out of range). */
const char *store_cursor_colname(const struct store_cursor *c, size_t i);
void store_cursor_close(struct store_cursor *c);

/*
 * Report queries. `sql_id` names one of the statements in query.c; params
 * are bound in order (?1, ?2, ...) by their cell kind (text, integer, real,
 * NULL). Analysis code chooses queries by name and never writes SQL.
 */
int store_query(struct store *st, const char *sql_id, const struct cell *params, size_t nparams,
		struct store_cursor **out, struct scta_err *err);


/* ---- provenance of the records in the store (batches.c) ---- */
/*
 * Call fn for the latest batch of each (kind, path), in import order: the
 * batches whose rows the report shows; name is how outputs show the file.
 * fn returning non-zero stops the walk and is returned. The batch's strings
 * are valid during the call only.
 */
int store_batches_latest(struct store *st,
			 int (*fn)(void *ctx, const struct store_batch *b, const char *name),
			 void *ctx, struct scta_err *err);

/*
 * Restrict what the report queries see to the partnerships and responses of
 * one U.S. state (state = "CA") or one community (community_key =
 * "CA|san francisco", as text_key() makes it); both NULL lifts the filter.
 * Applies to this connection only and never changes the stored data.
 */
int store_filter(struct store *st, const char *state, const char *community_key,
		 struct scta_err *err);
/* Apply to `to` the filter store_filter() last set on `from` (none: lift it). */
int store_filter_like(struct store *to, const struct store *from, struct scta_err *err);
/*
 * 1 when store_filter() restricts this connection: report queries then see
 * a part of the store, and the "_all" queries of query.c the whole of it.
 */
int store_filtered(const struct store *st);

#endif
