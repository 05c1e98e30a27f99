/*
 * poetry_lock.c - Poetry's poetry.lock (lock-version 1.x and 2.x;
 * https://python-poetry.org/docs/basic-usage/#committing-your-poetrylock-file-to-version-control).
 *
 *   [[package]]
 *   name = "anyio"  version = "4.13.0"
 *   optional = false                      extras-only package when true
 *   groups = ["main"]                     (2.x; 1.x: category = "main" | "dev")
 *   files = [{file = "...", hash = "sha256:..."}]
 *   [package.source] type = "git" | "url" | "file" | "directory" | "legacy", url = ...
 *   [package.dependencies] name = "constraint" | {version = ..., markers = ...} | [ ... ]
 *
 * Scope: optional -> optional; no "main" group (or category "dev") -> dev.
 * The pyproject.toml next to the lock names the project and its direct
 * dependencies (edges from the root); without it the packages no other
 * package depends on hang off the root.
 */
#include "inventory/python.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"

/* The scope from "groups" (or the 1.x "category") and "optional"; the
 * source URL unless it is a legacy index. */
static int poetry_package(cw__inv_source *src, const cw_toml_value *p, cw__comp_spec *spec)
{
	const cw_toml_value *groups = cw__toml_get(p, "groups"), *source = cw__toml_get(p, "source");
	bool optional = false, main = false;
	(void)src;
	spec->scope_set = true;
	for (size_t g = 0; g < cw__toml_array_len(groups); g++)
		if (cw__slice_eq(cw__lang_tstr(cw__toml_array_at(groups, g)), CW_SLICE("main")))
			main = true;
	if (!groups)
		main = !cw__slice_eq(cw__lang_tstr(cw__toml_get(p, "category")), CW_SLICE("dev"));
	cw__toml_bool(cw__toml_get(p, "optional"), &optional);
	spec->scope = !main ? CW_SCOPE_DEV : optional ? CW_SCOPE_OPTIONAL : CW_SCOPE_REQUIRED;
	if (source && !cw__slice_eq(cw__lang_tstr(cw__toml_get(source, "type")), CW_SLICE("legacy")))
		spec->resolved = cw__lang_tstr(cw__toml_get(source, "url"));
	return 0;
}

/* Edges from "dependencies" tables, then the hashes of 1.x's [metadata.files]. */
static int poetry_link(cw__py_lock *l, cw__inv_source *src)
{
	const cw_toml_value *mf = cw__toml_get_path(l->doc, "metadata.files");
	int error;
	for (size_t i = 0; i < l->n; i++) {
		const cw_toml_value *deps = cw__toml_get(cw__toml_array_at(l->pkgs, i), "dependencies");
		for (size_t d = 0; d < cw__toml_table_len(deps); d++) {
			const cw_toml_entry *e = cw__toml_table_at(deps, d);
			size_t c = cw__lang_index_get(&l->ix, (cw_slice){ e->key, e->key_len }, (cw_slice){ NULL, 0 });
			if ((error = cw__lang_edge_if_found(src, l->comp[i], c, CW_SCOPE_REQUIRED)) < 0)
				return error;
		}
	}
	/* 1.x keeps hashes in [metadata.files]: name = [{file, hash}]. */
	for (size_t i = 0; i < cw__toml_table_len(mf); i++) {
		const cw_toml_entry *e = cw__toml_table_at(mf, i);
		size_t c = cw__lang_index_get(&l->ix, (cw_slice){ e->key, e->key_len }, (cw_slice){ NULL, 0 });
		if (c != SIZE_MAX && (error = cw__py_add_file_hashes(src, c, e->value)) < 0)
			return error;
	}
	return 0;
}

int cw__extract_poetry_lock(cw__inv_source *src)
{
	static const cw__py_lock_format poetry = { "package", poetry_package, poetry_link, false };
	return cw__py_lock_extract(src, &poetry);
}
