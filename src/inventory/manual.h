/*
 * inventory/manual.h - build an inventory from a small indented text list
 * (internal: tests and benchmarks of the modules that read inventories,
 * e.g. the matcher, for ecosystems whose extractors are not written yet).
 *
 *     npm my-app 1.0.0                 the root (first line, no indent)
 *       golang github.com/a/b v1.2.3   a direct dependency (2 spaces)
 *         pypi jinja2 2.10             its dependency (4 spaces)
 *       deb openssl 3.0.11-1 pkg:deb/debian/openssl@3.0.11-1?distro=debian-12
 *
 * Each line: purl type, name, version, and optionally a purl that replaces
 * the generated one (for qualifiers).  A line at depth d depends on the
 * last line at depth d-1.  '#' starts a comment line.
 */
#ifndef CW_INVENTORY_MANUAL_H
#define CW_INVENTORY_MANUAL_H

#include "chainwarden/inventory.h"

/** Add the list `text` as one source named `name`; "name:line: reason" on bad input. */
int cw__inventory_add_list(cw_inventory *inv, const char *name, const char *text, size_t len);

#endif
