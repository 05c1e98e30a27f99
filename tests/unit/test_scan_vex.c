/*
 * test_scan_vex.c - VEX input (OpenVEX, CycloneDX VEX), --baseline and the
 * SARIF locations of src/match, on a KB built at test time from the shared
 * npm OSV zip.
 *
 * Facts of the data used here (from the advisories): lodash 4.17.4 has
 * x_NSWG-ECO-368 (alias CVE-2018-3721, fixed 4.17.5) and x_NSWG-ECO-493
 * (alias CVE-2018-16487, fixed 4.17.11); lodash 4.17.10 only the second;
 * bassmaster 1.5.1 has x_NSWG-ECO-1.  VEX documents are written by the
 * tests; the expected effect of each statement follows from the specs
 * (docs/scan.md "VEX"), and error positions are located in the document
 * text by the test itself.
 */
#include "cw_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "chainwarden/inventory.h"
#include "chainwarden/kb.h"
#include "chainwarden/scan.h"
#include "inventory/manual.h"

static char kb_path[256], dir[256];
static cw_kb *kb;

static const char lodash[] = "npm app 1.0.0\n  npm lodash 4.17.4\n";

static int add_npm(cw_kb_builder *b)
{
	return cw_kb_builder_add_osv(b, cw_test_shared("data/osv/npm.zip"));
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/cw_test_vexdir_XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	return cw_test_kb_build(&kb, kb_path, sizeof(kb_path), add_npm);
}

static int teardown(void **state)
{
	char cmd[300];
	(void)state;
	cw_test_kb_remove(kb, kb_path);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *write_doc(const char *name, const char *text)
{
	static char path[4][512];
	static int k;
	FILE *fp;
	char *p = path[k++ % 4];
	snprintf(p, 512, "%s/%s", dir, name);
	assert_non_null(fp = fopen(p, "w"));
	fputs(text, fp);
	fclose(fp);
	return p;
}

static cw_scan_result *scan(cw_inventory **inv, const char *list, const cw_scan_options *o)
{
	cw_scan_result *r = NULL;
	cw_assert_ok(cw_inventory_new(inv));
	cw_assert_ok(cw__inventory_add_list(*inv, "list.txt", list, strlen(list)));
	cw_assert_ok(cw_scan_run(&r, *inv, kb, o));
	return r;
}

static const cw_finding *by_id(const cw_scan_result *r, const char *id)
{
	for (size_t i = 0; i < cw_scan_finding_count(r); i++)
		if (!strcmp(cw_scan_finding(r, i)->id, id))
			return cw_scan_finding(r, i);
	fail_msg("no finding %s", id);
	return NULL;
}

/* Scan lodash 4.17.4 with the VEX files given. */
static cw_scan_result *scan_vex(cw_inventory **inv, const char *const *files, size_t n)
{
	cw_scan_options o = CW_SCAN_OPTIONS_INIT;
	o.vex_files = files;
	o.vex_file_count = n;
	return scan(inv, lodash, &o);
}

static int to_file(void *payload, const char *data, size_t len)
{
	return fwrite(data, 1, len, payload) == len ? 0 : CW_EIO;
}

static const char *write_report(const char *name, const cw_scan_result *r, cw_report_format fmt)
{
	static char path[512];
	cw_report_options ro = CW_REPORT_OPTIONS_INIT;
	FILE *fp;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(fp = fopen(path, "w"));
	ro.format = fmt;
	ro.deterministic = true;
	cw_assert_ok(cw_scan_report(r, &ro, to_file, fp));
	fclose(fp);
	return path;
}

#define OPENVEX_HEAD "{\"@context\": \"https://openvex.dev/ns/v0.2.0\", \"@id\": \"https://example.com/vex-1\",\n" \
	"\"author\": \"test\", \"timestamp\": \"2026-01-01T00:00:00Z\", \"version\": 1,\n\"statements\": [\n"

static void test_vex__openvex_suppresses_annotates_and_matches_purls(void **state)
{
	const char *files[1];
	cw_inventory *inv;
	cw_scan_result *r;
	const cw_finding *f493, *f368;
	(void)state;
	files[0] = write_doc("a.openvex.json", OPENVEX_HEAD
		/* versionless purl: every lodash version; matched through the CVE alias */
		"{\"vulnerability\": {\"name\": \"CVE-2018-16487\"}, \"products\": [{\"@id\": \"pkg:npm/lodash\"}],\n"
		" \"status\": \"not_affected\", \"justification\": \"vulnerable_code_not_in_execute_path\",\n"
		" \"impact_statement\": \"merge() is never called\"},\n"
		/* another version, and a qualifier the component does not have: no effect */
		"{\"vulnerability\": {\"name\": \"x_NSWG-ECO-368\"}, \"products\": [{\"@id\": \"pkg:npm/lodash@4.17.5\"},\n"
		" {\"@id\": \"pkg:npm/lodash@4.17.4?repository_url=example.com\"}], \"status\": \"fixed\"},\n"
		/* a subcomponent of the scanned project (the root purl): annotation only */
		"{\"vulnerability\": {\"name\": \"GHSA-none\", \"aliases\": [\"CVE-2018-3721\"]},\n"
		" \"products\": [{\"@id\": \"pkg:npm/app@1.0.0\", \"subcomponents\": [{\"identifiers\": {\"purl\": \"pkg:npm/lodash@4.17.4\"}}]}],\n"
		" \"status\": \"under_investigation\"}\n]}\n");
	r = scan_vex(&inv, files, 1);
	assert_int_equal(cw_scan_finding_count(r), 2);
	f493 = by_id(r, "x_NSWG-ECO-493");
	f368 = by_id(r, "x_NSWG-ECO-368");
	assert_true(f493->ignored);
	assert_non_null(strstr(f493->ignore_reason, "VEX not_affected"));
	assert_non_null(strstr(f493->ignore_reason, "merge() is never called"));
	assert_string_equal(f493->vex.format, "openvex");
	assert_string_equal(f493->vex.status, "not_affected");
	assert_string_equal(f493->vex.justification, "vulnerable_code_not_in_execute_path");
	assert_true(f493->vex.suppresses);
	assert_non_null(strstr(f493->vex.source, "a.openvex.json:4"));
	assert_false(f368->ignored);
	assert_string_equal(f368->vex.status, "under_investigation");
	assert_false(f368->vex.suppresses);
	assert_non_null(strstr(f368->vex.source, "a.openvex.json:9"));
	assert_true(cw_scan_fails(r, CW_FAIL_ANY)); /* 368 still counts */
	{ /* the table shows the annotation of a reported finding, not the suppressed one */
		cw_report_options ro = CW_REPORT_OPTIONS_INIT;
		char *text = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&text, &len);
		cw_assert_ok(cw_scan_report(r, &ro, to_file, fp));
		fclose(fp);
		assert_non_null(strstr(text, "x_NSWG-ECO-368"));
		assert_non_null(strstr(text, "[VEX under_investigation]"));
		assert_null(strstr(text, "x_NSWG-ECO-493"));
		free(text);
	}
	cw_scan_result_free(r);
	cw_inventory_free(inv);
}

static void test_vex__later_statement_wins_and_legacy_form(void **state)
{
	const char *files[2];
	cw_inventory *inv;
	cw_scan_result *r;
	(void)state;
	/* v0.0.x: string vulnerability and products, statement-level subcomponents */
	files[0] = write_doc("old.json", "{\"@context\": \"https://openvex.dev/ns\", \"statements\": [\n"
		"{\"vulnerability\": \"x_NSWG-ECO-368\", \"products\": [\"pkg:npm/app@1.0.0\"],\n"
		" \"subcomponents\": [\"pkg:npm/lodash\"], \"status\": \"fixed\"},\n"
		"{\"vulnerability\": \"x_NSWG-ECO-493\", \"products\": [\"pkg:npm/lodash@4.17.4\"],\n"
		" \"status\": \"not_affected\", \"justification\": \"component_not_present\"}]}\n");
	files[1] = write_doc("new.json", OPENVEX_HEAD
		"{\"vulnerability\": {\"name\": \"CVE-2018-16487\"}, \"products\": [{\"@id\": \"pkg:npm/lodash@4.17.4\"}],\n"
		" \"status\": \"affected\", \"action_statement\": \"upgrade to 4.17.11\"}\n]}\n");
	r = scan_vex(&inv, files, 1);
	assert_true(by_id(r, "x_NSWG-ECO-368")->ignored);
	assert_true(by_id(r, "x_NSWG-ECO-493")->ignored);
	assert_false(cw_scan_fails(r, CW_FAIL_ANY));
	cw_scan_result_free(r);
	cw_inventory_free(inv);
	r = scan_vex(&inv, files, 2); /* the second file says 493 is affected */
	assert_true(by_id(r, "x_NSWG-ECO-368")->ignored);
	assert_false(by_id(r, "x_NSWG-ECO-493")->ignored);
	assert_string_equal(by_id(r, "x_NSWG-ECO-493")->vex.status, "affected");
	assert_string_equal(by_id(r, "x_NSWG-ECO-493")->vex.detail, "upgrade to 4.17.11");
	cw_scan_result_free(r);
	cw_inventory_free(inv);
}

static void test_vex__ignore_file_reason_is_kept(void **state)
{
	cw_scan_options o = CW_SCAN_OPTIONS_INIT;
	const char *files[1];
	cw_inventory *inv;
	cw_scan_result *r;
	(void)state;
	files[0] = write_doc("v.json", OPENVEX_HEAD
		"{\"vulnerability\": {\"name\": \"x_NSWG-ECO-368\"}, \"products\": [\"pkg:npm/lodash\"],\n"
		" \"status\": \"not_affected\", \"justification\": \"vulnerable_code_not_present\"}]}\n");
	o.ignore_file = write_doc("ignore.yaml", "ignore:\n  - id: CVE-2018-3721\n    reason: accepted risk\n");
	o.vex_files = files;
	o.vex_file_count = 1;
	o.today = "2026-11-26";
	r = scan(&inv, lodash, &o);
	assert_true(by_id(r, "x_NSWG-ECO-368")->ignored);
	assert_string_equal(by_id(r, "x_NSWG-ECO-368")->ignore_reason, "accepted risk");
	assert_string_equal(by_id(r, "x_NSWG-ECO-368")->vex.status, "not_affected");
	cw_scan_result_free(r);
	cw_inventory_free(inv);
}

/* --format openvex read back with --vex gives the same ignored set and statuses. */
static void test_vex__openvex_report_round_trip(void **state)
{
	cw_scan_options o = CW_SCAN_OPTIONS_INIT;
	const char *files[1];
	cw_inventory *inv, *inv2;
	cw_scan_result *r, *r2;
	json_t *doc;
	(void)state;
	o.ignore_file = write_doc("rt-ignore.yaml", "ignore:\n  - id: x_NSWG-ECO-368\n    reason: test only\n");
	o.today = "2026-11-26";
	r = scan(&inv, lodash, &o);
	files[0] = write_report("rt.openvex.json", r, CW_REPORT_OPENVEX);
	assert_non_null(doc = json_load_file(files[0], 0, NULL));
	assert_string_equal(json_string_value(json_object_get(doc, "@context")), "https://openvex.dev/ns/v0.2.0");
	assert_int_equal(json_array_size(json_object_get(doc, "statements")), 2);
	json_decref(doc);
	r2 = scan_vex(&inv2, files, 1);
	assert_int_equal(cw_scan_finding_count(r2), 2);
	assert_true(by_id(r2, "x_NSWG-ECO-368")->ignored);
	assert_string_equal(by_id(r2, "x_NSWG-ECO-368")->vex.status, "not_affected");
	assert_non_null(strstr(by_id(r2, "x_NSWG-ECO-368")->ignore_reason, "test only"));
	assert_false(by_id(r2, "x_NSWG-ECO-493")->ignored);
	assert_string_equal(by_id(r2, "x_NSWG-ECO-493")->vex.status, "affected");
	assert_non_null(strstr(by_id(r2, "x_NSWG-ECO-493")->vex.detail, "Upgrade lodash to 4.17.11"));
	cw_scan_result_free(r2);
	cw_inventory_free(inv2);
	cw_scan_result_free(r);
	cw_inventory_free(inv);
}

static void test_vex__cyclonedx_refs_bomlinks_and_versions(void **state)
{
	const char *files[1];
	cw_inventory *inv;
	cw_scan_result *r;
	const cw_finding *f;
	(void)state;
	files[0] = write_doc("bom.cdx.json",
		"{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"version\": 1,\n"
		" \"components\": [{\"bom-ref\": \"lodash-ref\", \"type\": \"library\", \"name\": \"lodash\",\n"
		"   \"purl\": \"pkg:npm/lodash@4.17.4\"}],\n"
		" \"vulnerabilities\": [\n"
		"  {\"id\": \"CVE-2018-3721\", \"analysis\": {\"state\": \"false_positive\", \"detail\": \"not lodash\"},\n"
		"   \"affects\": [{\"ref\": \"lodash-ref\"}]},\n"
		"  {\"id\": \"GHSA-other\", \"references\": [{\"id\": \"CVE-2018-16487\"}],\n"
		"   \"analysis\": {\"state\": \"exploitable\", \"response\": [\"update\"]},\n"
		"   \"affects\": [{\"ref\": \"urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#pkg%3Anpm%2Flodash%404.17.4\"}]},\n"
		/* exact versions that are not the installed one; version ranges only; an unknown ref */
		"  {\"id\": \"x_NSWG-ECO-368\", \"analysis\": {\"state\": \"resolved\"},\n"
		"   \"affects\": [{\"ref\": \"pkg:npm/lodash\", \"versions\": [{\"version\": \"4.17.5\"}]},\n"
		"                {\"ref\": \"pkg:npm/lodash\", \"versions\": [{\"range\": \"vers:npm/<4.17.5\"}]},\n"
		"                {\"ref\": \"nowhere\"}]}\n"
		" ]}\n");
	r = scan_vex(&inv, files, 1);
	f = by_id(r, "x_NSWG-ECO-368");
	assert_true(f->ignored);
	assert_string_equal(f->vex.format, "cyclonedx");
	assert_string_equal(f->vex.status, "false_positive");
	assert_non_null(strstr(f->ignore_reason, "not lodash"));
	f = by_id(r, "x_NSWG-ECO-493");
	assert_false(f->ignored);
	assert_string_equal(f->vex.status, "exploitable");
	assert_string_equal(f->vex.detail, "update");
	/* the range-only entry and the unknown ref are warnings */
	assert_int_equal(cw_scan_warning_count(r), 2);
	assert_non_null(strstr(cw_scan_warning(r, 0), "ranges are not evaluated"));
	assert_non_null(strstr(cw_scan_warning(r, 1), "'nowhere'"));
	cw_scan_result_free(r);
	cw_inventory_free(inv);
}

/* Each document must fail with "file:L:C: <what>" at the position of `marker`. */
static void test_vex__malformed_documents_are_located(void **state)
{
	static const struct { const char *doc, *marker, *what; } cases[] = {
		{ OPENVEX_HEAD "{\"vulnerability\": {\"name\": \"x\"}, \"products\": [\"pkg:npm/a\"],\n \"status\": \"wontfix\"}]}",
		  "\"wontfix\"", "unknown status 'wontfix'" },
		{ OPENVEX_HEAD "{\"vulnerability\": {\"name\": \"x\"}, \"products\": [\"pkg:npm/a\"], \"status\": \"not_affected\"}]}",
		  "{\"vulnerability", "needs a 'justification' or an 'impact_statement'" },
		{ OPENVEX_HEAD "{\"vulnerability\": {\"@id\": \"x\"}, \"products\": [\"pkg:npm/a\"], \"status\": \"fixed\"}]}",
		  "{\"@id\": \"x\"}", "needs a 'name'" },
		{ OPENVEX_HEAD "{\"vulnerability\": {\"name\": \"x\"}, \"products\": [],\n \"status\": \"fixed\"}]}",
		  "[]", "non-empty 'products'" },
		{ OPENVEX_HEAD "{\"vulnerability\": {\"name\": \"x\"}, \"products\": [{\"@id\": \"pkg:npm/%zz\"}], \"status\": \"fixed\"}]}",
		  "{\"@id\": \"pkg:npm/%zz", "purl" },
		{ OPENVEX_HEAD "{\"vulnerability\": {\"name\": \"x\"}, \"products\": [\"pkg:npm/a\"], \"status\": \"fixed\",\n"
		  " \"justification\": \"because\"}]}", "\"because\"", "unknown justification 'because'" },
		{ "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.3\"}", "\"1.3\"", "specVersion" },
		{ "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.5\", \"vulnerabilities\": [\n"
		  " {\"id\": \"CVE-1\", \"analysis\": {\"state\": \"maybe\"}, \"affects\": [{\"ref\": \"pkg:npm/a\"}]}]}",
		  "\"maybe\"", "unknown analysis state 'maybe'" },
		{ "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.5\", \"vulnerabilities\": [\n"
		  " {\"id\": \"CVE-1\", \"analysis\": {\"state\": \"not_affected\"}, \"affects\": [{\"reff\": \"pkg:npm/a\"}]}]}",
		  "{\"reff\"", "'ref'" },
		{ "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.5\", \"vulnerabilities\": [\n"
		  " {\"analysis\": {\"state\": \"not_affected\"}, \"affects\": []}]}", "{\"analysis", "needs an 'id'" },
		{ "{\"statements\": []}", "{\"statements", "not a VEX document" },
		{ "[]", "[]", "expected a JSON object" },
		{ OPENVEX_HEAD "{\"vulnerability\": {\"name\": \"x\"},,", ",,", "" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *files[1], *at = strstr(cases[i].doc, cases[i].marker);
		cw_inventory *inv;
		cw_scan_result *r = NULL;
		cw_scan_options o = CW_SCAN_OPTIONS_INIT;
		size_t line = 1, col = 1;
		char want[600];
		assert_non_null(at);
		for (const char *p = cases[i].doc; p < at; p++, col++)
			if (*p == '\n')
				line++, col = 0;
		if (cases[i].marker[0] == ',')
			col++; /* the second comma is the error */
		files[0] = write_doc("bad.json", cases[i].doc);
		o.vex_files = files;
		o.vex_file_count = 1;
		cw_assert_ok(cw_inventory_new(&inv));
		cw_assert_ok(cw__inventory_add_list(inv, "l", lodash, strlen(lodash)));
		assert_int_equal(cw_scan_run(&r, inv, kb, &o), CW_EINVALID);
		assert_null(r);
		snprintf(want, sizeof(want), "%s:%zu:%zu: ", files[0], line, col);
		if (!strstr(cw_error_last()->message, want) || !strstr(cw_error_last()->message, cases[i].what))
			fail_msg("case %zu: '%s' lacks '%s' or '%s'", i, cw_error_last()->message, want, cases[i].what);
		cw_inventory_free(inv);
	}
}



static const char newer[] = "npm app 1.0.0\n  npm lodash 4.17.10\n  npm bassmaster 1.5.1\n";

static void check_baseline(const char *baseline)
{
	cw_scan_options o = CW_SCAN_OPTIONS_INIT;
	cw_inventory *inv;
	cw_scan_result *r;
	o.baseline_file = baseline;
	r = scan(&inv, newer, &o);
	/* 493 (lodash, any version) is in the baseline; 368 was fixed by the upgrade */
	assert_int_equal(cw_scan_finding_count(r), 1);
	assert_string_equal(cw_scan_finding(r, 0)->id, "x_NSWG-ECO-1");
	assert_int_equal(cw_scan_baseline_unchanged(r), 1);
	assert_int_equal(cw_scan_baseline_fixed_count(r), 1);
	assert_string_equal(cw_scan_baseline_fixed(r, 0), "x_NSWG-ECO-368|pkg:npm/lodash");
	assert_true(cw_scan_fails(r, CW_FAIL_ANY));
	cw_scan_result_free(r);
	cw_inventory_free(inv);
}

static void test_baseline__report_vdr_and_sbom(void **state)
{
	cw_inventory *inv;
	cw_scan_result *r;
	char *text, *p;
	size_t len;
	(void)state;
	r = scan(&inv, lodash, NULL);
	assert_int_equal(cw_scan_finding_count(r), 2);
	check_baseline(write_report("old.json", r, CW_REPORT_JSON));
	check_baseline(write_report("old.cdx.json", r, CW_REPORT_CYCLONEDX));
	cw_scan_result_free(r);
	{ /* an SBOM without vulnerabilities is scanned now */
		cw_sbom_options so = CW_SBOM_OPTIONS_INIT;
		char path[512];
		FILE *fp;
		snprintf(path, sizeof(path), "%s/old.sbom.json", dir);
		assert_non_null(fp = fopen(path, "w"));
		cw_assert_ok(cw_sbom_write(inv, &so, to_file, fp));
		fclose(fp);
		check_baseline(path);
	}
	cw_inventory_free(inv);

	/* the key is any id: a baseline naming 493 by its CVE still covers it */
	text = cw_test_read_file(write_report("old2.json", (r = scan(&inv, lodash, NULL)), CW_REPORT_JSON), &len);
	cw_scan_result_free(r);
	cw_inventory_free(inv);
	assert_non_null(p = strstr(text, "\"id\": \"x_NSWG-ECO-493\""));
	memcpy(p + 7, "CVE-2018-16487", 14); /* same length */
	{
		const char *alias_only = write_doc("alias.json", text);
		cw_scan_options o = CW_SCAN_OPTIONS_INIT;
		free(text);
		text = NULL;
		o.baseline_file = alias_only;
		r = scan(&inv, "npm app 1.0.0\n  npm lodash 4.17.10\n", &o);
		assert_int_equal(cw_scan_finding_count(r), 0);
		assert_int_equal(cw_scan_baseline_unchanged(r), 1);
		assert_false(cw_scan_fails(r, CW_FAIL_ANY));
		cw_scan_result_free(r);
		cw_inventory_free(inv);
	}
	free(text);
	{ /* a report finding without an id: located error */
		const char *bad = write_doc("badbase.json", "{\"schema\": \"chainwarden-scan/1\", \"findings\": [\n  {\"package\": {}}]}");
		cw_scan_options o = CW_SCAN_OPTIONS_INIT;
		o.baseline_file = bad;
		cw_assert_ok(cw_inventory_new(&inv));
		cw_assert_ok(cw__inventory_add_list(inv, "l", lodash, strlen(lodash)));
		assert_int_equal(cw_scan_run(&r, inv, kb, &o), CW_EINVALID);
		assert_non_null(strstr(cw_error_last()->message, "badbase.json:2:3: "));
		cw_inventory_free(inv);
	}
}

static void test_sarif__locations_relative_to_the_target(void **state)
{
	char proj[600], lock[700], *root;
	const char *lockfile = "{\"name\":\"app\",\"version\":\"1.0.0\",\"lockfileVersion\":3,\"packages\":{"
	                       "\"\":{\"name\":\"app\",\"version\":\"1.0.0\",\"dependencies\":{\"lodash\":\"4.17.4\"}},"
	                       "\"node_modules/lodash\":{\"version\":\"4.17.4\"}}}";
	cw_inventory *inv;
	cw_scan_result *r = NULL;
	(void)state;
	snprintf(proj, sizeof(proj), "%s/my app", dir); /* a space: percent-encoded */
	snprintf(lock, sizeof(lock), "%s/package-lock.json", proj);
	assert_int_equal(mkdir(proj, 0700), 0);
	{
		FILE *fp = fopen(lock, "w");
		assert_non_null(fp);
		fputs(lockfile, fp);
		fclose(fp);
	}
	assert_non_null(root = realpath(proj, NULL));
	cw_assert_ok(cw_inventory_new(&inv));
	cw_assert_ok(cw_inventory_scan_path(inv, proj, NULL));
	cw_assert_ok(cw_scan_run(&r, inv, kb, NULL));
	assert_int_equal(cw_scan_finding_count(r), 2);
	for (int with_root = 0; with_root < 2; with_root++) {
		cw_report_options ro = CW_REPORT_OPTIONS_INIT;
		char *text = NULL, want[800];
		size_t len = 0;
		FILE *fp = open_memstream(&text, &len);
		json_t *doc, *run, *loc;
		ro.format = CW_REPORT_SARIF;
		ro.source_root = with_root ? proj : NULL;
		cw_assert_ok(cw_scan_report(r, &ro, to_file, fp));
		fclose(fp);
		assert_non_null(doc = json_loads(text, 0, NULL));
		run = json_array_get(json_object_get(doc, "runs"), 0);
		loc = json_object_get(json_object_get(json_array_get(json_object_get(json_array_get(
			json_object_get(run, "results"), 0), "locations"), 0), "physicalLocation"), "artifactLocation");
		if (with_root) {
			assert_string_equal(json_string_value(json_object_get(loc, "uri")), "package-lock.json");
			assert_string_equal(json_string_value(json_object_get(loc, "uriBaseId")), "%SRCROOT%");
			snprintf(want, sizeof(want), "file://%s/", root);
			for (char *s = strstr(want, " "); s; s = strstr(s, " ")) { /* the space, encoded */
				memmove(s + 3, s + 1, strlen(s));
				memcpy(s, "%20", 3);
			}
			assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(
				run, "originalUriBaseIds"), "%SRCROOT%"), "uri")), want);
		} else {
			assert_null(json_object_get(loc, "uriBaseId"));
			assert_true(!strncmp(json_string_value(json_object_get(loc, "uri")), "file:///", 8));
			assert_non_null(strstr(json_string_value(json_object_get(loc, "uri")), "my%20app/package-lock.json"));
		}
		json_decref(doc);
		free(text);
	}
	free(root);
	cw_scan_result_free(r);
	cw_inventory_free(inv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vex__openvex_suppresses_annotates_and_matches_purls),
		cmocka_unit_test(test_vex__later_statement_wins_and_legacy_form),
		cmocka_unit_test(test_vex__ignore_file_reason_is_kept),
		cmocka_unit_test(test_vex__cyclonedx_refs_bomlinks_and_versions),
		cmocka_unit_test(test_vex__openvex_report_round_trip),
		cmocka_unit_test(test_vex__malformed_documents_are_located),
		cmocka_unit_test(test_baseline__report_vdr_and_sbom),
		cmocka_unit_test(test_sarif__locations_relative_to_the_target),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
