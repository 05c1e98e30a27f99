/*
 * rust_audit.c - Rust binaries built with cargo-auditable: the ELF section
 * ".dep-v0" holds zlib-compressed JSON (cargo-auditable's format v0:
 * {"packages": [{"name", "version", "source", "kind", "dependencies": [i],
 * "root": bool}]}), the full dependency tree of the binary.  The ELF
 * section table is parsed here (32/64-bit, either byte order, every offset
 * bounds-checked); PE and Mach-O are not read.  Build-time dependencies
 * ("kind": "build") get the dev scope: they are not in the binary.
 *
 * cw__extract_executable is what reads a binary named directly or found
 * in a root filesystem: Go build information, else cargo-auditable data.
 */
#include "inventory/inventory.h"

#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "util/error.h"
#include "util/json.h"

#define DEP_MAX ((size_t)16 << 20)    /* inflated JSON */

static uint64_t rd(const unsigned char *p, int n, bool be)
{
	uint64_t v = 0;
	for (int i = 0; i < n; i++)
		v |= (uint64_t)p[be ? n - 1 - i : i] << (8 * i);
	return v;
}

int cw__elf_section(const char *data, size_t len, const char *want, const char **out, size_t *out_len)
{
	const unsigned char *d = (const unsigned char *)data;
	if (len < 52 || memcmp(d, "\x7f" "ELF", 4) != 0)
		return cw__error_set(CW_EUNSUPPORTED, "not an ELF file");
	bool is64 = d[4] == 2, be = d[5] == 2;
	if ((d[4] != 1 && d[4] != 2) || (d[5] != 1 && d[5] != 2) || (is64 && len < 64))
		return cw__error_set(CW_EINVALID, "ELF header: bad class or byte order");
	uint64_t shoff = is64 ? rd(d + 0x28, 8, be) : rd(d + 0x20, 4, be);
	uint64_t shentsize = rd(d + (is64 ? 0x3a : 0x2e), 2, be);
	uint64_t shnum = rd(d + (is64 ? 0x3c : 0x30), 2, be);
	uint64_t shstrndx = rd(d + (is64 ? 0x3e : 0x32), 2, be);
	if (!shnum)
		return cw__error_set(CW_ENOTFOUND, "no ELF sections");
	if (shentsize < (is64 ? 64u : 40u) || shoff > len || shnum > (len - shoff) / shentsize || shstrndx >= shnum)
		return cw__error_set(CW_EINVALID, "ELF section table out of bounds");
#define SH(i) (d + shoff + (i) * shentsize)
	const unsigned char *strh = SH(shstrndx);
	uint64_t str_off = is64 ? rd(strh + 0x18, 8, be) : rd(strh + 0x10, 4, be);
	uint64_t str_size = is64 ? rd(strh + 0x20, 8, be) : rd(strh + 0x14, 4, be);
	if (str_off > len || str_size > len - str_off)
		return cw__error_set(CW_EINVALID, "ELF section names out of bounds");
	size_t wlen = strlen(want);
	for (uint64_t i = 0; i < shnum; i++) {
		const unsigned char *sh = SH(i);
		uint64_t name = rd(sh, 4, be);
		uint64_t off = is64 ? rd(sh + 0x18, 8, be) : rd(sh + 0x10, 4, be);
		uint64_t size = is64 ? rd(sh + 0x20, 8, be) : rd(sh + 0x14, 4, be);
		if (name >= str_size || str_size - name < wlen + 1 ||
		    memcmp(d + str_off + name, want, wlen + 1) != 0)
			continue;
		if (off > len || size > len - off)
			return cw__error_set(CW_EINVALID, "ELF section %s out of bounds", want);
		*out = data + off;
		*out_len = (size_t)size;
		return 0;
	}
#undef SH
	return cw__error_set(CW_ENOTFOUND, "no %s section", want);
}

static int inflate_all(const char *in, size_t len, cw_buf *out)
{
	z_stream z;
	char buf[65536];
	int rc;
	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) != Z_OK)
		return cw__error_oom();
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)(len > UINT32_MAX ? UINT32_MAX : len);
	out->max = DEP_MAX + 1;
	do {
		z.next_out = (Bytef *)buf;
		z.avail_out = sizeof(buf);
		rc = inflate(&z, Z_NO_FLUSH);
		if (rc != Z_OK && rc != Z_STREAM_END) {
			inflateEnd(&z);
			return cw__error_set(CW_EINVALID, "zlib: %s", z.msg ? z.msg : "corrupt data");
		}
		if (cw__buf_put(out, buf, sizeof(buf) - z.avail_out) < 0) {
			inflateEnd(&z);
			return cw__error_set(CW_ELIMIT, "dependency data larger than %zu bytes", DEP_MAX);
		}
	} while (rc != Z_STREAM_END && (z.avail_in || z.avail_out == 0));
	inflateEnd(&z);
	return rc == Z_STREAM_END ? 0 : cw__error_set(CW_EINVALID, "zlib: truncated data");
}

/* src->data is the compressed .dep-v0 section. */
int cw__extract_rust_section(cw__inv_source *src)
{
	cw_buf text = CW_BUF_INIT;
	cw_json *doc = NULL;
	size_t *idx = NULL, root = SIZE_MAX;
	int error;

	if ((error = inflate_all(src->data, src->len, &text)) < 0) {
		char why[256];
		snprintf(why, sizeof(why), "%s", cw_error_last()->message);
		error = cw__error_set_at(error, src->path, 0, 0, ".dep-v0: %s", why);
		goto done;
	}
	if ((error = cw__json_parse(&doc, text.ptr ? text.ptr : "", text.len, src->path)) < 0)
		goto done;
	json_t *pkgs = json_object_get(doc, "packages");
	size_t n = json_array_size(pkgs);
	if (!json_is_array(pkgs)) {
		error = cw__error_set_at(CW_EINVALID, src->path, 0, 0, ".dep-v0: expected {\"packages\": [...]}");
		goto done;
	}
	if (!(idx = calloc(n + 1, sizeof(size_t)))) {
		error = cw__error_oom();
		goto done;
	}
	/* The root first, so that it is the source's root. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			json_t *p = json_array_get(pkgs, i);
			bool is_root = json_is_true(json_object_get(p, "root"));
			if (is_root != (pass == 0))
				continue;
			const char *name = cw__json_get_str(p, "name"), *ver = cw__json_get_str(p, "version");
			const char *kind = cw__json_get_str(p, "kind"), *source = cw__json_get_str(p, "source");
			cw__comp_spec spec;
			if (!name || !ver) {
				error = cw__error_set_at(CW_EINVALID, src->path, 0, 0, ".dep-v0: package %zu without name or version", i);
				goto done;
			}
			spec = (cw__comp_spec){ .ecosystem = "cargo",
			                        .kind = is_root ? CW_COMPONENT_ROOT : CW_COMPONENT_LIBRARY,
			                        .name = cw_slice_of(name) };
			spec.version = cw_slice_of(ver);
			spec.scope = kind && !strcmp(kind, "build") ? CW_SCOPE_DEV : CW_SCOPE_REQUIRED;
			spec.scope_set = true;
			if (source && strcmp(source, "crates.io") != 0)
				spec.resolved = cw_slice_of(source);     /* "git", "local", "registry" */
			if ((error = cw__inv_add(src, &spec, &idx[i])) < 0)
				goto done;
			if (is_root && root == SIZE_MAX)
				root = idx[i];
		}
	}
	for (size_t i = 0; i < n; i++) {
		json_t *deps = json_object_get(json_array_get(pkgs, i), "dependencies");
		for (size_t k = 0; k < json_array_size(deps); k++) {
			json_int_t j = json_integer_value(json_array_get(deps, k));
			if (!json_is_integer(json_array_get(deps, k)) || j < 0 || (size_t)j >= n) {
				error = cw__error_set_at(CW_EINVALID, src->path, 0, 0,
				                         ".dep-v0: package %zu: dependency index out of range", i);
				goto done;
			}
			cw_scope sc = cw__inv_comp(src->inv, idx[j])->pub.scope;
			if ((error = cw__inv_edge(src, idx[i], idx[j], sc)) < 0)
				goto done;
		}
	}
done:
	free(idx);
	cw__json_free(doc);
	cw__buf_free(&text);
	return error;
}

static int hash_root(cw__inv_source *src, size_t first, int error)
{
	const char *hex;
	if (error < 0 || !src->inv->hash_files)
		return error;
	if (!(hex = cw__inv_sha256_hex(&src->inv->arena, src->data, src->len)))
		return cw_error_last()->code;
	return cw__inv_hash_roots(src->inv, first, hex);
}

int cw__extract_executable(cw__inv_source *src)
{
	const char *sec;
	size_t n, first = src->inv->comps.len;
	int error = cw__extract_go_binary(src);
	if (error != CW_EUNSUPPORTED)
		return hash_root(src, first, error);
	if (cw__elf_section(src->data, src->len, ".dep-v0", &sec, &n) == 0) {
		cw__inv_source sub = *src;
		sub.data = sec;
		sub.len = n;
		error = cw__extract_rust_section(&sub);
		src->root = sub.root;
		src->derive_scopes = sub.derive_scopes;
		src->by_purl = sub.by_purl;
		return hash_root(src, first, error);
	}
	return cw__error_set_at(CW_EUNSUPPORTED, src->path, 0, 0,
	                        "no Go build information (Go >= 1.18) or cargo-auditable data");
}
