/* cli.c - helpers shared by the subcommands: dispatch, errors, hints. */
#include "cli/cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/vec.h"

int cw_cli_fail(int error)
{
	const cw_error *e = cw_error_last();
	fprintf(stderr, "chainwarden: error: %s\n",
	        e->code && e->message[0] ? e->message : cw_error_name(error));
	return cw_error_exit_code(error);
}

int cw_cli_usage_error(const char *command, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "chainwarden %s: ", command);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'chainwarden %s --help'.\n", command);
	return CW_EXIT_USAGE;
}

int cw_cli_write_stdout(const char *data, size_t len)
{
	if ((len && fwrite(data, 1, len, stdout) != len) || fflush(stdout) != 0) {
		fprintf(stderr, "chainwarden: error: writing to stdout failed\n");
		return CW_EXIT_INTERNAL;
	}
	return CW_EXIT_OK;
}

int cw_cli_emit(int error, const char *data, size_t len)
{
	return error < 0 ? cw_cli_fail(error) : cw_cli_write_stdout(data, len);
}

/* Optimal string alignment distance, capped: names are short. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t d[33][33];
	if (la > 32 || lb > 32)
		return 99;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < best)
				best = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

const char *cw_cli_suggest(const char *word, const char *const *names, size_t count)
{
	const char *best = NULL;
	size_t best_distance = 3; /* at most two edits away */
	for (size_t i = 0; i < count; i++) {
		size_t d;
		if (strncmp(names[i], word, strlen(word)) == 0 && strlen(word) >= 2)
			return names[i];
		d = edit_distance(word, names[i]);
		if (d < best_distance) {
			best_distance = d;
			best = names[i];
		}
	}
	return best;
}

int cw_cli_dispatch(const char *command, const char *usage,
                    const cw_cli_subcommand *subs, size_t count,
                    int argc, char **argv)
{
	const char *names[64];
	const char *hint;
	size_t n = count < 64 ? count : 64;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		FILE *out = argc < 2 ? stderr : stdout;
		fputs(usage, out);
		fputs("\nSubcommands:\n", out);
		for (size_t i = 0; i < count; i++)
			fprintf(out, "  %-12s %s\n", subs[i].name, subs[i].summary);
		return argc < 2 ? CW_EXIT_USAGE : CW_EXIT_OK;
	}
	for (size_t i = 0; i < count; i++) {
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].run(argc - 1, argv + 1);
		if (i < n)
			names[i] = subs[i].name;
	}
	hint = cw_cli_suggest(argv[1], names, n);
	if (hint)
		return cw_cli_usage_error(command, "unknown subcommand '%s' (did you mean '%s'?)",
		                          argv[1], hint);
	return cw_cli_usage_error(command, "unknown subcommand '%s'", argv[1]);
}

/* cw_cli_next_option(); `anywhere`: options may follow operands (getopt permutes argv). */
static int next_option(int argc, char **argv, const char *shortopts,
                       const struct option *options, const char *command,
                       const char *usage, bool *started, bool anywhere, int *exit_code)
{
	char spec[64];
	int c;
	if (!*started) {
		optind = 0;
		opterr = 0;
		*started = true;
	}
	/* '+': stop at the first operand; ':': report a missing argument. */
	snprintf(spec, sizeof(spec), "%s:h%s", anywhere ? "" : "+", shortopts ? shortopts : "");
	c = getopt_long(argc, argv, spec, options, NULL);
	if (c == 'h') {
		fputs(usage, stdout);
		*exit_code = CW_EXIT_OK;
		return CW_CLI_DONE;
	}
	if (c == '?' || c == ':') {
		*exit_code = c == ':'
			? cw_cli_usage_error(command, "option '%s' needs a value", argv[optind - 1])
			: cw_cli_usage_error(command, "unknown option '%s'", argv[optind - 1]);
		return CW_CLI_DONE;
	}
	return c;
}

int cw_cli_next_option(int argc, char **argv, const char *shortopts,
                       const struct option *options, const char *command,
                       const char *usage, bool *started, int *exit_code)
{
	return next_option(argc, argv, shortopts, options, command, usage, started, false,
	                   exit_code);
}

/* Store `value` as option `o` asks; a usage error (its exit code) or 0. */
static int store_option(const char *command, const cw_cli_opt *o, const char *value)
{
	switch (o->kind) {
	case CW_CLI_FLAG:
		*(bool *)o->target = true;
		return 0;
	case CW_CLI_STRING:
		*(const char **)o->target = value;
		return 0;
	case CW_CLI_LIST: {
		cw_cli_list *list = o->target;
		if (list->max && list->count >= list->max)
			return cw_cli_usage_error(command, "at most %zu values for --%s", list->max,
			                          o->name);
		if (cw__vec_reserve((void **)&list->items, &list->cap, sizeof(*list->items),
		                    list->count + 1) < 0)
			return cw_cli_fail(cw_error_last()->code);
		list->items[list->count++] = value;
		return 0;
	}
	case CW_CLI_GROUP:
		return 0; /* expanded by cw_cli_options_flags() */
	case CW_CLI_CHOICE: {
		char expected[256] = "";
		size_t n = 0;
		for (size_t i = 0; o->choices[i]; i++) {
			if (strcmp(value, o->choices[i]) == 0) {
				*(int *)o->target = (int)i;
				return 0;
			}
			n++;
		}
		/* "--format: text, markdown or html" */
		for (size_t i = 0; i < n; i++)
			snprintf(expected + strlen(expected), sizeof(expected) - strlen(expected), "%s%s",
			         i == 0 ? "" : i + 1 == n ? " or " : ", ", o->choices[i]);
		return cw_cli_usage_error(command, "--%s: %s", o->name, expected);
	}
	}
	return 0;
}

void cw_cli_list_free(cw_cli_list *list)
{
	free(list->items);
	list->items = NULL;
	list->count = list->cap = 0;
}

bool cw_cli_options(const char *command, const char *usage, const cw_cli_opt *opts,
                    size_t count, int argc, char **argv, int *exit_code)
{
	return cw_cli_options_flags(command, usage, opts, count, 0, argc, argv, exit_code);
}

/* `opts` into flat[32] with each group's options in the group's place;
 * returns their number (more than 32: they did not all fit). */
static size_t expand_groups(cw_cli_opt *flat, const cw_cli_opt *opts, size_t count)
{
	size_t n = 0;
	for (size_t i = 0; i < count; i++) {
		if (opts[i].kind != CW_CLI_GROUP) {
			if (n < 32)
				flat[n] = opts[i];
			n++;
			continue;
		}
		for (const cw_cli_opt *g = opts[i].target; g->name; g++) {
			if (n < 32)
				flat[n] = *g;
			n++;
		}
	}
	return n;
}

bool cw_cli_options_flags(const char *command, const char *usage, const cw_cli_opt *opts,
                          size_t count, unsigned flags, int argc, char **argv, int *exit_code)
{
	struct option longopts[33 + 1];
	char shortopts[2 * 32 + 1];
	cw_cli_opt flat[32];
	size_t nshort = 0, n;
	bool started = false;
	int c;

	n = expand_groups(flat, opts, count);
	if (n > 32) {
		fprintf(stderr, "chainwarden %s: internal error: too many options\n", command);
		*exit_code = CW_EXIT_INTERNAL;
		return true;
	}
	opts = flat;
	count = n;
	for (size_t i = 0; i < count; i++) {
		longopts[i] = (struct option){ opts[i].name,
		                               opts[i].kind == CW_CLI_FLAG ? no_argument
		                                                           : required_argument,
		                               NULL, 256 + (int)i };
		if (opts[i].short_name) {
			shortopts[nshort++] = opts[i].short_name;
			if (opts[i].kind != CW_CLI_FLAG)
				shortopts[nshort++] = ':';
		}
	}
	longopts[count] = (struct option){ "help", no_argument, NULL, 'h' };
	longopts[count + 1] = (struct option){ NULL, 0, NULL, 0 };
	shortopts[nshort] = '\0';
	while ((c = next_option(argc, argv, shortopts, longopts, command, usage, &started,
	                        (flags & CW_CLI_ANYWHERE) != 0, exit_code)) != -1) {
		size_t i = 0;
		if (c == CW_CLI_DONE)
			return true;
		if (c >= 256)
			i = (size_t)(c - 256);
		else
			while (i < count && opts[i].short_name != c)
				i++;
		if (i < count && (*exit_code = store_option(command, &opts[i], optarg)) != 0)
			return true;
	}
	return false;
}

bool cw_cli_simple_args(const char *command, const char *usage, int argc, char **argv,
                        int min_operands, int max_operands, int *exit_code)
{
	static const struct option options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool started = false;
	int operands;

	/* Purls and versions may start with '-' only after "--", as usual. */
	if (cw_cli_next_option(argc, argv, NULL, options, command, usage, &started,
	                       exit_code) == CW_CLI_DONE)
		return true;
	operands = argc - optind;
	if (operands < min_operands || (max_operands >= 0 && operands > max_operands)) {
		*exit_code = cw_cli_usage_error(command, operands < min_operands
		                                ? "missing operand" : "too many operands");
		return true;
	}
	return false;
}
