/* Unit tests for config/: scta.ini and questionnaire.ini loading and validation. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/vocab.h"

#define FIX SCTA_FIXTURES "/config/"

static char tmpdir[] = "/tmp/scta-test-config-XXXXXX";

/* Write text to a file in tmpdir; returns its path (static buffer). */
static const char *write_ini(const char *name, const char *text)
{
	static char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	return path;
}

static void test_good(void **state)
{
	struct scta_config *c = NULL;
	struct scta_err err = SCTA_ERR_INIT;

	(void)state;
	assert_int_equal(config_load(FIX "good.ini", &c, &err), 0);
	assert_string_equal(c->report.organization, "Example Research Office");
	assert_string_equal(c->report.short_title, "A Title");         /* defaults to title */
	assert_string_equal(c->report.addressee, "Report to Congressional Committees");
	assert_string_equal(c->report.language, "en-US");                /* the default */
	assert_int_equal(c->report.nrecommendations, 2);
	assert_string_equal(c->report.recommendations[0], "First.");     /* numeric order */
	assert_int_equal(c->scope.cpi_year, 2019);
	assert_int_equal(c->scope.cpi_max, 40);
	assert_int_equal(c->scope.nstatuses, 2);
	assert_string_equal(c->scope.statuses[0], "active");              /* folded */
	assert_true(config_status_counted(c, "suspended"));
	assert_false(config_status_counted(c, "inactive"));
	/* default bands follow cpi_max: 0-29, 30-39, 40-40 */
	assert_int_equal(c->scope.nbands, 3);
	assert_int_equal(c->scope.bands[2].lo, 40);
	assert_int_equal(c->scope.bands[2].hi, 40);
	assert_string_equal(c->input.partnerships, SCTA_FIXTURES "/config/data/p.csv");
	assert_string_equal(c->input.responses, "/abs/r.csv");
	/* Left out: the program's own questionnaire and templates (the build tree's here),
	 * never a file beside the config; the output folder beside the config. */
	assert_string_equal(c->input.questionnaire, SCTA_SOURCE_DIR "/config/questionnaire.ini");
	assert_string_equal(c->templates_dir, SCTA_SOURCE_DIR "/templates");
	assert_string_equal(c->output.dir, SCTA_FIXTURES "/config/output");
	assert_string_equal(c->output.db, SCTA_FIXTURES "/config/output/scta.db");
	assert_int_equal(c->output.formats, FORMAT_PDF | FORMAT_JSON);
	assert_int_equal(c->index.ncuts, 3);
	assert_string_equal(c->index.labels[3], "Minimal");
	assert_int_equal(c->ncrosstabs, 1);
	assert_int_equal(c->crosstabs[0].rows.kind, XVAR_STATE);
	assert_int_equal(c->crosstabs[0].cols.kind, XVAR_QUESTION);
	assert_string_equal(c->crosstabs[0].cols.question, "TRA1");
	assert_int_equal(c->nflags, 1);
	assert_int_equal(c->flags[0].nconds, 3);
	assert_int_equal(c->flags[0].conds[0].op, COND_IN);
	assert_int_equal(c->flags[0].conds[0].nvalues, 2);
	assert_string_equal(c->flags[0].conds[0].values[1], "confidential");
	assert_int_equal(c->flags[0].conds[1].op, COND_HAS);
	assert_int_equal(c->flags[0].conds[1].nvalues, 2);
	assert_int_equal(c->flags[0].conds[2].op, COND_NE);
	assert_string_equal(c->flags[0].conds[2].values[0], "");
	config_free(c);
}

/* Each bad setting fails with exit code 3 and names file, section and key. */
static void expect_bad(const char *text, const char *needle)
{
	struct scta_config *c = NULL;
	struct scta_err err = SCTA_ERR_INIT;
	const char *path = write_ini("bad.ini", text);

	assert_int_equal(config_load(path, &c, &err), SCTA_ERR_CONFIG);
	assert_null(c);
	if (!strstr(err.msg, needle) || !strstr(err.msg, "bad.ini"))
		fail_msg("message '%s' lacks '%s'", err.msg, needle);
}

#define REPORT "[report]\norganization = O\ntitle = T\nnumber = N\ndate = 2026-11\n"

static void test_bad(void **state)
{
	(void)state;
	expect_bad("[report]\ntitle = T\nnumber = N\ndate = 2026-11\n",
		   "[report] organization: required setting is missing");
	expect_bad("[report]\norganization = U.S. GAO\ntitle = T\nnumber = N\ndate = 2026-11\n",
		   "[report] organization: must name the issuing organization");
	expect_bad("[report]\norganization = Government Accountability Office\ntitle = T\nnumber = N\ndate = 2026-11\n",
		   "not GAO products");
	expect_bad("[report]\norganization = O\ntitle = T\nnumber = N\ndate = 2026-13\n",
		   "[report] date: expected YYYY-MM or YYYY-MM-DD (got '2026-13')");
	expect_bad(REPORT "[scope]\ncpi_max = 4x5\n",
		   "[scope] cpi_max: not a whole number from 0 to 100 (got '4x5')");
	expect_bad(REPORT "[scope]\ncpi_max = 101\n", "[scope] cpi_max");
	expect_bad(REPORT "[scope]\ncpi_mx = 40\n", "[scope] cpi_mx: unknown setting");
	expect_bad(REPORT "[scope]\nstatuses = active, dormant\n",
		   "[scope] statuses: unknown status");
	expect_bad(REPORT "[scope]\ncpi_bands = 0-29, 40-30\n", "[scope] cpi_bands");
	expect_bad(REPORT "[output]\nformats = xlsx, docx\n",
		   "[output] formats: expected a list of xlsx, pdf, json or html (got 'docx')");
	expect_bad(REPORT "[input]\nencoding = ebcdic\n", "[input] encoding");
	expect_bad(REPORT "[index]\ncuts = 0.5, 0.75\n", "[index] cuts");
	expect_bad(REPORT "[index]\ncuts = 0.5\nlabels = A, B, C\n",
		   "[index] labels: expected 2 labels");
	expect_bad(REPORT "[flag:x]\nwhere = colour = red\n", "[flag:x] where: unknown field");
	expect_bad(REPORT "[flag:x]\nwhere = status is active\n", "[flag:x] where: expected =");
	expect_bad(REPORT "[flag:x]\nwhere = status has active\n", "'has' applies to activities");
	expect_bad(REPORT "[crosstab:c]\nrows = state\n", "[crosstab:c] cols: required");
	expect_bad(REPORT "[outptu]\ndir = x\n", "[outptu]: unknown section");
	expect_bad(REPORT "[report]\nrecommendation_x = y\n", "recommendation_1, recommendation_2");
	expect_bad("[report]\norganization = O\ntitle = T\nnumber = N\ndate = 2026-11\n"
		   "language = en_US\n",
		   "[report] language: expected a language tag such as en-US or es (BCP 47) "
		   "(got 'en_US')");
	expect_bad("[report]\norganization = O\ntitle = T\nnumber = N\ndate = 2026-11\n"
		   "language = en-\n", "[report] language");
	expect_bad("[report]\norganization = O\ntitle = T\nnumber = N\ndate = 2026-11\n"
		   "language = e\n", "[report] language");
	/* A marking marks a restricted edition only; one short line. */
	expect_bad("[report]\norganization = O\ntitle = T\nnumber = N\ndate = 2026-11\n"
		   "marking = SECRET\n",
		   "[report] marking: a marking is printed on restricted editions only");
	expect_bad("[report]\norganization = O\ntitle = T\nnumber = N\ndate = 2026-11\n"
		   "audience = public\nmarking = SECRET\n", "add audience = restricted");
	expect_bad("[report]\norganization = O\ntitle = T\nnumber = N\ndate = 2026-11\n"
		   "audience = restricted\nmarking = " "0123456789012345678901234567890123456789"
		   "0123456789012345678901234567890123456789" "0123456789012345678901\n",
		   "[report] marking: expected one line of 1 to 100 characters");
	expect_bad("[report]\norganization = O\ntitle = T\nnumber = N\ndate = 2026-11\n"
		   "audience = restricted\nmarking = A\tB\n", "[report] marking: character U+0009");
	expect_bad("[report]\norganization = O\ntitle = T\nnumber = N\ndate = 2026-11\n"
		   "audience = everyone\n", "[report] audience: expected public or restricted");
	expect_bad(REPORT "[columns:partnerships]\ntown = Member City\n",
		   "[columns:partnerships] town: unknown setting");
	expect_bad(REPORT "[columns:responses]\nus_community = City\nus_state = city\n",
		   "[columns:responses] us_state: header already mapped to another column (got 'city')");
	expect_bad(REPORT "[columns:answers]\nx = y\n", "expected columns:partnerships or columns:responses");
	expect_bad(REPORT "[scope]\nrespondents = everyone\n",
		   "[scope] respondents: expected in_scope or all (got 'everyone')");
	expect_bad(REPORT "[letter]\noversight = espionage, spying\n",
		   "[letter] oversight: not a questionnaire topic (selection, activities, "
		   "transparency, expression, espionage, visa) (got 'spying')");
	expect_bad(REPORT "[letter]\nsecurity = espionage\n", "[letter] security: unknown setting");
	expect_bad(REPORT "[report]\naddressee_one = x\n", "addressee_1, addressee_2");
}

/* The letter's settings: addressees in numeric order, signatory, respondents, [letter] topics. */
static void test_letter(void **state)
{
	struct scta_config *c = NULL;
	struct scta_err err = SCTA_ERR_INIT;

	(void)state;
	assert_int_equal(config_load(write_ini("letter.ini", REPORT
		"addressee_2 = The Honorable B\naddressee_1 = The Honorable A\n"
		"signatory = Jane Roe, Executive Director\n"
		"[scope]\nrespondents = all\n"
		"[letter]\ntransparency = transparency, activities\n"), &c, &err), 0);
	assert_int_equal(c->report.naddressees, 2);
	assert_string_equal(c->report.addressees[0], "The Honorable A");
	assert_string_equal(c->report.addressees[1], "The Honorable B");
	assert_string_equal(c->report.signatory, "Jane Roe, Executive Director");
	assert_int_equal(c->scope.respondents_all, 1);
	assert_int_equal(c->letter.ntopics[LETTER_TRANSPARENCY], 2);
	assert_string_equal(c->letter.topics[LETTER_TRANSPARENCY][1], "activities");
	/* Unset: the topic of the same name; oversight is answered from espionage. */
	assert_int_equal(c->letter.ntopics[LETTER_OVERSIGHT], 1);
	assert_string_equal(c->letter.topics[LETTER_OVERSIGHT][0], "espionage");
	assert_string_equal(c->letter.topics[LETTER_VISA][0], "visa");
	config_free(c);
	c = NULL;
	/* The defaults: in_scope, no addressees, no signatory. */
	assert_int_equal(config_load(write_ini("plain.ini", REPORT), &c, &err), 0);
	assert_int_equal(c->scope.respondents_all, 0);
	assert_int_equal(c->report.naddressees, 0);
	assert_null(c->report.signatory);
	config_free(c);
}

/*
 * A template set's set.ini gives the formats of the editions made from it
 * that do not name their own; an unknown key or format is an error naming
 * set.ini.
 */
static void test_template_set_defaults(void **state)
{
	struct scta_config *c = NULL;
	struct scta_err err = SCTA_ERR_INIT;
	char ini[1024], setdir[600], cmd[700];
	const struct edition *e;

	(void)state;
	snprintf(setdir, sizeof(setdir), "%s/tpl/memo", tmpdir);
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", setdir);
	assert_int_equal(system(cmd), 0);
	write_ini("tpl/memo/report.md", "# Memo\n");
	write_ini("tpl/report.md", "# Study\n");
	write_ini("tpl/memo/set.ini", "[set]\nformats = pdf, html\n");
	snprintf(ini, sizeof(ini), REPORT "[templates]\ndir = %s/tpl\n"
		 "[edition:memo]\ntemplate = memo\n"
		 "[edition:memo_book]\ntemplate = memo\nformats = xlsx\n"
		 "[edition:study]\n", tmpdir);
	assert_int_equal(config_load(write_ini("set.ini", ini), &c, &err), 0);
	assert_int_equal(c->neditions, 3);
	e = &c->editions[0];
	assert_string_equal(e->templates_dir, setdir);
	assert_int_equal(e->formats, FORMAT_PDF | FORMAT_HTML);
	assert_int_equal(c->editions[1].formats, FORMAT_XLSX);   /* the section's own */
	assert_int_equal(c->editions[2].formats, 0);             /* [output] formats */
	config_free(c);
	c = NULL;
	write_ini("tpl/memo/set.ini", "[set]\nformats = pdf, docx\n");
	assert_int_not_equal(config_load(write_ini("set.ini", ini), &c, &err), 0);
	assert_non_null(strstr(err.msg, "tpl/memo/set.ini: [set] formats:"));
	assert_non_null(strstr(err.msg, "docx"));
	config_free(c);
	c = NULL;
	err = (struct scta_err)SCTA_ERR_INIT;
	write_ini("tpl/memo/set.ini", "[set]\nformat = pdf\n");
	assert_int_not_equal(config_load(write_ini("set.ini", ini), &c, &err), 0);
	assert_non_null(strstr(err.msg, "tpl/memo/set.ini: [set] format: unknown setting"));
	config_free(c);
}

/* Language tags as documents carry them are accepted as written. */
static void test_language(void **state)
{
	static const char *const good[] = { "es", "en-GB", "zh-Hant-TW", "es-419" };
	struct scta_config *c = NULL;
	struct scta_err err = SCTA_ERR_INIT;
	char text[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof good / sizeof *good; i++) {
		snprintf(text, sizeof text, REPORT "language = %s\n", good[i]);
		assert_int_equal(config_load(write_ini("lang.ini", text), &c, &err), 0);
		assert_string_equal(c->report.language, good[i]);
		config_free(c);
		c = NULL;
	}
}

/* Every problem is listed, one line each, in file order of the checks. */
static void test_every_problem_listed(void **state)
{
	struct scta_config *c = NULL;
	struct scta_err err = SCTA_ERR_INIT;
	const char *path = write_ini("many.ini",
		"[report]\norganization = O\ntitle = T\nnumber = N\ndate = 2026-13\n"
		"[scope]\ncpi_max = 101\n[outptu]\ndir = x\n[flag:x]\nwhere = colour = red\n"
		"[output]\nformats = docx\n");
	char want[2048];

	(void)state;
	assert_int_equal(config_load(path, &c, &err), SCTA_ERR_CONFIG);
	assert_null(c);
	snprintf(want, sizeof(want),
		 "%s: [outptu]: unknown section (expected report, scope, input, output, templates, "
		 "index, pdf, letter, columns:KIND, crosstab:NAME, flag:NAME or edition:NAME)\n"
		 "%s: [flag:x] where: unknown field in condition (got 'colour = red')\n"
		 "%s: [report] date: expected YYYY-MM or YYYY-MM-DD (got '2026-13')\n"
		 "%s: [scope] cpi_max: not a whole number from 0 to 100 (got '101')\n"
		 "%s: [output] formats: expected a list of xlsx, pdf, json or html (got 'docx')",
		 path, path, path, path, path);
	assert_string_equal(err.msg, want);
	/* The partial load keeps what it could read, for further checks. */
	scta_err_clear(&err);
	assert_int_equal(config_load_partial(path, &c, &err), SCTA_ERR_CONFIG);
	assert_non_null(c);
	assert_string_equal(c->report.organization, "O");
	config_free(c);
}

/*
 * One list each (util/vocab.c): every spelling of an encoding the importer
 * takes, the config takes; every field the flag engine tests, a rule may name.
 */
static void test_one_vocabulary(void **state)
{
	static const char *const encodings[] = { "Latin1", "latin-1", "win1252", "UTF8",
						  "windows-1252", "ISO-8859-1" };
	struct scta_config *c = NULL;
	struct scta_err err = SCTA_ERR_INIT;
	char ini[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(encodings) / sizeof(encodings[0]); i++) {
		snprintf(ini, sizeof(ini), REPORT "[input]\nencoding = %s\n", encodings[i]);
		assert_int_equal(config_load(write_ini("enc.ini", ini), &c, &err), 0);
		assert_non_null(vocab_encoding(c->input.encoding));
		config_free(c);
		c = NULL;
	}
	for (i = 0; i < vocab_nflag_fields; i++) {
		snprintf(ini, sizeof(ini), REPORT "[flag:f]\nwhere = %s ~ x\n",
			 vocab_flag_fields[i].name);
		if (config_load(write_ini("flag.ini", ini), &c, &err))
			fail_msg("flag field %s refused: %s", vocab_flag_fields[i].name, err.msg);
		config_free(c);
		c = NULL;
	}
	assert_int_equal(config_load(write_ini("flag.ini", REPORT "[flag:f]\nwhere = colour ~ x\n"),
				     &c, &err), SCTA_ERR_CONFIG);
	scta_err_clear(&err);
}

/* [columns:KIND]: scta's column names mapped to a file's headers, in file order. */
static void test_columns(void **state)
{
	struct scta_config *c = NULL;
	struct scta_err err = SCTA_ERR_INIT;

	(void)state;
	assert_int_equal(config_load(write_ini("cols.ini", REPORT
		"[columns:partnerships]\nus_community = Member City\nforeign_country =  Partner Country \n"
		"[columns:responses]\nresponse_id = Submission\n"), &c, &err), 0);
	assert_int_equal(c->ncolmap[0], 2);
	assert_string_equal(c->colmap[0][0].column, "us_community");
	assert_string_equal(c->colmap[0][0].header, "Member City");
	assert_string_equal(c->colmap[0][1].column, "foreign_country");
	assert_string_equal(c->colmap[0][1].header, "Partner Country");
	assert_int_equal(c->ncolmap[1], 1);
	assert_string_equal(c->colmap[1][0].header, "Submission");
	config_free(c);
}

static void test_missing_file(void **state)
{
	struct scta_config *c = NULL;
	struct scta_err err = SCTA_ERR_INIT;

	(void)state;
	assert_int_equal(config_load("/nonexistent/scta.ini", &c, &err), SCTA_ERR_CONFIG);
	assert_non_null(strstr(err.msg, "/nonexistent/scta.ini: cannot read"));
}

static const char *QN =
	"[scale:yn]\nvalues = yes, no, dont_know\nlabels = Yes, No, \"Don't know\"\nvalid = yes, no\n"
	"[question:tra1]\ntopic = transparency\ntext = \"Is it public; online?\"\nscale = yn\nsafeguard = YES\nweight = 2\n"
	"[question:ACT2]\ntopic = activities\ntext = Delegations hosted\ntype = count\n";

static void test_questionnaire(void **state)
{
	struct questionnaire *q = NULL;
	struct scta_err err = SCTA_ERR_INIT;
	const struct question *qu;

	(void)state;
	assert_int_equal(questionnaire_load(write_ini("q.ini", QN), &q, &err), 0);
	assert_int_equal(q->nscales, 1);
	assert_int_equal(q->scales[0].n, 3);
	assert_string_equal(q->scales[0].labels[2], "Don't know");
	assert_int_equal(q->scales[0].valid[0], 1);
	assert_int_equal(q->scales[0].valid[2], 0);
	assert_int_equal(q->nquestions, 2);
	qu = questionnaire_find(q, "Tra1");
	assert_non_null(qu);
	assert_string_equal(qu->id, "TRA1");
	assert_string_equal(qu->text, "Is it public; online?");
	assert_string_equal(qu->safeguard, "yes");
	assert_true(qu->weight == 2.0);
	assert_ptr_equal(qu->scale, &q->scales[0]);
	assert_int_equal(scale_find(qu->scale, "Dont_Know"), 2);
	assert_int_equal(scale_find(qu->scale, "maybe"), -1);
	qu = questionnaire_find(q, "act2");
	assert_int_equal(qu->type, QTYPE_COUNT);
	assert_int_equal(qu->position, 2);
	assert_int_equal(strlen(q->sha256), 64);
	questionnaire_free(q);
}

/* Aliases: other column names for a question, other spellings of a scale's values. */
static void test_questionnaire_aliases(void **state)
{
	struct questionnaire *q = NULL;
	struct scta_err err = SCTA_ERR_INIT;
	const struct question *qu;

	(void)state;
	assert_int_equal(questionnaire_load(write_ini("qa.ini",
		"[scale:yn]\nvalues = yes, no, unsure\nlabels = Yes, No, Not sure\n"
		"aliases = Y=yes, N = no, U=unsure, 1=yes\n"
		"[question:PUB]\ntopic = transparency\ntext = Public?\nscale = yn\naliases = QPUBLISH, Q1\n"),
		&q, &err), 0);
	qu = questionnaire_find(q, "pub");
	assert_int_equal(qu->naliases, 2);
	assert_string_equal(qu->aliases[0], "QPUBLISH");
	assert_string_equal(qu->aliases[1], "Q1");
	/* by value, by label, by alias; case and surrounding space ignored */
	assert_int_equal(scale_match(qu->scale, "unsure"), 2);
	assert_int_equal(scale_match(qu->scale, " not SURE "), 2);
	assert_int_equal(scale_match(qu->scale, "y"), 0);
	assert_int_equal(scale_match(qu->scale, "n"), 1);
	assert_int_equal(scale_match(qu->scale, "1"), 0);
	assert_int_equal(scale_match(qu->scale, "2"), -1);
	assert_int_equal(scale_match(qu->scale, "Not"), -1);
	/* the contract's own check is by value only */
	assert_int_equal(scale_find(qu->scale, "Y"), -1);
	questionnaire_free(q);
}

/*
 * A scale longer than one INI line (1,024 bytes): its lists go on in numbered
 * keys; a longer line is an error naming the file, the line and the way round.
 */
static void test_questionnaire_long_scale(void **state)
{
	struct questionnaire *q = NULL;
	struct scta_err err = SCTA_ERR_INIT;
	struct strbuf sb = STRBUF_INIT, line = STRBUF_INIT;
	const struct question *qu;
	int i;

	(void)state;
	/* 150 values in three keys of 50; labels in two keys; valid and aliases continued too */
	strbuf_adds(&sb, "[scale:big]\n");
	for (i = 0; i < 150; i++)
		strbuf_addf(&sb, "%s v%03d", i == 0 ? "values =" : i == 50 ? "\nvalues_2 =" :
			    i == 100 ? "\nvalues_3 =" : ",", i + 1);
	strbuf_adds(&sb, "\nlabels = ");
	for (i = 0; i < 75; i++)
		strbuf_addf(&sb, "%sValue %d", i ? ", " : "", i + 1);
	strbuf_adds(&sb, "\nlabels_2 = ");
	for (i = 75; i < 150; i++)
		strbuf_addf(&sb, "%sValue %d", i > 75 ? ", " : "", i + 1);
	strbuf_adds(&sb, "\nvalid = v001, v002\nvalid_2 = v150\naliases = A=v001\naliases_2 = Z=v150\n"
			 "[question:Q]\ntopic = visa\ntext = x\nscale = big\n");
	if (questionnaire_load(write_ini("long.ini", sb.buf), &q, &err))
		fail_msg("%s", err.msg);
	qu = questionnaire_find(q, "Q");
	assert_int_equal(qu->scale->n, 150);
	assert_string_equal(qu->scale->values[0], "v001");
	assert_string_equal(qu->scale->values[50], "v051");
	assert_string_equal(qu->scale->values[149], "v150");
	assert_string_equal(qu->scale->labels[74], "Value 75");
	assert_string_equal(qu->scale->labels[75], "Value 76");
	assert_string_equal(qu->scale->labels[149], "Value 150");
	assert_int_equal(qu->scale->valid[0] + qu->scale->valid[1] + qu->scale->valid[149], 3);
	assert_int_equal(qu->scale->valid[2], 0);
	assert_int_equal(scale_match(qu->scale, "z"), 149);
	questionnaire_free(q);

	/* a part after a missing one, and an unknown numbered key */
	assert_int_equal(questionnaire_load(write_ini("gap.ini", "[scale:s]\nvalues = a\nvalues_3 = b\n"
		"[question:Q]\ntopic = visa\ntext = x\nscale = s\n"), &q, &err), SCTA_ERR_CONFIG);
	assert_non_null(strstr(err.msg, "[scale:s] values_3: continues a list, but there is no key "
				       "before it (got 'values_2')"));
	scta_err_clear(&err);
	assert_int_equal(questionnaire_load(write_ini("zero.ini", "[scale:s]\nvalues = a\nvalues_02 = b\n"
		"[question:Q]\ntopic = visa\ntext = x\nscale = s\n"), &q, &err), SCTA_ERR_CONFIG);
	assert_non_null(strstr(err.msg, "[scale:s] values_02: unknown setting"));
	scta_err_clear(&err);

	/* one line of 1,100 bytes (line 3): the file, the line, the limit, the way round */
	strbuf_reset(&line);
	strbuf_adds(&line, "[scale:s]\n; a comment\nvalues = a");
	for (i = 0; i < 1100; i++)
		strbuf_addch(&line, 'b');
	strbuf_adds(&line, "\n[question:Q]\ntopic = visa\ntext = x\nscale = s\n");
	assert_int_equal(questionnaire_load(write_ini("longline.ini", line.buf), &q, &err),
			 SCTA_ERR_CONFIG);
	if (!strstr(err.msg, "longline.ini:3: the line is longer than 1,024 bytes") ||
	    !strstr(err.msg, "values_2"))
		fail_msg("message: %s", err.msg);
	strbuf_release(&sb);
	strbuf_release(&line);
}

static void expect_bad_q(const char *text, const char *needle)
{
	struct questionnaire *q = NULL;
	struct scta_err err = SCTA_ERR_INIT;

	assert_int_equal(questionnaire_load(write_ini("badq.ini", text), &q, &err), SCTA_ERR_CONFIG);
	if (!strstr(err.msg, needle))
		fail_msg("message '%s' lacks '%s'", err.msg, needle);
}

static void test_questionnaire_bad(void **state)
{
	(void)state;
	expect_bad_q("[question:a]\ntopic = weather\ntext = x\ntype = count\n",
		     "[question:a] topic: expected selection");
	expect_bad_q("[question:a]\ntopic = visa\ntext = x\n", "[question:a] scale: a choice question needs a scale");
	expect_bad_q("[question:a]\ntopic = visa\ntext = x\nscale = nope\n", "no such [scale:NAME]");
	expect_bad_q("[scale:s]\nvalues = a, b\nlabels = A\n[question:a]\ntopic = visa\ntext = x\nscale = s\n",
		     "[scale:s] labels: give one label per value");
	expect_bad_q("[scale:s]\nvalues = a, b\nvalid = c\n", "[scale:s] valid: not one of");
	expect_bad_q("[scale:s]\nvalues = a, b\nvalid = a\n[question:a]\ntopic = visa\ntext = x\nscale = s\nsafeguard = b\n",
		     "safeguard: must be one of the scale's valid values");
	expect_bad_q("[question:a]\ntopic = visa\ntext = x\ntype = count\nweight = -1\n", "weight");
	expect_bad_q("[question:a]\ntopic = visa\ntext = x\ntype = count\ncolour = red\n", "colour: unknown setting");
	expect_bad_q("[scale:s]\nvalues = a\n", "no [question:ID] sections");
	expect_bad_q("[question:a_comment]\ntopic = visa\ntext = x\ntype = count\n", "_comment");
	expect_bad_q("[misc]\nx = 1\n", "[misc]: unknown section");
	expect_bad_q("[scale:s]\nvalues = a, b\naliases = A=a, B\n", "[scale:s] aliases: expected ALIAS=value");
	expect_bad_q("[scale:s]\nvalues = a, b\naliases = C=c\n", "the alias names no value of the scale");
	expect_bad_q("[question:a]\ntopic = visa\ntext = x\ntype = count\naliases = Q1\n"
		     "[question:b]\ntopic = visa\ntext = y\ntype = count\naliases = q1\n",
		     "[question:A] aliases: 'Q1' also names question B");
	expect_bad_q("[question:a]\ntopic = visa\ntext = x\ntype = count\naliases = B\n"
		     "[question:b]\ntopic = visa\ntext = y\ntype = count\n",
		     "[question:A] aliases: 'B' also names question B");
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[600];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_language),
		cmocka_unit_test(test_every_problem_listed),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_questionnaire),
		cmocka_unit_test(test_questionnaire_bad),
		cmocka_unit_test(test_questionnaire_aliases),
		cmocka_unit_test(test_questionnaire_long_scale),
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_letter),
		cmocka_unit_test(test_template_set_defaults),
		cmocka_unit_test(test_one_vocabulary),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
