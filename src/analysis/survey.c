/*
 * survey.c - the questionnaire: coverage, item non-response, and the
 * answers to every question, topic by topic.
 *
 * The universe is the responses from U.S. communities that have at least
 * one partnership in scope (community key match); responses from other
 * communities are counted in the coverage table and left out of the rest.
 * With [scope] respondents = all the universe is every response, and the
 * response rate stays that of the communities with partnerships in scope.
 * The answers are aggregated by the store in one GROUP BY (question,
 * value); the numbers of count and amount questions are read once, in
 * order, for their totals and medians.
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

/* One (question, value) group of the universe's answers. */
struct acount {
	char *qid, *value;
	int64_t n;
};

/* The numbers given to one count or amount question. */
struct numstat {
	int64_t n;
	double total, median;
};

struct survey {
	struct acount *a;
	size_t na, cap;
	struct numstat *num;      /* by question index in the questionnaire */
	const struct question *q0;   /* the questionnaire's first question */
	int64_t excluded_responses, excluded_answers;
	int64_t other_responses;   /* counted, from communities with no partnership in scope */
};

static void survey_release(struct survey *s)
{
	size_t i;

	for (i = 0; i < s->na; i++) {
		free(s->a[i].qid);
		free(s->a[i].value);
	}
	free(s->a);
	free(s->num);
}

static int load_counts(struct an_run *r, struct survey *s, struct scta_err *err)
{
	struct store_cursor *c = NULL;
	const struct cell *row;
	struct acount *a;
	int rc;

	FOR_ROWS(r, "answer_counts", c, row, rc, err) {
		XGROW(s->a, s->cap, s->na + 1);
		a = &s->a[s->na++];
		a->qid = xstrdup(analysis_cell_str(&row[0]));
		a->value = xstrdup(analysis_cell_str(&row[1]));
		a->n = analysis_cell_int(&row[2]);
		r->answers += a->n;
	}
	store_cursor_close(c);
	return rc;
}

/* The groups of question qid: [*first, *first + return value). Rows are sorted by qid. */
static size_t groups_of(const struct survey *s, const char *qid, size_t *first)
{
	size_t lo = 0, hi = s->na, n = 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(s->a[mid].qid, qid) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	while (lo + n < s->na && !strcmp(s->a[lo + n].qid, qid))
		n++;
	return n;
}

static int64_t answered(const struct survey *s, const char *qid)
{
	size_t first, n = groups_of(s, qid, &first), i;
	int64_t sum = 0;

	for (i = 0; i < n; i++)
		sum += s->a[first + i].n;
	return sum;
}

static int coverage(struct an_run *r, struct survey *s, struct scta_err *err)
{
	struct table *t = analysis_table_new("coverage", "Questionnaire coverage", "survey", r->src_both);
	struct store_cursor *c = NULL;
	const struct cell *row;
	struct cell *o;
	char buf[32];
	int rc;

	rc = analysis_query(r, "coverage", &c, err);
	if (!rc)
		rc = store_cursor_next(c, &row, err);
	if (!rc && row) {
		r->responded = analysis_cell_int(&row[1]);
		r->responses = analysis_cell_int(&row[2]);
		/* r->answers was summed from the answer counts of the same universe. */
		s->excluded_responses = analysis_cell_int(&row[3]) - r->responses;
		s->excluded_answers = analysis_cell_int(&row[4]) - r->answers;
		r->responded_scope = analysis_cell_int(&row[5]);
		s->other_responses = analysis_cell_int(&row[6]);
		r->responded_other = analysis_cell_int(&row[7]);
	}
	store_cursor_close(c);
	table_add_col(t, "Measure", CELL_TEXT);
	table_add_col(t, "Value", CELL_INT);
	o = table_add_row(t);
	cell_text(&o[0], "U.S. communities with partnerships in scope");
	cell_int(&o[1], r->communities);
	o = table_add_row(t);
	cell_text(&o[0], "Communities that responded");
	cell_int(&o[1], r->responded_scope);
	o = table_add_row(t);
	cell_text(&o[0], "Response rate");
	cell_pct(&o[1], r->responded_scope, r->communities);
	o = table_add_row(t);
	cell_text(&o[0], "Responses received");
	cell_int(&o[1], r->responses);
	o = table_add_row(t);
	cell_text(&o[0], "Answers received");
	cell_int(&o[1], r->answers);
	if (r->cfg->scope.respondents_all) {
		o = table_add_row(t);
		cell_text(&o[0], "Communities with no partnership in scope that responded (counted)");
		cell_int(&o[1], r->responded_other);
		o = table_add_row(t);
		cell_text(&o[0], "Responses from communities with no partnership in scope (counted)");
		cell_int(&o[1], s->other_responses);
	} else {
		o = table_add_row(t);
		cell_text(&o[0], "Responses from communities with no partnership in scope (not analyzed)");
		cell_int(&o[1], s->excluded_responses);
	}
	table_set_base(t, "n = %s", analysis_count(r, r->communities, "U.S. community with "
						   "partnerships in scope", "U.S. communities with "
						   "partnerships in scope"));
	table_add_note(t, "A U.S. community (a state and a community name) is in the questionnaire's "
		       "universe when it has at least one partnership in scope. The response rate is "
		       "the share of those communities that sent at least one response.");
	analysis_note_scope(r, t);
	if (r->cfg->scope.respondents_all)
		table_add_note(t, "Every responding U.S. community is counted in the questionnaire "
			       "tables, whether or not it has a partnership in scope ([scope] respondents "
			       "= all): responses and answers received are those of all %s; the response "
			       "rate is that of the communities with partnerships in scope.",
			       analysis_count(r, r->responded, "responding community",
					      "responding communities"));
	else if (s->excluded_responses)
		table_add_note(t, "%s response%s (%lld answer%s) came from communities with no "
			       "partnership in scope and %s left out of every questionnaire table.",
			       analysis_num(s->excluded_responses, buf),
			       s->excluded_responses == 1 ? "" : "s", (long long)s->excluded_answers,
			       s->excluded_answers == 1 ? "" : "s",
			       s->excluded_responses == 1 ? "is" : "are");
	analysis_add_table(r, t);
	return rc;
}

static int coverage_by_state(struct an_run *r, struct scta_err *err)
{
	struct table *t = analysis_table_new("coverage_by_state", "Questionnaire coverage by state",
					     "survey", r->src_both);
	struct store_cursor *c = NULL;
	const struct cell *row;
	struct cell *o;
	int rc;

	table_add_col(t, "State", CELL_TEXT);
	table_add_col(t, "Communities in scope", CELL_INT);
	table_add_col(t, "Responded", CELL_INT);
	table_add_col(t, "Response rate", CELL_PCT);
	FOR_ROWS(r, "coverage_by_state", c, row, rc, err) {
		o = table_add_row(t);
		cell_text(&o[0], analysis_cell_str(&row[0]));
		cell_int(&o[1], analysis_cell_int(&row[1]));
		cell_int(&o[2], analysis_cell_int(&row[2]));
		cell_pct(&o[3], analysis_cell_int(&row[2]), analysis_cell_int(&row[1]));
	}
	store_cursor_close(c);
	o = table_add_row(t);
	cell_text(&o[0], "Total");
	cell_int(&o[1], r->communities);
	cell_int(&o[2], r->responded_scope);
	cell_pct(&o[3], r->responded_scope, r->communities);
	t->has_total = 1;
	table_set_base(t, "n = %s", analysis_count(r, r->communities, "U.S. community with "
						   "partnerships in scope", "U.S. communities with "
						   "partnerships in scope"));
	table_add_note(t, "The response rate of each state is of that state's communities with "
		       "partnerships in scope.");
	analysis_add_table(r, t);
	return rc;
}

/* Item non-response, a computed table (a row per question): what its rows are made from. */
struct inr_src {
	const struct questionnaire *q;   /* borrowed */
	int64_t *answered;               /* by question index */
	int64_t responses;
	int min_base;
	char withheld[32];
};

static void inr_free(void *p)
{
	struct inr_src *x = p;

	if (x)
		free(x->answered);
	free(x);
}

static void inr_fill(const void *ctx, size_t row, struct cell *o)
{
	const struct inr_src *x = ctx;
	const struct question *qu = &x->q->questions[row];
	int64_t n = x->answered[row];

	cell_text(&o[0], qu->id);
	cell_text(&o[1], questionnaire_topic_title(x->q, qu->topic));
	cell_text(&o[2], qu->text);
	cell_int(&o[3], x->responses);
	cell_int(&o[4], n);
	cell_int(&o[5], x->responses - n);
	cell_pct(&o[6], x->responses - n, x->responses);
	if (o[6].kind == CELL_PCT && x->min_base > 1 && o[6].i > 0 && o[6].i < x->min_base)
		cell_text(&o[6], x->withheld);
}

static void item_nonresponse(struct an_run *r, const struct survey *s)
{
	struct table *t = analysis_table_new("item_nonresponse", "Item non-response by question",
					     "survey", r->src_resp);
	const struct questionnaire *q = r->q;
	struct inr_src *x = xcalloc(1, sizeof(*x));
	size_t i;
	char nb[32];

	table_add_col(t, "Question ID", CELL_TEXT);
	table_add_col(t, "Topic", CELL_TEXT);
	table_add_col(t, "Question", CELL_TEXT);
	table_add_col(t, "Responses", CELL_INT);
	table_add_col(t, "Answered", CELL_INT);
	table_add_col(t, "Missing", CELL_INT);
	table_add_col(t, "Percent missing", CELL_PCT);
	x->q = q;
	x->answered = xcalloc(q->nquestions + 1, sizeof(*x->answered));
	x->responses = r->responses;
	x->min_base = r->cfg->report.min_base;
	analysis_withheld_text(r->cfg, x->withheld, sizeof(x->withheld));
	for (i = 0; i < q->nquestions; i++)
		x->answered[i] = answered(s, q->questions[i].id);
	table_set_rows(t, q->nquestions, inr_fill, x, inr_free);
	table_set_base(t, "n = %s from %s %s", analysis_count(r, r->responses, "response", "responses"),
		       analysis_num(r->responded, nb), analysis_universe(r, r->responded));
	table_add_note(t, "A question counts as answered when the response gives any answer to it, "
		       "including \"don't know\" or \"not applicable\".");
	/* A computed table withholds in its rows: the note analysis_add_table would add. */
	if (q->nquestions && x->min_base > 1 && x->responses > 0 && x->responses < x->min_base)
		analysis_note_withheld(r->cfg, t);
	analysis_add_table(r, t);
}

static double num_of(const struct cell *c)
{
	return c->kind == CELL_INT ? (double)c->i : c->d;
}

/* Close the group of question qi: count, total and median of its sorted numbers. */
static void num_group(struct survey *s, int qi, const double *v, size_t n)
{
	struct numstat *ns;
	size_t i;

	if (qi < 0 || !n)
		return;
	ns = &s->num[qi];
	ns->n = (int64_t)n;
	for (ns->total = 0, i = 0; i < n; i++)
		ns->total += v[i];
	ns->median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/*
 * One pass over the numbers of every count and amount question, sorted by
 * question then value: only the current question's numbers are held.
 */
static int load_numbers(struct an_run *r, struct survey *s, struct scta_err *err)
{
	const struct questionnaire *q = r->q;
	struct strbuf ids = STRBUF_INIT, cur = STRBUF_INIT;
	struct store_cursor *c = NULL;
	const struct cell *row;
	double *v = NULL;
	size_t nv = 0, cap = 0, i;
	int rc = 0, qi = -1;

	s->num = xcalloc(q->nquestions + 1, sizeof(*s->num));
	for (i = 0; i < q->nquestions; i++) {
		if (q->questions[i].type != QTYPE_COUNT && q->questions[i].type != QTYPE_AMOUNT)
			continue;
		if (ids.len)
			strbuf_addch(&ids, '\n');
		strbuf_adds(&ids, q->questions[i].id);
	}
	if (!ids.len)
		goto out;
	cell_text(&r->params[3], ids.buf);
	FOR_ROWS(r, "answer_nums", c, row, rc, err) {
		const char *qid = analysis_cell_str(&row[0]);

		if (!nv || strcmp(cur.buf, qid)) {
			num_group(s, qi, v, nv);
			nv = 0;
			strbuf_reset(&cur);
			strbuf_adds(&cur, qid);
			qi = -1;
			for (i = 0; i < q->nquestions; i++)
				if (!strcmp(q->questions[i].id, qid))
					qi = (int)i;
		}
		XGROW(v, cap, nv + 1);
		v[nv++] = num_of(&row[1]);
	}
	if (!rc)
		num_group(s, qi, v, nv);
	store_cursor_close(c);
	cell_clear(&r->params[3]);
out:
	free(v);
	strbuf_release(&ids);
	strbuf_release(&cur);
	return rc;
}

/*
 * The answers tables are computed tables (util/table.h): a questionnaire of
 * 10,000 questions on a 150-value scale has 1.5 million answer rows, which
 * are made when a writer reads them, from what is held here: per question
 * its groups of answers (a count per value given) and its numbers. The
 * rows are the same as if they were stored.
 */

/* One value given to one question, and how many times. */
struct ans_group {
	int64_t n;
	int vidx;            /* index in the question's scale; -1: not in the scale */
	char *value;         /* the value as given, when not in the scale (owned) */
};

/* One question of an answers table (or row of an answers chart). */
struct ans_question {
	const struct question *qu;   /* borrowed from the questionnaire */
	size_t row0;                 /* its first row */
	size_t g0, nin, nout;        /* its groups: nin in the scale by vidx, then nout not */
	int64_t valid;               /* valid answers (choice) */
	int64_t all;                 /* answers given (count and amount) */
	struct numstat num;          /* count and amount */
};

struct ans_src {
	struct ans_question *q;
	size_t nq, qcap;
	struct ans_group *g;
	size_t ng, gcap;
	int min_base;                /* [report] min_base */
	char withheld[32];           /* what a withheld percentage says */
};

static void ans_src_free(void *p)
{
	struct ans_src *a = p;
	size_t i;

	if (!a)
		return;
	for (i = 0; i < a->ng; i++)
		free(a->g[i].value);
	free(a->g);
	free(a->q);
	free(a);
}

static struct ans_src *ans_src_new(const struct an_run *r)
{
	struct ans_src *a = xcalloc(1, sizeof(*a));

	a->min_base = r->cfg->report.min_base;
	analysis_withheld_text(r->cfg, a->withheld, sizeof(a->withheld));
	return a;
}

static int group_cmp(const void *x, const void *y)
{
	const struct ans_group *a = x, *b = y;

	return (a->vidx > b->vidx) - (a->vidx < b->vidx);
}

/* Add question qu with its answers; returns it. */
static struct ans_question *ans_add(struct ans_src *a, const struct survey *s,
				    const struct question *qu, size_t row0)
{
	struct ans_question *aq;
	size_t first, ng = groups_of(s, qu->id, &first), k, w;
	int idx;

	XGROW(a->q, a->qcap, a->nq + 1);
	aq = &a->q[a->nq++];
	memset(aq, 0, sizeof(*aq));
	aq->qu = qu;
	aq->row0 = row0;
	aq->g0 = a->ng;
	if (qu->type == QTYPE_COUNT || qu->type == QTYPE_AMOUNT) {
		aq->num = s->num[qu - s->q0];
		aq->all = answered(s, qu->id);
		return aq;
	}
	/* The values of the scale, by index, one group each (spellings summed). */
	for (k = 0; k < ng; k++) {
		idx = scale_find(qu->scale, s->a[first + k].value);
		if (idx < 0)
			continue;
		XGROW(a->g, a->gcap, a->ng + 1);
		a->g[a->ng].n = s->a[first + k].n;
		a->g[a->ng].vidx = idx;
		a->g[a->ng++].value = NULL;
		if (qu->scale->valid[idx])
			aq->valid += s->a[first + k].n;
	}
	if (a->ng > aq->g0)
		qsort(a->g + aq->g0, a->ng - aq->g0, sizeof(*a->g), group_cmp);
	for (w = aq->g0, k = aq->g0; k < a->ng; k++) {
		if (w > aq->g0 && a->g[w - 1].vidx == a->g[k].vidx)
			a->g[w - 1].n += a->g[k].n;
		else
			a->g[w++] = a->g[k];
	}
	a->ng = w;
	aq->nin = a->ng - aq->g0;
	/* Answers stored under an earlier questionnaire may be outside today's scale: shown, never dropped. */
	for (k = 0; k < ng; k++) {
		if (scale_find(qu->scale, s->a[first + k].value) >= 0)
			continue;
		XGROW(a->g, a->gcap, a->ng + 1);
		a->g[a->ng].n = s->a[first + k].n;
		a->g[a->ng].vidx = -1;
		a->g[a->ng++].value = xstrdup(s->a[first + k].value);
		aq->nout++;
	}
	return aq;
}

/* How many answers question aq has of value vidx of its scale. */
static int64_t ans_count(const struct ans_src *a, const struct ans_question *aq, size_t vidx)
{
	size_t lo = aq->g0, hi = aq->g0 + aq->nin;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if ((size_t)a->g[mid].vidx < vidx)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < aq->g0 + aq->nin && (size_t)a->g[lo].vidx == vidx ? a->g[lo].n : 0;
}

/* A percentage of `den` valid answers, withheld below the minimum base. */
static void ans_pct(const struct ans_src *a, struct cell *c, int64_t num, int64_t den)
{
	cell_pct(c, num, den);
	if (c->kind == CELL_PCT && a->min_base > 1 && c->i > 0 && c->i < a->min_base)
		cell_text(c, a->withheld);
}

/* A question's rows in an answers table. */
static size_t ans_rows(const struct ans_question *aq)
{
	if (aq->qu->type == QTYPE_COUNT || aq->qu->type == QTYPE_AMOUNT)
		return 4 + (aq->all > aq->num.n);
	return aq->qu->scale->n + aq->nout;
}

/* Row `row` of an answers table: Question ID, Question, Answer, Count, Percent, Valid (n). */
static void ans_fill(const void *ctx, size_t row, struct cell *o)
{
	static const char *const numlab[] = { "Responses", "Total", "Median", "Mean",
					      "Answers that are not numbers" };
	const struct ans_src *a = ctx;
	const struct ans_question *aq;
	const struct numstat *ns;
	size_t lo = 0, hi = a->nq, k;
	char label[160];

	/* The question: the last whose first row is at or before row. */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (a->q[mid].row0 <= row)
			lo = mid;
		else
			hi = mid;
	}
	aq = &a->q[lo];
	k = row - aq->row0;
	cell_text(&o[0], aq->qu->id);
	cell_text(&o[1], aq->qu->text);
	if (aq->qu->type == QTYPE_CHOICE) {
		const struct scale *sc = aq->qu->scale;

		if (k < sc->n) {
			cell_text(&o[2], sc->labels[k]);
			cell_int(&o[3], ans_count(a, aq, k));
			if (sc->valid[k])
				ans_pct(a, &o[4], o[3].i, aq->valid);
		} else {
			const struct ans_group *g = &a->g[aq->g0 + aq->nin + (k - sc->n)];

			snprintf(label, sizeof(label), "%s (not in the scale)", g->value);
			cell_text(&o[2], label);
			cell_int(&o[3], g->n);
		}
		cell_int(&o[5], aq->valid);
		return;
	}
	ns = &aq->num;
	cell_text(&o[2], numlab[k]);
	switch (k) {
	case 0:
		cell_int(&o[3], ns->n);
		break;
	case 1:
		if (aq->qu->type == QTYPE_COUNT)
			cell_int(&o[3], (int64_t)ns->total);
		else
			cell_real(&o[3], ns->total);
		break;
	case 2:
		if (ns->n)
			cell_real(&o[3], ns->median);
		break;
	case 3:
		if (ns->n)
			cell_real(&o[3], ns->total / (double)ns->n);
		break;
	default:
		cell_int(&o[3], aq->all - ns->n);
	}
	cell_int(&o[5], ns->n);
}

/* Row `row` of an answers chart: Question, a percent per valid value of the scale, Valid (n). */
static void chart_fill(const void *ctx, size_t row, struct cell *o)
{
	const struct ans_src *a = ctx;
	const struct ans_question *aq = &a->q[row];
	const struct scale *sc = aq->qu->scale;
	size_t j, k;

	cell_text(&o[0], aq->qu->label ? aq->qu->label : aq->qu->id);
	for (k = 1, j = 0; j < sc->n; j++)
		if (sc->valid[j])
			ans_pct(a, &o[k++], ans_count(a, aq, j), aq->valid);
	cell_int(&o[k], aq->valid);
}

/* 1 when a question of a's has a percentage withheld ([report] min_base). */
static int ans_withheld(const struct ans_src *a)
{
	size_t i;

	for (i = 0; a->min_base > 1 && i < a->nq; i++)
		if (a->q[i].qu->type == QTYPE_CHOICE && a->q[i].valid > 0 &&
		    a->q[i].valid < a->min_base)
			return 1;
	return 0;
}
static void answers_topic(struct an_run *r, const struct survey *s, const char *topic)
{
	const struct questionnaire *q = r->q;
	struct strbuf id = STRBUF_INIT, title = STRBUF_INIT;
	struct table *t;
	struct ans_src *a;
	size_t i, nchoice = 0, nnum = 0, ntext = 0, rows = 0;
	char nb[32];

	/*
	 * A topic the questionnaire does not ask about, or asks about in free
	 * text only (listed in the responses detail), has no table; templates
	 * test for it.
	 */
	if (!questionnaire_topic_count(q, topic, TOPIC_TABULATED))
		return;
	strbuf_addf(&id, "answers_%s", topic);
	strbuf_addf(&title, "Answers on %s", questionnaire_topic_title(q, topic));
	t = analysis_table_new(id.buf, title.buf, topic, r->src_resp);
	table_add_col(t, "Question ID", CELL_TEXT);
	table_add_col(t, "Question", CELL_TEXT);
	table_add_col(t, "Answer", CELL_TEXT);
	table_add_col(t, "Count", CELL_INT);
	table_add_col(t, "Percent of valid answers", CELL_PCT);
	table_add_col(t, "Valid answers (n)", CELL_INT);
	a = ans_src_new(r);
	for (i = 0; i < q->nquestions; i++) {
		const struct question *qu = &q->questions[i];

		if (strcmp(qu->topic, topic))
			continue;
		if (qu->type == QTYPE_CHOICE && qu->scale) {
			rows += ans_rows(ans_add(a, s, qu, rows));
			nchoice++;
		} else if (qu->type == QTYPE_COUNT || qu->type == QTYPE_AMOUNT) {
			rows += ans_rows(ans_add(a, s, qu, rows));
			nnum++;
		} else {
			ntext++;
		}
	}
	table_set_rows(t, rows, ans_fill, a, ans_src_free);
	table_set_base(t, "n = valid answers to each question (last column), from %s of %s %s",
		       analysis_count(r, r->responses, "response", "responses"),
		       analysis_num(r->responded, nb), analysis_universe(r, r->responded));
	analysis_note_respondents(r, t);
	if (nchoice) {
		struct strbuf ob = STRBUF_INIT;

		/* Named from the scales, e.g. "Don't know and Not applicable answers". */
		questionnaire_out_of_base(q, topic, &ob);
		if (ob.len)
			table_add_note(t, "%s answers (the answers outside the valid answers of the "
				       "question's scale) are shown but excluded from the base of "
				       "percentages.", ob.buf);
		strbuf_release(&ob);
		analysis_note_rounding(t);
	}
	if (nnum)
		table_add_note(t, "For questions that ask for a number, the rows give the number of "
			       "responses that gave one and the total, median, and mean of the numbers.");
	if (ntext)
		table_add_note(t, "%zu free-text question%s on this topic %s listed in the responses "
			       "detail, not here.", ntext, ntext == 1 ? "" : "s", ntext == 1 ? "is" : "are");
	if (!nchoice && !nnum)
		table_add_note(t, "The questionnaire has no choice or number questions on this topic.");
	if (ans_withheld(a))
		analysis_note_withheld(r->cfg, t);
	analysis_add_table(r, t);
	strbuf_release(&id);
	strbuf_release(&title);
}

/* The scale most choice questions of the topic use (the first such on a tie), or NULL. */
static const struct scale *main_scale(const struct questionnaire *q, const char *topic)
{
	const struct scale *best = NULL;
	size_t i, j, n, bestn = 0;

	for (i = 0; i < q->nquestions; i++) {
		const struct question *qi = &q->questions[i];

		if (strcmp(qi->topic, topic) || qi->type != QTYPE_CHOICE || !qi->scale)
			continue;
		for (n = 0, j = 0; j < q->nquestions; j++)
			if (!strcmp(q->questions[j].topic, topic) && q->questions[j].type == QTYPE_CHOICE &&
			    q->questions[j].scale == qi->scale)
				n++;
		if (n > bestn) {
			best = qi->scale;
			bestn = n;
		}
	}
	return best;
}

static void answers_chart(struct an_run *r, const struct survey *s, const char *topic)
{
	const struct questionnaire *q = r->q;
	const struct scale *sc = main_scale(q, topic);
	struct strbuf id = STRBUF_INIT, title = STRBUF_INIT;
	struct table *t;
	struct ans_src *a;
	size_t i, j, nvalid = 0, other = 0;
	char nb[32];

	/* No choice question on the topic: no chart, so no table (templates test it). */
	if (!sc)
		return;
	strbuf_addf(&id, "answers_chart_%s", topic);
	strbuf_addf(&title, "%s: distribution of valid answers", questionnaire_topic_title(q, topic));
	t = analysis_table_new(id.buf, title.buf, topic, r->src_resp);
	table_add_col(t, "Question", CELL_TEXT);   /* its short label: the chart's category */
	for (i = 0; sc && i < sc->n; i++)
		if (sc->valid[i]) {
			table_add_col(t, sc->labels[i], CELL_PCT);
			nvalid++;
		}
	table_add_col(t, "Valid answers (n)", CELL_INT);
	a = ans_src_new(r);
	for (i = 0; sc && i < q->nquestions; i++) {
		const struct question *qu = &q->questions[i];

		if (strcmp(qu->topic, topic) || qu->type != QTYPE_CHOICE || !qu->scale)
			continue;
		if (qu->scale != sc) {
			other++;
			continue;
		}
		(void)ans_add(a, s, qu, a->nq);
	}
	table_set_rows(t, a->nq, chart_fill, a, ans_src_free);
	if (nvalid) {
		t->chart = CHART_STACKED;
		t->chart_col = 1;
		t->chart_ncols = nvalid;
	}
	table_set_base(t, "n = valid answers to each question (last column), from %s of %s %s",
		       analysis_count(r, r->responses, "response", "responses"),
		       analysis_num(r->responded, nb), analysis_universe(r, r->responded));
	{
		struct strbuf ob = STRBUF_INIT;
		size_t nout = 0, seen = 0;

		for (j = 0; j < sc->n; j++)
			nout += !sc->valid[j];
		for (j = 0; j < sc->n; j++) {
			if (sc->valid[j])
				continue;
			if (seen++)
				strbuf_adds(&ob, seen == nout ? " and " : ", ");
			strbuf_adds(&ob, sc->labels[j]);
		}
		if (ob.len)
			table_add_note(t, "Percentages are of valid answers; %s answers are excluded "
				       "from the base.", ob.buf);
		else
			table_add_note(t, "Percentages are of all answers.");
		strbuf_release(&ob);
		analysis_note_rounding(t);
	}
	if (other)
		table_add_note(t, "%zu question%s on this topic with another answer scale %s shown in "
			       "the answers table only.", other, other == 1 ? "" : "s",
			       other == 1 ? "is" : "are");
	if (ans_withheld(a))
		analysis_note_withheld(r->cfg, t);
	analysis_add_table(r, t);
	strbuf_release(&id);
	strbuf_release(&title);
}

/* The response rate in words, right for none, one and many, and below the minimum base. */
static void response_sentence(struct an_run *r)
{
	struct strbuf sb = STRBUF_INIT;
	char a[96], b[32];

	if (r->communities == 0) {
		strbuf_adds(&sb, "No U.S. community has a partnership in scope, so no questionnaire "
			    "answers were analyzed.");
	} else {
		strbuf_addf(&sb, "Of the %s with partnerships in scope, %s answered the questionnaire",
			    text_count(r->communities, "U.S. community", "U.S. communities", a,
				       sizeof(a)), analysis_num(r->responded_scope, b));
		if (analysis_share(r, r->responded_scope, r->communities, b, sizeof(b)))
			strbuf_addf(&sb, ", a response rate of %s", b);
		strbuf_addch(&sb, '.');
	}
	if (r->cfg->scope.respondents_all)
		strbuf_addf(&sb, " The answers of %s with no partnership in scope are counted as well "
			    "([scope] respondents = all), %s in all.",
			    text_count(r->responded_other, "more responding community",
				       "more responding communities", a, sizeof(a)),
			    analysis_count(r, r->responded, "responding community",
					   "responding communities"));
	analysis_fig_text(r, "response_sentence", "The response rate in words", sb.buf);
	strbuf_release(&sb);
}

int analysis_survey(struct an_run *r, struct scta_err *err)
{
	struct survey s;
	size_t i;
	int rc;

	memset(&s, 0, sizeof(s));
	s.q0 = r->q->questions;
	rc = load_counts(r, &s, err);
	if (!rc)
		rc = load_numbers(r, &s, err);
	if (!rc)
		rc = coverage(r, &s, err);
	if (!rc)
		rc = coverage_by_state(r, err);
	if (rc)
		goto out;
	item_nonresponse(r, &s);
	for (i = 0; i < 6; i++)
		answers_topic(r, &s, questionnaire_topics[i]);
	for (i = 0; i < 6; i++)
		answers_chart(r, &s, questionnaire_topics[i]);
	analysis_fig_int(r, "communities_responded",
			 "U.S. communities with partnerships in scope that responded", r->responded_scope);
	analysis_fig_pct(r, "response_rate", "Response rate of communities with partnerships in scope",
			 r->responded_scope, r->communities);
	response_sentence(r);
	analysis_fig_int(r, "members_responded",
			 r->cfg->scope.respondents_all ?
			 "Responding U.S. communities counted (all respondents)" :
			 "Responding U.S. communities counted (with partnerships in scope)",
			 r->responded);
	analysis_fig_int(r, "responses_total", r->cfg->scope.respondents_all ?
			 "Responses counted (all respondents)" :
			 "Responses from communities with partnerships in scope", r->responses);
	analysis_fig_int(r, "answers_total", "Answers in those responses", r->answers);
out:
	survey_release(&s);
	return rc;
}
