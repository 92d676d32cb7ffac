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
 *
 * The same pass records, for each safeguard question, which communities
 * reported the safeguard (every valid answer they gave is the safeguard),
 * which did not (none is), and which answered both ways in different
 * responses: the `safeguards` table, which the association's letter and the
 * community profiles read. Reports of one state or community (store_filter)
 * compare with all respondents: the same figures from the whole store
 * (query index_answers_all, on main.*), computed once per report.
 */
#include "analysis/analysis_int.h"
#include "config/config.h"
#include "store/store.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/strbuf.h"
#include "util/text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Cut-offs are compared with a little slack, so 3/4 lands in a 0.75 tier. */
#define CUT_EPS 1e-9

/* What a community answered to one safeguard question, over its responses. */
#define GAVE_SAFEGUARD 1u
#define GAVE_OTHER 2u          /* a valid answer other than the safeguard */

struct comm {
	char *ckey, *state, *name;
	double *num, *den;        /* per topic, then overall */
	unsigned char *gave;      /* per safeguard question (ictx.sq): GAVE_* bits */
};

struct ictx {
	struct an_run *r;
	const char *topics[6];
	size_t ntopics;
	const struct question **sq;   /* the safeguard questions, in questionnaire order */
	size_t nsq;
	int64_t **dist;          /* per safeguard question: answers by scale value (responses) */
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

static int sq_slot(const struct ictx *x, const struct question *qu)
{
	size_t i;

	for (i = 0; i < x->nsq; i++)
		if (x->sq[i] == qu)
			return (int)i;
	return -1;
}

static int load_communities(struct ictx *x, const char *query, struct scta_err *err)
{
	struct store_cursor *cur = NULL;
	const struct cell *row;
	struct comm *c;
	size_t i;
	int rc;

	FOR_ROWS(x->r, query, cur, row, rc, err) {
		XGROW(x->c, x->cap, x->nc + 1);
		c = &x->c[x->nc++];
		c->ckey = xstrdup(analysis_cell_str(&row[0]));
		c->state = xstrdup(analysis_cell_str(&row[1]));
		c->name = xstrdup(analysis_cell_str(&row[2]));
		c->num = xcalloc(x->ntopics + 1, sizeof(double));
		c->den = xcalloc(x->ntopics + 1, sizeof(double));
		c->gave = xcalloc(x->nsq + 1, 1);
	}
	store_cursor_close(cur);
	x->by_key = xcalloc(x->nc + 1, sizeof(*x->by_key));
	for (i = 0; i < x->nc; i++)
		x->by_key[i] = &x->c[i];
	qsort(x->by_key, x->nc, sizeof(*x->by_key), cmp_key);
	return rc;
}

static int accumulate(struct ictx *x, const char *query, struct scta_err *err)
{
	const struct questionnaire *q = x->r->q;
	struct strbuf ids = STRBUF_INIT;
	struct store_cursor *cur = NULL;
	const struct question *qu = NULL;
	const struct cell *row;
	struct comm *c;
	size_t i;
	int rc, slot = -1, qslot = -1, idx;

	for (i = 0; i < q->nquestions; i++) {
		if (!is_safeguard(&q->questions[i]))
			continue;
		if (ids.len)
			strbuf_addch(&ids, '\n');
		strbuf_adds(&ids, q->questions[i].id);
	}
	cell_text(&x->r->params[3], ids.buf);
	FOR_ROWS(x->r, query, cur, row, rc, err) {
		const char *qid = analysis_cell_str(&row[1]), *value = analysis_cell_str(&row[2]);
		double w;

		c = find_comm(x, analysis_cell_str(&row[0]));
		if (!qu || strcmp(qu->id, qid)) {
			qu = questionnaire_find(q, qid);
			slot = qu ? topic_slot(x, qu->topic) : -1;
			qslot = qu ? sq_slot(x, qu) : -1;
		}
		if (!c || !qu || slot < 0 || qslot < 0 || !is_safeguard(qu))
			continue;
		idx = scale_find(qu->scale, value);
		if (idx >= 0)
			x->dist[qslot][idx] += analysis_cell_int(&row[3]);
		if (idx < 0 || !qu->scale->valid[idx])
			continue;
		w = qu->weight * (double)analysis_cell_int(&row[3]);
		c->den[slot] += w;
		c->den[x->ntopics] += w;
		if (text_ieq(value, qu->safeguard)) {
			c->num[slot] += w;
			c->num[x->ntopics] += w;
			c->gave[qslot] |= GAVE_SAFEGUARD;
		} else {
			c->gave[qslot] |= GAVE_OTHER;
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
	char nb[32];
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
	table_set_base(t, "n = %s %s; each row counts those with an index for the topic "
		       "(Communities (n))", analysis_num((int64_t)x->nc, nb),
		       analysis_universe(x->r, (int64_t)x->nc));
	definition_note(x->r->q, t);
	tier_note(cfg, t);
	if (!x->ntopics)
		table_add_note(t, "The questionnaire names no safeguard answers, so no index is computed.");
	analysis_add_table(x->r, t);
	free(n);
}

/*
 * The rows of index_by_community, computed on demand (table_set_rows): a
 * community's name and state (taken from the ictx) and its index per topic
 * then overall (NaN: no valid answer), not a row of cells per community.
 */
struct bc_src {
	char **name, **state;
	double *v;               /* n * nv */
	size_t n, nv;
};

static void bc_fill(const void *ctx, size_t row, struct cell *o)
{
	const struct bc_src *b = ctx;
	size_t s;

	cell_text(&o[0], b->name[row]);
	cell_text(&o[1], b->state[row]);
	for (s = 0; s < b->nv; s++)
		if (!isnan(b->v[row * b->nv + s]))
			cell_real(&o[2 + s], b->v[row * b->nv + s]);
}

static void bc_free(void *ctx)
{
	struct bc_src *b = ctx;
	size_t i;

	for (i = 0; i < b->n; i++) {
		free(b->name[i]);
		free(b->state[i]);
	}
	free(b->name);
	free(b->state);
	free(b->v);
	free(b);
}

/* Takes each community's name and state from x (left NULL there). */
static void by_community(struct ictx *x)
{
	struct table *t = analysis_table_new("index_by_community",
					     "Safeguard index by responding community", "index",
					     x->r->src_resp);
	struct bc_src *b = xcalloc(1, sizeof(*b));
	size_t i, s;
	char nb[32];

	table_add_col(t, "Community", CELL_TEXT);
	table_add_col(t, "State", CELL_TEXT);
	for (s = 0; s < x->ntopics; s++)
		table_add_col(t, questionnaire_topic_title(x->r->q, x->topics[s]), CELL_REAL);
	table_add_col(t, "Overall", CELL_REAL);
	b->n = x->nc;
	b->nv = x->ntopics + 1;
	b->name = xcalloc(b->n + 1, sizeof(*b->name));
	b->state = xcalloc(b->n + 1, sizeof(*b->state));
	b->v = xcalloc(b->n * b->nv + 1, sizeof(*b->v));
	for (i = 0; i < x->nc; i++) {
		b->name[i] = x->c[i].name;
		b->state[i] = x->c[i].state;
		x->c[i].name = x->c[i].state = NULL;
		for (s = 0; s <= x->ntopics; s++)
			b->v[i * b->nv + s] = x->c[i].den[s] > 0 ? x->c[i].num[s] / x->c[i].den[s] : NAN;
	}
	table_set_rows(t, b->n, bc_fill, b, bc_free);
	table_set_base(t, "n = %s %s", analysis_num((int64_t)x->nc, nb),
		       analysis_universe(x->r, (int64_t)x->nc));
	definition_note(x->r->q, t);
	table_add_note(t, "An empty cell means the community gave no valid answer to the topic's "
		       "safeguard questions.");
	analysis_add_table(x->r, t);
}

/* The label of value v of scale sc ("Yes"), or v itself. */
static const char *value_label(const struct scale *sc, const char *v)
{
	int k = sc ? scale_find(sc, v) : -1;

	return k >= 0 ? sc->labels[k] : v;
}

/* Communities answering safeguard question k validly, and those reporting it (every answer). */
static void sq_counts(const struct ictx *x, size_t k, int64_t *answering, int64_t *reporting,
		      int64_t *both)
{
	size_t i;

	*answering = *reporting = *both = 0;
	for (i = 0; i < x->nc; i++) {
		unsigned g = x->c[i].gave[k];

		if (!g)
			continue;
		(*answering)++;
		if (g == GAVE_SAFEGUARD)
			(*reporting)++;
		else if (g == (GAVE_SAFEGUARD | GAVE_OTHER))
			(*both)++;
	}
}

/* "Yes 3; No 1": safeguard question k's answers by scale value, in sb; none when it has none. */
static const char *dist_text(const struct ictx *x, size_t k, const struct scale *sc,
			     struct strbuf *sb, const char *none)
{
	char nb[32];
	size_t j;

	strbuf_reset(sb);
	for (j = 0; j < sc->n; j++) {
		if (!x->dist[k][j])
			continue;
		if (sb->len)
			strbuf_adds(sb, "; ");
		strbuf_addf(sb, "%s %s", sc->labels[j], analysis_num(x->dist[k][j], nb));
	}
	return sb->len ? sb->buf : none;
}

/*
 * Each safeguard question: the answers given in this report, how many of its
 * communities reported the safeguard, and the same for all respondents.
 */
static void safeguards(struct ictx *x, const struct ictx *all)
{
	struct an_run *r = x->r;
	struct table *t = analysis_table_new("safeguards", "Safeguards reported by responding "
					     "communities, compared with all respondents", "index",
					     r->src_resp);
	struct strbuf sb = STRBUF_INIT;
	struct cell *o;
	size_t k;
	char nb[32];

	table_add_col(t, "Topic", CELL_TEXT);
	table_add_col(t, "Question ID", CELL_TEXT);
	table_add_col(t, "Safeguard", CELL_TEXT);
	table_add_col(t, "Safeguard answer", CELL_TEXT);
	table_add_col(t, "Answers given (responses)", CELL_TEXT);
	table_add_col(t, "Communities answering", CELL_INT);
	table_add_col(t, "Reporting the safeguard", CELL_INT);
	table_add_col(t, "Percent reporting", CELL_PCT);
	table_add_col(t, "Answering both ways", CELL_INT);
	table_add_col(t, "All respondents answering", CELL_INT);
	table_add_col(t, "All respondents reporting", CELL_INT);
	table_add_col(t, "All respondents, percent", CELL_PCT);
	for (k = 0; k < x->nsq; k++) {
		const struct question *qu = x->sq[k];
		const struct scale *sc = qu->scale;
		int64_t n, yes, both;

		o = table_add_row(t);
		cell_text(&o[0], questionnaire_topic_title(r->q, qu->topic));
		cell_text(&o[1], qu->id);
		cell_text(&o[2], qu->label ? qu->label : qu->id);
		cell_text(&o[3], value_label(sc, qu->safeguard));
		cell_text(&o[4], dist_text(x, k, sc, &sb, "None"));
		sq_counts(x, k, &n, &yes, &both);
		cell_int(&o[5], n);
		cell_int(&o[6], yes);
		cell_pct(&o[7], yes, n);
		cell_int(&o[8], both);
		sq_counts(all, k, &n, &yes, &both);
		cell_int(&o[9], n);
		cell_int(&o[10], yes);
		cell_pct(&o[11], yes, n);
	}
	table_set_base(t, "n = %s %s; each row counts those that gave a valid answer to the "
		       "question (Communities answering)", analysis_num((int64_t)x->nc, nb),
		       analysis_universe(r, (int64_t)x->nc));
	table_add_note(t, "A community reports a safeguard when every valid answer it gave to the "
		       "question, in all its responses, is the safeguard answer; a community whose "
		       "responses gave it and another valid answer is counted under Answering both "
		       "ways, not as reporting it. Answers given count responses, including answers "
		       "kept out of the base.");
	analysis_note_respondents(r, t);
	table_add_note(t, "The last three columns count all respondents in the database, whatever "
		       "part of it this report covers (a state or community report); in a report "
		       "of the whole database they repeat the counts before them.");
	if (!x->nsq)
		table_add_note(t, "The questionnaire names no safeguard answers.");
	analysis_note_rounding(t);
	analysis_add_table(r, t);
	strbuf_release(&sb);
}

/* A topic's name as a narrow column shows it ("Transparency"), in sb. */
static const char *short_topic(const char *topic, struct strbuf *sb)
{
	strbuf_reset(sb);
	strbuf_adds(sb, topic);
	if (sb->len && sb->buf[0] >= 'a' && sb->buf[0] <= 'z')
		sb->buf[0] = (char)(sb->buf[0] - 'a' + 'A');
	return sb->buf;
}

/*
 * The profile's narrow form of `safeguards`: what this report's communities
 * answered to each safeguard question (in a community's profile, its own
 * answers) beside the share of all respondents reporting the safeguard.
 */
static void safeguards_compared(struct ictx *x, const struct ictx *all)
{
	struct an_run *r = x->r;
	struct table *t = analysis_table_new("safeguards_compared", "Answers on each safeguard "
					     "compared with all respondents", "index", r->src_resp);
	struct strbuf sb = STRBUF_INIT;
	struct cell *o;
	size_t k;
	char nb[32];

	table_add_col(t, "Topic", CELL_TEXT);
	table_add_col(t, "Safeguard (answer)", CELL_TEXT);
	table_add_col(t, "Answers in this report", CELL_TEXT);
	table_add_col(t, "All respondents reporting it", CELL_INT);
	table_add_col(t, "All respondents answering", CELL_INT);
	table_add_col(t, "Percent of all respondents", CELL_PCT);
	for (k = 0; k < x->nsq; k++) {
		const struct question *qu = x->sq[k];
		const struct scale *sc = qu->scale;
		int64_t n, yes, both;

		o = table_add_row(t);
		cell_text(&o[0], short_topic(qu->topic, &sb));
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s: %s", qu->label ? qu->label : qu->id,
			    value_label(sc, qu->safeguard));
		cell_text(&o[1], sb.buf);
		cell_text(&o[2], dist_text(x, k, sc, &sb, "No answer"));
		sq_counts(all, k, &n, &yes, &both);
		cell_int(&o[3], yes);
		cell_int(&o[4], n);
		cell_pct(&o[5], yes, n);
	}
	table_set_base(t, "n = %s %s (Answers in this report: responses, by answer); all "
		       "respondents: %s", analysis_num((int64_t)x->nc, nb),
		       analysis_universe(r, (int64_t)x->nc),
		       analysis_count(r, (int64_t)all->nc, "responding community in the database",
				      "responding communities in the database"));
	table_add_note(t, "Safeguard (answer) names the question and the answer that counts as the "
		       "safeguard. All respondents count the communities in the whole database that "
		       "gave a valid answer to the question, and those of them whose every valid "
		       "answer to it was the safeguard, whatever part of the database this report "
		       "covers.");
	analysis_note_respondents(r, t);
	if (!x->nsq)
		table_add_note(t, "The questionnaire names no safeguard answers.");
	analysis_add_table(r, t);
	strbuf_release(&sb);
}

/* Mean index of slot s over the communities with one; 0 communities: returns 0. */
static int64_t mean_index(const struct ictx *x, size_t s, double *mean)
{
	int64_t n = 0;
	double sum = 0;
	size_t i;

	for (i = 0; i < x->nc; i++)
		if (x->c[i].den[s] > 0) {
			sum += x->c[i].num[s] / x->c[i].den[s];
			n++;
		}
	*mean = n ? sum / (double)n : 0;
	return n;
}

/* Each topic's index in this report (a community's own in a profile) beside all respondents'. */
static void compared(struct ictx *x, const struct ictx *all)
{
	struct an_run *r = x->r;
	const struct scta_config *cfg = r->cfg;
	struct table *t = analysis_table_new("index_compared", "Topic safeguard index compared with "
					     "all respondents", "index", r->src_resp);
	struct strbuf sb = STRBUF_INIT;
	struct cell *o;
	size_t s, i;
	char nb[32];

	table_add_col(t, "Topic", CELL_TEXT);
	table_add_col(t, "Communities with an index", CELL_INT);
	table_add_col(t, "Mean index", CELL_REAL);
	table_add_col(t, "Tier", CELL_TEXT);
	table_add_col(t, "All respondents with an index", CELL_INT);
	table_add_col(t, "All respondents, mean index", CELL_REAL);
	table_add_col(t, "All respondents in the same tier", CELL_INT);
	table_add_col(t, "All respondents, percent in the same tier", CELL_PCT);
	for (s = 0; x->ntopics && s <= x->ntopics; s++) {
		double mean, amean;
		int64_t n = mean_index(x, s, &mean), an = mean_index(all, s, &amean), same = 0;

		o = table_add_row(t);
		cell_text(&o[0], s < x->ntopics ? short_topic(x->topics[s], &sb) : "Overall");
		cell_int(&o[1], n);
		cell_int(&o[4], an);
		if (an)
			cell_real(&o[5], amean);
		if (!n)
			continue;
		cell_real(&o[2], mean);
		cell_text(&o[3], tier_label(cfg, tier_of(cfg, mean)));
		for (i = 0; i < all->nc; i++)
			if (all->c[i].den[s] > 0 &&
			    tier_of(cfg, all->c[i].num[s] / all->c[i].den[s]) == tier_of(cfg, mean))
				same++;
		cell_int(&o[6], same);
		cell_pct(&o[7], same, an);
	}
	table_set_base(t, "n = %s %s; each row counts those with an index for the topic",
		       analysis_num((int64_t)x->nc, nb), analysis_universe(r, (int64_t)x->nc));
	definition_note(r->q, t);
	tier_note(cfg, t);
	table_add_note(t, "Mean index: of the communities in this report (in a community's profile, "
		       "its own index); Tier: the tier of that value. All respondents: every "
		       "respondent in the database, whatever part of it this report covers.");
	analysis_note_respondents(r, t);
	if (!x->ntopics)
		table_add_note(t, "The questionnaire names no safeguard answers, so no index is computed.");
	analysis_add_table(r, t);
	strbuf_release(&sb);
}

/* ---- the association's letter: sentences over the members' safeguards ---- */

/* Is question qu on one of the topics letter question k is answered from? */
static int in_letter(const struct scta_config *cfg, size_t k, const struct question *qu)
{
	size_t i;

	for (i = 0; i < cfg->letter.ntopics[k]; i++)
		if (!strcmp(cfg->letter.topics[k][i], qu->topic))
			return 1;
	return 0;
}

/* Append item i of n to a list in prose: "A", "A and B", "A, B, and C". */
static void list_sep(struct strbuf *sb, size_t i, size_t n)
{
	if (!i)
		return;
	if (n == 2)
		strbuf_adds(sb, " and ");
	else
		strbuf_adds(sb, i + 1 == n ? ", and " : ", ");
}

/* "18 of 25 answered Yes to "Council approved it" (72%)" for safeguard question k. */
static void sq_phrase(const struct ictx *x, size_t k, struct strbuf *sb)
{
	const struct question *qu = x->sq[k];
	int64_t n, yes, both;
	char a[32], b[32], pct[32];

	sq_counts(x, k, &n, &yes, &both);
	strbuf_addf(sb, "%s of %s answered %s to \xe2\x80\x9c%s\xe2\x80\x9d", analysis_num(yes, a),
		    analysis_num(n, b), value_label(qu->scale, qu->safeguard),
		    qu->label ? qu->label : qu->id);
	if (analysis_share(x->r, yes, n, pct, sizeof(pct)))
		strbuf_addf(sb, " (%s)", pct);
}

static void letter_question(const struct ictx *x, size_t k)
{
	struct an_run *r = x->r;
	const char *key = config_letter_keys[k];
	struct strbuf sb = STRBUF_INIT, id = STRBUF_INIT, label = STRBUF_INIT;
	size_t i, j, nq = 0, done = 0, best = 0, have_best = 0, any = 0;
	int64_t members = 0, n, yes, both;
	char a[96];

	for (j = 0; j < x->nsq; j++)
		nq += in_letter(r->cfg, k, x->sq[j]);
	/* Members answering at least one of the question's safeguards. */
	for (i = 0; i < x->nc; i++)
		for (j = 0; j < x->nsq; j++)
			if (x->c[i].gave[j] && in_letter(r->cfg, k, x->sq[j])) {
				members++;
				break;
			}
	if (!nq) {
		strbuf_adds(&sb, "Our questionnaire asked no question with a safeguard answer on this.");
	} else if (!members) {
		strbuf_addf(&sb, "No member community answered %s on this.",
			    nq == 1 ? "our question" : "our questions");
	} else {
		strbuf_addf(&sb, "%s answered %s on this. Of the members that answered %s, ",
			    text_count(members, "member community", "member communities", a, sizeof(a)),
			    nq == 1 ? "our question" : "at least one of our questions",
			    nq == 1 ? "it" : "each question");
		for (j = 0; j < x->nsq; j++) {
			if (!in_letter(r->cfg, k, x->sq[j]))
				continue;
			list_sep(&sb, done++, nq);
			sq_phrase(x, j, &sb);
		}
		strbuf_addch(&sb, '.');
	}
	strbuf_addf(&id, "letter_%s_sentence", key);
	strbuf_addf(&label, "The letter's answer on %s, in words", key);
	analysis_fig_text(r, id.buf, label.buf, sb.buf);

	/* Where members differ: the safeguard answered least alike (share nearest half). */
	strbuf_reset(&sb);
	for (j = 0; j < x->nsq; j++) {
		int64_t d, bd, bn, by, bb;

		if (!in_letter(r->cfg, k, x->sq[j]))
			continue;
		sq_counts(x, j, &n, &yes, &both);
		any += n > 0;
		/* Divided: some reported it, some did not (answering both ways is not reporting). */
		if (n < 2 || yes == n || (yes == 0 && both == 0))
			continue;
		d = 2 * yes - n < 0 ? n - 2 * yes : 2 * yes - n;
		if (have_best) {
			sq_counts(x, best, &bn, &by, &bb);
			bd = 2 * by - bn < 0 ? bn - 2 * by : 2 * by - bn;
			/* compare d/n with bd/bn without division */
			if (d * bn >= bd * n)
				continue;
		}
		best = j;
		have_best = 1;
	}
	if (!nq) {
		/* Nothing asked: the first sentence says so; this one stays empty. */
	} else if (have_best) {
		const struct question *qu = x->sq[best];
		char c1[32], c2[32];

		sq_counts(x, best, &n, &yes, &both);
		strbuf_addf(&sb, "Members differ most on \xe2\x80\x9c%s\xe2\x80\x9d: %s of %s answered %s "
			    "and %s did not", qu->label ? qu->label : qu->id, analysis_num(yes, c1),
			    analysis_num(n, c2), value_label(qu->scale, qu->safeguard),
			    analysis_num(n - yes, a));
		if (both)
			strbuf_addf(&sb, " (%s of them gave different answers in different responses)",
				    analysis_num(both, c1));
		strbuf_addch(&sb, '.');
	} else if (any) {
		strbuf_adds(&sb, members == 1 ?
			    "Only one member community answered, so members cannot be compared." :
			    "The members that answered gave the same answer to each of these "
			    "questions, or each was answered by one member only.");
	} else {
		strbuf_adds(&sb, "No member answered, so members cannot be compared.");
	}
	strbuf_reset(&id);
	strbuf_addf(&id, "letter_%s_differ", key);
	strbuf_reset(&label);
	strbuf_addf(&label, "Where members differ on %s, in words", key);
	analysis_fig_text(r, id.buf, label.buf, sb.buf);
	strbuf_release(&sb);
	strbuf_release(&id);
	strbuf_release(&label);
}

/* How the members spread over the tiers of the overall index, in words. */
static void index_sentence(const struct ictx *x)
{
	const struct scta_config *cfg = x->r->cfg;
	size_t ntiers = cfg->index.ncuts + 1, k, i, shown = 0, nonzero = 0;
	int64_t *n = xcalloc(ntiers, sizeof(*n)), total = 0;
	struct strbuf sb = STRBUF_INIT;
	char a[96], b[32];

	for (i = 0; x->ntopics && i < x->nc; i++) {
		const struct comm *c = &x->c[i];

		if (c->den[x->ntopics] <= 0)
			continue;
		n[tier_of(cfg, c->num[x->ntopics] / c->den[x->ntopics])]++;
		total++;
	}
	for (k = 0; k < ntiers; k++)
		nonzero += n[k] > 0;
	if (!x->ntopics) {
		strbuf_adds(&sb, "The questionnaire names no safeguard answers, so no safeguard index "
			    "is computed.");
	} else if (!total) {
		strbuf_adds(&sb, "No member community gave a valid answer to a safeguard question, so "
			    "no safeguard index could be computed.");
	} else {
		strbuf_addf(&sb, "Of the %s with an overall safeguard index, ",
			    text_count(total, "member community", "member communities", a, sizeof(a)));
		for (k = 0; k < ntiers; k++) {
			if (!n[k])
				continue;
			list_sep(&sb, shown, nonzero);
			if (!shown)
				strbuf_addf(&sb, "%s %s in the %s tier", analysis_num(n[k], b),
					    n[k] == 1 ? "is" : "are", tier_label(cfg, k));
			else
				strbuf_addf(&sb, "%s in the %s tier", analysis_num(n[k], b),
					    tier_label(cfg, k));
			shown++;
		}
		strbuf_addch(&sb, '.');
	}
	analysis_fig_text(x->r, "letter_index_sentence",
			  "How the members spread over the overall index's tiers, in words", sb.buf);
	strbuf_release(&sb);
	free(n);
}

/* Who the letter speaks for, in words ([scope] respondents). */
static void members_sentence(const struct ictx *x)
{
	struct an_run *r = x->r;
	struct strbuf sb = STRBUF_INIT;
	char a[96], b[96], pct[32];

	if (!r->responded) {
		strbuf_addf(&sb, "No member community%s answered our questionnaire.",
			    r->cfg->scope.respondents_all ? "" : " with partnerships in scope");
	} else if (r->cfg->scope.respondents_all) {
		strbuf_addf(&sb, "%s answered our questionnaire: %s with partnerships in scope and %s "
			    "without. This letter counts the answers of all of them.",
			    text_count(r->responded, "member community", "member communities", a,
				       sizeof(a)),
			    analysis_num(r->responded_scope, pct),
			    analysis_num(r->responded_other, b));
	} else {
		strbuf_addf(&sb, "%s with partnerships in scope answered our questionnaire",
			    text_count(r->responded, "member community", "member communities", a,
				       sizeof(a)));
		if (r->communities)
			strbuf_addf(&sb, ", of %s with such partnerships",
				    text_count(r->communities, "community", "communities", b, sizeof(b)));
		if (analysis_share(r, r->responded_scope, r->communities, pct, sizeof(pct)))
			strbuf_addf(&sb, " (%s)", pct);
		strbuf_adds(&sb, ". This letter counts their answers.");
	}
	analysis_fig_text(r, "letter_members_sentence", "Who the letter counts, in words", sb.buf);
	strbuf_release(&sb);
}

static void letter_figures(const struct ictx *x)
{
	size_t k;

	members_sentence(x);
	for (k = 0; k < 4; k++)
		letter_question(x, k);
	index_sentence(x);
}

static void ictx_release(struct ictx *x)
{
	size_t i;

	for (i = 0; i < x->nc; i++) {
		free(x->c[i].ckey);
		free(x->c[i].state);
		free(x->c[i].name);
		free(x->c[i].num);
		free(x->c[i].den);
		free(x->c[i].gave);
	}
	for (i = 0; x->dist && i < x->nsq; i++)
		free(x->dist[i]);
	free(x->dist);
	free(x->sq);
	free(x->c);
	free(x->by_key);
}

/* The index's topics and safeguard questions, before any reading. */
static void ictx_init(struct ictx *x, struct an_run *r)
{
	const struct questionnaire *q = r->q;
	size_t i, k;

	memset(x, 0, sizeof(*x));
	x->r = r;
	for (k = 0; k < 6; k++)
		for (i = 0; i < q->nquestions; i++)
			if (is_safeguard(&q->questions[i]) &&
			    !strcmp(q->questions[i].topic, questionnaire_topics[k])) {
				x->topics[x->ntopics++] = questionnaire_topics[k];
				break;
			}
	x->sq = xcalloc(q->nquestions + 1, sizeof(*x->sq));
	x->dist = xcalloc(q->nquestions + 1, sizeof(*x->dist));
	for (i = 0; i < q->nquestions; i++)
		if (is_safeguard(&q->questions[i])) {
			x->dist[x->nsq] = xcalloc(q->questions[i].scale->n + 1, sizeof(int64_t));
			x->sq[x->nsq++] = &q->questions[i];
		}
}

static int collect(struct ictx *x, const char *communities, const char *answers,
		   struct scta_err *err)
{
	int rc = load_communities(x, communities, err);

	if (!rc && x->ntopics)
		rc = accumulate(x, answers, err);
	return rc;
}

void analysis_index_all_free(struct ictx *x)
{
	if (!x)
		return;
	ictx_release(x);
	free(x);
}

int analysis_index(struct an_run *r, struct scta_err *err)
{
	struct ictx x, whole;
	const struct ictx *all = &x;
	int rc;

	ictx_init(&x, r);
	ictx_init(&whole, r);
	rc = collect(&x, "responding_communities", "index_answers", err);
	/*
	 * A report of part of the store compares it with the whole (main.*),
	 * read once per report when the analyses share (analysis_shared).
	 */
	if (!rc && store_filtered(r->st) && r->shared && r->shared->index_all) {
		all = r->shared->index_all;
	} else if (!rc && store_filtered(r->st)) {
		rc = collect(&whole, "responding_communities_all", "index_answers_all", err);
		all = &whole;
		if (!rc && r->shared) {
			/* Kept past this run: nothing may point into it (x->r is this run's). */
			r->shared->index_all = xmalloc(sizeof(whole));
			*r->shared->index_all = whole;
			r->shared->index_all->r = NULL;
			all = r->shared->index_all;
			memset(&whole, 0, sizeof(whole));
		}
	}
	if (!rc) {
		distribution(&x);
		by_community(&x);
		safeguards(&x, all);
		safeguards_compared(&x, all);
		compared(&x, all);
		letter_figures(&x);
	}
	ictx_release(&x);
	ictx_release(&whole);
	return rc;
}
