/*
 * refdata.h - the reference CSV files of data/reference/, compiled in.
 */
#ifndef SCTA_REFDATA_H
#define SCTA_REFDATA_H

#include "util/embed.h"

/* Terminated by an entry whose name is NULL. */
extern const struct embedded_file refdata_files[];

#endif
