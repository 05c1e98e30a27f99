/*
 * simplify.c - license expression simplification.
 *
 * 1. Deprecated ids become what the SPDX list says replaces them
 *    ("GPL-2.0+" -> "GPL-2.0-or-later", "GPL-2.0-with-GCC-exception" ->
 *    "GPL-2.0-only WITH GCC-exception-2.0").
 * 2. Nested AND in AND (OR in OR) are flattened.
 * 3. Duplicate operands are dropped (order-insensitive equality).
 * 4. Absorption: A AND (A OR B) = A, A OR (A AND B) = A.
 */
#include "license/expr_node.h"

#include <stdio.h>
#include <string.h>

#include "util/error.h"

typedef struct {
	const char *deprecated;
	const char *license;     /* replacement id */
	const char *or_later;    /* replacement when written with '+' */
	const char *exception;   /* WITH this exception, or NULL */
} replacement;

/* Deprecated ids that are not simply "<id>-only" / "<id>-or-later" (those
 * are derived from the list, see replace_leaf). */
static const replacement replacements[] = {
	{ "GPL-2.0-with-autoconf-exception", "GPL-2.0-only", NULL, "Autoconf-exception-2.0" },
	{ "GPL-2.0-with-bison-exception", "GPL-2.0-or-later", NULL, "Bison-exception-2.2" },
	{ "GPL-2.0-with-classpath-exception", "GPL-2.0-only", NULL, "Classpath-exception-2.0" },
	{ "GPL-2.0-with-font-exception", "GPL-2.0-only", NULL, "Font-exception-2.0" },
	{ "GPL-2.0-with-GCC-exception", "GPL-2.0-only", NULL, "GCC-exception-2.0" },
	{ "GPL-3.0-with-autoconf-exception", "GPL-3.0-only", NULL, "Autoconf-exception-3.0" },
	{ "GPL-3.0-with-GCC-exception", "GPL-3.0-only", NULL, "GCC-exception-3.1" },
	{ "eCos-2.0", "GPL-2.0-or-later", NULL, "eCos-exception-2.0" },
	{ "wxWindows", "LGPL-2.0-or-later", NULL, "WxWindows-exception-3.1" },
	{ "BSD-2-Clause-FreeBSD", "BSD-2-Clause-Views", NULL, NULL },
	{ "BSD-2-Clause-NetBSD", "BSD-2-Clause", NULL, NULL },
	{ "bzip2-1.0.5", "bzip2-1.0.6", NULL, NULL },
	{ "Nunit", "zlib-acknowledgement", NULL, NULL },
	{ "StandardML-NJ", "SMLNJ", NULL, NULL },
};


static const replacement *find_replacement(const char *id)
{
	for (size_t i = 0; i < sizeof(replacements) / sizeof(replacements[0]); i++)
		if (strcmp(replacements[i].deprecated, id) == 0)
			return &replacements[i];
	return NULL;
}

/* "GPL-2.0" -> "GPL-2.0-only", "GPL-2.0+" and "GPL-2.0" with '+' ->
 * "GPL-2.0-or-later": the deprecated GNU ids whose successors the list has. */
static int replace_versioned(node *n)
{
	const cw_license_info *info = cw_license_lookup(n->id, strlen(n->id)), *to;
	char base[96], id[128];
	size_t len = strlen(n->id);
	bool plus = n->plus;
	if (!info || !info->deprecated || len >= sizeof(base))
		return 0;
	memcpy(base, n->id, len + 1);
	if (len && base[len - 1] == '+') {
		base[len - 1] = '\0';
		plus = true;
	}
	snprintf(id, sizeof(id), "%s-%s", base, plus ? "or-later" : "only");
	if ((to = cw_license_lookup(id, strlen(id))) && !to->deprecated) {
		n->id = to->id;
		n->plus = false;
	}
	return 0;
}

static int replace_deprecated(cw_license_expr *e, node *n)
{
	for (size_t i = 0; i < n->nkids; i++) {
		int error = replace_deprecated(e, n->kids[i]);
		if (error < 0)
			return error;
	}
	if (n->kind == NODE_LICENSE) {
		const replacement *r = find_replacement(n->id);
		if (!r)
			return replace_versioned(n);
		if (n->plus && r->or_later) {
			n->id = r->or_later;
			n->plus = false;
		} else {
			n->id = r->license;
		}
		if (r->exception) {
			/* Turn this leaf into "license WITH exception" in place. */
			node *leaf = cw__arena_calloc(&e->arena, 1, sizeof(node));
			node **kids = cw__arena_alloc(&e->arena, sizeof(node *));
			if (!leaf || !kids)
				return cw_error_last()->code;
			*leaf = *n;
			kids[0] = leaf;
			n->kind = NODE_WITH;
			n->id = r->exception;
			n->plus = false;
			n->unknown = false;
			n->kids = kids;
			n->nkids = 1;
		}
	}
	return 0;
}

static bool node_equal(const node *a, const node *b);

/* Each kid of `a` has an equal kid in `b` (used both ways for equality). */
static bool kids_contained(const node *a, const node *b)
{
	for (size_t i = 0; i < a->nkids; i++) {
		bool found = false;
		for (size_t j = 0; j < b->nkids && !found; j++)
			found = node_equal(a->kids[i], b->kids[j]);
		if (!found)
			return false;
	}
	return true;
}

static bool node_equal(const node *a, const node *b)
{
	if (a->kind != b->kind || a->plus != b->plus)
		return false;
	switch (a->kind) {
	case NODE_LICENSE:
	case NODE_REF:
		return strcmp(a->id, b->id) == 0;
	case NODE_WITH:
		return strcmp(a->id, b->id) == 0 && node_equal(a->kids[0], b->kids[0]);
	default:
		return kids_contained(a, b) && kids_contained(b, a);
	}
}

/* Does `group` (an AND/OR node) have a kid equal to `n`? */
static bool has_kid(const node *group, const node *n)
{
	for (size_t i = 0; i < group->nkids; i++)
		if (node_equal(group->kids[i], n))
			return true;
	return false;
}

static int simplify_node(cw_license_expr *e, node *n)
{
	node_kind other;
	size_t count = 0, total = 0;
	node **kids;
	int error;

	if (n->kind != NODE_AND && n->kind != NODE_OR)
		return 0;
	other = n->kind == NODE_AND ? NODE_OR : NODE_AND;
	for (size_t i = 0; i < n->nkids; i++) {
		if ((error = simplify_node(e, n->kids[i])) < 0)
			return error;
		total += n->kids[i]->kind == n->kind ? n->kids[i]->nkids : 1;
	}
	if (!(kids = cw__arena_alloc(&e->arena, total * sizeof(node *))))
		return cw_error_last()->code;
	/* Flatten and drop duplicates. */
	for (size_t i = 0; i < n->nkids; i++) {
		node *k = n->kids[i];
		size_t m = k->kind == n->kind ? k->nkids : 1;
		for (size_t j = 0; j < m; j++) {
			node *item = k->kind == n->kind ? k->kids[j] : k;
			bool dup = false;
			for (size_t d = 0; d < count && !dup; d++)
				dup = node_equal(kids[d], item);
			if (!dup)
				kids[count++] = item;
		}
	}
	/* Absorption: drop an `other` group that contains a sibling. */
	for (size_t i = 0; i < count;) {
		bool absorbed = false;
		if (kids[i]->kind == other)
			for (size_t j = 0; j < count && !absorbed; j++)
				absorbed = j != i && has_kid(kids[i], kids[j]);
		if (absorbed) {
			memmove(&kids[i], &kids[i + 1], (count - i - 1) * sizeof(node *));
			count--;
		} else {
			i++;
		}
	}
	if (count == 1) {
		*n = *kids[0];
		return 0;
	}
	n->kids = kids;
	n->nkids = count;
	return 0;
}

int cw_license_expr_simplify(cw_license_expr *expr)
{
	int error;
	if ((error = replace_deprecated(expr, expr->root)) < 0)
		return error;
	return simplify_node(expr, expr->root);
}
