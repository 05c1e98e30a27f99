/*
 * gem.c - RubyGems versions and requirements exactly as Gem::Version and
 * Gem::Requirement (RubyGems 3.3) define them.
 *
 * A version matches  \s* [0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)? \s*
 * (blank means "0"); every '-' stands for ".pre.".  Its segments are the
 * runs of digits (numbers) and of letters (strings) in it; a version with
 * any letter is a prerelease.  Versions compare on their canonical
 * segments - the numeric segments before the first string, then the rest,
 * each without trailing zeros (1.0 == 1, 1.0.a == 1.a) - one by one, a
 * missing segment counting as 0: numbers numerically, strings bytewise, a
 * string before a number (1.a < 1 < 1.0.1; 1.a.2 < 1.b).
 *
 * Requirements: "OP VERSION" with = != > < >= <= ~> (none means =),
 * several separated by commas, all of which must hold.  "~> V" means
 * ">= V" and, for the version's release (its segments before the first
 * string), "< V.bump", where bump drops V's string segments and its last
 * remaining segment (unless it is the only one) and increments the new
 * last one: ~> 2.1 is >= 2.1, < 3; ~> 2.1.3 is >= 2.1.3, < 2.2.
 * Numbers are digit strings, exact at any size like Ruby's Integer.
 */
#include "version/oplist.h"
#include "util/error.h"
#include "util/str.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

extern const cw_version_scheme cw__scheme_gem;

typedef struct {
	uint32_t off, len;  /* digits without leading zeros (len 0 = 0), or letters */
	bool str;
} segment;

typedef struct {
	uint32_t nseg;
	uint32_t nnum;       /* segments before the first string */
	uint32_t nnum_trim;  /* ... without trailing zeros */
	uint32_t nstr_trim;  /* segments from the first string on, without trailing zeros */
	char *text;
	segment seg[];
} gem_version;

static bool rb_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* The ANCHORED_VERSION_PATTERN core on [p, end): true when it matches all. */
static bool pattern_ok(const char *p, const char *end)
{
	if (p == end)
		return true; /* blank: "0" */
	if (!cw_is_digit(*p))
		return false;
	while (p < end && cw_is_digit(*p))
		p++;
	while (p + 1 < end && *p == '.' && cw_is_alnum(p[1])) {
		p++;
		while (p < end && cw_is_alnum(*p))
			p++;
	}
	if (p < end && *p == '-') {
		for (;;) {
			const char *s = ++p;
			while (p < end && (cw_is_alnum(*p) || *p == '-'))
				p++;
			if (p == s)
				return false;
			if (!(p + 1 < end && *p == '.' && (cw_is_alnum(p[1]) || p[1] == '-')))
				break;
		}
	}
	return p == end;
}

/* Append a segment; the first string segment ends the numeric prefix. */
static void add_segment(gem_version *v, bool str, uint32_t off, uint32_t len)
{
	segment *g = &v->seg[v->nseg];
	g->str = str;
	g->off = off;
	g->len = len;
	if (str && v->nnum == UINT32_MAX)
		v->nnum = v->nseg;
	v->nseg++;
}

static int gem_parse(void **out, const char *str, size_t len)
{
	const char *s = str, *end = str + len;
	gem_version *v;
	size_t nseg = 0;
	int error;

	*out = NULL;
	if ((error = cw__version_check_text("RubyGems", str, len)) < 0)
		return error;
	while (s < end && rb_space(*s))
		s++;
	while (end > s && rb_space(end[-1]))
		end--;
	if (!pattern_ok(s, end))
		return cw__error_set(CW_EINVALID, "RubyGems version: malformed version number string '%.*s'",
		                     (int)(len > 200 ? 200 : len), str);
	for (const char *p = s; p < end; p++) /* segments: at most one per char */
		nseg++;
	if (!(v = malloc(sizeof(*v) + (nseg + 1) * sizeof(segment) + len + 2)))
		return cw__error_oom();
	v->text = (char *)(v->seg + nseg + 1);
	memcpy(v->text, s, (size_t)(end - s));
	v->text[end - s] = '\0';
	if (s == end) {
		v->text[0] = '0';  /* a blank version is 0 */
		v->text[1] = '\0';
		end = s + 1;
	}
	v->nseg = 0;
	v->nnum = UINT32_MAX;
	/* '-' is ".pre.": a separator plus the string segment "pre" */
	for (uint32_t i = 0, n = (uint32_t)(end - s); i < n;) {
		char c = v->text[i];
		if (c == '-') {
			static const char pre[] = "pre";
			add_segment(v, true, UINT32_MAX /* the literal "pre" */, sizeof(pre) - 1);
			i++;
		} else if (cw_is_digit(c)) {
			uint32_t j = i;
			while (j < n && v->text[j] == '0')
				j++;
			uint32_t k = j;
			while (k < n && cw_is_digit(v->text[k]))
				k++;
			add_segment(v, false, j, k - j);
			i = k;
		} else if (cw_is_alpha(c)) {
			uint32_t k = i;
			while (k < n && cw_is_alpha(v->text[k]))
				k++;
			add_segment(v, true, i, k - i);
			i = k;
		} else {
			i++;
		}
	}
	if (v->nnum == UINT32_MAX)
		v->nnum = v->nseg;
	v->nnum_trim = v->nnum;
	while (v->nnum_trim > 0 && v->seg[v->nnum_trim - 1].len == 0)
		v->nnum_trim--;
	v->nstr_trim = v->nseg - v->nnum;
	while (v->nstr_trim > 0 && !v->seg[v->nnum + v->nstr_trim - 1].str &&
	       v->seg[v->nnum + v->nstr_trim - 1].len == 0)
		v->nstr_trim--;
	*out = v;
	return 0;
}

static const char *seg_text(const gem_version *v, const segment *g)
{
	return g->off == UINT32_MAX ? "pre" : v->text + g->off;
}

/* The i-th canonical segment, or NULL past the end (which counts as 0). */
static const segment *canon(const gem_version *v, uint32_t i, bool release_only)
{
	if (i < v->nnum_trim)
		return &v->seg[i];
	if (release_only)
		return NULL;
	i -= v->nnum_trim;
	return i < v->nstr_trim ? &v->seg[v->nnum + i] : NULL;
}

static int compare_view(const gem_version *a, bool arel, const gem_version *b, bool brel)
{
	uint32_t na = a->nnum_trim + (arel ? 0 : a->nstr_trim);
	uint32_t nb = b->nnum_trim + (brel ? 0 : b->nstr_trim);
	for (uint32_t i = 0; i < na || i < nb; i++) {
		const segment *x = canon(a, i, arel), *y = canon(b, i, brel);
		static const segment zero = { 0, 0, false };
		const char *xt, *yt;
		int c;
		if (!x)
			x = &zero;
		if (!y)
			y = &zero;
		if (x->str != y->str)
			return x->str ? -1 : 1;
		xt = x == &zero ? "" : seg_text(a, x);
		yt = y == &zero ? "" : seg_text(b, y);
		if (!x->str && x->len != y->len)
			return x->len < y->len ? -1 : 1;
		c = memcmp(xt, yt, x->len < y->len ? x->len : y->len);
		if (c)
			return c < 0 ? -1 : 1;
		if (x->len != y->len)
			return x->len < y->len ? -1 : 1;
	}
	return 0;
}

static int gem_compare(const void *a, const void *b)
{
	return compare_view(a, false, b, false);
}

static void gem_free(void *v)
{
	free(v);
}

/* ---- requirements ------------------------------------------------------- */

enum { OP_EQ, OP_NE, OP_GT, OP_LT, OP_GE, OP_LE, OP_PESS };

typedef struct {
	int op;
	gem_version *version;
	gem_version *bump;   /* ~> only */
} req_item;

typedef struct {
	size_t count;
	req_item items[];
} gem_req;

/* Version#bump, as a new parsed version. */
static int make_bump(gem_version **out, const gem_version *v)
{
	char buf[CW__VERSION_MAX_LEN * 2 + 8];
	size_t n = 0, keep = v->nnum;   /* segments before the first string */
	if (keep > 1)
		keep--;
	for (size_t i = 0; i < keep; i++) {
		const segment *g = &v->seg[i];
		if (i)
			buf[n++] = '.';
		if (i + 1 < keep) {
			if (g->len == 0)
				buf[n++] = '0';
			memcpy(buf + n, v->text + g->off, g->len);
			n += g->len;
		} else { /* succ: add one to the digit string */
			size_t start = n;
			buf[n++] = '0';  /* room for a carry */
			memcpy(buf + n, v->text + g->off, g->len);
			n += g->len;
			size_t k = n;
			while (k-- > start) {
				if (buf[k] == '9') {
					buf[k] = '0';
				} else {
					buf[k]++;
					break;
				}
			}
			if (buf[start] == '0' && n - start > 1) {
				memmove(buf + start, buf + start + 1, n - start - 1);
				n--;
			}
		}
	}
	return gem_parse((void **)out, buf, n);
}

static int parse_req(req_item *item, const char *s, size_t len)
{
	static const struct { const char *text; int op; } ops[] = {
		{ "!=", OP_NE }, { ">=", OP_GE }, { "<=", OP_LE }, { "~>", OP_PESS },
		{ "=", OP_EQ }, { ">", OP_GT }, { "<", OP_LT },
	};
	const char *p = s, *end = s + len, *v;
	int error;

	while (p < end && rb_space(*p))
		p++;
	item->op = OP_EQ;
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		size_t l = strlen(ops[i].text);
		if ((size_t)(end - p) >= l && memcmp(p, ops[i].text, l) == 0) {
			item->op = ops[i].op;
			p += l;
			break;
		}
	}
	while (p < end && rb_space(*p))
		p++;
	v = p;
	while (end > v && rb_space(end[-1]))
		end--;
	if (v == end || !cw_is_digit(*v))
		return cw__error_set(CW_EINVALID, "RubyGems requirement: illformed requirement '%.*s'",
		                     (int)(len > 200 ? 200 : len), s);
	if ((error = gem_parse((void **)&item->version, v, (size_t)(end - v))) < 0)
		return cw__error_prefix("RubyGems requirement '%.*s'", (int)(len > 200 ? 200 : len), s);
	if (item->op == OP_PESS && (error = make_bump(&item->bump, item->version)) < 0)
		return error;
	return 0;
}

static int gem_part(void *ctx, const char *s, size_t n)
{
	gem_req *r = ctx;
	return parse_req(&r->items[r->count++], s, n);
}

static int gem_parse_range(void **out, const char *str, size_t len)
{
	static const cw__range_list list = {
		{ offsetof(gem_req, items), sizeof(req_item), 0, { 0 },
		  2, { offsetof(req_item, version), offsetof(req_item, bump) } },
		"RubyGems requirement", "parts", gem_part
	};
	return cw__range_parse_list(out, &list, str, len);
}

static bool gem_satisfies(const void *data, const void *version)
{
	const gem_req *r = data;
	const gem_version *v = version;
	for (size_t i = 0; i < r->count; i++) {
		const req_item *it = &r->items[i];
		int c = gem_compare(v, it->version);
		bool ok;
		switch (it->op) {
		case OP_EQ: ok = c == 0; break;
		case OP_NE: ok = c != 0; break;
		case OP_GT: ok = c > 0; break;
		case OP_LT: ok = c < 0; break;
		case OP_GE: ok = c >= 0; break;
		case OP_LE: ok = c <= 0; break;
		default: ok = c >= 0 && compare_view(v, true, it->bump, false) < 0; break;
		}
		if (!ok)
			return false;
	}
	return true;
}

const cw_version_scheme cw__scheme_gem = {
	"gem", gem_parse, gem_compare, gem_free,
	gem_parse_range, gem_satisfies, cw__range_free
};
