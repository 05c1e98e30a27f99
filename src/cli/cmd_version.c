/*
 * cmd_version.c - `chainwarden version compare|sort|satisfies`: the
 * ecosystem version schemes of include/chainwarden/version.h on the command
 * line (docs/man/chainwarden-version.1).
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#define INPUT_MAX ((size_t)256 << 20) /* stdin cap for sort and --batch */

static const char compare_usage[] =
	"usage: chainwarden version compare [--batch] ECOSYSTEM A B\n"
	"\n"
	"Print -1, 0 or 1 as version A sorts before, equal to or after B in the\n"
	"ecosystem's own order (OSV ecosystem name or purl type).\n"
	"  --batch  read 'A<TAB>B' lines from stdin; print one result per line\n"
	"           (-1, 0, 1, or 'error: <reason>')\n";

static const char sort_usage[] =
	"usage: chainwarden version sort [--reverse] ECOSYSTEM\n"
	"\n"
	"Sort the lines of stdin (one version each) in the ecosystem's order;\n"
	"equal versions keep their input order.  An invalid line stops the sort\n"
	"with exit code 2 naming the line.\n"
	"  -r, --reverse  newest first\n";

static const char satisfies_usage[] =
	"usage: chainwarden version satisfies [--batch] ECOSYSTEM VERSION RANGE\n"
	"\n"
	"Exit 0 if VERSION is in RANGE (the ecosystem's range syntax), 1 if not,\n"
	"2 if the version or the range is invalid.\n"
	"  --batch  read 'VERSION<TAB>RANGE' lines from stdin; print 1, 0 or\n"
	"           'error: <reason>' per line\n";

/* The commands' options besides --help: --batch, or sort's --reverse. */
static const struct option batch_options[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "batch", no_argument, NULL, 'b' },
	{ NULL, 0, NULL, 0 },
};
static const struct option sort_options[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "reverse", no_argument, NULL, 'r' },
	{ NULL, 0, NULL, 0 },
};

/* Parse `options` (one flag besides --help, set in *flag) and check that
 * there are `operands` operands, or one (the ECOSYSTEM) with --batch. */
static bool parse_options(const char *command, const char *usage, int argc, char **argv,
                          const struct option *options, const char *shortopts, bool *flag,
                          bool flag_is_batch, int operands, int *exit_code)
{
	bool started = false;
	int c, given;
	while ((c = cw_cli_next_option(argc, argv, shortopts, options, command, usage, &started,
	                               exit_code)) != -1) {
		if (c == CW_CLI_DONE)
			return true;
		*flag = true;
	}
	given = argc - optind;
	if (flag_is_batch && *flag)
		operands = 1;
	if (given != operands) {
		*exit_code = cw_cli_usage_error(command, given < operands ? "missing operand"
		                                                          : "too many operands");
		return true;
	}
	return false;
}

/* Read all of stdin, NUL-terminated; NULL (message printed, *exit_code
 * set: 2 past the size cap, 3 for a read error) on failure. */
static char *read_stdin(size_t *len, int *exit_code)
{
	size_t cap = 65536, n = 0;
	char *data = malloc(cap);
	while (data) {
		size_t got;
		if (n + 1 == cap) {
			char *bigger;
			if (cap >= INPUT_MAX) {
				fprintf(stderr, "chainwarden: error: stdin is larger than %zu MiB\n",
				        INPUT_MAX >> 20);
				free(data);
				*exit_code = CW_EXIT_USAGE; /* a cap, like CW_ELIMIT */
				return NULL;
			}
			if (!(bigger = realloc(data, cap * 2))) {
				free(data);
				break;
			}
			data = bigger;
			cap *= 2;
		}
		got = fread(data + n, 1, cap - 1 - n, stdin);
		n += got;
		if (got == 0) {
			if (ferror(stdin)) {
				fprintf(stderr, "chainwarden: error: reading stdin failed\n");
				free(data);
				*exit_code = CW_EXIT_INTERNAL;
				return NULL;
			}
			data[n] = '\0';
			*len = n;
			return data;
		}
	}
	fprintf(stderr, "chainwarden: error: out of memory\n");
	*exit_code = CW_EXIT_INTERNAL;
	return NULL;
}

/* Next line of `data` (without "\n" or "\r\n"); false at the end. */
static bool next_line(char **cursor, char *end, char **line, size_t *len)
{
	char *s = *cursor, *nl;
	if (s >= end)
		return false;
	nl = memchr(s, '\n', (size_t)(end - s));
	*line = s;
	*len = (size_t)((nl ? nl : end) - s);
	*cursor = nl ? nl + 1 : end;
	if (*len && s[*len - 1] == '\r')
		(*len)--;
	s[*len] = '\0';
	return true;
}

static int print_error_line(void)
{
	printf("error: %s\n", cw_error_last()->message);
	return 0;
}

/* compare and satisfies: ECOSYSTEM A B, or --batch over 'A<TAB>B' lines of
 * stdin, each evaluated to a number or an error. */
typedef struct {
	const char *command;
	const char *usage;
	const char *line_form; /* "A<TAB>B", for a batch line without a tab */
	int (*eval)(int *out, const cw_version_scheme *scheme, const char *a, const char *b);
	int (*report)(int value); /* the single pair's result: the exit code */
} pair_command;

static int pair_batch(const pair_command *pc, const cw_version_scheme *scheme)
{
	size_t len, n;
	int exit_code = CW_EXIT_OK;
	char *data = read_stdin(&len, &exit_code), *cursor = data, *line;
	if (!data)
		return exit_code;
	while (next_line(&cursor, data + len, &line, &n)) {
		char *tab = strchr(line, '\t');
		int value;
		if (!tab) {
			printf("error: expected %s\n", pc->line_form);
			continue;
		}
		*tab = '\0';
		if (pc->eval(&value, scheme, line, tab + 1) < 0)
			print_error_line();
		else
			printf("%d\n", value);
	}
	free(data);
	return cw_cli_write_stdout(NULL, 0);
}

static int run_pair(const pair_command *pc, int argc, char **argv)
{
	bool batch = false;
	int exit_code, value, error;
	const cw_version_scheme *scheme;
	if (parse_options(pc->command, pc->usage, argc, argv, batch_options, NULL, &batch, true, 3,
	                  &exit_code))
		return exit_code;
	scheme = cw_version_scheme_for(argv[optind]);
	if (batch)
		return pair_batch(pc, scheme);
	if ((error = pc->eval(&value, scheme, argv[optind + 1], argv[optind + 2])) < 0)
		return cw_cli_fail(error);
	return pc->report(value);
}

static int print_order(int c)
{
	printf("%d\n", c);
	return cw_cli_write_stdout(NULL, 0);
}

static const pair_command compare_command = {
	"version compare", compare_usage, "A<TAB>B", cw_version_compare_strings, print_order
};

static int run_compare(int argc, char **argv)
{
	return run_pair(&compare_command, argc, argv);
}

typedef struct {
	cw_version *version;
	const char *line;
	size_t index;
} sort_item;

static bool sort_reverse;

static int compare_items(const void *pa, const void *pb)
{
	const sort_item *a = pa, *b = pb;
	int c = cw_version_compare(a->version, b->version);
	if (sort_reverse)
		c = -c;
	if (c)
		return c;
	return (a->index > b->index) - (a->index < b->index); /* stable */
}

static int run_sort(int argc, char **argv)
{
	bool reverse = false;
	int exit_code = CW_EXIT_OK, error;
	size_t len, n, count = 0, cap = 0, lineno = 0;
	char *data, *cursor, *line;
	sort_item *items = NULL;
	const cw_version_scheme *scheme;

	if (parse_options("version sort", sort_usage, argc, argv, sort_options, "r", &reverse, false,
	                  1, &exit_code))
		return exit_code;
	scheme = cw_version_scheme_for(argv[optind]);
	if (!(data = read_stdin(&len, &exit_code)))
		return exit_code;
	cursor = data;
	while (next_line(&cursor, data + len, &line, &n)) {
		lineno++;
		if (count == cap) {
			sort_item *bigger = realloc(items, (cap = cap ? cap * 2 : 256) * sizeof(*items));
			if (!bigger) {
				fprintf(stderr, "chainwarden: error: out of memory\n");
				exit_code = CW_EXIT_INTERNAL;
				goto done;
			}
			items = bigger;
		}
		if ((error = cw_version_parse(&items[count].version, scheme, line, n)) < 0) {
			fprintf(stderr, "chainwarden: error: stdin:%zu: %s\n", lineno,
			        cw_error_last()->message);
			exit_code = cw_error_exit_code(error);
			goto done;
		}
		items[count].line = line;
		items[count].index = count;
		count++;
	}
	sort_reverse = reverse;
	qsort(items, count, sizeof(*items), compare_items);
	for (size_t i = 0; i < count; i++)
		printf("%s\n", items[i].line);
	exit_code = cw_cli_write_stdout(NULL, 0);
done:
	for (size_t i = 0; i < count; i++)
		cw_version_free(items[i].version);
	free(items);
	free(data);
	return exit_code;
}

/* *out: 1 satisfied, 0 not; a negative error when either does not parse. */
static int satisfies(int *out, const cw_version_scheme *scheme, const char *version,
                     const char *range)
{
	cw_version *v = NULL;
	cw_version_range *r = NULL;
	int error;
	if ((error = cw_version_parse(&v, scheme, version, strlen(version))) < 0)
		goto done;
	if ((error = cw_version_range_parse(&r, scheme, range, strlen(range))) < 0)
		goto done;
	*out = cw_version_satisfies(r, v);
done:
	cw_version_free(v);
	cw_version_range_free(r);
	return error;
}

static int satisfied_status(int ok)
{
	return ok ? CW_EXIT_OK : CW_EXIT_FINDINGS;
}

static const pair_command satisfies_command = {
	"version satisfies", satisfies_usage, "VERSION<TAB>RANGE", satisfies, satisfied_status
};

static int run_satisfies(int argc, char **argv)
{
	return run_pair(&satisfies_command, argc, argv);
}

static const cw_cli_subcommand subcommands[] = {
	{ "compare", "print -1, 0 or 1 comparing two versions", run_compare },
	{ "sort", "sort versions read from stdin", run_sort },
	{ "satisfies", "exit 0 if a version is in a range, 1 if not", run_satisfies },
};

static int run(int argc, char **argv)
{
	return cw_cli_dispatch("version",
	                       "usage: chainwarden version <subcommand> ECOSYSTEM ...\n"
	                       "\n"
	                       "Versions and ranges with each ecosystem's exact rules\n"
	                       "(npm, PyPI, Maven, Go, crates.io, RubyGems, Packagist, NuGet,\n"
	                       "Hex, Pub, Debian, RPM, Alpine; others use a generic order).\n",
	                       subcommands, sizeof(subcommands) / sizeof(subcommands[0]), argc, argv);
}

const cw_cli_command cw_cli_cmd_version = { "version", "compare, sort and match versions", run };
