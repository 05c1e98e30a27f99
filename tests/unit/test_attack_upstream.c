/*
 * test_attack_upstream.c - the upstream-attack readers of src/attack and
 * their use by the scan (src/match/upstream.c):
 *
 *  - lockfile / manifest drift for npm and Cargo, on hand-written files
 *    (tests/data/attack/drift-*) and small inline cases; the expected
 *    verdicts were worked out by hand from npm's and Cargo's range rules
 *    (npm: a prerelease only satisfies a range naming the same
 *    MAJOR.MINOR.PATCH; Cargo: "1.0.190" means ^1.0.190);
 *  - ISO 8601 times and packument publish times, with the seconds counted
 *    by hand from the epoch;
 *  - install-time code of unpacked packages (tests/data/attack/scripts);
 *  - OSV MAL- records (tests/data/mal/osv): a KB built from them, a scan of
 *    tests/data/mal/project, every finding of kind malicious and critical;
 *  - cw_scan_upstream() on the fixtures: exact (signal, package) sets.
 */
#include "cw_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chainwarden/attack.h"
#include "chainwarden/inventory.h"
#include "chainwarden/kb.h"
#include "chainwarden/scan.h"

/* A source path that outlives the next call (cw_test_source has one buffer). */
static const char *src(const char *rel)
{
	static char bufs[8][4096];
	static unsigned k;
	char *b = bufs[k++ % 8];
	snprintf(b, sizeof(bufs[0]), "%s", cw_test_source(rel));
	return b;
}

/* ---- drift --------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The drift list as sorted "kind name declared locked" lines, one string. */
static char *drift_lines(const cw_drift_list *l)
{
	size_t n = cw_drift_count(l), len = 0;
	char **lines = calloc(n + 1, sizeof(char *)), *out;
	for (size_t i = 0; i < n; i++) {
		const cw_drift *d = cw_drift_at(l, i);
		char buf[512];
		snprintf(buf, sizeof(buf), "%s %s %s %s", cw_drift_kind_name(d->kind), d->name,
		         d->declared ? d->declared : "-", d->locked ? d->locked : "-");
		lines[i] = strdup(buf);
		len += strlen(buf) + 1;
	}
	qsort(lines, n, sizeof(char *), cmp_str);
	out = calloc(len + 1, 1);
	for (size_t i = 0; i < n; i++) {
		strcat(out, lines[i]);
		strcat(out, "\n");
		free(lines[i]);
	}
	free(lines);
	return out;
}

static void assert_drift(const cw_drift_list *l, const char *expected)
{
	char *got = drift_lines(l);
	assert_string_equal(got, expected);
	free(got);
}

static void test_attack_upstream__npm_drift_fixture(void **state)
{
	cw_drift_list *l = NULL;
	(void)state;
	cw_assert_ok(cw_drift_check(&l, src("tests/data/attack/drift-npm/package.json"),
	                            src("tests/data/attack/drift-npm/package-lock.json")));
	/* express ^4.18.0 / 4.18.2, ranged, mocha ~10.2.0 / 10.2.5, typescript "latest",
	 * fsevents, the github: fork and the peer react are all fine */
	assert_drift(l, "not-declared event-stream - 3.3.6\n"
	                "not-locked left-pad 1.3.0 -\n"
	                "version-mismatch chalk npm:chalk@^5.0.0 4.1.2\n"
	                "version-mismatch lodash ^4.17.21 4.17.20\n"
	                "version-mismatch semver-thing ^1.2.0 1.3.0-beta.1\n");
	for (size_t i = 0; i < cw_drift_count(l); i++) {
		const cw_drift *d = cw_drift_at(l, i);
		assert_string_equal(d->ecosystem, "npm");
		if (!strcmp(d->name, "left-pad"))
			assert_int_equal(d->manifest_line, 7); /* "left-pad": "1.3.0" */
		if (!strcmp(d->name, "lodash"))
			assert_int_equal(d->lockfile_line, 32); /* "node_modules/lodash": { */
	}
	cw_drift_list_free(l);
}

static void test_attack_upstream__cargo_drift_fixture(void **state)
{
	cw_drift_list *l = NULL;
	(void)state;
	cw_assert_ok(cw_drift_check(&l, src("tests/data/attack/drift-cargo/Cargo.toml"),
	                            src("tests/data/attack/drift-cargo/Cargo.lock")));
	/* log 0.4 / 0.4.20, serde_json renamed my-json, the path dependency and cc are fine */
	assert_drift(l, "not-declared once_cell - -\n"
	                "not-locked rand 0.8.5 -\n"
	                "version-mismatch libc 0.2.150 0.2.149\n"
	                "version-mismatch serde 1.0.190 1.0.188\n"
	                "version-mismatch tempfile =3.8.0 3.8.1\n");
	cw_drift_list_free(l);
}

static void test_attack_upstream__pipenv_drift_fixture(void **state)
{
	cw_drift_list *l = NULL;
	(void)state;
	cw_assert_ok(cw_drift_check(&l, src("tests/data/attack/drift-pipenv/Pipfile"),
	                            src("tests/data/attack/drift-pipenv/Pipfile.lock")));
	/* requests "*", django ~=4.2.0 / 4.2.7, pytest ==7.4.3 and the path dependency are fine;
	 * Flask and zope.interface are locked under their PEP 503 names */
	assert_drift(l, "not-locked numpy >=1.26 -\n"
	                "version-mismatch Flask >=2.3 2.2.5\n"
	                "version-mismatch black <23 23.11.0\n"
	                "version-mismatch zope.interface ==6.1 6.0\n");
	for (size_t i = 0; i < cw_drift_count(l); i++)
		if (!strcmp(cw_drift_at(l, i)->name, "black"))
			assert_int_equal(cw_drift_at(l, i)->lockfile_line, 67); /* "black": { */
	cw_drift_list_free(l);
}

static void test_attack_upstream__npm_drift_lockfile_v1_and_workspace_link(void **state)
{
	static const char manifest[] = "{\"dependencies\":{\"a\":\"1.x\",\"b\":\"^2.0.0\",\"ws\":\"^1.0.0\"}}";
	static const char v1[] = "{\"lockfileVersion\":1,\"dependencies\":{\"a\":{\"version\":\"1.5.0\"},"
	                         "\"b\":{\"version\":\"3.0.0\"},\"ws\":{\"version\":\"1.1.0\"}}}";
	static const char v3[] = "{\"lockfileVersion\":3,\"packages\":{\"\":{},"
	                         "\"node_modules/a\":{\"version\":\"2.0.0\"},"
	                         "\"node_modules/b\":{\"version\":\"2.9.9\"},"
	                         "\"node_modules/ws\":{\"resolved\":\"packages/ws\",\"link\":true},"
	                         "\"packages/ws\":{\"version\":\"0.9.0\"}}}";
	cw_drift_list *l = NULL;
	(void)state;
	cw_assert_ok(cw_drift_check_data(&l, "package.json", manifest, strlen(manifest),
	                                 "npm-shrinkwrap.json", v1, strlen(v1)));
	assert_drift(l, "version-mismatch b ^2.0.0 3.0.0\n");
	cw_drift_list_free(l);
	/* the link's target holds the workspace's version */
	cw_assert_ok(cw_drift_check_data(&l, "dir/package.json", manifest, strlen(manifest),
	                                 "dir/package-lock.json", v3, strlen(v3)));
	assert_drift(l, "version-mismatch a 1.x 2.0.0\nversion-mismatch ws ^1.0.0 0.9.0\n");
	assert_string_equal(cw_drift_at(l, 0)->manifest, "dir/package.json");
	assert_string_equal(cw_drift_at(l, 0)->lockfile, "dir/package-lock.json");
	cw_drift_list_free(l);
}

static void test_attack_upstream__drift_bad_input_is_an_error(void **state)
{
	cw_drift_list *l = NULL;
	(void)state;
	assert_int_equal(cw_drift_check_data(&l, "package.json", "{\"a\":", 5, "package-lock.json", "{}", 2),
	                 CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "package.json:1:"));
	assert_null(l);
	assert_int_equal(cw_drift_check_data(&l, "Cargo.toml", "[dependencies]\nx = \"1\"\n", 23,
	                                     "Cargo.lock", "[[package]\n", 11), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "Cargo.lock:1"));
	assert_int_equal(cw_drift_check_data(&l, "package.json", "{}", 2, "Cargo.lock", "", 0), CW_EUNSUPPORTED);
	assert_int_equal(cw_drift_check_data(&l, "package.json", "[]", 2, "package-lock.json", "{}", 2),
	                 CW_EINVALID);
	assert_int_equal(cw_drift_check(&l, "/nonexistent/package.json", "/nonexistent/package-lock.json"),
	                 CW_ENOTFOUND);
}

/* ---- times and packuments ------------------------------------------------ */

static void test_attack_upstream__iso8601(void **state)
{
	int64_t t;
	(void)state;
	cw_assert_ok(cw_iso8601_parse(&t, "1970-01-01T00:00:00Z", 20));
	assert_int_equal(t, 0);
	/* 2000-03-01: 30 years = 10957 days (7 leap years + 2000's Jan and Feb = 60 days) */
	cw_assert_ok(cw_iso8601_parse(&t, "2000-03-01T00:00:00.5Z", 22));
	assert_int_equal(t, (10957 + 60) * 86400LL);
	/* 2026-11-26T00:00:00Z: 20783 days after the epoch */
	cw_assert_ok(cw_iso8601_parse(&t, "2026-11-26T00:00:00.000Z", 24));
	assert_int_equal(t, 20783 * 86400LL);
	cw_assert_ok(cw_iso8601_parse(&t, "2026-11-26T02:00:00+02:00", 25));
	assert_int_equal(t, 20783 * 86400LL);
	cw_assert_ok(cw_iso8601_parse(&t, "2026-11-25T23:30:00-00:30", 25));
	assert_int_equal(t, 20783 * 86400LL);
	cw_assert_ok(cw_iso8601_parse(&t, "2024-02-29T00:00:00Z", 20));
	static const char *const bad[] = {
		"2023-02-29T00:00:00Z", "2026-11-26", "2026-11-26T00:00:00", "2026-13-01T00:00:00Z",
		"2026-11-26T24:00:00Z", "2026-11-26T00:00:00.Z", "2026-11-26T00:00:00Zx",
		"2026-11-26T00:00:00+0200", "x026-11-26T00:00:00Z", "2026-04-31T00:00:00Z",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (cw_iso8601_parse(&t, bad[i], strlen(bad[i])) != CW_EINVALID)
			fail_msg("'%s' was accepted", bad[i]);
}

static void test_attack_upstream__packument_publish_time(void **state)
{
	static const char doc[] = "{\"name\":\"x\",\"time\":{\"created\":\"2020-01-01T00:00:00.000Z\","
	                          "\"1.0.0\":\"1970-01-02T00:00:01.000Z\",\"2.0.0\":7,\"3.0.0\":\"yesterday\"}}";
	int64_t t;
	(void)state;
	cw_assert_ok(cw_packument_publish_time(&t, doc, strlen(doc), "x", "1.0.0"));
	assert_int_equal(t, 86401);
	assert_int_equal(cw_packument_publish_time(&t, doc, strlen(doc), "x", "1.0.1"), CW_ENOTFOUND);
	assert_int_equal(cw_packument_publish_time(&t, doc, strlen(doc), "x", "2.0.0"), CW_EINVALID);
	assert_int_equal(cw_packument_publish_time(&t, doc, strlen(doc), "x", "3.0.0"), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "version 3.0.0"));
	assert_int_equal(cw_packument_publish_time(&t, "{\"time\":[]}", 11, "x", "1.0.0"), CW_EINVALID);
	assert_int_equal(cw_packument_publish_time(&t, "{\"time\":{}", 10, "x.json", "1.0.0"), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "x.json:1:"));
	/* a packument without a time map lists no version */
	assert_int_equal(cw_packument_publish_time(&t, "{}", 2, "x", "1.0.0"), CW_ENOTFOUND);
}

/* ---- install scripts ------------------------------------------------------ */

static void test_attack_upstream__install_scripts(void **state)
{
	char *text = NULL;
	const char *source = NULL;
	(void)state;
	cw_assert_ok(cw_install_scripts_read(&text, &source,
	                                     src("tests/data/attack/scripts/node_modules/cw-test-ua-style")));
	assert_string_equal(text, "preinstall: node setup-helper.js && sh ./fetch-tool.sh\n");
	assert_string_equal(source, "package.json");
	free(text);
	cw_assert_ok(cw_install_scripts_read(&text, &source,
	                                     src("tests/data/attack/scripts/node_modules/cw-test-native")));
	assert_string_equal(text, "install: node-gyp rebuild (implicit: binding.gyp)\n");
	free(text);
	/* only test/postpublish scripts: nothing runs at install */
	cw_assert_ok(cw_install_scripts_read(&text, &source,
	                                     src("tests/data/attack/scripts/node_modules/cw-test-quiet")));
	assert_null(text);
	cw_assert_ok(cw_install_scripts_read(&text, &source,
	                                     src("tests/data/attack/scripts/sdists/cw_test_pysetup-1.0.0")));
	assert_string_equal(source, "setup.py");
	assert_non_null(strstr(text, "setup.py:\n# hand-written test sdist"));
	assert_non_null(strstr(text, "os.system(\"echo installing\")\n"));
	free(text);
	assert_int_equal(cw_install_scripts_read(&text, &source, src("tests/data/attack")),
	                 CW_ENOTFOUND);
}

/* ---- scan: MAL records and upstream findings ----------------------------- */

static char kb_path[256];
static cw_kb *kb;

static int add_mal_records(cw_kb_builder *b)
{
	return cw_kb_builder_add_osv(b, src("tests/data/mal/osv"));
}

static int setup(void **state)
{
	(void)state;
	return cw_test_kb_build(&kb, kb_path, sizeof(kb_path), add_mal_records);
}

static int teardown(void **state)
{
	(void)state;
	cw_test_kb_remove(kb, kb_path);
	return 0;
}

static cw_scan_result *scan_dir(cw_inventory **inv, const char *dir, bool upstream,
                                const cw_upstream_options *uo)
{
	cw_scan_result *r = NULL;
	cw_assert_ok(cw_inventory_new(inv));
	cw_assert_ok(cw_inventory_scan_path(*inv, src(dir), NULL));
	cw_assert_ok(cw_scan_run(&r, *inv, kb, NULL));
	if (upstream)
		cw_assert_ok(cw_scan_upstream(r, uo));
	return r;
}

static void test_attack_upstream__mal_records_are_malicious_findings(void **state)
{
	/* id, name, version: derived from the records by hand (101: every version, also
	 * the unparseable "build-7"; 102: listed 1.0.1 and 1.0.2 only; 103: PyPI, every
	 * version; 104: withdrawn; 105: 2.3.0 to last_affected 2.3.2) */
	static const char *const expected[][3] = {
		{ "MAL-2000-101", "cw-test-evil-loader", "3.2.1" },
		{ "MAL-2000-101", "cw-test-evil-loader", "build-7" },
		{ "MAL-2000-102", "cw-test-colourful-log", "1.0.2" },
		{ "MAL-2000-103", "cw-test-pyevil", "0.0.1" },
		{ "MAL-2000-105", "cw-test-hijacked", "2.3.2" },
	};
	cw_inventory *inv = NULL;
	cw_scan_result *r = scan_dir(&inv, "tests/data/mal/project", false, NULL);
	size_t n = cw_scan_finding_count(r), mal = 0;
	bool seen[5] = { false };
	(void)state;
	assert_int_equal(n, 6);
	for (size_t i = 0; i < n; i++) {
		const cw_finding *f = cw_scan_finding(r, i);
		if (!strcmp(f->id, "GHSA-cwcw-0000-0900")) {
			assert_int_equal(f->kind, CW_FINDING_VULNERABILITY);
			assert_int_equal(f->severity, CW_SEVERITY_MEDIUM);
			assert_string_equal(f->package->version, "1.2.0");
			assert_int_equal(f->priority, 6); /* after every malicious finding */
			continue;
		}
		mal++;
		assert_int_equal(f->kind, CW_FINDING_MALICIOUS);
		assert_int_equal(f->severity, CW_SEVERITY_CRITICAL);
		assert_true(f->priority <= 5);
		for (size_t k = 0; k < 5; k++)
			if (!strcmp(f->id, expected[k][0]) && !strcmp(f->package->name, expected[k][1]) &&
			    !strcmp(f->package->version, expected[k][2]))
				seen[k] = true;
		if (!strcmp(f->id, "MAL-2000-102")) {
			assert_int_equal(f->alias_count, 1);
			assert_string_equal(f->aliases[0], "GHSA-cwcw-0000-0102");
		}
	}
	assert_int_equal(mal, 5);
	for (size_t k = 0; k < 5; k++)
		if (!seen[k])
			fail_msg("no finding %s for %s@%s", expected[k][0], expected[k][1], expected[k][2]);
	assert_string_equal(cw_finding_kind_name(CW_FINDING_MALICIOUS), "malicious");
	cw_scan_result_free(r);
	cw_inventory_free(inv);
}

/* "signal name@version" lines of the upstream findings, sorted. */
static char *upstream_lines(const cw_scan_result *r)
{
	size_t n = cw_scan_upstream_count(r), len = 1;
	char **lines = calloc(n + 1, sizeof(char *)), *out;
	for (size_t i = 0; i < n; i++) {
		const cw_upstream_finding *u = cw_scan_upstream_at(r, i);
		char buf[600];
		snprintf(buf, sizeof(buf), "%s %s %s@%s%s", cw_finding_kind_name(u->kind), u->signal, u->name,
		         u->version ? u->version : "-", u->script ? " +script" : "");
		lines[i] = strdup(buf);
		len += strlen(buf) + 1;
	}
	qsort(lines, n, sizeof(char *), cmp_str);
	out = calloc(len, 1);
	for (size_t i = 0; i < n; i++) {
		strcat(out, lines[i]);
		strcat(out, "\n");
		free(lines[i]);
	}
	free(lines);
	return out;
}

static void test_attack_upstream__scan_confusion_lockfile(void **state)
{
	const char *hosts[] = { "npm-registry.example" }, *internal[] = { "@acme/*" };
	const char *ihosts[] = { "npm.acme.internal" };
	const char *popular[] = { cw_test_shared("data/popular/npm-high-impact.txt") };
	cw_upstream_options uo = CW_UPSTREAM_OPTIONS_INIT;
	cw_inventory *inv = NULL;
	cw_scan_result *r;
	char *got;
	(void)state;
	uo.allowed_hosts = hosts;
	uo.allowed_host_count = 1;
	uo.internal_patterns = internal;
	uo.internal_pattern_count = 1;
	uo.internal_hosts = ihosts;
	uo.internal_host_count = 1;
	uo.popular_files = popular;
	uo.popular_file_count = 1;
	r = scan_dir(&inv, "tests/data/attack/confusion", true, &uo);
	got = upstream_lines(r);
	assert_string_equal(got, "malicious dependency-confusion @acme/auth-client@99.0.1\n"
	                         "suspicious install-script lodahs@4.17.21\n"
	                         "suspicious no-integrity left-pad@1.3.0\n"
	                         "suspicious no-integrity tiny-util@0.1.0\n"
	                         "suspicious non-registry-source left-pad@1.3.0\n"
	                         "suspicious typosquat lodahs@4.17.21\n"
	                         "suspicious unlisted-host tiny-util@0.1.0\n");
	assert_int_equal(cw_scan_upstream_at(r, 0)->kind, CW_FINDING_MALICIOUS); /* malicious first */
	assert_true(cw_scan_upstream_fails(r, CW_FAIL_CRITICAL));
	free(got);
	cw_scan_result_free(r);
	cw_inventory_free(inv);
}

static void test_attack_upstream__scan_scripts_and_fresh_versions(void **state)
{
	const char *dirs[] = { src("tests/data/attack/scripts/sdists") };
	cw_upstream_options uo = CW_UPSTREAM_OPTIONS_INIT;
	cw_inventory *inv = NULL;
	cw_scan_result *r;
	char *got;
	(void)state;
	uo.package_dirs = dirs;
	uo.package_dir_count = 1;
	r = scan_dir(&inv, "tests/data/attack/scripts", true, &uo);
	got = upstream_lines(r);
	/* cw-test-gone is flagged by the lockfile but not unpacked: no script text */
	assert_string_equal(got, "suspicious install-script cw-test-gone@2.0.0\n"
	                         "suspicious install-script cw-test-native@1.0.0 +script\n"
	                         "suspicious install-script cw-test-pysetup@1.0.0 +script\n"
	                         "suspicious install-script cw-test-ua-style@0.7.29 +script\n"
	                         "suspicious no-integrity cw-test-pysetup@1.0.0\n");
	assert_false(cw_scan_upstream_fails(r, CW_FAIL_HIGH));
	assert_true(cw_scan_upstream_fails(r, CW_FAIL_LOW));
	free(got);
	cw_scan_result_free(r);
	cw_inventory_free(inv);

	/* now = 2026-11-26T00:00:00Z; a: 6 days old, b: 25, c: 0.5, d: unpublished,
	 * e: no packument, f: exactly 7 days (not fresh), g: 6 days 22.5 hours */
	uo = (cw_upstream_options)CW_UPSTREAM_OPTIONS_INIT;
	uo.registry_metadata = src("tests/data/attack/fresh/packuments");
	uo.now = 20783 * 86400LL;
	r = scan_dir(&inv, "tests/data/attack/fresh", true, &uo);
	got = upstream_lines(r);
	assert_string_equal(got, "suspicious fresh-version @cw-scope/fresh-c@3.1.0\n"
	                         "suspicious fresh-version cw-fresh-a@1.0.0\n"
	                         "suspicious fresh-version cw-fresh-g@1.0.0\n"
	                         "suspicious unpublished-version cw-fresh-d@0.9.0\n");
	assert_int_equal(cw_scan_warning_count(r), 1);
	assert_non_null(strstr(cw_scan_warning(r, 0), "no packument for 1 package (first: cw-fresh-e)"));
	free(got);
	cw_scan_result_free(r);
	cw_inventory_free(inv);

	/* one more day of quarantine takes in f (7 days) but not b (25) */
	uo.fresh_days = 8;
	r = scan_dir(&inv, "tests/data/attack/fresh", true, &uo);
	got = upstream_lines(r);
	assert_string_equal(got, "suspicious fresh-version @cw-scope/fresh-c@3.1.0\n"
	                         "suspicious fresh-version cw-fresh-a@1.0.0\n"
	                         "suspicious fresh-version cw-fresh-f@1.0.0\n"
	                         "suspicious fresh-version cw-fresh-g@1.0.0\n"
	                         "suspicious unpublished-version cw-fresh-d@0.9.0\n");
	free(got);
	cw_scan_result_free(r);
	cw_inventory_free(inv);
}

static void test_attack_upstream__config_file_and_ignore(void **state)
{
	char dir[] = "/tmp/cw_test_upcfg_XXXXXX", path[512];
	cw_upstream_options uo = CW_UPSTREAM_OPTIONS_INIT;
	cw_inventory *inv = NULL;
	cw_scan_result *r;
	FILE *fp;
	char *got;
	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/cw.yaml", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fprintf(fp, "upstream:\n  allowed_hosts: [npm-registry.example]\n  internal: ['@acme/*']\n"
	            "  internal_hosts: npm.acme.internal\n  popular: [%s]\n  drift: false\n"
	            "ignore:\n  - id: no-integrity\n    package: left-pad\n    reason: vendored\n"
	            "  - id: INSTALL-SCRIPT\n    reason: reviewed\n  - id: unlisted-host\n"
	            "    reason: old\n    expires: 2001-01-01\n",
	        cw_test_shared("data/popular/npm-high-impact.txt"));
	fclose(fp);
	uo.config_file = path;
	r = scan_dir(&inv, "tests/data/attack/confusion", true, &uo);
	got = upstream_lines(r);
	assert_string_equal(got, "malicious dependency-confusion @acme/auth-client@99.0.1\n"
	                         "suspicious install-script lodahs@4.17.21\n"
	                         "suspicious no-integrity left-pad@1.3.0\n"
	                         "suspicious no-integrity tiny-util@0.1.0\n"
	                         "suspicious non-registry-source left-pad@1.3.0\n"
	                         "suspicious typosquat lodahs@4.17.21\n"
	                         "suspicious unlisted-host tiny-util@0.1.0\n");
	for (size_t i = 0; i < cw_scan_upstream_count(r); i++) {
		const cw_upstream_finding *u = cw_scan_upstream_at(r, i);
		bool want = !strcmp(u->signal, "install-script") ||
		            (!strcmp(u->signal, "no-integrity") && !strcmp(u->name, "left-pad"));
		assert_int_equal(u->ignored, want);
	}
	free(got);
	cw_scan_result_free(r);
	cw_inventory_free(inv);

	fp = fopen(path, "w");
	fprintf(fp, "upstream:\n  fresh_days: soon\n");
	fclose(fp);
	assert_int_equal(cw_inventory_new(&inv), 0);
	cw_assert_ok(cw_inventory_scan_path(inv, src("tests/data/attack/confusion"), NULL));
	cw_assert_ok(cw_scan_run(&r, inv, kb, NULL));
	assert_int_equal(cw_scan_upstream(r, &uo), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "cw.yaml:2:"));
	cw_scan_result_free(r);
	cw_inventory_free(inv);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_attack_upstream__npm_drift_fixture),
		cmocka_unit_test(test_attack_upstream__cargo_drift_fixture),
		cmocka_unit_test(test_attack_upstream__pipenv_drift_fixture),
		cmocka_unit_test(test_attack_upstream__npm_drift_lockfile_v1_and_workspace_link),
		cmocka_unit_test(test_attack_upstream__drift_bad_input_is_an_error),
		cmocka_unit_test(test_attack_upstream__iso8601),
		cmocka_unit_test(test_attack_upstream__packument_publish_time),
		cmocka_unit_test(test_attack_upstream__install_scripts),
		cmocka_unit_test(test_attack_upstream__mal_records_are_malicious_findings),
		cmocka_unit_test(test_attack_upstream__scan_confusion_lockfile),
		cmocka_unit_test(test_attack_upstream__scan_scripts_and_fresh_versions),
		cmocka_unit_test(test_attack_upstream__config_file_and_ignore),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
