/*
 * test_version_pep440.c - PEP 440 versions and specifier sets: the
 * normalization and ordering examples of PEP 440 and of python3-packaging's
 * documentation, specifier rules (exclusive ordered comparisons, prefix
 * matching, ~=, ===, pre-release handling) and parse errors.
 * The differential test against python3-packaging is
 * tests/e2e/version_b_pep440.py.
 */
#include "version_b_test.h"
#include "version/pep440.h"

#define PEP (&cw__scheme_pep440)

static void test_pep440__alternate_spellings_normalize(void **state)
{
	(void)state;
	static const char *const same[][2] = {
		{ "1.0-alpha1", "1.0a1" }, { "1.0.alpha.1", "1.0a1" }, { "1.0_rc1", "1.0rc1" },
		{ "1.0c1", "1.0rc1" }, { "1.0pre1", "1.0rc1" }, { "1.0preview1", "1.0rc1" },
		{ "1.0-beta", "1.0b0" }, { "1.0.post", "1.0.post0" }, { "1.0-1", "1.0.post1" },
		{ "1.0-r1", "1.0.post1" }, { "1.0rev1", "1.0.post1" }, { "1.0dev", "1.0.dev0" },
		{ "v1.0", "1.0" }, { " 1.0\n", "1.0" }, { "1.0RC1", "1.0rc1" },
		{ "1.0+ABC", "1.0+abc" }, { "1.0+abc-1_2", "1.0+abc.1.2" }, { "1.0+007", "1.0+7" },
		{ "0!1.0", "1.0" }, { "1.0.0", "1" }, { "1.01", "1.1" },
	};
	char buf[CW__PEP440_RENDER_MAX];
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		cw__pep440_version *v = NULL;
		vb_assert_cmp(PEP, same[i][0], ==, same[i][1]);
		cw_assert_ok(cw__pep440_parse(&v, same[i][0], strlen(same[i][0])));
		cw__pep440_render(v, false, true, buf);
		cw__pep440_free(v);
		/* str(Version(x)) keeps trailing zeros, so compare values only there */
		if (strcmp(same[i][1], "1") != 0 && strcmp(same[i][1], "1.1") != 0 &&
		    strcmp(buf, same[i][1]) != 0)
			fail_msg("str(Version('%s')) = '%s', want '%s'", same[i][0], buf, same[i][1]);
	}
}

static void test_pep440__ordering_of_dev_pre_post_local(void **state)
{
	(void)state;
	/* the order given in PEP 440's "Summary of permitted suffixes" */
	static const char *const order[] = {
		"1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456",
		"1.0b2", "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0",
		"1.0+abc.5", "1.0+abc.7", "1.0+5", "1.0.post456.dev34", "1.0.post456", "1.0.15",
		"1.1.dev1", "1!0.1",
	};
	for (size_t i = 0; i + 1 < sizeof(order) / sizeof(order[0]); i++)
		vb_assert_cmp(PEP, order[i], <, order[i + 1]);
	vb_assert_cmp(PEP, "1.0+1", >, "1.0+zzz");   /* numeric local beats a string */
	vb_assert_cmp(PEP, "1.0+a", <, "1.0+a.0");   /* longer local is greater */
	vb_assert_cmp(PEP, "1.99999999999999999999999", >, "1.99999999999999999999998");
}

static void test_pep440__invalid_versions(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "1.0-", "1.0.", ".1", "1..0", "1.0+", "1.0+a..b", "a1.0", "1.0 1", "1.0.*",
		"1.0.post1.post2", "vv1", "1!", "!1", "1.0-dev-1-x", "1.0_", "1.0a1b1",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		vb_assert_invalid(PEP, bad[i], "invalid version");
}

static void test_pep440__exclusive_ordered_comparisons(void **state)
{
	(void)state;
	vb_assert_sat(PEP, "<3.1", "3.0.dev0", 0);   /* pre-releases are excluded anyway */
	vb_assert_sat(PEP, "<3.1a1", "3.0.dev0", 0); /* "<" does not enable them ... */
	vb_assert_sat(PEP, "<=3.1a1", "3.0.dev0", 1); /* ... an inclusive operator does */
	vb_assert_sat(PEP, "<3.1a1,>=1.0a1", "3.1.dev0", 1);
	vb_assert_sat(PEP, "<3.1,>=3.0a1", "3.0.5a1", 1);
	vb_assert_sat(PEP, "<3.1,>=3.0a1", "3.1a1", 0); /* <3.1 excludes 3.1's pre-releases */
	vb_assert_sat(PEP, ">3.1", "3.1.post1", 0);
	vb_assert_sat(PEP, ">3.1.post0", "3.1.post1", 1);
	vb_assert_sat(PEP, ">3.1", "3.1+local", 0);
	vb_assert_sat(PEP, ">3.1", "3.2.post1", 1);
	vb_assert_sat(PEP, ">=3.1", "3.1+local", 1);
	vb_assert_sat(PEP, "<=3.1", "3.1+local", 1);
}

static void test_pep440__equality_prefix_and_compatible_release(void **state)
{
	(void)state;
	vb_assert_sat(PEP, "==1.0.*", "1.0.5", 1);
	vb_assert_sat(PEP, "==1.0.*", "1.1", 0);
	vb_assert_sat(PEP, "==1.0.*", "1", 1);         /* zero padding */
	vb_assert_sat(PEP, "==1.0.*", "1.0.post1", 1);
	vb_assert_sat(PEP, "==1.0.*", "1.0+local", 1);
	vb_assert_sat(PEP, "!=1.0.*", "1.0.5", 0);
	vb_assert_sat(PEP, "==1.0", "1.0+local", 1);   /* no local in the spec: ignored */
	vb_assert_sat(PEP, "==1.0+abc", "1.0+abd", 0);
	vb_assert_sat(PEP, "==1.0.0", "1", 1);
	vb_assert_sat(PEP, "~=2.2", "2.9", 1);
	vb_assert_sat(PEP, "~=2.2", "3.0", 0);
	vb_assert_sat(PEP, "~=2.2.0", "2.3", 0);
	vb_assert_sat(PEP, "~=1.4.5a4", "1.4.6", 1);
	vb_assert_sat(PEP, "~=1.4.5a4", "1.5", 0);
	vb_assert_sat(PEP, "~=2.2.post3", "2.9", 1);
	vb_assert_sat(PEP, "~=1!2.2", "1!2.5", 1);
	vb_assert_sat(PEP, "===1.0", "1.0", 1);
	vb_assert_sat(PEP, "===1.0", "1.0.0", 0);
	vb_assert_sat(PEP, "===1.0", "v1.0", 1);       /* str(Version) is normalized */
	vb_assert_sat(PEP, "===foobar", "1.0", 0);
}

static void test_pep440__prerelease_handling_of_specifier_sets(void **state)
{
	(void)state;
	vb_assert_sat(PEP, ">=1.0", "2.0a1", 0);
	vb_assert_sat(PEP, ">=1.0a1", "2.0a1", 1);     /* an inclusive spec names one */
	vb_assert_sat(PEP, ">1.0a1", "2.0a1", 0);      /* exclusive ones do not count */
	vb_assert_sat(PEP, ">=1.0,!=2.0b1", "2.0a1", 0);
	vb_assert_sat(PEP, "==2.0.*,>=1.0.dev0", "2.0a1", 1);
	vb_assert_sat(PEP, "", "1.0", 1);              /* empty set: everything final */
	vb_assert_sat(PEP, "", "1.0a1", 0);
	vb_assert_sat(PEP, ">=1, ,<2", "1.5", 1);      /* empty items are skipped */
}

static void test_pep440__invalid_specifiers(void **state)
{
	(void)state;
	vb_assert_bad_range(PEP, "~=1", "two release segments");
	vb_assert_bad_range(PEP, "<1.0+local", "local version");
	vb_assert_bad_range(PEP, ">=1.0.*", "invalid version");
	vb_assert_bad_range(PEP, "==1.0a1.*", "plain release");
	vb_assert_bad_range(PEP, "=>1.0", "expected an operator");
	vb_assert_bad_range(PEP, "1.0", "expected an operator");
	vb_assert_bad_range(PEP, "==", "expected a version");
	vb_assert_bad_range(PEP, "=== a b", "one word");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pep440__alternate_spellings_normalize),
		cmocka_unit_test(test_pep440__ordering_of_dev_pre_post_local),
		cmocka_unit_test(test_pep440__invalid_versions),
		cmocka_unit_test(test_pep440__exclusive_ordered_comparisons),
		cmocka_unit_test(test_pep440__equality_prefix_and_compatible_release),
		cmocka_unit_test(test_pep440__prerelease_handling_of_specifier_sets),
		cmocka_unit_test(test_pep440__invalid_specifiers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
