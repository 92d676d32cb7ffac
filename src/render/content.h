/*
 * content.h - what the report's generated parts say, said once for every
 * format (DESIGN.md section 7, "Add an output format").
 *
 * The template directives that make text rather than place it
 * (recommendations, questionnaire, sources, data_note), the contents list,
 * the caption and note of a streamed detail listing, and the Source and
 * Note lines under a table or figure are built here as plain blocks:
 * headings, paragraphs, numbered items, quotes, questions with their
 * answer options, tables. Each writer (pdf_layout.c, html.c) lays the
 * blocks out in its own way and never builds their words itself.
 */
#ifndef SCTA_CONTENT_H
#define SCTA_CONTENT_H

#include <stddef.h>

#include "analysis/analysis.h"

struct scta_err;
struct strbuf;
struct table;
struct cell;
struct detail_spec;
struct render_input;
struct tpl_event;
struct tpl_span;

enum content_kind {
	CONTENT_HEADING,         /* level; spans: its text */
	CONTENT_PARAGRAPH,       /* spans */
	CONTENT_ITEM,            /* an item of a numbered list: number; spans */
	CONTENT_LIST_END,        /* the numbered list is over */
	CONTENT_QUOTE,           /* a set-off paragraph (level 1); spans */
	CONTENT_QUESTION,        /* spans: the question's id ("Q1.", bold), then " text" */
	CONTENT_OPTIONS,         /* the answers a question takes: options[] for a
				    choice, else answer ("a whole number") and blank
				    (1: a line to write on) */
	CONTENT_TABLE,           /* table */
	CONTENT_TOC_GROUP,       /* the heading of a contents list of its own
				    ("Tables", "Figures"): spans */
	CONTENT_TOC_ENTRY        /* a line of the contents: entry (index into the
				    entries given to content_contents) */
};

struct content_block {
	enum content_kind kind;
	int level;
	int number;
	const struct tpl_span *spans;   /* valid only during the emit() call */
	size_t nspans;
	const char *const *options;
	size_t noptions;
	const char *answer;
	int blank;
	const struct table *table;
	size_t entry;
};

/* Each block is handed to emit(); non-zero stops and is returned (err filled). */
struct content_sink {
	int (*emit)(void *ctx, const struct content_block *b, struct scta_err *err);
	void *ctx;
};

/* 1 when directive `name` is one whose words content_directive() makes. */
int content_says(const char *name);

/*
 * The blocks of directive ev (TPL_DIRECTIVE; content_says(ev->directive)):
 *   recommendations  numbered items, one per [report] recommendation_N, then
 *                    CONTENT_LIST_END; a paragraph when there are none
 *   questionnaire    per topic in report order a heading (level 3), then per
 *                    question CONTENT_QUESTION and CONTENT_OPTIONS
 *   sources          the input files as a table (SHA-256, rows read, loaded,
 *                    rejected, removed) with its source line and notes
 *   data_note        the [report] data_note as a quote; nothing when unset
 * A problem (no questionnaire loaded) fails naming ev's file and line.
 */
int content_directive(const struct render_input *in, const struct tpl_event *ev,
		      const struct content_sink *sink, struct scta_err *err);

/* What the contents list: found by a writer as it lays out the report. */
enum content_entry_kind { CONTENT_ENTRY_HEADING, CONTENT_ENTRY_TABLE, CONTENT_ENTRY_FIGURE };

struct content_entry {
	enum content_entry_kind kind;
	int level;               /* heading level */
	int body;                /* in the body of the report (front matter is not listed) */
};

/*
 * The contents of entries[0..n): the body's headings of levels 1 and 2,
 * then a group "Tables" with every table of the body and a group "Figures"
 * with every figure, each group only when it has entries.
 */
int content_contents(const struct content_entry *entries, size_t n,
		     const struct content_sink *sink, struct scta_err *err);

/*
 * The caption of a streamed detail listing and the note under it (naming
 * its workbook sheet). Caller frees.
 */
char *content_detail_caption(const struct detail_spec *spec);
/*
 * The note names the workbook that lists the rows: the document's own, or
 * (when the edition writes none) the whole-store study edition's by file
 * name; with neither, no workbook is named.
 */
char *content_detail_note(const struct render_input *in, const struct detail_spec *spec);

/*
 * One reading of `::: detail NAME [N]` for the template check and every
 * writer: NAME is scope, members or partners; N (1 to 10000) lists at most
 * the first N rows (0 in *limit: every row). Returns 0; -1 for an unknown
 * NAME, -2 for a bad N, with the reason in why.
 */
int content_detail_target(const char *arg, enum detail_kind *kind, size_t *limit, char *why,
			  size_t whysz);

/*
 * The note under a detail listing cut at its row limit: the listing's
 * description, then one sentence saying how many of how many rows it shows
 * and which workbook lists them all, as content_detail_note names it, or
 * that none does (shown < total). Caller frees.
 */
char *content_detail_note_cut(const struct render_input *in, const struct detail_spec *spec,
			      size_t shown, size_t total);

/*
 * The "Source: ..." line under table t (NULL: a table not of the analysis)
 * and its "Note: ..." line (base, notes, then extra_note; nothing appended
 * when there is none), appended to src and note. Every numbered table
 * names the workbook sheet that holds its data.
 */
void content_table_notes(const struct render_input *in, const struct table *t,
			 const char *extra_note, struct strbuf *src, struct strbuf *note);

/* The note of a figure that draws only the first n of the table's rows (caller frees). */
char *content_figure_shows(size_t n, size_t rows);

/*
 * The printed text of c: c->s for text, counts with thousands separators,
 * an em dash for a null (as GAO prints "not applicable"), else cell_format()
 * into buf (size bytes).
 */
const char *content_cell_text(const struct cell *c, char *buf, size_t size);

/*
 * What ::: table ID, ::: figure ID [N] and ::: map ID [COLUMN] name, read
 * once for every writer: the analysis table (NULL when an edition for one
 * unit leaves it out: render_table_omitted(), nothing to write), a
 * figure's first N bars (0: all), a map's column (NULL: its default;
 * points into arg).
 */
struct content_target {
	const struct table *t;
	size_t bars;
	const char *column;
};
/* Read arg of directive d ("table", "figure" or "map"); 0, or -1 with why filled. */
int content_target(const struct render_input *in, const char *d, const char *arg,
		   struct content_target *out, char *why, size_t whysz);

/*
 * Charts, the same in every writer: a cell's plotted value (*ok 0 when it
 * holds no number), a round axis step giving about `want` intervals up to
 * vmax, and whether series colour i of the chart palette (8 colours, in
 * order) is dark, so that its labels are drawn in white.
 */
double content_chart_value(const struct cell *c, int *ok);
double content_nice_step(double vmax, double want, int integer);
int content_chart_dark(size_t i);
/*
 * A stacked chart's row i over columns c0..c0+nseg-1: the sum of its plotted
 * values above zero (0: nothing to draw, "No valid answers"), and *all_pct 1
 * when every cell is a percent or empty (segments are then drawn as given,
 * else as their share of the sum).
 */
double content_stacked_row(const struct table *t, size_t i, size_t c0, size_t nseg,
			   int *all_pct);

/* The chart palette, series colour i at [i % CONTENT_NPALETTE], sRGB 0-255. */
#define CONTENT_NPALETTE 8
extern const unsigned char content_palette[CONTENT_NPALETTE][3];

#endif
