/*
 * pdm_lock.c - PDM's pdm.lock (lock_version 4.x;
 * https://pdm-project.org/en/latest/usage/lockfile/).
 *
 *   [metadata] groups = ["default", "dev"]  lock_version = "4.5.0"
 *   [[package]]
 *   name = "anyio"  version = "4.4.0"
 *   groups = ["default"]                       (4.4+; older locks: none)
 *   dependencies = ["idna>=2.8", "exceptiongroup>=1.0.2; python_version < \"3.11\""]
 *   files = [{file = "...", hash = "sha256:..."}]
 *   git = URL / ref / revision | url = URL | path = P, editable = true
 *
 * Scope: a package in the "default" group is required, one only in
 * other groups is dev.  Edges come from the PEP 508 `dependencies`; the
 * pyproject.toml next to the lock gives the root and its direct
 * dependencies (else the packages nothing depends on hang off the root).
 */
#include "inventory/python.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"

int cw__extract_pdm_lock(cw__inv_source *src)
{
	const cw_toml_value *doc;
	cw__py_lock l;
	int error;

	if ((error = cw__lang_toml(src, &doc)) < 0)
		return error;
	if ((error = cw__py_lock_begin(&l, src, doc, "package")) < 0)
		goto done;
	for (size_t i = 0; i < l.n; i++) {
		const cw_toml_value *p = cw__toml_array_at(l.pkgs, i), *groups, *files;
		cw__comp_spec spec;
		memset(&spec, 0, sizeof(spec));
		spec.ecosystem = "pypi";
		spec.name = cw__lang_tstr(cw__toml_get(p, "name"));
		spec.version = cw__lang_tstr(cw__toml_get(p, "version"));
		spec.line = p ? p->line : 0;
		if (!spec.name.len) {
			error = cw__error_set_at(CW_EINVALID, src->path, spec.line, 0, "[[package]] without a name");
			goto done;
		}
		groups = cw__toml_get(p, "groups");
		if (groups) {
			spec.scope_set = true;
			spec.scope = CW_SCOPE_DEV;
			for (size_t g = 0; g < cw__toml_array_len(groups); g++)
				if (cw__slice_eq(cw__lang_tstr(cw__toml_array_at(groups, g)), CW_SLICE("default")))
					spec.scope = CW_SCOPE_REQUIRED;
		}
		static const char *const locs[] = { "git", "url", "path" };
		for (size_t k = 0; k < 3 && !spec.resolved.len; k++)
			spec.resolved = cw__lang_tstr(cw__toml_get(p, locs[k]));
		if ((error = cw__inv_add(src, &spec, &l.comp[i])) < 0 ||
		    (error = cw__lang_index_put(&l.ix, spec.name, spec.version, l.comp[i])) < 0)
			goto done;
		files = cw__toml_get(p, "files");
		for (size_t f = 0; f < cw__toml_array_len(files); f++)
			if ((error = cw__lang_add_hash_text(src, l.comp[i], cw__lang_tstr(cw__toml_get(cw__toml_array_at(files, f), "hash")))) < 0)
				goto done;
	}
	for (size_t i = 0; i < l.n; i++) {
		const cw_toml_value *deps = cw__toml_get(cw__toml_array_at(l.pkgs, i), "dependencies");
		for (size_t d = 0; d < cw__toml_array_len(deps); d++) {
			cw__pep508 r;
			const cw_toml_value *dv = cw__toml_array_at(deps, d);
			if (!cw__pep508_parse(cw__lang_tstr(dv), &r)) {
				error = cw__error_set_at(CW_EINVALID, src->path, dv->line, dv->col, "expected a PEP 508 requirement");
				goto done;
			}
			size_t c = cw__lang_index_get(&l.ix, r.name, cw__pep440_pin(r.specifier));
			if (c == SIZE_MAX)
				c = cw__lang_index_get(&l.ix, r.name, (cw_slice){ NULL, 0 });
			if (c == SIZE_MAX)
				continue;   /* not locked for these groups/targets */
			if ((error = cw__inv_edge(src, l.comp[i], c, CW_SCOPE_REQUIRED)) < 0)
				goto done;
		}
	}
done:
	if ((error = cw__py_lock_finish(&l, src, error)) == 0)
		cw__inv_derive_scopes(src);
	return error;
}
