/*
 * version_b_test.h - small checks shared by the unit tests of the pep440,
 * maven, gem, dpkg, rpm and apk version schemes (test_version_*.c).  They
 * call the scheme callbacks directly, so they run before the generic
 * fallback scheme of the other half of the module is merged.
 */
#ifndef VERSION_B_TEST_H
#define VERSION_B_TEST_H

#include "cw_test.h"
#include "version/scheme.h"

#include <string.h>

extern const cw_version_scheme cw__scheme_pep440, cw__scheme_maven, cw__scheme_gem,
	cw__scheme_dpkg, cw__scheme_rpm, cw__scheme_apk;

/* sign of compare(a, b); both must parse */
static inline int vb_cmp(const cw_version_scheme *s, const char *a, const char *b)
{
	void *va = NULL, *vb = NULL;
	int c;
	if (s->parse(&va, a, strlen(a)) < 0)
		fail_msg("%s: '%s' does not parse: %s", s->name, a, cw_error_last()->message);
	if (s->parse(&vb, b, strlen(b)) < 0)
		fail_msg("%s: '%s' does not parse: %s", s->name, b, cw_error_last()->message);
	c = s->compare(va, vb);
	if ((c > 0) - (c < 0) != -((s->compare(vb, va) > 0) - (s->compare(vb, va) < 0)))
		fail_msg("%s: compare('%s', '%s') is not antisymmetric", s->name, a, b);
	s->free_version(va);
	s->free_version(vb);
	return (c > 0) - (c < 0);
}

#define vb_assert_cmp(s, a, op, b) do { \
	int vb_c_ = vb_cmp((s), (a), (b)); \
	if (!(vb_c_ op 0)) \
		fail_msg("%s: expected '%s' %s '%s', compare gave %d", (s)->name, (a), #op, (b), vb_c_); \
} while (0)

/* 1 or 0 for satisfies(range, v); both must parse */
static inline int vb_sat(const cw_version_scheme *s, const char *range, const char *v)
{
	void *r = NULL, *vv = NULL;
	bool ok;
	if (s->parse_range(&r, range, strlen(range)) < 0)
		fail_msg("%s: range '%s' does not parse: %s", s->name, range, cw_error_last()->message);
	if (s->parse(&vv, v, strlen(v)) < 0)
		fail_msg("%s: '%s' does not parse: %s", s->name, v, cw_error_last()->message);
	ok = s->satisfies(r, vv);
	s->free_range(r);
	s->free_version(vv);
	return ok;
}

#define vb_assert_sat(s, range, v, expected) do { \
	if (vb_sat((s), (range), (v)) != (expected)) \
		fail_msg("%s: expected '%s' %s '%s'", (s)->name, (v), \
		         (expected) ? "to satisfy" : "not to satisfy", (range)); \
} while (0)

/* the version is rejected with CW_EINVALID and a message containing `needle` */
static inline void vb_assert_invalid(const cw_version_scheme *s, const char *v, const char *needle)
{
	void *out = NULL;
	int rc = s->parse(&out, v, strlen(v));
	if (rc != CW_EINVALID)
		fail_msg("%s: expected '%s' to be invalid, got %d", s->name, v, rc);
	assert_null(out);
	if (needle && !strstr(cw_error_last()->message, needle))
		fail_msg("%s: message '%s' lacks '%s'", s->name, cw_error_last()->message, needle);
}

static inline void vb_assert_bad_range(const cw_version_scheme *s, const char *range,
                                       const char *needle)
{
	void *out = NULL;
	int rc = s->parse_range(&out, range, strlen(range));
	if (rc >= 0)
		fail_msg("%s: expected range '%s' to be invalid", s->name, range);
	assert_null(out);
	if (needle && !strstr(cw_error_last()->message, needle))
		fail_msg("%s: message '%s' lacks '%s'", s->name, cw_error_last()->message, needle);
}

#endif
