/*
 * purl_internal.h - what the files of the purl module share.
 *
 * Parsing (parse.c) and building (build.c) both fill a cw__purl_draft: the
 * decoded components, in an arena.  cw__purl_finish() (build.c) then applies
 * the per-type rules of types.c, validates and packs the draft into the one
 * allocation a cw_purl is.  format.c writes the canonical string.
 *
 * Spec: https://github.com/package-url/purl-spec (ECMA-427 and the type
 * definitions), checked against the suite in tests/ of purl-spec @ 16f3d0e.
 */
#ifndef CW_PURL_INTERNAL_H
#define CW_PURL_INTERNAL_H

#include "chainwarden/purl.h"
#include "util/arena.h"
#include "util/buf.h"

/** The components while they are being parsed or built; all in `arena`. */
typedef struct {
	cw_arena arena;
	char *type;                    /* lowercase */
	char *ns;                      /* decoded segments joined by '/', or NULL */
	char *name;                    /* decoded, may be NULL or "" before finish */
	char *version;                 /* decoded, or NULL */
	cw_purl_qualifier *quals;      /* keys lowercase, values decoded, non-empty */
	size_t nquals;
	size_t quals_cap;
	char *subpath;                 /* decoded segments joined by '/', or NULL */
} cw__purl_draft;

/* Rules of one purl type (bits of cw__purl_type_rules.rules). */
enum {
	CW__PURL_NS_LOWER = 1u << 0,      /* namespace is case-insensitive */
	CW__PURL_NS_UPPER = 1u << 1,      /* namespace is written uppercase */
	CW__PURL_NAME_LOWER = 1u << 2,    /* name is case-insensitive */
	CW__PURL_VERSION_LOWER = 1u << 3, /* version is case-insensitive (hashes) */
	CW__PURL_NAME_DASH = 1u << 4,     /* '_' in the name becomes '-' (pypi) */
	CW__PURL_NAME_PATH = 1u << 5,     /* namespace is one segment, the name a path */
	CW__PURL_NS_REQUIRED = 1u << 6,
	CW__PURL_NS_PROHIBITED = 1u << 7,
	CW__PURL_VERSION_REQUIRED = 1u << 8
};

typedef struct cw__purl_type_rules {
	const char *type;
	unsigned rules;
	const char *required_qualifier;   /* a key that must be present, or NULL */
	/* Extra normalisation and checks after the generic ones, or NULL. */
	int (*check)(cw__purl_draft *d);
} cw__purl_type_rules;

/** The rules for `type` (lowercase); a permissive default for unknown types. */
const cw__purl_type_rules *cw__purl_type_find(const char *type);

/** Append a qualifier (copies key and value into the arena). */
int cw__purl_draft_add_qualifier(cw__purl_draft *d, const char *key, size_t key_len,
                                 const char *value, size_t value_len);

/** Check, normalise (per type) and pack; frees nothing: the caller frees d->arena. */
int cw__purl_finish(cw_purl **out, cw__purl_draft *d);

/** Check a type string: a letter, then letters, digits, '.' or '-'. */
int cw__purl_check_type(const char *type, size_t len);

/** Check that `s` is valid UTF-8 without NUL bytes; `what` names the component. */
int cw__purl_check_text(const char *s, size_t len, const char *what);

/** The error of a failed arena allocation (CW_ENOMEM or the cap's CW_ELIMIT). */
int cw__purl_alloc_failed(void);

/** Append `s` to `out` quoted for an error message (truncated, escaped). */
void cw__purl_quote(char *out, size_t out_size, const char *s, size_t len);

#endif
