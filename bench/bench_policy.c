/*
 * bench_policy.c - policy evaluation figures: 10,000 components x 100
 * rules.  Target: one cw_policy_evaluate() under 50 ms.
 *
 * The inventory is an npm lockfile of 10,000 packages written here, with
 * licenses drawn from 12 expressions (copyleft, dual, unknown), a third
 * dev dependencies, every seventh without an integrity hash; 3,000
 * findings (a quarter KEV, severities spread, half with EPSS) spread over
 * 2,000 components; health data for 1,000 packages.  The 100 rules mix
 * every condition kind: vulnerability fields (per finding), license
 * categories and id globs, package name globs and npm version ranges,
 * attack signals, health, context, under all/any/not.  The clock is
 * fixed; evaluation runs 20 times and the best and median are reported
 * (wall and CPU time), plus the policy load time.
 *
 * Usage: bench_policy (release build: cmake -DCMAKE_BUILD_TYPE=Release).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "chainwarden/log.h"
#include "chainwarden/policy.h"
#include "match/match.h"
#include "util/buf.h"

#define N 10000
#define RULES 100
#define FINDINGS 3000
#define RUNS 20

static const char *const licenses[] = {
	"MIT", "Apache-2.0", "ISC", "BSD-3-Clause", "GPL-3.0-only", "AGPL-3.0-only", "(MIT OR GPL-2.0-only)",
	"LGPL-2.1-or-later", "GPL-2.0-only WITH Classpath-exception-2.0", "Custom license", "", "MPL-2.0",
};

static const char *const templates[] = {
	"{vulnerability: {kev: true}}",
	"{vulnerability: {severity: critical, fix_available: true}}",
	"{vulnerability: {severity: {gte: high}, epss_percentile: {gte: 0.%d}}}",
	"{vulnerability: {cvss_score: {gte: %d.5}}}",
	"{vulnerability: {id: [\"CVE-20%02d-*\", \"MAL-*\"]}}",
	"{all: [{vulnerability: {age_days: {gt: %d00}}}, {package: {scope: required}}]}",
	"{license: {category: [strong-copyleft, network-copyleft]}}",
	"{all: [{license: {category: strong-copyleft}}, {context: {distribution: distributed}}]}",
	"{license: {id: [\"GPL-*\", \"AGPL-*\"], unknown: false}}",
	"{license: {unknown: true}}",
	"{package: {name: [\"pkg-%d*\", \"*-util\"]}}",
	"{package: {ecosystem: npm, version: \">=%d.0.0 <%d.5.0\"}}",
	"{package: {purl: \"pkg:npm/pkg-%d\"}}",
	"{attack: {integrity_missing: true}}",
	"{attack: {malicious: true}}",
	"{any: [{attack: {install_script: true}}, {attack: {non_registry: true}}]}",
	"{health: {unmaintained: true}}",
	"{health: {score: {lt: %d}}}",
	"{not: {any: [{package: {scope: dev}}, {license: {category: permissive}}]}}",
	"{all: [{context: {lifecycle: production, criticality: {gte: high}}}, {vulnerability: {severity: {gte: medium}}}]}",
};

int main(void)
{
	static const char *const actions[] = { "deny", "review", "warn", "info" };
	static const char *const aliases[] = { "CVE-2021-44228" };
	static const char *const fixed[] = { "9.9.9" };
	static const char *const checks[] = { "Maintained" };
	cw_buf lock = CW_BUF_INIT, yaml = CW_BUF_INIT;
	cw_inventory *inv = NULL;
	cw_policy *p = NULL;
	cw_policy_context *ctx = NULL;
	cw_policy_health_set *health = NULL;
	cw_scan_result *scan = calloc(1, sizeof(*scan));
	cw__finding *F = calloc(FINDINGS, sizeof(*F));
	char (*ids)[32] = calloc(FINDINGS, 32);
	double wall[RUNS], cpu[RUNS], t0, c0, load;
	size_t results = 0;

	cw_log_set_level(CW_LOG_ERROR);
	if (!scan || !F || !ids)
		return 1;
	cw__buf_puts(&lock, "{\"name\":\"big\",\"version\":\"1.0.0\",\"lockfileVersion\":3,\"packages\":{"
	                    "\"\":{\"name\":\"big\",\"version\":\"1.0.0\"}");
	for (int i = 0; i < N; i++) {
		cw__buf_printf(&lock, ",\"node_modules/pkg-%d\":{\"version\":\"%d.%d.%d\"", i, i % 13, i % 7, i % 5);
		if (i % 7)
			cw__buf_puts(&lock, ",\"integrity\":\"sha512-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==\"");
		if (i % 3 == 0)
			cw__buf_puts(&lock, ",\"dev\":true");
		if (i % 97 == 0)
			cw__buf_puts(&lock, ",\"hasInstallScript\":true");
		if (*licenses[i % 12])
			cw__buf_printf(&lock, ",\"license\":\"%s\"", licenses[i % 12]);
		cw__buf_putc(&lock, '}');
	}
	cw__buf_puts(&lock, "}}");
	if (cw_inventory_new(&inv) < 0 || cw_inventory_parse_data(inv, "package-lock.json", lock.ptr, lock.len) < 0) {
		fprintf(stderr, "inventory: %s\n", cw_error_last()->message);
		return 1;
	}
	scan->inv = inv;
	for (int i = 0; i < FINDINGS; i++) {
		size_t comp = 1 + (size_t)(i % 2000) * 5;
		snprintf(ids[i], 32, "CVE-20%02d-%d", 10 + i % 15, 1000 + i);
		F[i].pub.id = ids[i];
		F[i].pub.aliases = aliases;
		F[i].pub.alias_count = i % 5 == 0;
		F[i].pub.component = comp;
		F[i].pub.package = cw_inventory_component(inv, comp);
		F[i].pub.severity = (cw_severity)(i % 5);
		F[i].pub.cvss_score = i % 11 ? (double)(i % 100) / 10.0 : -1;
		F[i].pub.cvss_version = "3.1";
		F[i].pub.epss = i % 2;
		F[i].pub.epss_score = (double)(i % 1000) / 1000.0;
		F[i].pub.epss_percentile = (double)(i % 997) / 997.0;
		F[i].pub.kev = i % 4 == 0;
		F[i].pub.fixed_versions = fixed;
		F[i].pub.fixed_count = i % 3 != 0;
		F[i].pub.published = "2021-12-10T00:00:00Z";
		F[i].pub.priority = (size_t)i + 1;
		if (cw_vec_push(&scan->findings, &F[i]) < 0)
			return 1;
	}
	if (cw_policy_health_new(&health) < 0)
		return 1;
	for (int i = 0; i < N; i += 10) {
		char name[32];
		int score = i % 11;
		cw_policy_health h = { (double)score, checks, &score, 1, score == 0 };
		snprintf(name, sizeof(name), "pkg-%d", i);
		if (cw_policy_health_add(health, name, &h) < 0)
			return 1;
	}
	if (cw_policy_context_new(&ctx) < 0 || cw_policy_context_set(ctx, "lifecycle", "production") < 0 ||
	    cw_policy_context_set(ctx, "criticality", "high") < 0 ||
	    cw_policy_context_set(ctx, "distribution", "distributed") < 0)
		return 1;

	cw__buf_puts(&yaml, "apiVersion: chainwarden.dev/v1\nkind: Policy\nmetadata: {name: bench}\nrules:\n");
	for (int i = 0; i < RULES; i++) {
		char when[512];
		int k = i % (int)(sizeof(templates) / sizeof(templates[0]));
		snprintf(when, sizeof(when), templates[k], i % 9 + 1, i % 9 + 1);
		cw__buf_printf(&yaml, "  - id: rule-%d\n    action: %s\n    message: rule %d\n    when: %s\n", i,
		               actions[i % 4], i, when);
	}
	t0 = cw_bench_clock(CLOCK_MONOTONIC);
	if (cw_policy_load(&p, yaml.ptr, yaml.len, "bench.yaml") < 0) {
		fprintf(stderr, "policy: %s\n", cw_error_last()->message);
		return 1;
	}
	load = cw_bench_clock(CLOCK_MONOTONIC) - t0;

	for (int run = 0; run < RUNS; run++) {
		cw_policy_input in = CW_POLICY_INPUT_INIT;
		cw_policy_report *rep = NULL;
		in.inventory = inv;
		in.scan = scan;
		in.health = health;
		in.context = ctx;
		in.now = 1764115200;
		t0 = cw_bench_clock(CLOCK_MONOTONIC);
		c0 = cw_bench_clock(CLOCK_PROCESS_CPUTIME_ID);
		if (cw_policy_evaluate(&rep, p, &in) < 0) {
			fprintf(stderr, "evaluate: %s\n", cw_error_last()->message);
			return 1;
		}
		wall[run] = cw_bench_clock(CLOCK_MONOTONIC) - t0;
		cpu[run] = cw_bench_clock(CLOCK_PROCESS_CPUTIME_ID) - c0;
		results = cw_policy_result_count(rep);
		cw_policy_report_free(rep);
	}
	for (int i = 0; i < RUNS; i++)
		for (int j = i + 1; j < RUNS; j++) {
			double t;
			if (wall[j] < wall[i]) { t = wall[i]; wall[i] = wall[j]; wall[j] = t; }
			if (cpu[j] < cpu[i]) { t = cpu[i]; cpu[i] = cpu[j]; cpu[j] = t; }
		}
	printf("policy: %d components x %d rules, %d findings -> %zu results\n", N, RULES, FINDINGS, results);
	printf("load %.2f ms; evaluate best %.1f ms, median %.1f ms wall; CPU best %.1f ms, median %.1f ms "
	       "(target < 50 ms)\n", load * 1e3, wall[0] * 1e3, wall[RUNS / 2] * 1e3, cpu[0] * 1e3,
	       cpu[RUNS / 2] * 1e3);
	scan->findings.len = 0;
	cw_scan_result_free(scan);
	free(F);
	free(ids);
	cw_policy_free(p);
	cw_policy_context_free(ctx);
	cw_policy_health_free(health);
	cw_inventory_free(inv);
	cw__buf_free(&lock);
	cw__buf_free(&yaml);
	return cpu[RUNS / 2] < 0.050 ? 0 : 1;
}
