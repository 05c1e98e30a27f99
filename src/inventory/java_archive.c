/*
 * java_archive.c - Java archives: JAR, WAR, EAR (zip files, read with
 * libarchive from memory), including nested archives (Spring Boot
 * BOOT-INF/lib, WEB-INF/lib, EAR modules; up to 4 levels).
 *
 * Identity, best first (the "evidence" recorded on the component):
 * - META-INF/maven/<group>/<artifact>/pom.properties (groupId, artifactId,
 *   version; java.util.Properties syntax, '=' or ':' separators): every one
 *   is a component (a shaded jar carries several); the archive's own is the
 *   one whose artifactId starts its file name, or the only one;
 * - META-INF/MANIFEST.MF (JAR File Specification): Implementation-Title /
 *   Bundle-SymbolicName with Implementation-Version / Bundle-Version, and
 *   Implementation-Vendor-Id / the symbolic name's prefix as group;
 * - the file name "artifact-1.2.3.jar" (low confidence).
 * The archive's own component gets the SHA-1 of the archive bytes (what
 * Maven Central indexes).  Nested archives are components of the same
 * source; their own components depend on nothing, the outer one on them.
 */
#include "inventory/inventory.h"

#include "util/lib_archive.h"
#include <sodium.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/error.h"
#include "util/sha1.h"

#define JAR_MAX_DEPTH   4
#define JAR_MAX_NESTED  ((size_t)256 << 20)   /* bytes of one nested archive */
#define JAR_MAX_META    ((size_t)1 << 20)     /* pom.properties, MANIFEST.MF */
#define JAR_MAX_ENTRIES 500000

typedef struct {
	cw_slice group, artifact, version;
} gav;

typedef struct {
	cw__inv_source *src;
	size_t entries;
} jar_ctx;

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcasecmp(s + n - m, suffix);
}

static bool is_archive_name(const char *s)
{
	return ends_with(s, ".jar") || ends_with(s, ".war") || ends_with(s, ".ear") ||
	       ends_with(s, ".hpi") || ends_with(s, ".jpi");
}

/* "key=value" / "key: value" lines (no continuation handling needed for
 * the keys read here). */
static cw_slice prop(cw_slice text, const char *key, char sep)
{
	size_t klen = strlen(key);
	const char *p = text.ptr, *end = text.ptr + text.len;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *le = eol ? eol : end;
		cw_slice line = cw__slice_trim((cw_slice){ p, (size_t)(le - p) });
		p = eol ? eol + 1 : end;
		if (line.len > klen && !memcmp(line.ptr, key, klen)) {
			cw_slice rest = cw__slice_trim((cw_slice){ line.ptr + klen, line.len - klen });
			if (rest.len && (rest.ptr[0] == sep || (sep == '=' && rest.ptr[0] == ':')))
				return cw__slice_trim((cw_slice){ rest.ptr + 1, rest.len - 1 });
		}
	}
	return (cw_slice){ NULL, 0 };
}

static int add(jar_ctx *jc, const gav *g, const char *evidence, const char *sha1_sri, size_t *out)
{
	cw__comp_spec spec = { .ecosystem = "maven", .kind = CW_COMPONENT_LIBRARY, .name = g->artifact,
	                       .version = g->version, .scope_set = true, .evidence = evidence };
	if (sha1_sri)
		spec.integrity = cw_slice_of(sha1_sri);
	if (g->group.len && !(spec.ns = cw__arena_strndup(&jc->src->inv->arena, g->group.ptr, g->group.len)))
		return cw_error_last()->code;
	return cw__inv_add(jc->src, &spec, out);
}

/* Base name without directories and extension. */
static cw_slice stem(const char *name)
{
	const char *b = strrchr(name, '/');
	b = b ? b + 1 : name;
	const char *dot = strrchr(b, '.');
	return (cw_slice){ b, dot ? (size_t)(dot - b) : strlen(b) };
}

static int read_entry(struct archive *a, struct archive_entry *ae, size_t cap, cw_buf *out)
{
	char buf[16384];
	la_ssize_t got;
	if (CW_ARCHIVE(archive_entry_size_is_set)(ae) && CW_ARCHIVE(archive_entry_size)(ae) > (la_int64_t)cap)
		return cw__error_set(CW_ELIMIT, "entry larger than %zu bytes", cap);
	out->max = cap + 1;
	while ((got = CW_ARCHIVE(archive_read_data)(a, buf, sizeof(buf))) > 0)
		if (cw__buf_put(out, buf, (size_t)got) < 0)
			return cw__error_set(CW_ELIMIT, "entry larger than %zu bytes", cap);
	if (got < 0)
		return cw__error_set(CW_EINVALID, "%s", CW_ARCHIVE(archive_error_string)(a) ? CW_ARCHIVE(archive_error_string)(a) : "corrupt entry");
	return 0;
}

static int scan_archive(jar_ctx *jc, const char *name, const char *data, size_t len, int depth, size_t *own_out);

static int scan_archive(jar_ctx *jc, const char *name, const char *data, size_t len, int depth, size_t *own_out)
{
	cw__inv_source *src = jc->src;
	cw_arena *arena = &src->inv->arena;
	struct archive *a = CW_ARCHIVE(archive_read_new)();
	struct archive_entry *ae;
	CW_VEC(gav) poms = CW_VEC_INIT;
	CW_VEC(size_t) nested = CW_VEC_INIT;
	cw_slice manifest = { NULL, 0 };
	char *sri = NULL;
	size_t own = SIZE_MAX, idx;
	int rc, error = 0;

	*own_out = SIZE_MAX;
	if (!a)
		return cw__error_oom();
	CW_ARCHIVE(archive_read_support_format_zip)(a);
	if (CW_ARCHIVE(archive_read_open_memory)(a, data, len) != ARCHIVE_OK) {
		error = cw__error_set_at(CW_EINVALID, src->path, 0, 0, "%s: not a zip archive: %s", name,
		                         CW_ARCHIVE(archive_error_string)(a));
		goto done;
	}
	while ((rc = CW_ARCHIVE(archive_read_next_header)(a, &ae)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
		const char *en = CW_ARCHIVE(archive_entry_pathname)(ae);
		if (++jc->entries > JAR_MAX_ENTRIES) {
			error = cw__error_set_at(CW_ELIMIT, src->path, 0, 0, "more than %d archive entries", JAR_MAX_ENTRIES);
			goto done;
		}
		if (!en || CW_ARCHIVE(archive_entry_filetype)(ae) != AE_IFREG)
			continue;
		bool pom = !strncmp(en, "META-INF/maven/", 15) && ends_with(en, "/pom.properties");
		bool mf = !strcmp(en, "META-INF/MANIFEST.MF");
		bool inner = is_archive_name(en);
		if (!pom && !mf && !inner)
			continue;
		cw_buf b = CW_BUF_INIT;
		if ((error = read_entry(a, ae, inner ? JAR_MAX_NESTED : JAR_MAX_META, &b)) < 0) {
			cw__buf_free(&b);
			char why[256];
			snprintf(why, sizeof(why), "%s", cw_error_last()->message);
			error = cw__error_set_at(error, src->path, 0, 0, "%s!/%s: %s", name, en, why);
			goto done;
		}
		if (inner) {
			size_t child;
			char *cname = cw__arena_printf(arena, "%s!/%s", name, en);
			if (!cname)
				error = cw_error_last()->code;
			else if (depth + 1 >= JAR_MAX_DEPTH)
				error = cw__error_set_at(CW_ELIMIT, src->path, 0, 0, "%s: archives nested more than %d deep",
				                         cname, JAR_MAX_DEPTH);
			else if ((error = scan_archive(jc, cname, b.ptr ? b.ptr : "", b.len, depth + 1, &child)) >= 0 &&
			         child != SIZE_MAX)
				error = cw_vec_push(&nested, child);
			cw__buf_free(&b);
			if (error < 0)
				goto done;
			continue;
		}
		char *text = cw__arena_strndup(arena, b.ptr ? b.ptr : "", b.len);
		cw_slice t = { text, b.len };
		cw__buf_free(&b);
		if (!text) {
			error = cw_error_last()->code;
			goto done;
		}
		if (mf) {
			manifest = t;
			continue;
		}
		gav g = { prop(t, "groupId", '='), prop(t, "artifactId", '='), prop(t, "version", '=') };
		if (g.artifact.len && g.version.len && (error = cw_vec_push(&poms, g)) < 0)
			goto done;
	}
	if (rc != ARCHIVE_EOF) {
		error = cw__error_set_at(CW_EINVALID, src->path, 0, 0, "%s: %s", name,
		                         CW_ARCHIVE(archive_error_string)(a) ? CW_ARCHIVE(archive_error_string)(a) : "corrupt zip");
		goto done;
	}

	/* The SHA-1 of the archive, as SRI for the model. */
	{
		unsigned char d[20];
		char b64[sodium_base64_ENCODED_LEN(20, sodium_base64_VARIANT_ORIGINAL)];
		cw_sha1 s;
		cw__sha1_init(&s);
		cw__sha1_update(&s, data, len);
		cw__sha1_final(&s, d);
		sodium_bin2base64(b64, sizeof(b64), d, sizeof(d), sodium_base64_VARIANT_ORIGINAL);
		char b64s[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL)] = "";
		if (src->inv->hash_files) {
			unsigned char h[crypto_hash_sha256_BYTES];
			crypto_hash_sha256(h, (const unsigned char *)data, len);
			sodium_bin2base64(b64s, sizeof(b64s), h, sizeof(h), sodium_base64_VARIANT_ORIGINAL);
		}
		if (!(sri = cw__arena_printf(arena, "sha1-%s%s%s", b64, b64s[0] ? " sha256-" : "", b64s))) {
			error = cw_error_last()->code;
			goto done;
		}
	}
	cw_slice st = stem(name);
	size_t mine = SIZE_MAX;
	for (size_t i = 0; i < poms.len; i++)
		if (poms.len == 1 || (poms.items[i].artifact.len <= st.len &&
		                      !memcmp(poms.items[i].artifact.ptr, st.ptr, poms.items[i].artifact.len)))
			mine = mine == SIZE_MAX ? i : mine;
	for (size_t i = 0; i < poms.len; i++) {
		if ((error = add(jc, &poms.items[i], "pom.properties", i == mine ? sri : NULL, &idx)) < 0)
			goto done;
		if (i == mine)
			own = idx;
	}
	if (mine == SIZE_MAX) {
		gav g = { { NULL, 0 }, { NULL, 0 }, { NULL, 0 } };
		const char *evidence = "MANIFEST.MF";
		if (manifest.ptr) {
			g.artifact = prop(manifest, "Implementation-Title", ':');
			g.version = prop(manifest, "Implementation-Version", ':');
			g.group = prop(manifest, "Implementation-Vendor-Id", ':');
			if (!g.artifact.len || !g.version.len) {
				cw_slice bsn = prop(manifest, "Bundle-SymbolicName", ':');
				const char *semi = bsn.len ? memchr(bsn.ptr, ';', bsn.len) : NULL;
				if (semi)
					bsn.len = (size_t)(semi - bsn.ptr);
				g.artifact = bsn;
				g.version = prop(manifest, "Bundle-Version", ':');
				g.group = (cw_slice){ NULL, 0 };
			}
		}
		if (!g.artifact.len || !g.version.len) {
			/* "name-1.2.3": the version starts after the last '-' followed by a digit. */
			evidence = "file name";
			g = (gav){ { NULL, 0 }, st, { NULL, 0 } };
			for (size_t i = st.len; i > 1; i--)
				if (st.ptr[i - 1] == '-' && i < st.len && cw_is_digit(st.ptr[i])) {
					g.artifact = (cw_slice){ st.ptr, i - 1 };
					g.version = (cw_slice){ st.ptr + i, st.len - i };
					break;
				}
		}
		/* A group may contain characters a purl namespace refuses; keep it simple. */
		if (g.group.len && memchr(g.group.ptr, ' ', g.group.len))
			g.group = (cw_slice){ NULL, 0 };
		/* Maven purls need a group: unknown, it is taken to be the artifact
		 * (the common case for single-artifact projects). */
		if (!g.group.len)
			g.group = g.artifact;
		if (g.artifact.len && (error = add(jc, &g, evidence, sri, &own)) < 0)
			goto done;
	}
	for (size_t i = 0; i < nested.len && own != SIZE_MAX; i++)
		if ((error = cw__inv_edge(src, own, nested.items[i], CW_SCOPE_REQUIRED)) < 0)
			goto done;
	*own_out = own;
done:
	cw_vec_free(&poms);
	cw_vec_free(&nested);
	CW_ARCHIVE(archive_read_free)(a);
	return error;
}

int cw__extract_java_archive(cw__inv_source *src)
{
	jar_ctx jc = { src, 0 };
	size_t own;
	int error;
	if (sodium_init() < 0)
		return cw__error_set(CW_EINTERNAL, "libsodium failed to initialise");
	if ((error = cw__archive_load()) < 0)
		return error;
	return scan_archive(&jc, src->path, src->data, src->len, 0, &own);
}
