/*
 * chainwarden/purl.h - package URLs (https://github.com/package-url/purl-spec).
 *
 *   pkg:type/namespace/name@version?qualifiers#subpath
 *
 * A cw_purl holds the decoded components, normalised the way the purl
 * specification says for its type (e.g. npm names lowercased, pypi "_" -> "-",
 * qualifiers sorted with lowercase keys).  Parsing validates every component
 * and reports what was wrong and where; cw_purl_to_string() writes the
 * canonical form, so parse + to_string canonicalises.
 *
 * Ownership: a cw_purl and all its strings are one allocation owned by the
 * caller, released with cw_purl_free().  Strings returned through `char **out`
 * are malloc'd and released with free().
 *
 * Strict and lenient parsing: the purl test suite wants a parser to reject
 * a qualifier key written with an uppercase first letter ("?Platform=java")
 * but to canonicalise the same string to "?platform=java".  cw_purl_parse()
 * is the strict reader; cw_purl_parse_ext(..., CW_PURL_PARSE_LENIENT) and
 * cw_purl_canonicalize() fold such keys to lowercase instead.  Every other
 * normalisation (type case, per-type name rules, slashes, '.' and '..'
 * subpath segments, qualifier order) happens in both modes.
 *
 * Limits: input longer than CW_PURL_MAX_LEN bytes or with more than
 * CW_PURL_MAX_QUALIFIERS qualifiers is refused with CW_ELIMIT.  Decoded
 * components must be valid UTF-8 without NUL bytes.
 */
#ifndef CHAINWARDEN_PURL_H
#define CHAINWARDEN_PURL_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One `key=value` qualifier (decoded). */
typedef struct {
	const char *key;
	const char *value;
} cw_purl_qualifier;

/** A parsed package URL; absent optional components are NULL. */
typedef struct {
	const char *type;        /**< lowercase, required */
	const char *ns;          /**< namespace, decoded, segments joined by '/' */
	const char *name;        /**< decoded, required */
	const char *version;     /**< decoded */
	const cw_purl_qualifier *qualifiers; /**< sorted by key, no empty values */
	size_t qualifier_count;
	const char *subpath;     /**< decoded, segments joined by '/' */
} cw_purl;

/** Longest purl string accepted, in bytes. */
#define CW_PURL_MAX_LEN 65536
/** Most qualifiers accepted in one purl. */
#define CW_PURL_MAX_QUALIFIERS 128

/** Flags for cw_purl_parse_ext(). */
typedef enum {
	CW_PURL_PARSE_STRICT = 0,       /**< reject qualifier keys not in lowercase */
	CW_PURL_PARSE_LENIENT = 1 << 0  /**< fold qualifier keys to lowercase */
} cw_purl_parse_flags;

/**
 * Parse a purl string of `len` bytes (strict, see the file comment).
 * @param out  receives the parsed purl (caller frees with cw_purl_free())
 * @return 0; CW_EINVALID with a message naming the bad component
 *         ("invalid purl: name: ..."); CW_ELIMIT for oversized input
 */
CW_EXTERN int cw_purl_parse(cw_purl **out, const char *str, size_t len);

/** cw_purl_parse() with cw_purl_parse_flags. */
CW_EXTERN int cw_purl_parse_ext(cw_purl **out, const char *str, size_t len,
                                unsigned flags);

/**
 * Build a purl from decoded components, normalising and validating them as
 * cw_purl_parse() does.  `ns`, `version`, `qualifiers` and `subpath` may be
 * NULL/0.  Inputs are copied.
 */
CW_EXTERN int cw_purl_build(cw_purl **out, const char *type, const char *ns,
                            const char *name, const char *version,
                            const cw_purl_qualifier *qualifiers,
                            size_t qualifier_count, const char *subpath);

/**
 * The canonical string form (caller frees with free()).  `purl` must come
 * from cw_purl_parse() or cw_purl_build() (normalised, qualifiers sorted);
 * this function only percent-encodes and joins.
 */
CW_EXTERN int cw_purl_to_string(char **out, const cw_purl *purl);

/**
 * Parse leniently and write back in canonical form (caller frees with
 * free()).  The result is a fixed point: canonicalising it again gives the
 * same string.
 */
CW_EXTERN int cw_purl_canonicalize(char **out, const char *str, size_t len);

/** Total order over purls (component by component); 0 when equal. */
CW_EXTERN int cw_purl_compare(const cw_purl *a, const cw_purl *b);

/** The value of qualifier `key`, or NULL. Borrowed from `purl`. */
CW_EXTERN const char *cw_purl_qualifier_get(const cw_purl *purl, const char *key);

/** Release a purl (NULL is fine). */
CW_EXTERN void cw_purl_free(cw_purl *purl);

#ifdef __cplusplus
}
#endif
#endif
