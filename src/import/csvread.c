/*
 * csvread.c - bytes to CSV records: the only file that includes <csv.h>.
 *
 * The input is read 64 KiB at a time (converted to UTF-8 by iconv when it
 * is cp1252 or latin1) and handed to libcsv one physical line at a time, so
 * that every record knows the line it starts on even when quoted fields
 * hold newlines, and a record whose quoting is broken can be set aside
 * (skipping to the end of its line) without losing the rest of the file.
 * Memory is bounded by the longest record, never by the file.
 */
#include "import/import_int.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/utf8.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define READ_CHUNK (64 * 1024)
/* cp1252 needs at most 3 UTF-8 bytes per input byte. */
#define CONV_CHUNK (4 * READ_CHUNK)
/* A record beyond this is not data anyone typed: the file is refused. */
#define ROW_MAX_BYTES (16u * 1024 * 1024)
/* Fields of one record kept in memory; more are counted, not kept. */
#define ROW_MAX_FIELDS 100000
/* What is kept of an over-long field: enough for the reject record. */
#define LONG_KEEP 256

/* libcsv's parser states (libcsv.c); struct csv_parser exposes pstate. */
#define LIBCSV_ROW_NOT_BEGUN 0
#define LIBCSV_FIELD_BEGUN 2

enum reader_fail { FAIL_NONE, FAIL_FIELD_TOO_BIG, FAIL_ROW_TOO_BIG };

struct import_reader {
	struct csv_parser p;
	char *name;
	FILE *fp;
	const char *mem;             /* or read from memory */
	size_t memlen, mempos;
	iconv_t cd;
	int convert;
	const char *encoding;
	char *raw;                   /* bytes read, [READ_CHUNK] */
	size_t rawlen;               /* of which an incomplete sequence is kept here */
	char *conv;                  /* converted bytes, [CONV_CHUNK] */
	const char *buf;             /* what is being parsed: raw or conv */
	size_t blen, bpos;
	int eof, finished, started;
	uint64_t bytes;
	int64_t line;                /* line of buf[bpos] */
	int pending_cr;              /* buf ended in CR: is the next byte LF? */
	int skip_line;               /* dropping the rest of a malformed line */
	int64_t row_line, quote_line;
	int field_ended;             /* a field ended during the current segment */
	enum reader_fail fail;
	/* the record being built */
	struct strbuf arena;
	size_t *off;
	unsigned char *flags;
	size_t nkept, cap, fcap, nfields, rowbytes;
	int row_ready, malformed;
	/* the record handed out */
	struct import_record rec;
	char **ptrs;
	size_t pcap;
};

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/*
 * libcsv grows its field buffer with this; refusing beyond IMPORT_MAX_FIELD
 * makes csv_parse() stop with CSV_ENOMEM instead of swallowing a whole
 * binary file as one field. Within the limit, running out of memory aborts
 * like every other allocation (xrealloc).
 */
static void *limited_realloc(void *p, size_t n)
{
	if (n > (size_t)IMPORT_MAX_FIELD + 1)
		return NULL;
	return xrealloc(p, n);
}

static void parser_init(struct import_reader *r)
{
	csv_init(&r->p, CSV_STRICT);
	csv_set_realloc_func(&r->p, limited_realloc);
	csv_set_free_func(&r->p, free);
	csv_set_blk_size(&r->p, 16 * 1024);
}

/* s[0..len) in UTF-16 code units (a character beyond U+FFFF is two), as Excel counts. */
static size_t cell_units(const char *s, size_t len)
{
	const char *p = s, *end = s + len;
	size_t n = 0;

	while (p < end)
		n += utf8_next(&p, end) > 0xFFFF ? 2 : 1;
	return n;
}

static void on_field(void *data, size_t len, void *ctx)
{
	struct import_reader *r = ctx;
	const char *s = data ? data : "";
	const char *nul;
	unsigned char flags = 0;

	r->field_ended = 1;
	r->nfields++;
	if (len > IMPORT_MAX_FIELD) {
		r->fail = FAIL_FIELD_TOO_BIG;
		return;
	}
	if (!data)
		len = 0;
	if (r->nkept >= ROW_MAX_FIELDS)
		return;
	while (len && is_space((unsigned char)*s))
		s++, len--;
	while (len && is_space((unsigned char)s[len - 1]))
		len--;
	nul = memchr(s, '\0', len);
	if (nul) {
		flags |= IMPORT_FIELD_NUL;
		len = (size_t)(nul - s);
	}
	/* The limit is in characters (UTF-16 units, as Excel counts): more bytes may fit. */
	if (len > IMPORT_MAX_CELL && cell_units(s, len) > IMPORT_MAX_CELL) {
		flags |= IMPORT_FIELD_LONG;
		len = utf8_prefix(s, len, LONG_KEEP);
	}
	r->rowbytes += len + 1;
	if (r->rowbytes > ROW_MAX_BYTES) {
		r->fail = FAIL_ROW_TOO_BIG;
		return;
	}
	XGROW(r->off, r->cap, r->nkept + 1);
	XGROW(r->flags, r->fcap, r->nkept + 1);
	r->off[r->nkept] = r->arena.len;
	r->flags[r->nkept] = flags;
	strbuf_add(&r->arena, s, len);
	strbuf_addch(&r->arena, '\0');
	r->nkept++;
}

static void on_row(int c, void *ctx)
{
	struct import_reader *r = ctx;

	(void)c;
	r->row_ready = 1;
}

static struct import_reader *reader_new(const char *name)
{
	struct import_reader *r = xcalloc(1, sizeof(*r));

	r->name = xstrdup(name);
	r->cd = (iconv_t)-1;
	r->encoding = "utf-8";
	r->line = 1;
	strbuf_init(&r->arena);
	parser_init(r);
	return r;
}

int import_reader_open(const char *path, const char *name, const char *encoding,
		       struct import_reader **out, struct scta_err *err)
{
	struct import_reader *r = reader_new(name);
	int rc = 0;

	*out = NULL;
	r->raw = xmalloc(READ_CHUNK);
	if (encoding && strcmp(encoding, "utf-8")) {
		r->encoding = encoding;
		r->cd = iconv_open("UTF-8", !strcmp(encoding, "cp1252") ? "CP1252" : "ISO-8859-1");
		if (r->cd == (iconv_t)-1) {
			rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: cannot convert from %s: %s",
					  name, encoding, strerror(errno));
			goto out;
		}
		r->convert = 1;
		r->conv = xmalloc(CONV_CHUNK);
	}
	r->fp = fopen(path, "rb");
	if (!r->fp) {
		rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: cannot open: %s", name, strerror(errno));
		goto out;
	}
	*out = r;
	r = NULL;
out:
	import_reader_free(r);
	return rc;
}

void import_reader_mem(const char *name, const char *data, size_t len, struct import_reader **out)
{
	struct import_reader *r = reader_new(name);

	r->mem = data;
	r->memlen = len;
	*out = r;
}

void import_reader_free(struct import_reader *r)
{
	if (!r)
		return;
	csv_free(&r->p);
	if (r->fp)
		fclose(r->fp);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	free(r->raw);
	free(r->conv);
	free(r->name);
	strbuf_release(&r->arena);
	free(r->off);
	free(r->flags);
	free(r->ptrs);
	free(r);
}

uint64_t import_reader_bytes(const struct import_reader *r)
{
	return r->bytes;
}

/* Line breaks in s[0..n): LF, CRLF or a lone CR each end one line. */
static int64_t count_breaks(const char *s, size_t n, int *pending_cr)
{
	int64_t lines = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (*pending_cr) {
			*pending_cr = 0;
			if (s[i] != '\n')
				lines++;
		}
		if (s[i] == '\n')
			lines++;
		else if (s[i] == '\r')
			*pending_cr = 1;
	}
	return lines;
}

/* The line of the byte at conv[n] (converted but not yet parsed). */
static int64_t line_at(const struct import_reader *r, const char *s, size_t n)
{
	int cr = r->pending_cr;

	return r->line + count_breaks(s, n, &cr);
}

/* Read the next chunk into buf; sets eof when the input is exhausted. */
static int fill(struct import_reader *r, struct scta_err *err)
{
	size_t got;

	r->bpos = r->blen = 0;
	if (r->mem) {
		/* Memory is parsed in place, in chunks like a file. */
		got = r->memlen - r->mempos < READ_CHUNK ? r->memlen - r->mempos : READ_CHUNK;
		r->buf = r->mem + r->mempos;
		r->blen = got;
		r->mempos += got;
		r->bytes += got;
		if (!got)
			r->eof = 1;
		goto bom;
	}
	got = fread(r->raw + r->rawlen, 1, READ_CHUNK - r->rawlen, r->fp);
	if (ferror(r->fp))
		return scta_err_set(err, SCTA_ERR_RUNTIME, "%s: read error: %s", r->name,
				    strerror(errno));
	r->bytes += got;
	if (!got) {
		if (r->rawlen)
			return scta_err_set(err, SCTA_ERR_RUNTIME,
					    "%s:%lld: incomplete character at the end of the file",
					    r->name, (long long)r->line);
		r->eof = 1;
		return 0;
	}
	r->rawlen += got;
	if (!r->convert) {
		r->buf = r->raw;
		r->blen = r->rawlen;
		r->rawlen = 0;
	} else {
		char *in = r->raw, *outp = r->conv;
		size_t inleft, outleft = CONV_CHUNK;

		/* A UTF-8 BOM means nothing in cp1252 or latin1: drop it before converting. */
		if (!r->started && r->rawlen >= 3 && !memcmp(r->raw, "\xEF\xBB\xBF", 3)) {
			memmove(r->raw, r->raw + 3, r->rawlen - 3);
			r->rawlen -= 3;
		}
		inleft = r->rawlen;

		if (iconv(r->cd, &in, &inleft, &outp, &outleft) == (size_t)-1 && errno != EINVAL) {
			size_t done = (size_t)(outp - r->conv);

			if (errno == EILSEQ)
				return scta_err_set(err, SCTA_ERR_RUNTIME,
						    "%s:%lld: byte 0x%02X is not a %s character",
						    r->name, (long long)line_at(r, r->conv, done),
						    (unsigned char)*in, r->encoding);
			return scta_err_set(err, SCTA_ERR_RUNTIME, "%s: cannot convert from %s: %s",
					    r->name, r->encoding, strerror(errno));
		}
		/* An incomplete multibyte sequence waits for the next read. */
		memmove(r->raw, in, inleft);
		r->rawlen = inleft;
		r->buf = r->conv;
		r->blen = (size_t)(outp - r->conv);
	}
bom:
	if (!r->started && r->blen) {
		r->started = 1;
		if (r->blen >= 3 && !memcmp(r->buf, "\xEF\xBB\xBF", 3))
			r->bpos = 3;
	}
	return 0;
}

static void row_reset(struct import_reader *r)
{
	strbuf_reset(&r->arena);
	r->nkept = r->nfields = r->rowbytes = 0;
	r->row_ready = r->malformed = 0;
}

static void row_hand_out(struct import_reader *r, const struct import_record **rec)
{
	size_t i;

	XGROW(r->ptrs, r->pcap, r->nkept + 1);
	for (i = 0; i < r->nkept; i++)
		r->ptrs[i] = r->arena.buf + r->off[i];
	r->rec.line = r->row_line;
	r->rec.n = r->nfields;
	r->rec.nkept = r->nkept;
	r->rec.f = r->ptrs;
	r->rec.flags = r->flags;
	r->rec.malformed = r->malformed;
	*rec = &r->rec;
}

static int refuse_fail(struct import_reader *r, struct scta_err *err)
{
	if (r->fail == FAIL_ROW_TOO_BIG)
		return scta_err_set(err, SCTA_ERR_RUNTIME,
				    "%s:%lld: record longer than %u MiB; this does not look like a "
				    "CSV file", r->name, (long long)r->row_line, ROW_MAX_BYTES >> 20);
	return scta_err_set(err, SCTA_ERR_RUNTIME,
			    "%s:%lld: field longer than %d bytes; this does not look like a CSV "
			    "file (is a quote left open?)", r->name, (long long)r->row_line,
			    IMPORT_MAX_FIELD);
}

/* Feed one segment: buf[bpos..] up to and including the next line break. */
static int feed_segment(struct import_reader *r, struct scta_err *err)
{
	const char *s = r->buf + r->bpos;
	size_t avail = r->blen - r->bpos, len = 0, used;
	int was_quoted, ends_line;
	char last;

	while (len < avail && s[len] != '\n' && s[len] != '\r')
		len++;
	if (len < avail)
		len++;
	last = s[len - 1];
	ends_line = last == '\n' || last == '\r';
	if (r->pending_cr) {
		r->pending_cr = 0;
		if (s[0] != '\n')
			r->line++;
	}
	if (r->skip_line) {
		r->skip_line = !ends_line;
	} else {
		if (r->p.pstate == LIBCSV_ROW_NOT_BEGUN)
			r->row_line = r->line;
		was_quoted = r->p.pstate == LIBCSV_FIELD_BEGUN && r->p.quoted;
		r->field_ended = 0;
		used = csv_parse(&r->p, s, len, on_field, on_row, r);
		if (r->fail)
			return refuse_fail(r, err);
		if (used < len) {
			if (csv_error(&r->p) != CSV_EPARSE) {
				r->fail = FAIL_FIELD_TOO_BIG;
				return refuse_fail(r, err);
			}
			/* Broken quoting: hand out what was read and resume at the next line. */
			csv_free(&r->p);
			parser_init(r);
			r->malformed = 1;
			r->row_ready = 1;
			r->skip_line = !ends_line;
		} else if (r->p.pstate == LIBCSV_FIELD_BEGUN && r->p.quoted &&
			   (!was_quoted || r->field_ended)) {
			r->quote_line = r->line;
		}
	}
	if (last == '\n')
		r->line++;
	else if (last == '\r')
		r->pending_cr = 1;
	r->bpos += len;
	return 0;
}

int import_reader_next(struct import_reader *r, const struct import_record **rec,
		       struct scta_err *err)
{
	int rc;

	*rec = NULL;
	row_reset(r);
	for (;;) {
		if (r->row_ready) {
			row_hand_out(r, rec);
			return 0;
		}
		if (r->finished)
			return 0;
		if (r->bpos < r->blen) {
			rc = feed_segment(r, err);
			if (rc)
				return rc;
			continue;
		}
		if (r->eof) {
			if (r->p.pstate == LIBCSV_FIELD_BEGUN && r->p.quoted)
				return scta_err_set(err, SCTA_ERR_RUNTIME,
						    "%s:%lld: unterminated quoted field (the quote "
						    "opened on this line is never closed)",
						    r->name, (long long)r->quote_line);
			r->finished = 1;
			csv_fini(&r->p, on_field, on_row, r);
			if (r->fail)
				return refuse_fail(r, err);
			continue;
		}
		rc = fill(r, err);
		if (rc)
			return rc;
	}
}

/*
 * Bytes at the end of s[0..n) that begin a UTF-8 sequence the chunk cuts
 * short: they are carried over to be checked with the next chunk.
 */
static size_t utf8_tail(const unsigned char *s, size_t n)
{
	size_t back;

	for (back = 1; back <= 3 && back <= n; back++) {
		unsigned char c = s[n - back];
		size_t need;

		if ((c & 0xC0) == 0x80)
			continue;
		if (c >= 0xF0)
			need = 4;
		else if (c >= 0xE0)
			need = 3;
		else if (c >= 0xC0)
			need = 2;
		else
			return 0;
		return need > back ? back : 0;
	}
	return 0;
}

int import_scan(const char *path, const char *name, int check_utf8, char sha256[65],
		uint64_t *size, struct scta_err *err)
{
	struct sha256 h;
	FILE *fp = NULL;
	unsigned char *buf = NULL;
	size_t carry = 0, got, tail, bad;
	int64_t line = 1;
	int pending_cr = 0, rc = 0;

	sha256_init(&h);
	*size = 0;
	fp = fopen(path, "rb");
	if (!fp) {
		rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: cannot open: %s", name, strerror(errno));
		goto out;
	}
	buf = xmalloc(READ_CHUNK + 4);
	for (;;) {
		got = fread(buf + carry, 1, READ_CHUNK, fp);
		if (ferror(fp)) {
			rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: read error: %s", name,
					  strerror(errno));
			goto out;
		}
		sha256_update(&h, buf + carry, got);
		*size += got;
		if (!check_utf8) {
			if (!got)
				break;
			continue;
		}
		got += carry;
		/* At the end of the file nothing is carried: a cut sequence is invalid. */
		tail = got > carry ? utf8_tail(buf, got) : 0;
		if (!utf8_valid((const char *)buf, got - tail, &bad)) {
			line += count_breaks((const char *)buf, bad, &pending_cr);
			rc = scta_err_set(err, SCTA_ERR_RUNTIME,
					  "%s:%lld: not valid UTF-8 (byte 0x%02X); if the file was saved "
					  "by Excel on Windows, try --encoding cp1252",
					  name, (long long)line, buf[bad]);
			goto out;
		}
		if (got == carry)
			break;
		line += count_breaks((const char *)buf, got - tail, &pending_cr);
		memmove(buf, buf + got - tail, tail);
		carry = tail;
	}
	sha256_hex(&h, sha256);
out:
	sha256_release(&h);
	if (fp)
		fclose(fp);
	free(buf);
	return rc;
}
