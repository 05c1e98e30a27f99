/*
 * rpm_header_fuzzer.c - the RPM header blob parser (as stored in
 * rpmdb.sqlite), every offset and string bounds-checked.
 */
#include <stddef.h>
#include <stdint.h>

#include "inventory/rpm_header.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cw_arena arena = CW_ARENA_INIT;
	cw__rpm_pkg pkg;
	(void)cw__rpm_header_parse(&pkg, &arena, data, size);
	cw__arena_free(&arena);
	return 0;
}
