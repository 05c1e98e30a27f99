/*
 * test_license_kb.c - the SPDX license list carried by the KB: built from
 * the shared test data (the npm spdx-license-list files) and from SPDX's
 * license-list-data layout (json/licenses.json, json/exceptions.json,
 * text/<id>.txt, written here from the same data), read back into the
 * license module.  Loading a list replaces the process-wide one, so these
 * tests live in their own binary and run in order.
 */
#include "cw_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/json.h"

static char dir[256];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/cw-license-kb-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[300];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static cw_json *load_json(const char *rel)
{
	const char *path = cw_test_shared(rel);
	size_t len;
	char *data = cw_test_read_file(path, &len);
	cw_json *j = NULL;
	if (cw__json_parse(&j, data, len, path) != 0)
		fail_msg("%s", cw_error_last()->message);
	free(data);
	return j;
}

static void build(const char *kb, const char *location)
{
	cw_kb_builder *b = NULL;
	cw_kb_build_stats stats;
	cw_assert_ok(cw_kb_builder_new(&b, kb, NULL));
	cw_assert_ok(cw_kb_builder_add_licenses(b, location));
	cw_assert_ok(cw_kb_builder_finish(b, &stats));
	cw_kb_builder_free(b);
}

static void test_kb__npm_list_round_trip(void **state)
{
	cw_json *full = load_json("data/licenses/spdx-license-list.full.json");
	cw_json *exc = load_json("data/licenses/spdx-exceptions.json");
	cw_json *exc_dep = load_json("data/licenses/spdx-exceptions.deprecated.json");
	cw_json *deprecated = load_json("data/licenses/spdx-license-ids.deprecated.json");
	char kb_path[300];
	cw_kb *kb = NULL;
	cw_license_db *texts = NULL;
	cw_license_match *m = NULL;
	const cw_license_info *info;
	const char *mit;
	size_t n = 0, extra = 0, i;
	cw_json *v;
	(void)state;

	snprintf(kb_path, sizeof(kb_path), "%s/npm.kb", dir);
	build(kb_path, cw_test_shared("data/licenses"));
	cw_assert_ok(cw_kb_open(&kb, kb_path));
	cw_assert_ok(cw_kb_licenses_use(kb, &texts));
	cw_kb_free(kb);

	/* every license of the list, plus deprecated ids the list does not carry */
	json_array_foreach(deprecated, i, v)
		extra += !json_object_get(full, json_string_value(v));
	assert_int_equal(cw_license_list_count(), json_object_size(full) + extra);
	assert_int_equal(cw_license_exception_count(),
	                 json_array_size(exc) + json_array_size(exc_dep));
	json_array_foreach(deprecated, i, v) {
		info = cw_license_lookup(json_string_value(v), strlen(json_string_value(v)));
		assert_non_null(info);
		assert_true(info->deprecated);
	}
	info = cw_license_lookup("mit", 3);
	assert_non_null(info);
	assert_string_equal(info->id, "MIT");
	assert_string_equal(info->name,
	                    json_string_value(json_object_get(json_object_get(full, "MIT"), "name")));
	assert_true(info->osi_approved);
	assert_int_equal(info->fsf_libre, -1); /* the npm data has no FSF flags */
	assert_non_null(cw_license_exception_lookup("classpath-exception-2.0", 23));

	/* the texts came along: identification works from the KB alone */
	assert_non_null(texts);
	mit = json_string_value(json_object_get(json_object_get(full, "MIT"), "licenseText"));
	assert_string_equal(cw_license_db_text(texts, "MIT"), mit);
	cw_assert_ok(cw_license_identify(&m, &n, texts, mit, strlen(mit), 75));
	assert_true(n >= 1);
	assert_string_equal(m[0].id, "MIT");
	free(m);
	cw_license_db_free(texts);
	cw__json_free(full);
	cw__json_free(exc);
	cw__json_free(exc_dep);
	cw__json_free(deprecated);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		fail_msg("cannot write %s", path);
	fputs(text, f);
	fclose(f);
}

/* license-list-data's layout, three licenses with texts taken from the
 * shared list; flags as SPDX publishes them for these ids. */
static void test_kb__license_list_data_layout(void **state)
{
	cw_json *full = load_json("data/licenses/spdx-license-list.full.json");
	char path[400], kb_path[300], url[420];
	cw_kb *kb = NULL;
	cw_license_db *texts = NULL;
	const cw_license_info *info;
	static const char *const ids[] = { "MIT", "GPL-3.0-only", "BSD-2-Clause" };
	(void)state;

	snprintf(path, sizeof(path), "%s/lld", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/lld/json", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/lld/text", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/lld/json/licenses.json", dir);
	write_file(path,
	           "{\"licenseListVersion\": \"3.27\", \"releaseDate\": \"2025-07-01\", \"licenses\": ["
	           "{\"reference\": \"https://spdx.org/licenses/MIT.html\", \"isDeprecatedLicenseId\": false,"
	           " \"name\": \"MIT License\", \"licenseId\": \"MIT\", \"seeAlso\": [],"
	           " \"isOsiApproved\": true, \"isFsfLibre\": true},"
	           "{\"reference\": \"https://spdx.org/licenses/GPL-3.0-only.html\","
	           " \"isDeprecatedLicenseId\": false, \"name\": \"GNU General Public License v3.0 only\","
	           " \"licenseId\": \"GPL-3.0-only\", \"isOsiApproved\": true, \"isFsfLibre\": true},"
	           "{\"reference\": \"https://spdx.org/licenses/BSD-2-Clause.html\","
	           " \"isDeprecatedLicenseId\": false, \"name\": \"BSD 2-Clause \\\"Simplified\\\" License\","
	           " \"licenseId\": \"BSD-2-Clause\", \"isOsiApproved\": true},"
	           "{\"name\": \"an entry without an id\"}]}");
	snprintf(path, sizeof(path), "%s/lld/json/exceptions.json", dir);
	write_file(path, "{\"licenseListVersion\": \"3.27\", \"exceptions\": ["
	                 "{\"licenseExceptionId\": \"LLVM-exception\", \"name\": \"LLVM Exception\","
	                 " \"isDeprecatedLicenseId\": false}]}");
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/lld/text/%s.txt", dir, ids[i]);
		write_file(path, json_string_value(json_object_get(json_object_get(full, ids[i]),
		                                                   "licenseText")));
	}
	snprintf(kb_path, sizeof(kb_path), "%s/lld.kb", dir);
	/* as a file:// URL, with a percent-encoded character */
	snprintf(url, sizeof(url), "file://%s/ll%%64", dir);
	build(kb_path, url);
	cw_assert_ok(cw_kb_open(&kb, kb_path));
	cw_assert_ok(cw_kb_licenses_use(kb, &texts));
	cw_kb_free(kb);
	assert_int_equal(cw_license_list_count(), 3);
	assert_int_equal(cw_license_exception_count(), 1);
	assert_null(cw_license_lookup("Apache-2.0", 10));
	assert_null(cw_license_exception_lookup("Classpath-exception-2.0", 23));
	assert_non_null(cw_license_exception_lookup("LLVM-exception", 14));
	info = cw_license_lookup("GPL-3.0-only", 12);
	assert_non_null(info);
	assert_int_equal(info->fsf_libre, 1);
	assert_int_equal(cw_license_lookup("BSD-2-Clause", 12)->fsf_libre, -1);
	assert_string_equal(info->url, "https://spdx.org/licenses/GPL-3.0-only.html");
	assert_int_equal(cw_license_db_count(texts), 3);
	cw_license_db_free(texts);
	cw__json_free(full);
}

static void test_kb__errors(void **state)
{
	char kb_path[300], path[400];
	cw_kb_builder *b = NULL;
	cw_kb *kb = NULL;
	(void)state;
	/* a KB without a license list */
	snprintf(kb_path, sizeof(kb_path), "%s/empty.kb", dir);
	cw_assert_ok(cw_kb_builder_new(&b, kb_path, NULL));
	cw_assert_ok(cw_kb_builder_add_kev(b, cw_test_shared("data/kev/known_exploited_vulnerabilities.json")));
	cw_assert_ok(cw_kb_builder_finish(b, NULL));
	cw_kb_builder_free(b);
	cw_assert_ok(cw_kb_open(&kb, kb_path));
	assert_int_equal(cw_kb_licenses_use(kb, NULL), CW_ENOTFOUND);
	assert_non_null(strstr(cw_error_last()->message, "db build --licenses"));
	cw_kb_free(kb);

	cw_assert_ok(cw_kb_builder_new(&b, NULL, NULL));
	assert_int_equal(cw_kb_builder_add_licenses(b, "/nonexistent/licenses"), CW_ENOTFOUND);
	/* a JSON document that is no license list, with where it went wrong */
	snprintf(path, sizeof(path), "%s/bad.json", dir);
	write_file(path, "{\"licenses\": [ {\"licenseId\": \"MIT\"}, ]}");
	assert_int_equal(cw_kb_builder_add_licenses(b, path), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "bad.json:1:"));
	write_file(path, "{\"nothing\": 1}");
	assert_int_equal(cw_kb_builder_add_licenses(b, path), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "not an SPDX license list"));
	assert_int_equal(cw_kb_builder_add_licenses(b, "file://relative/path"), CW_EINVALID);
	cw_kb_builder_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kb__npm_list_round_trip),
		cmocka_unit_test(test_kb__license_list_data_layout),
		cmocka_unit_test(test_kb__errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
