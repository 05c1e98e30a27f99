/*
 * test_policy.c - the policy engine, table-driven: rule x input.
 *
 * One fixed project: an npm lockfile written here (licenses, dev and
 * transitive dependencies, an install script, a git source) plus a
 * requirements.txt (a PyPI pin and an unpinned range), five findings
 * with hand-picked severity, CVSS, EPSS, KEV, fixes and publication
 * dates (one of them ignored by the scan, as VEX would), attack signals
 * (one of a kind this engine does not know), health data for two
 * packages, and a clock fixed at 2025-11-26.  Each case gives a `when`
 * condition and the results expected, worked out by hand from that data:
 * "name" for a component-level result, "name:ID" for a per-finding one.
 */
#include "cw_test.h"
#include "match/match.h"
#include "util/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOW_2025_11_26 1764115200 /* 2025-11-26T00:00:00Z */
#define DAY 86400

static const char sha[] = "sha512-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==";

static cw_inventory *inv;
static cw_scan_result *scan;
static cw__finding F[5];
static cw_signal sigs[6];
static cw_policy_health_set *health;

static size_t comp_index(const char *name)
{
	for (size_t i = 0; i < cw_inventory_component_count(inv); i++)
		if (!strcmp(cw_inventory_component(inv, i)->name, name) &&
		    cw_inventory_component(inv, i)->kind == CW_COMPONENT_LIBRARY)
			return i;
	fail_msg("no component %s", name);
	return 0;
}

static void set_finding(cw__finding *f, const char *comp, const char *id, const char **aliases,
                        size_t nalias, cw_severity sev, double cvss, const char *cvss_version,
                        bool epss, double score, double pct, bool kev, const char **fixed, size_t nfixed,
                        const char *published, bool ignored)
{
	memset(f, 0, sizeof(*f));
	f->pub.id = id;
	f->pub.aliases = aliases;
	f->pub.alias_count = nalias;
	f->pub.component = comp_index(comp);
	f->pub.package = cw_inventory_component(inv, f->pub.component);
	f->pub.severity = sev;
	f->pub.cvss_score = cvss;
	f->pub.cvss_version = cvss_version;
	f->pub.epss = epss;
	f->pub.epss_score = score;
	f->pub.epss_percentile = pct;
	f->pub.kev = kev;
	f->pub.fixed_versions = fixed;
	f->pub.fixed_count = nfixed;
	f->pub.published = published;
	f->pub.ignored = ignored;
	f->pub.ignore_reason = ignored ? "vulnerable_code_not_in_execute_path (VEX)" : NULL;
}

static int setup(void **state)
{
	static const char *a368[] = { "CVE-2018-3721" }, *aaaa[] = { "CVE-2019-10744" };
	static const char *req[] = { "CVE-2018-18074" };
	static const char *f368[] = { "4.17.5" }, *faaaa[] = { "4.17.12" }, *freq[] = { "2.20.0" };
	static const char *names1[] = { "Maintained", "Code-Review" }, *names2[] = { "Maintained" };
	static const int scores1[] = { 0, 4 }, scores2[] = { 10 };
	char lock[4096];
	const char *reqs = "requests==2.19.0\nflask>=1.0\n";
	int n;
	(void)state;
	n = snprintf(lock, sizeof(lock),
	    "{\"name\":\"app\",\"version\":\"1.0.0\",\"lockfileVersion\":3,\"requires\":true,\"packages\":{"
	    "\"\":{\"name\":\"app\",\"version\":\"1.0.0\",\"dependencies\":{\"lodash\":\"4.17.4\",\"evil\":\"1.0.0\","
	    "\"dual\":\"1.0.0\",\"nolicense\":\"0.1.0\"},\"devDependencies\":{\"agpl-lib\":\"2.0.0\"}},"
	    "\"node_modules/lodash\":{\"version\":\"4.17.4\",\"integrity\":\"%s\",\"license\":\"MIT\"},"
	    "\"node_modules/evil\":{\"version\":\"1.0.0\",\"resolved\":\"git+ssh://git@example.invalid/evil.git#abc\","
	    "\"license\":\"GPL-3.0-only\",\"hasInstallScript\":true},"
	    "\"node_modules/agpl-lib\":{\"version\":\"2.0.0\",\"integrity\":\"%s\",\"dev\":true,\"license\":\"AGPL-3.0-only\"},"
	    "\"node_modules/dual\":{\"version\":\"1.0.0\",\"integrity\":\"%s\",\"license\":\"(MIT OR GPL-3.0-only)\","
	    "\"dependencies\":{\"classpath\":\"1.0.0\"}},"
	    "\"node_modules/nolicense\":{\"version\":\"0.1.0\",\"integrity\":\"%s\"},"
	    "\"node_modules/classpath\":{\"version\":\"1.0.0\",\"integrity\":\"%s\","
	    "\"license\":\"GPL-2.0-only WITH Classpath-exception-2.0\"}}}", sha, sha, sha, sha, sha);
	assert_true(n > 0 && (size_t)n < sizeof(lock));
	cw_assert_ok(cw_inventory_new(&inv));
	cw_assert_ok(cw_inventory_parse_data(inv, "package-lock.json", lock, (size_t)n));
	cw_assert_ok(cw_inventory_parse_data(inv, "requirements.txt", reqs, strlen(reqs)));

	set_finding(&F[0], "lodash", "x_NSWG-ECO-368", a368, 1, CW_SEVERITY_LOW, 3.5, "3.1", true, 0.02, 0.40,
	            false, f368, 1, "2018-02-14T00:00:00Z", false);
	set_finding(&F[1], "lodash", "GHSA-aaaa-bbbb-cccc", aaaa, 1, CW_SEVERITY_CRITICAL, 9.1, "3.1", true, 0.9,
	            0.99, true, faaaa, 1, "2019-07-01T00:00:00Z", false);
	set_finding(&F[2], "evil", "MAL-2024-1", NULL, 0, CW_SEVERITY_CRITICAL, -1, NULL, false, 0, 0, false,
	            NULL, 0, NULL, false);
	set_finding(&F[3], "requests", "PYSEC-2018-28", req, 1, CW_SEVERITY_HIGH, 7.5, "3.0", false, 0, 0, false,
	            freq, 1, "2018-10-09T00:00:00Z", false);
	set_finding(&F[4], "agpl-lib", "GHSA-bbbb-cccc-dddd", NULL, 0, CW_SEVERITY_MEDIUM, 5.3, "4.0", false, 0, 0,
	            false, NULL, 0, "2025-11-20T00:00:00Z", true);
	if (!(scan = calloc(1, sizeof(*scan))))
		return -1;
	scan->inv = inv;
	for (size_t i = 0; i < 5; i++) {
		F[i].pub.priority = i + 1;
		if (cw_vec_push(&scan->findings, &F[i]) < 0)
			return -1;
	}

	memset(sigs, 0, sizeof(sigs));
	sigs[0] = (cw_signal){ comp_index("evil"), CW_SIGNAL_NON_REGISTRY, false, "git" };
	sigs[1] = (cw_signal){ comp_index("evil"), CW_SIGNAL_NO_INTEGRITY, false, "no hash" };
	sigs[2] = (cw_signal){ comp_index("nolicense"), CW_SIGNAL_TYPOSQUAT, false, "looks like 'nolicence'" };
	sigs[3] = (cw_signal){ comp_index("classpath"), CW_SIGNAL_DEPENDENCY_CONFUSION, true, "internal name" };
	/* a kind this build does not know (another engine's newer signal): ignored by name */
	sigs[4] = (cw_signal){ comp_index("dual"), (cw_signal_kind)1000, false, "future signal" };
	sigs[5] = (cw_signal){ comp_index("requests"), CW_SIGNAL_UNLISTED_HOST, false, "pypi mirror" };

	cw_assert_ok(cw_policy_health_new(&health));
	{
		cw_policy_health h1 = { 3.0, names1, scores1, 2, 1 }, h2 = { 8.0, names2, scores2, 1, 0 };
		cw_assert_ok(cw_policy_health_add(health, "pkg:npm/lodash", &h1));
		cw_assert_ok(cw_policy_health_add(health, "dual", &h2));
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	scan->findings.len = 0; /* static findings */
	cw_scan_result_free(scan);
	cw_inventory_free(inv);
	cw_policy_health_free(health);
	return 0;
}

static cw_policy_context *make_ctx(const char *spec)
{
	cw_policy_context *ctx = NULL;
	char buf[512], *save = NULL;
	cw_assert_ok(cw_policy_context_new(&ctx));
	if (!spec)
		return ctx;
	snprintf(buf, sizeof(buf), "%s", spec);
	for (char *kv = strtok_r(buf, " ", &save); kv; kv = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(kv, '=');
		assert_non_null(eq);
		*eq = '\0';
		cw_assert_ok(cw_policy_context_set(ctx, kv, eq + 1));
	}
	return ctx;
}

static cw_policy_input input_for(const cw_policy_context *ctx, int64_t now)
{
	cw_policy_input in = CW_POLICY_INPUT_INIT;
	in.inventory = inv;
	in.scan = scan;
	in.signals = sigs;
	in.signal_count = sizeof(sigs) / sizeof(sigs[0]);
	in.signals_given = true;
	in.health = health;
	in.context = ctx;
	in.now = now;
	return in;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "a, b:ID, ..." sorted, of every result (waived ones too). */
static void results_string(char *out, size_t size, const cw_policy_report *rep)
{
	char *items[64];
	size_t n = cw_policy_result_count(rep), len = 0;
	assert_true(n <= 64);
	for (size_t i = 0; i < n; i++) {
		const cw_policy_result *r = cw_policy_result_at(rep, i);
		char buf[128];
		snprintf(buf, sizeof(buf), "%s%s%s", r->package->name, r->finding ? ":" : "",
		         r->finding ? r->finding->id : "");
		items[i] = strdup(buf);
	}
	qsort(items, n, sizeof(*items), cmp_str);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		len += (size_t)snprintf(out + len, size - len, "%s%s", i ? ", " : "", items[i]);
		free(items[i]);
	}
}

typedef struct {
	const char *when;     /* YAML flow mapping */
	const char *context;  /* "key=value key=value", or NULL */
	const char *expect;   /* sorted results */
} rule_case;

static const rule_case cases[] = {
	/* vulnerabilities: judged per finding */
	{ "{vulnerability: {kev: true}}", NULL, "lodash:GHSA-aaaa-bbbb-cccc" },
	{ "{vulnerability: {kev: false}}", NULL,
	  "agpl-lib:GHSA-bbbb-cccc-dddd, evil:MAL-2024-1, lodash:x_NSWG-ECO-368, requests:PYSEC-2018-28" },
	{ "{vulnerability: {severity: critical}}", NULL, "evil:MAL-2024-1, lodash:GHSA-aaaa-bbbb-cccc" },
	{ "{vulnerability: {severity: {gte: high}}}", NULL,
	  "evil:MAL-2024-1, lodash:GHSA-aaaa-bbbb-cccc, requests:PYSEC-2018-28" },
	{ "{vulnerability: {severity: [low, moderate]}}", NULL, "agpl-lib:GHSA-bbbb-cccc-dddd, lodash:x_NSWG-ECO-368" },
	{ "{vulnerability: {severity: {gt: low, lt: critical}}}", NULL,
	  "agpl-lib:GHSA-bbbb-cccc-dddd, requests:PYSEC-2018-28" },
	{ "{vulnerability: {cvss_score: {gte: 7.5}}}", NULL, "lodash:GHSA-aaaa-bbbb-cccc, requests:PYSEC-2018-28" },
	{ "{vulnerability: {cvss_score: {gt: 7.5}}}", NULL, "lodash:GHSA-aaaa-bbbb-cccc" },
	{ "{vulnerability: {cvss_score: 5.3}}", NULL, "agpl-lib:GHSA-bbbb-cccc-dddd" },
	/* no CVSS score is unknown, so `not` does not match it either; a component
	 * without findings has no vulnerability field that holds */
	{ "{not: {vulnerability: {cvss_score: {gte: 5}}}}", NULL,
	  "classpath, dual, flask, lodash:x_NSWG-ECO-368, nolicense" },
	{ "{vulnerability: {cvss_version: \"3\"}}", NULL,
	  "lodash:GHSA-aaaa-bbbb-cccc, lodash:x_NSWG-ECO-368, requests:PYSEC-2018-28" },
	{ "{vulnerability: {cvss_version: [\"4.0\", \"3.0\"]}}", NULL,
	  "agpl-lib:GHSA-bbbb-cccc-dddd, requests:PYSEC-2018-28" },
	{ "{vulnerability: {epss_score: {gte: 0.5}}}", NULL, "lodash:GHSA-aaaa-bbbb-cccc" },
	{ "{not: {vulnerability: {epss_score: {gte: 0.5}}}, package: {name: lodash}}", NULL, "lodash:x_NSWG-ECO-368" },
	{ "{vulnerability: {epss_percentile: {lt: 0.5}}}", NULL, "lodash:x_NSWG-ECO-368" },
	{ "{vulnerability: {fix_available: true}}", NULL,
	  "lodash:GHSA-aaaa-bbbb-cccc, lodash:x_NSWG-ECO-368, requests:PYSEC-2018-28" },
	{ "{vulnerability: {fix_available: false}}", NULL, "agpl-lib:GHSA-bbbb-cccc-dddd, evil:MAL-2024-1" },
	{ "{vulnerability: {age_days: {lte: 30}}}", NULL, "agpl-lib:GHSA-bbbb-cccc-dddd" },
	{ "{vulnerability: {age_days: {gt: 2400}}}", NULL, "lodash:x_NSWG-ECO-368, requests:PYSEC-2018-28" },
	{ "{vulnerability: {id: \"CVE-2018-*\"}}", NULL, "lodash:x_NSWG-ECO-368, requests:PYSEC-2018-28" },
	{ "{vulnerability: {id: [mal-*, GHSA-AAAA-BBBB-CCCC]}}", NULL,
	  "evil:MAL-2024-1, lodash:GHSA-aaaa-bbbb-cccc" },
	{ "{vulnerability: {affected: false}}", NULL, "classpath, dual, flask, nolicense" },
	{ "{vulnerability: {severity: critical, fix_available: true}}", NULL, "lodash:GHSA-aaaa-bbbb-cccc" },
	/* licenses */
	{ "{license: {category: strong-copyleft}}", NULL, "evil" },
	{ "{license: {category: network-copyleft}}", NULL, "agpl-lib" },
	{ "{license: {category: weak-copyleft}}", NULL, "classpath" },
	{ "{license: {category: permissive}}", NULL, "dual, lodash" },
	{ "{license: {category: unknown}}", NULL, "flask, nolicense, requests" },
	{ "{license: {id: \"GPL-*\"}}", NULL, "classpath, dual, evil" },
	{ "{license: {id: [mit]}}", NULL, "dual, lodash" },
	{ "{license: {unknown: true}}", NULL, "flask, nolicense, requests" },
	/* packages */
	{ "{package: {ecosystem: PyPI}}", NULL, "flask, requests" },
	{ "{package: {ecosystem: [npm]}}", NULL, "agpl-lib, classpath, dual, evil, lodash, nolicense" },
	{ "{package: {name: \"l*\"}}", NULL, "lodash" },
	{ "{package: {name: [\"?ual\", evil]}}", NULL, "dual, evil" },
	{ "{package: {ecosystem: npm, version: \">=1.0.0 <2.0.0\"}}", NULL, "classpath, dual, evil" },
	{ "{package: {ecosystem: npm, version: \"^4.17.0 || 0.x\"}}", NULL, "lodash, nolicense" },
	{ "{package: {ecosystem: PyPI, version: \"~=2.19\"}}", NULL, "requests" },
	{ "{package: {ecosystem: PyPI, version: \"<2.19\"}}", NULL, "" },
	{ "{package: {purl: pkg:npm/lodash}}", NULL, "lodash" },
	{ "{package: {purl: [\"pkg:pypi/*\"]}}", NULL, "flask, requests" },
	{ "{package: {scope: dev}}", NULL, "agpl-lib" },
	{ "{package: {direct: false}}", NULL, "classpath" },
	/* upstream attack */
	{ "{attack: {malicious: true}}", NULL, "classpath, evil" },
	{ "{attack: {install_script: true}}", NULL, "evil" },
	{ "{attack: {integrity_missing: true}}", NULL, "evil" },
	{ "{attack: {non_registry: true}}", NULL, "evil" },
	{ "{attack: {unlisted_host: true}}", NULL, "requests" },
	{ "{attack: {dependency_confusion: true}}", NULL, "classpath" },
	{ "{attack: {signal: [typosquat, fresh-version]}}", NULL, "nolicense" },
	{ "{attack: {typosquat: false, ecosystem_placeholder: 1}}", NULL, NULL }, /* load error, skipped here */
	{ "{attack: {fresh_version: true}}", NULL, "" },
	{ "{attack: {unpinned: true}}", NULL, "flask" },
	/* health: no data is unknown, even under not */
	{ "{health: {unmaintained: true}}", NULL, "lodash" },
	{ "{not: {health: {unmaintained: true}}}", NULL, "dual" },
	{ "{health: {score: {lt: 5}}}", NULL, "lodash" },
	{ "{health: {check: {name: maintained, gte: 5}}}", NULL, "dual" },
	{ "{health: {check: {name: Code-Review, lt: 5}}}", NULL, "lodash" },
	/* context */
	{ "{context: {lifecycle: production}, package: {ecosystem: pypi}}", "lifecycle=Production", "flask, requests" },
	{ "{context: {lifecycle: production}, package: {ecosystem: pypi}}", "lifecycle=development", "" },
	{ "{not: {context: {lifecycle: production}}}", NULL, "" },
	{ "{context: {criticality: {gte: high}}, package: {name: evil}}", "criticality=critical", "evil" },
	{ "{context: {criticality: {gte: high}}, package: {name: evil}}", "criticality=medium", "" },
	{ "{context: {distribution: [network-service, distributed]}, package: {name: evil}}",
	  "distribution=distributed", "evil" },
	{ "{context: {environment: [cloud, saas], supplier_status: approved, business_system: pay, project: web},"
	  " package: {name: evil}}", "environment=saas supplier_status=approved business_system=pay project=web", "evil" },
	/* combinators */
	{ "{all: [{license: {category: strong-copyleft}}, {context: {distribution: distributed}}]}",
	  "distribution=distributed", "evil" },
	{ "{all: [{license: {category: strong-copyleft}}, {context: {distribution: distributed}}]}",
	  "distribution=internal", "" },
	{ "{any: [{vulnerability: {kev: true}}, {attack: {malicious: true}}]}", NULL,
	  "classpath, evil:MAL-2024-1, lodash:GHSA-aaaa-bbbb-cccc" },
	{ "{not: {package: {ecosystem: npm}}}", NULL, "flask, requests" },
	{ "{any: [{health: {unmaintained: true}}, {package: {name: evil}}]}", NULL, "evil, lodash" },
	{ "{all: [{health: {unmaintained: false}}, {package: {name: \"*\"}}]}", NULL, "dual" },
	{ "{not: {any: [{package: {ecosystem: pypi}}, {license: {unknown: false}}]}}", NULL, "nolicense" },
};

static cw_policy *load_rule(const char *when, const char *action)
{
	char yaml[2048];
	cw_policy *p = NULL;
	snprintf(yaml, sizeof(yaml), "apiVersion: chainwarden.dev/v1\nkind: Policy\nrules:\n"
	         "  - id: r\n    action: %s\n    message: m\n    when: %s\n", action, when);
	if (cw_policy_load(&p, yaml, strlen(yaml), "case.yaml") < 0)
		fail_msg("%s: %s", when, cw_error_last()->message);
	return p;
}

static void test_policy__rule_by_input_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const rule_case *c = &cases[i];
		cw_policy_context *ctx;
		cw_policy *p;
		cw_policy_report *rep = NULL;
		cw_policy_input in;
		char got[2048];
		if (!c->expect)
			continue;
		ctx = make_ctx(c->context);
		p = load_rule(c->when, "warn");
		in = input_for(ctx, NOW_2025_11_26);
		cw_assert_ok(cw_policy_evaluate(&rep, p, &in));
		results_string(got, sizeof(got), rep);
		if (strcmp(got, c->expect))
			fail_msg("case %zu %s [%s]: got \"%s\", expected \"%s\"", i, c->when,
			         c->context ? c->context : "", got, c->expect);
		cw_policy_report_free(rep);
		cw_policy_free(p);
		cw_policy_context_free(ctx);
	}
}

static const cw_policy_result *only_result(const cw_policy_report *rep)
{
	assert_int_equal(cw_policy_result_count(rep), 1);
	return cw_policy_result_at(rep, 0);
}

static cw_policy_report *eval_yaml(const char *yaml, const char *ctx_spec, int64_t now, cw_policy **pout)
{
	cw_policy *p = NULL;
	cw_policy_context *ctx = make_ctx(ctx_spec);
	cw_policy_report *rep = NULL;
	cw_policy_input in = input_for(ctx, now);
	if (cw_policy_load(&p, yaml, strlen(yaml), "p.yaml") < 0)
		fail_msg("%s", cw_error_last()->message);
	cw_assert_ok(cw_policy_evaluate(&rep, p, &in));
	cw_policy_context_free(ctx);
	*pout = p;
	return rep;
}

static void test_policy__waiver_expiry_with_injected_clock(void **state)
{
	static const char yaml[] =
		"apiVersion: chainwarden.dev/v1\nkind: Policy\nrules:\n"
		"  - id: kev\n    action: deny\n    message: exploited\n    when: {vulnerability: {kev: true}}\n"
		"waivers:\n"
		"  - rule: kev\n    package: lodash\n    reason: patched in our fork\n"
		"    approver: security@example.com\n    expires: 2025-12-31\n";
	const int64_t days[] = { NOW_2025_11_26, 1767139200 /* 2025-12-31 */, 1767225600 /* 2026-01-01 */ };
	(void)state;
	for (size_t i = 0; i < 3; i++) {
		cw_policy *p;
		cw_policy_report *rep = eval_yaml(yaml, NULL, days[i], &p);
		const cw_policy_result *r = only_result(rep);
		if (i < 2) {
			assert_true(r->waived);
			assert_string_equal(r->waiver_source, "policy");
			assert_string_equal(r->waiver_reason, "patched in our fork");
			assert_string_equal(r->waiver_approver, "security@example.com");
			assert_string_equal(r->waiver_expires, "2025-12-31");
			assert_null(r->expired_waiver);
			assert_false(cw_policy_report_fails(rep));
			assert_int_equal(cw_policy_report_verdict(rep), CW_POLICY_PASS);
		} else {
			assert_false(r->waived);
			assert_string_equal(r->expired_waiver, "2025-12-31");
			assert_true(cw_policy_report_fails(rep));
			assert_int_equal(cw_policy_report_verdict(rep), CW_POLICY_FAIL);
		}
		cw_policy_report_free(rep);
		cw_policy_free(p);
	}
}

static void test_policy__waiver_selectors(void **state)
{
	static const struct { const char *sel; bool waived; } sel[] = {
		{ "finding: cve-2019-10744", true },          /* an alias, any case */
		{ "finding: GHSA-aaaa-*", true },
		{ "finding: CVE-2018-3721", false },           /* another finding of lodash */
		{ "package: \"pkg:npm/lodash\"", true },      /* purl without version */
		{ "package: \"pkg:npm/lodash@4.17.4\"", true },
		{ "package: \"pkg:npm/lodash@4.17.5\"", false },
		{ "package: \"lod*\"", true },
		{ "package: express", false },
		{ "rule: other", false },
		{ "rule: kev\n    finding: CVE-2019-10744\n    package: lodash", true },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(sel) / sizeof(sel[0]); i++) {
		char yaml[1024];
		cw_policy *p;
		cw_policy_report *rep;
		snprintf(yaml, sizeof(yaml),
		         "apiVersion: chainwarden.dev/v1\nkind: Policy\nrules:\n"
		         "  - id: kev\n    action: deny\n    message: m\n    when: {vulnerability: {kev: true}}\n"
		         "  - id: other\n    action: info\n    message: m\n    when: {package: {name: none}}\n"
		         "waivers:\n  - %s\n    reason: r\n    approver: a\n    expires: 2030-01-01\n", sel[i].sel);
		rep = eval_yaml(yaml, NULL, NOW_2025_11_26, &p);
		if (only_result(rep)->waived != sel[i].waived)
			fail_msg("waiver %s: waived %d", sel[i].sel, only_result(rep)->waived);
		cw_policy_report_free(rep);
		cw_policy_free(p);
	}
}

static void test_policy__scan_ignored_finding_comes_out_waived(void **state)
{
	cw_policy *p;
	cw_policy_report *rep;
	const cw_policy_result *r;
	(void)state;
	rep = eval_yaml("apiVersion: chainwarden.dev/v1\nkind: Policy\nrules:\n"
	                "  - id: any-vuln\n    action: deny\n    message: m\n"
	                "    when: {vulnerability: {severity: medium}}\n", NULL, NOW_2025_11_26, &p);
	r = only_result(rep);
	assert_string_equal(r->finding->id, "GHSA-bbbb-cccc-dddd");
	assert_true(r->waived);
	assert_string_equal(r->waiver_source, "scan");
	assert_string_equal(r->waiver_reason, "vulnerable_code_not_in_execute_path (VEX)");
	assert_false(cw_policy_report_fails(rep));
	cw_policy_report_free(rep);
	cw_policy_free(p);
}

/* Scope precedence: global < business system (1) < project (2) < lifecycle (4), sums for combinations. */
static const char scoped[] =
	"apiVersion: chainwarden.dev/v1\nkind: Policy\n"
	"rules:\n"
	"  - id: kev\n    action: deny\n    message: exploited\n    when: {vulnerability: {kev: true}}\n"
	"  - id: gpl\n    action: warn\n    message: strong copyleft\n    when: {license: {category: strong-copyleft}}\n"
	"scopes:\n"
	"  - name: payments\n    business_system: payments\n"
	"    rules:\n      - id: gpl\n        action: review\n"
	"      - id: typo\n        action: deny\n        message: typosquat\n        when: {attack: {typosquat: true}}\n"
	"  - name: checkout\n    project: [checkout, cart]\n"
	"    rules:\n      - {id: gpl, action: deny, message: no GPL in checkout}\n"
	"  - name: production\n    lifecycle: production\n"
	"    rules:\n      - {id: gpl, action: info}\n      - {id: typo, action: warn}\n"
	"  - name: checkout-dev\n    project: checkout\n    lifecycle: development\n    disable: [kev]\n"
	"  - name: checkout-again\n    project: checkout\n"
	"    rules:\n      - {id: gpl, remediation: replace it}\n";

typedef struct {
	const char *ctx;
	const char *expect; /* "rule=action@scope ..." of the results, sorted by rule */
} scope_case;

static void test_policy__scope_precedence(void **state)
{
	static const scope_case sc[] = {
		{ NULL, "gpl=warn@global kev=deny@global" },
		{ "business_system=payments", "gpl=review@payments kev=deny@global typo=deny@payments" },
		{ "business_system=payments project=checkout",
		  "gpl=deny@checkout-again kev=deny@global typo=deny@payments" },
		{ "business_system=payments project=cart", "gpl=deny@checkout kev=deny@global typo=deny@payments" },
		{ "business_system=payments project=checkout lifecycle=production",
		  "gpl=info@production kev=deny@global typo=warn@production" },
		{ "project=checkout lifecycle=development", "gpl=deny@checkout-again" },
		{ "lifecycle=production", "gpl=info@production kev=deny@global" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(sc) / sizeof(sc[0]); i++) {
		cw_policy *p;
		cw_policy_report *rep = eval_yaml(scoped, sc[i].ctx, NOW_2025_11_26, &p);
		char got[512] = "", last[64] = "";
		size_t len = 0;
		/* one entry per rule (the rule's results share action and scope) */
		char *items[16];
		size_t n = 0;
		for (size_t k = 0; k < cw_policy_result_count(rep); k++) {
			const cw_policy_result *r = cw_policy_result_at(rep, k);
			char buf[128];
			bool dup = false;
			snprintf(buf, sizeof(buf), "%s=%s@%s", r->rule, cw_policy_action_name(r->action), r->scope);
			for (size_t j = 0; j < n; j++)
				dup |= !strcmp(items[j], buf);
			if (!dup && n < 16)
				items[n++] = strdup(buf);
		}
		qsort(items, n, sizeof(*items), cmp_str);
		for (size_t j = 0; j < n; j++) {
			len += (size_t)snprintf(got + len, sizeof(got) - len, "%s%s", j ? " " : "", items[j]);
			free(items[j]);
		}
		(void)last;
		if (strcmp(got, sc[i].expect))
			fail_msg("context [%s]: got \"%s\", expected \"%s\"", sc[i].ctx ? sc[i].ctx : "", got, sc[i].expect);
		if (sc[i].ctx && strstr(sc[i].ctx, "checkout") && strstr(got, "gpl=deny@checkout-again")) {
			/* a partial override keeps the rule's message from the scope below */
			for (size_t k = 0; k < cw_policy_result_count(rep); k++) {
				const cw_policy_result *r = cw_policy_result_at(rep, k);
				if (!strcmp(r->rule, "gpl")) {
					assert_string_equal(r->message, "no GPL in checkout");
					assert_string_equal(r->remediation, "replace it");
				}
			}
		}
		/* typo overridden in production without the payments scope: a warning, no rule */
		if (sc[i].ctx && !strcmp(sc[i].ctx, "lifecycle=production"))
			assert_int_equal(cw_policy_warning_count(rep), 1);
		cw_policy_report_free(rep);
		cw_policy_free(p);
	}
}

typedef struct {
	const char *yaml;
	int code;
	const char *msg; /* substring of the error */
} load_case;

#define HDR "apiVersion: chainwarden.dev/v1\nkind: Policy\n"
#define RULE(w) HDR "rules:\n  - id: r1\n    action: deny\n    message: m\n    when: " w "\n"

static void test_policy__load_errors_name_file_line_col_and_rule(void **state)
{
	static const load_case lc[] = {
		{ "", CW_EINVALID, "bad.yaml:1:1: empty policy" },
		{ "apiVersion: chainwarden.dev/v2\nkind: Policy\nrules: []\n", CW_EUNSUPPORTED,
		  "bad.yaml:1:13: apiVersion 'chainwarden.dev/v2' is not supported" },
		{ "apiVersion: chainwarden.dev/v1\nkind: LicensePolicy\nrules: []\n", CW_EUNSUPPORTED, "kind must be 'Policy'" },
		{ HDR, CW_EINVALID, "missing 'rules'" },
		{ HDR "rules:\n  - id: r1\n    action: block\n    message: m\n    when: {package: {name: x}}\n",
		  CW_EINVALID, "bad.yaml:5:13: rule 'r1': action must be deny, review, warn or info" },
		{ HDR "rules:\n  - id: r1\n    action: deny\n    when: {package: {name: x}}\n", CW_EINVALID,
		  "bad.yaml:4:5: rule 'r1': a rule needs a 'message'" },
		{ RULE("{vulnerability: {severty: high}}"), CW_EINVALID,
		  "bad.yaml:7:28: rule 'r1': unknown field 'severty' in 'vulnerability'" },
		{ RULE("{vulnerability: {severity: urgent}}"), CW_EINVALID, "rule 'r1': vulnerability.severity: unknown value 'urgent'" },
		{ RULE("{vulnerability: {cvss_score: {gt: 9, lt: 4}}}"), CW_EINVALID, "the interval is empty" },
		{ RULE("{vulnerability: {cvss_score: {above: 9}}}"), CW_EINVALID, "unknown comparison 'above'" },
		{ RULE("{vulnerability: {kev: yes please}}"), CW_EINVALID, "vulnerability.kev takes true or false" },
		{ RULE("{package: {version: \"<2\"}}"), CW_EINVALID, "package.version needs package.ecosystem" },
		{ RULE("{package: {ecosystem: npm, version: \">>=1.0\"}}"), CW_EINVALID,
		  "rule 'r1': package.version: '>>=1.0' is not a" },
		{ RULE("{attack: {signal: [typosqat]}}"), CW_EINVALID, "unknown signal 'typosqat'" },
		{ RULE("{attack: {typosquat: false, ecosystem_placeholder: 1}}"), CW_EINVALID,
		  "unknown field 'ecosystem_placeholder' in 'attack'" },
		{ RULE("{context: {criticality: extreme}}"), CW_EINVALID, "context.criticality: unknown value 'extreme'" },
		{ RULE("{context: {distribution: [airgap]}}"), CW_EINVALID, "context.distribution: unknown value 'airgap'" },
		{ RULE("{licence: {id: MIT}}"), CW_EINVALID, "unknown condition 'licence'" },
		{ RULE("{all: []}"), CW_EINVALID, "'all' takes a non-empty list" },
		{ RULE("{health: {check: {lt: 3}}}"), CW_EINVALID, "health.check: expected a mapping with the check's name" },
		{ RULE("[]"), CW_EINVALID, "rule 'r1': a condition is a mapping" },
		{ RULE("{package: {name: x}}") "  - id: r1\n    action: warn\n    message: m\n    when: {package: {name: y}}\n",
		  CW_EINVALID, "bad.yaml:8:5: rule 'r1': rule id defined twice" },
		{ RULE("{package: {name: x}}") "waivers:\n  - rule: r1\n    reason: r\n    approver: a\n",
		  CW_EINVALID, "a waiver needs a 'reason', an 'approver' and an 'expires' date" },
		{ RULE("{package: {name: x}}") "waivers:\n  - rule: r2\n    reason: r\n    approver: a\n    expires: 2030-01-01\n",
		  CW_EINVALID, "rule 'r2': a waiver names a rule that the policy does not define" },
		{ RULE("{package: {name: x}}") "waivers:\n  - rule: r1\n    reason: r\n    approver: a\n    expires: 2030-13-01\n",
		  CW_EINVALID, "'expires' must be a date YYYY-MM-DD" },
		{ RULE("{package: {name: x}}") "scopes:\n  - name: s\n    rules: []\n", CW_EINVALID,
		  "scope 's' selects nothing" },
		{ RULE("{package: {name: x}}") "scopes:\n  - name: s\n    lifecycle: prod\n    disable: [r9]\n",
		  CW_EINVALID, "rule 'r9': scope 's' disables a rule that the policy does not define" },
		{ RULE("{package: {name: x}}") "scopes:\n  - name: s\n    lifecycle: prod\n    rules:\n      - {id: r7, action: warn}\n",
		  CW_EINVALID, "rule 'r7': scope 's' overrides a rule that no other part of the policy defines" },
		{ RULE("{package: {name: x}}") "extra: 1\n", CW_EINVALID, "bad.yaml:8:1: unknown key 'extra' in the policy" },
		{ HDR "rules:\n  - id: r1\n    action: deny\n    message: m\n    when: {package: {name: x}\n", CW_EINVALID,
		  "bad.yaml:8:1: invalid YAML" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(lc) / sizeof(lc[0]); i++) {
		cw_policy *p = NULL;
		int rc = cw_policy_load(&p, lc[i].yaml, strlen(lc[i].yaml), "bad.yaml");
		if (rc != lc[i].code || !strstr(cw_error_last()->message, lc[i].msg))
			fail_msg("case %zu: rc %d, message \"%s\"; expected %d and \"%s\"", i, rc, cw_error_last()->message,
			         lc[i].code, lc[i].msg);
		assert_null(p);
	}
	/* nesting: 32 levels of `not` load, 33 do not */
	for (int depth = 32; depth <= 33; depth++) {
		char yaml[4096];
		size_t n = (size_t)snprintf(yaml, sizeof(yaml), HDR "rules:\n  - id: deep\n    action: deny\n    message: m\n    when: ");
		cw_policy *p = NULL;
		int rc;
		for (int i = 0; i < depth; i++)
			n += (size_t)snprintf(yaml + n, sizeof(yaml) - n, "{not: ");
		n += (size_t)snprintf(yaml + n, sizeof(yaml) - n, "{package: {name: x}}");
		for (int i = 0; i < depth; i++)
			n += (size_t)snprintf(yaml + n, sizeof(yaml) - n, "}");
		snprintf(yaml + n, sizeof(yaml) - n, "\n");
		rc = cw_policy_load(&p, yaml, strlen(yaml), "deep.yaml");
		if (depth == 32) {
			cw_assert_ok(rc);
			cw_policy_free(p);
		} else {
			assert_int_equal(rc, CW_ELIMIT);
			assert_non_null(strstr(cw_error_last()->message, "rule 'deep': conditions nested deeper than 32"));
		}
	}
}

static void test_policy__default_policy(void **state)
{
	cw_policy *p = NULL;
	cw_policy_context *ctx = make_ctx("distribution=distributed");
	cw_policy_report *rep = NULL;
	cw_policy_input in = input_for(ctx, NOW_2025_11_26);
	size_t rules, scopes, waivers;
	char got[2048] = "";
	size_t len = 0;
	(void)state;
	cw_assert_ok(cw_policy_load_default(&p));
	cw_policy_counts(p, &rules, &scopes, &waivers);
	assert_int_equal(rules, 7);
	assert_string_equal(cw_policy_name(p), "chainwarden-default");
	cw_assert_ok(cw_policy_evaluate(&rep, p, &in));
	/* by hand: KEV lodash/GHSA-aaaa (deny, also critical with a fix), MAL- and the
	 * malicious dependency-confusion signal (deny), GPL-3.0 evil distributed
	 * (review), AGPL agpl-lib distributed (review), lodash unmaintained (warn),
	 * evil without integrity (warn) */
	for (size_t i = 0; i < cw_policy_result_count(rep); i++) {
		const cw_policy_result *r = cw_policy_result_at(rep, i);
		len += (size_t)snprintf(got + len, sizeof(got) - len, "%s%s:%s:%s", i ? " " : "", r->rule,
		                        r->package->name, r->finding ? r->finding->id : "-");
	}
	assert_string_equal(got,
	    "critical-with-fix:lodash:GHSA-aaaa-bbbb-cccc known-exploited:lodash:GHSA-aaaa-bbbb-cccc "
	    "malicious-package:evil:- malicious-package:classpath:- "
	    "strong-copyleft-distributed:evil:- network-copyleft-service:agpl-lib:- "
	    "unmaintained-project:lodash:- integrity-missing:evil:-");
	assert_int_equal(cw_policy_report_verdict(rep), CW_POLICY_FAIL);
	cw_policy_report_free(rep);
	cw_policy_free(p);
	cw_policy_context_free(ctx);
}

static void test_policy__engine_computes_signals_when_not_given(void **state)
{
	cw_policy *p = load_rule("{attack: {integrity_missing: true}, package: {ecosystem: npm}}", "warn");
	cw_policy_report *rep = NULL;
	cw_policy_input in = input_for(NULL, NOW_2025_11_26);
	char got[256];
	(void)state;
	in.signals = NULL;
	in.signal_count = 0;
	in.signals_given = false;
	cw_assert_ok(cw_policy_evaluate(&rep, p, &in));
	results_string(got, sizeof(got), rep);
	assert_string_equal(got, "evil"); /* the only npm entry without "integrity" */
	cw_policy_report_free(rep);
	cw_policy_free(p);
}

static void test_policy__named_signals(void **state)
{
	/* upstream findings of the scan, by name: one the engine knows, one a
	 * policy can only name through attack.signal, one nobody tests, and a
	 * malicious one */
	cw_policy_signal named[4];
	static const struct { const char *when; const char *expect; } c[] = {
		{ "{attack: {fresh_version: true}}", "dual" },
		{ "{attack: {signal: [lockfile-drift, unpublished-version]}}", "flask, requests" },
		{ "{attack: {lockfile_drift: false}, package: {ecosystem: pypi}}", "flask" },
		{ "{attack: {malicious: true}}", "classpath, evil, nolicense" },
	};
	(void)state;
	named[0] = (cw_policy_signal){ comp_index("dual"), "fresh-version", false };
	named[1] = (cw_policy_signal){ comp_index("requests"), "lockfile-drift", false };
	named[2] = (cw_policy_signal){ comp_index("flask"), "unpublished-version", false };
	named[3] = (cw_policy_signal){ comp_index("nolicense"), "some-future-signal", true };
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		cw_policy *p = load_rule(c[i].when, "warn");
		cw_policy_report *rep = NULL;
		cw_policy_input in = input_for(NULL, NOW_2025_11_26);
		char got[256];
		in.named_signals = named;
		in.named_signal_count = 4;
		cw_assert_ok(cw_policy_evaluate(&rep, p, &in));
		results_string(got, sizeof(got), rep);
		if (strcmp(got, c[i].expect))
			fail_msg("%s: got \"%s\", expected \"%s\"", c[i].when, got, c[i].expect);
		cw_policy_report_free(rep);
		cw_policy_free(p);
	}
}

static void test_policy__no_scan_makes_vulnerability_fields_unknown(void **state)
{
	static const char *const whens[] = { "{vulnerability: {affected: false}}",
		                             "{not: {vulnerability: {kev: true}}}" };
	(void)state;
	for (size_t i = 0; i < 2; i++) {
		cw_policy *p = load_rule(whens[i], "deny");
		cw_policy_report *rep = NULL;
		cw_policy_input in = input_for(NULL, NOW_2025_11_26);
		char *text = NULL;
		in.scan = NULL;
		cw_assert_ok(cw_policy_evaluate(&rep, p, &in));
		assert_int_equal(cw_policy_result_count(rep), 0);
		assert_int_equal(cw_policy_report_verdict(rep), CW_POLICY_PASS);
		cw_assert_ok(cw_policy_explain(&text, p, &in, CW_POLICY_FORMAT_TABLE));
		assert_non_null(strstr(text, "no vulnerability data (no scan)"));
		free(text);
		cw_policy_report_free(rep);
		cw_policy_free(p);
	}
}

static int sink(void *payload, const char *data, size_t len)
{
	cw_buf *b = payload;
	return cw__buf_put(b, data, len);
}

static void test_policy__reports_and_explain(void **state)
{
	cw_policy *p = NULL;
	cw_policy_report *rep = NULL;
	cw_policy_input in = input_for(NULL, NOW_2025_11_26);
	cw_buf out = CW_BUF_INIT;
	json_error_t jerr;
	json_t *doc;
	char *text = NULL;
	(void)state;
	cw_assert_ok(cw_policy_load_default(&p));
	cw_assert_ok(cw_policy_evaluate(&rep, p, &in));
	cw_assert_ok(cw_policy_report_write(rep, CW_POLICY_FORMAT_JSON, sink, &out));
	assert_non_null(doc = json_loads(out.ptr, 0, &jerr));
	assert_string_equal(json_string_value(json_object_get(doc, "schema")), "chainwarden-policy/1");
	assert_string_equal(json_string_value(json_object_get(doc, "verdict")), "fail");
	assert_int_equal(json_array_size(json_object_get(doc, "results")), cw_policy_result_count(rep));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(doc, "summary"), "components")), 8);
	json_decref(doc);
	cw__buf_clear(&out);
	cw_assert_ok(cw_policy_report_write(rep, CW_POLICY_FORMAT_SARIF, sink, &out));
	assert_non_null(doc = json_loads(out.ptr, 0, &jerr));
	assert_int_equal(json_array_size(json_object_get(json_array_get(json_object_get(doc, "runs"), 0), "results")),
	                 cw_policy_result_count(rep));
	json_decref(doc);
	cw__buf_clear(&out);
	cw_assert_ok(cw_policy_report_write(rep, CW_POLICY_FORMAT_MARKDOWN, sink, &out));
	assert_non_null(strstr(out.ptr, "| Status | Rule | Package |"));
	assert_non_null(strstr(out.ptr, "| deny | `known-exploited` | lodash@4.17.4 | GHSA-aaaa-bbbb-cccc |"));
	cw__buf_free(&out);
	cw_assert_ok(cw_policy_explain(&text, p, &in, CW_POLICY_FORMAT_TABLE));
	assert_non_null(strstr(text, "unknown warn   unmaintained-project: health.unmaintained: no health data"));
	assert_non_null(strstr(text, "unknown review strong-copyleft-distributed: context.distribution: not set"));
	assert_non_null(strstr(text, "matched deny   known-exploited GHSA-aaaa-bbbb-cccc: vulnerability.kev: "
	                             "GHSA-aaaa-bbbb-cccc is in KEV"));
	free(text);
	cw_policy_report_free(rep);
	cw_policy_free(p);
}

static void test_policy__context_file_and_keys(void **state)
{
	static const char yaml[] = "context:\n  lifecycle: Production\n  criticality: high\n  distribution: airgap\n";
	cw_policy_context *ctx = make_ctx(NULL);
	(void)state;
	assert_int_equal(cw_policy_context_load(ctx, yaml, strlen(yaml), "ctx.yaml"), CW_EINVALID);
	assert_non_null(strstr(cw_error_last()->message, "ctx.yaml:4:3: distribution 'airgap'"));
	{
		const char *ok = "lifecycle: Production\ndistribution: distributed\n";
		cw_assert_ok(cw_policy_context_load(ctx, ok, strlen(ok), "c.yaml"));
	}
	assert_string_equal(cw_policy_context_get(ctx, "lifecycle"), "production");
	assert_string_equal(cw_policy_context_get(ctx, "distribution"), "distributed");
	assert_int_equal(cw_policy_context_set(ctx, "stage", "x"), CW_EINVALID);
	assert_int_equal(cw_policy_context_set(ctx, "criticality", "urgent"), CW_EINVALID);
	cw_policy_context_free(ctx);
}

static void test_policy__health_file(void **state)
{
	static const char json[] =
		"{\"pkg:npm/lodash\": {\"schema\": \"chainwarden-health/1\", \"score\": 2.5,"
		" \"checks\": [{\"name\": \"Maintained\", \"score\": 0}, {\"name\": \"Packaging\", \"score\": -1}]},"
		" \"dual\": {\"score\": null, \"checks\": [{\"name\": \"Maintained\", \"score\": -1}]}}";
	cw_policy_health_set *h = NULL;
	cw_policy *p = load_rule("{health: {unmaintained: true}}", "warn");
	cw_policy_report *rep = NULL;
	cw_policy_input in = input_for(NULL, NOW_2025_11_26);
	char got[256];
	(void)state;
	cw_assert_ok(cw_policy_health_load(&h, json, strlen(json), "health.json"));
	in.health = h;
	cw_assert_ok(cw_policy_evaluate(&rep, p, &in));
	results_string(got, sizeof(got), rep);
	assert_string_equal(got, "lodash"); /* dual: Maintained inconclusive = unknown */
	cw_policy_report_free(rep);
	cw_policy_free(p);
	cw_policy_health_free(h);
	assert_int_equal(cw_policy_health_load(&h, "[1]", 3, "h.json"), CW_EINVALID);
	assert_null(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policy__rule_by_input_table),
		cmocka_unit_test(test_policy__waiver_expiry_with_injected_clock),
		cmocka_unit_test(test_policy__waiver_selectors),
		cmocka_unit_test(test_policy__scan_ignored_finding_comes_out_waived),
		cmocka_unit_test(test_policy__scope_precedence),
		cmocka_unit_test(test_policy__load_errors_name_file_line_col_and_rule),
		cmocka_unit_test(test_policy__default_policy),
		cmocka_unit_test(test_policy__engine_computes_signals_when_not_given),
		cmocka_unit_test(test_policy__no_scan_makes_vulnerability_fields_unknown),
		cmocka_unit_test(test_policy__named_signals),
		cmocka_unit_test(test_policy__reports_and_explain),
		cmocka_unit_test(test_policy__context_file_and_keys),
		cmocka_unit_test(test_policy__health_file),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
