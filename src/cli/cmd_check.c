/*
 * cmd_check.c - `scta check FILE...`: validate inputs against the data
 * contract in a throw-away in-memory store; write nothing; list every
 * problem.
 */
#include "cli/cli.h"
#include "config/config.h"
#include "import/import.h"
#include "store/store.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/mem.h"
#include "util/strbuf.h"
#include "util/text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Which kind of input a file is, from the words of its header line:
 * partnerships name foreign_country; responses name response_id.
 */
static int detect_kind(const char *path, enum import_kind *kind, struct scta_err *err)
{
	struct strbuf line = STRBUF_INIT, key = STRBUF_INIT;
	FILE *fp = fopen(path, "rb");
	int c, rc = 0;

	if (!fp)
		return scta_err_set(err, SCTA_ERR_RUNTIME, "%s: cannot open: %s", path, strerror(errno));
	while ((c = fgetc(fp)) != EOF && c != '\n' && line.len < 65536)
		strbuf_addch(&line, c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	fclose(fp);
	if (strstr(line.buf, "foreign_country"))
		*kind = IMPORT_PARTNERSHIPS;
	else if (strstr(line.buf, "response_id"))
		*kind = IMPORT_RESPONSES;
	else
		rc = scta_err_set(err, SCTA_ERR_RUNTIME,
				  "%s:1: cannot tell the kind of file: a partnerships header names "
				  "foreign_country, a responses header names response_id", path);
	strbuf_release(&line);
	strbuf_release(&key);
	return rc;
}

/* One problem, one line: a value's newlines and escape sequences are shown escaped. */
static void print_problem(void *ctx, const struct import_problem *p)
{
	struct strbuf sb = STRBUF_INIT;

	(void)ctx;
	if (p->column && *p->column)
		strbuf_addf(&sb, "%s:%lld: column '%s': %s (got '%s')", p->file, (long long)p->line,
			    p->column, p->reason, p->value ? p->value : "");
	else
		strbuf_addf(&sb, "%s:%lld: %s", p->file, (long long)p->line, p->reason);
	cli_print_visible(stdout, sb.buf);
	fputc('\n', stdout);
	strbuf_release(&sb);
}

static void print_warning(void *ctx, const char *file, const char *msg)
{
	const struct cli_opts *o = ctx;

	cli_note(o, "%s: warning: %s", file, msg);
}

int cmd_check(struct cli_opts *o)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct cli_session s;
	size_t i;
	int rc, created = 0, found = 0;

	if (!o->nargs) {
		fprintf(stderr, "scta: usage: scta check FILE...\n");
		return SCTA_ERR_USAGE;
	}
	if ((rc = cli_session_open(&s, o, 0, &err)))
		goto out;
	/* Reference data in a database that lives only as long as the check. */
	if ((rc = store_open(":memory:", &created, &s.st, &err)) ||
	    (rc = store_begin(s.st, &err)) || (rc = import_reference(s.st, &err)) ||
	    (rc = store_commit(s.st, &err)))
		goto out;
	for (i = 0; i < o->nargs; i++) {
		struct import_opts opts;
		struct import_result res;
		enum import_kind kind = IMPORT_PARTNERSHIPS;
		char *shown = fs_normalize(o->args[i]);

		memset(&opts, 0, sizeof(opts));
		memset(&res, 0, sizeof(res));
		rc = detect_kind(o->args[i], &kind, &err);
		opts.encoding = s.cfg->input.encoding;
		opts.display_path = shown;
		opts.dry_run = 1;
		opts.on_problem = print_problem;
		opts.on_warning = print_warning;
		opts.ctx = o;
		if (!rc)
			rc = import_file(s.st, kind, o->args[i], s.q, &opts, &res, &err);
		if (!rc)
			fprintf(stderr, "%s: %lld rows read, %lld loaded, %lld rejected\n", shown,
				(long long)res.rows_read, (long long)res.rows_loaded,
				(long long)res.rows_rejected);
		free(shown);
		if (rc)
			goto out;
		found |= res.rows_rejected > 0;
	}
	if (found)
		rc = SCTA_ERR_REJECTS;
	else
		cli_note(o, "no problems found (nothing was stored)");
out:
	return cli_session_finish(&s, rc, &err);
}
