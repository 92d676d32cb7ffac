/*
 * template.c - Markdown report templates: placeholders, directives, md4c.
 *
 * A template is read whole (templates are small) and walked line by line.
 * Directive lines (`::: name arg`) split it into chunks of Markdown; each
 * chunk has its {{placeholders}} replaced by their values before md4c parses
 * it, so a placeholder is checked on the exact line it was written on and a
 * value can never open Markdown syntax (every ASCII punctuation character of
 * a value is backslash-escaped). Placeholders never add or remove line
 * breaks, so md4c's text pointers still tell the template line of a block.
 *
 * md4c reports nested blocks; the writer wants flat leaf blocks (heading,
 * paragraph, list item, quoted paragraph) as runs of styled text, which is
 * what the callbacks below collect and emit().
 */
#include "render/template.h"
#include "render/tilemap.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <md4c.h>

#include "analysis/analysis.h"
#include "config/config.h"
#include "render/content.h"
#include "render/render.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/mem.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/utf8.h"

#define MAX_INCLUDE_DEPTH 8
/* The largest template file, included or not: templates are read whole. */
#define TEMPLATE_MAX (4 << 20)
#define MAX_LIST_DEPTH 32

typedef int (*emit_fn)(void *ctx, const struct tpl_event *ev, struct scta_err *err);

struct span_rec {
	size_t off, len;
	unsigned bold : 1, italic : 1, code : 1;
};

struct list_state {
	int ordered;
	int next;                /* number of the next item */
};

/* State of one walk over one template file (includes get their own). */
struct walk {
	const struct render_input *in;
	const struct tpl_refs *refs;
	emit_fn emit;
	void *ectx;
	struct scta_err *err;
	const char *file;
	int depth;
	const char *root;        /* real path of the top template's directory */
	struct scta_err *all;    /* template_check(): every problem is added here, and the walk goes on */
	const char *topic;       /* inside ::: for topic, the current topic; else NULL */
	struct strbuf pending;   /* Markdown lines since the last directive */

	/* the chunk md4c is parsing, and the template line of each of its lines
	 * (comment lines are left out of chunks) */
	const char *chunk;
	size_t chunk_len;
	int *lmap;
	size_t nlmap, caplmap;
	const char *lpos;        /* line_of(): a position and its chunk line */
	size_t lidx;

	/* the leaf block being collected */
	struct strbuf text;
	struct span_rec *spans;
	size_t nspans, cap;
	int block_line;          /* line of its first text, 0 = none yet */
	int last_line;           /* line of the last text seen */
	int bold, italic, code, img;
	size_t link_start;       /* where the text of the open link began */
	int leaf;                /* 0 none, else an enum tpl_block + 1 */
	int heading_level;

	int quote_depth;
	struct list_state lists[MAX_LIST_DEPTH];
	int list_depth;          /* open UL/OL blocks */
	int li_depth;            /* open LI blocks */
	int li_number;           /* number for the next flush of the innermost LI */

	int status;
};

/* ---------- placeholder values ---------- */

static const char *const month_names[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

/* "1234567" -> "1,234,567" */
static void add_count(struct strbuf *out, long long v)
{
	char digits[32];
	size_t n, i;
	unsigned long long u;

	if (v < 0) {
		strbuf_addch(out, '-');
		u = (unsigned long long)(-(v + 1)) + 1;
	} else {
		u = (unsigned long long)v;
	}
	snprintf(digits, sizeof digits, "%llu", u);
	n = strlen(digits);
	for (i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			strbuf_addch(out, ',');
		strbuf_addch(out, digits[i]);
	}
}

static const struct figure *find_figure(const struct analysis *an, const char *name)
{
	return an ? analysis_figure(an, name) : NULL;
}

/* Value of a report setting; returns 1 if name is a setting (value may be NULL). */
static int setting(const struct scta_config *cfg, const char *name, const char **val, int *num)
{
	*val = NULL;
	*num = -1;
	if (!strcmp(name, "organization"))
		*val = cfg->report.organization;
	else if (!strcmp(name, "title"))
		*val = cfg->report.title;
	else if (!strcmp(name, "short_title"))
		*val = cfg->report.short_title ? cfg->report.short_title : cfg->report.title;
	else if (!strcmp(name, "topic"))
		*val = cfg->report.topic;
	else if (!strcmp(name, "number"))
		*val = cfg->report.number;
	else if (!strcmp(name, "addressee"))
		*val = cfg->report.addressee;
	else if (!strcmp(name, "author"))
		*val = cfg->report.author ? cfg->report.author : cfg->report.organization;
	else if (!strcmp(name, "date") || !strcmp(name, "year"))
		*val = cfg->report.date;
	else if (!strcmp(name, "cpi_year"))
		*num = cfg->scope.cpi_year;
	else if (!strcmp(name, "cpi_max"))
		*num = cfg->scope.cpi_max;
	else if (!strcmp(name, "recommendations_n"))
		*num = (int)cfg->report.nrecommendations;
	else if (!strcmp(name, "unit"))
		*val = cfg->report.unit;
	else if (!strcmp(name, "edition"))
		*val = cfg->report.edition;
	else if (!strcmp(name, "signatory"))
		*val = cfg->report.signatory;
	else if (!strcmp(name, "marking"))
		*val = render_marking(cfg);
	else if (!strcmp(name, "audience_note"))
		*val = render_audience_note(cfg);
	else
		return 0;
	return 1;
}

/*
 * {{ID|one|many}}: count figure ID with its noun in agreeing number,
 * "1 partnership" or "2,336 partnerships".
 */
static int counted(const struct render_input *in, const char *name, struct strbuf *out,
		   struct scta_err *err)
{
	const char *bar1 = strchr(name, '|'), *bar2 = bar1 ? strchr(bar1 + 1, '|') : NULL;
	const struct figure *fig;
	const char *val;
	char id[64];
	size_t n = (size_t)(bar1 - name);
	int64_t v;
	int num;

	if (!bar2 || strchr(bar2 + 1, '|') || n == 0 || n >= sizeof id)
		return scta_err_set(err, SCTA_ERR_CONFIG,
				    "placeholder {{%s}}: expected {{FIGURE|singular|plural}}", name);
	memcpy(id, name, n);
	id[n] = '\0';
	/* A count among the settings (recommendations_n), else a figure. */
	if (in && in->cfg && setting(in->cfg, id, &val, &num) && num >= 0) {
		v = num;
	} else {
		fig = find_figure(in ? in->an : NULL, id);
		if (!fig)
			return scta_err_set(err, SCTA_ERR_CONFIG, "unknown placeholder {{%s}}", id);
		if (fig->value.kind != CELL_INT)
			return scta_err_set(err, SCTA_ERR_CONFIG,
					    "placeholder {{%s}}: %s is not a count", name, id);
		v = fig->value.i;
	}
	add_count(out, (long long)v);
	strbuf_addch(out, ' ');
	if (v == 1)
		strbuf_add(out, bar1 + 1, (size_t)(bar2 - bar1 - 1));
	else
		strbuf_adds(out, bar2 + 1);
	return 0;
}

int template_value(const struct render_input *in, const char *name, struct strbuf *out,
		   struct scta_err *err)
{
	const struct scta_config *cfg = in ? in->cfg : NULL;
	const struct figure *fig;
	const char *val;
	int num;
	char buf[128];

	if (cfg && setting(cfg, name, &val, &num)) {
		if (num >= 0) {
			strbuf_addf(out, "%d", num);
			return 0;
		}
		if (!val && (!strcmp(name, "marking") || !strcmp(name, "audience_note")))
			return scta_err_set(err, SCTA_ERR_CONFIG,
					    "placeholder {{%s}} has a value only in a %s edition: "
					    "write it inside ::: if audience %s", name,
					    name[0] == 'm' ? "restricted" : "public",
					    name[0] == 'm' ? "restricted" : "public");
		if (!val || text_blank(val))
			return scta_err_set(err, SCTA_ERR_CONFIG,
					    "placeholder {{%s}} has no value: set it in [report] of %s",
					    name, cfg->path ? cfg->path : "the configuration");
		if (!strcmp(name, "date") || !strcmp(name, "year")) {
			struct date d;

			if (text_date(val, &d) != 0)
				return scta_err_set(err, SCTA_ERR_CONFIG,
						    "[report] date: expected YYYY-MM or YYYY-MM-DD (got '%s')",
						    val);
			if (!strcmp(name, "year"))
				strbuf_addf(out, "%d", d.y);
			else if (d.m)
				strbuf_addf(out, "%s %d", month_names[d.m - 1], d.y);
			else
				strbuf_addf(out, "%d", d.y);
			return 0;
		}
		strbuf_adds(out, val);
		return 0;
	}
	if (strchr(name, '|'))
		return counted(in, name, out, err);
	if (!strcmp(name, "omitted")) {
		if (in)
			render_omitted_sentence(in, out);
		return 0;
	}
	/* {{nation:ID}}: figure ID of the whole store (the same as {{ID}} without a unit). */
	if (!strncmp(name, "nation:", 7)) {
		const struct analysis *nation = in && in->nation ? in->nation : in ? in->an : NULL;

		name += 7;
		fig = find_figure(nation, name);
		/* A plan (no data) has every figure; an unknown id fails as any other. */
		if (!fig && in && in->an)
			fig = find_figure(in->an, name);
	} else {
		fig = find_figure(in ? in->an : NULL, name);
	}
	if (!fig)
		return scta_err_set(err, SCTA_ERR_CONFIG, "unknown placeholder {{%s}}", name);
	switch (fig->value.kind) {
	case CELL_INT:
		add_count(out, (long long)fig->value.i);
		break;
	case CELL_NULL:
		/* A figure the data cannot give (no responses yet) prints visibly. */
		strbuf_adds(out, "not available");
		break;
	case CELL_TEXT:
		/* Whole: a generated sentence is longer than any number's buffer. */
		strbuf_adds(out, fig->value.s ? fig->value.s : "");
		break;
	default:
		cell_format(&fig->value, buf, sizeof buf);
		strbuf_adds(out, buf);
	}
	return 0;
}

/* ---------- collecting md4c output into leaf blocks ---------- */

/* Template line of p inside the chunk; counts on from the last answer. */
static int line_of(struct walk *w, const char *p)
{
	if (p < w->chunk || p > w->chunk + w->chunk_len || !w->nlmap)
		return w->last_line;
	if (!w->lpos || p < w->lpos) {
		w->lpos = w->chunk;
		w->lidx = 0;
	}
	for (; w->lpos < p; w->lpos++)
		if (*w->lpos == '\n')
			w->lidx++;
	return w->lmap[w->lidx < w->nlmap ? w->lidx : w->nlmap - 1];
}

static int fail(struct walk *w, int line, const char *what)
{
	w->status = scta_err_set(w->err, SCTA_ERR_CONFIG, "%s:%d: %s", w->file, line, what);
	return w->status;
}

static void add_text(struct walk *w, const char *s, size_t len)
{
	struct span_rec *last = w->nspans ? &w->spans[w->nspans - 1] : NULL;
	unsigned b = w->bold > 0, i = w->italic > 0, c = w->code > 0;

	if (!len)
		return;
	if (last && last->off + last->len == w->text.len && last->bold == b &&
	    last->italic == i && last->code == c) {
		last->len += len;
	} else {
		XGROW(w->spans, w->cap, w->nspans + 1);
		last = &w->spans[w->nspans++];
		last->off = w->text.len;
		last->len = len;
		last->bold = b;
		last->italic = i;
		last->code = c;
	}
	strbuf_add(&w->text, s, len);
}

static void reset_block(struct walk *w)
{
	strbuf_reset(&w->text);
	w->nspans = 0;
	w->block_line = 0;
}

/* Emit what has been collected as one block (nothing if it is empty). */
static int flush(struct walk *w, enum tpl_block block, int level, int number)
{
	struct tpl_span *spans = NULL;
	struct tpl_event ev;
	size_t i;
	int rc = 0;

	if (!w->nspans || text_blank(w->text.buf)) {
		reset_block(w);
		return 0;
	}
	spans = xcalloc(w->nspans, sizeof *spans);
	for (i = 0; i < w->nspans; i++) {
		spans[i].text = w->text.buf + w->spans[i].off;
		spans[i].len = w->spans[i].len;
		spans[i].bold = w->spans[i].bold;
		spans[i].italic = w->spans[i].italic;
		spans[i].code = w->spans[i].code;
	}
	memset(&ev, 0, sizeof ev);
	ev.block = block;
	ev.level = level;
	ev.number = number;
	ev.spans = spans;
	ev.nspans = w->nspans;
	ev.file = w->file;
	ev.line = w->block_line ? w->block_line : w->last_line;
	rc = w->emit(w->ectx, &ev, w->err);
	if (rc) {
		if (!w->err || !w->err->code)
			scta_err_set(w->err, rc, "%s:%d: the report writer stopped here", w->file, ev.line);
		w->status = rc;
	}
	free(spans);
	reset_block(w);
	return rc;
}

/* Text directly inside a list item of a tight list (no paragraph block). */
static int flush_li_text(struct walk *w)
{
	int rc;

	if (!w->li_depth || w->leaf || !w->nspans)
		return 0;
	rc = flush(w, TPL_LIST_ITEM, w->list_depth, w->li_number);
	w->li_number = -1;
	return rc;
}

static int on_enter_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	struct walk *w = ud;

	if (w->status)
		return w->status;
	switch (type) {
	case MD_BLOCK_DOC:
		break;
	case MD_BLOCK_QUOTE:
		if (flush_li_text(w))
			return w->status;
		w->quote_depth++;
		break;
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		if (flush_li_text(w))
			return w->status;
		if (w->list_depth >= MAX_LIST_DEPTH)
			return fail(w, w->last_line + 1, "lists nested too deeply");
		w->lists[w->list_depth].ordered = type == MD_BLOCK_OL;
		w->lists[w->list_depth].next =
			type == MD_BLOCK_OL ? (int)((MD_BLOCK_OL_DETAIL *)detail)->start : 0;
		w->list_depth++;
		break;
	case MD_BLOCK_LI: {
		struct list_state *ls = &w->lists[w->list_depth - 1];

		w->li_depth++;
		w->li_number = ls->ordered ? ls->next++ : 0;
		if (w->li_number < 0)
			w->li_number = 0;
		break;
	}
	case MD_BLOCK_HR:
		if (flush_li_text(w))
			return w->status;
		{
			struct tpl_event ev;
			int rc;

			memset(&ev, 0, sizeof ev);
			ev.block = TPL_RULE;
			ev.file = w->file;
			ev.line = w->last_line + 1;
			rc = w->emit(w->ectx, &ev, w->err);
			if (rc)
				w->status = rc;
		}
		break;
	case MD_BLOCK_H:
		w->leaf = TPL_HEADING + 1;
		w->heading_level = (int)((MD_BLOCK_H_DETAIL *)detail)->level;
		break;
	case MD_BLOCK_P:
		if (flush_li_text(w))
			return w->status;
		w->leaf = TPL_PARAGRAPH + 1;
		break;
	case MD_BLOCK_CODE:
		w->leaf = TPL_PARAGRAPH + 1;
		w->code++;
		break;
	case MD_BLOCK_HTML:
		/* MD_FLAG_NOHTML keeps raw HTML as text; this cannot happen. */
		return fail(w, w->last_line + 1, "raw HTML blocks are not supported");
	default:
		return fail(w, w->last_line + 1, "tables are not supported in templates; use ::: table ID");
	}
	return w->status;
}

static int on_leave_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	struct walk *w = ud;

	(void)detail;
	if (w->status)
		return w->status;
	switch (type) {
	case MD_BLOCK_QUOTE:
		w->quote_depth--;
		break;
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		w->list_depth--;
		break;
	case MD_BLOCK_LI:
		flush_li_text(w);
		w->li_depth--;
		w->li_number = -1;
		break;
	case MD_BLOCK_H:
		w->leaf = 0;
		flush(w, TPL_HEADING, w->heading_level, 0);
		break;
	case MD_BLOCK_CODE:
		w->code--;
		w->leaf = 0;
		return fail(w, w->block_line ? w->block_line : w->last_line,
			    "code blocks are not supported in report templates");
	case MD_BLOCK_P:
		w->leaf = 0;
		if (w->li_depth) {
			flush(w, TPL_LIST_ITEM, w->list_depth, w->li_number);
			w->li_number = -1;
		} else if (w->quote_depth) {
			flush(w, TPL_QUOTE, w->quote_depth, 0);
		} else {
			flush(w, TPL_PARAGRAPH, 0, 0);
		}
		break;
	default:
		break;
	}
	return w->status;
}

static int on_enter_span(MD_SPANTYPE type, void *detail, void *ud)
{
	struct walk *w = ud;

	(void)detail;
	if (w->status)
		return w->status;
	switch (type) {
	case MD_SPAN_EM:
		w->italic++;
		break;
	case MD_SPAN_STRONG:
		w->bold++;
		break;
	case MD_SPAN_CODE:
		w->code++;
		break;
	case MD_SPAN_A:
		w->link_start = w->text.len;
		break;
	case MD_SPAN_IMG:
		w->img++;
		break;
	default:
		break;
	}
	return 0;
}

static int on_leave_span(MD_SPANTYPE type, void *detail, void *ud)
{
	struct walk *w = ud;

	if (w->status)
		return w->status;
	switch (type) {
	case MD_SPAN_EM:
		w->italic--;
		break;
	case MD_SPAN_STRONG:
		w->bold--;
		break;
	case MD_SPAN_CODE:
		w->code--;
		break;
	case MD_SPAN_A: {
		/* Print the target after the link text: a printed report has no links. */
		const MD_SPAN_A_DETAIL *a = detail;
		const char *shown = w->text.buf + w->link_start, *href = a->href.text;
		size_t hlen = a->href.size, slen = w->text.len - w->link_start;

		if (hlen && (slen != hlen || memcmp(shown, href, hlen))) {
			add_text(w, " <", 2);
			add_text(w, href, hlen);
			add_text(w, ">", 1);
		}
		break;
	}
	case MD_SPAN_IMG:
		w->img--;
		return fail(w, w->last_line, "images are not supported in report templates; "
			    "use ::: figure ID for charts");
	default:
		break;
	}
	return 0;
}

/* Decode an HTML entity (&amp; &#233; &#xE9;) into out; 0 ok, -1 unknown. */
static int decode_entity(const char *s, size_t len, char out[8], size_t *outlen)
{
	static const struct {
		const char *name;
		unsigned cp;
	} named[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' },
		{ "&apos;", '\'' }, { "&nbsp;", 0xA0 }, { "&ndash;", 0x2013 },
		{ "&mdash;", 0x2014 }, { "&hellip;", 0x2026 }, { "&lsquo;", 0x2018 },
		{ "&rsquo;", 0x2019 }, { "&ldquo;", 0x201C }, { "&rdquo;", 0x201D },
		{ "&sect;", 0xA7 }, { "&copy;", 0xA9 }, { "&reg;", 0xAE }, { "&deg;", 0xB0 },
		{ "&middot;", 0xB7 }, { "&bull;", 0x2022 }, { "&times;", 0xD7 },
	};
	unsigned long cp = 0;
	size_t i;

	if (len > 3 && s[1] == '#') {
		char num[16];
		char *end;
		int hex = s[2] == 'x' || s[2] == 'X';
		size_t start = hex ? 3 : 2, n = len - 1 - start;

		if (n == 0 || n >= sizeof num)
			return -1;
		memcpy(num, s + start, n);
		num[n] = 0;
		errno = 0;
		cp = strtoul(num, &end, hex ? 16 : 10);
		if (errno || *end || cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return -1;
	} else {
		for (i = 0; i < sizeof named / sizeof named[0]; i++)
			if (strlen(named[i].name) == len && !memcmp(named[i].name, s, len))
				break;
		if (i == sizeof named / sizeof named[0])
			return -1;
		cp = named[i].cp;
	}
	*outlen = utf8_encode((uint32_t)cp, out);
	return 0;
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *ud)
{
	struct walk *w = ud;
	char buf[8];
	size_t n;

	if (w->status)
		return w->status;
	w->last_line = line_of(w, text);
	if (!w->block_line)
		w->block_line = w->last_line;
	if (w->img)
		return 0;    /* alt text: the image itself is refused when it ends */
	switch (type) {
	case MD_TEXT_NULLCHAR:
		add_text(w, "\xEF\xBF\xBD", 3);
		break;
	case MD_TEXT_BR:
		add_text(w, "\n", 1);
		break;
	case MD_TEXT_SOFTBR:
		add_text(w, " ", 1);
		break;
	case MD_TEXT_ENTITY:
		if (decode_entity(text, size, buf, &n) != 0) {
			char what[96];

			snprintf(what, sizeof what, "unknown character entity %.*s",
				 (int)(size > 40 ? 40 : size), text);
			return fail(w, w->last_line, what);
		}
		add_text(w, buf, n);
		break;
	default:
		add_text(w, text, size);
	}
	return 0;
}

static int parse_chunk(struct walk *w, const char *chunk, size_t len)
{
	MD_PARSER parser;
	int rc;

	memset(&parser, 0, sizeof parser);
	parser.abi_version = 0;
	parser.flags = MD_FLAG_NOHTML | MD_FLAG_NOINDENTEDCODEBLOCKS | MD_FLAG_COLLAPSEWHITESPACE;
	parser.enter_block = on_enter_block;
	parser.leave_block = on_leave_block;
	parser.enter_span = on_enter_span;
	parser.leave_span = on_leave_span;
	parser.text = on_text;
	w->chunk = chunk;
	w->chunk_len = len;
	w->lpos = NULL;
	w->last_line = w->nlmap ? w->lmap[0] : w->last_line;
	w->leaf = 0;
	w->quote_depth = w->list_depth = w->li_depth = 0;
	w->bold = w->italic = w->code = w->img = 0;
	reset_block(w);
	rc = md_parse(chunk, (MD_SIZE)len, &parser, w);
	if (w->status)
		return w->status;
	if (rc)
		return scta_err_set(w->err, SCTA_ERR_RUNTIME, "%s:%d: Markdown parser failed",
				    w->file, w->last_line);
	return 0;
}

/* ---------- directives ---------- */

enum arg_rule { ARG_NONE, ARG_TABLE, ARG_FIGURE, ARG_PREFIX, ARG_DETAIL, ARG_PART,
		ARG_RATIO, ARG_FILE, ARG_MAP, ARG_ADDRESSEES };

static const struct {
	const char *name;
	enum arg_rule arg;
} directives[] = {
	{ "include", ARG_FILE },
	{ "part", ARG_PART },
	{ "pagebreak", ARG_NONE },
	{ "columns", ARG_RATIO },
	{ "column", ARG_NONE },
	{ "endcolumns", ARG_NONE },
	{ "contents", ARG_NONE },
	{ "table", ARG_TABLE },
	{ "tables", ARG_PREFIX },
	{ "crosstabs", ARG_NONE },
	{ "figure", ARG_FIGURE },
	{ "map", ARG_MAP },
	{ "recommendations", ARG_NONE },
	{ "addressees", ARG_ADDRESSEES },
	{ "questionnaire", ARG_NONE },
	{ "detail", ARG_DETAIL },
	{ "sources", ARG_NONE },
	{ "data_note", ARG_NONE },
};

static int render_file(const char *path, const struct render_input *in,
		       const struct tpl_refs *refs, emit_fn emit, void *ectx, int depth,
		       const char *root, struct scta_err *all, struct scta_err *err);

/*
 * Why table (or figure) `id` does not exist, when the questionnaire is the
 * cause: answers_TOPIC needs a question of the topic, answers_chart_TOPIC a
 * choice question. Appends the reason to out and returns 1, else 0.
 */
static int missing_because(const struct walk *w, const char *kind, const char *id,
			   struct strbuf *out)
{
	const struct questionnaire *q = w->in ? w->in->q : NULL;
	const char *topic = NULL;
	int chart = 0;

	if (!strncmp(id, "answers_chart_", 14)) {
		topic = id + 14;
		chart = 1;
	} else if (!strncmp(id, "answers_", 8)) {
		topic = id + 8;
	}
	if (!topic || questionnaire_topic_index(topic) < 0)
		return 0;
	if (!questionnaire_topic_count(q, topic, TOPIC_ANY))
		strbuf_addf(out, "the questionnaire has no question of topic '%s', so %s %s does not "
			    "exist (write ::: if topic %s around it)", topic, kind, id, topic);
	else if (!questionnaire_topic_count(q, topic, TOPIC_TABULATED))
		strbuf_addf(out, "every question of topic '%s' asks for free text, so %s %s does not "
			    "exist (write ::: if topic %s around it)", topic, kind, id, topic);
	else if (chart && !questionnaire_topic_count(q, topic, TOPIC_CHOICE))
		strbuf_addf(out, "no question of topic '%s' has a choice scale, so %s %s does not "
			    "exist (write ::: if figure %s around it)", topic, kind, id, id);
	else
		return 0;
	return 1;
}

/* "unknown table id 'X'", or the questionnaire's reason for its absence. */
static int no_table(struct walk *w, int line, const char *kind, const char *id)
{
	struct strbuf why = STRBUF_INIT;

	if (missing_because(w, kind, id, &why))
		w->status = scta_err_set(w->err, SCTA_ERR_CONFIG, "%s:%d: %s", w->file, line, why.buf);
	else
		w->status = scta_err_set(w->err, SCTA_ERR_CONFIG, "%s:%d: unknown table id '%s'",
					 w->file, line, id);
	strbuf_release(&why);
	return w->status;
}

static int check_arg(struct walk *w, int line, const char *name, enum arg_rule rule,
		     const char *arg)
{
	const struct analysis *an = w->in ? w->in->an : NULL;
	char id[256];
	const char *sp;
	size_t i, n;

	switch (rule) {
	case ARG_NONE:
		if (*arg)
			goto bad;
		return 0;
	case ARG_FILE:
		if (!*arg)
			goto bad;
		return 0;
	case ARG_PART:
		if (!strcmp(arg, "cover") || !strcmp(arg, "front") || !strcmp(arg, "body"))
			return 0;
		goto bad;
	case ARG_DETAIL: {
		enum detail_kind kind;
		size_t limit;
		char why[160];

		int r = content_detail_target(arg, &kind, &limit, why, sizeof why);

		if (!r)
			return 0;
		if (r == -1)
			goto bad;
		w->status = scta_err_set(w->err, SCTA_ERR_CONFIG, "%s:%d: ::: detail: %s", w->file,
					 line, why);
		return w->status;
	}
	case ARG_ADDRESSEES:
		if (*arg)
			goto bad;
		/* A letter to nobody is a configuration error, not an empty block. */
		if (w->in && w->in->cfg && !w->in->cfg->report.naddressees) {
			w->status = scta_err_set(w->err, SCTA_ERR_CONFIG,
						 "%s:%d: ::: addressees: set the letter's addressees in "
						 "[report] addressee_1, addressee_2, ... of %s", w->file,
						 line, w->in->cfg->path ? w->in->cfg->path : "the configuration");
			return w->status;
		}
		return 0;
	case ARG_RATIO: {
		int64_t a, b;
		const char *colon = strchr(arg, ':');

		if (!*arg)
			return 0;
		if (!colon || (size_t)(colon - arg) >= sizeof id)
			goto bad;
		memcpy(id, arg, (size_t)(colon - arg));
		id[colon - arg] = 0;
		if (text_int(id, 1, 20, &a) || text_int(colon + 1, 1, 20, &b))
			goto bad;
		return 0;
	}
	case ARG_PREFIX:
		if (!*arg || strchr(arg, ' '))
			goto bad;
		n = strlen(arg);
		for (i = 0; an && i < an->ntables; i++)
			if (!strncmp(an->tables[i]->id, arg, n))
				return 0;
		w->status = scta_err_set(w->err, SCTA_ERR_CONFIG,
					 "%s:%d: no analysis table id begins with '%s'", w->file, line,
					 arg);
		return w->status;
	case ARG_MAP: {
		const struct table *t;
		struct tilemap m;
		struct scta_err e = SCTA_ERR_INIT;

		sp = strchr(arg, ' ');
		n = sp ? (size_t)(sp - arg) : strlen(arg);
		if (!n || n >= sizeof id)
			goto bad;
		memcpy(id, arg, n);
		id[n] = 0;
		t = an ? analysis_table(an, id) : NULL;
		if (!t)
			return no_table(w, line, "table", id);
		if (tilemap_make(t, sp ? sp + 1 : NULL, &m, &e)) {
			w->status = scta_err_set(w->err, SCTA_ERR_CONFIG, "%s:%d: ::: map: %s", w->file,
						 line, e.msg);
			return w->status;
		}
		tilemap_release(&m);
		return 0;
	}
	case ARG_TABLE:
	case ARG_FIGURE: {
		const struct table *t;

		sp = strchr(arg, ' ');
		n = sp ? (size_t)(sp - arg) : strlen(arg);
		if (!n || n >= sizeof id)
			goto bad;
		memcpy(id, arg, n);
		id[n] = 0;
		if (sp && rule == ARG_TABLE)
			goto bad;
		if (sp) {
			int64_t bars;

			if (text_int(sp + 1, 1, 1000, &bars))
				goto bad;
		}
		t = an ? analysis_table(an, id) : NULL;
		if (!t)
			return no_table(w, line, rule == ARG_FIGURE ? "figure" : "table", id);
		if (rule == ARG_FIGURE && t->chart == CHART_NONE) {
			w->status = scta_err_set(w->err, SCTA_ERR_CONFIG,
						 "%s:%d: table '%s' has no chart; use ::: table %s",
						 w->file, line, id, id);
			return w->status;
		}
		return 0;
	}
	}
bad:
	w->status = scta_err_set(w->err, SCTA_ERR_CONFIG, "%s:%d: bad argument for ::: %s (got '%s')",
				 w->file, line, name, arg);
	return w->status;
}

/*
 * An included file must be a regular file of at most TEMPLATE_MAX bytes
 * inside the top template's directory (after symlinks are resolved): not a
 * directory, a FIFO that blocks, /dev/zero or /proc/self/environ.
 */
static int check_include(struct walk *w, int line, const char *path)
{
	struct stat st;
	char *real = NULL;
	size_t n = strlen(w->root);
	int rc = 0;

	if (stat(path, &st))
		rc = scta_err_set(w->err, SCTA_ERR_CONFIG, "%s:%d: ::: include %s: %s", w->file, line,
				  path, strerror(errno));
	else if (!S_ISREG(st.st_mode))
		rc = scta_err_set(w->err, SCTA_ERR_CONFIG,
				  "%s:%d: ::: include %s: not a regular file", w->file, line, path);
	else if (st.st_size > TEMPLATE_MAX)
		rc = scta_err_set(w->err, SCTA_ERR_CONFIG,
				  "%s:%d: ::: include %s: %lld bytes, more than the %d MiB a template "
				  "may have", w->file, line, path, (long long)st.st_size,
				  TEMPLATE_MAX >> 20);
	else if (!(real = fs_realpath(path)))
		rc = scta_err_set(w->err, SCTA_ERR_CONFIG, "%s:%d: ::: include %s: %s", w->file, line,
				  path, strerror(errno));
	else if (strncmp(real, w->root, n) || (real[n] != '/' && strcmp(w->root, "/")))
		rc = scta_err_set(w->err, SCTA_ERR_CONFIG,
				  "%s:%d: ::: include %s: outside the templates directory %s", w->file,
				  line, path, w->root);
	free(real);
	return rc;
}

/*
 * Inside ::: for topic, {{topic_name}} in a directive's argument or a
 * condition is the topic: ::: table answers_{{topic_name}}. Takes s, returns
 * the string to use (caller frees).
 */
static char *subst_topic(const struct walk *w, char *s)
{
	struct strbuf sb = STRBUF_INIT;
	const char *a = s, *m;

	if (!w->topic || !strstr(s, "{{topic_name}}"))
		return s;
	while ((m = strstr(a, "{{topic_name}}")) != NULL) {
		strbuf_add(&sb, a, (size_t)(m - a));
		strbuf_adds(&sb, w->topic);
		a = m + 14;
	}
	strbuf_adds(&sb, a);
	free(s);
	return strbuf_detach(&sb);
}

/* Handle directive line `s` (after ":::"); includes are followed here. */
static int directive(struct walk *w, int line, const char *s)
{
	char name[64], *arg = NULL;
	const char *p = s;
	size_t i, n;
	struct tpl_event ev;
	int rc;

	while (*p == ' ' || *p == '\t')
		p++;
	n = 0;
	while (p[n] && p[n] != ' ' && p[n] != '\t')
		n++;
	if (!n || n >= sizeof name) {
		w->status = scta_err_set(w->err, SCTA_ERR_CONFIG, "%s:%d: directive name missing after ':::'",
					 w->file, line);
		return w->status;
	}
	memcpy(name, p, n);
	name[n] = 0;
	arg = xstrdup(p + n);
	text_trim(arg);
	/* Inside ::: for topic, an argument may name the topic: ::: table answers_{{topic_name}} */
	arg = subst_topic(w, arg);
	for (i = 0; i < sizeof directives / sizeof directives[0]; i++)
		if (!strcmp(directives[i].name, name))
			break;
	if (i == sizeof directives / sizeof directives[0]) {
		w->status = scta_err_set(w->err, SCTA_ERR_CONFIG, "%s:%d: unknown directive '::: %s'",
					 w->file, line, name);
		goto out;
	}
	if (check_arg(w, line, name, directives[i].arg, arg))
		goto out;
	if (!strcmp(name, "include")) {
		char *dir = fs_dirname(w->file), *path = fs_resolve(dir, arg);

		if (w->depth + 1 > MAX_INCLUDE_DEPTH)
			w->status = scta_err_set(w->err, SCTA_ERR_CONFIG,
						 "%s:%d: includes nested more than %d deep (a cycle?)",
						 w->file, line, MAX_INCLUDE_DEPTH);
		else if (!(w->status = check_include(w, line, path)))
			w->status = render_file(path, w->in, w->refs, w->emit, w->ectx, w->depth + 1,
						w->root, w->all, w->err);
		free(dir);
		free(path);
		goto out;
	}
	if (!strcmp(name, "crosstabs")) {
		/* The configured crosstabs, or nothing when [crosstab:NAME] declares none. */
		const struct analysis *an = w->in ? w->in->an : NULL;

		for (i = 0; an && i < an->ntables; i++)
			if (!strncmp(an->tables[i]->id, "crosstab_", 9))
				break;
		if (!an || i == an->ntables)
			goto out;
		snprintf(name, sizeof name, "tables");
		free(arg);
		arg = xstrdup("crosstab_");
	}
	memset(&ev, 0, sizeof ev);
	ev.block = TPL_DIRECTIVE;
	ev.directive = name;
	ev.arg = arg;
	ev.file = w->file;
	ev.line = line;
	rc = w->emit(w->ectx, &ev, w->err);
	if (rc) {
		if (!w->err || !w->err->code)
			scta_err_set(w->err, rc, "%s:%d: the report writer stopped here", w->file, line);
		w->status = rc;
	}
out:
	free(arg);
	return w->status;
}

/*
 * The questionnaire's words for a topic: topic_title, topic_summary (its
 * [topic:NAME] summary, else a sentence listing its questions' labels) and
 * out_of_base (the labels of the answers its scales keep out of the base;
 * topic "" = every topic).
 */
static int topic_value(struct walk *w, const char *what, const char *topic, struct strbuf *out)
{
	const struct questionnaire *q = w->in ? w->in->q : NULL;
	int ti = *topic ? questionnaire_topic_index(topic) : -1;
	size_t i, n, k;

	if (*topic && ti < 0)
		return scta_err_set(w->err, SCTA_ERR_CONFIG,
				    "{{%s:%s}}: no such topic (expected selection, activities, "
				    "transparency, expression, espionage or visa)", what, topic);
	if (!q)
		return scta_err_set(w->err, SCTA_ERR_CONFIG, "{{%s}}: no questionnaire was loaded", what);
	if (!strcmp(what, "out_of_base")) {
		struct strbuf ob = STRBUF_INIT;

		questionnaire_out_of_base(q, *topic ? topic : NULL, &ob);
		strbuf_adds(out, ob.len ? ob.buf : "no");
		strbuf_release(&ob);
		return 0;
	}
	if (ti < 0)
		return scta_err_set(w->err, SCTA_ERR_CONFIG, "{{%s}} needs a topic: {{%s:NAME}}, or "
				    "use it inside ::: for topic", what, what);
	if (!strcmp(what, "topic_title")) {
		strbuf_adds(out, questionnaire_topic_title(q, topic));
		return 0;
	}
	if (q->topic_summary[ti]) {
		strbuf_adds(out, q->topic_summary[ti]);
		return 0;
	}
	n = questionnaire_topic_count(q, topic, TOPIC_ANY);
	if (!n)
		return scta_err_set(w->err, SCTA_ERR_CONFIG,
				    "{{%s:%s}}: the questionnaire has no question of topic '%s' "
				    "(write ::: if topic %s around it)", what, topic, topic, topic);
	/* No summary given: say what was asked, from the questions' labels. */
	strbuf_addf(out, "The questionnaire asked %zu question%s on this topic: ", n,
		    n == 1 ? "" : "s");
	for (i = 0, k = 0; i < q->nquestions; i++) {
		const struct question *qu = &q->questions[i];

		if (strcmp(qu->topic, topic))
			continue;
		if (k++)
			strbuf_adds(out, k < n ? "; " : n == 2 ? " and " : "; and ");
		strbuf_adds(out, qu->label ? qu->label : qu->text);
		/* A question's text ends with its own '?' or '.': no second stop. */
		if (k == n && out->len && strchr("?.!", out->buf[out->len - 1]))
			return 0;
	}
	strbuf_addch(out, '.');
	return 0;
}

/* {{table:ID}}, {{Figure:ID}}: "table 3", "Figure 3" from the writer's numbering. */
static int cross_ref(struct walk *w, const char *name, struct strbuf *out)
{
	const char *colon = strchr(name, ':'), *id = colon + 1;
	const struct table *t;
	char kind[16];
	size_t n = (size_t)(colon - name), start = out->len;
	int rc;

	if (n >= sizeof kind)
		goto unknown;
	memcpy(kind, name, n);
	kind[n] = 0;
	if (!strcmp(kind, "topic_title") || !strcmp(kind, "topic_summary") ||
	    !strcmp(kind, "out_of_base"))
		return topic_value(w, kind, id, out);
	if (!strcmp(kind, "nation"))
		return template_value(w->in, name, out, w->err);
	kind[0] = (char)(kind[0] | 0x20);
	if (strcmp(kind, "table") && strcmp(kind, "figure"))
		goto unknown;
	t = w->in && w->in->an ? analysis_table(w->in->an, id) : NULL;
	if (!t) {
		struct strbuf why = STRBUF_INIT;

		if (missing_because(w, kind, id, &why))
			rc = scta_err_set(w->err, SCTA_ERR_CONFIG, "{{%s}}: %s", name, why.buf);
		else
			rc = scta_err_set(w->err, SCTA_ERR_CONFIG, "unknown table id '%s' in {{%s}}",
					  id, name);
		strbuf_release(&why);
		return rc;
	}
	if (!strcmp(kind, "figure") && t->chart == CHART_NONE)
		return scta_err_set(w->err, SCTA_ERR_CONFIG, "table '%s' has no chart, so no figure",
				    id);
	if (!w->refs)
		return scta_err_set(w->err, SCTA_ERR_CONFIG,
				    "{{%s}}: cross-references are not available here", name);
	rc = w->refs->lookup(w->refs->ctx, kind, id, out, w->err);
	if (!rc && name[0] >= 'A' && name[0] <= 'Z' && out->len > start)
		out->buf[start] = (char)(out->buf[start] & ~0x20);
	return rc;
unknown:
	return scta_err_set(w->err, SCTA_ERR_CONFIG, "unknown placeholder {{%s}}", name);
}

/* Append line [s, e) to out with placeholders replaced and escaped. */
static int substitute(struct walk *w, int line, const char *s, const char *e, struct strbuf *out)
{
	struct strbuf val = STRBUF_INIT;
	char name[128];
	const char *p = s;
	int rc = 0;

	while (p < e) {
		const char *open = NULL, *close, *q;
		size_t n;

		for (q = p; q + 1 < e; q++)
			if (q[0] == '{' && q[1] == '{') {
				open = q;
				break;
			}
		if (!open) {
			strbuf_add(out, p, (size_t)(e - p));
			break;
		}
		strbuf_add(out, p, (size_t)(open - p));
		close = NULL;
		for (q = open + 2; q + 1 < e; q++)
			if (q[0] == '}' && q[1] == '}') {
				close = q;
				break;
			}
		if (!close) {
			rc = w->status = scta_err_set(w->err, SCTA_ERR_CONFIG,
						      "%s:%d: '{{' without a closing '}}'", w->file, line);
			goto out;
		}
		q = open + 2;
		while (q < close && (*q == ' ' || *q == '\t'))
			q++;
		n = (size_t)(close - q);
		while (n && (q[n - 1] == ' ' || q[n - 1] == '\t'))
			n--;
		if (n >= sizeof name) {
			rc = w->status = scta_err_set(w->err, SCTA_ERR_CONFIG,
						      "%s:%d: unknown placeholder {{%.*s}}", w->file,
						      line, 60, q);
			goto out;
		}
		memcpy(name, q, n);
		name[n] = 0;
		strbuf_reset(&val);
		if (!strcmp(name, "topic_name") || !strcmp(name, "topic_title") ||
		    !strcmp(name, "topic_summary") || !strcmp(name, "out_of_base")) {
			if (!strcmp(name, "topic_name") && !w->topic) {
				scta_err_set(w->err, SCTA_ERR_CONFIG,
					     "{{topic_name}} is only known inside ::: for topic");
				rc = -1;
			} else if (!strcmp(name, "topic_name")) {
				strbuf_adds(&val, w->topic);
				rc = 0;
			} else {
				rc = topic_value(w, name, w->topic ? w->topic : "", &val);
			}
		} else {
			rc = strchr(name, ':') ? cross_ref(w, name, &val)
					       : template_value(w->in, name, &val, w->err);
		}
		if (rc) {
			/* Restate the error with the place it was found. */
			char msg[sizeof w->err->msg];

			snprintf(msg, sizeof msg, "%s", w->err ? w->err->msg : "");
			if (w->err)
				scta_err_clear(w->err);
			rc = w->status = scta_err_set(w->err, SCTA_ERR_CONFIG, "%s:%d: %s", w->file,
						      line, msg);
			goto out;
		}
		for (q = val.buf; *q; q++) {
			unsigned char c = (unsigned char)*q;

			if (c == '\n' || c == '\r' || c == '\t') {
				strbuf_addch(out, ' ');
				continue;
			}
			if (c < 0x80 && ((c >= '!' && c <= '/') || (c >= ':' && c <= '@') ||
					 (c >= '[' && c <= '`') || (c >= '{' && c <= '~')))
				strbuf_addch(out, '\\');
			strbuf_addch(out, (char)c);
		}
		p = close + 2;
	}
out:
	strbuf_release(&val);
	return rc;
}

/*
 * Read a template whole, if it is a regular file of at most TEMPLATE_MAX
 * bytes (counted while reading too: /proc files say they are empty).
 * O_NONBLOCK: a FIFO put in a template's place fails instead of blocking.
 */
static int read_whole(const char *path, struct strbuf *out, struct scta_err *err)
{
	struct stat st;
	char buf[8192];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return scta_err_set(err, SCTA_ERR_CONFIG, "%s: cannot open template: %s", path,
				    strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		rc = scta_err_set(err, SCTA_ERR_CONFIG, "%s: a template must be a regular file", path);
		goto out;
	}
	for (;;) {
		n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: read error: %s", path,
					  strerror(errno));
			break;
		}
		if (!n)
			break;
		if (out->len + (size_t)n > TEMPLATE_MAX) {
			rc = scta_err_set(err, SCTA_ERR_CONFIG,
					  "%s: more than the %d MiB a template may have", path,
					  TEMPLATE_MAX >> 20);
			break;
		}
		strbuf_add(out, buf, (size_t)n);
	}
out:
	close(fd);
	return rc;
}

/*
 * Copy line [p, e) to out without its HTML comments (which may span lines:
 * *in_comment carries the state). Returns 1 if the line had only comments.
 */
static int strip_comments(const char *p, const char *e, int *in_comment, struct strbuf *out)
{
	int had = 0;

	strbuf_reset(out);
	while (p < e) {
		if (*in_comment) {
			const char *q = p;

			had = 1;
			while (q + 2 < e && memcmp(q, "-->", 3))
				q++;
			if (q + 2 < e) {
				*in_comment = 0;
				p = q + 3;
			} else {
				p = e;
			}
		} else if (e - p >= 4 && !memcmp(p, "<!--", 4)) {
			*in_comment = 1;
			had = 1;
			p += 4;
		} else {
			strbuf_addch(out, *p++);
		}
	}
	return had && text_blank(out->buf);
}

/* One template line without its comments, and where it was. */
struct tline {
	int line;
	char *text;              /* owned */
};

/* The directive name of line l ("if", "table", ...) into name; 0 if not a directive. */
static int directive_name(const struct tline *l, char name[64], const char **rest)
{
	const char *q = l->text;
	int indent = 0;
	size_t n = 0;

	while (*q == ' ' && indent < 4) {
		q++;
		indent++;
	}
	if (indent >= 4 || strncmp(q, ":::", 3))
		return 0;
	q += 3;
	while (*q == ' ' || *q == '\t')
		q++;
	while (q[n] && q[n] != ' ' && q[n] != '\t' && n < 63)
		n++;
	memcpy(name, q, n);
	name[n] = 0;
	if (rest)
		*rest = q;
	return 1;
}

/*
 * The ::: else and ::: end that close the ::: if or ::: for on line `open`
 * (nested blocks skipped); *els = -1 when there is no else.
 */
static int block_end(struct walk *w, const struct tline *v, size_t open, size_t to,
		     size_t *els, size_t *end)
{
	char name[64];
	size_t i;
	int depth = 0;

	*els = (size_t)-1;
	for (i = open + 1; i < to; i++) {
		if (!directive_name(&v[i], name, NULL))
			continue;
		if (!strcmp(name, "if") || !strcmp(name, "for")) {
			depth++;
		} else if (!strcmp(name, "end")) {
			if (!depth--) {
				*end = i;
				return 0;
			}
		} else if (!strcmp(name, "else") && !depth) {
			if (*els != (size_t)-1) {
				w->status = scta_err_set(w->err, SCTA_ERR_CONFIG,
							 "%s:%d: a second ::: else for the ::: if of line %d",
							 w->file, v[i].line, v[open].line);
				return w->status;
			}
			*els = i;
		}
	}
	directive_name(&v[open], name, NULL);
	w->status = scta_err_set(w->err, SCTA_ERR_CONFIG, "%s:%d: ::: %s has no ::: end", w->file,
				 v[open].line, name);
	return w->status;
}

/*
 * Evaluate the condition of `::: if COND`: [not] topic NAME... (a question
 * other than free text on any of them), [not] table ID, [not] figure ID,
 * [not] compare (the report compares with an earlier round: --compare),
 * [not] audience public|restricted (the edition's [report] audience).
 * *out is 1 when it holds.
 */
static int condition(struct walk *w, int line, const char *cond, int *out)
{
	const struct analysis *an = w->in ? w->in->an : NULL;
	const struct questionnaire *q = w->in ? w->in->q : NULL;
	char **words = NULL;
	size_t n = 0, cap = 0, i, first = 0;
	const char *p = cond;
	int neg = 0, rc = 0;

	while (*p) {
		size_t k = 0;

		while (*p == ' ' || *p == '\t')
			p++;
		while (p[k] && p[k] != ' ' && p[k] != '\t')
			k++;
		if (!k)
			break;
		XGROW(words, cap, n + 1);
		words[n++] = xstrndup(p, k);
		p += k;
	}
	if (n && !strcmp(words[0], "not")) {
		neg = 1;
		first = 1;
	}
	*out = 0;
	/* if compare: the report compares with an earlier round (--compare): changes_summary. */
	if (n == first + 1 && !strcmp(words[first], "compare")) {
		*out = an && analysis_table(an, "changes_summary") != NULL;
		goto done;
	}
	/* if unit: an edition for one state or community. */
	if (n == first + 1 && !strcmp(words[first], "unit")) {
		*out = w->in && w->in->cfg && w->in->cfg->report.unit;
		goto done;
	}
	if (n < first + 2)
		goto bad;
	if (!strcmp(words[first], "data") && n == first + 2) {
		/* if data ID: the report has table ID and shows it (render_table_omitted). */
		const struct table *t = an ? analysis_table(an, words[first + 1]) : NULL;

		*out = t && !render_table_omitted(w->in, t);
		goto done;
	}
	if (!strcmp(words[first], "topic")) {
		for (i = first + 1; i < n; i++) {
			if (questionnaire_topic_index(words[i]) < 0) {
				rc = w->status = scta_err_set(w->err, SCTA_ERR_CONFIG,
					"%s:%d: ::: if topic: no such topic '%s' (expected selection, "
					"activities, transparency, expression, espionage or visa)",
					w->file, line, words[i]);
				goto out;
			}
			if (questionnaire_topic_count(q, words[i], TOPIC_TABULATED))
				*out = 1;
		}
	} else if (!strcmp(words[first], "audience") && n == first + 2 &&
		   (!strcmp(words[first + 1], "public") || !strcmp(words[first + 1], "restricted"))) {
		const struct scta_config *cfg = w->in ? w->in->cfg : NULL;
		enum report_audience want = words[first + 1][0] == 'p' ? AUDIENCE_PUBLIC
								     : AUDIENCE_RESTRICTED;

		*out = cfg && cfg->report.audience == want;
	} else if ((!strcmp(words[first], "table") || !strcmp(words[first], "figure")) &&
		   n == first + 2) {
		const struct table *t = an ? analysis_table(an, words[first + 1]) : NULL;

		/* In an edition for one unit, a table with nothing to show is not there. */
		*out = t && (words[first][0] == 't' || t->chart != CHART_NONE) &&
		       !render_table_omitted(w->in, t);
	} else {
		goto bad;
	}
done:
	if (neg)
		*out = !*out;
	goto out;
bad:
	rc = w->status = scta_err_set(w->err, SCTA_ERR_CONFIG,
				      "%s:%d: bad condition for ::: if (got '%s'; expected topic NAME..., "
				      "table ID, figure ID, data ID, unit, compare or audience "
				      "public|restricted, optionally after not)", w->file, line, cond);
out:
	for (i = 0; i < n; i++)
		free(words[i]);
	free(words);
	return rc;
}

/*
 * In template_check(), a problem is added to the list and the walk goes on
 * (0); otherwise rc stops it. The same message twice (a loop) is listed once.
 */
static int keep_going(struct walk *w, int rc)
{
	if (!rc || !w->all)
		return rc;
	if (w->err && w->err->code) {
		const char *m = w->err->msg, *hit = strstr(w->all->msg, m);
		size_t n = strlen(m);

		if (hit && (hit == w->all->msg || hit[-1] == '\n') && (hit[n] == '\n' || !hit[n]))
			scta_err_clear(w->err);
		else
			scta_err_add(w->all, w->err);
	}
	w->status = 0;
	return 0;
}

/* Parse the Markdown collected since the last directive. */
static int flush_chunk(struct walk *w)
{
	int rc = parse_chunk(w, w->pending.buf, w->pending.len);

	strbuf_reset(&w->pending);
	w->nlmap = 0;
	return rc;
}

/* Walk lines [from, to): Markdown, directives, ::: if / else / end and ::: for topic. */
static int walk_lines(struct walk *w, const struct tline *v, size_t from, size_t to)
{
	char name[64];
	const char *rest;
	size_t i, els, end;
	int rc = 0;

	for (i = from; i < to && !rc; i++) {
		if (!directive_name(&v[i], name, &rest)) {
			rc = substitute(w, v[i].line, v[i].text, v[i].text + strlen(v[i].text), &w->pending);
			if (rc) {
				rc = keep_going(w, rc);
				continue;
			}
			strbuf_addch(&w->pending, '\n');
			XGROW(w->lmap, w->caplmap, w->nlmap + 1);
			w->lmap[w->nlmap++] = v[i].line;
			continue;
		}
		if ((rc = keep_going(w, flush_chunk(w))))
			break;
		if (!strcmp(name, "else") || !strcmp(name, "end")) {
			rc = w->status = scta_err_set(w->err, SCTA_ERR_CONFIG,
						      "%s:%d: ::: %s without ::: if or ::: for", w->file,
						      v[i].line, name);
			rc = keep_going(w, rc);
			continue;
		}
		if (!strcmp(name, "if")) {
			int yes;
			char *cond = subst_topic(w, text_trim(xstrdup(rest + 2)));

			rc = block_end(w, v, i, to, &els, &end);
			if (rc) {
				/* Unpaired: the rest cannot be read as blocks. */
				free(cond);
				keep_going(w, rc);
				break;
			}
			rc = condition(w, v[i].line, cond, &yes);
			free(cond);
			if (rc) {
				rc = keep_going(w, rc);
				i = end;
				continue;
			}
			if (yes)
				rc = walk_lines(w, v, i + 1, els != (size_t)-1 ? els : end);
			else if (els != (size_t)-1)
				rc = walk_lines(w, v, els + 1, end);
			if (!rc)
				rc = keep_going(w, flush_chunk(w));
			i = end;
			continue;
		}
		if (!strcmp(name, "for")) {
			char *what = text_trim(xstrdup(rest + 3));
			const struct questionnaire *q = w->in ? w->in->q : NULL;
			const char *outer = w->topic;
			size_t t;

			rc = block_end(w, v, i, to, &els, &end);
			if (rc) {
				free(what);
				keep_going(w, rc);
				break;
			}
			if (strcmp(what, "topic") || els != (size_t)-1 || outer) {
				rc = w->status = scta_err_set(w->err, SCTA_ERR_CONFIG,
					"%s:%d: expected ::: for topic (not nested, without ::: else)",
					w->file, v[i].line);
				rc = keep_going(w, rc);
				i = rc ? i : end;
				free(what);
				continue;
			}
			free(what);
			/* Every topic the questionnaire asks about (beyond free text), in report order. */
			for (t = 0; !rc && t < 6; t++) {
				if (!questionnaire_topic_count(q, questionnaire_topics[t],
							       TOPIC_TABULATED))
					continue;
				w->topic = questionnaire_topics[t];
				rc = walk_lines(w, v, i + 1, end);
				if (!rc)
					rc = keep_going(w, flush_chunk(w));
			}
			w->topic = outer;
			i = end;
			continue;
		}
		rc = keep_going(w, directive(w, v[i].line, strstr(v[i].text, ":::") + 3));
	}
	return rc;
}

static int render_file(const char *path, const struct render_input *in,
		       const struct tpl_refs *refs, emit_fn emit, void *ectx, int depth,
		       const char *root, struct scta_err *all, struct scta_err *err)
{
	struct strbuf src = STRBUF_INIT, clean = STRBUF_INIT;
	struct tline *lines = NULL;
	size_t nlines = 0, cap = 0, i;
	struct walk w;
	const char *p, *end, *text;
	size_t bad;
	int line = 0, rc, in_comment = 0;

	memset(&w, 0, sizeof w);
	w.in = in;
	w.refs = refs;
	w.emit = emit;
	w.ectx = ectx;
	w.err = err;
	w.file = path;
	w.depth = depth;
	w.root = root;
	w.all = all;
	strbuf_init(&w.text);
	strbuf_init(&w.pending);

	rc = read_whole(path, &src, err);
	if (rc)
		goto out;
	text = src.buf;
	if (src.len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		text += 3;
	end = src.buf + src.len;
	if (!utf8_valid(text, (size_t)(end - text), &bad)) {
		int bl = 1;

		for (p = text; p < text + bad; p++)
			if (*p == '\n')
				bl++;
		rc = scta_err_set(err, SCTA_ERR_CONFIG, "%s:%d: not valid UTF-8", path, bl);
		goto out;
	}
	/* The lines without comments (lines of comments only are left out). */
	for (p = text; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;

		line++;
		if (e > p && e[-1] == '\r')
			e--;
		if (!strip_comments(p, e, &in_comment, &clean)) {
			XGROW(lines, cap, nlines + 1);
			lines[nlines].line = line;
			lines[nlines++].text = xstrdup(clean.buf);
		}
		p = nl ? nl + 1 : end;
	}
	if (in_comment) {
		rc = scta_err_set(err, SCTA_ERR_CONFIG, "%s:%d: '<!--' comment not closed with '-->'",
				  path, line);
		goto out;
	}
	rc = walk_lines(&w, lines, 0, nlines);
	if (!rc)
		rc = keep_going(&w, flush_chunk(&w));
out:
	if (rc && all && depth) {
		/* An included file that cannot be read: listed, and the includer goes on. */
		scta_err_add(all, err);
		rc = 0;
	}
	for (i = 0; i < nlines; i++)
		free(lines[i].text);
	free(lines);
	strbuf_release(&src);
	strbuf_release(&clean);
	strbuf_release(&w.pending);
	strbuf_release(&w.text);
	free(w.spans);
	free(w.lmap);
	return rc;
}

int template_render(const char *path, const struct render_input *in, const struct tpl_refs *refs,
		    int (*emit)(void *ctx, const struct tpl_event *ev, struct scta_err *err),
		    void *ctx, struct scta_err *err)
{
	char *dir = fs_dirname(path), *root = fs_realpath(dir);
	int rc;

	if (!root)
		rc = scta_err_set(err, SCTA_ERR_CONFIG, "%s: cannot open template: %s", path,
				  strerror(errno));
	else
		rc = render_file(path, in, refs, emit, ctx, 0, root, NULL, err);
	free(root);
	free(dir);
	return rc;
}

static int check_emit(void *ctx, const struct tpl_event *ev, struct scta_err *err)
{
	(void)ctx;
	(void)ev;
	(void)err;
	return 0;
}

int template_check(const char *path, const struct render_input *in, const struct tpl_refs *refs,
		   struct scta_err *err)
{
	struct scta_err one = SCTA_ERR_INIT, all = SCTA_ERR_INIT;
	char *dir = fs_dirname(path), *root = fs_realpath(dir);

	if (!root)
		scta_err_set(&all, SCTA_ERR_CONFIG, "%s: cannot open template: %s", path,
			     strerror(errno));
	else if (render_file(path, in, refs, check_emit, NULL, 0, root, &all, &one))
		scta_err_add(&all, &one);
	free(root);
	free(dir);
	return scta_err_add(err, &all);
}
