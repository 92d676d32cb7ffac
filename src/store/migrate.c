/*
 * migrate.c - the schema ladder: every database made by an earlier scta is
 * brought to the current schema version step by step when it is opened, all
 * steps in one transaction, so an interrupted migration leaves the old
 * database as it was.
 *
 * A step is frozen once released: it describes how version N became N+1,
 * whatever the schema looks like today. A new column or table means a new
 * step here, schema.sql updated to the result, and STORE_SCHEMA_VERSION
 * raised (store_int.h); tests/unit/test_store.c opens a database of every
 * earlier version kept in tests/fixtures/store/.
 */
#include "store/store_int.h"
#include "util/err.h"

#include <stdio.h>

struct step {
	int from;               /* the version this step upgrades */
	const char *what;       /* what it changes, for the reader */
	const char *sql;
};

static const struct step steps[] = {
	{ 1, "not-recorded values, retired records, removed counts, file names",
	  /*
	   * Version 1 stored a blank status as 'active', a blank community type
	   * as 'city' and blank provisions as 'unknown'. Version 2 keeps them
	   * NULL ("not recorded"); a column's constraint cannot be altered in
	   * SQLite, so the table is rebuilt (the twelve steps of ALTER TABLE in
	   * SQLite's documentation; foreign keys are off around the transaction).
	   * What version 1 stored cannot be told from a default, so every
	   * partnership batch's context is changed: the next import of each file
	   * reads it again instead of skipping it as unchanged.
	   */
	  "CREATE TABLE partnership_v2 (\n"
	  "  id TEXT PRIMARY KEY, natural_key TEXT NOT NULL UNIQUE, us_community TEXT NOT NULL,\n"
	  "  us_state TEXT NOT NULL REFERENCES us_state(code),\n"
	  "  us_community_type TEXT CHECK (us_community_type IN ('city', 'county', 'state', 'other')),\n"
	  "  foreign_community TEXT NOT NULL, foreign_region TEXT,\n"
	  "  foreign_country TEXT NOT NULL REFERENCES country(iso3), established TEXT,\n"
	  "  established_year INTEGER,\n"
	  "  status TEXT CHECK (status IN ('active', 'inactive', 'suspended', 'terminated', 'proposed')),\n"
	  "  status_date TEXT, status_year INTEGER, status_reason TEXT,\n"
	  "  sci_recognized TEXT CHECK (sci_recognized IN ('yes', 'no', 'unknown')),\n"
	  "  agreement_type TEXT CHECK (agreement_type IN ('sister', 'friendship', 'mou', 'other')),\n"
	  "  agreement_public TEXT CHECK (agreement_public IN ('online', 'on_request', 'not_available',\n"
	  "                    'confidential', 'unknown')),\n"
	  "  political_clause TEXT CHECK (political_clause IN ('yes', 'no', 'unknown')),\n"
	  "  intermediary TEXT, activities TEXT, notes TEXT, source TEXT,\n"
	  "  batch_id INTEGER NOT NULL REFERENCES batch(id), line INTEGER NOT NULL\n"
	  ") STRICT;\n"
	  "INSERT INTO partnership_v2 SELECT id, natural_key, us_community, us_state,\n"
	  "  us_community_type, foreign_community, foreign_region, foreign_country, established,\n"
	  "  established_year, status, status_date, status_year, status_reason, sci_recognized,\n"
	  "  agreement_type, agreement_public, political_clause, intermediary, activities, notes,\n"
	  "  source, batch_id, line FROM partnership;\n"
	  "DROP TABLE partnership;\n"
	  "ALTER TABLE partnership_v2 RENAME TO partnership;\n"
	  "CREATE INDEX partnership_country ON partnership(foreign_country);\n"
	  "CREATE INDEX partnership_state ON partnership(us_state);\n"
	  "CREATE INDEX partnership_batch ON partnership(batch_id);\n"
	  "ALTER TABLE batch ADD COLUMN rows_removed INTEGER NOT NULL DEFAULT 0;\n"
	  "ALTER TABLE batch ADD COLUMN name TEXT NOT NULL DEFAULT '';\n"
	  "UPDATE batch SET name = path;\n"
	  "UPDATE batch SET context = 'schema-1' WHERE kind = 'partnerships';\n"
	  "CREATE TABLE partnership_retired (\n"
	  "  id TEXT NOT NULL, natural_key TEXT NOT NULL, us_community TEXT NOT NULL,\n"
	  "  us_state TEXT NOT NULL, us_community_type TEXT, foreign_community TEXT NOT NULL,\n"
	  "  foreign_region TEXT, foreign_country TEXT NOT NULL, established TEXT,\n"
	  "  established_year INTEGER, status TEXT, status_date TEXT, status_year INTEGER,\n"
	  "  status_reason TEXT, sci_recognized TEXT, agreement_type TEXT, agreement_public TEXT,\n"
	  "  political_clause TEXT, intermediary TEXT, activities TEXT, notes TEXT, source TEXT,\n"
	  "  batch_id INTEGER NOT NULL, line INTEGER NOT NULL,\n"
	  "  retired_by INTEGER NOT NULL REFERENCES batch(id)\n"
	  ") STRICT;\n"
	  "CREATE TABLE response_retired (\n"
	  "  id TEXT NOT NULL, us_community TEXT NOT NULL, us_state TEXT NOT NULL,\n"
	  "  community_key TEXT NOT NULL, partnership_id TEXT, respondent TEXT, submitted TEXT,\n"
	  "  batch_id INTEGER NOT NULL, line INTEGER NOT NULL,\n"
	  "  retired_by INTEGER NOT NULL REFERENCES batch(id)\n"
	  ") STRICT;\n"
	  "CREATE TABLE answer_retired (\n"
	  "  response_id TEXT NOT NULL, question_id TEXT NOT NULL, value TEXT NOT NULL, num REAL,\n"
	  "  comment TEXT, batch_id INTEGER NOT NULL, line INTEGER NOT NULL,\n"
	  "  retired_by INTEGER NOT NULL REFERENCES batch(id)\n"
	  ") STRICT;\n"
	  /* Databases of 0.1 had an index on answer(question_id, value); no step added it. */
	  "DROP INDEX IF EXISTS answer_question;\n" },
	{ 2, "state laws on sister-city agreements",
	  /*
	   * Two new tables, empty here: every report loads the state laws
	   * compiled into the program (import_state_laws), so nothing is lost.
	   */
	  "CREATE TABLE state_law (\n"
	  "  id TEXT PRIMARY KEY, position INTEGER NOT NULL,\n"
	  "  state TEXT NOT NULL REFERENCES us_state(code), citation TEXT NOT NULL,\n"
	  "  title TEXT NOT NULL,\n"
	  "  requirement TEXT NOT NULL CHECK (requirement IN ('no_new', 'terminate', 'review')),\n"
	  "  effective TEXT, deadline TEXT, countries_as_of TEXT NOT NULL,\n"
	  "  countries_source TEXT, source_url TEXT\n"
	  ") STRICT;\n"
	  "CREATE TABLE state_law_country (\n"
	  "  law_id TEXT NOT NULL REFERENCES state_law(id) ON DELETE CASCADE,\n"
	  "  iso3 TEXT NOT NULL REFERENCES country(iso3),\n"
	  "  PRIMARY KEY (law_id, iso3)\n"
	  ") STRICT, WITHOUT ROWID;\n" },
};

/* After a step: every foreign key still points at a row. */
static int check_keys(struct store *st, struct scta_err *err)
{
	struct db_stmt *s = NULL;
	int row = 0, rc;

	rc = db_prepare(st->db, "PRAGMA foreign_key_check", &s, err);
	if (!rc)
		rc = db_step(s, &row, err);
	if (!rc && row)
		rc = scta_err_set(err, SCTA_ERR_RUNTIME,
				  "%s: upgrading the database left a broken reference in table %s",
				  st->path, db_col_text(s, 0));
	db_finalize(s);
	return rc;
}

int store_migrate(struct store *st, int64_t from, struct scta_err *err)
{
	char sql[80];
	size_t i;
	int rc, in_tx = 0;

	if (from >= STORE_SCHEMA_VERSION)
		return 0;
	/* Foreign keys cannot be switched inside a transaction: off around it. */
	rc = db_exec(st->db, "PRAGMA foreign_keys = OFF; BEGIN IMMEDIATE;", err);
	if (rc)
		goto out;
	in_tx = 1;
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]) && !rc; i++) {
		if (steps[i].from < from)
			continue;
		rc = db_exec(st->db, steps[i].sql, err);
	}
	if (rc)
		goto out;
	snprintf(sql, sizeof(sql), "UPDATE meta SET value = '%d' WHERE key = 'schema_version'",
		 STORE_SCHEMA_VERSION);
	rc = db_exec(st->db, sql, err);
	if (!rc)
		rc = check_keys(st, err);
	if (!rc)
		rc = db_exec(st->db, "COMMIT", err);
	if (!rc)
		in_tx = 0;
out:
	if (in_tx)
		db_exec(st->db, "ROLLBACK", NULL);
	/* Back on for the rest of the connection, whatever happened. */
	if (db_exec(st->db, "PRAGMA foreign_keys = ON", rc ? NULL : err) && !rc)
		rc = err->code;
	return rc;
}
