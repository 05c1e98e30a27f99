/*
 * pipfile_lock.c - Pipenv's Pipfile.lock (pipfile-spec 6; JSON;
 * https://pipenv.pypa.io/en/latest/pipfile.html).
 *
 *   { "_meta": {...},
 *     "default": { "name": { "version": "==1.0", "hashes": ["sha256:..."],
 *                            "markers": "...", "git": url, "ref": ..., "path": ..., "file": ... } },
 *     "develop": { ... } }
 *
 * default -> required, develop -> dev (a package in both is required).
 * The lock holds no graph: the Pipfile next to it says which packages the
 * project asked for (edges from the root); without it every package is
 * an edge from the root.
 */
#include "inventory/python.h"

#include <string.h>

#include "util/error.h"
#include "util/json.h"

/* Offset of the key "key" (quoted, then ':') at or after `from`, or SIZE_MAX. */
static size_t find_key(const cw__inv_source *src, size_t from, const char *key)
{
	size_t kl = strlen(key);
	const char *d = src->data, *end = src->data + src->len;
	for (const char *p = d + from; p + kl + 2 <= end; p++) {
		p = memchr(p, '"', (size_t)(end - p));
		if (!p || p + kl + 2 > end)
			break;
		if (!memcmp(p + 1, key, kl) && p[kl + 1] == '"') {
			const char *q = p + kl + 2;
			while (q < end && (*q == ' ' || *q == '\t'))
				q++;
			if (q < end && *q == ':')
				return (size_t)(p - d);
		}
	}
	return SIZE_MAX;
}

int cw__extract_pipfile_lock(cw__inv_source *src)
{
	static const struct { const char *key; cw_scope scope; } sections[] = {
		{ "default", CW_SCOPE_REQUIRED }, { "develop", CW_SCOPE_DEV },
	};
	cw_json *doc = NULL;
	cw__lang_index ix;
	cw__py_manifest m;
	cw_arena tmp = CW_ARENA_INIT;
	bool have_manifest;
	size_t root, found = 0, line_off = 0, line_no = 1;
	int error;

	memset(&ix, 0, sizeof(ix));
	ix.normalize = true;
	memset(&m, 0, sizeof(m));
	if ((error = cw__json_parse(&doc, src->data, src->len, src->path)) < 0)
		return error;
	if (!json_is_object(doc)) {
		error = cw__error_set_at(CW_EINVALID, src->path, 1, 1, "expected a JSON object");
		goto done;
	}
	have_manifest = cw__py_manifest_sibling(&m, src, "Pipfile", &tmp) == 0;
	cw_error_clear();
	if ((error = cw__py_add_root(src, NULL, &root)) < 0)
		goto done;
	for (size_t s = 0; s < 2; s++) {
		json_t *sec = json_object_get(doc, sections[s].key);
		size_t sec_at = find_key(src, 0, sections[s].key), hint = sec_at;
		const char *name;
		json_t *e;
		json_object_foreach(sec, name, e) {
			cw__comp_spec spec;
			size_t c;
			const char *v = cw__json_get_str(e, "version");
			spec = (cw__comp_spec){ .ecosystem = "pypi", .name = cw_slice_of(name),
			                        .scope = sections[s].scope, .scope_set = true };
			/* jansson's DOM has no line numbers: find the key in the text. */
			/* Keys come in document order: search on from the last one. */
			size_t at = hint == SIZE_MAX ? SIZE_MAX : find_key(src, hint, name);
			if (at == SIZE_MAX && sec_at != SIZE_MAX)
				at = find_key(src, sec_at, name);
			if (at != SIZE_MAX) {
				if (at < line_off) {
					line_off = 0;
					line_no = 1;
				}
				for (const char *q = src->data + line_off; (q = memchr(q, '\n', at - (size_t)(q - src->data))) != NULL; q++)
					line_no++;
				line_off = at;
				hint = at;
			}
			spec.line = at == SIZE_MAX ? 0 : line_no;
			if (v) {
				spec.version = cw__pep440_pin(cw_slice_of(v));
				if (!spec.version.len)
					spec.declared = cw_slice_of(v);
			}
			static const char *const locs[] = { "git", "file", "path" };
			for (size_t k = 0; k < 3 && !spec.resolved.len; k++)
				spec.resolved = cw_slice_of(cw__json_get_str(e, locs[k]));
			if ((error = cw__inv_add(src, &spec, &c)) < 0 ||
			    (error = cw__lang_index_put(&ix, spec.name, (cw_slice){ NULL, 0 }, c)) < 0)
				goto done;
			size_t hi;
			json_t *h;
			json_array_foreach(json_object_get(e, "hashes"), hi, h)
				if ((error = cw__lang_add_hash_text(src, c, cw_slice_of(json_string_value(h)))) < 0)
					goto done;
			if (!have_manifest && (error = cw__inv_edge(src, root, c, spec.scope)) < 0)
				goto done;
		}
	}
	if (have_manifest && (error = cw__py_link_declared(src, &m, &ix, root, &found)) >= 0 && !found)
		error = cw__py_link_unreferenced(src, root);   /* a Pipfile naming none of them */
done:
	cw__py_manifest_free(&m);
	cw__arena_free(&tmp);
	cw__lang_index_free(&ix);
	cw__json_free(doc);
	return error;
}
