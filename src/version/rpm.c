/*
 * rpm.c - RPM package versions as rpm 4.18 orders them (rpmio/rpmvercmp.c
 * rpmvercmp(), rpmio/rpmver.c rpmverParse() and rpmverCmp()).
 *
 * [epoch:]version[-release]: the epoch is the leading run of digits when a
 * ':' follows it (missing = "0"), the release is what follows the last '-'
 * after the epoch.  Epoch, version and release each compare with
 * rpmvercmp: separators (anything but ASCII letters, digits, '~' and '^')
 * only split segments; '~' sorts before everything, even the end of the
 * string (1.0~rc1 < 1.0); '^' sorts after the end but before anything else
 * (1.0 < 1.0^git1 < 1.0.1); digit segments compare numerically and beat
 * letter segments; letter segments compare with strcmp.  As in rpmverCmp a
 * missing release sorts before any release (1.0 < 1.0-1).
 *
 * Ranges are comparator lists (oplist.h) with < <= = == >= > and != .
 * Matching follows rpm's dependency rules (rpmverOverlap): when the bound
 * or the version has no release, releases are not compared, so ">= 1.0"
 * holds for 1.0-5 and "< 1.0" does not; a version without release meets
 * every bound on its epoch:version (as rpm's "= 1.0" provides).
 */
#include "version/oplist.h"
#include "util/error.h"
#include "util/str.h"

#include <stdlib.h>
#include <string.h>

extern const cw_version_scheme cw__scheme_rpm;

typedef struct {
	const char *e, *ee;   /* epoch, NULL when absent */
	const char *v, *ve;   /* version */
	const char *r, *re;   /* release, NULL when absent */
	char text[];
} rpm_version;

static bool seg_char(char c)
{
	return cw_is_alnum(c) || c == '~' || c == '^';
}

/* rpmvercmp() on [a, ae) and [b, be). */
static int rpmvercmp(const char *a, const char *ae, const char *b, const char *be)
{
	const char *one = a, *two = b;

	if (ae - a == be - b && memcmp(a, b, (size_t)(ae - a)) == 0)
		return 0;
	while (one < ae || two < be) {
		const char *s1, *s2;
		bool isnum;

		while (one < ae && !seg_char(*one))
			one++;
		while (two < be && !seg_char(*two))
			two++;

		if ((one < ae && *one == '~') || (two < be && *two == '~')) {
			if (one >= ae || *one != '~')
				return 1;
			if (two >= be || *two != '~')
				return -1;
			one++;
			two++;
			continue;
		}
		if ((one < ae && *one == '^') || (two < be && *two == '^')) {
			if (one >= ae)
				return -1;
			if (two >= be)
				return 1;
			if (*one != '^')
				return 1;
			if (*two != '^')
				return -1;
			one++;
			two++;
			continue;
		}
		if (!(one < ae && two < be))
			break;

		s1 = one;
		s2 = two;
		if (cw_is_digit(*s1)) {
			while (s1 < ae && cw_is_digit(*s1))
				s1++;
			while (s2 < be && cw_is_digit(*s2))
				s2++;
			isnum = true;
		} else {
			while (s1 < ae && cw_is_alpha(*s1))
				s1++;
			while (s2 < be && cw_is_alpha(*s2))
				s2++;
			isnum = false;
		}
		if (one == s1)
			return -1; /* cannot happen, as in rpm */
		if (two == s2)
			return isnum ? 1 : -1;
		if (isnum) {
			while (one < s1 && *one == '0')
				one++;
			while (two < s2 && *two == '0')
				two++;
			if (s1 - one > s2 - two)
				return 1;
			if (s2 - two > s1 - one)
				return -1;
		}
		{
			size_t l1 = (size_t)(s1 - one), l2 = (size_t)(s2 - two);
			int rc = memcmp(one, two, l1 < l2 ? l1 : l2);
			if (rc == 0 && l1 != l2)
				rc = l1 < l2 ? -1 : 1;
			if (rc)
				return rc < 0 ? -1 : 1;
		}
		one = s1;
		two = s2;
	}
	if (one >= ae && two >= be)
		return 0;
	return one >= ae ? -1 : 1;
}

static const char zero[] = "0";

/* rpmverCmp's compare_values(): absent < present. */
static int compare_values(const char *a, const char *ae, const char *b, const char *be)
{
	if (!a || !b)
		return a ? 1 : b ? -1 : 0;
	return rpmvercmp(a, ae, b, be);
}

static int rpm_compare(const void *va, const void *vb)
{
	const rpm_version *a = va, *b = vb;
	int c;
	if ((c = compare_values(a->e ? a->e : zero, a->e ? a->ee : zero + 1,
	                        b->e ? b->e : zero, b->e ? b->ee : zero + 1)))
		return c;
	if ((c = compare_values(a->v, a->ve, b->v, b->ve)))
		return c;
	return compare_values(a->r, a->re, b->r, b->re);
}

static int rpm_parse(void **out, const char *str, size_t len)
{
	rpm_version *v;
	const char *s, *end, *hyphen = NULL;
	int error;

	*out = NULL;
	if ((error = cw__version_check_text("rpm", str, len)) < 0)
		return error;
	if (len == 0)
		return cw__error_set(CW_EINVALID, "rpm version: empty");
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)str[i];
		if (c <= ' ' || c == 0x7f)
			return cw__error_set(CW_EINVALID,
			                     "rpm version: whitespace or control character at offset %zu",
			                     i);
	}
	if (!(v = malloc(sizeof(*v) + len + 1)))
		return cw__error_oom();
	memcpy(v->text, str, len);
	v->text[len] = '\0';
	s = v->text;
	end = v->text + len;

	/* parseEVR(): digits then ':' is the epoch; the release follows the
	 * last '-' after those digits. */
	const char *p = s;
	while (p < end && cw_is_digit(*p))
		p++;
	for (const char *q = p; q < end; q++) {
		if (*q == '-')
			hyphen = q;
	}
	if (p < end && *p == ':') {
		v->e = s;
		v->ee = p;
		if (p == s) {
			v->e = zero;
			v->ee = zero + 1;
		}
		v->v = p + 1;
	} else {
		v->e = v->ee = NULL;
		v->v = s;
	}
	v->ve = hyphen ? hyphen : end;
	v->r = hyphen ? hyphen + 1 : NULL;
	v->re = hyphen ? end : NULL;
	*out = v;
	return 0;
}

static void rpm_free(void *v)
{
	free(v);
}

/* rpmverOverlap() of the version (sense EQUAL) against "mask bound". */
static bool rpm_match(unsigned mask, const void *vbound, const void *vversion)
{
	const rpm_version *b = vbound, *v = vversion;
	bool v_has_e = v->e && v->ee > v->e, b_has_e = b->e && b->ee > b->e;
	bool v_has_r = v->r && v->re > v->r, b_has_r = b->r && b->re > b->r;
	int sense = 0;

	if (mask == (CW__CMP_LT | CW__CMP_GT)) /* "!=": not "=" */
		return !rpm_match(CW__CMP_EQ, vbound, vversion);
	if (v_has_e && b_has_e)
		sense = rpmvercmp(v->e, v->ee, b->e, b->ee);
	else if (v_has_e && rpmvercmp(v->e, v->ee, zero, zero + 1) > 0)
		sense = 1;
	else if (b_has_e && rpmvercmp(b->e, b->ee, zero, zero + 1) > 0)
		sense = -1;
	if (sense == 0) {
		sense = rpmvercmp(v->v, v->ve, b->v, b->ve);
		if (sense == 0) {
			if (v_has_r && b_has_r)
				sense = rpmvercmp(v->r, v->re, b->r, b->re);
			else if ((v_has_r && (mask & CW__CMP_EQ)) || b_has_r)
				return true;
		}
	}
	return (mask & cw__cmp_outcome(sense)) != 0;
}

static const cw__cmp_op rpm_ops[] = {
	{ "<=", CW__CMP_LT | CW__CMP_EQ },
	{ ">=", CW__CMP_GT | CW__CMP_EQ },
	{ "==", CW__CMP_EQ },
	{ "!=", CW__CMP_LT | CW__CMP_GT },
	{ "<", CW__CMP_LT },
	{ ">", CW__CMP_GT },
	{ "=", CW__CMP_EQ },
	{ NULL, 0 }
};

CW__OPLIST_SCHEME(rpm, rpm_parse, rpm_compare, rpm_free, rpm_ops, rpm_match);
