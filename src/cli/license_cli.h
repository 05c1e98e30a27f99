/* license_cli.h - what cmd_license.c shares with license_files.c. */
#ifndef CW_CLI_LICENSE_CLI_H
#define CW_CLI_LICENSE_CLI_H

#include "chainwarden/inventory.h"
#include "chainwarden/license.h"

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

/** `chainwarden license scan`. */
int cli_license_scan(int argc, char **argv);

#endif
