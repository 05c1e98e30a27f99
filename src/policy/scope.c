/*
 * scope.c - which rules and waivers are in force for a project.
 *
 * A scope selects projects by business_system, project and/or lifecycle
 * (each a word or a list; all the selectors given must match the
 * context).  Its specificity is the sum of the selectors it uses:
 * business_system 1, project 2, lifecycle 4 - so a lifecycle stage is
 * more specific than a project, which is more specific than a business
 * system, and a scope that combines selectors is more specific than one
 * that uses fewer of the same.  The global rules apply first; then each
 * scope that applies, least specific first (file order among equals):
 *
 *   - a rule with a `when` replaces the rule of that id (or adds it);
 *   - a rule without `when` overrides only the action, message and/or
 *     remediation it gives of the rule in force;
 *   - `disable: [ids]` removes rules in force;
 *
 * so the most specific scope has the last word.  Waivers of every scope
 * that applies join the global ones.
 */
#include "policy/policy_internal.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

static bool selector_matches(const cw__pscope *s, int which, const char *value)
{
	if (!s->values[which])
		return true;
	if (!value)
		return false;
	for (size_t i = 0; i < s->nvalues[which]; i++)
		if (!strcmp(s->values[which][i], value))
			return true;
	return false;
}

static bool scope_applies(const cw__pscope *s, const cw_policy_context *ctx)
{
	return selector_matches(s, CW_SEL_BUSINESS_SYSTEM, cw_policy_context_get(ctx, "business_system")) &&
	       selector_matches(s, CW_SEL_PROJECT, cw_policy_context_get(ctx, "project")) &&
	       selector_matches(s, CW_SEL_LIFECYCLE, cw_policy_context_get(ctx, "lifecycle"));
}

static int cmp_scope(const void *a, const void *b)
{
	const cw__pscope *x = *(const cw__pscope *const *)a, *y = *(const cw__pscope *const *)b;
	if (x->weight != y->weight)
		return x->weight < y->weight ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static ssize_t find_rule(const cw__presolved *r, const char *id)
{
	for (size_t i = 0; i < r->rules.len; i++)
		if (!strcmp(r->rules.items[i]->id, id))
			return (ssize_t)i;
	return -1;
}

int cw__policy_resolve(cw__presolved *out, cw_arena *arena, const cw_policy *p,
                       const cw_policy_context *ctx)
{
	const cw__pscope **applies = NULL;
	size_t n = 0;
	int error = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < p->rules.len; i++)
		if ((error = cw_vec_push(&out->rules, p->rules.items[i])) < 0)
			goto done;
	for (size_t i = 0; i < p->waivers.len; i++)
		if ((error = cw_vec_push(&out->waivers, p->waivers.items[i])) < 0)
			goto done;
	if (p->scopes.len && !(applies = calloc(p->scopes.len, sizeof(*applies)))) {
		error = cw__error_oom();
		goto done;
	}
	for (size_t i = 0; i < p->scopes.len; i++)
		if (scope_applies(p->scopes.items[i], ctx))
			applies[n++] = p->scopes.items[i];
	if (n > 1)
		qsort(applies, n, sizeof(*applies), cmp_scope);
	for (size_t s = 0; s < n; s++) {
		const cw__pscope *sc = applies[s];
		for (size_t i = 0; i < sc->rules.len; i++) {
			const cw__prule *r = sc->rules.items[i];
			ssize_t at = find_rule(out, r->id);
			if (!r->when) {
				cw__prule *m;
				const char *w;
				if (at < 0) {
					if (!(w = cw__arena_printf(arena, "scope '%s' overrides rule '%s', which is not in "
					                           "force here (disabled or defined in a scope that does "
					                           "not apply)", sc->name, r->id)) ||
					    (error = cw_vec_push(&out->warnings, w)) < 0)
						goto done;
					continue;
				}
				if (!(m = cw__arena_alloc(arena, sizeof(*m)))) {
					error = cw_error_last()->code;
					goto done;
				}
				*m = *out->rules.items[at];
				if (r->has_action)
					m->action = r->action;
				if (r->has_message)
					m->message = r->message;
				if (r->has_remediation)
					m->remediation = r->remediation;
				m->scope = sc->name;
				out->rules.items[at] = m;
			} else if (at >= 0) {
				out->rules.items[at] = r;
			} else if ((error = cw_vec_push(&out->rules, r)) < 0) {
				goto done;
			}
		}
		for (size_t i = 0; i < sc->disable.len; i++) {
			ssize_t at = find_rule(out, sc->disable.items[i]);
			if (at >= 0) {
				memmove(&out->rules.items[at], &out->rules.items[at + 1],
				        (out->rules.len - (size_t)at - 1) * sizeof(*out->rules.items));
				out->rules.len--;
			}
		}
		for (size_t i = 0; i < sc->waivers.len; i++)
			if ((error = cw_vec_push(&out->waivers, sc->waivers.items[i])) < 0)
				goto done;
	}
done:
	free(applies);
	if (error < 0)
		cw__presolved_free(out);
	return error;
}

void cw__presolved_free(cw__presolved *r)
{
	cw_vec_free(&r->rules);
	cw_vec_free(&r->waivers);
	cw_vec_free(&r->warnings);
}
