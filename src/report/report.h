/*
 * report.h - the report flow: from a store holding imported data to the
 * outputs on disk.
 *
 * report_write() makes the plan and its one numbering, splits the report
 * into its units (the whole store, or each state or community), runs each
 * unit's analysis (on a second connection while the workbook streams its
 * detail sheets), writes every configured format under a temporary name,
 * renames them into place only when all succeeded, and writes the
 * manifest. It prints nothing: what a user should see reaches the caller
 * through struct report_hooks (only cli/ prints, docs/DESIGN.md section 1).
 */
#ifndef SCTA_REPORT_H
#define SCTA_REPORT_H

#include <stdint.h>

#include "util/vocab.h"

struct scta_err;
struct scta_config;
struct questionnaire;
struct store;
struct analysis;
struct lock;

/* What the caller hears of a report being written; every member may be NULL. */
struct report_hooks {
	void *ctx;
	/* A note for the user ("removed 2 temporary files ..."), one line. */
	void (*note)(void *ctx, const char *msg);
	/* path is in place (after every output of the run succeeded). */
	void (*wrote)(void *ctx, const char *path);
	/* A unit's analysis is done: label NULL for the whole store. */
	void (*unit_done)(void *ctx, const char *label, const struct analysis *an);
	/* Progress of a long streamed part ("Responses"): rows written so far. */
	void (*progress)(void *ctx, const char *what, int64_t rows);
	/* The end of all progress (clear a progress bar). */
	void (*progress_end)(void *ctx);
};

/* Seconds spent, for --timings: added to, never reset. */
struct report_timings {
	double analysis;
	double out[VOCAB_NFORMATS];   /* indexed like vocab_formats[] */
	double other;                 /* rejects.csv and manifest.json */
};

struct report_job {
	struct store *st;             /* the database, open for writing; borrowed */
	struct scta_config *cfg;      /* borrowed; its title is changed and restored per unit */
	const struct questionnaire *q;
	struct analysis *plan;        /* the preflight's plan, or NULL; taken (freed) */
	const char *by;               /* NULL, "state" or "community" (--by; no editions) */
	const char *edition;          /* --edition NAME: that edition only; NULL: all */
	int quiet;                    /* silence the libraries' own lines on stderr */
	/* The output directory's lock: taken when *out_lock is NULL, then kept there. */
	struct lock **out_lock;
};

/*
 * Write the report of job->st as job->cfg says. On failure no output of
 * this run is left in place and the earlier outputs are as they were.
 */
int report_write(struct report_job *job, const struct report_hooks *hooks,
		 struct report_timings *t, struct scta_err *err);

/* Is there a writer for the output format with this bit (vocab_formats[])? */
int report_has_writer(unsigned bit);

/*
 * The tables of a report without their data (the analysis of an empty
 * in-memory database: reference data and questionnaire only), to lay out
 * the workbook and number the tables before the analysis is done;
 * *plan is the caller's (analysis_free).
 */
int report_plan(const struct scta_config *cfg, const struct questionnaire *q,
		struct analysis **plan, struct scta_err *err);

#endif
