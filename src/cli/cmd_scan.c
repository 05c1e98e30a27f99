/*
 * cmd_scan.c - `chainwarden scan TARGET`: inventory TARGET, match it
 * against the KB and report.  Option parsing only; the work is
 * cw_inventory_scan_path(), cw_scan_run() and cw_scan_report().
 */
#include "cli/cli.h"
#include "cli/cli_policy.h"

#include <errno.h>
#include <getopt.h>
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

static int write_file(void *payload, const char *data, size_t len)
{
	FILE *fp = payload;
	if (fwrite(data, 1, len, fp) != len) {
		fprintf(stderr, "chainwarden scan: error: write failed: %s\n", strerror(errno));
		return CW_EIO;
	}
	return 0;
}

static int run(int argc, char **argv)
{
	enum { OPT_KB = 256, OPT_FORMAT, OPT_FAIL, OPT_IGNORE, OPT_TODAY, OPT_SHOWIGN, OPT_COLOR,
	       OPT_VEX, OPT_BASELINE,
	       OPT_NO_UPSTREAM, OPT_POPULAR, OPT_ALLOW_HOST, OPT_INTERNAL, OPT_INTERNAL_HOST, OPT_PKG_DIR,
	       OPT_NO_DRIFT, OPT_FRESH_DAYS, OPT_REG_META, OPT_REG_URL, OPT_NOW,
	       OPT_POLICY, OPT_CONTEXT };
	static const struct option longopts[] = {
		{ "kb", required_argument, NULL, OPT_KB },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "fail-on", required_argument, NULL, OPT_FAIL },
		{ "ignore", required_argument, NULL, OPT_IGNORE },
		{ "today", required_argument, NULL, OPT_TODAY },
		{ "show-ignored", no_argument, NULL, OPT_SHOWIGN },
		{ "color", required_argument, NULL, OPT_COLOR },
		{ "vex", required_argument, NULL, OPT_VEX },
		{ "baseline", required_argument, NULL, OPT_BASELINE },
		{ "no-upstream", no_argument, NULL, OPT_NO_UPSTREAM },
		{ "popular", required_argument, NULL, OPT_POPULAR },
		{ "allow-host", required_argument, NULL, OPT_ALLOW_HOST },
		{ "internal", required_argument, NULL, OPT_INTERNAL },
		{ "internal-host", required_argument, NULL, OPT_INTERNAL_HOST },
		{ "package-dir", required_argument, NULL, OPT_PKG_DIR },
		{ "no-drift", no_argument, NULL, OPT_NO_DRIFT },
		{ "fresh-days", required_argument, NULL, OPT_FRESH_DAYS },
		{ "registry-metadata", required_argument, NULL, OPT_REG_META },
		{ "registry-url", required_argument, NULL, OPT_REG_URL },
		{ "now", required_argument, NULL, OPT_NOW },
		{ "policy", required_argument, NULL, OPT_POLICY },
		{ "context", required_argument, NULL, OPT_CONTEXT },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	cw_report_options ropts = CW_REPORT_OPTIONS_INIT;
	cw_scan_options sopts = CW_SCAN_OPTIONS_INIT;
	cw_fail_level fail = CW_FAIL_NONE;
	cw_upstream_options uopts = CW_UPSTREAM_OPTIONS_INIT;
	const char *up_lists[5][32];
	size_t up_counts[5] = { 0 };
	bool upstream = true;
	const char *kb_arg = NULL, *output = NULL, *color = "auto";
	char *kb_path = NULL, *default_ignore = NULL;
	const char **vex = NULL;
	char *target_dir = NULL;
	bool format_set = false, started = false;
	cw_inventory *inv = NULL;
	cw_kb *kb = NULL;
	cw_scan_result *res = NULL;
	FILE *fp = NULL;
	cw_cli_policy_args pargs;
	bool use_policy = false;
	cw_policy *policy = NULL;
	cw_policy_context *pctx = NULL;
	cw_policy_health_set *phealth = NULL;
	cw_policy_report *preport = NULL;
	int c, rc = CW_EXIT_OK, error;
	struct stat sb;

	memset(&pargs, 0, sizeof(pargs));

	while ((c = cw_cli_next_option(argc, argv, "o:", longopts, "scan", usage, &started, &rc)) != -1) {
		switch (c) {
		case CW_CLI_DONE: goto done;
		case OPT_KB: kb_arg = optarg; break;
		case OPT_FORMAT:
			if (cw_report_format_parse(&ropts.format, optarg) < 0) {
				rc = cw_cli_usage_error("scan", "%s", cw_error_last()->message);
				goto done;
			}
			format_set = true;
			break;
		case OPT_FAIL:
			if (cw_fail_level_parse(&fail, optarg) < 0) {
				rc = cw_cli_usage_error("scan", "%s", cw_error_last()->message);
				goto done;
			}
			break;
		case OPT_IGNORE: sopts.ignore_file = optarg; break;
		case OPT_TODAY: sopts.today = optarg; break;
		case OPT_SHOWIGN: ropts.show_ignored = true; break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never")) {
				rc = cw_cli_usage_error("scan", "--color takes auto, always or never");
				goto done;
			}
			color = optarg;
			break;
		case OPT_VEX: {
			const char **grown = realloc(vex, (sopts.vex_file_count + 1) * sizeof(*vex));
			if (!grown) {
				rc = CW_EXIT_INTERNAL;
				goto done;
			}
			vex = grown;
			vex[sopts.vex_file_count++] = optarg;
			sopts.vex_files = vex;
			break;
		}
		case OPT_BASELINE: sopts.baseline_file = optarg; break;
		case 'o': output = optarg; break;
		case OPT_NO_UPSTREAM: upstream = false; break;
		case OPT_POPULAR: case OPT_ALLOW_HOST: case OPT_INTERNAL: case OPT_INTERNAL_HOST: case OPT_PKG_DIR: {
			size_t k = (size_t)(c - OPT_POPULAR);
			if (up_counts[k] == 32) {
				rc = cw_cli_usage_error("scan", "too many values for --%s", longopts[c - OPT_KB].name);
				goto done;
			}
			up_lists[k][up_counts[k]++] = optarg;
			break;
		}
		case OPT_NO_DRIFT: uopts.drift = false; break;
		case OPT_FRESH_DAYS: {
			char *end;
			long days = strtol(optarg, &end, 10);
			if (*end || end == optarg || days < 0 || days > 36500) {
				rc = cw_cli_usage_error("scan", "--fresh-days takes a number of days (0 turns the check off)");
				goto done;
			}
			uopts.fresh_days = days ? (int)days : -1;
			break;
		}
		case OPT_REG_META: uopts.registry_metadata = optarg; break;
		case OPT_REG_URL: uopts.registry_url = optarg; break;
		case OPT_NOW:
			if (cw_iso8601_parse(&uopts.now, optarg, strlen(optarg)) < 0) {
				rc = cw_cli_usage_error("scan", "--now: %s", cw_error_last()->message);
				goto done;
			}
			break;
		case OPT_POLICY:
			use_policy = true;
			pargs.policy = strcmp(optarg, "default") ? optarg : NULL;
			break;
		case OPT_CONTEXT: use_policy = true; pargs.context = optarg; break;
		default: break;
		}
	}
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
		if (!format_set)
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
	if (!sopts.ignore_file && stat(argv[optind], &sb) == 0 && S_ISDIR(sb.st_mode)) {
		size_t n = strlen(argv[optind]) + 32;
		if (!(default_ignore = malloc(n))) {
			rc = CW_EXIT_INTERNAL;
			goto done;
		}
		snprintf(default_ignore, n, "%s/.chainwarden.yaml", argv[optind]);
		if (access(default_ignore, R_OK) == 0)
			sopts.ignore_file = default_ignore;
	}
	/* a policy that does not load fails before any work (exit 2) */
	if (use_policy && (rc = cw_cli_policy_load("scan", &pargs, &policy, &pctx, &phealth)) != 0)
		goto done;
	if ((error = cw_kb_default_path(&kb_path, kb_arg)) < 0 || (error = cw_kb_open(&kb, kb_path)) < 0 ||
	    (error = cw_inventory_new(&inv)) < 0) {
		rc = cw_cli_fail(error);
		goto done;
	}
	/* a lockfile or directory; else an existing CycloneDX / SPDX SBOM */
	if ((error = cw_inventory_scan_path(inv, argv[optind], NULL)) == CW_EUNSUPPORTED) {
		cw_inventory_free(inv);
		inv = NULL;
		if ((error = cw_inventory_new(&inv)) >= 0)
			error = cw_inventory_read_sbom(inv, argv[optind]);
	}
	if (error < 0) {
		rc = cw_cli_fail(error);
		goto done;
	}
	for (size_t i = 0; i < cw_inventory_failure_count(inv); i++)
		fprintf(stderr, "chainwarden scan: warning: %s\n", cw_inventory_failure(inv, i));
	if ((error = cw_scan_run(&res, inv, kb, &sopts)) < 0) {
		rc = cw_cli_fail(error);
		goto done;
	}
	if (upstream) {
		uopts.config_file = sopts.ignore_file;
		uopts.popular_files = up_lists[0];
		uopts.popular_file_count = up_counts[0];
		uopts.allowed_hosts = up_lists[1];
		uopts.allowed_host_count = up_counts[1];
		uopts.internal_patterns = up_lists[2];
		uopts.internal_pattern_count = up_counts[2];
		uopts.internal_hosts = up_lists[3];
		uopts.internal_host_count = up_counts[3];
		uopts.package_dirs = up_lists[4];
		uopts.package_dir_count = up_counts[4];
		if (!uopts.registry_metadata && !uopts.registry_url) {
			const char *dir = getenv("CHAINWARDEN_REGISTRY_METADATA"), *url = getenv("CHAINWARDEN_REGISTRY_URL");
			uopts.registry_metadata = dir && *dir ? dir : NULL;
			uopts.registry_url = url && *url ? url : NULL;
		}
		if ((error = cw_scan_upstream(res, &uopts)) < 0) {
			rc = cw_cli_fail(error);
			goto done;
		}
	}
	for (size_t i = 0; i < cw_scan_warning_count(res); i++)
		fprintf(stderr, "chainwarden scan: warning: %s\n", cw_scan_warning(res, i));
	if (policy) {
		cw_policy_input in = CW_POLICY_INPUT_INIT;
		in.inventory = inv;
		in.scan = res;
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
	if (output && strcmp(output, "-") != 0 && !(fp = fopen(output, "w"))) {
		fprintf(stderr, "chainwarden scan: error: %s: %s\n", output, strerror(errno));
		rc = CW_EXIT_INTERNAL;
		goto done;
	}
	if ((error = cw_scan_report(res, &ropts, write_file, fp ? fp : stdout)) < 0) {
		rc = cw_cli_fail(error);
		goto done;
	}
	if (preport && (ropts.format == CW_REPORT_TABLE || ropts.format == CW_REPORT_MARKDOWN) &&
	    ((error = write_file(fp ? fp : stdout, "\n", 1)) < 0 ||
	     (error = cw_policy_report_write(preport, ropts.format == CW_REPORT_TABLE ? CW_POLICY_FORMAT_TABLE
	                                              : CW_POLICY_FORMAT_MARKDOWN, write_file, fp ? fp : stdout)) < 0)) {
		rc = cw_cli_fail(error);
		goto done;
	}
	if (fflush(fp ? fp : stdout) != 0) {
		fprintf(stderr, "chainwarden scan: error: write failed: %s\n", strerror(errno));
		rc = CW_EXIT_INTERNAL;
		goto done;
	}
	rc = cw_scan_fails(res, fail) || cw_scan_upstream_fails(res, fail) || cw_policy_report_fails(preport) ? 1 : CW_EXIT_OK;
done:
	if (fp && fclose(fp) != 0 && rc == CW_EXIT_OK)
		rc = CW_EXIT_INTERNAL;
	cw_policy_report_free(preport);
	cw_policy_free(policy);
	cw_policy_context_free(pctx);
	cw_policy_health_free(phealth);
	cw_scan_result_free(res);
	cw_inventory_free(inv);
	cw_kb_free(kb);
	free(kb_path);
	free(default_ignore);
	free(vex);
	free(target_dir);
	return rc;
}

const cw_cli_command cw_cli_cmd_scan = { "scan", "report known vulnerabilities of a project's dependencies", run };
