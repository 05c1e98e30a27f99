/*
 * image.c - container images: docker-archive ("docker save": manifest.json,
 * <config>.json, <id>/layer.tar; the whole archive may be gzip'd) and the
 * OCI image layout (image-spec v1.0/v1.1: oci-layout, index.json,
 * blobs/<alg>/<hex>), the latter as a tar or as a directory.  Layers may be
 * uncompressed, gzip or zstd (libarchive detects the filter).
 *
 * How it works: a tar is read once, streaming.  Small members (JSON
 * documents: manifest.json, index.json, manifests, configs) are kept in
 * memory; every other member is read on the spot as a layer (an archive
 * opened on top of the outer one's data, so nothing is extracted or copied
 * to disk) and kept as a list of changes (image_layer.c).  Once the whole
 * archive is read, the manifest says which layers, in which order, make
 * the image; they are merged and the result inventoried (sysroot.c).
 * Each component records the diff id (config rootfs.diff_ids) of the layer
 * holding the file it came from.  Config and manifest digests of an OCI
 * layout are checked against their content.
 */
#include "inventory/image.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/archive.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/json.h"

typedef struct {
	cw__img_ctx ctx;
	cw_arena arena;
	const char *dir;           /* OCI layout / docker directory, or NULL for a tar */
	cw_map blobs;              /* member name -> cw_slice* (small documents) */
	cw_map layers;             /* member name -> cw__img_layer* (tar mode) */
	CW_VEC(cw__img_layer *) all_layers;
} image;

/* ---- reading a tar ------------------------------------------------------ */

typedef struct {
	struct archive *outer;
	char buf[64 * 1024];
	uint64_t raw;
} nested;

static la_ssize_t nested_read(struct archive *a, void *data, const void **out)
{
	nested *n = data;
	la_ssize_t got = CW_ARCHIVE(archive_read_data)(n->outer, n->buf, sizeof(n->buf));
	(void)a;
	*out = n->buf;
	if (got > 0)
		n->raw += (uint64_t)got;
	return got;
}

/* Read a layer from `a` (opened) and keep it under `name`; non-tar members are ignored. */
static int keep_layer(image *img, struct archive *a, const char *name, bool *is_layer)
{
	cw__img_layer *ly = cw__arena_calloc(&img->arena, 1, sizeof(*ly));
	int error;
	*is_layer = false;
	if (!ly)
		return cw_error_last()->code;
	if ((error = cw_vec_push(&img->all_layers, ly)) < 0)
		return error;
	if ((error = cw__img_layer_read(&img->ctx, a, name, ly)) < 0)
		return error == CW_EUNSUPPORTED ? 0 : error;
	*is_layer = true;
	return cw__map_put(&img->layers, name, strlen(name), ly, NULL);
}

static int read_member(image *img, struct archive *outer, struct archive_entry *ae, const char *name)
{
	int64_t size = CW_ARCHIVE(archive_entry_size)(ae);
	struct archive *inner = NULL;
	bool is_layer;
	int error = 0;

	if (size >= 0 && (size_t)size <= IMG_SMALL_BLOB) {
		char *data = cw__arena_alloc(&img->arena, (size_t)size + 1);
		cw_slice *s = cw__arena_alloc(&img->arena, sizeof(*s));
		size_t len = 0;
		la_ssize_t got;
		if (!data || !s)
			return cw_error_last()->code;
		while (len < (size_t)size && (got = CW_ARCHIVE(archive_read_data)(outer, data + len, (size_t)size - len)) > 0)
			len += (size_t)got;
		if (len < (size_t)size)
			return cw__error_set(CW_EINVALID, "%s: %s truncated", img->ctx.image, name);
		data[len] = '\0';
		*s = (cw_slice){ data, len };
		size_t i = 0;
		while (i < len && cw_is_space(data[i]))
			i++;
		if (i < len && (data[i] == '{' || data[i] == '['))
			return cw__map_put(&img->blobs, name, strlen(name), s, NULL);
		/* A small layer. */
		if ((error = cw__archive_reader(&inner, false)) < 0)
			return error;
		if (CW_ARCHIVE(archive_read_open_memory)(inner, data, len) == ARCHIVE_OK)
			error = keep_layer(img, inner, name, &is_layer);
		CW_ARCHIVE(archive_read_free)(inner);
		return error;
	}
	nested *n = calloc(1, sizeof(*n));
	if (!n)
		return cw__error_oom();
	if ((error = cw__archive_reader(&inner, false)) < 0) {
		free(n);
		return error;
	}
	n->outer = outer;
	if (CW_ARCHIVE(archive_read_open2)(inner, n, NULL, nested_read, NULL, NULL) == ARCHIVE_OK) {
		if ((error = keep_layer(img, inner, name, &is_layer)) >= 0 && is_layer)
			error = cw__img_check_ratio(&img->ctx, inner, n->raw, name);
	}
	img->ctx.bytes += (uint64_t)(CW_ARCHIVE(archive_filter_bytes)(inner, 0) > 0 ? CW_ARCHIVE(archive_filter_bytes)(inner, 0) : 0);
	CW_ARCHIVE(archive_read_free)(inner);
	free(n);
	return error;
}

static int read_tar(image *img, const char *path)
{
	struct archive *a;
	struct archive_entry *ae;
	int rc, error;
	bool first = true;

	if ((error = cw__archive_reader(&a, false)) < 0)
		return error;
	if (CW_ARCHIVE(archive_read_open_filename)(a, path, 64 * 1024) != ARCHIVE_OK) {
		error = cw__error_set(CW_EUNSUPPORTED, "%s: %s", path, CW_ARCHIVE(archive_error_string)(a));
		goto done;
	}
	while ((rc = CW_ARCHIVE(archive_read_next_header)(a, &ae)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
		const char *raw = CW_ARCHIVE(archive_entry_pathname)(ae);
		char *name;
		first = false;
		if (++img->ctx.entries > IMG_MAX_ENTRIES) {
			error = cw__error_set(CW_ELIMIT, "%s: more than %zu entries", path, IMG_MAX_ENTRIES);
			goto done;
		}
		if (!raw || CW_ARCHIVE(archive_entry_filetype)(ae) != AE_IFREG)
			continue;
		while (raw[0] == '.' && raw[1] == '/')
			raw += 2;
		if (!(name = cw__arena_strdup(&img->arena, raw))) {
			error = cw_error_last()->code;
			goto done;
		}
		if ((error = read_member(img, a, ae, name)) < 0)
			goto done;
		if ((error = cw__img_check_ratio(&img->ctx, a, (uint64_t)CW_ARCHIVE(archive_filter_bytes)(a, -1), path)) < 0)
			goto done;
		if (img->ctx.bytes > IMG_MAX_BYTES) {
			error = cw__error_set(CW_ELIMIT, "%s: more than %llu uncompressed bytes", path,
			                      (unsigned long long)IMG_MAX_BYTES);
			goto done;
		}
	}
	if (rc != ARCHIVE_EOF)
		error = cw__error_set(first ? CW_EUNSUPPORTED : CW_EINVALID, "%s: %s", path,
		                      CW_ARCHIVE(archive_error_string)(a) ? CW_ARCHIVE(archive_error_string)(a) : "not a tar archive");
done:
	CW_ARCHIVE(archive_read_free)(a);
	return error;
}

/* ---- documents ---------------------------------------------------------- */

/* "sha256:<64 hex>" -> "blobs/sha256/<hex>"; NULL (with an error) when malformed. */
static const char *blob_path(image *img, const char *digest)
{
	size_t n = digest ? strlen(digest) : 0;
	if (n != 71 || strncmp(digest, "sha256:", 7) != 0 || strspn(digest + 7, "0123456789abcdef") != 64) {
		cw__error_set(CW_EINVALID, "%s: unsupported or malformed digest '%s'", img->ctx.image,
		              digest ? digest : "(none)");
		return NULL;
	}
	return cw__arena_printf(&img->arena, "blobs/sha256/%s", digest + 7);
}

/* A safe relative member name of a docker directory (no "..", not absolute). */
static bool safe_name(const char *name)
{
	if (!name[0] || name[0] == '/')
		return false;
	for (const char *p = name; (p = strstr(p, "..")) != NULL; p += 2)
		if ((p == name || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
			return false;
	return true;
}

/* The document `name`: from memory (tar) or the directory. */
static int get_doc(image *img, const char *name, cw_json **out, cw_slice *bytes)
{
	cw_slice *s = cw__map_get(&img->blobs, name, strlen(name));
	cw_slice local;
	char *where = NULL;
	int error;

	if (!s && img->dir) {
		cw_buf b = CW_BUF_INIT;
		if (!safe_name(name))
			return cw__error_set(CW_EINVALID, "%s: unsafe member name '%s'", img->ctx.image, name);
		if (!(where = cw__arena_printf(&img->arena, "%s/%s", img->dir, name)))
			return cw_error_last()->code;
		b.max = IMG_SMALL_BLOB * 16 + 1;
		if ((error = cw__file_read(&b, where, IMG_SMALL_BLOB * 16)) < 0) {
			cw__buf_free(&b);
			return error;
		}
		local.ptr = cw__arena_strndup(&img->arena, b.ptr ? b.ptr : "", b.len);
		local.len = b.len;
		cw__buf_free(&b);
		if (!local.ptr)
			return cw_error_last()->code;
		s = &local;
	}
	if (!s)
		return cw__error_set(CW_ENOTFOUND, "%s: no %s in the image", img->ctx.image, name);
	if (bytes)
		*bytes = *s;
	if (!where && !(where = cw__arena_printf(&img->arena, "%s:%s", img->ctx.image, name)))
		return cw_error_last()->code;
	return cw__json_parse(out, s->ptr, s->len, where);
}

static const char *sha256_of(image *img, cw_slice s)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	crypto_hash_sha256(h, (const unsigned char *)s.ptr, s.len);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	return cw__arena_printf(&img->arena, "sha256:%s", hex);
}

static const char *dupj(image *img, const char *s)
{
	return s ? cw__arena_strdup(&img->arena, s) : NULL;
}

static const char *inv_dup(cw_inventory *inv, const char *s)
{
	return s ? cw__arena_strdup(&inv->arena, s) : NULL;
}

typedef struct {
	const char *config;          /* member name of the config */
	CW_VEC(const char *) layers; /* member names, bottom first */
	const char *ref, *manifest_digest, *config_digest;
} plan;

static int plan_docker(image *img, plan *p)
{
	cw_json *m = NULL;
	int error;
	if ((error = get_doc(img, "manifest.json", &m, NULL)) < 0)
		return error;
	json_t *first = json_array_get(m, 0);
	json_t *layers = json_object_get(first, "Layers");
	if (!json_is_object(first) || !json_is_array(layers) || !cw__json_get_str(first, "Config")) {
		error = cw__error_set(CW_EINVALID, "%s: manifest.json: expected [{\"Config\", \"Layers\"}]", img->ctx.image);
		goto done;
	}
	p->config = dupj(img, cw__json_get_str(first, "Config"));
	p->ref = dupj(img, json_string_value(json_array_get(json_object_get(first, "RepoTags"), 0)));
	for (size_t i = 0; i < json_array_size(layers); i++) {
		const char *l = json_string_value(json_array_get(layers, i));
		const char *copy = dupj(img, l);
		if (!l || !copy || !safe_name(l)) {
			error = cw__error_set(CW_EINVALID, "%s: manifest.json: Layers[%zu] is not a relative path",
			                      img->ctx.image, i);
			goto done;
		}
		if ((error = cw_vec_push(&p->layers, copy)) < 0)
			goto done;
	}
done:
	cw__json_free(m);
	return error;
}

/* Pick the manifest of an index: linux/amd64 when several, else the first. */
static json_t *pick_manifest(json_t *index)
{
	json_t *ms = json_object_get(index, "manifests"), *best = json_array_get(ms, 0);
	for (size_t i = 0; i < json_array_size(ms); i++) {
		json_t *pl = json_object_get(json_array_get(ms, i), "platform");
		const char *os = cw__json_get_str(pl, "os"), *arch = cw__json_get_str(pl, "architecture");
		if (os && arch && !strcmp(os, "linux") && !strcmp(arch, "amd64"))
			return json_array_get(ms, i);
	}
	return best;
}

static int plan_oci(image *img, plan *p)
{
	cw_json *index = NULL, *m = NULL;
	cw_slice bytes;
	int error;
	if ((error = get_doc(img, "index.json", &index, NULL)) < 0)
		return error;
	json_t *desc = pick_manifest(index);
	json_t *ann = json_object_get(index, "annotations");
	for (int depth = 0;; depth++) {
		const char *digest = cw__json_get_str(desc, "digest");
		const char *mt = cw__json_get_str(desc, "mediaType");
		const char *bp;
		json_t *a = json_object_get(desc, "annotations");
		if (!p->ref)
			p->ref = dupj(img, cw__json_get_str(a, "io.containerd.image.name"));
		if (!p->ref)
			p->ref = dupj(img, cw__json_get_str(a, "org.opencontainers.image.ref.name"));
		if (!desc || depth > 4 || !(bp = blob_path(img, digest))) {
			error = cw__error_set(CW_EINVALID, "%s: index.json: no usable manifest descriptor", img->ctx.image);
			goto done;
		}
		cw__json_free(m);
		m = NULL;
		if ((error = get_doc(img, bp, &m, &bytes)) < 0)
			goto done;
		const char *got = sha256_of(img, bytes);
		if (!got || strcmp(got, digest) != 0) {
			error = cw__error_set(CW_EINVALID, "%s: %s: content does not match its digest", img->ctx.image, bp);
			goto done;
		}
		if ((mt && strstr(mt, "index")) || json_object_get(m, "manifests")) {
			desc = pick_manifest(m);      /* a nested index */
			continue;
		}
		p->manifest_digest = dupj(img, digest);
		break;
	}
	(void)ann;
	const char *cd = cw__json_get_str(json_object_get(m, "config"), "digest");
	json_t *layers = json_object_get(m, "layers");
	if (!(p->config = blob_path(img, cd)) || !json_is_array(layers)) {
		error = cw__error_set(CW_EINVALID, "%s: manifest: expected config.digest and layers[]", img->ctx.image);
		goto done;
	}
	p->config_digest = dupj(img, cd);
	for (size_t i = 0; i < json_array_size(layers); i++) {
		const char *lp = blob_path(img, cw__json_get_str(json_array_get(layers, i), "digest"));
		if (!lp) {
			error = cw_error_last()->code;
			goto done;
		}
		if ((error = cw_vec_push(&p->layers, lp)) < 0)
			goto done;
	}
done:
	cw__json_free(index);
	cw__json_free(m);
	return error;
}

/* A layer of a directory image, read from its file. */
static int dir_layer(image *img, const char *name, cw__img_layer **out)
{
	char *path = cw__arena_printf(&img->arena, "%s/%s", img->dir, name);
	struct archive *a;
	int error;
	bool is_layer;

	if (!path)
		return cw_error_last()->code;
	if ((error = cw__archive_reader(&a, false)) < 0)
		return error;
	if (CW_ARCHIVE(archive_read_open_filename)(a, path, 64 * 1024) != ARCHIVE_OK) {
		error = cw__error_set(CW_ENOTFOUND, "%s: %s", path, CW_ARCHIVE(archive_error_string)(a));
		goto done;
	}
	if ((error = keep_layer(img, a, name, &is_layer)) < 0)
		goto done;
	if (!is_layer) {
		error = cw__error_set(CW_EINVALID, "%s: not a tar layer", path);
		goto done;
	}
	if ((error = cw__img_check_ratio(&img->ctx, a, (uint64_t)CW_ARCHIVE(archive_filter_bytes)(a, -1), name)) < 0)
		goto done;
	*out = cw__map_get(&img->layers, name, strlen(name));
done:
	CW_ARCHIVE(archive_read_free)(a);
	return error;
}

static int scan(image *img, bool oci)
{
	cw_inventory *inv = img->ctx.inv;
	plan p;
	cw_json *config = NULL;
	cw_slice cbytes;
	CW_VEC(cw__img_layer *) order = CW_VEC_INIT;
	const char **diff_ids = NULL;
	int error;

	memset(&p, 0, sizeof(p));
	if ((error = oci ? plan_oci(img, &p) : plan_docker(img, &p)) < 0)
		goto done;
	if (p.layers.len > IMG_MAX_LAYERS) {
		error = cw__error_set(CW_ELIMIT, "%s: more than %d layers", img->ctx.image, IMG_MAX_LAYERS);
		goto done;
	}
	if (!oci && !safe_name(p.config)) {
		error = cw__error_set(CW_EINVALID, "%s: manifest.json: Config is not a relative path", img->ctx.image);
		goto done;
	}
	if ((error = get_doc(img, p.config, &config, &cbytes)) < 0)
		goto done;
	const char *cdigest = sha256_of(img, cbytes);
	if (oci && (!cdigest || strcmp(cdigest, p.config_digest) != 0)) {
		error = cw__error_set(CW_EINVALID, "%s: %s: content does not match its digest", img->ctx.image, p.config);
		goto done;
	}
	json_t *ids = json_object_get(json_object_get(config, "rootfs"), "diff_ids");
	if (!(diff_ids = calloc(p.layers.len + 1, sizeof(char *)))) {
		error = cw__error_oom();
		goto done;
	}
	for (size_t i = 0; i < p.layers.len; i++) {
		cw__img_layer *ly = cw__map_get(&img->layers, p.layers.items[i], strlen(p.layers.items[i]));
		const char *id = json_string_value(json_array_get(ids, i));
		if (!ly && img->dir && (error = dir_layer(img, p.layers.items[i], &ly)) < 0)
			goto done;
		if (!ly) {
			error = cw__error_set(CW_EINVALID, "%s: layer %s is missing or not a tar", img->ctx.image,
			                      p.layers.items[i]);
			goto done;
		}
		if ((error = cw_vec_push(&order, ly)) < 0)
			goto done;
		/* Without a diff id the layer is named by its member name. */
		if (!(diff_ids[i] = inv_dup(inv, id ? id : p.layers.items[i]))) {
			error = cw_error_last()->code;
			goto done;
		}
	}
	if (!inv->image && !(inv->image = cw__arena_calloc(&inv->arena, 1, sizeof(*inv->image)))) {
		error = cw_error_last()->code;
		goto done;
	}
	inv->image->ref = inv_dup(inv, p.ref);
	inv->image->manifest_digest = inv_dup(inv, p.manifest_digest);
	inv->image->config_digest = inv_dup(inv, cdigest);
	inv->image->os = inv_dup(inv, cw__json_get_str(config, "os"));
	inv->image->architecture = inv_dup(inv, cw__json_get_str(config, "architecture"));
	const char **kept = cw__arena_calloc(&inv->arena, p.layers.len + 1, sizeof(char *));
	if (!kept) {
		error = cw_error_last()->code;
		goto done;
	}
	memcpy(kept, diff_ids, p.layers.len * sizeof(char *));
	inv->image->diff_ids = kept;
	inv->image->layer_count = p.layers.len;
	error = cw__img_merge_and_scan(&img->ctx, order.items, order.len, diff_ids);
done:
	cw__json_free(config);
	cw_vec_free(&order);
	cw_vec_free(&p.layers);
	free(diff_ids);
	return error;
}

static bool exists(const char *dir, const char *name)
{
	char path[4096];
	struct stat st;
	return snprintf(path, sizeof(path), "%s/%s", dir, name) < (int)sizeof(path) && stat(path, &st) == 0 &&
	       S_ISREG(st.st_mode);
}

/* An unpacked docker-archive: manifest.json is a JSON array (a web app's
 * or extension's manifest.json is an object, and stays a project file). */
static bool docker_dir(const char *dir)
{
	char path[4096], c = 0;
	FILE *fp;
	if (!exists(dir, "manifest.json") ||
	    snprintf(path, sizeof(path), "%s/manifest.json", dir) >= (int)sizeof(path) ||
	    !(fp = fopen(path, "r")))
		return false;
	for (int ch; (ch = fgetc(fp)) != EOF;)
		if (!cw_is_space(ch)) {
			c = (char)ch;
			break;
		}
	fclose(fp);
	return c == '[';
}

int cw__image_scan(cw_inventory *inv, const char *path)
{
	image img;
	struct stat st;
	int error;

	if (stat(path, &st) < 0)
		return cw__error_set(errno == ENOENT ? CW_ENOTFOUND : CW_EIO, "%s: %s", path, strerror(errno));
	memset(&img, 0, sizeof(img));
	img.ctx.inv = inv;
	img.ctx.arena = &img.arena;
	img.ctx.image = path;
	if (sodium_init() < 0)
		return cw__error_set(CW_EINTERNAL, "libsodium failed to initialise");
	if (S_ISDIR(st.st_mode)) {
		bool oci = exists(path, "oci-layout") && exists(path, "index.json");
		if (!oci && !docker_dir(path))
			return cw__error_set(CW_EUNSUPPORTED, "%s: not an image directory", path);
		img.dir = path;
		error = scan(&img, oci);
	} else {
		if ((error = read_tar(&img, path)) < 0)
			goto done;
		if (cw__map_get(&img.blobs, "index.json", 10) && cw__map_get(&img.blobs, "oci-layout", 10))
			error = scan(&img, true);
		else if (cw__map_get(&img.blobs, "manifest.json", 13))
			error = scan(&img, false);
		else if (cw__map_get(&img.blobs, "index.json", 10))
			error = scan(&img, true);
		else
			error = cw__error_set(CW_EUNSUPPORTED, "%s: an archive, but not a container image "
			                      "(no manifest.json or index.json)", path);
	}
done:
	cw__map_free(&img.blobs);
	cw__map_free(&img.layers);
	for (size_t i = 0; i < img.all_layers.len; i++)
		cw_vec_free(&img.all_layers.items[i]->entries);
	cw_vec_free(&img.all_layers);
	cw__arena_free(&img.arena);
	return error;
}
