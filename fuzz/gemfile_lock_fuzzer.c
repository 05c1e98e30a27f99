/* gemfile_lock_fuzzer.c - Bundler's Gemfile.lock (line parser, CHECKSUMS, graph). */
#include "inventory_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cw_fuzz_inventory("Gemfile.lock", data, size);
	return 0;
}
