/*
 * test_xlsx.c - the workbook writer on hand-made tables and detail streams.
 *
 * The workbook is read back by an independent client (openpyxl, through
 * tests/tools/read_xlsx.py) and compared with tests/fixtures/xlsx/basic.json,
 * whose values were worked out by hand from the inputs below.
 *
 * Set SCTA_XLSX_KEEP=DIR to keep the written workbooks in DIR (the
 * LibreOffice case test uses this).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analysis/analysis.h"
#include "util/table.h"
#include "config/config.h"
#include "render/render.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/strbuf.h"

#define PYTHON "/usr/bin/python3"
#define READER SCTA_SOURCE_DIR "/tests/tools/read_xlsx.py"

/* ------------------------------------------------------------ fake details */

static const struct detail_col partnership_cols[] = {
	{ "Partnership ID", CELL_TEXT, "Identifier of the partnership", "Any text", NULL, NULL },
	{ "U.S. community", CELL_TEXT, "Name of the U.S. community", "Any text", NULL, NULL },
	{ "State", CELL_TEXT, "USPS code of the U.S. state or territory", "AL ... WY, DC, PR, GU, VI, AS, MP", NULL, NULL },
	{ "CPI score", CELL_INT, "Corruption Perceptions Index score of the foreign country", "0-100; empty when not scored", NULL, NULL },
	{ "In scope", CELL_TEXT, "Whether the partnership is in scope", "Yes, No, Not scored", NULL, NULL },
	{ "Source line", CELL_INT, "Line of the input file", "1 or more", NULL, NULL },
};
static const struct detail_col response_cols[] = {
	{ "Response ID", CELL_TEXT, "Identifier of the questionnaire response", "Any text", NULL, NULL },
	{ "Question ID", CELL_TEXT, "Question answered", "A question id", NULL, NULL },
	{ "Answer", CELL_TEXT, "Answer value", "A value of the question's scale", NULL, NULL },
	{ "Number", CELL_INT, "Answer to a count question", "0 or more", NULL, NULL },
	{ "Comment", CELL_TEXT, "Respondent's comment", "Any text", NULL, NULL },
};
static const struct detail_col question_cols[] = {
	{ "ID", CELL_TEXT, "Question id", "Any text", NULL, NULL },
	{ "Topic", CELL_TEXT, "Topic of the question", "selection, activities, transparency, expression, espionage, visa", NULL, NULL },
	{ "Text", CELL_TEXT, "Question text", "Any text", NULL, NULL },
	{ "Weight", CELL_REAL, "Weight in the topic index", "Greater than 0", NULL, NULL },
};
static const struct detail_col reject_cols[] = {
	{ "File", CELL_TEXT, "Input file", "A path", NULL, NULL },
	{ "Line", CELL_INT, "Line in the file", "1 or more", NULL, NULL },
	{ "Column", CELL_TEXT, "Column with the problem", "A column name", NULL, NULL },
	{ "Value", CELL_TEXT, "Value as read", "Any text", NULL, NULL },
	{ "Reason", CELL_TEXT, "Why the row was rejected", "Any text", NULL, NULL },
};

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

static struct detail_spec specs[DETAIL__COUNT] = {
	[DETAIL_PARTNERSHIPS] = { DETAIL_PARTNERSHIPS, "Partnerships", "Every partnership with its CPI score and scope",
				  partnership_cols, NCOLS(partnership_cols), 0, NULL },
	[DETAIL_SCOPE] = { DETAIL_SCOPE, "Partnerships in scope", "In-scope partnerships",
			   partnership_cols, NCOLS(partnership_cols), 0, NULL },
	[DETAIL_RESPONSES] = { DETAIL_RESPONSES, "Responses", "Every questionnaire answer",
			       response_cols, NCOLS(response_cols), 0, NULL },
	/* One line per row, as scta's Responses: long text neither wraps nor makes rows taller. */
	[DETAIL_QUESTIONS] = { DETAIL_QUESTIONS, "Questions", "The questionnaire",
			       question_cols, NCOLS(question_cols), 1, NULL },
	[DETAIL_REJECTS] = { DETAIL_REJECTS, "Rejects", "Rejected input rows with the reason",
			     reject_cols, NCOLS(reject_cols), 0, NULL },
};

struct fake_detail {
	struct detail d;          /* first: the writer frees through close() */
	struct cell *cells;       /* nrows * spec->ncols */
	size_t nrows, next;
	long fail_at;             /* row index whose next() fails, or -1 */
};

static int fake_next(struct detail *d, const struct cell **row, struct scta_err *err)
{
	struct fake_detail *f = (struct fake_detail *)d;

	if (f->fail_at >= 0 && f->next == (size_t)f->fail_at)
		return scta_err_set(err, SCTA_ERR_RUNTIME, "fake stream: boom at row %zu", f->next);
	if (f->next == f->nrows) {
		*row = NULL;
		return 0;
	}
	*row = &f->cells[f->next++ * d->spec->ncols];
	return 0;
}

static void fake_close(struct detail *d)
{
	struct fake_detail *f = (struct fake_detail *)d;
	size_t i;

	for (i = 0; i < f->nrows * d->spec->ncols; i++)
		cell_clear(&f->cells[i]);
	free(f->cells);
	free(f);
}

/* Row values as a compact spec: 's' text, 'i' int, 'n' null, 'r' real. */
static void fill_row(struct cell *row, const char *types, ...)
{
	va_list ap;
	size_t i;

	va_start(ap, types);
	for (i = 0; types[i]; i++) {
		switch (types[i]) {
		case 's':
			cell_text(&row[i], va_arg(ap, const char *));
			break;
		case 'i':
			cell_int(&row[i], va_arg(ap, int64_t));
			break;
		case 'r':
			cell_real(&row[i], va_arg(ap, double));
			break;
		default:
			cell_clear(&row[i]);
		}
	}
	va_end(ap);
}

static char long_comment[40001];

/* Test knobs read by open_details. */
static long detail_fail_at = -1;
static enum detail_kind detail_fail_kind = DETAIL_RESPONSES;

static int open_details(const struct render_input *in, enum detail_kind kind, struct detail **out,
			struct scta_err *err)
{
	struct fake_detail *f = xcalloc(1, sizeof(*f));
	size_t nc = specs[kind].ncols;

	(void)in;
	(void)err;
	f->d.spec = &specs[kind];
	f->d.next = fake_next;
	f->d.close = fake_close;
	f->fail_at = kind == detail_fail_kind ? detail_fail_at : -1;
	switch (kind) {
	case DETAIL_PARTNERSHIPS:
		f->nrows = 3;
		f->cells = xcalloc(f->nrows * nc, sizeof(struct cell));
		fill_row(&f->cells[0 * nc], "sssnsi", "P1", "Hagåtña", "GU", "Not scored", (int64_t)2);
		fill_row(&f->cells[1 * nc], "sssisi", "P2", "=HYPERLINK(\"http://x\")", "CA", (int64_t)41, "Yes", (int64_t)3);
		fill_row(&f->cells[2 * nc], "sssisi", "P3", "Springfield", "IL", (int64_t)29, "Yes", (int64_t)4);
		break;
	case DETAIL_RESPONSES:
		f->nrows = 3;
		f->cells = xcalloc(f->nrows * nc, sizeof(struct cell));
		fill_row(&f->cells[0 * nc], "sssns", "R1", "T1", "yes", "fine");
		fill_row(&f->cells[1 * nc], "ssnis", "R1", "C1", (int64_t)12, long_comment);
		fill_row(&f->cells[2 * nc], "sssns", "R2", "T1", "no", "line one\nline two");
		break;
	case DETAIL_QUESTIONS:
		f->nrows = 2;
		f->cells = xcalloc(f->nrows * nc, sizeof(struct cell));
		fill_row(&f->cells[0 * nc], "sssr", "T1", "transparency", "Is the agreement public?", 1.0);
		fill_row(&f->cells[1 * nc], "sssr", "C1", "activities",
			 "How many official delegations from the foreign community did your community host "
			 "in the last three years?\n(Count each visit once.)", 0.5);
		break;
	case DETAIL_REJECTS:
		f->nrows = 2;
		f->cells = xcalloc(f->nrows * nc, sizeof(struct cell));
		fill_row(&f->cells[0], "sisss", "partnerships.csv", (int64_t)7, "us_state", "ZZ", "unknown state 'ZZ'");
		/* Bytes that are not UTF-8, and a non-character XML forbids. */
		fill_row(&f->cells[nc], "sisss", "responses.csv", (int64_t)9, "answer", "bad\xff" "byte",
			 "nonchar \xef\xbf\xbe here");
		break;
	default:
		break;
	}
	*out = &f->d;
	return 0;
}

/* ------------------------------------------------------------ fake analysis */

static char *statuses[] = { "active", "inactive", "suspended" };

static void make_config(struct scta_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->report.organization = "Office of Sister City Review & Audit";
	cfg->report.title = "Sister City Partnerships: Transparency and Safeguards";
	cfg->report.short_title = "SISTER CITY PARTNERSHIPS";
	cfg->report.topic = "SISTER CITY PARTNERSHIPS";
	cfg->report.number = "SCTA-26-01";
	cfg->report.addressee = "Report to Congressional Committees";
	cfg->report.date = "2026-11";
	cfg->scope.cpi_year = 2019;
	cfg->scope.cpi_max = 45;
	cfg->scope.statuses = statuses;
	cfg->scope.nstatuses = 3;
}

static struct table *table1(void)
{
	struct table *t = table_new("scope_by_country", "In-scope partnerships by foreign country");
	struct cell *r;

	table_add_col(t, "Country", CELL_TEXT);
	table_add_col(t, "ISO3", CELL_TEXT);
	table_add_col(t, "CPI score", CELL_INT);
	table_add_col(t, "Partnerships", CELL_INT);
	table_add_col(t, "Percent of in-scope", CELL_PCT);
	r = table_add_row(t);
	cell_text(&r[0], "Mexico"); cell_text(&r[1], "MEX"); cell_int(&r[2], 29); cell_int(&r[3], 5); cell_pct(&r[4], 5, 9);
	r = table_add_row(t);
	cell_text(&r[0], "China"); cell_text(&r[1], "CHN"); cell_int(&r[2], 41); cell_int(&r[3], 3); cell_pct(&r[4], 3, 9);
	r = table_add_row(t);
	cell_text(&r[0], "=SUM(A1)"); cell_text(&r[1], "KSV"); cell_int(&r[3], 1); cell_pct(&r[4], 1, 9);
	r = table_add_row(t);
	cell_text(&r[0], "Total"); cell_int(&r[3], 9); cell_pct(&r[4], 9, 9);
	t->has_total = 1;
	table_set_base(t, "n = 9 partnerships in scope");
	table_add_note(t, "Percentages may not add to 100 because of rounding.");
	table_set_source(t, "scta analysis of partnership records.");
	t->chart = CHART_BAR;
	t->chart_col = 3;
	return t;
}

static struct table *table2(void)
{
	struct table *t = table_new("answers_chart_transparency", "Transparency: distribution of valid answers");
	struct cell *r;

	table_add_col(t, "Question ID", CELL_TEXT);
	table_add_col(t, "Yes", CELL_PCT);
	table_add_col(t, "No", CELL_PCT);
	table_add_col(t, "Valid answers (n)", CELL_INT);
	r = table_add_row(t);
	cell_text(&r[0], "T1"); cell_pct(&r[1], 3, 4); cell_pct(&r[2], 1, 4); cell_int(&r[3], 4);
	r = table_add_row(t);
	cell_text(&r[0], "T2"); cell_pct(&r[1], 1, 2); cell_pct(&r[2], 1, 2); cell_int(&r[3], 2);
	table_set_base(t, "n = valid answers per question");
	table_set_source(t, "scta analysis of questionnaire responses.");
	t->chart = CHART_STACKED;
	t->chart_col = 1;
	t->chart_ncols = 2;
	return t;
}

static struct table *table3(void)
{
	struct table *t = table_new("text_edge", "Names and formula-like text");
	struct cell *r;

	table_add_col(t, "Name", CELL_TEXT);
	table_add_col(t, "Kind", CELL_TEXT);
	table_add_col(t, "Score", CELL_REAL);
	table_add_col(t, "Count", CELL_INT);
	r = table_add_row(t);
	cell_text(&r[0], "Hagåtña"); cell_text(&r[1], "territory capital"); cell_real(&r[2], 2.0 / 3.0); cell_int(&r[3], 12345678);
	r = table_add_row(t);
	cell_text(&r[0], "北京市 (Beijing)"); cell_text(&r[1], "CJK"); cell_real(&r[2], 1.5); cell_int(&r[3], -3);
	r = table_add_row(t);
	cell_text(&r[0], "=1+1"); cell_text(&r[1], "+x"); cell_int(&r[3], 0);
	r = table_add_row(t);
	cell_text(&r[0], "-y"); cell_text(&r[1], "@z"); cell_real(&r[2], 0.0);
	r = table_add_row(t);
	cell_text(&r[0], "_x0041_"); cell_text(&r[1], "  leading spaces"); cell_real(&r[2], 2.25); cell_int(&r[3], 1);
	r = table_add_row(t);
	cell_text(&r[0], "A long description that is wider than sixty characters, so it wraps.");
	cell_text(&r[1], "long");
	table_add_note(t, "Note: already prefixed.");
	table_add_note(t, "Second note.");
	return t;
}

static struct table *table4(void)
{
	struct table *t = table_new("status_changes", "Status changes by year");

	table_add_col(t, "Year", CELL_INT);
	table_add_col(t, "Total", CELL_INT);
	table_set_base(t, "n = 0");
	t->chart = CHART_BAR;
	t->chart_col = 1;
	return t;
}

struct fixture {
	struct scta_config cfg;
	struct analysis an;
	struct table *tables[4];
	struct render_source sources[2];
	struct render_input in;
	char dir[256];
	int keep;
};

static int setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof(*fx));
	const char *keep = getenv("SCTA_XLSX_KEEP");

	memset(long_comment, 'a', sizeof(long_comment) - 1);
	long_comment[sizeof(long_comment) - 1] = '\0';
	make_config(&fx->cfg);
	fx->tables[0] = table1();
	fx->tables[1] = table2();
	fx->tables[2] = table3();
	fx->tables[3] = table4();
	fx->an.tables = fx->tables;
	fx->an.ntables = 4;
	fx->an.cfg = &fx->cfg;
	fx->sources[0] = (struct render_source){ "data/partnerships.csv", "partnerships",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", 10, 9, 1, 2 };
	fx->sources[1] = (struct render_source){ "data/responses.csv", "responses",
		"fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210", 20, 20, 0, 0 };
	fx->in.cfg = &fx->cfg;
	fx->in.an = &fx->an;
	fx->in.detail_open = open_details;
	fx->in.sources = fx->sources;
	fx->in.nsources = 2;
	if (keep && *keep) {
		snprintf(fx->dir, sizeof(fx->dir), "%s", keep);
		mkdir(fx->dir, 0777);
		fx->keep = 1;
	} else {
		snprintf(fx->dir, sizeof(fx->dir), "/tmp/scta-xlsx-XXXXXX");
		assert_non_null(mkdtemp(fx->dir));
	}
	fx->in.tmpdir = fx->dir;
	detail_fail_at = -1;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	size_t i;

	for (i = 0; i < 4; i++)
		table_free(fx->tables[i]);
	if (!fx->keep) {
		char cmd[512];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
		assert_int_equal(system(cmd), 0);
	}
	free(fx);
	return 0;
}

static char *path_in(const struct fixture *fx, const char *name)
{
	return xasprintf("%s/%s", fx->dir, name);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	size_t n;

	assert_non_null(fp);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(fp);
	*len = sb.len;
	return strbuf_detach(&sb);
}

static int run_reader(const char *args)
{
	char *cmd = xasprintf("%s %s %s", PYTHON, READER, args);
	int st = system(cmd);

	free(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* ------------------------------------------------------------ tests */

static void test_write_read_back(void **state)
{
	struct fixture *fx = *state;
	struct scta_err err = SCTA_ERR_INIT;
	char *a = path_in(fx, "basic.xlsx"), *b = path_in(fx, "basic-again.xlsx"), *args;
	char *da, *db;
	size_t la, lb;

	assert_int_equal(xlsx_write(&fx->in, a, &err), 0);
	assert_int_equal(err.code, 0);
	assert_int_equal(xlsx_write(&fx->in, b, &err), 0);

	/* Same inputs, same bytes. */
	da = slurp(a, &la);
	db = slurp(b, &lb);
	assert_true(la > 1000);
	assert_int_equal(la, lb);
	assert_memory_equal(da, db, la);
	free(da);
	free(db);

	args = xasprintf("check %s/xlsx/basic.json '%s'", SCTA_FIXTURES, a);
	assert_int_equal(run_reader(args), 0);
	free(args);
	free(a);
	free(b);
}

static void test_bad_date(void **state)
{
	struct fixture *fx = *state;
	struct scta_err err = SCTA_ERR_INIT;
	char *p = path_in(fx, "bad-date.xlsx");

	fx->cfg.report.date = "2026-13";
	assert_int_equal(xlsx_write(&fx->in, p, &err), SCTA_ERR_CONFIG);
	assert_non_null(strstr(err.msg, "2026-13"));
	assert_int_not_equal(access(p, F_OK), 0);
	free(p);
}

static void test_stream_error(void **state)
{
	struct fixture *fx = *state;
	struct scta_err err = SCTA_ERR_INIT;
	char *p = path_in(fx, "stream-error.xlsx");

	detail_fail_kind = DETAIL_RESPONSES;
	detail_fail_at = 1;
	assert_int_equal(xlsx_write(&fx->in, p, &err), SCTA_ERR_RUNTIME);
	assert_non_null(strstr(err.msg, "boom at row 1"));
	/* Nothing half-written: the workbook is only created on close. */
	assert_int_not_equal(access(p, F_OK), 0);
	detail_fail_at = -1;
	free(p);
}

static void test_bad_chart_hint(void **state)
{
	struct fixture *fx = *state;
	struct scta_err err = SCTA_ERR_INIT;
	char *p = path_in(fx, "bad-chart.xlsx");

	fx->tables[1]->chart_ncols = 3;   /* columns 1..3, but column 3 is the count */
	fx->tables[1]->chart_col = 2;
	assert_int_equal(xlsx_write(&fx->in, p, &err), SCTA_ERR_RUNTIME);
	assert_non_null(strstr(err.msg, "answers_chart_transparency"));
	assert_int_not_equal(access(p, F_OK), 0);
	free(p);
}

static void test_non_finite(void **state)
{
	struct fixture *fx = *state;
	struct scta_err err = SCTA_ERR_INIT;
	char *p = path_in(fx, "nan.xlsx");

	cell_real(table_cell(fx->tables[2], 1, 2), NAN);
	assert_int_equal(xlsx_write(&fx->in, p, &err), SCTA_ERR_RUNTIME);
	assert_non_null(strstr(err.msg, "Table 3"));
	assert_non_null(strstr(err.msg, "not a finite number"));
	free(p);
}

static void test_unwritable_path(void **state)
{
	struct fixture *fx = *state;
	struct scta_err err = SCTA_ERR_INIT;
	char *p = path_in(fx, "no-such-dir/out.xlsx");

	assert_int_equal(xlsx_write(&fx->in, p, &err), SCTA_ERR_RUNTIME);
	assert_non_null(strstr(err.msg, p));
	free(p);
}

static void test_missing_input(void **state)
{
	struct fixture *fx = *state;
	struct scta_err err = SCTA_ERR_INIT;
	char *p = path_in(fx, "missing.xlsx");

	fx->in.detail_open = NULL;
	assert_int_equal(xlsx_write(&fx->in, p, &err), SCTA_ERR_RUNTIME);
	assert_true(err.msg[0] != '\0');
	scta_err_clear(&err);
	assert_int_equal(xlsx_write(NULL, p, &err), SCTA_ERR_RUNTIME);
	free(p);
}

/*
 * A date with a day, and a different month: the created property follows
 * it. A data note leads the Notes sheet.
 */
static void test_full_date(void **state)
{
	static struct cpi_band bands[] = { { 0, 29, "0-29" }, { 30, 45, "30-45" } };
	struct fixture *fx = *state;
	struct scta_err err = SCTA_ERR_INIT;
	char *p = path_in(fx, "full-date.xlsx"), *args;

	fx->cfg.report.date = "2024-02-29";
	fx->cfg.report.data_note = "The responses are illustrative, not real answers.";
	fx->cfg.scope.bands = bands;
	fx->cfg.scope.nbands = 2;
	assert_int_equal(xlsx_write(&fx->in, p, &err), 0);
	args = xasprintf("check %s/xlsx/full_date.json '%s'", SCTA_FIXTURES, p);
	assert_int_equal(run_reader(args), 0);
	free(args);
	free(p);
}

/* Sheet names from specs are cleaned, cut to 31 characters and made unique. */
static void test_sheet_names(void **state)
{
	struct fixture *fx = *state;
	struct scta_err err = SCTA_ERR_INIT;
	char *p = path_in(fx, "names.xlsx"), *args;
	struct detail_spec saved[DETAIL__COUNT];

	memcpy(saved, specs, sizeof(saved));
	specs[DETAIL_PARTNERSHIPS].sheet = "'Quoted'";
	specs[DETAIL_QUESTIONS].sheet = "Questions: [all] / 2019 and a very long name";
	specs[DETAIL_REJECTS].sheet = "notes";
	/* No name: the standard one of its kind (analysis' detail_spec), "Responses". */
	specs[DETAIL_RESPONSES].sheet = "";
	assert_int_equal(xlsx_write(&fx->in, p, &err), 0);
	memcpy(specs, saved, sizeof(saved));
	args = xasprintf("check %s/xlsx/names.json '%s'", SCTA_FIXTURES, p);
	assert_int_equal(run_reader(args), 0);
	free(args);
	free(p);
}

/* ------------------------------------------------------------ laid out from a plan */

/* What wait_analysis gives: the analysis, or a failure. */
static const struct analysis *waited;
static int wait_calls;

static int fake_wait(const struct render_input *in, const struct analysis **an,
		     struct scta_err *err)
{
	(void)in;
	wait_calls++;
	*an = waited;
	return waited ? 0 : scta_err_set(err, SCTA_ERR_RUNTIME, "analysis failed on the other thread");
}

/*
 * Laid out from a plan while the analysis is "elsewhere", the workbook is
 * the same, byte for byte, as when the analysis is there from the start.
 */
static void test_plan_same_bytes(void **state)
{
	struct fixture *fx = *state;
	struct scta_err err = SCTA_ERR_INIT;
	struct render_input in = fx->in;
	struct analysis plan = fx->an;
	struct table *planned[8];
	char *a = path_in(fx, "direct.xlsx"), *b = path_in(fx, "planned.xlsx");
	char *da, *db;
	size_t la, lb, i;

	/* The plan's tables have the ids only: no rows, no columns, other titles. */
	assert_true(fx->an.ntables <= 8);
	for (i = 0; i < fx->an.ntables; i++)
		planned[i] = table_new(fx->an.tables[i]->id, "A title from the plan");
	plan.tables = planned;
	assert_int_equal(xlsx_write(&fx->in, a, &err), 0);
	in.an = NULL;
	in.plan = &plan;
	in.wait_analysis = fake_wait;
	waited = &fx->an;
	wait_calls = 0;
	assert_int_equal(xlsx_write(&in, b, &err), 0);
	assert_int_equal(wait_calls, 1);
	da = slurp(a, &la);
	db = slurp(b, &lb);
	assert_int_equal(la, lb);
	assert_memory_equal(da, db, la);
	free(da);
	free(db);
	free(a);
	free(b);
	for (i = 0; i < fx->an.ntables; i++)
		table_free(planned[i]);
}

/* The analysis failed: its error, and no workbook. */
static void test_plan_analysis_fails(void **state)
{
	struct fixture *fx = *state;
	struct scta_err err = SCTA_ERR_INIT;
	struct render_input in = fx->in;
	char *p = path_in(fx, "failed.xlsx");

	in.an = NULL;
	in.plan = &fx->an;
	in.wait_analysis = fake_wait;
	waited = NULL;
	assert_int_equal(xlsx_write(&in, p, &err), SCTA_ERR_RUNTIME);
	assert_string_equal(err.msg, "analysis failed on the other thread");
	assert_int_not_equal(access(p, F_OK), 0);
	free(p);
}

/* An analysis whose tables are not the plan's is refused, not written into the wrong sheets. */
static void test_plan_mismatch(void **state)
{
	struct fixture *fx = *state;
	struct scta_err err = SCTA_ERR_INIT;
	struct render_input in = fx->in;
	struct analysis fewer = fx->an, swapped = fx->an;
	struct table *order[8];
	char *p = path_in(fx, "mismatch.xlsx"), *want;

	assert_true(fx->an.ntables >= 2 && fx->an.ntables <= 8);
	in.an = NULL;
	in.plan = &fx->an;
	in.wait_analysis = fake_wait;
	fewer.ntables--;
	waited = &fewer;
	assert_int_equal(xlsx_write(&in, p, &err), SCTA_ERR_RUNTIME);
	want = xasprintf("%s: the analysis's tables (%zu) are not those of the plan the workbook "
			 "was laid out from (%zu): does a table depend on the data?", p,
			 fx->an.ntables - 1, fx->an.ntables);
	assert_string_equal(err.msg, want);
	free(want);
	assert_int_not_equal(access(p, F_OK), 0);

	/* Same number of tables, in another order. */
	memcpy(order, fx->an.tables, fx->an.ntables * sizeof(*order));
	order[0] = fx->an.tables[1];
	order[1] = fx->an.tables[0];
	swapped.tables = order;
	waited = &swapped;
	scta_err_clear(&err);
	assert_int_equal(xlsx_write(&in, p, &err), SCTA_ERR_RUNTIME);
	assert_non_null(strstr(err.msg, "are not those of the plan"));
	assert_int_not_equal(access(p, F_OK), 0);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write_read_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_date, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stream_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_chart_hint, setup, teardown),
		cmocka_unit_test_setup_teardown(test_non_finite, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unwritable_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_date, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_same_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_analysis_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_mismatch, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
