/*
 * license.c - the license facts a rule can test, per component: the
 * declared license normalised to an SPDX expression (cw_license_normalize),
 * the ids it names, whether any part is unknown, and its effective
 * category.  The effective category follows the license module's reading
 * of expressions (docs/licenses.md): OR lets the licensee take the least
 * restrictive alternative, AND binds to the most restrictive part, and a
 * strong copyleft license WITH a linking exception counts as weak
 * copyleft.  Restrictiveness: public-domain < permissive < weak-copyleft <
 * strong-copyleft < network-copyleft < source-available < proprietary <
 * unknown.  Results are cached per declared string (most components share
 * a handful of licenses).
 */
#include "policy/policy_internal.h"
#include "license/expr_node.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

struct cw__plicense_cache {
	cw_map by_declared;
};

static int rank(cw_license_category c)
{
	return c == CW_LICENSE_UNKNOWN ? 100 : (int)c;
}

static cw_license_category walk(const node *n, cw__plicense *f, cw_arena *arena, size_t cap, bool *oom)
{
	switch (n->kind) {
	case NODE_LICENSE:
	case NODE_REF:
	case NODE_WITH: {
		const node *lic = n->kind == NODE_WITH ? n->kids[0] : n;
		cw_license_category c = lic->kind == NODE_REF || lic->unknown ? CW_LICENSE_UNKNOWN
		                                                          : cw_license_category_of(lic->id);
		if (lic->unknown || lic->kind == NODE_REF)
			f->unknown = true;
		if (f->id_count < cap && !(f->ids[f->id_count++] = cw__arena_strdup(arena, lic->id)))
			*oom = true;
		if (n->kind == NODE_WITH && c == CW_LICENSE_STRONG_COPYLEFT &&
		    cw__license_linking_exception(n->id))
			c = CW_LICENSE_WEAK_COPYLEFT;
		return c;
	}
	default: {
		cw_license_category best = walk(n->kids[0], f, arena, cap, oom);
		for (size_t i = 1; i < n->nkids; i++) {
			cw_license_category c = walk(n->kids[i], f, arena, cap, oom);
			if (n->kind == NODE_OR ? rank(c) < rank(best) : rank(c) > rank(best))
				best = c;
		}
		return best;
	}
	}
}

static size_t count_leaves(const node *n)
{
	size_t k = 0;
	if (n->kind != NODE_AND && n->kind != NODE_OR)
		return 1;
	for (size_t i = 0; i < n->nkids; i++)
		k += count_leaves(n->kids[i]);
	return k;
}

static int compute(cw__plicense *f, cw_arena *arena, const char *declared)
{
	cw_license_normalized norm = { NULL, 0, NULL };
	cw_license_expr *e = NULL;
	int error = 0;

	memset(f, 0, sizeof(*f));
	f->category = CW_LICENSE_UNKNOWN;
	f->unknown = true;
	f->expr = "NOASSERTION";
	if (!declared || !*declared)
		return 0;
	if ((error = cw_license_normalize(&norm, declared, strlen(declared))) < 0)
		return error;
	if (norm.expression && strcmp(norm.expression, "NOASSERTION") && strcmp(norm.expression, "NONE") &&
	    cw_license_expr_parse(&e, norm.expression, strlen(norm.expression),
	                          CW_LICENSE_PARSE_ALLOW_UNKNOWN | CW_LICENSE_PARSE_LAX_OPERATORS) == 0) {
		bool oom = false;
		size_t cap;
		cw_license_expr_simplify(e);
		cap = count_leaves(e->root);
		if (!(f->expr = cw__arena_strdup(arena, norm.expression)) ||
		    !(f->ids = cw__arena_alloc(arena, cap * sizeof(*f->ids)))) {
			error = cw_error_last()->code;
			goto done;
		}
		f->unknown = false;
		f->category = walk(e->root, f, arena, cap, &oom);
		if (oom)
			error = cw_error_last()->code;
	}
	cw_error_clear();
done:
	cw_license_expr_free(e);
	cw_license_normalized_free(&norm);
	return error;
}

int cw__plicense_fill(cw__plicense_cache **cache, cw_arena *arena, cw__psubject *s)
{
	const char *declared = s->c->license ? s->c->license : "";
	cw__plicense *f;
	int error;

	if (!*cache && !(*cache = calloc(1, sizeof(**cache))))
		return cw__error_oom();
	if (!(f = cw__map_get(&(*cache)->by_declared, declared, strlen(declared)))) {
		if (!(f = cw__arena_alloc(arena, sizeof(*f))))
			return cw_error_last()->code;
		if ((error = compute(f, arena, declared)) < 0)
			return error;
		if ((error = cw__map_put(&(*cache)->by_declared, declared, strlen(declared), f, NULL)) < 0)
			return error;
	}
	s->license = *f;
	return 0;
}

void cw__plicense_cache_free(cw__plicense_cache *cache)
{
	if (!cache)
		return;
	cw__map_free(&cache->by_declared);
	free(cache);
}
