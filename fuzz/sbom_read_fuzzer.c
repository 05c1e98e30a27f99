/*
 * sbom_read_fuzzer.c - CycloneDX / SPDX JSON documents read back into the
 * inventory (sbom --from), then written again in both formats.
 */
#include "inventory_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cw_inventory *inv = NULL;
	cw_sbom_options o = CW_SBOM_OPTIONS_INIT;
	if (cw_inventory_new(&inv) < 0)
		return 0;
	(void)cw_inventory_read_sbom_data(inv, "bom.json", (const char *)data, size);
	o.deterministic = true;
	(void)cw_sbom_write(inv, &o, cw_fuzz_discard, NULL);
	o.format = CW_SBOM_SPDX_JSON;
	(void)cw_sbom_write(inv, &o, cw_fuzz_discard, NULL);
	cw_inventory_free(inv);
	return 0;
}
