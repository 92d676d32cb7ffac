/*
 * main.c - scta's entry point: global options, the command table, exit
 * codes (0 ok, 1 runtime, 2 usage, 3 config, 4 rows rejected).
 */
#include "cli/cli.h"
#include "util/err.h"
#include "util/tempfile.h"
#include "util/fs.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct cli_command cli_commands[] = {
	{ "run", cmd_run, "run [--compare PREVIOUS]",
	  "import the inputs named in the config, then write the report (the main job)",
	  "Imports the partnerships and responses files named in [input] of the config into the\n"
	  "database, then writes the outputs named in [output] (workbook, PDF, JSON), rejects.csv\n"
	  "and manifest.json. Exits 4 when input rows were rejected (outputs are still written);\n"
	  "with --strict, rejected rows fail the run before anything is stored or written.\n"
	  "--compare as for report." },
	{ "import", cmd_import, "import partnerships|responses FILE...",
	  "add or update partnership records or questionnaire answers",
	  "Reads each FILE into the database, one transaction per file. Records are matched by\n"
	  "key: a changed file updates them and is recorded as a new batch; an identical file\n"
	  "changes nothing. Prints 'FILE: N rows read, N loaded, N rejected' for every file." },
	{ "check", cmd_check, "check FILE...",
	  "validate input files, write nothing, list every problem",
	  "Detects each file's kind from its header (partnerships or responses), prints its\n"
	  "layout and what each column feeds (or why it is ignored), and lists every problem as\n"
	  "FILE:LINE: column 'NAME': reason (got 'VALUE'). Stores nothing. Exits 4 when a\n"
	  "problem was found." },
	{ "report", cmd_report,
	  "report [--out DIR] [--format xlsx,pdf,json,html] [--by state|community] [--edition NAME] "
	  "[--compare PREVIOUS]",
	  "write the report from the database",
	  "Analyses what the database holds and writes the outputs to the output directory.\n"
	  "--out and --format override [output] dir and formats. --by state writes one report\n"
	  "per U.S. state with partnerships in scope (report-CA.xlsx, ...); --by community one\n"
	  "per U.S. community (report-CA-san-francisco.pdf, ...). rejects.csv and\n"
	  "manifest.json are written once, for all of them. A configuration with\n"
	  "[edition:NAME] sections writes every edition (report-NAME.pdf,\n"
	  "report-NAME-CA.pdf, ...) from one analysis; --edition NAME writes that one only.\n"
	  "--compare PREVIOUS adds what changed since an earlier round: PREVIOUS is that\n"
	  "round's database (read only, never changed) or its output folder holding scta.db." },
	{ "init", cmd_init, "init DIR [--templates]",
	  "write a starter folder for your own report",
	  "Writes DIR/scta.ini, DIR/questionnaire.ini (the bundled questionnaire, to edit) and the\n"
	  "bundled sample inputs in DIR/data/, so that `cd DIR && scta run` (or\n"
	  "`scta -c DIR/scta.ini run` from anywhere) works at once; then replace the sample with\n"
	  "your files. Paths in scta.ini are relative to DIR. --templates also copies the report\n"
	  "templates to DIR/templates for editing (otherwise the program's own are used).\n"
	  "Refuses to overwrite a file that exists." },
	{ "help", cmd_help, "help [COMMAND]", "show help for scta or one command", "" },
	{ NULL, NULL, NULL, NULL, NULL }
};

static void usage(FILE *fp)
{
	const struct cli_command *c;

	fprintf(fp,
		"usage: scta [-c FILE] [--db FILE] [-q] [-v] [--strict] [--encoding NAME] [--layout NAME]\n"
		"            [--timings] COMMAND [ARGS]\n\n"
		"Sister City Transparency Act reports: CSV inputs -> SQLite -> workbook and PDF.\n\n"
		"Commands:\n");
	for (c = cli_commands; c->name; c++)
		fprintf(fp, "  %-46s %s\n", c->usage, c->summary);
	fprintf(fp,
		"\nOptions:\n"
		"  -c, --config FILE   configuration (default ./scta.ini, else config/scta.ini)\n"
		"  --db FILE           database (default [output] db, or <output dir>/scta.db)\n"
		"  -q, --quiet         no progress, notes or summaries on stderr\n"
		"  -v, --verbose       say which config, database and output directory are used,\n"
		"                      and the time of each stage, on stderr\n"
		"  --strict            rejected rows are a failure: nothing stored, no outputs\n"
		"  --encoding NAME     input encoding: utf-8 (default), cp1252, latin1\n"
		"  --layout NAME       layout of responses files: scta, qualtrics, surveymonkey,\n"
		"                      googleforms, limesurvey (default: recognised from the header)\n"
		"  --timings           print the time each stage took on stderr\n"
		"  -h, --help          this help;  --version  the version\n\n"
		"Exit codes: 0 ok, 1 runtime or I/O failure, 2 usage, 3 configuration,\n"
		"4 input rows rejected (outputs still written).\n");
}

static int usage_error(const char *fmt, const char *arg)
{
	fputs("scta: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'scta --help'.\n", stderr);
	return SCTA_ERR_USAGE;
}

/* Value of an option that takes one: "--db FILE" or "--db=FILE". */
static int opt_value(int argc, char **argv, int *i, const char *name, const char **out)
{
	size_t n = strlen(name);

	if (!strcmp(argv[*i], name)) {
		if (*i + 1 >= argc)
			return -1;
		*out = argv[++*i];
		return 1;
	}
	if (!strncmp(argv[*i], name, n) && argv[*i][n] == '=') {
		*out = argv[*i] + n + 1;
		return 1;
	}
	return 0;
}

static int finish(int rc)
{
	if (fflush(stdout) || ferror(stdout)) {
		fputs("scta: error writing to standard output\n", stderr);
		return SCTA_ERR_RUNTIME;
	}
	return rc;
}

int main(int argc, char **argv)
{
	static const struct { const char *name; const char *alias; size_t off; } valued[] = {
		{ "--config", "-c", offsetof(struct cli_opts, config) },
		{ "--db", NULL, offsetof(struct cli_opts, db) },
		{ "--encoding", NULL, offsetof(struct cli_opts, encoding) },
		{ "--out", NULL, offsetof(struct cli_opts, out) },
		{ "--format", NULL, offsetof(struct cli_opts, formats) },
		{ "--by", NULL, offsetof(struct cli_opts, by) },
		{ "--edition", NULL, offsetof(struct cli_opts, edition) },
		{ "--compare", NULL, offsetof(struct cli_opts, compare) },
		{ "--layout", NULL, offsetof(struct cli_opts, layout) },
	};
	struct cli_opts o;
	const struct cli_command *c;
	const char *cmd = NULL;
	char **pos;
	int i, rc, only_pos = 0;
	size_t j;

	/*
	 * glibc gives each thread that allocates an arena of its own, which keeps
	 * what was freed in it: with the report's threads (workbook, analysis and
	 * PDF, read-ahead) that was some 5 MiB more peak memory at a million
	 * answers. Two arenas serve the two threads that allocate much.
	 */
	mallopt(M_ARENA_MAX, 2);
	memset(&o, 0, sizeof(o));
	/* A folder made by `scta init` has scta.ini at its top; the repository has config/. */
	o.config = fs_is_file("scta.ini") ? "scta.ini" : "config/scta.ini";
	pos = calloc((size_t)argc + 1, sizeof(char *));
	if (!pos)
		return SCTA_ERR_RUNTIME;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		int matched = 0;

		if (only_pos || a[0] != '-' || !a[1]) {
			if (!cmd)
				cmd = a;
			else
				pos[o.nargs++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--")) {
			only_pos = 1;
			continue;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			free(pos);
			usage(stdout);
			return finish(0);
		}
		if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			free(pos);
			printf("scta %s\n", SCTA_VERSION);
			return finish(0);
		}
		if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			o.quiet = 1;
			continue;
		}
		if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
			o.verbose = 1;
			continue;
		}
		if (!strcmp(a, "--strict")) {
			o.strict = 1;
			continue;
		}
		if (!strcmp(a, "--timings")) {
			o.timings = 1;
			continue;
		}
		if (!strcmp(a, "--templates")) {
			o.templates = 1;
			continue;
		}
		for (j = 0; j < sizeof(valued) / sizeof(valued[0]) && !matched; j++) {
			const char **slot = (const char **)(void *)((char *)&o + valued[j].off);
			int m = opt_value(argc, argv, &i, valued[j].name, slot);

			if (!m && valued[j].alias)
				m = opt_value(argc, argv, &i, valued[j].alias, slot);
			if (m < 0) {
				free(pos);
				return usage_error("option '%s' needs a value", a);
			}
			matched = m;
		}
		if (!matched) {
			free(pos);
			return usage_error("unknown option '%s'", a);
		}
	}
	o.args = pos;
	if (!cmd) {
		free(pos);
		usage(stderr);
		return SCTA_ERR_USAGE;
	}
	for (c = cli_commands; c->name && strcmp(c->name, cmd); c++)
		;
	if (!c->name) {
		free(pos);
		return usage_error("unknown command '%s'", cmd);
	}
	/* Temporary outputs are removed when a signal ends the run (util/tempfile.h). */
	tempfile_install_signals();
	if (o.templates && c->run != cmd_init) {
		free(pos);
		return usage_error("option '--templates' belongs to 'scta init' (got '%s')", cmd);
	}
	if (o.compare && c->run != cmd_run && c->run != cmd_report) {
		free(pos);
		return usage_error("option '--compare' belongs to 'scta run' and 'scta report' (got "
				   "'%s')", cmd);
	}
	o.command = c->name;
	rc = c->run(&o);
	free(pos);
	return finish(rc);
}

int cmd_help(struct cli_opts *o)
{
	const struct cli_command *c;

	if (!o->nargs) {
		usage(stdout);
		return 0;
	}
	for (c = cli_commands; c->name && strcmp(c->name, o->args[0]); c++)
		;
	if (!c->name)
		return usage_error("no such command '%s'", o->args[0]);
	printf("usage: scta [options] %s\n\n%s.\n", c->usage, c->summary);
	if (*c->help)
		printf("\n%s\n", c->help);
	return 0;
}
