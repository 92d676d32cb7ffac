/*
 * render.h - what every writer receives, and the writers' entry points.
 *
 * Writers read plain structs and row streams; none speaks SQL or
 * recomputes a figure. Each writes exactly the file it is given (the caller
 * chooses a temporary name and renames it into place), and the same inputs
 * give byte-identical output: dates come from cfg->report.date, never the
 * clock.
 */
#ifndef SCTA_RENDER_H
#define SCTA_RENDER_H

#include <stdint.h>

#include "analysis/analysis.h"

struct scta_err;
struct strbuf;
struct scta_config;
struct questionnaire;

struct render_source {
	const char *path;        /* as shown to users */
	const char *kind;        /* "partnerships", "responses" */
	const char *sha256;
	long long rows_read, rows_loaded, rows_rejected;
	long long rows_removed;  /* records of the file's earlier import it no longer had */
};

/*
 * One numbering of tables and figures shared by every output (numbering.c):
 * analysis table i is Table table[i] and, when it has a chart, Figure
 * figure[i] (0: none); order[] lists the tables by number. Tables
 * 1..in_pdf_tables and figures 1..in_pdf_figures are those the PDF shows.
 */
struct render_numbering {
	size_t n;                /* the analysis's tables */
	size_t *table, *figure, *order;
	size_t in_pdf_tables, in_pdf_figures;
	/*
	 * The tile-grid map of table i (render/tilemap.h) is Figure map[i] (0:
	 * none), of column map_col[i] (owned; NULL: the default column): the
	 * maps the PDF places (::: map), numbered among its figures, then the
	 * map of RENDER_DEFAULT_MAP when the PDF has none of it. The workbook
	 * draws each on a sheet of its own.
	 */
	size_t *map;
	char **map_col;
};

/* The table every workbook maps, when the PDF does not map it already. */
#define RENDER_DEFAULT_MAP "scope_by_state"

struct render_input {
	const struct scta_config *cfg;
	const struct questionnaire *q;
	const struct analysis *an;
	/* Open a detail stream; normally analysis_detail_open(an, ...). */
	int (*detail_open)(const struct render_input *in, enum detail_kind kind,
			   struct detail **out, struct scta_err *err);
	/*
	 * The workbook only: when the analysis runs on another thread while the
	 * workbook streams its detail sheets, `an` is NULL, `plan` has the
	 * report's tables without their data (analysis.h) to lay out the
	 * sheets, and wait_analysis() blocks until the analysis is done and
	 * sets *an (or fails with err set). The workbook checks that the
	 * analysis has the plan's tables.
	 */
	const struct analysis *plan;
	int (*wait_analysis)(const struct render_input *in, const struct analysis **an,
			     struct scta_err *err);
	void *ctx;               /* the caller's, for detail_open and wait_analysis */
	/* Directory for large temporary files (libxlsxwriter); NULL = system default. */
	const char *tmpdir;
	/*
	 * Progress of long streamed writes (may be NULL): `what` names the part
	 * ("Responses"), rows are those written so far. Called every few
	 * thousand rows and once at the end of each part.
	 */
	void (*progress)(void *ctx, const char *what, int64_t rows);
	void *progress_ctx;
	/* Input files with provenance, for notes and the manifest. */
	const struct render_source *sources;
	size_t nsources;
	/* Table and figure numbers (render_number); NULL: the analysis's order. */
	const struct render_numbering *numbering;
	/*
	 * In an edition for one state or community (cfg->report.unit set): the
	 * analysis of the whole store, for comparisons with the nation; else NULL.
	 */
	const struct analysis *nation;
	/*
	 * [output] formats, whatever the edition's: what an edition without its
	 * own formats writes (cfg has the edition's). 0: cfg's.
	 */
	unsigned base_formats;
};

/*
 * Is table t left out of this document? Only in an edition for one state
 * or community, and only when t has nothing to show for it: no row, or no
 * number other than zero, outside its total row (a list without number
 * columns, such as the flagged partnerships, only when it has no row). Never for the whole store
 * or for a plan (whose tables have no data yet). Every writer asks this.
 */
int render_table_omitted(const struct render_input *in, const struct table *t);
/*
 * The sentence that says what an edition for one unit left out and why
 * ("This edition for West Virginia leaves out Tables 9 to 14 ..."), or
 * nothing when it left nothing out; appended to sb.
 */
void render_omitted_sentence(const struct render_input *in, struct strbuf *sb);

/*
 * Number the tables and figures of plan_in->an (the plan: the same tables
 * as every unit's analysis) in the report's order: those the PDF's body
 * shows first, in its order (a measuring pass over the templates when the
 * PDF is among the formats), then the rest. *out is released with
 * render_numbering_release().
 */
int render_number(const struct render_input *plan_in, struct render_numbering *out,
		  struct scta_err *err);
void render_numbering_release(struct render_numbering *nb);
/*
 * The number of the analysis table `id` (0 when unnumbered or not an
 * analysis table) and, in *figure when not NULL, its figure number.
 */
size_t render_table_number(const struct render_input *in, const char *id, size_t *figure);
/*
 * The figure number of the map of analysis table `id` (0 when none) and,
 * in *column when not NULL, the column it maps (NULL: the default).
 */
size_t render_map_number(const struct render_input *in, const char *id, const char **column);
/*
 * The ids of the analysis tables and figures the PDF's body numbers, in
 * order (one measuring pass; pdf.c). Caller frees each id and the arrays.
 */
int pdf_order(const struct render_input *in, char ***tables, size_t *ntables, char ***figures,
	      size_t *nfigures, struct scta_err *err);

/* The default detail opener: analysis_detail_open(in->an, ...). */
int render_detail_open(const struct render_input *in, enum detail_kind kind,
		       struct detail **out, struct scta_err *err);

/*
 * The description of table t's chart (alternative text), the same in every
 * format: its kind, what it plots against what, its title, and for a bar
 * chart its nrows bars and the largest. of: "Table 3" when the chart is
 * one of a numbered table, or NULL. Appended to sb, ending in ". ".
 */
void render_chart_alt(const struct table *t, const char *of, size_t nrows, struct strbuf *sb);

int xlsx_write(const struct render_input *in, const char *path, struct scta_err *err);
/*
 * rejects.csv: file,line,column,value,reason for every rejected row of the
 * current batches, streamed. A value that starts with = + - @ gets a leading
 * apostrophe so a spreadsheet program opening the CSV shows it as text.
 */
int rejects_csv_write(const struct render_input *in, const char *path, struct scta_err *err);
int pdf_write(const struct render_input *in, const char *path, struct scta_err *err);
int json_write(const struct render_input *in, const char *path, struct scta_err *err);
/*
 * The HTML edition (html.c): one self-contained file from the report's
 * templates, as the PDF, with inline CSS and SVG figures, no script.
 */
int html_write(const struct render_input *in, const char *path, struct scta_err *err);

/*
 * How outputs show a file the configuration names (the config itself, the
 * questionnaire): relative to the config's directory when it lies in the
 * project (util/path.h, path_shown), else its canonical path; so outputs
 * do not depend on the directory scta ran from. Caller frees.
 */
char *render_path_shown(const struct scta_config *cfg, const char *path);

/*
 * What the audience of an edition does to every output (docs/DESIGN.md
 * section 4). The marking a restricted edition carries on its cover, every
 * page's header and footer, every sheet's first row and print header and
 * footer, the document properties and the top of the JSON: [report]
 * marking, or "RESTRICTED" when none is set; NULL for any other audience.
 */
const char *render_marking(const struct scta_config *cfg);
/*
 * The one sentence a public edition states in its notes (workbook Notes,
 * PDF methodology, JSON) about what it leaves out and why; NULL for any
 * other audience. Static.
 */
const char *render_audience_note(const struct scta_config *cfg);

/* ---- manifest.json ---- */
struct manifest_output {
	const char *name;        /* file name within the output directory */
	char sha256[65];
	const char *format;      /* "pdf", ...; NULL for rejects.csv */
	char *edition;           /* [edition:NAME], or NULL; owned by the caller */
	char *unit;              /* the unit's label ("California"), or NULL */
};

/*
 * Write manifest.json: program version, the config file and its SHA-256,
 * every input (path, sha256, rows read/loaded/rejected), with --compare the
 * earlier round's database (path, sha256), and every output (path,
 * sha256). Deterministic: no timestamps.
 */
int manifest_write(const char *path, const struct render_input *in, const char *config_sha256,
		   const struct manifest_output *outs, size_t nouts, struct scta_err *err);

#endif
