/*
 * scan_vex_fuzz.h - the body shared by the VEX fuzzers: arbitrary bytes as
 * a VEX document (src/match/vex.c over the positioned JSON tree, jtree.c)
 * applied to three findings of a small inventory (a root, lodash, qs), then
 * the suppression step.  Must never crash, leak or hang; bad documents are
 * input errors.  Each fuzzer's corpus seeds one format.
 */
#include "scan_fuzz.h"

static int cw_fuzz_vex(const uint8_t *data, size_t size)
{
	static const char *const ids[] = { "x_NSWG-ECO-368", "CVE-2017-1000048", "x_NSWG-ECO-1" };
	static const size_t components[] = { 1, 2, 1 };
	static const char *const advisories[] = { "x_NSWG-ECO-368" };
	cw__finding f[3];
	cw_scan_result *r = cw_fuzz_scan_result(f, 3, ids, components);

	if (!r)
		return 0;
	f[0].pub.advisories = advisories;
	f[0].pub.advisory_count = 1;
	if (cw__scan_apply_vex_data(r, "fuzz.json", (const char *)data, size) >= 0)
		(void)cw__scan_vex_finish(r);
	cw_fuzz_scan_result_free(r);
	return 0;
}
