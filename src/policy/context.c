/*
 * context.c - the project a policy is applied to: business system,
 * project, lifecycle stage, criticality, environment, distribution model
 * and supplier status.  Set key by key (CLI flags, a server's project
 * record) or read from a YAML file:
 *
 *     context:                     # optional wrapper
 *       business_system: payments
 *       project: checkout-api
 *       lifecycle: production
 *       criticality: high          # low | medium | high | critical
 *       environment: cloud
 *       distribution: network-service   # internal | network-service | distributed
 *       supplier_status: approved
 *
 * Values are kept lowercased: scopes and conditions compare words without
 * regard to case.
 */
#include "policy/policy_internal.h"
#include "inventory/yaml_tree.h"
#include "util/error.h"
#include "util/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const keys[] = { "business_system", "project", "lifecycle", "criticality",
	                             "environment", "distribution", "supplier_status" };
#define KEY_COUNT (sizeof(keys) / sizeof(keys[0]))

struct cw_policy_context {
	char *values[KEY_COUNT];
};

int cw_policy_context_new(cw_policy_context **out)
{
	if (!(*out = calloc(1, sizeof(**out))))
		return cw__error_oom();
	return 0;
}

void cw_policy_context_free(cw_policy_context *ctx)
{
	if (!ctx)
		return;
	for (size_t i = 0; i < KEY_COUNT; i++)
		free(ctx->values[i]);
	free(ctx);
}

static int key_index(const char *key)
{
	for (size_t i = 0; i < KEY_COUNT; i++)
		if (!strcmp(keys[i], key))
			return (int)i;
	/* CLI spellings: supplier-status, business-system */
	if (!strcmp(key, "business-system"))
		return 0;
	if (!strcmp(key, "supplier-status"))
		return 6;
	return -1;
}

int cw__criticality_rank(const char *word)
{
	static const char *const names[] = { "low", "medium", "high", "critical" };
	for (int i = 0; word && i < 4; i++)
		if (!strcasecmp(names[i], word))
			return i;
	return -1;
}

int cw_policy_context_set(cw_policy_context *ctx, const char *key, const char *value)
{
	int k = key ? key_index(key) : -1;
	char *v = NULL;
	if (k < 0)
		return cw__error_set(CW_EINVALID, "unknown context key '%s' (expected business_system, "
		                     "project, lifecycle, criticality, environment, distribution, "
		                     "supplier_status)", key ? key : "");
	if (value && *value) {
		if (!strcmp(keys[k], "criticality") && cw__criticality_rank(value) < 0)
			return cw__error_set(CW_EINVALID, "criticality '%s' is not low, medium, high or "
			                     "critical", value);
		if (!strcmp(keys[k], "distribution")) {
			cw_distribution d;
			if (cw_distribution_parse(&d, value) < 0)
				return cw__error_set(CW_EINVALID, "distribution '%s' is not internal, "
				                     "network-service or distributed", value);
			value = cw_distribution_name(d);
		}
		if (strlen(value) > 256)
			return cw__error_set(CW_ELIMIT, "context %s: value longer than 256 bytes", keys[k]);
		if (!(v = strdup(value)))
			return cw__error_oom();
		cw__str_lower(v, strlen(v));
	}
	free(ctx->values[k]);
	ctx->values[k] = v;
	return 0;
}

const char *cw_policy_context_get(const cw_policy_context *ctx, const char *key)
{
	int k = key ? key_index(key) : -1;
	return ctx && k >= 0 ? ctx->values[k] : NULL;
}

const char *cw__policy_context_key(const cw_policy_context *ctx, cw__pfield field)
{
	if (!ctx || field < CW_PF_CTX_BUSINESS_SYSTEM || field > CW_PF_CTX_SUPPLIER_STATUS)
		return NULL;
	return ctx->values[field - CW_PF_CTX_BUSINESS_SYSTEM];
}

int cw_policy_context_load(cw_policy_context *ctx, const char *yaml, size_t len, const char *path)
{
	cw_arena arena = CW_ARENA_INIT;
	cw_ynode *root = NULL;
	const cw_ynode *map;
	int error;

	arena.max = (size_t)16 << 20;
	if ((error = cw__yaml_parse(&root, &arena, path, yaml, len)) < 0)
		goto done;
	if (!root || root->type != CW_YN_MAP) {
		error = cw__error_set_at(CW_EINVALID, path, root ? root->line : 1, root ? root->col : 1,
		                         "a context file is a mapping (lifecycle, criticality, ...)");
		goto done;
	}
	map = root;
	if (cw__yaml_get(root, "context")) {
		map = cw__yaml_get(root, "context");
		if (root->count != 2 || map->type != CW_YN_MAP) {
			error = cw__error_set_at(CW_EINVALID, path, map->line, map->col,
			                         "'context' must be the only key and hold a mapping");
			goto done;
		}
	}
	for (size_t i = 0; i + 1 < map->count; i += 2) {
		const cw_ynode *k = map->items[i], *v = map->items[i + 1];
		if (k->type != CW_YN_SCALAR || v->type != CW_YN_SCALAR) {
			error = cw__error_set_at(CW_EINVALID, path, k->line, k->col,
			                         "context entries are 'key: value' words");
			goto done;
		}
		if ((error = cw_policy_context_set(ctx, k->str.ptr, v->str.ptr)) < 0) {
			char msg[CW_ERROR_MESSAGE_MAX];
			snprintf(msg, sizeof(msg), "%s", cw_error_last()->message);
			error = cw__error_set_at(error, path, k->line, k->col, "%s", msg);
			goto done;
		}
	}
done:
	cw__arena_free(&arena);
	return error;
}
