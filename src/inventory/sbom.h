/*
 * inventory/sbom.h - what the SBOM writers share: the output order, the
 * reference of each component, the serial number and timestamp, and a
 * streaming sink that flushes the JSON writer's buffer in chunks.
 */
#ifndef CW_INVENTORY_SBOM_H
#define CW_INVENTORY_SBOM_H

#include "inventory/inventory.h"
#include "util/json.h"

typedef struct {
	const cw_inventory *inv;
	const cw_sbom_options *opts;
	size_t *order;          /* component indexes in output order */
	size_t *rank;           /* rank[component] = position in order */
	const char **refs;      /* reference (bom-ref) of each component */
	size_t root_count;
	size_t single_root;     /* the only root, or SIZE_MAX */
	char uuid[37];
	char timestamp[32];
	cw_arena arena;
	cw_buf buf;
	cw_jw jw;
	cw_sbom_write_fn write;
	void *payload;
	int error;
} cw__sbom;

/* Flush the buffer to the sink when it has grown past a chunk. */
int cw__sbom_flush(cw__sbom *s, bool force);

/* The dependencies of component `c`, sorted by rank (malloc'd; free()). */
size_t *cw__sbom_sorted_deps(const cw__sbom *s, size_t c, size_t *count);

/* The member `"key": [...]`: `first` (if not NULL), then `each` for every
 * component (by index) in output order, flushing the sink as it grows. */
int cw__sbom_array(cw__sbom *s, const char *key, void (*first)(cw__sbom *s),
                   void (*each)(cw__sbom *s, size_t c));

/* True when `license` reads as an SPDX expression (ids and AND/OR/WITH). */
bool cw__sbom_is_expression(const char *license);

int cw__sbom_write_cyclonedx(cw__sbom *s);
int cw__sbom_write_spdx(cw__sbom *s);

#endif
