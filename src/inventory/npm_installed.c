/*
 * npm_installed.c - an installed npm package: node_modules/NAME/package.json
 * (or node_modules/@scope/NAME/package.json) inside a root filesystem or
 * container image.  The package itself is the component (name, version,
 * license), not its declared dependencies: what is on disk is what runs.
 */
#include "inventory/inventory.h"

#include <string.h>

int cw__extract_npm_installed(cw__inv_source *src)
{
	cw__npm_manifest m;
	cw__comp_spec spec;
	size_t idx;
	int error;

	memset(&m, 0, sizeof(m));
	if ((error = cw__npm_manifest_parse(&m, &src->inv->arena, src->path, src->data, src->len)) < 0)
		goto done;
	/* node_modules/.bin or odd trees may hold nameless manifests: nothing to report. */
	if (!m.name.len || !m.version.len)
		goto done;
	spec = (cw__comp_spec){ .ecosystem = "npm", .kind = CW_COMPONENT_LIBRARY, .name = m.name,
	                        .version = m.version, .license = m.license, .line = m.line,
	                        .scope_set = true };
	error = cw__inv_add(src, &spec, &idx);
done:
	cw__npm_manifest_free(&m);
	return error;
}
