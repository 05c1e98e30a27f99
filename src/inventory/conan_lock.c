/*
 * conan_lock.c - Conan lockfiles (https://docs.conan.io/2/tutorial/versioning/lockfiles.html).
 *
 * Conan 2 ("version": "0.5"): lists of references
 *   "requires": ["zlib/1.3.1#<recipe revision>%<timestamp>", ...],
 *   "build_requires": [...], "python_requires": [...]
 * without a graph: each reference hangs off the root; build and python
 * requirements have scope dev.  A reference may carry "@user/channel".
 * Conan 1 ("graph_lock": {"nodes": {"0": {"ref": "name/1.0@user/channel#rrev",
 * "requires": ["1"], "build_requires": ["2"]}}}) has a graph; node "0" is the
 * consumer (root).
 */
#include "inventory/lang_more.h"

#include <string.h>

#include "util/error.h"

/* "name/version[@user/channel][#rrev[%ts]]" -> name, version. */
static bool split_ref(const char *ref, cw_slice *name, cw_slice *version)
{
	size_t n = strcspn(ref, "#");
	const char *slash = memchr(ref, '/', n);
	if (!slash || slash == ref)
		return false;
	*name = (cw_slice){ ref, (size_t)(slash - ref) };
	size_t vlen = strcspn(slash + 1, "@#%");
	*version = (cw_slice){ slash + 1, vlen };
	return vlen > 0;
}

static int add_ref(cw__inv_source *src, cw__line_cursor *cur, const char *ref, cw_scope scope, size_t *out)
{
	cw__comp_spec spec = { .ecosystem = "conan", .scope = scope, .scope_set = true,
	                       .line = cw__line_cursor_find_json(cur, ref) };
	if (!split_ref(ref, &spec.name, &spec.version))
		return cw__error_set_at(CW_EINVALID, src->path, spec.line, 0,
		                        "expected a reference \"name/version#revision\", got \"%s\"", ref);
	return cw__inv_add(src, &spec, out);
}

static int conan2(cw__inv_source *src, cw_json *doc, size_t root)
{
	static const struct { const char *key; cw_scope scope; } sections[] = {
		{ "requires", CW_SCOPE_REQUIRED }, { "build_requires", CW_SCOPE_DEV }, { "python_requires", CW_SCOPE_DEV },
	};
	cw__line_cursor cur;
	int error;

	for (size_t s = 0; s < sizeof(sections) / sizeof(sections[0]); s++) {
		json_t *arr = json_object_get(doc, sections[s].key), *v;
		size_t i;
		if (!arr)
			continue;
		cw__line_cursor_init(&cur, src);
		cw__line_cursor_find_json(&cur, sections[s].key);
		if (!json_is_array(arr))
			return cw__error_set_at(CW_EINVALID, src->path, cur.line, 0, "\"%s\" must be an array", sections[s].key);
		json_array_foreach(arr, i, v) {
			size_t idx;
			if (!json_is_string(v))
				return cw__error_set_at(CW_EINVALID, src->path, cur.line, 0, "a reference must be a string");
			if ((error = add_ref(src, &cur, json_string_value(v), sections[s].scope, &idx)) < 0 ||
			    (error = cw__inv_edge(src, root, idx, sections[s].scope)) < 0)
				return error;
		}
	}
	return 0;
}

static int conan1(cw__inv_source *src, json_t *nodes, size_t root)
{
	cw_map ids = { 0 };
	cw__line_cursor cur;
	const char *id;
	json_t *node;
	int error = 0;

	cw__line_cursor_init(&cur, src);
	json_object_foreach(nodes, id, node) {
		const char *ref = cw__json_get_str(node, "ref");
		size_t idx = root;
		if (strcmp(id, "0") != 0) {
			if (!ref) {
				error = cw__error_set_at(CW_EINVALID, src->path, cur.line, 0, "node \"%s\" without \"ref\"", id);
				goto done;
			}
			bool build = json_is_true(json_object_get(node, "build_require"));
			if ((error = add_ref(src, &cur, ref, build ? CW_SCOPE_DEV : CW_SCOPE_REQUIRED, &idx)) < 0)
				goto done;
		}
		if ((error = cw__map_put(&ids, id, strlen(id), (void *)(uintptr_t)(idx + 1), NULL)) < 0)
			goto done;
	}
	json_object_foreach(nodes, id, node) {
		size_t from = (uintptr_t)cw__map_get(&ids, id, strlen(id)) - 1;
		for (int b = 0; b < 2; b++) {
			json_t *arr = json_object_get(node, b ? "build_requires" : "requires"), *v;
			size_t i;
			json_array_foreach(arr, i, v) {
				const char *to_id = json_string_value(v);
				uintptr_t to = to_id ? (uintptr_t)cw__map_get(&ids, to_id, strlen(to_id)) : 0;
				if (to && (error = cw__inv_edge(src, from, to - 1, b ? CW_SCOPE_DEV : CW_SCOPE_REQUIRED)) < 0)
					goto done;
			}
		}
	}
done:
	cw__map_free(&ids);
	return error;
}

static int read_lock(cw__inv_source *src, json_t *doc, cw__line_cursor *cur)
{
	json_t *nodes = json_object_get(json_object_get(doc, "graph_lock"), "nodes");
	size_t root;
	int error;

	(void)cur;
	if ((error = cw__lang_json_expect_object(src, doc, NULL, NULL)) < 0 ||
	    (error = cw__lang_file_root(src, "conan", &root)) < 0)
		return error;
	if (json_is_object(nodes))
		return conan1(src, nodes, root);
	if ((error = conan2(src, doc, root)) >= 0)
		cw__inv_derive_scopes(src);
	return error;
}

int cw__extract_conan_lock(cw__inv_source *src)
{
	return cw__lang_json_read(src, read_lock);
}
