/*
 * tilemap.c - the state tile-grid map's grid, classes, colours, legend and
 * note (tilemap.h), shared by the PDF and the workbook.
 *
 * Colours: ColorBrewer's sequential "Blues" (Cynthia Brewer, colorbrewer2.
 * org, Apache-2.0 licence), 5 classes for counts and 4 for percents. A
 * single-hue ramp from light to dark reads in grey print and for the
 * common colour-vision deficiencies because only its lightness needs
 * telling apart; tests/unit/test_pdf.c checks that lightness falls class by
 * class. The breaks are fixed (not quantiles), so the same count has the
 * same shade in every report.
 */
#include "render/tilemap.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/strbuf.h"
#include "util/text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* NPR Visuals' square tile grid (see tilemap.h), then the territories. */
const struct tilemap_tile tilemap_tiles[TILEMAP_NTILES] = {
	{ "AK", 0, 0 }, { "ME", 11, 0 },
	{ "WI", 6, 1 }, { "VT", 10, 1 }, { "NH", 11, 1 },
	{ "WA", 1, 2 }, { "ID", 2, 2 }, { "MT", 3, 2 }, { "ND", 4, 2 }, { "MN", 5, 2 },
	{ "IL", 6, 2 }, { "MI", 7, 2 }, { "NY", 9, 2 }, { "MA", 10, 2 },
	{ "OR", 1, 3 }, { "NV", 2, 3 }, { "WY", 3, 3 }, { "SD", 4, 3 }, { "IA", 5, 3 },
	{ "IN", 6, 3 }, { "OH", 7, 3 }, { "PA", 8, 3 }, { "NJ", 9, 3 }, { "CT", 10, 3 },
	{ "RI", 11, 3 },
	{ "CA", 1, 4 }, { "UT", 2, 4 }, { "CO", 3, 4 }, { "NE", 4, 4 }, { "MO", 5, 4 },
	{ "KY", 6, 4 }, { "WV", 7, 4 }, { "VA", 8, 4 }, { "MD", 9, 4 }, { "DE", 10, 4 },
	{ "AZ", 2, 5 }, { "NM", 3, 5 }, { "KS", 4, 5 }, { "AR", 5, 5 }, { "TN", 6, 5 },
	{ "NC", 7, 5 }, { "SC", 8, 5 }, { "DC", 9, 5 },
	{ "OK", 4, 6 }, { "LA", 5, 6 }, { "MS", 6, 6 }, { "AL", 7, 6 }, { "GA", 8, 6 },
	{ "HI", 0, 7 }, { "TX", 4, 7 }, { "FL", 9, 7 }, { "PR", 10, 8 }, { "VI", 11, 8 },
	{ "GU", 0, 8 }, { "MP", 1, 8 }, { "AS", 2, 8 },
};

static const struct tilemap_class count_classes[] = {
	{ "0", 0xEFF3FFu, 0x000000u, 0 },
	{ "1 to 4", 0xBDD7E7u, 0x000000u, 1 },
	{ "5 to 19", 0x6BAED6u, 0x000000u, 5 },
	{ "20 to 49", 0x3182BDu, 0xFFFFFFu, 20 },
	{ "50 or more", 0x08519Cu, 0xFFFFFFu, 50 },
};

static const struct tilemap_class pct_classes[] = {
	{ "Under 25%", 0xEFF3FFu, 0x000000u, 0 },
	{ "25% to 49%", 0xBDD7E7u, 0x000000u, 25 },
	{ "50% to 74%", 0x6BAED6u, 0x000000u, 50 },
	{ "75% or more", 0x2171B5u, 0xFFFFFFu, 75 },
};

double tilemap_lightness(unsigned rgb)
{
	double c[3], y;
	int i;

	for (i = 0; i < 3; i++) {
		double v = (double)((rgb >> (16 - 8 * i)) & 0xFF) / 255.0;

		c[i] = v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
	}
	y = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
	return y > 216.0 / 24389.0 ? 116.0 * cbrt(y) - 16.0 : y * 24389.0 / 27.0;
}

static int find_col(const struct table *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		if (text_ieq_trimmed(t->cols[i].name, name))
			return (int)i;
	return -1;
}

static int mappable(enum cell_kind k)
{
	return k == CELL_INT || k == CELL_PCT;
}

/* The column a map shows by default: the chart's, else the first count. */
static int default_col(const struct table *t, size_t state_col)
{
	size_t i;

	if (t->chart == CHART_BAR && t->chart_col < t->ncols && mappable(t->cols[t->chart_col].kind))
		return (int)t->chart_col;
	for (i = 0; i < t->ncols; i++)
		if (i != state_col && t->cols[i].kind == CELL_INT)
			return (int)i;
	return -1;
}

static int class_of(const struct tilemap *m, const struct cell *c)
{
	double v;
	size_t k;

	if (c->kind == CELL_INT)
		v = (double)c->i;
	else if (c->kind == CELL_PCT)
		v = floor(c->d * 100 + 0.5);   /* the whole percent tables print */
	else
		return -1;
	for (k = m->nclasses; k-- > 0;)
		if (v >= m->classes[k].lo)
			return (int)k;
	return 0;
}

int tilemap_make(const struct table *t, const char *column, struct tilemap *m,
		 struct scta_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	size_t r, i, rows;
	int sc, vc;

	memset(m, 0, sizeof(*m));
	sc = find_col(t, "State");
	if (sc < 0 || t->cols[sc].kind != CELL_TEXT)
		return scta_err_set(err, SCTA_ERR_CONFIG, "table '%s' has no column State of postal "
				    "codes, so it cannot be mapped", t->id);
	vc = column && *column ? find_col(t, column) : default_col(t, (size_t)sc);
	if (vc < 0 || vc == sc) {
		for (i = 0; i < t->ncols; i++)
			if (mappable(t->cols[i].kind))
				strbuf_addf(&sb, "%s'%s'", sb.len ? ", " : "", t->cols[i].name);
		scta_err_set(err, SCTA_ERR_CONFIG, "table '%s' has no column '%s' to map (it can map "
			     "%s)", t->id, column && *column ? column : "(a count)",
			     sb.len ? sb.buf : "none");
		strbuf_release(&sb);
		return err->code;
	}
	if (!mappable(t->cols[vc].kind))
		return scta_err_set(err, SCTA_ERR_CONFIG, "table '%s': column '%s' is not a count or a "
				    "percent, so it cannot be mapped", t->id, t->cols[vc].name);
	m->t = t;
	m->state_col = (size_t)sc;
	m->value_col = (size_t)vc;
	if (t->cols[vc].kind == CELL_PCT) {
		m->classes = pct_classes;
		m->nclasses = sizeof(pct_classes) / sizeof(pct_classes[0]);
	} else {
		m->classes = count_classes;
		m->nclasses = sizeof(count_classes) / sizeof(count_classes[0]);
	}
	m->absent_label = "Not in the table";
	for (i = 0; i < TILEMAP_NTILES; i++) {
		m->sq[i].code = tilemap_tiles[i].code;
		m->sq[i].col = tilemap_tiles[i].col;
		m->sq[i].row = tilemap_tiles[i].row;
		m->sq[i].cls = -1;
	}
	rows = t->nrows - (t->has_total && t->nrows ? 1 : 0);
	for (r = 0; r < rows; r++) {
		const struct cell *s = table_cell(t, r, (size_t)sc), *v = table_cell(t, r, (size_t)vc);

		if (s->kind != CELL_TEXT || !s->s)
			continue;
		for (i = 0; i < TILEMAP_NTILES; i++)
			if (!strcmp(m->sq[i].code, s->s)) {
				m->sq[i].cls = class_of(m, v);
				if (m->sq[i].cls >= 0)
					cell_format(v, m->sq[i].value, sizeof(m->sq[i].value));
			}
	}
	if (column && *column)
		m->title = xasprintf("Map: %s (%s)", t->title ? t->title : t->id, t->cols[vc].name);
	else
		m->title = xasprintf("Map: %s", t->title ? t->title : t->id);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "Each square is a state, the District of Columbia or a territory, in its "
		    "approximate position (the tile grid of NPR Visuals, with the territories "
		    "added below); it shows the postal code and the table's column %s. Shading "
		    "in fixed classes: ", t->cols[vc].name);
	for (i = 0; i < m->nclasses; i++)
		strbuf_addf(&sb, "%s%s", i ? (i + 1 == m->nclasses ? " and " : ", ") : "",
			    m->classes[i].label);
	strbuf_addf(&sb, ". A square without a value is a state the table does not list, or "
		    "whose value it leaves blank.");
	m->note = strbuf_detach(&sb);
	return 0;
}

void tilemap_release(struct tilemap *m)
{
	if (!m)
		return;
	free(m->title);
	free(m->note);
	memset(m, 0, sizeof(*m));
}
