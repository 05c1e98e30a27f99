/* inspect_rules_fuzzer.c - the inspect rule loader on arbitrary bytes, then
 * the loaded rules (any patterns, detectors and combinations) run over a
 * small package.  Input: RULES, optionally followed by "\n%%\n" and the text
 * of a file scanned as index.js, setup.py and package.json.  No crash, no
 * leak; a report's findings are never signals. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chainwarden/inspect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *find_sep(const char *p, size_t n)
{
	for (size_t i = 0; i + 4 <= n; i++)
		if (!memcmp(p + i, "\n%%\n", 4))
			return p + i;
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *sep = find_sep(text, size);
	size_t rules_len = sep ? (size_t)(sep - text) : size;
	const char *content = sep ? sep + 4 : "eval(atob('eA=='));\nrequire('child_process');\n";
	size_t content_len = sep ? size - rules_len - 4 : strlen(content);
	cw_inspect_rules *rules = NULL;
	cw_inspect_session *s = NULL;
	cw_inspect_report *r = NULL;
	cw_inspect_options o = CW_INSPECT_OPTIONS_INIT;

	if (size > (64u << 10) || cw_inspect_rules_load(&rules, text, rules_len, "fuzz.yaml") != 0)
		return 0;
	o.max_total_size = 1u << 20;
	if (cw_inspect_session_new(&s, rules, &o) == 0) {
		if (cw_inspect_session_add(s, "package.json",
		                           "{\"scripts\":{\"postinstall\":\"node index.js\"}}", 43) == 0 &&
		    cw_inspect_session_add(s, "index.js", content, content_len) == 0 &&
		    cw_inspect_session_add(s, "setup.py", content, content_len) == 0 &&
		    cw_inspect_session_add(s, "../x.pth", content, content_len) == 0) {
			if (cw_inspect_session_finish(&r, s) == 0) {
				char *out;
				size_t len;
				for (size_t i = 0; i < cw_inspect_report_count(r); i++)
					if (cw_inspect_report_finding(r, i)->kind == CW_INSPECT_SIGNAL)
						abort();
				if (cw_inspect_report_render(&out, &len, r, "fuzz", true) == 0)
					free(out);
				cw_inspect_report_free(r);
			}
		} else {
			cw_inspect_session_free(s);
		}
	}
	cw_inspect_rules_free(rules);
	return 0;
}
