/*
 * oplist.h - helpers shared by the distribution and language schemes (internal):
 * the length cap for version strings and comparator-list ranges.
 *
 * A comparator list is the range syntax of the distribution schemes (dpkg,
 * rpm, apk): comparators separated by commas, all of which must hold,
 *
 *     ">= 1.2, << 2.0"      "> 1:2.3-4"      "!= 1.0-r3"      "1.4"
 *
 * Each comparator is an operator from the scheme's own table followed by a
 * version in the scheme's syntax; a bare version means equality.  The
 * versions are parsed once with the scheme's parser.
 */
#ifndef CW_VERSION_OPLIST_H
#define CW_VERSION_OPLIST_H

#include "version/scheme.h"

/* Longest version string any scheme accepts: real versions are < 100 bytes,
 * the cap keeps hostile input from costing more than it should. */
#define CW__VERSION_MAX_LEN 1024u
/* Most comparators in one comparator list or specifier set. */
#define CW__RANGE_MAX_ITEMS 64u

/* Outcomes a comparator accepts, as a mask of compare(version, bound). */
enum {
	CW__CMP_LT = 1,
	CW__CMP_EQ = 2,
	CW__CMP_GT = 4,
	CW__CMP_FUZZY = 8  /* apk "~": equal when the bound is a prefix */
};

typedef struct {
	const char *text;  /* operator spelling, e.g. "<<" */
	unsigned mask;     /* CW__CMP_* accepted outcomes */
} cw__cmp_op;

typedef struct {
	const char *what;               /* "dpkg" - for messages */
	const cw_version_scheme *scheme;
	const cw__cmp_op *ops;          /* longest spellings first, NULL-terminated */
	/* Whether `version` meets `bound` under `mask`; NULL = plain compare. */
	bool (*match)(unsigned mask, const void *bound, const void *version);
} cw__oplist_syntax;

/** Parse a comparator list; *out is freed with cw__oplist_free(). */
int cw__oplist_parse(void **out, const cw__oplist_syntax *syntax,
                      const char *str, size_t len);
bool cw__oplist_satisfies(const void *range, const void *version);
void cw__oplist_free(void *range);

/**
 * Define `const cw_version_scheme cw__scheme_<id>` for a scheme whose ranges
 * are comparator lists with operators `ops` and matcher `match` (see
 * cw__oplist_syntax); "<id>" is its name.  The scheme must be declared
 * before (the syntax points back at it).
 */
#define CW__OPLIST_SCHEME(id, parse, compare, free_version, ops, match) \
	static const cw__oplist_syntax id##_syntax = { #id, &cw__scheme_##id, ops, match }; \
	static int id##_parse_range(void **out, const char *str, size_t len) \
	{ \
		return cw__oplist_parse(out, &id##_syntax, str, len); \
	} \
	const cw_version_scheme cw__scheme_##id = { \
		#id, parse, compare, free_version, \
		id##_parse_range, cw__oplist_satisfies, cw__oplist_free \
	}

/** The outcome bit (CW__CMP_LT/EQ/GT) for a compare() result. */
static inline unsigned cw__cmp_outcome(int c)
{
	return c < 0 ? CW__CMP_LT : c > 0 ? CW__CMP_GT : CW__CMP_EQ;
}

/**
 * Common checks on a version string before a scheme parses it: not longer
 * than CW__VERSION_MAX_LEN and no NUL byte.  `what` names the scheme.
 */
int cw__version_check_text(const char *what, const char *str, size_t len);

/*
 * The layout of a range made of items (Maven restrictions, RubyGems
 * requirements, PEP 440 specifiers): a head, then from byte `items_at` (the
 * offset of its flexible array member) the items, `item` bytes each.  The
 * pointer members at the byte offsets `head_owned` (in the head) and `owned`
 * (in each item) are the malloc'd parts the range owns (parsed versions,
 * strings): cw__range_free() frees them with it.
 */
typedef struct {
	size_t items_at, item;
	size_t n_head_owned, head_owned[1];
	size_t n_owned, owned[3];
} cw__range_shape;

/**
 * The same checks as cw__version_check_text for a range string made of
 * items: not longer than 4 * CW__VERSION_MAX_LEN, no NUL byte, and at most
 * CW__RANGE_MAX_ITEMS items, counted as one more than the bytes of `str`
 * found in `starts`.  Returns a zeroed range of `shape` with room for that
 * many items (freed with cw__range_free), or NULL with the last error set.
 * Messages begin with `what` ("Maven range") and call the items `items`.
 */
void *cw__range_alloc(const cw__range_shape *shape, const char *what, const char *items,
                      const char *starts, const char *str, size_t len);

/** Free a range from cw__range_alloc with the parts its shape says it owns (NULL is fine). */
void cw__range_free(void *range);

/* A comma-separated list (RubyGems requirements, PEP 440 specifier sets):
 * a range of `shape` (cw__range_alloc) filled by `part` for each piece
 * (cw__range_split). */
typedef struct {
	cw__range_shape shape;
	const char *what, *items;
	int (*part)(void *range, const char *piece, size_t n);
} cw__range_list;
int cw__range_parse_list(void **out, const cw__range_list *list, const char *str, size_t len);

/* Call `part` with each `sep`-separated piece of str[0..len) in order (a
 * piece may be empty); stops at the first error. */
int cw__range_split(const char *str, size_t len, char sep,
                    int (*part)(void *ctx, const char *piece, size_t n), void *ctx);

#endif
