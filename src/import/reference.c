/*
 * reference.c - load the reference data compiled into the program
 * (the CSV files of data/reference, see refdata.h) into a new store.
 *
 * Matching keys: every country is found by its ISO3 code, its ISO2 code,
 * its name and the aliases of country_aliases.csv; every state by its USPS
 * code, its name and state_aliases.csv. Keys are text_key()s; when two
 * entries share a key the first loaded keeps it, so codes and names win
 * over aliases.
 */
#include "import/import_int.h"
#include "import/refdata.h"
#include "store/store.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/text.h"

#include <string.h>

#define REF_MAX_COLS 5

/* One reference file: its name, the columns wanted, and what to do per row. */
struct ref_file {
	const char *name;
	const char *cols[REF_MAX_COLS];
	int (*row)(struct store *st, const char **f, struct strbuf *key, struct scta_err *err);
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

static int country_row(struct store *st, const char **f, struct strbuf *key, struct scta_err *err)
{
	int rc = store_ref_country(st, f[0], f[1], f[2], f[3], err);

	if (!rc)
		rc = alias(st, 1, f[0], f[0], key, err);
	if (!rc)
		rc = alias(st, 1, f[1], f[0], key, err);
	if (!rc)
		rc = alias(st, 1, f[2], f[0], key, err);
	return rc;
}

static int country_alias_row(struct store *st, const char **f, struct strbuf *key,
			     struct scta_err *err)
{
	return alias(st, 1, f[0], f[1], key, err);
}

static int cpi_row(struct store *st, const char **f, struct strbuf *key, struct scta_err *err)
{
	int64_t year, score, rank = 0;

	(void)key;
	if (text_int(f[1], 1990, 2999, &year) || text_int(f[2], 0, 100, &score) ||
	    (*f[3] && text_int(f[3], 1, 1000, &rank)))
		return scta_err_set(err, SCTA_ERR_RUNTIME, "reference cpi.csv: bad row for %s", f[0]);
	return store_ref_cpi(st, f[0], (int)year, (int)score, (int)rank, err);
}

static int state_row(struct store *st, const char **f, struct strbuf *key, struct scta_err *err)
{
	int rc = store_ref_state(st, f[0], f[1], f[2], f[3], err);

	if (!rc)
		rc = alias(st, 0, f[0], f[0], key, err);
	if (!rc)
		rc = alias(st, 0, f[1], f[0], key, err);
	return rc;
}

static int state_alias_row(struct store *st, const char **f, struct strbuf *key,
			   struct scta_err *err)
{
	return alias(st, 0, f[0], f[1], key, err);
}

/* In load order: countries before what refers to them, names before aliases. */
static const struct ref_file ref_files[] = {
	{ "countries.csv", { "iso3", "iso2", "name", "region", NULL }, country_row },
	{ "country_aliases.csv", { "alias", "iso3", NULL }, country_alias_row },
	{ "cpi.csv", { "iso3", "year", "score", "rank", NULL }, cpi_row },
	{ "states.csv", { "code", "name", "kind", "fips", NULL }, state_row },
	{ "state_aliases.csv", { "alias", "code", NULL }, state_alias_row },
};

static const struct embedded_file *find_data(const char *name)
{
	const struct embedded_file *d;

	for (d = refdata_files; d->name; d++)
		if (!strcmp(d->name, name))
			return d;
	return NULL;
}

static int load_file(struct store *st, const struct ref_file *rf, struct strbuf *key,
		     struct scta_err *err)
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
		rc = rf->row(st, f, key, err);
	}
	import_reader_free(r);
	return rc;
}

int import_reference(struct store *st, struct scta_err *err)
{
	struct strbuf key = STRBUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < sizeof(ref_files) / sizeof(ref_files[0]); i++)
		rc = load_file(st, &ref_files[i], &key, err);
	strbuf_release(&key);
	return rc;
}
