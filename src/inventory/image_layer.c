/*
 * image_layer.c - container image layers: reading one layer tar as a list
 * of changes, and merging the layers into the final filesystem.
 *
 * How it works: each layer is read once, streaming, into entries (path,
 * type, and content only for the few files the system scan reads: package
 * databases, os-release, installed package manifests; everything else is
 * skipped unread by libarchive).  Layers are then applied bottom first to a
 * map path -> (layer, content) following the OCI image spec's "Applying
 * changesets": a ".wh.NAME" entry deletes NAME (and its subtree) from the
 * lower layers, a ".wh..wh..opq" entry hides every lower-layer entry of its
 * directory; a whiteout never hides an entry of its own layer.  Reading
 * layers into changes first lets a docker-archive list its manifest after
 * the layers (docker save writes manifest.json last).
 *
 * Safety: nothing is written to disk.  Entry names are normalised ("./",
 * leading '/', "//") and names with ".." components are skipped; caps on
 * entries, path length and depth, bytes, buffered content and the
 * compression ratio (a decompression bomb gets a clear CW_ELIMIT error).
 */
#include "inventory/image.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"

/* Normalise `name` into the arena; NULL (and *skip) for ".." or empty names. */
static char *normalise(cw_arena *arena, const char *name, bool *skip)
{
	size_t n = strlen(name), o = 0, depth = 0;
	char *out = cw__arena_alloc(arena, n + 1);
	const char *p = name, *end = name + n;

	*skip = false;
	if (!out)
		return NULL;
	while (p < end) {
		const char *slash = memchr(p, '/', (size_t)(end - p));
		size_t len = slash ? (size_t)(slash - p) : (size_t)(end - p);
		if (len == 0 || (len == 1 && p[0] == '.')) {
			/* "//" and "./" components vanish */
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
			*skip = true;
			return out;
		} else {
			if (o)
				out[o++] = '/';
			memcpy(out + o, p, len);
			o += len;
			depth++;
		}
		p += len + (slash ? 1 : 0);
	}
	out[o] = '\0';
	if (!o || depth > IMG_MAX_DEPTH)
		*skip = true;
	return out;
}

int cw__img_check_ratio(cw__img_ctx *ctx, struct archive *a, uint64_t raw, const char *name)
{
	int64_t out = CW_ARCHIVE(archive_filter_bytes)(a, 0);
	if (out > 0 && (uint64_t)out > IMG_RATIO_FLOOR && raw && (uint64_t)out / raw > IMG_MAX_RATIO)
		return cw__error_set(CW_ELIMIT, "%s: %s: compression ratio above %d:1 after %lld bytes "
		                     "(a decompression bomb?)", ctx->image, name, IMG_MAX_RATIO, (long long)out);
	return 0;
}

static int read_content(cw__img_ctx *ctx, struct archive *a, const char *name, const char *path,
                        int64_t size, size_t cap, cw__img_entry *e)
{
	char *data;
	la_ssize_t got;
	size_t len = 0;

	if (size < 0 || (uint64_t)size > cap)
		return cw__error_set(CW_ELIMIT, "%s: %s: /%s is %lld bytes, more than the %zu read for it",
		                     ctx->image, name, path, (long long)size, cap);
	if (ctx->buffered + (size_t)size > IMG_MAX_BUFFERED)
		return cw__error_set(CW_ELIMIT, "%s: more than %zu bytes of package metadata", ctx->image,
		                     IMG_MAX_BUFFERED);
	if (!(data = cw__arena_alloc(ctx->arena, (size_t)size + 1)))
		return cw_error_last()->code;
	while (len < (size_t)size && (got = CW_ARCHIVE(archive_read_data)(a, data + len, (size_t)size - len)) > 0)
		len += (size_t)got;
	if (len < (size_t)size)
		return cw__error_set(CW_EINVALID, "%s: %s: /%s truncated (%zu of %lld bytes): %s", ctx->image, name,
		                     path, len, (long long)size, CW_ARCHIVE(archive_error_string)(a) ? CW_ARCHIVE(archive_error_string)(a) : "end of data");
	data[len] = '\0';
	ctx->buffered += len;
	e->data = data;
	e->len = len;
	return 0;
}

/* Skip a large entry block by block, checking the ratio as it decompresses
 * (libarchive's own skip would inflate a bomb entry to its end first). */
static int drain(cw__img_ctx *ctx, struct archive *a, const char *name)
{
	const void *buf;
	size_t size;
	la_int64_t off;
	int rc, error;
	while ((rc = CW_ARCHIVE(archive_read_data_block)(a, &buf, &size, &off)) == ARCHIVE_OK) {
		if ((error = cw__img_check_ratio(ctx, a, (uint64_t)CW_ARCHIVE(archive_filter_bytes)(a, -1), name)) < 0)
			return error;
	}
	if (rc != ARCHIVE_EOF)
		return cw__error_set(CW_EINVALID, "%s: %s: %s", ctx->image, name,
		                     CW_ARCHIVE(archive_error_string)(a) ? CW_ARCHIVE(archive_error_string)(a) : "corrupt entry");
	return 0;
}

/* An executable: read it through, keeping Go build information if any. */
static int go_scan(cw__img_ctx *ctx, struct archive *a, const char *name, cw__img_entry *e)
{
	cw__go_finder f;
	const void *buf;
	size_t size;
	la_int64_t off;
	int rc, error = 0;
	bool first = true;

	crypto_hash_sha256_state sha;
	bool hashing = ctx->inv->hash_files;

	memset(&f, 0, sizeof(f));
	crypto_hash_sha256_init(&sha);
	while ((rc = CW_ARCHIVE(archive_read_data_block)(a, &buf, &size, &off)) == ARCHIVE_OK) {
		if (first && !cw__go_exec_magic(buf, size))
			break;       /* not a binary: the rest is skipped */
		first = false;
		if ((error = cw__img_check_ratio(ctx, a, (uint64_t)CW_ARCHIVE(archive_filter_bytes)(a, -1), name)) < 0 ||
		    (error = cw__go_finder_feed(&f, buf, size)) < 0)
			goto done;
		if (hashing)
			crypto_hash_sha256_update(&sha, buf, size);
		else if (f.done)
			break;
	}
	if (rc != ARCHIVE_EOF && rc != ARCHIVE_OK) {
		error = cw__error_set(CW_EINVALID, "%s: %s: %s", ctx->image, name,
		                      CW_ARCHIVE(archive_error_string)(a) ? CW_ARCHIVE(archive_error_string)(a) : "corrupt entry");
		goto done;
	}
	if (f.found && f.out.len) {
		char *copy;
		if (ctx->buffered + f.out.len > IMG_MAX_BUFFERED) {
			error = cw__error_set(CW_ELIMIT, "%s: more than %zu bytes of package metadata", ctx->image,
			                      IMG_MAX_BUFFERED);
			goto done;
		}
		if (!(copy = cw__arena_alloc(ctx->arena, f.out.len))) {
			error = cw_error_last()->code;
			goto done;
		}
		memcpy(copy, f.out.ptr, f.out.len);
		ctx->buffered += f.out.len;
		e->data = copy;
		e->len = f.out.len;
		e->go = true;
		if (hashing && rc == ARCHIVE_EOF) {
			unsigned char d[crypto_hash_sha256_BYTES];
			char *hex = cw__arena_alloc(ctx->arena, 2 * sizeof(d) + 1);
			if (!hex) {
				error = cw_error_last()->code;
				goto done;
			}
			crypto_hash_sha256_final(&sha, d);
			sodium_bin2hex(hex, 2 * sizeof(d) + 1, d, sizeof(d));
			e->sha256 = hex;
		}
	}
done:
	cw__buf_free(&f.out);
	return error;
}

int cw__img_layer_read(cw__img_ctx *ctx, struct archive *a, const char *name, cw__img_layer *out)
{
	struct archive_entry *ae;
	int rc, error = 0;
	bool first = true;

	out->name = name;
	if ((error = cw__archive_load()) < 0) /* loaded by the image, unless called alone */
		return error;
	while ((rc = CW_ARCHIVE(archive_read_next_header)(a, &ae)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
		const char *raw = CW_ARCHIVE(archive_entry_pathname)(ae);
		cw__img_entry e;
		bool skip;
		size_t cap;
		char *path;

		first = false;
		if (++ctx->entries > IMG_MAX_ENTRIES)
			return cw__error_set(CW_ELIMIT, "%s: more than %zu entries", ctx->image, IMG_MAX_ENTRIES);
		if (!raw)
			continue;
		if (strlen(raw) > IMG_MAX_PATH)
			return cw__error_set(CW_ELIMIT, "%s: %s: entry name longer than %d bytes", ctx->image, name,
			                     IMG_MAX_PATH);
		if (!(path = normalise(ctx->arena, raw, &skip)))
			return cw_error_last()->code;
		if (skip)
			continue;
		memset(&e, 0, sizeof(e));
		e.path = path;
		char *base = strrchr(path, '/');
		base = base ? base + 1 : path;
		if (!strcmp(base, ".wh..wh..opq")) {
			e.type = E_OPAQUE;
			base[base == path ? 0 : -1] = '\0';   /* the directory itself */
		} else if (!strncmp(base, ".wh.", 4)) {
			e.type = E_WHITEOUT;
			memmove(base, base + 4, strlen(base + 4) + 1);
			if (!base[0])
				continue;
		} else if (CW_ARCHIVE(archive_entry_hardlink)(ae)) {
			e.type = E_HARDLINK;
			if (!(e.link = normalise(ctx->arena, CW_ARCHIVE(archive_entry_hardlink)(ae), &skip)) || skip)
				e.link = NULL;
		} else {
			switch (CW_ARCHIVE(archive_entry_filetype)(ae)) {
			case AE_IFREG: e.type = E_FILE; break;
			case AE_IFDIR: e.type = E_DIR; break;
			case AE_IFLNK: e.type = E_LINK; break;
			default: e.type = E_OTHER; break;
			}
		}
		if ((error = cw__img_check_ratio(ctx, a, (uint64_t)CW_ARCHIVE(archive_filter_bytes)(a, -1), name)) < 0)
			return error;
		if (e.type == E_FILE && (CW_ARCHIVE(archive_entry_mode)(ae) & 0111) && CW_ARCHIVE(archive_entry_size)(ae) >= 1024 &&
		    !cw__sysroot_wants(path, &cap)) {
			if ((error = go_scan(ctx, a, name, &e)) < 0)
				return error;
		} else if (e.type == E_FILE && CW_ARCHIVE(archive_entry_size)(ae) > (int64_t)(16 << 20) &&
		           !cw__sysroot_wants(path, &cap) && (error = drain(ctx, a, name)) < 0) {
			return error;
		}
		if (e.type == E_FILE && cw__sysroot_wants(path, &cap)) {
			if ((error = read_content(ctx, a, name, path, CW_ARCHIVE(archive_entry_size)(ae), cap, &e)) < 0) {
				if (error != CW_ELIMIT || ctx->buffered > IMG_MAX_BUFFERED / 2)
					return error;
				/* One oversized file: report it, keep going. */
				if ((error = cw__inv_fail(ctx->inv, cw_error_last()->message)) < 0)
					return error;
			}
		}
		if ((error = cw_vec_push(&out->entries, e)) < 0)
			return error;
	}
	if (rc != ARCHIVE_EOF) {
		if (first)
			return cw__error_set(CW_EUNSUPPORTED, "%s: %s: not a tar layer: %s", ctx->image, name,
			                     CW_ARCHIVE(archive_error_string)(a) ? CW_ARCHIVE(archive_error_string)(a) : "unknown format");
		return cw__error_set(CW_EINVALID, "%s: %s: %s", ctx->image, name,
		                     CW_ARCHIVE(archive_error_string)(a) ? CW_ARCHIVE(archive_error_string)(a) : "corrupt tar");
	}
	return 0;
}

/* ---- merging ------------------------------------------------------------ */

typedef struct {
	uint32_t layer;
	uint8_t type;
	bool deleted;
	bool go;
	const char *sha256;
	const char *data;
	size_t len;
} node;

typedef struct {
	cw_map map;
	const char *const *diff_ids;
	uint64_t work;
} merged;

/* Hide the lower-layer entries under `dir` ("" = everything) and, for a
 * whiteout, `dir` itself. */
static int hide(merged *m, const cw__img_ctx *ctx, const char *dir, uint32_t layer, bool self)
{
	size_t n = strlen(dir), it = 0;
	cw_map_entry *me;
	if (self) {
		node *x = cw__map_get(&m->map, dir, n);
		if (x && x->layer < layer)
			x->deleted = true;
	}
	m->work += m->map.count;
	if (m->work > IMG_MAX_WHITEOUT_WORK)
		return cw__error_set(CW_ELIMIT, "%s: too many whiteouts for the number of files", ctx->image);
	while ((me = cw__map_next(&m->map, &it)) != NULL) {
		node *x = me->value;
		if (x->layer >= layer || x->deleted)
			continue;
		if (n == 0 || (me->key_len > n && !memcmp(me->key, dir, n) && me->key[n] == '/'))
			x->deleted = true;
	}
	return 0;
}

/* An earlier version of a package database, from a lower layer. */
typedef struct {
	const char *path;
	uint32_t layer;
	const char *data;
	size_t len;
} db_version;

static bool is_database(const char *path)
{
	const cw__sys_extractor *ex = cw__sys_extractor_for_path(path);
	return ex && ex->basename;     /* one file for many packages */
}

/* "name\nversion\narch" of a component, in the arena. */
static const char *pkg_key(cw_arena *arena, const cw_component *c)
{
	return cw__arena_printf(arena, "%s\n%s\n%s", c->name, c->version ? c->version : "",
	                        c->arch ? c->arch : "");
}

/*
 * A package database is rewritten by every layer that installs something,
 * so the layer holding its final version did not introduce most of the
 * packages in it.  The layer that introduced a package is the lowest one
 * whose version of the database lists it (same name, version and arch):
 * each earlier version is parsed again and the components of the final one
 * get that layer's diff id.
 */
static int attribute_layers(cw__img_ctx *ctx, const db_version *hist, size_t nhist, size_t first_comp,
                            const char *const *diff_ids)
{
	cw_inventory *inv = ctx->inv;
	cw_map first = CW_MAP_INIT;      /* key -> layer + 1 */
	int error = 0;

	for (size_t h = 0; h < nhist; h++) {
		const cw__sys_extractor *sx = cw__sys_extractor_for_path(hist[h].path);
		cw__extractor ex = { sx->path, sx->format, sx->extract, false };
		cw_inventory *tmp = NULL;
		if ((error = cw_inventory_new(&tmp)) < 0)
			goto done;
		/* A version that does not parse attributes nothing. */
		(void)cw__inv_extract(tmp, &ex, hist[h].path, NULL, hist[h].data, hist[h].len, false);
		for (size_t i = 0; i < tmp->comps.len; i++) {
			const char *k = pkg_key(ctx->arena, &tmp->comps.items[i]->pub);
			if (!k) {
				error = cw_error_last()->code;
				cw_inventory_free(tmp);
				goto done;
			}
			if (!cw__map_get(&first, k, strlen(k)) &&
			    (error = cw__map_put(&first, k, strlen(k), (void *)(uintptr_t)(hist[h].layer + 1), NULL)) < 0) {
				cw_inventory_free(tmp);
				goto done;
			}
		}
		cw_inventory_free(tmp);
		/* Components of the final version and the same database file only. */
		for (size_t i = first_comp; i < inv->comps.len; i++) {
			cw__comp *c = inv->comps.items[i];
			if (!c->pub.file || strcmp(c->pub.file + 1, hist[h].path) != 0)
				continue;
			const char *k = pkg_key(ctx->arena, &c->pub);
			uintptr_t l = k ? (uintptr_t)cw__map_get(&first, k, strlen(k)) : 0;
			if (l)
				c->pub.layer = diff_ids[l - 1];
		}
	}
done:
	cw__map_free(&first);
	return error;
}

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const cw__sysfile *)a)->path, ((const cw__sysfile *)b)->path);
}

int cw__img_merge_and_scan(cw__img_ctx *ctx, cw__img_layer *const *layers, size_t count,
                           const char *const *diff_ids)
{
	merged m = { CW_MAP_INIT, diff_ids, 0 };
	CW_VEC(cw__sysfile) files = CW_VEC_INIT;
	CW_VEC(db_version) hist = CW_VEC_INIT;
	size_t first_comp = ctx->inv->comps.len;
	cw_map_entry *me;
	size_t it = 0;
	int error = 0;

	for (uint32_t l = 0; l < count; l++) {
		const cw__img_layer *ly = layers[l];
		for (size_t i = 0; i < ly->entries.len; i++) {
			const cw__img_entry *e = &ly->entries.items[i];
			size_t n = strlen(e->path);
			node *x;
			if (e->type == E_OPAQUE || e->type == E_WHITEOUT) {
				if ((error = hide(&m, ctx, e->path, l, e->type == E_WHITEOUT)) < 0)
					goto done;
				continue;
			}
			x = cw__map_get(&m.map, e->path, n);
			if (x && x->type == E_DIR && e->type != E_DIR && !x->deleted &&
			    (error = hide(&m, ctx, e->path, l, false)) < 0)
				goto done;
			if (!x) {
				if (!(x = cw__arena_calloc(ctx->arena, 1, sizeof(*x)))) {
					error = cw_error_last()->code;
					goto done;
				}
				if ((error = cw__map_put(&m.map, e->path, n, x, NULL)) < 0)
					goto done;
			}
			if (e->type == E_FILE && e->data && is_database(e->path) &&
			    (error = cw_vec_push(&hist, ((db_version){ e->path, l, e->data, e->len }))) < 0)
				goto done;
			x->layer = l;
			x->type = e->type;
			x->deleted = false;
			x->data = e->data;
			x->len = e->len;
			x->go = e->go;
			x->sha256 = e->sha256;
			if (e->type == E_HARDLINK && e->link) {
				node *t = cw__map_get(&m.map, e->link, strlen(e->link));
				if (t && !t->deleted) {
					x->data = t->data;
					x->len = t->len;
				}
			}
		}
	}
	while ((me = cw__map_next(&m.map, &it)) != NULL) {
		node *x = me->value;
		if (x->deleted || !x->data || (x->type != E_FILE && x->type != E_HARDLINK))
			continue;
		if ((error = cw_vec_push(&files, ((cw__sysfile){ me->key, x->data, x->len, diff_ids[x->layer],
		                                                 x->go ? cw__extract_go_binary : NULL, x->sha256 }))) < 0)
			goto done;
	}
	if (files.len)
		qsort(files.items, files.len, sizeof(cw__sysfile), cmp_file);
	if ((error = cw__sysroot_scan(ctx->inv, files.items, files.len, "")) < 0)
		goto done;
	/* Versions of the databases that survive, bottom first. */
	for (size_t i = 0, k = 0; i < hist.len; i++) {
		node *x = cw__map_get(&m.map, hist.items[i].path, strlen(hist.items[i].path));
		if (x && !x->deleted && x->data)
			hist.items[k++] = hist.items[i];
		if (i + 1 == hist.len)
			hist.len = k;
	}
	error = attribute_layers(ctx, hist.items, hist.len, first_comp, diff_ids);
done:
	cw_vec_free(&hist);
	cw_vec_free(&files);
	cw__map_free(&m.map);
	return error;
}
