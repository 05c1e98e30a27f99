/*
 * parser.h - state shared by the files of the TOML parser (not an API).
 *
 * parse.c drives the document (keys, headers, tables, arrays, the
 * redefinition rules), scalar.c decodes strings, numbers, booleans and
 * dates, dom.c stores tables and answers lookups.
 */
#ifndef CW_TOML_PARSER_H
#define CW_TOML_PARSER_H

#include "toml/toml.h"
#include "chainwarden/common.h"
#include "util/buf.h"
#include "util/map.h"

/* cw_toml_value.flags: how a table or array came to exist. */
enum {
	CW_TOML_F_IMPLICIT = 1 << 0, /* table created as a parent by a [header] */
	CW_TOML_F_EXPLICIT = 1 << 1, /* table defined by its own [header] */
	CW_TOML_F_DOTTED = 1 << 2,   /* table created by a dotted key a.b = 1 */
	CW_TOML_F_INLINE = 1 << 3,   /* inline table or static array: sealed */
	CW_TOML_F_AOT = 1 << 4       /* array created by [[header]] */
};

typedef struct {
	const char *data;
	size_t len;
	size_t pos;
	const char *path;
	cw_arena *arena;
	uint32_t line;          /* 1-based line of `pos` */
	size_t line_start;      /* offset of the first byte of that line */
	cw_buf scratch;         /* decoding strings with escapes */
	cw_map keys;            /* interned keys: lockfiles repeat a few names */
	const char *recent[64]; /* direct-mapped cache in front of `keys` */
	size_t recent_len[64];
} cw_toml_parser;

/** Set error `code` at byte `offset` ("path:line:col: msg"); returns `code`. */
int cw__toml_error_code_at(cw_toml_parser *p, int code, size_t offset, const char *fmt, ...) CW_PRINTF(4, 5);
/** A CW_EINVALID error at byte `offset`. */
#define cw__toml_error_at(p, offset, ...) cw__toml_error_code_at(p, CW_EINVALID, offset, __VA_ARGS__)

/** Column (1-based) of `offset`, which must be on the current line. */
static inline uint32_t cw__toml_col(const cw_toml_parser *p, size_t offset)
{
	return (uint32_t)(offset - p->line_start + 1);
}

/** Account for a newline whose '\n' is at `offset`. */
static inline void cw__toml_newline(cw_toml_parser *p, size_t offset)
{
	p->line++;
	p->line_start = offset + 1;
}

/** A new value of `type` at the current position. NULL on allocation failure. */
cw_toml_value *cw__toml_new(cw_toml_parser *p, int type, size_t offset, unsigned depth);

/* ---- scalar.c: each starts at p->pos and leaves p->pos after the value */

/** A string (p->pos at its opening quote); multi-line forms when allow_multi. */
int cw__toml_parse_string(cw_toml_parser *p, bool allow_multi, const char **out, size_t *out_len);

/** A number, boolean or date/time value into `v` (type set here). */
int cw__toml_parse_scalar(cw_toml_parser *p, cw_toml_value *v);

/* ---- dom.c -------------------------------------------------------- */

/** `key` (len bytes) copied into the arena once per document; NULL on failure. */
const char *cw__toml_intern(cw_toml_parser *p, const char *key, size_t len);

cw_toml_value *cw__toml_table_find(const cw_toml_value *table, const char *key, size_t len);
/** Append `key` (arena-owned, see cw__toml_intern) to a table, no duplicate check. */
int cw__toml_table_insert(cw_arena *arena, cw_toml_value *table, const char *key, size_t len,
                          cw_toml_value *value);
int cw__toml_array_push(cw_arena *arena, cw_toml_value *array, cw_toml_value *value);

/* ---- parse.c ------------------------------------------------------ */

/** Parse `path` as a dotted TOML key into at most `max` parts. */
int cw__toml_split_key(cw_arena *arena, const char *path, size_t len, const char **parts,
                       size_t *part_lens, size_t max, size_t *count);

#endif
