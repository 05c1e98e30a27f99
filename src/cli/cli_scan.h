/*
 * cli_scan.h - what `scan`, `policy check|explain` and `upstream` share:
 * the upstream-attack host and name lists (--allow-host, --internal,
 * --internal-host) and, for scan and policy, the KB, the inventory of
 * TARGET (a lockfile, a directory or an SBOM), its ignore file and the
 * scan of the inventory against the KB.
 */
#ifndef CW_CLI_SCAN_H
#define CW_CLI_SCAN_H

#include "cli/cli.h"

/** The most values of a repeatable option. */
#define CW_CLI_MAX_LIST 32

/** --allow-host, --internal and --internal-host, each repeatable. */
typedef struct {
	cw_cli_list hosts, internal, internal_hosts;
	cw_cli_opt options[4]; /* the three, then the end of the group */
} cw_cli_signal_lists;

/** Empty lists; returns the option table entry (CW_CLI_GROUP) that fills them.
 *  Free them with cw_cli_signal_lists_free() once the options were parsed. */
cw_cli_opt cw_cli_signal_lists_options(cw_cli_signal_lists *lists);

void cw_cli_signal_lists_free(cw_cli_signal_lists *lists);

/** Point the allowed_hosts, internal_patterns and internal_hosts of an
 *  options struct (cw_upstream_options, cw_signal_options) at `lists`. */
#define CW_CLI_SIGNAL_LISTS_APPLY(opts, lists) \
	((opts)->allowed_hosts = (lists)->hosts.items, \
	 (opts)->allowed_host_count = (lists)->hosts.count, \
	 (opts)->internal_patterns = (lists)->internal.items, \
	 (opts)->internal_pattern_count = (lists)->internal.count, \
	 (opts)->internal_hosts = (lists)->internal_hosts.items, \
	 (opts)->internal_host_count = (lists)->internal_hosts.count)

/** The npm registry (metadata directory and URL) from the environment. */
void cw_cli_upstream_registry_env(cw_upstream_options *opts);

/** A scanned TARGET; zero it before use, free it with cw_cli_scan_free(). */
typedef struct {
	char *kb_path, *default_ignore;
	cw_kb *kb;
	cw_inventory *inv;
	cw_scan_result *result;
} cw_cli_scan;

/**
 * When sopts->ignore_file is NULL and `target` is a directory with a
 * readable .chainwarden.yaml, use that one.  CW_EXIT_INTERNAL when out of
 * memory, else CW_EXIT_OK.
 */
int cw_cli_scan_default_ignore(cw_cli_scan *s, cw_scan_options *sopts, const char *target);

/**
 * Open the KB (`kb`: --kb, or NULL for the default), inventory `target`
 * (a lockfile or directory, else a CycloneDX / SPDX SBOM), warn about the
 * files that could not be read ("chainwarden COMMAND: warning: ...") and
 * scan it.  Returns an exit code; the error is printed.
 */
int cw_cli_scan_run(const char *command, cw_cli_scan *s, const char *kb, const char *target,
                    const cw_scan_options *sopts);

/** Print the scan's warnings as "chainwarden COMMAND: warning: ...". */
void cw_cli_scan_warnings(const char *command, const cw_cli_scan *s);

void cw_cli_scan_free(cw_cli_scan *s);

#endif
