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

static bool keep_plain(unsigned char c)
{
	return cw_is_alnum(c) || c == '.' || c == '-' || c == '_' || c == '~' || c == ':';
}

static bool keep_path(unsigned char c)
{
	return keep_plain(c) || c == '/';
}

static int put_enc(cw_buf *out, const char *s, bool path)
{
	return cw__percent_encode(out, s, strlen(s), path ? keep_path : keep_plain);
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
