/*
 * semver_range.c - disjunctions of comparator sets over cw__semver, and the
 * prerelease policies of the SemVer-based schemes (see semver_range.h).
 */
#include "version/semver_range.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/vec.h"

int cw__sv_range_new(cw__sv_range **out, int (*compare)(const cw__semver *, const cw__semver *),
                     cw__sv_pre_policy pre_policy)
{
	cw__sv_range *r = calloc(1, sizeof(*r));
	*out = NULL;
	if (!r)
		return cw__error_oom();
	r->compare = compare;
	r->pre_policy = pre_policy;
	*out = r;
	return 0;
}

int cw__sv_range_add(cw__sv_range *range, cw__sv_op op, cw__semver *version)
{
	int error = cw__sv_cmps_room((void **)&range->cmps, &range->cmps_cap, sizeof(*range->cmps),
	                             range->ncmps);
	if (error < 0)
		free(version);
	else
		range->cmps[range->ncmps++] = (cw__sv_cmp){ op, version };
	return error;
}

int cw__sv_cmps_room(void **items, size_t *cap, size_t elem, size_t n)
{
	if (n >= CW__SV_RANGE_MAX_CMPS)
		return cw__error_set(CW_ELIMIT, "range has more than %d comparators",
		                     CW__SV_RANGE_MAX_CMPS);
	return cw__vec_room(items, cap, elem, n);
}

int cw__sv_range_add_make(cw__sv_range *range, cw__sv_op op, uint64_t major, uint64_t minor,
                          uint64_t patch, const char *pre)
{
	cw__semver *v;
	int error;
	if ((error = cw__semver_make(&v, major, minor, patch, pre, pre ? strlen(pre) : 0)) < 0)
		return error;
	return cw__sv_range_add(range, op, v);
}

int cw__sv_range_end_set(cw__sv_range *range)
{
	if (range->nsets == range->sets_cap) {
		size_t cap = range->sets_cap ? range->sets_cap * 2 : 2;
		size_t *ends = realloc(range->set_end, cap * sizeof(*ends));
		if (!ends)
			return cw__error_oom();
		range->set_end = ends;
		range->sets_cap = cap;
	}
	range->set_end[range->nsets++] = range->ncmps;
	return 0;
}

static size_t set_start(const cw__sv_range *range, size_t set)
{
	return set ? range->set_end[set - 1] : 0;
}

bool cw__sv_range_set_is_any(const cw__sv_range *range, size_t set)
{
	for (size_t i = set_start(range, set); i < range->set_end[set]; i++) {
		if (range->cmps[i].op != CW__OP_ANY)
			return false;
	}
	return true;
}

void cw__sv_range_keep_only(cw__sv_range *range, size_t set)
{
	size_t start = set_start(range, set), end = range->set_end[set], n = end - start;
	for (size_t i = 0; i < range->ncmps; i++) {
		if (i < start || i >= end)
			free(range->cmps[i].version);
	}
	memmove(range->cmps, range->cmps + start, n * sizeof(*range->cmps));
	range->ncmps = n;
	range->nsets = 1;
	range->set_end[0] = n;
}

static bool test_cmp(const cw__sv_range *range, const cw__sv_cmp *cmp, const cw__semver *v)
{
	int c;
	if (cmp->op == CW__OP_ANY)
		return true;
	c = range->compare(v, cmp->version);
	return cw__sv_op_holds(cmp->op, c);
}

static bool test_set(const cw__sv_range *range, size_t start, size_t end, const cw__semver *v)
{
	for (size_t i = start; i < end; i++) {
		if (!test_cmp(range, &range->cmps[i], v))
			return false;
	}
	if (!v->npre || range->pre_policy == CW__PRE_ANY)
		return true;
	/* A prerelease is only in range when the range names a prerelease of
	 * the same MAJOR.MINOR.PATCH: ">=1.2.3-beta" lets in 1.2.3-rc but
	 * not 1.2.4-alpha, so asking for one prerelease does not opt in to
	 * every unstable release that follows. */
	for (size_t i = start; i < end; i++) {
		const cw__semver *bound = range->cmps[i].version;
		if (bound && bound->npre && cw__semver_same_tuple(bound, v))
			return true;
	}
	return false;
}

bool cw__sv_range_satisfies(const cw__sv_range *range, const cw__semver *version)
{
	for (size_t s = 0; s < range->nsets; s++) {
		if (test_set(range, set_start(range, s), range->set_end[s], version))
			return true;
	}
	return false;
}

void cw__sv_range_free(cw__sv_range *range)
{
	if (!range)
		return;
	for (size_t i = 0; i < range->ncmps; i++)
		free(range->cmps[i].version);
	free(range->cmps);
	free(range->set_end);
	free(range);
}

void cw__sv_free_version(void *data)
{
	free(data);
}

void cw__sv_free_range(void *data)
{
	cw__sv_range_free(data);
}

bool cw__sv_satisfies(const void *range, const void *version)
{
	return cw__sv_range_satisfies(range, version);
}

int cw__sv_compare_version(const void *a, const void *b)
{
	return cw__semver_compare(a, b);
}

bool cw__sv_op_holds(cw__sv_op op, int c)
{
	switch (op) {
	case CW__OP_EQ: return c == 0;
	case CW__OP_NE: return c != 0;
	case CW__OP_LT: return c < 0;
	case CW__OP_LE: return c <= 0;
	case CW__OP_GT: return c > 0;
	case CW__OP_GE: return c >= 0;
	case CW__OP_ANY: break;
	}
	return true;
}

int cw__sv_range_error(const char *what, const char *str, size_t len, const char *reason)
{
	return cw__error_set(CW_EINVALID, "invalid %s '%.*s': %s", what,
	                     (int)(len > 120 ? 120 : len), str, reason);
}

int cw__sv_range_finish(void **out, cw__sv_range *range, int error)
{
	if (error >= 0 && (error = cw__sv_range_end_set(range)) >= 0) {
		*out = range;
		return error;
	}
	cw__sv_range_free(range);
	return error;
}
