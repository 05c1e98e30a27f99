/* test_license_identify.c - license text identification on the SPDX texts. */
#include "cw_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/json.h"

static cw_license_db *db;
static cw_json *list;

static int setup(void **state)
{
	(void)state;
	return cw_test_spdx_list(&db, &list);
}

static int teardown(void **state)
{
	(void)state;
	cw_license_db_free(db);
	cw__json_free(list);
	return 0;
}

static const char *text_of(const char *id)
{
	const char *t = json_string_value(json_object_get(json_object_get(list, id), "licenseText"));
	if (!t)
		fail_msg("no text for %s in the SPDX list", id);
	return t;
}

/* The ids of a text's best match; fails the test when nothing is found. */
static cw_license_match identify(const char *text, size_t *count)
{
	cw_license_match *m = NULL, first;
	size_t n = 0;
	cw_assert_ok(cw_license_identify(&m, &n, db, text, strlen(text), 75));
	if (!n)
		fail_msg("no license found in: %.80s", text);
	first = m[0];
	if (count)
		*count = n;
	free(m);
	return first;
}

/* Normalised texts that are equal make ids interchangeable (GPL-2.0-only
 * and -or-later share a text; so do a few others). */
static bool same_text(const char *a, const char *b)
{
	cw_license_match *ma = NULL;
	size_t n = 0;
	bool same = false;
	const char *tb = text_of(b);
	if (cw_license_identify(&ma, &n, db, tb, strlen(tb), 99) == 0)
		for (size_t i = 0; i < n; i++)
			same = same || strcmp(ma[i].id, a) == 0;
	free(ma);
	return same && strcmp(text_of(a), tb) == 0;
}

static void test_identify__every_listed_text_is_itself(void **state)
{
	(void)state;
	const char *id;
	cw_json *value;
	size_t total = 0, ok = 0, deprecated = 0;
	json_object_foreach(list, id, value) {
		const cw_license_info *info = cw_license_lookup(id, strlen(id));
		const char *text = json_string_value(json_object_get(value, "licenseText"));
		cw_license_match m;
		if (info && info->deprecated) {
			deprecated++;
			continue;
		}
		total++;
		m = identify(text, NULL);
		if ((strcmp(m.id, id) == 0 || same_text(m.id, id)) && m.coverage >= 99.0)
			ok++;
		else
			printf("%s identified as %s (%.1f%%)\n", id, m.id, m.coverage);
	}
	printf("SPDX texts identified as themselves: %zu/%zu (%zu deprecated ids skipped)\n", ok,
	       total, deprecated);
	assert_int_equal(ok, total);
	assert_true(total > 650);
}

/* Replace the first occurrence of `from` with `to` (malloc'd result). */
static char *replace(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	size_t n = strlen(text) + strlen(to) + 1;
	char *out = malloc(n);
	if (!at)
		fail_msg("'%s' not in text", from);
	snprintf(out, n, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	return out;
}

/* Re-wrap a text at `width` columns. */
static char *rewrap(const char *text, size_t width)
{
	size_t n = strlen(text), col = 0, j = 0;
	char *out = malloc(n * 2 + 1);
	for (size_t i = 0; i < n; i++) {
		char c = text[i] == '\n' ? ' ' : text[i];
		if (c == ' ' && col >= width) {
			out[j++] = '\n';
			col = 0;
			continue;
		}
		out[j++] = c;
		col++;
	}
	out[j] = '\0';
	return out;
}

static void test_identify__other_holders_rewrapping_and_bullets(void **state)
{
	(void)state;
	char *mit = replace(text_of("MIT"), "Copyright (c) <year> <copyright holders>",
	                    "Copyright (c) 2009-2024 Jane Doe <jane@example.org> and contributors");
	char *bsd = rewrap(text_of("BSD-3-Clause"), 37);
	char *bullets = replace(text_of("BSD-3-Clause"), "1. Redistributions", "(a) Redistributions");
	char *b2 = replace(bullets, "2. Redistributions", "* Redistributions");
	char *apache_wrapped = rewrap(text_of("Apache-2.0"), 50);
	cw_license_match m = identify(mit, NULL);
	assert_string_equal(m.id, "MIT");
	assert_true(m.coverage >= 99.0);
	m = identify(bsd, NULL);
	assert_string_equal(m.id, "BSD-3-Clause");
	assert_true(m.coverage >= 99.0);
	m = identify(b2, NULL);
	assert_string_equal(m.id, "BSD-3-Clause");
	assert_true(m.coverage >= 99.0);
	m = identify(apache_wrapped, NULL);
	assert_string_equal(m.id, "Apache-2.0");
	free(mit);
	free(bsd);
	free(bullets);
	free(b2);
	free(apache_wrapped);
}

static void test_identify__near_neighbours_are_told_apart(void **state)
{
	(void)state;
	size_t n;
	assert_string_equal(identify(text_of("BSD-2-Clause"), NULL).id, "BSD-2-Clause");
	/* BSD-3-Clause contains BSD-2-Clause's text: only the larger is reported. */
	cw_license_match m = identify(text_of("BSD-3-Clause"), &n);
	assert_string_equal(m.id, "BSD-3-Clause");
	assert_int_equal(n, 1);
	assert_string_equal(identify(text_of("MIT"), NULL).id, "MIT");
	assert_string_equal(identify(text_of("MIT-0"), NULL).id, "MIT-0");
	assert_string_equal(identify(text_of("Apache-2.0"), NULL).id, "Apache-2.0");
	/* Without its appendix ("How to apply ...") it is still Apache-2.0. */
	const char *apache = text_of("Apache-2.0");
	const char *appendix = strstr(apache, "APPENDIX");
	assert_non_null(appendix);
	char *bare = strndup(apache, (size_t)(appendix - apache));
	m = identify(bare, NULL);
	assert_string_equal(m.id, "Apache-2.0");
	assert_true(m.coverage > 80.0 && m.coverage < 99.0);
	free(bare);
	/* The common form: the "How to apply" paragraph cut, the boilerplate
	 * notice kept and filled in (docker's LICENSE); Pixar, a modified
	 * Apache-2.0 without that notice, must not win. */
	const char *how = strstr(apache, "APPENDIX");
	const char *boiler = strstr(apache, "Licensed under the Apache License");
	assert_non_null(how);
	assert_non_null(boiler);
	size_t keep = (size_t)(how - apache), len = keep + strlen(boiler) + 64;
	char *filled = malloc(len);
	snprintf(filled, len, "%.*sCopyright 2016 Example, Inc.\n\n%s", (int)keep, apache, boiler);
	m = identify(filled, NULL);
	assert_string_equal(m.id, "Apache-2.0");
	free(filled);
}

static void test_identify__gpl_only_or_later_follows_the_notice(void **state)
{
	(void)state;
	const char *gpl = text_of("GPL-2.0-only");
	const char *notice =
		"This program is free software; you can redistribute it and/or modify\n"
		"it under the terms of the GNU General Public License as published by\n"
		"the Free Software Foundation; either version 2 of the License, or\n"
		"(at your option) any later version.\n\n";
	size_t n = strlen(notice) + strlen(gpl) + 1;
	char *both = malloc(n);
	snprintf(both, n, "%s%s", notice, gpl);
	assert_string_equal(identify(gpl, NULL).id, "GPL-2.0-only");
	assert_string_equal(identify(both, NULL).id, "GPL-2.0-or-later");
	/* The notice alone, in a source header. */
	cw_license_match m = identify(notice, NULL);
	assert_string_equal(m.id, "GPL-2.0-or-later");
	assert_string_equal(m.method, "notice");
	free(both);
	m = identify("/*\n * Licensed under the Apache License, Version 2.0 (the \"License\");\n */\n", NULL);
	assert_string_equal(m.id, "Apache-2.0");
	m = identify("#!/bin/sh\n# SPDX-License-Identifier: (MIT OR Apache-2.0)\n", NULL);
	assert_string_equal(m.id, "MIT OR Apache-2.0");
	assert_string_equal(m.method, "spdx-id");
	assert_int_equal(m.start_line, 2);
}

static void test_identify__several_licenses_in_one_file(void **state)
{
	(void)state;
	const char *a = text_of("MIT"), *b = text_of("Apache-2.0");
	size_t n = strlen(a) + strlen(b) + 64;
	char *both = malloc(n);
	cw_license_match *m = NULL;
	size_t count = 0;
	bool mit = false, apache = false;
	snprintf(both, n, "Part one:\n%s\n\nPart two:\n%s", b, a);
	cw_assert_ok(cw_license_identify(&m, &count, db, both, strlen(both), 75));
	for (size_t i = 0; i < count; i++) {
		mit = mit || strcmp(m[i].id, "MIT") == 0;
		apache = apache || strcmp(m[i].id, "Apache-2.0") == 0;
	}
	assert_true(mit && apache);
	assert_int_equal(count, 2);
	/* Lines point at each part, and each is found whole. */
	for (size_t i = 0; i < count; i++) {
		assert_true(m[i].coverage >= 99.0);
		if (strcmp(m[i].id, "Apache-2.0") == 0)
			assert_true(m[i].start_line <= 4 && m[i].end_line >= 75);
		else
			assert_true(m[i].start_line >= 70 && m[i].end_line >= 90);
	}
	free(m);
	free(both);
}

static void test_identify__unrelated_text_finds_nothing(void **state)
{
	(void)state;
	cw_license_match *m = NULL;
	size_t n = 1;
	const char text[] = "int main(void) { return 0; }\n/* no license here */\n";
	cw_assert_ok(cw_license_identify(&m, &n, db, text, sizeof(text) - 1, 75));
	assert_int_equal(n, 0);
	free(m);
	cw_assert_ok(cw_license_identify(&m, &n, db, "", 0, 75));
	assert_int_equal(n, 0);
	free(m);
}

static void test_identify__bad_list_is_a_clear_error(void **state)
{
	(void)state;
	cw_license_db *bad = NULL;
	assert_int_equal(cw_license_db_load(&bad, "/nonexistent/list.json"), CW_ENOTFOUND);
	assert_int_equal(cw_license_db_load(&bad, cw_test_source("CMakeLists.txt")), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "CMakeLists.txt:1:"));
	assert_null(bad);
}

static void test_identify__copyright_notices(void **state)
{
	(void)state;
	const char text[] =
		"/*\n"
		" * Copyright (c) 2009-2024 Jane Doe <jane@example.org>\n"
		" * Copyright: 2012 Stephen Dolan\n"
		" * (C) 2001 ACME Corp.\n"
		" * \xc2\xa9 Example Ltd\n"
		" * Copyright (c) 2009-2024 Jane Doe <jane@example.org>\n"
		" * Copyright (c) <year> <copyright holders>\n"
		" * (c) You must retain, in the Source form of any Derivative Works\n"
		" * copyright notice, this list of conditions\n"
		" * THE COPYRIGHT HOLDERS AND CONTRIBUTORS\n"
		" */\n";
	char **notices;
	size_t n;
	cw_assert_ok(cw_license_copyrights(&notices, &n, text, sizeof(text) - 1));
	assert_int_equal(n, 4);
	assert_string_equal(notices[0], "Copyright (c) 2009-2024 Jane Doe <jane@example.org>");
	assert_string_equal(notices[1], "Copyright: 2012 Stephen Dolan");
	assert_string_equal(notices[2], "(C) 2001 ACME Corp.");
	assert_string_equal(notices[3], "\xc2\xa9 Example Ltd");
	cw_license_copyrights_free(notices, n);
	/* A license text of the list has none of its own. */
	cw_assert_ok(cw_license_copyrights(&notices, &n, text_of("Apache-2.0"), strlen(text_of("Apache-2.0"))));
	assert_int_equal(n, 0);
	cw_license_copyrights_free(notices, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identify__every_listed_text_is_itself),
		cmocka_unit_test(test_identify__other_holders_rewrapping_and_bullets),
		cmocka_unit_test(test_identify__near_neighbours_are_told_apart),
		cmocka_unit_test(test_identify__gpl_only_or_later_follows_the_notice),
		cmocka_unit_test(test_identify__several_licenses_in_one_file),
		cmocka_unit_test(test_identify__unrelated_text_finds_nothing),
		cmocka_unit_test(test_identify__bad_list_is_a_clear_error),
		cmocka_unit_test(test_identify__copyright_notices),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
