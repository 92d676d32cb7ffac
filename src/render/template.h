/*
 * template.h - Markdown report templates (md4c) with {{placeholders}} and
 * directives, turned into a stream of layout events for the PDF writer.
 *
 * A template is Markdown. `{{name}}` inserts a headline figure or report
 * setting; a line `::: table ID` inserts an analysis table, `::: figure ID`
 * a chart of one, and other `::: NAME` directives ask for generated parts
 * (see template.c). An unknown placeholder, table or directive is an error
 * naming the template file and line.
 */
#ifndef SCTA_TEMPLATE_H
#define SCTA_TEMPLATE_H

#include <stddef.h>

struct scta_err;
struct render_input;

enum tpl_block {
	TPL_HEADING,             /* level 1..6 */
	TPL_PARAGRAPH,
	TPL_LIST_ITEM,           /* bullet or numbered (number > 0) at depth */
	TPL_QUOTE,               /* a paragraph inside a block quote */
	TPL_DIRECTIVE            /* ::: name arg */
};

/* A run of text with one style. */
struct tpl_span {
	const char *text;
	size_t len;
	unsigned bold : 1, italic : 1, code : 1;
};

struct tpl_event {
	enum tpl_block block;
	int level;               /* heading level, list depth */
	int number;              /* list item number (0 = bullet) */
	const struct tpl_span *spans;
	size_t nspans;
	const char *directive;   /* TPL_DIRECTIVE: name */
	const char *arg;         /* TPL_DIRECTIVE: argument (may be "") */
	const char *file;        /* template file, for messages */
	int line;
};

/*
 * Render template file `path`: placeholders are filled from `in`, then each
 * block is handed to emit() in order. emit() returning non-zero stops the
 * walk and that status is returned.
 */
int template_render(const char *path, const struct render_input *in,
		    int (*emit)(void *ctx, const struct tpl_event *ev, struct scta_err *err),
		    void *ctx, struct scta_err *err);

#endif
