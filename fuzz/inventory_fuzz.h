/*
 * inventory_fuzz.h - shared body of the inventory fuzz harnesses: parse the
 * input as the named file, then write both SBOM formats of whatever was
 * read (to a sink that discards), so the writers see odd models too.
 */
#ifndef CW_FUZZ_INVENTORY_FUZZ_H
#define CW_FUZZ_INVENTORY_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "chainwarden/inventory.h"

static int cw_fuzz_discard(void *payload, const char *data, size_t len)
{
	(void)payload;
	(void)data;
	(void)len;
	return 0;
}

static void cw_fuzz_inventory(const char *name, const uint8_t *data, size_t size)
{
	cw_inventory *inv = NULL;
	cw_sbom_options o = CW_SBOM_OPTIONS_INIT;
	if (cw_inventory_new(&inv) < 0)
		return;
	(void)cw_inventory_parse_data(inv, name, (const char *)data, size);
	o.deterministic = true;
	(void)cw_sbom_write(inv, &o, cw_fuzz_discard, NULL);
	o.format = CW_SBOM_SPDX_JSON;
	(void)cw_sbom_write(inv, &o, cw_fuzz_discard, NULL);
	cw_inventory_free(inv);
}

#endif
