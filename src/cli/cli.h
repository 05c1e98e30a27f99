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

/** What a declared option (cw_cli_opt) does with its value. */
typedef enum {
	CW_CLI_FLAG,   /* no value; target bool *: set to true */
	CW_CLI_STRING, /* target const char **: the value (the last one given wins) */
	CW_CLI_LIST,   /* target cw_cli_list *: appended (repeatable) */
	CW_CLI_CHOICE, /* target int *: the value's index in `choices` */
	CW_CLI_GROUP,  /* target const cw_cli_opt *: options several commands share stand
	                  here; the group ends at an entry without a name (no nesting) */
} cw_cli_opt_kind;

/**
 * The values of a repeatable option, in the order given: `items` grows as
 * cw_cli_options() appends them and is freed by cw_cli_list_free() (also
 * after cw_cli_options() returned true: some may have been stored).  More
 * than `max` values (0: no limit) is a usage error.
 */
typedef struct {
	const char **items;
	size_t count, cap, max;
} cw_cli_list;

/** An empty list taking at most `max` values (0: any number). */
#define CW_CLI_LIST_INIT(max) { NULL, 0, 0, (max) }

/** Free the values array (not the strings: they are argv's) and empty `list`. */
void cw_cli_list_free(cw_cli_list *list);

/** One option of a command, for cw_cli_options(). */
typedef struct {
	const char *name;            /* long name, without "--" */
	char short_name;             /* 0: none */
	cw_cli_opt_kind kind;
	void *target;
	const char *const *choices;  /* CW_CLI_CHOICE: the values, NULL-terminated */
} cw_cli_opt;

/**
 * Parse the options of argv by the table `opts` (`count` entries, at most
 * 32 with the groups expanded) plus --help, as cw_cli_next_option() does,
 * storing each value into its target.  A value that is not among an
 * option's choices, or one value too many for a list, is a usage error.
 * Returns true when the command must return *exit_code right away;
 * otherwise optind is the first operand.
 */
bool cw_cli_options(const char *command, const char *usage, const cw_cli_opt *opts,
                    size_t count, int argc, char **argv, int *exit_code);

/** cw_cli_options_flags(): options may also follow operands (`db show ID --json`). */
#define CW_CLI_ANYWHERE 1u

/** cw_cli_options() with `flags` (CW_CLI_ANYWHERE). */
bool cw_cli_options_flags(const char *command, const char *usage, const cw_cli_opt *opts,
                          size_t count, unsigned flags, int argc, char **argv, int *exit_code);

/** The number of entries of an array (an option table). */
#define CW_CLI_COUNT(array) (sizeof(array) / sizeof((array)[0]))

/** Where a command writes its document (output.c): stdout or a file. */
typedef struct {
	const char *command;   /* for messages */
	FILE *fp;              /* NULL: standard output */
} cw_cli_output;

/** Open `path` (NULL or "-": standard output); CW_EXIT_INTERNAL with a message if it cannot be. */
int cw_cli_output_open(cw_cli_output *out, const char *command, const char *path);
/** A library write callback (payload: the cw_cli_output); CW_EIO with a message on failure. */
int cw_cli_output_write(void *payload, const char *data, size_t len);
/** Flush what was written: CW_EXIT_OK, or CW_EXIT_INTERNAL with a message. */
int cw_cli_output_flush(cw_cli_output *out);
/** Close a file (never stdout): returns `rc`, or CW_EXIT_INTERNAL when closing fails and rc was 0. */
int cw_cli_output_close(cw_cli_output *out, int rc);

/** Print the library's last error and return its exit code (2 or 3). */
int cw_cli_fail(int error);

/** Print "chainwarden CMD: message" and a --help hint; returns 2. */
int cw_cli_usage_error(const char *command, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/** Write `len` bytes to stdout; returns an exit code. */
int cw_cli_write_stdout(const char *data, size_t len);

/** A command's end: the library's last error when `error` < 0 (as cw_cli_fail()),
 *  else its document written to stdout; returns the exit code. */
int cw_cli_emit(int error, const char *data, size_t len);

/** Closest name in `names` (NULL-terminated) to `word`, or NULL if none is close. */
const char *cw_cli_suggest(const char *word, const char *const *names, size_t count);

#endif
