/*
 * expression.c - SPDX license expressions: parse, print, simplify.
 *
 * Grammar: SPDX specification 2.3, Annex D
 * (https://spdx.github.io/spdx-spec/v2.3/SPDX-license-expressions/):
 *
 *   or-expr   = and-expr *("OR" and-expr)
 *   and-expr  = with-expr *("AND" with-expr)
 *   with-expr = primary ["WITH" exception-id]
 *   primary   = "(" or-expr ")" / license-id ["+"] / license-ref
 *
 * Operators are case-sensitive per the spec (lowercase accepted with
 * CW_LICENSE_PARSE_LAX_OPERATORS); ids are case-insensitive and printed in
 * the list's case.  Nodes live in an arena owned by the expression.
 */
#include "chainwarden/license.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/str.h"
#include "license/expr_node.h"

#define MAX_DEPTH 64

typedef struct {
	const char *s;
	size_t len, pos;
	unsigned flags;
	cw_arena *arena;
	int depth;
} parser;

static void skip_space(parser *p)
{
	while (p->pos < p->len && cw_is_space((unsigned char)p->s[p->pos]))
		p->pos++;
}

static bool is_id_char(char c)
{
	return cw_is_alnum((unsigned char)c) || c == '-' || c == '.';
}

/* The next word (id characters and ':'), without consuming it. */
static cw_slice peek_word(parser *p)
{
	size_t end;
	skip_space(p);
	end = p->pos;
	while (end < p->len && (is_id_char(p->s[end]) || p->s[end] == ':'))
		end++;
	return (cw_slice){ p->s + p->pos, end - p->pos };
}

static int fail(parser *p, const char *expected)
{
	skip_space(p);
	if (p->pos >= p->len)
		return cw__error_set(CW_EINVALID, "license expression, column %zu: expected %s, "
		                     "found the end", p->pos + 1, expected);
	cw_slice w = peek_word(p);
	if (!w.len)
		w.len = 1;
	return cw__error_set(CW_EINVALID, "license expression, column %zu: expected %s, found '%.*s'",
	                     p->pos + 1, expected, (int)(w.len > 40 ? 40 : w.len), w.ptr);
}

static bool is_operator(parser *p, cw_slice w, const char *op)
{
	cw_slice o = cw_slice_of(op);
	if (cw__slice_eq(w, o))
		return true;
	return (p->flags & CW_LICENSE_PARSE_LAX_OPERATORS) && cw__slice_eq_nocase(w, o);
}

static node *new_node(parser *p, node_kind kind)
{
	node *n = cw__arena_calloc(p->arena, 1, sizeof(node));
	if (n)
		n->kind = kind;
	return n;
}

static bool valid_idstring(cw_slice s)
{
	if (!s.len)
		return false;
	for (size_t i = 0; i < s.len; i++)
		if (!is_id_char(s.ptr[i]))
			return false;
	return true;
}

/* "[DocumentRef-x:]<prefix>y" with idstrings x and y. */
static bool valid_ref(cw_slice w, const char *prefix)
{
	cw_slice pre = cw_slice_of(prefix);
	const char *colon = memchr(w.ptr, ':', w.len);
	if (colon) {
		cw_slice doc = { w.ptr, (size_t)(colon - w.ptr) };
		if (!cw__slice_starts_with(doc, CW_SLICE("DocumentRef-")) ||
		    !valid_idstring((cw_slice){ doc.ptr + 12, doc.len - 12 }))
			return false;
		w = (cw_slice){ colon + 1, w.len - doc.len - 1 };
	}
	return cw__slice_starts_with(w, pre) &&
	       valid_idstring((cw_slice){ w.ptr + pre.len, w.len - pre.len });
}

static int parse_or(parser *p, node **out);

static int parse_simple(parser *p, node **out)
{
	cw_slice w = peek_word(p);
	node *n;
	if (!w.len || is_operator(p, w, "AND") || is_operator(p, w, "OR") ||
	    is_operator(p, w, "WITH"))
		return fail(p, "a license id");
	if (!(n = new_node(p, NODE_LICENSE)))
		return cw_error_last()->code;
	if (memchr(w.ptr, ':', w.len) || cw__slice_starts_with(w, CW_SLICE("LicenseRef-"))) {
		if (!valid_ref(w, "LicenseRef-"))
			return fail(p, "LicenseRef-<id> or DocumentRef-<id>:LicenseRef-<id>");
		n->kind = NODE_REF;
		n->id = cw__arena_strndup(p->arena, w.ptr, w.len);
	} else {
		const cw_license_info *info = cw_license_lookup(w.ptr, w.len);
		if (!info && !(p->flags & CW_LICENSE_PARSE_ALLOW_UNKNOWN))
			return fail(p, "a license id from the SPDX list");
		n->kind = NODE_LICENSE;
		n->unknown = !info;
		n->id = info ? info->id : cw__arena_strndup(p->arena, w.ptr, w.len);
	}
	if (!n->id)
		return cw_error_last()->code;
	p->pos += w.len;
	if (p->pos < p->len && p->s[p->pos] == '+') {
		if (n->kind == NODE_REF)
			return fail(p, "an operator (no '+' after a LicenseRef)");
		n->plus = true;
		p->pos++;
	}
	*out = n;
	return 0;
}

static int parse_primary(parser *p, node **out)
{
	int error;
	skip_space(p);
	if (p->pos < p->len && p->s[p->pos] == '(') {
		if (++p->depth > MAX_DEPTH)
			return cw__error_set(CW_ELIMIT, "license expression, column %zu: "
			                     "parentheses nested deeper than %d", p->pos + 1, MAX_DEPTH);
		p->pos++;
		if ((error = parse_or(p, out)) < 0)
			return error;
		skip_space(p);
		if (p->pos >= p->len || p->s[p->pos] != ')')
			return fail(p, "')'");
		p->pos++;
		p->depth--;
		return 0;
	}
	return parse_simple(p, out);
}

static int parse_with(parser *p, node **out)
{
	node *lic = NULL, *n;
	cw_slice w;
	int error;
	if ((error = parse_primary(p, &lic)) < 0)
		return error;
	w = peek_word(p);
	if (!is_operator(p, w, "WITH")) {
		*out = lic;
		return 0;
	}
	if (lic->kind != NODE_LICENSE && lic->kind != NODE_REF)
		return fail(p, "AND or OR (WITH applies to one license, not a group)");
	p->pos += w.len;
	w = peek_word(p);
	if (!(n = new_node(p, NODE_WITH)) || !(n->kids = cw__arena_alloc(p->arena, sizeof(node *))))
		return cw_error_last()->code;
	n->kids[0] = lic;
	n->nkids = 1;
	if (w.len && (memchr(w.ptr, ':', w.len) || cw__slice_starts_with(w, CW_SLICE("AdditionRef-")))) {
		if (!valid_ref(w, "AdditionRef-"))
			return fail(p, "an exception id or AdditionRef-<id>");
		n->id = cw__arena_strndup(p->arena, w.ptr, w.len);
	} else {
		const char *exc = w.len ? cw_license_exception_lookup(w.ptr, w.len) : NULL;
		if (!exc && (!w.len || !(p->flags & CW_LICENSE_PARSE_ALLOW_UNKNOWN)))
			return fail(p, "an exception id from the SPDX list");
		n->unknown = !exc;
		n->id = exc ? exc : cw__arena_strndup(p->arena, w.ptr, w.len);
	}
	if (!n->id)
		return cw_error_last()->code;
	p->pos += w.len;
	*out = n;
	return 0;
}

/* Left-assoc chains of one operator, collected into one n-ary node. */
static int parse_chain(parser *p, node **out, node_kind kind, const char *op,
                       int (*operand)(parser *, node **))
{
	node *first = NULL, *n = NULL;
	size_t cap = 0;
	int error;
	if ((error = operand(p, &first)) < 0)
		return error;
	for (;;) {
		cw_slice w = peek_word(p);
		node *next = NULL, **kids;
		if (!is_operator(p, w, op))
			break;
		p->pos += w.len;
		if ((error = operand(p, &next)) < 0)
			return error;
		if (!n) {
			if (!(n = new_node(p, kind)))
				return cw_error_last()->code;
		}
		if (n->nkids + 2 > cap) {
			cap = cap ? cap * 2 : 4;
			if (!(kids = cw__arena_alloc(p->arena, cap * sizeof(node *))))
				return cw_error_last()->code;
			if (n->nkids)
				memcpy(kids, n->kids, n->nkids * sizeof(node *));
			n->kids = kids;
		}
		if (!n->nkids)
			n->kids[n->nkids++] = first;
		n->kids[n->nkids++] = next;
	}
	*out = n ? n : first;
	return 0;
}

static int parse_and(parser *p, node **out)
{
	return parse_chain(p, out, NODE_AND, "AND", parse_with);
}

static int parse_or(parser *p, node **out)
{
	return parse_chain(p, out, NODE_OR, "OR", parse_and);
}

int cw_license_expr_parse(cw_license_expr **out, const char *str, size_t len, unsigned flags)
{
	cw_license_expr *e = calloc(1, sizeof(*e));
	parser p = { str, len, 0, flags, NULL, 0 };
	int error;

	*out = NULL;
	if (!e)
		return cw__error_oom();
	p.arena = &e->arena;
	if ((error = parse_or(&p, &e->root)) < 0)
		goto done;
	skip_space(&p);
	if (p.pos < p.len) {
		error = fail(&p, p.s[p.pos] == ')' ? "an operator (unbalanced ')')"
		                                    : "AND, OR or WITH");
		goto done;
	}
	*out = e;
	e = NULL;
done:
	cw_license_expr_free(e);
	return error;
}

static void print_node(cw_buf *b, const node *n, node_kind parent)
{
	switch (n->kind) {
	case NODE_LICENSE:
	case NODE_REF:
		cw__buf_puts(b, n->id);
		if (n->plus)
			cw__buf_putc(b, '+');
		break;
	case NODE_WITH:
		print_node(b, n->kids[0], NODE_WITH);
		cw__buf_puts(b, " WITH ");
		cw__buf_puts(b, n->id);
		break;
	case NODE_AND:
	case NODE_OR: {
		/* OR binds loosest: it needs parentheses inside AND. */
		bool parens = n->kind == NODE_OR && parent == NODE_AND;
		if (parens)
			cw__buf_putc(b, '(');
		for (size_t i = 0; i < n->nkids; i++) {
			if (i)
				cw__buf_puts(b, n->kind == NODE_AND ? " AND " : " OR ");
			print_node(b, n->kids[i], n->kind);
		}
		if (parens)
			cw__buf_putc(b, ')');
		break;
	}
	}
}

static int node_to_string(char **out, const node *n)
{
	cw_buf b = CW_BUF_INIT;
	print_node(&b, n, NODE_OR);
	if (cw__buf_grow(&b, 0) < 0) {
		cw__buf_free(&b);
		return cw_error_last()->code;
	}
	*out = cw__buf_detach(&b);
	return 0;
}

int cw_license_expr_to_string(char **out, const cw_license_expr *expr)
{
	return node_to_string(out, expr->root);
}

static bool has_unknown(const node *n)
{
	if (n->unknown)
		return true;
	for (size_t i = 0; i < n->nkids; i++)
		if (has_unknown(n->kids[i]))
			return true;
	return false;
}

void cw__license_node_ids(const node *n, const char **ids, size_t *count, size_t max,
                          bool nocase)
{
	if (n->kind == NODE_LICENSE || n->kind == NODE_REF) {
		for (size_t i = 0; i < *count; i++)
			if ((nocase ? strcasecmp(ids[i], n->id) : strcmp(ids[i], n->id)) == 0)
				return;
		if (*count < max)
			ids[(*count)++] = n->id;
		return;
	}
	/* WITH: its one kid is the license, the exception is the node's id */
	for (size_t i = 0; i < n->nkids; i++)
		cw__license_node_ids(n->kids[i], ids, count, max, nocase);
}

bool cw_license_expr_has_unknown(const cw_license_expr *expr)
{
	return has_unknown(expr->root);
}

void cw_license_expr_free(cw_license_expr *expr)
{
	if (!expr)
		return;
	cw__arena_free(&expr->arena);
	free(expr);
}
