/*
 * pkgmeta.c - which package does a directory holding a license file
 * belong to?  Read from the package metadata beside it:
 *
 *  - package.json (npm; https://docs.npmjs.com/cli/configuring-npm/package-json)
 *  - *.dist-info/METADATA, *.egg-info/PKG-INFO (Python core metadata 1.0-2.4,
 *    https://packaging.python.org/specifications/core-metadata/): the
 *    RFC 822 header block's Name and Version
 *  - Cargo.toml [package] name and version (a `version.workspace = true`
 *    gives no version)
 *  - composer.json (name; version when present)
 *  - gems/<name>-<version>/ (RubyGems' install layout)
 *  - vendor/<module path>/ with vendor/modules.txt (Go 1.11+ vendoring;
 *    "# module version [=> replacement version]" lines)
 *
 * Reads are capped (METADATA_MAX); anything unreadable or malformed just
 * gives no package.
 */
#include "license/files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/error.h"
#include "util/fs.h"
#include "util/json.h"
#include "util/str.h"

#define METADATA_MAX ((size_t)1 << 20)

static void set_field(char *dst, size_t cap, cw_slice v)
{
	if (v.len >= cap)
		v.len = cap - 1;
	if (v.len)
		memcpy(dst, v.ptr, v.len);
	dst[v.len] = '\0';
}

/* Next line of text[*pos..len) (without its newline and a trailing CR). */
static bool next_line(const char *text, size_t len, size_t *pos, cw_slice *line)
{
	const char *nl;
	if (*pos >= len)
		return false;
	line->ptr = text + *pos;
	nl = memchr(line->ptr, '\n', len - *pos);
	line->len = nl ? (size_t)(nl - line->ptr) : len - *pos;
	*pos += line->len + (nl != NULL);
	if (line->len && line->ptr[line->len - 1] == '\r')
		line->len--;
	return true;
}

int cw__pkg_from_metadata(cw__pkg_id *out, const char *text, size_t len)
{
	size_t pos = 0;
	cw_slice line;
	memset(out, 0, sizeof(*out));
	while (next_line(text, len, &pos, &line) && line.len) {
		const char *colon = memchr(line.ptr, ':', line.len);
		cw_slice key, value;
		if (!colon)
			continue;
		key = cw__slice_trim((cw_slice){ line.ptr, (size_t)(colon - line.ptr) });
		value = cw__slice_trim((cw_slice){ colon + 1, line.len - (size_t)(colon - line.ptr) - 1 });
		if (cw__slice_eq_nocase(key, cw_slice_of("Name")) && !out->name[0])
			set_field(out->name, sizeof(out->name), value);
		else if (cw__slice_eq_nocase(key, cw_slice_of("Version")) && !out->version[0])
			set_field(out->version, sizeof(out->version), value);
	}
	if (!out->name[0])
		return cw__error_set(CW_EINVALID, "no Name in the metadata headers");
	out->ecosystem = "pypi";
	return 0;
}

/* The string value of `key = "value"` (basic or literal string), or false. */
static bool toml_string(cw_slice line, const char *key, cw_slice *value)
{
	size_t k = strlen(key);
	cw_slice rest;
	char quote;
	const char *end;
	if (line.len <= k || memcmp(line.ptr, key, k) != 0)
		return false;
	rest = cw__slice_trim((cw_slice){ line.ptr + k, line.len - k });
	if (!rest.len || rest.ptr[0] != '=')
		return false;
	rest = cw__slice_trim((cw_slice){ rest.ptr + 1, rest.len - 1 });
	if (rest.len < 2 || (rest.ptr[0] != '"' && rest.ptr[0] != '\''))
		return false;
	quote = rest.ptr[0];
	if (!(end = memchr(rest.ptr + 1, quote, rest.len - 1)))
		return false;
	*value = (cw_slice){ rest.ptr + 1, (size_t)(end - rest.ptr - 1) };
	return true;
}

int cw__pkg_from_cargo_toml(cw__pkg_id *out, const char *text, size_t len)
{
	size_t pos = 0;
	bool in_package = false;
	cw_slice line, v;
	memset(out, 0, sizeof(*out));
	while (next_line(text, len, &pos, &line)) {
		line = cw__slice_trim(line);
		if (line.len && line.ptr[0] == '[') {
			in_package = cw__slice_starts_with(line, cw_slice_of("[package]"));
			continue;
		}
		if (!in_package)
			continue;
		if (!out->name[0] && toml_string(line, "name", &v))
			set_field(out->name, sizeof(out->name), v);
		else if (!out->version[0] && toml_string(line, "version", &v))
			set_field(out->version, sizeof(out->version), v);
	}
	if (!out->name[0])
		return cw__error_set(CW_EINVALID, "no [package] name");
	out->ecosystem = "cargo";
	return 0;
}

int cw__pkg_from_json(cw__pkg_id *out, const char *ecosystem, const char *text, size_t len,
                      const char *path)
{
	cw_json *root = NULL;
	const char *name, *version;
	int error;
	memset(out, 0, sizeof(*out));
	if ((error = cw__json_parse(&root, text, len, path)) < 0)
		return error;
	name = json_is_object(root) ? cw__json_get_str(root, "name") : NULL;
	version = json_is_object(root) ? cw__json_get_str(root, "version") : NULL;
	if (name && *name) {
		set_field(out->name, sizeof(out->name), cw_slice_of(name));
		if (version)
			set_field(out->version, sizeof(out->version), cw_slice_of(version));
		out->ecosystem = ecosystem;
	} else {
		error = cw__error_set(CW_EINVALID, "%s: no \"name\"", path);
	}
	cw__json_free(root);
	return error;
}

bool cw__go_vendor_module(cw__pkg_id *out, const char *text, size_t len, const char *rel)
{
	size_t pos = 0, best = 0, rel_len = strlen(rel);
	cw_slice line;
	memset(out, 0, sizeof(*out));
	while (next_line(text, len, &pos, &line)) {
		cw_slice mod, ver = { NULL, 0 };
		const char *sp;
		/* "# module version" or "# module version => replacement ..." */
		if (line.len < 3 || line.ptr[0] != '#' || line.ptr[1] != ' ' || line.ptr[2] == '#')
			continue;
		mod = cw__slice_trim((cw_slice){ line.ptr + 2, line.len - 2 });
		if ((sp = memchr(mod.ptr, ' ', mod.len))) {
			cw_slice rest = cw__slice_trim((cw_slice){ sp, mod.len - (size_t)(sp - mod.ptr) });
			const char *sp2 = memchr(rest.ptr, ' ', rest.len);
			ver = sp2 ? (cw_slice){ rest.ptr, (size_t)(sp2 - rest.ptr) } : rest;
			if (ver.len == 2 && memcmp(ver.ptr, "=>", 2) == 0)
				ver.len = 0;
			mod.len = (size_t)(sp - mod.ptr);
		}
		if (!mod.len || mod.len > rel_len || mod.len <= best || memcmp(mod.ptr, rel, mod.len) != 0 ||
		    (rel[mod.len] != '\0' && rel[mod.len] != '/'))
			continue;
		best = mod.len;
		set_field(out->name, sizeof(out->name), mod);
		set_field(out->version, sizeof(out->version), ver);
		out->ecosystem = "golang";
	}
	return best > 0;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* Read `dir`/`name` (capped) into `out`; false when absent or too big. */
static bool read_beside(cw_buf *out, const char *dir, const char *name)
{
	char path[4096];
	struct stat st;
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path) ||
	    stat(path, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > METADATA_MAX)
		return false;
	if (cw__file_read(out, path, METADATA_MAX) < 0) {
		cw_error_clear();
		return false;
	}
	return true;
}

/* gems/<name>-<version>: the version starts after the last '-' before a digit. */
static bool gem_dir(cw__pkg_id *out, const char *dir)
{
	const char *base = base_of(dir), *dash = NULL;
	size_t dlen = (size_t)(base - dir);
	if (dlen < 6 || memcmp(base - 6, "/gems/", 6) != 0)
		return false;
	for (const char *p = base; *p; p++)
		if (*p == '-' && cw_is_digit((unsigned char)p[1]))
			dash = p;
	if (!dash || dash == base)
		return false;
	set_field(out->name, sizeof(out->name), (cw_slice){ base, (size_t)(dash - base) });
	set_field(out->version, sizeof(out->version), cw_slice_of(dash + 1));
	out->ecosystem = "gem";
	return true;
}

/* dir below a "vendor" folder of a Go project (vendor/modules.txt). */
static bool go_vendor_dir(cw__pkg_id *out, const char *dir)
{
	const char *v = NULL, *p = dir;
	char root[4096];
	cw_buf text = CW_BUF_INIT;
	bool found = false;
	/* the last "/vendor/" component: nested vendoring is rare, but the
	 * innermost one owns the directory */
	while ((p = strstr(p, "vendor/"))) {
		if (p == dir || p[-1] == '/')
			v = p;
		p += 7;
	}
	if (!v || !v[7] || (size_t)(v - dir) + 6 >= sizeof(root))
		return false;
	memcpy(root, dir, (size_t)(v - dir) + 6);
	root[(v - dir) + 6] = '\0';
	if (read_beside(&text, root, "modules.txt"))
		found = cw__go_vendor_module(out, text.ptr ? text.ptr : "", text.len, v + 7);
	cw__buf_free(&text);
	return found;
}

void cw__pkg_of_dir(cw__pkg_id *out, const char *dir)
{
	cw_buf text = CW_BUF_INIT;
	int error = -1;

	memset(out, 0, sizeof(*out));
	if (ends_with(dir, ".dist-info") && read_beside(&text, dir, "METADATA"))
		error = cw__pkg_from_metadata(out, text.ptr ? text.ptr : "", text.len);
	else if (ends_with(dir, ".egg-info") && read_beside(&text, dir, "PKG-INFO"))
		error = cw__pkg_from_metadata(out, text.ptr ? text.ptr : "", text.len);
	else if (read_beside(&text, dir, "package.json"))
		error = cw__pkg_from_json(out, "npm", text.ptr ? text.ptr : "", text.len, "package.json");
	else if (read_beside(&text, dir, "Cargo.toml"))
		error = cw__pkg_from_cargo_toml(out, text.ptr ? text.ptr : "", text.len);
	else if (read_beside(&text, dir, "composer.json"))
		error = cw__pkg_from_json(out, "composer", text.ptr ? text.ptr : "", text.len,
		                          "composer.json");
	else if (gem_dir(out, dir) || go_vendor_dir(out, dir))
		error = 0;
	cw__buf_free(&text);
	if (error < 0) {
		memset(out, 0, sizeof(*out));
		cw_error_clear();
	}
}
