/*
 * pnpm_lock.c - pnpm-lock.yaml, lockfile versions 5.x, 6.x, 7, 8 and 9
 * (https://github.com/pnpm/spec/tree/master/lockfile).
 *
 * Package keys:  5.x "/name/1.2.3_peer@1.0.0", 6-8 "/name@1.2.3(peer@1.0.0)",
 * 9 "name@1.2.3" in `packages` and "name@1.2.3(peer@1.0.0)" in `snapshots`.
 * Dependency references: a version with the same peer suffix ("1.2.3(...)"
 * or "1.2.3_..."), an alias ("real@1.2.3" in 9, "/real@1.2.3" or
 * "/real/1.2.3" before), or "link:path" (a workspace, not a package).
 * Projects: `importers` ("." is the root, others are workspace members) or,
 * before 9 without workspaces, top-level dependencies/devDependencies/
 * optionalDependencies.  Components come from `packages`; edges from
 * `snapshots` (9) or `packages` (earlier); scopes from the graph.
 */
#include "inventory/inventory.h"
#include "inventory/yaml_tree.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"

typedef struct {
	cw__inv_source *src;
	int major;                 /* lockfile major version */
	cw_map by_key;             /* "name@version" -> component index + 1 */
	cw_buf key;
} pctx;

/* Split a package key or reference into name and version without peers. */
static bool split_key(const pctx *c, cw_slice k, cw_slice *name, cw_slice *version)
{
	if (k.len && k.ptr[0] == '/') {
		k.ptr++;
		k.len--;
	}
	if (c->major < 6) {
		/* name/version_peers, name may be @scope/name */
		size_t slash = SIZE_MAX;
		for (size_t i = k.len; i > 0; i--)
			if (k.ptr[i - 1] == '/') {
				slash = i - 1;
				break;
			}
		if (slash == SIZE_MAX || slash == 0)
			return false;
		*name = (cw_slice){ k.ptr, slash };
		*version = (cw_slice){ k.ptr + slash + 1, k.len - slash - 1 };
		for (size_t i = 0; i < version->len; i++)
			if (version->ptr[i] == '_' || version->ptr[i] == '(') {
				version->len = i;
				break;
			}
		return name->len && version->len;
	}
	if (!cw__npm_split_spec(k, name, version))
		return false;
	for (size_t i = 0; i < version->len; i++)
		if (version->ptr[i] == '(') {
			version->len = i;
			break;
		}
	return name->len && version->len;
}

static size_t lookup(pctx *c, cw_slice name, cw_slice version)
{
	uintptr_t v;
	cw__buf_clear(&c->key);
	if (cw__buf_put(&c->key, name.ptr, name.len) < 0 || cw__buf_putc(&c->key, '@') < 0 ||
	    cw__buf_put(&c->key, version.ptr, version.len) < 0)
		return SIZE_MAX;
	v = (uintptr_t)cw__map_get(&c->by_key, c->key.ptr, c->key.len);
	return v ? v - 1 : SIZE_MAX;
}

/* The component a dependency `name: ref` points at, or SIZE_MAX. */
static size_t resolve_ref(pctx *c, cw_slice name, cw_slice ref)
{
	cw_slice n, v;
	if (!ref.len || (ref.len > 5 && !memcmp(ref.ptr, "link:", 5)))
		return SIZE_MAX;
	if (ref.ptr[0] == '/')
		return split_key(c, ref, &n, &v) ? lookup(c, n, v) : SIZE_MAX;
	/* 9: "real@1.2.3" alias (an '@' before any peer suffix, not leading). */
	size_t paren = ref.len;
	for (size_t i = 0; i < ref.len; i++)
		if (ref.ptr[i] == '(') {
			paren = i;
			break;
		}
	if (c->major >= 6 && paren > 1 && memchr(ref.ptr + 1, '@', paren - 1) &&
	    split_key(c, (cw_slice){ ref.ptr, paren }, &n, &v))
		return lookup(c, n, v);
	v = ref;
	for (size_t i = 0; i < v.len; i++)
		if (v.ptr[i] == '(' || (c->major < 6 && v.ptr[i] == '_')) {
			v.len = i;
			break;
		}
	return lookup(c, name, v);
}

/* Edges from `from` for each member of a dependencies map. */
static int deps_edges(pctx *c, size_t from, const cw_ynode *deps, cw_scope scope)
{
	int error;
	if (!deps || deps->type != CW_YN_MAP)
		return 0;
	for (size_t i = 0; i + 1 < deps->count; i += 2) {
		const cw_ynode *k = deps->items[i], *v = deps->items[i + 1];
		cw_slice ref = v->type == CW_YN_SCALAR ? v->str : cw__yaml_str(v, "version");
		size_t to = resolve_ref(c, k->str, ref);
		if (to != SIZE_MAX && (error = cw__inv_edge(c->src, from, to, scope)) < 0)
			return error;
	}
	return 0;
}

static int project_edges(pctx *c, size_t from, const cw_ynode *proj)
{
	int error;
	if ((error = deps_edges(c, from, cw__yaml_get(proj, "dependencies"), CW_SCOPE_REQUIRED)) < 0 ||
	    (error = deps_edges(c, from, cw__yaml_get(proj, "optionalDependencies"), CW_SCOPE_OPTIONAL)) < 0 ||
	    (error = deps_edges(c, from, cw__yaml_get(proj, "devDependencies"), CW_SCOPE_DEV)) < 0)
		return error;
	return 0;
}

static int add_packages(pctx *c, const cw_ynode *pkgs)
{
	int error;
	if (!pkgs)
		return 0;
	if (pkgs->type != CW_YN_MAP)
		return cw__error_set_at(CW_EINVALID, c->src->path, pkgs->line, 0, "\"packages\" must be a mapping");
	for (size_t i = 0; i + 1 < pkgs->count; i += 2) {
		const cw_ynode *k = pkgs->items[i], *v = pkgs->items[i + 1];
		cw__comp_spec spec;
		size_t idx;
		cw_slice name, version;
		if (k->type != CW_YN_SCALAR || !split_key(c, k->str, &name, &version))
			return cw__error_set_at(CW_EINVALID, c->src->path, k->line, 0,
			                        "cannot read package key \"%.*s\"", (int)k->str.len, k->str.ptr);
		spec = (cw__comp_spec){ .ecosystem = "npm",
		                        .name = cw__yaml_str(v, "name").len ? cw__yaml_str(v, "name") : name };
		/* Non-registry packages state their version; keys then hold a URL. */
		spec.version = cw__yaml_str(v, "version").len ? cw__yaml_str(v, "version") : version;
		spec.line = k->line;
		const cw_ynode *res = cw__yaml_get(v, "resolution");
		spec.integrity = cw__yaml_str(res, "integrity");
		spec.resolved = cw__yaml_str(res, "tarball");
		if ((error = cw__inv_add(c->src, &spec, &idx)) < 0)
			return error;
		char *kk = cw__arena_printf(&c->src->inv->arena, "%.*s@%.*s", (int)name.len, name.ptr,
		                            (int)version.len, version.ptr);
		if (!kk || (error = cw__map_put(&c->by_key, kk, strlen(kk), (void *)(uintptr_t)(idx + 1), NULL)) < 0)
			return kk ? error : cw_error_last()->code;
	}
	return 0;
}

static int package_edges(pctx *c, const cw_ynode *pkgs)
{
	int error;
	if (!pkgs || pkgs->type != CW_YN_MAP)
		return 0;
	for (size_t i = 0; i + 1 < pkgs->count; i += 2) {
		const cw_ynode *k = pkgs->items[i], *v = pkgs->items[i + 1];
		cw_slice name, version;
		size_t from;
		if (k->type != CW_YN_SCALAR || !split_key(c, k->str, &name, &version) ||
		    (from = lookup(c, name, version)) == SIZE_MAX)
			continue;
		if ((error = deps_edges(c, from, cw__yaml_get(v, "dependencies"), CW_SCOPE_REQUIRED)) < 0 ||
		    (error = deps_edges(c, from, cw__yaml_get(v, "optionalDependencies"), CW_SCOPE_OPTIONAL)) < 0)
			return error;
	}
	return 0;
}

int cw__extract_pnpm_lock(cw__inv_source *src)
{
	pctx c = { .src = src };
	cw__npm_manifest m = { 0 };
	cw_ynode *doc = NULL;
	size_t root;
	int error;

	if ((error = cw__yaml_parse(&doc, &src->inv->arena, src->path, src->data, src->len)) < 0)
		goto done;
	if (!doc || doc->type != CW_YN_MAP) {
		error = cw__error_set_at(CW_EINVALID, src->path, doc ? doc->line : 1, 0, "expected a mapping");
		goto done;
	}
	cw_slice ver = cw__yaml_str(doc, "lockfileVersion");
	if (!ver.len) {
		error = cw__error_set_at(CW_EINVALID, src->path, 1, 0, "no lockfileVersion");
		goto done;
	}
	c.major = atoi(ver.ptr);
	if (c.major < 5 || c.major > 9) {
		error = cw__error_set_at(CW_EUNSUPPORTED, src->path, cw__yaml_get(doc, "lockfileVersion")->line, 0,
		                         "pnpm lockfileVersion %.*s not supported (5.x to 9)", (int)ver.len, ver.ptr);
		goto done;
	}

	bool have_manifest = src->dir && cw__npm_manifest_sibling(&m, src) == 0;
	cw_error_clear();
	if ((error = cw__npm_add_root(src, have_manifest ? m.name : (cw_slice){ NULL, 0 },
	                              have_manifest ? m.version : (cw_slice){ NULL, 0 }, 1, &root)) < 0)
		goto done;
	const cw_ynode *pkgs = cw__yaml_get(doc, "packages");
	if ((error = add_packages(&c, pkgs)) < 0)
		goto done;
	if ((error = package_edges(&c, c.major >= 9 ? cw__yaml_get(doc, "snapshots") : pkgs)) < 0)
		goto done;

	const cw_ynode *importers = cw__yaml_get(doc, "importers");
	if (importers && importers->type == CW_YN_MAP) {
		for (size_t i = 0; i + 1 < importers->count; i += 2) {
			const cw_ynode *k = importers->items[i], *v = importers->items[i + 1];
			size_t from = root;
			if (!cw__slice_eq(k->str, CW_SLICE("."))) {
				cw__comp_spec spec = { .ecosystem = "npm", .kind = CW_COMPONENT_WORKSPACE,
				                       .name = k->str, .line = k->line, .scope_set = true };
				if ((error = cw__inv_add(src, &spec, &from)) < 0 ||
				    (error = cw__inv_edge(src, root, from, CW_SCOPE_REQUIRED)) < 0)
					goto done;
			}
			if ((error = project_edges(&c, from, v)) < 0)
				goto done;
		}
	} else if ((error = project_edges(&c, root, doc)) < 0) {
		goto done;
	}
	cw__inv_derive_scopes(src);
done:
	cw__npm_manifest_free(&m);
	cw__map_free(&c.by_key);
	cw__buf_free(&c.key);
	return error;
}
