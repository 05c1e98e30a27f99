/*
 * policy.c - license policy: verdicts for SPDX expressions.
 *
 * Policy file (YAML):
 *
 *   apiVersion: chainwarden/v1
 *   kind: LicensePolicy
 *   distribution: network-service      # internal | network-service | distributed
 *   allow: [MIT, Apache-2.0, "BSD-*"]
 *   review: [LGPL-*]
 *   deny: [SSPL-1.0, "CC-BY-NC-*"]
 *   categories:                        # per category, overrides the defaults
 *     strong-copyleft: review
 *
 * Lists take ids or '*' globs, matched without regard to case; an explicit
 * list beats the category, deny beats review beats allow.
 */
#include "license/expr_node.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "util/error.h"
#include "util/str.h"

#define CATEGORY_COUNT 8
#define MAX_PATTERNS 512

struct cw_license_policy {
	cw_distribution model;
	bool category_set[CATEGORY_COUNT];            /* set by the policy file */
	cw_license_verdict category[CATEGORY_COUNT];  /* when set */
	char *lists[3][MAX_PATTERNS];                 /* allow, review, deny */
	size_t list_count[3];
};

/* Defaults per distribution model: internal, network service, distributed. */
static const cw_license_verdict defaults[CATEGORY_COUNT][3] = {
	[CW_LICENSE_UNKNOWN] = { CW_VERDICT_REVIEW, CW_VERDICT_REVIEW, CW_VERDICT_REVIEW },
	[CW_LICENSE_PUBLIC_DOMAIN] = { CW_VERDICT_ALLOW, CW_VERDICT_ALLOW, CW_VERDICT_ALLOW },
	[CW_LICENSE_PERMISSIVE] = { CW_VERDICT_ALLOW, CW_VERDICT_ALLOW, CW_VERDICT_ALLOW },
	[CW_LICENSE_WEAK_COPYLEFT] = { CW_VERDICT_ALLOW, CW_VERDICT_ALLOW, CW_VERDICT_REVIEW },
	[CW_LICENSE_STRONG_COPYLEFT] = { CW_VERDICT_ALLOW, CW_VERDICT_ALLOW, CW_VERDICT_DENY },
	[CW_LICENSE_NETWORK_COPYLEFT] = { CW_VERDICT_REVIEW, CW_VERDICT_DENY, CW_VERDICT_DENY },
	[CW_LICENSE_SOURCE_AVAILABLE] = { CW_VERDICT_REVIEW, CW_VERDICT_REVIEW, CW_VERDICT_REVIEW },
	[CW_LICENSE_PROPRIETARY] = { CW_VERDICT_REVIEW, CW_VERDICT_REVIEW, CW_VERDICT_REVIEW },
};

/* Exceptions that let code link to a copyleft library without the copyleft
 * reaching it: with one, strong copyleft is judged as weak copyleft. */
static const char *const linking_exceptions[] = {
	"Classpath-exception-2.0", "GCC-exception-2.0", "GCC-exception-3.1", "LLVM-exception",
	"Autoconf-exception-2.0", "Autoconf-exception-3.0", "Autoconf-exception-generic",
	"Bison-exception-2.2", "Font-exception-2.0", "Libtool-exception", "Linux-syscall-note",
	"OCaml-LGPL-linking-exception", "Universal-FOSS-exception-1.0", "WxWindows-exception-3.1",
	"eCos-exception-2.0", "Qt-LGPL-exception-1.1", "FLTK-exception", "u-boot-exception-2.0",
	"GNAT-exception", "mif-exception", "Swift-exception",
};

bool cw__license_linking_exception(const char *exception)
{
	for (size_t i = 0; exception && i < sizeof(linking_exceptions) / sizeof(linking_exceptions[0]); i++)
		if (strcmp(linking_exceptions[i], exception) == 0)
			return true;
	return false;
}

static const char *const verdict_names[] = { "allow", "review", "deny" };
static const char *const model_names[] = { "internal", "network-service", "distributed" };

const char *cw_license_verdict_name(cw_license_verdict verdict)
{
	return (unsigned)verdict < 3 ? verdict_names[verdict] : "review";
}

const char *cw_distribution_name(cw_distribution model)
{
	return (unsigned)model < 3 ? model_names[model] : "internal";
}

int cw_distribution_parse(cw_distribution *out, const char *name)
{
	static const struct { const char *name; cw_distribution model; } names[] = {
		{ "internal", CW_DISTRIBUTION_INTERNAL }, { "internal-use", CW_DISTRIBUTION_INTERNAL },
		{ "network-service", CW_DISTRIBUTION_NETWORK }, { "network", CW_DISTRIBUTION_NETWORK },
		{ "saas", CW_DISTRIBUTION_NETWORK }, { "distributed", CW_DISTRIBUTION_BINARY },
		{ "distributed-binary", CW_DISTRIBUTION_BINARY }, { "binary", CW_DISTRIBUTION_BINARY },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcasecmp(name, names[i].name) == 0) {
			*out = names[i].model;
			return 0;
		}
	}
	return cw__error_set(CW_EINVALID, "unknown distribution model '%s' (expected internal, "
	                     "network-service or distributed)", name);
}

int cw_license_policy_default(cw_license_policy **out, cw_distribution model)
{
	cw_license_policy *p = calloc(1, sizeof(*p));
	if (!p)
		return cw__error_oom();
	p->model = model;
	*out = p;
	return 0;
}

cw_distribution cw_license_policy_distribution(const cw_license_policy *policy)
{
	return policy->model;
}

void cw_license_policy_set_distribution(cw_license_policy *policy, cw_distribution model)
{
	policy->model = model;
}

void cw_license_policy_free(cw_license_policy *policy)
{
	if (!policy)
		return;
	for (int l = 0; l < 3; l++)
		for (size_t i = 0; i < policy->list_count[l]; i++)
			free(policy->lists[l][i]);
	free(policy);
}

/* ---- loading ------------------------------------------------------- */

/* An error at a YAML node: "path:line:col: " + a printf message. */
#define YAML_ERROR_AT(path, node, ...) \
	cw__error_set_at(CW_EINVALID, (path), (node)->start_mark.line + 1, \
	                 (node)->start_mark.column + 1, __VA_ARGS__)

static const char *scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static int verdict_from(const char *s, cw_license_verdict *out)
{
	for (int i = 0; i < 3; i++) {
		if (strcasecmp(s, verdict_names[i]) == 0 ||
		    (i == 0 && strcasecmp(s, "allowed") == 0) ||
		    (i == 2 && strcasecmp(s, "denied") == 0)) {
			*out = (cw_license_verdict)i;
			return 0;
		}
	}
	return -1;
}

static int load_list(cw_license_policy *p, int which, yaml_document_t *doc, yaml_node_t *seq,
                     const char *path)
{
	if (seq->type != YAML_SEQUENCE_NODE)
		return YAML_ERROR_AT(path, seq, "%s: expected a list of license ids or globs",
		                     verdict_names[which]);
	for (yaml_node_item_t *it = seq->data.sequence.items.start;
	     it < seq->data.sequence.items.top; it++) {
		yaml_node_t *item = yaml_document_get_node(doc, *it);
		const char *s = scalar(item);
		if (!s || !*s)
			return YAML_ERROR_AT(path, item, "%s: expected a license id or glob",
			                     verdict_names[which]);
		if (p->list_count[which] >= MAX_PATTERNS)
			return YAML_ERROR_AT(path, item, "%s: more than 512 entries", verdict_names[which]);
		if (!(p->lists[which][p->list_count[which]] = strdup(s)))
			return cw__error_oom();
		p->list_count[which]++;
	}
	return 0;
}

static int load_categories(cw_license_policy *p, yaml_document_t *doc, yaml_node_t *map,
                           const char *path)
{
	if (map->type != YAML_MAPPING_NODE)
		return YAML_ERROR_AT(path, map, "categories: expected a mapping of category: verdict");
	for (yaml_node_pair_t *pair = map->data.mapping.pairs.start;
	     pair < map->data.mapping.pairs.top; pair++) {
		yaml_node_t *k = yaml_document_get_node(doc, pair->key);
		yaml_node_t *v = yaml_document_get_node(doc, pair->value);
		const char *name = scalar(k), *verdict = scalar(v);
		int category = -1;
		cw_license_verdict vd;
		for (int c = 0; name && c < CATEGORY_COUNT; c++)
			if (strcmp(name, cw_license_category_name((cw_license_category)c)) == 0)
				category = c;
		if (category < 0)
			return YAML_ERROR_AT(path, k, "unknown category '%s'", name ? name : "?");
		if (!verdict || verdict_from(verdict, &vd) < 0)
			return YAML_ERROR_AT(path, v, "expected allow, review or deny for '%s'", name);
		p->category[category] = vd;
		p->category_set[category] = true;
	}
	return 0;
}

static int load_root(cw_license_policy *p, yaml_document_t *doc, const char *path)
{
	yaml_node_t *root = yaml_document_get_root_node(doc);
	int error = 0;
	if (!root)
		return cw__error_set_at(CW_EINVALID, path, 1, 1, "empty policy");
	if (root->type != YAML_MAPPING_NODE)
		return YAML_ERROR_AT(path, root, "expected a mapping (apiVersion, allow, ...)");
	for (yaml_node_pair_t *pair = root->data.mapping.pairs.start;
	     pair < root->data.mapping.pairs.top && error == 0; pair++) {
		yaml_node_t *k = yaml_document_get_node(doc, pair->key);
		yaml_node_t *v = yaml_document_get_node(doc, pair->value);
		const char *key = scalar(k);
		if (!key) {
			error = YAML_ERROR_AT(path, k, "expected a key");
		} else if (strcmp(key, "apiVersion") == 0) {
			if (!scalar(v) || strcmp(scalar(v), "chainwarden/v1") != 0)
				error = YAML_ERROR_AT(path, v, "unsupported apiVersion '%s' "
				                      "(expected chainwarden/v1)", scalar(v) ? scalar(v) : "?");
		} else if (strcmp(key, "kind") == 0) {
			if (!scalar(v) || strcmp(scalar(v), "LicensePolicy") != 0)
				error = YAML_ERROR_AT(path, v, "kind '%s': expected LicensePolicy",
				                      scalar(v) ? scalar(v) : "?");
		} else if (strcmp(key, "distribution") == 0) {
			if (!scalar(v) || cw_distribution_parse(&p->model, scalar(v)) < 0)
				error = YAML_ERROR_AT(path, v, "%s", cw_error_last()->message);
		} else if (strcmp(key, "allow") == 0) {
			error = load_list(p, CW_VERDICT_ALLOW, doc, v, path);
		} else if (strcmp(key, "review") == 0) {
			error = load_list(p, CW_VERDICT_REVIEW, doc, v, path);
		} else if (strcmp(key, "deny") == 0) {
			error = load_list(p, CW_VERDICT_DENY, doc, v, path);
		} else if (strcmp(key, "categories") == 0) {
			error = load_categories(p, doc, v, path);
		} else {
			error = YAML_ERROR_AT(path, k, "unknown key '%s' (expected apiVersion, kind, "
			                      "distribution, allow, review, deny, categories)", key);
		}
	}
	return error;
}

int cw_license_policy_load(cw_license_policy **out, const char *yaml, size_t len,
                           const char *path)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	cw_license_policy *p = NULL;
	int error;

	*out = NULL;
	if (!path)
		path = "<policy>";
	if (!yaml_parser_initialize(&parser))
		return cw__error_oom();
	yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, len);
	if (!yaml_parser_load(&parser, &doc)) {
		error = cw__error_set_at(CW_EINVALID, path, parser.problem_mark.line + 1,
		                         parser.problem_mark.column + 1, "invalid YAML: %s",
		                         parser.problem ? parser.problem : "syntax error");
		yaml_parser_delete(&parser);
		return error;
	}
	if ((error = cw_license_policy_default(&p, CW_DISTRIBUTION_INTERNAL)) == 0 &&
	    (error = load_root(p, &doc, path)) < 0) {
		cw_license_policy_free(p);
		p = NULL;
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	*out = p;
	return error;
}

static bool listed(const cw_license_policy *p, int which, const char *id)
{
	for (size_t i = 0; i < p->list_count[which]; i++)
		if (cw__glob_match(p->lists[which][i], id, true))
			return true;
	return false;
}

typedef struct {
	cw_license_verdict verdict;
	char reason[256];
} judgement;

static judgement judge_license(const cw_license_policy *p, const char *id, bool plus,
                               const char *exception)
{
	judgement j;
	char full[200];
	cw_license_category category;
	bool relaxed = false;

	snprintf(full, sizeof(full), "%s%s", id, plus ? "+" : "");
	for (int which = CW_VERDICT_DENY; which >= CW_VERDICT_ALLOW; which--) {
		if (listed(p, which, full) || listed(p, which, id)) {
			j.verdict = (cw_license_verdict)which;
			snprintf(j.reason, sizeof(j.reason), "%s: on the %s list", full,
			         verdict_names[which]);
			return j;
		}
	}
	category = cw_license_category_of(id);
	if (exception && category == CW_LICENSE_STRONG_COPYLEFT) {
		for (size_t i = 0; i < sizeof(linking_exceptions) / sizeof(linking_exceptions[0]); i++)
			relaxed = relaxed || strcmp(linking_exceptions[i], exception) == 0;
		if (relaxed)
			category = CW_LICENSE_WEAK_COPYLEFT;
	}
	j.verdict = p->category_set[category] ? p->category[category]
	                                      : defaults[category][p->model];
	snprintf(j.reason, sizeof(j.reason), "%s%s%s: %s%s, %s for %s", full,
	         exception ? " WITH " : "", exception ? exception : "",
	         cw_license_category_name(category), relaxed ? " (linking exception)" : "",
	         j.verdict == CW_VERDICT_ALLOW ? "allowed" : j.verdict == CW_VERDICT_DENY
	                                     ? "denied" : "needs review",
	         p->model == CW_DISTRIBUTION_INTERNAL ? "internal use"
	         : p->model == CW_DISTRIBUTION_NETWORK ? "a network service" : "a distributed binary");
	return j;
}

static judgement judge(const cw_license_policy *p, const node *n)
{
	switch (n->kind) {
	case NODE_LICENSE:
	case NODE_REF:
		return judge_license(p, n->id, n->plus, NULL);
	case NODE_WITH:
		return judge_license(p, n->kids[0]->id, n->kids[0]->plus, n->id);
	default: {
		/* OR: the licensee may pick the best; AND: all apply. */
		judgement best = judge(p, n->kids[0]);
		for (size_t i = 1; i < n->nkids; i++) {
			judgement j = judge(p, n->kids[i]);
			if (n->kind == NODE_OR ? j.verdict < best.verdict : j.verdict > best.verdict)
				best = j;
		}
		return best;
	}
	}
}

cw_license_verdict cw_license_policy_evaluate(const cw_license_policy *policy,
                                              const char *expression, char *reason,
                                              size_t reason_size)
{
	cw_license_expr *e = NULL;
	judgement j;

	if (!expression || !*expression || strcmp(expression, "NOASSERTION") == 0 ||
	    strcmp(expression, "NONE") == 0 ||
	    cw_license_expr_parse(&e, expression, strlen(expression),
	                          CW_LICENSE_PARSE_ALLOW_UNKNOWN | CW_LICENSE_PARSE_LAX_OPERATORS) < 0) {
		cw_license_category c = CW_LICENSE_UNKNOWN;
		j.verdict = policy->category_set[c] ? policy->category[c] : defaults[c][policy->model];
		snprintf(j.reason, sizeof(j.reason), "license unknown (%s)",
		         expression && *expression ? expression : "none declared");
		cw_error_clear();
	} else {
		cw_license_expr_simplify(e);
		j = judge(policy, e->root);
	}
	cw_license_expr_free(e);
	if (reason && reason_size)
		snprintf(reason, reason_size, "%s", j.reason);
	return j.verdict;
}
