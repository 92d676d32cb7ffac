/*
 * db.h - store/'s private door to SQLite. Only store/ includes this file;
 * only db.c includes <sqlite3.h>.
 *
 * A thin, typed wrapper so that the store's SQL can live in several files
 * (schema and ingest in store.c, report queries in query.c) while no
 * SQLite type leaks out. Errors fill struct scta_err with the SQLite message
 * and the statement's first line.
 */
#ifndef SCTA_STORE_DB_H
#define SCTA_STORE_DB_H

#include <stddef.h>
#include <stdint.h>

struct scta_err;
struct db;        /* a connection */
struct db_stmt;   /* a prepared statement */

enum db_type { DB_NULL = 0, DB_INT, DB_REAL, DB_TEXT, DB_BLOB };

/* How db_open opens: read only, read and write, or also creating the file. */
enum db_mode { DB_READ, DB_WRITE, DB_CREATE };

/* Open the database at path. Caller closes. */
int db_open(const char *path, enum db_mode mode, struct db **out, struct scta_err *err);
void db_close(struct db *db);
/* Run one or more statements with no parameters and no rows. */
int db_exec(struct db *db, const char *sql, struct scta_err *err);
/* Prepare one statement; caller finalizes with db_finalize (NULL allowed). */
int db_prepare(struct db *db, const char *sql, struct db_stmt **out, struct scta_err *err);
void db_finalize(struct db_stmt *st);
/* Parameters are 1-based, as in SQLite. A NULL text binds NULL. */
int db_bind_text(struct db_stmt *st, int i, const char *s, struct scta_err *err);
int db_bind_int(struct db_stmt *st, int i, int64_t v, struct scta_err *err);
int db_bind_real(struct db_stmt *st, int i, double v, struct scta_err *err);
int db_bind_null(struct db_stmt *st, int i, struct scta_err *err);
/* Step: returns 0 and sets *row to 1 when a row is ready, 0 when done. */
int db_step(struct db_stmt *st, int *row, struct scta_err *err);
/* Reset for reuse and clear bindings. */
void db_reset(struct db_stmt *st);
/* Columns are 0-based. Text stays valid until the next step/reset. */
enum db_type db_col_type(struct db_stmt *st, int i);
int64_t db_col_int(struct db_stmt *st, int i);
double db_col_real(struct db_stmt *st, int i);
const char *db_col_text(struct db_stmt *st, int i);   /* NULL for SQL NULL */
int db_col_count(struct db_stmt *st);
/* The name of result column i (as SQLite gives it: "status" for sp.status). */
const char *db_col_name(struct db_stmt *st, int i);
/* Rows changed by the last INSERT/UPDATE/DELETE. */
int64_t db_changes(struct db *db);
/*
 * Copy the whole of database src into dst (SQLite's online backup), e.g. a
 * read-only file into an in-memory database that may then be migrated.
 */
int db_copy(struct db *dst, struct db *src, struct scta_err *err);
/* Does the database already have table `name`? */
int db_has_table(struct db *db, const char *name, int *yes, struct scta_err *err);

#endif
