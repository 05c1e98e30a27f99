/*
 * pubspec_lock.c - Dart/Flutter pub's pubspec.lock
 * (https://dart.dev/tools/pub/glossary#lockfile; YAML written by pub).
 *
 *   packages:
 *     name:
 *       dependency: "direct main" | "direct dev" | "direct overridden" | transitive
 *       description: {name, sha256, url} (hosted) | {url, ref, resolved-ref, path} (git)
 *                    | {path, relative} (path) | "flutter" (sdk)
 *       source: hosted | git | path | sdk
 *       version: "1.2.3"
 *   sdks: {dart: ">=3.0.0 <4.0.0"}
 *
 * The lockfile records no graph: direct packages hang off the root (direct
 * dev ones with scope dev); transitive packages are listed without edges
 * (pub does not say who needs them).  The root is named from the
 * pubspec.yaml next to the lockfile when there is one.
 */
#include "inventory/lang_more.h"
#include "inventory/yaml_tree.h"

#include <string.h>

#include "util/error.h"

static int add_root(cw__inv_source *src, size_t *root)
{
	cw_buf text = { 0 };
	cw_arena arena = { 0 };
	cw_ynode *doc = NULL;
	cw_slice name = { NULL, 0 }, version = { NULL, 0 };
	int error;

	if (cw__inv_read_sibling(src, "pubspec.yaml", &text) == 0 &&
	    cw__yaml_parse(&doc, &arena, "pubspec.yaml", text.ptr, text.len) == 0 && doc) {
		name = cw__yaml_str(doc, "name");
		version = cw__yaml_str(doc, "version");
	}
	error = cw__lang_root_or_generic(src, "pub", name, version, 1, root);
	cw__arena_free(&arena);
	cw__buf_free(&text);
	return error;
}

int cw__extract_pubspec_lock(cw__inv_source *src)
{
	cw_arena *arena = &src->inv->arena;
	cw_ynode *doc = NULL;
	size_t root;
	int error;

	if ((error = cw__yaml_parse(&doc, arena, src->path, src->data, src->len)) < 0)
		return error;
	if (!doc || doc->type != CW_YN_MAP)
		return cw__error_set_at(CW_EINVALID, src->path, doc ? doc->line : 1, 1, "expected a mapping");
	const cw_ynode *pkgs = cw__yaml_get(doc, "packages");
	if (pkgs && pkgs->type != CW_YN_MAP)
		return cw__error_set_at(CW_EINVALID, src->path, pkgs->line, 1, "\"packages\" must be a mapping");
	if ((error = add_root(src, &root)) < 0)
		return error;
	for (size_t i = 0; pkgs && i + 1 < pkgs->count; i += 2) {
		const cw_ynode *k = pkgs->items[i], *v = pkgs->items[i + 1];
		cw__comp_spec spec;
		size_t idx;

		if (k->type != CW_YN_SCALAR || v->type != CW_YN_MAP)
			return cw__error_set_at(CW_EINVALID, src->path, k->line, 1, "expected \"name: {...}\"");
		cw_slice dep = cw__yaml_str(v, "dependency"), source = cw__yaml_str(v, "source");
		const cw_ynode *desc = cw__yaml_get(v, "description");
		spec = (cw__comp_spec){ .ecosystem = "pub", .name = k->str,
		                        .version = cw__yaml_str(v, "version"), .line = k->line,
		                        .scope_set = true };
		spec.scope = cw__slice_eq(dep, cw_slice_of("direct dev")) ? CW_SCOPE_DEV : CW_SCOPE_REQUIRED;
		if (!spec.version.len)
			return cw__error_set_at(CW_EINVALID, src->path, k->line, 1, "package \"%s\" without a version",
			                        k->str.ptr);
		if (desc && desc->type == CW_YN_MAP) {
			cw_slice sha = cw__yaml_str(desc, "sha256"), url = cw__yaml_str(desc, "url");
			cw_slice ref = cw__yaml_str(desc, "resolved-ref"), path = cw__yaml_str(desc, "path");
			if (sha.len)
				spec.integrity = cw__lang_hex_sri(arena, "sha256", sha.ptr, sha.len);
			if (cw__slice_eq(source, cw_slice_of("git")) && url.len) {
				char *r = cw__arena_printf(arena, "git+%.*s#%.*s", (int)url.len, url.ptr, (int)ref.len, ref.ptr);
				if (!r)
					return cw_error_last()->code;
				spec.resolved = cw_slice_of(r);
			} else if (cw__slice_eq(source, cw_slice_of("path"))) {
				spec.resolved = path;
			} else {
				spec.resolved = url;
			}
		}
		if ((error = cw__inv_add(src, &spec, &idx)) < 0)
			return error;
		if (dep.len > 7 && !memcmp(dep.ptr, "direct ", 7) &&
		    (error = cw__inv_edge(src, root, idx, spec.scope)) < 0)
			return error;
	}
	return 0;
}
