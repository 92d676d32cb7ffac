/*
 * vocab.c - the data contract's vocabularies, encodings and flag fields,
 * each stated once (vocab.h).
 */
#include "util/vocab.h"
#include "util/strbuf.h"
#include "util/text.h"

#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]) - 1)

static const char *const status_values[] = {
	"active", "inactive", "suspended", "terminated", "proposed", NULL
};
static const char *const status_labels[] = {
	"Active", "Inactive", "Suspended", "Terminated", "Proposed", NULL
};
static const char *const type_values[] = { "city", "county", "state", "other", NULL };
static const char *const type_labels[] = { "City", "County", "State", "Other", NULL };
static const char *const agreement_type_values[] = { "sister", "friendship", "mou", "other", NULL };
static const char *const agreement_type_labels[] = {
	"Sister city", "Friendship city", "Memorandum of understanding", "Other", NULL
};
static const char *const public_values[] = {
	"online", "on_request", "not_available", "confidential", "unknown", NULL
};
static const char *const public_labels[] = {
	"Posted online", "Provided on request", "Not available", "Confidential", "Unknown", NULL
};
static const char *const yesno_values[] = { "yes", "no", "unknown", NULL };
static const char *const yesno_labels[] = { "Yes", "No", "Unknown", NULL };
static const char *const activity_values[] = {
	"culture", "education", "youth", "trade", "investment", "tourism", "technology", "health",
	"sports", "government", "other", NULL
};
static const char *const activity_labels[] = {
	"Culture", "Education", "Youth", "Trade", "Investment", "Tourism", "Technology", "Health",
	"Sports", "Government", "Other", NULL
};

static const char *const requirement_values[] = { "no_new", "terminate", "review", NULL };
static const char *const requirement_labels[] = {
	"No new agreements", "Terminate existing agreements", "Review agreements", NULL
};

const struct vocab vocab_status = { "status", status_values, status_labels, COUNT(status_values) };
const struct vocab vocab_community_type = {
	"us_community_type", type_values, type_labels, COUNT(type_values)
};
const struct vocab vocab_agreement_type = {
	"agreement_type", agreement_type_values, agreement_type_labels,
	COUNT(agreement_type_values)
};
const struct vocab vocab_agreement_public = {
	"agreement_public", public_values, public_labels, COUNT(public_values)
};
/* Both yes/no fields share it; the schema checks each. */
const struct vocab vocab_yesno = { "political_clause", yesno_values, yesno_labels,
				   COUNT(yesno_values) };
const struct vocab vocab_activity = {
	"activity", activity_values, activity_labels, COUNT(activity_values)
};

const struct vocab vocab_law_requirement = {
	"requirement", requirement_values, requirement_labels, COUNT(requirement_values)
};

const struct vocab *const vocab_all[] = {
	&vocab_status, &vocab_community_type, &vocab_agreement_type, &vocab_agreement_public,
	&vocab_yesno, &vocab_activity, NULL
};

int vocab_index(const struct vocab *v, const char *s)
{
	size_t i;

	for (i = 0; s && i < v->n; i++)
		if (text_ieq(s, v->values[i]))
			return (int)i;
	return -1;
}

const char *vocab_label(const struct vocab *v, const char *value)
{
	int i;

	if (!value || !*value)
		return VOCAB_NOT_RECORDED;
	i = vocab_index(v, value);
	return i < 0 ? value : v->labels[i];
}

void vocab_list(const struct vocab *v, const char *join, struct strbuf *sb)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		if (i && join && i + 1 == v->n)
			strbuf_addf(sb, " %s ", join);
		else if (i)
			strbuf_adds(sb, ", ");
		strbuf_adds(sb, v->values[i]);
	}
}

const char *vocab_encoding(const char *name)
{
	static const char *const names[][2] = {
		{ "utf-8", "utf-8" }, { "utf8", "utf-8" },
		{ "cp1252", "cp1252" }, { "windows-1252", "cp1252" }, { "win1252", "cp1252" },
		{ "latin1", "latin1" }, { "latin-1", "latin1" }, { "iso-8859-1", "latin1" },
		{ "iso8859-1", "latin1" },
	};
	size_t i;

	if (!name || !*name)
		return "utf-8";
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (text_ieq(name, names[i][0]))
			return names[i][1];
	return NULL;
}

const struct vocab_flag_field vocab_flag_fields[] = {
	{ "us_community", 0 },     { "us_state", 0 },        { "foreign_community", 0 },
	{ "foreign_country", 0 },  { "foreign_region", 0 },  { "status", 0 },
	{ "status_reason", 0 },    { "agreement_public", 0 }, { "political_clause", 0 },
	{ "sci_recognized", 0 },   { "agreement_type", 0 },  { "us_community_type", 0 },
	{ "intermediary", 0 },     { "activities", 0 },      { "notes", 0 },
	{ "source", 0 },           { "cpi", 1 },             { "established_year", 1 },
	{ "law", 2 },
};
const size_t vocab_nflag_fields = sizeof(vocab_flag_fields) / sizeof(vocab_flag_fields[0]);

const struct vocab_flag_field *vocab_flag_field(const char *name)
{
	size_t i;

	for (i = 0; name && i < vocab_nflag_fields; i++)
		if (text_ieq(name, vocab_flag_fields[i].name))
			return &vocab_flag_fields[i];
	return NULL;
}

const struct vocab_format vocab_formats[VOCAB_NFORMATS] = {
	{ "xlsx", "xlsx", "workbook", FORMAT_XLSX },
	{ "pdf", "pdf", "PDF", FORMAT_PDF },
	{ "json", "json", "JSON", FORMAT_JSON },
	{ "html", "html", "HTML", FORMAT_HTML },
};

const struct vocab_format *vocab_format(const char *name)
{
	size_t i;

	for (i = 0; name && i < VOCAB_NFORMATS; i++)
		if (text_ieq_trimmed(name, vocab_formats[i].name))
			return &vocab_formats[i];
	return NULL;
}

void vocab_format_list(struct strbuf *sb)
{
	size_t i;

	for (i = 0; i < VOCAB_NFORMATS; i++)
		strbuf_addf(sb, "%s%s", i ? (i + 1 == VOCAB_NFORMATS ? " or " : ", ") : "",
			    vocab_formats[i].name);
}
