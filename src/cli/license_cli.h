/* license_cli.h - what cmd_license.c shares with license_files.c. */
#ifndef CW_CLI_LICENSE_CLI_H
#define CW_CLI_LICENSE_CLI_H

#include "cli/cli.h"
#include "chainwarden/inventory.h"
#include "chainwarden/license.h"
#include "util/json.h"

/** The options the license subcommands share besides --licenses and --kb. */
enum {
	CLI_LICENSE_FORMAT = 1u,   /* --format table|json (scan, check) */
	CLI_LICENSE_NO_FILES = 2u  /* --no-license-files (check, notice) */
};

/** --licenses PATH and --kb PATH: where the SPDX list and texts come from,
 *  and the other shared options a subcommand takes (CLI_LICENSE_*). */
typedef struct {
	const char *licenses, *kb;
	int format;            /* --format: 0 table (default), 1 json */
	bool no_files;         /* --no-license-files: the declared licenses only */
	cw_cli_opt options[5]; /* the options, then the end of the group (CW_CLI_GROUP) */
} cli_license_source;

/** None of the options given yet; returns the option table entry
 *  (CW_CLI_GROUP) that stores --licenses, --kb and the options in `which`
 *  (CLI_LICENSE_*) into `src`. */
cw_cli_opt cli_license_source_options(cli_license_source *src, unsigned which);

/**
 * The SPDX list and, when `db` is not NULL, the license texts to use: the
 * KB's list (--kb, else $CHAINWARDEN_KB when that KB has one); texts from
 * --licenses, else the explicit KB's, else $CHAINWARDEN_LICENSES, else
 * $CHAINWARDEN_KB's.  *db may stay NULL (no texts anywhere).  Returns 0
 * or a negative error (already set).
 */
int cli_license_setup(const char *kb_option, const char *licenses_option, cw_license_db **db);

/** --kb PATH help lines shared by the license subcommands. */
#define CLI_LICENSE_KB_HELP \
	"  --kb PATH          use the SPDX list (and texts) stored in this KB by\n" \
	"                     'db build --licenses' (default: $CHAINWARDEN_KB when\n" \
	"                     that KB has one; else the compiled list)\n"

/**
 * When `target` is a directory, find its license files and attach them to
 * the components of `inv` (skipped for images and single files).
 */
int cli_license_attach_files(cw_inventory *inv, const char *target, const cw_license_db *db);

/** `"licenses": [...]`: the matches as `license identify --json` and
 *  `license scan --format json` write them. */
void cli_license_matches_json(cw_jw *jw, const cw_license_match *m, size_t n);

/** `chainwarden license scan`. */
int cli_license_scan(int argc, char **argv);

#endif
