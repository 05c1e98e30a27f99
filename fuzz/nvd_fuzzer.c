/*
 * nvd_fuzzer.c - the NVD CVE API 2.0 parser (src/kb/nvd.c) on arbitrary
 * bytes: each input is one API page / feed document ingested into an
 * in-memory KB, then the alias groups are linked.
 */
#include "kb_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cw_fuzz_kb(cw_kb_builder_add_nvd_data, data, size);
	return 0;
}
