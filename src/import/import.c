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
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/utf8.h"
#include "util/vocab.h"

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
	return vocab_encoding(name);
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

int import_name_eq(const char *a, const char *b)
{
	return text_ieq_trimmed(a, b);
}

void import_set_feeds(struct import_ctx *c, size_t i, const char *feeds, const char *why)
{
	if (i >= c->nnames)
		return;
	free(c->feeds[i]);
	free(c->why[i]);
	c->feeds[i] = feeds ? xstrdup(feeds) : NULL;
	c->why[i] = why ? xstrdup(why) : NULL;
}

const char *import_mapped_header(const struct import_ctx *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->opts->ncolmap; i++)
		if (!strcmp(c->opts->colmap[i].column, name))
			return c->opts->colmap[i].header;
	return NULL;
}

/* Where the header names col: the mapped header, else its name, else an alt (in order). */
static int find_col(struct import_ctx *c, const struct import_col *col, const unsigned char *used,
		    int *idx, struct scta_err *err)
{
	const char *mapped = import_mapped_header(c, col->name);
	const char *want;
	size_t i, k;
	int found = -1;

	for (k = 0; found < 0; k++) {
		if (mapped)
			want = k ? NULL : mapped;
		else
			want = !k ? col->name : col->alts ? col->alts[k - 1] : NULL;
		if (!want)
			break;
		for (i = 0; i < c->nnames; i++) {
			if (used[i] || !import_name_eq(c->names[i], want))
				continue;
			if (found >= 0)
				return scta_err_set(err, SCTA_ERR_RUNTIME,
						    "%s:%lld: column '%s' appears twice in the header "
						    "(columns %d and %zu)", c->file, (long long)c->hdr_line,
						    c->names[i], found + 1, i + 1);
			found = (int)i;
		}
		/* SurveyMonkey's contact block: City/Town, State/Province under one title. */
		for (i = 0; found < 0 && c->layout == IMPORT_LAYOUT_SURVEYMONKEY && c->nsub &&
			    i < c->nnames; i++)
			if (!used[i] && import_name_eq(c->sub[0][i], want))
				found = (int)i;
	}
	*idx = found;
	return 0;
}

int import_map_header(struct import_ctx *c, struct import_col *cols, size_t ncols,
		      unsigned char *used, struct scta_err *err)
{
	struct strbuf missing = STRBUF_INIT;
	size_t j, k, nmissing = 0;
	int rc = 0;

	for (j = 0; j < ncols; j++)
		cols[j].idx = -1;
	for (j = 0; j < ncols && !rc; j++) {
		int i = -1;

		rc = find_col(c, &cols[j], used, &i, err);
		if (rc || i < 0)
			continue;
		cols[j].idx = i;
		used[i] = 1;
		import_set_feeds(c, (size_t)i, cols[j].name, NULL);
	}
	for (j = 0; j < ncols && !rc; j++) {
		const char *mapped = import_mapped_header(c, cols[j].name);

		if (!cols[j].required || cols[j].idx >= 0)
			continue;
		strbuf_addf(&missing, "%s'%s'", nmissing++ ? ", " : "", cols[j].name);
		if (mapped) {
			strbuf_addf(&missing, " (mapped to '%s' in [columns])", mapped);
		} else if (cols[j].alts && cols[j].alts[0]) {
			strbuf_adds(&missing, " (or ");
			for (k = 0; cols[j].alts[k]; k++)
				strbuf_addf(&missing, "%s%s", k ? ", " : "", cols[j].alts[k]);
			strbuf_adds(&missing, ")");
		}
	}
	if (!rc && nmissing)
		rc = scta_err_set(err, SCTA_ERR_RUNTIME,
				  "%s:%lld: missing required column%s %s; a file with other headers "
				  "can name them in the config's [columns:%s] section", c->file,
				  (long long)c->hdr_line, nmissing == 1 ? "" : "s", missing.buf,
				  c->kname);
	strbuf_release(&missing);
	return rc;
}

void import_warn_unknown(struct import_ctx *c, const unsigned char *used)
{
	size_t i, before = c->nunknown;
	char buf[72];

	for (i = 0; i < c->nnames; i++) {
		if (used[i] || c->why[i])
			continue;
		import_set_feeds(c, i, NULL, !strcmp(c->kname, "responses")
				 ? "matches no scta column and no question (by id, alias or text)"
				 : "matches no column of a partnerships file");
		if (c->nunknown++ >= WARN_COLUMNS_MAX)
			continue;
		if (!*c->names[i] && c->nsub && *c->sub[0][i])
			import_warn(c, "unknown column %zu '%s' (second header row) ignored", i + 1,
				    import_short(c->sub[0][i], buf));
		else if (!*c->names[i])
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
	/* Rejected answers of a row loaded with its other answers: the row counts as loaded. */
	if (c->partial) {
		c->res->rows_loaded++;
		c->res->answers_rejected += (int64_t)c->nprobs;
	} else {
		c->res->rows_rejected++;
	}
	c->partial = 0;
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

/* A number as a total row holds it: digits, thousands separators, a point, a sign. */
static int numberish(const char *s)
{
	int digits = 0;

	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (!strchr(",.-+% ", *s))
			return 0;
	}
	return digits > 0;
}

/*
 * "Total,,,7": a sum that spreadsheets keep below the data. Its first
 * non-empty field says Total (or Totals, Grand total, Sum) and every other
 * non-empty field is a number.
 */
static int total_row(const struct import_record *rec)
{
	static const char *const words[] = { "total", "totals", "grand total", "sum", "total:" };
	size_t i;
	int first = 1;

	if (rec->malformed || rec->n > rec->nkept)
		return 0;
	for (i = 0; i < rec->nkept; i++) {
		if (rec->flags[i])
			return 0;
		if (!rec->f[i][0])
			continue;
		if (first) {
			if (import_vocab(rec->f[i], words, sizeof(words) / sizeof(words[0])) < 0)
				return 0;
			first = 0;
		} else if (!numberish(rec->f[i])) {
			return 0;
		}
	}
	return !first;
}

/* The fields of rec as copies, padded with "" to n. */
static char **copy_row(const struct import_record *rec, size_t n)
{
	char **v = xcalloc(n ? n : 1, sizeof(*v));
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = xstrdup(i < rec->nkept && !rec->flags[i] ? rec->f[i] : "");
	return v;
}

/*
 * The header rows after the first, of a responses file whose layout has
 * them. A row that is not a header row is the first data row: *pending.
 */
static int read_subheaders(struct import_ctx *c, struct import_reader *r,
			   const struct import_record **pending, struct scta_err *err)
{
	const struct import_record *rec;
	size_t more = 0, n;
	int rc = 0;

	c->layout = import_responses_layout(c, &more);
	for (n = 1; n <= more && n <= 2; n++) {
		rc = import_reader_next(r, &rec, err);
		if (rc || !rec)
			break;
		if (!import_responses_subheader(c, rec)) {
			*pending = rec;
			break;
		}
		c->sub[c->nsub++] = copy_row(rec, c->nnames);
	}
	if (!rc && c->opts->on_layout)
		c->opts->on_layout(c->opts->ctx, c->file, c->hdr_line, c->layout, c->nsub + 1);
	return rc;
}

/* Tell the caller what each column feeds (check prints it). */
static void report_columns(struct import_ctx *c)
{
	struct strbuf shown = STRBUF_INIT;
	struct import_column_info ci;
	size_t i, k;

	if (!c->opts->on_column)
		return;
	for (i = 0; i < c->nnames; i++) {
		strbuf_reset(&shown);
		strbuf_adds(&shown, c->names[i]);
		for (k = 0; k < c->nsub; k++)
			if (*c->sub[k][i])
				strbuf_addf(&shown, "%s%s", shown.len ? " | " : "", c->sub[k][i]);
		ci.file = c->file;
		ci.line = c->hdr_line;
		ci.index = i + 1;
		ci.header = shown.buf;
		ci.feeds = c->feeds[i];
		ci.why = c->why[i] ? c->why[i] : "matches nothing scta knows";
		c->opts->on_column(c->opts->ctx, &ci);
	}
	strbuf_release(&shown);
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
	c->feeds = xcalloc(c->nnames ? c->nnames : 1, sizeof(*c->feeds));
	c->why = xcalloc(c->nnames ? c->nnames : 1, sizeof(*c->why));
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
	const struct import_record *rec, *pending = NULL;
	const char *enc, *kname, *context;
	struct store_batch last;
	uint64_t size = 0;
	int64_t first_empty = 0, last_empty = 0;
	char context_buf[65];
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
				  "unknown encoding '%s' (expected " VOCAB_ENCODINGS ")",
				  opts->encoding);
		goto out;
	}
	if (kind == IMPORT_RESPONSES && !q) {
		rc = scta_err_set(err, SCTA_ERR_RUNTIME, "%s: responses need a questionnaire", c.file);
		goto out;
	}
	/* Responses are checked against the questionnaire: a new one means a new check. */
	context = kind == IMPORT_RESPONSES ? q->sha256 : "";
	/* So is a file read through another --layout or [columns] mapping. */
	if (opts->layout != IMPORT_LAYOUT_AUTO || opts->ncolmap) {
		const char *layout = import_layout_name(opts->layout);
		struct sha256 h;

		sha256_init(&h);
		sha256_update(&h, context, strlen(context));
		sha256_update(&h, "\n", 1);
		sha256_update(&h, layout, strlen(layout));
		for (i = 0; i < opts->ncolmap; i++) {
			sha256_update(&h, "\n", 1);
			sha256_update(&h, opts->colmap[i].column, strlen(opts->colmap[i].column));
			sha256_update(&h, "=", 1);
			sha256_update(&h, opts->colmap[i].header, strlen(opts->colmap[i].header));
		}
		sha256_hex(&h, context_buf);
		context = context_buf;
	}
	kname = kind == IMPORT_PARTNERSHIPS ? "partnerships" : "responses";
	c.kname = kname;

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
			if (kind == IMPORT_RESPONSES)
				rc = store_batch_answer_rejects(st, last.id, &res->answers_rejected, err);
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
	if (!rc && kind == IMPORT_RESPONSES)
		rc = read_subheaders(&c, r, &pending, err);
	if (!rc)
		rc = kind == IMPORT_PARTNERSHIPS ? import_partnerships_begin(&c, err)
			: import_responses_begin(&c, q, err);
	/* check shows what was found, also when the header is refused for what it lacks. */
	if (c.feeds && (!rc || err->code == SCTA_ERR_RUNTIME))
		report_columns(&c);
	while (!rc) {
		if (pending) {
			rec = pending;
			pending = NULL;
		} else {
			rc = import_reader_next(r, &rec, err);
		}
		if (rc || !rec)
			break;
		if (blank_row(rec)) {
			/* Not a row of data: counted apart, named in a warning. */
			if (!res->empty_rows++)
				first_empty = rec->line;
			last_empty = rec->line;
			continue;
		}
		res->rows_read++;
		c.rec = rec;
		if (total_row(rec)) {
			row_text(rec, &c.scratch);
			import_problem(&c, "", c.scratch.buf, "total row, not %s (a sum below the data is "
				       "not counted)", kind == IMPORT_PARTNERSHIPS ? "a partnership"
				       : "a response");
		} else if (!check_shape(&c, c.nnames)) {
			rc = kind == IMPORT_PARTNERSHIPS ? import_partnerships_row(&c, err)
				: import_responses_row(&c, err);
		}
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
	if (res->empty_rows == 1)
		import_warn(&c, "1 empty row skipped (line %lld): not a row of data",
			    (long long)first_empty);
	else if (res->empty_rows)
		import_warn(&c, "%lld empty rows skipped (the first at line %lld, the last at "
			    "line %lld): not rows of data",
			    (long long)res->empty_rows, (long long)first_empty, (long long)last_empty);
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
	for (i = 0; i < c.nnames; i++) {
		free(c.names[i]);
		free(c.feeds[i]);
		free(c.why[i]);
		if (c.nsub > 0)
			free(c.sub[0][i]);
		if (c.nsub > 1)
			free(c.sub[1][i]);
	}
	free(c.names);
	free(c.feeds);
	free(c.why);
	free(c.sub[0]);
	free(c.sub[1]);
	strbuf_release(&c.scratch);
	strbuf_release(&c.state_text);
	return rc;
}
