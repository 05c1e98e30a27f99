/* test_typosquat.c - typosquatting detection against the popular npm names. */
#include "cw_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cw_typosquat_index *ix;

static int setup(void **state)
{
	size_t len;
	char *list = cw_test_read_file(cw_test_shared("data/popular/npm-high-impact.txt"), &len);
	(void)state;
	if (cw_typosquat_index_new(&ix, "npm") != 0 ||
	    cw_typosquat_index_add_list(ix, list, len, "npm-high-impact.txt") != 0)
		return -1;
	free(list);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cw_typosquat_index_free(ix);
	return 0;
}

static void expect(const char *name, cw_squat_kind kind, const char *target)
{
	cw_typosquat_match m;
	if (!cw_typosquat_check(ix, name, &m))
		fail_msg("%s: not flagged, expected %s of %s", name, cw_squat_kind_name(kind), target);
	if (m.kind != kind || strcmp(m.target, target) != 0)
		fail_msg("%s: %s of %s, expected %s of %s", name, cw_squat_kind_name(m.kind), m.target,
		         cw_squat_kind_name(kind), target);
}

static void test_typosquat__each_kind_with_its_target(void **state)
{
	(void)state;
	expect("crossenv", CW_SQUAT_SEPARATOR, "cross-env");
	expect("lodahs", CW_SQUAT_SWAP, "lodash");
	expect("l0dash", CW_SQUAT_HOMOGLYPH, "lodash");
	expect("expresss", CW_SQUAT_EDIT, "express");
	expect("types-node", CW_SQUAT_SCOPE, "@types/node");
	expect("lodash-js", CW_SQUAT_COMBO, "lodash");
	expect("noderequest", CW_SQUAT_COMBO, "request");
	expect("electorn", CW_SQUAT_SWAP, "electron");
	expect("EXPRES", CW_SQUAT_EDIT, "express"); /* case does not hide it */
}

static void test_typosquat__popular_names_are_never_flagged(void **state)
{
	(void)state;
	size_t len, checked = 0, flagged = 0;
	char *list = cw_test_read_file(cw_test_shared("data/popular/npm-high-impact.txt"), &len);
	for (char *save = NULL, *n = strtok_r(list, "\n", &save); n; n = strtok_r(NULL, "\n", &save)) {
		cw_typosquat_match m;
		checked++;
		flagged += cw_typosquat_check(ix, n, &m);
	}
	free(list);
	printf("popular list against itself: %zu names, %zu flagged\n", checked, flagged);
	assert_int_equal(flagged, 0);
	assert_true(checked > 17000);
}

/* Recall on a real campaign: every squat of a package that is on the
 * popular list is caught (the others imitate names that are not popular
 * npm packages, e.g. tkinter, opencv: nothing to be near).  Precision on
 * real packages missing from the index: ranks below 5,000 checked against
 * the top 5,000. */
static void test_typosquat__recall_and_false_positive_rate(void **state)
{
	(void)state;
	size_t len, total = 0, reachable = 0, found = 0, benign = 0, fp = 0, rank = 0, same_target = 0;
	char *campaign = cw_test_read_file(cw_test_source("tests/data/attack/typosquats-2017.txt"), NULL);
	char *list = cw_test_read_file(cw_test_shared("data/popular/npm-high-impact.txt"), &len);
	cw_typosquat_index *top;
	char *cut = list;

	for (char *save = NULL, *l = strtok_r(campaign, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		cw_typosquat_match m, self;
		char *target = strchr(l, ' ');
		bool flagged;
		if (l[0] == '#' || !target)
			continue;
		*target++ = '\0';
		total++;
		flagged = cw_typosquat_check(ix, l, &m);
		found += flagged;
		/* The target is popular when it is in the index (never flagged itself
		 * and known exactly); then the squat must point at it. */
		if (strcmp(target, "-") != 0 && !cw_typosquat_check(ix, target, &self) &&
		    strstr(list, target)) {
			char needle[256];
			snprintf(needle, sizeof(needle), "\n%s\n", target);
			if (!strstr(list, needle))
				continue;
			reachable++;
			if (!flagged)
				fail_msg("%s imitates popular %s but was not flagged", l, target);
			/* A more popular look-alike may be named instead (sqliter: sqlite3). */
			same_target += strcmp(m.target, target) == 0;
		}
	}
	/* The first 5,000 lines make the index; the rest are benign queries. */
	while (rank < 5000 && (cut = strchr(cut, '\n')))
		cut++, rank++;
	cw_assert_ok(cw_typosquat_index_new(&top, "npm"));
	cw_assert_ok(cw_typosquat_index_add_list(top, list, (size_t)(cut - list), "top5000"));
	for (char *save = NULL, *n = strtok_r(cut, "\n", &save); n; n = strtok_r(NULL, "\n", &save)) {
		cw_typosquat_match m;
		benign++;
		fp += cw_typosquat_check(top, n, &m);
	}
	printf("2017 campaign: %zu/%zu flagged; all %zu imitating a popular package (%zu naming "
	       "exactly it); real packages outside the top 5,000: %zu/%zu flagged (%.2f%%)\n", found,
	       total, reachable, same_target, fp, benign, 100.0 * fp / benign);
	assert_true(reachable >= 10);
	assert_true(fp * 100 < benign * 2);
	cw_typosquat_index_free(top);
	free(list);
	free(campaign);
}

static void test_typosquat__allowed_pairs_and_same_scope(void **state)
{
	(void)state;
	cw_typosquat_match m;
	const char allowed[] = "# legitimate\nlodahs lodash\n";
	assert_true(cw_typosquat_check(ix, "lodahs", &m));
	cw_assert_ok(cw_typosquat_index_add_allowed(ix, allowed, sizeof(allowed) - 1, "allow.txt"));
	assert_false(cw_typosquat_check(ix, "lodahs", &m));
	/* @types/cypress is one edit from @types/express, but a scope has one owner. */
	assert_false(cw_typosquat_check(ix, "@types/expresss", &m));
	assert_int_equal(cw_typosquat_index_add_allowed(ix, "lonely\n", 7, "allow.txt"), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "allow.txt:1:"));
	assert_int_equal(cw_typosquat_index_add_list(ix, "a b\n", 4, "bad.txt"), CW_EINVALID);
}

static void test_typosquat__hostile_names(void **state)
{
	(void)state;
	cw_typosquat_match m;
	char longname[1000];
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_false(cw_typosquat_check(ix, longname, &m));
	assert_false(cw_typosquat_check(ix, "", &m));
	assert_false(cw_typosquat_check(ix, "@/", &m));
	assert_false(cw_typosquat_check(ix, "---", &m));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_typosquat__each_kind_with_its_target),
		cmocka_unit_test(test_typosquat__popular_names_are_never_flagged),
		cmocka_unit_test(test_typosquat__recall_and_false_positive_rate),
		cmocka_unit_test(test_typosquat__allowed_pairs_and_same_scope),
		cmocka_unit_test(test_typosquat__hostile_names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
