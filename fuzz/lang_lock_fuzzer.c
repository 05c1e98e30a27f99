/* lang_lock_fuzzer.c - the TOML- and JSON-based lock files of Rust and
 * Python: the first byte picks Cargo.lock, poetry.lock, uv.lock, pdm.lock,
 * pylock.toml, pyproject.toml or Pipfile.lock, the rest is the file. */
#include "inventory_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "Cargo.lock", "poetry.lock", "uv.lock", "pdm.lock",
	                                     "pylock.toml", "pyproject.toml", "Pipfile.lock" };
	if (!size)
		return 0;
	cw_fuzz_inventory(names[data[0] % 7], data + 1, size - 1);
	return 0;
}
