/*
 * analysis.c - analysis_run(): the stages in report order inside one read
 * transaction, and what the stages share (parameters, source lines,
 * figures, labels).
 */
#include "analysis/analysis.h"
#include "analysis/analysis_int.h"
#include "config/config.h"
#include "store/store.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/text.h"
#include "util/vocab.h"
#include "util/strbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int analysis_band_of(const struct scta_config *cfg, int score)
{
	size_t i;

	for (i = 0; i < cfg->scope.nbands; i++)
		if (score >= cfg->scope.bands[i].lo && score <= cfg->scope.bands[i].hi)
			return (int)i;
	return -1;
}

void analysis_params_init(struct cell p[AN_NPARAMS], const struct scta_config *cfg)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	memset(p, 0, AN_NPARAMS * sizeof(*p));
	for (i = 0; i < cfg->scope.nstatuses; i++) {
		if (i)
			strbuf_addch(&sb, '\n');
		strbuf_adds(&sb, cfg->scope.statuses[i]);
	}
	/* An empty item stands for "not recorded" (see store/query.c). */
	if (cfg->scope.unrecorded_operating)
		strbuf_addch(&sb, '\n');
	cell_int(&p[0], cfg->scope.cpi_year);
	cell_int(&p[1], cfg->scope.cpi_max);
	cell_int(&p[5], cfg->scope.respondents_all);
	p[2].kind = CELL_TEXT;
	p[2].s = strbuf_detach(&sb);
}

void analysis_params_release(struct cell p[AN_NPARAMS])
{
	size_t i;

	for (i = 0; i < AN_NPARAMS; i++)
		cell_clear(&p[i]);
}

int analysis_query(struct an_run *r, const char *id, struct store_cursor **out, struct scta_err *err)
{
	return store_query(r->st, id, r->params, AN_NPARAMS, out, err);
}

/*
 * The minimum base ([report] min_base): a percentage of fewer cases than
 * that is withheld, its cell saying so, and the table says why. Counts stay.
 */
/* What a withheld percentage's cell says: "n < 5". */
void analysis_withheld_text(const struct scta_config *cfg, char *buf, size_t size)
{
	snprintf(buf, size, "n < %d", cfg->report.min_base);
}

void analysis_note_withheld(const struct scta_config *cfg, struct table *t)
{
	char text[32];

	analysis_withheld_text(cfg, text, sizeof(text));
	table_add_note(t, "Percentages are withheld (\"%s\") where fewer than %d cases form "
		       "their base ([report] min_base), because a share of so few is not a "
		       "reliable figure; the counts are shown.", text, cfg->report.min_base);
}

static void apply_min_base(const struct scta_config *cfg, struct table *t)
{
	size_t i, j, n = 0;
	char text[32];

	/* A computed table withholds in its rows and notes it itself (survey.c). */
	if (cfg->report.min_base <= 1 || t->fill)
		return;
	analysis_withheld_text(cfg, text, sizeof(text));
	for (i = 0; i < t->nrows; i++)
		for (j = 0; j < t->ncols; j++) {
			struct cell *c = &t->cells[i * t->ncols + j];

			if (c->kind == CELL_PCT && c->i > 0 && c->i < cfg->report.min_base) {
				cell_text(c, text);
				n++;
			}
		}
	if (n)
		analysis_note_withheld(cfg, t);
}

void analysis_add_table(struct an_run *r, struct table *t)
{
	struct analysis *an = r->an;

	apply_min_base(r->cfg, t);
	an->tables = xrealloc(an->tables, (an->ntables + 1) * sizeof(*an->tables));
	an->tables[an->ntables++] = t;
}

static struct cell *fig_new(struct an_run *r, const char *id, const char *label)
{
	struct analysis *an = r->an;
	struct figure *f;

	an->figs = xrealloc(an->figs, (an->nfigs + 1) * sizeof(*an->figs));
	f = &an->figs[an->nfigs++];
	memset(f, 0, sizeof(*f));
	f->id = xstrdup(id);
	f->label = xstrdup(label);
	return &f->value;
}

void analysis_fig_int(struct an_run *r, const char *id, const char *label, int64_t v)
{
	cell_int(fig_new(r, id, label), v);
}

void analysis_fig_pct(struct an_run *r, const char *id, const char *label, int64_t num, int64_t den)
{
	struct cell *c = fig_new(r, id, label);

	/* Below the minimum base a share is given as the counts it comes from: "1 of 1". */
	if (den > 0 && den < r->cfg->report.min_base) {
		char a[32], b[32], text[80];

		snprintf(text, sizeof(text), "%s of %s", analysis_num(num, a), analysis_num(den, b));
		cell_text(c, text);
		return;
	}
	cell_pct(c, num, den);
}

void analysis_fig_text(struct an_run *r, const char *id, const char *label, const char *s)
{
	cell_text(fig_new(r, id, label), s);
}

struct table *analysis_table_new(const char *id, const char *title,
				 const char *topic, const char *source)
{
	struct table *t = table_new(id, title);

	if (topic)
		table_set_topic(t, topic);
	table_set_source(t, "%s", source);
	return t;
}

int64_t analysis_cell_int(const struct cell *c)
{
	if (c->kind == CELL_INT)
		return c->i;
	if (c->kind == CELL_REAL || c->kind == CELL_PCT)
		return (int64_t)c->d;
	return 0;
}

const char *analysis_cell_str(const struct cell *c)
{
	return c->kind == CELL_TEXT && c->s ? c->s : "";
}

/* "<org> analysis of <what>. | <number>" (DOMAIN.md: GAO's source lines). */
char *analysis_source_line(const struct scta_config *cfg, const char *what)
{
	struct strbuf sb = STRBUF_INIT;
	const char *org = cfg->report.organization;

	if (org && *org)
		strbuf_addf(&sb, "%s analysis of %s.", org, what);
	else
		strbuf_addf(&sb, "Analysis of %s.", what);
	if (cfg->report.number && *cfg->report.number)
		strbuf_addf(&sb, " | %s", cfg->report.number);
	return strbuf_detach(&sb);
}

static void sources_init(struct an_run *r)
{
	struct strbuf what = STRBUF_INIT;
	int year = r->cfg->scope.cpi_year;

	strbuf_addf(&what, "partnership records and Transparency International Corruption "
		    "Perceptions Index %d scores", year);
	r->src_part = analysis_source_line(r->cfg, what.buf);
	r->src_resp = analysis_source_line(r->cfg, "questionnaire responses");
	strbuf_reset(&what);
	strbuf_addf(&what, "partnership records, Transparency International Corruption "
		    "Perceptions Index %d scores, and questionnaire responses", year);
	r->src_both = analysis_source_line(r->cfg, what.buf);
	strbuf_reset(&what);
	strbuf_addf(&what, "partnership records, Transparency International Corruption "
		    "Perceptions Index %d scores, and state laws (bundled reference data)", year);
	r->src_law = analysis_source_line(r->cfg, what.buf);
	strbuf_release(&what);
}

struct analysis_shared *analysis_shared_new(void)
{
	return xcalloc(1, sizeof(struct analysis_shared));
}

void analysis_shared_free(struct analysis_shared *sh)
{
	if (!sh)
		return;
	analysis_index_all_free(sh->index_all);
	free(sh);
}

int analysis_run(struct store *st, const struct scta_config *cfg, const struct questionnaire *q,
		 struct analysis **out, struct scta_err *err)
{
	return analysis_run_shared(st, cfg, q, NULL, out, err);
}

int analysis_run_shared(struct store *st, const struct scta_config *cfg,
			const struct questionnaire *q, struct analysis_shared *sh,
			struct analysis **out, struct scta_err *err)
{
	struct an_run r;
	struct analysis *an = xcalloc(1, sizeof(*an));
	int rc, in_txn = 0;

	*out = NULL;
	memset(&r, 0, sizeof(r));
	an->store = st;
	an->cfg = cfg;
	an->q = q;
	an->number = xstrdup(cfg->report.number ? cfg->report.number : "");
	r.an = an;
	r.st = st;
	r.shared = sh;
	r.cfg = cfg;
	r.q = q;
	analysis_params_init(r.params, cfg);
	sources_init(&r);

	rc = store_begin_read(st, err);
	if (rc)
		goto out;
	in_txn = 1;
	/* Report order (the table contract): each stage appends its tables. */
	rc = analysis_scope(&r, err);
	if (!rc)
		rc = analysis_survey(&r, err);
	if (!rc)
		rc = analysis_crosstabs(&r, err);
	if (!rc)
		rc = analysis_index(&r, err);
	if (!rc)
		rc = analysis_flags(&r, err);
	if (!rc)
		rc = analysis_status_changes(&r, err);
	if (!rc)
		rc = analysis_laws(&r, err);
	if (!rc)
		rc = analysis_compare(&r, err);
	if (!rc)
		rc = analysis_batches(&r, err);
out:
	/* Nothing was written: ending the read transaction by rollback cannot lose work. */
	if (in_txn)
		store_rollback(st);
	analysis_params_release(r.params);
	free(r.src_part);
	free(r.src_resp);
	free(r.src_both);
	free(r.src_law);
	if (rc) {
		analysis_free(an);
		return rc;
	}
	*out = an;
	return 0;
}

int analysis_same_tables(const struct analysis *a, const struct analysis *b)
{
	size_t i;

	if (!a || !b || a->ntables != b->ntables)
		return 0;
	for (i = 0; i < a->ntables; i++)
		if (strcmp(a->tables[i]->id, b->tables[i]->id))
			return 0;
	return 1;
}

void analysis_free(struct analysis *an)
{
	size_t i;

	if (!an)
		return;
	for (i = 0; i < an->ntables; i++)
		table_free(an->tables[i]);
	for (i = 0; i < an->nfigs; i++) {
		free(an->figs[i].id);
		free(an->figs[i].label);
		cell_clear(&an->figs[i].value);
	}
	free(an->tables);
	free(an->figs);
	free(an->number);
	free(an);
}

const struct table *analysis_table(const struct analysis *an, const char *id)
{
	size_t i;

	for (i = 0; an && i < an->ntables; i++)
		if (!strcmp(an->tables[i]->id, id))
			return an->tables[i];
	return NULL;
}

const struct figure *analysis_figure(const struct analysis *an, const char *id)
{
	size_t i;

	for (i = 0; an && i < an->nfigs; i++)
		if (!strcmp(an->figs[i].id, id))
			return &an->figs[i];
	return NULL;
}

const char *analysis_count(struct an_run *r, int64_t n, const char *one, const char *many)
{
	char *buf = r->counts[r->next_count++ % 4];

	return text_count(n, one, many, buf, sizeof(r->counts[0]));
}

const char *analysis_share(const struct an_run *r, int64_t num, int64_t den, char *buf,
			   size_t size)
{
	struct cell c = { CELL_NULL, 0, 0, NULL };

	if (den <= 0 || den < r->cfg->report.min_base)
		return NULL;
	cell_pct(&c, num, den);
	cell_format(&c, buf, size);
	return buf;
}

const char *analysis_num(int64_t v, char buf[32])
{
	return text_num(v, buf);
}

void analysis_note_scope(struct an_run *r, struct table *t)
{
	const struct scta_config *cfg = r->cfg;
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < cfg->scope.nstatuses; i++) {
		if (i)
			strbuf_adds(&sb, i + 1 == cfg->scope.nstatuses ? (i > 1 ? ", or " : " or ") : ", ");
		strbuf_adds(&sb, cfg->scope.statuses[i]);
	}
	table_add_note(t, "A partnership is in scope when its foreign country scored %d or less on "
		       "Transparency International's Corruption Perceptions Index %d and its status "
		       "is %s (counted as operating).%s", cfg->scope.cpi_max, cfg->scope.cpi_year,
		       sb.len ? sb.buf : "(none configured)",
		       cfg->scope.unrecorded_operating ?
		       " A partnership whose status is not recorded is counted as operating "
		       "([scope] unrecorded_status = operating)." :
		       " A partnership whose status is not recorded is left out of scope "
		       "([scope] unrecorded_status = excluded).");
	strbuf_release(&sb);
}

const char *analysis_universe(const struct an_run *r, int64_t n)
{
	if (r->cfg->scope.respondents_all)
		return n == 1 ? "responding U.S. community (all respondents, with or without a "
				"partnership in scope: [scope] respondents = all)"
			      : "responding U.S. communities (all respondents, with or without a "
				"partnership in scope: [scope] respondents = all)";
	return n == 1 ? "responding U.S. community with partnerships in scope"
		      : "responding U.S. communities with partnerships in scope";
}

void analysis_note_respondents(struct an_run *r, struct table *t)
{
	if (r->cfg->scope.respondents_all)
		table_add_note(t, "Every responding U.S. community is counted, whether or not it has a "
			       "partnership in scope ([scope] respondents = all).");
	else
		table_add_note(t, "Only responses from U.S. communities with at least one partnership in "
			       "scope are counted ([scope] respondents = in_scope).");
}

void analysis_note_rounding(struct table *t)
{
	table_add_note(t, "Percentages may not total 100 because of rounding.");
}
