/*
 * inventory/rpm_header.h - the RPM header structure (an index of typed
 * tags plus a data store), as stored in the rpm database and in .rpm files.
 */
#ifndef CW_INVENTORY_RPM_HEADER_H
#define CW_INVENTORY_RPM_HEADER_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

/* The fields the inventory needs; strings in the arena, NULL when absent. */
typedef struct {
	const char *name, *version, *release, *arch, *sourcerpm, *license;
	int64_t epoch;          /* -1 when absent */
} cw__rpm_pkg;

/*
 * Parse a header blob as stored in the rpm database (no lead, no magic:
 * big-endian il, dl, il 16-byte index entries, dl bytes of data).
 * CW_EINVALID with "offset N: reason" on malformed input.
 */
int cw__rpm_header_parse(cw__rpm_pkg *out, cw_arena *arena, const unsigned char *blob, size_t len);

#endif
