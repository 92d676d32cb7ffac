/*
 * config.h - the run configuration (scta.ini) and the questionnaire
 * (questionnaire.ini) as plain structs, validated on load.
 *
 * Every string and array in these structs is owned by the struct and
 * released by config_free() / questionnaire_free(). Relative paths are
 * resolved against the directory of the file that named them. A bad
 * setting fails with SCTA_ERR_CONFIG and a message naming the file,
 * the section and the key.
 */
#ifndef SCTA_CONFIG_H
#define SCTA_CONFIG_H

#include <stddef.h>

struct scta_err;


/* A crosstab variable: a grouping of partnerships or a question. */
enum xvar_kind {
	XVAR_STATE, XVAR_COUNTRY, XVAR_STATUS, XVAR_COMMUNITY_TYPE, XVAR_CPI_BAND,
	XVAR_DECADE, XVAR_AGREEMENT_PUBLIC, XVAR_QUESTION
};

struct xvar {
	enum xvar_kind kind;
	char *question;          /* question id when kind == XVAR_QUESTION */
	char *spec;              /* as written, for messages */
};

struct crosstab {
	char *id;                /* [crosstab:ID] */
	char *title;
	struct xvar rows, cols;
};

/*
 * One condition of a flag rule, all of whose conditions must hold. In the
 * INI file: where = agreement_public in (not_available, confidential) and
 * activities has technology   (conditions joined by " and ").
 */
enum cond_op {
	COND_EQ,                 /* field = value */
	COND_NE,                 /* field != value */
	COND_IN,                 /* field in (v1, v2) */
	COND_HAS,                /* activities has v (any of values) */
	COND_CONTAINS            /* field ~ text (case-insensitive substring) */
};

struct cond {
	char *field;             /* a partnership column (see config.c for the list) */
	enum cond_op op;
	char **values;
	size_t nvalues;
};

struct flag_rule {
	char *id;                /* [flag:ID] */
	char *label;             /* printed beside flagged partnerships */
	struct cond *conds;
	size_t nconds;
};

/* One line of [columns:KIND]: scta's column name and the file's own header for it. */
struct column_map {
	char *column;            /* e.g. us_community */
	char *header;            /* e.g. Member City (matched ignoring case and surrounding space) */
};

struct cpi_band {
	int lo, hi;              /* inclusive score range */
	char *label;             /* "0-29" unless given */
};

/*
 * Who an edition is for. AUDIENCE_ALL is a report without editions (as
 * before editions existed): everything, no marking. A public edition leaves
 * out free-text comments, respondent names and contacts, notes and rows
 * naming a flagged partnership; a restricted one keeps them and carries
 * report.marking everywhere.
 */
enum report_audience { AUDIENCE_ALL = 0, AUDIENCE_PUBLIC, AUDIENCE_RESTRICTED };

/* What an edition is written for: the whole store, or one file per state or community. */
enum edition_by { EDITION_BY_NONE = 0, EDITION_BY_STATE, EDITION_BY_COMMUNITY };

/*
 * [edition:NAME]: one document of the run, with its templates, unit,
 * audience and number. Unset strings are NULL (the [report] value applies).
 */
struct edition {
	char *name;              /* letters, digits, '-' and '_': it is part of file names */
	char *template;          /* the template set's name as written; NULL: the study */
	char *templates_dir;     /* resolved: [templates] dir, or its/the program's set */
	enum edition_by by;
	enum report_audience audience;   /* public unless audience = restricted */
	char *marking;           /* restricted editions */
	char *number;            /* pattern: {number} {state} {community} {edition} */
	char *title, *short_title, *addressee, *signatory;
	unsigned formats;        /* 0: [output] formats */
};

struct scta_config {
	char *path;              /* the config file as given */
	char *dir;               /* its directory: base of relative paths */

	struct {
		char *organization;  /* issuer; never "GAO" */
		char *title;
		char *short_title;   /* running footer; default: title */
		char *topic;         /* cover topic line */
		char *number;        /* e.g. SCTA-26-01 */
		char *addressee;
		char *date;          /* YYYY-MM or YYYY-MM-DD: fixes every printed date */
		char *author;        /* document property; default: organization */
		char *data_note;     /* a caveat about the data, printed in the notes; or NULL */
		char *language;      /* BCP 47 tag of the reports' text; default en-US */
		char **recommendations;  /* recommendation_1, recommendation_2, ... */
		size_t nrecommendations;
		char **addressees;   /* addressee_1, addressee_2, ...: a letter's addressees */
		size_t naddressees;
		int min_base;        /* percentages of smaller bases are withheld; 0: none */
		enum report_audience audience;
		char *marking;       /* restricted editions: on the cover, every page and sheet; or NULL */
		char *signatory;     /* the letter's signature block ("Jane Roe, Executive Director") */
		char *edition;       /* the edition being written ([edition:NAME]); NULL without editions */
		char *unit;          /* its unit's label ("California"); NULL for the whole store */
	} report;

	struct {
		int cpi_year;
		int cpi_max;
		char **statuses;     /* counted as operating */
		size_t nstatuses;
		int unrecorded_operating; /* unrecorded_status = operating (1, default) or excluded (0) */
		/*
		 * respondents = in_scope (0, default): the questionnaire tables count
		 * the responses of communities with a partnership in scope only;
		 * all (1): every responding community.
		 */
		int respondents_all;
		struct cpi_band *bands;
		size_t nbands;
	} scope;

	struct {
		char *partnerships;  /* resolved paths; NULL when not set */
		char *responses;
		char *questionnaire;
		char *encoding;      /* utf-8 (default), cp1252, latin1 */
	} input;

	struct {
		char *dir;
		char *name;          /* file stem */
		unsigned formats;    /* enum output_format bits */
		char *db;            /* database path; default <dir>/scta.db */
	} output;

	char *templates_dir;     /* default: the program's own (util/datadir.h) */

	/*
	 * The earlier round's database to compare with (--compare, resolved by
	 * cli/ from a database file or an output folder); NULL: no comparison.
	 * Not an INI setting: a report compares with the round named on its
	 * command line.
	 */
	char *compare;

	struct {                 /* TrueType fonts for the PDF; NULL = Debian defaults */
		char *font_regular, *font_bold, *font_italic, *font_bold_italic;
		char *font_cjk;      /* fallback for CJK text */
		/*
		 * The rows of a table the PDF prints at most (default 2,000; 0: all):
		 * beyond them it says where every row is (the workbook, the JSON).
		 */
		int table_rows;
	} pdf;

	/*
	 * [letter]: the questionnaire topics each of the senators' four
	 * questions is answered from (LETTER_TRANSPARENCY ...), each a list of
	 * topic names; default the topic of the same name (oversight: espionage).
	 */
	struct {
		char **topics[4];
		size_t ntopics[4];
	} letter;

	struct {
		double *cuts;        /* descending tier cut-offs, e.g. 0.75, 0.5 */
		size_t ncuts;
		char **labels;       /* ncuts + 1 tier labels, highest first */
	} index;

	/* [columns:partnerships] (index 0) and [columns:responses] (index 1). */
	struct column_map *colmap[2];
	size_t ncolmap[2];

	struct crosstab *crosstabs;
	size_t ncrosstabs;
	struct flag_rule *flags;
	size_t nflags;
	struct edition *editions;   /* in the file's order; none: one study, as before */
	size_t neditions;
};

/* The senators' four questions, in the letter's order, and their [letter] keys. */
enum letter_question { LETTER_TRANSPARENCY, LETTER_EXPRESSION, LETTER_OVERSIGHT, LETTER_VISA };
extern const char *const config_letter_keys[4];

/*
 * Load and validate path; every problem is listed in err, one line each.
 * On success *out is owned by the caller; on failure it is NULL.
 */
int config_load(const char *path, struct scta_config **out, struct scta_err *err);
/*
 * Like config_load(), but *out is the configuration as far as it could be
 * read even when problems were found (rc != 0), so that a caller can check
 * more before it reports them all; NULL only when the file cannot be read.
 * The caller owns *out either way.
 */
int config_load_partial(const char *path, struct scta_config **out, struct scta_err *err);
void config_free(struct scta_config *cfg);
/* Parse "xlsx, pdf, json" into format bits; 0 ok, -1 unknown word. */
int config_parse_formats(const char *s, unsigned *out, const char **bad);
/* Is status s counted as operating? NULL asks about a status not recorded. */
int config_status_counted(const struct scta_config *cfg, const char *status);

/* ---- questionnaire ---- */

enum question_type { QTYPE_CHOICE, QTYPE_COUNT, QTYPE_AMOUNT, QTYPE_TEXT };

struct scale {
	char *name;              /* [scale:NAME] */
	char **values;           /* what an answer may be */
	char **labels;           /* how reports print them */
	unsigned char *valid;    /* 1 if in the base of percentages */
	size_t n;
	/* aliases = Y=yes, N=no: other spellings of values, as survey tools export them */
	char **alias_text;       /* [naliases] */
	size_t *alias_value;     /* index in values of each alias */
	size_t naliases;
};

struct question {
	char *id;
	char *topic;             /* one of the six topics */
	char *text;
	enum question_type type;
	const struct scale *scale;   /* for QTYPE_CHOICE; points into the questionnaire */
	double weight;           /* default 1 */
	char *safeguard;         /* answer value that counts for the topic index, or NULL */
	int position;            /* order in the file, from 1 */
	char *label;             /* short name for charts; default: the id (NULL = the id) */
	char **aliases;          /* aliases = QPUBLISH, Q1: other column names for it */
	size_t naliases;
};

struct questionnaire {
	char *path;
	char sha256[65];         /* of the file: part of a responses batch's context */
	struct scale *scales;
	size_t nscales;
	struct question *questions;
	size_t nquestions;
	/* [topic:NAME] title and summary, by questionnaire_topics index; NULL = not given */
	char *topic_title[6];
	char *topic_summary[6];
};

/* The six topics, in report order, and their printed names. */
extern const char *const questionnaire_topics[6];
const char *questionnaire_topic_label(const char *topic);
/* Index of topic in questionnaire_topics, or -1. */
int questionnaire_topic_index(const char *topic);
/* The topic's [topic:NAME] title, else its default name (pointer into q or static). */
const char *questionnaire_topic_title(const struct questionnaire *q, const char *topic);
/* Which questions questionnaire_topic_count() counts. */
enum topic_count {
	TOPIC_ANY,               /* every question of the topic */
	TOPIC_TABULATED,         /* choice, count and amount questions (not free text) */
	TOPIC_CHOICE             /* choice questions with a scale (the ones charted) */
};
/* How many questions of the topic there are, of the kind asked for. */
size_t questionnaire_topic_count(const struct questionnaire *q, const char *topic,
				 enum topic_count which);
/*
 * The labels of the answers kept out of percentage bases by the scales that
 * the choice questions use, joined as "Don't know and Not applicable" (each
 * label once, in questionnaire order) into out; empty when there are none.
 */
struct strbuf;
void questionnaire_out_of_base(const struct questionnaire *q, const char *topic,
			       struct strbuf *out);

int questionnaire_load(const char *path, struct questionnaire **out, struct scta_err *err);
void questionnaire_free(struct questionnaire *q);
const struct question *questionnaire_find(const struct questionnaire *q, const char *id);
/* Index of value in scale, or -1. Matching ignores ASCII case. */
int scale_find(const struct scale *s, const char *value);
/*
 * Index of the value an answer as written means: a value, a label or an
 * alias of the scale, ignoring case and surrounding space; or -1.
 */
int scale_match(const struct scale *s, const char *answer);
const char *question_type_name(enum question_type t);

#endif
