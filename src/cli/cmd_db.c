/*
 * cmd_db.c - `chainwarden db`: build, update, inspect and ship the
 * vulnerability knowledge base.  Option parsing only; the work is in
 * src/kb/ (chainwarden/kb.h).
 */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chainwarden/kb.h"

#define KB_OPTION_HELP \
	"  --kb PATH        the KB file (default: $CHAINWARDEN_KB, else\n" \
	"                   $XDG_DATA_HOME/chainwarden/kb.sqlite, else\n" \
	"                   ~/.local/share/chainwarden/kb.sqlite)\n"

/* Exactly `operands` operands from optind on: *first is the first one. */
static bool check_operands(const char *cmd, int argc, int operands, int *first, int *rc)
{
	if (argc - optind != operands) {
		*rc = cw_cli_usage_error(cmd, argc - optind < operands ? "missing operand"
		                         : "too many operands");
		return true;
	}
	*first = optind;
	return false;
}

static int kb_path(char **out, const char *explicit_path)
{
	int error = cw_kb_default_path(out, explicit_path);
	return error < 0 ? cw_cli_fail(error) : 0;
}

/* ---- build ----------------------------------------------------------------- */

static const char build_usage[] =
	"usage: chainwarden db build [--osv PATH]... [--nvd PATH]... [--kev FILE]\n"
	"                            [--epss FILE] [--licenses PATH|URL] [--base KB] [-o KB]\n"
	"\n"
	"Build a knowledge base from local files into KB (atomically replaced).\n"
	"  --osv PATH   OSV all.zip export, directory of OSV JSON files, or one file\n"
	"  --nvd PATH   NVD CVE API 2.0 JSON (page or yearly feed, .gz ok) or directory\n"
	"  --kev FILE   CISA Known Exploited Vulnerabilities catalog JSON\n"
	"  --epss FILE  FIRST EPSS scores CSV (plain or .gz)\n"
	"  --licenses PATH|URL  the SPDX license list: a license-list-data checkout,\n"
	"               licenses.json (+ exceptions.json beside it), the npm\n"
	"               spdx-license-list files, file:// or http(s):// URL\n"
	"  --base KB    start from this KB and rewrite only changed records\n"
	"  -o, --output KB  where to write (default: the KB location below)\n"
	KB_OPTION_HELP;

/* The feeds of one build, as given on the command line. */
typedef struct {
	cw_cli_list osv, nvd;
	const char *kev, *epss, *licenses;
} build_sources;

/* One builder from start to finish over `src`; a negative error. */
static int build(const char *path, const cw_kb_build_options *opts, const build_sources *src,
                 cw_kb_build_stats *stats)
{
	cw_kb_builder *b = NULL;
	int error = cw_kb_builder_new(&b, path, opts);
	for (size_t i = 0; error >= 0 && i < src->osv.count; i++)
		error = cw_kb_builder_add_osv(b, src->osv.items[i]);
	for (size_t i = 0; error >= 0 && i < src->nvd.count; i++)
		error = cw_kb_builder_add_nvd(b, src->nvd.items[i]);
	if (error >= 0 && src->kev)
		error = cw_kb_builder_add_kev(b, src->kev);
	if (error >= 0 && src->epss)
		error = cw_kb_builder_add_epss(b, src->epss);
	if (error >= 0 && src->licenses)
		error = cw_kb_builder_add_licenses(b, src->licenses);
	if (error >= 0)
		error = cw_kb_builder_finish(b, stats);
	cw_kb_builder_free(b);
	return error;
}

static int db_build(int argc, char **argv)
{
	build_sources src = { CW_CLI_LIST_INIT(0), CW_CLI_LIST_INIT(0), NULL, NULL, NULL };
	const char *output = NULL;
	cw_kb_build_options opts = CW_KB_BUILD_OPTIONS_INIT;
	const cw_cli_opt options[] = {
		{ "osv", 0, CW_CLI_LIST, &src.osv, NULL }, { "nvd", 0, CW_CLI_LIST, &src.nvd, NULL },
		{ "kev", 0, CW_CLI_STRING, &src.kev, NULL }, { "epss", 0, CW_CLI_STRING, &src.epss, NULL },
		{ "licenses", 0, CW_CLI_STRING, &src.licenses, NULL },
		{ "base", 0, CW_CLI_STRING, &opts.base, NULL },
		{ "output", 'o', CW_CLI_STRING, &output, NULL }, { "kb", 0, CW_CLI_STRING, &output, NULL },
	};
	cw_kb_build_stats stats;
	char *path = NULL;
	int rc = 0, error;

	if (cw_cli_options("db build", build_usage, options, CW_CLI_COUNT(options), argc, argv, &rc))
		goto done;
	if (optind < argc) {
		rc = cw_cli_usage_error("db build", "unexpected operand '%s'", argv[optind]);
		goto done;
	}
	if (!src.osv.count && !src.nvd.count && !src.kev && !src.epss && !src.licenses && !opts.base) {
		rc = cw_cli_usage_error("db build", "nothing to build from (give --osv, --nvd, --kev, "
		                        "--epss or --licenses)");
		goto done;
	}
	if ((rc = kb_path(&path, output)) != 0)
		goto done;
	opts.progress = true;
	if ((error = build(path, &opts, &src, &stats)) < 0) {
		rc = cw_cli_fail(error);
		goto done;
	}
	fprintf(stderr, "chainwarden: built %s: %llu added, %llu updated, %llu unchanged, "
	        "%llu malformed skipped, %llu KEV, %llu EPSS\n", path,
	        (unsigned long long)stats.added, (unsigned long long)stats.updated,
	        (unsigned long long)stats.unchanged, (unsigned long long)stats.malformed,
	        (unsigned long long)stats.kev, (unsigned long long)stats.epss);
	if (src.licenses)
		fprintf(stderr, "chainwarden: %llu SPDX licenses from %s\n",
		        (unsigned long long)stats.licenses, src.licenses);
done:
	free(path);
	cw_cli_list_free(&src.osv);
	cw_cli_list_free(&src.nvd);
	return rc;
}

/* ---- info / show / search ------------------------------------------------- */

static const char info_usage[] =
	"usage: chainwarden db info [--json] [--max-age DAYS] [--kb PATH]\n"
	"\n"
	"Sources, counts per ecosystem, build time, schema version, age and\n"
	"malformed records of the KB.  Warns when the KB is older than DAYS\n"
	"(default 7, or $CHAINWARDEN_KB_MAX_AGE; 0 never warns).\n"
	KB_OPTION_HELP;

static const char show_usage[] =
	"usage: chainwarden db show ID [--json | --raw] [--kb PATH]\n"
	"\n"
	"Everything the KB knows about ID (CVE, GHSA, PYSEC, GO, RUSTSEC, ...) and\n"
	"its aliases: OSV advisories, NVD record, CISA KEV entry, EPSS score.\n"
	"  --json   as JSON (OSV advisories rebuilt from the KB tables)\n"
	"  --raw    the OSV record ID exactly as it was ingested\n"
	KB_OPTION_HELP;

static const char search_usage[] =
	"usage: chainwarden db search PACKAGE [--ecosystem E] [--all] [--json] [--kb PATH]\n"
	"\n"
	"Advisories affecting PACKAGE (name normalized per ecosystem: PyPI per\n"
	"PEP 503, npm lowercase, ...).  --all includes withdrawn advisories.\n"
	KB_OPTION_HELP;

typedef struct {
	const char *kb, *ecosystem;
	bool json, raw, all;
	unsigned max_age;
	int operand;
} query_args;

static bool parse_query_args(const char *cmd, const char *usage, int argc, char **argv,
                             int operands, query_args *q, int *rc)
{
	const char *env_age = getenv("CHAINWARDEN_KB_MAX_AGE"), *max_age = NULL;
	const cw_cli_opt options[] = {
		{ "kb", 0, CW_CLI_STRING, &q->kb, NULL }, { "json", 0, CW_CLI_FLAG, &q->json, NULL },
		{ "raw", 0, CW_CLI_FLAG, &q->raw, NULL }, { "all", 0, CW_CLI_FLAG, &q->all, NULL },
		{ "ecosystem", 'e', CW_CLI_STRING, &q->ecosystem, NULL },
		{ "max-age", 0, CW_CLI_STRING, &max_age, NULL },
	};

	memset(q, 0, sizeof(*q));
	q->max_age = env_age ? (unsigned)strtoul(env_age, NULL, 10) : 7;
	*rc = 0;
	if (cw_cli_options_flags(cmd, usage, options, CW_CLI_COUNT(options), CW_CLI_ANYWHERE, argc,
	                         argv, rc))
		return true;
	if (max_age) {
		char *end;
		unsigned long v = strtoul(max_age, &end, 10);
		if (*end || !*max_age || v > 100000) {
			*rc = cw_cli_usage_error(cmd, "--max-age wants a number of days");
			return true;
		}
		q->max_age = (unsigned)v;
	}
	return check_operands(cmd, argc, operands, &q->operand, rc);
}

static int open_kb(cw_kb **kb, const char *explicit_path)
{
	char *path = NULL;
	int rc, error;
	if ((rc = kb_path(&path, explicit_path)) != 0)
		return rc;
	error = cw_kb_open(kb, path);
	free(path);
	return error < 0 ? cw_cli_fail(error) : 0;
}

static cw_kb_format format_of(const query_args *q)
{
	return q->json ? CW_KB_FORMAT_JSON : CW_KB_FORMAT_TEXT;
}

/* One query on an open KB: *out (malloc'd, *len bytes) or an error. */
typedef int (*query_fn)(char **out, size_t *len, cw_kb *kb, const query_args *q, const char *operand);

static int info_query(char **out, size_t *len, cw_kb *kb, const query_args *q, const char *operand)
{
	int error = cw_kb_info(out, kb, format_of(q), q->max_age);
	(void)operand;
	if (error == 0 && q->max_age && cw_kb_age_days(kb) > q->max_age && q->json)
		fprintf(stderr, "chainwarden: warning: the KB is older than %u days: run "
		        "'chainwarden db update'\n", q->max_age);
	*len = *out ? strlen(*out) : 0;
	return error;
}

static int show_query(char **out, size_t *len, cw_kb *kb, const query_args *q, const char *operand)
{
	int error;
	if (q->raw)
		return cw_kb_raw(out, len, kb, operand);
	error = cw_kb_show(out, kb, operand, format_of(q));
	*len = *out ? strlen(*out) : 0;
	return error;
}

static int search_query(char **out, size_t *len, cw_kb *kb, const query_args *q, const char *operand)
{
	int error = cw_kb_search(out, kb, operand, q->ecosystem, q->all, format_of(q));
	*len = *out ? strlen(*out) : 0;
	return error;
}

/* Parse the options, open the KB, run `fn` and print what it returns. */
/*
 * The entry that names argv[0] in a table of `count` commands of `size`
 * bytes whose first member is the full command name, "db NAME" (C puts a
 * struct's first member at its address).
 */
static const void *find_cmd(const void *table, size_t count, size_t size, const char *name)
{
	for (size_t i = 0; i < count; i++) {
		const char *const *cmd = (const void *)((const char *)table + i * size);
		if (strcmp(*cmd + strlen("db "), name) == 0)
			return cmd;
	}
	return NULL;
}

/* A query command: its usage, its operand (an id or a package, or none) and the library call. */
typedef struct {
	const char *cmd, *summary, *usage;
	int operands;
	query_fn fn;
} query_cmd;

static const query_cmd query_cmds[] = {
	{ "db info", "sources, counts, build time and age of the KB", info_usage, 0, info_query },
	{ "db show", "everything known about an advisory or CVE id", show_usage, 1, show_query },
	{ "db search", "advisories affecting a package", search_usage, 1, search_query },
};

/* `db info|show|search` (argv[0]): parse, open the KB, one library call, print. */
static int db_query(int argc, char **argv)
{
	const query_cmd *c = find_cmd(query_cmds, CW_CLI_COUNT(query_cmds), sizeof(query_cmds[0]),
	                              argv[0]);
	query_args q;
	cw_kb *kb = NULL;
	char *text = NULL;
	size_t len = 0;
	int rc, error;
	if (!c)
		return CW_EXIT_INTERNAL;
	if (parse_query_args(c->cmd, c->usage, argc, argv, c->operands, &q, &rc))
		return rc;
	if (c->fn == show_query && q.json && q.raw)
		return cw_cli_usage_error(c->cmd, "--json and --raw exclude each other");
	if ((rc = open_kb(&kb, q.kb)) != 0)
		return rc;
	error = c->fn(&text, &len, kb, &q, c->operands ? argv[q.operand] : NULL);
	cw_kb_free(kb);
	if (error < 0)
		return cw_cli_fail(error);
	rc = cw_cli_write_stdout(text, len);
	free(text);
	return rc;
}

/* ---- bundles ---------------------------------------------------------------- */

static const char export_usage[] =
	"usage: chainwarden db export -o BUNDLE [--key SECRET.key] [--kb PATH]\n"
	"\n"
	"Write the KB as an offline bundle (zstd-compressed); with --key also sign\n"
	"it (BUNDLE.sig, ed25519).\n"
	KB_OPTION_HELP;
static const char import_usage[] =
	"usage: chainwarden db import BUNDLE [--pubkey KEY.pub] [--insecure] [--kb PATH]\n"
	"\n"
	"Verify BUNDLE.sig with the trusted public key (--pubkey, or\n"
	"$CHAINWARDEN_KB_PUBKEY) and install the bundle as the KB.  Unsigned or\n"
	"tampered bundles are refused unless --insecure is given.\n"
	KB_OPTION_HELP;
static const char keygen_usage[] =
	"usage: chainwarden db keygen -o PREFIX\n"
	"\n"
	"Generate an ed25519 signing key pair: PREFIX.key (secret, mode 0600) and\n"
	"PREFIX.pub.\n";
static const char sign_usage[] =
	"usage: chainwarden db sign BUNDLE --key SECRET.key\n"
	"\n"
	"Sign BUNDLE (writes BUNDLE.sig).\n";
static const char verify_usage[] =
	"usage: chainwarden db verify BUNDLE [--pubkey KEY.pub]\n"
	"\n"
	"Check BUNDLE.sig against the public key (--pubkey or $CHAINWARDEN_KB_PUBKEY).\n"
	"Exit 0 when valid, 2 when missing, made by another key, or tampered.\n";

typedef struct {
	const char *kb, *output, *key, *pubkey;
	bool insecure;
	int operand;
} bundle_args;

static bool parse_bundle_args(const char *cmd, const char *usage, int argc, char **argv,
                              int operands, bundle_args *a, int *rc)
{
	const cw_cli_opt options[] = {
		{ "kb", 0, CW_CLI_STRING, &a->kb, NULL }, { "output", 'o', CW_CLI_STRING, &a->output, NULL },
		{ "key", 0, CW_CLI_STRING, &a->key, NULL }, { "pubkey", 0, CW_CLI_STRING, &a->pubkey, NULL },
		{ "insecure", 0, CW_CLI_FLAG, &a->insecure, NULL },
	};
	memset(a, 0, sizeof(*a));
	a->pubkey = getenv("CHAINWARDEN_KB_PUBKEY");
	*rc = 0;
	if (cw_cli_options_flags(cmd, usage, options, CW_CLI_COUNT(options), CW_CLI_ANYWHERE, argc,
	                         argv, rc))
		return true;
	return check_operands(cmd, argc, operands, &a->operand, rc);
}

/* The option a bundle command cannot do without. */
typedef enum { NEEDS_OUTPUT, NEEDS_TRUST, NEEDS_KEY, NEEDS_PUBKEY } bundle_need;

/* A bundle command: its options, the one it needs, then one library call. */
typedef struct bundle_cmd {
	const char *cmd, *summary, *usage;
	int operands;          /* BUNDLE or none */
	bool kb;               /* works on the KB: find its path */
	bundle_need needs;
	const char *missing;   /* the usage error without it */
	/* the library call and its message; a negative error */
	int (*run)(const struct bundle_cmd *c, const bundle_args *a, const char *kb, const char *bundle);
} bundle_cmd;

static bool has_needed(bundle_need needs, const bundle_args *a)
{
	switch (needs) {
	case NEEDS_OUTPUT:
		return a->output != NULL;
	case NEEDS_TRUST:
		return a->pubkey || a->insecure;
	case NEEDS_KEY:
		return a->key != NULL;
	case NEEDS_PUBKEY:
		return a->pubkey != NULL;
	}
	return false;
}

static int bundle_export(const bundle_cmd *c, const bundle_args *a, const char *kb,
                          const char *bundle)
{
	int error = cw_kb_export(kb, a->output, a->key);
	(void)c;
	(void)bundle;
	if (error == 0)
		fprintf(stderr, "chainwarden: wrote %s%s\n", a->output,
		        a->key ? " and its signature" : " (unsigned)");
	return error;
}

static int bundle_import(const bundle_cmd *c, const bundle_args *a, const char *kb,
                          const char *bundle)
{
	int error;
	(void)c;
	if (a->insecure)
		fprintf(stderr, "chainwarden: warning: --insecure: the bundle's signature is not checked\n");
	if ((error = cw_kb_import(bundle, kb, a->pubkey, a->insecure)) == 0)
		fprintf(stderr, "chainwarden: installed %s\n", kb);
	return error;
}

static int bundle_keygen(const bundle_cmd *c, const bundle_args *a, const char *kb,
                          const char *bundle)
{
	int error = cw_kb_keygen(a->output);
	(void)c;
	(void)kb;
	(void)bundle;
	if (error == 0)
		fprintf(stderr, "chainwarden: wrote %s.key (keep it secret) and %s.pub\n", a->output,
		        a->output);
	return error;
}

/* `db sign` (the command that needs the secret key) and `db verify`. */
static int bundle_sign_or_verify(const bundle_cmd *c, const bundle_args *a, const char *kb,
                                 const char *bundle)
{
	bool sign = c->needs == NEEDS_KEY;
	int error = sign ? cw_kb_bundle_sign(bundle, a->key) : cw_kb_bundle_verify(bundle, a->pubkey);
	(void)kb;
	if (error == 0 && sign)
		fprintf(stderr, "chainwarden: wrote %s.sig\n", bundle);
	else if (error == 0)
		printf("%s: signature OK\n", bundle);
	return error;
}

static const bundle_cmd bundle_cmds[] = {
	{ "db export", "write the KB as an offline bundle", export_usage, 0, true, NEEDS_OUTPUT,
	  "missing -o BUNDLE", bundle_export },
	{ "db import", "verify and install an offline bundle", import_usage, 1, true, NEEDS_TRUST,
	  "no trusted key: give --pubkey KEY.pub (or --insecure to skip verification)", bundle_import },
	{ "db keygen", "generate an ed25519 signing key pair", keygen_usage, 0, false, NEEDS_OUTPUT,
	  "missing -o PREFIX", bundle_keygen },
	{ "db sign", "sign a bundle", sign_usage, 1, false, NEEDS_KEY, "missing --key SECRET.key",
	  bundle_sign_or_verify },
	{ "db verify", "check a bundle's signature", verify_usage, 1, false, NEEDS_PUBKEY,
	  "missing --pubkey KEY.pub", bundle_sign_or_verify },
};

/* `db export|import|keygen|sign|verify` (argv[0]): parse, check, find the KB, run. */
static int db_bundle(int argc, char **argv)
{
	const bundle_cmd *c = find_cmd(bundle_cmds, CW_CLI_COUNT(bundle_cmds), sizeof(bundle_cmds[0]),
	                               argv[0]);
	bundle_args a;
	char *path = NULL;
	int rc, error;
	if (!c)
		return CW_EXIT_INTERNAL;
	if (parse_bundle_args(c->cmd, c->usage, argc, argv, c->operands, &a, &rc))
		return rc;
	if (!has_needed(c->needs, &a))
		return cw_cli_usage_error(c->cmd, "%s", c->missing);
	if (c->kb && (rc = kb_path(&path, a.kb)) != 0)
		return rc;
	error = c->run(c, &a, path, c->operands ? argv[a.operand] : NULL);
	free(path);
	return error < 0 ? cw_cli_fail(error) : 0;
}

/* ---- update ------------------------------------------------------------------- */

static const char update_usage[] =
	"usage: chainwarden db update [--mirror URL] [--ecosystem E]... [--kb PATH]\n"
	"                             [--osv-url URL] [--nvd-url URL] [--kev-url URL]\n"
	"                             [--epss-url URL] [--no-nvd] [--no-kev] [--no-epss]\n"
	"                             [--timeout SECONDS] [--retries N]\n"
	"\n"
	"Fetch the feeds over HTTP(S) or file:// and update the KB incrementally\n"
	"(only records whose `modified` changed are rewritten).  Conditional\n"
	"requests (ETag / If-Modified-Since) skip unchanged feeds.\n"
	"  --mirror URL     a mirror laid out as in docs/kb.md (default:\n"
	"                   $CHAINWARDEN_MIRROR, else the public upstream feeds)\n"
	"  --ecosystem E    OSV ecosystems to fetch (default: those in the KB)\n"
	"  --osv-url URL    per-source URL; {eco} stands for the ecosystem\n"
	KB_OPTION_HELP;

/* The options of `db update` as given; opts.osv_ecosystems points into `ecosystems`. */
typedef struct {
	cw_kb_update_options opts;
	cw_cli_list ecosystems;
	const char *kb;
} update_args;

/* Parse the options into `a` (the mirror defaults to $CHAINWARDEN_MIRROR);
 * true: return *rc.  Free a->ecosystems either way. */
static bool parse_update_args(int argc, char **argv, update_args *a, int *rc)
{
	const char *timeout = NULL, *retries = NULL;
	const cw_cli_opt options[] = {
		{ "kb", 0, CW_CLI_STRING, &a->kb, NULL }, { "mirror", 0, CW_CLI_STRING, &a->opts.mirror, NULL },
		{ "ecosystem", 'e', CW_CLI_LIST, &a->ecosystems, NULL },
		{ "osv-url", 0, CW_CLI_STRING, &a->opts.osv_url, NULL },
		{ "nvd-url", 0, CW_CLI_STRING, &a->opts.nvd_url, NULL },
		{ "kev-url", 0, CW_CLI_STRING, &a->opts.kev_url, NULL },
		{ "epss-url", 0, CW_CLI_STRING, &a->opts.epss_url, NULL },
		{ "no-nvd", 0, CW_CLI_FLAG, &a->opts.skip_nvd, NULL },
		{ "no-kev", 0, CW_CLI_FLAG, &a->opts.skip_kev, NULL },
		{ "no-epss", 0, CW_CLI_FLAG, &a->opts.skip_epss, NULL },
		{ "timeout", 0, CW_CLI_STRING, &timeout, NULL },
		{ "retries", 0, CW_CLI_STRING, &retries, NULL },
	};

	a->opts.mirror = getenv("CHAINWARDEN_MIRROR");
	if (cw_cli_options_flags("db update", update_usage, options, CW_CLI_COUNT(options),
	                         CW_CLI_ANYWHERE, argc, argv, rc))
		return true;
	if (timeout)
		a->opts.timeout_seconds = strtol(timeout, NULL, 10);
	if (retries)
		a->opts.retries = (unsigned)strtoul(retries, NULL, 10);
	if (optind < argc) {
		*rc = cw_cli_usage_error("db update", "unexpected operand '%s'", argv[optind]);
		return true;
	}
	if (a->opts.mirror && !*a->opts.mirror)
		a->opts.mirror = NULL;
	a->opts.osv_ecosystems = a->ecosystems.items;
	a->opts.osv_ecosystem_count = a->ecosystems.count;
	a->opts.progress = true;
	return false;
}

static int db_update(int argc, char **argv)
{
	update_args a = { CW_KB_UPDATE_OPTIONS_INIT, CW_CLI_LIST_INIT(0), NULL };
	cw_kb_build_stats stats;
	char *path = NULL;
	int rc = 0, error;

	if (parse_update_args(argc, argv, &a, &rc) || (rc = kb_path(&path, a.kb)) != 0)
		goto done;
	if ((error = cw_kb_update(path, &a.opts, &stats)) < 0) {
		rc = cw_cli_fail(error);
		goto done;
	}
	fprintf(stderr, "chainwarden: updated %s: %llu added, %llu updated, %llu unchanged, "
	        "%llu malformed skipped\n", path, (unsigned long long)stats.added,
	        (unsigned long long)stats.updated, (unsigned long long)stats.unchanged,
	        (unsigned long long)stats.malformed);
done:
	free(path);
	cw_cli_list_free(&a.ecosystems);
	return rc;
}

static const char db_usage[] =
	"usage: chainwarden db <subcommand> [options]\n"
	"\n"
	"The vulnerability knowledge base: one SQLite file built from OSV, NVD,\n"
	"CISA KEV and FIRST EPSS, used offline by every other command.\n";

static const cw_cli_subcommand subcommands[] = {
	{ "build", "build a KB from local OSV/NVD/KEV/EPSS files", db_build },
	{ "update", "fetch the feeds and update the KB incrementally", db_update },
};

static int run(int argc, char **argv)
{
	/* build and update, then the query and the bundle commands from their own tables */
	cw_cli_subcommand all[CW_CLI_COUNT(subcommands) + CW_CLI_COUNT(query_cmds) +
	                      CW_CLI_COUNT(bundle_cmds)];
	size_t n = 0;
	for (size_t i = 0; i < CW_CLI_COUNT(subcommands); i++)
		all[n++] = subcommands[i];
	for (size_t i = 0; i < CW_CLI_COUNT(query_cmds); i++)
		all[n++] = (cw_cli_subcommand){ query_cmds[i].cmd + strlen("db "), query_cmds[i].summary,
		                                db_query };
	for (size_t i = 0; i < CW_CLI_COUNT(bundle_cmds); i++)
		all[n++] = (cw_cli_subcommand){ bundle_cmds[i].cmd + strlen("db "), bundle_cmds[i].summary,
		                                db_bundle };
	return cw_cli_dispatch("db", db_usage, all, n, argc, argv);
}

const cw_cli_command cw_cli_cmd_db = { "db", "vulnerability knowledge base (build, update, show)", run };
