/*
 * cmd_sbom.c - `chainwarden sbom`: inventory a directory or file and write
 * a CycloneDX 1.6 or SPDX 2.3 JSON SBOM.  Option parsing only; the work is
 * cw_inventory_scan_path() and cw_sbom_write().
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdlib.h>

static const char usage[] =
	"usage: chainwarden sbom [options] PATH   (options come before PATH)\n"
	"       chainwarden sbom [options] --from BOM.json\n"
	"\n"
	"Find the lockfiles and manifests under PATH (a directory, or one file)\n"
	"and write one SBOM of every component found, with the dependency graph.\n"
	"PATH may also be a container image (docker-archive tar[.gz], OCI image\n"
	"layout tar or directory), a root filesystem directory, or a package\n"
	"database (dpkg status, apk installed, rpmdb.sqlite): OS packages and\n"
	"installed npm/python packages are listed, with the image layer of each;\n"
	"Go and cargo-auditable Rust binaries and Java archives (JAR/WAR/EAR) too.\n"
	"\n"
	"options:\n"
	"  --format FMT       cyclonedx-json (default, CycloneDX 1.6) or spdx-json (SPDX 2.3)\n"
	"  -o, --output FILE  write to FILE instead of standard output\n"
	"  --deterministic    stable order, content-derived serial, fixed timestamp\n"
	"                     (SOURCE_DATE_EPOCH, else 1970-01-01)\n"
	"  --exclude GLOB     skip paths matching GLOB (repeatable)\n"
	"  --from BOM.json    read a CycloneDX 1.4-1.6 or SPDX 2.2/2.3 JSON SBOM\n"
	"                     (repeatable; with or instead of PATH), e.g. to convert\n"
	"  --name NAME        name of the top component when several projects are found\n"
	"  --compact          no indentation\n"
	"  --hash             record the SHA-256 of file-based components (Java\n"
	"                     archives, Go and Rust binaries)\n"
	"  -h, --help         show this help\n"
	"\n"
	"Files that cannot be parsed are reported on stderr as file:line: reason;\n"
	"the SBOM of everything else is still written, and the exit status is 2.\n"
	"exit status: 0 ok, 2 usage error or some input failed, 3 I/O error.\n";

static int run(int argc, char **argv)
{
	const char *output = NULL, *format = NULL;
	bool compact = false;
	cw_cli_list excludes = CW_CLI_LIST_INIT(0), froms = CW_CLI_LIST_INIT(0);
	cw_sbom_options sopts = CW_SBOM_OPTIONS_INIT;
	cw_inventory_scan_options scan = CW_INVENTORY_SCAN_OPTIONS_INIT;
	const cw_cli_opt options[] = {
		{ "format", 0, CW_CLI_STRING, &format, NULL },
		{ "output", 'o', CW_CLI_STRING, &output, NULL },
		{ "deterministic", 0, CW_CLI_FLAG, &sopts.deterministic, NULL },
		{ "exclude", 0, CW_CLI_LIST, &excludes, NULL },
		{ "name", 0, CW_CLI_STRING, &sopts.name, NULL },
		{ "compact", 0, CW_CLI_FLAG, &compact, NULL },
		{ "from", 0, CW_CLI_LIST, &froms, NULL },
		{ "hash", 0, CW_CLI_FLAG, &scan.hash_files, NULL },
	};
	cw_cli_output out = { "sbom", NULL };
	cw_inventory *inv = NULL;
	int rc = CW_EXIT_OK, error;

	if (cw_cli_options("sbom", usage, options, CW_CLI_COUNT(options), argc, argv, &rc))
		goto done;
	if (format && cw_sbom_format_parse(&sopts.format, format) < 0) {
		rc = cw_cli_usage_error("sbom", "%s", cw_error_last()->message);
		goto done;
	}
	sopts.pretty = sopts.pretty && !compact;
	if (argc - optind > 1 || (argc - optind == 0 && !froms.count)) {
		rc = cw_cli_usage_error("sbom", argc - optind ? "only one PATH may be given"
		                                              : "a PATH or --from BOM.json is required");
		goto done;
	}
	scan.excludes = excludes.items;
	scan.exclude_count = excludes.count;
	if ((error = cw_inventory_new(&inv)) < 0) {
		rc = cw_cli_fail(error);
		goto done;
	}
	for (size_t i = 0; i < froms.count; i++) {
		if ((error = cw_inventory_read_sbom(inv, froms.items[i])) < 0) {
			rc = cw_cli_fail(error);
			goto done;
		}
	}
	if (optind < argc && (error = cw_inventory_scan_path(inv, argv[optind], &scan)) < 0) {
		rc = cw_cli_fail(error);
		goto done;
	}
	for (size_t i = 0; i < cw_inventory_failure_count(inv); i++) {
		fprintf(stderr, "%s\n", cw_inventory_failure(inv, i));
		rc = CW_EXIT_USAGE;
	}
	if (cw_cli_output_open(&out, "sbom", output) != CW_EXIT_OK) {
		rc = CW_EXIT_INTERNAL;
		goto done;
	}
	if ((error = cw_sbom_write(inv, &sopts, cw_cli_output_write, &out)) < 0) {
		rc = cw_cli_fail(error);
		goto done;
	}
	if (cw_cli_output_flush(&out) != CW_EXIT_OK)
		rc = CW_EXIT_INTERNAL;
done:
	rc = cw_cli_output_close(&out, rc);
	cw_inventory_free(inv);
	cw_cli_list_free(&excludes);
	cw_cli_list_free(&froms);
	return rc;
}

const cw_cli_command cw_cli_cmd_sbom = { "sbom", "write a CycloneDX or SPDX SBOM of a project", run };
