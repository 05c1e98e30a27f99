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

static int emit(cw__inv_source *src, const apk_pkg *p)
{
	cw_inventory *inv = src->inv;
	cw__comp_spec spec;
	cw_purl_qualifier q[2];
	size_t nq = 0, idx;

	if (!p->name.len)
		return cw__error_set_at(CW_EINVALID, src->path, p->line, 0, "package without a P: (name) line");
	if (!p->version.len)
		return cw__error_set_at(CW_EINVALID, src->path, p->line, 0, "package %.*s has no V: (version) line",
		                        (int)p->name.len, p->name.ptr);
	spec = (cw__comp_spec){ .ecosystem = "apk", .kind = CW_COMPONENT_LIBRARY, .name = p->name,
	                        .version = p->version, .arch = p->arch, .license = p->license,
	                        .source_name = p->origin.len ? p->origin : p->name,
	                        .source_version = p->version, .line = p->line, .scope_set = true,
	                        .ns = inv->sys.distro_ns ? inv->sys.distro_ns : "alpine" };
	if (p->arch.len) {
		q[nq].key = "arch";
		if (!(q[nq++].value = cw__arena_strndup(&inv->arena, p->arch.ptr, p->arch.len)))
			return cw_error_last()->code;
	}
	if (inv->sys.distro)
		q[nq].key = "distro", q[nq++].value = inv->sys.distro;
	spec.quals = q;
	spec.qual_count = nq;
	return cw__inv_add(src, &spec, &idx);
}

int cw__extract_apk_installed(cw__inv_source *src)
{
	const char *p = src->data, *end = src->data + src->len;
	size_t line = 1;
	apk_pkg pkg;
	int error;

	memset(&pkg, 0, sizeof(pkg));
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *le = eol ? eol : end;
		const char *next = eol ? eol + 1 : end;
		if (le > p && le[-1] == '\r')
			le--;
		if (le == p) {
			if (pkg.any && (error = emit(src, &pkg)) < 0)
				return error;
			memset(&pkg, 0, sizeof(pkg));
		} else {
			if (le - p < 2 || p[1] != ':')
				return cw__error_set_at(CW_EINVALID, src->path, line, 1,
				                        "expected 'K:value' (one-letter key and a colon)");
			cw_slice v = { p + 2, (size_t)(le - p - 2) };
			if (!pkg.any)
				pkg.line = line;
			pkg.any = true;
			switch (p[0]) {
			case 'P': pkg.name = v; break;
			case 'V': pkg.version = v; break;
			case 'A': pkg.arch = v; break;
			case 'o': pkg.origin = v; break;
			case 'L': pkg.license = v; break;
			default: break;
			}
		}
		p = next;
		line++;
	}
	if (pkg.any && (error = emit(src, &pkg)) < 0)
		return error;
	return 0;
}
