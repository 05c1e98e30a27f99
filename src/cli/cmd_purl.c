/* cmd_purl.c - `chainwarden purl`: parse and canonicalise package URLs. */
#include "cli/cli.h"
#include "util/json.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char parse_usage[] =
	"usage: chainwarden purl parse PURL\n"
	"\n"
	"Parse a package URL strictly and print its decoded components as JSON:\n"
	"type, namespace, name, version, qualifiers (an object, sorted by key)\n"
	"and subpath; absent components are null.  Exits 2 with the reason on\n"
	"stderr when PURL is not valid.\n";

static const char canonical_usage[] =
	"usage: chainwarden purl canonical PURL\n"
	"\n"
	"Print the canonical form of a package URL: lowercase type, per-type\n"
	"name rules, sorted lowercase qualifier keys, percent-encoding as the\n"
	"specification says.  Qualifier keys in the wrong case are folded.\n"
	"Exits 2 with the reason on stderr when PURL is not valid.\n";

static const char purl_usage[] =
	"usage: chainwarden purl <subcommand> [--help] PURL\n"
	"\n"
	"Package URLs (pkg:type/namespace/name@version?qualifiers#subpath).\n";

static int run_parse(int argc, char **argv)
{
	cw_purl *purl = NULL;
	cw_buf out = CW_BUF_INIT;
	cw_jw jw;
	int code, error;

	if (cw_cli_simple_args("purl parse", parse_usage, argc, argv, 1, 1, &code))
		return code;
	if ((error = cw_purl_parse(&purl, argv[optind], strlen(argv[optind]))) < 0)
		return cw_cli_fail(error);
	cw__jw_init(&jw, &out, true);
	cw__jw_object_begin(&jw);
	cw__jw_member_string(&jw, "type", purl->type);
	cw__jw_member_string(&jw, "namespace", purl->ns);
	cw__jw_member_string(&jw, "name", purl->name);
	cw__jw_member_string(&jw, "version", purl->version);
	cw__jw_key_object(&jw, "qualifiers");
	for (size_t i = 0; i < purl->qualifier_count; i++)
		cw__jw_member_string(&jw, purl->qualifiers[i].key, purl->qualifiers[i].value);
	cw__jw_object_end(&jw);
	cw__jw_member_string(&jw, "subpath", purl->subpath);
	cw__jw_object_end(&jw);
	if ((error = cw__jw_finish(&jw)) < 0 || (error = cw__buf_putc(&out, '\n')) < 0)
		code = cw_cli_fail(error);
	else
		code = cw_cli_write_stdout(out.ptr, out.len);
	cw__buf_free(&out);
	cw_purl_free(purl);
	return code;
}

static int run_canonical(int argc, char **argv)
{
	char *canonical = NULL;
	int code, error;

	if (cw_cli_simple_args("purl canonical", canonical_usage, argc, argv, 1, 1, &code))
		return code;
	if ((error = cw_purl_canonicalize(&canonical, argv[optind], strlen(argv[optind]))) < 0)
		return cw_cli_fail(error);
	code = cw_cli_write_stdout(canonical, strlen(canonical));
	if (code == CW_EXIT_OK)
		code = cw_cli_write_stdout("\n", 1);
	free(canonical);
	return code;
}

static int run(int argc, char **argv)
{
	static const cw_cli_subcommand subs[] = {
		{ "parse", "print the components of a purl as JSON", run_parse },
		{ "canonical", "print the canonical form of a purl", run_canonical },
	};
	return cw_cli_dispatch("purl", purl_usage, subs, sizeof(subs) / sizeof(subs[0]), argc,
	                       argv);
}

const cw_cli_command cw_cli_cmd_purl = { "purl", "parse and canonicalise package URLs", run };
