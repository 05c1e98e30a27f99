/*
 * dep5.c - copyright notices of a Debian copyright file.
 *
 * Machine-readable copyright files (DEP-5, copyright-format 1.0,
 * https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/) are
 * RFC 822-style paragraphs; the "Copyright:" field of the header and of
 * each Files paragraph holds one notice per line (continuation lines start
 * with a space; a lone "." is an empty line, after which the rest of the
 * field is taken as prose, not notices).  Values usually leave out
 * the word ("2001-2005 John Doe"): it is put back so that notices read the
 * same as those found in license files.  Stand-alone License paragraphs
 * (license texts, which often quote a template notice) are not read.
 *
 * Files that are not DEP-5 (free-form, older packages) give their lines
 * that read as copyright notices (cw_license_copyrights).
 */
#include "chainwarden/license.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/str.h"
#include "util/vec.h"

#define MAX_NOTICES 1000
#define MAX_NOTICE_LEN 400

static bool has_word(cw_slice l)
{
	static const char *const words[] = { "copyright", "(c)", "\xc2\xa9" };
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (l.len >= strlen(words[i]) && strncasecmp(l.ptr, words[i], strlen(words[i])) == 0)
			return true;
	return false;
}

/* Add one notice (trimmed; "Copyright " put in front when missing). */
static int add_notice(void *vp, cw_slice l)
{
	CW_VEC(char *) *v = vp;
	cw_buf b = CW_BUF_INIT;
	char *copy;
	int error;
	l = cw__slice_trim(l);
	if (!l.len || (l.len == 1 && l.ptr[0] == '.') || v->len >= MAX_NOTICES)
		return 0;
	/* "none", "unknown": nobody to name */
	if (cw__slice_eq_nocase(l, cw_slice_of("none")) || cw__slice_eq_nocase(l, cw_slice_of("unknown")))
		return 0;
	if (!has_word(l))
		cw__buf_puts(&b, "Copyright ");
	cw__buf_put(&b, l.ptr, l.len < MAX_NOTICE_LEN ? l.len : MAX_NOTICE_LEN);
	if ((error = cw__buf_grow(&b, 0)) < 0) {
		cw__buf_free(&b);
		return error;
	}
	for (size_t i = 0; i < v->len; i++)
		if (strcmp(v->items[i], b.ptr) == 0) {
			cw__buf_free(&b);
			return 0;
		}
	copy = cw__buf_detach(&b);
	if ((error = cw_vec_push(v, copy)) < 0)
		free(copy);
	return error;
}

int cw_license_dep5_copyrights(char ***out, size_t *count, const char *text, size_t len)
{
	CW_VEC(char *) v = CW_VEC_INIT;
	size_t pos = 0;
	bool in_copyright = false, license_paragraph = false, paragraph_start = true;
	int error = 0;

	*out = NULL;
	*count = 0;
	if (len < 7 || memcmp(text, "Format:", 7) != 0)
		return cw_license_copyrights(out, count, text, len);
	while (pos < len && error == 0) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		cw_slice l = { line, nl ? (size_t)(nl - line) : len - pos };
		pos += l.len + (nl != NULL);
		if (l.len && l.ptr[l.len - 1] == '\r')
			l.len--;
		if (!cw__slice_trim(l).len) {
			in_copyright = false;
			paragraph_start = true;
			license_paragraph = false;
			continue;
		}
		if (l.ptr[0] == ' ' || l.ptr[0] == '\t') {
			cw_slice t = cw__slice_trim(l);
			/* "." is a blank line: in a list of notices, what follows is
			 * prose (some files put the license text there) */
			if (t.len == 1 && t.ptr[0] == '.')
				in_copyright = false;
			else if (in_copyright)
				error = add_notice(&v, l);
			continue;
		}
		/* a field: a paragraph that starts with License: is a license text */
		if (paragraph_start)
			license_paragraph = l.len >= 8 && strncasecmp(l.ptr, "License:", 8) == 0;
		paragraph_start = false;
		in_copyright = !license_paragraph && l.len >= 10 &&
		               strncasecmp(l.ptr, "Copyright:", 10) == 0;
		if (in_copyright)
			error = add_notice(&v, (cw_slice){ l.ptr + 10, l.len - 10 });
	}
	if (error < 0) {
		cw_license_copyrights_free(v.items, v.len);
		return error;
	}
	*out = v.items;
	*count = v.len;
	return 0;
}
