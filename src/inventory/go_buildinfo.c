/*
 * go_buildinfo.c - the build information Go (1.18 and later) embeds in
 * every binary: Go version, main module, dependency modules with versions
 * and sums, replacements and build settings (VCS revision, time, dirty
 * flag).  Format (Go's src/debug/buildinfo/buildinfo.go): a 32-byte header
 * starting with "\xff Go buildinf:", pointer size and flags; with flag 2
 * (version inline, Go >= 1.18) the version and the module info follow as
 * uvarint-length-prefixed strings; the module info is framed by 16-byte
 * sentinels and holds tab-separated lines: path, mod, dep, "=>"
 * (replacement of the previous dep) and build.  The header is found by its
 * magic, so ELF, PE and Mach-O files are read alike and a streaming reader
 * (cw__go_finder) keeps only the bytes from the magic on.  The older
 * pointer format (Go < 1.18) is reported as unsupported.
 */
#define _GNU_SOURCE 1      /* memmem */
#include "inventory/inventory.h"

#include <string.h>

#include "util/error.h"

static const char magic[14] = "\xff Go buildinf:";

#define GO_INFO_MAX ((size_t)1 << 20)

bool cw__go_exec_magic(const unsigned char *p, size_t len)
{
	if (len < 4)
		return false;
	return !memcmp(p, "\x7f" "ELF", 4) || (p[0] == 'M' && p[1] == 'Z') ||
	       !memcmp(p, "\xcf\xfa\xed\xfe", 4) || !memcmp(p, "\xce\xfa\xed\xfe", 4) ||
	       !memcmp(p, "\xfe\xed\xfa\xcf", 4) || !memcmp(p, "\xfe\xed\xfa\xce", 4);
}

int cw__go_finder_feed(cw__go_finder *f, const char *data, size_t len)
{
	enum { K = sizeof(magic) - 1 };   /* bytes of a match that can precede a chunk */
	const char *hit;
	if (f->done || !len)
		return 0;
	if (f->found) {
		size_t n = len < GO_INFO_MAX - f->out.len ? len : GO_INFO_MAX - f->out.len;
		if (n < len)
			f->done = true;
		return cw__buf_put(&f->out, data, n);
	}
	/* A match spanning the previous chunk's tail and this chunk's head. */
	if (f->carry_len) {
		char joint[2 * K];
		size_t head = len < K ? len : K;
		memcpy(joint, f->carry, f->carry_len);
		memcpy(joint + f->carry_len, data, head);
		hit = memmem(joint, f->carry_len + head, magic, sizeof(magic));
		if (hit && (size_t)(hit - joint) < f->carry_len) {
			size_t from = (size_t)(hit - joint);
			int error = cw__buf_put(&f->out, joint + from, f->carry_len - from);
			if (error < 0)
				return error;
			f->found = true;
			return cw__go_finder_feed(f, data, len);
		}
	}
	if ((hit = memmem(data, len, magic, sizeof(magic))) != NULL) {
		f->found = true;
		return cw__go_finder_feed(f, hit, len - (size_t)(hit - data));
	}
	/* Keep the last K bytes of everything seen. */
	if (len >= K) {
		memcpy(f->carry, data + len - K, K);
		f->carry_len = K;
	} else {
		size_t total = f->carry_len + len, drop = total > K ? total - K : 0;
		memmove(f->carry, f->carry + drop, f->carry_len - drop);
		memcpy(f->carry + f->carry_len - drop, data, len);
		f->carry_len = total - drop;
	}
	return 0;
}

static bool uvarint(const unsigned char **p, const unsigned char *end, uint64_t *out)
{
	uint64_t v = 0;
	for (int shift = 0; shift < 64 && *p < end; shift += 7) {
		unsigned char b = *(*p)++;
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*out = v;
			return true;
		}
	}
	return false;
}

/* The next '\n'-terminated line of *rest into *line; false when none is left. */
static bool next_line(cw_slice *rest, cw_slice *line)
{
	if (!rest->len)
		return false;
	const char *nl = memchr(rest->ptr, '\n', rest->len);
	*line = (cw_slice){ rest->ptr, nl ? (size_t)(nl - rest->ptr) : rest->len };
	rest->ptr += line->len + (nl ? 1 : 0);
	rest->len -= line->len + (nl ? 1 : 0);
	return true;
}

static bool field(cw_slice *line, cw_slice *out)
{
	const char *tab = memchr(line->ptr, '\t', line->len);
	size_t n = tab ? (size_t)(tab - line->ptr) : line->len;
	*out = (cw_slice){ line->ptr, n };
	line->ptr += tab ? n + 1 : n;
	line->len -= tab ? n + 1 : n;
	return n > 0;
}

static int add(cw__inv_source *src, cw_component_kind kind, cw_slice name, cw_slice version,
               cw_slice resolved, size_t *out)
{
	cw__comp_spec spec = { .ecosystem = "golang", .kind = kind, .name = name };
	/* pkg:golang/<path up to the last '/'>/<last element>: inventory.c splits it. */
	/* "(devel)": a main module built from a checkout has no version. */
	if (!cw__slice_eq(version, CW_SLICE("(devel)")))
		spec.version = version;
	spec.resolved = resolved;
	spec.scope_set = true;
	spec.line = 0;
	return cw__inv_add(src, &spec, out);
}

int cw__extract_go_binary(cw__inv_source *src)
{
	const unsigned char *p = (const unsigned char *)src->data, *end = p + src->len;
	const unsigned char *hdr = memmem(p, src->len, magic, sizeof(magic));
	uint64_t n;

	/* The magic string also occurs as data in programs that look for it
	 * (this one): a real header has a pointer size of 4 or 8 after it. */
	while (hdr && (end - hdr < 32 || (hdr[14] != 4 && hdr[14] != 8)))
		hdr = memmem(hdr + 1, (size_t)(end - hdr - 1), magic, sizeof(magic));
	cw_slice vers, mod;
	size_t root = SIZE_MAX, idx, last_dep = SIZE_MAX;
	char vcs[256] = "";
	int error;

	if (!hdr)
		return cw__error_set_at(CW_EUNSUPPORTED, src->path, 0, 0, "no Go build information");
	if (end - hdr < 32)
		return cw__error_set_at(CW_EINVALID, src->path, 0, 0, "Go build information header truncated");
	if (!(hdr[15] & 2))
		return cw__error_set_at(CW_EUNSUPPORTED, src->path, 0, 0,
		                        "Go build information of Go < 1.18 (pointer format) is not read");
	p = hdr + 32;
	if (!uvarint(&p, end, &n) || n > (uint64_t)(end - p))
		return cw__error_set_at(CW_EINVALID, src->path, 0, 0, "Go version string out of bounds");
	vers = (cw_slice){ (const char *)p, (size_t)n };
	p += n;
	if (!uvarint(&p, end, &n) || n > (uint64_t)(end - p))
		return cw__error_set_at(CW_EINVALID, src->path, 0, 0, "Go module information out of bounds");
	mod = (cw_slice){ (const char *)p, (size_t)n };
	if (mod.len >= 33 && mod.ptr[mod.len - 17] == '\n') {
		mod.ptr += 16;
		mod.len -= 32;
	} else {
		mod.len = 0;     /* built without module support */
	}

	/* The main module first (it is the root), then the rest. */
	cw_slice rest = mod, line, kw, path = { NULL, 0 }, ver;
	while (next_line(&rest, &line)) {
		if (!field(&line, &kw))
			continue;
		if (cw__slice_eq(kw, CW_SLICE("mod")) && field(&line, &path)) {
			field(&line, &ver);
			if ((error = add(src, CW_COMPONENT_ROOT, path, ver, (cw_slice){ NULL, 0 }, &root)) < 0)
				return error;
		} else if (cw__slice_eq(kw, CW_SLICE("build"))) {
			/* vcs.revision=..., vcs.time=..., vcs.modified=... */
			if (cw__slice_starts_with(line, CW_SLICE("vcs")) && strlen(vcs) + line.len + 2 < sizeof(vcs)) {
				if (vcs[0])
					strcat(vcs, " ");
				strncat(vcs, line.ptr, line.len);
			}
		}
	}
	if (root == SIZE_MAX && (error = add(src, CW_COMPONENT_ROOT, cw_slice_of(src->path), CW_SLICE(""),
	                                     (cw_slice){ NULL, 0 }, &root)) < 0)
		return error;
	if (vcs[0]) {
		cw__comp *r = cw__inv_comp(src->inv, root);
		if (!(r->pub.resolved = cw__arena_strdup(&src->inv->arena, vcs)))
			return cw_error_last()->code;
	}
	/* The Go standard library is a component too (advisories name "stdlib"). */
	if (vers.len > 2 && !memcmp(vers.ptr, "go", 2)) {
		cw_slice v = { vers.ptr + 2, vers.len - 2 };
		const char *sp = memchr(v.ptr, ' ', v.len);  /* "go1.22.0 X:boringcrypto" */
		if (sp)
			v.len = (size_t)(sp - v.ptr);
		if ((error = add(src, CW_COMPONENT_LIBRARY, CW_SLICE("stdlib"), v, (cw_slice){ NULL, 0 }, &idx)) < 0 ||
		    (error = cw__inv_edge(src, root, idx, CW_SCOPE_REQUIRED)) < 0)
			return error;
	}
	rest = mod;
	cw_slice dep_path = { NULL, 0 }, dep_ver = { NULL, 0 };
	while (next_line(&rest, &line)) {
		if (!field(&line, &kw))
			continue;
		bool dep = cw__slice_eq(kw, CW_SLICE("dep")), repl = cw__slice_eq(kw, CW_SLICE("=>"));
		if (!dep && !repl)
			continue;
		if (!field(&line, &path))
			return cw__error_set_at(CW_EINVALID, src->path, 0, 0, "Go module line without a path");
		field(&line, &ver);
		if (dep) {
			if (last_dep != SIZE_MAX && (error = cw__inv_edge(src, root, last_dep, CW_SCOPE_REQUIRED)) < 0)
				return error;
			if ((error = add(src, CW_COMPONENT_LIBRARY, path, ver, (cw_slice){ NULL, 0 }, &last_dep)) < 0)
				return error;
			dep_path = path;
			dep_ver = ver;
			continue;
		}
		if (last_dep == SIZE_MAX)
			return cw__error_set_at(CW_EINVALID, src->path, 0, 0, "Go replacement without a dependency");
		/* A module replacement is what was compiled; a local directory keeps
		 * the required module's name and version, with the directory as
		 * its resolved location. */
		cw__comp *d = cw__inv_comp(src->inv, last_dep);
		if (path.len && (path.ptr[0] == '.' || path.ptr[0] == '/')) {
			if (!(d->pub.resolved = cw__arena_strndup(&src->inv->arena, path.ptr, path.len)))
				return cw_error_last()->code;
		} else {
			/* Replace: the new module becomes the dependency. */
			(void)dep_path;
			(void)dep_ver;
			if ((error = add(src, CW_COMPONENT_LIBRARY, path, ver, (cw_slice){ NULL, 0 }, &last_dep)) < 0)
				return error;
		}
	}
	if (last_dep != SIZE_MAX && (error = cw__inv_edge(src, root, last_dep, CW_SCOPE_REQUIRED)) < 0)
		return error;
	return 0;
}
