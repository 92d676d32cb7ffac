/*
 * Unit tests for the ingest side of store/ (store.c): creating and opening
 * databases, transactions, reference rows and their matching keys, batches,
 * rejects, partnerships (upsert, collisions), questionnaire and responses.
 * Everything is put in by hand and read back with plain SQL through db.h.
 * (The bundled reference data is tested in test_import_reference.c.)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config.h"
#include "store/db.h"
#include "store/store.h"
#include "store/store_int.h"
#include "util/err.h"
#include "util/embed.h"
#include "util/vocab.h"
#include "util/mem.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/scta-test-store-XXXXXX");
	assert_non_null(mkdtemp(dir));
	return 0;
}

static int teardown(void **state)
{
	char cmd[200];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	return 0;
}

static const char *path_in(const char *name)
{
	static char path[300];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

/* First column of the first row of sql, as text (caller frees), NULL if none. */
static char *q_text(struct store *st, const char *sql)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct db_stmt *s = NULL;
	char *out = NULL;
	int row = 0;

	if (db_prepare(st->db, sql, &s, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(db_step(s, &row, &err), 0);
	if (row && db_col_text(s, 0))
		out = xstrdup(db_col_text(s, 0));
	db_finalize(s);
	return out;
}

static long long q_int(struct store *st, const char *sql)
{
	char *t = q_text(st, sql);
	long long v = t ? strtoll(t, NULL, 10) : -1;

	free(t);
	return v;
}

#define assert_q_text(st, sql, expect) do { \
		char *got_ = q_text((st), (sql)); \
		assert_non_null(got_); \
		assert_string_equal(got_, (expect)); \
		free(got_); \
	} while (0)

/* A new store with two countries and two states, committed. */
static struct store *small_store(const char *name)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct store *st = NULL;
	int created = 0;

	assert_int_equal(store_open(path_in(name), &created, &st, &err), 0);
	assert_int_equal(created, 1);
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_ref_country(st, "CHN", "CN", "China", "Asia", &err), 0);
	assert_int_equal(store_ref_country(st, "JPN", "JP", "Japan", "Asia", &err), 0);
	assert_int_equal(store_ref_country_alias(st, "china", "CHN", &err), 0);
	assert_int_equal(store_ref_country_alias(st, "cn", "CHN", &err), 0);
	assert_int_equal(store_ref_country_alias(st, "japan", "JPN", &err), 0);
	assert_int_equal(store_ref_state(st, "WA", "Washington", "state", "53", &err), 0);
	assert_int_equal(store_ref_state(st, "GU", "Guam", "territory", "66", &err), 0);
	assert_int_equal(store_ref_state_alias(st, "wa", "WA", &err), 0);
	assert_int_equal(store_ref_state_alias(st, "washington", "WA", &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	return st;
}

static void test_open_creates(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct store *st = NULL;
	struct stat sb;
	int created = -1;

	(void)state;
	assert_int_equal(store_open(path_in("a/b/scta.db"), &created, &st, &err), 0);
	assert_int_equal(created, 1);
	assert_int_equal(stat(path_in("a/b"), &sb), 0);
	assert_true(S_ISDIR(sb.st_mode));
	assert_q_text(st, "SELECT value FROM meta WHERE key = 'schema_version'", "3");
	assert_int_equal(q_int(st, "PRAGMA foreign_keys"), 1);
	assert_q_text(st, "PRAGMA journal_mode", "delete");
	/* synchronous = NORMAL is 1 */
	assert_int_equal(q_int(st, "PRAGMA synchronous"), 1);
	assert_int_equal(q_int(st, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"), 19);
	store_close(st);

	/* still no reference data: the caller must load it, so created stays 1 */
	assert_int_equal(store_open(path_in("a/b/scta.db"), &created, &st, &err), 0);
	assert_int_equal(created, 1);
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_ref_country(st, "CHN", "CN", "China", "Asia", &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	store_close(st);
	assert_int_equal(store_open(path_in("a/b/scta.db"), &created, &st, &err), 0);
	assert_int_equal(created, 0);
	store_close(st);

	/* an empty file is a new database */
	assert_int_equal(fclose(fopen(path_in("empty.db"), "w")), 0);
	assert_int_equal(store_open(path_in("empty.db"), &created, &st, &err), 0);
	assert_int_equal(created, 1);
	store_close(st);
	store_close(NULL);
}

static void test_open_refuses(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct store *st = NULL, *rd = NULL;
	struct db *db = NULL;
	char msg[1200];
	int created = 0;
	FILE *fp;

	(void)state;
	/* a newer schema */
	assert_int_equal(store_open(path_in("new.db"), &created, &st, &err), 0);
	assert_int_equal(db_exec(st->db, "UPDATE meta SET value = '4' WHERE key = 'schema_version'",
				 &err), 0);
	store_close(st);
	st = NULL;
	assert_int_equal(store_open(path_in("new.db"), &created, &st, &err), SCTA_ERR_RUNTIME);
	assert_null(st);
	snprintf(msg, sizeof(msg), "%s: database schema version 4 is newer than this program "
		 "supports (3); use a newer scta or another --db", path_in("new.db"));
	assert_string_equal(err.msg, msg);
	scta_err_clear(&err);

	/* a database of the current version opens as it is */
	assert_int_equal(store_open(path_in("old.db"), &created, &st, &err), 0);
	store_close(st);
	st = NULL;
	assert_int_equal(store_open(path_in("old.db"), &created, &st, &err), 0);

	/* a second, read-only connection reads what the first committed, writes nothing */
	assert_int_equal(store_open_reader(st, &rd, &err), 0);
	assert_string_equal(store_path(rd), path_in("old.db"));
	assert_int_equal(q_int(rd, "SELECT value FROM meta WHERE key = 'schema_version'"), 3);
	assert_int_not_equal(db_exec(rd->db, "DELETE FROM meta", &err), 0);
	scta_err_clear(&err);
	store_close(rd);
	rd = NULL;
	store_close(st);
	st = NULL;
	/* an in-memory database has no second connection */
	assert_int_equal(store_open(":memory:", &created, &st, &err), 0);
	assert_int_equal(store_open_reader(st, &rd, &err), SCTA_ERR_RUNTIME);
	assert_null(rd);
	scta_err_clear(&err);
	store_close(st);
	st = NULL;

	/* somebody else's database */
	assert_int_equal(db_open(path_in("other.db"), DB_CREATE, &db, &err), 0);
	assert_int_equal(db_exec(db, "CREATE TABLE t (x)", &err), 0);
	db_close(db);
	assert_int_equal(store_open(path_in("other.db"), &created, &st, &err), SCTA_ERR_RUNTIME);
	snprintf(msg, sizeof(msg), "%s: not an scta database (it has tables but no table meta)",
		 path_in("other.db"));
	assert_string_equal(err.msg, msg);
	scta_err_clear(&err);

	/* not a database at all */
	fp = fopen(path_in("text.db"), "w");
	assert_non_null(fp);
	fputs("this is a text file, not SQLite, and it is long enough to have a header......\n", fp);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(store_open(path_in("text.db"), &created, &st, &err), SCTA_ERR_RUNTIME);
	assert_null(st);
	snprintf(msg, sizeof(msg), "%s: not an SQLite database (give another --db)",
		 path_in("text.db"));
	assert_string_equal(err.msg, msg);
}

static void test_reference_rows(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct store *st = small_store("ref.db");
	char iso3[4], code[3];
	int64_t n = -1;
	int found = -1;

	(void)state;
	assert_int_equal(store_find_country(st, "cn", iso3, &found, &err), 0);
	assert_int_equal(found, 1);
	assert_string_equal(iso3, "CHN");
	assert_int_equal(store_find_country(st, "CN", iso3, &found, &err), 0);
	assert_int_equal(found, 0);                /* keys are text_key()s: lower case */
	assert_string_equal(iso3, "");
	assert_int_equal(store_find_state(st, "washington", code, &found, &err), 0);
	assert_int_equal(found, 1);
	assert_string_equal(code, "WA");

	assert_int_equal(store_begin(st, &err), 0);
	/* a key already present keeps its first country */
	assert_int_equal(store_ref_country_alias(st, "china", "JPN", &err), 0);
	assert_int_equal(store_find_country(st, "china", iso3, &found, &err), 0);
	assert_string_equal(iso3, "CHN");
	assert_int_equal(store_ref_cpi(st, "CHN", 2019, 41, 80, &err), 0);
	assert_int_equal(store_ref_cpi(st, "JPN", 2019, 73, 0, &err), 0);
	assert_int_equal(store_ref_cpi(st, "CHN", 2018, 39, 87, &err), 0);
	assert_int_equal(store_cpi_count(st, 2019, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(store_cpi_count(st, 2017, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(q_int(st, "SELECT count(*) FROM cpi WHERE rank IS NULL"), 1);
	/* foreign keys are enforced: no alias of a country that does not exist */
	assert_int_equal(store_ref_country_alias(st, "narnia", "NAR", &err), SCTA_ERR_RUNTIME);
	assert_non_null(strstr(err.msg, "FOREIGN KEY"));
	scta_err_clear(&err);
	/* a CPI score outside 0..100 breaks the schema's check */
	assert_int_equal(store_ref_cpi(st, "JPN", 2018, 101, 1, &err), SCTA_ERR_RUNTIME);
	scta_err_clear(&err);
	store_rollback(st);
	assert_int_equal(q_int(st, "SELECT count(*) FROM cpi"), 0);
	store_close(st);
}

static void test_transactions(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct store *st = small_store("tx.db");

	(void)state;
	assert_int_equal(store_begin(st, &err), 0);
	/* one write transaction at a time */
	assert_int_equal(store_begin(st, &err), SCTA_ERR_RUNTIME);
	scta_err_clear(&err);
	assert_int_equal(store_ref_country(st, "FRA", "FR", "France", "Europe", &err), 0);
	store_rollback(st);
	assert_int_equal(q_int(st, "SELECT count(*) FROM country"), 2);
	store_rollback(st);      /* harmless when no transaction is open */
	assert_int_equal(store_begin_read(st, &err), 0);
	assert_int_equal(q_int(st, "SELECT count(*) FROM country"), 2);
	assert_int_equal(store_commit(st, &err), 0);
	store_close(st);
}

static void test_batches_and_rejects(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct store *st = small_store("batch.db");
	struct store_batch b;
	char value[301];
	int64_t id1 = 0, id2 = 0, id3 = 0;
	int found = -1, i;

	(void)state;
	assert_int_equal(store_batch_latest(st, "partnerships", "p.csv", &b, &found, &err), 0);
	assert_int_equal(found, 0);
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_batch_new(st, "partnerships", "p.csv", NULL, "aa", NULL, NULL, &id1, &err), 0);
	assert_int_equal(store_batch_new(st, "partnerships", "p.csv", NULL, "bb", "", "cp1252", &id2, &err),
			 0);
	assert_int_equal(store_batch_new(st, "responses", "p.csv", NULL, "cc", "ctx", "utf-8", &id3, &err),
			 0);
	assert_true(id1 > 0 && id2 > id1 && id3 > id2);
	assert_int_equal(store_batch_finish(st, id2, 10, 7, 3, 0, &err), 0);
	assert_int_equal(store_batch_new(st, "other", "p.csv", NULL, "dd", "", "", &id3, &err),
			 SCTA_ERR_RUNTIME);
	scta_err_clear(&err);
	assert_int_equal(store_commit(st, &err), 0);

	assert_int_equal(store_batch_latest(st, "partnerships", "p.csv", &b, &found, &err), 0);
	assert_int_equal(found, 1);
	assert_int_equal(b.id, id2);
	assert_string_equal(b.kind, "partnerships");
	assert_string_equal(b.sha256, "bb");
	assert_string_equal(b.context, "");
	assert_int_equal(b.rows_read, 10);
	assert_int_equal(b.rows_loaded, 7);
	assert_int_equal(b.rows_rejected, 3);
	assert_int_equal(store_batch_latest(st, "responses", "p.csv", &b, &found, &err), 0);
	assert_string_equal(b.context, "ctx");
	assert_int_equal(store_batch_latest(st, "responses", "q.csv", &b, &found, &err), 0);
	assert_int_equal(found, 0);
	assert_q_text(st, "SELECT group_concat(encoding, ',') FROM (SELECT encoding FROM batch "
		      "ORDER BY seq)", "utf-8,cp1252,utf-8");

	/* a reject's value is cut at 200 bytes, on a character boundary */
	for (i = 0; i < 150; i++)
		memcpy(value + 2 * i, "\xC3\xA9", 2);
	value[300] = '\0';
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_reject(st, id2, "p.csv", 4, "us_state", value, "why", &err), 0);
	assert_int_equal(store_reject(st, id2, "p.csv", 5, NULL, NULL, "row", &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	assert_int_equal(q_int(st, "SELECT length(CAST(value AS BLOB)) FROM reject WHERE line = 4"),
			 200);
	assert_int_equal(q_int(st, "SELECT length(value) FROM reject WHERE line = 4"), 100);
	assert_q_text(st, "SELECT '[' || column || '][' || value || '] ' || reason FROM reject "
		      "WHERE line = 5", "[][] row");
	store_close(st);
}

static void test_partnerships(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct store *st = small_store("p.db");
	struct partnership_rec r;
	char *other = NULL;
	int64_t b1 = 0, b2 = 0, batch = 0, line = 0;
	int found = -1;

	(void)state;
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_batch_new(st, "partnerships", "p.csv", NULL, "x", "", "utf-8", &b1, &err), 0);
	memset(&r, 0, sizeof(r));
	r.id = "P1";
	r.natural_key = "WA|tacoma|CHN|fuzhou";
	r.us_community = "Tacoma";
	r.us_state = "WA";
	r.foreign_community = "Fuzhou";
	r.foreign_country = "CHN";
	r.established = "1994";
	r.established_year = 1994;
	r.activities = "culture;trade";
	r.batch_id = b1;
	r.line = 2;
	assert_int_equal(store_partnership_put(st, &r, &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	/* unset fields stay NULL ("not recorded"): no default stands in for them */
	assert_q_text(st, "SELECT coalesce(us_community_type, '-') || coalesce(status, '-') || "
		      "coalesce(sci_recognized, '-') || coalesce(agreement_public, '-') || "
		      "coalesce(political_clause, '-') || coalesce(agreement_type, '-') || "
		      "coalesce(status_year, '-') FROM partnership", "-------");
	assert_q_text(st, "SELECT group_concat(activity, ',') FROM (SELECT activity FROM "
		      "partnership_activity ORDER BY activity)", "culture,trade");

	assert_int_equal(store_partnership_find(st, "P1", "WA|tacoma|CHN|fuzhou", &found, &other,
						&batch, &line, &err), 0);
	assert_int_equal(found, 1);
	assert_null(other);
	assert_int_equal(batch, b1);
	assert_int_equal(line, 2);
	assert_int_equal(store_partnership_find(st, "P2", "WA|tacoma|CHN|fuzhou", &found, &other,
						&batch, &line, &err), 0);
	assert_int_equal(found, 2);
	assert_string_equal(other, "P1");
	free(other);
	other = NULL;
	/* same id, new key: the same record, changed */
	assert_int_equal(store_partnership_find(st, "P1", "WA|tacoma|JPN|kobe", &found, &other,
						&batch, &line, &err), 0);
	assert_int_equal(found, 1);
	assert_int_equal(store_partnership_find(st, "P9", "WA|x|JPN|y", &found, &other, &batch,
						&line, &err), 0);
	assert_int_equal(found, 0);

	/* a later batch replaces the record and its activities */
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_batch_new(st, "partnerships", "p.csv", NULL, "y", "", "utf-8", &b2, &err), 0);
	r.status = "suspended";
	r.status_date = "2020-03";
	r.status_year = 2020;
	r.activities = "youth";
	r.batch_id = b2;
	r.line = 7;
	assert_int_equal(store_partnership_put(st, &r, &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	assert_int_equal(q_int(st, "SELECT count(*) FROM partnership"), 1);
	assert_q_text(st, "SELECT status || ' ' || status_year || ' ' || batch_id || ' ' || line "
		      "FROM partnership", "suspended 2020 2 7");
	assert_q_text(st, "SELECT group_concat(activity) FROM partnership_activity", "youth");

	/* the schema refuses what validation should have caught */
	assert_int_equal(store_begin(st, &err), 0);
	r.id = "P3";
	r.natural_key = "GU|x|JPN|y";
	r.status = "dormant";
	assert_int_equal(store_partnership_put(st, &r, &err), SCTA_ERR_RUNTIME);
	assert_non_null(strstr(err.msg, "CHECK"));
	store_rollback(st);
	store_close(st);
}

/* A database made by scta 0.1.0 (schema 1) is upgraded when opened, its records kept. */
static void test_migrate_v1(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct store *st = NULL;
	char cmd[700];
	int created = -1;

	(void)state;
	snprintf(cmd, sizeof(cmd), "cp '%s/store/v1.db' '%s'", SCTA_FIXTURES, path_in("v1.db"));
	assert_int_equal(system(cmd), 0);
	assert_int_equal(store_open(path_in("v1.db"), &created, &st, &err), 0);
	assert_int_equal(created, 0);
	assert_q_text(st, "SELECT value FROM meta WHERE key = 'schema_version'", "3");
	/* every record and its provenance is still there (see fixtures/store/README.md) */
	assert_int_equal(q_int(st, "SELECT count(*) FROM partnership"), 10);
	assert_int_equal(q_int(st, "SELECT count(*) FROM response"), 2);
	assert_int_equal(q_int(st, "SELECT count(*) FROM answer"), 3);
	assert_int_equal(q_int(st, "SELECT count(*) FROM reject"), 3);
	assert_int_equal(q_int(st, "SELECT count(*) FROM partnership_activity"), 5);
	assert_q_text(st, "SELECT status || ' ' || agreement_public || ' ' || batch_id || ' ' || line "
		      "FROM partnership WHERE id = 'F3'", "suspended unknown 1 4");
	/* the new columns and tables, the old index gone, nothing broken */
	assert_int_equal(q_int(st, "SELECT sum(rows_removed) FROM batch"), 0);
	assert_int_equal(q_int(st, "SELECT count(*) FROM partnership_retired"), 0);
	assert_int_equal(q_int(st, "SELECT count(*) FROM sqlite_schema WHERE name = 'answer_question'"), 0);
	assert_int_equal(q_int(st, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'partnership_%'"
			       " AND type = 'index'"), 3);
	assert_q_text(st, "PRAGMA integrity_check", "ok");
	assert_int_equal(q_int(st, "PRAGMA foreign_keys"), 1);
	/* version 1 stored defaults for blanks: its partnership files are read again next time */
	assert_q_text(st, "SELECT context FROM batch WHERE kind = 'partnerships'", "schema-1");
	/* a blank now stays NULL in the rebuilt table */
	assert_int_equal(db_exec(st->db, "UPDATE partnership SET status = NULL WHERE id = 'F3'", &err),
			 0);
	store_close(st);
	st = NULL;
	/* opened again: already current, nothing more changes */
	assert_int_equal(store_open(path_in("v1.db"), &created, &st, &err), 0);
	assert_int_equal(q_int(st, "SELECT count(*) FROM partnership WHERE status IS NULL"), 1);
	store_close(st);
}

/*
 * A database of schema version 2 (tests/fixtures/store/v2.db, made by the
 * release before the state laws): it gains the empty law tables, keeps
 * every record, and takes the laws that a report loads.
 */
static void test_migrate_v2(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct store *st = NULL;
	struct store_law l;
	char cmd[1200];
	int created = -1;

	(void)state;
	snprintf(cmd, sizeof(cmd), "cp '%s/store/v2.db' '%s'", SCTA_FIXTURES, path_in("v2.db"));
	assert_int_equal(system(cmd), 0);
	assert_int_equal(store_open(path_in("v2.db"), &created, &st, &err), 0);
	assert_int_equal(created, 0);
	assert_q_text(st, "SELECT value FROM meta WHERE key = 'schema_version'", "3");
	assert_int_equal(q_int(st, "SELECT count(*) FROM partnership"), 10);
	assert_int_equal(q_int(st, "SELECT count(*) FROM response"), 2);
	assert_int_equal(q_int(st, "SELECT count(*) FROM answer"), 3);
	assert_int_equal(q_int(st, "SELECT count(*) FROM reject"), 3);
	assert_q_text(st, "SELECT status || ' ' || batch_id || ' ' || line FROM partnership "
		      "WHERE id = 'F3'", "suspended 1 4");
	assert_int_equal(q_int(st, "SELECT count(*) FROM state_law"), 0);
	assert_int_equal(q_int(st, "SELECT count(*) FROM state_law_country"), 0);
	/* the new tables take a law, refuse a country not in the reference data */
	memset(&l, 0, sizeof(l));
	l.id = "TX-795";
	l.state = "TX";
	l.citation = "Tex. Gov't Code ch. 795";
	l.title = "t";
	l.requirement = "terminate";
	l.deadline = "2025-10-01";
	l.countries_as_of = "2026-12-02";
	l.position = 1;
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_law_put(st, &l, &err), 0);
	assert_int_equal(store_law_country_put(st, "TX-795", "CHN", &err), 0);
	assert_int_equal(store_law_country_put(st, "TX-795", "CHN", &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	assert_q_text(st, "SELECT coalesce(effective, 'NULL') || ' ' || deadline FROM state_law",
		      "NULL 2025-10-01");
	assert_int_equal(q_int(st, "SELECT count(*) FROM state_law_country"), 1);
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_not_equal(store_law_country_put(st, "TX-795", "XXX", &err), 0);
	store_rollback(st);
	scta_err_clear(&err);
	/* clearing the laws takes their countries with them */
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_laws_clear(st, &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	assert_int_equal(q_int(st, "SELECT count(*) FROM state_law_country"), 0);
	assert_q_text(st, "PRAGMA integrity_check", "ok");
	store_close(st);
}

/* A file imported again without some of its records retires them, and only them. */
static void test_retire(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct store *st = small_store("retire.db");
	struct partnership_rec r;
	struct response_rec rr;
	struct answer_rec a;
	int64_t b1 = 0, b2 = 0, bo = 0, rb1 = 0, rb2 = 0, removed = -1;
	static const char *const ids[] = { "P1", "P2", "P3" };
	static const char *const keys[] = { "WA|a|CHN|x", "WA|b|CHN|y", "WA|c|CHN|z" };
	int i, dup = 0;
	int64_t dup_line = 0;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.us_community = "A";
	r.us_state = "WA";
	r.foreign_community = "X";
	r.foreign_country = "CHN";
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_batch_new(st, "partnerships", "/d/p.csv", NULL, "1", "", "utf-8", &b1, &err), 0);
	for (i = 0; i < 3; i++) {
		r.id = ids[i];
		r.natural_key = keys[i];
		r.batch_id = b1;
		r.line = i + 2;
		assert_int_equal(store_partnership_put(st, &r, &err), 0);
	}
	assert_int_equal(store_retire(st, "partnerships", b1, &removed, &err), 0);
	assert_int_equal(removed, 0);
	/* another file's record is never retired by this file's imports */
	assert_int_equal(store_batch_new(st, "partnerships", "/d/other.csv", NULL, "9", "", "utf-8", &bo,
					 &err), 0);
	r.id = "Q1";
	r.natural_key = "WA|q|CHN|q";
	r.batch_id = bo;
	assert_int_equal(store_partnership_put(st, &r, &err), 0);
	assert_int_equal(store_commit(st, &err), 0);

	/* the same path again with P2 left out */
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_batch_new(st, "partnerships", "/d/p.csv", NULL, "2", "", "utf-8", &b2, &err), 0);
	for (i = 0; i < 3; i += 2) {
		r.id = ids[i];
		r.natural_key = keys[i];
		r.batch_id = b2;
		r.line = i + 2;
		assert_int_equal(store_partnership_put(st, &r, &err), 0);
	}
	assert_int_equal(store_retire(st, "partnerships", b2, &removed, &err), 0);
	assert_int_equal(removed, 1);
	assert_int_equal(store_commit(st, &err), 0);
	assert_q_text(st, "SELECT group_concat(id) FROM (SELECT id FROM partnership ORDER BY id)",
		      "P1,P3,Q1");
	assert_q_text(st, "SELECT id || ' ' || line FROM partnership_retired", "P2 3");
	assert_int_equal(q_int(st, "SELECT batch_id FROM partnership_retired"), b1);
	assert_int_equal(q_int(st, "SELECT retired_by FROM partnership_retired"), b2);
	/* its key is free again: the record may come back in a later import */
	assert_int_equal(q_int(st, "SELECT count(*) FROM partnership WHERE natural_key = 'WA|b|CHN|y'"), 0);

	/* responses: a response left out goes with its answers */
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_batch_new(st, "responses", "/d/r.csv", NULL, "1", "q", "utf-8", &rb1, &err), 0);
	memset(&rr, 0, sizeof(rr));
	memset(&a, 0, sizeof(a));
	rr.us_community = "A";
	rr.us_state = "WA";
	rr.community_key = "WA|a";
	a.question_id = "T1";
	a.value = "yes";
	for (i = 0; i < 2; i++) {
		rr.id = ids[i];
		rr.batch_id = rb1;
		rr.line = i + 2;
		assert_int_equal(store_response_put(st, &rr, &err), 0);
		a.response_id = ids[i];
		a.batch_id = rb1;
		a.line = i + 2;
		assert_int_equal(store_answer_add(st, &a, &dup, &dup_line, &err), 0);
	}
	assert_int_equal(store_retire(st, "responses", rb1, &removed, &err), 0);
	assert_int_equal(store_batch_new(st, "responses", "/d/r.csv", NULL, "2", "q", "utf-8", &rb2, &err), 0);
	rr.id = "P1";
	rr.batch_id = rb2;
	assert_int_equal(store_response_put(st, &rr, &err), 0);
	a.response_id = "P1";
	a.batch_id = rb2;
	assert_int_equal(store_answer_add(st, &a, &dup, &dup_line, &err), 0);
	assert_int_equal(store_retire(st, "responses", rb2, &removed, &err), 0);
	assert_int_equal(removed, 1);
	assert_int_equal(store_commit(st, &err), 0);
	assert_q_text(st, "SELECT group_concat(id) FROM response", "P1");
	assert_q_text(st, "SELECT group_concat(response_id) FROM answer", "P1");
	assert_q_text(st, "SELECT id FROM response_retired", "P2");
	assert_int_equal(q_int(st, "SELECT retired_by FROM response_retired"), rb2);
	assert_q_text(st, "SELECT response_id || ' ' || value FROM answer_retired", "P2 yes");
	assert_int_equal(q_int(st, "SELECT retired_by FROM answer_retired"), rb2);
	assert_null(q_text(st, "PRAGMA foreign_key_check"));
	store_close(st);
}

/*
 * Every member of struct partnership_rec lands in the column of its name,
 * and retiring the record copies every column: each text member holds its
 * own column's name (valid values for the coded ones), so a value bound to
 * the wrong column shows.
 */
static void test_partnership_columns_by_name(void **state)
{
	static const char *const text_cols[] = {
		"id", "natural_key", "us_community", "foreign_community", "foreign_region",
		"established", "status_date", "status_reason", "intermediary", "activities", "notes",
		"source",
	};
	struct scta_err err = SCTA_ERR_INIT;
	struct store *st = small_store("cols.db");
	struct partnership_rec r;
	int64_t b = 0, removed = 0;
	char sql[160];
	size_t i;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.id = "id";
	r.natural_key = "natural_key";
	r.us_community = "us_community";
	r.us_state = "WA";
	r.us_community_type = "county";
	r.foreign_community = "foreign_community";
	r.foreign_region = "foreign_region";
	r.foreign_country = "CHN";
	r.established = "established";
	r.established_year = 1991;
	r.status = "suspended";
	r.status_date = "status_date";
	r.status_year = 2021;
	r.status_reason = "status_reason";
	r.sci_recognized = "no";
	r.agreement_type = "mou";
	r.agreement_public = "on_request";
	r.political_clause = "unknown";
	r.intermediary = "intermediary";
	r.activities = "activities";
	r.notes = "notes";
	r.source = "source";
	r.line = 77;
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_batch_new(st, "partnerships", "/p.csv", NULL, "1", "", "utf-8", &b, &err), 0);
	r.batch_id = b;
	assert_int_equal(store_partnership_put(st, &r, &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	for (i = 0; i < sizeof(text_cols) / sizeof(text_cols[0]); i++) {
		snprintf(sql, sizeof(sql), "SELECT %s FROM partnership", text_cols[i]);
		assert_q_text(st, sql, text_cols[i]);
	}
	assert_q_text(st, "SELECT us_state || foreign_country || us_community_type || status || "
		      "sci_recognized || agreement_type || agreement_public || political_clause || "
		      "established_year || status_year || line FROM partnership",
		      "WACHNcountysuspendednomouon_requestunknown1991202177");
	/* a later import of the file without it: every column goes to the history */
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_batch_new(st, "partnerships", "/p.csv", NULL, "2", "", "utf-8", &b, &err), 0);
	assert_int_equal(store_retire(st, "partnerships", b, &removed, &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	assert_int_equal(removed, 1);
	for (i = 0; i < sizeof(text_cols) / sizeof(text_cols[0]); i++) {
		snprintf(sql, sizeof(sql), "SELECT %s FROM partnership_retired", text_cols[i]);
		assert_q_text(st, sql, text_cols[i]);
	}
	assert_q_text(st, "SELECT us_state || foreign_country || us_community_type || status || "
		      "sci_recognized || agreement_type || agreement_public || political_clause || "
		      "established_year || status_year || line FROM partnership_retired",
		      "WACHNcountysuspendednomouon_requestunknown1991202177");
	store_close(st);
}

/*
 * The schema's CHECK lists are the vocabularies of util/vocab.c, value for
 * value and in order: one statement of each fact, checked here.
 */
extern const struct embedded_file schema_files[];

static void check_list(const char *schema, const char *column, const struct vocab *v)
{
	char pat[96], want[512] = "";
	const char *at, *end;
	size_t i, n = 0;
	char got[512];

	snprintf(pat, sizeof(pat), "CHECK (%s IN (", column);
	at = strstr(schema, pat);
	if (!at)
		fail_msg("schema.sql has no %s", pat);
	at += strlen(pat);
	end = strchr(at, ')');
	assert_non_null(end);
	/* the list as written, folded onto one line */
	for (; at < end && n + 1 < sizeof(got); at++)
		if (*at != '\n' && !(*at == ' ' && n && got[n - 1] == ' '))
			got[n++] = *at;
	got[n] = '\0';
	for (i = 0; i < v->n; i++)
		snprintf(want + strlen(want), sizeof(want) - strlen(want), "%s'%s'", i ? ", " : "",
			 v->values[i]);
	if (strcmp(got, want))
		fail_msg("schema.sql %s: %s; util/vocab.c: %s", column, got, want);
}

static void test_schema_vocabularies(void **state)
{
	const char *schema = schema_files[0].data;

	(void)state;
	check_list(schema, "status", &vocab_status);
	check_list(schema, "us_community_type", &vocab_community_type);
	check_list(schema, "agreement_type", &vocab_agreement_type);
	check_list(schema, "agreement_public", &vocab_agreement_public);
	check_list(schema, "political_clause", &vocab_yesno);
	check_list(schema, "sci_recognized", &vocab_yesno);
	check_list(schema, "activity", &vocab_activity);
}

static void test_responses(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct store *st = small_store("r.db");
	char *values[] = { "yes", "no", "dont_know" };
	char *labels[] = { "Yes", "No", "Don't know" };
	unsigned char valid[] = { 1, 1, 0 };
	struct scale sc = { "yesno", values, labels, valid, 3, NULL, NULL, 0 };
	struct question qs[2] = {
		{ "T1", "transparency", "Public?", QTYPE_CHOICE, &sc, 1.0, "yes", 1, NULL, NULL, 0 },
		{ "E1", "espionage", "How many?", QTYPE_COUNT, NULL, 2.5, NULL, 2, NULL, NULL, 0 },
	};
	struct questionnaire q = { "q.ini", "0123", &sc, 1, qs, 2, { NULL }, { NULL } };
	struct response_rec r;
	struct answer_rec a;
	char *key = NULL;
	int64_t b1 = 0, b2 = 0, batch = 0, line = 0;
	int found = -1, dup = -1;

	(void)state;
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_questionnaire_put(st, &q, &err), 0);
	assert_int_equal(store_questionnaire_put(st, &q, &err), 0);   /* replaces */
	assert_int_equal(store_batch_new(st, "responses", "r.csv", NULL, "x", "0123", "utf-8", &b1, &err), 0);
	memset(&r, 0, sizeof(r));
	r.id = "R1";
	r.us_community = "Tacoma";
	r.us_state = "WA";
	r.community_key = "WA|tacoma";
	r.batch_id = b1;
	r.line = 2;
	assert_int_equal(store_response_put(st, &r, &err), 0);
	memset(&a, 0, sizeof(a));
	a.response_id = "R1";
	a.question_id = "T1";
	a.value = "yes";
	a.batch_id = b1;
	a.line = 2;
	assert_int_equal(store_answer_put(st, &a, &err), 0);
	a.question_id = "E1";
	a.value = "3";
	a.has_num = 1;
	a.num = 3;
	a.comment = "twice";
	a.line = 3;
	assert_int_equal(store_answer_put(st, &a, &err), 0);
	assert_int_equal(store_commit(st, &err), 0);

	assert_q_text(st, "SELECT group_concat(scale || ':' || position || ':' || value || ':' || label "
		      "|| ':' || valid, ' ') FROM (SELECT * FROM scale_value ORDER BY position)",
		      "yesno:1:yes:Yes:1 yesno:2:no:No:1 yesno:3:dont_know:Don't know:0");
	assert_q_text(st, "SELECT group_concat(id || ':' || position || ':' || topic || ':' || type "
		      "|| ':' || coalesce(scale, '-') || ':' || weight || ':' || coalesce(safeguard, '-'),"
		      " ' ') FROM (SELECT * FROM question ORDER BY position)",
		      "T1:1:transparency:choice:yesno:1.0:yes E1:2:espionage:count:-:2.5:-");
	assert_int_equal(store_response_find(st, "R1", &found, &key, &batch, &line, &err), 0);
	assert_int_equal(found, 1);
	assert_string_equal(key, "WA|tacoma");
	assert_int_equal(batch, b1);
	assert_int_equal(line, 2);
	free(key);
	assert_int_equal(store_response_find(st, "R2", &found, &key, &batch, &line, &err), 0);
	assert_int_equal(found, 0);
	assert_null(key);
	assert_q_text(st, "SELECT value || ' ' || num || ' ' || comment FROM answer WHERE "
		      "question_id = 'E1'", "3 3.0 twice");
	assert_int_equal(q_int(st, "SELECT count(*) FROM answer WHERE num IS NULL"), 1);

	/* the response from a later batch replaces the earlier one's answers */
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_batch_new(st, "responses", "r.csv", NULL, "y", "0123", "utf-8", &b2, &err), 0);
	r.batch_id = b2;
	r.line = 9;
	r.respondent = "Clerk";
	assert_int_equal(store_response_put(st, &r, &err), 0);
	assert_int_equal(q_int(st, "SELECT count(*) FROM answer"), 0);
	a.batch_id = b2;
	a.line = 9;
	assert_int_equal(store_answer_put(st, &a, &err), 0);
	/* ...but not the answers of its own batch */
	assert_int_equal(store_response_put(st, &r, &err), 0);
	assert_int_equal(q_int(st, "SELECT count(*) FROM answer"), 1);
	assert_int_equal(store_commit(st, &err), 0);
	assert_q_text(st, "SELECT respondent || ' ' || line FROM response", "Clerk 9");

	/* store_answer_add keeps the first answer to a question and names its line */
	a.value = "7";
	a.num = 7;
	a.line = 12;
	assert_int_equal(store_answer_add(st, &a, &dup, &line, &err), 0);
	assert_int_equal(dup, 1);
	assert_int_equal(line, 9);
	assert_q_text(st, "SELECT value || ' ' || line FROM answer", "3 9");
	a.question_id = "T1";
	a.value = "no";
	a.has_num = 0;
	a.comment = NULL;
	assert_int_equal(store_answer_add(st, &a, &dup, &line, &err), 0);
	assert_int_equal(dup, 0);
	assert_q_text(st, "SELECT value || ' ' || line || ' ' || batch_id || ' ' || "
		      "coalesce(num, '-') || coalesce(comment, '-') FROM answer WHERE question_id = 'T1'",
		      "no 12 2 --");
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_creates),
		cmocka_unit_test(test_open_refuses),
		cmocka_unit_test(test_reference_rows),
		cmocka_unit_test(test_transactions),
		cmocka_unit_test(test_batches_and_rejects),
		cmocka_unit_test(test_partnerships),
		cmocka_unit_test(test_responses),
		cmocka_unit_test(test_migrate_v1),
		cmocka_unit_test(test_migrate_v2),
		cmocka_unit_test(test_schema_vocabularies),
		cmocka_unit_test(test_partnership_columns_by_name),
		cmocka_unit_test(test_retire),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
