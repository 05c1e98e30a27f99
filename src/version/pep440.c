/*
 * pep440.c - Python package versions: PEP 440 exactly as python3-packaging
 * 23 (packaging.version.Version) parses, normalizes and orders them.
 * Specifier sets are in pep440_spec.c.
 *
 * [N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local], with the alternative
 * spellings packaging accepts: any case, a leading "v", surrounding
 * whitespace, "-", "_" or "." separators before and inside the suffixes,
 * alpha/beta/c/pre/preview for a/b/rc, rev/r for post, an implicit post
 * release "1.0-1", and missing numbers ("1.0a" = 1.0a0, "1.0.post" =
 * 1.0.post0).
 *
 * Order (packaging's _cmpkey): epoch, then the release with trailing zeros
 * dropped (1.0 == 1.0.0), then the pre-release (a < b < rc < none; a
 * version with only a dev part sorts before all pre-releases of its
 * release: 1.0.dev1 < 1.0a1), then the post release (none first), then the
 * dev release (none last: 1.0a1.dev1 < 1.0a1), then the local version
 * (none first; segments compare numerically when numeric, as strings
 * otherwise, and a numeric segment beats a string one).
 *
 * Numbers are kept as digit strings, so huge numbers compare exactly as
 * Python's ints do; comparing two parsed versions allocates nothing.
 */
#include "version/pep440.h"
#include "util/error.h"
#include "util/str.h"

#include <stdlib.h>
#include <string.h>

extern const cw_version_scheme cw__scheme_pep440;

/* Python's str.isspace() on ASCII, which regex \s follows. */
static bool py_space(char c)
{
	return cw_is_space(c) || (c >= 0x1c && c <= 0x1f);
}

typedef struct {
	const char *s;  /* lowercased text */
	size_t pos, len;
} cursor;

static bool at(const cursor *c, char ch)
{
	return c->pos < c->len && c->s[c->pos] == ch;
}

static bool at_sep(const cursor *c)
{
	return at(c, '-') || at(c, '_') || at(c, '.');
}

static bool at_digit(const cursor *c)
{
	return c->pos < c->len && cw_is_digit(c->s[c->pos]);
}

static cw__pep440_num read_num(cursor *c)
{
	cw__pep440_num n;
	while (at(c, '0'))
		c->pos++;
	n.off = (uint32_t)c->pos;
	while (at_digit(c))
		c->pos++;
	n.len = (uint32_t)(c->pos - n.off);
	return n;
}

/* The longest of `words` at the cursor; its index or -1. */
static int match_word(const cursor *c, const char *const *words, size_t n)
{
	int best = -1;
	size_t best_len = 0;
	if (c->pos >= c->len)
		return -1;
	for (size_t i = 0; i < n; i++) {
		size_t l;
		if (words[i][0] != c->s[c->pos])
			continue;
		l = strlen(words[i]);
		if (l > best_len && c->len - c->pos >= l && memcmp(c->s + c->pos, words[i], l) == 0) {
			best = (int)i;
			best_len = l;
		}
	}
	return best;
}

/* [-_.]? WORD [-_.]? N?  -> index of WORD, or -1 with the cursor unmoved. */
static int letter_part(cursor *c, const char *const *words, size_t n, cw__pep440_num *num)
{
	size_t start = c->pos;
	int w;
	if (at_sep(c))
		c->pos++;
	if ((w = match_word(c, words, n)) < 0) {
		c->pos = start;
		return -1;
	}
	c->pos += strlen(words[w]);
	if (at_sep(c))
		c->pos++;
	*num = read_num(c);
	return w;
}

static const char *const pre_words[] = { "alpha", "beta", "preview", "pre", "a", "b", "c", "rc" };
static const int pre_kinds[] = { CW__PEP440_PRE_A, CW__PEP440_PRE_B, CW__PEP440_PRE_RC,
	                         CW__PEP440_PRE_RC, CW__PEP440_PRE_A, CW__PEP440_PRE_B,
	                         CW__PEP440_PRE_RC, CW__PEP440_PRE_RC };
static const char *const post_words[] = { "post", "rev", "r" };
static const char *const dev_words[] = { "dev" };

static int invalid(const char *str, size_t len)
{
	return cw__error_set(CW_EINVALID, "PEP 440 version: invalid version '%.*s'",
	                     (int)(len > 200 ? 200 : len), str);
}

int cw__pep440_parse(cw__pep440_version **out, const char *str, size_t len)
{
	cw__pep440_version *v = NULL;
	cursor c;
	size_t end, nrel = 1, nloc = 0;
	int error;

	*out = NULL;
	if ((error = cw__version_check_text("PEP 440", str, len)) < 0)
		return error;
	for (size_t i = 0; i < len; i++) {
		nrel += str[i] == '.';
		nloc += str[i] == '.' || str[i] == '-' || str[i] == '_';
	}
	nloc++;
	v = malloc(sizeof(*v) + nrel * sizeof(v->release[0]) + nloc * sizeof(v->local[0]) + len + 1);
	if (!v)
		return cw__error_oom();
	memset(v, 0, sizeof(*v));
	v->release = (cw__pep440_num *)(v + 1);
	v->local = (cw__pep440_local *)(v->release + nrel);
	v->text = (char *)(v->local + nloc);
	for (size_t i = 0; i < len; i++)
		v->text[i] = cw_to_lower(str[i]);
	c.s = v->text;
	c.len = len;
	c.pos = 0;

	while (c.pos < c.len && py_space(c.s[c.pos]))
		c.pos++;
	end = c.len;
	while (end > c.pos && py_space(c.s[end - 1]))
		end--;
	c.len = end;
	if (at(&c, 'v'))
		c.pos++;
	if (!at_digit(&c))
		goto bad;
	{ /* epoch: digits followed by '!' */
		size_t p = c.pos;
		while (p < c.len && cw_is_digit(c.s[p]))
			p++;
		if (p < c.len && c.s[p] == '!') {
			v->epoch = read_num(&c);
			c.pos++;
			if (!at_digit(&c))
				goto bad;
		}
	}
	v->release[v->nrelease++] = read_num(&c);
	while (at(&c, '.') && c.pos + 1 < c.len && cw_is_digit(c.s[c.pos + 1])) {
		c.pos++;
		v->release[v->nrelease++] = read_num(&c);
	}
	v->nrelease_cmp = v->nrelease;
	while (v->nrelease_cmp > 0 && v->release[v->nrelease_cmp - 1].len == 0)
		v->nrelease_cmp--;

	{
		int w = letter_part(&c, pre_words, 8, &v->pre);
		v->pre_kind = w < 0 ? CW__PEP440_PRE_NONE : pre_kinds[w];
	}
	if (at(&c, '-') && c.pos + 1 < c.len && cw_is_digit(c.s[c.pos + 1])) {
		c.pos++;
		v->post = read_num(&c);
		v->has_post = true;
	} else if (letter_part(&c, post_words, 3, &v->post) >= 0) {
		v->has_post = true;
	}
	if (letter_part(&c, dev_words, 1, &v->dev) >= 0)
		v->has_dev = true;
	if (at(&c, '+')) {
		c.pos++;
		v->has_local = true;
		for (;;) {
			cw__pep440_local *l = &v->local[v->nlocal];
			size_t s = c.pos;
			bool numeric = true;
			while (c.pos < c.len && cw_is_alnum(c.s[c.pos])) {
				numeric &= cw_is_digit(c.s[c.pos]);
				c.pos++;
			}
			if (c.pos == s)
				goto bad;
			l->off = (uint32_t)s;
			l->len = (uint32_t)(c.pos - s);
			l->numeric = numeric;
			if (numeric) {
				cursor d = { c.s, s, c.pos };
				l->n = read_num(&d);
			}
			v->nlocal++;
			if (!at_sep(&c))
				break;
			c.pos++;
		}
	}
	if (c.pos != c.len)
		goto bad;
	*out = v;
	return 0;
bad:
	free(v);
	return invalid(str, len);
}

void cw__pep440_free(cw__pep440_version *v)
{
	free(v);
}

static int num_cmp(const char *at_, cw__pep440_num a, const char *bt, cw__pep440_num b)
{
	int c;
	if (a.len != b.len)
		return a.len < b.len ? -1 : 1;
	c = memcmp(at_ + a.off, bt + b.off, a.len);
	return (c > 0) - (c < 0);
}

int cw__pep440_compare_base(const cw__pep440_version *a, const cw__pep440_version *b)
{
	int c;
	if ((c = num_cmp(a->text, a->epoch, b->text, b->epoch)))
		return c;
	for (uint32_t i = 0; i < a->nrelease_cmp && i < b->nrelease_cmp; i++) {
		if ((c = num_cmp(a->text, a->release[i], b->text, b->release[i])))
			return c;
	}
	if (a->nrelease_cmp != b->nrelease_cmp)
		return a->nrelease_cmp < b->nrelease_cmp ? -1 : 1;
	return 0;
}

/* The pre-release key: -1 = -inf (dev only), 3 = +inf (final). */
static int pre_rank(const cw__pep440_version *v)
{
	if (v->pre_kind == CW__PEP440_PRE_NONE)
		return (!v->has_post && v->has_dev) ? -1 : CW__PEP440_PRE_NONE;
	return v->pre_kind;
}

int cw__pep440_compare_public(const cw__pep440_version *a, const cw__pep440_version *b)
{
	int c, ra, rb;
	if ((c = cw__pep440_compare_base(a, b)))
		return c;
	ra = pre_rank(a);
	rb = pre_rank(b);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (a->pre_kind != CW__PEP440_PRE_NONE && (c = num_cmp(a->text, a->pre, b->text, b->pre)))
		return c;
	if (a->has_post != b->has_post)
		return a->has_post ? 1 : -1;
	if (a->has_post && (c = num_cmp(a->text, a->post, b->text, b->post)))
		return c;
	if (a->has_dev != b->has_dev)
		return a->has_dev ? -1 : 1;
	if (a->has_dev && (c = num_cmp(a->text, a->dev, b->text, b->dev)))
		return c;
	return 0;
}

static int local_cmp(const cw__pep440_version *a, const cw__pep440_version *b)
{
	if (a->has_local != b->has_local)
		return a->has_local ? 1 : -1;
	for (uint32_t i = 0; i < a->nlocal && i < b->nlocal; i++) {
		const cw__pep440_local *x = &a->local[i], *y = &b->local[i];
		int c;
		if (x->numeric != y->numeric)
			return x->numeric ? 1 : -1;
		if (x->numeric) {
			c = num_cmp(a->text, x->n, b->text, y->n);
		} else {
			size_t n = x->len < y->len ? x->len : y->len;
			c = memcmp(a->text + x->off, b->text + y->off, n);
			c = c ? c : (x->len > y->len) - (x->len < y->len);
		}
		if (c)
			return c < 0 ? -1 : 1;
	}
	if (a->nlocal != b->nlocal)
		return a->nlocal < b->nlocal ? -1 : 1;
	return 0;
}

int cw__pep440_compare(const cw__pep440_version *a, const cw__pep440_version *b)
{
	int c = cw__pep440_compare_public(a, b);
	return c ? c : local_cmp(a, b);
}

static size_t put_num(char *buf, size_t n, const char *text, cw__pep440_num num)
{
	if (num.len == 0) {
		buf[n] = '0';
		return n + 1;
	}
	memcpy(buf + n, text + num.off, num.len);
	return n + num.len;
}

static size_t put_str(char *buf, size_t n, const char *s)
{
	size_t l = strlen(s);
	memcpy(buf + n, s, l);
	return n + l;
}

size_t cw__pep440_render(const cw__pep440_version *v, bool strip_trailing_zero,
                         bool with_local, char *buf)
{
	static const char *const pre_names[] = { "a", "b", "rc" };
	size_t n = 0;
	uint32_t nrel = v->nrelease;

	if (v->epoch.len) {
		n = put_num(buf, n, v->text, v->epoch);
		buf[n++] = '!';
	}
	if (strip_trailing_zero)
		nrel = v->nrelease_cmp ? v->nrelease_cmp : 1;
	for (uint32_t i = 0; i < nrel; i++) {
		if (i)
			buf[n++] = '.';
		n = put_num(buf, n, v->text, v->release[i]);
	}
	if (v->pre_kind != CW__PEP440_PRE_NONE) {
		n = put_str(buf, n, pre_names[v->pre_kind]);
		n = put_num(buf, n, v->text, v->pre);
	}
	if (v->has_post) {
		n = put_str(buf, n, ".post");
		n = put_num(buf, n, v->text, v->post);
	}
	if (v->has_dev) {
		n = put_str(buf, n, ".dev");
		n = put_num(buf, n, v->text, v->dev);
	}
	if (with_local && v->has_local) {
		buf[n++] = '+';
		for (uint32_t i = 0; i < v->nlocal; i++) {
			const cw__pep440_local *l = &v->local[i];
			if (i)
				buf[n++] = '.';
			if (l->numeric)
				n = put_num(buf, n, v->text, l->n);
			else {
				memcpy(buf + n, v->text + l->off, l->len);
				n += l->len;
			}
		}
	}
	buf[n] = '\0';
	return n;
}

static int pep440_parse(void **out, const char *str, size_t len)
{
	return cw__pep440_parse((cw__pep440_version **)out, str, len);
}

static int pep440_compare(const void *a, const void *b)
{
	return cw__pep440_compare(a, b);
}

static void pep440_free(void *v)
{
	cw__pep440_free(v);
}

const cw_version_scheme cw__scheme_pep440 = {
	"pep440", pep440_parse, pep440_compare, pep440_free,
	cw__pep440_parse_specifiers, cw__pep440_satisfies, cw__range_free
};
