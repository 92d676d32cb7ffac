/*
 * html.c - the HTML edition of the report: one self-contained file from
 * the same templates (template.c's events), the same analysis and the same
 * words (content.c) as the PDF.
 *
 * What a reader of the web edition needs: the document language, a title,
 * headings in order without skipped levels (numbered as the PDF's structure
 * tree numbers them), a contents list that links to every section, table
 * and figure, tables with a caption and header cells with a scope, figures
 * as inline SVG with a title and a description (the same words as the
 * PDF's alternative text) followed by the table of the values they draw,
 * notes and sources as text, a print stylesheet, and nothing fetched from
 * the network: the CSS is inline and there is no script.
 *
 * The contents come first but list what follows, so the templates are
 * walked twice: a first pass writes nothing and records the headings,
 * tables and figures (the detail stream is not read), the second writes.
 * The partnership appendix is written row by row as the detail stream
 * gives it. Every piece of text is escaped, and the characters the PDF
 * shows visibly (controls, bidirectional overrides) are shown the same
 * way (text_visible).
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "render/content.h"
#include "render/render.h"
#include "render/template.h"
#include "render/tilemap.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/mem.h"
#include "util/strbuf.h"
#include "util/table.h"
#include "util/text.h"
#include "util/utf8.h"

#define MAX_LIST 8
#define MAX_BARS 15
#define LABEL_CHARS 38

enum part { PART_BODY, PART_COVER, PART_FRONT };

/* A heading, table or figure the contents may list, found by the first pass. */
struct entry {
	struct content_entry c;
	char *text;
	char anchor[32];
};

struct html {
	const struct render_input *in;
	struct scta_err *err;
	FILE *fp;                /* NULL in the first pass: nothing is written */
	struct entry *v;         /* the first pass's entries */
	size_t n, cap;
	size_t at;               /* entries met so far in this pass */
	enum part part;
	int part_open;           /* a <div class="part"> is open */
	int tag_level, tag_src[7];   /* heading levels without skips (as the PDF's tree) */
	int depth;               /* lists open */
	struct {
		int ordered, li;
	} list[MAX_LIST + 1];
	int quote;               /* blockquotes open */
	int columns;             /* 0 none, 1 or 2: the column open */
	struct strbuf sb, tmp;
	const char *ev_file;
	int ev_line;
};

/* ---------- writing and escaping ---------- */

static void put(struct html *h, const char *s)
{
	if (h->fp)
		fputs(s, h->fp);
}

static void putf(struct html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void putf(struct html *h, const char *fmt, ...)
{
	va_list ap;

	if (!h->fp)
		return;
	va_start(ap, fmt);
	vfprintf(h->fp, fmt, ap);
	va_end(ap);
}

/* s[0..len) as HTML text (also fit for an attribute value in double quotes). */
static void esc_to(struct strbuf *out, const char *s, size_t len)
{
	struct strbuf vis = STRBUF_INIT;
	const char *p, *end, *run;

	if (text_unsafe(s, len, NULL)) {
		text_visible(s, len, &vis);
		s = vis.buf;
		len = vis.len;
	}
	for (p = run = s, end = s + len; p < end; p++) {
		const char *rep;

		switch (*p) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		default: continue;
		}
		strbuf_add(out, run, (size_t)(p - run));
		strbuf_adds(out, rep);
		run = p + 1;
	}
	strbuf_add(out, run, (size_t)(end - run));
	strbuf_release(&vis);
}

static void esc(struct html *h, const char *s)
{
	if (!h->fp)
		return;
	strbuf_reset(&h->tmp);
	esc_to(&h->tmp, s, strlen(s));
	fwrite(h->tmp.buf, 1, h->tmp.len, h->fp);
}

static void spans(struct html *h, const struct tpl_span *sp, size_t n)
{
	size_t i;

	if (!h->fp)
		return;
	for (i = 0; i < n; i++) {
		const char *p = sp[i].text, *end = p + sp[i].len;

		if (sp[i].bold)
			put(h, "<strong>");
		if (sp[i].italic)
			put(h, "<em>");
		if (sp[i].code)
			put(h, "<code>");
		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

			strbuf_reset(&h->tmp);
			esc_to(&h->tmp, p, len);
			fwrite(h->tmp.buf, 1, h->tmp.len, h->fp);
			if (nl)
				put(h, "<br>");
			p += len + (nl ? 1 : 0);
		}
		if (sp[i].code)
			put(h, "</code>");
		if (sp[i].italic)
			put(h, "</em>");
		if (sp[i].bold)
			put(h, "</strong>");
	}
}

static void plain(const struct tpl_span *sp, size_t n, struct strbuf *out)
{
	size_t i;
	const char *c;

	strbuf_reset(out);
	for (i = 0; i < n; i++)
		for (c = sp[i].text; c < sp[i].text + sp[i].len; c++)
			strbuf_addch(out, *c == '\n' ? ' ' : *c);
	strbuf_trim(out);
}

static int fail(struct html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct html *h, const char *fmt, ...)
{
	char msg[900];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (h->ev_file)
		return scta_err_set(h->err, SCTA_ERR_CONFIG, "%s:%d: %s", h->ev_file, h->ev_line, msg);
	return scta_err_set(h->err, SCTA_ERR_CONFIG, "%s", msg);
}

/* ---------- entries: what the contents link to ---------- */

/* The entry met now: recorded in the first pass, looked up in the second. */
static struct entry *entry(struct html *h, enum content_entry_kind kind, int level,
			   const char *text)
{
	static const char *const prefix[] = { "sec", "tab", "fig" };
	struct entry *e;

	if (!h->fp) {
		XGROW(h->v, h->cap, h->n + 1);
		e = &h->v[h->n];
		memset(e, 0, sizeof *e);
		e->c.kind = kind;
		e->c.level = level;
		e->c.body = h->part == PART_BODY;
		e->text = xstrdup(text);
		snprintf(e->anchor, sizeof e->anchor, "%s-%zu", prefix[kind], h->n + 1);
		h->n++;
		h->at++;
		return e;
	}
	if (h->at < h->n)
		return &h->v[h->at++];
	/* cannot happen: both passes walk the same templates */
	return NULL;
}

/* ---------- blocks that stay open ---------- */

static void close_lists(struct html *h, int to)
{
	for (; h->depth > to; h->depth--) {
		if (h->list[h->depth].li)
			put(h, "</li>");
		put(h, h->list[h->depth].ordered ? "</ol>\n" : "</ul>\n");
	}
}

static void close_quotes(struct html *h, int to)
{
	for (; h->quote > to; h->quote--)
		put(h, "</blockquote>\n");
}

static void close_flow(struct html *h)
{
	close_lists(h, 0);
	close_quotes(h, 0);
}

static void close_columns(struct html *h)
{
	close_flow(h);
	if (h->columns)
		put(h, "</div>\n</div>\n");
	h->columns = 0;
}

static void close_part(struct html *h)
{
	close_columns(h);
	if (h->part_open)
		put(h, "</div>\n");
	h->part_open = 0;
}

/* ---------- text blocks ---------- */

static void heading(struct html *h, int level, const struct tpl_span *sp, size_t n)
{
	struct strbuf text = STRBUF_INIT;
	struct entry *e;
	int lv = h->tag_level;

	close_flow(h);
	plain(sp, n, &text);
	/* levels never skip one (an h3 right under an h1 is an h2), as in the PDF's tree */
	while (lv > 0 && h->tag_src[lv] >= level)
		lv--;
	lv = lv < 6 ? lv + 1 : 6;
	h->tag_src[lv] = level;
	h->tag_level = lv;
	e = entry(h, CONTENT_ENTRY_HEADING, level, text.buf);
	putf(h, "<h%d id=\"%s\">", lv, e ? e->anchor : "");
	spans(h, sp, n);
	putf(h, "</h%d>\n", lv);
	strbuf_release(&text);
}

static void list_item(struct html *h, int level, int number, const struct tpl_span *sp,
		      size_t n)
{
	int ordered = number > 0;

	close_quotes(h, 0);
	if (level < 1)
		level = 1;
	if (level > MAX_LIST)
		level = MAX_LIST;
	close_lists(h, level);
	if (number < 0 && h->depth == level && h->list[level].li) {
		/* a further paragraph of the item */
		put(h, "<p>");
		spans(h, sp, n);
		put(h, "</p>");
		return;
	}
	if (h->depth == level && h->list[level].ordered != ordered)
		close_lists(h, level - 1);
	if (h->depth == level && h->list[level].li) {
		put(h, "</li>\n");
		h->list[level].li = 0;
	}
	while (h->depth < level) {
		int d = h->depth + 1, o = d == level && ordered;

		if (h->depth && !h->list[h->depth].li) {
			put(h, "<li>");
			h->list[h->depth].li = 1;
		}
		if (o && number > 1)
			putf(h, "<ol start=\"%d\">\n", number);
		else
			put(h, o ? "<ol>\n" : "<ul>\n");
		h->list[d].ordered = o;
		h->list[d].li = 0;
		h->depth = d;
	}
	put(h, "<li>");
	h->list[level].li = 1;
	spans(h, sp, n);
}

static void quote(struct html *h, int level, const struct tpl_span *sp, size_t n)
{
	close_lists(h, 0);
	if (level < 1)
		level = 1;
	close_quotes(h, level);
	for (; h->quote < level; h->quote++)
		put(h, "<blockquote>\n");
	put(h, "<p>");
	spans(h, sp, n);
	put(h, "</p>\n");
}

static void paragraph(struct html *h, const char *cls, const struct tpl_span *sp, size_t n)
{
	close_flow(h);
	if (cls)
		putf(h, "<p class=\"%s\">", cls);
	else
		put(h, "<p>");
	spans(h, sp, n);
	put(h, "</p>\n");
}

static void text_p(struct html *h, const char *cls, const char *s)
{
	struct tpl_span sp;

	memset(&sp, 0, sizeof sp);
	sp.text = s;
	sp.len = strlen(s);
	paragraph(h, cls, &sp, 1);
}

/* ---------- tables ---------- */

static int numeric(enum cell_kind k)
{
	return k == CELL_INT || k == CELL_REAL || k == CELL_PCT;
}

/* A text first column with a number column after it names each row (as in the PDF). */
static int row_headers(const struct table_col *cols, size_t n)
{
	size_t c;

	if (!n || cols[0].kind != CELL_TEXT)
		return 0;
	for (c = 1; c < n; c++)
		if (numeric(cols[c].kind))
			return 1;
	return 0;
}

static void table_head(struct html *h, const char *anchor, const char *caption, const char *cls,
		       const struct table_col *cols, size_t ncols)
{
	size_t c;

	putf(h, "<table id=\"%s\"%s%s%s>\n<caption>", anchor, cls ? " class=\"" : "",
	     cls ? cls : "", cls ? "\"" : "");
	esc(h, caption);
	put(h, "</caption>\n<thead><tr>");
	for (c = 0; c < ncols; c++) {
		put(h, numeric(cols[c].kind) ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">");
		esc(h, cols[c].name ? cols[c].name : "");
		put(h, "</th>");
	}
	put(h, "</tr></thead>\n<tbody>\n");
}

static void table_row(struct html *h, const struct table_col *cols, size_t ncols,
		      const struct cell *row, int heads, int total)
{
	char buf[64];
	size_t c;

	if (!h->fp)
		return;
	put(h, total ? "<tr class=\"total\">" : "<tr>");
	for (c = 0; c < ncols; c++) {
		const char *text = content_cell_text(&row[c], buf, sizeof buf);

		if (c == 0 && heads)
			put(h, "<th scope=\"row\">");
		else
			put(h, numeric(cols[c].kind) ? "<td class=\"num\">" : "<td>");
		esc(h, text);
		put(h, c == 0 && heads ? "</th>" : "</td>");
	}
	put(h, "</tr>\n");
}

static void empty_row(struct html *h, size_t ncols)
{
	putf(h, "<tr><td colspan=\"%zu\">No rows.</td></tr>\n", ncols ? ncols : 1);
}

/* The Source and Note lines under a table or figure. */
static void notes(struct html *h, const struct table *t, const char *extra)
{
	struct strbuf src = STRBUF_INIT, note = STRBUF_INIT;

	if (h->fp) {
		content_table_notes(h->in, t, extra, &src, &note);
		text_p(h, "source", src.buf);
		if (note.len)
			text_p(h, "note", note.buf);
	}
	strbuf_release(&src);
	strbuf_release(&note);
}

/* "Table 3: title" in the body for a numbered analysis table, else its title. */
static char *table_caption(struct html *h, const struct table *t, int analysis)
{
	size_t n = 0;

	if (analysis && h->part == PART_BODY)
		n = render_table_number(h->in, t->id, NULL);
	if (!n)
		return xstrdup(t->title ? t->title : t->id);
	return xasprintf("Table %zu: %s", n, t->title ? t->title : t->id);
}

static int table(struct html *h, const struct table *t, int analysis)
{
	char *caption = table_caption(h, t, analysis);
	struct entry *e;
	int heads = row_headers(t->cols, t->ncols);
	size_t r;

	if (!t->ncols) {
		free(caption);
		return fail(h, "table '%s' has no columns", t->id);
	}
	close_flow(h);
	e = entry(h, CONTENT_ENTRY_TABLE, 0, caption);
	put(h, "<div class=\"table\">\n");
	table_head(h, e ? e->anchor : "", caption, NULL, t->cols, t->ncols);
	for (r = 0; h->fp && r < t->nrows; r++)
		table_row(h, t->cols, t->ncols, table_cell(t, r, 0), heads,
			  t->has_total && r + 1 == t->nrows);
	if (!t->nrows)
		empty_row(h, t->ncols);
	put(h, "</tbody>\n</table>\n");
	notes(h, t, NULL);
	put(h, "</div>\n");
	free(caption);
	return 0;
}

/* The appendix listing, written row by row as the stream gives it. */
/* A detail listing (::: detail NAME [N]): its first limit rows (0: all). */
static int detail(struct html *h, enum detail_kind kind, size_t limit)
{
	const struct render_input *in = h->in;
	const struct detail_spec *spec = detail_spec(kind);
	struct detail *d = NULL;
	const struct cell *row;
	struct table_col *cols = NULL;
	char *caption = NULL, *note = NULL;
	struct entry *e;
	size_t c, rows = 0;
	int rc = 0, heads;

	close_flow(h);
	caption = content_detail_caption(spec);
	e = entry(h, CONTENT_ENTRY_TABLE, 0, caption);
	if (!h->fp)
		goto out;
	if (!in->detail_open) {
		rc = fail(h, "::: detail: no detail rows are available to the report");
		goto out;
	}
	if ((rc = in->detail_open(in, kind, &d, h->err)))
		goto out;
	if (!d || !d->spec || !d->spec->ncols) {
		rc = fail(h, "::: detail: the detail stream has no columns");
		goto out;
	}
	cols = xcalloc(d->spec->ncols, sizeof *cols);
	for (c = 0; c < d->spec->ncols; c++) {
		cols[c].name = (char *)d->spec->cols[c].name;
		cols[c].kind = d->spec->cols[c].kind;
	}
	heads = row_headers(cols, d->spec->ncols);
	put(h, "<div class=\"table detail\">\n");
	table_head(h, e ? e->anchor : "", caption, NULL, cols, d->spec->ncols);
	while (!(rc = d->next(d, &row, h->err)) && row) {
		/* past the limit the rows are only counted, for the note */
		if (!limit || rows < limit)
			table_row(h, cols, d->spec->ncols, row, heads, 0);
		rows++;
	}
	if (rc)
		goto out;
	if (!rows)
		empty_row(h, d->spec->ncols);
	put(h, "</tbody>\n</table>\n");
	note = limit && rows > limit ? content_detail_note_cut(in, d->spec, limit, rows) :
				       content_detail_note(in, d->spec);
	notes(h, NULL, note);
	put(h, "</div>\n");
out:
	if (d)
		d->close(d);
	free(cols);
	free(caption);
	free(note);
	return rc;
}

/* ---------- figures ---------- */

/* "#rrggbb" of series colour k of the charts' palette (render/content.c), in buf[8]. */
static const char *series_hex(size_t k, char *buf)
{
	const unsigned char *c = content_palette[k % CONTENT_NPALETTE];

	snprintf(buf, 8, "#%02x%02x%02x", c[0], c[1], c[2]);
	return buf;
}

/* A row's label in the chart, cut to LABEL_CHARS characters (the table has it whole). */
static void chart_label(struct html *h, const struct cell *c)
{
	char buf[64];
	const char *s = content_cell_text(c, buf, sizeof buf), *p = s, *end = s + strlen(s);
	size_t n = 0;

	while (p < end && n < LABEL_CHARS) {
		utf8_next(&p, end);
		n++;
	}
	strbuf_reset(&h->sb);
	strbuf_add(&h->sb, s, (size_t)(p - s));
	if (p < end)
		strbuf_adds(&h->sb, "\xE2\x80\xA6");
	esc(h, h->sb.buf);
}

static void svg_num(struct html *h, double v, enum cell_kind kind)
{
	char buf[64];
	struct cell c;

	memset(&c, 0, sizeof c);
	if (kind == CELL_PCT) {
		putf(h, "%.0f%%", v * 100);
		return;
	}
	c.kind = CELL_INT;
	c.i = (int64_t)llround(v);
	if (v == floor(v))
		esc(h, content_cell_text(&c, buf, sizeof buf));
	else
		putf(h, "%g", v);
}

#define SVG_W 640
#define SVG_LABEL 250
#define SVG_ROW 22

static void bar_svg(struct html *h, const struct table *t, size_t n)
{
	size_t i, vc = t->chart_col;
	enum cell_kind kind = t->cols[vc].kind;
	double vmax = 0, step, v, pw = SVG_W - SVG_LABEL - 70, y;
	int ok;

	for (i = 0; i < n; i++) {
		v = content_chart_value(table_cell(t, i, vc), &ok);
		if (ok && v > vmax)
			vmax = v;
	}
	step = content_nice_step(kind == CELL_PCT ? vmax * 100 : vmax, 5, kind == CELL_INT);
	if (kind == CELL_PCT)
		step /= 100;
	vmax = vmax > 0 ? ceil(vmax / step - 1e-9) * step : step;
	for (i = 0; i < n; i++) {
		char buf[64], hex[8];
		const struct cell *c = table_cell(t, i, vc);
		double bw;

		y = 6 + (double)i * SVG_ROW;
		v = content_chart_value(c, &ok);
		bw = ok && v > 0 ? pw * v / vmax : 0;
		putf(h, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">", SVG_LABEL - 8, y + 15);
		chart_label(h, table_cell(t, i, 0));
		put(h, "</text>");
		if (bw > 0)
			putf(h, "<rect x=\"%d\" y=\"%.1f\" width=\"%.2f\" height=\"16\" fill=\"%s\"/>",
			     SVG_LABEL, y + 3, bw, series_hex(1, hex));
		putf(h, "<text x=\"%.2f\" y=\"%.1f\">", SVG_LABEL + bw + 4, y + 15);
		esc(h, content_cell_text(c, buf, sizeof buf));
		put(h, "</text>\n");
	}
	y = 6 + (double)n * SVG_ROW;
	putf(h, "<path d=\"M%d 6V%.1fH%.2f\" stroke=\"#4d4d4d\" fill=\"none\"/>\n", SVG_LABEL, y,
	     SVG_LABEL + pw);
	for (v = 0; v <= vmax + step * 1e-6; v += step) {
		double x = SVG_LABEL + pw * v / vmax;

		putf(h, "<path d=\"M%.2f %.1fv4\" stroke=\"#4d4d4d\"/><text x=\"%.2f\" y=\"%.1f\" "
		     "text-anchor=\"middle\" class=\"tick\">", x, y, x, y + 16);
		svg_num(h, v, kind);
		put(h, "</text>\n");
	}
	putf(h, "<text x=\"%.2f\" y=\"%.1f\" text-anchor=\"middle\" class=\"axis\">",
	     SVG_LABEL + pw / 2, y + 34);
	esc(h, t->cols[vc].name ? t->cols[vc].name : "");
	put(h, "</text>\n");
}

static void stacked_svg(struct html *h, const struct table *t, size_t n, size_t c0, size_t nseg)
{
	size_t i, k;
	double pw = SVG_W - SVG_LABEL - 10, y, x, ly = 6;
	char hex[8];

	/* the legend, flowing over lines of four */
	for (k = 0; k < nseg; k++) {
		x = (double)(k % 4) * (SVG_W / 4.0);
		ly = 6 + (double)(k / 4) * 18;
		putf(h, "<rect x=\"%.1f\" y=\"%.1f\" width=\"11\" height=\"11\" fill=\"%s\"/>"
		     "<text x=\"%.1f\" y=\"%.1f\">", x, ly + 2, series_hex(k, hex), x + 15, ly + 12);
		esc(h, t->cols[c0 + k].name ? t->cols[c0 + k].name : "");
		put(h, "</text>\n");
	}
	ly += 26;
	for (i = 0; i < n; i++) {
		double sum = 0, at = SVG_LABEL, v;
		int all_pct = 1, any = 0, ok;

		y = ly + (double)i * SVG_ROW;
		putf(h, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">", SVG_LABEL - 8, y + 15);
		chart_label(h, table_cell(t, i, 0));
		put(h, "</text>");
		sum = content_stacked_row(t, i, c0, nseg, &all_pct);
		any = sum > 0;
		if (!any)
			putf(h, "<text x=\"%d\" y=\"%.1f\" class=\"tick\">No valid answers</text>",
			     SVG_LABEL + 4, y + 15);
		for (k = 0; any && k < nseg; k++) {
			const struct cell *c = table_cell(t, i, c0 + k);
			char buf[64];
			const char *s;
			double sw;

			v = content_chart_value(c, &ok);
			if (!ok || v <= 0)
				continue;
			/* percents are drawn as given; counts as their share of the row */
			sw = pw * (all_pct ? v : v / sum);
			if (at + sw > SVG_LABEL + pw)
				sw = SVG_LABEL + pw - at;
			putf(h, "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"16\" fill=\"%s\"/>",
			     at, y + 3, sw, series_hex(k, hex));
			s = content_cell_text(c, buf, sizeof buf);
			if ((double)strlen(s) * 6.5 + 4 < sw) {
				putf(h, "<text x=\"%.2f\" y=\"%.1f\" text-anchor=\"middle\" "
				     "class=\"tick\" fill=\"%s\">", at + sw / 2, y + 15,
				     content_chart_dark(k) ? "#ffffff" : "#000000");
				esc(h, s);
				put(h, "</text>");
			}
			at += sw;
		}
		put(h, "\n");
	}
	y = ly + (double)n * SVG_ROW;
	for (k = 0; k <= 5; k++) {
		double xx = SVG_LABEL + pw * (double)k / 5;

		putf(h, "<path d=\"M%.2f %.1fv4\" stroke=\"#4d4d4d\"/><text x=\"%.2f\" y=\"%.1f\" "
		     "text-anchor=\"middle\" class=\"tick\">%zu%%</text>\n", xx, y, xx, y + 16, k * 20);
	}
	putf(h, "<path d=\"M%d %.1fH%.2f\" stroke=\"#4d4d4d\"/>\n", SVG_LABEL, y, SVG_LABEL + pw);
}

static int figure(struct html *h, const struct table *t, size_t max_bars)
{
	size_t rows = t->nrows - (t->has_total && t->nrows ? 1 : 0), n, i, k, fig = 0;
	size_t c0 = t->chart_col, nseg = t->chart_ncols, ncol, height;
	struct strbuf alt = STRBUF_INIT;
	struct table_col *cols = NULL;
	struct cell *cells = NULL;
	char *caption, *shows = NULL;
	struct entry *e;

	if (t->chart != CHART_BAR && t->chart != CHART_STACKED)
		return fail(h, "table '%s' has no chart; use ::: table %s", t->id, t->id);
	if (c0 >= t->ncols || !t->ncols)
		return fail(h, "table '%s': chart column %zu out of range", t->id, c0);
	if (t->chart == CHART_BAR || !nseg || c0 + nseg > t->ncols)
		nseg = t->chart == CHART_BAR ? 1 : t->ncols - c0;
	n = rows < (max_bars ? max_bars : MAX_BARS) ? rows : (max_bars ? max_bars : MAX_BARS);
	if (h->part == PART_BODY)
		(void)render_table_number(h->in, t->id, &fig);
	caption = fig ? xasprintf("Figure %zu: %s", fig, t->title ? t->title : t->id)
		      : xstrdup(t->title ? t->title : t->id);
	close_flow(h);
	e = entry(h, CONTENT_ENTRY_FIGURE, 0, caption);
	if (!h->fp)
		goto out;
	render_chart_alt(t, NULL, n, &alt);
	if (n < rows) {
		shows = content_figure_shows(n, rows);
		strbuf_adds(&alt, shows);
	}
	strbuf_trim(&alt);
	putf(h, "<figure id=\"%s\">\n<figcaption>", e ? e->anchor : "");
	esc(h, caption);
	put(h, "</figcaption>\n");
	if (!n) {
		text_p(h, "nodata", "No data to chart.");
	} else {
		height = t->chart == CHART_BAR ? 6 + n * SVG_ROW + 42
					       : 6 + ((nseg + 3) / 4) * 18 + 26 + n * SVG_ROW + 24;
		putf(h, "<svg role=\"img\" aria-labelledby=\"%s-t %s-d\" viewBox=\"0 0 %d %zu\" "
		     "width=\"%d\" height=\"%zu\" class=\"chart\">\n<title id=\"%s-t\">",
		     e ? e->anchor : "", e ? e->anchor : "", SVG_W, height, SVG_W, height,
		     e ? e->anchor : "");
		esc(h, caption);
		putf(h, "</title>\n<desc id=\"%s-d\">", e ? e->anchor : "");
		esc(h, alt.buf);
		put(h, "</desc>\n");
		if (t->chart == CHART_BAR)
			bar_svg(h, t, n);
		else
			stacked_svg(h, t, n, c0, nseg);
		put(h, "</svg>\n");
		/* the values drawn, as a table: the label column, the plotted columns and a count after them */
		ncol = c0 + nseg;
		if (t->chart == CHART_STACKED && ncol < t->ncols && t->cols[ncol].kind == CELL_INT)
			nseg++;
		cols = xcalloc(nseg + 1, sizeof *cols);
		cells = xcalloc(nseg + 1, sizeof *cells);
		cols[0] = t->cols[0];
		for (k = 0; k < nseg; k++)
			cols[k + 1] = t->cols[c0 + k];
		strbuf_reset(&h->sb);
		if (fig)
			strbuf_addf(&h->sb, "Values drawn in Figure %zu", fig);
		else
			strbuf_adds(&h->sb, "Values drawn in the figure");
		put(h, "<table class=\"chart-data\">\n<caption>");
		esc(h, h->sb.buf);
		put(h, "</caption>\n<thead><tr>");
		for (k = 0; k <= nseg; k++) {
			put(h, numeric(cols[k].kind) ? "<th scope=\"col\" class=\"num\">"
						     : "<th scope=\"col\">");
			esc(h, cols[k].name ? cols[k].name : "");
			put(h, "</th>");
		}
		put(h, "</tr></thead>\n<tbody>\n");
		for (i = 0; i < n; i++) {
			cells[0] = *table_cell(t, i, 0);
			for (k = 0; k < nseg; k++)
				cells[k + 1] = *table_cell(t, i, c0 + k);
			table_row(h, cols, nseg + 1, cells, cols[0].kind == CELL_TEXT, 0);
		}
		put(h, "</tbody>\n</table>\n");
	}
	notes(h, t, shows);
	put(h, "</figure>\n");
out:
	free(cols);
	free(cells);
	free(shows);
	free(caption);
	strbuf_release(&alt);
	return 0;
}

/*
 * ::: map TABLE [COLUMN]: the state tile-grid map (tilemap.c) as inline SVG,
 * numbered as the PDF numbers it, with its legend, note and source, and the
 * values it draws as a table (the table itself is numbered elsewhere).
 */
#define MAP_SQ 44
#define MAP_GAP 3

static int map(struct html *h, const struct table *t, const char *column)
{
	struct tilemap m;
	struct scta_err e = SCTA_ERR_INIT;
	struct strbuf alt = STRBUF_INIT;
	struct entry *en;
	char *caption = NULL;
	size_t i, k, fig = 0, nvalues = 0;
	int w = TILEMAP_COLS * (MAP_SQ + MAP_GAP), ht = TILEMAP_ROWS * (MAP_SQ + MAP_GAP);

	if (tilemap_make(t, column, &m, &e)) {
		int rc = fail(h, "%s", e.msg);

		scta_err_clear(&e);
		return rc;
	}
	if (h->part == PART_BODY)
		fig = render_map_number(h->in, t->id, NULL);
	caption = fig ? xasprintf("Figure %zu: %s", fig, m.title) : xstrdup(m.title);
	close_flow(h);
	en = entry(h, CONTENT_ENTRY_FIGURE, 0, caption);
	if (!h->fp)
		goto out;
	for (i = 0; i < TILEMAP_NTILES; i++)
		nvalues += m.sq[i].cls >= 0;
	/* The same description as the PDF's alternative text (pdf_chart.c, pdf_map). */
	strbuf_addf(&alt, "Tile-grid map of the United States, one square per state, the District "
		    "of Columbia and territories, shaded by %s of %s; %zu of %d squares have a "
		    "value.", t->cols[m.value_col].name, t->title ? t->title : t->id, nvalues,
		    TILEMAP_NTILES);
	putf(h, "<figure id=\"%s\">\n<figcaption>", en ? en->anchor : "");
	esc(h, caption);
	put(h, "</figcaption>\n");
	putf(h, "<svg role=\"img\" aria-labelledby=\"%s-t %s-d\" viewBox=\"0 0 %d %d\" "
	     "width=\"%d\" height=\"%d\" class=\"chart\">\n<title id=\"%s-t\">",
	     en ? en->anchor : "", en ? en->anchor : "", w, ht, w, ht, en ? en->anchor : "");
	esc(h, caption);
	putf(h, "</title>\n<desc id=\"%s-d\">", en ? en->anchor : "");
	esc(h, alt.buf);
	put(h, "</desc>\n");
	for (i = 0; i < TILEMAP_NTILES; i++) {
		const struct tilemap_square *q = &m.sq[i];
		unsigned fill = q->cls >= 0 ? m.classes[q->cls].fill : TILEMAP_ABSENT_FILL;
		unsigned ink = q->cls >= 0 ? m.classes[q->cls].text : TILEMAP_ABSENT_TEXT;
		int x0 = q->col * (MAP_SQ + MAP_GAP), y0 = q->row * (MAP_SQ + MAP_GAP);

		putf(h, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#%06X\" "
		     "stroke=\"#%06X\"/>", x0, y0, MAP_SQ, MAP_SQ, fill & 0xFFFFFFu,
		     (q->cls < 0 ? TILEMAP_EDGE : fill) & 0xFFFFFFu);
		putf(h, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#%06X\" "
		     "font-weight=\"bold\">", x0 + MAP_SQ / 2, y0 + (*q->value ? 19 : 27),
		     ink & 0xFFFFFFu);
		esc(h, q->code);
		put(h, "</text>");
		if (*q->value) {
			putf(h, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#%06X\" "
			     "class=\"tick\">", x0 + MAP_SQ / 2, y0 + 35, ink & 0xFFFFFFu);
			esc(h, q->value);
			put(h, "</text>");
		}
		put(h, "\n");
	}
	put(h, "</svg>\n");
	/* The values drawn, as a table, in the grid's order (row by row). */
	put(h, "<table class=\"chart-data\">\n<caption>");
	strbuf_reset(&h->sb);
	if (fig)
		strbuf_addf(&h->sb, "Values drawn in Figure %zu", fig);
	else
		strbuf_adds(&h->sb, "Values drawn in the figure");
	esc(h, h->sb.buf);
	put(h, "</caption>\n<thead><tr><th scope=\"col\">State</th><th scope=\"col\" "
	    "class=\"num\">");
	esc(h, t->cols[m.value_col].name);
	put(h, "</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < TILEMAP_NTILES; i++) {
		if (m.sq[i].cls < 0)
			continue;
		put(h, "<tr><th scope=\"row\">");
		esc(h, m.sq[i].code);
		put(h, "</th><td class=\"num\">");
		esc(h, m.sq[i].value);
		put(h, "</td></tr>\n");
	}
	put(h, "</tbody>\n</table>\n<p class=\"note\">");
	esc(h, t->cols[m.value_col].name);
	put(h, ": ");
	for (k = 0; k <= m.nclasses; k++) {
		int absent = k == m.nclasses;
		unsigned fill = absent ? TILEMAP_ABSENT_FILL : m.classes[k].fill;

		putf(h, "%s<span style=\"display:inline-block;width:1em;height:1em;"
		     "border:1px solid #808080;vertical-align:middle;background:#%06X\"></span> ",
		     k ? "; " : "", fill & 0xFFFFFFu);
		esc(h, absent ? m.absent_label : m.classes[k].label);
	}
	put(h, "</p>\n<p class=\"note\">Note: ");
	esc(h, m.note);
	put(h, "</p>\n");
	if (t->source && *t->source) {
		put(h, "<p class=\"source\">Source: ");
		esc(h, t->source);
		put(h, "</p>\n");
	}
	put(h, "</figure>\n");
out:
	free(caption);
	strbuf_release(&alt);
	tilemap_release(&m);
	return 0;
}

/* ---------- the contents ---------- */

/* One list: sections (level 2 indented), then the groups "Tables" and "Figures". */
static int on_toc(void *ctx, const struct content_block *b, struct scta_err *err)
{
	struct html *h = ctx;
	const struct entry *e;

	(void)err;
	if (b->kind == CONTENT_TOC_GROUP) {
		put(h, "<li class=\"toc-group\">");
		spans(h, b->spans, b->nspans);
		put(h, "</li>\n");
		return 0;
	}
	if (b->kind != CONTENT_TOC_ENTRY || b->entry >= h->n)
		return 0;
	e = &h->v[b->entry];
	putf(h, "<li%s><a href=\"#%s\">", b->level == 2 ? " class=\"sub\"" : "", e->anchor);
	esc(h, e->text);
	put(h, "</a></li>\n");
	return 0;
}

static int contents(struct html *h)
{
	struct content_entry *entries;
	struct content_sink sink;
	size_t i;
	int rc;

	close_flow(h);
	if (!h->fp)
		return 0;
	entries = xcalloc(h->n ? h->n : 1, sizeof *entries);
	for (i = 0; i < h->n; i++)
		entries[i] = h->v[i].c;
	sink.emit = on_toc;
	sink.ctx = h;
	put(h, "<nav class=\"contents\" aria-label=\"Contents\">\n<ul>\n");
	rc = content_contents(entries, h->n, &sink, h->err);
	put(h, "</ul>\n</nav>\n");
	free(entries);
	return rc;
}

/* ---------- directives ---------- */

static int on_content(void *ctx, const struct content_block *b, struct scta_err *err)
{
	struct html *h = ctx;
	size_t k;

	(void)err;
	switch (b->kind) {
	case CONTENT_HEADING:
		heading(h, b->level, b->spans, b->nspans);
		break;
	case CONTENT_PARAGRAPH:
		paragraph(h, NULL, b->spans, b->nspans);
		break;
	case CONTENT_ITEM:
		list_item(h, b->level, b->number, b->spans, b->nspans);
		break;
	case CONTENT_LIST_END:
		close_lists(h, 0);
		break;
	case CONTENT_QUOTE:
		quote(h, b->level, b->spans, b->nspans);
		break;
	case CONTENT_QUESTION:
		paragraph(h, "question", b->spans, b->nspans);
		break;
	case CONTENT_OPTIONS:
		if (b->noptions) {
			put(h, "<ul class=\"options\">");
			for (k = 0; k < b->noptions; k++) {
				put(h, "<li>");
				esc(h, b->options[k]);
				put(h, "</li>");
			}
			put(h, "</ul>\n");
		} else if (b->answer) {
			put(h, "<p class=\"answer\">Answer: ");
			esc(h, b->answer);
			put(h, "</p>\n");
		}
		break;
	case CONTENT_TABLE:
		return table(h, b->table, 0);
	case CONTENT_TOC_GROUP:
	case CONTENT_TOC_ENTRY:
		break;
	}
	return 0;
}

static int do_part(struct html *h, const char *arg)
{
	close_part(h);
	h->part = !strcmp(arg, "cover") ? PART_COVER : !strcmp(arg, "front") ? PART_FRONT
									  : PART_BODY;
	putf(h, "<div class=\"part %s\">\n", arg);
	h->part_open = 1;
	return 0;
}

static int do_columns(struct html *h, const char *arg)
{
	int64_t a = 1, b = 1;

	if (h->columns)
		return fail(h, "::: columns inside columns (end them with ::: endcolumns)");
	if (*arg) {
		const char *colon = strchr(arg, ':');
		char left[16];

		if (!colon || (size_t)(colon - arg) >= sizeof left)
			return fail(h, "::: columns: expected A:B (got '%s')", arg);
		memcpy(left, arg, (size_t)(colon - arg));
		left[colon - arg] = 0;
		if (text_int(left, 1, 20, &a) || text_int(colon + 1, 1, 20, &b))
			return fail(h, "::: columns: expected A:B (got '%s')", arg);
	}
	close_flow(h);
	putf(h, "<div class=\"columns\" style=\"grid-template-columns:%dfr %dfr\">\n<div>\n",
	     (int)a, (int)b);
	h->columns = 1;
	return 0;
}

static int do_directive(struct html *h, const struct tpl_event *ev)
{
	const char *d = ev->directive, *arg = ev->arg;

	if (content_says(d)) {
		struct content_sink sink = { on_content, h };

		return content_directive(h->in, ev, &sink, h->err);
	}
	if (!strcmp(d, "part"))
		return do_part(h, arg);
	if (!strcmp(d, "pagebreak")) {
		close_columns(h);
		put(h, "<hr class=\"page\">\n");
		return 0;
	}
	if (!strcmp(d, "columns"))
		return do_columns(h, arg);
	if (!strcmp(d, "column")) {
		if (!h->columns)
			return fail(h, "::: column outside ::: columns");
		close_flow(h);
		if (h->columns == 1)
			put(h, "</div>\n<div>\n");
		h->columns = 2;
		return 0;
	}
	if (!strcmp(d, "endcolumns")) {
		if (!h->columns)
			return fail(h, "::: endcolumns without ::: columns");
		close_columns(h);
		return 0;
	}
	if (!strcmp(d, "contents"))
		return contents(h);
	if (!strcmp(d, "detail")) {
		enum detail_kind kind;
		size_t limit;
		char why[160];

		if (content_detail_target(arg, &kind, &limit, why, sizeof why))
			return fail(h, "::: detail: %s", why);
		return detail(h, kind, limit);
	}
	if (!strcmp(d, "addressees")) {
		/* A letter's addressees ([report] addressee_N), one line each. */
		const struct scta_config *cfg = h->in->cfg;
		size_t i;

		close_flow(h);
		if (!h->fp)
			return 0;
		put(h, "<p class=\"addressees\">");
		for (i = 0; i < cfg->report.naddressees; i++) {
			if (i)
				put(h, "<br>");
			esc(h, cfg->report.addressees[i]);
		}
		put(h, "</p>\n");
		return 0;
	}
	if (!strcmp(d, "tables")) {
		const struct analysis *an = h->in->an;
		size_t i, n = strlen(arg);
		int rc = 0;

		for (i = 0; !rc && an && i < an->ntables; i++)
			if (!strncmp(an->tables[i]->id, arg, n) &&
			    !render_table_omitted(h->in, an->tables[i]))
				rc = table(h, an->tables[i], 1);
		return rc;
	}
	if (!strcmp(d, "table") || !strcmp(d, "figure") || !strcmp(d, "map")) {
		struct content_target tg;
		char why[320];

		if (content_target(h->in, d, arg, &tg, why, sizeof(why)))
			return fail(h, "%s", why);
		if (!tg.t)
			return 0;
		return d[0] == 't' ? table(h, tg.t, 1) : d[0] == 'f' ? figure(h, tg.t, tg.bars)
						       : map(h, tg.t, tg.column);
	}
	return fail(h, "unknown directive '::: %s'", d);
}

static int on_event(void *ctx, const struct tpl_event *ev, struct scta_err *err)
{
	struct html *h = ctx;

	(void)err;
	h->ev_file = ev->file;
	h->ev_line = ev->line;
	switch (ev->block) {
	case TPL_HEADING:
		heading(h, ev->level, ev->spans, ev->nspans);
		return 0;
	case TPL_PARAGRAPH:
		paragraph(h, NULL, ev->spans, ev->nspans);
		return 0;
	case TPL_LIST_ITEM:
		list_item(h, ev->level, ev->number, ev->spans, ev->nspans);
		return 0;
	case TPL_QUOTE:
		quote(h, ev->level, ev->spans, ev->nspans);
		return 0;
	case TPL_RULE:
		close_flow(h);
		put(h, "<hr>\n");
		return 0;
	case TPL_DIRECTIVE:
		return do_directive(h, ev);
	}
	return 0;
}

/* {{table:ID}} / {{figure:ID}}: the report's one numbering. */
static int lookup_ref(void *ctx, const char *kind, const char *id, struct strbuf *out,
		      struct scta_err *err)
{
	struct html *h = ctx;
	const struct render_numbering *nb = h->in->numbering;
	const struct table *t = h->in->an ? analysis_table(h->in->an, id) : NULL;
	size_t fig = 0, tab = render_table_number(h->in, id, &fig);
	int is_table = !strcmp(kind, "table");
	size_t n = is_table ? tab : fig;

	/* Left out of an edition for one unit: it is still in that edition's workbook. */
	if (n && t && render_table_omitted(h->in, t)) {
		strbuf_addf(out, "%s %zu (in the workbook; nothing to show here)", kind, n);
		return 0;
	}
	/* numbered in the body (the PDF's order) */
	if (n && nb && n <= (is_table ? nb->in_pdf_tables : nb->in_pdf_figures)) {
		strbuf_addf(out, "%s %zu", kind, n);
		return 0;
	}
	return scta_err_set(err, SCTA_ERR_CONFIG,
			    "{{%s:%s}}: %s '%s' is not numbered in the report body "
			    "(place it there with ::: %s %s)",
			    kind, id, kind, id, kind, id);
}

/* ---------- the page ---------- */

static const char css[] =
	":root{color:#000;background:#fff}\n"
	"body{margin:0 auto;max-width:50rem;padding:1rem 1.5rem 3rem;"
	"font:1.05rem/1.5 'DejaVu Serif',Georgia,serif}\n"
	"h1,h2,h3,h4,h5,h6,caption,figcaption,th,nav,.source,.note,table,svg{"
	"font-family:'DejaVu Sans',Arial,sans-serif}\n"
	"h1,h2,h3{color:#003366;line-height:1.25}\n"
	"h1{font-size:1.6rem}h2{font-size:1.3rem}h3{font-size:1.1rem}"
	"h4,h5,h6{font-size:1rem}\n"
	".part.cover{border-bottom:4px solid #003366;margin-bottom:2rem}\n"
	".part.cover>h1:first-child{background:#003366;color:#fff;padding:1.5rem;margin:0 0 1.5rem}\n"
	"blockquote{margin:1rem 0;padding-left:.8rem;border-left:3px solid #c7ccd6;color:#333;"
	"font-family:'DejaVu Sans',Arial,sans-serif;font-size:.9rem}\n"
	".columns{display:grid;gap:1.5rem}\n"
	"@media (max-width:40rem){.columns{display:block}}\n"
	".table{margin:1.2rem 0}\n"
	"table{border-collapse:collapse;font-size:.8rem;margin:.4rem 0}\n"
	"caption{text-align:left;font-weight:bold;font-size:.9rem;padding-bottom:.3rem}\n"
	"th,td{padding:.2rem .4rem;border-bottom:1px solid #c7ccd6;vertical-align:bottom;"
	"overflow-wrap:anywhere;"
	"text-align:left}\n"
	"thead th{background:#dee8f5;border-bottom:2px solid #003366}\n"
	"tbody th{font-weight:normal}\n"
	".num{text-align:right}\n"
	"tr.total th,tr.total td{font-weight:bold;border-top:1.5px solid #000}\n"
	".source,.note{font-size:.75rem;color:#333;margin:.2rem 0}\n"
	"figure{margin:1.5rem 0}\n"
	"figcaption{font-weight:bold;font-size:.9rem}\n"
	"svg.chart{max-width:100%;height:auto;font-size:12px}\n"
	"svg .tick{font-size:11px}svg .axis{font-size:11px;font-weight:bold}\n"
	"table.chart-data{font-size:.75rem}\n"
	".question{margin-bottom:.2rem}\n"
	"ul.options{list-style:none;padding-left:1.2rem;margin-top:0;font-size:.85rem;"
	"font-family:'DejaVu Sans',Arial,sans-serif}\n"
	"ul.options li{display:inline-block;margin-right:1.2rem}\n"
	"ul.options li::before{content:'\\2610\\00a0'}\n"
	".answer{padding-left:1.2rem;font-size:.85rem}\n"
	"nav.contents ul{list-style:none;padding-left:0}\n"
	"nav.contents li.sub{padding-left:1.2rem}\n"
	"nav.contents li.toc-group{font-weight:bold;color:#003366;margin-top:1.2rem}\n"
	"hr.page{border:0;border-top:1px dashed #c7ccd6;margin:2.5rem 0}\n"
	"footer{border-top:1px solid #c7ccd6;margin-top:3rem;font-size:.8rem;color:#333}\n"
	"@media print{\n"
	"@page{size:letter;margin:.9in .8in}\n"
	"body{max-width:none;padding:0;font-size:10.5pt}\n"
	"hr.page{break-after:page;border:0;margin:0}\n"
	".part:not(:first-child){break-before:page}\n"
	".part.cover{border:0}\n"
	".part.cover>h1:first-child,thead th{print-color-adjust:exact;-webkit-print-color-adjust:exact}\n"
	"h1,h2,h3,h4,caption,figcaption{break-after:avoid}\n"
	"thead{display:table-header-group}\n"
	"tr,figure svg,blockquote{break-inside:avoid}\n"
	".table{overflow:visible}\n"
	"a{color:inherit;text-decoration:none}\n"
	"nav.contents a::after{content:leader('.') target-counter(attr(href),page)}\n"
	"}\n";

static void head(struct html *h)
{
	const struct scta_config *cfg = h->in->cfg;
	const char *title = cfg->report.title ? cfg->report.title : "Report";

	put(h, "<!DOCTYPE html>\n<html lang=\"");
	esc(h, cfg->report.language ? cfg->report.language : "en-US");
	put(h, "\">\n<head>\n<meta charset=\"utf-8\">\n"
	       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	esc(h, title);
	put(h, "</title>\n");
	if (cfg->report.author || cfg->report.organization) {
		put(h, "<meta name=\"author\" content=\"");
		esc(h, cfg->report.author ? cfg->report.author : cfg->report.organization);
		put(h, "\">\n");
	}
	putf(h, "<meta name=\"generator\" content=\"scta %s\">\n<style>\n%s</style>\n</head>\n"
	     "<body>\n", SCTA_VERSION, css);
	/* A restricted edition's marking comes first, and last (render_marking). */
	if (render_marking(cfg)) {
		put(h, "<header>\n<p class=\"marking\"><strong>");
		esc(h, render_marking(cfg));
		put(h, "</strong></p>\n</header>\n");
	}
	put(h, "<main>\n");
}

static void foot(struct html *h)
{
	const struct scta_config *cfg = h->in->cfg;
	struct strbuf sb = STRBUF_INIT;

	close_part(h);
	put(h, "</main>\n<footer>\n<p>");
	if (cfg->report.number)
		strbuf_addf(&sb, "%s. ", cfg->report.number);
	strbuf_addf(&sb, "This report is not a product of the U.S. Government Accountability "
		    "Office (GAO). It was prepared by %s in the style of GAO reports; GAO has not "
		    "reviewed or endorsed it.",
		    cfg->report.organization ? cfg->report.organization : "its issuer");
	esc(h, sb.buf);
	put(h, "</p>\n");
	if (render_marking(cfg)) {
		put(h, "<p class=\"marking\"><strong>");
		esc(h, render_marking(cfg));
		put(h, "</strong></p>\n");
	}
	put(h, "</footer>\n</body>\n</html>\n");
	strbuf_release(&sb);
}

/* One walk over the templates: the first pass has h->fp NULL. */
static int walk(struct html *h, const char *tpl)
{
	struct tpl_refs refs;
	int rc;

	h->at = 0;
	h->part = PART_BODY;
	h->part_open = 0;
	h->tag_level = 0;
	h->depth = h->quote = h->columns = 0;
	h->ev_file = NULL;
	refs.lookup = lookup_ref;
	refs.ctx = h;
	if (h->fp)
		head(h);
	rc = template_render(tpl, h->in, &refs, on_event, h, h->err);
	h->ev_file = NULL;
	if (!rc && h->fp)
		foot(h);
	if (!rc && h->fp && h->at != h->n)
		rc = scta_err_set(h->err, SCTA_ERR_RUNTIME,
				  "the two passes over the templates differ");
	return rc;
}

int html_write(const struct render_input *in, const char *path, struct scta_err *err)
{
	struct html h;
	char *tpl = NULL, *buf = NULL;
	size_t i;
	int rc;

	memset(&h, 0, sizeof h);
	h.in = in;
	h.err = err;
	strbuf_init(&h.sb);
	strbuf_init(&h.tmp);
	if (!in->cfg->templates_dir) {
		rc = scta_err_set(err, SCTA_ERR_CONFIG, "no templates directory configured");
		goto out;
	}
	tpl = fs_resolve(in->cfg->templates_dir, "report.md");
	if ((rc = walk(&h, tpl)))
		goto out;
	h.fp = fopen(path, "wb");
	if (!h.fp) {
		rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: cannot create: %s", path,
				  strerror(errno));
		goto out;
	}
	buf = xmalloc(1 << 16);
	setvbuf(h.fp, buf, _IOFBF, 1 << 16);
	rc = walk(&h, tpl);
	errno = 0;
	if (!rc && ferror(h.fp))
		rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: cannot write: %s", path,
				  errno ? strerror(errno) : "input/output error");
out:
	if (h.fp && fclose(h.fp) && !rc)
		rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: cannot write: %s", path,
				  strerror(errno));
	free(buf);
	for (i = 0; i < h.n; i++)
		free(h.v[i].text);
	free(h.v);
	strbuf_release(&h.sb);
	strbuf_release(&h.tmp);
	free(tpl);
	return rc;
}
