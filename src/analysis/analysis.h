/*
 * analysis.h - the study, computed once from the store for every writer.
 *
 * analysis_run() reads the store in one read transaction and produces the
 * named tables (struct table) and headline figures (struct figure) of the
 * report. Writers look them up by id. Detail rows (every partnership, every
 * answer, every reject) are not copied into memory: writers stream them
 * through a struct detail cursor.
 *
 * Ownership: struct analysis owns its tables and figures; analysis_free()
 * releases them. It keeps a borrowed pointer to the store, which must stay
 * open while details are read.
 */
#ifndef SCTA_ANALYSIS_H
#define SCTA_ANALYSIS_H

#include <stddef.h>

#include "util/table.h"

struct scta_err;
struct store;
struct scta_config;
struct questionnaire;

struct analysis {
	struct table **tables;     /* in report order */
	size_t ntables;
	struct figure *figs;
	size_t nfigs;
	struct store *store;       /* borrowed */
	const struct scta_config *cfg;      /* borrowed */
	const struct questionnaire *q;      /* borrowed */
	/*
	 * The report number its tables' source lines end with ([report] number
	 * when it was made; owned, "" for none): an analysis may serve another
	 * edition only when that edition has the same number.
	 */
	char *number;
};

int analysis_run(struct store *st, const struct scta_config *cfg, const struct questionnaire *q,
		 struct analysis **out, struct scta_err *err);

/*
 * What the analyses of one report share: the whole store's figures that the
 * analysis of each state or community compares with ("all respondents"),
 * computed by the first analysis that needs them and reused by the others,
 * where each would otherwise read every answer again. Give one to every
 * analysis of one report (same store, questionnaire, [scope] and [index]:
 * editions change neither) and to one analysis at a time. Owned by the
 * caller: analysis_shared_free().
 */
struct analysis_shared;

struct analysis_shared *analysis_shared_new(void);
void analysis_shared_free(struct analysis_shared *sh);
/* analysis_run() with sh (NULL: share nothing, as analysis_run()). */
int analysis_run_shared(struct store *st, const struct scta_config *cfg,
			const struct questionnaire *q, struct analysis_shared *sh,
			struct analysis **out, struct scta_err *err);

/*
 * 1 when a and b have the same tables (ids) in the same order. Which tables
 * a report has depends on the configuration and questionnaire alone, never
 * on the data: the analysis of an empty database (a plan) has the same
 * tables as the real one, so a writer can lay out its sheets from a plan
 * while analysis_run() is still at work on another thread, and check with
 * this that the two agree.
 */
int analysis_same_tables(const struct analysis *a, const struct analysis *b);
void analysis_free(struct analysis *an);

/* Lookup by id; NULL when absent. */
const struct table *analysis_table(const struct analysis *an, const char *id);
const struct figure *analysis_figure(const struct analysis *an, const char *id);

/* ---- detail rows, streamed ---- */

enum detail_kind {
	DETAIL_PARTNERSHIPS,   /* every partnership, with CPI score and scope flag */
	DETAIL_SCOPE,          /* partnerships in scope only (PDF appendix) */
	DETAIL_RESPONSES,      /* one row per answer, with question text */
	DETAIL_QUESTIONS,      /* the questionnaire */
	DETAIL_REJECTS,        /* file, line, column, value, reason */
	/*
	 * One row per responding community counted ([scope] respondents): its
	 * safeguards reported under each of the senators' four questions and its
	 * overall index tier (the association's letter's attachment; PDF only).
	 */
	DETAIL_MEMBERS,
	/*
	 * The partnerships in scope without the U.S. side (a community's
	 * profile names it once): partner, country, CPI, established, status,
	 * agreement availability (PDF only).
	 */
	DETAIL_PARTNERS,
	DETAIL__COUNT
};

struct vocab;

struct detail_col {
	const char *name;        /* header */
	enum cell_kind kind;
	const char *meaning;     /* for the data dictionary */
	const char *values;      /* allowed values, for the data dictionary */
	const struct vocab *vocab;   /* or its vocabulary's values (util/vocab.h) */
	/*
	 * The column of the stream's query (by its name, the SQL's AS) this
	 * column shows; NULL when the stream makes it (the question text of an
	 * answer, every column of the questionnaire). Checked against the query
	 * when a stream opens.
	 */
	const char *field;
};

struct detail_spec {
	enum detail_kind kind;
	const char *sheet;       /* sheet / section name, e.g. "Partnerships" */
	const char *desc;        /* one line, for the contents */
	const struct detail_col *cols;
	size_t ncols;
	/*
	 * Rows are one line high: long text is not wrapped. For sheets that
	 * repeat long text on every row (Responses repeats each question's
	 * text, shown wrapped on Questions); wrapping a million rows would
	 * make the workbook markedly larger and slower to write.
	 */
	int one_line;
	/* The workbook sheet with these rows when it is not `sheet` (NULL: sheet). */
	const char *workbook_sheet;
};

const struct detail_spec *detail_spec(enum detail_kind kind);

/*
 * A forward-only stream of rows. next() sets *row to ncols cells (valid
 * until the next call) or to NULL at the end. Writers may also build their
 * own struct detail (for tests) by filling in the function pointers.
 */
struct detail {
	const struct detail_spec *spec;
	int (*next)(struct detail *d, const struct cell **row, struct scta_err *err);
	void (*close)(struct detail *d);   /* frees d */
};

int analysis_detail_open(const struct analysis *an, enum detail_kind kind, struct detail **out,
			 struct scta_err *err);
/*
 * A stream that reads `inner` a few hundred rows ahead on a thread of its
 * own, for a writer that has a core to spare; rows are the same. Takes
 * inner (closed with the result, or at once on failure). The inner stream's
 * connection must not be used by others until the result is closed.
 */
int analysis_detail_prefetch(struct detail *inner, struct detail **out, struct scta_err *err);

/*
 * The same stream read from st directly, before (or without) an analysis.
 * For a public edition (cfg->report.audience == AUDIENCE_PUBLIC) the
 * stream's spec and rows leave out the restricted columns, and the
 * Responses stream the answers to free-text questions: the one place
 * where the detail of a public edition is filtered (docs/DESIGN.md
 * section 4). The spec is then the stream's own (valid until close).
 */
int analysis_detail_open_on(struct store *st, const struct scta_config *cfg,
			    const struct questionnaire *q, enum detail_kind kind, struct detail **out,
			    struct scta_err *err);

#endif
