/*
 * import.c - one input file through one transaction: hash, skip when
 * unchanged, read the header, check every row, record rejects, finish the
 * batch. The row rules of each kind live in partnerships.c and responses.c.
 */
#include "import/import_int.h"
#include "config/config.h"
#include "store/store.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Progress is reported every this many rows. */
#define PROGRESS_EVERY 10000
/* Unknown columns named one by one before the rest are summed up. */
#define WARN_COLUMNS_MAX 20
/* Longest value carried in a problem (bytes), as in the reject table. */
#define VALUE_MAX 200

const char *import_encoding(const char *name)
{
	static const char *const names[][2] = {
		{ "utf-8", "utf-8" }, { "utf8", "utf-8" },
		{ "cp1252", "cp1252" }, { "windows-1252", "cp1252" }, { "win1252", "cp1252" },
		{ "latin1", "latin1" }, { "latin-1", "latin1" }, { "iso-8859-1", "latin1" },
		{ "iso8859-1", "latin1" },
	};
	size_t i;

	if (!name || !*name)
		return "utf-8";
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (text_ieq(name, names[i][0]))
			return names[i][1];
	return NULL;
}

const char *import_short(const char *s, char buf[72])
{
	size_t n = utf8_prefix(s, strlen(s), 60);

	snprintf(buf, 72, "%.*s%s", (int)n, s, s[n] ? "..." : "");
	return buf;
}

void import_problem(struct import_ctx *c, const char *column, const char *value,
		    const char *fmt, ...)
{
	struct import_problem *p;
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	value = value ? value : "";
	XGROW(c->probs, c->cap, c->nprobs + 1);
	p = &c->probs[c->nprobs++];
	p->file = c->file;
	p->line = c->rec ? c->rec->line : 0;
	p->column = xstrdup(column ? column : "");
	p->value = xstrndup(value, utf8_prefix(value, strlen(value), VALUE_MAX));
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	p->reason = strbuf_detach(&sb);
}

void import_warn(struct import_ctx *c, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (!c->opts->on_warning)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	c->opts->on_warning(c->opts->ctx, c->file, sb.buf);
	strbuf_release(&sb);
}

const char *import_field(const struct import_ctx *c, int i)
{
	if (i < 0 || (size_t)i >= c->rec->nkept)
		return "";
	if (c->rec->flags[i])
		return NULL;
	return c->rec->f[i];
}

const char *import_colname(const struct import_ctx *c, int i)
{
	return i >= 0 && (size_t)i < c->nnames ? c->names[i] : "";
}

int import_map_header(struct import_ctx *c, struct import_col *cols, size_t ncols,
		      unsigned char *used, struct scta_err *err)
{
	size_t i, j;

	for (j = 0; j < ncols; j++)
		cols[j].idx = -1;
	for (i = 0; i < c->nnames; i++) {
		for (j = 0; j < ncols; j++) {
			if (!text_ieq(c->names[i], cols[j].name))
				continue;
			if (cols[j].idx >= 0)
				return scta_err_set(err, SCTA_ERR_RUNTIME,
						    "%s:%lld: column '%s' appears twice in the header",
						    c->file, (long long)c->hdr_line, cols[j].name);
			cols[j].idx = (int)i;
			used[i] = 1;
			break;
		}
	}
	for (j = 0; j < ncols; j++)
		if (cols[j].required && cols[j].idx < 0)
			return scta_err_set(err, SCTA_ERR_RUNTIME,
					    "%s:%lld: missing required column '%s'",
					    c->file, (long long)c->hdr_line, cols[j].name);
	return 0;
}

void import_warn_unknown(struct import_ctx *c, const unsigned char *used)
{
	size_t i, before = c->nunknown;
	char buf[72];

	for (i = 0; i < c->nnames; i++) {
		if (used[i])
			continue;
		if (c->nunknown++ >= WARN_COLUMNS_MAX)
			continue;
		if (!*c->names[i])
			import_warn(c, "column %zu has no name; its values are ignored", i + 1);
		else
			import_warn(c, "unknown column '%s' ignored", import_short(c->names[i], buf));
	}
	if (c->nunknown > WARN_COLUMNS_MAX && before <= WARN_COLUMNS_MAX)
		import_warn(c, "%zu more unknown columns ignored", c->nunknown - WARN_COLUMNS_MAX);
}

int import_find_state(struct import_ctx *c, const char *text, char code[3], int *found,
		      struct scta_err *err)
{
	int rc;

	if (c->state_text.len && !strcmp(c->state_text.buf, text)) {
		memcpy(code, c->state_code, 3);
		*found = code[0] != '\0';
		return 0;
	}
	text_key(text, &c->scratch);
	rc = store_find_state(c->st, c->scratch.buf, code, found, err);
	if (rc)
		return rc;
	strbuf_reset(&c->state_text);
	strbuf_adds(&c->state_text, text);
	memcpy(c->state_code, *found ? code : "\0\0", 3);
	return 0;
}

int import_vocab(const char *s, const char *const *words, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (text_ieq(s, words[i]))
			return (int)i;
	return -1;
}

const char *import_yesno(const char *s)
{
	static const char *const yes[] = { "yes", "y", "true", "1" };
	static const char *const no[] = { "no", "n", "false", "0" };

	if (!*s || text_ieq(s, "unknown"))
		return "unknown";
	if (import_vocab(s, yes, 4) >= 0)
		return "yes";
	if (import_vocab(s, no, 4) >= 0)
		return "no";
	return NULL;
}

/* The kept fields of the record joined with commas, for a whole-row reject. */
static void row_text(const struct import_record *rec, struct strbuf *sb)
{
	size_t i;

	strbuf_reset(sb);
	for (i = 0; i < rec->nkept && sb->len <= VALUE_MAX; i++) {
		if (i)
			strbuf_addch(sb, ',');
		strbuf_adds(sb, rec->f[i]);
	}
}

/* Problems every kind shares: broken quoting, ragged rows, unusable fields. */
static int check_shape(struct import_ctx *c, size_t nheader)
{
	const struct import_record *rec = c->rec;
	size_t i;

	if (rec->malformed) {
		row_text(rec, &c->scratch);
		import_problem(c, "", c->scratch.buf,
			       "malformed quoting (a field holding quotes must be quoted, its quotes "
			       "doubled)");
		return -1;
	}
	if (rec->n != nheader) {
		row_text(rec, &c->scratch);
		import_problem(c, "", c->scratch.buf, "row has %zu field%s, header has %zu",
			       rec->n, rec->n == 1 ? "" : "s", nheader);
		return -1;
	}
	for (i = 0; i < rec->nkept; i++) {
		if (rec->flags[i] & IMPORT_FIELD_NUL)
			import_problem(c, import_colname(c, (int)i), rec->f[i],
				       "value contains a NUL byte");
		else if (rec->flags[i] & IMPORT_FIELD_LONG)
			import_problem(c, import_colname(c, (int)i), rec->f[i],
				       "value longer than %d characters", IMPORT_MAX_CELL);
	}
	return 0;
}

/* Report the problems of the row just checked and count it. */
static int finish_row(struct import_ctx *c, struct scta_err *err)
{
	size_t i;
	int rc = 0;

	if (!c->nprobs) {
		c->res->rows_loaded++;
		return 0;
	}
	c->res->rows_rejected++;
	for (i = 0; i < c->nprobs; i++) {
		struct import_problem *p = &c->probs[i];

		if (c->opts->on_problem)
			c->opts->on_problem(c->opts->ctx, p);
		if (!rc)
			rc = store_reject(c->st, c->batch, p->file, p->line, p->column, p->value,
					  p->reason, err);
		free((char *)p->column);
		free((char *)p->value);
		free((char *)p->reason);
	}
	c->nprobs = 0;
	return rc;
}

/* A row of empty fields is what spreadsheets leave below the data: not a row. */
static int blank_row(const struct import_record *rec)
{
	size_t i;

	if (rec->malformed || rec->n > rec->nkept)
		return 0;
	for (i = 0; i < rec->nkept; i++)
		if (rec->flags[i] || rec->f[i][0])
			return 0;
	return 1;
}

static int read_header(struct import_ctx *c, struct import_reader *r, struct scta_err *err)
{
	const struct import_record *rec;
	size_t i;
	int rc = import_reader_next(r, &rec, err);

	if (rc)
		return rc;
	if (!rec)
		return scta_err_set(err, SCTA_ERR_RUNTIME, "%s: empty file, expected a header row",
				    c->file);
	c->hdr_line = rec->line;
	if (rec->malformed)
		return scta_err_set(err, SCTA_ERR_RUNTIME, "%s:%lld: malformed quoting in the header row",
				    c->file, (long long)rec->line);
	if (rec->n > rec->nkept)
		return scta_err_set(err, SCTA_ERR_RUNTIME, "%s:%lld: header has %zu columns, too many",
				    c->file, (long long)rec->line, rec->n);
	for (i = 0; i < rec->nkept; i++)
		if (rec->flags[i])
			return scta_err_set(err, SCTA_ERR_RUNTIME,
					    "%s:%lld: header column %zu %s", c->file,
					    (long long)rec->line, i + 1,
					    rec->flags[i] & IMPORT_FIELD_NUL ? "contains a NUL byte"
					    : "is too long");
	c->nnames = rec->nkept;
	c->names = xcalloc(c->nnames, sizeof(*c->names));
	for (i = 0; i < c->nnames; i++)
		c->names[i] = xstrdup(rec->f[i]);
	return 0;
}

static void progress(struct import_ctx *c, struct import_reader *r, uint64_t size)
{
	if (c->opts->on_progress)
		c->opts->on_progress(c->opts->ctx, c->res->rows_read, import_reader_bytes(r), size);
}

/* Put "FILE:LINE: what: " before a store's message, so it names the input too. */
static void err_prefix(struct scta_err *err, const char *fmt, ...)
{
	char pre[512];
	char *both;
	va_list ap;

	if (!err || !err->code)
		return;
	va_start(ap, fmt);
	vsnprintf(pre, sizeof(pre), fmt, ap);
	va_end(ap);
	both = xasprintf("%s%s", pre, err->msg);
	snprintf(err->msg, sizeof(err->msg), "%s", both);
	free(both);
}

int import_file(struct store *st, enum import_kind kind, const char *path,
		const struct questionnaire *q, const struct import_opts *opts,
		struct import_result *res, struct scta_err *err)
{
	static const struct import_opts no_opts;
	struct import_ctx c;
	struct import_reader *r = NULL;
	const struct import_record *rec;
	const char *enc, *kname, *context;
	struct store_batch last;
	uint64_t size = 0;
	int found = 0, in_tx = 0, rc;
	size_t i;

	memset(res, 0, sizeof(*res));
	memset(&c, 0, sizeof(c));
	strbuf_init(&c.scratch);
	strbuf_init(&c.state_text);
	if (!opts)
		opts = &no_opts;
	c.st = st;
	c.opts = opts;
	c.res = res;
	c.file = opts->display_path ? opts->display_path : path;
	enc = import_encoding(opts->encoding);
	if (!enc) {
		rc = scta_err_set(err, SCTA_ERR_USAGE,
				  "unknown encoding '%s' (expected utf-8, cp1252 or latin1)",
				  opts->encoding);
		goto out;
	}
	if (kind == IMPORT_RESPONSES && !q) {
		rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: responses need a questionnaire", c.file);
		goto out;
	}
	kname = kind == IMPORT_PARTNERSHIPS ? "partnerships" : "responses";
	/* Responses are checked against the questionnaire: a new one means a new check. */
	context = kind == IMPORT_RESPONSES ? q->sha256 : "";

	rc = import_scan(path, c.file, !strcmp(enc, "utf-8"), res->sha256, &size, err);
	if (rc)
		goto out;
	/* `check` always validates; an import skips a file it has already loaded. */
	if (!opts->dry_run) {
		rc = store_batch_latest(st, kname, opts->identity ? opts->identity : c.file, &last,
					&found, err);
		if (rc)
			goto out;
		if (found && !strcmp(last.sha256, res->sha256) && !strcmp(last.context, context)) {
			res->unchanged = 1;
			res->batch_id = last.id;
			res->rows_read = last.rows_read;
			res->rows_loaded = last.rows_loaded;
			res->rows_rejected = last.rows_rejected;
			goto out;
		}
	}
	rc = import_reader_open(path, c.file, enc, &r, err);
	if (rc)
		goto out;
	rc = store_begin(st, err);
	if (rc)
		goto out;
	in_tx = 1;
	if (kind == IMPORT_RESPONSES)
		rc = store_questionnaire_put(st, q, err);
	if (!rc)
		rc = store_batch_new(st, kname, opts->identity ? opts->identity : c.file, c.file,
				     res->sha256, context, enc, &c.batch, err);
	if (!rc)
		rc = read_header(&c, r, err);
	if (!rc)
		rc = kind == IMPORT_PARTNERSHIPS ? import_partnerships_begin(&c, err)
			: import_responses_begin(&c, q, err);
	while (!rc) {
		rc = import_reader_next(r, &rec, err);
		if (rc || !rec)
			break;
		if (blank_row(rec))
			continue;
		res->rows_read++;
		c.rec = rec;
		if (!check_shape(&c, c.nnames))
			rc = kind == IMPORT_PARTNERSHIPS ? import_partnerships_row(&c, err)
				: import_responses_row(&c, err);
		if (!rc)
			rc = finish_row(&c, err);
		/* A row's own faults are rejects; a failure here is the store's (a full disk). */
		if (rc)
			err_prefix(err, "%s:%lld: cannot store the row: ", c.file, (long long)rec->line);
		c.rec = NULL;
		if (res->rows_read % PROGRESS_EVERY == 0)
			progress(&c, r, size);
	}
	if (rc)
		goto out;
	progress(&c, r, size);
	rc = store_retire(st, kname, c.batch, &res->rows_removed, err);
	if (!rc)
		rc = store_batch_finish(st, c.batch, res->rows_read, res->rows_loaded,
					res->rows_rejected, res->rows_removed, err);
	if (!rc && opts->dry_run)
		store_rollback(st);
	else if (!rc)
		rc = store_commit(st, err);
	if (rc) {
		err_prefix(err, "%s: cannot store the import: ", c.file);
		goto out;
	}
	if (!opts->dry_run)
		res->batch_id = c.batch;
	in_tx = 0;
out:
	if (in_tx)
		store_rollback(st);
	if (kind == IMPORT_PARTNERSHIPS)
		import_partnerships_end(&c);
	else
		import_responses_end(&c);
	import_reader_free(r);
	for (i = 0; i < c.nprobs; i++) {
		free((char *)c.probs[i].column);
		free((char *)c.probs[i].value);
		free((char *)c.probs[i].reason);
	}
	free(c.probs);
	for (i = 0; i < c.nnames; i++)
		free(c.names[i]);
	free(c.names);
	strbuf_release(&c.scratch);
	strbuf_release(&c.state_text);
	return rc;
}
