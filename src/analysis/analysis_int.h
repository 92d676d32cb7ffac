/*
 * analysis_int.h - what the files of analysis/ share. Not for other modules.
 *
 * One struct an_run lives for the length of analysis_run(): the borrowed
 * store, configuration and questionnaire, the bound scope parameters every
 * report query takes, the source lines, and the counts that several tables
 * and figures share.
 */
#ifndef SCTA_ANALYSIS_INT_H
#define SCTA_ANALYSIS_INT_H

#include <stdint.h>

#include "analysis/analysis.h"
#include "util/vocab.h"
#include "util/table.h"

struct store_cursor;

/*
 * ?1 CPI year, ?2 cut-off, ?3 counted statuses (newline-joined), ?4 and ?5
 * extras, ?6 [scope] respondents (1 = all).
 */
#define AN_NPARAMS 6

struct ictx;

/* See analysis.h. */
struct analysis_shared {
	struct ictx *index_all;   /* index.c: the whole store's index figures, or NULL */
};

/* Frees what analysis_index() left in analysis_shared.index_all (index.c). */
void analysis_index_all_free(struct ictx *x);

struct an_run {
	struct analysis *an;
	struct store *st;
	struct analysis_shared *shared;   /* borrowed; NULL: nothing shared */
	const struct scta_config *cfg;
	const struct questionnaire *q;
	struct cell params[AN_NPARAMS];   /* params[2].s is owned (the joined statuses) */

	char *src_part;     /* source line for partnership tables (owned) */
	char *src_resp;     /* for questionnaire tables */
	char *src_both;     /* for tables that use both */
	char *src_law;      /* for the state-law tables */

	/* Shared counts, filled by analysis_scope() and analysis_survey(). */
	int64_t in_scope, scored, communities, countries, states;
	int64_t responded, responses, answers;
	/*
	 * responded counts the communities whose responses the questionnaire
	 * tables count ([scope] respondents); responded_scope those of them
	 * with a partnership in scope (the response rate's numerator), and
	 * responded_other those without.
	 */
	int64_t responded_scope, responded_other;

	/* Buffers of analysis_count(), used in turn. */
	char counts[4][128];
	unsigned next_count;
};

/*
 * n with its noun in agreeing number ("1 partnership in scope", "944
 * partnerships in scope"), in one of the run's four buffers: valid until
 * four more calls, so up to four can stand in one format.
 */
const char *analysis_count(struct an_run *r, int64_t n, const char *one, const char *many);
/*
 * num/den as a sentence prints it ("33%", "<1%") into buf, or NULL when the
 * base is empty or below [report] min_base (the share is then left out, as
 * the tables withhold it).
 */
const char *analysis_share(const struct an_run *r, int64_t num, int64_t den, char *buf,
			   size_t size);

/* Loop over a report query's rows: the body sees `row`; rc holds the outcome. */
#define FOR_ROWS(r, id, cur, row, rc, err)                                                   \
	for ((rc) = analysis_query((r), (id), &(cur), (err));                                 \
	     !(rc) && !((rc) = store_cursor_next((cur), &(row), (err))) && (row);)

/* Build the scope parameters for cfg (the statuses string is owned by p[2]). */
void analysis_params_init(struct cell p[AN_NPARAMS], const struct scta_config *cfg);
void analysis_params_release(struct cell p[AN_NPARAMS]);

/* Open a report query with the run's parameters (and extras from index 3). */
int analysis_query(struct an_run *r, const char *id, struct store_cursor **out, struct scta_err *err);

/*
 * The minimum base ([report] min_base) for a computed table, which applies
 * it in its rows: what a withheld percentage's cell says ("n < 5"), and the
 * note a table with one receives (as analysis_add_table adds to a stored table).
 */
void analysis_withheld_text(const struct scta_config *cfg, char *buf, size_t size);
void analysis_note_withheld(const struct scta_config *cfg, struct table *t);

/* Append a table (taking ownership) or a figure to the run's analysis. */
void analysis_add_table(struct an_run *r, struct table *t);
void analysis_fig_int(struct an_run *r, const char *id, const char *label, int64_t v);
void analysis_fig_pct(struct an_run *r, const char *id, const char *label, int64_t num, int64_t den);
void analysis_fig_text(struct an_run *r, const char *id, const char *label, const char *s);

/* New table with the standard source line for `source` (one of r->src_*). */
struct table *analysis_table_new(const char *id, const char *title,
				 const char *topic, const char *source);

/*
 * Tie a detail sheet's columns to its query's columns by name: src[c] is
 * the query column (of n, named names[]) that sheet column c shows, or
 * (size_t)-1 for a column the stream makes (field NULL). Fails naming the
 * column when a sheet column's field is not in the query, or a query column
 * is on no sheet column (an internal error: the two were changed apart).
 */
int analysis_detail_bind(const struct detail_spec *spec, const char *query,
			 const char *const *names, size_t n, size_t *src, struct scta_err *err);

/* A count with thousands separators ("1,234"), as GAO prints them. Returns buf. */
const char *analysis_num(int64_t v, char buf[32]);
/*
 * The communities the questionnaire tables count, as a base names them, in
 * agreeing number with n: "responding U.S. communities with partnerships in
 * scope", or with [scope] respondents = all, "responding U.S. communities
 * (all respondents, ...)". Static text.
 */
const char *analysis_universe(const struct an_run *r, int64_t n);
/* The note saying which responses are counted ([scope] respondents). */
void analysis_note_respondents(struct an_run *r, struct table *t);
/* The standard notes: the scope rule, and rounding of percentages. */
void analysis_note_scope(struct an_run *r, struct table *t);
void analysis_note_rounding(struct table *t);

/* Row cell helpers: integer value of a cursor cell (0 for NULL), text or "". */
int64_t analysis_cell_int(const struct cell *c);
const char *analysis_cell_str(const struct cell *c);

/* A source line "<org> analysis of <what>. | <number>". Caller frees. */
char *analysis_source_line(const struct scta_config *cfg, const char *what);

/* The CPI band of a score: index into cfg->scope.bands, or -1. */
int analysis_band_of(const struct scta_config *cfg, int score);

/*
 * Has a law's deadline (YYYY-MM-DD) passed at the report date (YYYY-MM or
 * YYYY-MM-DD)? 1 when the report date is later than the deadline (a month
 * counts as its first day), 0 when not, -1 when there is no deadline.
 */
int analysis_deadline_passed(const char *report_date, const char *deadline);

/* The stages, in report order. */
int analysis_scope(struct an_run *r, struct scta_err *err);
int analysis_survey(struct an_run *r, struct scta_err *err);
int analysis_crosstabs(struct an_run *r, struct scta_err *err);
int analysis_index(struct an_run *r, struct scta_err *err);
int analysis_flags(struct an_run *r, struct scta_err *err);
int analysis_status_changes(struct an_run *r, struct scta_err *err);
int analysis_laws(struct an_run *r, struct scta_err *err);
/* The comparison with an earlier round, when cfg->compare names one (compare.c). */
int analysis_compare(struct an_run *r, struct scta_err *err);
int analysis_batches(struct an_run *r, struct scta_err *err);

#endif
