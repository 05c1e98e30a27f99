/*
 * osv_record_fuzzer.c - the OSV record parser (src/kb/osv.c) on arbitrary
 * bytes: each input is one record ingested into an in-memory KB, then the
 * alias groups are linked.  Must never crash, leak or hang; malformed
 * records are counted, never fatal.
 */
#include "kb_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cw_fuzz_kb(cw_kb_builder_add_osv_record, data, size);
	return 0;
}
