/*
 * scan_ignore_fuzzer.c - the scan ignore file (src/match/ignore.c: YAML
 * through libyaml, entry checks, matching by id/alias/package, expiry) on
 * arbitrary bytes, applied to two findings.  Must never crash, leak or
 * hang; bad files are input errors.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chainwarden/log.h"
#include "inventory/manual.h"
#include "match/match.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char list[] = "npm app 1.0.0\n  npm lodash 4.17.4\n  npm qs 6.0.0\n";
	static const char *const aliases[] = { "CVE-2018-3721", "GHSA-fvqr-27wr-82fm" };
	static cw_inventory *inv;
	cw__finding f[2];
	cw_scan_result *r;

	cw_log_set_level(CW_LOG_ERROR);
	if (!inv && (cw_inventory_new(&inv) < 0 ||
	             cw__inventory_add_list(inv, "list.txt", list, sizeof(list) - 1) < 0))
		return 0;
	if (!(r = calloc(1, sizeof(*r))))
		return 0;
	r->inv = inv;
	memset(f, 0, sizeof(f));
	for (size_t i = 0; i < 2; i++) {
		f[i].pub.id = i ? "x_NSWG-ECO-1" : "x_NSWG-ECO-368";
		f[i].pub.aliases = aliases;
		f[i].pub.alias_count = i ? 0 : 2;
		f[i].pub.component = i + 1;
		f[i].pub.package = cw_inventory_component(inv, i + 1);
		if (cw_vec_push(&r->findings, &f[i]) < 0)
			goto done;
	}
	(void)cw__scan_apply_ignore_data(r, "fuzz.yaml", (const char *)data, size, "2026-11-26");
done:
	r->findings.len = 0; /* the findings are on the stack */
	cw_scan_result_free(r);
	return 0;
}
