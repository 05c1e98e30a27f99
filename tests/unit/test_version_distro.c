/*
 * test_version_distro.c - the dpkg, rpm and apk version schemes: ordering
 * facts from Debian Policy 5.6.12, rpm's own rpmvercmp test cases and
 * apk-tools' test/version.data (written here as facts, with the rules they
 * illustrate), parse errors, and comparator-list ranges.
 * The differential tests against dpkg and rpm are tests/e2e/version_b_*.py.
 */
#include "version_b_test.h"

#define DPKG (&cw__scheme_dpkg)
#define RPM (&cw__scheme_rpm)
#define APK (&cw__scheme_apk)

/* ---- dpkg ---------------------------------------------------------------- */

static void test_dpkg__tilde_sorts_before_everything_even_the_end(void **state)
{
	(void)state;
	/* Debian Policy's example: ~~, ~~a, ~, the empty part, a */
	vb_assert_cmp(DPKG, "1.0~~", <, "1.0~~a");
	vb_assert_cmp(DPKG, "1.0~~a", <, "1.0~");
	vb_assert_cmp(DPKG, "1.0~", <, "1.0");
	vb_assert_cmp(DPKG, "1.0", <, "1.0a");
	vb_assert_cmp(DPKG, "1.0~rc1", <, "1.0");
	vb_assert_cmp(DPKG, "1.0~rc1-1", <, "1.0-1");
	vb_assert_cmp(DPKG, "1.0-1~bpo1", <, "1.0-1");
}

static void test_dpkg__letters_sort_before_non_letters(void **state)
{
	(void)state;
	vb_assert_cmp(DPKG, "1.0a", <, "1.0+");
	vb_assert_cmp(DPKG, "1.0Z", <, "1.0a");
	vb_assert_cmp(DPKG, "1.0+b1", >, "1.0");
	vb_assert_cmp(DPKG, "1.0+b1", <, "1.0.1");
}

static void test_dpkg__epoch_then_upstream_then_revision(void **state)
{
	(void)state;
	vb_assert_cmp(DPKG, "1:0.1", >, "9.9");
	vb_assert_cmp(DPKG, "0:1.0", ==, "1.0");
	vb_assert_cmp(DPKG, "1.0", ==, "1.0-0");
	vb_assert_cmp(DPKG, "1.0-2", <, "1.0-10");
	vb_assert_cmp(DPKG, "1.10", >, "1.9");
	vb_assert_cmp(DPKG, "1.01", ==, "1.1");
	vb_assert_cmp(DPKG, "1:2:3", >, "1:2");       /* colons inside upstream */
	vb_assert_cmp(DPKG, "1.0-2-3", >, "1.0-2-2"); /* revision after the last '-' */
	vb_assert_cmp(DPKG, " 1.0 ", ==, "1.0");
}

static void test_dpkg__errors_are_dpkgs_errors(void **state)
{
	(void)state;
	vb_assert_invalid(DPKG, "", "version string is empty");
	vb_assert_invalid(DPKG, "1.0 2", "embedded spaces");
	vb_assert_invalid(DPKG, ":1.0", "epoch in version is empty");
	vb_assert_invalid(DPKG, "x:1.0", "epoch in version is empty");
	vb_assert_invalid(DPKG, "1a:1.0", "not number");
	vb_assert_invalid(DPKG, "-1:1.0", "negative");
	vb_assert_invalid(DPKG, "99999999999:1", "too big");
	vb_assert_invalid(DPKG, "1:", "nothing after colon");
	vb_assert_invalid(DPKG, "1.0-", "revision number is empty");
	vb_assert_invalid(DPKG, "-1", "version number is empty");
	/* dpkg only warns about these and compares them anyway */
	vb_assert_cmp(DPKG, "a1.0", >, "1.0");
	vb_assert_cmp(DPKG, "1.0_1", >, "1.0");
}

static void test_dpkg__ranges_use_dpkg_relations(void **state)
{
	(void)state;
	vb_assert_sat(DPKG, ">= 1.2, << 2.0", "1.5-1", 1);
	vb_assert_sat(DPKG, ">= 1.2, << 2.0", "2.0~rc1", 1);
	vb_assert_sat(DPKG, ">= 1.2, << 2.0", "2.0", 0);
	vb_assert_sat(DPKG, ">>1.0", "1.0+b1", 1);
	vb_assert_sat(DPKG, "= 1.0", "1.0-0", 1);
	vb_assert_sat(DPKG, "!= 1.0", "1.0.1", 1);
	vb_assert_sat(DPKG, "1:1.0", "1:1.0", 1);
	/* obsolete < and > mean <= and >= in dpkg */
	vb_assert_sat(DPKG, "< 1.0", "1.0", 1);
	vb_assert_sat(DPKG, "> 1.0", "1.0", 1);
	vb_assert_sat(DPKG, "> 1.0", "0.9", 0);
	vb_assert_bad_range(DPKG, "", "empty comparator");
	vb_assert_bad_range(DPKG, ">= 1.0,", "empty comparator");
	vb_assert_bad_range(DPKG, ">=", "has no version");
	vb_assert_bad_range(DPKG, "=> 1.0", "unknown operator");
	vb_assert_bad_range(DPKG, ">= 1.0 2.0", "embedded spaces");
}

/* ---- rpm ----------------------------------------------------------------- */

static void test_rpm__rpmvercmp_cases(void **state)
{
	(void)state;
	static const struct { const char *a, *b; int c; } cases[] = {
		{ "1.0", "1.0", 0 }, { "1.0", "2.0", -1 }, { "2.0.1", "2.0", 1 },
		{ "2.0.1a", "2.0.1", 1 }, { "5.5p1", "5.5p2", -1 }, { "5.5p10", "5.5p1", 1 },
		{ "10xyz", "10.1xyz", -1 }, { "xyz10", "xyz10.1", -1 }, { "xyz.4", "8", -1 },
		{ "6.0.rc1", "6.0", 1 }, { "10b2", "10a1", 1 }, { "1.0aa", "1.0a", 1 },
		{ "10.0001", "10.1", 0 }, { "10.0001", "10.0039", -1 }, { "4.999.9", "5.0", -1 },
		{ "2_0", "2_0", 0 }, { "2.0", "2_0", 0 }, { "a+", "a_", 0 }, { "+_", "_+", 0 },
		{ "1.0~rc1", "1.0", -1 }, { "1.0~rc1", "1.0~rc2", -1 },
		{ "1.0~rc1~git123", "1.0~rc1", -1 }, { "1.0^", "1.0", 1 },
		{ "1.0^git1", "1.0", 1 }, { "1.0^git1", "1.0^git2", -1 },
		{ "1.0^git1", "1.01", -1 }, { "1.0^20160101", "1.0.1", -1 },
		{ "1.0~rc1^git1", "1.0~rc1", 1 }, { "1.0^git1~pre", "1.0^git1", -1 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int c = vb_cmp(RPM, cases[i].a, cases[i].b);
		if (c != cases[i].c)
			fail_msg("rpmvercmp(%s, %s) = %d, want %d", cases[i].a, cases[i].b, c, cases[i].c);
	}
}

static void test_rpm__epoch_version_release(void **state)
{
	(void)state;
	vb_assert_cmp(RPM, "1:1.0-1", >, "2.0-1");
	vb_assert_cmp(RPM, "0:1.0-1", ==, "1.0-1");
	vb_assert_cmp(RPM, ":1.0", ==, "0:1.0");
	vb_assert_cmp(RPM, "1.0", <, "1.0-1");      /* missing release sorts first */
	vb_assert_cmp(RPM, "1.0-", >, "1.0");       /* an empty release is still one */
	vb_assert_cmp(RPM, "1.0-1.el9", <, "1.0-1.el9_2");
	vb_assert_cmp(RPM, "1-2:3", >, "1-2");      /* no epoch: digits then '-' */
	vb_assert_invalid(RPM, "", "empty");
	vb_assert_invalid(RPM, "1.0 -1", "whitespace");
}

static void test_rpm__ranges_follow_rpm_dependency_matching(void **state)
{
	(void)state;
	vb_assert_sat(RPM, ">= 1.0, < 2.0", "1.5-3.el9", 1);
	vb_assert_sat(RPM, ">= 1.0", "1.0-5", 1);   /* no release in the bound: any */
	vb_assert_sat(RPM, "< 1.0", "1.0-5", 0);
	vb_assert_sat(RPM, "> 1.0", "1.0-5", 0);
	vb_assert_sat(RPM, "= 1.0", "1.0-5", 1);
	vb_assert_sat(RPM, "< 1.0-2", "1.0-1", 1);
	vb_assert_sat(RPM, "< 1.0-2", "1.0-2", 0);
	vb_assert_sat(RPM, "= 1.0-2", "1.0", 1);    /* a version without release provides all */
	vb_assert_sat(RPM, "> 1:0.5", "1.0", 0);
	vb_assert_sat(RPM, "!= 1.0", "1.0-5", 0);
	vb_assert_sat(RPM, "== 1.0~rc1", "1.0~rc1-1", 1);
	vb_assert_bad_range(RPM, "<< 1.0", "unknown operator");
}

/* ---- apk ----------------------------------------------------------------- */

static void test_apk__version_data_facts(void **state)
{
	(void)state;
	/* A selection of apk-tools test/version.data, one rule each */
	static const struct { const char *a; int c; const char *b; } facts[] = {
		{ "2.34", 1, "0.1.0_alpha" },
		{ "0.1.0_alpha", 0, "0.1.0_alpha" },
		{ "0.1.0_alpha2", 1, "0.1.0_alpha" },
		{ "1.1", 1, "1.1_alpha1" },           /* pre-release suffix < none */
		{ "1.0.4-r3", -1, "1.0.4-r4" },
		{ "2.2.39-r1", 1, "1.0.4-r3" },
		{ "1.2.1", 1, "1.2" },
		{ "3.10.18-r1", 1, "2.3.0b-r1" },
		{ "2.3.0b-r1", -1, "2.3.0b-r2" },
		{ "0.12.3", 1, "0.12" },
		{ "3.1_p16", -1, "3.1_p17" },
		{ "1.06-r6", -1, "006" },
		{ "1.2.2-r1", 1, "1.2.2" },           /* -r0 < -r1, none < -r1 */
		{ "20050718-r1", -1, "20050718-r2" },
		{ "2.01.01_alpha10", 1, "0.94" },
		{ "1.0", 1, "0.99.3.20040818" },
		{ "3.0.20060720", -1, "20060720" },
		{ "2.5.1-r8", -1, "2.5.1a-r1" },      /* a letter after the digits is more */
		{ "2.0.0_rc3-r1", 1, "1.5" },
		{ "3.9_pre20060124", 1, "0.01" },
		{ "0.10.0-r1", 1, "0.10.0" },
		{ "0.10.0", -1, "0.10.1_rc1" },
		{ "1.02", -1, "1.03-r1" },
		{ "4.2.52_p2-r1", -1, "4.2.52_p4-r2" },
		{ "2.9.11_pre20051101-r2", -1, "2.9.11_pre20051101-r3" },
		{ "2.9.11_pre20051101-r3", 1, "2.9.11_pre20051101" },
		{ "1.3.5-r10", 1, "1.3.5-r8" },
		{ "1.8.5", -1, "1.8.5_p2" },          /* post-release suffix > none */
		{ "4.5_p1-r1", 1, "4.5_p1" },
		{ "0.9.28.1", -1, "087-r1" },
		{ "7.0.17", -1, "7.0.174" },
		{ "1.7", -1, "1.7b" },
		{ "2.12r-r4", -1, "2.12r-r5" },
		{ "0.1.0_alpha_pre2", -1, "0.1.0_alpha" }, /* a second pre suffix is less */
		{ "1.0_p10-r0", 1, "1.0_p9-r0" },
		{ "1.3_pre1-r1", -1, "1.3.2" },
		{ "1.0.0_pre20191002222144-r0", -1, "1.0.0_pre20210530193627-r0" }, /* 64-bit */
		{ "6.0_pre1", -1, "6.0" },
		{ "6.1_p1", 1, "6.1" },
		{ "1.2.12.04", -1, "1.2.12.05" },
		{ "02.08.01b", -1, "4.77" },
	};
	for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++) {
		int c = vb_cmp(APK, facts[i].a, facts[i].b);
		if (c != facts[i].c)
			fail_msg("apk: %s vs %s = %d, want %d", facts[i].a, facts[i].b, c, facts[i].c);
	}
}

static void test_apk__leading_zero_numbers_compare_as_strings(void **state)
{
	(void)state;
	vb_assert_cmp(APK, "1.01", <, "1.1");
	vb_assert_cmp(APK, "1.010", >, "1.01");
	vb_assert_cmp(APK, "1.09", <, "1.1");
	vb_assert_cmp(APK, "01", ==, "1");          /* not for the first number */
}

static void test_apk__token_order_and_commit_hash(void **state)
{
	(void)state;
	vb_assert_cmp(APK, "1.0.1", >, "1.0a");
	vb_assert_cmp(APK, "1.0a", >, "1.0_p1");
	vb_assert_cmp(APK, "1.0_p1", >, "1.0");
	vb_assert_cmp(APK, "1.0", >, "1.0_rc1");
	vb_assert_cmp(APK, "1.0_alpha", <, "1.0_beta");
	vb_assert_cmp(APK, "1.0_beta", <, "1.0_pre");
	vb_assert_cmp(APK, "1.0_pre", <, "1.0_rc");
	vb_assert_cmp(APK, "1.0_cvs", <, "1.0_svn");
	vb_assert_cmp(APK, "1.0_svn", <, "1.0_git");
	vb_assert_cmp(APK, "1.0_git", <, "1.0_hg");
	vb_assert_cmp(APK, "1.0_hg", <, "1.0_p");
	vb_assert_cmp(APK, "1.0~abc", >, "1.0");
	vb_assert_cmp(APK, "1.0~abc", <, "1.0~abd");
	vb_assert_cmp(APK, "1.0~abc-r1", >, "1.0~abc");
	vb_assert_cmp(APK, "1.0-r1", <, "1.0~abc"); /* the later token kind is less */
}

static void test_apk__invalid_versions_are_rejected(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "a1", "1.0bc", "23_foo", "1.0_alpha.1", "1.0-r", "1.0-x1", "1.0~", "1.0~ABC",
		"1.0-r1-r2", "1.0-r1_p1", "1..0", "1.0.", "1.0A", "1.0_", "1.0 ", "1.0_p1a",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		vb_assert_invalid(APK, bad[i], NULL);
	vb_assert_invalid(APK, "1.0bc", "offset 4");
	(void)vb_cmp(APK, "1.0-r0", "1.0_alpha1_beta2_pre3_rc4_cvs_svn_git_hg_p5~a1-r9");
}

static void test_apk__ranges_including_fuzzy(void **state)
{
	(void)state;
	vb_assert_sat(APK, ">= 1.2, < 2.0", "1.9.9-r3", 1);
	vb_assert_sat(APK, "< 1.2.3-r0", "1.2.3_rc1-r5", 1);
	vb_assert_sat(APK, "~1.2", "1.2.5-r3", 1);
	vb_assert_sat(APK, "~1.2", "1.3", 0);
	vb_assert_sat(APK, ">~1.2", "1.2.0", 1);
	vb_assert_sat(APK, "<~1.2", "1.2.9", 1);
	vb_assert_sat(APK, "<~1.2", "1.3", 0);
	vb_assert_sat(APK, "!= 1.0-r0", "1.0-r1", 1);
	vb_assert_sat(APK, "1.0-r1", "1.0-r1", 1);
	vb_assert_bad_range(APK, ">= 1.0bc", "apk version");
}

/* ---- all six schemes ------------------------------------------------------ */

static void test_all__length_cap_and_nul_bytes_are_refused(void **state)
{
	(void)state;
	const cw_version_scheme *all[] = { &cw__scheme_pep440, &cw__scheme_maven, &cw__scheme_gem,
	                                   DPKG, RPM, APK };
	static char big[2001];
	memset(big, '1', sizeof(big) - 1);
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		void *out = NULL;
		assert_int_equal(all[i]->parse(&out, big, strlen(big)), CW_ELIMIT);
		assert_null(out);
		assert_non_null(strstr(cw_error_last()->message, "longer than 1024"));
		assert_int_equal(all[i]->parse(&out, "1\0002", 3), CW_EINVALID);
		assert_null(out);
		assert_non_null(strstr(cw_error_last()->message, "NUL"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dpkg__tilde_sorts_before_everything_even_the_end),
		cmocka_unit_test(test_dpkg__letters_sort_before_non_letters),
		cmocka_unit_test(test_dpkg__epoch_then_upstream_then_revision),
		cmocka_unit_test(test_dpkg__errors_are_dpkgs_errors),
		cmocka_unit_test(test_dpkg__ranges_use_dpkg_relations),
		cmocka_unit_test(test_rpm__rpmvercmp_cases),
		cmocka_unit_test(test_rpm__epoch_version_release),
		cmocka_unit_test(test_rpm__ranges_follow_rpm_dependency_matching),
		cmocka_unit_test(test_apk__version_data_facts),
		cmocka_unit_test(test_apk__leading_zero_numbers_compare_as_strings),
		cmocka_unit_test(test_apk__token_order_and_commit_hash),
		cmocka_unit_test(test_apk__invalid_versions_are_rejected),
		cmocka_unit_test(test_apk__ranges_including_fuzzy),
		cmocka_unit_test(test_all__length_cap_and_nul_bytes_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
