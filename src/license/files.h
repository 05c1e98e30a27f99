/* files.h - license files in a tree and the packages shipping them (internal). */
#ifndef CW_LICENSE_FILES_H
#define CW_LICENSE_FILES_H

#include "chainwarden/license.h"

#include <stdbool.h>
#include <stddef.h>

/** Whether a file name is a license file (LICENSE*, COPYING*, ... not license.js). */
bool cw__license_file_name(const char *name);

/** A package identified from its metadata; empty name when none. */
typedef struct {
	const char *ecosystem;   /* static purl type, NULL when none */
	char name[256];
	char version[128];
} cw__pkg_id;

/** Name and Version of a core-metadata file (METADATA, PKG-INFO); 0 or CW_EINVALID. */
int cw__pkg_from_metadata(cw__pkg_id *out, const char *text, size_t len);

/** [package] name and version of a Cargo.toml; 0 or CW_EINVALID. */
int cw__pkg_from_cargo_toml(cw__pkg_id *out, const char *text, size_t len);

/** name and version of a package.json or composer.json; 0 or CW_EINVALID. */
int cw__pkg_from_json(cw__pkg_id *out, const char *ecosystem, const char *text, size_t len,
                      const char *path);

/**
 * The module of a Go vendor/modules.txt that holds package path `rel`
 * ("github.com/a/b/sub"): the longest "# module version" whose module is
 * `rel` or a prefix of it at a '/'.  False when none.
 */
bool cw__go_vendor_module(cw__pkg_id *out, const char *text, size_t len, const char *rel);

/** The package owning directory `dir` (on disk); out->ecosystem NULL when none. */
void cw__pkg_of_dir(cw__pkg_id *out, const char *dir);

#endif
