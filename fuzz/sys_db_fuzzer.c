/*
 * sys_db_fuzzer.c - the text files of root filesystems: dpkg status, apk
 * installed, python METADATA, Ruby gemspec and os-release.  The first byte
 * picks the reader; the rest is the file.  The SBOM writers then see the
 * model.
 */
#include <string.h>

#include "inventory/inventory.h"
#include "inventory_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const cw__extractor ex[] = {
		{ "status", "dpkg", cw__extract_dpkg_status, false },
		{ "installed", "apk", cw__extract_apk_installed, false },
		{ "METADATA", "python", cw__extract_python_metadata, false },
		{ "x.gemspec", "gem", cw__extract_gemspec, false },
	};
	cw_inventory *inv = NULL;
	cw_sbom_options o = CW_SBOM_OPTIONS_INIT;
	if (size < 1 || cw_inventory_new(&inv) < 0)
		return 0;
	unsigned pick = data[0] % 5;
	if (pick == 4) {
		cw__os_release os;
		cw_arena arena = CW_ARENA_INIT;
		(void)cw__os_release_parse(&os, &arena, "os-release", (const char *)data + 1, size - 1);
		cw__arena_free(&arena);
	} else {
		(void)cw__inv_extract(inv, &ex[pick], ex[pick].pattern, NULL, (const char *)data + 1, size - 1, false);
	}
	o.deterministic = true;
	(void)cw_sbom_write(inv, &o, cw_fuzz_discard, NULL);
	o.format = CW_SBOM_SPDX_JSON;
	(void)cw_sbom_write(inv, &o, cw_fuzz_discard, NULL);
	cw_inventory_free(inv);
	return 0;
}
