/*
 * scan_ignore_fuzzer.c - the scan ignore file (src/match/ignore.c: YAML
 * through libyaml, entry checks, matching by id/alias/package, expiry) on
 * arbitrary bytes, applied to two findings.  Must never crash, leak or
 * hang; bad files are input errors.
 */
#include "scan_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const ids[] = { "x_NSWG-ECO-368", "x_NSWG-ECO-1" };
	static const size_t components[] = { 1, 2 };
	cw__finding f[2];
	cw_scan_result *r = cw_fuzz_scan_result(f, 2, ids, components);

	if (!r)
		return 0;
	(void)cw__scan_apply_ignore_data(r, "fuzz.yaml", (const char *)data, size, "2026-11-26");
	cw_fuzz_scan_result_free(r);
	return 0;
}
