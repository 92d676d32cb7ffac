/*
 * test_import_util.h - helpers shared by the import tests: a store in a
 * temporary directory, callbacks that collect problems and warnings, and
 * read-back queries (through store/db.h, so the tests see what was stored).
 * Include after <cmocka.h>.
 */
#ifndef TEST_IMPORT_UTIL_H
#define TEST_IMPORT_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import/import.h"
#include "store/db.h"
#include "store/store.h"
#include "store/store_int.h"
#include "util/err.h"
#include "util/mem.h"

#define IFIX SCTA_FIXTURES "/import/"
#define HOSTILE SCTA_SOURCE_DIR "/tests/hostile/"

struct got_problem {
	long long line;
	char *column, *value, *reason;
};

/* What the callbacks saw during one import. */
struct got {
	struct got_problem *p;
	size_t np, pcap;
	char **warn;
	size_t nwarn, wcap;
	int nprogress;
	long long last_rows;
	unsigned long long last_done, last_total;
};

static inline void got_problem_cb(void *ctx, const struct import_problem *p)
{
	struct got *g = ctx;

	XGROW(g->p, g->pcap, g->np + 1);
	g->p[g->np].line = (long long)p->line;
	g->p[g->np].column = xstrdup(p->column);
	g->p[g->np].value = xstrdup(p->value);
	g->p[g->np].reason = xstrdup(p->reason);
	g->np++;
}

static inline void got_warning_cb(void *ctx, const char *file, const char *msg)
{
	struct got *g = ctx;

	(void)file;
	XGROW(g->warn, g->wcap, g->nwarn + 1);
	g->warn[g->nwarn++] = xstrdup(msg);
}

static inline void got_progress_cb(void *ctx, int64_t rows, uint64_t done, uint64_t total)
{
	struct got *g = ctx;

	g->nprogress++;
	g->last_rows = (long long)rows;
	g->last_done = (unsigned long long)done;
	g->last_total = (unsigned long long)total;
}

static inline void got_reset(struct got *g)
{
	size_t i;

	for (i = 0; i < g->np; i++) {
		free(g->p[i].column);
		free(g->p[i].value);
		free(g->p[i].reason);
	}
	for (i = 0; i < g->nwarn; i++)
		free(g->warn[i]);
	free(g->p);
	free(g->warn);
	memset(g, 0, sizeof(*g));
}

/* Options wired to g; display names the file in batches and rejects. */
static inline struct import_opts got_opts(struct got *g, const char *display)
{
	struct import_opts o;

	memset(&o, 0, sizeof(o));
	o.display_path = display;
	o.on_problem = got_problem_cb;
	o.on_warning = got_warning_cb;
	o.on_progress = got_progress_cb;
	o.ctx = g;
	return o;
}

/* Assert problem i of g. */
#define assert_problem(g, i, ln, col, val, why) do { \
		assert_true((i) < (g)->np); \
		assert_int_equal((g)->p[i].line, (ln)); \
		assert_string_equal((g)->p[i].column, (col)); \
		assert_string_equal((g)->p[i].value, (val)); \
		assert_string_equal((g)->p[i].reason, (why)); \
	} while (0)

/* A new store with the reference data, in a fresh temporary directory. */
static inline struct store *tstore_new(char *dir, size_t dirsize)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct store *st = NULL;
	char path[600];
	int created = 0;

	snprintf(dir, dirsize, "/tmp/scta-test-import-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/db/scta.db", dir);
	assert_int_equal(store_open(path, &created, &st, &err), 0);
	assert_int_equal(created, 1);
	assert_int_equal(store_begin(st, &err), 0);
	if (import_reference(st, &err))
		fail_msg("import_reference: %s", err.msg);
	assert_int_equal(store_commit(st, &err), 0);
	return st;
}

static inline void tstore_free(struct store *st, const char *dir)
{
	char cmd[700];

	store_close(st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* First column of the first row of sql with one optional text parameter; caller frees. */
static inline char *q_text(struct store *st, const char *sql, const char *param)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct db_stmt *s = NULL;
	char *out = NULL;
	int row = 0;

	if (db_prepare(st->db, sql, &s, &err))
		fail_msg("%s", err.msg);
	if (param)
		assert_int_equal(db_bind_text(s, 1, param, &err), 0);
	assert_int_equal(db_step(s, &row, &err), 0);
	if (row && db_col_text(s, 0))
		out = xstrdup(db_col_text(s, 0));
	db_finalize(s);
	return out;
}

static inline long long q_int(struct store *st, const char *sql, const char *param)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct db_stmt *s = NULL;
	long long v = -1;
	int row = 0;

	if (db_prepare(st->db, sql, &s, &err))
		fail_msg("%s", err.msg);
	if (param)
		assert_int_equal(db_bind_text(s, 1, param, &err), 0);
	assert_int_equal(db_step(s, &row, &err), 0);
	if (row)
		v = (long long)db_col_int(s, 0);
	db_finalize(s);
	return v;
}

/* Assert the text query result (NULL expected means SQL NULL / no row). */
#define assert_q_text(st, sql, param, expect) do { \
		char *got_ = q_text((st), (sql), (param)); \
		const char *exp_ = (expect); \
		if (!exp_) \
			assert_null(got_); \
		else { \
			assert_non_null(got_); \
			assert_string_equal(got_, exp_); \
		} \
		free(got_); \
	} while (0)

/* Write len bytes to dir/name; returns the path (static buffer). */
static inline const char *write_file(const char *dir, const char *name, const void *data, size_t len)
{
	static char path[700];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	return path;
}

#define assert_counts(res, read, loaded, rejected) do { \
		assert_int_equal((res).rows_read, (read)); \
		assert_int_equal((res).rows_loaded, (loaded)); \
		assert_int_equal((res).rows_rejected, (rejected)); \
		assert_int_equal((res).rows_read, (res).rows_loaded + (res).rows_rejected); \
	} while (0)

#endif
