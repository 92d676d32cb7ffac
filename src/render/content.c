/*
 * content.c - the words of the report's generated parts, once for every
 * format: the directives recommendations, questionnaire, sources and
 * data_note, the contents list, detail captions and notes, and the Source
 * and Note lines under tables and figures (content.h). The writers lay out
 * the blocks made here; none makes these words itself.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "render/content.h"
#include "render/render.h"
#include "render/template.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/strbuf.h"
#include "util/table.h"
#include "util/text.h"
#include "util/vocab.h"

static void one_span(struct tpl_span *sp, const char *text, int bold)
{
	memset(sp, 0, sizeof(*sp));
	sp->text = text;
	sp->len = strlen(text);
	sp->bold = bold ? 1 : 0;
}

static int emit_text(const struct content_sink *sink, enum content_kind kind, int level,
		     const char *text, struct scta_err *err)
{
	struct content_block b;
	struct tpl_span sp;

	one_span(&sp, text, 0);
	memset(&b, 0, sizeof(b));
	b.kind = kind;
	b.level = level;
	b.spans = &sp;
	b.nspans = 1;
	return sink->emit(sink->ctx, &b, err);
}

static int recommendations(const struct render_input *in, const struct content_sink *sink,
			   struct scta_err *err)
{
	const struct scta_config *cfg = in->cfg;
	struct content_block b;
	struct tpl_span sp;
	size_t i;
	int rc = 0;

	if (!cfg->report.nrecommendations)
		return emit_text(sink, CONTENT_PARAGRAPH, 0, "This report makes no recommendations.",
				 err);
	for (i = 0; !rc && i < cfg->report.nrecommendations; i++) {
		one_span(&sp, cfg->report.recommendations[i], 0);
		memset(&b, 0, sizeof(b));
		b.kind = CONTENT_ITEM;
		b.level = 1;
		b.number = (int)i + 1;
		b.spans = &sp;
		b.nspans = 1;
		rc = sink->emit(sink->ctx, &b, err);
	}
	if (!rc) {
		memset(&b, 0, sizeof(b));
		b.kind = CONTENT_LIST_END;
		rc = sink->emit(sink->ctx, &b, err);
	}
	return rc;
}

/*
 * A scale of more answers than this is listed once, under the first
 * question that uses it; later questions on it refer to that one. A
 * questionnaire of 10,000 questions on a 150-value scale would otherwise
 * list 1.5 million answer boxes (thousands of pages).
 */
#define LONG_SCALE 12

/* qu with its answers; same_as: the question whose list of qu's (long) scale it refers to. */
static int question(const struct question *qu, const struct question *same_as,
		    const struct content_sink *sink, struct scta_err *err)
{
	struct strbuf id = STRBUF_INIT, text = STRBUF_INIT, ans = STRBUF_INIT;
	struct content_block b;
	struct tpl_span sp[2];
	int rc;

	/* "Q1. text" in one paragraph, then the answers below it */
	strbuf_addf(&id, "%s.", qu->id);
	strbuf_addf(&text, " %s", qu->text);
	one_span(&sp[0], id.buf, 1);
	one_span(&sp[1], text.buf, 0);
	memset(&b, 0, sizeof(b));
	b.kind = CONTENT_QUESTION;
	b.spans = sp;
	b.nspans = 2;
	rc = sink->emit(sink->ctx, &b, err);
	memset(&b, 0, sizeof(b));
	b.kind = CONTENT_OPTIONS;
	switch (qu->type) {
	case QTYPE_CHOICE:
		if (qu->scale && same_as) {
			strbuf_addf(&ans, "one of the %zu answers listed under %s", qu->scale->n,
				    same_as->id);
			b.answer = ans.buf;
		} else if (qu->scale) {
			b.options = (const char *const *)qu->scale->labels;
			b.noptions = qu->scale->n;
		}
		break;
	case QTYPE_COUNT:
		b.answer = "a whole number";
		b.blank = 1;
		break;
	case QTYPE_AMOUNT:
		b.answer = "an amount in U.S. dollars";
		b.blank = 1;
		break;
	case QTYPE_TEXT:
		b.answer = "open-ended text";
		break;
	}
	if (!rc)
		rc = sink->emit(sink->ctx, &b, err);
	strbuf_release(&id);
	strbuf_release(&text);
	strbuf_release(&ans);
	return rc;
}

static int questionnaire(const struct render_input *in, const struct tpl_event *ev,
			 const struct content_sink *sink, struct scta_err *err)
{
	const struct questionnaire *q = in->q;
	/* each long scale and the first question listed with it */
	const struct question **first = NULL;
	size_t t, i, k, nfirst = 0, cap = 0;
	int rc = 0;

	if (!q)
		return scta_err_set(err, SCTA_ERR_CONFIG,
				    "%s:%d: ::: questionnaire: no questionnaire was loaded", ev->file,
				    ev->line);
	if (!q->nquestions)
		return emit_text(sink, CONTENT_PARAGRAPH, 0, "The questionnaire has no questions.",
				 err);
	for (t = 0; !rc && t < 6; t++) {
		const char *topic = questionnaire_topics[t];
		int any = 0;

		for (i = 0; !rc && i < q->nquestions; i++) {
			const struct question *qu = &q->questions[i], *same_as = NULL;

			if (strcmp(qu->topic, topic))
				continue;
			if (!any) {
				rc = emit_text(sink, CONTENT_HEADING, 3,
					       questionnaire_topic_title(q, topic), err);
				any = 1;
			}
			if (qu->type == QTYPE_CHOICE && qu->scale && qu->scale->n > LONG_SCALE) {
				for (k = 0; k < nfirst && first[k]->scale != qu->scale; k++)
					;
				if (k < nfirst) {
					same_as = first[k];
				} else {
					XGROW(first, cap, nfirst + 1);
					first[nfirst++] = qu;
				}
			}
			if (!rc)
				rc = question(qu, same_as, sink, err);
		}
	}
	free(first);
	return rc;
}

static int sources(const struct render_input *in, const struct content_sink *sink,
		   struct scta_err *err)
{
	struct content_block b;
	struct table *t;
	size_t i;
	int rc;

	if (!in->nsources)
		return emit_text(sink, CONTENT_PARAGRAPH, 0,
				 "No input files were recorded for this report.", err);
	t = table_new("sources", "Input files analyzed, with their SHA-256 digests and rows");
	table_add_col(t, "File", CELL_TEXT);
	table_add_col(t, "Data", CELL_TEXT);
	table_add_col(t, "SHA-256", CELL_TEXT);
	table_add_col(t, "Rows read", CELL_INT);
	table_add_col(t, "Rows loaded", CELL_INT);
	table_add_col(t, "Rows rejected", CELL_INT);
	table_add_col(t, "Records removed", CELL_INT);
	for (i = 0; i < in->nsources; i++) {
		const struct render_source *s = &in->sources[i];
		struct cell *row = table_add_row(t);

		cell_text(&row[0], s->path);
		cell_text(&row[1], s->kind);
		cell_text(&row[2], s->sha256);
		cell_int(&row[3], s->rows_read);
		cell_int(&row[4], s->rows_loaded);
		cell_int(&row[5], s->rows_rejected);
		cell_int(&row[6], s->rows_removed);
	}
	table_set_source(t, "%s record of the input files.%s%s",
			 in->cfg->report.organization ? in->cfg->report.organization : "scta",
			 in->cfg->report.number ? " | " : "",
			 in->cfg->report.number ? in->cfg->report.number : "");
	table_add_note(t, "The SHA-256 digest identifies the exact content of each file analyzed. "
		       "The workbook lists these files on sheet Notes.");
	table_add_note(t, "Records removed: records that an earlier import of the same file loaded "
		       "and this one no longer has; they are kept in the database's history and "
		       "counted nowhere in this report.");
	memset(&b, 0, sizeof(b));
	b.kind = CONTENT_TABLE;
	b.table = t;
	rc = sink->emit(sink->ctx, &b, err);
	table_free(t);
	return rc;
}

static int data_note(const struct render_input *in, const struct content_sink *sink,
		     struct scta_err *err)
{
	const char *note = in->cfg->report.data_note;
	struct content_block b;
	struct tpl_span sp[2];

	if (!note || text_blank(note))
		return 0;
	one_span(&sp[0], "About the data: ", 1);
	one_span(&sp[1], note, 0);
	memset(&b, 0, sizeof(b));
	b.kind = CONTENT_QUOTE;
	b.level = 1;
	b.spans = sp;
	b.nspans = 2;
	return sink->emit(sink->ctx, &b, err);
}

int content_says(const char *name)
{
	return !strcmp(name, "recommendations") || !strcmp(name, "questionnaire") ||
	       !strcmp(name, "sources") || !strcmp(name, "data_note");
}

int content_directive(const struct render_input *in, const struct tpl_event *ev,
		      const struct content_sink *sink, struct scta_err *err)
{
	const char *d = ev->directive;

	if (!strcmp(d, "recommendations"))
		return recommendations(in, sink, err);
	if (!strcmp(d, "questionnaire"))
		return questionnaire(in, ev, sink, err);
	if (!strcmp(d, "sources"))
		return sources(in, sink, err);
	if (!strcmp(d, "data_note"))
		return data_note(in, sink, err);
	return scta_err_set(err, SCTA_ERR_CONFIG, "%s:%d: unknown directive '::: %s'", ev->file,
			    ev->line, d);
}

int content_contents(const struct content_entry *entries, size_t n,
		     const struct content_sink *sink, struct scta_err *err)
{
	struct content_block b;
	size_t i;
	int rc = 0, kind;

	memset(&b, 0, sizeof(b));
	b.kind = CONTENT_TOC_ENTRY;
	for (i = 0; !rc && i < n; i++) {
		const struct content_entry *e = &entries[i];

		if (e->kind == CONTENT_ENTRY_HEADING && e->body && e->level <= 2) {
			b.entry = i;
			b.level = e->level;
			rc = sink->emit(sink->ctx, &b, err);
		}
	}
	for (kind = CONTENT_ENTRY_TABLE; !rc && kind <= CONTENT_ENTRY_FIGURE; kind++) {
		int first = 1;

		for (i = 0; !rc && i < n; i++) {
			const struct content_entry *e = &entries[i];

			if ((int)e->kind != kind || !e->body)
				continue;
			/* "Tables" and "Figures" head contents lists of their own */
			if (first)
				rc = emit_text(sink, CONTENT_TOC_GROUP, 2,
					       kind == CONTENT_ENTRY_TABLE ? "Tables" : "Figures", err);
			first = 0;
			b.kind = CONTENT_TOC_ENTRY;
			b.entry = i;
			b.level = 0;
			if (!rc)
				rc = sink->emit(sink->ctx, &b, err);
		}
	}
	return rc;
}

char *content_detail_caption(const struct detail_spec *spec)
{
	return xstrdup(spec && spec->sheet ? spec->sheet : "Details");
}

/*
 * Where a workbook lists the rows of spec, appended to sb ("the workbook
 * lists them on sheet Partnerships, where In scope is Yes"): this
 * document's own workbook when it writes one; else the workbook of the
 * first whole-store study edition that writes one, by file name (its sheet
 * has every unit's rows: the unit is named); else nothing, and 0 returned.
 * what: "them", "all 40", "every answer".
 */
static int detail_where(const struct render_input *in, const struct detail_spec *spec,
			const char *what, struct strbuf *sb)
{
	const struct scta_config *cfg = in ? in->cfg : NULL;
	const char *sheet = spec && spec->workbook_sheet ? spec->workbook_sheet :
			    spec && spec->sheet ? spec->sheet : "Details";
	int scope = spec && (spec->kind == DETAIL_SCOPE || spec->kind == DETAIL_PARTNERS);
	const struct edition *other = NULL;
	size_t i;

	if (cfg && !(cfg->output.formats & FORMAT_XLSX)) {
		for (i = 0; !other && i < cfg->neditions; i++) {
			const struct edition *e = &cfg->editions[i];
			unsigned f = e->formats ? e->formats : in->base_formats;

			if (e->by == EDITION_BY_NONE && (!e->template || !strcmp(e->template, "study")) &&
			    (f & FORMAT_XLSX))
				other = e;
		}
		if (!other)
			return 0;
	}
	if (other)
		strbuf_addf(sb, "the workbook %s-%s.xlsx", cfg->output.name ? cfg->output.name :
			    "report", other->name);
	else
		strbuf_adds(sb, "the workbook");
	strbuf_addf(sb, " lists %s on sheet %s", what, sheet);
	if (scope)
		strbuf_adds(sb, ", where In scope is Yes");
	if (other && cfg->report.unit)
		strbuf_addf(sb, " (the rows of %s)", cfg->report.unit);
	return 1;
}

char *content_detail_note(const struct render_input *in, const struct detail_spec *spec)
{
	const char *desc = spec && spec->desc ? spec->desc : "";
	struct strbuf sb = STRBUF_INIT, where = STRBUF_INIT;
	size_t n = strlen(desc);

	/* "Every ... by state." then where a workbook has the rows. */
	strbuf_adds(&sb, desc);
	if (n && !strchr(".!?", desc[n - 1]))
		strbuf_addch(&sb, '.');
	if (detail_where(in, spec, spec && spec->kind == DETAIL_MEMBERS ? "every answer" : "them",
			 &where)) {
		where.buf[0] = 'T';   /* "The workbook ..." */
		strbuf_addf(&sb, "%s%s.", n ? " " : "", where.buf);
	}
	strbuf_release(&where);
	return strbuf_detach(&sb);
}

int content_detail_target(const char *arg, enum detail_kind *kind, size_t *limit, char *why,
			  size_t whysz)
{
	const char *sp = strchr(arg, ' ');
	size_t n = sp ? (size_t)(sp - arg) : strlen(arg);
	int64_t v;

	*limit = 0;
	if (n == 5 && !strncmp(arg, "scope", n))
		*kind = DETAIL_SCOPE;
	else if (n == 7 && !strncmp(arg, "members", n))
		*kind = DETAIL_MEMBERS;
	else if (n == 8 && !strncmp(arg, "partners", n))
		*kind = DETAIL_PARTNERS;
	else {
		snprintf(why, whysz, "unknown detail listing '%.*s' (scope, members or partners)",
			 (int)(n < 64 ? n : 64), arg);
		return -1;
	}
	if (sp) {
		if (text_int(sp + 1, 1, 10000, &v)) {
			snprintf(why, whysz, "bad row limit '%s' (a number of rows, 1 to 10000)",
				 sp + 1);
			return -2;
		}
		*limit = (size_t)v;
	}
	return 0;
}

char *content_detail_note_cut(const struct render_input *in, const struct detail_spec *spec,
			      size_t shown, size_t total)
{
	const char *desc = spec && spec->desc ? spec->desc : "";
	const char *what = !spec ? "rows" :
			   spec->kind == DETAIL_MEMBERS ? "responding members" :
			   spec->kind == DETAIL_PARTNERS || spec->kind == DETAIL_SCOPE ?
			   "partnerships in scope" : "rows";
	struct strbuf sb = STRBUF_INIT, all = STRBUF_INIT, where = STRBUF_INIT;
	size_t n = strlen(desc);

	/* "The partnerships in scope, ..." then what is left out and where it is. */
	strbuf_adds(&sb, desc);
	if (n && !strchr(".!?", desc[n - 1]))
		strbuf_addch(&sb, '.');
	strbuf_addf(&sb, "%sThis list shows the first %zu of the %zu %s, for length; ", n ? " " : "",
		    shown, total, what);
	if (spec && spec->kind == DETAIL_MEMBERS)
		strbuf_adds(&all, "every answer");
	else
		strbuf_addf(&all, "all %zu", total);
	if (detail_where(in, spec, all.buf, &where))
		strbuf_addf(&sb, "%s.", where.buf);
	else
		strbuf_adds(&sb, "the configuration writes no workbook that lists the others.");
	strbuf_release(&all);
	strbuf_release(&where);
	return strbuf_detach(&sb);
}

static void end_sentence(struct strbuf *sb)
{
	strbuf_trim(sb);
	if (sb->len && !strchr(".!?", sb->buf[sb->len - 1]))
		strbuf_addch(sb, '.');
}

void content_table_notes(const struct render_input *in, const struct table *t,
			 const char *extra_note, struct strbuf *src, struct strbuf *note)
{
	const struct scta_config *cfg = in->cfg;
	struct strbuf body = STRBUF_INIT;
	size_t i;

	strbuf_adds(src, "Source: ");
	if (t && t->source && !text_blank(t->source)) {
		strbuf_adds(src, t->source);   /* the analysis writes the whole line */
	} else {
		strbuf_addf(src, "%s analysis of partnership records.",
			    cfg->report.organization ? cfg->report.organization : "scta");
		if (cfg->report.number)
			strbuf_addf(src, " | %s", cfg->report.number);
	}
	/*
	 * Every numbered table and figure names the workbook sheet that holds its
	 * data, when this edition writes a workbook (another edition's numbers
	 * its sheets its own way).
	 */
	if (t && t->id && in->numbering && (cfg->output.formats & FORMAT_XLSX)) {
		size_t n = render_table_number(in, t->id, NULL);

		if (n)
			strbuf_addf(src, " | Workbook sheet: Table %zu", n);
	}
	if (t && t->base && !text_blank(t->base)) {
		strbuf_adds(&body, t->base);
		end_sentence(&body);
	}
	for (i = 0; t && i < t->nnotes; i++) {
		if (body.len)
			strbuf_addch(&body, ' ');
		strbuf_adds(&body, t->notes[i]);
		end_sentence(&body);
	}
	if (extra_note) {
		if (body.len)
			strbuf_addch(&body, ' ');
		strbuf_adds(&body, extra_note);
	}
	if (body.len)
		strbuf_addf(note, "Note: %s", body.buf);
	strbuf_release(&body);
}

char *content_figure_shows(size_t n, size_t rows)
{
	return xasprintf("The figure shows the first %zu of the table's %zu rows.", n, rows);
}

const char *content_cell_text(const struct cell *c, char *buf, size_t size)
{
	switch (c->kind) {
	case CELL_TEXT:
		return c->s ? c->s : "";
	case CELL_INT: {
		char digits[32];
		unsigned long long u;
		size_t n, i, o = 0;

		if (c->i < 0) {
			u = (unsigned long long)(-(c->i + 1)) + 1;
			buf[o++] = '-';
		} else {
			u = (unsigned long long)c->i;
		}
		snprintf(digits, sizeof digits, "%llu", u);
		n = strlen(digits);
		for (i = 0; i < n && o + 2 < size; i++) {
			if (i && (n - i) % 3 == 0)
				buf[o++] = ',';
			buf[o++] = digits[i];
		}
		buf[o] = 0;
		return buf;
	}
	case CELL_NULL:
		/* An em dash, as GAO prints "not applicable" in a table. */
		snprintf(buf, size, "\xE2\x80\x94");
		return buf;
	default:
		cell_format(c, buf, size);
		return buf;
	}
}

int content_target(const struct render_input *in, const char *d, const char *arg,
		   struct content_target *out, char *why, size_t whysz)
{
	const char *sp = strcmp(d, "table") ? strchr(arg, ' ') : NULL;
	size_t n = sp ? (size_t)(sp - arg) : strlen(arg);
	char id[256];

	memset(out, 0, sizeof(*out));
	if (n >= sizeof(id)) {
		snprintf(why, whysz, "table id too long");
		return -1;
	}
	memcpy(id, arg, n);
	id[n] = '\0';
	if (sp && !strcmp(d, "figure")) {
		int64_t v;

		if (text_int(sp + 1, 1, 1000, &v)) {
			snprintf(why, whysz, "bad bar count '%s'", sp + 1);
			return -1;
		}
		out->bars = (size_t)v;
	} else if (sp) {
		out->column = sp + 1;
	}
	out->t = in && in->an ? analysis_table(in->an, id) : NULL;
	if (!out->t) {
		snprintf(why, whysz, "unknown table id '%s'", id);
		return -1;
	}
	/* Named by {{omitted}}: nothing to write in this edition. */
	if (render_table_omitted(in, out->t))
		out->t = NULL;
	return 0;
}

double content_chart_value(const struct cell *c, int *ok)
{
	*ok = 1;
	switch (c->kind) {
	case CELL_INT:
		return (double)c->i;
	case CELL_REAL:
	case CELL_PCT:
		return c->d;
	default:
		*ok = 0;
		return 0;
	}
}

double content_nice_step(double vmax, double want, int integer)
{
	double raw = vmax / want, mag, r, step;

	if (raw <= 0)
		return 1;
	mag = pow(10, floor(log10(raw)));
	r = raw / mag;
	step = (r <= 1 ? 1 : r <= 2 ? 2 : r <= 2.5 ? 2.5 : r <= 5 ? 5 : 10) * mag;
	if (integer && step < 1)
		step = 1;
	return step;
}

double content_stacked_row(const struct table *t, size_t i, size_t c0, size_t nseg,
			   int *all_pct)
{
	double sum = 0, v;
	size_t k;
	int ok;

	*all_pct = 1;
	for (k = 0; k < nseg; k++) {
		const struct cell *c = table_cell(t, i, c0 + k);

		v = content_chart_value(c, &ok);
		if (ok && v > 0)
			sum += v;
		if (c->kind != CELL_PCT && c->kind != CELL_NULL)
			*all_pct = 0;
	}
	return sum;
}

/*
 * ColorBrewer's Blues from the darkest (the series a reader compares
 * first), then two greys and two browns for long legends; every writer
 * draws from this one list.
 */
const unsigned char content_palette[CONTENT_NPALETTE][3] = {
	{ 8, 48, 107 }, { 41, 107, 173 }, { 115, 166, 214 }, { 189, 214, 237 },
	{ 148, 148, 148 }, { 212, 212, 212 }, { 140, 97, 25 }, { 217, 179, 102 },
};

/* sRGB component (0-255) to linear light, as WCAG 2.1 defines relative luminance. */
static double lin(unsigned char v)
{
	double c = v / 255.0;

	return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

/*
 * White labels on colour i when white contrasts more with it than black:
 * (1.05) / (L + 0.05) > (L + 0.05) / 0.05, that is L below about 0.18.
 */
int content_chart_dark(size_t i)
{
	const unsigned char *c = content_palette[i % CONTENT_NPALETTE];
	double l = 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);

	return 1.05 / (l + 0.05) > (l + 0.05) / 0.05;
}
