/*
 * condition.c - compile a rule's `when:` YAML into a condition tree.
 *
 * A condition is a mapping.  `all: [...]`, `any: [...]` and `not: {...}`
 * combine conditions; the section keys (vulnerability, license, package,
 * attack, health, context) hold a mapping of fields, each one leaf.  Several
 * keys in one mapping, and several fields in one section, must all hold.
 * docs/policy.md lists the fields and their values; everything that is not
 * listed there is a load error naming the file, line, column and rule.  The
 * fields' table (cw__policy_fields[]) is data: data/policy/fields.tsv,
 * compiled into the library by cmake/gen_policy.cmake.
 */
#include "policy/policy_internal.h"
#include "inventory/yaml_tree.h"
#include "util/error.h"
#include "util/str.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const sections[] = { "vulnerability", "license", "package", "attack", "health",
	                                    "context" };

/* Signal names a policy may test: cw_signal_kind_name()'s, and the
 * upstream findings' (lockfile drift, fresh and unpublished versions). */
static const char *const known_signals[] = {
	"typosquat", "no-integrity", "unlisted-host", "non-registry-source", "dependency-confusion",
	"install-script", "fresh-version", "lockfile-drift", "unpublished-version",
};

static const char *const severity_names[] = { "unknown", "low", "medium", "high", "critical" };
static const char *const criticality_names[] = { "low", "medium", "high", "critical" };
static const char *const scope_names[] = { "required", "optional", "peer", "dev" };

int cw__policy_error(const cw_policy *p, size_t line, size_t col, const char *rule_id,
                     const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (rule_id)
		return cw__error_set_at(CW_EINVALID, p->path, line, col, "rule '%s': %s", rule_id, msg);
	return cw__error_set_at(CW_EINVALID, p->path, line, col, "%s", msg);
}

#define ERR(n, ...) cw__policy_error(p, (n)->line, (n)->col, rule_id, __VA_ARGS__)

static bool is_scalar(const cw_ynode *n)
{
	return n && n->type == CW_YN_SCALAR;
}

static int parse_bool(cw_policy *p, const cw_ynode *n, const char *rule_id, const char *what, bool *out)
{
	if (is_scalar(n) && !strcmp(n->str.ptr, "true"))
		*out = true;
	else if (is_scalar(n) && !strcmp(n->str.ptr, "false"))
		*out = false;
	else
		return ERR(n, "%s takes true or false", what);
	return 0;
}

static int parse_number(cw_policy *p, const cw_ynode *n, const char *rule_id, const char *what, double *out)
{
	char *end;
	if (!is_scalar(n) || !n->str.len)
		return ERR(n, "%s: expected a number", what);
	*out = strtod(n->str.ptr, &end);
	if (*end || !isfinite(*out))
		return ERR(n, "%s: '%s' is not a number", what, n->str.ptr);
	return 0;
}

static int lookup_word(const char *const *names, size_t count, const char *s)
{
	for (size_t i = 0; i < count; i++)
		if (!strcasecmp(names[i], s))
			return (int)i;
	return -1;
}

static void join_names(char *buf, size_t size, const char *const *names, size_t count)
{
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < count && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? ", " : "", names[i]);
}

/* A scalar or a list of scalars, as the items to walk. */
/* `np` points at the caller's node variable, which a lone scalar's items point into. */
static int scalar_list(cw_policy *p, const cw_ynode *const *np, const char *rule_id, const char *what,
                       const cw_ynode *const **items, size_t *count)
{
	const cw_ynode *n = *np;
	if (is_scalar(n)) {
		*items = np;
		*count = 1;
		return 0;
	}
	if (n->type != CW_YN_SEQ || n->count == 0)
		return ERR(n, "%s: expected a value or a non-empty list of values", what);
	if (n->count > CW_POLICY_MAX_PATTERNS)
		return cw__error_set_at(CW_ELIMIT, p->path, n->line, n->col, "rule '%s': %s: more than %d values",
		                        rule_id, what, CW_POLICY_MAX_PATTERNS);
	for (size_t i = 0; i < n->count; i++)
		if (!is_scalar(n->items[i]) || !n->items[i]->str.len)
			return ERR(n->items[i], "%s: list items must be non-empty values", what);
	*items = (const cw_ynode *const *)n->items;
	*count = n->count;
	return 0;
}

/* {gt|gte|lt|lte|eq: number} or a number (eq). */
static int parse_interval(cw_policy *p, const cw_ynode *n, const char *rule_id, const char *what,
                          cw__pnum *out, const cw_ynode *skip_key)
{
	double v;
	int error;
	memset(out, 0, sizeof(*out));
	if (is_scalar(n)) {
		if ((error = parse_number(p, n, rule_id, what, &v)) < 0)
			return error;
		out->lo = out->hi = v;
		out->has_lo = out->has_hi = out->lo_incl = out->hi_incl = true;
		return 0;
	}
	if (n->type != CW_YN_MAP || n->count == 0)
		return ERR(n, "%s: expected a number or a mapping of gt, gte, lt, lte, eq", what);
	for (size_t i = 0; i + 1 < n->count; i += 2) {
		const cw_ynode *k = n->items[i], *val = n->items[i + 1];
		if (k == skip_key)
			continue;
		if (!is_scalar(k))
			return ERR(k, "%s: keys must be gt, gte, lt, lte or eq", what);
		if (skip_key && !strcmp(k->str.ptr, "name"))
			continue;
		if ((error = parse_number(p, val, rule_id, what, &v)) < 0)
			return error;
		if (!strcmp(k->str.ptr, "gt") || !strcmp(k->str.ptr, "gte")) {
			if (out->has_lo)
				return ERR(k, "%s: two lower bounds", what);
			out->has_lo = true;
			out->lo = v;
			out->lo_incl = k->str.ptr[2] == 'e';
		} else if (!strcmp(k->str.ptr, "lt") || !strcmp(k->str.ptr, "lte")) {
			if (out->has_hi)
				return ERR(k, "%s: two upper bounds", what);
			out->has_hi = true;
			out->hi = v;
			out->hi_incl = k->str.ptr[2] == 'e';
		} else if (!strcmp(k->str.ptr, "eq")) {
			if (out->has_lo || out->has_hi)
				return ERR(k, "%s: eq cannot be combined with other bounds", what);
			out->lo = out->hi = v;
			out->has_lo = out->has_hi = out->lo_incl = out->hi_incl = true;
		} else {
			return ERR(k, "%s: unknown comparison '%s' (expected gt, gte, lt, lte or eq)", what,
			           k->str.ptr);
		}
	}
	if (!out->has_lo && !out->has_hi)
		return ERR(n, "%s: expected a bound (gt, gte, lt, lte or eq)", what);
	if (out->has_lo && out->has_hi && (out->lo > out->hi ||
	    (out->lo == out->hi && !(out->lo_incl && out->hi_incl))))
		return ERR(n, "%s: the interval is empty: no value can match", what);
	return 0;
}

/* An ordered word set: a word, a list, or {gte|gt|lte|lt|eq: word}. */
static int parse_ordered(cw_policy *p, const cw_ynode *n, const char *rule_id, const char *what,
                         const char *const *names, size_t count, unsigned *mask)
{
	char expected[160];
	join_names(expected, sizeof(expected), names, count);
	*mask = 0;
	if (n->type == CW_YN_MAP) {
		unsigned all = (1u << count) - 1, m = all;
		if (n->count == 0)
			return ERR(n, "%s: empty mapping", what);
		for (size_t i = 0; i + 1 < n->count; i += 2) {
			const cw_ynode *k = n->items[i], *val = n->items[i + 1];
			int r = is_scalar(val) ? lookup_word(names, count, val->str.ptr) : -1;
			if (!is_scalar(k))
				return ERR(k, "%s: keys must be gt, gte, lt, lte or eq", what);
			if (r < 0)
				return ERR(val, "%s: expected one of %s", what, expected);
			if (!strcmp(k->str.ptr, "gte"))
				m &= all & ~((1u << r) - 1);
			else if (!strcmp(k->str.ptr, "gt"))
				m &= all & ~((1u << (r + 1)) - 1);
			else if (!strcmp(k->str.ptr, "lte"))
				m &= (1u << (r + 1)) - 1;
			else if (!strcmp(k->str.ptr, "lt"))
				m &= (1u << r) - 1;
			else if (!strcmp(k->str.ptr, "eq"))
				m &= 1u << r;
			else
				return ERR(k, "%s: unknown comparison '%s' (expected gt, gte, lt, lte or eq)", what,
				           k->str.ptr);
		}
		if (!m)
			return ERR(n, "%s: the range is empty: no value can match", what);
		*mask = m;
		return 0;
	}
	{
		const cw_ynode *const *items;
		size_t c;
		int error;
		if ((error = scalar_list(p, &n, rule_id, what, &items, &c)) < 0)
			return error;
		for (size_t i = 0; i < c; i++) {
			int r = lookup_word(names, count, items[i]->str.ptr);
			if (r < 0 && names == severity_names && !strcasecmp(items[i]->str.ptr, "moderate"))
				r = 2;
			if (r < 0)
				return ERR(items[i], "%s: unknown value '%s' (expected one of %s)", what,
				           items[i]->str.ptr, expected);
			*mask |= 1u << r;
		}
	}
	return 0;
}

static int parse_strings(cw_policy *p, cw__pcond *c, const cw_ynode *n, const char *rule_id,
                         const char *what, bool lower)
{
	const cw_ynode *const *items;
	size_t count;
	int error;
	if ((error = scalar_list(p, &n, rule_id, what, &items, &count)) < 0)
		return error;
	if (!(c->patterns = cw__arena_alloc(&p->arena, count * sizeof(*c->patterns))))
		return cw_error_last()->code;
	for (size_t i = 0; i < count; i++) {
		char *s = cw__arena_strndup(&p->arena, items[i]->str.ptr, items[i]->str.len);
		if (!s)
			return cw_error_last()->code;
		if (lower)
			cw__str_lower(s, items[i]->str.len);
		c->patterns[i] = s;
	}
	c->npatterns = count;
	return 0;
}

static int signal_bit(cw_policy *p, const char *name, unsigned *mask)
{
	for (size_t i = 0; i < p->signal_count; i++)
		if (!strcmp(p->signal_names[i], name)) {
			*mask |= 1u << i;
			return 0;
		}
	if (p->signal_count >= CW_POLICY_MAX_SIGNALS)
		return cw__error_set(CW_ELIMIT, "%s: too many signal names", p->path);
	p->signal_names[p->signal_count] = name;
	*mask |= 1u << p->signal_count++;
	return 0;
}

static int new_node(cw__pcond **out, cw_policy *p, cw__pc_kind kind, const cw_ynode *at)
{
	cw__pcond *c = cw__arena_calloc(&p->arena, 1, sizeof(*c));
	if (!c)
		return cw_error_last()->code;
	c->kind = kind;
	c->line = at->line;
	c->col = at->col;
	*out = c;
	return 0;
}

static const cw__pfield_def *find_field(const char *section, const char *name)
{
	for (size_t i = 0; i < cw__policy_field_count; i++) {
		const cw__pfield_def *fd = &cw__policy_fields[i];
		if (!strcmp(fd->section, section) && !strcmp(fd->name, name))
			return fd;
	}
	return NULL;
}

static void section_fields(char *buf, size_t size, const char *section)
{
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < cw__policy_field_count && n < size; i++) {
		const cw__pfield_def *fd = &cw__policy_fields[i];
		if (!strcmp(fd->section, section))
			n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? ", " : "", fd->name);
	}
}

static int compile_leaf(cw__pcond *c, cw_policy *p, const cw__pfield_def *fd,
                        const cw_ynode *val, const cw_ynode *section, const char *rule_id)
{
	const char *what = cw__arena_printf(&p->arena, "%s.%s", fd->section, fd->name);
	int error = 0;
	if (!what)
		return cw_error_last()->code;
	c->field = fd->field;
	c->text = what;
	switch (fd->type) {
	case CW_PV_BOOL:
		if ((error = parse_bool(p, val, rule_id, what, &c->want)) < 0)
			return error;
		if (fd->field == CW_PF_ATT_MALICIOUS)
			p->uses_signals = true;
		if (fd->signal) {
			p->uses_signals = true;
			return signal_bit(p, fd->signal, &c->signal_mask);
		}
		break;
	case CW_PV_NUM:
		return parse_interval(p, val, rule_id, what, &c->num, NULL);
	case CW_PV_SEVERITY:
		return parse_ordered(p, val, rule_id, what, severity_names, 5, &c->mask);
	case CW_PV_CRITICALITY:
		return parse_ordered(p, val, rule_id, what, criticality_names, 4, &c->mask);
	case CW_PV_SCOPE:
		return parse_ordered(p, val, rule_id, what, scope_names, 4, &c->mask);
	case CW_PV_CATEGORY: {
		const char *names[8];
		for (int i = 0; i < 8; i++)
			names[i] = cw_license_category_name((cw_license_category)i);
		return parse_ordered(p, val, rule_id, what, names, 8, &c->mask);
	}
	case CW_PV_DISTRIBUTION: {
		const cw_ynode *const *items;
		size_t count;
		if ((error = scalar_list(p, &val, rule_id, what, &items, &count)) < 0)
			return error;
		for (size_t i = 0; i < count; i++) {
			cw_distribution d;
			if (cw_distribution_parse(&d, items[i]->str.ptr) < 0)
				return ERR(items[i], "%s: unknown value '%s' (expected internal, network-service or "
				           "distributed)", what, items[i]->str.ptr);
			c->mask |= 1u << d;
		}
		return 0;
	}
	case CW_PV_WORDS:
		return parse_strings(p, c, val, rule_id, what, true);
	case CW_PV_GLOBS:
		return parse_strings(p, c, val, rule_id, what, false);
	case CW_PV_IDS:
		return parse_strings(p, c, val, rule_id, what, false);
	case CW_PV_SIGNALS: {
		const cw_ynode *const *items;
		size_t count;
		char expected[256];
		if ((error = scalar_list(p, &val, rule_id, what, &items, &count)) < 0)
			return error;
		join_names(expected, sizeof(expected), known_signals, sizeof(known_signals) / sizeof(known_signals[0]));
		for (size_t i = 0; i < count; i++) {
			int k = lookup_word(known_signals, sizeof(known_signals) / sizeof(known_signals[0]),
			                    items[i]->str.ptr);
			if (k < 0)
				return ERR(items[i], "%s: unknown signal '%s' (expected %s)", what, items[i]->str.ptr,
				           expected);
			if ((error = signal_bit(p, known_signals[k], &c->signal_mask)) < 0)
				return error;
		}
		c->want = true;
		p->uses_signals = true;
		return 0;
	}
	case CW_PV_CHECK: {
		cw_slice name = cw__yaml_str(val, "name");
		if (val->type != CW_YN_MAP || !name.len)
			return ERR(val, "%s: expected a mapping with the check's name and a bound, e.g. "
			           "{name: Maintained, lt: 5}", what);
		if (!(c->check = cw__arena_strndup(&p->arena, name.ptr, name.len)))
			return cw_error_last()->code;
		return parse_interval(p, val, rule_id, what, &c->num, cw__yaml_get(val, "name"));
	}
	case CW_PV_VERSION: {
		const cw_ynode *eco = cw__yaml_get(section, "ecosystem");
		if (!is_scalar(val) || !val->str.len)
			return ERR(val, "%s: expected a version range in the ecosystem's syntax", what);
		if (!is_scalar(eco) || !eco->str.len)
			return ERR(val, "%s needs package.ecosystem with one ecosystem (the range is read in "
			           "its syntax)", what);
		c->ecosystem = eco->str.ptr;
		c->scheme = cw_version_scheme_for(eco->str.ptr);
		if ((error = cw_version_range_parse(&c->range, c->scheme, val->str.ptr, val->str.len)) < 0)
			return ERR(val, "%s: '%s' is not a %s range: %s", what, val->str.ptr,
			           cw_version_scheme_name(c->scheme), cw_error_last()->message);
		if ((error = cw_vec_push(&p->ranges, c->range)) < 0) {
			cw_version_range_free(c->range);
			c->range = NULL;
			return error;
		}
		return 0;
	}
	}
	return error;
}

static int compile_section(cw__pcond **out, cw_policy *p, const char *section, const cw_ynode *map,
                           const char *rule_id)
{
	cw__pcond *all = NULL;
	char expected[400];
	int error;

	section_fields(expected, sizeof(expected), section);
	if (map->type != CW_YN_MAP || map->count == 0)
		return ERR(map, "'%s' takes a mapping of fields (%s)", section, expected);
	if ((error = new_node(&all, p, CW_PC_ALL, map)) < 0)
		return error;
	if (!(all->kids = cw__arena_alloc(&p->arena, map->count / 2 * sizeof(*all->kids))))
		return cw_error_last()->code;
	for (size_t i = 0; i + 1 < map->count; i += 2) {
		const cw_ynode *k = map->items[i];
		const cw__pfield_def *fd = is_scalar(k) ? find_field(section, k->str.ptr) : NULL;
		cw__pcond *leaf = NULL;
		if (!fd)
			return ERR(k, "unknown field '%s' in '%s' (expected %s)", is_scalar(k) ? k->str.ptr : "?",
			           section, expected);
		for (size_t j = 0; j < i; j += 2)
			if (!strcmp(map->items[j]->str.ptr, k->str.ptr))
				return ERR(k, "'%s.%s' given twice", section, k->str.ptr);
		if (fd->field == CW_PF_PKG_ECOSYSTEM && cw__yaml_get(map, "version") &&
		    !is_scalar(map->items[i + 1]))
			return ERR(map->items[i + 1], "package.ecosystem must be one ecosystem when "
			           "package.version is given");
		if ((error = new_node(&leaf, p, CW_PC_LEAF, k)) < 0 ||
		    (error = compile_leaf(leaf, p, fd, map->items[i + 1], map, rule_id)) < 0)
			return error;
		if (!strcmp(section, "license"))
			p->uses_license = true;
		if (!strcmp(section, "health"))
			p->uses_health = true;
		all->kids[all->nkids++] = leaf;
	}
	*out = all->nkids == 1 ? all->kids[0] : all;
	return 0;
}

int cw__pcond_compile(cw__pcond **out, cw_policy *p, const cw_ynode *node, const char *rule_id,
                      int depth)
{
	cw__pcond *all = NULL;
	int error;

	if (depth > CW_POLICY_MAX_DEPTH)
		return cw__error_set_at(CW_ELIMIT, p->path, node->line, node->col,
		                        "rule '%s': conditions nested deeper than %d", rule_id,
		                        CW_POLICY_MAX_DEPTH);
	if (node->type != CW_YN_MAP || node->count == 0)
		return ERR(node, "a condition is a mapping: all, any, not, or a section (vulnerability, "
		           "license, package, attack, health, context)");
	if ((error = new_node(&all, p, CW_PC_ALL, node)) < 0)
		return error;
	if (!(all->kids = cw__arena_alloc(&p->arena, node->count / 2 * sizeof(*all->kids))))
		return cw_error_last()->code;
	for (size_t i = 0; i + 1 < node->count; i += 2) {
		const cw_ynode *k = node->items[i], *v = node->items[i + 1];
		cw__pcond *c = NULL;
		if (!is_scalar(k))
			return ERR(k, "condition keys must be words");
		for (size_t j = 0; j < i; j += 2)
			if (!strcmp(node->items[j]->str.ptr, k->str.ptr))
				return ERR(k, "'%s' given twice in one condition", k->str.ptr);
		if (!strcmp(k->str.ptr, "all") || !strcmp(k->str.ptr, "any")) {
			if (v->type != CW_YN_SEQ || v->count == 0)
				return ERR(v, "'%s' takes a non-empty list of conditions", k->str.ptr);
			if ((error = new_node(&c, p, k->str.ptr[1] == 'l' ? CW_PC_ALL : CW_PC_ANY, k)) < 0)
				return error;
			if (!(c->kids = cw__arena_alloc(&p->arena, v->count * sizeof(*c->kids))))
				return cw_error_last()->code;
			for (size_t j = 0; j < v->count; j++)
				if ((error = cw__pcond_compile(&c->kids[c->nkids++], p, v->items[j], rule_id,
				                               depth + 1)) < 0)
					return error;
		} else if (!strcmp(k->str.ptr, "not")) {
			if ((error = new_node(&c, p, CW_PC_NOT, k)) < 0)
				return error;
			if (!(c->kids = cw__arena_alloc(&p->arena, sizeof(*c->kids))))
				return cw_error_last()->code;
			c->nkids = 1;
			if ((error = cw__pcond_compile(&c->kids[0], p, v, rule_id, depth + 1)) < 0)
				return error;
		} else {
			bool known = false;
			for (size_t s = 0; s < sizeof(sections) / sizeof(sections[0]); s++)
				known |= !strcmp(sections[s], k->str.ptr);
			if (!known)
				return ERR(k, "unknown condition '%s' (expected all, any, not, vulnerability, "
				           "license, package, attack, health or context)", k->str.ptr);
			if ((error = compile_section(&c, p, k->str.ptr, v, rule_id)) < 0)
				return error;
		}
		all->kids[all->nkids++] = c;
	}
	*out = all->nkids == 1 ? all->kids[0] : all;
	return 0;
}

bool cw__pcond_uses_vuln(const cw__pcond *c)
{
	if (c->kind == CW_PC_LEAF)
		return cw__pfield_is_vuln(c->field);
	for (size_t i = 0; i < c->nkids; i++)
		if (cw__pcond_uses_vuln(c->kids[i]))
			return true;
	return false;
}
