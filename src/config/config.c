/*
 * config.c - scta.ini into struct scta_config: every key of a fixed section
 * checked, paths resolved against the config's directory, problems named
 * by file, [section] and key.
 */
#include "config/config.h"
#include "config/ini.h"
#include "util/datadir.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/mem.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/vocab.h"

#include <stdlib.h>
#include <string.h>

/* The keys each fixed section accepts; a key not listed is a typo. */
static const char *const report_keys[] = {
	"organization", "title", "short_title", "topic", "number", "addressee", "date",
	"author", "data_note", "min_base", "language", "audience", "marking", "signatory", NULL
};
static const char *const scope_keys[] = { "cpi_year", "cpi_max", "statuses", "unrecorded_status",
					  "cpi_bands", "respondents", NULL };
static const char *const input_keys[] = {
	"partnerships", "responses", "questionnaire", "encoding", NULL
};
static const char *const output_keys[] = { "dir", "name", "formats", "db", NULL };
static const char *const templates_keys[] = { "dir", NULL };
static const char *const index_keys[] = { "cuts", "labels", NULL };
static const char *const pdf_keys[] = {
	"font_regular", "font_bold", "font_italic", "font_bold_italic", "font_cjk", "table_rows", NULL
};
static const char *const crosstab_keys[] = { "title", "rows", "cols", NULL };
static const char *const flag_keys[] = { "label", "where", NULL };
const char *const config_letter_keys[4] = { "transparency", "expression", "oversight", "visa" };
static const char *const letter_keys[] = { "transparency", "expression", "oversight", "visa", NULL };
/* The topic each letter question is answered from when [letter] does not say. */
static const char *const letter_default_topics[4] = { "transparency", "expression", "espionage", "visa" };

/* Copy an optional string setting (NULL when absent or blank). */
static char *get_str(const struct ini *ini, const char *sec, const char *key, const char *def)
{
	const char *v = ini_get(ini, sec, key);

	if (text_blank(v))
		return def ? xstrdup(def) : NULL;
	return text_trim(xstrdup(v));
}

static char *get_path(const struct ini *ini, const char *dir, const char *sec, const char *key,
		      const char *def)
{
	char *v = get_str(ini, sec, key, def), *p;

	if (!v)
		return NULL;
	p = fs_resolve(dir, v);
	free(v);
	return p;
}

static int get_int(const struct ini *ini, const char *file, const char *sec, const char *key,
		   int def, int min, int max, int *out, struct scta_err *err)
{
	const char *v = ini_get(ini, sec, key);
	char *t;
	int64_t x;
	int rc = 0;

	if (text_blank(v)) {
		*out = def;
		return 0;
	}
	t = text_trim(xstrdup(v));
	if (text_int(t, min, max, &x)) {
		char what[80];

		snprintf(what, sizeof(what), "not a whole number from %d to %d", min, max);
		rc = ini_bad(err, file, sec, key, what, t);
	} else {
		*out = (int)x;
	}
	free(t);
	return rc;
}

static int need(const char *file, const char *sec, const char *key, const char *v,
		struct scta_err *err)
{
	return v ? 0 : ini_bad(err, file, sec, key, "required setting is missing", NULL);
}

/* A BCP 47 tag as documents carry it: letters, then -subtags of letters or
 * digits ("en", "en-US", "zh-Hant-TW", "es-419"). */
static int language_tag(const char *s)
{
	size_t n = 0, i;

	for (i = 0; s[i] && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')); i++)
		n++;
	if (n < 2 || n > 8)
		return 0;
	while (s[i] == '-') {
		size_t start = ++i;

		while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		       (s[i] >= '0' && s[i] <= '9'))
			i++;
		if (i == start || i - start > 8)
			return 0;
	}
	return s[i] == 0;
}

/*
 * audience = public | restricted in section sec; left out, *out is kept
 * (AUDIENCE_ALL in [report]: everything, as a report without editions).
 */
static int parse_audience(const struct ini *ini, const char *f, const char *sec,
			  enum report_audience *out, struct scta_err *err)
{
	char *v = get_str(ini, sec, "audience", NULL);
	int rc = 0;

	if (!v)
		return 0;
	if (text_ieq_trimmed(v, "public"))
		*out = AUDIENCE_PUBLIC;
	else if (text_ieq_trimmed(v, "restricted"))
		*out = AUDIENCE_RESTRICTED;
	else
		rc = ini_bad(err, f, sec, "audience", "expected public or restricted", v);
	free(v);
	return rc;
}

/*
 * The marking of a restricted edition is printed on every page and sheet,
 * in a print header (255 characters at most, with the rest) and on one
 * line: one line of at most 100 characters. It marks restricted editions
 * only: on any other it would claim a restriction the document does not
 * have, or be silently left out. restricted: the section's edition is
 * restricted (for [report] with editions: one of them is, and takes it as
 * its default).
 */
static int check_marking(const char *f, const char *sec, const char *marking, int restricted,
			 struct scta_err *err)
{
	if (!marking)
		return 0;
	if (!restricted)
		return ini_bad(err, f, sec, "marking",
			       "a marking is printed on restricted editions only: add "
			       "audience = restricted", marking);
	/* Control characters are refused for every value (config/ini.c). */
	if (!*marking || strlen(marking) > 100)
		return ini_bad(err, f, sec, "marking", "expected one line of 1 to 100 characters",
			       marking);
	return 0;
}

static int parse_report(struct scta_config *c, const struct ini *ini, struct scta_err *err)
{
	const char *f = c->path;
	const char **keys = NULL;
	size_t nkeys, i;
	struct date d;
	struct strbuf key = STRBUF_INIT;
	int rc;

	c->report.organization = get_str(ini, "report", "organization", NULL);
	c->report.title = get_str(ini, "report", "title", NULL);
	c->report.number = get_str(ini, "report", "number", NULL);
	c->report.date = get_str(ini, "report", "date", NULL);
	if ((rc = need(f, "report", "organization", c->report.organization, err)) ||
	    (rc = need(f, "report", "title", c->report.title, err)) ||
	    (rc = need(f, "report", "number", c->report.number, err)) ||
	    (rc = need(f, "report", "date", c->report.date, err)))
		return rc;
	/* The reports must never pass for GAO products. */
	text_key(c->report.organization, &key);
	if (!strcmp(key.buf, "gao") || strstr(key.buf, "government accountability office") ||
	    !strcmp(key.buf, "us gao")) {
		strbuf_release(&key);
		return ini_bad(err, f, "report", "organization",
			   "must name the issuing organization; scta reports are not GAO products",
			   c->report.organization);
	}
	strbuf_release(&key);
	if (text_date(c->report.date, &d) || !d.m)
		return ini_bad(err, f, "report", "date", "expected YYYY-MM or YYYY-MM-DD", c->report.date);
	c->report.short_title = get_str(ini, "report", "short_title", c->report.title);
	c->report.topic = get_str(ini, "report", "topic", "Sister City Partnerships");
	c->report.addressee = get_str(ini, "report", "addressee", "Report to Congressional Committees");
	c->report.author = get_str(ini, "report", "author", c->report.organization);
	c->report.data_note = get_str(ini, "report", "data_note", NULL);
	if ((rc = get_int(ini, f, "report", "min_base", 0, 0, 1000000, &c->report.min_base, err)))
		return rc;
	c->report.marking = get_str(ini, "report", "marking", NULL);
	c->report.signatory = get_str(ini, "report", "signatory", NULL);
	if ((rc = parse_audience(ini, f, "report", &c->report.audience, err)))
		return rc;
	{
		int restricted = c->report.audience == AUDIENCE_RESTRICTED;

		for (i = 0; i < c->neditions && c->report.audience != AUDIENCE_PUBLIC; i++)
			restricted |= c->editions[i].audience == AUDIENCE_RESTRICTED;
		if ((rc = check_marking(f, "report", c->report.marking, restricted, err)))
			return rc;
	}
	c->report.language = get_str(ini, "report", "language", "en-US");
	if (!language_tag(c->report.language))
		return ini_bad(err, f, "report", "language",
			       "expected a language tag such as en-US or es (BCP 47)",
			       c->report.language);

	/* recommendation_1, recommendation_2, ... in numeric order. */
	nkeys = ini_keys(ini, "report", &keys);
	for (i = 1; i <= nkeys; i++) {
		char k[40];
		char *v;

		snprintf(k, sizeof(k), "recommendation_%zu", i);
		v = get_str(ini, "report", k, NULL);
		if (!v)
			continue;
		c->report.recommendations = xrealloc(c->report.recommendations,
			(c->report.nrecommendations + 1) * sizeof(char *));
		c->report.recommendations[c->report.nrecommendations++] = v;
	}
	/* addressee_1, addressee_2, ...: the letter's addressees, in numeric order. */
	for (i = 1; i <= nkeys; i++) {
		char k[40];
		char *v;

		snprintf(k, sizeof(k), "addressee_%zu", i);
		v = get_str(ini, "report", k, NULL);
		if (!v)
			continue;
		c->report.addressees = xrealloc(c->report.addressees,
			(c->report.naddressees + 1) * sizeof(char *));
		c->report.addressees[c->report.naddressees++] = v;
	}
	for (i = 0; i < nkeys && !rc; i++) {
		int64_t n;

		if (!strncmp(keys[i], "addressee_", 10) &&
		    text_int(keys[i] + 10, 1, (int64_t)nkeys, &n))
			rc = ini_bad(err, f, "report", keys[i],
				     "addressees are named addressee_1, addressee_2, ...", NULL);
	}
	for (i = 0; i < nkeys && !rc; i++) {
		int64_t n;

		if (strncmp(keys[i], "recommendation", 14))
			continue;
		if (strncmp(keys[i], "recommendation_", 15) ||
		    text_int(keys[i] + 15, 1, (int64_t)nkeys, &n)) {
			rc = ini_bad(err, f, "report", keys[i],
				 "recommendations are named recommendation_1, recommendation_2, ...", NULL);
			break;
		}
	}
	free(keys);
	return rc;
}

static int parse_bands(struct scta_config *c, const char *spec, struct scta_err *err)
{
	char **items = NULL;
	size_t n = ini_split(spec, ',', &items), i;
	int rc = 0;

	c->scope.bands = xcalloc(n ? n : 1, sizeof(*c->scope.bands));
	for (i = 0; i < n && !rc; i++) {
		char *dash = strchr(items[i], '-');
		int64_t lo, hi;

		if (dash)
			*dash = '\0';
		if (!dash || text_int(text_trim(items[i]), 0, 100, &lo) ||
		    text_int(text_trim(dash + 1), 0, 100, &hi) || lo > hi) {
			if (dash)
				*dash = '-';
			rc = ini_bad(err, c->path, "scope", "cpi_bands",
				 "expected ranges such as 0-29, 30-39, 40-45", items[i]);
			break;
		}
		c->scope.bands[i].lo = (int)lo;
		c->scope.bands[i].hi = (int)hi;
		c->scope.bands[i].label = xasprintf("%d\xe2\x80\x93%d", (int)lo, (int)hi);
		c->scope.nbands++;
	}
	ini_free_list(items, n);
	return rc;
}

static int parse_scope(struct scta_config *c, const struct ini *ini, struct scta_err *err)
{
	const char *f = c->path;
	char *v;
	size_t i;
	int rc;

	if ((rc = get_int(ini, f, "scope", "cpi_year", 2019, 1995, 2100, &c->scope.cpi_year, err)) ||
	    (rc = get_int(ini, f, "scope", "cpi_max", 45, 0, 100, &c->scope.cpi_max, err)))
		return rc;
	v = get_str(ini, "scope", "statuses", "active, inactive, suspended");
	c->scope.nstatuses = ini_split(v, ',', &c->scope.statuses);
	free(v);
	if (!c->scope.nstatuses)
		return ini_bad(err, f, "scope", "statuses", "name at least one status", NULL);
	for (i = 0; i < c->scope.nstatuses; i++) {
		char *s = c->scope.statuses[i];
		char *p;

		for (p = s; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		if (vocab_index(&vocab_status, s) < 0) {
			struct strbuf what = STRBUF_INIT;

			strbuf_adds(&what, "unknown status (");
			vocab_list(&vocab_status, NULL, &what);
			strbuf_addch(&what, ')');
			rc = ini_bad(err, f, "scope", "statuses", what.buf, s);
			strbuf_release(&what);
			return rc;
		}
	}
	v = get_str(ini, "scope", "unrecorded_status", "operating");
	if (text_ieq(v, "operating")) {
		c->scope.unrecorded_operating = 1;
	} else if (text_ieq(v, "excluded")) {
		c->scope.unrecorded_operating = 0;
	} else {
		rc = ini_bad(err, f, "scope", "unrecorded_status", "expected operating or excluded", v);
		free(v);
		return rc;
	}
	free(v);
	v = get_str(ini, "scope", "respondents", "in_scope");
	if (text_ieq(v, "in_scope")) {
		c->scope.respondents_all = 0;
	} else if (text_ieq(v, "all")) {
		c->scope.respondents_all = 1;
	} else {
		rc = ini_bad(err, f, "scope", "respondents", "expected in_scope or all", v);
		free(v);
		return rc;
	}
	free(v);
	v = get_str(ini, "scope", "cpi_bands", NULL);
	if (!v) {
		char def[64];

		/* Default bands split the in-scope range into a low, middle and top part. */
		if (c->scope.cpi_max >= 40)
			snprintf(def, sizeof(def), "0-29, 30-39, 40-%d", c->scope.cpi_max);
		else
			snprintf(def, sizeof(def), "0-%d", c->scope.cpi_max);
		v = xstrdup(def);
	}
	rc = parse_bands(c, v, err);
	free(v);
	return rc;
}

int config_parse_formats(const char *s, unsigned *out, const char **bad_word)
{
	static _Thread_local char word[32];
	char **items = NULL;
	size_t n = ini_split(s, ',', &items), i;
	unsigned f = 0;
	int rc = 0;

	for (i = 0; i < n; i++) {
		const struct vocab_format *vf = vocab_format(items[i]);

		if (!vf) {
			snprintf(word, sizeof(word), "%s", items[i]);
			if (bad_word)
				*bad_word = word;
			rc = -1;
			break;
		}
		f |= vf->bit;
	}
	ini_free_list(items, n);
	if (!rc && !f) {
		if (bad_word)
			*bad_word = "";
		rc = -1;
	}
	if (!rc)
		*out = f;
	return rc;
}

static int parse_io(struct scta_config *c, const struct ini *ini, struct scta_err *err)
{
	const char *f = c->path, *badw = NULL;
	char *v;
	int rc = 0;

	c->input.partnerships = get_path(ini, c->dir, "input", "partnerships", NULL);
	c->input.responses = get_path(ini, c->dir, "input", "responses", NULL);
	/* Settings left out come from the program's own data, never from beside the config. */
	c->input.questionnaire = get_path(ini, c->dir, "input", "questionnaire", NULL);
	if (!c->input.questionnaire)
		c->input.questionnaire = datadir_path(DATA_QUESTIONNAIRE, NULL);
	c->input.encoding = get_str(ini, "input", "encoding", "utf-8");
	if (!vocab_encoding(c->input.encoding))
		return ini_bad(err, f, "input", "encoding", "expected " VOCAB_ENCODINGS,
			   c->input.encoding);

	c->output.dir = get_path(ini, c->dir, "output", "dir", "output");
	c->output.name = get_str(ini, "output", "name", "report");
	if (strchr(c->output.name, '/'))
		return ini_bad(err, f, "output", "name", "a file stem, without '/'", c->output.name);
	/* "." or ".." would make hidden files ("..xlsx"); the stem's length leaves room for --by. */
	if (!*c->output.name || !strcmp(c->output.name, ".") || !strcmp(c->output.name, ".."))
		return ini_bad(err, f, "output", "name", "a file stem, not empty, '.' or '..'",
			       c->output.name);
	if (strlen(c->output.name) > 64)
		return ini_bad(err, f, "output", "name", "a file stem of at most 64 bytes",
			       c->output.name);
	v = get_str(ini, "output", "formats", "xlsx, pdf");
	if (config_parse_formats(v, &c->output.formats, &badw)) {
		struct strbuf what = STRBUF_INIT;

		strbuf_adds(&what, "expected a list of ");
		vocab_format_list(&what);
		rc = ini_bad(err, f, "output", "formats", what.buf, badw);
		strbuf_release(&what);
	}
	free(v);
	if (rc)
		return rc;
	c->output.db = get_path(ini, c->dir, "output", "db", NULL);
	if (!c->output.db)
		c->output.db = xasprintf("%s/scta.db", c->output.dir);
	c->templates_dir = get_path(ini, c->dir, "templates", "dir", NULL);
	if (!c->templates_dir)
		c->templates_dir = datadir_path(DATA_TEMPLATES, NULL);
	c->pdf.font_regular = get_path(ini, c->dir, "pdf", "font_regular", NULL);
	c->pdf.font_bold = get_path(ini, c->dir, "pdf", "font_bold", NULL);
	c->pdf.font_italic = get_path(ini, c->dir, "pdf", "font_italic", NULL);
	c->pdf.font_bold_italic = get_path(ini, c->dir, "pdf", "font_bold_italic", NULL);
	c->pdf.font_cjk = get_path(ini, c->dir, "pdf", "font_cjk", NULL);
	if ((rc = get_int(ini, f, "pdf", "table_rows", 2000, 0, 1000000, &c->pdf.table_rows, err)))
		return rc;
	if (!c->pdf.font_cjk) {
		int found;

		c->pdf.font_cjk = datadir_path(DATA_FONT_CJK, &found);
		if (!found) {
			free(c->pdf.font_cjk);
			c->pdf.font_cjk = NULL;
		}
	}
	return 0;
}

static int parse_index(struct scta_config *c, const struct ini *ini, struct scta_err *err)
{
	char *v = get_str(ini, "index", "cuts", "0.75, 0.5");
	char **items = NULL;
	size_t n = ini_split(v, ',', &items), i;
	int rc = 0;

	free(v);
	c->index.cuts = xcalloc(n ? n : 1, sizeof(double));
	for (i = 0; i < n && !rc; i++) {
		double x;

		if (text_real(items[i], &x) || x <= 0 || x > 1 || (i && x >= c->index.cuts[i - 1]))
			rc = ini_bad(err, c->path, "index", "cuts",
				 "expected descending fractions such as 0.75, 0.5", items[i]);
		else
			c->index.cuts[c->index.ncuts++] = x;
	}
	ini_free_list(items, n);
	if (rc)
		return rc;
	v = get_str(ini, "index", "labels", NULL);
	if (!v) {
		static const char *const def[] = { "Strong", "Partial", "Limited", "Minimal", "None" };

		c->index.labels = xcalloc(c->index.ncuts + 1, sizeof(char *));
		for (i = 0; i <= c->index.ncuts; i++) {
			if (i < 5)
				c->index.labels[i] = xstrdup(def[i]);
			else
				c->index.labels[i] = xasprintf("Tier %zu", i + 1);
		}
		return 0;
	}
	n = ini_split(v, ',', &c->index.labels);
	free(v);
	if (n != c->index.ncuts + 1) {
		char what[96];

		ini_free_list(c->index.labels, n);
		c->index.labels = NULL;
		snprintf(what, sizeof(what), "expected %zu labels (one more than the cut-offs)",
			 c->index.ncuts + 1);
		return ini_bad(err, c->path, "index", "labels", what, NULL);
	}
	return 0;
}

static int parse_xvar(const struct scta_config *c, const char *sec, const char *key,
		      const char *v, struct xvar *x, struct scta_err *err)
{
	static const struct { const char *name; enum xvar_kind kind; } vars[] = {
		{ "state", XVAR_STATE }, { "country", XVAR_COUNTRY }, { "status", XVAR_STATUS },
		{ "community_type", XVAR_COMMUNITY_TYPE }, { "cpi_band", XVAR_CPI_BAND },
		{ "decade", XVAR_DECADE }, { "agreement_public", XVAR_AGREEMENT_PUBLIC },
	};
	size_t i;

	if (text_blank(v))
		return ini_bad(err, c->path, sec, key, "required setting is missing", NULL);
	x->spec = text_trim(xstrdup(v));
	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		if (text_ieq(x->spec, vars[i].name)) {
			x->kind = vars[i].kind;
			return 0;
		}
	}
	/* Anything else names a question, as "question:ID" or just "ID". */
	x->kind = XVAR_QUESTION;
	v = x->spec;
	if (!strncmp(v, "question:", 9))
		v += 9;
	x->question = text_trim(xstrdup(v));
	if (!*x->question)
		return ini_bad(err, c->path, sec, key, "expected a variable or a question id", x->spec);
	{
		char *p;

		for (p = x->question; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 'a' + 'A');
	}
	return 0;
}

/* Parse one condition: FIELD = V | FIELD != V | FIELD in (A, B) | FIELD has A, B | FIELD ~ TEXT */
static int parse_cond(const struct scta_config *c, const char *sec, char *s, struct cond *cd,
		      struct scta_err *err)
{
	char *p = s, *field, *rest;
	size_t flen;

	while (*p && ((*p >= 'a' && *p <= 'z') || *p == '_' || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9')))
		p++;
	flen = (size_t)(p - s);
	field = xstrndup(s, flen);
	{
		char *q;

		for (q = field; *q; q++)
			if (*q >= 'A' && *q <= 'Z')
				*q = (char)(*q - 'A' + 'a');
	}
	/* The fields the flag engine can test (util/vocab.c), nothing more or less. */
	if (!flen || !vocab_flag_field(field)) {
		int rc = ini_bad(err, c->path, sec, "where", "unknown field in condition", s);

		free(field);
		return rc;
	}
	cd->field = field;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!strncmp(p, "!=", 2)) {
		cd->op = COND_NE;
		rest = p + 2;
	} else if (*p == '=') {
		cd->op = COND_EQ;
		rest = p + 1;
	} else if (*p == '~') {
		cd->op = COND_CONTAINS;
		rest = p + 1;
	} else if (!strncmp(p, "in", 2) && (p[2] == ' ' || p[2] == '(')) {
		cd->op = COND_IN;
		rest = p + 2;
	} else if (!strncmp(p, "has", 3) && p[3] == ' ') {
		cd->op = COND_HAS;
		rest = p + 3;
	} else {
		return ini_bad(err, c->path, sec, "where",
			   "expected =, !=, in (...), has or ~ after the field", s);
	}
	rest = text_trim(rest);
	if (cd->op == COND_IN) {
		size_t len = strlen(rest);

		if (len < 2 || rest[0] != '(' || rest[len - 1] != ')')
			return ini_bad(err, c->path, sec, "where", "expected in (a, b, ...)", s);
		rest[len - 1] = '\0';
		rest++;
	}
	if (cd->op == COND_EQ || cd->op == COND_NE || cd->op == COND_CONTAINS) {
		cd->values = xcalloc(1, sizeof(char *));
		cd->values[0] = xstrdup(rest);
		cd->nvalues = 1;
	} else {
		cd->nvalues = ini_split(rest, ',', &cd->values);
	}
	{
		size_t i;

		/* A quoted value ("" for empty) loses its quotes. */
		for (i = 0; i < cd->nvalues; i++) {
			char *v = cd->values[i];
			size_t len = strlen(v);

			if (len >= 2 && (v[0] == '"' || v[0] == '\'') && v[len - 1] == v[0]) {
				memmove(v, v + 1, len - 2);
				v[len - 2] = '\0';
			}
		}
	}
	if ((cd->op != COND_EQ && cd->op != COND_NE && !cd->nvalues) ||
	    (cd->op == COND_CONTAINS && !*cd->values[0]))
		return ini_bad(err, c->path, sec, "where", "a condition needs a value", s);
	if (cd->op == COND_HAS && strcmp(cd->field, "activities"))
		return ini_bad(err, c->path, sec, "where", "'has' applies to activities only", s);
	return 0;
}

static int parse_flag(struct scta_config *c, const struct ini *ini, const char *sec,
		      struct scta_err *err)
{
	struct flag_rule *fr;
	char *where;
	char **parts = NULL;
	size_t n, i;
	int rc = 0;

	c->flags = xrealloc(c->flags, (c->nflags + 1) * sizeof(*c->flags));
	fr = &c->flags[c->nflags++];
	memset(fr, 0, sizeof(*fr));
	fr->id = xstrdup(sec + 5);
	fr->label = get_str(ini, sec, "label", fr->id);
	where = get_str(ini, sec, "where", NULL);
	if (!where)
		return ini_bad(err, c->path, sec, "where", "required setting is missing", NULL);
	/* Conditions are joined by " and " (';' would start an INI comment). */
	{
		struct strbuf sb = STRBUF_INIT;
		const char *p = where, *q;

		while ((q = strstr(p, " and ")) != NULL) {
			strbuf_add(&sb, p, (size_t)(q - p));
			strbuf_addch(&sb, '\x1f');
			p = q + 5;
		}
		strbuf_adds(&sb, p);
		n = ini_split(sb.buf, '\x1f', &parts);
		strbuf_release(&sb);
	}
	free(where);
	fr->conds = xcalloc(n ? n : 1, sizeof(*fr->conds));
	for (i = 0; i < n && !rc; i++) {
		rc = parse_cond(c, sec, parts[i], &fr->conds[i], err);
		fr->nconds = i + 1;
	}
	ini_free_list(parts, n);
	if (!rc && !n)
		rc = ini_bad(err, c->path, sec, "where", "required setting is missing", NULL);
	return rc;
}

/* The columns of the data contract (DESIGN.md section 2) a [columns:KIND] section may map. */
static const char *const partnership_columns[] = {
	"partnership_id", "us_community", "us_state", "us_community_type", "foreign_community",
	"foreign_region", "foreign_country", "established", "status", "status_date",
	"status_reason", "sci_recognized", "agreement_type", "agreement_public",
	"political_clause", "intermediary", "activities", "notes", "source", NULL
};
static const char *const response_columns[] = {
	"response_id", "us_community", "us_state", "partnership_id", "respondent", "submitted",
	"question_id", "answer", "comment", NULL
};

/* [columns:partnerships] or [columns:responses]: scta column = the file's header. */
static int parse_columns(struct scta_config *c, const struct ini *ini, const char *sec,
			 struct scta_err *err)
{
	int k = !strcmp(sec + 8, "responses");
	const char *const *names = k ? response_columns : partnership_columns;
	const char **keys = NULL;
	size_t n, i, j;
	int rc = 0;

	if (!k && strcmp(sec + 8, "partnerships"))
		return scta_err_set(err, SCTA_ERR_CONFIG,
				    "%s: [%s]: unknown section (expected columns:partnerships or "
				    "columns:responses)", c->path, sec);
	if ((rc = ini_check_keys(ini, c->path, sec, names, NULL, err)))
		return rc;
	n = ini_keys(ini, sec, &keys);
	c->colmap[k] = xcalloc(n ? n : 1, sizeof(*c->colmap[k]));
	for (i = 0; i < n && !rc; i++) {
		struct column_map *m = &c->colmap[k][c->ncolmap[k]];

		m->header = get_str(ini, sec, keys[i], NULL);
		if (!m->header) {
			rc = ini_bad(err, c->path, sec, keys[i], "expected the file's header for this column",
				     NULL);
			break;
		}
		m->column = xstrdup(keys[i]);
		c->ncolmap[k]++;
		for (j = 0; j + 1 < c->ncolmap[k]; j++)
			if (text_ieq(c->colmap[k][j].header, m->header))
				rc = ini_bad(err, c->path, sec, keys[i], "header already mapped to another column",
					     m->header);
	}
	free(keys);
	return rc;
}

static const char *const edition_keys[] = {
	"template", "by", "audience", "marking", "number", "title", "short_title", "addressee",
	"signatory", "formats", NULL
};

/*
 * template = NAME: the set NAME/ under [templates] dir when it has one, else
 * the program's own set NAME/; "study" is [templates] dir itself.
 */
static char *template_set(const struct scta_config *c, const char *name)
{
	char *dir, *own, *tpl;

	if (!name || !strcmp(name, "study"))
		return xstrdup(c->templates_dir);
	dir = fs_resolve(c->templates_dir, name);
	tpl = fs_resolve(dir, "report.md");
	if (fs_is_file(tpl)) {
		free(tpl);
		return dir;
	}
	free(tpl);
	free(dir);
	own = datadir_path(DATA_TEMPLATES, NULL);
	dir = fs_resolve(own, name);
	free(own);
	return dir;
}

static int parse_edition(struct scta_config *c, const struct ini *ini, const char *sec,
			 struct scta_err *err)
{
	const char *name = sec + 8, *p;
	const char *f = c->path, *badw = NULL;
	struct edition *e;
	char *v, *tpl;
	int rc = 0;

	for (p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			break;
	if (*p || p - name > 32)
		return scta_err_set(err, SCTA_ERR_CONFIG, "%s: [%s]: an edition's name is part of "
				    "file names: at most 32 letters, digits, '-' or '_'", f, sec);
	for (size_t i = 0; i < c->neditions; i++)
		if (text_ieq(c->editions[i].name, name))
			return scta_err_set(err, SCTA_ERR_CONFIG, "%s: [%s]: a second edition named %s",
					    f, sec, c->editions[i].name);
	c->editions = xrealloc(c->editions, (c->neditions + 1) * sizeof(*c->editions));
	e = &c->editions[c->neditions++];
	memset(e, 0, sizeof(*e));
	e->name = xstrdup(name);
	e->audience = AUDIENCE_PUBLIC;
	if ((rc = parse_audience(ini, f, sec, &e->audience, err)))
		return rc;
	v = get_str(ini, sec, "by", NULL);
	if (v && text_ieq_trimmed(v, "state"))
		e->by = EDITION_BY_STATE;
	else if (v && text_ieq_trimmed(v, "community"))
		e->by = EDITION_BY_COMMUNITY;
	else if (v && !text_ieq_trimmed(v, "none"))
		rc = ini_bad(err, f, sec, "by", "expected none, state or community", v);
	free(v);
	if (rc)
		return rc;
	v = get_str(ini, sec, "formats", NULL);
	if (v && config_parse_formats(v, &e->formats, &badw)) {
		struct strbuf what = STRBUF_INIT;

		strbuf_adds(&what, "expected a list of ");
		vocab_format_list(&what);
		rc = ini_bad(err, f, sec, "formats", what.buf, badw);
		strbuf_release(&what);
	}
	free(v);
	if (rc)
		return rc;
	e->template = get_str(ini, sec, "template", NULL);
	e->marking = get_str(ini, sec, "marking", NULL);
	if ((rc = check_marking(f, sec, e->marking, e->audience == AUDIENCE_RESTRICTED, err)))
		return rc;
	e->number = get_str(ini, sec, "number", NULL);
	e->title = get_str(ini, sec, "title", NULL);
	e->short_title = get_str(ini, sec, "short_title", NULL);
	e->addressee = get_str(ini, sec, "addressee", NULL);
	e->signatory = get_str(ini, sec, "signatory", NULL);
	if (e->number) {
		/* Only the placeholders a number may carry; a typo is an error, not text. */
		for (p = e->number; (p = strchr(p, '{')) != NULL; p++) {
			static const char *const ok[] = { "{number}", "{state}", "{community}",
							   "{edition}" };
			size_t k;

			for (k = 0; k < 4; k++)
				if (!strncmp(p, ok[k], strlen(ok[k])))
					break;
			if (k == 4)
				return ini_bad(err, f, sec, "number", "placeholders are {number}, {state}, "
					       "{community} and {edition}", e->number);
		}
		if (strstr(e->number, "{state}") && e->by == EDITION_BY_NONE)
			return ini_bad(err, f, sec, "number", "{state} needs by = state or community",
				       e->number);
		if (strstr(e->number, "{community}") && e->by != EDITION_BY_COMMUNITY)
			return ini_bad(err, f, sec, "number", "{community} needs by = community",
				       e->number);
	}
	/* The set's directory is resolved once [templates] dir is known (resolve_editions). */
	tpl = e->template;
	if (tpl && !*tpl)
		return ini_bad(err, f, sec, "template", "a template set's name (study, letter, "
			       "profile or a directory under [templates] dir)", tpl);
	return 0;
}

/*
 * A template set's own defaults (DIR/set.ini, optional): `formats` in
 * [set], what an edition made from the set writes unless its section says
 * (a letter is a PDF; its figures are the study's, whose workbook has them).
 */
static int set_defaults(struct edition *e, struct scta_err *err)
{
	static const char *const set_keys[] = { "formats", NULL };
	char *path = fs_resolve(e->templates_dir, "set.ini");
	const char *badw = NULL;
	struct ini *ini = NULL;
	const char *v;
	int rc = 0;

	if (!fs_is_file(path))
		goto out;
	if ((rc = ini_load(path, &ini, err)))
		goto out;
	for (size_t i = 0; i < ini_nsections(ini) && !rc; i++)
		if (strcmp(ini_section(ini, i), "set"))
			rc = scta_err_set(err, SCTA_ERR_CONFIG, "%s: [%s]: unknown section "
					  "(a template set's set.ini has [set] only)", path,
					  ini_section(ini, i));
	if (rc || (rc = ini_check_keys(ini, path, "set", set_keys, NULL, err)))
		goto out;
	v = ini_get(ini, "set", "formats");
	if (!e->formats && !text_blank(v) && config_parse_formats(v, &e->formats, &badw)) {
		struct strbuf what = STRBUF_INIT;

		strbuf_adds(&what, "expected a list of ");
		vocab_format_list(&what);
		rc = ini_bad(err, path, "set", "formats", what.buf, badw);
		strbuf_release(&what);
	}
out:
	ini_free(ini);
	free(path);
	return rc;
}

/* Each edition's template set, from [templates] dir (parsed after the sections). */
static int resolve_editions(struct scta_config *c, struct scta_err *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < c->neditions && c->templates_dir; i++) {
		struct edition *e = &c->editions[i];
		char *tpl;

		e->templates_dir = template_set(c, e->template);
		tpl = fs_resolve(e->templates_dir, "report.md");
		if (!fs_is_file(tpl)) {
			char *sec = xasprintf("edition:%s", e->name);

			rc = ini_bad(err, c->path, sec, "template", "no such template set (looked for "
				     "NAME/report.md under [templates] dir and the program's own "
				     "templates)", e->template);
			free(sec);
		}
		free(tpl);
		if (!rc)
			rc = set_defaults(e, err);
		if (rc)
			break;
	}
	return rc;
}

static int parse_sections(struct scta_config *c, const struct ini *ini, struct scta_err *err)
{
	static const struct { const char *name; const char *const *keys; } fixed[] = {
		{ "report", report_keys }, { "scope", scope_keys }, { "input", input_keys },
		{ "output", output_keys }, { "templates", templates_keys },
		{ "index", index_keys }, { "pdf", pdf_keys }, { "letter", letter_keys },
	};
	size_t ns = ini_nsections(ini), i, j;
	struct scta_err one = SCTA_ERR_INIT;
	struct scta_err *all = err;
	int rc = 0;

	/* Every section is checked, and each bad one listed (scta_err_add). */
	err = &one;
	for (i = 0; i < ns; i++, rc = 0, scta_err_add(all, &one)) {
		const char *sec = ini_section(ini, i);
		int known = 0;

		for (j = 0; j < sizeof(fixed) / sizeof(fixed[0]); j++) {
			if (!strcmp(sec, fixed[j].name)) {
				rc = ini_check_keys(ini, c->path, sec, fixed[j].keys,
						    !strcmp(sec, "report") ? "recommendation|addressee_" : NULL,
						    err);
				known = 1;
			}
		}
		if (known)
			continue;
		if (!strncmp(sec, "crosstab:", 9) && sec[9]) {
			struct crosstab *x;

			if ((rc = ini_check_keys(ini, c->path, sec, crosstab_keys, NULL, err)))
				continue;
			c->crosstabs = xrealloc(c->crosstabs, (c->ncrosstabs + 1) * sizeof(*x));
			x = &c->crosstabs[c->ncrosstabs++];
			memset(x, 0, sizeof(*x));
			x->id = xstrdup(sec + 9);
			x->title = get_str(ini, sec, "title", NULL);
			rc = parse_xvar(c, sec, "rows", ini_get(ini, sec, "rows"), &x->rows, err);
			if (!rc)
				rc = parse_xvar(c, sec, "cols", ini_get(ini, sec, "cols"), &x->cols, err);
			if (!rc && !x->title)
				x->title = xasprintf("%s by %s", x->rows.spec, x->cols.spec);
		} else if (!strncmp(sec, "columns:", 8)) {
			rc = parse_columns(c, ini, sec, err);
		} else if (!strncmp(sec, "flag:", 5) && sec[5]) {
			if (!(rc = ini_check_keys(ini, c->path, sec, flag_keys, NULL, err)))
				rc = parse_flag(c, ini, sec, err);
		} else if (!strncmp(sec, "edition:", 8) && sec[8]) {
			if (!(rc = ini_check_keys(ini, c->path, sec, edition_keys, NULL, err)))
				rc = parse_edition(c, ini, sec, err);
		} else {
			rc = scta_err_set(err, SCTA_ERR_CONFIG,
					  "%s: [%s]: unknown section (expected report, scope, input, output, "
					  "templates, index, pdf, letter, columns:KIND, crosstab:NAME, "
					  "flag:NAME or edition:NAME)",
					  c->path, sec);
		}
	}
	(void)rc;
	return all->code;
}

/* [letter] KEY = topic, topic: the topics each of the senators' questions is answered from. */
static int parse_letter(struct scta_config *c, const struct ini *ini, struct scta_err *err)
{
	size_t k, i;
	int rc = 0;

	for (k = 0; k < 4 && !rc; k++) {
		char *v = get_str(ini, "letter", config_letter_keys[k], letter_default_topics[k]);

		c->letter.ntopics[k] = ini_split(v, ',', &c->letter.topics[k]);
		if (!c->letter.ntopics[k])
			rc = ini_bad(err, c->path, "letter", config_letter_keys[k],
				     "name at least one questionnaire topic", v);
		for (i = 0; i < c->letter.ntopics[k] && !rc; i++)
			if (questionnaire_topic_index(c->letter.topics[k][i]) < 0)
				rc = ini_bad(err, c->path, "letter", config_letter_keys[k],
					     "not a questionnaire topic (selection, activities, "
					     "transparency, expression, espionage, visa)",
					     c->letter.topics[k][i]);
		free(v);
	}
	return rc;
}

int config_load(const char *path, struct scta_config **out, struct scta_err *err)
{
	int rc = config_load_partial(path, out, err);

	if (rc) {
		config_free(*out);
		*out = NULL;
	}
	return rc;
}

int config_load_partial(const char *path, struct scta_config **out, struct scta_err *err)
{
	struct scta_config *c = xcalloc(1, sizeof(*c));
	struct ini *ini = NULL;
	int rc;

	*out = NULL;
	c->path = xstrdup(path);
	c->dir = fs_dirname(path);
	if ((rc = ini_load(path, &ini, err)))
		goto out;
	/* Each part is checked even when an earlier one failed: every problem is listed. */
	{
		struct scta_err one = SCTA_ERR_INIT;

		parse_sections(c, ini, &one);
		scta_err_add(err, &one);
		parse_report(c, ini, &one);
		scta_err_add(err, &one);
		parse_scope(c, ini, &one);
		scta_err_add(err, &one);
		parse_io(c, ini, &one);
		scta_err_add(err, &one);
		parse_index(c, ini, &one);
		scta_err_add(err, &one);
		parse_letter(c, ini, &one);
		scta_err_add(err, &one);
		resolve_editions(c, &one);
		rc = scta_err_add(err, &one);
	}
	/* Read as far as it could be, problems or not (config_load frees it on a problem). */
	*out = c;
	c = NULL;
out:
	ini_free(ini);
	config_free(c);
	return rc;
}

static void free_xvar(struct xvar *x)
{
	free(x->question);
	free(x->spec);
}

void config_free(struct scta_config *c)
{
	size_t i, j;

	if (!c)
		return;
	free(c->path);
	free(c->dir);
	free(c->compare);
	free(c->report.organization);
	free(c->report.title);
	free(c->report.short_title);
	free(c->report.language);
	free(c->report.topic);
	free(c->report.number);
	free(c->report.addressee);
	free(c->report.date);
	free(c->report.author);
	free(c->report.data_note);
	free(c->report.marking);
	free(c->report.signatory);
	free(c->report.edition);
	free(c->report.unit);
	ini_free_list(c->report.recommendations, c->report.nrecommendations);
	ini_free_list(c->report.addressees, c->report.naddressees);
	for (i = 0; i < 4; i++)
		ini_free_list(c->letter.topics[i], c->letter.ntopics[i]);
	ini_free_list(c->scope.statuses, c->scope.nstatuses);
	for (i = 0; i < c->scope.nbands; i++)
		free(c->scope.bands[i].label);
	free(c->scope.bands);
	free(c->input.partnerships);
	free(c->input.responses);
	free(c->input.questionnaire);
	free(c->input.encoding);
	free(c->output.dir);
	free(c->output.name);
	free(c->output.db);
	free(c->templates_dir);
	free(c->pdf.font_regular);
	free(c->pdf.font_bold);
	free(c->pdf.font_italic);
	free(c->pdf.font_bold_italic);
	free(c->pdf.font_cjk);
	free(c->index.cuts);
	if (c->index.labels)
		ini_free_list(c->index.labels, c->index.ncuts + 1);
	for (i = 0; i < c->ncrosstabs; i++) {
		free(c->crosstabs[i].id);
		free(c->crosstabs[i].title);
		free_xvar(&c->crosstabs[i].rows);
		free_xvar(&c->crosstabs[i].cols);
	}
	free(c->crosstabs);
	for (i = 0; i < c->nflags; i++) {
		for (j = 0; j < c->flags[i].nconds; j++) {
			free(c->flags[i].conds[j].field);
			ini_free_list(c->flags[i].conds[j].values, c->flags[i].conds[j].nvalues);
		}
		free(c->flags[i].conds);
		free(c->flags[i].id);
		free(c->flags[i].label);
	}
	free(c->flags);
	for (i = 0; i < c->neditions; i++) {
		struct edition *e = &c->editions[i];

		free(e->name);
		free(e->template);
		free(e->templates_dir);
		free(e->marking);
		free(e->number);
		free(e->title);
		free(e->short_title);
		free(e->addressee);
		free(e->signatory);
	}
	free(c->editions);
	for (i = 0; i < 2; i++) {
		for (j = 0; j < c->ncolmap[i]; j++) {
			free(c->colmap[i][j].column);
			free(c->colmap[i][j].header);
		}
		free(c->colmap[i]);
	}
	free(c);
}

int config_status_counted(const struct scta_config *c, const char *status)
{
	size_t i;

	if (!status)
		return c->scope.unrecorded_operating;
	for (i = 0; i < c->scope.nstatuses; i++)
		if (!strcmp(c->scope.statuses[i], status))
			return 1;
	return 0;
}
