/*
 * npm.c - npm versions and ranges, with node-semver's semantics.
 *
 * Versions: SemVer 2.0.0 as node-semver parses them by default (not its
 * `loose` mode): MAJOR.MINOR.PATCH with no leading zeros, an optional 'v',
 * surrounding whitespace ignored, at most 256 characters, every number at
 * most 2^53-1.  Loose-only forms ("=1.2.3", "01.2.3", "1.2.3beta") are
 * rejected, as `semver.valid()` rejects them; npm itself and the OSV npm
 * data use strict versions.
 *
 * Ranges: node-semver's grammar (https://github.com/npm/node-semver#ranges),
 * desugared exactly as its Range class does without includePrerelease:
 *   A || B        either set            "" / "*" / "x"  any (non-prerelease)
 *   >=1.2 <2      comparators, all must hold; partial versions as x-ranges
 *   1.2.x, 1.*    >=1.2.0 <1.3.0-0       ~1.2.3       >=1.2.3 <1.3.0-0
 *   ^1.2.3        >=1.2.3 <2.0.0-0       ^0.2.3       >=0.2.3 <0.3.0-0
 *   ^0.0.3        >=0.0.3 <0.0.4-0       1.2 - 2.3    >=1.2.0 <2.4.0-0
 *   <=1.2         <1.3.0-0               >1.2         >=1.3.0
 * with node-semver's quirks kept: `>=0.0.0` counts as "any", and when a
 * range has several alternatives one of which is "any", the range is just
 * "any" (so "* || >=1.0.0-rc" does not admit 1.0.0-rc).  A prerelease
 * version satisfies a set only when a comparator of the set has a prerelease
 * with the same MAJOR.MINOR.PATCH (semver_range.h, CW__PRE_SAME_TUPLE).
 *
 * node-semver rewrites ranges with regular expressions before parsing them;
 * the tokenizer below reproduces the rewrites that change a meaning ("> =1"
 * is ">=1", "~ > 1.2" is "~>1.2", "^= 1" is "^1").  Where we differ
 * (docs/versions.md): a malformed comparator that its replaceStars step
 * happens to repair (">=1.2.3*" -> ">=1.2.3") is rejected here, and numeric
 * prerelease identifiers above 2^53 compare exactly rather than as rounded
 * doubles.
 */
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/str.h"
#include "version/scheme.h"
#include "version/semver_range.h"

#define NPM_MAX_SAFE 9007199254740991ULL /* Number.MAX_SAFE_INTEGER */
#define NPM_MAX_LENGTH 256
#define NPM_MAX_RANGE_LENGTH 65536

static cw_slice trim(const char *s, size_t len)
{
	return cw__slice_trim((cw_slice){ s, len });
}

static int npm_parse(void **out, const char *str, size_t len)
{
	cw_slice s = trim(str, len);
	*out = NULL;
	if (len > NPM_MAX_LENGTH)
		return cw__error_set(CW_EINVALID, "invalid npm version: longer than %d characters",
		                     NPM_MAX_LENGTH);
	return cw__semver_parse((cw__semver **)out, s.ptr, s.len, CW__SV_V_PREFIX, NPM_MAX_SAFE,
	                        "npm");
}

/* ---- ranges ------------------------------------------------------------ */

typedef enum { T_NONE, T_EQ, T_LT, T_LE, T_GT, T_GE, T_TILDE, T_CARET } token_op;

typedef struct {
	cw__sv_range *range;
	const char *text; /* the whole range, for messages */
	size_t len;
} ctx;

/* "invalid npm range '<range>': <reason>[ in '<token>']" */
static int bad(ctx *c, const char *reason, const char *tok, size_t tok_len)
{
	int shown = c->len > 120 ? 120 : (int)c->len;
	if (tok)
		return cw__error_set(CW_EINVALID, "invalid npm range '%.*s%s': %s in '%.*s'", shown,
		                     c->text, c->len > 120 ? "..." : "", reason,
		                     (int)(tok_len > 60 ? 60 : tok_len), tok);
	return cw__error_set(CW_EINVALID, "invalid npm range '%.*s%s': %s", shown, c->text,
	                     c->len > 120 ? "..." : "", reason);
}

static size_t digits(uint64_t n)
{
	size_t d = 1;
	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

/* Add "op M.m.p[-pre]"; numbers above 2^53-1 and versions longer than 256
 * characters are invalid, as node-semver's SemVer constructor says. */
static int emit(ctx *c, cw__sv_op op, uint64_t M, uint64_t m, uint64_t p, const char *pre,
                size_t pre_len)
{
	cw__semver *v;
	int error;
	if (M > NPM_MAX_SAFE || m > NPM_MAX_SAFE || p > NPM_MAX_SAFE)
		return bad(c, "a version number is above 2^53-1", NULL, 0);
	if (digits(M) + digits(m) + digits(p) + 2 + (pre_len ? pre_len + 1 : 0) > NPM_MAX_LENGTH)
		return bad(c, "a version is longer than 256 characters", NULL, 0);
	if (op == CW__OP_GE && !M && !m && !p && !pre_len)
		return cw__sv_range_add(c->range, CW__OP_ANY, NULL); /* node: ">=0.0.0" is "" */
	if ((error = cw__semver_make(&v, M, m, p, pre, pre_len)) < 0)
		return error;
	return cw__sv_range_add(c->range, op, v);
}

static int emit_any(ctx *c)
{
	return cw__sv_range_add(c->range, CW__OP_ANY, NULL);
}

static int emit_null(ctx *c)
{
	return emit(c, CW__OP_LT, 0, 0, 0, "0", 1);
}

static size_t skip_prefix(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && (s[i] == 'v' || s[i] == '='))
		i++;
	return i;
}

/* A complete version written as is: node keeps the text, so only "v" may
 * precede it, and ">=0.0.0" spelled exactly so means "any". */
static int emit_full(ctx *c, cw__sv_op op, const char *s, size_t len)
{
	cw__semver *v;
	int error;
	if (op == CW__OP_GE && len == 5 && memcmp(s, "0.0.0", 5) == 0)
		return emit_any(c);
	if (len > NPM_MAX_LENGTH)
		return bad(c, "a version is longer than 256 characters", s, len);
	if ((error = cw__semver_parse(&v, s, len, CW__SV_V_PREFIX, NPM_MAX_SAFE, "npm")) < 0)
		return cw__error_prefix("invalid npm range '%.*s'", (int)(c->len > 120 ? 120 : c->len),
		                        c->text);
	return cw__sv_range_add(c->range, op, v);
}

static int parse_x(ctx *c, cw__semver_partial *x, const char *s, size_t len)
{
	const char *reason = NULL;
	size_t skip = skip_prefix(s, len);
	if (cw__semver_parse_partial(x, s + skip, len - skip, CW__SVP_WILDCARDS, &reason) < 0) {
		return bad(c, reason, s, len);
	}
	return 0;
}

static int tilde(ctx *c, const cw__semver_partial *x)
{
	const uint64_t *n = x->num;
	int error;
	if (x->wild[0])
		return emit_any(c);
	if (x->wild[1]) {
		if ((error = emit(c, CW__OP_GE, n[0], 0, 0, NULL, 0)) < 0)
			return error;
		return emit(c, CW__OP_LT, n[0] + 1, 0, 0, "0", 1);
	}
	if ((error = emit(c, CW__OP_GE, n[0], n[1], x->wild[2] ? 0 : n[2],
	                  x->wild[2] ? NULL : x->pre, x->wild[2] ? 0 : x->pre_len)) < 0)
		return error;
	return emit(c, CW__OP_LT, n[0], n[1] + 1, 0, "0", 1);
}

static int caret(ctx *c, const cw__semver_partial *x)
{
	const uint64_t *n = x->num;
	int error;
	if (x->wild[0] || x->wild[1]) /* "^*", "^1": as "~*", "~1" */
		return tilde(c, x);
	if (x->wild[2]) {
		if ((error = emit(c, CW__OP_GE, n[0], n[1], 0, NULL, 0)) < 0)
			return error;
		return n[0] == 0 ? emit(c, CW__OP_LT, 0, n[1] + 1, 0, "0", 1)
		                 : emit(c, CW__OP_LT, n[0] + 1, 0, 0, "0", 1);
	}
	if ((error = emit(c, CW__OP_GE, n[0], n[1], n[2], x->pre, x->pre_len)) < 0)
		return error;
	if (n[0] == 0 && n[1] == 0)
		return emit(c, CW__OP_LT, 0, 0, n[2] + 1, "0", 1);
	if (n[0] == 0)
		return emit(c, CW__OP_LT, 0, n[1] + 1, 0, "0", 1);
	return emit(c, CW__OP_LT, n[0] + 1, 0, 0, "0", 1);
}

/* x-ranges with an operator: node-semver's replaceXRange. */
static int xrange(ctx *c, token_op op, const cw__semver_partial *x)
{
	uint64_t M = x->num[0], m = x->num[1];
	bool xm = x->wild[0] || x->wild[1];
	int error;
	if (op == T_EQ)
		op = T_NONE;
	if (x->wild[0])
		return (op == T_GT || op == T_LT) ? emit_null(c) : emit_any(c);
	if (op == T_NONE) {
		if (xm) {
			if ((error = emit(c, CW__OP_GE, M, 0, 0, NULL, 0)) < 0)
				return error;
			return emit(c, CW__OP_LT, M + 1, 0, 0, "0", 1);
		}
		if ((error = emit(c, CW__OP_GE, M, m, 0, NULL, 0)) < 0)
			return error;
		return emit(c, CW__OP_LT, M, m + 1, 0, "0", 1);
	}
	if (xm)
		m = 0;
	if (op == T_GT || op == T_LE) {
		if (xm)
			M++;
		else
			m++;
	}
	switch (op) {
	case T_GT:
	case T_GE: return emit(c, CW__OP_GE, M, m, 0, NULL, 0);
	case T_LT:
	case T_LE: return emit(c, CW__OP_LT, M, m, 0, "0", 1);
	default: return cw__error_set(CW_EINTERNAL, "npm range: unexpected operator");
	}
}

static cw__sv_op plain_op(token_op op)
{
	switch (op) {
	case T_LT: return CW__OP_LT;
	case T_LE: return CW__OP_LE;
	case T_GT: return CW__OP_GT;
	case T_GE: return CW__OP_GE;
	default: return CW__OP_EQ;
	}
}

static int comparator(ctx *c, token_op op, const char *s, size_t len)
{
	cw__semver_partial x;
	size_t skip;
	int error;
	if (len == 0)
		return bad(c, "expected a version after an operator", NULL, 0);
	if ((error = parse_x(c, &x, s, len)) < 0)
		return error;
	if (op == T_TILDE)
		return tilde(c, &x);
	if (op == T_CARET)
		return caret(c, &x);
	if (x.wild[0] || x.wild[1] || x.wild[2])
		return xrange(c, op, &x);
	skip = skip_prefix(s, len);
	if (skip > 1 || (skip == 1 && s[0] != 'v'))
		return bad(c, "only 'v' may precede a version", s, len);
	return emit_full(c, plain_op(op), s, len);
}

/* "A - B" as node-semver's hyphenReplace (without includePrerelease). */
static int hyphen(ctx *c, const char *a, size_t alen, const cw__semver_partial *from,
                  const char *b, size_t blen, const cw__semver_partial *to)
{
	const uint64_t *f = from->num, *t = to->num;
	size_t skip;
	int error = 0;
	if (from->wild[0])
		error = emit_any(c);
	else if (from->wild[1] || from->wild[2])
		error = emit(c, CW__OP_GE, f[0], from->wild[1] ? 0 : f[1], 0, NULL, 0);
	else if ((skip = skip_prefix(a, alen)) > 1 || (skip == 1 && a[0] != 'v'))
		error = bad(c, "only 'v' may precede a version", a, alen);
	else
		error = emit_full(c, CW__OP_GE, a, alen);
	if (error < 0)
		return error;
	if (to->wild[0])
		return emit_any(c);
	if (to->wild[1])
		return emit(c, CW__OP_LT, t[0] + 1, 0, 0, "0", 1);
	if (to->wild[2])
		return emit(c, CW__OP_LT, t[0], t[1] + 1, 0, "0", 1);
	if (to->pre_len)
		return emit(c, CW__OP_LE, t[0], t[1], t[2], to->pre, to->pre_len);
	if ((skip = skip_prefix(b, blen)) > 1 || (skip == 1 && b[0] != 'v'))
		return bad(c, "only 'v' may precede a version", b, blen);
	return emit_full(c, CW__OP_LE, b, blen);
}

static bool try_hyphen(ctx *c, const char *s, size_t len, int *error)
{
	for (size_t i = 0; i + 3 <= len; i++) {
		cw__semver_partial from, to;
		const char *reason;
		size_t sa, sb;
		if (memcmp(s + i, " - ", 3) != 0)
			continue;
		sa = skip_prefix(s, i);
		sb = skip_prefix(s + i + 3, len - i - 3);
		if (cw__semver_parse_partial(&from, s + sa, i - sa, CW__SVP_WILDCARDS,
		                             &reason) < 0 ||
		    cw__semver_parse_partial(&to, s + i + 3 + sb, len - i - 3 - sb, CW__SVP_WILDCARDS,
		                             &reason) < 0)
			continue;
		*error = hyphen(c, s, i, &from, s + i + 3, len - i - 3, &to);
		return true;
	}
	return false;
}

static token_op read_op(const char **p, const char *end)
{
	const char *s = *p;
	token_op op = T_NONE;
	size_t n = 0;
	if (end - s >= 2 && s[0] == '<' && s[1] == '=')
		op = T_LE, n = 2;
	else if (end - s >= 2 && s[0] == '>' && s[1] == '=')
		op = T_GE, n = 2;
	else if (end - s >= 2 && s[0] == '~' && s[1] == '>')
		op = T_TILDE, n = 2;
	else if (s < end && *s == '<')
		op = T_LT, n = 1;
	else if (s < end && *s == '>')
		op = T_GT, n = 1;
	else if (s < end && *s == '=')
		op = T_EQ, n = 1;
	else if (s < end && *s == '~')
		op = T_TILDE, n = 1;
	else if (s < end && *s == '^')
		op = T_CARET, n = 1;
	s += n;
	if (op != T_NONE && s < end && *s == ' ') {
		s++; /* ">= 1.2.3", "~ 1.2", "^ 1" */
		if ((op == T_LT || op == T_GT) && s < end && *s == '=') {
			/* "> =1.2": node-semver glues it into ">=1.2" */
			op = op == T_LT ? T_LE : T_GE;
			s++;
		}
	}
	if ((op == T_TILDE || op == T_CARET) && end - s >= 2 && s[0] == '=' && s[1] == ' ')
		s += 2; /* "^= 1.2": node-semver glues "=" to the version first */
	if (op == T_TILDE && n == 1 && s < end && *s == '>') {
		/* "~ > 1.2": node-semver glues the '>' to the version and then
		 * to the '~' ("~>1.2") */
		s++;
		if (s < end && *s == ' ')
			s++;
	}
	*p = s;
	return op;
}

/* One alternative (no "||"), trimmed, whitespace runs collapsed. */
static int parse_set(ctx *c, const char *s, size_t len)
{
	const char *p = s, *end = s + len;
	int error = 0;
	if (try_hyphen(c, s, len, &error))
		return error < 0 ? error : cw__sv_range_end_set(c->range);
	if (len == 0 && (error = emit_any(c)) < 0)
		return error;
	while (p < end) {
		token_op op;
		const char *v;
		while (p < end && *p == ' ')
			p++;
		if (p == end)
			break;
		op = read_op(&p, end);
		v = p;
		while (p < end && *p != ' ')
			p++;
		if ((error = comparator(c, op, v, (size_t)(p - v))) < 0)
			return error;
	}
	return cw__sv_range_end_set(c->range);
}

static bool set_is_null(const cw__sv_range *r, size_t set)
{
	for (size_t i = set ? r->set_end[set - 1] : 0; i < r->set_end[set]; i++) {
		const cw__semver *v = r->cmps[i].version;
		if (r->cmps[i].op == CW__OP_LT && v && !v->major && !v->minor && !v->patch &&
		    v->npre == 1 && v->pre[0].kind == CW__ID_NUM && v->pre[0].num == 0)
			return true;
	}
	return false;
}

/* node-semver: with several alternatives, null sets are dropped, and an
 * alternative that is just "any" replaces the whole range. */
static void simplify(cw__sv_range *r)
{
	size_t live = 0;
	for (size_t s = 0; s < r->nsets; s++)
		live += !set_is_null(r, s);
	if (live < 2)
		return;
	for (size_t s = 0; s < r->nsets; s++) {
		if (cw__sv_range_set_is_any(r, s)) {
			cw__sv_range_keep_only(r, s);
			return;
		}
	}
}

static int npm_parse_range(void **out, const char *str, size_t len)
{
	ctx c = { NULL, str, len };
	char *norm = NULL;
	size_t n = 0;
	int error;

	*out = NULL;
	if (len > NPM_MAX_RANGE_LENGTH)
		return cw__error_set(CW_ELIMIT, "npm range longer than %d bytes", NPM_MAX_RANGE_LENGTH);
	if (memchr(str, '\0', len))
		return cw__error_set(CW_EINVALID, "invalid npm range: contains a NUL byte");
	if (!(norm = malloc(len + 1)))
		return cw__error_oom();
	/* node-semver: trim, then every whitespace run becomes one space. */
	for (size_t i = 0; i < len; i++) {
		if (cw_is_space(str[i])) {
			if (n && norm[n - 1] != ' ')
				norm[n++] = ' ';
		} else {
			norm[n++] = str[i];
		}
	}
	while (n && norm[n - 1] == ' ')
		n--;
	if ((error = cw__sv_range_new(&c.range, cw__semver_compare, CW__PRE_SAME_TUPLE)) < 0)
		goto done;
	for (size_t start = 0;;) {
		const char *bar = NULL;
		cw_slice part;
		for (size_t i = start; i + 1 < n; i++) {
			if (norm[i] == '|' && norm[i + 1] == '|') {
				bar = norm + i;
				break;
			}
		}
		part = trim(norm + start, (bar ? (size_t)(bar - norm) : n) - start);
		if ((error = parse_set(&c, part.ptr, part.len)) < 0)
			goto done;
		if (!bar)
			break;
		start = (size_t)(bar - norm) + 2;
	}
	simplify(c.range);
	*out = c.range;
	c.range = NULL;
done:
	cw__sv_range_free(c.range);
	free(norm);
	return error;
}

const cw_version_scheme cw__scheme_npm =
	CW__SV_SCHEME("semver-npm", npm_parse, cw__sv_compare_version, npm_parse_range);
