/*
 * scan_fuzz.h - what the scan-step fuzzers (ignore file, VEX) start from:
 * a small inventory (a root app, lodash 4.17.4, qs 6.0.0), built once,
 * and a scan result over it holding findings the caller keeps on its stack.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chainwarden/log.h"
#include "inventory/manual.h"
#include "match/match.h"

/* Free a result from cw_fuzz_scan_result() (not its findings: they are the caller's). */
static void cw_fuzz_scan_result_free(cw_scan_result *r)
{
	r->findings.len = 0;
	cw_scan_result_free(r);
}

/*
 * A result holding the `n` findings f[i], each ids[i] on component
 * components[i]; the first carries two aliases.  NULL when out of memory.
 */
static cw_scan_result *cw_fuzz_scan_result(cw__finding *f, size_t n, const char *const *ids,
                                           const size_t *components)
{
	static const char list[] = "npm app 1.0.0\n  npm lodash 4.17.4\n  npm qs 6.0.0\n";
	static const char *const aliases[] = { "CVE-2018-3721", "GHSA-fvqr-27wr-82fm" };
	static cw_inventory *inv;
	cw_scan_result *r;

	cw_log_set_level(CW_LOG_ERROR);
	if (!inv && (cw_inventory_new(&inv) < 0 ||
	             cw__inventory_add_list(inv, "list.txt", list, sizeof(list) - 1) < 0))
		return NULL;
	if (!(r = calloc(1, sizeof(*r))))
		return NULL;
	r->inv = inv;
	memset(f, 0, n * sizeof(*f));
	for (size_t i = 0; i < n; i++) {
		f[i].pub.id = ids[i];
		f[i].pub.aliases = aliases;
		f[i].pub.alias_count = i ? 0 : 2;
		f[i].pub.component = components[i];
		f[i].pub.package = cw_inventory_component(inv, components[i]);
		if (cw_vec_push(&r->findings, &f[i]) < 0) {
			cw_fuzz_scan_result_free(r);
			return NULL;
		}
	}
	return r;
}
