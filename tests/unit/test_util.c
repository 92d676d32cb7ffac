/* Unit tests for util/ and the table helpers: expected values from the
 * standards (SHA-256 test vectors of FIPS 180-4), the calendar, and by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/table.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/utf8.h"

static void test_sha256(void **state)
{
	struct sha256 c;
	char hex[65];
	char million[1001];
	int i;

	(void)state;
	sha256_init(&c);
	sha256_hex(&c, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha256_init(&c);
	sha256_update(&c, "abc", 3);
	sha256_hex(&c, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256_init(&c);
	sha256_update(&c, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56);
	sha256_hex(&c, hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	/* one million 'a', fed in uneven pieces */
	memset(million, 'a', sizeof(million));
	sha256_init(&c);
	for (i = 0; i < 1000; i++)
		sha256_update(&c, million, i % 2 ? 999 : 1001);
	sha256_hex(&c, hex);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	/* released: finished, twice, abandoned half way, never started (leaks show under ASan) */
	sha256_release(&c);
	assert_null(c.md);
	sha256_init(&c);
	sha256_update(&c, "abc", 3);
	sha256_release(&c);
	sha256_release(&c);
	memset(&c, 0, sizeof(c));
	sha256_release(&c);
}

static void test_text_key(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	text_key("People's Republic of China", &sb);
	assert_string_equal(sb.buf, "peoples republic of china");
	text_key("  D.C. ", &sb);
	assert_string_equal(sb.buf, "dc");
	text_key("Côte d\xe2\x80\x99Ivoire", &sb);     /* curly apostrophe */
	assert_string_equal(sb.buf, "cote divoire");
	text_key("Hagåtña", &sb);
	assert_string_equal(sb.buf, "hagatna");
	text_key("Łódź", &sb);
	assert_string_equal(sb.buf, "lodz");
	text_key("São  Paulo--(SP)", &sb);
	assert_string_equal(sb.buf, "sao paulo sp");
	text_key("Straße", &sb);
	assert_string_equal(sb.buf, "strasse");
	text_key("北京", &sb);                          /* kept as written */
	assert_string_equal(sb.buf, "北京");
	text_key("", &sb);
	assert_string_equal(sb.buf, "");
	strbuf_release(&sb);
}

static void test_numbers_and_dates(void **state)
{
	int64_t v;
	double d;
	struct date dt;
	char buf[16];

	(void)state;
	assert_int_equal(text_int("45", 0, 100, &v), 0);
	assert_int_equal(v, 45);
	assert_int_equal(text_int("101", 0, 100, &v), -1);
	assert_int_equal(text_int("4x", 0, 100, &v), -1);
	assert_int_equal(text_int(" 4", 0, 100, &v), -1);
	assert_int_equal(text_int("", 0, 100, &v), -1);
	assert_int_equal(text_int("99999999999999999999", 0, INT64_MAX, &v), -1);
	assert_int_equal(text_real("2.5", &d), 0);
	assert_true(d == 2.5);
	assert_int_equal(text_real("inf", &d), -1);
	assert_int_equal(text_real("nan", &d), -1);

	assert_int_equal(text_date("2014", &dt), 0);
	assert_int_equal(dt.y, 2014);
	assert_int_equal(dt.m, 0);
	assert_int_equal(text_date("2024-02-29", &dt), 0);     /* leap year */
	assert_int_equal(text_date("2023-02-29", &dt), -1);
	assert_int_equal(text_date("2000-02-29", &dt), 0);     /* divisible by 400 */
	assert_int_equal(text_date("1900-02-29", &dt), -1);    /* by 100, not 400 */
	assert_int_equal(text_date("2014-13", &dt), -1);
	assert_int_equal(text_date("2014-04-31", &dt), -1);
	assert_int_equal(text_date("14-04-01", &dt), -1);
	assert_int_equal(text_date("2014/04/01", &dt), -1);
	assert_int_equal(text_date("2014-05", &dt), 0);
	text_date_fmt(&dt, buf);
	assert_string_equal(buf, "2014-05");
	assert_true(text_formula_like("=1+1") && text_formula_like("@x") && text_formula_like("-y"));
	assert_false(text_formula_like("x=1"));
	assert_true(text_ieq("TRA1", "tra1"));
	assert_false(text_ieq("TRA1", "TRA10"));
	assert_true(text_ieq_trimmed("  Member City\t", "member city"));
	assert_false(text_ieq_trimmed("Member  City", "member city"));
	assert_false(text_ieq_trimmed(" a ", "ab"));
}

static void test_utf8(void **state)
{
	size_t bad = 0;

	(void)state;
	assert_true(utf8_valid("Zürich 北京", strlen("Zürich 北京"), &bad));
	assert_false(utf8_valid("Z\xfcrich", 6, &bad));              /* cp1252 ü */
	assert_int_equal(bad, 1);
	assert_false(utf8_valid("\xc0\xaf", 2, &bad));               /* overlong '/' */
	assert_false(utf8_valid("\xed\xa0\x80", 3, &bad));           /* surrogate */
	assert_false(utf8_valid("ab\xe2\x82", 4, &bad));             /* cut short */
	assert_int_equal(bad, 2);
	/* "Zü" is 3 bytes: a cut at 2 would split ü, so it keeps 1 */
	assert_int_equal(utf8_prefix("Zürich", 7, 2), 1);
	assert_int_equal(utf8_prefix("Zürich", 7, 3), 3);
	assert_int_equal(utf8_prefix("abc", 3, 10), 3);
	assert_int_equal(utf8_width("Hagåtña"), 7);
	assert_int_equal(utf8_width("北京市"), 6);                    /* wide */
}

static void test_paths(void **state)
{
	char *p;

	(void)state;
	p = fs_normalize("config/../data/sample/./partnerships.csv");
	assert_string_equal(p, "data/sample/partnerships.csv");
	free(p);
	p = fs_normalize("../a//b/../c");
	assert_string_equal(p, "../a/c");
	free(p);
	p = fs_normalize("/x/../../y");
	assert_string_equal(p, "/y");
	free(p);
	p = fs_normalize("a/..");
	assert_string_equal(p, ".");
	free(p);
	p = fs_resolve("config", "../output");
	assert_string_equal(p, "output");
	free(p);
	p = fs_resolve("config", "/abs/file.csv");
	assert_string_equal(p, "/abs/file.csv");
	free(p);
	p = fs_dirname("output/scta.db");
	assert_string_equal(p, "output");
	free(p);
	p = fs_dirname("scta.db");
	assert_string_equal(p, ".");
	free(p);
}

static void test_cells(void **state)
{
	struct cell c = { CELL_NULL, 0, 0, NULL };
	char buf[32];

	(void)state;
	cell_pct(&c, 3, 944);           /* 0.3%: above zero, shown as <1% */
	cell_format(&c, buf, sizeof(buf));
	assert_string_equal(buf, "<1%");
	cell_pct(&c, 0, 944);
	cell_format(&c, buf, sizeof(buf));
	assert_string_equal(buf, "0%");
	cell_pct(&c, 160, 944);         /* 16.95% */
	cell_format(&c, buf, sizeof(buf));
	assert_string_equal(buf, "17%");
	cell_pct(&c, 1, 0);             /* no base: empty */
	assert_int_equal(c.kind, CELL_NULL);
	cell_int(&c, 2336);
	cell_format(&c, buf, sizeof(buf));
	assert_string_equal(buf, "2336");
	cell_text(&c, "Mexico");
	cell_format(&c, buf, sizeof(buf));
	assert_string_equal(buf, "Mexico");
	cell_clear(&c);
}

static void test_strbuf_and_err(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct scta_err err = SCTA_ERR_INIT;
	char *s;

	(void)state;
	assert_non_null(sb.buf);
	assert_string_equal(sb.buf, "");
	strbuf_addf(&sb, "  %d rows\t\n", 12);
	strbuf_trim(&sb);
	assert_string_equal(sb.buf, "12 rows");
	strbuf_reset(&sb);
	strbuf_add_json(&sb, "a\"b\\c\n\x01");
	assert_string_equal(sb.buf, "a\\\"b\\\\c\\n\\u0001");
	s = strbuf_detach(&sb);
	assert_string_equal(sb.buf, "");
	free(s);
	assert_int_equal(scta_err_set(&err, SCTA_ERR_CONFIG, "first %d", 1), SCTA_ERR_CONFIG);
	assert_int_equal(scta_err_set(&err, SCTA_ERR_RUNTIME, "second"), SCTA_ERR_CONFIG);
	assert_string_equal(err.msg, "first 1");    /* the first error wins */
	scta_err_clear(&err);
	assert_int_equal(err.code, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_text_key),
		cmocka_unit_test(test_numbers_and_dates),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_strbuf_and_err),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
