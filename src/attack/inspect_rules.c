/*
 * inspect_rules.c - loading and compiling inspect rule files.
 *
 * Format (YAML 1.1 via libyaml; described in docs/inspect.md):
 *
 *   version: 1
 *   rules:
 *     - id: eval-decoded           # [a-z0-9-]+, unique
 *       kind: malicious            # malicious | suspicious | signal
 *       severity: high             # low | medium | high | critical
 *       description: eval of base64-decoded text
 *       scope: [js, install-command]   # default: any
 *       prefilter: [atob, base64]  # literals, any of which must occur
 *       patterns: ['eval\s*\(\s*atob\s*\(']   # PCRE2; any one matches
 *     - id: hex-blob
 *       detector: hex-blob         # hex-blob | base64-blob | entropy | unsafe-path
 *       min_length: 512
 *       min_entropy: 5.2           # entropy only
 *     - id: exfil
 *       all: [reads-credentials, network-send]   # earlier rules
 *       any: [...]
 *       within: file               # file (default) | package
 *
 * Every error names the rule file and line.  Patterns are compiled with
 * PCRE2 (no UTF mode: package files are bytes) and JIT-compiled when the
 * platform supports it; a match limit bounds backtracking at scan time.
 */
#include "attack/inspect_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/yaml_tree.h"
#include "util/error.h"
#include "util/map.h"
#include "util/str.h"

#define RULES_MAX 2000
#define PATTERN_MAX 4096
#define LITERALS_MAX 8192
#define DETECTORS_MAX 64   /* inspect_scan.c keeps their state on the stack */

static const cw_name_value scope_names[] = {
	{ "install-command", CW_SCOPE_INSTALL_COMMAND },
	{ "install-file", CW_SCOPE_INSTALL_FILE },
	{ "install", CW_SCOPE_INSTALL_COMMAND | CW_SCOPE_INSTALL_FILE },
	{ "setup-py", CW_SCOPE_SETUP_PY },
	{ "js", CW_SCOPE_JS },
	{ "python", CW_SCOPE_PYTHON },
	{ "shell", CW_SCOPE_SHELL },
	{ "manifest", CW_SCOPE_MANIFEST },
	{ "pth", CW_SCOPE_PTH },
	{ "other", CW_SCOPE_OTHER },
	{ "code", CW_SCOPE_CODE },
	{ "any", CW_SCOPE_ANY },
};

static const char *const detector_names[] = { "hex-blob", "base64-blob", "entropy", "unsafe-path" };
static const char *const kind_names[] = { "signal", "suspicious", "malicious" };
static const char *const severity_names[] = { "low", "medium", "high", "critical" };

/* Keys of a rule whose values are read once the whole mapping is known. */
enum { PATTERNS, PREFILTER, DETECTOR, MIN_LENGTH, MIN_ENTROPY, ALL, ANY, N_LATER };
static const char *const later_names[N_LATER] = { "patterns", "prefilter", "detector", "min_length",
                                                  "min_entropy", "all", "any" };

/* What loading needs besides the rule set. */
typedef struct {
	cw_inspect_rules *rules;
	const char *path;
	cw_map ids;                  /* id -> rule index + 1 */
	cw_map literal_ids;          /* lowercased literal -> id + 1 */
	CW_VEC(const char *) literals;
	CW_VEC(size_t) literal_lens;
	int detectors;
} loader;

/* An error at YAML node `n` (NULL: no line) of the rules file. */
#define ERROR_AT(ld, n, ...) \
	cw__error_set_at(CW_EINVALID, (ld)->path, (n) ? (n)->line : 0, 0, __VA_ARGS__)

/* The index of `s` in names[count], count when absent. */
static size_t index_of(const char *s, const char *const *names, size_t count)
{
	size_t i = 0;
	while (i < count && strcmp(s, names[i]) != 0)
		i++;
	return i;
}

static int pick(const loader *ld, const cw_ynode *v, const char *const *names, size_t count,
                const char *what, int *out)
{
	if (v->type != CW_YN_SCALAR)
		return ERROR_AT(ld, v, "%s: expected a scalar", what);
	if ((*out = (int)index_of(v->str.ptr, names, count)) < (int)count)
		return 0;
	return ERROR_AT(ld, v, "unknown %s '%s'", what, v->str.ptr);
}

/* A scalar or a sequence of scalars, as an array (*slot holds a lone scalar). */
static int scalars(const loader *ld, const cw_ynode *v, const char *what, const cw_ynode *const **items,
                    size_t *count, const cw_ynode **slot)
{
	if (v->type == CW_YN_SCALAR) {
		*slot = v;
		*items = slot;
		*count = 1;
		return 0;
	}
	if (v->type != CW_YN_SEQ)
		return ERROR_AT(ld, v, "%s: expected a list", what);
	for (size_t i = 0; i < v->count; i++)
		if (v->items[i]->type != CW_YN_SCALAR)
			return ERROR_AT(ld, v->items[i], "%s: expected a list of strings", what);
	*items = (const cw_ynode *const *)v->items;
	*count = v->count;
	return 0;
}

static int parse_scope(const loader *ld, const cw_ynode *v, unsigned *out)
{
	const cw_ynode *const *items = NULL, *slot = NULL;
	size_t count = 0;
	int error;
	if ((error = scalars(ld, v, "scope", &items, &count, &slot)) < 0)
		return error;
	*out = 0;
	for (size_t i = 0; i < count; i++) {
		const cw_name_value *scope = cw__name_value_find(CW_NAME_VALUES(scope_names),
		                                                 items[i]->str.ptr, items[i]->str.len);
		if (!scope)
			return ERROR_AT(ld, items[i], "unknown scope '%s'", items[i]->str.ptr);
		*out |= (unsigned)scope->value;
	}
	if (!*out)
		return ERROR_AT(ld, v, "empty scope");
	return 0;
}

static int parse_size(const loader *ld, const cw_ynode *v, const char *what, size_t *out)
{
	char *end;
	unsigned long long n;
	if (v->type != CW_YN_SCALAR || !cw_is_digit(v->str.ptr[0]))
		return ERROR_AT(ld, v, "%s: expected a number", what);
	errno = 0;
	n = strtoull(v->str.ptr, &end, 10);
	if (*end || errno || n == 0 || n > ((size_t)1 << 30))
		return ERROR_AT(ld, v, "%s: expected a number from 1 to 2^30, got '%s'", what, v->str.ptr);
	*out = (size_t)n;
	return 0;
}

static int parse_entropy(const loader *ld, const cw_ynode *v, double *out)
{
	char *end;
	if (v->type != CW_YN_SCALAR || !v->str.len)
		return ERROR_AT(ld, v, "min_entropy: expected a number");
	*out = strtod(v->str.ptr, &end);
	if (*end || !(*out > 0 && *out <= 8))
		return ERROR_AT(ld, v, "min_entropy: expected bits per byte in (0, 8], got '%s'", v->str.ptr);
	return 0;
}

static int add_literal(loader *ld, const cw_ynode *v, uint32_t *out)
{
	cw_arena *arena = &ld->rules->arena;
	char *low;
	void *old;
	int error;
	if (!v->str.len || v->str.len > 256)
		return ERROR_AT(ld, v, "prefilter literal must have 1 to 256 bytes");
	if (!(low = cw__arena_strndup(arena, v->str.ptr, v->str.len)))
		return cw_error_last()->code;
	cw__str_lower(low, v->str.len);
	if ((old = cw__map_get(&ld->literal_ids, low, v->str.len))) {
		*out = (uint32_t)((uintptr_t)old - 1);
		return 0;
	}
	if (ld->literals.len >= LITERALS_MAX)
		return ERROR_AT(ld, v, "too many prefilter literals");
	*out = (uint32_t)ld->literals.len;
	if ((error = cw_vec_push(&ld->literals, low)) < 0 ||
	    (error = cw_vec_push(&ld->literal_lens, v->str.len)) < 0 ||
	    (error = cw__map_put(&ld->literal_ids, low, v->str.len,
	                         (void *)(uintptr_t)(ld->literals.len), NULL)) < 0)
		return error;
	return 0;
}

static int compile_pattern(loader *ld, const cw_ynode *v, const char *id, pcre2_code **out)
{
	int errcode;
	PCRE2_SIZE erroff;
	PCRE2_UCHAR msg[256];
	if (!v->str.len || v->str.len > PATTERN_MAX)
		return ERROR_AT(ld, v, "rule '%s': a pattern must have 1 to 4096 bytes", id);
	*out = pcre2_compile((PCRE2_SPTR)v->str.ptr, v->str.len, PCRE2_DOLLAR_ENDONLY, &errcode,
	                     &erroff, NULL);
	if (!*out) {
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		return cw__error_set_at(CW_EINVALID, ld->path, v->line, 0,
		                        "rule '%s': bad pattern at offset %zu: %s", id, (size_t)erroff,
		                        (const char *)msg);
	}
	/* No JIT (some platforms) just means the interpreter runs instead. */
	(void)pcre2_jit_compile(*out, PCRE2_JIT_COMPLETE);
	return 0;
}

static int refs(loader *ld, const cw_ynode *v, const char *what, const char *id, size_t **out,
                size_t *count)
{
	const cw_ynode *const *items = NULL, *slot = NULL;
	int error;
	if ((error = scalars(ld, v, what, &items, count, &slot)) < 0)
		return error;
	if (!*count)
		return ERROR_AT(ld, v, "rule '%s': empty '%s' list", id, what);
	if (!(*out = cw__arena_calloc(&ld->rules->arena, *count, sizeof(size_t))))
		return cw_error_last()->code;
	for (size_t i = 0; i < *count; i++) {
		void *ix = cw__map_get(&ld->ids, items[i]->str.ptr, items[i]->str.len);
		if (!ix)
			return ERROR_AT(ld, items[i], "rule '%s': '%s' is not a rule defined above", id,
			                items[i]->str.ptr);
		(*out)[i] = (size_t)(uintptr_t)ix - 1;
	}
	return 0;
}

static bool valid_id(cw_slice s)
{
	if (!s.len || s.len > 64)
		return false;
	for (size_t i = 0; i < s.len; i++)
		if (!(cw_is_digit(s.ptr[i]) || (s.ptr[i] >= 'a' && s.ptr[i] <= 'z') || s.ptr[i] == '-' ||
		      s.ptr[i] == '.' || s.ptr[i] == '_'))
			return false;
	return true;
}

static int parse_rule(loader *ld, const cw_ynode *n)
{
	cw__inspect_rule r;
	const cw_ynode *later[N_LATER] = { 0 };
	bool have_kind = false, have_severity = false;
	int v = 0, error;

	memset(&r, 0, sizeof(r));
	r.line = n->line;
	r.scope = CW_SCOPE_ANY;
	r.description = "";
	if (n->type != CW_YN_MAP)
		return ERROR_AT(ld, n, "a rule must be a mapping");
	{
		cw_slice id = cw__yaml_str(n, "id");
		if (!valid_id(id))
			return ERROR_AT(ld, n, "a rule needs an id of 1 to 64 characters [a-z0-9._-]");
		r.id = id.ptr;
		if (cw__map_get(&ld->ids, id.ptr, id.len))
			return ERROR_AT(ld, n, "duplicate rule id '%s'", r.id);
	}
	for (size_t i = 0; i + 1 < n->count; i += 2) {
		const cw_ynode *k = n->items[i], *val = n->items[i + 1];
		const char *key = k->type == CW_YN_SCALAR ? k->str.ptr : "";
		size_t l = index_of(key, later_names, N_LATER);
		error = 0;
		if (l < N_LATER) {
			later[l] = val;
			continue;
		}
		if (!strcmp(key, "id"))
			continue;
		if (!strcmp(key, "kind")) {
			if ((error = pick(ld, val, kind_names, 3, "kind", &v)) == 0)
				r.kind = (cw_inspect_kind)v;
			have_kind = true;
		} else if (!strcmp(key, "severity")) {
			if ((error = pick(ld, val, severity_names, 4, "severity", &v)) == 0)
				r.severity = (cw_inspect_severity)v;
			have_severity = true;
		} else if (!strcmp(key, "description")) {
			if (val->type != CW_YN_SCALAR)
				return ERROR_AT(ld, val, "rule '%s': description must be text", r.id);
			r.description = val->str.ptr;
		} else if (!strcmp(key, "scope")) {
			error = parse_scope(ld, val, &r.scope);
		} else if (!strcmp(key, "within")) {
			if (val->type != CW_YN_SCALAR ||
			    (strcmp(val->str.ptr, "file") != 0 && strcmp(val->str.ptr, "package") != 0))
				return ERROR_AT(ld, val, "rule '%s': within must be 'file' or 'package'", r.id);
			r.package_wide = !strcmp(val->str.ptr, "package");
		} else {
			return ERROR_AT(ld, k, "rule '%s': unknown key '%s'", r.id, key);
		}
		if (error < 0)
			return error;
	}
	const cw_ynode *patterns = later[PATTERNS], *prefilter = later[PREFILTER], *detector = later[DETECTOR];
	const cw_ynode *min_length = later[MIN_LENGTH], *min_entropy = later[MIN_ENTROPY];
	const cw_ynode *all = later[ALL], *any = later[ANY];
	if (!have_kind)
		return ERROR_AT(ld, n, "rule '%s': no kind (malicious, suspicious or signal)", r.id);
	if (!have_severity && r.kind != CW_INSPECT_SIGNAL)
		return ERROR_AT(ld, n, "rule '%s': no severity (low, medium, high or critical)", r.id);
	if (r.kind != CW_INSPECT_SIGNAL && !*r.description)
		return ERROR_AT(ld, n, "rule '%s': a reported rule needs a description", r.id);
	if (!!patterns + !!detector + !!(all || any) != 1)
		return ERROR_AT(ld, n, "rule '%s': give exactly one of patterns, detector, or all/any", r.id);
	if ((prefilter && !patterns) || ((min_length || min_entropy) && !detector) ||
	    (r.package_wide && !(all || any)))
		return ERROR_AT(ld, n, "rule '%s': prefilter goes with patterns, min_length/min_entropy with a "
		                "detector, within with all/any", r.id);

	if (patterns) {
		const cw_ynode *const *items = NULL, *slot = NULL;
		size_t count = 0;
		r.type = CW_RULE_PATTERN;
		if ((error = scalars(ld, patterns, "patterns", &items, &count, &slot)) < 0)
			return error;
		if (!count)
			return ERROR_AT(ld, patterns, "rule '%s': no patterns", r.id);
		if (!(r.codes = cw__arena_calloc(&ld->rules->arena, count, sizeof(pcre2_code *))))
			return cw_error_last()->code;
		for (size_t i = 0; i < count; i++) {
			if ((error = compile_pattern(ld, items[i], r.id, &r.codes[i])) < 0) {
				r.code_count = i;
				goto fail;
			}
			r.code_count = i + 1;
		}
		if (prefilter) {
			if ((error = scalars(ld, prefilter, "prefilter", &items, &count, &slot)) < 0 ||
			    !(r.literals = cw__arena_calloc(&ld->rules->arena, count ? count : 1, sizeof(uint32_t))))
				goto fail_code;
			for (size_t i = 0; i < count; i++)
				if ((error = add_literal(ld, items[i], &r.literals[i])) < 0)
					goto fail;
			r.literal_count = count;
		}
	} else if (detector) {
		r.type = CW_RULE_DETECTOR;
		if (++ld->detectors > DETECTORS_MAX)
			return ERROR_AT(ld, n, "rule '%s': more than %d detector rules", r.id, DETECTORS_MAX);
		if ((error = pick(ld, detector, detector_names, 4, "detector", &v)) < 0)
			return error;
		r.detector = (cw__detector)v;
		r.min_length = 64;
		r.min_entropy = 0;
		if (min_length && (error = parse_size(ld, min_length, "min_length", &r.min_length)) < 0)
			return error;
		if (min_entropy && (error = parse_entropy(ld, min_entropy, &r.min_entropy)) < 0)
			return error;
		if (r.detector == CW_DETECT_ENTROPY && !min_entropy)
			return ERROR_AT(ld, n, "rule '%s': the entropy detector needs min_entropy", r.id);
		if (r.detector == CW_DETECT_UNSAFE_PATH)
			ld->rules->has_unsafe_path = true;
		else if (r.min_length < ld->rules->min_literal_len)
			ld->rules->min_literal_len = r.min_length;
	} else {
		r.type = CW_RULE_COMBO;
		if (all && (error = refs(ld, all, "all", r.id, &r.all, &r.all_count)) < 0)
			return error;
		if (any && (error = refs(ld, any, "any", r.id, &r.any, &r.any_count)) < 0)
			return error;
	}
	if ((error = cw__map_put(&ld->ids, r.id, strlen(r.id),
	                         (void *)(uintptr_t)(ld->rules->rules.len + 1), NULL)) < 0 ||
	    (error = cw_vec_push(&ld->rules->rules, r)) < 0)
		goto fail;
	return 0;
fail_code:
	if (error == 0)
		error = cw_error_last()->code;
fail:
	for (size_t i = 0; i < r.code_count; i++)
		pcre2_code_free(r.codes[i]);
	return error;
}

int cw_inspect_rules_load(cw_inspect_rules **out, const char *text, size_t len, const char *path)
{
	loader ld;
	cw_ynode *root = NULL;
	const cw_ynode *list, *version;
	int error = 0;

	*out = NULL;
	memset(&ld, 0, sizeof(ld));
	ld.path = path ? path : "<rules>";
	if (!(ld.rules = calloc(1, sizeof(*ld.rules))))
		return cw__error_oom();
	ld.rules->min_literal_len = SIZE_MAX;
	if ((error = cw__yaml_parse(&root, &ld.rules->arena, ld.path, text, len)) < 0)
		goto done;
	if (!root || root->type != CW_YN_MAP) {
		error = ERROR_AT(&ld, root, "expected a mapping with 'version' and 'rules'");
		goto done;
	}
	version = cw__yaml_get(root, "version");
	if (!version || version->type != CW_YN_SCALAR || strcmp(version->str.ptr, "1") != 0) {
		error = ERROR_AT(&ld, version ? version : root, "expected 'version: 1'");
		goto done;
	}
	for (size_t i = 0; i + 1 < root->count; i += 2) {
		const cw_ynode *k = root->items[i];
		if (k->type != CW_YN_SCALAR || (strcmp(k->str.ptr, "version") && strcmp(k->str.ptr, "rules"))) {
			error = ERROR_AT(&ld, k, "unknown top-level key '%s'", k->type == CW_YN_SCALAR ? k->str.ptr : "");
			goto done;
		}
	}
	list = cw__yaml_get(root, "rules");
	if (!list || list->type != CW_YN_SEQ) {
		error = ERROR_AT(&ld, list ? list : root, "'rules' must be a list");
		goto done;
	}
	if (list->count > RULES_MAX) {
		error = cw__error_set_at(CW_ELIMIT, ld.path, list->line, 0, "more than %d rules", RULES_MAX);
		goto done;
	}
	for (size_t i = 0; i < list->count; i++)
		if ((error = parse_rule(&ld, list->items[i])) < 0)
			goto done;
	error = cw__prefilter_build(&ld.rules->pf, ld.literals.items, ld.literal_lens.items,
	                            ld.literals.len);
done:
	cw__map_free(&ld.ids);
	cw__map_free(&ld.literal_ids);
	cw_vec_free(&ld.literals);
	cw_vec_free(&ld.literal_lens);
	if (error < 0)
		cw_inspect_rules_free(ld.rules);
	else
		*out = ld.rules;
	return error;
}

size_t cw_inspect_rules_count(const cw_inspect_rules *rules)
{
	return rules ? rules->rules.len : 0;
}

void cw_inspect_rules_free(cw_inspect_rules *rules)
{
	if (!rules)
		return;
	for (size_t i = 0; i < rules->rules.len; i++)
		for (size_t j = 0; j < rules->rules.items[i].code_count; j++)
			pcre2_code_free(rules->rules.items[i].codes[j]);
	cw_vec_free(&rules->rules);
	cw__prefilter_free(&rules->pf);
	cw__arena_free(&rules->arena);
	free(rules);
}

/* The rule file compiled in by cmake/gen_inspect.cmake. */
extern const unsigned char cw__inspect_rules_yaml[];
extern const size_t cw__inspect_rules_yaml_len;

const char *cw_inspect_rules_default_text(size_t *len)
{
	if (len)
		*len = cw__inspect_rules_yaml_len;
	return (const char *)cw__inspect_rules_yaml;
}

int cw_inspect_rules_default(cw_inspect_rules **out)
{
	return cw_inspect_rules_load(out, (const char *)cw__inspect_rules_yaml,
	                             cw__inspect_rules_yaml_len, "<built-in inspect rules>");
}

const char *cw_inspect_kind_name(cw_inspect_kind kind)
{
	return (unsigned)kind < 3 ? kind_names[kind] : "?";
}

const char *cw_inspect_severity_name(cw_inspect_severity severity)
{
	return (unsigned)severity < 4 ? severity_names[severity] : "?";
}
