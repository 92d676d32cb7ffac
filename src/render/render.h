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

#include "analysis/analysis.h"

struct scta_err;
struct scta_config;
struct questionnaire;

struct render_source {
	const char *path;        /* as shown to users */
	const char *kind;        /* "partnerships", "responses" */
	const char *sha256;
	long long rows_read, rows_loaded, rows_rejected;
};

struct render_input {
	const struct scta_config *cfg;
	const struct questionnaire *q;
	const struct analysis *an;
	/* Open a detail stream; normally analysis_detail_open(an, ...). */
	int (*detail_open)(const struct render_input *in, enum detail_kind kind,
			   struct detail **out, struct scta_err *err);
	/* Directory for large temporary files (libxlsxwriter); NULL = system default. */
	const char *tmpdir;
	/* Input files with provenance, for notes and the manifest. */
	const struct render_source *sources;
	size_t nsources;
};

/* The default detail opener: analysis_detail_open(in->an, ...). */
int render_detail_open(const struct render_input *in, enum detail_kind kind,
		       struct detail **out, struct scta_err *err);

int xlsx_write(const struct render_input *in, const char *path, struct scta_err *err);
int pdf_write(const struct render_input *in, const char *path, struct scta_err *err);
int json_write(const struct render_input *in, const char *path, struct scta_err *err);

#endif
