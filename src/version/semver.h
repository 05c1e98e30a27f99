/*
 * semver.h - the SemVer core shared by the npm, Go, Cargo, NuGet, Hex and
 * Pub schemes (internal).
 *
 * https://semver.org/spec/v2.0.0.html
 *
 * A version is parsed once into a cw__semver: numeric fields as integers and
 * the prerelease / build identifiers pre-split, numeric identifiers already
 * converted, so that comparing two parsed versions is a handful of integer
 * comparisons with no allocation and no re-parsing.  The schemes differ only
 * in what they accept (prefix 'v', partial versions, a fourth NuGet part,
 * leading zeros, number limits) and in small ordering details (NuGet compares
 * labels without case, Pub orders build metadata); those are flags here, so
 * there is one parser and one comparator, not one per scheme.
 *
 * A cw__semver is one malloc'd block (the struct, its identifier array and a
 * copy of the identifier text), released with free().
 */
#ifndef CW_VERSION_SEMVER_H
#define CW_VERSION_SEMVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parse flags. */
enum {
	CW__SV_V_PREFIX = 1 << 0,       /* an optional leading 'v' ("v1.2.3") */
	CW__SV_PARTIAL = 1 << 1,        /* "1" and "1.2" (missing parts are 0) */
	CW__SV_FOUR_PARTS = 1 << 2,     /* NuGet's legacy "1.2.3.4" */
	CW__SV_LEADING_ZEROS = 1 << 3,  /* "01.2.3" reads as 1.2.3 (NuGet) */
	CW__SV_PRE_LEADING_ZEROS = 1 << 4, /* numeric prerelease ids "01" (NuGet, Pub) */
	CW__SV_PARTIAL_PRE = 1 << 5,    /* prerelease/build allowed after a partial version */
};

/* Limits that keep a parsed version small and a hostile one cheap. */
#define CW__SEMVER_MAX_LEN 1024
#define CW__SEMVER_MAX_IDS 64

enum { CW__ID_NUM, CW__ID_BIGNUM, CW__ID_ALNUM };

typedef struct {
	const char *str;   /* into the owning cw__semver (not NUL-terminated) */
	uint32_t len;
	uint8_t kind;      /* CW__ID_NUM: `num` holds the value; CW__ID_BIGNUM:
	                      digits that do not fit 64 bits (no leading zero) */
	uint64_t num;
} cw__semver_id;

typedef struct cw__semver {
	uint64_t major, minor, patch, revision; /* revision: NuGet's 4th part */
	uint8_t parts;      /* numeric parts written: 1..4 */
	uint16_t npre, nbuild;
	const cw__semver_id *pre;   /* npre identifiers (none: a release) */
	const cw__semver_id *build; /* nbuild identifiers */
	cw__semver_id ids[];        /* storage for pre then build, then text */
} cw__semver;

/**
 * Parse a complete version.  `max_num` bounds each numeric part (npm uses
 * 2^53-1, NuGet 2^31-1).  On error the message is "invalid <what> version
 * '<text>': <reason>" and CW_EINVALID is returned.
 */
int cw__semver_parse(cw__semver **out, const char *str, size_t len, unsigned flags,
                     uint64_t max_num, const char *what);

/** Build a version from parts and an already-valid prerelease text (may be empty). */
int cw__semver_make(cw__semver **out, uint64_t major, uint64_t minor, uint64_t patch,
                    const char *pre, size_t pre_len);

/**
 * A possibly partial version as written in a range: "1", "1.2", "1.x",
 * "1.2.*", "1.2.3-beta+b".  Missing parts count as wildcards.  Numbers are
 * read up to 2^64-1; a scheme with a lower limit checks the numbers that end
 * up in a comparator (npm accepts "*.99999999999999999" as "*").
 */
typedef struct {
	uint64_t num[3];
	bool wild[3];       /* written as x, X or *, or missing */
	unsigned nparts;    /* parts written, wildcards included */
	const char *pre;    /* prerelease text (no '-'), pre_len 0 if none */
	size_t pre_len;
	const char *build;
	size_t build_len;
} cw__semver_partial;

enum { CW__SVP_WILDCARDS = 1 << 0 /* accept x, X and * */ };

/** Parse a partial version; on error *reason says what is wrong. */
int cw__semver_parse_partial(cw__semver_partial *out, const char *str, size_t len,
                             unsigned flags, const char **reason);

/** SemVer 2.0.0 precedence: the numeric parts, then the prerelease; build ignored. */
int cw__semver_compare(const cw__semver *a, const cw__semver *b);

/** As cw__semver_compare, with prerelease labels compared ignoring ASCII case (NuGet). */
int cw__semver_compare_nocase(const cw__semver *a, const cw__semver *b);

/** As cw__semver_compare, then build metadata (absent first), as Pub orders it. */
int cw__semver_compare_with_build(const cw__semver *a, const cw__semver *b);

/** Same major, minor and patch (and revision). */
bool cw__semver_same_tuple(const cw__semver *a, const cw__semver *b);

/** Compare one identifier list (prerelease rules, or build rules for Pub). */
int cw__semver_compare_ids(const cw__semver_id *a, size_t na, const cw__semver_id *b,
                           size_t nb, bool nocase);

#endif
