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

int cw__extract_poetry_lock(cw__inv_source *src)
{
	const cw_toml_value *doc;
	cw__py_lock l;
	int error;

	if ((error = cw__lang_toml(src, &doc)) < 0)
		return error;
	if ((error = cw__py_lock_begin(&l, src, doc, "package")) < 0)
		goto done;
	for (size_t i = 0; i < l.n; i++) {
		const cw_toml_value *p = cw__toml_array_at(l.pkgs, i), *groups, *files, *source;
		cw__comp_spec spec;
		bool optional = false, main = false;
		memset(&spec, 0, sizeof(spec));
		spec.ecosystem = "pypi";
		spec.name = cw__lang_tstr(cw__toml_get(p, "name"));
		spec.version = cw__lang_tstr(cw__toml_get(p, "version"));
		spec.line = p ? p->line : 0;
		spec.scope_set = true;
		if (!spec.name.len) {
			error = cw__error_set_at(CW_EINVALID, src->path, spec.line, 0, "[[package]] without a name");
			goto done;
		}
		groups = cw__toml_get(p, "groups");
		for (size_t g = 0; g < cw__toml_array_len(groups); g++)
			if (cw__slice_eq(cw__lang_tstr(cw__toml_array_at(groups, g)), CW_SLICE("main")))
				main = true;
		if (!groups)
			main = !cw__slice_eq(cw__lang_tstr(cw__toml_get(p, "category")), CW_SLICE("dev"));
		cw__toml_bool(cw__toml_get(p, "optional"), &optional);
		spec.scope = !main ? CW_SCOPE_DEV : optional ? CW_SCOPE_OPTIONAL : CW_SCOPE_REQUIRED;
		source = cw__toml_get(p, "source");
		if (source && !cw__slice_eq(cw__lang_tstr(cw__toml_get(source, "type")), CW_SLICE("legacy")))
			spec.resolved = cw__lang_tstr(cw__toml_get(source, "url"));
		if ((error = cw__inv_add(src, &spec, &l.comp[i])) < 0 ||
		    (error = cw__lang_index_put(&l.ix, spec.name, spec.version, l.comp[i])) < 0)
			goto done;
		files = cw__toml_get(p, "files");
		for (size_t f = 0; f < cw__toml_array_len(files); f++)
			if ((error = cw__lang_add_hash_text(src, l.comp[i], cw__lang_tstr(cw__toml_get(cw__toml_array_at(files, f), "hash")))) < 0)
				goto done;
	}
	/* 1.x keeps hashes in [metadata.files]: name = [{file, hash}]. */
	{
		const cw_toml_value *mf = cw__toml_get_path(doc, "metadata.files");
		for (size_t i = 0; i < cw__toml_table_len(mf); i++) {
			const cw_toml_entry *e = cw__toml_table_at(mf, i);
			size_t c = cw__lang_index_get(&l.ix, (cw_slice){ e->key, e->key_len }, (cw_slice){ NULL, 0 });
			for (size_t f = 0; c != SIZE_MAX && f < cw__toml_array_len(e->value); f++)
				if ((error = cw__lang_add_hash_text(src, c, cw__lang_tstr(cw__toml_get(cw__toml_array_at(e->value, f), "hash")))) < 0)
					goto done;
		}
	}
	for (size_t i = 0; i < l.n; i++) {
		const cw_toml_value *deps = cw__toml_get(cw__toml_array_at(l.pkgs, i), "dependencies");
		for (size_t d = 0; d < cw__toml_table_len(deps); d++) {
			const cw_toml_entry *e = cw__toml_table_at(deps, d);
			size_t c = cw__lang_index_get(&l.ix, (cw_slice){ e->key, e->key_len }, (cw_slice){ NULL, 0 });
			if (c == SIZE_MAX)
				continue;   /* an extra's dependency that is not locked */
			if ((error = cw__inv_edge(src, l.comp[i], c, CW_SCOPE_REQUIRED)) < 0)
				goto done;
		}
	}
done:
	return cw__py_lock_finish(&l, src, error);
}
