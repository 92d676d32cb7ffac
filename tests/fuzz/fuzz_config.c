/*
 * fuzz_config.c - libFuzzer target for the INI readers: each input is
 * loaded as scta.ini and as a questionnaire; either loads or fails with a
 * message.
 */
#include "config/config.h"
#include "fuzz_common.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct scta_config *cfg = NULL;
	struct questionnaire *q = NULL;
	const char *path = fuzz_file("input.ini", data, size);

	if (config_load(path, &cfg, &err) && !err.msg[0])
		abort();
	config_free(cfg);
	err = (struct scta_err)SCTA_ERR_INIT;
	if (questionnaire_load(path, &q, &err) && !err.msg[0])
		abort();
	questionnaire_free(q);
	return 0;
}
