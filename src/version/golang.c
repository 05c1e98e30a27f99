/*
 * golang.c - Go module versions, ordered as golang.org/x/mod/semver does.
 *
 * https://go.dev/ref/mod#versions and golang.org/x/mod/semver.
 *
 * A version is "v" MAJOR[.MINOR[.PATCH[-pre][+build]]]; the shorthands
 * "v1" and "v1.2" mean v1.0.0 and v1.2.0 (x/mod accepts them; no prerelease
 * or build may follow a shorthand).  The "v" may be left out because OSV
 * writes Go versions without it ("1.2.3"); "0" is thus v0.0.0.  Numbers have
 * no leading zeros.  "+incompatible" is build metadata and, like all build
 * metadata, does not take part in the order.  Pseudo-versions
 * (v0.0.0-20191109021931-daa7c04131f5, vX.Y.(Z+1)-0.2019...,
 * vX.Y.Z-pre.0.2019...) are prereleases and need no special case: their
 * SemVer precedence is exactly the order Go gives them.
 *
 * Limitation: x/mod compares numbers of any length; here a MAJOR, MINOR or
 * PATCH above 2^64-1 is rejected (prerelease numbers of any length are
 * compared exactly).
 *
 * Ranges: comparator lists (oplist.h): ">=1.2.0, <1.4.1 || =2.0.0".
 */
#include "version/cmplist.h"
#include "version/semver.h"
#include "version/semver_range.h"

const cw_version_scheme cw__scheme_golang;

static int go_parse(void **out, const char *str, size_t len)
{
	return cw__semver_parse((cw__semver **)out, str, len, CW__SV_V_PREFIX | CW__SV_PARTIAL,
	                        UINT64_MAX, "Go");
}

static int go_parse_range(void **out, const char *str, size_t len)
{
	return cw__cmplist_parse(out, &cw__scheme_golang, str, len);
}

const cw_version_scheme cw__scheme_golang = {
	"semver-go", go_parse, cw__sv_compare_version, cw__sv_free_version,
	go_parse_range, cw__cmplist_satisfies, cw__cmplist_free,
};
