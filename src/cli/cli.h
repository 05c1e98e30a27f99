/*
 * cli.h - what every subcommand file shares.
 *
 * A subcommand is one file src/cli/cmd_<name>.c defining
 *     const cw_cli_command cw_cli_cmd_<name> = { "name", "summary", run };
 * CMake collects them into the command table.  `run` gets argv with argv[0]
 * set to the command name and returns the process exit code.  Commands hold
 * no logic a server would also need: they parse options and call the library.
 */
#ifndef CW_CLI_H
#define CW_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "chainwarden/chainwarden.h"

typedef struct {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
} cw_cli_command;

/** A subcommand of a command (`purl parse`, `db build`). */
typedef struct {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
} cw_cli_subcommand;

/**
 * Run the subcommand named by argv[1]; print `usage` and the list of
 * subcommands for --help, or an error with a hint for an unknown name.
 */
int cw_cli_dispatch(const char *command, const char *usage,
                    const cw_cli_subcommand *subs, size_t count,
                    int argc, char **argv);

/**
 * For commands whose only option is --help: handle it (prints `usage`,
 * returns 0 through *exit_code and true), reject other options (2), and
 * check the operand count is within [min, max] (max < 0: unbounded).
 * Returns true when the caller should return *exit_code right away.
 */
bool cw_cli_simple_args(const char *command, const char *usage, int argc, char **argv,
                        int min_operands, int max_operands, int *exit_code);

/** Returned by cw_cli_next_option() when the command must return *exit_code. */
#define CW_CLI_DONE (-2)

struct option;

/**
 * getopt_long() for a subcommand: resets the parser on the first call
 * (`*started` false), answers --help/-h with `usage` (exit 0) and an unknown
 * option or missing argument with a usage error (exit 2).  Returns the
 * option's value, -1 after the last option, or CW_CLI_DONE with *exit_code
 * set.  `shortopts` need not list "h".
 */
int cw_cli_next_option(int argc, char **argv, const char *shortopts,
                       const struct option *options, const char *command,
                       const char *usage, bool *started, int *exit_code);

/** Print the library's last error and return its exit code (2 or 3). */
int cw_cli_fail(int error);

/** Print "chainwarden CMD: message" and a --help hint; returns 2. */
int cw_cli_usage_error(const char *command, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/** Write `len` bytes to stdout; returns an exit code. */
int cw_cli_write_stdout(const char *data, size_t len);

/** Closest name in `names` (NULL-terminated) to `word`, or NULL if none is close. */
const char *cw_cli_suggest(const char *word, const char *const *names, size_t count);

#endif
