/*
 * scan_vex_fuzz.h - the body shared by the VEX fuzzers: arbitrary bytes as
 * a VEX document (src/match/vex.c over the positioned JSON tree, jtree.c)
 * applied to three findings of a small inventory (a root, lodash, qs), then
 * the suppression step.  Must never crash, leak or hang; bad documents are
 * input errors.  Each fuzzer's corpus seeds one format.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chainwarden/log.h"
#include "inventory/manual.h"
#include "match/match.h"

static int cw_fuzz_vex(const uint8_t *data, size_t size)
{
	static const char list[] = "npm app 1.0.0\n  npm lodash 4.17.4\n  npm qs 6.0.0\n";
	static const char *const aliases[] = { "CVE-2018-3721", "GHSA-fvqr-27wr-82fm" };
	static const char *const advisories[] = { "x_NSWG-ECO-368" };
	static cw_inventory *inv;
	cw__finding f[3];
	cw_scan_result *r;

	cw_log_set_level(CW_LOG_ERROR);
	if (!inv && (cw_inventory_new(&inv) < 0 ||
	             cw__inventory_add_list(inv, "list.txt", list, sizeof(list) - 1) < 0))
		return 0;
	if (!(r = calloc(1, sizeof(*r))))
		return 0;
	r->inv = inv;
	memset(f, 0, sizeof(f));
	for (size_t i = 0; i < 3; i++) {
		f[i].pub.id = i == 0 ? "x_NSWG-ECO-368" : i == 1 ? "CVE-2017-1000048" : "x_NSWG-ECO-1";
		f[i].pub.aliases = aliases;
		f[i].pub.alias_count = i ? 0 : 2;
		f[i].pub.advisories = advisories;
		f[i].pub.advisory_count = i ? 0 : 1;
		f[i].pub.component = i == 1 ? 2 : 1;
		f[i].pub.package = cw_inventory_component(inv, f[i].pub.component);
		if (cw_vec_push(&r->findings, &f[i]) < 0)
			goto done;
	}
	if (cw__scan_apply_vex_data(r, "fuzz.json", (const char *)data, size) >= 0)
		(void)cw__scan_vex_finish(r);
done:
	r->findings.len = 0; /* the findings are on the stack */
	cw_scan_result_free(r);
	return 0;
}
