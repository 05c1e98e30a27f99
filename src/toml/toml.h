/*
 * toml.h - TOML 1.0 parser into an arena-allocated DOM (internal API).
 *
 * Spec: https://toml.io/en/v1.0.0 (TOML 1.0.0; 1.1 additions such as \e,
 * \xHH, optional seconds or multi-line inline tables are rejected).
 *
 * Used by the inventory extractors for Cargo.lock, poetry.lock, uv.lock,
 * pdm.lock, pylock.toml, pyproject.toml and gradle/libs.versions.toml.
 *
 *   cw_arena arena = CW_ARENA_INIT;
 *   const cw_toml_value *root, *pkgs;
 *   if ((error = cw__toml_parse(&root, &arena, data, len, "Cargo.lock")) < 0)
 *           goto done;          // message: "Cargo.lock:12:5: expected ..."
 *   pkgs = cw__toml_get(root, "package");
 *   for (size_t i = 0; i < cw__toml_array_len(pkgs); i++) {
 *           const cw_toml_value *p = cw__toml_array_at(pkgs, i);
 *           const char *name = cw__toml_get_str(p, "name");   // NULL if absent
 *           ... p->line is the line of its [[package]] header ...
 *   }
 *   cw__arena_free(&arena);     // releases the whole document
 *
 * Every value (and every table, including implicit ones) remembers the
 * 1-based line and column where it starts, for "file:line" reports.  Table
 * keys keep document order.  Everything returned is borrowed from the
 * arena and valid until the arena is freed.
 */
#ifndef CW_TOML_TOML_H
#define CW_TOML_TOML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

/** Maximum nesting of tables and arrays (headers, dotted keys, inline values). */
#define CW_TOML_MAX_DEPTH 128

typedef enum {
	CW_TOML_TABLE = 1,
	CW_TOML_ARRAY,
	CW_TOML_STRING,
	CW_TOML_INTEGER,
	CW_TOML_FLOAT,
	CW_TOML_BOOL,
	CW_TOML_DATETIME,       /**< offset date-time: 1979-05-27T07:32:00Z */
	CW_TOML_DATETIME_LOCAL, /**< local date-time: 1979-05-27T07:32:00 */
	CW_TOML_DATE_LOCAL,     /**< local date: 1979-05-27 */
	CW_TOML_TIME_LOCAL      /**< local time: 07:32:00 */
} cw_toml_type;

/** A date, time or both; which fields are meaningful depends on the type. */
typedef struct {
	int16_t year;                 /**< 0..9999 */
	uint8_t month, day;           /**< 1..12, 1..31 (validated against the month) */
	uint8_t hour, minute, second; /**< 0..23, 0..59, 0..60 (leap second) */
	uint8_t frac_digits;          /**< fraction digits written (0..9 kept) */
	uint32_t nanosecond;          /**< fraction, truncated to nanoseconds */
	int16_t offset_minutes;       /**< CW_TOML_DATETIME only: +-(0..23*60+59) */
	bool offset_z;                /**< CW_TOML_DATETIME only: written as Z */
} cw_toml_datetime;

typedef struct cw_toml_value cw_toml_value;

/** One key of a table, in document order. */
typedef struct {
	const char *key; /**< decoded, NUL-terminated (may contain NUL: use
	                      key_len); equal keys of one document share storage */
	size_t key_len;
	cw_toml_value *value;
} cw_toml_entry;

struct cw_toml_value {
	uint8_t type;   /**< a cw_toml_type */
	uint8_t flags;  /**< parser bookkeeping; not for callers */
	uint16_t depth; /**< nesting depth (root table is 0) */
	uint32_t line;  /**< 1-based line where the value or table starts */
	uint32_t col;   /**< 1-based column (bytes) */
	union {
		struct {
			const char *ptr; /**< decoded UTF-8, NUL-terminated */
			size_t len;
		} str;
		int64_t integer;
		double fp;
		bool boolean;
		cw_toml_datetime dt;
		struct {
			cw_toml_value **items;
			uint32_t len, cap;
		} array;
		struct {
			cw_toml_entry *items;
			uint32_t len, cap;
			uint32_t *index; /* hash index into items (+1), or NULL */
			uint32_t index_cap;
		} table;
	} u;
};

/**
 * Parse `len` bytes of TOML 1.0 into a root table allocated in `arena`.
 * `path` names the input in error messages ("path:line:col: expected ...");
 * it may be NULL.  The input needs no NUL terminator and is not referenced
 * after the call.  Returns 0, CW_EINVALID for malformed input, CW_ELIMIT
 * when nesting exceeds CW_TOML_MAX_DEPTH or the arena cap is reached.
 * On failure *out is NULL; what was allocated stays in the arena until it
 * is freed.
 */
int cw__toml_parse(const cw_toml_value **out, cw_arena *arena, const char *data, size_t len,
                   const char *path);

/** Name of a type ("string", "table", "datetime-local", ...). */
const char *cw__toml_type_name(int type);

/* ---- lookups (all accept NULL and wrong types, returning NULL/0) ----- */

/** The value at `key` (exact, NUL-terminated) in a table, or NULL. */
const cw_toml_value *cw__toml_get(const cw_toml_value *table, const char *key);

/** Same with a key of `key_len` bytes. */
const cw_toml_value *cw__toml_get_n(const cw_toml_value *table, const char *key, size_t key_len);

/**
 * The value at a dotted path written as a TOML key: `tool.poetry.name`,
 * `metadata."files.x"`.  Each part before the last must be a table (an
 * array of tables is not traversed).  NULL if absent or if `path` is not
 * a valid TOML key.
 */
const cw_toml_value *cw__toml_get_path(const cw_toml_value *table, const char *path);

/** The string at `key`, or NULL if absent or not a string. */
const char *cw__toml_get_str(const cw_toml_value *table, const char *key);

/** The string value of `v` (and its length in *len if not NULL), or NULL. */
const char *cw__toml_str(const cw_toml_value *v, size_t *len);

/** Store the integer value of `v` in *out; false if `v` is not an integer. */
bool cw__toml_int(const cw_toml_value *v, int64_t *out);

/** Store the boolean value of `v` in *out; false if `v` is not a boolean. */
bool cw__toml_bool(const cw_toml_value *v, bool *out);

/** Number of elements of an array (0 for anything else). */
size_t cw__toml_array_len(const cw_toml_value *array);

/** Element `i` of an array, or NULL when out of range or not an array. */
const cw_toml_value *cw__toml_array_at(const cw_toml_value *array, size_t i);

/** Number of keys in a table (0 for anything else). */
size_t cw__toml_table_len(const cw_toml_value *table);

/** Key `i` of a table in document order, or NULL when out of range. */
const cw_toml_entry *cw__toml_table_at(const cw_toml_value *table, size_t i);

/**
 * Format a date/time value the way RFC 3339 / TOML writes it (a 'T'
 * separator, fraction digits as written, 'Z' or +HH:MM), into `buf` of
 * `size` bytes (40 is enough).  Returns the length, or 0 if `v` is not a
 * date/time.
 */
size_t cw__toml_datetime_format(const cw_toml_value *v, char *buf, size_t size);

#endif
