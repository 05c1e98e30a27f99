/*
 * test_inventory_langs.c - extractors of the other language ecosystems
 * (lang.h): Java, Ruby, PHP, .NET, Dart, Elixir/Erlang, Swift, C/C++, R.
 *
 * Fixture tests: for every fixture under
 * ../shared/fixtures/other-ecosystems with an expected.json, the set of
 * (ecosystem, name, version) found equals the expected set exactly (each
 * prints matched/expected).  Formats without fixtures are tested on small
 * files written here, with their graph, scopes, hashes and lines.
 */
#include "cw_test.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
		const char *v = json_string_value(json_object_get(p, "version"));
		char *s = fmt3(json_string_value(json_object_get(p, "ecosystem")),
		               json_string_value(json_object_get(p, "name")), v ? v : "");
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
	qsort(want, nwant, sizeof(char *), cmp_strp);
	size_t u = 0;
	for (size_t i = 0; i < nwant; i++)
		if (!u || strcmp(want[u - 1], want[i]) != 0)
			want[u++] = want[i];
		else
			free(want[i]);
	nwant = u;

	for (size_t i = 0; i < cw_inventory_component_count(inv); i++) {
		const cw_component *c = cw_inventory_component(inv, i);
		if (c->kind == CW_COMPONENT_ROOT)
			continue;
		char *s = fmt3(c->ecosystem, c->name, c->version ? c->version : "");
		got = realloc(got, (ngot + 1) * sizeof(char *));
		got[ngot++] = s;
	}
	qsort(got, ngot, sizeof(char *), cmp_strp);
	u = 0;
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
		if (c->kind == CW_COMPONENT_LIBRARY && !strcmp(c->name, name) &&
		    (!version || (c->version && !strcmp(c->version, version))))
			return i;
	}
	fail_msg("component %s@%s not found", name, version ? version : "*");
	return SIZE_MAX;
}

static size_t root_of(const cw_inventory *inv)
{
	for (size_t i = 0; i < cw_inventory_component_count(inv); i++)
		if (cw_inventory_component(inv, i)->kind == CW_COMPONENT_ROOT)
			return i;
	fail_msg("no root");
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

static size_t library_count(const cw_inventory *inv)
{
	size_t n = 0;
	for (size_t i = 0; i < cw_inventory_component_count(inv); i++)
		n += cw_inventory_component(inv, i)->kind == CW_COMPONENT_LIBRARY;
	return n;
}

/* Parsing `text` as `name` fails with a message containing `want`. */
static void expect_error(const char *name, const char *text, const char *want)
{
	cw_inventory *inv = NULL;
	cw_assert_ok(cw_inventory_new(&inv));
	int rc = cw_inventory_parse_data(inv, name, text, strlen(text));
	assert_true(rc < 0);
	if (!strstr(cw_error_last()->message, want))
		fail_msg("%s: message \"%s\" lacks \"%s\"", name, cw_error_last()->message, want);
	cw_inventory_free(inv);
}

/* ---- fixtures ------------------------------------------------------------ */

#define OE "fixtures/other-ecosystems/"
static void test_fixture__gradle(void **s) { (void)s; check_fixture(OE "gradle/gradle.lockfile", OE "gradle/expected.json"); }
static void test_fixture__bundler(void **s) { (void)s; check_fixture(OE "bundler/Gemfile.lock", OE "bundler/expected.json"); }
static void test_fixture__composer(void **s) { (void)s; check_fixture(OE "composer/composer.lock", OE "composer/expected.json"); }
static void test_fixture__nuget(void **s) { (void)s; check_fixture(OE "nuget/packages.lock.json", OE "nuget/expected.json"); }
static void test_fixture__pub(void **s) { (void)s; check_fixture(OE "pub/pubspec.lock", OE "pub/expected.json"); }
static void test_fixture__mix(void **s) { (void)s; check_fixture(OE "mix/mix.lock", OE "mix/expected.json"); }
static void test_fixture__conan(void **s) { (void)s; check_fixture(OE "conan/conan.lock", OE "conan/expected.json"); }

/* ---- Ruby --------------------------------------------------------------- */

static const char gemfile_lock[] =
	"GIT\n"
	"  remote: https://example.org/rack.git\n"
	"  revision: 0123456789abcdef0123456789abcdef01234567\n"
	"  specs:\n"
	"    rack (3.1.0)\n"
	"\n"
	"PATH\n"
	"  remote: .\n"
	"  specs:\n"
	"    myapp (0.1.0)\n"
	"      nokogiri (~> 1.15)\n"
	"\n"
	"GEM\n"
	"  remote: https://gems.example.org/\n"
	"  specs:\n"
	"    mini_portile2 (2.8.5)\n"
	"    nokogiri (1.15.4)\n"
	"      mini_portile2 (~> 2.8.2)\n"
	"      racc (~> 1.4)\n"
	"    nokogiri (1.15.4-x86_64-linux)\n"
	"      racc (~> 1.4)\n"
	"    racc (1.7.3)\n"
	"\n"
	"PLATFORMS\n"
	"  ruby\n"
	"  x86_64-linux\n"
	"\n"
	"DEPENDENCIES\n"
	"  myapp!\n"
	"  rack!\n"
	"\n"
	"CHECKSUMS\n"
	"  racc (1.7.3) sha256=b785ab8a30ec43bce073c51dbbe791fd27000f68d1c996c95da98bf685316905\n"
	"\n"
	"BUNDLED WITH\n"
	"   2.5.3\n";

static void test_gemfile__sections_platforms_graph_and_checksums(void **s)
{
	(void)s;
	cw_inventory *inv = parse("Gemfile.lock", gemfile_lock);
	assert_int_equal(library_count(inv), 5);
	size_t root = root_of(inv);
	size_t rack = find(inv, "rack", "3.1.0"), app = find(inv, "myapp", "0.1.0");
	size_t noko = find(inv, "nokogiri", "1.15.4"), racc = find(inv, "racc", "1.7.3");
	size_t mini = find(inv, "mini_portile2", "2.8.5");
	assert_true(depends(inv, root, rack));
	assert_true(depends(inv, root, app));
	assert_false(depends(inv, root, noko));
	assert_true(depends(inv, app, noko));
	assert_true(depends(inv, noko, racc));
	assert_true(depends(inv, noko, mini));
	const cw_component *c = cw_inventory_component(inv, noko);
	assert_false(c->direct);
	assert_int_equal(c->line, 17);
	assert_string_equal(c->purl, "pkg:gem/nokogiri@1.15.4");
	assert_true(cw_inventory_component(inv, rack)->direct);
	assert_string_equal(cw_inventory_component(inv, rack)->resolved,
	                    "git+https://example.org/rack.git#0123456789abcdef0123456789abcdef01234567");
	c = cw_inventory_component(inv, racc);
	assert_int_equal(c->hash_count, 1);
	assert_string_equal(c->hashes[0].algorithm, "SHA-256");
	assert_string_equal(c->hashes[0].hex, "b785ab8a30ec43bce073c51dbbe791fd27000f68d1c996c95da98bf685316905");
	assert_int_equal(c->scope, CW_SCOPE_REQUIRED);
	cw_inventory_free(inv);

	expect_error("Gemfile.lock", "GEM\n  specs:\n    broken (1.0\n", "Gemfile.lock:3:5: expected \"name (version)\"");
	expect_error("Gemfile.lock", "GEM\n  specs:\n    noversion\n", "without a version");
}

/* ---- Java: pom.xml ------------------------------------------------------- */

static const cw_component *comp(const cw_inventory *inv, const char *name)
{
	return cw_inventory_component(inv, find(inv, name, NULL));
}

/* spring-petclinic: 24 <dependencies> (plugin dependencies such as
 * checkstyle are not dependencies of the project); three versions come from
 * <properties>, the others are managed by spring-boot-starter-parent, which
 * is not in the tree, so they have no version. */
static void test_pom__fixture_properties_scopes_and_unresolved(void **s)
{
	(void)s;
	cw_inventory *inv = scan(cw_test_shared(OE "maven/pom.xml"));
	assert_int_equal(library_count(inv), 24);
	const cw_component *r = cw_inventory_component(inv, root_of(inv));
	assert_string_equal(r->purl, "pkg:maven/org.springframework.samples/spring-petclinic@4.0.0-SNAPSHOT");
	const cw_component *c = comp(inv, "org.webjars.npm:bootstrap");
	assert_string_equal(c->version, "5.3.8");
	assert_string_equal(c->purl, "pkg:maven/org.webjars.npm/bootstrap@5.3.8");
	assert_int_equal(c->scope, CW_SCOPE_REQUIRED);
	assert_int_equal(c->line, 102);
	assert_string_equal(comp(inv, "org.webjars:webjars-locator-lite")->version, "1.1.3");
	assert_string_equal(comp(inv, "org.webjars.npm:font-awesome")->version, "4.7.0");
	c = comp(inv, "com.h2database:h2");
	assert_null(c->version);
	assert_int_equal(c->scope, CW_SCOPE_REQUIRED);
	assert_true(c->direct);
	assert_int_equal(comp(inv, "org.springframework.boot:spring-boot-devtools")->scope, CW_SCOPE_OPTIONAL);
	assert_int_equal(comp(inv, "org.testcontainers:testcontainers-mysql")->scope, CW_SCOPE_DEV);
	for (size_t i = 0; i < cw_inventory_component_count(inv); i++)
		assert_null(strstr(cw_inventory_component(inv, i)->name, "checkstyle"));
	cw_inventory_free(inv);
}

static void write_file(const char *dir, const char *rel, const char *text)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static const char parent_pom[] =
	"<?xml version=\"1.0\"?>\n"
	"<project>\n"
	"  <groupId>org.example</groupId>\n"
	"  <artifactId>parent</artifactId>\n"
	"  <version>2.0.0</version>\n"
	"  <packaging>pom</packaging>\n"
	"  <properties>\n"
	"    <jackson.version>2.17.1</jackson.version>\n"
	"    <guava.version>33.0-jre</guava.version>\n"
	"  </properties>\n"
	"  <dependencyManagement><dependencies>\n"
	"    <dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId>\n"
	"      <version>${jackson.version}</version></dependency>\n"
	"    <dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>4.13.2</version>\n"
	"      <scope>test</scope></dependency>\n"
	"  </dependencies></dependencyManagement>\n"
	"  <dependencies>\n"
	"    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.13</version></dependency>\n"
	"  </dependencies>\n"
	"</project>\n";

static const char child_pom[] =
	"<?xml version=\"1.0\"?>\n"
	"<project>\n"
	"  <parent>\n"
	"    <groupId>org.example</groupId>\n"
	"    <artifactId>parent</artifactId>\n"
	"    <version>2.0.0</version>\n"
	"  </parent>\n"
	"  <artifactId>app</artifactId>\n"
	"  <properties><guava.version>32.1.3-jre</guava.version></properties>\n"
	"  <dependencyManagement><dependencies>\n"
	"    <dependency><groupId>org.example</groupId><artifactId>bom</artifactId><version>1.0</version>\n"
	"      <type>pom</type><scope>import</scope></dependency>\n"
	"  </dependencies></dependencyManagement>\n"
	"  <dependencies>\n"
	"    <dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId></dependency>\n"
	"    <dependency><groupId>junit</groupId><artifactId>junit</artifactId></dependency>\n"
	"    <dependency><groupId>com.google.guava</groupId><artifactId>guava</artifactId><version>${guava.version}</version></dependency>\n"
	"    <dependency><groupId>${project.groupId}</groupId><artifactId>core</artifactId><version>${project.version}</version></dependency>\n"
	"    <dependency><groupId>org.example</groupId><artifactId>ranged</artifactId><version>[1.0,2.0)</version></dependency>\n"
	"    <dependency><groupId>org.example</groupId><artifactId>unknown</artifactId><version>${nowhere.version}</version></dependency>\n"
	"    <dependency><groupId>javax.servlet</groupId><artifactId>servlet-api</artifactId><version>2.5</version><scope>provided</scope></dependency>\n"
	"  </dependencies>\n"
	"</project>\n";

static void test_pom__parent_in_tree_management_and_ranges(void **s)
{
	(void)s;
	char tmpl[] = "/tmp/cw-pom-XXXXXX";
	char *dir = mkdtemp(tmpl);
	char sub[4096];
	assert_non_null(dir);
	snprintf(sub, sizeof(sub), "%s/app", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	write_file(dir, "pom.xml", parent_pom);
	write_file(dir, "app/pom.xml", child_pom);

	char path[4096];
	snprintf(path, sizeof(path), "%s/pom.xml", sub);
	cw_inventory *inv = scan(path);
	const cw_component *r = cw_inventory_component(inv, root_of(inv));
	assert_string_equal(r->purl, "pkg:maven/org.example/app@2.0.0");
	/* managed by the parent, version from the parent's property */
	assert_string_equal(comp(inv, "com.fasterxml.jackson.core:jackson-databind")->version, "2.17.1");
	/* managed version and scope */
	assert_string_equal(comp(inv, "junit:junit")->version, "4.13.2");
	assert_int_equal(comp(inv, "junit:junit")->scope, CW_SCOPE_DEV);
	/* the child's property wins over the parent's */
	assert_string_equal(comp(inv, "com.google.guava:guava")->version, "32.1.3-jre");
	/* ${project.groupId} / ${project.version} inherited from <parent> */
	assert_string_equal(comp(inv, "org.example:core")->version, "2.0.0");
	/* a range and an unknown property are reported, not guessed */
	const cw_component *c = comp(inv, "org.example:ranged");
	assert_null(c->version);
	assert_string_equal(c->declared, "[1.0,2.0)");
	c = comp(inv, "org.example:unknown");
	assert_null(c->version);
	assert_string_equal(c->declared, "${nowhere.version}");
	assert_int_equal(comp(inv, "javax.servlet:servlet-api")->scope, CW_SCOPE_PEER);
	/* inherited from the parent's <dependencies> */
	assert_string_equal(comp(inv, "org.slf4j:slf4j-api")->version, "2.0.13");
	/* the imported BOM */
	assert_int_equal(comp(inv, "org.example:bom")->scope, CW_SCOPE_DEV);
	assert_int_equal(library_count(inv), 9);
	cw_inventory_free(inv);

	/* scanning the directory reads both POMs, each its own root */
	inv = scan(dir);
	size_t roots = 0;
	for (size_t i = 0; i < cw_inventory_component_count(inv); i++)
		roots += cw_inventory_component(inv, i)->kind == CW_COMPONENT_ROOT;
	assert_int_equal(roots, 2);
	cw_inventory_free(inv);

	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);

	expect_error("pom.xml", "<project><dependencies><dependency>\n</project>", "pom.xml:2:");
	expect_error("pom.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY a \"b\">]>\n<project/>", "document type");
	expect_error("pom.xml", "<settings/>", "expected <project>");
}

/* ---- main ------------------------------------------------------------------ */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture__gradle),
		cmocka_unit_test(test_fixture__bundler),
		cmocka_unit_test(test_fixture__composer),
		cmocka_unit_test(test_fixture__nuget),
		cmocka_unit_test(test_fixture__pub),
		cmocka_unit_test(test_fixture__mix),
		cmocka_unit_test(test_fixture__conan),
		cmocka_unit_test(test_pom__fixture_properties_scopes_and_unresolved),
		cmocka_unit_test(test_pom__parent_in_tree_management_and_ranges),
		cmocka_unit_test(test_gemfile__sections_platforms_graph_and_checksums),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
