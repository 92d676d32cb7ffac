/*
 * text.h - strict parsing of numbers and dates, and matching keys for names.
 */
#ifndef SCTA_TEXT_H
#define SCTA_TEXT_H

#include <stddef.h>
#include <stdint.h>

struct strbuf;

/* Parse all of s as a decimal integer in [min, max]. 0 ok, -1 not. */
int text_int(const char *s, int64_t min, int64_t max, int64_t *out);
/* Parse all of s as a finite decimal number. 0 ok, -1 not. */
int text_real(const char *s, double *out);

/* A calendar date of year, year-month or full precision. */
struct date {
	int y, m, d;        /* m, d are 0 when absent */
};
/*
 * Parse YYYY, YYYY-MM or YYYY-MM-DD (years 1000-2999, real calendar days).
 * Returns 0 ok, -1 not.
 */
int text_date(const char *s, struct date *out);
/* Write the ISO form of d ("2014", "2014-05", "2014-05-07") to buf (11+). */
void text_date_fmt(const struct date *d, char buf[16]);

/*
 * Matching key for names: ASCII case folded, common Latin accents removed
 * (é -> e, ø -> o, ß -> ss), apostrophes and dots dropped, other
 * punctuation turned into spaces, runs of spaces collapsed, trimmed.
 * "People's Republic of China" -> "peoples republic of china",
 * "D.C." -> "dc", "Côte d'Ivoire" -> "cote divoire". Replaces out.
 */
void text_key(const char *s, struct strbuf *out);

/* ASCII case-insensitive equality. */
int text_ieq(const char *a, const char *b);
/* The same, ignoring spaces and tabs around either (headers, answers, mapped names). */
int text_ieq_trimmed(const char *a, const char *b);
/* 1 if s is NULL or only white space. */
int text_blank(const char *s);
/* Trim ASCII white space in place, returning s. */
char *text_trim(char *s);
/*
 * A count with its noun in agreeing number: "1 partnership", "2,336
 * partnerships" (thousands separated). one and many are the whole phrase
 * after the number ("row was rejected" / "rows were rejected"). Writes buf
 * (size bytes, cut if short) and returns it.
 */
const char *text_count(int64_t n, const char *one, const char *many, char *buf, size_t size);
/* n with thousands separators ("2,336"); buf of 32 bytes. */
const char *text_num(int64_t n, char buf[32]);

/* Does s begin like a spreadsheet formula (=, +, -, @)? */
int text_formula_like(const char *s);

/*
 * Is cp a character that must not reach a file name, a terminal or a
 * document unseen: a C0 or C1 control, DEL, U+FFFE/U+FFFF (not allowed in
 * XML), or a bidirectional control (U+061C, U+200E/F, U+202A-U+202E,
 * U+2066-U+2069), which can make text read backwards?
 */
int text_unsafe_cp(uint32_t cp);
/*
 * The first unsafe code point of s[0..len) (see text_unsafe_cp), or 0 when
 * there is none; *off (may be NULL) is its byte offset.
 */
uint32_t text_unsafe(const char *s, size_t len, size_t *off);
/*
 * Append s[0..len) to out with every unsafe code point shown visibly:
 * "\n", "\r", "\t", "\xHH" for other C0 controls and DEL, "\uXXXX"
 * for the rest. Text without any is appended unchanged.
 */
void text_visible(const char *s, size_t len, struct strbuf *out);
/*
 * A piece of a file name made from data: unsafe code points and '/' are
 * dropped, and when anything was dropped or s is longer than max bytes
 * (max >= 16) it is cut (on a character boundary) and given a stable
 * "-" + 10 hex digit hash of all of s, so different s give different
 * pieces. Replaces out.
 */
void text_file_part(const char *s, size_t max, struct strbuf *out);

#endif
