/*
 * apk.c - Alpine package versions as apk-tools orders them (apk-tools 2.14
 * and 3.x, src/version.c; facts checked in tests/unit/test_version_distro.c
 * against apk-tools' test/version.data).
 *
 * digits{.digits}...{letter}{_suffix{digits}}...{~hash}{-rN}
 *
 * A version is a sequence of tokens, each allowed only after the ones
 * before it in that order: the initial number, ".number" (numeric; but a
 * number with a leading zero compares as a string, as in Gentoo), one
 * lowercase letter, "_suffix" with an optional number (alpha < beta < pre
 * < rc < no suffix < cvs < svn < git < hg < p), "~" and a lowercase hex
 * commit hash (compared as a string), "-r" and the revision number.
 * Versions compare token by token; when one runs out first, the longer one
 * is greater unless its next token is a pre-release suffix, and otherwise
 * the one whose next token kind comes earlier in the order above is
 * greater (1.0.1 > 1.0a > 1.0_p1 > 1.0 > 1.0_rc1; 1.0-r1 > 1.0).
 * Numbers are 64-bit and wrap on overflow as in apk.
 *
 * Invalid versions (apk_version_validate() false) are rejected here: apk
 * itself refuses them in packages, and its comparison of them is only a
 * best effort.
 *
 * Ranges are comparator lists (oplist.h) with apk's operators < <= = >=
 * > and the fuzzy ones ~ (same prefix: ~1.2 holds for 1.2.5), <~ and >~,
 * plus != .
 */
#include "version/oplist.h"
#include "util/error.h"
#include "util/str.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

extern const cw_version_scheme cw__scheme_apk;

enum {
	TOKEN_INITIAL_DIGIT,
	TOKEN_DIGIT,
	TOKEN_LETTER,
	TOKEN_SUFFIX,
	TOKEN_SUFFIX_NO,
	TOKEN_COMMIT_HASH,
	TOKEN_REVISION_NO,
	TOKEN_END,
	TOKEN_INVALID
};

enum {
	SUFFIX_INVALID, SUFFIX_ALPHA, SUFFIX_BETA, SUFFIX_PRE, SUFFIX_RC,
	SUFFIX_NONE, SUFFIX_CVS, SUFFIX_SVN, SUFFIX_GIT, SUFFIX_HG, SUFFIX_P
};

typedef struct {
	unsigned token, suffix;
	uint64_t number;
	const char *value;
	size_t value_len;
} token_state;

typedef struct {
	const char *p, *end;
} blob;

typedef struct {
	size_t len;
	char text[];
} apk_version;

static unsigned suffix_value(const char *s, size_t len)
{
	static const struct { const char *name; unsigned value; } table[] = {
		{ "alpha", SUFFIX_ALPHA }, { "beta", SUFFIX_BETA }, { "pre", SUFFIX_PRE },
		{ "rc", SUFFIX_RC }, { "cvs", SUFFIX_CVS }, { "svn", SUFFIX_SVN },
		{ "git", SUFFIX_GIT }, { "hg", SUFFIX_HG }, { "p", SUFFIX_P },
	};
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (strlen(table[i].name) == len && memcmp(table[i].name, s, len) == 0)
			return table[i].value;
	}
	return SUFFIX_INVALID;
}

static int blob_sort(const char *a, size_t al, const char *b, size_t bl)
{
	int s = memcmp(a, b, al < bl ? al : bl);
	if (s)
		return s;
	return al < bl ? -1 : al > bl;
}

static int token_cmp(const token_state *ta, const token_state *tb)
{
	uint64_t a, b;

	switch (ta->token) {
	case TOKEN_DIGIT:
		if (ta->value[0] == '0' || tb->value[0] == '0')
			return blob_sort(ta->value, ta->value_len, tb->value, tb->value_len);
		/* fallthrough */
	case TOKEN_INITIAL_DIGIT:
	case TOKEN_SUFFIX_NO:
	case TOKEN_REVISION_NO:
		a = ta->number;
		b = tb->number;
		break;
	case TOKEN_LETTER:
		a = (unsigned char)ta->value[0];
		b = (unsigned char)tb->value[0];
		break;
	case TOKEN_SUFFIX:
		a = ta->suffix;
		b = tb->suffix;
		break;
	default:
		return blob_sort(ta->value, ta->value_len, tb->value, tb->value_len);
	}
	return a < b ? -1 : a > b;
}

static void parse_digits(token_state *t, blob *b)
{
	const char *start = b->p;
	uint64_t n = 0;
	while (b->p < b->end && cw_is_digit(*b->p))
		n = n * 10 + (uint64_t)(*b->p++ - '0');
	t->number = n;
	t->value = start;
	t->value_len = (size_t)(b->p - start);
	if (t->value_len == 0)
		t->token = TOKEN_INVALID;
}

static void token_first(token_state *t, blob *b)
{
	t->token = TOKEN_INITIAL_DIGIT;
	parse_digits(t, b);
}

static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
static bool is_hex(char c) { return cw_is_digit(c) || (c >= 'a' && c <= 'f'); }

/* The value after a '_' or '~' at b->p: the run of characters that pass `ok`. */
static void scan_value(token_state *t, blob *b, bool (*ok)(char))
{
	const char *start = ++b->p;
	while (b->p < b->end && ok(*b->p))
		b->p++;
	t->value = start;
	t->value_len = (size_t)(b->p - start);
}

/* Tokens come in the order of the enum: a letter, a ~hash or a -rN may only
 * follow tokens before its own kind.  Take `kind` if so. */
static bool advance(token_state *t, unsigned kind)
{
	if (t->token >= kind)
		return false;
	t->token = kind;
	return true;
}

static void token_next(token_state *t, blob *b)
{
	if (b->p == b->end) {
		t->token = TOKEN_END;
		return;
	}
	switch (*b->p) {
	case '.':
		if (t->token > TOKEN_DIGIT)
			goto invalid;
		b->p++;
		/* fallthrough */
	case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		if (t->token == TOKEN_INITIAL_DIGIT || t->token == TOKEN_DIGIT)
			t->token = TOKEN_DIGIT;
		else if (t->token == TOKEN_SUFFIX)
			t->token = TOKEN_SUFFIX_NO;
		else
			goto invalid;
		parse_digits(t, b);
		return;
	case '_':
		if (t->token > TOKEN_SUFFIX_NO)
			goto invalid;
		scan_value(t, b, is_lower);
		if ((t->suffix = suffix_value(t->value, t->value_len)) == SUFFIX_INVALID)
			goto invalid;
		t->token = TOKEN_SUFFIX;
		return;
	case '~':
		if (!advance(t, TOKEN_COMMIT_HASH))
			goto invalid;
		scan_value(t, b, is_hex);
		if (t->value_len == 0)
			goto invalid;
		return;
	case '-':
		if (b->end - b->p < 2 || b->p[1] != 'r' || !advance(t, TOKEN_REVISION_NO))
			goto invalid;
		b->p += 2;
		parse_digits(t, b);
		return;
	default:
		if (!is_lower(*b->p) || !advance(t, TOKEN_LETTER))
			goto invalid;
		t->value = b->p++;
		t->value_len = 1;
		return;
	}
invalid:
	t->token = TOKEN_INVALID;
}

/* apk_version_compare_fuzzy(); `fuzzy`: b is a prefix pattern. */
static int apk_compare_fuzzy(const apk_version *va, const apk_version *vb, bool fuzzy)
{
	blob a = { va->text, va->text + va->len }, b = { vb->text, vb->text + vb->len };
	token_state ta = { 0 }, tb = { 0 };

	for (token_first(&ta, &a), token_first(&tb, &b);
	     ta.token == tb.token && ta.token < TOKEN_END;
	     token_next(&ta, &a), token_next(&tb, &b)) {
		int r = token_cmp(&ta, &tb);
		if (r)
			return r;
	}
	if (ta.token == tb.token)
		return 0;
	if (tb.token == TOKEN_END && fuzzy)
		return 0;
	if (ta.token == TOKEN_SUFFIX && ta.suffix < SUFFIX_NONE)
		return -1;
	if (tb.token == TOKEN_SUFFIX && tb.suffix < SUFFIX_NONE)
		return 1;
	if (ta.token > tb.token)
		return -1;
	if (tb.token > ta.token)
		return 1;
	return 0;
}

static int apk_compare(const void *a, const void *b)
{
	return apk_compare_fuzzy(a, b, false);
}

static int apk_parse(void **out, const char *str, size_t len)
{
	apk_version *v;
	blob b = { str, str + len };
	token_state t;
	int error;

	*out = NULL;
	if ((error = cw__version_check_text("apk", str, len)) < 0)
		return error;
	for (token_first(&t, &b); t.token < TOKEN_END; token_next(&t, &b))
		;
	if (t.token != TOKEN_END) {
		size_t at = (size_t)(b.p - str);
		return cw__error_set(CW_EINVALID,
		                     "apk version: invalid at offset %zu (expected "
		                     "digits{.digits}{letter}{_suffix{N}}{~hash}{-rN})", at);
	}
	if (!(v = malloc(sizeof(*v) + len + 1)))
		return cw__error_oom();
	v->len = len;
	memcpy(v->text, str, len);
	v->text[len] = '\0';
	*out = v;
	return 0;
}

static void apk_free(void *v)
{
	free(v);
}

/* apk_version_match(): the outcome of a fuzzy or exact compare vs mask. */
static bool apk_match(unsigned mask, const void *bound, const void *version)
{
	int c = apk_compare_fuzzy(version, bound, (mask & CW__CMP_FUZZY) != 0);
	return (mask & cw__cmp_outcome(c)) != 0;
}

static const cw__cmp_op apk_ops[] = {
	{ "<=", CW__CMP_LT | CW__CMP_EQ },
	{ ">=", CW__CMP_GT | CW__CMP_EQ },
	{ "<~", CW__CMP_LT | CW__CMP_EQ | CW__CMP_FUZZY },
	{ ">~", CW__CMP_GT | CW__CMP_EQ | CW__CMP_FUZZY },
	{ "!=", CW__CMP_LT | CW__CMP_GT },
	{ "<", CW__CMP_LT },
	{ ">", CW__CMP_GT },
	{ "=", CW__CMP_EQ },
	{ "~", CW__CMP_EQ | CW__CMP_FUZZY },
	{ NULL, 0 }
};

CW__OPLIST_SCHEME(apk, apk_parse, apk_compare, apk_free, apk_ops, apk_match);
