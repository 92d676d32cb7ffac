/*
 * vocab.h - the vocabularies of the data contract, stated once: every value
 * a coded partnership field may take, in the contract's order, with the
 * label reports print; the input encodings; the fields flag rules may test;
 * the output formats.
 *
 * Import validation, the schema's CHECK constraints (checked against these
 * by tests/unit/test_util.c), analysis labels, the workbook's data
 * dictionary, and config validation all read these tables.
 */
#ifndef SCTA_VOCAB_H
#define SCTA_VOCAB_H

#include <stddef.h>

struct strbuf;

struct vocab {
	const char *field;             /* the partnership column it codes */
	const char *const *values;     /* in the contract's order, NULL-terminated */
	const char *const *labels;     /* how reports print each value */
	size_t n;
};

extern const struct vocab vocab_status, vocab_community_type, vocab_agreement_type,
	vocab_agreement_public, vocab_yesno, vocab_activity;

/* Every vocabulary above, NULL-terminated (for the schema check and the dictionary). */
extern const struct vocab *const vocab_all[];

/*
 * What a state law requires of sister-city agreements (state_law.requirement,
 * data/reference/state_laws.csv); not a partnership field, so not in vocab_all.
 */
extern const struct vocab vocab_law_requirement;

/* Index of s in v, ignoring ASCII case; -1 when it is not one of the values. */
int vocab_index(const struct vocab *v, const char *s);
/* The label of value (the value itself when unknown); NULL or "" is "Not recorded". */
const char *vocab_label(const struct vocab *v, const char *value);
/* "a, b or c" (join = "or") or "a, b, c" (join = NULL), appended to sb. */
void vocab_list(const struct vocab *v, const char *join, struct strbuf *sb);

/* The label of a field the records leave blank: never replaced by a default. */
#define VOCAB_NOT_RECORDED "Not recorded"

/*
 * An encoding name as users write it ("UTF8", "Latin1", "win1252", ...) to
 * the name iconv and scta use ("utf-8", "cp1252", "latin1"); NULL when
 * unknown; NULL or "" is "utf-8".
 */
const char *vocab_encoding(const char *name);
/* "utf-8, cp1252 or latin1", for messages. */
#define VOCAB_ENCODINGS "utf-8, cp1252 or latin1"

/* A partnership field a flag rule may test: its name, a column of the flag query. */
struct vocab_flag_field {
	const char *name;
	/*
	 * 0 text; 1 compared as a number (cpi, established_year); 2 a ';'-list
	 * of state-law ids (law), where = and != test membership, `any` is any
	 * law and `none` no law.
	 */
	int numeric;
};
extern const struct vocab_flag_field vocab_flag_fields[];
extern const size_t vocab_nflag_fields;
/* The flag field named name (ignoring ASCII case), or NULL. */
const struct vocab_flag_field *vocab_flag_field(const char *name);

/*
 * The output formats, in the order they are written and timed: the name
 * users write in `[output] formats` and `--format`, the file extension,
 * what --timings calls it, and its bit in scta_config.output.formats. The
 * writer of each is bound by bit in report/report.c (a test checks both
 * cover the same formats).
 */
enum vocab_format_bit {
	FORMAT_XLSX = 1u << 0,
	FORMAT_PDF = 1u << 1,
	FORMAT_JSON = 1u << 2,
	FORMAT_HTML = 1u << 3
};
#define VOCAB_NFORMATS 4
struct vocab_format {
	const char *name;
	const char *ext;
	const char *label;
	unsigned bit;
};
extern const struct vocab_format vocab_formats[VOCAB_NFORMATS];
/* The format named name (ignoring ASCII case and spaces), or NULL. */
const struct vocab_format *vocab_format(const char *name);
/* "xlsx, pdf or json", for messages. */
void vocab_format_list(struct strbuf *sb);

#endif
