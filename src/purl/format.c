/*
 * format.c - the canonical purl string.
 *
 * Spec: purl-spec docs/how-to-build.md and ECMA-427 "Character encoding":
 * letters, digits, '.', '-', '_', '~' and ':' are written as they are,
 * every other byte of a component (UTF-8) as %XX with uppercase hex; '/'
 * stays unencoded only where it separates namespace, name-path (git) and
 * subpath segments.  Qualifiers come sorted by key from parse and build.
 */
#include "purl/purl_internal.h"
#include "util/error.h"
#include "util/str.h"

#include <stdlib.h>
#include <string.h>

/* 1 for bytes written as they are: letters, digits, ".-_~:"; 2 adds '/' */
static const unsigned char plain[256] = {
	['.'] = 3, ['-'] = 3, ['_'] = 3, ['~'] = 3, [':'] = 3, ['/'] = 2,
	['0'] = 3, ['1'] = 3, ['2'] = 3, ['3'] = 3, ['4'] = 3,
	['5'] = 3, ['6'] = 3, ['7'] = 3, ['8'] = 3, ['9'] = 3,
	['A'] = 3, ['B'] = 3, ['C'] = 3, ['D'] = 3, ['E'] = 3, ['F'] = 3, ['G'] = 3,
	['H'] = 3, ['I'] = 3, ['J'] = 3, ['K'] = 3, ['L'] = 3, ['M'] = 3, ['N'] = 3,
	['O'] = 3, ['P'] = 3, ['Q'] = 3, ['R'] = 3, ['S'] = 3, ['T'] = 3, ['U'] = 3,
	['V'] = 3, ['W'] = 3, ['X'] = 3, ['Y'] = 3, ['Z'] = 3,
	['a'] = 3, ['b'] = 3, ['c'] = 3, ['d'] = 3, ['e'] = 3, ['f'] = 3, ['g'] = 3,
	['h'] = 3, ['i'] = 3, ['j'] = 3, ['k'] = 3, ['l'] = 3, ['m'] = 3, ['n'] = 3,
	['o'] = 3, ['p'] = 3, ['q'] = 3, ['r'] = 3, ['s'] = 3, ['t'] = 3, ['u'] = 3,
	['v'] = 3, ['w'] = 3, ['x'] = 3, ['y'] = 3, ['z'] = 3,
};

/* Append `s` percent-encoded; with `path`, '/' stays a separator.  Sized
 * first, then written in one pass (this is the hot loop of canonicalising). */
static int put_enc(cw_buf *out, const char *s, bool path)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char mask = path ? 2 : 1;
	size_t len = strlen(s), need = len;
	char *w;
	int error;
	for (size_t i = 0; i < len; i++)
		if (!(plain[(unsigned char)s[i]] & mask))
			need += 2;
	if ((error = cw__buf_grow(out, need)) < 0)
		return error;
	w = out->ptr + out->len;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (plain[c] & mask) {
			*w++ = (char)c;
		} else {
			*w++ = '%';
			*w++ = hex[c >> 4];
			*w++ = hex[c & 15];
		}
	}
	out->len += need;
	out->ptr[out->len] = '\0';
	return 0;
}

int cw_purl_to_string(char **out, const cw_purl *purl)
{
	cw_buf buf = CW_BUF_INIT;
	bool name_path;
	int error;

	*out = NULL;
	if (!purl || !purl->type || !purl->name)
		return cw__error_set(CW_EUSAGE, "cw_purl_to_string: incomplete purl");
	name_path = (cw__purl_type_find(purl->type)->rules & CW__PURL_NAME_PATH) != 0;
	buf.max = 4 * CW_PURL_MAX_LEN;
	if ((error = cw__buf_puts(&buf, "pkg:")) < 0 ||
	    (error = cw__buf_puts(&buf, purl->type)) < 0 ||
	    (error = cw__buf_putc(&buf, '/')) < 0)
		goto done;
	if (purl->ns && ((error = put_enc(&buf, purl->ns, true)) < 0 ||
	                 (error = cw__buf_putc(&buf, '/')) < 0))
		goto done;
	if ((error = put_enc(&buf, purl->name, name_path)) < 0)
		goto done;
	if (purl->version && ((error = cw__buf_putc(&buf, '@')) < 0 ||
	                      (error = put_enc(&buf, purl->version, false)) < 0))
		goto done;
	for (size_t i = 0; i < purl->qualifier_count; i++) {
		const cw_purl_qualifier *q = &purl->qualifiers[i];
		if (!q->key || !q->value) {
			error = cw__error_set(CW_EUSAGE, "cw_purl_to_string: qualifier %zu incomplete", i);
			goto done;
		}
		if ((error = cw__buf_putc(&buf, i ? '&' : '?')) < 0 ||
		    (error = cw__buf_puts(&buf, q->key)) < 0 ||
		    (error = cw__buf_putc(&buf, '=')) < 0 ||
		    (error = put_enc(&buf, q->value, false)) < 0)
			goto done;
	}
	if (purl->subpath && ((error = cw__buf_putc(&buf, '#')) < 0 ||
	                      (error = put_enc(&buf, purl->subpath, true)) < 0))
		goto done;
	*out = cw__buf_detach(&buf);
done:
	cw__buf_free(&buf);
	return error;
}

int cw_purl_canonicalize(char **out, const char *str, size_t len)
{
	cw_purl *purl = NULL;
	int error;
	*out = NULL;
	if ((error = cw_purl_parse_ext(&purl, str, len, CW_PURL_PARSE_LENIENT)) < 0)
		goto done;
	error = cw_purl_to_string(out, purl);
done:
	cw_purl_free(purl);
	return error;
}
