/*
 * detail.c - the detail row streams (every partnership, the partnerships
 * in scope, every answer, the questionnaire, the rejects) and their column
 * specs, which double as the data dictionary.
 *
 * Rows come straight from a store cursor, a row at a time, so a million
 * answers take no more memory than one. Cells handed out point at strings
 * owned by the cursor or the questionnaire: valid until the next call.
 */
#include "analysis/analysis.h"
#include "analysis/analysis_int.h"
#include "config/config.h"
#include "store/store.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/vocab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct detail_col partnership_cols[] = {
	{ "Partnership ID", CELL_TEXT, "Identifier of the partnership, as given or derived from its four names",
	  "text, unique", NULL, "id" },
	{ "U.S. community", CELL_TEXT, "Name of the U.S. city, county, state or other unit of local government",
	  "text", NULL, "us_community" },
	{ "State", CELL_TEXT, "U.S. state, district or territory of the U.S. community", "USPS code", NULL, "us_state" },
	{ "Community type", CELL_TEXT, "Kind of U.S. community", NULL, &vocab_community_type, "us_community_type" },
	{ "Foreign community", CELL_TEXT, "Name of the foreign partner community, as commonly written in English",
	  "text", NULL, "foreign_community" },
	{ "Foreign region", CELL_TEXT, "Province or state of the foreign community", "text; empty when not given", NULL, "foreign_region" },
	{ "Country", CELL_TEXT, "Country of the foreign community", "ISO 3166 alpha-3 code", NULL, "foreign_country" },
	{ "Country name", CELL_TEXT, "English name of the country", "text", NULL, "country_name" },
	{ "Established", CELL_TEXT, "Date the partnership was established", "YYYY, YYYY-MM or YYYY-MM-DD; empty when not known", NULL, "established" },
	{ "Status", CELL_TEXT, "Status of the partnership", NULL, &vocab_status, "status" },
	{ "Status date", CELL_TEXT, "Date of the current status", "YYYY, YYYY-MM or YYYY-MM-DD; empty when not known", NULL, "status_date" },
	{ "Status reason", CELL_TEXT, "Why the status changed, as recorded", "text", NULL, "status_reason" },
	{ "SCI recognized", CELL_TEXT, "Recognized by Sister Cities International", NULL, &vocab_yesno, "sci_recognized" },
	{ "Agreement type", CELL_TEXT, "Kind of agreement", NULL, &vocab_agreement_type, "agreement_type" },
	{ "Agreement availability", CELL_TEXT, "Whether the text of the agreement is public", NULL,
	  &vocab_agreement_public, "agreement_public" },
	{ "Political clause", CELL_TEXT,
	  "The agreement carries a political commitment (such as a \"One China\" clause)", NULL,
	  &vocab_yesno, "political_clause" },
	{ "Intermediary", CELL_TEXT, "Organization that brokered or manages the partnership", "text; empty when none recorded", NULL, "intermediary" },
	{ "Activities", CELL_TEXT, "Activities of the partnership (';'-separated)", NULL,
	  &vocab_activity, "activities" },
	{ "Notes", CELL_TEXT, "Notes from the partnership records", "text", NULL, "notes" },
	{ "Source", CELL_TEXT, "Where the record came from, as given in the input", "text", NULL, "source" },
	{ "CPI score", CELL_INT,
	  "Transparency International Corruption Perceptions Index score of the country for the report's CPI year",
	  "0 (highly corrupt) to 100 (very clean); empty when the country has no score that year", NULL, "cpi" },
	{ "In scope", CELL_TEXT,
	  "Whether the partnership is in the study's scope (country scored at or below the cut-off and status counted as operating)",
	  "Yes, No, Not scored", NULL, "in_scope" },
	{ "Batch", CELL_INT, "Import batch that loaded the record", "number", NULL, "batch" },
	{ "Source file", CELL_TEXT, "Input file the record was loaded from", "path", NULL, "source_file" },
	{ "Source line", CELL_INT, "Line of the input file where the record starts", "number, from 1", NULL, "source_line" },
};

static const struct detail_col scope_cols[] = {
	{ "ID", CELL_TEXT, "Identifier of the partnership", "text, unique", NULL, "id" },
	{ "U.S. community", CELL_TEXT, "Name of the U.S. community", "text", NULL, "us_community" },
	{ "State", CELL_TEXT, "U.S. state, district or territory", "USPS code", NULL, "us_state" },
	{ "Foreign community", CELL_TEXT, "Name of the foreign partner community", "text", NULL, "foreign_community" },
	{ "Country", CELL_TEXT, "Country of the foreign community", "English name", NULL, "country_name" },
	{ "CPI", CELL_INT, "Corruption Perceptions Index score of the country for the report's CPI year",
	  "0 to 100, at or below the cut-off", NULL, "cpi" },
	{ "Established", CELL_TEXT, "Date the partnership was established",
	  "YYYY, YYYY-MM or YYYY-MM-DD; empty when not known", NULL, "established" },
	{ "Status", CELL_TEXT, "Status of the partnership (a status counted as operating)",
	  "Active, Inactive, Suspended, Terminated, Proposed", NULL, "status" },
	{ "Agreement availability", CELL_TEXT, "Whether the text of the agreement is public",
	  "Posted online, Provided on request, Not available, Confidential, Unknown", NULL, "agreement_public" },
};

static const struct detail_col response_cols[] = {
	{ "Response ID", CELL_TEXT, "Identifier of the questionnaire response", "text", NULL, "response_id" },
	{ "U.S. community", CELL_TEXT, "U.S. community that responded", "text", NULL, "us_community" },
	{ "State", CELL_TEXT, "State of the responding community", "USPS code", NULL, "us_state" },
	{ "Partnership ID", CELL_TEXT, "Partnership the response is about, as given", "text; empty when not given", NULL, "partnership_id" },
	{ "Respondent", CELL_TEXT, "Who answered, as given (a name or an e-mail address)",
	  "text; empty when not given", NULL, "respondent" },
	{ "Question ID", CELL_TEXT, "Question answered", "identifier from the questionnaire", NULL, "question_id" },
	{ "Question", CELL_TEXT, "Text of the question (its topic and answer labels are on the Questions sheet)",
	  "text", NULL, NULL },
	{ "Answer", CELL_TEXT, "Answer as stored",
	  "a value of the question's scale (labels on the Questions sheet), or the number or text written", NULL, "value" },
	{ "Number", CELL_REAL, "The number given, for count and amount questions", "number; empty otherwise", NULL, "num" },
	{ "Comment", CELL_TEXT, "Comment given with the answer", "text", NULL, "comment" },
	{ "Source file", CELL_TEXT, "Input file the answer was loaded from", "path", NULL, "source_file" },
	{ "Source line", CELL_INT, "Line of the input file with the answer", "number, from 1", NULL, "source_line" },
};

static const struct detail_col question_cols[] = {
	{ "ID", CELL_TEXT, "Identifier of the question", "text", NULL, NULL },
	{ "Topic", CELL_TEXT, "Topic of the study the question serves",
	  "Selection, Activities, Transparency, Expression, Espionage, Visa", NULL, NULL },
	{ "Text", CELL_TEXT, "Text of the question", "text", NULL, NULL },
	{ "Type", CELL_TEXT, "Kind of answer", "choice, count, amount, text", NULL, NULL },
	{ "Scale", CELL_TEXT, "Named answer scale of a choice question", "text; empty for other types", NULL, NULL },
	{ "Allowed answers", CELL_TEXT, "What an answer may be; valid answers form the base of percentages",
	  "value (label), ...; or a description", NULL, NULL },
	{ "Weight", CELL_REAL, "Weight of the question in its topic's safeguard index", "number, default 1", NULL, NULL },
	{ "Safeguard", CELL_TEXT, "Answer that counts toward the topic's safeguard index",
	  "a scale value; empty when the question is not in the index", NULL, NULL },
};

static const struct detail_col reject_cols[] = {
	{ "File", CELL_TEXT, "Input file of the rejected row", "path", NULL, "file" },
	{ "Line", CELL_INT, "Line where the rejected row starts", "number, from 1", NULL, "line" },
	{ "Column", CELL_TEXT, "Column with the problem", "header name; empty for the whole row", NULL, "column" },
	{ "Value", CELL_TEXT, "Value that was rejected (a whole row's reject: its fields)", "text", NULL,
	  "value" },
	{ "Reason", CELL_TEXT, "What is wrong with it", "text", NULL, "reason" },
};

static const struct detail_col member_cols[] = {
	{ "U.S. community", CELL_TEXT, "Responding U.S. community (as its partnership records spell it, else its responses)", "text", NULL, NULL },
	{ "State", CELL_TEXT, "State of the community", "USPS code", NULL, NULL },
	{ "Responses", CELL_INT, "Responses the community sent", "number", NULL, NULL },
	{ "Transparency", CELL_TEXT,
	  "Safeguards it reported of those it answered, on the topics of the senators' question on transparency ([letter] transparency)",
	  "n of N; empty when it answered none", NULL, NULL },
	{ "Free expression", CELL_TEXT, "The same for the question on freedom of expression ([letter] expression)",
	  "n of N; empty when it answered none", NULL, NULL },
	{ "Oversight", CELL_TEXT, "The same for the question on espionage and economic coercion ([letter] oversight)",
	  "n of N; empty when it answered none", NULL, NULL },
	{ "Visa programs", CELL_TEXT, "The same for the question on visa programs ([letter] visa)",
	  "n of N; empty when it answered none", NULL, NULL },
	{ "Overall tier", CELL_TEXT, "Tier of the community's overall safeguard index ([index] cuts and labels)",
	  "a tier label; empty when it has no index", NULL, NULL },
};

static const struct detail_col partner_cols[] = {
	{ "Foreign community", CELL_TEXT, "Name of the foreign partner community", "text", NULL, NULL },
	{ "Country", CELL_TEXT, "Country of the foreign community", "English name", NULL, NULL },
	{ "CPI", CELL_INT, "Corruption Perceptions Index score of the country for the report's CPI year",
	  "0 to 100, at or below the cut-off", NULL, NULL },
	{ "Established", CELL_TEXT, "Date the partnership was established",
	  "YYYY, YYYY-MM or YYYY-MM-DD; empty when not known", NULL, NULL },
	{ "Status", CELL_TEXT, "Status of the partnership (a status counted as operating)",
	  "Active, Inactive, Suspended, Terminated, Proposed", NULL, NULL },
	{ "Agreement availability", CELL_TEXT, "Whether the text of the agreement is public",
	  "Posted online, Provided on request, Not available, Confidential, Unknown", NULL, NULL },
};

#define SPEC(k, sheet, desc, cols) { k, sheet, desc, cols, sizeof(cols) / sizeof(cols[0]), 0, NULL }
#define SPEC_ONE_LINE(k, sheet, desc, cols) { k, sheet, desc, cols, sizeof(cols) / sizeof(cols[0]), 1, NULL }

static const struct detail_spec specs[DETAIL__COUNT] = {
	SPEC(DETAIL_PARTNERSHIPS, "Partnerships",
	     "Every partnership record, with its CPI score and whether it is in scope", partnership_cols),
	/* The workbook has no sheet of its own for these: Partnerships, In scope Yes. */
	{ DETAIL_SCOPE, "Partnerships in scope", "The partnerships in the study's scope", scope_cols,
	  sizeof(scope_cols) / sizeof(scope_cols[0]), 0, "Partnerships" },
	SPEC_ONE_LINE(DETAIL_RESPONSES, "Responses", "Every questionnaire answer, with its question", response_cols),
	SPEC(DETAIL_QUESTIONS, "Questions", "The questionnaire", question_cols),
	SPEC(DETAIL_REJECTS, "Rejects", "Input rows rejected by the latest import of each file", reject_cols),
	{ DETAIL_MEMBERS, "Members' safeguards",
	  "Every responding member community, with the safeguards it reported under each of the "
	  "senators' questions (n of the N safeguard questions it answered; a safeguard counts when "
	  "every valid answer the community gave to it is the safeguard answer) and the tier of its "
	  "overall safeguard index.", member_cols, sizeof(member_cols) / sizeof(member_cols[0]), 0,
	  "Responses" },
	{ DETAIL_PARTNERS, "Partnerships in scope", "The partnerships in scope, with their status, "
	  "the partner country's CPI score and whether the agreement is public.", partner_cols,
	  sizeof(partner_cols) / sizeof(partner_cols[0]), 0, "Partnerships" },
};

/*
 * What a public edition leaves out of each stream, by column name: free
 * text (comments, notes, why a status changed), who answered (a name or an
 * e-mail address), and the value of a rejected row with the reason, which
 * quotes it (a whole row's reject holds all its fields). The Responses
 * stream also leaves out answers to free-text questions (next_response).
 */
static const char *const restricted_cols[] = {
	"Status reason", "Notes", "Respondent", "Comment", "Value", "Reason", NULL
};

static int col_restricted(const struct detail_col *c)
{
	size_t i;

	for (i = 0; restricted_cols[i]; i++)
		if (!strcmp(c->name, restricted_cols[i]))
			return 1;
	return 0;
}

const struct detail_spec *detail_spec(enum detail_kind kind)
{
	if ((int)kind < 0 || kind >= DETAIL__COUNT)
		return NULL;
	return &specs[kind];
}

#define DET_MAXCOLS 32
#define DET_MADE ((size_t)-1)

/* The members stream: one community's answers, gathered over its rows. */
struct members {
	const struct scta_config *cfg;
	const struct question **sq;        /* the safeguard questions */
	size_t nsq;
	unsigned char *gave;               /* per sq: 1 safeguard, 2 another valid answer */
	double num, den;                   /* the overall index */
	int64_t responses;
	struct strbuf ckey, state, name, rid;   /* the community being gathered */
	struct strbuf next_ckey, next_state, next_name, next_rid, next_qid, next_value;
	int have_next, next_has_answer, done;
	struct strbuf cells[5];            /* the four questions' "n of N", the tier */
};

struct det {
	struct detail d;                   /* first: the struct detail handed out */
	struct members *m;                 /* DETAIL_MEMBERS only */
	struct store_cursor *cur;
	struct cell params[AN_NPARAMS];
	struct cell row[DET_MAXCOLS];      /* rows handed out; strings borrowed */
	size_t src[DET_MAXCOLS];           /* query column of each sheet column, or DET_MADE */
	size_t c_status, c_public;         /* scope: sheet columns shown as labels */
	size_t c_qid, c_qtext;             /* responses: question id, and its text (made) */
	const struct detail_spec *full;    /* the stream's whole spec, which row[] follows */
	/*
	 * A public edition's stream: its own spec of the columns kept, keep[i]
	 * the full row's column of kept column i, and the projected row.
	 */
	int public;
	struct detail_spec pspec;
	struct detail_col pcols[DET_MAXCOLS];
	size_t keep[DET_MAXCOLS];
	struct cell prow[DET_MAXCOLS];
	int (*next_full)(struct detail *d, const struct cell **row, struct scta_err *err);
	const struct questionnaire *q;
	const struct question **byid;      /* questions sorted by id */
	size_t nq, next_q;
	struct strbuf sb;
};

static int cmp_qptr(const void *a, const void *b)
{
	return strcmp((*(const struct question *const *)a)->id, (*(const struct question *const *)b)->id);
}

static const struct question *find_q(const struct det *x, const char *id)
{
	size_t lo = 0, hi = x->nq;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(x->byid[mid]->id, id);

		if (!c)
			return x->byid[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void set_text(struct cell *c, const char *s)
{
	memset(c, 0, sizeof(*c));
	if (s) {
		c->kind = CELL_TEXT;
		c->s = (char *)s;   /* borrowed; the caller only reads it */
	}
}

static void det_close(struct detail *d)
{
	struct det *x = (struct det *)d;

	if (!x)
		return;
	store_cursor_close(x->cur);
	analysis_params_release(x->params);
	if (x->m) {
		struct members *m = x->m;
		size_t i;

		free(m->sq);
		free(m->gave);
		strbuf_release(&m->ckey);
		strbuf_release(&m->state);
		strbuf_release(&m->name);
		strbuf_release(&m->rid);
		strbuf_release(&m->next_ckey);
		strbuf_release(&m->next_state);
		strbuf_release(&m->next_name);
		strbuf_release(&m->next_rid);
		strbuf_release(&m->next_qid);
		strbuf_release(&m->next_value);
		for (i = 0; i < 5; i++)
			strbuf_release(&m->cells[i]);
		free(m);
	}
	free(x->byid);
	strbuf_release(&x->sb);
	free(x);
}

/* The sheet row from the query's row: each sheet column takes its query column by name. */
static void fill_row(struct det *x, const struct cell *in)
{
	size_t c;

	for (c = 0; c < x->full->ncols; c++) {
		struct cell *out = &x->row[c];

		if (x->src[c] == DET_MADE) {
			memset(out, 0, sizeof(*out));
			continue;
		}
		*out = in[x->src[c]];
		/* SQLite hands out a whole amount as an integer: the column holds numbers. */
		if (x->full->cols[c].kind == CELL_REAL && out->kind == CELL_INT) {
			out->kind = CELL_REAL;
			out->d = (double)out->i;
		}
	}
}

static int next_plain(struct detail *d, const struct cell **row, struct scta_err *err)
{
	struct det *x = (struct det *)d;
	const struct cell *in;
	int rc = store_cursor_next(x->cur, &in, err);

	*row = NULL;
	if (rc || !in)
		return rc;
	fill_row(x, in);
	*row = x->row;
	return 0;
}

static int next_scope(struct detail *d, const struct cell **row, struct scta_err *err)
{
	struct det *x = (struct det *)d;
	int rc = next_plain(d, row, err);

	if (rc || !*row)
		return rc;
	set_text(&x->row[x->c_status], vocab_label(&vocab_status,
						   analysis_cell_str(&x->row[x->c_status])));
	set_text(&x->row[x->c_public], vocab_label(&vocab_agreement_public,
						   analysis_cell_str(&x->row[x->c_public])));
	return 0;
}

/* The scope stream without its first three columns (ID, U.S. community, state). */
static int next_partner(struct detail *d, const struct cell **row, struct scta_err *err)
{
	struct det *x = (struct det *)d;
	const struct cell *in;
	int rc = store_cursor_next(x->cur, &in, err);

	*row = NULL;
	if (rc || !in)
		return rc;
	/* in: detail_scope's id, community, state, foreign, country, cpi, established, status, agreement */
	memcpy(x->row, in + 3, 4 * sizeof(*in));
	set_text(&x->row[4], vocab_label(&vocab_status, analysis_cell_str(&in[7])));
	set_text(&x->row[5], vocab_label(&vocab_agreement_public, analysis_cell_str(&in[8])));
	*row = x->row;
	return 0;
}

static int next_response(struct detail *d, const struct cell **row, struct scta_err *err)
{
	struct det *x = (struct det *)d;
	const struct question *qu;
	int rc = next_plain(d, row, err);

	if (rc || !*row)
		return rc;
	qu = find_q(x, analysis_cell_str(&x->row[x->c_qid]));
	/*
	 * A public edition leaves out answers to free-text questions, and to
	 * questions the questionnaire no longer has (of a type not known).
	 */
	while (x->public && (!qu || qu->type == QTYPE_TEXT)) {
		if ((rc = next_plain(d, row, err)) || !*row)
			return rc;
		qu = find_q(x, analysis_cell_str(&x->row[x->c_qid]));
	}
	set_text(&x->row[x->c_qtext], qu ? qu->text : NULL);
	return 0;
}

static void set_buf(struct strbuf *sb, const struct cell *c)
{
	strbuf_reset(sb);
	strbuf_adds(sb, c->kind == CELL_TEXT && c->s ? c->s : "");
}

/* Read the cursor's next row into m->next_* (the cursor's strings last one step only). */
static int members_read(struct det *x, struct scta_err *err)
{
	struct members *m = x->m;
	const struct cell *in;
	int rc = store_cursor_next(x->cur, &in, err);

	m->have_next = 0;
	if (rc || !in)
		return rc;
	/* in: community key, state, community, response id, question id, value */
	set_buf(&m->next_ckey, &in[0]);
	set_buf(&m->next_state, &in[1]);
	set_buf(&m->next_name, &in[2]);
	set_buf(&m->next_rid, &in[3]);
	set_buf(&m->next_qid, &in[4]);
	set_buf(&m->next_value, &in[5]);
	m->next_has_answer = in[4].kind == CELL_TEXT;
	m->have_next = 1;
	return 0;
}

static void members_add(struct members *m)
{
	size_t k;
	int idx;

	if (strcmp(m->rid.buf, m->next_rid.buf) || !m->responses) {
		m->responses++;
		strbuf_reset(&m->rid);
		strbuf_adds(&m->rid, m->next_rid.buf);
	}
	if (!m->next_has_answer)
		return;
	for (k = 0; k < m->nsq; k++)
		if (!strcmp(m->sq[k]->id, m->next_qid.buf))
			break;
	if (k == m->nsq)
		return;
	idx = scale_find(m->sq[k]->scale, m->next_value.buf);
	if (idx < 0 || !m->sq[k]->scale->valid[idx])
		return;
	m->den += m->sq[k]->weight;
	if (!strcmp(m->sq[k]->scale->values[idx], m->sq[k]->safeguard) ||
	    text_ieq(m->next_value.buf, m->sq[k]->safeguard)) {
		m->gave[k] |= 1;
		m->num += m->sq[k]->weight;
	} else {
		m->gave[k] |= 2;
	}
}

static int in_letter_topics(const struct scta_config *cfg, size_t k, const char *topic)
{
	size_t i;

	for (i = 0; i < cfg->letter.ntopics[k]; i++)
		if (!strcmp(cfg->letter.topics[k][i], topic))
			return 1;
	return 0;
}

/* One row per community: gather its rows, then say what it reported. */
static int next_member(struct detail *d, const struct cell **row, struct scta_err *err)
{
	struct det *x = (struct det *)d;
	struct members *m = x->m;
	const struct scta_config *cfg = m->cfg;
	size_t k, j;
	int rc = 0;

	*row = NULL;
	if (m->done)
		return 0;
	if (!m->have_next && (rc = members_read(x, err)))
		return rc;
	if (!m->have_next) {
		m->done = 1;
		return 0;
	}
	strbuf_reset(&m->ckey);
	strbuf_adds(&m->ckey, m->next_ckey.buf);
	strbuf_reset(&m->state);
	strbuf_adds(&m->state, m->next_state.buf);
	strbuf_reset(&m->name);
	strbuf_adds(&m->name, m->next_name.buf);
	memset(m->gave, 0, m->nsq + 1);
	m->num = m->den = 0;
	m->responses = 0;
	while (m->have_next && !strcmp(m->next_ckey.buf, m->ckey.buf)) {
		members_add(m);
		if ((rc = members_read(x, err)))
			return rc;
	}
	for (k = 0; k < 4; k++) {
		int64_t n = 0, yes = 0;

		for (j = 0; j < m->nsq; j++) {
			if (!m->gave[j] || !in_letter_topics(cfg, k, m->sq[j]->topic))
				continue;
			n++;
			yes += m->gave[j] == 1;
		}
		strbuf_reset(&m->cells[k]);
		if (n)
			strbuf_addf(&m->cells[k], "%lld of %lld", (long long)yes, (long long)n);
	}
	strbuf_reset(&m->cells[4]);
	if (m->den > 0) {
		double v = m->num / m->den;

		/* Cut-offs with the index's slack (index.c), so 3/4 lands in a 0.75 tier. */
		for (k = 0; k < cfg->index.ncuts && v < cfg->index.cuts[k] - 1e-9; k++)
			;
		strbuf_adds(&m->cells[4], cfg->index.labels && cfg->index.labels[k] ?
			    cfg->index.labels[k] : "All");
	}
	memset(x->row, 0, 8 * sizeof(x->row[0]));
	set_text(&x->row[0], m->name.buf);
	set_text(&x->row[1], m->state.buf);
	x->row[2].kind = CELL_INT;
	x->row[2].i = m->responses;
	for (k = 0; k < 5; k++)
		set_text(&x->row[3 + k], m->cells[k].len ? m->cells[k].buf : NULL);
	*row = x->row;
	return 0;
}

static int next_question(struct detail *d, const struct cell **row, struct scta_err *err)
{
	struct det *x = (struct det *)d;
	const struct question *qu;
	size_t i;

	(void)err;
	*row = NULL;
	if (!x->q || x->next_q >= x->q->nquestions)
		return 0;
	qu = &x->q->questions[x->next_q++];
	strbuf_reset(&x->sb);
	switch (qu->type) {
	case QTYPE_CHOICE:
		for (i = 0; qu->scale && i < qu->scale->n; i++)
			strbuf_addf(&x->sb, "%s%s (%s)%s", i ? ", " : "", qu->scale->values[i],
				    qu->scale->labels[i], qu->scale->valid[i] ? "" : " - outside the base");
		break;
	case QTYPE_COUNT:
		strbuf_adds(&x->sb, "a whole number, 0 or more");
		break;
	case QTYPE_AMOUNT:
		strbuf_adds(&x->sb, "a number");
		break;
	case QTYPE_TEXT:
		strbuf_adds(&x->sb, "free text");
		break;
	}
	set_text(&x->row[0], qu->id);
	set_text(&x->row[1], questionnaire_topic_title(x->q, qu->topic));
	set_text(&x->row[2], qu->text);
	set_text(&x->row[3], question_type_name(qu->type));
	set_text(&x->row[4], qu->scale ? qu->scale->name : NULL);
	set_text(&x->row[5], x->sb.buf);
	memset(&x->row[6], 0, sizeof(x->row[6]));
	x->row[6].kind = CELL_REAL;
	x->row[6].d = qu->weight;
	set_text(&x->row[7], qu->safeguard);
	*row = x->row;
	return 0;
}

int analysis_detail_bind(const struct detail_spec *spec, const char *query,
			 const char *const *names, size_t n, size_t *src, struct scta_err *err)
{
	size_t c, j;

	if (spec->ncols > DET_MAXCOLS)
		return scta_err_set(err, SCTA_ERR_RUNTIME, "analysis: detail '%s' has %zu columns "
				    "(at most %d)", spec->sheet, spec->ncols, DET_MAXCOLS);
	for (c = 0; c < spec->ncols; c++) {
		src[c] = DET_MADE;
		if (!spec->cols[c].field)
			continue;
		for (j = 0; j < n && strcmp(names[j], spec->cols[c].field); j++)
			;
		if (j == n)
			return scta_err_set(err, SCTA_ERR_RUNTIME,
					    "analysis: detail '%s' column '%s' shows query column '%s', "
					    "which query '%s' does not have", spec->sheet,
					    spec->cols[c].name, spec->cols[c].field, query);
		src[c] = j;
	}
	/* A query column no sheet column shows was added to one side only. */
	for (j = 0; j < n; j++) {
		for (c = 0; c < spec->ncols && !(spec->cols[c].field &&
						 !strcmp(spec->cols[c].field, names[j])); c++)
			;
		if (c == spec->ncols)
			return scta_err_set(err, SCTA_ERR_RUNTIME,
					    "analysis: query '%s' column '%s' is on no column of detail "
					    "'%s'", query, names[j], spec->sheet);
	}
	return 0;
}

/* The sheet column showing query column `field` (NULL: the first the stream makes). */
static size_t sheet_col(const struct detail_spec *spec, const char *field)
{
	size_t c;

	for (c = 0; c < spec->ncols; c++)
		if (field ? spec->cols[c].field && !strcmp(spec->cols[c].field, field)
			  : !spec->cols[c].field)
			return c;
	return DET_MADE;
}

/* Tie the open stream's sheet columns to its query's, and find the columns it decorates. */
static int det_bind(struct det *x, const char *query, struct scta_err *err)
{
	const struct detail_spec *spec = x->d.spec;
	size_t n = store_cursor_ncols(x->cur), j;
	const char **names = xcalloc(n ? n : 1, sizeof(*names));
	int rc;

	for (j = 0; j < n; j++)
		names[j] = store_cursor_colname(x->cur, j);
	rc = analysis_detail_bind(spec, query, names, n, x->src, err);
	free(names);
	if (rc)
		return rc;
	x->c_status = sheet_col(spec, "status");
	x->c_public = sheet_col(spec, "agreement_public");
	x->c_qid = sheet_col(spec, "question_id");
	x->c_qtext = sheet_col(spec, NULL);
	if ((spec->kind == DETAIL_SCOPE && (x->c_status == DET_MADE || x->c_public == DET_MADE)) ||
	    (spec->kind == DETAIL_RESPONSES && (x->c_qid == DET_MADE || x->c_qtext == DET_MADE)))
		return scta_err_set(err, SCTA_ERR_RUNTIME,
				    "analysis: detail '%s' lacks a column its stream fills in",
				    spec->sheet);
	return 0;
}

/* A public edition's row: the full row's kept columns (cells borrowed). */
static int next_public(struct detail *d, const struct cell **row, struct scta_err *err)
{
	struct det *x = (struct det *)d;
	const struct cell *full;
	size_t i;
	int rc = x->next_full(d, &full, err);

	*row = NULL;
	if (rc || !full)
		return rc;
	for (i = 0; i < x->pspec.ncols; i++)
		x->prow[i] = full[x->keep[i]];
	*row = x->prow;
	return 0;
}

/* Make x's stream a public edition's: its spec and rows without the restricted columns. */
static void make_public(struct det *x)
{
	const struct detail_spec *full = x->full;
	size_t i, n = 0;

	x->public = 1;
	x->pspec = *full;
	for (i = 0; i < full->ncols && i < DET_MAXCOLS; i++) {
		if (col_restricted(&full->cols[i]))
			continue;
		x->pcols[n] = full->cols[i];
		x->keep[n++] = i;
	}
	if (n == full->ncols)
		return;
	x->pspec.cols = x->pcols;
	x->pspec.ncols = n;
	x->d.spec = &x->pspec;
	x->next_full = x->d.next;
	x->d.next = next_public;
}

int analysis_detail_open(const struct analysis *an, enum detail_kind kind, struct detail **out,
			 struct scta_err *err)
{
	return analysis_detail_open_on(an->store, an->cfg, an->q, kind, out, err);
}

int analysis_detail_open_on(struct store *st, const struct scta_config *cfg,
			    const struct questionnaire *q, enum detail_kind kind, struct detail **out,
			    struct scta_err *err)
{
	static const char *const queries[DETAIL__COUNT] = {
		"detail_partnerships", "detail_scope", "detail_responses", NULL, "detail_rejects",
		"member_answers", "detail_scope"
	};
	struct det *x = NULL;
	size_t i;
	int rc = 0;

	*out = NULL;
	if ((int)kind < 0 || kind >= DETAIL__COUNT)
		return scta_err_set(err, SCTA_ERR_RUNTIME, "analysis: no detail stream %d", (int)kind);
	x = xcalloc(1, sizeof(*x));
	strbuf_init(&x->sb);
	x->d.spec = &specs[kind];
	x->full = &specs[kind];
	x->d.close = det_close;
	x->q = q;
	analysis_params_init(x->params, cfg);
	switch (kind) {
	case DETAIL_SCOPE: x->d.next = next_scope; break;
	case DETAIL_RESPONSES: x->d.next = next_response; break;
	case DETAIL_QUESTIONS: x->d.next = next_question; break;
	case DETAIL_MEMBERS: x->d.next = next_member; break;
	case DETAIL_PARTNERS: x->d.next = next_partner; break;
	default: x->d.next = next_plain; break;
	}
	if (kind == DETAIL_RESPONSES && q) {
		x->nq = q->nquestions;
		x->byid = xcalloc(x->nq + 1, sizeof(*x->byid));
		for (i = 0; i < x->nq; i++)
			x->byid[i] = &q->questions[i];
		qsort(x->byid, x->nq, sizeof(*x->byid), cmp_qptr);
	}
	if (kind == DETAIL_MEMBERS) {
		struct members *m = xcalloc(1, sizeof(*m));
		struct strbuf ids = STRBUF_INIT;
		size_t nq = q ? q->nquestions : 0;

		m->cfg = cfg;
		m->sq = xcalloc(nq + 1, sizeof(*m->sq));
		for (i = 0; i < nq; i++) {
			const struct question *qu = &q->questions[i];

			if (!qu->safeguard || !*qu->safeguard || qu->type != QTYPE_CHOICE || !qu->scale)
				continue;
			m->sq[m->nsq++] = qu;
			if (ids.len)
				strbuf_addch(&ids, '\n');
			strbuf_adds(&ids, qu->id);
		}
		m->gave = xcalloc(m->nsq + 1, 1);
		strbuf_init(&m->ckey);
		strbuf_init(&m->state);
		strbuf_init(&m->name);
		strbuf_init(&m->rid);
		strbuf_init(&m->next_ckey);
		strbuf_init(&m->next_state);
		strbuf_init(&m->next_name);
		strbuf_init(&m->next_rid);
		strbuf_init(&m->next_qid);
		strbuf_init(&m->next_value);
		for (i = 0; i < 5; i++)
			strbuf_init(&m->cells[i]);
		x->m = m;
		/* ?4: the safeguard questions (the stream's query takes them as the index's does). */
		cell_text(&x->params[3], ids.buf);
		strbuf_release(&ids);
	}
	if (queries[kind] && !st) {
		rc = scta_err_set(err, SCTA_ERR_RUNTIME, "analysis: no database to read '%s' from",
				  x->d.spec->sheet);
	} else if (queries[kind]) {
		rc = store_query(st, queries[kind], x->params, AN_NPARAMS, &x->cur, err);
		/*
		 * Sheet columns take their query columns by name; the letter's and
		 * the profile's streams (members, partners) build their rows themselves.
		 */
		if (!rc && kind != DETAIL_MEMBERS && kind != DETAIL_PARTNERS)
			rc = det_bind(x, queries[kind], err);
	}
	if (rc) {
		det_close(&x->d);
		return rc;
	}
	if (cfg && cfg->report.audience == AUDIENCE_PUBLIC)
		make_public(x);
	*out = &x->d;
	return 0;
}
