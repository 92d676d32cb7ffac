/*
 * db.c - store/'s one door to SQLite: connections, statements, typed
 * binds and columns, errors that name the database and the statement.
 */
#include "store/db.h"
#include "util/err.h"
#include "util/mem.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

struct db {
	sqlite3 *h;
	char *path;         /* for messages */
};

struct db_stmt {
	sqlite3_stmt *h;
	struct db *db;
};

/* The first line of a statement, for messages. */
static void first_line(const char *sql, char *buf, size_t size)
{
	size_t n = strcspn(sql, "\n");

	while (*sql == ' ' || *sql == '\t')
		sql++, n--;
	if (n >= size)
		n = size - 1;
	memcpy(buf, sql, n);
	buf[n] = '\0';
}

/* "DB: what: SQLite's message"; a file that is not a database says so plainly. */
static int fail(struct db *db, const char *what, struct scta_err *err)
{
	int code = db && db->h ? sqlite3_errcode(db->h) : SQLITE_NOMEM;

	if (code == SQLITE_NOTADB)
		return scta_err_set(err, SCTA_ERR_RUNTIME,
				    "%s: not an SQLite database (give another --db)", db->path);
	/* The disk's fault, not the statement's: the SQL would only distract. */
	if ((code & 0xff) == SQLITE_FULL || (code & 0xff) == SQLITE_IOERR ||
	    (code & 0xff) == SQLITE_READONLY || (code & 0xff) == SQLITE_CANTOPEN)
		return scta_err_set(err, SCTA_ERR_RUNTIME, "%s: %s", db->path,
				    sqlite3_errmsg(db->h));
	return scta_err_set(err, SCTA_ERR_RUNTIME, "%s: %s: %s", db ? db->path : "database", what,
			    db && db->h ? sqlite3_errmsg(db->h) : "out of memory");
}

int db_open(const char *path, enum db_mode mode, struct db **out, struct scta_err *err)
{
	struct db *db = xcalloc(1, sizeof(*db));
	int flags = mode == DB_READ ? SQLITE_OPEN_READONLY
		    : SQLITE_OPEN_READWRITE | (mode == DB_CREATE ? SQLITE_OPEN_CREATE : 0);
	int rc;

	*out = NULL;
	db->path = xstrdup(path);
	if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
		rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: cannot open database: %s", path,
				  db->h ? sqlite3_errmsg(db->h) : "out of memory");
		db_close(db);
		return rc;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, 5000);
	*out = db;
	return 0;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	sqlite3_close_v2(db->h);
	free(db->path);
	free(db);
}

int db_exec(struct db *db, const char *sql, struct scta_err *err)
{
	char *msg = NULL;
	char what[120];
	int rc;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	sqlite3_free(msg);
	first_line(sql, what, sizeof(what));
	rc = fail(db, what, err);
	return rc;
}

int db_prepare(struct db *db, const char *sql, struct db_stmt **out, struct scta_err *err)
{
	sqlite3_stmt *h = NULL;
	char what[120];

	*out = NULL;
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &h, NULL) != SQLITE_OK) {
		first_line(sql, what, sizeof(what));
		return fail(db, what, err);
	}
	*out = xcalloc(1, sizeof(**out));
	(*out)->h = h;
	(*out)->db = db;
	return 0;
}

void db_finalize(struct db_stmt *st)
{
	if (!st)
		return;
	sqlite3_finalize(st->h);
	free(st);
}

static int bind_rc(struct db_stmt *st, int rc, struct scta_err *err)
{
	return rc == SQLITE_OK ? 0 : fail(st->db, "bind", err);
}

int db_bind_text(struct db_stmt *st, int i, const char *s, struct scta_err *err)
{
	if (!s)
		return db_bind_null(st, i, err);
	return bind_rc(st, sqlite3_bind_text(st->h, i, s, -1, SQLITE_TRANSIENT), err);
}

int db_bind_int(struct db_stmt *st, int i, int64_t v, struct scta_err *err)
{
	return bind_rc(st, sqlite3_bind_int64(st->h, i, v), err);
}

int db_bind_real(struct db_stmt *st, int i, double v, struct scta_err *err)
{
	return bind_rc(st, sqlite3_bind_double(st->h, i, v), err);
}

int db_bind_null(struct db_stmt *st, int i, struct scta_err *err)
{
	return bind_rc(st, sqlite3_bind_null(st->h, i), err);
}

int db_step(struct db_stmt *st, int *row, struct scta_err *err)
{
	int rc = sqlite3_step(st->h);
	char what[120];

	*row = 0;
	if (rc == SQLITE_ROW) {
		*row = 1;
		return 0;
	}
	if (rc == SQLITE_DONE)
		return 0;
	first_line(sqlite3_sql(st->h), what, sizeof(what));
	return fail(st->db, what, err);
}

void db_reset(struct db_stmt *st)
{
	sqlite3_reset(st->h);
	sqlite3_clear_bindings(st->h);
}

enum db_type db_col_type(struct db_stmt *st, int i)
{
	switch (sqlite3_column_type(st->h, i)) {
	case SQLITE_INTEGER: return DB_INT;
	case SQLITE_FLOAT: return DB_REAL;
	case SQLITE_TEXT: return DB_TEXT;
	case SQLITE_BLOB: return DB_BLOB;
	default: return DB_NULL;
	}
}

int64_t db_col_int(struct db_stmt *st, int i)
{
	return sqlite3_column_int64(st->h, i);
}

double db_col_real(struct db_stmt *st, int i)
{
	return sqlite3_column_double(st->h, i);
}

const char *db_col_text(struct db_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st->h, i);
}

int db_col_count(struct db_stmt *st)
{
	return sqlite3_column_count(st->h);
}

const char *db_col_name(struct db_stmt *st, int i)
{
	const char *n = sqlite3_column_name(st->h, i);

	return n ? n : "";
}

int64_t db_changes(struct db *db)
{
	return sqlite3_changes64(db->h);
}

int db_copy(struct db *dst, struct db *src, struct scta_err *err)
{
	sqlite3_backup *b = sqlite3_backup_init(dst->h, "main", src->h, "main");
	int rc;

	if (!b)
		return fail(dst, "copy", err);
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return scta_err_set(err, SCTA_ERR_RUNTIME, "%s: cannot copy the database: %s",
				    src->path, sqlite3_errstr(rc));
	return 0;
}

int db_has_table(struct db *db, const char *name, int *yes, struct scta_err *err)
{
	struct db_stmt *st = NULL;
	int rc, row = 0;

	*yes = 0;
	rc = db_prepare(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1", &st, err);
	if (!rc)
		rc = db_bind_text(st, 1, name, err);
	if (!rc)
		rc = db_step(st, &row, err);
	*yes = row;
	db_finalize(st);
	return rc;
}
