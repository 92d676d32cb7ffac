/*
 * datadir.c - the program's own data: beside the installed binary
 * (../share/scta, found through /proc/self/exe), else the build tree's
 * copies compiled in (see datadir.h).
 */
#include "util/datadir.h"
#include "util/fs.h"
#include "util/mem.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Compiled in by CMake: the build tree's copies. */
#ifndef SCTA_DATA_SOURCE_DIR
#define SCTA_DATA_SOURCE_DIR ""
#endif
#ifndef SCTA_PDF_FONT_CJK
#define SCTA_PDF_FONT_CJK ""
#endif

static const struct {
	const char *installed;   /* under P/share/scta */
	const char *source;      /* under the source tree ("" = see build) */
	const char *build;       /* absolute build-tree path, or NULL */
	int is_dir;
} items[] = {
	[DATA_TEMPLATES] = { "templates", "templates", NULL, 1 },
	[DATA_QUESTIONNAIRE] = { "questionnaire.ini", "config/questionnaire.ini", NULL, 0 },
	[DATA_FONT_CJK] = { "fonts/wqy-microhei-flat.ttf", NULL, SCTA_PDF_FONT_CJK, 0 },
	[DATA_SAMPLE] = { "sample", "data/sample", NULL, 1 },
	[DATA_REFERENCE] = { "reference", "data/reference", NULL, 1 },
};

static int exists(const char *path, int is_dir)
{
	return path && *path && (is_dir ? fs_is_dir(path) : fs_is_file(path));
}

char *datadir_share(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *dir, *share;

	if (n <= 0)
		return xstrdup("/usr/local/share/scta");
	exe[n] = '\0';
	dir = fs_dirname(exe);
	share = fs_resolve(dir, "../share/scta");
	free(dir);
	return share;
}

char *datadir_path(enum datadir_item item, int *found)
{
	char *share = datadir_share();
	char *installed = fs_resolve(share, items[item].installed), *p = NULL;

	free(share);
	if (exists(installed, items[item].is_dir))
		goto found;
	if (items[item].source && *SCTA_DATA_SOURCE_DIR)
		p = fs_resolve(SCTA_DATA_SOURCE_DIR, items[item].source);
	else if (items[item].build)
		p = xstrdup(items[item].build);
	if (exists(p, items[item].is_dir)) {
		free(installed);
		installed = p;
		goto found;
	}
	free(p);
	if (found)
		*found = 0;
	return installed;
found:
	if (found)
		*found = 1;
	return installed;
}
