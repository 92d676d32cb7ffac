/*
 * cmd_init.c - `scta init DIR [--templates]`: a starter folder for a report
 * of one's own. Everything it writes is relative to DIR, so the folder works
 * from any current directory and may be moved.
 */
#include "cli/cli.h"
#include "util/datadir.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/mem.h"
#include "util/strbuf.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The starter configuration; %s is this month (YYYY-MM), %s the [templates] section. */
static const char config_text[] =
	"; scta.ini - the configuration of your report, written by `scta init`.\n"
	"; Relative paths are relative to this file's folder, so the folder works from\n"
	"; any current directory:  cd THIS-FOLDER && scta run,  or  scta -c PATH/scta.ini run\n"
	"; Every key is described in scta's README.md, \"Configuration\". A key left out\n"
	"; takes scta's default (the templates and the CJK font come with the program).\n"
	"; Values end at ';' or '#' unless quoted: write  key = \"text; with a semicolon\".\n"
	"\n"
	"[report]\n"
	"organization = Your Organization      ; who issues the report (never GAO)\n"
	"title = Sister City Partnerships of Our Member Communities\n"
	"short_title = Sister City Partnerships\n"
	"number = REPORT-01\n"
	"date = %s                    ; fixes every date printed in the outputs\n"
	"; The inputs below are scta's bundled sample: replace them with your own files\n"
	"; and delete this note.\n"
	"data_note = \"These outputs were made from the sample inputs bundled with scta. The "
	"questionnaire responses are ILLUSTRATIVE, not real answers from any community.\"\n"
	"; recommendation_1 = \"...\"\n"
	"\n"
	"[scope]\n"
	"cpi_year = 2019                 ; Transparency International CPI year (2012-2019)\n"
	"cpi_max = 45                    ; in scope when the partner country scores <= cpi_max\n"
	"statuses = active, inactive, suspended\n"
	"\n"
	"[input]\n"
	"partnerships = data/partnerships.csv\n"
	"responses = data/responses.csv  ; leave out when you have no questionnaire answers yet\n"
	"questionnaire = questionnaire.ini\n"
	"encoding = utf-8                ; cp1252 for files saved by Excel on Windows\n"
	"\n"
	"[output]\n"
	"dir = output\n"
	"name = report\n"
	"formats = xlsx, pdf, json\n"
	"%s";

static const char templates_section[] =
	"\n"
	"[templates]\n"
	"dir = templates                 ; your copy of the report's words (Markdown)\n";

static const char no_templates_section[] =
	"\n"
	"; [templates]\n"
	"; dir = templates               ; after `scta init DIR --templates`, your own copy\n";

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.md files of dir, sorted; caller frees each and the array. */
static size_t list_templates(const char *dir, char ***out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;
	size_t n = 0, cap = 0;

	*out = NULL;
	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);

		if (len > 3 && !strcmp(e->d_name + len - 3, ".md")) {
			XGROW(v, cap, n + 1);
			v[n++] = xstrdup(e->d_name);
		}
	}
	closedir(d);
	if (n)
		qsort(v, n, sizeof(*v), cmp_str);
	*out = v;
	return n;
}

struct copy {
	char *src, *dst;
};

static int add_copy(struct copy **v, size_t *n, size_t *cap, enum datadir_item item,
		    const char *name, const char *dst, struct scta_err *err)
{
	int found;
	char *base = datadir_path(item, &found);

	if (!found) {
		int rc = scta_err_set(err, SCTA_ERR_RUNTIME,
				      "the program's own data is missing: %s (reinstall scta)", base);

		free(base);
		return rc;
	}
	XGROW(*v, *cap, *n + 1);
	(*v)[*n].src = name ? xasprintf("%s/%s", base, name) : xstrdup(base);
	(*v)[*n].dst = xstrdup(dst);
	(*n)++;
	free(base);
	return 0;
}

int cmd_init(struct cli_opts *o)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct copy *copies = NULL;
	size_t ncopies = 0, cap = 0, ntpl = 0, i;
	char **tpl = NULL, *dir = NULL, *cfg = NULL, *p = NULL, *tdir = NULL;
	struct afile af = { NULL, NULL, NULL };
	char month[32];
	struct tm tm;
	time_t now = time(NULL);
	int rc = 0;

	if (o->nargs != 1) {
		fprintf(stderr, "scta: usage: scta init DIR [--templates]\n");
		return SCTA_ERR_USAGE;
	}
	dir = fs_normalize(o->args[0]);
	cfg = xasprintf("%s/scta.ini", dir);
	if ((rc = add_copy(&copies, &ncopies, &cap, DATA_QUESTIONNAIRE, NULL,
			   p = xasprintf("%s/questionnaire.ini", dir), &err)))
		goto out;
	free(p);
	if ((rc = add_copy(&copies, &ncopies, &cap, DATA_SAMPLE, "partnerships.csv",
			   p = xasprintf("%s/data/partnerships.csv", dir), &err)))
		goto out;
	free(p);
	if ((rc = add_copy(&copies, &ncopies, &cap, DATA_SAMPLE, "responses.csv",
			   p = xasprintf("%s/data/responses.csv", dir), &err)))
		goto out;
	free(p);
	p = NULL;
	if (o->templates) {
		int found;

		tdir = datadir_path(DATA_TEMPLATES, &found);
		ntpl = found ? list_templates(tdir, &tpl) : 0;
		if (!ntpl) {
			rc = scta_err_set(&err, SCTA_ERR_RUNTIME,
					  "the program's own templates are missing: %s (reinstall scta)",
					  tdir);
			goto out;
		}
		for (i = 0; i < ntpl; i++) {
			p = xasprintf("%s/templates/%s", dir, tpl[i]);
			rc = add_copy(&copies, &ncopies, &cap, DATA_TEMPLATES, tpl[i], p, &err);
			free(p);
			p = NULL;
			if (rc)
				goto out;
		}
	}
	/* Nothing is overwritten: check every target before writing any. */
	if (fs_is_file(cfg) || (!fs_is_dir(dir) && fs_is_file(dir))) {
		rc = scta_err_set(&err, SCTA_ERR_RUNTIME, "%s already exists; nothing was written "
				  "(choose another folder, or remove it first)",
				  fs_is_file(cfg) ? cfg : dir);
		goto out;
	}
	for (i = 0; i < ncopies; i++) {
		if (fs_is_file(copies[i].dst) || fs_is_dir(copies[i].dst)) {
			rc = scta_err_set(&err, SCTA_ERR_RUNTIME, "%s already exists; nothing was written",
					  copies[i].dst);
			goto out;
		}
	}
	p = xasprintf("%s/data", dir);
	if ((rc = fs_mkdirs(p, &err)))
		goto out;
	free(p);
	p = NULL;
	if (o->templates) {
		p = xasprintf("%s/templates", dir);
		if ((rc = fs_mkdirs(p, &err)))
			goto out;
		free(p);
		p = NULL;
	}
	for (i = 0; i < ncopies; i++)
		if ((rc = fs_copy(copies[i].src, copies[i].dst, &err)))
			goto out;
	/* The starter's date is this month; the reports print that, never the clock. */
	if (!gmtime_r(&now, &tm))
		memset(&tm, 0, sizeof(tm));
	snprintf(month, sizeof(month), "%04d-%02d", tm.tm_year + 1900, tm.tm_mon + 1);
	if ((rc = afile_open(&af, cfg, &err)))
		goto out;
	fprintf(af.fp, config_text, month, o->templates ? templates_section : no_templates_section);
	if ((rc = afile_commit(&af, &err)))
		goto out;
	printf("wrote %s\n", cfg);
	for (i = 0; i < ncopies; i++)
		printf("wrote %s\n", copies[i].dst);
	printf("\nNext: set [report] organization, title and number in %s, put your\n"
	       "partnerships (and questionnaire answers) in %s/data/ and name them in [input],\n"
	       "edit %s/questionnaire.ini to match your questionnaire, then run:\n"
	       "  cd %s && scta run\n", cfg, dir, dir, dir);
out:
	if (rc) {
		afile_abort(&af);
		cli_error(&err);
	}
	for (i = 0; i < ncopies; i++) {
		free(copies[i].src);
		free(copies[i].dst);
	}
	free(copies);
	for (i = 0; i < ntpl; i++)
		free(tpl[i]);
	free(tpl);
	free(tdir);
	free(p);
	free(dir);
	free(cfg);
	return rc;
}
