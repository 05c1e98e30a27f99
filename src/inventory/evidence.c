/*
 * evidence.c - licenses and copyright notices found in a component's own
 * files (license files identified by the license module, DEP-5 copyright
 * files of Debian packages), kept beside the declared license.
 *
 * The arrays live in the inventory's arena and grow by doubling (the old
 * block stays in the arena until the inventory is freed; counts are small).
 * Both are capped so that a package shipping thousands of license files
 * cannot grow a component without bound.
 */
#include "inventory/inventory.h"

#include <string.h>

#include "util/error.h"

#define MAX_FOUND_LICENSES 64
#define MAX_COPYRIGHTS 256
#define MAX_COPYRIGHT_LEN 400

/* Room for one more element in an arena array of `count` elements. */
static void *grow(cw_arena *arena, const void *items, size_t count, size_t size)
{
	void *bigger;
	/* capacity is the next power of two >= count; full when count is one */
	if (count && (count & (count - 1)) != 0)
		return (void *)items;
	if (!(bigger = cw__arena_alloc(arena, (count ? count * 2 : 2) * size)))
		return NULL;
	if (count)
		memcpy(bigger, items, count * size);
	return bigger;
}

int cw_inventory_add_license_evidence(cw_inventory *inv, size_t component,
                                      const cw_license_evidence *ev)
{
	cw__comp *c;
	cw_license_evidence *items, *e;
	size_t n;

	if (component >= inv->comps.len || !ev || !ev->expression)
		return cw__error_set(CW_EUSAGE, "cw_inventory_add_license_evidence: bad arguments");
	c = inv->comps.items[component];
	n = c->pub.found_license_count;
	for (size_t i = 0; i < n; i++) {
		const cw_license_evidence *o = &c->pub.found_licenses[i];
		if (strcmp(o->expression, ev->expression) == 0 &&
		    strcmp(o->path ? o->path : "", ev->path ? ev->path : "") == 0)
			return 0;
	}
	if (n >= MAX_FOUND_LICENSES)
		return 0;
	if (!(items = grow(&inv->arena, c->pub.found_licenses, n, sizeof(*items))))
		return cw_error_last()->code;
	e = &items[n];
	e->expression = cw__arena_strdup(&inv->arena, ev->expression);
	e->source = cw__arena_strdup(&inv->arena, ev->source ? ev->source : "file");
	e->path = ev->path ? cw__arena_strdup(&inv->arena, ev->path) : NULL;
	e->confidence = ev->confidence;
	if (!e->expression || !e->source || (ev->path && !e->path))
		return cw_error_last()->code;
	c->pub.found_licenses = items;
	c->pub.found_license_count = n + 1;
	return 0;
}

int cw_inventory_add_copyright(cw_inventory *inv, size_t component, const char *notice,
                               size_t len)
{
	cw__comp *c;
	const char **items;
	size_t n;

	if (component >= inv->comps.len || !notice)
		return cw__error_set(CW_EUSAGE, "cw_inventory_add_copyright: bad arguments");
	c = inv->comps.items[component];
	n = c->pub.copyright_count;
	if (len > MAX_COPYRIGHT_LEN)
		len = MAX_COPYRIGHT_LEN;
	if (!len || n >= MAX_COPYRIGHTS)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (strlen(c->pub.copyrights[i]) == len && memcmp(c->pub.copyrights[i], notice, len) == 0)
			return 0;
	if (!(items = grow(&inv->arena, (const void *)c->pub.copyrights, n, sizeof(*items))) ||
	    !(items[n] = cw__arena_strndup(&inv->arena, notice, len)))
		return cw_error_last()->code;
	c->pub.copyrights = items;
	c->pub.copyright_count = n + 1;
	return 0;
}

/* All kept license texts of one inventory, at most (an image with thousands
 * of packages holds a few MiB of them). */
#define MAX_LICENSE_BYTES ((size_t)64 << 20)

int cw__inv_keep_license_file(cw_inventory *inv, size_t component, const char *path,
                              const char *text, size_t len)
{
	cw_inventory_license_file *items, *f;
	size_t n = inv->license_file_count;
	if (inv->license_bytes + len > MAX_LICENSE_BYTES)
		return 0;
	if (!(items = grow(&inv->arena, inv->license_files, n, sizeof(*items))))
		return cw_error_last()->code;
	f = &items[n];
	f->component = component;
	f->len = len;
	if (!(f->path = cw__arena_strdup(&inv->arena, path)) ||
	    !(f->text = cw__arena_strndup(&inv->arena, text, len)))
		return cw_error_last()->code;
	inv->license_files = items;
	inv->license_file_count = n + 1;
	inv->license_bytes += len;
	return 0;
}

size_t cw_inventory_license_file_count(const cw_inventory *inv)
{
	return inv->license_file_count;
}

const cw_inventory_license_file *cw_inventory_license_file_get(const cw_inventory *inv, size_t i)
{
	return i < inv->license_file_count ? &inv->license_files[i] : NULL;
}
