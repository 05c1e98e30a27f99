/*
 * npm_lock.c - package-lock.json and npm-shrinkwrap.json, lockfileVersion
 * 1, 2 and 3 (https://docs.npmjs.com/cli/configuring-npm/package-lock-json).
 *
 * v2/v3: the "packages" object maps install paths ("", "node_modules/a",
 * "node_modules/a/node_modules/@s/b", "packages/ws" for workspaces) to
 * entries with version, resolved, integrity, license, flags (dev, optional,
 * devOptional, peer, inBundle, link) and declared dependencies.  v1 (npm 5
 * and 6): a nested "dependencies" tree whose entries have "requires"; it is
 * flattened into the same install paths.  v2 carries both; "packages" wins.
 *
 * The graph: a dependency named N of the package installed at P resolves
 * the way node's require() does, to the first of P/node_modules/N,
 * dirname(P)/node_modules/N, ... node_modules/N; a "link" entry forwards
 * to its target (workspaces).  Aliases ("npm:real@1.2.3" in v1, the "name"
 * field in v2/v3) give the real package name.  The file is read with the
 * pull tokenizer (jsonpull.c): one pass, no DOM, lines for every entry.
 */
#include "inventory/inventory.h"
#include "inventory/jsonpull.h"

#include <string.h>

#include "util/error.h"

typedef struct {
	cw_slice path, name, version, resolved, integrity, license;
	size_t line;
	size_t comp;
	bool dev, optional, dev_optional, peer, link, bundled, targeted;
} entry;

typedef struct {
	cw_slice name;
	size_t owner;
	cw_scope scope;
} dep;

typedef struct {
	cw__inv_source *src;
	cw_arena *arena;
	cw__jp p;
	CW_VEC(entry) entries;
	CW_VEC(dep) deps;
	cw_map by_path;
	cw_buf scratch;
	cw_slice top_name, top_version;
	bool have_packages;
} ctx;

static int read_str(ctx *c, cw_jp_tok tok, cw_slice *out)
{
	if (tok != CW_JP_STRING)
		return cw__jp_skip(&c->p, tok);
	return cw__jp_keep(&c->p, c->arena, out);
}

static int read_flag(ctx *c, cw_jp_tok tok, bool *out)
{
	if (tok == CW_JP_TRUE || tok == CW_JP_FALSE) {
		*out = tok == CW_JP_TRUE;
		return 0;
	}
	return cw__jp_skip(&c->p, tok);
}

/* "name": "range" members; v1 "requires" has the same shape. */
static int read_deps(ctx *c, cw_jp_tok tok, size_t owner, cw_scope scope)
{
	int error;
	if (tok != CW_JP_OBJECT)
		return cw__jp_skip(&c->p, tok);
	for (;;) {
		dep d = { { NULL, 0 }, owner, scope };
		if ((error = cw__jp_next(&c->p, &tok)) < 0)
			return error;
		if (tok == CW_JP_OBJECT_END)
			return 0;
		if ((error = cw__jp_keep(&c->p, c->arena, &d.name)) < 0)
			return error;
		if ((error = cw__jp_next(&c->p, &tok)) < 0 || (error = cw__jp_skip(&c->p, tok)) < 0)
			return error;
		if ((error = cw_vec_push(&c->deps, d)) < 0)
			return error;
	}
}

static int new_entry(ctx *c, cw_slice path, size_t line, size_t *out)
{
	entry e;
	int error;
	memset(&e, 0, sizeof(e));
	e.path = path;
	e.line = line;
	e.comp = SIZE_MAX;
	if ((error = cw_vec_push(&c->entries, e)) < 0)
		return error;
	*out = c->entries.len - 1;
	return cw__map_put(&c->by_path, path.ptr, path.len, (void *)(uintptr_t)c->entries.len, NULL);
}

/* One member of "packages" (v2/v3), the key already read. */
static int read_package(ctx *c, size_t idx)
{
	cw_jp_tok tok;
	int error;
	if ((error = cw__jp_next(&c->p, &tok)) < 0)
		return error;
	if (tok != CW_JP_OBJECT)
		return cw__jp_error(&c->p, "expected an object for package \"%.*s\"",
		                    (int)c->entries.items[idx].path.len, c->entries.items[idx].path.ptr);
	for (;;) {
		if ((error = cw__jp_next(&c->p, &tok)) < 0)
			return error;
		if (tok == CW_JP_OBJECT_END)
			return 0;
		entry *e = &c->entries.items[idx];
		cw_slice *field = NULL;
		bool *flag = NULL;
		int deps = -1;
		const char *k = c->p.str.ptr;
		switch (c->p.str.len ? k[0] : 0) {
		case 'v': if (cw__jp_is(&c->p, "version")) field = &e->version; break;
		case 'r': if (cw__jp_is(&c->p, "resolved")) field = &e->resolved; break;
		case 'i':
			if (cw__jp_is(&c->p, "integrity")) field = &e->integrity;
			else if (cw__jp_is(&c->p, "inBundle")) flag = &e->bundled;
			break;
		case 'l':
			if (cw__jp_is(&c->p, "license")) field = &e->license;
			else if (cw__jp_is(&c->p, "link")) flag = &e->link;
			break;
		case 'n': if (cw__jp_is(&c->p, "name")) field = &e->name; break;
		case 'd':
			if (cw__jp_is(&c->p, "dev")) flag = &e->dev;
			else if (cw__jp_is(&c->p, "devOptional")) flag = &e->dev_optional;
			else if (cw__jp_is(&c->p, "dependencies")) deps = CW_SCOPE_REQUIRED;
			else if (cw__jp_is(&c->p, "devDependencies")) deps = CW_SCOPE_DEV;
			break;
		case 'o':
			if (cw__jp_is(&c->p, "optional")) flag = &e->optional;
			else if (cw__jp_is(&c->p, "optionalDependencies")) deps = CW_SCOPE_OPTIONAL;
			break;
		case 'p':
			if (cw__jp_is(&c->p, "peer")) flag = &e->peer;
			else if (cw__jp_is(&c->p, "peerDependencies")) deps = CW_SCOPE_PEER;
			break;
		default: break;
		}
		if ((error = cw__jp_next(&c->p, &tok)) < 0)
			return error;
		if (field)
			error = read_str(c, tok, field);
		else if (flag)
			error = read_flag(c, tok, flag);
		else if (deps >= 0)
			error = read_deps(c, tok, idx, (cw_scope)deps);
		else
			error = cw__jp_skip(&c->p, tok);
		if (error < 0)
			return error;
	}
}

static int read_packages(ctx *c)
{
	cw_jp_tok tok;
	int error;
	if ((error = cw__jp_next(&c->p, &tok)) < 0)
		return error;
	if (tok != CW_JP_OBJECT)
		return cw__jp_error(&c->p, "\"packages\" must be an object");
	for (;;) {
		cw_slice path;
		size_t idx;
		if ((error = cw__jp_next(&c->p, &tok)) < 0)
			return error;
		if (tok == CW_JP_OBJECT_END)
			return 0;
		if ((error = cw__jp_keep(&c->p, c->arena, &path)) < 0 ||
		    (error = new_entry(c, path, c->p.tok_line, &idx)) < 0 ||
		    (error = read_package(c, idx)) < 0)
			return error;
	}
}

/* v1: "dependencies" of the entry at `prefix` ("" for the top level). */
static int read_v1_tree(ctx *c, cw_slice prefix)
{
	cw_jp_tok tok;
	int error;
	if ((error = cw__jp_next(&c->p, &tok)) < 0)
		return error;
	if (tok != CW_JP_OBJECT)
		return cw__jp_error(&c->p, "\"dependencies\" must be an object");
	for (;;) {
		size_t idx, line;
		char *path;
		if ((error = cw__jp_next(&c->p, &tok)) < 0)
			return error;
		if (tok == CW_JP_OBJECT_END)
			return 0;
		line = c->p.tok_line;
		path = cw__arena_printf(c->arena, "%.*s%snode_modules/%.*s", (int)prefix.len, prefix.ptr,
		                        prefix.len ? "/" : "", (int)c->p.str.len, c->p.str.ptr);
		if (!path)
			return cw_error_last()->code;
		size_t name_off = strlen(path) - c->p.str.len;
		if ((error = new_entry(c, cw_slice_of(path), line, &idx)) < 0)
			return error;
		c->entries.items[idx].name = (cw_slice){ path + name_off, strlen(path) - name_off };
		if ((error = cw__jp_next(&c->p, &tok)) < 0)
			return error;
		if (tok != CW_JP_OBJECT)
			return cw__jp_error(&c->p, "expected an object for dependency \"%s\"", path + name_off);
		for (;;) {
			if ((error = cw__jp_next(&c->p, &tok)) < 0)
				return error;
			if (tok == CW_JP_OBJECT_END)
				break;
			if (cw__jp_is(&c->p, "dependencies")) {
				if ((error = read_v1_tree(c, cw_slice_of(path))) < 0)
					return error;
				continue;
			}
			entry *e = &c->entries.items[idx];
			cw_slice *field = NULL;
			bool *flag = NULL;
			bool requires = false;
			if (cw__jp_is(&c->p, "version")) field = &e->version;
			else if (cw__jp_is(&c->p, "resolved")) field = &e->resolved;
			else if (cw__jp_is(&c->p, "integrity")) field = &e->integrity;
			else if (cw__jp_is(&c->p, "dev")) flag = &e->dev;
			else if (cw__jp_is(&c->p, "optional")) flag = &e->optional;
			else if (cw__jp_is(&c->p, "bundled")) flag = &e->bundled;
			else if (cw__jp_is(&c->p, "requires")) requires = true;
			if ((error = cw__jp_next(&c->p, &tok)) < 0)
				return error;
			if (field)
				error = read_str(c, tok, field);
			else if (flag)
				error = read_flag(c, tok, flag);
			else if (requires)
				error = read_deps(c, tok, idx, CW_SCOPE_REQUIRED);
			else
				error = cw__jp_skip(&c->p, tok);
			if (error < 0)
				return error;
		}
		/* An alias: "version": "npm:real-name@1.2.3". */
		entry *e = &c->entries.items[idx];
		if (e->version.len > 4 && !memcmp(e->version.ptr, "npm:", 4)) {
			cw_slice spec = { e->version.ptr + 4, e->version.len - 4 }, n, v;
			if (cw__npm_split_spec(spec, &n, &v)) {
				e->name = n;
				e->version = v;
			}
		}
	}
}

static entry *lookup(ctx *c, const char *path, size_t len)
{
	uintptr_t v = (uintptr_t)cw__map_get(&c->by_path, path, len);
	return v ? &c->entries.items[v - 1] : NULL;
}

/* node's lookup: from the package at `from`, the nearest node_modules/<name>. */
static entry *resolve(ctx *c, cw_slice from, cw_slice name)
{
	size_t dirlen = from.len;
	for (;;) {
		cw__buf_clear(&c->scratch);
		if (dirlen && (cw__buf_put(&c->scratch, from.ptr, dirlen) < 0 || cw__buf_putc(&c->scratch, '/') < 0))
			return NULL;
		if (cw__buf_puts(&c->scratch, "node_modules/") < 0 ||
		    cw__buf_put(&c->scratch, name.ptr, name.len) < 0)
			return NULL;
		entry *e = lookup(c, c->scratch.ptr, c->scratch.len);
		if (e) {
			for (int hops = 0; e && e->link && hops < 8; hops++)
				e = e->resolved.len ? lookup(c, e->resolved.ptr, e->resolved.len) : NULL;
			return e;
		}
		if (!dirlen)
			return NULL;
		while (dirlen && from.ptr[dirlen - 1] != '/')
			dirlen--;
		if (dirlen)
			dirlen--;
	}
}

static cw_slice base_name(cw_slice path, bool *in_node_modules)
{
	static const char nm[] = "node_modules/";
	size_t best = SIZE_MAX;
	for (size_t i = 0; i + sizeof(nm) - 1 <= path.len; i++)
		if (path.ptr[i] == 'n' && !memcmp(path.ptr + i, nm, sizeof(nm) - 1) &&
		    (i == 0 || path.ptr[i - 1] == '/'))
			best = i + sizeof(nm) - 1;
	*in_node_modules = best != SIZE_MAX;
	if (best != SIZE_MAX)
		return (cw_slice){ path.ptr + best, path.len - best };
	size_t s = path.len;
	while (s && path.ptr[s - 1] != '/')
		s--;
	return (cw_slice){ path.ptr + s, path.len - s };
}

static int build(ctx *c, cw__npm_manifest *manifest, bool have_manifest)
{
	cw__inv_source *src = c->src;
	size_t root = SIZE_MAX;
	int error;

	entry *r = lookup(c, "", 0);
	if (r) {
		if ((error = cw__npm_add_root(src, r->name.len ? r->name : c->top_name,
		                              r->version.len ? r->version : c->top_version, r->line, &root)) < 0)
			return error;
		r->comp = root;
	} else if ((error = cw__npm_add_root(src, c->top_name, c->top_version, 1, &root)) < 0) {
		return error;
	}

	for (size_t i = 0; i < c->entries.len; i++) {
		entry *e = &c->entries.items[i];
		cw__comp_spec spec;
		bool in_nm;
		if (!e->path.len || e->link)
			continue;
		memset(&spec, 0, sizeof(spec));
		spec.ecosystem = "npm";
		spec.name = e->name.len ? e->name : base_name(e->path, &in_nm);
		base_name(e->path, &in_nm);
		spec.kind = in_nm ? CW_COMPONENT_LIBRARY : CW_COMPONENT_WORKSPACE;
		spec.version = e->version;
		spec.integrity = e->integrity;
		spec.resolved = e->resolved;
		spec.license = e->license;
		spec.line = e->line;
		spec.bundled = e->bundled;
		spec.scope_set = true;
		spec.scope = e->dev || e->dev_optional ? CW_SCOPE_DEV : e->optional ? CW_SCOPE_OPTIONAL
		             : e->peer ? CW_SCOPE_PEER : CW_SCOPE_REQUIRED;
		if ((error = cw__inv_add(src, &spec, &e->comp)) < 0)
			return error;
		if (spec.kind == CW_COMPONENT_WORKSPACE && (error = cw__inv_edge(src, root, e->comp, CW_SCOPE_REQUIRED)) < 0)
			return error;
	}

	for (size_t i = 0; i < c->deps.len; i++) {
		dep *d = &c->deps.items[i];
		entry *owner = &c->entries.items[d->owner];
		entry *t;
		if (owner->comp == SIZE_MAX || !(t = resolve(c, owner->path, d->name)) || t->comp == SIZE_MAX)
			continue;
		t->targeted = true;
		if ((error = cw__inv_edge(src, owner->comp, t->comp, d->scope)) < 0)
			return error;
	}

	if (!r) {
		/* v1 has no root entry: the root's dependencies come from package.json,
		 * or else are the top-level packages nothing else requires. */
		if (have_manifest) {
			for (size_t i = 0; i < manifest->decls.len; i++) {
				entry *t = resolve(c, (cw_slice){ "", 0 }, manifest->decls.items[i].name);
				if (t && t->comp != SIZE_MAX &&
				    (error = cw__inv_edge(src, root, t->comp, manifest->decls.items[i].scope)) < 0)
					return error;
			}
		} else {
			for (size_t i = 0; i < c->entries.len; i++) {
				entry *e = &c->entries.items[i];
				bool in_nm;
				cw_slice b = base_name(e->path, &in_nm);
				if (e->comp != SIZE_MAX && !e->targeted && b.ptr == e->path.ptr + 13 &&
				    (error = cw__inv_edge(src, root, e->comp, CW_SCOPE_REQUIRED)) < 0)
					return error;
			}
		}
	}
	return 0;
}

int cw__extract_npm_lock(cw__inv_source *src)
{
	ctx c;
	cw_jp_tok tok;
	cw__npm_manifest manifest;
	bool have_manifest = false;
	int error;

	memset(&c, 0, sizeof(c));
	memset(&manifest, 0, sizeof(manifest));
	c.src = src;
	c.arena = &src->inv->arena;
	cw__jp_init(&c.p, src->path, src->data, src->len, false);

	if ((error = cw__jp_expect(&c.p, CW_JP_OBJECT, "a JSON object")) < 0)
		goto done;
	for (;;) {
		if ((error = cw__jp_next(&c.p, &tok)) < 0)
			goto done;
		if (tok == CW_JP_OBJECT_END)
			break;
		if (cw__jp_is(&c.p, "packages")) {
			if (c.entries.len) {
				/* "dependencies" came first: the v2+ view replaces it. */
				c.entries.len = c.deps.len = 0;
				cw__map_free(&c.by_path);
			}
			c.have_packages = true;
			if ((error = read_packages(&c)) < 0)
				goto done;
		} else if (cw__jp_is(&c.p, "dependencies") && !c.have_packages) {
			if ((error = read_v1_tree(&c, (cw_slice){ "", 0 })) < 0)
				goto done;
		} else if (cw__jp_is(&c.p, "name") || cw__jp_is(&c.p, "version")) {
			cw_slice *field = c.p.str.ptr[0] == 'n' ? &c.top_name : &c.top_version;
			if ((error = cw__jp_next(&c.p, &tok)) < 0 || (error = read_str(&c, tok, field)) < 0)
				goto done;
		} else {
			if ((error = cw__jp_next(&c.p, &tok)) < 0 || (error = cw__jp_skip(&c.p, tok)) < 0)
				goto done;
		}
	}
	if ((error = cw__jp_expect(&c.p, CW_JP_EOF, "the end of the document")) < 0)
		goto done;
	if (!c.have_packages && src->dir)
		have_manifest = cw__npm_manifest_sibling(&manifest, src) == 0;
	cw_error_clear();
	error = build(&c, &manifest, have_manifest);
done:
	cw__npm_manifest_free(&manifest);
	cw__jp_free(&c.p);
	cw_vec_free(&c.entries);
	cw_vec_free(&c.deps);
	cw__map_free(&c.by_path);
	cw__buf_free(&c.scratch);
	return error;
}
