/*
 * refdata.h - the reference CSV files compiled into the program
 * (generated from data/reference/ by cmake/embed.cmake).
 */
#ifndef SCTA_REFDATA_H
#define SCTA_REFDATA_H

#include <stddef.h>

struct refdata_file {
	const char *name;   /* file name, e.g. "cpi.csv" */
	const char *data;   /* its bytes, NUL-terminated */
	size_t len;         /* without the NUL */
};

/* Terminated by an entry whose name is NULL. */
extern const struct refdata_file refdata_files[];

#endif
