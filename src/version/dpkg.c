/*
 * dpkg.c - Debian package versions, as `dpkg --compare-versions` orders
 * them (Debian Policy 5.6.12; dpkg lib/dpkg/parsehelp.c parseversion() and
 * lib/dpkg/version.c verrevcmp(), dpkg 1.21).
 *
 * [epoch:]upstream[-revision]: the epoch is a decimal number (0 when
 * absent), the revision is what follows the last '-'.  Upstream and
 * revision compare with verrevcmp: alternately a run of non-digits
 * (compared character by character, letters before non-letters, '~' before
 * everything, even the end of the string) and a run of digits (compared
 * numerically).  So 1.0~rc1 < 1.0 < 1.0+b1 < 1.0.1 and 1.0 = 1.0-0.
 *
 * Parsing follows parseversion(): the same errors are errors here (empty,
 * embedded space, bad or negative or too large epoch, empty revision).
 * What dpkg only warns about (an upstream part not starting with a digit,
 * characters outside the allowed sets) is accepted, because dpkg still
 * compares such versions and real archives contain them.
 *
 * Ranges are comparator lists (oplist.h) with dpkg's relations:
 * << <= = >= >> and != ; the obsolete "<" and ">" mean "<=" and ">=" as in
 * dpkg itself (Debian Policy 7.1).
 */
#include "version/oplist.h"
#include "util/error.h"
#include "util/str.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

extern const cw_version_scheme cw__scheme_dpkg;

typedef struct {
	unsigned long epoch;
	const char *upstream, *upstream_end;
	const char *revision, *revision_end; /* empty when absent */
	char text[];
} dpkg_version;

/* dpkg's order(): note that dpkg passes a plain (signed, on the platforms
 * Debian builds for x86 and most others) char, so bytes >= 0x80 order
 * below the ASCII punctuation; we do the same on every platform. */
static int order(const char *p, const char *end)
{
	int c;
	if (p >= end)
		return 0;
	c = (signed char)*p;
	if (cw_is_digit(c))
		return 0;
	if (cw_is_alpha(c))
		return c;
	if (c == '~')
		return -1;
	return c + 256;
}

/* dpkg's verrevcmp() on [a, ae) and [b, be). */
static int verrevcmp(const char *a, const char *ae, const char *b, const char *be)
{
	while (a < ae || b < be) {
		int first_diff = 0;
		while ((a < ae && !cw_is_digit(*a)) || (b < be && !cw_is_digit(*b))) {
			int ac = order(a, ae), bc = order(b, be);
			if (ac != bc)
				return ac - bc;
			a++;
			b++;
		}
		while (a < ae && *a == '0')
			a++;
		while (b < be && *b == '0')
			b++;
		while (a < ae && b < be && cw_is_digit(*a) && cw_is_digit(*b)) {
			if (!first_diff)
				first_diff = *a - *b;
			a++;
			b++;
		}
		if (a < ae && cw_is_digit(*a))
			return 1;
		if (b < be && cw_is_digit(*b))
			return -1;
		if (first_diff)
			return first_diff;
	}
	return 0;
}

static int dpkg_compare(const void *va, const void *vb)
{
	const dpkg_version *a = va, *b = vb;
	int c;
	if (a->epoch != b->epoch)
		return a->epoch < b->epoch ? -1 : 1;
	if ((c = verrevcmp(a->upstream, a->upstream_end, b->upstream, b->upstream_end)))
		return c;
	return verrevcmp(a->revision, a->revision_end, b->revision, b->revision_end);
}

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

/* strtol()'s reading of the epoch: optional sign, decimal digits. */
static int parse_epoch(unsigned long *out, const char *s, const char *colon)
{
	const char *p = s;
	bool negative = false;
	unsigned long value = 0;

	while (p < colon && cw_is_space(*p))
		p++;
	if (p < colon && (*p == '+' || *p == '-'))
		negative = *p++ == '-';
	if (p == colon || !cw_is_digit(*p))
		return cw__error_set(CW_EINVALID, "dpkg version: epoch in version is empty");
	for (; p < colon && cw_is_digit(*p); p++) {
		value = value * 10 + (unsigned long)(*p - '0');
		if (value > INT_MAX)
			return cw__error_set(CW_EINVALID, "dpkg version: epoch in version is too big");
	}
	if (p != colon)
		return cw__error_set(CW_EINVALID, "dpkg version: epoch in version is not number");
	if (negative && value != 0)
		return cw__error_set(CW_EINVALID, "dpkg version: epoch in version is negative");
	*out = value;
	return 0;
}

static int dpkg_parse(void **out, const char *str, size_t len)
{
	const char *s = str, *end = str + len, *p, *colon, *hyphen = NULL;
	dpkg_version *v;
	unsigned long epoch = 0;
	int error;

	*out = NULL;
	if ((error = cw__version_check_text("dpkg", str, len)) < 0)
		return error;
	while (s < end && is_blank(*s))
		s++;
	if (s == end)
		return cw__error_set(CW_EINVALID, "dpkg version: version string is empty");
	for (p = s; p < end && !cw_is_space(*p); p++)
		;
	for (const char *q = p; q < end; q++) {
		if (!cw_is_space(*q))
			return cw__error_set(CW_EINVALID,
			                     "dpkg version: version string has embedded spaces");
	}
	end = p;
	if ((colon = memchr(s, ':', (size_t)(end - s)))) {
		if ((error = parse_epoch(&epoch, s, colon)) < 0)
			return error;
		if (colon + 1 == end)
			return cw__error_set(CW_EINVALID,
			                     "dpkg version: nothing after colon in version number");
		s = colon + 1;
	}
	for (p = s; p < end; p++) {
		if (*p == '-')
			hyphen = p;
	}
	if (hyphen && hyphen + 1 == end)
		return cw__error_set(CW_EINVALID, "dpkg version: revision number is empty");
	if ((hyphen ? hyphen : end) == s)
		return cw__error_set(CW_EINVALID, "dpkg version: version number is empty");

	if (!(v = malloc(sizeof(*v) + len + 1)))
		return cw__error_oom();
	memcpy(v->text, str, len);
	v->text[len] = '\0';
	v->epoch = epoch;
	v->upstream = v->text + (s - str);
	v->upstream_end = v->text + ((hyphen ? hyphen : end) - str);
	v->revision = hyphen ? v->text + (hyphen + 1 - str) : v->upstream_end;
	v->revision_end = hyphen ? v->text + (end - str) : v->upstream_end;
	*out = v;
	return 0;
}

static void dpkg_free(void *v)
{
	free(v);
}

static const cw__cmp_op dpkg_ops[] = {
	{ "<<", CW__CMP_LT },
	{ "<=", CW__CMP_LT | CW__CMP_EQ },
	{ ">>", CW__CMP_GT },
	{ ">=", CW__CMP_GT | CW__CMP_EQ },
	{ "!=", CW__CMP_LT | CW__CMP_GT },
	{ "=", CW__CMP_EQ },
	{ "<", CW__CMP_LT | CW__CMP_EQ }, /* obsolete, means <= in dpkg */
	{ ">", CW__CMP_GT | CW__CMP_EQ }, /* obsolete, means >= in dpkg */
	{ NULL, 0 }
};

CW__OPLIST_SCHEME(dpkg, dpkg_parse, dpkg_compare, dpkg_free, dpkg_ops, NULL);
