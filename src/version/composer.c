/*
 * composer.c - Packagist / Composer versions and constraints.
 *
 * https://getcomposer.org/doc/articles/versions.md and Composer's
 * VersionParser (normalize, parseConstraints) plus PHP's version_compare.
 *
 * Versions are normalized as Composer does: an optional "v", 1 to 4 numbers
 * (padded to 4: "1.2" = "1.2.0.0"; a date-like major of 6+ digits is not
 * padded), then an optional stability: [.-_]? (stable|alpha|a|beta|b|RC|
 * patch|pl|p) with optional numbers ("-beta2", "-RC.1"), then an optional
 * [.-]dev ("1.0.0-dev", "1.0.0-beta2-dev"); "1.0.x-dev" (x -> 9999999)
 * branch aliases too.  Case does not matter, "+build" and "@stability"
 * flags are dropped.  Branch names ("dev-main") are not numbered versions
 * and are rejected.
 *
 * Order: PHP's version_compare on the normalized form, i.e. token by
 * token, numbers numerically and the special words by rank
 *   dev < alpha = a < beta = b < RC < (a number / the release) < patch = pl = p
 * so 1.0.0-dev < 1.0.0-alpha < 1.0.0-beta2 < 1.0.0-RC1 < 1.0.0 < 1.0.0-p1.
 *
 * Constraints: "||" (or "|") separates alternatives; "," or spaces separate
 * comparators that must all hold.
 *   >=1.2  >=1.2.0.0-dev     <2     <2.0.0.0-dev   (Composer adds -dev to
 *   >1.2, <=1.2, ==, =, !=, <>  as written          < and >= bounds)
 *   1.2.3  ==1.2.3.0         * / x  any
 *   ~1.2   >=1.2.0.0-dev <2.0.0.0-dev    ~1.2.3  >=1.2.3.0-dev <1.3.0.0-dev
 *   ^1.2.3 >=1.2.3.0-dev <2.0.0.0-dev    ^0.3    >=0.3.0.0-dev <0.4.0.0-dev
 *   ^0.0.3 >=0.0.3.0-dev <0.0.4.0-dev    1.2.*   >=1.2.0.0-dev <1.3.0.0-dev
 *   1.0 - 2.0    >=1.0.0.0-dev <2.1.0.0-dev (a partial upper bound is bumped)
 *   1.0 - 2.0.1  >=1.0.0.0-dev <=2.0.1.0
 * A stability written on a bound replaces the added "-dev".
 */
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/str.h"
#include "version/cmplist.h"
#include "version/semver_range.h" /* cw__sv_op */

#define MAX_TOKENS 32
#define MAX_LEN 256

/* Ranks of PHP's special version words; numbers rank as the release. */
enum { R_DEV = 0, R_ALPHA = 1, R_BETA = 2, R_RC = 3, R_RELEASE = 4, R_PATCH = 5 };

typedef struct {
	uint8_t special; /* 0: a number; else rank + 1 */
	uint64_t num;
} token;

typedef struct {
	uint8_t n;
	uint8_t nparts;    /* numeric parts written (1..4) */
	bool stability;    /* a stability word or -dev was written */
	token tok[MAX_TOKENS];
} composer_version;

const cw_version_scheme cw__scheme_composer;

static int bad_version(const char *str, size_t len, const char *reason)
{
	return cw__error_set(CW_EINVALID, "invalid Composer version '%.*s': %s",
	                     (int)(len > 80 ? 80 : len), str, reason);
}

static bool push(composer_version *v, uint8_t special, uint64_t num)
{
	if (v->n == MAX_TOKENS)
		return false;
	v->tok[v->n].special = special;
	v->tok[v->n].num = num;
	v->n++;
	return true;
}

static bool read_number(const char **p, const char *end, uint64_t *out, size_t *digits)
{
	const char *s = *p;
	uint64_t v = 0;
	while (s < end && cw_is_digit(*s)) {
		if (v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(*s++ - '0');
	}
	*digits = (size_t)(s - *p);
	*out = v;
	*p = s;
	return *digits > 0;
}

static bool word_at(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(end - p) < n)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (cw_to_lower(p[i]) != word[i])
			return false;
	}
	return true;
}

/* The stability word at p (longest first, as Composer's regex), or -1. */
static int read_stability(const char **p, const char *end)
{
	static const struct { const char *word; int rank; } words[] = {
		{ "stable", R_RELEASE }, { "alpha", R_ALPHA }, { "beta", R_BETA }, { "patch", R_PATCH },
		{ "rc", R_RC }, { "pl", R_PATCH }, { "a", R_ALPHA }, { "b", R_BETA }, { "p", R_PATCH },
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (word_at(*p, end, words[i].word)) {
			*p += strlen(words[i].word);
			return words[i].rank;
		}
	}
	return -1;
}

static int parse_normalized(composer_version *v, const char *str, size_t len)
{
	const char *p, *end;
	cw_slice s = cw__slice_trim((cw_slice){ str, len });
	const char *plus, *at;
	bool branch_alias = false;
	size_t digits;
	uint64_t num;

	memset(v, 0, sizeof(*v));
	if (s.len == 0)
		return bad_version(str, len, "empty version");
	if (s.len > MAX_LEN)
		return bad_version(str, len, "longer than 256 bytes");
	if ((at = memchr(s.ptr, '@', s.len)))
		s.len = (size_t)(at - s.ptr); /* "1.0@beta": a stability flag */
	if ((plus = memchr(s.ptr, '+', s.len)))
		s.len = (size_t)(plus - s.ptr); /* build metadata */
	p = s.ptr;
	end = s.ptr + s.len;
	if (word_at(p, end, "dev-"))
		return bad_version(str, len, "a branch name, not a numbered version");
	if (p < end && (*p == 'v' || *p == 'V'))
		p++;
	for (;;) {
		if (p < end && (*p == 'x' || *p == 'X' || *p == '*') && v->nparts > 0) {
			p++;
			branch_alias = true;
			num = 9999999;
		} else if (branch_alias || !read_number(&p, end, &num, &digits)) {
			return bad_version(str, len, "expected a number");
		}
		push(v, 0, num);
		v->nparts++;
		if (v->nparts == 4 || p + 1 >= end || *p != '.' ||
		    !(cw_is_digit(p[1]) || p[1] == 'x' || p[1] == 'X' || p[1] == '*'))
			break;
		p++;
	}
	/* Pad to four parts, unless the major looks like a date (20240101). */
	if (!(v->nparts == 1 && v->tok[0].num >= 100000)) {
		while (v->nparts < 4) {
			push(v, 0, branch_alias ? 9999999 : 0);
			v->nparts++;
		}
	}
	if (p < end) {
		const char *q = p;
		int rank;
		if (*q == '.' || *q == '-' || *q == '_')
			q++;
		if ((rank = read_stability(&q, end)) >= 0) {
			v->stability = true;
			p = q;
			if (rank != R_RELEASE)
				push(v, (uint8_t)(rank + 1), 0);
			while (p < end && (cw_is_digit(*p) ||
			                   ((*p == '.' || *p == '-') && p + 1 < end && cw_is_digit(p[1])))) {
				if (!cw_is_digit(*p))
					p++;
				if (!read_number(&p, end, &num, &digits))
					return bad_version(str, len, "a number is too large");
				if (rank != R_RELEASE && !push(v, 0, num))
					return bad_version(str, len, "too many parts");
			}
		}
	}
	if (p < end) {
		const char *q = p;
		if (*q == '.' || *q == '-')
			q++;
		if (word_at(q, end, "dev") && q + 3 == end) {
			v->stability = true;
			push(v, R_DEV + 1, 0);
			p = end;
		}
	}
	if (branch_alias && !(v->n && v->tok[v->n - 1].special == R_DEV + 1))
		return bad_version(str, len, "a wildcard is only allowed in an x-dev branch alias");
	if (p != end)
		return bad_version(str, len, "unexpected text after the version");
	return 0;
}

static int composer_parse(void **out, const char *str, size_t len)
{
	composer_version v, *copy;
	int error;
	*out = NULL;
	if ((error = parse_normalized(&v, str, len)) < 0)
		return error;
	if (!(copy = malloc(sizeof(*copy))))
		return cw__error_oom();
	*copy = v;
	*out = copy;
	return 0;
}

static int rank_of(const token *t)
{
	return t->special ? t->special - 1 : R_RELEASE;
}

static int composer_compare(const void *pa, const void *pb)
{
	const composer_version *a = pa, *b = pb;
	size_t n = a->n < b->n ? a->n : b->n;
	for (size_t i = 0; i < n; i++) {
		const token *x = &a->tok[i], *y = &b->tok[i];
		if (!x->special && !y->special) {
			if (x->num != y->num)
				return x->num < y->num ? -1 : 1;
		} else if (rank_of(x) != rank_of(y)) {
			return rank_of(x) < rank_of(y) ? -1 : 1;
		}
	}
	/* The longer one continues: a number makes it newer, a word compares
	 * its rank with the release (PHP: against "#N#"). */
	if (a->n > b->n)
		return (a->tok[n].special && rank_of(&a->tok[n]) < R_RELEASE) ? -1 : 1;
	if (b->n > a->n)
		return (b->tok[n].special && rank_of(&b->tok[n]) < R_RELEASE) ? 1 : -1;
	return 0;
}

static void composer_free(void *data)
{
	free(data);
}

/* ---- constraints --------------------------------------------------------- */

typedef struct {
	void *list;
	const char *text;
	size_t len;
} ctx;

static int bad(ctx *c, const char *reason)
{
	return cw__error_set(CW_EINVALID, "invalid Composer constraint '%.*s': %s",
	                     (int)(c->len > 120 ? 120 : c->len), c->text, reason);
}

static int add_version(ctx *c, cw__sv_op op, composer_version *v)
{
	composer_version *copy = malloc(sizeof(*copy));
	if (!copy)
		return cw__error_oom();
	*copy = *v;
	return cw__cmplist_add(c->list, op, copy);
}

static int add_text(ctx *c, cw__sv_op op, const char *s, size_t n, bool add_dev)
{
	composer_version v;
	if (parse_normalized(&v, s, n) < 0)
		return cw__error_prefix("invalid Composer constraint '%.*s'",
		                        (int)(c->len > 120 ? 120 : c->len), c->text);
	if (add_dev && !v.stability)
		push(&v, R_DEV + 1, 0);
	return add_version(c, op, &v);
}

/* The numbers of a partial version "v1.2" (up to 4), and what follows. */
static bool read_parts(const char **p, const char *end, uint64_t parts[4], unsigned *n)
{
	size_t digits;
	*n = 0;
	if (*p < end && (**p == 'v' || **p == 'V'))
		(*p)++;
	while (*n < 4 && read_number(p, end, &parts[*n], &digits)) {
		(*n)++;
		if (*p + 1 < end && **p == '.' && cw_is_digit((*p)[1]))
			(*p)++;
		else
			break;
	}
	return *n > 0;
}

/* "<M.m.p.r-dev" with part `pos` (1-based) incremented and later parts 0. */
static int add_bumped(ctx *c, const uint64_t parts[4], unsigned pos)
{
	composer_version v;
	memset(&v, 0, sizeof(v));
	for (unsigned i = 1; i <= 4; i++) {
		uint64_t x = i < pos ? parts[i - 1] : i == pos ? parts[i - 1] + 1 : 0;
		if (i == pos && parts[i - 1] == UINT64_MAX)
			return bad(c, "a number is too large");
		push(&v, 0, x);
	}
	v.nparts = 4;
	push(&v, R_DEV + 1, 0);
	return add_version(c, CW__OP_LT, &v);
}

static int tilde_or_caret(ctx *c, const char *s, size_t n, bool caret)
{
	const char *p = s + 1, *end = s + n;
	uint64_t parts[4] = { 0, 0, 0, 0 };
	unsigned count, pos;
	int error;
	if (!caret && p < end && *p == '>')
		p++;
	if (!read_parts(&p, end, parts, &count))
		return bad(c, caret ? "expected a version after '^'" : "expected a version after '~'");
	if ((error = add_text(c, CW__OP_GE, s + 1 + (!caret && s[1] == '>'),
	                      n - 1 - (!caret && s[1] == '>'), true)) < 0)
		return error;
	if (caret)
		pos = (parts[0] != 0 || count == 1) ? 1 : (parts[1] != 0 || count == 2) ? 2 : 3;
	else
		pos = count > 1 ? count - 1 : 1;
	return add_bumped(c, parts, pos);
}

static bool is_wild(char ch)
{
	return ch == 'x' || ch == 'X' || ch == '*';
}

static int one(ctx *c, const char *s, size_t n)
{
	static const struct { const char *text; cw__sv_op op; } ops[] = {
		{ "<>", CW__OP_NE }, { "!=", CW__OP_NE }, { ">=", CW__OP_GE }, { "<=", CW__OP_LE },
		{ "==", CW__OP_EQ }, { ">", CW__OP_GT }, { "<", CW__OP_LT }, { "=", CW__OP_EQ },
	};
	const char *p = s, *end = s + n, *at;
	uint64_t parts[4] = { 0, 0, 0, 0 };
	unsigned count;

	if ((at = memchr(s, '@', n)) && at != s) /* "^1.0@dev": drop the flag */
		n = (size_t)(at - s), end = s + n;
	if (n && (*s == 'v' || *s == 'V') && n > 1 && is_wild(s[1]))
		p++;
	if (p < end && is_wild(*p)) {
		while (p < end && (is_wild(*p) || *p == '.'))
			p++;
		if (p == end)
			return cw__cmplist_add(c->list, CW__OP_ANY, NULL);
	}
	if (*s == '~' || *s == '^')
		return tilde_or_caret(c, s, n, *s == '^');
	/* x-range: 1.*, 1.2.x */
	p = s;
	if (read_parts(&p, end, parts, &count) && p < end && *p == '.' && p + 1 < end &&
	    is_wild(p[1])) {
		const char *q = p;
		while (q < end && (*q == '.' || is_wild(*q)))
			q++;
		if (q == end) {
			int error;
			composer_version lo;
			memset(&lo, 0, sizeof(lo));
			for (unsigned i = 0; i < 4; i++)
				push(&lo, 0, i < count ? parts[i] : 0);
			lo.nparts = 4;
			push(&lo, R_DEV + 1, 0);
			if ((error = add_version(c, CW__OP_GE, &lo)) < 0)
				return error;
			return add_bumped(c, parts, count);
		}
	}
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		size_t k = strlen(ops[i].text);
		if (n >= k && memcmp(s, ops[i].text, k) == 0) {
			cw_slice v = cw__slice_trim((cw_slice){ s + k, n - k });
			if (!v.len)
				return bad(c, "expected a version after an operator");
			return add_text(c, ops[i].op, v.ptr, v.len,
			                ops[i].op == CW__OP_LT || ops[i].op == CW__OP_GE);
		}
	}
	return add_text(c, CW__OP_EQ, s, n, false);
}

static int hyphen(ctx *c, cw_slice from, cw_slice to)
{
	const char *p = to.ptr, *end = to.ptr + to.len;
	uint64_t parts[4] = { 0, 0, 0, 0 };
	unsigned count;
	int error;
	if ((error = add_text(c, CW__OP_GE, from.ptr, from.len, true)) < 0)
		return error;
	if (!read_parts(&p, end, parts, &count))
		return bad(c, "expected a version after ' - '");
	if (count >= 3 || p != end)
		return add_text(c, CW__OP_LE, to.ptr, to.len, false);
	return add_bumped(c, parts, count);
}

static bool is_op_only(cw_slice w)
{
	static const char *const ops[] = { "<>", "!=", ">=", "<=", "==", ">", "<", "=", "~", "^" };
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (w.len == strlen(ops[i]) && memcmp(w.ptr, ops[i], w.len) == 0)
			return true;
	}
	return false;
}

static bool is_dash(cw_slice w)
{
	return w.len == 1 && w.ptr[0] == '-';
}

/* One alternative: words separated by spaces or commas, "A - B" ranges. */
static int parse_and(ctx *c, const char *s, const char *end)
{
	cw_slice *words = NULL;
	size_t n = 0, cap = 0;
	int error = 0;
	while (s < end) {
		const char *w;
		while (s < end && (cw_is_space(*s) || *s == ','))
			s++;
		if (s == end)
			break;
		w = s;
		while (s < end && !cw_is_space(*s) && *s != ',')
			s++;
		if (is_op_only((cw_slice){ w, (size_t)(s - w) })) {
			/* ">= 1.0": the operator takes the next word */
			while (s < end && cw_is_space(*s))
				s++;
			while (s < end && !cw_is_space(*s) && *s != ',')
				s++;
		}
		if (n == cap) {
			cw_slice *bigger = cap >= 4096 ? NULL : realloc(words, (cap = cap ? cap * 2 : 8) * sizeof(*words));
			if (!bigger) {
				error = cap >= 4096 ? bad(c, "too many comparators") : cw__error_oom();
				goto done;
			}
			words = bigger;
		}
		words[n++] = (cw_slice){ w, (size_t)(s - w) };
	}
	if (n == 0) {
		error = bad(c, "an empty alternative");
		goto done;
	}
	for (size_t i = 0; i < n;) {
		if (i + 2 < n && is_dash(words[i + 1])) {
			error = hyphen(c, words[i], words[i + 2]);
			i += 3;
		} else {
			error = one(c, words[i].ptr, words[i].len);
			i++;
		}
		if (error < 0)
			goto done;
	}
	error = cw__cmplist_end_set(c->list);
done:
	free(words);
	return error;
}

static int composer_parse_range(void **out, const char *str, size_t len)
{
	ctx c = { NULL, str, len };
	const char *p = str, *end = str + len;
	int error;

	*out = NULL;
	if (len > 65536)
		return cw__error_set(CW_ELIMIT, "Composer constraint longer than 65536 bytes");
	if ((error = cw__cmplist_new(&c.list, &cw__scheme_composer)) < 0)
		goto done;
	for (;;) {
		const char *bar = memchr(p, '|', (size_t)(end - p));
		if ((error = parse_and(&c, p, bar ? bar : end)) < 0)
			goto done;
		if (!bar)
			break;
		p = bar + 1 + (bar + 1 < end && bar[1] == '|');
	}
	*out = c.list;
	c.list = NULL;
done:
	cw__cmplist_free(c.list);
	return error;
}

const cw_version_scheme cw__scheme_composer = {
	"composer", composer_parse, composer_compare, composer_free,
	composer_parse_range, cw__cmplist_satisfies, cw__cmplist_free,
};
