/*
 * query.c - the report queries, by name, and the forward-only cursor that
 * hands their rows out as cells.
 *
 * The analysis chooses a statement by name and binds values; it never
 * writes SQL. Most statements share the scope rule as common table
 * expressions, parameterized the same way everywhere:
 *   ?1 CPI year, ?2 highest score in scope, ?3 the statuses counted as
 *   operating, joined by newlines (matched as whole items with instr(), so
 *   the list is a bound value, never spliced into the SQL text); an empty
 *   item in the list counts partnerships whose status is not recorded (NULL).
 * Statements that need more take ?4, ?5, ... after those three.
 */
#include "util/table.h"
#include "store/store.h"
#include "store/store_int.h"
#include "util/err.h"
#include "util/mem.h"

#include <stdlib.h>
#include <string.h>

/*
 * The community key of a partnership: its natural key
 * "state|key(us_community)|iso3|key(foreign)" up to the second '|', which is
 * what the importer stores as response.community_key ("state|key(us)").
 */
#define CKEY(p) \
	"substr(" p ".natural_key, 1, instr(" p ".natural_key, '|') + instr(substr(" p \
	".natural_key, instr(" p ".natural_key, '|') + 1), '|') - 1)"

/* Is partnership p's status (NULL: not recorded) one of the list ?3? */
#define OPERATING(p) \
	"instr(char(10) || ?3 || char(10), char(10) || coalesce(" p ".status, '') || char(10)) > 0"

/*
 * In-scope partnerships (sp), their communities (sc), the responses counted
 * (ur). S is "" (the tables as this connection sees them, filtered by
 * store_filter's TEMP VIEWs under --by) or "main." (the whole store, for
 * "all respondents" figures in a report of one state or community).
 */
#define SP_(S) \
	"sp AS (SELECT p.*, c.score AS cpi, " CKEY("p") " AS ckey" \
	" FROM " S "partnership p JOIN cpi c ON c.iso3 = p.foreign_country AND c.year = ?1" \
	" WHERE c.score <= ?2 AND " OPERATING("p") ")"
#define SP SP_("")
#define SC "sc AS (SELECT DISTINCT ckey FROM sp)"
/* A response counts only with an answer: one without any never counts as responded. */
#define ANSWERED_(S, r) "EXISTS (SELECT 1 FROM " S "answer ax WHERE ax.response_id = " r ".id)"
#define ANSWERED(r) ANSWERED_("", r)
/*
 * ?6 is [scope] respondents: 0 (in_scope) counts the responses of
 * communities with a partnership in scope, 1 (all) every response.
 */
#define UR_(S) \
	"ur AS (SELECT r.* FROM " S "response r WHERE (?6 = 1 OR r.community_key IN (SELECT ckey FROM sc))" \
	" AND " ANSWERED_(S, "r") ")"
#define UR UR_("")
#define WITH_SP "WITH " SP " "
#define WITH_UR "WITH " SP ", " SC ", " UR " "
#define WITH_UR_MAIN "WITH " SP_("main.") ", " SC ", " UR_("main.") " "

/* Decade established, NULL when not known (the importer may store 0 for unknown). */
#define DECADE(p) "CASE WHEN " p ".established_year > 0 THEN " p ".established_year / 10 * 10 END"

/* How outputs show batch b's file (path is its identity, name the form shown). */
#define BATCH_NAME(b) "CASE WHEN " b ".name <> '' THEN " b ".name ELSE " b ".path END"

/* The latest batch of each (kind, path): what the figures and rejects describe. */
#define LATEST_BATCH(b) \
	b ".seq = (SELECT MAX(b2.seq) FROM batch b2 WHERE b2.kind = " b ".kind AND b2.path = " b ".path)"

/*
 * Is answer a's question one of ?4 (question ids joined by newlines)? The
 * list is split into rows so that SQLite looks each question up by the
 * answer's key rather than testing the string against every answer
 * (member_answers at 1,000,000 answers: 3.3 s -> 0.9 s).
 */
#define ASKED(a) \
	a ".question_id IN (WITH RECURSIVE q4(id, rest) AS (SELECT NULL, ?4 || char(10)" \
	" UNION ALL SELECT substr(rest, 1, instr(rest, char(10)) - 1)," \
	" substr(rest, instr(rest, char(10)) + 1) FROM q4 WHERE rest <> '')" \
	" SELECT id FROM q4 WHERE id IS NOT NULL)"

/* The state of a community key "state|name". */
#define KEY_STATE(k) "substr(" k ", 1, instr(" k ", '|') - 1)"

/* Each counted community's answers to the questions ?4, grouped (index.c). */
#define INDEX_ANSWERS(S) \
	"SELECT ur.community_key, a.question_id, a.value, COUNT(*)" \
	" FROM ur JOIN " S "answer a ON a.response_id = ur.id" \
	" WHERE " ASKED("a") \
	" GROUP BY ur.community_key, a.question_id, a.value" \
	" ORDER BY ur.community_key, a.question_id, a.value"

/*
 * The communities counted: key, state, and name (as the partnership records
 * spell it when the community has a partnership in scope, else as its
 * responses do). One grouping of both lists rather than a join: SQLite
 * made no index for a LEFT JOIN on the grouped partnerships and scanned them
 * once per response (14.5 s at 1,000,000 answers; this takes 0.3 s).
 */
#define RESPONDING(S) \
	", nmx AS (SELECT community_key AS k, NULL AS spn, us_community AS urn, 1 AS isr FROM ur" \
	" UNION ALL SELECT ckey, us_community, NULL, 0 FROM sp)" \
	" SELECT k, " KEY_STATE("k") " AS st, COALESCE(MIN(spn), MIN(urn)) AS nm" \
	" FROM nmx GROUP BY k HAVING MAX(isr) = 1 ORDER BY st, nm, k"

struct named_query {
	const char *id;
	int nparams;       /* how many of the caller's params the statement uses */
	const char *sql;
};

/* Looked up by id in store_query(). */
static const struct named_query queries[] = {
	{ "answer_counts", 6,
	  WITH_UR
	  "SELECT a.question_id, a.value, COUNT(*) FROM answer a"
	  " WHERE a.response_id IN (SELECT id FROM ur)"
	  " GROUP BY a.question_id, a.value ORDER BY a.question_id, a.value" },
	/* ?4 number question ids joined by newlines: their numbers, in order (counts, sums, medians). */
	{ "answer_nums", 6,
	  WITH_UR
	  "SELECT a.question_id, a.num FROM ur JOIN answer a ON a.response_id = ur.id"
	  " WHERE a.num IS NOT NULL"
	  " AND " ASKED("a")
	  " ORDER BY a.question_id, a.num" },
	{ "batch_totals", 0,
	  "SELECT COALESCE(SUM(b.rows_read), 0), COALESCE(SUM(b.rows_loaded), 0),"
	  " COALESCE(SUM(b.rows_rejected), 0), COUNT(*)"
	  " FROM batch b WHERE " LATEST_BATCH("b") },
	/*
	 * Comparison with an earlier round (analysis/compare.c), run on both
	 * databases: each in-scope community's answers to choice questions, by
	 * question and value;
	 * the partnerships with countries at or below the cut-off, whatever
	 * their status, with whether each is in scope; the questionnaire in
	 * force with its scales' values.
	 */
	{ "compare_answers", 6,
	  WITH_UR
	  "SELECT ur.community_key, a.question_id, a.value, COUNT(*)"
	  " FROM ur JOIN answer a ON a.response_id = ur.id"
	  /* Choice questions only: their values are a scale's, so the groups stay few. */
	  " JOIN question q ON q.id = a.question_id COLLATE NOCASE AND q.type = 'choice'"
	  " GROUP BY ur.community_key, a.question_id, a.value"
	  " ORDER BY ur.community_key, a.question_id, a.value" },
	{ "compare_partnerships", 3,
	  "SELECT p.id, p.natural_key, p.us_community, p.us_state, p.foreign_community, co.name,"
	  " p.status, p.status_date, p.agreement_public,"
	  " CASE WHEN " OPERATING("p") " THEN 1 ELSE 0 END"
	  " FROM partnership p JOIN cpi c ON c.iso3 = p.foreign_country AND c.year = ?1"
	  " JOIN country co ON co.iso3 = p.foreign_country"
	  " WHERE c.score <= ?2 ORDER BY p.id" },
	/* A round's questionnaire: its questions naming their scales, and the scales once each. */
	{ "compare_questions", 0,
	  "SELECT id, type, scale FROM question ORDER BY position, id" },
	{ "compare_scales", 0,
	  "SELECT scale, value, valid, label FROM scale_value ORDER BY scale, position, value" },
	/*
	 * Communities in scope, communities counted, responses counted, every
	 * answered response, every answer; then the communities in scope that
	 * responded, and the responses and communities counted that have no
	 * partnership in scope (with [scope] respondents = all).
	 */
	{ "coverage", 6,
	  WITH_UR
	  "SELECT (SELECT COUNT(*) FROM sc), (SELECT COUNT(DISTINCT community_key) FROM ur),"
	  " (SELECT COUNT(*) FROM ur), (SELECT COUNT(*) FROM response r WHERE " ANSWERED("r") "),"
	  " (SELECT COUNT(*) FROM answer),"
	  " (SELECT COUNT(DISTINCT community_key) FROM ur WHERE community_key IN (SELECT ckey FROM sc)),"
	  " (SELECT COUNT(*) FROM ur WHERE community_key NOT IN (SELECT ckey FROM sc)),"
	  " (SELECT COUNT(DISTINCT community_key) FROM ur WHERE community_key NOT IN (SELECT ckey FROM sc))" },
	{ "coverage_by_state", 3,
	  WITH_SP ", " SC
	  " SELECT st, COUNT(*), SUM(responded) FROM"
	  " (SELECT DISTINCT sp.us_state AS st, sp.ckey,"
	  "   EXISTS (SELECT 1 FROM response r WHERE r.community_key = sp.ckey"
	  " AND " ANSWERED("r") ") AS responded FROM sp)"
	  " GROUP BY st ORDER BY st" },
	/* The detail streams name every column (AS): analysis/detail.c ties sheet columns to them by name. */
	{ "detail_partnerships", 3,
	  "SELECT p.id AS id, p.us_community AS us_community, p.us_state AS us_state,"
	  " p.us_community_type AS us_community_type, p.foreign_community AS foreign_community,"
	  " p.foreign_region AS foreign_region, p.foreign_country AS foreign_country,"
	  " co.name AS country_name, p.established AS established, p.status AS status,"
	  " p.status_date AS status_date, p.status_reason AS status_reason,"
	  " p.sci_recognized AS sci_recognized, p.agreement_type AS agreement_type,"
	  " p.agreement_public AS agreement_public, p.political_clause AS political_clause,"
	  " p.intermediary AS intermediary, p.activities AS activities, p.notes AS notes,"
	  " p.source AS source, c.score AS cpi,"
	  " CASE WHEN c.score IS NULL THEN 'Not scored'"
	  "  WHEN c.score <= ?2 AND " OPERATING("p")
	  "  THEN 'Yes' ELSE 'No' END AS in_scope,"
	  " p.batch_id AS batch, " BATCH_NAME("b") " AS source_file, p.line AS source_line"
	  " FROM partnership p JOIN country co ON co.iso3 = p.foreign_country"
	  " JOIN batch b ON b.id = p.batch_id"
	  " LEFT JOIN cpi c ON c.iso3 = p.foreign_country AND c.year = ?1"
	  " ORDER BY p.id" },
	{ "detail_rejects", 0,
	  "SELECT j.file AS file, j.line AS line, j.column AS column, j.value AS value,"
	  " j.reason AS reason"
	  " FROM reject j JOIN batch b ON b.id = j.batch_id WHERE " LATEST_BATCH("b")
	  " ORDER BY j.file, j.line, j.id" },
	{ "detail_responses", 0,
	  "SELECT r.id AS response_id, r.us_community AS us_community, r.us_state AS us_state,"
	  " r.partnership_id AS partnership_id, r.respondent AS respondent,"
	  " a.question_id AS question_id, a.value AS value,"
	  " a.num AS num, a.comment AS comment, " BATCH_NAME("b") " AS source_file,"
	  " a.line AS source_line"
	  /* CROSS JOIN keeps response the outer loop, read in index order
	   * (response_order), so only each response's answers are sorted. */
	  " FROM response r CROSS JOIN answer a ON a.response_id = r.id"
	  " JOIN batch b ON b.id = a.batch_id"
	  " LEFT JOIN question q ON q.id = a.question_id"
	  " ORDER BY r.us_state, r.community_key, r.id, q.position, a.question_id" },
	{ "detail_scope", 3,
	  WITH_SP
	  "SELECT sp.id AS id, sp.us_community AS us_community, sp.us_state AS us_state,"
	  " sp.foreign_community AS foreign_community, co.name AS country_name, sp.cpi AS cpi,"
	  " sp.established AS established, sp.status AS status,"
	  " sp.agreement_public AS agreement_public"
	  " FROM sp JOIN country co ON co.iso3 = sp.foreign_country"
	  " ORDER BY co.name, sp.us_state, sp.us_community, sp.foreign_community, sp.id" },
	/* The columns flag rules may test, named as util/vocab.c's flag fields (flags.c finds them by name). */
	{ "flag_candidates", 3,
	  WITH_SP
	  "SELECT sp.id, sp.us_community, sp.us_state, sp.foreign_community, co.name,"
	  " sp.status, sp.agreement_public, sp.political_clause, sp.sci_recognized,"
	  " sp.agreement_type, sp.us_community_type, sp.intermediary, sp.activities,"
	  " sp.status_reason, sp.foreign_country, sp.cpi, sp.notes, sp.foreign_region,"
	  " sp.established_year, sp.source,"
	  /* the ids of the state laws that cover it, ';'-joined ("" for none) */
	  " (SELECT coalesce(group_concat(id, ';'), '') FROM (SELECT l.id FROM state_law l"
	  "   JOIN state_law_country lc ON lc.law_id = l.id"
	  "   WHERE l.state = sp.us_state AND lc.iso3 = sp.foreign_country ORDER BY l.position))"
	  " AS law"
	  " FROM sp JOIN country co ON co.iso3 = sp.foreign_country"
	  " ORDER BY co.name, sp.us_state, sp.us_community, sp.foreign_community, sp.id" },
	/* ?4 safeguard question ids joined by newlines. */
	{ "index_answers", 6, WITH_UR INDEX_ANSWERS("") },
	/* The same over the whole store, whatever store_filter() restricts. */
	{ "index_answers_all", 6, WITH_UR_MAIN INDEX_ANSWERS("main.") },
	/*
	 * Every response counted, with its answers to the questions ?4 (newline-
	 * joined; a response with none of them still gives one row, with NULLs),
	 * by state and community: a row per member in the letter's attachment.
	 */
	{ "member_answers", 6,
	  WITH_UR
	  "SELECT ur.community_key, " KEY_STATE("ur.community_key") " AS st, ur.us_community, ur.id,"
	  " a.question_id, a.value"
	  " FROM ur LEFT JOIN answer a ON a.response_id = ur.id"
	  " AND " ASKED("a")
	  " ORDER BY st, ur.community_key, ur.id, a.question_id, a.value" },
	/* The state laws, in the reference file's order, with their countries' ISO3 codes. */
	{ "state_law_list", 0,
	  "SELECT l.id, l.state, s.name, l.citation, l.title, l.requirement, l.effective, l.deadline,"
	  " l.countries_as_of, l.countries_source, l.source_url,"
	  " (SELECT group_concat(iso3, ', ') FROM (SELECT iso3 FROM state_law_country"
	  "   WHERE law_id = l.id ORDER BY iso3))"
	  " FROM state_law l JOIN us_state s ON s.code = l.state ORDER BY l.position" },
	/*
	 * Partnerships a state law covers (the law's state and a country on its
	 * list), every one in the records: by law, status (NULL: not recorded)
	 * and in scope (1) or not (0, including not scored).
	 */
	{ "state_law_coverage", 3,
	  "SELECT l.id, p.status,"
	  " CASE WHEN c.score <= ?2 AND " OPERATING("p") " THEN 1 ELSE 0 END AS in_scope, COUNT(*)"
	  " FROM state_law l JOIN state_law_country lc ON lc.law_id = l.id"
	  " JOIN partnership p ON p.us_state = l.state AND p.foreign_country = lc.iso3"
	  " LEFT JOIN cpi c ON c.iso3 = p.foreign_country AND c.year = ?1"
	  " GROUP BY l.id, p.status, in_scope ORDER BY l.position, l.id, p.status, in_scope" },
	{ "not_scored", 1,
	  "SELECT p.id, p.us_community, p.us_state, p.foreign_community, co.name, p.foreign_country"
	  " FROM partnership p JOIN country co ON co.iso3 = p.foreign_country"
	  " WHERE NOT EXISTS (SELECT 1 FROM cpi c WHERE c.iso3 = p.foreign_country AND c.year = ?1)"
	  " ORDER BY co.name, p.us_state, p.us_community, p.foreign_community, p.id" },
	{ "partnership_counts", 2,
	  "SELECT (SELECT COUNT(*) FROM partnership),"
	  " (SELECT COUNT(*) FROM partnership p JOIN cpi c"
	  "   ON c.iso3 = p.foreign_country AND c.year = ?1),"
	  " (SELECT COUNT(*) FROM cpi WHERE year = ?1 AND score <= ?2),"
	  " (SELECT COUNT(*) FROM cpi WHERE year = ?1)" },
	{ "responding_communities", 6, WITH_UR RESPONDING("") },
	{ "responding_communities_all", 6, WITH_UR_MAIN RESPONDING("main.") },
	{ "scope_activities", 3,
	  WITH_SP
	  "SELECT a.activity, COUNT(*) FROM sp JOIN partnership_activity a ON a.partnership_id = sp.id"
	  " GROUP BY a.activity ORDER BY a.activity" },
	{ "scope_by_availability", 3,
	  WITH_SP "SELECT agreement_public, COUNT(*) FROM sp GROUP BY 1 ORDER BY 1" },
	{ "scope_by_country", 3,
	  WITH_SP
	  "SELECT co.name, sp.foreign_country, sp.cpi, COUNT(*), COUNT(DISTINCT sp.ckey)"
	  " FROM sp JOIN country co ON co.iso3 = sp.foreign_country"
	  " GROUP BY sp.foreign_country ORDER BY 4 DESC, 1, 2" },
	{ "scope_by_decade", 3,
	  WITH_SP
	  "SELECT " DECADE("sp") " AS d, COUNT(*) FROM sp GROUP BY d ORDER BY d IS NULL, d" },
	{ "scope_by_score", 3,
	  WITH_SP
	  "SELECT cpi, COUNT(*), COUNT(DISTINCT foreign_country) FROM sp GROUP BY cpi ORDER BY cpi" },
	{ "scope_by_state", 3,
	  WITH_SP
	  "SELECT sp.us_state, s.name, COUNT(*), COUNT(DISTINCT sp.ckey), COUNT(DISTINCT sp.foreign_country)"
	  " FROM sp JOIN us_state s ON s.code = sp.us_state"
	  " GROUP BY sp.us_state ORDER BY 3 DESC, 1" },
	/* Every status of the partnerships with countries at or below the cut-off. */
	{ "scope_by_status", 2,
	  "SELECT p.status, COUNT(*) FROM partnership p"
	  " JOIN cpi c ON c.iso3 = p.foreign_country AND c.year = ?1"
	  " WHERE c.score <= ?2 GROUP BY p.status ORDER BY p.status" },
	{ "scope_by_type", 3,
	  WITH_SP "SELECT us_community_type, COUNT(*) FROM sp GROUP BY 1 ORDER BY 1" },
	{ "scope_provisions", 3,
	  WITH_SP
	  /* Yes, no, and unknown or not recorded, for each provision in turn. */
	  "SELECT COALESCE(SUM(political_clause = 'yes'), 0), COALESCE(SUM(political_clause = 'no'), 0),"
	  " COALESCE(SUM(political_clause IS NULL OR political_clause = 'unknown'), 0),"
	  " COALESCE(SUM(sci_recognized = 'yes'), 0), COALESCE(SUM(sci_recognized = 'no'), 0),"
	  " COALESCE(SUM(sci_recognized IS NULL OR sci_recognized = 'unknown'), 0),"
	  " COALESCE(SUM(intermediary IS NOT NULL AND lower(intermediary) NOT IN ('none', 'no')), 0),"
	  " COALESCE(SUM(lower(intermediary) IN ('none', 'no')), 0),"
	  " COALESCE(SUM(intermediary IS NULL), 0),"
	  " COALESCE(SUM(activities IS NOT NULL), 0), COALESCE(SUM(activities IS NULL), 0) FROM sp" },
	{ "scope_totals", 3,
	  WITH_SP
	  "SELECT COUNT(*), COUNT(DISTINCT ckey), COUNT(DISTINCT foreign_country),"
	  " COUNT(DISTINCT us_state) FROM sp" },
	/* One row per in-scope partnership with every crosstab variable, by community. */
	{ "scope_units", 3,
	  WITH_SP
	  "SELECT sp.id, sp.ckey, sp.us_state, sp.foreign_country, co.name, sp.status,"
	  " sp.us_community_type, sp.cpi, " DECADE("sp") ", sp.agreement_public"
	  " FROM sp JOIN country co ON co.iso3 = sp.foreign_country"
	  " ORDER BY sp.ckey, sp.id" },
	{ "status_changes", 2,
	  "SELECT CASE WHEN p.status_year > 0 THEN p.status_year END AS y,"
	  " SUM(p.status = 'suspended'), SUM(p.status = 'terminated')"
	  " FROM partnership p JOIN cpi c ON c.iso3 = p.foreign_country AND c.year = ?1"
	  " WHERE c.score <= ?2 AND p.status IN ('suspended', 'terminated')"
	  " GROUP BY y ORDER BY y IS NULL, y" },
	/* ?4 question id: each responding in-scope community's distinct answers to it. */
	{ "xtab_question", 6,
	  WITH_UR
	  "SELECT DISTINCT ur.community_key, a.value FROM ur JOIN answer a ON a.response_id = ur.id"
	  " WHERE a.question_id = ?4 ORDER BY 1, 2" },
};

struct store_cursor {
	struct db_stmt *stmt;
	struct cell *row;
	size_t ncols;
	int done;
};

static int bind_param(struct db_stmt *stmt, int i, const struct cell *c, struct scta_err *err)
{
	switch (c->kind) {
	case CELL_TEXT:
		return db_bind_text(stmt, i, c->s, err);
	case CELL_INT:
		return db_bind_int(stmt, i, c->i, err);
	case CELL_REAL:
	case CELL_PCT:
		return db_bind_real(stmt, i, c->d, err);
	default:
		return db_bind_null(stmt, i, err);
	}
}

int store_query(struct store *st, const char *sql_id, const struct cell *params, size_t nparams,
		struct store_cursor **out, struct scta_err *err)
{
	const struct named_query *nq = NULL;
	struct store_cursor *c = NULL;
	size_t k;
	int rc = 0, i;

	*out = NULL;
	/* A few dozen names, looked up a few dozen times a report: a plain scan. */
	for (k = 0; k < sizeof(queries) / sizeof(queries[0]) && !nq; k++)
		if (!strcmp(queries[k].id, sql_id))
			nq = &queries[k];
	if (!nq)
		return scta_err_set(err, SCTA_ERR_RUNTIME, "database: no report query named '%s'", sql_id);
	if ((size_t)nq->nparams > nparams)
		return scta_err_set(err, SCTA_ERR_RUNTIME,
				    "database: query '%s' needs %d parameters, got %zu", sql_id,
				    nq->nparams, nparams);
	c = xcalloc(1, sizeof(*c));
	rc = db_prepare(st->db, nq->sql, &c->stmt, err);
	for (i = 0; !rc && i < nq->nparams; i++)
		rc = bind_param(c->stmt, i + 1, &params[i], err);
	if (rc)
		goto out;
	c->ncols = (size_t)db_col_count(c->stmt);
	c->row = xcalloc(c->ncols ? c->ncols : 1, sizeof(*c->row));
	*out = c;
	c = NULL;
out:
	store_cursor_close(c);
	return rc;
}

int store_cursor_next(struct store_cursor *c, const struct cell **row, struct scta_err *err)
{
	int has = 0, rc;
	size_t i;

	*row = NULL;
	if (c->done)
		return 0;
	rc = db_step(c->stmt, &has, err);
	if (rc || !has) {
		c->done = 1;
		return rc;
	}
	for (i = 0; i < c->ncols; i++) {
		struct cell *cl = &c->row[i];
		int col = (int)i;

		memset(cl, 0, sizeof(*cl));
		switch (db_col_type(c->stmt, col)) {
		case DB_INT:
			cl->kind = CELL_INT;
			cl->i = db_col_int(c->stmt, col);
			break;
		case DB_REAL:
			cl->kind = CELL_REAL;
			cl->d = db_col_real(c->stmt, col);
			break;
		case DB_TEXT:
		case DB_BLOB:
			/* Borrowed from SQLite until the next step: the cursor never frees it. */
			cl->kind = CELL_TEXT;
			cl->s = (char *)db_col_text(c->stmt, col);
			break;
		default:
			break;
		}
	}
	*row = c->row;
	return 0;
}

size_t store_cursor_ncols(const struct store_cursor *c)
{
	return c->ncols;
}

const char *store_cursor_colname(const struct store_cursor *c, size_t i)
{
	return i < c->ncols ? db_col_name(c->stmt, (int)i) : "";
}

void store_cursor_close(struct store_cursor *c)
{
	if (!c)
		return;
	db_finalize(c->stmt);
	free(c->row);
	free(c);
}
