/*
 * pep440_spec.c - PEP 440 specifier sets ("~=1.4.2,!=1.4.5", ">=2.0a1",
 * "==1.*", "===foo") exactly as python3-packaging 23 SpecifierSet.contains()
 * evaluates them with its default pre-release handling.
 *
 * - The set is split on commas; empty items are ignored; every specifier
 *   must hold.  Each specifier is an operator (~= == != <= >= < > ===) and
 *   a version in the grammar packaging's Specifier regex allows for that
 *   operator: "==" and "!=" allow a local version or a ".*" suffix on a
 *   plain release; "~=" needs two release segments; the ordered
 *   comparisons allow neither; "===" takes any string.
 * - Pre-releases (anything with a pre or dev part) are excluded unless
 *   some specifier with an inclusive operator (== >= <= ~= ===) names a
 *   pre-release; an empty set therefore contains no pre-release.
 * - "<V" excludes pre-releases of V's base version unless V is one; ">V"
 *   excludes post releases and local versions of V's base version unless
 *   V is a post release (the PEP's exclusive ordered comparison).
 * - "==V.*" is a prefix match on canonical strings, emulated token for
 *   token as packaging does it (canonicalize, split on dots with "1rc1"
 *   split in two, zero-pad the release); "~=V" is ">=V" plus "==P.*" where
 *   P is V's release without its last segment, computed from the text of V
 *   as packaging computes it.
 * - "===V" compares the normalized string of the version with V, ignoring
 *   case.
 */
#include "version/pep440.h"
#include "util/error.h"
#include "util/str.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef enum { OP_COMPAT, OP_EQ, OP_NE, OP_LE, OP_GE, OP_LT, OP_GT, OP_ARB } spec_op;

typedef struct {
	spec_op op;
	bool wildcard;
	cw__pep440_version *version;  /* NULL for === and wildcards */
	char *prefix;                 /* ==/!= .* and ~=: canonical prefix string */
	char *arbitrary;              /* === : the string, lowercased */
} spec_item;

typedef struct {
	size_t count;
	bool prereleases;
	spec_item items[];
} spec_set;

static bool py_space(char c)
{
	return cw_is_space(c) || (c >= 0x1c && c <= 0x1f);
}

/* ---- packaging's _version_split / _pad_version on strings ------------- */

typedef struct {
	const char *p;
	size_t len;
} tok;

#define MAX_TOKENS (CW__PEP440_RENDER_MAX / 2 + 8)

static bool all_digits(const char *p, size_t len)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (!cw_is_digit(p[i]))
			return false;
	}
	return true;
}

/* ^([0-9]+)((?:a|b|c|rc)[0-9]+)$ : the length of group 1, or 0. */
static size_t prefix_split(const char *p, size_t len)
{
	size_t d = 0, l;
	while (d < len && cw_is_digit(p[d]))
		d++;
	if (d == 0 || d == len)
		return 0;
	l = (len - d >= 2 && p[d] == 'r' && p[d + 1] == 'c') ? 2 :
	    (p[d] == 'a' || p[d] == 'b' || p[d] == 'c') ? 1 : 0;
	if (l == 0 || !all_digits(p + d + l, len - d - l))
		return 0;
	return d;
}

static size_t version_split(const char *s, size_t len, tok *out)
{
	size_t n = 0, start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != '.')
			continue;
		const char *p = s + start;
		size_t l = i - start, d = prefix_split(p, l);
		if (d) {
			out[n++] = (tok){ p, d };
			out[n++] = (tok){ p + d, l - d };
		} else {
			out[n++] = (tok){ p, l };
		}
		start = i + 1;
	}
	return n;
}

static bool tok_eq(tok a, tok b)
{
	return a.len == b.len && memcmp(a.p, b.p, a.len) == 0;
}

/* _compare_equal() with a ".*" spec whose canonical prefix is `prefix`. */
static bool prefix_match(const cw__pep440_version *v, const char *prefix)
{
	static const tok zero = { "0", 1 };
	char buf[CW__PEP440_RENDER_MAX];
	tok left[MAX_TOKENS], right[MAX_TOKENS];
	size_t nl, nr, lrel = 0, rrel = 0, pad;

	nl = version_split(buf, cw__pep440_render(v, true, false, buf), left);
	nr = version_split(prefix, strlen(prefix), right);
	while (lrel < nl && all_digits(left[lrel].p, left[lrel].len))
		lrel++;
	while (rrel < nr && all_digits(right[rrel].p, right[rrel].len))
		rrel++;
	pad = rrel > lrel ? rrel - lrel : 0;
	if (nl + pad < nr)
		return false;
	/* padded = left[0..lrel) + "0" * pad + left[lrel..nl), cut to nr */
	for (size_t i = 0; i < nr; i++) {
		tok t = i < lrel ? left[i] : i < lrel + pad ? zero : left[i - pad];
		if (!tok_eq(t, right[i]))
			return false;
	}
	return true;
}

/* ---- parsing ------------------------------------------------------------ */

static int bad_spec(const char *s, size_t len, const char *why)
{
	return cw__error_set(CW_EINVALID, "PEP 440 specifier '%.*s': %s",
	                     (int)(len > 200 ? 200 : len), s, why);
}

/* canonicalize_version(text, strip_trailing_zero=False), malloc'd. */
static int canonical_prefix(char **out, const char *text, size_t len)
{
	cw__pep440_version *v = NULL;
	char *s;
	if (cw__pep440_parse(&v, text, len) == 0) {
		if (!(s = malloc(CW__PEP440_RENDER_MAX)))
			goto oom;
		cw__pep440_render(v, false, true, s);
	} else {
		cw_error_clear();
		if (!(s = malloc(len + 1)))
			goto oom;
		memcpy(s, text, len);
		s[len] = '\0';
	}
	cw__pep440_free(v);
	*out = s;
	return 0;
oom:
	cw__pep440_free(v);
	return cw__error_oom();
}

/* v?(N!)?N(.N)* : the whole text is a plain release (for ".*"). */
static bool plain_release(const char *p, size_t len)
{
	size_t i = 0;
	if (i < len && (p[i] == 'v' || p[i] == 'V'))
		i++;
	size_t d = i;
	while (d < len && cw_is_digit(p[d]))
		d++;
	if (d > i && d < len && p[d] == '!')
		i = d + 1;
	for (;;) {
		size_t s = i;
		while (i < len && cw_is_digit(p[i]))
			i++;
		if (i == s)
			return false;
		if (i == len)
			return true;
		if (p[i] != '.')
			return false;
		i++;
	}
}

/* The ~= prefix: packaging's takewhile(_is_not_suffix, split)[:-1]. */
static int compat_prefix(char **out, const char *text, size_t len)
{
	tok t[MAX_TOKENS];
	char buf[CW__VERSION_MAX_LEN + 1];
	size_t n = version_split(text, len, t), keep = 0, w = 0;
	static const char *const suffixes[] = { "dev", "a", "b", "rc", "post" };

	for (; keep < n; keep++) {
		bool suffix = false;
		for (size_t j = 0; j < 5; j++) {
			size_t l = strlen(suffixes[j]);
			suffix |= t[keep].len >= l && memcmp(t[keep].p, suffixes[j], l) == 0;
		}
		if (suffix)
			break;
	}
	for (size_t i = 0; i + 1 < keep; i++) {
		if (i)
			buf[w++] = '.';
		memcpy(buf + w, t[i].p, t[i].len);
		w += t[i].len;
	}
	return canonical_prefix(out, buf, w);
}

static int parse_item(spec_item *item, const char *s, size_t len)
{
	static const struct { const char *text; spec_op op; } ops[] = {
		{ "===", OP_ARB }, { "~=", OP_COMPAT }, { "==", OP_EQ }, { "!=", OP_NE },
		{ "<=", OP_LE }, { ">=", OP_GE }, { "<", OP_LT }, { ">", OP_GT },
	};
	const char *v;
	size_t vlen, i, oplen = 0;
	int error;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		oplen = strlen(ops[i].text);
		if (len >= oplen && memcmp(s, ops[i].text, oplen) == 0)
			break;
	}
	if (i == sizeof(ops) / sizeof(ops[0]))
		return bad_spec(s, len, "expected an operator (~= == != <= >= < > ===)");
	item->op = ops[i].op;
	v = s + oplen;
	vlen = len - oplen;
	while (vlen && py_space(*v)) {
		v++;
		vlen--;
	}
	if (item->op == OP_ARB) {
		for (i = 0; i < vlen; i++) {
			if (py_space(v[i]) || v[i] == ';' || v[i] == ')')
				return bad_spec(s, len, "'===' takes one word");
		}
		if (!(item->arbitrary = malloc(vlen + 1)))
			return cw__error_oom();
		for (i = 0; i < vlen; i++)
			item->arbitrary[i] = cw_to_lower(v[i]);
		item->arbitrary[vlen] = '\0';
		/* packaging asks Version(V).is_prerelease; an invalid V has none */
		if (cw__pep440_parse(&item->version, v, vlen) < 0) {
			cw_error_clear();
			item->version = NULL;
		}
		return 0;
	}
	if (vlen == 0 || py_space(v[0]))
		return bad_spec(s, len, "expected a version after the operator");
	if ((item->op == OP_EQ || item->op == OP_NE) && vlen >= 2 &&
	    v[vlen - 2] == '.' && v[vlen - 1] == '*') {
		if (!plain_release(v, vlen - 2))
			return bad_spec(s, len, "'.*' must follow a plain release (N.N)");
		item->wildcard = true;
		if ((error = cw__pep440_parse(&item->version, v, vlen - 2)) < 0)
			return error;
		return canonical_prefix(&item->prefix, v, vlen - 2);
	}
	if (v[0] == 'v' || v[0] == 'V') {
		if (vlen < 2 || !cw_is_digit(v[1]))
			return bad_spec(s, len, "invalid version");
	} else if (!cw_is_digit(v[0])) {
		return bad_spec(s, len, "invalid version");
	}
	if ((error = cw__pep440_parse(&item->version, v, vlen)) < 0)
		return cw__error_prefix("PEP 440 specifier '%.*s'", (int)(len > 200 ? 200 : len), s);
	if (item->version->has_local && item->op != OP_EQ && item->op != OP_NE)
		return bad_spec(s, len, "a local version is only allowed with == and !=");
	if (item->op == OP_COMPAT) {
		if (item->version->nrelease < 2)
			return bad_spec(s, len, "'~=' needs at least two release segments");
		/* the prefix is computed from the text as written (stripped) */
		size_t tl = vlen;
		while (tl && py_space(v[tl - 1]))
			tl--;
		return compat_prefix(&item->prefix, v, tl);
	}
	return 0;
}

/* One comma-separated specifier (surrounding blanks dropped; an empty one is skipped). */
static int spec_part(void *ctx, const char *s, size_t l)
{
	spec_set *set = ctx;
	int error;
	while (l && py_space(*s)) {
		s++;
		l--;
	}
	while (l && py_space(s[l - 1]))
		l--;
	if (l == 0)
		return 0;
	spec_item *item = &set->items[set->count++];
	if ((error = parse_item(item, s, l)) < 0)
		return error;
	/* Specifier.prereleases: an inclusive operator naming a pre-release */
	if ((item->op == OP_EQ || item->op == OP_GE || item->op == OP_LE ||
	     item->op == OP_COMPAT || item->op == OP_ARB) &&
	    item->version && cw__pep440_is_prerelease(item->version))
		set->prereleases = true;
	return 0;
}

int cw__pep440_parse_specifiers(void **out, const char *str, size_t len)
{
	static const cw__range_list list = {
		{ offsetof(spec_set, items), sizeof(spec_item), 0, { 0 }, 3,
		  { offsetof(spec_item, version), offsetof(spec_item, prefix), offsetof(spec_item, arbitrary) } },
		"PEP 440 specifier set", "specifiers", spec_part
	};
	return cw__range_parse_list(out, &list, str, len);
}

/* ---- evaluation --------------------------------------------------------- */

static bool eq_match(const spec_item *item, const cw__pep440_version *v)
{
	if (item->wildcard)
		return prefix_match(v, item->prefix);
	if (!item->version->has_local)
		return cw__pep440_compare_public(v, item->version) == 0;
	return cw__pep440_compare(v, item->version) == 0;
}

static bool item_match(const spec_item *item, const cw__pep440_version *v)
{
	const cw__pep440_version *sv = item->version;
	char buf[CW__PEP440_RENDER_MAX];

	switch (item->op) {
	case OP_EQ:
		return eq_match(item, v);
	case OP_NE:
		return !eq_match(item, v);
	case OP_LE:
		return cw__pep440_compare_public(v, sv) <= 0;
	case OP_GE:
		return cw__pep440_compare_public(v, sv) >= 0;
	case OP_COMPAT:
		return cw__pep440_compare_public(v, sv) >= 0 && prefix_match(v, item->prefix);
	case OP_LT:
		if (cw__pep440_compare(v, sv) >= 0)
			return false;
		if (!cw__pep440_is_prerelease(sv) && cw__pep440_is_prerelease(v) &&
		    cw__pep440_compare_base(v, sv) == 0)
			return false;
		return true;
	case OP_GT:
		if (cw__pep440_compare(v, sv) <= 0)
			return false;
		if (!sv->has_post && v->has_post && cw__pep440_compare_base(v, sv) == 0)
			return false;
		if (v->has_local && cw__pep440_compare_base(v, sv) == 0)
			return false;
		return true;
	case OP_ARB:
		cw__pep440_render(v, false, true, buf);
		return strcmp(buf, item->arbitrary) == 0;
	}
	return false;
}

bool cw__pep440_satisfies(const void *range, const void *version)
{
	const spec_set *set = range;
	const cw__pep440_version *v = version;

	if (!set->prereleases && cw__pep440_is_prerelease(v))
		return false;
	for (size_t i = 0; i < set->count; i++) {
		if (!item_match(&set->items[i], v))
			return false;
	}
	return true;
}
