/*
 * health.c - upstream project health per package, the input of the
 * `health` conditions.
 *
 * A health file is a JSON object: keys are packages (a purl without
 * version, "pkg:npm/lodash", or a plain name, "lodash"), values are
 * chainwarden health reports (`chainwarden health --json`, schema
 * chainwarden-health/1: "score" and "checks" [{name, score}] are read).
 * `unmaintained` is true when the Maintained check concluded 0, false when
 * it concluded higher, unknown when inconclusive; an explicit
 * "unmaintained": true|false in the value wins.  Components without an
 * entry have no health data: health conditions on them are unknown.
 */
#include "policy/policy_internal.h"
#include "util/error.h"
#include "util/json.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
	cw_policy_health pub;
	char *key;
	char **names;
	int *scores;
} entry;

struct cw_policy_health_set {
	cw_map by_key;
	CW_VEC(entry *) entries;
};

int cw_policy_health_new(cw_policy_health_set **out)
{
	if (!(*out = calloc(1, sizeof(**out))))
		return cw__error_oom();
	return 0;
}

static void entry_free(entry *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->pub.check_count; i++)
		free(e->names[i]);
	free(e->names);
	free(e->scores);
	free(e->key);
	free(e);
}

void cw_policy_health_free(cw_policy_health_set *set)
{
	if (!set)
		return;
	cw_vec_free_each(&set->entries, entry_free);
	cw__map_free(&set->by_key);
	free(set);
}

int cw_policy_health_add(cw_policy_health_set *set, const char *package, const cw_policy_health *h)
{
	entry *e = calloc(1, sizeof(*e));
	void *old = NULL;
	int error;
	if (!e)
		return cw__error_oom();
	e->pub = *h;
	e->pub.check_names = NULL;
	e->pub.check_scores = NULL;
	e->pub.check_count = 0;
	if (!(e->key = strdup(package)) ||
	    (h->check_count && (!(e->names = calloc(h->check_count, sizeof(char *))) ||
	                        !(e->scores = calloc(h->check_count, sizeof(int)))))) {
		entry_free(e);
		return cw__error_oom();
	}
	for (size_t i = 0; i < h->check_count; i++) {
		if (!(e->names[i] = strdup(h->check_names[i] ? h->check_names[i] : ""))) {
			entry_free(e);
			return cw__error_oom();
		}
		e->scores[i] = h->check_scores[i];
		e->pub.check_count++;
	}
	e->pub.check_names = (const char *const *)e->names;
	e->pub.check_scores = e->scores;
	if ((error = cw_vec_push(&set->entries, e)) < 0) {
		entry_free(e);
		return error;
	}
	return cw__map_put(&set->by_key, e->key, strlen(e->key), e, &old);
}

int cw_policy_health_load(cw_policy_health_set **out, const char *json, size_t len, const char *path)
{
	cw_json *doc = NULL;
	const char *key;
	cw_json *val;
	int error;

	*out = NULL;
	if ((error = cw__json_parse(&doc, json, len, path)) < 0)
		return error;
	if (!json_is_object(doc)) {
		cw__json_free(doc);
		return cw__error_set(CW_EINVALID, "%s: a health file is a JSON object of package -> health "
		                     "report", path);
	}
	if ((error = cw_policy_health_new(out)) < 0)
		goto done;
	json_object_foreach(doc, key, val) {
		cw_policy_health h = { -1, NULL, NULL, 0, -1 };
		const char *names[64];
		int scores[64];
		cw_json *checks = json_object_get(val, "checks"), *sc = json_object_get(val, "score");
		cw_json *um = json_object_get(val, "unmaintained");
		if (!json_is_object(val) || (sc && !json_is_number(sc) && !json_is_null(sc)) ||
		    (checks && !json_is_array(checks)) || (um && !json_is_boolean(um))) {
			error = cw__error_set(CW_EINVALID, "%s: '%s': expected a health report (score, checks)",
			                      path, key);
			goto done;
		}
		if (json_is_number(sc))
			h.score = json_number_value(sc);
		for (size_t i = 0; checks && i < json_array_size(checks) && h.check_count < 64; i++) {
			cw_json *c = json_array_get(checks, i);
			const char *name = cw__json_get_str(c, "name");
			cw_json *s = json_object_get(c, "score");
			if (!name || !json_is_integer(s)) {
				error = cw__error_set(CW_EINVALID, "%s: '%s': check %zu needs a name and an integer "
				                      "score", path, key, i);
				goto done;
			}
			names[h.check_count] = name;
			scores[h.check_count++] = (int)json_integer_value(s);
			if (!strcasecmp(name, "Maintained") && json_integer_value(s) >= 0)
				h.unmaintained = json_integer_value(s) == 0;
		}
		if (um)
			h.unmaintained = json_is_true(um);
		h.check_names = names;
		h.check_scores = scores;
		if ((error = cw_policy_health_add(*out, key, &h)) < 0)
			goto done;
	}
done:
	cw__json_free(doc);
	if (error < 0) {
		cw_policy_health_free(*out);
		*out = NULL;
	}
	return error;
}

const cw_policy_health *cw__policy_health_find(const cw_policy_health_set *set, const cw_component *c)
{
	entry *e = NULL;
	if (!set || !set->entries.len)
		return NULL;
	if (c->purl) {
		size_t n = strcspn(c->purl, "@?#");
		if ((e = cw__map_get(&set->by_key, c->purl, n)) ||
		    (e = cw__map_get(&set->by_key, c->purl, strlen(c->purl))))
			return &e->pub;
	}
	if (c->name && (e = cw__map_get(&set->by_key, c->name, strlen(c->name))))
		return &e->pub;
	return NULL;
}
