/*
 * numbering.c - one numbering of tables and figures for every output.
 *
 * Table N and Figure N mean the same thing in the PDF, the workbook and the
 * JSON. The order is the report's: the analysis tables and figures in the
 * order the PDF's body places them, then the tables only the workbook and
 * the JSON carry, in the analysis's order, then the figures of those. The
 * PDF's order depends on the templates, the configuration and the
 * questionnaire, never on the data, so it is taken from a measuring pass
 * over the plan (the analysis of an empty database) before any output is
 * written, and the writers of every output share it. The PDF names a
 * map of table ID as figure "map:ID" or "map:ID:COLUMN" (pdf_chart.c).
 */
#include "render/render.h"
#include "analysis/analysis.h"
#include "config/config.h"
#include "util/err.h"
#include "util/vocab.h"
#include "util/mem.h"

#include <stdlib.h>
#include <string.h>

/* A detail stream with no rows: the plan has no data to list. */
static int empty_next(struct detail *d, const struct cell **row, struct scta_err *err)
{
	(void)d;
	(void)err;
	*row = NULL;
	return 0;
}

static void empty_close(struct detail *d)
{
	free(d);
}

static int empty_open(const struct render_input *in, enum detail_kind kind, struct detail **out,
		      struct scta_err *err)
{
	struct detail *d = xcalloc(1, sizeof(*d));

	(void)in;
	(void)err;
	d->spec = detail_spec(kind);
	d->next = empty_next;
	d->close = empty_close;
	*out = d;
	return 0;
}

static long index_of(const struct analysis *an, const char *id)
{
	size_t i;

	for (i = 0; id && i < an->ntables; i++)
		if (!strcmp(an->tables[i]->id, id))
			return (long)i;
	return -1;
}

int render_number(const struct render_input *plan_in, struct render_numbering *out,
		  struct scta_err *err)
{
	const struct analysis *an = plan_in->an;
	struct render_input in = *plan_in;
	char **tables = NULL, **figures = NULL;
	size_t nt = 0, nf = 0, i, next_t = 0, next_f = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (!an)
		return scta_err_set(err, SCTA_ERR_RUNTIME, "numbering: no analysis to number");
	out->n = an->ntables;
	out->table = xcalloc(an->ntables + 1, sizeof(*out->table));
	out->figure = xcalloc(an->ntables + 1, sizeof(*out->figure));
	out->map = xcalloc(an->ntables + 1, sizeof(*out->map));
	out->map_col = xcalloc(an->ntables + 1, sizeof(*out->map_col));
	out->order = xcalloc(an->ntables + 1, sizeof(*out->order));
	in.numbering = NULL;
	in.detail_open = empty_open;
	in.progress = NULL;
	/* the PDF and the HTML edition lay out the templates: their body numbers first */
	if (plan_in->cfg->templates_dir &&
	    (plan_in->cfg->output.formats & (FORMAT_PDF | FORMAT_HTML)))
		rc = pdf_order(&in, &tables, &nt, &figures, &nf, err);
	if (rc)
		goto out;
	for (i = 0; i < nt; i++) {
		long k = index_of(an, tables[i]);

		if (k >= 0 && !out->table[k]) {
			out->order[next_t] = (size_t)k;
			out->table[k] = ++next_t;
		}
	}
	out->in_pdf_tables = next_t;
	for (i = 0; i < nf; i++) {
		long k;

		if (!strncmp(figures[i], "map:", 4)) {
			char *id = figures[i] + 4, *col = strchr(id, ':');

			if (col)
				*col++ = '\0';
			k = index_of(an, id);
			if (k >= 0 && !out->map[k]) {
				out->map[k] = ++next_f;
				out->map_col[k] = col && *col ? xstrdup(col) : NULL;
			}
			continue;
		}
		k = index_of(an, figures[i]);
		if (k >= 0 && !out->figure[k] && an->tables[k]->chart != CHART_NONE)
			out->figure[k] = ++next_f;
	}
	out->in_pdf_figures = next_f;
	for (i = 0; i < an->ntables; i++)
		if (!out->table[i]) {
			out->order[next_t] = i;
			out->table[i] = ++next_t;
		}
	for (i = 0; i < an->ntables; i++) {
		size_t k = out->order[i];

		if (!out->figure[k] && an->tables[k]->chart != CHART_NONE)
			out->figure[k] = ++next_f;
	}
	{
		long k = index_of(an, RENDER_DEFAULT_MAP);

		if (k >= 0 && !out->map[k])
			out->map[k] = ++next_f;
	}
out:
	for (i = 0; i < nt; i++)
		free(tables[i]);
	for (i = 0; i < nf; i++)
		free(figures[i]);
	free(tables);
	free(figures);
	if (rc)
		render_numbering_release(out);
	return rc;
}

void render_numbering_release(struct render_numbering *nb)
{
	size_t i;

	if (!nb)
		return;
	free(nb->table);
	free(nb->figure);
	free(nb->order);
	for (i = 0; nb->map_col && i < nb->n; i++)
		free(nb->map_col[i]);
	free(nb->map_col);
	free(nb->map);
	memset(nb, 0, sizeof(*nb));
}

size_t render_table_number(const struct render_input *in, const char *id, size_t *figure)
{
	const struct render_numbering *nb = in->numbering;
	const struct analysis *an = in->an ? in->an : in->plan;
	long k;

	if (figure)
		*figure = 0;
	if (!nb || !an || an->ntables != nb->n)
		return 0;
	k = index_of(an, id);
	if (k < 0)
		return 0;
	if (figure)
		*figure = nb->figure[k];
	return nb->table[k];
}

size_t render_map_number(const struct render_input *in, const char *id, const char **column)
{
	const struct render_numbering *nb = in->numbering;
	const struct analysis *an = in->an ? in->an : in->plan;
	long k;

	if (column)
		*column = NULL;
	if (!nb || !nb->map || !an || an->ntables != nb->n)
		return 0;
	k = index_of(an, id);
	if (k < 0)
		return 0;
	if (column)
		*column = nb->map_col[k];
	return nb->map[k];
}
