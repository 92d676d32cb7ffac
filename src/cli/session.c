/*
 * session.c - what the commands share: opening config, questionnaire and
 * store; importing a file with its summary line; writing the report.
 */
#include "cli/cli.h"
#include "analysis/analysis.h"
#include "config/config.h"
#include "render/render.h"
#include "store/store.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/mem.h"
#include "util/sha256.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void cli_error(const struct scta_err *err)
{
	fprintf(stderr, "scta: %s\n", err->msg[0] ? err->msg : "failed");
}

void cli_note(const struct cli_opts *o, const char *fmt, ...)
{
	va_list ap;

	if (o->quiet)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
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
	if (!fs_is_file(o->config))
		return scta_err_set(err, SCTA_ERR_CONFIG,
				    "%s: no such configuration file (run scta from the project directory, "
				    "or give -c FILE)", o->config);
	if ((rc = config_load(o->config, &s->cfg, err)))
		return rc;
	if (o->encoding) {
		if (!strcmp(o->encoding, "utf-8") || !strcmp(o->encoding, "utf8") ||
		    !strcmp(o->encoding, "cp1252") || !strcmp(o->encoding, "windows-1252") ||
		    !strcmp(o->encoding, "latin1") || !strcmp(o->encoding, "iso-8859-1")) {
			free(s->cfg->input.encoding);
			s->cfg->input.encoding = xstrdup(o->encoding);
		} else {
			return scta_err_set(err, SCTA_ERR_USAGE,
					    "--encoding: expected utf-8, cp1252 or latin1 (got '%s')",
					    o->encoding);
		}
	}
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

		if (config_parse_formats(o->formats, &s->cfg->output.formats, &bad))
			return scta_err_set(err, SCTA_ERR_USAGE,
					    "--format: expected a list of xlsx, pdf, json (got '%s')", bad);
	}
	if ((rc = questionnaire_load(s->cfg->input.questionnaire, &s->q, err)))
		return rc;
	if (need_store)
		rc = open_store(s, s->cfg->output.db, err);
	return rc;
}

void cli_session_close(struct cli_session *s)
{
	store_close(s->st);
	questionnaire_free(s->q);
	config_free(s->cfg);
	memset(s, 0, sizeof(*s));
}

static void on_warning(void *ctx, const char *file, const char *msg)
{
	struct cli_session *s = ctx;

	cli_note(s->o, "%s: warning: %s", file, msg);
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

static void on_progress_warning(void *ctx, const char *file, const char *msg)
{
	struct progress_ctx *p = ctx;

	on_warning(p->s, file, msg);
}

static void count_problem(void *ctx, const struct import_problem *pr)
{
	(void)pr;
	(*(int64_t *)ctx)++;
}

int cli_strict_check(struct cli_session *s, enum import_kind kind, const char *path,
		     struct scta_err *err)
{
	struct import_opts opts;
	struct import_result res;
	char *shown = fs_normalize(path);
	int64_t problems = 0;
	int rc;

	memset(&opts, 0, sizeof(opts));
	memset(&res, 0, sizeof(res));
	opts.encoding = s->cfg->input.encoding;
	opts.display_path = shown;
	opts.dry_run = 1;
	opts.on_problem = count_problem;
	opts.ctx = &problems;
	rc = import_file(s->st, kind, path, s->q, &opts, &res, err);
	if (!rc && res.rows_rejected) {
		fprintf(stderr, "%s: %lld rows read, 0 loaded, %lld rejected\n", shown,
			(long long)res.rows_read, (long long)res.rows_rejected);
		rc = scta_err_set(err, SCTA_ERR_REJECTS,
				  "%s: %lld rows rejected; with --strict nothing is stored or written "
				  "(list them with: scta check %s)", shown, (long long)res.rows_rejected, shown);
	}
	free(shown);
	return rc;
}

int cli_import(struct cli_session *s, enum import_kind kind, const char *path,
	       struct scta_err *err)
{
	struct import_opts opts;
	struct import_result res;
	struct progress_ctx pc;
	char *shown = fs_normalize(path);
	int rc;
	double t0 = cli_now();

	memset(&opts, 0, sizeof(opts));
	memset(&res, 0, sizeof(res));
	opts.encoding = s->cfg->input.encoding;
	opts.display_path = shown;
	pc.s = s;
	pc.bar = cli_progress_new(s->o, shown);
	opts.on_warning = on_progress_warning;
	opts.on_progress = on_progress;
	opts.ctx = &pc;
	rc = import_file(s->st, kind, path, s->q, &opts, &res, err);
	cli_progress_done(pc.bar);
	if (!rc) {
		/* The contract line, always printed: rows read = loaded + rejected. */
		fprintf(stderr, "%s: %lld rows read, %lld loaded, %lld rejected\n", shown,
			(long long)res.rows_read, (long long)res.rows_loaded,
			(long long)res.rows_rejected);
		if (res.unchanged)
			cli_note(s->o, "%s: unchanged since it was imported (batch %lld); nothing to do",
				 shown, (long long)res.batch_id);
		s->rows_read += res.rows_read;
		s->rows_loaded += res.rows_loaded;
		s->rows_rejected += res.rows_rejected;
	}
	s->t_import += cli_now() - t0;
	free(shown);
	return rc;
}

/* ---- report ---- */

struct sources {
	struct render_source *v;
	size_t n, cap;
	char **strs;             /* owned copies of path/kind/sha */
	size_t nstrs, strcap;
};

static const char *keep(struct sources *s, const char *str)
{
	XGROW(s->strs, s->strcap, s->nstrs + 1);
	s->strs[s->nstrs] = xstrdup(str);
	return s->strs[s->nstrs++];
}

static int add_source(void *ctx, const struct store_batch *b, const char *path)
{
	struct sources *s = ctx;
	struct render_source *r;

	XGROW(s->v, s->cap, s->n + 1);
	r = &s->v[s->n++];
	r->path = keep(s, path);
	r->kind = keep(s, b->kind);
	r->sha256 = keep(s, b->sha256);
	r->rows_read = b->rows_read;
	r->rows_loaded = b->rows_loaded;
	r->rows_rejected = b->rows_rejected;
	return 0;
}

static void sources_free(struct sources *s)
{
	size_t i;

	for (i = 0; i < s->nstrs; i++)
		free(s->strs[i]);
	free(s->strs);
	free(s->v);
}

struct output {
	const char *ext;
	unsigned format;         /* 0 for files always written */
	int (*write)(const struct render_input *in, const char *path, struct scta_err *err);
};

static const struct output outputs[] = {
	{ "xlsx", FORMAT_XLSX, xlsx_write },
	{ "pdf", FORMAT_PDF, pdf_write },
	{ "json", FORMAT_JSON, json_write },
	{ "rejects.csv", 0, rejects_csv_write },
};

#define NOUTPUTS (sizeof(outputs) / sizeof(outputs[0]))

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
	fprintf(stderr, "timings: import %.3f s, analysis %.3f s, writing %.3f s\n",
		s->t_import, s->t_analysis, s->t_write);
}

/* The file name of output w, or NULL when the config does not ask for it. */
static int output_name(const struct scta_config *cfg, const struct output *w, char *buf, size_t size)
{
	if (w->format && !(cfg->output.formats & w->format))
		return 0;
	if (w->format)
		snprintf(buf, size, "%s.%s", cfg->output.name, w->ext);
	else
		snprintf(buf, size, "%s", w->ext);
	return 1;
}

int cli_report(struct cli_session *s, struct scta_err *err)
{
	struct sources src = { NULL, 0, 0, NULL, 0, 0 };
	struct analysis *an = NULL;
	struct render_input in;
	struct afile files[NOUTPUTS];
	struct manifest_output mo[NOUTPUTS];
	char names[NOUTPUTS][256];
	size_t nmo = 0, i;
	char cfg_sha[65];
	char *path = NULL;
	int rc;
	double t0 = cli_now();

	memset(files, 0, sizeof(files));
	memset(&in, 0, sizeof(in));
	if ((rc = sha256_file(s->cfg->path, cfg_sha, err)))
		goto out;
	/* The report describes the questionnaire in force. */
	if ((rc = store_begin(s->st, err)))
		goto out;
	if ((rc = store_questionnaire_put(s->st, s->q, err))) {
		store_rollback(s->st);
		goto out;
	}
	if ((rc = store_commit(s->st, err)) ||
	    (rc = store_batches_latest(s->st, add_source, &src, err)) ||
	    (rc = analysis_run(s->st, s->cfg, s->q, &an, err)))
		goto out;
	s->t_analysis += cli_now() - t0;
	if (s->summary && !s->o->quiet)
		print_summary(an);

	in.cfg = s->cfg;
	in.q = s->q;
	in.an = an;
	in.detail_open = render_detail_open;
	in.sources = src.v;
	in.nsources = src.n;
	in.tmpdir = s->cfg->output.dir;
	if ((rc = fs_mkdirs(s->cfg->output.dir, err)))
		goto out;

	/* Write every output under a temporary name; rename only when all succeeded. */
	t0 = cli_now();
	for (i = 0; i < NOUTPUTS; i++) {
		if (!output_name(s->cfg, &outputs[i], names[nmo], sizeof(names[nmo])))
			continue;
		path = xasprintf("%s/%s", s->cfg->output.dir, names[nmo]);
		afile_name(&files[i], path);
		free(path);
		path = NULL;
		if ((rc = outputs[i].write(&in, files[i].tmp, err)) ||
		    (rc = sha256_file(files[i].tmp, mo[nmo].sha256, err)))
			goto out;
		mo[nmo].name = names[nmo];
		nmo++;
	}
	for (i = 0; i < NOUTPUTS; i++) {
		if (!files[i].path)
			continue;
		path = xstrdup(files[i].path);
		if ((rc = afile_commit(&files[i], err)))
			goto out;
		if (!s->o->quiet)
			printf("wrote %s\n", path);
		free(path);
		path = NULL;
	}
	path = xasprintf("%s/manifest.json", s->cfg->output.dir);
	if ((rc = manifest_write(path, &in, cfg_sha, mo, nmo, err)))
		goto out;
	if (!s->o->quiet)
		printf("wrote %s\n", path);
out:
	for (i = 0; i < NOUTPUTS; i++)
		afile_abort(&files[i]);
	s->t_write += cli_now() - t0;
	free(path);
	analysis_free(an);
	sources_free(&src);
	return rc;
}
