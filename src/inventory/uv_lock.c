/*
 * uv_lock.c - uv's uv.lock (version 1, revisions 1 to 3;
 * https://docs.astral.sh/uv/concepts/projects/layout/#the-lockfile).
 *
 *   [manifest] members = ["app", "lib"]          workspace members
 *   [[package]]
 *   name = "aiohttp"  version = "3.14.3"         (version absent for some local packages)
 *   source = { registry = URL } | { git = URL } | { url = URL } | { path = P }
 *          | { editable = P } | { virtual = P } | { directory = P }
 *   dependencies = [{ name = "x", version = "1.0"?, marker = "..."?, extra = [...]? }]
 *   [package.optional-dependencies] extra = [ ... ]      -> optional edges
 *   [package.dev-dependencies] group = [ ... ]           -> dev edges
 *   sdist = { url, hash }   wheels = [{ url, hash }]
 *
 * The package whose source is editable or virtual "." is the project (the
 * root); other editable/virtual/directory packages are workspace members.
 * A dependency names a package by name, adding version (and source) when
 * the lock holds several versions of it (resolution forks).  Scopes follow
 * from the graph: reachable only through dev or optional edges.
 */
#include "inventory/python.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"

static cw_slice source_kind(const cw_toml_value *source, cw_slice *where)
{
	const cw_toml_entry *e = cw__toml_table_at(source, 0);
	if (!e) {
		*where = (cw_slice){ NULL, 0 };
		return *where;
	}
	*where = cw__lang_tstr(e->value);
	return (cw_slice){ e->key, e->key_len };
}

static int edges(cw__inv_source *src, const cw__lang_index *ix, size_t from, const cw_toml_value *list,
                 cw_scope scope)
{
	int error;
	for (size_t i = 0; i < cw__toml_array_len(list); i++) {
		const cw_toml_value *d = cw__toml_array_at(list, i);
		cw_slice name = cw__lang_tstr(cw__toml_get(d, "name"));
		size_t c = cw__lang_index_find(ix, name, cw__lang_tstr(cw__toml_get(d, "version")));
		if (c == SIZE_MAX)
			return cw__error_set_at(CW_EINVALID, src->path, d ? d->line : 0, d ? d->col : 0,
			                        "dependency \"%.*s\" matches no [[package]]", (int)name.len, name.ptr);
		if ((error = cw__inv_edge(src, from, c, scope)) < 0)
			return error;
	}
	return 0;
}

int cw__extract_uv_lock(cw__inv_source *src)
{
	const cw_toml_value *doc, *pkgs;
	cw__lang_index ix;
	size_t n, root = SIZE_MAX, root_pkg = SIZE_MAX, *comp = NULL;
	int error;

	memset(&ix, 0, sizeof(ix));
	ix.normalize = true;
	if ((error = cw__lang_toml(src, &doc)) < 0)
		return error;
	pkgs = cw__toml_get(doc, "package");
	n = cw__toml_array_len(pkgs);
	if (n && !(comp = calloc(n, sizeof(size_t))))
		return cw__error_oom();
	for (size_t i = 0; i < n && root_pkg == SIZE_MAX; i++) {
		cw_slice where, kind = source_kind(cw__toml_get(cw__toml_array_at(pkgs, i), "source"), &where);
		if ((cw__slice_eq(kind, CW_SLICE("editable")) || cw__slice_eq(kind, CW_SLICE("virtual"))) &&
		    cw__slice_eq(where, CW_SLICE(".")))
			root_pkg = i;
	}
	if (root_pkg != SIZE_MAX) {
		const cw_toml_value *p = cw__toml_array_at(pkgs, root_pkg);
		error = cw__lang_add_root(src, "pypi", cw__lang_tstr(cw__toml_get(p, "name")),
		                          cw__lang_tstr(cw__toml_get(p, "version")), p->line, &root);
	} else {
		error = cw__py_add_root(src, NULL, &root);
	}
	if (error < 0)
		goto done;

	for (size_t i = 0; i < n; i++) {
		const cw_toml_value *p = cw__toml_array_at(pkgs, i);
		cw__comp_spec spec;
		cw_slice where, kind = source_kind(cw__toml_get(p, "source"), &where);
		if ((error = cw__py_package_spec(&spec, src, p, "package")) < 0)
			goto done;
		if (i == root_pkg) {
			comp[i] = root;
		} else {
			bool local = cw__slice_eq(kind, CW_SLICE("editable")) || cw__slice_eq(kind, CW_SLICE("virtual")) ||
			             cw__slice_eq(kind, CW_SLICE("directory"));
			spec.kind = local ? CW_COMPONENT_WORKSPACE : CW_COMPONENT_LIBRARY;
			if (!cw__slice_eq(kind, CW_SLICE("registry")))
				spec.resolved = where;
			else
				spec.resolved = cw__lang_tstr(cw__toml_get(cw__toml_get(p, "sdist"), "url"));
			if ((error = cw__inv_add(src, &spec, &comp[i])) < 0)
				goto done;
			if (local && (error = cw__inv_edge(src, root, comp[i], CW_SCOPE_REQUIRED)) < 0)
				goto done;
		}
		if ((error = cw__lang_index_put(&ix, spec.name, spec.version, comp[i])) < 0)
			goto done;
		if ((error = cw__lang_add_hash_text(src, comp[i], cw__lang_tstr(cw__toml_get(cw__toml_get(p, "sdist"), "hash")))) < 0 ||
		    (error = cw__py_add_file_hashes(src, comp[i], cw__toml_get(p, "wheels"))) < 0)
			goto done;
	}
	for (size_t i = 0; i < n; i++) {
		const cw_toml_value *p = cw__toml_array_at(pkgs, i), *t;
		if ((error = edges(src, &ix, comp[i], cw__toml_get(p, "dependencies"), CW_SCOPE_REQUIRED)) < 0)
			goto done;
		t = cw__toml_get(p, "optional-dependencies");
		for (size_t k = 0; k < cw__toml_table_len(t); k++)
			if ((error = edges(src, &ix, comp[i], cw__toml_table_at(t, k)->value, CW_SCOPE_OPTIONAL)) < 0)
				goto done;
		t = cw__toml_get(p, "dev-dependencies");
		for (size_t k = 0; k < cw__toml_table_len(t); k++)
			if ((error = edges(src, &ix, comp[i], cw__toml_table_at(t, k)->value, CW_SCOPE_DEV)) < 0)
				goto done;
	}
	cw__inv_derive_scopes(src);
done:
	free(comp);
	cw__lang_index_free(&ix);
	return error;
}
