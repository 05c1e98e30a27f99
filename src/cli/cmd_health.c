/* cmd_health.c - `chainwarden health`: project health from a git clone. */
#include "cli/cli.h"

#include "util/fs.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: chainwarden health [options] REPO\n"
	"       chainwarden health compare [options] REPO REPO...\n"
	"       chainwarden health package [--repo REPO] [options] PACKUMENT\n"
	"\n"
	"Score an open-source project's health from its git history and files, with\n"
	"OpenSSF Scorecard's checks (Maintained, Contributors, Code-Review, Signed-\n"
	"Releases, Security-Policy, License, CI-Tests, Fuzzing, SAST, Dependency-\n"
	"Update-Tool, Pinned-Dependencies, Dangerous-Workflow, Token-Permissions,\n"
	"Binary-Artifacts, Packaging), each 0-10 with a reason and evidence, and an\n"
	"overall weighted score (docs/health.md).  REPO is a path in a clone (read\n"
	"offline) or a URL, cloned into $XDG_CACHE_HOME/chainwarden/repos first.\n"
	"`compare` ranks several projects side by side.  `package` reads an npm\n"
	"packument (the registry's JSON for a package) and reports maintainers,\n"
	"deprecation, last publish, releases, install scripts, and whether the\n"
	"declared repository is REPO (a URL, or a clone whose origin is taken).\n"
	"\n"
	"  --json               JSON output (same as --format json)\n"
	"  --format FMT         table (default), json, markdown or html\n"
	"  --licenses PATH      SPDX license texts to identify the license file\n"
	"                       (default: $CHAINWARDEN_LICENSES)\n"
	"  --now DATE           take DATE (YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ, @SECONDS) as\n"
	"                       today (default: $CHAINWARDEN_NOW, else the clock)\n"
	"  --cache-dir DIR      where URLs are cloned\n"
	"  --max-commits N      read at most N commits of history (default 1000000)\n"
	"  --min-score X        exit 1 when a project's overall score is below X\n"
	"  --repo REPO          (package) the repository the package should come from\n";

typedef struct {
	cw_health_options opts;
	cw_health_format format;
	double min_score;
	const char *licenses;
	const char *repo;
} options;

/* Parse options; returns -1 to go on, or an exit code. */
static int parse(options *o, const char *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "format", required_argument, NULL, 'f' },
		{ "licenses", required_argument, NULL, 'l' },
		{ "now", required_argument, NULL, 'n' },
		{ "cache-dir", required_argument, NULL, 'c' },
		{ "max-commits", required_argument, NULL, 'm' },
		{ "min-score", required_argument, NULL, 's' },
		{ "repo", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *now = getenv("CHAINWARDEN_NOW");
	char *end;
	int c;
	o->licenses = getenv("CHAINWARDEN_LICENSES");
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': o->format = CW_HEALTH_FORMAT_JSON; break;
		case 'f':
			if (cw_health_format_parse(&o->format, optarg) < 0)
				return cw_cli_usage_error(cmd, "%s", cw_error_last()->message);
			break;
		case 'l': o->licenses = optarg; break;
		case 'n': now = optarg; break;
		case 'c': o->opts.cache_dir = optarg; break;
		case 'r': o->repo = optarg; break;
		case 'm':
			o->opts.max_commits = strtoul(optarg, &end, 10);
			if (*end || end == optarg || o->opts.max_commits == 0)
				return cw_cli_usage_error(cmd, "--max-commits: expected a positive number");
			break;
		case 's':
			o->min_score = strtod(optarg, &end);
			if (*end || end == optarg || o->min_score < 0 || o->min_score > 10)
				return cw_cli_usage_error(cmd, "--min-score: expected a number from 0 to 10");
			break;
		case 'h': fputs(usage, stdout); return CW_EXIT_OK;
		default:
			return cw_cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (now && *now && cw_health_parse_time(&o->opts.now, now) < 0)
		return cw_cli_usage_error(cmd, "--now: %s", cw_error_last()->message);
	return -1;
}

static int run_package(int argc, char **argv)
{
	options o = { CW_HEALTH_OPTIONS_INIT, CW_HEALTH_FORMAT_TABLE, -1, NULL, NULL };
	cw_health_registry *reg = NULL;
	cw_buf in = CW_BUF_INIT;
	char *text = NULL;
	int rc, error;
	if ((rc = parse(&o, "health package", argc, argv)) >= 0)
		return rc;
	if (argc - optind != 1)
		return cw_cli_usage_error("health package", "expected one PACKUMENT file");
	if ((error = cw__file_read(&in, argv[optind], 64u << 20)) < 0 ||
	    (error = cw_health_npm_read(&reg, in.ptr ? in.ptr : "", in.len, argv[optind], o.repo,
	                                o.opts.now)) < 0 ||
	    (error = cw_health_registry_format(&text, reg, o.format)) < 0)
		rc = cw_cli_fail(error);
	else
		rc = cw_cli_write_stdout(text, strlen(text));
	free(text);
	cw_health_registry_free(reg);
	cw__buf_free(&in);
	return rc;
}

static int run(int argc, char **argv)
{
	options o = { CW_HEALTH_OPTIONS_INIT, CW_HEALTH_FORMAT_TABLE, -1, NULL, NULL };
	bool compare = argc > 1 && strcmp(argv[1], "compare") == 0;
	const char *cmd = compare ? "health compare" : "health";
	cw_health_report **reports = NULL;
	cw_license_db *db = NULL;
	char *text = NULL;
	size_t n = 0;
	int rc, error = 0;

	if (argc > 1 && strcmp(argv[1], "package") == 0)
		return run_package(argc - 1, argv + 1);
	if (compare) {
		argc--;
		argv++;
	}
	if ((rc = parse(&o, cmd, argc, argv)) >= 0)
		return rc;
	if (compare ? argc - optind < 2 : argc - optind != 1)
		return cw_cli_usage_error(cmd, compare ? "expected two or more REPOs" : "expected one REPO");
	if (o.licenses && *o.licenses) {
		if ((error = cw_license_db_load(&db, o.licenses)) < 0)
			return cw_cli_fail(error);
		o.opts.licenses = db;
	}
	if (!(reports = calloc((size_t)(argc - optind), sizeof(*reports)))) {
		cw_license_db_free(db);
		fprintf(stderr, "chainwarden: error: out of memory\n");
		return CW_EXIT_INTERNAL;
	}
	for (int i = optind; i < argc && error == 0; i++) {
		if ((error = cw_health_analyze(&reports[n], argv[i], &o.opts)) == 0)
			n++;
	}
	if (error == 0)
		error = compare ? cw_health_compare(&text, (const cw_health_report *const *)reports, n, o.format)
		                : cw_health_report_format(&text, reports[0], o.format);
	if (error < 0) {
		rc = cw_cli_fail(error);
	} else {
		rc = cw_cli_write_stdout(text, strlen(text));
		for (size_t i = 0; rc == CW_EXIT_OK && i < n; i++)
			if (o.min_score >= 0 && cw_health_report_score(reports[i]) < o.min_score)
				rc = CW_EXIT_FINDINGS;
	}
	free(text);
	for (size_t i = 0; i < n; i++)
		cw_health_report_free(reports[i]);
	free(reports);
	cw_license_db_free(db);
	return rc;
}

const cw_cli_command cw_cli_cmd_health = { "health", "score an open-source project's health from its git clone", run };
