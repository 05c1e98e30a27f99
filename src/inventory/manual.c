/*
 * manual.c - inventories from an indented text list (manual.h), one
 * source per list.
 */
#include "inventory/manual.h"
#include "inventory/inventory.h"
#include "util/error.h"

#include <string.h>

#define MAX_DEPTH 64

static cw_slice token(const char **p, const char *end)
{
	const char *s = *p, *t;
	while (s < end && *s == ' ')
		s++;
	t = s;
	while (t < end && *t != ' ')
		t++;
	*p = t;
	return (cw_slice){ s, (size_t)(t - s) };
}

static int extract_list(cw__inv_source *src)
{
	const char *p = src->data, *end = src->data + src->len;
	size_t stack[MAX_DEPTH], line = 0;
	int error = 0;

	while (p < end && error >= 0) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *q;
		cw__comp_spec spec;
		cw_slice eco, purl;
		size_t indent = 0, depth, idx;
		char *ecos;
		if (!eol)
			eol = end;
		line++;
		while (p + indent < eol && p[indent] == ' ')
			indent++;
		if (p + indent == eol || p[indent] == '#') {
			p = eol + (eol < end);
			continue;
		}
		depth = indent / 2;
		if (indent % 2 || depth >= MAX_DEPTH || (depth == 0) != (src->root == SIZE_MAX) ||
		    (depth > 0 && depth > 0 && src->root == SIZE_MAX))
			return cw__error_set_at(CW_EINVALID, src->path, line, indent + 1,
			                        "bad indentation (the first line is the root, at column 1; "
			                        "each level is two spaces deeper than its parent)");
		memset(&spec, 0, sizeof(spec));
		q = p + indent;
		eco = token(&q, eol);
		spec.name = token(&q, eol);
		spec.version = token(&q, eol);
		purl = token(&q, eol);
		if (!spec.name.len)
			return cw__error_set_at(CW_EINVALID, src->path, line, 1, "expected: type name version [purl]");
		if (!(ecos = cw__arena_strndup(&src->inv->arena, eco.ptr, eco.len)))
			return cw_error_last()->code;
		spec.ecosystem = ecos;
		spec.kind = depth == 0 ? CW_COMPONENT_ROOT : CW_COMPONENT_LIBRARY;
		spec.line = line;
		spec.scope_set = true;
		if ((error = cw__inv_add(src, &spec, &idx)) < 0)
			return error;
		if (purl.len) {
			char *copy = cw__arena_strndup(&src->inv->arena, purl.ptr, purl.len);
			if (!copy)
				return cw_error_last()->code;
			cw__inv_comp(src->inv, idx)->pub.purl = copy;
		}
		if (depth > 0) {
			/* the parent is the last line one level up */
			if ((error = cw__inv_edge(src, stack[depth - 1], idx, CW_SCOPE_REQUIRED)) < 0)
				return error;
		}
		stack[depth] = idx;
		for (size_t d = depth + 1; d < MAX_DEPTH; d++)
			stack[d] = stack[depth];
		p = eol + (eol < end);
	}
	return error;
}

int cw__inventory_add_list(cw_inventory *inv, const char *name, const char *text, size_t len)
{
	static const cw__extractor ex = { "*", "component list", extract_list, false };
	return cw__inv_extract(inv, &ex, name, NULL, text, len, false);
}
