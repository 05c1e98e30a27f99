/* cmd_license.c - `chainwarden license`: SPDX expressions and license facts. */
#include "cli/cli.h"
#include "cli/license_cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/fs.h"
#include "chainwarden/inventory.h"
#include "util/json.h"

static const char expr_usage[] =
	"usage: chainwarden license expr [--simplify] [--lax] [--allow-unknown] EXPRESSION\n"
	"\n"
	"Validate an SPDX license expression and print it in canonical form.\n"
	"\n"
	"  --simplify       replace deprecated ids, flatten, drop duplicates and absorbed terms\n"
	"  --lax            accept lowercase operators (and, or, with)\n"
	"  --allow-unknown  keep ids that are not on the SPDX list (exit 1 if any)\n"
	CLI_LICENSE_KB_HELP;

static int cmd_expr(int argc, char **argv)
{
	bool simplify = false, lax = false, allow_unknown = false, unknown;
	const char *kb = NULL;
	const cw_cli_opt options[] = {
		{ "kb", 0, CW_CLI_STRING, &kb, NULL },
		{ "simplify", 0, CW_CLI_FLAG, &simplify, NULL },
		{ "lax", 0, CW_CLI_FLAG, &lax, NULL },
		{ "allow-unknown", 0, CW_CLI_FLAG, &allow_unknown, NULL },
	};
	unsigned flags;
	cw_license_expr *expr = NULL;
	char *text = NULL;
	int error, rc;

	if (cw_cli_options("license expr", expr_usage, options, CW_CLI_COUNT(options), argc, argv,
	                   &rc))
		return rc;
	flags = (lax ? CW_LICENSE_PARSE_LAX_OPERATORS : 0u) |
	        (allow_unknown ? CW_LICENSE_PARSE_ALLOW_UNKNOWN : 0u);
	if (argc - optind != 1)
		return cw_cli_usage_error("license expr", "expected one EXPRESSION");
	if ((error = cli_license_setup(kb, NULL, NULL)) < 0)
		return cw_cli_fail(error);
	if ((error = cw_license_expr_parse(&expr, argv[optind], strlen(argv[optind]), flags)) < 0 ||
	    (simplify && (error = cw_license_expr_simplify(expr)) < 0) ||
	    (error = cw_license_expr_to_string(&text, expr)) < 0) {
		cw_license_expr_free(expr);
		return cw_cli_fail(error);
	}
	unknown = cw_license_expr_has_unknown(expr);
	printf("%s\n", text);
	if (unknown)
		fprintf(stderr, "chainwarden: warning: the expression has ids that are not on the SPDX list\n");
	free(text);
	cw_license_expr_free(expr);
	return unknown ? CW_EXIT_FINDINGS : CW_EXIT_OK;
}

static const char info_usage[] =
	"usage: chainwarden license info [--kb PATH] ID...\n"
	"\n"
	"Print the facts about SPDX license ids as JSON: canonical id, name, OSI\n"
	"approval, FSF libre (null unless the list carries it: a KB's or\n"
	"$CHAINWARDEN_SPDX_LIST), deprecation and category.  An unknown id exits 2.\n"
	"\n"
	CLI_LICENSE_KB_HELP;

static int cmd_info(int argc, char **argv)
{
	cw_buf out = CW_BUF_INIT;
	cw_jw jw;
	const char *kb = NULL;
	const cw_cli_opt options[] = { { "kb", 0, CW_CLI_STRING, &kb, NULL } };
	int rc, error;

	if (cw_cli_options("license info", info_usage, options, CW_CLI_COUNT(options), argc, argv, &rc))
		return rc;
	if (optind >= argc)
		return cw_cli_usage_error("license info", "missing ID");
	if ((error = cli_license_setup(kb, NULL, NULL)) < 0)
		return cw_cli_fail(error);
	cw__jw_init(&jw, &out, true);
	cw__jw_array_begin(&jw);
	for (int i = optind; i < argc; i++) {
		const cw_license_info *info = cw_license_lookup(argv[i], strlen(argv[i]));
		if (!info) {
			cw__buf_free(&out);
			fprintf(stderr, "chainwarden: error: '%s' is not an SPDX license id\n", argv[i]);
			return CW_EXIT_USAGE;
		}
		cw__jw_object_begin(&jw);
		cw__jw_member_string(&jw, "id", info->id);
		cw__jw_member_string(&jw, "name", info->name);
		cw__jw_member_bool(&jw, "osi_approved", info->osi_approved);
		cw__jw_member_bool(&jw, "deprecated", info->deprecated);
		cw__jw_member_tristate(&jw, "fsf_libre", info->fsf_libre);
		cw__jw_member_string(&jw, "category", cw_license_category_name(info->category));
		cw__jw_object_end(&jw);
	}
	cw__jw_array_end(&jw);
	cw__buf_putc(&out, '\n');
	if (cw__jw_finish(&jw) < 0) {
		cw__buf_free(&out);
		return cw_cli_fail(jw.error);
	}
	rc = cw_cli_write_stdout(out.ptr, out.len);
	cw__buf_free(&out);
	return rc;
}

static const char normalize_usage[] =
	"usage: chainwarden license normalize [--kb PATH] [STRING...]\n"
	"\n"
	"Map declared license strings (\"Apache 2.0\", \"GPLv2+\", URLs, Python classifiers,\n"
	"Debian short names) to SPDX expressions.  Without STRING, reads one per line\n"
	"from standard input.  Prints one JSON object per line: declared, expression\n"
	"(NOASSERTION when it cannot be mapped), confidence and method.\n"
	"\n"
	CLI_LICENSE_KB_HELP;

static int normalize_one(cw_buf *out, const char *declared, size_t len)
{
	cw_license_normalized n;
	cw_jw jw;
	int error;
	if ((error = cw_license_normalize(&n, declared, len)) < 0)
		return error;
	cw__jw_init(&jw, out, false);
	cw__jw_object_begin(&jw);
	cw__jw_key(&jw, "declared");
	cw__jw_string_n(&jw, declared, len);
	cw__jw_member_string(&jw, "expression", n.expression);
	cw__jw_key(&jw, "confidence");
	cw__jw_double(&jw, n.confidence, 2);
	cw__jw_member_string(&jw, "method", n.method);
	cw__jw_object_end(&jw);
	cw_license_normalized_free(&n);
	if ((error = cw__jw_finish(&jw)) < 0)
		return error;
	return cw__buf_putc(out, '\n');
}

static int cmd_normalize(int argc, char **argv)
{
	cw_buf out = CW_BUF_INIT;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	const char *kb = NULL;
	const cw_cli_opt options[] = { { "kb", 0, CW_CLI_STRING, &kb, NULL } };
	int rc, error = 0;

	if (cw_cli_options("license normalize", normalize_usage, options, CW_CLI_COUNT(options), argc,
	                   argv, &rc))
		return rc;
	if ((error = cli_license_setup(kb, NULL, NULL)) < 0)
		return cw_cli_fail(error);
	if (optind < argc) {
		for (int i = optind; i < argc && error == 0; i++)
			error = normalize_one(&out, argv[i], strlen(argv[i]));
	} else {
		while (error == 0 && (n = getline(&line, &cap, stdin)) >= 0) {
			while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
				n--;
			error = normalize_one(&out, line, (size_t)n);
		}
		free(line);
	}
	rc = cw_cli_emit(error, out.ptr, out.len);
	cw__buf_free(&out);
	return rc;
}

static const char identify_usage[] =
	"usage: chainwarden license identify [--licenses PATH] [--kb PATH] [--min-coverage PCT]\n"
	"                                    [--json] FILE...\n"
	"\n"
	"Identify the licenses in LICENSE, COPYING, NOTICE files or source headers by\n"
	"matching them against the SPDX license texts.\n"
	"\n"
	"  --licenses PATH     the SPDX license list with texts: a JSON file\n"
	"                      {id: {licenseText: ...}} or a directory of <id>.txt\n"
	"                      (default: the KB's, else $CHAINWARDEN_LICENSES)\n"
	CLI_LICENSE_KB_HELP
	"  --min-coverage PCT  report licenses with at least PCT%% of their text (default 75)\n"
	"  --json              one JSON object per file\n"
	"\n"
	"Exit status: 0 when every file has a license, 1 when some has none.\n";

static int print_identified(cw_buf *out, const char *file, const char *text, size_t len,
                            const cw_license_match *m, size_t n, bool json)
{
	char **notices = NULL;
	size_t nnotices = 0;
	int error;
	if ((error = cw_license_copyrights(&notices, &nnotices, text, len)) < 0)
		return error;
	if (json) {
		cw_jw jw;
		cw__jw_init(&jw, out, false);
		cw__jw_object_begin(&jw);
		cw__jw_member_string(&jw, "file", file);
		cw__jw_member_strings(&jw, "copyrights", (const char *const *)notices, nnotices);
		cli_license_matches_json(&jw, m, n);
		cw__jw_object_end(&jw);
		cw__buf_putc(out, '\n');
		cw_license_copyrights_free(notices, nnotices);
		return cw__jw_finish(&jw);
	}
	for (size_t i = 0; i < nnotices; i++)
		cw__buf_printf(out, "%s: %s\n", file, notices[i]);
	cw_license_copyrights_free(notices, nnotices);
	if (!n)
		return cw__buf_printf(out, "%s: no license found\n", file);
	for (size_t i = 0; i < n; i++)
		if (strcmp(m[i].method, "text") == 0)
			cw__buf_printf(out, "%s: %s (%.1f%% of its text, lines %zu-%zu)\n", file,
			               m[i].id, m[i].coverage, m[i].start_line, m[i].end_line);
		else
			cw__buf_printf(out, "%s: %s (%s, lines %zu-%zu)\n", file, m[i].id,
			               m[i].method, m[i].start_line, m[i].end_line);
	return 0;
}

static int cmd_identify(int argc, char **argv)
{
	const char *coverage = NULL;
	bool json = false, all_found = true;
	cli_license_source src;
	const cw_cli_opt options[] = {
		cli_license_source_options(&src, 0),
		{ "min-coverage", 0, CW_CLI_STRING, &coverage, NULL },
		{ "json", 0, CW_CLI_FLAG, &json, NULL },
	};
	double min_coverage = 75;
	cw_license_db *db = NULL;
	cw_buf out = CW_BUF_INIT;
	int error = 0, rc;

	if (cw_cli_options("license identify", identify_usage, options, CW_CLI_COUNT(options), argc, argv,
	                   &rc))
		return rc;
	if (coverage) {
		char *end;
		min_coverage = strtod(coverage, &end);
		if (*end || end == coverage || min_coverage < 0 || min_coverage > 100)
			return cw_cli_usage_error("license identify",
			                          "--min-coverage wants a percentage, got '%s'", coverage);
	}
	if (optind >= argc)
		return cw_cli_usage_error("license identify", "missing FILE");
	if ((error = cli_license_setup(src.kb, src.licenses, &db)) < 0)
		return cw_cli_fail(error);
	if (!db)
		return cw_cli_usage_error("license identify", "no license texts: give --licenses PATH "
		                          "or --kb PATH, or set CHAINWARDEN_LICENSES");
	for (int i = optind; i < argc && error == 0; i++) {
		cw_buf text = CW_BUF_INIT;
		cw_license_match *m = NULL;
		size_t n = 0;
		if ((error = cw__file_read(&text, argv[i], 64u << 20)) == 0 &&
		    (error = cw_license_identify(&m, &n, db, text.ptr ? text.ptr : "", text.len,
		                                 min_coverage)) == 0)
			error = print_identified(&out, argv[i], text.ptr ? text.ptr : "", text.len, m, n,
			                         json);
		all_found = all_found && n > 0;
		free(m);
		cw__buf_free(&text);
	}
	cw_license_db_free(db);
	rc = cw_cli_emit(error, out.ptr, out.len);
	cw__buf_free(&out);
	return rc ? rc : all_found ? CW_EXIT_OK : CW_EXIT_FINDINGS;
}

/* Scan TARGET into a new inventory, reporting unreadable files; with
 * `files`, attach the license files found under it (texts: db, or NULL). */
static int scan_target(cw_inventory **out, const char *target, bool files, const cw_license_db *db)
{
	cw_inventory_scan_options opts = CW_INVENTORY_SCAN_OPTIONS_INIT;
	int error;
	if ((error = cw_inventory_new(out)) < 0)
		return error;
	if ((error = cw_inventory_scan_path(*out, target, &opts)) < 0) {
		cw_inventory_free(*out);
		*out = NULL;
		return error;
	}
	for (size_t i = 0; i < cw_inventory_failure_count(*out); i++)
		fprintf(stderr, "chainwarden: warning: %s\n", cw_inventory_failure(*out, i));
	return files ? cli_license_attach_files(*out, target, db) : 0;
}

static const char check_usage[] =
	"usage: chainwarden license check [options] TARGET\n"
	"\n"
	"A license verdict (allow, review, deny) for every component found under\n"
	"TARGET (a directory, a lockfile or an image), from its declared license.\n"
	"The license files of installed packages (node_modules, vendor,\n"
	"site-packages; in images node_modules and *.dist-info) are identified too:\n"
	"they stand in for a missing declaration, and one that contradicts the\n"
	"declaration is a mismatch (at least review).\n"
	"\n"
	"  --policy FILE          license policy (YAML, see docs/licenses.md); default:\n"
	"                         the built-in policy for the distribution model\n"
	"  --distribution MODEL   internal, network-service or distributed (overrides\n"
	"                         the policy's)\n"
	"  --format FMT           table (default) or json\n"
	"  --fail-on LEVEL        deny (default) or review: the verdict that exits 1\n"
	"  --licenses PATH        SPDX license texts for the license files (default: the\n"
	"                         KB's, else $CHAINWARDEN_LICENSES; without texts only\n"
	"                         SPDX-License-Identifier lines are read)\n"
	"  --no-license-files     judge the declared licenses only\n"
	CLI_LICENSE_KB_HELP;

/* `license check --format json`: the distribution model and each component's verdict. */
static void check_json(cw_buf *out, const cw_inventory *inv, const cw_license_policy *policy,
                       const cw_license_finding *f, size_t n)
{
	cw_jw jw;
	cw__jw_init(&jw, out, true);
	cw__jw_object_begin(&jw);
	cw__jw_member_string(&jw, "distribution",
	                     cw_distribution_name(cw_license_policy_distribution(policy)));
	cw__jw_key(&jw, "components");
	cw__jw_array_begin(&jw);
	for (size_t i = 0; i < n; i++) {
		const cw_component *comp = cw_inventory_component(inv, f[i].component);
		cw__jw_object_begin(&jw);
		cw__jw_member_string(&jw, "name", f[i].name);
		cw__jw_member_string(&jw, "version", f[i].version);
		cw__jw_member_string(&jw, "purl", comp->purl);
		cw__jw_member_string(&jw, "declared", f[i].declared);
		cw__jw_member_string(&jw, "expression", f[i].expression);
		cw__jw_key(&jw, "confidence");
		cw__jw_double(&jw, f[i].confidence, 2);
		cw__jw_member_string(&jw, "verdict", cw_license_verdict_name(f[i].verdict));
		cw__jw_member_string(&jw, "reason", f[i].reason);
		cw__jw_member_string(&jw, "source", f[i].source);
		if (f[i].found[0]) {
			cw__jw_member_string(&jw, "found", f[i].found);
			cw__jw_member_string(&jw, "evidence", f[i].evidence);
			cw__jw_key(&jw, "found_confidence");
			cw__jw_double(&jw, f[i].found_confidence, 3);
		}
		cw__jw_member_bool(&jw, "mismatch", f[i].mismatch);
		cw__jw_object_end(&jw);
	}
	cw__jw_array_end(&jw);
	cw__jw_object_end(&jw);
	cw__buf_putc(out, '\n');
}

/* `license check` as a table, then the counts of each verdict. */
static void check_table(cw_buf *out, const cw_license_policy *policy, const cw_license_finding *f,
                        size_t n, const size_t counts[3])
{
	cw__buf_printf(out, "%-7s %-40s %-28s %s\n", "VERDICT", "COMPONENT", "LICENSE", "REASON");
	for (size_t i = 0; i < n; i++) {
		char who[256];
		snprintf(who, sizeof(who), "%s@%s", f[i].name ? f[i].name : "?",
		         f[i].version ? f[i].version : "?");
		cw__buf_printf(out, "%-7s %-40s %-28s %s\n", cw_license_verdict_name(f[i].verdict),
		               who, f[i].expression, f[i].reason);
	}
	cw__buf_printf(out, "\n%zu components (%s): %zu denied, %zu to review, %zu allowed\n", n,
	               cw_distribution_name(cw_license_policy_distribution(policy)),
	               counts[CW_VERDICT_DENY], counts[CW_VERDICT_REVIEW],
	               counts[CW_VERDICT_ALLOW]);
}

static int cmd_check(int argc, char **argv)
{
	static const char *const levels[] = { "deny", "review", NULL };
	const char *policy_path = NULL, *model_name = NULL;
	int level = 0;
	cli_license_source src;
	const cw_cli_opt options[] = {
		cli_license_source_options(&src, CLI_LICENSE_FORMAT | CLI_LICENSE_NO_FILES),
		{ "policy", 0, CW_CLI_STRING, &policy_path, NULL },
		{ "distribution", 0, CW_CLI_STRING, &model_name, NULL },
		{ "fail-on", 0, CW_CLI_CHOICE, &level, levels },
	};
	bool json;
	cw_license_verdict fail_on;
	cw_license_policy *policy = NULL;
	cw_license_db *db = NULL;
	cw_inventory *inv = NULL;
	cw_license_finding *f = NULL;
	size_t n = 0, counts[3] = { 0 };
	cw_buf out = CW_BUF_INIT;
	int error, rc = 0;

	if (cw_cli_options("license check", check_usage, options, CW_CLI_COUNT(options), argc, argv,
	                   &rc))
		return rc;
	json = src.format == 1;
	fail_on = level == 1 ? CW_VERDICT_REVIEW : CW_VERDICT_DENY;
	if (argc - optind != 1)
		return cw_cli_usage_error("license check", "expected one TARGET");
	if ((error = cli_license_setup(src.kb, src.licenses, src.no_files ? NULL : &db)) < 0)
		return cw_cli_fail(error);
	if (policy_path) {
		cw_buf text = CW_BUF_INIT;
		error = cw__file_read(&text, policy_path, 16u << 20);
		if (error == 0)
			error = cw_license_policy_load(&policy, text.ptr ? text.ptr : "", text.len,
			                               policy_path);
		cw__buf_free(&text);
	} else {
		error = cw_license_policy_default(&policy, CW_DISTRIBUTION_INTERNAL);
	}
	if (error == 0 && model_name) {
		cw_distribution model;
		if ((error = cw_distribution_parse(&model, model_name)) == 0)
			cw_license_policy_set_distribution(policy, model);
	}
	if (error == 0 && (error = scan_target(&inv, argv[optind], !src.no_files, db)) == 0)
		error = cw_license_check(&f, &n, inv, policy);
	if (error < 0) {
		rc = cw_cli_fail(error);
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		counts[f[i].verdict]++;
	if (json)
		check_json(&out, inv, policy, f, n);
	else
		check_table(&out, policy, f, n, counts);
	rc = cw_cli_write_stdout(out.ptr, out.len);
	if (rc == 0 && (counts[CW_VERDICT_DENY] || (fail_on == CW_VERDICT_REVIEW &&
	                                            counts[CW_VERDICT_REVIEW])))
		rc = CW_EXIT_FINDINGS;
done:
	cw__buf_free(&out);
	free(f);
	cw_inventory_free(inv);
	cw_license_policy_free(policy);
	cw_license_db_free(db);
	return rc;
}

static const char notice_usage[] =
	"usage: chainwarden license notice [options] TARGET\n"
	"\n"
	"Write an attribution report for the components found under TARGET:\n"
	"components grouped by license, each with the copyright notices found in\n"
	"its license files (or Debian copyright file), and the full license texts.\n"
	"\n"
	"  -o, --output FILE   write to FILE (default: standard output)\n"
	"  --format FMT        text (default), markdown or html\n"
	"  --licenses PATH     SPDX license texts (JSON list or directory of <id>.txt;\n"
	"                      default $CHAINWARDEN_LICENSES); without them the report\n"
	"                      names the licenses but cannot include their texts\n"
	"  --no-license-files  do not read the license files of TARGET\n"
	CLI_LICENSE_KB_HELP;

static int cmd_notice(int argc, char **argv)
{
	static const char *const formats[] = { "text", "markdown", "html", NULL };
	static const cw_notice_format format_of[] = {
		CW_NOTICE_TEXT, CW_NOTICE_MARKDOWN, CW_NOTICE_HTML
	};
	const char *output = "-";
	int format = 0;
	cli_license_source src;
	const cw_cli_opt options[] = {
		cli_license_source_options(&src, CLI_LICENSE_NO_FILES),
		{ "output", 'o', CW_CLI_STRING, &output, NULL },
		{ "format", 0, CW_CLI_CHOICE, &format, formats },
	};
	cw_license_db *db = NULL;
	cw_inventory *inv = NULL;
	char *doc = NULL;
	int error = 0, rc = 0;

	if (cw_cli_options("license notice", notice_usage, options, CW_CLI_COUNT(options), argc, argv,
	                   &rc))
		return rc;
	if (argc - optind != 1)
		return cw_cli_usage_error("license notice", "expected one TARGET");
	if ((error = cli_license_setup(src.kb, src.licenses, &db)) == 0 && !db)
		cw_log_warn("no license texts (--licenses): the report names licenses only");
	if (error == 0 && (error = scan_target(&inv, argv[optind], !src.no_files, db)) == 0 &&
	    (error = cw_license_notice(&doc, inv, db, format_of[format])) == 0)
		error = cw__file_write(output, doc, strlen(doc));
	rc = error < 0 ? cw_cli_fail(error) : CW_EXIT_OK;
	free(doc);
	cw_inventory_free(inv);
	cw_license_db_free(db);
	return rc;
}

static const cw_cli_subcommand subcommands[] = {
	{ "expr", "validate and canonicalise an SPDX license expression", cmd_expr },
	{ "info", "facts about SPDX license ids (OSI, deprecated, category)", cmd_info },
	{ "normalize", "map declared license strings to SPDX expressions", cmd_normalize },
	{ "identify", "identify licenses in license files and source headers", cmd_identify },
	{ "scan", "find and identify the license files of a source tree", cli_license_scan },
	{ "check", "license verdicts for the components of a project (CI gate)", cmd_check },
	{ "notice", "attribution report: components by license, with texts", cmd_notice },
};

static const char usage[] = "usage: chainwarden license <subcommand> [options]\n";

static int run(int argc, char **argv)
{
	const char *list = getenv("CHAINWARDEN_SPDX_LIST");
	if (list && *list) {
		/* A newer SPDX list than the compiled one, before any lookup. */
		cw_buf text = CW_BUF_INIT;
		int error = cw__file_read(&text, list, 64u << 20);
		if (error == 0)
			error = cw_license_list_load(text.ptr ? text.ptr : "", text.len, list);
		cw__buf_free(&text);
		if (error < 0)
			return cw_cli_fail(error);
	}
	return cw_cli_dispatch("license", usage, subcommands,
	                       sizeof(subcommands) / sizeof(subcommands[0]), argc, argv);
}

const cw_cli_command cw_cli_cmd_license = { "license", "SPDX license expressions and facts", run };
