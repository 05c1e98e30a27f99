/*
 * kb_zip_fuzzer.c - the KB's zip reader (src/kb/zip.c) on arbitrary bytes:
 * central directory, ZIP64 records, local headers and deflate streams all
 * come from the input.  Must never crash, read out of bounds, leak or
 * hang; every member handed over must have the size and CRC-32 the
 * archive claims.
 */
#include <libdeflate.h>
#include <stdint.h>
#include <stdlib.h>

#include "kb/kb_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int member(void *ctx, const char *name, const char *bytes, size_t len,
                  const cw__kb_packed *packed)
{
	(void)ctx;
	if (!name || (len && !bytes) || bytes[len] != '\0')
		abort();
	if (packed && libdeflate_crc32(0, bytes, len) != packed->crc32)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cw_log_set_level(CW_LOG_ERROR);
	(void)cw__kb_zip_each_mem("fuzz.zip", data, size, member, NULL);
	return 0;
}
