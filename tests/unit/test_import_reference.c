/*
 * Unit tests for import_reference(): the bundled reference data resolves
 * the names, codes and aliases people write, and carries the CPI scores.
 * Expected CPI figures were read off data/reference/cpi.csv by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "util/strbuf.h"
#include "util/text.h"
#include "test_import_util.h"

static char dir[64];
static struct store *st;

static int setup(void **state)
{
	(void)state;
	st = tstore_new(dir, sizeof(dir));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tstore_free(st, dir);
	return 0;
}

static void expect_country(const char *text, const char *iso3)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct strbuf key = STRBUF_INIT;
	char got[4];
	int found = -1;

	text_key(text, &key);
	assert_int_equal(store_find_country(st, key.buf, got, &found, &err), 0);
	if (!iso3) {
		assert_int_equal(found, 0);
	} else {
		if (!found)
			fail_msg("country '%s' not found", text);
		assert_string_equal(got, iso3);
	}
	strbuf_release(&key);
}

static void expect_state(const char *text, const char *code)
{
	struct scta_err err = SCTA_ERR_INIT;
	struct strbuf key = STRBUF_INIT;
	char got[3];
	int found = -1;

	text_key(text, &key);
	assert_int_equal(store_find_state(st, key.buf, got, &found, &err), 0);
	if (!code) {
		assert_int_equal(found, 0);
	} else {
		if (!found)
			fail_msg("state '%s' not found", text);
		assert_string_equal(got, code);
	}
	strbuf_release(&key);
}

static void test_countries(void **state)
{
	(void)state;
	expect_country("China", "CHN");
	expect_country("CN", "CHN");
	expect_country("CHN", "CHN");
	expect_country("chn", "CHN");
	expect_country("People's Republic of China", "CHN");
	expect_country("Russia", "RUS");
	expect_country("Russian Federation", "RUS");
	expect_country("Viet Nam", "VNM");
	expect_country("Vietnam", "VNM");
	expect_country("South Korea", "KOR");
	expect_country("Korea, Republic of", "KOR");
	expect_country("North Korea", "PRK");
	expect_country("Kosovo", "KSV");
	expect_country("XK", "KSV");
	expect_country("  côte d'ivoire ", "CIV");
	expect_country("Puerto Rico", "PRI");
	expect_country("USA", "USA");
	expect_country("Narnia", NULL);
	expect_country("", NULL);
}

static void test_states(void **state)
{
	(void)state;
	expect_state("WA", "WA");
	expect_state("wa", "WA");
	expect_state("Washington", "WA");
	expect_state("wash.", "WA");
	expect_state("D.C.", "DC");
	expect_state("District of Columbia", "DC");
	expect_state("Washington, D.C.", "DC");
	expect_state("Puerto Rico", "PR");
	expect_state("GU", "GU");
	expect_state("Guam", "GU");
	expect_state("U.S. Virgin Islands", "VI");
	expect_state("ZZ", NULL);
	expect_state("Ontario", NULL);
}

static void test_cpi(void **state)
{
	struct scta_err err = SCTA_ERR_INIT;
	int64_t n = -1;

	(void)state;
	assert_int_equal(store_cpi_count(st, 2019, &n, &err), 0);
	assert_int_equal(n, 180);
	assert_int_equal(store_cpi_count(st, 1900, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(q_int(st, "SELECT score FROM cpi WHERE year = 2019 AND iso3 = ?1", "CHN"), 41);
	assert_int_equal(q_int(st, "SELECT rank FROM cpi WHERE year = 2019 AND iso3 = ?1", "CHN"), 80);
	assert_int_equal(q_int(st, "SELECT score FROM cpi WHERE year = 2019 AND iso3 = ?1", "BLR"), 45);
	assert_int_equal(q_int(st, "SELECT count(*) FROM cpi WHERE year = 2019 AND score <= 45", NULL),
			 115);
	/* an empty rank is not published, not zero */
	assert_int_equal(q_int(st, "SELECT count(*) FROM cpi WHERE year = 2016 AND iso3 = ?1 AND "
			       "rank IS NULL", "CHN"), 1);
	assert_int_equal(q_int(st, "SELECT count(*) FROM us_state", NULL), 56);
	assert_int_equal(q_int(st, "SELECT count(*) FROM country", NULL), 250);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_countries),
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_cpi),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
