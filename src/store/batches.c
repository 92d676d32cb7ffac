/*
 * batches.c - the provenance of the records: the latest batch of each
 * input file, and whether anything has been imported.
 */
#include "store/store.h"
#include "store/store_int.h"
#include "util/err.h"

#include <stdio.h>
#include <string.h>

int store_batches_latest(struct store *st,
			 int (*fn)(void *ctx, const struct store_batch *b, const char *name),
			 void *ctx, struct scta_err *err)
{
	static const char sql[] =
		"SELECT id, kind, CASE WHEN name <> '' THEN name ELSE path END, sha256, context, rows_read, rows_loaded, rows_rejected,\n"
		" rows_removed\n"
		"FROM batch b WHERE seq = (SELECT max(seq) FROM batch WHERE kind = b.kind AND path = b.path)\n"
		"ORDER BY seq";
	struct db_stmt *q = NULL;
	struct store_batch b;
	int rc, row = 0;

	if ((rc = db_prepare(st->db, sql, &q, err)))
		return rc;
	while (!(rc = db_step(q, &row, err)) && row) {
		memset(&b, 0, sizeof(b));
		b.id = db_col_int(q, 0);
		snprintf(b.kind, sizeof(b.kind), "%s", db_col_text(q, 1));
		snprintf(b.sha256, sizeof(b.sha256), "%s", db_col_text(q, 3));
		snprintf(b.context, sizeof(b.context), "%s", db_col_text(q, 4) ? db_col_text(q, 4) : "");
		b.rows_read = db_col_int(q, 5);
		b.rows_loaded = db_col_int(q, 6);
		b.rows_rejected = db_col_int(q, 7);
		b.rows_removed = db_col_int(q, 8);
		if ((rc = fn(ctx, &b, db_col_text(q, 2))))
			break;
	}
	db_finalize(q);
	return rc;
}

int store_has_partnership_batch(struct store *st, int *has, struct scta_err *err)
{
	struct db_stmt *q = NULL;
	int rc, row = 0;

	*has = 0;
	rc = db_prepare(st->db, "SELECT EXISTS (SELECT 1 FROM batch WHERE kind = 'partnerships')",
			&q, err);
	if (!rc)
		rc = db_step(q, &row, err);
	if (!rc && row)
		*has = db_col_int(q, 0) != 0;
	db_finalize(q);
	return rc;
}
