/*
 * strbuf.h - a growable byte string whose buf is never NULL (after git).
 *
 * `buf` is always NUL-terminated. A strbuf owns its buffer; strbuf_release()
 * frees it and leaves an empty strbuf; strbuf_detach() hands it to the caller.
 */
#ifndef SCTA_STRBUF_H
#define SCTA_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
};

extern char strbuf_slopbuf[];
#define STRBUF_INIT { strbuf_slopbuf, 0, 0 }

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
char *strbuf_detach(struct strbuf *sb);         /* caller frees */
void strbuf_reset(struct strbuf *sb);           /* len = 0, keeps memory */
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void strbuf_trim(struct strbuf *sb);            /* ASCII white space */
/* Append `s` with JSON string escaping (no surrounding quotes). */
void strbuf_add_json(struct strbuf *sb, const char *s);

#endif
