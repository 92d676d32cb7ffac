/*
 * mem.h - allocation that cannot fail.
 *
 * Out of memory is not a condition scta can report usefully row by row, so,
 * like git's xmalloc, these print one line and abort. Everything they return
 * is owned by the caller and released with free().
 */
#ifndef SCTA_MEM_H
#define SCTA_MEM_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grow *p (of *cap elements of `size`) so it holds at least `need`. */
void xgrow(void **p, size_t *cap, size_t need, size_t size);
char *xstrdup(const char *s);           /* NULL stays NULL */
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define XGROW(arr, cap, need) xgrow((void **)&(arr), &(cap), (need), sizeof(*(arr)))

#endif
