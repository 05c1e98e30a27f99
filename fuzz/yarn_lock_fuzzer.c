/* yarn_lock_fuzzer.c - yarn.lock, v1 and Berry (one line parser). */
#include "inventory_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cw_fuzz_inventory("yarn.lock", data, size);
	return 0;
}
