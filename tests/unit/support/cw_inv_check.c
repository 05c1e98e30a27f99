/* cw_inv_check.c - see cw_inv_check.h. */
#include "cw_test.h"
#include "cw_inv_check.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"

static char *fmt3(const char *a, const char *b, const char *c)
{
	size_t n = strlen(a) + strlen(b) + strlen(c) + 3;
	char *s = malloc(n);
	snprintf(s, n, "%s|%s|%s", a, b, c);
	return s;
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

cw_inventory *cw_inv_scan(const char *path)
{
	cw_inventory *inv = NULL;
	cw_assert_ok(cw_inventory_new(&inv));
	cw_assert_ok(cw_inventory_scan_path(inv, path, NULL));
	for (size_t i = 0; i < cw_inventory_failure_count(inv); i++)
		fail_msg("unexpected failure: %s", cw_inventory_failure(inv, i));
	return inv;
}

cw_inventory *cw_inv_parse(const char *name, const char *text)
{
	cw_inventory *inv = NULL;
	cw_assert_ok(cw_inventory_new(&inv));
	int rc = cw_inventory_parse_data(inv, name, text, strlen(text));
	if (rc < 0)
		fail_msg("%s: %s", name, cw_error_last()->message);
	return inv;
}

int cw_inv_parse_fail(const char *name, const char *text)
{
	cw_inventory *inv = NULL;
	cw_assert_ok(cw_inventory_new(&inv));
	int rc = cw_inventory_parse_data(inv, name, text, strlen(text));
	cw_inventory_free(inv);
	return rc;
}

static void dedup(char **v, size_t *n)
{
	size_t u = 0;
	qsort(v, *n, sizeof(char *), cmp_strp);
	for (size_t i = 0; i < *n; i++)
		if (!u || strcmp(v[u - 1], v[i]) != 0)
			v[u++] = v[i];
		else
			free(v[i]);
	*n = u;
}

void cw_inv_check_fixture(const char *lock_rel, const char *expected_rel, unsigned kinds)
{
	cw_inventory *inv = cw_inv_scan(cw_test_shared(lock_rel));
	json_error_t jerr;
	json_t *exp = json_load_file(cw_test_shared(expected_rel), 0, &jerr), *p;
	char **want = NULL, **got = NULL;
	size_t nwant = 0, ngot = 0, matched = 0, i, j;

	assert_non_null(exp);
	/* npm/large also lists what the lockfile has but npm did not install
	 * (other platforms' optional packages): a lockfile reader finds them. */
	for (int list = 0; list < 2; list++) {
		json_array_foreach(json_object_get(exp, list ? "in_lockfile_but_not_installed"
		                                             : "packages"), i, p) {
			const char *v = json_string_value(json_object_get(p, "version"));
			want = realloc(want, (nwant + 1) * sizeof(char *));
			want[nwant++] = fmt3(json_string_value(json_object_get(p, "ecosystem")),
			                     json_string_value(json_object_get(p, "name")), v ? v : "");
		}
	}
	dedup(want, &nwant);
	for (i = 0; i < cw_inventory_component_count(inv); i++) {
		const cw_component *c = cw_inventory_component(inv, i);
		if (!(kinds & CW_KIND_BIT(c->kind)))
			continue;
		got = realloc(got, (ngot + 1) * sizeof(char *));
		got[ngot++] = fmt3(c->ecosystem, c->name, c->version ? c->version : "");
	}
	dedup(got, &ngot);
	i = j = 0;
	while (i < nwant || j < ngot) {
		int r = i >= nwant ? 1 : j >= ngot ? -1 : strcmp(want[i], got[j]);
		if (r == 0) {
			matched++;
			i++;
			j++;
		} else if (r < 0) {
			print_message("  missing: %s\n", want[i++]);
		} else {
			print_message("  unexpected: %s\n", got[j++]);
		}
	}
	print_message("%s: matched %zu / expected %zu (found %zu)\n", lock_rel, matched, nwant, ngot);
	assert_int_equal(matched, nwant);
	assert_int_equal(ngot, nwant);
	for (i = 0; i < nwant; i++)
		free(want[i]);
	for (i = 0; i < ngot; i++)
		free(got[i]);
	free(want);
	free(got);
	json_decref(exp);
	cw_inventory_free(inv);
}

size_t cw_inv_find(const cw_inventory *inv, const char *name, const char *version)
{
	for (size_t i = 0; i < cw_inventory_component_count(inv); i++) {
		const cw_component *c = cw_inventory_component(inv, i);
		if (!strcmp(c->name, name) && (!version || (c->version && !strcmp(c->version, version))))
			return i;
	}
	fail_msg("component %s@%s not found", name, version ? version : "*");
	return SIZE_MAX;
}

bool cw_inv_depends(const cw_inventory *inv, size_t from, size_t to)
{
	const size_t *deps;
	size_t n;
	cw_assert_ok(cw_inventory_dependencies_of(inv, from, &deps, &n));
	for (size_t i = 0; i < n; i++)
		if (deps[i] == to)
			return true;
	return false;
}

size_t cw_inv_root(const cw_inventory *inv)
{
	for (size_t i = 0; i < cw_inventory_component_count(inv); i++)
		if (cw_inventory_component(inv, i)->kind == CW_COMPONENT_ROOT)
			return i;
	fail_msg("no root component");
	return SIZE_MAX;
}

void cw_inv_write(const char *dir, const char *name, const char *text)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}
