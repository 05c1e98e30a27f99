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

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inventory/jsonpull.h"
#include "util/error.h"

/* ---- helpers ------------------------------------------------------------ */

static char *fmt3(const char *a, const char *b, const char *c)
{
	size_t n = strlen(a) + strlen(b) + strlen(c) + 3;
	char *s = malloc(n);
	snprintf(s, n, "%s|%s|%s", a, b, c);
	return s;
}

static cw_inventory *scan(const char *path)
{
	cw_inventory *inv = NULL;
	cw_assert_ok(cw_inventory_new(&inv));
	cw_assert_ok(cw_inventory_scan_path(inv, path, NULL));
	for (size_t i = 0; i < cw_inventory_failure_count(inv); i++)
		fail_msg("unexpected failure: %s", cw_inventory_failure(inv, i));
	return inv;
}

static cw_inventory *parse(const char *name, const char *text)
{
	cw_inventory *inv = NULL;
	cw_assert_ok(cw_inventory_new(&inv));
	cw_assert_ok(cw_inventory_parse_data(inv, name, text, strlen(text)));
	return inv;
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_expected(json_t *arr, char ***set, size_t *n)
{
	size_t i;
	json_t *p;
	json_array_foreach(arr, i, p) {
		char *s = fmt3(json_string_value(json_object_get(p, "ecosystem")),
		               json_string_value(json_object_get(p, "name")),
		               json_string_value(json_object_get(p, "version")));
		*set = realloc(*set, (*n + 1) * sizeof(char *));
		(*set)[(*n)++] = s;
	}
}

/* Compare the unique (ecosystem, name, version) of dependencies with expected.json. */
static void check_fixture(const char *lock_rel, const char *expected_rel)
{
	cw_inventory *inv = scan(cw_test_shared(lock_rel));
	json_error_t jerr;
	json_t *exp = json_load_file(cw_test_shared(expected_rel), 0, &jerr);
	char **want = NULL, **got = NULL;
	size_t nwant = 0, ngot = 0, matched = 0;

	assert_non_null(exp);
	add_expected(json_object_get(exp, "packages"), &want, &nwant);
	add_expected(json_object_get(exp, "in_lockfile_but_not_installed"), &want, &nwant);
	qsort(want, nwant, sizeof(char *), cmp_strp);

	for (size_t i = 0; i < cw_inventory_component_count(inv); i++) {
		const cw_component *c = cw_inventory_component(inv, i);
		if (c->kind != CW_COMPONENT_LIBRARY)
			continue;
		char *s = fmt3(c->ecosystem, c->name, c->version ? c->version : "");
		got = realloc(got, (ngot + 1) * sizeof(char *));
		got[ngot++] = s;
	}
	qsort(got, ngot, sizeof(char *), cmp_strp);
	size_t u = 0;
	for (size_t i = 0; i < ngot; i++)
		if (!u || strcmp(got[u - 1], got[i]) != 0)
			got[u++] = got[i];
		else
			free(got[i]);
	ngot = u;

	size_t i = 0, j = 0;
	while (i < nwant || j < ngot) {
		int r = i >= nwant ? 1 : j >= ngot ? -1 : strcmp(want[i], got[j]);
		if (r == 0) {
			matched++;
			i++;
			j++;
		} else if (r < 0) {
			print_message("  missing: %s\n", want[i++]);
		} else {
			print_message("  unexpected: %s\n", got[j++]);
		}
	}
	print_message("%s: matched %zu / expected %zu (found %zu)\n", lock_rel, matched, nwant, ngot);
	assert_int_equal(matched, nwant);
	assert_int_equal(ngot, nwant);

	for (i = 0; i < nwant; i++)
		free(want[i]);
	for (i = 0; i < ngot; i++)
		free(got[i]);
	free(want);
	free(got);
	json_decref(exp);
	cw_inventory_free(inv);
}

static size_t find(const cw_inventory *inv, const char *name, const char *version)
{
	for (size_t i = 0; i < cw_inventory_component_count(inv); i++) {
		const cw_component *c = cw_inventory_component(inv, i);
		if (!strcmp(c->name, name) && (!version || (c->version && !strcmp(c->version, version))))
			return i;
	}
	fail_msg("component %s@%s not found", name, version ? version : "*");
	return SIZE_MAX;
}

static bool depends(const cw_inventory *inv, size_t from, size_t to)
{
	const size_t *deps;
	size_t n;
	cw_assert_ok(cw_inventory_dependencies_of(inv, from, &deps, &n));
	for (size_t i = 0; i < n; i++)
		if (deps[i] == to)
			return true;
	return false;
}

/* ---- fixtures ------------------------------------------------------------ */

static void test_fixture__npm_small_v3(void **s) { (void)s; check_fixture("fixtures/npm/small/package-lock.json", "fixtures/npm/small/expected.json"); }
static void test_fixture__npm_small_v2(void **s) { (void)s; check_fixture("fixtures/npm/small/lockfile-v2/package-lock.json", "fixtures/npm/small/expected.json"); }
static void test_fixture__npm_small_v1(void **s) { (void)s; check_fixture("fixtures/npm/small/lockfile-v1/package-lock.json", "fixtures/npm/small/expected.json"); }
static void test_fixture__npm_medium_v3(void **s) { (void)s; check_fixture("fixtures/npm/medium/package-lock.json", "fixtures/npm/medium/expected.json"); }
static void test_fixture__npm_medium_v2(void **s) { (void)s; check_fixture("fixtures/npm/medium/lockfile-v2/package-lock.json", "fixtures/npm/medium/expected.json"); }
static void test_fixture__npm_medium_v1(void **s) { (void)s; check_fixture("fixtures/npm/medium/lockfile-v1/package-lock.json", "fixtures/npm/medium/expected.json"); }
static void test_fixture__npm_large_v3(void **s) { (void)s; check_fixture("fixtures/npm/large/package-lock.json", "fixtures/npm/large/expected.json"); }
static void test_fixture__yarn_classic_v1(void **s) { (void)s; check_fixture("fixtures/yarn/classic-v1/yarn.lock", "fixtures/yarn/classic-v1/expected.json"); }
static void test_fixture__yarn_berry_v4(void **s) { (void)s; check_fixture("fixtures/yarn/berry-v4/yarn.lock", "fixtures/yarn/berry-v4/expected.json"); }
static void test_fixture__pnpm_v9(void **s) { (void)s; check_fixture("fixtures/pnpm/pnpm-lock.yaml", "fixtures/pnpm/expected.json"); }

/* ---- the model on real files ----------------------------------------------- */

static void test_npm__large_graph_has_paths_and_dev_scopes(void **s)
{
	(void)s;
	cw_inventory *inv = scan(cw_test_shared("fixtures/npm/large/package-lock.json"));
	json_error_t jerr;
	json_t *exp = json_load_file(cw_test_shared("fixtures/npm/large/expected.json"), 0, &jerr);
	size_t root = find(inv, "npm-large", "1.0.0");
	size_t jest = find(inv, "jest", NULL);
	const cw_component *rc = cw_inventory_component(inv, root);

	assert_int_equal(rc->kind, CW_COMPONENT_ROOT);
	assert_true(depends(inv, root, jest));
	assert_true(cw_inventory_component(inv, jest)->direct);
	/* Every installed package of this project is a dev dependency (all -D). */
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(exp, "packages"), i, p) {
		size_t c = find(inv, json_string_value(json_object_get(p, "name")),
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
	cw_inventory *inv = scan(path);
	size_t root = find(inv, "npm-small", "1.0.0");
	size_t express = find(inv, "express", NULL);
	size_t qs = find(inv, "qs", NULL);
	size_t body = find(inv, "body-parser", NULL);
	const cw_component *c = cw_inventory_component(inv, express);

	/* app -> express -> qs, as the dependency-path feature needs. */
	assert_true(depends(inv, root, express));
	assert_true(depends(inv, express, qs) || (depends(inv, express, body) && depends(inv, body, qs)));
	size_t *path_ix = NULL, plen = 0;
	cw_assert_ok(cw_inventory_dependency_path(inv, qs, &path_ix, &plen));
	assert_true(plen >= 3);
	assert_int_equal(path_ix[0], root);
	assert_int_equal(path_ix[plen - 1], qs);
	for (size_t k = 0; k + 1 < plen; k++)
		assert_true(depends(inv, path_ix[k], path_ix[k + 1]));
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
	cw_inventory *inv = parse("package-lock.json", lock_v3_features);
	size_t root = find(inv, "app", "1.0.0");
	size_t ws = find(inv, "ws-pkg", "0.1.0");
	size_t sw = find(inv, "string-width", "4.2.3");
	size_t a1 = find(inv, "a", "1.0.0"), a2 = find(inv, "a", "2.0.0");
	size_t b1 = find(inv, "b", "1.0.0"), b2 = find(inv, "b", "2.0.0");
	size_t o = find(inv, "o", "1.0.0"), d = find(inv, "d", "1.0.0");
	size_t x = find(inv, "@s/x", "3.0.0");

	assert_int_equal(cw_inventory_component(inv, ws)->kind, CW_COMPONENT_WORKSPACE);
	assert_true(depends(inv, root, sw));         /* alias resolved to its real name */
	assert_true(depends(inv, root, a1));
	assert_true(depends(inv, root, ws));
	assert_true(depends(inv, ws, a2));           /* the workspace's own node_modules wins */
	assert_true(depends(inv, a1, b2));           /* nested node_modules wins over the top */
	assert_false(depends(inv, a1, b1));
	assert_true(depends(inv, d, b1));            /* peer resolved from the top level */
	assert_true(depends(inv, a1, o));
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
	cw_inventory *inv = parse("package-lock.json", v1);
	size_t root = find(inv, "app", "1.0.0");
	size_t a = find(inv, "a", "1.0.0"), b1 = find(inv, "b", "1.0.0"), b2 = find(inv, "b", "2.0.0");
	size_t sw = find(inv, "string-width", "4.2.3");
	assert_true(depends(inv, a, b2));
	assert_false(depends(inv, a, b1));
	assert_true(depends(inv, a, sw));
	/* Without package.json, the root depends on the top-level packages nobody requires. */
	assert_true(depends(inv, root, a));
	assert_true(depends(inv, root, b1));
	assert_false(depends(inv, root, sw));
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
	cw_inventory *inv = parse("package-lock.json", lock);
	/* root, a, b, c (once), d */
	assert_int_equal(cw_inventory_component_count(inv), 5);
	size_t c = find(inv, "c", "1.0.0");
	assert_int_equal(cw_inventory_component(inv, c)->scope, CW_SCOPE_REQUIRED);
	assert_true(depends(inv, c, find(inv, "d", "1.0.0")));
	assert_true(depends(inv, find(inv, "b", "1.0.0"), c));
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
	cw_inventory *inv = parse("package.json", pj);
	size_t root = find(inv, "@me/app", "2.0.0");
	size_t jest = find(inv, "jest", NULL);
	const cw_component *j = cw_inventory_component(inv, jest);
	assert_null(j->version);
	assert_string_equal(j->declared, "~30");
	assert_int_equal(j->scope, CW_SCOPE_DEV);
	assert_int_equal(j->line, 6);
	assert_string_equal(j->purl, "pkg:npm/jest");
	assert_true(depends(inv, root, jest));
	assert_string_equal(cw_inventory_component(inv, find(inv, "string-width", NULL))->declared, "^4");
	cw_inventory_free(inv);
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
	cw_inventory *inv = scan(path);
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
	cw_inventory *inv = parse("yarn.lock", lock);
	size_t a = find(inv, "a", "1.2.0"), sw = find(inv, "string-width", "4.2.3");
	size_t b = find(inv, "@s/b", "2.0.1"), o = find(inv, "o", "1.0.0");
	const cw_component *ac = cw_inventory_component(inv, a);
	assert_true(depends(inv, a, sw));
	assert_true(depends(inv, a, b));
	assert_true(depends(inv, a, o));
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
	assert_true(depends(inv, root, a));
	assert_false(depends(inv, root, b));
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
	cw_inventory *inv = parse("yarn.lock", lock);
	size_t root = find(inv, "app", NULL), lib = find(inv, "lib", NULL);
	size_t sw = find(inv, "string-width", "4.2.3"), x = find(inv, "x", "1.0.2");
	assert_int_equal(cw_inventory_component(inv, root)->kind, CW_COMPONENT_ROOT);
	assert_int_equal(cw_inventory_component(inv, lib)->kind, CW_COMPONENT_WORKSPACE);
	assert_true(depends(inv, root, sw));
	assert_true(depends(inv, root, lib));
	assert_true(depends(inv, lib, x));
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
	cw_inventory *inv = parse("pnpm-lock.yaml", v6);
	size_t a = find(inv, "a", "1.0.0"), p = find(inv, "p", "2.0.0");
	size_t sw = find(inv, "string-width", "4.2.3"), d = find(inv, "d", "1.0.0");
	size_t root = cw_inventory_component(inv, a)->root;
	assert_true(depends(inv, root, a));
	assert_true(depends(inv, root, sw));
	assert_true(depends(inv, a, p));
	assert_true(depends(inv, d, p));
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
	inv = parse("pnpm-lock.yaml", v5);
	a = find(inv, "@s/a", "1.0.0");
	p = find(inv, "p", "2.0.0");
	assert_true(depends(inv, cw_inventory_component(inv, a)->root, a));
	assert_true(depends(inv, a, p));
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
	cw_inventory *inv = parse("bun.lock", lock);
	size_t root = find(inv, "app", NULL), a = find(inv, "a", "1.0.0");
	size_t b1 = find(inv, "b", "1.0.0"), b2 = find(inv, "b", "2.0.0");
	size_t d = find(inv, "@s/d", "1.0.0"), lib = find(inv, "lib", "0.1.0");
	assert_true(depends(inv, root, a));
	assert_true(depends(inv, root, lib));
	assert_true(depends(inv, a, b2));
	assert_false(depends(inv, a, b1));
	assert_true(depends(inv, d, b1));
	assert_true(depends(inv, lib, b1));
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
		cw_inventory *inv = scan(cw_test_shared(files[f]));
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
		size_t core = find(inv, "@babel/core", NULL), gen = find(inv, "@babel/generator", NULL);
		assert_true(cw_inventory_component(inv, core)->direct);
		assert_true(depends(inv, core, gen));
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
	size_t app = find(inv, "app", "2.0.0"), core = find(inv, "org.acme:core", "1.2");
	size_t js = find(inv, "JSONStream", "1.3.5"), np = find(inv, "nopurl", "0.1");
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
	assert_true(depends(inv, app, core));
	assert_true(depends(inv, app, np));
	assert_true(depends(inv, core, js));
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
	size_t app = find(inv, "app", "3"), a = find(inv, "a", "1.0.0"), t = find(inv, "t", "9");
	const cw_component *ac = cw_inventory_component(inv, a);
	assert_int_equal(cw_inventory_component(inv, app)->kind, CW_COMPONENT_ROOT);
	assert_int_equal(app, 0); /* roots come first */
	assert_string_equal(ac->ecosystem, "pypi");
	assert_string_equal(ac->resolved, "https://x.invalid/a.tgz");
	assert_string_equal(ac->license, "MIT OR Apache-2.0");
	assert_string_equal(ac->hashes[0].algorithm, "SHA-1");
	assert_null(cw_inventory_component(inv, t)->resolved);
	assert_true(depends(inv, app, a));
	assert_true(depends(inv, app, t));
	assert_false(depends(inv, a, t));
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
