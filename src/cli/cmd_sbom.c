/*
 * cmd_sbom.c - `chainwarden sbom`: inventory a directory or file and write
 * a CycloneDX 1.6 or SPDX 2.3 JSON SBOM.  Option parsing only; the work is
 * cw_inventory_scan_path() and cw_sbom_write().
 */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

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

static int write_file(void *payload, const char *data, size_t len)
{
	FILE *fp = payload;
	if (fwrite(data, 1, len, fp) != len) {
		fprintf(stderr, "chainwarden sbom: error: write failed: %s\n", strerror(errno));
		return CW_EIO;
	}
	return 0;
}

static int run(int argc, char **argv)
{
	enum { OPT_FORMAT = 256, OPT_DET, OPT_EXCLUDE, OPT_NAME, OPT_COMPACT, OPT_FROM, OPT_HASH };
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "output", required_argument, NULL, 'o' },
		{ "deterministic", no_argument, NULL, OPT_DET },
		{ "exclude", required_argument, NULL, OPT_EXCLUDE },
		{ "name", required_argument, NULL, OPT_NAME },
		{ "compact", no_argument, NULL, OPT_COMPACT },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "hash", no_argument, NULL, OPT_HASH },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	cw_sbom_options sopts = CW_SBOM_OPTIONS_INIT;
	cw_inventory_scan_options scan = CW_INVENTORY_SCAN_OPTIONS_INIT;
	const char **excludes = NULL, **froms = NULL;
	size_t nexcl = 0, nfrom = 0;
	const char *output = NULL;
	cw_inventory *inv = NULL;
	FILE *fp = NULL;
	int c, rc = CW_EXIT_OK, error;

	excludes = calloc((size_t)argc + 1, sizeof(char *));
	froms = calloc((size_t)argc + 1, sizeof(char *));
	if (!excludes || !froms) {
		free(excludes);
		free(froms);
		return CW_EXIT_INTERNAL;
	}
	bool started = false;
	int exit_code = CW_EXIT_OK;
	while ((c = cw_cli_next_option(argc, argv, "o:", longopts, "sbom", usage, &started, &exit_code)) != -1) {
		switch (c) {
		case CW_CLI_DONE:
			rc = exit_code;
			goto done;
		case OPT_FORMAT:
			if (cw_sbom_format_parse(&sopts.format, optarg) < 0) {
				rc = cw_cli_usage_error("sbom", "%s", cw_error_last()->message);
				goto done;
			}
			break;
		case 'o': output = optarg; break;
		case OPT_DET: sopts.deterministic = true; break;
		case OPT_EXCLUDE: excludes[nexcl++] = optarg; break;
		case OPT_NAME: sopts.name = optarg; break;
		case OPT_COMPACT: sopts.pretty = false; break;
		case OPT_FROM: froms[nfrom++] = optarg; break;
		case OPT_HASH: scan.hash_files = true; break;
		default:
			rc = cw_cli_usage_error("sbom", "unhandled option");
			goto done;
		}
	}
	if (argc - optind > 1 || (argc - optind == 0 && !nfrom)) {
		rc = cw_cli_usage_error("sbom", argc - optind ? "only one PATH may be given"
		                                              : "a PATH or --from BOM.json is required");
		goto done;
	}
	scan.excludes = excludes;
	scan.exclude_count = nexcl;
	if ((error = cw_inventory_new(&inv)) < 0) {
		rc = cw_cli_fail(error);
		goto done;
	}
	for (size_t i = 0; i < nfrom; i++) {
		if ((error = cw_inventory_read_sbom(inv, froms[i])) < 0) {
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
	if (output && strcmp(output, "-") != 0) {
		if (!(fp = fopen(output, "w"))) {
			fprintf(stderr, "chainwarden sbom: error: %s: %s\n", output, strerror(errno));
			rc = CW_EXIT_INTERNAL;
			goto done;
		}
	}
	if ((error = cw_sbom_write(inv, &sopts, write_file, fp ? fp : stdout)) < 0) {
		rc = cw_cli_fail(error);
		goto done;
	}
	if (fflush(fp ? fp : stdout) != 0) {
		fprintf(stderr, "chainwarden sbom: error: write failed: %s\n", strerror(errno));
		rc = CW_EXIT_INTERNAL;
	}
done:
	if (fp && fclose(fp) != 0 && rc == CW_EXIT_OK)
		rc = CW_EXIT_INTERNAL;
	cw_inventory_free(inv);
	free(excludes);
	free(froms);
	return rc;
}

const cw_cli_command cw_cli_cmd_sbom = { "sbom", "write a CycloneDX or SPDX SBOM of a project", run };
