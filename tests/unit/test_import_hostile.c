/*
 * Hostile inputs: files in tests/hostile/ and a few generated here (too big
 * to commit). Each must end in the documented outcome - refused with a
 * clear message, or read with the right rows rejected - and never crash
 * (run this under the ASan/UBSan build too).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "util/strbuf.h"
#include "test_import_util.h"

#define HEADER "us_community,us_state,foreign_community,foreign_country\n"

static char dir[64];
static struct store *st;
static struct got g;

static int setup(void **state)
{
	(void)state;
	st = tstore_new(dir, sizeof(dir));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	got_reset(&g);
	tstore_free(st, dir);
	return 0;
}

/* Import path as partnerships under the name `name`; returns the status. */
static int run(const char *path, const char *name, const char *encoding,
	       struct import_result *res, struct scta_err *err)
{
	struct import_opts o;

	got_reset(&g);
	scta_err_clear(err);
	o = got_opts(&g, name);
	o.encoding = encoding;
	return import_file(st, IMPORT_PARTNERSHIPS, path, NULL, &o, res, err);
}

/* The store holds nothing from a refused file. */
static void assert_nothing_stored(void)
{
	assert_int_equal(q_int(st, "SELECT count(*) FROM batch", NULL), 0);
	assert_int_equal(q_int(st, "SELECT count(*) FROM partnership", NULL), 0);
	assert_int_equal(q_int(st, "SELECT count(*) FROM reject", NULL), 0);
}

static void refused(const char *path, const char *name, const char *msg)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct import_result res;

	assert_int_equal(run(path, name, NULL, &res, &err), SCTA_ERR_RUNTIME);
	assert_string_equal(err.msg, msg);
	assert_nothing_stored();
}

static void test_empty(void **state)
{
	(void)state;
	refused(HOSTILE "empty.csv", "empty.csv", "empty.csv: empty file, expected a header row");
	refused(HOSTILE "bom_only.csv", "bom_only.csv",
		"bom_only.csv: empty file, expected a header row");
}

static void test_header_only(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct import_result res;

	(void)state;
	assert_int_equal(run(HOSTILE "header_only.csv", "h.csv", NULL, &res, &err), 0);
	assert_counts(res, 0, 0, 0);
	assert_int_equal(g.np, 0);
	assert_int_equal(q_int(st, "SELECT count(*) FROM batch WHERE rows_read = 0", NULL), 1);
}

static void test_nul_byte(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct import_result res;

	(void)state;
	assert_int_equal(run(HOSTILE "nul_byte.csv", "nul.csv", NULL, &res, &err), 0);
	assert_counts(res, 2, 1, 1);
	assert_int_equal(g.np, 1);
	assert_problem(&g, 0, 2, "foreign_community", "Fu", "value contains a NUL byte");
}

static void test_unterminated_quote(void **state)
{
	(void)state;
	refused(HOSTILE "unterminated_quote.csv", "u.csv",
		"u.csv:3: unterminated quoted field (the quote opened on this line is never closed)");
}

static void test_ragged(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct import_result res;

	(void)state;
	assert_int_equal(run(HOSTILE "ragged.csv", "r.csv", NULL, &res, &err), 0);
	/* the empty line 5 is not a row */
	assert_counts(res, 4, 2, 2);
	assert_int_equal(g.np, 2);
	assert_problem(&g, 0, 2, "", "Tacoma,WA,Fuzhou", "row has 3 fields, header has 4");
	assert_problem(&g, 1, 4, "", "Spokane,WA,Nishinomiya,Japan,extra,more",
		       "row has 6 fields, header has 4");
	assert_int_equal(q_int(st, "SELECT line FROM partnership WHERE us_state = 'ID'", NULL), 6);
}

static void test_malformed_quotes(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct import_result res;

	(void)state;
	assert_int_equal(run(HOSTILE "malformed_quote.csv", "mq.csv", NULL, &res, &err), 0);
	assert_counts(res, 3, 1, 2);
	assert_int_equal(g.np, 2);
	assert_problem(&g, 0, 2, "", "Tacoma,WA",
		       "malformed quoting (a field holding quotes must be quoted, its quotes doubled)");
	assert_problem(&g, 1, 3, "", "Seattle,WA",
		       "malformed quoting (a field holding quotes must be quoted, its quotes doubled)");
	assert_int_equal(q_int(st, "SELECT line FROM partnership", NULL), 4);
}

static void test_binary_junk(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct import_result res;
	int rc;

	(void)state;
	assert_int_equal(run(HOSTILE "binary_junk.bin", "junk.bin", NULL, &res, &err),
			 SCTA_ERR_RUNTIME);
	assert_non_null(strstr(err.msg, "junk.bin:1: not valid UTF-8 (byte 0x"));
	assert_nothing_stored();
	/* as cp1252 almost every byte is a character: refused, or read without a crash */
	rc = run(HOSTILE "binary_junk.bin", "junk.bin", "cp1252", &res, &err);
	if (rc) {
		assert_int_equal(rc, SCTA_ERR_RUNTIME);
		assert_non_null(strstr(err.msg, "junk.bin:"));
		assert_nothing_stored();
	} else {
		assert_int_equal(res.rows_read, res.rows_loaded + res.rows_rejected);
	}
}

static void test_formulas(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct import_result res;

	(void)state;
	assert_int_equal(run(HOSTILE "formula.csv", "f.csv", NULL, &res, &err), 0);
	assert_counts(res, 2, 2, 0);
	assert_q_text(st, "SELECT us_community || '|' || foreign_community || '|' || notes FROM "
		      "partnership WHERE line = 2", NULL, "=1+1|+SUM(A1:A9)|-2");
	assert_q_text(st, "SELECT us_community || '|' || foreign_community || '|' || notes FROM "
		      "partnership WHERE line = 3", NULL, "@cmd|calc|=HYPERLINK(\"http://x\")|=A1");
}

static void test_cr_only(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct import_result res;

	(void)state;
	assert_int_equal(run(HOSTILE "cr_only.csv", "cr.csv", NULL, &res, &err), 0);
	assert_counts(res, 4, 2, 2);
	assert_problem(&g, 0, 3, "us_state", "ZZ", "unknown U.S. state or territory 'ZZ'");
	assert_problem(&g, 1, 6, "foreign_country", "Narnia", "unknown country 'Narnia'");
	assert_q_text(st, "SELECT us_community FROM partnership WHERE line = 4", NULL, "Port\rland");
}

/* A quoted field of 2 MiB: not data, the file is refused. */
static void test_huge_field(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char msg[200];
	size_t i;

	(void)state;
	strbuf_adds(&sb, HEADER "Tacoma,WA,Fuzhou,China\nSeattle,WA,\"");
	for (i = 0; i < 2u * 1024 * 1024; i++)
		strbuf_addch(&sb, 'A' + (char)(i % 26));
	strbuf_adds(&sb, "\",China\n");
	snprintf(msg, sizeof(msg), "huge.csv:3: field longer than %d bytes; this does not look "
		 "like a CSV file (is a quote left open?)", IMPORT_MAX_FIELD);
	refused(write_file(dir, "huge.csv", sb.buf, sb.len), "huge.csv", msg);
	strbuf_release(&sb);
}

/* 600 fields of 30,000 bytes (each under the cell limit): a record no one typed. */
static void test_huge_record(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, j;

	(void)state;
	strbuf_adds(&sb, HEADER);
	for (j = 0; j < 600; j++) {
		if (j)
			strbuf_addch(&sb, ',');
		for (i = 0; i < 30000; i++)
			strbuf_addch(&sb, 'z');
	}
	refused(write_file(dir, "rec.csv", sb.buf, sb.len), "rec.csv",
		"rec.csv:2: record longer than 16 MiB; this does not look like a CSV file");
	strbuf_release(&sb);
}

/* A line of 200,000 fields (1.2 MB): one ragged row, memory bounded. */
static void test_very_long_line(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct import_result res;
	struct strbuf sb = STRBUF_INIT;
	const char *path;
	size_t i;

	(void)state;
	strbuf_adds(&sb, HEADER);
	for (i = 0; i < 200000; i++)
		strbuf_adds(&sb, i ? ",cell" : "cell");
	strbuf_adds(&sb, "\nTacoma,WA,Fuzhou,China\n");
	path = write_file(dir, "wide.csv", sb.buf, sb.len);
	assert_int_equal(run(path, "wide.csv", NULL, &res, &err), 0);
	assert_counts(res, 2, 1, 1);
	assert_int_equal(g.np, 1);
	assert_int_equal(g.p[0].line, 2);
	assert_string_equal(g.p[0].reason, "row has 200000 fields, header has 4");
	assert_true(strlen(g.p[0].value) <= 200);
	strbuf_release(&sb);
}

/* A header of 10,000 columns: unknown columns are warned about, rows still load. */
static void test_ten_thousand_columns(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct import_result res;
	struct strbuf sb = STRBUF_INIT;
	const char *path;
	size_t i;

	(void)state;
	strbuf_adds(&sb, "us_community,us_state,foreign_community,foreign_country");
	for (i = 4; i < 10000; i++)
		strbuf_addf(&sb, ",extra%zu", i);
	strbuf_adds(&sb, "\nTacoma,WA,Fuzhou,China");
	for (i = 4; i < 10000; i++)
		strbuf_adds(&sb, ",v");
	strbuf_adds(&sb, "\nSeattle,WA,Chongqing,China\n");
	path = write_file(dir, "cols.csv", sb.buf, sb.len);
	assert_int_equal(run(path, "cols.csv", NULL, &res, &err), 0);
	assert_counts(res, 2, 1, 1);
	assert_problem(&g, 0, 3, "", "Seattle,WA,Chongqing,China", "row has 4 fields, header has 10000");
	/* 20 named, then one line for the other 9,976 */
	assert_int_equal(g.nwarn, 21);
	assert_string_equal(g.warn[0], "unknown column 'extra4' ignored");
	assert_string_equal(g.warn[19], "unknown column 'extra23' ignored");
	assert_string_equal(g.warn[20], "9976 more unknown columns ignored");
	strbuf_release(&sb);
}

/* An invalid UTF-8 sequence cut by the 64 KiB read boundary is still found, on its line. */
static void test_utf8_across_chunks(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct import_result res;
	struct strbuf sb = STRBUF_INIT;
	const char *path;
	size_t line = 2;

	(void)state;
	strbuf_adds(&sb, HEADER);
	while (sb.len < 65536 - 40) {
		strbuf_adds(&sb, "Tacoma,WA,Fuzhou,China\n");
		line++;
	}
	/* a valid 3-byte character straddling the boundary... */
	while (sb.len < 65536 - 1)
		strbuf_addch(&sb, 'a');
	strbuf_adds(&sb, "\xE2\x82\xAC,WA,X,China\n");
	line++;
	/* ...and an invalid one two lines later */
	strbuf_adds(&sb, "Ok,WA,Y,China\nBad\xE2\x82,WA,Z,China\n");
	line++;
	path = write_file(dir, "chunks.csv", sb.buf, sb.len);
	assert_int_equal(run(path, "chunks.csv", NULL, &res, &err), SCTA_ERR_RUNTIME);
	{
		char msg[200];

		snprintf(msg, sizeof(msg), "chunks.csv:%zu: not valid UTF-8 (byte 0xE2); if the file "
			 "was saved by Excel on Windows, try --encoding cp1252", line);
		assert_string_equal(err.msg, msg);
	}
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nul_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unterminated_quote, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ragged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed_quotes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_binary_junk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_formulas, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cr_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_huge_field, setup, teardown),
		cmocka_unit_test_setup_teardown(test_huge_record, setup, teardown),
		cmocka_unit_test_setup_teardown(test_very_long_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ten_thousand_columns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_utf8_across_chunks, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
