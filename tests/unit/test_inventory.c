/*
 * test_inventory.c - the component model and the npm-family extractors.
 *
 * Fixture tests: for every npm/yarn/pnpm fixture under ../shared/fixtures,
 * the set of (ecosystem, name, version) found equals expected.json (the
 * real install, plus for npm/large the platform-optional packages that are
 * in the lockfile but were not installed on linux/x64).  Each prints its
 * matched/expected counts.
 */
#include "cw_test.h"
#include "cw_inv_check.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inventory/inventory.h"
#include "inventory/jsonpull.h"
#include "util/error.h"

/* ---- helpers ------------------------------------------------------------ */

/* ---- fixtures ------------------------------------------------------------ */

static void test_fixture__npm_small_v3(void **s) { (void)s; cw_inv_check_fixture("fixtures/npm/small/package-lock.json", "fixtures/npm/small/expected.json", CW_KINDS_LIBRARY); }
static void test_fixture__npm_small_v2(void **s) { (void)s; cw_inv_check_fixture("fixtures/npm/small/lockfile-v2/package-lock.json", "fixtures/npm/small/expected.json", CW_KINDS_LIBRARY); }
static void test_fixture__npm_small_v1(void **s) { (void)s; cw_inv_check_fixture("fixtures/npm/small/lockfile-v1/package-lock.json", "fixtures/npm/small/expected.json", CW_KINDS_LIBRARY); }
static void test_fixture__npm_medium_v3(void **s) { (void)s; cw_inv_check_fixture("fixtures/npm/medium/package-lock.json", "fixtures/npm/medium/expected.json", CW_KINDS_LIBRARY); }
static void test_fixture__npm_medium_v2(void **s) { (void)s; cw_inv_check_fixture("fixtures/npm/medium/lockfile-v2/package-lock.json", "fixtures/npm/medium/expected.json", CW_KINDS_LIBRARY); }
static void test_fixture__npm_medium_v1(void **s) { (void)s; cw_inv_check_fixture("fixtures/npm/medium/lockfile-v1/package-lock.json", "fixtures/npm/medium/expected.json", CW_KINDS_LIBRARY); }
static void test_fixture__npm_large_v3(void **s) { (void)s; cw_inv_check_fixture("fixtures/npm/large/package-lock.json", "fixtures/npm/large/expected.json", CW_KINDS_LIBRARY); }
static void test_fixture__yarn_classic_v1(void **s) { (void)s; cw_inv_check_fixture("fixtures/yarn/classic-v1/yarn.lock", "fixtures/yarn/classic-v1/expected.json", CW_KINDS_LIBRARY); }
static void test_fixture__yarn_berry_v4(void **s) { (void)s; cw_inv_check_fixture("fixtures/yarn/berry-v4/yarn.lock", "fixtures/yarn/berry-v4/expected.json", CW_KINDS_LIBRARY); }
static void test_fixture__pnpm_v9(void **s) { (void)s; cw_inv_check_fixture("fixtures/pnpm/pnpm-lock.yaml", "fixtures/pnpm/expected.json", CW_KINDS_LIBRARY); }

/* ---- the model on real files ----------------------------------------------- */

static void test_npm__large_graph_has_paths_and_dev_scopes(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_scan(cw_test_shared("fixtures/npm/large/package-lock.json"));
	json_error_t jerr;
	json_t *exp = json_load_file(cw_test_shared("fixtures/npm/large/expected.json"), 0, &jerr);
	size_t root = cw_inv_find(inv, "npm-large", "1.0.0");
	size_t jest = cw_inv_find(inv, "jest", NULL);
	const cw_component *rc = cw_inventory_component(inv, root);

	assert_int_equal(rc->kind, CW_COMPONENT_ROOT);
	assert_true(cw_inv_depends(inv, root, jest));
	assert_true(cw_inventory_component(inv, jest)->direct);
	/* Every installed package of this project is a dev dependency (all -D). */
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(exp, "packages"), i, p) {
		size_t c = cw_inv_find(inv, json_string_value(json_object_get(p, "name")),
		                json_string_value(json_object_get(p, "version")));
		assert_int_equal(cw_inventory_component(inv, c)->scope, CW_SCOPE_DEV);
		assert_int_equal(cw_inventory_component(inv, c)->root, root);
	}
	/* Every non-root component is reachable from the root. */
	size_t n = cw_inventory_component_count(inv);
	bool *seen = calloc(n, 1);
	size_t *stack = malloc(n * sizeof(size_t)), top = 0, reached = 0;
	stack[top++] = root;
	seen[root] = true;
	while (top) {
		size_t c = stack[--top], nd;
		const size_t *deps;
		reached++;
		cw_assert_ok(cw_inventory_dependencies_of(inv, c, &deps, &nd));
		for (size_t k = 0; k < nd; k++)
			if (!seen[deps[k]]) {
				seen[deps[k]] = true;
				stack[top++] = deps[k];
			}
	}
	print_message("reachable from root: %zu of %zu components\n", reached, n);
	assert_int_equal(reached, n);
	free(seen);
	free(stack);
	json_decref(exp);
	cw_inventory_free(inv);
}

static void test_npm__small_edges_hashes_and_lines(void **s)
{
	(void)s;
	const char *path = cw_test_shared("fixtures/npm/small/package-lock.json");
	cw_inventory *inv = cw_inv_scan(path);
	size_t root = cw_inv_find(inv, "npm-small", "1.0.0");
	size_t express = cw_inv_find(inv, "express", NULL);
	size_t qs = cw_inv_find(inv, "qs", NULL);
	size_t body = cw_inv_find(inv, "body-parser", NULL);
	const cw_component *c = cw_inventory_component(inv, express);

	/* app -> express -> qs, as the dependency-path feature needs. */
	assert_true(cw_inv_depends(inv, root, express));
	assert_true(cw_inv_depends(inv, express, qs) || (cw_inv_depends(inv, express, body) && cw_inv_depends(inv, body, qs)));
	size_t *path_ix = NULL, plen = 0;
	cw_assert_ok(cw_inventory_dependency_path(inv, qs, &path_ix, &plen));
	assert_true(plen >= 3);
	assert_int_equal(path_ix[0], root);
	assert_int_equal(path_ix[plen - 1], qs);
	for (size_t k = 0; k + 1 < plen; k++)
		assert_true(cw_inv_depends(inv, path_ix[k], path_ix[k + 1]));
	print_message("path: ");
	for (size_t k = 0; k < plen; k++)
		print_message("%s%s", k ? " -> " : "", cw_inventory_component(inv, path_ix[k])->name);
	print_message("\n");
	free(path_ix);
	assert_true(c->direct);
	assert_false(cw_inventory_component(inv, qs)->direct);
	assert_int_equal(c->hash_count, 1);
	assert_string_equal(c->hashes[0].algorithm, "SHA-512");
	assert_int_equal(strlen(c->hashes[0].hex), 128);
	assert_string_equal(c->purl, "pkg:npm/express@5.3.0");
	assert_string_equal(c->license, "MIT");
	/* The line is where its "node_modules/express" key is. */
	size_t len;
	char *text = cw_test_read_file(path, &len);
	char *at = strstr(text, "\"node_modules/express\"");
	size_t line = 1;
	for (char *p = text; p < at; p++)
		line += *p == '\n';
	assert_int_equal(c->line, line);
	free(text);
	cw_inventory_free(inv);
}

/* ---- npm features on small inline lockfiles -------------------------------- */

static const char lock_v3_features[] =
	"{\n"
	"  \"name\": \"app\", \"version\": \"1.0.0\", \"lockfileVersion\": 3,\n"
	"  \"packages\": {\n"
	"    \"\": { \"name\": \"app\", \"version\": \"1.0.0\", \"workspaces\": [\"packages/*\"],\n"
	"            \"dependencies\": { \"sw\": \"npm:string-width@^4\", \"a\": \"1\" },\n"
	"            \"devDependencies\": { \"d\": \"1\" } },\n"
	"    \"packages/ws\": { \"name\": \"ws-pkg\", \"version\": \"0.1.0\", \"dependencies\": { \"a\": \"2\" } },\n"
	"    \"node_modules/ws-pkg\": { \"resolved\": \"packages/ws\", \"link\": true },\n"
	"    \"node_modules/sw\": { \"name\": \"string-width\", \"version\": \"4.2.3\" },\n"
	"    \"node_modules/a\": { \"version\": \"1.0.0\", \"dependencies\": { \"b\": \"*\" },\n"
	"                        \"optionalDependencies\": { \"o\": \"1\" } },\n"
	"    \"node_modules/a/node_modules/b\": { \"version\": \"2.0.0\", \"inBundle\": true },\n"
	"    \"node_modules/b\": { \"version\": \"1.0.0\" },\n"
	"    \"node_modules/o\": { \"version\": \"1.0.0\", \"optional\": true },\n"
	"    \"node_modules/d\": { \"version\": \"1.0.0\", \"dev\": true, \"peerDependencies\": { \"b\": \"1\" } },\n"
	"    \"packages/ws/node_modules/a\": { \"version\": \"2.0.0\" },\n"
	"    \"node_modules/@s/x\": { \"version\": \"3.0.0\", \"devOptional\": true }\n"
	"  }\n"
	"}\n";

static void test_npm__aliases_links_workspaces_nested_and_flags(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_parse("package-lock.json", lock_v3_features);
	size_t root = cw_inv_find(inv, "app", "1.0.0");
	size_t ws = cw_inv_find(inv, "ws-pkg", "0.1.0");
	size_t sw = cw_inv_find(inv, "string-width", "4.2.3");
	size_t a1 = cw_inv_find(inv, "a", "1.0.0"), a2 = cw_inv_find(inv, "a", "2.0.0");
	size_t b1 = cw_inv_find(inv, "b", "1.0.0"), b2 = cw_inv_find(inv, "b", "2.0.0");
	size_t o = cw_inv_find(inv, "o", "1.0.0"), d = cw_inv_find(inv, "d", "1.0.0");
	size_t x = cw_inv_find(inv, "@s/x", "3.0.0");

	assert_int_equal(cw_inventory_component(inv, ws)->kind, CW_COMPONENT_WORKSPACE);
	assert_true(cw_inv_depends(inv, root, sw));         /* alias resolved to its real name */
	assert_true(cw_inv_depends(inv, root, a1));
	assert_true(cw_inv_depends(inv, root, ws));
	assert_true(cw_inv_depends(inv, ws, a2));           /* the workspace's own node_modules wins */
	assert_true(cw_inv_depends(inv, a1, b2));           /* nested node_modules wins over the top */
	assert_false(cw_inv_depends(inv, a1, b1));
	assert_true(cw_inv_depends(inv, d, b1));            /* peer resolved from the top level */
	assert_true(cw_inv_depends(inv, a1, o));
	assert_true(cw_inventory_component(inv, b2)->bundled);
	assert_int_equal(cw_inventory_component(inv, o)->scope, CW_SCOPE_OPTIONAL);
	assert_int_equal(cw_inventory_component(inv, d)->scope, CW_SCOPE_DEV);
	assert_int_equal(cw_inventory_component(inv, x)->scope, CW_SCOPE_DEV);
	assert_int_equal(cw_inventory_component(inv, a1)->scope, CW_SCOPE_REQUIRED);
	assert_string_equal(cw_inventory_component(inv, x)->purl, "pkg:npm/%40s/x@3.0.0");
	assert_int_equal(cw_inventory_component(inv, a1)->line, 10);
	/* No component for the link entry itself. */
	size_t links = 0;
	for (size_t i = 0; i < cw_inventory_component_count(inv); i++)
		links += !strcmp(cw_inventory_component(inv, i)->name, "ws-pkg");
	assert_int_equal(links, 1);
	cw_inventory_free(inv);
}

static void test_npm__v1_alias_nested_requires(void **s)
{
	(void)s;
	static const char v1[] =
		"{\"name\":\"app\",\"version\":\"1.0.0\",\"lockfileVersion\":1,\"requires\":true,\n"
		" \"dependencies\":{\n"
		"  \"a\":{\"version\":\"1.0.0\",\"requires\":{\"b\":\"^2\",\"sw\":\"npm:string-width@4\"},\n"
		"        \"dependencies\":{\"b\":{\"version\":\"2.0.0\",\"dev\":true}}},\n"
		"  \"b\":{\"version\":\"1.0.0\",\"integrity\":\"sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=\"},\n"
		"  \"sw\":{\"version\":\"npm:string-width@4.2.3\"}\n"
		" }}\n";
	cw_inventory *inv = cw_inv_parse("package-lock.json", v1);
	size_t root = cw_inv_find(inv, "app", "1.0.0");
	size_t a = cw_inv_find(inv, "a", "1.0.0"), b1 = cw_inv_find(inv, "b", "1.0.0"), b2 = cw_inv_find(inv, "b", "2.0.0");
	size_t sw = cw_inv_find(inv, "string-width", "4.2.3");
	assert_true(cw_inv_depends(inv, a, b2));
	assert_false(cw_inv_depends(inv, a, b1));
	assert_true(cw_inv_depends(inv, a, sw));
	/* Without package.json, the root depends on the top-level packages nobody requires. */
	assert_true(cw_inv_depends(inv, root, a));
	assert_true(cw_inv_depends(inv, root, b1));
	assert_false(cw_inv_depends(inv, root, sw));
	assert_int_equal(cw_inventory_component(inv, b2)->scope, CW_SCOPE_DEV);
	const cw_component *bc = cw_inventory_component(inv, b1);
	assert_int_equal(bc->hash_count, 1);
	assert_string_equal(bc->hashes[0].algorithm, "SHA-1");
	assert_string_equal(bc->hashes[0].hex, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	cw_inventory_free(inv);
}

static void test_npm__dedup_by_purl_within_a_file(void **s)
{
	(void)s;
	static const char lock[] =
		"{\"lockfileVersion\":3,\"packages\":{\"\":{\"name\":\"r\",\"dependencies\":{\"a\":\"1\",\"b\":\"1\"}},\n"
		"\"node_modules/a\":{\"version\":\"1.0.0\",\"dependencies\":{\"c\":\"1\"}},\n"
		"\"node_modules/a/node_modules/c\":{\"version\":\"1.0.0\",\"dependencies\":{\"d\":\"1\"}},\n"
		"\"node_modules/b\":{\"version\":\"1.0.0\",\"dependencies\":{\"c\":\"1\"}},\n"
		"\"node_modules/b/node_modules/c\":{\"version\":\"1.0.0\",\"dev\":true},\n"
		"\"node_modules/d\":{\"version\":\"1.0.0\"}}}";
	cw_inventory *inv = cw_inv_parse("package-lock.json", lock);
	/* root, a, b, c (once), d */
	assert_int_equal(cw_inventory_component_count(inv), 5);
	size_t c = cw_inv_find(inv, "c", "1.0.0");
	assert_int_equal(cw_inventory_component(inv, c)->scope, CW_SCOPE_REQUIRED);
	assert_true(cw_inv_depends(inv, c, cw_inv_find(inv, "d", "1.0.0")));
	assert_true(cw_inv_depends(inv, cw_inv_find(inv, "b", "1.0.0"), c));
	cw_inventory_free(inv);
}

static void test_npm__errors_name_file_and_line(void **s)
{
	(void)s;
	static const struct { const char *text; const char *msg; } cases[] = {
		{ "{\"packages\": {\n\"node_modules/a\": {\"version\": 1.}\n}}", "package-lock.json:2:" },
		{ "{\"packages\": {\n\n\"node_modules/a\": [\n", "package-lock.json:3:" },
		{ "", "empty document" },
		{ "{\"packages\": {}} x", "data after the end" },
		{ "{\"a\": \"\x01\"}", "control character" },
		{ "{\"x\": [1,]}", "expected a value" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cw_inventory *inv = NULL;
		cw_assert_ok(cw_inventory_new(&inv));
		int rc = cw_inventory_parse_data(inv, "package-lock.json", cases[i].text, strlen(cases[i].text));
		assert_int_equal(rc, CW_EINVALID);
		if (!strstr(cw_error_last()->message, cases[i].msg))
			fail_msg("case %zu: '%s' lacks '%s'", i, cw_error_last()->message, cases[i].msg);
		cw_inventory_free(inv);
	}
}

static void test_jsonpull__escapes_lines_and_jsonc(void **s)
{
	(void)s;
	static const char text[] = "// c\n{\"k\\u00e9\": [\"a\\n\\ud83d\\ude00\", 1.5e3, true, null,],\n /* x\n */ }";
	cw__jp p;
	cw_jp_tok tok;
	cw__jp_init(&p, "t.json", text, strlen(text), true);
	cw_assert_ok(cw__jp_next(&p, &tok));
	assert_int_equal(tok, CW_JP_OBJECT);
	assert_int_equal(p.tok_line, 2);
	cw_assert_ok(cw__jp_next(&p, &tok));
	assert_int_equal(tok, CW_JP_KEY);
	assert_true(cw__jp_is(&p, "k\xc3\xa9"));
	cw_assert_ok(cw__jp_next(&p, &tok));
	cw_assert_ok(cw__jp_next(&p, &tok));
	assert_int_equal(tok, CW_JP_STRING);
	assert_true(cw__jp_is(&p, "a\n\xf0\x9f\x98\x80"));
	cw_assert_ok(cw__jp_next(&p, &tok));
	assert_int_equal(tok, CW_JP_NUMBER);
	assert_true(cw__jp_is(&p, "1.5e3"));
	cw_assert_ok(cw__jp_next(&p, &tok));
	assert_int_equal(tok, CW_JP_TRUE);
	cw_assert_ok(cw__jp_next(&p, &tok));
	assert_int_equal(tok, CW_JP_NULL);
	cw_assert_ok(cw__jp_next(&p, &tok));
	assert_int_equal(tok, CW_JP_ARRAY_END);
	cw_assert_ok(cw__jp_next(&p, &tok));
	assert_int_equal(tok, CW_JP_OBJECT_END);
	assert_int_equal(p.tok_line, 4);
	cw_assert_ok(cw__jp_next(&p, &tok));
	assert_int_equal(tok, CW_JP_EOF);
	cw__jp_free(&p);

	/* Strict mode refuses what JSONC allows. */
	cw__jp_init(&p, "t.json", text, strlen(text), false);
	assert_int_equal(cw__jp_next(&p, &tok), CW_EINVALID);
	cw__jp_free(&p);
}

static void test_jsonpull__depth_is_capped(void **s)
{
	(void)s;
	size_t n = CW_JP_MAX_DEPTH + 10;
	char *deep = malloc(n + 1);
	memset(deep, '[', n);
	deep[n] = '\0';
	cw__jp p;
	cw_jp_tok tok = CW_JP_EOF;
	int rc = 0;
	cw__jp_init(&p, "deep.json", deep, n, false);
	while ((rc = cw__jp_next(&p, &tok)) == 0 && tok != CW_JP_EOF)
		;
	assert_int_equal(rc, CW_ELIMIT);
	cw__jp_free(&p);
	free(deep);
}

static void test_package_json__declared_ranges_without_lockfile(void **s)
{
	(void)s;
	static const char pj[] =
		"{\n \"name\": \"@me/app\",\n \"version\": \"2.0.0\",\n"
		" \"dependencies\": {\"express\": \"^5.0.0\", \"sw\": \"npm:string-width@^4\"},\n"
		" \"devDependencies\": {\n  \"jest\": \"~30\"\n }\n}\n";
	cw_inventory *inv = cw_inv_parse("package.json", pj);
	size_t root = cw_inv_find(inv, "@me/app", "2.0.0");
	size_t jest = cw_inv_find(inv, "jest", NULL);
	const cw_component *j = cw_inventory_component(inv, jest);
	assert_null(j->version);
	assert_string_equal(j->declared, "~30");
	assert_int_equal(j->scope, CW_SCOPE_DEV);
	assert_int_equal(j->line, 6);
	assert_string_equal(j->purl, "pkg:npm/jest");
	assert_true(cw_inv_depends(inv, root, jest));
	assert_string_equal(cw_inventory_component(inv, cw_inv_find(inv, "string-width", NULL))->declared, "^4");
	cw_inventory_free(inv);
}

/* The compiled table is data/extractors.tsv, row for row and in order, and
 * the order keeps every literal file name reachable: the first matching row
 * wins, so no row above may also match it. */
static void test_extractors__table_is_the_tsv_in_match_order(void **s)
{
	(void)s;
	char *text = cw_test_read_file(cw_test_source("data/extractors.tsv"), NULL);
	size_t row = 0;
	for (char *line = text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		char *col[4];
		col[0] = line;
		for (int c = 1; c < 4; c++) {
			char *tab = strchr(col[c - 1], '\t');
			if (!tab)
				fail_msg("data/extractors.tsv: row %zu has %d columns", row, c);
			*tab = '\0';
			col[c] = tab + 1;
		}
		assert_true(row < cw__extractor_count);
		const cw__extractor *ex = &cw__extractors[row];
		assert_string_equal(ex->pattern, col[0]);
		assert_string_equal(ex->format, col[1]);
		assert_int_equal(ex->manifest, strcmp(col[3], "true") == 0);
		if (!strpbrk(ex->pattern, "*?[\\")) {
			const cw__extractor *found = cw__extractor_find(ex->pattern);
			if (found != ex)
				fail_msg("%s: row %zu, but row %td (%s) above matches it first",
				         ex->pattern, row, found - cw__extractors, found->pattern);
		}
		row++;
	}
	assert_int_equal(row, cw__extractor_count);
	free(text);

	/* Globs: the rows above them do not take these names. */
	assert_string_equal(cw__extractor_find("dev-requirements.txt")->format, "pip requirements");
	assert_string_equal(cw__extractor_find("pylock.dev.toml")->format, "PEP 751 lockfile");
	assert_string_equal(cw__extractor_find("App.fsproj")->format, "MSBuild project");
	assert_ptr_equal(cw__extractor_find("package.json")->extract, cw__extract_package_json);
	assert_null(cw__extractor_find("README.md"));
	assert_false(cw_inventory_is_supported_file("package.json.orig"));
}

static void test_walk__directory_skips_node_modules_and_excludes(void **s)
{
	(void)s;
	cw_inventory *inv = NULL;
	const char *excl[] = { "lockfile-v1" };
	cw_inventory_scan_options o = CW_INVENTORY_SCAN_OPTIONS_INIT;
	o.excludes = excl;
	o.exclude_count = 1;
	cw_assert_ok(cw_inventory_new(&inv));
	cw_assert_ok(cw_inventory_scan_path(inv, cw_test_shared("fixtures/npm/small"), &o));
	size_t roots = 0;
	for (size_t i = 0; i < cw_inventory_component_count(inv); i++)
		roots += cw_inventory_component(inv, i)->kind == CW_COMPONENT_ROOT;
	/* small/package-lock.json and lockfile-v2/ (v1 excluded); package.json covered by the lock. */
	assert_int_equal(roots, 2);
	assert_int_equal(cw_inventory_failure_count(inv), 0);
	cw_inventory_free(inv);
}


static void test_walk__symlinks_never_lead_out_of_the_tree(void **s)
{
	(void)s;
	char root[] = "/tmp/cw-walk-XXXXXX", path[512], target[512];
	const char *lock = cw_test_shared("fixtures/npm/small/package-lock.json");
	assert_non_null(mkdtemp(root));
	snprintf(path, sizeof(path), "%s/inside", root);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/outside", root);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/inside/proj", root);
	assert_int_equal(mkdir(path, 0700), 0);
	/* A lockfile outside the tree, reached by a file link and a directory link. */
	snprintf(path, sizeof(path), "%s/outside/package-lock.json", root);
	assert_int_equal(symlink(lock, path), 0);
	snprintf(path, sizeof(path), "%s/inside/proj/package-lock.json", root);
	snprintf(target, sizeof(target), "%s/outside/package-lock.json", root);
	assert_int_equal(symlink(target, path), 0);
	snprintf(path, sizeof(path), "%s/inside/dirlink", root);
	snprintf(target, sizeof(target), "%s/outside", root);
	assert_int_equal(symlink(target, path), 0);
	/* A file link that stays inside the tree is read. */
	snprintf(path, sizeof(path), "%s/inside/real", root);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/inside/real/package.json", root);
	FILE *fp = fopen(path, "w");
	fputs("{\"name\":\"real\",\"dependencies\":{\"x\":\"1\"}}", fp);
	fclose(fp);
	snprintf(path, sizeof(path), "%s/inside/alias", root);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/inside/alias/package.json", root);
	snprintf(target, sizeof(target), "%s/inside/real/package.json", root);
	assert_int_equal(symlink(target, path), 0);

	snprintf(path, sizeof(path), "%s/inside", root);
	cw_inventory *inv = cw_inv_scan(path);
	/* Only the two package.json (one real, one linked inside); nothing from outside. */
	assert_int_equal(cw_inventory_component_count(inv), 4);
	for (size_t i = 0; i < cw_inventory_component_count(inv); i++)
		assert_null(strstr(cw_inventory_component(inv, i)->file, "proj"));
	cw_inventory_free(inv);
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

/* ---- yarn, pnpm, bun on small inline files --------------------------------- */

static void test_yarn__v1_aliases_and_multi_descriptor_headers(void **s)
{
	(void)s;
	static const char lock[] =
		"# yarn lockfile v1\n\n\n"
		"a@^1.0.0, a@^1.1.0:\n"
		"  version \"1.2.0\"\n"
		"  resolved \"https://registry.example/a/-/a-1.2.0.tgz#da39a3ee5e6b4b0d3255bfef95601890afd80709\"\n"
		"  integrity sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=\n"
		"  dependencies:\n"
		"    sw \"npm:string-width@^4\"\n"
		"    \"@s/b\" \"^2.0.0\"\n"
		"  optionalDependencies:\n"
		"    o \"1\"\n\n"
		"\"sw@npm:string-width@^4\":\n"
		"  version \"4.2.3\"\n\n"
		"\"@s/b@^2.0.0\":\n"
		"  version \"2.0.1\"\n"
		"  resolved \"https://registry.example/@s/b/-/b-2.0.1.tgz#0123456789abcdef0123456789abcdef01234567\"\n\n"
		"o@1:\n"
		"  version \"1.0.0\"\n";
	cw_inventory *inv = cw_inv_parse("yarn.lock", lock);
	size_t a = cw_inv_find(inv, "a", "1.2.0"), sw = cw_inv_find(inv, "string-width", "4.2.3");
	size_t b = cw_inv_find(inv, "@s/b", "2.0.1"), o = cw_inv_find(inv, "o", "1.0.0");
	const cw_component *ac = cw_inventory_component(inv, a);
	assert_true(cw_inv_depends(inv, a, sw));
	assert_true(cw_inv_depends(inv, a, b));
	assert_true(cw_inv_depends(inv, a, o));
	assert_int_equal(ac->line, 4);
	assert_string_equal(ac->resolved, "https://registry.example/a/-/a-1.2.0.tgz");
	assert_string_equal(ac->hashes[0].hex, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	assert_int_equal(cw_inventory_component(inv, o)->scope, CW_SCOPE_OPTIONAL);
	assert_int_equal(cw_inventory_component(inv, b)->scope, CW_SCOPE_REQUIRED);
	/* Without integrity, the sha1 in the URL fragment is the hash. */
	assert_int_equal(cw_inventory_component(inv, b)->hash_count, 1);
	assert_string_equal(cw_inventory_component(inv, b)->hashes[0].hex, "0123456789abcdef0123456789abcdef01234567");
	/* No package.json: the root depends on what nothing else requires. */
	size_t root = cw_inventory_component(inv, a)->root;
	assert_true(cw_inv_depends(inv, root, a));
	assert_false(cw_inv_depends(inv, root, b));
	cw_inventory_free(inv);
}

static void test_yarn__berry_workspace_root_and_resolution_names(void **s)
{
	(void)s;
	static const char lock[] =
		"__metadata:\n  version: 8\n  cacheKey: 10c0\n\n"
		"\"app@workspace:.\":\n  version: 0.0.0-use.local\n  resolution: \"app@workspace:.\"\n"
		"  dependencies:\n    sw: \"npm:string-width@^4\"\n    lib: \"workspace:packages/lib\"\n"
		"  languageName: unknown\n  linkType: soft\n\n"
		"\"lib@workspace:packages/lib\":\n  version: 0.0.0-use.local\n  resolution: \"lib@workspace:packages/lib\"\n"
		"  dependencies:\n    x: \"npm:^1.0.0\"\n\n"
		"\"sw@npm:string-width@^4\":\n  version: 4.2.3\n  resolution: \"string-width@npm:4.2.3\"\n\n"
		"\"x@npm:^1.0.0, x@npm:^1.0.1\":\n  version: 1.0.2\n  resolution: \"x@npm:1.0.2\"\n"
		"  peerDependencies:\n    sw: \"*\"\n  peerDependenciesMeta:\n    sw:\n      optional: true\n";
	cw_inventory *inv = cw_inv_parse("yarn.lock", lock);
	size_t root = cw_inv_find(inv, "app", NULL), lib = cw_inv_find(inv, "lib", NULL);
	size_t sw = cw_inv_find(inv, "string-width", "4.2.3"), x = cw_inv_find(inv, "x", "1.0.2");
	assert_int_equal(cw_inventory_component(inv, root)->kind, CW_COMPONENT_ROOT);
	assert_int_equal(cw_inventory_component(inv, lib)->kind, CW_COMPONENT_WORKSPACE);
	assert_true(cw_inv_depends(inv, root, sw));
	assert_true(cw_inv_depends(inv, root, lib));
	assert_true(cw_inv_depends(inv, lib, x));
	assert_int_equal(cw_inventory_component(inv, x)->line, 24);
	cw_inventory_free(inv);
}

static void test_pnpm__v6_and_v5_keys_peers_aliases_dev(void **s)
{
	(void)s;
	static const char v6[] =
		"lockfileVersion: '6.0'\n\n"
		"dependencies:\n  a:\n    specifier: ^1.0.0\n    version: 1.0.0(p@2.0.0)\n"
		"  sw:\n    specifier: npm:string-width@^4\n    version: /string-width@4.2.3\n\n"
		"devDependencies:\n  d:\n    specifier: ^1\n    version: 1.0.0\n\n"
		"packages:\n\n"
		"  /a@1.0.0(p@2.0.0):\n    resolution: {integrity: sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=}\n"
		"    dependencies:\n      p: 2.0.0\n    dev: false\n\n"
		"  /p@2.0.0:\n    resolution: {integrity: sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=}\n    dev: false\n\n"
		"  /string-width@4.2.3:\n    resolution: {integrity: sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=}\n    dev: false\n\n"
		"  /d@1.0.0:\n    resolution: {integrity: sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=}\n"
		"    dependencies:\n      p: 2.0.0\n    dev: true\n";
	cw_inventory *inv = cw_inv_parse("pnpm-lock.yaml", v6);
	size_t a = cw_inv_find(inv, "a", "1.0.0"), p = cw_inv_find(inv, "p", "2.0.0");
	size_t sw = cw_inv_find(inv, "string-width", "4.2.3"), d = cw_inv_find(inv, "d", "1.0.0");
	size_t root = cw_inventory_component(inv, a)->root;
	assert_true(cw_inv_depends(inv, root, a));
	assert_true(cw_inv_depends(inv, root, sw));
	assert_true(cw_inv_depends(inv, a, p));
	assert_true(cw_inv_depends(inv, d, p));
	assert_int_equal(cw_inventory_component(inv, d)->scope, CW_SCOPE_DEV);
	assert_int_equal(cw_inventory_component(inv, p)->scope, CW_SCOPE_REQUIRED);
	assert_int_equal(cw_inventory_component(inv, a)->line, 18);
	cw_inventory_free(inv);

	static const char v5[] =
		"lockfileVersion: 5.4\n\nspecifiers:\n  '@s/a': ^1.0.0\n\n"
		"dependencies:\n  '@s/a': 1.0.0_p@2.0.0\n\n"
		"packages:\n\n"
		"  /@s/a/1.0.0_p@2.0.0:\n    resolution: {integrity: sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=}\n"
		"    dependencies:\n      p: 2.0.0\n    dev: false\n\n"
		"  /p/2.0.0:\n    resolution: {integrity: sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=}\n    dev: false\n";
	inv = cw_inv_parse("pnpm-lock.yaml", v5);
	a = cw_inv_find(inv, "@s/a", "1.0.0");
	p = cw_inv_find(inv, "p", "2.0.0");
	assert_true(cw_inv_depends(inv, cw_inventory_component(inv, a)->root, a));
	assert_true(cw_inv_depends(inv, a, p));
	assert_int_equal(cw_inventory_component_count(inv), 3);
	cw_inventory_free(inv);
}

static void test_pnpm__bad_yaml_and_versions_are_reported(void **s)
{
	(void)s;
	cw_inventory *inv = NULL;
	cw_assert_ok(cw_inventory_new(&inv));
	const char bad[] = "lockfileVersion: '9.0'\npackages:\n  a@1: [\n";
	assert_int_equal(cw_inventory_parse_data(inv, "pnpm-lock.yaml", bad, strlen(bad)), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "pnpm-lock.yaml:4:"));
	const char old[] = "lockfileVersion: 3\n";
	assert_int_equal(cw_inventory_parse_data(inv, "pnpm-lock.yaml", old, strlen(old)), CW_EUNSUPPORTED);
	cw_inventory_free(inv);
}

static void test_bun__text_lockfile_nested_paths_and_workspaces(void **s)
{
	(void)s;
	static const char lock[] =
		"{\n  \"lockfileVersion\": 1,\n  \"workspaces\": {\n"
		"    \"\": { \"name\": \"app\", \"dependencies\": { \"a\": \"^1\", \"lib\": \"workspace:*\" },\n"
		"            \"devDependencies\": { \"@s/d\": \"1\", }, },\n"
		"    \"packages/lib\": { \"name\": \"lib\", \"version\": \"0.1.0\", \"dependencies\": { \"b\": \"1\" } },\n"
		"  },\n  // a comment\n  \"packages\": {\n"
		"    \"a\": [\"a@1.0.0\", \"\", { \"dependencies\": { \"b\": \"^2\" } }, \"sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=\"],\n\n"
		"    \"a/b\": [\"b@2.0.0\", \"\", {}, \"sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=\"],\n\n"
		"    \"b\": [\"b@1.0.0\", \"\", {}, \"sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=\"],\n\n"
		"    \"@s/d\": [\"@s/d@1.0.0\", \"\", { \"dependencies\": { \"b\": \"1\" } }, \"sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=\"],\n\n"
		"    \"lib\": [\"lib@workspace:packages/lib\"],\n"
		"  }\n}\n";
	cw_inventory *inv = cw_inv_parse("bun.lock", lock);
	size_t root = cw_inv_find(inv, "app", NULL), a = cw_inv_find(inv, "a", "1.0.0");
	size_t b1 = cw_inv_find(inv, "b", "1.0.0"), b2 = cw_inv_find(inv, "b", "2.0.0");
	size_t d = cw_inv_find(inv, "@s/d", "1.0.0"), lib = cw_inv_find(inv, "lib", "0.1.0");
	assert_true(cw_inv_depends(inv, root, a));
	assert_true(cw_inv_depends(inv, root, lib));
	assert_true(cw_inv_depends(inv, a, b2));
	assert_false(cw_inv_depends(inv, a, b1));
	assert_true(cw_inv_depends(inv, d, b1));
	assert_true(cw_inv_depends(inv, lib, b1));
	assert_int_equal(cw_inventory_component(inv, d)->scope, CW_SCOPE_DEV);
	assert_int_equal(cw_inventory_component(inv, b2)->scope, CW_SCOPE_REQUIRED);
	assert_int_equal(cw_inventory_component(inv, b2)->line, 12);
	assert_int_equal(cw_inventory_component(inv, a)->hash_count, 1);
	cw_inventory_free(inv);
}

static void test_fixture__yarn_and_pnpm_graphs_reach_everything(void **s)
{
	(void)s;
	static const char *files[] = { "fixtures/yarn/classic-v1/yarn.lock", "fixtures/yarn/berry-v4/yarn.lock",
	                               "fixtures/pnpm/pnpm-lock.yaml" };
	for (size_t f = 0; f < 3; f++) {
		cw_inventory *inv = cw_inv_scan(cw_test_shared(files[f]));
		size_t n = cw_inventory_component_count(inv), root = 0, reached = 0, top = 0;
		bool *seen = calloc(n, 1);
		size_t *stack = malloc(n * sizeof(size_t));
		assert_int_equal(cw_inventory_component(inv, root)->kind, CW_COMPONENT_ROOT);
		assert_string_equal(cw_inventory_component(inv, root)->name, "npm-medium");
		stack[top++] = root;
		seen[root] = true;
		while (top) {
			size_t c = stack[--top], nd;
			const size_t *deps;
			reached++;
			cw_assert_ok(cw_inventory_dependencies_of(inv, c, &deps, &nd));
			for (size_t k = 0; k < nd; k++)
				if (!seen[deps[k]]) {
					seen[deps[k]] = true;
					stack[top++] = deps[k];
				}
		}
		print_message("%s: %zu of %zu reachable, %zu edges\n", files[f], reached, n,
		              cw_inventory_dependency_count(inv));
		assert_int_equal(reached, n);
		/* @babel/core is direct and depends on @babel/generator. */
		size_t core = cw_inv_find(inv, "@babel/core", NULL), gen = cw_inv_find(inv, "@babel/generator", NULL);
		assert_true(cw_inventory_component(inv, core)->direct);
		assert_true(cw_inv_depends(inv, core, gen));
		free(seen);
		free(stack);
		cw_inventory_free(inv);
	}
}

/* ---- SBOMs read back -------------------------------------------------------- */

static void test_sbom_read__cyclonedx_1_4_nested_components_and_graph(void **s)
{
	(void)s;
	static const char doc[] =
		"{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.4\",\"version\":1,\n"
		" \"metadata\":{\"component\":{\"type\":\"application\",\"bom-ref\":\"app\",\"name\":\"app\",\"version\":\"2.0.0\"}},\n"
		" \"components\":[\n"
		"  {\"type\":\"library\",\"bom-ref\":\"r1\",\"group\":\"org.acme\",\"name\":\"core\",\"version\":\"1.2\",\n"
		"   \"purl\":\"pkg:maven/org.acme/core@1.2\",\"scope\":\"optional\",\n"
		"   \"hashes\":[{\"alg\":\"SHA-256\",\"content\":\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"}],\n"
		"   \"licenses\":[{\"license\":{\"id\":\"Apache-2.0\"}}],\n"
		"   \"components\":[{\"type\":\"library\",\"bom-ref\":\"r2\",\"name\":\"JSONStream\",\"version\":\"1.3.5\",\n"
		"                    \"purl\":\"pkg:npm/jsonstream@1.3.5\"}]},\n"
		"  {\"type\":\"library\",\"bom-ref\":\"r3\",\"name\":\"nopurl\",\"version\":\"0.1\",\"scope\":\"excluded\"}],\n"
		" \"dependencies\":[{\"ref\":\"app\",\"dependsOn\":[\"r1\",\"r3\"]},{\"ref\":\"r1\",\"dependsOn\":[\"r2\",\"missing\"]}]}\n";
	cw_inventory *inv = NULL;
	cw_assert_ok(cw_inventory_new(&inv));
	cw_assert_ok(cw_inventory_read_sbom_data(inv, "bom.json", doc, strlen(doc)));
	size_t app = cw_inv_find(inv, "app", "2.0.0"), core = cw_inv_find(inv, "org.acme:core", "1.2");
	size_t js = cw_inv_find(inv, "JSONStream", "1.3.5"), np = cw_inv_find(inv, "nopurl", "0.1");
	const cw_component *c = cw_inventory_component(inv, core);
	assert_int_equal(cw_inventory_component(inv, app)->kind, CW_COMPONENT_ROOT);
	assert_string_equal(c->ecosystem, "maven");
	assert_string_equal(c->purl, "pkg:maven/org.acme/core@1.2");
	assert_int_equal(c->scope, CW_SCOPE_OPTIONAL);
	assert_string_equal(c->license, "Apache-2.0");
	assert_int_equal(c->hash_count, 1);
	assert_string_equal(c->hashes[0].algorithm, "SHA-256");
	assert_true(c->direct);
	assert_string_equal(cw_inventory_component(inv, js)->purl, "pkg:npm/jsonstream@1.3.5");
	assert_string_equal(cw_inventory_component(inv, np)->ecosystem, "generic");
	assert_int_equal(cw_inventory_component(inv, np)->scope, CW_SCOPE_DEV);
	assert_true(cw_inv_depends(inv, app, core));
	assert_true(cw_inv_depends(inv, app, np));
	assert_true(cw_inv_depends(inv, core, js));
	assert_int_equal(cw_inventory_dependency_count(inv), 3);
	cw_inventory_free(inv);
}

static void test_sbom_read__spdx_2_2_describes_and_reverse_relationships(void **s)
{
	(void)s;
	static const char doc[] =
		"{\"spdxVersion\":\"SPDX-2.2\",\"SPDXID\":\"SPDXRef-DOCUMENT\",\"documentDescribes\":[\"SPDXRef-app\"],\n"
		" \"packages\":[\n"
		"  {\"SPDXID\":\"SPDXRef-a\",\"name\":\"a\",\"versionInfo\":\"1.0.0\",\"downloadLocation\":\"https://x.invalid/a.tgz\",\n"
		"   \"checksums\":[{\"algorithm\":\"SHA1\",\"checksumValue\":\"da39a3ee5e6b4b0d3255bfef95601890afd80709\"}],\n"
		"   \"licenseDeclared\":\"MIT OR Apache-2.0\",\n"
		"   \"externalRefs\":[{\"referenceCategory\":\"PACKAGE-MANAGER\",\"referenceType\":\"purl\",\"referenceLocator\":\"pkg:pypi/a@1.0.0\"}]},\n"
		"  {\"SPDXID\":\"SPDXRef-app\",\"name\":\"app\",\"versionInfo\":\"3\",\"downloadLocation\":\"NOASSERTION\"},\n"
		"  {\"SPDXID\":\"SPDXRef-t\",\"name\":\"t\",\"versionInfo\":\"9\",\"downloadLocation\":\"NONE\"}],\n"
		" \"relationships\":[{\"spdxElementId\":\"SPDXRef-a\",\"relationshipType\":\"DEPENDENCY_OF\",\"relatedSpdxElement\":\"SPDXRef-app\"},\n"
		"  {\"spdxElementId\":\"SPDXRef-t\",\"relationshipType\":\"DEV_DEPENDENCY_OF\",\"relatedSpdxElement\":\"SPDXRef-app\"},\n"
		"  {\"spdxElementId\":\"SPDXRef-a\",\"relationshipType\":\"CONTAINS\",\"relatedSpdxElement\":\"SPDXRef-t\"}]}\n";
	cw_inventory *inv = NULL;
	cw_assert_ok(cw_inventory_new(&inv));
	cw_assert_ok(cw_inventory_read_sbom_data(inv, "doc.spdx.json", doc, strlen(doc)));
	size_t app = cw_inv_find(inv, "app", "3"), a = cw_inv_find(inv, "a", "1.0.0"), t = cw_inv_find(inv, "t", "9");
	const cw_component *ac = cw_inventory_component(inv, a);
	assert_int_equal(cw_inventory_component(inv, app)->kind, CW_COMPONENT_ROOT);
	assert_int_equal(app, 0); /* roots come first */
	assert_string_equal(ac->ecosystem, "pypi");
	assert_string_equal(ac->resolved, "https://x.invalid/a.tgz");
	assert_string_equal(ac->license, "MIT OR Apache-2.0");
	assert_string_equal(ac->hashes[0].algorithm, "SHA-1");
	assert_null(cw_inventory_component(inv, t)->resolved);
	assert_true(cw_inv_depends(inv, app, a));
	assert_true(cw_inv_depends(inv, app, t));
	assert_false(cw_inv_depends(inv, a, t));
	assert_int_equal(cw_inventory_dependency(inv, 1)->scope, CW_SCOPE_DEV);
	cw_inventory_free(inv);

	cw_assert_ok(cw_inventory_new(&inv));
	assert_int_equal(cw_inventory_read_sbom_data(inv, "x.json", "{\"spdxVersion\":\"SPDX-2.1\"}", 26), CW_EUNSUPPORTED);
	assert_int_equal(cw_inventory_read_sbom_data(inv, "x.json", "{\"a\":", 5), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "x.json:1:"));
	cw_inventory_free(inv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture__npm_small_v3),
		cmocka_unit_test(test_fixture__npm_small_v2),
		cmocka_unit_test(test_fixture__npm_small_v1),
		cmocka_unit_test(test_fixture__npm_medium_v3),
		cmocka_unit_test(test_fixture__npm_medium_v2),
		cmocka_unit_test(test_fixture__npm_medium_v1),
		cmocka_unit_test(test_fixture__npm_large_v3),
		cmocka_unit_test(test_fixture__yarn_classic_v1),
		cmocka_unit_test(test_fixture__yarn_berry_v4),
		cmocka_unit_test(test_fixture__pnpm_v9),
		cmocka_unit_test(test_npm__large_graph_has_paths_and_dev_scopes),
		cmocka_unit_test(test_npm__small_edges_hashes_and_lines),
		cmocka_unit_test(test_npm__aliases_links_workspaces_nested_and_flags),
		cmocka_unit_test(test_npm__v1_alias_nested_requires),
		cmocka_unit_test(test_npm__dedup_by_purl_within_a_file),
		cmocka_unit_test(test_npm__errors_name_file_and_line),
		cmocka_unit_test(test_jsonpull__escapes_lines_and_jsonc),
		cmocka_unit_test(test_jsonpull__depth_is_capped),
		cmocka_unit_test(test_package_json__declared_ranges_without_lockfile),
		cmocka_unit_test(test_extractors__table_is_the_tsv_in_match_order),
		cmocka_unit_test(test_walk__directory_skips_node_modules_and_excludes),
		cmocka_unit_test(test_walk__symlinks_never_lead_out_of_the_tree),
		cmocka_unit_test(test_yarn__v1_aliases_and_multi_descriptor_headers),
		cmocka_unit_test(test_yarn__berry_workspace_root_and_resolution_names),
		cmocka_unit_test(test_pnpm__v6_and_v5_keys_peers_aliases_dev),
		cmocka_unit_test(test_pnpm__bad_yaml_and_versions_are_reported),
		cmocka_unit_test(test_bun__text_lockfile_nested_paths_and_workspaces),
		cmocka_unit_test(test_fixture__yarn_and_pnpm_graphs_reach_everything),
		cmocka_unit_test(test_sbom_read__cyclonedx_1_4_nested_components_and_graph),
		cmocka_unit_test(test_sbom_read__spdx_2_2_describes_and_reverse_relationships),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
