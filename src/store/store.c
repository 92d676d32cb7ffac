/*
 * store.c - the store's schema, transactions, reference data and the ingest
 * side (batches, rejects, partnerships, questionnaire, responses).
 *
 * Every statement lives in the table below and is prepared once per store,
 * on first use, then reset and reused: an import of a million rows runs the
 * same few statements a million times inside one transaction.
 */
#include "store/store.h"
#include "config/config.h"
#include "store/store_int.h"
#include "util/embed.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/mem.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/utf8.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* store/schema.sql, compiled in (cmake/embed.cmake). */
extern const struct embedded_file schema_files[];

enum stmt_id {
	S_BEGIN, S_BEGIN_READ, S_COMMIT, S_ROLLBACK,
	S_META_VERSION, S_META_PUT, S_META_GET, S_COUNTRY_COUNT,
	S_COUNTRY_ADD, S_COUNTRY_ALIAS_ADD, S_CPI_ADD, S_STATE_ADD, S_STATE_ALIAS_ADD,
	S_CPI_COUNT, S_COUNTRY_FIND, S_STATE_FIND,
	S_LAW_CLEAR, S_LAW_ADD, S_LAW_COUNTRY_ADD,
	S_BATCH_LATEST, S_BATCH_NEW, S_BATCH_FINISH, S_REJECT_ADD,
	S_RETIRE_PARTNERSHIPS_KEEP, S_RETIRE_PARTNERSHIPS_DROP,
	S_RETIRE_ANSWERS_KEEP, S_RETIRE_RESPONSES_KEEP, S_RETIRE_RESPONSES_DROP,
	S_RETIRE_ONE_KEEP, S_RETIRE_ONE_DROP, S_BATCH_SAME_FILE,
	S_BATCH_ANSWER_REJECTS,
	S_PARTNERSHIP_FIND, S_PARTNERSHIP_PUT, S_ACTIVITY_CLEAR, S_ACTIVITY_ADD,
	S_SCALE_CLEAR, S_QUESTION_CLEAR, S_SCALE_ADD, S_QUESTION_ADD,
	S_RESPONSE_FIND, S_RESPONSE_CLEAR, S_RESPONSE_PUT,
	S_ANSWER_PUT, S_ANSWER_ADD, S_ANSWER_LINE,
	S_COUNT
};

static const char *const stmt_sql[S_COUNT] = {
	[S_BEGIN] = "BEGIN IMMEDIATE",
	[S_BEGIN_READ] = "BEGIN DEFERRED",
	[S_COMMIT] = "COMMIT",
	[S_ROLLBACK] = "ROLLBACK",
	[S_META_VERSION] = "SELECT value FROM meta WHERE key = 'schema_version'",
	[S_META_PUT] = "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
	[S_META_GET] = "SELECT value FROM meta WHERE key = ?1",
	[S_COUNTRY_COUNT] = "SELECT count(*) FROM country",
	[S_COUNTRY_ADD] = "INSERT INTO country (iso3, iso2, name, region) VALUES (?1, ?2, ?3, ?4)",
	[S_COUNTRY_ALIAS_ADD] = "INSERT OR IGNORE INTO country_alias (key, iso3) VALUES (?1, ?2)",
	[S_CPI_ADD] = "INSERT INTO cpi (iso3, year, score, rank) VALUES (?1, ?2, ?3, ?4)",
	[S_STATE_ADD] = "INSERT INTO us_state (code, name, kind, fips) VALUES (?1, ?2, ?3, ?4)",
	[S_STATE_ALIAS_ADD] = "INSERT OR IGNORE INTO state_alias (key, code) VALUES (?1, ?2)",
	[S_CPI_COUNT] = "SELECT count(*) FROM cpi WHERE year = ?1",
	[S_COUNTRY_FIND] = "SELECT iso3 FROM country_alias WHERE key = ?1",
	[S_STATE_FIND] = "SELECT code FROM state_alias WHERE key = ?1",
	/* state_law_country goes with its law (ON DELETE CASCADE). */
	[S_LAW_CLEAR] = "DELETE FROM state_law",
	[S_LAW_ADD] =
		"INSERT INTO state_law (id, position, state, citation, title, requirement, effective,"
		" deadline, countries_as_of, countries_source, source_url)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[S_LAW_COUNTRY_ADD] = "INSERT OR IGNORE INTO state_law_country (law_id, iso3) VALUES (?1, ?2)",
	[S_BATCH_LATEST] =
		"SELECT id, kind, sha256, context, rows_read, rows_loaded, rows_rejected, rows_removed\n"
		"  FROM batch WHERE kind = ?1 AND path = ?2 ORDER BY seq DESC LIMIT 1",
	[S_BATCH_NEW] =
		"INSERT INTO batch (kind, path, sha256, context, encoding, name, seq)\n"
		"  VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT coalesce(max(seq), 0) + 1 FROM batch))\n"
		"  RETURNING id",
	[S_BATCH_FINISH] =
		"UPDATE batch SET rows_read = ?2, rows_loaded = ?3, rows_rejected = ?4, rows_removed = ?5\n"
		"  WHERE id = ?1",
	/* Rejects on the line of a stored response: answers rejected in loaded rows. */
	[S_BATCH_ANSWER_REJECTS] =
		"SELECT count(*) FROM response r JOIN reject j ON j.batch_id = r.batch_id AND j.line = r.line\n"
		"  WHERE r.batch_id = ?1",
	[S_REJECT_ADD] =
		"INSERT INTO reject (batch_id, file, line, column, value, reason)\n"
		"  VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	/*
	 * Retiring: ?1 the new batch. The records of the same file's earlier
	 * batches that it did not load again (their batch_id is still an older
	 * batch of that path) move to the *_retired tables.
	 */
#define OLDER_BATCHES(kind) \
	"(SELECT o.id FROM batch o JOIN batch n ON n.id = ?1\n" \
	"  WHERE o.kind = '" kind "' AND o.path = n.path AND o.id <> n.id)"
	[S_RETIRE_PARTNERSHIPS_DROP] =
		"DELETE FROM partnership WHERE batch_id IN " OLDER_BATCHES("partnerships"),
	[S_RETIRE_ANSWERS_KEEP] =
		"INSERT INTO answer_retired (response_id, question_id, value, num, comment, batch_id,\n"
		"    line, retired_by)\n"
		"  SELECT a.response_id, a.question_id, a.value, a.num, a.comment, a.batch_id, a.line, ?1\n"
		"  FROM response r JOIN answer a ON a.response_id = r.id\n"
		"  WHERE r.batch_id IN " OLDER_BATCHES("responses"),
	[S_RETIRE_RESPONSES_KEEP] =
		"INSERT INTO response_retired (id, us_community, us_state, community_key,\n"
		"    partnership_id, respondent, submitted, batch_id, line, retired_by)\n"
		"  SELECT id, us_community, us_state, community_key, partnership_id, respondent,\n"
		"    submitted, batch_id, line, ?1\n"
		"  FROM response WHERE batch_id IN " OLDER_BATCHES("responses"),
	/* Their answers go with them (ON DELETE CASCADE). */
	[S_RETIRE_RESPONSES_DROP] =
		"DELETE FROM response WHERE batch_id IN " OLDER_BATCHES("responses"),
#undef OLDER_BATCHES
	/* One partnership (?2) retired by batch ?1. */
	[S_RETIRE_ONE_DROP] = "DELETE FROM partnership WHERE id = ?2 AND ?1 IS NOT NULL",
	[S_BATCH_SAME_FILE] =
		"SELECT count(*) FROM batch a JOIN batch b ON a.kind = b.kind AND a.path = b.path\n"
		"  WHERE a.id = ?1 AND b.id = ?2",
	[S_PARTNERSHIP_FIND] =
		"SELECT id, natural_key, batch_id, line FROM partnership\n"
		"  WHERE id = ?1 OR natural_key = ?2",
	[S_ACTIVITY_CLEAR] = "DELETE FROM partnership_activity WHERE partnership_id = ?1",
	[S_ACTIVITY_ADD] =
		"INSERT OR IGNORE INTO partnership_activity (partnership_id, activity) VALUES (?1, ?2)",
	[S_SCALE_CLEAR] = "DELETE FROM scale_value",
	[S_QUESTION_CLEAR] = "DELETE FROM question",
	[S_SCALE_ADD] =
		"INSERT INTO scale_value (scale, position, value, label, valid) VALUES (?1, ?2, ?3, ?4, ?5)",
	[S_QUESTION_ADD] =
		"INSERT INTO question (id, position, topic, text, type, scale, weight, safeguard)\n"
		"  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[S_RESPONSE_FIND] = "SELECT community_key, batch_id, line FROM response WHERE id = ?1",
	/* A response imported again replaces its earlier answers as a whole. */
	[S_RESPONSE_CLEAR] = "DELETE FROM answer WHERE response_id = ?1 AND batch_id <> ?2",
	[S_RESPONSE_PUT] =
		"INSERT INTO response (id, us_community, us_state, community_key, partnership_id,\n"
		"    respondent, submitted, batch_id, line)\n"
		"  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)\n"
		"  ON CONFLICT (id) DO UPDATE SET us_community = excluded.us_community,\n"
		"    us_state = excluded.us_state, community_key = excluded.community_key,\n"
		"    partnership_id = excluded.partnership_id, respondent = excluded.respondent,\n"
		"    submitted = excluded.submitted, batch_id = excluded.batch_id, line = excluded.line",
	[S_ANSWER_PUT] =
		"INSERT INTO answer (response_id, question_id, value, num, comment, batch_id, line)\n"
		"  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)\n"
		"  ON CONFLICT (response_id, question_id) DO UPDATE SET value = excluded.value,\n"
		"    num = excluded.num, comment = excluded.comment, batch_id = excluded.batch_id,\n"
		"    line = excluded.line",
	[S_ANSWER_ADD] =
		"INSERT INTO answer (response_id, question_id, value, num, comment, batch_id, line)\n"
		"  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)\n"
		"  ON CONFLICT (response_id, question_id) DO NOTHING",
	[S_ANSWER_LINE] = "SELECT line FROM answer WHERE response_id = ?1 AND question_id = ?2",
};

/* The prepared statement `id`, prepared on first use; owned by the store. */
/*
 * The partnership's columns, in the table's order: each is bound from its
 * member of struct partnership_rec, by this table alone. The INSERT and the
 * statements that copy a partnership into partnership_retired are made
 * from it (partnership_sql), so a column is added in one place here.
 */
enum pcol_kind { PCOL_TEXT, PCOL_YEAR, PCOL_INT };
static const struct pcol {
	const char *name;
	enum pcol_kind kind;
	size_t off;
} pcols[] = {
#define TEXT(m) { #m, PCOL_TEXT, offsetof(struct partnership_rec, m) }
#define YEAR(m) { #m, PCOL_YEAR, offsetof(struct partnership_rec, m) }
#define INT(m) { #m, PCOL_INT, offsetof(struct partnership_rec, m) }
	TEXT(id), TEXT(natural_key), TEXT(us_community), TEXT(us_state), TEXT(us_community_type),
	TEXT(foreign_community), TEXT(foreign_region), TEXT(foreign_country), TEXT(established),
	YEAR(established_year), TEXT(status), TEXT(status_date), YEAR(status_year),
	TEXT(status_reason), TEXT(sci_recognized), TEXT(agreement_type), TEXT(agreement_public),
	TEXT(political_clause), TEXT(intermediary), TEXT(activities), TEXT(notes), TEXT(source),
	INT(batch_id), INT(line),
#undef TEXT
#undef YEAR
#undef INT
};
#define NPCOLS (sizeof(pcols) / sizeof(pcols[0]))

/* The statements made from pcols; NULL for the others (stmt_sql has them). */
static char *partnership_sql(enum stmt_id id)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	switch (id) {
	case S_PARTNERSHIP_PUT:
		/* NULL is "not recorded": no default stands in for a blank field. */
		strbuf_adds(&sb, "INSERT INTO partnership (");
		for (i = 0; i < NPCOLS; i++)
			strbuf_addf(&sb, "%s%s", i ? ", " : "", pcols[i].name);
		strbuf_adds(&sb, ")\n  VALUES (");
		for (i = 0; i < NPCOLS; i++)
			strbuf_addf(&sb, "%s?%zu", i ? ", " : "", i + 1);
		strbuf_adds(&sb, ")\n  ON CONFLICT (id) DO UPDATE SET ");
		for (i = 1; i < NPCOLS; i++)
			strbuf_addf(&sb, "%s%s = excluded.%s", i > 1 ? ", " : "", pcols[i].name,
				    pcols[i].name);
		break;
	case S_RETIRE_PARTNERSHIPS_KEEP:
	case S_RETIRE_ONE_KEEP:
		/* ?1 the retiring batch; one partnership ?2, or the file's older batches' records. */
		strbuf_adds(&sb, "INSERT INTO partnership_retired (");
		for (i = 0; i < NPCOLS; i++)
			strbuf_addf(&sb, "%s, ", pcols[i].name);
		strbuf_adds(&sb, "retired_by)\n  SELECT ");
		for (i = 0; i < NPCOLS; i++)
			strbuf_addf(&sb, "%s, ", pcols[i].name);
		strbuf_adds(&sb, "?1 FROM partnership WHERE ");
		if (id == S_RETIRE_ONE_KEEP)
			strbuf_adds(&sb, "id = ?2");
		else
			strbuf_adds(&sb, "batch_id IN (SELECT o.id FROM batch o JOIN batch n ON n.id = ?1"
				    " WHERE o.kind = 'partnerships' AND o.path = n.path AND o.id <> n.id)");
		break;
	default:
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

static int stmt(struct store *st, enum stmt_id id, struct db_stmt **out, struct scta_err *err)
{
	int rc;

	if (!st->stmts[id]) {
		char *made = stmt_sql[id] ? NULL : partnership_sql(id);

		if (!stmt_sql[id] && !made)
			return scta_err_set(err, SCTA_ERR_RUNTIME, "database: statement %d has no SQL",
					    (int)id);
		rc = db_prepare(st->db, made ? made : stmt_sql[id], &st->stmts[id], err);
		free(made);
		if (rc) {
			*out = NULL;
			return rc;
		}
	}
	*out = st->stmts[id];
	return 0;
}

/* Reset a statement for reuse; NULL (never prepared) is fine. */
static void reset(struct db_stmt *s)
{
	if (s)
		db_reset(s);
}

/* Run a statement that returns no rows (its parameters already bound), then reset it. */
static int run(struct db_stmt *s, struct scta_err *err)
{
	int row, rc = db_step(s, &row, err);

	db_reset(s);
	return rc;
}

/* Run a parameterless statement of the table. */
static int run_id(struct store *st, enum stmt_id id, struct scta_err *err)
{
	struct db_stmt *s;
	int rc = stmt(st, id, &s, err);

	return rc ? rc : run(s, err);
}

/* Bind an optional integer: 0 means unknown and is stored as NULL. */
static int bind_opt_int(struct db_stmt *s, int i, int64_t v, struct scta_err *err)
{
	return v ? db_bind_int(s, i, v, err) : db_bind_null(s, i, err);
}

/* Copy a short code (ISO3, USPS) into a fixed buffer, never overflowing. */
static void copy_code(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

static int create_schema(struct store *st, struct scta_err *err)
{
	struct db_stmt *s = NULL;
	char version[16];
	int rc;

	rc = run_id(st, S_BEGIN, err);
	if (!rc)
		rc = db_exec(st->db, schema_files[0].data, err);
	snprintf(version, sizeof(version), "%d", STORE_SCHEMA_VERSION);
	if (!rc)
		rc = stmt(st, S_META_PUT, &s, err);
	if (!rc)
		rc = db_bind_text(s, 1, "schema_version", err);
	if (!rc)
		rc = db_bind_text(s, 2, version, err);
	if (!rc)
		rc = run(s, err);
	if (!rc)
		rc = run_id(st, S_COMMIT, err);
	if (rc)
		store_rollback(st);
	return rc;
}

/*
 * Refuse a database made by another program or by a newer scta; *version
 * is the database's schema version.
 */
static int check_version(struct store *st, int64_t *version, struct scta_err *err)
{
	struct db_stmt *s;
	int64_t v = 0;
	int row = 0, ok = 0, rc;

	rc = stmt(st, S_META_VERSION, &s, err);
	if (!rc)
		rc = db_step(s, &row, err);
	if (!rc && row)
		ok = !text_int(db_col_text(s, 0), 1, 1000000, &v);
	reset(s);
	if (rc)
		return rc;
	if (!row || !ok)
		return scta_err_set(err, SCTA_ERR_RUNTIME,
				    "%s: not an scta database (no valid schema_version in table meta)",
				    st->path);
	if (v > STORE_SCHEMA_VERSION)
		return scta_err_set(err, SCTA_ERR_RUNTIME,
				    "%s: database schema version %lld is newer than this program "
				    "supports (%d); use a newer scta or another --db",
				    st->path, (long long)v, STORE_SCHEMA_VERSION);
	*version = v;
	return 0;
}

/* A database with no tables at all (an empty file) is initialized like a new one. */
static int is_empty(struct store *st, int *empty, struct scta_err *err)
{
	struct db_stmt *s = NULL;
	int row = 0, rc;

	*empty = 0;
	rc = db_prepare(st->db, "SELECT count(*) FROM sqlite_schema", &s, err);
	if (!rc)
		rc = db_step(s, &row, err);
	if (!rc && row)
		*empty = db_col_int(s, 0) == 0;
	db_finalize(s);
	return rc;
}

/* A store on a new connection to path; *out is set even on failure (for store_close). */
static int store_connect(const char *path, enum db_mode mode, struct store **out,
			 struct scta_err *err)
{
	struct store *st = xcalloc(1, sizeof(*st));

	st->path = xstrdup(path);
	st->nstmts = S_COUNT;
	st->stmts = xcalloc(S_COUNT, sizeof(*st->stmts));
	*out = st;
	return db_open(path, mode, &st->db, err);
}

int store_open(const char *path, int *created, struct store **out, struct scta_err *err)
{
	struct store *st = NULL;
	struct stat sb;
	char *dir = NULL;
	int exists, has_meta = 0, empty = 0, row = 0, rc;
	int64_t version = 0;
	struct db_stmt *s;

	*out = NULL;
	*created = 0;
	exists = !strcmp(path, ":memory:") || !stat(path, &sb);
	if (!exists) {
		dir = fs_dirname(path);
		rc = fs_mkdirs(dir, err);
		if (rc)
			goto out;
	}
	rc = store_connect(path, DB_CREATE, &st, err);
	if (rc)
		goto out;
	/*
	 * The default rollback journal keeps the database one file (easy to copy
	 * or delete); synchronous=NORMAL is safe with it and much faster on
	 * import commits than FULL. The page cache is fixed at 8 MiB whatever
	 * the input size: answers go in in key order, and a bigger cache only
	 * raised peak memory (64 MiB: +80 MiB RSS for 0.2 s at a million
	 * answers).
	 */
	rc = db_exec(st->db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; "
		     "PRAGMA cache_size = -8192;", err);
	if (!rc)
		rc = db_has_table(st->db, "meta", &has_meta, err);
	if (!rc && !has_meta)
		rc = is_empty(st, &empty, err);
	if (rc)
		goto out;
	if (!has_meta && !empty) {
		rc = scta_err_set(err, SCTA_ERR_RUNTIME,
				  "%s: not an scta database (it has tables but no table meta)", path);
		goto out;
	}
	if (!has_meta) {
		rc = create_schema(st, err);
		if (rc)
			goto out;
		*created = 1;
	} else {
		rc = check_version(st, &version, err);
		if (!rc)
			rc = store_migrate(st, version, err);
		if (rc)
			goto out;
		/* A database whose first run died before the reference data was loaded. */
		rc = stmt(st, S_COUNTRY_COUNT, &s, err);
		if (!rc)
			rc = db_step(s, &row, err);
		if (!rc && row && db_col_int(s, 0) == 0)
			*created = 1;
		reset(s);
		if (rc)
			goto out;
	}
	*out = st;
	st = NULL;
out:
	store_close(st);
	free(dir);
	return rc;
}

int store_cache_for_reading(struct store *st, struct scta_err *err)
{
	return db_exec(st->db, "PRAGMA cache_size = -2048;", err);
}

int store_open_reader(const struct store *of, struct store **out, struct scta_err *err)
{
	struct store *st;
	int64_t version = 0;
	int rc;

	*out = NULL;
	if (!strcmp(of->path, ":memory:"))
		return scta_err_set(err, SCTA_ERR_RUNTIME,
				    "database: an in-memory database has no second connection");
	rc = store_connect(of->path, DB_READ, &st, err);
	/*
	 * A reader runs beside the writer of the workbook, whose own connection
	 * keeps its 8 MiB. Its queries scan and sort more than they revisit
	 * pages: 2 MiB of cache made the analysis no slower at a million
	 * answers and kept peak memory 4 MiB lower.
	 */
	if (!rc)
		rc = store_cache_for_reading(st, err);
	if (!rc)
		rc = check_version(st, &version, err);
	if (!rc && version != STORE_SCHEMA_VERSION)
		rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: database schema version %lld, expected %d",
				  st->path, (long long)version, STORE_SCHEMA_VERSION);
	if (rc) {
		store_close(st);
		return rc;
	}
	*out = st;
	return 0;
}

/* The first bytes of every SQLite database file. */
static int looks_like_sqlite(const char *path)
{
	static const char magic[16] = "SQLite format 3";
	char buf[16];
	FILE *fp = fopen(path, "rb");
	size_t n = fp ? fread(buf, 1, sizeof(buf), fp) : 0;

	if (fp)
		fclose(fp);
	return n == sizeof(buf) && !memcmp(buf, magic, sizeof(buf));
}

int store_open_previous(const char *path, struct store **out, struct scta_err *err)
{
	struct store *file = NULL, *mem = NULL;
	struct stat sb;
	int64_t version = 0;
	int has_meta = 0, rc;

	*out = NULL;
	if (stat(path, &sb) || !S_ISREG(sb.st_mode))
		return scta_err_set(err, SCTA_ERR_RUNTIME, "%s: no such database file", path);
	if (!looks_like_sqlite(path))
		return scta_err_set(err, SCTA_ERR_RUNTIME,
				    "%s: not an SQLite database (--compare wants the earlier round's "
				    "database, e.g. its scta.db, or its output folder)", path);
	rc = store_connect(path, DB_READ, &file, err);
	if (!rc)
		rc = db_has_table(file->db, "meta", &has_meta, err);
	if (!rc && !has_meta)
		rc = scta_err_set(err, SCTA_ERR_RUNTIME,
				  "%s: not an scta database (it has no table meta)", path);
	if (!rc)
		rc = check_version(file, &version, err);
	if (rc || version == STORE_SCHEMA_VERSION)
		goto out;
	/*
	 * An older schema: the file is never changed, so an in-memory copy of
	 * it is brought to the current schema and read instead.
	 */
	rc = store_connect(":memory:", DB_CREATE, &mem, err);
	if (!rc)
		rc = db_copy(mem->db, file->db, err);
	if (!rc)
		rc = store_migrate(mem, version, err);
	if (rc)
		goto out;
	free(mem->path);
	mem->path = xstrdup(path);   /* messages name the file it was copied from */
	store_close(file);
	file = mem;
	mem = NULL;
out:
	store_close(mem);
	if (rc) {
		store_close(file);
		return rc;
	}
	*out = file;
	return 0;
}

int store_meta_get(struct store *st, const char *key, char **value, struct scta_err *err)
{
	struct db_stmt *s;
	int row = 0, rc;

	*value = NULL;
	rc = stmt(st, S_META_GET, &s, err);
	if (!rc)
		rc = db_bind_text(s, 1, key, err);
	if (!rc)
		rc = db_step(s, &row, err);
	if (!rc && row && db_col_text(s, 0))
		*value = xstrdup(db_col_text(s, 0));
	reset(s);
	return rc;
}

int store_meta_put(struct store *st, const char *key, const char *value, struct scta_err *err)
{
	struct db_stmt *s;
	int rc;

	rc = stmt(st, S_META_PUT, &s, err);
	if (!rc)
		rc = db_bind_text(s, 1, key, err);
	if (!rc)
		rc = db_bind_text(s, 2, value ? value : "", err);
	if (!rc)
		rc = run(s, err);
	return rc;
}

const char *store_path(const struct store *st)
{
	return st->path;
}

void store_close(struct store *st)
{
	size_t i;

	if (!st)
		return;
	for (i = 0; i < st->nstmts; i++)
		db_finalize(st->stmts[i]);
	free(st->stmts);
	db_close(st->db);
	free(st->path);
	free(st->filter_state);
	free(st->filter_community);
	free(st);
}

/*
 * Inside a write transaction every constrained single-row INSERT keeps a
 * statement journal: copies of the pages it touches, which spill to a temp
 * file past 64 KiB, about eight pwrite()s a row. Holding temp storage in
 * memory while the transaction runs keeps that journal off the disk (it
 * never holds more than one statement's pages). Report queries run with the
 * default again, so their large sorts still spill to temp files and memory
 * stays flat. (Changing temp_store drops temp objects; the report's filter
 * views are created only after the last write transaction.)
 */
int store_begin(struct store *st, struct scta_err *err)
{
	int rc = db_exec(st->db, "PRAGMA temp_store = MEMORY", err);

	return rc ? rc : run_id(st, S_BEGIN, err);
}

int store_commit(struct store *st, struct scta_err *err)
{
	int rc = run_id(st, S_COMMIT, err);

	return rc ? rc : db_exec(st->db, "PRAGMA temp_store = DEFAULT", err);
}

void store_rollback(struct store *st)
{
	struct scta_err ignored = SCTA_ERR_INIT;

	/* Fails only when no transaction is open, which is what the caller wants. */
	run_id(st, S_ROLLBACK, &ignored);
	db_exec(st->db, "PRAGMA temp_store = DEFAULT", &ignored);
}


int store_begin_read(struct store *st, struct scta_err *err)
{
	return run_id(st, S_BEGIN_READ, err);
}

/* ---- reference data ---- */

int store_ref_country(struct store *st, const char *iso3, const char *iso2, const char *name,
		      const char *region, struct scta_err *err)
{
	struct db_stmt *s;
	int rc = stmt(st, S_COUNTRY_ADD, &s, err);

	if (!rc)
		rc = db_bind_text(s, 1, iso3, err);
	if (!rc)
		rc = db_bind_text(s, 2, iso2 && *iso2 ? iso2 : NULL, err);
	if (!rc)
		rc = db_bind_text(s, 3, name, err);
	if (!rc)
		rc = db_bind_text(s, 4, region && *region ? region : NULL, err);
	if (!rc)
		rc = run(s, err);
	else
		reset(s);
	return rc;
}

static int add_alias(struct store *st, enum stmt_id id, const char *key, const char *target,
		     struct scta_err *err)
{
	struct db_stmt *s;
	int rc = stmt(st, id, &s, err);

	if (!rc)
		rc = db_bind_text(s, 1, key, err);
	if (!rc)
		rc = db_bind_text(s, 2, target, err);
	if (!rc)
		rc = run(s, err);
	else
		reset(s);
	return rc;
}

int store_ref_country_alias(struct store *st, const char *key, const char *iso3, struct scta_err *err)
{
	return add_alias(st, S_COUNTRY_ALIAS_ADD, key, iso3, err);
}

/* rank <= 0 means not published (stored as NULL). */
int store_ref_cpi(struct store *st, const char *iso3, int year, int score, int rank, struct scta_err *err)
{
	struct db_stmt *s;
	int rc = stmt(st, S_CPI_ADD, &s, err);

	if (!rc)
		rc = db_bind_text(s, 1, iso3, err);
	if (!rc)
		rc = db_bind_int(s, 2, year, err);
	if (!rc)
		rc = db_bind_int(s, 3, score, err);
	if (!rc)
		rc = bind_opt_int(s, 4, rank > 0 ? rank : 0, err);
	if (!rc)
		rc = run(s, err);
	else
		reset(s);
	return rc;
}

int store_ref_state(struct store *st, const char *code, const char *name, const char *kind,
		    const char *fips, struct scta_err *err)
{
	struct db_stmt *s;
	int rc = stmt(st, S_STATE_ADD, &s, err);

	if (!rc)
		rc = db_bind_text(s, 1, code, err);
	if (!rc)
		rc = db_bind_text(s, 2, name, err);
	if (!rc)
		rc = db_bind_text(s, 3, kind, err);
	if (!rc)
		rc = db_bind_text(s, 4, fips && *fips ? fips : NULL, err);
	if (!rc)
		rc = run(s, err);
	else
		reset(s);
	return rc;
}

int store_ref_state_alias(struct store *st, const char *key, const char *code, struct scta_err *err)
{
	return add_alias(st, S_STATE_ALIAS_ADD, key, code, err);
}

int store_laws_clear(struct store *st, struct scta_err *err)
{
	return run_id(st, S_LAW_CLEAR, err);
}

/* Bind optional text: NULL or "" is stored as NULL. */
static int bind_opt_text(struct db_stmt *s, int i, const char *v, struct scta_err *err)
{
	return db_bind_text(s, i, v && *v ? v : NULL, err);
}

int store_law_put(struct store *st, const struct store_law *l, struct scta_err *err)
{
	struct db_stmt *s;
	int rc = stmt(st, S_LAW_ADD, &s, err);

	if (!rc)
		rc = db_bind_text(s, 1, l->id, err);
	if (!rc)
		rc = db_bind_int(s, 2, l->position, err);
	if (!rc)
		rc = db_bind_text(s, 3, l->state, err);
	if (!rc)
		rc = db_bind_text(s, 4, l->citation, err);
	if (!rc)
		rc = db_bind_text(s, 5, l->title, err);
	if (!rc)
		rc = db_bind_text(s, 6, l->requirement, err);
	if (!rc)
		rc = bind_opt_text(s, 7, l->effective, err);
	if (!rc)
		rc = bind_opt_text(s, 8, l->deadline, err);
	if (!rc)
		rc = db_bind_text(s, 9, l->countries_as_of, err);
	if (!rc)
		rc = bind_opt_text(s, 10, l->countries_source, err);
	if (!rc)
		rc = bind_opt_text(s, 11, l->source_url, err);
	if (!rc)
		rc = run(s, err);
	else
		reset(s);
	return rc;
}

int store_law_country_put(struct store *st, const char *law_id, const char *iso3,
			  struct scta_err *err)
{
	return add_alias(st, S_LAW_COUNTRY_ADD, law_id, iso3, err);
}

int store_cpi_count(struct store *st, int year, int64_t *n, struct scta_err *err)
{
	struct db_stmt *s;
	int row = 0, rc = stmt(st, S_CPI_COUNT, &s, err);

	*n = 0;
	if (!rc)
		rc = db_bind_int(s, 1, year, err);
	if (!rc)
		rc = db_step(s, &row, err);
	if (!rc && row)
		*n = db_col_int(s, 0);
	reset(s);
	return rc;
}

static int find_code(struct store *st, enum stmt_id id, const char *key, char *code, size_t size,
		     int *found, struct scta_err *err)
{
	struct db_stmt *s;
	int row = 0, rc = stmt(st, id, &s, err);

	*found = 0;
	code[0] = '\0';
	if (!rc)
		rc = db_bind_text(s, 1, key, err);
	if (!rc)
		rc = db_step(s, &row, err);
	if (!rc && row) {
		copy_code(code, size, db_col_text(s, 0));
		*found = 1;
	}
	reset(s);
	return rc;
}

int store_find_country(struct store *st, const char *key, char iso3[4], int *found, struct scta_err *err)
{
	return find_code(st, S_COUNTRY_FIND, key, iso3, 4, found, err);
}

int store_find_state(struct store *st, const char *key, char code[3], int *found, struct scta_err *err)
{
	return find_code(st, S_STATE_FIND, key, code, 3, found, err);
}

/* ---- batches and rejects ---- */

int store_batch_latest(struct store *st, const char *kind, const char *path,
		       struct store_batch *out, int *found, struct scta_err *err)
{
	struct db_stmt *s;
	int row = 0, rc = stmt(st, S_BATCH_LATEST, &s, err);

	*found = 0;
	memset(out, 0, sizeof(*out));
	if (!rc)
		rc = db_bind_text(s, 1, kind, err);
	if (!rc)
		rc = db_bind_text(s, 2, path, err);
	if (!rc)
		rc = db_step(s, &row, err);
	if (!rc && row) {
		out->id = db_col_int(s, 0);
		copy_code(out->kind, sizeof(out->kind), db_col_text(s, 1));
		copy_code(out->sha256, sizeof(out->sha256), db_col_text(s, 2));
		copy_code(out->context, sizeof(out->context), db_col_text(s, 3));
		out->rows_read = db_col_int(s, 4);
		out->rows_loaded = db_col_int(s, 5);
		out->rows_rejected = db_col_int(s, 6);
		out->rows_removed = db_col_int(s, 7);
		*found = 1;
	}
	reset(s);
	return rc;
}

int store_batch_new(struct store *st, const char *kind, const char *path, const char *name,
		    const char *sha256, const char *context, const char *encoding, int64_t *id,
		    struct scta_err *err)
{
	struct db_stmt *s;
	int row = 0, rc = stmt(st, S_BATCH_NEW, &s, err);

	*id = 0;
	if (!rc)
		rc = db_bind_text(s, 1, kind, err);
	if (!rc)
		rc = db_bind_text(s, 2, path, err);
	if (!rc)
		rc = db_bind_text(s, 3, sha256, err);
	if (!rc)
		rc = db_bind_text(s, 4, context ? context : "", err);
	if (!rc)
		rc = db_bind_text(s, 5, encoding ? encoding : "utf-8", err);
	if (!rc)
		rc = db_bind_text(s, 6, name ? name : path, err);
	if (!rc)
		rc = db_step(s, &row, err);
	if (!rc && row)
		*id = db_col_int(s, 0);
	/* RETURNING rows are all produced by the first step; finish the statement. */
	while (!rc && row)
		rc = db_step(s, &row, err);
	reset(s);
	return rc;
}

/* Run statement id with the batch bound as ?1; *changes gets the rows it changed. */
static int run_batch(struct store *st, enum stmt_id id, int64_t batch, int64_t *changes,
		     struct scta_err *err)
{
	struct db_stmt *s;
	int rc = stmt(st, id, &s, err);

	if (!rc)
		rc = db_bind_int(s, 1, batch, err);
	if (!rc)
		rc = run(s, err);
	else
		reset(s);
	if (!rc && changes)
		*changes = db_changes(st->db);
	return rc;
}

int store_batch_same_file(struct store *st, int64_t a, int64_t b, int *same,
			  struct scta_err *err)
{
	struct db_stmt *s;
	int row = 0, rc = stmt(st, S_BATCH_SAME_FILE, &s, err);

	*same = 0;
	if (!rc)
		rc = db_bind_int(s, 1, a, err);
	if (!rc)
		rc = db_bind_int(s, 2, b, err);
	if (!rc)
		rc = db_step(s, &row, err);
	if (!rc && row)
		*same = db_col_int(s, 0) > 0;
	reset(s);
	return rc;
}

int store_partnership_retire(struct store *st, const char *id, int64_t batch,
			     struct scta_err *err)
{
	static const enum stmt_id ids[] = { S_RETIRE_ONE_KEEP, S_RETIRE_ONE_DROP };
	struct db_stmt *s;
	size_t i;
	int rc = 0;

	for (i = 0; i < 2 && !rc; i++) {
		rc = stmt(st, ids[i], &s, err);
		if (!rc)
			rc = db_bind_int(s, 1, batch, err);
		if (!rc)
			rc = db_bind_text(s, 2, id, err);
		if (!rc)
			rc = run(s, err);
		else
			reset(s);
	}
	return rc;
}

int store_retire(struct store *st, const char *kind, int64_t batch, int64_t *removed,
		 struct scta_err *err)
{
	int64_t kept = 0, dropped = 0;
	int rc;

	*removed = 0;
	if (!strcmp(kind, "partnerships")) {
		rc = run_batch(st, S_RETIRE_PARTNERSHIPS_KEEP, batch, &kept, err);
		if (!rc)
			rc = run_batch(st, S_RETIRE_PARTNERSHIPS_DROP, batch, &dropped, err);
	} else {
		rc = run_batch(st, S_RETIRE_ANSWERS_KEEP, batch, NULL, err);
		if (!rc)
			rc = run_batch(st, S_RETIRE_RESPONSES_KEEP, batch, &kept, err);
		if (!rc)
			rc = run_batch(st, S_RETIRE_RESPONSES_DROP, batch, &dropped, err);
	}
	if (!rc && kept != dropped)
		rc = scta_err_set(err, SCTA_ERR_RUNTIME,
				  "%s: retiring %s: %lld kept as history but %lld removed", st->path,
				  kind, (long long)kept, (long long)dropped);
	if (!rc)
		*removed = dropped;
	return rc;
}

int store_batch_finish(struct store *st, int64_t id, int64_t read, int64_t loaded,
		       int64_t rejected, int64_t removed, struct scta_err *err)
{
	struct db_stmt *s;
	int rc = stmt(st, S_BATCH_FINISH, &s, err);

	if (!rc)
		rc = db_bind_int(s, 1, id, err);
	if (!rc)
		rc = db_bind_int(s, 2, read, err);
	if (!rc)
		rc = db_bind_int(s, 3, loaded, err);
	if (!rc)
		rc = db_bind_int(s, 4, rejected, err);
	if (!rc)
		rc = db_bind_int(s, 5, removed, err);
	if (!rc)
		rc = run(s, err);
	else
		reset(s);
	return rc;
}

int store_batch_answer_rejects(struct store *st, int64_t id, int64_t *n, struct scta_err *err)
{
	struct db_stmt *s;
	int row = 0, rc = stmt(st, S_BATCH_ANSWER_REJECTS, &s, err);

	*n = 0;
	if (!rc)
		rc = db_bind_int(s, 1, id, err);
	if (!rc)
		rc = db_step(s, &row, err);
	if (!rc && row)
		*n = db_col_int(s, 0);
	reset(s);
	return rc;
}

/* Longest rejected value kept (bytes): enough to recognize it, never a whole file. */
#define REJECT_VALUE_MAX 200

int store_reject(struct store *st, int64_t batch, const char *file, int64_t line,
		 const char *column, const char *value, const char *reason, struct scta_err *err)
{
	struct db_stmt *s;
	const char *val = value ? value : "";
	char *v = xstrndup(val, utf8_prefix(val, strlen(val), REJECT_VALUE_MAX));
	int rc = stmt(st, S_REJECT_ADD, &s, err);

	if (!rc)
		rc = db_bind_int(s, 1, batch, err);
	if (!rc)
		rc = db_bind_text(s, 2, file ? file : "", err);
	if (!rc)
		rc = db_bind_int(s, 3, line, err);
	if (!rc)
		rc = db_bind_text(s, 4, column ? column : "", err);
	if (!rc)
		rc = db_bind_text(s, 5, v, err);
	if (!rc)
		rc = db_bind_text(s, 6, reason ? reason : "", err);
	if (!rc)
		rc = run(s, err);
	else
		reset(s);
	free(v);
	return rc;
}

/* ---- partnerships ---- */

int store_partnership_find(struct store *st, const char *id, const char *natural_key,
			   int *found, char **other_id, int64_t *batch, int64_t *line,
			   struct scta_err *err)
{
	struct db_stmt *s;
	int row = 0, rc = stmt(st, S_PARTNERSHIP_FIND, &s, err);

	*found = 0;
	if (other_id)
		*other_id = NULL;
	*batch = 0;
	*line = 0;
	if (!rc)
		rc = db_bind_text(s, 1, id, err);
	if (!rc)
		rc = db_bind_text(s, 2, natural_key, err);
	while (!rc && !(rc = db_step(s, &row, err)) && row) {
		const char *rid = db_col_text(s, 0), *rkey = db_col_text(s, 1);

		/* The key owned by another id outranks a match by id. */
		if (!strcmp(rkey, natural_key) && strcmp(rid, id)) {
			*found = 2;
			if (other_id) {
				free(*other_id);
				*other_id = xstrdup(rid);
			}
			*batch = db_col_int(s, 2);
			*line = db_col_int(s, 3);
		} else if (*found != 2) {
			*found = 1;
			*batch = db_col_int(s, 2);
			*line = db_col_int(s, 3);
		}
	}
	reset(s);
	if (rc && other_id) {
		free(*other_id);
		*other_id = NULL;
	}
	return rc;
}

int store_partnership_put(struct store *st, const struct partnership_rec *r, struct scta_err *err)
{
	struct db_stmt *s;
	size_t i;
	int rc = stmt(st, S_PARTNERSHIP_PUT, &s, err);

	for (i = 0; !rc && i < NPCOLS; i++) {
		const char *m = (const char *)r + pcols[i].off;

		switch (pcols[i].kind) {
		case PCOL_TEXT:
			rc = db_bind_text(s, (int)i + 1, *(const char *const *)(const void *)m, err);
			break;
		case PCOL_YEAR:   /* 0 = not known */
			rc = bind_opt_int(s, (int)i + 1, *(const int *)(const void *)m, err);
			break;
		case PCOL_INT:
			rc = db_bind_int(s, (int)i + 1, *(const int64_t *)(const void *)m, err);
			break;
		}
	}
	if (!rc)
		rc = run(s, err);
	else
		reset(s);
	if (!rc)
		rc = stmt(st, S_ACTIVITY_CLEAR, &s, err);
	if (!rc)
		rc = db_bind_text(s, 1, r->id, err);
	if (!rc)
		rc = run(s, err);
	if (!rc && r->activities && *r->activities) {
		const char *p = r->activities;

		rc = stmt(st, S_ACTIVITY_ADD, &s, err);
		while (!rc && *p) {
			size_t n = strcspn(p, ";");
			char *one = xstrndup(p, n);

			rc = db_bind_text(s, 1, r->id, err);
			if (!rc)
				rc = db_bind_text(s, 2, text_trim(one), err);
			if (!rc && *one)
				rc = run(s, err);
			else
				reset(s);
			free(one);
			p += n;
			if (*p == ';')
				p++;
		}
	}
	return rc;
}

/* ---- questionnaire and responses ---- */

static const char *type_name(enum question_type t)
{
	switch (t) {
	case QTYPE_CHOICE: return "choice";
	case QTYPE_COUNT: return "count";
	case QTYPE_AMOUNT: return "amount";
	case QTYPE_TEXT: return "text";
	}
	return "text";
}

int store_questionnaire_put(struct store *st, const struct questionnaire *q, struct scta_err *err)
{
	struct db_stmt *s = NULL;
	size_t i, j;
	int rc;

	rc = run_id(st, S_SCALE_CLEAR, err);
	if (!rc)
		rc = run_id(st, S_QUESTION_CLEAR, err);
	if (!rc)
		rc = stmt(st, S_SCALE_ADD, &s, err);
	for (i = 0; !rc && i < q->nscales; i++) {
		const struct scale *sc = &q->scales[i];

		for (j = 0; !rc && j < sc->n; j++) {
			rc = db_bind_text(s, 1, sc->name, err);
			if (!rc)
				rc = db_bind_int(s, 2, (int64_t)j + 1, err);
			if (!rc)
				rc = db_bind_text(s, 3, sc->values[j], err);
			if (!rc)
				rc = db_bind_text(s, 4, sc->labels && sc->labels[j] ? sc->labels[j]
						  : sc->values[j], err);
			if (!rc)
				rc = db_bind_int(s, 5, sc->valid ? sc->valid[j] != 0 : 1, err);
			if (!rc)
				rc = run(s, err);
			else
				reset(s);
		}
	}
	if (!rc)
		rc = stmt(st, S_QUESTION_ADD, &s, err);
	for (i = 0; !rc && i < q->nquestions; i++) {
		const struct question *qu = &q->questions[i];

		rc = db_bind_text(s, 1, qu->id, err);
		if (!rc)
			rc = db_bind_int(s, 2, qu->position ? qu->position : (int64_t)i + 1, err);
		if (!rc)
			rc = db_bind_text(s, 3, qu->topic, err);
		if (!rc)
			rc = db_bind_text(s, 4, qu->text ? qu->text : "", err);
		if (!rc)
			rc = db_bind_text(s, 5, type_name(qu->type), err);
		if (!rc)
			rc = db_bind_text(s, 6, qu->type == QTYPE_CHOICE && qu->scale ? qu->scale->name
					  : NULL, err);
		if (!rc)
			rc = db_bind_real(s, 7, qu->weight, err);
		if (!rc)
			rc = db_bind_text(s, 8, qu->safeguard, err);
		if (!rc)
			rc = run(s, err);
		else
			reset(s);
	}
	return rc;
}

int store_response_find(struct store *st, const char *id, int *found, char **community_key,
			int64_t *batch, int64_t *line, struct scta_err *err)
{
	struct db_stmt *s;
	int row = 0, rc = stmt(st, S_RESPONSE_FIND, &s, err);

	*found = 0;
	if (community_key)
		*community_key = NULL;
	*batch = 0;
	*line = 0;
	if (!rc)
		rc = db_bind_text(s, 1, id, err);
	if (!rc)
		rc = db_step(s, &row, err);
	if (!rc && row) {
		*found = 1;
		if (community_key)
			*community_key = xstrdup(db_col_text(s, 0));
		*batch = db_col_int(s, 1);
		*line = db_col_int(s, 2);
	}
	reset(s);
	return rc;
}

int store_response_put(struct store *st, const struct response_rec *r, struct scta_err *err)
{
	struct db_stmt *s;
	int rc = stmt(st, S_RESPONSE_CLEAR, &s, err);

	if (!rc)
		rc = db_bind_text(s, 1, r->id, err);
	if (!rc)
		rc = db_bind_int(s, 2, r->batch_id, err);
	if (!rc)
		rc = run(s, err);
	if (!rc)
		rc = stmt(st, S_RESPONSE_PUT, &s, err);
	if (!rc)
		rc = db_bind_text(s, 1, r->id, err);
	if (!rc)
		rc = db_bind_text(s, 2, r->us_community, err);
	if (!rc)
		rc = db_bind_text(s, 3, r->us_state, err);
	if (!rc)
		rc = db_bind_text(s, 4, r->community_key, err);
	if (!rc)
		rc = db_bind_text(s, 5, r->partnership_id, err);
	if (!rc)
		rc = db_bind_text(s, 6, r->respondent, err);
	if (!rc)
		rc = db_bind_text(s, 7, r->submitted, err);
	if (!rc)
		rc = db_bind_int(s, 8, r->batch_id, err);
	if (!rc)
		rc = db_bind_int(s, 9, r->line, err);
	if (!rc)
		rc = run(s, err);
	else
		reset(s);
	return rc;
}

static int bind_answer(struct store *st, enum stmt_id id, const struct answer_rec *r,
		       struct db_stmt **out, struct scta_err *err)
{
	struct db_stmt *s;
	int rc = stmt(st, id, &s, err);

	if (!rc)
		rc = db_bind_text(s, 1, r->response_id, err);
	if (!rc)
		rc = db_bind_text(s, 2, r->question_id, err);
	if (!rc)
		rc = db_bind_text(s, 3, r->value, err);
	if (!rc)
		rc = r->has_num ? db_bind_real(s, 4, r->num, err) : db_bind_null(s, 4, err);
	if (!rc)
		rc = db_bind_text(s, 5, r->comment, err);
	if (!rc)
		rc = db_bind_int(s, 6, r->batch_id, err);
	if (!rc)
		rc = db_bind_int(s, 7, r->line, err);
	if (rc)
		reset(s);
	*out = s;
	return rc;
}

int store_answer_put(struct store *st, const struct answer_rec *r, struct scta_err *err)
{
	struct db_stmt *s;
	int rc = bind_answer(st, S_ANSWER_PUT, r, &s, err);

	return rc ? rc : run(s, err);
}

int store_answer_add(struct store *st, const struct answer_rec *r, int *dup, int64_t *dup_line,
		     struct scta_err *err)
{
	struct db_stmt *s;
	int row = 0, rc = bind_answer(st, S_ANSWER_ADD, r, &s, err);

	*dup = 0;
	*dup_line = 0;
	if (!rc)
		rc = run(s, err);
	if (rc || db_changes(st->db) > 0)
		return rc;
	*dup = 1;
	rc = stmt(st, S_ANSWER_LINE, &s, err);
	if (!rc)
		rc = db_bind_text(s, 1, r->response_id, err);
	if (!rc)
		rc = db_bind_text(s, 2, r->question_id, err);
	if (!rc)
		rc = db_step(s, &row, err);
	if (!rc && row)
		*dup_line = db_col_int(s, 0);
	reset(s);
	return rc;
}
