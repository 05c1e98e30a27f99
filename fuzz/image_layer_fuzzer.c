/*
 * image_layer_fuzzer.c - the container layer walker: the input is read as
 * one layer (tar, optionally gzip or zstd compressed) by the same code as
 * image layers (entry names, whiteouts, content caps), then merged and
 * inventoried (os-release, package databases, installed packages).
 */
#include <archive.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "inventory/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cw_inventory *inv = NULL;
	cw_arena arena = CW_ARENA_INIT;
	cw__img_layer layer;
	cw__img_layer *layers[1] = { &layer };
	const char *ids[1] = { "sha256:fuzz" };
	struct archive *a = archive_read_new();
	cw__img_ctx ctx;

	memset(&layer, 0, sizeof(layer));
	if (!a || cw_inventory_new(&inv) < 0)
		goto done;
	memset(&ctx, 0, sizeof(ctx));
	ctx.inv = inv;
	ctx.arena = &arena;
	ctx.image = "fuzz.tar";
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_filter_none(a);
	archive_read_support_format_tar(a);
	if (archive_read_open_memory(a, data, size) != ARCHIVE_OK)
		goto done;
	if (cw__img_layer_read(&ctx, a, "layer", &layer) < 0)
		goto done;
	(void)cw__img_merge_and_scan(&ctx, layers, 1, ids);
done:
	cw_vec_free(&layer.entries);
	archive_read_free(a);
	cw_inventory_free(inv);
	cw__arena_free(&arena);
	return 0;
}
