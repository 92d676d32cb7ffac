/*
 * Unit tests for import/: partnerships and responses against small fixtures
 * (tests/fixtures/import) whose expected counts, reject lines, columns and
 * reasons were worked out by hand from the files.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "config/config.h"
#include "util/strbuf.h"
#include "test_import_util.h"

static int import_p(struct store *st, const char *path, const char *display, struct got *g,
		    struct import_result *res, struct scta_err *err)
{
	struct import_opts o = got_opts(g, display);

	return import_file(st, IMPORT_PARTNERSHIPS, path, NULL, &o, res, err);
}

static struct questionnaire *load_q(void)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct questionnaire *q = NULL;

	if (questionnaire_load(IFIX "questionnaire.ini", &q, &err))
		fail_msg("%s", err.msg);
	return q;
}

static void test_partnerships(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct import_result res;
	struct got g = { 0 };
	char dir[64];
	struct store *st = tstore_new(dir, sizeof(dir));

	(void)state;
	assert_int_equal(import_p(st, IFIX "partnerships.csv", "partnerships.csv", &g, &res, &err), 0);
	assert_counts(res, 10, 3, 7);
	assert_false(res.unchanged);
	assert_true(res.batch_id > 0);
	assert_int_equal(g.nwarn, 1);
	assert_string_equal(g.warn[0], "unknown column 'Remarks' ignored");

	assert_int_equal(g.np, 19);
	/* line 4: every bad field of the row, in column order of the checks */
	assert_problem(&g, 0, 4, "foreign_country", "Narnia", "unknown country 'Narnia'");
	assert_problem(&g, 1, 4, "us_community_type", "town", "not one of city, county, state or other");
	assert_problem(&g, 2, 4, "established", "19x4",
		       "not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)");
	assert_problem(&g, 3, 4, "status", "dormant",
		       "not one of active, inactive, suspended, terminated or proposed");
	assert_problem(&g, 4, 4, "status_date", "2020-13",
		       "not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)");
	assert_problem(&g, 5, 4, "sci_recognized", "maybe", "not yes, no or unknown");
	assert_problem(&g, 6, 4, "agreement_type", "pact", "not one of sister, friendship, mou or other");
	assert_problem(&g, 7, 4, "agreement_public", "public",
		       "not one of online, on_request, not_available, confidential or unknown");
	assert_problem(&g, 8, 4, "political_clause", "perhaps", "not yes, no or unknown");
	assert_problem(&g, 9, 4, "activities", "fishing;trade", "unknown activity 'fishing'");
	assert_problem(&g, 10, 5, "foreign_country", "Puerto Rico",
		       "'Puerto Rico' is part of the United States, not a foreign country");
	assert_problem(&g, 11, 6, "", "WA-tacoma-CHN-fuzhou", "duplicate of line 2");
	assert_problem(&g, 12, 7, "partnership_id", "SEA-1", "duplicate of line 3");
	assert_problem(&g, 13, 8, "us_community", "", "value is required");
	assert_problem(&g, 14, 8, "foreign_community", "", "value is required");
	assert_problem(&g, 15, 8, "us_state", "ZZ", "unknown U.S. state or territory 'ZZ'");
	assert_problem(&g, 16, 8, "foreign_country", "", "value is required");
	assert_problem(&g, 17, 9, "", ",Portland,OR,,Sapporo,,Japan,,,,,,,,,,,,",
		       "row has 19 fields, header has 20");
	assert_problem(&g, 18, 10, "established", "2001-02-29",
		       "not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)");

	/* the same problems are the stored rejects */
	assert_int_equal(q_int(st, "SELECT count(*) FROM reject", NULL), 19);
	assert_int_equal(q_int(st, "SELECT count(DISTINCT line) FROM reject", NULL), 7);
	assert_q_text(st, "SELECT reason FROM reject WHERE line = 6", NULL, "duplicate of line 2");
	assert_q_text(st, "SELECT file FROM reject WHERE line = 6", NULL, "partnerships.csv");

	/* line 2: derived id, normalized fields */
	assert_int_equal(q_int(st, "SELECT count(*) FROM partnership", NULL), 3);
	assert_q_text(st, "SELECT natural_key FROM partnership WHERE id = ?1", "WA-tacoma-CHN-fuzhou",
		      "WA|tacoma|CHN|fuzhou");
	assert_q_text(st, "SELECT activities FROM partnership WHERE id = ?1", "WA-tacoma-CHN-fuzhou",
		      "culture;trade");
	assert_q_text(st, "SELECT established FROM partnership WHERE id = ?1",
		      "WA-tacoma-CHN-fuzhou", "1994-05-01");
	assert_int_equal(q_int(st, "SELECT established_year FROM partnership WHERE id = ?1",
			       "WA-tacoma-CHN-fuzhou"), 1994);
	assert_q_text(st, "SELECT foreign_region FROM partnership WHERE id = ?1",
		      "WA-tacoma-CHN-fuzhou", "Fujian");
	assert_q_text(st, "SELECT source FROM partnership WHERE id = ?1", "WA-tacoma-CHN-fuzhou",
		      "city website");
	assert_q_text(st, "SELECT notes FROM partnership WHERE id = ?1", "WA-tacoma-CHN-fuzhou", NULL);
	assert_int_equal(q_int(st, "SELECT line FROM partnership WHERE id = ?1",
			       "WA-tacoma-CHN-fuzhou"), 2);
	assert_int_equal(q_int(st, "SELECT count(*) FROM partnership_activity WHERE "
			       "partnership_id = ?1", "WA-tacoma-CHN-fuzhou"), 2);
	/* line 3: given id, case-folded vocabularies; blanks stay NULL (not recorded, no default) */
	assert_q_text(st, "SELECT us_state || foreign_country || coalesce(us_community_type, '-') || "
		      "coalesce(status, '-') || sci_recognized || agreement_type || agreement_public || "
		      "political_clause FROM partnership WHERE id = ?1", "SEA-1",
		      "WACHN--yesfriendshipon_requestunknown");
	assert_int_equal(q_int(st, "SELECT established_year FROM partnership WHERE id = ?1",
			       "SEA-1"), 1983);
	assert_q_text(st, "SELECT activities FROM partnership WHERE id = ?1", "SEA-1", NULL);
	/* line 11: values that look like formulas are kept as written */
	assert_q_text(st, "SELECT us_community FROM partnership WHERE id = ?1",
		      "TX-hyperlink-x-MEX-plano", "=HYPERLINK(\"x\")");
	assert_q_text(st, "SELECT foreign_community || intermediary || notes FROM partnership "
		      "WHERE id = ?1", "TX-hyperlink-x-MEX-plano", "+Plano@org-note");

	/* the batch */
	assert_q_text(st, "SELECT kind || ' ' || path || ' ' || rows_read || ' ' || rows_loaded || ' ' "
		      "|| rows_rejected || ' [' || context || '] ' || encoding FROM batch", NULL,
		      "partnerships partnerships.csv 10 3 7 [] utf-8");
	assert_q_text(st, "SELECT sha256 FROM batch", NULL, res.sha256);
	assert_int_equal(strlen(res.sha256), 64);
	got_reset(&g);
	tstore_free(st, dir);
}

static void test_bom_crlf_quoted_newlines(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct import_result res;
	struct got g = { 0 };
	char dir[64];
	struct store *st = tstore_new(dir, sizeof(dir));

	(void)state;
	assert_int_equal(import_p(st, IFIX "bom_crlf.csv", NULL, &g, &res, &err), 0);
	assert_counts(res, 4, 2, 2);
	assert_int_equal(g.nwarn, 0);
	assert_int_equal(g.np, 2);
	/* the quoted newline of line 3-4 moves the next row to line 5 */
	assert_problem(&g, 0, 5, "US_State", "ZZ", "unknown U.S. state or territory 'ZZ'");
	assert_problem(&g, 1, 7, "Foreign_Country", "Narnia", "unknown country 'Narnia'");
	assert_q_text(st, "SELECT us_community FROM partnership WHERE us_state = ?1", "OR",
		      "Port\r\nland");
	assert_int_equal(q_int(st, "SELECT line FROM partnership WHERE us_state = ?1", "OR"), 3);
	assert_q_text(st, "SELECT id FROM partnership WHERE line = 2", NULL, "WA-tacoma-CHN-fuzhou");
	/* the display path defaults to the path */
	assert_q_text(st, "SELECT path FROM batch", NULL, IFIX "bom_crlf.csv");
	got_reset(&g);
	tstore_free(st, dir);
}

static void test_encodings(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct import_result res;
	struct import_opts o;
	struct got g = { 0 };
	char dir[64];
	struct store *st = tstore_new(dir, sizeof(dir));

	(void)state;
	/* as UTF-8 the file is refused at its first bad line, and nothing is stored */
	assert_int_equal(import_p(st, IFIX "cp1252.csv", "cp1252.csv", &g, &res, &err),
			 SCTA_ERR_RUNTIME);
	assert_string_equal(err.msg, "cp1252.csv:3: not valid UTF-8 (byte 0xFC); if the file was "
			    "saved by Excel on Windows, try --encoding cp1252");
	assert_int_equal(q_int(st, "SELECT count(*) FROM batch", NULL), 0);
	scta_err_clear(&err);

	o = got_opts(&g, "cp1252.csv");
	o.encoding = "Windows-1252";
	assert_int_equal(import_file(st, IMPORT_PARTNERSHIPS, IFIX "cp1252.csv", NULL, &o, &res,
				     &err), 0);
	assert_counts(res, 2, 2, 0);
	assert_q_text(st, "SELECT foreign_community FROM partnership WHERE us_state = 'MN'", NULL,
		      "Z\xC3\xBCrich");
	assert_q_text(st, "SELECT notes FROM partnership WHERE us_state = 'MN'", NULL,
		      "\xE2\x82\xAC 5 fee");
	assert_q_text(st, "SELECT id FROM partnership WHERE us_state = 'MN'", NULL,
		      "MN-bloomington-CHE-zurich");
	assert_q_text(st, "SELECT encoding FROM batch", NULL, "cp1252");

	/* latin1 reads 0x80 as the control character U+0080 */
	o.encoding = "ISO-8859-1";
	o.display_path = "latin1.csv";
	assert_int_equal(import_file(st, IMPORT_PARTNERSHIPS, IFIX "cp1252.csv", NULL, &o, &res,
				     &err), 0);
	assert_q_text(st, "SELECT notes FROM partnership WHERE us_state = 'MN'", NULL,
		      "\xC2\x80 5 fee");

	o.encoding = "ebcdic";
	assert_int_equal(import_file(st, IMPORT_PARTNERSHIPS, IFIX "cp1252.csv", NULL, &o, &res,
				     &err), SCTA_ERR_USAGE);
	assert_string_equal(err.msg, "unknown encoding 'ebcdic' (expected utf-8, cp1252 or latin1)");
	got_reset(&g);
	tstore_free(st, dir);
}

static void test_reimport(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct import_result res;
	struct got g = { 0 };
	char dir[64];
	struct store *st = tstore_new(dir, sizeof(dir));
	int64_t first;

	(void)state;
	assert_int_equal(import_p(st, IFIX "partnerships_v1.csv", "p.csv", &g, &res, &err), 0);
	assert_counts(res, 2, 2, 0);
	first = res.batch_id;

	/* identical file, same name: nothing done, the earlier batch reported */
	assert_int_equal(import_p(st, IFIX "partnerships_v1.csv", "p.csv", &g, &res, &err), 0);
	assert_true(res.unchanged);
	assert_int_equal(res.batch_id, first);
	assert_counts(res, 2, 2, 0);
	assert_int_equal(q_int(st, "SELECT count(*) FROM batch", NULL), 1);

	/*
	 * changed file: a new batch updates by key; the file now calls P-2 P-3,
	 * so P-3 takes P-2's place (P-2 goes to the history, not counted as removed)
	 */
	assert_int_equal(import_p(st, IFIX "partnerships_v2.csv", "p.csv", &g, &res, &err), 0);
	assert_false(res.unchanged);
	assert_true(res.batch_id > first);
	assert_counts(res, 3, 3, 0);
	assert_int_equal(res.rows_removed, 0);
	assert_int_equal(g.np, 0);
	assert_int_equal(q_int(st, "SELECT count(*) FROM partnership", NULL), 3);
	assert_q_text(st, "SELECT status FROM partnership WHERE id = ?1", "WA-tacoma-CHN-fuzhou",
		      "suspended");
	assert_int_equal(q_int(st, "SELECT batch_id FROM partnership WHERE id = ?1",
			       "WA-tacoma-CHN-fuzhou"), res.batch_id);
	assert_int_equal(q_int(st, "SELECT count(*) FROM partnership WHERE id = ?1", "P-2"), 0);
	assert_int_equal(q_int(st, "SELECT batch_id FROM partnership_retired WHERE id = ?1", "P-2"),
			 first);
	assert_int_equal(q_int(st, "SELECT line FROM partnership WHERE id = ?1", "P-3"), 3);
	/* blank status stays not recorded; "0" is a recorded "no" */
	assert_q_text(st, "SELECT coalesce(status, '-') || ' ' || agreement_public || ' ' || "
		      "sci_recognized FROM partnership WHERE id = ?1", "WA-spokane-JPN-nishinomiya",
		      "- not_available no");
	assert_q_text(st, "SELECT sci_recognized FROM partnership WHERE id = ?1", "WA-tacoma-CHN-fuzhou",
		      "yes");

	/* the same file again without Spokane: it is retired and counted as removed */
	assert_int_equal(import_p(st, IFIX "partnerships_v1.csv", "p.csv", &g, &res, &err), 0);
	assert_counts(res, 2, 2, 0);
	assert_int_equal(res.rows_removed, 1);
	assert_int_equal(q_int(st, "SELECT count(*) FROM partnership", NULL), 2);
	assert_int_equal(q_int(st, "SELECT count(*) FROM partnership_retired WHERE id = ?1",
			       "WA-spokane-JPN-nishinomiya"), 1);
	assert_int_equal(q_int(st, "SELECT rows_removed FROM batch ORDER BY seq DESC LIMIT 1", NULL),
			 1);
	/* the file's truth: Tacoma without an sci_recognized column is not recorded again */
	assert_int_equal(q_int(st, "SELECT count(*) FROM partnership WHERE id = ?1 AND "
			       "sci_recognized IS NULL AND status = 'active'", "WA-tacoma-CHN-fuzhou"), 1);
	got_reset(&g);
	tstore_free(st, dir);
}

static void test_refused_headers(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct import_result res;
	struct got g = { 0 };
	char dir[64];
	struct store *st = tstore_new(dir, sizeof(dir));

	(void)state;
	assert_int_equal(import_p(st, IFIX "missing_column.csv", "m.csv", &g, &res, &err),
			 SCTA_ERR_RUNTIME);
	assert_string_equal(err.msg, "m.csv:1: missing required column 'foreign_country'; a file "
			    "with other headers can name them in the config's [columns:partnerships] "
			    "section");
	scta_err_clear(&err);
	assert_int_equal(import_p(st, IFIX "duplicate_column.csv", "d.csv", &g, &res, &err),
			 SCTA_ERR_RUNTIME);
	assert_string_equal(err.msg, "d.csv:1: column 'US_STATE' appears twice in the header "
			    "(columns 2 and 5)");
	scta_err_clear(&err);
	assert_int_equal(import_p(st, IFIX "no-such-file.csv", "x.csv", &g, &res, &err),
			 SCTA_ERR_RUNTIME);
	assert_string_equal(err.msg, "x.csv: cannot open: No such file or directory");
	/* a refused file leaves the store as it was */
	assert_int_equal(q_int(st, "SELECT count(*) FROM batch", NULL), 0);
	assert_int_equal(q_int(st, "SELECT count(*) FROM reject", NULL), 0);
	got_reset(&g);
	tstore_free(st, dir);
}

static void test_dry_run(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct import_result res;
	struct import_opts o;
	struct got g = { 0 };
	char dir[64];
	struct store *st = tstore_new(dir, sizeof(dir));

	(void)state;
	o = got_opts(&g, "partnerships.csv");
	o.dry_run = 1;
	assert_int_equal(import_file(st, IMPORT_PARTNERSHIPS, IFIX "partnerships.csv", NULL, &o,
				     &res, &err), 0);
	assert_counts(res, 10, 3, 7);
	assert_int_equal(g.np, 19);
	assert_int_equal(res.batch_id, 0);
	assert_int_equal(q_int(st, "SELECT count(*) FROM partnership", NULL), 0);
	assert_int_equal(q_int(st, "SELECT count(*) FROM reject", NULL), 0);
	assert_int_equal(q_int(st, "SELECT count(*) FROM batch", NULL), 0);
	/* a check never counts as an import: the real import still happens */
	o.dry_run = 0;
	assert_int_equal(import_file(st, IMPORT_PARTNERSHIPS, IFIX "partnerships.csv", NULL, &o,
				     &res, &err), 0);
	assert_false(res.unchanged);
	assert_int_equal(q_int(st, "SELECT count(*) FROM partnership", NULL), 3);
	got_reset(&g);
	tstore_free(st, dir);
}

/*
 * A response's community key is made once for the rows that repeat its
 * community and state, and anew whenever either changes, also after a row
 * whose community is no name at all.
 */
static void test_responses_community_keys(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct import_result res;
	struct import_opts o;
	struct got g = { 0 };
	char dir[64], path[128];
	struct store *st = tstore_new(dir, sizeof(dir));
	struct questionnaire *q = load_q();
	FILE *fp;

	(void)state;
	snprintf(path, sizeof(path), "%s/keys.csv", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("response_id,us_community,us_state,question_id,answer\n"
	      "K1,Tacoma,WA,T1,yes\n"          /* 2 */
	      "K1,Tacoma,WA,e1,1\n"            /* 3: same community */
	      "K2,Tacoma,OR,T1,no\n"           /* 4: same name, other state */
	      "K3,!!!,OR,T1,no\n"              /* 5: no name: rejected */
	      "K4,Tacoma,OR,T1,yes\n"          /* 6: after the rejected row */
	      "K5,St. Paul,MN,T1,yes\n"        /* 7 */
	      "K5,ST PAUL,MN,e1,2\n",          /* 8: another spelling, same key: one response */
	      fp);
	assert_int_equal(fclose(fp), 0);
	o = got_opts(&g, "keys.csv");
	assert_int_equal(import_file(st, IMPORT_RESPONSES, path, q, &o, &res, &err), 0);
	assert_counts(res, 7, 6, 1);
	assert_problem(&g, 0, 5, "us_community", "!!!", "not a name (no letters or digits)");
	assert_q_text(st, "SELECT community_key FROM response WHERE id = ?1", "K1", "WA|tacoma");
	assert_q_text(st, "SELECT community_key FROM response WHERE id = ?1", "K2", "OR|tacoma");
	assert_q_text(st, "SELECT community_key FROM response WHERE id = ?1", "K4", "OR|tacoma");
	assert_int_equal(q_int(st, "SELECT count(*) FROM answer WHERE response_id = ?1", "K5"), 2);
	got_reset(&g);
	questionnaire_free(q);
	tstore_free(st, dir);
}

static void test_responses_long(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct import_result res;
	struct import_opts o;
	struct got g = { 0 };
	char dir[64];
	struct store *st = tstore_new(dir, sizeof(dir));
	struct questionnaire *q = load_q();

	(void)state;
	o = got_opts(&g, "long.csv");
	assert_int_equal(import_file(st, IMPORT_RESPONSES, IFIX "responses_long.csv", q, &o, &res,
				     &err), 0);
	assert_counts(res, 14, 6, 8);
	assert_int_equal(g.nwarn, 0);
	assert_int_equal(g.np, 8);
	assert_problem(&g, 0, 6, "answer", "maybe",
		       "'maybe' is not an answer of scale yesno (yes, no, dont_know, not_applicable)");
	assert_problem(&g, 1, 7, "answer", "-1", "not a non-negative integer");
	assert_problem(&g, 2, 8, "answer", "abc", "not a non-negative number");
	assert_problem(&g, 3, 9, "question_id", "Q9", "unknown question 'Q9'");
	assert_problem(&g, 4, 10, "answer", "", "answer is empty");
	assert_problem(&g, 5, 11, "question_id", "T1", "duplicate of line 2");
	assert_problem(&g, 6, 12, "response_id", "R1",
		       "response id already used for another community at line 2");
	assert_problem(&g, 7, 13, "answer", "2.5", "not a non-negative integer");

	assert_int_equal(q_int(st, "SELECT count(*) FROM response", NULL), 3);
	assert_int_equal(q_int(st, "SELECT count(*) FROM answer", NULL), 6);
	assert_q_text(st, "SELECT community_key FROM response WHERE id = ?1", "R1", "WA|tacoma");
	assert_int_equal(q_int(st, "SELECT line FROM response WHERE id = ?1", "R2"), 15);
	assert_int_equal(q_int(st, "SELECT line FROM response WHERE id = ?1", "R3"), 14);
	/* scale values in the scale's spelling; question ids in the questionnaire's */
	assert_q_text(st, "SELECT group_concat(question_id || '=' || value, ' ') FROM "
		      "(SELECT * FROM answer WHERE response_id = ?1 ORDER BY line)", "R1",
		      "T1=yes E1=3 A1=1500.50 S1=By council vote");
	assert_q_text(st, "SELECT value FROM answer WHERE response_id = ?1", "R3", "dont_know");
	assert_int_equal(q_int(st, "SELECT CAST(num * 100 AS INTEGER) FROM answer WHERE "
			       "question_id = 'A1' AND response_id = ?1", "R1"), 150050);
	assert_int_equal(q_int(st, "SELECT num FROM answer WHERE question_id = 'E1' AND "
			       "response_id = ?1", "R2"), 0);
	assert_q_text(st, "SELECT comment FROM answer WHERE question_id = 'E1' AND response_id = ?1",
		      "R1", "two visits, one call");
	assert_int_equal(q_int(st, "SELECT count(*) FROM answer WHERE num IS NOT NULL", NULL), 3);
	/* the questionnaire went in with the batch, and the batch's context is its hash */
	assert_int_equal(q_int(st, "SELECT count(*) FROM question", NULL), 4);
	assert_int_equal(q_int(st, "SELECT count(*) FROM scale_value", NULL), 4);
	assert_q_text(st, "SELECT context FROM batch", NULL, q->sha256);

	/* a newer file of the same name replaces a response's answers as a whole */
	got_reset(&g);
	o = got_opts(&g, "long.csv");
	assert_int_equal(import_file(st, IMPORT_RESPONSES, IFIX "responses_long_v2.csv", q, &o,
				     &res, &err), 0);
	assert_counts(res, 1, 1, 0);
	assert_q_text(st, "SELECT group_concat(question_id || '=' || value) FROM answer "
		      "WHERE response_id = ?1", "R1", "T1=no");
	/* the newer file has no R2 and no R3: both are retired with their answers */
	assert_int_equal(res.rows_removed, 2);
	assert_int_equal(q_int(st, "SELECT count(*) FROM answer", NULL), 1);
	assert_int_equal(q_int(st, "SELECT count(*) FROM response", NULL), 1);
	assert_q_text(st, "SELECT group_concat(id) FROM (SELECT id FROM response_retired ORDER BY id)",
		      NULL, "R2,R3");
	assert_int_equal(q_int(st, "SELECT count(*) FROM answer_retired", NULL), 2);
	questionnaire_free(q);
	got_reset(&g);
	tstore_free(st, dir);
}

static void test_responses_wide(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct import_result res;
	struct import_opts o;
	struct got g = { 0 };
	char dir[64];
	struct store *st = tstore_new(dir, sizeof(dir));
	struct questionnaire *q = load_q();

	(void)state;
	o = got_opts(&g, "wide.csv");
	assert_int_equal(import_file(st, IMPORT_RESPONSES, IFIX "responses_wide.csv", q, &o, &res,
				     &err), 0);
	/*
	 * Line 2 loads; line 3 has no valid answer left (three bad ones); line 4
	 * repeats W1; lines 5 and 6 answer nothing: a row that yields no answer
	 * is rejected, naming the question columns and the unmatched one.
	 */
	assert_counts(res, 5, 1, 4);
	assert_int_equal(res.answers_rejected, 0);
	assert_int_equal(g.np, 6);
	assert_problem(&g, 0, 3, "T1", "nope",
		       "'nope' is not an answer of scale yesno (yes, no, dont_know, not_applicable)");
	assert_problem(&g, 1, 3, "E1", "x", "not a non-negative integer");
	assert_problem(&g, 2, 3, "A1", "-5", "not a non-negative number");
	assert_problem(&g, 3, 4, "Response_ID", "W1", "duplicate of line 2");
	assert_problem(&g, 4, 5, "", "", "no answer: the question columns (T1, E1, A1, S1) are "
		       "empty; columns that match no question: 'Extra'");
	assert_problem(&g, 5, 6, "", "", "no answer: the question columns (T1, E1, A1, S1) are "
		       "empty; columns that match no question: 'Extra'");
	assert_int_equal(g.nwarn, 2);
	assert_string_equal(g.warn[0], "unknown column 'Extra' ignored");
	assert_string_equal(g.warn[1], "1 comment on unanswered questions not loaded");

	assert_int_equal(q_int(st, "SELECT count(*) FROM response", NULL), 1);
	assert_q_text(st, "SELECT group_concat(question_id || '=' || value, ' ') FROM "
		      "(SELECT * FROM answer WHERE response_id = ?1 ORDER BY question_id)", "W1",
		      "E1=2 S1=council T1=yes");
	assert_q_text(st, "SELECT comment FROM answer WHERE response_id = ?1 AND question_id = 'T1'",
		      "W1", "public on website");
	assert_q_text(st, "SELECT submitted FROM response WHERE id = ?1", "W1", "2024-05-01");
	/* a response without answers is never stored */
	assert_int_equal(q_int(st, "SELECT count(*) FROM response WHERE id IN ('W3', 'W4')", NULL), 0);
	assert_int_equal(q_int(st, "SELECT count(*) FROM reject", NULL), 6);

	/* same file, same questionnaire: unchanged; another questionnaire: checked again */
	got_reset(&g);
	o = got_opts(&g, "wide.csv");
	assert_int_equal(import_file(st, IMPORT_RESPONSES, IFIX "responses_wide.csv", q, &o, &res,
				     &err), 0);
	assert_true(res.unchanged);
	assert_counts(res, 5, 1, 4);
	q->sha256[0] = q->sha256[0] == '0' ? '1' : '0';
	assert_int_equal(import_file(st, IMPORT_RESPONSES, IFIX "responses_wide.csv", q, &o, &res,
				     &err), 0);
	assert_false(res.unchanged);
	/* W1 now comes from the new batch, so line 4 is again a duplicate of line 2 */
	assert_counts(res, 5, 1, 4);
	assert_int_equal(q_int(st, "SELECT count(*) FROM batch", NULL), 2);
	questionnaire_free(q);
	got_reset(&g);
	tstore_free(st, dir);
}

/*
 * Counts and amounts accept thousands separators grouping digits by three;
 * a bad answer rejects that answer only, and a row without a valid answer
 * is rejected. By hand: N1 and N2 load both answers; N3 has two bad ones
 * (rejected row); N4 loads A1 and rejects E1 (",123"); N5's only answer is
 * bad (rejected row): 5 read, 3 loaded, 2 rejected, 1 answer rejected.
 */
static void test_responses_numbers(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct import_result res;
	struct import_opts o;
	struct got g = { 0 };
	char dir[64];
	struct store *st = tstore_new(dir, sizeof(dir));
	struct questionnaire *q = load_q();

	(void)state;
	o = got_opts(&g, "n.csv");
	assert_int_equal(import_file(st, IMPORT_RESPONSES, IFIX "responses_numbers.csv", q, &o, &res,
				     &err), 0);
	assert_counts(res, 5, 3, 2);
	assert_int_equal(res.answers_rejected, 1);
	assert_int_equal(g.np, 4);
	assert_problem(&g, 0, 4, "E1", "1,20", "not a non-negative integer");
	assert_problem(&g, 1, 4, "A1", "1,2345", "not a non-negative number");
	assert_problem(&g, 2, 5, "E1", ",123", "not a non-negative integer");
	assert_problem(&g, 3, 6, "E1", "1,000,00", "not a non-negative integer");
	assert_int_equal(q_int(st, "SELECT num FROM answer WHERE question_id = 'E1' AND "
			       "response_id = ?1", "N1"), 1200);
	assert_int_equal(q_int(st, "SELECT CAST(num * 10 AS INTEGER) FROM answer WHERE "
			       "question_id = 'A1' AND response_id = ?1", "N1"), 12345);
	assert_int_equal(q_int(st, "SELECT num FROM answer WHERE question_id = 'E1' AND "
			       "response_id = ?1", "N2"), 12345678);
	assert_int_equal(q_int(st, "SELECT count(*) FROM answer WHERE response_id = ?1", "N4"), 1);
	assert_int_equal(q_int(st, "SELECT count(*) FROM response", NULL), 3);
	assert_int_equal(q_int(st, "SELECT count(*) FROM reject", NULL), 4);
	questionnaire_free(q);
	got_reset(&g);
	tstore_free(st, dir);
}

/* A long value in a column that is used rejects its row, naming the column. */
static void test_long_cell(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct import_result res;
	struct got g = { 0 };
	char dir[64];
	struct store *st = tstore_new(dir, sizeof(dir));
	struct strbuf sb = STRBUF_INIT;
	const char *path;
	size_t i;

	(void)state;
	strbuf_adds(&sb, "us_community,us_state,foreign_community,foreign_country,notes\n"
		    "Tacoma,WA,Fuzhou,China,");
	for (i = 0; i < IMPORT_MAX_CELL; i++)
		strbuf_addch(&sb, 'n');
	strbuf_adds(&sb, "\nSeattle,WA,Chongqing,China,\"");
	for (i = 0; i <= IMPORT_MAX_CELL; i++)
		strbuf_addch(&sb, i % 2 ? 'b' : 'a');
	strbuf_adds(&sb, "\"\n");
	/* The limit is in characters: 32,767 two-byte characters fit. */
	strbuf_adds(&sb, "Portland,OR,Sapporo,Japan,");
	for (i = 0; i < IMPORT_MAX_CELL; i++)
		strbuf_adds(&sb, "\xc3\xa9");
	strbuf_adds(&sb, "\n");
	path = write_file(dir, "long.csv", sb.buf, sb.len);
	assert_int_equal(import_p(st, path, "long.csv", &g, &res, &err), 0);
	/* exactly IMPORT_MAX_CELL characters is fine; one more is not */
	assert_counts(res, 3, 2, 1);
	assert_int_equal(g.np, 1);
	assert_int_equal(g.p[0].line, 3);
	assert_string_equal(g.p[0].column, "notes");
	assert_string_equal(g.p[0].reason, "value longer than 32767 characters");
	assert_int_equal(q_int(st, "SELECT max(length(CAST(notes AS BLOB))) FROM partnership", NULL),
			 2 * IMPORT_MAX_CELL);
	/* the value carried is a 200-byte prefix */
	assert_int_equal(strlen(g.p[0].value), 200);
	assert_int_equal(strncmp(g.p[0].value, "abab", 4), 0);
	assert_int_equal(q_int(st, "SELECT max(length(notes)) FROM partnership", NULL), IMPORT_MAX_CELL);
	strbuf_release(&sb);
	got_reset(&g);
	tstore_free(st, dir);
}

/* Progress every 10,000 rows, and a stored reject value cut on a character boundary. */
static void test_progress_and_truncation(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct import_result res;
	struct got g = { 0 };
	char dir[64];
	struct store *st = tstore_new(dir, sizeof(dir));
	struct strbuf sb = STRBUF_INIT;
	const char *path;
	size_t i;

	(void)state;
	strbuf_adds(&sb, "us_community,us_state,foreign_community,foreign_country\n");
	for (i = 0; i < 25000; i++)
		strbuf_addf(&sb, "Town %zu,WA,City %zu,Japan\n", i, i);
	/* 199 ASCII bytes then a 2-byte character: a 200-byte cut would split it */
	strbuf_adds(&sb, "Tacoma,WA,Fuzhou,");
	for (i = 0; i < 199; i++)
		strbuf_addch(&sb, 'x');
	strbuf_adds(&sb, "\xC3\xA9tail\n");
	path = write_file(dir, "many.csv", sb.buf, sb.len);
	assert_int_equal(import_p(st, path, "many.csv", &g, &res, &err), 0);
	assert_counts(res, 25001, 25000, 1);
	/* at 10,000 and 20,000 rows, and once at the end */
	assert_int_equal(g.nprogress, 3);
	assert_int_equal(g.last_rows, 25001);
	assert_int_equal(g.last_total, sb.len);
	assert_int_equal(g.last_done, sb.len);
	assert_int_equal(g.np, 1);
	assert_int_equal(g.p[0].line, 25002);
	assert_int_equal(strlen(g.p[0].value), 199);
	assert_int_equal(q_int(st, "SELECT length(CAST(value AS BLOB)) FROM reject", NULL), 199);
	strbuf_release(&sb);
	got_reset(&g);
	tstore_free(st, dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_partnerships),
		cmocka_unit_test(test_bom_crlf_quoted_newlines),
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_reimport),
		cmocka_unit_test(test_refused_headers),
		cmocka_unit_test(test_dry_run),
		cmocka_unit_test(test_responses_long),
		cmocka_unit_test(test_responses_community_keys),
		cmocka_unit_test(test_responses_wide),
		cmocka_unit_test(test_responses_numbers),
		cmocka_unit_test(test_long_cell),
		cmocka_unit_test(test_progress_and_truncation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
