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

/* Append the header mapped to column in [columns:KIND] (lower case) to want, if any. */
static int mapped(const struct scta_config *cfg, int k, const char *column, struct strbuf *want)
{
	size_t i, j;

	for (i = 0; i < cfg->ncolmap[k]; i++) {
		const char *h = cfg->colmap[k][i].header;

		if (strcmp(cfg->colmap[k][i].column, column))
			continue;
		strbuf_reset(want);
		for (j = 0; h[j]; j++)
			strbuf_addch(want, h[j] >= 'A' && h[j] <= 'Z' ? h[j] - 'A' + 'a' : h[j]);
		return 1;
	}
	return 0;
}

/*
 * Which kind of input a file is, from the words of its header line:
 * partnerships name foreign_country; responses name response_id, a survey
 * tool's id or timestamp column, or question_id (or the headers the
 * config's [columns:KIND] maps to these).
 */
static int detect_kind(const struct cli_session *s, const char *path, enum import_kind *kind,
		       struct scta_err *err)
{
	static const char *const response_words[] = {
		"response_id", "responseid", "respondent id", "response id", "timestamp", "question_id"
	};
	struct strbuf line = STRBUF_INIT, want = STRBUF_INIT;
	FILE *fp = fopen(path, "rb");
	size_t i;
	int c, rc = 0, found = 0;

	if (!fp)
		return scta_err_set(err, SCTA_ERR_RUNTIME, "%s: cannot open: %s", path, strerror(errno));
	strbuf_addch(&line, ',');
	while ((c = fgetc(fp)) != EOF && c != '\n' && c != '\r' && line.len < 65536)
		strbuf_addch(&line, c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	fclose(fp);
	strbuf_addch(&line, ',');
	*kind = IMPORT_RESPONSES;
	if (!mapped(s->cfg, 0, "foreign_country", &want))
		strbuf_adds(&want, "foreign_country");
	if (strstr(line.buf, want.buf)) {
		*kind = IMPORT_PARTNERSHIPS;
		found = 1;
	}
	for (i = 0; !found && i < sizeof(response_words) / sizeof(response_words[0]); i++)
		found = strstr(line.buf, response_words[i]) != NULL;
	/* LimeSurvey's question-code export starts with a column named id. */
	if (!found)
		found = strstr(line.buf, ",id,") || strstr(line.buf, ",\"id\",") ||
			!strncmp(line.buf, ",\xef\xbb\xbfid,", 6);
	if (!found && mapped(s->cfg, 1, "response_id", &want))
		found = strstr(line.buf, want.buf) != NULL;
	if (!found)
		rc = scta_err_set(err, SCTA_ERR_RUNTIME,
				  "%s:1: cannot tell the kind of file: a partnerships header names "
				  "foreign_country, a responses header names response_id (or a survey "
				  "tool's ResponseId, Respondent ID, id or Timestamp); other headers can "
				  "be mapped in the config's [columns:partnerships] or [columns:responses]",
				  path);
	strbuf_release(&line);
	strbuf_release(&want);
	return rc;
}

/* Like a problem, FILE:LINE: first (the header's line), so every line of check names its place. */
static void print_layout(void *ctx, const char *file, int64_t line, enum import_layout l,
			 size_t rows)
{
	struct strbuf sb = STRBUF_INIT;

	(void)ctx;
	strbuf_addf(&sb, "%s:%lld: responses, layout %s (%zu header row%s)", file, (long long)line,
		    import_layout_name(l), rows, rows == 1 ? "" : "s");
	cli_print_visible(stdout, sb.buf);
	fputc('\n', stdout);
	strbuf_release(&sb);
}

/* One column, one line: a header's newlines and escape sequences are shown escaped. */
static void print_column(void *ctx, const struct import_column_info *ci)
{
	struct strbuf sb = STRBUF_INIT;

	(void)ctx;
	if (ci->feeds)
		strbuf_addf(&sb, "%s:%lld: column %zu '%s' -> %s", ci->file, (long long)ci->line,
			    ci->index, ci->header, ci->feeds);
	else
		strbuf_addf(&sb, "%s:%lld: column %zu '%s' ignored: %s", ci->file,
			    (long long)ci->line, ci->index, ci->header, ci->why);
	cli_print_visible(stdout, sb.buf);
	fputc('\n', stdout);
	strbuf_release(&sb);
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
		char n[96];

		memset(&res, 0, sizeof(res));
		rc = detect_kind(&s, o->args[i], &kind, &err);
		cli_import_opts(&s, kind, &opts);
		opts.display_path = shown;
		opts.on_layout = print_layout;
		opts.on_column = print_column;
		opts.dry_run = 1;
		opts.on_problem = print_problem;
		opts.on_warning = print_warning;
		opts.ctx = o;
		if (!rc)
			rc = import_file(s.st, kind, o->args[i], s.q, &opts, &res, &err);
		if (!rc) {
			fprintf(stderr, "%s: %lld rows read, %lld loaded, %lld rejected\n", shown,
				(long long)res.rows_read, (long long)res.rows_loaded,
				(long long)res.rows_rejected);
			if (res.answers_rejected)
				cli_note(o, "%s: %s in loaded rows", shown,
					 text_count(res.answers_rejected, "answer rejected",
						    "answers rejected", n, sizeof(n)));
		}
		free(shown);
		if (rc)
			goto out;
		found |= res.rows_rejected > 0 || res.answers_rejected > 0;
	}
	if (found)
		rc = SCTA_ERR_REJECTS;
	else
		cli_note(o, "no problems found (nothing was stored)");
out:
	return cli_session_finish(&s, rc, &err);
}
