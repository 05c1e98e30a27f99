/* expr_node.h - the license expression tree, shared by the parser and the
 * simplifier (internal). */
#ifndef CW_LICENSE_EXPR_NODE_H
#define CW_LICENSE_EXPR_NODE_H

#include "chainwarden/license.h"
#include "util/arena.h"

typedef enum { NODE_LICENSE, NODE_REF, NODE_WITH, NODE_AND, NODE_OR } node_kind;

typedef struct node {
	node_kind kind;
	const char *id;         /* LICENSE/REF: the id; WITH: the exception */
	bool plus;              /* LICENSE: "+" (or later) */
	bool unknown;           /* LICENSE: not on the list; WITH: unknown exception */
	struct node **kids;     /* WITH: 1; AND/OR: 2 or more */
	size_t nkids;
} node;

struct cw_license_expr {
	cw_arena arena;
	node *root;
};

/* expression.c: append the license ids under `n` (LICENSE and REF nodes;
 * exceptions left out) to ids[*count], in order and each once (compared
 * case-insensitively with `nocase`), while *count < max. */
void cw__license_node_ids(const node *n, const char **ids, size_t *count, size_t max,
                          bool nocase);

/* policy.c: whether `exception` lets code link to a strong copyleft
 * library without the copyleft reaching it (Classpath, GCC runtime, ...). */
bool cw__license_linking_exception(const char *exception);

#endif
