/*
 * yarn_lock.c - yarn.lock, both yarn 1 ("# yarn lockfile v1",
 * https://classic.yarnpkg.com/lang/en/docs/yarn-lock/) and Berry (yarn 2+,
 * a YAML document with __metadata; lockfile versions 4 to 10 seen).
 *
 * Both are written by yarn in one indentation-based shape, so one line
 * parser reads both (no YAML library):
 *
 *   "name@range", name@other-range:      entry header, the descriptors
 *     version "1.2.3"                      v1 field:    key value
 *     version: 1.2.3                       Berry field: key: value
 *     dependencies:                        a block
 *       dep "^1.0.0"  /  dep: "npm:^1.0.0"
 *
 * A dependency is found by its descriptor ("dep@^1.0.0", "dep@npm:^1.0.0").
 * The package's real name comes from Berry's `resolution` or, in v1, from
 * the descriptor (with `npm:` aliases unwrapped).  The root's dependencies
 * come from the Berry workspace entry "name@workspace:." or, for v1, from
 * the package.json next to the lockfile; package.json also says which of
 * them are dev dependencies.  Scopes of the rest follow from the graph.
 */
#include "inventory/inventory.h"

#include <string.h>

#include "util/error.h"

typedef struct {
	cw_slice name, version, integrity, resolved, resolution;
	size_t line;
	size_t comp;
	bool workspace_root, workspace;
} yentry;

typedef struct {
	cw_slice name, value;
	size_t owner;
	cw_scope scope;
} ydep;

typedef struct {
	cw__inv_source *src;
	cw_arena *arena;
	CW_VEC(yentry) entries;
	CW_VEC(ydep) deps;
	cw_map by_desc;
	cw_buf key;
	bool berry;
} yctx;

static cw_slice trim(cw_slice s)
{
	return cw__slice_trim(s);
}

/* Unquote a "..." token (yarn escapes only \" and \\); `s` is trimmed. */
static cw_slice unquote(yctx *c, cw_slice s)
{
	if (s.len >= 2 && s.ptr[0] == '"' && s.ptr[s.len - 1] == '"') {
		s.ptr++;
		s.len -= 2;
		if (memchr(s.ptr, '\\', s.len)) {
			char *o = cw__arena_alloc(c->arena, s.len + 1);
			size_t n = 0;
			if (!o)
				return (cw_slice){ NULL, 0 };
			for (size_t i = 0; i < s.len; i++) {
				if (s.ptr[i] == '\\' && i + 1 < s.len)
					i++;
				o[n++] = s.ptr[i];
			}
			o[n] = '\0';
			return (cw_slice){ o, n };
		}
	}
	return s;
}

/* A field line: key (quoted or bare) then optional ':' then value. */
static int split_field(yctx *c, cw_slice line, size_t lineno, cw_slice *key, cw_slice *value)
{
	size_t i = 0;
	if (line.len && line.ptr[0] == '"') {
		i = 1;
		while (i < line.len && line.ptr[i] != '"') {
			if (line.ptr[i] == '\\')
				i++;
			i++;
		}
		if (i >= line.len)
			return cw__error_set_at(CW_EINVALID, c->src->path, lineno, 0, "unterminated quoted key");
		i++;
		*key = unquote(c, (cw_slice){ line.ptr, i });
	} else {
		while (i < line.len && line.ptr[i] != ' ' && line.ptr[i] != ':')
			i++;
		*key = (cw_slice){ line.ptr, i };
	}
	if (i < line.len && line.ptr[i] == ':')
		i++;
	*value = unquote(c, trim((cw_slice){ line.ptr + i, line.len - i }));
	if (!key->len)
		return cw__error_set_at(CW_EINVALID, c->src->path, lineno, 0, "expected a key");
	return 0;
}

static int add_descriptor(yctx *c, cw_slice d, size_t idx)
{
	int error;
	if ((error = cw__map_put(&c->by_desc, d.ptr, d.len, (void *)(uintptr_t)(idx + 1), NULL)) < 0)
		return error;
	if (!c->entries.items[idx].name.len) {
		cw_slice n, r;
		cw__npm_split_spec(d, &n, &r);
		/* v1 alias: "alias@npm:real@range". */
		if (r.len > 4 && !memcmp(r.ptr, "npm:", 4)) {
			cw_slice rn, rr;
			if (cw__npm_split_spec((cw_slice){ r.ptr + 4, r.len - 4 }, &rn, &rr))
				n = rn;
		}
		c->entries.items[idx].name = n;
	}
	return 0;
}

/* Header "a@1, "b@2":" -> descriptors mapped to entry `idx`. */
static int read_header(yctx *c, cw_slice line, size_t lineno, size_t idx)
{
	int error;
	if (!line.len || line.ptr[line.len - 1] != ':')
		return cw__error_set_at(CW_EINVALID, c->src->path, lineno, 0,
		                        "expected an entry header ending with ':'");
	line.len--;
	size_t i = 0;
	while (i < line.len) {
		size_t start = i;
		bool q = false;
		while (i < line.len && (q || line.ptr[i] != ',')) {
			if (line.ptr[i] == '"')
				q = !q;
			else if (q && line.ptr[i] == '\\')
				i++;
			i++;
		}
		cw_slice piece = unquote(c, trim((cw_slice){ line.ptr + start, (i < line.len ? i : line.len) - start }));
		if (!piece.ptr)
			return cw_error_last()->code;
		/* Berry quotes the whole list: "a@npm:1, a@npm:2". */
		size_t k = 0;
		while (k <= piece.len) {
			size_t s0 = k;
			while (k < piece.len && piece.ptr[k] != ',')
				k++;
			cw_slice d = trim((cw_slice){ piece.ptr + s0, k - s0 });
			k++;
			if (d.len && (error = add_descriptor(c, d, idx)) < 0)
				return error;
		}
		i++;
	}
	return 0;
}

static yentry *by_desc(yctx *c, cw_slice name, cw_slice value)
{
	static const char npm[] = "npm:";
	for (int attempt = 0; attempt < 2; attempt++) {
		uintptr_t v;
		cw__buf_clear(&c->key);
		if (cw__buf_put(&c->key, name.ptr, name.len) < 0 || cw__buf_putc(&c->key, '@') < 0 ||
		    (attempt && cw__buf_puts(&c->key, npm) < 0) || cw__buf_put(&c->key, value.ptr, value.len) < 0)
			return NULL;
		if ((v = (uintptr_t)cw__map_get(&c->by_desc, c->key.ptr, c->key.len)) != 0)
			return &c->entries.items[v - 1];
	}
	return NULL;
}

static int parse_lines(yctx *c)
{
	const char *d = c->src->data, *end = d + c->src->len;
	size_t lineno = 0, cur = SIZE_MAX;
	cw_scope block = CW_SCOPE_REQUIRED;
	bool in_deps = false, in_meta = false;
	int error;

	while (d < end) {
		const char *nl = memchr(d, '\n', (size_t)(end - d));
		cw_slice line = { d, nl ? (size_t)(nl - d) : (size_t)(end - d) };
		d = nl ? nl + 1 : end;
		lineno++;
		if (line.len && line.ptr[line.len - 1] == '\r')
			line.len--;
		size_t indent = 0;
		while (indent < line.len && line.ptr[indent] == ' ')
			indent++;
		cw_slice body = { line.ptr + indent, line.len - indent };
		if (!body.len || body.ptr[0] == '#')
			continue;
		if (body.ptr[0] == '\t')
			return cw__error_set_at(CW_EINVALID, c->src->path, lineno, indent + 1, "tab in indentation");
		if (indent == 0) {
			yentry e;
			in_deps = false;
			if (cw__slice_eq(body, CW_SLICE("__metadata:"))) {
				c->berry = true;
				in_meta = true;
				cur = SIZE_MAX;
				continue;
			}
			in_meta = false;
			e = (yentry){ .line = lineno, .comp = SIZE_MAX };
			if ((error = cw_vec_push(&c->entries, e)) < 0)
				return error;
			cur = c->entries.len - 1;
			if ((error = read_header(c, body, lineno, cur)) < 0)
				return error;
			continue;
		}
		if (in_meta)
			continue;
		if (cur == SIZE_MAX)
			return cw__error_set_at(CW_EINVALID, c->src->path, lineno, indent + 1,
			                        "indented line outside an entry");
		cw_slice key, value;
		if (indent <= 2) {
			if ((error = split_field(c, body, lineno, &key, &value)) < 0)
				return error;
			yentry *e = &c->entries.items[cur];
			in_deps = false;
			if (!value.len) {
				/* An entry's dependency blocks; devDependencies are the
				 * project's own (package.json), never an entry's. */
				int scope = cw__npm_deps_scope(key);
				in_deps = scope >= 0 && scope != CW_SCOPE_DEV;
				if (in_deps)
					block = (cw_scope)scope;
			} else if (cw__slice_eq(key, CW_SLICE("version"))) {
				e->version = value;
			} else if (cw__slice_eq(key, CW_SLICE("resolved"))) {
				e->resolved = value;
			} else if (cw__slice_eq(key, CW_SLICE("integrity"))) {
				e->integrity = value;
			} else if (cw__slice_eq(key, CW_SLICE("resolution"))) {
				e->resolution = value;
			}
			continue;
		}
		if (indent == 4 && in_deps) {
			ydep dp;
			if ((error = split_field(c, body, lineno, &key, &value)) < 0)
				return error;
			dp.name = key;
			dp.value = value;
			dp.owner = cur;
			dp.scope = block;
			if ((error = cw_vec_push(&c->deps, dp)) < 0)
				return error;
		}
	}
	return 0;
}

static int build(yctx *c)
{
	cw__inv_source *src = c->src;
	cw__npm_manifest m;
	bool have_manifest;
	size_t root = SIZE_MAX;
	int error = 0;

	memset(&m, 0, sizeof(m));
	have_manifest = src->dir && cw__npm_manifest_sibling(&m, src) == 0;
	cw_error_clear();

	/* Berry: the real name is in the resolution; workspaces are marked there. */
	for (size_t i = 0; i < c->entries.len; i++) {
		yentry *e = &c->entries.items[i];
		cw_slice n, r;
		if (!e->resolution.len || !cw__npm_split_spec(e->resolution, &n, &r))
			continue;
		e->name = n;
		if (r.len >= 10 && !memcmp(r.ptr, "workspace:", 10)) {
			if (cw__slice_eq((cw_slice){ r.ptr + 10, r.len - 10 }, CW_SLICE(".")))
				e->workspace_root = true;
			else
				e->workspace = true;
		}
	}
	for (size_t i = 0; i < c->entries.len && root == SIZE_MAX; i++) {
		yentry *e = &c->entries.items[i];
		if (e->workspace_root) {
			if ((error = cw__npm_add_root(src, e->name, have_manifest && m.version.len ? m.version : (cw_slice){ NULL, 0 },
			                              e->line, &root)) < 0)
				goto done;
			e->comp = root;
		}
	}
	if (root == SIZE_MAX && (error = cw__npm_add_root(src, have_manifest ? m.name : (cw_slice){ NULL, 0 },
	                                                  have_manifest ? m.version : (cw_slice){ NULL, 0 }, 1, &root)) < 0)
		goto done;

	for (size_t i = 0; i < c->entries.len; i++) {
		yentry *e = &c->entries.items[i];
		cw__comp_spec spec;
		if (e->workspace_root)
			continue;
		spec = (cw__comp_spec){ .ecosystem = "npm",
		                        .kind = e->workspace ? CW_COMPONENT_WORKSPACE : CW_COMPONENT_LIBRARY,
		                        .name = e->name, .version = e->version, .integrity = e->integrity,
		                        .line = e->line };
		/* v1 URLs carry the tarball's sha1 as a fragment; the URL itself is the location. */
		spec.resolved = e->resolved;
		for (size_t k = 0; k < spec.resolved.len; k++)
			if (spec.resolved.ptr[k] == '#')
				spec.resolved.len = k;
		/* Old v1 lockfiles have no integrity: the URL fragment is the sha1. */
		cw_hash frag;
		cw_slice f = { spec.resolved.ptr + spec.resolved.len + 1,
		               e->resolved.len > spec.resolved.len ? e->resolved.len - spec.resolved.len - 1 : 0 };
		if (!spec.integrity.len && f.len == 40) {
			bool hex = true;
			for (size_t k = 0; k < 40; k++)
				hex = hex && ((f.ptr[k] >= '0' && f.ptr[k] <= '9') || (f.ptr[k] >= 'a' && f.ptr[k] <= 'f'));
			if (hex && (frag.hex = cw__arena_strndup(&src->inv->arena, f.ptr, 40)) != NULL) {
				frag.algorithm = "SHA-1";
				spec.hashes = &frag;
				spec.hash_count = 1;
			}
		}
		if ((error = cw__inv_add(src, &spec, &e->comp)) < 0)
			goto done;
		if (e->workspace && (error = cw__inv_edge(src, root, e->comp, CW_SCOPE_REQUIRED)) < 0)
			goto done;
	}

	bool *targeted = calloc(c->entries.len + 1, 1);
	if (!targeted) {
		error = cw__error_oom();
		goto done;
	}
	for (size_t i = 0; i < c->deps.len; i++) {
		ydep *dp = &c->deps.items[i];
		yentry *owner = &c->entries.items[dp->owner], *t = by_desc(c, dp->name, dp->value);
		cw_scope scope = dp->scope;
		if (!t || t->comp == SIZE_MAX || owner->comp == SIZE_MAX)
			continue;
		targeted[t - c->entries.items] = true;
		if (owner->workspace_root && have_manifest)
			for (size_t k = 0; k < m.decls.len; k++)
				if (cw__slice_eq(m.decls.items[k].name, dp->name))
					scope = m.decls.items[k].scope;
		if ((error = cw__inv_edge(src, owner->comp, t->comp, scope)) < 0)
			break;
	}
	if (error >= 0 && !c->berry) {
		if (have_manifest) {
			for (size_t k = 0; k < m.decls.len && error >= 0; k++) {
				yentry *t = by_desc(c, m.decls.items[k].name, m.decls.items[k].range);
				if (t && t->comp != SIZE_MAX)
					error = cw__inv_edge(src, root, t->comp, m.decls.items[k].scope);
			}
		} else {
			for (size_t i = 0; i < c->entries.len && error >= 0; i++)
				if (!targeted[i] && c->entries.items[i].comp != SIZE_MAX)
					error = cw__inv_edge(src, root, c->entries.items[i].comp, CW_SCOPE_REQUIRED);
		}
	}
	free(targeted);
	if (error >= 0)
		cw__inv_derive_scopes(src);
done:
	cw__npm_manifest_free(&m);
	return error;
}

int cw__extract_yarn_lock(cw__inv_source *src)
{
	yctx c = { .src = src, .arena = &src->inv->arena };
	int error = parse_lines(&c);
	if (error >= 0)
		error = build(&c);
	cw_vec_free(&c.entries);
	cw_vec_free(&c.deps);
	cw__map_free(&c.by_desc);
	cw__buf_free(&c.key);
	return error;
}
