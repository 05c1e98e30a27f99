/* main.c - chainwarden: global options and command dispatch. */
#include "cli/cli.h"
#include "cli_commands.h"

#include <stdlib.h>
#include <string.h>


static void print_usage(FILE *out)
{
	fputs("usage: chainwarden [-v|-q] <command> [options] [args]\n"
	      "\n"
	      "Software supply-chain security: inventory, vulnerabilities, licenses,\n"
	      "health and policy, fully offline.\n"
	      "\n"
	      "Commands:\n", out);
	for (size_t i = 0; cw_cli_commands[i]; i++)
		fprintf(out, "  %-10s %s\n", cw_cli_commands[i]->name, cw_cli_commands[i]->summary);
	fputs("\n"
	      "Global options:\n"
	      "  -v, --verbose   more messages on stderr (repeat for debug, trace)\n"
	      "  -q, --quiet     errors only\n"
	      "  -h, --help      this help; 'chainwarden <command> --help' for a command\n"
	      "  -V, --version   print the version\n"
	      "\n"
	      "Exit codes: 0 ok, 1 findings or policy failure, 2 usage or input error,\n"
	      "3 internal or I/O error.\n", out);
}

static const cw_cli_command *find_command(const char *name)
{
	for (size_t i = 0; cw_cli_commands[i]; i++)
		if (strcmp(cw_cli_commands[i]->name, name) == 0)
			return cw_cli_commands[i];
	return NULL;
}

static int unknown_command(const char *name)
{
	const char *names[64] = { NULL };
	size_t n = 0;
	const char *hint;
	for (; cw_cli_commands[n] && n < 64; n++)
		names[n] = cw_cli_commands[n]->name;
	hint = cw_cli_suggest(name, names, n);
	fprintf(stderr, "chainwarden: unknown command '%s'", name);
	if (hint)
		fprintf(stderr, " (did you mean '%s'?)", hint);
	fputs("\nTry 'chainwarden --help'.\n", stderr);
	return CW_EXIT_USAGE;
}

int main(int argc, char **argv)
{
	int verbosity = CW_LOG_WARN;
	const cw_cli_command *cmd;
	int i;

	/* With TZ unset, glibc stats /etc/localtime on every mktime(), which
	 * libarchive calls for each zip member (5% of a KB build).  Naming the
	 * same file explicitly selects the same zone and reads it once. */
	if (!getenv("TZ"))
		setenv("TZ", ":/etc/localtime", 0);
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
			verbosity++;
		} else if (strncmp(a, "-v", 2) == 0 && strspn(a + 1, "v") == strlen(a + 1)) {
			verbosity += (int)strlen(a + 1);
		} else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
			verbosity = CW_LOG_ERROR;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			print_usage(stdout);
			return CW_EXIT_OK;
		} else if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
			printf("chainwarden %s\n", cw_version_string());
			return CW_EXIT_OK;
		} else {
			fprintf(stderr, "chainwarden: unknown option '%s'\nTry 'chainwarden --help'.\n", a);
			return CW_EXIT_USAGE;
		}
	}
	cw_log_set_level(verbosity > CW_LOG_TRACE ? CW_LOG_TRACE : (cw_log_level)verbosity);
	if (i >= argc) {
		print_usage(stderr);
		return CW_EXIT_USAGE;
	}
	if (strcmp(argv[i], "help") == 0) {
		if (i + 1 >= argc) {
			print_usage(stdout);
			return CW_EXIT_OK;
		}
		if (!(cmd = find_command(argv[i + 1])))
			return unknown_command(argv[i + 1]);
		char *help_argv[] = { argv[i + 1], (char *)"--help", NULL };
		return cmd->run(2, help_argv);
	}
	if (!(cmd = find_command(argv[i])))
		return unknown_command(argv[i]);
	return cmd->run(argc - i, argv + i);
}
