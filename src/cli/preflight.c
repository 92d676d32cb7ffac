/*
 * preflight.c - everything a command needs, checked before it touches the
 * database: the questionnaire, the crosstabs' questions, the input files
 * named in the config (for run), and the report templates against the
 * tables the report will have (when a PDF is asked for). Every problem is
 * listed, one line each, after those of the configuration itself, and a
 * bad run changes nothing.
 */
#include "cli/cli.h"
#include "analysis/analysis.h"
#include "config/config.h"
#include "render/render.h"
#include "render/template.h"
#include "util/datadir.h"
#include "util/err.h"
#include "util/vocab.h"
#include "util/fs.h"
#include "util/mem.h"
#include "util/strbuf.h"

#include <stdlib.h>
#include <string.h>

/* A path named by config key [sec] key, shown resolved: "scta.ini: [input] partnerships: ..." */
static void path_problem(struct scta_err *all, const struct scta_config *cfg, const char *sec,
			 const char *key, const char *path, const char *what)
{
	struct scta_err one = SCTA_ERR_INIT;
	char *abs = fs_absolute(path);

	scta_err_set(&one, SCTA_ERR_CONFIG, "%s: [%s] %s: %s %s", cfg->path, sec, key, what, abs);
	scta_err_add(all, &one);
	free(abs);
}

/*
 * Add problem one, saying which setting of the config named the file:
 * "... ([input] questionnaire = /abs/q.ini in scta.ini)".
 */
static void keyed_add(struct scta_err *all, struct scta_err *one, const struct scta_config *cfg,
		      const char *key, const char *path)
{
	struct scta_err keyed = SCTA_ERR_INIT;
	char *abs = fs_absolute(path);

	const char *p = one->msg, *nl;

	/* Each line (template_check lists several) says which setting named the file. */
	do {
		nl = strchr(p, '\n');
		scta_err_set(&keyed, one->code, "%.*s (%s = %s in %s)",
			     (int)(nl ? (size_t)(nl - p) : strlen(p)), p, key, abs, cfg->path);
		scta_err_add(all, &keyed);
		p = nl + 1;
	} while (nl);
	scta_err_clear(one);
	free(abs);
}

static int any_ref(void *ctx, const char *kind, const char *id, struct strbuf *out,
		   struct scta_err *err)
{
	(void)ctx;
	(void)id;
	(void)err;
	strbuf_addf(out, "%s 1", kind);
	return 0;
}

/* The question a crosstab variable names must be in the questionnaire. */
static void check_xvar(struct scta_err *all, const struct cli_session *s,
		       const struct crosstab *ct, const char *key, const struct xvar *x)
{
	struct scta_err one = SCTA_ERR_INIT;

	if (x->kind != XVAR_QUESTION || !x->question || !*x->question ||
	    questionnaire_find(s->q, x->question))
		return;
	char *abs = fs_absolute(s->q->path);

	scta_err_set(&one, SCTA_ERR_CONFIG, "%s: [crosstab:%s] %s: question '%s' is not in the "
		     "questionnaire %s", s->cfg->path, ct->id, key, x->question, abs);
	scta_err_add(all, &one);
	free(abs);
}

/*
 * Walk one set of templates (dir, named by the config key `key`) against
 * the tables the report will have; the plan is made once, on the first call.
 */
static void check_templates(struct scta_err *all, struct cli_session *s, const char *dir,
			    const char *key)
{
	const struct scta_config *cfg = s->cfg;
	struct scta_err one = SCTA_ERR_INIT;
	struct render_input in;
	struct tpl_refs refs = { any_ref, NULL };
	struct scta_config ecfg = *cfg;
	char *tpl = NULL, *own = datadir_path(DATA_TEMPLATES, NULL);
	int mine = !strcmp(own, dir);

	if (!fs_is_dir(dir)) {
		if (mine)
			path_problem(all, cfg, "templates", "dir", dir,
				     "not set, and the program's own templates are missing:");
		else
			path_problem(all, cfg, "templates", "dir", dir, "no such directory");
		goto out;
	}
	/* Kept for the workbook's layout (cli_report), so it is made once. */
	if (!s->plan && report_plan(s->cfg, s->q, &s->plan, &one)) {
		scta_err_add(all, &one);
		goto out;
	}
	ecfg.templates_dir = (char *)dir;
	memset(&in, 0, sizeof(in));
	in.cfg = &ecfg;
	in.q = s->q;
	in.an = s->plan;
	/* Absolute, so each message names the template file wherever scta ran. */
	tpl = fs_resolve(dir, "report.md");
	{
		char *abs = fs_absolute(tpl);

		free(tpl);
		tpl = abs;
	}
	if (template_check(tpl, &in, &refs, &one))
		keyed_add(all, &one, cfg, key, dir);
out:
	free(tpl);
	free(own);
}

/*
 * The formats laid out from the templates: the PDF, and the HTML edition
 * (numbered by the PDF layout's measuring pass, so it needs the fonts too).
 */
#define TEMPLATE_FORMATS (FORMAT_PDF | FORMAT_HTML)

/* The templates of every edition that writes a PDF or HTML (or of the one study). */
static void check_all_templates(struct scta_err *all, struct cli_session *s)
{
	const struct scta_config *cfg = s->cfg;
	size_t i;

	if (!cfg->neditions) {
		if (cfg->output.formats & TEMPLATE_FORMATS)
			check_templates(all, s, cfg->templates_dir, "[templates] dir");
		return;
	}
	for (i = 0; i < cfg->neditions; i++) {
		const struct edition *e = &cfg->editions[i];
		char *key;

		if (!((e->formats ? e->formats : cfg->output.formats) & TEMPLATE_FORMATS) ||
		    (s->o->edition && strcmp(s->o->edition, e->name)))
			continue;
		key = xasprintf("[edition:%s] template", e->name);
		check_templates(all, s, e->templates_dir, key);
		free(key);
	}
}

int cli_preflight(struct cli_session *s, int inputs, struct scta_err *err)
{
	const struct scta_config *cfg = s->cfg;
	struct scta_err all = SCTA_ERR_INIT, one = SCTA_ERR_INIT;
	size_t i;

	if (!cfg->input.questionnaire)
		;   /* the configuration's own problem, already listed */
	else if (!fs_is_file(cfg->input.questionnaire))
		path_problem(&all, cfg, "input", "questionnaire", cfg->input.questionnaire,
			     "no such file");
	else if (questionnaire_load(cfg->input.questionnaire, &s->q, &one))
		keyed_add(&all, &one, cfg, "[input] questionnaire", cfg->input.questionnaire);
	if (inputs) {
		if (!cfg->input.partnerships) {
			scta_err_set(&one, SCTA_ERR_CONFIG, "%s: [input] partnerships: required for run",
				     cfg->path);
			scta_err_add(&all, &one);
		} else if (!fs_is_file(cfg->input.partnerships)) {
			path_problem(&all, cfg, "input", "partnerships", cfg->input.partnerships,
				     "no such file");
		}
		if (cfg->input.responses && !fs_is_file(cfg->input.responses))
			path_problem(&all, cfg, "input", "responses", cfg->input.responses,
				     "no such file");
	}
	if (s->q) {
		for (i = 0; i < cfg->ncrosstabs; i++) {
			check_xvar(&all, s, &cfg->crosstabs[i], "rows", &cfg->crosstabs[i].rows);
			check_xvar(&all, s, &cfg->crosstabs[i], "cols", &cfg->crosstabs[i].cols);
		}
		/*
		 * The fonts a PDF always uses (font_cjk only when some text needs
		 * it: its absence is reported then, naming the text).
		 */
		if ((cfg->output.formats & TEMPLATE_FORMATS) && s->o->command &&
		    (!strcmp(s->o->command, "run") || !strcmp(s->o->command, "report"))) {
			static const char *const keys[] = {
				"font_regular", "font_bold", "font_italic", "font_bold_italic"
			};
			const char *paths[] = {
				cfg->pdf.font_regular, cfg->pdf.font_bold, cfg->pdf.font_italic,
				cfg->pdf.font_bold_italic
			};

			for (i = 0; i < 4; i++)
				if (paths[i] && !fs_is_file(paths[i]))
					path_problem(&all, cfg, "pdf", keys[i], paths[i], "no such file");
		}
		/* The templates only when the configuration, questionnaire and crosstabs are sound. */
		if (!all.code && !err->code && s->o->command &&
		    (!strcmp(s->o->command, "run") || !strcmp(s->o->command, "report")))
			check_all_templates(&all, s);
	}
	/* After any problems of the configuration itself (config_load_partial). */
	return scta_err_add(err, &all);
}
