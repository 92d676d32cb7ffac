/*
 * table.c - the report table: columns, rows of cells, base, notes and chart hint,
 * and the plain-text form of a cell (see table.h).
 */
#include "util/table.h"
#include "util/mem.h"
#include "util/strbuf.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct table *table_new(const char *id, const char *title)
{
	struct table *t = xcalloc(1, sizeof(*t));

	t->id = xstrdup(id);
	t->title = xstrdup(title);
	return t;
}

void cell_clear(struct cell *c)
{
	if (c->kind == CELL_TEXT)
		free(c->s);
	memset(c, 0, sizeof(*c));
}

void table_free(struct table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->nrows * t->ncols; i++)
		cell_clear(&t->cells[i]);
	for (i = 0; i < t->ncols; i++)
		free(t->cols[i].name);
	for (i = 0; i < t->nnotes; i++)
		free(t->notes[i]);
	free(t->cells);
	free(t->cols);
	free(t->notes);
	free(t->id);
	free(t->title);
	free(t->topic);
	free(t->base);
	free(t->source);
	free(t->empty);
	free(t);
}

void table_add_col(struct table *t, const char *name, enum cell_kind kind)
{
	t->cols = xrealloc(t->cols, (t->ncols + 1) * sizeof(*t->cols));
	t->cols[t->ncols].name = xstrdup(name);
	t->cols[t->ncols].kind = kind;
	t->ncols++;
}

struct cell *table_add_row(struct table *t)
{
	struct cell *row;

	XGROW(t->cells, t->cap, (t->nrows + 1) * t->ncols);
	row = &t->cells[t->nrows * t->ncols];
	memset(row, 0, t->ncols * sizeof(*row));
	t->nrows++;
	return row;
}

struct cell *table_cell(const struct table *t, size_t row, size_t col)
{
	return &t->cells[row * t->ncols + col];
}

static char *vfmt(const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_vaddf(&sb, fmt, ap);
	return strbuf_detach(&sb);
}

void table_add_note(struct table *t, const char *fmt, ...)
{
	va_list ap;

	t->notes = xrealloc(t->notes, (t->nnotes + 1) * sizeof(*t->notes));
	va_start(ap, fmt);
	t->notes[t->nnotes++] = vfmt(fmt, ap);
	va_end(ap);
}

void table_set_base(struct table *t, const char *fmt, ...)
{
	va_list ap;

	free(t->base);
	va_start(ap, fmt);
	t->base = vfmt(fmt, ap);
	va_end(ap);
}

void table_set_source(struct table *t, const char *fmt, ...)
{
	va_list ap;

	free(t->source);
	va_start(ap, fmt);
	t->source = vfmt(fmt, ap);
	va_end(ap);
}

void table_set_topic(struct table *t, const char *topic)
{
	free(t->topic);
	t->topic = xstrdup(topic);
}

void cell_text(struct cell *c, const char *s)
{
	cell_clear(c);
	if (!s)
		return;
	c->kind = CELL_TEXT;
	c->s = xstrdup(s);
}

void cell_int(struct cell *c, int64_t v)
{
	cell_clear(c);
	c->kind = CELL_INT;
	c->i = v;
}

void cell_real(struct cell *c, double v)
{
	cell_clear(c);
	c->kind = CELL_REAL;
	c->d = v;
}

void cell_pct(struct cell *c, int64_t num, int64_t den)
{
	cell_clear(c);
	if (den <= 0)
		return;
	c->kind = CELL_PCT;
	c->d = (double)num / (double)den;
	c->i = den;     /* the base, for analysis's minimum-base rule */
}

void cell_copy(struct cell *dst, const struct cell *src)
{
	cell_clear(dst);
	*dst = *src;
	if (src->kind == CELL_TEXT)
		dst->s = xstrdup(src->s);
}

void cell_format(const struct cell *c, char *buf, size_t size)
{
	switch (c->kind) {
	case CELL_TEXT:
		snprintf(buf, size, "%s", c->s);
		break;
	case CELL_INT:
		snprintf(buf, size, "%lld", (long long)c->i);
		break;
	case CELL_REAL:
		snprintf(buf, size, "%.2f", c->d);
		break;
	case CELL_PCT:
		/* A share that rounds to 0% but is not zero reads as none: say "<1%". */
		if (c->d > 0 && c->d < 0.005)
			snprintf(buf, size, "%s", "<1%");
		else
			snprintf(buf, size, "%.0f%%", floor(c->d * 100.0 + 0.5));
		break;
	default:
		snprintf(buf, size, "%s", "");
	}
}
