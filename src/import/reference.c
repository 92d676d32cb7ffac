/*
 * reference.c - load the reference data compiled into the program
 * (the CSV files of data/reference, see refdata.h) into a new store.
 *
 * Matching keys: every country is found by its ISO3 code, its ISO2 code,
 * its name and the aliases of country_aliases.csv; every state by its USPS
 * code, its name and state_aliases.csv. Keys are text_key()s; when two
 * entries share a key the first loaded keeps it, so codes and names win
 * over aliases.
 *
 * The state laws (state_laws.csv, one row per law, its countries a
 * ';'-list of codes or names resolved like the inputs') are loaded last,
 * and again by every report (import_state_laws), so that a law table
 * edited and rebuilt into the program reaches databases made before.
 */
#include "import/import_int.h"
#include "import/refdata.h"
#include "store/store.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/vocab.h"

#include <string.h>

#define REF_MAX_COLS 11

/* What a row handler gets besides the row's fields. */
struct ref_ctx {
	struct store *st;
	struct strbuf key;
	int64_t line;        /* the row's line in its file, for messages */
	int nrows;           /* rows handled so far in this file */
};

/* One reference file: its name, the columns wanted, and what to do per row. */
struct ref_file {
	const char *name;
	const char *cols[REF_MAX_COLS];
	int (*row)(struct ref_ctx *x, const char **f, struct scta_err *err);
};

static int alias(struct store *st, int country, const char *text, const char *target,
		 struct strbuf *key, struct scta_err *err)
{
	if (!text || !*text)
		return 0;
	text_key(text, key);
	if (!key->len)
		return 0;
	return country ? store_ref_country_alias(st, key->buf, target, err)
		: store_ref_state_alias(st, key->buf, target, err);
}

static int country_row(struct ref_ctx *x, const char **f, struct scta_err *err)
{
	struct store *st = x->st;
	struct strbuf *key = &x->key;
	int rc = store_ref_country(st, f[0], f[1], f[2], f[3], err);

	if (!rc)
		rc = alias(st, 1, f[0], f[0], key, err);
	if (!rc)
		rc = alias(st, 1, f[1], f[0], key, err);
	if (!rc)
		rc = alias(st, 1, f[2], f[0], key, err);
	return rc;
}

static int country_alias_row(struct ref_ctx *x, const char **f, struct scta_err *err)
{
	return alias(x->st, 1, f[0], f[1], &x->key, err);
}

static int cpi_row(struct ref_ctx *x, const char **f, struct scta_err *err)
{
	struct store *st = x->st;
	struct strbuf *key = &x->key;
	int64_t year, score, rank = 0;

	(void)key;
	if (text_int(f[1], 1990, 2999, &year) || text_int(f[2], 0, 100, &score) ||
	    (*f[3] && text_int(f[3], 1, 1000, &rank)))
		return scta_err_set(err, SCTA_ERR_RUNTIME, "reference cpi.csv: bad row for %s", f[0]);
	return store_ref_cpi(st, f[0], (int)year, (int)score, (int)rank, err);
}

static int state_row(struct ref_ctx *x, const char **f, struct scta_err *err)
{
	struct store *st = x->st;
	struct strbuf *key = &x->key;
	int rc = store_ref_state(st, f[0], f[1], f[2], f[3], err);

	if (!rc)
		rc = alias(st, 0, f[0], f[0], key, err);
	if (!rc)
		rc = alias(st, 0, f[1], f[0], key, err);
	return rc;
}

static int state_alias_row(struct ref_ctx *x, const char **f, struct scta_err *err)
{
	return alias(x->st, 0, f[0], f[1], &x->key, err);
}

/* A full date YYYY-MM-DD, or blank when blank_ok. */
static int law_date(const char *s, int blank_ok)
{
	struct date d;

	if (!*s)
		return blank_ok ? 0 : -1;
	return text_date(s, &d) || !d.d ? -1 : 0;
}

static int law_bad(struct ref_ctx *x, const char *col, const char *why, const char *v,
		   struct scta_err *err)
{
	return scta_err_set(err, SCTA_ERR_RUNTIME, "reference state_laws.csv:%lld: column %s: %s "
			    "(got '%s')", (long long)x->line, col, why, v);
}

/* Law ids are used in flag rules (law = TX-795): letters, digits, '-', '_', '.'. */
static int law_id_ok(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' || *s == '.'))
			return 0;
	return 1;
}

/* law_id,state,citation,title,requirement,effective,deadline,countries,countries_as_of,
 * countries_source,source_url */
static int law_row(struct ref_ctx *x, const char **f, struct scta_err *err)
{
	struct store_law l;
	struct strbuf item = STRBUF_INIT;
	char code[4], state[3];
	const char *p;
	int found = 0, n = 0, rc = 0;

	memset(&l, 0, sizeof(l));
	if (!law_id_ok(f[0]) || !strcmp(f[0], "any") || !strcmp(f[0], "none"))
		return law_bad(x, "law_id", "expected letters, digits, '-', '_' or '.' (not any "
			       "or none)", f[0], err);
	text_key(f[1], &x->key);
	if ((rc = store_find_state(x->st, x->key.buf, state, &found, err)))
		return rc;
	if (!found)
		return law_bad(x, "state", "not a U.S. state, DC or territory", f[1], err);
	if (!*f[2] || !*f[3])
		return law_bad(x, *f[2] ? "title" : "citation", "must not be blank", "", err);
	if (vocab_index(&vocab_law_requirement, f[4]) < 0)
		return law_bad(x, "requirement", "expected no_new, terminate or review", f[4], err);
	if (law_date(f[5], 1))
		return law_bad(x, "effective", "expected YYYY-MM-DD or blank", f[5], err);
	if (law_date(f[6], 1))
		return law_bad(x, "deadline", "expected YYYY-MM-DD or blank (no deadline)", f[6], err);
	if (law_date(f[8], 0))
		return law_bad(x, "countries_as_of", "expected YYYY-MM-DD", f[8], err);
	l.id = f[0];
	l.state = state;
	l.citation = f[2];
	l.title = f[3];
	l.requirement = vocab_law_requirement.values[vocab_index(&vocab_law_requirement, f[4])];
	l.effective = f[5];
	l.deadline = f[6];
	l.countries_as_of = f[8];
	l.countries_source = f[9];
	l.source_url = f[10];
	l.position = ++x->nrows;
	rc = store_law_put(x->st, &l, err);
	for (p = f[7]; !rc && *p;) {
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		strbuf_reset(&item);
		strbuf_add(&item, p, len);
		p += len + (end ? 1 : 0);
		text_key(item.buf, &x->key);
		if (!x->key.len)
			continue;
		rc = store_find_country(x->st, x->key.buf, code, &found, err);
		if (!rc && !found)
			rc = law_bad(x, "countries", "not a country of countries.csv", item.buf, err);
		if (!rc)
			rc = store_law_country_put(x->st, l.id, code, err);
		n++;
	}
	if (!rc && !n)
		rc = law_bad(x, "countries", "no country given", f[7], err);
	strbuf_release(&item);
	return rc;
}

/* In load order: countries before what refers to them, names before aliases. */
static const struct ref_file ref_files[] = {
	{ "countries.csv", { "iso3", "iso2", "name", "region", NULL }, country_row },
	{ "country_aliases.csv", { "alias", "iso3", NULL }, country_alias_row },
	{ "cpi.csv", { "iso3", "year", "score", "rank", NULL }, cpi_row },
	{ "states.csv", { "code", "name", "kind", "fips", NULL }, state_row },
	{ "state_aliases.csv", { "alias", "code", NULL }, state_alias_row },
};

static const struct ref_file law_file = {
	"state_laws.csv",
	{ "law_id", "state", "citation", "title", "requirement", "effective", "deadline",
	  "countries", "countries_as_of", "countries_source", "source_url" },
	law_row
};

static const struct embedded_file *find_data(const char *name)
{
	const struct embedded_file *d;

	for (d = refdata_files; d->name; d++)
		if (!strcmp(d->name, name))
			return d;
	return NULL;
}

static int load_file(struct ref_ctx *x, const struct ref_file *rf, struct scta_err *err)
{
	const struct embedded_file *data = find_data(rf->name);
	struct import_reader *r = NULL;
	const struct import_record *rec;
	const char *f[REF_MAX_COLS];
	int idx[REF_MAX_COLS];
	size_t ncols = 0, i, j;
	int rc;

	if (!data)
		return scta_err_set(err, SCTA_ERR_RUNTIME, "reference data %s is not built in",
				    rf->name);
	import_reader_mem(rf->name, data->data, data->len, &r);
	rc = import_reader_next(r, &rec, err);
	if (!rc && !rec)
		rc = scta_err_set(err, SCTA_ERR_RUNTIME, "reference %s: empty", rf->name);
	for (j = 0; !rc && j < REF_MAX_COLS && rf->cols[j]; j++, ncols++) {
		idx[j] = -1;
		for (i = 0; i < rec->nkept; i++)
			if (text_ieq(rec->f[i], rf->cols[j]))
				idx[j] = (int)i;
		if (idx[j] < 0)
			rc = scta_err_set(err, SCTA_ERR_RUNTIME, "reference %s: no column '%s'",
					  rf->name, rf->cols[j]);
	}
	while (!rc) {
		rc = import_reader_next(r, &rec, err);
		if (rc || !rec)
			break;
		if (rec->malformed || rec->nkept != rec->n) {
			rc = scta_err_set(err, SCTA_ERR_RUNTIME, "reference %s:%lld: malformed row",
					  rf->name, (long long)rec->line);
			break;
		}
		for (j = 0; j < ncols; j++)
			f[j] = (size_t)idx[j] < rec->nkept ? rec->f[idx[j]] : "";
		x->line = rec->line;
		rc = rf->row(x, f, err);
	}
	import_reader_free(r);
	return rc;
}

int import_state_laws(struct store *st, struct scta_err *err)
{
	struct ref_ctx x = { st, STRBUF_INIT, 0, 0 };
	int rc = store_laws_clear(st, err);

	if (!rc)
		rc = load_file(&x, &law_file, err);
	strbuf_release(&x.key);
	return rc;
}

int import_reference(struct store *st, struct scta_err *err)
{
	struct ref_ctx x = { st, STRBUF_INIT, 0, 0 };
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < sizeof(ref_files) / sizeof(ref_files[0]); i++)
		rc = load_file(&x, &ref_files[i], err);
	strbuf_release(&x.key);
	return rc ? rc : import_state_laws(st, err);
}
