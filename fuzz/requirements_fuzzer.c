/* requirements_fuzzer.c - pip requirements files (logical lines, options,
 * PEP 508 requirements, URLs, hashes); in memory, so includes are skipped. */
#include "inventory_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cw_fuzz_inventory("requirements.txt", data, size);
	return 0;
}
