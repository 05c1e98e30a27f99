/*
 * category.c - license categories from a pattern table.
 *
 * The table (data/license-categories.tsv, compiled in; users may load their
 * own in front of it) maps SPDX ids or '*' globs to a category; the first
 * matching line wins.  Every license's category is computed once, on first
 * use, and again after a table is loaded.
 */
#include "license/spdx_data.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/str.h"

static const char *const category_names[] = {
	"unknown", "public-domain", "permissive", "weak-copyleft",
	"strong-copyleft", "network-copyleft", "source-available", "proprietary",
};

const char *cw_license_category_name(cw_license_category category)
{
	unsigned i = (unsigned)category;
	return i < sizeof(category_names) / sizeof(category_names[0]) ? category_names[i]
	                                                              : "unknown";
}

static int category_from_name(cw_slice name)
{
	for (size_t i = 0; i < sizeof(category_names) / sizeof(category_names[0]); i++)
		if (cw__slice_eq(name, cw_slice_of(category_names[i])))
			return (int)i;
	return -1;
}

/* Glob with '*' only, ASCII case-insensitive. */
static bool glob_match(const char *pat, size_t plen, const char *s, size_t slen)
{
	size_t p = 0, i = 0, star = (size_t)-1, back = 0;
	while (i < slen) {
		if (p < plen && pat[p] == '*') {
			star = p++;
			back = i;
		} else if (p < plen && cw_to_lower(pat[p]) == cw_to_lower(s[i])) {
			p++;
			i++;
		} else if (star != (size_t)-1) {
			p = star + 1;
			i = ++back;
		} else {
			return false;
		}
	}
	while (p < plen && pat[p] == '*')
		p++;
	return p == plen;
}

/* Look `id` up in one table text; -1 when no line matches.  With `path`
 * set, malformed lines are errors (*error receives the code). */
static int lookup_in(const char *text, size_t len, const char *id, const char *path,
                     int *error)
{
	size_t line_no = 0, pos = 0;
	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;
		const char *tab;
		int category;
		pos += n + (nl != NULL);
		line_no++;
		if (n && line[n - 1] == '\r')
			n--;
		if (n == 0 || line[0] == '#')
			continue;
		tab = memchr(line, '\t', n);
		category = tab ? category_from_name(cw__slice_trim(
			(cw_slice){ tab + 1, n - (size_t)(tab + 1 - line) })) : -1;
		if (category < 0) {
			if (error)
				*error = cw__error_set_at(CW_EINVALID, path, line_no, 0,
				    "expected PATTERN<tab>CATEGORY with a known category");
			return -1;
		}
		if (id && glob_match(line, (size_t)(tab - line), id, strlen(id)))
			return category;
	}
	return -1;
}

static char *override_text;
static size_t override_len;

cw_license_category cw_license_category_of(const char *id)
{
	int c = -1;
	if (override_text)
		c = lookup_in(override_text, override_len, id, NULL, NULL);
	if (c < 0)
		c = lookup_in(cw__license_categories_default,
		              strlen(cw__license_categories_default), id, NULL, NULL);
	/* LicenseRef-* and anything unlisted stay unknown: a human must look. */
	return c < 0 ? CW_LICENSE_UNKNOWN : (cw_license_category)c;
}

static void assign_all(void)
{
	size_t count;
	cw_license_info *list = cw__license_list(&count);
	for (size_t i = 0; i < count; i++)
		list[i].category = cw_license_category_of(list[i].id);
}

static pthread_once_t assigned = PTHREAD_ONCE_INIT;

void cw__license_assign_categories(bool force)
{
	if (force)
		assign_all();
	else
		pthread_once(&assigned, assign_all);
}

int cw_license_categories_load(const char *text, size_t len, const char *path)
{
	int error = 0;
	char *copy;
	lookup_in(text, len, NULL, path ? path : "<categories>", &error);
	if (error < 0)
		return error;
	if (!(copy = malloc(len + 1)))
		return cw__error_oom();
	memcpy(copy, text, len);
	copy[len] = '\0';
	free(override_text);
	override_text = copy;
	override_len = len;
	pthread_once(&assigned, assign_all);
	cw__license_assign_categories(true);
	return 0;
}
