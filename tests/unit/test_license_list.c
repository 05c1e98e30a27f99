/* test_license_list.c - replacing the compiled SPDX list with a newer one.
 * (Its own executable: loading a list changes process-wide state.) */
#include "cw_test.h"

#include <stdlib.h>
#include <string.h>

static void test_list__compiled_list_until_one_is_loaded(void **state)
{
	(void)state;
	assert_true(cw_license_list_count() > 700);
	assert_null(cw_license_lookup("Future-License-9.0", 18));
	assert_int_equal(cw_license_lookup("MIT", 3)->fsf_libre, -1); /* not in the compiled data */
}

static void test_list__licenses_json_format_with_fsf_flags(void **state)
{
	(void)state;
	size_t len;
	char *json = cw_test_read_file(cw_test_source("tests/data/license/licenses-list-data.json"), &len);
	cw_license_expr *e;
	cw_assert_ok(cw_license_list_load(json, len, "licenses.json"));
	free(json);
	assert_int_equal(cw_license_list_count(), 4);
	const cw_license_info *future = cw_license_lookup("future-license-9.0", 18);
	assert_non_null(future);
	assert_string_equal(future->id, "Future-License-9.0");
	assert_int_equal(future->fsf_libre, -1);
	assert_int_equal(cw_license_lookup("MIT", 3)->fsf_libre, 1);
	assert_int_equal(cw_license_lookup("MIT", 3)->category, CW_LICENSE_PERMISSIVE);
	assert_true(cw_license_lookup("GPL-2.0", 7)->deprecated);
	assert_string_equal(cw_license_lookup("GPL-2.0-only", 12)->url,
	                    "https://www.gnu.org/licenses/old-licenses/gpl-2.0-standalone.html");
	/* Expressions validate against the loaded list. */
	cw_assert_ok(cw_license_expr_parse(&e, "MIT OR future-license-9.0", 25, 0));
	cw_license_expr_free(e);
	assert_int_equal(cw_license_expr_parse(&e, "Apache-2.0", 10, 0), CW_EINVALID);
}

static void test_list__npm_format_from_the_shared_data(void **state)
{
	(void)state;
	size_t len;
	char *json = cw_test_read_file(cw_test_shared("data/licenses/spdx-license-list.json"), &len);
	cw_assert_ok(cw_license_list_load(json, len, "spdx-license-list.json"));
	free(json);
	assert_int_equal(cw_license_list_count(), 727);
	assert_true(cw_license_lookup("Apache-2.0", 10)->osi_approved);
	assert_int_equal(cw_license_lookup("AGPL-3.0-only", 13)->category, CW_LICENSE_NETWORK_COPYLEFT);
}

static void test_list__bad_lists_are_refused(void **state)
{
	(void)state;
	assert_int_equal(cw_license_list_load("[1,2]", 5, "x.json"), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "x.json:1:1:"));
	assert_int_equal(cw_license_list_load("{\"licenses\": []}", 16, "y.json"), CW_EINVALID);
	assert_int_equal(cw_license_list_load("{\"MIT\": 3}", 10, "z.json"), CW_EINVALID);
	assert_int_equal(cw_license_list_load("{", 1, "w.json"), CW_EINVALID);
	assert_int_equal(cw_license_list_count(), 727); /* the previous list stays */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list__compiled_list_until_one_is_loaded),
		cmocka_unit_test(test_list__licenses_json_format_with_fsf_flags),
		cmocka_unit_test(test_list__npm_format_from_the_shared_data),
		cmocka_unit_test(test_list__bad_lists_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
