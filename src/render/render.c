/*
 * render.c - what the writers share: the default detail opener,
 * rejects.csv and manifest.json.
 */
#include "render/render.h"
#include "config/config.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/mem.h"
#include "util/path.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/text.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int render_detail_open(const struct render_input *in, enum detail_kind kind,
		       struct detail **out, struct scta_err *err)
{
	return analysis_detail_open(in->an, kind, out, err);
}

int render_table_omitted(const struct render_input *in, const struct table *t)
{
	size_t r, c, rows;

	if (!in || !in->cfg || !in->cfg->report.unit || !in->an || !in->an->store || !t)
		return 0;
	rows = t->nrows - (t->has_total && t->nrows ? 1 : 0);
	/* A list without numbers (flagged partnerships, not scored) shows its rows. */
	for (c = 0; c < t->ncols; c++)
		if (t->cols[c].kind == CELL_INT || t->cols[c].kind == CELL_REAL ||
		    t->cols[c].kind == CELL_PCT)
			break;
	if (c == t->ncols)
		return rows == 0;
	for (r = 0; r < rows; r++)
		for (c = 0; c < t->ncols; c++) {
			const struct cell *x = table_cell(t, r, c);

			if ((x->kind == CELL_INT && x->i) ||
			    ((x->kind == CELL_REAL || x->kind == CELL_PCT) && x->d != 0))
				return 0;
		}
	return 1;
}

/* "12", "12 and 14", "12 to 15" runs of sorted numbers, joined "a, b and c". */
static void add_number_runs(const size_t *v, size_t n, struct strbuf *sb)
{
	size_t i = 0, runs = 0, k, total = 0;

	for (k = 0; k < n; total++) {
		size_t e = k;

		while (e + 1 < n && v[e + 1] == v[e] + 1)
			e++;
		k = e + 1;
	}
	while (i < n) {
		size_t e = i;

		while (e + 1 < n && v[e + 1] == v[e] + 1)
			e++;
		if (runs)
			strbuf_adds(sb, runs + 1 == total ? " and " : ", ");
		if (e == i)
			strbuf_addf(sb, "%zu", v[i]);
		else if (e == i + 1)
			strbuf_addf(sb, "%zu, %zu", v[i], v[e]);
		else
			strbuf_addf(sb, "%zu to %zu", v[i], v[e]);
		runs++;
		i = e + 1;
	}
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

void render_omitted_sentence(const struct render_input *in, struct strbuf *sb)
{
	const struct analysis *an = in ? in->an : NULL;
	size_t *nums = NULL, n = 0, i, pdf_tables;

	if (!an || !in->cfg->report.unit)
		return;
	/* The tables the document itself numbers (the PDF's body); all without a numbering. */
	pdf_tables = in->numbering ? in->numbering->in_pdf_tables : an->ntables;
	nums = xcalloc(an->ntables ? an->ntables : 1, sizeof(*nums));
	for (i = 0; i < an->ntables; i++) {
		size_t num = in->numbering && i < in->numbering->n ? in->numbering->table[i] : i + 1;

		if (num && num <= pdf_tables && render_table_omitted(in, an->tables[i]))
			nums[n++] = num;
	}
	if (n) {
		qsort(nums, n, sizeof(*nums), cmp_size);
		strbuf_addf(sb, "This edition for %s leaves out %s ", in->cfg->report.unit,
			    n == 1 ? "Table" : "Tables");
		add_number_runs(nums, n, sb);
		strbuf_addf(sb, " and %s, which %s nothing to show for it (no partnership, answer or "
			    "flag in %s); the edition for all states has %s.",
			    n == 1 ? "its figure" : "their figures", n == 1 ? "has" : "have",
			    in->cfg->report.unit, n == 1 ? "it" : "them");
	}
	free(nums);
}

const char *render_marking(const struct scta_config *cfg)
{
	if (!cfg || cfg->report.audience != AUDIENCE_RESTRICTED)
		return NULL;
	return cfg->report.marking && *cfg->report.marking ? cfg->report.marking : "RESTRICTED";
}

const char *render_audience_note(const struct scta_config *cfg)
{
	if (!cfg || cfg->report.audience != AUDIENCE_PUBLIC)
		return NULL;
	return "This public edition leaves out respondents' names and contact details, comments "
	       "and answers to free-text questions, partnership notes and status reasons, the "
	       "values of rejected input rows with the reasons that quote them, and the list of "
	       "flagged partnerships (their counts stay), because they may identify people or "
	       "name partnerships under review; the restricted edition carries them.";
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

void render_chart_alt(const struct table *t, const char *of, size_t nrows, struct strbuf *sb)
{
	size_t i, k, best = 0;
	double bestv = -HUGE_VAL;
	char buf[64];
	const char *cat = nz(t->cols[0].name);

	if (t->chart == CHART_BAR) {
		const char *val = nz(t->cols[t->chart_col].name);

		strbuf_addf(sb, "Bar chart of %s by %s%s%s: %s. ", val, cat, of ? " for " : "",
			    of ? of : "", nz(t->title));
		for (i = 0; i < nrows; i++) {
			const struct cell *c = table_cell(t, i, t->chart_col);
			double v = c->kind == CELL_INT ? (double)c->i :
				   (c->kind == CELL_REAL || c->kind == CELL_PCT) ? c->d : -HUGE_VAL;

			if (v > bestv) {
				bestv = v;
				best = i;
			}
		}
		if (bestv == 0) {
			/* no bar to name as the largest */
			strbuf_addf(sb, "%zu bars, all zero. ", nrows);
		} else if (bestv > -HUGE_VAL) {
			const struct cell *lab = table_cell(t, best, 0);

			cell_format(table_cell(t, best, t->chart_col), buf, sizeof(buf));
			strbuf_addf(sb, "%zu bars; the largest is %s (%s). ", nrows,
				    lab->kind == CELL_TEXT ? nz(lab->s) : "", buf);
		}
	} else {
		strbuf_addf(sb, "100 percent stacked bar chart%s%s: %s. One bar per %s, "
			    "divided into ", of ? " for " : "", of ? of : "", nz(t->title), cat);
		for (k = 0; k < t->chart_ncols; k++)
			strbuf_addf(sb, "%s%s", k == 0 ? "" : k + 1 == t->chart_ncols ? " and " : ", ",
				    nz(t->cols[t->chart_col + k].name));
		strbuf_adds(sb, ". ");
	}
}

/* Append one RFC 4180 field. */
static void csv_field(struct strbuf *sb, const char *s, int guard_formula)
{
	int guard = guard_formula && text_formula_like(s);

	if (!guard && !strpbrk(s, ",\"\r\n")) {
		strbuf_adds(sb, s);
		return;
	}
	strbuf_addch(sb, '"');
	if (guard)
		strbuf_addch(sb, '\'');
	for (; *s; s++) {
		if (*s == '"')
			strbuf_addch(sb, '"');
		strbuf_addch(sb, *s);
	}
	strbuf_addch(sb, '"');
}

int rejects_csv_write(const struct render_input *in, const char *path, struct scta_err *err)
{
	struct detail *d = NULL;
	const struct cell *row;
	struct strbuf line = STRBUF_INIT;
	FILE *fp = NULL;
	size_t i;
	int rc;

	if ((rc = in->detail_open(in, DETAIL_REJECTS, &d, err)))
		return rc;
	fp = fopen(path, "wb");
	if (!fp) {
		rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: cannot create: %s", path, strerror(errno));
		goto out;
	}
	/* The header is the stream's columns (a public edition's has no values). */
	for (i = 0; i < d->spec->ncols; i++) {
		const char *h = d->spec->cols[i].name;

		if (i)
			strbuf_addch(&line, ',');
		for (; *h; h++)
			strbuf_addch(&line, (char)(*h >= 'A' && *h <= 'Z' ? *h - 'A' + 'a' : *h));
	}
	strbuf_adds(&line, "\r\n");
	fwrite(line.buf, 1, line.len, fp);
	while (!(rc = d->next(d, &row, err)) && row) {
		strbuf_reset(&line);
		for (i = 0; i < d->spec->ncols; i++) {
			char num[32];

			if (i)
				strbuf_addch(&line, ',');
			if (row[i].kind == CELL_INT) {
				snprintf(num, sizeof(num), "%lld", (long long)row[i].i);
				strbuf_adds(&line, num);
			} else if (row[i].kind == CELL_TEXT) {
				/* Every text cell: a file or column name can start with '=' too. */
				csv_field(&line, row[i].s, 1);
			}
		}
		strbuf_adds(&line, "\r\n");
		fwrite(line.buf, 1, line.len, fp);
	}
	if (!rc && (fflush(fp) || ferror(fp)))
		rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: write error: %s", path, strerror(errno));
out:
	if (fp && fclose(fp) && !rc)
		rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: write error: %s", path, strerror(errno));
	if (d)
		d->close(d);
	strbuf_release(&line);
	return rc;
}

char *render_path_shown(const struct scta_config *cfg, const char *path)
{
	char *base = NULL, *file = NULL, *out;

	if (!cfg->dir || path_canonical(cfg->dir, &base, NULL) || path_canonical(path, &file, NULL))
		out = xstrdup(path);
	else
		out = path_shown(base, file);
	free(base);
	free(file);
	return out;
}

static void json_str(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '"');
	strbuf_add_json(sb, s ? s : "");
	strbuf_addch(sb, '"');
}

int manifest_write(const char *path, const struct render_input *in, const char *config_sha256,
		   const struct manifest_output *outs, size_t nouts, struct scta_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct afile af = { NULL, NULL, NULL };
	char compare_sha[65] = "";
	size_t i;
	int rc = in->cfg->compare ? sha256_file(in->cfg->compare, compare_sha, err) : 0;

	strbuf_adds(&sb, "{\n  \"version\": ");
	json_str(&sb, SCTA_VERSION);
	strbuf_adds(&sb, ",\n  \"config\": {\"path\": ");
	{
		char *shown = render_path_shown(in->cfg, in->cfg->path);

		json_str(&sb, shown);
		free(shown);
	}
	strbuf_adds(&sb, ", \"sha256\": ");
	json_str(&sb, config_sha256);
	strbuf_adds(&sb, "},\n  \"scope\": {");
	strbuf_addf(&sb, "\"cpi_year\": %d, \"cpi_max\": %d},\n", in->cfg->scope.cpi_year,
		    in->cfg->scope.cpi_max);
	/* --compare: the earlier round's database is an input of the comparison. */
	if (in->cfg->compare) {
		char *shown = render_path_shown(in->cfg, in->cfg->compare);

		strbuf_adds(&sb, "  \"compare\": {\"path\": ");
		json_str(&sb, shown);
		strbuf_adds(&sb, ", \"sha256\": ");
		json_str(&sb, compare_sha);
		strbuf_adds(&sb, "},\n");
		free(shown);
	}
	strbuf_adds(&sb, "  \"inputs\": [");
	for (i = 0; i < in->nsources; i++) {
		const struct render_source *s = &in->sources[i];

		strbuf_adds(&sb, i ? ",\n    {" : "\n    {");
		strbuf_adds(&sb, "\"path\": ");
		json_str(&sb, s->path);
		strbuf_adds(&sb, ", \"kind\": ");
		json_str(&sb, s->kind);
		strbuf_adds(&sb, ", \"sha256\": ");
		json_str(&sb, s->sha256);
		strbuf_addf(&sb, ", \"rows_read\": %lld, \"rows_loaded\": %lld, \"rows_rejected\": %lld, "
			    "\"records_removed\": %lld}", s->rows_read, s->rows_loaded, s->rows_rejected,
			    s->rows_removed);
	}
	strbuf_adds(&sb, in->nsources ? "\n  ],\n  \"outputs\": [" : "],\n  \"outputs\": [");
	for (i = 0; i < nouts; i++) {
		strbuf_adds(&sb, i ? ",\n    {" : "\n    {");
		strbuf_adds(&sb, "\"path\": ");
		json_str(&sb, outs[i].name);
		strbuf_adds(&sb, ", \"sha256\": ");
		json_str(&sb, outs[i].sha256);
		if (outs[i].format) {
			strbuf_adds(&sb, ", \"format\": ");
			json_str(&sb, outs[i].format);
		}
		if (outs[i].edition) {
			strbuf_adds(&sb, ", \"edition\": ");
			json_str(&sb, outs[i].edition);
		}
		if (outs[i].unit) {
			strbuf_adds(&sb, ", \"unit\": ");
			json_str(&sb, outs[i].unit);
		}
		strbuf_addch(&sb, '}');
	}
	strbuf_adds(&sb, nouts ? "\n  ]\n}\n" : "]\n}\n");
	if (!rc && !(rc = afile_open(&af, path, err))) {
		fwrite(sb.buf, 1, sb.len, af.fp);
		rc = afile_commit(&af, err);
	}
	strbuf_release(&sb);
	return rc;
}
