/*
 * filter.c - restrict every report query to one U.S. state or community.
 *
 * SQLite resolves an unqualified table name in the temp schema before main,
 * so TEMP VIEWs named partnership, partnership_activity, response and answer
 * shadow the tables for this connection only: every query in query.c, and
 * every detail stream, then sees the subset without a line of it changing.
 * Batches and rejects are not filtered: they describe the inputs.
 */
#include "store/store.h"
#include "store/store_int.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/strbuf.h"

#include <stdlib.h>
#include <string.h>

static const char drop_sql[] =
	"DROP VIEW IF EXISTS temp.answer;"
	"DROP VIEW IF EXISTS temp.response;"
	"DROP VIEW IF EXISTS temp.partnership_activity;"
	"DROP VIEW IF EXISTS temp.partnership;";

/* Append s as an SQL string literal (views cannot hold bound parameters). */
static void add_literal(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			strbuf_addch(sb, '\'');
		strbuf_addch(sb, *s);
	}
	strbuf_addch(sb, '\'');
}

int store_filter(struct store *st, const char *state, const char *community_key,
		 struct scta_err *err)
{
	struct strbuf sql = STRBUF_INIT;
	int rc;

	free(st->filter_state);
	free(st->filter_community);
	st->filter_state = NULL;
	st->filter_community = NULL;
	if ((rc = db_exec(st->db, drop_sql, err)) || (!state && !community_key))
		return rc;
	st->filter_state = state ? xstrdup(state) : NULL;
	st->filter_community = community_key ? xstrdup(community_key) : NULL;
	strbuf_adds(&sql, "CREATE TEMP VIEW partnership AS SELECT * FROM main.partnership WHERE ");
	if (community_key) {
		/* The community key is the natural key up to its second '|'. */
		strbuf_adds(&sql, "substr(natural_key, 1, length(");
		add_literal(&sql, community_key);
		strbuf_adds(&sql, ") + 1) = ");
		add_literal(&sql, community_key);
		strbuf_adds(&sql, " || '|'");
	} else {
		strbuf_adds(&sql, "us_state = ");
		add_literal(&sql, state);
	}
	strbuf_adds(&sql, ";\nCREATE TEMP VIEW partnership_activity AS SELECT * FROM main.partnership_activity"
		    " WHERE partnership_id IN (SELECT id FROM temp.partnership);\n"
		    "CREATE TEMP VIEW response AS SELECT * FROM main.response WHERE ");
	if (community_key) {
		strbuf_adds(&sql, "community_key = ");
		add_literal(&sql, community_key);
	} else {
		strbuf_adds(&sql, "us_state = ");
		add_literal(&sql, state);
	}
	strbuf_adds(&sql, ";\nCREATE TEMP VIEW answer AS SELECT * FROM main.answer"
		    " WHERE response_id IN (SELECT id FROM temp.response);");
	rc = db_exec(st->db, sql.buf, err);
	strbuf_release(&sql);
	return rc;
}

int store_filter_like(struct store *to, const struct store *from, struct scta_err *err)
{
	if (to == from)
		return 0;
	return store_filter(to, from->filter_state, from->filter_community, err);}

int store_filtered(const struct store *st)
{
	return st && (st->filter_state || st->filter_community);
}
