/*
 * prefetch.c - read a detail stream a few hundred rows ahead, on a thread
 * of its own.
 *
 * The workbook spends its time formatting XML; the rows it formats come
 * from SQLite. With a second core, the stream's own work (stepping the
 * query, decorating rows) runs beside the writer instead of before each
 * row. Rows travel in batches: each batch owns copies of its rows' text in
 * one buffer, so a batch is handed over with one lock, not one per row.
 *
 * Memory is bounded: NBATCH batches of BATCH_ROWS rows (or BATCH_BYTES of
 * text, whichever fills first) exist at any time, whatever the stream's
 * length.
 */
#include "analysis/analysis.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/strbuf.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define NBATCH 4
#define BATCH_ROWS 512
#define BATCH_BYTES (256 * 1024)

struct batch {
	struct cell *cells;     /* nrows * ncols; text points into buf */
	size_t nrows;
	struct strbuf buf;
	size_t *off;            /* per text cell: its offset in buf (buf may move while filling) */
	int last;               /* the stream ends after this batch (or failed: see rc) */
};

struct prefetch {
	struct detail d;        /* first: the struct detail handed out */
	struct detail *inner;
	size_t ncols;
	struct batch b[NBATCH];
	pthread_t th;
	int started;

	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t filled;          /* under mu: batches handed to the reader so far */
	size_t used;            /* under mu: batches the reader has given back */
	int stop;               /* under mu: the reader closed early */
	int rc;                 /* the inner stream's failure, with err */
	struct scta_err err;

	size_t cur, row;        /* reader: batch number being read, next row in it */
};

/* Fill batch b from the inner stream; 1 at the end of the stream or on error. */
static int fill(struct prefetch *p, struct batch *b)
{
	const struct cell *row;
	size_t c, k = 0;

	b->nrows = 0;
	b->last = 0;
	strbuf_reset(&b->buf);
	while (b->nrows < BATCH_ROWS && b->buf.len < BATCH_BYTES) {
		struct cell *out = &b->cells[b->nrows * p->ncols];

		if ((p->rc = p->inner->next(p->inner, &row, &p->err)) || !row) {
			b->last = 1;
			break;
		}
		for (c = 0; c < p->ncols; c++) {
			out[c] = row[c];
			if (row[c].kind == CELL_TEXT && row[c].s) {
				b->off[b->nrows * p->ncols + c] = b->buf.len;
				strbuf_add(&b->buf, row[c].s, strlen(row[c].s) + 1);
				k++;
			}
		}
		b->nrows++;
	}
	/* Point text cells into buf now that it no longer moves. */
	for (c = 0; k && c < b->nrows * p->ncols; c++)
		if (b->cells[c].kind == CELL_TEXT && b->cells[c].s)
			b->cells[c].s = b->buf.buf + b->off[c];
	return b->last;
}

static void *producer(void *arg)
{
	struct prefetch *p = arg;
	size_t n;
	int end = 0;

	for (n = 0; !end; n++) {
		struct batch *b = &p->b[n % NBATCH];

		pthread_mutex_lock(&p->mu);
		while (n - p->used >= NBATCH && !p->stop)
			pthread_cond_wait(&p->cv, &p->mu);
		end = p->stop;
		pthread_mutex_unlock(&p->mu);
		if (end)
			break;
		end = fill(p, b);
		pthread_mutex_lock(&p->mu);
		p->filled = n + 1;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
	return NULL;
}

static int pf_next(struct detail *d, const struct cell **row, struct scta_err *err)
{
	struct prefetch *p = (struct prefetch *)d;
	struct batch *b = &p->b[p->cur % NBATCH];

	*row = NULL;
	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (p->filled <= p->cur)
			pthread_cond_wait(&p->cv, &p->mu);
		pthread_mutex_unlock(&p->mu);
		if (p->row < b->nrows) {
			*row = &b->cells[p->row++ * p->ncols];
			return 0;
		}
		if (b->last) {
			if (p->rc)
				*err = p->err;
			return p->rc;
		}
		/* This batch is read: give it back and go on to the next. */
		pthread_mutex_lock(&p->mu);
		p->used = ++p->cur;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		p->row = 0;
		b = &p->b[p->cur % NBATCH];
	}
}

static void pf_close(struct detail *d)
{
	struct prefetch *p = (struct prefetch *)d;
	size_t i;

	if (!p)
		return;
	if (p->started) {
		pthread_mutex_lock(&p->mu);
		p->stop = 1;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		pthread_join(p->th, NULL);
	}
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
	for (i = 0; i < NBATCH; i++) {
		free(p->b[i].cells);
		free(p->b[i].off);
		strbuf_release(&p->b[i].buf);
	}
	if (p->inner)
		p->inner->close(p->inner);
	free(p);
}

int analysis_detail_prefetch(struct detail *inner, struct detail **out, struct scta_err *err)
{
	struct prefetch *p;
	size_t i;
	int e;

	*out = NULL;
	p = xcalloc(1, sizeof(*p));
	p->inner = inner;
	p->ncols = inner->spec->ncols;
	p->d.spec = inner->spec;
	p->d.next = pf_next;
	p->d.close = pf_close;
	p->err = (struct scta_err)SCTA_ERR_INIT;
	for (i = 0; i < NBATCH; i++) {
		p->b[i].cells = xcalloc(BATCH_ROWS * p->ncols + 1, sizeof(struct cell));
		p->b[i].off = xcalloc(BATCH_ROWS * p->ncols + 1, sizeof(size_t));
		strbuf_init(&p->b[i].buf);
	}
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	if ((e = pthread_create(&p->th, NULL, producer, p))) {
		pf_close(&p->d);
		return scta_err_set(err, SCTA_ERR_RUNTIME, "cannot start a thread: %s", strerror(e));
	}
	p->started = 1;
	*out = &p->d;
	return 0;
}
