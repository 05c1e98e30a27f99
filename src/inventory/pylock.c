/*
 * pylock.c - the standard Python lock file, pylock.toml and
 * pylock.<name>.toml (PEP 751, lock-version 1.0;
 * https://packaging.python.org/en/latest/specifications/pylock-toml/).
 *
 *   lock-version = "1.0"
 *   [[packages]]
 *   name = "attrs"  version = "25.1.0"            (version optional for VCS/directory)
 *   marker = "'dev' in dependency_groups"         (optional)
 *   dependencies = [{name = "x"}, ...]            (optional, informational)
 *   index = URL
 *   sdist = {url, hashes = {sha256 = "..."}}   wheels = [{url, hashes}]
 *   [packages.vcs] type, url, commit-id   [packages.archive] url, hashes
 *   [packages.directory] path
 *
 * A marker that tests dependency_groups makes the package dev, one that
 * tests extras optional.  The root and direct dependencies come from the
 * pyproject.toml next to the file (else packages nothing depends on).
 */
#include "inventory/python.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"

static int hashes(cw__inv_source *src, size_t comp, const cw_toml_value *h)
{
	static const struct { const char *key, *name; } algos[] = {
		{ "sha256", "SHA-256" }, { "sha384", "SHA-384" }, { "sha512", "SHA-512" }, { "sha1", "SHA-1" },
	};
	int error;
	for (size_t a = 0; a < sizeof(algos) / sizeof(algos[0]); a++)
		if ((error = cw__lang_add_hash(src, comp, algos[a].name, cw__lang_tstr(cw__toml_get(h, algos[a].key)))) < 0)
			return error;
	return 0;
}

static bool contains(cw_slice s, const char *word)
{
	size_t n = strlen(word);
	for (size_t i = 0; i + n <= s.len; i++)
		if (!memcmp(s.ptr + i, word, n))
			return true;
	return false;
}

int cw__extract_pylock(cw__inv_source *src)
{
	const cw_toml_value *doc, *lv;
	cw__py_lock l;
	int error;

	if ((error = cw__lang_toml(src, &doc)) < 0)
		return error;
	lv = cw__toml_get(doc, "lock-version");
	if (!lv)
		return cw__error_set_at(CW_EINVALID, src->path, 1, 1, "no lock-version: not a PEP 751 lock file");
	if (!cw__slice_starts_with(cw__lang_tstr(lv), CW_SLICE("1.")))
		return cw__error_set_at(CW_EUNSUPPORTED, src->path, lv->line, lv->col, "lock-version %s not supported (1.x)",
		                        cw__lang_tstr(lv).len ? cw__lang_tstr(lv).ptr : "?");
	if ((error = cw__py_lock_begin(&l, src, doc, "packages")) < 0)
		goto done;
	for (size_t i = 0; i < l.n; i++) {
		const cw_toml_value *p = cw__toml_array_at(l.pkgs, i), *wheels, *t;
		cw__comp_spec spec;
		cw_slice marker = cw__lang_tstr(cw__toml_get(p, "marker"));
		if ((error = cw__py_package_spec(&spec, src, p, "packages")) < 0)
			goto done;
		if (contains(marker, "dependency_groups")) {
			spec.scope = CW_SCOPE_DEV;
			spec.scope_set = true;
		} else if (contains(marker, "extras")) {
			spec.scope = CW_SCOPE_OPTIONAL;
			spec.scope_set = true;
		}
		if ((t = cw__toml_get(p, "vcs")) != NULL)
			spec.resolved = cw__lang_tstr(cw__toml_get(t, "url"));
		else if ((t = cw__toml_get(p, "archive")) != NULL)
			spec.resolved = cw__lang_tstr(cw__toml_get(t, "url"));
		else if ((t = cw__toml_get(p, "directory")) != NULL)
			spec.resolved = cw__lang_tstr(cw__toml_get(t, "path"));
		else
			spec.resolved = cw__lang_tstr(cw__toml_get(cw__toml_get(p, "sdist"), "url"));
		if ((error = cw__inv_add(src, &spec, &l.comp[i])) < 0 ||
		    (error = cw__lang_index_put(&l.ix, spec.name, spec.version, l.comp[i])) < 0)
			goto done;
		if ((error = hashes(src, l.comp[i], cw__toml_get(cw__toml_get(p, "sdist"), "hashes"))) < 0 ||
		    (error = hashes(src, l.comp[i], cw__toml_get(cw__toml_get(p, "archive"), "hashes"))) < 0)
			goto done;
		wheels = cw__toml_get(p, "wheels");
		for (size_t w = 0; w < cw__toml_array_len(wheels); w++)
			if ((error = hashes(src, l.comp[i], cw__toml_get(cw__toml_array_at(wheels, w), "hashes"))) < 0)
				goto done;
	}
	for (size_t i = 0; i < l.n; i++) {
		const cw_toml_value *deps = cw__toml_get(cw__toml_array_at(l.pkgs, i), "dependencies");
		for (size_t d = 0; d < cw__toml_array_len(deps); d++) {
			const cw_toml_value *dv = cw__toml_array_at(deps, d);
			cw_slice name = cw__lang_tstr(cw__toml_get(dv, "name"));
			size_t c = cw__lang_index_find(&l.ix, name, cw__lang_tstr(cw__toml_get(dv, "version")));
			if ((error = cw__lang_edge_if_found(src, l.comp[i], c, CW_SCOPE_REQUIRED)) < 0)
				goto done;
		}
	}
done:
	return cw__py_lock_finish(&l, src, error);
}
