/*
 * crosstab.c - the crosstabs named in the configuration ([crosstab:ID]).
 *
 * Each variable turns into a list of (unit, value) pairs: from the in-scope
 * partnerships (one query, kept for all crosstabs) or from a question's
 * answers (one query per question). The unit is the partnership when both
 * variables are partnership fields, and the responding U.S. community when
 * a question is involved: a community then carries every distinct value
 * of a partnership field among its in-scope partnerships, and every
 * distinct answer its responses gave. Cells count units having both
 * values; the margins count units having the row (column) value, so they
 * equal the one-way counts even when a unit has several values.
 */
#include "analysis/analysis_int.h"
#include "config/config.h"
#include "store/store.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/strbuf.h"
#include "util/text.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An in-scope partnership with every crosstab variable (query scope_units). */
struct punit {
	char *id, *ckey, *state, *iso3, *country, *status, *type, *avail;
	int cpi, decade;         /* decade 0 when not known */
};

struct pair {
	char *unit, *value;
};

struct plist {
	struct pair *p;
	size_t n, cap;
};

/* A value of a variable as a row or column: its key, printed label and sort rank. */
struct dval {
	char *key, *label;
	long ord;
};

struct dom {
	struct dval *v;          /* in report order */
	size_t n;
};

static void plist_add(struct plist *l, const char *unit, const char *value)
{
	XGROW(l->p, l->cap, l->n + 1);
	l->p[l->n].unit = xstrdup(unit);
	l->p[l->n].value = xstrdup(value);
	l->n++;
}

static void plist_release(struct plist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->p[i].unit);
		free(l->p[i].value);
	}
	free(l->p);
	memset(l, 0, sizeof(*l));
}

static int cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	int c = strcmp(x->unit, y->unit);

	return c ? c : strcmp(x->value, y->value);
}

/* Sort by (unit, value) and drop repeats: a unit counts once per value. */
static void plist_normalize(struct plist *l)
{
	size_t i, o = 0;

	if (!l->n)
		return;
	qsort(l->p, l->n, sizeof(*l->p), cmp_pair);
	for (i = 1; i < l->n; i++) {
		if (!cmp_pair(&l->p[o], &l->p[i])) {
			free(l->p[i].unit);
			free(l->p[i].value);
			continue;
		}
		l->p[++o] = l->p[i];
	}
	l->n = o + 1;
}

/* Keep only the pairs of units that both lists have (both sorted by unit). */
static void plist_keep_common(struct plist *a, const struct plist *b)
{
	size_t i, j = 0, o = 0;

	for (i = 0; i < a->n; i++) {
		int c = 1;

		while (j < b->n && (c = strcmp(b->p[j].unit, a->p[i].unit)) < 0)
			j++;
		if (j < b->n && c == 0) {
			a->p[o++] = a->p[i];
			continue;
		}
		free(a->p[i].unit);
		free(a->p[i].value);
	}
	a->n = o;
}

static void dom_release(struct dom *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].key);
		free(d->v[i].label);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

struct xctx {
	struct an_run *r;
	struct punit *pu;
	size_t npu, cappu;
	int loaded;
};

static void xctx_release(struct xctx *x)
{
	size_t i;

	for (i = 0; i < x->npu; i++) {
		struct punit *p = &x->pu[i];

		free(p->id);
		free(p->ckey);
		free(p->state);
		free(p->iso3);
		free(p->country);
		free(p->status);
		free(p->type);
		free(p->avail);
	}
	free(x->pu);
}

static int load_units(struct xctx *x, struct scta_err *err)
{
	struct store_cursor *c = NULL;
	const struct cell *row;
	struct punit *p;
	int rc;

	if (x->loaded)
		return 0;
	x->loaded = 1;
	FOR_ROWS(x->r, "scope_units", c, row, rc, err) {
		XGROW(x->pu, x->cappu, x->npu + 1);
		p = &x->pu[x->npu++];
		p->id = xstrdup(analysis_cell_str(&row[0]));
		p->ckey = xstrdup(analysis_cell_str(&row[1]));
		p->state = xstrdup(analysis_cell_str(&row[2]));
		p->iso3 = xstrdup(analysis_cell_str(&row[3]));
		p->country = xstrdup(analysis_cell_str(&row[4]));
		p->status = xstrdup(analysis_cell_str(&row[5]));
		p->type = xstrdup(analysis_cell_str(&row[6]));
		p->cpi = (int)analysis_cell_int(&row[7]);
		p->decade = row[8].kind == CELL_NULL ? 0 : (int)analysis_cell_int(&row[8]);
		p->avail = xstrdup(analysis_cell_str(&row[9]));
	}
	store_cursor_close(c);
	return rc;
}

static const char *var_head(const struct xvar *v)
{
	switch (v->kind) {
	case XVAR_STATE: return "State";
	case XVAR_COUNTRY: return "Country";
	case XVAR_STATUS: return "Status";
	case XVAR_COMMUNITY_TYPE: return "Community type";
	case XVAR_CPI_BAND: return "CPI score band";
	case XVAR_DECADE: return "Decade established";
	case XVAR_AGREEMENT_PUBLIC: return "Agreement availability";
	case XVAR_QUESTION: return v->question;
	}
	return "";
}

/* The value key of a partnership for a partnership variable. */
static void punit_key(const struct xctx *x, const struct xvar *v, const struct punit *p, char *buf,
		      size_t size)
{
	const char *s = "";
	int b;

	switch (v->kind) {
	case XVAR_STATE: s = p->state; break;
	case XVAR_COUNTRY: s = p->iso3; break;
	case XVAR_STATUS: s = p->status; break;
	case XVAR_COMMUNITY_TYPE: s = p->type; break;
	case XVAR_AGREEMENT_PUBLIC: s = p->avail; break;
	case XVAR_CPI_BAND:
		b = x->r->cfg->scope.nbands ? analysis_band_of(x->r->cfg, p->cpi) : 0;
		snprintf(buf, size, "%d", b);
		return;
	case XVAR_DECADE:
		snprintf(buf, size, "%d", p->decade);
		return;
	case XVAR_QUESTION:
		break;
	}
	snprintf(buf, size, "%s", s);
}

static long fixed_rank(const char *const *list, const char *v)
{
	long i;

	for (i = 0; list[i]; i++)
		if (!strcmp(list[i], v))
			return i;
	return i;
}

/* Label and rank of value key k of variable v. */
static void describe(const struct xctx *x, const struct xvar *v, const char *k, struct dval *d)
{
	const struct scta_config *cfg = x->r->cfg;
	const struct question *qu;
	const struct punit *p;
	char buf[64];
	int64_t num = 0;
	size_t i;
	long b;
	int idx;

	d->key = xstrdup(k);
	d->ord = 0;
	/* Band and decade keys are numbers this file wrote (punit_key). */
	if (v->kind == XVAR_CPI_BAND || v->kind == XVAR_DECADE)
		(void)text_int(k, -1, 9999, &num);
	switch (v->kind) {
	case XVAR_STATE:
		d->label = xstrdup(k);
		break;
	case XVAR_COUNTRY:
		d->label = NULL;
		for (i = 0, p = x->pu; i < x->npu; i++, p++)
			if (!strcmp(p->iso3, k)) {
				d->label = xstrdup(p->country);
				break;
			}
		if (!d->label)
			d->label = xstrdup(k);
		break;
	case XVAR_STATUS:
		d->label = xstrdup(vocab_label(&vocab_status, k));
		d->ord = fixed_rank(vocab_status.values, k);
		break;
	case XVAR_COMMUNITY_TYPE:
		d->label = xstrdup(vocab_label(&vocab_community_type, k));
		d->ord = fixed_rank(vocab_community_type.values, k);
		break;
	case XVAR_AGREEMENT_PUBLIC:
		d->label = xstrdup(vocab_label(&vocab_agreement_public, k));
		d->ord = fixed_rank(vocab_agreement_public.values, k);
		break;
	case XVAR_CPI_BAND:
		b = (long)num;
		if (!cfg->scope.nbands) {
			snprintf(buf, sizeof(buf), "0-%d", cfg->scope.cpi_max);
			d->label = xstrdup(buf);
		} else if (b < 0) {
			d->label = xstrdup("Other scores");
			b = (long)cfg->scope.nbands;
		} else {
			d->label = xstrdup(cfg->scope.bands[b].label);
		}
		d->ord = b;
		break;
	case XVAR_DECADE:
		b = (long)num;
		if (b > 0) {
			snprintf(buf, sizeof(buf), "%lds", b);
			d->label = xstrdup(buf);
			d->ord = b;
		} else {
			d->label = xstrdup(VOCAB_NOT_RECORDED);
			d->ord = LONG_MAX;
		}
		break;
	case XVAR_QUESTION:
		qu = questionnaire_find(x->r->q, v->question);
		idx = qu && qu->scale ? scale_find(qu->scale, k) : -1;
		if (idx >= 0) {
			d->label = xstrdup(qu->scale->labels[idx]);
			d->ord = idx;
		} else {
			d->label = xstrdup(k);
			d->ord = qu && qu->scale ? (long)qu->scale->n : 0;
		}
		break;
	}
}

static int cmp_dval(const void *a, const void *b)
{
	const struct dval *x = a, *y = b;
	int c;

	if (x->ord != y->ord)
		return x->ord < y->ord ? -1 : 1;
	c = strcmp(x->label, y->label);
	return c ? c : strcmp(x->key, y->key);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The distinct values of l in report order. */
static void dom_build(const struct xctx *x, const struct xvar *v, const struct plist *l, struct dom *d)
{
	char **keys = xcalloc(l->n + 1, sizeof(*keys));
	size_t i, nk = 0;

	for (i = 0; i < l->n; i++)
		keys[i] = l->p[i].value;
	qsort(keys, l->n, sizeof(*keys), cmp_str);
	d->v = xcalloc(l->n + 1, sizeof(*d->v));
	d->n = 0;
	for (i = 0; i < l->n; i++) {
		if (nk && !strcmp(keys[i], keys[nk - 1]))
			continue;
		keys[nk++] = keys[i];
		describe(x, v, keys[i], &d->v[d->n++]);
	}
	qsort(d->v, d->n, sizeof(*d->v), cmp_dval);
	free(keys);
}

static size_t dom_index(const struct dom *d, const char *key)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (!strcmp(d->v[i].key, key))
			return i;
	return d->n;
}

/* The (unit, value) pairs of variable v; units are communities when by_community. */
static int pairs_of(struct xctx *x, const struct xvar *v, int by_community, struct plist *l,
		    struct scta_err *err)
{
	struct store_cursor *c = NULL;
	const struct cell *row;
	char key[64];
	size_t i;
	int rc = 0;

	if (v->kind == XVAR_QUESTION) {
		cell_text(&x->r->params[3], v->question);
		FOR_ROWS(x->r, "xtab_question", c, row, rc, err)
			plist_add(l, analysis_cell_str(&row[0]), analysis_cell_str(&row[1]));
		store_cursor_close(c);
		cell_clear(&x->r->params[3]);
	} else {
		rc = load_units(x, err);
		for (i = 0; !rc && i < x->npu; i++) {
			punit_key(x, v, &x->pu[i], key, sizeof(key));
			plist_add(l, by_community ? x->pu[i].ckey : x->pu[i].id, key);
		}
	}
	plist_normalize(l);
	return rc;
}

static void var_note(struct an_run *r, struct table *t, const struct xvar *v)
{
	const struct question *qu;

	if (v->kind != XVAR_QUESTION)
		return;
	qu = questionnaire_find(r->q, v->question);
	table_add_note(t, "%s: %s", v->question, qu ? qu->text : "");
}

static int one_crosstab(struct xctx *x, const struct crosstab *ct, struct scta_err *err)
{
	struct an_run *r = x->r;
	int by_comm = ct->rows.kind == XVAR_QUESTION || ct->cols.kind == XVAR_QUESTION;
	struct plist pr = { 0 }, pc = { 0 };
	struct dom dr = { 0 }, dc = { 0 };
	struct strbuf id = STRBUF_INIT;
	int64_t *cells = NULL, *rtot = NULL, *ctot = NULL, grand = 0;
	size_t i, j, a, b, ea, eb, *ri = NULL, *ci = NULL;
	struct table *t = NULL;
	struct cell *o;
	int rc = 0;

	if ((ct->rows.kind == XVAR_QUESTION && !questionnaire_find(r->q, ct->rows.question)) ||
	    (ct->cols.kind == XVAR_QUESTION && !questionnaire_find(r->q, ct->cols.question)))
		return scta_err_set(err, SCTA_ERR_CONFIG,
				    "%s: [crosstab:%s]: question '%s' is not in the questionnaire",
				    r->cfg->path ? r->cfg->path : "config", ct->id,
				    ct->rows.kind == XVAR_QUESTION &&
				    !questionnaire_find(r->q, ct->rows.question) ? ct->rows.question
										 : ct->cols.question);
	rc = pairs_of(x, &ct->rows, by_comm, &pr, err);
	if (!rc)
		rc = pairs_of(x, &ct->cols, by_comm, &pc, err);
	if (rc)
		goto out;
	/* Rows and columns show the values of the units counted, nothing else. */
	plist_keep_common(&pr, &pc);
	plist_keep_common(&pc, &pr);
	dom_build(x, &ct->rows, &pr, &dr);
	dom_build(x, &ct->cols, &pc, &dc);
	cells = xcalloc(dr.n * dc.n + 1, sizeof(*cells));
	rtot = xcalloc(dr.n + 1, sizeof(*rtot));
	ctot = xcalloc(dc.n + 1, sizeof(*ctot));
	ri = xcalloc(pr.n + 1, sizeof(*ri));
	ci = xcalloc(pc.n + 1, sizeof(*ci));
	for (i = 0; i < pr.n; i++)
		ri[i] = dom_index(&dr, pr.p[i].value);
	for (i = 0; i < pc.n; i++)
		ci[i] = dom_index(&dc, pc.p[i].value);
	/* Merge the two lists (both sorted by unit): units having a value of both variables. */
	for (a = 0, b = 0; a < pr.n && b < pc.n;) {
		int cmp = strcmp(pr.p[a].unit, pc.p[b].unit);

		if (cmp < 0) {
			a++;
			continue;
		}
		if (cmp > 0) {
			b++;
			continue;
		}
		for (ea = a; ea < pr.n && !strcmp(pr.p[ea].unit, pr.p[a].unit); ea++)
			rtot[ri[ea]]++;
		for (eb = b; eb < pc.n && !strcmp(pc.p[eb].unit, pc.p[b].unit); eb++)
			ctot[ci[eb]]++;
		for (i = a; i < ea; i++)
			for (j = b; j < eb; j++)
				cells[ri[i] * dc.n + ci[j]]++;
		grand++;
		a = ea;
		b = eb;
	}

	strbuf_addf(&id, "crosstab_%s", ct->id);
	t = analysis_table_new(id.buf, ct->title ? ct->title : ct->id, "crosstab",
			       !by_comm ? r->src_part
			       : ct->rows.kind == XVAR_QUESTION && ct->cols.kind == XVAR_QUESTION
			       ? r->src_resp : r->src_both);
	table_add_col(t, var_head(&ct->rows), CELL_TEXT);
	for (j = 0; j < dc.n; j++)
		table_add_col(t, dc.v[j].label, CELL_INT);
	table_add_col(t, "Total", CELL_INT);
	for (i = 0; i < dr.n; i++) {
		o = table_add_row(t);
		cell_text(&o[0], dr.v[i].label);
		for (j = 0; j < dc.n; j++)
			cell_int(&o[1 + j], cells[i * dc.n + j]);
		cell_int(&o[1 + dc.n], rtot[i]);
	}
	o = table_add_row(t);
	cell_text(&o[0], "Total");
	for (j = 0; j < dc.n; j++)
		cell_int(&o[1 + j], ctot[j]);
	cell_int(&o[1 + dc.n], grand);
	t->has_total = 1;
	if (!by_comm) {
		table_set_base(t, "n = %s", analysis_count(x->r, grand, "partnership in scope",
								 "partnerships in scope"));
		table_add_note(t, "Counts are partnerships in scope, by %s (rows) and %s (columns).",
			       var_head(&ct->rows), var_head(&ct->cols));
		analysis_note_scope(r, t);
	} else {
		/* Two questions count every respondent the questionnaire tables count. */
		int both_q = ct->rows.kind == XVAR_QUESTION && ct->cols.kind == XVAR_QUESTION;
		char nb[32];

		table_set_base(t, "n = %s %s", analysis_num(grand, nb),
			       both_q ? analysis_universe(r, grand) :
			       grand == 1 ? "responding U.S. community with partnerships in scope" :
			       "responding U.S. communities with partnerships in scope");
		table_add_note(t, "Counts are %s, by %s (rows) and %s (columns); a community that did "
			       "not answer a question in the table is not counted.",
			       both_q ? analysis_universe(r, 2) :
			       "responding U.S. communities with partnerships in scope",
			       var_head(&ct->rows), var_head(&ct->cols));
		table_add_note(t, "A community with several partnerships in scope, or several responses, "
			       "is counted once for each distinct value it has, so cells may add to "
			       "more than the totals; each total counts a community once.");
		var_note(r, t, &ct->rows);
		var_note(r, t, &ct->cols);
	}
	analysis_add_table(r, t);
out:
	free(cells);
	free(rtot);
	free(ctot);
	free(ri);
	free(ci);
	dom_release(&dr);
	dom_release(&dc);
	plist_release(&pr);
	plist_release(&pc);
	strbuf_release(&id);
	return rc;
}

int analysis_crosstabs(struct an_run *r, struct scta_err *err)
{
	struct xctx x;
	size_t i;
	int rc = 0;

	memset(&x, 0, sizeof(x));
	x.r = r;
	for (i = 0; !rc && i < r->cfg->ncrosstabs; i++)
		rc = one_crosstab(&x, &r->cfg->crosstabs[i], err);
	xctx_release(&x);
	return rc;
}
