/*
 * inventory/image.h - what image.c (image formats, manifests) and
 * image_layer.c (layer tars, whiteouts, the merged filesystem) share.
 */
#ifndef CW_INVENTORY_IMAGE_H
#define CW_INVENTORY_IMAGE_H

#include "util/lib_archive.h"
#include <stdint.h>

#include "inventory/inventory.h"

/* Caps against hostile images; exceeding one is a CW_ELIMIT error. */
#define IMG_MAX_ENTRIES      ((size_t)2000000)      /* entries over all layers */
#define IMG_MAX_BYTES        ((uint64_t)32 << 30)   /* uncompressed bytes read */
#define IMG_MAX_PATH         4096                   /* bytes in one entry name */
#define IMG_MAX_DEPTH        256                    /* path components */
#define IMG_MAX_RATIO        200                    /* uncompressed : compressed */
#define IMG_RATIO_FLOOR      ((uint64_t)64 << 20)   /* ratio checked past this size */
#define IMG_MAX_BUFFERED     ((size_t)1 << 30)      /* file contents kept */
#define IMG_MAX_WHITEOUT_WORK ((uint64_t)200000000) /* map visits for whiteouts */
#define IMG_MAX_LAYERS       1024
#define IMG_SMALL_BLOB       ((size_t)1 << 20)      /* JSON documents are buffered */

enum { E_FILE, E_DIR, E_LINK, E_HARDLINK, E_WHITEOUT, E_OPAQUE, E_OTHER };

typedef struct {
	const char *path;      /* normalised: no leading "./" or "/", no trailing '/' */
	uint8_t type;
	const char *data;      /* content of files the system scan reads, else NULL */
	size_t len;
	const char *link;      /* hard link target */
	bool go;               /* data is Go build information */
	const char *sha256;    /* hex digest of the executable (--hash) */
} cw__img_entry;

typedef struct {
	const char *name;      /* member name or file path it came from */
	CW_VEC(cw__img_entry) entries;
} cw__img_layer;

/* Limits and counters shared by all layers of one image. */
typedef struct {
	cw_inventory *inv;
	cw_arena *arena;       /* image-scoped */
	const char *image;     /* path, for messages */
	size_t entries;
	uint64_t bytes;
	size_t buffered;
} cw__img_ctx;

/* Read the layer tar behind `a` (opened by the caller, any filter) into `out`. */
int cw__img_layer_read(cw__img_ctx *ctx, struct archive *a, const char *name, cw__img_layer *out);
/* The ratio cap for `a` after `raw` compressed bytes went in. */
int cw__img_check_ratio(cw__img_ctx *ctx, struct archive *a, uint64_t raw, const char *name);

/* Merge layers bottom first and inventory the result; diff_ids[i] names layer i. */
int cw__img_merge_and_scan(cw__img_ctx *ctx, cw__img_layer *const *layers, size_t count,
                           const char *const *diff_ids);

#endif
