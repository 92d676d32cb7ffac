/*
 * pdf_layout.c - pages, frames and text for the PDF report.
 *
 * The template events (template.c) arrive one block at a time and are put
 * on pages at once: a frame (the page's text column, or one of two columns)
 * is filled from the top; what does not fit goes to the next frame. A
 * heading is held back until the block after it arrives, so that it moves
 * to the next page together with the first lines of that block rather than
 * stand alone at a page bottom; tables and figures keep their caption with
 * their first rows the same way.
 *
 * Page numbers are known only once the pages are laid out, so the writer
 * runs this whole layout more than once (pdf.c): every pass records where
 * headings, tables and figures fell (struct pdf_toc), and ::: contents
 * prints what the previous pass recorded. Front matter is numbered in
 * roman numerals and the body from 1, so a longer contents moves no body
 * page number.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "render/content.h"
#include "render/pdf_int.h"
#include "render/render.h"
#include "render/template.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/utf8.h"

#define PAGE_W 612.0
#define PAGE_H 792.0
#define MARGIN 72.0
#define TOP (PAGE_H - MARGIN)
#define BOTTOM PDF_BOTTOM
#define TEXT_W (PAGE_W - 2 * MARGIN)
#define COLUMN_GAP 20.0
#define LIST_INDENT 18.0
#define QUOTE_INDENT 14.0

const struct pdf_rgb pdf_black = { 0, 0, 0 };
const struct pdf_rgb pdf_navy = { 0.0, 0.20, 0.40 };
const struct pdf_rgb pdf_blue = { 0.16, 0.40, 0.66 };
const struct pdf_rgb pdf_gray = { 0.30, 0.30, 0.30 };
const struct pdf_rgb pdf_light = { 0.55, 0.55, 0.55 };
const struct pdf_rgb pdf_rule = { 0.78, 0.80, 0.84 };
const struct pdf_rgb pdf_white = { 1, 1, 1 };
const struct pdf_rgb pdf_head_fill = { 0.87, 0.91, 0.96 };

enum family { FAM_SERIF, FAM_SANS };

struct style {
	enum family fam;
	int bold;
	double size;
	double before, after;
	struct pdf_rgb color;
	int caps;
	int band;                /* white text on a navy band (cover) */
};

/* ---------- errors ---------- */

int pdf_fail(struct pdf_layout *pl, const char *fmt, ...)
{
	char msg[900];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (pl->ev_file)
		return scta_err_set(pl->err, SCTA_ERR_CONFIG, "%s:%d: %s", pl->ev_file, pl->ev_line,
				    msg);
	return scta_err_set(pl->err, SCTA_ERR_CONFIG, "%s", msg);
}

int pdf_check(struct pdf_layout *pl)
{
	struct scta_err e = SCTA_ERR_INIT;

	if (!pdf_gfx_error(pl->g, &e))
		return 0;
	if (pl->ev_file)
		return scta_err_set(pl->err, e.code, "%s:%d: %s", pl->ev_file, pl->ev_line, e.msg);
	return scta_err_set(pl->err, e.code, "%s", e.msg);
}

/* ---------- contents records ---------- */

void pdf_toc_release(struct pdf_toc *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->n; i++) {
		free(t->v[i].text);
		free(t->v[i].id);
	}
	free(t->v);
	for (i = 0; i < t->ndetail_w; i++)
		free(t->detail_w[i]);
	free(t->detail_w);
	memset(t, 0, sizeof *t);
}

int pdf_toc_equal(const struct pdf_toc *a, const struct pdf_toc *b)
{
	size_t i;

	if (a->n != b->n || a->pages != b->pages)
		return 0;
	for (i = 0; i < a->n; i++) {
		const struct pdf_toc_entry *x = &a->v[i], *y = &b->v[i];

		if (x->kind != y->kind || x->level != y->level || x->page != y->page ||
		    x->number != y->number ||
		    x->y != y->y || strcmp(x->text, y->text) || strcmp(x->label, y->label))
			return 0;
	}
	return 1;
}

void pdf_toc_add(struct pdf_layout *pl, enum pdf_toc_kind kind, int level, const char *text,
		 const char *id, int number, double y)
{
	struct pdf_toc_entry *e;

	XGROW(pl->toc.v, pl->toc.cap, pl->toc.n + 1);
	e = &pl->toc.v[pl->toc.n++];
	e->kind = kind;
	e->level = level;
	e->body = pl->part == PDF_PART_BODY;
	e->text = xstrdup(text);
	e->id = xstrdup(id);
	e->number = number;
	snprintf(e->label, sizeof e->label, "%s", pl->label);
	e->page = pl->page;
	e->y = y;
}

/* ---------- small text helpers ---------- */

double pdf_lead(double size)
{
	return size * 1.32;
}

double pdf_baseline(double top, double size)
{
	return top - 0.16 * size - 0.8 * size;
}

static void roman(int n, char *buf, size_t size)
{
	static const struct {
		int v;
		const char *s;
	} r[] = { { 1000, "m" }, { 900, "cm" }, { 500, "d" }, { 400, "cd" }, { 100, "c" },
		  { 90, "xc" }, { 50, "l" }, { 40, "xl" }, { 10, "x" }, { 9, "ix" },
		  { 5, "v" }, { 4, "iv" }, { 1, "i" } };
	size_t i, o = 0;

	buf[0] = 0;
	for (i = 0; i < sizeof r / sizeof r[0]; i++)
		while (n >= r[i].v && o + strlen(r[i].s) < size) {
			memcpy(buf + o, r[i].s, strlen(r[i].s) + 1);
			o += strlen(r[i].s);
			n -= r[i].v;
		}
}

static uint32_t upper_cp(uint32_t c)
{
	if (c >= 'a' && c <= 'z')
		return c - 32;
	if ((c >= 0xE0 && c <= 0xFE && c != 0xF7))
		return c - 32;
	if (c == 0xFF)
		return 0x178;
	if (c >= 0x100 && c <= 0x17F) {
		if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
			return (c & 1) ? c : c - 1;
		if (c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17F)
			return c;
		return (c & 1) ? c - 1 : c;
	}
	if (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2)
		return c - 32;
	if (c >= 0x430 && c <= 0x44F)
		return c - 32;
	if (c >= 0x450 && c <= 0x45F)
		return c - 80;
	return c;
}

static void pdf_caps(const char *s, struct strbuf *out)
{
	const char *end = s + strlen(s);
	char buf[4];

	while (s < end) {
		uint32_t c = upper_cp(utf8_next(&s, end));

		strbuf_add(out, buf, utf8_encode(c, buf));
	}
}

const char *pdf_cell_text(const struct cell *c, char *buf, size_t size)
{
	return content_cell_text(c, buf, size);
}

/* ---------- wrapping ---------- */

static int is_cjk_cp(uint32_t cp)
{
	return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
	       (cp >= 0x20000 && cp <= 0x3FFFF);
}

static struct pdf_item *push_item(struct pdf_wrap *wr, int type, enum pdf_font f, double size,
				  const char *s, size_t len, double w)
{
	struct pdf_item *it;

	XGROW(wr->items, wr->capi, wr->nitems + 1);
	it = &wr->items[wr->nitems++];
	it->type = (unsigned char)type;
	it->font = (unsigned char)f;
	it->size = (float)size;
	it->s = s;
	it->len = len;
	it->w = w;
	return it;
}

/* A word, cut into boxes with break chances between CJK characters and after
 * hyphens, and into pieces that fit when it is wider than a whole line. */
static void push_word(struct pdf_layout *pl, struct pdf_wrap *wr, enum pdf_font f, double size,
		      const char *s, size_t len, double maxw)
{
	const char *p = s, *end = s + len, *seg = s;

	while (p < end) {
		const char *q = p;
		uint32_t cp = utf8_next(&q, end);
		int cut = 0;

		if (is_cjk_cp(cp)) {
			/* break before and after a CJK character */
			if (p > seg) {
				push_word(pl, wr, f, size, seg, (size_t)(p - seg), maxw);
				push_item(wr, PDF_ITEM_BREAK, f, size, p, 0, 0);
			}
			push_item(wr, PDF_ITEM_BOX, f, size, p, (size_t)(q - p),
				  pdf_gfx_width(pl->g, f, size, p, (size_t)(q - p)));
			if (q < end)
				push_item(wr, PDF_ITEM_BREAK, f, size, q, 0, 0);
			seg = q;
		} else if ((cp == '-' || cp == '/' || cp == 0x2013) && q < end && q - s > 1) {
			cut = 1;
		}
		p = q;
		if (cut) {
			push_word(pl, wr, f, size, seg, (size_t)(p - seg), maxw);
			push_item(wr, PDF_ITEM_BREAK, f, size, p, 0, 0);
			seg = p;
		}
	}
	if (seg == s && p == end) {
		double w = pdf_gfx_width(pl->g, f, size, s, len);

		if (w <= maxw || len <= 1) {
			push_item(wr, PDF_ITEM_BOX, f, size, s, len, w);
			return;
		}
		/* too wide for any line: cut between characters */
		p = s;
		while (p < end) {
			const char *q = p, *last = p;
			double cw = 0;

			while (q < end) {
				const char *r = q;
				double ch;

				utf8_next(&r, end);
				ch = pdf_gfx_width(pl->g, f, size, q, (size_t)(r - q));
				if (cw + ch > maxw && q > p)
					break;
				cw += ch;
				q = r;
				last = q;
			}
			push_item(wr, PDF_ITEM_BOX, f, size, p, (size_t)(last - p), cw);
			if (last < end)
				push_item(wr, PDF_ITEM_BREAK, f, size, last, 0, 0);
			p = last;
		}
		return;
	}
	if (seg < end)
		push_word(pl, wr, f, size, seg, (size_t)(end - seg), maxw);
}

static void end_line(struct pdf_wrap *wr, size_t first, size_t stop, double width, double size)
{
	struct pdf_line *ln;
	size_t n = stop - first, i;

	while (n && wr->items[first + n - 1].type != PDF_ITEM_BOX) {
		width -= wr->items[first + n - 1].w;
		n--;
	}
	XGROW(wr->lines, wr->capl, wr->nlines + 1);
	ln = &wr->lines[wr->nlines++];
	ln->first = first;
	ln->n = n;
	ln->width = width < 0 ? 0 : width;
	ln->size = size;
	for (i = first; i < first + n; i++)
		if (wr->items[i].size > ln->size)
			ln->size = wr->items[i].size;
}

/* Break wr->items from item `from` on into lines of at most maxw (after any
 * lines already made): greedy, each line up to its last break chance. */
static void break_lines(struct pdf_wrap *wr, size_t from, double maxw)
{
	size_t i, start, brk;
	double width, wbrk;
	int have_box, have_brk;

	i = start = from;
	width = wbrk = 0;
	brk = 0;
	have_box = have_brk = 0;
	while (i < wr->nitems) {
		const struct pdf_item *it = &wr->items[i];

		if (it->type == PDF_ITEM_NEWLINE) {
			end_line(wr, start, i, width, it->size);
			start = ++i;
			width = 0;
			have_box = have_brk = 0;
			continue;
		}
		if (it->type != PDF_ITEM_BOX) {
			if (!have_box) {
				start = ++i;   /* no space or break at a line start */
				continue;
			}
			brk = i;
			wbrk = width;
			have_brk = 1;
			width += it->w;
			i++;
			continue;
		}
		if (have_box && width + it->w > maxw + 0.01 && have_brk) {
			end_line(wr, start, brk, wbrk, wr->base);
			start = i = brk + 1;
			width = 0;
			have_box = have_brk = 0;
			continue;
		}
		width += it->w;
		have_box = 1;
		i++;
	}
	if (have_box || !wr->nlines)
		end_line(wr, start, wr->nitems, width, wr->base);
}

static void pdf_wrap_runs(struct pdf_layout *pl, struct pdf_wrap *wr, const struct pdf_run *runs,
		   size_t nruns, double maxw)
{
	size_t r;

	wr->nitems = wr->nlines = 0;
	wr->base = nruns ? runs[0].size : 10;
	for (r = 0; r < nruns; r++) {
		const char *p = runs[r].s, *end = p + runs[r].len;
		enum pdf_font f = runs[r].font;
		double size = runs[r].size;

		while (p < end) {
			if (*p == '\n') {
				push_item(wr, PDF_ITEM_NEWLINE, f, size, p, 0, 0);
				p++;
			} else if (*p == ' ') {
				/* spaces are kept as written (md4c collapses a template's) */
				const char *q = p;

				while (q < end && *q == ' ')
					q++;
				push_item(wr, PDF_ITEM_GLUE, f, size, p, (size_t)(q - p),
					  pdf_gfx_width(pl->g, f, size, p, (size_t)(q - p)));
				p = q;
			} else if (*p == '\t') {
				/* a tab is a space's width of glue, never drawn itself */
				push_item(wr, PDF_ITEM_GLUE, f, size, p, 0,
					  pdf_gfx_width(pl->g, f, size, " ", 1));
				p++;
			} else {
				const char *q = p;

				while (q < end && *q != ' ' && *q != '\t' && *q != '\n')
					q++;
				push_word(pl, wr, f, size, p, (size_t)(q - p), maxw);
				p = q;
			}
		}
	}
	break_lines(wr, 0, maxw);
}

size_t pdf_wrap_plain(struct pdf_layout *pl, enum pdf_font f, double size, const char *s,
		      double maxw, struct pdf_sub **lines, size_t *cap)
{
	struct pdf_run run;
	struct pdf_wrap *wr = &pl->pwrap;
	size_t i, n = 0;

	run.s = s;
	run.len = strlen(s);
	run.font = f;
	run.size = size;
	pdf_wrap_runs(pl, wr, &run, 1, maxw);
	XGROW(*lines, *cap, wr->nlines + 1);
	for (i = 0; i < wr->nlines; i++) {
		const struct pdf_line *ln = &wr->lines[i];
		struct pdf_sub *sub = &(*lines)[n++];

		if (!ln->n) {
			sub->s = s;
			sub->len = 0;
			sub->w = 0;
			continue;
		}
		sub->s = wr->items[ln->first].s;
		sub->len = (size_t)(wr->items[ln->first + ln->n - 1].s +
				    wr->items[ln->first + ln->n - 1].len - sub->s);
		sub->w = ln->width;
	}
	return n;
}

static void pdf_draw_line(struct pdf_layout *pl, const struct pdf_wrap *wr, const struct pdf_line *ln,
		   double x, double baseline, const struct pdf_rgb *color)
{
	size_t i = ln->first, end = ln->first + ln->n;

	while (i < end) {
		const struct pdf_item *a = &wr->items[i];
		const char *s = a->s;
		double w = 0;
		size_t j = i, len = 0;

		/* one text call for neighbours in the same font that touch in the source */
		while (j < end && wr->items[j].font == a->font && wr->items[j].size == a->size &&
		       wr->items[j].s == s + len) {
			len += wr->items[j].len;
			w += wr->items[j].w;
			j++;
		}
		if (j == i) {
			w = a->w;
			j = i + 1;
		} else if (a->type == PDF_ITEM_BOX || len) {
			pdf_gfx_text(pl->g, (enum pdf_font)a->font, a->size, x, baseline, s, len,
				     color);
		}
		x += w;
		i = j;
	}
	/* The space the line was broken at is drawn after its end (unseen), so
	 * that copied text and the structure tree keep the words apart. */
	if (end < wr->nitems && end > ln->first &&
	    (wr->items[end].type == PDF_ITEM_GLUE || wr->items[end].type == PDF_ITEM_NEWLINE)) {
		const struct pdf_item *last = &wr->items[end - 1];

		pdf_gfx_text(pl->g, (enum pdf_font)last->font, last->size, x, baseline, " ", 1,
			     color);
	}
}

/* ---------- pages and frames ---------- */

double pdf_frame_height(const struct pdf_layout *pl)
{
	return (pl->ncols > 1 ? pl->col_top : TOP) - BOTTOM;
}

/*
 * A restricted edition's marking, centred in the page's header and below
 * its footer, on every page including the cover (white there on the
 * cover's band). Artifacts, like the running footer: the cover says it in
 * its text (cover.md), where a screen reader reads it once.
 */
static void draw_marking(struct pdf_layout *pl)
{
	const double size = 9;
	size_t len;
	double w;
	enum pdf_artifact was;

	if (!pl->marking)
		return;
	len = strlen(pl->marking);
	w = pdf_gfx_width(pl->g, PDF_SANS_BOLD, size, pl->marking, len);
	was = pdf_gfx_artifact(pl->g, PDF_ART_HEADER);
	pdf_gfx_text(pl->g, PDF_SANS_BOLD, size, (PAGE_W - w) / 2, PAGE_H - 40, pl->marking, len,
		     pl->page_band ? &pdf_white : &pdf_black);
	pdf_gfx_artifact(pl->g, PDF_ART_FOOTER);
	pdf_gfx_text(pl->g, PDF_SANS_BOLD, size, (PAGE_W - w) / 2, 24, pl->marking, len,
		     &pdf_black);
	pdf_gfx_artifact(pl->g, was);
}

static void draw_footer(struct pdf_layout *pl)
{
	char left[32];
	const double size = 8, base = 40;
	double w;

	enum pdf_artifact was;

	draw_marking(pl);
	if (pl->part == PDF_PART_COVER)
		return;
	/* the running footer and page number are no part of the text */
	was = pdf_gfx_artifact(pl->g, PDF_ART_FOOTER);
	snprintf(left, sizeof left, "Page %s", pl->label);
	pdf_gfx_line(pl->g, MARGIN, 52, PAGE_W - MARGIN, 52, 0.5, &pdf_rule);
	pdf_gfx_text(pl->g, PDF_SANS, size, MARGIN, base, left, strlen(left), &pdf_black);
	w = pdf_gfx_width(pl->g, PDF_SANS, size, pl->footer_right, strlen(pl->footer_right));
	pdf_gfx_text(pl->g, PDF_SANS, size, PAGE_W - MARGIN - w, base, pl->footer_right,
		     strlen(pl->footer_right), &pdf_black);
	pdf_gfx_artifact(pl->g, was);
}

/* The footer is drawn last, so that it also comes last in reading order. */
static void close_page(struct pdf_layout *pl)
{
	if (!pl->page_open)
		return;
	draw_footer(pl);
	pl->page_open = 0;
}

static void set_columns_frame(struct pdf_layout *pl)
{
	pl->x = pl->colx[pl->col];
	pl->w = pl->colw[pl->col];
	pl->y = pl->col_top;
	pl->frame_used = 0;
}

int pdf_open_page(struct pdf_layout *pl)
{
	if (pl->page_open)
		return 0;
	if (pl->part == PDF_PART_NONE)
		pl->part = PDF_PART_BODY;
	pl->page = pl->toc.pages++;
	pl->page_band = 0;
	if (pl->drawing && pdf_gfx_add_page(pl->g) != pl->page)
		return pdf_check(pl) ? pl->err->code : pdf_fail(pl, "cannot add page %d", pl->page + 1);
	switch (pl->part) {
	case PDF_PART_FRONT:
		roman(++pl->front_no, pl->label, sizeof pl->label);
		break;
	case PDF_PART_BODY:
		snprintf(pl->label, sizeof pl->label, "%d", ++pl->body_no);
		break;
	default:
		pl->label[0] = 0;
	}
	pl->page_open = 1;
	if (pl->ncols > 1) {
		pl->col = 0;
		pl->col_top = TOP;
		pl->col_low = TOP;
		set_columns_frame(pl);
	} else {
		pl->x = MARGIN;
		pl->w = TEXT_W;
		pl->y = TOP;
		pl->frame_used = 0;
	}
	return pdf_check(pl);
}

int pdf_next_frame(struct pdf_layout *pl)
{
	if (pl->page_open && pl->ncols > 1 && pl->col + 1 < pl->ncols) {
		if (pl->y < pl->col_low)
			pl->col_low = pl->y;
		pl->col++;
		set_columns_frame(pl);
		return 0;
	}
	close_page(pl);
	return pdf_open_page(pl);
}

static int pdf_ensure(struct pdf_layout *pl, double h)
{
	int rc = pdf_open_page(pl);

	if (rc)
		return rc;
	if (pl->y - h < BOTTOM && pl->frame_used)
		return pdf_next_frame(pl);
	return 0;
}

/* ---------- styles ---------- */

static enum pdf_font font_for(enum family fam, int bold, int italic, int code)
{
	if (code || fam == FAM_SANS) {
		if (bold)
			return italic ? PDF_SANS_BOLD_ITALIC : PDF_SANS_BOLD;
		return italic ? PDF_SANS_ITALIC : PDF_SANS;
	}
	if (bold)
		return italic ? PDF_SERIF_BOLD_ITALIC : PDF_SERIF_BOLD;
	return italic ? PDF_SERIF_ITALIC : PDF_SERIF;
}

static void heading_style(const struct pdf_layout *pl, int level, struct style *st)
{
	memset(st, 0, sizeof *st);
	st->fam = FAM_SANS;
	st->bold = 1;
	st->color = pdf_navy;
	if (pl->part == PDF_PART_COVER) {
		switch (level) {
		case 1:
			st->size = 22;
			st->after = 28;
			st->color = pdf_white;
			st->band = 1;
			break;
		case 2:
			st->size = 14;
			st->before = 30;
			st->after = 8;
			st->caps = 1;
			break;
		case 3:
			st->size = 20;
			st->color = pdf_black;
			st->after = 16;
			break;
		default:
			st->size = 12;
			st->before = 10;
			st->after = 6;
		}
		return;
	}
	if (pl->ncols > 1) {
		st->size = level <= 1 ? 14 : level == 2 ? 12 : 10;
		st->before = level <= 2 ? 10 : 8;
		st->after = 4;
		return;
	}
	switch (level) {
	case 1:
		st->size = 17;
		st->after = 12;
		break;
	case 2:
		st->size = 13;
		st->before = 14;
		st->after = 6;
		break;
	case 3:
		st->size = 11;
		st->before = 10;
		st->after = 4;
		st->color = pdf_black;
		break;
	default:
		st->fam = FAM_SERIF;
		st->size = 10.5;
		st->before = 8;
		st->after = 3;
		st->color = pdf_black;
	}
}

static void text_style(const struct pdf_layout *pl, enum tpl_block block, struct style *st)
{
	memset(st, 0, sizeof *st);
	st->color = pdf_black;
	if (pl->part == PDF_PART_COVER) {
		st->fam = FAM_SANS;
		st->size = block == TPL_QUOTE ? 8.5 : 12;
		st->after = block == TPL_QUOTE ? 4 : 10;
		if (block == TPL_QUOTE)
			st->color = pdf_gray;
		return;
	}
	st->fam = FAM_SERIF;
	st->size = pl->ncols > 1 ? 9 : 10.5;
	st->after = block == TPL_LIST_ITEM ? 4 : pl->ncols > 1 ? 6 : 8;
	if (block == TPL_QUOTE) {
		st->fam = FAM_SANS;
		st->size = pl->ncols > 1 ? 8 : 9;
		st->color = pdf_gray;
	}
}

/* Runs for spans in a style; with caps the text is copied into pl->sb. */
static size_t spans_to_runs(struct pdf_layout *pl, const struct tpl_span *sp, size_t n,
			    const struct style *st, struct pdf_run **runs, size_t *cap)
{
	size_t i, *offs = NULL;

	XGROW(*runs, *cap, n + 1);
	if (st->caps) {
		strbuf_reset(&pl->sb);
		offs = xcalloc(n + 1, sizeof *offs);
		for (i = 0; i < n; i++) {
			char *tmp = xstrndup(sp[i].text, sp[i].len);

			offs[i] = pl->sb.len;
			pdf_caps(tmp, &pl->sb);
			free(tmp);
		}
		offs[n] = pl->sb.len;
	}
	for (i = 0; i < n; i++) {
		struct pdf_run *r = &(*runs)[i];

		r->font = font_for(st->fam, st->bold || sp[i].bold, sp[i].italic, sp[i].code);
		r->size = st->size;
		if (offs) {
			r->s = pl->sb.buf + offs[i];
			r->len = offs[i + 1] - offs[i];
		} else {
			r->s = sp[i].text;
			r->len = sp[i].len;
		}
	}
	free(offs);
	return n;
}

/* ---------- headings ---------- */

static void pending_push(struct pdf_layout *pl, int level, const struct tpl_span *sp, size_t n)
{
	struct pdf_pending *p;
	size_t i, len = 0, off = 0;

	XGROW(pl->pend, pl->cappend, pl->npend + 1);
	p = &pl->pend[pl->npend++];
	p->level = level;
	for (i = 0; i < n; i++)
		len += sp[i].len;
	p->buf = xmalloc(len + 1);
	p->spans = xcalloc(n ? n : 1, sizeof *p->spans);
	p->nspans = n;
	for (i = 0; i < n; i++) {
		memcpy(p->buf + off, sp[i].text, sp[i].len);
		p->spans[i] = sp[i];
		p->spans[i].text = p->buf + off;
		off += sp[i].len;
	}
	p->buf[off] = 0;
}

static void plain_of(const struct pdf_pending *p, struct strbuf *out)
{
	size_t i;
	const char *c;

	strbuf_reset(out);
	for (i = 0; i < p->nspans; i++)
		for (c = p->spans[i].text; c < p->spans[i].text + p->spans[i].len; c++)
			strbuf_addch(out, *c == '\n' ? ' ' : *c);
	strbuf_trim(out);
}

/* Height of a pending heading, leaving its lines in pl->hwrap. */
static double heading_wrap(struct pdf_layout *pl, const struct pdf_pending *p, struct style *st,
			   int at_top)
{
	struct pdf_run *runs = NULL;
	size_t cap = 0, n, i;
	double h = 0;

	heading_style(pl, p->level, st);
	n = spans_to_runs(pl, p->spans, p->nspans, st, &runs, &cap);
	pdf_wrap_runs(pl, &pl->hwrap, runs, n, pl->w);
	free(runs);
	for (i = 0; i < pl->hwrap.nlines; i++)
		h += pdf_lead(pl->hwrap.lines[i].size);
	return (at_top ? 0 : st->before) + h + st->after + (st->band ? 16 : 0);
}

static void heading_draw(struct pdf_layout *pl, const struct pdf_pending *p)
{
	struct strbuf plain = STRBUF_INIT;
	struct style st;
	struct pdf_run *runs = NULL;
	size_t cap = 0, n, i;
	double h;

	h = heading_wrap(pl, p, &st, !pl->frame_used);
	if (pl->frame_used)
		pl->y -= st.before;
	/* heading_wrap reused pl->sb for capitals: wrap again so pointers hold */
	n = spans_to_runs(pl, p->spans, p->nspans, &st, &runs, &cap);
	pdf_wrap_runs(pl, &pl->hwrap, runs, n, pl->w);
	plain_of(p, &plain);
	if (pl->part != PDF_PART_COVER && p->level <= 3) {
		if (pl->part == PDF_PART_BODY || p->level == 1)
			pdf_toc_add(pl, PDF_TOC_HEADING, p->level, plain.buf, NULL, 0, pl->y);
		if (pl->drawing) {
			int parent = -1, lv;

			for (lv = p->level - 1; lv >= 1 && parent < 0; lv--)
				parent = pl->outline_at[lv];
			pl->outline_at[p->level] =
				pdf_gfx_outline(pl->g, parent, plain.buf, pl->page, pl->y + 4);
			for (lv = p->level + 1; lv <= 3; lv++)
				pl->outline_at[lv] = -1;
		}
	}
	if (st.band) {
		double bh = h - st.after;

		/* from the top of the page down to below the heading */
		pdf_gfx_fill_rect(pl->g, 0, pl->y - bh + 8, PAGE_W, PAGE_H - (pl->y - bh + 8),
				  &pdf_navy);
		pl->page_band = 1;
		pl->y -= 8;
	}
	{
		char role[16];

		/* the tree's levels never skip one (H3s right under an H1 are
		 * tagged H2), as assistive technology expects */
		int lv = pl->tag_level;

		while (lv > 0 && pl->tag_src[lv] >= p->level)
			lv--;
		lv = lv < 6 ? lv + 1 : 6;
		pl->tag_src[lv] = p->level;
		pl->tag_level = lv;
		snprintf(role, sizeof role, "H%d", lv);
		pdf_gfx_tag_open(pl->g, role);
	}
	for (i = 0; i < pl->hwrap.nlines; i++) {
		const struct pdf_line *ln = &pl->hwrap.lines[i];
		double lead = pdf_lead(ln->size);

		pdf_draw_line(pl, &pl->hwrap, ln, pl->x, pdf_baseline(pl->y, ln->size), &st.color);
		pl->y -= lead;
	}
	pdf_gfx_tag_close(pl->g);
	pl->y -= st.after;
	pl->frame_used = 1;
	free(runs);
	strbuf_release(&plain);
}

static void pending_clear(struct pdf_layout *pl)
{
	size_t i;

	for (i = 0; i < pl->npend; i++) {
		free(pl->pend[i].buf);
		free(pl->pend[i].spans);
	}
	pl->npend = 0;
}

int pdf_flush_pending(struct pdf_layout *pl, double need_after)
{
	struct style st;
	double h = 0;
	size_t i;
	int rc;

	if (!pl->npend)
		return need_after > 0 ? pdf_ensure(pl, need_after) : 0;
	rc = pdf_open_page(pl);
	if (rc)
		return rc;
	for (i = 0; i < pl->npend; i++)
		h += heading_wrap(pl, &pl->pend[i], &st, i == 0 && !pl->frame_used);
	rc = pdf_ensure(pl, h + need_after);
	for (i = 0; !rc && i < pl->npend; i++) {
		double hi = heading_wrap(pl, &pl->pend[i], &st, !pl->frame_used);

		if (pl->y - hi < BOTTOM && pl->frame_used)
			rc = pdf_next_frame(pl);
		if (!rc)
			heading_draw(pl, &pl->pend[i]);
	}
	pending_clear(pl);
	return rc ? rc : pdf_check(pl);
}

/* ---------- text blocks ---------- */

/*
 * Lists in the structure tree: each level open is an L holding the open
 * item's LI and its LBody (so a deeper list nests in the item's body).
 * Markdown gives items one by one with their level; any other block ends
 * every open list.
 */
void pdf_list_close(struct pdf_layout *pl)
{
	for (; pl->list_depth > 0; pl->list_depth--) {
		pdf_gfx_tag_close(pl->g);   /* LBody */
		pdf_gfx_tag_close(pl->g);   /* LI */
		pdf_gfx_tag_close(pl->g);   /* L */
	}
}

static void list_item_open(struct pdf_layout *pl, int level)
{
	if (level < 1)
		level = 1;
	for (; pl->list_depth > level; pl->list_depth--) {
		pdf_gfx_tag_close(pl->g);
		pdf_gfx_tag_close(pl->g);
		pdf_gfx_tag_close(pl->g);
	}
	if (pl->list_depth == level) {
		pdf_gfx_tag_close(pl->g);   /* the item before, LBody and LI */
		pdf_gfx_tag_close(pl->g);
	}
	while (pl->list_depth < level) {
		pdf_gfx_tag_open(pl->g, "L");
		if (++pl->list_depth < level) {
			/* a level skipped: an empty item to hold the deeper list */
			pdf_gfx_tag_open(pl->g, "LI");
			pdf_gfx_tag_open(pl->g, "LBody");
		}
	}
	pdf_gfx_tag_open(pl->g, "LI");
}

/*
 * Lay out the lines in pl->wrap at indent; marker before the first line.
 * role: the structure element of the text ("P", "LI" for a list item at
 * pl->list_level), opened once pending headings are drawn; NULL: none.
 */
static int place_lines(struct pdf_layout *pl, double indent, const struct style *st,
		       const char *marker, int bar, const char *role)
{
	size_t i, keep = pl->wrap.nlines < 2 ? pl->wrap.nlines : 2;
	double need = 0;
	int rc;

	double w0 = pl->w;

	for (i = 0; i < keep; i++)
		need += pdf_lead(pl->wrap.lines[i].size);
	rc = pdf_flush_pending(pl, need);
	if (rc)
		return rc;
	if (role && pdf_gfx_in_artifact(pl->g))
		role = NULL;
	if (role && !strcmp(role, "LI")) {
		list_item_open(pl, pl->list_level);
		if (!marker)
			pdf_gfx_tag_open(pl->g, "LBody");
	} else if (role) {
		pdf_gfx_tag_open(pl->g, role);
	}
	for (i = 0; i < pl->wrap.nlines; i++) {
		const struct pdf_line *ln = &pl->wrap.lines[i];
		double lead = pdf_lead(ln->size), base;

		if (pl->y - lead < BOTTOM && pl->frame_used) {
			rc = pdf_next_frame(pl);
			if (rc)
				return rc;
		}
		if (pl->w != w0) {
			/* the next frame is a column of another width: re-break the rest */
			size_t from = ln->first;

			pl->wrap.nlines = i;
			break_lines(&pl->wrap, from, pl->w - indent);
			w0 = pl->w;
			ln = &pl->wrap.lines[i];
			lead = pdf_lead(ln->size);
		}
		base = pdf_baseline(pl->y, ln->size);
		if (i == 0 && marker) {
			enum pdf_font mf = font_for(st->fam, 0, 0, 0);
			double mw = pdf_gfx_width(pl->g, mf, st->size, marker, strlen(marker));

			if (role)
				pdf_gfx_tag_open(pl->g, "Lbl");
			pdf_gfx_text(pl->g, mf, st->size, pl->x + indent - 5 - mw, base, marker,
				     strlen(marker), &st->color);
			if (role) {
				pdf_gfx_tag_close(pl->g);
				pdf_gfx_tag_open(pl->g, "LBody");
			}
		}
		if (bar) {
			enum pdf_artifact was = pdf_gfx_artifact(pl->g, PDF_ART_LAYOUT);

			pdf_gfx_line(pl->g, pl->x + indent - 8, pl->y, pl->x + indent - 8,
				     pl->y - lead, 1.5, &pdf_rule);
			pdf_gfx_artifact(pl->g, was);
		}
		pdf_draw_line(pl, &pl->wrap, ln, pl->x + indent, base, &st->color);
		pl->y -= lead;
		pl->frame_used = 1;
	}
	/* a list item's LI and LBody stay open for a deeper list */
	if (role && strcmp(role, "LI"))
		pdf_gfx_tag_close(pl->g);
	pl->y -= st->after;
	return pdf_check(pl);
}

static int text_block(struct pdf_layout *pl, const struct tpl_event *ev)
{
	struct style st;
	struct pdf_run *runs = NULL;
	size_t cap = 0, n;
	double indent = 0;
	char marker[24];
	const char *mk = NULL;
	int rc;

	rc = pdf_open_page(pl);
	if (rc)
		return rc;
	text_style(pl, ev->block, &st);
	if (ev->block == TPL_LIST_ITEM) {
		indent = LIST_INDENT * (ev->level > 0 ? ev->level : 1);
		if (ev->number > 0) {
			snprintf(marker, sizeof marker, "%d.", ev->number);
			mk = marker;
		} else if (ev->number == 0) {
			mk = "\xE2\x80\xA2";
		}
		pl->list_level = ev->level > 0 ? ev->level : 1;
	} else if (ev->block == TPL_QUOTE) {
		indent = QUOTE_INDENT * ev->level;
	}
	n = spans_to_runs(pl, ev->spans, ev->nspans, &st, &runs, &cap);
	pdf_wrap_runs(pl, &pl->wrap, runs, n, pl->w - indent);
	rc = place_lines(pl, indent, &st, mk, ev->block == TPL_QUOTE,
			 ev->block == TPL_LIST_ITEM ? "LI" : "P");
	free(runs);
	return rc;
}

int pdf_paragraph_plain(struct pdf_layout *pl, const char *s, enum pdf_font f, double size,
			double indent, const struct pdf_rgb *color, double after)
{
	struct pdf_run run;
	struct style st;
	int rc = pdf_open_page(pl);

	if (rc)
		return rc;
	memset(&st, 0, sizeof st);
	st.size = size;
	st.after = after;
	st.color = *color;
	run.s = s;
	run.len = strlen(s);
	run.font = f;
	run.size = size;
	pdf_wrap_runs(pl, &pl->wrap, &run, 1, pl->w - indent);
	return place_lines(pl, indent, &st, NULL, 0, "P");
}

/* ---------- captions, sources, notes ---------- */

int pdf_caption(struct pdf_layout *pl, const char *text)
{
	size_t i;
	struct pdf_run run;

	run.s = text;
	run.len = strlen(text);
	run.font = PDF_SANS_BOLD;
	run.size = 9.5;
	pdf_wrap_runs(pl, &pl->wrap, &run, 1, pl->w);
	for (i = 0; i < pl->wrap.nlines; i++) {
		pdf_draw_line(pl, &pl->wrap, &pl->wrap.lines[i], pl->x,
			      pdf_baseline(pl->y, run.size), &pdf_black);
		pl->y -= pdf_lead(run.size);
	}
	pl->y -= 3;
	pl->frame_used = 1;
	return pdf_check(pl);
}

#define NOTE_SIZE 7.5

double pdf_source_notes_height(struct pdf_layout *pl, const struct table *t,
			       const char *extra_note)
{
	struct strbuf src = STRBUF_INIT, note = STRBUF_INIT;
	struct pdf_sub *lines = NULL;
	size_t cap = 0, n;

	content_table_notes(pl->in, t, extra_note, &src, &note);
	n = pdf_wrap_plain(pl, PDF_SANS, NOTE_SIZE, src.buf, pl->w, &lines, &cap);
	if (note.len)
		n += pdf_wrap_plain(pl, PDF_SANS, NOTE_SIZE, note.buf, pl->w, &lines, &cap);
	free(lines);
	strbuf_release(&src);
	strbuf_release(&note);
	return 3 + (double)n * pdf_lead(NOTE_SIZE);
}

int pdf_source_notes(struct pdf_layout *pl, const struct table *t, const char *extra_note)
{
	struct strbuf src = STRBUF_INIT, note = STRBUF_INIT;
	int rc;

	content_table_notes(pl->in, t, extra_note, &src, &note);
	pl->y -= 3;
	rc = pdf_paragraph_plain(pl, src.buf, PDF_SANS, NOTE_SIZE, 0, &pdf_gray,
				 note.len ? 1 : 14);
	if (!rc && note.len)
		rc = pdf_paragraph_plain(pl, note.buf, PDF_SANS, NOTE_SIZE, 0, &pdf_gray, 14);
	strbuf_release(&src);
	strbuf_release(&note);
	return rc;
}

/* ---------- directives ---------- */

static int do_part(struct pdf_layout *pl, const char *arg)
{
	int rc = pdf_flush_pending(pl, 0);

	if (rc)
		return rc;
	close_page(pl);
	pl->ncols = 1;
	if (!strcmp(arg, "cover"))
		pl->part = PDF_PART_COVER;
	else if (!strcmp(arg, "front"))
		pl->part = PDF_PART_FRONT;
	else
		pl->part = PDF_PART_BODY;
	return 0;
}

static int do_pagebreak(struct pdf_layout *pl)
{
	int rc;

	if (pl->npend) {
		rc = pdf_flush_pending(pl, 0);
		if (rc)
			return rc;
	}
	if (pl->page_open && (pl->frame_used || pl->col > 0))
		close_page(pl);
	return 0;
}

static int do_columns(struct pdf_layout *pl, const char *arg)
{
	int64_t a = 1, b = 1;
	double avail = TEXT_W - COLUMN_GAP;
	int rc;

	if (pl->ncols > 1)
		return pdf_fail(pl, "::: columns inside columns (end them with ::: endcolumns)");
	if (*arg) {
		const char *colon = strchr(arg, ':');
		char left[16];

		if (!colon || (size_t)(colon - arg) >= sizeof left)
			return pdf_fail(pl, "::: columns: expected A:B (got '%s')", arg);
		memcpy(left, arg, (size_t)(colon - arg));
		left[colon - arg] = 0;
		if (text_int(left, 1, 20, &a) || text_int(colon + 1, 1, 20, &b))
			return pdf_fail(pl, "::: columns: expected A:B (got '%s')", arg);
	}
	rc = pdf_flush_pending(pl, 60);
	if (rc)
		return rc;
	pl->ncols = 2;
	pl->col = 0;
	pl->colw[0] = avail * (double)a / (double)(a + b);
	pl->colw[1] = avail - pl->colw[0];
	pl->colx[0] = MARGIN;
	pl->colx[1] = MARGIN + pl->colw[0] + COLUMN_GAP;
	pl->col_top = pl->y;
	pl->col_low = pl->y;
	set_columns_frame(pl);
	return 0;
}

static int do_column(struct pdf_layout *pl)
{
	int rc;

	if (pl->ncols < 2)
		return pdf_fail(pl, "::: column outside ::: columns");
	rc = pdf_flush_pending(pl, 0);
	if (rc)
		return rc;
	if (pl->y < pl->col_low)
		pl->col_low = pl->y;
	if (pl->col + 1 < pl->ncols) {
		pl->col++;
		set_columns_frame(pl);
		return 0;
	}
	close_page(pl);
	return pdf_open_page(pl);
}

static int do_endcolumns(struct pdf_layout *pl)
{
	int rc;

	if (pl->ncols < 2)
		return pdf_fail(pl, "::: endcolumns without ::: columns");
	rc = pdf_flush_pending(pl, 0);
	if (rc)
		return rc;
	if (pl->y < pl->col_low)
		pl->col_low = pl->y;
	pl->ncols = 1;
	pl->col = 0;
	pl->x = MARGIN;
	pl->w = TEXT_W;
	pl->y = pl->col_low;
	return 0;
}

/* One line of the contents: text, dot leaders, page number, and a link. */
static int contents_entry(struct pdf_layout *pl, const struct pdf_toc_entry *e, double indent,
			  enum pdf_font f)
{
	const double size = 10, numw = 30;
	struct pdf_sub *lines = NULL;
	size_t cap = 0, n, i;
	double lead = pdf_lead(size), top, lw, dotw, x;
	enum pdf_artifact was;
	int rc;

	n = pdf_wrap_plain(pl, f, size, e->text, pl->w - indent - numw - 12, &lines, &cap);
	rc = pdf_ensure(pl, lead * (double)n + 3);
	if (rc)
		goto out;
	pdf_gfx_tag_open(pl->g, "TOCI");
	top = pl->y;
	for (i = 0; i < n; i++) {
		double base = pdf_baseline(pl->y, size);

		pdf_gfx_text(pl->g, f, size, pl->x + indent, base, lines[i].s, lines[i].len,
			     &pdf_black);
		if (i + 1 == n) {
			/* unseen, so that the entry reads "Letter 1", not "Letter1" */
			pdf_gfx_text(pl->g, f, size, pl->x + indent + lines[i].w, base, " ", 1,
				     &pdf_black);
			lw = pdf_gfx_width(pl->g, PDF_SANS, size, e->label, strlen(e->label));
			pdf_gfx_text(pl->g, PDF_SANS, size, pl->x + pl->w - lw, base, e->label,
				     strlen(e->label), &pdf_black);
			dotw = pdf_gfx_width(pl->g, PDF_SANS, size, " .", 2);
			was = pdf_gfx_artifact(pl->g, PDF_ART_LAYOUT);   /* dot leaders */
			for (x = pl->x + indent + lines[i].w + 6; x + dotw < pl->x + pl->w - numw;
			     x += dotw)
				pdf_gfx_text(pl->g, PDF_SANS, size, x, base, " .", 2, &pdf_light);
			pdf_gfx_artifact(pl->g, was);
		}
		pl->y -= lead;
	}
	if (pl->drawing)
		pdf_gfx_link(pl->g, pl->page, pl->x, pl->y, pl->w, top - pl->y, e->page, e->y + 4);
	pdf_gfx_tag_close(pl->g);
	pl->y -= 3;
	pl->frame_used = 1;
out:
	free(lines);
	return rc ? rc : pdf_check(pl);
}

/* The blocks content.c makes, laid out as the PDF's template blocks are. */
static int pdf_content(void *ctx, const struct content_block *b, struct scta_err *err)
{
	struct pdf_layout *pl = ctx;
	struct strbuf sb = STRBUF_INIT;
	struct tpl_event ev;
	struct style st;
	struct pdf_run *runs = NULL;
	size_t cap = 0, n, k;
	int rc = 0;

	(void)err;
	memset(&ev, 0, sizeof ev);
	ev.spans = b->spans;
	ev.nspans = b->nspans;
	ev.level = b->level;
	ev.number = b->number;
	switch (b->kind) {
	case CONTENT_HEADING:
		pending_push(pl, b->level, b->spans, b->nspans);
		break;
	case CONTENT_PARAGRAPH:
	case CONTENT_ITEM:
	case CONTENT_QUOTE:
		ev.block = b->kind == CONTENT_ITEM ? TPL_LIST_ITEM :
			   b->kind == CONTENT_QUOTE ? TPL_QUOTE : TPL_PARAGRAPH;
		rc = text_block(pl, &ev);
		break;
	case CONTENT_LIST_END:
		pdf_list_close(pl);
		pl->y -= 4;
		break;
	case CONTENT_QUESTION:
		/* the paragraph's style, with the answers close below it */
		text_style(pl, TPL_PARAGRAPH, &st);
		n = spans_to_runs(pl, b->spans, b->nspans, &st, &runs, &cap);
		pdf_wrap_runs(pl, &pl->wrap, runs, n, pl->w);
		st.after = 2;
		rc = place_lines(pl, 0, &st, NULL, 0, "P");
		break;
	case CONTENT_OPTIONS:
		for (k = 0; k < b->noptions; k++)
			strbuf_addf(&sb, "%s\xE2\x98\x90 %s", k ? "     " : "", b->options[k]);
		if (b->answer)
			strbuf_addf(&sb, "Answer: %s%s", b->answer, b->blank ? " ______" : "");
		rc = pdf_paragraph_plain(pl, sb.buf, PDF_SANS, 8.5, LIST_INDENT, &pdf_gray, 8);
		break;
	case CONTENT_TABLE:
		rc = pdf_table(pl, b->table);
		break;
	case CONTENT_TOC_GROUP:
		/* a contents list of its own, under a heading that is no entry */
		pdf_gfx_tag_close(pl->g);
		rc = pdf_ensure(pl, 40);
		if (!rc) {
			pl->y -= 10;
			strbuf_add(&sb, b->spans[0].text, b->spans[0].len);
			rc = pdf_paragraph_plain(pl, sb.buf, PDF_SANS_BOLD, 11, 0, &pdf_navy, 4);
		}
		pdf_gfx_tag_open(pl->g, "TOC");
		break;
	case CONTENT_TOC_ENTRY: {
		const struct pdf_toc_entry *e = &pl->prev->v[b->entry];

		if (e->kind == PDF_TOC_HEADING)
			rc = contents_entry(pl, e, e->level == 1 ? 0 : 14,
					    e->level == 1 ? PDF_SANS_BOLD : PDF_SANS);
		else
			rc = contents_entry(pl, e, 0, PDF_SANS);
		break;
	}
	}
	free(runs);
	strbuf_release(&sb);
	return rc ? rc : pdf_check(pl);
}

static int do_contents(struct pdf_layout *pl)
{
	const struct pdf_toc *t = pl->prev;
	struct content_entry *entries = NULL;
	struct content_sink sink = { pdf_content, pl };
	size_t i, n = t ? t->n : 0;
	int rc = pdf_flush_pending(pl, 20);

	entries = xcalloc(n ? n : 1, sizeof *entries);
	for (i = 0; i < n; i++) {
		entries[i].kind = t->v[i].kind == PDF_TOC_TABLE	   ? CONTENT_ENTRY_TABLE
				  : t->v[i].kind == PDF_TOC_FIGURE ? CONTENT_ENTRY_FIGURE
								   : CONTENT_ENTRY_HEADING;
		entries[i].level = t->v[i].level;
		entries[i].body = t->v[i].body;
	}
	pdf_gfx_tag_open(pl->g, "TOC");
	if (!rc)
		rc = content_contents(entries, n, &sink, pl->err);
	pdf_gfx_tag_close(pl->g);
	free(entries);
	return rc;
}

/* A letter's addressees ([report] addressee_N), one line each, as a letter sets them. */
static int do_addressees(struct pdf_layout *pl)
{
	const struct scta_config *cfg = pl->in->cfg;
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < cfg->report.naddressees; i++)
		rc = pdf_paragraph_plain(pl, cfg->report.addressees[i], PDF_SERIF, 10.5, 0, &pdf_black,
					 i + 1 == cfg->report.naddressees ? 8 : 0);
	return rc;
}

static int do_directive(struct pdf_layout *pl, const struct tpl_event *ev)
{
	const char *d = ev->directive, *arg = ev->arg;

	if (!strcmp(d, "part"))
		return do_part(pl, arg);
	if (!strcmp(d, "pagebreak"))
		return do_pagebreak(pl);
	if (!strcmp(d, "columns"))
		return do_columns(pl, arg);
	if (!strcmp(d, "column"))
		return do_column(pl);
	if (!strcmp(d, "endcolumns"))
		return do_endcolumns(pl);
	if (!strcmp(d, "contents"))
		return do_contents(pl);
	if (content_says(d)) {
		struct content_sink sink = { pdf_content, pl };

		return content_directive(pl->in, ev, &sink, pl->err);
	}
	if (!strcmp(d, "detail")) {
		enum detail_kind kind;
		size_t limit;
		char why[160];

		if (content_detail_target(arg, &kind, &limit, why, sizeof why))
			return pdf_fail(pl, "::: detail: %s", why);
		return pdf_detail(pl, kind, limit);
	}
	if (!strcmp(d, "addressees"))
		return do_addressees(pl);
	if (!strcmp(d, "tables")) {
		const struct analysis *an = pl->in->an;
		size_t i, n = strlen(arg);
		int rc = 0;

		for (i = 0; !rc && an && i < an->ntables; i++)
			if (!strncmp(an->tables[i]->id, arg, n) &&
			    !render_table_omitted(pl->in, an->tables[i]))
				rc = pdf_table(pl, an->tables[i]);
		return rc;
	}
	if (!strcmp(d, "table") || !strcmp(d, "figure") || !strcmp(d, "map")) {
		struct content_target tg;
		char why[320];

		if (content_target(pl->in, d, arg, &tg, why, sizeof(why)))
			return pdf_fail(pl, "%s", why);
		if (!tg.t)
			return 0;
		return d[0] == 't' ? pdf_table(pl, tg.t) : d[0] == 'f' ? pdf_chart(pl, tg.t, tg.bars)
							 : pdf_map(pl, tg.t, tg.column);
	}
	return pdf_fail(pl, "unknown directive '::: %s'", d);
}

static int on_event(void *ctx, const struct tpl_event *ev, struct scta_err *err)
{
	struct pdf_layout *pl = ctx;
	int rc = 0;

	(void)err;
	pl->ev_file = ev->file;
	pl->ev_line = ev->line;
	/* a little air after a list, before what follows it */
	if (pl->after_list && ev->block != TPL_LIST_ITEM && pl->page_open && pl->frame_used)
		pl->y -= 4;
	pl->after_list = ev->block == TPL_LIST_ITEM;
	if (ev->block != TPL_LIST_ITEM)
		pdf_list_close(pl);
	switch (ev->block) {
	case TPL_HEADING:
		pending_push(pl, ev->level, ev->spans, ev->nspans);
		break;
	case TPL_PARAGRAPH:
	case TPL_LIST_ITEM:
	case TPL_QUOTE:
		rc = text_block(pl, ev);
		break;
	case TPL_RULE:
		rc = pdf_flush_pending(pl, 14);
		if (!rc) {
			pdf_gfx_line(pl->g, pl->x, pl->y - 6, pl->x + pl->w, pl->y - 6, 0.75,
				     &pdf_rule);
			pl->y -= 14;
			pl->frame_used = 1;
		}
		break;
	case TPL_DIRECTIVE:
		rc = do_directive(pl, ev);
		break;
	}
	if (!rc)
		rc = pdf_check(pl);
	return rc;
}

/* {{table:ID}} / {{figure:ID}}: the number the previous pass gave it. */
static int lookup_ref(void *ctx, const char *kind, const char *id, struct strbuf *out,
		      struct scta_err *err)
{
	struct pdf_layout *pl = ctx;
	enum pdf_toc_kind k = !strcmp(kind, "table") ? PDF_TOC_TABLE : PDF_TOC_FIGURE;
	size_t i;

	for (i = 0; pl->prev && i < pl->prev->n; i++) {
		const struct pdf_toc_entry *e = &pl->prev->v[i];

		if (e->kind == k && e->number > 0 && e->id && !strcmp(e->id, id)) {
			strbuf_addf(out, "%s %d", kind, e->number);
			return 0;
		}
	}
	/* The first pass has no numbers yet; the passes repeat until they hold. */
	if (!pl->prev || !pl->prev->pages) {
		strbuf_addf(out, "%s 0", kind);
		return 0;
	}
	/* Left out of an edition for one unit: it is still in that edition's workbook. */
	{
		const struct table *t = pl->in->an ? analysis_table(pl->in->an, id) : NULL;
		size_t fig = 0, num = t ? render_table_number(pl->in, id, &fig) : 0;

		if (k == PDF_TOC_FIGURE)
			num = fig;
		if (t && num && render_table_omitted(pl->in, t)) {
			strbuf_addf(out, "%s %zu (in the workbook; nothing to show here)", kind, num);
			return 0;
		}
	}
	return scta_err_set(err, SCTA_ERR_CONFIG,
			    "{{%s:%s}}: %s '%s' is not numbered in the report body "
			    "(place it there with ::: %s %s)",
			    kind, id, kind, id, kind, id);
}

/* Bookmarks "Tables" and "Figures" after the sections, as GAO orders them. */
static void list_outlines(struct pdf_layout *pl)
{
	int kind;
	size_t i;

	for (kind = PDF_TOC_TABLE; kind <= PDF_TOC_FIGURE; kind++) {
		int group = -2;

		for (i = 0; i < pl->toc.n; i++) {
			const struct pdf_toc_entry *e = &pl->toc.v[i];

			if ((int)e->kind != kind)
				continue;
			if (group == -2)
				group = pdf_gfx_outline(pl->g, -1,
							kind == PDF_TOC_TABLE ? "Tables" : "Figures",
							e->page, e->y + 4);
			pdf_gfx_outline(pl->g, group, e->text, e->page, e->y + 4);
		}
	}
}

int pdf_layout_run(struct pdf_gfx *g, const struct render_input *in, const char *tpl,
		   const struct pdf_toc *prev, int drawing, struct pdf_toc *out,
		   struct scta_err *err)
{
	struct pdf_layout pl;
	const struct scta_config *cfg = in->cfg;
	struct strbuf foot = STRBUF_INIT;
	struct tpl_refs refs;
	int rc, i;

	memset(&pl, 0, sizeof pl);
	pl.g = g;
	pl.in = in;
	pl.err = err;
	pl.drawing = drawing;
	pl.prev = prev;
	pl.page = -1;
	pl.ncols = 1;
	for (i = 0; i < 4; i++)
		pl.outline_at[i] = -1;
	strbuf_init(&pl.sb);
	if (cfg->report.number)
		strbuf_addf(&foot, "%s  ", cfg->report.number);
	pdf_caps(cfg->report.short_title ? cfg->report.short_title
					 : cfg->report.title ? cfg->report.title : "",
		 &foot);
	pl.footer_right = strbuf_detach(&foot);
	pl.marking = render_marking(cfg);
	pdf_gfx_set_drawing(g, drawing);

	refs.lookup = lookup_ref;
	refs.ctx = &pl;
	rc = template_render(tpl, in, &refs, on_event, &pl, err);
	if (!rc) {
		pl.ev_file = NULL;
		if (pl.npend)
			rc = pdf_flush_pending(&pl, 0);
	}
	if (!rc && !pl.toc.pages)
		rc = pdf_fail(&pl, "%s: the report templates produced no pages", tpl);
	pdf_list_close(&pl);
	close_page(&pl);
	if (!rc && drawing)
		list_outlines(&pl);
	if (!rc)
		rc = pdf_check(&pl);
	pending_clear(&pl);
	free(pl.pend);
	free(pl.wrap.items);
	free(pl.wrap.lines);
	free(pl.pwrap.items);
	free(pl.pwrap.lines);
	free(pl.hwrap.items);
	free(pl.hwrap.lines);
	strbuf_release(&pl.sb);
	free(pl.footer_right);
	if (rc) {
		pdf_toc_release(&pl.toc);
		return rc;
	}
	*out = pl.toc;
	return 0;
}
