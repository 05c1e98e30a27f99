/*
 * json.h - the one JSON interface of the library.
 *
 * Reading: documents are parsed with jansson (Debian's libjansson) into a
 * DOM; cw__json_parse() turns jansson's error into the project's error with
 * "path:line:col: reason".  Modules read values through jansson's accessors
 * (json_object_get, json_string_value, ...) on the cw_json type; a module
 * that needs streaming (huge lockfiles) uses its own pull parser behind the
 * same error conventions.
 *
 * Writing: cw_jw, a streaming writer into a cw_buf, which is deterministic
 * (keys in call order), escapes per RFC 8259 and pretty-prints on request.
 */
#ifndef CW_UTIL_JSON_H
#define CW_UTIL_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "util/buf.h"

typedef json_t cw_json;

/** Maximum nesting accepted by the writer (the reader is bounded by jansson). */
#define CW_JSON_MAX_DEPTH 256

/**
 * Parse `len` bytes of JSON.  `path` names the input in error messages
 * (may be NULL).  The caller releases *out with cw__json_free().
 */
int cw__json_parse(cw_json **out, const char *data, size_t len, const char *path);

static inline void cw__json_free(cw_json *json)
{
	json_decref(json);
}

/** The string at `obj[key]`, or NULL when absent or not a string. */
const char *cw__json_get_str(const cw_json *obj, const char *key);

typedef struct {
	cw_buf *out;
	int depth;
	bool pretty;
	bool need_comma[CW_JSON_MAX_DEPTH + 1];
	bool after_key;
	int error;     /* first error, sticky: check once at the end */
} cw_jw;

void cw__jw_init(cw_jw *jw, cw_buf *out, bool pretty);
void cw__jw_object_begin(cw_jw *jw);
void cw__jw_object_end(cw_jw *jw);
void cw__jw_array_begin(cw_jw *jw);
void cw__jw_array_end(cw_jw *jw);
void cw__jw_key(cw_jw *jw, const char *key);
void cw__jw_string(cw_jw *jw, const char *str);          /* NULL writes null */
void cw__jw_string_n(cw_jw *jw, const char *str, size_t len);
void cw__jw_int(cw_jw *jw, int64_t value);
void cw__jw_double(cw_jw *jw, double value, int decimals);
void cw__jw_bool(cw_jw *jw, bool value);
void cw__jw_null(cw_jw *jw);

/** Shorthands for `"key": value` members. */
void cw__jw_member_string(cw_jw *jw, const char *key, const char *value);
void cw__jw_member_int(cw_jw *jw, const char *key, int64_t value);
void cw__jw_member_bool(cw_jw *jw, const char *key, bool value);
void cw__jw_member_double(cw_jw *jw, const char *key, double value, int decimals);

/** `"key": null` when value < 0, else `"key": true` / `false` (value > 0). */
void cw__jw_member_tristate(cw_jw *jw, const char *key, int value);

/** `"key": [` and `"key": {`. */
void cw__jw_key_array(cw_jw *jw, const char *key);
void cw__jw_key_object(cw_jw *jw, const char *key);
/** `"key": {` when `present` (the caller writes the members and ends the
 *  object), else `"key": null`; returns `present`. */
bool cw__jw_key_object_if(cw_jw *jw, const char *key, bool present);
/** `"key": [...]`: the `count` strings of `items` (a NULL item writes null). */
void cw__jw_member_strings(cw_jw *jw, const char *key, const char *const *items, size_t count);

/** A string member; for cw__jw_members() a NULL value leaves the member out. */
typedef struct {
	const char *key;
	const char *value;
} cw_jw_pair;

#define CW_JW_COUNT(pairs) (sizeof(pairs) / sizeof((pairs)[0]))

/** The members of `pairs` whose value is not NULL, in order. */
void cw__jw_members(cw_jw *jw, const cw_jw_pair *pairs, size_t count);
/** Every member of `pairs`, in order; a NULL value writes null. */
void cw__jw_members_all(cw_jw *jw, const cw_jw_pair *pairs, size_t count);
/** An object of those members. */
void cw__jw_object_of(cw_jw *jw, const cw_jw_pair *pairs, size_t count);

/** 0, or the first error met while writing (also left in cw_error_last()). */
int cw__jw_finish(cw_jw *jw);

#endif
