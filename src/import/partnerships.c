/*
 * partnerships.c - the rules of a partnerships row (docs/DESIGN.md section 2).
 */
#include "import/import_int.h"
#include "store/store.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/vocab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum pcol {
	P_ID, P_US, P_STATE, P_TYPE, P_FOREIGN, P_REGION, P_COUNTRY, P_ESTABLISHED, P_STATUS,
	P_STATUS_DATE, P_STATUS_REASON, P_SCI, P_AGREEMENT_TYPE, P_AGREEMENT_PUBLIC,
	P_POLITICAL, P_INTERMEDIARY, P_ACTIVITIES, P_NOTES, P_SOURCE, P_NCOLS
};

static const struct import_col columns[P_NCOLS] = {
	[P_ID] = { "partnership_id", 0, -1, NULL },
	[P_US] = { "us_community", 1, -1, NULL },
	[P_STATE] = { "us_state", 1, -1, NULL },
	[P_TYPE] = { "us_community_type", 0, -1, NULL },
	[P_FOREIGN] = { "foreign_community", 1, -1, NULL },
	[P_REGION] = { "foreign_region", 0, -1, NULL },
	[P_COUNTRY] = { "foreign_country", 1, -1, NULL },
	[P_ESTABLISHED] = { "established", 0, -1, NULL },
	[P_STATUS] = { "status", 0, -1, NULL },
	[P_STATUS_DATE] = { "status_date", 0, -1, NULL },
	[P_STATUS_REASON] = { "status_reason", 0, -1, NULL },
	[P_SCI] = { "sci_recognized", 0, -1, NULL },
	[P_AGREEMENT_TYPE] = { "agreement_type", 0, -1, NULL },
	[P_AGREEMENT_PUBLIC] = { "agreement_public", 0, -1, NULL },
	[P_POLITICAL] = { "political_clause", 0, -1, NULL },
	[P_INTERMEDIARY] = { "intermediary", 0, -1, NULL },
	[P_ACTIVITIES] = { "activities", 0, -1, NULL },
	[P_NOTES] = { "notes", 0, -1, NULL },
	[P_SOURCE] = { "source", 0, -1, NULL },
};


/* ISO codes of the United States and its territories: never a foreign country. */
static const char *const us_iso3[] = { "USA", "PRI", "GUM", "VIR", "ASM", "MNP", "UMI" };

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

struct pstate {
	struct import_col cols[P_NCOLS];
	struct strbuf us_key, foreign_key, id, nkey, acts;
};

int import_partnerships_begin(struct import_ctx *c, struct scta_err *err)
{
	struct pstate *ps = xcalloc(1, sizeof(*ps));
	unsigned char *used = xcalloc(c->nnames ? c->nnames : 1, 1);
	int rc;

	memcpy(ps->cols, columns, sizeof(columns));
	strbuf_init(&ps->us_key);
	strbuf_init(&ps->foreign_key);
	strbuf_init(&ps->id);
	strbuf_init(&ps->nkey);
	strbuf_init(&ps->acts);
	c->kind = ps;
	rc = import_map_header(c, ps->cols, P_NCOLS, used, err);
	if (!rc)
		import_warn_unknown(c, used);
	free(used);
	return rc;
}

void import_partnerships_end(struct import_ctx *c)
{
	struct pstate *ps = c->kind;

	if (!ps)
		return;
	strbuf_release(&ps->us_key);
	strbuf_release(&ps->foreign_key);
	strbuf_release(&ps->id);
	strbuf_release(&ps->nkey);
	strbuf_release(&ps->acts);
	free(ps);
	c->kind = NULL;
}

/* The field of column k, NULL when unusable (already a problem), "" when absent. */
static const char *get(struct import_ctx *c, enum pcol k)
{
	return import_field(c, ((struct pstate *)c->kind)->cols[k].idx);
}

static const char *col(struct import_ctx *c, enum pcol k)
{
	return import_colname(c, ((struct pstate *)c->kind)->cols[k].idx);
}

/* A text field: NULL when empty. */
static const char *opt_text(struct import_ctx *c, enum pcol k)
{
	const char *v = get(c, k);

	return v && *v ? v : NULL;
}

/* A required name; *ok only when present and with letters or digits to match on. */
static const char *required_name(struct import_ctx *c, enum pcol k, struct strbuf *key, int *ok)
{
	const char *v = get(c, k);

	*ok = 0;
	if (!v)
		return NULL;
	if (!*v) {
		import_problem(c, col(c, k), v, "value is required");
		return NULL;
	}
	text_key(v, key);
	if (!key->len) {
		import_problem(c, col(c, k), v, "not a name (no letters or digits)");
		return NULL;
	}
	*ok = 1;
	return v;
}

/*
 * A vocabulary field; returns the canonical word, NULL when empty (not
 * recorded) or invalid (a problem is recorded).
 */
static const char *vocab_field(struct import_ctx *c, enum pcol k, const struct vocab *vc)
{
	const char *v = get(c, k);
	struct strbuf list = STRBUF_INIT;
	char norm[64];
	size_t i;
	int idx;

	if (!v || !*v)
		return NULL;
	/* "on request" and "on-request" mean on_request. */
	snprintf(norm, sizeof(norm), "%s", v);
	for (i = 0; norm[i]; i++)
		if (norm[i] == ' ' || norm[i] == '-')
			norm[i] = '_';
	idx = strlen(v) < sizeof(norm) ? vocab_index(vc, norm) : -1;
	if (idx >= 0)
		return vc->values[idx];
	vocab_list(vc, "or", &list);
	import_problem(c, col(c, k), v, "not one of %s", list.buf);
	strbuf_release(&list);
	return NULL;
}

/* A date field: *ok is 0 when invalid; buf gets the ISO form, year its year. */
static const char *date_field(struct import_ctx *c, enum pcol k, char buf[16], int *year, int *ok)
{
	const char *v = get(c, k);
	struct date d;

	*year = 0;
	*ok = v != NULL;
	if (!v || !*v)
		return NULL;
	if (text_date(v, &d)) {
		import_problem(c, col(c, k), v,
			       "not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)");
		*ok = 0;
		return NULL;
	}
	text_date_fmt(&d, buf);
	*year = d.y;
	return buf;
}

/* yes, no or unknown as written; NULL when blank (not recorded) or invalid. */
static const char *yesno_field(struct import_ctx *c, enum pcol k)
{
	const char *v = get(c, k), *yn;

	if (!v || !*v)
		return NULL;
	yn = import_yesno(v);
	if (!yn)
		import_problem(c, col(c, k), v, "not yes, no or unknown");
	return yn;
}

/* Normalize a ';' list of activities into ps->acts ("a;b", sorted, no repeats). */
static const char *activities_field(struct import_ctx *c, struct pstate *ps)
{
	const char *v = get(c, P_ACTIVITIES), *p;
	unsigned mask = 0;
	char buf[72];
	size_t i;

	if (!v || !*v)
		return NULL;
	for (p = v; *p; ) {
		size_t n = strcspn(p, ";");
		char *one = text_trim(xstrndup(p, n));
		int idx;

		if (*one) {
			idx = vocab_index(&vocab_activity, one);
			if (idx < 0)
				import_problem(c, col(c, P_ACTIVITIES), v, "unknown activity '%s'",
					       import_short(one, buf));
			else
				mask |= 1u << idx;
		}
		free(one);
		p += n;
		if (*p == ';')
			p++;
	}
	strbuf_reset(&ps->acts);
	/* In the contract's order, whatever the file's. */
	for (i = 0; i < vocab_activity.n; i++) {
		if (!(mask & (1u << i)))
			continue;
		if (ps->acts.len)
			strbuf_addch(&ps->acts, ';');
		strbuf_adds(&ps->acts, vocab_activity.values[i]);
	}
	return ps->acts.len ? ps->acts.buf : NULL;
}

/* Key words joined by '-': "fort worth" -> "fort-worth". */
static void add_slug(struct strbuf *sb, const char *key)
{
	for (; *key; key++)
		strbuf_addch(sb, *key == ' ' ? '-' : *key);
}

int import_partnerships_row(struct import_ctx *c, struct scta_err *err)
{
	struct pstate *ps = c->kind;
	struct partnership_rec rec;
	char code[3] = "", iso3[4] = "", est[16], sdate[16], buf[72];
	char *other = NULL;
	const char *v, *given_id;
	int ok_us, ok_foreign, ok_state = 0, ok_country = 0, ok, found = 0, rc = 0;
	int64_t batch = 0, line = 0;
	size_t i;

	memset(&rec, 0, sizeof(rec));
	rec.us_community = required_name(c, P_US, &ps->us_key, &ok_us);
	rec.foreign_community = required_name(c, P_FOREIGN, &ps->foreign_key, &ok_foreign);

	v = get(c, P_STATE);
	if (v && !*v) {
		import_problem(c, col(c, P_STATE), v, "value is required");
	} else if (v) {
		rc = import_find_state(c, v, code, &ok_state, err);
		if (rc)
			return rc;
		if (!ok_state)
			import_problem(c, col(c, P_STATE), v, "unknown U.S. state or territory '%s'",
				       import_short(v, buf));
	}

	v = get(c, P_COUNTRY);
	if (v && !*v) {
		import_problem(c, col(c, P_COUNTRY), v, "value is required");
	} else if (v) {
		text_key(v, &c->scratch);
		rc = store_find_country(c->st, c->scratch.buf, iso3, &ok_country, err);
		if (rc)
			return rc;
		if (!ok_country) {
			import_problem(c, col(c, P_COUNTRY), v, "unknown country '%s'",
				       import_short(v, buf));
		} else {
			for (i = 0; i < COUNT(us_iso3); i++)
				if (!strcmp(iso3, us_iso3[i]))
					break;
			if (i < COUNT(us_iso3)) {
				import_problem(c, col(c, P_COUNTRY), v,
					       "'%s' is part of the United States, not a foreign country",
					       import_short(v, buf));
				ok_country = 0;
			}
		}
	}

	rec.us_community_type = vocab_field(c, P_TYPE, &vocab_community_type);
	rec.foreign_region = opt_text(c, P_REGION);
	rec.established = date_field(c, P_ESTABLISHED, est, &rec.established_year, &ok);
	rec.status = vocab_field(c, P_STATUS, &vocab_status);
	rec.status_date = date_field(c, P_STATUS_DATE, sdate, &rec.status_year, &ok);
	rec.status_reason = opt_text(c, P_STATUS_REASON);
	rec.sci_recognized = yesno_field(c, P_SCI);
	rec.agreement_type = vocab_field(c, P_AGREEMENT_TYPE, &vocab_agreement_type);
	rec.agreement_public = vocab_field(c, P_AGREEMENT_PUBLIC, &vocab_agreement_public);
	rec.political_clause = yesno_field(c, P_POLITICAL);
	rec.intermediary = opt_text(c, P_INTERMEDIARY);
	rec.activities = activities_field(c, ps);
	rec.notes = opt_text(c, P_NOTES);
	rec.source = opt_text(c, P_SOURCE);
	given_id = opt_text(c, P_ID);

	if (!ok_us || !ok_foreign || !ok_state || !ok_country)
		return 0;

	strbuf_reset(&ps->nkey);
	strbuf_addf(&ps->nkey, "%s|%s|%s|%s", code, ps->us_key.buf, iso3, ps->foreign_key.buf);
	strbuf_reset(&ps->id);
	if (given_id) {
		strbuf_adds(&ps->id, given_id);
	} else {
		/* Readable and stable: WA-tacoma-CHN-fuzhou. */
		strbuf_addf(&ps->id, "%s-", code);
		add_slug(&ps->id, ps->us_key.buf);
		strbuf_addf(&ps->id, "-%s-", iso3);
		add_slug(&ps->id, ps->foreign_key.buf);
	}
	rc = store_partnership_find(c->st, ps->id.buf, ps->nkey.buf, &found, &other, &batch, &line,
				    err);
	if (rc)
		goto out;
	if (found == 2 && batch != c->batch) {
		/*
		 * The key belongs to another id. When that record came from an
		 * earlier import of this same file, the file now gives the
		 * partnership a new id: the new record takes its place (the old
		 * one would be retired at the end of this import anyway).
		 */
		int same = 0;

		rc = store_batch_same_file(c->st, batch, c->batch, &same, err);
		if (!rc && same)
			rc = store_partnership_retire(c->st, other, c->batch, err);
		if (rc)
			goto out;
		if (same)
			found = 0;
	}
	if (found && batch == c->batch)
		import_problem(c, given_id ? col(c, P_ID) : "", ps->id.buf, "duplicate of line %lld",
			       (long long)line);
	else if (found == 2)
		import_problem(c, given_id ? col(c, P_ID) : "", ps->id.buf,
			       "same partnership as existing record '%s'", other);
	if (c->nprobs)
		goto out;

	rec.id = ps->id.buf;
	rec.natural_key = ps->nkey.buf;
	rec.us_state = code;
	rec.foreign_country = iso3;
	rec.batch_id = c->batch;
	rec.line = c->rec->line;
	rc = store_partnership_put(c->st, &rec, err);
out:
	free(other);
	return rc;
}
