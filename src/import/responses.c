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
#include "util/sha256.h"
#include "util/text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum rcol {
	R_ID, R_US, R_STATE, R_PARTNERSHIP, R_RESPONDENT, R_SUBMITTED,
	R_QUESTION, R_ANSWER, R_COMMENT, R_NCOLS
};
/* The wide layout has only the columns before R_QUESTION. */
#define R_NWIDE R_QUESTION

/* The headers survey tools give scta's columns, in order of preference. */
static const char *const id_alts[] = { "ResponseId", "Response ID", "Respondent ID", "id", NULL };
static const char *const us_alts[] = { "City", "Community", "Municipality", "City/Town", NULL };
static const char *const state_alts[] = { "State", "State/Province", NULL };
static const char *const respondent_alts[] = { "Email Address", "RecipientEmail", NULL };
static const char *const submitted_alts[] = {
	"RecordedDate", "Timestamp", "submitdate", "Date submitted", "End Date", NULL
};

static const struct import_col columns[R_NCOLS] = {
	[R_ID] = { "response_id", 1, -1, id_alts },
	[R_US] = { "us_community", 1, -1, us_alts },
	[R_STATE] = { "us_state", 1, -1, state_alts },
	[R_PARTNERSHIP] = { "partnership_id", 0, -1, NULL },
	[R_RESPONDENT] = { "respondent", 0, -1, respondent_alts },
	[R_SUBMITTED] = { "submitted", 0, -1, submitted_alts },
	[R_QUESTION] = { "question_id", 1, -1, NULL },
	[R_ANSWER] = { "answer", 1, -1, NULL },
	[R_COMMENT] = { "comment", 0, -1, NULL },
};

#define COMMENT_SUFFIX "_comment"

static const char *const layout_names[] = {
	[IMPORT_LAYOUT_AUTO] = "auto", [IMPORT_LAYOUT_SCTA] = "scta",
	[IMPORT_LAYOUT_QUALTRICS] = "qualtrics", [IMPORT_LAYOUT_SURVEYMONKEY] = "surveymonkey",
	[IMPORT_LAYOUT_GOOGLEFORMS] = "googleforms", [IMPORT_LAYOUT_LIMESURVEY] = "limesurvey",
};
/* The columns each tool adds about the response itself: not scta's, not questions. */
static const char *const qualtrics_meta[] = {
	"StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)",
	"Finished", "RecipientLastName", "RecipientFirstName", "ExternalReference",
	"ExternalDataReference", "LocationLatitude", "LocationLongitude", "DistributionChannel",
	"UserLanguage", NULL
};
static const char *const surveymonkey_meta[] = {
	"Collector ID", "Start Date", "IP Address", "First Name", "Last Name", NULL
};
static const char *const googleforms_meta[] = { "Score", NULL };
static const char *const limesurvey_meta[] = {
	"lastpage", "startlanguage", "seed", "startdate", "datestamp", "ipaddr", "refurl", "token",
	"interviewtime", "Last page", "Start language", "Seed", "Date started", "Date last action",
	"IP address", "Referrer URL", "Token", "Total time", NULL
};

int import_layout_parse(const char *name, enum import_layout *out)
{
	size_t i;

	for (i = 0; i < sizeof(layout_names) / sizeof(layout_names[0]); i++) {
		if (text_ieq(name, layout_names[i])) {
			*out = (enum import_layout)i;
			return 0;
		}
	}
	return -1;
}

const char *import_layout_name(enum import_layout l)
{
	return (size_t)l < sizeof(layout_names) / sizeof(layout_names[0]) ? layout_names[l] : "?";
}

struct rstate {
	const struct questionnaire *q;
	int wide;
	int derive_id;                 /* Google Forms: no id column, the id is made from the row */
	char derived[24];              /* ... "gf-" and 16 hex digits */
	struct import_col cols[R_NCOLS];
	int *answer_col;               /* wide: header column of each question, or -1 */
	int *comment_col;              /* wide: header column of its comment, or -1 */
	struct answer_rec *answers;    /* wide: the answers of one row */
	struct strbuf qcols;           /* wide: the question ids that have a column, for reasons */
	struct strbuf unmatched;       /* wide: columns that matched nothing, for reasons */
	/* long: the response of the previous row, when it is stored in this batch */
	char *cur_id, *cur_key;
	int64_t cur_line;
	const struct question *last_q; /* long: the question of the previous row */
	struct strbuf key;             /* community key of the last row with a valid one */
	struct strbuf key_us;          /* ... made from this community name */
	char key_code[3];              /* ... and this state code */
	struct strbuf num;             /* a count without its thousands separators */
	int64_t orphan_comments;
};

/* Column named name in the first header row, or -1. */
static int column_named(const struct import_ctx *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nnames; i++)
		if (import_name_eq(c->names[i], name))
			return (int)i;
	return -1;
}

enum import_layout import_responses_layout(const struct import_ctx *c, size_t *more_rows)
{
	enum import_layout l = c->opts->layout;

	if (l == IMPORT_LAYOUT_AUTO) {
		if (column_named(c, "ResponseId") >= 0)
			l = IMPORT_LAYOUT_QUALTRICS;
		else if (column_named(c, "Respondent ID") >= 0)
			l = IMPORT_LAYOUT_SURVEYMONKEY;
		else if (c->nnames && import_name_eq(c->names[0], "Timestamp"))
			l = IMPORT_LAYOUT_GOOGLEFORMS;
		else if ((column_named(c, "id") >= 0 && column_named(c, "submitdate") >= 0) ||
			 (column_named(c, "Response ID") >= 0 && column_named(c, "Date submitted") >= 0))
			l = IMPORT_LAYOUT_LIMESURVEY;
		else
			l = IMPORT_LAYOUT_SCTA;
	}
	*more_rows = l == IMPORT_LAYOUT_QUALTRICS ? 2 : l == IMPORT_LAYOUT_SURVEYMONKEY ? 1 : 0;
	return l;
}

static const char *field_at(const struct import_record *rec, int i)
{
	return i >= 0 && (size_t)i < rec->nkept && !rec->flags[i] ? rec->f[i] : "";
}

int import_responses_subheader(const struct import_ctx *c, const struct import_record *rec)
{
	size_t i;
	int id;

	if (c->layout == IMPORT_LAYOUT_QUALTRICS) {
		/* Row 2: the question texts ("Response ID" above the ids); row 3: ImportId JSON. */
		if (import_name_eq(field_at(rec, column_named(c, "ResponseId")), "Response ID"))
			return 1;
		for (i = 0; i < rec->nkept; i++)
			if (!rec->flags[i] && !strncmp(rec->f[i], "{\"ImportId\"", 11))
				return 1;
		return 0;
	}
	if (c->layout == IMPORT_LAYOUT_SURVEYMONKEY) {
		/* Row 2: sub-labels ("Response", an answer option); a data row has its id. */
		if ((id = column_named(c, "Respondent ID")) >= 0)
			return !*field_at(rec, id);
		for (i = 0; i < rec->nkept; i++)
			if (import_name_eq(field_at(rec, (int)i), "Response"))
				return 1;
	}
	return 0;
}

/* a and b equal ignoring ASCII case, surrounding space and runs of inner space. */
static int text_eq_loose(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ' || *a == '\t' || *a == '\n' || *a == '\r')
			a++;
		while (*b == ' ' || *b == '\t' || *b == '\n' || *b == '\r')
			b++;
		if (!*a || !*b)
			return !*a && !*b;
		while (*a && *b && !strchr(" \t\r\n", *a) && !strchr(" \t\r\n", *b)) {
			int ca = (unsigned char)*a++, cb = (unsigned char)*b++;

			if (ca >= 'A' && ca <= 'Z')
				ca += 'a' - 'A';
			if (cb >= 'A' && cb <= 'Z')
				cb += 'a' - 'A';
			if (ca != cb)
				return 0;
		}
		if ((*a && !strchr(" \t\r\n", *a)) || (*b && !strchr(" \t\r\n", *b)))
			return 0;
	}
}

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

/* How a header cell names a question: 1 by id, 2 by alias, 3 by text; 0 not. */
enum { BY_NONE, BY_ID, BY_ALIAS, BY_TEXT };
static const char *const by_names[] = { "", "by id", "by alias", "by text" };

static int question_named(const struct questionnaire *q, const char *name, int text, size_t *qi)
{
	size_t i, k;

	if (!*name)
		return BY_NONE;
	for (i = 0; i < q->nquestions; i++) {
		if (import_name_eq(q->questions[i].id, name)) {
			*qi = i;
			return BY_ID;
		}
	}
	for (i = 0; i < q->nquestions; i++) {
		for (k = 0; k < q->questions[i].naliases; k++) {
			if (import_name_eq(q->questions[i].aliases[k], name)) {
				*qi = i;
				return BY_ALIAS;
			}
		}
	}
	for (i = 0; text && i < q->nquestions; i++) {
		if (text_eq_loose(q->questions[i].text, name)) {
			*qi = i;
			return BY_TEXT;
		}
	}
	return BY_NONE;
}

/* Does name end with suffix, ignoring ASCII case? Then its length without it. */
static size_t ends_with(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);

	return n > k && text_ieq(name + n - k, suffix) ? n - k : 0;
}

static int in_list(const char *name, const char *const *list)
{
	for (; list && *list; list++)
		if (import_name_eq(name, *list))
			return 1;
	return 0;
}

/* Why a column that feeds nothing is left alone in this layout, or NULL. */
static const char *metadata(const struct import_ctx *c, size_t i)
{
	const char *name = c->names[i];

	switch (c->layout) {
	case IMPORT_LAYOUT_QUALTRICS:
		if (in_list(name, qualtrics_meta) || !strncmp(name, "Q_", 2))
			return "Qualtrics metadata";
		break;
	case IMPORT_LAYOUT_SURVEYMONKEY:
		if (in_list(name, surveymonkey_meta) || !strncmp(name, "Custom Data", 11))
			return "SurveyMonkey metadata";
		break;
	case IMPORT_LAYOUT_GOOGLEFORMS:
		if (in_list(name, googleforms_meta))
			return "Google Forms metadata";
		break;
	case IMPORT_LAYOUT_LIMESURVEY:
		if (in_list(name, limesurvey_meta))
			return "LimeSurvey metadata";
		break;
	default:
		break;
	}
	return NULL;
}

/* The QID of a Qualtrics ImportId cell ({"ImportId":"QID3"}), copied to buf; or "". */
static const char *import_id(const char *cell, char buf[64])
{
	const char *p = strstr(cell, "\"ImportId\"");
	size_t n = 0;

	buf[0] = '\0';
	if (!p)
		return buf;
	p += 10;
	while (*p == ' ' || *p == ':')
		p++;
	if (*p++ != '"')
		return buf;
	while (p[n] && p[n] != '"' && n < 63)
		n++;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return buf;
}

/*
 * What wide column i feeds. *qi is the question; *comment is set when the
 * column holds its comments. Returns how it was matched (BY_*), BY_NONE when
 * it matches no question; *why says why a matched-looking column is left out.
 */
static int match_column(struct import_ctx *c, struct rstate *rs, size_t i, const char *title,
			size_t *qi, int *comment, const char **why)
{
	const struct questionnaire *q = rs->q;
	const char *name = c->names[i];
	const char *sub = c->nsub ? c->sub[0][i] : "";
	char buf[64], *base;
	size_t len;
	int by;

	*comment = 0;
	*why = NULL;
	switch (c->layout) {
	case IMPORT_LAYOUT_QUALTRICS:
		if ((by = question_named(q, name, 0, qi)))
			return by;
		if (c->nsub > 1 && (by = question_named(q, import_id(c->sub[1][i], buf), 0, qi)))
			return by;
		/* Q2_4_TEXT: the text typed beside an answer option ("Other"). */
		if ((len = ends_with(name, "_TEXT"))) {
			base = xstrndup(name, len);
			while (len && base[len - 1] >= '0' && base[len - 1] <= '9')
				len--;
			if (len && base[len - 1] == '_')
				base[len - 1] = '\0';
			by = question_named(q, base, 0, qi);
			free(base);
			if (by) {
				*comment = 1;
				return by;
			}
		}
		if ((len = ends_with(sub, " - Selected Choice"))) {
			base = xstrndup(sub, len);
			by = question_named(q, base, 1, qi);
			free(base);
			return by;
		}
		return question_named(q, sub, 1, qi);
	case IMPORT_LAYOUT_SURVEYMONKEY:
		if (!(by = question_named(q, title, 1, qi)))
			return BY_NONE;
		/* Under its title: "Response" (the answer), "Other (please specify)" (comment). */
		if (!*sub || import_name_eq(sub, "Response") || import_name_eq(sub, "Open-Ended Response"))
			return by;
		if (strstr(sub, "please specify") || import_name_eq(sub, "Comment") ||
		    import_name_eq(sub, "Comments")) {
			*comment = 1;
			return by;
		}
		*why = "an answer option of a question that takes several answers: scta questions "
		       "take one";
		return BY_NONE;
	default:
		break;
	}
	if ((by = question_named(q, name, 1, qi)))
		return by;
	if ((len = ends_with(name, COMMENT_SUFFIX))) {
		base = xstrndup(name, len);
		by = question_named(q, base, 0, qi);
		free(base);
		*comment = by != BY_NONE;
	}
	return by;
}

/* The wide columns that are questions or their comments. */
static int map_questions(struct import_ctx *c, struct rstate *rs, unsigned char *used,
			 struct scta_err *err)
{
	struct strbuf feeds = STRBUF_INIT, expected = STRBUF_INIT;
	const char *title = "";
	char buf[72];
	size_t i, qi = 0, nq = 0, nunmatched = 0;
	int rc = 0;

	for (i = 0; i < c->nnames && !rc; i++) {
		const char *why = NULL;
		int comment, by, *slot;

		/* SurveyMonkey leaves the title blank over the other columns of a question. */
		if (*c->names[i] || c->layout != IMPORT_LAYOUT_SURVEYMONKEY)
			title = c->names[i];
		if (used[i])
			continue;
		by = match_column(c, rs, i, title, &qi, &comment, &why);
		if (!by) {
			if ((why = why ? why : metadata(c, i))) {
				import_set_feeds(c, i, NULL, why);
			} else if (*c->names[i] || (c->nsub && *c->sub[0][i])) {
				if (nunmatched++ < 5)
					strbuf_addf(&rs->unmatched, "%s'%s'", rs->unmatched.len ? ", " : "",
						    import_short(*c->names[i] ? c->names[i]
								 : c->sub[0][i], buf));
			}
			continue;
		}
		slot = comment ? &rs->comment_col[qi] : &rs->answer_col[qi];
		if (*slot >= 0) {
			rc = scta_err_set(err, SCTA_ERR_RUNTIME,
					  "%s:%lld: columns %d and %zu both hold the %s of question %s",
					  c->file, (long long)c->hdr_line, *slot + 1, i + 1,
					  comment ? "comments" : "answers", rs->q->questions[qi].id);
			break;
		}
		*slot = (int)i;
		used[i] = 1;
		strbuf_reset(&feeds);
		if (comment)
			strbuf_addf(&feeds, "comments on question %s (%s)", rs->q->questions[qi].id,
				    by_names[by]);
		else
			strbuf_addf(&feeds, "question %s (%s)", rs->q->questions[qi].id, by_names[by]);
		import_set_feeds(c, i, feeds.buf, NULL);
		if (!comment) {
			nq++;
			strbuf_addf(&rs->qcols, "%s%s", rs->qcols.len ? ", " : "", rs->q->questions[qi].id);
		}
	}
	if (nunmatched > 5)
		strbuf_addf(&rs->unmatched, " and %zu more", nunmatched - 5);
	if (!rc && !nq) {
		for (i = 0; i < rs->q->nquestions && i < 6; i++)
			strbuf_addf(&expected, "%s%s", i ? ", " : "", rs->q->questions[i].id);
		if (rs->q->nquestions > 6)
			strbuf_adds(&expected, ", ...");
		rc = scta_err_set(err, SCTA_ERR_RUNTIME,
				  "%s:%lld: no column is a question of the questionnaire %s: a question's "
				  "column is headed by its id (%s), one of its aliases, or its exact text"
				  "%s%s", c->file, (long long)c->hdr_line,
				  rs->q->path ? rs->q->path : "", expected.buf,
				  rs->unmatched.len ? "; columns that match none: " : "",
				  rs->unmatched.buf);
	}
	strbuf_release(&feeds);
	strbuf_release(&expected);
	return rc;
}

int import_responses_begin(struct import_ctx *c, const struct questionnaire *q,
			   struct scta_err *err)
{
	struct rstate *rs = xcalloc(1, sizeof(*rs));
	unsigned char *used = xcalloc(c->nnames ? c->nnames : 1, 1);
	size_t i, nq = q->nquestions ? q->nquestions : 1;
	const char *qid, *ans;
	int rc = 0;

	rs->q = q;
	strbuf_init(&rs->key);
	strbuf_init(&rs->key_us);
	strbuf_init(&rs->qcols);
	strbuf_init(&rs->unmatched);
	strbuf_init(&rs->num);
	memcpy(rs->cols, columns, sizeof(columns));
	c->kind = rs;
	/* The layout is long when the header names a question_id or answer column. */
	rs->wide = 1;
	qid = import_mapped_header(c, "question_id");
	ans = import_mapped_header(c, "answer");
	if (c->layout == IMPORT_LAYOUT_SCTA)
		for (i = 0; i < c->nnames && rs->wide; i++)
			if (import_name_eq(c->names[i], qid ? qid : "question_id") ||
			    import_name_eq(c->names[i], ans ? ans : "answer"))
				rs->wide = 0;
	/* Google Forms exports have no response id: it is made from the row. */
	if (c->layout == IMPORT_LAYOUT_GOOGLEFORMS)
		rs->cols[R_ID].required = 0;
	rc = import_map_header(c, rs->cols, rs->wide ? R_NWIDE : R_NCOLS, used, err);
	rs->derive_id = !rc && rs->cols[R_ID].idx < 0;
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
	strbuf_release(&rs->qcols);
	strbuf_release(&rs->unmatched);
	strbuf_release(&rs->num);
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
 * v without its thousands separators ("1,200" -> "1200") in out; -1 when its
 * commas do not group digits by three ("1,20").
 */
static int ungroup(const char *v, struct strbuf *out)
{
	const char *p = v;
	size_t run = 0, groups = 0;

	strbuf_reset(out);
	if (!strchr(v, ',')) {
		strbuf_adds(out, v);
		return 0;
	}
	if (*p == '-' || *p == '+')
		strbuf_addch(out, *p++);
	for (;; p++) {
		if (*p >= '0' && *p <= '9') {
			strbuf_addch(out, *p);
			run++;
			continue;
		}
		/* The first group has 1 to 3 digits, every later one exactly 3. */
		if (!run || run > 3 || (groups && run != 3))
			return -1;
		groups++;
		run = 0;
		if (*p != ',')
			break;
	}
	if (groups < 2)
		return -1;
	strbuf_adds(out, p);
	return 0;
}

/*
 * Check answer v to question qu (from column idx) and fill a: the scale's
 * own spelling for a choice, the number for a count or amount. Returns 0
 * when valid.
 */
static int check_answer(struct import_ctx *c, struct rstate *rs, const struct question *qu, int idx,
			const char *v, struct answer_rec *a)
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
		k = qu->scale ? scale_match(qu->scale, v) : -1;
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
		if (ungroup(v, &rs->num) || text_int(rs->num.buf, 0, INT64_MAX, &n)) {
			import_problem(c, column, v, "not a non-negative integer");
			return -1;
		}
		a->has_num = 1;
		a->num = (double)n;
		return 0;
	case QTYPE_AMOUNT:
		if (ungroup(v, &rs->num) || text_real(rs->num.buf, &d) || d < 0) {
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
 * A response id for a file without one (Google Forms): "gf-" and the first
 * 16 hex digits of the SHA-256 of the row's fields. The same row gives the
 * same id in every import; two identical rows are a duplicate.
 */
static const char *derive_id(struct import_ctx *c, struct rstate *rs)
{
	struct sha256 h;
	char hex[65];
	size_t i;

	sha256_init(&h);
	for (i = 0; i < c->rec->nkept; i++) {
		sha256_update(&h, c->rec->f[i], strlen(c->rec->f[i]));
		sha256_update(&h, "\x1f", 1);
	}
	sha256_hex(&h, hex);
	snprintf(rs->derived, sizeof(rs->derived), "gf-%.16s", hex);
	return rs->derived;
}

/*
 * The fields every layout has: response id, community and state. Fills rec
 * and rs->key (the community key); returns 1 when all are valid.
 */
static int check_response(struct import_ctx *c, struct rstate *rs, struct response_rec *rec,
			  char code[3], int *ok, struct scta_err *err)
{
	const char *id = rs->derive_id ? derive_id(c, rs) : get(c, rs->cols[R_ID].idx);
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

/*
 * A wide row is one response and its answers. A problem with the response
 * (id, community, state, a duplicate) rejects the row. A bad answer rejects
 * that answer only: the response is loaded with its other answers and the
 * row counts as loaded (c->partial). A row with no answer left is rejected.
 */
static int wide_row(struct import_ctx *c, struct rstate *rs, struct scta_err *err)
{
	struct response_rec rec;
	char code[3] = "";
	size_t i, n = 0, nrow;
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
			import_problem(c, rs->derive_id ? "" : import_colname(c, rs->cols[R_ID].idx),
				       rec.id, rs->derive_id ? "duplicate of line %lld (the same "
				       "fields: the same response exported twice)" : "duplicate of line %lld",
				       (long long)line);
	}
	nrow = c->nprobs;
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
		if (check_answer(c, rs, &rs->q->questions[i], rs->answer_col[i], v, a))
			continue;
		a->response_id = rec.id;
		a->question_id = rs->q->questions[i].id;
		a->comment = opt(comment);
		a->batch_id = c->batch;
		a->line = c->rec->line;
		n++;
	}
	if (!ok || nrow)
		return 0;
	if (!n) {
		/* Nothing to load: the row is rejected, saying why. */
		if (!c->nprobs)
			import_problem(c, "", "", "no answer: the question columns (%s) are empty%s%s",
				       rs->qcols.buf, rs->unmatched.len ? "; columns that match no "
				       "question: " : "", rs->unmatched.buf);
		return 0;
	}
	c->partial = c->nprobs > 0;
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
	size_t qi = 0;

	memset(&a, 0, sizeof(a));
	rc = check_response(c, rs, &rec, code, &ok, err);
	if (rc)
		return rc;
	if (qid && !*qid) {
		import_problem(c, import_colname(c, rs->cols[R_QUESTION].idx), qid, "value is required");
	} else if (qid) {
		qu = find_question(rs, qid, NULL);
		if (!qu && question_named(rs->q, qid, 1, &qi))
			qu = rs->last_q = &rs->q->questions[qi];
		if (!qu)
			import_problem(c, import_colname(c, rs->cols[R_QUESTION].idx), qid,
				       "unknown question '%s'", import_short(qid, buf));
	}
	if (v && !*v)
		import_problem(c, import_colname(c, rs->cols[R_ANSWER].idx), v, "answer is empty");
	else if (v && qu && check_answer(c, rs, qu, rs->cols[R_ANSWER].idx, v, &a))
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
