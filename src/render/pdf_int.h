/*
 * pdf_int.h - inside the PDF writer: the drawing door and the layout.
 *
 * pdf.c is the only file that includes <hpdf.h>. It exposes a small
 * drawing door (pdf_gfx_*): fonts with a CJK fallback per run of text, text
 * measured and drawn in UTF-8, rules and boxes, pages, bookmarks, links and
 * document properties. Everything above it (pdf_layout.c: pages, frames,
 * text, contents; pdf_table.c: tables and the streamed appendix;
 * pdf_chart.c: bar charts) sees only plain numbers and strings.
 *
 * The layout runs the templates more than once: first only measuring (the
 * door draws nothing), so that every heading, table and figure knows its
 * page; then drawing, with the contents filled from the measuring pass.
 * Each pass streams the appendix again, so nothing large is ever held.
 */
#ifndef SCTA_PDF_INT_H
#define SCTA_PDF_INT_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/analysis.h"
#include "util/strbuf.h"

struct scta_err;
struct render_input;
struct tpl_event;
struct tpl_span;

/* ---------- the drawing door (pdf.c) ---------- */

enum pdf_font {
	PDF_SERIF, PDF_SERIF_BOLD, PDF_SERIF_ITALIC, PDF_SERIF_BOLD_ITALIC,
	PDF_SANS, PDF_SANS_BOLD, PDF_SANS_ITALIC, PDF_SANS_BOLD_ITALIC,
	PDF_FONT__COUNT
};

struct pdf_rgb {
	double r, g, b;
};

/* Font files: TrueType paths; the CJK one may be "file.ttc:N" (face N). */
struct pdf_fonts {
	const char *path[PDF_FONT__COUNT];
	const char *cjk;            /* NULL or "" when there is none */
};

struct pdf_gfx;

/* Fonts are loaded when first used. *out is owned by the caller (pdf_gfx_free). */
int pdf_gfx_new(const struct pdf_fonts *fonts, struct pdf_gfx **out, struct scta_err *err);
void pdf_gfx_free(struct pdf_gfx *g);
/* While off, drawing calls do nothing (the measuring pass). */
void pdf_gfx_set_drawing(struct pdf_gfx *g, int on);
/* The first failure so far (sticky), copied into err; 0 when none. */
int pdf_gfx_error(const struct pdf_gfx *g, struct scta_err *err);

/* Width in points of UTF-8 s[0..len) in font f at size. */
double pdf_gfx_width(struct pdf_gfx *g, enum pdf_font f, double size, const char *s, size_t len);
/* Draw s[0..len) with its baseline starting at (x, y). */
void pdf_gfx_text(struct pdf_gfx *g, enum pdf_font f, double size, double x, double y,
	       const char *s, size_t len, const struct pdf_rgb *color);
void pdf_gfx_fill_rect(struct pdf_gfx *g, double x, double y, double w, double h,
		    const struct pdf_rgb *color);
void pdf_gfx_line(struct pdf_gfx *g, double x1, double y1, double x2, double y2, double width,
	       const struct pdf_rgb *color);
/* Start a new letter-size page (when drawing); returns its index from 0. */
int pdf_gfx_add_page(struct pdf_gfx *g);
/* A bookmark under parent (-1: top level) to (page, y); returns its id. */
int pdf_gfx_outline(struct pdf_gfx *g, int parent, const char *title, int page, double y);
/* A link from a rectangle on page to (target page, y), made when saving. */
void pdf_gfx_link(struct pdf_gfx *g, int page, double x, double y, double w, double h,
	       int target, double target_y);
/*
 * The structure tree (a tagged PDF). Elements nest in the order opened;
 * what is drawn belongs to the innermost open element (marked content
 * with an MCID), unless that element only groups others (Document, L, LI,
 * Table, TR, TOC...) or an artifact is set: then it is an artifact. All of
 * these do nothing while measuring.
 */
enum pdf_artifact { PDF_ART_NONE, PDF_ART_LAYOUT, PDF_ART_PAGINATION, PDF_ART_HEADER,
		    PDF_ART_FOOTER };
/* A child of the innermost open element, opened; returns its id (-1 measuring). */
int pdf_gfx_tag_open(struct pdf_gfx *g, const char *role);
void pdf_gfx_tag_close(struct pdf_gfx *g);
/* Open again an element made before (a table cell continued on the next page). */
void pdf_gfx_tag_resume(struct pdf_gfx *g, int id);
/* Alternative text and/or a table header's scope ("Column", "Row"); NULL: none. */
void pdf_gfx_tag_attr(struct pdf_gfx *g, int id, const char *alt, const char *scope);
/* What is drawn from now on is artifact a (PDF_ART_NONE: content again); returns the previous. */
enum pdf_artifact pdf_gfx_artifact(struct pdf_gfx *g, enum pdf_artifact a);
/* 1 while an artifact is set. */
int pdf_gfx_in_artifact(const struct pdf_gfx *g);
/* The document's natural language (BCP 47, "en-US"), copied. */
void pdf_gfx_lang(struct pdf_gfx *g, const char *lang);
/*
 * Where finished pages' content is kept until the document is saved (a
 * scratch file, removed when g is freed); NULL: the system's temporary
 * directory. Copied.
 */
void pdf_gfx_tmpdir(struct pdf_gfx *g, const char *dir);
/* Document properties; the dates are fixed from the report date. */
int pdf_gfx_info(struct pdf_gfx *g, const char *title, const char *author, const char *subject,
	      const char *keywords, const char *creator, int year, int month, int day,
	      struct scta_err *err);
int pdf_gfx_save(struct pdf_gfx *g, const char *path, struct scta_err *err);

/* ---------- contents: what a pass found where ---------- */

enum pdf_toc_kind { PDF_TOC_HEADING, PDF_TOC_TABLE, PDF_TOC_FIGURE };

struct pdf_toc_entry {
	enum pdf_toc_kind kind;
	int level;               /* heading level */
	int body;                /* in the body (listed in the contents) */
	char *text;              /* plain text, "Table 3: title" for tables */
	char *id;                /* table id for tables and figures, else NULL */
	int number;              /* table or figure number, 0 = unnumbered */
	char label[16];          /* printed page number: "iii", "12" */
	int page;                /* page index */
	double y;
};

struct pdf_toc {
	struct pdf_toc_entry *v;
	size_t n, cap;
	int pages;               /* pages laid out */
	/* Column widths of each streamed detail (in order), measured once and
	 * handed on to later passes; not compared by pdf_toc_equal. */
	double **detail_w;
	size_t ndetail_w, capdetail_w;
};

void pdf_toc_release(struct pdf_toc *t);
int pdf_toc_equal(const struct pdf_toc *a, const struct pdf_toc *b);

/*
 * One pass over the report template `tpl`: measuring (drawing off) or
 * drawing into g. `prev` holds the previous pass's entries for the
 * contents (empty on the first pass); this pass's are put in *out.
 */
int pdf_layout_run(struct pdf_gfx *g, const struct render_input *in, const char *tpl,
		   const struct pdf_toc *prev, int drawing, struct pdf_toc *out, struct scta_err *err);

/* ---------- shared by the layout files ---------- */

enum pdf_part { PDF_PART_NONE, PDF_PART_COVER, PDF_PART_FRONT, PDF_PART_BODY };

/* A piece of text in one font, before wrapping. */
struct pdf_run {
	const char *s;
	size_t len;
	enum pdf_font font;
	double size;
};

/* Wrapping output: boxes (words), glue (spaces), breaks (between CJK). */
struct pdf_item {
	unsigned char type;      /* PDF_ITEM_BOX, PDF_ITEM_GLUE, PDF_ITEM_BREAK, PDF_ITEM_NEWLINE */
	unsigned char font;
	float size;
	const char *s;
	size_t len;
	double w;
};

struct pdf_line {
	size_t first, n;         /* items */
	double width;
	double size;             /* largest font size on the line */
};

struct pdf_wrap {
	double base;             /* font size of an empty line */
	struct pdf_item *items;
	size_t nitems, capi;
	struct pdf_line *lines;
	size_t nlines, capl;
};

/* A line of a wrapped single-style string (a table cell). */
struct pdf_sub {
	const char *s;
	size_t len;
	double w;
};

struct pdf_pending {
	int level;
	char *buf;
	struct tpl_span *spans;
	size_t nspans;
};

struct pdf_layout {
	struct pdf_gfx *g;
	const struct render_input *in;
	struct scta_err *err;
	int drawing;
	const struct pdf_toc *prev;
	struct pdf_toc toc;

	int page;                /* index of the open page, -1 none */
	int page_open;
	enum pdf_part part;
	int front_no, body_no;
	char label[16];

	/* the frame being filled: one column of the page */
	double x, w, y, top, bottom;
	int ncols, col;
	double colx[2], colw[2], col_top, col_low;
	int frame_used;
	int after_list;          /* the last block was a list item */
	int list_level;          /* level of the list item being laid out */
	int list_depth;          /* lists open in the structure tree */
	int tag_level;           /* level of the last heading tagged, 0 none */
	int tag_src[7];          /* the template level each tagged level came from */

	int ntables, nfigures;
	int outline_at[4];       /* last bookmark at levels 1..3, -1 none */

	struct pdf_pending *pend;
	size_t npend, cappend;

	struct pdf_wrap wrap;    /* rich text (paragraphs, headings) */
	struct pdf_wrap pwrap;   /* single-style text (cells, labels) */
	struct pdf_wrap hwrap;   /* held-back headings, drawn while a block waits */
	struct strbuf sb;
	char *footer_right;      /* "NUMBER  SHORT TITLE" */
	const char *marking;     /* a restricted edition's (render_marking), or NULL */
	int page_band;           /* the open page has the cover's band at its top */

	size_t ndetails;         /* ::: detail directives met so far */

	const char *ev_file;     /* the event being laid out, for messages */
	int ev_line;
};

/* The lowest a frame reaches: the footer sits below it. */
#define PDF_BOTTOM 68.0

enum { PDF_ITEM_BOX, PDF_ITEM_GLUE, PDF_ITEM_BREAK, PDF_ITEM_NEWLINE };

extern const struct pdf_rgb pdf_black, pdf_navy, pdf_blue, pdf_gray, pdf_light, pdf_rule,
	pdf_white, pdf_head_fill;

/* pdf_layout.c */
int pdf_fail(struct pdf_layout *pl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int pdf_check(struct pdf_layout *pl);
int pdf_next_frame(struct pdf_layout *pl);
int pdf_open_page(struct pdf_layout *pl);
int pdf_flush_pending(struct pdf_layout *pl, double need_after);
/* End every list open in the structure tree. */
void pdf_list_close(struct pdf_layout *pl);
double pdf_frame_height(const struct pdf_layout *pl);
size_t pdf_wrap_plain(struct pdf_layout *pl, enum pdf_font f, double size, const char *s,
		     double maxw, struct pdf_sub **lines, size_t *cap);
double pdf_lead(double size);
double pdf_baseline(double top, double size);
int pdf_paragraph_plain(struct pdf_layout *pl, const char *s, enum pdf_font f, double size,
		       double indent, const struct pdf_rgb *color, double after);
void pdf_toc_add(struct pdf_layout *pl, enum pdf_toc_kind kind, int level, const char *text,
		 const char *id, int number, double y);
int pdf_caption(struct pdf_layout *pl, const char *text);
int pdf_source_notes(struct pdf_layout *pl, const struct table *t, const char *extra_note);
double pdf_source_notes_height(struct pdf_layout *pl, const struct table *t,
			       const char *extra_note);
/* The printed text of c: c->s for text, else formatted into buf. */
const char *pdf_cell_text(const struct cell *c, char *buf, size_t size);

/* pdf_table.c */
int pdf_table(struct pdf_layout *pl, const struct table *t);
/* A detail listing (::: detail NAME [N]): its first limit rows (0: all). */
int pdf_detail(struct pdf_layout *pl, enum detail_kind kind, size_t limit);

/* pdf_chart.c */
int pdf_chart(struct pdf_layout *pl, const struct table *t, size_t max_bars);
/* The tile-grid map of column `column` (NULL: the default) of t (render/tilemap.h). */
int pdf_map(struct pdf_layout *pl, const struct table *t, const char *column);

#endif
