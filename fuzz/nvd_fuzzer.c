/*
 * nvd_fuzzer.c - the NVD CVE API 2.0 parser (src/kb/nvd.c) on arbitrary
 * bytes: each input is one API page / feed document ingested into an
 * in-memory KB, then the alias groups are linked.
 */
#include <stddef.h>
#include <stdint.h>

#include "chainwarden/kb.h"
#include "chainwarden/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cw_kb_builder *b = NULL;
	cw_kb_build_stats stats;
	cw_log_set_level(CW_LOG_ERROR);
	if (cw_kb_builder_new(&b, NULL, NULL) < 0)
		return 0;
	if (cw_kb_builder_add_nvd_data(b, (const char *)data, size, "fuzz") == 0)
		(void)cw_kb_builder_finish(b, &stats);
	cw_kb_builder_free(b);
	return 0;
}
