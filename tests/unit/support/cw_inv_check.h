/* cw_inv_check.h - inventory test helpers shared by the per-ecosystem tests. */
#ifndef CW_INV_CHECK_H
#define CW_INV_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "chainwarden/inventory.h"

#define CW_KIND_BIT(k) (1u << (k))
#define CW_KINDS_LIBRARY CW_KIND_BIT(CW_COMPONENT_LIBRARY)
#define CW_KINDS_ALL (CW_KIND_BIT(CW_COMPONENT_LIBRARY) | CW_KIND_BIT(CW_COMPONENT_ROOT) | CW_KIND_BIT(CW_COMPONENT_WORKSPACE))

/* Scan `path` (a file or directory); fails the test on any parse failure. */
cw_inventory *cw_inv_scan(const char *path);

/* Parse one in-memory file named `name`; asserts success. */
cw_inventory *cw_inv_parse(const char *name, const char *text);

/* Parse one in-memory file; returns the error code (message in cw_error_last()). */
int cw_inv_parse_fail(const char *name, const char *text);

/* Compare the unique (ecosystem, name, version) of components whose kind is
 * in `kinds` with expected.json's "packages" (a null version is ""); prints
 * missing/unexpected entries and "matched M / expected N (found F)";
 * asserts equality. */
void cw_inv_check_fixture(const char *lock_rel, const char *expected_rel, unsigned kinds);

/* Index of the component name@version (version NULL: any); fails if absent. */
size_t cw_inv_find(const cw_inventory *inv, const char *name, const char *version);

/* True when `from` depends on `to`. */
bool cw_inv_depends(const cw_inventory *inv, size_t from, size_t to);

/* The index of the file's root (the first ROOT component). */
size_t cw_inv_root(const cw_inventory *inv);

/* Write `text` to dir/name (creating dir/ subfolders of name is the caller's job). */
void cw_inv_write(const char *dir, const char *name, const char *text);

#endif
