/*
 * tilemap.h - the state tile-grid map, format-neutral: one equal square per
 * state, DC and inhabited territory at its approximate position, shaded in
 * fixed classes of one state-level column of an analysis table. The PDF
 * (pdf_chart.c) and the workbook (xlsx.c) draw the same struct tilemap, so
 * positions, classes, colours, legend and note are stated once (tilemap.c).
 *
 * Layout: the square tile grid of NPR Visuals ("Let's Tesselate: Hexagons
 * for tile grid maps", NPR Visuals blog, 2015; its square variant is the
 * one of the R package statebins), written out by hand, with the five
 * inhabited territories added below it (PR and VI by Florida, GU, MP and AS
 * by Hawaii).
 */
#ifndef SCTA_TILEMAP_H
#define SCTA_TILEMAP_H

#include <stddef.h>

#include "util/table.h"

struct scta_err;

#define TILEMAP_COLS 12
#define TILEMAP_ROWS 9
#define TILEMAP_NTILES 56
#define TILEMAP_MAX_CLASSES 5

/* One square of the grid: a USPS code at (col, row), row 0 at the top. */
struct tilemap_tile {
	const char *code;
	int col, row;
};
extern const struct tilemap_tile tilemap_tiles[TILEMAP_NTILES];

/* A class of values: its legend text, fill and text colour (0xRRGGBB). */
struct tilemap_class {
	const char *label;
	unsigned fill, text;
	double lo;              /* counts (whole percents) >= lo, below the next class's lo */
};

/* The fill and text of a square whose state is not in the table. */
#define TILEMAP_ABSENT_FILL 0xFFFFFFu
#define TILEMAP_ABSENT_TEXT 0x595959u
#define TILEMAP_EDGE 0x808080u

struct tilemap_square {
	const char *code;       /* static */
	int col, row;
	int cls;                /* index into classes, -1: not in the table, or no value */
	char value[32];         /* the value as tables print it, "" when absent */
};

struct tilemap {
	const struct table *t;  /* borrowed */
	size_t state_col, value_col;
	char *title;            /* owned: the figure's title (without "Figure N:") */
	char *note;             /* owned: the figure's note (classes, layout) */
	const struct tilemap_class *classes;   /* static */
	size_t nclasses;
	const char *absent_label;              /* legend text for absent squares */
	struct tilemap_square sq[TILEMAP_NTILES];
};

/*
 * Map column `column` (its header, ignoring case; NULL or "" for the
 * default: the table's chart column, else its first count column) of table
 * t, whose column "State" holds USPS codes. Counts are classed 0, 1-4,
 * 5-19, 20-49, 50 or more; percents below 25%, 25-49%, 50-74%, 75% or
 * more. Fails (SCTA_ERR_CONFIG, saying why) when t has no State column or
 * the column is not a count or a percent. *m is released with
 * tilemap_release(); it borrows t.
 */
int tilemap_make(const struct table *t, const char *column, struct tilemap *m,
		 struct scta_err *err);
void tilemap_release(struct tilemap *m);

/* CIE L* (0 black .. 100 white) of an sRGB colour 0xRRGGBB: the ramp's check. */
double tilemap_lightness(unsigned rgb);

#endif
