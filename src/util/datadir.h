/*
 * datadir.h - where the program finds its own data: the bundled templates,
 * the default questionnaire, the flattened CJK font, the sample inputs and
 * the reference data.
 *
 * An installed program (`cmake --install build --prefix P`) keeps them in
 * P/share/scta, found from the program's own location (/proc/self/exe), so
 * an installed tree may be moved. A program run from its build tree finds
 * them in the source and build directories compiled in. Never relative to
 * the current directory or to the user's configuration.
 */
#ifndef SCTA_DATADIR_H
#define SCTA_DATADIR_H

enum datadir_item {
	DATA_TEMPLATES,          /* directory of the report templates */
	DATA_QUESTIONNAIRE,      /* the default questionnaire.ini */
	DATA_FONT_CJK,           /* the flattened CJK TrueType font */
	DATA_SAMPLE,             /* directory of the sample partnerships.csv, responses.csv */
	DATA_REFERENCE           /* directory of the reference CSVs (also compiled in) */
};

/*
 * Path of item: the installed copy if there is one, else the build tree's.
 * When neither exists, the installed path it would have (so a message can
 * name it) and *found = 0. Never NULL; caller frees.
 */
char *datadir_path(enum datadir_item item, int *found);

/* The share directory beside the program (P/share/scta), existing or not; caller frees. */
char *datadir_share(void);

#endif
