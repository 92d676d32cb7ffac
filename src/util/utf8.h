/*
 * utf8.h - UTF-8 validation, decoding and display width.
 */
#ifndef SCTA_UTF8_H
#define SCTA_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Return 1 if s[0..len) is valid UTF-8 (no overlongs, no surrogates, no
 * code point above U+10FFFF), else 0 with *bad set to the offset of the
 * first invalid byte. bad may be NULL.
 */
int utf8_valid(const char *s, size_t len, size_t *bad);

/*
 * Decode one code point at *p (before end), advancing *p. Invalid bytes
 * decode as U+FFFD one byte at a time, so a loop always ends.
 */
uint32_t utf8_next(const char **p, const char *end);

/* Append code point cp to out (which needs room for 4 bytes); returns bytes. */
size_t utf8_encode(uint32_t cp, char *out);

/*
 * The length of the longest prefix of s[0..len) that is at most max bytes
 * and ends on a character boundary (for cutting text to a limit).
 */
size_t utf8_prefix(const char *s, size_t len, size_t max);

/*
 * Width of s in spreadsheet "characters": one per code point, two for East
 * Asian wide characters (CJK, Hangul, kana, full-width forms).
 */
size_t utf8_width(const char *s);

/* 1 if cp is an East Asian wide character (see utf8_width). */
int utf8_is_wide(uint32_t cp);

#endif
