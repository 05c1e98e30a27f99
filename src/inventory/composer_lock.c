/*
 * composer_lock.c - PHP Composer's composer.lock
 * (https://getcomposer.org/doc/01-basic-usage.md#commit-your-composer-lock-file-to-version-control).
 *
 * `packages` are installed for production, `packages-dev` only with dev
 * (scope dev).  Each entry: name ("vendor/package"), version, source
 * {type,url,reference}, dist {type,url,reference,shasum (sha1, often "")},
 * require / require-dev (name -> constraint), license (an array of SPDX ids,
 * joined with OR).  Platform requirements (php, ext-*, lib-*, composer*)
 * are not packages.  Direct dependencies come from the composer.json next
 * to the lockfile when there is one (its require / require-dev); without
 * it every locked package hangs off the root.
 */
#include "inventory/lang_more.h"

#include <string.h>

#include "util/error.h"

/* php, ext-json, lib-icu, composer-plugin-api...: no vendor, not a package. */
static bool is_platform(const char *name)
{
	return strchr(name, '/') == NULL;
}

typedef struct {
	cw__inv_source *src;
	cw_map by_name;        /* name -> index + 1 */
	cw__line_cursor cur;
} cctx;

static int add_section(cctx *c, json_t *arr, cw_scope scope)
{
	size_t i;
	json_t *p;
	int error;

	if (!arr)
		return 0;
	if (!json_is_array(arr))
		return cw__error_set_at(CW_EINVALID, c->src->path, 1, 0, "\"packages\" must be an array");
	json_array_foreach(arr, i, p) {
		const char *name = cw__json_get_str(p, "name"), *version = cw__json_get_str(p, "version");
		json_t *dist = json_object_get(p, "dist"), *source = json_object_get(p, "source");
		json_t *lic = json_object_get(p, "license");
		cw__comp_spec spec;
		cw_buf license = { 0 };
		size_t idx;

		if (!name || !*name)
			return cw__error_set_at(CW_EINVALID, c->src->path, c->cur.line, 0, "package without a name");
		spec = (cw__comp_spec){ .ecosystem = "composer", .name = cw_slice_of(name) };
		spec.version = version ? cw_slice_of(version) : (cw_slice){ NULL, 0 };
		spec.scope = scope;
		spec.scope_set = true;
		spec.line = cw__line_cursor_find_member(&c->cur, "name", name);
		const char *url = cw__json_get_str(dist, "url");
		if (!url || !*url)
			url = cw__json_get_str(source, "url");
		spec.resolved = url ? cw_slice_of(url) : (cw_slice){ NULL, 0 };
		const char *sha = cw__json_get_str(dist, "shasum");
		if (sha && *sha)
			spec.integrity = cw__lang_hex_sri(&c->src->inv->arena, "sha1", sha, strlen(sha));
		if (json_is_array(lic)) {
			size_t k;
			json_t *l;
			json_array_foreach(lic, k, l) {
				if (json_is_string(l) && ((license.len && cw__buf_puts(&license, " OR ") < 0) ||
				                          cw__buf_puts(&license, json_string_value(l)) < 0)) {
					cw__buf_free(&license);
					return cw_error_last()->code;
				}
			}
			spec.license = (cw_slice){ license.ptr, license.len };
		} else if (json_is_string(lic)) {
			spec.license = cw_slice_of(json_string_value(lic));
		}
		error = cw__inv_add(c->src, &spec, &idx);
		cw__buf_free(&license);
		if (error < 0)
			return error;
		if ((error = cw__lang_ci_put(&c->by_name, &c->src->inv->arena, name, idx)) < 0)
			return error;
	}
	return 0;
}

static size_t lookup(cctx *c, const char *name)
{
	return cw__lang_ci_get(&c->by_name, name);
}

static int require_edges(cctx *c, size_t from, json_t *req, cw_scope scope)
{
	const char *name;
	json_t *v;
	int error;
	json_object_foreach(req, name, v) {
		size_t to;
		(void)v;
		if (is_platform(name) || (to = lookup(c, name)) == SIZE_MAX)
			continue;
		if ((error = cw__inv_edge(c->src, from, to, scope)) < 0)
			return error;
	}
	return 0;
}

static int package_edges(cctx *c, json_t *arr)
{
	size_t i;
	json_t *p;
	int error;
	json_array_foreach(arr, i, p) {
		const char *name = cw__json_get_str(p, "name");
		size_t from = name ? lookup(c, name) : SIZE_MAX;
		if (from != SIZE_MAX && (error = require_edges(c, from, json_object_get(p, "require"), CW_SCOPE_REQUIRED)) < 0)
			return error;
	}
	return 0;
}

int cw__extract_composer_lock(cw__inv_source *src)
{
	cw_json *doc = NULL, *manifest = NULL;
	cw_buf mtext = { 0 };
	cctx c;
	size_t root;
	int error;

	memset(&c, 0, sizeof(c));
	c.src = src;
	cw__line_cursor_init(&c.cur, src);
	if ((error = cw__lang_json_object(src, &doc, NULL, NULL)) < 0)
		goto done;
	if (cw__inv_read_sibling(src, "composer.json", &mtext) == 0) {
		if (cw__json_parse(&manifest, mtext.ptr, mtext.len, "composer.json") < 0 || !json_is_object(manifest)) {
			cw__json_free(manifest);
			manifest = NULL;
		}
	}
	const char *pname = cw__json_get_str(manifest, "name");
	const char *pversion = cw__json_get_str(manifest, "version");
	if ((error = cw__lang_root_or_generic(src, "composer", pname ? cw_slice_of(pname) : (cw_slice){ NULL, 0 },
	                               pversion ? cw_slice_of(pversion) : (cw_slice){ NULL, 0 }, 1, &root)) < 0)
		goto done;
	json_t *prod = json_object_get(doc, "packages"), *dev = json_object_get(doc, "packages-dev");
	if ((error = add_section(&c, prod, CW_SCOPE_REQUIRED)) < 0 ||
	    (error = add_section(&c, dev, CW_SCOPE_DEV)) < 0 ||
	    (error = package_edges(&c, prod)) < 0 || (error = package_edges(&c, dev)) < 0)
		goto done;
	if (manifest) {
		if ((error = require_edges(&c, root, json_object_get(manifest, "require"), CW_SCOPE_REQUIRED)) < 0 ||
		    (error = require_edges(&c, root, json_object_get(manifest, "require-dev"), CW_SCOPE_DEV)) < 0)
			goto done;
	} else {
		for (size_t i = root + 1; i < cw_inventory_component_count(src->inv); i++)
			if ((error = cw__inv_edge(src, root, i, cw_inventory_component(src->inv, i)->scope)) < 0)
				goto done;
	}
done:
	cw__json_free(doc);
	cw__json_free(manifest);
	cw__buf_free(&mtext);
	cw__map_free(&c.by_name);
	return error;
}
