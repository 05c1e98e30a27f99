/*
 * nuget_lock.c - NuGet's packages.lock.json (version 1 and 2,
 * https://learn.microsoft.com/nuget/consume-packages/package-references-in-project-files#locking-dependencies).
 *
 *   { "version": 1, "dependencies": { "<target framework>": {
 *       "<package id>": { "type": "Direct" | "Transitive" | "CentralTransitive" | "Project",
 *                         "requested": "[1.0.0, )", "resolved": "1.0.0",
 *                         "contentHash": "<base64 sha512>",
 *                         "dependencies": { "<id>": "<version or range>" } } } } }
 *
 * Each target framework ("net8.0", "net8.0/linux-x64") is a resolution of
 * its own; a package resolved the same in several is one component.
 * "Project" entries are other projects of the solution (workspace members,
 * no version).  Package ids are case-insensitive: dependencies are looked
 * up lower-cased within their framework.  NuGet has no dev scope.
 */
#include "inventory/lang_more.h"

#include <string.h>

#include "util/error.h"

static int framework(cw__inv_source *src, cw__line_cursor *cur, json_t *fw, size_t root)
{
	cw_map by_name = { 0 };
	const char *name;
	json_t *p;
	int error = 0;

	if (!json_is_object(fw))
		return cw__error_set_at(CW_EINVALID, src->path, cur->line, 0, "a target framework must be an object");
	json_object_foreach(fw, name, p) {
		const char *type = cw__json_get_str(p, "type");
		const char *resolved = cw__json_get_str(p, "resolved");
		const char *hash = cw__json_get_str(p, "contentHash");
		bool project = type && !strcmp(type, "Project");
		cw__comp_spec spec;
		size_t idx;

		spec = (cw__comp_spec){ .ecosystem = "nuget",
		                        .kind = project ? CW_COMPONENT_WORKSPACE : CW_COMPONENT_LIBRARY,
		                        .name = cw_slice_of(name) };
		spec.line = cw__line_cursor_find_object_key(cur, name);
		if (!json_is_object(p)) {
			error = cw__error_set_at(CW_EINVALID, src->path, spec.line, 0, "package \"%s\" must be an object", name);
			goto done;
		}
		if (!project && (!resolved || !*resolved)) {
			error = cw__error_set_at(CW_EINVALID, src->path, spec.line, 0, "package \"%s\" without \"resolved\"", name);
			goto done;
		}
		spec.version = resolved && !project ? cw_slice_of(resolved) : (cw_slice){ NULL, 0 };
		if (hash && *hash) {
			char *sri = cw__arena_printf(&src->inv->arena, "sha512-%s", hash);
			if (!sri) {
				error = cw_error_last()->code;
				goto done;
			}
			spec.integrity = cw_slice_of(sri);
		}
		if ((error = cw__inv_add(src, &spec, &idx)) < 0 ||
		    (error = cw__lang_ci_put(&by_name, &src->inv->arena, name, idx)) < 0)
			goto done;
		if ((project || (type && !strcmp(type, "Direct"))) &&
		    (error = cw__inv_edge(src, root, idx, CW_SCOPE_REQUIRED)) < 0)
			goto done;
	}
	json_object_foreach(fw, name, p) {
		size_t from = cw__lang_ci_get(&by_name, name);
		const char *dn;
		json_t *dv;
		json_object_foreach(json_object_get(p, "dependencies"), dn, dv) {
			size_t to = cw__lang_ci_get(&by_name, dn);
			(void)dv;
			if (from != SIZE_MAX && to != SIZE_MAX && (error = cw__inv_edge(src, from, to, CW_SCOPE_REQUIRED)) < 0)
				goto done;
		}
	}
done:
	cw__map_free(&by_name);
	return error;
}

static int read_lock(cw__inv_source *src, json_t *doc, cw__line_cursor *cur)
{
	const char *fwname;
	json_t *fw, *deps;
	size_t root;
	int error;

	if ((error = cw__lang_json_expect_object(src, doc, "dependencies", &deps)) < 0 ||
	    (error = cw__lang_file_root(src, "nuget", &root)) < 0)
		return error;
	json_object_foreach(deps, fwname, fw) {
		cw__line_cursor_find_object_key(cur, fwname);
		if ((error = framework(src, cur, fw, root)) < 0)
			return error;
	}
	cw__inv_derive_scopes(src);
	return 0;
}

int cw__extract_nuget_lock(cw__inv_source *src)
{
	return cw__lang_json_read(src, read_lock);
}
