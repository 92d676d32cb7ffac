/*
 * scope.c - which partnerships the study covers, and what they look like:
 * the scope tables (by country, state, type, status, decade, CPI band), the
 * partnerships that cannot be scored, agreement availability, provisions,
 * and the headline figures about them.
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

struct scope_figs {
	int64_t total, scored, le_max, cpi_count;
	int64_t not_scored;
	char *top_name;
	int64_t top_n;
	int64_t online, not_public, political, intermediary;
	int64_t avail_recorded;      /* availability recorded (not blank, not "unknown") */
	int64_t political_recorded, status_unrecorded, low_total;
};

static void base_in_scope(struct an_run *r, struct table *t)
{
	table_set_base(t, "n = %s", analysis_count(r, r->in_scope, "partnership in scope",
							 "partnerships in scope"));
}

static int counts(struct an_run *r, struct scope_figs *f, struct scta_err *err)
{
	struct store_cursor *c = NULL;
	const struct cell *row;
	int rc;

	rc = analysis_query(r, "partnership_counts", &c, err);
	if (!rc)
		rc = store_cursor_next(c, &row, err);
	if (!rc && row) {
		f->total = analysis_cell_int(&row[0]);
		f->scored = analysis_cell_int(&row[1]);
		f->le_max = analysis_cell_int(&row[2]);
		f->cpi_count = analysis_cell_int(&row[3]);
	}
	store_cursor_close(c);
	c = NULL;
	if (rc)
		return rc;
	if (f->cpi_count == 0)
		return scta_err_set(err, SCTA_ERR_CONFIG,
				    "[scope] cpi_year = %d: the reference data has no Corruption "
				    "Perceptions Index scores for that year", r->cfg->scope.cpi_year);
	f->not_scored = f->total - f->scored;
	r->scored = f->scored;

	rc = analysis_query(r, "scope_totals", &c, err);
	if (!rc)
		rc = store_cursor_next(c, &row, err);
	if (!rc && row) {
		r->in_scope = analysis_cell_int(&row[0]);
		r->communities = analysis_cell_int(&row[1]);
		r->countries = analysis_cell_int(&row[2]);
		r->states = analysis_cell_int(&row[3]);
	}
	store_cursor_close(c);
	return rc;
}

static int by_country(struct an_run *r, struct scope_figs *f, struct scta_err *err)
{
	struct table *t = analysis_table_new("scope_by_country",
					     "In-scope partnerships by foreign country", "scope", r->src_part);
	struct store_cursor *c = NULL;
	const struct cell *row;
	struct cell *o;
	int rc;

	table_add_col(t, "Country", CELL_TEXT);
	table_add_col(t, "ISO3", CELL_TEXT);
	table_add_col(t, "CPI score", CELL_INT);
	table_add_col(t, "Partnerships", CELL_INT);
	table_add_col(t, "U.S. communities", CELL_INT);
	table_add_col(t, "Percent of in-scope", CELL_PCT);
	FOR_ROWS(r, "scope_by_country", c, row, rc, err) {
		o = table_add_row(t);
		cell_text(&o[0], analysis_cell_str(&row[0]));
		cell_text(&o[1], analysis_cell_str(&row[1]));
		cell_int(&o[2], analysis_cell_int(&row[2]));
		cell_int(&o[3], analysis_cell_int(&row[3]));
		cell_int(&o[4], analysis_cell_int(&row[4]));
		cell_pct(&o[5], analysis_cell_int(&row[3]), r->in_scope);
		if (!f->top_name) {
			/* Rows come largest first (ties by name): the first is the top country. */
			f->top_name = xstrdup(analysis_cell_str(&row[0]));
			f->top_n = analysis_cell_int(&row[3]);
		}
	}
	store_cursor_close(c);
	o = table_add_row(t);
	cell_text(&o[0], "Total");
	cell_int(&o[3], r->in_scope);
	cell_int(&o[4], r->communities);
	cell_pct(&o[5], r->in_scope, r->in_scope);
	t->has_total = 1;
	t->chart = CHART_BAR;
	t->chart_col = 3;
	base_in_scope(r, t);
	analysis_note_scope(r, t);
	table_add_note(t, "A U.S. community with partnerships in more than one country is counted "
		       "once for each country, and once in the total.");
	analysis_note_rounding(t);
	analysis_add_table(r, t);
	return rc;
}

static int by_state(struct an_run *r, struct scta_err *err)
{
	struct table *t = analysis_table_new("scope_by_state", "In-scope partnerships by U.S. state",
					     "scope", r->src_part);
	struct store_cursor *c = NULL;
	const struct cell *row;
	struct cell *o;
	int rc;

	table_add_col(t, "State", CELL_TEXT);
	table_add_col(t, "State name", CELL_TEXT);
	table_add_col(t, "Partnerships", CELL_INT);
	table_add_col(t, "Communities", CELL_INT);
	table_add_col(t, "Countries", CELL_INT);
	table_add_col(t, "Percent of in-scope", CELL_PCT);
	FOR_ROWS(r, "scope_by_state", c, row, rc, err) {
		o = table_add_row(t);
		cell_text(&o[0], analysis_cell_str(&row[0]));
		cell_text(&o[1], analysis_cell_str(&row[1]));
		cell_int(&o[2], analysis_cell_int(&row[2]));
		cell_int(&o[3], analysis_cell_int(&row[3]));
		cell_int(&o[4], analysis_cell_int(&row[4]));
		cell_pct(&o[5], analysis_cell_int(&row[2]), r->in_scope);
	}
	store_cursor_close(c);
	o = table_add_row(t);
	cell_text(&o[0], "Total");
	cell_int(&o[2], r->in_scope);
	cell_int(&o[3], r->communities);
	cell_int(&o[4], r->countries);
	cell_pct(&o[5], r->in_scope, r->in_scope);
	t->has_total = 1;
	t->chart = CHART_BAR;
	t->chart_col = 2;
	base_in_scope(r, t);
	analysis_note_scope(r, t);
	table_add_note(t, "States include the District of Columbia and U.S. territories. A country "
		       "partnered by several states is counted once in the total.");
	analysis_note_rounding(t);
	analysis_add_table(r, t);
	return rc;
}

/*
 * A one-way table over a fixed list of values (every value gets a row, so
 * a zero is shown rather than left out), counted by query `id`.
 */
static int fixed_oneway(struct an_run *r, const char *id, const char *query, const char *title,
			const char *head, const struct vocab *vc,
			int64_t *counts_out, struct table **tout, struct scta_err *err)
{
	struct table *t = analysis_table_new(id, title, "scope", r->src_part);
	struct store_cursor *c = NULL;
	const struct cell *row;
	struct cell *o;
	size_t i, nv = vc->n;
	const char *const *values = vc->values;
	int64_t *n, other = 0, unrecorded = 0;
	int rc;

	n = xcalloc(nv, sizeof(*n));
	table_add_col(t, head, CELL_TEXT);
	table_add_col(t, "Partnerships", CELL_INT);
	table_add_col(t, "Percent", CELL_PCT);
	FOR_ROWS(r, query, c, row, rc, err) {
		if (row[0].kind == CELL_NULL) {
			unrecorded += analysis_cell_int(&row[1]);
			continue;
		}
		for (i = 0; i < nv; i++)
			if (!strcmp(values[i], analysis_cell_str(&row[0])))
				break;
		if (i < nv)
			n[i] += analysis_cell_int(&row[1]);
		else
			other += analysis_cell_int(&row[1]);
	}
	store_cursor_close(c);
	for (i = 0; i < nv; i++) {
		o = table_add_row(t);
		cell_text(&o[0], vc->labels[i]);
		cell_int(&o[1], n[i]);
		cell_pct(&o[2], n[i], r->in_scope);
		if (counts_out)
			counts_out[i] = n[i];
	}
	/* The schema's CHECK constraints allow no other value; count one anyway rather than lose it. */
	if (other) {
		o = table_add_row(t);
		cell_text(&o[0], "Other");
		cell_int(&o[1], other);
		cell_pct(&o[2], other, r->in_scope);
	}
	o = table_add_row(t);
	cell_text(&o[0], VOCAB_NOT_RECORDED);
	cell_int(&o[1], unrecorded);
	cell_pct(&o[2], unrecorded, r->in_scope);
	o = table_add_row(t);
	cell_text(&o[0], "Total");
	cell_int(&o[1], r->in_scope);
	cell_pct(&o[2], r->in_scope, r->in_scope);
	t->has_total = 1;
	base_in_scope(r, t);
	analysis_note_scope(r, t);
	table_add_note(t, "\"%s\" counts partnerships whose records leave this field blank; no "
		       "value is assumed for them. Percentages are of all partnerships in scope.",
		       VOCAB_NOT_RECORDED);
	analysis_note_rounding(t);
	free(n);
	*tout = t;
	return rc;
}

static int by_type(struct an_run *r, struct scta_err *err)
{
	struct table *t = NULL;
	int rc = fixed_oneway(r, "scope_by_type", "scope_by_type",
			      "In-scope partnerships by type of U.S. community", "Community type",
			      &vocab_community_type, NULL, &t, err);

	analysis_add_table(r, t);
	return rc;
}

static int by_status(struct an_run *r, struct scope_figs *f, struct scta_err *err)
{
	struct table *t = analysis_table_new("scope_by_status",
					     "Partnerships with low-CPI countries by status", "scope",
					     r->src_part);
	struct store_cursor *c = NULL;
	const struct cell *row;
	struct cell *o;
	int64_t n[8] = { 0 }, total = 0, unrecorded = 0;
	size_t i;
	char buf[32];
	int rc;

	table_add_col(t, "Status", CELL_TEXT);
	table_add_col(t, "Counted as operating", CELL_TEXT);
	table_add_col(t, "Partnerships", CELL_INT);
	table_add_col(t, "Percent", CELL_PCT);
	FOR_ROWS(r, "scope_by_status", c, row, rc, err) {
		if (row[0].kind == CELL_NULL)
			unrecorded += analysis_cell_int(&row[1]);
		for (i = 0; vocab_status.values[i]; i++)
			if (!strcmp(vocab_status.values[i], analysis_cell_str(&row[0])))
				n[i] += analysis_cell_int(&row[1]);
		total += analysis_cell_int(&row[1]);
	}
	store_cursor_close(c);
	for (i = 0; vocab_status.values[i]; i++) {
		o = table_add_row(t);
		cell_text(&o[0], vocab_label(&vocab_status, vocab_status.values[i]));
		cell_text(&o[1], config_status_counted(r->cfg, vocab_status.values[i]) ? "Yes" : "No");
		cell_int(&o[2], n[i]);
		cell_pct(&o[3], n[i], total);
	}
	o = table_add_row(t);
	cell_text(&o[0], VOCAB_NOT_RECORDED);
	cell_text(&o[1], config_status_counted(r->cfg, NULL) ? "Yes" : "No");
	cell_int(&o[2], unrecorded);
	cell_pct(&o[3], unrecorded, total);
	o = table_add_row(t);
	cell_text(&o[0], "Total");
	cell_int(&o[2], total);
	cell_pct(&o[3], total, total);
	t->has_total = 1;
	table_set_base(t, "n = %s partnerships with countries that scored %d or less on the "
		       "Corruption Perceptions Index %d", analysis_num(total, buf),
		       r->cfg->scope.cpi_max, r->cfg->scope.cpi_year);
	table_add_note(t, "The table counts every status; only statuses counted as operating put a "
		       "partnership in scope. \"%s\" counts records that give no status; whether "
		       "they are counted as operating is set by [scope] unrecorded_status.",
		       VOCAB_NOT_RECORDED);
	f->status_unrecorded = unrecorded;
	f->low_total = total;
	analysis_note_scope(r, t);
	analysis_note_rounding(t);
	analysis_add_table(r, t);
	return rc;
}

static int by_decade(struct an_run *r, struct scta_err *err)
{
	struct table *t = analysis_table_new("scope_by_decade",
					     "In-scope partnerships by decade established", "scope",
					     r->src_part);
	struct store_cursor *c = NULL;
	const struct cell *row;
	struct cell *o;
	int64_t unknown = 0;
	char label[32];
	int rc;

	table_add_col(t, "Decade", CELL_TEXT);
	table_add_col(t, "Partnerships", CELL_INT);
	table_add_col(t, "Percent", CELL_PCT);
	FOR_ROWS(r, "scope_by_decade", c, row, rc, err) {
		if (row[0].kind == CELL_NULL) {
			unknown += analysis_cell_int(&row[1]);
			continue;
		}
		o = table_add_row(t);
		snprintf(label, sizeof(label), "%llds", (long long)analysis_cell_int(&row[0]));
		cell_text(&o[0], label);
		cell_int(&o[1], analysis_cell_int(&row[1]));
		cell_pct(&o[2], analysis_cell_int(&row[1]), r->in_scope);
	}
	store_cursor_close(c);
	o = table_add_row(t);
	cell_text(&o[0], VOCAB_NOT_RECORDED);
	cell_int(&o[1], unknown);
	cell_pct(&o[2], unknown, r->in_scope);
	o = table_add_row(t);
	cell_text(&o[0], "Total");
	cell_int(&o[1], r->in_scope);
	cell_pct(&o[2], r->in_scope, r->in_scope);
	t->has_total = 1;
	t->chart = CHART_BAR;
	t->chart_col = 1;
	base_in_scope(r, t);
	analysis_note_scope(r, t);
	table_add_note(t, "\"" VOCAB_NOT_RECORDED "\" counts partnerships whose records give no "
		       "year of establishment.");
	analysis_note_rounding(t);
	analysis_add_table(r, t);
	return rc;
}

static int by_band(struct an_run *r, struct scta_err *err)
{
	const struct scta_config *cfg = r->cfg;
	struct table *t = analysis_table_new("scope_by_cpi_band",
					     "In-scope partnerships by CPI score band", "scope", r->src_part);
	struct store_cursor *c = NULL;
	const struct cell *row;
	struct cell *o;
	size_t nb = cfg->scope.nbands, i;
	int64_t *np = xcalloc(nb + 1, sizeof(*np)), *nc = xcalloc(nb + 1, sizeof(*nc));
	char label[32];
	int rc, b;

	table_add_col(t, "Band", CELL_TEXT);
	table_add_col(t, "Partnerships", CELL_INT);
	table_add_col(t, "Countries", CELL_INT);
	table_add_col(t, "Percent", CELL_PCT);
	/* A country has one score a year, so its partnerships fall in one band:
	 * distinct countries per score add up to distinct countries per band. */
	FOR_ROWS(r, "scope_by_score", c, row, rc, err) {
		b = nb ? analysis_band_of(cfg, (int)analysis_cell_int(&row[0])) : 0;
		if (b < 0)
			b = (int)nb;
		np[b] += analysis_cell_int(&row[1]);
		nc[b] += analysis_cell_int(&row[2]);
	}
	store_cursor_close(c);
	if (!nb) {
		o = table_add_row(t);
		snprintf(label, sizeof(label), "0-%d", cfg->scope.cpi_max);
		cell_text(&o[0], label);
		cell_int(&o[1], np[0]);
		cell_int(&o[2], nc[0]);
		cell_pct(&o[3], np[0], r->in_scope);
	}
	for (i = 0; i < nb; i++) {
		/* Bands wholly above the cut-off can hold no in-scope partnership. */
		if (cfg->scope.bands[i].lo > cfg->scope.cpi_max)
			continue;
		o = table_add_row(t);
		cell_text(&o[0], cfg->scope.bands[i].label);
		cell_int(&o[1], np[i]);
		cell_int(&o[2], nc[i]);
		cell_pct(&o[3], np[i], r->in_scope);
	}
	if (nb && np[nb]) {
		o = table_add_row(t);
		cell_text(&o[0], "Other scores");
		cell_int(&o[1], np[nb]);
		cell_int(&o[2], nc[nb]);
		cell_pct(&o[3], np[nb], r->in_scope);
	}
	o = table_add_row(t);
	cell_text(&o[0], "Total");
	cell_int(&o[1], r->in_scope);
	cell_int(&o[2], r->countries);
	cell_pct(&o[3], r->in_scope, r->in_scope);
	t->has_total = 1;
	base_in_scope(r, t);
	analysis_note_scope(r, t);
	table_add_note(t, "Bands are ranges of the Corruption Perceptions Index %d score (0 = highly "
		       "corrupt, 100 = very clean), inclusive at both ends.", cfg->scope.cpi_year);
	analysis_note_rounding(t);
	analysis_add_table(r, t);
	free(np);
	free(nc);
	return rc;
}

static int not_scored(struct an_run *r, struct scope_figs *f, struct scta_err *err)
{
	struct table *t = analysis_table_new("not_scored",
					     "Partnerships whose country has no CPI score", "scope",
					     r->src_part);
	struct store_cursor *c = NULL;
	const struct cell *row;
	struct cell *o;
	size_t i;
	int rc;

	table_add_col(t, "Partnership ID", CELL_TEXT);
	table_add_col(t, "U.S. community", CELL_TEXT);
	table_add_col(t, "State", CELL_TEXT);
	table_add_col(t, "Foreign community", CELL_TEXT);
	table_add_col(t, "Country", CELL_TEXT);
	table_add_col(t, "ISO3", CELL_TEXT);
	FOR_ROWS(r, "not_scored", c, row, rc, err) {
		o = table_add_row(t);
		for (i = 0; i < 6; i++)
			cell_text(&o[i], analysis_cell_str(&row[i]));
	}
	store_cursor_close(c);
	table_set_base(t, "n = %s", analysis_count(r, (int64_t)t->nrows, "partnership", "partnerships"));
	table_add_note(t, "Transparency International published no Corruption Perceptions Index %d "
		       "score for these countries, so the scope rule cannot be applied to these "
		       "partnerships; they are listed here, whatever their status, and counted in no "
		       "other table.", r->cfg->scope.cpi_year);
	f->not_scored = (int64_t)t->nrows;
	analysis_add_table(r, t);
	return rc;
}

/* A row "n of N what": count, base, the share in words and as a percent of the base. */
static void share_row(struct table *t, const char *label, int64_t n, int64_t base,
		      const char *what)
{
	struct cell *o = table_add_row(t);
	char a[32], b[32], share[160];

	cell_text(&o[0], label);
	cell_int(&o[1], n);
	cell_int(&o[2], base);
	snprintf(share, sizeof(share), "%s of %s %s", analysis_num(n, a), analysis_num(base, b), what);
	cell_text(&o[3], share);
	cell_pct(&o[4], n, base);
}

/*
 * Availability as recorded. The five recorded values are shares of the
 * agreements whose availability is known; "Unknown" (recorded as such) and
 * "Not recorded" (left blank) are shares of every agreement in scope: each
 * row names its base.
 */
static int availability(struct an_run *r, struct scope_figs *f, struct scta_err *err)
{
	struct table *t = analysis_table_new("agreement_availability",
					     "Availability of in-scope partnership agreements",
					     "transparency", r->src_part);
	struct store_cursor *c = NULL;
	const struct cell *row;
	int64_t n[8] = { 0 }, unrecorded = 0, known = 0;
	char buf[32], buf2[32];
	size_t i, unknown = 0;
	int rc;

	table_add_col(t, "Availability", CELL_TEXT);
	table_add_col(t, "Agreements", CELL_INT);
	table_add_col(t, "Of (N)", CELL_INT);
	table_add_col(t, "Share", CELL_TEXT);
	table_add_col(t, "Percent", CELL_PCT);
	FOR_ROWS(r, "scope_by_availability", c, row, rc, err) {
		if (row[0].kind == CELL_NULL)
			unrecorded += analysis_cell_int(&row[1]);
		for (i = 0; vocab_agreement_public.values[i]; i++)
			if (!strcmp(vocab_agreement_public.values[i], analysis_cell_str(&row[0])))
				n[i] += analysis_cell_int(&row[1]);
	}
	store_cursor_close(c);
	for (i = 0; vocab_agreement_public.values[i]; i++) {
		if (!strcmp(vocab_agreement_public.values[i], "unknown"))
			unknown = i;
		else
			known += n[i];
	}
	for (i = 0; vocab_agreement_public.values[i]; i++)
		if (i != unknown)
			share_row(t, vocab_label(&vocab_agreement_public, vocab_agreement_public.values[i]), n[i], known,
				  "with availability recorded");
	share_row(t, "Unknown (so recorded)", n[unknown], r->in_scope, "in scope");
	share_row(t, VOCAB_NOT_RECORDED, unrecorded, r->in_scope, "in scope");
	share_row(t, "Total", r->in_scope, r->in_scope, "in scope");
	t->has_total = 1;
	t->chart = CHART_BAR;
	t->chart_col = 1;
	f->online = n[0];
	f->not_public = n[2] + n[3];
	f->avail_recorded = known;
	table_set_base(t, "n = %s agreements of partnerships in scope; availability recorded for %s",
		       analysis_num(r->in_scope, buf), analysis_num(known, buf2));
	analysis_note_scope(r, t);
	table_add_note(t, "Availability is as recorded in the partnership records. Percentages of "
		       "posted, on request, not available and confidential agreements are of the "
		       "agreements whose availability is recorded; \"Unknown\" and \"%s\" (the "
		       "record is blank) are percentages of all agreements in scope. Each row's base "
		       "is in the column Of (N).", VOCAB_NOT_RECORDED);
	analysis_add_table(r, t);
	return rc;
}

/* One provision: yes, no, unknown or not recorded, and yes as a share of the recorded. */
static void provision_row(struct table *t, const char *label, int64_t yes, int64_t no,
			  int64_t unrecorded)
{
	struct cell *o = table_add_row(t);
	char a[32], b[32], share[96];

	cell_text(&o[0], label);
	cell_int(&o[1], yes);
	cell_int(&o[2], no);
	cell_int(&o[3], unrecorded);
	cell_int(&o[4], yes + no);
	snprintf(share, sizeof(share), "%s of %s recorded", analysis_num(yes, a),
		 analysis_num(yes + no, b));
	cell_text(&o[5], share);
	cell_pct(&o[6], yes, yes + no);
}

static int provisions(struct an_run *r, struct scope_figs *f, struct scta_err *err)
{
	struct table *t = analysis_table_new("provisions",
					     "Provisions and activities of in-scope partnerships",
					     "activities", r->src_part);
	struct store_cursor *c = NULL;
	const struct cell *row;
	int64_t act[16] = { 0 }, with_acts = 0, without_acts = 0;
	char label[64];
	size_t i;
	int rc;

	table_add_col(t, "Provision", CELL_TEXT);
	table_add_col(t, "Yes", CELL_INT);
	table_add_col(t, "No", CELL_INT);
	table_add_col(t, "Unknown or not recorded", CELL_INT);
	table_add_col(t, "Recorded (N)", CELL_INT);
	table_add_col(t, "Share", CELL_TEXT);
	table_add_col(t, "Percent of recorded", CELL_PCT);
	rc = analysis_query(r, "scope_provisions", &c, err);
	if (!rc)
		rc = store_cursor_next(c, &row, err);
	if (!rc && row) {
		int64_t v[11];

		for (i = 0; i < 11; i++)
			v[i] = analysis_cell_int(&row[i]);
		f->political = v[0];
		f->political_recorded = v[0] + v[1];
		f->intermediary = v[6];
		with_acts = v[9];
		without_acts = v[10];
		provision_row(t, "Political commitment in the agreement (such as a \"One China\" clause)",
			      v[0], v[1], v[2]);
		provision_row(t, "Recognized by Sister Cities International", v[3], v[4], v[5]);
		provision_row(t, "Brokered or managed by an intermediary organization", v[6], v[7],
			      v[8]);
	}
	store_cursor_close(c);
	c = NULL;
	if (rc)
		goto out;
	FOR_ROWS(r, "scope_activities", c, row, rc, err) {
		for (i = 0; vocab_activity.values[i]; i++)
			if (!strcmp(vocab_activity.values[i], analysis_cell_str(&row[0])))
				act[i] += analysis_cell_int(&row[1]);
	}
	/* Activities are recorded as a list: a partnership with a list and without A did not do A. */
	for (i = 0; vocab_activity.values[i]; i++) {
		snprintf(label, sizeof(label), "Activities: %s", vocab_activity.labels[i]);
		provision_row(t, label, act[i], with_acts - act[i], without_acts);
	}
	t->chart = CHART_BAR;
	t->chart_col = 1;
	table_set_base(t, "n = %s", analysis_count(r, r->in_scope, "partnership in scope",
							 "partnerships in scope"));
	analysis_note_scope(r, t);
	table_add_note(t, "A partnership may have several provisions and activities, so the rows "
		       "do not add to the total. Percentages are of the partnerships for which the "
		       "provision is recorded (yes or no); a provision left blank or recorded as "
		       "unknown is counted in neither. An intermediary is recorded as \"no\" when the "
		       "record says none; activities count as recorded when the record lists any.");
out:
	store_cursor_close(c);
	analysis_add_table(r, t);
	return rc;
}

/*
 * The sentences templates use about agreements, with counts in agreeing
 * number and the base named: "not recorded for 944 of 944", never "0 of 944".
 */
static void scope_sentences(struct an_run *r, const struct scope_figs *f)
{
	struct strbuf sb = STRBUF_INIT;
	char a[96], b[32], c[96], pct[32];
	int64_t unrec = r->in_scope - f->avail_recorded;

	if (r->in_scope == 0) {
		strbuf_adds(&sb, "No partnership in the records is in scope, so no agreement was "
			    "analyzed.");
	} else if (f->avail_recorded == 0) {
		strbuf_addf(&sb, "Whether the agreement is available to the public is not recorded "
			    "for any of the %s.", text_count(r->in_scope, "in-scope partnership",
							     "in-scope partnerships", a, sizeof(a)));
	} else {
		strbuf_addf(&sb, "Of the %s whose availability is recorded, %s",
			    text_count(f->avail_recorded, "agreement", "agreements", a, sizeof(a)),
			    analysis_num(f->online, b));
		if (analysis_share(r, f->online, f->avail_recorded, pct, sizeof(pct)))
			strbuf_addf(&sb, " (%s)", pct);
		strbuf_addf(&sb, " %s posted online", f->online == 1 ? "is" : "are");
		if (f->not_public)
			strbuf_addf(&sb, " and %s not available or confidential",
				    text_count(f->not_public, "is", "are", a, sizeof(a)));
		strbuf_adds(&sb, ".");
		if (unrec)
			strbuf_addf(&sb, " Availability is not recorded for %s of the %s.",
				    analysis_num(unrec, b),
				    text_count(r->in_scope, "in-scope partnership",
					       "in-scope partnerships", a, sizeof(a)));
	}
	analysis_fig_text(r, "agreements_sentence", "What the records say about agreements", sb.buf);
	strbuf_reset(&sb);
	if (r->in_scope == 0) {
		strbuf_adds(&sb, "No provisions were analyzed.");
	} else if (f->political_recorded == 0) {
		strbuf_addf(&sb, "Whether an agreement carries a political commitment is not recorded "
			    "for any of the %s.", text_count(r->in_scope, "in-scope partnership",
							     "in-scope partnerships", a, sizeof(a)));
	} else {
		strbuf_addf(&sb, "Of the %s whose terms are recorded, %s a political commitment "
			    "such as a \"One China\" clause.",
			    text_count(f->political_recorded, "agreement", "agreements", a, sizeof(a)),
			    text_count(f->political, "carries", "carry", c, sizeof(c)));
	}
	if (r->in_scope)
		strbuf_addf(&sb, " The records name an intermediary organization for %s.",
			    text_count(f->intermediary, "partnership", "partnerships", a, sizeof(a)));
	analysis_fig_text(r, "provisions_sentence", "What the records say about provisions", sb.buf);
	strbuf_reset(&sb);
	if (f->status_unrecorded)
		strbuf_addf(&sb, "The records give no status for %s of the %s with countries that "
			    "scored %d or less; %s ([scope] unrecorded_status).",
			    analysis_num(f->status_unrecorded, b),
			    text_count(f->low_total, "partnership", "partnerships", a, sizeof(a)),
			    r->cfg->scope.cpi_max,
			    config_status_counted(r->cfg, NULL) ?
			    "this report counts them as operating" :
			    "this report leaves them out of scope");
	else
		strbuf_adds(&sb, "Every partnership with a low-scoring country has a recorded status.");
	analysis_fig_text(r, "status_sentence", "What the records say about status", sb.buf);
	strbuf_reset(&sb);
	if (f->total == 0) {
		strbuf_adds(&sb, "The records analyzed hold no partnership, so none is in scope.");
	} else if (f->scored == 0) {
		strbuf_addf(&sb, "None of the %s is with a country that has a %d CPI score, so none "
			    "is in scope.", text_count(f->total, "partnership", "partnerships", a,
						       sizeof(a)), r->cfg->scope.cpi_year);
	} else if (r->in_scope == 0) {
		strbuf_addf(&sb, "Of the %s whose foreign country has a %d CPI score, none is both "
			    "operating and with a country scoring %d or less.",
			    text_count(f->scored, "partnership", "partnerships", a, sizeof(a)),
			    r->cfg->scope.cpi_year, r->cfg->scope.cpi_max);
	} else {
		strbuf_addf(&sb, "Of the %s whose foreign country has a %d CPI score, %s",
			    text_count(f->scored, "partnership", "partnerships", a, sizeof(a)),
			    r->cfg->scope.cpi_year, analysis_num(r->in_scope, b));
		if (analysis_share(r, r->in_scope, f->scored, pct, sizeof(pct)))
			strbuf_addf(&sb, " (%s)", pct);
		strbuf_addf(&sb, " %s with a country scoring %d or less. ",
			    r->in_scope == 1 ? "is" : "are", r->cfg->scope.cpi_max);
		strbuf_addf(&sb, "%s ", r->in_scope == 1 ? "It links" : "They link");
		strbuf_adds(&sb, text_count(r->communities, "U.S. community", "U.S. communities", a,
					    sizeof(a)));
		strbuf_addf(&sb, " in %s", text_count(r->states, "state", "states", a, sizeof(a)));
		strbuf_addf(&sb, " with communities in %s.",
			    text_count(r->countries, "country", "countries", a, sizeof(a)));
		if (f->top_name && r->countries > 1) {
			strbuf_addf(&sb, " %s accounts for the most, %s", f->top_name,
				    analysis_num(f->top_n, b));
			if (analysis_share(r, f->top_n, r->in_scope, pct, sizeof(pct)))
				strbuf_addf(&sb, " (%s)", pct);
			strbuf_addch(&sb, '.');
		}
	}
	analysis_fig_text(r, "scope_sentence", "Which partnerships are in scope, in words", sb.buf);
	strbuf_release(&sb);
}

int analysis_scope(struct an_run *r, struct scta_err *err)
{
	struct scope_figs f;
	const struct scta_config *cfg = r->cfg;
	int rc;

	memset(&f, 0, sizeof(f));
	rc = counts(r, &f, err);
	if (!rc)
		rc = by_country(r, &f, err);
	if (!rc)
		rc = by_state(r, err);
	if (!rc)
		rc = by_type(r, err);
	if (!rc)
		rc = by_status(r, &f, err);
	if (!rc)
		rc = by_decade(r, err);
	if (!rc)
		rc = by_band(r, err);
	if (!rc)
		rc = not_scored(r, &f, err);
	if (!rc)
		rc = availability(r, &f, err);
	if (!rc)
		rc = provisions(r, &f, err);
	if (rc)
		goto out;

	analysis_fig_int(r, "partnerships_total", "Partnerships in the records", f.total);
	analysis_fig_int(r, "partnerships_scored", "Partnerships whose country has a CPI score", f.scored);
	analysis_fig_int(r, "in_scope", "Partnerships in scope", r->in_scope);
	analysis_fig_pct(r, "in_scope_pct", "Share of scored partnerships that are in scope",
			 r->in_scope, f.scored);
	analysis_fig_int(r, "in_scope_countries", "Countries with in-scope partnerships", r->countries);
	analysis_fig_int(r, "in_scope_states", "States with in-scope partnerships", r->states);
	analysis_fig_int(r, "in_scope_communities", "U.S. communities with in-scope partnerships",
			 r->communities);
	analysis_fig_int(r, "not_scored", "Partnerships whose country has no CPI score", f.not_scored);
	analysis_fig_int(r, "cpi_year", "Year of the Corruption Perceptions Index used", cfg->scope.cpi_year);
	analysis_fig_int(r, "cpi_max", "Highest CPI score in scope", cfg->scope.cpi_max);
	analysis_fig_int(r, "countries_le_max", "Countries scored at or below the cut-off", f.le_max);
	analysis_fig_text(r, "top_country", "Country with the most in-scope partnerships", f.top_name);
	analysis_fig_int(r, "top_country_n", "In-scope partnerships with the top country", f.top_n);
	analysis_fig_pct(r, "top_country_pct", "Top country's share of in-scope partnerships", f.top_n,
			 r->in_scope);
	analysis_fig_int(r, "agreements_total", "Agreements of in-scope partnerships", r->in_scope);
	analysis_fig_int(r, "agreements_online", "Agreements posted online", f.online);
	analysis_fig_int(r, "agreements_recorded", "Agreements whose availability is recorded",
			 f.avail_recorded);
	analysis_fig_pct(r, "agreements_online_pct",
			 "Share of agreements posted online, of those whose availability is recorded",
			 f.online, f.avail_recorded);
	analysis_fig_int(r, "agreements_not_public", "Agreements not available or confidential",
			 f.not_public);
	analysis_fig_int(r, "political_clause_n", "In-scope agreements with a political commitment",
			 f.political);
	analysis_fig_int(r, "intermediary_n", "In-scope partnerships with an intermediary",
			 f.intermediary);
	analysis_fig_int(r, "political_clause_recorded",
			 "In-scope agreements whose political commitment is recorded",
			 f.political_recorded);
	analysis_fig_int(r, "status_not_recorded",
			 "Partnerships with low-CPI countries whose status is not recorded",
			 f.status_unrecorded);
	scope_sentences(r, &f);
out:
	free(f.top_name);
	return rc;
}
