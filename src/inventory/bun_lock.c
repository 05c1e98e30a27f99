/*
 * bun_lock.c - bun.lock, bun's text lockfile (JSONC: comments and trailing
 * commas allowed), lockfileVersion 0 and 1 (https://bun.sh/docs/install/lockfile).
 *
 *   "workspaces": { "": { "name", "dependencies", "devDependencies", ... },
 *                   "packages/x": { ... } },
 *   "packages": { "<path>": ["name@version", "registry-or-empty", {deps}, "sha512-..."] }
 *
 * A package path is a chain of names ("accepts/mime-types" is the
 * mime-types nested under accepts, like node_modules); a dependency N of
 * the package at P resolves to P/N, then to N one level up, and so on.
 * Workspace members are ["name@workspace:path"].  The binary bun.lockb is
 * not read.
 */
#include "inventory/inventory.h"
#include "inventory/jsonpull.h"

#include <string.h>

#include "util/error.h"

typedef struct {
	cw_slice path, spec, integrity;
	size_t line;
	size_t comp;
} bentry;

typedef struct {
	cw_slice name;
	size_t owner;      /* entry index, or SIZE_MAX - workspace number */
	cw_scope scope;
} bdep;

typedef struct {
	cw_slice path, name, version;
	size_t line;
	size_t comp;
} bws;

typedef struct {
	cw__inv_source *src;
	cw_arena *arena;
	cw__jp p;
	CW_VEC(bentry) entries;
	CW_VEC(bdep) deps;
	CW_VEC(bws) workspaces;
	cw_map by_path;
	cw_buf key;
} bctx;

static int read_deps(bctx *c, size_t owner, cw_scope scope)
{
	int error;
	if ((error = cw__jp_enter_object(&c->p)) <= 0)
		return error;
	while ((error = cw__jp_member(&c->p)) > 0) {
		bdep d = { { NULL, 0 }, owner, scope };
		if ((error = cw__jp_keep(&c->p, c->arena, &d.name)) < 0 || (error = cw__jp_skip_next(&c->p)) < 0 ||
		    (error = cw_vec_push(&c->deps, d)) < 0)
			return error;
	}
	return error;
}

/* The member of an info object or workspace: dependency maps, name, version. */
static int read_info(bctx *c, size_t owner, bws *ws)
{
	int error;
	while ((error = cw__jp_member(&c->p)) > 0) {
		int scope = cw__npm_deps_scope(c->p.str);
		cw_slice *field = NULL;
		if (ws && cw__jp_is(&c->p, "name")) field = &ws->name;
		else if (ws && cw__jp_is(&c->p, "version")) field = &ws->version;
		if (scope >= 0)
			error = read_deps(c, owner, (cw_scope)scope);
		else if (field)
			error = cw__jp_next_str(&c->p, c->arena, field);
		else
			error = cw__jp_skip_next(&c->p);
		if (error < 0)
			return error;
	}
	return error;
}

/* A member of "workspaces" or "packages": its key `path` (kept), the line,
 * no component yet, then the opening `want` of its value. */
static int begin_item(bctx *c, cw_slice *path, size_t *line, size_t *comp, cw_jp_tok want, const char *what)
{
	int error;
	*line = c->p.tok_line;
	*comp = SIZE_MAX;
	if ((error = cw__jp_keep(&c->p, c->arena, path)) < 0)
		return error;
	return cw__jp_expect(&c->p, want, what);
}

/* "path": { workspace info } */
static int read_workspace(bctx *c)
{
	bws ws;
	int error;
	memset(&ws, 0, sizeof(ws));
	if ((error = begin_item(c, &ws.path, &ws.line, &ws.comp, CW_JP_OBJECT, "an object for a workspace")) < 0 ||
	    (error = read_info(c, SIZE_MAX - c->workspaces.len, &ws)) < 0)
		return error;
	return cw_vec_push(&c->workspaces, ws);
}

/* "path": ["name@version", "registry-or-empty", {info}, "integrity"] */
static int read_package(bctx *c)
{
	bentry e;
	cw_jp_tok tok;
	int error;
	memset(&e, 0, sizeof(e));
	if ((error = begin_item(c, &e.path, &e.line, &e.comp, CW_JP_ARRAY, "an array for a package")) < 0)
		return error;
	size_t idx = c->entries.len;
	if ((error = cw_vec_push(&c->entries, e)) < 0 ||
	    (error = cw__map_put(&c->by_path, e.path.ptr, e.path.len, (void *)(uintptr_t)(idx + 1), NULL)) < 0)
		return error;
	for (int pos = 0;; pos++) {
		if ((error = cw__jp_next(&c->p, &tok)) < 0)
			return error;
		if (tok == CW_JP_ARRAY_END)
			break;
		bentry *ep = &c->entries.items[idx];
		if (tok == CW_JP_OBJECT)
			error = read_info(c, idx, NULL);
		else if (tok == CW_JP_STRING && pos == 0)
			error = cw__jp_keep(&c->p, c->arena, &ep->spec);
		else if (tok == CW_JP_STRING && pos > 0 && c->p.str.len > 7 &&
		         (!memcmp(c->p.str.ptr, "sha512-", 7) || !memcmp(c->p.str.ptr, "sha1-", 5)))
			error = cw__jp_keep(&c->p, c->arena, &ep->integrity);
		else
			error = cw__jp_skip(&c->p, tok);
		if (error < 0)
			return error;
	}
	if (!c->entries.items[idx].spec.len)
		return cw__error_set_at(CW_EINVALID, c->src->path, c->entries.items[idx].line, 0,
		                        "package without \"name@version\"");
	return 0;
}

/* "workspaces" and "packages": objects whose members `read_one` reads. */
static int read_members(bctx *c, const char *what, int (*read_one)(bctx *c))
{
	int error;
	if ((error = cw__jp_expect(&c->p, CW_JP_OBJECT, what)) < 0)
		return error;
	while ((error = cw__jp_member(&c->p)) > 0)
		if ((error = read_one(c)) < 0)
			return error;
	return error;
}

/* Length of `path` without its last name (names may be "@scope/x"). */
static size_t parent_len(cw_slice path)
{
	size_t i = 0, last = 0;
	while (i < path.len) {
		last = i;
		size_t slashes = path.ptr[i] == '@' ? 2 : 1;
		while (i < path.len && slashes) {
			if (path.ptr[i] == '/' && --slashes == 0)
				break;
			i++;
		}
		if (i < path.len)
			i++;
	}
	return last ? last - 1 : 0;
}

static bentry *resolve(bctx *c, cw_slice from, cw_slice name)
{
	size_t len = from.len;
	for (;;) {
		uintptr_t v;
		cw__buf_clear(&c->key);
		if ((len && (cw__buf_put(&c->key, from.ptr, len) < 0 || cw__buf_putc(&c->key, '/') < 0)) ||
		    cw__buf_put(&c->key, name.ptr, name.len) < 0)
			return NULL;
		if ((v = (uintptr_t)cw__map_get(&c->by_path, c->key.ptr, c->key.len)) != 0)
			return &c->entries.items[v - 1];
		if (!len)
			return NULL;
		len = parent_len((cw_slice){ from.ptr, len });
	}
}

static int build(bctx *c)
{
	cw__inv_source *src = c->src;
	size_t root = SIZE_MAX;
	int error;

	for (size_t i = 0; i < c->workspaces.len; i++) {
		bws *w = &c->workspaces.items[i];
		if (w->path.len == 0) {
			if ((error = cw__npm_add_root(src, w->name, w->version, w->line, &root)) < 0)
				return error;
			w->comp = root;
		}
	}
	if (root == SIZE_MAX && (error = cw__npm_add_root(src, (cw_slice){ NULL, 0 }, (cw_slice){ NULL, 0 }, 1, &root)) < 0)
		return error;
	for (size_t i = 0; i < c->workspaces.len; i++) {
		bws *w = &c->workspaces.items[i];
		cw__comp_spec spec;
		if (!w->path.len)
			continue;
		spec = (cw__comp_spec){ .ecosystem = "npm", .kind = CW_COMPONENT_WORKSPACE,
		                        .name = w->name.len ? w->name : w->path, .version = w->version,
		                        .line = w->line, .scope_set = true };
		if ((error = cw__inv_add(src, &spec, &w->comp)) < 0 ||
		    (error = cw__inv_edge(src, root, w->comp, CW_SCOPE_REQUIRED)) < 0)
			return error;
	}
	for (size_t i = 0; i < c->entries.len; i++) {
		bentry *e = &c->entries.items[i];
		cw__comp_spec spec;
		cw_slice n, v;
		if (!cw__npm_split_spec(e->spec, &n, &v))
			return cw__error_set_at(CW_EINVALID, src->path, e->line, 0, "cannot read \"%.*s\" as name@version",
			                        (int)e->spec.len, e->spec.ptr);
		if (v.len >= 10 && !memcmp(v.ptr, "workspace:", 10)) {
			/* The workspace itself, listed above: point the entry at it. */
			cw_slice wp = { v.ptr + 10, v.len - 10 };
			for (size_t k = 0; k < c->workspaces.len; k++)
				if (cw__slice_eq(c->workspaces.items[k].path, wp))
					e->comp = c->workspaces.items[k].comp;
			continue;
		}
		spec = (cw__comp_spec){ .ecosystem = "npm", .name = n, .version = v };
		if (v.len > 4 && !memcmp(v.ptr, "npm:", 4))
			spec.version = (cw_slice){ v.ptr + 4, v.len - 4 };
		spec.integrity = e->integrity;
		spec.line = e->line;
		if ((error = cw__inv_add(src, &spec, &e->comp)) < 0)
			return error;
	}
	for (size_t i = 0; i < c->deps.len; i++) {
		bdep *d = &c->deps.items[i];
		size_t from;
		cw_slice at = { NULL, 0 };
		if (d->owner > c->entries.len) {
			bws *w = &c->workspaces.items[SIZE_MAX - d->owner];
			from = w->comp;
			/* Workspace members' own nested packages sit under their name. */
			at = w->path.len ? w->name : (cw_slice){ NULL, 0 };
		} else {
			from = c->entries.items[d->owner].comp;
			at = c->entries.items[d->owner].path;
		}
		bentry *t = resolve(c, at, d->name);
		if (from == SIZE_MAX || !t || t->comp == SIZE_MAX)
			continue;
		if ((error = cw__inv_edge(src, from, t->comp, d->scope)) < 0)
			return error;
	}
	cw__inv_derive_scopes(src);
	return 0;
}

static void bctx_free(bctx *c)
{
	cw__jp_free(&c->p);
	cw_vec_free_all(&c->entries, &c->deps, &c->workspaces);
	cw__map_free(&c->by_path);
	cw__buf_free(&c->key);
}

int cw__extract_bun_lock(cw__inv_source *src)
{
	bctx c = { .src = src, .arena = &src->inv->arena };
	int error;

	cw__jp_init(&c.p, src->path, src->data, src->len, true);
	if ((error = cw__jp_expect(&c.p, CW_JP_OBJECT, "a JSON object")) < 0)
		goto done;
	while ((error = cw__jp_member(&c.p)) > 0) {
		if (cw__jp_is(&c.p, "workspaces"))
			error = read_members(&c, "an object for \"workspaces\"", read_workspace);
		else if (cw__jp_is(&c.p, "packages"))
			error = read_members(&c, "an object for \"packages\"", read_package);
		else
			error = cw__jp_skip_next(&c.p);
		if (error < 0)
			goto done;
	}
	if (error < 0)
		goto done;
	if ((error = cw__jp_expect(&c.p, CW_JP_EOF, "the end of the document")) < 0)
		goto done;
	error = build(&c);
done:
	bctx_free(&c);
	return error;
}
