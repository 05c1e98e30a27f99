/*
 * osv_record_fuzzer.c - the OSV record parser (src/kb/osv.c) on arbitrary
 * bytes: each input is one record ingested into an in-memory KB, then the
 * alias groups are linked.  Must never crash, leak or hang; malformed
 * records are counted, never fatal.
 */
#include <stddef.h>
#include <stdint.h>

#include "chainwarden/kb.h"
#include "chainwarden/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * One in-memory KB is reused for many inputs (creating the schema per input
 * would make fuzzing ~100x slower); every 256 inputs it is finished (alias
 * groups linked) and a fresh one started, so state stays small.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static cw_kb_builder *b;
	static unsigned n;
	cw_kb_build_stats stats;
	cw_log_set_level(CW_LOG_ERROR);
	if (!b && cw_kb_builder_new(&b, NULL, NULL) < 0)
		return 0;
	int rc = cw_kb_builder_add_osv_record(b, (const char *)data, size, "fuzz");
	/* a document that is not NVD/OSV at all is rejected without touching
	 * the KB; other errors (I/O, memory) start over with a fresh KB */
	if ((rc < 0 && rc != CW_EINVALID) || ++n % 256 == 0) {
		(void)cw_kb_builder_finish(b, &stats);
		cw_kb_builder_free(b);
		b = NULL;
	}
	return 0;
}
