/* cmd_report.c - `scta report`: write the outputs from the database. */
#include "cli/cli.h"
#include "util/err.h"

#include <stdio.h>

int cmd_report(struct cli_opts *o)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct cli_session s;
	int rc;

	if (o->nargs) {
		fprintf(stderr, "scta: report takes options only (--out DIR, --format LIST)\n");
		return SCTA_ERR_USAGE;
	}
	if (!(rc = cli_session_open(&s, o, CLI_STORE_EXISTING, &err))) {
		s.summary = 1;
		rc = cli_report(&s, &err);
	}
	return cli_session_finish(&s, rc, &err);
}
