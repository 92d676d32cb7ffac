/* cmd_import.c - `scta import partnerships|responses FILE...`. */
#include "cli/cli.h"
#include "util/err.h"
#include "util/text.h"

#include <stdio.h>
#include <string.h>

int cmd_import(struct cli_opts *o)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct cli_session s;
	enum import_kind kind;
	size_t i;
	int rc;

	if (o->nargs < 2) {
		fprintf(stderr, "scta: usage: scta import partnerships|responses FILE...\n");
		return SCTA_ERR_USAGE;
	}
	if (!strcmp(o->args[0], "partnerships")) {
		kind = IMPORT_PARTNERSHIPS;
	} else if (!strcmp(o->args[0], "responses")) {
		kind = IMPORT_RESPONSES;
	} else {
		fprintf(stderr, "scta: import what? expected 'partnerships' or 'responses' (got '%s')\n",
			o->args[0]);
		return SCTA_ERR_USAGE;
	}
	if ((rc = cli_session_open(&s, o, 1, &err)))
		goto out;
	for (i = 1; i < o->nargs && o->strict; i++)
		if ((rc = cli_strict_check(&s, kind, o->args[i], &err)))
			goto out;
	for (i = 1; i < o->nargs; i++)
		if ((rc = cli_import(&s, kind, o->args[i], &err)))
			goto out;
	if (s.rows_rejected) {
		char n[96];

		cli_note(o, "%s: 'scta check FILE' lists them, and the next report writes them "
			 "to rejects.csv", text_count(s.rows_rejected, "row was rejected",
						      "rows were rejected", n, sizeof(n)));
		rc = SCTA_ERR_REJECTS;
	} else if (s.answers_rejected) {
		char n[96];

		cli_note(o, "%s: 'scta check FILE' lists them, and the next report writes them "
			 "to rejects.csv", text_count(s.answers_rejected, "answer was rejected",
						      "answers were rejected", n, sizeof(n)));
		rc = SCTA_ERR_REJECTS;
	}
out:
	return cli_session_finish(&s, rc, &err);
}
