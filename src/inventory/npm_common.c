/*
 * npm_common.c - what the npm-family extractors share: reading a
 * package.json (https://docs.npmjs.com/cli/configuring-npm/package-json)
 * for the project name and its declared dependencies, the root component,
 * and splitting "name@range" specs.
 */
#include "inventory/inventory.h"
#include "inventory/jsonpull.h"
#include "inventory/lang.h"

#include <string.h>

#include "util/error.h"

static int read_decls(cw__npm_manifest *m, cw__jp *p, cw_arena *arena, cw_scope scope)
{
	int error;
	if ((error = cw__jp_enter_object(p)) <= 0)
		return error;
	while ((error = cw__jp_member(p)) > 0) {
		cw__npm_decl d = { { NULL, 0 }, { NULL, 0 }, scope, p->tok_line };
		if ((error = cw__jp_keep(p, arena, &d.name)) < 0 ||
		    (error = cw__jp_next_str(p, arena, &d.range)) < 0)
			return error;
		if (error == 0)
			continue;   /* not a string */
		/* A name listed in dependencies and optionalDependencies: keep the first. */
		bool seen = false;
		for (size_t i = 0; i < m->decls.len && !seen; i++)
			seen = cw__slice_eq(m->decls.items[i].name, d.name);
		if (!seen && (error = cw_vec_push(&m->decls, d)) < 0)
			return error;
	}
	return error;
}

int cw__npm_manifest_parse(cw__npm_manifest *m, cw_arena *arena, const char *path,
                           const char *data, size_t len)
{
	cw__jp p;
	int error;

	cw__jp_init(&p, path, data, len, false);
	if ((error = cw__jp_expect(&p, CW_JP_OBJECT, "an object")) < 0)
		goto done;
	m->line = 1;
	while ((error = cw__jp_member(&p)) > 0) {
		int scope;
		cw_slice *field = NULL;
		if (cw__jp_is(&p, "name"))
			field = &m->name;
		else if (cw__jp_is(&p, "version"))
			field = &m->version;
		else if (cw__jp_is(&p, "license"))
			field = &m->license;
		else if ((scope = cw__npm_deps_scope(p.str)) >= 0) {
			if ((error = read_decls(m, &p, arena, (cw_scope)scope)) < 0)
				goto done;
			continue;
		}
		if ((error = field ? cw__jp_next_str(&p, arena, field) : cw__jp_skip_next(&p)) < 0)
			goto done;
	}
	if (error >= 0)
		error = cw__jp_expect(&p, CW_JP_EOF, "the end of the document");
done:
	cw__jp_free(&p);
	return error;
}

int cw__npm_manifest_sibling(cw__npm_manifest *m, const cw__inv_source *src)
{
	int error;
	if ((error = cw__inv_read_sibling(src, "package.json", &m->text)) < 0)
		return error;
	return cw__npm_manifest_parse(m, &src->inv->arena, "package.json", m->text.ptr, m->text.len);
}

void cw__npm_manifest_free(cw__npm_manifest *m)
{
	cw_vec_free(&m->decls);
	cw__buf_free(&m->text);
}

int cw__npm_add_root(cw__inv_source *src, cw_slice name, cw_slice version, size_t line, size_t *out)
{
	return cw__lang_add_root(src, "npm", name, version, line, out);
}

int cw__npm_deps_scope(cw_slice key)
{
	if (cw__slice_eq(key, CW_SLICE("dependencies")))
		return CW_SCOPE_REQUIRED;
	if (cw__slice_eq(key, CW_SLICE("devDependencies")))
		return CW_SCOPE_DEV;
	if (cw__slice_eq(key, CW_SLICE("optionalDependencies")))
		return CW_SCOPE_OPTIONAL;
	if (cw__slice_eq(key, CW_SLICE("peerDependencies")))
		return CW_SCOPE_PEER;
	return -1;
}

bool cw__npm_split_spec(cw_slice spec, cw_slice *name, cw_slice *rest)
{
	size_t start = spec.len && spec.ptr[0] == '@' ? 1 : 0;
	for (size_t i = start; i < spec.len; i++) {
		if (spec.ptr[i] == '@') {
			*name = (cw_slice){ spec.ptr, i };
			*rest = (cw_slice){ spec.ptr + i + 1, spec.len - i - 1 };
			return i > 0;
		}
	}
	*name = spec;
	*rest = (cw_slice){ spec.ptr + spec.len, 0 };
	return false;
}
