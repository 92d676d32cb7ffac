/*
 * ini.c - config/'s one door to iniparser: loading a file, reading keys,
 * listing sections and keys (iniparser_getnsec ignores names with ':').
 */
#include "config/ini.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/text.h"

#include <errno.h>
#include <iniparser.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * iniparser finds a key by a linear scan of the dictionary, so a
 * questionnaire of 10,000 questions took seconds to read; the keys are
 * indexed once, sorted, and sections listed in file order.
 */
struct ini_ent {
	const char *key;         /* "section:key", lower case (iniparser's) */
	const char *val;
	size_t order;            /* position in the file */
};

struct ini {
	dictionary *d;
	struct ini_ent *ents;    /* sorted by key */
	size_t nents;
	const char **secs;       /* section names in file order */
	size_t nsecs;
};

static int cmp_ent(const void *a, const void *b)
{
	return strcmp(((const struct ini_ent *)a)->key, ((const struct ini_ent *)b)->key);
}

static int cmp_order(const void *a, const void *b)
{
	size_t x = ((const struct ini_ent *)a)->order, y = ((const struct ini_ent *)b)->order;

	return (x > y) - (x < y);
}

static void build_index(struct ini *ini)
{
	size_t cap = 0, scap = 0;
	ssize_t i;

	for (i = 0; i < ini->d->size; i++) {
		const char *key = ini->d->key[i];

		if (!key)
			continue;
		if (!ini->d->val[i]) {
			XGROW(ini->secs, scap, ini->nsecs + 1);
			ini->secs[ini->nsecs++] = key;
			continue;
		}
		XGROW(ini->ents, cap, ini->nents + 1);
		ini->ents[ini->nents].key = key;
		ini->ents[ini->nents].val = ini->d->val[i];
		ini->ents[ini->nents].order = (size_t)i;
		ini->nents++;
	}
	if (ini->nents)
		qsort(ini->ents, ini->nents, sizeof(*ini->ents), cmp_ent);
}

/* The first entry whose key is >= key (nents when none). */
static size_t lower_bound(const struct ini *ini, const char *key)
{
	size_t lo = 0, hi = ini->nents;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(ini->ents[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * iniparser reports syntax errors through one process-wide callback, so the
 * message is caught in a thread-local buffer while ini_load() runs.
 */
static _Thread_local char ini_msg[512];

static int catch_error(const char *fmt, ...)
{
	va_list ap;

	if (ini_msg[0])
		return 0;
	va_start(ap, fmt);
	vsnprintf(ini_msg, sizeof(ini_msg), fmt, ap);
	va_end(ap);
	ini_msg[strcspn(ini_msg, "\n")] = '\0';
	return 0;
}

/*
 * Settings end up in XML parts, PDF text and file names: a control
 * character (which XML cannot carry) or a bidirectional override (which
 * makes text read backwards) is refused, naming the setting.
 */
static int check_text(struct ini *ini, const char *path, struct scta_err *err)
{
	ssize_t i;

	for (i = 0; i < ini->d->size; i++) {
		const char *key = ini->d->key[i], *val = ini->d->val[i], *colon;
		char sec[256];
		size_t off;
		uint32_t cp;

		if (!key || !val || !(cp = text_unsafe(val, strlen(val), &off)))
			continue;
		colon = strrchr(key, ':');
		snprintf(sec, sizeof(sec), "%.*s", colon ? (int)(colon - key) : 0, key);
		scta_err_set(err, SCTA_ERR_CONFIG,
			     "%s: [%s] %s: character U+%04X at byte %zu is not allowed (a control "
			     "or bidirectional-override character)", path, sec,
			     colon ? colon + 1 : key, (unsigned)cp, off + 1);
		ini_free(ini);
		return SCTA_ERR_CONFIG;
	}
	return 0;
}

int ini_load(const char *path, struct ini **out, struct scta_err *err)
{
	struct ini *ini = NULL;
	dictionary *d;
	FILE *fp;

	*out = NULL;
	fp = fopen(path, "r");
	if (!fp)
		return scta_err_set(err, SCTA_ERR_CONFIG, "%s: cannot read: %s", path, strerror(errno));
	fclose(fp);
	ini_msg[0] = '\0';
	iniparser_set_error_callback(catch_error);
	d = iniparser_load(path);
	iniparser_set_error_callback(NULL);
	if (!d || ini_msg[0]) {
		const char *tl = strstr(ini_msg, "input line too long in ");
		const char *open = tl ? strrchr(ini_msg, '(') : NULL;
		unsigned long line = 0;

		iniparser_freedict(d);
		/* iniparser: "input line too long in PATH (LINE)": say what to do about it. */
		if (open && sscanf(open, "(%lu)", &line) == 1)
			return scta_err_set(err, SCTA_ERR_CONFIG,
					    "%s:%lu: the line is longer than 1,024 bytes, the most a "
					    "line of an INI file may hold; shorten it, or go on in "
					    "numbered keys (a scale's values, values_2, values_3, ...)",
					    path, line);
		return scta_err_set(err, SCTA_ERR_CONFIG, "%s: %s", path,
				    ini_msg[0] ? ini_msg : "cannot parse");
	}
	ini = xcalloc(1, sizeof(*ini));
	ini->d = d;
	build_index(ini);
	if (check_text(ini, path, err))
		return SCTA_ERR_CONFIG;
	*out = ini;
	return 0;
}

void ini_free(struct ini *ini)
{
	if (!ini)
		return;
	iniparser_freedict(ini->d);
	free(ini->ents);
	free(ini->secs);
	free(ini);
}

/*
 * iniparser_getnsec() skips names that contain ':', which is its own
 * separator, so [scale:yesno] would be invisible. The dictionary keeps
 * sections as entries with a NULL value, in file order: build_index() took
 * them from there.
 */
size_t ini_nsections(const struct ini *ini)
{
	return ini->nsecs;
}

const char *ini_section(const struct ini *ini, size_t want)
{
	return want < ini->nsecs ? ini->secs[want] : NULL;
}

size_t ini_keys(const struct ini *ini, const char *sec, const char ***keys)
{
	size_t plen = strlen(sec), n = 0, i;
	struct ini_ent *range = NULL;
	const char **k = NULL;
	char *prefix = xasprintf("%s:", sec);

	/* The keys "sec:..." are one run of the sorted index; put back in file order. */
	for (i = lower_bound(ini, prefix); i < ini->nents && !strncmp(ini->ents[i].key, prefix,
								       plen + 1); i++)
		n++;
	if (n) {
		range = xcalloc(n, sizeof(*range));
		memcpy(range, ini->ents + (i - n), n * sizeof(*range));
		qsort(range, n, sizeof(*range), cmp_order);
		k = xcalloc(n, sizeof(*k));
		for (i = 0; i < n; i++)
			k[i] = range[i].key + plen + 1;
	}
	free(range);
	free(prefix);
	*keys = k;
	return n;
}

const char *ini_get(const struct ini *ini, const char *sec, const char *key)
{
	char full[512];
	size_t i;

	if ((size_t)snprintf(full, sizeof(full), "%s:%s", sec, key) >= sizeof(full))
		return NULL;
	/* iniparser folds names to lower case, and so did its lookup. */
	for (i = 0; full[i]; i++)
		if (full[i] >= 'A' && full[i] <= 'Z')
			full[i] = (char)(full[i] - 'A' + 'a');
	i = lower_bound(ini, full);
	return i < ini->nents && !strcmp(ini->ents[i].key, full) ? ini->ents[i].val : NULL;
}

size_t ini_split(const char *s, int sep, char ***out)
{
	char **v = NULL;
	size_t n = 0, cap = 0;
	const char *p = s;

	while (p && *p) {
		const char *e = strchr(p, sep);
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char *item = text_trim(xstrndup(p, len));

		len = strlen(item);
		if (len >= 2 && item[0] == '"' && item[len - 1] == '"') {
			memmove(item, item + 1, len - 2);
			item[len - 2] = '\0';
		}
		if (*item) {
			XGROW(v, cap, n + 1);
			v[n++] = item;
		} else {
			free(item);
		}
		p = e ? e + 1 : NULL;
	}
	*out = v;
	return n;
}

void ini_free_list(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int ini_bad(struct scta_err *err, const char *file, const char *sec, const char *key,
	    const char *what, const char *value)
{
	if (value)
		return scta_err_set(err, SCTA_ERR_CONFIG, "%s: [%s] %s: %s (got '%s')", file, sec,
				    key, what, value);
	return scta_err_set(err, SCTA_ERR_CONFIG, "%s: [%s] %s: %s", file, sec, key, what);
}

/* Does key start with one of the '|'-separated prefixes? */
static int prefixed(const char *key, const char *prefixes)
{
	const char *p = prefixes, *bar;

	for (;; p = bar + 1) {
		size_t n;

		bar = strchr(p, '|');
		n = bar ? (size_t)(bar - p) : strlen(p);
		if (n && !strncmp(key, p, n))
			return 1;
		if (!bar)
			return 0;
	}
}

int ini_check_keys(const struct ini *ini, const char *file, const char *sec,
		   const char *const *allowed, const char *allow_prefix, struct scta_err *err)
{
	const char **keys = NULL;
	size_t n = ini_keys(ini, sec, &keys), i, j;
	int rc = 0;

	for (i = 0; i < n && !rc; i++) {
		if (allow_prefix && prefixed(keys[i], allow_prefix))
			continue;
		for (j = 0; allowed[j] && strcmp(allowed[j], keys[i]); j++)
			;
		if (!allowed[j])
			rc = ini_bad(err, file, sec, keys[i], "unknown setting", NULL);
	}
	free(keys);
	return rc;
}
