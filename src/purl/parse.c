/*
 * parse.c - from a purl string to a cw_purl.
 *
 * Spec: purl-spec docs/how-to-parse.md (split from the right: '#' subpath,
 * '?' qualifiers; then scheme, type, '@' version, name, namespace) and
 * ECMA-427 component rules.  Two details the how-to leaves open follow the
 * test suite (purl-spec @ 16f3d0e):
 *   - the version '@' is searched in the last path segment only, so an
 *     unencoded npm scope ("pkg:npm/@babel/core") stays in the namespace;
 *   - trailing '/' before the name are stripped only without a version:
 *     "pkg:swift/github.com/Alamofire/@5.4.3" has an empty name;
 *   - strict mode refuses a qualifier key starting with an uppercase letter
 *     ("?Platform=java", gem-test.json) but accepts and folds other
 *     uppercase letters ("?repositorY_url=", maven-test.json, required
 *     group); lenient mode folds every key.
 */
#include "purl/purl_internal.h"
#include "util/error.h"
#include "util/str.h"

#include <string.h>

static const char *rfind(const char *s, size_t len, char c)
{
	while (len--)
		if (s[len] == c)
			return s + len;
	return NULL;
}

static int hex_digit(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Percent-decode s[0..len) into w (room for len + 1 bytes: decoding never
 * grows the text) and check the result: UTF-8, no NUL. */
static int pct_decode(char *w, size_t *n, const char *s, size_t len, const char *what)
{
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		int hi, lo;
		if (s[i] != '%') {
			w[o++] = s[i];
			continue;
		}
		hi = i + 1 < len ? hex_digit((unsigned char)s[i + 1]) : -1;
		lo = i + 2 < len ? hex_digit((unsigned char)s[i + 2]) : -1;
		if (hi < 0 || lo < 0)
			return cw__error_set(CW_EINVALID, "invalid purl: %s: bad percent-encoding "
			                     "at offset %zu", what, i);
		w[o++] = (char)(hi * 16 + lo);
		i += 2;
	}
	w[o] = '\0';
	*n = o;
	return cw__purl_check_text(w, o, what);
}

static int decode(cw__purl_draft *d, char **out, const char *s, size_t len, const char *what)
{
	size_t n;
	if (!(*out = cw__arena_alloc(&d->arena, len + 1)))
		return cw__purl_alloc_failed();
	return pct_decode(*out, &n, s, len, what);
}

/*
 * Decode a '/'-separated path segment by segment into one buffer, dropping
 * empty segments (and '.' and '..' in subpaths).  A segment that decodes to
 * something with a '/' would change the path's shape, so it is an error.
 */
static int decode_path(cw__purl_draft *d, char **out, const char *s, size_t len,
                       bool subpath, const char *what)
{
	const char *end = s + len;
	char *w, *c;
	int error;
	*out = NULL;
	if (!(w = cw__arena_alloc(&d->arena, len + 1)))
		return cw__purl_alloc_failed();
	c = w;
	while (s < end) {
		const char *slash = memchr(s, '/', (size_t)(end - s));
		size_t n = slash ? (size_t)(slash - s) : (size_t)(end - s), dn;
		if (n) {
			char *seg = c == w ? c : c + 1;
			if ((error = pct_decode(seg, &dn, s, n, what)) < 0)
				return error;
			if (memchr(seg, '/', dn)) {
				char q[96];
				cw__purl_quote(q, sizeof(q), seg, dn);
				return cw__error_set(CW_EINVALID, "invalid purl: %s: segment %s contains "
				                     "an encoded '/'", what, q);
			}
			if (!(subpath && dn <= 2 && strspn(seg, ".") == dn)) {
				if (c != w)
					*c = '/';
				c = seg + dn;
			}
		}
		s += n + 1;
	}
	*c = '\0';
	if (c != w)
		*out = w;
	return 0;
}

static int parse_qualifiers(cw__purl_draft *d, const char *s, size_t len,
                            unsigned flags)
{
	const char *end = s + len;
	char q[96];
	int error;
	while (s < end) {
		const char *amp = memchr(s, '&', (size_t)(end - s));
		size_t n = amp ? (size_t)(amp - s) : (size_t)(end - s);
		const char *eq = memchr(s, '=', n);
		char *key, *value;
		size_t klen;
		if (n == 0) {
			s++;
			continue; /* "a=1&&b=2": nothing between the separators */
		}
		if (!eq) {
			cw__purl_quote(q, sizeof(q), s, n);
			return cw__error_set(CW_EINVALID, "invalid purl: qualifier %s has no '='", q);
		}
		klen = (size_t)(eq - s);
		if (!(flags & CW_PURL_PARSE_LENIENT) && klen && s[0] >= 'A' && s[0] <= 'Z') {
			cw__purl_quote(q, sizeof(q), s, klen);
			return cw__error_set(CW_EINVALID, "invalid purl: qualifier key %s is not "
			                     "lowercase", q);
		}
		if (!(key = cw__arena_strndup(&d->arena, s, klen)))
			return cw__purl_alloc_failed();
		cw__str_lower(key, klen);
		if ((error = decode(d, &value, eq + 1, n - klen - 1, "qualifier value")) < 0)
			return error;
		if (*value && (error = cw__purl_draft_add_qualifier(d, key, klen, value,
		                                                     strlen(value))) < 0)
			return error;
		s += n + 1;
	}
	return 0;
}

static int parse_draft(cw__purl_draft *d, const char *s, size_t len,
                       unsigned flags)
{
	const char *p, *end = s + len, *colon, *slash, *at, *last;
	int error;

	/* '#' subpath, from the right */
	if ((p = rfind(s, len, '#'))) {
		if ((error = decode_path(d, &d->subpath, p + 1, (size_t)(end - p - 1), true,
		                         "subpath")) < 0)
			return error;
		end = p;
	}
	/* '?' qualifiers, from the right */
	if ((p = rfind(s, (size_t)(end - s), '?'))) {
		if ((error = parse_qualifiers(d, p + 1, (size_t)(end - p - 1), flags)) < 0)
			return error;
		end = p;
	}
	/* scheme */
	colon = memchr(s, ':', (size_t)(end - s));
	if (!colon)
		return cw__error_set(CW_EINVALID, "invalid purl: scheme: missing 'pkg:'");
	if (!cw__slice_eq_nocase((cw_slice){ s, (size_t)(colon - s) }, CW_SLICE("pkg"))) {
		char q[96];
		cw__purl_quote(q, sizeof(q), s, (size_t)(colon - s));
		return cw__error_set(CW_EINVALID, "invalid purl: scheme %s is not 'pkg'", q);
	}
	s = colon + 1;
	while (s < end && *s == '/')
		s++;
	/* type */
	slash = memchr(s, '/', (size_t)(end - s));
	p = slash ? slash : end;
	if ((error = cw__purl_check_type(s, (size_t)(p - s))) < 0)
		return error;
	if (!(d->type = cw__arena_strndup(&d->arena, s, (size_t)(p - s))))
		return cw__purl_alloc_failed();
	s = slash ? slash + 1 : end;
	/* '@' version, searched in the last segment */
	last = rfind(s, (size_t)(end - s), '/');
	last = last ? last + 1 : s;
	if ((at = rfind(last, (size_t)(end - last), '@'))) {
		if ((error = decode(d, &d->version, at + 1, (size_t)(end - at - 1),
		                    "version")) < 0)
			return error;
		end = at;
	}
	/* name: the last segment.  Trailing '/' are not significant (how-to-parse),
	 * but "ns/@1.0" has an empty name (swift-test.json expects a failure). */
	while (!at && end > s && end[-1] == '/')
		end--;
	last = rfind(s, (size_t)(end - s), '/');
	last = last ? last + 1 : s;
	if ((error = decode(d, &d->name, last, (size_t)(end - last), "name")) < 0)
		return error;
	/* namespace: the segments before */
	if (last > s && (error = decode_path(d, &d->ns, s, (size_t)(last - s), false,
	                                     "namespace")) < 0)
		return error;
	return 0;
}

int cw_purl_parse_ext(cw_purl **out, const char *str, size_t len, unsigned flags)
{
	cw__purl_draft d = { .arena = CW_ARENA_INIT };
	int error;

	*out = NULL;
	if (!str)
		return cw__error_set(CW_EUSAGE, "cw_purl_parse: NULL string");
	if (len > CW_PURL_MAX_LEN)
		return cw__error_set(CW_ELIMIT, "invalid purl: %zu bytes, more than the %d allowed",
		                     len, CW_PURL_MAX_LEN);
	d.arena.max = 32 * CW_PURL_MAX_LEN;
	if ((error = parse_draft(&d, str, len, flags)) < 0)
		goto done;
	error = cw__purl_finish(out, &d);
done:
	cw__arena_free(&d.arena);
	return error;
}

int cw_purl_parse(cw_purl **out, const char *str, size_t len)
{
	return cw_purl_parse_ext(out, str, len, CW_PURL_PARSE_STRICT);
}
