/*
 * os_release.c - distribution detection from os-release(5)
 * (etc/os-release, else usr/lib/os-release): ID, VERSION_ID,
 * VERSION_CODENAME, ID_LIKE, PRETTY_NAME, and the purl namespace and
 * "distro" qualifier that OS package purls carry
 * (pkg:deb/debian/openssl@3.0.11-1?arch=amd64&distro=debian-12).
 *
 * Format: KEY=value lines, values optionally in single or double quotes
 * (double quotes honour backslash escapes), '#' comments (systemd's
 * os-release(5) man page).  Known IDs: debian, ubuntu, alpine, wolfi,
 * chainguard, rhel, centos, rocky, almalinux, fedora, ol, amzn,
 * opensuse-leap, opensuse-tumbleweed, sles, sle-micro; others fall back
 * to their ID as the namespace.
 */
#include "inventory/inventory.h"

#include <string.h>

#include "util/error.h"

/* The purl namespaces that are not the os-release ID itself; every other ID
 * (debian, ubuntu, alpine, wolfi, chainguard, centos, rocky, almalinux,
 * fedora, opensuse, and any unknown one) is its own namespace. */
static const struct {
	const char *ns;
	const char *ids[2];
} renamed[] = {
	{ "redhat", { "rhel" } },
	{ "oracle", { "ol" } },
	{ "amazon", { "amzn" } },
	{ "opensuse", { "opensuse-leap", "opensuse-tumbleweed" } },
	{ "suse", { "sles", "sle-micro" } },
};

/* Unquote a value into the arena. */
static char *unquote(cw_arena *arena, cw_slice v)
{
	char *out, *o;
	if (v.len >= 2 && (v.ptr[0] == '"' || v.ptr[0] == '\'') && v.ptr[v.len - 1] == v.ptr[0]) {
		char q = v.ptr[0];
		v.ptr++;
		v.len -= 2;
		if (!(o = out = cw__arena_alloc(arena, v.len + 1)))
			return NULL;
		for (size_t i = 0; i < v.len; i++) {
			if (q == '"' && v.ptr[i] == '\\' && i + 1 < v.len)
				i++;
			*o++ = v.ptr[i];
		}
		*o = '\0';
		return out;
	}
	return cw__arena_strndup(arena, v.ptr, v.len);
}

int cw__os_release_parse(cw__os_release *out, cw_arena *arena, const char *path,
                         const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	size_t line = 1;

	memset(out, 0, sizeof(*out));
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *le = eol ? eol : end;
		cw_slice l = cw__slice_trim((cw_slice){ p, (size_t)(le - p) });
		p = eol ? eol + 1 : end;
		if (!l.len || l.ptr[0] == '#') {
			line++;
			continue;
		}
		const char *eq = memchr(l.ptr, '=', l.len);
		if (!eq || eq == l.ptr)
			return cw__error_set_at(CW_EINVALID, path, line, 1, "expected KEY=value");
		cw_slice key = { l.ptr, (size_t)(eq - l.ptr) };
		cw_slice val = { eq + 1, l.len - key.len - 1 };
		const char **slot = NULL;
		if (cw__slice_eq(key, CW_SLICE("ID")))
			slot = &out->id;
		else if (cw__slice_eq(key, CW_SLICE("VERSION_ID")))
			slot = &out->version_id;
		else if (cw__slice_eq(key, CW_SLICE("PRETTY_NAME")))
			slot = &out->pretty;
		else if (cw__slice_eq(key, CW_SLICE("VERSION_CODENAME")))
			slot = &out->codename;
		else if (cw__slice_eq(key, CW_SLICE("ID_LIKE")))
			slot = &out->id_like;
		if (slot && !(*slot = unquote(arena, val)))
			return cw_error_last()->code;
		line++;
	}
	if (!out->id || !out->id[0])
		return 0;
	for (size_t i = 0; i < sizeof(renamed) / sizeof(renamed[0]) && !out->purl_ns; i++)
		for (size_t k = 0; k < 2 && renamed[i].ids[k] && !out->purl_ns; k++)
			if (!strcmp(renamed[i].ids[k], out->id))
				out->purl_ns = renamed[i].ns;
	if (!out->purl_ns && !(out->purl_ns = cw__arena_strdup(arena, out->id)))
		return cw_error_last()->code;
	const char *ver = out->version_id && out->version_id[0] ? out->version_id : out->codename;
	if (ver && ver[0]) {
		int n = (int)strlen(ver);
		if (!strcmp(out->id, "alpine")) {
			const char *dot = strchr(ver, '.');
			const char *dot2 = dot ? strchr(dot + 1, '.') : NULL;
			if (dot2)
				n = (int)(dot2 - ver);
		}
		if (!(out->purl_distro = cw__arena_printf(arena, "%s-%.*s", out->id, n, ver)))
			return cw_error_last()->code;
	}
	return 0;
}
