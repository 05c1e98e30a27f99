/*
 * test_version_maven_gem.c - Maven ComparableVersion and version ranges,
 * RubyGems Gem::Version and requirements: the orderings documented by
 * Maven (ComparableVersion javadoc, MNG issues) and RubyGems (Gem::Version
 * docs), range and requirement rules, parse errors.  The differential
 * tests are tests/e2e/version_b_maven.py and version_b_gem.py.
 */
#include "version_b_test.h"

#define MAVEN (&cw__scheme_maven)
#define GEM (&cw__scheme_gem)

static void test_maven__qualifier_order(void **state)
{
	(void)state;
	static const char *const order[] = {
		"1-alpha", "1-beta", "1-milestone", "1-rc", "1-snapshot", "1", "1-sp", "1-abc",
		"1-xyz", "1-1", "1.0.1",
	};
	for (size_t i = 0; i + 1 < sizeof(order) / sizeof(order[0]); i++)
		vb_assert_cmp(MAVEN, order[i], <, order[i + 1]);
	vb_assert_cmp(MAVEN, "1-cr", ==, "1-rc");
	vb_assert_cmp(MAVEN, "1-ga", ==, "1");
	vb_assert_cmp(MAVEN, "1-final", ==, "1.0");
	vb_assert_cmp(MAVEN, "1-release", ==, "1.0.0");
	vb_assert_cmp(MAVEN, "1.0.0.RELEASE", ==, "1");
	vb_assert_cmp(MAVEN, "1-SNAPSHOT", ==, "1-snapshot");
}

static void test_maven__aliases_and_transitions(void **state)
{
	(void)state;
	vb_assert_cmp(MAVEN, "1a1", ==, "1-alpha-1");
	vb_assert_cmp(MAVEN, "1b2", ==, "1-beta-2");
	vb_assert_cmp(MAVEN, "1m3", ==, "1-milestone-3");
	vb_assert_cmp(MAVEN, "1-a", >, "1");           /* "a" alone is not alpha */
	vb_assert_cmp(MAVEN, "1.0alpha1", ==, "1-alpha-1");
	vb_assert_cmp(MAVEN, "1-1", <, "1.1");         /* list < number */
	vb_assert_cmp(MAVEN, "1-sp", <, "1-1");
	vb_assert_cmp(MAVEN, "1.0-SNAPSHOT", <, "1.0");
	vb_assert_cmp(MAVEN, "2.0.0-RC1", <, "2.0.0");
	vb_assert_cmp(MAVEN, "1..1", ==, "1.0.1");     /* an empty item is 0 */
	vb_assert_cmp(MAVEN, "final.b", >, "b");       /* MNG: trailing qualifier in a sub-list */
}

static void test_maven__number_sizes(void **state)
{
	(void)state;
	vb_assert_cmp(MAVEN, "1.1234567890", >, "1.999999999");
	vb_assert_cmp(MAVEN, "1.12345678901234567890", >, "1.999999999999999999");
	vb_assert_cmp(MAVEN, "1.007", ==, "1.7");
	/* an all-zero run keeps its length, and so its size class (long > int) */
	vb_assert_cmp(MAVEN, "1.0000000000.1", >, "1.5.1");
	vb_assert_cmp(MAVEN, "1.0000000000", <, "1.5"); /* but a trailing zero is dropped */
	vb_assert_cmp(MAVEN, "1-0000000000", ==, "1");
	vb_assert_invalid(MAVEN, "", "empty");
}

static void test_maven__ranges(void **state)
{
	(void)state;
	vb_assert_sat(MAVEN, "[1.0,2.0)", "1.5", 1);
	vb_assert_sat(MAVEN, "[1.0,2.0)", "2.0", 0);
	vb_assert_sat(MAVEN, "[1.0,2.0)", "2.0-SNAPSHOT", 1);
	vb_assert_sat(MAVEN, "(,1.0]", "1.0", 1);
	vb_assert_sat(MAVEN, "(,1.0]", "1.0.1", 0);
	vb_assert_sat(MAVEN, "[1.2]", "1.2.0", 1);
	vb_assert_sat(MAVEN, "[1,2),[3,4)", "3.5", 1);
	vb_assert_sat(MAVEN, "[1,2),[3,4)", "2.5", 0);
	vb_assert_sat(MAVEN, "[1.0,)", "99", 1);
	vb_assert_sat(MAVEN, " [ 1.0 , 2.0 ] ", "2.0", 1);
	vb_assert_sat(MAVEN, "1.0", "1.0", 1);        /* bare version: equality (see docs) */
	vb_assert_sat(MAVEN, "1.0", "1.1", 0);
	vb_assert_bad_range(MAVEN, "[1.0,2.0", "unbounded");
	vb_assert_bad_range(MAVEN, "(1.0)", "surrounded by []");
	vb_assert_bad_range(MAVEN, "[2.0,1.0]", "defies version ordering");
	vb_assert_bad_range(MAVEN, "(1.0,1.0]", "defies version ordering");
	vb_assert_bad_range(MAVEN, "[1,3),[2,4)", "overlap");
	vb_assert_bad_range(MAVEN, "[1,2),3", "fully-qualified");
	vb_assert_bad_range(MAVEN, "", "empty range");
}

static void test_gem__segments_and_prereleases(void **state)
{
	(void)state;
	vb_assert_cmp(GEM, "1.0", ==, "1");
	vb_assert_cmp(GEM, "1.0.0", ==, "1.0");
	vb_assert_cmp(GEM, "1.0.a", <, "1.0");
	vb_assert_cmp(GEM, "1.0.a", ==, "1.a");        /* canonical segments */
	vb_assert_cmp(GEM, "1.0.a", <, "1.0.b");
	vb_assert_cmp(GEM, "1.0.a.2", >, "1.0.a.1");
	vb_assert_cmp(GEM, "1.0.a10", >, "1.0.a9");
	vb_assert_cmp(GEM, "1.0.rc1", >, "1.0.beta2");
	vb_assert_cmp(GEM, "1.0-1", ==, "1.0.pre.1");  /* '-' is ".pre." */
	vb_assert_cmp(GEM, "1.9", <, "1.10");
	vb_assert_cmp(GEM, "1.0.A", <, "1.0.a");       /* strings compare bytewise */
	vb_assert_cmp(GEM, "", ==, "0");               /* blank is 0 */
	vb_assert_cmp(GEM, " 1.0 ", ==, "1");
	vb_assert_cmp(GEM, "99999999999999999999999", >, "99999999999999999999998");
}

static void test_gem__malformed_versions(void **state)
{
	(void)state;
	static const char *const bad[] = { "a", "1.", "1..0", "1.0-", ".1", "1 0", "1_0", "1.0+1",
	                                   "-1" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		vb_assert_invalid(GEM, bad[i], "malformed version number string");
}

static void test_gem__requirements(void **state)
{
	(void)state;
	vb_assert_sat(GEM, "~> 2.1", "2.9.9", 1);
	vb_assert_sat(GEM, "~> 2.1", "3.0", 0);
	vb_assert_sat(GEM, "~> 2.1", "2.0", 0);
	vb_assert_sat(GEM, "~> 2.1.3", "2.1.9", 1);
	vb_assert_sat(GEM, "~> 2.1.3", "2.2", 0);
	vb_assert_sat(GEM, "~> 2.1.3", "2.2.a", 0);   /* release 2.2 is not < bump 2.2 */
	vb_assert_sat(GEM, "~> 1", "1.9", 1);
	vb_assert_sat(GEM, "~> 9.9", "10.0", 0);
	vb_assert_sat(GEM, "~> 1.0.a", "1.1", 1);
	vb_assert_sat(GEM, ">= 1.0, < 2", "1.5", 1);
	vb_assert_sat(GEM, "!= 1.0", "1.0.0", 0);
	vb_assert_sat(GEM, "1.0", "1", 1);
	vb_assert_sat(GEM, "> 1.0.a", "1.0", 1);
	vb_assert_bad_range(GEM, "", "illformed");
	vb_assert_bad_range(GEM, ">= 1,", "illformed");
	vb_assert_bad_range(GEM, "=> 1", "illformed");
	vb_assert_bad_range(GEM, ">= 1.", "malformed");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_maven__qualifier_order),
		cmocka_unit_test(test_maven__aliases_and_transitions),
		cmocka_unit_test(test_maven__number_sizes),
		cmocka_unit_test(test_maven__ranges),
		cmocka_unit_test(test_gem__segments_and_prereleases),
		cmocka_unit_test(test_gem__malformed_versions),
		cmocka_unit_test(test_gem__requirements),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
