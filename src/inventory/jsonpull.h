/*
 * jsonpull.h - a pull (streaming) JSON tokenizer for large lockfiles.
 *
 * jansson builds a DOM and forgets positions; lockfiles can be tens of MB
 * and every component needs its line.  This tokenizer walks the bytes once,
 * validates RFC 8259 grammar, counts lines, and hands out strings as slices
 * into the input (or into a scratch buffer when they contain escapes, valid
 * until the next token).  With `jsonc` it also accepts // and block comments
 * and trailing commas (bun.lock).
 */
#ifndef CW_INVENTORY_JSONPULL_H
#define CW_INVENTORY_JSONPULL_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/str.h"

#define CW_JP_MAX_DEPTH 512

typedef enum {
	CW_JP_EOF = 0,
	CW_JP_OBJECT,      /* '{' */
	CW_JP_OBJECT_END,  /* '}' */
	CW_JP_ARRAY,       /* '[' */
	CW_JP_ARRAY_END,   /* ']' */
	CW_JP_KEY,         /* a member name; str holds it */
	CW_JP_STRING,      /* str holds the decoded value */
	CW_JP_NUMBER,      /* str holds the text */
	CW_JP_TRUE,
	CW_JP_FALSE,
	CW_JP_NULL
} cw_jp_tok;

typedef struct {
	const char *data;
	size_t len, pos;
	size_t line;          /* line of `pos` */
	size_t tok_line;      /* line where the last token started */
	size_t tok_offset;
	const char *path;
	bool jsonc;
	int depth;
	int state;
	unsigned char stack[CW_JP_MAX_DEPTH];
	cw_slice str;
	bool str_in_data;     /* str points into data (stable) */
	cw_buf scratch;
	bool releasable;      /* data is a private file mapping (page-aligned) */
	size_t released;      /* bytes before this offset were given back */
} cw__jp;

void cw__jp_init(cw__jp *p, const char *path, const char *data, size_t len, bool jsonc);
void cw__jp_free(cw__jp *p);

/* The next token in *tok; 0 or CW_EINVALID/CW_ELIMIT with "path:line:col: reason". */
int cw__jp_next(cw__jp *p, cw_jp_tok *tok);

/* Skip the value whose first token was `tok` (no-op for scalars). */
int cw__jp_skip(cw__jp *p, cw_jp_tok tok);

/*
 * Give the pages of the input before the current token back to the kernel
 * (only for a releasable, mmap'd input, in steps of a few MB): for huge
 * lockfiles the caller calls this between entries once it keeps no slice
 * into what was read.  Reading a released page again re-reads the file.
 */
void cw__jp_release(cw__jp *p);

/* The current string as a stable copy in `arena` (even when in the input). */
int cw__jp_copy(cw__jp *p, cw_arena *arena, cw_slice *out);

/* The current string as a stable slice: in the input, or copied to `arena`. */
int cw__jp_keep(cw__jp *p, cw_arena *arena, cw_slice *out);

/* Fail at the current token: "path:line:col: msg". */
int cw__jp_error(cw__jp *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Read one token and require it to be `want` (message names `what`). */
int cw__jp_expect(cw__jp *p, cw_jp_tok want, const char *what);

/*
 * Helpers for the loops every extractor writes:
 *
 *   if ((error = cw__jp_enter_object(p)) <= 0) return error;  (not an object: skipped)
 *   while ((error = cw__jp_member(p)) > 0) { ...key in p->str, then read its value... }
 *   return error;
 */
/* Read the next value: 1 when it opens an object, 0 when it was another value (skipped). */
int cw__jp_enter_object(cw__jp *p);
/* Inside an object: 1 when the next member's key was read (in p->str), 0 at the object's end. */
int cw__jp_member(cw__jp *p);
/* Read the next value and skip it. */
int cw__jp_skip_next(cw__jp *p);
/* Read the next value: a string is kept in *out (cw__jp_keep; returns 1), anything else
 * skipped (returns 0). */
int cw__jp_next_str(cw__jp *p, cw_arena *arena, cw_slice *out);

static inline bool cw__jp_is(const cw__jp *p, const char *lit)
{
	size_t n = strlen(lit);
	return p->str.len == n && memcmp(p->str.ptr, lit, n) == 0;
}

#endif
