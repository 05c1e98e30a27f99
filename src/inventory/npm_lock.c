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
	cw_slice path;
	cw_slice link_target;   /* "resolved" of a link entry: the path it points to */
	size_t comp;            /* component, SIZE_MAX for links */
	bool link, targeted;
} entry;

/* A declared dependency, resolved once every path is known (16 bytes: a
 * 50 MB lockfile has half a million of them). */
typedef struct {
	const char *name;
	uint32_t len;
	uint32_t owner_scope;   /* entry index << 2 | cw_scope */
} dep;

#define MAX_ENTRIES ((size_t)1 << 29)

/* What one package entry says, while it is being read: the component's
 * name, version, integrity, resolved, license, line, bundled and
 * install_script go straight into `spec`; the flags below give its kind
 * and scope when it is emitted. */
typedef struct {
	cw__comp_spec spec;
	bool dev, optional, dev_optional, peer, link;
} fields;

typedef struct {
	cw__inv_source *src;
	cw_arena *arena;
	cw__jp p;
	CW_VEC(entry) entries;
	CW_VEC(dep) deps;
	cw_map by_path;
	cw_buf scratch;
	cw_slice top_name, top_version;
	size_t root;
	bool have_packages, have_root_entry;
} ctx;

/* A string that outlives the current entry: copied when the input may be
 * released behind the parser (a mapped file), else a slice of the input. */
static int keep(ctx *c, cw_slice *out)
{
	return c->src->mapped ? cw__jp_copy(&c->p, c->arena, out) : cw__jp_keep(&c->p, c->arena, out);
}

static int read_flag(ctx *c, bool *out)
{
	cw_jp_tok tok;
	int error;
	if ((error = cw__jp_next(&c->p, &tok)) < 0)
		return error;
	if (tok == CW_JP_TRUE || tok == CW_JP_FALSE) {
		*out = tok == CW_JP_TRUE;
		return 0;
	}
	return cw__jp_skip(&c->p, tok);
}

/* "name": "range" members; v1 "requires" has the same shape. */
static int read_deps(ctx *c, size_t owner, cw_scope scope)
{
	int error;
	if ((error = cw__jp_enter_object(&c->p)) <= 0)
		return error;
	while ((error = cw__jp_member(&c->p)) > 0) {
		cw_slice name;
		if ((error = keep(c, &name)) < 0)
			return error;
		if (name.len > UINT32_MAX)
			return cw__jp_error(&c->p, "dependency name too long");
		if ((error = cw__jp_skip_next(&c->p)) < 0)
			return error;
		dep d = { name.ptr, (uint32_t)name.len, (uint32_t)(owner << 2 | (unsigned)scope) };
		if ((error = cw_vec_push(&c->deps, d)) < 0)
			return error;
	}
	return error;
}

/* The value of a member of the entry at `idx`, classified by its key as a
 * string field, a flag, a dependency map of scope `deps` (>= 0) or none. */
static int read_member(ctx *c, size_t idx, cw_slice *field, bool *flag, int deps)
{
	if (field)
		return cw__jp_next_str(&c->p, c->arena, field);
	if (flag)
		return read_flag(c, flag);
	if (deps >= 0)
		return read_deps(c, idx, (cw_scope)deps);
	return cw__jp_skip_next(&c->p);
}

static int new_entry(ctx *c, cw_slice path, size_t *out)
{
	entry e;
	int error;
	if (c->entries.len >= MAX_ENTRIES)
		return cw__jp_error(&c->p, "more than %zu packages", MAX_ENTRIES);
	memset(&e, 0, sizeof(e));
	e.path = path;
	e.comp = SIZE_MAX;
	if ((error = cw_vec_push(&c->entries, e)) < 0)
		return error;
	*out = c->entries.len - 1;
	return cw__map_put(&c->by_path, path.ptr, path.len, (void *)(uintptr_t)c->entries.len, NULL);
}

static int ensure_root(ctx *c, cw_slice name, cw_slice version, size_t line)
{
	if (c->root != SIZE_MAX)
		return 0;
	return cw__npm_add_root(c->src, name.len ? name : c->top_name,
	                        version.len ? version : c->top_version, line, &c->root);
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

/* The entry at `idx` has been read: make its component (or note the link). */
static int emit(ctx *c, size_t idx, const fields *f)
{
	entry *e = &c->entries.items[idx];
	cw__comp_spec spec;
	bool in_nm;
	int error;

	if (!e->path.len) {
		c->have_root_entry = true;
		if ((error = ensure_root(c, f->spec.name, f->spec.version, f->spec.line)) < 0)
			return error;
		c->entries.items[idx].comp = c->root;
		return 0;
	}
	if (f->link) {
		e->link = true;
		e->link_target = f->spec.resolved;
		if (c->src->mapped && e->link_target.len &&
		    !(e->link_target.ptr = cw__arena_strndup(c->arena, e->link_target.ptr,
		                                             e->link_target.len)))
			return cw_error_last()->code;
		return 0;
	}
	if ((error = ensure_root(c, (cw_slice){ NULL, 0 }, (cw_slice){ NULL, 0 }, 1)) < 0)
		return error;
	spec = f->spec;
	spec.ecosystem = "npm";
	cw_slice base = base_name(e->path, &in_nm);
	if (!spec.name.len)
		spec.name = base;
	spec.kind = in_nm ? CW_COMPONENT_LIBRARY : CW_COMPONENT_WORKSPACE;
	spec.scope_set = true;
	spec.scope = f->dev || f->dev_optional ? CW_SCOPE_DEV : f->optional ? CW_SCOPE_OPTIONAL
	             : f->peer ? CW_SCOPE_PEER : CW_SCOPE_REQUIRED;
	size_t comp;
	if ((error = cw__inv_add(c->src, &spec, &comp)) < 0)
		return error;
	c->entries.items[idx].comp = comp;
	if (spec.kind == CW_COMPONENT_WORKSPACE)
		return cw__inv_edge(c->src, c->root, comp, CW_SCOPE_REQUIRED);
	return 0;
}

/* One member of "packages" (v2/v3), the key already read. */
static int read_package(ctx *c, size_t idx, size_t line)
{
	cw_jp_tok tok;
	fields f;
	int error;

	memset(&f, 0, sizeof(f));
	f.spec.line = line;
	if ((error = cw__jp_next(&c->p, &tok)) < 0)
		return error;
	if (tok != CW_JP_OBJECT)
		return cw__jp_error(&c->p, "expected an object for package \"%.*s\"",
		                    (int)c->entries.items[idx].path.len, c->entries.items[idx].path.ptr);
	while ((error = cw__jp_member(&c->p)) > 0) {
		cw_slice *field = NULL;
		bool *flag = NULL;
		int deps = -1;
		const char *k = c->p.str.ptr;
		switch (c->p.str.len ? k[0] : 0) {
		case 'v': if (cw__jp_is(&c->p, "version")) field = &f.spec.version; break;
		case 'r': if (cw__jp_is(&c->p, "resolved")) field = &f.spec.resolved; break;
		case 'h': if (cw__jp_is(&c->p, "hasInstallScript")) flag = &f.spec.install_script; break;
		case 'i':
			if (cw__jp_is(&c->p, "integrity")) field = &f.spec.integrity;
			else if (cw__jp_is(&c->p, "inBundle")) flag = &f.spec.bundled;
			break;
		case 'l':
			if (cw__jp_is(&c->p, "license")) field = &f.spec.license;
			else if (cw__jp_is(&c->p, "link")) flag = &f.link;
			break;
		case 'n': if (cw__jp_is(&c->p, "name")) field = &f.spec.name; break;
		case 'd':
			if (cw__jp_is(&c->p, "dev")) flag = &f.dev;
			else if (cw__jp_is(&c->p, "devOptional")) flag = &f.dev_optional;
			else if (cw__jp_is(&c->p, "dependencies")) deps = CW_SCOPE_REQUIRED;
			else if (cw__jp_is(&c->p, "devDependencies")) deps = CW_SCOPE_DEV;
			break;
		case 'o':
			if (cw__jp_is(&c->p, "optional")) flag = &f.optional;
			else if (cw__jp_is(&c->p, "optionalDependencies")) deps = CW_SCOPE_OPTIONAL;
			break;
		case 'p':
			if (cw__jp_is(&c->p, "peer")) flag = &f.peer;
			else if (cw__jp_is(&c->p, "peerDependencies")) deps = CW_SCOPE_PEER;
			break;
		default: break;
		}
		if ((error = read_member(c, idx, field, flag, deps)) < 0)
			return error;
	}
	return error < 0 ? error : emit(c, idx, &f);
}

/* The value of the top-level member `key`, which must be an object, opened. */
static int open_object(ctx *c, const char *key)
{
	cw_jp_tok tok;
	int error;
	if ((error = cw__jp_next(&c->p, &tok)) < 0)
		return error;
	if (tok != CW_JP_OBJECT)
		return cw__jp_error(&c->p, "\"%s\" must be an object", key);
	return 0;
}

static int read_packages(ctx *c)
{
	int error;
	if ((error = open_object(c, "packages")) < 0)
		return error;
	while ((error = cw__jp_member(&c->p)) > 0) {
		cw_slice path;
		size_t idx, line = c->p.tok_line;
		if ((error = keep(c, &path)) < 0 ||
		    (error = new_entry(c, path, &idx)) < 0 ||
		    (error = read_package(c, idx, line)) < 0)
			return error;
		/* Nothing read so far is referenced any more. */
		cw__jp_release(&c->p);
	}
	return error;
}

/* v1: "dependencies" of the entry at `prefix` ("" for the top level). */
static int read_v1_tree(ctx *c, cw_slice prefix)
{
	cw_jp_tok tok;
	int error;
	if ((error = open_object(c, "dependencies")) < 0)
		return error;
	while ((error = cw__jp_member(&c->p)) > 0) {
		size_t idx;
		fields f;
		char *path;
		memset(&f, 0, sizeof(f));
		f.spec.line = c->p.tok_line;
		path = cw__arena_printf(c->arena, "%.*s%snode_modules/%.*s", (int)prefix.len, prefix.ptr,
		                        prefix.len ? "/" : "", (int)c->p.str.len, c->p.str.ptr);
		if (!path)
			return cw_error_last()->code;
		size_t plen = strlen(path), name_off = plen - c->p.str.len;
		if ((error = new_entry(c, (cw_slice){ path, plen }, &idx)) < 0)
			return error;
		f.spec.name = (cw_slice){ path + name_off, plen - name_off };
		if ((error = cw__jp_next(&c->p, &tok)) < 0)
			return error;
		if (tok != CW_JP_OBJECT)
			return cw__jp_error(&c->p, "expected an object for dependency \"%s\"", path + name_off);
		while ((error = cw__jp_member(&c->p)) > 0) {
			if (cw__jp_is(&c->p, "dependencies")) {
				if ((error = read_v1_tree(c, (cw_slice){ path, plen })) < 0)
					return error;
				continue;
			}
			cw_slice *field = NULL;
			bool *flag = NULL;
			int deps = -1;
			if (cw__jp_is(&c->p, "version")) field = &f.spec.version;
			else if (cw__jp_is(&c->p, "resolved")) field = &f.spec.resolved;
			else if (cw__jp_is(&c->p, "integrity")) field = &f.spec.integrity;
			else if (cw__jp_is(&c->p, "dev")) flag = &f.dev;
			else if (cw__jp_is(&c->p, "optional")) flag = &f.optional;
			else if (cw__jp_is(&c->p, "bundled")) flag = &f.spec.bundled;
			else if (cw__jp_is(&c->p, "requires")) deps = CW_SCOPE_REQUIRED;
			if ((error = read_member(c, idx, field, flag, deps)) < 0)
				return error;
		}
		if (error < 0)
			return error;
		/* An alias: "version": "npm:real-name@1.2.3". */
		if (f.spec.version.len > 4 && !memcmp(f.spec.version.ptr, "npm:", 4)) {
			cw_slice spec = { f.spec.version.ptr + 4, f.spec.version.len - 4 }, n, v;
			if (cw__npm_split_spec(spec, &n, &v)) {
				f.spec.name = n;
				f.spec.version = v;
			}
		}
		if ((error = emit(c, idx, &f)) < 0)
			return error;
	}
	return error;
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
				e = e->link_target.len ? lookup(c, e->link_target.ptr, e->link_target.len) : NULL;
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

static int build(ctx *c, cw__npm_manifest *manifest, bool have_manifest)
{
	cw__inv_source *src = c->src;
	int error;

	if ((error = ensure_root(c, (cw_slice){ NULL, 0 }, (cw_slice){ NULL, 0 }, 1)) < 0)
		return error;
	for (size_t i = 0; i < c->deps.len; i++) {
		dep *d = &c->deps.items[i];
		entry *owner = &c->entries.items[d->owner_scope >> 2];
		entry *t;
		if (owner->comp == SIZE_MAX ||
		    !(t = resolve(c, owner->path, (cw_slice){ d->name, d->len })) || t->comp == SIZE_MAX)
			continue;
		t->targeted = true;
		if ((error = cw__inv_edge(src, owner->comp, t->comp, (cw_scope)(d->owner_scope & 3))) < 0)
			return error;
	}
	if (c->have_root_entry)
		return 0;
	/* v1 has no root entry: the root's dependencies come from package.json,
	 * or else are the top-level packages nothing else requires. */
	if (have_manifest) {
		for (size_t i = 0; i < manifest->decls.len; i++) {
			entry *t = resolve(c, (cw_slice){ "", 0 }, manifest->decls.items[i].name);
			if (t && t->comp != SIZE_MAX &&
			    (error = cw__inv_edge(src, c->root, t->comp, manifest->decls.items[i].scope)) < 0)
				return error;
		}
		return 0;
	}
	for (size_t i = 0; i < c->entries.len; i++) {
		entry *e = &c->entries.items[i];
		bool in_nm;
		cw_slice b = base_name(e->path, &in_nm);
		if (e->comp != SIZE_MAX && !e->targeted && b.ptr == e->path.ptr + 13 &&
		    (error = cw__inv_edge(src, c->root, e->comp, CW_SCOPE_REQUIRED)) < 0)
			return error;
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
	c.root = SIZE_MAX;
	cw__jp_init(&c.p, src->path, src->data, src->len, false);
	c.p.releasable = src->mapped;

	if ((error = cw__jp_expect(&c.p, CW_JP_OBJECT, "a JSON object")) < 0)
		goto done;
	while ((error = cw__jp_member(&c.p)) > 0) {
		if (cw__jp_is(&c.p, "packages")) {
			if (c.entries.len) {
				/* "dependencies" came first: the v2+ view replaces it
				 * (components already made are merged by purl). */
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
			if ((error = cw__jp_next(&c.p, &tok)) < 0)
				goto done;
			if (tok == CW_JP_STRING)
				error = cw__jp_copy(&c.p, c.arena, field);
			else
				error = cw__jp_skip(&c.p, tok);
			if (error < 0)
				goto done;
		} else if ((error = cw__jp_skip_next(&c.p)) < 0) {
			goto done;
		}
	}
	if (error < 0 || (error = cw__jp_expect(&c.p, CW_JP_EOF, "the end of the document")) < 0)
		goto done;
	if (!c.have_root_entry && src->dir)
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
