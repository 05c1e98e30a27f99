/*
 * policy_fuzzer.c - the policy loader (src/policy/load.c, condition.c:
 * YAML through libyaml, every key and value checked, version ranges
 * compiled) on arbitrary bytes; a policy that loads is then evaluated and
 * explained on a small inventory with findings (one KEV, one MAL-, one
 * ignored), a context and health data.  Must never crash, leak or hang;
 * a policy that does not load must say why (a message with its location),
 * never come back as an empty "allow everything".
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chainwarden/log.h"
#include "chainwarden/policy.h"
#include "match/match.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char lock[] =
	"{\"name\":\"app\",\"version\":\"1.0.0\",\"lockfileVersion\":3,\"packages\":{"
	"\"\":{\"name\":\"app\",\"version\":\"1.0.0\",\"dependencies\":{\"lodash\":\"4.17.4\",\"evil\":\"1.0.0\"}},"
	"\"node_modules/lodash\":{\"version\":\"4.17.4\",\"license\":\"MIT\"},"
	"\"node_modules/evil\":{\"version\":\"1.0.0\",\"license\":\"GPL-3.0-only OR AGPL-3.0-only\","
	"\"hasInstallScript\":true,\"resolved\":\"git+ssh://example.invalid/evil.git\"}}}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const aliases[] = { "CVE-2018-3721", "MAL-2024-1" };
	static const char *const fixed[] = { "4.17.5" };
	static const char *const check_names[] = { "Maintained" };
	static const int check_scores[] = { 0 };
	static cw_inventory *inv;
	static cw_policy_context *ctx;
	static cw_policy_health_set *health;
	cw__finding f[3];
	cw_scan_result *r = NULL;
	cw_policy *p = NULL;
	cw_policy_report *rep = NULL;
	char *text = NULL;
	int error;

	cw_log_set_level(CW_LOG_ERROR);
	if (!inv) {
		cw_policy_health h = { 2.5, check_names, check_scores, 1, 1 };
		if (cw_inventory_new(&inv) < 0 || cw_inventory_parse_data(inv, "package-lock.json", lock, sizeof(lock) - 1) < 0 ||
		    cw_policy_context_new(&ctx) < 0 || cw_policy_context_set(ctx, "lifecycle", "production") < 0 ||
		    cw_policy_context_set(ctx, "distribution", "distributed") < 0 ||
		    cw_policy_health_new(&health) < 0 || cw_policy_health_add(health, "pkg:npm/lodash", &h) < 0)
			abort();
	}
	error = cw_policy_load(&p, (const char *)data, size, "fuzz.yaml");
	if (error < 0) {
		if (p || !cw_error_last()->message[0] || strncmp(cw_error_last()->message, "fuzz.yaml", 9))
			abort(); /* a failed load must say where */
		return 0;
	}
	if (!p)
		abort();
	if (!(r = calloc(1, sizeof(*r))))
		goto done;
	r->inv = inv;
	memset(f, 0, sizeof(f));
	for (size_t i = 0; i < 3; i++) {
		size_t comp = i == 0 ? 1 : 2;
		f[i].pub.id = i == 0 ? "x_NSWG-ECO-368" : i == 1 ? "MAL-2024-1" : "GHSA-xxxx-yyyy-zzzz";
		f[i].pub.aliases = aliases;
		f[i].pub.alias_count = i == 0 ? 1 : 0;
		f[i].pub.component = comp;
		f[i].pub.package = cw_inventory_component(inv, comp);
		f[i].pub.severity = (cw_severity)(i + 2);
		f[i].pub.cvss_score = i == 2 ? -1 : 7.5 + (double)i;
		f[i].pub.cvss_version = i == 2 ? NULL : "3.1";
		f[i].pub.epss = i == 0;
		f[i].pub.epss_score = 0.5;
		f[i].pub.kev = i == 0;
		f[i].pub.fixed_versions = fixed;
		f[i].pub.fixed_count = i == 0;
		f[i].pub.ignored = i == 2;
		f[i].pub.ignore_reason = "not reachable";
		f[i].pub.published = i == 0 ? "2018-02-14T00:00:00Z" : NULL;
		if (cw_vec_push(&r->findings, &f[i]) < 0)
			goto done;
	}
	{
		cw_policy_input in = CW_POLICY_INPUT_INIT;
		in.inventory = inv;
		in.scan = r;
		in.context = ctx;
		in.health = health;
		in.now = 1764115200; /* 2025-11-26 */
		if (cw_policy_evaluate(&rep, p, &in) == 0) {
			for (size_t i = 0; i < cw_policy_result_count(rep); i++)
				if (!cw_policy_result_at(rep, i)->why)
					abort();
		}
		(void)cw_policy_explain(&text, p, &in, CW_POLICY_FORMAT_JSON);
	}
done:
	free(text);
	cw_policy_report_free(rep);
	if (r)
		r->findings.len = 0; /* the findings are on the stack */
	cw_scan_result_free(r);
	cw_policy_free(p);
	return 0;
}
