/*
 * ini.h - config/'s private door to iniparser. Only ini.c includes
 * <iniparser.h>; config.c and questionnaire.c read INI files through this.
 *
 * iniparser folds section and key names to lower case and ends an unquoted
 * value at ';' or '#'. Strings returned point into the struct ini and live
 * until ini_free().
 */
#ifndef SCTA_CONFIG_INI_H
#define SCTA_CONFIG_INI_H

#include <stddef.h>

struct scta_err;
struct ini;

int ini_load(const char *path, struct ini **out, struct scta_err *err);
void ini_free(struct ini *ini);
size_t ini_nsections(const struct ini *ini);
/* Section name i (lower case), in file order. */
const char *ini_section(const struct ini *ini, size_t i);
/*
 * The keys of section sec (lower case, without the "sec:" prefix), in file
 * order. *keys is a malloc'd array the caller frees (not its strings).
 */
size_t ini_keys(const struct ini *ini, const char *sec, const char ***keys);
/* The value of sec/key, or NULL when absent. */
const char *ini_get(const struct ini *ini, const char *sec, const char *key);

/*
 * Split s on sep into trimmed, non-empty items; an item in double quotes
 * loses them (so a label may hold a comma-free "Don't know"). *out is owned
 * by the caller: ini_free_list(). Returns the count.
 */
size_t ini_split(const char *s, int sep, char ***out);
void ini_free_list(char **v, size_t n);

/* Fail with "FILE: [SEC] KEY: WHAT (got 'VALUE')" as SCTA_ERR_CONFIG. */
int ini_bad(struct scta_err *err, const char *file, const char *sec, const char *key,
	    const char *what, const char *value);

/*
 * Fail on the first key of sec not in the NULL-terminated allowed list,
 * except keys starting with allow_prefix (may be NULL; several prefixes are
 * separated by '|': "recommendation|addressee_").
 */
int ini_check_keys(const struct ini *ini, const char *file, const char *sec,
		   const char *const *allowed, const char *allow_prefix, struct scta_err *err);

#endif
