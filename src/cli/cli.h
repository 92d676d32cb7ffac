/*
 * cli.h - the command line: options, the command table, and what the
 * commands share. Only cli/ prints or exits (docs/DESIGN.md section 1).
 */
#ifndef SCTA_CLI_H
#define SCTA_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "import/import.h"
#include "report/report.h"

struct scta_err;
struct scta_config;
struct questionnaire;
struct store;
struct lock;
struct analysis;

/* Global options, parsed from anywhere on the command line. */
struct cli_opts {
	const char *config;      /* -c FILE (default ./scta.ini if present, else config/scta.ini) */
	const char *db;          /* --db FILE */
	const char *encoding;    /* --encoding NAME */
	const char *out;         /* report --out DIR */
	const char *formats;     /* report --format LIST */
	const char *by;          /* report --by state|community */
	const char *edition;     /* report --edition NAME */
	const char *compare;     /* run/report --compare PREVIOUS (database or output folder) */
	const char *layout;      /* --layout NAME of responses files (default: recognised) */
	int quiet, verbose, strict, timings;
	int templates;           /* init --templates */
	const char *command;     /* the command's name ("run", ...) */
	char **args;             /* positional words after the command */
	size_t nargs;
};

struct cli_command {
	const char *name;
	int (*run)(struct cli_opts *o);
	const char *usage;       /* "import partnerships FILE" */
	const char *summary;     /* one line */
	const char *help;        /* paragraph for `scta help NAME` */
};

extern const struct cli_command cli_commands[];

int cmd_run(struct cli_opts *o);
int cmd_import(struct cli_opts *o);
int cmd_check(struct cli_opts *o);
int cmd_report(struct cli_opts *o);
int cmd_help(struct cli_opts *o);
int cmd_init(struct cli_opts *o);

/* ---- shared by the commands (session.c) ---- */

/* Everything one invocation has open. cli_session_close() releases it. */
struct cli_session {
	struct cli_opts *o;
	struct scta_config *cfg;
	struct questionnaire *q;
	struct store *st;
	struct analysis *plan;   /* the report's tables without data, made by the preflight; or NULL */
	char *base;              /* canonical directory of the config: inputs are shown from it */
	int64_t rows_read, rows_loaded, rows_rejected;   /* by this invocation's imports */
	int64_t answers_rejected;                        /* ... in rows loaded with their others */
	enum import_layout layout;                       /* --layout, or AUTO */
	int summary;             /* print the headline figures after the report */
	double t_import;         /* seconds, for --timings */
	struct report_timings t; /* the report's stages */
	struct lock *db_lock;    /* held from opening the store to closing it */
	struct lock *out_lock;   /* the output directory's, from the report on */
};

/* What a command needs of the store. */
enum cli_store_need {
	CLI_STORE_NONE = 0,      /* no database */
	CLI_STORE_CREATE = 1,    /* open it, creating it when missing (imports) */
	CLI_STORE_EXISTING = 2   /* it must exist and hold imported data (report) */
};

/* Load config (and overrides) and questionnaire; open the store as need_store says. */
int cli_session_open(struct cli_session *s, struct cli_opts *o, int need_store,
		     struct scta_err *err);
void cli_session_close(struct cli_session *s);
/*
 * Before a command touches the database (preflight.c): load the
 * questionnaire into s->q and check it, the crosstabs' questions, the
 * input files named in the config (when `inputs`) and, for a command that
 * writes a PDF, the templates against the report's tables. Every problem
 * is added to err (after any already there), one line each; nothing is
 * written. s->cfg may be a configuration with problems (config_load_partial):
 * the templates are then not checked.
 */
int cli_preflight(struct cli_session *s, int inputs, struct scta_err *err);
/*
 * End a command: print err if set, the stage timings under --timings or
 * -v, release the session; returns rc (the exit code).
 */
int cli_session_finish(struct cli_session *s, int rc, const struct scta_err *err);

/*
 * The two names of an input file: *key, its identity in the store (the
 * canonical path), and *shown, the one form messages and outputs print
 * (path_shown() from the config's directory). Fails when the file does not
 * exist. Caller frees both.
 */
int cli_input_names(const struct cli_session *s, const char *path, char **key, char **shown,
		    struct scta_err *err);
/* The import options every command uses: encoding, --layout, [columns:KIND]. */
void cli_import_opts(const struct cli_session *s, enum import_kind kind, struct import_opts *opts);

/* Import one file and print "FILE: N rows read, N loaded, N rejected". */
int cli_import(struct cli_session *s, enum import_kind kind, const char *path,
	       struct scta_err *err);

/*
 * --strict: validate path without storing anything; SCTA_ERR_REJECTS when
 * any row would be rejected.
 */
int cli_strict_check(struct cli_session *s, enum import_kind kind, const char *path,
		     struct scta_err *err);

/*
 * --compare PREVIOUS (compare.c): the earlier round's database, given as
 * the file or as the output folder holding scta.db, checked readable (an
 * scta database of this or an older schema) and set as s->cfg->compare.
 * Fails naming the path when there is none.
 */
int cli_compare_resolve(struct cli_session *s, struct scta_err *err);

/* Write the report outputs (report command and run): report_write() with printing hooks. */
int cli_report(struct cli_session *s, struct scta_err *err);

/* Print an error the house way: "scta: MESSAGE" on stderr. */
void cli_error(const struct scta_err *err);
/* Print s with control and bidi characters escaped (util/text.h text_visible). */
void cli_print_visible(FILE *fp, const char *s);
/* Warnings and notes on stderr unless -q. */
void cli_note(const struct cli_opts *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Progress bar on stderr when it is a terminal and not -q (progress.c). */
struct cli_progress;
struct cli_progress *cli_progress_new(const struct cli_opts *o, const char *label);
/* done of total (bytes, say); total 0 when unknown. */
void cli_progress_update(struct cli_progress *p, int64_t rows, uint64_t done, uint64_t total);
void cli_progress_done(struct cli_progress *p);   /* clears the line and frees */

/* Monotonic seconds, for --timings. */
double cli_now(void);
/* Print --timings on stderr. */
void cli_timings(const struct cli_session *s);

#endif
