/*
 * scan_vex_openvex_fuzzer.c - the VEX reader on arbitrary bytes, seeded with
 * OpenVEX documents (v0.2.0 and v0.0.x forms); see scan_vex_fuzz.h.
 */
#include "scan_vex_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return cw_fuzz_vex(data, size);
}
