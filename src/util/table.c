/*
 * table.c - the report table: columns, rows of cells, base, notes and chart hint,
 * computed tables' rows made on demand (one row per thread), and the plain-text
 * form of a cell (see table.h).
 */
#include "util/table.h"
#include "util/mem.h"
#include "util/strbuf.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static atomic_uint_least64_t next_serial = 1;

/*
 * The row of a computed table last made on this thread (a pthread key, so
 * the row of a thread that ends is freed; the row of the table being freed
 * is freed by table_free on its thread).
 */
struct rowcache {
	uint64_t serial;     /* of the table, 0: none */
	size_t row, ncols;
	struct cell *cells;
	size_t cap;
};

static pthread_key_t row_key;
static pthread_once_t row_once = PTHREAD_ONCE_INIT;

static void rowcache_clear(struct rowcache *rc)
{
	size_t i;

	for (i = 0; i < rc->ncols; i++)
		cell_clear(&rc->cells[i]);
	rc->serial = 0;
	rc->ncols = 0;
}

static void rowcache_free(void *p)
{
	struct rowcache *rc = p;

	if (!rc)
		return;
	rowcache_clear(rc);
	free(rc->cells);
	free(rc);
}

static void row_key_make(void)
{
	if (pthread_key_create(&row_key, rowcache_free))
		abort();
}

static struct rowcache *rowcache_get(int make)
{
	struct rowcache *rc;

	(void)pthread_once(&row_once, row_key_make);
	rc = pthread_getspecific(row_key);
	if (!rc && make) {
		rc = xcalloc(1, sizeof(*rc));
		if (pthread_setspecific(row_key, rc))
			abort();
	}
	return rc;
}

struct table *table_new(const char *id, const char *title)
{
	struct table *t = xcalloc(1, sizeof(*t));

	t->id = xstrdup(id);
	t->title = xstrdup(title);
	t->serial = atomic_fetch_add(&next_serial, 1);
	return t;
}

void table_set_rows(struct table *t, size_t nrows,
		    void (*fill)(const void *ctx, size_t row, struct cell *out), void *ctx,
		    void (*fill_free)(void *ctx))
{
	t->nrows = nrows;
	t->fill = fill;
	t->fill_ctx = ctx;
	t->fill_free = fill_free;
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
	if (t->fill) {
		struct rowcache *rc = rowcache_get(0);

		if (rc && rc->serial == t->serial) {
			rowcache_free(rc);
			(void)pthread_setspecific(row_key, NULL);
		}
		if (t->fill_free)
			t->fill_free(t->fill_ctx);
	}
	for (i = 0; t->cells && i < t->nrows * t->ncols; i++)
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
	struct rowcache *rc;

	if (!t->fill)
		return &t->cells[row * t->ncols + col];
	rc = rowcache_get(1);
	if (rc->serial != t->serial || rc->row != row) {
		rowcache_clear(rc);
		XGROW(rc->cells, rc->cap, t->ncols);
		memset(rc->cells, 0, t->ncols * sizeof(*rc->cells));
		rc->ncols = t->ncols;
		t->fill(t->fill_ctx, row, rc->cells);
		rc->serial = t->serial;
		rc->row = row;
	}
	return &rc->cells[col];
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
