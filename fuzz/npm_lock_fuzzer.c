/*
 * npm_lock_fuzzer.c - the JSON family of npm inputs: package-lock.json
 * (v1-v3, the pull tokenizer), bun.lock (JSONC) and package.json.  The
 * first byte picks the file kind; the rest is the file.
 */
#include "inventory_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "package-lock.json", "bun.lock", "package.json" };
	if (size < 1)
		return 0;
	cw_fuzz_inventory(names[data[0] % 3], data + 1, size - 1);
	return 0;
}
