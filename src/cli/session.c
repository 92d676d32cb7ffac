/*
 * session.c - what the commands share: opening config, questionnaire and
 * store; importing a file with its summary line; writing the report.
 */
#include "cli/cli.h"
#include "analysis/analysis.h"
#include "config/config.h"
#include "render/render.h"
#include "report/report.h"
#include "store/store.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/lock.h"
#include "util/mem.h"
#include "util/path.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/tempfile.h"
#include "util/text.h"
#include "util/vocab.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Text from data or configs on the terminal: one line, control characters shown escaped. */
void cli_print_visible(FILE *fp, const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	text_visible(s, strlen(s), &sb);
	fputs(sb.buf, fp);
	strbuf_release(&sb);
}

void cli_error(const struct scta_err *err)
{
	const char *p = err->msg[0] ? err->msg : "failed", *nl;

	/*
	 * One line per problem when a check listed several (scta_err_add); each
	 * shown with control and bidi characters escaped.
	 */
	while ((nl = strchr(p, '\n')) != NULL) {
		char *one = xstrndup(p, (size_t)(nl - p));

		fputs("scta: ", stderr);
		cli_print_visible(stderr, one);
		fputc('\n', stderr);
		free(one);
		p = nl + 1;
	}
	fputs("scta: ", stderr);
	cli_print_visible(stderr, p);
	fputc('\n', stderr);
}

void cli_note(const struct cli_opts *o, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (o->quiet)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	cli_print_visible(stderr, sb.buf);
	fputc('\n', stderr);
	strbuf_release(&sb);
}

double cli_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Open the store, loading the reference data into a new one. */
static int open_store(struct cli_session *s, const char *path, struct scta_err *err)
{
	int created = 0, rc;
	char *dir = fs_dirname(path);

	rc = fs_mkdirs(dir, err);
	free(dir);
	if (rc)
		return rc;
	/* One run at a time per database (util/lock.h); before SQLite creates it. */
	if (strcmp(path, ":memory:") && (rc = lock_acquire(path, "database", &s->db_lock, err)))
		return rc;
	if ((rc = store_open(path, &created, &s->st, err)))
		return rc;
	if (!created)
		return 0;
	if ((rc = store_begin(s->st, err)))
		return rc;
	if ((rc = import_reference(s->st, err))) {
		store_rollback(s->st);
		return rc;
	}
	return store_commit(s->st, err);
}

int cli_session_open(struct cli_session *s, struct cli_opts *o, int need_store,
		     struct scta_err *err)
{
	int rc;

	memset(s, 0, sizeof(*s));
	s->o = o;
	if (o->by && strcmp(o->by, "state") && strcmp(o->by, "community"))
		return scta_err_set(err, SCTA_ERR_USAGE, "--by: expected state or community (got '%s')",
				    o->by);
	if (!fs_is_file(o->config))
		return scta_err_set(err, SCTA_ERR_CONFIG,
				    "%s: no such configuration file (run scta in a folder made by "
				    "'scta init DIR', or give -c FILE)", o->config);
	if ((rc = config_load_partial(o->config, &s->cfg, err))) {
		/* List what else is wrong (questionnaire, inputs, crosstabs) with it. */
		if (s->cfg)
			cli_preflight(s, o->command && !strcmp(o->command, "run"), err);
		return rc;
	}
	if ((rc = path_canonical(s->cfg->dir, &s->base, err)))
		return rc;
	if (o->encoding) {
		if (vocab_encoding(o->encoding)) {
			free(s->cfg->input.encoding);
			s->cfg->input.encoding = xstrdup(o->encoding);
		} else {
			return scta_err_set(err, SCTA_ERR_USAGE,
					    "--encoding: expected " VOCAB_ENCODINGS " (got '%s')",
					    o->encoding);
		}
	}
	if (o->layout && (import_layout_parse(o->layout, &s->layout) ||
			  s->layout == IMPORT_LAYOUT_AUTO))
		return scta_err_set(err, SCTA_ERR_USAGE,
				    "--layout: expected scta, qualtrics, surveymonkey, googleforms or "
				    "limesurvey (got '%s')", o->layout);
	if (o->db) {
		free(s->cfg->output.db);
		s->cfg->output.db = fs_normalize(o->db);
	}
	if (o->out) {
		free(s->cfg->output.dir);
		s->cfg->output.dir = fs_normalize(o->out);
	}
	if (o->formats) {
		const char *bad = NULL;

		if (config_parse_formats(o->formats, &s->cfg->output.formats, &bad)) {
			struct strbuf what = STRBUF_INIT;

			vocab_format_list(&what);
			rc = scta_err_set(err, SCTA_ERR_USAGE, "--format: expected a list of %s (got '%s')",
					  what.buf, bad);
			strbuf_release(&what);
			return rc;
		}
	}
	if ((rc = cli_compare_resolve(s, err)))
		return rc;
	/* Everything is checked before the database is opened (preflight.c). */
	if ((rc = cli_preflight(s, o->command && !strcmp(o->command, "run"), err)))
		return rc;
	if (o->verbose && !o->quiet) {
		fprintf(stderr, "config: %s\nquestionnaire: %s (%zu questions)\ntemplates: %s\n",
			s->cfg->path, s->cfg->input.questionnaire, s->q->nquestions,
			s->cfg->templates_dir);
		if (need_store)
			fprintf(stderr, "database: %s\noutput: %s\n", s->cfg->output.db,
				s->cfg->output.dir);
	}
	if (need_store == CLI_STORE_EXISTING && !fs_is_file(s->cfg->output.db))
		return scta_err_set(err, SCTA_ERR_RUNTIME,
				    "%s: no such database; nothing has been imported there yet (run "
				    "'scta run', or 'scta import partnerships FILE' first, or give "
				    "the right --db)", s->cfg->output.db);
	if (need_store)
		rc = open_store(s, s->cfg->output.db, err);
	if (!rc && need_store == CLI_STORE_EXISTING) {
		int has = 0;

		rc = store_has_partnership_batch(s->st, &has, err);
		if (!rc && !has)
			rc = scta_err_set(err, SCTA_ERR_RUNTIME,
					  "%s: no partnership file has been imported into this "
					  "database, so there is nothing to report (run 'scta run', "
					  "or 'scta import partnerships FILE' first)",
					  s->cfg->output.db);
	}
	return rc;
}

int cli_session_finish(struct cli_session *s, int rc, const struct scta_err *err)
{
	if (err->code)
		cli_error(err);
	if (s->o && (s->o->timings || s->o->verbose) && s->cfg)
		cli_timings(s);
	cli_session_close(s);
	return rc;
}

void cli_session_close(struct cli_session *s)
{
	store_close(s->st);
	free(s->base);
	/* After the store: closing the lock's descriptor must not drop SQLite's locks. */
	lock_release(s->db_lock);
	lock_release(s->out_lock);
	analysis_free(s->plan);
	questionnaire_free(s->q);
	config_free(s->cfg);
	memset(s, 0, sizeof(*s));
}

struct progress_ctx {
	struct cli_session *s;
	struct cli_progress *bar;
};

static void on_progress(void *ctx, int64_t rows, uint64_t done, uint64_t total)
{
	struct progress_ctx *p = ctx;

	cli_progress_update(p->bar, rows, done, total);
}

static void on_warning(void *ctx, const char *file, const char *msg)
{
	struct progress_ctx *p = ctx;

	cli_note(p->s->o, "%s: warning: %s", file, msg);
}

int cli_input_names(const struct cli_session *s, const char *path, char **key, char **shown,
		    struct scta_err *err)
{
	int rc = path_canonical(path, key, err);

	*shown = rc ? NULL : path_shown(s->base, *key);
	return rc;
}

void cli_import_opts(const struct cli_session *s, enum import_kind kind, struct import_opts *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->encoding = s->cfg->input.encoding;
	opts->layout = kind == IMPORT_RESPONSES ? s->layout : IMPORT_LAYOUT_AUTO;
	opts->colmap = s->cfg->colmap[kind == IMPORT_RESPONSES];
	opts->ncolmap = s->cfg->ncolmap[kind == IMPORT_RESPONSES];
}

int cli_strict_check(struct cli_session *s, enum import_kind kind, const char *path,
		     struct scta_err *err)
{
	struct import_opts opts;
	struct import_result res;
	char *key = NULL, *shown = NULL;
	int rc;

	cli_import_opts(s, kind, &opts);
	memset(&res, 0, sizeof(res));
	if ((rc = cli_input_names(s, path, &key, &shown, err)))
		goto out;
	opts.display_path = shown;
	opts.identity = key;
	opts.dry_run = 1;
	rc = import_file(s->st, kind, path, s->q, &opts, &res, err);
	if (!rc && (res.rows_rejected || res.answers_rejected)) {
		char rows[96], answers[96];

		/* The line adds up: the valid rows are neither loaded nor rejected. */
		fprintf(stderr, "%s: %lld rows read, 0 loaded, %lld rejected, %lld valid but not "
			"stored (--strict)\n", shown, (long long)res.rows_read,
			(long long)res.rows_rejected, (long long)(res.rows_read - res.rows_rejected));
		rc = scta_err_set(err, SCTA_ERR_REJECTS,
				  "%s: %s%s%s; with --strict nothing is stored or written (list them "
				  "with: scta check %s)", shown,
				  res.rows_rejected ? text_count(res.rows_rejected, "row rejected",
								 "rows rejected", rows, sizeof(rows)) : "",
				  res.rows_rejected && res.answers_rejected ? ", " : "",
				  res.answers_rejected ? text_count(res.answers_rejected, "answer rejected",
								    "answers rejected", answers,
								    sizeof(answers)) : "", shown);
	}
out:
	free(key);
	free(shown);
	return rc;
}

int cli_import(struct cli_session *s, enum import_kind kind, const char *path,
	       struct scta_err *err)
{
	struct import_opts opts;
	struct import_result res;
	struct progress_ctx pc;
	char countbuf[96];
	char *key = NULL, *shown = NULL;
	int rc;
	double t0 = cli_now();

	cli_import_opts(s, kind, &opts);
	memset(&res, 0, sizeof(res));
	if ((rc = cli_input_names(s, path, &key, &shown, err)))
		return rc;
	opts.display_path = shown;
	opts.identity = key;
	pc.s = s;
	pc.bar = cli_progress_new(s->o, shown);
	opts.on_warning = on_warning;
	opts.on_progress = on_progress;
	opts.ctx = &pc;
	rc = import_file(s->st, kind, path, s->q, &opts, &res, err);
	cli_progress_done(pc.bar);
	if (!rc) {
		/* The contract line, always printed: rows read = loaded + rejected. */
		fprintf(stderr, "%s: %lld rows read, %lld loaded, %lld rejected\n", shown,
			(long long)res.rows_read, (long long)res.rows_loaded,
			(long long)res.rows_rejected);
		if (res.rows_removed)
			fprintf(stderr, "%s: %s since the last import of this file (kept in the "
				"database's history, not in the report)\n", shown,
				text_count(res.rows_removed, kind == IMPORT_PARTNERSHIPS ?
					   "partnership removed" : "response removed",
					   kind == IMPORT_PARTNERSHIPS ? "partnerships removed" :
					   "responses removed", countbuf, sizeof(countbuf)));
		if (res.answers_rejected)
			cli_note(s->o, "%s: %s in loaded rows (each row was loaded with its other "
				 "answers)", shown, text_count(res.answers_rejected, "answer rejected",
							       "answers rejected", countbuf,
							       sizeof(countbuf)));
		if (res.unchanged)
			cli_note(s->o, "%s: unchanged since it was imported (batch %lld); nothing to do",
				 shown, (long long)res.batch_id);
		s->rows_read += res.rows_read;
		s->rows_loaded += res.rows_loaded;
		s->rows_rejected += res.rows_rejected;
		s->answers_rejected += res.answers_rejected;
	}
	s->t_import += cli_now() - t0;
	free(key);
	free(shown);
	return rc;
}

/* ---- report (the flow is report/report.c; this prints what it tells) ---- */

/* The headline figures worth a line on stdout, in order. */
static void print_summary(const struct analysis *an)
{
	static const char *const ids[] = {
		"partnerships_total", "in_scope", "in_scope_countries", "in_scope_states",
		"in_scope_communities", "not_scored", "top_country", "top_country_n",
		"agreements_online", "political_clause_n", "communities_responded", "response_rate",
		"flagged_n",
	};
	size_t i;

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		const struct figure *f = analysis_figure(an, ids[i]);
		char v[128];

		if (!f)
			continue;
		cell_format(&f->value, v, sizeof(v));
		printf("  %-58s %s\n", f->label, v);
	}
}

void cli_timings(const struct cli_session *s)
{
	size_t i;

	fprintf(stderr, "timings: import %.3f s, analysis %.3f s", s->t_import,
		s->t.analysis);
	for (i = 0; i < VOCAB_NFORMATS; i++)
		fprintf(stderr, ", %s %.3f s", vocab_formats[i].label, s->t.out[i]);
	fprintf(stderr, ", rejects and manifest %.3f s\n", s->t.other);
}

/* What the report flow tells: progress bars, notes, files written, the summary. */
struct report_ctx {
	struct cli_session *s;
	struct cli_progress *bar;
	char what[64];
};

static void on_write_progress(void *ctx, const char *what, int64_t rows)
{
	struct report_ctx *rc = ctx;

	if (strcmp(rc->what, what)) {
		cli_progress_done(rc->bar);
		snprintf(rc->what, sizeof(rc->what), "%s", what);
		rc->bar = cli_progress_new(rc->s->o, rc->what);
	}
	cli_progress_update(rc->bar, rows, 0, 0);
}

static void on_progress_end(void *ctx)
{
	struct report_ctx *rc = ctx;

	cli_progress_done(rc->bar);
	rc->bar = NULL;
	rc->what[0] = '\0';
}

static void on_report_note(void *ctx, const char *msg)
{
	struct report_ctx *rc = ctx;

	cli_note(rc->s->o, "%s", msg);
}

static void on_wrote(void *ctx, const char *path)
{
	struct report_ctx *rc = ctx;

	if (!rc->s->o->quiet)
		printf("wrote %s\n", path);
}

static void on_unit_done(void *ctx, const char *label, const struct analysis *an)
{
	struct report_ctx *rc = ctx;

	if (!rc->s->summary || rc->s->o->quiet)
		return;
	if (label)
		printf("%s\n", label);
	print_summary(an);
}

int cli_report(struct cli_session *s, struct scta_err *err)
{
	struct report_ctx ctx;
	struct report_hooks hooks = { &ctx, on_report_note, on_wrote, on_unit_done,
				      on_write_progress, on_progress_end };
	struct report_job job;

	memset(&ctx, 0, sizeof(ctx));
	ctx.s = s;
	memset(&job, 0, sizeof(job));
	job.st = s->st;
	job.cfg = s->cfg;
	job.q = s->q;
	job.plan = s->plan;   /* the preflight's (same configuration and questionnaire) */
	s->plan = NULL;
	job.by = s->o->by;
	job.edition = s->o->edition;
	job.quiet = s->o->quiet;
	job.out_lock = &s->out_lock;
	return report_write(&job, &hooks, &s->t, err);
}
