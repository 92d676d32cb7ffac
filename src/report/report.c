/*
 * report.c - the report flow (report.h): units, the outputs table's
 * writers, the second thread, outputs written under temporary names and
 * renamed into place together, the manifest.
 */
#include "report/report.h"
#include "analysis/analysis.h"
#include "config/config.h"
#include "import/import.h"
#include "render/render.h"
#include "store/store.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/lock.h"
#include "util/mem.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/tempfile.h"
#include "util/text.h"
#include "util/vocab.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* One report_write(): what every step reads. */
struct report_run {
	struct scta_config *cfg;
	const struct questionnaire *q;
	struct store *st;
	int quiet;
	const struct report_hooks *hooks;
	struct report_timings *t;
};

/* Monotonic seconds, for the timings. */
static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

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

static int add_source(void *ctx, const struct store_batch *b, const char *name)
{
	struct sources *s = ctx;
	struct render_source *r;

	XGROW(s->v, s->cap, s->n + 1);
	r = &s->v[s->n++];
	r->path = keep(s, name);
	r->kind = keep(s, b->kind);
	r->sha256 = keep(s, b->sha256);
	r->rows_read = b->rows_read;
	r->rows_loaded = b->rows_loaded;
	r->rows_rejected = b->rows_rejected;
	r->rows_removed = b->rows_removed;
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

typedef int (*writer_fn)(const struct render_input *in, const char *path, struct scta_err *err);

/*
 * The writer of each output format, bound by the format's bit; the formats
 * themselves (names, extensions, order) are util/vocab.c's vocab_formats[].
 */
static const struct {
	unsigned bit;
	writer_fn write;
} writers[] = {
	{ FORMAT_XLSX, xlsx_write },
	{ FORMAT_PDF, pdf_write },
	{ FORMAT_JSON, json_write },
};

_Static_assert(sizeof(writers) / sizeof(writers[0]) == VOCAB_NFORMATS,
	       "every output format in util/vocab.c has a writer here");

static writer_fn writer_of(unsigned bit)
{
	size_t i;

	for (i = 0; i < sizeof(writers) / sizeof(writers[0]); i++)
		if (writers[i].bit == bit)
			return writers[i].write;
	return NULL;
}

int report_has_writer(unsigned bit)
{
	return writer_of(bit) != NULL;
}

/* A report unit: the whole store, or one state or community of it (--by). */
struct unit {
	char *suffix;            /* "" or "-CA" or "-CA-san-francisco" */
	char *label;             /* "California", "San Francisco, CA"; NULL for the whole */
	char *state;             /* filter */
	char *community_key;     /* filter */
};

struct units {
	struct unit *v;
	size_t n, cap;
};

static void units_add(struct units *u, const char *suffix, const char *label, const char *state,
		      const char *ckey)
{
	XGROW(u->v, u->cap, u->n + 1);
	u->v[u->n].suffix = xstrdup(suffix);
	u->v[u->n].label = xstrdup(label);
	u->v[u->n].state = xstrdup(state);
	u->v[u->n].community_key = xstrdup(ckey);
	u->n++;
}

static void units_free(struct units *u)
{
	size_t i;

	for (i = 0; i < u->n; i++) {
		free(u->v[i].suffix);
		free(u->v[i].label);
		free(u->v[i].state);
		free(u->v[i].community_key);
	}
	free(u->v);
}

/* By suffix, then label, so the spelling kept for a community never depends on qsort. */
static int cmp_unit(const void *a, const void *b)
{
	const struct unit *x = a, *y = b;
	int c = strcmp(x->suffix, y->suffix);

	return c ? c : strcmp(x->label, y->label);
}

/*
 * The longest community part of a --by community file name, in bytes:
 * with [output] name (at most 64), the state and the temporary suffix it
 * stays far below the 255 bytes a file name may have.
 */
#define UNIT_NAME_MAX 64

/*
 * The units of --by state|community: every state, or every community, with
 * a partnership in scope, taken from the whole-store analysis.
 */
static int list_units(const struct analysis *an, const char *by, struct units *u,
		      struct scta_err *err)
{
	struct detail *d = NULL;
	const struct cell *row;
	struct strbuf key = STRBUF_INIT, suffix = STRBUF_INIT, label = STRBUF_INIT;
	struct strbuf part = STRBUF_INIT;
	size_t i, w;
	int rc = 0;

	if (!strcmp(by, "state")) {
		const struct table *t = analysis_table(an, "scope_by_state");

		for (i = 0; t && i < t->nrows; i++) {
			const struct cell *c = table_cell(t, i, 0);

			if ((t->has_total && i + 1 == t->nrows) || c->kind != CELL_TEXT)
				continue;
			strbuf_reset(&suffix);
			strbuf_addf(&suffix, "-%s", c->s);
			units_add(u, suffix.buf, table_cell(t, i, 1)->s, c->s, NULL);
		}
		goto out;
	}
	/* Communities: (state, community) pairs of the partnerships in scope. */
	if ((rc = analysis_detail_open(an, DETAIL_SCOPE, &d, err)))
		goto out;
	while (!(rc = d->next(d, &row, err)) && row) {
		const char *comm = row[1].kind == CELL_TEXT ? row[1].s : "";
		const char *state = row[2].kind == CELL_TEXT ? row[2].s : "";
		char *ckey;

		text_key(comm, &key);
		ckey = xasprintf("%s|%s", state, key.buf);
		/* A file name from data: bounded, no control or bidi characters (text_file_part). */
		text_file_part(key.buf, UNIT_NAME_MAX, &part);
		strbuf_reset(&suffix);
		strbuf_addf(&suffix, "-%s-%s", state, part.buf);
		for (i = 0; i < suffix.len; i++)
			if (suffix.buf[i] == ' ')
				suffix.buf[i] = '-';
		/* The label is printed in titles: control characters shown, not carried. */
		strbuf_reset(&label);
		text_visible(comm, strlen(comm), &label);
		strbuf_addf(&label, ", %s", state);
		units_add(u, suffix.buf, label.buf, NULL, ckey);
		free(ckey);
	}
	d->close(d);
	if (u->n)
		qsort(u->v, u->n, sizeof(*u->v), cmp_unit);
	/*
	 * One unit per community: the suffix is the community key with '-' for
	 * spaces (text_key() leaves no '-'), so equal suffixes are one community,
	 * perhaps spelt two ways; keep the first spelling in sort order.
	 */
	for (i = w = 0; i < u->n; i++) {
		if (w && !strcmp(u->v[w - 1].suffix, u->v[i].suffix)) {
			free(u->v[i].suffix);
			free(u->v[i].label);
			free(u->v[i].state);
			free(u->v[i].community_key);
			continue;
		}
		u->v[w++] = u->v[i];
	}
	u->n = w;
out:
	strbuf_release(&key);
	strbuf_release(&part);
	strbuf_release(&suffix);
	strbuf_release(&label);
	return rc;
}

/* Outputs written so far, under temporary names until all succeed. */
struct written {
	struct afile *files;
	struct manifest_output *mo;
	char **names;
	size_t n, cap, cap2, cap3;
};

/* A writer's message names its temporary file: name the output instead. */
static void err_name_final(struct scta_err *err, const char *tmp, const char *path)
{
	char *at = err ? strstr(err->msg, tmp) : NULL;
	char *fixed;

	if (!at)
		return;
	fixed = xasprintf("%.*s%s%s", (int)(at - err->msg), err->msg, path, at + strlen(tmp));
	snprintf(err->msg, sizeof(err->msg), "%s", fixed);
	free(fixed);
}

static int write_one(struct written *w, const struct render_input *in, const char *dir,
		     const char *name, int (*fn)(const struct render_input *, const char *,
						 struct scta_err *), struct scta_err *err)
{
	char *path = xasprintf("%s/%s", dir, name);
	struct afile *af;
	int rc;

	XGROW(w->files, w->cap, w->n + 1);
	XGROW(w->mo, w->cap2, w->n + 1);
	XGROW(w->names, w->cap3, w->n + 1);
	af = &w->files[w->n];
	rc = afile_name(af, path, err);
	free(path);
	if (rc)
		return rc;
	w->names[w->n] = xstrdup(name);
	w->mo[w->n].name = w->names[w->n];
	w->n++;
	if (!(rc = fn(in, af->tmp, err)))
		rc = sha256_file(af->tmp, w->mo[w->n - 1].sha256, err);
	if (rc)
		err_name_final(err, af->tmp, af->path);
	return rc;
}

static void written_free(struct written *w)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		afile_abort(&w->files[i]);
		free(w->names[i]);
	}
	free(w->files);
	free(w->mo);
	free(w->names);
}

/*
 * libxlsxwriter prints its own "[ERROR]" lines on stderr; under -q they are
 * silenced (scta's own message about the failure still follows). Returns
 * the saved descriptor for stderr_unmute(), or -1 when nothing was done.
 * Only the main thread prints, so redirecting fd 2 for a while is safe.
 */
static int stderr_mute(int quiet)
{
	int saved, null;

	if (!quiet)
		return -1;
	fflush(stderr);
	saved = dup(2);
	null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (saved < 0 || null < 0 || dup2(null, 2) < 0) {
		if (saved >= 0)
			close(saved);
		if (null >= 0)
			close(null);
		return -1;
	}
	close(null);
	return saved;
}

static void stderr_unmute(int saved)
{
	if (saved < 0)
		return;
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
}

/*
 * Write vocab_formats[from..to) that the configuration asks for, for unit u,
 * adding each one's seconds to t_out[] (indexed like vocab_formats[]); stops at
 * the first failure.
 */
static int write_outputs(const struct report_run *s, const struct render_input *in,
			 const struct unit *u, size_t from, size_t to, struct written *w,
			 double t_out[VOCAB_NFORMATS], struct scta_err *err)
{
	size_t i;
	int rc = 0, muted;

	for (i = from; i < to && !rc; i++) {
		char *name;
		double t0;

		const struct vocab_format *f = &vocab_formats[i];

		if (!(s->cfg->output.formats & f->bit))
			continue;
		t0 = now();
		name = xasprintf("%s%s.%s", s->cfg->output.name, u->suffix, f->ext);
		muted = f->bit == FORMAT_XLSX ? stderr_mute(s->quiet) : -1;
		rc = write_one(w, in, s->cfg->output.dir, name, writer_of(f->bit), err);
		stderr_unmute(muted);
		free(name);
		t_out[i] += now() - t0;
	}
	return rc;
}

/* Move src's outputs to the end of dst, in order; src is left empty. */
static void written_move(struct written *dst, struct written *src)
{
	size_t i;

	for (i = 0; i < src->n; i++) {
		XGROW(dst->files, dst->cap, dst->n + 1);
		XGROW(dst->mo, dst->cap2, dst->n + 1);
		XGROW(dst->names, dst->cap3, dst->n + 1);
		dst->files[dst->n] = src->files[i];
		dst->mo[dst->n] = src->mo[i];
		dst->names[dst->n] = src->names[i];
		dst->mo[dst->n].name = dst->names[dst->n];
		dst->n++;
	}
	src->n = 0;
	written_free(src);
	memset(src, 0, sizeof(*src));
}

/*
 * The second thread of a report unit: the analysis on its own read-only
 * connection, then the PDF and JSON from it, while the main thread streams
 * the workbook's detail sheets (the 2-core machines this runs on have a
 * core free for it). Everything it shares with the main thread is read
 * only while it runs, except the hand-over of the analysis (mu, cv).
 */
struct side {
	struct report_run *s;
	struct store *st;           /* the reader connection; borrowed */
	const struct unit *u;
	struct render_input in;     /* for the PDF and JSON: an = the analysis */
	struct written w;           /* what this thread wrote */
	struct analysis *an;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int an_done;                /* under mu: the analysis is finished (an_rc) */
	int an_rc, out_rc;
	struct scta_err an_err, out_err;
	double t_analysis, t_out[VOCAB_NFORMATS];
};

static void *side_main(void *arg)
{
	struct side *sd = arg;
	struct report_run *s = sd->s;
	double t0 = now();
	int rc;

	rc = store_filter(sd->st, sd->u->state, sd->u->community_key, &sd->an_err);
	if (!rc)
		rc = analysis_run(sd->st, s->cfg, s->q, &sd->an, &sd->an_err);
	sd->t_analysis = now() - t0;
	pthread_mutex_lock(&sd->mu);
	sd->an_rc = rc;
	sd->an_done = 1;
	pthread_cond_broadcast(&sd->cv);
	pthread_mutex_unlock(&sd->mu);
	if (rc)
		return NULL;
	sd->in.an = sd->an;
	/* Every format after the workbook (vocab_formats[0]). */
	sd->out_rc = write_outputs(s, &sd->in, sd->u, 1, VOCAB_NFORMATS, &sd->w, sd->t_out,
				   &sd->out_err);
	return NULL;
}

/* render_input.wait_analysis of the workbook: the side thread's analysis. */
static int side_wait(const struct render_input *in, const struct analysis **an,
		     struct scta_err *err)
{
	struct side *sd = in->ctx;
	int rc;

	pthread_mutex_lock(&sd->mu);
	while (!sd->an_done)
		pthread_cond_wait(&sd->cv, &sd->mu);
	rc = sd->an_rc;
	pthread_mutex_unlock(&sd->mu);
	*an = rc ? NULL : sd->an;
	if (rc)
		*err = sd->an_err;
	return rc;
}

/* render_input.detail_open of the workbook: the main connection, no analysis needed. */
static int side_detail_open(const struct render_input *in, enum detail_kind kind,
			    struct detail **out, struct scta_err *err)
{
	const struct side *sd = in->ctx;
	struct detail *d = NULL;
	int rc = analysis_detail_open_on(sd->s->st, sd->s->cfg, sd->s->q, kind, &d, err);

	/* The long streams are read ahead on a thread of their own. */
	if (!rc && (kind == DETAIL_PARTNERSHIPS || kind == DETAIL_RESPONSES))
		return analysis_detail_prefetch(d, out, err);
	*out = d;
	return rc;
}

/*
 * The tables of a report without their data, for laying out the workbook
 * before the analysis is done: the analysis of an empty in-memory database
 * (reference data and questionnaire only). See analysis_same_tables().
 */
int report_plan(const struct scta_config *cfg, const struct questionnaire *q,
		struct analysis **plan, struct scta_err *err)
{
	struct store *st = NULL;
	int created = 0, rc;

	*plan = NULL;
	if ((rc = store_open(":memory:", &created, &st, err)) || (rc = store_begin(st, err)))
		goto out;
	if ((rc = import_reference(st, err)) || (rc = store_questionnaire_put(st, q, err))) {
		store_rollback(st);
		goto out;
	}
	if ((rc = store_commit(st, err)) || (rc = analysis_run(st, cfg, q, plan, err)))
		goto out;
	(*plan)->store = NULL;   /* closed below: a plan has no detail streams */
out:
	store_close(st);
	return rc;
}

/*
 * The workbook on this thread while the side thread analyses and writes
 * the PDF and JSON; *an is the analysis when all went well. The first
 * failure is reported: the analysis's, else the workbook's, else the
 * side thread's outputs'.
 */
static int report_unit_side(struct report_run *s, struct render_input *in,
			    const struct analysis *plan, struct store *reader, const struct unit *u,
			    struct written *w, struct analysis **an, struct scta_err *err)
{
	struct side sd;
	struct render_input xin = *in;
	pthread_t th;
	size_t i;
	int rc, e;

	*an = NULL;
	memset(&sd, 0, sizeof(sd));
	sd.s = s;
	sd.st = reader;
	sd.u = u;
	sd.in = *in;
	sd.in.progress = NULL;     /* progress bars are the main thread's */
	sd.in.progress_ctx = NULL;
	sd.an_err = (struct scta_err)SCTA_ERR_INIT;
	sd.out_err = (struct scta_err)SCTA_ERR_INIT;
	pthread_mutex_init(&sd.mu, NULL);
	pthread_cond_init(&sd.cv, NULL);
	if ((e = pthread_create(&th, NULL, side_main, &sd))) {
		rc = scta_err_set(err, SCTA_ERR_RUNTIME, "cannot start a thread: %s", strerror(e));
		goto out;
	}
	xin.an = NULL;
	xin.plan = plan;
	xin.wait_analysis = side_wait;
	xin.detail_open = side_detail_open;
	xin.ctx = &sd;
	rc = write_outputs(s, &xin, u, 0, 1, w, s->t->out, err);
	/* The workbook may have failed before it waited: let the side thread finish. */
	pthread_join(th, NULL);
	s->t->analysis += sd.t_analysis;
	for (i = 1; i < VOCAB_NFORMATS; i++)
		s->t->out[i] += sd.t_out[i];
	written_move(w, &sd.w);
	if (sd.an_rc) {
		*err = sd.an_err;
		rc = sd.an_rc;
	} else if (!rc && sd.out_rc) {
		*err = sd.out_err;
		rc = sd.out_rc;
	}
	if (!rc) {
		*an = sd.an;
		sd.an = NULL;
	}
out:
	written_free(&sd.w);
	analysis_free(sd.an);
	pthread_cond_destroy(&sd.cv);
	pthread_mutex_destroy(&sd.mu);
	return rc;
}

/* Analysis, then each output in turn, on this thread. */
static int report_unit_serial(struct report_run *s, struct render_input *in,
			      const struct unit *u, struct written *w, struct analysis **an,
			      struct scta_err *err)
{
	int rc;
	double t0 = now();

	if ((rc = analysis_run(s->st, s->cfg, s->q, an, err)))
		return rc;
	s->t->analysis += now() - t0;
	in->an = *an;
	rc = write_outputs(s, in, u, 0, VOCAB_NFORMATS, w, s->t->out, err);
	in->an = NULL;
	return rc;
}

static int report_unit(struct report_run *s, struct render_input *in, const struct analysis *plan,
		       struct store *reader, const struct unit *u, struct written *w,
		       struct scta_err *err)
{
	struct analysis *an = NULL;
	char *title = s->cfg->report.title;
	int rc;
	double t0;

	if ((rc = store_filter(s->st, u->state, u->community_key, err)))
		return rc;
	if (u->label)
		s->cfg->report.title = xasprintf("%s: %s", title, u->label);
	if (plan && reader)
		rc = report_unit_side(s, in, plan, reader, u, w, &an, err);
	else
		rc = report_unit_serial(s, in, u, w, &an, err);
	if (rc)
		goto out;
	if (s->hooks->unit_done)
		s->hooks->unit_done(s->hooks->ctx, u->label, an);
	/* rejects.csv describes the inputs, so it comes from the unfiltered store. */
	t0 = now();
	if (!u->state && !u->community_key) {
		in->an = an;
		rc = write_one(w, in, s->cfg->output.dir, "rejects.csv", rejects_csv_write, err);
		in->an = NULL;
	}
	s->t->other += now() - t0;
out:
	if (u->label) {
		free(s->cfg->report.title);
		s->cfg->report.title = title;
	}
	analysis_free(an);
	return rc;
}

int report_write(struct report_job *job, const struct report_hooks *hooks,
		 struct report_timings *t, struct scta_err *err)
{
	struct report_run run = { job->cfg, job->q, job->st, job->quiet, hooks, t };
	struct report_run *s = &run;
	struct sources src = { NULL, 0, 0, NULL, 0, 0 };
	struct render_numbering numbering = { 0, NULL, NULL, NULL, 0, 0 };
	struct analysis *whole = NULL, *plan = job->plan;
	struct store *reader = NULL;
	struct units units = { NULL, 0, 0 };
	struct written w;
	struct render_input in;
	char cfg_sha[65];
	char *path = NULL;
	size_t i;
	int rc, swept = 0;
	double t0;

	job->plan = NULL;
	memset(&w, 0, sizeof(w));
	memset(&in, 0, sizeof(in));
	in.progress = hooks->progress;
	in.progress_ctx = hooks->ctx;
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
	    (rc = fs_mkdirs(s->cfg->output.dir, err)))
		goto out;
	/*
	 * One run at a time per output directory; holding its lock, any
	 * temporary file there was left by a run that died (kill -9).
	 */
	if (!*job->out_lock &&
	    ((rc = lock_acquire(s->cfg->output.dir, "output directory", job->out_lock, err)) ||
	     (rc = tempfile_sweep(s->cfg->output.dir, &swept, err))))
		goto out;
	if (swept && hooks->note) {
		char *msg = xasprintf("%s: removed %d temporary file%s left by an interrupted run",
				      s->cfg->output.dir, swept, swept == 1 ? "" : "s");

		hooks->note(hooks->ctx, msg);
		free(msg);
	}
	in.cfg = s->cfg;
	in.q = s->q;
	in.detail_open = render_detail_open;
	in.sources = src.v;
	in.nsources = src.n;
	in.tmpdir = s->cfg->output.dir;

	if (job->by) {
		if ((rc = analysis_run(s->st, s->cfg, s->q, &whole, err)) ||
		    (rc = list_units(whole, job->by, &units, err)))
			goto out;
		if (!units.n) {
			rc = scta_err_set(err, SCTA_ERR_RUNTIME, "--by %s: no partnership is in scope",
					  job->by);
			goto out;
		}
	} else {
		units_add(&units, "", NULL, NULL, NULL);
	}
	/*
	 * With a workbook to write, each unit's analysis (then its other
	 * formats) runs on a second thread while the workbook streams the
	 * detail sheets, laid out from the plan; a database that cannot take a
	 * second connection is reported on this thread alone.
	 */
	t0 = now();
	if (!plan && (rc = report_plan(s->cfg, s->q, &plan, err)))
		goto out;
	/* One numbering of tables and figures for every output, from the plan. */
	in.an = plan;
	rc = render_number(&in, &numbering, err);
	in.an = NULL;
	if (rc)
		goto out;
	in.numbering = &numbering;
	if ((s->cfg->output.formats & FORMAT_XLSX) && strcmp(store_path(s->st), ":memory:")) {
		if ((rc = store_open_reader(s->st, &reader, err)))
			goto out;
	} else {
		analysis_free(plan);
		plan = NULL;
	}
	s->t->analysis += now() - t0;
	for (i = 0; i < units.n && !rc; i++)
		rc = report_unit(s, &in, plan, reader, &units.v[i], &w, err);
	if (!rc)
		rc = store_filter(s->st, NULL, NULL, err);
	if (!rc && whole) {
		in.an = whole;
		rc = write_one(&w, &in, s->cfg->output.dir, "rejects.csv", rejects_csv_write, err);
	}
	if (hooks->progress_end)
		hooks->progress_end(hooks->ctx);
	if (rc)
		goto out;
	for (i = 0; i < w.n; i++) {
		path = xstrdup(w.files[i].path);
		if ((rc = afile_commit(&w.files[i], err)))
			goto out;
		if (hooks->wrote)
			hooks->wrote(hooks->ctx, path);
		free(path);
		path = NULL;
	}
	path = xasprintf("%s/manifest.json", s->cfg->output.dir);
	t0 = now();
	rc = manifest_write(path, &in, cfg_sha, w.mo, w.n, err);
	s->t->other += now() - t0;
	if (rc)
		goto out;
	if (hooks->wrote)
		hooks->wrote(hooks->ctx, path);
out:
	if (hooks->progress_end)
		hooks->progress_end(hooks->ctx);
	free(path);
	written_free(&w);
	units_free(&units);
	analysis_free(whole);
	analysis_free(plan);
	render_numbering_release(&numbering);
	store_close(reader);
	sources_free(&src);
	return rc;
}
