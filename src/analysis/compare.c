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
 * database compared with the earlier round, has them too). The ones that
 * grow with the questionnaire (the answers then and now, the questions not
 * compared) are computed tables, their rows made from struct csrc: both
 * rounds' questionnaires held compactly and their answers summed.
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
#include <stdatomic.h>
#include <stdint.h>
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

/*
 * A round's questionnaire and its answers, held compactly: each scale once
 * (the questions name theirs by index), the scales' values interned in a
 * dictionary of lower-case values, and the answers summed by question and
 * value id. So 10,000 questions on a 150-value scale cost the questions and
 * one scale, not 1.5 million copies of values and keys.
 */
struct cscale {
	char *name;
	char **values, **labels; /* owned */
	unsigned char *valid;
	uint32_t *vid;           /* each value's id in the round's dictionary */
	size_t *validx;          /* the indexes of the valid values, in order */
	uint32_t *validvid;      /* the dictionary ids of the valid values, sorted */
	size_t n, nvalid, cap;
	char *sig;               /* lower-case "value=valid\n" lines, sorted: scales compare by it */
};

/* One question of a round's questionnaire. */
struct cquestion {
	uint32_t id;             /* offset of its id in the round's names */
	uint32_t type;           /* index in the round's types */
	uint32_t scale;          /* index in the round's scales; NONE32: it has no values */
};

/* The answers of a round to one question (its first spelling) with one value. */
struct cgroup {
	uint32_t q, v;           /* question index, value id */
	int64_t all, panel;      /* of all responding communities, of the panel's */
};

/* A question id in the order qfind() searches: by id ignoring case, then by position. */
struct qord {
	const char *id;
	size_t i;
};

struct cqn {
	struct cquestion *q;
	size_t nq, qcap;
	char *names;             /* the questions' ids, each ended by a NUL */
	char **types;            /* the question types there are ("choice", ...) */
	size_t ntypes;
	struct cscale *sc;
	size_t nsc, sccap;
	/* Until the answers are summed (analysis_compare() frees them then): */
	struct qord *ord;        /* nq of them, for qfind() */
	unsigned char *used;     /* nq: 1 for the questions compared (their answers are summed) */
	char **dict;             /* the scales' values in lower case, distinct, sorted */
	size_t ndict;
	struct cgroup *g;        /* sorted by (q, v) once aggregate() is done */
	size_t ng, gcap;
};

#define NONE ((size_t)-1)
#define NONE32 UINT32_MAX

struct cround {
	struct cpart *p;
	size_t np, pcap;
	struct cqn *qn;          /* its questionnaire and answers, owned by the tables' source */
	char **resp;             /* community keys that responded, sorted */
	size_t nresp, rcap;
	int64_t communities, responded, in_scope;
};

static char *dup_cell(const struct cell *c)
{
	return c->kind == CELL_TEXT && c->s ? xstrdup(c->s) : NULL;
}

static void round_release(struct cround *r)
{
	size_t i;

	for (i = 0; i < r->np; i++) {
		struct cpart *p = &r->p[i];

		free(p->id), free(p->nkey), free(p->us), free(p->state), free(p->foreign);
		free(p->country), free(p->status), free(p->status_date), free(p->avail);
	}
	for (i = 0; i < r->nresp; i++)
		free(r->resp[i]);
	free(r->p), free(r->resp);
}

static void cqn_release(struct cqn *o)
{
	size_t i, j;

	for (i = 0; i < o->ntypes; i++)
		free(o->types[i]);
	for (i = 0; i < o->nsc; i++) {
		struct cscale *sc = &o->sc[i];

		for (j = 0; j < sc->n; j++)
			free(sc->values[j]), free(sc->labels[j]);
		free(sc->name), free(sc->values), free(sc->labels), free(sc->valid);
		free(sc->vid), free(sc->validx), free(sc->validvid), free(sc->sig);
	}
	for (i = 0; i < o->ndict; i++)
		free(o->dict[i]);
	free(o->q), free(o->names), free(o->types), free(o->sc), free(o->ord), free(o->used);
	free(o->dict);
	free(o->g);
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

/* s in ASCII lower case, into sb (replacing it). */
static void lower_into(struct strbuf *sb, const char *s)
{
	strbuf_reset(sb);
	for (; *s; s++)
		strbuf_addch(sb, (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s));
}

/* strcmp ignoring ASCII case. */
static int icmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = (unsigned char)*a, y = (unsigned char)*b;

		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y || !x)
			return x - y;
	}
}

static int cmp_qord(const void *a, const void *b)
{
	const struct qord *x = a, *y = b;
	int c = icmp(x->id, y->id);

	return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* The first question (in questionnaire order) whose id is id ignoring case, or NONE. */
static size_t qfind(const struct cqn *o, const char *id)
{
	size_t lo = 0, hi = o->nq;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (icmp(o->ord[mid].id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < o->nq && !icmp(o->ord[lo].id, id) ? o->ord[lo].i : NONE;
}

/* The id of a lower-case value in o's dictionary, or NONE32. */
static uint32_t dict_find(const struct cqn *o, const char *lower)
{
	char *const *hit = o->ndict ? bsearch(&lower, o->dict, o->ndict, sizeof(*o->dict),
					      cmp_str) : NULL;

	return hit ? (uint32_t)(hit - o->dict) : NONE32;
}

/* A question's id and type. */
static const char *qid(const struct cqn *o, const struct cquestion *q)
{
	return o->names + q->id;
}

static const char *qtype(const struct cqn *o, const struct cquestion *q)
{
	return o->types[q->type];
}

/* A scale by name (the key is a pointer to the name). */
static int cmp_scale_name(const void *key, const void *sc)
{
	return strcmp(*(const char *const *)key, ((const struct cscale *)sc)->name);
}

/* The scale named name (scales are read in name order), or NONE32. */
static uint32_t scale_index(const struct cqn *o, const char *name)
{
	const struct cscale *hit = name && o->nsc ? bsearch(&name, o->sc, o->nsc, sizeof(*o->sc),
							   cmp_scale_name) : NULL;

	return hit ? (uint32_t)(hit - o->sc) : NONE32;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* 1 when dictionary id v is a valid value of the scale of question q (counted in the bases). */
static int valid_value(const struct cqn *o, const struct cquestion *q, uint32_t v)
{
	const struct cscale *sc;

	if (q->scale == NONE32)
		return 0;
	sc = &o->sc[q->scale];
	return sc->nvalid && bsearch(&v, sc->validvid, sc->nvalid, sizeof(v), cmp_u32) != NULL;
}

/* The values of a scale (value=valid, in lower case) sorted and joined: two questions compare when these agree. */
static char *scale_sig(const struct cscale *q)
{
	struct strbuf sb = STRBUF_INIT, one = STRBUF_INIT;
	char **v = xcalloc(q->n + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < q->n; i++) {
		lower_into(&one, q->values[i]);
		strbuf_addf(&one, "=%d", q->valid[i]);
		v[i] = xstrdup(one.buf);
	}
	qsort(v, q->n, sizeof(*v), cmp_str);
	for (i = 0; i < q->n; i++) {
		strbuf_adds(&sb, v[i]);
		strbuf_addch(&sb, '\n');
		free(v[i]);
	}
	free(v);
	strbuf_release(&one);
	return strbuf_detach(&sb);
}

/*
 * Read a round's questionnaire from st: its scales (each once), its
 * questions naming them, the dictionary of the scales' values and the
 * order qfind() searches.
 */
static int qn_load(struct an_run *r, struct store *st, struct cqn *o, struct scta_err *err)
{
	struct store_cursor *c = NULL;
	const struct cell *row;
	struct strbuf sb = STRBUF_INIT, names = STRBUF_INIT;
	char **all = NULL;
	size_t i, j, nall = 0, allcap = 0, names_len;
	int rc;

	rc = store_query(st, "compare_scales", r->params, AN_NPARAMS, &c, err);
	while (!rc && !(rc = store_cursor_next(c, &row, err)) && row) {
		const char *name = analysis_cell_str(&row[0]);
		struct cscale *sc = o->nsc ? &o->sc[o->nsc - 1] : NULL;

		if (!sc || strcmp(sc->name, name)) {
			XGROW(o->sc, o->sccap, o->nsc + 1);
			sc = &o->sc[o->nsc++];
			memset(sc, 0, sizeof(*sc));
			sc->name = xstrdup(name);
		}
		if (sc->n == sc->cap) {
			sc->cap = sc->cap ? 2 * sc->cap : 8;
			sc->values = xrealloc(sc->values, sc->cap * sizeof(*sc->values));
			sc->labels = xrealloc(sc->labels, sc->cap * sizeof(*sc->labels));
			sc->valid = xrealloc(sc->valid, sc->cap * sizeof(*sc->valid));
		}
		sc->values[sc->n] = xstrdup(analysis_cell_str(&row[1]));
		sc->valid[sc->n] = analysis_cell_int(&row[2]) != 0;
		sc->labels[sc->n] = xstrdup(analysis_cell_str(&row[3]));
		sc->n++;
	}
	store_cursor_close(c);
	c = NULL;
	if (!rc)
		rc = store_query(st, "compare_questions", r->params, AN_NPARAMS, &c, err);
	while (!rc && !(rc = store_cursor_next(c, &row, err)) && row) {
		const char *type = analysis_cell_str(&row[1]);
		struct cquestion *q;

		XGROW(o->q, o->qcap, o->nq + 1);
		q = &o->q[o->nq++];
		q->id = (uint32_t)names.len;
		strbuf_add(&names, analysis_cell_str(&row[0]), strlen(analysis_cell_str(&row[0])) + 1);
		for (i = 0; i < o->ntypes && strcmp(o->types[i], type); i++)
			;
		if (i == o->ntypes) {
			o->types = xrealloc(o->types, (o->ntypes + 1) * sizeof(*o->types));
			o->types[o->ntypes++] = xstrdup(type);
		}
		q->type = (uint32_t)i;
		q->scale = scale_index(o, row[2].kind == CELL_TEXT ? row[2].s : NULL);
	}
	store_cursor_close(c);
	if (rc)
		goto out;
	/* Held to size: a big questionnaire's questions are most of what is kept. */
	o->q = xrealloc(o->q, (o->nq + 1) * sizeof(*o->q));
	o->qcap = o->nq + 1;
	names_len = names.len;
	o->names = xrealloc(strbuf_detach(&names), names_len + 1);
	o->ord = xcalloc(o->nq + 1, sizeof(*o->ord));
	for (i = 0; i < o->nq; i++) {
		o->ord[i].id = qid(o, &o->q[i]);
		o->ord[i].i = i;
	}
	qsort(o->ord, o->nq, sizeof(*o->ord), cmp_qord);
	/* The dictionary: every scale's values in lower case, once. */
	for (i = 0; i < o->nsc; i++)
		for (j = 0; j < o->sc[i].n; j++) {
			XGROW(all, allcap, nall + 1);
			lower_into(&sb, o->sc[i].values[j]);
			all[nall++] = xstrdup(sb.buf);
		}
	if (nall > 1)
		qsort(all, nall, sizeof(*all), cmp_str);
	o->dict = xcalloc(nall + 1, sizeof(*o->dict));
	for (i = 0; i < nall; i++) {
		if (o->ndict && !strcmp(o->dict[o->ndict - 1], all[i]))
			free(all[i]);
		else
			o->dict[o->ndict++] = all[i];
	}
	for (i = 0; i < o->nsc; i++) {
		struct cscale *sc = &o->sc[i];

		sc->vid = xcalloc(sc->n + 1, sizeof(*sc->vid));
		sc->validx = xcalloc(sc->n + 1, sizeof(*sc->validx));
		sc->validvid = xcalloc(sc->n + 1, sizeof(*sc->validvid));
		for (j = 0; j < sc->n; j++) {
			lower_into(&sb, sc->values[j]);
			sc->vid[j] = dict_find(o, sb.buf);
			if (sc->valid[j]) {
				sc->validvid[sc->nvalid] = sc->vid[j];
				sc->validx[sc->nvalid++] = j;
			}
		}
		if (sc->nvalid > 1)
			qsort(sc->validvid, sc->nvalid, sizeof(*sc->validvid), cmp_u32);
		sc->sig = scale_sig(sc);
	}
out:
	free(all);
	strbuf_release(&sb);
	strbuf_release(&names);
	return rc;
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
		rc = qn_load(r, st, o->qn, err);
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
	struct csrc *src;        /* the questionnaires and answers (a reference) */
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

/*
 * The answers tables and the list of questions not compared are computed
 * tables (util/table.h): their rows are made when a writer reads them, from
 * this source, which the three tables share (counted references): both
 * rounds' questionnaires and summed answers, the compared questions with
 * their first rows and bases, and the questions not compared. A row is the
 * same as if it were stored.
 */
struct cpair {
	uint32_t now, then;      /* the question in each round */
	uint32_t canon;          /* its first spelling in this round, which its answers are summed under */
	size_t row0;             /* its first row in the answers tables */
	int64_t base[2][2];      /* valid answers [panel][then, now] */
};

struct cnc {
	size_t now, then;        /* the question in each round, or NONE */
};

struct csrc {
	atomic_int refs;
	struct cqn then, now;
	char *prev;              /* the earlier round's name */
	int min_base;            /* [report] min_base */
	char withheld[32];       /* what a withheld share says */
	uint32_t *then_vid;      /* this round's dictionary ids in the earlier round's, or NONE32 */
	struct cpair *pair;      /* the compared questions, in this questionnaire's order */
	size_t npair, paircap, rows;
	struct cnc *nc;          /* the questions not compared, in table order */
	size_t nnc, nccap;
};

static struct csrc *src_ref(struct csrc *s)
{
	atomic_fetch_add(&s->refs, 1);
	return s;
}

static void src_unref(void *p)
{
	struct csrc *s = p;

	if (!s || atomic_fetch_sub(&s->refs, 1) != 1)
		return;
	cqn_release(&s->then);
	cqn_release(&s->now);
	free(s->prev), free(s->then_vid), free(s->pair), free(s->nc);
	free(s);
}

static int cmp_group(const void *a, const void *b)
{
	const struct cgroup *x = a, *y = b;

	if (x->q != y->q)
		return x->q < y->q ? -1 : 1;
	return (x->v > y->v) - (x->v < y->v);
}

/* Sort the groups by question and value and sum the repeated ones. */
static void groups_compact(struct cqn *o)
{
	size_t i, w = 0;

	if (o->ng > 1)
		qsort(o->g, o->ng, sizeof(*o->g), cmp_group);
	for (i = 0; i < o->ng; i++) {
		if (w && !cmp_group(&o->g[w - 1], &o->g[i])) {
			o->g[w - 1].all += o->g[i].all;
			o->g[w - 1].panel += o->g[i].panel;
		} else {
			o->g[w++] = o->g[i];
		}
	}
	o->ng = w;
}

/*
 * Add n answers (of the panel's communities when panel) to question q with
 * value v. Rows come by community, so the same group comes again: the array
 * is compacted when full, and grows only when that leaves it half full, so
 * it stays within twice the groups there are.
 */
static void group_add(struct cqn *o, uint32_t q, uint32_t v, int64_t n, int panel)
{
	struct cgroup *g;

	if (o->ng == o->gcap && o->gcap) {
		groups_compact(o);
		if (o->ng > o->gcap / 2)
			XGROW(o->g, o->gcap, 2 * o->gcap);
	}
	XGROW(o->g, o->gcap, o->ng + 1);
	g = &o->g[o->ng++];
	g->q = q;
	g->v = v;
	g->all = n;
	g->panel = panel ? n : 0;
}

/*
 * Sum a round's answers to the questions compared by question and valid
 * value, of all its responding communities and of the panel's (the other
 * answers are in no row or base). Streamed: the groups are a few per
 * question, whatever the number of answers.
 */
static int aggregate(const struct cmp *m, struct store *st, struct cqn *o, struct scta_err *err)
{
	struct store_cursor *c = NULL;
	const struct cell *row;
	struct strbuf sb = STRBUF_INIT;
	int rc;

	rc = store_query(st, "compare_answers", m->r->params, AN_NPARAMS, &c, err);
	while (!rc && !(rc = store_cursor_next(c, &row, err)) && row) {
		size_t q = qfind(o, analysis_cell_str(&row[1]));
		uint32_t v;

		if (q == NONE || !o->used[q])
			continue;
		lower_into(&sb, analysis_cell_str(&row[2]));
		if ((v = dict_find(o, sb.buf)) == NONE32 || !valid_value(o, &o->q[q], v))
			continue;
		group_add(o, (uint32_t)q, v, analysis_cell_int(&row[3]),
			  in_list(m->panel, m->npanel, analysis_cell_str(&row[0])));
	}
	store_cursor_close(c);
	groups_compact(o);
	o->g = xrealloc(o->g, (o->ng + 1) * sizeof(*o->g));
	o->gcap = o->ng + 1;
	strbuf_release(&sb);
	return rc;
}

/* Answers to question q (its first spelling) with value id v, of all or of the panel's communities. */
static int64_t answers_of(const struct cqn *o, size_t q, uint32_t v, int panel)
{
	struct cgroup key, *hit;

	if (q == NONE || v == NONE32)
		return 0;
	key.q = (uint32_t)q;
	key.v = v;
	hit = o->ng ? bsearch(&key, o->g, o->ng, sizeof(*o->g), cmp_group) : NULL;
	return hit ? (panel ? hit->panel : hit->all) : 0;
}

static const char *scale_sig_of(const struct cqn *o, const struct cquestion *q)
{
	return q->scale == NONE32 ? "" : o->sc[q->scale].sig;
}

/* Why two rounds' questions are not compared, or NULL when they are. */
static const char *not_compared(const struct csrc *s, const struct cquestion *then,
				const struct cquestion *now)
{
	const char *t0 = qtype(&s->then, then), *t1 = qtype(&s->now, now);

	if (strcmp(t0, "choice") || strcmp(t1, "choice"))
		return strcmp(t0, t1) ? "the type of question changed" :
		       "not a choice question (only shares of answers are compared)";
	return strcmp(scale_sig_of(&s->then, then), scale_sig_of(&s->now, now)) ?
	       "the answer scale changed (its values or which of them are valid)" : NULL;
}

/* "yes, no, don't know" of a question's values, for the list of questions not compared. */
static void values_list(const struct cqn *o, const struct cquestion *q, struct strbuf *sb)
{
	const struct cscale *sc;
	size_t i;

	if (!q) {
		strbuf_adds(sb, "not asked");
		return;
	}
	if (q->scale == NONE32) {
		strbuf_adds(sb, qtype(o, q));
		return;
	}
	sc = &o->sc[q->scale];
	for (i = 0; i < sc->n; i++)
		strbuf_addf(sb, "%s%s", i ? ", " : "", sc->values[i]);
}

/*
 * Which questions are compared (with their rows) and which are not, and how
 * this round's values are known in the earlier one's dictionary: what the
 * computed tables' rows are made from. The compared questions are marked
 * used, for aggregate().
 */
static void src_plan(struct csrc *s)
{
	size_t i, j;

	s->now.used = xcalloc(s->now.nq + 1, 1);
	s->then.used = xcalloc(s->then.nq + 1, 1);
	s->then_vid = xcalloc(s->now.ndict + 1, sizeof(*s->then_vid));
	for (i = 0, j = 0; i < s->now.ndict; i++) {
		int c = 1;

		while (j < s->then.ndict && (c = strcmp(s->then.dict[j], s->now.dict[i])) < 0)
			j++;
		s->then_vid[i] = j < s->then.ndict && !c ? (uint32_t)j : NONE32;
	}
	for (i = 0; i < s->now.nq; i++) {
		const struct cquestion *n = &s->now.q[i];
		size_t p = qfind(&s->then, qid(&s->now, n));
		struct cpair *pr;

		if (p == NONE || not_compared(s, &s->then.q[p], n)) {
			XGROW(s->nc, s->nccap, s->nnc + 1);
			s->nc[s->nnc].now = i;
			s->nc[s->nnc++].then = p;
			continue;
		}
		XGROW(s->pair, s->paircap, s->npair + 1);
		pr = &s->pair[s->npair++];
		memset(pr, 0, sizeof(*pr));
		pr->now = (uint32_t)i;
		pr->then = (uint32_t)p;
		pr->canon = (uint32_t)qfind(&s->now, qid(&s->now, n));
		pr->row0 = s->rows;
		s->then.used[pr->then] = s->now.used[pr->canon] = 1;
		if (n->scale != NONE32)
			s->rows += s->now.sc[n->scale].nvalid;
	}
	for (i = 0; i < s->then.nq; i++) {
		if (qfind(&s->now, qid(&s->then, &s->then.q[i])) != NONE)
			continue;
		XGROW(s->nc, s->nccap, s->nnc + 1);
		s->nc[s->nnc].now = NONE;
		s->nc[s->nnc++].then = i;
	}
	/* Held to size: they last as long as the tables. */
	s->pair = xrealloc(s->pair, (s->npair + 1) * sizeof(*s->pair));
	s->paircap = s->npair + 1;
	s->nc = xrealloc(s->nc, (s->nnc + 1) * sizeof(*s->nc));
	s->nccap = s->nnc + 1;
}

/* The bases of the compared questions, once both rounds' answers are summed. */
static void src_bases(struct csrc *s)
{
	size_t i, k;
	int panel;

	for (i = 0; i < s->npair; i++) {
		struct cpair *pr = &s->pair[i];
		const struct cquestion *n = &s->now.q[pr->now];
		const struct cscale *sc;

		if (n->scale == NONE32)
			continue;
		sc = &s->now.sc[n->scale];
		for (k = 0; k < sc->nvalid; k++) {
			uint32_t v = sc->vid[sc->validx[k]];
			uint32_t tv = v == NONE32 ? NONE32 : s->then_vid[v];

			for (panel = 0; panel < 2; panel++) {
				pr->base[panel][0] += answers_of(&s->then, pr->then, tv, panel);
				pr->base[panel][1] += answers_of(&s->now, pr->canon, v, panel);
			}
		}
	}
}

/* Row `row` of the questions not compared: Question, Answers then, Answers now, Reason. */
static void nc_fill(const void *ctx, size_t row, struct cell *o)
{
	const struct csrc *s = ctx;
	const struct cnc *x = &s->nc[row];
	const struct cquestion *p = x->then == NONE ? NULL : &s->then.q[x->then];
	const struct cquestion *n = x->now == NONE ? NULL : &s->now.q[x->now];
	struct strbuf sb = STRBUF_INIT;

	cell_text(&o[0], n ? qid(&s->now, n) : qid(&s->then, p));
	values_list(&s->then, p, &sb);
	cell_text(&o[1], sb.buf);
	strbuf_reset(&sb);
	values_list(&s->now, n, &sb);
	cell_text(&o[2], sb.buf);
	strbuf_reset(&sb);
	if (!n)
		strbuf_adds(&sb, "not asked in this report's questionnaire");
	else if (!p)
		strbuf_addf(&sb, "not asked in %s", s->prev);
	else
		strbuf_adds(&sb, not_compared(s, p, n));
	cell_text(&o[3], sb.buf);
	strbuf_release(&sb);
}

static void not_compared_table(struct cmp *m, int64_t *compared, int64_t *listed)
{
	struct table *t;
	struct strbuf title = STRBUF_INIT;

	strbuf_addf(&title, "Questions not compared with %s", m->prev);
	t = analysis_table_new("changes_not_compared", title.buf, "changes", m->source);
	table_add_col(t, "Question", CELL_TEXT);
	table_add_col(t, "Answers then", CELL_TEXT);
	table_add_col(t, "Answers now", CELL_TEXT);
	table_add_col(t, "Reason", CELL_TEXT);
	table_set_rows(t, m->src->nnc, nc_fill, src_ref(m->src), src_unref);
	*compared = (int64_t)m->src->npair;
	*listed = (int64_t)t->nrows;
	table_set_base(t, "n = %s", analysis_count(m->r, (int64_t)t->nrows, "question not compared",
						   "questions not compared"));
	table_add_note(t, "A question is compared when both questionnaires ask it (the same id) as a "
		       "choice question with the same answer values and the same valid answers; "
		       "labels may differ.");
	analysis_add_table(m->r, t);
	strbuf_release(&title);
}

/* A share of den, withheld below the minimum base as analysis withholds a stored table's. */
static void pct_cell(const struct csrc *s, struct cell *c, int64_t num, int64_t den)
{
	cell_pct(c, num, den);
	if (c->kind == CELL_PCT && s->min_base > 1 && c->i > 0 && c->i < s->min_base)
		cell_text(c, s->withheld);
}

/* A change in percentage points, one decimal; withheld like its shares below the minimum base. */
static void pp_cell(const struct csrc *s, struct cell *c, int64_t num0, int64_t den0, int64_t num1,
		    int64_t den1)
{
	if (den0 <= 0 || den1 <= 0)
		return;
	if (s->min_base > 1 && (den0 < s->min_base || den1 < s->min_base)) {
		cell_text(c, s->withheld);
		return;
	}
	cell_real(c, round(((double)num1 / (double)den1 - (double)num0 / (double)den0) * 1000.0) /
		  10.0);
}

/*
 * Row `row` of an answers table: Question, Answer, Percent then, Valid
 * answers then, Percent now, Valid answers now, Change: a valid value of a
 * compared question.
 */
static void answers_fill(const struct csrc *s, size_t row, struct cell *o, int panel)
{
	const struct cpair *pr;
	const struct cquestion *n;
	const struct cscale *sc;
	size_t lo = 0, hi = s->npair, j;
	uint32_t v, tv;
	int64_t c0, c1, b0, b1;

	/* The question: the last whose first row is at or before row (not one with no rows). */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->pair[mid].row0 <= row)
			lo = mid;
		else
			hi = mid;
	}
	pr = &s->pair[lo];
	n = &s->now.q[pr->now];
	sc = &s->now.sc[n->scale];
	j = sc->validx[row - pr->row0];
	v = sc->vid[j];
	tv = v == NONE32 ? NONE32 : s->then_vid[v];
	c0 = answers_of(&s->then, pr->then, tv, panel);
	c1 = answers_of(&s->now, pr->canon, v, panel);
	b0 = pr->base[panel][0];
	b1 = pr->base[panel][1];
	cell_text(&o[0], qid(&s->now, n));
	cell_text(&o[1], sc->labels[j]);
	pct_cell(s, &o[2], c0, b0);
	cell_int(&o[3], b0);
	pct_cell(s, &o[4], c1, b1);
	cell_int(&o[5], b1);
	pp_cell(s, &o[6], c0, b0, c1, b1);
}

static void answers_fill_all(const void *ctx, size_t row, struct cell *o)
{
	answers_fill(ctx, row, o, 0);
}

static void answers_fill_panel(const void *ctx, size_t row, struct cell *o)
{
	answers_fill(ctx, row, o, 1);
}

/* 1 when a share of the answers table is withheld ([report] min_base). */
static int answers_withheld(const struct csrc *s, int panel)
{
	size_t i, k;

	for (i = 0; s->min_base > 1 && i < s->npair; i++) {
		const struct cpair *pr = &s->pair[i];
		const struct cquestion *n = &s->now.q[pr->now];

		if (n->scale == NONE32 || !s->now.sc[n->scale].nvalid)
			continue;
		for (k = 0; k < 2; k++)
			if (pr->base[panel][k] > 0 && pr->base[panel][k] < s->min_base)
				return 1;
	}
	return 0;
}

/* Each compared question's valid answers then and now (panel: communities in both rounds). */
static void answers_table(struct cmp *m, int panel)
{
	struct table *t;
	struct strbuf title = STRBUF_INIT;

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
	table_set_rows(t, m->src->rows, panel ? answers_fill_panel : answers_fill_all,
		       src_ref(m->src), src_unref);
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
		       "table of questions not compared.", analysis_count(m->r, (int64_t)m->src->npair,
									 "question is", "questions are"));
	analysis_note_rounding(t);
	/* A computed table withholds in its rows; the note analysis adds to a stored one. */
	if (answers_withheld(m->src, panel))
		analysis_note_withheld(m->r->cfg, t);
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
	pp_cell(m->src, &o[3], m->then.responded, m->then.communities, m->now.responded,
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
	m.src = xcalloc(1, sizeof(*m.src));
	atomic_init(&m.src->refs, 1);
	m.src->min_base = r->cfg->report.min_base;
	analysis_withheld_text(r->cfg, m.src->withheld, sizeof(m.src->withheld));
	m.then.qn = &m.src->then;
	m.now.qn = &m.src->now;
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
	m.src->prev = xstrdup(m.prev);
	src_plan(m.src);
	if ((rc = aggregate(&m, prev, &m.src->then, err)) ||
	    (rc = aggregate(&m, r->st, &m.src->now, err)))
		goto out;
	src_bases(m.src);
	/* What only finding questions needed: the rows are made from indexes. */
	for (i = 0; i < 2; i++) {
		struct cqn *o = i ? &m.src->now : &m.src->then;

		free(o->ord), free(o->used);
		o->ord = NULL;
		o->used = NULL;
	}
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
	src_unref(m.src);
	free(m.panel);
	free(m.prev);
	free(m.prev_date);
	free(m.prev_shown);
	free(m.source);
	return rc;
}
