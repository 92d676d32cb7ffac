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
	const struct edition *ed;   /* the edition being written; NULL without [edition:*] */
	int rejects_done;           /* rejects.csv is among the outputs */
	struct analysis_shared *shared;   /* what every unit's analysis shares (owned) */
	/*
	 * Pipelined units (report_unit_piped): the two reader connections they
	 * take in turn (readers[0] is also the other units' second thread's),
	 * how many have been started, and the one still writing its PDF.
	 */
	struct store *readers[3];   /* [2]: a background edition's (struct bg) */
	unsigned npiped;
	struct side *pending;
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
	{ FORMAT_HTML, html_write },
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
static int list_units(const struct analysis *an, struct store *st, const struct scta_config *cfg,
		      const char *by, struct units *u, struct scta_err *err)
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
	/*
	 * Communities: (state, community) pairs of the partnerships in scope, read
	 * through st, which the caller has made see the whole store (the
	 * analysis's own connection may still be filtered to an earlier unit).
	 */
	if ((rc = analysis_detail_open_on(st, cfg, an->q, DETAIL_SCOPE, &d, err)))
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

/*
 * Write one output under a temporary name in dir; it is listed in w (with
 * format, edition and unit for the manifest, each may be NULL) from the
 * moment its temporary name exists, so that a failure removes it.
 */
static int write_one(struct written *w, const struct render_input *in, const char *dir,
		     const char *name, int (*fn)(const struct render_input *, const char *,
						 struct scta_err *),
		     const char *format, const char *edition, const char *unit,
		     struct scta_err *err)
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
	memset(&w->mo[w->n], 0, sizeof(w->mo[w->n]));
	w->mo[w->n].name = w->names[w->n];
	w->mo[w->n].format = format;
	w->mo[w->n].edition = edition ? xstrdup(edition) : NULL;
	w->mo[w->n].unit = unit ? xstrdup(unit) : NULL;
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
		free(w->mo[i].edition);
		free(w->mo[i].unit);
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
		/* <name>[-<edition>][-<unit>].<ext> */
		name = xasprintf("%s%s%s%s.%s", s->cfg->output.name, s->ed ? "-" : "",
				 s->ed ? s->ed->name : "", u->suffix, f->ext);
		muted = f->bit == FORMAT_XLSX ? stderr_mute(s->quiet) : -1;
		rc = write_one(w, in, s->cfg->output.dir, name, writer_of(f->bit), f->name,
			       s->ed ? s->ed->name : NULL, u->label, err);
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

/* The strings of a unit's own settings (unit_settings), owned. */
struct unit_names {
	char *title, *short_title, *number;
};

static void unit_names_free(struct unit_names *names)
{
	free(names->title);
	free(names->short_title);
	free(names->number);
}

/*
 * The second thread of a report unit: the analysis on its own read-only
 * connection, then the PDF and JSON from it, while the main thread streams
 * the workbook's detail sheets (the 2-core machines this runs on have a
 * core free for it). Everything it shares with the main thread is read
 * only while it runs, except the hand-over of the analysis (mu, cv).
 *
 * A unit of an edition by state or community is pipelined: once its
 * workbook is written and its analysis done, the main thread goes on to
 * the next unit while this thread still writes the PDF (see
 * report_unit_piped). Such a unit has its own settings (own: title,
 * number) and the next unit reads through the other reader connection.
 */
struct side {
	struct report_run *s;
	struct store *st;           /* the reader connection; borrowed */
	const struct unit *u;
	const struct scta_config *cfg;  /* the unit's settings: s->cfg, or &own */
	struct render_input in;     /* for the PDF and JSON: an = the analysis */
	struct written wb;          /* the workbook, written by the main thread */
	struct written w;           /* what this thread wrote */
	const struct analysis *given;  /* an analysis made before (the whole store's), or NULL */
	struct analysis *an;        /* the one this thread made, when none was given */
	const struct analysis *view;   /* given or an */
	pthread_t th;
	int started;                /* th runs or ran (join it) */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int an_done;                /* under mu: the analysis is finished (an_rc) */
	int an_rc, out_rc;
	struct scta_err an_err, out_err;
	double t_analysis, t_out[VOCAB_NFORMATS];
	struct scta_config own;     /* a pipelined unit's settings (unit_settings) */
	struct unit_names names;    /* the strings own points to */
};

static void *side_main(void *arg)
{
	struct side *sd = arg;
	struct report_run *s = sd->s;
	double t0 = now();
	int rc;

	/* The given analysis streams its details through this connection too: filter it for u. */
	rc = store_filter(sd->st, sd->u->state, sd->u->community_key, &sd->an_err);
	if (rc) {
		sd->view = NULL;
	} else if (sd->given) {
		sd->view = sd->given;
	} else {
		rc = analysis_run_shared(sd->st, sd->cfg, s->q, s->shared, &sd->an, &sd->an_err);
		sd->view = sd->an;
		sd->t_analysis = now() - t0;
	}
	pthread_mutex_lock(&sd->mu);
	sd->an_rc = rc;
	sd->an_done = 1;
	pthread_cond_broadcast(&sd->cv);
	pthread_mutex_unlock(&sd->mu);
	if (rc)
		return NULL;
	sd->in.an = sd->view;
	/* Every format after the workbook (vocab_formats[0]). */
	sd->out_rc = write_outputs(s, &sd->in, sd->u, 1, VOCAB_NFORMATS, &sd->w, sd->t_out,
				   &sd->out_err);
	return NULL;
}

/* Wait until sd's analysis is done; its result. */
static int side_analysed(struct side *sd, const struct analysis **an, struct scta_err *err)
{
	int rc;

	pthread_mutex_lock(&sd->mu);
	while (!sd->an_done)
		pthread_cond_wait(&sd->cv, &sd->mu);
	rc = sd->an_rc;
	pthread_mutex_unlock(&sd->mu);
	if (an)
		*an = rc ? NULL : sd->view;
	if (rc)
		*err = sd->an_err;
	return rc;
}

/* render_input.wait_analysis of the workbook: the side thread's analysis. */
static int side_wait(const struct render_input *in, const struct analysis **an,
		     struct scta_err *err)
{
	return side_analysed(in->ctx, an, err);
}

/* render_input.detail_open of the workbook: the main connection, no analysis needed. */
static int side_detail_open(const struct render_input *in, enum detail_kind kind,
			    struct detail **out, struct scta_err *err)
{
	const struct side *sd = in->ctx;
	struct detail *d = NULL;
	int rc = analysis_detail_open_on(sd->s->st, sd->cfg, sd->s->q, kind, &d, err);

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
 * Unit u's second thread, not started yet: the analysis on reader (unless
 * given), then the formats after the workbook, with the settings cfg
 * (report_unit_piped() points it at the unit's own copy, sd->own). Joined
 * by side_finish(), freed by side_free().
 */
static struct side *side_new(struct report_run *s, const struct render_input *in,
			     const struct scta_config *cfg, struct store *reader,
			     const struct unit *u, const struct analysis *given)
{
	struct side *sd = xcalloc(1, sizeof(*sd));

	sd->s = s;
	sd->st = reader;
	sd->u = u;
	sd->cfg = cfg;
	sd->given = given;
	sd->in = *in;
	sd->in.cfg = cfg;
	sd->in.progress = NULL;     /* progress bars are the main thread's */
	sd->in.progress_ctx = NULL;
	sd->an_err = (struct scta_err)SCTA_ERR_INIT;
	sd->out_err = (struct scta_err)SCTA_ERR_INIT;
	pthread_mutex_init(&sd->mu, NULL);
	pthread_cond_init(&sd->cv, NULL);
	return sd;
}

static int side_run(struct side *sd, struct scta_err *err)
{
	int e = pthread_create(&sd->th, NULL, side_main, sd);

	if (e) {
		/* Nothing waits for an analysis that will not come. */
		sd->an_done = 1;
		sd->an_rc = scta_err_set(&sd->an_err, SCTA_ERR_RUNTIME, "cannot start a thread: %s",
					 strerror(e));
		return scta_err_set(err, SCTA_ERR_RUNTIME, "cannot start a thread: %s", strerror(e));
	}
	sd->started = 1;
	return 0;
}

/*
 * On the main thread: sd's workbook (when its settings ask for one), laid
 * out from plan while the second thread analyses, into sd->wb; then the
 * analysis's own result. Its temporary file is listed in sd->wb even on
 * failure, for side_finish() to hand over and the caller to remove.
 */
static int side_workbook(struct side *sd, const struct render_input *in,
			 const struct analysis *plan, struct scta_err *err)
{
	struct render_input xin = *in;
	int rc;

	xin.cfg = sd->cfg;
	xin.an = NULL;
	xin.plan = plan;
	xin.wait_analysis = side_wait;
	xin.detail_open = side_detail_open;
	xin.ctx = sd;
	rc = write_outputs(sd->s, &xin, sd->u, 0, 1, &sd->wb, sd->s->t->out, err);
	if (rc)
		return rc;
	return side_analysed(sd, NULL, err);
}

/*
 * Join sd's thread, move its outputs (the workbook's, then the thread's:
 * the order of the manifest) to the end of w and add its timings. The
 * first failure is reported: the analysis's, else rc (the caller's: the
 * workbook's), else the thread's outputs'. sd is freed by side_free().
 */
static int side_finish(struct side *sd, int rc, struct written *w, struct scta_err *err)
{
	struct report_run *s = sd->s;
	size_t i;

	if (sd->started)
		pthread_join(sd->th, NULL);
	sd->started = 0;
	s->t->analysis += sd->t_analysis;
	for (i = 1; i < VOCAB_NFORMATS; i++)
		s->t->out[i] += sd->t_out[i];
	written_move(w, &sd->wb);
	written_move(w, &sd->w);
	if (sd->an_rc) {
		*err = sd->an_err;
		rc = sd->an_rc;
	} else if (!rc && sd->out_rc) {
		*err = sd->out_err;
		rc = sd->out_rc;
	}
	return rc;
}

/* Free a finished sd, with the analysis it made (unless taken) and its own settings. */
static void side_free(struct side *sd)
{
	if (!sd)
		return;
	written_free(&sd->wb);
	written_free(&sd->w);
	analysis_free(sd->an);
	pthread_cond_destroy(&sd->cv);
	pthread_mutex_destroy(&sd->mu);
	unit_names_free(&sd->names);
	free(sd);
}

/*
 * The workbook on this thread while the side thread analyses and writes
 * the PDF and JSON; *an is the analysis when all went well (NULL when one
 * was given: then the side thread writes from it at once). The first
 * failure is reported: the analysis's, else the workbook's, else the
 * side thread's outputs'.
 */
static int report_unit_side(struct report_run *s, struct render_input *in,
			    const struct analysis *plan, struct store *reader, const struct unit *u,
			    const struct analysis *given, struct written *w, struct analysis **an,
			    struct scta_err *err)
{
	struct side *sd = side_new(s, in, s->cfg, reader, u, given);
	int rc;

	*an = NULL;
	rc = side_run(sd, err);
	if (!rc)
		rc = side_workbook(sd, in, plan, err);
	rc = side_finish(sd, rc, w, err);
	if (!rc) {
		*an = sd->an;
		sd->an = NULL;
	}
	side_free(sd);
	return rc;
}

/* Analysis, then each output in turn, on this thread. */
static int report_unit_serial(struct report_run *s, struct render_input *in,
			      const struct unit *u, const struct analysis *given, struct written *w,
			      struct analysis **an, struct scta_err *err)
{
	int rc;
	double t0 = now();

	if (!given && (rc = analysis_run_shared(s->st, s->cfg, s->q, s->shared, an, err)))
		return rc;
	s->t->analysis += now() - t0;
	in->an = given ? given : *an;
	rc = write_outputs(s, in, u, 0, VOCAB_NFORMATS, w, s->t->out, err);
	in->an = NULL;
	return rc;
}

/* {number}, {state}, {community} and {edition} of pattern for unit u. Caller frees. */
static char *unit_number(const char *pattern, const char *number, const char *edition,
			 const struct unit *u)
{
	struct strbuf sb = STRBUF_INIT;
	/* The suffix is "-ST" or "-ST-community-slug" (list_units). */
	const char *st = *u->suffix ? u->suffix + 1 : "";
	const char *dash = strchr(st, '-');
	size_t stlen = dash ? (size_t)(dash - st) : strlen(st);
	const char *p;

	for (p = pattern; *p; p++) {
		if (!strncmp(p, "{number}", 8)) {
			strbuf_adds(&sb, number);
			p += 7;
		} else if (!strncmp(p, "{state}", 7)) {
			strbuf_add(&sb, st, stlen);
			p += 6;
		} else if (!strncmp(p, "{community}", 11)) {
			strbuf_adds(&sb, dash ? dash + 1 : "");
			p += 10;
		} else if (!strncmp(p, "{edition}", 9)) {
			strbuf_adds(&sb, edition ? edition : "");
			p += 8;
		} else {
			strbuf_addch(&sb, *p);
		}
	}
	return strbuf_detach(&sb);
}

/*
 * Unit u's settings over the edition's (s->cfg): *out is a shallow copy
 * whose title, short title and unit name a state or community ("Title:
 * Label": no two documents share a number) and whose number follows the
 * edition's pattern (by unit, {number}-{state}[-{community}] without one).
 * The strings made are kept in *names, freed by unit_names_free().
 */
static void unit_settings(const struct report_run *s, const struct unit *u,
			  struct scta_config *out, struct unit_names *names)
{
	const struct scta_config *ecfg = s->cfg;
	const char *pattern = s->ed ? s->ed->number : NULL;

	*out = *ecfg;
	memset(names, 0, sizeof(*names));
	if (u->label) {
		out->report.title = names->title = xasprintf("%s: %s", ecfg->report.title, u->label);
		out->report.short_title = names->short_title =
			xasprintf("%s: %s", ecfg->report.short_title, u->label);
		out->report.unit = u->label;
		if (!pattern)
			pattern = u->community_key ? "{number}-{state}-{community}" : "{number}-{state}";
	}
	if (pattern)
		out->report.number = names->number =
			unit_number(pattern, ecfg->report.number, s->ed ? s->ed->name : NULL, u);
}

/*
 * Finish the pipelined unit still pending (if any): join its thread, move
 * its outputs to the end of w, report it (hooks->unit_done), free it.
 */
static int pending_finish(struct report_run *s, struct written *w, struct scta_err *err)
{
	struct side *sd = s->pending;
	int rc;

	if (!sd)
		return 0;
	s->pending = NULL;
	rc = side_finish(sd, 0, w, err);
	if (!rc && s->hooks->unit_done)
		s->hooks->unit_done(s->hooks->ctx, sd->u->label, sd->an);
	side_free(sd);
	return rc;
}

/*
 * One unit of an edition by state or community, pipelined: its second
 * thread analyses it on the reader the unit before did not take and
 * writes its PDF and JSON, while this thread writes its workbook; once
 * the analysis is done, the unit before is finished and this one is left
 * pending, to write its PDF while the next unit's workbook is written.
 * Two analyses never run at once (they share s->shared), no two units read
 * through one connection, and the outputs are listed in unit order.
 */
static int report_unit_piped(struct report_run *s, const struct render_input *in,
			     const struct analysis *plan, const struct unit *u, struct written *w,
			     struct scta_err *err)
{
	struct side *sd;
	struct scta_err perr = SCTA_ERR_INIT;
	int rc, prc;

	/* The workbook's detail sheets read through the main connection. */
	if ((rc = store_filter(s->st, u->state, u->community_key, err)))
		return rc;
	sd = side_new(s, in, NULL, s->readers[s->npiped++ & 1], u, NULL);
	unit_settings(s, u, &sd->own, &sd->names);
	sd->cfg = &sd->own;
	sd->in.cfg = &sd->own;
	rc = side_run(sd, err);
	if (!rc)
		rc = side_workbook(sd, in, plan, err);
	/* The unit before, in order, whatever became of this one. */
	prc = pending_finish(s, w, &perr);
	if (rc) {
		rc = side_finish(sd, rc, w, err);
		side_free(sd);
		return rc;
	}
	s->pending = sd;
	if (prc)
		*err = perr;
	return prc;
}

/*
 * One unit of one edition: its analysis (given, for the whole store, when
 * an earlier edition made it), every format, the summary; rejects.csv with
 * the first whole-store unit. *cache, when not NULL, receives the whole
 * store's analysis for the editions after this one.
 */
static int report_unit(struct report_run *s, struct render_input *in, const struct analysis *plan,
		       struct store *reader, const struct unit *u, struct analysis **cache,
		       struct written *w, struct scta_err *err)
{
	struct analysis *an = NULL;
	const struct analysis *given = cache ? *cache : NULL, *used;
	struct report_cfg_saved {
		char *title, *short_title, *number, *unit;
	} saved = { s->cfg->report.title, s->cfg->report.short_title, s->cfg->report.number,
		    s->cfg->report.unit };
	struct scta_config ucfg;
	struct unit_names names;
	int rc;
	double t0;

	/*
	 * Even with the whole store's analysis given, the connection's filter must
	 * be this unit's: an earlier edition's unit (a state) may still be applied,
	 * and the detail streams (::: detail, the workbook's sheets) read through it.
	 */
	if ((rc = store_filter(s->st, u->state, u->community_key, err)))
		return rc;
	/*
	 * A given analysis streams its details through the connection it was made
	 * on: the reader when a second thread made it, which an earlier unit may
	 * have left filtered to a state (no thread uses it now; the second thread
	 * of this unit, if any, sets the same filter).
	 */
	if (given && given->store && given->store != s->st &&
	    (rc = store_filter(given->store, u->state, u->community_key, err)))
		return rc;
	/*
	 * The unit's title and number, in s->cfg itself: a whole-store analysis
	 * kept for later editions reads its settings through the edition's.
	 */
	unit_settings(s, u, &ucfg, &names);
	s->cfg->report.title = ucfg.report.title;
	s->cfg->report.short_title = ucfg.report.short_title;
	s->cfg->report.number = ucfg.report.number;
	s->cfg->report.unit = ucfg.report.unit;
	/* Its tables' source lines end with a report number: another edition's will not do. */
	if (given && strcmp(given->number, s->cfg->report.number ? s->cfg->report.number : "")) {
		given = NULL;
		cache = NULL;
	}
	if (plan && reader && (s->cfg->output.formats & FORMAT_XLSX))
		rc = report_unit_side(s, in, plan, reader, u, given, w, &an, err);
	else
		rc = report_unit_serial(s, in, u, given, w, &an, err);
	if (rc)
		goto out;
	used = given ? given : an;
	if (s->hooks->unit_done)
		s->hooks->unit_done(s->hooks->ctx, u->label, used);
	/* rejects.csv describes the inputs, so it comes from the unfiltered store. */
	t0 = now();
	if (!u->state && !u->community_key && !s->rejects_done) {
		in->an = used;
		rc = write_one(w, in, s->cfg->output.dir, "rejects.csv", rejects_csv_write, NULL, NULL,
			       NULL, err);
		in->an = NULL;
		s->rejects_done = 1;
	}
	s->t->other += now() - t0;
	if (!rc && cache && !*cache) {
		*cache = an;
		an = NULL;
	}
out:
	unit_names_free(&names);
	s->cfg->report.title = saved.title;
	s->cfg->report.short_title = saved.short_title;
	s->cfg->report.number = saved.number;
	s->cfg->report.unit = saved.unit;
	analysis_free(an);
	return rc;
}

/*
 * The units of edition e (by state or community): every one with a
 * partnership in scope, listed from the whole store's analysis for audience
 * a (cache[a], made now, on an unfiltered connection, when no edition made
 * it before). None is an error.
 */
static int list_edition_units(struct report_run *s, const struct edition *e, const char *by_opt,
			      const struct scta_config *ecfg, struct analysis **cache, int a,
			      struct units *out, struct scta_err *err)
{
	const char *by = e->by == EDITION_BY_STATE ? "state" : "community";
	double t0 = now();
	int rc = 0;

	/* The whole store, whatever unit an earlier edition left the connection on. */
	rc = store_filter(s->st, NULL, NULL, err);
	if (!rc && !cache[a])
		rc = analysis_run(s->st, ecfg, s->q, &cache[a], err);
	s->t->analysis += now() - t0;
	if (!rc)
		rc = list_units(cache[a], s->st, ecfg, by, out, err);
	if (!rc && !out->n) {
		if (s->cfg->neditions)
			rc = scta_err_set(err, SCTA_ERR_RUNTIME, "[edition:%s] by = %s: no partnership "
					  "is in scope", e->name, by);
		else
			rc = scta_err_set(err, SCTA_ERR_RUNTIME, "--by %s: no partnership is in scope",
					  by_opt);
	}
	return rc;
}

/*
 * An edition written in the background (bg_eligible): a whole-store edition
 * with no workbook whose analysis an earlier edition made, written on a
 * thread of its own as soon as that analysis exists (the association's
 * letter beside the restricted annex, whose second thread has time to
 * spare), and taken into the outputs, in order, when its turn comes.
 * It reads through a reader connection of its own, with its own settings;
 * the analysis it is given is only read.
 */
struct bg {
	size_t ed;                  /* its index in the editions */
	struct report_run run;      /* for write_outputs: cfg = &cfg, ed */
	struct scta_config cfg;
	struct render_numbering numbering;
	struct render_input in;
	struct store *st;           /* borrowed: readers[2] */
	const struct unit *u;       /* the whole store */
	const struct analysis *an;  /* given; borrowed */
	struct written w;
	pthread_t th;
	int rc;
	struct scta_err err;
	double t_out[VOCAB_NFORMATS];
};

/* render_input.detail_open of a background edition: its own connection and settings. */
static int bg_detail_open(const struct render_input *in, enum detail_kind kind,
			  struct detail **out, struct scta_err *err)
{
	const struct bg *b = in->ctx;

	return analysis_detail_open_on(b->st, &b->cfg, in->q, kind, out, err);
}

static void *bg_main(void *arg)
{
	struct bg *b = arg;

	b->rc = store_filter(b->st, NULL, NULL, &b->err);
	if (!b->rc)
		b->rc = write_outputs(&b->run, &b->in, b->u, 0, VOCAB_NFORMATS, &b->w, b->t_out,
				      &b->err);
	return NULL;
}

/*
 * Join b, move its outputs to the end of w, add its timings, report it
 * (hooks->unit_done) and free it. Its failure, if any.
 */
static int bg_finish(struct report_run *s, struct bg *b, struct written *w, struct scta_err *err)
{
	size_t i;
	int rc;

	pthread_join(b->th, NULL);
	for (i = 0; i < VOCAB_NFORMATS; i++)
		s->t->out[i] += b->t_out[i];
	written_move(w, &b->w);
	rc = b->rc;
	if (rc)
		*err = b->err;
	else if (s->hooks->unit_done)
		s->hooks->unit_done(s->hooks->ctx, NULL, b->an);
	written_free(&b->w);
	render_numbering_release(&b->numbering);
	free(b);
	return rc;
}

/*
 * The configuration an edition is written with: a shallow copy of base
 * whose [report] settings the edition overrides (never config_free()d).
 */
static void edition_cfg(const struct scta_config *base, const struct edition *e,
			struct scta_config *out)
{
	*out = *base;
	if (!e)
		return;
	out->templates_dir = e->templates_dir;
	out->report.edition = e->name;
	out->report.audience = e->audience;
	if (e->marking)
		out->report.marking = e->marking;
	if (e->audience == AUDIENCE_RESTRICTED && !out->report.marking)
		out->report.marking = "RESTRICTED";
	if (e->audience != AUDIENCE_RESTRICTED)
		out->report.marking = NULL;
	if (e->title)
		out->report.title = e->title;
	if (e->short_title)
		out->report.short_title = e->short_title;
	else if (e->title)
		out->report.short_title = e->title;
	if (e->addressee)
		out->report.addressee = e->addressee;
	if (e->signatory)
		out->report.signatory = e->signatory;
	if (e->formats)
		out->output.formats = e->formats;
	if (e->number)
		out->report.number = base->report.number;   /* the pattern is applied per unit */
}

/*
 * May edition k be written in the background (struct bg)? A whole-store
 * edition without a workbook or a number of its own, after a whole-store
 * edition of the same audience (whose analysis it will be given).
 */
static int bg_eligible(const struct scta_config *base, size_t k)
{
	const struct edition *eds = base->editions;
	struct scta_config c, p;
	size_t j;

	if (k >= base->neditions || eds[k].by != EDITION_BY_NONE || eds[k].number)
		return 0;
	edition_cfg(base, &eds[k], &c);
	if (c.output.formats & FORMAT_XLSX)
		return 0;
	for (j = 0; j < k; j++) {
		if (eds[j].by != EDITION_BY_NONE)
			continue;
		edition_cfg(base, &eds[j], &p);
		if (p.report.audience == c.report.audience)
			return 1;
	}
	return 0;
}

/*
 * Start edition k in the background when the analysis it is given exists
 * (cache, by audience, with its report number); *out is NULL when it does
 * not yet, or when no thread could be started (it is written in its turn).
 */
static int bg_start(struct report_run *s, const struct scta_config *base,
		    const struct render_input *in, const struct analysis *plan, size_t k,
		    const struct unit *u, struct analysis *const cache[3], struct bg **out,
		    struct scta_err *err)
{
	struct bg *b;
	const struct analysis *an;
	int rc;

	*out = NULL;
	b = xcalloc(1, sizeof(*b));
	edition_cfg(base, &base->editions[k], &b->cfg);
	an = cache[b->cfg.report.audience];
	if (!an || strcmp(an->number, b->cfg.report.number ? b->cfg.report.number : "")) {
		free(b);
		return 0;
	}
	b->ed = k;
	b->run = *s;
	b->run.cfg = &b->cfg;
	b->run.ed = &base->editions[k];
	b->run.pending = NULL;
	b->in = *in;
	b->in.cfg = &b->cfg;
	b->in.an = plan;
	if ((rc = render_number(&b->in, &b->numbering, err))) {
		render_numbering_release(&b->numbering);
		free(b);
		return rc;
	}
	b->in.numbering = &b->numbering;
	b->in.nation = NULL;
	b->in.an = an;
	b->in.plan = NULL;
	b->in.wait_analysis = NULL;
	b->in.detail_open = bg_detail_open;
	b->in.ctx = b;
	b->in.progress = NULL;
	b->in.progress_ctx = NULL;
	b->st = s->readers[2];
	b->u = u;
	b->an = an;
	b->err = (struct scta_err)SCTA_ERR_INIT;
	if (pthread_create(&b->th, NULL, bg_main, b)) {
		render_numbering_release(&b->numbering);
		free(b);
		return 0;
	}
	*out = b;
	return 0;
}

/* All units of every edition, kept until the manifest is written. */
struct edition_units {
	struct units *v;
	size_t n;
};

int report_write(struct report_job *job, const struct report_hooks *hooks,
		 struct report_timings *t, struct scta_err *err)
{
	struct report_run run = { job->cfg, job->q, job->st, job->quiet, hooks, t, NULL, 0,
				  analysis_shared_new(), { NULL, NULL, NULL }, 0, NULL };
	struct report_run *s = &run;
	struct scta_config *base = job->cfg, ecfg;
	struct sources src = { NULL, 0, 0, NULL, 0, 0 };
	struct render_numbering numbering = { 0, NULL, NULL, NULL, 0, 0, NULL, NULL };
	struct analysis *plan = job->plan;
	/*
	 * The whole store's analysis by audience (editions differ only in
	 * [report] settings, which the figures do not depend on, and audience,
	 * which the flagged list does), each freed after the last edition that
	 * reads it; whole is the one that lists the units and gives the
	 * nation's figures (the first unit edition's audience; borrowed).
	 */
	struct analysis *cache[3] = { NULL, NULL, NULL };
	const struct analysis *whole = NULL;
	size_t last[3];
	int whole_aud = -1;
	struct store *reader = NULL;
	struct edition_units eu = { NULL, 0 };
	struct edition legacy;
	const struct edition *eds;
	struct written w;
	struct render_input in;
	char cfg_sha[65];
	char *path = NULL;
	size_t i, j, neds;
	unsigned formats = 0;
	struct bg *bgp = NULL;
	size_t k;
	int rc, swept = 0, piped = 0;
	double t0;

	job->plan = NULL;
	memset(&w, 0, sizeof(w));
	memset(&in, 0, sizeof(in));
	in.progress = hooks->progress;
	in.base_formats = base->output.formats;
	in.progress_ctx = hooks->ctx;
	/* Without [edition:*], one study, as before editions existed (--by splits it). */
	memset(&legacy, 0, sizeof(legacy));
	legacy.by = !job->by ? EDITION_BY_NONE :
		    !strcmp(job->by, "state") ? EDITION_BY_STATE : EDITION_BY_COMMUNITY;
	eds = base->neditions ? base->editions : &legacy;
	neds = base->neditions ? base->neditions : 1;
	if (base->neditions && job->by) {
		rc = scta_err_set(err, SCTA_ERR_USAGE, "--by: this configuration has editions; "
				  "set by = state or community in an [edition:NAME] section instead");
		goto out;
	}
	if (job->edition) {
		for (i = 0; i < neds && base->neditions; i++)
			if (!strcmp(eds[i].name, job->edition))
				break;
		if (!base->neditions || i == neds) {
			struct strbuf names = STRBUF_INIT;

			for (j = 0; j < base->neditions; j++)
				strbuf_addf(&names, "%s%s", j ? ", " : "", base->editions[j].name);
			if (base->neditions)
				rc = scta_err_set(err, SCTA_ERR_USAGE, "--edition %s: no such edition "
						  "(the configuration has %s)", job->edition, names.buf);
			else
				rc = scta_err_set(err, SCTA_ERR_USAGE, "--edition %s: the configuration "
						  "has no [edition:NAME] section", job->edition);
			strbuf_release(&names);
			goto out;
		}
		eds = &eds[i];
		neds = 1;
	}
	if ((rc = sha256_file(base->path, cfg_sha, err)) || (rc = store_cache_for_reading(s->st, err)))
		goto out;
	/* The report describes the questionnaire and the state laws in force. */
	if ((rc = store_begin(s->st, err)))
		goto out;
	/* The report number and date, for a later round's --compare to name this one. */
	if ((rc = store_questionnaire_put(s->st, s->q, err)) ||
	    (rc = import_state_laws(s->st, err)) ||
	    (rc = store_meta_put(s->st, "report_number", base->report.number, err)) ||
	    (rc = store_meta_put(s->st, "report_date", base->report.date, err))) {
		store_rollback(s->st);
		goto out;
	}
	if ((rc = store_commit(s->st, err)) ||
	    (rc = store_batches_latest(s->st, add_source, &src, err)) ||
	    (rc = fs_mkdirs(base->output.dir, err)))
		goto out;
	/*
	 * One run at a time per output directory; holding its lock, any
	 * temporary file there was left by a run that died (kill -9).
	 */
	if (!*job->out_lock &&
	    ((rc = lock_acquire(base->output.dir, "output directory", job->out_lock, err)) ||
	     (rc = tempfile_sweep(base->output.dir, &swept, err))))
		goto out;
	if (swept && hooks->note) {
		char *msg = xasprintf("%s: removed %d temporary file%s left by an interrupted run",
				      base->output.dir, swept, swept == 1 ? "" : "s");

		hooks->note(hooks->ctx, msg);
		free(msg);
	}
	in.q = s->q;
	in.detail_open = render_detail_open;
	in.sources = src.v;
	in.nsources = src.n;
	in.tmpdir = base->output.dir;

	/*
	 * The editions written by unit list their units when their turn comes,
	 * from the whole store's analysis that an earlier edition made (the first
	 * unit edition's audience: whole_aud); made up front, that analysis held
	 * up the first edition's workbook by its whole length.
	 */
	eu.v = xcalloc(neds, sizeof(*eu.v));
	eu.n = neds;
	for (i = 0; i < neds; i++) {
		edition_cfg(base, base->neditions ? &eds[i] : NULL, &ecfg);
		formats |= ecfg.output.formats;
		if (eds[i].by == EDITION_BY_NONE)
			units_add(&eu.v[i], "", NULL, NULL, NULL);
		else if (whole_aud < 0)
			whole_aud = (int)ecfg.report.audience;
		piped |= eds[i].by != EDITION_BY_NONE;
	}
	/*
	 * With a workbook to write, each unit's analysis (then its other
	 * formats) runs on a second thread while the workbook streams the
	 * detail sheets, laid out from the plan; a database that cannot take a
	 * second connection is reported on this thread alone.
	 */
	t0 = now();
	if (!plan && (rc = report_plan(base, s->q, &plan, err)))
		goto out;
	if ((formats & FORMAT_XLSX || piped) && strcmp(store_path(s->st), ":memory:") &&
	    (rc = store_open_reader(s->st, &reader, err)))
		goto out;
	/* Units by state or community are pipelined over two readers (report_unit_piped). */
	if (piped && reader && (rc = store_open_reader(s->st, &s->readers[1], err)))
		goto out;
	s->readers[0] = reader;
	/* (With --edition NAME, one edition: nothing beside it.) */
	for (i = 0; i < neds && reader && eds == base->editions; i++)
		if (bg_eligible(base, i)) {
			if ((rc = store_open_reader(s->st, &s->readers[2], err)))
				goto out;
			break;
		}
	s->t->analysis += now() - t0;
	/* The last edition that reads each audience's analysis (neds: none). */
	for (i = 0; i < 3; i++)
		last[i] = neds;
	for (i = 0; i < neds; i++) {
		edition_cfg(base, base->neditions ? &eds[i] : NULL, &ecfg);
		last[eds[i].by == EDITION_BY_NONE ? (int)ecfg.report.audience : whole_aud] = i;
	}
	for (i = 0; i < neds && !rc; i++) {
		const struct edition *e = base->neditions ? &eds[i] : NULL;
		int a;

		edition_cfg(base, e, &ecfg);
		s->cfg = &ecfg;
		s->ed = e;
		in.cfg = &ecfg;
		if (bgp && bgp->ed == i) {
			/* Written in the background: its outputs take their place in order. */
			rc = bg_finish(s, bgp, &w, err);
			bgp = NULL;
			goto edition_done;
		}
		/* One numbering of tables and figures for every format of the edition. */
		render_numbering_release(&numbering);
		memset(&numbering, 0, sizeof(numbering));
		in.an = plan;
		rc = render_number(&in, &numbering, err);
		in.an = NULL;
		in.numbering = &numbering;
		if (eds[i].by != EDITION_BY_NONE && (rc = list_edition_units(s, &eds[i], job->by,
									 &ecfg, cache, whole_aud,
									 &eu.v[i], err)))
			break;
		whole = whole_aud >= 0 ? cache[whole_aud] : NULL;
		/* A state's or community's edition compares it with the whole store. */
		in.nation = eds[i].by != EDITION_BY_NONE ? whole : NULL;
		for (j = 0; j < eu.v[i].n && !rc; j++) {
			const struct unit *u = &eu.v[i].v[j];
			int whole_unit = !u->state && !u->community_key;

			if (!whole_unit && s->readers[1])
				rc = report_unit_piped(s, &in, plan, u, &w, err);
			else
				rc = report_unit(s, &in, plan, reader, u,
						 whole_unit ? &cache[ecfg.report.audience] : NULL, &w,
						 err);
		}
		/* The edition's last unit, before its numbering and nation go. */
		if (!rc) {
			rc = pending_finish(s, &w, err);
		} else {
			struct scta_err ignored = SCTA_ERR_INIT;

			(void)pending_finish(s, &w, &ignored);
		}
		in.numbering = NULL;
		in.nation = NULL;
		/* A later edition that needs no more than an analysis made by now starts now. */
		for (k = i + 1; !rc && !bgp && s->readers[2] && k < neds; k++)
			if (bg_eligible(base, k) &&
			    (rc = bg_start(s, base, &in, plan, k, &eu.v[k].v[0], cache, &bgp, err)))
				break;
edition_done:
		/* What no later edition reads (rejects.csv reads whole when no edition wrote it). */
		for (a = 0; a < 3; a++) {
			if (last[a] != i || (a == whole_aud && !s->rejects_done))
				continue;
			if (a == whole_aud)
				whole = NULL;
			analysis_free(cache[a]);
			cache[a] = NULL;
		}
	}
	s->cfg = base;
	s->ed = NULL;
	in.cfg = base;
	if (!rc)
		rc = store_filter(s->st, NULL, NULL, err);
	if (!rc && !s->rejects_done) {
		if (!whole && (rc = analysis_run(s->st, base, s->q, &cache[AUDIENCE_ALL], err)))
			goto out;
		in.an = whole ? whole : cache[AUDIENCE_ALL];
		t0 = now();
		rc = write_one(&w, &in, base->output.dir, "rejects.csv", rejects_csv_write, NULL, NULL,
			       NULL, err);
		s->t->other += now() - t0;
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
	path = xasprintf("%s/manifest.json", base->output.dir);
	t0 = now();
	rc = manifest_write(path, &in, cfg_sha, w.mo, w.n, err);
	s->t->other += now() - t0;
	if (rc)
		goto out;
	if (hooks->wrote)
		hooks->wrote(hooks->ctx, path);
out:
	if (bgp) {
		struct scta_err ignored = SCTA_ERR_INIT;

		(void)bg_finish(s, bgp, &w, &ignored);
	}
	if (s->pending) {
		struct scta_err ignored = SCTA_ERR_INIT;

		(void)pending_finish(s, &w, &ignored);
	}
	if (hooks->progress_end)
		hooks->progress_end(hooks->ctx);
	free(path);
	written_free(&w);
	for (i = 0; i < eu.n; i++)
		units_free(&eu.v[i]);
	free(eu.v);
	for (i = 0; i < 3; i++)
		analysis_free(cache[i]);
	analysis_free(plan);
	analysis_shared_free(run.shared);
	render_numbering_release(&numbering);
	store_close(reader);
	store_close(s->readers[1]);
	store_close(s->readers[2]);
	sources_free(&src);
	return rc;
}
