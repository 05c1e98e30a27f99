/*
 * notice.c - licenses stated by a notice rather than a full text.
 *
 * Source files and Debian copyright files rarely carry a whole license:
 * they say "SPDX-License-Identifier: MIT", or carry a standard header
 * ("... under the terms of the GNU General Public License as published by
 * the Free Software Foundation; either version 2 of the License, or (at
 * your option) any later version").  The headers are recognised by their
 * words, in the normalised token stream, not by comparing with a stored
 * copy of the header text.
 */
#include "license/notice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/str.h"

static bool word_at(const cw__text_tokens *t, size_t i, const char *w)
{
	size_t n = strlen(w);
	return i < t->count && t->tokens[i].len == n &&
	       memcmp(t->words.ptr + t->tokens[i].offset, w, n) == 0;
}

static bool phrase_at(const cw__text_tokens *t, size_t i, const char *const *words, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (!word_at(t, i + k, words[k]))
			return false;
	return true;
}

/* Where `phrase` first starts in [from, to), or (size_t)-1. */
static size_t phrase_find(const cw__text_tokens *t, size_t from, size_t to,
                          const char *const *words, size_t n)
{
	for (size_t i = from; i < to && i < t->count; i++)
		if (phrase_at(t, i, words, n))
			return i;
	return (size_t)-1;
}

static bool phrase_in(const cw__text_tokens *t, size_t from, size_t to,
                      const char *const *words, size_t n)
{
	return phrase_find(t, from, to, words, n) != (size_t)-1;
}

static bool add(cw_license_match *m, size_t *n, size_t max, const char *id, const char *method,
                size_t start_line, size_t end_line)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp(m[i].id, id) == 0)
			return false;
	if (*n >= max)
		return false;
	snprintf(m[*n].id, sizeof(m[*n].id), "%s", id);
	m[*n].method = method;
	m[*n].coverage = 100.0;
	m[*n].start_line = start_line;
	m[*n].end_line = end_line;
	(*n)++;
	return true;
}

/* Does a full-text match already name this license (any -only/-or-later)? */
static bool has_family(const cw_license_match *m, size_t n, const char *prefix)
{
	for (size_t i = 0; i < n; i++)
		if (strncmp(m[i].id, prefix, strlen(prefix)) == 0)
			return true;
	return false;
}

static void gpl_notices(const cw__text_tokens *t, cw_license_match *m, size_t *n, size_t max)
{
	static const char *const gpl[] = { "general", "public", "license" };
	static const char *const later[] = { "any", "later", "version" };
	static const char *const or_later[] = { "or", "later" };
	static const char *const under[] = { "under" };
	static const char *const terms[] = { "terms" };
	static const char *const free_software[] = { "is", "free", "software" };
	for (size_t i = 0; i + 3 < t->count; i++) {
		const char *family = "GPL";
		char version[8] = "", prefix[32], id[48];
		size_t v = 0, end;
		if (!phrase_at(t, i, gpl, 3))
			continue;
		if (i >= 1 && (word_at(t, i - 1, "lesser") || word_at(t, i - 1, "library")))
			family = "LGPL";
		else if (i >= 1 && word_at(t, i - 1, "affero"))
			family = "AGPL";
		/* A notice applies the license: "under the terms of". */
		if (!phrase_in(t, i >= 12 ? i - 12 : 0, i, under, 1) &&
		    !phrase_in(t, i >= 12 ? i - 12 : 0, i, terms, 1))
			continue;
		for (size_t k = i + 3; k < i + 16 && k + 1 < t->count; k++) {
			if (word_at(t, k, "version") && cw_is_digit((unsigned char)
			    t->words.ptr[t->tokens[k + 1].offset]) && t->tokens[k + 1].len == 1) {
				v = k + 1;
				break;
			}
		}
		if (!v)
			continue;
		version[0] = t->words.ptr[t->tokens[v].offset];
		/* "2.1" is tokenised as "2" "1". */
		if (v + 1 < t->count && t->tokens[v + 1].len == 1 &&
		    cw_is_digit((unsigned char)t->words.ptr[t->tokens[v + 1].offset]))
			snprintf(version + 1, sizeof(version) - 1, ".%c",
			         t->words.ptr[t->tokens[v + 1].offset]);
		else
			strcpy(version + 1, ".0");
		end = v + 24 < t->count ? v + 24 : t->count;
		{
			size_t lp = phrase_find(t, v, end, later, 3), op = phrase_find(t, v, end, or_later, 2);
			size_t start = phrase_find(t, i >= 24 ? i - 24 : 0, i, free_software, 3);
			size_t last = lp != (size_t)-1 ? lp + 2 : op != (size_t)-1 ? op + 1 : v;
			if (start == (size_t)-1)
				start = i;
			snprintf(prefix, sizeof(prefix), "%s-%s-", family, version);
			snprintf(id, sizeof(id), "%s%s", prefix,
			         lp != (size_t)-1 || op != (size_t)-1 ? "or-later" : "only");
			if (cw_license_lookup(id, strlen(id)) && !has_family(m, *n, prefix))
				add(m, n, max, id, "notice", t->tokens[start].line, t->tokens[last].line);
		}
	}
}

static void simple_notices(const cw__text_tokens *t, cw_license_match *m, size_t *n, size_t max)
{
	static const char *const apache[] = { "licensed", "under", "the", "apache", "license",
	                                      "version", "2", "0" };
	static const char *const mpl[] = { "terms", "of", "the", "mozilla", "public", "license",
	                                   "v", "2", "0" };
	for (size_t i = 0; i < t->count; i++) {
		if (phrase_at(t, i, apache, 8) && !has_family(m, *n, "Apache-2.0"))
			add(m, n, max, "Apache-2.0", "notice", t->tokens[i].line, t->tokens[i + 7].line);
		if (phrase_at(t, i, mpl, 9) && !has_family(m, *n, "MPL-2.0"))
			add(m, n, max, "MPL-2.0", "notice", t->tokens[i].line, t->tokens[i + 8].line);
	}
}

void cw__license_find_notices(const cw__text_tokens *tokens, cw_license_match *m, size_t *n,
                              size_t max)
{
	gpl_notices(tokens, m, n, max);
	simple_notices(tokens, m, n, max);
}

void cw__license_find_spdx_ids(const char *text, size_t len, cw_license_match *m, size_t *n,
                               size_t max)
{
	static const char tag[] = "spdx-license-identifier:";
	size_t pos = 0, line_no = 0;
	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t l = nl ? (size_t)(nl - line) : len - pos;
		pos += l + (nl != NULL);
		line_no++;
		for (size_t i = 0; i + sizeof(tag) - 1 <= l; i++) {
			cw_license_expr *e = NULL;
			char *canonical = NULL;
			cw_slice expr;
			if (strncasecmp(line + i, tag, sizeof(tag) - 1) != 0)
				continue;
			expr = cw__slice_trim((cw_slice){ line + i + sizeof(tag) - 1,
			                                  l - i - (sizeof(tag) - 1) });
			/* Comment closers after the expression: "*\/", "-->". */
			while (expr.len && strchr("*/->#;", expr.ptr[expr.len - 1]))
				expr = cw__slice_trim((cw_slice){ expr.ptr, expr.len - 1 });
			if (cw_license_expr_parse(&e, expr.ptr, expr.len,
			                          CW_LICENSE_PARSE_ALLOW_UNKNOWN) == 0 &&
			    cw_license_expr_to_string(&canonical, e) == 0 &&
			    strlen(canonical) < sizeof(m[0].id))
				add(m, n, max, canonical, "spdx-id", line_no, line_no);
			free(canonical);
			cw_license_expr_free(e);
			break;
		}
	}
}
