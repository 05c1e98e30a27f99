/*
 * pub.c - Dart pub versions and version constraints (package pub_semver).
 *
 * https://dart.dev/tools/pub/dependencies#version-constraints
 *
 * Versions: MAJOR.MINOR.PATCH[-pre][+build] (pub_semver accepts leading
 * zeros and reads numeric identifiers as integers).  Ordering is SemVer's,
 * plus pub_semver's tie-break on build metadata: 1.0.0 < 1.0.0+1 < 1.0.0+2.
 *
 * Constraints: "any", a bare version (exactly it), or space-separated
 * comparators (<, <=, >, >=, each optionally followed by spaces) that all
 * hold, or a caret:
 *   ^1.2.3   >=1.2.3 <2.0.0      ^0.2.3   >=0.2.3 <0.3.0
 *   ^0.0.3   >=0.0.3 <0.1.0      (pub: a 0.x version's next breaking
 *                                 release is the next minor)
 * As in pub_semver, an exclusive upper bound that is not a prerelease
 * also excludes that version's prereleases: "<2.0.0" means "<2.0.0-0", so
 * 2.0.0-dev is not in "^1.2.3".  Other prereleases are tested normally.
 */
#include <string.h>

#include "util/error.h"
#include "util/str.h"
#include "version/scheme.h"
#include "version/semver_range.h"

#define PUB_FLAGS (CW__SV_LEADING_ZEROS | CW__SV_PRE_LEADING_ZEROS)

static int pub_parse(void **out, const char *str, size_t len)
{
	return cw__semver_parse((cw__semver **)out, str, len, PUB_FLAGS, UINT64_MAX, "Pub");
}

static int pub_compare(const void *a, const void *b)
{
	return cw__semver_compare_with_build(a, b);
}

static int bad(const char *str, size_t len, const char *reason)
{
	return cw__error_set(CW_EINVALID, "invalid Pub constraint '%.*s': %s",
	                     (int)(len > 120 ? 120 : len), str, reason);
}

/* "<v" without a prerelease becomes "<v-0" (pub_semver's firstPreRelease). */
static int add_upper(cw__sv_range *r, uint64_t M, uint64_t m, uint64_t p)
{
	return cw__sv_range_add_make(r, CW__OP_LT, M, m, p, "0");
}

static int comparator(cw__sv_range *r, cw_slice op, cw_slice v, const char *all, size_t all_len)
{
	cw__semver *ver;
	int error;
	if ((error = cw__semver_parse(&ver, v.ptr, v.len, PUB_FLAGS, UINT64_MAX, "Pub")) < 0)
		return cw__error_prefix("invalid Pub constraint '%.*s'", (int)(all_len > 120 ? 120 : all_len), all);
	if (op.len == 1 && op.ptr[0] == '^') {
		uint64_t M = ver->major, m = ver->minor;
		if ((error = cw__sv_range_add(r, CW__OP_GE, ver)) < 0)
			return error;
		if ((M ? M : m) == UINT64_MAX)
			return bad(all, all_len, "a number is too large");
		return M ? add_upper(r, M + 1, 0, 0) : add_upper(r, 0, m + 1, 0);
	}
	if (op.len == 1 && op.ptr[0] == '<' && !ver->npre) {
		uint64_t M = ver->major, m = ver->minor, p = ver->patch;
		bool build = ver->nbuild != 0;
		if (!build) {
			cw__sv_free_version(ver);
			return add_upper(r, M, m, p);
		}
	}
	if (op.len == 0)
		return cw__sv_range_add(r, CW__OP_EQ, ver);
	if (op.len == 1)
		return cw__sv_range_add(r, op.ptr[0] == '<' ? CW__OP_LT : CW__OP_GT, ver);
	return cw__sv_range_add(r, op.ptr[0] == '<' ? CW__OP_LE : CW__OP_GE, ver);
}

static int pub_parse_range(void **out, const char *str, size_t len)
{
	cw__sv_range *r = NULL;
	const char *p = str, *end = str + len;
	cw_slice all = cw__slice_trim((cw_slice){ str, len });
	int error;

	*out = NULL;
	if (len > 65536)
		return cw__error_set(CW_ELIMIT, "Pub constraint longer than 65536 bytes");
	if (all.len == 0)
		return bad(str, len, "empty constraint");
	if ((error = cw__sv_range_new(&r, cw__semver_compare_with_build, CW__PRE_ANY)) < 0)
		return error;
	if (all.len == 3 && memcmp(all.ptr, "any", 3) == 0) {
		error = cw__sv_range_add(r, CW__OP_ANY, NULL);
		goto end;
	}
	for (;;) {
		cw_slice op = { p, 0 }, v;
		while (p < end && cw_is_space(*p))
			p++;
		if (p == end)
			break;
		op.ptr = p;
		if (*p == '^')
			p++;
		else if (*p == '<' || *p == '>')
			p += (p + 1 < end && p[1] == '=') ? 2 : 1;
		op.len = (size_t)(p - op.ptr);
		while (op.len && p < end && cw_is_space(*p))
			p++;
		v.ptr = p;
		while (p < end && !cw_is_space(*p) && *p != '<' && *p != '>' && *p != '^')
			p++;
		v.len = (size_t)(p - v.ptr);
		if (v.len == 0) {
			error = bad(str, len, "expected a version");
			goto done;
		}
		if ((op.len == 0 || op.ptr[0] == '^') && (op.ptr != all.ptr || p != all.ptr + all.len)) {
			error = bad(str, len, "a bare or caret version must be the whole constraint");
			goto done;
		}
		if ((error = comparator(r, op, v, str, len)) < 0)
			goto done;
	}
end:
	if (error < 0 || (error = cw__sv_range_end_set(r)) < 0)
		goto done;
	*out = r;
	r = NULL;
done:
	cw__sv_range_free(r);
	return error;
}

const cw_version_scheme cw__scheme_pub = {
	"semver-pub", pub_parse, pub_compare, cw__sv_free_version,
	pub_parse_range, cw__sv_satisfies, cw__sv_free_range,
};
