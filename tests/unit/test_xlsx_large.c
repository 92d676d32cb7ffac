/*
 * test_xlsx_large.c - a detail stream longer than a sheet continues on
 * "Responses (2)", header repeated, rows in order and none lost.
 *
 * 1,048,600 tiny rows: a sheet holds 1,048,576 rows, one of them the
 * header, so "Responses" takes rows 1..1,048,575 and "Responses (2)" the
 * last 25. Read back in openpyxl's read-only mode and compared with
 * tests/fixtures/xlsx/large_rows.json (worked out by hand from those
 * numbers). Slow-ish: about 10 s to write and 20 s to read back.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analysis/analysis.h"
#include "util/table.h"
#include "config/config.h"
#include "render/render.h"
#include "util/err.h"
#include "util/mem.h"

#define NROWS 1048600L

static const struct detail_col tiny_cols[] = {
	{ "N", CELL_INT, "Row number", "1 or more", NULL, NULL },
	{ "Tag", CELL_TEXT, "Always r", "r", NULL, NULL },
};
static const struct detail_col empty_cols[] = {
	{ "Nothing", CELL_TEXT, "An empty stream", "None", NULL, NULL },
};

static struct detail_spec specs[DETAIL__COUNT];

struct gen {
	struct detail d;
	long n, i;
	struct cell row[2];
};

static int gen_next(struct detail *d, const struct cell **row, struct scta_err *err)
{
	struct gen *g = (struct gen *)d;

	(void)err;
	if (g->i == g->n) {
		*row = NULL;
		return 0;
	}
	g->i++;
	g->row[0].kind = CELL_INT;
	g->row[0].i = g->i;
	*row = g->row;
	return 0;
}

static void gen_close(struct detail *d)
{
	struct gen *g = (struct gen *)d;

	free(g->row[1].s);
	free(g);
}

static int open_gen(const struct render_input *in, enum detail_kind kind, struct detail **out,
		    struct scta_err *err)
{
	struct gen *g = xcalloc(1, sizeof(*g));

	(void)in;
	(void)err;
	g->d.spec = &specs[kind];
	g->d.next = gen_next;
	g->d.close = gen_close;
	g->n = kind == DETAIL_RESPONSES ? NROWS : 0;
	g->row[1].kind = CELL_TEXT;
	g->row[1].s = xstrdup("r");
	*out = &g->d;
	return 0;
}

static void test_continuation(void **state)
{
	struct scta_config cfg;
	struct analysis an;
	struct render_input in;
	struct scta_err err = SCTA_ERR_INIT;
	char dir[] = "/tmp/scta-xlsx-large-XXXXXX";
	char *path, *cmd;
	int st, k;

	(void)state;
	for (k = 0; k < DETAIL__COUNT; k++) {
		specs[k].kind = (enum detail_kind)k;
		specs[k].sheet = k == DETAIL_PARTNERSHIPS ? "Partnerships" : k == DETAIL_RESPONSES ?
				 "Responses" : k == DETAIL_QUESTIONS ? "Questions" : "Rejects";
		specs[k].desc = k == DETAIL_RESPONSES ? "Every answer" : "Nothing";
		specs[k].cols = k == DETAIL_RESPONSES ? tiny_cols : empty_cols;
		specs[k].ncols = k == DETAIL_RESPONSES ? 2 : 1;
	}
	memset(&cfg, 0, sizeof(cfg));
	cfg.report.organization = "Test Office";
	cfg.report.title = "Large";
	cfg.report.date = "2026-11";
	memset(&an, 0, sizeof(an));
	memset(&in, 0, sizeof(in));
	in.cfg = &cfg;
	in.an = &an;
	in.detail_open = open_gen;

	assert_non_null(mkdtemp(dir));
	in.tmpdir = dir;
	path = xasprintf("%s/large.xlsx", dir);
	assert_int_equal(xlsx_write(&in, path, &err), 0);

	cmd = xasprintf("/usr/bin/python3 %s/tests/tools/read_xlsx.py check-rows "
			"%s/xlsx/large_rows.json %s", SCTA_SOURCE_DIR, SCTA_FIXTURES, path);
	st = system(cmd);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	free(cmd);

	cmd = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_continuation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
