/*
 * laws.c - the state laws on sister-city agreements (reference data,
 * data/reference/state_laws.csv) laid over the partnership records: which
 * partnerships a law covers, in scope and out of scope, by status, and
 * whether each law's deadline had passed at the report date.
 *
 * A law covers a partnership when the partnership's U.S. state is the
 * law's state and its foreign country is on the law's list. Every
 * partnership in the records counts, in scope or not: a law does not care
 * about the CPI. A status left blank is "Not recorded", never a default.
 *
 * "Passed" is defined once here (deadline_passed) and stated in the notes:
 * the report date ([report] date) is later than the deadline; a report
 * date given as a month counts as its first day, so a deadline inside that
 * month has not passed.
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

/* Statuses in the contract's order, then "Not recorded" (NST). */
#define NST 6

struct law {
	char *id, *state, *state_name, *citation, *title, *requirement, *effective, *deadline;
	char *as_of, *list_source, *url, *countries;
	int passed;                       /* 1 passed, 0 not yet, -1 no deadline */
	int64_t n[NST][2];                /* [status][in scope] */
};

struct laws {
	struct law *v;
	size_t n;
};

static void laws_free(struct laws *ls)
{
	size_t i;

	for (i = 0; i < ls->n; i++) {
		struct law *l = &ls->v[i];

		free(l->id), free(l->state), free(l->state_name), free(l->citation);
		free(l->title), free(l->requirement), free(l->effective), free(l->deadline);
		free(l->as_of), free(l->list_source), free(l->url), free(l->countries);
	}
	free(ls->v);
}

static int date_cmp(const struct date *a, const struct date *b)
{
	if (a->y != b->y)
		return a->y < b->y ? -1 : 1;
	if (a->m != b->m)
		return a->m < b->m ? -1 : 1;
	return a->d < b->d ? -1 : a->d > b->d;
}

int analysis_deadline_passed(const char *report_date, const char *deadline)
{
	struct date r, d;

	if (!deadline || !*deadline || text_date(deadline, &d))
		return -1;
	if (!report_date || text_date(report_date, &r))
		return 0;
	/* A month is its first day; a year alone (not accepted by config) its January 1. */
	if (!r.m)
		r.m = 1;
	if (!r.d)
		r.d = 1;
	if (!d.m)
		d.m = 12;
	if (!d.d)
		d.d = 31;
	return date_cmp(&r, &d) > 0;
}

static const char *passed_text(int passed)
{
	return passed < 0 ? "No deadline" : passed ? "Yes" : "No";
}

static char *dup_cell(const struct cell *c)
{
	return xstrdup(analysis_cell_str(c));
}

static int read_laws(struct an_run *r, struct laws *ls, struct scta_err *err)
{
	struct store_cursor *c = NULL;
	const struct cell *row;
	size_t i, cap = 0;
	int rc, s;

	FOR_ROWS(r, "state_law_list", c, row, rc, err) {
		struct law *l;

		if (ls->n == cap) {
			cap = cap ? cap * 2 : 8;
			ls->v = xrealloc(ls->v, cap * sizeof(*ls->v));
		}
		l = &ls->v[ls->n++];
		memset(l, 0, sizeof(*l));
		l->id = dup_cell(&row[0]);
		l->state = dup_cell(&row[1]);
		l->state_name = dup_cell(&row[2]);
		l->citation = dup_cell(&row[3]);
		l->title = dup_cell(&row[4]);
		l->requirement = dup_cell(&row[5]);
		l->effective = dup_cell(&row[6]);
		l->deadline = dup_cell(&row[7]);
		l->as_of = dup_cell(&row[8]);
		l->list_source = dup_cell(&row[9]);
		l->url = dup_cell(&row[10]);
		l->countries = dup_cell(&row[11]);
		l->passed = analysis_deadline_passed(r->cfg->report.date, l->deadline);
	}
	store_cursor_close(c);
	c = NULL;
	if (rc)
		return rc;
	FOR_ROWS(r, "state_law_coverage", c, row, rc, err) {
		const char *id = analysis_cell_str(&row[0]);
		int in = analysis_cell_int(&row[2]) != 0;

		s = NST - 1;
		if (row[1].kind != CELL_NULL)
			s = vocab_index(&vocab_status, analysis_cell_str(&row[1]));
		if (s < 0)
			s = NST - 1;   /* the schema's CHECK makes this unreachable */
		for (i = 0; i < ls->n; i++)
			if (!strcmp(ls->v[i].id, id))
				ls->v[i].n[s][in] += analysis_cell_int(&row[3]);
	}
	store_cursor_close(c);
	return rc;
}

static int64_t law_total(const struct law *l, int in)
{
	int64_t t = 0;
	int s;

	for (s = 0; s < NST; s++)
		t += in < 0 ? l->n[s][0] + l->n[s][1] : l->n[s][in];
	return t;
}

/* Covered partnerships not recorded as terminated (blank status included). */
static int64_t law_not_terminated(const struct law *l)
{
	int term = vocab_index(&vocab_status, "terminated");

	return law_total(l, -1) - l->n[term][0] - l->n[term][1];
}

static void note_passed(struct an_run *r, struct table *t)
{
	table_add_note(t, "A deadline has passed when the report date (%s) is later than the "
		       "deadline; a report date given as a month counts as its first day, so a "
		       "deadline within that month has not passed. \"No deadline\": the law as "
		       "recorded sets no date.", r->cfg->report.date ? r->cfg->report.date : "");
}

static void note_cover(struct table *t)
{
	table_add_note(t, "A law covers a partnership when the U.S. community is in the law's "
		       "state and the foreign country is on the law's list; partnerships out of "
		       "scope of this report (a higher CPI score, no score, or a status not counted "
		       "as operating) are counted too.");
}

static void note_verify(struct table *t)
{
	table_add_note(t, "The laws and their country lists are bundled reference data "
		       "(state_laws.csv), each with the date its list was taken; they are a "
		       "summary, not legal advice, and must be checked against the statutes.");
}

/* One row per law: what it requires and what it covers. */
static void summary_table(struct an_run *r, const struct laws *ls)
{
	struct table *t = analysis_table_new("state_law_summary",
					     "Partnerships covered by state laws on sister-city "
					     "agreements", "laws", r->src_law);
	int64_t in = 0, out = 0, nt = 0;
	struct cell *o;
	size_t i;
	char label[96];

	table_add_col(t, "Law", CELL_TEXT);
	table_add_col(t, "Citation", CELL_TEXT);
	table_add_col(t, "Requires", CELL_TEXT);
	table_add_col(t, "Deadline", CELL_TEXT);
	table_add_col(t, "Deadline passed", CELL_TEXT);
	table_add_col(t, "In scope", CELL_INT);
	table_add_col(t, "Out of scope", CELL_INT);
	table_add_col(t, "Covered", CELL_INT);
	table_add_col(t, "Not recorded as terminated", CELL_INT);
	for (i = 0; i < ls->n; i++) {
		const struct law *l = &ls->v[i];

		o = table_add_row(t);
		snprintf(label, sizeof(label), "%s (%s)", l->id, l->state_name);
		cell_text(&o[0], label);
		cell_text(&o[1], l->citation);
		cell_text(&o[2], vocab_label(&vocab_law_requirement, l->requirement));
		cell_text(&o[3], *l->deadline ? l->deadline : "None");
		cell_text(&o[4], passed_text(l->passed));
		cell_int(&o[5], law_total(l, 1));
		cell_int(&o[6], law_total(l, 0));
		cell_int(&o[7], law_total(l, -1));
		cell_int(&o[8], law_not_terminated(l));
		in += law_total(l, 1);
		out += law_total(l, 0);
		nt += law_not_terminated(l);
	}
	o = table_add_row(t);
	cell_text(&o[0], "Total");
	cell_int(&o[5], in);
	cell_int(&o[6], out);
	cell_int(&o[7], in + out);
	cell_int(&o[8], nt);
	t->has_total = 1;
	t->chart = CHART_BAR;
	t->chart_col = 7;
	table_set_base(t, "n = %s covered by %s", analysis_count(r, in + out, "partnership",
								 "partnerships"),
		       analysis_count(r, (int64_t)ls->n, "state law", "state laws"));
	note_cover(t);
	analysis_note_scope(r, t);
	note_passed(r, t);
	table_add_note(t, "\"Not recorded as terminated\" counts every status other than "
		       "terminated, and partnerships whose status is not recorded.");
	if (!ls->n)
		table_add_note(t, "The reference data holds no state law.");
	note_verify(t);
	analysis_add_table(r, t);
}

/* Every law by status, in scope and out of scope. */
static void status_table(struct an_run *r, const struct laws *ls)
{
	struct table *t = analysis_table_new("state_law_status",
					     "Partnerships covered by state laws, by status", "laws",
					     r->src_law);
	int64_t tot[NST][2];
	struct cell *o;
	size_t i;
	int s;

	memset(tot, 0, sizeof(tot));
	table_add_col(t, "Law", CELL_TEXT);
	table_add_col(t, "State", CELL_TEXT);
	table_add_col(t, "Deadline passed", CELL_TEXT);
	table_add_col(t, "Status", CELL_TEXT);
	table_add_col(t, "In scope", CELL_INT);
	table_add_col(t, "Out of scope", CELL_INT);
	table_add_col(t, "Total", CELL_INT);
	for (i = 0; i < ls->n; i++) {
		const struct law *l = &ls->v[i];

		for (s = 0; s < NST; s++) {
			o = table_add_row(t);
			cell_text(&o[0], l->id);
			cell_text(&o[1], l->state);
			cell_text(&o[2], passed_text(l->passed));
			cell_text(&o[3], s < NST - 1 ? vocab_status.labels[s] : VOCAB_NOT_RECORDED);
			cell_int(&o[4], l->n[s][1]);
			cell_int(&o[5], l->n[s][0]);
			cell_int(&o[6], l->n[s][0] + l->n[s][1]);
			tot[s][0] += l->n[s][0];
			tot[s][1] += l->n[s][1];
		}
	}
	for (s = 0; s < NST; s++) {
		o = table_add_row(t);
		cell_text(&o[0], "All laws");
		cell_text(&o[3], s < NST - 1 ? vocab_status.labels[s] : VOCAB_NOT_RECORDED);
		cell_int(&o[4], tot[s][1]);
		cell_int(&o[5], tot[s][0]);
		cell_int(&o[6], tot[s][0] + tot[s][1]);
	}
	table_set_base(t, "n = partnerships covered by each law");
	note_cover(t);
	table_add_note(t, "\"%s\" counts records that give no status.", VOCAB_NOT_RECORDED);
	analysis_note_scope(r, t);
	note_passed(r, t);
	note_verify(t);
	analysis_add_table(r, t);
}

/* The laws themselves; what each says and its sources in the notes. */
static void list_table(struct an_run *r, const struct laws *ls)
{
	struct table *t = analysis_table_new("state_laws", "State laws on sister-city agreements",
					     "laws", r->src_law);
	struct strbuf sb = STRBUF_INIT;
	struct cell *o;
	size_t i;

	table_add_col(t, "Law", CELL_TEXT);
	table_add_col(t, "Citation", CELL_TEXT);
	table_add_col(t, "Requires", CELL_TEXT);
	table_add_col(t, "Effective", CELL_TEXT);
	table_add_col(t, "Deadline", CELL_TEXT);
	table_add_col(t, "Countries (ISO3)", CELL_TEXT);
	table_add_col(t, "Country list taken", CELL_TEXT);
	for (i = 0; i < ls->n; i++) {
		const struct law *l = &ls->v[i];

		o = table_add_row(t);
		cell_text(&o[0], l->id);
		cell_text(&o[1], l->citation);
		cell_text(&o[2], vocab_label(&vocab_law_requirement, l->requirement));
		cell_text(&o[3], *l->effective ? l->effective : VOCAB_NOT_RECORDED);
		cell_text(&o[4], *l->deadline ? l->deadline : "None");
		cell_text(&o[5], l->countries);
		cell_text(&o[6], l->as_of);
	}
	table_set_base(t, "n = %s", analysis_count(r, (int64_t)ls->n, "law", "laws"));
	for (i = 0; i < ls->n; i++) {
		const struct law *l = &ls->v[i];

		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s (%s): %s.", l->id, l->state_name, l->title);
		if (*l->url)
			strbuf_addf(&sb, " Text: %s", l->url);
		if (*l->list_source)
			strbuf_addf(&sb, " Country list: %s.", l->list_source);
		table_add_note(t, "%s", sb.buf);
	}
	strbuf_release(&sb);
	note_verify(t);
	analysis_add_table(r, t);
}

/* Figures and the sentence templates use. */
static void law_figures(struct an_run *r, const struct laws *ls)
{
	struct strbuf sb = STRBUF_INIT;
	int64_t in = 0, all = 0, overdue = 0, term = 0, due = 0, nr = 0;
	size_t i;
	char a[96], b[96], c[32];
	int t = vocab_index(&vocab_status, "terminated");

	for (i = 0; i < ls->n; i++) {
		const struct law *l = &ls->v[i];

		in += law_total(l, 1);
		all += law_total(l, -1);
		term += l->n[t][0] + l->n[t][1];
		nr += l->n[NST - 1][0] + l->n[NST - 1][1];
		if (l->passed == 1 && !strcmp(l->requirement, "terminate")) {
			overdue += law_not_terminated(l);
			due += law_total(l, -1);
		}
	}
	analysis_fig_int(r, "state_law_covered", "Partnerships a state law covers", all);
	analysis_fig_int(r, "state_law_covered_in_scope", "In-scope partnerships a state law covers",
			 in);
	analysis_fig_int(r, "state_law_overdue",
			 "Partnerships a law required to be terminated by a passed deadline, not "
			 "recorded as terminated", overdue);
	if (!all) {
		strbuf_addf(&sb, "No partnership in the records is with a country that a state law "
			    "in the reference data (%s) restricts for its state.",
			    text_count((int64_t)ls->n, "law", "laws", a, sizeof(a)));
	} else {
		strbuf_addf(&sb, "State laws on sister-city agreements cover %s in the records, "
			    "%s in scope; %s recorded as terminated",
			    text_count(all, "partnership", "partnerships", a, sizeof(a)),
			    analysis_num(in, c),
			    text_count(term, "is", "are", b, sizeof(b)));
		if (nr)
			strbuf_addf(&sb, ", and %s no recorded status",
				    text_count(nr, "has", "have", a, sizeof(a)));
		strbuf_adds(&sb, ".");
		if (due)
			strbuf_addf(&sb, " Of the %s covered by a law whose termination deadline had "
				    "passed by the report date, %s not recorded as terminated.",
				    analysis_num(due, c), text_count(overdue, "is", "are", a, sizeof(a)));
	}
	analysis_fig_text(r, "state_law_sentence", "What the records say about state laws", sb.buf);
	strbuf_release(&sb);
}

int analysis_laws(struct an_run *r, struct scta_err *err)
{
	struct laws ls = { NULL, 0 };
	int rc = read_laws(r, &ls, err);

	if (!rc) {
		summary_table(r, &ls);
		status_table(r, &ls);
		list_table(r, &ls);
		law_figures(r, &ls);
	}
	laws_free(&ls);
	return rc;
}
