/* str.h - byte-string slices and ASCII helpers (locale-independent). */
#ifndef CW_UTIL_STR_H
#define CW_UTIL_STR_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <string.h>

#include "util/buf.h"

/** A borrowed run of bytes; not NUL-terminated. */
typedef struct {
	const char *ptr;
	size_t len;
} cw_slice;

#define CW_SLICE(lit) ((cw_slice){ (lit), sizeof(lit) - 1 })

static inline cw_slice cw_slice_of(const char *s)
{
	return (cw_slice){ s, s ? strlen(s) : 0 };
}

static inline bool cw_is_digit(int c) { return c >= '0' && c <= '9'; }
static inline bool cw_is_alpha(int c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static inline bool cw_is_alnum(int c) { return cw_is_digit(c) || cw_is_alpha(c); }
static inline bool cw_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
static inline char cw_to_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

bool cw__slice_eq(cw_slice a, cw_slice b);
bool cw__slice_eq_nocase(cw_slice a, cw_slice b);
bool cw__slice_starts_with(cw_slice s, cw_slice prefix);
bool cw__slice_ends_with(cw_slice s, cw_slice suffix);
cw_slice cw__slice_trim(cw_slice s);

/** Lowercase ASCII letters in place. */
void cw__str_lower(char *s, size_t len);

/** Compare a slice with a NUL-terminated string, like strcmp. */
int cw__slice_cmp(cw_slice a, cw_slice b);

/**
 * Percent-decode `len` bytes into `out`.  A '%' not followed by two hex
 * digits is CW_EINVALID (offset in the message).
 */
int cw__percent_decode(cw_buf *out, const char *s, size_t len);

/**
 * Percent-encode bytes into `out`: bytes for which `keep(c)` is true are
 * copied, every other byte becomes %XX (uppercase hex).
 */
int cw__percent_encode(cw_buf *out, const char *s, size_t len, bool (*keep)(unsigned char c));

/** Shell-style glob: '*' any run ('/' included), '?' one character; ASCII case
 *  folded with `nocase`; iterative with one backtrack point.  A NULL `s` never matches. */
bool cw__glob_match(const char *pat, const char *s, bool nocase);

/** Days from 1970-01-01 to y-m-d, proleptic Gregorian (H. Hinnant's days_from_civil). */
int64_t cw__days_from_civil(int64_t y, unsigned m, unsigned d);

/** The names of an enum's values (a value is its name's index), for cw__name_lookup. */
typedef struct {
	const char *const *names;
	size_t count;
	const char *what;     /* what a name names, for the error: "report format" */
	const char *expected; /* the names as the error lists them */
} cw_name_table;

/**
 * The index of `name` (NUL-terminated, may be NULL) in `t`, into *out;
 * otherwise CW_EINVALID "unknown WHAT 'NAME' (expected EXPECTED)".
 */
int cw__name_lookup(int *out, const cw_name_table *t, const char *name);

/**
 * A name and the value it stands for (a keyword table), for
 * cw__name_value_find; for the names of an enum's consecutive values,
 * with the error an unknown name gets, see cw_name_table above.
 */
typedef struct {
	const char *name;
	int value;
} cw_name_value;

#define CW_NAME_VALUES(table) (table), (sizeof(table) / sizeof((table)[0]))

/** The entry of the `count` in `t` named exactly by the `len` bytes at `name`; NULL if none. */
const cw_name_value *cw__name_value_find(const cw_name_value *t, size_t count, const char *name,
                                         size_t len);

/**
 * Append `s` (NULL: nothing) with every byte c < 128 for which map[c] is
 * not NULL written as map[c] ("" drops the byte); stops at the first error.
 */
int cw__buf_escape(cw_buf *out, const char *s, const char *const map[128]);

/** Append `s` with <, >, & and " as HTML entities. */
int cw__html_escape(cw_buf *out, const char *s);

#endif
