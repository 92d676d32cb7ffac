/*
 * flags.c - the configured flag rules ([flag:ID]) over the partnerships in
 * scope.
 *
 * A rule holds when all its conditions hold. Conditions name a partnership
 * field from a fixed list (each a column of the "flag_candidates" query), so
 * no configuration text ever reaches SQL; they are evaluated here, row by
 * row over a cursor. Text compares ignore ASCII case; an empty or missing
 * field compares as "" for = and !=; cpi and established_year compare as
 * numbers; `has` matches whole items of a ';'-list (activities); `contains`
 * is a case-insensitive substring test. `law` is the ';'-list of the state
 * laws that cover the partnership: `law = any` holds when one does, `law =
 * none` when none does, `law = TX-795` when that law does.
 */
#include "analysis/analysis_int.h"
#include "config/config.h"
#include "store/store.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/vocab.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The flag field's index in util/vocab.c's table, or -1. */
static int field_index(const char *name)
{
	const struct vocab_flag_field *f = vocab_flag_field(name);

	return f ? (int)(f - vocab_flag_fields) : -1;
}

/*
 * Each flag field's column in the flag_candidates query, found by name,
 * so the query's column order is nobody's business.
 */
static int map_columns(const struct store_cursor *c, int *col, struct scta_err *err)
{
	size_t i, k, n = store_cursor_ncols(c);

	for (i = 0; i < vocab_nflag_fields; i++) {
		col[i] = -1;
		for (k = 0; k < n; k++)
			if (!strcmp(store_cursor_colname(c, k), vocab_flag_fields[i].name))
				col[i] = (int)k;
		if (col[i] < 0)
			return scta_err_set(err, SCTA_ERR_RUNTIME,
					    "database: the flag query has no column '%s'",
					    vocab_flag_fields[i].name);
	}
	return 0;
}

/* Case-insensitive (ASCII) substring test. */
static int icontains(const char *hay, const char *needle)
{
	size_t n = strlen(needle), i;

	if (!n)
		return 1;
	for (; *hay; hay++) {
		for (i = 0; i < n && hay[i]; i++)
			if (tolower((unsigned char)hay[i]) != tolower((unsigned char)needle[i]))
				break;
		if (i == n)
			return 1;
	}
	return 0;
}

/* Does the ';'-list `list` hold item v (ignoring case and spaces around items)? */
static int list_has(const char *list, const char *v)
{
	size_t vn = strlen(v);

	while (*list) {
		const char *end = strchr(list, ';');
		size_t n = end ? (size_t)(end - list) : strlen(list);
		const char *s = list;

		while (n && (*s == ' ' || *s == '\t'))
			s++, n--;
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (n == vn) {
			size_t i;

			for (i = 0; i < n; i++)
				if (tolower((unsigned char)s[i]) != tolower((unsigned char)v[i]))
					break;
			if (i == n)
				return 1;
		}
		if (!end)
			break;
		list = end + 1;
	}
	return 0;
}

static int value_eq(const struct cell *c, int numeric, const char *v)
{
	int64_t want;

	if (numeric) {
		if (c->kind == CELL_NULL || text_int(v, INT64_MIN, INT64_MAX, &want))
			return 0;
		return analysis_cell_int(c) == want;
	}
	return text_ieq(analysis_cell_str(c), v);
}

/* law = ID: the ';'-list of covering laws holds ID; `any` is any law, `none` none. */
static int law_is(const char *list, const char *v)
{
	if (text_ieq(v, "any"))
		return *list != '\0';
	if (text_ieq(v, "none"))
		return *list == '\0';
	return list_has(list, v);
}

static int cond_holds(const struct cond *cd, const struct cell *row, const int *col)
{
	int f = field_index(cd->field);
	const struct cell *c = &row[col[f]];
	char num[32];
	const char *s;
	size_t i;

	if (vocab_flag_fields[f].numeric == 2 && cd->op != COND_CONTAINS) {
		s = analysis_cell_str(c);
		for (i = 0; i < cd->nvalues; i++)
			if (law_is(s, cd->values[i]))
				return cd->op != COND_NE;
		return cd->nvalues && cd->op == COND_NE;
	}
	switch (cd->op) {
	case COND_EQ:
		return cd->nvalues && value_eq(c, vocab_flag_fields[f].numeric, cd->values[0]);
	case COND_NE:
		return cd->nvalues && !value_eq(c, vocab_flag_fields[f].numeric, cd->values[0]);
	case COND_IN:
		for (i = 0; i < cd->nvalues; i++)
			if (value_eq(c, vocab_flag_fields[f].numeric, cd->values[i]))
				return 1;
		return 0;
	case COND_HAS:
	case COND_CONTAINS:
		if (c->kind == CELL_INT) {
			snprintf(num, sizeof(num), "%lld", (long long)c->i);
			s = num;
		} else {
			s = analysis_cell_str(c);
		}
		for (i = 0; i < cd->nvalues; i++)
			if (cd->op == COND_HAS ? list_has(s, cd->values[i]) : icontains(s, cd->values[i]))
				return 1;
		return 0;
	}
	return 0;
}

/* Every condition names a known field, and numbers are numbers: checked before any row. */
static int check_rules(const struct scta_config *cfg, struct scta_err *err)
{
	const char *where = cfg->path ? cfg->path : "config";
	int64_t v;
	size_t i, k, j;
	int f;

	for (i = 0; i < cfg->nflags; i++) {
		const struct flag_rule *fr = &cfg->flags[i];

		for (k = 0; k < fr->nconds; k++) {
			const struct cond *cd = &fr->conds[k];

			f = field_index(cd->field);
			if (f < 0)
				return scta_err_set(err, SCTA_ERR_CONFIG,
						    "%s: [flag:%s]: unknown field '%s'", where, fr->id,
						    cd->field);
			if (vocab_flag_fields[f].numeric != 1 || cd->op == COND_HAS ||
			    cd->op == COND_CONTAINS)
				continue;
			for (j = 0; j < cd->nvalues; j++)
				if (text_int(cd->values[j], INT64_MIN, INT64_MAX, &v))
					return scta_err_set(err, SCTA_ERR_CONFIG,
							    "%s: [flag:%s]: field '%s' is a number "
							    "(got '%s')", where, fr->id, cd->field,
							    cd->values[j]);
		}
	}
	return 0;
}

int analysis_flags(struct an_run *r, struct scta_err *err)
{
	const struct scta_config *cfg = r->cfg;
	struct table *sum = NULL, *fl = NULL;
	struct store_cursor *c = NULL;
	struct strbuf ids = STRBUF_INIT;
	const struct cell *row;
	int64_t *n = NULL;
	struct cell *o;
	char b[32];
	size_t i, k;
	int *col = xcalloc(vocab_nflag_fields, sizeof(*col)), mapped = 0, rc;
	/* A public edition names no flagged partnership; the counts stay. */
	int names = cfg->report.audience != AUDIENCE_PUBLIC;
	int64_t flagged = 0;

	rc = check_rules(cfg, err);
	if (rc) {
		free(col);
		return rc;
	}
	n = xcalloc(cfg->nflags + 1, sizeof(*n));
	fl = analysis_table_new("flagged", "Flagged partnerships", "flags", r->src_part);
	table_add_col(fl, "Partnership ID", CELL_TEXT);
	table_add_col(fl, "U.S. community", CELL_TEXT);
	table_add_col(fl, "State", CELL_TEXT);
	table_add_col(fl, "Foreign community", CELL_TEXT);
	table_add_col(fl, "Country", CELL_TEXT);
	table_add_col(fl, "Rules", CELL_TEXT);
	if (cfg->nflags) {
		FOR_ROWS(r, "flag_candidates", c, row, rc, err) {
			if (!mapped && (rc = map_columns(c, col, err)))
				break;
			mapped = 1;
			strbuf_reset(&ids);
			for (i = 0; i < cfg->nflags; i++) {
				const struct flag_rule *fr = &cfg->flags[i];

				for (k = 0; k < fr->nconds; k++)
					if (!cond_holds(&fr->conds[k], row, col))
						break;
				/* A rule without conditions flags nothing rather than everything. */
				if (!fr->nconds || k < fr->nconds)
					continue;
				n[i]++;
				if (ids.len)
					strbuf_adds(&ids, "; ");
				strbuf_adds(&ids, fr->label ? fr->label : fr->id);
			}
			if (!ids.len)
				continue;
			flagged++;
			if (!names)
				continue;
			o = table_add_row(fl);
			for (i = 0; i < 5; i++)
				cell_text(&o[i], analysis_cell_str(&row[i]));
			cell_text(&o[5], ids.buf);
		}
		store_cursor_close(c);
	}

	sum = analysis_table_new("flag_summary", "Flagged partnerships by rule", "flags", r->src_part);
	/* Readers see each rule's label (charts too); the section names where it is set. */
	table_add_col(sum, "Rule", CELL_TEXT);
	table_add_col(sum, "Configuration section", CELL_TEXT);
	table_add_col(sum, "Partnerships", CELL_INT);
	for (i = 0; i < cfg->nflags; i++) {
		o = table_add_row(sum);
		cell_text(&o[0], cfg->flags[i].label ? cfg->flags[i].label : cfg->flags[i].id);
		strbuf_reset(&ids);
		strbuf_addf(&ids, "[flag:%s]", cfg->flags[i].id);
		cell_text(&o[1], ids.buf);
		cell_int(&o[2], n[i]);
	}
	sum->chart = CHART_BAR;
	sum->chart_col = 2;
	table_set_base(sum, "n = %s", analysis_count(r, r->in_scope, "partnership in scope",
							   "partnerships in scope"));
	table_add_note(sum, "Rules are set in the configuration and apply to partnerships in scope. "
		       "A partnership may meet more than one rule, so the rows do not add to the "
		       "number of flagged partnerships (%s).", analysis_num(flagged, b));
	if (!cfg->nflags)
		table_add_note(sum, "The configuration defines no flag rules.");
	analysis_note_scope(r, sum);

	table_set_base(fl, "n = %s of %s in scope",
		       analysis_count(r, flagged, "flagged partnership",
				      "flagged partnerships"), analysis_num(r->in_scope, b));
	table_add_note(fl, "Rules lists the rules each partnership meets, by the labels the "
		       "configuration gives them; \"Flagged partnerships by rule\" counts each rule.");
	if (!names && flagged) {
		table_add_note(fl, "This public edition leaves out the list, which names "
			       "partnerships under review; the base (n) gives their number and "
			       "\"Flagged partnerships by rule\" counts them by rule.");
		fl->empty = xstrdup("Left out of the public edition.");
	}
	analysis_add_table(r, sum);
	analysis_add_table(r, fl);
	if (!rc)
		analysis_fig_int(r, "flagged_n", "In-scope partnerships that meet a flag rule",
				 flagged);
	strbuf_release(&ids);
	free(n);
	free(col);
	return rc;
}

/* Status changes: suspended and terminated partnerships with low-CPI countries, by year. */
int analysis_status_changes(struct an_run *r, struct scta_err *err)
{
	struct table *t = analysis_table_new("status_changes", "Status changes by year", "scope",
					     r->src_part);
	struct store_cursor *c = NULL;
	const struct cell *row;
	struct cell *o;
	int64_t s = 0, term = 0, unk_s = 0, unk_t = 0;
	char year[32];
	int rc;

	table_add_col(t, "Year", CELL_TEXT);
	table_add_col(t, "Suspended", CELL_INT);
	table_add_col(t, "Terminated", CELL_INT);
	table_add_col(t, "Total", CELL_INT);
	FOR_ROWS(r, "status_changes", c, row, rc, err) {
		int64_t ns = analysis_cell_int(&row[1]), nt = analysis_cell_int(&row[2]);

		s += ns;
		term += nt;
		if (row[0].kind == CELL_NULL) {
			unk_s += ns;
			unk_t += nt;
			continue;
		}
		o = table_add_row(t);
		snprintf(year, sizeof(year), "%lld", (long long)analysis_cell_int(&row[0]));
		cell_text(&o[0], year);
		cell_int(&o[1], ns);
		cell_int(&o[2], nt);
		cell_int(&o[3], ns + nt);
	}
	store_cursor_close(c);
	if (unk_s || unk_t) {
		o = table_add_row(t);
		cell_text(&o[0], VOCAB_NOT_RECORDED);
		cell_int(&o[1], unk_s);
		cell_int(&o[2], unk_t);
		cell_int(&o[3], unk_s + unk_t);
	}
	o = table_add_row(t);
	cell_text(&o[0], "Total");
	cell_int(&o[1], s);
	cell_int(&o[2], term);
	cell_int(&o[3], s + term);
	t->has_total = 1;
	table_set_base(t, "n = %s with countries that scored %d or less on the Corruption "
		       "Perceptions Index %d", analysis_count(r, s + term, "suspended or terminated "
							      "partnership", "suspended or terminated "
							      "partnerships"),
		       r->cfg->scope.cpi_max, r->cfg->scope.cpi_year);
	table_add_note(t, "Years are those of the status date in the partnership records, whatever "
		       "the statuses counted as operating; \"" VOCAB_NOT_RECORDED "\" counts records "
		       "with no status date.");
	analysis_add_table(r, t);
	if (!rc)
		analysis_fig_int(r, "status_changed_n",
				 "Partnerships with low-CPI countries that were suspended or terminated",
				 s + term);
	return rc;
}

/* Rows read, loaded and rejected by the latest import of each input file. */
int analysis_batches(struct an_run *r, struct scta_err *err)
{
	struct store_cursor *c = NULL;
	const struct cell *row;
	int64_t v[3] = { 0, 0, 0 };
	int rc;

	rc = analysis_query(r, "batch_totals", &c, err);
	if (!rc)
		rc = store_cursor_next(c, &row, err);
	if (!rc && row) {
		v[0] = analysis_cell_int(&row[0]);
		v[1] = analysis_cell_int(&row[1]);
		v[2] = analysis_cell_int(&row[2]);
	}
	store_cursor_close(c);
	if (rc)
		return rc;
	analysis_fig_int(r, "rows_read", "Input rows read (latest import of each file)", v[0]);
	analysis_fig_int(r, "rows_loaded", "Input rows loaded", v[1]);
	analysis_fig_int(r, "rows_rejected", "Input rows rejected", v[2]);
	return 0;
}
