/*
 * store_int.h - what the files of store/ share. Not for other modules.
 */
#ifndef SCTA_STORE_INT_H
#define SCTA_STORE_INT_H

#include "store/db.h"

#include <stdint.h>

/* The schema version schema.sql creates; older databases are migrated to it. */
#define STORE_SCHEMA_VERSION 2

struct store {
	struct db *db;
	char *path;
	struct db_stmt **stmts;   /* prepared once per store, by store.c (see its table) */
	size_t nstmts;
	int filtered;             /* store_filter() restricts this connection */
};

/*
 * Bring a database of schema version `from` to STORE_SCHEMA_VERSION, in one
 * transaction (migrate.c). Nothing changes when it fails.
 */
int store_migrate(struct store *st, int64_t from, struct scta_err *err);

#endif
