/*
 * fuzz_import.c - libFuzzer target for the CSV import of partnerships
 * (FUZZ_KIND=IMPORT_PARTNERSHIPS) or responses (IMPORT_RESPONSES): every
 * input is validated against the reference data and the shipped
 * questionnaire, in a dry run (rolled back), and must end in a status, and
 * when it is read, with rows read = loaded + rejected.
 */
#include "config/config.h"
#include "fuzz_common.h"
#include "import/import.h"
#include "store/store.h"
#include "util/err.h"

#ifndef FUZZ_KIND
#error "compile with -DFUZZ_KIND=IMPORT_PARTNERSHIPS or IMPORT_RESPONSES"
#endif

static struct store *st;
static struct questionnaire *q;

static void init(void)
{
	struct scta_err err = SCTA_ERR_INIT;
	int created = 0;

	if (store_open(":memory:", &created, &st, &err) || store_begin(st, &err) ||
	    import_reference(st, &err) || store_commit(st, &err) ||
	    questionnaire_load(SCTA_SOURCE_DIR "/config/questionnaire.ini", &q, &err)) {
		fprintf(stderr, "fuzz_import: %s\n", err.msg);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct import_opts opts;
	struct import_result res;
	const char *path;
	int rc;

	if (!st)
		init();
	path = fuzz_file("input.csv", data, size);
	memset(&opts, 0, sizeof opts);
	opts.display_path = "input.csv";
	opts.dry_run = 1;
	/* Inputs whose first byte is 0x01 are read as cp1252 (the --encoding path). */
	if (size && data[0] == 1)
		opts.encoding = "cp1252";
	rc = import_file(st, FUZZ_KIND, path, q, &opts, &res, &err);
	if (rc && (!err.code || !err.msg[0]))
		abort();     /* a failure must say why */
	if (!rc && res.rows_read != res.rows_loaded + res.rows_rejected)
		abort();     /* the contract line adds up */
	return 0;
}
