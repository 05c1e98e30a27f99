/*
 * scan_vex_cyclonedx_fuzzer.c - the VEX reader on arbitrary bytes, seeded with
 * CycloneDX VEX documents (specVersion 1.4-1.6, bom-refs, BOM-Links); see scan_vex_fuzz.h.
 */
#include "scan_vex_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return cw_fuzz_vex(data, size);
}
