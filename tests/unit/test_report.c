/*
 * test_report.c - the report flow's tables: every output format users may
 * name has a writer, and the formats' names, extensions and bits are
 * distinct (one table, util/vocab.c, read by the config, --format, the
 * timings and the manifest).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "config/config.h"
#include "report/report.h"
#include "util/vocab.h"

static void test_every_format_has_a_writer(void **state)
{
	size_t i, j;
	unsigned all = 0, parsed = 0;

	(void)state;
	for (i = 0; i < VOCAB_NFORMATS; i++) {
		assert_true(report_has_writer(vocab_formats[i].bit));
		assert_ptr_equal(vocab_format(vocab_formats[i].name), &vocab_formats[i]);
		for (j = 0; j < i; j++) {
			assert_string_not_equal(vocab_formats[i].name, vocab_formats[j].name);
			assert_string_not_equal(vocab_formats[i].ext, vocab_formats[j].ext);
			assert_int_not_equal(vocab_formats[i].bit, vocab_formats[j].bit);
		}
		all |= vocab_formats[i].bit;
	}
	assert_false(report_has_writer(0));
	/* The config's parser takes exactly these names, in any case and spacing. */
	assert_int_equal(config_parse_formats(" XLSX ,pdf, Json", &parsed, NULL), 0);
	assert_int_equal(parsed & (FORMAT_XLSX | FORMAT_PDF | FORMAT_JSON),
			 FORMAT_XLSX | FORMAT_PDF | FORMAT_JSON);
	assert_int_not_equal(config_parse_formats("xlsx, docx", &parsed, NULL), 0);
	assert_true((all & (FORMAT_XLSX | FORMAT_PDF | FORMAT_JSON)) ==
		    (FORMAT_XLSX | FORMAT_PDF | FORMAT_JSON));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_format_has_a_writer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
