/*
 * cmd_policy.c - `chainwarden policy check|lint|explain`: apply a policy
 * (docs/policy.md) to a project.  Option parsing only: the inventory,
 * scan, signals and evaluation are library calls (cw_policy_evaluate).
 */
#include "cli/cli.h"
#include "cli/cli_policy.h"
#include "cli/cli_scan.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/fs.h"

static const char usage[] =
	"usage: chainwarden policy SUBCOMMAND [options]\n"
	"\n"
	"Apply an organisation's rules (docs/policy.md) to a project's dependencies:\n"
	"vulnerabilities, licenses, packages, upstream-attack signals, project health\n"
	"and the project's context.  Without --policy the built-in default policy is used.\n";

#define COMMON_OPTIONS \
	"  --policy FILE          policy (YAML); default: the built-in policy\n" \
	"  --context FILE         project context (YAML: lifecycle, criticality, ...)\n" \
	"  --lifecycle STAGE      context flags (win over --context): --business-system,\n" \
	"  --criticality LEVEL    --project, --lifecycle, --criticality (low, medium,\n" \
	"  --distribution MODEL   high, critical), --environment, --distribution\n" \
	"                         (internal, network-service, distributed), --supplier-status\n" \
	"  --health FILE          health data: JSON object package -> health report\n" \
	"  --kb PATH              the KB (default: $CHAINWARDEN_KB, then the data directory)\n" \
	"  --ignore FILE          scan ignore file (default: TARGET/.chainwarden.yaml)\n" \
	"  --popular FILE         popular names for the typosquat signal\n" \
	"  --allow-host HOST      registry host packages may come from (repeatable;\n" \
	"                         none: any host)\n" \
	"  --internal GLOB        internal package names, e.g. '@acme/*' (repeatable)\n" \
	"  --internal-host HOST   host of the internal registry (repeatable)\n" \
	"  --today YYYY-MM-DD     the date for waiver expiry and advisory age (default: today)\n"

static const char check_usage[] =
	"usage: chainwarden policy check [options] TARGET\n"
	"\n"
	"Evaluate the policy on TARGET (a directory, a lockfile or an SBOM) and report\n"
	"every rule that matched, with waived results marked.\n"
	"\n"
	COMMON_OPTIONS
	"  --format FMT           table (default on a terminal), json (default otherwise),\n"
	"                         sarif, markdown\n"
	"  -o, --output FILE      write the report to FILE\n"
	"\n"
	"exit status: 0 no deny result (review, warn and info do not fail), 1 a deny\n"
	"result that is not waived, 2 usage or input error (a policy that does not\n"
	"load fails the gate with 2), 3 internal or I/O error.\n";

static const char explain_usage[] =
	"usage: chainwarden policy explain [options] TARGET\n"
	"\n"
	"For each component of TARGET, every rule in force: whether it matched and\n"
	"why, or which condition did not hold or could not be judged (no health\n"
	"data, a context field not set).\n"
	"\n"
	COMMON_OPTIONS
	"  --format FMT           table (default) or json\n"
	"  -o, --output FILE      write to FILE\n";

static const char lint_usage[] =
	"usage: chainwarden policy lint FILE...\n"
	"\n"
	"Load each policy and report the first error (file:line:col: rule 'id': ...),\n"
	"or a summary of its rules, scopes and waivers.  '-' reads standard input.\n"
	"With --default, check the built-in policy (and print it with --print).\n"
	"\n"
	"exit status: 0 every policy loads, 2 one does not.\n";

typedef struct {
	cw_cli_policy_args policy;
	const char *kb, *ignore, *popular, *today, *output, *format;
	cw_cli_signal_lists signal_lists;
} run_args;

static int write_file(void *payload, const char *data, size_t len)
{
	FILE *fp = payload;
	if (fwrite(data, 1, len, fp) != len)
		return cw__error_set(CW_EIO, "write failed: %s", strerror(errno));
	return 0;
}

/* Parse the options shared by check and explain; true: return *rc. */
static bool parse(const char *cmd, const char *help, run_args *a, int argc, char **argv, int *rc)
{
	const cw_cli_opt options[] = {
		{ "policy", 0, CW_CLI_STRING, &a->policy.policy, NULL },
		{ "context", 0, CW_CLI_STRING, &a->policy.context, NULL },
		{ "health", 0, CW_CLI_STRING, &a->policy.health, NULL },
		{ "business-system", 0, CW_CLI_STRING, &a->policy.values[0], NULL },
		{ "project", 0, CW_CLI_STRING, &a->policy.values[1], NULL },
		{ "lifecycle", 0, CW_CLI_STRING, &a->policy.values[2], NULL },
		{ "criticality", 0, CW_CLI_STRING, &a->policy.values[3], NULL },
		{ "environment", 0, CW_CLI_STRING, &a->policy.values[4], NULL },
		{ "distribution", 0, CW_CLI_STRING, &a->policy.values[5], NULL },
		{ "supplier-status", 0, CW_CLI_STRING, &a->policy.values[6], NULL },
		{ "kb", 0, CW_CLI_STRING, &a->kb, NULL },
		{ "ignore", 0, CW_CLI_STRING, &a->ignore, NULL },
		{ "popular", 0, CW_CLI_STRING, &a->popular, NULL },
		cw_cli_signal_lists_options(&a->signal_lists),
		{ "today", 0, CW_CLI_STRING, &a->today, NULL },
		{ "format", 0, CW_CLI_STRING, &a->format, NULL },
		{ "output", 'o', CW_CLI_STRING, &a->output, NULL },
	};
	if (cw_cli_options(cmd, help, options, CW_CLI_COUNT(options), argc, argv, rc))
		return true;
	if (argc - optind != 1) {
		*rc = cw_cli_usage_error(cmd, argc - optind ? "only one TARGET may be given" : "a TARGET is required");
		return true;
	}
	return false;
}

/* Everything an evaluation needs, built from the options. */
typedef struct {
	cw_policy *policy;
	cw_policy_context *ctx;
	cw_policy_health_set *health;
	cw_cli_scan scan;
	cw_policy_input input;
} job;

static void job_free(job *j)
{
	cw_cli_scan_free(&j->scan);
	cw_policy_free(j->policy);
	cw_policy_context_free(j->ctx);
	cw_policy_health_free(j->health);
}

static int prepare(const char *cmd, job *j, const run_args *a, const char *target)
{
	cw_scan_options sopts = CW_SCAN_OPTIONS_INIT;
	cw_upstream_options uopts = CW_UPSTREAM_OPTIONS_INIT;
	cw_policy_input in = CW_POLICY_INPUT_INIT;
	int rc, error;

	if (a->today) {
		if (strlen(a->today) != 10 || cw_health_parse_time(&in.now, a->today) < 0)
			return cw_cli_usage_error(cmd, "--today takes a date YYYY-MM-DD");
		sopts.today = a->today;
	}
	if ((rc = cw_cli_policy_load(cmd, &a->policy, &j->policy, &j->ctx, &j->health)) != 0)
		return rc;
	sopts.ignore_file = a->ignore;
	if ((rc = cw_cli_scan_default_ignore(&j->scan, &sopts, target)) != CW_EXIT_OK ||
	    (rc = cw_cli_scan_run(cmd, &j->scan, a->kb, target, &sopts)) != CW_EXIT_OK)
		return rc;
	cw_cli_scan_warnings(cmd, &j->scan);
	/* upstream-attack signals: the scan's upstream findings (lockfile
	 * signals, drift, install scripts, fresh versions), with the ignore
	 * file's `upstream:` section and entries applied */
	uopts.config_file = sopts.ignore_file;
	uopts.popular_files = a->popular ? &a->popular : NULL;
	uopts.popular_file_count = a->popular ? 1 : 0;
	CW_CLI_SIGNAL_LISTS_APPLY(&uopts, &a->signal_lists);
	cw_cli_upstream_registry_env(&uopts);
	if ((error = cw_scan_upstream(j->scan.result, &uopts)) < 0)
		return cw_cli_fail(error);
	in.inventory = j->scan.inv;
	in.scan = j->scan.result;
	in.health = j->health;
	in.context = j->ctx;
	j->input = in;
	return 0;
}

static FILE *open_output(const char *cmd, const char *output, int *rc)
{
	FILE *fp;
	if (!output || !strcmp(output, "-"))
		return stdout;
	if (!(fp = fopen(output, "w"))) {
		fprintf(stderr, "chainwarden %s: error: %s: %s\n", cmd, output, strerror(errno));
		*rc = CW_EXIT_INTERNAL;
	}
	return fp;
}

static int close_output(FILE *fp, int rc)
{
	if (!fp)
		return rc;
	if ((fp == stdout ? fflush(fp) : fclose(fp)) != 0) {
		fprintf(stderr, "chainwarden policy: error: write failed: %s\n", strerror(errno));
		return CW_EXIT_INTERNAL;
	}
	return rc;
}

/* The report format from --format (`arg`, or NULL): a usage error's exit code, or 0. */
static int check_format(cw_policy_format *format, const char *arg, const char *output)
{
	if (!arg)
		*format = !output && isatty(STDOUT_FILENO) ? CW_POLICY_FORMAT_TABLE : CW_POLICY_FORMAT_JSON;
	else if (cw_policy_format_parse(format, arg) < 0)
		return cw_cli_usage_error("policy check", "%s", cw_error_last()->message);
	return 0;
}

static int explain_format(cw_policy_format *format, const char *arg, const char *output)
{
	(void)output;
	*format = CW_POLICY_FORMAT_TABLE;
	if (arg && (cw_policy_format_parse(format, arg) < 0 ||
	            (*format != CW_POLICY_FORMAT_TABLE && *format != CW_POLICY_FORMAT_JSON)))
		return cw_cli_usage_error("policy explain", "--format takes table or json");
	return 0;
}

/*
 * `policy check` (`explain` false): evaluate, then stream the report;
 * `policy explain`: the explanation text.  Both are made before the
 * output file is opened, so a failure leaves it alone.
 */
static int policy_run(const char *cmd, const char *help, bool explain, int argc, char **argv)
{
	run_args a;
	job j;
	cw_policy_report *report = NULL;
	cw_policy_format format;
	char *text = NULL;
	FILE *fp = NULL;
	int rc = 0, error;

	memset(&a, 0, sizeof(a));
	memset(&j, 0, sizeof(j));
	if (parse(cmd, help, &a, argc, argv, &rc))
		goto done;
	if ((rc = (explain ? explain_format : check_format)(&format, a.format, a.output)) != 0)
		goto done;
	if ((rc = prepare(cmd, &j, &a, argv[optind])) != 0)
		goto done;
	if ((error = explain ? cw_policy_explain(&text, j.policy, &j.input, format)
	                     : cw_policy_evaluate(&report, j.policy, &j.input)) < 0) {
		rc = cw_cli_fail(error);
		goto done;
	}
	/* (explain has no report: no warnings) */
	for (size_t i = 0; i < cw_policy_warning_count(report); i++)
		fprintf(stderr, "chainwarden policy check: warning: %s\n", cw_policy_warning(report, i));
	if (!(fp = open_output(cmd, a.output, &rc)))
		goto done;
	if (explain) {
		if (fputs(text, fp) == EOF)
			rc = CW_EXIT_INTERNAL;
	} else if ((error = cw_policy_report_write(report, format, write_file, fp)) < 0) {
		rc = cw_cli_fail(error);
	} else {
		rc = cw_policy_report_fails(report) ? CW_EXIT_FINDINGS : CW_EXIT_OK;
	}
done:
	rc = close_output(fp, rc);
	cw_policy_report_free(report);
	free(text);
	job_free(&j);
	cw_cli_signal_lists_free(&a.signal_lists);
	return rc;
}

static int policy_check(int argc, char **argv)
{
	return policy_run("policy check", check_usage, false, argc, argv);
}

static int policy_explain(int argc, char **argv)
{
	return policy_run("policy explain", explain_usage, true, argc, argv);
}

/* Load one policy (`file`, or NULL: the built-in one) and summarise it, or
 * with `print` print the built-in policy; an exit code. */
static int lint_one(const char *file, bool print)
{
	cw_policy *p = NULL;
	size_t rules, scopes, waivers;
	int error = file ? cw_policy_load_file(&p, file) : cw_policy_load_default(&p);
	if (error < 0) {
		fprintf(stderr, "chainwarden policy lint: error: %s\n", cw_error_last()->message);
		return CW_EXIT_USAGE;
	}
	cw_policy_counts(p, &rules, &scopes, &waivers);
	if (print)
		fputs(cw_policy_default_text(), stdout);
	else
		printf("%s: ok: policy '%s', %zu rules, %zu scopes, %zu waivers\n",
		       file ? file : "<default policy>", cw_policy_name(p), rules, scopes, waivers);
	cw_policy_free(p);
	return CW_EXIT_OK;
}

static int policy_lint(int argc, char **argv)
{
	bool use_default = false, print = false;
	const cw_cli_opt options[] = {
		{ "default", 0, CW_CLI_FLAG, &use_default, NULL },
		{ "print", 0, CW_CLI_FLAG, &print, NULL },
	};
	int rc = 0;

	if (cw_cli_options("policy lint", lint_usage, options, CW_CLI_COUNT(options), argc, argv, &rc))
		return rc;
	if (!use_default && optind >= argc)
		return cw_cli_usage_error("policy lint", "give a policy FILE (or --default)");
	if (print && !use_default)
		return cw_cli_usage_error("policy lint", "--print goes with --default");
	if (use_default)
		rc = lint_one(NULL, print);
	for (int i = optind; i < argc; i++)
		if (lint_one(argv[i], print) != CW_EXIT_OK)
			rc = CW_EXIT_USAGE;
	return rc;
}

static const cw_cli_subcommand subcommands[] = {
	{ "check", "evaluate a policy on a project (exit 1 on a deny)", policy_check },
	{ "lint", "check that policy files load", policy_lint },
	{ "explain", "per component, which rules matched and why", policy_explain },
};

static int run(int argc, char **argv)
{
	return cw_cli_dispatch("policy", usage, subcommands, CW_CLI_COUNT(subcommands), argc, argv);
}

const cw_cli_command cw_cli_cmd_policy = { "policy", "apply an organisation's dependency policy", run };
