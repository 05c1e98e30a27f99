/*
 * jflat.h - a small, allocation-light JSON reader for the OSV ingest fast
 * path: one pass over a record builds a flat tree (an array of nodes, with
 * decoded strings in one buffer sized from the input), reused from record
 * to record.  It accepts only what jansson (util/json.h, flags
 * JSON_DECODE_ANY | JSON_ALLOW_NUL) reads to the same values and dumps back
 * byte for byte: anything else (a syntax error, -0, a real out of range, integers
 * of more than 18 digits, \u0000, duplicate member names, nesting deeper
 * than CW_KBJ_MAX_DEPTH) makes the parser decline, and the caller falls
 * back to the jansson path, which gives the error message or the value.
 */
#ifndef CW_KB_JFLAT_H
#define CW_KB_JFLAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

#define CW_KBJ_MAX_DEPTH 64

typedef enum {
	CW_KBJ_NULL, CW_KBJ_TRUE, CW_KBJ_FALSE, CW_KBJ_INT, CW_KBJ_REAL, CW_KBJ_STRING,
	CW_KBJ_ARRAY, CW_KBJ_OBJECT
} cw__kbj_type;

typedef struct {
	uint8_t type;
	uint32_t next;      /* next sibling (0: none; node 0 is the root) */
	uint32_t first;     /* first child of an array or object (0: none) */
	uint32_t count;     /* children */
	uint32_t key_len, len;
	const char *key;    /* member name, decoded, NUL-terminated (NULL in arrays) */
	const char *str;    /* string: decoded, NUL-terminated; number: its text */
} cw__kbj_node;

typedef struct cw__kbj_doc_s {
	cw__kbj_node *nodes;
	size_t count, cap;
	char *strings;      /* decoded strings, capacity >= input length + 1 */
	size_t strings_len, strings_cap;
} cw__kbj_doc;

/*
 * Parse `len` bytes.  0: parsed (root is node 0); 1: declined (see above;
 * the document may still be valid JSON); CW_ENOMEM.
 */
int cw__kbj_parse(cw__kbj_doc *doc, const char *data, size_t len);
void cw__kbj_free(cw__kbj_doc *doc);

/*
 * Build the flat tree of a jansson value (the OSV record reader's way in
 * for what cw__kbj_parse declines), so that one checker and one writer
 * serve both readers.  Strings and keys point into `root`, which must
 * outlive the tree; numbers get the text jansson would dump.  0 or
 * CW_ENOMEM.
 */
struct json_t;
int cw__kbj_from_json(cw__kbj_doc *doc, const struct json_t *root);

/* Member `key` of object node `obj`, or 0 when absent or `obj` is no object. */
uint32_t cw__kbj_get(const cw__kbj_doc *doc, uint32_t obj, const char *key);

/* Append node `n` as compact JSON exactly as json_dumps(JSON_COMPACT) writes it. */
int cw__kbj_dump(const cw__kbj_doc *doc, uint32_t n, cw_buf *out);
/* Append the string `s` (NUL-terminated) quoted and escaped as jansson does. */
int cw__kbj_dump_string(const char *s, size_t len, cw_buf *out);

#endif
