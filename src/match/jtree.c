/*
 * jtree.c - a positioned JSON tree over the pull tokenizer (see jtree.h).
 * RFC 8259 (the tokenizer's grammar, no JSONC); nesting and value count
 * capped so a hostile document cannot exhaust the stack or memory.
 */
#include "match/jtree.h"
#include "inventory/jsonpull.h"
#include "util/error.h"
#include "util/vec.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct {
	cw__jp p;
	cw_arena *arena;
	size_t nodes;
} ctx;

static int value(ctx *c, cw_jp_tok tok, cw__jt **out, int depth);

static cw__jt *new_node(ctx *c, cw_jt_type type)
{
	cw__jt *n;
	if (++c->nodes > CW_JT_MAX_NODES) {
		cw__jp_error(&c->p, "more than %zu JSON values", (size_t)CW_JT_MAX_NODES);
		return NULL;
	}
	if (!(n = cw__arena_calloc(c->arena, 1, sizeof(*n))))
		return NULL;
	n->type = type;
	n->offset = c->p.tok_offset;
	return n;
}

static int container(ctx *c, cw__jt *n, bool object, int depth)
{
	CW_VEC(cw__jt *) items = CW_VEC_INIT;
	CW_VEC(const char *) keys = CW_VEC_INIT;
	cw_jp_tok tok;
	int error;
	if (depth >= CW_JT_MAX_DEPTH) {
		error = cw__jp_error(&c->p, "nesting deeper than %d levels", CW_JT_MAX_DEPTH);
		goto done;
	}
	for (;;) {
		cw__jt *child = NULL;
		if ((error = cw__jp_next(&c->p, &tok)) < 0)
			goto done;
		if (tok == (object ? CW_JP_OBJECT_END : CW_JP_ARRAY_END))
			break;
		if (object) {
			char *key = cw__arena_strndup(c->arena, c->p.str.ptr, c->p.str.len);
			if (!key || (error = cw_vec_push(&keys, key)) < 0 ||
			    (error = cw__jp_next(&c->p, &tok)) < 0) {
				error = error < 0 ? error : cw_error_last()->code;
				goto done;
			}
		}
		if ((error = value(c, tok, &child, depth + 1)) < 0 || (error = cw_vec_push(&items, child)) < 0)
			goto done;
	}
	n->count = items.len;
	if (items.len) {
		if (!(n->items = cw__arena_alloc(c->arena, items.len * sizeof(*n->items))) ||
		    (object && !(n->keys = cw__arena_alloc(c->arena, items.len * sizeof(*n->keys))))) {
			error = cw_error_last()->code;
			goto done;
		}
		memcpy(n->items, items.items, items.len * sizeof(*n->items));
		if (object)
			memcpy(n->keys, keys.items, items.len * sizeof(*n->keys));
	}
	error = 0;
done:
	cw_vec_free(&items);
	cw_vec_free(&keys);
	return error;
}

static int value(ctx *c, cw_jp_tok tok, cw__jt **out, int depth)
{
	cw__jt *n;
	cw_jt_type type;
	switch (tok) {
	case CW_JP_OBJECT: type = CW_JT_OBJECT; break;
	case CW_JP_ARRAY: type = CW_JT_ARRAY; break;
	case CW_JP_STRING: type = CW_JT_STRING; break;
	case CW_JP_NUMBER: type = CW_JT_NUMBER; break;
	case CW_JP_TRUE: case CW_JP_FALSE: type = CW_JT_BOOL; break;
	case CW_JP_NULL: type = CW_JT_NULL; break;
	default: return cw__jp_error(&c->p, "expected a JSON value");
	}
	if (!(n = new_node(c, type)))
		return cw_error_last()->code;
	*out = n;
	if (type == CW_JT_OBJECT || type == CW_JT_ARRAY)
		return container(c, n, type == CW_JT_OBJECT, depth);
	if (type == CW_JT_STRING || type == CW_JT_NUMBER) {
		char *s = cw__arena_strndup(c->arena, c->p.str.ptr, c->p.str.len);
		if (!s)
			return cw_error_last()->code;
		n->str = s;
		n->len = c->p.str.len;
	} else if (type == CW_JT_BOOL) {
		n->str = tok == CW_JP_TRUE ? "true" : "false";
		n->len = strlen(n->str);
	}
	return 0;
}

int cw__jt_parse(cw__jt_doc *doc, cw_arena *arena, const char *path, const char *data, size_t len)
{
	ctx c;
	cw_jp_tok tok;
	int error;
	memset(doc, 0, sizeof(*doc));
	doc->path = path;
	doc->data = data;
	doc->len = len;
	memset(&c, 0, sizeof(c));
	c.arena = arena;
	cw__jp_init(&c.p, path, data, len, false);
	if ((error = cw__jp_next(&c.p, &tok)) < 0)
		goto done;
	if (tok == CW_JP_EOF) {
		error = cw__jp_error(&c.p, "empty document: expected a JSON object");
		goto done;
	}
	if ((error = value(&c, tok, &doc->root, 0)) < 0 || (error = cw__jp_next(&c.p, &tok)) < 0)
		goto done;
	if (tok != CW_JP_EOF)
		error = cw__jp_error(&c.p, "unexpected data after the JSON value");
done:
	cw__jp_free(&c.p);
	return error;
}

const cw__jt *cw__jt_get(const cw__jt *obj, const char *key)
{
	if (!obj || obj->type != CW_JT_OBJECT)
		return NULL;
	for (size_t i = obj->count; i-- > 0;)
		if (!strcmp(obj->keys[i], key))
			return obj->items[i];
	return NULL;
}

const char *cw__jt_str(const cw__jt *obj, const char *key)
{
	const cw__jt *v = cw__jt_get(obj, key);
	return v && v->type == CW_JT_STRING ? v->str : NULL;
}

int cw__jt_error(const cw__jt_doc *doc, const cw__jt *node, const char *fmt, ...)
{
	char msg[512];
	size_t line, col;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cw__error_position(doc->data, doc->len, node ? node->offset : 0, &line, &col);
	return cw__error_set_at(CW_EINVALID, doc->path ? doc->path : "<json>", line, col, "%s", msg);
}
