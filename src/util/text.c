/*
 * text.c - strict numbers and dates, matching keys for names, counts in
 * words.
 */
#include "util/text.h"
#include "util/strbuf.h"
#include "util/utf8.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

int text_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char *end;
	long long v;

	if (!s || !*s || is_space((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int text_real(const char *s, double *out)
{
	char *end;
	double v;

	if (!s || !*s || is_space((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

static int digits(const char *s, int n)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int text_date(const char *s, struct date *out)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	size_t len = s ? strlen(s) : 0;
	struct date d = { 0, 0, 0 };

	if (len != 4 && len != 7 && len != 10)
		return -1;
	d.y = digits(s, 4);
	if (d.y < 1000 || d.y > 2999)
		return -1;
	if (len >= 7) {
		if (s[4] != '-')
			return -1;
		d.m = digits(s + 5, 2);
		if (d.m < 1 || d.m > 12)
			return -1;
	}
	if (len == 10) {
		int leap = (d.y % 4 == 0 && d.y % 100 != 0) || d.y % 400 == 0;
		int max = mdays[d.m - 1] + (d.m == 2 && leap);

		if (s[7] != '-')
			return -1;
		d.d = digits(s + 8, 2);
		if (d.d < 1 || d.d > max)
			return -1;
	}
	*out = d;
	return 0;
}

void text_date_fmt(const struct date *d, char buf[16])
{
	if (d->d)
		snprintf(buf, 16, "%04d-%02d-%02d", d->y, d->m, d->d);
	else if (d->m)
		snprintf(buf, 16, "%04d-%02d", d->y, d->m);
	else
		snprintf(buf, 16, "%04d", d->y);
}

/* ASCII spelling of a Latin letter with a diacritic, or NULL. */
static const char *fold_latin(uint32_t cp)
{
	static const char *const l1[64] = {
		/* U+00C0 */ "a", "a", "a", "a", "a", "a", "ae", "c",
		"e", "e", "e", "e", "i", "i", "i", "i",
		"d", "n", "o", "o", "o", "o", "o", NULL,
		"o", "u", "u", "u", "u", "y", "th", "ss",
		/* U+00E0 */ "a", "a", "a", "a", "a", "a", "ae", "c",
		"e", "e", "e", "e", "i", "i", "i", "i",
		"d", "n", "o", "o", "o", "o", "o", NULL,
		"o", "u", "u", "u", "u", "y", "th", "y",
	};
	/* U+0100..U+017F: the base ASCII letter of each code point. */
	static const char ext_a[] =
		"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkk"
		"llllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuu"
		"wwyyyzzzzzzs";
	static const char letters[] =
		"a\0b\0c\0d\0e\0f\0g\0h\0i\0j\0k\0l\0m\0n\0o\0p\0q\0r\0s\0t\0u\0v\0w\0x\0y\0z";

	if (cp >= 0xC0 && cp <= 0xFF)
		return l1[cp - 0xC0];
	if (cp >= 0x100 && cp <= 0x17F && cp - 0x100 < sizeof(ext_a) - 1) {
		if (cp == 0x152 || cp == 0x153)
			return "oe";
		if (cp == 0x132 || cp == 0x133)
			return "ij";
		return letters + 2 * (ext_a[cp - 0x100] - 'a');
	}
	if (cp == 0x2018 || cp == 0x2019 || cp == 0x02BC)
		return "'";
	return NULL;
}

void text_key(const char *s, struct strbuf *out)
{
	const char *end = s + strlen(s);
	int pending_space = 0;

	strbuf_reset(out);
	while (s < end) {
		uint32_t cp = utf8_next(&s, end);
		char enc[4];
		const char *rep = NULL;
		size_t n, i;

		if (cp < 0x80) {
			enc[0] = (char)cp;
			enc[1] = '\0';
			rep = enc;
		} else {
			rep = fold_latin(cp);
		}
		if (!rep) {
			n = utf8_encode(cp, enc);
			if (pending_space && out->len)
				strbuf_addch(out, ' ');
			pending_space = 0;
			strbuf_add(out, enc, n);
			continue;
		}
		for (i = 0; rep[i]; i++) {
			int c = (unsigned char)rep[i];

			if (c == '\'' || c == '.')
				continue;
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			    (c >= 'A' && c <= 'Z')) {
				if (pending_space && out->len)
					strbuf_addch(out, ' ');
				pending_space = 0;
				strbuf_addch(out, c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
			} else {
				pending_space = 1;
			}
		}
	}
}

int text_ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		int x = (unsigned char)*a, y = (unsigned char)*b;

		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y)
			return 0;
	}
	return *a == *b;
}

int text_blank(const char *s)
{
	if (!s)
		return 1;
	for (; *s; s++)
		if (!is_space((unsigned char)*s))
			return 0;
	return 1;
}

char *text_trim(char *s)
{
	size_t a = 0, b = strlen(s);

	while (a < b && is_space((unsigned char)s[a]))
		a++;
	while (b > a && is_space((unsigned char)s[b - 1]))
		b--;
	memmove(s, s + a, b - a);
	s[b - a] = '\0';
	return s;
}

int text_formula_like(const char *s)
{
	return s && (*s == '=' || *s == '+' || *s == '-' || *s == '@');
}

const char *text_num(int64_t v, char buf[32])
{
	char tmp[32];
	int n, i, o = 0;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	n = snprintf(tmp, sizeof(tmp), "%llu", (unsigned long long)u);
	if (v < 0)
		buf[o++] = '-';
	for (i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = tmp[i];
	}
	buf[o] = '\0';
	return buf;
}

const char *text_count(int64_t n, const char *one, const char *many, char *buf, size_t size)
{
	char num[32];

	snprintf(buf, size, "%s %s", text_num(n, num), n == 1 ? one : many);
	return buf;
}

int text_unsafe_cp(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF ||
	       cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

uint32_t text_unsafe(const char *s, size_t len, size_t *off)
{
	const char *p = s, *end = s + len;

	while (p < end) {
		const char *at = p;
		uint32_t cp;

		/* Printable ASCII, the common case, without decoding. */
		if ((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7F) {
			p++;
			continue;
		}
		cp = utf8_next(&p, end);
		if (text_unsafe_cp(cp)) {
			if (off)
				*off = (size_t)(at - s);
			return cp;
		}
	}
	return 0;
}

void text_visible(const char *s, size_t len, struct strbuf *out)
{
	const char *p = s, *end = s + len;

	while (p < end) {
		size_t off;
		uint32_t cp = text_unsafe(p, (size_t)(end - p), &off);

		if (!cp) {
			strbuf_add(out, p, (size_t)(end - p));
			return;
		}
		strbuf_add(out, p, off);
		p += off;
		utf8_next(&p, end);
		if (cp == '\n')
			strbuf_adds(out, "\\n");
		else if (cp == '\r')
			strbuf_adds(out, "\\r");
		else if (cp == '\t')
			strbuf_adds(out, "\\t");
		else if (cp < 0x80)
			strbuf_addf(out, "\\x%02X", (unsigned)cp);
		else
			strbuf_addf(out, "\\u%04X", (unsigned)cp);
	}
}

void text_file_part(const char *s, size_t max, struct strbuf *out)
{
	const char *p = s, *end = s + strlen(s);
	uint64_t h = 0xcbf29ce484222325ull;    /* FNV-1a, 64 bits */
	int dropped = 0;
	size_t keep;

	strbuf_reset(out);
	for (; *p; p++) {
		h ^= (unsigned char)*p;
		h *= 0x100000001b3ull;
	}
	for (p = s; p < end;) {
		const char *at = p;
		uint32_t cp = utf8_next(&p, end);

		if (text_unsafe_cp(cp) || cp == '/' || cp == 0xFFFD) {
			dropped = 1;
			continue;
		}
		strbuf_add(out, at, (size_t)(p - at));
	}
	if (!dropped && out->len <= max)
		return;
	keep = utf8_prefix(out->buf, out->len, max - 11);
	out->len = keep;
	out->buf[keep] = '\0';
	strbuf_addf(out, "-%010llx", (unsigned long long)(h & 0xFFFFFFFFFFull));
}

int text_ieq_trimmed(const char *a, const char *b)
{
	size_t la, lb, i;

	while (*a == ' ' || *a == '\t')
		a++;
	while (*b == ' ' || *b == '\t')
		b++;
	la = strlen(a);
	lb = strlen(b);
	while (la && (a[la - 1] == ' ' || a[la - 1] == '\t'))
		la--;
	while (lb && (b[lb - 1] == ' ' || b[lb - 1] == '\t'))
		lb--;
	if (la != lb)
		return 0;
	for (i = 0; i < la; i++) {
		int ca = (unsigned char)a[i], cb = (unsigned char)b[i];

		if (ca >= 'A' && ca <= 'Z')
			ca += 'a' - 'A';
		if (cb >= 'A' && cb <= 'Z')
			cb += 'a' - 'A';
		if (ca != cb)
			return 0;
	}
	return 1;
}
