/*
 * table.h - the plain data the analysis hands to every writer.
 *
 * A struct table is one published table: a stable id, a title, typed
 * columns, rows of cells, the base (n) of its percentages, notes and a
 * source line. Writers (xlsx, pdf, json, templates) only read tables; none
 * recomputes a figure. A struct figure is one named headline number.
 *
 * Ownership: a table owns every string and cell in it; table_free() releases
 * all. Cell strings are owned by their cell.
 *
 * A computed table (table_set_rows) stores no cells: its rows are made on
 * demand from a compact source it owns, so a table of a million rows (every
 * value of every question of a big questionnaire) costs its source, not a
 * million rows of cells. Writers read it as any table, through table_cell().
 */
#ifndef SCTA_TABLE_H
#define SCTA_TABLE_H

#include <stddef.h>
#include <stdint.h>

enum cell_kind {
	CELL_NULL = 0,  /* empty / not applicable */
	CELL_TEXT,      /* s */
	CELL_INT,       /* i: counts */
	CELL_REAL,      /* d: scores, weights, index values */
	CELL_PCT        /* d: a fraction 0..1, printed as a percent */
};

struct cell {
	enum cell_kind kind;
	int64_t i;
	double d;
	char *s;        /* owned when kind == CELL_TEXT */
};

struct table_col {
	char *name;             /* header text */
	enum cell_kind kind;    /* what the column holds (cells may be CELL_NULL) */
};

struct table {
	char *id;               /* stable machine name, e.g. "scope_by_country" */
	char *title;            /* without "Table N:"; writers number tables */
	char *topic;            /* grouping: "scope", "transparency", ... or NULL */
	char *base;             /* what n counts, e.g. "n = 938 partnerships in scope" */
	char *source;           /* full "Source: ..." line text, without "Source: " */
	char **notes;           /* each a "Note:" sentence */
	size_t nnotes;
	struct table_col *cols;
	size_t ncols;
	struct cell *cells;     /* row-major, nrows * ncols */
	size_t nrows, cap;
	int has_total;          /* the last row is a total row */
	char *empty;            /* what the table says when it has no rows, or NULL ("No rows.") */
	/* Chart hint for writers: CHART_NONE, a bar per row of label column 0
	 * and value column chart_col, or rows stacked over chart_col..ncols-1. */
	enum { CHART_NONE = 0, CHART_BAR, CHART_STACKED } chart;
	size_t chart_col;
	size_t chart_ncols;     /* for CHART_STACKED: how many columns from chart_col */
	/* A computed table (table_set_rows): cells is NULL, rows are made by fill. */
	void (*fill)(const void *ctx, size_t row, struct cell *out);
	void *fill_ctx;                    /* owned, released by fill_free */
	void (*fill_free)(void *ctx);
	uint64_t serial;                   /* tells tables apart in the per-thread row */
};

/* Create an empty table; id and title are copied. Caller frees with table_free. */
struct table *table_new(const char *id, const char *title);
void table_free(struct table *t);
/* Append a column (name copied). Only before the first row. */
void table_add_col(struct table *t, const char *name, enum cell_kind kind);
/* Append a row of ncols CELL_NULL cells; returns them (valid until the next add). */
struct cell *table_add_row(struct table *t);
/*
 * The cell at (row, col). For a stored table, a pointer into the table. For a
 * computed table, a cell of the row made on the calling thread: the row's
 * cells stay valid until this thread asks table_cell() for another row or
 * table (several threads may read one computed table at once). Writers read
 * a row's cells before they ask for the next row.
 */
struct cell *table_cell(const struct table *t, size_t row, size_t col);
/*
 * Make t a computed table of nrows rows: fill(ctx, row, out) sets out[0 ..
 * ncols-1] (given as CELL_NULL cells, set with cell_text/cell_int/...; the
 * caller frees them) to the cells of that row, the same every time. t takes
 * ctx (fill_free(ctx) at table_free; NULL: nothing to free). After the
 * columns, instead of rows (table_add_row must not be used on it).
 */
void table_set_rows(struct table *t, size_t nrows,
		    void (*fill)(const void *ctx, size_t row, struct cell *out), void *ctx,
		    void (*fill_free)(void *ctx));
void table_add_note(struct table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void table_set_base(struct table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void table_set_source(struct table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void table_set_topic(struct table *t, const char *topic);

void cell_text(struct cell *c, const char *s);   /* copies s; NULL -> CELL_NULL */
void cell_int(struct cell *c, int64_t v);
void cell_real(struct cell *c, double v);
void cell_pct(struct cell *c, int64_t num, int64_t den);  /* den 0 -> CELL_NULL */
void cell_clear(struct cell *c);                 /* free and reset to CELL_NULL */
void cell_copy(struct cell *dst, const struct cell *src);
/*
 * Format for plain text: counts as integers, percents as "42%" ("<1%" for a
 * share above zero that would round to 0%), reals "%.2f".
 */
void cell_format(const struct cell *c, char *buf, size_t size);

struct figure {
	char *id;               /* placeholder name, e.g. "in_scope" */
	char *label;            /* one-line description */
	struct cell value;
};

#endif
