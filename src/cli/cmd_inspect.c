/*
 * cmd_inspect.c - `chainwarden inspect PACKAGE...`: static analysis of
 * package contents (npm tarballs, Python sdists and wheels, directories).
 * Option parsing only; the work is cw_inspect_path() (chainwarden/inspect.h).
 */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/fs.h"

static const char usage[] =
	"usage: chainwarden inspect [options] PACKAGE...\n"
	"\n"
	"Look inside packages for signs of malicious code: obfuscated payloads\n"
	"(base64/hex blobs, high-entropy strings, eval of decoded data), processes\n"
	"started by install scripts, credential files or tokens read by code that\n"
	"also uses the network, download-and-execute, hard-coded IP URLs.\n"
	"PACKAGE is an npm tarball (.tgz), a Python sdist (.tar.gz) or wheel (.whl),\n"
	"or an unpacked directory.  Nothing is run or extracted.\n"
	"\n"
	"options:\n"
	"  --rules FILE        rule file (YAML) instead of the built-in rules\n"
	"  --print-rules       print the built-in rule file and exit\n"
	"  --json              one JSON document per package\n"
	"  --fail-on KIND      exit 1 when a finding of KIND is reported:\n"
	"                      malicious (default), suspicious, none\n"
	"  --max-file BYTES    skip files larger than this (default 16777216)\n"
	"  --max-total BYTES   stop past this much content (default 536870912)\n"
	"  -h, --help          show this help\n"
	"\n"
	"exit status: 0 nothing at the --fail-on level, 1 findings, 2 usage or\n"
	"input error (including an archive over the caps), 3 internal or I/O error.\n";

static bool parse_bytes(const char *text, size_t *out)
{
	char *end;
	unsigned long long n;
	errno = 0;
	n = strtoull(text, &end, 10);
	if (errno || *end || end == text || n == 0 || text[0] == '-')
		return false;
	*out = (size_t)n;
	return true;
}

static int run(int argc, char **argv)
{
	static const char *const fail_choices[] = { "malicious", "suspicious", "none", NULL };
	const char *rules_file = NULL, *max_file = NULL, *max_total = NULL;
	bool json = false, print_rules = false;
	int fail_on = 0;
	const cw_cli_opt options[] = {
		{ "rules", 0, CW_CLI_STRING, &rules_file, NULL },
		{ "print-rules", 0, CW_CLI_FLAG, &print_rules, NULL },
		{ "json", 0, CW_CLI_FLAG, &json, NULL },
		{ "fail-on", 0, CW_CLI_CHOICE, &fail_on, fail_choices },
		{ "max-file", 0, CW_CLI_STRING, &max_file, NULL },
		{ "max-total", 0, CW_CLI_STRING, &max_total, NULL },
	};
	cw_inspect_options opts = CW_INSPECT_OPTIONS_INIT;
	cw_inspect_rules *rules = NULL;
	cw_buf text = CW_BUF_INIT;
	bool flagged = false;
	int rc = 0, error = 0;

	if (cw_cli_options("inspect", usage, options, CW_CLI_COUNT(options), argc, argv, &rc))
		return rc;
	if (print_rules) {
		size_t len;
		const char *t = cw_inspect_rules_default_text(&len);
		return cw_cli_write_stdout(t, len);
	}
	if (optind >= argc)
		return cw_cli_usage_error("inspect", "give a PACKAGE (a .tgz, .tar.gz, .whl or a directory)");
	if (max_file && !parse_bytes(max_file, &opts.max_file_size))
		return cw_cli_usage_error("inspect", "--max-file: expected a positive number of bytes");
	if (max_total && !parse_bytes(max_total, &opts.max_total_size))
		return cw_cli_usage_error("inspect", "--max-total: expected a positive number of bytes");
	if (rules_file) {
		if ((error = cw__file_read(&text, rules_file, 16u << 20)) == 0)
			error = cw_inspect_rules_load(&rules, text.ptr ? text.ptr : "", text.len, rules_file);
	} else {
		error = cw_inspect_rules_default(&rules);
	}
	for (int i = optind; i < argc && error == 0; i++) {
		cw_inspect_report *report = NULL;
		char *out = NULL;
		size_t len = 0;
		if ((error = cw_inspect_path(&report, rules, argv[i], &opts)) < 0 ||
		    (error = cw_inspect_report_render(&out, &len, report, argv[i], json)) < 0) {
			cw_inspect_report_free(report);
			break;
		}
		if (fail_on == 0 && cw_inspect_report_count_kind(report, CW_INSPECT_MALICIOUS))
			flagged = true;
		if (fail_on == 1 && cw_inspect_report_count(report))
			flagged = true;
		rc = cw_cli_write_stdout(out, len);
		free(out);
		cw_inspect_report_free(report);
		if (rc)
			break;
	}
	if (error < 0)
		rc = cw_cli_fail(error);
	else if (rc == 0 && flagged)
		rc = CW_EXIT_FINDINGS;
	cw__buf_free(&text);
	cw_inspect_rules_free(rules);
	return rc;
}

const cw_cli_command cw_cli_cmd_inspect = {
	"inspect", "static analysis of package contents for malicious code", run
};
