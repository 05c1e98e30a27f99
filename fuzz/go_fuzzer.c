/* go_fuzzer.c - the Go family: the first byte picks go.mod, go.sum or
 * vendor/modules.txt, the rest is the file. */
#include "inventory_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "go.mod", "go.sum", "vendor/modules.txt" };
	if (!size)
		return 0;
	cw_fuzz_inventory(names[data[0] % 3], data + 1, size - 1);
	return 0;
}
