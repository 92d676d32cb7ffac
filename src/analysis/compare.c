/*
 * compare.c - what changed since an earlier round (`--compare PREVIOUS`):
 * partnerships added, removed and re-keyed; status and agreement
 * availability changes; each question's answers then and now, for all
 * responding communities and for those that responded in both rounds; the
 * response rate then and now.
 *
 * The earlier round's database (cfg->compare) is opened read-only for the
 * length of one analysis (store_open_previous(): an older schema is read
 * from a migrated in-memory copy), restricted like this round's store
 * (store_filter_like(), for `--by`), and read with the same named queries
 * and this report's scope rule, so both rounds are counted alike. Both
 * rounds' questionnaires come from their databases (the questionnaire in
 * force when each report was written).
 *
 * Matching: a partnership is the same in both rounds when its partnership
 * key (id) is; else when its four required fields agree after
 * normalization (the natural key, util text_key): a key that changed is not
 * a removal and an addition. A community is the same when its community
 * key is. A question is compared when both rounds ask it (same id, any
 * case) as a choice question over the same values with the same valid
 * values (labels may differ); the others are listed with the reason.
 *
 * The tables have the same ids whatever the data (the plan, an empty
 * database compared with the earlier round, has them too).
 */
#include "analysis/analysis_int.h"
#include "config/config.h"
#include "store/store.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/path.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/vocab.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One partnership of a round (with a country at or below the cut-off). */
struct cpart {
	char *id, *nkey, *us, *state, *foreign, *country, *status, *status_date, *avail;
	int in_scope;
	size_t match;            /* index in the other round's array; NONE when unmatched */
	int rekeyed;             /* matched by its natural key, its id having changed */
};

#define NONE ((size_t)-1)

/* One question of a round's questionnaire, with its scale's values. */
struct cquestion {
	char *id, *type;
	char **values, **labels;
	unsigned char *valid;
	size_t n, cap;
};

/* The answers of a round to one question with one value: of all communities, of the panel's. */
struct agg {
	char *key;               /* lower-case "qid\nvalue" */
	int64_t all, panel;
};

struct cround {
	struct cpart *p;
	size_t np, pcap;
	struct cquestion *q;
	size_t nq, qcap;
	char **resp;             /* community keys that responded, sorted */
	size_t nresp, rcap;
	struct agg *agg;         /* answers by question and value, sorted by key */
	size_t nagg, aggcap;
	int64_t communities, responded, in_scope;
};

static char *dup_cell(const struct cell *c)
{
	return c->kind == CELL_TEXT && c->s ? xstrdup(c->s) : NULL;
}

static void round_release(struct cround *r)
{
	size_t i, j;

	for (i = 0; i < r->np; i++) {
		struct cpart *p = &r->p[i];

		free(p->id), free(p->nkey), free(p->us), free(p->state), free(p->foreign);
		free(p->country), free(p->status), free(p->status_date), free(p->avail);
	}
	for (i = 0; i < r->nq; i++) {
		for (j = 0; j < r->q[i].n; j++) {
			free(r->q[i].values[j]);
			free(r->q[i].labels[j]);
		}
		free(r->q[i].values), free(r->q[i].labels), free(r->q[i].valid);
		free(r->q[i].id), free(r->q[i].type);
	}
	for (i = 0; i < r->nresp; i++)
		free(r->resp[i]);
	for (i = 0; i < r->nagg; i++)
		free(r->agg[i].key);
	free(r->p), free(r->q), free(r->resp), free(r->agg);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Is key in the sorted list? */
static int in_list(char **list, size_t n, const char *key)
{
	return n && bsearch(&key, list, n, sizeof(*list), cmp_str) != NULL;
}

/*
 * Read one round from st with the run's scope parameters: its partnerships,
 * questionnaire, coverage and responding communities (the answers come
 * later, by aggregate(), once the panel is known).
 */
static int round_load(struct an_run *r, struct store *st, struct cround *o, struct scta_err *err)
{
	struct store_cursor *c = NULL;
	const struct cell *row;
	int rc;

	rc = store_query(st, "compare_partnerships", r->params, AN_NPARAMS, &c, err);
	while (!rc && !(rc = store_cursor_next(c, &row, err)) && row) {
		struct cpart *p;

		XGROW(o->p, o->pcap, o->np + 1);
		p = &o->p[o->np++];
		p->id = dup_cell(&row[0]);
		p->nkey = dup_cell(&row[1]);
		p->us = dup_cell(&row[2]);
		p->state = dup_cell(&row[3]);
		p->foreign = dup_cell(&row[4]);
		p->country = dup_cell(&row[5]);
		p->status = dup_cell(&row[6]);
		p->status_date = dup_cell(&row[7]);
		p->avail = dup_cell(&row[8]);
		p->in_scope = analysis_cell_int(&row[9]) != 0;
		p->match = NONE;
		p->rekeyed = 0;
		o->in_scope += p->in_scope;
	}
	store_cursor_close(c);
	c = NULL;
	if (!rc)
		rc = store_query(st, "compare_questions", r->params, AN_NPARAMS, &c, err);
	while (!rc && !(rc = store_cursor_next(c, &row, err)) && row) {
		const char *id = analysis_cell_str(&row[0]);
		struct cquestion *q = o->nq ? &o->q[o->nq - 1] : NULL;

		if (!q || strcmp(q->id, id)) {
			XGROW(o->q, o->qcap, o->nq + 1);
			q = &o->q[o->nq++];
			memset(q, 0, sizeof(*q));
			q->id = xstrdup(id);
			q->type = xstrdup(analysis_cell_str(&row[1]));
		}
		if (row[2].kind != CELL_TEXT)
			continue;
		if (q->n == q->cap) {
			q->cap = q->cap ? 2 * q->cap : 8;
			q->values = xrealloc(q->values, q->cap * sizeof(*q->values));
			q->labels = xrealloc(q->labels, q->cap * sizeof(*q->labels));
			q->valid = xrealloc(q->valid, q->cap * sizeof(*q->valid));
		}
		q->values[q->n] = xstrdup(row[2].s);
		q->valid[q->n] = analysis_cell_int(&row[3]) != 0;
		q->labels[q->n] = xstrdup(analysis_cell_str(&row[4]));
		q->n++;
	}
	store_cursor_close(c);
	c = NULL;
	/* The communities with partnerships in scope that responded (with an answer). */
	if (!rc)
		rc = store_query(st, "responding_communities", r->params, AN_NPARAMS, &c, err);
	while (!rc && !(rc = store_cursor_next(c, &row, err)) && row) {
		XGROW(o->resp, o->rcap, o->nresp + 1);
		o->resp[o->nresp++] = xstrdup(analysis_cell_str(&row[0]));
	}
	store_cursor_close(c);
	c = NULL;
	if (o->nresp > 1)
		qsort(o->resp, o->nresp, sizeof(*o->resp), cmp_str);
	if (!rc)
		rc = store_query(st, "coverage", r->params, AN_NPARAMS, &c, err);
	if (!rc && !(rc = store_cursor_next(c, &row, err)) && row) {
		o->communities = analysis_cell_int(&row[0]);
		o->responded = analysis_cell_int(&row[1]);
	}
	store_cursor_close(c);
	return rc;
}

static int str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Index of the partnership with this id in p[0..n) (sorted by id), or NONE. */
static size_t find_id(const struct cpart *p, size_t n, const char *id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(p[mid].id, id);

		if (!c)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NONE;
}

/* A partnership of the earlier round by natural key, for matching re-keyed ones. */
struct by_key {
	const char *nkey;
	size_t i;
};

static int cmp_by_key(const void *a, const void *b)
{
	return strcmp(((const struct by_key *)a)->nkey, ((const struct by_key *)b)->nkey);
}

/*
 * Match the rounds' partnerships: by id, then the rest by natural key (the
 * four required fields after normalization).
 */
static void match(struct cround *then, struct cround *now)
{
	struct by_key *idx, key;
	size_t i, k, nidx = 0;

	for (i = 0; i < now->np; i++) {
		k = find_id(then->p, then->np, now->p[i].id);
		if (k != NONE) {
			now->p[i].match = k;
			then->p[k].match = i;
		}
	}
	idx = xcalloc(then->np + 1, sizeof(*idx));
	for (i = 0; i < then->np; i++)
		if (then->p[i].match == NONE) {
			idx[nidx].nkey = then->p[i].nkey;
			idx[nidx++].i = i;
		}
	qsort(idx, nidx, sizeof(*idx), cmp_by_key);
	for (i = 0; i < now->np; i++) {
		const struct by_key *hit;

		if (now->p[i].match != NONE)
			continue;
		key.nkey = now->p[i].nkey;
		hit = nidx ? bsearch(&key, idx, nidx, sizeof(*idx), cmp_by_key) : NULL;
		/* Natural keys are unique in a round: one partnership of the other matches at most. */
		if (hit && then->p[hit->i].match == NONE) {
			now->p[i].match = hit->i;
			then->p[hit->i].match = i;
			now->p[i].rekeyed = then->p[hit->i].rekeyed = 1;
		}
	}
	free(idx);
}

/* What a change of status means, for the status table and the counts. */
enum status_change { SC_TERMINATED, SC_SUSPENDED, SC_REACTIVATED, SC_OTHER };

static enum status_change status_change(const char *then, const char *now)
{
	if (now && !strcmp(now, "terminated"))
		return SC_TERMINATED;
	if (now && !strcmp(now, "suspended"))
		return SC_SUSPENDED;
	if (now && !strcmp(now, "active") && then &&
	    (!strcmp(then, "suspended") || !strcmp(then, "terminated") || !strcmp(then, "inactive")))
		return SC_REACTIVATED;
	return SC_OTHER;
}

static const char *const status_change_label[] = {
	"Terminated", "Suspended", "Reactivated", "Other change"
};

/* The partnership columns every list shares: id, U.S. community, state, foreign community, country. */
static void part_cols(struct table *t)
{
	table_add_col(t, "Partnership ID", CELL_TEXT);
	table_add_col(t, "U.S. community", CELL_TEXT);
	table_add_col(t, "State", CELL_TEXT);
	table_add_col(t, "Foreign community", CELL_TEXT);
	table_add_col(t, "Country", CELL_TEXT);
}

static void part_cells(struct cell *o, const struct cpart *p)
{
	cell_text(&o[0], p->id);
	cell_text(&o[1], p->us);
	cell_text(&o[2], p->state);
	cell_text(&o[3], p->foreign);
	cell_text(&o[4], p->country);
}

/* Everything the tables share: the rounds, the earlier round's name, the source line. */
struct cmp {
	struct an_run *r;
	struct cround then, now;
	char *prev;              /* "SCTA-25-01", or "the earlier round" */
	int numbered;            /* the earlier database names its report number */
	char *prev_date;         /* or NULL */
	char *prev_shown;        /* the earlier database as outputs show it */
	char *source;
	int64_t added, removed, rekeyed, same, status[4], status_n, avail_n;
	char **panel;            /* community keys that responded in both rounds, sorted */
	size_t npanel;
};

static void note_universe(struct cmp *m, struct table *t)
{
	const struct scta_config *cfg = m->r->cfg;
	struct strbuf sb = STRBUF_INIT;

	if (m->numbered)
		strbuf_addf(&sb, ", last reported as %s", m->prev);
	if (m->numbered && m->prev_date)
		strbuf_addf(&sb, " (%s)", m->prev_date);
	table_add_note(t, "Both rounds are read with this report's scope rule: the partnerships "
		       "with countries that scored %d or less on the Corruption Perceptions Index %d, "
		       "whatever their status. The earlier round is the database %s%s.",
		       cfg->scope.cpi_max, cfg->scope.cpi_year, m->prev_shown, sb.buf);
	strbuf_release(&sb);
	table_add_note(t, "A partnership is the same in both rounds when its partnership key is, or, "
		       "when the key changed, when its U.S. community, state, foreign community and "
		       "country agree after normalization (the names ignoring case, accents, "
		       "punctuation and spacing; the state and the country by their codes): such a "
		       "partnership is counted as matched, not as removed and added.");
}

static void row_count(struct table *t, const char *label, int64_t v)
{
	struct cell *o = table_add_row(t);

	cell_text(&o[0], label);
	cell_int(&o[1], v);
}

static void summary_table(struct cmp *m)
{
	struct table *t;
	struct strbuf title = STRBUF_INIT, label = STRBUF_INIT;

	strbuf_addf(&title, "Changes in partnerships since %s", m->prev);
	t = analysis_table_new("changes_summary", title.buf, "changes", m->source);
	table_add_col(t, "Measure", CELL_TEXT);
	table_add_col(t, "Partnerships", CELL_INT);
	strbuf_addf(&label, "Partnerships in %s", m->prev);
	row_count(t, label.buf, (int64_t)m->then.np);
	row_count(t, "Partnerships in this report", (int64_t)m->now.np);
	row_count(t, "Matched by partnership key", m->same);
	row_count(t, "Matched by U.S. community, state, foreign community and country (key changed)",
		  m->rekeyed);
	row_count(t, "Added", m->added);
	row_count(t, "Removed", m->removed);
	row_count(t, "Status changed", m->status_n);
	row_count(t, "Status changed: terminated", m->status[SC_TERMINATED]);
	row_count(t, "Status changed: suspended", m->status[SC_SUSPENDED]);
	row_count(t, "Status changed: reactivated", m->status[SC_REACTIVATED]);
	row_count(t, "Status changed: other", m->status[SC_OTHER]);
	row_count(t, "Agreement availability changed", m->avail_n);
	strbuf_reset(&label);
	strbuf_addf(&label, "In scope (operating) in %s", m->prev);
	row_count(t, label.buf, m->then.in_scope);
	row_count(t, "In scope (operating) in this report", m->now.in_scope);
	table_set_base(t, "n = %s then and %s now, with countries that scored %d or less on the "
		       "Corruption Perceptions Index %d", analysis_count(m->r, (int64_t)m->then.np,
		       "partnership", "partnerships"), analysis_count(m->r, (int64_t)m->now.np,
		       "partnership", "partnerships"), m->r->cfg->scope.cpi_max,
		       m->r->cfg->scope.cpi_year);
	note_universe(m, t);
	analysis_add_table(m->r, t);
	strbuf_release(&title);
	strbuf_release(&label);
}

/* Added, removed and re-keyed partnerships, each group in id order. */
static void partnerships_table(struct cmp *m)
{
	struct table *t;
	struct strbuf title = STRBUF_INIT;
	struct cell *o;
	size_t i;

	strbuf_addf(&title, "Partnerships added, removed, or with a changed key since %s", m->prev);
	t = analysis_table_new("changes_partnerships", title.buf, "changes", m->source);
	table_add_col(t, "Change", CELL_TEXT);
	part_cols(t);
	table_add_col(t, "Earlier key", CELL_TEXT);
	for (i = 0; i < m->now.np; i++)
		if (m->now.p[i].match == NONE) {
			o = table_add_row(t);
			cell_text(&o[0], "Added");
			part_cells(&o[1], &m->now.p[i]);
		}
	for (i = 0; i < m->then.np; i++)
		if (m->then.p[i].match == NONE) {
			o = table_add_row(t);
			cell_text(&o[0], "Removed");
			part_cells(&o[1], &m->then.p[i]);
		}
	for (i = 0; i < m->now.np; i++)
		if (m->now.p[i].match != NONE && m->now.p[i].rekeyed) {
			o = table_add_row(t);
			cell_text(&o[0], "Key changed");
			part_cells(&o[1], &m->now.p[i]);
			cell_text(&o[6], m->then.p[m->now.p[i].match].id);
		}
	table_set_base(t, "n = %s", analysis_count(m->r, (int64_t)t->nrows, "partnership", "partnerships"));
	table_add_note(t, "Removed partnerships are shown as the earlier round recorded them; the "
		       "others as this report records them.");
	note_universe(m, t);
	analysis_add_table(m->r, t);
	strbuf_release(&title);
}

static void status_table(struct cmp *m)
{
	struct table *t;
	struct strbuf title = STRBUF_INIT;
	struct cell *o;
	size_t i;

	strbuf_addf(&title, "Status changes since %s", m->prev);
	t = analysis_table_new("changes_status", title.buf, "changes", m->source);
	part_cols(t);
	table_add_col(t, "Status then", CELL_TEXT);
	table_add_col(t, "Status now", CELL_TEXT);
	table_add_col(t, "Status date", CELL_TEXT);
	table_add_col(t, "Change", CELL_TEXT);
	for (i = 0; i < m->now.np; i++) {
		const struct cpart *n = &m->now.p[i], *p;

		if (n->match == NONE)
			continue;
		p = &m->then.p[n->match];
		if (str_eq(p->status, n->status))
			continue;
		o = table_add_row(t);
		part_cells(o, n);
		cell_text(&o[5], vocab_label(&vocab_status, p->status));
		cell_text(&o[6], vocab_label(&vocab_status, n->status));
		cell_text(&o[7], n->status_date ? n->status_date : VOCAB_NOT_RECORDED);
		cell_text(&o[8], status_change_label[status_change(p->status, n->status)]);
	}
	table_set_base(t, "n = %s", analysis_count(m->r, (int64_t)t->nrows, "partnership whose status "
						   "changed", "partnerships whose status changed"));
	table_add_note(t, "The status date is this report's record of when the partnership took "
		       "its present status; \"" VOCAB_NOT_RECORDED "\" where the record gives none. A "
		       "partnership is reactivated when it is active now and was suspended, terminated "
		       "or inactive before. A status left blank is \"" VOCAB_NOT_RECORDED "\", never "
		       "taken for active. Partnerships are matched across the rounds as the table of "
		       "changes in partnerships says.");
	analysis_add_table(m->r, t);
	strbuf_release(&title);
}

static void availability_table(struct cmp *m)
{
	struct table *t;
	struct strbuf title = STRBUF_INIT;
	struct cell *o;
	size_t i;

	strbuf_addf(&title, "Changes in agreement availability since %s", m->prev);
	t = analysis_table_new("changes_availability", title.buf, "changes", m->source);
	part_cols(t);
	table_add_col(t, "Agreement then", CELL_TEXT);
	table_add_col(t, "Agreement now", CELL_TEXT);
	for (i = 0; i < m->now.np; i++) {
		const struct cpart *n = &m->now.p[i], *p;

		if (n->match == NONE)
			continue;
		p = &m->then.p[n->match];
		if (str_eq(p->avail, n->avail))
			continue;
		o = table_add_row(t);
		part_cells(o, n);
		cell_text(&o[5], vocab_label(&vocab_agreement_public, p->avail));
		cell_text(&o[6], vocab_label(&vocab_agreement_public, n->avail));
	}
	table_set_base(t, "n = %s", analysis_count(m->r, (int64_t)t->nrows, "partnership whose "
						   "agreement availability changed", "partnerships "
						   "whose agreement availability changed"));
	table_add_note(t, "Partnerships are matched across the rounds as the table of changes in "
		       "partnerships says; a field left blank is \"" VOCAB_NOT_RECORDED "\".");
	analysis_add_table(m->r, t);
	strbuf_release(&title);
}

static const struct cquestion *find_question(const struct cround *o, const char *id)
{
	size_t i;

	for (i = 0; i < o->nq; i++)
		if (text_ieq(o->q[i].id, id))
			return &o->q[i];
	return NULL;
}

/* "qid\nvalue" in lower case: the key of struct agg. */
static char *agg_key(const char *qid, const char *value)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s;

	for (s = qid; *s; s++)
		strbuf_addch(&sb, (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s));
	strbuf_addch(&sb, '\n');
	for (s = value; *s; s++)
		strbuf_addch(&sb, (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s));
	return strbuf_detach(&sb);
}

static int cmp_agg(const void *a, const void *b)
{
	return strcmp(((const struct agg *)a)->key, ((const struct agg *)b)->key);
}

/* Add n answers (of the panel's communities when panel) to the group of key, taking key. */
static void agg_add(struct cround *o, char *key, int64_t n, int panel)
{
	size_t lo = 0, hi = o->nagg;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(o->agg[mid].key, key);

		if (!c) {
			o->agg[mid].all += n;
			o->agg[mid].panel += panel ? n : 0;
			free(key);
			return;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	XGROW(o->agg, o->aggcap, o->nagg + 1);
	memmove(&o->agg[lo + 1], &o->agg[lo], (o->nagg - lo) * sizeof(*o->agg));
	o->agg[lo].key = key;
	o->agg[lo].all = n;
	o->agg[lo].panel = panel ? n : 0;
	o->nagg++;
}

/*
 * Sum a round's answers to choice questions by question and value, of all
 * its responding communities and of the panel's. Streamed: the groups are
 * a few per question, whatever the number of answers.
 */
static int aggregate(const struct cmp *m, struct store *st, struct cround *o,
		     struct scta_err *err)
{
	struct store_cursor *c = NULL;
	const struct cell *row;
	int rc;

	rc = store_query(st, "compare_answers", m->r->params, AN_NPARAMS, &c, err);
	while (!rc && !(rc = store_cursor_next(c, &row, err)) && row)
		agg_add(o, agg_key(analysis_cell_str(&row[1]), analysis_cell_str(&row[2])),
			analysis_cell_int(&row[3]),
			in_list(m->panel, m->npanel, analysis_cell_str(&row[0])));
	store_cursor_close(c);
	return rc;
}

/* Answers to question qid with value (any case), of all or of the panel's communities. */
static int64_t answers_of(const struct cround *o, const char *qid, const char *value, int panel)
{
	struct agg key, *hit;

	key.key = agg_key(qid, value);
	hit = o->nagg ? bsearch(&key, o->agg, o->nagg, sizeof(*o->agg), cmp_agg) : NULL;
	free(key.key);
	return hit ? (panel ? hit->panel : hit->all) : 0;
}

/* The values of q (value=valid), sorted and joined: two questions compare when these agree. */
static char *scale_sig(const struct cquestion *q)
{
	struct strbuf sb = STRBUF_INIT;
	char **v = xcalloc(q->n + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < q->n; i++) {
		struct strbuf one = STRBUF_INIT;
		const char *s;

		for (s = q->values[i]; *s; s++)
			strbuf_addch(&one, (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s));
		strbuf_addf(&one, "=%d", q->valid[i]);
		v[i] = strbuf_detach(&one);
	}
	qsort(v, q->n, sizeof(*v), cmp_str);
	for (i = 0; i < q->n; i++) {
		strbuf_adds(&sb, v[i]);
		strbuf_addch(&sb, '\n');
		free(v[i]);
	}
	free(v);
	return strbuf_detach(&sb);
}

/* Why two rounds' questions are not compared, or NULL when they are. */
static const char *not_compared(const struct cquestion *then, const struct cquestion *now)
{
	char *a, *b;
	int same;

	if (strcmp(then->type, "choice") || strcmp(now->type, "choice"))
		return strcmp(then->type, now->type) ? "the type of question changed" :
		       "not a choice question (only shares of answers are compared)";
	a = scale_sig(then);
	b = scale_sig(now);
	same = !strcmp(a, b);
	free(a);
	free(b);
	return same ? NULL : "the answer scale changed (its values or which of them are valid)";
}

/* "yes, no, don't know" of a question's values, for the list of questions not compared. */
static void values_list(const struct cquestion *q, struct strbuf *sb)
{
	size_t i;

	if (!q) {
		strbuf_adds(sb, "not asked");
		return;
	}
	if (!q->n) {
		strbuf_adds(sb, q->type);
		return;
	}
	for (i = 0; i < q->n; i++)
		strbuf_addf(sb, "%s%s", i ? ", " : "", q->values[i]);
}

static void not_compared_table(struct cmp *m, int64_t *compared, int64_t *listed)
{
	struct table *t;
	struct strbuf title = STRBUF_INIT, sb = STRBUF_INIT;
	struct cell *o;
	size_t i;

	*compared = *listed = 0;
	strbuf_addf(&title, "Questions not compared with %s", m->prev);
	t = analysis_table_new("changes_not_compared", title.buf, "changes", m->source);
	table_add_col(t, "Question", CELL_TEXT);
	table_add_col(t, "Answers then", CELL_TEXT);
	table_add_col(t, "Answers now", CELL_TEXT);
	table_add_col(t, "Reason", CELL_TEXT);
	for (i = 0; i < m->now.nq; i++) {
		const struct cquestion *n = &m->now.q[i], *p = find_question(&m->then, n->id);
		const char *why = p ? not_compared(p, n) : NULL;

		if (p && !why) {
			(*compared)++;
			continue;
		}
		o = table_add_row(t);
		cell_text(&o[0], n->id);
		values_list(p, &sb);
		cell_text(&o[1], sb.buf);
		strbuf_reset(&sb);
		values_list(n, &sb);
		cell_text(&o[2], sb.buf);
		strbuf_reset(&sb);
		if (!p)
			strbuf_addf(&sb, "not asked in %s", m->prev);
		else
			strbuf_adds(&sb, why);
		cell_text(&o[3], sb.buf);
		strbuf_reset(&sb);
	}
	for (i = 0; i < m->then.nq; i++) {
		const struct cquestion *p = &m->then.q[i];

		if (find_question(&m->now, p->id))
			continue;
		o = table_add_row(t);
		cell_text(&o[0], p->id);
		values_list(p, &sb);
		cell_text(&o[1], sb.buf);
		strbuf_reset(&sb);
		cell_text(&o[2], "not asked");
		cell_text(&o[3], "not asked in this report's questionnaire");
	}
	*listed = (int64_t)t->nrows;
	table_set_base(t, "n = %s", analysis_count(m->r, (int64_t)t->nrows, "question not compared",
						   "questions not compared"));
	table_add_note(t, "A question is compared when both questionnaires ask it (the same id) as a "
		       "choice question with the same answer values and the same valid answers; "
		       "labels may differ.");
	analysis_add_table(m->r, t);
	strbuf_release(&title);
	strbuf_release(&sb);
}

/* A change in percentage points, one decimal; withheld like its shares below the minimum base. */
static void pp_cell(const struct cmp *m, struct cell *c, int64_t num0, int64_t den0, int64_t num1,
		    int64_t den1)
{
	int min_base = m->r->cfg->report.min_base;
	char text[32];

	if (den0 <= 0 || den1 <= 0)
		return;
	if (min_base > 1 && (den0 < min_base || den1 < min_base)) {
		analysis_withheld_text(m->r->cfg, text, sizeof(text));
		cell_text(c, text);
		return;
	}
	cell_real(c, round(((double)num1 / (double)den1 - (double)num0 / (double)den0) * 1000.0) /
		  10.0);
}

/* Each compared question's valid answers then and now (panel: communities in both rounds). */
static void answers_table(struct cmp *m, int panel)
{
	struct table *t;
	struct strbuf title = STRBUF_INIT;
	struct cell *o;
	size_t i, j;
	int64_t nq = 0;

	if (panel)
		strbuf_addf(&title, "Answers then and now, communities that responded to both %s and "
			    "this report", m->prev);
	else
		strbuf_addf(&title, "Answers then and now, all responding communities, since %s",
			    m->prev);
	t = analysis_table_new(panel ? "changes_answers_panel" : "changes_answers", title.buf,
			       "changes", m->source);
	table_add_col(t, "Question", CELL_TEXT);
	table_add_col(t, "Answer", CELL_TEXT);
	table_add_col(t, "Percent then", CELL_PCT);
	table_add_col(t, "Valid answers then", CELL_INT);
	table_add_col(t, "Percent now", CELL_PCT);
	table_add_col(t, "Valid answers now", CELL_INT);
	table_add_col(t, "Change (percentage points)", CELL_REAL);
	for (i = 0; i < m->now.nq; i++) {
		const struct cquestion *n = &m->now.q[i], *p = find_question(&m->then, n->id);
		int64_t *c0, *c1, b0 = 0, b1 = 0;

		if (!p || not_compared(p, n))
			continue;
		nq++;
		c0 = xcalloc(n->n + 1, sizeof(*c0));
		c1 = xcalloc(n->n + 1, sizeof(*c1));
		for (j = 0; j < n->n; j++) {
			c0[j] = answers_of(&m->then, n->id, n->values[j], panel);
			c1[j] = answers_of(&m->now, n->id, n->values[j], panel);
			if (n->valid[j]) {
				b0 += c0[j];
				b1 += c1[j];
			}
		}
		for (j = 0; j < n->n; j++) {
			if (!n->valid[j])
				continue;
			o = table_add_row(t);
			cell_text(&o[0], n->id);
			cell_text(&o[1], n->labels[j]);
			cell_pct(&o[2], c0[j], b0);
			cell_int(&o[3], b0);
			cell_pct(&o[4], c1[j], b1);
			cell_int(&o[5], b1);
			pp_cell(m, &o[6], c0[j], b0, c1[j], b1);
		}
		free(c0);
		free(c1);
	}
	if (panel)
		table_set_base(t, "n = valid answers to each question, then and now, from %s that "
			       "responded in both rounds", analysis_count(m->r, (int64_t)m->npanel,
									 "U.S. community",
									 "U.S. communities"));
	else
		table_set_base(t, "n = valid answers to each question, then and now, from the %s then "
			       "and %s now with partnerships in scope", analysis_count(m->r,
				m->then.responded, "responding U.S. community", "responding U.S. communities"),
			       analysis_count(m->r, m->now.responded, "responding community",
					      "responding communities"));
	table_add_note(t, "Percentages are of valid answers; answers outside a scale's valid answers "
		       "(such as \"Don't know\") are kept out of both bases. The change is the "
		       "percentage now less the percentage then, in percentage points, from the "
		       "unrounded shares, rounded to one decimal.");
	if (panel)
		table_add_note(t, "A community is the same in both rounds when its state and name agree "
			       "after normalization (its community key).");
	table_add_note(t, "%s compared; the questions not compared are listed with the reason in the "
		       "table of questions not compared.", analysis_count(m->r, nq, "question is",
									 "questions are"));
	analysis_note_rounding(t);
	analysis_add_table(m->r, t);
	strbuf_release(&title);
}

static void response_table(struct cmp *m)
{
	struct table *t;
	struct strbuf title = STRBUF_INIT;
	struct cell *o;

	strbuf_addf(&title, "Questionnaire response then and now, since %s", m->prev);
	t = analysis_table_new("changes_response", title.buf, "changes", m->source);
	table_add_col(t, "Measure", CELL_TEXT);
	table_add_col(t, "Then", CELL_INT);
	table_add_col(t, "Now", CELL_INT);
	table_add_col(t, "Change", CELL_INT);
	o = table_add_row(t);
	cell_text(&o[0], "U.S. communities with partnerships in scope");
	cell_int(&o[1], m->then.communities);
	cell_int(&o[2], m->now.communities);
	cell_int(&o[3], m->now.communities - m->then.communities);
	o = table_add_row(t);
	cell_text(&o[0], "Communities that responded");
	cell_int(&o[1], m->then.responded);
	cell_int(&o[2], m->now.responded);
	cell_int(&o[3], m->now.responded - m->then.responded);
	o = table_add_row(t);
	cell_text(&o[0], "Response rate (change in percentage points)");
	cell_pct(&o[1], m->then.responded, m->then.communities);
	cell_pct(&o[2], m->now.responded, m->now.communities);
	pp_cell(m, &o[3], m->then.responded, m->then.communities, m->now.responded,
		m->now.communities);
	o = table_add_row(t);
	cell_text(&o[0], "Communities that responded in both rounds");
	cell_int(&o[1], (int64_t)m->npanel);
	cell_int(&o[2], (int64_t)m->npanel);
	table_set_base(t, "n = %s then and %s now", analysis_count(m->r, m->then.communities,
		       "U.S. community with partnerships in scope", "U.S. communities with partnerships "
		       "in scope"), analysis_count(m->r, m->now.communities, "community",
						   "communities"));
	table_add_note(t, "The response rate is the share of the U.S. communities with partnerships "
		       "in scope that sent at least one response, in each round under this report's "
		       "scope rule.");
	analysis_add_table(m->r, t);
	strbuf_release(&title);
}

static void figures(struct cmp *m, int64_t compared, int64_t listed)
{
	struct an_run *r = m->r;

	analysis_fig_text(r, "compare_round", "The earlier round compared with", m->prev);
	analysis_fig_text(r, "compare_date", "Date of the earlier round's report",
			  m->prev_date ? m->prev_date : VOCAB_NOT_RECORDED);
	analysis_fig_text(r, "compare_database", "The earlier round's database", m->prev_shown);
	analysis_fig_int(r, "compare_partnerships_then", "Partnerships (at or below the cut-off) then",
			 (int64_t)m->then.np);
	analysis_fig_int(r, "compare_partnerships_now", "Partnerships (at or below the cut-off) now",
			 (int64_t)m->now.np);
	analysis_fig_int(r, "compare_added", "Partnerships added", m->added);
	analysis_fig_int(r, "compare_removed", "Partnerships removed", m->removed);
	analysis_fig_int(r, "compare_key_changed", "Partnerships matched after a change of key",
			 m->rekeyed);
	analysis_fig_int(r, "compare_status_changed", "Partnerships whose status changed", m->status_n);
	analysis_fig_int(r, "compare_terminated", "Partnerships terminated since", m->status[SC_TERMINATED]);
	analysis_fig_int(r, "compare_suspended", "Partnerships suspended since", m->status[SC_SUSPENDED]);
	analysis_fig_int(r, "compare_reactivated", "Partnerships reactivated since",
			 m->status[SC_REACTIVATED]);
	analysis_fig_int(r, "compare_availability_changed",
			 "Partnerships whose agreement availability changed", m->avail_n);
	analysis_fig_pct(r, "compare_response_rate_then", "Response rate then", m->then.responded,
			 m->then.communities);
	analysis_fig_pct(r, "compare_response_rate_now", "Response rate now", m->now.responded,
			 m->now.communities);
	analysis_fig_int(r, "compare_panel", "Communities that responded in both rounds",
			 (int64_t)m->npanel);
	analysis_fig_int(r, "compare_questions", "Questions compared", compared);
	analysis_fig_int(r, "compare_not_compared", "Questions not compared", listed);
}

/* The earlier round's report number and date (store meta), and its database as shown. */
static int describe_previous(struct cmp *m, struct store *prev, struct scta_err *err)
{
	const struct scta_config *cfg = m->r->cfg;
	char *number = NULL, *base = NULL, *file = NULL;
	int rc;

	rc = store_meta_get(prev, "report_number", &number, err);
	if (!rc)
		rc = store_meta_get(prev, "report_date", &m->prev_date, err);
	if (rc)
		goto out;
	if (m->prev_date && !*m->prev_date) {
		free(m->prev_date);
		m->prev_date = NULL;
	}
	m->numbered = number && *number;
	m->prev = xstrdup(m->numbered ? number : "the earlier round");
	if (cfg->dir && !path_canonical(cfg->dir, &base, NULL) &&
	    !path_canonical(cfg->compare, &file, NULL))
		m->prev_shown = path_shown(base, file);
	else
		m->prev_shown = xstrdup(cfg->compare);
	{
		struct strbuf what = STRBUF_INIT;

		strbuf_addf(&what, "partnership records and questionnaire responses of this report and "
			    "of %s", m->prev);
		m->source = analysis_source_line(cfg, what.buf);
		strbuf_release(&what);
	}
out:
	free(number);
	free(base);
	free(file);
	return rc;
}

int analysis_compare(struct an_run *r, struct scta_err *err)
{
	struct cmp m;
	struct store *prev = NULL;
	int64_t compared = 0, listed = 0;
	size_t i, j, pcap = 0;
	int rc, in_txn = 0;

	if (!r->cfg->compare)
		return 0;
	memset(&m, 0, sizeof(m));
	m.r = r;
	rc = store_open_previous(r->cfg->compare, &prev, err);
	/* The same state or community as this round's store (--by). */
	if (!rc)
		rc = store_filter_like(prev, r->st, err);
	if (!rc)
		rc = store_begin_read(prev, err);
	if (rc)
		goto out;
	in_txn = 1;
	if ((rc = describe_previous(&m, prev, err)) ||
	    (rc = round_load(r, prev, &m.then, err)) || (rc = round_load(r, r->st, &m.now, err)))
		goto out;
	match(&m.then, &m.now);
	for (i = 0; i < m.now.np; i++) {
		const struct cpart *n = &m.now.p[i], *p;

		if (n->match == NONE) {
			m.added++;
			continue;
		}
		p = &m.then.p[n->match];
		if (n->rekeyed)
			m.rekeyed++;
		else
			m.same++;
		if (!str_eq(p->status, n->status)) {
			m.status_n++;
			m.status[status_change(p->status, n->status)]++;
		}
		if (!str_eq(p->avail, n->avail))
			m.avail_n++;
	}
	for (i = 0; i < m.then.np; i++)
		m.removed += m.then.p[i].match == NONE;
	/* The panel: communities that responded in both rounds (both lists are sorted). */
	for (i = 0, j = 0; i < m.then.nresp && j < m.now.nresp;) {
		int c = strcmp(m.then.resp[i], m.now.resp[j]);

		if (!c) {
			XGROW(m.panel, pcap, m.npanel + 1);
			m.panel[m.npanel++] = m.then.resp[i];   /* borrowed */
			i++, j++;
		} else if (c < 0) {
			i++;
		} else {
			j++;
		}
	}
	if ((rc = aggregate(&m, prev, &m.then, err)) || (rc = aggregate(&m, r->st, &m.now, err)))
		goto out;
	summary_table(&m);
	partnerships_table(&m);
	status_table(&m);
	availability_table(&m);
	response_table(&m);
	not_compared_table(&m, &compared, &listed);
	answers_table(&m, 0);
	answers_table(&m, 1);
	figures(&m, compared, listed);
out:
	if (in_txn)
		store_rollback(prev);
	store_close(prev);
	round_release(&m.then);
	round_release(&m.now);
	free(m.panel);
	free(m.prev);
	free(m.prev_date);
	free(m.prev_shown);
	free(m.source);
	return rc;
}
