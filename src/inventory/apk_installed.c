/*
 * apk_installed.c - Alpine's (and Wolfi's) package database,
 * lib/apk/db/installed.
 *
 * Format (apk-tools 2.x, "apk database" in the Alpine wiki's apk spec):
 * one paragraph per package separated by blank lines, each line a
 * one-letter key, a colon and the value.  Read here: P name, V version,
 * A architecture, o origin (the source package, the unit of Alpine's
 * security database), L license.  File entries (F, R, a, Z, ...) are
 * skipped.
 */
#include "inventory/inventory.h"

#include <string.h>

#include "util/error.h"

typedef struct {
	cw_slice name, version, arch, origin, license;
	size_t line;
	bool any;
} apk_pkg;

/* The package of a paragraph (none for an empty one). */
static int emit(cw__inv_source *src, const void *para)
{
	const apk_pkg *p = para;
	cw_inventory *inv = src->inv;
	cw_purl_qualifier q[2];
	size_t nq = 0, idx;

	if (!p->any)
		return 0;
	int error = cw__sys_require(src, p->line, p->name, p->version, "package without a P: (name) line",
	                            "V: (version) line");
	if (error < 0)
		return error;
	cw__comp_spec spec = { .ecosystem = "apk", .kind = CW_COMPONENT_LIBRARY, .name = p->name,
	                       .version = p->version, .arch = p->arch, .license = p->license,
	                       .source_name = p->origin.len ? p->origin : p->name,
	                       .source_version = p->version, .line = p->line, .scope_set = true,
	                       .ns = inv->sys.distro_ns ? inv->sys.distro_ns : "alpine" };
	if ((error = cw__sys_quals(inv, p->arch, q, &nq)) < 0)
		return error;
	spec.quals = q;
	spec.qual_count = nq;
	return cw__inv_add(src, &spec, &idx);
}

/* "K:value" */
static int apk_line(cw__inv_source *src, void *para, cw_slice text, size_t line)
{
	apk_pkg *pkg = para;
	const char *p = text.ptr;
	if (text.len < 2 || p[1] != ':')
		return cw__error_set_at(CW_EINVALID, src->path, line, 1,
		                        "expected 'K:value' (one-letter key and a colon)");
	cw_slice v = { p + 2, text.len - 2 };
	if (!pkg->any)
		pkg->line = line;
	pkg->any = true;
	switch (p[0]) {
	case 'P': pkg->name = v; break;
	case 'V': pkg->version = v; break;
	case 'A': pkg->arch = v; break;
	case 'o': pkg->origin = v; break;
	case 'L': pkg->license = v; break;
	default: break;
	}
	return 0;
}

int cw__extract_apk_installed(cw__inv_source *src)
{
	static const cw__paragraph_reader reader = { false, apk_line, emit };
	apk_pkg pkg;
	return cw__paragraphs_read(src, &reader, &pkg, sizeof(pkg));
}
