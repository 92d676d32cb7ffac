/*
 * test_pdf_fake.h - hand-made inputs for the PDF and template tests: a
 * configuration, a questionnaire, an analysis with every table the default
 * templates name, and a detail stream of N generated partnerships.
 *
 * Values are chosen so that expected text can be written by hand: e.g.
 * in_scope = 1234 prints "1,234"; in_scope_pct = 0.4 prints "40%".
 */
#ifndef TEST_PDF_FAKE_H
#define TEST_PDF_FAKE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "util/table.h"
#include "config/config.h"
#include "render/render.h"
#include "render/tilemap.h"
#include "util/err.h"
#include "util/mem.h"

struct fake {
	struct scta_config cfg;
	struct questionnaire q;
	struct scale scales[2];
	struct question questions[8];
	struct analysis an;
	struct render_source sources[2];
	struct render_input in;
	size_t detail_rows;
	char *recs[2];
};

/* ---------- the detail stream ---------- */

static const struct detail_col fake_scope_cols[] = {
	{ "ID", CELL_TEXT, "Partnership id", "Any text", NULL, NULL },
	{ "U.S. community", CELL_TEXT, "U.S. community", "Any text", NULL, NULL },
	{ "State", CELL_TEXT, "State", "USPS code", NULL, NULL },
	{ "Foreign community", CELL_TEXT, "Foreign community", "Any text", NULL, NULL },
	{ "Country", CELL_TEXT, "Country", "Any text", NULL, NULL },
	{ "CPI", CELL_INT, "CPI score", "0-100", NULL, NULL },
	{ "Established", CELL_TEXT, "Date established", "YYYY", NULL, NULL },
	{ "Status", CELL_TEXT, "Status", "active ...", NULL, NULL },
	{ "Agreement availability", CELL_TEXT, "Agreement availability", "online ...", NULL, NULL },
};
static const struct detail_spec fake_scope_spec = {
	DETAIL_SCOPE, "Partnerships in scope", "Every partnership in scope, by state and community.",
	fake_scope_cols, 9, 0, NULL
};

struct fake_detail {
	struct detail d;
	size_t i, n;
	struct cell row[9];
	char id[32], us[64], foreign[64], year[8];
};

static const char *const fake_places[][4] = {
	/* U.S. community, state, foreign community, country */
	{ "Hagåtña", "GU", "Linköping", "Sweden" },
	{ "San Antonio", "TX", "São Paulo", "Brazil" },
	{ "Seattle", "WA", "北京", "China" },
	{ "Tucson", "AZ", "Zürich", "Switzerland" },
	{ "Kansas", "KS", "河南", "China" },
	{ "Springfield", "IL", "Łódź", "Poland" },
};

static int fake_next(struct detail *d, const struct cell **row, struct scta_err *err)
{
	struct fake_detail *f = (struct fake_detail *)d;
	const char *const *p;
	size_t c;

	(void)err;
	if (f->i >= f->n) {
		*row = NULL;
		return 0;
	}
	p = fake_places[f->i % 6];
	snprintf(f->id, sizeof f->id, "P%05zu", f->i + 1);
	snprintf(f->us, sizeof f->us, "%s %zu", p[0], f->i + 1);
	snprintf(f->foreign, sizeof f->foreign, "%s", p[2]);
	for (c = 0; c < 9; c++)
		memset(&f->row[c], 0, sizeof f->row[c]);
	f->row[0].kind = CELL_TEXT;
	f->row[0].s = f->id;
	f->row[1].kind = CELL_TEXT;
	f->row[1].s = f->us;
	f->row[2].kind = CELL_TEXT;
	f->row[2].s = (char *)p[1];
	f->row[3].kind = CELL_TEXT;
	f->row[3].s = f->foreign;
	f->row[4].kind = CELL_TEXT;
	f->row[4].s = (char *)p[3];
	f->row[5].kind = CELL_INT;
	f->row[5].i = 20 + (int64_t)(f->i % 26);
	if (f->i % 7) {
		snprintf(f->year, sizeof f->year, "%d", 1960 + (int)(f->i % 60));
		f->row[6].kind = CELL_TEXT;
		f->row[6].s = f->year;
	}
	f->row[7].kind = CELL_TEXT;
	f->row[7].s = (char *)(f->i % 3 ? "Active" : "Inactive");
	f->row[8].kind = CELL_TEXT;
	f->row[8].s = (char *)(f->i % 4 ? "Not available" : "Posted online");
	f->i++;
	*row = f->row;
	return 0;
}

static void fake_close(struct detail *d)
{
	free(d);
}

static int fake_detail_open(const struct render_input *in, enum detail_kind kind,
			    struct detail **out, struct scta_err *err)
{
	const struct fake *fk = (const struct fake *)((const char *)in - offsetof(struct fake, in));
	struct fake_detail *f;

	if (kind != DETAIL_SCOPE)
		return scta_err_set(err, SCTA_ERR_RUNTIME, "fake: no detail %d", (int)kind);
	f = xcalloc(1, sizeof *f);
	f->d.spec = &fake_scope_spec;
	f->d.next = fake_next;
	f->d.close = fake_close;
	f->n = fk->detail_rows;
	*out = &f->d;
	return 0;
}

/* ---------- tables ---------- */

static struct table *fake_table(struct analysis *an, const char *id, const char *title)
{
	struct table *t = table_new(id, title);

	table_set_source(t, "Test Office analysis of test records. | SCTA-99-01");
	an->tables = xrealloc(an->tables, (an->ntables + 1) * sizeof *an->tables);
	an->tables[an->ntables++] = t;
	return t;
}

static void fake_row_tiip(struct table *t, const char *a, int64_t n, int64_t num, int64_t den)
{
	struct cell *r = table_add_row(t);

	cell_text(&r[0], a);
	cell_int(&r[1], n);
	cell_pct(&r[2], num, den);
}

/* A three-column "label, count, percent" table with a total row. */
static struct table *fake_simple(struct analysis *an, const char *id, const char *title,
				 const char *label, int chart)
{
	struct table *t = fake_table(an, id, title);

	table_add_col(t, label, CELL_TEXT);
	table_add_col(t, "Partnerships", CELL_INT);
	table_add_col(t, "Percent", CELL_PCT);
	fake_row_tiip(t, "First", 600, 600, 1234);
	fake_row_tiip(t, "Second", 400, 400, 1234);
	fake_row_tiip(t, "Third", 234, 234, 1234);
	fake_row_tiip(t, "Total", 1234, 1234, 1234);
	t->has_total = 1;
	table_set_base(t, "n = 1,234 partnerships in scope");
	if (chart) {
		t->chart = CHART_BAR;
		t->chart_col = 1;
	}
	return t;
}

static void fake_country_row(struct table *t, const char *name, const char *iso, int cpi,
			     int64_t n, int64_t comm)
{
	struct cell *r = table_add_row(t);

	cell_text(&r[0], name);
	cell_text(&r[1], iso);
	if (cpi >= 0)
		cell_int(&r[2], cpi);
	cell_int(&r[3], n);
	cell_int(&r[4], comm);
	cell_pct(&r[5], n, 1234);
}

static void fake_stacked(struct analysis *an, const char *topic, const char *label)
{
	char id[64], title[128];
	struct table *t;
	struct cell *r;
	int i;

	snprintf(id, sizeof id, "answers_chart_%s", topic);
	snprintf(title, sizeof title, "%s: distribution of valid answers", label);
	t = fake_table(an, id, title);
	table_add_col(t, "Question ID", CELL_TEXT);
	table_add_col(t, "Yes", CELL_PCT);
	table_add_col(t, "No", CELL_PCT);
	table_add_col(t, "Valid answers (n)", CELL_INT);
	for (i = 0; i < 3; i++) {
		char q[8];

		snprintf(q, sizeof q, "%c%d", topic[0] - 32, i + 1);
		r = table_add_row(t);
		cell_text(&r[0], q);
		cell_pct(&r[1], 3 + i, 10);
		cell_pct(&r[2], 7 - i, 10);
		cell_int(&r[3], 10);
	}
	r = table_add_row(t);
	cell_text(&r[0], "X9");
	cell_int(&r[3], 0);
	t->chart = CHART_STACKED;
	t->chart_col = 1;
	t->chart_ncols = 2;
	table_set_base(t, "n = valid answers to each question");
	snprintf(id, sizeof id, "answers_%s", topic);
	snprintf(title, sizeof title, "Answers on %s", label);
	t = fake_table(an, id, title);
	table_add_col(t, "Question ID", CELL_TEXT);
	table_add_col(t, "Answer", CELL_TEXT);
	table_add_col(t, "Count", CELL_INT);
	r = table_add_row(t);
	cell_text(&r[0], "Q1");
	cell_text(&r[1], "Yes");
	cell_int(&r[2], 3);
}

static void fake_figure(struct analysis *an, const char *id, enum cell_kind kind, int64_t i,
			double d, const char *s)
{
	struct figure *f;

	an->figs = xrealloc(an->figs, (an->nfigs + 1) * sizeof *an->figs);
	f = &an->figs[an->nfigs++];
	memset(f, 0, sizeof *f);
	f->id = xstrdup(id);
	f->label = xstrdup(id);
	f->value.kind = kind;
	f->value.i = i;
	f->value.d = d;
	if (s)
		f->value.s = xstrdup(s);
}

static void fake_analysis(struct analysis *an, int countries)
{
	static const char *const names[] = {
		"Mexico", "China", "Russia", "Brazil", "Ukraine", "Vietnam", "India", "Belarus",
		"Côte d'Ivoire", "Kazakhstan", "Philippines", "Nigeria", "Peru", "Kenya", "Egypt",
	};
	struct table *t;
	struct cell *r;
	int i;

	memset(an, 0, sizeof *an);
	t = fake_table(an, "scope_by_country", "In-scope partnerships by foreign country");
	table_add_col(t, "Country", CELL_TEXT);
	table_add_col(t, "ISO3", CELL_TEXT);
	table_add_col(t, "CPI score", CELL_INT);
	table_add_col(t, "Partnerships", CELL_INT);
	table_add_col(t, "U.S. communities", CELL_INT);
	table_add_col(t, "Percent of in-scope", CELL_PCT);
	for (i = 0; i < countries; i++) {
		char nm[64], iso[16];

		snprintf(nm, sizeof nm, "%s%s", names[i % 15], i >= 15 ? " (again)" : "");
		snprintf(iso, sizeof iso, "X%02d", i);
		fake_country_row(t, nm, iso, 20 + i % 26, 300 - i * 3, 100 - i);
	}
	fake_country_row(t, "Total", "", -1, 1234, 900);
	t->has_total = 1;
	t->chart = CHART_BAR;
	t->chart_col = 3;
	table_set_base(t, "n = 1,234 partnerships in scope");
	table_add_note(t, "Countries are those scoring 45 or less on the 2019 CPI");

	t = fake_table(an, "scope_by_state", "In-scope partnerships by U.S. state");
	table_add_col(t, "State", CELL_TEXT);
	table_add_col(t, "State name", CELL_TEXT);
	table_add_col(t, "Partnerships", CELL_INT);
	table_add_col(t, "Percent of in-scope", CELL_PCT);
	/* every square of the map but the last (AS); TX 0, CA 55, NY 49 */
	for (i = 0; i < TILEMAP_NTILES - 1; i++) {
		char nm[32];
		const char *code = tilemap_tiles[i].code;
		int v = !strcmp(code, "TX") ? 0 : !strcmp(code, "CA") ? 55 : !strcmp(code, "NY") ? 49 : i;

		snprintf(nm, sizeof nm, "State number %d", i);
		r = table_add_row(t);
		cell_text(&r[0], code);
		cell_text(&r[1], i == 3 ? "Guam (Hagåtña)" : nm);
		cell_int(&r[2], v);
		cell_pct(&r[3], v, 1234);
	}
	r = table_add_row(t);
	cell_text(&r[0], "Total");
	cell_int(&r[2], 1234);
	cell_pct(&r[3], 1, 1);
	t->has_total = 1;
	t->chart = CHART_BAR;
	t->chart_col = 2;

	fake_simple(an, "scope_by_type", "In-scope partnerships by type of U.S. community",
		    "Community type", 0);
	fake_simple(an, "scope_by_status", "Partnerships with low-CPI countries by status", "Status",
		    0);
	fake_simple(an, "scope_by_decade", "In-scope partnerships by decade established", "Decade",
		    1);
	fake_simple(an, "scope_by_cpi_band", "In-scope partnerships by CPI score band", "Band", 0);
	t = fake_table(an, "not_scored", "Partnerships whose country has no CPI score");
	table_add_col(t, "Partnership ID", CELL_TEXT);
	table_add_col(t, "U.S. community", CELL_TEXT);
	table_add_col(t, "Foreign community", CELL_TEXT);
	r = table_add_row(t);
	cell_text(&r[0], "P-77");
	cell_text(&r[1], "Zürich Township");
	cell_text(&r[2], "Taipei 臺北");
	fake_simple(an, "agreement_availability", "Availability of in-scope partnership agreements",
		    "Availability", 1);
	fake_simple(an, "provisions", "Provisions and activities of in-scope partnerships",
		    "Provision", 1);
	t = fake_table(an, "coverage", "Questionnaire coverage");
	table_add_col(t, "Measure", CELL_TEXT);
	table_add_col(t, "Value", CELL_TEXT);
	r = table_add_row(t);
	cell_text(&r[0], "Communities in scope");
	cell_text(&r[1], "900");
	fake_simple(an, "coverage_by_state", "Questionnaire coverage by state", "State", 0);
	t = fake_table(an, "item_nonresponse", "Item non-response by question");
	table_add_col(t, "Question ID", CELL_TEXT);
	table_add_col(t, "Question", CELL_TEXT);
	table_add_col(t, "Missing", CELL_INT);
	table_add_col(t, "Percent missing", CELL_PCT);
	r = table_add_row(t);
	cell_text(&r[0], "T1");
	cell_text(&r[1], "Is the full text of the partnership agreement publicly available, "
			 "for example on the community's website or in council minutes?");
	cell_int(&r[2], 4);
	cell_pct(&r[3], 4, 50);
	fake_stacked(an, "selection", "Selection of partners");
	fake_stacked(an, "activities", "Activities");
	fake_stacked(an, "transparency", "Transparency");
	fake_stacked(an, "expression", "Freedom of expression");
	fake_stacked(an, "espionage", "Espionage and coercion");
	fake_stacked(an, "visa", "Visa programs");
	t = fake_table(an, "index_distribution", "Topic safeguard index: communities by tier");
	table_add_col(t, "Topic", CELL_TEXT);
	table_add_col(t, "Strong", CELL_INT);
	table_add_col(t, "Partial", CELL_INT);
	table_add_col(t, "Limited", CELL_INT);
	table_add_col(t, "Communities (n)", CELL_INT);
	for (i = 0; i < 3; i++) {
		r = table_add_row(t);
		cell_text(&r[0], i == 0 ? "Transparency" : i == 1 ? "Expression" : "Visa");
		cell_int(&r[1], 5 + i);
		cell_int(&r[2], 3);
		cell_int(&r[3], 2 - i);
		cell_int(&r[4], 10);
	}
	t->chart = CHART_STACKED;
	t->chart_col = 1;
	t->chart_ncols = 3;
	fake_simple(an, "flag_summary", "Flagged partnerships by rule", "Rule", 1);
	fake_simple(an, "flagged", "Flagged partnerships", "Partnership ID", 0);
	fake_simple(an, "status_changes", "Status changes by year", "Year", 0);
	fake_simple(an, "crosstab_band", "Agreement text public, by CPI score band", "Band", 0);
	fake_simple(an, "state_law_summary", "Partnerships covered by state laws", "Law", 1);
	fake_simple(an, "state_law_status", "Partnerships covered by state laws, by status", "Law",
		    0);
	fake_simple(an, "state_laws", "State laws on sister-city agreements", "Law", 0);

	fake_figure(an, "partnerships_total", CELL_INT, 2500, 0, NULL);
	fake_figure(an, "partnerships_scored", CELL_INT, 2400, 0, NULL);
	fake_figure(an, "in_scope", CELL_INT, 1234, 0, NULL);
	fake_figure(an, "in_scope_pct", CELL_PCT, 0, 0.4, NULL);
	fake_figure(an, "in_scope_countries", CELL_INT, 87, 0, NULL);
	fake_figure(an, "in_scope_states", CELL_INT, 49, 0, NULL);
	fake_figure(an, "recommendations_one", CELL_INT, 1, 0, NULL);
	fake_figure(an, "in_scope_communities", CELL_INT, 900, 0, NULL);
	fake_figure(an, "not_scored", CELL_INT, 100, 0, NULL);
	fake_figure(an, "cpi_year", CELL_INT, 2019, 0, NULL);
	fake_figure(an, "cpi_max", CELL_INT, 45, 0, NULL);
	fake_figure(an, "countries_le_max", CELL_INT, 115, 0, NULL);
	fake_figure(an, "top_country", CELL_TEXT, 0, 0, "Mexico");
	fake_figure(an, "top_country_n", CELL_INT, 300, 0, NULL);
	fake_figure(an, "top_country_pct", CELL_PCT, 0, 0.243, NULL);
	fake_figure(an, "agreements_total", CELL_INT, 1234, 0, NULL);
	fake_figure(an, "agreements_online", CELL_INT, 56, 0, NULL);
	fake_figure(an, "agreements_online_pct", CELL_PCT, 0, 0.045, NULL);
	fake_figure(an, "agreements_not_public", CELL_INT, 321, 0, NULL);
	fake_figure(an, "political_clause_n", CELL_INT, 12, 0, NULL);
	fake_figure(an, "agreements_sentence", CELL_TEXT, 0, 0,
		    "Of the 120 agreements whose availability is recorded, 56 (47%) are posted online.");
	fake_figure(an, "provisions_sentence", CELL_TEXT, 0, 0,
		    "Of the 90 agreements whose terms are recorded, 12 carry a political commitment.");
	fake_figure(an, "scope_sentence", CELL_TEXT, 0, 0,
		    "Of the 1,200 partnerships whose foreign country has a 2019 CPI score, 1,234 are "
		    "with a country scoring 45 or less.");
	fake_figure(an, "response_sentence", CELL_TEXT, 0, 0,
		    "Of the 900 U.S. communities with partnerships in scope, 45 answered the "
		    "questionnaire, a response rate of 5%.");
	fake_figure(an, "status_sentence", CELL_TEXT, 0, 0,
		    "Every partnership with a low-scoring country has a recorded status.");
	fake_figure(an, "state_law_sentence", CELL_TEXT, 0, 0,
		    "State laws on sister-city agreements cover 7 partnerships in the records.");
	fake_figure(an, "intermediary_n", CELL_INT, 34, 0, NULL);
	fake_figure(an, "communities_responded", CELL_INT, 45, 0, NULL);
	fake_figure(an, "response_rate", CELL_PCT, 0, 0.05, NULL);
	fake_figure(an, "responses_total", CELL_INT, 45, 0, NULL);
	fake_figure(an, "answers_total", CELL_INT, 900, 0, NULL);
	fake_figure(an, "flagged_n", CELL_INT, 17, 0, NULL);
	fake_figure(an, "status_changed_n", CELL_INT, 3, 0, NULL);
	fake_figure(an, "rows_read", CELL_INT, 2600, 0, NULL);
	fake_figure(an, "rows_loaded", CELL_INT, 2500, 0, NULL);
	fake_figure(an, "rows_rejected", CELL_INT, 100, 0, NULL);
	fake_figure(an, "no_data_yet", CELL_NULL, 0, 0, NULL);
}

static void fake_analysis_free(struct analysis *an)
{
	size_t i;

	for (i = 0; i < an->ntables; i++)
		table_free(an->tables[i]);
	free(an->tables);
	for (i = 0; i < an->nfigs; i++) {
		free(an->figs[i].id);
		free(an->figs[i].label);
		free(an->figs[i].value.s);
	}
	free(an->figs);
}

/* ---------- configuration and questionnaire ---------- */

static char *fake_yesno_values[] = { "yes", "no", "dont_know", "not_applicable" };
static char *fake_yesno_labels[] = { "Yes", "No", "Don't know", "Not applicable" };
static unsigned char fake_yesno_valid[] = { 1, 1, 0, 0 };
static char *fake_pub_values[] = { "online", "on_request", "not_available" };
static char *fake_pub_labels[] = { "Posted online", "Provided on request", "Not available" };
static unsigned char fake_pub_valid[] = { 1, 1, 1 };

static void fake_init(struct fake *f, const char *templates_dir, size_t detail_rows,
		      int countries)
{
	static const struct {
		const char *id, *topic, *text;
		enum question_type type;
		int scale;
	} qs[8] = {
		{ "S1", "selection", "Did an intermediary organization help establish the partnership?",
		  QTYPE_CHOICE, 0 },
		{ "A1", "activities", "How many delegations did your community host in the last three years?",
		  QTYPE_COUNT, -1 },
		{ "T1", "transparency", "Is the full text of the partnership agreement publicly available?",
		  QTYPE_CHOICE, 1 },
		{ "T2", "transparency", "Does the council approve partnerships by resolution?",
		  QTYPE_CHOICE, 0 },
		{ "E1", "expression", "Has the partner asked to change or cancel an event?",
		  QTYPE_CHOICE, 0 },
		{ "G1", "espionage", "Did federal agencies brief the community before visits?",
		  QTYPE_CHOICE, 0 },
		{ "V1", "visa", "What was the value of gifts or travel paid by the partner?",
		  QTYPE_AMOUNT, -1 },
		{ "V2", "visa", "Describe any visa problems encountered.", QTYPE_TEXT, -1 },
	};
	size_t i;

	memset(f, 0, sizeof *f);
	f->cfg.path = (char *)"test.ini";
	f->cfg.dir = (char *)".";
	f->cfg.report.organization = (char *)"Test Office of Zürich Studies";
	f->cfg.report.title = (char *)"Sister City Partnerships with Communities in Low-Scoring "
				      "Countries Need Clearer Public Disclosure";
	f->cfg.report.short_title = (char *)"Sister City Partnerships";
	f->cfg.report.topic = (char *)"Sister city partnerships";
	f->cfg.report.number = (char *)"SCTA-99-01";
	f->cfg.report.addressee = (char *)"Report to Congressional Committees";
	f->cfg.report.date = (char *)"2026-11";
	f->cfg.report.author = (char *)"Test Author";
	f->cfg.report.data_note = (char *)"The records are made up for this test.";
	f->recs[0] = (char *)"Councils should post every partnership agreement online.";
	f->recs[1] = (char *)"Committees should report their funding sources each year.";
	f->cfg.report.recommendations = f->recs;
	f->cfg.report.nrecommendations = 2;
	f->cfg.scope.cpi_year = 2019;
	f->cfg.scope.cpi_max = 45;
	f->cfg.templates_dir = (char *)templates_dir;

	f->scales[0].name = (char *)"yesno";
	f->scales[0].values = fake_yesno_values;
	f->scales[0].labels = fake_yesno_labels;
	f->scales[0].valid = fake_yesno_valid;
	f->scales[0].n = 4;
	f->scales[1].name = (char *)"public";
	f->scales[1].values = fake_pub_values;
	f->scales[1].labels = fake_pub_labels;
	f->scales[1].valid = fake_pub_valid;
	f->scales[1].n = 3;
	for (i = 0; i < 8; i++) {
		f->questions[i].id = (char *)qs[i].id;
		f->questions[i].topic = (char *)qs[i].topic;
		f->questions[i].text = (char *)qs[i].text;
		f->questions[i].type = qs[i].type;
		f->questions[i].scale = qs[i].scale >= 0 ? &f->scales[qs[i].scale] : NULL;
		f->questions[i].weight = 1;
		f->questions[i].position = (int)i + 1;
	}
	f->q.scales = f->scales;
	f->q.nscales = 2;
	f->q.questions = f->questions;
	f->q.nquestions = 8;

	fake_analysis(&f->an, countries);
	f->sources[0].path = "data/partnerships.csv";
	f->sources[0].kind = "partnerships";
	f->sources[0].sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
	f->sources[0].rows_read = 2600;
	f->sources[0].rows_loaded = 2500;
	f->sources[0].rows_rejected = 100;
	f->sources[1].path = "data/responses.csv";
	f->sources[1].kind = "responses";
	f->sources[1].sha256 = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";
	f->sources[1].rows_read = 900;
	f->sources[1].rows_loaded = 900;
	f->detail_rows = detail_rows;
	f->in.cfg = &f->cfg;
	f->in.q = &f->q;
	f->in.an = &f->an;
	f->in.detail_open = fake_detail_open;
	f->in.sources = f->sources;
	f->in.nsources = 2;
}

static void fake_free(struct fake *f)
{
	fake_analysis_free(&f->an);
}

#endif
