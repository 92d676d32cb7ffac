/*
 * err.c - the error record (err.h): the first error recorded wins.
 */
#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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

int scta_err_add(struct scta_err *all, struct scta_err *one)
{
	size_t len, room;

	if (!one || !one->code)
		return all->code;
	if (!all->code) {
		*all = *one;
		scta_err_clear(one);
		return all->code;
	}
	len = strlen(all->msg);
	room = sizeof(all->msg) - len;
	if (room > strlen(one->msg) + 5)
		snprintf(all->msg + len, room, "\n%s", one->msg);
	else if (room > 5 && strcmp(all->msg + len - 3, "..."))
		snprintf(all->msg + len, room, "\n...");
	scta_err_clear(one);
	return all->code;
}
