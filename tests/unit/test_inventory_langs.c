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

#include "util/buf.h"
#include "util/error.h"
#include "cw_inv_check.h"

/* ---- helpers ------------------------------------------------------------ */

static char *fmt3(const char *a, const char *b, const char *c)
{
	size_t n = strlen(a) + strlen(b) + strlen(c) + 3;
	char *s = malloc(n);
	snprintf(s, n, "%s|%s|%s", a, b, c);
	return s;
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
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
/* Project references (workspace members) count, the file's root does not. */
#define CW_KINDS_NOT_ROOT (CW_KIND_BIT(CW_COMPONENT_LIBRARY) | CW_KIND_BIT(CW_COMPONENT_WORKSPACE))
static void test_fixture__gradle(void **s) { (void)s; cw_inv_check_fixture(OE "gradle/gradle.lockfile", OE "gradle/expected.json", CW_KINDS_NOT_ROOT); }
static void test_fixture__bundler(void **s) { (void)s; cw_inv_check_fixture(OE "bundler/Gemfile.lock", OE "bundler/expected.json", CW_KINDS_NOT_ROOT); }
static void test_fixture__composer(void **s) { (void)s; cw_inv_check_fixture(OE "composer/composer.lock", OE "composer/expected.json", CW_KINDS_NOT_ROOT); }
static void test_fixture__nuget(void **s) { (void)s; cw_inv_check_fixture(OE "nuget/packages.lock.json", OE "nuget/expected.json", CW_KINDS_NOT_ROOT); }
static void test_fixture__pub(void **s) { (void)s; cw_inv_check_fixture(OE "pub/pubspec.lock", OE "pub/expected.json", CW_KINDS_NOT_ROOT); }
static void test_fixture__mix(void **s) { (void)s; cw_inv_check_fixture(OE "mix/mix.lock", OE "mix/expected.json", CW_KINDS_NOT_ROOT); }
static void test_fixture__conan(void **s) { (void)s; cw_inv_check_fixture(OE "conan/conan.lock", OE "conan/expected.json", CW_KINDS_NOT_ROOT); }

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
	cw_inventory *inv = cw_inv_parse("Gemfile.lock", gemfile_lock);
	assert_int_equal(library_count(inv), 5);
	size_t root = cw_inv_root(inv);
	size_t rack = find(inv, "rack", "3.1.0"), app = find(inv, "myapp", "0.1.0");
	size_t noko = find(inv, "nokogiri", "1.15.4"), racc = find(inv, "racc", "1.7.3");
	size_t mini = find(inv, "mini_portile2", "2.8.5");
	assert_true(cw_inv_depends(inv, root, rack));
	assert_true(cw_inv_depends(inv, root, app));
	assert_false(cw_inv_depends(inv, root, noko));
	assert_true(cw_inv_depends(inv, app, noko));
	assert_true(cw_inv_depends(inv, noko, racc));
	assert_true(cw_inv_depends(inv, noko, mini));
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
	cw_inventory *inv = cw_inv_scan(cw_test_shared(OE "maven/pom.xml"));
	assert_int_equal(library_count(inv), 24);
	const cw_component *r = cw_inventory_component(inv, cw_inv_root(inv));
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
	cw_inventory *inv = cw_inv_scan(path);
	const cw_component *r = cw_inventory_component(inv, cw_inv_root(inv));
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
	inv = cw_inv_scan(dir);
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

	/* properties that multiply at each level stop growing: reported as unresolved */
	inv = cw_inv_parse("pom.xml",
		"<project><groupId>g</groupId><artifactId>a</artifactId><version>1</version><properties>\n"
		"<a>${b}${b}${b}${b}${b}${b}${b}${b}</a><b>${c}${c}${c}${c}${c}${c}${c}${c}</b>\n"
		"<c>${d}${d}${d}${d}${d}${d}${d}${d}</c><d>${e}${e}${e}${e}${e}${e}${e}${e}</d>\n"
		"<e>${f}${f}${f}${f}${f}${f}${f}${f}</e><f>xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx</f>\n"
		"<loop>${loop}</loop></properties><dependencies>\n"
		"<dependency><groupId>g</groupId><artifactId>x</artifactId><version>${a}</version></dependency>\n"
		"<dependency><groupId>g</groupId><artifactId>y</artifactId><version>${loop}</version></dependency>\n"
		"</dependencies></project>\n");
	c = comp(inv, "g:x");
	assert_null(c->version);
	assert_true(strlen(c->declared) < 8192);
	assert_null(comp(inv, "g:y")->version);
	cw_inventory_free(inv);
}

/* ---- Gradle: lockfile scopes, verification metadata, version catalog ----- */

static void test_gradle__lockfile_configurations_to_scopes(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_parse("gradle.lockfile",
		"# This is a Gradle generated file for dependency locking.\n"
		"com.google.guava:guava:33.0.0-jre=compileClasspath,runtimeClasspath,testRuntimeClasspath\n"
		"junit:junit:4.13.2=testCompileClasspath,testRuntimeClasspath\n"
		"com.puppycrawl.tools:checkstyle:10.12.0=checkstyle\n"
		"androidx.core:core:1.12.0=releaseRuntimeClasspath\n"
		"empty=annotationProcessor\n");
	assert_int_equal(library_count(inv), 4);
	const cw_component *c = comp(inv, "com.google.guava:guava");
	assert_string_equal(c->purl, "pkg:maven/com.google.guava/guava@33.0.0-jre");
	assert_int_equal(c->scope, CW_SCOPE_REQUIRED);
	assert_int_equal(c->line, 2);
	assert_int_equal(comp(inv, "junit:junit")->scope, CW_SCOPE_DEV);
	assert_int_equal(comp(inv, "com.puppycrawl.tools:checkstyle")->scope, CW_SCOPE_DEV);
	assert_int_equal(comp(inv, "androidx.core:core")->scope, CW_SCOPE_REQUIRED);
	cw_inventory_free(inv);
	expect_error("gradle.lockfile", "# x\ncom.example:only-two=compileClasspath\n", "gradle.lockfile:2:1: expected");
}

static const char verification_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<verification-metadata xmlns=\"https://schema.gradle.org/dependency-verification\">\n"
	"   <configuration>\n"
	"      <verify-metadata>true</verify-metadata>\n"
	"   </configuration>\n"
	"   <components>\n"
	"      <component group=\"com.google.guava\" name=\"guava\" version=\"33.0.0-jre\">\n"
	"         <artifact name=\"guava-33.0.0-jre.module\">\n"
	"            <sha256 value=\"1111111111111111111111111111111111111111111111111111111111111111\" origin=\"Generated by Gradle\"/>\n"
	"         </artifact>\n"
	"         <artifact name=\"guava-33.0.0-jre.jar\">\n"
	"            <sha256 value=\"f2f1ba5d20f7b5e8a2d6f3b9b4ce2a1d0b5a1c9e8d7f6e5d4c3b2a1908f7e6d5\" origin=\"Generated by Gradle\"/>\n"
	"            <sha512 value=\"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\" origin=\"Generated by Gradle\"/>\n"
	"         </artifact>\n"
	"      </component>\n"
	"      <component group=\"org.jetbrains\" name=\"annotations\" version=\"13.0\">\n"
	"         <artifact name=\"annotations-13.0.pom\">\n"
	"            <sha256 value=\"2222222222222222222222222222222222222222222222222222222222222222\" origin=\"Generated by Gradle\"/>\n"
	"         </artifact>\n"
	"      </component>\n"
	"   </components>\n"
	"</verification-metadata>\n";

static void test_gradle__verification_metadata_hashes(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_parse("verification-metadata.xml", verification_xml);
	assert_int_equal(library_count(inv), 2);
	const cw_component *c = comp(inv, "com.google.guava:guava");
	assert_string_equal(c->version, "33.0.0-jre");
	assert_int_equal(c->line, 7);
	assert_int_equal(c->hash_count, 2);
	bool s256 = false, s512 = false;
	for (size_t i = 0; i < c->hash_count; i++) {
		if (!strcmp(c->hashes[i].algorithm, "SHA-256")) {
			assert_string_equal(c->hashes[i].hex, "f2f1ba5d20f7b5e8a2d6f3b9b4ce2a1d0b5a1c9e8d7f6e5d4c3b2a1908f7e6d5");
			s256 = true;
		}
		if (!strcmp(c->hashes[i].algorithm, "SHA-512")) {
			assert_string_equal(c->hashes[i].hex, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
			                                      "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
			s512 = true;
		}
	}
	assert_true(s256 && s512);
	c = comp(inv, "org.jetbrains:annotations");
	assert_int_equal(c->hash_count, 1);
	assert_string_equal(c->hashes[0].hex, "2222222222222222222222222222222222222222222222222222222222222222");
	cw_inventory_free(inv);
	expect_error("verification-metadata.xml", "<verification-metadata><components>\n<component group=\"g\" name=\"a\"/>"
	             "</components></verification-metadata>", "verification-metadata.xml:2:");
}

static const char catalog_toml[] =
	"[versions]\n"
	"groovy = \"3.0.5\"\n"
	"checkstyle = \"8.37\"\n"
	"jackson = { strictly = \"[2.15, 2.17[\", prefer = \"2.16.1\" }\n"
	"\n"
	"[libraries]\n"
	"groovy-core = { module = \"org.codehaus.groovy:groovy\", version.ref = \"groovy\" }\n"
	"groovy-json = { group = \"org.codehaus.groovy\", name = \"groovy-json\", version = { ref = \"groovy\" } }\n"
	"commons-lang3 = \"org.apache.commons:commons-lang3:3.14.0\"\n"
	"jackson = { module = \"com.fasterxml.jackson.core:jackson-databind\", version.ref = \"jackson\" }\n"
	"guava = { module = \"com.google.guava:guava\", version = { require = \"32.+\" } }\n"
	"bom-managed = { module = \"org.slf4j:slf4j-api\" }\n"
	"\n"
	"[bundles]\n"
	"groovy = [\"groovy-core\", \"groovy-json\"]\n"
	"\n"
	"[plugins]\n"
	"versions = { id = \"com.github.ben-manes.versions\", version = \"0.51.0\" }\n";

static void test_gradle__version_catalog(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_parse("libs.versions.toml", catalog_toml);
	assert_int_equal(library_count(inv), 7);
	const cw_component *c = comp(inv, "org.codehaus.groovy:groovy");
	assert_string_equal(c->version, "3.0.5");
	assert_int_equal(c->line, 7);
	assert_true(c->direct);
	assert_string_equal(comp(inv, "org.codehaus.groovy:groovy-json")->version, "3.0.5");
	assert_string_equal(comp(inv, "org.apache.commons:commons-lang3")->purl, "pkg:maven/org.apache.commons/commons-lang3@3.14.0");
	c = comp(inv, "com.fasterxml.jackson.core:jackson-databind");
	assert_null(c->version);
	assert_string_equal(c->declared, "[2.15, 2.17[");
	assert_string_equal(comp(inv, "com.google.guava:guava")->declared, "32.+");
	assert_null(comp(inv, "org.slf4j:slf4j-api")->version);
	c = comp(inv, "com.github.ben-manes.versions:com.github.ben-manes.versions.gradle.plugin");
	assert_string_equal(c->version, "0.51.0");
	assert_int_equal(c->scope, CW_SCOPE_DEV);
	cw_inventory_free(inv);

	/* a catalog of a project with a gradle.lockfile adds nothing: the lockfile has the versions */
	char tmpl[] = "/tmp/cw-catalog-XXXXXX";
	char *dir = mkdtemp(tmpl), sub[4096], cmd[4096];
	assert_non_null(dir);
	snprintf(sub, sizeof(sub), "%s/gradle", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	write_file(dir, "gradle/libs.versions.toml", catalog_toml);
	inv = cw_inv_scan(dir);
	assert_int_equal(library_count(inv), 7);
	cw_inventory_free(inv);
	write_file(dir, "gradle.lockfile", "org.codehaus.groovy:groovy:3.0.5=runtimeClasspath\nempty=\n");
	inv = cw_inv_scan(dir);
	assert_int_equal(library_count(inv), 1);
	cw_inventory_free(inv);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);

	expect_error("libs.versions.toml", "[libraries]\nx = { version = \"1\" }\n", "libs.versions.toml:2:");
}

/* ---- PHP, .NET, Dart, Elixir, C/C++ lockfiles with fixtures: details ------ */

static void test_composer__scopes_hashes_licenses_graph(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_parse("composer.lock",
		"{\n"
		"    \"packages\": [\n"
		"        {\n"
		"            \"name\": \"monolog/monolog\",\n"
		"            \"version\": \"3.5.0\",\n"
		"            \"dist\": {\"type\": \"zip\", \"url\": \"https://dl.example.org/monolog.zip\",\n"
		"                     \"shasum\": \"c915e2634718dbc8a4a15c61b0e62e7a44e14448\"},\n"
		"            \"require\": {\"php\": \">=8.1\", \"psr/log\": \"^2.0 || ^3.0\"},\n"
		"            \"license\": [\"MIT\"]\n"
		"        },\n"
		"        {\"name\": \"psr/log\", \"version\": \"3.0.0\", \"license\": [\"MIT\", \"Apache-2.0\"]}\n"
		"    ],\n"
		"    \"packages-dev\": [\n"
		"        {\"name\": \"phpunit/phpunit\", \"version\": \"10.5.1\"}\n"
		"    ]\n"
		"}\n");
	assert_int_equal(library_count(inv), 3);
	const cw_component *m = comp(inv, "monolog/monolog");
	assert_string_equal(m->purl, "pkg:composer/monolog/monolog@3.5.0");
	assert_int_equal(m->line, 4);
	assert_string_equal(m->license, "MIT");
	assert_string_equal(m->resolved, "https://dl.example.org/monolog.zip");
	assert_int_equal(m->hash_count, 1);
	assert_string_equal(m->hashes[0].algorithm, "SHA-1");
	assert_string_equal(m->hashes[0].hex, "c915e2634718dbc8a4a15c61b0e62e7a44e14448");
	assert_string_equal(comp(inv, "psr/log")->license, "MIT OR Apache-2.0");
	assert_int_equal(comp(inv, "psr/log")->line, 11);
	assert_true(cw_inv_depends(inv, find(inv, "monolog/monolog", NULL), find(inv, "psr/log", NULL)));
	assert_int_equal(comp(inv, "phpunit/phpunit")->scope, CW_SCOPE_DEV);
	assert_int_equal(comp(inv, "psr/log")->scope, CW_SCOPE_REQUIRED);
	cw_inventory_free(inv);
	expect_error("composer.lock", "{\"packages\": [{\"version\": \"1\"}]}", "without a name");
	expect_error("composer.lock", "{\"packages\": [\n{]}", "composer.lock:2:");
}

static void test_composer__fixture_direct_from_composer_json(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_scan(cw_test_shared(OE "composer/composer.lock"));
	size_t root = cw_inv_root(inv);
	/* composer.json requires composer/ca-bundle; it requires-dev phpstan/phpstan */
	size_t ca = find(inv, "composer/ca-bundle", NULL);
	assert_true(cw_inv_depends(inv, root, ca));
	assert_true(cw_inventory_component(inv, ca)->direct);
	assert_string_equal(cw_inventory_component(inv, root)->name, "composer/composer");
	cw_inventory_free(inv);
}

static const char nuget_lock[] =
	"{\n"
	"  \"version\": 1,\n"
	"  \"dependencies\": {\n"
	"    \"net8.0\": {\n"
	"      \"Serilog.Sinks.Console\": {\n"
	"        \"type\": \"Direct\",\n"
	"        \"requested\": \"[5.0.1, )\",\n"
	"        \"resolved\": \"5.0.1\",\n"
	"        \"contentHash\": \"6Jt2fb8E4GAHpKyU3qzQXUVOkSPZp1sRn7tD0aI1u9sDT2z2b4rTw4UkmHWXQfHAKk5i9XI0QXGo5eBRrDIgaQ==\",\n"
	"        \"dependencies\": { \"Serilog\": \"3.1.1\" }\n"
	"      },\n"
	"      \"Serilog\": { \"type\": \"Transitive\", \"resolved\": \"3.1.1\", \"contentHash\": \"\" },\n"
	"      \"mylib\": { \"type\": \"Project\", \"dependencies\": { \"Serilog\": \"[3.1.1, )\" } }\n"
	"    },\n"
	"    \"net8.0/linux-x64\": {\n"
	"      \"serilog\": { \"type\": \"Transitive\", \"resolved\": \"3.1.1\" }\n"
	"    }\n"
	"  }\n"
	"}\n";

static void test_nuget__frameworks_projects_hashes(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_parse("packages.lock.json", nuget_lock);
	size_t root = cw_inv_root(inv);
	size_t sink = find(inv, "Serilog.Sinks.Console", "5.0.1"), serilog = find(inv, "Serilog", "3.1.1");
	const cw_component *c = cw_inventory_component(inv, sink);
	assert_string_equal(c->purl, "pkg:nuget/Serilog.Sinks.Console@5.0.1");
	assert_int_equal(c->line, 5);
	assert_true(c->direct);
	assert_int_equal(c->hash_count, 1);
	assert_string_equal(c->hashes[0].algorithm, "SHA-512");
	assert_true(cw_inv_depends(inv, root, sink));
	assert_true(cw_inv_depends(inv, sink, serilog));
	assert_false(cw_inv_depends(inv, root, serilog));
	/* the Project entry is a workspace member with an edge, resolved case-insensitively */
	size_t proj = SIZE_MAX;
	for (size_t i = 0; i < cw_inventory_component_count(inv); i++)
		if (cw_inventory_component(inv, i)->kind == CW_COMPONENT_WORKSPACE)
			proj = i;
	assert_int_not_equal(proj, SIZE_MAX);
	assert_string_equal(cw_inventory_component(inv, proj)->name, "mylib");
	assert_null(cw_inventory_component(inv, proj)->version);
	assert_true(cw_inv_depends(inv, proj, serilog));
	cw_inventory_free(inv);
	expect_error("packages.lock.json", "{\"dependencies\": {\"net8.0\": {\n\"X\": {\"type\": \"Direct\"}}}}",
	             "packages.lock.json:2:");
}

static void test_pub__direct_dev_sources_and_hashes(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_scan(cw_test_shared(OE "pub/pubspec.lock"));
	size_t root = cw_inv_root(inv);
	assert_string_equal(cw_inventory_component(inv, root)->name, "appflowy");
	const cw_component *c = comp(inv, "analyzer");
	assert_true(c->direct);
	assert_int_equal(c->line, 17);
	assert_int_equal(c->hash_count, 1);
	assert_string_equal(c->hashes[0].hex, "1f14db053a8c23e260789e9b0980fa27f2680dd640932cae5e1137cce0e46e1e");
	assert_string_equal(c->purl, "pkg:pub/analyzer@6.11.0");
	c = comp(inv, "appflowy_editor");
	assert_string_equal(c->resolved, "git+https://github.com/AppFlowy-IO/appflowy-editor.git#470c4e77c71b63f693ce0923a927afcd667d6f3b");
	assert_false(comp(inv, "_fe_analyzer_shared")->direct);
	cw_inventory_free(inv);

	inv = cw_inv_parse("pubspec.lock",
		"packages:\n"
		"  lints:\n"
		"    dependency: \"direct dev\"\n"
		"    description:\n"
		"      name: lints\n"
		"      sha256: \"0a217c6c989d21039f1498c3ed9f3ed71b354e69873f13a8dfc3c9fe76f1b452\"\n"
		"      url: \"https://pub.example.org\"\n"
		"    source: hosted\n"
		"    version: \"2.1.1\"\n"
		"sdks:\n"
		"  dart: \">=3.0.0 <4.0.0\"\n");
	c = comp(inv, "lints");
	assert_int_equal(c->scope, CW_SCOPE_DEV);
	assert_true(c->direct);
	cw_inventory_free(inv);
	expect_error("pubspec.lock", "packages:\n  x:\n    source: hosted\n", "pubspec.lock:2:1: package \"x\" without a version");
}

static void test_pub__fixture_root_named_from_pubspec_yaml(void **s)
{
	(void)s;
	/* covered above: appflowy is the name in pubspec.yaml next to the lockfile */
	cw_inventory *inv = cw_inv_scan(cw_test_shared(OE "pub"));
	assert_int_equal(library_count(inv), 326);
	cw_inventory_free(inv);
}

static void test_mix__hex_git_graph_and_checksums(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_parse("mix.lock",
		"%{\n"
		"  \"plug\": {:hex, :plug, \"1.15.3\", \"712976f504418f6dff0a3e554c40d705a9bcf89a7ccef92fc6a5ef8f16a30a97\", [:mix], "
		"[{:mime, \"~> 1.0 or ~> 2.0\", [hex: :mime, repo: \"hexpm\", optional: false]}, "
		"{:plug_crypto, \"~> 1.1\", [hex: :plug_crypto, repo: \"hexpm\", optional: true]}], \"hexpm\", "
		"\"cc4365a3c010a56af402e0809208873d113e9c38c401cabd88027ef4f5c01fd2\"},\n"
		"  \"mime\": {:hex, :mime, \"2.0.5\", \"dc34c8efd439abe6ae0343edbb8556f4d63f178594894720607772a041b04b02\", [:mix], [], \"hexpm\", "
		"\"da0d64a365c45bc9935cc5c8a7fc5e49a0e0f9932a761c55d6c52b142780a05c\"},\n"
		"  \"plug_crypto\": {:hex, :plug_crypto, \"2.0.0\", \"77515cc10af06645abbfb5e6ad7a3e9714f805ae118fa1a70205f80d2d70fe73\", [:mix], [], \"hexpm\", "
		"\"53695bae57cc4e54566d993eb01074e4d894b65a3766f1c43e2c61a1b0f45ea9\"},\n"
		"  \"old\": {:hex, :old, \"0.1.0\", \"77515cc10af06645abbfb5e6ad7a3e9714f805ae118fa1a70205f80d2d70fe73\", [:rebar3], [], \"hexpm\"},\n"
		"  \"lumis\": {:git, \"https://git.example.org/lumis.git\", \"25cfdf6c2e1444ebf48f1dbd79352fa50acab823\", [branch: \"main\", depth: 1]},\n"
		"}\n");
	assert_int_equal(library_count(inv), 5);
	size_t root = cw_inv_root(inv);
	size_t plug = find(inv, "plug", "1.15.3"), mime = find(inv, "mime", "2.0.5"), pc = find(inv, "plug_crypto", "2.0.0");
	assert_true(cw_inv_depends(inv, plug, mime));
	assert_true(cw_inv_depends(inv, plug, pc));
	assert_true(cw_inv_depends(inv, root, plug));
	assert_false(cw_inv_depends(inv, root, mime));
	assert_int_equal(cw_inventory_component(inv, pc)->scope, CW_SCOPE_OPTIONAL);
	const cw_component *c = cw_inventory_component(inv, plug);
	assert_string_equal(c->purl, "pkg:hex/plug@1.15.3");
	assert_int_equal(c->line, 2);
	assert_int_equal(c->hash_count, 1);
	assert_string_equal(c->hashes[0].hex, "cc4365a3c010a56af402e0809208873d113e9c38c401cabd88027ef4f5c01fd2");
	c = comp(inv, "lumis");
	assert_null(c->version);
	assert_string_equal(c->resolved, "git+https://git.example.org/lumis.git#25cfdf6c2e1444ebf48f1dbd79352fa50acab823");
	assert_int_equal(c->line, 6);
	assert_int_equal(comp(inv, "old")->hash_count, 0);
	cw_inventory_free(inv);

	/* the older `"name" => {...}` map syntax */
	inv = cw_inv_parse("mix.lock", "%{\"jason\" => {:hex, :jason, \"1.4.1\"}}");
	assert_string_equal(comp(inv, "jason")->version, "1.4.1");
	cw_inventory_free(inv);

	expect_error("mix.lock", "%{\n  \"x\": {:hex, :x, \"1.0\"\n", "mix.lock:3:");
	expect_error("mix.lock", "%{\"x\": 42}", "expected \"name\": {:source");
	expect_error("mix.lock", "%{\"x\": {:hex, :x}}", "expected {:hex, :package");
}

static void test_conan__v2_sections_and_v1_graph(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_scan(cw_test_shared(OE "conan/conan.lock"));
	/* libiconv is in both requires and build_requires: one component, required */
	const cw_component *c = comp(inv, "libiconv");
	assert_string_equal(c->version, "1.17");
	assert_int_equal(c->scope, CW_SCOPE_REQUIRED);
	assert_string_equal(comp(inv, "zstd")->purl, "pkg:conan/zstd@1.5.5");
	assert_int_equal(comp(inv, "zstd")->line, 4);
	assert_true(comp(inv, "zstd")->direct);
	cw_inventory_free(inv);

	inv = cw_inv_parse("conan.lock",
		"{\n"
		" \"graph_lock\": {\n"
		"  \"nodes\": {\n"
		"   \"0\": {\"ref\": \"conanfile\", \"requires\": [\"1\"], \"build_requires\": [\"3\"]},\n"
		"   \"1\": {\"ref\": \"openssl/1.1.1w@#a8f0792d7c5121b954578a7149d23e03\", \"requires\": [\"2\"]},\n"
		"   \"2\": {\"ref\": \"zlib/1.3@user/stable#b1c4ec1bbed6d6e0a7da0ab8b5ba43c2\"},\n"
		"   \"3\": {\"ref\": \"cmake/3.27.7\", \"build_require\": true}\n"
		"  }\n"
		" },\n"
		" \"version\": \"0.4\"\n"
		"}\n");
	size_t root = cw_inv_root(inv), ssl = find(inv, "openssl", "1.1.1w"), z = find(inv, "zlib", "1.3");
	assert_true(cw_inv_depends(inv, root, ssl));
	assert_true(cw_inv_depends(inv, ssl, z));
	assert_false(cw_inventory_component(inv, z)->direct);
	assert_int_equal(comp(inv, "cmake")->scope, CW_SCOPE_DEV);
	cw_inventory_free(inv);
	expect_error("conan.lock", "{\"requires\": [\n\"noversion#abc\"]}", "expected a reference");
}

/* ---- .NET project files ---------------------------------------------------- */

static void test_csproj__package_references_central_versions_and_config(void **s)
{
	(void)s;
	char tmpl[] = "/tmp/cw-csproj-XXXXXX";
	char *dir = mkdtemp(tmpl), sub[4096], path[4096];
	assert_non_null(dir);
	snprintf(sub, sizeof(sub), "%s/src", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	snprintf(sub, sizeof(sub), "%s/src/Api", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	write_file(dir, "Directory.Packages.props",
		"<Project>\n"
		"  <PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup>\n"
		"  <ItemGroup>\n"
		"    <PackageVersion Include=\"Newtonsoft.Json\" Version=\"13.0.3\" />\n"
		"    <PackageVersion Include=\"Serilog\" Version=\"3.1.1\" />\n"
		"  </ItemGroup>\n"
		"</Project>\n");
	write_file(dir, "src/Api/Api.csproj",
		"<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n"
		"  <PropertyGroup>\n"
		"    <TargetFramework>net8.0</TargetFramework>\n"
		"  </PropertyGroup>\n"
		"  <ItemGroup>\n"
		"    <PackageReference Include=\"Newtonsoft.Json\" />\n"
		"    <PackageReference Include=\"serilog\" VersionOverride=\"3.0.0\" />\n"
		"    <PackageReference Include=\"Dapper\" Version=\"2.1.28\" />\n"
		"    <PackageReference Include=\"Polly\">\n"
		"      <Version>8.2.0</Version>\n"
		"    </PackageReference>\n"
		"    <PackageReference Include=\"StyleCop.Analyzers\" Version=\"1.1.118\" PrivateAssets=\"all\" />\n"
		"    <PackageReference Include=\"Floating\" Version=\"6.*\" />\n"
		"    <PackageReference Include=\"FromProperty\" Version=\"$(FromPropertyVersion)\" />\n"
		"  </ItemGroup>\n"
		"  <ItemGroup>\n"
		"    <ProjectReference Include=\"..\\Core\\Core.csproj\" />\n"
		"  </ItemGroup>\n"
		"</Project>\n");
	snprintf(path, sizeof(path), "%s/src/Api/Api.csproj", dir);
	cw_inventory *inv = cw_inv_scan(path);
	assert_string_equal(cw_inventory_component(inv, cw_inv_root(inv))->name, "Api");
	const cw_component *c = comp(inv, "Newtonsoft.Json");
	assert_string_equal(c->version, "13.0.3");
	assert_int_equal(c->line, 6);
	assert_true(c->direct);
	assert_string_equal(comp(inv, "serilog")->version, "3.0.0");
	assert_string_equal(comp(inv, "Dapper")->purl, "pkg:nuget/Dapper@2.1.28");
	assert_string_equal(comp(inv, "Polly")->version, "8.2.0");
	assert_int_equal(comp(inv, "StyleCop.Analyzers")->scope, CW_SCOPE_DEV);
	assert_null(comp(inv, "Floating")->version);
	assert_string_equal(comp(inv, "Floating")->declared, "6.*");
	assert_string_equal(comp(inv, "FromProperty")->declared, "$(FromPropertyVersion)");
	size_t ws = 0;
	for (size_t i = 0; i < cw_inventory_component_count(inv); i++) {
		const cw_component *w = cw_inventory_component(inv, i);
		if (w->kind == CW_COMPONENT_WORKSPACE) {
			assert_string_equal(w->name, "Core");
			ws++;
		}
	}
	assert_int_equal(ws, 1);
	assert_int_equal(library_count(inv), 7);
	cw_inventory_free(inv);

	/* with a packages.lock.json beside it, the project file adds nothing (the lockfile wins) */
	write_file(dir, "src/Api/packages.lock.json",
		"{\"version\": 1, \"dependencies\": {\"net8.0\": {\"Dapper\": {\"type\": \"Direct\", \"resolved\": \"2.1.28\"}}}}\n");
	inv = cw_inv_scan(sub);
	assert_int_equal(library_count(inv), 1);
	assert_string_equal(comp(inv, "Dapper")->file + strlen(comp(inv, "Dapper")->file) - strlen("packages.lock.json"),
	                    "packages.lock.json");
	cw_inventory_free(inv);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);

	inv = cw_inv_parse("packages.config",
		"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		"<packages>\n"
		"  <package id=\"EntityFramework\" version=\"6.4.4\" targetFramework=\"net48\" />\n"
		"  <package id=\"Microsoft.CodeDom.Providers.DotNetCompilerPlatform\" version=\"2.0.1\" targetFramework=\"net48\" developmentDependency=\"true\" />\n"
		"</packages>\n");
	assert_int_equal(library_count(inv), 2);
	c = comp(inv, "EntityFramework");
	assert_string_equal(c->purl, "pkg:nuget/EntityFramework@6.4.4");
	assert_int_equal(c->line, 3);
	assert_int_equal(comp(inv, "Microsoft.CodeDom.Providers.DotNetCompilerPlatform")->scope, CW_SCOPE_DEV);
	cw_inventory_free(inv);
	expect_error("packages.config", "<packages>\n  <package id=\"X\" />\n</packages>", "packages.config:2:");
	expect_error("App.csproj", "<Project><ItemGroup>\n<PackageReference Include=\"X\">\n</ItemGroup></Project>", "App.csproj:3:");
}

/* ---- Swift, vcpkg, renv ----------------------------------------------------- */

static void test_swift__resolved_v1_v2_v3(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_parse("Package.resolved",
		"{\n"
		"  \"object\": {\n"
		"    \"pins\": [\n"
		"      {\n"
		"        \"package\": \"swift-argument-parser\",\n"
		"        \"repositoryURL\": \"https://github.com/apple/swift-argument-parser.git\",\n"
		"        \"state\": { \"branch\": null, \"revision\": \"c8ed701b513cf5177118a175d85fbbbcd707ab41\", \"version\": \"1.3.0\" }\n"
		"      },\n"
		"      {\n"
		"        \"package\": \"Nimble\",\n"
		"        \"repositoryURL\": \"git@github.com:Quick/Nimble.git\",\n"
		"        \"state\": { \"branch\": \"main\", \"revision\": \"1f3bde57bde12f5e7b07909848c071e9b73d6edc\", \"version\": null }\n"
		"      }\n"
		"    ]\n"
		"  },\n"
		"  \"version\": 1\n"
		"}\n");
	const cw_component *c = comp(inv, "github.com/apple/swift-argument-parser");
	assert_string_equal(c->purl, "pkg:swift/github.com/apple/swift-argument-parser@1.3.0");
	assert_int_equal(c->line, 5);
	assert_true(c->direct);
	c = comp(inv, "github.com/Quick/Nimble");
	assert_string_equal(c->version, "1f3bde57bde12f5e7b07909848c071e9b73d6edc");
	assert_int_equal(c->line, 10);
	cw_inventory_free(inv);

	static const char *const v23[] = {
		"{\n  \"pins\" : [\n    {\n      \"identity\" : \"swift-nio\",\n      \"kind\" : \"remoteSourceControl\",\n"
		"      \"location\" : \"https://github.com/apple/swift-nio.git\",\n"
		"      \"state\" : { \"revision\" : \"fc63f0cf4e55a4597407a9fc95b16a2bc44b4982\", \"version\" : \"2.64.0\" }\n    },\n"
		"    {\n      \"identity\" : \"localpkg\",\n      \"kind\" : \"localSourceControl\",\n      \"location\" : \"/src/localpkg\",\n"
		"      \"state\" : { \"revision\" : \"0000000000000000000000000000000000000001\" }\n    }\n  ],\n  \"version\" : 2\n}\n",
		"{\n  \"originHash\" : \"5e1d8f7a\",\n  \"pins\" : [\n    {\n      \"identity\" : \"swift-nio\",\n      \"kind\" : \"remoteSourceControl\",\n"
		"      \"location\" : \"https://github.com/apple/swift-nio\",\n"
		"      \"state\" : { \"revision\" : \"fc63f0cf4e55a4597407a9fc95b16a2bc44b4982\", \"version\" : \"2.64.0\" }\n    }\n  ],\n  \"version\" : 3\n}\n",
	};
	for (size_t i = 0; i < 2; i++) {
		inv = cw_inv_parse("Package.resolved", v23[i]);
		c = comp(inv, "github.com/apple/swift-nio");
		assert_string_equal(c->purl, "pkg:swift/github.com/apple/swift-nio@2.64.0");
		assert_string_equal(c->resolved, i == 0 ? "git+https://github.com/apple/swift-nio.git#fc63f0cf4e55a4597407a9fc95b16a2bc44b4982"
		                                        : "git+https://github.com/apple/swift-nio#fc63f0cf4e55a4597407a9fc95b16a2bc44b4982");
		assert_int_equal(c->line, i == 0 ? 4 : 5);
		if (i == 0)
			assert_string_equal(comp(inv, "local/localpkg")->version, "0000000000000000000000000000000000000001");
		cw_inventory_free(inv);
	}
	expect_error("Package.resolved", "{\"pins\": {}}", "expected \"pins\"");
}

static void test_vcpkg__declared_overrides_baseline_host(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_parse("vcpkg.json",
		"{\n"
		"  \"name\": \"my-app\",\n"
		"  \"version\": \"0.3.0\",\n"
		"  \"dependencies\": [\n"
		"    \"fmt\",\n"
		"    { \"name\": \"boost-asio\", \"version>=\": \"1.83.0\" },\n"
		"    { \"name\": \"vcpkg-cmake\", \"host\": true },\n"
		"    { \"name\": \"winreg\", \"platform\": \"windows\" }\n"
		"  ],\n"
		"  \"overrides\": [ { \"name\": \"fmt\", \"version\": \"10.1.1\" } ],\n"
		"  \"builtin-baseline\": \"3426db05b996481ca31e95fff3734cf23e0f51bc\"\n"
		"}\n");
	assert_int_equal(library_count(inv), 4);
	assert_string_equal(cw_inventory_component(inv, cw_inv_root(inv))->purl, "pkg:vcpkg/my-app@0.3.0");
	const cw_component *c = comp(inv, "fmt");
	assert_string_equal(c->version, "10.1.1");
	assert_int_equal(c->line, 5);
	c = comp(inv, "boost-asio");
	assert_null(c->version);
	assert_string_equal(c->declared, ">=1.83.0");
	assert_string_equal(comp(inv, "vcpkg-cmake")->declared, "baseline 3426db05b996481ca31e95fff3734cf23e0f51bc");
	assert_int_equal(comp(inv, "vcpkg-cmake")->scope, CW_SCOPE_DEV);
	assert_int_equal(comp(inv, "winreg")->scope, CW_SCOPE_OPTIONAL);
	cw_inventory_free(inv);
	expect_error("vcpkg.json", "{\"dependencies\": [\n{\"host\": true}]}", "dependency without a name");
}

static void test_renv__packages_requirements_repositories(void **s)
{
	(void)s;
	cw_inventory *inv = cw_inv_parse("renv.lock",
		"{\n"
		"  \"R\": {\n"
		"    \"Version\": \"4.3.1\",\n"
		"    \"Repositories\": [ { \"Name\": \"CRAN\", \"URL\": \"https://cran.example.org\" } ]\n"
		"  },\n"
		"  \"Packages\": {\n"
		"    \"cli\": { \"Package\": \"cli\", \"Version\": \"3.6.1\", \"Source\": \"Repository\", \"Repository\": \"CRAN\",\n"
		"             \"Hash\": \"89e6d8219950eac806ae0c489052048a\", \"Requirements\": [\"utils\"] },\n"
		"    \"dplyr\": {\n"
		"      \"Package\": \"dplyr\",\n"
		"      \"Version\": \"1.1.2\",\n"
		"      \"Source\": \"Repository\",\n"
		"      \"Repository\": \"CRAN\",\n"
		"      \"Requirements\": [\"cli\", \"R\", \"methods\"]\n"
		"    },\n"
		"    \"mypkg\": { \"Package\": \"mypkg\", \"Version\": \"0.0.1\", \"Source\": \"GitHub\", \"RemoteUsername\": \"me\",\n"
		"               \"RemoteRepo\": \"mypkg\", \"RemoteSha\": \"abc123\" }\n"
		"  }\n"
		"}\n");
	assert_int_equal(library_count(inv), 3);
	size_t root = cw_inv_root(inv), cli = find(inv, "cli", "3.6.1"), dplyr = find(inv, "dplyr", "1.1.2");
	const cw_component *c = cw_inventory_component(inv, dplyr);
	assert_string_equal(c->purl, "pkg:cran/dplyr@1.1.2");
	assert_string_equal(c->resolved, "https://cran.example.org");
	assert_int_equal(c->line, 9);
	assert_true(cw_inv_depends(inv, dplyr, cli));
	assert_true(cw_inv_depends(inv, root, dplyr));
	assert_false(cw_inv_depends(inv, root, cli));
	assert_int_equal(cw_inventory_component(inv, cli)->line, 7);
	assert_string_equal(comp(inv, "mypkg")->resolved, "me/mypkg@abc123");
	cw_inventory_free(inv);
	expect_error("renv.lock", "{\"Packages\": {\"x\": {\"Package\": \"x\"}}}", "without \"Version\"");
}

/* ---- round trip through CycloneDX and SPDX ---------------------------------- */

static int to_buf(void *payload, const char *data, size_t len)
{
	cw_buf *b = payload;
	return cw__buf_put(b, data, len);
}

/* The sorted "ecosystem|name|version" lines of the libraries (workspace
 * members come back from CycloneDX as roots: "application" components). */
static char *identity_set(const cw_inventory *inv)
{
	size_t n = 0;
	char **items = NULL;
	cw_buf out = { 0 };
	for (size_t i = 0; i < cw_inventory_component_count(inv); i++) {
		const cw_component *c = cw_inventory_component(inv, i);
		if (c->kind != CW_COMPONENT_LIBRARY)
			continue;
		items = realloc(items, (n + 1) * sizeof(char *));
		items[n++] = fmt3(c->ecosystem, c->name, c->version ? c->version : "");
	}
	qsort(items, n, sizeof(char *), cmp_strp);
	for (size_t i = 0; i < n; i++) {
		if (!i || strcmp(items[i], items[i - 1]) != 0) {
			cw__buf_puts(&out, items[i]);
			cw__buf_putc(&out, '\n');
		}
	}
	for (size_t i = 0; i < n; i++)
		free(items[i]);
	free(items);
	cw__buf_putc(&out, '\0');
	return cw__buf_detach(&out);
}

static void test_sbom__fixtures_round_trip_names(void **s)
{
	(void)s;
	static const char *const files[] = {
		OE "gradle/gradle.lockfile", OE "maven/pom.xml", OE "bundler/Gemfile.lock", OE "composer/composer.lock",
		OE "nuget/packages.lock.json", OE "pub/pubspec.lock", OE "mix/mix.lock", OE "conan/conan.lock",
	};
	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		for (int fmt = 0; fmt < 2; fmt++) {
			cw_inventory *inv = cw_inv_scan(cw_test_shared(files[f])), *back = NULL;
			cw_sbom_options o = CW_SBOM_OPTIONS_INIT;
			cw_buf doc = { 0 };
			o.deterministic = true;
			o.format = fmt ? CW_SBOM_SPDX_JSON : CW_SBOM_CYCLONEDX_JSON;
			cw_assert_ok(cw_sbom_write(inv, &o, to_buf, &doc));
			cw_assert_ok(cw_inventory_new(&back));
			cw_assert_ok(cw_inventory_read_sbom_data(back, "bom.json", doc.ptr, doc.len));
			/* every library comes back with its ecosystem, name and version (workspace
			 * members may come back as libraries or roots depending on the format) */
			char *a = identity_set(inv), *b = identity_set(back);
			for (char *line = a, *nl; *line; line = nl + 1) {
				nl = strchr(line, '\n');
				*nl = '\0';
				char *hit = strstr(b, line);
				size_t len = strlen(line);
				while (hit && ((hit != b && hit[-1] != '\n') || hit[len] != '\n'))
					hit = strstr(hit + 1, line);
				if (!hit)
					fail_msg("%s (%s): %s lost in a round trip", files[f], fmt ? "spdx" : "cyclonedx", line);
			}
			free(a);
			free(b);
			cw__buf_free(&doc);
			cw_inventory_free(back);
			cw_inventory_free(inv);
		}
	}
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
		cmocka_unit_test(test_gradle__lockfile_configurations_to_scopes),
		cmocka_unit_test(test_gradle__verification_metadata_hashes),
		cmocka_unit_test(test_gradle__version_catalog),
		cmocka_unit_test(test_composer__scopes_hashes_licenses_graph),
		cmocka_unit_test(test_composer__fixture_direct_from_composer_json),
		cmocka_unit_test(test_nuget__frameworks_projects_hashes),
		cmocka_unit_test(test_pub__direct_dev_sources_and_hashes),
		cmocka_unit_test(test_pub__fixture_root_named_from_pubspec_yaml),
		cmocka_unit_test(test_mix__hex_git_graph_and_checksums),
		cmocka_unit_test(test_conan__v2_sections_and_v1_graph),
		cmocka_unit_test(test_csproj__package_references_central_versions_and_config),
		cmocka_unit_test(test_swift__resolved_v1_v2_v3),
		cmocka_unit_test(test_vcpkg__declared_overrides_baseline_host),
		cmocka_unit_test(test_renv__packages_requirements_repositories),
		cmocka_unit_test(test_sbom__fixtures_round_trip_names),
		cmocka_unit_test(test_gemfile__sections_platforms_graph_and_checksums),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
