/*
 * vcpkg_json.c - vcpkg's manifest vcpkg.json
 * (https://learn.microsoft.com/vcpkg/reference/vcpkg-json).
 *
 *   { "name": "app", "version": "1.0",
 *     "dependencies": ["fmt", {"name": "boost-asio", "version>=": "1.83.0", "host": true,
 *                             "features": [...], "platform": "windows"}],
 *     "overrides": [{"name": "fmt", "version": "10.1.1"}],
 *     "builtin-baseline": "<git commit of the vcpkg registry>" }
 *
 * Declared dependencies: an override pins the version; "version>=" is a
 * minimum (declared); otherwise the version comes from the baseline, which
 * cannot be read offline: the declared text is then "baseline <commit>".
 * Host dependencies (build tools) have scope dev, platform-restricted ones
 * optional.  vcpkg has no lockfile.
 */
#include "inventory/lang_more.h"

#include <string.h>

#include "util/error.h"

static int read_manifest(cw__inv_source *src, json_t *doc, cw__line_cursor *cur)
{
	cw_arena *arena = &src->inv->arena;
	size_t root, i;
	json_t *d;
	int error;

	if ((error = cw__lang_json_expect_object(src, doc, NULL, NULL)) < 0)
		return error;
	const char *pname = cw__json_get_str(doc, "name"), *pversion = NULL;
	static const char *const vkeys[] = { "version", "version-semver", "version-date", "version-string" };
	for (size_t k = 0; k < 4 && !pversion; k++)
		pversion = cw__json_get_str(doc, vkeys[k]);
	const char *baseline = cw__json_get_str(doc, "builtin-baseline");
	json_t *deps = json_object_get(doc, "dependencies"), *overrides = json_object_get(doc, "overrides");
	if (deps && !json_is_array(deps))
		return cw__error_set_at(CW_EINVALID, src->path, 1, 1, "\"dependencies\" must be an array");
	if ((error = cw__lang_root_or_generic(src, "vcpkg", pname ? cw_slice_of(pname) : (cw_slice){ NULL, 0 },
	                               pversion ? cw_slice_of(pversion) : (cw_slice){ NULL, 0 }, 1, &root)) < 0)
		return error;
	cw__line_cursor_find_json(cur, "dependencies");
	json_array_foreach(deps, i, d) {
		const char *name = json_is_string(d) ? json_string_value(d) : cw__json_get_str(d, "name");
		const char *min = cw__json_get_str(d, "version>=");
		cw__comp_spec spec;
		size_t idx, k;
		json_t *o;
		if (!name || !*name)
			return cw__error_set_at(CW_EINVALID, src->path, cur->line, 0, "dependency without a name");
		spec = (cw__comp_spec){ .ecosystem = "vcpkg", .name = cw_slice_of(name) };
		spec.line = cw__line_cursor_find_json(cur, name);
		spec.scope_set = true;
		spec.scope = json_is_true(json_object_get(d, "host")) ? CW_SCOPE_DEV
		           : cw__json_get_str(d, "platform") ? CW_SCOPE_OPTIONAL : CW_SCOPE_REQUIRED;
		json_array_foreach(overrides, k, o) {
			const char *on = cw__json_get_str(o, "name");
			const char *ov = cw__json_get_str(o, "version");
			for (size_t v = 0; v < 4 && !ov; v++)
				ov = cw__json_get_str(o, vkeys[v]);
			if (on && ov && !strcmp(on, name))
				spec.version = cw_slice_of(ov);
		}
		if (!spec.version.len) {
			char *decl = min ? cw__arena_printf(arena, ">=%s", min)
			           : baseline ? cw__arena_printf(arena, "baseline %s", baseline) : NULL;
			if ((min || baseline) && !decl)
				return cw_error_last()->code;
			spec.declared = decl ? cw_slice_of(decl) : (cw_slice){ NULL, 0 };
		}
		if ((error = cw__inv_add(src, &spec, &idx)) < 0 || (error = cw__inv_edge(src, root, idx, spec.scope)) < 0)
			return error;
	}
	return 0;
}

int cw__extract_vcpkg_json(cw__inv_source *src)
{
	return cw__lang_json_read(src, read_manifest);
}
