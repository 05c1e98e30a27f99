/* mix_lock_fuzzer.c - Elixir mix.lock (term reader + extractor). */
#include "inventory_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cw_fuzz_inventory("mix.lock", data, size);
	return 0;
}
