/*
 * nuget.c - NuGet package versions and version ranges.
 *
 * https://learn.microsoft.com/nuget/concepts/package-versioning
 *
 * Versions: NuGetVersion: 1 to 4 numeric parts (missing parts are 0, so
 * "1.0" = "1.0.0" = "1.0.0.0"; leading zeros are allowed and ignored), each
 * at most 2^31-1, then an optional SemVer 2 prerelease and build metadata.
 * Ordering: the four numbers, then release after prerelease, labels
 * compared identifier by identifier (numbers numerically, before text; text
 * ignoring ASCII case: 1.0.0-RC1 = 1.0.0-rc1), build metadata ignored.
 *
 * Ranges (interval notation):
 *   1.0        >= 1.0            [1.0]        = 1.0
 *   (1.0,)     > 1.0             (,1.0]       <= 1.0       (,1.0)  < 1.0
 *   [1.0,2.0)  >= 1.0 and < 2.0  (1.0,2.0]    > 1.0 and <= 2.0
 * A prerelease is tested like any other version.  Floating versions
 * ("1.*", used in project files, not in advisories) are not supported.
 */
#include <string.h>

#include "util/error.h"
#include "util/str.h"
#include "version/scheme.h"
#include "version/semver_range.h"

#define NUGET_FLAGS (CW__SV_PARTIAL | CW__SV_FOUR_PARTS | CW__SV_LEADING_ZEROS | \
                     CW__SV_PRE_LEADING_ZEROS)

static int nuget_parse(void **out, const char *str, size_t len)
{
	cw_slice s = cw__slice_trim((cw_slice){ str, len });
	return cw__semver_parse((cw__semver **)out, s.ptr, s.len, NUGET_FLAGS, 2147483647, "NuGet");
}

static int nuget_compare(const void *a, const void *b)
{
	return cw__semver_compare_nocase(a, b);
}

static int bad(const char *str, size_t len, const char *reason)
{
	return cw__sv_range_error("NuGet range", str, len, reason);
}

static int add(cw__sv_range *r, cw__sv_op op, cw_slice text, const char *all, size_t all_len)
{
	void *v;
	int error;
	if ((error = nuget_parse(&v, text.ptr, text.len)) < 0)
		return cw__error_prefix("invalid NuGet range '%.*s'", (int)(all_len > 120 ? 120 : all_len), all);
	return cw__sv_range_add(r, op, v);
}

static int nuget_parse_range(void **out, const char *str, size_t len)
{
	cw_slice s = cw__slice_trim((cw_slice){ str, len }), lo, hi;
	cw__sv_range *r = NULL;
	const char *comma;
	bool lo_incl, hi_incl;
	int error;

	*out = NULL;
	if (s.len == 0)
		return bad(str, len, "empty range");
	if (s.len > 1024)
		return bad(str, len, "longer than 1024 bytes");
	if ((error = cw__sv_range_new(&r, cw__semver_compare_nocase, CW__PRE_ANY)) < 0)
		return error;
	if (s.ptr[0] != '[' && s.ptr[0] != '(') {
		if ((error = add(r, CW__OP_GE, s, str, len)) < 0)
			goto done;
		goto done;
	}
	lo_incl = s.ptr[0] == '[';
	if (s.len < 2 || (s.ptr[s.len - 1] != ']' && s.ptr[s.len - 1] != ')')) {
		error = bad(str, len, "an interval must end with ']' or ')'");
		goto done;
	}
	hi_incl = s.ptr[s.len - 1] == ']';
	s.ptr++;
	s.len -= 2;
	if (!(comma = memchr(s.ptr, ',', s.len))) {
		if (!lo_incl || !hi_incl) {
			error = bad(str, len, "an exact version needs '[' and ']'");
			goto done;
		}
		error = add(r, CW__OP_EQ, cw__slice_trim(s), str, len);
		goto done;
	}
	lo = cw__slice_trim((cw_slice){ s.ptr, (size_t)(comma - s.ptr) });
	hi = cw__slice_trim((cw_slice){ comma + 1, (size_t)(s.ptr + s.len - comma - 1) });
	if (memchr(hi.ptr, ',', hi.len)) {
		error = bad(str, len, "more than two versions in an interval");
		goto done;
	}
	if (!lo.len && !hi.len) {
		error = bad(str, len, "an interval needs at least one bound");
		goto done;
	}
	if (lo.len && (error = add(r, lo_incl ? CW__OP_GE : CW__OP_GT, lo, str, len)) < 0)
		goto done;
	if (hi.len && (error = add(r, hi_incl ? CW__OP_LE : CW__OP_LT, hi, str, len)) < 0)
		goto done;
	if (lo.len && hi.len) {
		int c = nuget_compare(r->cmps[0].version, r->cmps[1].version);
		if (c > 0 || (c == 0 && !(lo_incl && hi_incl))) {
			error = bad(str, len, "the interval is empty (lower bound above the upper)");
			goto done;
		}
	}
done:
	return cw__sv_range_finish(out, r, error);
}

const cw_version_scheme cw__scheme_nuget =
	CW__SV_SCHEME("nuget", nuget_parse, nuget_compare, nuget_parse_range);
