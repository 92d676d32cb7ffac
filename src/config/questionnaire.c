/*
 * questionnaire.c - questionnaire.ini into struct questionnaire: scales,
 * questions and their checks.
 */
#include "config/config.h"
#include "config/ini.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const questionnaire_topics[6] = {
	"selection", "activities", "transparency", "expression", "espionage", "visa"
};

static const char *const topic_labels[6] = {
	"Selection of U.S. partners",
	"Activities and outcomes",
	"Transparency of agreements and activities",
	"Freedom of expression",
	"Oversight against espionage and economic coercion",
	"Visa programs",
};

const char *questionnaire_topic_label(const char *topic)
{
	size_t i;

	for (i = 0; i < 6; i++)
		if (!strcmp(questionnaire_topics[i], topic))
			return topic_labels[i];
	return topic;
}

int questionnaire_topic_index(const char *topic)
{
	int i;

	for (i = 0; i < 6; i++)
		if (!strcmp(questionnaire_topics[i], topic))
			return i;
	return -1;
}

const char *questionnaire_topic_title(const struct questionnaire *q, const char *topic)
{
	int i = questionnaire_topic_index(topic);

	if (q && i >= 0 && q->topic_title[i])
		return q->topic_title[i];
	return questionnaire_topic_label(topic);
}

size_t questionnaire_topic_count(const struct questionnaire *q, const char *topic,
				 enum topic_count which)
{
	size_t i, n = 0;

	for (i = 0; q && i < q->nquestions; i++) {
		const struct question *qu = &q->questions[i];

		if (strcmp(qu->topic, topic))
			continue;
		if (which == TOPIC_ANY || (which == TOPIC_TABULATED && qu->type != QTYPE_TEXT) ||
		    (qu->type == QTYPE_CHOICE && qu->scale))
			n++;
	}
	return n;
}

void questionnaire_out_of_base(const struct questionnaire *q, const char *topic,
			       struct strbuf *out)
{
	const char **seen = NULL;
	size_t nseen = 0, cap = 0, i, j, k;

	strbuf_reset(out);
	for (i = 0; q && i < q->nquestions; i++) {
		const struct question *qu = &q->questions[i];

		if (qu->type != QTYPE_CHOICE || !qu->scale || (topic && strcmp(qu->topic, topic)))
			continue;
		for (j = 0; j < qu->scale->n; j++) {
			if (qu->scale->valid[j])
				continue;
			for (k = 0; k < nseen && strcmp(seen[k], qu->scale->labels[j]); k++)
				;
			if (k < nseen)
				continue;
			XGROW(seen, cap, nseen + 1);
			seen[nseen++] = qu->scale->labels[j];
		}
	}
	for (i = 0; i < nseen; i++) {
		if (i)
			strbuf_adds(out, i + 1 == nseen ? " and " : ", ");
		strbuf_adds(out, seen[i]);
	}
	free(seen);
}

const char *question_type_name(enum question_type t)
{
	switch (t) {
	case QTYPE_CHOICE: return "choice";
	case QTYPE_COUNT: return "count";
	case QTYPE_AMOUNT: return "amount";
	default: return "text";
	}
}

int scale_find(const struct scale *s, const char *value)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (text_ieq(s->values[i], value))
			return (int)i;
	return -1;
}

int scale_match(const struct scale *s, const char *answer)
{
	size_t i;

	/* Most answers are a value as written: the plain comparison first. */
	for (i = 0; i < s->n; i++)
		if (text_ieq(s->values[i], answer))
			return (int)i;
	for (i = 0; i < s->n; i++)
		if (text_ieq_trimmed(s->values[i], answer))
			return (int)i;
	for (i = 0; i < s->n; i++)
		if (text_ieq_trimmed(s->labels[i], answer))
			return (int)i;
	for (i = 0; i < s->naliases; i++)
		if (text_ieq_trimmed(s->alias_text[i], answer))
			return (int)s->alias_value[i];
	return -1;
}

/* aliases = Y=yes, N=no, U=unsure: each alias names one of the scale's values. */
static int load_scale_aliases(struct questionnaire *q, struct scale *s, const char *sec,
			      const char *v, struct scta_err *err)
{
	char **items = NULL;
	size_t n = ini_split(v, ',', &items), i;
	int rc = 0;

	s->alias_text = xcalloc(n ? n : 1, sizeof(*s->alias_text));
	s->alias_value = xcalloc(n ? n : 1, sizeof(*s->alias_value));
	for (i = 0; i < n && !rc; i++) {
		char *eq = strchr(items[i], '=');
		int k;

		if (!eq) {
			rc = ini_bad(err, q->path, sec, "aliases", "expected ALIAS=value, e.g. Y=yes", items[i]);
			break;
		}
		*eq = '\0';
		text_trim(items[i]);
		text_trim(eq + 1);
		k = scale_find(s, eq + 1);
		if (!*items[i] || k < 0) {
			rc = ini_bad(err, q->path, sec, "aliases",
				     *items[i] ? "the alias names no value of the scale" : "empty alias",
				     eq + 1);
			break;
		}
		s->alias_text[s->naliases] = xstrdup(items[i]);
		s->alias_value[s->naliases++] = (size_t)k;
	}
	ini_free_list(items, n);
	return rc;
}

/*
 * A line of an INI file holds at most 1,024 bytes (iniparser's limit), too
 * few for a long scale: each list of a scale may go on in numbered keys,
 * `values`, `values_2`, `values_3`, ..., read as one list (the same for
 * labels, valid and aliases).
 */
#define SCALE_MAXPARTS 100
static const char *const scale_keys[] = { "values", "labels", "valid", "aliases", NULL };

/* The part number of key as a part of base ("values" 1, "values_2" 2), or 0. */
static int scale_part(const char *key, const char *base)
{
	size_t n = strlen(base);
	int k = 0;
	const char *p;

	if (strncmp(key, base, n))
		return 0;
	if (!key[n])
		return 1;
	if (key[n] != '_' || !key[n + 1] || key[n + 1] == '0')
		return 0;
	for (p = key + n + 1; *p; p++) {
		if (*p < '0' || *p > '9' || k >= SCALE_MAXPARTS)
			return 0;
		k = k * 10 + (*p - '0');
	}
	return k >= 2 && k <= SCALE_MAXPARTS ? k : 0;
}

/* Every key of a scale is a part of its lists, and no part follows a missing one. */
static int check_scale_keys(const struct questionnaire *q, const struct ini *ini,
			    const char *sec, struct scta_err *err)
{
	const char **keys = NULL;
	size_t n = ini_keys(ini, sec, &keys), i, j;
	int rc = 0;

	for (i = 0; i < n && !rc; i++) {
		int part = 0;

		for (j = 0; scale_keys[j] && !(part = scale_part(keys[i], scale_keys[j])); j++)
			;
		if (!part) {
			rc = ini_bad(err, q->path, sec, keys[i], "unknown setting", NULL);
		} else if (part > 1) {
			char prev[64];

			if (part == 2)
				snprintf(prev, sizeof(prev), "%s", scale_keys[j]);
			else
				snprintf(prev, sizeof(prev), "%s_%d", scale_keys[j], part - 1);
			if (!ini_get(ini, sec, prev))
				rc = ini_bad(err, q->path, sec, keys[i], "continues a list, but there is "
					     "no key before it", prev);
		}
	}
	free(keys);
	return rc;
}

/* The list `key` of a scale with its continuation keys (key_2, key_3, ...), or NULL. Owned. */
static char *scale_list(const struct ini *ini, const char *sec, const char *key)
{
	struct strbuf sb = STRBUF_INIT;
	const char *v = ini_get(ini, sec, key);
	int k;

	if (!v)
		return NULL;
	strbuf_adds(&sb, v);
	for (k = 2; k <= SCALE_MAXPARTS; k++) {
		char part[64];

		snprintf(part, sizeof(part), "%s_%d", key, k);
		if (!(v = ini_get(ini, sec, part)))
			break;
		strbuf_adds(&sb, ",");
		strbuf_adds(&sb, v);
	}
	return strbuf_detach(&sb);
}

/* The scale of section sec from its lists values, labels, valid and aliases (each may be NULL). */
static int load_scale_lists(struct questionnaire *q, const char *sec, const char *const *list,
			    struct scta_err *err)
{
	struct scale *s;
	char **labels = NULL, **valid = NULL;
	size_t nl, nv, i;
	int rc = 0;

	q->scales = xrealloc(q->scales, (q->nscales + 1) * sizeof(*q->scales));
	s = &q->scales[q->nscales++];
	memset(s, 0, sizeof(*s));
	s->name = xstrdup(sec + 6);
	s->n = ini_split(list[0], ',', &s->values);
	if (!s->n)
		return ini_bad(err, q->path, sec, "values", "a scale needs at least one value", NULL);
	for (i = 0; i < s->n; i++) {
		const char *p;

		for (p = s->values[i]; *p; p++)
			if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
				return ini_bad(err, q->path, sec, "values",
					   "values are lower-case words (letters, digits, _)", s->values[i]);
		if (scale_find(s, s->values[i]) != (int)i)
			return ini_bad(err, q->path, sec, "values", "value listed twice", s->values[i]);
	}
	nl = ini_split(list[1], ',', &labels);
	if (nl && nl != s->n) {
		ini_free_list(labels, nl);
		return ini_bad(err, q->path, sec, "labels", "give one label per value", NULL);
	}
	s->labels = nl ? labels : xcalloc(s->n, sizeof(char *));
	if (!nl)
		for (i = 0; i < s->n; i++)
			s->labels[i] = xstrdup(s->values[i]);
	s->valid = xcalloc(s->n, 1);
	nv = ini_split(list[2], ',', &valid);
	for (i = 0; i < nv; i++) {
		int k = scale_find(s, valid[i]);

		if (k < 0) {
			rc = ini_bad(err, q->path, sec, "valid", "not one of the scale's values", valid[i]);
			break;
		}
		s->valid[k] = 1;
	}
	if (!nv)
		memset(s->valid, 1, s->n);
	ini_free_list(valid, nv);
	if (!rc)
		rc = load_scale_aliases(q, s, sec, list[3], err);
	return rc;
}

static int load_scale(struct questionnaire *q, const struct ini *ini, const char *sec,
		      struct scta_err *err)
{
	char *list[4] = { NULL, NULL, NULL, NULL };
	size_t i;
	int rc;

	if ((rc = check_scale_keys(q, ini, sec, err)))
		return rc;
	for (i = 0; i < 4; i++)
		list[i] = scale_list(ini, sec, scale_keys[i]);
	rc = load_scale_lists(q, sec, (const char *const *)list, err);
	for (i = 0; i < 4; i++)
		free(list[i]);
	return rc;
}

static const struct scale *find_scale(const struct questionnaire *q, const char *name)
{
	size_t i;

	for (i = 0; i < q->nscales; i++)
		if (text_ieq(q->scales[i].name, name))
			return &q->scales[i];
	return NULL;
}

static int load_topic(struct questionnaire *q, const struct ini *ini, const char *sec,
		      struct scta_err *err)
{
	static const char *const keys[] = { "title", "summary", NULL };
	int i = questionnaire_topic_index(sec + 6);
	const char *v;
	int rc;

	if (i < 0)
		return ini_bad(err, q->path, sec, "",
			   "expected [topic:NAME] with NAME one of selection, activities, transparency, "
			   "expression, espionage, visa", sec + 6);
	if ((rc = ini_check_keys(ini, q->path, sec, keys, NULL, err)))
		return rc;
	if (q->topic_title[i])
		return ini_bad(err, q->path, sec, "", "topic described twice", sec + 6);
	v = ini_get(ini, sec, "title");
	q->topic_title[i] = text_trim(xstrdup(text_blank(v) ? questionnaire_topic_label(sec + 6) : v));
	v = ini_get(ini, sec, "summary");
	if (!text_blank(v))
		q->topic_summary[i] = text_trim(xstrdup(v));
	return 0;
}

static int load_question(struct questionnaire *q, const struct ini *ini, const char *sec,
			 struct scta_err *err)
{
	static const char *const keys[] = {
		"topic", "text", "label", "type", "scale", "weight", "safeguard", "aliases", NULL
	};
	struct question *qu;
	const char *v;
	char *p;
	size_t i, idlen;
	int rc;

	if ((rc = ini_check_keys(ini, q->path, sec, keys, NULL, err)))
		return rc;
	q->questions = xrealloc(q->questions, (q->nquestions + 1) * sizeof(*q->questions));
	qu = &q->questions[q->nquestions++];
	memset(qu, 0, sizeof(*qu));
	qu->position = (int)q->nquestions;
	qu->weight = 1;
	/* iniparser folds names to lower case; ids are shown in upper case. */
	qu->id = xstrdup(sec + 9);
	for (p = qu->id; *p; p++) {
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
		else if (!((*p >= '0' && *p <= '9') || *p == '_'))
			return ini_bad(err, q->path, sec, "", "question ids are letters, digits and _", qu->id);
	}
	idlen = strlen(qu->id);
	if (!idlen || (idlen > 8 && !strcmp(qu->id + idlen - 8, "_COMMENT")))
		return ini_bad(err, q->path, sec, "", "question ids may not end in _comment", qu->id);
	for (i = 0; i + 1 < q->nquestions; i++)
		if (!strcmp(q->questions[i].id, qu->id))
			return ini_bad(err, q->path, sec, "", "question defined twice", qu->id);

	v = ini_get(ini, sec, "topic");
	if (text_blank(v))
		return ini_bad(err, q->path, sec, "topic", "required setting is missing", NULL);
	qu->topic = text_trim(xstrdup(v));
	for (i = 0; i < 6 && strcmp(questionnaire_topics[i], qu->topic); i++)
		;
	if (i == 6)
		return ini_bad(err, q->path, sec, "topic",
			   "expected selection, activities, transparency, expression, espionage or visa",
			   qu->topic);
	v = ini_get(ini, sec, "text");
	if (text_blank(v))
		return ini_bad(err, q->path, sec, "text", "required setting is missing", NULL);
	qu->text = text_trim(xstrdup(v));
	v = ini_get(ini, sec, "label");
	if (!text_blank(v))
		qu->label = text_trim(xstrdup(v));

	v = ini_get(ini, sec, "type");
	{
		char *ty = text_trim(xstrdup(v ? v : ""));

		if (!*ty || text_ieq(ty, "choice"))
			qu->type = QTYPE_CHOICE;
		else if (text_ieq(ty, "count"))
			qu->type = QTYPE_COUNT;
		else if (text_ieq(ty, "amount"))
			qu->type = QTYPE_AMOUNT;
		else if (text_ieq(ty, "text"))
			qu->type = QTYPE_TEXT;
		else
			rc = ini_bad(err, q->path, sec, "type", "expected choice, count, amount or text", ty);
		free(ty);
		if (rc)
			return rc;
	}

	v = ini_get(ini, sec, "scale");
	if (qu->type == QTYPE_CHOICE) {
		char *name;

		if (text_blank(v))
			return ini_bad(err, q->path, sec, "scale", "a choice question needs a scale", NULL);
		name = text_trim(xstrdup(v));
		qu->scale = find_scale(q, name);
		if (!qu->scale) {
			rc = ini_bad(err, q->path, sec, "scale", "no such [scale:NAME] (define scales first)", name);
			free(name);
			return rc;
		}
		free(name);
	} else if (!text_blank(v)) {
		return ini_bad(err, q->path, sec, "scale", "only choice questions have a scale", v);
	}

	v = ini_get(ini, sec, "weight");
	if (!text_blank(v)) {
		char *t = text_trim(xstrdup(v));

		if (text_real(t, &qu->weight) || qu->weight <= 0 || qu->weight > 1000) {
			rc = ini_bad(err, q->path, sec, "weight", "expected a positive number", t);
			free(t);
			return rc;
		}
		free(t);
	}
	v = ini_get(ini, sec, "safeguard");
	if (!text_blank(v)) {
		int k;

		qu->safeguard = text_trim(xstrdup(v));
		if (qu->type != QTYPE_CHOICE)
			return ini_bad(err, q->path, sec, "safeguard", "only choice questions can be safeguards",
				   qu->safeguard);
		k = scale_find(qu->scale, qu->safeguard);
		if (k < 0 || !qu->scale->valid[k])
			return ini_bad(err, q->path, sec, "safeguard",
				   "must be one of the scale's valid values", qu->safeguard);
		free(qu->safeguard);
		qu->safeguard = xstrdup(qu->scale->values[k]);
	}
	qu->naliases = ini_split(ini_get(ini, sec, "aliases"), ',', &qu->aliases);
	return 0;
}

/* An alias names one question: never another's id or alias. */
static int check_aliases(const struct questionnaire *q, struct scta_err *err)
{
	size_t i, j, k, l;

	for (i = 0; i < q->nquestions; i++) {
		const struct question *a = &q->questions[i];

		for (k = 0; k < a->naliases; k++) {
			for (j = 0; j < q->nquestions; j++) {
				const struct question *b = &q->questions[j];
				int clash = j != i && text_ieq(b->id, a->aliases[k]);

				for (l = 0; l < b->naliases && !clash; l++)
					clash = (j != i || l != k) && text_ieq(b->aliases[l], a->aliases[k]) &&
						(j != i || l < k);
				if (clash)
					return scta_err_set(err, SCTA_ERR_CONFIG,
							    "%s: [question:%s] aliases: '%s' also names question %s",
							    q->path, a->id, a->aliases[k], b->id);
			}
		}
	}
	return 0;
}

int questionnaire_load(const char *path, struct questionnaire **out, struct scta_err *err)
{
	struct questionnaire *q = xcalloc(1, sizeof(*q));
	struct ini *ini = NULL;
	size_t ns, i, pass;
	int rc;

	*out = NULL;
	q->path = xstrdup(path);
	if ((rc = ini_load(path, &ini, err)))
		goto out;
	if ((rc = sha256_file(path, q->sha256, err)))
		goto out;
	ns = ini_nsections(ini);
	/* Scales first, so a question may name a scale defined below it. */
	for (pass = 0; pass < 2 && !rc; pass++) {
		for (i = 0; i < ns && !rc; i++) {
			const char *sec = ini_section(ini, i);

			if (!strncmp(sec, "scale:", 6) && sec[6]) {
				if (pass == 0)
					rc = load_scale(q, ini, sec, err);
			} else if (!strncmp(sec, "topic:", 6) && sec[6]) {
				if (pass == 0)
					rc = load_topic(q, ini, sec, err);
			} else if (!strncmp(sec, "question:", 9) && sec[9]) {
				if (pass == 1)
					rc = load_question(q, ini, sec, err);
			} else if (pass == 0) {
				rc = scta_err_set(err, SCTA_ERR_CONFIG,
						  "%s: [%s]: unknown section (expected scale:NAME, topic:NAME or "
						  "question:ID)",
						  path, sec);
			}
		}
	}
	if (!rc && !q->nquestions)
		rc = scta_err_set(err, SCTA_ERR_CONFIG, "%s: no [question:ID] sections", path);
	if (!rc)
		rc = check_aliases(q, err);
	if (rc)
		goto out;
	*out = q;
	q = NULL;
out:
	ini_free(ini);
	questionnaire_free(q);
	return rc;
}

void questionnaire_free(struct questionnaire *q)
{
	size_t i;

	if (!q)
		return;
	for (i = 0; i < q->nscales; i++) {
		free(q->scales[i].name);
		ini_free_list(q->scales[i].values, q->scales[i].n);
		ini_free_list(q->scales[i].labels, q->scales[i].labels ? q->scales[i].n : 0);
		free(q->scales[i].valid);
		ini_free_list(q->scales[i].alias_text, q->scales[i].naliases);
		free(q->scales[i].alias_value);
	}
	free(q->scales);
	for (i = 0; i < q->nquestions; i++) {
		free(q->questions[i].id);
		free(q->questions[i].topic);
		free(q->questions[i].text);
		free(q->questions[i].label);
		free(q->questions[i].safeguard);
		ini_free_list(q->questions[i].aliases, q->questions[i].naliases);
	}
	free(q->questions);
	for (i = 0; i < 6; i++) {
		free(q->topic_title[i]);
		free(q->topic_summary[i]);
	}
	free(q->path);
	free(q);
}

const struct question *questionnaire_find(const struct questionnaire *q, const char *id)
{
	size_t i;

	for (i = 0; i < q->nquestions; i++)
		if (text_ieq(q->questions[i].id, id))
			return &q->questions[i];
	return NULL;
}
