/* cmd_run.c - `scta run`: import the configured inputs, then report. */
#include "cli/cli.h"
#include "config/config.h"
#include "util/err.h"
#include "util/text.h"

#include <stdio.h>

int cmd_run(struct cli_opts *o)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct cli_session s;
	const char *paths[2];
	const enum import_kind kinds[2] = { IMPORT_PARTNERSHIPS, IMPORT_RESPONSES };
	int rc, i;

	if (o->nargs) {
		fprintf(stderr, "scta: run takes no arguments (inputs come from the config)\n");
		return SCTA_ERR_USAGE;
	}
	if ((rc = cli_session_open(&s, o, 1, &err)))
		goto out;
	paths[0] = s.cfg->input.partnerships;
	paths[1] = s.cfg->input.responses;
	if (!paths[0]) {
		rc = scta_err_set(&err, SCTA_ERR_CONFIG, "%s: [input] partnerships: required for run",
				  s.cfg->path);
		goto out;
	}
	for (i = 0; i < 2 && o->strict; i++)
		if (paths[i] && (rc = cli_strict_check(&s, kinds[i], paths[i], &err)))
			goto out;
	for (i = 0; i < 2; i++)
		if (paths[i] && (rc = cli_import(&s, kinds[i], paths[i], &err)))
			goto out;
	if (paths[1])
		cli_note(o, "all inputs: %lld rows read, %lld loaded, %lld rejected",
			 (long long)s.rows_read, (long long)s.rows_loaded, (long long)s.rows_rejected);
	s.summary = 1;
	if ((rc = cli_report(&s, &err)))
		goto out;
	if (s.rows_rejected) {
		char n[96];

		cli_note(o, "%s: see %s/rejects.csv",
			 text_count(s.rows_rejected, "row was rejected", "rows were rejected", n,
				    sizeof(n)), s.cfg->output.dir);
		rc = SCTA_ERR_REJECTS;
	} else if (s.answers_rejected) {
		char n[96];

		cli_note(o, "%s: see %s/rejects.csv",
			 text_count(s.answers_rejected, "answer was rejected", "answers were rejected",
				    n, sizeof(n)), s.cfg->output.dir);
		rc = SCTA_ERR_REJECTS;
	}
out:
	return cli_session_finish(&s, rc, &err);
}
