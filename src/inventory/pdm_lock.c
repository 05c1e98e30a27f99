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

/* The scope from "groups"; the source from "git", "url" or "path". */
static int pdm_package(cw__inv_source *src, const cw_toml_value *p, cw__comp_spec *spec)
{
	static const char *const locs[] = { "git", "url", "path" };
	const cw_toml_value *groups = cw__toml_get(p, "groups");
	(void)src;
	if (groups) {
		spec->scope_set = true;
		spec->scope = CW_SCOPE_DEV;
		for (size_t g = 0; g < cw__toml_array_len(groups); g++)
			if (cw__slice_eq(cw__lang_tstr(cw__toml_array_at(groups, g)), CW_SLICE("default")))
				spec->scope = CW_SCOPE_REQUIRED;
	}
	for (size_t k = 0; k < 3 && !spec->resolved.len; k++)
		spec->resolved = cw__lang_tstr(cw__toml_get(p, locs[k]));
	return 0;
}

/* Edges from the PEP 508 strings of "dependencies" (pinned version first). */
static int pdm_link(cw__py_lock *l, cw__inv_source *src)
{
	int error;
	for (size_t i = 0; i < l->n; i++) {
		const cw_toml_value *deps = cw__toml_get(cw__toml_array_at(l->pkgs, i), "dependencies");
		for (size_t d = 0; d < cw__toml_array_len(deps); d++) {
			cw__pep508 r;
			const cw_toml_value *dv = cw__toml_array_at(deps, d);
			if (!cw__pep508_parse(cw__lang_tstr(dv), &r))
				return cw__error_set_at(CW_EINVALID, src->path, dv->line, dv->col, "expected a PEP 508 requirement");
			size_t c = cw__lang_index_find(&l->ix, r.name, cw__pep440_pin(r.specifier));
			if ((error = cw__lang_edge_if_found(src, l->comp[i], c, CW_SCOPE_REQUIRED)) < 0)
				return error;
		}
	}
	return 0;
}

int cw__extract_pdm_lock(cw__inv_source *src)
{
	static const cw__py_lock_format pdm = { "package", pdm_package, pdm_link, true };
	return cw__py_lock_extract(src, &pdm);
}
