/* pnpm_lock_fuzzer.c - pnpm-lock.yaml 5.x-9 (libyaml node tree + extractor). */
#include "inventory_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cw_fuzz_inventory("pnpm-lock.yaml", data, size);
	return 0;
}
