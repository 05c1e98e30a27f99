/* inspect_archive_fuzzer.c - `chainwarden inspect` on hostile input with the
 * built-in rules: the bytes as an archive (tar in any compression, zip) with
 * small caps, then as one file's content (prefilter, patterns, literal
 * scanner, detectors, package.json scripts).  No crash, hang or leak. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chainwarden/inspect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static cw_inspect_rules *rules;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cw_inspect_options o = CW_INSPECT_OPTIONS_INIT;
	cw_inspect_report *r = NULL;
	cw_inspect_session *s = NULL;

	if (!rules && cw_inspect_rules_default(&rules) != 0)
		abort();
	o.max_file_size = 256u << 10;
	o.max_total_size = 4u << 20;
	o.max_entries = 1000;
	if (cw_inspect_archive_memory(&r, rules, data, size, "fuzz", &o) == 0) {
		const cw_inspect_stats *st = cw_inspect_report_stats(r);
		if (st->bytes > o.max_total_size || st->files > o.max_entries)
			abort();
		cw_inspect_report_free(r);
	}
	if (cw_inspect_session_new(&s, rules, &o) == 0) {
		/* the content as every kind of file, and as the manifest */
		static const char *const names[] = { "a/index.js", "a/setup.py", "a/x.sh", "a/x.pth", "a/package.json" };
		int error = 0;
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && error == 0; i++)
			error = cw_inspect_session_add(s, names[i], data, size);
		if (error == 0 && cw_inspect_session_finish(&r, s) == 0) {
			char *out;
			size_t len;
			if (cw_inspect_report_render(&out, &len, r, "fuzz", false) == 0)
				free(out);
			cw_inspect_report_free(r);
		} else if (error) {
			cw_inspect_session_free(s);
		}
	}
	return 0;
}
