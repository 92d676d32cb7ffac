/*
 * pdf_table.c - tables in the PDF report, and the streamed appendix.
 *
 * Column widths are fitted to the content: every cell is measured in its
 * font, and the text width is shared out between each column's one-line
 * width and its longest word (the usual automatic table layout), so long
 * cells wrap and short ones stay on one line. A header's one-line width
 * counts only when every header fits so; in a wider table the headers wrap
 * first, so that a long header does not make the cells below it wrap on
 * every row. A table runs on across pages
 * with its header row repeated; its caption stays with its header and first
 * row, never alone at a page bottom.
 *
 * The appendix of every partnership in scope may run to hundreds of pages,
 * so its rows are never held: each row is laid out as it is read from the
 * detail stream. Its column widths come from one measuring read of the
 * stream on the first layout pass and are handed on to later passes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "render/content.h"
#include "render/pdf_int.h"
#include "render/render.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/strbuf.h"
#include "util/vocab.h"

#define PAD_X 3.0
#define PAD_Y 2.2
#define CELL_BUF 64
#define SMALL_TABLE 12

struct tcol {
	const char *name;
	enum cell_kind kind;
	double x, w;
	int right;
};

struct tlay {
	struct pdf_layout *pl;
	size_t ncols;
	struct tcol *cols;
	double fs, hfs;
	char *caption;
	const char *id;          /* for cross-references */
	int number;
	int started, fresh;
	size_t rows;
	double whole;            /* height of a small table, kept on one page */

	struct pdf_sub **hl;     /* header lines per column */
	size_t *nhl, *caphl;
	size_t hmax;

	/* structure tree: the table, the row being drawn and its cells */
	int tag, tr, *td;
	int row_headers;         /* the first column heads its row (TH, scope Row) */

	struct pdf_sub **cl;     /* the current row's lines per column */
	size_t *ncl, *capcl;
	char (*bufs)[CELL_BUF];  /* formatted numbers of the current row */
};

static int numeric(enum cell_kind k)
{
	return k == CELL_INT || k == CELL_REAL || k == CELL_PCT;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * When the longest words of all columns do not fit side by side: the width
 * every column is held to so that they do, taken from the widest ones
 * only. Columns narrower than it (numbers, short words) keep their width
 * and are never cut; the widest (a digest, a path) share what is left.
 */
static double squeeze_cap(const double *minimal, size_t n, double avail)
{
	double *v = xmalloc(n * sizeof *v), used = 0, cap = 0;
	size_t k;

	memcpy(v, minimal, n * sizeof *v);
	qsort(v, n, sizeof *v, cmp_double);
	for (k = 0; k < n; k++) {
		cap = (avail - used) / (double)(n - k);
		if (v[k] >= cap)
			break;
		used += v[k];
	}
	free(v);
	return cap > 0 ? cap : avail / (double)n;
}

/* Column widths for natural (one-line) and minimal (longest word) widths. */
static void pdf_fit_widths(const double *natural, const double *minimal, size_t n, double avail,
		    double *out)
{
	double sn = 0, sm = 0, cap = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		sn += natural[i];
		sm += minimal[i];
	}
	if (sn > avail && sm > avail)
		cap = squeeze_cap(minimal, n, avail);
	for (i = 0; i < n; i++) {
		if (sn <= avail)
			out[i] = sn > 0 ? natural[i] + (avail - sn) * natural[i] / sn : avail / (double)n;
		else if (sm <= avail)
			out[i] = minimal[i] + (avail - sm) * (natural[i] - minimal[i]) / (sn - sm);
		else
			out[i] = minimal[i] < cap ? minimal[i] : cap;
	}
}

/* One-line width of s and width of its longest word. */
static void measure(struct pdf_layout *pl, enum pdf_font f, double size, const char *s,
		    double *nat, double *minw)
{
	const char *p = s, *w;
	double full = pdf_gfx_width(pl->g, f, size, s, strlen(s)), longest = 0;

	if (full > *nat)
		*nat = full;
	if (!strchr(s, ' ')) {
		longest = full;
	} else {
		while (*p) {
			while (*p == ' ')
				p++;
			w = p;
			while (*p && *p != ' ')
				p++;
			if (p > w) {
				double ww = pdf_gfx_width(pl->g, f, size, w, (size_t)(p - w));

				if (ww > longest)
					longest = ww;
			}
		}
	}
	/* A long word may still be cut; do not let one make a column huge. */
	if (longest > 160)
		longest = 160;
	if (longest > *minw)
		*minw = longest;
}

static void tlay_init(struct tlay *tl, struct pdf_layout *pl, size_t ncols, double fs)
{
	memset(tl, 0, sizeof *tl);
	tl->pl = pl;
	tl->ncols = ncols;
	tl->fs = fs;
	tl->hfs = fs - 0.5;
	tl->cols = xcalloc(ncols ? ncols : 1, sizeof *tl->cols);
	tl->hl = xcalloc(ncols ? ncols : 1, sizeof *tl->hl);
	tl->nhl = xcalloc(ncols ? ncols : 1, sizeof *tl->nhl);
	tl->caphl = xcalloc(ncols ? ncols : 1, sizeof *tl->caphl);
	tl->cl = xcalloc(ncols ? ncols : 1, sizeof *tl->cl);
	tl->ncl = xcalloc(ncols ? ncols : 1, sizeof *tl->ncl);
	tl->capcl = xcalloc(ncols ? ncols : 1, sizeof *tl->capcl);
	tl->bufs = xcalloc(ncols ? ncols : 1, sizeof *tl->bufs);
	tl->td = xcalloc(ncols ? ncols : 1, sizeof *tl->td);
	tl->tag = tl->tr = -1;
}

/* Text first column and a number column: the first column names each row. */
static void tlay_row_headers(struct tlay *tl)
{
	size_t c;

	if (!tl->ncols || tl->cols[0].kind != CELL_TEXT)
		return;
	for (c = 1; c < tl->ncols; c++)
		if (numeric(tl->cols[c].kind))
			tl->row_headers = 1;
}

static void tlay_release(struct tlay *tl)
{
	size_t c;

	for (c = 0; c < tl->ncols; c++) {
		free(tl->hl[c]);
		free(tl->cl[c]);
	}
	free(tl->cols);
	free(tl->hl);
	free(tl->nhl);
	free(tl->caphl);
	free(tl->cl);
	free(tl->ncl);
	free(tl->capcl);
	free(tl->bufs);
	free(tl->td);
	free(tl->caption);
}

/* Place the columns of widths w across the frame; wrap the header. */
static void tlay_columns(struct tlay *tl, const double *w)
{
	struct pdf_layout *pl = tl->pl;
	double x = pl->x;
	size_t c;

	tl->hmax = 1;
	for (c = 0; c < tl->ncols; c++) {
		tl->cols[c].x = x;
		tl->cols[c].w = w[c];
		x += w[c];
		tl->nhl[c] = pdf_wrap_plain(pl, PDF_SANS_BOLD, tl->hfs, tl->cols[c].name,
					    w[c] - 2 * PAD_X, &tl->hl[c], &tl->caphl[c]);
		if (tl->nhl[c] > tl->hmax)
			tl->hmax = tl->nhl[c];
	}
}

static double header_height(const struct tlay *tl)
{
	return (double)tl->hmax * pdf_lead(tl->hfs) + 2 * PAD_Y + 1;
}

static double caption_height(struct tlay *tl, const char *text)
{
	struct pdf_sub *lines = NULL;
	size_t cap = 0, n;

	n = pdf_wrap_plain(tl->pl, PDF_SANS_BOLD, 9.5, text, tl->pl->w, &lines, &cap);
	free(lines);
	return (double)n * pdf_lead(9.5) + 3;
}

/* Length of line s of a wrapped cell to draw: with the space it was broken
 * at when more lines follow (unseen after its end; copied text keeps the
 * words apart). The cell text goes on after the line, NUL-terminated. */
static size_t with_space(const struct pdf_sub *s, int more)
{
	return s->len + (more && s->s[s->len] == ' ' ? 1 : 0);
}

/* The header row: TH cells of scope Column the first time, an artifact
 * when repeated on the pages a table runs on to. */
static void draw_header(struct tlay *tl)
{
	struct pdf_layout *pl = tl->pl;
	double h = header_height(tl), lead = pdf_lead(tl->hfs), total = 0;
	size_t c, l;
	int tag = !pdf_gfx_in_artifact(pl->g);

	for (c = 0; c < tl->ncols; c++)
		total += tl->cols[c].w;
	pdf_gfx_fill_rect(pl->g, pl->x, pl->y - h, total, h, &pdf_head_fill);
	if (tag)
		pdf_gfx_tag_open(pl->g, "TR");
	for (c = 0; c < tl->ncols; c++) {
		const struct tcol *col = &tl->cols[c];
		/* headers sit on the bottom of the header row, as in GAO tables */
		double top = pl->y - PAD_Y - (double)(tl->hmax - tl->nhl[c]) * lead;

		if (tag)
			pdf_gfx_tag_attr(pl->g, pdf_gfx_tag_open(pl->g, "TH"), NULL, "Column");

		for (l = 0; l < tl->nhl[c]; l++) {
			const struct pdf_sub *s = &tl->hl[c][l];
			double x = col->right ? col->x + col->w - PAD_X - s->w : col->x + PAD_X;

			pdf_gfx_text(pl->g, PDF_SANS_BOLD, tl->hfs, x,
				     pdf_baseline(top - (double)l * lead, tl->hfs), s->s,
				     with_space(s, l + 1 < tl->nhl[c]), &pdf_black);
		}
		if (tag)
			pdf_gfx_tag_close(pl->g);
	}
	if (tag)
		pdf_gfx_tag_close(pl->g);
	pl->y -= h;
	pdf_gfx_line(pl->g, pl->x, pl->y, pl->x + total, pl->y, 0.8, &pdf_navy);
	pl->frame_used = 1;
	tl->fresh = 1;
}

/* Wrap the cells of one row into tl->cl; returns its number of lines. */
static size_t row_prepare(struct tlay *tl, const struct cell *cells, int bold)
{
	size_t c, maxl = 1;

	for (c = 0; c < tl->ncols; c++) {
		const char *text = pdf_cell_text(&cells[c], tl->bufs[c], CELL_BUF);

		tl->ncl[c] = pdf_wrap_plain(tl->pl, bold ? PDF_SANS_BOLD : PDF_SANS, tl->fs, text,
					    tl->cols[c].w - 2 * PAD_X, &tl->cl[c], &tl->capcl[c]);
		if (tl->ncl[c] > maxl)
			maxl = tl->ncl[c];
	}
	return maxl;
}

/*
 * Lines from..to of the prepared row. Its TR and cells are made with its
 * first lines; a row cut across pages goes on in the same cells.
 */
static void row_draw(struct tlay *tl, size_t from, size_t to, int bold, int total_row)
{
	struct pdf_layout *pl = tl->pl;
	double lead = pdf_lead(tl->fs), h = (double)(to - from) * lead + 2 * PAD_Y, wsum = 0;
	size_t c, l;

	for (c = 0; c < tl->ncols; c++)
		wsum += tl->cols[c].w;
	if (total_row && from == 0)
		pdf_gfx_line(pl->g, pl->x, pl->y, pl->x + wsum, pl->y, 0.8, &pdf_black);
	if (from == 0) {
		tl->tr = pdf_gfx_tag_open(pl->g, "TR");
		for (c = 0; c < tl->ncols; c++) {
			int head = c == 0 && tl->row_headers;

			tl->td[c] = pdf_gfx_tag_open(pl->g, head ? "TH" : "TD");
			if (head)
				pdf_gfx_tag_attr(pl->g, tl->td[c], NULL, "Row");
			pdf_gfx_tag_close(pl->g);
		}
	} else {
		pdf_gfx_tag_resume(pl->g, tl->tr);
	}
	for (c = 0; c < tl->ncols; c++) {
		const struct tcol *col = &tl->cols[c];

		pdf_gfx_tag_resume(pl->g, tl->td[c]);
		for (l = from; l < to && l < tl->ncl[c]; l++) {
			const struct pdf_sub *s = &tl->cl[c][l];
			double x = col->right ? col->x + col->w - PAD_X - s->w : col->x + PAD_X;

			pdf_gfx_text(pl->g, bold ? PDF_SANS_BOLD : PDF_SANS, tl->fs, x,
				     pdf_baseline(pl->y - PAD_Y - (double)(l - from) * lead, tl->fs),
				     s->s, with_space(s, l + 1 < tl->ncl[c]), &pdf_black);
		}
		pdf_gfx_tag_close(pl->g);
	}
	pdf_gfx_tag_close(pl->g);
	pl->y -= h;
	pdf_gfx_line(pl->g, pl->x, pl->y, pl->x + wsum, pl->y, 0.4, &pdf_rule);
	pl->frame_used = 1;
	tl->fresh = 0;
}

static int start(struct tlay *tl, double first_row_h)
{
	struct pdf_layout *pl = tl->pl;
	double cap = caption_height(tl, tl->caption), need = cap + header_height(tl) + first_row_h;
	int rc;

	if (need > pdf_frame_height(pl))
		need = cap + header_height(tl) + 2 * pdf_lead(tl->fs);
	rc = pdf_flush_pending(pl, need);
	if (rc)
		return rc;
	pdf_toc_add(pl, PDF_TOC_TABLE, 0, tl->caption, tl->id, tl->number, pl->y);
	/* Table (closed by table_end) > Caption, header row, rows */
	tl->tag = pdf_gfx_tag_open(pl->g, "Table");
	pdf_gfx_tag_open(pl->g, "Caption");
	rc = pdf_caption(pl, tl->caption);
	pdf_gfx_tag_close(pl->g);
	if (!rc)
		draw_header(tl);
	tl->started = 1;
	return rc;
}

static void table_end(struct tlay *tl)
{
	if (tl->started)
		pdf_gfx_tag_close(tl->pl->g);
	tl->started = 0;
}

static int continue_page(struct tlay *tl)
{
	struct pdf_layout *pl = tl->pl;
	struct strbuf sb = STRBUF_INIT;
	enum pdf_artifact was;
	int rc = pdf_next_frame(pl);

	if (rc)
		return rc;
	strbuf_addf(&sb, "%s (continued)", tl->caption);
	/* the caption and header again, for the eye only */
	was = pdf_gfx_artifact(pl->g, PDF_ART_PAGINATION);
	rc = pdf_paragraph_plain(pl, sb.buf, PDF_SANS_ITALIC, 7.5, 0, &pdf_gray, 2);
	strbuf_release(&sb);
	if (!rc)
		draw_header(tl);
	pdf_gfx_artifact(pl->g, was);
	return rc;
}

/*
 * Lay out the prepared row (maxl lines), across frames if it must. keep:
 * room wanted below it on the same page (the last row keeps the source and
 * notes with the table).
 */
static int place_row(struct tlay *tl, size_t maxl, int bold, int total_row, double keep)
{
	struct pdf_layout *pl = tl->pl;
	double lead = pdf_lead(tl->fs), h = (double)maxl * lead + 2 * PAD_Y;
	size_t from = 0;
	int rc = 0;

	if (!tl->started) {
		rc = start(tl, tl->whole > h + keep ? tl->whole : h + keep);
		if (rc)
			return rc;
	}
	if (keep > 0 && !tl->fresh && pl->y - h - keep < PDF_BOTTOM &&
	    h + keep + 60 < pdf_frame_height(pl)) {
		rc = continue_page(tl);
		if (rc)
			return rc;
	}
	while (!rc && from < maxl) {
		double avail = pl->y - PDF_BOTTOM - 2 * PAD_Y;
		size_t fit = avail > 0 ? (size_t)(avail / lead) : 0;

		if (fit >= maxl - from) {
			row_draw(tl, from, maxl, bold, total_row);
			break;
		}
		if (tl->fresh) {
			/* a row taller than a whole page: cut it between lines */
			if (!fit)
				fit = 1;
			row_draw(tl, from, from + fit, bold, total_row);
			from += fit;
		}
		rc = continue_page(tl);
	}
	tl->rows++;
	return rc ? rc : pdf_check(pl);
}

/*
 * Tables of the analysis in the body carry the report's numbers (the same in
 * the workbook and the JSON); others (the input files, the detail listings)
 * are captioned by title. pdf_order's measuring pass has no numbering yet
 * and counts the analysis tables as it meets them, which is where the
 * numbering comes from.
 */
static char *caption_for(struct pdf_layout *pl, const char *id, const char *title, int *number)
{
	const struct analysis *an = pl->in->an;

	*number = 0;
	if (pl->part != PDF_PART_BODY || !id || !an || !analysis_table(an, id))
		return xstrdup(title);
	*number = pl->in->numbering ? (int)render_table_number(pl->in, id, NULL) : ++pl->ntables;
	if (*number <= 0)
		return xstrdup(title);
	return xasprintf("Table %d: %s", *number, title);
}

/* The row of an empty table: what it says when empty (t may be NULL). */
static int empty_row(struct tlay *tl, const struct table *t)
{
	struct cell *cells = xcalloc(tl->ncols ? tl->ncols : 1, sizeof *cells);
	size_t maxl;
	int rc;

	cells[0].kind = CELL_TEXT;
	cells[0].s = t && t->empty ? t->empty : (char *)"No rows.";
	maxl = row_prepare(tl, cells, 0);
	rc = place_row(tl, maxl, 0, 0, 0);
	free(cells);
	return rc;
}

/*
 * How many rows of t the PDF prints ([pdf] table_rows; 0: all): a table of a
 * million rows (every value of every question of a 10,000-question
 * questionnaire) would run past libharu's 32,767 pages. When fewer than all,
 * *note says so and where every row is (the caller frees it). A total row is
 * printed in any case, after the rows shown.
 */
static size_t rows_shown(struct pdf_layout *pl, const struct table *t, int number, char **note)
{
	const struct scta_config *cfg = pl->in->cfg;
	size_t lim = cfg && cfg->pdf.table_rows > 0 ? (size_t)cfg->pdf.table_rows : 0;
	size_t body = t->nrows - (t->has_total && t->nrows ? 1 : 0);
	unsigned formats = cfg ? cfg->output.formats : 0;
	struct cell a = { .kind = CELL_INT }, b = { .kind = CELL_INT };
	char na[32], nb[32], sheet[48];
	struct strbuf sb = STRBUF_INIT;

	*note = NULL;
	if (!lim || body <= lim)
		return t->nrows;
	a.i = (int64_t)lim;
	b.i = (int64_t)body;
	strbuf_addf(&sb, "The PDF shows the first %s of the table's %s rows ([pdf] table_rows); ",
		    content_cell_text(&a, na, sizeof na), content_cell_text(&b, nb, sizeof nb));
	if (number > 0)
		snprintf(sheet, sizeof sheet, "sheet \"Table %d\"", number);
	else
		snprintf(sheet, sizeof sheet, "its sheet");
	if ((formats & FORMAT_XLSX) && (formats & FORMAT_JSON))
		strbuf_addf(&sb, "every row is in the workbook (%s) and the JSON.", sheet);
	else if (formats & FORMAT_XLSX)
		strbuf_addf(&sb, "every row is in the workbook (%s).", sheet);
	else if (formats & FORMAT_JSON)
		strbuf_adds(&sb, "every row is in the JSON.");
	else
		strbuf_adds(&sb, "the workbook and the JSON ([output] formats) have every row.");
	*note = strbuf_detach(&sb);
	return lim + (t->has_total ? 1 : 0);
}

/* The table's row printed i-th of n: the first rows, then the total row. */
static size_t row_at(const struct table *t, size_t i, size_t n)
{
	return n < t->nrows && t->has_total && i + 1 == n ? t->nrows - 1 : i;
}

int pdf_table(struct pdf_layout *pl, const struct table *t)
{
	struct tlay tl;
	double *nat = NULL, *minw = NULL, *w = NULL, *hnat = NULL, hsum = 0, notes_h;
	size_t r, c, n;
	char *note = NULL;
	int rc;

	if (!t->ncols)
		return pdf_fail(pl, "table '%s' has no columns", t->id);
	rc = pdf_open_page(pl);
	if (rc)
		return rc;
	tlay_init(&tl, pl, t->ncols, pl->ncols > 1 ? 7 : 8);
	tl.caption = caption_for(pl, t->id, t->title ? t->title : t->id, &tl.number);
	tl.id = t->id;
	n = rows_shown(pl, t, tl.number, &note);
	nat = xcalloc(t->ncols, sizeof *nat);
	minw = xcalloc(t->ncols, sizeof *minw);
	w = xcalloc(t->ncols, sizeof *w);
	hnat = xcalloc(t->ncols, sizeof *hnat);
	for (c = 0; c < t->ncols; c++) {
		tl.cols[c].name = t->cols[c].name ? t->cols[c].name : "";
		tl.cols[c].kind = t->cols[c].kind;
		tl.cols[c].right = numeric(t->cols[c].kind);
		/* the header's one-line width apart: it counts only when the table fits */
		measure(pl, PDF_SANS_BOLD, tl.hfs, tl.cols[c].name, &hnat[c], &minw[c]);
		for (r = 0; r < n; r++) {
			char buf[CELL_BUF];
			size_t k = row_at(t, r, n);
			int bold = t->has_total && k + 1 == t->nrows;

			measure(pl, bold ? PDF_SANS_BOLD : PDF_SANS, tl.fs,
				pdf_cell_text(table_cell(t, k, c), buf, sizeof buf), &nat[c],
				&minw[c]);
		}
		if (nat[c] < minw[c])
			nat[c] = minw[c];
		hnat[c] = (hnat[c] > nat[c] ? hnat[c] : nat[c]) + 2 * PAD_X;
		nat[c] += 2 * PAD_X;
		minw[c] += 2 * PAD_X;
		hsum += hnat[c];
	}
	/*
	 * A table that fits with its headers on one line gets them so; a wider
	 * one shares the width out by its cells, and its headers wrap instead:
	 * a header takes a line more once, a wrapped cell a line more on every row.
	 */
	pdf_fit_widths(hsum <= pl->w ? hnat : nat, minw, t->ncols, pl->w, w);
	tlay_columns(&tl, w);
	tlay_row_headers(&tl);
	notes_h = pdf_source_notes_height(pl, t, note);
	if (n <= SMALL_TABLE) {
		/* a small table moves whole to the next page rather than split */
		for (r = 0; r < n; r++) {
			size_t k = row_at(t, r, n);
			int total = t->has_total && k + 1 == t->nrows;

			tl.whole += (double)row_prepare(&tl, table_cell(t, k, 0), total) *
					    pdf_lead(tl.fs) +
				    2 * PAD_Y;
		}
		tl.whole += notes_h;
	}
	for (r = 0; !rc && r < n; r++) {
		size_t k = row_at(t, r, n);
		int total = t->has_total && k + 1 == t->nrows;
		size_t maxl = row_prepare(&tl, table_cell(t, k, 0), total);

		rc = place_row(&tl, maxl, total, total, r + 1 == n ? notes_h : 0);
	}
	if (!rc && !t->nrows)
		rc = empty_row(&tl, t);
	table_end(&tl);
	if (!rc)
		rc = pdf_source_notes(pl, t, note);
	free(note);
	free(nat);
	free(minw);
	free(w);
	free(hnat);
	tlay_release(&tl);
	return rc;
}

/* ---------- the streamed appendix ---------- */

static int open_detail(struct pdf_layout *pl, enum detail_kind kind, struct detail **d)
{
	const struct render_input *in = pl->in;
	int rc;

	*d = NULL;
	if (!in->detail_open)
		return pdf_fail(pl, "::: detail: no detail rows are available to the report");
	rc = in->detail_open(in, kind, d, pl->err);
	if (rc)
		return rc;
	if (!*d || !(*d)->spec || !(*d)->spec->ncols) {
		if (*d)
			(*d)->close(*d);
		*d = NULL;
		return pdf_fail(pl, "::: detail: the detail stream has no columns");
	}
	return 0;
}

/* Measure every row of the stream once: widths[0] = ncols, then the widths. */
static int measure_detail(struct pdf_layout *pl, enum detail_kind kind, double fs, double **out)
{
	struct detail *d = NULL;
	const struct cell *row;
	double *nat = NULL, *minw = NULL, *w = NULL;
	size_t c, n;
	int rc;

	*out = NULL;
	rc = open_detail(pl, kind, &d);
	if (rc)
		return rc;
	n = d->spec->ncols;
	nat = xcalloc(n, sizeof *nat);
	minw = xcalloc(n, sizeof *minw);
	for (c = 0; c < n; c++)
		measure(pl, PDF_SANS_BOLD, fs - 0.5, d->spec->cols[c].name, &nat[c], &minw[c]);
	while (!(rc = d->next(d, &row, pl->err)) && row) {
		for (c = 0; c < n; c++) {
			char buf[CELL_BUF];

			measure(pl, PDF_SANS, fs, pdf_cell_text(&row[c], buf, sizeof buf), &nat[c],
				&minw[c]);
		}
	}
	if (!rc) {
		w = xcalloc(n + 1, sizeof *w);
		for (c = 0; c < n; c++) {
			nat[c] += 2 * PAD_X;
			minw[c] += 2 * PAD_X;
		}
		w[0] = (double)n;
		pdf_fit_widths(nat, minw, n, pl->w, w + 1);
		*out = w;
	}
	d->close(d);
	free(nat);
	free(minw);
	return rc;
}

int pdf_detail(struct pdf_layout *pl, enum detail_kind kind, size_t limit)
{
	const struct pdf_toc *prev = pl->prev;
	size_t ordinal = pl->ndetails++, c, n, total = 0;
	struct detail *d = NULL;
	const struct cell *row;
	struct tlay tl;
	double *w = NULL;
	char *note = NULL, *title = NULL, *srcline = NULL;
	struct table src_only;
	const double fs = 7.5;
	int rc, have_tl = 0;

	rc = pdf_open_page(pl);
	if (rc)
		return rc;
	if (prev && ordinal < prev->ndetail_w && prev->detail_w[ordinal]) {
		n = (size_t)prev->detail_w[ordinal][0];
		w = xcalloc(n + 1, sizeof *w);
		memcpy(w, prev->detail_w[ordinal], (n + 1) * sizeof *w);
	} else {
		rc = measure_detail(pl, kind, fs, &w);
		if (rc)
			goto out;
	}
	XGROW(pl->toc.detail_w, pl->toc.capdetail_w, ordinal + 1);
	while (pl->toc.ndetail_w <= ordinal)
		pl->toc.detail_w[pl->toc.ndetail_w++] = NULL;
	n = (size_t)w[0];
	pl->toc.detail_w[ordinal] = xcalloc(n + 1, sizeof *w);
	memcpy(pl->toc.detail_w[ordinal], w, (n + 1) * sizeof *w);

	rc = open_detail(pl, kind, &d);
	if (rc)
		goto out;
	if (d->spec->ncols != n) {
		rc = pdf_fail(pl, "::: detail: the stream changed its columns between passes");
		goto out;
	}
	tlay_init(&tl, pl, n, fs);
	have_tl = 1;
	for (c = 0; c < n; c++) {
		tl.cols[c].name = d->spec->cols[c].name;
		tl.cols[c].kind = d->spec->cols[c].kind;
		tl.cols[c].right = numeric(d->spec->cols[c].kind);
	}
	tlay_columns(&tl, w + 1);
	tlay_row_headers(&tl);
	title = content_detail_caption(d->spec);
	tl.caption = caption_for(pl, NULL, title, &tl.number);
	while (!(rc = d->next(d, &row, pl->err)) && row) {
		size_t maxl;

		/* past the limit the rows are only counted, for the note */
		if (limit && total++ >= limit)
			continue;
		maxl = row_prepare(&tl, row, 0);
		rc = place_row(&tl, maxl, 0, 0, 0);
		if (rc)
			break;
	}
	if (!rc && !tl.rows)
		rc = empty_row(&tl, NULL);
	table_end(&tl);
	if (!rc && kind == DETAIL_MEMBERS) {
		/* The members' rows come from the questionnaire, not the partnership records. */
		const struct scta_config *cfg = pl->in->cfg;

		memset(&src_only, 0, sizeof src_only);
		srcline = xasprintf("%s analysis of questionnaire responses.%s%s",
				    cfg->report.organization ? cfg->report.organization : "scta",
				    cfg->report.number ? " | " : "",
				    cfg->report.number ? cfg->report.number : "");
		src_only.source = srcline;
	}
	if (!rc) {
		note = limit && total > limit ? content_detail_note_cut(pl->in, d->spec, limit,
								total) :
						content_detail_note(pl->in, d->spec);
		rc = pdf_source_notes(pl, srcline ? &src_only : NULL, note);
	}
out:
	free(note);
	free(title);
	free(srcline);
	if (d)
		d->close(d);
	if (have_tl)
		tlay_release(&tl);
	free(w);
	return rc;
}
