/* test_license_policy.c - license verdicts by category, lists and distribution model. */
#include "cw_test.h"

#include <string.h>

static cw_license_verdict verdict(const cw_license_policy *p, const char *expr, char *why)
{
	return cw_license_policy_evaluate(p, expr, why, 256);
}

static void test_policy__defaults_follow_the_distribution_model(void **state)
{
	(void)state;
	static const struct {
		const char *expr;
		cw_license_verdict internal, network, binary;
	} cases[] = {
		{ "MIT", CW_VERDICT_ALLOW, CW_VERDICT_ALLOW, CW_VERDICT_ALLOW },
		{ "CC0-1.0", CW_VERDICT_ALLOW, CW_VERDICT_ALLOW, CW_VERDICT_ALLOW },
		{ "LGPL-2.1-only", CW_VERDICT_ALLOW, CW_VERDICT_ALLOW, CW_VERDICT_REVIEW },
		{ "GPL-3.0-or-later", CW_VERDICT_ALLOW, CW_VERDICT_ALLOW, CW_VERDICT_DENY },
		{ "AGPL-3.0-only", CW_VERDICT_REVIEW, CW_VERDICT_DENY, CW_VERDICT_DENY },
		{ "SSPL-1.0", CW_VERDICT_REVIEW, CW_VERDICT_DENY, CW_VERDICT_DENY },
		{ "BUSL-1.1", CW_VERDICT_REVIEW, CW_VERDICT_REVIEW, CW_VERDICT_REVIEW },
		{ "NOASSERTION", CW_VERDICT_REVIEW, CW_VERDICT_REVIEW, CW_VERDICT_REVIEW },
		{ "LicenseRef-Acme-Commercial", CW_VERDICT_REVIEW, CW_VERDICT_REVIEW, CW_VERDICT_REVIEW },
		/* the licensee picks the best alternative ... */
		{ "MIT OR GPL-3.0-only", CW_VERDICT_ALLOW, CW_VERDICT_ALLOW, CW_VERDICT_ALLOW },
		{ "AGPL-3.0-only OR GPL-3.0-only", CW_VERDICT_ALLOW, CW_VERDICT_ALLOW, CW_VERDICT_DENY },
		/* ... but must honour every part of a conjunction */
		{ "MIT AND GPL-3.0-only", CW_VERDICT_ALLOW, CW_VERDICT_ALLOW, CW_VERDICT_DENY },
		{ "(MIT OR Apache-2.0) AND AGPL-3.0-or-later", CW_VERDICT_REVIEW, CW_VERDICT_DENY,
		  CW_VERDICT_DENY },
		/* a linking exception makes strong copyleft weak */
		{ "GPL-2.0-only WITH Classpath-exception-2.0", CW_VERDICT_ALLOW, CW_VERDICT_ALLOW,
		  CW_VERDICT_REVIEW },
		/* deprecated ids are judged as their replacements */
		{ "GPL-2.0+", CW_VERDICT_ALLOW, CW_VERDICT_ALLOW, CW_VERDICT_DENY },
		{ "mit or apache-2.0", CW_VERDICT_ALLOW, CW_VERDICT_ALLOW, CW_VERDICT_ALLOW },
	};
	cw_license_policy *p[3];
	char why[256];
	for (int m = 0; m < 3; m++)
		cw_assert_ok(cw_license_policy_default(&p[m], (cw_distribution)m));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cw_license_verdict want[3] = { cases[i].internal, cases[i].network, cases[i].binary };
		for (int m = 0; m < 3; m++) {
			cw_license_verdict got = verdict(p[m], cases[i].expr, why);
			if (got != want[m])
				fail_msg("%s for %s: %s, expected %s (%s)", cases[i].expr,
				         cw_distribution_name((cw_distribution)m), cw_license_verdict_name(got),
				         cw_license_verdict_name(want[m]), why);
		}
	}
	verdict(p[1], "AGPL-3.0-only", why);
	assert_string_equal(why, "AGPL-3.0-only: network-copyleft, denied for a network service");
	verdict(p[2], "GPL-2.0-only WITH Classpath-exception-2.0", why);
	assert_non_null(strstr(why, "linking exception"));
	for (int m = 0; m < 3; m++)
		cw_license_policy_free(p[m]);
}

static void test_policy__file_lists_and_categories(void **state)
{
	(void)state;
	const char yaml[] =
		"apiVersion: chainwarden/v1\n"
		"kind: LicensePolicy\n"
		"distribution: distributed\n"
		"allow: [MIT, \"BSD-*\", LGPL-2.1-only]\n"
		"review: [Apache-2.0]\n"
		"deny: [BSD-4-Clause, \"CC-BY-NC-*\"]\n"
		"categories:\n"
		"  strong-copyleft: review\n"
		"  unknown: deny\n";
	cw_license_policy *p;
	char why[256];
	cw_assert_ok(cw_license_policy_load(&p, yaml, sizeof(yaml) - 1, "policy.yaml"));
	assert_int_equal(cw_license_policy_distribution(p), CW_DISTRIBUTION_BINARY);
	assert_int_equal(verdict(p, "BSD-3-Clause", why), CW_VERDICT_ALLOW);
	assert_string_equal(why, "BSD-3-Clause: on the allow list");
	assert_int_equal(verdict(p, "BSD-4-Clause", why), CW_VERDICT_DENY); /* deny beats allow */
	assert_int_equal(verdict(p, "Apache-2.0", why), CW_VERDICT_REVIEW);
	assert_int_equal(verdict(p, "LGPL-2.1-only", why), CW_VERDICT_ALLOW); /* list beats category */
	assert_int_equal(verdict(p, "GPL-3.0-only", why), CW_VERDICT_REVIEW);  /* category override */
	assert_int_equal(verdict(p, "CC-BY-NC-4.0", why), CW_VERDICT_DENY);
	assert_int_equal(verdict(p, "NOASSERTION", why), CW_VERDICT_DENY);
	assert_int_equal(verdict(p, "AGPL-3.0-only", why), CW_VERDICT_DENY); /* default kept */
	cw_license_policy_set_distribution(p, CW_DISTRIBUTION_INTERNAL);
	assert_int_equal(verdict(p, "AGPL-3.0-only", why), CW_VERDICT_REVIEW);
	cw_license_policy_free(p);
}

static void test_policy__bad_files_name_line_and_column(void **state)
{
	(void)state;
	static const struct { const char *yaml, *error; } cases[] = {
		{ "apiVersion: chainwarden/v1\ncategories:\n  copyleft: deny\n",
		  "policy.yaml:3:3: unknown category 'copyleft'" },
		{ "apiVersion: chainwarden/v1\ncategories:\n  permissive: maybe\n",
		  "policy.yaml:3:15: expected allow, review or deny for 'permissive'" },
		{ "apiVersion: chainwarden/v2\n", "policy.yaml:1:13: unsupported apiVersion" },
		{ "alow: [MIT]\n", "policy.yaml:1:1: unknown key 'alow'" },
		{ "allow: MIT\n", "policy.yaml:1:8: allow: expected a list" },
		{ "distribution: everywhere\n", "policy.yaml:1:15: unknown distribution model" },
		{ "allow: [MIT\n", "policy.yaml:2:1: invalid YAML" },
		{ "- MIT\n", "policy.yaml:1:1: expected a mapping" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cw_license_policy *p = (cw_license_policy *)1;
		int rc = cw_license_policy_load(&p, cases[i].yaml, strlen(cases[i].yaml), "policy.yaml");
		assert_int_equal(rc, CW_EINVALID);
		assert_null(p);
		if (!strstr(cw_error_last()->message, cases[i].error))
			fail_msg("'%s': got '%s', expected '%s'", cases[i].yaml,
			         cw_error_last()->message, cases[i].error);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policy__defaults_follow_the_distribution_model),
		cmocka_unit_test(test_policy__file_lists_and_categories),
		cmocka_unit_test(test_policy__bad_files_name_line_and_column),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
