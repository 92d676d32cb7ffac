/*
 * embed.h - files compiled into the program by cmake/embed.cmake (the
 * reference data, the store schema), so the program never depends on the
 * directory it runs from.
 */
#ifndef SCTA_EMBED_H
#define SCTA_EMBED_H

#include <stddef.h>

struct embedded_file {
	const char *name;   /* file name, e.g. "cpi.csv" */
	const char *data;   /* its bytes, NUL-terminated; static, never freed */
	size_t len;         /* without the NUL */
};

#endif
