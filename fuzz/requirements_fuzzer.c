/* requirements_fuzzer.c - pip requirements files (logical lines, options,
 * PEP 508 requirements, URLs, hashes, "# via" annotations); in memory, so
 * includes are skipped (with a warning, formatted but not printed). */
#include "chainwarden/log.h"
#include "inventory_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void quiet(cw_log_level level, const char *message, void *ctx)
{
	(void)level;
	(void)message;
	(void)ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cw_log_set_handler(quiet, NULL);
	cw_fuzz_inventory("requirements.txt", data, size);
	return 0;
}
