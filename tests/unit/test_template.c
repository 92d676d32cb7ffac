/*
 * test_template.c - Markdown templates: placeholders, directives, blocks,
 * emphasis, includes, comments, and errors that name the file and line.
 *
 * Each test writes a small template into a temporary directory, renders it
 * with a collecting emit() and compares the events, written as one line
 * each ("P@3:text", "H2@1:...", "LI1#2@5:...", "D@7:table scope_by_state"),
 * with the expected lines worked out by hand from the template text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render/template.h"
#include "test_pdf_fake.h"
#include "util/strbuf.h"

static char dir[256];
static struct fake fk;

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/scta_tpl_XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	fake_init(&fk, dir, 0, 5);
	return 0;
}

static int teardown(void **state)
{
	char cmd[300];

	(void)state;
	fake_free(&fk);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *put(const char *name, const char *text)
{
	static char path[512];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	return path;
}

/* Events written as lines. */
static int collect(void *ctx, const struct tpl_event *ev, struct scta_err *err)
{
	struct strbuf *out = ctx;
	size_t i;

	(void)err;
	switch (ev->block) {
	case TPL_HEADING:
		strbuf_addf(out, "H%d", ev->level);
		break;
	case TPL_PARAGRAPH:
		strbuf_adds(out, "P");
		break;
	case TPL_LIST_ITEM:
		strbuf_addf(out, "LI%d#%d", ev->level, ev->number);
		break;
	case TPL_QUOTE:
		strbuf_addf(out, "Q%d", ev->level);
		break;
	case TPL_RULE:
		strbuf_adds(out, "HR");
		break;
	case TPL_DIRECTIVE:
		strbuf_addf(out, "D@%d:%s|%s\n", ev->line, ev->directive, ev->arg);
		return 0;
	}
	strbuf_addf(out, "@%d:", ev->line);
	for (i = 0; i < ev->nspans; i++) {
		const struct tpl_span *s = &ev->spans[i];

		if (s->bold)
			strbuf_adds(out, "[b]");
		if (s->italic)
			strbuf_adds(out, "[i]");
		if (s->code)
			strbuf_adds(out, "[c]");
		strbuf_add(out, s->text, s->len);
		if (s->code)
			strbuf_adds(out, "[/c]");
		if (s->italic)
			strbuf_adds(out, "[/i]");
		if (s->bold)
			strbuf_adds(out, "[/b]");
	}
	strbuf_addch(out, '\n');
	return 0;
}

static int lookup(void *ctx, const char *kind, const char *id, struct strbuf *out,
		  struct scta_err *err)
{
	(void)ctx;
	(void)err;
	strbuf_addf(out, "%s %d", kind, (int)strlen(id));
	return 0;
}

static const struct tpl_refs refs = { lookup, NULL };

/* Render text as template NAME; returns the events (caller frees). */
static char *render_ok(const char *name, const char *text)
{
	struct strbuf out = STRBUF_INIT;
	struct scta_err err = SCTA_ERR_INIT;
	int rc = template_render(put(name, text), &fk.in, &refs, collect, &out, &err);

	if (rc)
		fprintf(stderr, "template_render: %s\n", err.msg);
	assert_int_equal(rc, 0);
	return strbuf_detach(&out);
}

/* Render text, expecting failure with message `want` after the directory. */
static void render_fails(const char *name, const char *text, const char *want)
{
	struct strbuf out = STRBUF_INIT, full = STRBUF_INIT;
	struct scta_err err = SCTA_ERR_INIT;
	int rc = template_render(put(name, text), &fk.in, &refs, collect, &out, &err);

	assert_int_not_equal(rc, 0);
	strbuf_addf(&full, "%s/%s", dir, want);
	if (strcmp(err.msg, full.buf))
		fprintf(stderr, "got:  %s\nwant: %s\n", err.msg, full.buf);
	assert_string_equal(err.msg, full.buf);
	strbuf_release(&out);
	strbuf_release(&full);
}

static void test_placeholders(void **state)
{
	char *ev;

	(void)state;
	ev = render_ok("ph.md",
		       "In scope: {{in_scope}} of {{partnerships_total}} ({{in_scope_pct}}).\n"
		       "\n"
		       "{{organization}}, {{ date }}, {{year}}, CPI {{cpi_year}} <= {{cpi_max}}.\n"
		       "\n"
		       "Top: {{top_country}}; later: {{no_data_yet}}; {{recommendations_n}} recs.\n"
		       "\n"
		       "See {{table:scope_by_state}} and {{Figure:provisions}}.\n");
	assert_string_equal(ev,
			    "P@1:In scope: 1,234 of 2,500 (40%).\n"
			    "P@3:Test Office of Zürich Studies, November 2026, 2026, CPI 2019 <= 45.\n"
			    "P@5:Top: Mexico; later: not available; 2 recs.\n"
			    "P@7:See table 14 and Figure 10.\n");
	free(ev);
}

/* A value is text, never Markdown: * and _ stay as they are. */
static void test_values_are_escaped(void **state)
{
	char *ev;

	(void)state;
	fk.cfg.report.organization = (char *)"*Star* _Office_ [1] <b> & #2";
	ev = render_ok("esc.md", "{{organization}}\n\n- {{organization}}\n");
	fk.cfg.report.organization = (char *)"Test Office of Zürich Studies";
	assert_string_equal(ev, "P@1:*Star* _Office_ [1] <b> & #2\n"
				"LI1#0@3:*Star* _Office_ [1] <b> & #2\n");
	free(ev);
}

static void test_unset_setting(void **state)
{
	(void)state;
	fk.cfg.report.topic = NULL;
	render_fails("unset.md", "Line one.\n\nTopic: {{topic}}\n",
		     "unset.md:3: placeholder {{topic}} has no value: set it in [report] of test.ini");
	fk.cfg.report.topic = (char *)"Sister city partnerships";
	/* short_title falls back to the title */
	fk.cfg.report.short_title = NULL;
	{
		char *ev = render_ok("short.md", "{{short_title}}\n");

		assert_string_equal(ev, "P@1:Sister City Partnerships with Communities in Low-Scoring "
					"Countries Need Clearer Public Disclosure\n");
		free(ev);
	}
	fk.cfg.report.short_title = (char *)"Sister City Partnerships";
}

/* The letter's settings: {{signatory}}, ::: addressees; the letter's and profile's details. */
static void test_letter_settings(void **state)
{
	static char *addr[] = { (char *)"The Honorable Ann Smith", (char *)"The Honorable Bob Jones" };
	char *ev;

	(void)state;
	render_fails("sig.md", "Sincerely,\n\n{{signatory}}\n",
		     "sig.md:3: placeholder {{signatory}} has no value: set it in [report] of test.ini");
	render_fails("to.md", "Date.\n\n::: addressees\n",
		     "to.md:3: ::: addressees: set the letter's addressees in [report] addressee_1, "
		     "addressee_2, ... of test.ini");
	render_fails("to2.md", "::: addressees all\n", "to2.md:1: bad argument for ::: addressees (got 'all')");
	render_fails("det.md", "::: detail everyone\n", "det.md:1: bad argument for ::: detail (got 'everyone')");
	render_fails("det2.md", "::: detail partners 0\n",
		     "det2.md:1: ::: detail: bad row limit '0' (a number of rows, 1 to 10000)");
	render_fails("det3.md", "::: detail partners 20x\n",
		     "det3.md:1: ::: detail: bad row limit '20x' (a number of rows, 1 to 10000)");
	render_fails("det4.md", "::: detail scopes\n", "det4.md:1: bad argument for ::: detail (got 'scopes')");
	fk.cfg.report.signatory = (char *)"Jane Roe, Executive Director";
	fk.cfg.report.addressees = addr;
	fk.cfg.report.naddressees = 2;
	ev = render_ok("ok.md", "::: addressees\n\n{{signatory}}\n\n::: detail members\n"
			      "::: detail partners\n::: detail partners 20\n");
	assert_string_equal(ev, "D@1:addressees|\nP@3:Jane Roe, Executive Director\n"
				"D@5:detail|members\nD@6:detail|partners\nD@7:detail|partners 20\n");
	free(ev);
	fk.cfg.report.signatory = NULL;
	fk.cfg.report.addressees = NULL;
	fk.cfg.report.naddressees = 0;
}

static void test_errors_name_file_and_line(void **state)
{
	(void)state;
	render_fails("letter.md", "# Letter\n\nSome text\nand {{in_scop}} more.\n",
		     "letter.md:4: unknown placeholder {{in_scop}}");
	render_fails("open.md", "Text {{in_scope\n", "open.md:1: '{{' without a closing '}}'");
	render_fails("table.md", "Intro.\n\n::: table scope_by_county\n",
		     "table.md:3: unknown table id 'scope_by_county'");
	render_fails("fig.md", "::: figure scope_by_type\n",
		     "fig.md:1: table 'scope_by_type' has no chart; use ::: table scope_by_type");
	render_fails("dir.md", "a\n\nb\n\n::: tabel scope_by_state\n",
		     "dir.md:5: unknown directive '::: tabel'");
	render_fails("arg.md", "::: part middle\n", "arg.md:1: bad argument for ::: part (got 'middle')");
	render_fails("arg2.md", "::: contents now\n",
		     "arg2.md:1: bad argument for ::: contents (got 'now')");
	render_fails("bars.md", "::: figure provisions many\n",
		     "bars.md:1: bad argument for ::: figure (got 'provisions many')");
	render_fails("map.md", "::: map scope_by_type\n",
		     "map.md:1: ::: map: table 'scope_by_type' has no column State of postal codes, so "
		     "it cannot be mapped");
	render_fails("map2.md", "::: map scope_by_state Communities\n",
		     "map2.md:1: ::: map: table 'scope_by_state' has no column 'Communities' to map (it "
		     "can map 'Partnerships', 'Percent of in-scope')");
	render_fails("map3.md", "::: map scope_by_stat\n", "map3.md:1: unknown table id 'scope_by_stat'");
	{
		char *ev = render_ok("map4.md", "::: map scope_by_state\n"
					       "::: map scope_by_state percent of in-scope\n");

		assert_string_equal(ev, "D@1:map|scope_by_state\n"
					"D@2:map|scope_by_state percent of in-scope\n");
		free(ev);
	}
	render_fails("prefix.md", "::: tables crosstub_\n",
		     "prefix.md:1: no analysis table id begins with 'crosstub_'");
	render_fails("ref.md", "See {{table:nope}}.\n",
		     "ref.md:1: unknown table id 'nope' in {{table:nope}}");
	render_fails("ref2.md", "See {{figure:scope_by_type}}.\n",
		     "ref2.md:1: table 'scope_by_type' has no chart, so no figure");
	render_fails("code.md", "Text.\n\n```\ncode\n```\n",
		     "code.md:4: code blocks are not supported in report templates");
	render_fails("img.md", "Text.\n\nA ![chart](x.png) here.\n",
		     "img.md:3: images are not supported in report templates; use ::: figure ID for "
		     "charts");
	render_fails("ent.md", "A &bogus; entity.\n", "ent.md:1: unknown character entity &bogus;");
	render_fails("com.md", "Text <!-- never closed\n\nmore\n",
		     "com.md:3: '<!--' comment not closed with '-->'");
	render_fails("utf.md", "ok\nbad \xff byte\n", "utf.md:2: not valid UTF-8");
}

static void test_directives(void **state)
{
	char *ev;

	(void)state;
	ev = render_ok("d.md", "::: part cover\n"
			       "# Title\n"
			       "Para before\n"
			       "::: table scope_by_state\n"
			       "   :::   figure   provisions 5  \n"
			       "::: tables scope_by_\n"
			       "::: columns 1:2\n"
			       "::: column\n"
			       "::: endcolumns\n"
			       "::: contents\n"
			       "::: pagebreak\n"
			       "::: recommendations\n"
			       "::: questionnaire\n"
			       "::: detail scope\n"
			       "::: sources\n"
			       "::: data_note\n");
	assert_string_equal(ev, "D@1:part|cover\n"
				"H1@2:Title\n"
				"P@3:Para before\n"
				"D@4:table|scope_by_state\n"
				"D@5:figure|provisions 5\n"
				"D@6:tables|scope_by_\n"
				"D@7:columns|1:2\n"
				"D@8:column|\n"
				"D@9:endcolumns|\n"
				"D@10:contents|\n"
				"D@11:pagebreak|\n"
				"D@12:recommendations|\n"
				"D@13:questionnaire|\n"
				"D@14:detail|scope\n"
				"D@15:sources|\n"
				"D@16:data_note|\n");
	free(ev);

	/* ::: crosstabs: the configured crosstabs, and nothing when there are none. */
	ev = render_ok("x.md", "A\n\n::: crosstabs\n\nB\n");
	assert_string_equal(ev, "P@1:A\nD@3:tables|crosstab_\nP@5:B\n");
	free(ev);
	{
		struct table *kept = NULL;
		size_t i, at = 0;

		/* Take the crosstab out for a moment, then put it back in its place. */
		for (i = 0; i < fk.an.ntables && !kept; i++) {
			if (!strncmp(fk.an.tables[i]->id, "crosstab_", 9)) {
				kept = fk.an.tables[i];
				at = i;
			}
		}
		assert_non_null(kept);
		memmove(&fk.an.tables[at], &fk.an.tables[at + 1],
			(fk.an.ntables - at - 1) * sizeof(*fk.an.tables));
		fk.an.ntables--;
		ev = render_ok("x0.md", "A\n\n::: crosstabs\n\nB\n");
		assert_string_equal(ev, "P@1:A\nP@5:B\n");
		free(ev);
		memmove(&fk.an.tables[at + 1], &fk.an.tables[at],
			(fk.an.ntables - at) * sizeof(*fk.an.tables));
		fk.an.tables[at] = kept;
		fk.an.ntables++;
	}
}

static void test_blocks_and_emphasis(void **state)
{
	char *ev;

	(void)state;
	ev = render_ok("b.md", "## A *nice* heading\n"
			       "\n"
			       "Plain **bold** and *italic* and ***both*** and `code`,\n"
			       "soft break; hard  \n"
			       "break &amp; &#233; &mdash; end.\n"
			       "\n"
			       "- one\n"
			       "- two **b**\n"
			       "  - nested\n"
			       "\n"
			       "3. three\n"
			       "4. four\n"
			       "\n"
			       "> quoted *text*\n"
			       ">\n"
			       "> > deeper\n"
			       "\n"
			       "---\n"
			       "\n"
			       "A [link](https://example.org/x) and <https://example.org/y>.\n");
	assert_string_equal(ev,
			    "H2@1:A [i]nice[/i] heading\n"
			    "P@3:Plain [b]bold[/b] and [i]italic[/i] and [b][i]both[/i][/b] and "
			    "[c]code[/c], soft break; hard\nbreak & é — end.\n"
			    "LI1#0@7:one\n"
			    "LI1#0@8:two [b]b[/b]\n"
			    "LI2#0@9:nested\n"
			    "LI1#3@11:three\n"
			    "LI1#4@12:four\n"
			    "Q1@14:quoted [i]text[/i]\n"
			    "Q2@16:deeper\n"
			    "HR@17:\n"
			    "P@20:A link <https://example.org/x> and https://example.org/y.\n");
	free(ev);
}

/* A loose list: the second paragraph of an item has no marker (-1). */
static void test_loose_list(void **state)
{
	char *ev;

	(void)state;
	ev = render_ok("l.md", "1. first\n"
			       "\n"
			       "   more of first\n"
			       "\n"
			       "2. second\n");
	assert_string_equal(ev, "LI1#1@1:first\n"
				"LI1#-1@3:more of first\n"
				"LI1#2@5:second\n");
	free(ev);
}

static void include_fails(const char *name, const char *text, const char *a, const char *b);

static void test_include_and_comments(void **state)
{
	char *ev;
	char sub[300];

	(void)state;
	snprintf(sub, sizeof sub, "%s/parts", dir);
	mkdir(sub, 0755);
	put("parts/inner.md", "<!-- inner.md: one line of comment -->\nInner {{in_scope}}.\n");
	ev = render_ok("outer.md", "<!--\n"
				   "A comment over\n"
				   "three lines.\n"
				   "-->\n"
				   "Outer <!-- inline --> text.\n"
				   "::: include parts/inner.md\n"
				   "After.\n");
	assert_string_equal(ev, "P@5:Outer text.\n"
				"P@2:Inner 1,234.\n"
				"P@7:After.\n");
	free(ev);
	put("loop.md", "x\n\n::: include loop.md\n");
	{
		struct strbuf out = STRBUF_INIT;
		struct scta_err err = SCTA_ERR_INIT;
		char path[400];

		snprintf(path, sizeof path, "%s/loop.md", dir);
		assert_int_not_equal(template_render(path, &fk.in, &refs, collect, &out, &err), 0);
		assert_non_null(strstr(err.msg, "loop.md:3: includes nested more than 8 deep"));
		strbuf_release(&out);
	}
	include_fails("missing.md", "::: include nope.md\n",
		      "missing.md:1: ::: include ", "nope.md: No such file or directory");
}

/* Render text as template name, expecting a failure whose message holds a and b. */
static void include_fails(const char *name, const char *text, const char *a, const char *b)
{
	struct strbuf out = STRBUF_INIT;
	struct scta_err err = SCTA_ERR_INIT;
	int rc = template_render(put(name, text), &fk.in, &refs, collect, &out, &err);

	if (!rc || !strstr(err.msg, a) || !strstr(err.msg, b))
		fprintf(stderr, "got: %s\nwant: ...%s...%s\n", err.msg, a, b);
	assert_int_equal(rc, SCTA_ERR_CONFIG);
	assert_non_null(strstr(err.msg, a));
	assert_non_null(strstr(err.msg, b));
	strbuf_release(&out);
}

/*
 * Includes are regular files of at most 4 MiB inside the top template's
 * directory: a directory, a FIFO (which would block), /dev/zero (endless),
 * /proc/self/environ or a file beside the directory are refused, naming
 * the including file and line; a template too big is refused too.
 */
static void test_include_checks(void **state)
{
	char path[400], big[400];
	FILE *fp;
	long i;

	(void)state;
	snprintf(path, sizeof path, "%s/adir", dir);
	mkdir(path, 0755);
	include_fails("d.md", "Text.\n\n::: include adir\n", "d.md:3: ::: include ",
		      "adir: not a regular file");
	snprintf(path, sizeof path, "%s/fifo", dir);
	assert_int_equal(mkfifo(path, 0644), 0);
	include_fails("f.md", "::: include fifo\n", "f.md:1: ::: include ", "fifo: not a regular file");
	include_fails("z.md", "::: include /dev/zero\n", "z.md:1: ::: include /dev/zero",
		      "not a regular file");
	include_fails("e.md", "::: include /proc/self/environ\n", "e.md:1: ::: include /proc/self/environ",
		      "outside the templates directory");
	snprintf(path, sizeof path, "%s/inner", dir);
	mkdir(path, 0755);
	put("outside.md", "Outside.\n");
	include_fails("inner/up.md", "::: include ../outside.md\n", "up.md:1: ::: include ",
		      "outside the templates directory");
	/* A symlink inside that points outside is outside. */
	snprintf(path, sizeof path, "%s/link.md", dir);
	assert_int_equal(symlink("/etc/hostname", path), 0);
	include_fails("l.md", "::: include link.md\n", "l.md:1: ::: include ",
		      "outside the templates directory");
	/* 4 MiB + 1 byte: refused, included or not. */
	snprintf(big, sizeof big, "%s/big.md", dir);
	fp = fopen(big, "wb");
	assert_non_null(fp);
	for (i = 0; i < (4L << 20) / 64; i++)
		fputs("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do\n", fp);   /* 64 bytes */
	fputc('x', fp);
	fclose(fp);
	include_fails("b.md", "::: include big.md\n", "b.md:1: ::: include ",
		      "4194305 bytes, more than the 4 MiB a template may have");
	{
		struct strbuf out = STRBUF_INIT;
		struct scta_err err = SCTA_ERR_INIT;

		assert_int_equal(template_render(big, &fk.in, &refs, collect, &out, &err),
				 SCTA_ERR_CONFIG);
		assert_non_null(strstr(err.msg, "big.md: more than the 4 MiB a template may have"));
		strbuf_release(&out);
	}
	unlink(big);
}

/* Cross-references need the writer; without one they are errors. */
static void test_refs_need_writer(void **state)
{
	struct strbuf out = STRBUF_INIT;
	struct scta_err err = SCTA_ERR_INIT;
	char want[400];

	(void)state;
	snprintf(want, sizeof want, "%s/r.md:1: {{table:coverage}}: cross-references are not "
		 "available here", dir);
	assert_int_not_equal(template_render(put("r.md", "{{table:coverage}}\n"), &fk.in, NULL,
					     collect, &out, &err), 0);
	assert_string_equal(err.msg, want);
	strbuf_release(&out);
}

/* emit() stopping the walk: its status comes back, with its message. */
static int stop_at_second(void *ctx, const struct tpl_event *ev, struct scta_err *err)
{
	int *n = ctx;

	if (++*n == 2)
		return scta_err_set(err, SCTA_ERR_RUNTIME, "%s:%d: stop", ev->file, ev->line);
	return 0;
}

static void test_emit_stops(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	int n = 0;

	(void)state;
	assert_int_equal(template_render(put("s.md", "a\n\nb\n\nc\n"), &fk.in, &refs,
					 stop_at_second, &n, &err),
			 SCTA_ERR_RUNTIME);
	assert_int_equal(n, 2);
	assert_non_null(strstr(err.msg, "s.md:3: stop"));
}

static void test_value_api(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct scta_err err = SCTA_ERR_INIT;

	(void)state;
	assert_int_equal(template_value(&fk.in, "date", &sb, &err), 0);
	assert_string_equal(sb.buf, "November 2026");
	strbuf_reset(&sb);
	assert_int_equal(template_value(&fk.in, "agreements_not_public", &sb, &err), 0);
	assert_string_equal(sb.buf, "321");
	strbuf_reset(&sb);
	assert_int_equal(template_value(&fk.in, "nope", &sb, &err), SCTA_ERR_CONFIG);
	assert_string_equal(err.msg, "unknown placeholder {{nope}}");
	scta_err_clear(&err);
	/* a count with its noun in agreeing number */
	strbuf_reset(&sb);
	assert_int_equal(template_value(&fk.in, "in_scope_states|state|states", &sb, &err), 0);
	assert_string_equal(sb.buf, "49 states");
	strbuf_reset(&sb);
	assert_int_equal(template_value(&fk.in, "recommendations_one|item|items", &sb, &err), 0);
	assert_string_equal(sb.buf, "1 item");
	strbuf_reset(&sb);
	assert_int_equal(template_value(&fk.in, "in_scope_states|state", &sb, &err), SCTA_ERR_CONFIG);
	assert_string_equal(err.msg, "placeholder {{in_scope_states|state}}: expected "
			    "{{FIGURE|singular|plural}}");
	scta_err_clear(&err);
	assert_int_equal(template_value(&fk.in, "top_country|a|b", &sb, &err), SCTA_ERR_CONFIG);
	assert_string_equal(err.msg, "placeholder {{top_country|a|b}}: top_country is not a count");
	strbuf_release(&sb);
}

/* Hide table `id` from the fake analysis (its id renamed) or show it again. */
static void hide_table(const char *id, int hide)
{
	static char *saved;
	size_t i;

	for (i = 0; i < fk.an.ntables; i++) {
		struct table *t = fk.an.tables[i];

		if (hide && !strcmp(t->id, id)) {
			saved = t->id;
			t->id = (char *)"hidden_table";
			return;
		}
		if (!hide && !strcmp(t->id, "hidden_table")) {
			t->id = saved;
			return;
		}
	}
	fail_msg("no table %s", id);
}

/*
 * ::: if / else / end and ::: for topic follow the questionnaire: with its
 * first four questions (S1 selection, A1 activities, T1 and T2 transparency)
 * only those three topics exist.
 */
/*
 * Editions for one unit (cfg.report.unit): a table with nothing to show is
 * not there (if data, if table), the edition says what it left out, and
 * {{nation:ID}} is the whole store's figure (the analysis itself without one).
 */
static void test_unit_editions(void **state)
{
	const char *text = "::: if unit\nU {{unit}}\n::: else\nAll\n::: end\n"
			   "::: if data scope_by_type\nTY\n::: end\n"
			   "::: if data not_scored\nNS\n::: end\n"
			   "::: if table scope_by_type\nT\n::: end\n"
			   "[{{omitted}}] {{nation:in_scope}}\n";
	struct store *saved = fk.an.store;
	struct table *t = (struct table *)analysis_table(&fk.an, "scope_by_type");
	struct cell *keep;
	size_t k, n;
	char *ev;

	(void)state;
	assert_non_null(t);
	ev = render_ok("u0.md", text);
	assert_string_equal(ev, "P@4:All\nP@7:TY\nP@10:NS\nP@13:T\nP@15:[] 1,234\n");
	free(ev);
	/* The unit has no partnership of any type: every count of the table is 0. */
	n = t->nrows * t->ncols;
	keep = xcalloc(n ? n : 1, sizeof(*keep));
	memcpy(keep, t->cells, n * sizeof(*keep));
	for (k = 0; k < n; k++) {
		t->cells[k].i = 0;
		t->cells[k].d = 0;
	}
	/* An analysis with data (a plan, without a store, keeps every table). */
	fk.an.store = (struct store *)&fk;
	fk.cfg.report.unit = (char *)"Guam";
	ev = render_ok("u1.md", text);
	/* A list without numbers (not_scored, one row) stays; the zero table goes. */
	assert_non_null(strstr(ev, "P@2:U Guam\nP@10:NS\nP@15:[This edition for Guam leaves out Table"));
	assert_non_null(strstr(ev, "nothing to show for it (no partnership, answer or flag in Guam)"));
	assert_null(strstr(ev, "TY"));
	assert_null(strstr(ev, "P@13:T"));
	free(ev);
	fk.an.store = NULL;
	ev = render_ok("u2.md", text);
	assert_string_equal(ev, "P@2:U Guam\nP@7:TY\nP@10:NS\nP@13:T\nP@15:[] 1,234\n");
	free(ev);
	memcpy(t->cells, keep, n * sizeof(*keep));
	free(keep);
	fk.cfg.report.unit = NULL;
	fk.an.store = saved;
}

static void test_conditions_and_topics(void **state)
{
	char *ev;

	(void)state;
	fk.q.nquestions = 4;
	ev = render_ok("if.md", "::: if topic selection\n"
				"Sel\n"
				"::: end\n"
				"::: if topic expression visa\n"
				"EV\n"
				"::: else\n"
				"No EV\n"
				"::: end\n"
				"::: if not topic visa\n"
				"No visa\n"
				"::: end\n"
				"::: if table scope_by_state\n"
				"T {{in_scope}}\n"
				"::: if figure scope_by_type\n"
				"nested\n"
				"::: else\n"
				"No chart\n"
				"::: end\n"
				"::: end\n"
				"After\n");
	assert_string_equal(ev, "P@2:Sel\nP@7:No EV\nP@10:No visa\nP@13:T 1,234\nP@17:No chart\n"
				"P@20:After\n");
	free(ev);

	/*
	 * ::: if audience: the edition's; {{marking}} (RESTRICTED when none is
	 * set) and {{audience_note}} have a value in their edition only.
	 */
	{
		static const char *const aud =
			"::: if audience restricted\n{{marking}}\n::: end\n"
			"::: if audience public\nPub\n::: else\nNot pub\n::: end\n";

		ev = render_ok("aud0.md", aud);
		assert_string_equal(ev, "P@7:Not pub\n");
		free(ev);
		fk.cfg.report.audience = AUDIENCE_RESTRICTED;
		ev = render_ok("aud1.md", aud);
		assert_string_equal(ev, "P@2:RESTRICTED\nP@7:Not pub\n");
		free(ev);
		fk.cfg.report.marking = (char *)"SECRET & SENSITIVE";
		ev = render_ok("aud2.md", aud);
		assert_string_equal(ev, "P@2:SECRET & SENSITIVE\nP@7:Not pub\n");
		free(ev);
		fk.cfg.report.marking = NULL;
		fk.cfg.report.audience = AUDIENCE_PUBLIC;
		ev = render_ok("aud3.md", aud);
		assert_string_equal(ev, "P@5:Pub\n");
		free(ev);
		render_fails("aud4.md", "{{marking}}\n",
			     "aud4.md:1: placeholder {{marking}} has a value only in a restricted edition: "
			     "write it inside ::: if audience restricted");
		fk.cfg.report.audience = AUDIENCE_ALL;
		render_fails("aud5.md", "::: if audience secret\n::: end\n",
			     "aud5.md:1: bad condition for ::: if (got 'audience secret'; expected "
			     "topic NAME..., table ID, figure ID, data ID, unit, compare or audience "
			     "public|restricted, optionally after not)");
	}

	/* One pass per topic asked about, in report order; titles from [topic:NAME]. */
	fk.q.topic_title[2] = (char *)"Openness";
	ev = render_ok("for.md", "::: for topic\n"
				 "## {{topic_title}} ({{topic_name}})\n"
				 "::: table answers_{{topic_name}}\n"
				 "::: end\n");
	assert_string_equal(ev, "H2@2:Selection of U.S. partners (selection)\n"
				"D@3:table|answers_selection\n"
				"H2@2:Activities and outcomes (activities)\n"
				"D@3:table|answers_activities\n"
				"H2@2:Openness (transparency)\n"
				"D@3:table|answers_transparency\n");
	free(ev);
	fk.q.topic_title[2] = NULL;

	/* A summary from [topic:NAME], else one made from the questions' labels or texts. */
	fk.q.topic_summary[0] = (char *)"We asked who proposed it.";
	fk.questions[2].label = (char *)"Agreement public";
	ev = render_ok("sum.md", "{{topic_summary:selection}}\n\n{{topic_summary:transparency}}\n\n"
				 "Left out: {{out_of_base}}; {{out_of_base:selection}}.\n");
	assert_string_equal(ev, "P@1:We asked who proposed it.\n"
				"P@3:The questionnaire asked 2 questions on this topic: Agreement public "
				"and Does the council approve partnerships by resolution?\n"
				"P@5:Left out: Don't know and Not applicable; Don't know and Not "
				"applicable.\n");
	free(ev);
	fk.q.topic_summary[0] = NULL;
	fk.questions[2].label = NULL;

	/* ::: if compare: only a report that compares with an earlier round has changes_summary. */
	ev = render_ok("cmp.md", "::: if compare\n"
				 "Changes\n"
				 "::: else\n"
				 "First round\n"
				 "::: end\n"
				 "::: if not compare\n"
				 "Not compared\n"
				 "::: end\n");
	assert_string_equal(ev, "P@4:First round\nP@7:Not compared\n");
	free(ev);
	fake_table(&fk.an, "changes_summary", "Changes in partnerships since SCTA-25-01");
	ev = render_ok("cmp.md", "::: if compare\n"
				 "Changes\n"
				 "::: else\n"
				 "First round\n"
				 "::: end\n"
				 "::: if not compare\n"
				 "Not compared\n"
				 "::: end\n");
	assert_string_equal(ev, "P@2:Changes\n");
	free(ev);
	table_free(fk.an.tables[--fk.an.ntables]);
	render_fails("cmp2.md", "::: if compare x\n::: end\n",
		     "cmp2.md:1: bad condition for ::: if (got 'compare x'; expected topic NAME..., "
		     "table ID, figure ID, data ID, unit, compare or audience public|restricted, "
		     "optionally after not)");

	render_fails("end.md", "a\n::: end\n", "end.md:2: ::: end without ::: if or ::: for");
	render_fails("open.md", "::: if topic visa\nx\n", "open.md:1: ::: if has no ::: end");
	render_fails("cond.md", "::: if topc visa\n::: end\n",
		     "cond.md:1: bad condition for ::: if (got 'topc visa'; expected topic NAME..., "
		     "table ID, figure ID, data ID, unit, compare or audience public|restricted, "
		     "optionally after not)");
	render_fails("topic.md", "::: if topic visas\n::: end\n",
		     "topic.md:1: ::: if topic: no such topic 'visas' (expected selection, activities, "
		     "transparency, expression, espionage or visa)");
	render_fails("nest.md", "::: for topic\n::: for topic\n::: end\n::: end\n",
		     "nest.md:2: expected ::: for topic (not nested, without ::: else)");
	render_fails("name.md", "{{topic_name}}\n",
		     "name.md:1: {{topic_name}} is only known inside ::: for topic");
	render_fails("sum2.md", "{{topic_summary:visa}}\n",
		     "sum2.md:1: {{topic_summary:visa}}: the questionnaire has no question of topic "
		     "'visa' (write ::: if topic visa around it)");

	/* A missing answers table or chart names the questionnaire as the cause. */
	hide_table("answers_visa", 1);
	render_fails("miss.md", "::: table answers_visa\n",
		     "miss.md:1: the questionnaire has no question of topic 'visa', so table "
		     "answers_visa does not exist (write ::: if topic visa around it)");
	hide_table("answers_visa", 0);
	hide_table("answers_chart_activities", 1);
	render_fails("miss2.md", "::: figure answers_chart_activities\n",
		     "miss2.md:1: no question of topic 'activities' has a choice scale, so figure "
		     "answers_chart_activities does not exist (write ::: if figure "
		     "answers_chart_activities around it)");
	render_fails("miss3.md", "See {{figure:answers_chart_activities}}.\n",
		     "miss3.md:1: {{figure:answers_chart_activities}}: no question of topic 'activities' "
		     "has a choice scale, so figure answers_chart_activities does not exist (write ::: "
		     "if figure answers_chart_activities around it)");
	hide_table("answers_chart_activities", 0);

	/* A topic asked about in free text only counts as not asked about (nothing to tabulate). */
	fk.questions[0].type = QTYPE_TEXT;
	fk.questions[0].scale = NULL;
	ev = render_ok("text.md", "::: if topic selection\nSel\n::: else\nNo sel\n::: end\n"
				  "::: for topic\n{{topic_name}}\n::: end\n");
	assert_string_equal(ev, "P@4:No sel\nP@7:activities\nP@7:transparency\n");
	free(ev);
	hide_table("answers_selection", 1);
	render_fails("text2.md", "::: table answers_selection\n",
		     "text2.md:1: every question of topic 'selection' asks for free text, so table "
		     "answers_selection does not exist (write ::: if topic selection around it)");
	hide_table("answers_selection", 0);
	fk.questions[0].type = QTYPE_CHOICE;
	fk.questions[0].scale = &fk.scales[0];
	fk.q.nquestions = 8;
}

/* template_check lists every problem, in the included file too, and goes on after each. */
static void test_check_lists_every_problem(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct strbuf want = STRBUF_INIT;

	(void)state;
	put("inc.md", "x {{zz}}\n");
	assert_int_equal(template_check(put("all.md", "# {{nope}}\n"
						     "::: include inc.md\n"
						     "::: tabel x\n"
						     "::: for topic\n"
						     "{{bad}}\n"
						     "::: end\n"
						     "::: if topc x\n"
						     "::: end\n"
						     "Fine {{in_scope}}, not {{in_scop}}\n"),
					&fk.in, &refs, &err), SCTA_ERR_CONFIG);
	strbuf_addf(&want, "%s/all.md:1: unknown placeholder {{nope}}\n"
		    "%s/inc.md:1: unknown placeholder {{zz}}\n"
		    "%s/all.md:3: unknown directive '::: tabel'\n"
		    "%s/all.md:5: unknown placeholder {{bad}}\n"
		    "%s/all.md:7: bad condition for ::: if (got 'topc x'; expected topic NAME..., "
		    "table ID, figure ID, data ID, unit, compare or audience public|restricted, "
		    "optionally after not)\n"
		    "%s/all.md:9: unknown placeholder {{in_scop}}", dir, dir, dir, dir, dir, dir);
	assert_string_equal(err.msg, want.buf);   /* {{bad}} once, though the loop ran 6 times */
	strbuf_release(&want);
	scta_err_clear(&err);
	assert_int_equal(template_check(put("ok.md", "Fine {{in_scope}}.\n"), &fk.in, &refs, &err), 0);
	assert_int_equal(err.code, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_values_are_escaped),
		cmocka_unit_test(test_unset_setting),
		cmocka_unit_test(test_errors_name_file_and_line),
		cmocka_unit_test(test_directives),
		cmocka_unit_test(test_letter_settings),
		cmocka_unit_test(test_blocks_and_emphasis),
		cmocka_unit_test(test_loose_list),
		cmocka_unit_test(test_include_and_comments),
		cmocka_unit_test(test_include_checks),
		cmocka_unit_test(test_refs_need_writer),
		cmocka_unit_test(test_emit_stops),
		cmocka_unit_test(test_value_api),
		cmocka_unit_test(test_unit_editions),
		cmocka_unit_test(test_conditions_and_topics),
		cmocka_unit_test(test_check_lists_every_problem),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
