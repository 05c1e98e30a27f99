/*
 * cmd_scan.c - `chainwarden scan TARGET`: inventory TARGET, match it
 * against the KB and report.  Option parsing only; the work is
 * cw_inventory_scan_path(), cw_scan_run() and cw_scan_report().
 */
#include "cli/cli.h"
#include "cli/cli_policy.h"
#include "cli/cli_scan.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
	"usage: chainwarden scan [options] TARGET\n"
	"\n"
	"Inventory TARGET (a directory, a lockfile, or a CycloneDX / SPDX JSON SBOM)\n"
	"and report every known\n"
	"vulnerability of its components, most urgent first (KEV, then EPSS, then\n"
	"severity), with dependency paths and the version that fixes them.\n"
	"\n"
	"options:\n"
	"  --kb PATH            the KB (default: $CHAINWARDEN_KB, then the data directory)\n"
	"  --format FMT         table (default on a terminal), json (default otherwise),\n"
	"                       sarif, markdown, html, cyclonedx, openvex\n"
	"  --fail-on LEVEL      exit 1 when a finding at LEVEL remains: critical, high,\n"
	"                       medium, low, kev, any (default: none)\n"
	"  --ignore FILE        ignore file (default: TARGET/.chainwarden.yaml if present)\n"
	"  --today YYYY-MM-DD   date for ignore expiry (default: today, UTC)\n"
	"  --vex FILE           OpenVEX or CycloneDX VEX statements (repeatable; later\n"
	"                       files win): not_affected / fixed findings are ignored\n"
	"  --baseline FILE      report only findings not in FILE (a JSON scan report,\n"
	"                       a CycloneDX document with vulnerabilities, or an SBOM\n"
	"                       that is scanned too); --fail-on counts only new ones\n"
	"  --show-ignored       list ignored findings too (table, markdown, html)\n"
	"  --policy FILE        also evaluate this policy (docs/policy.md; 'default' for\n"
	"                       the built-in one): the exit status follows its verdict\n"
	"                       and the JSON report carries its results under \"policy\"\n"
	"  --context FILE       project context for the policy (YAML)\n"
	"  --color WHEN         auto (default), always, never\n"
	"\n"
	"upstream-attack findings (malicious / suspicious; docs/scan.md):\n"
	"  --no-upstream        skip them\n"
	"  --popular FILE       ranked npm popular names for the typosquat check (repeatable)\n"
	"  --allow-host HOST    registry host packages may come from (repeatable)\n"
	"  --internal GLOB      internal package names, e.g. '@acme/*' (repeatable)\n"
	"  --internal-host HOST host of the internal registry (repeatable)\n"
	"  --package-dir DIR    unpacked packages, to show their install scripts (repeatable)\n"
	"  --no-drift           do not compare lockfiles with their manifests\n"
	"  --fresh-days N       quarantine versions published fewer than N days ago (7)\n"
	"  --registry-metadata DIR  npm packuments DIR/NAME.json\n"
	"                       (default $CHAINWARDEN_REGISTRY_METADATA)\n"
	"  --registry-url URL   npm registry to fetch packuments from\n"
	"                       (default $CHAINWARDEN_REGISTRY_URL)\n"
	"  --now TIME           the time of the scan for --fresh-days (ISO 8601 UTC)\n"
	"  -o, --output FILE    write the report to FILE\n"
	"  -h, --help           show this help\n"
	"\n"
	"exit status: 0 no finding at the --fail-on level (and no policy deny), 1\n"
	"findings or a policy deny, 2 usage or input error (also a policy that does\n"
	"not load), 3 internal or I/O error.\n";

static int run(int argc, char **argv)
{
	cw_report_options ropts = CW_REPORT_OPTIONS_INIT;
	cw_scan_options sopts = CW_SCAN_OPTIONS_INIT;
	cw_fail_level fail = CW_FAIL_NONE;
	cw_upstream_options uopts = CW_UPSTREAM_OPTIONS_INIT;
	const char *kb_arg = NULL, *output = NULL, *color = "auto", *format = NULL, *fail_on = NULL;
	const char *fresh_days = NULL, *now = NULL, *policy_arg = NULL;
	cw_cli_list vex = CW_CLI_LIST_INIT(CW_CLI_MAX_LIST), popular = CW_CLI_LIST_INIT(CW_CLI_MAX_LIST),
	            pkg_dirs = CW_CLI_LIST_INIT(CW_CLI_MAX_LIST);
	cw_cli_signal_lists signal_lists;
	bool no_upstream = false, no_drift = false;
	cw_cli_policy_args pargs;
	const cw_cli_opt options[] = {
		{ "kb", 0, CW_CLI_STRING, &kb_arg, NULL },
		{ "format", 0, CW_CLI_STRING, &format, NULL },
		{ "fail-on", 0, CW_CLI_STRING, &fail_on, NULL },
		{ "ignore", 0, CW_CLI_STRING, &sopts.ignore_file, NULL },
		{ "today", 0, CW_CLI_STRING, &sopts.today, NULL },
		{ "show-ignored", 0, CW_CLI_FLAG, &ropts.show_ignored, NULL },
		{ "color", 0, CW_CLI_STRING, &color, NULL },
		{ "vex", 0, CW_CLI_LIST, &vex, NULL },
		{ "baseline", 0, CW_CLI_STRING, &sopts.baseline_file, NULL },
		{ "no-upstream", 0, CW_CLI_FLAG, &no_upstream, NULL },
		{ "popular", 0, CW_CLI_LIST, &popular, NULL },
		cw_cli_signal_lists_options(&signal_lists),
		{ "package-dir", 0, CW_CLI_LIST, &pkg_dirs, NULL },
		{ "no-drift", 0, CW_CLI_FLAG, &no_drift, NULL },
		{ "fresh-days", 0, CW_CLI_STRING, &fresh_days, NULL },
		{ "registry-metadata", 0, CW_CLI_STRING, &uopts.registry_metadata, NULL },
		{ "registry-url", 0, CW_CLI_STRING, &uopts.registry_url, NULL },
		{ "now", 0, CW_CLI_STRING, &now, NULL },
		{ "policy", 0, CW_CLI_STRING, &policy_arg, NULL },
		{ "context", 0, CW_CLI_STRING, &pargs.context, NULL },
		{ "output", 'o', CW_CLI_STRING, &output, NULL },
	};
	char *target_dir = NULL;
	cw_cli_output out = { "scan", NULL };
	cw_cli_scan scan = { 0 };
	cw_policy *policy = NULL;
	cw_policy_context *pctx = NULL;
	cw_policy_health_set *phealth = NULL;
	cw_policy_report *preport = NULL;
	int rc = CW_EXIT_OK, error;
	struct stat sb;

	memset(&pargs, 0, sizeof(pargs));
	if (cw_cli_options("scan", usage, options, CW_CLI_COUNT(options), argc, argv, &rc))
		goto done;
	if ((format && cw_report_format_parse(&ropts.format, format) < 0) ||
	    (fail_on && cw_fail_level_parse(&fail, fail_on) < 0)) {
		rc = cw_cli_usage_error("scan", "%s", cw_error_last()->message);
		goto done;
	}
	if (strcmp(color, "auto") && strcmp(color, "always") && strcmp(color, "never")) {
		rc = cw_cli_usage_error("scan", "--color takes auto, always or never");
		goto done;
	}
	if (fresh_days) {
		char *end;
		long days = strtol(fresh_days, &end, 10);
		if (*end || end == fresh_days || days < 0 || days > 36500) {
			rc = cw_cli_usage_error("scan", "--fresh-days takes a number of days (0 turns the check off)");
			goto done;
		}
		uopts.fresh_days = days ? (int)days : -1;
	}
	if (now && cw_iso8601_parse(&uopts.now, now, strlen(now)) < 0) {
		rc = cw_cli_usage_error("scan", "--now: %s", cw_error_last()->message);
		goto done;
	}
	sopts.vex_files = vex.items;
	sopts.vex_file_count = vex.count;
	uopts.drift = !no_drift;
	if (policy_arg)
		pargs.policy = strcmp(policy_arg, "default") ? policy_arg : NULL;
	if (argc - optind != 1) {
		rc = cw_cli_usage_error("scan", argc - optind ? "only one TARGET may be given" : "a TARGET is required");
		goto done;
	}
	if (sopts.today && (strlen(sopts.today) != 10 || sopts.today[4] != '-' || sopts.today[7] != '-')) {
		rc = cw_cli_usage_error("scan", "--today takes a date YYYY-MM-DD");
		goto done;
	}
	{
		bool tty = !output && isatty(STDOUT_FILENO);
		if (!format)
			ropts.format = tty ? CW_REPORT_TABLE : CW_REPORT_JSON;
		ropts.color = !strcmp(color, "always") || (!strcmp(color, "auto") && tty && !getenv("NO_COLOR"));
	}
	/* SARIF locations are relative to the target directory (a file's directory) */
	if (stat(argv[optind], &sb) == 0 && S_ISDIR(sb.st_mode)) {
		ropts.source_root = argv[optind];
	} else if (strchr(argv[optind], '/') && (target_dir = strdup(argv[optind]))) {
		*strrchr(target_dir, '/') = '\0';
		ropts.source_root = *target_dir ? target_dir : "/";
	}
	if ((rc = cw_cli_scan_default_ignore(&scan, &sopts, argv[optind])) != CW_EXIT_OK)
		goto done;
	/* a policy that does not load fails before any work (exit 2) */
	if ((policy_arg || pargs.context) && (rc = cw_cli_policy_load("scan", &pargs, &policy, &pctx, &phealth)) != 0)
		goto done;
	if ((rc = cw_cli_scan_run("scan", &scan, kb_arg, argv[optind], &sopts)) != CW_EXIT_OK)
		goto done;
	if (!no_upstream) {
		uopts.config_file = sopts.ignore_file;
		uopts.popular_files = popular.items;
		uopts.popular_file_count = popular.count;
		CW_CLI_SIGNAL_LISTS_APPLY(&uopts, &signal_lists);
		uopts.package_dirs = pkg_dirs.items;
		uopts.package_dir_count = pkg_dirs.count;
		if (!uopts.registry_metadata && !uopts.registry_url)
			cw_cli_upstream_registry_env(&uopts);
		if ((error = cw_scan_upstream(scan.result, &uopts)) < 0) {
			rc = cw_cli_fail(error);
			goto done;
		}
	}
	cw_cli_scan_warnings("scan", &scan);
	if (policy) {
		cw_policy_input in = CW_POLICY_INPUT_INIT;
		in.inventory = scan.inv;
		in.scan = scan.result;
		in.context = pctx;
		in.health = phealth;
		if (sopts.today && cw_health_parse_time(&in.now, sopts.today) < 0) {
			rc = cw_cli_usage_error("scan", "--today takes a date YYYY-MM-DD");
			goto done;
		}
		if ((error = cw_policy_evaluate(&preport, policy, &in)) < 0) {
			rc = cw_cli_fail(error);
			goto done;
		}
		ropts.policy = preport;
	}
	if ((rc = cw_cli_output_open(&out, "scan", output)) != CW_EXIT_OK)
		goto done;
	if ((error = cw_scan_report(scan.result, &ropts, cw_cli_output_write, &out)) < 0 ||
	    (preport && (ropts.format == CW_REPORT_TABLE || ropts.format == CW_REPORT_MARKDOWN) &&
	     ((error = cw_cli_output_write(&out, "\n", 1)) < 0 ||
	      (error = cw_policy_report_write(preport, ropts.format == CW_REPORT_TABLE ? CW_POLICY_FORMAT_TABLE
	                                               : CW_POLICY_FORMAT_MARKDOWN, cw_cli_output_write, &out)) < 0))) {
		rc = cw_cli_fail(error);
		goto done;
	}
	if ((rc = cw_cli_output_flush(&out)) != CW_EXIT_OK)
		goto done;
	rc = cw_scan_fails(scan.result, fail) || cw_scan_upstream_fails(scan.result, fail) || cw_policy_report_fails(preport) ? 1 : CW_EXIT_OK;
done:
	rc = cw_cli_output_close(&out, rc);
	cw_policy_report_free(preport);
	cw_policy_free(policy);
	cw_policy_context_free(pctx);
	cw_policy_health_free(phealth);
	cw_cli_scan_free(&scan);
	free(target_dir);
	cw_cli_list_free(&vex);
	cw_cli_list_free(&popular);
	cw_cli_list_free(&pkg_dirs);
	cw_cli_signal_lists_free(&signal_lists);
	return rc;
}

const cw_cli_command cw_cli_cmd_scan = { "scan", "report known vulnerabilities of a project's dependencies", run };
