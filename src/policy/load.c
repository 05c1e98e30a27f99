/*
 * load.c - read a policy file (YAML, `apiVersion: chainwarden.dev/v1`,
 * `kind: Policy`; docs/policy.md, docs/policy.schema.json).
 *
 * The document is parsed with libyaml into a node tree whose strings live
 * in the policy's arena, so the compiled rules borrow them.  Every key is
 * checked: an unknown key, a missing one or a value of the wrong kind is an
 * error "file:line:col: rule 'id': what is wrong", never a part that is
 * quietly ignored (an ignored deny rule would be a silent allow).
 */
#include "policy/policy_internal.h"
#include "inventory/yaml_tree.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/str.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ERR(n, rule, ...) cw__policy_error(p, (n)->line, (n)->col, (rule), __VA_ARGS__)

static bool is_scalar(const cw_ynode *n)
{
	return n && n->type == CW_YN_SCALAR;
}

/* `keys` (NULL-terminated) as "a, b, c", cut to fit `size`. */
static void key_list(char *out, size_t size, const char *const *keys)
{
	size_t n = 0;
	out[0] = '\0';
	for (size_t j = 0; keys[j]; j++) {
		n += (size_t)snprintf(out + n, size - n, "%s%s", j ? ", " : "", keys[j]);
		if (n >= size)
			n = size - 1;
	}
}

/* Every key of `map` is one of `keys` (NULL-terminated) and appears once. */
static int check_keys(cw_policy *p, const cw_ynode *map, const char *const *keys, const char *what,
                      const char *rule)
{
	for (size_t i = 0; i + 1 < map->count; i += 2) {
		const cw_ynode *k = map->items[i];
		bool ok = false;
		char expected[256];
		if (!is_scalar(k))
			return ERR(k, rule, "%s keys must be words", what);
		for (size_t j = 0; keys[j]; j++)
			ok |= !strcmp(keys[j], k->str.ptr);
		if (!ok) {
			key_list(expected, sizeof(expected), keys);
			return ERR(k, rule, "unknown key '%s' in %s (expected %s)", k->str.ptr, what, expected);
		}
		for (size_t j = 0; j < i; j += 2)
			if (!strcmp(map->items[j]->str.ptr, k->str.ptr))
				return ERR(k, rule, "'%s' given twice in %s", k->str.ptr, what);
	}
	return 0;
}

/* An optional non-empty string member; *out NULL when absent. */
static int opt_string(cw_policy *p, const cw_ynode *map, const char *key, const char *rule,
                      const char **out)
{
	const cw_ynode *v = cw__yaml_get(map, key);
	*out = NULL;
	if (!v)
		return 0;
	if (!is_scalar(v) || !v->str.len)
		return ERR(v, rule, "'%s' must be a non-empty string", key);
	*out = v->str.ptr;
	return 0;
}

/* `seq`, the value of `key`, is a list of at most `max` items. */
static int check_list(cw_policy *p, const cw_ynode *seq, const char *key, int max)
{
	if (seq->type != CW_YN_SEQ)
		return ERR(seq, NULL, "'%s' must be a list", key);
	if (seq->count > (size_t)max)
		return cw__error_set_at(CW_ELIMIT, p->path, seq->line, seq->col, "more than %d %s", max, key);
	return 0;
}

/* A new zeroed entry of `size` bytes in the policy's arena for `n`, a
 * mapping of `keys` only (NULL-terminated); `what` names it in errors.
 * NULL with the error set when `n` is not that. */
static void *new_entry(cw_policy *p, const cw_ynode *n, const char *const *keys, const char *what,
                       size_t size)
{
	if (n->type != CW_YN_MAP) {
		char expected[256];
		key_list(expected, sizeof(expected), keys);
		(void)ERR(n, NULL, "%s is a mapping (%s)", what, expected);
		return NULL;
	}
	if (check_keys(p, n, keys, what, NULL) < 0)
		return NULL;
	return cw__arena_calloc(&p->arena, 1, size);
}

static bool valid_id(const char *s)
{
	if (!cw_is_alnum((unsigned char)*s))
		return false;
	for (; *s; s++)
		if (!cw_is_alnum((unsigned char)*s) && *s != '-' && *s != '_' && *s != '.' && *s != '/')
			return false;
	return true;
}

static int parse_action(cw_policy *p, const cw_ynode *v, const char *rule, cw_policy_action *out)
{
	static const char *const names[] = { "info", "warn", "review", "deny" };
	if (is_scalar(v))
		for (int i = 0; i < 4; i++)
			if (!strcmp(v->str.ptr, names[i])) {
				*out = (cw_policy_action)i;
				return 0;
			}
	return ERR(v, rule, "action must be deny, review, warn or info");
}

static int load_rule(cw__prule **out, cw_policy *p, const cw_ynode *n, const char *scope, bool scoped)
{
	static const char *const keys[] = { "id", "action", "message", "remediation", "description",
		                            "when", NULL };
	const cw_ynode *id = cw__yaml_get(n, "id"), *when, *action;
	cw__prule *r;
	const char *desc;
	int error;

	if (n->type != CW_YN_MAP)
		return ERR(n, NULL, "a rule is a mapping (id, action, message, remediation, when)");
	if (!is_scalar(id) || !id->str.len)
		return ERR(n, NULL, "a rule needs an 'id'");
	if (!valid_id(id->str.ptr))
		return ERR(id, id->str.ptr, "a rule id holds letters, digits, '-', '_', '.' and '/' and "
		           "starts with a letter or digit");
	if ((error = check_keys(p, n, keys, "a rule", id->str.ptr)) < 0)
		return error;
	if (!(r = cw__arena_calloc(&p->arena, 1, sizeof(*r))))
		return cw_error_last()->code;
	r->id = id->str.ptr;
	r->scope = scope;
	r->line = n->line;
	r->col = n->col;
	when = cw__yaml_get(n, "when");
	action = cw__yaml_get(n, "action");
	if ((error = opt_string(p, n, "message", r->id, &r->message)) < 0 ||
	    (error = opt_string(p, n, "remediation", r->id, &r->remediation)) < 0 ||
	    (error = opt_string(p, n, "description", r->id, &desc)) < 0)
		return error;
	r->has_message = r->message != NULL;
	r->has_remediation = r->remediation != NULL;
	if (action) {
		if ((error = parse_action(p, action, r->id, &r->action)) < 0)
			return error;
		r->has_action = true;
	}
	if (when) {
		if ((error = cw__pcond_compile(&r->when, p, when, r->id, 0)) < 0)
			return error;
		r->uses_vuln = cw__pcond_uses_vuln(r->when);
	}
	if (!scoped || when) {
		/* a full definition */
		if (!when)
			return ERR(n, r->id, "a rule needs 'when' (the condition)");
		if (!action)
			return ERR(n, r->id, "a rule needs an 'action' (deny, review, warn or info)");
		if (!r->message)
			return ERR(n, r->id, "a rule needs a 'message'");
	} else if (!action && !r->message && !r->remediation) {
		return ERR(n, r->id, "an override in a scope changes action, message or remediation (or "
		           "gives a new 'when')");
	}
	if (!r->remediation)
		r->remediation = "";
	*out = r;
	return 0;
}

static int load_rules(cw_policy *p, const cw_ynode *seq, const char *scope, bool scoped,
                      void *vec_ptr, size_t *order)
{
	CW_VEC(cw__prule *) *vec = vec_ptr;
	int error;
	if ((error = check_list(p, seq, "rules", CW_POLICY_MAX_RULES)) < 0)
		return error;
	for (size_t i = 0; i < seq->count; i++) {
		cw__prule *r = NULL;
		if ((error = load_rule(&r, p, seq->items[i], scope, scoped)) < 0)
			return error;
		for (size_t j = 0; j < vec->len; j++)
			if (!strcmp(vec->items[j]->id, r->id))
				return ERR(seq->items[i], r->id, "rule id defined twice (first at line %zu)",
				           vec->items[j]->line);
		r->order = (*order)++;
		if ((error = cw_vec_push(vec, r)) < 0)
			return error;
	}
	return 0;
}

static int load_waivers(cw_policy *p, const cw_ynode *seq, void *vec_ptr)
{
	static const char *const keys[] = { "rule", "package", "finding", "reason", "approver",
		                            "expires", NULL };
	CW_VEC(cw__pwaiver *) *vec = vec_ptr;
	int error;
	if ((error = check_list(p, seq, "waivers", CW_POLICY_MAX_WAIVERS)) < 0)
		return error;
	for (size_t i = 0; i < seq->count; i++) {
		const cw_ynode *n = seq->items[i];
		cw__pwaiver *w;
		if (!(w = new_entry(p, n, keys, "a waiver", sizeof(*w))))
			return cw_error_last()->code;
		w->line = n->line;
		w->col = n->col;
		if ((error = opt_string(p, n, "rule", NULL, &w->rule)) < 0 ||
		    (error = opt_string(p, n, "package", NULL, &w->package)) < 0 ||
		    (error = opt_string(p, n, "finding", NULL, &w->finding)) < 0 ||
		    (error = opt_string(p, n, "reason", NULL, &w->reason)) < 0 ||
		    (error = opt_string(p, n, "approver", NULL, &w->approver)) < 0 ||
		    (error = opt_string(p, n, "expires", NULL, &w->expires)) < 0)
			return error;
		if (!w->rule && !w->package && !w->finding)
			return ERR(n, NULL, "a waiver names a rule, a package and/or a finding");
		if (!w->reason || !w->approver || !w->expires)
			return ERR(n, w->rule, "a waiver needs a 'reason', an 'approver' and an 'expires' date");
		if (!cw__pdate_valid(w->expires, strlen(w->expires)) || strlen(w->expires) != 10)
			return ERR(cw__yaml_get(n, "expires"), w->rule, "'expires' must be a date YYYY-MM-DD, "
			           "not '%s'", w->expires);
		if ((error = cw_vec_push(vec, w)) < 0)
			return error;
	}
	return 0;
}

static int load_selector(cw_policy *p, cw__pscope *s, const cw_ynode *n, int which)
{
	const cw_ynode *items[CW_POLICY_MAX_PATTERNS];
	size_t count = 0;
	if (is_scalar(n)) {
		items[count++] = n;
	} else if (n->type == CW_YN_SEQ && n->count > 0 && n->count <= CW_POLICY_MAX_PATTERNS) {
		for (size_t i = 0; i < n->count; i++)
			items[count++] = n->items[i];
	} else {
		return ERR(n, NULL, "scope '%s': a selector takes a value or a list of values", s->name);
	}
	if (!(s->values[which] = cw__arena_alloc(&p->arena, count * sizeof(char *))))
		return cw_error_last()->code;
	for (size_t i = 0; i < count; i++) {
		char *v;
		if (!is_scalar(items[i]) || !items[i]->str.len)
			return ERR(items[i], NULL, "scope '%s': selector values must be non-empty words", s->name);
		if (!(v = cw__arena_strndup(&p->arena, items[i]->str.ptr, items[i]->str.len)))
			return cw_error_last()->code;
		cw__str_lower(v, items[i]->str.len);
		s->values[which][i] = v;
	}
	s->nvalues[which] = count;
	s->weight |= 1u << which;
	return 0;
}

static int load_scope(cw_policy *p, const cw_ynode *n, size_t *order)
{
	static const char *const keys[] = { "name", "business_system", "project", "lifecycle",
		                            "rules", "disable", "waivers", NULL };
	static const char *const sel[] = { "business_system", "project", "lifecycle" };
	cw__pscope *s;
	const cw_ynode *v;
	int error;

	if (!(s = new_entry(p, n, keys, "a scope", sizeof(*s))))
		return cw_error_last()->code;
	s->line = n->line;
	s->col = n->col;
	if ((error = opt_string(p, n, "name", NULL, &s->name)) < 0)
		return error;
	if (!s->name)
		return ERR(n, NULL, "a scope needs a 'name'");
	if (!strcmp(s->name, "global"))
		return ERR(n, NULL, "scope name 'global' is reserved for the top-level rules");
	for (size_t i = 0; i < p->scopes.len; i++)
		if (!strcmp(p->scopes.items[i]->name, s->name))
			return ERR(n, NULL, "scope '%s' defined twice", s->name);
	/* owned by the policy from here on, so that an error below frees it */
	if ((error = cw_vec_push(&p->scopes, s)) < 0)
		return error;
	for (int i = 0; i < CW_SEL__COUNT; i++)
		if ((v = cw__yaml_get(n, sel[i])) && (error = load_selector(p, s, v, i)) < 0)
			return error;
	if (!s->weight)
		return ERR(n, NULL, "scope '%s' selects nothing: give business_system, project and/or "
		           "lifecycle", s->name);
	if ((v = cw__yaml_get(n, "rules")) && (error = load_rules(p, v, s->name, true, &s->rules, order)) < 0)
		return error;
	if ((v = cw__yaml_get(n, "waivers")) && (error = load_waivers(p, v, &s->waivers)) < 0)
		return error;
	if ((v = cw__yaml_get(n, "disable"))) {
		if (v->type != CW_YN_SEQ)
			return ERR(v, NULL, "scope '%s': 'disable' takes a list of rule ids", s->name);
		for (size_t i = 0; i < v->count; i++) {
			if (!is_scalar(v->items[i]) || !v->items[i]->str.len)
				return ERR(v->items[i], NULL, "scope '%s': 'disable' takes rule ids", s->name);
			if ((error = cw_vec_push(&s->disable, v->items[i]->str.ptr)) < 0)
				return error;
		}
	}
	return 0;
}

/* A rule id defined anywhere (global or a scope) with a condition. */
static bool rule_defined(const cw_policy *p, const char *id, bool need_when)
{
	for (size_t i = 0; i < p->rules.len; i++)
		if (!strcmp(p->rules.items[i]->id, id))
			return true;
	for (size_t s = 0; s < p->scopes.len; s++)
		for (size_t i = 0; i < p->scopes.items[s]->rules.len; i++) {
			const cw__prule *r = p->scopes.items[s]->rules.items[i];
			if (!strcmp(r->id, id) && (r->when || !need_when))
				return true;
		}
	return false;
}

static int check_references(cw_policy *p)
{
	for (size_t s = 0; s < p->scopes.len; s++) {
		const cw__pscope *sc = p->scopes.items[s];
		for (size_t i = 0; i < sc->rules.len; i++) {
			const cw__prule *r = sc->rules.items[i];
			if (!r->when && !rule_defined(p, r->id, true))
				return cw__policy_error(p, r->line, r->col, r->id, "scope '%s' overrides a rule that "
				                        "no other part of the policy defines", sc->name);
		}
		for (size_t i = 0; i < sc->disable.len; i++)
			if (!rule_defined(p, sc->disable.items[i], true))
				return cw__policy_error(p, sc->line, sc->col, sc->disable.items[i], "scope '%s' "
				                        "disables a rule that the policy does not define", sc->name);
		for (size_t i = 0; i < sc->waivers.len; i++) {
			const cw__pwaiver *w = sc->waivers.items[i];
			if (w->rule && !rule_defined(p, w->rule, false))
				return cw__policy_error(p, w->line, w->col, w->rule, "a waiver names a rule that the "
				                        "policy does not define");
		}
	}
	for (size_t i = 0; i < p->waivers.len; i++) {
		const cw__pwaiver *w = p->waivers.items[i];
		if (w->rule && !rule_defined(p, w->rule, false))
			return cw__policy_error(p, w->line, w->col, w->rule, "a waiver names a rule that the "
			                        "policy does not define");
	}
	return 0;
}

static int load_root(cw_policy *p, const cw_ynode *root)
{
	static const char *const keys[] = { "apiVersion", "kind", "metadata", "rules", "scopes",
		                            "waivers", NULL };
	const cw_ynode *v;
	cw_slice api, kind;
	size_t order = 0;
	int error;

	if (!root || root->type != CW_YN_MAP)
		return cw__error_set_at(CW_EINVALID, p->path, root ? root->line : 1, root ? root->col : 1,
		                        "a policy is a YAML mapping with apiVersion, kind and rules");
	api = cw__yaml_str(root, "apiVersion");
	kind = cw__yaml_str(root, "kind");
	if (!api.len)
		return ERR(root, NULL, "missing 'apiVersion' (expected %s)", CW_POLICY_API_VERSION);
	if (strcmp(api.ptr, CW_POLICY_API_VERSION))
		return cw__error_set_at(CW_EUNSUPPORTED, p->path, cw__yaml_get(root, "apiVersion")->line,
		                        cw__yaml_get(root, "apiVersion")->col,
		                        "apiVersion '%s' is not supported (expected %s)", api.ptr,
		                        CW_POLICY_API_VERSION);
	if (!kind.len || strcmp(kind.ptr, "Policy"))
		return cw__error_set_at(CW_EUNSUPPORTED, p->path, root->line, root->col,
		                        "kind must be 'Policy'%s%s%s", kind.len ? ", not '" : "",
		                        kind.len ? kind.ptr : "", kind.len ? "'" : "");
	if ((error = check_keys(p, root, keys, "the policy", NULL)) < 0)
		return error;
	if ((v = cw__yaml_get(root, "metadata"))) {
		static const char *const mkeys[] = { "name", "description", "owner", "version", NULL };
		if (v->type != CW_YN_MAP)
			return ERR(v, NULL, "'metadata' must be a mapping");
		if ((error = check_keys(p, v, mkeys, "metadata", NULL)) < 0 ||
		    (error = opt_string(p, v, "name", NULL, &p->name)) < 0)
			return error;
		for (size_t i = 1; i < v->count; i += 2)
			if (!is_scalar(v->items[i]))
				return ERR(v->items[i], NULL, "metadata values must be strings");
	}
	if (!p->name)
		p->name = "";
	if (!(v = cw__yaml_get(root, "rules")))
		return ERR(root, NULL, "missing 'rules' (a policy without rules allows everything)");
	if ((error = load_rules(p, v, "global", false, &p->rules, &order)) < 0)
		return error;
	if ((v = cw__yaml_get(root, "scopes"))) {
		if ((error = check_list(p, v, "scopes", CW_POLICY_MAX_SCOPES)) < 0)
			return error;
		for (size_t i = 0; i < v->count; i++)
			if ((error = load_scope(p, v->items[i], &order)) < 0)
				return error;
	}
	if ((v = cw__yaml_get(root, "waivers")) && (error = load_waivers(p, v, &p->waivers)) < 0)
		return error;
	return check_references(p);
}

int cw_policy_load(cw_policy **out, const char *yaml, size_t len, const char *path)
{
	cw_policy *p;
	cw_ynode *root = NULL;
	int error;

	*out = NULL;
	if (!(p = calloc(1, sizeof(*p))))
		return cw__error_oom();
	p->arena.max = (size_t)256 << 20;
	if (!(p->path = cw__arena_strdup(&p->arena, path ? path : "<policy>"))) {
		error = cw_error_last()->code;
		goto done;
	}
	if ((error = cw__yaml_parse(&root, &p->arena, p->path, yaml, len)) < 0)
		goto done;
	if (!root) {
		error = cw__error_set_at(CW_EINVALID, p->path, 1, 1, "empty policy (a policy that "
		                         "loads nothing would allow everything)");
		goto done;
	}
	error = load_root(p, root);
done:
	if (error < 0) {
		cw_policy_free(p);
		return error;
	}
	*out = p;
	return 0;
}

int cw_policy_load_file(cw_policy **out, const char *path)
{
	cw_buf data = CW_BUF_INIT;
	int error;
	*out = NULL;
	if ((error = cw__file_read(&data, path, (size_t)16 << 20)) >= 0)
		error = cw_policy_load(out, data.ptr ? data.ptr : "", data.len, path);
	cw__buf_free(&data);
	return error;
}

extern const char cw__policy_default_yaml[];

const char *cw_policy_default_text(void)
{
	return cw__policy_default_yaml;
}

int cw_policy_load_default(cw_policy **out)
{
	return cw_policy_load(out, cw__policy_default_yaml, strlen(cw__policy_default_yaml),
	                      "<default policy>");
}

/* A scope's lists (the scope itself is in the policy's arena). */
static void scope_lists_free(cw__pscope *s)
{
	cw_vec_free(&s->rules);
	cw_vec_free(&s->disable);
	cw_vec_free(&s->waivers);
}

void cw_policy_free(cw_policy *p)
{
	if (!p)
		return;
	cw_vec_free_each(&p->ranges, cw_version_range_free);
	cw_vec_free(&p->rules);
	cw_vec_free_each(&p->scopes, scope_lists_free);
	cw_vec_free(&p->waivers);
	cw__arena_free(&p->arena);
	free(p);
}

const char *cw_policy_name(const cw_policy *p)
{
	return p && p->name ? p->name : "";
}

void cw_policy_counts(const cw_policy *p, size_t *rules, size_t *scopes, size_t *waivers)
{
	size_t w = p->waivers.len;
	for (size_t i = 0; i < p->scopes.len; i++)
		w += p->scopes.items[i]->waivers.len;
	if (rules)
		*rules = p->rules.len;
	if (scopes)
		*scopes = p->scopes.len;
	if (waivers)
		*waivers = w;
}

const char *cw_policy_action_name(cw_policy_action a)
{
	static const char *const names[] = { "info", "warn", "review", "deny" };
	return (unsigned)a < 4 ? names[a] : "info";
}

const char *cw_policy_verdict_name(cw_policy_verdict v)
{
	static const char *const names[] = { "pass", "warn", "review", "fail" };
	return (unsigned)v < 4 ? names[v] : "pass";
}
