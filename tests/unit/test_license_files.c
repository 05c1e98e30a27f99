/*
 * test_license_files.c - license files in a tree: names, the package
 * metadata beside them, identification, attachment to inventory
 * components, mismatch findings, copyright notices (license files and
 * Debian copyright files).  Trees are built in a temporary folder from the
 * SPDX texts of the shared test data (no license text is in the repository).
 */
#include "cw_test.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "license/files.h"
#include "inventory/inventory.h"
#include "util/json.h"

static cw_license_db *db;
static cw_json *list;
static char root[256];

static const char *text_of(const char *id)
{
	const char *t = json_string_value(json_object_get(json_object_get(list, id), "licenseText"));
	if (!t)
		fail_msg("no text for %s in the SPDX list", id);
	return t;
}

static void mkdirs(const char *path)
{
	char buf[1024];
	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(buf, 0755);
			*p = '/';
		}
	mkdir(buf, 0755);
}

/* root/rel with `head` then `body` (either may be NULL). */
static void put(const char *rel, const char *head, const char *body)
{
	char path[1024], dir[1024];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	snprintf(dir, sizeof(dir), "%s", path);
	*strrchr(dir, '/') = '\0';
	mkdirs(dir);
	if (!(f = fopen(path, "w")))
		fail_msg("%s: %s", path, strerror(errno));
	if (head)
		fputs(head, f);
	if (body)
		fputs(body, f);
	fclose(f);
}

static void remove_tree(const char *path)
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", path);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", path);
}

static int setup(void **state)
{
	(void)state;
	if (cw_test_spdx_list(&db, &list) != 0)
		return -1;
	snprintf(root, sizeof(root), "/tmp/cw-license-files-XXXXXX");
	if (!mkdtemp(root))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cw_license_db_free(db);
	cw__json_free(list);
	remove_tree(root);
	return 0;
}

static void test_files__license_file_names(void **state)
{
	static const struct { const char *name; bool yes; } cases[] = {
		{ "LICENSE", true }, { "LICENSE.md", true }, { "LICENSE.txt", true },
		{ "license", true }, { "License.rst", true }, { "LICENCE", true },
		{ "LICENSE-MIT", true }, { "LICENSE-APACHE", true }, { "LICENSE_BSD", true },
		{ "COPYING", true }, { "COPYING.LIB", true }, { "COPYING.LESSER", true },
		{ "NOTICE", true }, { "NOTICE.txt", true }, { "UNLICENSE", true },
		{ "MIT-LICENSE", true }, { "MIT-LICENSE.txt", true }, { "BSD_LICENSE", true },
		{ "license.js", false }, { "license.d.ts", false }, { "LICENSE.json", false },
		{ "licensing.md", false }, { "Licenses", false }, { "notice.js", false },
		{ "Notice.java", false }, { "copying.c", false }, { "README.md", false },
		{ "licenseUtils.ts", false }, { "UNLICENSED.py", false }, { "", false },
		{ "spdx-license-ids", false }, { "license.png", false },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (cw__license_file_name(cases[i].name) != cases[i].yes)
			fail_msg("'%s': expected %s", cases[i].name, cases[i].yes ? "a license file" : "not one");
}

static void test_files__license_files_kept_by_image_scans(void **state)
{
	static const struct { const char *path; bool yes; } cases[] = {
		{ "app/node_modules/debug/LICENSE", true },
		{ "usr/lib/node_modules/npm/node_modules/@npmcli/arborist/LICENSE.md", true },
		{ "node_modules/ms/license.md", true },
		{ "app/node_modules/debug/src/LICENSE", false },        /* not the package's folder */
		{ "app/node_modules/@scope/LICENSE", false },
		{ "app/node_modules/.bin/LICENSE", false },
		{ "app/node_modules/debug/package.json", false },
		{ "usr/lib/python3/dist-packages/attrs-23.1.0.dist-info/LICENSE", true },
		{ "usr/lib/python3/dist-packages/attrs-23.1.0.dist-info/licenses/LICENSE", true },
		{ "usr/lib/python3/dist-packages/orjson-3.8.3.dist-info/license_files/LICENSE-MIT", true },
		{ "usr/lib/python3/dist-packages/PyJWT-2.6.0.egg-info/LICENSE", true },
		{ "usr/lib/python3/dist-packages/attrs/LICENSE", false },
		{ "usr/share/doc/bash/copyright", false },
		{ "LICENSE", false },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (cw__sysroot_license_file(cases[i].path) != cases[i].yes)
			fail_msg("'%s': expected %s", cases[i].path, cases[i].yes ? "kept" : "not kept");
}

static void test_files__package_metadata(void **state)
{
	cw__pkg_id p;
	static const char metadata[] =
		"Metadata-Version: 2.1\r\nName: Demo_Pkg\r\nVersion: 2.0.1\r\nLicense: MIT\r\n\r\n"
		"Name: not-this-one\r\n";
	static const char cargo[] =
		"[workspace]\nmembers = [\"a\"]\n\n[package]\nname = \"ripdemo\"\n"
		"version = '14.1.0'\nedition = \"2021\"\n\n[dependencies]\nname = \"nope\"\n";
	static const char cargo_ws[] = "[package]\nname = \"member\"\nversion.workspace = true\n";
	static const char modules[] =
		"# github.com/a/b v1.2.3\n## explicit; go 1.20\ngithub.com/a/b/sub\n"
		"# github.com/a/b/sub v0.4.0\n## explicit\n# golang.org/x/y v0.1.0 => ../y\n";
	(void)state;
	cw_assert_ok(cw__pkg_from_metadata(&p, metadata, strlen(metadata)));
	assert_string_equal(p.ecosystem, "pypi");
	assert_string_equal(p.name, "Demo_Pkg");
	assert_string_equal(p.version, "2.0.1");
	assert_int_equal(cw__pkg_from_metadata(&p, "Version: 1\n", 11), CW_EINVALID);

	cw_assert_ok(cw__pkg_from_cargo_toml(&p, cargo, strlen(cargo)));
	assert_string_equal(p.ecosystem, "cargo");
	assert_string_equal(p.name, "ripdemo");
	assert_string_equal(p.version, "14.1.0");
	cw_assert_ok(cw__pkg_from_cargo_toml(&p, cargo_ws, strlen(cargo_ws)));
	assert_string_equal(p.name, "member");
	assert_string_equal(p.version, "");
	assert_int_equal(cw__pkg_from_cargo_toml(&p, "[workspace]\n", 12), CW_EINVALID);

	/* the longest module holding the package path */
	assert_true(cw__go_vendor_module(&p, modules, strlen(modules), "github.com/a/b/sub/inner"));
	assert_string_equal(p.name, "github.com/a/b/sub");
	assert_string_equal(p.version, "v0.4.0");
	assert_true(cw__go_vendor_module(&p, modules, strlen(modules), "github.com/a/b"));
	assert_string_equal(p.version, "v1.2.3");
	assert_true(cw__go_vendor_module(&p, modules, strlen(modules), "golang.org/x/y"));
	assert_string_equal(p.version, "v0.1.0");
	assert_false(cw__go_vendor_module(&p, modules, strlen(modules), "github.com/a/bc"));
	/* a module line without a version (found by fuzzing: no copy from NULL) */
	assert_true(cw__go_vendor_module(&p, "# example.org/m\n", 16, "example.org/m/x"));
	assert_string_equal(p.name, "example.org/m");
	assert_string_equal(p.version, "");

	cw_assert_ok(cw__pkg_from_json(&p, "npm", "{\"name\":\"@s/x\",\"version\":\"1.0.0\"}", 33,
	                               "package.json"));
	assert_string_equal(p.name, "@s/x");
	assert_string_equal(p.version, "1.0.0");
	assert_int_equal(cw__pkg_from_json(&p, "npm", "{\"type\":\"module\"}", 17, "package.json"),
	                 CW_EINVALID);
	assert_int_equal(cw__pkg_from_json(&p, "npm", "{", 1, "package.json"), CW_EINVALID);
}

/* The tree of the scan and attach tests. */
static void build_tree(void)
{
	static char big[1100000];
	put("LICENSE", NULL, text_of("GPL-3.0-only"));
	put("NOTICE", "This product includes software by Example Corp.\n"
	    "Copyright 2015 Example Corp.\n", NULL);
	put("node_modules/a/package.json", "{\"name\":\"a\",\"version\":\"1.0.0\",\"license\":\"MIT\"}",
	    NULL);
	put("node_modules/a/LICENSE", "Copyright (c) 2020 A Author\n\n", text_of("MIT"));
	put("node_modules/a/lib/license.js", "module.exports = 'MIT';\n", NULL);
	put("node_modules/@s/b/package.json",
	    "{\"name\":\"@s/b\",\"version\":\"2.0.0\",\"license\":\"MIT\"}", NULL);
	put("node_modules/@s/b/LICENSE.md", NULL, text_of("Apache-2.0"));
	put("node_modules/c/package.json", "{\"name\":\"c\",\"version\":\"3.0.0\"}", NULL);
	put("node_modules/c/license", "Copyright (c) 2020 A Author\n\n", text_of("MIT"));
	put("node_modules/d/package.json", "{\"name\":\"d\",\"version\":\"4.0.0\",\"license\":\"BSD\"}",
	    NULL);
	put("node_modules/d/LICENSE", "Copyright (c) 2001, D Holder\n", text_of("BSD-2-Clause"));
	put("vendor/modules.txt", "# github.com/x/y v1.2.3\n## explicit\ngithub.com/x/y/sub\n", NULL);
	put("vendor/github.com/x/y/LICENSE", NULL, text_of("BSD-3-Clause"));
	put("py/site-packages/demo-1.0.dist-info/METADATA", "Name: demo\nVersion: 1.0\n\n", NULL);
	put("py/site-packages/demo-1.0.dist-info/licenses/LICENSE", NULL, text_of("ISC"));
	/* REUSE: any text in LICENSES/ is a license file, but not its helpers */
	put("reuse/LICENSES/BSD-2-Clause.txt", NULL, text_of("BSD-2-Clause"));
	put("reuse/LICENSES/Apache-2.0", NULL, text_of("Apache-2.0"));
	put("reuse/LICENSES/.reuse-cache.json", "{}", NULL);
	put("reuse/LICENSES/gen.py", "print(1)\n", NULL);
	put("reuse/LICENSES/AUTHORS.rst", "Jane Doe\n", NULL);
	memset(big, 'x', sizeof(big) - 1);
	put("big/COPYING", big, NULL);
	{
		char link[600];
		snprintf(link, sizeof(link), "%s/node_modules/loop", root);
		if (symlink("..", link) != 0)
			fail_msg("symlink: %s", strerror(errno));
	}
}

static const cw_license_file *find_file(const cw_license_files *lf, const char *rel)
{
	char path[600];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (size_t i = 0; i < cw_license_files_count(lf); i++)
		if (strcmp(cw_license_files_get(lf, i)->path, path) == 0)
			return cw_license_files_get(lf, i);
	fail_msg("%s not found by the scan", rel);
	return NULL;
}

static void test_files__scan_identifies_and_names_packages(void **state)
{
	cw_license_files *lf = NULL;
	const cw_license_file *f;
	(void)state;
	build_tree();
	cw_assert_ok(cw_license_files_scan(&lf, root, db, NULL));
	/* 11 license files; license.js is not one, the symlinked folder is not entered */
	assert_int_equal(cw_license_files_count(lf), 11);
	assert_string_equal(find_file(lf, "reuse/LICENSES/BSD-2-Clause.txt")->expression, "BSD-2-Clause");
	assert_string_equal(find_file(lf, "reuse/LICENSES/Apache-2.0")->expression, "Apache-2.0");

	f = find_file(lf, "LICENSE");
	assert_string_equal(f->expression, "GPL-3.0-only");
	assert_null(f->ecosystem);
	f = find_file(lf, "NOTICE");
	assert_string_equal(f->expression, "NOASSERTION");
	assert_int_equal(f->copyright_count, 1);
	assert_string_equal(f->copyrights[0], "Copyright 2015 Example Corp.");

	f = find_file(lf, "node_modules/a/LICENSE");
	assert_string_equal(f->expression, "MIT");
	assert_true(f->confidence >= 0.99);
	assert_string_equal(f->ecosystem, "npm");
	assert_string_equal(f->name, "a");
	assert_string_equal(f->version, "1.0.0");
	assert_int_equal(f->copyright_count, 1);
	assert_string_equal(f->copyrights[0], "Copyright (c) 2020 A Author");

	f = find_file(lf, "node_modules/@s/b/LICENSE.md");
	assert_string_equal(f->expression, "Apache-2.0");
	assert_string_equal(f->name, "@s/b");

	/* byte-identical to a's: identified once, the same result */
	f = find_file(lf, "node_modules/c/license");
	assert_string_equal(f->expression, "MIT");
	assert_ptr_equal(f->matches, find_file(lf, "node_modules/a/LICENSE")->matches);

	f = find_file(lf, "vendor/github.com/x/y/LICENSE");
	assert_string_equal(f->expression, "BSD-3-Clause");
	assert_string_equal(f->ecosystem, "golang");
	assert_string_equal(f->name, "github.com/x/y");
	assert_string_equal(f->version, "v1.2.3");

	f = find_file(lf, "py/site-packages/demo-1.0.dist-info/licenses/LICENSE");
	assert_string_equal(f->expression, "ISC");
	assert_string_equal(f->ecosystem, "pypi");
	assert_string_equal(f->name, "demo");
	assert_string_equal(f->version, "1.0");
	assert_true(strstr(f->package_dir, "demo-1.0.dist-info") != NULL);

	f = find_file(lf, "big/COPYING");
	assert_non_null(f->skipped);
	assert_int_equal(f->match_count, 0);
	cw_license_files_free(lf);

	/* a smaller cap, and a file named directly */
	{
		cw_license_scan_options opts = CW_LICENSE_SCAN_OPTIONS_INIT;
		char path[600];
		opts.max_file_size = 100;
		cw_assert_ok(cw_license_files_scan(&lf, root, db, &opts));
		assert_non_null(find_file(lf, "node_modules/a/LICENSE")->skipped);
		assert_null(find_file(lf, "NOTICE")->skipped);
		cw_license_files_free(lf);
		snprintf(path, sizeof(path), "%s/node_modules/d/LICENSE", root);
		cw_assert_ok(cw_license_files_scan(&lf, path, db, NULL));
		assert_int_equal(cw_license_files_count(lf), 1);
		assert_string_equal(cw_license_files_get(lf, 0)->expression, "BSD-2-Clause");
		assert_string_equal(cw_license_files_get(lf, 0)->name, "d");
		cw_license_files_free(lf);
	}
	assert_int_equal(cw_license_files_scan(&lf, "/nonexistent/tree", db, NULL), CW_ENOTFOUND);
}

static const cw_license_finding *finding(const cw_license_finding *f, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(f[i].name, name) == 0)
			return &f[i];
	fail_msg("no finding for %s", name);
	return NULL;
}

static void test_files__attach_check_and_notice(void **state)
{
	static const char lock[] =
		"{\"name\":\"app\",\"version\":\"1.0.0\",\"lockfileVersion\":3,\"packages\":{"
		"\"\":{\"name\":\"app\",\"version\":\"1.0.0\",\"dependencies\":{\"a\":\"1\",\"@s/b\":\"2\","
		"\"c\":\"3\",\"d\":\"4\",\"e\":\"5\"}},"
		"\"node_modules/a\":{\"version\":\"1.0.0\",\"license\":\"MIT\"},"
		"\"node_modules/@s/b\":{\"version\":\"2.0.0\",\"license\":\"MIT\"},"
		"\"node_modules/c\":{\"version\":\"3.0.0\"},"
		"\"node_modules/d\":{\"version\":\"4.0.0\",\"license\":\"BSD\"},"
		"\"node_modules/e\":{\"version\":\"5.0.0\",\"license\":\"BSD-3-Clause\"}}}";
	cw_inventory_scan_options sopts = CW_INVENTORY_SCAN_OPTIONS_INIT;
	cw_inventory *inv = NULL;
	cw_license_files *lf = NULL;
	cw_license_policy *policy = NULL;
	cw_license_finding *f = NULL;
	const cw_license_finding *x;
	size_t n = 0, attached = 0;
	char *notice = NULL;
	(void)state;
	put("package-lock.json", lock, NULL);
	put("node_modules/e/package.json", "{\"name\":\"e\",\"version\":\"5.0.0\"}", NULL);
	put("node_modules/e/LICENSE", NULL, text_of("BSD-3-Clause-HP"));
	cw_assert_ok(cw_inventory_new(&inv));
	cw_assert_ok(cw_inventory_scan_path(inv, root, &sopts));
	cw_assert_ok(cw_license_files_scan(&lf, root, db, NULL));
	cw_assert_ok(cw_license_files_attach(inv, lf, &attached));
	/* a, b, c, d, e, the vendored Go module (vendor/modules.txt is read by
	 * the inventory too) and the project's own LICENSE and NOTICE (its root) */
	assert_int_equal(attached, 8);
	cw_assert_ok(cw_license_policy_default(&policy, CW_DISTRIBUTION_BINARY));
	cw_assert_ok(cw_license_check(&f, &n, inv, policy));
	assert_int_equal(n, 6);

	x = finding(f, n, "a");
	assert_string_equal(x->expression, "MIT");
	assert_string_equal(x->source, "declared");
	assert_string_equal(x->found, "MIT");
	assert_false(x->mismatch);
	assert_int_equal(x->verdict, CW_VERDICT_ALLOW);

	x = finding(f, n, "@s/b");      /* declared MIT, LICENSE.md is Apache-2.0 */
	assert_string_equal(x->expression, "MIT");
	assert_true(x->mismatch);
	assert_int_equal(x->verdict, CW_VERDICT_REVIEW);
	assert_true(strstr(x->reason, "Apache-2.0") != NULL);
	assert_true(strstr(x->evidence, "node_modules/@s/b/LICENSE.md") != NULL);

	x = finding(f, n, "e");         /* a variant of the declared license is no mismatch */
	assert_string_equal(x->found, "BSD-3-Clause-HP");
	assert_false(x->mismatch);
	assert_int_equal(x->verdict, CW_VERDICT_ALLOW);

	x = finding(f, n, "c");         /* nothing declared: the file speaks */
	assert_string_equal(x->expression, "MIT");
	assert_string_equal(x->source, "file");
	assert_int_equal(x->verdict, CW_VERDICT_ALLOW);

	x = finding(f, n, "d");         /* "BSD" is a guess; the file says which */
	assert_string_equal(x->expression, "BSD-2-Clause");
	assert_string_equal(x->source, "file");
	assert_int_equal(x->verdict, CW_VERDICT_ALLOW);

	x = finding(f, n, "github.com/x/y");
	assert_string_equal(x->version, "v1.2.3");
	assert_string_equal(x->expression, "BSD-3-Clause");
	assert_string_equal(x->source, "file");
	free(f);

	/* the project's root got its own license file, not a dependency */
	size_t roots = 0;
	for (size_t i = 0; i < cw_inventory_component_count(inv); i++) {
		const cw_component *c = cw_inventory_component(inv, i);
		if (c->kind == CW_COMPONENT_ROOT && strcmp(c->name, "app") == 0) {
			roots++;
			assert_int_equal(c->found_license_count, 1);
			assert_string_equal(c->found_licenses[0].expression, "GPL-3.0-only");
			assert_string_equal(c->found_licenses[0].source, "file");
			assert_int_equal(c->copyright_count, 1); /* NOTICE's */
		}
	}
	assert_int_equal(roots, 1);

	cw_assert_ok(cw_license_notice(&notice, inv, db, CW_NOTICE_TEXT));
	assert_non_null(strstr(notice, "  a 1.0.0\n      Copyright (c) 2020 A Author\n"));
	assert_non_null(strstr(notice, "  d 4.0.0\n      Copyright (c) 2001, D Holder\n"));
	free(notice);
	cw_assert_ok(cw_license_notice(&notice, inv, db, CW_NOTICE_HTML));
	assert_non_null(strstr(notice, "<li>a 1.0.0<br><small>Copyright (c) 2020 A Author</small></li>"));
	free(notice);
	cw_assert_ok(cw_license_notice(&notice, inv, db, CW_NOTICE_MARKDOWN));
	assert_non_null(strstr(notice, "- a 1.0.0\n  - Copyright (c) 2020 A Author\n"));
	free(notice);

	cw_license_policy_free(policy);
	cw_license_files_free(lf);
	cw_inventory_free(inv);
}

static void test_files__mismatch_denied_when_the_file_is(void **state)
{
	static const char lock[] =
		"{\"name\":\"app2\",\"version\":\"1.0.0\",\"lockfileVersion\":3,\"packages\":{"
		"\"\":{\"name\":\"app2\",\"version\":\"1.0.0\",\"dependencies\":{\"g\":\"1\"}},"
		"\"node_modules/g\":{\"version\":\"1.0.0\",\"license\":\"MIT\"}}}";
	char sub[600];
	cw_inventory *inv = NULL;
	cw_license_files *lf = NULL;
	cw_license_policy *policy = NULL;
	cw_license_finding *f = NULL;
	size_t n = 0;
	(void)state;
	put("other/package-lock.json", lock, NULL);
	put("other/node_modules/g/package.json", "{\"name\":\"g\",\"version\":\"1.0.0\"}", NULL);
	put("other/node_modules/g/COPYING", NULL, text_of("GPL-3.0-only"));
	snprintf(sub, sizeof(sub), "%s/other", root);
	cw_assert_ok(cw_inventory_new(&inv));
	cw_assert_ok(cw_inventory_scan_path(inv, sub, NULL));
	cw_assert_ok(cw_license_files_scan(&lf, sub, db, NULL));
	cw_assert_ok(cw_license_files_attach(inv, lf, NULL));
	cw_assert_ok(cw_license_policy_default(&policy, CW_DISTRIBUTION_BINARY));
	cw_assert_ok(cw_license_check(&f, &n, inv, policy));
	assert_int_equal(n, 1);
	assert_true(f[0].mismatch);
	assert_int_equal(f[0].verdict, CW_VERDICT_DENY);
	free(f);
	/* the same files, used internally: GPL is fine there, the mismatch is not */
	cw_license_policy_set_distribution(policy, CW_DISTRIBUTION_INTERNAL);
	cw_assert_ok(cw_license_check(&f, &n, inv, policy));
	assert_int_equal(f[0].verdict, CW_VERDICT_REVIEW);
	free(f);
	cw_license_policy_free(policy);
	cw_license_files_free(lf);
	cw_inventory_free(inv);
}

static void test_inventory__evidence_and_copyrights(void **state)
{
	static const char lock[] =
		"{\"name\":\"x\",\"version\":\"1.0.0\",\"lockfileVersion\":3,\"packages\":{"
		"\"\":{\"name\":\"x\",\"version\":\"1.0.0\"},"
		"\"node_modules/y\":{\"version\":\"2.0.0\"}}}";
	cw_inventory *inv = NULL;
	const cw_component *c;
	cw_license_evidence ev = { "MIT", "file", "/p/LICENSE", 0.99 };
	char line[32];
	size_t y = 0;
	(void)state;
	cw_assert_ok(cw_inventory_new(&inv));
	cw_assert_ok(cw_inventory_parse_data(inv, "package-lock.json", lock, strlen(lock)));
	for (size_t i = 0; i < cw_inventory_component_count(inv); i++)
		if (strcmp(cw_inventory_component(inv, i)->name, "y") == 0)
			y = i;
	cw_assert_ok(cw_inventory_add_license_evidence(inv, y, &ev));
	cw_assert_ok(cw_inventory_add_license_evidence(inv, y, &ev)); /* the same: kept once */
	ev.path = "/p/COPYING";
	ev.expression = "GPL-3.0-only";
	cw_assert_ok(cw_inventory_add_license_evidence(inv, y, &ev));
	assert_int_equal(cw_inventory_add_license_evidence(inv, 99, &ev), CW_EUSAGE);
	for (int i = 0; i < 300; i++) {
		snprintf(line, sizeof(line), "Copyright %d Someone", i);
		cw_assert_ok(cw_inventory_add_copyright(inv, y, line, strlen(line)));
		cw_assert_ok(cw_inventory_add_copyright(inv, y, line, strlen(line)));
	}
	c = cw_inventory_component(inv, y);
	assert_int_equal(c->found_license_count, 2);
	assert_string_equal(c->found_licenses[0].expression, "MIT");
	assert_string_equal(c->found_licenses[0].path, "/p/LICENSE");
	assert_string_equal(c->found_licenses[1].expression, "GPL-3.0-only");
	assert_string_equal(c->found_licenses[1].source, "file");
	assert_true(c->found_licenses[1].confidence > 0.98);
	/* repeats dropped, at most 256 per component, in the order given */
	assert_int_equal(c->copyright_count, 256);
	assert_string_equal(c->copyrights[0], "Copyright 0 Someone");
	assert_string_equal(c->copyrights[255], "Copyright 255 Someone");
	cw_inventory_free(inv);
}

/* A requirements.txt pin and the installed wheel's metadata spell the name
 * differently; PEP 503 makes them one package. */
static void test_files__python_names_match_per_pep503(void **state)
{
	char sub[600];
	cw_inventory *inv = NULL;
	cw_license_files *lf = NULL;
	size_t attached = 0;
	bool seen = false;
	(void)state;
	put("py-app/requirements.txt", "Demo_Pkg==1.0\n", NULL);
	put("py-app/.venv/lib/python3.11/site-packages/demo_pkg-1.0.dist-info/METADATA",
	    "Metadata-Version: 2.1\nName: demo.pkg\nVersion: 1.0\n\n", NULL);
	put("py-app/.venv/lib/python3.11/site-packages/demo_pkg-1.0.dist-info/LICENSE", NULL,
	    text_of("Apache-2.0"));
	snprintf(sub, sizeof(sub), "%s/py-app", root);
	cw_assert_ok(cw_inventory_new(&inv));
	cw_assert_ok(cw_inventory_scan_path(inv, sub, NULL));
	cw_assert_ok(cw_license_files_scan(&lf, sub, db, NULL));
	cw_assert_ok(cw_license_files_attach(inv, lf, &attached));
	assert_int_equal(attached, 1);
	for (size_t i = 0; i < cw_inventory_component_count(inv); i++) {
		const cw_component *c = cw_inventory_component(inv, i);
		if (c->kind == CW_COMPONENT_LIBRARY && strcmp(c->ecosystem, "pypi") == 0) {
			assert_int_equal(c->found_license_count, 1);
			assert_string_equal(c->found_licenses[0].expression, "Apache-2.0");
			seen = true;
		}
	}
	assert_true(seen);
	cw_license_files_free(lf);
	cw_inventory_free(inv);
}

static void test_dep5__copyrights(void **state)
{
	static const char dep5[] =
		"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
		"Upstream-Name: demo\n"
		"Copyright: 1999 Header Holder\n"
		"\n"
		"Files: *\n"
		"Copyright: 2010-2012 Jane Doe <jane@example.org>\n"
		"           Copyright (c) 2013 John Roe\n"
		" .\n"
		"           This program is free software (prose after a blank line)\n"
		"License: MIT\n"
		"\n"
		"Files: lib/*\n"
		"Copyright: 2010-2012 Jane Doe <jane@example.org>\n"
		"License: MIT\n"
		"\n"
		"Files: debian/*\n"
		"Copyright: none\n"
		"License: MIT\n"
		"\n"
		"License: MIT\n"
		" Copyright (c) 2001 Quoted In The License Text\n"
		" Permission is hereby granted...\n";
	static const char freeform[] =
		"This package was debianized by someone.\n\nUpstream Authors:\n    Jane\n\n"
		"Copyright (C) 1999-2004 Old Style Holder\n\nLicense: GPL\n";
	char **c = NULL;
	size_t n = 0;
	(void)state;
	cw_assert_ok(cw_license_dep5_copyrights(&c, &n, dep5, strlen(dep5)));
	assert_int_equal(n, 3);
	assert_string_equal(c[0], "Copyright 1999 Header Holder");
	assert_string_equal(c[1], "Copyright 2010-2012 Jane Doe <jane@example.org>");
	assert_string_equal(c[2], "Copyright (c) 2013 John Roe");
	cw_license_copyrights_free(c, n);
	cw_assert_ok(cw_license_dep5_copyrights(&c, &n, freeform, strlen(freeform)));
	assert_int_equal(n, 1);
	assert_string_equal(c[0], "Copyright (C) 1999-2004 Old Style Holder");
	cw_license_copyrights_free(c, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_files__license_file_names),
		cmocka_unit_test(test_files__license_files_kept_by_image_scans),
		cmocka_unit_test(test_files__package_metadata),
		cmocka_unit_test(test_files__scan_identifies_and_names_packages),
		cmocka_unit_test(test_files__attach_check_and_notice),
		cmocka_unit_test(test_files__mismatch_denied_when_the_file_is),
		cmocka_unit_test(test_files__python_names_match_per_pep503),
		cmocka_unit_test(test_inventory__evidence_and_copyrights),
		cmocka_unit_test(test_dep5__copyrights),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
