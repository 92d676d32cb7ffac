/*
 * test_analysis_prefetch.c - a prefetched detail stream gives exactly the
 * rows of the stream it reads, in order, across batch boundaries (by row
 * count and by text size), passes a failure on at the row where it
 * happened, and can be closed before its end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analysis/analysis.h"
#include "util/err.h"
#include "util/mem.h"

static const struct detail_col cols[] = {
	{ "ID", CELL_TEXT, "row number as text", "text", NULL, NULL },
	{ "N", CELL_INT, "row number", "number", NULL, NULL },
	{ "X", CELL_REAL, "row number / 4", "number", NULL, NULL },
	{ "Long", CELL_TEXT, "text of a length that depends on the row; empty every 7th row", "text", NULL, NULL },
};
static const struct detail_spec spec = { DETAIL_RESPONSES, "Rows", "Test rows", cols, 4, 0, NULL };

/* Rows 0..n-1; fails at row fail_at (when >= 0) instead of giving it. */
struct gen {
	struct detail d;
	long n, i, fail_at, text_len;
	int *closed;
	struct cell row[4];
	char id[32];
	char *text;
};

static int gen_next(struct detail *d, const struct cell **row, struct scta_err *err)
{
	struct gen *g = (struct gen *)d;
	long len;

	*row = NULL;
	if (g->i == g->fail_at)
		return scta_err_set(err, SCTA_ERR_RUNTIME, "stream failed at row %ld", g->i);
	if (g->i >= g->n)
		return 0;
	snprintf(g->id, sizeof(g->id), "row %ld", g->i);
	len = g->text_len ? g->text_len : g->i % 1000;
	memset(g->text, 'a' + (int)(g->i % 26), (size_t)len);
	g->text[len] = '\0';
	memset(g->row, 0, sizeof(g->row));
	g->row[0].kind = CELL_TEXT;
	g->row[0].s = g->id;
	g->row[1].kind = CELL_INT;
	g->row[1].i = g->i;
	g->row[2].kind = CELL_REAL;
	g->row[2].d = (double)g->i / 4;
	if (g->i % 7) {
		g->row[3].kind = CELL_TEXT;
		g->row[3].s = g->text;
	}
	g->i++;
	*row = g->row;
	return 0;
}

static void gen_close(struct detail *d)
{
	struct gen *g = (struct gen *)d;

	(*g->closed)++;
	free(g->text);
	free(g);
}

static struct detail *gen_new(long n, long fail_at, long text_len, int *closed)
{
	struct gen *g = xcalloc(1, sizeof(*g));

	g->d.spec = &spec;
	g->d.next = gen_next;
	g->d.close = gen_close;
	g->n = n;
	g->fail_at = fail_at;
	g->text_len = text_len;
	g->closed = closed;
	g->text = xcalloc(1, (size_t)(text_len > 1000 ? text_len : 1000) + 1);
	return &g->d;
}

/* Read the prefetched stream to its end; check every row against a fresh generator. */
static long read_all(long n, long fail_at, long text_len, int *rc_out, char *msg, size_t msgsz)
{
	struct scta_err err = SCTA_ERR_INIT, err2 = SCTA_ERR_INIT;
	struct detail *p = NULL, *ref;
	const struct cell *row, *want;
	int closed = 0, closed_ref = 0, rc;
	long got = 0;
	size_t c;

	assert_int_equal(analysis_detail_prefetch(gen_new(n, fail_at, text_len, &closed), &p, &err), 0);
	assert_ptr_equal(p->spec, &spec);
	ref = gen_new(n, -1, text_len, &closed_ref);
	while (!(rc = p->next(p, &row, &err)) && row) {
		assert_int_equal(ref->next(ref, &want, &err2), 0);
		assert_non_null(want);
		for (c = 0; c < 4; c++) {
			assert_int_equal(row[c].kind, want[c].kind);
			if (want[c].kind == CELL_TEXT)
				assert_string_equal(row[c].s, want[c].s);
		}
		assert_int_equal(row[1].i, got);
		assert_true(row[2].d == (double)got / 4);
		got++;
	}
	/* At the end it stays at the end. */
	if (!rc) {
		assert_int_equal(p->next(p, &row, &err), 0);
		assert_null(row);
	}
	*rc_out = rc;
	snprintf(msg, msgsz, "%s", err.msg);
	p->close(p);
	ref->close(ref);
	assert_int_equal(closed, 1);
	return got;
}

static void test_lengths(void **state)
{
	/* Empty, one row, around the 512-row batch, several batches in flight and reused. */
	static const long sizes[] = { 0, 1, 511, 512, 513, 1024, 5000, 20000 };
	char msg[256];
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		assert_int_equal(read_all(sizes[i], -1, 0, &rc, msg, sizeof(msg)), sizes[i]);
		assert_int_equal(rc, 0);
	}
}

static void test_big_text(void **state)
{
	char msg[256];
	int rc;

	(void)state;
	/* 100 KB of text a row: batches end by size long before 512 rows. */
	assert_int_equal(read_all(300, -1, 100000, &rc, msg, sizeof(msg)), 300);
	assert_int_equal(rc, 0);
}

static void test_failure(void **state)
{
	static const long at[] = { 0, 1, 511, 512, 700, 4999 };
	char msg[256], want[64];
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		/* Every row before the failure arrives, then the failure with its message. */
		assert_int_equal(read_all(5000, at[i], 0, &rc, msg, sizeof(msg)), at[i]);
		assert_int_equal(rc, SCTA_ERR_RUNTIME);
		snprintf(want, sizeof(want), "stream failed at row %ld", at[i]);
		assert_string_equal(msg, want);
	}
}

static void test_close_early(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct detail *p = NULL;
	const struct cell *row;
	int closed = 0, i;

	(void)state;
	/* Closed before reading, and after part of a long stream: the reader thread stops. */
	assert_int_equal(analysis_detail_prefetch(gen_new(1000000, -1, 0, &closed), &p, &err), 0);
	p->close(p);
	assert_int_equal(closed, 1);
	assert_int_equal(analysis_detail_prefetch(gen_new(1000000, -1, 0, &closed), &p, &err), 0);
	for (i = 0; i < 1500; i++) {
		assert_int_equal(p->next(p, &row, &err), 0);
		assert_non_null(row);
		assert_int_equal(row[1].i, i);
	}
	p->close(p);
	assert_int_equal(closed, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_big_text),
		cmocka_unit_test(test_failure),
		cmocka_unit_test(test_close_early),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
