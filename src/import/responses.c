/*
 * responses.c - the rules of questionnaire answers, long or wide
 * (docs/DESIGN.md section 2). A wide row is one response with all its answers; a
 * long row is one answer, and a response spans the rows that share its id.
 * A response imported again from a newer file replaces its earlier answers.
 */
#include "import/import_int.h"
#include "config/config.h"
#include "store/store.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/strbuf.h"
#include "util/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum rcol {
	R_ID, R_US, R_STATE, R_PARTNERSHIP, R_RESPONDENT, R_SUBMITTED,
	R_QUESTION, R_ANSWER, R_COMMENT, R_NCOLS
};
/* The wide layout has only the columns before R_QUESTION. */
#define R_NWIDE R_QUESTION

static const struct import_col columns[R_NCOLS] = {
	[R_ID] = { "response_id", 1, -1 },
	[R_US] = { "us_community", 1, -1 },
	[R_STATE] = { "us_state", 1, -1 },
	[R_PARTNERSHIP] = { "partnership_id", 0, -1 },
	[R_RESPONDENT] = { "respondent", 0, -1 },
	[R_SUBMITTED] = { "submitted", 0, -1 },
	[R_QUESTION] = { "question_id", 1, -1 },
	[R_ANSWER] = { "answer", 1, -1 },
	[R_COMMENT] = { "comment", 0, -1 },
};

#define COMMENT_SUFFIX "_comment"

struct rstate {
	const struct questionnaire *q;
	int wide;
	struct import_col cols[R_NCOLS];
	int *answer_col;               /* wide: header column of each question, or -1 */
	int *comment_col;              /* wide: header column of its comment, or -1 */
	struct answer_rec *answers;    /* wide: the answers of one row */
	/* long: the response of the previous row, when it is stored in this batch */
	char *cur_id, *cur_key;
	int64_t cur_line;
	const struct question *last_q; /* long: the question of the previous row */
	struct strbuf key;             /* community key of the last row with a valid one */
	struct strbuf key_us;          /* ... made from this community name */
	char key_code[3];              /* ... and this state code */
	int64_t orphan_comments;
};

/* The question with this id, ignoring ASCII case; NULL when none. */
static const struct question *find_question(struct rstate *rs, const char *id, size_t *index)
{
	const struct questionnaire *q = rs->q;
	size_t i;

	/* Long files repeat a question row after row: try the last one first. */
	if (rs->last_q && text_ieq(rs->last_q->id, id)) {
		if (index)
			*index = (size_t)(rs->last_q - q->questions);
		return rs->last_q;
	}
	for (i = 0; i < q->nquestions; i++) {
		if (text_ieq(q->questions[i].id, id)) {
			if (index)
				*index = i;
			rs->last_q = &q->questions[i];
			return rs->last_q;
		}
	}
	return NULL;
}

/* The wide columns that are questions (Q1) or their comments (Q1_comment). */
static int map_questions(struct import_ctx *c, struct rstate *rs, unsigned char *used,
			 struct scta_err *err)
{
	const size_t slen = strlen(COMMENT_SUFFIX);
	size_t i, qi, nq = 0;

	for (i = 0; i < c->nnames; i++) {
		const char *name = c->names[i];
		size_t len = strlen(name);
		int *slot = NULL;

		if (used[i])
			continue;
		if (find_question(rs, name, &qi)) {
			slot = &rs->answer_col[qi];
			nq++;
		} else if (len > slen && text_ieq(name + len - slen, COMMENT_SUFFIX)) {
			char *base = xstrndup(name, len - slen);

			if (find_question(rs, base, &qi))
				slot = &rs->comment_col[qi];
			free(base);
		}
		if (!slot)
			continue;
		if (*slot >= 0)
			return scta_err_set(err, SCTA_ERR_RUNTIME,
					    "%s:%lld: column '%s' appears twice in the header",
					    c->file, (long long)c->hdr_line, name);
		*slot = (int)i;
		used[i] = 1;
	}
	if (!nq)
		import_warn(c, "no column is a question of the questionnaire (%s); "
			    "no answers will be loaded", rs->q->path ? rs->q->path : "questionnaire");
	return 0;
}

int import_responses_begin(struct import_ctx *c, const struct questionnaire *q,
			   struct scta_err *err)
{
	struct rstate *rs = xcalloc(1, sizeof(*rs));
	unsigned char *used = xcalloc(c->nnames ? c->nnames : 1, 1);
	size_t i, nq = q->nquestions ? q->nquestions : 1;
	int rc = 0;

	rs->q = q;
	strbuf_init(&rs->key);
	strbuf_init(&rs->key_us);
	memcpy(rs->cols, columns, sizeof(columns));
	c->kind = rs;
	/* The layout is long when the header names a question_id or answer column. */
	for (i = 0; i < c->nnames; i++)
		if (text_ieq(c->names[i], "question_id") || text_ieq(c->names[i], "answer"))
			break;
	rs->wide = i == c->nnames;
	rc = import_map_header(c, rs->cols, rs->wide ? R_NWIDE : R_NCOLS, used, err);
	if (!rc && rs->wide) {
		rs->answer_col = xmalloc(nq * sizeof(*rs->answer_col));
		rs->comment_col = xmalloc(nq * sizeof(*rs->comment_col));
		rs->answers = xcalloc(nq, sizeof(*rs->answers));
		for (i = 0; i < nq; i++)
			rs->answer_col[i] = rs->comment_col[i] = -1;
		rc = map_questions(c, rs, used, err);
	}
	if (!rc)
		import_warn_unknown(c, used);
	free(used);
	return rc;
}

void import_responses_end(struct import_ctx *c)
{
	struct rstate *rs = c->kind;

	if (!rs)
		return;
	if (rs->orphan_comments)
		import_warn(c, "%lld comment%s on unanswered questions not loaded",
			    (long long)rs->orphan_comments, rs->orphan_comments == 1 ? "" : "s");
	free(rs->answer_col);
	free(rs->comment_col);
	free(rs->answers);
	free(rs->cur_id);
	free(rs->cur_key);
	strbuf_release(&rs->key);
	strbuf_release(&rs->key_us);
	free(rs);
	c->kind = NULL;
}

static const char *get(struct import_ctx *c, int idx)
{
	return import_field(c, idx);
}

static const char *opt(const char *v)
{
	return v && *v ? v : NULL;
}

/*
 * Check answer v to question qu (from column idx) and fill a: the scale's
 * own spelling for a choice, the number for a count or amount. Returns 0
 * when valid.
 */
static int check_answer(struct import_ctx *c, const struct question *qu, int idx, const char *v,
			struct answer_rec *a)
{
	const char *column = import_colname(c, idx);
	char buf[72];
	int64_t n;
	double d;
	int k;

	a->value = v;
	a->has_num = 0;
	a->num = 0;
	switch (qu->type) {
	case QTYPE_CHOICE:
		k = qu->scale ? scale_find(qu->scale, v) : -1;
		if (k < 0) {
			struct strbuf list = STRBUF_INIT;
			size_t i;

			for (i = 0; qu->scale && i < qu->scale->n; i++)
				strbuf_addf(&list, "%s%s", i ? ", " : "", qu->scale->values[i]);
			import_problem(c, column, v, "'%s' is not an answer of scale %s (%s)",
				       import_short(v, buf), qu->scale ? qu->scale->name : "?", list.buf);
			strbuf_release(&list);
			return -1;
		}
		a->value = qu->scale->values[k];
		return 0;
	case QTYPE_COUNT:
		if (text_int(v, 0, INT64_MAX, &n)) {
			import_problem(c, column, v, "not a non-negative integer");
			return -1;
		}
		a->has_num = 1;
		a->num = (double)n;
		return 0;
	case QTYPE_AMOUNT:
		if (text_real(v, &d) || d < 0) {
			import_problem(c, column, v, "not a non-negative number");
			return -1;
		}
		a->has_num = 1;
		a->num = d;
		return 0;
	case QTYPE_TEXT:
		return 0;
	}
	return 0;
}

/*
 * The fields every layout has: response id, community and state. Fills rec
 * and rs->key (the community key); returns 1 when all are valid.
 */
static int check_response(struct import_ctx *c, struct rstate *rs, struct response_rec *rec,
			  char code[3], int *ok, struct scta_err *err)
{
	const char *id = get(c, rs->cols[R_ID].idx);
	const char *us = get(c, rs->cols[R_US].idx);
	const char *state = get(c, rs->cols[R_STATE].idx);
	char buf[72];
	int found = 0, rc;

	*ok = 0;
	memset(rec, 0, sizeof(*rec));
	if (id && !*id)
		import_problem(c, import_colname(c, rs->cols[R_ID].idx), id, "value is required");
	if (us && !*us)
		import_problem(c, import_colname(c, rs->cols[R_US].idx), us, "value is required");
	if (state && !*state) {
		import_problem(c, import_colname(c, rs->cols[R_STATE].idx), state, "value is required");
	} else if (state) {
		rc = import_find_state(c, state, code, &found, err);
		if (rc)
			return rc;
		if (!found)
			import_problem(c, import_colname(c, rs->cols[R_STATE].idx), state,
				       "unknown U.S. state or territory '%s'", import_short(state, buf));
	}
	rec->partnership_id = opt(get(c, rs->cols[R_PARTNERSHIP].idx));
	rec->respondent = opt(get(c, rs->cols[R_RESPONDENT].idx));
	rec->submitted = opt(get(c, rs->cols[R_SUBMITTED].idx));
	if (!id || !*id || !us || !*us || !found)
		return 0;
	/* Rows of one response repeat its community: its key is made once. */
	if (!rs->key.len || strcmp(us, rs->key_us.buf) || strcmp(code, rs->key_code)) {
		strbuf_reset(&rs->key);
		text_key(us, &c->scratch);
		if (!c->scratch.len) {
			import_problem(c, import_colname(c, rs->cols[R_US].idx), us,
				       "not a name (no letters or digits)");
			return 0;
		}
		strbuf_addf(&rs->key, "%s|%s", code, c->scratch.buf);
		strbuf_reset(&rs->key_us);
		strbuf_adds(&rs->key_us, us);
		memcpy(rs->key_code, code, sizeof(rs->key_code));
	}
	rec->id = id;
	rec->us_community = us;
	rec->us_state = code;
	rec->community_key = rs->key.buf;
	rec->batch_id = c->batch;
	rec->line = c->rec->line;
	*ok = 1;
	return 0;
}

static int wide_row(struct import_ctx *c, struct rstate *rs, struct scta_err *err)
{
	struct response_rec rec;
	char code[3] = "";
	size_t i, n = 0;
	int ok, found = 0, rc;
	int64_t batch = 0, line = 0;

	rc = check_response(c, rs, &rec, code, &ok, err);
	if (rc)
		return rc;
	if (ok) {
		rc = store_response_find(c->st, rec.id, &found, NULL, &batch, &line, err);
		if (rc)
			return rc;
		if (found && batch == c->batch)
			import_problem(c, import_colname(c, rs->cols[R_ID].idx), rec.id,
				       "duplicate of line %lld", (long long)line);
	}
	for (i = 0; i < rs->q->nquestions; i++) {
		const char *v, *comment;
		struct answer_rec *a = &rs->answers[n];

		if (rs->answer_col[i] < 0)
			continue;
		v = get(c, rs->answer_col[i]);
		comment = get(c, rs->comment_col[i]);
		if (!v)
			continue;
		if (!*v) {
			/* Not answered: a wide file leaves the cell empty. */
			if (comment && *comment)
				rs->orphan_comments++;
			continue;
		}
		if (check_answer(c, &rs->q->questions[i], rs->answer_col[i], v, a))
			continue;
		a->response_id = rec.id;
		a->question_id = rs->q->questions[i].id;
		a->comment = opt(comment);
		a->batch_id = c->batch;
		a->line = c->rec->line;
		n++;
	}
	if (!ok || c->nprobs)
		return 0;
	rc = store_response_put(c->st, &rec, err);
	for (i = 0; !rc && i < n; i++)
		rc = store_answer_put(c->st, &rs->answers[i], err);
	return rc;
}

static int long_row(struct import_ctx *c, struct rstate *rs, struct scta_err *err)
{
	struct response_rec rec;
	struct answer_rec a;
	const struct question *qu = NULL;
	const char *qid = get(c, rs->cols[R_QUESTION].idx);
	const char *v = get(c, rs->cols[R_ANSWER].idx);
	char code[3] = "", buf[72], *key = NULL;
	int ok, found = 0, in_batch = 0, rc;
	int64_t batch = 0, line = 0, first = 0;

	memset(&a, 0, sizeof(a));
	rc = check_response(c, rs, &rec, code, &ok, err);
	if (rc)
		return rc;
	if (qid && !*qid) {
		import_problem(c, import_colname(c, rs->cols[R_QUESTION].idx), qid, "value is required");
	} else if (qid) {
		qu = find_question(rs, qid, NULL);
		if (!qu)
			import_problem(c, import_colname(c, rs->cols[R_QUESTION].idx), qid,
				       "unknown question '%s'", import_short(qid, buf));
	}
	if (v && !*v)
		import_problem(c, import_colname(c, rs->cols[R_ANSWER].idx), v, "answer is empty");
	else if (v && qu && check_answer(c, qu, rs->cols[R_ANSWER].idx, v, &a))
		qu = NULL;
	a.comment = opt(get(c, rs->cols[R_COMMENT].idx));
	if (!ok)
		return 0;

	/* One id, one community: compare with the row that stored the response. */
	if (rs->cur_id && !strcmp(rs->cur_id, rec.id)) {
		in_batch = 1;
		first = rs->cur_line;
		key = xstrdup(rs->cur_key);
	} else {
		rc = store_response_find(c->st, rec.id, &found, &key, &batch, &first, err);
		if (rc)
			goto out;
		in_batch = found && batch == c->batch;
	}
	if (in_batch && strcmp(key, rec.community_key))
		import_problem(c, import_colname(c, rs->cols[R_ID].idx), rec.id,
			       "response id already used for another community at line %lld",
			       (long long)first);
	if (c->nprobs || !qu || !v)
		goto out;

	/*
	 * Write. A response new to this batch is stored first (replacing what
	 * an older file said); then the answer, unless this batch already
	 * answered that question for the response: a duplicate, and then
	 * nothing of the row was written.
	 */
	if (!in_batch) {
		rc = store_response_put(c->st, &rec, err);
		if (rc)
			goto out;
		first = rec.line;
	}
	if (!rs->cur_id || strcmp(rs->cur_id, rec.id)) {
		free(rs->cur_id);
		free(rs->cur_key);
		rs->cur_id = xstrdup(rec.id);
		rs->cur_key = xstrdup(rec.community_key);
		rs->cur_line = first;
	}
	a.response_id = rec.id;
	a.question_id = qu->id;
	a.batch_id = c->batch;
	a.line = c->rec->line;
	rc = store_answer_add(c->st, &a, &found, &line, err);
	if (!rc && found)
		import_problem(c, import_colname(c, rs->cols[R_QUESTION].idx), qid,
			       "duplicate of line %lld", (long long)line);
out:
	free(key);
	return rc;
}

int import_responses_row(struct import_ctx *c, struct scta_err *err)
{
	struct rstate *rs = c->kind;

	return rs->wide ? wide_row(c, rs, err) : long_row(c, rs, err);
}
