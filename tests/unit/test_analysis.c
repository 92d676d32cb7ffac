/*
 * Unit tests for analysis/: every table and figure of the study on a small
 * fixture (tests/fixtures/analysis), against values worked out by hand.
 *
 * The fixture: 21 partnership rows (one rejected: unknown country) and 37
 * answer rows (one rejected: unknown question). With CPI 2019 and a
 * cut-off of 45, 12 partnerships are in scope (CHN 41 x3, MEX 29 x2, RUS
 * 28, UKR 30, VNM 37, HUN 44, BLR 45, NGA 26, KSV 36 via the alias XKX);
 * DEU 80, JPN 73, GRC 48 are scored but above the cut-off; TUR 39 and CHN
 * 41 terminated and MEX 29 proposed are low-CPI but not counted as
 * operating; two PSE (Palestine, never scored) are not scored. The
 * expected values below were counted by hand from the CSV files; the
 * working is in the comments. A second group of tests checks the tables
 * against each other (margins, sums, percentages) and re-runs the
 * analysis with another cut-off and another CPI year.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/analysis.h"
#include "analysis/analysis_int.h"
#include "util/vocab.h"
#include "config/config.h"
#include "import/import.h"
#include "store/store.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/strbuf.h"

#define FIX SCTA_FIXTURES "/analysis/"
#define EN "\xe2\x80\x93" /* en dash in the default band labels */

static char tmpdir[] = "/tmp/scta-test-analysis-XXXXXX";
static char part_path[600];
static struct store *st;
static struct scta_config *cfg;
static struct questionnaire *q;
static struct analysis *an;

/* ---------------------------------------------------------------- helpers */

static void copy_file(const char *from, const char *to, const char *extra)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	char buf[4096];
	size_t n;

	assert_non_null(in);
	assert_non_null(out);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	if (extra)
		fputs(extra, out);
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

static const struct table *tab(const char *id)
{
	const struct table *t = analysis_table(an, id);

	if (!t)
		fail_msg("no table '%s'", id);
	return t;
}

/*
 * Check row r of t against spec, one letter per column:
 *   T text (const char *, NULL = empty cell)   I integer (long long)
 *   P percent as num, den (long long each)     R real (double)
 *   N empty cell                               _ not checked
 */
static void row_is(const struct table *t, size_t r, const char *spec, ...)
{
	va_list ap;
	size_t c;

	if (r >= t->nrows)
		fail_msg("%s: no row %zu (has %zu)", t->id, r, t->nrows);
	if (strlen(spec) != t->ncols)
		fail_msg("%s: spec has %zu columns, table %zu", t->id, strlen(spec), t->ncols);
	va_start(ap, spec);
	for (c = 0; spec[c]; c++) {
		const struct cell *x = table_cell(t, r, c);
		const char *s;
		long long i, den;
		double d;

		switch (spec[c]) {
		case 'T':
			s = va_arg(ap, const char *);
			if (!s) {
				if (x->kind != CELL_NULL)
					fail_msg("%s[%zu][%zu]: expected empty, kind %d", t->id, r, c, x->kind);
			} else if (x->kind != CELL_TEXT || strcmp(x->s, s)) {
				fail_msg("%s[%zu][%zu]: expected '%s', got '%s'", t->id, r, c, s,
					 x->kind == CELL_TEXT ? x->s : "(not text)");
			}
			break;
		case 'I':
			i = va_arg(ap, long long);
			if (x->kind != CELL_INT || x->i != i)
				fail_msg("%s[%zu][%zu]: expected %lld, got kind %d value %lld", t->id, r, c, i,
					 x->kind, (long long)x->i);
			break;
		case 'P':
			i = va_arg(ap, long long);
			den = va_arg(ap, long long);
			if (x->kind != CELL_PCT || fabs(x->d - (double)i / (double)den) > 1e-12)
				fail_msg("%s[%zu][%zu]: expected %lld/%lld, got kind %d value %g", t->id, r, c,
					 i, den, x->kind, x->d);
			break;
		case 'R':
			d = va_arg(ap, double);
			if (x->kind != CELL_REAL || fabs(x->d - d) > 1e-12)
				fail_msg("%s[%zu][%zu]: expected %g, got kind %d value %g", t->id, r, c, d,
					 x->kind, x->d);
			break;
		case 'N':
			if (x->kind != CELL_NULL)
				fail_msg("%s[%zu][%zu]: expected empty, got kind %d", t->id, r, c, x->kind);
			break;
		default:
			break;
		}
	}
	va_end(ap);
}

static void cols_are(const struct table *t, size_t n, ...)
{
	va_list ap;
	size_t c;

	if (t->ncols != n)
		fail_msg("%s: %zu columns, expected %zu", t->id, t->ncols, n);
	va_start(ap, n);
	for (c = 0; c < n; c++) {
		const char *name = va_arg(ap, const char *);

		if (strcmp(t->cols[c].name, name))
			fail_msg("%s: column %zu is '%s', expected '%s'", t->id, c, t->cols[c].name, name);
	}
	va_end(ap);
}

static void fig_int(const char *id, long long v)
{
	const struct figure *f = analysis_figure(an, id);

	if (!f)
		fail_msg("no figure '%s'", id);
	if (f->value.kind != CELL_INT || f->value.i != v)
		fail_msg("figure %s: expected %lld, got kind %d %lld", id, v, f->value.kind,
			 (long long)f->value.i);
}

static void fig_pct(const char *id, long long num, long long den)
{
	const struct figure *f = analysis_figure(an, id);

	if (!f)
		fail_msg("no figure '%s'", id);
	if (f->value.kind != CELL_PCT || fabs(f->value.d - (double)num / (double)den) > 1e-12)
		fail_msg("figure %s: expected %lld/%lld, got %g", id, num, den, f->value.d);
}

static int64_t ival(const struct table *t, size_t r, size_t c)
{
	const struct cell *x = table_cell(t, r, c);

	assert_int_equal(x->kind, CELL_INT);
	return x->i;
}

static const char *sval(const struct table *t, size_t r, size_t c)
{
	const struct cell *x = table_cell(t, r, c);

	return x->kind == CELL_TEXT ? x->s : "";
}

/* Row of t whose column c reads s, or fail. */
static size_t find_row(const struct table *t, size_t c, const char *s)
{
	size_t r;

	for (r = 0; r < t->nrows; r++)
		if (!strcmp(sval(t, r, c), s))
			return r;
	fail_msg("%s: no row '%s'", t->id, s);
	return 0;
}

static void rerun(void)
{
	struct scta_err err = SCTA_ERR_INIT;

	analysis_free(an);
	an = NULL;
	if (analysis_run(st, cfg, q, &an, &err))
		fail_msg("analysis_run: %s", err.msg);
}

/* ---------------------------------------------------------------- setup */

static int setup(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct import_result res;
	char db[600];
	int created = 0;

	(void)state;
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(db, sizeof(db), "%s/scta.db", tmpdir);
	snprintf(part_path, sizeof(part_path), "%s/partnerships.csv", tmpdir);
	if (config_load(FIX "scta.ini", &cfg, &err) ||
	    questionnaire_load(cfg->input.questionnaire, &q, &err) ||
	    store_open(db, &created, &st, &err))
		goto fail;
	if (store_begin(st, &err) || import_reference(st, &err) || store_commit(st, &err))
		goto fail;
	/*
	 * The partnerships file is imported twice under one path: first with an
	 * extra bad row, then as it is. Figures and rejects describe the latest
	 * import of each path only.
	 */
	copy_file(FIX "partnerships.csv", part_path,
		  "P22,Nowhere,ZZ,city,Somewhere,CHN,1990,active,,,no,sister,unknown,no,,culture,\n");
	if (import_file(st, IMPORT_PARTNERSHIPS, part_path, q, NULL, &res, &err))
		goto fail;
	if (res.rows_read != 22 || res.rows_rejected != 2) {
		snprintf(err.msg, sizeof(err.msg), "first import: %lld read, %lld rejected",
			 (long long)res.rows_read, (long long)res.rows_rejected);
		goto fail;
	}
	copy_file(FIX "partnerships.csv", part_path, NULL);
	if (import_file(st, IMPORT_PARTNERSHIPS, part_path, q, NULL, &res, &err) ||
	    import_file(st, IMPORT_RESPONSES, cfg->input.responses, q, NULL, &res, &err))
		goto fail;
	if (store_begin(st, &err) || store_questionnaire_put(st, q, &err) || store_commit(st, &err) ||
	    analysis_run(st, cfg, q, &an, &err))
		goto fail;
	return 0;
fail:
	fprintf(stderr, "setup: %s\n", err.msg);
	return -1;
}

static int teardown(void **state)
{
	char cmd[700];

	(void)state;
	analysis_free(an);
	store_close(st);
	questionnaire_free(q);
	config_free(cfg);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* ---------------------------------------------------------------- by hand */

static void test_table_order(void **state)
{
	static const char *const ids[] = {
		"scope_by_country", "scope_by_state", "scope_by_type", "scope_by_status",
		"scope_by_decade", "scope_by_cpi_band", "not_scored", "agreement_availability",
		"provisions", "coverage", "coverage_by_state", "item_nonresponse",
		"answers_selection", "answers_activities", "answers_transparency", "answers_expression",
		/* no espionage or visa questions, no choice question on activities: no tables */
		"answers_chart_selection",
		"answers_chart_transparency", "answers_chart_expression", "crosstab_state_status", "crosstab_band_tra1", "crosstab_sel_exp",
		"crosstab_country_exp2",
		"index_distribution", "index_by_community", "safeguards", "safeguards_compared",
		"index_compared",
		"flag_summary", "flagged", "status_changes",
		"state_law_summary", "state_law_status", "state_laws",
	};
	size_t i;

	(void)state;
	assert_int_equal(an->ntables, sizeof(ids) / sizeof(ids[0]));
	for (i = 0; i < an->ntables; i++) {
		const struct table *t = an->tables[i];

		assert_string_equal(t->id, ids[i]);
		assert_non_null(t->title);
		assert_non_null(t->base);
		assert_true(!strncmp(t->base, "n = ", 4));
		assert_non_null(t->source);
		assert_true(!strncmp(t->source, "Test Org analysis of ", 21));
		assert_non_null(strstr(t->source, ". | T-1"));
	}
	assert_string_equal(tab("scope_by_country")->source,
			    "Test Org analysis of partnership records and Transparency International "
			    "Corruption Perceptions Index 2019 scores. | T-1");
	assert_string_equal(tab("answers_selection")->source,
			    "Test Org analysis of questionnaire responses. | T-1");
}

static void test_scope_by_country(void **state)
{
	const struct table *t = tab("scope_by_country");

	(void)state;
	cols_are(t, 6, "Country", "ISO3", "CPI score", "Partnerships", "U.S. communities",
		 "Percent of in-scope");
	assert_int_equal(t->nrows, 10);
	/* China: P01 Springfield, P03 Austin, P09 Kansas; Mexico: P02 Springfield, P20 Phoenix. */
	row_is(t, 0, "TTIIIP", "China", "CHN", 41LL, 3LL, 3LL, 3LL, 12LL);
	row_is(t, 1, "TTIIIP", "Mexico", "MEX", 29LL, 2LL, 2LL, 2LL, 12LL);
	/* Ones, by name. */
	row_is(t, 2, "TTIIIP", "Belarus", "BLR", 45LL, 1LL, 1LL, 1LL, 12LL);
	row_is(t, 3, "TTIIIP", "Hungary", "HUN", 44LL, 1LL, 1LL, 1LL, 12LL);
	row_is(t, 4, "TTIIIP", "Kosovo", "KSV", 36LL, 1LL, 1LL, 1LL, 12LL);
	row_is(t, 5, "TTIIIP", "Nigeria", "NGA", 26LL, 1LL, 1LL, 1LL, 12LL);
	row_is(t, 6, "TTIIIP", "Russia", "RUS", 28LL, 1LL, 1LL, 1LL, 12LL);
	row_is(t, 7, "TTIIIP", "Ukraine", "UKR", 30LL, 1LL, 1LL, 1LL, 12LL);
	row_is(t, 8, "TTIIIP", "Vietnam", "VNM", 37LL, 1LL, 1LL, 1LL, 12LL);
	/* 9 communities: Springfield, Austin, Travis County, Boise, Kansas, Miami, Denver, Salem, Phoenix. */
	row_is(t, 9, "TNNIIP", "Total", 12LL, 9LL, 12LL, 12LL);
	assert_true(t->has_total);
	assert_int_equal(t->chart, CHART_BAR);
	assert_int_equal(t->chart_col, 3);
	assert_string_equal(t->base, "n = 12 partnerships in scope");
}

static void test_scope_by_state(void **state)
{
	const struct table *t = tab("scope_by_state");

	(void)state;
	cols_are(t, 6, "State", "State name", "Partnerships", "Communities", "Countries",
		 "Percent of in-scope");
	assert_int_equal(t->nrows, 9);
	row_is(t, 0, "TTIIIP", "TX", "Texas", 3LL, 2LL, 3LL, 3LL, 12LL);      /* Austin x2, Travis County */
	row_is(t, 1, "TTIIIP", "CO", "Colorado", 2LL, 1LL, 2LL, 2LL, 12LL);   /* Denver: BLR, NGA */
	row_is(t, 2, "TTIIIP", "IL", "Illinois", 2LL, 1LL, 2LL, 2LL, 12LL);   /* Springfield: CHN, MEX */
	row_is(t, 3, "TTIIIP", "AZ", "Arizona", 1LL, 1LL, 1LL, 1LL, 12LL);
	row_is(t, 4, "TTIIIP", "FL", "Florida", 1LL, 1LL, 1LL, 1LL, 12LL);
	row_is(t, 5, "TTIIIP", "ID", "Idaho", 1LL, 1LL, 1LL, 1LL, 12LL);
	row_is(t, 6, "TTIIIP", "KS", "Kansas", 1LL, 1LL, 1LL, 1LL, 12LL);
	row_is(t, 7, "TTIIIP", "OR", "Oregon", 1LL, 1LL, 1LL, 1LL, 12LL);
	row_is(t, 8, "TNIIIP", "Total", 12LL, 9LL, 9LL, 12LL, 12LL);
}

static void test_scope_one_way(void **state)
{
	const struct table *t;

	(void)state;
	t = tab("scope_by_type");
	cols_are(t, 3, "Community type", "Partnerships", "Percent");
	assert_int_equal(t->nrows, 6);
	row_is(t, 0, "TIP", "City", 10LL, 10LL, 12LL);
	row_is(t, 1, "TIP", "County", 1LL, 1LL, 12LL);    /* Travis County */
	row_is(t, 2, "TIP", "State", 1LL, 1LL, 12LL);     /* Kansas */
	row_is(t, 3, "TIP", "Other", 0LL, 0LL, 12LL);
	row_is(t, 4, "TIP", "Not recorded", 0LL, 0LL, 12LL);
	row_is(t, 5, "TIP", "Total", 12LL, 12LL, 12LL);

	/* Every status, low-CPI countries: 12 in scope + P10 TUR, P19 CHN terminated, P11 MEX proposed. */
	t = tab("scope_by_status");
	cols_are(t, 4, "Status", "Counted as operating", "Partnerships", "Percent");
	assert_int_equal(t->nrows, 7);
	row_is(t, 0, "TTIP", "Active", "Yes", 9LL, 9LL, 15LL);
	row_is(t, 1, "TTIP", "Inactive", "Yes", 1LL, 1LL, 15LL);
	row_is(t, 2, "TTIP", "Suspended", "Yes", 2LL, 2LL, 15LL);
	row_is(t, 3, "TTIP", "Terminated", "No", 2LL, 2LL, 15LL);
	row_is(t, 4, "TTIP", "Proposed", "No", 1LL, 1LL, 15LL);
	/* every status is recorded in the fixture; unrecorded_status defaults to operating */
	row_is(t, 5, "TTIP", "Not recorded", "Yes", 0LL, 0LL, 15LL);
	row_is(t, 6, "TNIP", "Total", 15LL, 15LL, 15LL);
	assert_string_equal(t->base, "n = 15 partnerships with countries that scored 45 or less on the "
			    "Corruption Perceptions Index 2019");

	/* 1975; 1985, 1981; 1992, 1994, 1996; 2005-06, 2008; 2010, 2012, 2018; P06 none. */
	t = tab("scope_by_decade");
	assert_int_equal(t->nrows, 7);
	row_is(t, 0, "TIP", "1970s", 1LL, 1LL, 12LL);
	row_is(t, 1, "TIP", "1980s", 2LL, 2LL, 12LL);
	row_is(t, 2, "TIP", "1990s", 3LL, 3LL, 12LL);
	row_is(t, 3, "TIP", "2000s", 2LL, 2LL, 12LL);
	row_is(t, 4, "TIP", "2010s", 3LL, 3LL, 12LL);
	row_is(t, 5, "TIP", "Not recorded", 1LL, 1LL, 12LL);
	row_is(t, 6, "TIP", "Total", 12LL, 12LL, 12LL);

	/* 0-29: MEX 29 x2, RUS 28, NGA 26; 30-39: UKR 30, VNM 37, KSV 36; 40-45: CHN 41 x3, HUN 44, BLR 45. */
	t = tab("scope_by_cpi_band");
	cols_are(t, 4, "Band", "Partnerships", "Countries", "Percent");
	assert_int_equal(t->nrows, 4);
	row_is(t, 0, "TIIP", "0" EN "29", 4LL, 3LL, 4LL, 12LL);
	row_is(t, 1, "TIIP", "30" EN "39", 3LL, 3LL, 3LL, 12LL);
	row_is(t, 2, "TIIP", "40" EN "45", 5LL, 3LL, 5LL, 12LL);
	row_is(t, 3, "TIIP", "Total", 12LL, 9LL, 12LL, 12LL);

	t = tab("not_scored");
	cols_are(t, 6, "Partnership ID", "U.S. community", "State", "Foreign community", "Country", "ISO3");
	assert_int_equal(t->nrows, 2);
	row_is(t, 0, "TTTTTT", "P18", "Denver", "CO", "Gaza", "Palestine", "PSE");
	row_is(t, 1, "TTTTTT", "P08", "Boise", "ID", "Ramallah", "Palestine", "PSE");
	assert_string_equal(t->base, "n = 2 partnerships");
}

static void test_agreements(void **state)
{
	const struct table *t = tab("agreement_availability");

	(void)state;
	cols_are(t, 5, "Availability", "Agreements", "Of (N)", "Share", "Percent");
	/* 9 recorded: the recorded values are shares of those; unknown and blank of all 12 */
	assert_int_equal(t->nrows, 7);
	row_is(t, 0, "TIITP", "Posted online", 3LL, 9LL, "3 of 9 with availability recorded", 3LL,
	       9LL);                                                                   /* P01 P06 P20 */
	row_is(t, 1, "TIITP", "Provided on request", 2LL, 9LL, "2 of 9 with availability recorded",
	       2LL, 9LL);                                                              /* P05 P16 */
	row_is(t, 2, "TIITP", "Not available", 2LL, 9LL, "2 of 9 with availability recorded", 2LL,
	       9LL);                                                                   /* P02 P09 */
	row_is(t, 3, "TIITP", "Confidential", 2LL, 9LL, "2 of 9 with availability recorded", 2LL,
	       9LL);                                                                   /* P03 P14 */
	row_is(t, 4, "TIITP", "Unknown (so recorded)", 2LL, 12LL, "2 of 12 in scope", 2LL, 12LL);
	/* P04 P15 */
	row_is(t, 5, "TIITP", "Not recorded", 1LL, 12LL, "1 of 12 in scope", 1LL, 12LL); /* P17 blank */
	row_is(t, 6, "TIITP", "Total", 12LL, 12LL, "12 of 12 in scope", 12LL, 12LL);
	assert_true(t->has_total);

	/* Yes, no, unknown or not recorded, recorded, share, percent of recorded. */
	t = tab("provisions");
	cols_are(t, 7, "Provision", "Yes", "No", "Unknown or not recorded", "Recorded (N)", "Share",
		 "Percent of recorded");
	assert_int_equal(t->nrows, 14);
	assert_false(t->has_total);
	/* yes P01 P03 P09; unknown P05; the other 8 no */
	row_is(t, 0, "TIIIITP", "Political commitment in the agreement (such as a \"One China\" clause)",
	       3LL, 8LL, 1LL, 11LL, "3 of 11 recorded", 3LL, 11LL);
	/* yes P01 P04 P15 P20; unknown P03 P06 */
	row_is(t, 1, "TIIIITP", "Recognized by Sister Cities International", 4LL, 6LL, 2LL, 10LL,
	       "4 of 10 recorded", 4LL, 10LL);
	/* named for P01 P05 P09; blank for the other 9 (not recorded, not "no") */
	row_is(t, 2, "TIIIITP", "Brokered or managed by an intermediary organization", 3LL, 0LL, 9LL,
	       3LL, "3 of 3 recorded", 3LL, 3LL);
	/* activities are listed for 11, blank for P17 */
	row_is(t, 3, "TIIIITP", "Activities: Culture", 3LL, 8LL, 1LL, 11LL, "3 of 11 recorded", 3LL, 11LL);
	row_is(t, 4, "TIIIITP", "Activities: Education", 3LL, 8LL, 1LL, 11LL, "3 of 11 recorded", 3LL,
	       11LL);
	row_is(t, 5, "TIIIITP", "Activities: Youth", 1LL, 10LL, 1LL, 11LL, "1 of 11 recorded", 1LL, 11LL);
	row_is(t, 6, "TIIIITP", "Activities: Trade", 4LL, 7LL, 1LL, 11LL, "4 of 11 recorded", 4LL, 11LL);
	row_is(t, 7, "TIIIITP", "Activities: Investment", 1LL, 10LL, 1LL, 11LL, "1 of 11 recorded", 1LL,
	       11LL);
	row_is(t, 8, "TIIIITP", "Activities: Tourism", 1LL, 10LL, 1LL, 11LL, "1 of 11 recorded", 1LL,
	       11LL);
	row_is(t, 9, "TIIIITP", "Activities: Technology", 2LL, 9LL, 1LL, 11LL, "2 of 11 recorded", 2LL,
	       11LL);
	row_is(t, 10, "TIIIITP", "Activities: Health", 1LL, 10LL, 1LL, 11LL, "1 of 11 recorded", 1LL,
	       11LL);
	row_is(t, 11, "TIIIITP", "Activities: Sports", 1LL, 10LL, 1LL, 11LL, "1 of 11 recorded", 1LL,
	       11LL);
	row_is(t, 12, "TIIIITP", "Activities: Government", 0LL, 11LL, 1LL, 11LL, "0 of 11 recorded", 0LL,
	       11LL);
	row_is(t, 13, "TIIIITP", "Activities: Other", 0LL, 11LL, 1LL, 11LL, "0 of 11 recorded", 0LL,
	       11LL);
}

static void test_coverage(void **state)
{
	const struct table *t = tab("coverage");

	(void)state;
	/* Responding in-scope communities: Springfield, Austin (R2, R3), Kansas, Boise, Denver, Phoenix. */
	assert_int_equal(t->nrows, 6);
	row_is(t, 0, "TI", "U.S. communities with partnerships in scope", 9LL);
	row_is(t, 1, "TI", "Communities that responded", 6LL);
	row_is(t, 2, "TP", "Response rate", 6LL, 9LL);
	row_is(t, 3, "TI", "Responses received", 7LL);
	/* 7 + 6 + 4 + 6 + 3 + 6 + 1 answers in R1..R6, R8 (R8's ZZ9 rejected). */
	row_is(t, 4, "TI", "Answers received", 33LL);
	/* R7 Portland: its partnerships are terminated, proposed, or JPN 73. */
	row_is(t, 5, "TI", "Responses from communities with no partnership in scope (not analyzed)", 1LL);

	t = tab("coverage_by_state");
	cols_are(t, 4, "State", "Communities in scope", "Responded", "Response rate");
	assert_int_equal(t->nrows, 9);
	row_is(t, 0, "TIIP", "AZ", 1LL, 1LL, 1LL, 1LL);
	row_is(t, 1, "TIIP", "CO", 1LL, 1LL, 1LL, 1LL);
	row_is(t, 2, "TIIP", "FL", 1LL, 0LL, 0LL, 1LL);
	row_is(t, 3, "TIIP", "ID", 1LL, 1LL, 1LL, 1LL);
	row_is(t, 4, "TIIP", "IL", 1LL, 1LL, 1LL, 1LL);
	row_is(t, 5, "TIIP", "KS", 1LL, 1LL, 1LL, 1LL);
	row_is(t, 6, "TIIP", "OR", 1LL, 0LL, 0LL, 1LL);     /* Salem did not respond */
	row_is(t, 7, "TIIP", "TX", 2LL, 1LL, 1LL, 2LL);     /* Austin yes, Travis County no */
	row_is(t, 8, "TIIP", "Total", 9LL, 6LL, 6LL, 9LL);

	/* 7 responses; answered: SEL1 all but R5; ACT1 R1 R2 R4 R5 R6; ACT2 R1; ... */
	t = tab("item_nonresponse");
	cols_are(t, 7, "Question ID", "Topic", "Question", "Responses", "Answered", "Missing",
		 "Percent missing");
	assert_int_equal(t->nrows, 7);
	row_is(t, 0, "TTTIIIP", "SEL1", "Selection of U.S. partners", "Was an intermediary involved?",
	       7LL, 6LL, 1LL, 1LL, 7LL);
	row_is(t, 1, "TT_IIIP", "ACT1", "Activities and outcomes", 7LL, 5LL, 2LL, 2LL, 7LL);
	row_is(t, 2, "TT_IIIP", "ACT2", "Activities and outcomes", 7LL, 1LL, 6LL, 6LL, 7LL);
	row_is(t, 3, "TT_IIIP", "TRA1", "Transparency of agreements and activities", 7LL, 6LL, 1LL, 1LL, 7LL);
	row_is(t, 4, "TT_IIIP", "TRA2", "Transparency of agreements and activities", 7LL, 6LL, 1LL, 1LL, 7LL);
	row_is(t, 5, "TT_IIIP", "EXP1", "Freedom of expression", 7LL, 5LL, 2LL, 2LL, 7LL);
	row_is(t, 6, "TT_IIIP", "EXP2", "Freedom of expression", 7LL, 4LL, 3LL, 3LL, 7LL);
}

static void test_answers(void **state)
{
	const struct table *t;

	(void)state;
	/* SEL1: yes R1 R3 R8; no R2 R6; dont_know R4 (R7 is outside the universe). */
	t = tab("answers_selection");
	cols_are(t, 6, "Question ID", "Question", "Answer", "Count", "Percent of valid answers",
		 "Valid answers (n)");
	assert_int_equal(t->nrows, 4);
	row_is(t, 0, "T_TIPI", "SEL1", "Yes", 3LL, 3LL, 5LL, 5LL);
	row_is(t, 1, "T_TIPI", "SEL1", "No", 2LL, 2LL, 5LL, 5LL);
	row_is(t, 2, "T_TINI", "SEL1", "Don't know", 1LL, 5LL);
	row_is(t, 3, "T_TINI", "SEL1", "Not applicable", 0LL, 5LL);

	/* ACT1: 3, 0, 10, 5, 2 (R7's 100 left out): sorted 0 2 3 5 10. */
	t = tab("answers_activities");
	assert_int_equal(t->nrows, 4);
	row_is(t, 0, "T_TINI", "ACT1", "Responses", 5LL, 5LL);
	row_is(t, 1, "T_TINI", "ACT1", "Total", 20LL, 5LL);
	row_is(t, 2, "T_TRNI", "ACT1", "Median", 3.0, 5LL);
	row_is(t, 3, "T_TRNI", "ACT1", "Mean", 4.0, 5LL);

	/* TRA1: online R1 R4; on_request R3 R6; not_available R2; dont_know R5. */
	t = tab("answers_transparency");
	assert_int_equal(t->nrows, 8);
	row_is(t, 0, "TTTIPI", "TRA1", "Is the agreement public?", "Posted online", 2LL, 2LL, 5LL, 5LL);
	row_is(t, 1, "T_TIPI", "TRA1", "On request", 2LL, 2LL, 5LL, 5LL);
	row_is(t, 2, "T_TIPI", "TRA1", "Not available", 1LL, 1LL, 5LL, 5LL);
	row_is(t, 3, "T_TINI", "TRA1", "Don't know", 1LL, 5LL);
	/* TRA2: yes R1 R3 R6; no R2; dont_know R5; not_applicable R4. */
	row_is(t, 4, "T_TIPI", "TRA2", "Yes", 3LL, 3LL, 4LL, 4LL);
	row_is(t, 5, "T_TIPI", "TRA2", "No", 1LL, 1LL, 4LL, 4LL);
	row_is(t, 6, "T_TINI", "TRA2", "Don't know", 1LL, 4LL);
	row_is(t, 7, "T_TINI", "TRA2", "Not applicable", 1LL, 4LL);

	/* EXP1: yes R1 R3 R6; no R4; dont_know R2. EXP2: yes R2 R6; no R1 R4. */
	t = tab("answers_expression");
	assert_int_equal(t->nrows, 8);
	row_is(t, 0, "T_TIPI", "EXP1", "Yes", 3LL, 3LL, 4LL, 4LL);
	row_is(t, 1, "T_TIPI", "EXP1", "No", 1LL, 1LL, 4LL, 4LL);
	row_is(t, 2, "T_TINI", "EXP1", "Don't know", 1LL, 4LL);
	row_is(t, 3, "T_TINI", "EXP1", "Not applicable", 0LL, 4LL);
	row_is(t, 4, "T_TIPI", "EXP2", "Yes", 2LL, 2LL, 4LL, 4LL);
	row_is(t, 5, "T_TIPI", "EXP2", "No", 2LL, 2LL, 4LL, 4LL);
	row_is(t, 6, "T_TINI", "EXP2", "Don't know", 0LL, 4LL);
	row_is(t, 7, "T_TINI", "EXP2", "Not applicable", 0LL, 4LL);

	/* The fixture asks nothing on espionage or visas: those tables do not exist. */
	assert_null(analysis_table(an, "answers_espionage"));
	assert_null(analysis_table(an, "answers_visa"));
}

static void test_answer_charts(void **state)
{
	const struct table *t;

	(void)state;
	t = tab("answers_chart_selection");
	cols_are(t, 4, "Question", "Yes", "No", "Valid answers (n)");   /* label, default the id */
	assert_int_equal(t->nrows, 1);
	row_is(t, 0, "TPPI", "SEL1", 3LL, 5LL, 2LL, 5LL, 5LL);
	assert_int_equal(t->chart, CHART_STACKED);
	assert_int_equal(t->chart_col, 1);
	assert_int_equal(t->chart_ncols, 2);

	/* no choice question on activities: no chart, so no table */
	assert_null(analysis_table(an, "answers_chart_activities"));

	/* TRA1 (avail) and TRA2 (yesno) tie: the first question's scale is the main one. */
	t = tab("answers_chart_transparency");
	cols_are(t, 5, "Question", "Posted online", "On request", "Not available", "Valid answers (n)");
	assert_int_equal(t->nrows, 1);
	row_is(t, 0, "TPPPI", "TRA1", 2LL, 5LL, 2LL, 5LL, 1LL, 5LL, 5LL);
	assert_int_equal(t->chart_ncols, 3);

	t = tab("answers_chart_expression");
	assert_int_equal(t->nrows, 2);
	row_is(t, 0, "TPPI", "EXP1", 3LL, 4LL, 1LL, 4LL, 4LL);
	row_is(t, 1, "TPPI", "EXP2", 2LL, 4LL, 2LL, 4LL, 4LL);
}

static void test_crosstabs(void **state)
{
	const struct table *t;

	(void)state;
	t = tab("crosstab_state_status");
	assert_string_equal(t->title, "Partnerships in scope by state and status");
	cols_are(t, 5, "State", "Active", "Inactive", "Suspended", "Total");
	assert_int_equal(t->nrows, 9);
	row_is(t, 0, "TIIII", "AZ", 1LL, 0LL, 0LL, 1LL);
	row_is(t, 1, "TIIII", "CO", 1LL, 0LL, 1LL, 2LL);   /* P16 active, P15 suspended */
	row_is(t, 2, "TIIII", "FL", 1LL, 0LL, 0LL, 1LL);
	row_is(t, 3, "TIIII", "ID", 1LL, 0LL, 0LL, 1LL);
	row_is(t, 4, "TIIII", "IL", 2LL, 0LL, 0LL, 2LL);
	row_is(t, 5, "TIIII", "KS", 1LL, 0LL, 0LL, 1LL);
	row_is(t, 6, "TIIII", "OR", 1LL, 0LL, 0LL, 1LL);
	row_is(t, 7, "TIIII", "TX", 1LL, 1LL, 1LL, 3LL);   /* P05, P03, P04 */
	row_is(t, 8, "TIIII", "Total", 9LL, 1LL, 2LL, 12LL);
	assert_string_equal(t->base, "n = 12 partnerships in scope");

	/*
	 * Communities that answered TRA1, with the bands of their in-scope partnerships:
	 * Springfield {0-29 MEX, 40-45 CHN} online; Austin {0-29 RUS, 40-45 CHN}
	 * not_available + on_request; Kansas {40-45} online; Boise {30-39} dont_know;
	 * Denver {0-29 NGA, 40-45 BLR} on_request. (Phoenix did not answer TRA1.)
	 */
	t = tab("crosstab_band_tra1");
	cols_are(t, 6, "CPI score band", "Posted online", "On request", "Not available", "Don't know", "Total");
	assert_int_equal(t->nrows, 4);
	row_is(t, 0, "TIIIII", "0" EN "29", 1LL, 2LL, 1LL, 0LL, 3LL);
	row_is(t, 1, "TIIIII", "30" EN "39", 0LL, 0LL, 0LL, 1LL, 1LL);
	row_is(t, 2, "TIIIII", "40" EN "45", 2LL, 2LL, 1LL, 0LL, 4LL);
	row_is(t, 3, "TIIIII", "Total", 2LL, 2LL, 1LL, 1LL, 5LL);
	assert_string_equal(t->base, "n = 5 responding U.S. communities with partnerships in scope");

	/*
	 * SEL1 x EXP2 by community: Springfield yes x no; Austin {no, yes} x yes;
	 * Kansas dont_know x no; Denver no x yes (Boise: no SEL1; Phoenix: no EXP2).
	 */
	t = tab("crosstab_sel_exp");
	cols_are(t, 4, "SEL1", "Yes", "No", "Total");
	assert_int_equal(t->nrows, 4);
	row_is(t, 0, "TIII", "Yes", 1LL, 1LL, 2LL);
	row_is(t, 1, "TIII", "No", 2LL, 0LL, 2LL);
	row_is(t, 2, "TIII", "Don't know", 0LL, 1LL, 1LL);
	row_is(t, 3, "TIII", "Total", 2LL, 2LL, 4LL);

	/*
	 * Country x EXP2: Springfield {CHN, MEX} no; Austin {CHN, RUS} yes; Kansas {CHN} no;
	 * Denver {BLR, NGA} yes. Countries of communities that did not answer EXP2
	 * (UKR, VNM, HUN, KSV) get no row; a column adds to more than its total.
	 */
	t = tab("crosstab_country_exp2");
	cols_are(t, 4, "Country", "Yes", "No", "Total");
	assert_int_equal(t->nrows, 6);
	row_is(t, 0, "TIII", "Belarus", 1LL, 0LL, 1LL);
	row_is(t, 1, "TIII", "China", 1LL, 2LL, 3LL);
	row_is(t, 2, "TIII", "Mexico", 0LL, 1LL, 1LL);
	row_is(t, 3, "TIII", "Nigeria", 1LL, 0LL, 1LL);
	row_is(t, 4, "TIII", "Russia", 1LL, 0LL, 1LL);
	row_is(t, 5, "TIII", "Total", 2LL, 2LL, 4LL);
}

static void test_index(void **state)
{
	const struct table *t;

	(void)state;
	/*
	 * Transparency: TRA1 weight 2 (online), TRA2 weight 1 (yes).
	 *   Springfield 3/3; Austin (R2 + R3) 1/6; Kansas 2/2 (n/a left out); Denver 1/3;
	 *   Boise only dont_know: none; Phoenix: none.
	 * Expression: EXP1 (yes), EXP2 (no), weight 1 each.
	 *   Springfield 2/2; Austin 1/2 (dont_know left out); Kansas 1/2; Denver 1/2.
	 * Overall: Springfield 5/5; Austin 2/8; Kansas 3/4; Denver 2/5.
	 */
	t = tab("index_by_community");
	cols_are(t, 5, "Community", "State", "Transparency of agreements and activities",
		 "Freedom of expression", "Overall");
	assert_int_equal(t->nrows, 6);
	row_is(t, 0, "TTNNN", "Phoenix", "AZ");
	row_is(t, 1, "TTRRR", "Denver", "CO", 1.0 / 3.0, 0.5, 0.4);
	row_is(t, 2, "TTNNN", "Boise", "ID");
	row_is(t, 3, "TTRRR", "Springfield", "IL", 1.0, 1.0, 1.0);
	row_is(t, 4, "TTRRR", "Kansas", "KS", 1.0, 0.5, 0.75);
	row_is(t, 5, "TTRRR", "Austin", "TX", 1.0 / 6.0, 0.5, 0.25);

	/* Tiers >= 0.75 High, >= 0.5 Medium, else Low (0.75 and 0.5 are on the line). */
	t = tab("index_distribution");
	cols_are(t, 6, "Topic", "High", "Medium", "Low", "Communities (n)", "Mean index");
	assert_int_equal(t->nrows, 3);
	row_is(t, 0, "TIIIIR", "Transparency of agreements and activities", 2LL, 0LL, 2LL, 4LL, 0.625);
	row_is(t, 1, "TIIIIR", "Freedom of expression", 1LL, 3LL, 0LL, 4LL, 0.625);
	row_is(t, 2, "TIIIIR", "Overall", 2LL, 0LL, 2LL, 4LL, 0.6);
	assert_int_equal(t->chart, CHART_STACKED);
	assert_int_equal(t->chart_col, 1);
	assert_int_equal(t->chart_ncols, 3);
}

/*
 * State laws (data/reference/state_laws.csv): TX-795 covers Texas
 * partnerships with CHN, IRN, PRK, RUS. In the fixture: P03 Austin-Chongqing
 * (CHN, inactive, in scope) and P04 Austin-Moscow (RUS, suspended, in
 * scope); P05 Travis County-Kyiv (UKR) is not covered. No fixture row is in
 * Arkansas; Miami's partners (GRC, HUN) are not on Florida's list. The
 * report date 2026-11 is after TX-795's deadline 2025-10-01.
 */
static void test_state_laws(void **state)
{
	const struct table *t = tab("state_law_summary");
	size_t i;

	(void)state;
	assert_int_equal(t->nrows, 4);
	row_is(t, 0, "TTTTTIIII", "TX-795 (Texas)", "Tex. Gov't Code ch. 795",
	       "Terminate existing agreements", "2025-10-01", "Yes", 2LL, 0LL, 2LL, 2LL);
	row_is(t, 1, "TTTTTIIII", "AR-14-1-116 (Arkansas)", "Ark. Code Ann. \u00a7 14-1-116",
	       "Terminate existing agreements", "None", "No deadline", 0LL, 0LL, 0LL, 0LL);
	row_is(t, 2, "TTTTTIIII", "FL-288-860 (Florida)", "Fla. Stat. \u00a7 288.860",
	       "Review agreements", "None", "No deadline", 0LL, 0LL, 0LL, 0LL);
	row_is(t, 3, "TTTTTIIII", "Total", NULL, NULL, NULL, NULL, 2LL, 0LL, 2LL, 2LL);
	assert_int_equal(t->chart, CHART_BAR);
	assert_int_equal(t->chart_col, 7);

	t = tab("state_law_status");
	/* 3 laws x (5 statuses + not recorded), then the same 6 for all laws */
	assert_int_equal(t->nrows, 24);
	row_is(t, 0, "TTTTIII", "TX-795", "TX", "Yes", "Active", 0LL, 0LL, 0LL);
	row_is(t, 1, "TTTTIII", "TX-795", "TX", "Yes", "Inactive", 1LL, 0LL, 1LL);
	row_is(t, 2, "TTTTIII", "TX-795", "TX", "Yes", "Suspended", 1LL, 0LL, 1LL);
	row_is(t, 3, "TTTTIII", "TX-795", "TX", "Yes", "Terminated", 0LL, 0LL, 0LL);
	row_is(t, 5, "TTTTIII", "TX-795", "TX", "Yes", "Not recorded", 0LL, 0LL, 0LL);
	row_is(t, 6, "TTTTIII", "AR-14-1-116", "AR", "No deadline", "Active", 0LL, 0LL, 0LL);
	for (i = 6; i < 18; i++)
		assert_int_equal(table_cell(t, i, 6)->i, 0);
	row_is(t, 19, "TTTTIII", "All laws", NULL, NULL, "Inactive", 1LL, 0LL, 1LL);
	row_is(t, 20, "TTTTIII", "All laws", NULL, NULL, "Suspended", 1LL, 0LL, 1LL);
	row_is(t, 23, "TTTTIII", "All laws", NULL, NULL, "Not recorded", 0LL, 0LL, 0LL);

	t = tab("state_laws");
	assert_int_equal(t->nrows, 3);
	row_is(t, 0, "TTTTTTT", "TX-795", "Tex. Gov't Code ch. 795", "Terminate existing agreements",
	       "2025-09-01", "2025-10-01", "CHN, IRN, PRK, RUS", "2026-12-02");
	assert_string_equal(table_cell(t, 2, 5)->s, "CHN, CUB, IRN, PRK, RUS, SYR, VEN");
	/* 25 countries of the ITAR 126.1 list as taken */
	assert_int_equal(strlen(table_cell(t, 1, 5)->s), 25 * 3 + 24 * 2);
	assert_string_equal(table_cell(t, 1, 4)->s, "None");
	/* one note per law with its text's address, then the caveat */
	assert_int_equal(t->nnotes, 4);
	assert_non_null(strstr(t->notes[0], "TX-795 (Texas): Political subdivisions may not "
				"establish, maintain or renew"));
	assert_non_null(strstr(t->notes[0], " Text: https://statutes.capitol.texas.gov/Docs/GV/"
				"htm/GV.795.htm Country list: the statute's own list"));

	fig_int("state_law_covered", 2);
	fig_int("state_law_covered_in_scope", 2);
	fig_int("state_law_overdue", 2);
	assert_string_equal(analysis_figure(an, "state_law_sentence")->value.s,
			    "State laws on sister-city agreements cover 2 partnerships in the "
			    "records, 2 in scope; 0 are recorded as terminated. Of the 2 covered by "
			    "a law whose termination deadline had passed by the report date, 2 are "
			    "not recorded as terminated.");
}

/* "Passed": the report date is later than the deadline; a month is its first day. */
static void test_deadline_passed(void **state)
{
	(void)state;
	assert_int_equal(analysis_deadline_passed("2026-11", "2025-10-01"), 1);
	assert_int_equal(analysis_deadline_passed("2025-10", "2025-10-01"), 0);
	assert_int_equal(analysis_deadline_passed("2025-10-01", "2025-10-01"), 0);
	assert_int_equal(analysis_deadline_passed("2025-10-02", "2025-10-01"), 1);
	assert_int_equal(analysis_deadline_passed("2025-11", "2025-10-31"), 1);
	assert_int_equal(analysis_deadline_passed("2025-10", "2025-10-31"), 0);
	assert_int_equal(analysis_deadline_passed("2025-09-30", "2025-10-01"), 0);
	assert_int_equal(analysis_deadline_passed("2026-11", ""), -1);
	assert_int_equal(analysis_deadline_passed("2026-11", NULL), -1);
}

/* The text of figure id, or fail. */
static void fig_text(const char *id, const char *want)
{
	const struct figure *f = analysis_figure(an, id);

	if (!f)
		fail_msg("no figure '%s'", id);
	if (f->value.kind != CELL_TEXT || strcmp(f->value.s, want))
		fail_msg("figure %s: expected '%s', got '%s'", id, want,
			 f->value.kind == CELL_TEXT ? f->value.s : "(not text)");
}

/*
 * Community level, over each community's responses (test_index's answers):
 *   TRA1 (safeguard online): Springfield online; Austin not_available + on_request
 *     (other); Kansas online; Denver on_request (other); Boise dont_know (out of
 *     base) -> 4 answering, 2 reporting.
 *   TRA2 (yes): Springfield yes; Austin no + yes (both ways); Kansas n/a; Denver yes;
 *     Boise dont_know -> 3 answering, 2 reporting, 1 both ways.
 *   EXP1 (yes): Springfield yes; Austin dont_know + yes; Kansas no; Denver yes -> 4, 3.
 *   EXP2 (no): Springfield no; Austin yes; Kansas no; Denver yes -> 4, 2.
 * Answers given count responses: TRA1 online R1 R4, on_request R3 R6, not_available
 * R2, dont_know R5; TRA2 yes R1 R3 R6, no R2, dont_know R5, not_applicable R4.
 */
static void test_safeguards(void **state)
{
	const struct table *t;

	(void)state;
	t = tab("safeguards");
	cols_are(t, 12, "Topic", "Question ID", "Safeguard", "Safeguard answer",
		 "Answers given (responses)", "Communities answering", "Reporting the safeguard",
		 "Percent reporting", "Answering both ways", "All respondents answering",
		 "All respondents reporting", "All respondents, percent");
	assert_int_equal(t->nrows, 4);
	row_is(t, 0, "TTTTTIIPIIIP", "Transparency of agreements and activities", "TRA1", "TRA1",
	       "Posted online", "Posted online 2; On request 2; Not available 1; Don't know 1",
	       4LL, 2LL, 2LL, 4LL, 0LL, 4LL, 2LL, 2LL, 4LL);
	row_is(t, 1, "TTTTTIIPIIIP", "Transparency of agreements and activities", "TRA2", "TRA2",
	       "Yes", "Yes 3; No 1; Don't know 1; Not applicable 1",
	       3LL, 2LL, 2LL, 3LL, 1LL, 3LL, 2LL, 2LL, 3LL);
	row_is(t, 2, "TTTTTIIPIIIP", "Freedom of expression", "EXP1", "EXP1", "Yes",
	       "Yes 3; No 1; Don't know 1", 4LL, 3LL, 3LL, 4LL, 0LL, 4LL, 3LL, 3LL, 4LL);
	row_is(t, 3, "TTTTTIIPIIIP", "Freedom of expression", "EXP2", "EXP2", "No",
	       "Yes 2; No 2", 4LL, 2LL, 2LL, 4LL, 0LL, 4LL, 2LL, 2LL, 4LL);
	assert_string_equal(t->base, "n = 6 responding U.S. communities with partnerships in scope; "
			    "each row counts those that gave a valid answer to the question "
			    "(Communities answering)");

	/*
	 * Index means (test_index): transparency (1 + 1/6 + 1 + 1/3) / 4 = 0.625, Medium,
	 * a tier none of the four is in (1, 1/6, 1, 1/3); expression (1 + .5 + .5 + .5) / 4
	 * = 0.625, Medium like 3 of 4; overall (1 + .25 + .75 + .4) / 4 = 0.6, Medium,
	 * none of 1, .25, .75 (High: on the line), .4.
	 */
	t = tab("safeguards_compared");
	cols_are(t, 6, "Topic", "Safeguard (answer)", "Answers in this report",
		 "All respondents reporting it", "All respondents answering", "Percent of all respondents");
	assert_int_equal(t->nrows, 4);
	row_is(t, 1, "TTTIIP", "Transparency", "TRA2: Yes", "Yes 3; No 1; Don't know 1; Not applicable 1",
	       2LL, 3LL, 2LL, 3LL);
	row_is(t, 2, "TTTIIP", "Expression", "EXP1: Yes", "Yes 3; No 1; Don't know 1", 3LL, 4LL,
	       3LL, 4LL);

	t = tab("index_compared");
	cols_are(t, 8, "Topic", "Communities with an index", "Mean index", "Tier",
		 "All respondents with an index", "All respondents, mean index",
		 "All respondents in the same tier", "All respondents, percent in the same tier");
	assert_int_equal(t->nrows, 3);
	row_is(t, 0, "TIRTIRIP", "Transparency", 4LL, 0.625, "Medium", 4LL, 0.625, 0LL, 0LL, 4LL);
	row_is(t, 1, "TIRTIRIP", "Expression", 4LL, 0.625, "Medium", 4LL, 0.625, 3LL, 3LL, 4LL);
	row_is(t, 2, "TIRTIRIP", "Overall", 4LL, 0.6, "Medium", 4LL, 0.6, 0LL, 0LL, 4LL);
}

/* The letter's sentences, from test_safeguards' counts; no min_base in this fixture. */
static void test_letter_figures(void **state)
{
	(void)state;
	fig_int("members_responded", 6);
	fig_text("letter_members_sentence", "6 member communities with partnerships in scope "
		 "answered our questionnaire, of 9 communities with such partnerships (67%). This "
		 "letter counts their answers.");
	/* Transparency: Springfield, Austin, Kansas, Denver answered TRA1 or TRA2. */
	fig_text("letter_transparency_sentence", "4 member communities answered at least one of "
		 "our questions on this. Of the members that answered each question, 2 of 4 answered "
		 "Posted online to \xe2\x80\x9cTRA1\xe2\x80\x9d (50%) and 2 of 3 answered Yes to "
		 "\xe2\x80\x9cTRA2\xe2\x80\x9d (67%).");
	/* TRA1 splits 2 and 2, TRA2 2 and 1: TRA1 is the nearer to half. */
	fig_text("letter_transparency_differ", "Members differ most on \xe2\x80\x9cTRA1\xe2\x80\x9d: "
		 "2 of 4 answered Posted online and 2 did not.");
	fig_text("letter_expression_sentence", "4 member communities answered at least one of our "
		 "questions on this. Of the members that answered each question, 3 of 4 answered Yes "
		 "to \xe2\x80\x9c" "EXP1\xe2\x80\x9d (75%) and 2 of 4 answered No to \xe2\x80\x9c"
		 "EXP2\xe2\x80\x9d (50%).");
	fig_text("letter_expression_differ", "Members differ most on \xe2\x80\x9c" "EXP2\xe2\x80\x9d: "
		 "2 of 4 answered No and 2 did not.");
	/* The fixture asks nothing on espionage or visa. */
	fig_text("letter_oversight_sentence", "Our questionnaire asked no question with a safeguard "
		 "answer on this.");
	fig_text("letter_oversight_differ", "");
	fig_text("letter_visa_sentence", "Our questionnaire asked no question with a safeguard "
		 "answer on this.");
	/* Overall: Springfield 1 and Kansas 0.75 High; Austin 0.25 and Denver 0.4 Low. */
	fig_text("letter_index_sentence", "Of the 4 member communities with an overall safeguard "
		 "index, 2 are in the High tier and 2 in the Low tier.");
}

/* Rows of DETAIL_MEMBERS as "community|state|responses|t|e|o|v|tier" lines. */
static void members_rows(struct strbuf *out)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct detail *d = NULL;
	const struct cell *row;
	size_t i;

	if (analysis_detail_open(an, DETAIL_MEMBERS, &d, &err))
		fail_msg("detail_open: %s", err.msg);
	assert_int_equal(d->spec->ncols, 8);
	for (;;) {
		if (d->next(d, &row, &err))
			fail_msg("detail next: %s", err.msg);
		if (!row)
			break;
		for (i = 0; i < 8; i++) {
			if (i)
				strbuf_addch(out, '|');
			if (row[i].kind == CELL_TEXT)
				strbuf_adds(out, row[i].s);
			else if (row[i].kind == CELL_INT)
				strbuf_addf(out, "%lld", (long long)row[i].i);
			else
				assert_int_equal(row[i].kind, CELL_NULL);
		}
		strbuf_addch(out, '\n');
	}
	d->close(d);
}

/*
 * One row per responding community, by state: its safeguards reported of those
 * answered under each letter question (transparency TRA1 TRA2, expression EXP1
 * EXP2; nothing on espionage or visa), and its overall tier (test_index).
 */
static void test_members_detail(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	members_rows(&sb);
	assert_string_equal(sb.buf,
			    "Phoenix|AZ|1|||||\n"
			    "Denver|CO|1|1 of 2|1 of 2|||Low\n"
			    "Boise|ID|1|||||\n"
			    "Springfield|IL|1|2 of 2|2 of 2|||High\n"
			    "Kansas|KS|1|1 of 1|1 of 2|||High\n"
			    "Austin|TX|2|0 of 2|1 of 2|||Low\n");
	strbuf_release(&sb);
}

/*
 * [scope] respondents = all adds Portland (R7: SEL1 yes, ACT1 100, TRA1 online),
 * whose partnerships are all out of scope: 7 communities, 8 responses, 36
 * answers (33 + 3); TRA1 5 answering, 3 reporting; Portland's overall index
 * 2/2 = 1, High. The response rate stays that of the 9 in-scope communities.
 */
static void test_respondents_all(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	const struct table *t;

	(void)state;
	cfg->scope.respondents_all = 1;
	rerun();
	fig_int("communities_responded", 6);
	fig_pct("response_rate", 6, 9);
	fig_int("members_responded", 7);
	fig_int("responses_total", 8);
	fig_int("answers_total", 36);
	t = tab("coverage");
	assert_int_equal(t->nrows, 7);
	row_is(t, 0, "TI", "U.S. communities with partnerships in scope", 9LL);
	row_is(t, 1, "TI", "Communities that responded", 6LL);
	row_is(t, 2, "TP", "Response rate", 6LL, 9LL);
	row_is(t, 3, "TI", "Responses received", 8LL);
	row_is(t, 4, "TI", "Answers received", 36LL);
	row_is(t, 5, "TI", "Communities with no partnership in scope that responded (counted)", 1LL);
	row_is(t, 6, "TI", "Responses from communities with no partnership in scope (counted)", 1LL);
	t = tab("safeguards");
	row_is(t, 0, "TTTTTIIPIIIP", "Transparency of agreements and activities", "TRA1", "TRA1",
	       "Posted online", "Posted online 3; On request 2; Not available 1; Don't know 1",
	       5LL, 3LL, 3LL, 5LL, 0LL, 5LL, 3LL, 3LL, 5LL);
	assert_string_equal(t->base, "n = 7 responding U.S. communities (all respondents, with or "
			    "without a partnership in scope: [scope] respondents = all); each row "
			    "counts those that gave a valid answer to the question (Communities "
			    "answering)");
	assert_string_equal(tab("answers_selection")->base, "n = valid answers to each question "
			    "(last column), from 8 responses of 7 responding U.S. communities (all "
			    "respondents, with or without a partnership in scope: [scope] respondents "
			    "= all)");
	fig_text("response_sentence", "Of the 9 U.S. communities with partnerships in scope, 6 "
		 "answered the questionnaire, a response rate of 67%. The answers of 1 more "
		 "responding community with no partnership in scope are counted as well ([scope] "
		 "respondents = all), 7 responding communities in all.");
	fig_text("letter_members_sentence", "7 member communities answered our questionnaire: 6 "
		 "with partnerships in scope and 1 without. This letter counts the answers of all of "
		 "them.");
	fig_text("letter_transparency_sentence", "5 member communities answered at least one of "
		 "our questions on this. Of the members that answered each question, 3 of 5 answered "
		 "Posted online to \xe2\x80\x9cTRA1\xe2\x80\x9d (60%) and 2 of 3 answered Yes to "
		 "\xe2\x80\x9cTRA2\xe2\x80\x9d (67%).");
	fig_text("letter_index_sentence", "Of the 5 member communities with an overall safeguard "
		 "index, 3 are in the High tier and 2 in the Low tier.");
	members_rows(&sb);
	assert_non_null(strstr(sb.buf, "Kansas|KS|1|1 of 1|1 of 2|||High\n"
				       "Portland|OR|1|1 of 1||||High\n"
				       "Austin|TX|"));
	strbuf_release(&sb);
	cfg->scope.respondents_all = 0;
	rerun();
	/* Back to in_scope: Portland's response is not analyzed again. */
	row_is(tab("coverage"), 5, "TI",
	       "Responses from communities with no partnership in scope (not analyzed)", 1LL);
}

/*
 * A report of Denver alone (store_filter, as --by community): its own answers
 * beside all respondents' from the whole store. Denver: TRA1 on_request (not
 * the safeguard), TRA2 yes, EXP1 yes, EXP2 yes (not the safeguard no);
 * transparency index 1/3 (Low), expression 1/2 (Medium), overall 2/5 (Low).
 * All respondents in Low: transparency Austin 1/6 and Denver 1/3 (2 of 4);
 * expression Medium 3 of 4; overall Low Austin 0.25 and Denver 0.4 (2 of 4).
 */
static void test_profile_compared(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	const struct table *t;

	(void)state;
	if (store_filter(st, NULL, "CO|denver", &err))
		fail_msg("store_filter: %s", err.msg);
	rerun();
	t = tab("safeguards");
	row_is(t, 0, "TTTTTIIPIIIP", "Transparency of agreements and activities", "TRA1", "TRA1",
	       "Posted online", "On request 1", 1LL, 0LL, 0LL, 1LL, 0LL, 4LL, 2LL, 2LL, 4LL);
	row_is(t, 1, "TTTTTIIPIIIP", "Transparency of agreements and activities", "TRA2", "TRA2",
	       "Yes", "Yes 1", 1LL, 1LL, 1LL, 1LL, 0LL, 3LL, 2LL, 2LL, 3LL);
	row_is(t, 3, "TTTTTIIPIIIP", "Freedom of expression", "EXP2", "EXP2", "No", "Yes 1",
	       1LL, 0LL, 0LL, 1LL, 0LL, 4LL, 2LL, 2LL, 4LL);
	t = tab("safeguards_compared");
	row_is(t, 0, "TTTIIP", "Transparency", "TRA1: Posted online", "On request 1", 2LL, 4LL, 2LL, 4LL);
	row_is(t, 3, "TTTIIP", "Expression", "EXP2: No", "Yes 1", 2LL, 4LL, 2LL, 4LL);
	assert_string_equal(t->base, "n = 1 responding U.S. community with partnerships in scope "
			    "(Answers in this report: responses, by answer); all respondents: 6 "
			    "responding communities in the database");
	t = tab("index_compared");
	row_is(t, 0, "TIRTIRIP", "Transparency", 1LL, 1.0 / 3.0, "Low", 4LL, 0.625, 2LL, 2LL, 4LL);
	row_is(t, 1, "TIRTIRIP", "Expression", 1LL, 0.5, "Medium", 4LL, 0.625, 3LL, 3LL, 4LL);
	row_is(t, 2, "TIRTIRIP", "Overall", 1LL, 0.4, "Low", 4LL, 0.6, 2LL, 2LL, 4LL);
	fig_int("members_responded", 1);
	if (store_filter(st, NULL, NULL, &err))
		fail_msg("store_filter: %s", err.msg);
	rerun();
}

static void test_flags(void **state)
{
	const struct table *t;

	(void)state;
	t = tab("flag_summary");
	cols_are(t, 3, "Rule", "Configuration section", "Partnerships");
	assert_int_equal(t->nrows, 5);
	/* Readers see each rule's label, never its section id (fixtures/analysis/scta.ini). */
	row_is(t, 0, "TTI", "Agreement carries a political commitment", "[flag:political_clause]",
	       3LL);                                                          /* P01 P03 P09 */
	row_is(t, 1, "TTI", "Agreement not public, with technology activities", "[flag:closed_tech]",
	       2LL);                                          /* P03 confidential, P14 confidential */
	row_is(t, 2, "TTI", "Suspended or terminated after a dispute", "[flag:dispute]", 2LL);
	/* P04 "Dispute over the war", P15; P10 out of scope */
	row_is(t, 3, "TTI", "Brokered by an intermediary", "[flag:intermediary]", 3LL); /* P01 P05 P09 */
	row_is(t, 4, "TTI", "Country exactly at the cut-off", "[flag:cpi_edge]", 1LL);  /* P15 BLR 45 */

	/* Ordered by country name, state, community. */
	t = tab("flagged");
	cols_are(t, 6, "Partnership ID", "U.S. community", "State", "Foreign community", "Country", "Rules");
	assert_int_equal(t->nrows, 7);
	row_is(t, 0, "TTTTTT", "P15", "Denver", "CO", "Minsk", "Belarus",
	       "Suspended or terminated after a dispute; Country exactly at the cut-off");
	row_is(t, 1, "TTTTTT", "P01", "Springfield", "IL", "Harbin", "China",
	       "Agreement carries a political commitment; Brokered by an intermediary");
	row_is(t, 2, "TTTTTT", "P09", "Kansas", "KS", "Henan", "China",
	       "Agreement carries a political commitment; Brokered by an intermediary");
	row_is(t, 3, "TTTTTT", "P03", "Austin", "TX", "Chongqing", "China",
	       "Agreement carries a political commitment; Agreement not public, with technology "
	       "activities");
	row_is(t, 4, "TTTTTT", "P14", "Miami", "FL", "Budapest", "Hungary",
	       "Agreement not public, with technology activities");
	row_is(t, 5, "TTTTTT", "P04", "Austin", "TX", "Moscow", "Russia",
	       "Suspended or terminated after a dispute");
	row_is(t, 6, "TTTTTT", "P05", "Travis County", "TX", "Kyiv", "Ukraine",
	       "Brokered by an intermediary");

	/* Low-CPI suspended/terminated: P04 2022, P15 2021, P10 2020, P19 no date. */
	t = tab("status_changes");
	cols_are(t, 4, "Year", "Suspended", "Terminated", "Total");
	assert_int_equal(t->nrows, 5);
	row_is(t, 0, "TIII", "2020", 0LL, 1LL, 1LL);
	row_is(t, 1, "TIII", "2021", 1LL, 0LL, 1LL);
	row_is(t, 2, "TIII", "2022", 1LL, 0LL, 1LL);
	row_is(t, 3, "TIII", "Not recorded", 0LL, 1LL, 1LL);
	row_is(t, 4, "TIII", "Total", 2LL, 2LL, 4LL);
}

static void test_figures(void **state)
{
	static const char *const order[] = {
		"partnerships_total", "partnerships_scored", "in_scope", "in_scope_pct",
		"in_scope_countries", "in_scope_states", "in_scope_communities", "not_scored",
		"cpi_year", "cpi_max", "countries_le_max", "top_country", "top_country_n",
		"top_country_pct", "agreements_total", "agreements_online", "agreements_recorded",
		"agreements_online_pct", "agreements_not_public", "political_clause_n",
		"intermediary_n", "political_clause_recorded", "status_not_recorded",
		"agreements_sentence", "provisions_sentence", "status_sentence", "scope_sentence",
		"communities_responded", "response_rate", "response_sentence", "members_responded",
		"responses_total", "answers_total",
		"letter_members_sentence", "letter_transparency_sentence", "letter_transparency_differ",
		"letter_expression_sentence", "letter_expression_differ", "letter_oversight_sentence",
		"letter_oversight_differ", "letter_visa_sentence", "letter_visa_differ",
		"letter_index_sentence",
		"flagged_n", "status_changed_n", "state_law_covered", "state_law_covered_in_scope",
		"state_law_overdue", "state_law_sentence", "rows_read", "rows_loaded", "rows_rejected",
	};
	const struct figure *f;
	size_t i;

	(void)state;
	assert_int_equal(an->nfigs, sizeof(order) / sizeof(order[0]));
	for (i = 0; i < an->nfigs; i++) {
		assert_string_equal(an->figs[i].id, order[i]);
		assert_non_null(an->figs[i].label);
	}
	fig_int("partnerships_total", 20);
	fig_int("partnerships_scored", 18);
	fig_int("in_scope", 12);
	fig_pct("in_scope_pct", 12, 18);
	fig_int("in_scope_countries", 9);
	fig_int("in_scope_states", 8);
	fig_int("in_scope_communities", 9);
	fig_int("not_scored", 2);
	fig_int("cpi_year", 2019);
	fig_int("cpi_max", 45);
	fig_int("countries_le_max", 115);   /* data/reference/cpi.csv: 2019 scores <= 45 */
	f = analysis_figure(an, "top_country");
	assert_non_null(f);
	assert_int_equal(f->value.kind, CELL_TEXT);
	assert_string_equal(f->value.s, "China");
	fig_int("top_country_n", 3);
	fig_pct("top_country_pct", 3, 12);
	fig_int("agreements_total", 12);
	fig_int("agreements_online", 3);
	fig_int("agreements_recorded", 9);                /* 12 less P04 P15 unknown, P17 blank */
	fig_pct("agreements_online_pct", 3, 9);           /* of the recorded, not of all 12 */
	fig_int("agreements_not_public", 4);
	fig_int("political_clause_n", 3);
	fig_int("intermediary_n", 3);
	fig_int("political_clause_recorded", 11);         /* P05 unknown */
	fig_int("status_not_recorded", 0);
	f = analysis_figure(an, "agreements_sentence");
	assert_string_equal(f->value.s, "Of the 9 agreements whose availability is recorded, 3 (33%) "
			    "are posted online and 4 are not available or confidential. Availability "
			    "is not recorded for 3 of the 12 in-scope partnerships.");
	f = analysis_figure(an, "provisions_sentence");
	assert_string_equal(f->value.s, "Of the 11 agreements whose terms are recorded, 3 carry a "
			    "political commitment such as a \"One China\" clause. The records name an "
			    "intermediary organization for 3 partnerships.");
	f = analysis_figure(an, "status_sentence");
	assert_string_equal(f->value.s, "Every partnership with a low-scoring country has a recorded "
			    "status.");
	f = analysis_figure(an, "scope_sentence");
	assert_string_equal(f->value.s, "Of the 18 partnerships whose foreign country has a 2019 CPI "
			    "score, 12 (67%) are with a country scoring 45 or less. They link 9 U.S. "
			    "communities in 8 states with communities in 9 countries. China accounts for "
			    "the most, 3 (25%).");
	f = analysis_figure(an, "response_sentence");
	assert_string_equal(f->value.s, "Of the 9 U.S. communities with partnerships in scope, 6 "
			    "answered the questionnaire, a response rate of 67%.");
	fig_int("communities_responded", 6);
	fig_pct("response_rate", 6, 9);
	fig_int("responses_total", 7);
	fig_int("answers_total", 33);
	fig_int("flagged_n", 7);
	fig_int("status_changed_n", 4);
	/* Latest batch of each path: partnerships 21 read (20 + 1 rejected), responses 37 (36 + 1). */
	fig_int("rows_read", 58);
	fig_int("rows_loaded", 56);
	fig_int("rows_rejected", 2);
}

/* ---------------------------------------------------------------- details */

/* Stream a detail to the end, checking cell kinds; keep copies of the first row's cells. */
static size_t count_rows(enum detail_kind kind, struct cell *keep, size_t nkeep)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct detail *d = NULL;
	const struct cell *row;
	size_t n = 0, i;

	if (analysis_detail_open(an, kind, &d, &err))
		fail_msg("detail_open: %s", err.msg);
	assert_ptr_equal(d->spec, detail_spec(kind));
	for (;;) {
		if (d->next(d, &row, &err))
			fail_msg("detail next: %s", err.msg);
		if (!row)
			break;
		for (i = 0; i < d->spec->ncols; i++)
			assert_true(row[i].kind == CELL_NULL || row[i].kind == d->spec->cols[i].kind);
		if (n == 0 && keep)
			for (i = 0; i < nkeep; i++)
				cell_copy(&keep[i], &row[i]);
		n++;
	}
	d->close(d);
	return n;
}

static void test_details(void **state)
{
	struct cell keep[32];
	size_t k, i;

	(void)state;
	memset(keep, 0, sizeof(keep));
	for (k = 0; k < DETAIL__COUNT; k++) {
		const struct detail_spec *s = detail_spec((enum detail_kind)k);

		assert_non_null(s);
		assert_non_null(s->sheet);
		assert_non_null(s->desc);
		assert_true(s->ncols > 0 && s->ncols <= 32);
		for (i = 0; i < s->ncols; i++) {
			assert_non_null(s->cols[i].name);
			assert_true(s->cols[i].meaning && *s->cols[i].meaning);
			/* allowed values: described, or a vocabulary's (util/vocab.c) */
			assert_true((s->cols[i].values && *s->cols[i].values) ||
				    (s->cols[i].vocab && s->cols[i].vocab->n > 0));
		}
	}
	assert_string_equal(detail_spec(DETAIL_PARTNERSHIPS)->sheet, "Partnerships");
	assert_string_equal(detail_spec(DETAIL_SCOPE)->sheet, "Partnerships in scope");
	assert_string_equal(detail_spec(DETAIL_RESPONSES)->sheet, "Responses");
	assert_string_equal(detail_spec(DETAIL_QUESTIONS)->sheet, "Questions");
	assert_string_equal(detail_spec(DETAIL_REJECTS)->sheet, "Rejects");

	/* 20 stored partnerships, by ID: P01 first, CPI 41, in scope. */
	assert_int_equal(count_rows(DETAIL_PARTNERSHIPS, keep, 25), 20);
	assert_string_equal(keep[0].s, "P01");
	assert_string_equal(keep[7].s, "China");
	assert_int_equal(keep[20].i, 41);
	assert_string_equal(keep[21].s, "Yes");
	assert_int_equal(keep[22].kind, CELL_INT);    /* batch */
	assert_int_equal(keep[24].i, 2);              /* source line */
	for (i = 0; i < 32; i++)
		cell_clear(&keep[i]);

	/* 12 in scope, by country name: Belarus (P15) first. */
	assert_int_equal(count_rows(DETAIL_SCOPE, keep, 9), 12);
	assert_string_equal(keep[0].s, "P15");
	assert_string_equal(keep[4].s, "Belarus");
	assert_int_equal(keep[5].i, 45);
	assert_string_equal(keep[7].s, "Suspended");
	assert_string_equal(keep[8].s, "Unknown");
	for (i = 0; i < 32; i++)
		cell_clear(&keep[i]);

	/* Every stored answer (36, R7 included), by state: AZ Phoenix R8 SEL1 first. */
	assert_int_equal(detail_spec(DETAIL_RESPONSES)->ncols, 12);
	assert_true(detail_spec(DETAIL_RESPONSES)->one_line);
	assert_false(detail_spec(DETAIL_PARTNERSHIPS)->one_line);
	assert_int_equal(count_rows(DETAIL_RESPONSES, keep, 12), 36);
	assert_string_equal(keep[0].s, "R8");
	assert_int_equal(keep[4].kind, CELL_NULL);    /* respondent: the file has none */
	assert_string_equal(keep[5].s, "SEL1");
	assert_string_equal(keep[6].s, "Was an intermediary involved?");
	assert_string_equal(keep[7].s, "yes");
	assert_int_equal(keep[8].kind, CELL_NULL);
	assert_int_equal(keep[11].kind, CELL_INT);
	for (i = 0; i < 32; i++)
		cell_clear(&keep[i]);

	assert_int_equal(count_rows(DETAIL_QUESTIONS, keep, 8), 7);
	assert_string_equal(keep[0].s, "SEL1");
	assert_string_equal(keep[3].s, "choice");
	assert_string_equal(keep[4].s, "yesno");
	assert_string_equal(keep[5].s, "yes (Yes), no (No), dont_know (Don't know) - outside the base, "
				       "not_applicable (Not applicable) - outside the base");
	assert_int_equal(keep[7].kind, CELL_NULL);
	for (i = 0; i < 32; i++)
		cell_clear(&keep[i]);

	/* Rejects of the latest batches only: P21 (country Atlantis) and R8's ZZ9, not P22. */
	assert_int_equal(count_rows(DETAIL_REJECTS, NULL, 0), 2);
}

/*
 * Sheet columns are tied to query columns by name (issue 16.2): a query in
 * another order still fills each column right; a renamed, missing or extra
 * query column fails naming it.
 */
static void test_detail_bind(void **state)
{
	const struct detail_spec *s = detail_spec(DETAIL_REJECTS);
	const struct detail_spec *r = detail_spec(DETAIL_RESPONSES);
	const char *same[] = { "file", "line", "column", "value", "reason" };
	const char *moved[] = { "reason", "file", "value", "line", "column" };
	const char *renamed[] = { "file", "line", "col", "value", "reason" };
	const char *extra[] = { "file", "line", "column", "value", "reason", "batch" };
	const char *resp[] = { "response_id", "us_community", "us_state", "partnership_id",
			       "respondent", "question_id", "value", "num", "comment", "source_file",
			       "source_line" };
	struct scta_err err = SCTA_ERR_INIT;
	size_t src[32];

	(void)state;
	assert_int_equal(analysis_detail_bind(s, "q", same, 5, src, &err), 0);
	assert_int_equal(src[0], 0);
	assert_int_equal(src[4], 4);
	assert_int_equal(analysis_detail_bind(s, "q", moved, 5, src, &err), 0);
	assert_int_equal(src[0], 1);    /* File from query column 1 */
	assert_int_equal(src[1], 3);    /* Line */
	assert_int_equal(src[2], 4);    /* Column */
	assert_int_equal(src[3], 2);    /* Value */
	assert_int_equal(src[4], 0);    /* Reason */

	assert_int_equal(analysis_detail_bind(s, "detail_rejects", renamed, 5, src, &err),
			 SCTA_ERR_RUNTIME);
	assert_string_equal(err.msg, "analysis: detail 'Rejects' column 'Column' shows query column "
				     "'column', which query 'detail_rejects' does not have");
	scta_err_clear(&err);
	assert_int_equal(analysis_detail_bind(s, "detail_rejects", same, 4, src, &err),
			 SCTA_ERR_RUNTIME);
	assert_non_null(strstr(err.msg, "'Reason' shows query column 'reason'"));
	scta_err_clear(&err);
	assert_int_equal(analysis_detail_bind(s, "detail_rejects", extra, 6, src, &err),
			 SCTA_ERR_RUNTIME);
	assert_string_equal(err.msg, "analysis: query 'detail_rejects' column 'batch' is on no "
				     "column of detail 'Rejects'");
	scta_err_clear(&err);

	/* Responses: the question's text (column 6) is made by the stream. */
	assert_int_equal(analysis_detail_bind(r, "q", resp, 11, src, &err), 0);
	assert_int_equal(src[4], 4);
	assert_int_equal(src[5], 5);
	assert_int_equal(src[6], (size_t)-1);
	assert_int_equal(src[7], 6);
	assert_int_equal(src[11], 10);
}

/*
 * A public edition's streams (audience = public): the same rows without
 * the free text and the respondent, and without the answer to the
 * free-text question ACT2 (R1's, the only one): 35 of the 36 answers.
 */
static void test_details_public(void **state)
{
	static const char *const gone[] = { "Status reason", "Notes", "Respondent", "Comment",
					    "Value", "Reason" };
	struct scta_config pub = *cfg;
	struct scta_err err = SCTA_ERR_INIT;
	struct detail *d = NULL;
	const struct cell *row;
	size_t k, i, j, n;

	(void)state;
	pub.report.audience = AUDIENCE_PUBLIC;
	for (k = 0; k < DETAIL__COUNT; k++) {
		const struct detail_spec *full = detail_spec((enum detail_kind)k);

		if (analysis_detail_open_on(an->store, &pub, an->q, (enum detail_kind)k, &d, &err))
			fail_msg("detail_open: %s", err.msg);
		/* Every column but the restricted ones, in order. */
		for (i = j = 0; i < full->ncols; i++) {
			int restricted = 0;

			for (n = 0; n < sizeof(gone) / sizeof(gone[0]); n++)
				restricted |= !strcmp(full->cols[i].name, gone[n]);
			if (restricted)
				continue;
			assert_true(j < d->spec->ncols);
			assert_string_equal(d->spec->cols[j].name, full->cols[i].name);
			j++;
		}
		assert_int_equal(j, d->spec->ncols);
		assert_string_equal(d->spec->sheet, full->sheet);
		n = 0;
		while (!d->next(d, &row, &err) && row) {
			if (k == DETAIL_RESPONSES) {
				/* Response ID, community, state, partnership, question ID, ... */
				assert_string_not_equal(row[4].s, "ACT2");
				assert_string_not_equal(row[6].s, "Student exchanges every year");
			}
			n++;
		}
		d->close(d);
		d = NULL;
		switch (k) {
		case DETAIL_PARTNERSHIPS:
			assert_int_equal(n, 20);
			break;
		case DETAIL_RESPONSES:
			assert_int_equal(n, 35);
			break;
		case DETAIL_REJECTS:
			assert_int_equal(n, 2);
			break;
		default:
			break;
		}
	}
	assert_int_equal(detail_spec(DETAIL_PARTNERSHIPS)->ncols, 25);
	assert_int_equal(detail_spec(DETAIL_RESPONSES)->ncols, 12);
}

static void test_rejects_content(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct detail *d = NULL;
	const struct cell *row;
	int saw_country = 0, saw_question = 0;

	(void)state;
	assert_int_equal(analysis_detail_open(an, DETAIL_REJECTS, &d, &err), 0);
	while (!d->next(d, &row, &err) && row) {
		if (row[3].kind == CELL_TEXT && !strcmp(row[3].s, "Atlantis")) {
			saw_country = 1;
			assert_int_equal(row[1].i, 22);     /* header + 21st data row */
		}
		if (row[3].kind == CELL_TEXT && !strcmp(row[3].s, "ZZ9")) {
			saw_question = 1;
			assert_int_equal(row[1].i, 38);
		}
	}
	d->close(d);
	assert_true(saw_country);
	assert_true(saw_question);
}

/* ---------------------------------------------------------------- second method */

/* Sum of integer column c over the rows before the total. */
static int64_t col_sum(const struct table *t, size_t c)
{
	int64_t s = 0;
	size_t r;

	for (r = 0; r + (t->has_total ? 1 : 0) < t->nrows; r++)
		s += ival(t, r, c);
	return s;
}

static void test_sums_and_margins(void **state)
{
	const struct table *x = tab("crosstab_state_status"), *st_t = tab("scope_by_state");
	const struct table *status = tab("scope_by_status");
	size_t r, c;

	(void)state;
	assert_int_equal(col_sum(st_t, 2), 12);
	assert_int_equal(col_sum(tab("scope_by_country"), 3), 12);
	assert_int_equal(col_sum(tab("scope_by_type"), 1), 12);
	assert_int_equal(col_sum(tab("scope_by_decade"), 1), 12);
	assert_int_equal(col_sum(tab("scope_by_cpi_band"), 1), 12);
	assert_int_equal(col_sum(tab("scope_by_cpi_band"), 2), 9);   /* a country is in one band */
	assert_int_equal(col_sum(tab("agreement_availability"), 1), 12);
	assert_int_equal(col_sum(tab("coverage_by_state"), 1), 9);
	assert_int_equal(col_sum(tab("coverage_by_state"), 2), 6);
	/* Crosstab row margins are the one-way counts by state... */
	for (r = 0; r + 1 < x->nrows; r++) {
		size_t s = find_row(st_t, 0, sval(x, r, 0));

		assert_int_equal(ival(x, r, x->ncols - 1), ival(st_t, s, 2));
	}
	/* ...and its column margins the counts by status. */
	for (c = 1; c + 1 < x->ncols; c++) {
		size_t s = find_row(status, 0, x->cols[c].name);

		assert_int_equal(ival(x, x->nrows - 1, c), ival(status, s, 2));
	}
	assert_int_equal(ival(x, x->nrows - 1, x->ncols - 1),
			 analysis_figure(an, "in_scope")->value.i);
	/* Each crosstab row adds up to its margin when units have one value each. */
	for (r = 0; r < x->nrows; r++) {
		int64_t s = 0;

		for (c = 1; c + 1 < x->ncols; c++)
			s += ival(x, r, c);
		assert_int_equal(s, ival(x, r, x->ncols - 1));
	}
	/* The flagged list holds every partnership the summary counts. */
	{
		const struct table *fs = tab("flag_summary"), *fl = tab("flagged");
		int64_t mentions = 0;

		for (r = 0; r < fl->nrows; r++) {
			const char *p = sval(fl, r, 5);

			mentions++;
			while ((p = strstr(p, "; ")) != NULL) {
				mentions++;
				p += 2;
			}
		}
		assert_int_equal(mentions, col_sum(fs, 2));
	}
}

static void test_percent_recompute(void **state)
{
	/* base: the column holding each row's base, or 0 for the 12 partnerships in scope */
	static const struct { const char *id; size_t count, pct, base; } pairs[] = {
		{ "scope_by_country", 3, 5, 0 }, { "scope_by_state", 2, 5, 0 },
		{ "scope_by_type", 1, 2, 0 }, { "scope_by_decade", 1, 2, 0 },
		{ "scope_by_cpi_band", 1, 3, 0 }, { "agreement_availability", 1, 4, 2 },
		{ "provisions", 1, 6, 4 },
	};
	size_t i, r;

	(void)state;
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		const struct table *t = tab(pairs[i].id);

		for (r = 0; r < t->nrows; r++) {
			const struct cell *p = table_cell(t, r, pairs[i].pct);

			double base = pairs[i].base ? (double)ival(t, r, pairs[i].base) : 12.0;

			assert_int_equal(p->kind, CELL_PCT);
			assert_true(fabs(p->d - (double)ival(t, r, pairs[i].count) / base) < 1e-12);
		}
	}
	/* Answers: percent = count / valid n, and the valid percentages of a question add to 1. */
	for (i = 0; i < an->ntables; i++) {
		const struct table *t = an->tables[i];
		double sum = 0;
		char qid[64] = "";   /* a computed table's row lasts until the next row is read */

		if (strncmp(t->id, "answers_", 8) || !strncmp(t->id, "answers_chart_", 14))
			continue;
		for (r = 0; r < t->nrows; r++) {
			const struct cell *p = table_cell(t, r, 4);

			if (*qid && strcmp(qid, sval(t, r, 0))) {
				assert_true(sum == 0 || fabs(sum - 1) < 1e-12);
				sum = 0;
			}
			snprintf(qid, sizeof qid, "%s", sval(t, r, 0));
			p = table_cell(t, r, 4);
			if (p->kind != CELL_PCT)
				continue;
			assert_true(fabs(p->d - (double)ival(t, r, 3) / (double)ival(t, r, 5)) < 1e-12);
			sum += p->d;
		}
		assert_true(sum == 0 || fabs(sum - 1) < 1e-12);
	}
}

/*
 * A plan (the analysis of an empty database) has the fixture's tables in
 * the same order, so the workbook can lay out its sheets from it.
 */
static void test_plan(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct analysis *plan = NULL, other;
	struct table *swap;

	struct store *empty = NULL;
	int created = 0;

	(void)state;
	if (store_open(":memory:", &created, &empty, &err) || store_begin(empty, &err) ||
	    import_reference(empty, &err) || store_questionnaire_put(empty, q, &err) ||
	    store_commit(empty, &err) || analysis_run(empty, cfg, q, &plan, &err))
		fail_msg("the analysis of an empty database: %s", err.msg);
	assert_int_equal(analysis_figure(plan, "partnerships_total")->value.i, 0);
	assert_int_equal(plan->ntables, an->ntables);
	assert_true(analysis_same_tables(plan, an));
	assert_true(analysis_same_tables(an, plan));
	/* Tables in a different order, or one fewer, are not the same. */
	other = *plan;
	swap = other.tables[0];
	other.tables = xcalloc(plan->ntables, sizeof(*other.tables));
	memcpy(other.tables, plan->tables, plan->ntables * sizeof(*other.tables));
	other.tables[0] = other.tables[1];
	other.tables[1] = swap;
	assert_false(analysis_same_tables(&other, an));
	other.tables[1] = other.tables[0];
	other.tables[0] = swap;
	assert_true(analysis_same_tables(&other, an));
	other.ntables--;
	assert_false(analysis_same_tables(&other, an));
	assert_false(analysis_same_tables(NULL, an));
	free(other.tables);
	analysis_free(plan);
	store_close(empty);
}

static void test_cpi_max_40(void **state)
{
	const struct table *t;
	size_t r;

	(void)state;
	cfg->scope.cpi_max = 40;
	rerun();
	/* Out: CHN 41 (P01 P03 P09), HUN 44 (P14), BLR 45 (P15). */
	fig_int("in_scope", 7);
	fig_int("countries_le_max", 96);
	fig_int("in_scope_countries", 6);
	t = tab("scope_by_country");
	for (r = 0; r < t->nrows; r++)
		assert_string_not_equal(sval(t, r, 1), "CHN");
	row_is(t, 0, "TTIIIP", "Mexico", "MEX", 29LL, 2LL, 2LL, 2LL, 7LL);
	/* Low-CPI by status now: 7 + P10 TUR 39 + P11 MEX 29 proposed = 9 (P19 CHN 41 is out). */
	row_is(tab("scope_by_status"), 6, "TNIP", "Total", 9LL, 9LL, 9LL);
	fig_int("flagged_n", 2);    /* P04 dispute; P05 intermediary */
	/* Kansas (CHN only) drops out of the universe: 7 communities, 5 responded, R4 and R7 excluded. */
	fig_int("in_scope_communities", 7);
	fig_int("communities_responded", 5);
	fig_int("responses_total", 6);
	row_is(tab("coverage"), 5, "TI",
	       "Responses from communities with no partnership in scope (not analyzed)", 2LL);
	/* ACT1 without Kansas's 10: 0 2 3 5, an even count: median (2 + 3) / 2. */
	t = tab("answers_activities");
	row_is(t, 0, "T_TINI", "ACT1", "Responses", 4LL, 4LL);
	row_is(t, 1, "T_TINI", "ACT1", "Total", 10LL, 4LL);
	row_is(t, 2, "T_TRNI", "ACT1", "Median", 2.5, 4LL);
	row_is(t, 3, "T_TRNI", "ACT1", "Mean", 2.5, 4LL);
	cfg->scope.cpi_max = 45;
	rerun();
	fig_int("in_scope", 12);
}

static void test_cpi_year_2018(void **state)
{
	const struct table *t;

	(void)state;
	cfg->scope.cpi_year = 2018;
	rerun();
	/* 2018: GRC 45 comes in (P13), HUN 46 goes out (P14); CHN scored 39. */
	fig_int("in_scope", 12);
	fig_int("countries_le_max", 114);
	t = tab("scope_by_country");
	row_is(t, 0, "TTIIIP", "China", "CHN", 39LL, 3LL, 3LL, 3LL, 12LL);
	(void)find_row(t, 0, "Greece");
	{
		size_t r;

		for (r = 0; r < t->nrows; r++)
			assert_string_not_equal(sval(t, r, 0), "Hungary");
	}
	assert_non_null(strstr(t->source, "Index 2018 scores"));
	cfg->scope.cpi_year = 2019;
	rerun();
	fig_int("countries_le_max", 115);
}

static void test_unknown_crosstab_question(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct analysis *bad = NULL;
	char *saved = cfg->crosstabs[2].rows.question;

	(void)state;
	cfg->crosstabs[2].rows.question = (char *)"NOPE";
	assert_int_equal(analysis_run(st, cfg, q, &bad, &err), SCTA_ERR_CONFIG);
	assert_null(bad);
	assert_non_null(strstr(err.msg, "NOPE"));
	cfg->crosstabs[2].rows.question = saved;
}

/*
 * A response without answers (a database written before the importer
 * refused them, or an unfinished survey) never counts as responded: Salem,
 * OR (in scope, no response) gets one with no answer, and every figure of
 * test_coverage stays: 9 communities, 6 responded, 7 responses, 1 outside.
 */
static void test_response_without_answers(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct response_rec r = { "R99", "Salem", "OR", "OR|salem", NULL, NULL, NULL, 1, 99 };
	const struct table *t;

	(void)state;
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_response_put(st, &r, &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	rerun();
	fig_int("in_scope_communities", 9);
	fig_int("communities_responded", 6);
	fig_int("responses_total", 7);
	t = tab("coverage");
	row_is(t, 1, "TI", "Communities that responded", 6LL);
	row_is(t, 3, "TI", "Responses received", 7LL);
	row_is(t, 5, "TI", "Responses from communities with no partnership in scope (not analyzed)", 1LL);
	row_is(tab("coverage_by_state"), 6, "TIIP", "OR", 1LL, 0LL, 0LL, 1LL);
	row_is(tab("item_nonresponse"), 0, "TTTIIIP", "SEL1", "Selection of U.S. partners",
	       "Was an intermediary involved?", 7LL, 6LL, 1LL, 1LL, 7LL);
}

static void test_no_cpi_year(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct analysis *bad = NULL;

	(void)state;
	cfg->scope.cpi_year = 1990;
	assert_int_equal(analysis_run(st, cfg, q, &bad, &err), SCTA_ERR_CONFIG);
	assert_null(bad);
	cfg->scope.cpi_year = 2019;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_order),
		cmocka_unit_test(test_scope_by_country),
		cmocka_unit_test(test_scope_by_state),
		cmocka_unit_test(test_scope_one_way),
		cmocka_unit_test(test_agreements),
		cmocka_unit_test(test_coverage),
		cmocka_unit_test(test_answers),
		cmocka_unit_test(test_answer_charts),
		cmocka_unit_test(test_crosstabs),
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_figures),
		cmocka_unit_test(test_state_laws),
		cmocka_unit_test(test_deadline_passed),
		cmocka_unit_test(test_safeguards),
		cmocka_unit_test(test_letter_figures),
		cmocka_unit_test(test_members_detail),
		cmocka_unit_test(test_respondents_all),
		cmocka_unit_test(test_profile_compared),
		cmocka_unit_test(test_details),
		cmocka_unit_test(test_detail_bind),
		cmocka_unit_test(test_details_public),
		cmocka_unit_test(test_rejects_content),
		cmocka_unit_test(test_sums_and_margins),
		cmocka_unit_test(test_percent_recompute),
		cmocka_unit_test(test_plan),
		cmocka_unit_test(test_cpi_max_40),
		cmocka_unit_test(test_cpi_year_2018),
		cmocka_unit_test(test_unknown_crosstab_question),
		cmocka_unit_test(test_no_cpi_year),
		cmocka_unit_test(test_response_without_answers),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
