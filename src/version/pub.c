/*
 * pub.c - Dart pub versions and version constraints (package pub_semver).
 *
 * https://dart.dev/tools/pub/dependencies#version-constraints
 *
 * Versions: MAJOR.MINOR.PATCH[-pre][+build] (pub_semver accepts leading
 * zeros and reads numeric identifiers as integers).  Ordering is SemVer's,
 * plus pub_semver's tie-break on build metadata: 1.0.0 < 1.0.0+1 < 1.0.0+2.
 *
 * Constraints, as pub_semver's VersionConstraint.parse reads them: "any";
 * a caret alone
 *   ^1.2.3   >=1.2.3 <2.0.0      ^0.2.3   >=0.2.3 <0.3.0
 *   ^0.0.3   >=0.0.3 <0.1.0      (pub: a 0.x version's next breaking
 *                                 release is the next minor)
 * or any sequence of versions and comparisons (<, <=, >, >=, spaces after
 * the operator allowed), reduced to the tightest lower and upper bound (a
 * bare version bounds both ends).  An exclusive upper bound that is not a
 * prerelease also excludes that version's prereleases ("<2.0.0" means
 * "<2.0.0-0", so 2.0.0-dev is not in "^1.2.3"), unless the lower bound is a
 * prerelease of the same version (">=2.0.0-dev <2.0.0" admits 2.0.0-dev.5).
 * Other prereleases are tested normally.
 */
#include <stdlib.h>
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
	return cw__sv_range_error("Pub constraint", str, len, reason);
}

/* One end of the range being built: the tightest bound seen so far. */
typedef struct {
	cw__semver *v;
	bool inclusive;
} bound;

/* Keep `v` as the bound if it is tighter (`lower`: higher is tighter); on a
 * tie the exclusive one wins.  Takes ownership of v. */
static void tighten(bound *b, cw__semver *v, bool inclusive, bool lower)
{
	int c = b->v ? cw__semver_compare_with_build(v, b->v) : 0;
	if (!b->v || (lower ? c > 0 : c < 0)) {
		free(b->v);
		b->v = v;
		b->inclusive = inclusive;
		return;
	}
	if (c == 0 && !inclusive)
		b->inclusive = false;
	free(v);
}

static int caret(cw__sv_range *r, cw__semver *v, const char *all, size_t all_len)
{
	uint64_t M = v->major, m = v->minor;
	int error;
	if ((M ? M : m) == UINT64_MAX) {
		free(v);
		return bad(all, all_len, "a number is too large");
	}
	if ((error = cw__sv_range_add(r, CW__OP_GE, v)) < 0)
		return error;
	/* pub_semver: the next breaking version (next major; next minor for
	 * 0.x), as its first prerelease */
	return M ? cw__sv_range_add_make(r, CW__OP_LT, M + 1, 0, 0, "0")
	         : cw__sv_range_add_make(r, CW__OP_LT, 0, m + 1, 0, "0");
}

/* Emit the range [lo, hi] as pub_semver's VersionRange would test it. */
static int emit(cw__sv_range *r, bound *lo, bound *hi)
{
	int error;
	if (hi->v && !hi->inclusive && !hi->v->npre && !hi->v->nbuild &&
	    !(lo->v && lo->v->npre && cw__semver_same_tuple(lo->v, hi->v))) {
		/* "<2.0.0" also keeps out 2.0.0's prereleases ("<2.0.0-0"),
		 * unless the minimum is itself a prerelease of 2.0.0 */
		cw__semver *first;
		if ((error = cw__semver_make(&first, hi->v->major, hi->v->minor, hi->v->patch, "0",
		                             1)) < 0)
			return error;
		free(hi->v);
		hi->v = first;
	}
	if (lo->v) {
		error = cw__sv_range_add(r, lo->inclusive ? CW__OP_GE : CW__OP_GT, lo->v);
		lo->v = NULL;
		if (error < 0)
			return error;
	}
	if (hi->v) {
		error = cw__sv_range_add(r, hi->inclusive ? CW__OP_LE : CW__OP_LT, hi->v);
		hi->v = NULL;
		return error;
	}
	return 0;
}

static int pub_parse_range(void **out, const char *str, size_t len)
{
	cw__sv_range *r = NULL;
	const char *p, *end;
	cw_slice all = cw__slice_trim((cw_slice){ str, len });
	bound lo = { NULL, false }, hi = { NULL, false };
	int error;

	*out = NULL;
	if (len > 65536)
		return cw__error_set(CW_ELIMIT, "Pub constraint longer than 65536 bytes");
	if (all.len == 0)
		return bad(str, len, "empty constraint");
	if ((error = cw__sv_range_new(&r, cw__semver_compare_with_build, CW__PRE_ANY)) < 0)
		return error;
	p = all.ptr;
	end = all.ptr + all.len;
	if (all.len == 3 && memcmp(all.ptr, "any", 3) == 0) {
		error = cw__sv_range_add(r, CW__OP_ANY, NULL);
		goto done;
	}
	while (p < end) {
		cw_slice op, v;
		cw__semver *ver;
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
		if (op.len == 1 && op.ptr[0] == '^' && (op.ptr != all.ptr || p != end)) {
			error = bad(str, len, "a caret constraint must be the whole constraint");
			goto done;
		}
		if ((error = cw__semver_parse(&ver, v.ptr, v.len, PUB_FLAGS, UINT64_MAX, "Pub")) < 0) {
			cw__error_prefix("invalid Pub constraint '%.*s'", (int)(len > 120 ? 120 : len), str);
			goto done;
		}
		if (op.len == 1 && op.ptr[0] == '^') {
			error = caret(r, ver, str, len);
			goto done;
		}
		if (op.len == 0 || op.ptr[0] == '>') {
			if (op.len == 0) { /* a bare version: min = max = it */
				cw__semver *again;
				if ((error = cw__semver_parse(&again, v.ptr, v.len, PUB_FLAGS, UINT64_MAX,
				                              "Pub")) < 0)
					goto done;
				tighten(&hi, again, true, false);
			}
			tighten(&lo, ver, op.len != 1, true);
		} else {
			tighten(&hi, ver, op.len == 2, false);
		}
	}
	error = emit(r, &lo, &hi);
done:
	free(lo.v);
	free(hi.v);
	return cw__sv_range_finish(out, r, error);
}

const cw_version_scheme cw__scheme_pub =
	CW__SV_SCHEME("semver-pub", pub_parse, pub_compare, pub_parse_range);
