/*
 * test_html.c - the HTML edition (render/html.c) and the format-neutral
 * words it shares with the PDF (render/content.c), on the hand-made inputs of
 * test_pdf_fake.h: the markup each template block becomes, the streamed
 * appendix (every row once), figures with their title, description and data
 * table, table numbers from the one numbering, escaping, the same bytes
 * twice, and the order content_contents() lists entries in.
 *
 * The browser checks (axe-core, the Nu Html Checker) are in
 * tests/cases/html_a11y.sh.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render/content.h"
#include "render/template.h"
#include "test_pdf_fake.h"
#include "util/strbuf.h"
#include "util/vocab.h"

#define TEMPLATES SCTA_SOURCE_DIR "/templates"
#define FIXTURES SCTA_FIXTURES "/pdf"

static char *slurp(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	FILE *fp = fopen(path, "rb");
	size_t n;

	assert_non_null(fp);
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(fp);
	return strbuf_detach(&sb);
}

/* Write the HTML of f (numbered as a run numbers it) and return its text. */
static char *write_html(struct fake *f, struct render_numbering *nb)
{
	struct scta_err err = SCTA_ERR_INIT;
	char path[] = "/tmp/scta_html_XXXXXX";
	char *text;
	int fd = mkstemp(path), rc;

	assert_true(fd >= 0);
	close(fd);
	/* with a workbook, which a detail listing's note names */
	f->cfg.output.formats = FORMAT_XLSX | FORMAT_PDF | FORMAT_HTML;
	rc = render_number(&f->in, nb, &err);
	if (rc)
		fprintf(stderr, "render_number: %s\n", err.msg);
	assert_int_equal(rc, 0);
	f->in.numbering = nb;
	rc = html_write(&f->in, path, &err);
	if (rc)
		fprintf(stderr, "html_write: %s\n", err.msg);
	assert_int_equal(rc, 0);
	text = slurp(path);
	unlink(path);
	return text;
}

static void must_contain(const char *hay, const char *needle)
{
	if (!strstr(hay, needle)) {
		fprintf(stderr, "missing from the HTML: \"%s\"\n", needle);
		fail();
	}
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (hay = strstr(hay, needle); hay; hay = strstr(hay + 1, needle))
		n++;
	return n;
}

/* The mini fixture: every kind of template block once, 120 appendix rows. */
static void test_mini(void **state)
{
	struct render_numbering nb;
	struct fake f;
	char *html, *again;
	const char *detail, *end;

	(void)state;
	fake_init(&f, FIXTURES "/mini", 120, 3);
	html = write_html(&f, &nb);
	must_contain(html, "<!DOCTYPE html>\n<html lang=\"en-US\">");
	must_contain(html, "<title>Sister City Partnerships with Communities in Low-Scoring "
			   "Countries Need Clearer Public Disclosure</title>");
	must_contain(html, "<h1 id=\"sec-1\">Mini Report</h1>");
	must_contain(html, "<p>Text with 1,234 partnerships, <strong>Hagåtña</strong>, "
			   "<em>São Paulo</em> and 北京.</p>");
	must_contain(html, "<ul>\n<li>a bullet</li>\n<li>another</li></ul>");
	must_contain(html, "<ol>\n<li>first</li>\n<li>second</li></ol>");
	must_contain(html, "<blockquote>\n<p>a quote</p>\n</blockquote>");
	/* numbered as in the PDF (test_pdf.c: Table 1 and Figure 1) */
	must_contain(html, "<caption>Table 1: Partnerships whose country has no CPI score</caption>");
	must_contain(html, "<figcaption>Figure 1: Provisions and activities of in-scope "
			   "partnerships</figcaption>");
	must_contain(html, "<svg role=\"img\" aria-labelledby=\"fig-");
	must_contain(html, "<desc id=\"fig-");
	must_contain(html, "<caption>Values drawn in Figure 1</caption>");
	must_contain(html, "| Workbook sheet: Table 1</p>");
	must_contain(html, "<th scope=\"col\">");
	/* the appendix: no number, every row once, the note naming its sheet */
	detail = strstr(html, "<caption>Partnerships in scope</caption>");
	assert_non_null(detail);
	end = strstr(detail, "</tbody>");
	assert_non_null(end);
	{
		char *body = xstrndup(detail, (size_t)(end - detail));

		assert_int_equal(count(body, "<tr>"), 1 + 120);   /* the header row and 120 */
		must_contain(body, "P00001");
		must_contain(body, "P00120");
		free(body);
	}
	must_contain(end, "The workbook lists them on sheet");
	assert_int_equal(count(html, "<script"), 0);
	/* the same bytes again */
	render_numbering_release(&nb);
	again = write_html(&f, &nb);
	assert_string_equal(html, again);
	free(again);
	free(html);
	render_numbering_release(&nb);
	fake_free(&f);
}

/* Every href="#X" of s has an element with id="X". */
static void links_resolve(const char *s)
{
	const char *p;
	char want[80];

	for (p = strstr(s, "href=\"#"); p; p = strstr(p + 1, "href=\"#")) {
		const char *q = p + 7, *e = strchr(q, '"');

		assert_non_null(e);
		assert_true((size_t)(e - q) < 60);
		snprintf(want, sizeof want, "id=\"%.*s\"", (int)(e - q), q);
		if (!strstr(s, want)) {
			fprintf(stderr, "link to nothing: %s\n", want);
			fail();
		}
	}
}

/* The default templates: the generated parts say what the PDF says. */
static void test_default(void **state)
{
	struct render_numbering nb;
	struct fake f;
	char *html;
	const char *p;
	int last = 0;

	(void)state;
	fake_init(&f, TEMPLATES, 300, 40);
	f.cfg.report.language = (char *)"en-GB";
	html = write_html(&f, &nb);
	must_contain(html, "<html lang=\"en-GB\">");
	/* recommendations: a numbered list of the configuration's */
	must_contain(html, "<ol>\n<li>Councils should post every partnership agreement online."
			   "</li>\n<li>Committees should report their funding sources each year."
			   "</li></ol>");
	/* questionnaire: the question, then its answers (labels of its scale) */
	must_contain(html, "<p class=\"question\"><strong>T1.</strong> Is the full text of the "
			   "partnership agreement publicly available?</p>\n<ul class=\"options\">"
			   "<li>Posted online</li><li>Provided on request</li><li>Not available</li>"
			   "</ul>");
	must_contain(html, "<strong>A1.</strong> How many delegations did your community host in "
			   "the last three years?</p>\n<p class=\"answer\">Answer: a whole number</p>");
	must_contain(html, "<p class=\"answer\">Answer: open-ended text</p>");
	/* sources and the data note */
	must_contain(html, "<caption>Input files analyzed, with their SHA-256 digests and rows"
			   "</caption>");
	must_contain(html, "<td>9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
			   "</td><td class=\"num\">2,600</td>");
	must_contain(html, "<p><strong>About the data: </strong>The records are made up for this "
			   "test.</p>");
	/* the contents: sections, then "Tables" and "Figures", all links resolved */
	must_contain(html, "<nav class=\"contents\" aria-label=\"Contents\">");
	must_contain(html, "<li class=\"toc-group\">Tables</li>");
	must_contain(html, "<li class=\"toc-group\">Figures</li>");
	must_contain(html, ">Table 1: In-scope partnerships by foreign country</a></li>");
	must_contain(html, ">Figure 1: In-scope partnerships by foreign country</a></li>");
	links_resolve(html);
	/* headings: from h1, never a level skipped */
	for (p = strstr(html, "<h"); p; p = strstr(p + 1, "<h")) {
		int lv = p[2] - '0';

		if (p[2] < '1' || p[2] > '6' || (p[3] != ' ' && p[3] != '>'))
			continue;
		if (!last)
			assert_int_equal(lv, 1);
		else if (lv > last + 1) {
			fprintf(stderr, "h%d after h%d: %.80s\n", lv, last, p);
			fail();
		}
		last = lv;
	}
	assert_int_not_equal(last, 0);
	/* the notice at the foot whatever the templates say */
	must_contain(html, "<footer>\n<p>SCTA-99-01. This report is not a product of the U.S. "
			   "Government Accountability Office (GAO). It was prepared by Test Office of "
			   "Zürich Studies in the style of GAO reports");
	free(html);
	render_numbering_release(&nb);
	fake_free(&f);
}

/* Markup and controls from the configuration and the data are escaped. */
static void test_escaping(void **state)
{
	struct render_numbering nb;
	struct fake f;
	char *html;

	(void)state;
	fake_init(&f, TEMPLATES, 3, 3);
	f.cfg.report.organization = (char *)"A <b>bold</b> & \"quoted\" office";
	f.cfg.report.title = (char *)"Evil\xE2\x80\xAEtitle";
	html = write_html(&f, &nb);
	must_contain(html, "A &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; office");
	must_contain(html, "<title>Evil\\u202Etitle</title>");
	assert_null(strstr(html, "\xE2\x80\xAE"));
	assert_null(strstr(html, "<b>bold"));
	free(html);
	render_numbering_release(&nb);
	fake_free(&f);
}

struct seen {
	char log[256];
};

static int log_block(void *ctx, const struct content_block *b, struct scta_err *err)
{
	struct seen *s = ctx;
	size_t n = strlen(s->log);

	(void)err;
	if (b->kind == CONTENT_TOC_GROUP)
		snprintf(s->log + n, sizeof s->log - n, "[%.*s]", (int)b->spans[0].len,
			 b->spans[0].text);
	else
		snprintf(s->log + n, sizeof s->log - n, "%zu ", b->entry);
	return 0;
}

/*
 * The contents: body headings of levels 1-2 in order, then the body's
 * tables, then its figures, each group under its heading; front matter and
 * level 3 are left out.
 */
/*
 * Labels on a chart colour are white where white contrasts more with it
 * than black (WCAG 2.1 relative luminance), worked out by hand: the dark
 * blues and the brown take white, the mid grey (148) black (6.9:1 against
 * 3.0:1 for white).
 */
static void test_chart_label_colours(void **state)
{
	static const int dark[CONTENT_NPALETTE] = { 1, 1, 0, 0, 0, 0, 1, 0 };
	size_t i;

	(void)state;
	for (i = 0; i < CONTENT_NPALETTE; i++)
		assert_int_equal(content_chart_dark(i), dark[i]);
	assert_int_equal(content_chart_dark(CONTENT_NPALETTE + 1), 1);   /* the palette repeats */
	assert_int_equal(content_palette[0][0], 8);
	assert_int_equal(content_palette[0][2], 107);
}

static void test_contents_order(void **state)
{
	static const struct content_entry e[] = {
		{ CONTENT_ENTRY_HEADING, 1, 0 },   /* 0 front matter */
		{ CONTENT_ENTRY_TABLE, 0, 0 },     /* 1 front matter */
		{ CONTENT_ENTRY_HEADING, 1, 1 },   /* 2 */
		{ CONTENT_ENTRY_FIGURE, 0, 1 },    /* 3 */
		{ CONTENT_ENTRY_HEADING, 2, 1 },   /* 4 */
		{ CONTENT_ENTRY_HEADING, 3, 1 },   /* 5 level 3 */
		{ CONTENT_ENTRY_TABLE, 0, 1 },     /* 6 */
		{ CONTENT_ENTRY_TABLE, 0, 1 },     /* 7 */
	};
	struct scta_err err = SCTA_ERR_INIT;
	struct seen s;
	struct content_sink sink = { log_block, &s };

	(void)state;
	memset(&s, 0, sizeof s);
	assert_int_equal(content_contents(e, sizeof e / sizeof e[0], &sink, &err), 0);
	assert_string_equal(s.log, "2 4 [Tables]6 7 [Figures]3 ");
	memset(&s, 0, sizeof s);
	assert_int_equal(content_contents(e, 3, &sink, &err), 0);
	assert_string_equal(s.log, "2 ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mini),
		cmocka_unit_test(test_default),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_contents_order),
		cmocka_unit_test(test_chart_label_colours),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
