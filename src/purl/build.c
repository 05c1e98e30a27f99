/*
 * build.c - from components to a cw_purl: validation, per-type
 * normalisation, packing into one allocation; compare, lookup and free.
 *
 * Spec: purl-spec docs/how-to-build.md and ECMA-427 "Rules for each purl
 * component" (https://github.com/package-url/purl-spec).
 */
#include "purl/purl_internal.h"
#include "util/error.h"
#include "util/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cw__purl_quote(char *out, size_t out_size, const char *s, size_t len)
{
	/* content stops before `limit`, leaving room for "...", '"' and NUL */
	size_t o = 0, limit;
	if (out_size < 8) {
		if (out_size)
			out[0] = '\0';
		return;
	}
	limit = out_size - 6;
	out[o++] = '"';
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		bool plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
		if (o + (plain ? 1 : 4) > limit) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (plain) {
			out[o++] = (char)c;
		} else {
			snprintf(out + o, 5, "\\x%02X", c);
			o += 4;
		}
	}
	out[o++] = '"';
	out[o] = '\0';
}

int cw__purl_alloc_failed(void)
{
	/* the arena has set the error: out of memory or its cap (CW_ELIMIT) */
	int code = cw_error_last()->code;
	return code < 0 ? code : cw__error_oom();
}

/* The rule for a purl type or qualifier key: a letter first, then letters,
 * digits and `punct`; `what` and the descriptions are for messages. */
typedef struct {
	const char *what;
	bool lowercase;       /* only 'a'..'z' count as letters */
	const char *punct;
	const char *first;    /* "a letter" */
	const char *allowed;  /* "a letter, digit, '.' or '-'" */
} token_rule;

static int check_token(const token_rule *rule, const char *s, size_t len)
{
	char q[96];
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		bool letter = rule->lowercase ? c >= 'a' && c <= 'z' : cw_is_alpha(c);
		if (letter || (i > 0 && (cw_is_digit(c) || (c && strchr(rule->punct, c)))))
			continue;
		cw__purl_quote(q, sizeof(q), s, len);
		if (i == 0)
			return cw__error_set(CW_EINVALID, "invalid purl: %s %s must start with %s",
			                     rule->what, q, rule->first);
		return cw__error_set(CW_EINVALID, "invalid purl: %s %s: character %zu is not %s",
		                     rule->what, q, i + 1, rule->allowed);
	}
	return 0;
}

int cw__purl_check_type(const char *type, size_t len)
{
	static const token_rule rule = {
		"type", false, ".-", "a letter", "a letter, digit, '.' or '-'"
	};
	if (len == 0)
		return cw__error_set(CW_EINVALID, "invalid purl: type: missing");
	return check_token(&rule, type, len);
}

int cw__purl_check_text(const char *s, size_t len, const char *what)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
		         : (c & 0xF8) == 0xF0 ? 4 : 0;
		uint32_t cp;
		if (c == 0)
			return cw__error_set(CW_EINVALID, "invalid purl: %s: NUL byte at offset %zu",
			                     what, i);
		if (n == 0 || i + n > len)
			goto bad;
		cp = n == 1 ? c : n == 2 ? (c & 0x1Fu) : n == 3 ? (c & 0x0Fu) : (c & 0x07u);
		for (size_t k = 1; k < n; k++) {
			unsigned char cc = (unsigned char)s[i + k];
			if ((cc & 0xC0) != 0x80)
				goto bad;
			cp = (cp << 6) | (cc & 0x3Fu);
		}
		/* overlong forms, surrogates, beyond U+10FFFF */
		if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
		    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
			goto bad;
		i += n;
	}
	return 0;
bad:
	return cw__error_set(CW_EINVALID, "invalid purl: %s: not valid UTF-8 at byte %zu",
	                     what, i);
}

int cw__purl_draft_add_qualifier(cw__purl_draft *d, const char *key, size_t key_len,
                                 const char *value, size_t value_len)
{
	cw_purl_qualifier *q;
	if (d->nquals >= CW_PURL_MAX_QUALIFIERS)
		return cw__error_set(CW_ELIMIT, "invalid purl: qualifiers: more than %d",
		                     CW_PURL_MAX_QUALIFIERS);
	if (d->nquals == d->quals_cap) {
		size_t cap = d->quals_cap ? d->quals_cap * 2 : 8;
		cw_purl_qualifier *grown = cw__arena_alloc(&d->arena, cap * sizeof(*grown));
		if (!grown)
			return cw__purl_alloc_failed();
		if (d->nquals)
			memcpy(grown, d->quals, d->nquals * sizeof(*grown));
		d->quals = grown;
		d->quals_cap = cap;
	}
	q = &d->quals[d->nquals];
	q->key = cw__arena_strndup(&d->arena, key, key_len);
	q->value = cw__arena_strndup(&d->arena, value, value_len);
	if (!q->key || !q->value)
		return cw__purl_alloc_failed();
	d->nquals++;
	return 0;
}

static int cmp_qualifier(const void *a, const void *b)
{
	return strcmp(((const cw_purl_qualifier *)a)->key, ((const cw_purl_qualifier *)b)->key);
}

static int check_qualifier_key(const char *key)
{
	static const token_rule rule = {
		"qualifier key", true, ".-_", "a lowercase letter",
		"a lowercase letter, digit, '.', '-' or '_'"
	};
	size_t len = strlen(key);
	if (len == 0)
		return cw__error_set(CW_EINVALID, "invalid purl: qualifier key: empty");
	return check_token(&rule, key, len);
}

/* For types whose name is a path (git): the namespace is the first segment
 * of namespace + name, the name all the others. */
static int split_name_path(cw__purl_draft *d)
{
	size_t ns_len = d->ns ? strlen(d->ns) : 0, name_len = strlen(d->name);
	char *all = cw__arena_alloc(&d->arena, ns_len + name_len + 2), *w = all;
	const char *parts[2] = { d->ns ? d->ns : "", d->name };
	char *slash;
	if (!all)
		return cw__purl_alloc_failed();
	/* join, dropping empty segments */
	for (int p = 0; p < 2; p++) {
		const char *s = parts[p];
		while (*s) {
			size_t seg = strcspn(s, "/");
			if (seg) {
				if (w != all)
					*w++ = '/';
				memcpy(w, s, seg);
				w += seg;
			}
			s += seg + (s[seg] == '/');
		}
	}
	*w = '\0';
	slash = strchr(all, '/');
	if (slash) {
		*slash = '\0';
		d->ns = all;
		d->name = slash + 1;
	} else {
		d->ns = NULL;
		d->name = all;
	}
	return 0;
}

static int check_presence(const cw__purl_draft *d, const cw__purl_type_rules *r)
{
	if ((r->rules & CW__PURL_NS_REQUIRED) && !d->ns)
		return cw__error_set(CW_EINVALID, "invalid purl: namespace: required for type '%s'",
		                     d->type);
	if ((r->rules & CW__PURL_NS_PROHIBITED) && d->ns)
		return cw__error_set(CW_EINVALID, "invalid purl: namespace: type '%s' has no "
		                     "namespace", d->type);
	if ((r->rules & CW__PURL_VERSION_REQUIRED) && !d->version)
		return cw__error_set(CW_EINVALID, "invalid purl: version: required for type '%s'",
		                     d->type);
	if (r->required_qualifier) {
		for (size_t i = 0; i < d->nquals; i++)
			if (strcmp(d->quals[i].key, r->required_qualifier) == 0)
				return 0;
		return cw__error_set(CW_EINVALID, "invalid purl: qualifiers: '%s' is required for "
		                     "type '%s'", r->required_qualifier, d->type);
	}
	return 0;
}

static int normalise(cw__purl_draft *d)
{
	const cw__purl_type_rules *r;
	int error;

	if (!d->type)
		return cw__error_set(CW_EINVALID, "invalid purl: type: missing");
	cw__str_lower(d->type, strlen(d->type));
	if ((error = cw__purl_check_type(d->type, strlen(d->type))) < 0)
		return error;
	r = cw__purl_type_find(d->type);
	if (d->ns && !*d->ns)
		d->ns = NULL;
	if (d->version && !*d->version)
		d->version = NULL;
	if (d->subpath && !*d->subpath)
		d->subpath = NULL;
	/* leading and trailing '/' of a name are not significant (how-to-build);
	 * a parsed name can only have them through %2F */
	if (d->name) {
		size_t len = strlen(d->name);
		while (len && d->name[len - 1] == '/')
			d->name[--len] = '\0';
		while (*d->name == '/')
			d->name++;
	}
	if (!d->name || !*d->name)
		return cw__error_set(CW_EINVALID, "invalid purl: name: required");
	if ((r->rules & CW__PURL_NAME_PATH) && (error = split_name_path(d)) < 0)
		return error;
	if (d->ns && (r->rules & CW__PURL_NS_LOWER))
		cw__str_lower(d->ns, strlen(d->ns));
	if (d->ns && (r->rules & CW__PURL_NS_UPPER))
		for (char *p = d->ns; *p; p++)
			*p = (*p >= 'a' && *p <= 'z') ? (char)(*p - 32) : *p;
	if (r->rules & CW__PURL_NAME_LOWER)
		cw__str_lower(d->name, strlen(d->name));
	if (r->rules & CW__PURL_NAME_DASH)
		for (char *p = d->name; *p; p++)
			if (*p == '_')
				*p = '-';
	if (d->version && (r->rules & CW__PURL_VERSION_LOWER))
		cw__str_lower(d->version, strlen(d->version));

	for (size_t i = 0; i < d->nquals; i++)
		if ((error = check_qualifier_key(d->quals[i].key)) < 0)
			return error;
	if (d->nquals > 1)
		qsort(d->quals, d->nquals, sizeof(d->quals[0]), cmp_qualifier);
	for (size_t i = 1; i < d->nquals; i++)
		if (strcmp(d->quals[i - 1].key, d->quals[i].key) == 0)
			return cw__error_set(CW_EINVALID, "invalid purl: qualifier key \"%s\" appears "
			                     "more than once", d->quals[i].key);
	if (r->check && (error = r->check(d)) < 0)
		return error;
	return check_presence(d, r);
}

static size_t size_of(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

static const char *put(char **w, const char *s)
{
	size_t n;
	char *start = *w;
	if (!s)
		return NULL;
	n = strlen(s) + 1;
	memcpy(start, s, n);
	*w += n;
	return start;
}

int cw__purl_finish(cw_purl **out, cw__purl_draft *d)
{
	size_t total;
	cw_purl *p;
	cw_purl_qualifier *q;
	char *w;
	int error;

	*out = NULL;
	if ((error = normalise(d)) < 0)
		return error;
	total = sizeof(cw_purl) + d->nquals * sizeof(cw_purl_qualifier) + size_of(d->type) +
	        size_of(d->ns) + size_of(d->name) + size_of(d->version) + size_of(d->subpath);
	for (size_t i = 0; i < d->nquals; i++)
		total += size_of(d->quals[i].key) + size_of(d->quals[i].value);
	if (!(p = calloc(1, total)))
		return cw__error_oom();
	q = (cw_purl_qualifier *)(p + 1);
	w = (char *)(q + d->nquals);
	p->type = put(&w, d->type);
	p->ns = put(&w, d->ns);
	p->name = put(&w, d->name);
	p->version = put(&w, d->version);
	p->subpath = put(&w, d->subpath);
	for (size_t i = 0; i < d->nquals; i++) {
		q[i].key = put(&w, d->quals[i].key);
		q[i].value = put(&w, d->quals[i].value);
	}
	p->qualifiers = d->nquals ? q : NULL;
	p->qualifier_count = d->nquals;
	*out = p;
	return 0;
}

/* Copy a '/'-separated path, dropping empty segments (and '.' and '..'
 * for subpaths).  NULL or an all-empty path gives NULL. */
static int copy_path(cw__purl_draft *d, char **out, const char *s, bool subpath,
                     const char *what)
{
	size_t len = strlen(s);
	char *w;
	int error;
	*out = NULL;
	if ((error = cw__purl_check_text(s, len, what)) < 0)
		return error;
	if (!(w = cw__arena_alloc(&d->arena, len + 1)))
		return cw__purl_alloc_failed();
	*out = w;
	while (*s) {
		size_t seg = strcspn(s, "/");
		bool dots = seg <= 2 && seg > 0 && strspn(s, ".") == seg;
		if (seg && !(subpath && dots)) {
			if (w != *out)
				*w++ = '/';
			memcpy(w, s, seg);
			w += seg;
		}
		s += seg + (s[seg] == '/');
	}
	*w = '\0';
	if (w == *out)
		*out = NULL;
	return 0;
}

static int copy_text(cw__purl_draft *d, char **out, const char *s, const char *what)
{
	size_t len = strlen(s);
	int error;
	if ((error = cw__purl_check_text(s, len, what)) < 0)
		return error;
	if (!(*out = cw__arena_strndup(&d->arena, s, len)))
		return cw__purl_alloc_failed();
	return 0;
}

static int build_draft(cw__purl_draft *d, const char *type, const char *ns,
                       const char *name, const char *version,
                       const cw_purl_qualifier *qualifiers, size_t qualifier_count,
                       const char *subpath)
{
	int error;
	if (!type || !*type)
		return cw__error_set(CW_EINVALID, "invalid purl: type: missing");
	if ((error = copy_text(d, &d->type, type, "type")) < 0)
		return error;
	if (ns && (error = copy_path(d, &d->ns, ns, false, "namespace")) < 0)
		return error;
	if (name && (error = copy_text(d, &d->name, name, "name")) < 0)
		return error;
	if (version && (error = copy_text(d, &d->version, version, "version")) < 0)
		return error;
	if (subpath && (error = copy_path(d, &d->subpath, subpath, true, "subpath")) < 0)
		return error;
	if (qualifier_count > CW_PURL_MAX_QUALIFIERS)
		return cw__error_set(CW_ELIMIT, "invalid purl: qualifiers: more than %d",
		                     CW_PURL_MAX_QUALIFIERS);
	for (size_t i = 0; i < qualifier_count; i++) {
		const char *k = qualifiers[i].key, *v = qualifiers[i].value;
		if (!k)
			return cw__error_set(CW_EINVALID, "invalid purl: qualifier %zu: no key", i);
		if (!v || !*v)
			continue; /* an empty value is the same as no qualifier */
		if ((error = cw__purl_check_text(v, strlen(v), "qualifier value")) < 0 ||
		    (error = cw__purl_draft_add_qualifier(d, k, strlen(k), v, strlen(v))) < 0)
			return error;
		cw__str_lower((char *)d->quals[d->nquals - 1].key, strlen(k));
	}
	return 0;
}

int cw_purl_build(cw_purl **out, const char *type, const char *ns, const char *name,
                  const char *version, const cw_purl_qualifier *qualifiers,
                  size_t qualifier_count, const char *subpath)
{
	cw__purl_draft d = { .arena = CW_ARENA_INIT };
	int error;
	*out = NULL;
	d.arena.max = 32 * CW_PURL_MAX_LEN;
	if ((error = build_draft(&d, type, ns, name, version, qualifiers, qualifier_count,
	                         subpath)) < 0)
		goto done;
	error = cw__purl_finish(out, &d);
done:
	cw__arena_free(&d.arena);
	return error;
}

void cw_purl_free(cw_purl *purl)
{
	free(purl);
}

const char *cw_purl_qualifier_get(const cw_purl *purl, const char *key)
{
	if (!purl || !key)
		return NULL;
	for (size_t i = 0; i < purl->qualifier_count; i++)
		if (strcmp(purl->qualifiers[i].key, key) == 0)
			return purl->qualifiers[i].value;
	return NULL;
}

/* NULL sorts before any string. */
static int cmp_opt(const char *a, const char *b)
{
	int c;
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	c = strcmp(a, b);
	return (c > 0) - (c < 0);
}

int cw_purl_compare(const cw_purl *a, const cw_purl *b)
{
	int c;
	size_t n;
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	if ((c = cmp_opt(a->type, b->type)) || (c = cmp_opt(a->ns, b->ns)) ||
	    (c = cmp_opt(a->name, b->name)) || (c = cmp_opt(a->version, b->version)))
		return c;
	n = a->qualifier_count < b->qualifier_count ? a->qualifier_count : b->qualifier_count;
	for (size_t i = 0; i < n; i++)
		if ((c = cmp_opt(a->qualifiers[i].key, b->qualifiers[i].key)) ||
		    (c = cmp_opt(a->qualifiers[i].value, b->qualifiers[i].value)))
			return c;
	if (a->qualifier_count != b->qualifier_count)
		return a->qualifier_count < b->qualifier_count ? -1 : 1;
	return cmp_opt(a->subpath, b->subpath);
}
