/*
 * pyproject.toml - a Python project's declared dependencies, read when no
 * lock file sits next to it (a manifest; see py_common.c for the tables
 * read: PEP 621 [project], PEP 735 [dependency-groups], Poetry's
 * [tool.poetry]).  Each declaration is a direct dependency of the root
 * (the project's name and version) with its declared constraint; an
 * exact "==" pin gives the version, a URL/git/path declaration the
 * location (Poetry's bare "1.2.3" is an exact pin too).  A file with
 * neither [project], [tool.poetry] nor [dependency-groups] (tool settings
 * only) adds nothing.
 */
#include "inventory/python.h"

#include <string.h>

#include "util/error.h"

int cw__extract_pyproject(cw__inv_source *src)
{
	const cw_toml_value *doc;
	cw__py_manifest m;
	size_t root;
	int error;

	memset(&m, 0, sizeof(m));
	if ((error = cw__lang_toml(src, &doc)) < 0)
		return error;
	/* A pyproject.toml only configuring tools ([tool.ruff]...) describes no project. */
	if (!cw__toml_get(doc, "project") && !cw__toml_get_path(doc, "tool.poetry") &&
	    !cw__toml_get(doc, "dependency-groups"))
		return 0;
	if ((error = cw__py_manifest_pyproject(&m, &src->inv->arena, doc)) < 0 ||
	    (error = cw__py_add_root(src, &m, &root)) < 0)
		goto done;
	for (size_t i = 0; i < m.decls.len; i++) {
		const cw__py_decl *d = &m.decls.items[i];
		cw__comp_spec spec;
		size_t c;
		spec = (cw__comp_spec){ .ecosystem = "pypi", .name = d->name };
		spec.version = d->exact ? d->specifier : cw__pep440_pin(d->specifier);
		spec.declared = d->text;
		spec.resolved = d->url;
		spec.scope = d->scope;
		spec.scope_set = true;
		spec.line = d->line;
		if ((error = cw__inv_add(src, &spec, &c)) < 0 || (error = cw__inv_edge(src, root, c, d->scope)) < 0)
			goto done;
	}
done:
	cw__py_manifest_free(&m);
	return error;
}
