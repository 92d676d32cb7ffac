/*
 * index.c - the topic safeguard index of each responding community.
 *
 * For a topic with safeguard questions (questions whose `safeguard` names
 * the answer that counts), a community's index is
 *   sum(weight * answers equal to the safeguard) / sum(weight * valid answers)
 * over its answers to those questions, pooled across its responses; it is
 * NULL when the community gave no valid answer to any of them. "Overall"
 * pools every topic's safeguard questions the same way. Tiers cut the index
 * at cfg->index.cuts (descending), labelled by cfg->index.labels.
 */
#include "analysis/analysis_int.h"
#include "config/config.h"
#include "store/store.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/strbuf.h"
#include "util/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Cut-offs are compared with a little slack, so 3/4 lands in a 0.75 tier. */
#define CUT_EPS 1e-9

struct comm {
	char *ckey, *state, *name;
	double *num, *den;        /* per topic, then overall */
};

struct ictx {
	struct an_run *r;
	const char *topics[6];
	size_t ntopics;
	struct comm *c;
	size_t nc, cap;
	struct comm **by_key;    /* c sorted by ckey */
};

static int topic_slot(const struct ictx *x, const char *topic)
{
	size_t i;

	for (i = 0; i < x->ntopics; i++)
		if (!strcmp(x->topics[i], topic))
			return (int)i;
	return -1;
}

static int is_safeguard(const struct question *qu)
{
	return qu->safeguard && *qu->safeguard && qu->type == QTYPE_CHOICE && qu->scale;
}

static int cmp_key(const void *a, const void *b)
{
	return strcmp((*(struct comm *const *)a)->ckey, (*(struct comm *const *)b)->ckey);
}

static struct comm *find_comm(const struct ictx *x, const char *ckey)
{
	size_t lo = 0, hi = x->nc;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(x->by_key[mid]->ckey, ckey);

		if (!c)
			return x->by_key[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int load_communities(struct ictx *x, struct scta_err *err)
{
	struct store_cursor *cur = NULL;
	const struct cell *row;
	struct comm *c;
	size_t i;
	int rc;

	FOR_ROWS(x->r, "responding_communities", cur, row, rc, err) {
		XGROW(x->c, x->cap, x->nc + 1);
		c = &x->c[x->nc++];
		c->ckey = xstrdup(analysis_cell_str(&row[0]));
		c->state = xstrdup(analysis_cell_str(&row[1]));
		c->name = xstrdup(analysis_cell_str(&row[2]));
		c->num = xcalloc(x->ntopics + 1, sizeof(double));
		c->den = xcalloc(x->ntopics + 1, sizeof(double));
	}
	store_cursor_close(cur);
	x->by_key = xcalloc(x->nc + 1, sizeof(*x->by_key));
	for (i = 0; i < x->nc; i++)
		x->by_key[i] = &x->c[i];
	qsort(x->by_key, x->nc, sizeof(*x->by_key), cmp_key);
	return rc;
}

static int accumulate(struct ictx *x, struct scta_err *err)
{
	const struct questionnaire *q = x->r->q;
	struct strbuf ids = STRBUF_INIT;
	struct store_cursor *cur = NULL;
	const struct question *qu = NULL;
	const struct cell *row;
	struct comm *c;
	size_t i;
	int rc, slot = -1, idx;

	for (i = 0; i < q->nquestions; i++) {
		if (!is_safeguard(&q->questions[i]))
			continue;
		if (ids.len)
			strbuf_addch(&ids, '\n');
		strbuf_adds(&ids, q->questions[i].id);
	}
	cell_text(&x->r->params[3], ids.buf);
	FOR_ROWS(x->r, "index_answers", cur, row, rc, err) {
		const char *qid = analysis_cell_str(&row[1]), *value = analysis_cell_str(&row[2]);
		double w;

		c = find_comm(x, analysis_cell_str(&row[0]));
		if (!qu || strcmp(qu->id, qid)) {
			qu = questionnaire_find(q, qid);
			slot = qu ? topic_slot(x, qu->topic) : -1;
		}
		if (!c || !qu || slot < 0 || !is_safeguard(qu))
			continue;
		idx = scale_find(qu->scale, value);
		if (idx < 0 || !qu->scale->valid[idx])
			continue;
		w = qu->weight * (double)analysis_cell_int(&row[3]);
		c->den[slot] += w;
		c->den[x->ntopics] += w;
		if (text_ieq(value, qu->safeguard)) {
			c->num[slot] += w;
			c->num[x->ntopics] += w;
		}
	}
	store_cursor_close(cur);
	cell_clear(&x->r->params[3]);
	strbuf_release(&ids);
	return rc;
}

static size_t tier_of(const struct scta_config *cfg, double v)
{
	size_t k;

	for (k = 0; k < cfg->index.ncuts; k++)
		if (v >= cfg->index.cuts[k] - CUT_EPS)
			return k;
	return cfg->index.ncuts;
}

static const char *tier_label(const struct scta_config *cfg, size_t k)
{
	return cfg->index.labels && cfg->index.labels[k] ? cfg->index.labels[k] : "All";
}

static void tier_note(const struct scta_config *cfg, struct table *t)
{
	struct strbuf sb = STRBUF_INIT;
	size_t k;

	for (k = 0; k <= cfg->index.ncuts; k++) {
		if (k)
			strbuf_adds(&sb, "; ");
		if (k == 0 && cfg->index.ncuts)
			strbuf_addf(&sb, "%s: %.2f or more", tier_label(cfg, k), cfg->index.cuts[0]);
		else if (k < cfg->index.ncuts)
			strbuf_addf(&sb, "%s: %.2f to less than %.2f", tier_label(cfg, k),
				    cfg->index.cuts[k], cfg->index.cuts[k - 1]);
		else if (k)
			strbuf_addf(&sb, "%s: less than %.2f", tier_label(cfg, k), cfg->index.cuts[k - 1]);
		else
			strbuf_addf(&sb, "%s: any value", tier_label(cfg, k));
	}
	table_add_note(t, "Tiers: %s.", sb.buf);
	strbuf_release(&sb);
}

static void definition_note(const struct questionnaire *q, struct table *t)
{
	struct strbuf ob = STRBUF_INIT;

	/* The answers left out are named from the questionnaire's scales. */
	questionnaire_out_of_base(q, NULL, &ob);
	table_add_note(t, "A community's index for a topic is the weighted share of its valid answers "
		       "to the topic's safeguard questions that report the safeguard (weights from the "
		       "questionnaire), pooled across its responses%s%s%s. Overall pools the safeguard "
		       "questions of every topic.", ob.len ? "; " : "", ob.buf,
		       ob.len ? " answers are left out" : "");
	strbuf_release(&ob);
}

static void distribution(struct ictx *x)
{
	const struct scta_config *cfg = x->r->cfg;
	struct table *t = analysis_table_new("index_distribution",
					     "Topic safeguard index: communities by tier", "index",
					     x->r->src_resp);
	size_t ntiers = cfg->index.ncuts + 1, k, s, i;
	int64_t *n = xcalloc(ntiers, sizeof(*n)), valid;
	double sum;
	struct cell *o;

	table_add_col(t, "Topic", CELL_TEXT);
	for (k = 0; k < ntiers; k++)
		table_add_col(t, tier_label(cfg, k), CELL_INT);
	table_add_col(t, "Communities (n)", CELL_INT);
	table_add_col(t, "Mean index", CELL_REAL);
	for (s = 0; x->ntopics && s <= x->ntopics; s++) {
		memset(n, 0, ntiers * sizeof(*n));
		valid = 0;
		sum = 0;
		for (i = 0; i < x->nc; i++) {
			double v;

			if (x->c[i].den[s] <= 0)
				continue;
			v = x->c[i].num[s] / x->c[i].den[s];
			n[tier_of(cfg, v)]++;
			valid++;
			sum += v;
		}
		o = table_add_row(t);
		cell_text(&o[0], s < x->ntopics ? questionnaire_topic_title(x->r->q, x->topics[s])
					       : "Overall");
		for (k = 0; k < ntiers; k++)
			cell_int(&o[1 + k], n[k]);
		cell_int(&o[1 + ntiers], valid);
		if (valid)
			cell_real(&o[2 + ntiers], sum / (double)valid);
	}
	t->chart = CHART_STACKED;
	t->chart_col = 1;
	t->chart_ncols = ntiers;
	table_set_base(t, "n = %s with partnerships in scope; each row counts those with an index "
		       "for the topic (Communities (n))",
		       analysis_count(x->r, (int64_t)x->nc, "responding U.S. community",
				      "responding U.S. communities"));
	definition_note(x->r->q, t);
	tier_note(cfg, t);
	if (!x->ntopics)
		table_add_note(t, "The questionnaire names no safeguard answers, so no index is computed.");
	analysis_add_table(x->r, t);
	free(n);
}

static void by_community(struct ictx *x)
{
	struct table *t = analysis_table_new("index_by_community",
					     "Safeguard index by responding community", "index",
					     x->r->src_resp);
	struct cell *o;
	size_t i, s;

	table_add_col(t, "Community", CELL_TEXT);
	table_add_col(t, "State", CELL_TEXT);
	for (s = 0; s < x->ntopics; s++)
		table_add_col(t, questionnaire_topic_title(x->r->q, x->topics[s]), CELL_REAL);
	table_add_col(t, "Overall", CELL_REAL);
	for (i = 0; i < x->nc; i++) {
		o = table_add_row(t);
		cell_text(&o[0], x->c[i].name);
		cell_text(&o[1], x->c[i].state);
		for (s = 0; s <= x->ntopics; s++)
			if (x->c[i].den[s] > 0)
				cell_real(&o[2 + s], x->c[i].num[s] / x->c[i].den[s]);
	}
	table_set_base(t, "n = %s with partnerships in scope",
		       analysis_count(x->r, (int64_t)x->nc, "responding U.S. community",
				      "responding U.S. communities"));
	definition_note(x->r->q, t);
	table_add_note(t, "An empty cell means the community gave no valid answer to the topic's "
		       "safeguard questions.");
	analysis_add_table(x->r, t);
}

int analysis_index(struct an_run *r, struct scta_err *err)
{
	const struct questionnaire *q = r->q;
	struct ictx x;
	size_t i, k;
	int rc;

	memset(&x, 0, sizeof(x));
	x.r = r;
	for (k = 0; k < 6; k++)
		for (i = 0; i < q->nquestions; i++)
			if (is_safeguard(&q->questions[i]) &&
			    !strcmp(q->questions[i].topic, questionnaire_topics[k])) {
				x.topics[x.ntopics++] = questionnaire_topics[k];
				break;
			}
	rc = load_communities(&x, err);
	if (!rc && x.ntopics)
		rc = accumulate(&x, err);
	if (!rc) {
		distribution(&x);
		by_community(&x);
	}
	for (i = 0; i < x.nc; i++) {
		free(x.c[i].ckey);
		free(x.c[i].state);
		free(x.c[i].name);
		free(x.c[i].num);
		free(x.c[i].den);
	}
	free(x.c);
	free(x.by_key);
	return rc;
}
