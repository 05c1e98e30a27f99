/*
 * sysdb.c - the table of system package databases, matched by their path
 * inside a root filesystem (var/lib/dpkg/status, lib/apk/db/installed,
 * rpmdb.sqlite), and the installed language packages found anywhere in it
 * (node_modules/NAME/package.json, *.dist-info/METADATA,
 * *.egg-info/PKG-INFO).  Kept apart from data/extractors.tsv because the project
 * walk matches base names, and "status" or "METADATA" mean nothing there.
 */
#include "inventory/inventory.h"
#include "inventory/lang_more.h"

#include <fnmatch.h>
#include <string.h>

#include "util/error.h"

const cw__sys_extractor cw__sys_extractors[] = {
	{ "var/lib/dpkg/status",                "status",       "dpkg status",       cw__extract_dpkg_status },
	{ "var/lib/dpkg/status.d/*",            NULL,           "dpkg status.d",     cw__extract_dpkg_status },
	{ "lib/apk/db/installed",               "installed",    "apk database",      cw__extract_apk_installed },
	{ "usr/lib/sysimage/rpm/rpmdb.sqlite",  "rpmdb.sqlite", "rpm database",      cw__extract_rpmdb_sqlite },
	{ "var/lib/rpm/rpmdb.sqlite",           "rpmdb.sqlite", "rpm database",      cw__extract_rpmdb_sqlite },
	{ "*/node_modules/*/package.json",      NULL,           "npm package",       cw__extract_npm_installed },
	{ "*.dist-info/METADATA",               NULL,           "python metadata",   cw__extract_python_metadata },
	{ "*.egg-info/PKG-INFO",                NULL,           "python metadata",   cw__extract_python_metadata },
	{ "*/specifications/*.gemspec",         NULL,           "ruby gem",          cw__extract_gemspec },
	{ "*.jar",                              NULL,           "java archive",      cw__extract_java_archive },
	{ "*.war",                              NULL,           "java archive",      cw__extract_java_archive },
	{ "*.ear",                              NULL,           "java archive",      cw__extract_java_archive },
};
const size_t cw__sys_extractor_count = sizeof(cw__sys_extractors) / sizeof(cw__sys_extractors[0]);

/* node_modules/NAME/package.json or node_modules/@scope/NAME/package.json
 * (at any depth): the package.json of an installed package, not one of the
 * files a package ships in its own subfolders. */
static bool npm_installed_path(const char *p)
{
	size_t n = strlen(p);
	static const char tail[] = "/package.json";
	if (n < sizeof(tail) || strcmp(p + n - (sizeof(tail) - 1), tail) != 0)
		return false;
	size_t end = n - (sizeof(tail) - 1);      /* end of the package dir */
	size_t s = end;
	while (s > 0 && p[s - 1] != '/')
		s--;                                  /* start of NAME */
	if (s == end)
		return false;
	if (s >= 2) {
		size_t t = s - 1;                     /* the '/' before NAME */
		size_t u = t;
		while (u > 0 && p[u - 1] != '/')
			u--;
		if (p[u] == '@') {                    /* scoped: NAME's parent is @scope */
			if (u == 0)
				return false;
			s = u;
		}
	}
	static const char nm[] = "node_modules/";
	size_t k = sizeof(nm) - 1;
	return s >= k && memcmp(p + s - k, nm, k) == 0 && (s == k || p[s - k - 1] == '/');
}

const cw__sys_extractor *cw__sys_extractor_for_path(const char *rel)
{
	for (size_t i = 0; i < cw__sys_extractor_count; i++) {
		const cw__sys_extractor *ex = &cw__sys_extractors[i];
		if (ex->extract == cw__extract_npm_installed) {
			if (npm_installed_path(rel))
				return ex;
			continue;
		}
		if (fnmatch(ex->path, rel, ex->path[0] == '*' ? 0 : FNM_PATHNAME) != 0)
			continue;
		if (ex->extract == cw__extract_dpkg_status && strstr(rel, "status.d/")) {
			size_t n = strlen(rel);
			if (n > 8 && !strcmp(rel + n - 8, ".md5sums"))
				continue;
		}
		if (ex->extract == cw__extract_gemspec) {
			/* specifications/NAME.gemspec or specifications/default/NAME.gemspec */
			const char *s = strstr(rel, "/specifications/");
			const char *last = strrchr(rel, '/');
			while (s && strstr(s + 1, "/specifications/"))
				s = strstr(s + 1, "/specifications/");
			if (!s || !(last == s + 15 || (last == s + 23 && !strncmp(s + 16, "default/", 8))))
				continue;
		}
		if (ex->extract == cw__extract_python_metadata) {
			/* The metadata file sits directly in the *-info directory. */
			const char *slash = strrchr(rel, '/');
			const char *info = slash ? slash - 1 : NULL;
			while (info && info > rel && info[-1] != '/')
				info--;
			if (!info || memchr(info, '/', (size_t)(slash - info)))
				continue;
		}
		return ex;
	}
	return NULL;
}

const cw__sys_extractor *cw__sys_extractor_for_name(const char *basename)
{
	for (size_t i = 0; i < cw__sys_extractor_count; i++)
		if (cw__sys_extractors[i].basename && !strcmp(cw__sys_extractors[i].basename, basename))
			return &cw__sys_extractors[i];
	return NULL;
}

int cw__sys_quals(cw_inventory *inv, cw_slice arch, cw_purl_qualifier *q, size_t *nq)
{
	if (arch.len) {
		q[*nq].key = "arch";
		if (!(q[(*nq)++].value = cw__arena_strndup(&inv->arena, arch.ptr, arch.len)))
			return cw_error_last()->code;
	}
	if (inv->sys.distro)
		q[*nq].key = "distro", q[(*nq)++].value = inv->sys.distro;
	return 0;
}

int cw__paragraphs_read(cw__inv_source *src, const cw__paragraph_reader *r, void *para, size_t size)
{
	cw__lines lines;
	cw_slice text;
	int error;
	memset(para, 0, size);
	cw__lines_init(&lines, src->data, src->len);
	while (cw__lines_next(&lines, &text)) {
		if (text.len && (!r->blank_spaces || cw__slice_trim(text).len)) {
			if ((error = r->line(src, para, text, lines.number)) < 0)
				return error;
			continue;
		}
		if ((error = r->end(src, para)) < 0)
			return error;
		memset(para, 0, size);
	}
	return r->end(src, para);
}

int cw__sys_require(const cw__inv_source *src, size_t line, cw_slice name, cw_slice version,
                    const char *no_name, const char *version_field)
{
	if (!name.len)
		return cw__error_set_at(CW_EINVALID, src->path, line, 0, "%s", no_name);
	if (!version.len)
		return cw__error_set_at(CW_EINVALID, src->path, line, 0, "package %.*s has no %s",
		                        (int)name.len, name.ptr, version_field);
	return 0;
}
