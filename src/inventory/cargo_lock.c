/*
 * cargo_lock.c - Rust's Cargo.lock, versions 1 to 4
 * (https://doc.rust-lang.org/cargo/guide/cargo-toml-vs-cargo-lock.html;
 * format history in cargo's src/cargo/core/resolver/resolve.rs).
 *
 *   version = 4                       (v3+; v1 and v2 have no version key)
 *   [[package]]
 *   name = "memchr"
 *   version = "2.7.4"
 *   source = "registry+https://registry-index.example/crates"
 *   checksum = "<sha256 of the .crate>"            (v2+)
 *   dependencies = ["libc", "cfg-if 1.0.0", "rand 0.8.5 (registry+...)"]
 *   [root]                                          (old v1: the root crate)
 *   [metadata]                                      (v1 only)
 *   "checksum memchr 2.7.4 (registry+...)" = "<sha256>"
 *
 * A dependency entry is "name" when the name is unique in the lockfile,
 * "name version" when it is not, and "name version (source)" (v1 always,
 * later versions when name and version are ambiguous).
 *
 * Packages without `source` are local crates: workspace members (or path
 * dependencies).  The root is the crate named by the [package] of the
 * Cargo.toml next to the lockfile; else the one local crate nothing depends
 * on; else a synthetic root named after the directory.  The other local
 * crates are workspace components the root depends on.  Git sources are
 * kept as the resolved location; Cargo.lock states no dev/build scopes.
 */
#include "inventory/lang.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"

typedef struct {
	cw_slice name, version, source, checksum;
	size_t line;
	size_t comp;
	bool used;
	const cw_toml_value *deps;
} crate;

/* "version (source)" key for the index. */
static int put_crate(cw__inv_source *src, cw__lang_index *ix, const crate *k)
{
	int error;
	if ((error = cw__lang_index_put(ix, k->name, k->version, k->comp)) < 0 || !k->source.len)
		return error;
	char *vs = cw__arena_printf(&src->inv->arena, "%.*s (%.*s)", (int)k->version.len, k->version.ptr,
	                            (int)k->source.len, k->source.ptr);
	if (!vs)
		return cw_error_last()->code;
	return cw__lang_index_put(ix, k->name, cw_slice_of(vs), k->comp);
}

/* Resolve one dependency entry to a crate index (into `crates`), or SIZE_MAX. */
static size_t resolve(const cw__lang_index *ix, cw_slice dep)
{
	size_t sp = 0;
	dep = cw__slice_trim(dep);
	while (sp < dep.len && dep.ptr[sp] != ' ')
		sp++;
	cw_slice name = { dep.ptr, sp };
	if (sp == dep.len)
		return cw__lang_index_get(ix, name, (cw_slice){ NULL, 0 });
	cw_slice rest = cw__slice_trim((cw_slice){ dep.ptr + sp + 1, dep.len - sp - 1 });
	size_t r = cw__lang_index_get(ix, name, rest);
	if (r == SIZE_MAX) {
		size_t v = 0;
		while (v < rest.len && rest.ptr[v] != ' ')
			v++;
		r = cw__lang_index_get(ix, name, (cw_slice){ rest.ptr, v });
	}
	return r;
}

/* v1: "checksum NAME VERSION (SOURCE)" keys of [metadata]. */
static void metadata_checksums(const cw_toml_value *meta, crate *crates, size_t n,
                               const cw__lang_index *ix)
{
	for (size_t i = 0; i < cw__toml_table_len(meta); i++) {
		const cw_toml_entry *e = cw__toml_table_at(meta, i);
		cw_slice key = { e->key, e->key_len };
		cw_slice val = cw__lang_tstr(e->value);
		if (key.len < 10 || memcmp(key.ptr, "checksum ", 9) || !val.len)
			continue;
		size_t k = resolve(ix, (cw_slice){ key.ptr + 9, key.len - 9 });
		if (k < n && !crates[k].checksum.len)
			crates[k].checksum = val;
	}
}

int cw__extract_cargo_lock(cw__inv_source *src)
{
	const cw_toml_value *doc, *pkgs;
	cw__lang_index ix;
	crate *crates = NULL;
	size_t n, root = SIZE_MAX, root_crate = SIZE_MAX;
	int64_t version = 1;
	int error;

	memset(&ix, 0, sizeof(ix));
	if ((error = cw__lang_toml(src, &doc)) < 0)
		return error;
	cw__toml_int(cw__toml_get(doc, "version"), &version);
	if (version > 4)
		return cw__error_set_at(CW_EUNSUPPORTED, src->path, cw__toml_get(doc, "version")->line, 0,
		                        "Cargo.lock version %lld is not supported (1 to 4)", (long long)version);
	pkgs = cw__toml_get(doc, "package");
	if (pkgs && pkgs->type != CW_TOML_ARRAY)
		return cw__error_set_at(CW_EINVALID, src->path, pkgs->line, 0, "expected [[package]] tables");
	/* Lockfiles of Cargo before 1.24ish put the root crate in [root]. */
	const cw_toml_value *old_root = cw__toml_get(doc, "root");
	size_t extra = old_root && old_root->type == CW_TOML_TABLE ? 1 : 0;
	n = cw__toml_array_len(pkgs) + extra;
	if (n && !(crates = calloc(n, sizeof(*crates))))
		return cw__error_oom();

	/* Index the crates first (indexes into `crates`), then resolve names. */
	for (size_t i = 0; i < n; i++) {
		const cw_toml_value *p = extra && i == n - 1 ? old_root : cw__toml_array_at(pkgs, i);
		crate *k = &crates[i];
		if (!p || p->type != CW_TOML_TABLE) {
			error = cw__error_set_at(CW_EINVALID, src->path, p ? p->line : 0, 0, "expected a [[package]] table");
			goto done;
		}
		k->line = p->line;
		k->name = cw__lang_tstr(cw__toml_get(p, "name"));
		k->version = cw__lang_tstr(cw__toml_get(p, "version"));
		k->source = cw__lang_tstr(cw__toml_get(p, "source"));
		k->checksum = cw__lang_tstr(cw__toml_get(p, "checksum"));
		k->deps = cw__toml_get(p, "dependencies");
		k->comp = i;
		if (!k->name.len || !k->version.len) {
			error = cw__error_set_at(CW_EINVALID, src->path, p->line, 0, "[[package]] without name or version");
			goto done;
		}
	}
	/* Local crates first: "name version" without a source means the local
	 * one when a registry crate has the same name and version. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++)
			if ((crates[i].source.len != 0) == (pass == 1) && (error = put_crate(src, &ix, &crates[i])) < 0)
				goto done;
	if (version == 1)
		metadata_checksums(cw__toml_get(doc, "metadata"), crates, n, &ix);
	for (size_t i = 0; i < n; i++)
		for (size_t d = 0; d < cw__toml_array_len(crates[i].deps); d++) {
			size_t t = resolve(&ix, cw__lang_tstr(cw__toml_array_at(crates[i].deps, d)));
			if (t < n && t != i)
				crates[t].used = true;
		}

	/* The root crate. */
	{
		cw_arena tmp = CW_ARENA_INIT;
		const cw_toml_value *manifest;
		if (cw__lang_toml_sibling(src, "Cargo.toml", &tmp, &manifest) == 0) {
			cw_slice want = cw__lang_tstr(cw__toml_get_path(manifest, "package.name"));
			for (size_t i = 0; i < n && want.len; i++)
				if (!crates[i].source.len && cw__slice_eq(crates[i].name, want))
					root_crate = i;
		}
		cw__arena_free(&tmp);
		cw_error_clear();
	}
	if (root_crate == SIZE_MAX) {
		size_t unused = 0, which = SIZE_MAX;
		for (size_t i = 0; i < n; i++)
			if (!crates[i].source.len && !crates[i].used) {
				unused++;
				which = i;
			}
		if (unused == 1)
			root_crate = which;
	}
	if (root_crate != SIZE_MAX)
		error = cw__lang_add_root(src, "cargo", crates[root_crate].name, crates[root_crate].version,
		                          crates[root_crate].line, &root);
	else
		error = cw__lang_add_root(src, "cargo", (cw_slice){ NULL, 0 }, (cw_slice){ NULL, 0 }, 1, &root);
	if (error < 0)
		goto done;

	for (size_t i = 0; i < n; i++) {
		crate *k = &crates[i];
		cw__comp_spec spec;
		if (i == root_crate) {
			k->comp = root;
		} else {
			spec = (cw__comp_spec){ .ecosystem = "cargo",
			                        .kind = k->source.len ? CW_COMPONENT_LIBRARY : CW_COMPONENT_WORKSPACE,
			                        .name = k->name, .version = k->version, .line = k->line };
			if (k->source.len > 4 && !memcmp(k->source.ptr, "git+", 4))
				spec.resolved = k->source;
			if ((error = cw__inv_add(src, &spec, &k->comp)) < 0)
				goto done;
			if (!k->source.len && (error = cw__inv_edge(src, root, k->comp, CW_SCOPE_REQUIRED)) < 0)
				goto done;
		}
		if (k->checksum.len && (error = cw__lang_add_hash(src, k->comp, "SHA-256", k->checksum)) < 0)
			goto done;
	}
	for (size_t i = 0; i < n; i++) {
		for (size_t d = 0; d < cw__toml_array_len(crates[i].deps); d++) {
			const cw_toml_value *dv = cw__toml_array_at(crates[i].deps, d);
			size_t t = resolve(&ix, cw__lang_tstr(dv));
			if (t >= n) {
				cw_slice s = cw__lang_tstr(dv);
				error = cw__error_set_at(CW_EINVALID, src->path, dv->line, dv->col,
				                         "dependency \"%.*s\" matches no [[package]]", (int)s.len, s.ptr);
				goto done;
			}
			if ((error = cw__inv_edge(src, crates[i].comp, crates[t].comp, CW_SCOPE_REQUIRED)) < 0)
				goto done;
		}
	}
done:
	free(crates);
	cw__lang_index_free(&ix);
	return error;
}
