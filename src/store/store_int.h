/*
 * store_int.h - what the files of store/ share. Not for other modules.
 */
#ifndef SCTA_STORE_INT_H
#define SCTA_STORE_INT_H

#include "store/db.h"

struct store {
	struct db *db;
	char *path;
	struct db_stmt **stmts;   /* prepared once per store, by store.c (see its table) */
	size_t nstmts;
};

#endif
