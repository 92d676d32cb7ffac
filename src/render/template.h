/*
 * template.h - Markdown report templates (md4c) with {{placeholders}} and
 * directives, turned into a stream of layout events for the PDF and HTML writers.
 *
 * A template is Markdown (CommonMark, raw HTML shown as text). `{{name}}`
 * inserts a headline figure (analysis_figure) or a report setting:
 * organization, title, short_title, topic, number, addressee, author,
 * date ("November 2026"), year, cpi_year, cpi_max, recommendations_n (how
 * many recommendations the configuration makes), marking (a restricted
 * edition's marking) and audience_note (the sentence saying what a public
 * edition leaves out; render_audience_note); these two have a value only in
 * their edition, so they stand inside `::: if audience ...`. Counts print with
 * thousands separators, percents as "42%". `{{ID|one|many}}` prints count
 * ID with its noun in agreeing number: `{{in_scope_states|state|states}}`
 * gives "1 state" or "48 states". `{{table:ID}}` and
 * `{{figure:ID}}` print the number the writer gave that table or figure
 * ("table 3"; `{{Table:ID}}` gives "Table 3" to start a sentence).
 *
 * A line `::: NAME ARG` is a directive. template.c checks the name and its
 * argument and hands the rest to the writer:
 *   include FILE       render FILE (relative to this template) in place
 *   part cover|front|body   start a new page in that part of the report:
 *                      cover (no page number), front matter (roman), body
 *   pagebreak          start a new page
 *   columns [A:B]      lay out what follows in two columns (width ratio A:B)
 *   column             continue in the next column
 *   endcolumns         back to one column, below the longer column
 *   contents           table of contents with page numbers
 *   table ID           analysis table ID, numbered "Table N: title"
 *   tables PREFIX      every analysis table whose id begins with PREFIX
 *   figure ID [N]      a chart of table ID (first N bars), "Figure N: title"
 *   map ID [COLUMN]    a tile-grid map of the states (render/tilemap.h) shaded
 *                      by column COLUMN of table ID (its header; default: the
 *                      chart's column), "Figure N: Map: title"; ID needs a
 *                      column State of postal codes
 *   recommendations    the numbered recommendations of the configuration
 *   questionnaire      every question by topic with its answer options
 *   detail scope       the partnerships in scope, streamed page by page
 *   sources            the input files with SHA-256 and row counts
 *   data_note          the [report] data_note caveat, set off as a quote
 *                      (nothing when the configuration has none)
 * Blocks, which nest and must close with `::: end`:
 *   if [not] topic NAME...   keep what follows when the questionnaire has
 *                      a question (other than free text) on any NAME
 *   if [not] table ID / if [not] figure ID   when the report has that
 *                      table / that chart; `::: else` starts the other side
 *   if [not] compare   when the report compares with an earlier round
 *                      (--compare: the changes_* tables and compare_* figures)
 *   if [not] audience public|restricted   in a public / restricted edition
 *                      ([report] audience)
 *   for topic          repeat for each topic the questionnaire asks about
 *                      (not free text only), in report order; inside,
 *                      {{topic_name}} (also in directive arguments),
 *                      {{topic_title}}, {{topic_summary}}, {{out_of_base}}
 * Outside a loop: {{topic_title:NAME}}, {{topic_summary:NAME}} (the
 * questionnaire's [topic:NAME], or a sentence made from the labels of the
 * topic's questions) and {{out_of_base}} (the answers every scale keeps out
 * of percentage bases, "Don't know and Not applicable").
 * The PDF report and the HTML edition start from report.md in the templates directory.
 * HTML comments (<!-- -->) are dropped and runs of white space collapse.
 * An unknown placeholder, table or directive is an error naming the
 * template file and line ("templates/letter.md:14: unknown placeholder
 * {{in_scop}}"); so are constructs a report cannot show (code blocks,
 * images).
 */
#ifndef SCTA_TEMPLATE_H
#define SCTA_TEMPLATE_H

#include <stddef.h>

struct scta_err;
struct strbuf;
struct render_input;

enum tpl_block {
	TPL_HEADING,             /* level 1..6 */
	TPL_PARAGRAPH,
	TPL_LIST_ITEM,           /* bullet or numbered, at depth `level` (1..) */
	TPL_QUOTE,               /* a paragraph inside a block quote (level = depth) */
	TPL_RULE,                /* a thematic break (---) */
	TPL_DIRECTIVE            /* ::: name arg */
};

/* A run of text with one style. A "\n" in text is a hard line break. */
struct tpl_span {
	const char *text;
	size_t len;
	unsigned bold : 1, italic : 1, code : 1;
};

struct tpl_event {
	enum tpl_block block;
	int level;               /* heading level, list depth, quote depth */
	int number;              /* list item: its number, 0 = bullet, -1 = a further
				    paragraph of the same item (no marker) */
	const struct tpl_span *spans;   /* valid only during the emit() call */
	size_t nspans;
	const char *directive;   /* TPL_DIRECTIVE: name */
	const char *arg;         /* TPL_DIRECTIVE: argument, trimmed (may be "") */
	const char *file;        /* template file, for messages */
	int line;
};

/*
 * Cross-references, answered by the writer that numbers tables and figures:
 * lookup() appends the number of table (kind "table") or figure ("figure")
 * `id` to out and returns 0, or fills err and returns non-zero.
 */
struct tpl_refs {
	int (*lookup)(void *ctx, const char *kind, const char *id, struct strbuf *out,
		      struct scta_err *err);
	void *ctx;
};

/*
 * Render template file `path`: placeholders are filled from `in` (and
 * cross-references from refs; NULL makes them errors), then each block is
 * handed to emit() in order (`::: include` is followed here, never
 * emitted). emit() returning non-zero stops the walk and that status is
 * returned; emit() should have filled err.
 */
int template_render(const char *path, const struct render_input *in, const struct tpl_refs *refs,
		    int (*emit)(void *ctx, const struct tpl_event *ev, struct scta_err *err),
		    void *ctx, struct scta_err *err);

/*
 * Check template file `path` (and what it includes) as template_render()
 * would render it, without emitting anything, and list every problem in
 * err, one line each, instead of stopping at the first. Returns err's code.
 */
int template_check(const char *path, const struct render_input *in, const struct tpl_refs *refs,
		   struct scta_err *err);

/*
 * The text of placeholder `name` as templates print it, appended to out
 * (for writers that show the same values, e.g. the workbook cover).
 * Fails with SCTA_ERR_CONFIG when the name is unknown or its setting unset.
 */
int template_value(const struct render_input *in, const char *name, struct strbuf *out,
		   struct scta_err *err);

#endif
