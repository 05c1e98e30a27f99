/* list.c - lookups in the compiled SPDX license and exception lists. */
#include "chainwarden/license.h"
#include "license/spdx_data.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/arena.h"
#include "util/error.h"
#include "util/json.h"
#include "util/str.h"

/* strcasecmp over a slice and a NUL-terminated id. */
static int compare_id(const char *id, size_t len, const char *entry)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char a = (unsigned char)cw_to_lower(id[i]);
		unsigned char b = (unsigned char)cw_to_lower(entry[i]);
		if (!b || a != b)
			return b ? (a < b ? -1 : 1) : 1;
	}
	return entry[len] ? -1 : 0;
}

/* Binary search in an array sorted by id without regard to case. */
static const void *find(const void *base, size_t count, size_t size,
                        const char *id, size_t len)
{
	size_t lo = 0, hi = count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *entry = *(const char *const *)((const char *)base + mid * size);
		int c = compare_id(id, len, entry);
		if (c == 0)
			return (const char *)base + mid * size;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* A list loaded at start-up replaces the compiled one: entries sorted by
 * their id (the first member, as find() reads it), strings in loaded_arena. */
typedef struct {
	void *items;
	size_t count;
} table;

static table loaded_licenses;     /* cw_license_info */
static table loaded_exceptions;   /* cw__spdx_exception */
static cw_arena loaded_arena;

static int compare_entries(const void *a, const void *b)
{
	return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

/* The end of a load: `items` (n entries of `size` bytes) replace t's,
 * sorted; after an error they are freed instead. */
static int install(table *t, void *items, size_t n, size_t size, int error)
{
	if (error < 0) {
		free(items);
		return error;
	}
	qsort(items, n, size, compare_entries);
	free(t->items);
	t->items = items;
	t->count = n;
	return 0;
}

cw_license_info *cw__license_list(size_t *count)
{
	*count = loaded_licenses.items ? loaded_licenses.count : cw__spdx_license_count;
	return loaded_licenses.items ? loaded_licenses.items : cw__spdx_licenses;
}

const cw_license_info *cw_license_lookup(const char *id, size_t len)
{
	size_t count;
	cw_license_info *list = cw__license_list(&count);
	cw__license_assign_categories(false);
	return find(list, count, sizeof(*list), id, len);
}

size_t cw_license_list_count(void)
{
	size_t count;
	cw__license_list(&count);
	return count;
}

/* One entry of either format into `out` (strings copied to the arena). */
static int add_info(cw_license_info *out, const char *id, cw_json *v, const char *path)
{
	cw_json *fsf = json_object_get(v, "isFsfLibre");
	cw_json *see = json_object_get(v, "seeAlso");
	const char *name = cw__json_get_str(v, "name");
	const char *url = cw__json_get_str(v, "url");
	if (!id || !*id)
		return cw__error_set_at(CW_EINVALID, path, 0, 0, "a license without an id");
	if (!url && json_is_array(see))
		url = json_string_value(json_array_get(see, 0));
	out->id = cw__arena_strdup(&loaded_arena, id);
	out->name = cw__arena_strdup(&loaded_arena, name ? name : id);
	out->url = cw__arena_strdup(&loaded_arena, url ? url : "");
	if (!out->id || !out->name || !out->url)
		return cw_error_last()->code;
	out->osi_approved = json_is_true(json_object_get(v, "isOsiApproved")) ||
	                    json_is_true(json_object_get(v, "osiApproved"));
	out->deprecated = json_is_true(json_object_get(v, "isDeprecatedLicenseId"));
	out->fsf_libre = json_is_boolean(fsf) ? (signed char)json_is_true(fsf) : -1;
	out->category = CW_LICENSE_UNKNOWN;
	return 0;
}

int cw_license_list_load(const char *json, size_t len, const char *path)
{
	cw_json *root = NULL, *list, *v;
	cw_license_info *infos = NULL;
	size_t n = 0;
	const char *key;
	int error;

	if ((error = cw__json_parse(&root, json, len, path)) < 0)
		return error;
	list = json_object_get(root, "licenses");
	if (json_is_array(list)) {
		infos = calloc(json_array_size(list) + 1, sizeof(*infos));
		for (size_t i = 0; infos && i < json_array_size(list) && error == 0; i++) {
			v = json_array_get(list, i);
			error = add_info(&infos[n++], cw__json_get_str(v, "licenseId"), v, path);
		}
	} else if (json_is_object(root)) {
		infos = calloc(json_object_size(root) + 1, sizeof(*infos));
		json_object_foreach(root, key, v) {
			if (!infos || error < 0)
				break;
			if (!json_is_object(v)) {
				error = cw__error_set_at(CW_EINVALID, path, 0, 0,
				                         "license '%s': expected an object", key);
				break;
			}
			error = add_info(&infos[n++], key, v, path);
		}
	} else {
		error = cw__error_set_at(CW_EINVALID, path, 1, 1,
		                         "expected {\"licenses\": [...]} or {id: {...}}");
	}
	if (!infos && error == 0)
		error = cw__error_oom();
	if (error == 0 && n == 0)
		error = cw__error_set_at(CW_EINVALID, path, 1, 1, "no licenses in the list");
	cw__json_free(root);
	if ((error = install(&loaded_licenses, infos, n, sizeof(*infos), error)) == 0)
		cw__license_assign_categories(true);
	return error;
}

int cw_license_exceptions_load(const char *json, size_t len, const char *path)
{
	cw_json *root = NULL, *list, *v;
	cw__spdx_exception *items = NULL;
	size_t n = 0, i;
	int error;

	if ((error = cw__json_parse(&root, json, len, path)) < 0)
		return error;
	list = json_is_array(root) ? root : json_object_get(root, "exceptions");
	if (!json_is_array(list)) {
		error = cw__error_set_at(CW_EINVALID, path, 1, 1,
		                         "expected {\"exceptions\": [...]} or an array of ids");
		goto done;
	}
	if (!(items = calloc(json_array_size(list) + 1, sizeof(*items)))) {
		error = cw__error_oom();
		goto done;
	}
	json_array_foreach(list, i, v) {
		const char *id = json_is_string(v) ? json_string_value(v)
		                                   : cw__json_get_str(v, "licenseExceptionId");
		if (!id || !*id) {
			error = cw__error_set_at(CW_EINVALID, path, 0, 0,
			                         "exceptions[%zu]: no licenseExceptionId", i);
			goto done;
		}
		if (!(items[n].id = cw__arena_strdup(&loaded_arena, id))) {
			error = cw_error_last()->code;
			goto done;
		}
		items[n++].deprecated = json_is_true(json_object_get(v, "isDeprecatedLicenseId"));
	}
	if (n == 0)
		error = cw__error_set_at(CW_EINVALID, path, 1, 1, "no exceptions in the list");
done:
	cw__json_free(root);
	return install(&loaded_exceptions, items, n, sizeof(*items), error);
}

size_t cw_license_exception_count(void)
{
	return loaded_exceptions.items ? loaded_exceptions.count : cw__spdx_exception_count;
}

const char *cw_license_exception_lookup(const char *id, size_t len)
{
	const cw__spdx_exception *e =
		loaded_exceptions.items
			? find(loaded_exceptions.items, loaded_exceptions.count, sizeof(*e), id, len)
			: find(cw__spdx_exceptions, cw__spdx_exception_count, sizeof(*e), id, len);
	return e ? e->id : NULL;
}
