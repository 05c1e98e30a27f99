/*
 * pep440.h - the parsed form of a PEP 440 version, shared by pep440.c
 * (versions) and pep440_spec.c (specifier sets).  Internal.
 */
#ifndef CW_VERSION_PEP440_H
#define CW_VERSION_PEP440_H

#include "version/oplist.h"

#include <stdint.h>

/* A decimal number as its digits without leading zeros (len 0 = zero),
 * pointing into the version's own text: exact for any size, as Python's
 * int is. */
typedef struct {
	uint32_t off;
	uint32_t len;
} cw__pep440_num;

typedef struct {
	cw__pep440_num n;  /* the digits when numeric */
	uint32_t off, len; /* the lowercased text */
	bool numeric;
} cw__pep440_local;

enum { CW__PEP440_PRE_A, CW__PEP440_PRE_B, CW__PEP440_PRE_RC, CW__PEP440_PRE_NONE };

typedef struct {
	cw__pep440_num epoch;
	uint32_t nrelease;      /* release segments as written */
	uint32_t nrelease_cmp;  /* without trailing zeros (what compares) */
	int pre_kind;           /* CW__PEP440_PRE_* */
	cw__pep440_num pre;
	bool has_post, has_dev, has_local;
	cw__pep440_num post, dev;
	uint32_t nlocal;
	cw__pep440_num *release;   /* nrelease entries */
	cw__pep440_local *local;   /* nlocal entries */
	char *text;                /* lowercased copy of the input */
} cw__pep440_version;

/** Parse per packaging's VERSION_PATTERN (leading/trailing space allowed). */
int cw__pep440_parse(cw__pep440_version **out, const char *str, size_t len);
int cw__pep440_compare(const cw__pep440_version *a, const cw__pep440_version *b);
void cw__pep440_free(cw__pep440_version *v);

/** Compare on epoch and release only (base_version equality). */
int cw__pep440_compare_base(const cw__pep440_version *a, const cw__pep440_version *b);
/** Compare ignoring the local segment (Version(v.public)). */
int cw__pep440_compare_public(const cw__pep440_version *a, const cw__pep440_version *b);

static inline bool cw__pep440_is_prerelease(const cw__pep440_version *v)
{
	return v->has_dev || v->pre_kind != CW__PEP440_PRE_NONE;
}

/* Largest rendering of a version of CW__VERSION_MAX_LEN bytes. */
#define CW__PEP440_RENDER_MAX (2 * CW__VERSION_MAX_LEN + 64)

/**
 * str(Version) (with_local) or canonicalize_version(v.public,
 * strip_trailing_zero) into `buf` (CW__PEP440_RENDER_MAX bytes); returns
 * the length.
 */
size_t cw__pep440_render(const cw__pep440_version *v, bool strip_trailing_zero,
                         bool with_local, char *buf);

/* Specifier sets (pep440_spec.c), the scheme's range callbacks; a set is
 * freed with cw__range_free (version/oplist.h). */
int cw__pep440_parse_specifiers(void **out, const char *str, size_t len);
bool cw__pep440_satisfies(const void *range, const void *version);

#endif
