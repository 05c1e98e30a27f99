/*
 * match/jtree.h - a small JSON tree that remembers where each value starts,
 * for documents whose *semantic* errors must say file:line:col (VEX files,
 * baseline reports).  jansson's DOM forgets positions; this builds on the
 * pull tokenizer (inventory/jsonpull.h), which validates RFC 8259.
 * Everything lives in the caller's arena.
 */
#ifndef CW_MATCH_JTREE_H
#define CW_MATCH_JTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

typedef enum { CW_JT_NULL, CW_JT_BOOL, CW_JT_NUMBER, CW_JT_STRING, CW_JT_ARRAY, CW_JT_OBJECT } cw_jt_type;

typedef struct cw__jt cw__jt;
struct cw__jt {
	cw_jt_type type;
	size_t offset;           /* byte offset of the value's first character */
	const char *str;         /* STRING (decoded, NUL-terminated), NUMBER text; "true"/"false" */
	size_t len;              /* of str */
	const char **keys;       /* OBJECT: member names (duplicates kept; lookups take the last) */
	cw__jt **items;          /* ARRAY elements, OBJECT member values */
	size_t count;
};

typedef struct {
	const char *path;        /* names the input in messages */
	const char *data;
	size_t len;
	cw__jt *root;
} cw__jt_doc;

/* Most values accepted in one document, and the deepest nesting. */
#define CW_JT_MAX_NODES ((size_t)1 << 22)
#define CW_JT_MAX_DEPTH 64

/* Parse `len` bytes; `data` must outlive the doc.  Errors: "path:line:col: reason". */
int cw__jt_parse(cw__jt_doc *doc, cw_arena *arena, const char *path, const char *data, size_t len);

/* obj[key] (the last such member), or NULL (also when obj is not an object). */
const cw__jt *cw__jt_get(const cw__jt *obj, const char *key);

/* obj[key] when it is a string, else NULL. */
const char *cw__jt_str(const cw__jt *obj, const char *key);

/* Fail at `node` (NULL: the start): CW_EINVALID with "path:line:col: msg". */
int cw__jt_error(const cw__jt_doc *doc, const cw__jt *node, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
