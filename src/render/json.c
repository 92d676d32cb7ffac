/*
 * json.c - <report>.json: every table and headline figure of the analysis
 * as plain JSON, for other programs.
 *
 * Numbers are numbers (counts as integers, percentages as fractions 0..1,
 * reals in the shortest form that reads back exactly), text is UTF-8 with
 * JSON escapes, empty cells are null. The layout is fixed and keys come in
 * a fixed order, so the same analysis always gives the same bytes.
 */
#include "analysis/analysis.h"
#include "config/config.h"
#include "render/render.h"
#include "render/tilemap.h"
#include "util/err.h"
#include "util/strbuf.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void jstr(struct strbuf *sb, const char *s)
{
	if (!s) {
		strbuf_adds(sb, "null");
		return;
	}
	strbuf_addch(sb, '"');
	strbuf_add_json(sb, s);
	strbuf_addch(sb, '"');
}

/* The shortest of %.15g..%.17g that reads back as the same double. */
static void jreal(struct strbuf *sb, double d)
{
	char buf[64];
	int prec;

	if (!isfinite(d)) {
		strbuf_adds(sb, "null");
		return;
	}
	for (prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	strbuf_adds(sb, buf);
}

static void jcell(struct strbuf *sb, const struct cell *c)
{
	switch (c->kind) {
	case CELL_TEXT:
		jstr(sb, c->s);
		break;
	case CELL_INT:
		strbuf_addf(sb, "%lld", (long long)c->i);
		break;
	case CELL_REAL:
	case CELL_PCT:
		jreal(sb, c->d);
		break;
	default:
		strbuf_adds(sb, "null");
	}
}

static const char *kind_name(enum cell_kind k)
{
	switch (k) {
	case CELL_TEXT: return "text";
	case CELL_INT: return "int";
	case CELL_REAL: return "real";
	case CELL_PCT: return "pct";
	default: return "null";
	}
}

/* Rows are written to the file as the buffer passes this: a table of a million rows is streamed. */
#define JSON_FLUSH (64 * 1024)

/* Write out sb (and empty it); -1 when the write fails (ferror(fp) is then set). */
static int jflush(struct strbuf *sb, FILE *fp)
{
	size_t n = sb->len;
	int rc = fwrite(sb->buf, 1, n, fp) == n ? 0 : -1;

	strbuf_reset(sb);
	return rc;
}

/*
 * A table with its number and figure number (0 when it has no chart) in the
 * report, and its map's figure number and column (map 0: none). Rows go to
 * fp as they are made; -1 when a write fails.
 */
static int jtable(struct strbuf *sb, FILE *fp, const struct table *t, size_t number, size_t figure,
		  size_t map, const char *map_col)
{
	size_t i, j;

	strbuf_adds(sb, "    {\n      \"id\": ");
	jstr(sb, t->id);
	strbuf_addf(sb, ",\n      \"number\": %zu", number);
	if (figure)
		strbuf_addf(sb, ",\n      \"figure\": %zu", figure);
	else
		strbuf_adds(sb, ",\n      \"figure\": null");
	strbuf_adds(sb, ",\n      \"title\": ");
	jstr(sb, t->title);
	strbuf_adds(sb, ",\n      \"topic\": ");
	jstr(sb, t->topic);
	strbuf_adds(sb, ",\n      \"base\": ");
	jstr(sb, t->base);
	strbuf_adds(sb, ",\n      \"source\": ");
	jstr(sb, t->source);
	strbuf_adds(sb, ",\n      \"notes\": [");
	for (i = 0; i < t->nnotes; i++) {
		strbuf_adds(sb, i ? ",\n        " : "\n        ");
		jstr(sb, t->notes[i]);
	}
	strbuf_adds(sb, t->nnotes ? "\n      ],\n" : "],\n");
	strbuf_adds(sb, "      \"columns\": [");
	for (j = 0; j < t->ncols; j++) {
		strbuf_adds(sb, j ? ",\n        {\"name\": " : "\n        {\"name\": ");
		jstr(sb, t->cols[j].name);
		strbuf_addf(sb, ", \"kind\": \"%s\"}", kind_name(t->cols[j].kind));
	}
	strbuf_adds(sb, t->ncols ? "\n      ],\n" : "],\n");
	strbuf_adds(sb, "      \"rows\": [");
	for (i = 0; i < t->nrows; i++) {
		strbuf_adds(sb, i ? ",\n        [" : "\n        [");
		for (j = 0; j < t->ncols; j++) {
			if (j)
				strbuf_adds(sb, ", ");
			jcell(sb, table_cell(t, i, j));
		}
		strbuf_addch(sb, ']');
		if (sb->len >= JSON_FLUSH && jflush(sb, fp))
			return -1;
	}
	strbuf_adds(sb, t->nrows ? "\n      ],\n" : "],\n");
	strbuf_addf(sb, "      \"total_row\": %s,\n", t->has_total ? "true" : "false");
	strbuf_adds(sb, "      \"chart\": ");
	if (t->chart == CHART_BAR)
		strbuf_addf(sb, "{\"type\": \"bar\", \"column\": %zu}", t->chart_col);
	else if (t->chart == CHART_STACKED)
		strbuf_addf(sb, "{\"type\": \"stacked\", \"column\": %zu, \"columns\": %zu}", t->chart_col,
			    t->chart_ncols);
	else
		strbuf_adds(sb, "null");
	strbuf_adds(sb, ",\n      \"map\": ");
	if (map) {
		struct tilemap m;
		struct scta_err e = SCTA_ERR_INIT;

		strbuf_addf(sb, "{\"figure\": %zu, \"column\": ", map);
		/* the column mapped, by name (the default is the table's chart column) */
		if (!tilemap_make(t, map_col, &m, &e))
			jstr(sb, t->cols[m.value_col].name);
		else
			jstr(sb, map_col);
		tilemap_release(&m);
		strbuf_addch(sb, '}');
	} else {
		strbuf_adds(sb, "null");
	}
	strbuf_adds(sb, "\n    }");
	return 0;
}

static void jhead(struct strbuf *sb, const struct render_input *in)
{
	const struct scta_config *cfg = in->cfg;
	const char *marking = render_marking(cfg), *note = render_audience_note(cfg);
	size_t i;

	/* A restricted edition says so before anything else. */
	strbuf_adds(sb, "{\n");
	if (marking) {
		strbuf_adds(sb, "  \"marking\": ");
		jstr(sb, marking);
		strbuf_adds(sb, ",\n");
	}
	strbuf_adds(sb, "  \"report\": {\n    \"organization\": ");
	jstr(sb, cfg ? cfg->report.organization : NULL);
	strbuf_adds(sb, ",\n    \"title\": ");
	jstr(sb, cfg ? cfg->report.title : NULL);
	strbuf_adds(sb, ",\n    \"number\": ");
	jstr(sb, cfg ? cfg->report.number : NULL);
	strbuf_adds(sb, ",\n    \"date\": ");
	jstr(sb, cfg ? cfg->report.date : NULL);
	if (cfg && cfg->report.edition) {
		strbuf_adds(sb, ",\n    \"edition\": ");
		jstr(sb, cfg->report.edition);
	}
	if (cfg && cfg->report.unit) {
		strbuf_adds(sb, ",\n    \"unit\": ");
		jstr(sb, cfg->report.unit);
	}
	if (marking || note) {
		strbuf_adds(sb, ",\n    \"audience\": ");
		jstr(sb, marking ? "restricted" : "public");
	}
	if (note) {
		strbuf_adds(sb, ",\n    \"audience_note\": ");
		jstr(sb, note);
	}
	strbuf_adds(sb, "\n  },\n");
	if (cfg) {
		strbuf_addf(sb, "  \"scope\": {\"cpi_year\": %d, \"cpi_max\": %d, \"statuses\": [",
			    cfg->scope.cpi_year, cfg->scope.cpi_max);
		for (i = 0; i < cfg->scope.nstatuses; i++) {
			if (i)
				strbuf_adds(sb, ", ");
			jstr(sb, cfg->scope.statuses[i]);
		}
		strbuf_adds(sb, "]},\n");
	}
	strbuf_adds(sb, "  \"sources\": [");
	for (i = 0; i < in->nsources; i++) {
		const struct render_source *s = &in->sources[i];

		strbuf_adds(sb, i ? ",\n    {\"path\": " : "\n    {\"path\": ");
		jstr(sb, s->path);
		strbuf_adds(sb, ", \"kind\": ");
		jstr(sb, s->kind);
		strbuf_adds(sb, ", \"sha256\": ");
		jstr(sb, s->sha256);
		strbuf_addf(sb, ", \"rows_read\": %lld, \"rows_loaded\": %lld, \"rows_rejected\": %lld, "
			    "\"records_removed\": %lld}", s->rows_read, s->rows_loaded, s->rows_rejected,
			    s->rows_removed);
	}
	strbuf_adds(sb, in->nsources ? "\n  ],\n" : "],\n");
}

/*
 * With --compare: "changes", the comparison with the earlier round in one
 * place: its compare_* figures without the prefix, and the numbers of its
 * changes_* tables (which are in "tables" with the others).
 */
static void jchanges(struct strbuf *sb, const struct render_input *in)
{
	const struct analysis *an = in->an;
	size_t i, k = 0;

	if (!analysis_table(an, "changes_summary"))
		return;
	strbuf_adds(sb, "  \"changes\": {");
	for (i = 0; i < an->nfigs; i++) {
		if (strncmp(an->figs[i].id, "compare_", 8))
			continue;
		strbuf_adds(sb, k++ ? ",\n    " : "\n    ");
		jstr(sb, an->figs[i].id + 8);
		strbuf_adds(sb, ": ");
		jcell(sb, &an->figs[i].value);
	}
	strbuf_adds(sb, ",\n    \"tables\": {");
	for (i = 0, k = 0; i < an->ntables; i++) {
		if (strncmp(an->tables[i]->id, "changes_", 8))
			continue;
		strbuf_adds(sb, k++ ? ", " : "");
		jstr(sb, an->tables[i]->id);
		strbuf_addf(sb, ": %zu", render_table_number(in, an->tables[i]->id, NULL));
	}
	strbuf_adds(sb, "}\n  },\n");
}

int json_write(const struct render_input *in, const char *path, struct scta_err *err)
{
	const struct analysis *an = in->an;
	struct strbuf sb = STRBUF_INIT;
	FILE *fp = NULL;
	size_t i;
	int rc = 0;

	fp = fopen(path, "wb");
	if (!fp)
		return scta_err_set(err, SCTA_ERR_RUNTIME, "%s: cannot write: %s", path, strerror(errno));
	jhead(&sb, in);
	jchanges(&sb, in);
	strbuf_adds(&sb, "  \"figures\": {");
	for (i = 0; an && i < an->nfigs; i++) {
		strbuf_adds(&sb, i ? ",\n    " : "\n    ");
		jstr(&sb, an->figs[i].id);
		strbuf_adds(&sb, ": {\"label\": ");
		jstr(&sb, an->figs[i].label);
		strbuf_adds(&sb, ", \"value\": ");
		jcell(&sb, &an->figs[i].value);
		strbuf_addch(&sb, '}');
	}
	strbuf_adds(&sb, an && an->nfigs ? "\n  },\n  \"tables\": [" : "},\n  \"tables\": [");
	/*
	 * One table at a time, its rows written as they are made: the buffer
	 * never holds much more than JSON_FLUSH bytes. In the report's
	 * numbering, as in the workbook and the PDF.
	 */
	for (i = 0; an && i < an->ntables; i++) {
		const struct render_numbering *nb = in->numbering;
		size_t k = nb && nb->n == an->ntables ? nb->order[i] : i, fig = 0, map = 0;
		const char *map_col = NULL;

		if (nb && nb->n == an->ntables) {
			(void)render_table_number(in, an->tables[k]->id, &fig);
			map = render_map_number(in, an->tables[k]->id, &map_col);
		}
		strbuf_adds(&sb, i ? ",\n" : "\n");
		if (jtable(&sb, fp, an->tables[k], i + 1, fig, map, map_col) || jflush(&sb, fp))
			break;
	}
	strbuf_adds(&sb, an && an->ntables ? "\n  ]\n}\n" : "]\n}\n");
	if (fwrite(sb.buf, 1, sb.len, fp) != sb.len || fflush(fp) || ferror(fp))
		rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: write failed: %s", path, strerror(errno));
	if (fclose(fp) && !rc)
		rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: write failed: %s", path, strerror(errno));
	strbuf_release(&sb);
	return rc;
}
