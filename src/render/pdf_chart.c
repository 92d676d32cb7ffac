/*
 * pdf_chart.c - the report's figures: vector bar charts drawn from a table.
 *
 * CHART_BAR: one horizontal bar per row (label column 0, value column
 * chart_col), value labels at the bar ends, an axis with "nice" ticks and
 * the value column's name as its title. CHART_STACKED: one 100% bar per
 * row over the columns chart_col.., with a legend. A figure never splits
 * across pages: when a table has more rows than fit, the first rows are
 * drawn and a note says so (the table itself lists them all).
 *
 * The tile-grid map (pdf_map) draws render/tilemap.c's squares, classes and
 * legend as filled rectangles with the postal code and value in each.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/content.h"
#include "render/pdf_int.h"
#include "render/render.h"
#include "render/tilemap.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/strbuf.h"

#define DEFAULT_BARS 15
#define MAX_LABEL_LINES 2

/* Series colour k of the charts' palette (render/content.c). */
static struct pdf_rgb series_rgb(size_t k)
{
	const unsigned char *c = content_palette[k % CONTENT_NPALETTE];
	struct pdf_rgb rgb = { c[0] / 255.0, c[1] / 255.0, c[2] / 255.0 };

	return rgb;
}

static void tick_label(double v, enum cell_kind kind, char *buf, size_t size)
{
	struct cell c;

	memset(&c, 0, sizeof c);
	if (kind == CELL_PCT) {
		snprintf(buf, size, "%.0f%%", v * 100);
		return;
	}
	if (kind == CELL_INT || v == floor(v)) {
		c.kind = CELL_INT;
		c.i = (int64_t)llround(v);
		pdf_cell_text(&c, buf, size);
		return;
	}
	snprintf(buf, size, "%g", v);
}

/* Row labels wrapped to at most two lines; returns the widest line. */
struct label {
	struct pdf_sub lines[MAX_LABEL_LINES];
	size_t n;
	char text[256];
	double h;                /* height of its row */
};

/*
 * Give each row its height (its label's lines or the bar, plus a gap) and
 * return how many of the n rows fit in room; *total is their height.
 */
static size_t fit_rows(struct label *lb, size_t n, double fs, double bar_h, double gap,
		       double room, double *total)
{
	size_t i;

	*total = 0;
	for (i = 0; i < n; i++) {
		double h = pdf_lead(fs) * (double)lb[i].n;

		lb[i].h = (h > bar_h ? h : bar_h) + gap;
		if (i > 0 && *total + lb[i].h > room)
			break;
		*total += lb[i].h;
	}
	return i;
}

static double make_label(struct pdf_layout *pl, const struct cell *c, double fs, double maxw,
			 struct label *lb)
{
	char buf[64];
	const char *s = pdf_cell_text(c, buf, sizeof buf);
	struct pdf_sub *lines = NULL;
	size_t cap = 0, n, i;
	double widest = 0;

	snprintf(lb->text, sizeof lb->text, "%s", s);
	n = pdf_wrap_plain(pl, PDF_SANS, fs, lb->text, maxw, &lines, &cap);
	if (n > MAX_LABEL_LINES) {
		/* cut the second line short with an ellipsis */
		struct pdf_sub *l2 = &lines[MAX_LABEL_LINES - 1];
		size_t keep = (size_t)(l2->s - lb->text) + l2->len;

		while (keep > 0 && (size_t)(l2->s - lb->text) < keep &&
		       pdf_gfx_width(pl->g, PDF_SANS, fs, l2->s, keep - (size_t)(l2->s - lb->text)) +
				       pdf_gfx_width(pl->g, PDF_SANS, fs, "\xE2\x80\xA6", 3) > maxw) {
			keep--;
			while (keep > 0 && ((unsigned char)lb->text[keep] & 0xC0) == 0x80)
				keep--;
		}
		if (keep + 4 < sizeof lb->text) {
			memcpy(lb->text + keep, "\xE2\x80\xA6", 4);
			l2->len = keep - (size_t)(l2->s - lb->text) + 3;
			l2->w = pdf_gfx_width(pl->g, PDF_SANS, fs, l2->s, l2->len);
		}
		n = MAX_LABEL_LINES;
	}
	for (i = 0; i < n; i++) {
		lb->lines[i] = lines[i];
		if (lines[i].w > widest)
			widest = lines[i].w;
	}
	lb->n = n;
	free(lines);
	return widest;
}

static void draw_label(struct pdf_layout *pl, const struct label *lb, double x, double mid,
		       double fs)
{
	double lead = pdf_lead(fs), top = mid + lead * (double)lb->n / 2;
	size_t i;

	for (i = 0; i < lb->n; i++)
		pdf_gfx_text(pl->g, PDF_SANS, fs, x, pdf_baseline(top - (double)i * lead, fs),
			     lb->lines[i].s, lb->lines[i].len, &pdf_black);
}

/* Figures in the body carry the report's numbers (see caption_for in pdf_table.c). */
static char *figure_caption(struct pdf_layout *pl, const struct table *t, int *number)
{
	size_t fig = 0;

	*number = 0;
	if (pl->part != PDF_PART_BODY)
		return xstrdup(t->title ? t->title : t->id);
	if (pl->in->numbering)
		(void)render_table_number(pl->in, t->id, &fig);
	*number = pl->in->numbering ? (int)fig : ++pl->nfigures;
	if (*number <= 0)
		return xstrdup(t->title ? t->title : t->id);
	return xasprintf("Figure %d: %s", *number, t->title ? t->title : t->id);
}

static double caption_h(struct pdf_layout *pl, const char *text)
{
	struct pdf_sub *lines = NULL;
	size_t cap = 0, n = pdf_wrap_plain(pl, PDF_SANS_BOLD, 9.5, text, pl->w, &lines, &cap);

	free(lines);
	return (double)n * pdf_lead(9.5) + 3;
}

/* Keep the caption with the whole chart; record and draw the caption. */
static int chart_start(struct pdf_layout *pl, const struct table *t, const char *caption,
		       int number, double chart_h)
{
	int rc = pdf_flush_pending(pl, caption_h(pl, caption) + chart_h + 24);

	if (rc)
		return rc;
	pdf_toc_add(pl, PDF_TOC_FIGURE, 0, caption, t->id, number, pl->y);
	/* the caption is text of its own: a Figure's content is read as its Alt */
	pdf_gfx_tag_open(pl->g, "P");
	rc = pdf_caption(pl, caption);
	pdf_gfx_tag_close(pl->g);
	return rc;
}

/* Open the Figure element, with the same description as the workbook's chart. */
static void figure_open(struct pdf_layout *pl, const struct table *t, size_t n, size_t rows)
{
	struct strbuf alt = STRBUF_INIT;

	render_chart_alt(t, NULL, n, &alt);
	if (n < rows) {
		char *shows = content_figure_shows(n, rows);

		strbuf_adds(&alt, shows);
		free(shows);
	}
	strbuf_trim(&alt);
	pdf_gfx_tag_attr(pl->g, pdf_gfx_tag_open(pl->g, "Figure"), alt.buf, NULL);
	strbuf_release(&alt);
}

static void axis(struct pdf_layout *pl, double px, double pw, double y, double vmax, double step,
		 enum cell_kind kind, const char *title, double fs)
{
	char buf[32];
	double v, tw;

	pdf_gfx_line(pl->g, px, y, px + pw, y, 0.6, &pdf_gray);
	for (v = 0; v <= vmax + step * 1e-6; v += step) {
		double x = px + pw * v / vmax;

		pdf_gfx_line(pl->g, x, y, x, y - 3, 0.6, &pdf_gray);
		tick_label(v, kind, buf, sizeof buf);
		tw = pdf_gfx_width(pl->g, PDF_SANS, fs - 0.5, buf, strlen(buf));
		pdf_gfx_text(pl->g, PDF_SANS, fs - 0.5, x - tw / 2, y - 3 - fs, buf, strlen(buf),
			     &pdf_gray);
	}
	tw = pdf_gfx_width(pl->g, PDF_SANS_BOLD, fs - 0.5, title, strlen(title));
	pdf_gfx_text(pl->g, PDF_SANS_BOLD, fs - 0.5, px + pw / 2 - tw / 2, y - 6 - 2 * fs, title,
		     strlen(title), &pdf_gray);
}

/* The figure's Source and Note lines, saying when it shows only some rows. */
static int chart_notes(struct pdf_layout *pl, const struct table *t, size_t n, size_t rows)
{
	char *note;
	int rc;

	if (n >= rows)
		return pdf_source_notes(pl, t, NULL);
	note = content_figure_shows(n, rows);
	rc = pdf_source_notes(pl, t, note);
	free(note);
	return rc;
}

static int bar_chart(struct pdf_layout *pl, const struct table *t, size_t max_bars)
{
	const double fs = pl->ncols > 1 ? 7 : 8, bar_h = fs + 3;
	const double axis_h = 3 * fs + 10;
	size_t rows = t->nrows - (t->has_total && t->nrows ? 1 : 0), n, i, vc = t->chart_col;
	struct label *labels = NULL;
	char *caption = NULL;
	double label_w = 0, value_w = 0, vmax = 0, step, rows_h = 0, px, pw, y0, room, top;
	enum cell_kind kind;
	int rc = 0, ok, number;

	if (vc >= t->ncols || !t->ncols)
		return pdf_fail(pl, "table '%s': chart column %zu out of range", t->id, vc);
	kind = t->cols[vc].kind;
	n = rows < max_bars ? rows : max_bars;
	labels = xcalloc(n ? n : 1, sizeof *labels);
	for (i = 0; i < n; i++) {
		char buf[64];
		const struct cell *c = table_cell(t, i, vc);
		double lw = make_label(pl, table_cell(t, i, 0), fs, pl->w * 0.36, &labels[i]);
		double v = content_chart_value(c, &ok), vw;
		const char *s = pdf_cell_text(c, buf, sizeof buf);

		if (lw > label_w)
			label_w = lw;
		vw = pdf_gfx_width(pl->g, PDF_SANS, fs, s, strlen(s));
		if (vw > value_w)
			value_w = vw;
		if (ok && v > vmax)
			vmax = v;
	}
	/* as many bars as fit a fresh frame with caption, axis and notes */
	room = pdf_frame_height(pl) - axis_h - 90;
	n = fit_rows(labels, n, fs, bar_h, 4, room, &rows_h);
	caption = figure_caption(pl, t, &number);
	rc = chart_start(pl, t, caption, number, rows_h + axis_h + 6);
	if (rc)
		goto out;
	if (!n) {
		rc = pdf_paragraph_plain(pl, "No data to chart.", PDF_SANS_ITALIC, fs, 0, &pdf_gray, 4);
		if (!rc)
			rc = pdf_source_notes(pl, t, NULL);
		goto out;
	}
	step = content_nice_step(kind == CELL_PCT ? vmax * 100 : vmax, 5, kind == CELL_INT);
	if (kind == CELL_PCT)
		step /= 100;
	vmax = vmax > 0 ? ceil(vmax / step - 1e-9) * step : step;
	px = pl->x + label_w + 8;
	pw = pl->w - label_w - 8 - value_w - 6;
	y0 = pl->y - 4;
	figure_open(pl, t, n, rows);
	for (i = 0, top = y0; i < n; top -= labels[i].h, i++) {
		char buf[64];
		const struct cell *c = table_cell(t, i, vc);
		double v = content_chart_value(c, &ok), mid = top - labels[i].h / 2, bw;
		const char *s = pdf_cell_text(c, buf, sizeof buf);
		struct pdf_rgb bar = series_rgb(1);   /* as the HTML's bars */

		draw_label(pl, &labels[i], pl->x, mid, fs);
		bw = ok && v > 0 ? pw * v / vmax : 0;
		if (bw > 0)
			pdf_gfx_fill_rect(pl->g, px, mid - bar_h / 2, bw, bar_h, &bar);
		pdf_gfx_text(pl->g, PDF_SANS, fs, px + bw + 3, mid - fs * 0.35, s, strlen(s),
			     &pdf_black);
	}
	pl->y = y0 - rows_h;
	pdf_gfx_line(pl->g, px, y0, px, pl->y, 0.6, &pdf_gray);
	axis(pl, px, pw, pl->y, vmax, step, kind, t->cols[vc].name, fs);
	pdf_gfx_tag_close(pl->g);
	pl->y -= axis_h;
	pl->frame_used = 1;
	rc = chart_notes(pl, t, n, rows);
out:
	free(labels);
	free(caption);
	return rc;
}

static int stacked_chart(struct pdf_layout *pl, const struct table *t, size_t max_bars)
{
	const double fs = pl->ncols > 1 ? 7 : 8, bar_h = fs + 6, axis_h = 3 * fs + 10;
	size_t rows = t->nrows - (t->has_total && t->nrows ? 1 : 0), n, i, k;
	size_t c0 = t->chart_col, nseg = t->chart_ncols, ncol = 0;
	struct label *labels = NULL;
	char *caption = NULL;
	double label_w = 0, rows_h = 0, px, pw, y0, legend_h, nw = 0, room, x, ly, top;
	int rc = 0, ok, has_n, number;

	if (c0 >= t->ncols || !t->ncols)
		return pdf_fail(pl, "table '%s': chart column %zu out of range", t->id, c0);
	if (!nseg || c0 + nseg > t->ncols)
		nseg = t->ncols - c0;
	/* a count column right after the segments is printed as "n = ..." */
	ncol = c0 + nseg;
	has_n = ncol < t->ncols && t->cols[ncol].kind == CELL_INT;
	n = rows < max_bars ? rows : max_bars;
	labels = xcalloc(n ? n : 1, sizeof *labels);
	for (i = 0; i < n; i++) {
		double lw = make_label(pl, table_cell(t, i, 0), fs, pl->w * 0.28, &labels[i]);

		if (lw > label_w)
			label_w = lw;
		if (has_n) {
			char buf[64], s[80];

			snprintf(s, sizeof s, "n = %s",
				 pdf_cell_text(table_cell(t, i, ncol), buf, sizeof buf));
			if (pdf_gfx_width(pl->g, PDF_SANS, fs - 0.5, s, strlen(s)) > nw)
				nw = pdf_gfx_width(pl->g, PDF_SANS, fs - 0.5, s, strlen(s));
		}
	}
	/* legend: swatch and name, flowing over as many lines as needed */
	legend_h = pdf_lead(fs);
	for (k = 0, x = 0; k < nseg; k++) {
		const char *name = t->cols[c0 + k].name;
		double iw = 12 + pdf_gfx_width(pl->g, PDF_SANS, fs, name, strlen(name)) + 12;

		if (x > 0 && x + iw > pl->w) {
			legend_h += pdf_lead(fs);
			x = 0;
		}
		x += iw;
	}
	room = pdf_frame_height(pl) - axis_h - legend_h - 90;
	n = fit_rows(labels, n, fs, bar_h, 5, room, &rows_h);
	caption = figure_caption(pl, t, &number);
	rc = chart_start(pl, t, caption, number, legend_h + 6 + rows_h + axis_h + 6);
	if (rc)
		goto out;
	if (n)
		figure_open(pl, t, n, rows);
	/* legend */
	ly = pl->y - 2;
	for (k = 0, x = pl->x; k < nseg; k++) {
		const char *name = t->cols[c0 + k].name;
		double iw = 12 + pdf_gfx_width(pl->g, PDF_SANS, fs, name, strlen(name)) + 12;
		struct pdf_rgb rgb = series_rgb(k);

		if (x > pl->x && x + iw > pl->x + pl->w) {
			ly -= pdf_lead(fs);
			x = pl->x;
		}
		pdf_gfx_fill_rect(pl->g, x, pdf_baseline(ly, fs) - 0.5, 8, 8, &rgb);
		pdf_gfx_text(pl->g, PDF_SANS, fs, x + 11, pdf_baseline(ly, fs), name, strlen(name),
			     &pdf_black);
		x += iw;
	}
	pl->y -= legend_h + 6;
	if (!n) {
		rc = pdf_paragraph_plain(pl, "No data to chart.", PDF_SANS_ITALIC, fs, 0, &pdf_gray, 4);
		if (!rc)
			rc = pdf_source_notes(pl, t, NULL);
		goto out;
	}
	px = pl->x + label_w + 8;
	pw = pl->w - label_w - 8 - (has_n ? nw + 6 : 4);
	y0 = pl->y;
	for (i = 0, top = y0; i < n; top -= labels[i].h, i++) {
		double mid = top - labels[i].h / 2, sum = 0, at = px, v;
		int all_pct = 1, any = 0;

		draw_label(pl, &labels[i], pl->x, mid, fs);
		sum = content_stacked_row(t, i, c0, nseg, &all_pct);
		any = sum > 0;
		if (!any) {
			pdf_gfx_text(pl->g, PDF_SANS_ITALIC, fs, px + 3, mid - fs * 0.35,
				     "No valid answers", 16, &pdf_gray);
		}
		for (k = 0; any && k < nseg; k++) {
			const struct cell *c = table_cell(t, i, c0 + k);
			char buf[64];
			const char *s;
			double sw, tw;
			struct pdf_rgb rgb = series_rgb(k);

			v = content_chart_value(c, &ok);
			if (!ok || v <= 0)
				continue;
			/* percents are drawn as given; counts as their share of the row */
			sw = pw * (all_pct ? v : v / sum);
			if (at + sw > px + pw)
				sw = px + pw - at;
			pdf_gfx_fill_rect(pl->g, at, mid - bar_h / 2, sw, bar_h, &rgb);
			s = pdf_cell_text(c, buf, sizeof buf);
			tw = pdf_gfx_width(pl->g, PDF_SANS, fs - 0.5, s, strlen(s));
			if (tw + 3 < sw)
				pdf_gfx_text(pl->g, PDF_SANS, fs - 0.5, at + sw / 2 - tw / 2,
					     mid - fs * 0.33, s, strlen(s),
					     content_chart_dark(k) ? &pdf_white : &pdf_black);
			at += sw;
		}
		if (has_n) {
			char buf[64], s[80];

			snprintf(s, sizeof s, "n = %s",
				 pdf_cell_text(table_cell(t, i, ncol), buf, sizeof buf));
			pdf_gfx_text(pl->g, PDF_SANS, fs - 0.5, px + pw + 6, mid - fs * 0.33, s,
				     strlen(s), &pdf_gray);
		}
	}
	pl->y = y0 - rows_h;
	axis(pl, px, pw, pl->y, 1.0, 0.2, CELL_PCT, "Percent", fs);
	pdf_gfx_tag_close(pl->g);
	pl->y -= axis_h;
	pl->frame_used = 1;
	rc = chart_notes(pl, t, n, rows);
out:
	free(labels);
	free(caption);
	return rc;
}

int pdf_chart(struct pdf_layout *pl, const struct table *t, size_t max_bars)
{
	int rc = pdf_open_page(pl);

	if (rc)
		return rc;
	if (!max_bars)
		max_bars = DEFAULT_BARS;
	switch (t->chart) {
	case CHART_BAR:
		return bar_chart(pl, t, max_bars);
	case CHART_STACKED:
		return stacked_chart(pl, t, max_bars);
	default:
		return pdf_fail(pl, "table '%s' has no chart; use ::: table %s", t->id, t->id);
	}
}

/* ---------- the tile-grid map ---------- */

static struct pdf_rgb rgb_of(unsigned v)
{
	struct pdf_rgb c;

	c.r = (double)((v >> 16) & 0xFF) / 255.0;
	c.g = (double)((v >> 8) & 0xFF) / 255.0;
	c.b = (double)(v & 0xFF) / 255.0;
	return c;
}

static void outline(struct pdf_layout *pl, double x, double y, double w, double h,
		    const struct pdf_rgb *c)
{
	pdf_gfx_line(pl->g, x, y, x + w, y, 0.5, c);
	pdf_gfx_line(pl->g, x + w, y, x + w, y + h, 0.5, c);
	pdf_gfx_line(pl->g, x + w, y + h, x, y + h, 0.5, c);
	pdf_gfx_line(pl->g, x, y + h, x, y, 0.5, c);
}

static void centered(struct pdf_layout *pl, enum pdf_font f, double fs, double cx, double y,
		     const char *s, const struct pdf_rgb *c)
{
	double tw = pdf_gfx_width(pl->g, f, fs, s, strlen(s));

	pdf_gfx_text(pl->g, f, fs, cx - tw / 2, y, s, strlen(s), c);
}

/* One legend entry: a swatch and its label; returns the x after it. */
static double legend_item(struct pdf_layout *pl, double x, double y, double fs, unsigned fill,
			  int edge, const char *label)
{
	struct pdf_rgb c = rgb_of(fill), e = rgb_of(TILEMAP_EDGE);
	double sw = fs + 2;

	pdf_gfx_fill_rect(pl->g, x, y, sw, sw, &c);
	if (edge)
		outline(pl, x, y, sw, sw, &e);
	pdf_gfx_text(pl->g, PDF_SANS, fs, x + sw + 3, y + 1.5, label, strlen(label), &pdf_black);
	return x + sw + 3 + pdf_gfx_width(pl->g, PDF_SANS, fs, label, strlen(label)) + 10;
}

int pdf_map(struct pdf_layout *pl, const struct table *t, const char *column)
{
	struct tilemap m;
	struct scta_err e = SCTA_ERR_INIT;
	struct strbuf alt = STRBUF_INIT, id = STRBUF_INIT;
	const double gap = 2, fs = pl->ncols > 1 ? 6 : 7.5;
	double sz, gx, gy, grid_h, legend_h = fs + 12, x;
	char *caption = NULL;
	size_t i, fig = 0, nvalues = 0;
	int rc, number;

	if (tilemap_make(t, column, &m, &e)) {
		rc = pdf_fail(pl, "%s", e.msg);
		scta_err_clear(&e);
		return rc;
	}
	if ((rc = pdf_open_page(pl)))
		goto out;
	sz = (pl->w - gap * (TILEMAP_COLS - 1)) / TILEMAP_COLS;
	if (sz > 34)
		sz = 34;
	grid_h = TILEMAP_ROWS * sz + (TILEMAP_ROWS - 1) * gap;
	if (pl->part == PDF_PART_BODY && pl->in->numbering)
		fig = render_map_number(pl->in, t->id, NULL);
	number = pl->part != PDF_PART_BODY ? 0 : pl->in->numbering ? (int)fig : ++pl->nfigures;
	caption = number > 0 ? xasprintf("Figure %d: %s", number, m.title) : xstrdup(m.title);
	strbuf_addf(&id, "map:%s", t->id);
	if (column && *column)
		strbuf_addf(&id, ":%s", column);
	rc = pdf_flush_pending(pl, caption_h(pl, caption) + grid_h + legend_h + 40);
	if (rc)
		goto out;
	pdf_toc_add(pl, PDF_TOC_FIGURE, 0, caption, id.buf, number, pl->y);
	pdf_gfx_tag_open(pl->g, "P");
	rc = pdf_caption(pl, caption);
	pdf_gfx_tag_close(pl->g);
	if (rc)
		goto out;
	for (i = 0; i < TILEMAP_NTILES; i++)
		nvalues += m.sq[i].cls >= 0;
	strbuf_addf(&alt, "Tile-grid map of the United States, one square per state, the District "
		    "of Columbia and territories, shaded by %s of %s; %zu of %d squares have a "
		    "value.", t->cols[m.value_col].name, t->title ? t->title : t->id, nvalues,
		    TILEMAP_NTILES);
	pdf_gfx_tag_attr(pl->g, pdf_gfx_tag_open(pl->g, "Figure"), alt.buf, NULL);
	gx = pl->x + (pl->w - (TILEMAP_COLS * sz + (TILEMAP_COLS - 1) * gap)) / 2;
	gy = pl->y - 4;
	for (i = 0; i < TILEMAP_NTILES; i++) {
		const struct tilemap_square *q = &m.sq[i];
		double x0 = gx + q->col * (sz + gap), top = gy - q->row * (sz + gap);
		unsigned fill = q->cls >= 0 ? m.classes[q->cls].fill : TILEMAP_ABSENT_FILL;
		unsigned ink = q->cls >= 0 ? m.classes[q->cls].text : TILEMAP_ABSENT_TEXT;
		struct pdf_rgb f = rgb_of(fill), k = rgb_of(ink), edge = rgb_of(TILEMAP_EDGE);

		pdf_gfx_fill_rect(pl->g, x0, top - sz, sz, sz, &f);
		if (q->cls < 0)
			outline(pl, x0, top - sz, sz, sz, &edge);
		centered(pl, PDF_SANS_BOLD, fs, x0 + sz / 2, top - sz / 2 + 1, q->code, &k);
		if (*q->value)
			centered(pl, PDF_SANS, fs, x0 + sz / 2, top - sz / 2 - fs, q->value, &k);
	}
	pl->y = gy - grid_h - 8;
	x = pl->x;
	pdf_gfx_text(pl->g, PDF_SANS_BOLD, fs, x, pl->y - fs + 1.5, t->cols[m.value_col].name,
		     strlen(t->cols[m.value_col].name), &pdf_black);
	x += pdf_gfx_width(pl->g, PDF_SANS_BOLD, fs, t->cols[m.value_col].name,
			   strlen(t->cols[m.value_col].name)) + 8;
	for (i = 0; i < m.nclasses; i++)
		x = legend_item(pl, x, pl->y - fs, fs, m.classes[i].fill, 0, m.classes[i].label);
	legend_item(pl, x, pl->y - fs, fs, TILEMAP_ABSENT_FILL, 1, m.absent_label);
	pdf_gfx_tag_close(pl->g);
	pl->y -= legend_h;
	pl->frame_used = 1;
	rc = pdf_source_notes(pl, t, m.note);
out:
	free(caption);
	strbuf_release(&alt);
	strbuf_release(&id);
	tilemap_release(&m);
	return rc;
}
