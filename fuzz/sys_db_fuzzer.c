/*
 * sys_db_fuzzer.c - the text package databases of root filesystems: dpkg
 * status, apk installed and python METADATA.  The first byte picks the
 * file kind; the rest is the file.  The SBOM writers then see the model.
 */
#include "inventory_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "var/lib/dpkg/status", "lib/apk/db/installed" };
	if (size < 1)
		return 0;
	cw_fuzz_inventory(names[data[0] % 2], data + 1, size - 1);
	return 0;
}
