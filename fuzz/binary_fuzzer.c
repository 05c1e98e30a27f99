/*
 * binary_fuzzer.c - build information inside binaries and archives: Go
 * build info (found by its magic anywhere in the input, also through the
 * streaming finder in odd chunk sizes) and Java archives (zip, nested).
 * The first byte picks the reader.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "inventory/inventory.h"
#include "inventory_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cw_inventory *inv = NULL;
	cw__extractor go = { "*", "Go binary", cw__extract_go_binary, false };
	cw__extractor jar = { "*.jar", "java archive", cw__extract_java_archive, false };
	if (size < 1 || cw_inventory_new(&inv) < 0)
		return 0;
	if (data[0] & 1) {
		(void)cw__inv_extract(inv, &jar, "fuzz.jar", NULL, (const char *)data + 1, size - 1, false);
	} else {
		/* Through the streaming finder, in chunks of 1..16 bytes. */
		cw__go_finder f;
		size_t chunk = (size_t)(data[0] >> 4) + 1;
		memset(&f, 0, sizeof(f));
		for (size_t off = 1; off < size && !f.done; off += chunk)
			if (cw__go_finder_feed(&f, (const char *)data + off, off + chunk <= size ? chunk : size - off) < 0)
				break;
		if (f.found)
			(void)cw__inv_extract(inv, &go, "fuzz", NULL, f.out.ptr, f.out.len, false);
		cw__buf_free(&f.out);
	}
	cw_sbom_options o = CW_SBOM_OPTIONS_INIT;
	(void)cw_sbom_write(inv, &o, cw_fuzz_discard, NULL);
	cw_inventory_free(inv);
	return 0;
}
