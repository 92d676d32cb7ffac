/*
 * err.c - the error record (err.h): the first error recorded wins.
 */
#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>

int scta_err_set(struct scta_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err || err->code)
		return err && err->code ? err->code : code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

void scta_err_clear(struct scta_err *err)
{
	if (!err)
		return;
	err->code = 0;
	err->msg[0] = '\0';
}
