/*
 * package_json.c - a package.json read on its own, when no lockfile sits
 * next to it (https://docs.npmjs.com/cli/configuring-npm/package-json).
 *
 * Without a lockfile only the declared ranges are known: each dependency
 * becomes a component with no resolved version (its range in `declared`,
 * a purl without version), a direct child of the project.
 */
#include "inventory/inventory.h"

#include <string.h>

int cw__extract_package_json(cw__inv_source *src)
{
	cw__npm_manifest m;
	size_t root, idx;
	int error;

	memset(&m, 0, sizeof(m));
	if ((error = cw__npm_manifest_parse(&m, &src->inv->arena, src->path, src->data, src->len)) < 0)
		goto done;
	if ((error = cw__npm_add_root(src, m.name, m.version, 1, &root)) < 0)
		goto done;
	for (size_t i = 0; i < m.decls.len; i++) {
		cw__comp_spec spec = { .ecosystem = "npm", .name = m.decls.items[i].name,
		                       .declared = m.decls.items[i].range, .scope = m.decls.items[i].scope,
		                       .scope_set = true, .line = m.decls.items[i].line };
		/* "npm:real@range" aliases name the real package. */
		if (spec.declared.len > 4 && !memcmp(spec.declared.ptr, "npm:", 4)) {
			cw_slice n, r;
			if (cw__npm_split_spec((cw_slice){ spec.declared.ptr + 4, spec.declared.len - 4 }, &n, &r)) {
				spec.name = n;
				spec.declared = r;
			}
		}
		if ((error = cw__inv_add(src, &spec, &idx)) < 0 ||
		    (error = cw__inv_edge(src, root, idx, spec.scope)) < 0)
			goto done;
	}
done:
	cw__npm_manifest_free(&m);
	return error;
}
