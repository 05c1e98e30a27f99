/* test_license.c - SPDX ids, categories and license expressions. */
#include "cw_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_license__lookup_is_case_insensitive_and_canonical(void **state)
{
	(void)state;
	const cw_license_info *mit = cw_license_lookup("mit", 3);
	assert_non_null(mit);
	assert_string_equal(mit->id, "MIT");
	assert_string_equal(mit->name, "MIT License");
	assert_true(mit->osi_approved);
	assert_false(mit->deprecated);
	assert_int_equal(mit->category, CW_LICENSE_PERMISSIVE);
	assert_non_null(cw_license_lookup("GPL-2.0", 7));
	assert_true(cw_license_lookup("GPL-2.0", 7)->deprecated);
	assert_null(cw_license_lookup("MITX", 4));
	assert_null(cw_license_lookup("MI", 2));
	assert_string_equal(cw_license_exception_lookup("llvm-exception", 14), "LLVM-exception");
	assert_null(cw_license_exception_lookup("MIT", 3));
}

static void test_license__categories_cover_the_common_families(void **state)
{
	(void)state;
	static const struct { const char *id; cw_license_category want; } cases[] = {
		{ "Apache-2.0", CW_LICENSE_PERMISSIVE }, { "BSD-3-Clause", CW_LICENSE_PERMISSIVE },
		{ "ISC", CW_LICENSE_PERMISSIVE }, { "MIT-0", CW_LICENSE_PUBLIC_DOMAIN },
		{ "CC0-1.0", CW_LICENSE_PUBLIC_DOMAIN }, { "Unlicense", CW_LICENSE_PUBLIC_DOMAIN },
		{ "LGPL-2.1-only", CW_LICENSE_WEAK_COPYLEFT }, { "MPL-2.0", CW_LICENSE_WEAK_COPYLEFT },
		{ "EPL-2.0", CW_LICENSE_WEAK_COPYLEFT }, { "GPL-3.0-or-later", CW_LICENSE_STRONG_COPYLEFT },
		{ "GPL-2.0-only", CW_LICENSE_STRONG_COPYLEFT }, { "AGPL-3.0-only", CW_LICENSE_NETWORK_COPYLEFT },
		{ "SSPL-1.0", CW_LICENSE_NETWORK_COPYLEFT }, { "BUSL-1.1", CW_LICENSE_SOURCE_AVAILABLE },
		{ "CC-BY-NC-4.0", CW_LICENSE_SOURCE_AVAILABLE }, { "Elastic-2.0", CW_LICENSE_SOURCE_AVAILABLE },
		{ "LicenseRef-Proprietary", CW_LICENSE_UNKNOWN },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cw_license_category got = cw_license_category_of(cases[i].id);
		if (got != cases[i].want)
			fail_msg("%s: category %s, expected %s", cases[i].id,
			         cw_license_category_name(got), cw_license_category_name(cases[i].want));
	}
}

static void test_license__category_table_can_be_overridden(void **state)
{
	(void)state;
	const char table[] = "# ours\nMIT\tproprietary\n";
	const char bad[] = "MIT\tpermissive\nISC\tfree-ish\n";
	assert_int_equal(cw_license_categories_load(bad, sizeof(bad) - 1, "mine.tsv"), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "mine.tsv:2:"));
	cw_assert_ok(cw_license_categories_load(table, sizeof(table) - 1, "mine.tsv"));
	assert_int_equal(cw_license_lookup("MIT", 3)->category, CW_LICENSE_PROPRIETARY);
	assert_int_equal(cw_license_category_of("ISC"), CW_LICENSE_PERMISSIVE); /* default still applies */
	cw_assert_ok(cw_license_categories_load("", 0, "empty.tsv"));
	assert_int_equal(cw_license_lookup("MIT", 3)->category, CW_LICENSE_PERMISSIVE);
}

/* Runs one line of tests/data/license/expressions.txt; returns 1 on failure. */
static int run_case(const char *line, int line_no)
{
	unsigned flags = 0;
	bool simplify = false;
	const char *arrow = strstr(line, " => ");
	char input[512], *got = NULL;
	const char *want;
	cw_license_expr *e = NULL;
	int rc, failed = 0;

	if (!arrow)
		arrow = strstr(line, "=> "); /* empty input */
	assert_non_null(arrow);
	for (;; line++) {
		if (*line == '~')
			flags |= CW_LICENSE_PARSE_LAX_OPERATORS;
		else if (*line == '?')
			flags |= CW_LICENSE_PARSE_ALLOW_UNKNOWN;
		else if (*line == '*')
			simplify = true;
		else
			break;
	}
	snprintf(input, sizeof(input), "%.*s", (int)(arrow - line), line);
	want = arrow + (arrow[0] == ' ' ? 4 : 3);
	rc = cw_license_expr_parse(&e, input, strlen(input), flags);
	if (rc == 0 && simplify)
		rc = cw_license_expr_simplify(e);
	if (rc == 0)
		rc = cw_license_expr_to_string(&got, e);
	if (want[0] == '!') {
		if (rc != CW_EINVALID || !strstr(cw_error_last()->message, want + 1)) {
			printf("line %d: '%s': expected error '%s', got %s\n", line_no, input, want + 1,
			       rc ? cw_error_last()->message : got);
			failed = 1;
		}
	} else if (rc != 0 || strcmp(got, want) != 0) {
		printf("line %d: '%s': expected '%s', got '%s'\n", line_no, input, want,
		       rc ? cw_error_last()->message : got);
		failed = 1;
	}
	free(got);
	cw_license_expr_free(e);
	return failed;
}

static void test_license__expression_cases(void **state)
{
	(void)state;
	char *data = cw_test_read_file(cw_test_source("tests/data/license/expressions.txt"), NULL);
	int cases = 0, failures = 0, line_no = 0;
	for (char *line = strtok(data, "\n"); line; line = strtok(NULL, "\n")) {
		line_no++;
		if (line[0] == '#' || !strstr(line, "=>"))
			continue;
		cases++;
		failures += run_case(line, line_no);
	}
	free(data);
	printf("license expressions: %d/%d cases passed\n", cases - failures, cases);
	assert_true(cases >= 100);
	assert_int_equal(failures, 0);
}

/* Every id of the repository's list, written in lower case, parses back to
 * the list's spelling; so does every exception after WITH. */
static void test_license__every_listed_id_round_trips(void **state)
{
	(void)state;
	char *data = cw_test_read_file(cw_test_source("data/spdx/licenses.tsv"), NULL);
	char *exc = cw_test_read_file(cw_test_source("data/spdx/exceptions.tsv"), NULL);
	int n = 0;
	for (char *line = strtok(data, "\n"); line; line = strtok(NULL, "\n")) {
		char id[128], lower[160], *got;
		cw_license_expr *e;
		if (line[0] == '#')
			continue;
		snprintf(id, sizeof(id), "%.*s", (int)strcspn(line, "\t"), line);
		for (size_t i = 0; i <= strlen(id); i++)
			lower[i] = (char)((id[i] >= 'A' && id[i] <= 'Z') ? id[i] + 32 : id[i]);
		cw_assert_ok(cw_license_expr_parse(&e, lower, strlen(lower), 0));
		cw_assert_ok(cw_license_expr_to_string(&got, e));
		assert_string_equal(got, id);
		free(got);
		cw_license_expr_free(e);
		n++;
	}
	for (char *line = strtok(exc, "\n"); line; line = strtok(NULL, "\n")) {
		char expr[200], want[200], *got;
		cw_license_expr *e;
		if (line[0] == '#')
			continue;
		snprintf(want, sizeof(want), "GPL-2.0-or-later WITH %.*s", (int)strcspn(line, "\t"), line);
		snprintf(expr, sizeof(expr), "gpl-2.0-or-later WITH %.*s", (int)strcspn(line, "\t"), line);
		for (char *p = expr + 22; *p; p++)
			*p = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
		cw_assert_ok(cw_license_expr_parse(&e, expr, strlen(expr), 0));
		cw_assert_ok(cw_license_expr_to_string(&got, e));
		assert_string_equal(got, want);
		free(got);
		cw_license_expr_free(e);
		n++;
	}
	printf("license ids and exceptions round-tripped: %d\n", n);
	assert_true(n > 700);
	free(data);
	free(exc);
}

static void test_license__deep_nesting_is_refused_not_crashed(void **state)
{
	(void)state;
	char expr[4096];
	size_t n = 0;
	cw_license_expr *e = NULL;
	for (int i = 0; i < 1000; i++)
		expr[n++] = '(';
	memcpy(expr + n, "MIT", 3);
	n += 3;
	assert_int_equal(cw_license_expr_parse(&e, expr, n, 0), CW_ELIMIT);
	assert_null(e);
	assert_non_null(strstr(cw_error_last()->message, "nested deeper"));
}

static void test_license__unknown_ids_are_reported(void **state)
{
	(void)state;
	cw_license_expr *e;
	cw_assert_ok(cw_license_expr_parse(&e, "MIT OR Foo-1.0", 14, CW_LICENSE_PARSE_ALLOW_UNKNOWN));
	assert_true(cw_license_expr_has_unknown(e));
	cw_license_expr_free(e);
	cw_assert_ok(cw_license_expr_parse(&e, "MIT OR LicenseRef-Foo", 21, 0));
	assert_false(cw_license_expr_has_unknown(e));
	cw_license_expr_free(e);
}

/* tests/data/license/declared.txt: real declared strings -> expected SPDX. */
static void test_license__declared_strings_normalise(void **state)
{
	(void)state;
	char *data = cw_test_read_file(cw_test_source("tests/data/license/declared.txt"), NULL);
	int cases = 0, failures = 0, mapped = 0;
	for (char *line = strtok(data, "\n"); line; line = strtok(NULL, "\n")) {
		char *arrow = strstr(line, " => ");
		cw_license_normalized n;
		if (line[0] == '#' || !arrow)
			continue;
		*arrow = '\0';
		cases++;
		cw_assert_ok(cw_license_normalize(&n, line, strlen(line)));
		if (strcmp(n.expression, arrow + 4) != 0) {
			printf("'%s': expected '%s', got '%s'\n", line, arrow + 4, n.expression);
			failures++;
		}
		/* NOASSERTION always has no confidence; a mapped string some. */
		if (strcmp(n.expression, "NOASSERTION") == 0)
			assert_true(n.confidence == 0.0);
		else
			assert_true(n.confidence >= 0.5 && n.confidence <= 1.0), mapped++;
		cw_license_normalized_free(&n);
	}
	free(data);
	printf("declared licenses: %d/%d strings as expected (%d mapped)\n", cases - failures,
	       cases, mapped);
	assert_true(cases >= 300);
	assert_int_equal(failures, 0);
}

static void test_license__normalise_reports_method_and_confidence(void **state)
{
	(void)state;
	static const struct { const char *in, *expr, *method; double confidence; } cases[] = {
		{ "MIT", "MIT", "spdx", 1.0 },
		{ "Expat", "MIT", "alias", 0.9 },
		{ "GNU General Public License v2.0 or later", "GPL-2.0-or-later", "name", 0.9 },
		{ "http://www.apache.org/licenses/LICENSE-2.0", "Apache-2.0", "url", 0.8 },
		{ "GPL", "GPL-1.0-or-later", "family", 0.5 },
		{ "Expat or GPL", "MIT OR GPL-1.0-or-later", "family", 0.5 },
		{ "frobnicator license", "NOASSERTION", "none", 0.0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cw_license_normalized n;
		cw_assert_ok(cw_license_normalize(&n, cases[i].in, strlen(cases[i].in)));
		assert_string_equal(n.expression, cases[i].expr);
		assert_string_equal(n.method, cases[i].method);
		assert_true(n.confidence > cases[i].confidence - 0.001 &&
		            n.confidence < cases[i].confidence + 0.001);
		cw_license_normalized_free(&n);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_license__lookup_is_case_insensitive_and_canonical),
		cmocka_unit_test(test_license__categories_cover_the_common_families),
		cmocka_unit_test(test_license__category_table_can_be_overridden),
		cmocka_unit_test(test_license__expression_cases),
		cmocka_unit_test(test_license__every_listed_id_round_trips),
		cmocka_unit_test(test_license__deep_nesting_is_refused_not_crashed),
		cmocka_unit_test(test_license__unknown_ids_are_reported),
		cmocka_unit_test(test_license__declared_strings_normalise),
		cmocka_unit_test(test_license__normalise_reports_method_and_confidence),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
