/*
 * kb_licenses_fuzzer.c - SPDX license list documents (licenses.json,
 * exceptions.json, the npm spdx-license-list forms) into an in-memory KB
 * (cw_kb_builder_add_license_data).  Invariants: no crash, no leak, no
 * unbounded memory; malformed entries are skipped, not fatal.
 */
#include "kb_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cw_fuzz_kb(cw_kb_builder_add_license_data, data, size);
	return 0;
}
