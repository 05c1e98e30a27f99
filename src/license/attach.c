/*
 * attach.c - giving the license files found in a tree to the inventory's
 * components that ship them.
 *
 * A file whose folder has package metadata (files.c, pkgmeta.c) names a
 * package: it goes to the components of the same ecosystem and name
 * (Python names compared per PEP 503) and, when both sides know it, the
 * same version; among several, those whose own manifest sits in the
 * file's package folder (installed packages) are preferred.  A file
 * outside any package belongs to the project: it goes to the root
 * components of lockfiles and manifests in the same folder.
 */
#include "license/files.h"
#include "chainwarden/inventory.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/map.h"
#include "util/str.h"
#include "util/vec.h"

typedef CW_VEC(size_t) index_vec;

/* "ecosystem\nname" with the name in its comparable form. */
static int name_key(cw_buf *out, const char *ecosystem, const char *name)
{
	cw__buf_clear(out);
	cw__buf_printf(out, "%s\n", ecosystem);
	if (strcmp(ecosystem, "pypi") == 0) {
		/* PEP 503: lowercase, runs of -_. are one - */
		bool sep = false;
		for (const char *p = name; *p; p++) {
			if (*p == '-' || *p == '_' || *p == '.') {
				sep = true;
				continue;
			}
			if (sep)
				cw__buf_putc(out, '-');
			sep = false;
			cw__buf_putc(out, cw_to_lower(*p));
		}
	} else if (strcmp(ecosystem, "composer") == 0) {
		for (const char *p = name; *p; p++)
			cw__buf_putc(out, cw_to_lower(*p));
	} else {
		cw__buf_puts(out, name);
	}
	return cw__buf_grow(out, 0);
}

static bool same_dir(const char *file, const char *dir)
{
	const char *slash = file ? strrchr(file, '/') : NULL;
	size_t n = strlen(dir);
	if (!slash)
		return strcmp(dir, ".") == 0 && file;
	return (size_t)(slash - file) == n && strncmp(file, dir, n) == 0;
}

static bool is_notice_file(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	return strncasecmp(base, "notice", 6) == 0;
}

static int give(cw_inventory *inv, size_t comp, const cw_license_file *f)
{
	int error = 0;
	/* A NOTICE file without a license is attribution only, not evidence. */
	if (f->match_count || !is_notice_file(f->path)) {
		cw_license_evidence ev = { f->expression, "file", f->path, f->confidence };
		if ((error = cw_inventory_add_license_evidence(inv, comp, &ev)) < 0)
			return error;
	}
	for (size_t i = 0; i < f->copyright_count && error == 0; i++)
		error = cw_inventory_add_copyright(inv, comp, f->copyrights[i],
		                                   strlen(f->copyrights[i]));
	return error;
}

int cw_license_files_attach(cw_inventory *inv, const cw_license_files *files, size_t *attached)
{
	size_t ncomp = cw_inventory_component_count(inv), nfiles = cw_license_files_count(files);
	size_t done_count = 0;
	cw_map by_name = CW_MAP_INIT;
	CW_VEC(index_vec *) lists = CW_VEC_INIT;
	CW_VEC(char *) keys = CW_VEC_INIT;
	cw_buf key = CW_BUF_INIT;
	int error = 0;

	if (attached)
		*attached = 0;
	for (size_t i = 0; i < ncomp && error == 0; i++) {
		const cw_component *c = cw_inventory_component(inv, i);
		index_vec *list;
		char *k;
		if (!c->ecosystem || !c->name || (error = name_key(&key, c->ecosystem, c->name)) < 0)
			continue;
		if (!(list = cw__map_get(&by_name, key.ptr, key.len))) {
			if (!(k = strndup(key.ptr, key.len)) || !(list = calloc(1, sizeof(*list)))) {
				free(k);
				error = cw__error_oom();
				break;
			}
			if ((error = cw_vec_push(&keys, k)) < 0) {
				free(k);
				free(list);
				break;
			}
			if ((error = cw_vec_push(&lists, list)) < 0) {
				free(list);
				break;
			}
			if ((error = cw__map_put(&by_name, k, key.len, list, NULL)) < 0)
				break;
		}
		error = cw_vec_push(list, i);
	}
	for (size_t fi = 0; fi < nfiles && error == 0; fi++) {
		const cw_license_file *f = cw_license_files_get(files, fi);
		bool any = false;
		if (f->skipped)
			continue;
		if (f->component != SIZE_MAX) {
			if (f->component < ncomp) {
				error = give(inv, f->component, f);
				any = true;
			}
		} else if (!f->ecosystem) {
			for (size_t i = 0; i < ncomp && error == 0; i++) {
				const cw_component *c = cw_inventory_component(inv, i);
				if (c->kind != CW_COMPONENT_LIBRARY && same_dir(c->file, f->package_dir)) {
					error = give(inv, i, f);
					any = true;
				}
			}
		} else {
			index_vec *list;
			size_t exact = 0, here = 0;
			if ((error = name_key(&key, f->ecosystem, f->name)) < 0)
				break;
			if (!(list = cw__map_get(&by_name, key.ptr, key.len)))
				continue;
			for (size_t k = 0; k < list->len; k++) {
				const cw_component *c = cw_inventory_component(inv, list->items[k]);
				exact += f->version && c->version && strcmp(f->version, c->version) == 0;
				here += same_dir(c->file, f->package_dir);
			}
			/* the same version; else the package installed right here;
			 * else whatever does not say its version */
			for (size_t k = 0; k < list->len && error == 0; k++) {
				const cw_component *c = cw_inventory_component(inv, list->items[k]);
				bool ok = exact ? f->version && c->version && strcmp(f->version, c->version) == 0
				        : here ? same_dir(c->file, f->package_dir)
				        : !f->version || !c->version;
				if (ok) {
					error = give(inv, list->items[k], f);
					any = true;
				}
			}
		}
		done_count += any;
	}
	for (size_t i = 0; i < lists.len; i++) {
		cw_vec_free(lists.items[i]);
		free(lists.items[i]);
	}
	for (size_t i = 0; i < keys.len; i++)
		free(keys.items[i]);
	cw_vec_free(&lists);
	cw_vec_free(&keys);
	cw__map_free(&by_name);
	cw__buf_free(&key);
	if (error == 0 && attached)
		*attached = done_count;
	return error;
}
