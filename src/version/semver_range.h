/*
 * semver_range.h - comparator sets over cw__semver, the common target of
 * the npm, Go, Cargo, NuGet, Hex and Pub range syntaxes (internal).
 *
 * Each scheme's range parser desugars its own syntax (npm "^1.2 || 3.x",
 * Cargo "~1.2, <1.2.5", Hex "~> 2.1 and != 2.1.3", NuGet "[1.0,2.0)") into
 * a disjunction of conjunctions of primitive comparators (=, !=, <, <=, >,
 * >=).  Satisfies is then the same loop for all of them; only the
 * prerelease policy differs:
 *
 *   CW__PRE_ANY        a prerelease version is tested like any other
 *                      (NuGet, Hex, Pub, Go).
 *   CW__PRE_SAME_TUPLE a prerelease version satisfies a set only if some
 *                      comparator of the set has a prerelease and the same
 *                      MAJOR.MINOR.PATCH (node-semver without
 *                      includePrerelease; Cargo's semver crate).
 */
#ifndef CW_VERSION_SEMVER_RANGE_H
#define CW_VERSION_SEMVER_RANGE_H

#include "version/semver.h"

typedef enum {
	CW__OP_ANY, /* matches every version (npm's empty comparator) */
	CW__OP_EQ,
	CW__OP_NE,
	CW__OP_LT,
	CW__OP_LE,
	CW__OP_GT,
	CW__OP_GE,
} cw__sv_op;

typedef enum { CW__PRE_ANY, CW__PRE_SAME_TUPLE } cw__sv_pre_policy;

typedef struct {
	cw__sv_op op;
	cw__semver *version; /* NULL for CW__OP_ANY */
} cw__sv_cmp;

typedef struct {
	int (*compare)(const cw__semver *, const cw__semver *);
	cw__sv_pre_policy pre_policy;
	size_t ncmps, cmps_cap;
	cw__sv_cmp *cmps;
	size_t nsets, sets_cap;
	size_t *set_end; /* set i is cmps[set_end[i-1] .. set_end[i]) */
} cw__sv_range;

/* At most this many comparators in one range (untrusted input). */
#define CW__SV_RANGE_MAX_CMPS 4096

int cw__sv_range_new(cw__sv_range **out, int (*compare)(const cw__semver *, const cw__semver *),
                     cw__sv_pre_policy pre_policy);

/** Append a comparator to the current set; takes ownership of `version` (also on error). */
int cw__sv_range_add(cw__sv_range *range, cw__sv_op op, cw__semver *version);

/**
 * Room for comparator number `n` (0-based) in an array of `elem`-byte
 * entries: CW_ELIMIT past CW__SV_RANGE_MAX_CMPS, else grown as a CW_VEC.
 */
int cw__sv_cmps_room(void **items, size_t *cap, size_t elem, size_t n);

/** Append a comparator on a fresh version MAJOR.MINOR.PATCH[-pre]. */
int cw__sv_range_add_make(cw__sv_range *range, cw__sv_op op, uint64_t major, uint64_t minor,
                          uint64_t patch, const char *pre);

/** Close the current set (an empty set matches everything). */
int cw__sv_range_end_set(cw__sv_range *range);

/** Number of comparators in set i, and whether every one of them is ANY. */
bool cw__sv_range_set_is_any(const cw__sv_range *range, size_t set);

/** Reduce the range to its single set `set` (dropping the others). */
void cw__sv_range_keep_only(cw__sv_range *range, size_t set);

bool cw__sv_range_satisfies(const cw__sv_range *range, const cw__semver *version);

void cw__sv_range_free(cw__sv_range *range);

/* Scheme callbacks shared by the SemVer-based schemes. */
void cw__sv_free_version(void *data);
void cw__sv_free_range(void *data);
bool cw__sv_satisfies(const void *range, const void *version);
/** SemVer precedence (cw__semver_compare) as a scheme callback. */
int cw__sv_compare_version(const void *a, const void *b);

/** Whether `op` holds for c = compare(version, bound) (CW__OP_ANY: always). */
bool cw__sv_op_holds(cw__sv_op op, int c);

/**
 * CW_EINVALID with "invalid WHAT 'STR': REASON" (STR cut at 120 bytes),
 * the message every SemVer-based range parser gives for bad syntax.
 */
int cw__sv_range_error(const char *what, const char *str, size_t len, const char *reason);

/**
 * The end of a range parser: when `error` is not negative, end the last set
 * and hand `range` to *out; otherwise (or when that fails) free `range`.
 * Returns the resulting error code.
 */
int cw__sv_range_finish(void **out, cw__sv_range *range, int error);

/** A scheme whose versions are cw__semver and ranges cw__sv_range. */
#define CW__SV_SCHEME(name, parse, compare, parse_range) \
	{ name, parse, compare, cw__sv_free_version, parse_range, cw__sv_satisfies, \
	  cw__sv_free_range }

#endif
