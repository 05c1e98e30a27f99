/*
 * kb_fuzz.h - shared body of the KB ingestion fuzz harnesses (NVD pages,
 * OSV records): each input goes through one cw_kb_builder_add_* function
 * into an in-memory KB.
 *
 * One in-memory KB is reused for many inputs (creating the schema per input
 * would make fuzzing ~100x slower); every 256 inputs it is finished (alias
 * groups linked) and a fresh one started, so state stays small.
 */
#ifndef CW_FUZZ_KB_FUZZ_H
#define CW_FUZZ_KB_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "chainwarden/kb.h"
#include "chainwarden/log.h"

typedef int (*cw_fuzz_kb_add)(cw_kb_builder *b, const char *data, size_t len,
                              const char *source);

static void cw_fuzz_kb(cw_fuzz_kb_add add, const uint8_t *data, size_t size)
{
	static cw_kb_builder *b;
	static unsigned n;
	cw_kb_build_stats stats;
	cw_log_set_level(CW_LOG_ERROR);
	if (!b && cw_kb_builder_new(&b, NULL, NULL) < 0)
		return;
	int rc = add(b, (const char *)data, size, "fuzz");
	/* a document that is not NVD/OSV at all is rejected without touching
	 * the KB; other errors (I/O, memory) start over with a fresh KB */
	if ((rc < 0 && rc != CW_EINVALID) || ++n % 256 == 0) {
		(void)cw_kb_builder_finish(b, &stats);
		cw_kb_builder_free(b);
		b = NULL;
	}
}

#endif
