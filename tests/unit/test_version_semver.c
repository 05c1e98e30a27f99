/*
 * test_version_semver.c - the SemVer-based schemes (npm, Go, crates.io,
 * NuGet, Hex, Pub), Composer and the generic fallback.
 *
 * Expected orders and range meanings are the examples of each ecosystem's
 * own documentation (semver.org section 11, node-semver's README, the Cargo
 * book, NuGet's versioning page, Composer's docs, Elixir's Version docs, the
 * Dart pub docs), not outputs of this code.  The big differential tests
 * against node-semver and x/mod/semver are tests/e2e/version_*_diff.py.
 */
#include "cw_test.h"

#include <stdlib.h>
#include <string.h>

#include "version/semver.h"

/* -1, 0, 1; fails the test when either version does not parse. */
static int cmp(const char *eco, const char *a, const char *b)
{
	int c = 2;
	int rc = cw_version_compare_strings(&c, cw_version_scheme_for(eco), a, b);
	if (rc != 0)
		fail_msg("%s: compare '%s' '%s' failed: %s", eco, a, b, cw_error_last()->message);
	return c;
}

/* 1 satisfied, 0 not, -1 version or range invalid. */
static int sat(const char *eco, const char *version, const char *range)
{
	const cw_version_scheme *s = cw_version_scheme_for(eco);
	cw_version *v = NULL;
	cw_version_range *r = NULL;
	int result = -1;
	if (cw_version_parse(&v, s, version, strlen(version)) == 0 &&
	    cw_version_range_parse(&r, s, range, strlen(range)) == 0)
		result = cw_version_satisfies(r, v);
	cw_version_free(v);
	cw_version_range_free(r);
	return result;
}

static bool version_ok(const char *eco, const char *version)
{
	cw_version *v = NULL;
	int rc = cw_version_parse(&v, cw_version_scheme_for(eco), version, strlen(version));
	cw_version_free(v);
	return rc == 0;
}

/* Each version sorts strictly before the next one. */
static void assert_ascending(const char *eco, const char *const *list, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
		if (cmp(eco, list[i], list[i + 1]) != -1 || cmp(eco, list[i + 1], list[i]) != 1)
			fail_msg("%s: expected %s < %s", eco, list[i], list[i + 1]);
	}
}

#define ASCENDING(eco, ...) do { \
	static const char *const list_[] = { __VA_ARGS__ }; \
	assert_ascending(eco, list_, sizeof(list_) / sizeof(list_[0])); \
} while (0)

static void test_semver__prerelease_sorts_before_release_in_every_semver_scheme(void **state)
{
	static const char *const ecos[] = { "npm", "crates.io", "Hex", "Pub", "NuGet" };
	(void)state;
	for (size_t i = 0; i < sizeof(ecos) / sizeof(ecos[0]); i++) {
		/* semver.org, section 11 */
		ASCENDING(ecos[i], "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
		          "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1");
	}
	ASCENDING("Go", "v1.0.0-alpha", "v1.0.0-alpha.1", "v1.0.0-alpha.beta", "v1.0.0-beta",
	          "v1.0.0-beta.2", "v1.0.0-beta.11", "v1.0.0-rc.1", "v1.0.0", "v2.0.0");
}

static void test_semver__build_metadata_is_ignored_except_by_pub(void **state)
{
	(void)state;
	assert_int_equal(cmp("npm", "1.0.0+build.1", "1.0.0+build.2"), 0);
	assert_int_equal(cmp("npm", "1.0.0-rc.1+a", "1.0.0-rc.1"), 0);
	assert_int_equal(cmp("crates.io", "1.0.0+x", "1.0.0"), 0);
	assert_int_equal(cmp("Go", "v2.0.0+incompatible", "v2.0.0"), 0);
	assert_int_equal(cmp("NuGet", "1.0.0+abc", "1.0.0"), 0);
	/* pub_semver orders build metadata after the plain version */
	ASCENDING("Pub", "1.0.0", "1.0.0+1", "1.0.0+2", "1.0.0+10", "1.0.0+a");
}

static void test_semver__numeric_identifiers_compare_as_numbers(void **state)
{
	(void)state;
	ASCENDING("npm", "1.0.0-2", "1.0.0-10", "1.0.0-a", "1.9.0", "1.10.0", "10.0.0");
	/* longer than 64 bits: compared exactly, by length then digits */
	ASCENDING("Go", "v1.0.0-99999999999999999999", "v1.0.0-123456789012345678901234567890",
	          "v1.0.0-123456789012345678901234567891", "v1.0.0-a");
}

static void test_semver__parsed_form_has_numbers_and_split_identifiers(void **state)
{
	cw__semver *v = NULL;
	(void)state;
	cw_assert_ok(cw__semver_parse(&v, "1.22.333-rc.10.x-y.99999999999999999999+b.007",
	                              strlen("1.22.333-rc.10.x-y.99999999999999999999+b.007"), 0,
	                              UINT64_MAX, "test"));
	assert_true(v->major == 1 && v->minor == 22 && v->patch == 333);
	assert_int_equal(v->npre, 4);
	assert_int_equal(v->pre[0].kind, CW__ID_ALNUM);
	assert_true(v->pre[0].len == 2 && memcmp(v->pre[0].str, "rc", 2) == 0);
	assert_int_equal(v->pre[1].kind, CW__ID_NUM);
	assert_true(v->pre[1].num == 10);
	assert_int_equal(v->pre[2].kind, CW__ID_ALNUM);
	assert_int_equal(v->pre[3].kind, CW__ID_BIGNUM); /* above 2^64-1 */
	assert_int_equal(v->nbuild, 2);
	assert_true(v->build[1].kind == CW__ID_NUM && v->build[1].num == 7);
	free(v);
	assert_int_equal(cw__semver_parse(&v, "1.2.3-a..b", 10, 0, UINT64_MAX, "test"), CW_EINVALID);
	assert_null(v);
	assert_non_null(strstr(cw_error_last()->message, "empty prerelease identifier"));
}

static void test_npm__strict_versions_and_their_errors(void **state)
{
	char longv[300];
	(void)state;
	assert_int_equal(cmp("npm", "v1.2.3", "1.2.3"), 0);
	assert_int_equal(cmp("npm", " 1.2.3\t", "1.2.3"), 0);
	assert_false(version_ok("npm", "01.2.3"));
	assert_false(version_ok("npm", "1.2"));
	assert_false(version_ok("npm", "=1.2.3")); /* loose mode only */
	assert_false(version_ok("npm", "1.2.3-01"));
	assert_false(version_ok("npm", "1.2.3-"));
	assert_false(version_ok("npm", "9007199254740992.0.0")); /* above 2^53-1 */
	assert_true(version_ok("npm", "9007199254740991.0.0"));
	memset(longv, 'a', sizeof(longv));
	memcpy(longv, "1.2.3-", 6);
	longv[sizeof(longv) - 1] = '\0';
	assert_false(version_ok("npm", longv));
	assert_int_equal(cw_error_last()->code, CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "256"));
	assert_false(version_ok("npm", "1.2.3.4"));
	assert_non_null(strstr(cw_error_last()->message, "1.2.3.4"));
}

static void test_npm__caret_tilde_x_and_hyphen_ranges_as_documented(void **state)
{
	(void)state;
	/* node-semver README: ^1.2.3 := >=1.2.3 <2.0.0-0 */
	assert_int_equal(sat("npm", "1.9.9", "^1.2.3"), 1);
	assert_int_equal(sat("npm", "2.0.0", "^1.2.3"), 0);
	assert_int_equal(sat("npm", "1.2.2", "^1.2.3"), 0);
	/* ^0.2.3 := >=0.2.3 <0.3.0-0; ^0.0.3 := >=0.0.3 <0.0.4-0 */
	assert_int_equal(sat("npm", "0.2.9", "^0.2.3"), 1);
	assert_int_equal(sat("npm", "0.3.0", "^0.2.3"), 0);
	assert_int_equal(sat("npm", "0.0.4", "^0.0.3"), 0);
	/* ^0.0.x := >=0.0.0 <0.1.0-0; ^0.0 likewise */
	assert_int_equal(sat("npm", "0.0.9", "^0.0.x"), 1);
	assert_int_equal(sat("npm", "0.1.0", "^0.0"), 0);
	/* ~1.2.3 := >=1.2.3 <1.3.0-0; ~1 := >=1.0.0 <2.0.0-0 */
	assert_int_equal(sat("npm", "1.2.9", "~1.2.3"), 1);
	assert_int_equal(sat("npm", "1.3.0", "~1.2.3"), 0);
	assert_int_equal(sat("npm", "1.9.0", "~1"), 1);
	/* x-ranges */
	assert_int_equal(sat("npm", "1.2.7", "1.2.x"), 1);
	assert_int_equal(sat("npm", "1.3.0", "1.2.x"), 0);
	assert_int_equal(sat("npm", "3.0.0", "*"), 1);
	assert_int_equal(sat("npm", "3.0.0", ""), 1);
	assert_int_equal(sat("npm", "1.3.0", ">1.2"), 1);   /* >=1.3.0 */
	assert_int_equal(sat("npm", "1.2.9", ">1.2"), 0);
	assert_int_equal(sat("npm", "1.2.9", "<=1.2"), 1);  /* <1.3.0-0 */
	/* hyphen: 1.2.3 - 2.3.4 := >=1.2.3 <=2.3.4; 1.2 - 2.3 := >=1.2.0 <2.4.0-0 */
	assert_int_equal(sat("npm", "2.3.4", "1.2.3 - 2.3.4"), 1);
	assert_int_equal(sat("npm", "2.3.5", "1.2.3 - 2.3.4"), 0);
	assert_int_equal(sat("npm", "2.3.9", "1.2 - 2.3"), 1);
	assert_int_equal(sat("npm", "2.4.0", "1.2 - 2.3"), 0);
	/* spaces after operators, || alternatives */
	assert_int_equal(sat("npm", "1.5.0", ">= 1.2.3 < 2 || 5.x"), 1);
	assert_int_equal(sat("npm", "5.1.0", ">= 1.2.3 < 2 || 5.x"), 1);
	assert_int_equal(sat("npm", "3.0.0", ">= 1.2.3 < 2 || 5.x"), 0);
}

static void test_npm__prerelease_needs_a_comparator_on_the_same_tuple(void **state)
{
	(void)state;
	/* node-semver README: >1.2.3-alpha.3 */
	assert_int_equal(sat("npm", "1.2.3-alpha.7", ">1.2.3-alpha.3"), 1);
	assert_int_equal(sat("npm", "3.4.5-alpha.9", ">1.2.3-alpha.3"), 0);
	assert_int_equal(sat("npm", "3.4.5", ">1.2.3-alpha.3"), 1);
	assert_int_equal(sat("npm", "1.0.0-beta", "*"), 0);
	assert_int_equal(sat("npm", "1.0.0-beta", ">=0.9.0"), 0);
	assert_int_equal(sat("npm", "1.2.3-beta.2", "^1.2.3-beta.1"), 1);
	assert_int_equal(sat("npm", "1.2.4-beta.2", "^1.2.3-beta.1"), 0);
	/* an "any" alternative swallows the range (node-semver's simplification) */
	assert_int_equal(sat("npm", "1.0.0-rc.2", ">=1.0.0-rc.1"), 1);
	assert_int_equal(sat("npm", "1.0.0-rc.2", ">=1.0.0-rc.1 || *"), 0);
}

static void test_npm__invalid_ranges_say_why(void **state)
{
	const cw_version_scheme *npm = cw_version_scheme_for("npm");
	static const char *const bad[] = { ">=01.2", "1.2.3.4", "^1.2.3-01", ">=a", ">>1",
	                                   "^9007199254740991", "1.2.3 - 2.3.4 - 5", "=v=1.2.3" };
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cw_version_range *r = NULL;
		int rc = cw_version_range_parse(&r, npm, bad[i], strlen(bad[i]));
		if (rc != CW_EINVALID)
			fail_msg("'%s' parsed (%d)", bad[i], rc);
		assert_null(r);
		assert_non_null(strstr(cw_error_last()->message, "invalid npm range"));
	}
}

static void test_go__shorthands_missing_v_and_pseudo_versions(void **state)
{
	(void)state;
	assert_int_equal(cmp("Go", "v1", "v1.0.0"), 0);
	assert_int_equal(cmp("Go", "v1.2", "v1.2.0"), 0);
	assert_int_equal(cmp("Go", "1.2.3", "v1.2.3"), 0); /* OSV omits the v */
	assert_false(version_ok("Go", "v1.2-pre"));
	assert_false(version_ok("Go", "v01.2.3"));
	assert_false(version_ok("Go", "V1.2.3"));
	/* go.dev/ref/mod#pseudo-versions: the three forms sort where Go puts them */
	ASCENDING("Go", "v0.0.0-20191109021931-daa7c04131f5", "v0.0.0-20200101000000-0123456789ab",
	          "v0.0.0", "v1.2.3", "v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4-pre",
	          "v1.2.4-pre.0.20191109021931-daa7c04131f5", "v1.2.4");
	assert_int_equal(sat("Go", "v1.2.5", ">=1.2.0, <1.3.0"), 1);
	assert_int_equal(sat("Go", "1.3.0", ">=1.2.0, <1.3.0 || =2.0.0"), 0);
	assert_int_equal(sat("Go", "2.0.0+incompatible", ">=1.2.0, <1.3.0 || =2.0.0"), 1);
	assert_int_equal(sat("Go", "1.0.0", ">=1.2.0,,"), 0);
	assert_int_equal(sat("Go", "1.0.0", ">= "), -1);
}

static void test_cargo__requirements_as_in_the_cargo_book(void **state)
{
	(void)state;
	/* caret: ^1.2.3 := >=1.2.3, <2.0.0 ... ^0.0 := >=0.0.0, <0.1.0 */
	assert_int_equal(sat("crates.io", "1.9.0", "1.2.3"), 1);
	assert_int_equal(sat("crates.io", "2.0.0", "^1.2.3"), 0);
	assert_int_equal(sat("crates.io", "0.2.9", "^0.2.3"), 1);
	assert_int_equal(sat("crates.io", "0.3.0", "^0.2.3"), 0);
	assert_int_equal(sat("crates.io", "0.0.3", "^0.0.3"), 1);
	assert_int_equal(sat("crates.io", "0.0.4", "^0.0.3"), 0);
	assert_int_equal(sat("crates.io", "0.0.9", "^0.0"), 1);
	assert_int_equal(sat("crates.io", "0.1.0", "^0.0"), 0);
	assert_int_equal(sat("crates.io", "0.9.0", "^0"), 1);
	/* tilde: ~1.2.3 := >=1.2.3, <1.3.0; ~1 := >=1.0.0, <2.0.0 */
	assert_int_equal(sat("crates.io", "1.2.9", "~1.2.3"), 1);
	assert_int_equal(sat("crates.io", "1.3.0", "~1.2.3"), 0);
	assert_int_equal(sat("crates.io", "1.9.0", "~1"), 1);
	/* wildcards: 1.* := >=1.0.0, <2.0.0; 1.2.* := >=1.2.0, <1.3.0 */
	assert_int_equal(sat("crates.io", "1.9.0", "1.*"), 1);
	assert_int_equal(sat("crates.io", "1.3.0", "1.2.*"), 0);
	assert_int_equal(sat("crates.io", "9.0.0", "*"), 1);
	/* comparisons and multiple requirements */
	assert_int_equal(sat("crates.io", "1.2.4", ">= 1.2.0, < 1.5"), 1);
	assert_int_equal(sat("crates.io", "1.5.0", ">= 1.2.0, < 1.5"), 0);
	assert_int_equal(sat("crates.io", "1.2.3", "=1.2.3"), 1);
	assert_int_equal(sat("crates.io", "1.2.9", "<=1.2"), 1);
	assert_int_equal(sat("crates.io", "1.3.0", "<=1.2"), 0);
	/* prereleases only through a comparator naming the same x.y.z */
	assert_int_equal(sat("crates.io", "1.2.3-beta", "^1.2.3-alpha"), 1);
	assert_int_equal(sat("crates.io", "1.3.0-beta", "^1.2.3-alpha"), 0);
	assert_int_equal(sat("crates.io", "1.3.0-beta", ">=1.0.0"), 0);
	/* errors */
	assert_int_equal(sat("crates.io", "1.0.0", ">=1.0.0 <2.0.0"), -1); /* needs a comma */
	assert_int_equal(sat("crates.io", "1.0.0", ""), -1);
	assert_int_equal(sat("crates.io", "1.0.0", "1.*.3"), -1);
	assert_false(version_ok("crates.io", "v1.0.0"));
	assert_false(version_ok("crates.io", "1.0"));
}

static void test_nuget__legacy_parts_case_and_intervals(void **state)
{
	(void)state;
	assert_int_equal(cmp("NuGet", "1.0", "1.0.0.0"), 0);
	assert_int_equal(cmp("NuGet", "1.01.0", "1.1.0"), 0);
	assert_int_equal(cmp("NuGet", "1.0.0-RC1", "1.0.0-rc1"), 0);
	ASCENDING("NuGet", "1.0.0-alpha", "1.0.0-Beta", "1.0.0-rc.2", "1.0.0", "1.0.0.1", "1.0.1");
	assert_false(version_ok("NuGet", "2147483648.0.0"));
	assert_false(version_ok("NuGet", "1.2.3.4.5"));
	/* learn.microsoft.com/nuget/concepts/package-versioning#version-ranges */
	assert_int_equal(sat("NuGet", "1.0", "1.0"), 1);
	assert_int_equal(sat("NuGet", "0.9", "1.0"), 0);
	assert_int_equal(sat("NuGet", "1.5", "[1.0,2.0)"), 1);
	assert_int_equal(sat("NuGet", "2.0", "[1.0,2.0)"), 0);
	assert_int_equal(sat("NuGet", "1.0", "(1.0,)"), 0);
	assert_int_equal(sat("NuGet", "1.0", "(,1.0]"), 1);
	assert_int_equal(sat("NuGet", "1.0", "(,1.0)"), 0);
	assert_int_equal(sat("NuGet", "1.0.0.0", "[1.0]"), 1);
	assert_int_equal(sat("NuGet", "1.0", "(1.0)"), -1);
	assert_int_equal(sat("NuGet", "1.0", "[2.0,1.0]"), -1);
	assert_int_equal(sat("NuGet", "1.0", "[1.0,2.0"), -1);
}

static void test_composer__stabilities_and_constraints(void **state)
{
	(void)state;
	/* getcomposer.org/doc/articles/versions.md: dev < alpha < beta < RC < stable < patch */
	ASCENDING("Packagist", "1.0.0-dev", "1.0.0-alpha1", "1.0.0-beta", "1.0.0-beta2",
	          "1.0.0-beta.10", "1.0.0-RC1", "1.0.0", "1.0.0-p1", "1.0.1");
	assert_int_equal(cmp("Packagist", "v1.0", "1.0.0.0"), 0);
	assert_int_equal(cmp("Packagist", "1.0.0-rc1", "1.0.0-RC1"), 0);
	assert_int_equal(cmp("Packagist", "1.0.0-b2", "1.0.0-beta2"), 0);
	assert_false(version_ok("Packagist", "dev-main"));
	assert_false(version_ok("Packagist", "1.0.0-foo"));
	/* ~1.2 := >=1.2 <2.0.0; ~1.2.3 := >=1.2.3 <1.3.0 */
	assert_int_equal(sat("Packagist", "1.9", "~1.2"), 1);
	assert_int_equal(sat("Packagist", "2.0", "~1.2"), 0);
	assert_int_equal(sat("Packagist", "1.3.0", "~1.2.3"), 0);
	/* ^1.2.3 := >=1.2.3 <2.0.0; ^0.3 := >=0.3.0 <0.4.0 */
	assert_int_equal(sat("Packagist", "1.9.9", "^1.2.3"), 1);
	assert_int_equal(sat("Packagist", "0.4.0", "^0.3"), 0);
	/* wildcard and hyphen */
	assert_int_equal(sat("Packagist", "1.0.9", "1.0.*"), 1);
	assert_int_equal(sat("Packagist", "1.1.0", "1.0.*"), 0);
	assert_int_equal(sat("Packagist", "2.0.5", "1.0 - 2.0"), 1);   /* < 2.1 */
	assert_int_equal(sat("Packagist", "2.0.5", "1.0.0 - 2.0.0"), 0); /* <= 2.0.0 */
	/* AND with commas or spaces, OR with || */
	assert_int_equal(sat("Packagist", "1.5", ">=1.0 <1.1 || >=1.2,<1.6"), 1);
	assert_int_equal(sat("Packagist", "1.1", ">=1.0 <1.1 || >=1.2,<1.6"), 0);
	/* < and >= bounds take -dev, the lowest stability: "<2.0" excludes
	 * 2.0's prereleases and ">=1.0" includes 1.0's */
	assert_int_equal(sat("Packagist", "2.0.0-beta1", "<2.0"), 0);
	assert_int_equal(sat("Packagist", "1.9.9", "<2.0"), 1);
	assert_int_equal(sat("Packagist", "1.0.0-RC1", ">=1.0"), 1);
	assert_int_equal(sat("Packagist", "1.0.0-RC1", ">1.0"), 0);
}

static void test_hex__pessimistic_and_boolean_requirements(void **state)
{
	(void)state;
	/* hexdocs.pm/elixir/Version.html: ~> 2.0.0 := >= 2.0.0 and < 2.1.0 */
	assert_int_equal(sat("Hex", "2.0.5", "~> 2.0.0"), 1);
	assert_int_equal(sat("Hex", "2.1.0", "~> 2.0.0"), 0);
	/* ~> 2.1 := >= 2.1.0 and < 3.0.0 */
	assert_int_equal(sat("Hex", "2.9.0", "~> 2.1"), 1);
	assert_int_equal(sat("Hex", "3.0.0", "~> 2.1"), 0);
	assert_int_equal(sat("Hex", "2.0.0", "== 2.0.0 or > 3.0.0 and < 4.0.0"), 1);
	assert_int_equal(sat("Hex", "3.5.0", "== 2.0.0 or > 3.0.0 and < 4.0.0"), 1);
	assert_int_equal(sat("Hex", "4.0.0", "== 2.0.0 or > 3.0.0 and < 4.0.0"), 0);
	assert_int_equal(sat("Hex", "1.0.0", "!= 1.0.0"), 0);
	assert_int_equal(sat("Hex", "1.0.0", "~> 1"), -1);
	assert_int_equal(sat("Hex", "1.0.0", "> 1.0.0 and"), -1);
	assert_int_equal(sat("Hex", "1.0.0", ">= 1.0"), -1);
}

static void test_pub__caret_and_upper_bounds(void **state)
{
	(void)state;
	/* dart.dev: ^1.2.3 = '>=1.2.3 <2.0.0'; ^0.1.2 = '>=0.1.2 <0.2.0' */
	assert_int_equal(sat("Pub", "1.9.9", "^1.2.3"), 1);
	assert_int_equal(sat("Pub", "2.0.0", "^1.2.3"), 0);
	assert_int_equal(sat("Pub", "2.0.0-dev.1", "^1.2.3"), 0); /* <2.0.0 excludes 2.0.0-* */
	assert_int_equal(sat("Pub", "0.1.9", "^0.1.2"), 1);
	assert_int_equal(sat("Pub", "0.2.0", "^0.1.2"), 0);
	assert_int_equal(sat("Pub", "1.5.0", ">=1.0.0 <2.0.0"), 1);
	assert_int_equal(sat("Pub", "1.5.0", "any"), 1);
	assert_int_equal(sat("Pub", "1.5.0", "1.5.0"), 1);
	assert_int_equal(sat("Pub", "1.5.0", "^1.0.0 <2.0.0"), -1);
	/* the exclusive maximum keeps its prereleases out, unless the minimum
	 * is a prerelease of the same version (pub_semver's VersionRange) */
	assert_int_equal(sat("Pub", "2.0.0-beta", ">=1.0.0 <2.0.0"), 0);
	assert_int_equal(sat("Pub", "2.0.0-dev.5", ">=2.0.0-dev <2.0.0"), 1);
	assert_int_equal(sat("Pub", "1.5.0-dev", ">=1.0.0 <2.0.0"), 1);
	/* versions and comparisons reduce to the tightest bounds */
	assert_int_equal(sat("Pub", "1.5.0", "1.5.0 >=1.0.0"), 1);
	assert_int_equal(sat("Pub", "1.6.0", "1.5.0 >=1.0.0"), 0);
	assert_int_equal(sat("Pub", "1.5.0", ">= 1.0.0 <= 1.5.0"), 1);
	assert_int_equal(sat("Pub", "1.5.0", ">2.0.0 <1.0.0"), 0); /* empty, not an error */
}

static void test_generic__fallback_order(void **state)
{
	(void)state;
	assert_string_equal(cw_version_scheme_name(cw_version_scheme_for("SomethingNew")), "generic");
	ASCENDING("SomethingNew", "1.0-alpha", "1.0-beta", "1.0", "1.0.0", "1.0.1", "1.9", "1.10",
	          "2");
	assert_int_equal(cmp("SomethingNew", "1.0-RC1", "1.0-rc1"), 0);
	assert_int_equal(cmp("SomethingNew", "v1.2", "1.2"), 0);
	assert_int_equal(cmp("SomethingNew", "1.2+build", "1.2"), 0);
	assert_int_equal(cmp("SomethingNew", "1.002", "1.2"), 0);
	assert_false(version_ok("SomethingNew", "1.0 beta"));
	assert_false(version_ok("SomethingNew", "..."));
	assert_int_equal(sat("SomethingNew", "1.5", ">=1.0, <2"), 1);
	assert_int_equal(sat("SomethingNew", "2.0", ">=1.0, <2 || 3"), 0);
}

static void test_scheme__ecosystem_names_and_purl_types(void **state)
{
	(void)state;
	assert_string_equal(cw_version_scheme_name(cw_version_scheme_for("npm")), "semver-npm");
	assert_string_equal(cw_version_scheme_name(cw_version_scheme_for("Go")), "semver-go");
	assert_string_equal(cw_version_scheme_name(cw_version_scheme_for("golang")), "semver-go");
	assert_string_equal(cw_version_scheme_name(cw_version_scheme_for("CRATES.IO")), "semver-cargo");
	assert_string_equal(cw_version_scheme_name(cw_version_scheme_for("cargo")), "semver-cargo");
	assert_string_equal(cw_version_scheme_name(cw_version_scheme_for("composer")), "composer");
	assert_string_equal(cw_version_scheme_name(cw_version_scheme_for("nuget")), "nuget");
	assert_string_equal(cw_version_scheme_name(cw_version_scheme_for("hex")), "semver-hex");
	assert_string_equal(cw_version_scheme_name(cw_version_scheme_for("Pub")), "semver-pub");
	assert_string_equal(cw_version_scheme_name(cw_version_scheme_for(NULL)), "generic");
}

static void test_version__parsed_handle_keeps_its_text(void **state)
{
	cw_version *v = NULL;
	(void)state;
	cw_assert_ok(cw_version_parse(&v, cw_version_scheme_for("npm"), "1.2.3-rc.1+xyz trailing", 14));
	assert_string_equal(cw_version_string_of(v), "1.2.3-rc.1+xyz");
	cw_version_free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_semver__prerelease_sorts_before_release_in_every_semver_scheme),
		cmocka_unit_test(test_semver__build_metadata_is_ignored_except_by_pub),
		cmocka_unit_test(test_semver__numeric_identifiers_compare_as_numbers),
		cmocka_unit_test(test_semver__parsed_form_has_numbers_and_split_identifiers),
		cmocka_unit_test(test_npm__strict_versions_and_their_errors),
		cmocka_unit_test(test_npm__caret_tilde_x_and_hyphen_ranges_as_documented),
		cmocka_unit_test(test_npm__prerelease_needs_a_comparator_on_the_same_tuple),
		cmocka_unit_test(test_npm__invalid_ranges_say_why),
		cmocka_unit_test(test_go__shorthands_missing_v_and_pseudo_versions),
		cmocka_unit_test(test_cargo__requirements_as_in_the_cargo_book),
		cmocka_unit_test(test_nuget__legacy_parts_case_and_intervals),
		cmocka_unit_test(test_composer__stabilities_and_constraints),
		cmocka_unit_test(test_hex__pessimistic_and_boolean_requirements),
		cmocka_unit_test(test_pub__caret_and_upper_bounds),
		cmocka_unit_test(test_generic__fallback_order),
		cmocka_unit_test(test_scheme__ecosystem_names_and_purl_types),
		cmocka_unit_test(test_version__parsed_handle_keeps_its_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
