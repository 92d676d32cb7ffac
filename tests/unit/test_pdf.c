/*
 * test_pdf.c - the PDF report written from the default templates and from
 * small fixture templates, read back by independent clients: pdftotext,
 * pdfinfo, pdffonts, qpdf --check and tests/tools/check_glyphs.py.
 *
 * The inputs are made by hand (test_pdf_fake.h); expected strings are
 * worked out from them (1234 in scope prints "1,234"; date 2026-11 prints
 * "November 2026"). Set SCTA_PDF_KEEP=DIR to keep the written PDFs there.
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
#include <time.h>
#include <unistd.h>

#include "test_pdf_fake.h"
#include "util/strbuf.h"
#include "util/vocab.h"

#define TEMPLATES SCTA_SOURCE_DIR "/templates"
#define FIXTURES SCTA_FIXTURES "/pdf"
#define CHECK_GLYPHS SCTA_SOURCE_DIR "/tests/tools/check_glyphs.py"

static char tmpdir[256];

static int setup_dir(void **state)
{
	const char *keep = getenv("SCTA_PDF_KEEP");

	(void)state;
	if (keep && *keep) {
		snprintf(tmpdir, sizeof tmpdir, "%s", keep);
		mkdir(tmpdir, 0755);
		return 0;
	}
	snprintf(tmpdir, sizeof tmpdir, "/tmp/scta_pdf_XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_dir(void **state)
{
	char cmd[512];

	(void)state;
	if (getenv("SCTA_PDF_KEEP"))
		return 0;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Run a shell command; its standard output is returned (caller frees). */
static char *run(const char *fmt, ...)
{
	char cmd[2048], buf[4096];
	struct strbuf out = STRBUF_INIT;
	va_list ap;
	FILE *p;
	size_t n;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	p = popen(cmd, "r");
	assert_non_null(p);
	while ((n = fread(buf, 1, sizeof buf, p)) > 0)
		strbuf_add(&out, buf, n);
	st = pclose(p);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "command failed (%d): %s\n%s\n", st, cmd, out.buf);
		fail();
	}
	/* poppler's warnings (stderr, merged in by 2>&1) fail the test */
	if (strstr(out.buf, "Syntax Warning") || strstr(out.buf, "Syntax Error") ||
	    strstr(out.buf, "Internal Error")) {
		fprintf(stderr, "warnings from: %s\n%s\n", cmd, out.buf);
		fail();
	}
	return strbuf_detach(&out);
}

static void must_contain(const char *hay, const char *needle)
{
	if (!strstr(hay, needle)) {
		fprintf(stderr, "missing from the PDF text: \"%s\"\n", needle);
		fail();
	}
}

static void must_not_contain(const char *hay, const char *needle)
{
	if (strstr(hay, needle)) {
		fprintf(stderr, "unexpected in the PDF text: \"%s\"\n", needle);
		fail();
	}
}

static void write_pdf(struct fake *f, const char *name, char *path, size_t size)
{
	struct scta_err err = SCTA_ERR_INIT;
	int rc;

	snprintf(path, size, "%s/%s", tmpdir, name);
	rc = pdf_write(&f->in, path, &err);
	if (rc)
		fprintf(stderr, "pdf_write: %s\n", err.msg);
	assert_int_equal(rc, 0);
}

/* The value of "Key:" in pdfinfo output starts with want. */
static void info_is(const char *info, const char *key, const char *want)
{
	const char *p = strstr(info, key);

	if (p && (p == info || p[-1] == '\n')) {
		p += strlen(key);
		while (*p == ' ')
			p++;
		if (!strncmp(p, want, strlen(want)))
			return;
	}
	fprintf(stderr, "pdfinfo %s is not \"%s...\"\n%s\n", key, want, info);
	fail();
}

static int pages_of(const char *path)
{
	char *info = run("pdfinfo '%s' 2>&1", path);
	const char *p = strstr(info, "\nPages:");
	int n;

	assert_non_null(p);
	n = (int)strtol(p + 7, NULL, 10);
	free(info);
	return n;
}

/* A table of state counts (or percents, pct) for the map tests. */
static struct table *state_table(int pct)
{
	static const struct {
		const char *code;
		int64_t v;
	} rows[] = {
		{ "TX", 0 }, { "CA", 1 }, { "NY", 4 }, { "FL", 5 }, { "WA", 19 }, { "OR", 20 },
		{ "NV", 49 }, { "ID", 50 }, { "MT", 1000 }, { "Total", 1148 },
	};
	struct table *t = table_new("by_state", "Things by state");
	size_t i;

	table_add_col(t, "State", CELL_TEXT);
	table_add_col(t, "Things", CELL_INT);
	table_add_col(t, "Share", CELL_PCT);
	table_add_col(t, "Score", CELL_REAL);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct cell *r = table_add_row(t);

		cell_text(&r[0], rows[i].code);
		cell_int(&r[1], rows[i].v);
		/* shares 0.0000, 0.2440, 0.2450, 0.4940, 0.4950, 0.7440, 0.7450, 0.9999, 1 */
		if (pct && i < 9)
			cell_pct(&r[2], (int64_t[]){ 0, 2440, 2450, 4940, 4950, 7440, 7450, 9999,
						     10000 }[i], 10000);
		cell_real(&r[3], 1.5);
	}
	t->has_total = 1;
	return t;
}

static const struct tilemap_square *square(const struct tilemap *m, const char *code)
{
	size_t i;

	for (i = 0; i < TILEMAP_NTILES; i++)
		if (!strcmp(m->sq[i].code, code))
			return &m->sq[i];
	fail_msg("no square %s", code);
	return NULL;
}

/*
 * The tile-grid map (render/tilemap.c): the grid holds each of the 56
 * codes of data/reference/states.csv once, at distinct places; the fixed
 * classes of a known table; the colour ramps get darker class by class.
 */
static void test_tilemap(void **state)
{
	static const char *const codes[] = {
		"AK", "AL", "AR", "AS", "AZ", "CA", "CO", "CT", "DC", "DE", "FL", "GA", "GU", "HI",
		"IA", "ID", "IL", "IN", "KS", "KY", "LA", "MA", "MD", "ME", "MI", "MN", "MO", "MP",
		"MS", "MT", "NC", "ND", "NE", "NH", "NJ", "NM", "NV", "NY", "OH", "OK", "OR", "PA",
		"PR", "RI", "SC", "SD", "TN", "TX", "UT", "VA", "VI", "VT", "WA", "WI", "WV", "WY",
	};
	struct scta_err err = SCTA_ERR_INIT;
	struct table *t = state_table(1);
	struct tilemap m;
	size_t i, j, k;

	(void)state;
	assert_int_equal(sizeof codes / sizeof codes[0], TILEMAP_NTILES);
	for (i = 0; i < TILEMAP_NTILES; i++) {
		int found = 0;

		for (j = 0; j < TILEMAP_NTILES; j++)
			found += !strcmp(tilemap_tiles[j].code, codes[i]);
		assert_int_equal(found, 1);
		assert_true(tilemap_tiles[i].col >= 0 && tilemap_tiles[i].col < TILEMAP_COLS);
		assert_true(tilemap_tiles[i].row >= 0 && tilemap_tiles[i].row < TILEMAP_ROWS);
		for (j = 0; j < i; j++)
			assert_false(tilemap_tiles[i].col == tilemap_tiles[j].col &&
				     tilemap_tiles[i].row == tilemap_tiles[j].row);
	}

	/* counts, the default column (the first count): 0 | 1-4 | 5-19 | 20-49 | 50+ */
	assert_int_equal(tilemap_make(t, NULL, &m, &err), 0);
	assert_string_equal(t->cols[m.value_col].name, "Things");
	assert_int_equal(m.nclasses, 5);
	assert_int_equal(square(&m, "TX")->cls, 0);
	assert_string_equal(square(&m, "TX")->value, "0");
	assert_int_equal(square(&m, "CA")->cls, 1);
	assert_int_equal(square(&m, "NY")->cls, 1);
	assert_int_equal(square(&m, "FL")->cls, 2);
	assert_int_equal(square(&m, "WA")->cls, 2);
	assert_int_equal(square(&m, "OR")->cls, 3);
	assert_int_equal(square(&m, "NV")->cls, 3);
	assert_int_equal(square(&m, "ID")->cls, 4);
	assert_int_equal(square(&m, "MT")->cls, 4);
	assert_string_equal(square(&m, "MT")->value, "1000");
	/* not in the table (and the total row is not a state) */
	assert_int_equal(square(&m, "AK")->cls, -1);
	assert_string_equal(square(&m, "AK")->value, "");
	assert_int_equal(square(&m, "TX")->col, 4);
	assert_int_equal(square(&m, "TX")->row, 7);
	assert_int_equal(square(&m, "ME")->col, 11);
	assert_int_equal(square(&m, "ME")->row, 0);
	assert_string_equal(m.title, "Map: Things by state");
	assert_non_null(strstr(m.note, "0, 1 to 4, 5 to 19, 20 to 49 and 50 or more"));
	/* lightness (CIE L*) falls class by class, by at least 10: apart in grey */
	for (k = 0; k < m.nclasses; k++) {
		double l = tilemap_lightness(m.classes[k].fill);

		assert_true(l < tilemap_lightness(TILEMAP_ABSENT_FILL));
		if (k)
			assert_true(tilemap_lightness(m.classes[k - 1].fill) - l >= 10);
	}
	tilemap_release(&m);

	/* percents, by the whole percent tables print: <25 | 25-49 | 50-74 | 75+ */
	assert_int_equal(tilemap_make(t, "share", &m, &err), 0);
	assert_int_equal(m.nclasses, 4);
	assert_string_equal(m.title, "Map: Things by state (Share)");
	assert_int_equal(square(&m, "TX")->cls, 0);
	assert_int_equal(square(&m, "CA")->cls, 0);   /* 24.4% prints 24% */
	assert_int_equal(square(&m, "NY")->cls, 1);   /* 24.5% prints 25% */
	assert_int_equal(square(&m, "FL")->cls, 1);
	assert_int_equal(square(&m, "WA")->cls, 2);
	assert_int_equal(square(&m, "OR")->cls, 2);
	assert_int_equal(square(&m, "NV")->cls, 3);
	assert_int_equal(square(&m, "ID")->cls, 3);
	assert_int_equal(square(&m, "MT")->cls, 3);
	for (k = 1; k < m.nclasses; k++)
		assert_true(tilemap_lightness(m.classes[k - 1].fill) -
			    tilemap_lightness(m.classes[k].fill) >= 10);
	tilemap_release(&m);

	/* what cannot be mapped, and why */
	assert_int_equal(tilemap_make(t, "Score", &m, &err), SCTA_ERR_CONFIG);
	assert_string_equal(err.msg, "table 'by_state': column 'Score' is not a count or a "
			    "percent, so it cannot be mapped");
	scta_err_clear(&err);
	assert_int_equal(tilemap_make(t, "Nothing", &m, &err), SCTA_ERR_CONFIG);
	assert_string_equal(err.msg, "table 'by_state' has no column 'Nothing' to map (it can map "
			    "'Things', 'Share')");
	scta_err_clear(&err);
	free(t->cols[0].name);
	t->cols[0].name = strdup("Code");
	assert_int_equal(tilemap_make(t, NULL, &m, &err), SCTA_ERR_CONFIG);
	assert_string_equal(err.msg, "table 'by_state' has no column State of postal codes, so it "
			    "cannot be mapped");
	scta_err_clear(&err);
	tilemap_release(&m);
	table_free(t);
	/* sRGB white and black */
	assert_true(fabs(tilemap_lightness(0xFFFFFFu) - 100) < 1e-6);
	assert_true(fabs(tilemap_lightness(0x000000u)) < 1e-6);
}

/* The default templates on the full fake analysis: the whole report. */
static void test_default_report(void **state)
{
	struct fake f;
	char path[512], path2[512];
	char *text, *info, *fonts, *out;
	const char *p;

	(void)state;
	fake_init(&f, TEMPLATES, 300, 40);
	write_pdf(&f, "report.pdf", path, sizeof path);

	text = run("pdftotext -layout '%s' - 2>&1", path);
	/* cover */
	must_contain(text, "Test Office of Zürich Studies");
	must_contain(text, "November 2026");
	must_contain(text, "SISTER CITY PARTNERSHIPS");
	must_contain(text, "SCTA-99-01");
	must_contain(text, "This report is not a product of the U.S. Government Accountability");
	/* headline figures with thousands separators and percents */
	must_contain(text, "1,234");
	must_contain(text, "2,500");
	/* the generated sentences, whole (scope and response rate, test_pdf_fake.h) */
	must_contain(text, "1,200");
	must_contain(text, "5%.");
	/* numbered tables and figures, and cross-references to them */
	must_contain(text, "Table 1: In-scope partnerships by foreign country");
	must_contain(text, "Figure 1: In-scope partnerships by foreign country");
	must_contain(text, "Source: Test Office analysis of test records. | SCTA-99-01");
	must_contain(text, "Note: n = 1,234 partnerships in scope.");
	must_contain(text, "(continued)");
	/* accented and CJK names, from tables and the streamed appendix */
	must_contain(text, "Hagåtña");
	must_contain(text, "Linköping");
	must_contain(text, "São Paulo");
	must_contain(text, "Zürich");
	must_contain(text, "Łódź");
	must_contain(text, "北京");
	must_contain(text, "河南");
	must_contain(text, "P00300");
	/* footer: page labels, report number, short title in capitals */
	must_contain(text, "Page ii");
	must_contain(text, "SCTA-99-01 SISTER CITY PARTNERSHIPS");
	/* recommendations, questionnaire, sources */
	must_contain(text, "Councils should post every partnership agreement online.");
	must_contain(text, "Selection of partners");
	must_contain(text, "Posted online");
	must_contain(text, "9f86d081884c7d659a2feaa0c55ad015");
	must_contain(text, "About the data: The records are made up for this test.");
	/* the state map (templates/appendix_3_states.md): caption, legend, note */
	must_contain(text, "Map: In-scope partnerships by U.S. state");
	must_contain(text, "1 to 4");
	must_contain(text, "50 or more");
	must_contain(text, "Not in the table");
	must_contain(text, "the tile grid of NPR Visuals");
	free(text);
	/* every square's code, each with its value drawn right after it (AS has none) */
	text = run("pdftotext -raw '%s' - 2>&1", path);
	must_contain(text, "\nTX\n0\n");
	must_contain(text, "\nCA\n55\n");
	must_contain(text, "\nNY\n49\n");
	must_contain(text, "\nGU\n");
	must_contain(text, "\nAS\n");
	free(text);

	info = run("pdfinfo '%s' 2>&1", path);
	info_is(info, "Title:", "Sister City Partnerships with Communities in Low-Scoring");
	info_is(info, "Author:", "Test Author");
	info_is(info, "Subject:", "SCTA-99-01: Sister city partnerships");
	info_is(info, "Keywords:", "sister city partnerships;");
	info_is(info, "CreationDate:", "Sun Nov  1 00:00:00 2026 UTC");
	info_is(info, "ModDate:", "Sun Nov  1 00:00:00 2026 UTC");
	info_is(info, "Page size:", "612 x 792 pts (letter)");
	free(info);
	/* 300 appendix rows at most ~60 a page, plus front matter and letter */
	assert_true(pages_of(path) >= 15);

	/* every font embedded (column "emb" is yes on each font line) */
	fonts = run("pdffonts '%s' 2>&1", path);
	for (p = strchr(fonts, '\n'); p && (p = strchr(p + 1, '\n')) && p[1];) {
		const char *line = p + 1, *end = strchr(line, '\n');
		char row[256];
		size_t n = end ? (size_t)(end - line) : strlen(line);

		if (n >= sizeof row)
			n = sizeof row - 1;
		memcpy(row, line, n);
		row[n] = 0;
		if (!strncmp(row, "-----", 5))
			continue;
		if (!strstr(row, "CID TrueType") || !strstr(row, " yes ")) {
			fprintf(stderr, "font not embedded as TrueType: %s\n", row);
			fail();
		}
	}
	must_contain(fonts, "DejaVuSerif");
	must_contain(fonts, "DejaVuSans-Bold");
	must_contain(fonts, "WenQuanYi");
	free(fonts);

	out = run("qpdf --check '%s'", path);
	must_contain(out, "No syntax or stream encoding errors found");
	free(out);
	/* no blank CJK glyph anywhere (exit 1 would fail run()) */
	out = run("/usr/bin/python3 '%s' '%s' 1000", CHECK_GLYPHS, path);
	must_contain(out, "WenQuanYi");
	free(out);
	/* bookmarks: sections, then Tables and Figures */
	out = run("qpdf --json --json-key=outlines '%s'", path);
	must_contain(out, "\"title\": \"Letter\"");
	must_contain(out, "\"title\": \"Tables\"");
	must_contain(out, "\"title\": \"Figures\"");
	must_contain(out, "\"title\": \"Appendix IV: Partnerships in Scope\"");
	free(out);

	/* the same inputs give the same bytes */
	write_pdf(&f, "report2.pdf", path2, sizeof path2);
	out = run("cmp '%s' '%s' && echo same", path, path2);
	must_contain(out, "same");
	free(out);
	fake_free(&f);
}

/* A small body-only report: CJK glyphs print, tables and appendix run on. */
static void test_mini_report(void **state)
{
	struct fake f;
	char path[512];
	char *text, *out;

	(void)state;
	fake_init(&f, FIXTURES "/mini", 120, 3);
	/* with a workbook, which a detail listing's note names */
	f.cfg.output.formats = FORMAT_XLSX | FORMAT_PDF;
	write_pdf(&f, "mini.pdf", path, sizeof path);
	text = run("pdftotext '%s' - 2>&1", path);
	must_contain(text, "Text with 1,234 partnerships, Hagåtña, São Paulo and 北京.");
	must_contain(text, "Table 1: Partnerships whose country has no CPI score");
	must_contain(text, "Taipei 臺北");
	must_contain(text, "Figure 1: Provisions and activities of in-scope partnerships");
	/* a detail listing is no analysis table: captioned by title, named by its sheet */
	must_contain(text, "Partnerships in scope");
	must_not_contain(text, "Table 2:");
	must_contain(text, "The workbook lists them on sheet");
	must_contain(text, "P00120");
	must_contain(text, "Page 1");
	free(text);
	/*
	 * Rows are 7.5 pt text (lead 9.9) plus 4.4 pt padding = 14.3 pt; a frame
	 * is 720 - 68 = 652 pt. Appendix page 1: heading 34.4, caption 15.5,
	 * header 14.6 leave room for 41 rows; later pages ("continued" line 11.9
	 * and header) 43. 120 rows = 41 + 43 + 36: three pages, after one body page.
	 */
	assert_int_equal(pages_of(path), 4);
	out = run("/usr/bin/python3 '%s' '%s' 5", CHECK_GLYPHS, path);
	must_contain(out, "OK");
	free(out);
	fake_free(&f);
}

/*
 * The check is real: with the original (composite-glyph) WenQuanYi face,
 * libharu 2.3.0 drops glyph parts and check_glyphs.py reports them.
 */
static void test_unflattened_cjk_font_is_caught(void **state)
{
	struct fake f;
	char path[512], cmd[1024];
	int st;

	(void)state;
	fake_init(&f, FIXTURES "/mini", 10, 3);
	f.cfg.pdf.font_cjk = (char *)"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc:0";
	write_pdf(&f, "broken_cjk.pdf", path, sizeof path);
	snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s' '%s' 5 >/dev/null", CHECK_GLYPHS, path);
	st = system(cmd);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 1);
	fake_free(&f);
}

static void expect_error(struct fake *f, const char *name, const char *want)
{
	struct scta_err err = SCTA_ERR_INIT;
	char path[512];

	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	assert_int_not_equal(pdf_write(&f->in, path, &err), 0);
	if (!strstr(err.msg, want))
		fprintf(stderr, "got:  %s\nwant: ...%s...\n", err.msg, want);
	assert_non_null(strstr(err.msg, want));
}

static void test_errors(void **state)
{
	struct fake f;

	(void)state;
	fake_init(&f, FIXTURES "/bad", 10, 3);
	expect_error(&f, "bad.pdf", "/pdf/bad/report.md:6: unknown placeholder {{in_scop}}");
	fake_free(&f);

	fake_init(&f, FIXTURES "/badref", 10, 3);
	expect_error(&f, "badref.pdf",
		     "{{table:coverage}}: table 'coverage' is not numbered in the report body");
	fake_free(&f);

	/* CJK text and no CJK font: a clear error, not empty boxes */
	fake_init(&f, FIXTURES "/mini", 10, 3);
	f.cfg.pdf.font_cjk = (char *)"/nonexistent/cjk.ttf";
	expect_error(&f, "nocjk.pdf", "/pdf/mini/report.md:6: text '北' needs a CJK font, and "
				      "none was found at /nonexistent/cjk.ttf: set [pdf] font_cjk");
	f.cfg.pdf.font_cjk = NULL;
	f.cfg.pdf.font_regular = (char *)"/nonexistent/serif.ttf";
	expect_error(&f, "nofont.pdf", "font file not found: /nonexistent/serif.ttf ([pdf] font_regular)");
	f.cfg.pdf.font_regular = NULL;
	f.cfg.templates_dir = (char *)"/nonexistent";
	expect_error(&f, "notpl.pdf", "/nonexistent/report.md: cannot open template");
	fake_free(&f);
}

/*
 * About 500 pages of appendix, streamed: time it and count the pages.
 * SCTA_PDF_LARGE_ROWS=N changes the row count (to see that memory stays flat).
 */
static void test_large_appendix(void **state)
{
	struct fake f;
	char path[512];
	struct timespec t0, t1;
	const char *env = getenv("SCTA_PDF_LARGE_ROWS");
	size_t rows = env ? (size_t)strtoul(env, NULL, 10) : 22000;
	double secs;
	int pages;

	(void)state;
	fake_init(&f, FIXTURES "/mini", rows, 3);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	write_pdf(&f, "large.pdf", path, sizeof path);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	pages = pages_of(path);
	fprintf(stderr, "large appendix: %zu rows, %d pages, %.2f s\n", rows, pages, secs);
	/* 43 rows a page after the first (see test_mini_report) */
	assert_true(pages >= (int)(rows / 44));
	fake_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tilemap),
		cmocka_unit_test(test_default_report),
		cmocka_unit_test(test_mini_report),
		cmocka_unit_test(test_unflattened_cjk_font_is_caught),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_large_appendix),
	};

	return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
