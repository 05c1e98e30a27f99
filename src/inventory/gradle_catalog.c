/*
 * gradle_catalog.c - gradle/libs.versions.toml, a Gradle version catalog
 * (https://docs.gradle.org/current/userguide/platforms.html#sub:conventional-dependencies-toml).
 *
 *   [versions]   groovy = "3.0.5"  |  x = { strictly = "[1,2[", prefer = "1.5" }
 *   [libraries]  a = "g:artifact:1.0"
 *                b = { module = "g:artifact", version.ref = "groovy" }
 *                c = { group = "g", name = "artifact", version = "1.0" }
 *                d = { module = "g:artifact", version = { require = "1.+" } }
 *   [plugins]    p = { id = "org.x.plugin", version.ref = "..." }
 *   [bundles]    (lists of library aliases: nothing new)
 *
 * A catalog declares what build scripts may use: each library is a direct
 * declared dependency of the root; rich versions (strictly / require /
 * prefer, ranges, dynamic "1.+") are kept as declared, not as a version.
 * Plugins are build tooling: listed as dev components named by their
 * plugin id with the marker artifact "<id>.gradle.plugin".  A catalog in a
 * project with a gradle.lockfile (in the catalog's parent directory) adds
 * nothing: the lockfile has the resolved versions.
 */
#include "inventory/lang_more.h"

#include <string.h>

#include "toml/toml.h"
#include "util/error.h"

static bool is_plain(const char *v)
{
	return v && *v && !strpbrk(v, "[]()+,*") && !strstr(v, "latest.");
}

/* A version value: a string, a table with ref / strictly / require / prefer. */
static void version_of(const cw_toml_value *versions, const cw_toml_value *v, const char **plain, const char **declared)
{
	*plain = *declared = NULL;
	if (!v)
		return;
	if (v->type == CW_TOML_STRING) {
		const char *s = cw__toml_str(v, NULL);
		if (is_plain(s))
			*plain = s;
		else
			*declared = s;
		return;
	}
	if (v->type != CW_TOML_TABLE)
		return;
	const char *ref = cw__toml_get_str(v, "ref");
	if (ref) {
		version_of(versions, cw__toml_get(versions, ref), plain, declared);
		return;
	}
	const char *strictly = cw__toml_get_str(v, "strictly"), *require = cw__toml_get_str(v, "require");
	const char *prefer = cw__toml_get_str(v, "prefer");
	if (strictly && is_plain(strictly))
		*plain = strictly;
	else
		*declared = strictly ? strictly : require ? require : prefer;
}

static int add(cw__inv_source *src, size_t root, const char *group, const char *artifact, const char *plain,
               const char *declared, size_t line, cw_scope scope)
{
	cw__comp_spec spec;
	size_t idx;
	int error;
	char *name = cw__arena_printf(&src->inv->arena, "%s:%s", group, artifact);
	if (!name)
		return cw_error_last()->code;
	spec = (cw__comp_spec){ .ecosystem = "maven", .name = cw_slice_of(name) };
	spec.version = plain ? cw_slice_of(plain) : (cw_slice){ NULL, 0 };
	spec.declared = declared ? cw_slice_of(declared) : (cw_slice){ NULL, 0 };
	spec.line = line;
	spec.scope = scope;
	spec.scope_set = true;
	if ((error = cw__inv_add(src, &spec, &idx)) < 0)
		return error;
	return cw__inv_edge(src, root, idx, scope);
}

int cw__extract_gradle_catalog(cw__inv_source *src)
{
	cw_arena arena = { 0 };
	const cw_toml_value *doc = NULL;
	size_t root;
	int error;

	if ((error = cw__toml_parse(&doc, &arena, src->data, src->len, src->path)) < 0)
		goto done;
	/* gradle/libs.versions.toml of a project whose gradle.lockfile has the resolved versions */
	if (cw__lang_sibling_exists(src, "../gradle.lockfile"))
		goto done;
	if ((error = cw__lang_file_root(src, "maven", &root)) < 0)
		goto done;
	const cw_toml_value *versions = cw__toml_get(doc, "versions");
	const cw_toml_value *libs = cw__toml_get(doc, "libraries"), *plugins = cw__toml_get(doc, "plugins");
	for (size_t i = 0; i < cw__toml_table_len(libs); i++) {
		const cw_toml_entry *e = cw__toml_table_at(libs, i);
		const cw_toml_value *v = e->value;
		const char *plain = NULL, *declared = NULL;
		char group[512], artifact[512];
		if (v->type == CW_TOML_STRING) {
			/* "group:artifact:version" or "group:artifact" */
			const char *s = cw__toml_str(v, NULL), *c1 = strchr(s, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
			if (!c1 || c1 == s || (size_t)(c1 - s) >= sizeof(group)) {
				error = cw__error_set_at(CW_EINVALID, src->path, v->line, v->col,
				                         "library \"%s\": expected \"group:artifact:version\"", e->key);
				goto done;
			}
			snprintf(group, sizeof(group), "%.*s", (int)(c1 - s), s);
			snprintf(artifact, sizeof(artifact), "%.*s", (int)(c2 ? (size_t)(c2 - c1 - 1) : strlen(c1 + 1)), c1 + 1);
			if (c2 && is_plain(c2 + 1))
				plain = c2 + 1;
			else if (c2)
				declared = c2 + 1;
		} else if (v->type == CW_TOML_TABLE) {
			const char *module = cw__toml_get_str(v, "module");
			const char *g = cw__toml_get_str(v, "group"), *n = cw__toml_get_str(v, "name");
			const char *c1 = module ? strchr(module, ':') : NULL;
			if (c1 && c1 != module && c1[1]) {
				snprintf(group, sizeof(group), "%.*s", (int)(c1 - module), module);
				snprintf(artifact, sizeof(artifact), "%s", c1 + 1);
			} else if (g && *g && n && *n) {
				snprintf(group, sizeof(group), "%s", g);
				snprintf(artifact, sizeof(artifact), "%s", n);
			} else {
				error = cw__error_set_at(CW_EINVALID, src->path, v->line, v->col,
				                         "library \"%s\": expected module = \"group:artifact\" or group and name", e->key);
				goto done;
			}
			version_of(versions, cw__toml_get(v, "version"), &plain, &declared);
		} else {
			error = cw__error_set_at(CW_EINVALID, src->path, v->line, v->col, "library \"%s\": expected a string or a table", e->key);
			goto done;
		}
		if ((error = add(src, root, group, artifact, plain, declared, v->line, CW_SCOPE_REQUIRED)) < 0)
			goto done;
	}
	for (size_t i = 0; i < cw__toml_table_len(plugins); i++) {
		const cw_toml_value *v = cw__toml_table_at(plugins, i)->value;
		const char *plain = NULL, *declared = NULL, *id = NULL;
		char artifact[600];
		if (v->type == CW_TOML_STRING) {
			/* "id:version" */
			const char *s = cw__toml_str(v, NULL), *c = strchr(s, ':');
			char idbuf[512];
			if (!c || c == s || (size_t)(c - s) >= sizeof(idbuf))
				continue;
			snprintf(idbuf, sizeof(idbuf), "%.*s", (int)(c - s), s);
			snprintf(artifact, sizeof(artifact), "%s.gradle.plugin", idbuf);
			if ((error = add(src, root, idbuf, artifact, is_plain(c + 1) ? c + 1 : NULL,
			                 is_plain(c + 1) ? NULL : c + 1, v->line, CW_SCOPE_DEV)) < 0)
				goto done;
			continue;
		}
		if (!(id = cw__toml_get_str(v, "id")) || !*id)
			continue;
		version_of(versions, cw__toml_get(v, "version"), &plain, &declared);
		snprintf(artifact, sizeof(artifact), "%s.gradle.plugin", id);
		if ((error = add(src, root, id, artifact, plain, declared, v->line, CW_SCOPE_DEV)) < 0)
			goto done;
	}
done:
	cw__arena_free(&arena);
	return error;
}
