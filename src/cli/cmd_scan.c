/*
 * cmd_scan.c - `chainwarden scan TARGET`: inventory TARGET, match it
 * against the KB and report.  Option parsing only; the work is
 * cw_inventory_scan_path(), cw_scan_run() and cw_scan_report().
 */
#include "cli/cli.h"

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
	"                       sarif, markdown, html, cyclonedx\n"
	"  --fail-on LEVEL      exit 1 when a finding at LEVEL remains: critical, high,\n"
	"                       medium, low, kev, any (default: none)\n"
	"  --ignore FILE        ignore file (default: TARGET/.chainwarden.yaml if present)\n"
	"  --today YYYY-MM-DD   date for ignore expiry (default: today, UTC)\n"
	"  --show-ignored       list ignored findings too (table, markdown, html)\n"
	"  --color WHEN         auto (default), always, never\n"
	"  -o, --output FILE    write the report to FILE\n"
	"  -h, --help           show this help\n"
	"\n"
	"exit status: 0 no finding at the --fail-on level, 1 findings, 2 usage or\n"
	"input error, 3 internal or I/O error.\n";

static int run(int argc, char **argv)
{
	cw_report_options ropts = CW_REPORT_OPTIONS_INIT;
	cw_scan_options sopts = CW_SCAN_OPTIONS_INIT;
	cw_fail_level fail = CW_FAIL_NONE;
	const char *kb_arg = NULL, *output = NULL, *color = "auto", *format = NULL, *fail_on = NULL;
	const cw_cli_opt options[] = {
		{ "kb", 0, CW_CLI_STRING, &kb_arg, NULL },
		{ "format", 0, CW_CLI_STRING, &format, NULL },
		{ "fail-on", 0, CW_CLI_STRING, &fail_on, NULL },
		{ "ignore", 0, CW_CLI_STRING, &sopts.ignore_file, NULL },
		{ "today", 0, CW_CLI_STRING, &sopts.today, NULL },
		{ "show-ignored", 0, CW_CLI_FLAG, &ropts.show_ignored, NULL },
		{ "color", 0, CW_CLI_STRING, &color, NULL },
		{ "output", 'o', CW_CLI_STRING, &output, NULL },
	};
	char *kb_path = NULL, *default_ignore = NULL;
	cw_cli_output out = { "scan", NULL };
	cw_inventory *inv = NULL;
	cw_kb *kb = NULL;
	cw_scan_result *res = NULL;
	int rc = CW_EXIT_OK, error;
	struct stat sb;

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
	for (size_t i = 0; i < cw_scan_warning_count(res); i++)
		fprintf(stderr, "chainwarden scan: warning: %s\n", cw_scan_warning(res, i));
	if ((rc = cw_cli_output_open(&out, "scan", output)) != CW_EXIT_OK)
		goto done;
	if ((error = cw_scan_report(res, &ropts, cw_cli_output_write, &out)) < 0) {
		rc = cw_cli_fail(error);
		goto done;
	}
	if ((rc = cw_cli_output_flush(&out)) != CW_EXIT_OK)
		goto done;
	rc = cw_scan_fails(res, fail) ? 1 : CW_EXIT_OK;
done:
	rc = cw_cli_output_close(&out, rc);
	cw_scan_result_free(res);
	cw_inventory_free(inv);
	cw_kb_free(kb);
	free(kb_path);
	free(default_ignore);
	return rc;
}

const cw_cli_command cw_cli_cmd_scan = { "scan", "report known vulnerabilities of a project's dependencies", run };
