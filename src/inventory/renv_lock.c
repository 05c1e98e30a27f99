/*
 * renv_lock.c - R's renv.lock (renv 0.x-1.x, https://rstudio.github.io/renv/articles/lockfile.html).
 *
 *   { "R": {"Version": "4.3.1", "Repositories": [{"Name": "CRAN", "URL": "https://..."}]},
 *     "Packages": { "dplyr": { "Package": "dplyr", "Version": "1.1.2", "Source": "Repository",
 *                              "Repository": "CRAN", "Hash": "<md5>",
 *                              "Requirements": ["cli", "generics"] } } }
 *
 * Components: every package (purl cran); the repository's URL as resolved
 * location for Source "Repository"; GitHub/GitLab packages
 * ("RemoteUsername"/"RemoteRepo"/"RemoteSha") get "<user>/<repo>@<sha>".
 * "Hash" is renv's MD5 of the DESCRIPTION file, not an artifact digest: not
 * kept.  Edges from "Requirements" (renv >= 0.15); packages no other
 * package requires are taken as the project's direct dependencies.
 */
#include "inventory/lang_more.h"

#include <string.h>

#include "util/error.h"

int cw__extract_renv_lock(cw__inv_source *src)
{
	cw_arena *arena = &src->inv->arena;
	cw_map by_name = { 0 };
	cw_json *doc = NULL;
	cw__line_cursor cur;
	bool *has_parent = NULL;
	const char *key;
	json_t *p, *pkgs;
	size_t root, i;
	int error;

	cw__line_cursor_init(&cur, src);
	if ((error = cw__lang_json_object(src, &doc, "Packages", &pkgs)) < 0 ||
	    (error = cw__lang_file_root(src, "cran", &root)) < 0)
		goto done;
	json_t *repos = json_object_get(json_object_get(doc, "R"), "Repositories");
	cw__line_cursor_find_json(&cur, "Packages");
	json_object_foreach(pkgs, key, p) {
		const char *name = cw__json_get_str(p, "Package"), *version = cw__json_get_str(p, "Version");
		const char *source = cw__json_get_str(p, "Source"), *repo = cw__json_get_str(p, "Repository");
		cw__comp_spec spec;
		size_t idx;
		spec = (cw__comp_spec){ .line = cw__line_cursor_find_object_key(&cur, key) };
		if (!name)
			name = key;
		if (!version || !*version) {
			error = cw__error_set_at(CW_EINVALID, src->path, spec.line, 0, "package \"%s\" without \"Version\"", key);
			goto done;
		}
		spec.ecosystem = "cran";
		spec.name = cw_slice_of(name);
		spec.version = cw_slice_of(version);
		if (source && !strcmp(source, "Repository") && repo) {
			json_t *r;
			json_array_foreach(repos, i, r) {
				const char *rn = cw__json_get_str(r, "Name"), *url = cw__json_get_str(r, "URL");
				if (rn && url && !strcmp(rn, repo))
					spec.resolved = cw_slice_of(url);
			}
		} else {
			const char *user = cw__json_get_str(p, "RemoteUsername"), *rrepo = cw__json_get_str(p, "RemoteRepo");
			const char *sha = cw__json_get_str(p, "RemoteSha");
			if (user && rrepo) {
				char *res = cw__arena_printf(arena, "%s/%s%s%s", user, rrepo, sha ? "@" : "", sha ? sha : "");
				if (!res) {
					error = cw_error_last()->code;
					goto done;
				}
				spec.resolved = cw_slice_of(res);
			}
		}
		if ((error = cw__inv_add(src, &spec, &idx)) < 0 ||
		    (error = cw__map_put(&by_name, key, strlen(key), (void *)(uintptr_t)(idx + 1), NULL)) < 0)
			goto done;
	}
	if (!(has_parent = cw__arena_calloc(arena, cw_inventory_component_count(src->inv) - root + 1, sizeof(bool)))) {
		error = cw_error_last()->code;
		goto done;
	}
	json_object_foreach(pkgs, key, p) {
		size_t from = (uintptr_t)cw__map_get(&by_name, key, strlen(key)) - 1;
		json_t *r;
		json_array_foreach(json_object_get(p, "Requirements"), i, r) {
			const char *rn = json_string_value(r);
			uintptr_t to = rn ? (uintptr_t)cw__map_get(&by_name, rn, strlen(rn)) : 0;
			if (!to)
				continue;   /* base R packages (utils, stats...) are not in the lockfile */
			if ((error = cw__inv_edge(src, from, to - 1, CW_SCOPE_REQUIRED)) < 0)
				goto done;
			has_parent[to - 1 - root] = true;
		}
	}
	json_object_foreach(pkgs, key, p) {
		size_t c = (uintptr_t)cw__map_get(&by_name, key, strlen(key)) - 1;
		if (!has_parent[c - root] && (error = cw__inv_edge(src, root, c, CW_SCOPE_REQUIRED)) < 0)
			goto done;
	}
	cw__inv_derive_scopes(src);
done:
	cw__map_free(&by_name);
	cw__json_free(doc);
	return error;
}
