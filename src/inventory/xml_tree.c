/*
 * xml_tree.c - XML element tree on libexpat (see xml_tree.h).
 */
#include "inventory/xml_tree.h"

#include <expat.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/vec.h"

#define XML_MAX_DEPTH 128
#define XML_MAX_NODES ((size_t)1 << 22)

typedef CW_VEC(cw_xnode *) node_vec;

typedef struct {
	XML_Parser parser;
	cw_arena *arena;
	const char *path;
	cw_xnode *root;
	cw_xnode *stack[XML_MAX_DEPTH];
	node_vec kids[XML_MAX_DEPTH];   /* children being collected per open element */
	cw_buf text[XML_MAX_DEPTH];
	int depth;
	size_t nodes;
	int error;
} xstate;

static void stop(xstate *x, int error)
{
	if (!x->error)
		x->error = error;
	XML_StopParser(x->parser, XML_FALSE);
}

static void on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	xstate *x = ud;
	cw_xnode *n;
	size_t na = 0;

	if (x->error)
		return;
	if (x->depth >= XML_MAX_DEPTH || ++x->nodes > XML_MAX_NODES) {
		stop(x, cw__error_set_at(CW_ELIMIT, x->path, (size_t)XML_GetCurrentLineNumber(x->parser),
		                         (size_t)XML_GetCurrentColumnNumber(x->parser) + 1,
		                         x->depth >= XML_MAX_DEPTH ? "elements nested too deep" : "too many elements"));
		return;
	}
	while (attrs[na])
		na++;
	if (!(n = cw__arena_calloc(x->arena, 1, sizeof(*n))) ||
	    !(n->name = cw__arena_strdup(x->arena, name)) ||
	    !(n->attrs = cw__arena_calloc(x->arena, na + 1, sizeof(char *)))) {
		stop(x, cw_error_last()->code);
		return;
	}
	for (size_t i = 0; i < na; i++)
		if (!(n->attrs[i] = cw__arena_strdup(x->arena, attrs[i]))) {
			stop(x, cw_error_last()->code);
			return;
		}
	n->line = (size_t)XML_GetCurrentLineNumber(x->parser);
	if (x->depth > 0) {
		int e = cw_vec_push(&x->kids[x->depth - 1], n);
		if (e < 0) {
			stop(x, e);
			return;
		}
	} else {
		x->root = n;
	}
	x->stack[x->depth] = n;
	x->kids[x->depth].len = 0;
	cw__buf_clear(&x->text[x->depth]);
	x->depth++;
}

static void on_end(void *ud, const XML_Char *name)
{
	xstate *x = ud;
	(void)name;
	if (x->error || x->depth <= 0)
		return;
	x->depth--;
	cw_xnode *n = x->stack[x->depth];
	node_vec *k = &x->kids[x->depth];
	cw_buf *t = &x->text[x->depth];
	size_t s = 0, e = t->len;
	while (s < e && (t->ptr[s] == ' ' || t->ptr[s] == '\n' || t->ptr[s] == '\r' || t->ptr[s] == '\t'))
		s++;
	while (e > s && (t->ptr[e - 1] == ' ' || t->ptr[e - 1] == '\n' || t->ptr[e - 1] == '\r' || t->ptr[e - 1] == '\t'))
		e--;
	if (!(n->text = cw__arena_strndup(x->arena, t->ptr ? t->ptr + s : "", e - s))) {
		stop(x, cw_error_last()->code);
		return;
	}
	if (k->len) {
		if (!(n->children = cw__arena_alloc(x->arena, k->len * sizeof(cw_xnode *)))) {
			stop(x, cw_error_last()->code);
			return;
		}
		memcpy(n->children, k->items, k->len * sizeof(cw_xnode *));
		n->count = k->len;
	}
}

static void on_text(void *ud, const XML_Char *s, int len)
{
	xstate *x = ud;
	int e;
	if (x->error || x->depth <= 0)
		return;
	if ((e = cw__buf_put(&x->text[x->depth - 1], s, (size_t)len)) < 0)
		stop(x, e);
}

static void on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid, int has_internal)
{
	xstate *x = ud;
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal;
	stop(x, cw__error_set_at(CW_EINVALID, x->path, (size_t)XML_GetCurrentLineNumber(x->parser),
	                         (size_t)XML_GetCurrentColumnNumber(x->parser) + 1,
	                         "document type declarations are not accepted"));
}

int cw__xml_parse(cw_xnode **out, cw_arena *arena, const char *path, const char *data, size_t len)
{
	xstate *x = calloc(1, sizeof(*x));
	int error = 0;

	*out = NULL;
	if (!x)
		return cw__error_oom();
	x->arena = arena;
	x->path = path;
	if (!(x->parser = XML_ParserCreate(NULL))) {
		free(x);
		return cw__error_oom();
	}
	XML_SetUserData(x->parser, x);
	XML_SetElementHandler(x->parser, on_start, on_end);
	XML_SetCharacterDataHandler(x->parser, on_text);
	XML_SetStartDoctypeDeclHandler(x->parser, on_doctype);
	/* Feed in pieces: XML_Parse takes an int length. */
	size_t off = 0;
	do {
		size_t n = len - off > ((size_t)1 << 30) ? (size_t)1 << 30 : len - off;
		bool last = off + n == len;
		if (XML_Parse(x->parser, data + off, (int)n, last) == XML_STATUS_ERROR) {
			error = x->error ? x->error
			        : cw__error_set_at(CW_EINVALID, path, (size_t)XML_GetCurrentLineNumber(x->parser),
			                           (size_t)XML_GetCurrentColumnNumber(x->parser) + 1, "%s",
			                           XML_ErrorString(XML_GetErrorCode(x->parser)));
			goto done;
		}
		off += n;
	} while (off < len);
	if (x->error) {
		error = x->error;
		goto done;
	}
	if (!x->root) {
		error = cw__error_set_at(CW_EINVALID, path, 1, 1, "no XML element");
		goto done;
	}
	*out = x->root;
done:
	XML_ParserFree(x->parser);
	for (int i = 0; i < XML_MAX_DEPTH; i++) {
		cw_vec_free(&x->kids[i]);
		cw__buf_free(&x->text[i]);
	}
	free(x);
	return error;
}

const cw_xnode *cw__xml_child(const cw_xnode *node, const char *name)
{
	if (!node)
		return NULL;
	for (size_t i = 0; i < node->count; i++)
		if (!strcmp(node->children[i]->name, name))
			return node->children[i];
	return NULL;
}

const char *cw__xml_child_text(const cw_xnode *node, const char *name)
{
	const cw_xnode *c = cw__xml_child(node, name);
	return c ? c->text : NULL;
}

static const char *attr(const cw_xnode *node, const char *name, int (*cmp)(const char *, const char *))
{
	if (!node)
		return NULL;
	for (size_t i = 0; node->attrs[i]; i += 2)
		if (!cmp(node->attrs[i], name))
			return node->attrs[i + 1];
	return NULL;
}

const char *cw__xml_attr(const cw_xnode *node, const char *name)
{
	return attr(node, name, strcmp);
}

const char *cw__xml_attr_nocase(const cw_xnode *node, const char *name)
{
	return attr(node, name, strcasecmp);
}
