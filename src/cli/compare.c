/*
 * compare.c - `--compare PREVIOUS`: find the earlier round's database and
 * check that it can be read, before anything else is opened. The
 * comparison itself is analysis/compare.c's.
 */
#include "cli/cli.h"
#include "config/config.h"
#include "store/store.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/mem.h"
#include "util/path.h"

#include <stdlib.h>
#include <string.h>

int cli_compare_resolve(struct cli_session *s, struct scta_err *err)
{
	const char *arg = s->o->compare;
	char *db = NULL, *a = NULL, *b = NULL;
	struct store *prev = NULL;
	int rc = 0;

	if (!arg)
		return 0;
	if (!*arg)
		return scta_err_set(err, SCTA_ERR_USAGE, "--compare: expected the earlier round's "
				    "database or its output folder");
	if (fs_is_dir(arg)) {
		/* An output folder: its run keeps the database there unless [output] db moved it. */
		db = fs_resolve(arg, "scta.db");
		if (!fs_is_file(db)) {
			char *abs = fs_absolute(db);

			rc = scta_err_set(err, SCTA_ERR_RUNTIME,
					  "--compare %s: no database %s in this folder (a run keeps it "
					  "there unless [output] db names another file: give that file)",
					  arg, abs);
			free(abs);
			goto out;
		}
	} else if (fs_is_file(arg)) {
		db = fs_normalize(arg);
	} else {
		char *abs = fs_absolute(arg);

		rc = scta_err_set(err, SCTA_ERR_RUNTIME, "--compare %s: no such file or folder (%s)",
				  arg, abs);
		free(abs);
		goto out;
	}
	/* Comparing a database with itself would show nothing changed: surely a mistake. */
	if (s->cfg->output.db && !path_canonical(db, &a, NULL) &&
	    !path_canonical(s->cfg->output.db, &b, NULL) && !strcmp(a, b)) {
		rc = scta_err_set(err, SCTA_ERR_USAGE,
				  "--compare %s: that is the database this report reads (%s); give "
				  "the earlier round's database or output folder", arg, b);
		goto out;
	}
	/* Read only, never migrated in place: an older schema is migrated in a copy in memory. */
	if ((rc = store_open_previous(db, &prev, err)))
		goto out;
	free(s->cfg->compare);
	s->cfg->compare = db;
	db = NULL;
out:
	store_close(prev);
	free(db);
	free(a);
	free(b);
	return rc;
}
