/* test_kb.c - the vulnerability knowledge base (src/kb). */
#include "cw_test.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chainwarden/kb.h"

static char *norm(const char *eco, const char *name)
{
	char *out = NULL;
	cw_assert_ok(cw_kb_normalize_name(&out, eco, name, strlen(name)));
	return out;
}

static void assert_norm(const char *eco, const char *name, const char *want)
{
	char *got = norm(eco, name);
	assert_string_equal(got, want);
	free(got);
}

static void test_kb__normalize_pypi_per_pep503(void **state)
{
	(void)state;
	/* the equivalent spellings listed in PEP 503 */
	assert_norm("PyPI", "Friendly-Bard", "friendly-bard");
	assert_norm("PyPI", "FRIENDLY-BARD", "friendly-bard");
	assert_norm("PyPI", "friendly.bard", "friendly-bard");
	assert_norm("PyPI", "friendly_bard", "friendly-bard");
	assert_norm("PyPI", "friendly--bard", "friendly-bard");
	assert_norm("PyPI", "FrIeNdLy-._.-bArD", "friendly-bard");
}

static void test_kb__normalize_other_ecosystems(void **state)
{
	(void)state;
	assert_norm("npm", "@Babel/Core", "@babel/core");
	assert_norm("crates.io", "Serde_JSON", "serde-json");
	assert_norm("NuGet", "Newtonsoft.Json", "newtonsoft.json");
	/* case-sensitive ecosystems keep the name; ecosystem suffixes are ignored */
	assert_norm("Go", "github.com/BurntSushi/toml", "github.com/BurntSushi/toml");
	assert_norm("Maven", " org.Apache:Log4j ", "org.Apache:Log4j");
	assert_norm("Debian:12", "OpenSSL", "OpenSSL");
	assert_norm("PyPI:extra", "A_B", "a-b");
}

static const char good_record[] =
	"{\"id\":\"TEST-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"aliases\":[\"CVE-2024-0001\"],"
	"\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"Foo_Bar\"},"
	"\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.2\"}]}],"
	"\"versions\":[\"1.0\",\"1.1\"]}]}";

/* Malformed records, each for a different reason. */
static const char *const bad_records[] = {
	"{\"id\":\"TEST-2\"",                                                    /* truncated JSON */
	"[1,2,3]",                                                                /* not an object */
	"{\"modified\":\"2024-01-01T00:00:00Z\"}",                               /* no id */
	"{\"id\":\"TEST-3\"}",                                                    /* no modified */
	"{\"id\":\"TEST-4\",\"modified\":\"x\",\"aliases\":\"CVE-1\"}",          /* aliases not an array */
	"{\"id\":\"TEST-5\",\"modified\":\"x\",\"affected\":[{\"ranges\":[{\"type\":\"SEMVER\","
	"\"events\":[{\"introduced\":\"0\",\"fixed\":\"1\"}]}]}]}",               /* two kinds in one event */
	"{\"id\":\"TEST-6\",\"modified\":\"x\",\"affected\":[{\"ranges\":[{\"type\":\"SEMVER\","
	"\"events\":[]}]}]}",                                                     /* no events */
	"{\"id\":\"TEST 7\",\"modified\":\"x\"}",                                 /* space in id */
	"{\"id\":\"TEST-8\",\"modified\":\"x\",\"affected\":[{\"versions\":[1]}]}",  /* number version */
};

static void test_kb__malformed_records_are_counted_not_fatal(void **state)
{
	cw_kb_builder *b = NULL;
	cw_kb_build_stats stats;
	size_t n = sizeof(bad_records) / sizeof(bad_records[0]);
	(void)state;

	cw_log_set_level(CW_LOG_ERROR);
	cw_assert_ok(cw_kb_builder_new(&b, NULL, NULL));
	cw_assert_ok(cw_kb_builder_add_osv_record(b, good_record, strlen(good_record), "good"));
	for (size_t i = 0; i < n; i++)
		cw_assert_ok(cw_kb_builder_add_osv_record(b, bad_records[i], strlen(bad_records[i]), "bad"));
	cw_assert_ok(cw_kb_builder_finish(b, &stats));
	assert_int_equal(stats.added, 1);
	assert_int_equal(stats.malformed, n);
	cw_kb_builder_free(b);
	cw_log_set_level(CW_LOG_WARN);
}

static char *tmpdir(void)
{
	char *dir = strdup("/tmp/cw_test_kb_XXXXXX");
	assert_non_null(mkdtemp(dir));
	return dir;
}

static void rm_rf(const char *dir)
{
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static int64_t sql_int(const char *db_path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int64_t v = -1;
	assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void test_kb__incremental_build_rewrites_only_changed_records(void **state)
{
	char *dir = tmpdir(), path[512], kb1[512], kb2[512], *text = NULL;
	cw_kb_builder *b = NULL;
	cw_kb_build_stats stats;
	cw_kb_build_options opts = CW_KB_BUILD_OPTIONS_INIT;
	cw_kb *kb = NULL;
	(void)state;

	snprintf(kb1, sizeof(kb1), "%s/kb1.sqlite", dir);
	snprintf(kb2, sizeof(kb2), "%s/kb2.sqlite", dir);
	for (int i = 1; i <= 3; i++) {
		char rec[512];
		snprintf(path, sizeof(path), "%s/R-%d.json", dir, i);
		snprintf(rec, sizeof(rec), "{\"id\":\"R-%d\",\"modified\":\"2024-01-0%dT00:00:00Z\","
		         "\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"pkg%d\"},"
		         "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},"
		         "{\"fixed\":\"1.0.%d\"}]}]}]}", i, i, i, i);
		write_file(path, rec);
	}
	cw_assert_ok(cw_kb_builder_new(&b, kb1, NULL));
	cw_assert_ok(cw_kb_builder_add_osv(b, dir));
	cw_assert_ok(cw_kb_builder_finish(b, &stats));
	cw_kb_builder_free(b);
	assert_int_equal(stats.added, 3);

	/* change one record: new modified time and a new fixed version */
	snprintf(path, sizeof(path), "%s/R-2.json", dir);
	write_file(path, "{\"id\":\"R-2\",\"modified\":\"2024-02-01T00:00:00Z\","
	           "\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"pkg2\"},"
	           "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},"
	           "{\"fixed\":\"2.0.0\"}]}]}]}");
	opts.base = kb1;
	cw_assert_ok(cw_kb_builder_new(&b, kb2, &opts));
	cw_assert_ok(cw_kb_builder_add_osv(b, dir));
	cw_assert_ok(cw_kb_builder_finish(b, &stats));
	cw_kb_builder_free(b);
	assert_int_equal(stats.added, 0);
	assert_int_equal(stats.updated, 1);
	assert_int_equal(stats.unchanged, 3 - 1);
	/* only R-2 carries the new generation; the others keep their rows */
	assert_int_equal(sql_int(kb2, "SELECT COUNT(*) FROM advisories WHERE generation = 2"), 1);
	assert_int_equal(sql_int(kb2, "SELECT generation FROM advisories WHERE name = 'R-2'"), 2);
	assert_int_equal(sql_int(kb2, "SELECT SUM(json_array_length(r.value, '$.events'))"
	                              " FROM affected, json_each(affected.ranges) r"), 6);
	assert_int_equal(sql_int(kb1, "SELECT COUNT(*) FROM advisories WHERE generation = 2"), 0);
	cw_assert_ok(cw_kb_open(&kb, kb2));
	cw_assert_ok(cw_kb_show(&text, kb, "R-2", CW_KB_FORMAT_JSON));
	assert_non_null(strstr(text, "\"fixed\": \"2.0.0\""));
	assert_null(strstr(text, "1.0.2"));
	free(text);
	cw_kb_free(kb);
	rm_rf(dir);
	free(dir);
}

static void test_kb__kev_nvd_epss_and_alias_groups(void **state)
{
	char *dir = tmpdir(), kbp[512], osv[512], *text = NULL;
	cw_kb_builder *b = NULL;
	cw_kb_build_stats stats;
	cw_kb *kb = NULL;
	(void)state;

	snprintf(kbp, sizeof(kbp), "%s/kb.sqlite", dir);
	snprintf(osv, sizeof(osv), "%s/T.json", dir);
	/* an OSV record aliasing a CVE of the NVD fixture links the two */
	write_file(osv, "{\"id\":\"GHSA-aaaa-bbbb-cccc\",\"modified\":\"2024-01-01T00:00:00Z\","
	           "\"aliases\":[\"CVE-2023-99001\"]}");
	cw_log_set_level(CW_LOG_ERROR);
	cw_assert_ok(cw_kb_builder_new(&b, kbp, NULL));
	cw_assert_ok(cw_kb_builder_add_osv(b, osv));
	cw_assert_ok(cw_kb_builder_add_nvd(b, cw_test_source("tests/data/kb/nvd-page.json")));
	cw_assert_ok(cw_kb_builder_add_kev(b, cw_test_shared("data/kev/known_exploited_vulnerabilities.json")));
	cw_assert_ok(cw_kb_builder_add_epss(b, cw_test_source("tests/data/kb/epss.csv")));
	cw_assert_ok(cw_kb_builder_finish(b, &stats));
	cw_kb_builder_free(b);
	cw_log_set_level(CW_LOG_WARN);
	/* nvd-page.json: 4 records, one without an id; epss.csv: 7 rows, 2 bad */
	assert_int_equal(stats.malformed, 1 + 2);
	assert_int_equal(stats.epss, 5);
	assert_int_equal(sql_int(kbp, "SELECT COUNT(*) FROM nvd"), 3);
	assert_int_equal(sql_int(kbp, "SELECT COUNT(*) FROM nvd_metrics WHERE nvd ="
	                         " (SELECT id FROM nvd WHERE cve = 'CVE-2023-99001')"), 3);
	assert_int_equal(sql_int(kbp, "SELECT COUNT(*) FROM nvd_cpes WHERE vendor = 'example'"
	                         " AND product = 'examplelib'"), 2);
	/* escaped ':' inside CPE components stays inside the component */
	assert_int_equal(sql_int(kbp, "SELECT COUNT(*) FROM nvd_cpes WHERE vendor = 'exa\\:mple'"
	                         " AND product = 'archive\\:tool' AND end_including = '3.0'"), 1);

	cw_assert_ok(cw_kb_open(&kb, kbp));
	/* by the CVE id: the GHSA record, the NVD record and the EPSS score */
	cw_assert_ok(cw_kb_show(&text, kb, "CVE-2023-99001", CW_KB_FORMAT_JSON));
	assert_non_null(strstr(text, "GHSA-aaaa-bbbb-cccc"));
	assert_non_null(strstr(text, "CVSS:4.0/AV:N/AC:L/AT:N"));
	assert_non_null(strstr(text, "\"baseSeverity\": \"HIGH\"")); /* v2 severity beside cvssData */
	assert_non_null(strstr(text, "\"model_version\": \"v2023.03.01\""));
	assert_non_null(strstr(text, "CWE-122"));
	free(text);
	/* by the GHSA id, lower case: same group */
	cw_assert_ok(cw_kb_show(&text, kb, "ghsa-aaaa-bbbb-cccc", CW_KB_FORMAT_TEXT));
	assert_non_null(strstr(text, "== NVD CVE-2023-99001"));
	free(text);
	/* a KEV entry (from the real catalog) */
	cw_assert_ok(cw_kb_show(&text, kb, "CVE-2021-44228", CW_KB_FORMAT_JSON));
	assert_non_null(strstr(text, "\"dateAdded\": \"2021-12-10\""));
	assert_non_null(strstr(text, "0.97565"));
	free(text);
	assert_int_equal(cw_kb_show(&text, kb, "CVE-1900-0000", CW_KB_FORMAT_JSON), CW_ENOTFOUND);
	cw_assert_ok(cw_kb_info(&text, kb, CW_KB_FORMAT_JSON, 7));
	assert_non_null(strstr(text, "\"malformed\": 3"));
	free(text);
	cw_kb_free(kb);
	rm_rf(dir);
	free(dir);
}

static void test_kb__info_warns_when_older_than_max_age(void **state)
{
	char *dir = tmpdir(), kbp[512], osv[512], *text = NULL;
	cw_kb_builder *b = NULL;
	cw_kb *kb = NULL;
	sqlite3 *db = NULL;
	(void)state;

	snprintf(kbp, sizeof(kbp), "%s/kb.sqlite", dir);
	snprintf(osv, sizeof(osv), "%s/A.json", dir);
	write_file(osv, "{\"id\":\"A-1\",\"modified\":\"2024-01-01T00:00:00Z\"}");
	cw_assert_ok(cw_kb_builder_new(&b, kbp, NULL));
	cw_assert_ok(cw_kb_builder_add_osv(b, osv));
	cw_assert_ok(cw_kb_builder_finish(b, NULL));
	cw_kb_builder_free(b);
	cw_assert_ok(cw_kb_open(&kb, kbp));
	assert_true(cw_kb_age_days(kb) >= 0 && cw_kb_age_days(kb) < 1);
	cw_assert_ok(cw_kb_info(&text, kb, CW_KB_FORMAT_TEXT, 7));
	assert_null(strstr(text, "warning"));
	free(text);
	cw_kb_free(kb);
	/* pretend the KB was built 30 days ago */
	assert_int_equal(sqlite3_open(kbp, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE meta SET value = strftime('%Y-%m-%dT%H:%M:%SZ',"
	                              " 'now', '-30 days') WHERE key = 'built_at'", NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	cw_assert_ok(cw_kb_open(&kb, kbp));
	assert_true(cw_kb_age_days(kb) > 29.9 && cw_kb_age_days(kb) < 30.1);
	cw_assert_ok(cw_kb_info(&text, kb, CW_KB_FORMAT_TEXT, 7));
	assert_non_null(strstr(text, "warning: the KB is 30 days old (more than 7)"));
	free(text);
	cw_assert_ok(cw_kb_info(&text, kb, CW_KB_FORMAT_TEXT, 0));
	assert_null(strstr(text, "warning"));
	free(text);
	cw_kb_free(kb);
	rm_rf(dir);
	free(dir);
}

static void test_kb__open_rejects_non_kb_files(void **state)
{
	cw_kb *kb = NULL;
	(void)state;
	assert_int_equal(cw_kb_open(&kb, "/nonexistent/kb.sqlite"), CW_ENOTFOUND);
	assert_int_equal(cw_kb_open(&kb, cw_test_source("tests/data/kb/epss.csv")), CW_EINVALID);
	assert_null(kb);
}

static void test_kb__default_path_follows_env_and_xdg(void **state)
{
	char *p = NULL;
	(void)state;
	setenv("CHAINWARDEN_KB", "/x/kb.sqlite", 1);
	cw_assert_ok(cw_kb_default_path(&p, NULL));
	assert_string_equal(p, "/x/kb.sqlite");
	free(p);
	cw_assert_ok(cw_kb_default_path(&p, "/explicit"));
	assert_string_equal(p, "/explicit");
	free(p);
	unsetenv("CHAINWARDEN_KB");
	setenv("XDG_DATA_HOME", "/data", 1);
	cw_assert_ok(cw_kb_default_path(&p, NULL));
	assert_string_equal(p, "/data/chainwarden/kb.sqlite");
	free(p);
	unsetenv("XDG_DATA_HOME");
	setenv("HOME", "/home/u", 1);
	cw_assert_ok(cw_kb_default_path(&p, NULL));
	assert_string_equal(p, "/home/u/.local/share/chainwarden/kb.sqlite");
	free(p);
}

/* The zip reader (src/kb/zip.c) and the stored raw forms (src/kb/raw.c). */
static void test_kb__zip_members_zip64_and_raw_forms(void **state)
{
	char *dir = tmpdir(), kbp[512], bad[512], *text = NULL, *zip;
	char *deflate = strdup(cw_test_source("tests/data/kb/zip/deflate.zip"));
	cw_kb_builder *b = NULL;
	cw_kb_build_stats stats;
	cw_kb *kb = NULL;
	size_t len = 0, zip_len = 0;
	unsigned char *cd;
	FILE *fp;
	(void)state;

	snprintf(kbp, sizeof(kbp), "%s/kb.sqlite", dir);
	cw_assert_ok(cw_kb_builder_new(&b, kbp, NULL));
	/* ZIP64 end records and extra fields */
	cw_assert_ok(cw_kb_builder_add_osv(b, cw_test_source("tests/data/kb/zip/zip64.zip")));
	/* a deflated and a stored record, a directory and a non-JSON member */
	cw_assert_ok(cw_kb_builder_add_osv(b, deflate));
	cw_assert_ok(cw_kb_builder_finish(b, &stats));
	cw_kb_builder_free(b);
	assert_int_equal(stats.added, 3);
	assert_int_equal(stats.malformed, 0);
	assert_int_equal(sql_int(kbp, "SELECT records FROM sources WHERE name = 'osv:deflate.zip'"), 2);
	/* deflated: the zip's own stream as a gzip member; stored: zstd */
	assert_int_equal(sql_int(kbp, "SELECT hex(substr(raw, 1, 2)) = '1F8B' FROM advisories"
	                              " WHERE name = 'ZIP-1'"), 1);
	assert_int_equal(sql_int(kbp, "SELECT hex(substr(raw, 1, 4)) = '28B52FFD' FROM advisories"
	                              " WHERE name = 'ZIP-2'"), 1);
	cw_assert_ok(cw_kb_open(&kb, kbp));
	cw_assert_ok(cw_kb_raw(&text, &len, kb, "ZIP-1"));
	assert_true(len > 100);
	assert_non_null(strstr(text, "\"id\":\"ZIP-1\""));
	assert_int_equal((int64_t)len, sql_int(kbp, "SELECT raw_size FROM advisories WHERE name = 'ZIP-1'"));
	free(text);
	cw_assert_ok(cw_kb_raw(&text, &len, kb, "ZIP-3"));
	assert_non_null(strstr(text, "zzzz"));
	free(text);
	cw_kb_free(kb);

	/* a wrong CRC-32 in the central directory is a broken zip, not a record */
	zip = cw_test_read_file(deflate, &zip_len);
	cd = NULL;
	for (size_t i = 0; !cd && i + 4 <= zip_len; i++)
		if (memcmp(zip + i, "PK\x01\x02", 4) == 0)
			cd = (unsigned char *)zip + i;
	assert_non_null(cd);
	cd[16] ^= 0xff;
	snprintf(bad, sizeof(bad), "%s/bad.zip", dir);
	assert_non_null(fp = fopen(bad, "wb"));
	assert_int_equal(fwrite(zip, 1, zip_len, fp), zip_len);
	fclose(fp);
	free(zip);
	cw_assert_ok(cw_kb_builder_new(&b, NULL, NULL));
	assert_int_equal(cw_kb_builder_add_osv(b, bad), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "CRC-32"));
	cw_kb_builder_free(b);
	rm_rf(dir);
	free(dir);
	free(deflate);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kb__normalize_pypi_per_pep503),
		cmocka_unit_test(test_kb__normalize_other_ecosystems),
		cmocka_unit_test(test_kb__malformed_records_are_counted_not_fatal),
		cmocka_unit_test(test_kb__incremental_build_rewrites_only_changed_records),
		cmocka_unit_test(test_kb__kev_nvd_epss_and_alias_groups),
		cmocka_unit_test(test_kb__info_warns_when_older_than_max_age),
		cmocka_unit_test(test_kb__open_rejects_non_kb_files),
		cmocka_unit_test(test_kb__default_path_follows_env_and_xdg),
		cmocka_unit_test(test_kb__zip_members_zip64_and_raw_forms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
